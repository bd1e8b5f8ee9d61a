"""Every evaluation page in Chinese only, for each role that opens it, with real records on it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import DeclaredConflict, ObservationCategory
from tests.accounts.factories import AccountFactory, PractitionerFactory
from tests.core.test_translations import english_words
from tests.evaluation.factories import enrolled, expert, organisation, training

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(user_of, settings):
    settings.EVALUATION_DAILY_LINE = 3
    officer, staff = user_of("officer"), user_of("association")
    account = AccountFactory(liaison_organisation=organisation())
    practitioner = PractitionerFactory(operator=account.operator)
    event = training(staff)
    services.record_attendance(event, people=[practitioner.person], result="passed", by=staff)
    category = ObservationCategory.objects.get(code="O1")
    services.record_observation(
        account,
        observed_on=timezone.localdate(),
        kind="negative",
        points=3,
        category=category,
        description="转载未核实信息",
        evidence="截图",
        by=staff,
    )
    pool = expert()
    DeclaredConflict.objects.create(expert=pool, operator=AccountFactory().operator, note="曾任顾问")
    enrolment = enrolled(account, officer)
    services.draw_assessor(enrolment, by=officer)
    return {
        "account": account,
        "event": event,
        "enrolment": enrolment,
        "expert": pool,
        "person": practitioner.person,
        "operator": account.operator,
    }


PAGES = [
    ("officer", "evaluation:index", None),
    ("association", "evaluation:index", None),
    ("expert", "evaluation:index", None),
    ("association", "evaluation:trainings", None),
    ("association", "evaluation:training_create", None),
    ("association", "evaluation:training", "event"),
    ("association", "evaluation:observations", None),
    ("association", "evaluation:observation_create", None),
    ("officer", "evaluation:flags", None),
    ("officer", "evaluation:schemes", None),
    ("officer", "evaluation:scheme_create", None),
    ("officer", "evaluation:scheme", "scheme"),
    ("officer", "evaluation:scheme_revise", "scheme"),
    ("officer", "evaluation:periods", None),
    ("officer", "evaluation:period_create", None),
    ("leader", "evaluation:period", "period"),
    ("officer", "evaluation:enrolment", "enrolment"),
    ("expert", "evaluation:enrolment", "enrolment"),
    ("expert", "evaluation:assigned", None),
    ("officer", "evaluation:experts", None),
    ("officer", "evaluation:expert_create", None),
    ("officer", "evaluation:expert", "expert"),
    ("officer", "evaluation:expert_edit", "expert"),
    ("anonymous", "public_evaluation:commended", None),
    ("officer", "accounts:person", "person"),
    ("officer", "accounts:operator", "operator"),
    ("association", "accounts:detail", "account"),
]


def pk_of(records, key):
    if key == "scheme":
        return records["enrolment"].period.scheme.pk
    if key == "period":
        return records["enrolment"].period.pk
    return records[key].pk


@pytest.mark.parametrize(("role", "name", "key"), PAGES)
def test_the_page_is_in_chinese(records, login_as, role, name, key):
    url = reverse(name, args=[pk_of(records, key)] if key else None)
    if name == "accounts:detail":
        url += "?tab=evaluation"
    response = login_as(role).get(url)
    assert response.status_code == 200
    assert english_words(response.content.decode()) == set()
