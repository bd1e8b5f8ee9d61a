"""The appraisal arithmetic (Art.21), as pure functions on ``Decimal``.

A dimension's score is out of its highest score and counts for its weight in per cent; the
total is the weighted sum on a scale of 100, rounded half up (四舍五入) to one decimal, and the
grade is that of the highest band whose lowest total it reaches. Nothing here reads the
database: services pass the numbers in, and the tests walk every band edge.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
TOTAL_PLACES = Decimal("0.1")
GRADES = ("A", "B", "C", "D")


class ScoringError(ValueError):
    """Numbers the scheme cannot use; the message is for the user."""


def round_half_up(value: Decimal, places: Decimal = TOTAL_PLACES) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def check_weights(weights: Mapping[str, Decimal]) -> None:
    """The weights are positive and add up to exactly 100 %."""
    if any(weight <= 0 for weight in weights.values()):
        raise ScoringError(_("Every dimension needs a weight above 0 %."))
    total = sum(weights.values(), Decimal(0))
    if total != HUNDRED:
        raise ScoringError(
            _("The weights add up to %(total)s %%; they must add up to 100 %%.") % {"total": total}
        )


def check_bands(bands: Mapping[str, Decimal]) -> None:
    """Every grade has a band; D starts at 0, and A, B, C start ever higher, up to 100."""
    if set(bands) != set(GRADES):
        raise ScoringError(_("Give the lowest total of each of the grades A, B, C and D."))
    if bands["D"] != 0:
        raise ScoringError(_("Grade D starts at 0."))
    lows = [bands[grade] for grade in GRADES]
    if lows[0] > HUNDRED or any(higher <= lower for higher, lower in zip(lows, lows[1:], strict=False)):
        raise ScoringError(_("The lowest totals must rise from D to A and stay within 100."))


def check_score(score: Decimal, max_score: Decimal, label: str = "") -> None:
    if score < 0 or score > max_score:
        raise ScoringError(
            _("%(dimension)s: a score must be between 0 and %(max)s; %(score)s is out of range.")
            % {"dimension": label, "max": max_score, "score": score}
        )


def weighted_total(
    scores: Mapping[str, Decimal], weights: Mapping[str, Decimal], max_scores: Mapping[str, Decimal]
) -> Decimal:
    """The total on a scale of 100: Σ score / highest × weight, rounded half up to one decimal."""
    if set(scores) != set(weights):
        raise ScoringError(_("Score every dimension of the scheme."))
    check_weights(weights)
    for key, score in scores.items():
        check_score(score, max_scores[key], key)
    exact = sum((scores[key] / max_scores[key] * weights[key] for key in scores), Decimal(0))
    return round_half_up(exact)


def grade_for(total: Decimal, bands: Mapping[str, Decimal]) -> str:
    """The grade of the highest band whose lowest total ``total`` (already rounded) reaches."""
    check_bands(bands)
    if total < 0 or total > HUNDRED:
        raise ScoringError(_("A total lies between 0 and 100."))
    for grade in GRADES:
        if total >= bands[grade]:
            return grade
    return GRADES[-1]


def grade_of(
    scores: Mapping[str, Decimal],
    weights: Mapping[str, Decimal],
    max_scores: Mapping[str, Decimal],
    bands: Mapping[str, Decimal],
) -> tuple[Decimal, str]:
    """The rounded total and its grade."""
    total = weighted_total(scores, weights, max_scores)
    return total, grade_for(total, bands)
