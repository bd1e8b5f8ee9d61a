"""Badges for an account's status and jurisdiction, the same on every registry page."""

from django import template

from ..models import Account

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
