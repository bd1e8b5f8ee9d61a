from django.urls import path

from . import views

app_name = "summons"

# One POST-only URL per step of a case (summons.services).
TRANSITIONS = [
    "notice",
    "correct_notice",
    "serve",
    "record",
    "order",
    "extend",
    "rectification",
    "assign",
    "recuse",
    "evaluate",
    "escalate",
    "approve",
    "reject",
    "reply",
    "close",
]

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/files/<int:file_pk>/", views.rectification_file, name="rectification_file"),
    path("from-report/<int:report_pk>/", views.open_from_report, name="open_from_report"),
    path("for-account/<int:account_pk>/", views.open_for_account, name="open_for_account"),
    *[path(f"<int:pk>/{name.replace('_', '-')}/", getattr(views, name), name=name) for name in TRANSITIONS],
]
