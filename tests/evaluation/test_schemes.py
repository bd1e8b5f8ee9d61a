"""Schemes per year: versions, refusals of weights that do not add up, frozen once a period uses them."""

from decimal import Decimal as D

import pytest

from evaluation import services
from evaluation.models import Scheme

pytestmark = pytest.mark.django_db

WEIGHTS = services.DEFAULT_WEIGHTS
BANDS = services.DEFAULT_BANDS


def test_a_scheme_holds_the_five_dimensions_of_art21_and_four_bands(user_of):
    scheme = services.create_scheme(
        year=2026, title="2026年度考核", weights=WEIGHTS, bands=BANDS, by=user_of("officer")
    )
    names = [part.dimension.name for part in scheme.dimensions.select_related("dimension")]
    assert names == [
        "守法守规",
        "坚持正确舆论导向",
        "行业协会活动",
        "企业内部员工培训和团队建设",
        "配合网信部门工作",
    ]
    assert services.scheme_numbers(scheme) == (WEIGHTS, dict.fromkeys(WEIGHTS, D(100)), BANDS)
    assert scheme.version == 1
    assert scheme.history.first().history_user.username == "officer"


def test_weights_not_adding_up_to_100_are_refused_in_chinese(user_of):
    with pytest.raises(services.EvaluationError, match="必须合计为 100"):
        services.create_scheme(
            year=2026, title="x", weights={**WEIGHTS, "E1": D(31)}, bands=BANDS, by=user_of("officer")
        )
    assert not Scheme.objects.exists()


def test_a_revision_is_a_new_version_and_the_old_one_stays(user_of):
    officer = user_of("officer")
    first = services.create_scheme(year=2026, title="2026年度考核", weights=WEIGHTS, bands=BANDS, by=officer)
    weights = {**WEIGHTS, "E1": D(40), "E3": D(5)}
    second = services.revise_scheme(first, weights=weights, by=officer)
    assert (second.year, second.version) == (2026, 2)
    assert services.scheme_numbers(first)[0] == WEIGHTS
    assert services.scheme_numbers(second)[0] == weights
