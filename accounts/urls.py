from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("search/", views.account_search, name="account_search"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/edit/", views.account_edit, name="edit"),
    path("operators/new/", views.operator_create, name="operator_create"),
    path("operators/search/", views.operator_search, name="operator_search"),
    path("operators/<int:pk>/", views.operator_detail, name="operator"),
    path("operators/<int:pk>/edit/", views.operator_edit, name="operator_edit"),
    path("operators/<int:pk>/practitioners/new/", views.practitioner_add, name="practitioner_add"),
    path("practitioners/<int:pk>/edit/", views.practitioner_edit, name="practitioner_edit"),
    path("practitioners/<int:pk>/records/new/", views.practitioner_record_add, name="practitioner_record"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/unmask/", views.person_unmask, name="person_unmask"),
    path("import/", views.account_import, name="import"),
    path("import/template/", views.account_import_template, name="import_template"),
    path("export/", views.account_export, name="export"),
]
