"""What each kind of notification says. Apps add their kinds here as their jobs land."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "calendar_year_missing": _(
        "The holiday schedule for %(year)s is not in the calendar yet: deadlines that reach into that year "
        "count weekends only and are marked provisional. Please enter the State Council's schedule."
    ),
    "report_assigned": _("Report %(number)s has been assigned to you."),
    "report_deadline_near": _("Report %(number)s: the deadline to %(stage)s is %(due)s."),
    "report_deadline_due": _("Report %(number)s: the deadline to %(stage)s is today."),
    "public_channel_full": _(
        "The public report form reached its limit of %(count)s reports an hour and is asking citizens to "
        "try again later. If this is not a flood, raise REPORT_GLOBAL_RATE."
    ),
    "report_overdue": _("Report %(number)s is overdue: the deadline to %(stage)s was %(due)s."),
}
