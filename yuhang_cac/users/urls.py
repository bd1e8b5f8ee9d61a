from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/", views.user_security, name="user"),
    path("users/<int:pk>/role/", views.assign_role, name="role"),
    path("users/<int:pk>/lock/", views.lock, name="lock"),
    path("users/<int:pk>/unlock/", views.unlock, name="unlock"),
    path("users/<int:pk>/password/", views.reset_password, name="reset_password"),
    path("users/<int:pk>/second-factor/", views.reset_second_factor, name="reset_second_factor"),
]
