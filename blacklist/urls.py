from django.urls import path

from . import views

app_name = "blacklist"

# One POST-only URL per step of an entry (blacklist.services).
TRANSITIONS = [
    "serve",
    "defence",
    "approve",
    "reject",
    "withdraw",
    "apply",
    "evaluate",
    "lift",
    "refuse",
    "joint",
]

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("propose/<int:account_pk>/", views.propose, name="propose"),
    *[path(f"<int:pk>/{name}/", getattr(views, name), name=name) for name in TRANSITIONS],
    path("<int:pk>/joint/<int:notice_pk>/reply/", views.reply, name="reply"),
]
