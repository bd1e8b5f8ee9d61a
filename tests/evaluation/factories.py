"""Evaluation records built through the app's services, as the pages build them."""

from datetime import date
from decimal import Decimal

from evaluation import services
from evaluation.models import TrainingTopic
from yuhang_cac.users.models import Organisation

ASSOCIATION = "yuhang-network-culture-association"
OTHER_ASSOCIATION = "yuhang-dream-station"


def organisation(code: str = ASSOCIATION) -> Organisation:
    return Organisation.objects.get(code=code)


def training(by, *, organiser=None, title="网络素养培训", held_on=date(2026, 6, 1), hours=Decimal(3)):
    return services.create_training_event(
        organiser=organiser or by.organisation,
        title=title,
        topic=TrainingTopic.objects.get(code="T3"),
        held_on=held_on,
        hours=hours,
        by=by,
    )


def scheme(by, year: int = 2026):
    return services.create_scheme(
        year=year,
        title=f"{year}年度自媒体账号考核",
        weights=services.DEFAULT_WEIGHTS,
        bands=services.DEFAULT_BANDS,
        by=by,
    )


def other_association_staff():
    """``association2``: staff of the other association (梦想驿站)."""
    from tests.factories import UserFactory

    return UserFactory(
        username="association2", role="association", organisation=organisation(OTHER_ASSOCIATION)
    )


def expert(username: str = "expert", **fields):
    """A pool expert (a user with the expert role and a profile)."""
    from evaluation.models import Expert
    from tests.factories import user_with_role

    user = user_with_role("expert", username=username)
    profile, _created = Expert.objects.get_or_create(
        user=user, defaults={"fields": fields.get("fields", "网络传播"), "employer": "浙江某大学"}
    )
    return profile


def enrolled(account, officer, *, period=None):
    """``account`` enrolled in an open period (one is opened under a new scheme when not given)."""
    period = period or services.open_period(name="2026年度评估", scheme=scheme(officer), by=officer)
    services.enrol_accounts(period, accounts=[account], by=officer)
    return period.enrolments.get(account=account)


def all_scores(enrolment, value):
    """Every dimension of the period's scheme scored ``value``, with a note."""
    return {part.pk: (Decimal(value), "依据日常考核") for part in enrolment.period.scheme.dimensions.all()}
