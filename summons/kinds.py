"""What the summons notifications say; added to the shared table from ``SummonsConfig.ready``."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "summons_overdue": _(
        "Case %(number)s: the rectification deadline %(due)s has passed; escalate it (Art.13)."
    ),
    "summons_deadline_near": _("Case %(number)s: the deadline to %(stage)s is %(due)s."),
    "summons_deadline_due": _("Case %(number)s: the deadline to %(stage)s is today."),
    "summons_deadline_overdue": _("Case %(number)s: the deadline to %(stage)s was %(due)s."),
    "summons_evaluation_assigned": _(
        "The rectification of case %(number)s has been assigned to you for evaluation."
    ),
    "summons_evaluator_recused": _("Case %(number)s: the evaluator declared a conflict; assign another."),
    "summons_evaluated": _("Case %(number)s: the rectification was evaluated: %(result)s."),
    "summons_escalation_pending": _(
        "Case %(number)s: an escalation requesting %(measure)s awaits your approval."
    ),
    "summons_escalation_approved": _("Case %(number)s: the escalation was approved."),
    "summons_escalation_rejected": _("Case %(number)s: the escalation was not approved."),
    "summons_measure_ended": _("Case %(number)s: the measure under reply %(reply)s has ended."),
}
