from django.urls import path

from . import views

app_name = "evaluation"

# One POST-only URL per step of a period and of an enrolled account (evaluation.services).
PERIOD_STEPS = {
    "enrol": "enrol",
    "confirm": "confirm",
    "return": "return_results",
    "publish": "publish",
    "commend": "commend",
}
ENROLMENT_STEPS = ("draw", "score", "recuse")

urlpatterns = [
    path("", views.index, name="index"),
    path("training/", views.training_list, name="trainings"),
    path("training/new/", views.training_create, name="training_create"),
    path("training/template/", views.attendance_template, name="attendance_template"),
    path("training/<int:pk>/", views.training_detail, name="training"),
    path("training/<int:pk>/attend/", views.attend, name="attend"),
    path("training/<int:pk>/attend/search/", views.attend_search, name="attend_search"),
    path("training/<int:pk>/import/", views.training_import, name="training_import"),
    path("observations/", views.observation_list, name="observations"),
    path("observations/new/", views.observation_create, name="observation_create"),
    path("flags/", views.flag_list, name="flags"),
    path("schemes/", views.scheme_list, name="schemes"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/revise/", views.scheme_revise, name="scheme_revise"),
    path("periods/", views.period_list, name="periods"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/enrol/search/", views.enrol_search, name="enrol_search"),
    *[
        path(f"periods/<int:pk>/{step}/", getattr(views, view), name=step)
        for step, view in PERIOD_STEPS.items()
    ],
    path("accounts/<int:pk>/", views.enrolment_detail, name="enrolment"),
    *[path(f"accounts/<int:pk>/{step}/", getattr(views, step), name=step) for step in ENROLMENT_STEPS],
    path("assigned/", views.assigned, name="assigned"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("experts/<int:pk>/conflict/", views.conflict, name="conflict"),
]
