from django.urls import path

from . import views

app_name = "public_reports"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("done/", views.done, name="done"),
    path("status/", views.status, name="status"),
]
