"""The summons pages speak Chinese only, for officers and for evaluators."""

import pytest
from django.urls import reverse

from reports.models import Report
from summons import services
from summons.models import Case
from tests.core.test_translations import english_words
from tests.reports.factories import submitted
from tests.summons.factories import case_at, live_escalation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["officer", "expert"])
def test_the_list_and_the_case_page_have_no_english_left(login_as, role):
    case = case_at(Case.Status.EVALUATING)
    client = login_as(role)
    for url in (reverse("summons:list"), reverse("summons:detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert english_words(response.content.decode()) == set(), url


@pytest.mark.parametrize("status", [Case.Status.NOTIFIED, Case.Status.RECTIFYING, Case.Status.ESCALATED])
def test_the_case_page_with_its_documents_and_forms_has_no_english_left(login_as, user_of, status):
    case = case_at(status)
    if status == Case.Status.ESCALATED:
        services.approve_escalation(live_escalation(case), by=user_of("leader"))
    for role in ("officer", "leader"):
        response = login_as(role).get(reverse("summons:detail", args=[case.pk]))
        assert "已印发文书" in response.content.decode()
        assert english_words(response.content.decode()) == set(), (status, role)


def test_the_open_case_form_has_no_english_left(login_as):
    report, _receipt = submitted()
    assert report.status == Report.Status.SUBMITTED
    response = login_as("officer").get(reverse("summons:open_from_report", args=[report.pk]))
    assert english_words(response.content.decode()) == set()
