"""What an audit event's detail means, in words for the audit administrator's table."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuhang_cac.users.roles import Role

from .models import AuditEvent

# The lists an export can come from, by the name their app records.
EXPORT_LISTS = {"accounts": gettext_lazy("Self-media accounts"), "reports": gettext_lazy("Reports")}
UNMASK_REASONS = {
    "report": gettext_lazy("Verifying a report"),
    "case": gettext_lazy("Handling a summons case"),
    "identity": gettext_lazy("Confirming who the person is"),
    "other": gettext_lazy("Other"),
}


def _role(value: str) -> str:
    return str(Role(value).label) if value in Role.values else "—"


def describe(event: AuditEvent) -> str:
    """One line on what the event concerned beyond its object; "" when there is nothing to add."""
    detail = event.detail or {}
    if event.kind == AuditEvent.Kind.EXPORTED:
        what = str(EXPORT_LISTS.get(detail.get("what"), detail.get("what", "")))
        text = _("%(list)s, %(format)s, %(rows)s rows") % {
            "list": what,
            "format": str(detail.get("format", "")).upper(),
            "rows": detail.get("rows", "?"),
        }
        filters = urlencode(detail.get("filters") or {}, doseq=True)
        return text + (_("; filter: %(filter)s") % {"filter": filters} if filters else _("; no filter"))
    if event.kind == AuditEvent.Kind.UNMASKED and "reason" in detail:
        reason = str(UNMASK_REASONS.get(detail["reason"], detail["reason"]))
        return _("Reason: %(reason)s (%(note)s)") % {"reason": reason, "note": detail.get("note", "")}
    if event.kind == AuditEvent.Kind.ROLE_CHANGED:
        return f"{_role(detail.get('from', ''))} → {_role(detail.get('to', ''))}"
    if event.kind == AuditEvent.Kind.USER_LOCKED:
        return _("Reason: %(reason)s") % {"reason": detail.get("reason", "")}
    if detail.get("reason") == "password_too_long":
        return _("Password too long")
    if event.kind == AuditEvent.Kind.SESSION_EXPIRED:
        return _("Idle too long") if detail.get("limit") == "idle" else _("Longest session reached")
    if event.kind in (AuditEvent.Kind.PUBLIC_SCRIPT_REFUSED, AuditEvent.Kind.PUBLIC_FLOOD):
        return _("Check: %(check)s") % {"check": detail.get("check", "")}
    return ""
