"""The report handling step "立约谈案件" opens a case or joins the account's open one."""

import pytest
from django.urls import reverse

from reports import services as report_services
from reports.models import Report, ReportAction
from summons import services
from summons.models import Case, Ground
from tests.reports.factories import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(user_of):
    return user_of("officer")


def found_true(officer, **fields) -> Report:
    report, _receipt = submitted(**fields)
    report_services.accept_report(report, by=officer)
    report_services.start_verification(report, by=officer)
    report_services.create_provisional_account(report, by=officer)
    report_services.verify_report(report, found_true=True, finding="经核查属实。", by=officer)
    report.refresh_from_db()
    return report


def grounds():
    return [Ground.objects.get(code="G2")]


def test_a_report_found_true_opens_a_case_and_is_being_handled(officer):
    report = found_true(officer)
    case, created = services.open_case_from_report(report, grounds=grounds(), by=officer)
    report.refresh_from_db()
    assert created
    assert case.account == report.account
    assert case.facts == report.description
    assert list(case.reports.all()) == [report]
    assert list(case.categories.all()) == [report.category]
    assert report.status == Report.Status.HANDLING
    assert report.public_status == "核查完毕，正在处理"
    action = report.actions.get()
    assert action.kind == ReportAction.Kind.OPEN_CASE and action.note == case.number


def test_a_second_report_on_the_account_joins_the_open_case(officer):
    first = found_true(officer)
    case, _created = services.open_case_from_report(first, grounds=grounds(), by=officer)
    second, _receipt = submitted(reported_name="同一账号")
    report_services.accept_report(second, by=officer)
    report_services.start_verification(second, by=officer)
    report_services.link_account(second, first.account, by=officer)
    report_services.verify_report(second, found_true=True, finding="属实。", by=officer)
    joined, created = services.open_case_from_report(second, grounds=grounds(), by=officer)
    assert not created and joined == case
    assert set(case.reports.all()) == {first, second}
    assert Case.objects.count() == 1


def test_a_report_not_found_true_cannot_open_a_case(officer):
    report, _receipt = submitted()
    with pytest.raises(services.SummonsError, match="核查属实"):
        services.open_case_from_report(report, grounds=grounds(), by=officer)
    assert not Case.objects.exists()


def test_closing_the_case_concludes_its_reports_with_the_reply(officer):
    report = found_true(officer)
    case, _created = services.open_case_from_report(report, grounds=grounds(), by=officer)
    with pytest.raises(services.SummonsError, match="答复"):
        services.close_case(case, note="撤销", by=officer)
    services.close_case(case, note="撤销", public_reply="经约谈，账号已删除相关内容。", by=officer)
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert report.public_reply == "经约谈，账号已删除相关内容。"


def test_the_report_handling_form_no_longer_records_a_case_by_hand(login_as, officer):
    from reports.forms import HandleForm

    assert ReportAction.Kind.OPEN_CASE not in dict(HandleForm().fields["kind"].choices)


def test_the_officer_opens_a_case_from_the_report_page(login_as, officer):
    report = found_true(officer)
    client = login_as("officer")
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    url = reverse("summons:open_from_report", args=[report.pk])
    assert url in page
    assert client.get(url).status_code == 200
    response = client.post(url, {"grounds": [grounds()[0].pk], "facts": ""})
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("summons:detail", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert case.number in page and report.number in page


def test_opening_without_a_ground_is_answered_in_chinese(login_as, officer):
    report = found_true(officer)
    response = login_as("officer").post(
        reverse("summons:open_from_report", args=[report.pk]), {"facts": "写好的事实"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "这个字段是必填项" in body and "写好的事实" in body
    assert not Case.objects.exists()


def test_a_refusal_from_the_service_is_shown_on_the_form(login_as, officer):
    report, _receipt = submitted()
    response = login_as("officer").post(
        reverse("summons:open_from_report", args=[report.pk]), {"grounds": [grounds()[0].pk]}
    )
    assert response.status_code == 400
    assert "核查属实" in response.content.decode()
