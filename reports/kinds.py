"""The notifications the reports app sends (registered from ``ReportsConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "report_assigned": _("Report %(number)s has been assigned to you."),
    "report_deadline_near": _("Report %(number)s: the deadline to %(stage)s is %(due)s."),
    "report_deadline_due": _("Report %(number)s: the deadline to %(stage)s is today."),
    "report_overdue": _("Report %(number)s is overdue: the deadline to %(stage)s was %(due)s."),
}
