from django.urls import path  # noqa: F401 - patterns are added as the registry's pages land

app_name = "accounts"
urlpatterns: list = []
