"""Every write of the evaluation app is one function here (Art.9–10, 18–21; DOMAIN.md §6).

Each checks what the workflow allows, writes in one transaction with a history reason and
queues notifications after commit. The registry's rows (grades, violations, people) change
only through ``accounts.services``.
"""

import random
import secrets
from collections.abc import Iterable, Mapping
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
from yuhang_cac.notifications.services import notify, notify_role
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import Role

from . import scoring
from .models import (
    Assessment,
    Attendance,
    DailyFlag,
    DeclaredConflict,
    Dimension,
    Draw,
    Enrolment,
    Expert,
    GradeBand,
    Observation,
    Period,
    Scheme,
    SchemeDimension,
    Score,
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


# --- The expert pool (Art.18) ---------------------------------------------------------------------


@transaction.atomic
def add_expert(*, user, fields: str, employer: str = "", in_pool: bool = True, by) -> Expert:
    """A third-party expert's profile in the pool; the user must hold the expert role."""
    if user.role != Role.EXPERT:
        raise EvaluationError(_("Only users with the third-party expert role join the expert pool."))
    if Expert.objects.filter(user=user).exists():
        raise EvaluationError(_("%(name)s is already in the expert pool.") % {"name": user})
    expert = Expert(user=user, fields=fields, employer=employer, in_pool=in_pool)
    return _save(expert, by=by, reason=_("Added to the expert pool"))


@transaction.atomic
def update_expert(expert: Expert, *, by, **changes) -> Expert:
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    for name, value in changes.items():
        setattr(expert, name, value)
    return _save(expert, by=by, reason=_("Expert profile edited"), fields=list(changes) or None)


@transaction.atomic
def declare_conflict(expert: Expert, *, note: str, operator=None, account=None, by) -> DeclaredConflict:
    """A conflict with an operator or an account: the expert is never drawn to appraise it."""
    if (operator is None) == (account is None):
        raise EvaluationError(_("Name either an operator or an account."))
    if not note.strip():
        raise EvaluationError(_("Say what the conflict of interest is."))
    conflict = DeclaredConflict(expert=expert, operator=operator, account=account, note=note.strip())
    return _save(conflict, by=by, reason=_("Conflict of interest declared"))


# --- Periods (Art.20–21) --------------------------------------------------------------------------


def _locked_period(period: Period) -> Period:
    return Period.objects.select_for_update().select_related("scheme").get(pk=period.pk)


def _move(period: Period, status: str, *, by, reason: str, fields=()) -> Period:
    if not period.can_become(status):
        raise EvaluationError(
            _("A period that is “%(current)s” cannot become “%(target)s”.")
            % {"current": period.get_status_display(), "target": Period.Status(status).label}
        )
    period.status = status
    return _save(period, by=by, reason=reason, fields=["status", *fields])


def _require_open(period: Period) -> None:
    if period.status != Period.Status.OPEN:
        raise EvaluationError(
            _("The period is “%(status)s”: its scores can no longer change.")
            % {"status": period.get_status_display()}
        )


@transaction.atomic
def open_period(*, name: str, scheme: Scheme, by) -> Period:
    """A new appraisal period under one scheme version, which it keeps when the scheme is revised."""
    return _save(Period(name=name, scheme=scheme, opened_by=by), by=by, reason=_("Period opened"))


@transaction.atomic
def enrol_accounts(period: Period, *, accounts: Iterable[Account], by) -> int:
    """Enrol accounts in an open period; accounts already enrolled stay as they are. Returns how many."""
    period = _locked_period(period)
    _require_open(period)
    present = set(period.enrolments.values_list("account_id", flat=True))
    new = [Enrolment(period=period, account=a) for a in accounts if a.pk not in present]
    if any(enrolment.account.status == Account.Status.PENDING for enrolment in new):
        raise EvaluationError(_("An account pending verification cannot be appraised."))
    bulk_create_with_history(new, Enrolment, default_user=by, default_change_reason=_("Enrolled"))
    counts_changed()
    return len(new)


def _candidates(enrolment: Enrolment) -> list:
    """Pool experts who may appraise this account: none with a declared conflict with it or its
    operator, none who stepped aside or was replaced on it."""
    account = enrolment.account
    conflicted = DeclaredConflict.objects.filter(account=account)
    if account.operator_id:
        conflicted = conflicted | DeclaredConflict.objects.filter(operator_id=account.operator_id)
    excluded = set(conflicted.values_list("expert__user_id", flat=True))
    excluded |= set(enrolment.assessments.values_list("evaluator_id", flat=True))
    pool = Expert.objects.in_pool().exclude(user_id__in=excluded).select_related("user")
    return sorted((expert.user for expert in pool), key=lambda user: user.pk)


def pick(candidates: list, seed: int):
    """The draw itself: the same candidates in the same order and the same seed give the same expert."""
    return candidates[random.Random(seed).randrange(len(candidates))]  # noqa: S311 — recorded, not secret


@transaction.atomic
def draw_assessor(enrolment: Enrolment, *, by, reason: str = "", seed: int | None = None) -> Assessment:
    """Draw an expert at random from the pool to appraise the account; a redraw needs a reason.

    The draw records its candidates, seed and result. A redraw ends the assessor's assignment.
    """
    enrolment = Enrolment.objects.select_for_update().select_related("account", "period").get(pk=enrolment.pk)
    _require_open(enrolment.period)
    current = enrolment.assessments.active().first()
    if current is not None and current.submitted_at is not None:
        raise EvaluationError(_("The assessor has submitted scores; the account cannot be drawn again."))
    if enrolment.draws.exists() and not reason.strip():
        raise EvaluationError(_("Give the reason for drawing again."))
    candidates = _candidates(enrolment)
    if not candidates:
        raise EvaluationError(_("No expert in the pool is free of conflicts with this account."))
    if current is not None:
        current.recused_at = timezone.now()
        _save(
            current,
            by=by,
            reason=_("Replaced by a new draw: %(why)s") % {"why": reason},
            fields=["recused_at"],
        )
    seed = secrets.randbits(62) if seed is None else seed
    result = pick(candidates, seed)
    draw = Draw(enrolment=enrolment, seed=seed, result=result, reason=reason.strip(), drawn_by=by)
    _save(draw, by=by, reason=_("Assessor drawn"))
    draw.candidates.set(candidates)
    assessment = Assessment(enrolment=enrolment, evaluator=result, assigned_by=by, draw=draw)
    _save(assessment, by=by, reason=_("Assessor drawn"))
    context = {"account": enrolment.account.name, "period": enrolment.period.name}
    url = enrolment.get_absolute_url()
    transaction.on_commit(
        lambda: notify(
            result,
            "evaluation_assessment_assigned",
            assessment,
            f"evaluation-assessment-{assessment.pk}",
            context=context,
            url=url,
            actor=by,
        )
    )
    return assessment


def _own_assessment(enrolment: Enrolment, by) -> Assessment:
    assessment = enrolment.assessments.select_for_update(of=("self",)).active().first()
    if assessment is None or assessment.evaluator_id != by.pk:
        raise EvaluationError(_("Only the assessor drawn for this account can do that."))
    return assessment


@transaction.atomic
def recuse_assessor(enrolment: Enrolment, *, conflict: str, by) -> Assessment:
    """The drawn expert declares a conflict of interest and steps aside; the account awaits a new draw."""
    enrolment = Enrolment.objects.select_for_update().select_related("account", "period").get(pk=enrolment.pk)
    _require_open(enrolment.period)
    assessment = _own_assessment(enrolment, by)
    if not conflict.strip():
        raise EvaluationError(_("Say what the conflict of interest is."))
    assessment.recused_at, assessment.conflict = timezone.now(), conflict.strip()
    _save(assessment, by=by, reason=_("Conflict of interest declared"), fields=["recused_at", "conflict"])
    context = {"account": enrolment.account.name, "period": enrolment.period.name}
    period, url = enrolment.period, enrolment.get_absolute_url()
    transaction.on_commit(
        lambda: notify(
            period.opened_by,
            "evaluation_assessor_recused",
            assessment,
            f"evaluation-recused-{assessment.pk}",
            context=context,
            url=url,
            actor=by,
        )
    )
    return assessment


@transaction.atomic
def submit_scores(enrolment: Enrolment, *, scores: Mapping[int, tuple[Decimal, str]], by) -> Enrolment:
    """The assessor's scores per dimension (scheme dimension id → (score, note)); the total and
    grade follow from the period's scheme, rounded half up (evaluation.scoring)."""
    enrolment = Enrolment.objects.select_for_update().select_related("period__scheme").get(pk=enrolment.pk)
    _require_open(enrolment.period)
    assessment = _own_assessment(enrolment, by)
    parts = {part.pk: part for part in enrolment.period.scheme.dimensions.select_related("dimension")}
    if set(scores) != set(parts):
        raise EvaluationError(_("Score every dimension of the scheme."))
    for pk, (score, _note) in scores.items():
        _checked(scoring.check_score, score, parts[pk].max_score, parts[pk].dimension.label)
    weights, max_scores, bands = scheme_numbers(enrolment.period.scheme)
    by_code = {parts[pk].dimension.code: score for pk, (score, _note) in scores.items()}
    try:
        total, grade = scoring.grade_of(by_code, weights, max_scores, bands)
    except scoring.ScoringError as exc:
        raise EvaluationError(str(exc)) from exc
    for pk, (score, note) in scores.items():
        row = Score.objects.filter(assessment=assessment, dimension=parts[pk]).first()
        row = row or Score(assessment=assessment, dimension=parts[pk])
        row.score, row.note = score, note.strip()
        _save(row, by=by, reason=_("Scored"))
    assessment.submitted_at = timezone.now()
    _save(assessment, by=by, reason=_("Scores submitted"), fields=["submitted_at"])
    enrolment.total, enrolment.grade = total, grade
    return _save(
        enrolment,
        by=by,
        reason=_("Total %(total)s, grade %(grade)s") % {"total": total, "grade": grade},
        fields=["total", "grade"],
    )


@transaction.atomic
def confirm_period(period: Period, *, by) -> Period:
    """The leader confirms the grades once every enrolled account has been scored."""
    period = _locked_period(period)
    if not period.enrolments.exists():
        raise EvaluationError(_("No account is enrolled in this period."))
    if period.enrolments.filter(grade="").exists():
        raise EvaluationError(_("Some enrolled accounts have not been scored yet."))
    period.confirmed_by = by
    return _move(
        period, Period.Status.CONFIRMED, by=by, reason=_("Results confirmed"), fields=["confirmed_by"]
    )


@transaction.atomic
def return_period(period: Period, *, reason: str, by) -> Period:
    """The leader sends confirmed results back for scoring again, with a reason."""
    period = _locked_period(period)
    if not reason.strip():
        raise EvaluationError(_("Give the reason for sending the results back."))
    period.confirmed_by = None
    why = _("Returned for scoring: %(why)s") % {"why": reason.strip()}
    return _move(period, Period.Status.OPEN, by=by, reason=why, fields=["confirmed_by"])


@transaction.atomic
def publish_period(period: Period, *, by) -> Period:
    """Publish confirmed results: each account's grade in the registry follows (分级分类, Art.20)."""
    period = _locked_period(period)
    period.published_at = timezone.now()
    _move(period, Period.Status.PUBLISHED, by=by, reason=_("Results published"), fields=["published_at"])
    why = _("Graded %(grade)s in %(period)s")
    for enrolment in period.enrolments.select_related("account"):
        registry.update_account(
            enrolment.account,
            by=by,
            grade=enrolment.grade,
            reason=why % {"grade": enrolment.grade, "period": period.name},
        )
    return period


@transaction.atomic
def commend_accounts(period: Period, *, enrolments: Iterable[Enrolment], by) -> int:
    """Art.21: the leader commends accounts of the top grade in a published period. Returns how many."""
    period = _locked_period(period)
    if period.status != Period.Status.PUBLISHED:
        raise EvaluationError(_("Commendations follow the publication of the results."))
    chosen = list(
        Enrolment.objects.select_for_update().filter(pk__in=[e.pk for e in enrolments], period=period)
    )
    if any(enrolment.grade != Account.Grade.A for enrolment in chosen):
        raise EvaluationError(_("Only accounts graded A (excellent) are commended."))
    count = 0
    for enrolment in chosen:
        if not enrolment.commended:
            enrolment.commended = True
            _save(enrolment, by=by, reason=_("Commended (Art.21)"), fields=["commended"])
            count += 1
    return count
