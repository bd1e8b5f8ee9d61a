from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("training/", views.training_list, name="trainings"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/template/", views.attendance_template, name="attendance_template"),
    path("training/<int:pk>/", views.training_detail, name="training"),
    path("training/<int:pk>/attend/", views.attend, name="attend"),
    path("training/<int:pk>/import/", views.training_import, name="training_import"),
    path("observations/", views.observation_list, name="observations"),
    path("observations/new/", views.observation_create, name="observation_create"),
    path("flags/", views.flag_list, name="flags"),
]
