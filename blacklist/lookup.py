"""The look-up for partner departments (Art.15): whether an account or an operator is listed now,
with the period and the ground, and nothing more.

Departments reach ``/api/lookup/`` with a token the system administrator issues: it is shown once,
kept only as a keyed hash, may be revoked, and each token is limited to BLACKLIST_LOOKUP_RATE.
Every look-up, on the staff page or through the API, is an audit event.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core.crypto import lookup_hash
from yuhang_cac.core.models import TokenBucket

from . import clock
from .models import Entry, LookupToken

TOKEN_BYTES = 32


def _token_hash(raw: str) -> str:
    return lookup_hash(f"blacklist-lookup-token:{raw.strip()}")


@transaction.atomic
def issue_token(department, *, label: str = "", by) -> tuple[LookupToken, str]:
    """A new token for ``department``; the raw token is returned here once and never stored."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    token = LookupToken(
        department=department, label=label, prefix=raw[:8], token_hash=_token_hash(raw), created_by=by
    )
    token._history_user = by
    token._change_reason = "issued"
    token.save()
    return token, raw


@transaction.atomic
def revoke_token(token: LookupToken, *, by) -> LookupToken:
    token = LookupToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = by
        token._change_reason = "revoked"
        token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str) -> LookupToken | None:
    """The active token ``raw`` names, or None (missing, wrong or revoked)."""
    if not raw or not raw.strip():
        return None
    token = LookupToken.objects.select_related("department").filter(token_hash=_token_hash(raw)).first()
    if token is None or token.revoked_at is not None or not token.department.is_active:
        return None
    return token


def over_limit(token: LookupToken) -> int:
    """Spend one look-up of the token's allowance: 0 when allowed, else the seconds to wait."""
    count, period = settings.BLACKLIST_LOOKUP_RATE
    wait = TokenBucket.take(
        lookup_hash(f"ratelimit:blacklist-lookup:{token.pk}"), count, period, timezone.now()
    )
    return max(1, int(wait + 0.999)) if wait > 0 else 0


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def listings(*, credit_code: str = "", account: str = "") -> list[dict]:
    """The listings in force today for an operator's credit code or an account (its stable id or
    handle, exactly): the period and the ground, nothing else."""
    today = clock.today()
    if credit_code:
        match = Q(operator_credit_code=normalise(credit_code))
    elif account:
        value = account.strip()
        match = Q(account__stable_id=value) | Q(account__handle=value)
    else:
        return []
    rows = (
        Entry.objects.listed_on(today)
        .filter(match)
        .order_by("listed_on", "pk")
        .values("listed_on", "max_until", "ground")
    )
    return [
        {
            "listed_from": f"{row['listed_on']:%Y-%m-%d}",
            "listed_until": f"{row['max_until']:%Y-%m-%d}",
            "ground": str(Entry.Ground(row["ground"]).label),
        }
        for row in rows
    ]


def answer(*, credit_code: str = "", account: str = "") -> dict:
    found = listings(credit_code=credit_code, account=account)
    return {"listed": bool(found), "listings": found}


def audit(*, query: dict, result: dict, via: str, actor=None, token: LookupToken | None = None, request=None):
    detail = {"via": via, "query": query, "listed": result["listed"]}
    label = ""
    if token is not None:
        detail["department"] = token.department.name
        detail["token"] = token.prefix
        label = f"{token.department.name}（{token.prefix}…）"
    record_event(AuditEvent.Kind.LIST_LOOKUP, actor=actor, request=request, detail=detail, actor_label=label)
