"""Every write of the evaluation app is one function here (Art.9–10, 18–21; DOMAIN.md §6).

Each checks what the workflow allows, writes in one transaction with a history reason and
queues notifications after commit. The registry's rows (grades, violations, people) change
only through ``accounts.services``.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from yuhang_cac.core.transitions import TransitionError

from . import scoring
from .models import Dimension, GradeBand, Scheme, SchemeDimension


class EvaluationError(TransitionError):
    """A change the evaluation workflow refuses; the message is for the user."""


def _save(obj, *, by, reason: str, fields: list[str] | None = None):
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=fields) if fields else obj.save()
    return obj


def _checked(check, *args) -> None:
    try:
        check(*args)
    except scoring.ScoringError as exc:
        raise EvaluationError(str(exc)) from exc


# --- Schemes (Art.20–21) ---------------------------------------------------------------------------

DEFAULT_WEIGHTS = {
    "E1": Decimal(30),
    "E2": Decimal(25),
    "E3": Decimal(15),
    "E4": Decimal(15),
    "E5": Decimal(15),
}
DEFAULT_BANDS = {"A": Decimal(90), "B": Decimal(80), "C": Decimal(60), "D": Decimal(0)}


def _check_scheme(weights: dict, bands: dict, max_scores: dict) -> None:
    _checked(scoring.check_weights, weights)
    _checked(scoring.check_bands, bands)
    if any(value <= 0 for value in max_scores.values()):
        raise EvaluationError(_("A dimension's highest score must be above 0."))


def _write_parts(scheme: Scheme, weights, bands, max_scores, guidance, *, by, reason) -> None:
    dimensions = {d.code: d for d in Dimension.objects.filter(code__in=weights)}
    for code, weight in weights.items():
        part = SchemeDimension(
            scheme=scheme,
            dimension=dimensions[code],
            weight=weight,
            max_score=max_scores.get(code, scoring.HUNDRED),
            guidance=guidance.get(code, ""),
        )
        _save(part, by=by, reason=reason)
    for grade, low in bands.items():
        _save(GradeBand(scheme=scheme, grade=grade, min_total=low), by=by, reason=reason)


@transaction.atomic
def create_scheme(
    *,
    year: int,
    title: str,
    weights: dict[str, Decimal],
    bands: dict[str, Decimal],
    max_scores: dict[str, Decimal] | None = None,
    dimension_guidance: dict[str, str] | None = None,
    guidance: str = "",
    by,
) -> Scheme:
    """A scheme for ``year``, the next version of that year's; weights must add up to 100 %."""
    max_scores = max_scores or {}
    _check_scheme(weights, bands, max_scores)
    latest = Scheme.objects.select_for_update().filter(year=year).aggregate(v=Max("version"))["v"] or 0
    scheme = Scheme(year=year, version=latest + 1, title=title, guidance=guidance, created_by=by)
    reason = _("Scheme version %(version)s created") % {"version": scheme.version}
    _save(scheme, by=by, reason=reason)
    _write_parts(scheme, weights, bands, max_scores, dimension_guidance or {}, by=by, reason=reason)
    return scheme


def scheme_numbers(scheme: Scheme) -> tuple[dict, dict, dict]:
    """The weights, highest scores (by dimension code) and band lows (by grade) of a scheme."""
    parts = list(scheme.dimensions.select_related("dimension"))
    weights = {p.dimension.code: p.weight for p in parts}
    max_scores = {p.dimension.code: p.max_score for p in parts}
    bands = {b.grade: b.min_total for b in scheme.bands.all()}
    return weights, max_scores, bands


@transaction.atomic
def revise_scheme(scheme: Scheme, *, by, **changes) -> Scheme:
    """A new version of ``scheme`` with the changes; the old version stays as the periods used it."""
    weights, max_scores, bands = scheme_numbers(scheme)
    guidance = {p.dimension.code: p.guidance for p in scheme.dimensions.select_related("dimension")}
    return create_scheme(
        year=changes.get("year", scheme.year),
        title=changes.get("title", scheme.title),
        guidance=changes.get("guidance", scheme.guidance),
        weights=changes.get("weights", weights),
        bands=changes.get("bands", bands),
        max_scores=changes.get("max_scores", max_scores),
        dimension_guidance=changes.get("dimension_guidance", guidance),
        by=by,
    )
