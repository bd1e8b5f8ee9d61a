"""The grade arithmetic: weighted totals rounded half up, every band edge, the refusals."""

from decimal import Decimal as D

import pytest

from evaluation.scoring import ScoringError, check_bands, check_weights, grade_for, grade_of, weighted_total

WEIGHTS = {"E1": D(30), "E2": D(25), "E3": D(15), "E4": D(15), "E5": D(15)}
MAX = dict.fromkeys(WEIGHTS, D(100))
BANDS = {"A": D(90), "B": D(80), "C": D(60), "D": D(0)}


def same(score) -> dict:
    return dict.fromkeys(WEIGHTS, D(score))


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "A"),
        ("90.0", "A"),
        ("89.9", "B"),
        ("80.0", "B"),
        ("79.9", "C"),
        ("60.0", "C"),
        ("59.9", "D"),
        ("0", "D"),
    ],
)
def test_each_band_starts_at_its_lowest_total(total, grade):
    assert grade_for(D(total), BANDS) == grade


@pytest.mark.parametrize(
    ("score", "total", "grade"),
    [
        ("89.95", D("90.0"), "A"),  # half up: 89.95 → 90.0
        ("89.949", D("89.9"), "B"),
        ("79.95", D("80.0"), "B"),
        ("79.94", D("79.9"), "C"),
        ("59.95", D("60.0"), "C"),
        ("59.949", D("59.9"), "D"),
    ],
)
def test_the_total_is_rounded_half_up_before_the_band_is_read(score, total, grade):
    assert grade_of(same(score), WEIGHTS, MAX, BANDS) == (total, grade)


def test_the_total_weighs_each_dimension_against_its_highest_score():
    scores = {"E1": D(30), "E2": D(25), "E3": D(10), "E4": D(15), "E5": D(0)}
    max_scores = {**MAX, "E1": D(30), "E2": D(25), "E3": D(20), "E4": D(15), "E5": D(10)}
    # 30/30·30 + 25/25·25 + 10/20·15 + 15/15·15 + 0 = 77.5
    assert weighted_total(scores, WEIGHTS, max_scores) == D("77.5")


def test_a_third_is_rounded_half_up_not_to_even():
    weights = {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")}
    total = weighted_total({"a": D(50), "b": D(50), "c": D(50)}, weights, dict.fromkeys(weights, D(100)))
    assert total == D("50.0")
    assert weighted_total({"a": D("0.25")}, {"a": D(100)}, {"a": D(100)}) == D("0.3")


@pytest.mark.parametrize(
    "weights",
    [
        {**WEIGHTS, "E5": D(14)},
        {**WEIGHTS, "E5": D("15.01")},
        {**WEIGHTS, "E1": D(45), "E5": D(0)},
    ],
)
def test_weights_must_add_up_to_exactly_one_hundred(weights):
    with pytest.raises(ScoringError) as refused:
        check_weights(weights)
    assert "必须合计为 100%" in str(refused.value) or "必须大于 0%" in str(refused.value)


@pytest.mark.parametrize("score", ["-0.1", "100.1", "250"])
def test_a_score_out_of_range_is_refused(score):
    with pytest.raises(ScoringError, match="超出范围"):
        weighted_total({**same(80), "E2": D(score)}, WEIGHTS, MAX)


def test_every_dimension_must_be_scored():
    scores = same(80)
    del scores["E3"]
    with pytest.raises(ScoringError):
        weighted_total(scores, WEIGHTS, MAX)


@pytest.mark.parametrize(
    "bands",
    [
        {"A": D(90), "B": D(80), "C": D(60)},
        {"A": D(90), "B": D(90), "C": D(60), "D": D(0)},
        {"A": D(80), "B": D(90), "C": D(60), "D": D(0)},
        {"A": D(101), "B": D(80), "C": D(60), "D": D(0)},
        {"A": D(90), "B": D(80), "C": D(60), "D": D(5)},
    ],
)
def test_bands_must_rise_from_d_to_a(bands):
    with pytest.raises(ScoringError):
        check_bands(bands)


def test_a_total_outside_zero_to_one_hundred_has_no_grade():
    with pytest.raises(ScoringError):
        grade_for(D("100.1"), BANDS)
