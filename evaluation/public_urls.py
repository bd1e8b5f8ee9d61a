from django.urls import path

from . import views

app_name = "public_evaluation"
urlpatterns = [
    path("", views.commended, name="commended"),
]
