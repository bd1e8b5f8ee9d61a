"""What the evaluation app contributes to the shared pages, registered from ``EvaluationConfig.ready``."""

from django.utils.translation import gettext_lazy as _


def _person_training(request, person):
    from .selectors import training_history

    history = list(training_history(person))
    hours = sum((row.event.hours for row in history if row.result != row.Result.ABSENT), 0)
    return {"history": history, "hours": hours}


def _operator_training(request, operator):
    from .selectors import training_hours

    practitioners = list(operator.practitioners.visible_to(request.user).select_related("person"))
    if not practitioners:
        return None
    hours = training_hours([p.person_id for p in practitioners])
    rows = [(p, hours.get(p.person_id, 0)) for p in practitioners]
    return {"rows": rows}


def register() -> None:
    from accounts.panels import register_panel
    from yuhang_cac.core.lists import track_counts
    from yuhang_cac.dashboard.cards import register_card
    from yuhang_cac.notifications.kinds import register_kinds

    from .kinds import KINDS
    from .models import Assessment, Attendance, DailyFlag, Enrolment, Observation, TrainingEvent
    from .selectors import account_panel, dashboard_tiles

    register_kinds(KINDS)
    register_card(
        "evaluation",
        "dashboard/includes/_count_card.html",
        lambda request: (
            {"title": _("Assessment and evaluation"), "tiles": tiles}
            if (tiles := dashboard_tiles(request.user))
            else None
        ),
        order=40,
    )
    track_counts(TrainingEvent, Attendance, Observation, DailyFlag, Enrolment, Assessment)
    register_panel(
        "evaluation",
        _("Assessment and evaluation"),
        "evaluation/includes/_account_panel.html",
        account_panel,
        order=40,
        permission="evaluation.view_observation",
    )

    # Art.10: the training a practitioner has had belongs to their file.
    register_panel(
        "training",
        _("Training history (Art.10)"),
        "evaluation/includes/_person_training.html",
        _person_training,
        order=10,
        permission="evaluation.view_trainingevent",
        page="person",
    )
    register_panel(
        "training",
        _("Practitioners' training hours"),
        "evaluation/includes/_operator_training.html",
        _operator_training,
        order=10,
        permission="accounts.view_practitioner",
        page="operator",
    )
