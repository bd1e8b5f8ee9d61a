"""Badges for an account's status and jurisdiction, and an operator's name, alike on every registry page."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..identifiers import mask_name
from ..models import Account, Operator

register = template.Library()

STATUS_BADGES = {
    Account.Status.NORMAL: "text-bg-success",
    Account.Status.WARNED: "text-bg-warning",
    Account.Status.RESTRICTED: "text-bg-warning",
    Account.Status.SUSPENDED: "text-bg-danger",
    Account.Status.CLOSED: "text-bg-dark",
    Account.Status.DEREGISTERED: "text-bg-secondary",
    Account.Status.PENDING: "text-bg-info",
}


@register.simple_tag
def account_badges(account: Account) -> str:
    """The status badge, and a flag when the account is registered outside Yuhang (Art.2).

    Written in Python rather than as an included template: the registry list shows it on every row.
    """
    status = format_html(
        '<span class="badge {}">{}</span>',
        STATUS_BADGES.get(account.status, "text-bg-secondary"),
        account.get_status_display(),
    )
    if account.in_jurisdiction:
        return status
    return format_html(
        '{} <span class="badge text-bg-warning" title="{}">{}·{}</span>',
        status,
        _("Registered outside Yuhang District"),
        _("Outside jurisdiction"),
        account.get_jurisdiction_display(),
    )


@register.filter
def operator_name(operator: Operator | None, show_personal_data: bool) -> str:
    """An individual operator is a natural person: readers without personal data see 张* (DOMAIN.md §8)."""
    if operator is None:
        return ""
    if operator.is_individual and not show_personal_data:
        return mask_name(operator.name)
    return operator.name
