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
