"""The management list's pages: the list with its filters and counts, an entry's page and its steps,
proposing from the account page, the account tab and the operator section, the staff look-up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blacklist.models import Entry, Severity
from tests.accounts.factories import AccountFactory
from tests.blacklist.factories import listed, notified, pending, proposed, violation
from yuhang_cac.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_counts_by_status(login_as):
    client = login_as("officer")
    proposed()
    listed()
    response = client.get(reverse("blacklist:list"), {"status": "listed"})
    assert response.status_code == 200
    assert [e.status for e in response.context["filter"].qs] == ["listed"]
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert counts["proposed"] == 1 and counts["listed"] == 1
    assert "全部" in response.content.decode()


def test_an_unknown_filter_is_an_error_not_ignored(login_as):
    response = login_as("officer").get(reverse("blacklist:list"), {"colour": "red"})
    assert response.status_code == 400


def test_the_list_reads_a_constant_number_of_queries(login_as):
    client = login_as("officer")
    listed()
    client.get(reverse("blacklist:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("blacklist:list"))
    for _ in range(5):
        listed()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("blacklist:list"))
    assert len(many) == len(few)


@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "auditor"])
def test_other_roles_find_nothing(login_as, role):
    entry = proposed()
    client = login_as(role)
    assert client.get(entry.get_absolute_url()).status_code == 404
    assert client.get(reverse("lookup:page")).status_code == 404


def test_proposing_from_the_account_page(login_as):
    client = login_as("officer")
    account = AccountFactory()
    first = violation(account, timezone.localdate())
    page = client.get(account.get_absolute_url(), {"tab": "blacklist"}).content.decode()
    assert reverse("blacklist:propose", args=[account.pk]) in page
    form = client.get(reverse("blacklist:propose", args=[account.pk])).content.decode()
    assert "请选择" in form and "第十五条" in form
    response = client.post(
        reverse("blacklist:propose", args=[account.pk]),
        {
            "ground": "repeated",
            "severity": Severity.objects.get(code="ordinary").pk,
            "facts": "多次转载未经证实的信息。",
            "legal_basis": "《余杭区自媒体管理办法》第十五条",
            "violations": [first.pk],
        },
    )
    entry = Entry.objects.get(account=account)
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert list(entry.violations.all()) == [first]


def test_a_proposal_without_facts_is_answered_in_chinese(login_as):
    account = AccountFactory()
    response = login_as("officer").post(
        reverse("blacklist:propose", args=[account.pk]),
        {"ground": "repeated", "severity": Severity.objects.get(code="ordinary").pk, "facts": ""},
    )
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert not Entry.objects.exists()


def test_serving_the_notice_from_the_page(login_as):
    entry = proposed()
    client = login_as("officer")
    response = client.post(
        reverse("blacklist:serve", args=[entry.pk]),
        {"method": "in_person", "served_on": f"{timezone.localdate():%Y-%m-%d}", "received_by": "张伟"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.NOTIFIED
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "余网信名告〔" in page and "陈述申辩" in page


def test_a_refused_step_keeps_the_page_and_says_why(login_as):
    entry = notified()
    response = login_as("officer").post(reverse("blacklist:defence", args=[entry.pk]), {"waived": "on"})
    assert response.status_code == 400
    assert "申辩期满" in response.content.decode()


def test_only_leaders_approve(login_as):
    entry = pending()
    assert login_as("officer").post(reverse("blacklist:approve", args=[entry.pk])).status_code == 403
    client = login_as("leader")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert reverse("blacklist:approve", args=[entry.pk]) in page
    assert client.post(reverse("blacklist:approve", args=[entry.pk]), {"note": ""}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.LISTED


def test_the_account_tab_and_the_operator_section_show_the_listing(login_as):
    entry = listed()
    client = login_as("officer")
    tab = client.get(entry.account.get_absolute_url(), {"tab": "blacklist"}).content.decode()
    assert "管理名单" in tab and f"{entry.max_until:%Y-%m-%d}" in tab
    operator_page = client.get(entry.account.operator.get_absolute_url()).content.decode()
    assert entry.number in operator_page
    # Association staff see the account, without the list's tab.
    tab = login_as("association").get(entry.account.get_absolute_url()).content.decode()
    assert entry.number not in tab


def test_the_staff_look_up_answers_the_status_and_is_audited(login_as):
    entry = listed()
    client = login_as("officer")
    response = client.get(reverse("lookup:page"), {"credit_code": entry.operator_credit_code})
    page = response.content.decode()
    assert "当前列入" in page and f"{entry.max_until:%Y-%m-%d}" in page
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LIST_LOOKUP)
    assert event.detail["listed"] is True and event.detail["via"] == "page"
    response = client.get(reverse("lookup:page"), {"credit_code": "", "account": ""})
    assert response.status_code == 400


def _pages(monkeypatch):
    """Every page of the list, in every state an entry's page takes, with its forms."""
    from blacklist import services
    from blacklist.models import Department
    from tests.blacklist.factories import after_minimum, leader, officer

    yield "officer", reverse("blacklist:list")
    yield "officer", reverse("lookup:page")
    first = listed()
    yield "officer", reverse("lookup:page") + f"?credit_code={first.operator_credit_code}"
    yield "officer", reverse("blacklist:propose", args=[AccountFactory().pk])
    for entry in (proposed(), notified(), pending()):
        yield "officer", entry.get_absolute_url()
    yield "leader", pending().get_absolute_url()
    yield "officer", first.get_absolute_url()
    after_minimum(monkeypatch, first)
    yield "officer", first.get_absolute_url()
    services.apply_for_removal(first, commitment="承诺。", received_on=first.min_until, by=officer())
    yield "officer", first.get_absolute_url()
    services.lift_expired(first, today=first.max_until)
    again = listed(proposed(first.account))
    yield "officer", again.get_absolute_url()
    notices = services.issue_joint_notices(
        again, platforms=[again.account.platform], departments=Department.objects.all()[:1], by=officer()
    )
    yield "officer", again.get_absolute_url()
    services.record_joint_reply(notices[0], reply="已限制。", replied_on=timezone.localdate(), by=officer())
    yield "officer", again.get_absolute_url()
    yield "leader", again.get_absolute_url()
    yield "officer", again.account.get_absolute_url() + "?tab=blacklist"
    yield "officer", again.account.operator.get_absolute_url()
    assert leader()


def test_the_pages_have_no_english_left(login_as, monkeypatch):
    from tests.core.test_translations import english_words

    for role, url in _pages(monkeypatch):
        response = login_as(role).get(url)
        assert response.status_code == 200, url
        assert english_words(response.content.decode()) == set(), url


def test_joint_notices_and_their_replies_from_the_page(login_as):
    from blacklist import services
    from blacklist.models import Department

    first = listed()
    services.lift_expired(first, today=first.max_until)
    again = listed(proposed(first.account))
    client = login_as("officer")
    page = client.get(again.get_absolute_url()).content.decode()
    assert "多次列入" in page and reverse("blacklist:joint", args=[again.pk]) in page
    department = Department.objects.get(code="development_reform")
    response = client.post(reverse("blacklist:joint", args=[again.pk]), {"departments": [department.pk]})
    assert response.status_code == 302
    notice = again.joint_notices.get()
    assert notice.document.number.startswith("余网信联〔")
    url = reverse("blacklist:reply", args=[again.pk, notice.pk])
    assert client.post(url, {"reply": "", "replied_on": ""}).status_code == 400
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert client.post(url, {"reply": "已限制其评优评先资格。", "replied_on": today}).status_code == 302
    notice.refresh_from_db()
    assert notice.reply == "已限制其评优评先资格。"
    # A listing that is not repeated offers no joint notices.
    assert (
        reverse("blacklist:joint", args=[first.pk])
        not in client.get(first.get_absolute_url()).content.decode()
    )
