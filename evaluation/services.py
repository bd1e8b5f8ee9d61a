"""Every write of the evaluation app is one function here (Art.9–10, 18–21; DOMAIN.md §6).

Each checks what the workflow allows, writes in one transaction with a history reason and
queues notifications after commit. The registry's rows (grades, violations, people) change
only through ``accounts.services``.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import services as registry
from accounts.models import Account, Person, Violation
from yuhang_cac.core.lists import counts_changed
from yuhang_cac.core.transitions import TransitionError
from yuhang_cac.notifications.services import notify_role
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import Role

from . import scoring
from .models import (
    Attendance,
    DailyFlag,
    Dimension,
    GradeBand,
    Observation,
    Scheme,
    SchemeDimension,
    TrainingEvent,
)


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


# --- Training (Art.9, 10, 19) ---------------------------------------------------------------------


def _check_organiser(organiser: Organisation, by) -> None:
    if organiser.kind not in (Organisation.Kind.CAC, Organisation.Kind.ASSOCIATION):
        raise EvaluationError(_("Training is organised by the CAC or an online social organisation."))
    if by.role == Role.ASSOCIATION and organiser.pk != by.organisation_id:
        raise EvaluationError(_("Association staff record the trainings of their own organisation."))


@transaction.atomic
def create_training_event(
    *, organiser: Organisation, title: str, topic, held_on: date, hours: Decimal, place: str = "", by
) -> TrainingEvent:
    """A training event (Art.9, 19); association staff record their own organisation's."""
    _check_organiser(organiser, by)
    if hours <= 0:
        raise EvaluationError(_("A training lasts at least half an hour."))
    event = TrainingEvent(
        organiser=organiser,
        title=title,
        topic=topic,
        held_on=held_on,
        hours=hours,
        place=place,
        created_by=by,
    )
    return _save(event, by=by, reason=_("Training event recorded"))


@transaction.atomic
def record_attendance(event: TrainingEvent, *, people: Iterable[Person], result: str, by) -> int:
    """Add many people to an event at once; those already on its list keep their entry. Returns how many."""
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if result not in Attendance.Result.values:
        raise EvaluationError(_("Choose the result of the training."))
    present = set(event.attendance.values_list("person_id", flat=True))
    new = [
        Attendance(event=event, person=person, result=result, recorded_by=by)
        for person in people
        if person.pk not in present
    ]
    bulk_create_with_history(new, Attendance, default_user=by, default_change_reason=_("Attendance recorded"))
    counts_changed()
    return len(new)


@transaction.atomic
def change_attendance(attendance: Attendance, *, result: str, by) -> Attendance:
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    attendance.result = result
    return _save(attendance, by=by, reason=_("Attendance result changed"), fields=["result"])


# --- Daily assessment (Art.20; Art.12 ground G5) ---------------------------------------------------


def daily_window(today: date) -> tuple[date, date]:
    """The window of the daily-assessment line: the last EVALUATION_DAILY_WINDOW_DAYS days, today included."""
    return today - timedelta(days=settings.EVALUATION_DAILY_WINDOW_DAYS - 1), today


def negative_points(account: Account, start: date, end: date) -> int:
    observations = Observation.objects.filter(
        account=account, kind=Observation.Kind.NEGATIVE, observed_on__range=(start, end)
    )
    return observations.aggregate(total=Sum("points"))["total"] or 0


@transaction.atomic
def record_observation(
    account: Account,
    *,
    observed_on: date,
    kind: str,
    points: int,
    category,
    description: str,
    evidence: str = "",
    by,
) -> Observation:
    """A daily-assessment note by association staff on an account their organisation liaises with."""
    if not Account.objects.visible_to(by).filter(pk=account.pk).exists() or not by.organisation_id:
        raise EvaluationError(_("Observations are recorded on accounts your organisation liaises with."))
    if observed_on > timezone.localdate():
        raise EvaluationError(_("An observation cannot be dated in the future."))
    if points < 1:
        raise EvaluationError(_("Points are a whole number from 1 up."))
    observation = Observation(
        account=account,
        organisation_id=by.organisation_id,
        observed_on=observed_on,
        kind=kind,
        points=points,
        category=category,
        description=description.strip(),
        evidence=evidence.strip(),
        recorded_by=by,
    )
    _save(observation, by=by, reason=_("Daily-assessment observation recorded"))
    if kind == Observation.Kind.NEGATIVE:
        flag_if_over_line(account, today=timezone.localdate(), by=by)
    return observation


@transaction.atomic
def flag_if_over_line(account: Account, *, today: date, by=None) -> DailyFlag | None:
    """Flag the account 日常考核问题突出 (Art.12 G5) once per window when its negative points reach the line.

    Writes the account's violation and tells the officers, who may open a summons case on it.
    The account row is locked so that two observations saved at once raise one flag.
    """
    account = Account.objects.select_for_update().get(pk=account.pk)
    start, end = daily_window(today)
    if DailyFlag.objects.filter(account=account, raised_on__gte=start).exists():
        return None
    points, line = negative_points(account, start, end), settings.EVALUATION_DAILY_LINE
    if points < line:
        return None
    flag = DailyFlag(account=account, raised_on=today, window_start=start, negative_points=points, line=line)
    _save(flag, by=by, reason=_("Problems in the daily assessment are prominent (Art.12, G5)"))
    summary = _(
        "Daily assessment: %(points)s negative points from %(start)s to %(end)s reached the line of %(line)s."
    ) % {"points": points, "start": start, "end": end, "line": line}
    violation, _created = registry.record_violation(
        account,
        source=Violation.Source.ASSESSMENT,
        source_ref=f"daily-flag-{flag.pk}",
        occurred_on=today,
        summary=summary,
        by=by,
    )
    flag.violation = violation
    _save(flag, by=by, reason=_("Violation recorded"), fields=["violation"])
    context = {"account": account.name, "points": points, "days": settings.EVALUATION_DAILY_WINDOW_DAYS}
    url = reverse("evaluation:flags")
    transaction.on_commit(
        lambda: notify_role(
            Role.OFFICER,
            kind="evaluation_daily_flag",
            key=f"evaluation-flag-{flag.pk}",
            obj=flag,
            context=context,
            url=url,
            actor=by,
        )
    )
    return flag
