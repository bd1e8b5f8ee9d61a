from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.queue, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/evidence/<int:image_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/start-verification/", views.start_verification, name="start_verification"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/reclassify/", views.reclassify, name="reclassify"),
    path("<int:pk>/handle/", views.handle, name="handle"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/note/", views.add_note, name="note"),
    path("<int:pk>/link-account/", views.link_account, name="link_account"),
    path("<int:pk>/create-account/", views.create_account, name="create_account"),
]
