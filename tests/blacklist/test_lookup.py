"""The partner departments' look-up: tokens issued once and kept hashed, revocable, limited per token;
answers that say no more than the listing status; every look-up audited (Art.15)."""

import pytest
from django.urls import reverse

from blacklist import lookup, services
from blacklist.models import Department, LookupToken
from tests.blacklist.factories import listed, officer, proposed
from yuhang_cac.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/api/lookup/"


@pytest.fixture
def token(user_of):
    return lookup.issue_token(Department.objects.get(code="market_regulation"), by=user_of("sysadmin"))


def ask(client, raw, **query):
    headers = {"Authorization": f"Bearer {raw}"} if raw is not None else {}
    return client.get(URL, query, headers=headers)


def test_the_token_is_kept_only_as_a_hash(token):
    row, raw = token
    assert raw not in (row.token_hash, row.prefix) and row.prefix == raw[:8]
    assert not LookupToken.objects.filter(token_hash__contains=raw).exists()


def test_a_listed_operator_is_answered_with_period_and_ground_only(client, token):
    _row, raw = token
    entry = listed()
    response = ask(client, raw, credit_code=entry.operator_credit_code.lower())
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "listed": True,
        "listings": [
            {
                "listed_from": f"{entry.listed_on:%Y-%m-%d}",
                "listed_until": f"{entry.max_until:%Y-%m-%d}",
                "ground": "多次发布、转载违法信息",
            }
        ],
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_an_account_only_proposed_or_lifted_is_not_listed(client, token):
    _row, raw = token
    entry = proposed()
    assert ask(client, raw, account=entry.account.stable_id).json() == {"listed": False, "listings": []}
    gone = listed()
    services.lift_expired(gone, today=gone.max_until)
    assert ask(client, raw, account=gone.account.stable_id).json()["listed"] is False


@pytest.mark.parametrize("header", [None, "", "wrong-token"])
def test_a_missing_or_wrong_token_is_refused(client, token, header):
    entry = listed()  # a listed account: a good token would be told so, a missing or wrong one is not
    response = ask(client, header, credit_code=entry.operator_credit_code)
    assert response.status_code == 401
    assert "令牌" in response.json()["error"] and "listed" not in response.json()


def test_a_revoked_token_is_refused(client, token, user_of):
    row, raw = token
    lookup.revoke_token(row, by=user_of("sysadmin"))
    assert ask(client, raw, account="x").status_code == 401


def test_each_token_has_its_own_allowance(client, token, settings, user_of):
    settings.BLACKLIST_LOOKUP_RATE = (2, 3600)
    _row, raw = token
    assert ask(client, raw, account="a").status_code == 200
    assert ask(client, raw, account="a").status_code == 200
    refused = ask(client, raw, account="a")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    _other, other_raw = lookup.issue_token(Department.objects.get(code="commerce"), by=user_of("sysadmin"))
    assert ask(client, other_raw, account="a").status_code == 200


def test_a_question_needs_one_key(client, token):
    _row, raw = token
    assert ask(client, raw).status_code == 400
    assert ask(client, raw, account="a", credit_code="b").status_code == 400


def test_every_look_up_is_an_audit_event(client, token):
    row, raw = token
    entry = listed()
    ask(client, raw, credit_code=entry.operator_credit_code)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LIST_LOOKUP)
    assert event.detail["department"] == row.department.name and event.detail["listed"] is True
    assert event.detail["via"] == "api" and raw not in str(event.detail)


def test_the_sysadmin_issues_a_token_in_the_admin_and_sees_it_once(login_as):
    client = login_as("sysadmin")
    department = Department.objects.get(code="finance")
    response = client.post(
        reverse("admin:blacklist_lookuptoken_add"),
        {"department": department.pk, "label": "信用平台"},
        follow=True,
    )
    assert response.status_code == 200
    token = LookupToken.objects.get(department=department)
    shown = [str(m) for m in response.context["messages"]]
    assert any(token.prefix in message for message in shown)
    page = client.get(reverse("admin:blacklist_lookuptoken_change", args=[token.pk])).content.decode()
    raw = next(m for m in shown if token.prefix in m).split("：")[1].split("。")[0]
    assert lookup.token_for(raw) == token and raw not in page


def test_officers_do_not_issue_tokens(login_as):
    assert login_as("officer").get(reverse("admin:blacklist_lookuptoken_add")).status_code in (302, 403)
    assert officer()
