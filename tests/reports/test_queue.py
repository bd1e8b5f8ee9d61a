"""The officers' side through the test client: queue, report page, POST transitions, evidence."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import Report
from tests.reports.factories import TRANSITION_URLS, submitted
from yuhang_cac.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_queue_counts_and_filters_by_status(login_as, user_of):
    officer = user_of("officer")
    first, _ = submitted()
    submitted()
    services.accept_report(first, by=officer)
    client = login_as("officer")
    response = client.get(reverse("reports:list"), {"status": "submitted"})
    assert response.status_code == 200
    assert [r.status for r in response.context["page"]] == ["submitted"]
    counts = {value: n for value, _label, n in response.context["status_counts"]}
    assert (counts["submitted"], counts["accepted"]) == (1, 1)


def test_the_queue_shows_overdue_reports(login_as):
    late, _ = submitted(submitted_at=timezone.now() - timedelta(days=30))
    submitted()
    response = login_as("officer").get(reverse("reports:list"), {"overdue": "true"})
    assert [r.number for r in response.context["page"]] == [late.number]
    assert "已逾期" in response.content.decode()


def test_the_queue_names_categories_by_their_short_name_with_the_code_in_a_tooltip(login_as):
    submitted()
    html = login_as("officer").get(reverse("reports:list")).content.decode()
    assert '<span title="P06 散布谣言，扰乱社会秩序，破坏社会稳定的">散布谣言</span>' in html
    assert ">P06<" not in html


def test_the_queue_lists_open_or_finished_reports(login_as, user_of):
    officer = user_of("officer")
    refused, _ = submitted()
    services.refuse_report(refused, reason="unclear", public_reply="线索不清。", by=officer)
    waiting, _ = submitted()
    client = login_as("officer")
    open_numbers = [r.number for r in client.get(reverse("reports:list"), {"state": "open"}).context["page"]]
    done = [r.number for r in client.get(reverse("reports:list"), {"state": "finished"}).context["page"]]
    assert (open_numbers, done) == ([waiting.number], [refused.number])


def test_the_report_page_shows_evidence_candidates_and_reporter_to_cac(login_as):
    report, _ = submitted(images=2, contact={"name": "张三", "phone": "13900000000", "email": ""})
    response = login_as("officer").get(reverse("reports:detail", args=[report.pk]))
    page = response.content.decode()
    assert page.count("/evidence/") >= 2
    assert "张三" in page
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSONAL_DATA_VIEWED).count() == 1


@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "auditor"])
def test_other_roles_cannot_open_reports(login_as, role):
    report, _ = submitted()
    assert login_as(role).get(reverse("reports:detail", args=[report.pk])).status_code == 403


def test_a_transition_through_the_page(login_as):
    report, _ = submitted()
    client = login_as("officer")
    response = client.post(reverse("reports:accept", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert "举报已受理" in client.get(response["Location"]).content.decode()


def test_a_refused_transition_answers_in_chinese_and_changes_nothing(login_as):
    report, _ = submitted()
    client = login_as("officer")
    response = client.post(reverse("reports:close", args=[report.pk]), {"public_reply": "答复"})
    assert response.status_code == 400
    assert "不能变为" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_a_bad_form_keeps_what_was_typed(login_as):
    report, _ = submitted()
    client = login_as("officer")
    response = client.post(
        reverse("reports:refuse", args=[report.pk]),
        {"reason": "out_of_jurisdiction", "referred_to": "", "public_reply": "已转交有管辖权的部门。"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写转交的单位" in page and "已转交有管辖权的部门。" in page


def test_transitions_are_post_only(login_as):
    report, _ = submitted()
    assert login_as("officer").get(reverse("reports:accept", args=[report.pk])).status_code == 405


def test_evidence_is_served_to_staff_inline_sandboxed(login_as):
    report, _ = submitted(images=1)
    image = report.evidence.get()
    response = login_as("officer").get(reverse("reports:evidence", args=[report.pk, image.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "image/png"


def test_evidence_of_another_report_is_404(login_as):
    report, _ = submitted(images=1)
    other, _ = submitted()
    image = report.evidence.get()
    assert login_as("officer").get(reverse("reports:evidence", args=[other.pk, image.pk])).status_code == 404


def test_linking_an_account_outside_the_users_scope_is_404(login_as, user_of):
    from accounts.models import Platform
    from accounts.services import create_pending_account

    report, _ = submitted()
    account = create_pending_account(platform=Platform.objects.get(code="weibo"), name="x", by=None)
    response = login_as("officer").post(
        reverse("reports:link_account", args=[report.pk]), {"account": account.pk + 999}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", TRANSITION_URLS)
@pytest.mark.parametrize("role", ["association", "expert", "sysadmin", "secadmin", "auditor"])
def test_only_cac_roles_may_post_transitions(login_as, role, name):
    report, _ = submitted()
    response = login_as(role).post(reverse(f"reports:{name}", args=[report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
