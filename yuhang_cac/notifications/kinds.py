"""What each kind of notification says.

The core's own kinds are here; each app owns its kinds and registers them from its
``AppConfig.ready``, so that its texts live in its own catalogue::

    register_kinds({"report_assigned": _("Report %(number)s has been assigned to you.")})

A text is a lazy translation with ``%(name)s`` placeholders filled from ``notify``'s context.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MESSAGES: dict[str, Promise | str] = {
    "calendar_year_missing": _(
        "The holiday schedule for %(year)s is not in the calendar yet: deadlines that reach into that year "
        "count weekends only and are marked provisional. Please enter the State Council's schedule."
    ),
}


def register_kinds(kinds: dict[str, Promise | str]) -> None:
    """Add an app's kinds; a kind registered twice must say the same thing."""
    for kind, text in kinds.items():
        if kind in MESSAGES and MESSAGES[kind] is not text:
            raise ValueError(f"notification kind {kind!r} is already registered with another text")
        MESSAGES[kind] = text


def message_for(kind: str, context: dict | None = None) -> str:
    """The text of a kind, in the active language, with its context filled in."""
    return str(MESSAGES[kind] % (context or {}))
