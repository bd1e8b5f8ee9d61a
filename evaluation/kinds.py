"""What the evaluation notifications say; added to the shared table from ``EvaluationConfig.ready``."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "evaluation_daily_flag": _(
        "%(account)s: %(points)s negative daily-assessment points within %(days)s days; "
        "problems in the daily assessment are prominent (Art.12, G5)."
    ),
    "evaluation_assessment_assigned": _("You have been drawn to appraise %(account)s in %(period)s."),
    "evaluation_assessor_recused": _(
        "%(account)s in %(period)s: the assessor declared a conflict of interest; draw another."
    ),
}
