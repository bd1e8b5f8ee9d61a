from django.urls import path

from . import views

app_name = "summons"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("from-report/<int:report_pk>/", views.open_from_report, name="open_from_report"),
]
