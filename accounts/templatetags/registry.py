"""Badges for an account's status and jurisdiction, and an operator's name, alike on every registry page."""

from django import template

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


@register.inclusion_tag("accounts/includes/_account_badges.html")
def account_badges(account: Account) -> dict:
    return {"account": account, "status_class": STATUS_BADGES.get(account.status, "text-bg-secondary")}


@register.filter
def operator_name(operator: Operator | None, show_personal_data: bool) -> str:
    """An individual operator is a natural person: readers without personal data see 张* (DOMAIN.md §8)."""
    if operator is None:
        return ""
    if operator.is_individual and not show_personal_data:
        return mask_name(operator.name)
    return operator.name
