from django.urls import path

from . import api

app_name = "lookup_api"

urlpatterns = [path("", api.lookup, name="lookup")]
