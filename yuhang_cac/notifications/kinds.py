"""What each kind of notification says. Apps add their kinds here as their jobs land."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "calendar_year_missing": _(
        "The holiday schedule for %(year)s is not in the calendar yet: deadlines that reach into that year "
        "count weekends only and are marked provisional. Please enter the State Council's schedule."
    ),
}
