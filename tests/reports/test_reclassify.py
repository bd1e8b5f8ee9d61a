"""A citizen's plain "其他 / 不确定" category, which officers reclassify under an item of Art.5."""

import pytest
from django.urls import reverse

from accounts.models import ProhibitedContent
from reports import services
from reports.models import Report
from tests.accounts.factories import AccountFactory
from tests.reports.factories import submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def unsure():
    return ProhibitedContent.objects.get(code=ProhibitedContent.UNSURE)


def test_the_public_form_offers_other_or_not_sure_as_the_last_choice(client):
    form = client.get(reverse("public_reports:submit")).context["form"]
    labels = [label for _value, label in form.fields["category"].choices]
    assert labels[-1] == "其他 / 不确定"


def test_an_officer_reclassifies_a_not_sure_report_and_the_history_says_so(login_as, unsure):
    report, _receipt = submitted(category=unsure)
    rumour = ProhibitedContent.objects.get(code="P06")
    response = login_as("officer").post(
        reverse("reports:reclassify", args=[report.pk]), {"category": rumour.pk}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.category == rumour
    assert report.history.first().history_change_reason.startswith("类别由其他 / 不确定改为")


def test_the_reclassify_form_does_not_offer_not_sure(login_as, unsure):
    report, _receipt = submitted(category=unsure)
    response = login_as("officer").get(reverse("reports:detail", args=[report.pk]))
    choices = response.context["reclassify"].fields["category"].queryset
    assert unsure not in choices and choices.count() == 11
    response = login_as("officer").post(
        reverse("reports:reclassify", args=[report.pk]), {"category": unsure.pk}
    )
    assert response.status_code == 400


def test_a_not_sure_report_cannot_be_found_true_until_classified(user_of, unsure):
    officer = user_of("officer")
    report, _receipt = submitted(category=unsure)
    services.accept_report(report, by=officer)
    services.link_account(report, AccountFactory(), by=officer)
    services.start_verification(report, by=officer)
    with pytest.raises(services.ReportError):
        services.verify_report(report, found_true=True, finding="属实", by=officer)
    services.reclassify_report(report, category=ProhibitedContent.objects.get(code="P06"), by=officer)
    services.verify_report(report, found_true=True, finding="属实", by=officer)
    report.refresh_from_db()
    assert report.status == Report.Status.FOUND_TRUE
    assert [c.code for c in report.account.violations.get().categories.all()] == ["P06"]


def test_the_category_is_fixed_once_the_result_is_recorded(user_of):
    officer = user_of("officer")
    report, _receipt = submitted()
    services.accept_report(report, by=officer)
    services.start_verification(report, by=officer)
    services.verify_report(report, found_true=False, finding="不属实", by=officer)
    with pytest.raises(services.ReportError):
        services.reclassify_report(report, category=ProhibitedContent.objects.get(code="P07"), by=officer)
