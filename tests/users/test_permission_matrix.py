"""Every URL × every role → the expected status.

The URL list comes from the resolver: a new URL without an entry here fails
``test_every_url_has_an_entry``. Entries name a status per role, with "*" for the rest.
A URL with arguments builds them with ``kwargs`` from the objects of the ``objects``
fixture; a second entry ``name@variant`` checks the same URL on another object
(one outside the association's scope, say).
"""

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from blacklist.urls import TRANSITIONS as BLACKLIST_TRANSITIONS
from evaluation.services import draw_assessor
from evaluation.urls import ENROLMENT_STEPS as EVALUATION_ENROLMENT_STEPS
from evaluation.urls import PERIOD_STEPS as EVALUATION_PERIOD_STEPS
from summons.models import Case
from summons.urls import TRANSITIONS as SUMMONS_TRANSITIONS
from tests.accounts.factories import AccountFactory, IndividualOperatorFactory, PractitionerFactory
from tests.blacklist.factories import proposed
from tests.conftest import ROLES
from tests.documents.factories import issue, reports_own_documents
from tests.evaluation.factories import enrolled, expert, training
from tests.factories import UserFactory, user_with_role
from tests.reports.factories import TRANSITION_URLS, submitted
from tests.summons.factories import notify, opened, with_image
from yuhang_cac.documents.models import Document
from yuhang_cac.users.models import Organisation

ALL = ["anonymous", *ROLES]
S = Case.Status
SECADMIN_ONLY = {"anonymous": 302, "secadmin": 200, "*": 403}
CAC_ONLY = {"anonymous": 302, "officer": 200, "leader": 200, "*": 403}
# Association staff read the accounts they liaise with (Art.18); what is outside their scope is 404.
LIAISON_READ = {**CAC_ONLY, "association": 200}
LIAISON_OUTSIDE = {**CAC_ONLY, "association": 404}
POST_ONLY = {"anonymous": 302, "*": 405}
# The management list is internal to the office (Art.15): to every other role it is not there.
CAC_ELSE_404 = {"anonymous": 302, "officer": 200, "leader": 200, "*": 404}
# Training and daily assessment: CAC roles and association staff, each association its own records.
ASSOCIATION_WORK = {**CAC_ONLY, "association": 200}


MATRIX: dict[str, dict] = {
    "home": {"*": 200},
    "healthz": {"*": 200},
    "favicon": {"*": 301},
    "login": {"anonymous": 200, "*": 302},
    "signin_verify": {"*": 302},  # nothing to verify without a password just given: back to sign-in
    "logout": {"anonymous": 302, "*": 405},  # POST only
    "sessions": {"anonymous": 302, "*": 200},
    "session_end": {**POST_ONLY, "kwargs": lambda o: {"pk": 1}},
    "security:users": SECADMIN_ONLY,
    "security:user": {**SECADMIN_ONLY, "kwargs": lambda o: {"pk": o.staff_user.pk}},
    **{
        f"security:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.staff_user.pk}}
        for name in ("role", "lock", "unlock", "reset_password", "reset_second_factor")
    },
    "password_change": {"anonymous": 302, "*": 200},
    "password_change_done": {"anonymous": 302, "*": 200},
    "dashboard:index": {"anonymous": 302, "*": 200},
    "notifications:list": {"anonymous": 302, "*": 200},
    "audit:list": {"anonymous": 302, "auditor": 200, "*": 403},
    "notifications:read": {**POST_ONLY, "kwargs": lambda o: {"pk": 1}},
    "notifications:read_all": POST_ONLY,
    # Only the system administrator opens /admin/; a signed-in user of another role gets the
    # portal's refusal page, a visitor the portal's sign-in.
    "admin:index": {"anonymous": 302, "sysadmin": 200, "*": 403},
    "accounts:list": LIAISON_READ,
    "accounts:create": CAC_ONLY,
    "accounts:detail": {**LIAISON_READ, "kwargs": lambda o: {"pk": o.account.pk}},
    "accounts:detail@outside": {**LIAISON_OUTSIDE, "kwargs": lambda o: {"pk": o.other_account.pk}},
    "accounts:edit": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.account.pk}},
    "accounts:operator_create": CAC_ONLY,
    "accounts:operator_search": CAC_ONLY,
    "accounts:account_search": LIAISON_READ,  # association staff find only the accounts they liaise with
    "accounts:operator": {**LIAISON_READ, "kwargs": lambda o: {"pk": o.operator.pk}},
    "accounts:operator@outside": {**LIAISON_OUTSIDE, "kwargs": lambda o: {"pk": o.other_account.operator.pk}},
    "accounts:operator_edit": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.operator.pk}},
    "accounts:practitioner_add": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.operator.pk}},
    "accounts:practitioner_edit": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.practitioner.pk}},
    "accounts:practitioner_record": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.practitioner.pk}},
    "accounts:person": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.person.pk}},
    "accounts:person_edit": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.person.pk}},
    "accounts:person_unmask": {**POST_ONLY, "kwargs": lambda o: {"pk": o.person.pk}},
    "accounts:import": CAC_ONLY,
    "accounts:import_template": CAC_ONLY,
    "accounts:export": CAC_ONLY,
    "public_reports:submit": {"*": 200},
    "public_reports:done": {"*": 302},  # nothing to show without a fresh receipt: back to the form
    "public_reports:status": {"*": 200},
    "reports:list": CAC_ONLY,
    "reports:detail": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.report.pk}},
    "reports:evidence": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.report.pk, "image_pk": o.image.pk}},
    **{f"reports:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.report.pk}} for name in TRANSITION_URLS},
    # Evaluators hold the permission but see only the cases assigned to them (Art.14).
    "summons:list": {**CAC_ONLY, "association": 200, "expert": 200},
    "summons:detail": {**CAC_ONLY, "association": 404, "expert": 404, "kwargs": lambda o: {"pk": o.case.pk}},
    "summons:open_from_report": {**CAC_ONLY, "kwargs": lambda o: {"report_pk": o.report.pk}},
    "summons:open_for_account": {**CAC_ONLY, "kwargs": lambda o: {"account_pk": o.other_account.pk}},
    **{
        f"summons:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.case.pk}}
        for name in SUMMONS_TRANSITIONS
    },
    "blacklist:list": CAC_ELSE_404,
    "blacklist:detail": {**CAC_ELSE_404, "kwargs": lambda o: {"pk": o.entry().pk}},
    "blacklist:propose": {**CAC_ELSE_404, "kwargs": lambda o: {"account_pk": o.account.pk}},
    **{
        f"blacklist:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.entry().pk}}
        for name in BLACKLIST_TRANSITIONS
    },
    "blacklist:reply": {**POST_ONLY, "kwargs": lambda o: {"pk": 1, "notice_pk": 1}},
    "lookup:page": CAC_ELSE_404,
    # Partner departments' JSON look-up answers a token, never a session: without one, 401 for all.
    "lookup_api:lookup": {"*": 401},
    "evaluation:index": {**ASSOCIATION_WORK, "expert": 200},
    "evaluation:trainings": ASSOCIATION_WORK,
    "evaluation:training_create": ASSOCIATION_WORK,
    "evaluation:attendance_template": ASSOCIATION_WORK,
    "evaluation:observations": ASSOCIATION_WORK,
    # Daily assessment is the associations' work (Art.20); officers read it and act on the flags.
    "evaluation:observation_create": {"anonymous": 302, "association": 200, "*": 403},
    "evaluation:flags": CAC_ONLY,
    "evaluation:training": {**ASSOCIATION_WORK, "kwargs": lambda o: {"pk": o.training.pk}},
    "evaluation:attend_search": {**ASSOCIATION_WORK, "kwargs": lambda o: {"pk": o.training.pk}},
    "evaluation:training@outside": {**LIAISON_OUTSIDE, "kwargs": lambda o: {"pk": o.other_training.pk}},
    **{
        f"evaluation:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.training.pk}}
        for name in ("attend", "training_import")
    },
    **{
        f"evaluation:{name}": CAC_ONLY
        for name in ("schemes", "scheme_create", "period_create", "experts", "expert_create")
    },
    **{
        f"evaluation:{name}": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.enrolment.period.scheme.pk}}
        for name in ("scheme", "scheme_revise")
    },
    # Association staff read the periods of their liaison accounts, an expert those drawn for them.
    "evaluation:periods": {**ASSOCIATION_WORK, "expert": 200},
    "evaluation:enrol_search": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.enrolment.period.pk}},
    "evaluation:period": {
        **ASSOCIATION_WORK,
        "expert": 200,
        "kwargs": lambda o: {"pk": o.enrolment.period.pk},
    },
    "evaluation:enrolment": {**ASSOCIATION_WORK, "expert": 200, "kwargs": lambda o: {"pk": o.enrolment.pk}},
    "evaluation:enrolment@outside": {
        **LIAISON_OUTSIDE,
        "expert": 404,
        "kwargs": lambda o: {"pk": o.other_enrolment.pk},
    },
    **{
        f"evaluation:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.enrolment.period.pk}}
        for name in EVALUATION_PERIOD_STEPS
    },
    **{
        f"evaluation:{name}": {**POST_ONLY, "kwargs": lambda o: {"pk": o.enrolment.pk}}
        for name in EVALUATION_ENROLMENT_STEPS
    },
    "evaluation:assigned": {"anonymous": 302, "expert": 200, "*": 403},
    **{
        f"evaluation:{name}": {**CAC_ONLY, "kwargs": lambda o: {"pk": o.expert.pk}}
        for name in ("expert", "expert_edit")
    },
    "evaluation:conflict": {**POST_ONLY, "kwargs": lambda o: {"pk": o.expert.pk}},
    "public_evaluation:commended": {"*": 200},
    # A document is seen by whoever may see its owner (here a report: CAC roles); to the rest it is not there.
    "documents:pdf": {**CAC_ONLY, "*": 404, "kwargs": lambda o: {"pk": o.document().pk}},
    # The rectification's images: the evaluator assigned sees them, other evaluators do not know they exist.
    "summons:rectification_file": {
        **CAC_ONLY,
        "association": 404,
        "expert": 404,
        "kwargs": lambda o: o.rectification_image(S.SUBMITTED),
    },
    "summons:rectification_file@assigned": {
        **CAC_ONLY,
        "association": 404,
        "expert": 200,
        "kwargs": lambda o: o.rectification_image(S.EVALUATING),
    },
    # A case's notice: evaluators not assigned to the case do not know it exists.
    "documents:pdf@case": {**CAC_ONLY, "*": 404, "kwargs": lambda o: {"pk": o.case_document().pk}},
}
# Django's admin guards its own pages behind admin:index's rule; its inner URLs are not listed.
SKIPPED_NAMESPACES = {"admin"}


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def resolver_names() -> set[str]:
    names = set(_names(get_resolver().url_patterns))
    return {n for n in names if n.split(":")[0] not in SKIPPED_NAMESPACES} | {"admin:index"}


def url_name(entry: str) -> str:
    return entry.split("@")[0]


def test_every_url_has_an_entry():
    assert resolver_names() - {url_name(entry) for entry in MATRIX} == set()


def test_no_entry_for_a_url_that_is_gone():
    assert {url_name(entry) for entry in MATRIX} - resolver_names() == set()


@pytest.fixture
def objects(db, settings, tmp_path):
    """An account in the association's scope (individual operator, person, practitioner), one outside.

    ``document()`` issues a document owned by the report, only for the URL that needs one.
    """
    association = Organisation.objects.get(code="yuhang-network-culture-association")
    other = Organisation.objects.get(code="yuhang-dream-station")
    account = AccountFactory(liaison_organisation=association, operator=IndividualOperatorFactory())
    operator = account.operator
    practitioner = PractitionerFactory(operator=operator, person=operator.person)
    case = opened(account)
    settings.MEDIA_ROOT = tmp_path
    report, _receipt = submitted(images=1)
    trainer = user_with_role("officer", username="trainer")
    pool_expert = expert("expert")
    other_account = AccountFactory(liaison_organisation=other)
    enrolment = enrolled(account, trainer)
    draw_assessor(enrolment, by=trainer)
    return SimpleNamespace(
        report=report,
        image=report.evidence.get(),
        account=account,
        operator=operator,
        person=operator.person,
        practitioner=practitioner,
        other_account=other_account,
        staff_user=UserFactory(username="staff-member"),
        case=case,
        training=training(trainer, organiser=association),
        other_training=training(trainer, organiser=other),
        expert=pool_expert,
        enrolment=enrolment,
        other_enrolment=enrolled(
            AccountFactory(liaison_organisation=other), trainer, period=enrolment.period
        ),
        document=lambda: issue(report, user_with_role("officer", username="issuer")),
        case_document=lambda: case_notice(case),
        rectification_image=rectification_image,
        entry=lambda: proposed(account, by=user_with_role("officer", username="proposer")),
    )


def rectification_image(status) -> dict:
    """A case at ``status`` whose rectification report has an image, built only for the URLs that need one."""
    case = with_image(status)
    return {"pk": case.pk, "file_pk": case.rectification.files.get().pk}


def case_notice(case):
    """The summons notice, issued only for the URL that needs one."""
    notify(case, user_with_role("officer"))
    return Document.objects.of(case).get()


@pytest.fixture
def documents_owned_by_reports():
    with reports_own_documents():
        yield


def expected(name: str, role: str) -> int:
    rules = MATRIX[name]
    return rules.get(role, rules.get("*"))


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ALL)
def test_url_answers_role_as_expected(request, login_as, documents_owned_by_reports, name, role):
    client = login_as(role)
    kwargs = MATRIX[name].get("kwargs")
    url = reverse(url_name(name), kwargs=kwargs(request.getfixturevalue("objects")) if kwargs else None)
    response = client.get(url)
    assert response.status_code == expected(name, role), f"{name} as {role}"
