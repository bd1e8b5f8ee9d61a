"""What the management list's notifications say; added to the shared table from ``BlacklistConfig.ready``."""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "blacklist_proposed": _(
        "%(account)s was proposed for the management list by the repeat-offender check: %(ground)s."
    ),
    "blacklist_pending": _("%(account)s awaits your decision on listing (Art.15)."),
    "blacklist_listed": _("%(account)s is listed until %(until)s at the latest."),
    "blacklist_not_listed": _("%(account)s was not listed: %(note)s"),
    "blacklist_lifting_pending": _(
        "%(account)s: early removal from the management list awaits your decision."
    ),
    "blacklist_lifted": _("%(account)s was removed from the management list: %(reason)s."),
    "blacklist_defence_near": _("%(account)s: the window to state a defence ends on %(due)s."),
    "blacklist_defence_due": _("%(account)s: the window to state a defence ends today."),
    "blacklist_defence_over": _(
        "%(account)s: the window to state a defence closed on %(due)s; record the defence, or that none "
        "was stated, for a leader's decision."
    ),
}
