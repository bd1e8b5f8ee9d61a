"""Every change to a 约谈 case is one function here (Art.11–14, DOMAIN.md §6).

Each locks the case, checks the transition, saves the changed fields with a history reason
and queues notifications after commit. Other apps change what they own through their own
services: the registry's account status and violations, the report's handling and closing.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as registry
from accounts.models import Account, ProhibitedContent, Violation
from reports import services as report_services
from reports.models import Report, ReportAction
from yuhang_cac.core.numbering import next_number
from yuhang_cac.core.transitions import TransitionError
from yuhang_cac.core.uploads import ProcessedImage, store
from yuhang_cac.notifications.services import notify, notify_role
from yuhang_cac.users.roles import CAC_ROLES, Role
from yuhang_cac.workdays.models import DeadlineAdjustment
from yuhang_cac.workdays.services import DeadlineError, adjust_deadline, close_deadline, open_deadline

from . import documents
from .models import (
    Case,
    Department,
    Escalation,
    Evaluation,
    EvaluatorAssignment,
    Ground,
    Measure,
    MeetingOfficer,
    MeetingRecord,
    Notice,
    Rectification,
    RectificationFile,
)


class SummonsError(TransitionError):
    """A case transition that the workflow refuses; the message is for the user."""


# The reminder engine's keys read <prefix>-<case>-<stage>-<phase> (summons.tasks.REMINDERS).
REMINDER_KEY_PREFIX = "summons"


def case_url(case: Case) -> str:
    return reverse("summons:detail", args=[case.pk])


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("account", "rectification_deadline", "evaluation_deadline")
        .get(pk=case.pk)
    )


def _save(obj, *, by, reason: str, fields: list[str] | None = None):
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=fields) if fields else obj.save()
    return obj


def _move(case: Case, status: str, *, by, reason: str, fields: Iterable[str] = ()) -> Case:
    if not case.can_become(status):
        raise SummonsError(
            _("A case that is “%(current)s” cannot become “%(target)s”.")
            % {"current": case.get_status_display(), "target": Case.Status(status).label}
        )
    case.status = status
    return _save(case, by=by, reason=reason, fields=["status", *fields])


def _notify_on_commit(user, kind: str, case: Case, key: str, **context) -> None:
    if user is None:
        return
    context = {"number": case.number, **context}
    transaction.on_commit(lambda: notify(user, kind, case, key, context=context, url=case_url(case)))


# --- Opening a case ---------------------------------------------------------------------------


@transaction.atomic
def open_case(
    account: Account,
    *,
    grounds: Iterable[Ground],
    facts: str,
    categories: Iterable[ProhibitedContent] = (),
    officer=None,
    opened_at: datetime | None = None,
    by,
) -> Case:
    """Open a case (立案) on one or more grounds of Art.12; the number is taken in this transaction."""
    grounds = list(grounds)
    if not grounds:
        raise SummonsError(_("Choose at least one ground of Art.12."))
    if not facts.strip():
        raise SummonsError(_("Write down the facts of the case."))
    officer = officer or by
    if officer.role not in CAC_ROLES or not officer.is_active:
        raise SummonsError(_("The officer in charge must be active CAC staff."))
    Account.objects.select_for_update().filter(pk=account.pk).first()
    if Case.objects.open().filter(account=account).exists():
        raise SummonsError(_("This account already has an open case: add to that one instead."))
    opened_at = opened_at or timezone.now()
    year = timezone.localdate(opened_at).year
    case = Case(
        number=f"YT{year}{next_number('summons_case', year):04d}",
        account=account,
        facts=facts.strip(),
        officer=officer,
        opened_at=opened_at,
    )
    try:
        with transaction.atomic():
            _save(case, by=by, reason=_("Case opened"))
    except IntegrityError as exc:
        # Another officer opened a case on the same account a moment earlier.
        raise SummonsError(_("This account already has an open case: add to that one instead.")) from exc
    case.grounds.set(grounds)
    case.categories.set(categories)
    return case


@transaction.atomic
def link_report(case: Case, report: Report, *, by) -> Case:
    """List a report found true on the case; the report is then being handled (its public status)."""
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise SummonsError(_("A closed case takes no more reports."))
    if report.account_id != case.account_id:
        raise SummonsError(_("The report is about another account."))
    if case.reports.filter(pk=report.pk).exists():
        raise SummonsError(_("The report is already listed on this case."))
    case._history_user, case._change_reason = by, _("Report %(number)s listed") % {"number": report.number}
    case.reports.add(report)
    try:
        report_services.handle_report(report, kind=ReportAction.Kind.OPEN_CASE, note=case.number, by=by)
    except report_services.ReportError as exc:
        raise SummonsError(str(exc)) from exc
    return case


@transaction.atomic
def open_case_from_report(
    report: Report, *, grounds: Iterable[Ground], facts: str = "", by
) -> tuple[Case, bool]:
    """The report handling step "立约谈案件": open a case, or join the account's open case.

    Returns the case and whether it was opened now.
    """
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("account", "category").get(pk=report.pk)
    )
    if report.status not in (Report.Status.FOUND_TRUE, Report.Status.HANDLING) or report.account_id is None:
        raise SummonsError(_("Only a report found true about a registry account can lead to a case."))
    case = Case.objects.open().filter(account=report.account).first()
    created = case is None
    if created:
        case = open_case(
            report.account,
            grounds=grounds,
            facts=facts or report.description,
            categories=[report.category],
            by=by,
        )
    else:
        case.categories.add(report.category)
    return link_report(case, report, by=by), created


# --- Notice and record ------------------------------------------------------------------------


@transaction.atomic
def issue_notice(
    case: Case,
    *,
    meeting_at: datetime,
    place: str,
    participants: str,
    reason: str,
    issued_at: datetime | None = None,
    by,
) -> Notice:
    """Issue the summons notice (约谈通知书): when, where, who and why (Art.11).

    ``issued_at`` is for loading older notices (demo data, paper records); it defaults to now.
    """
    case = _locked(case)
    issued_at = issued_at or timezone.now()
    _check_notice(meeting_at, place, participants, reason, issued_at)
    _move(case, Case.Status.NOTIFIED, by=by, reason=_("Summons notice issued"))
    notice = Notice(
        case=case,
        meeting_at=meeting_at,
        place=place.strip(),
        participants=participants.strip(),
        reason=reason.strip(),
        issued_by=by,
        issued_at=issued_at,
    )
    _save(notice, by=by, reason=_("Summons notice issued"))
    documents.issue_notice_document(case, notice, by=by)
    return notice


def _check_notice(meeting_at: datetime, place: str, participants: str, reason: str, now: datetime) -> None:
    if meeting_at <= now:
        raise SummonsError(_("The summons must be set for a time still to come."))
    if not (place.strip() and participants.strip() and reason.strip()):
        raise SummonsError(_("The notice needs a place, the people summoned and the reason."))


@transaction.atomic
def correct_notice(
    case: Case, *, meeting_at: datetime, place: str, participants: str, reason: str, correction: str, by
) -> Notice:
    """Correct the notice before the summons: a new 约谈通知书 takes the next number, the old one is void.

    The corrected notice is served anew, so the proof of service recorded for the old one is cleared.
    """
    case = _locked(case)
    if case.status != Case.Status.NOTIFIED:
        raise SummonsError(_("Only a notice awaiting the summons can be corrected."))
    _check_notice(meeting_at, place, participants, reason, timezone.now())
    if not correction.strip():
        raise SummonsError(_("Say what the correction changes."))
    notice = Notice.objects.select_for_update().get(case=case)
    notice.meeting_at, notice.place = meeting_at, place.strip()
    notice.participants, notice.reason = participants.strip(), reason.strip()
    notice.service_method, notice.served_at, notice.served_by, notice.received_by = "", None, None, ""
    _save(notice, by=by, reason=_("Notice corrected: %(why)s") % {"why": correction.strip()})
    documents.correct_notice_document(case, notice, reason=correction.strip(), by=by)
    return notice


@transaction.atomic
def record_service(case: Case, *, method: str, served_at: datetime, received_by: str, by) -> Notice:
    """Record the proof of service: how, when, by whom, and who received the notice."""
    case = _locked(case)
    notice = Notice.objects.select_for_update().filter(case=case).first()
    if notice is None or case.status != Case.Status.NOTIFIED:
        raise SummonsError(_("Service can only be recorded for a notice awaiting the summons."))
    if served_at > timezone.now():
        raise SummonsError(_("The notice cannot have been served in the future."))
    # Times are entered to the minute: a notice served in the minute it was issued is in order.
    if served_at < notice.issued_at.replace(second=0, microsecond=0):
        raise SummonsError(_("The notice cannot have been served before it was issued."))
    if served_at > notice.meeting_at:
        raise SummonsError(_("The notice must be served before the time of the summons."))
    notice.service_method, notice.served_at, notice.served_by = method, served_at, by
    notice.received_by = received_by.strip()
    fields = ["service_method", "served_at", "served_by", "received_by"]
    return _save(notice, by=by, reason=_("Proof of service recorded"), fields=fields)


def _check_officers(officers: list[tuple]) -> None:
    distinct = {user.pk for user, _certificate in officers}
    if len(distinct) < MeetingRecord.MIN_OFFICERS:
        raise SummonsError(_("A summons is conducted by at least two officers (Art.11)."))
    for user, certificate in officers:
        if user.role not in CAC_ROLES or not user.is_active:
            raise SummonsError(_("%(name)s is not active CAC staff.") % {"name": user})
        if not certificate.strip():
            raise SummonsError(_("Give the enforcement certificate number of %(name)s.") % {"name": user})


def _record_findings(case: Case, record: MeetingRecord, *, by) -> None:
    """A case with findings is one established violation of the account (DOMAIN.md §4)."""
    if record.problems.strip():
        registry.record_violation(
            case.account,
            source=Violation.Source.CASE,
            source_ref=case.number,
            occurred_on=timezone.localdate(record.held_at),
            summary=record.problems,
            categories=list(case.categories.all()),
            by=by,
        )


@transaction.atomic
def record_meeting(
    case: Case,
    *,
    held_at: datetime,
    place: str,
    officers: list[tuple],
    outcome: str,
    attendees: str = "",
    problems: str = "",
    rectification_items: str = "",
    deadline_days: int | None = None,
    by,
) -> MeetingRecord:
    """Record the summons (约谈记录); ``officers`` are (user, enforcement certificate number) pairs.

    An account side that did not attend is a recorded outcome that leads to escalation (Art.13).
    """
    case = _locked(case)
    notice = getattr(case, "notice", None)
    if notice is None or not notice.is_served:
        raise SummonsError(_("Record the proof of service of the notice first."))
    _check_officers(officers)
    absent = outcome == MeetingRecord.Outcome.ABSENT
    if not absent and not (problems.strip() and rectification_items.strip() and deadline_days):
        raise SummonsError(
            _("A summons held records the problems found, what to rectify and the deadline in working days.")
        )
    target = Case.Status.ABSENT if absent else Case.Status.MET
    _move(case, target, by=by, reason=MeetingRecord.Outcome(outcome).label)
    record = MeetingRecord(
        case=case,
        held_at=held_at,
        place=place,
        attendees="" if absent else attendees,
        problems=problems,
        rectification_items=rectification_items,
        deadline_days=None if absent else deadline_days,
        outcome=outcome,
        recorded_by=by,
    )
    _save(record, by=by, reason=_("Summons record entered"))
    for user, certificate in officers:
        officer = MeetingOfficer(record=record, officer=user, certificate_number=certificate.strip())
        _save(officer, by=by, reason=_("Summons record entered"))
    if not absent:
        _record_findings(case, record, by=by)
    documents.issue_record_document(case, record, by=by)
    return record


# --- Rectification ----------------------------------------------------------------------------


@transaction.atomic
def order_rectification(case: Case, *, start: date | None = None, by) -> Case:
    """Order rectification: the deadline of the record's working days runs from ``start`` (today)."""
    case = _locked(case)
    record = case.record
    case.rectification_deadline = open_deadline(
        "summons.rectification", start or timezone.localdate(), record.deadline_days, by=by
    )
    _move(
        case,
        Case.Status.RECTIFYING,
        by=by,
        reason=_("Rectification ordered within %(days)d working days") % {"days": record.deadline_days},
        fields=["rectification_deadline"],
    )
    documents.issue_rectification_notice(case, record, case.rectification_deadline, by=by)
    return case


@transaction.atomic
def extend_rectification_deadline(case: Case, *, days: int, reason: str, by) -> Case:
    """Extend the rectification deadline once, with a reason."""
    case = _locked(case)
    deadline = case.rectification_deadline
    if case.status != Case.Status.RECTIFYING or deadline is None:
        raise SummonsError(_("Only a running rectification deadline can be extended."))
    if deadline.adjustments.filter(kind=DeadlineAdjustment.Kind.EXTENSION).exists():
        raise SummonsError(_("This deadline has already been extended once."))
    try:
        adjust_deadline(deadline, DeadlineAdjustment.Kind.EXTENSION, days, reason=reason, by=by)
    except DeadlineError as exc:
        raise SummonsError(str(exc)) from exc
    deadline.refresh_from_db()
    # The rectification notice names the deadline: the extended one is a corrected notice.
    documents.correct_rectification_notice(case, case.record, deadline, reason=reason, by=by)
    return case


@transaction.atomic
def mark_overdue(case: Case, *, today: date | None = None, by=None) -> bool:
    """The rectification deadline passed: the case enters the escalation queue, once.

    Returns whether the case moved (False when it was submitted or marked in the meantime).
    """
    case = _locked(case)
    today = today or timezone.localdate()
    deadline = case.rectification_deadline
    if case.status != Case.Status.RECTIFYING or deadline is None or deadline.due_date >= today:
        return False
    close_deadline(deadline, by=by)
    _move(case, Case.Status.OVERDUE, by=by, reason=_("Rectification deadline passed"))
    _notify_on_commit(
        case.officer,
        "summons_overdue",
        case,
        # The reminder engine's key for the same event: the officer hears of it once.
        f"{REMINDER_KEY_PREFIX}-{case.pk}-{Case.RECTIFY.name}-overdue",
        due=f"{deadline.due_date:%Y-%m-%d}",
    )
    return True


def submit_rectification(
    case: Case, *, text: str, received_on: date, images: list[ProcessedImage] = (), by
) -> Rectification:
    """Enter the account's rectification report (text and images) as the officer received it.

    The images are stored before the transaction that records them and removed if it rolls back.
    """
    stored = [store(image, folder="rectifications") for image in images]
    try:
        return _enter_rectification(case, text, received_on, list(zip(stored, images, strict=True)), by=by)
    except BaseException:
        # The database rolled back: remove the files written for it.
        for path in stored:
            default_storage.delete(path)
        raise


@transaction.atomic
def _enter_rectification(
    case: Case, text: str, received_on: date, files: list[tuple], *, by
) -> Rectification:
    case = _locked(case)
    if not text.strip():
        raise SummonsError(_("Write down the account's rectification report."))
    if received_on > timezone.localdate():
        raise SummonsError(_("The rectification cannot have been received in the future."))
    _move(case, Case.Status.SUBMITTED, by=by, reason=_("Rectification report received"))
    close_deadline(case.rectification_deadline, by=by)
    rectification = Rectification(case=case, text=text.strip(), received_on=received_on, entered_by=by)
    _save(rectification, by=by, reason=_("Rectification report received"))
    for path, image in files:
        RectificationFile.objects.create(
            rectification=rectification,
            path=path,
            content_type=image.content_type,
            size=len(image.data),
            sha256=image.sha256,
            original_name=image.original_name[:200],
        )
    return rectification


# --- Evaluation (Art.14) ----------------------------------------------------------------------


def _check_evaluator(case: Case, evaluator) -> None:
    if not evaluator.is_active:
        raise SummonsError(_("%(name)s is not an active user.") % {"name": evaluator})
    if evaluator.role == Role.EXPERT:
        return
    liaison = case.account.liaison_organisation_id
    if evaluator.role != Role.ASSOCIATION or liaison is None or evaluator.organisation_id != liaison:
        raise SummonsError(
            _("Evaluators are staff of the account's liaison organisation or third-party experts (Art.14).")
        )


def _active_assignment(case: Case) -> EvaluatorAssignment | None:
    active = case.assignments.select_for_update(of=("self",)).filter(recused_at=None)
    return active.select_related("evaluator").first()


@transaction.atomic
def assign_evaluator(case: Case, evaluator, *, by) -> EvaluatorAssignment:
    """Give the rectification to an evaluator, who has SUMMONS_EVALUATION_DAYS working days."""
    case = _locked(case)
    _check_evaluator(case, evaluator)
    if case.assignments.has_recused(evaluator):
        raise SummonsError(_("%(name)s has declared a conflict on this case.") % {"name": evaluator})
    _move(case, Case.Status.EVALUATING, by=by, reason=_("Assigned to %(name)s") % {"name": evaluator})
    case.evaluator = evaluator
    case.evaluation_deadline = open_deadline(
        "summons.evaluation", timezone.localdate(), settings.SUMMONS_EVALUATION_DAYS, by=by
    )
    _save(case, by=by, reason=_("Evaluator assigned"), fields=["evaluator", "evaluation_deadline"])
    assignment = EvaluatorAssignment(case=case, evaluator=evaluator, assigned_by=by)
    _save(assignment, by=by, reason=_("Evaluator assigned"))
    _notify_on_commit(evaluator, "summons_evaluation_assigned", case, f"summons-assignment-{assignment.pk}")
    return assignment


@transaction.atomic
def recuse_evaluator(case: Case, *, conflict: str, by) -> EvaluatorAssignment:
    """The evaluator declares a conflict of interest and steps aside; the case awaits another."""
    case = _locked(case)
    assignment = _active_assignment(case)
    if assignment is None or assignment.evaluator_id != by.pk:
        raise SummonsError(_("Only the assigned evaluator can declare a conflict."))
    if not conflict.strip():
        raise SummonsError(_("Say what the conflict of interest is."))
    assignment.recused_at, assignment.conflict = timezone.now(), conflict.strip()
    _save(assignment, by=by, reason=_("Conflict of interest declared"), fields=["recused_at", "conflict"])
    close_deadline(case.evaluation_deadline, by=by)
    case.evaluator = None
    _save(case, by=by, reason=_("Conflict of interest declared"), fields=["evaluator"])
    _move(case, Case.Status.SUBMITTED, by=by, reason=_("Evaluator recused: %(why)s") % {"why": conflict})
    _notify_on_commit(case.officer, "summons_evaluator_recused", case, f"summons-recused-{assignment.pk}")
    return assignment


@transaction.atomic
def evaluate_rectification(case: Case, *, passed: bool, reasons: str, by) -> Evaluation:
    """The assigned evaluator's verdict: adequate (合格) or inadequate (不合格), with reasons."""
    case = _locked(case)
    if not Rectification.objects.filter(case=case).exists():
        raise SummonsError(_("There is no rectification report to evaluate yet."))
    assignment = _active_assignment(case)
    if case.status != Case.Status.EVALUATING or assignment is None or assignment.evaluator_id != by.pk:
        raise SummonsError(_("Only the assigned evaluator can evaluate this rectification."))
    if not reasons.strip():
        raise SummonsError(_("Give the reasons for the evaluation."))
    result = Evaluation.Result.PASSED if passed else Evaluation.Result.FAILED
    evaluation = Evaluation(assignment=assignment, result=result, reasons=reasons.strip())
    _save(evaluation, by=by, reason=result.label)
    close_deadline(case.evaluation_deadline, by=by)
    _move(case, Case.Status.PASSED if passed else Case.Status.FAILED, by=by, reason=result.label)
    _notify_on_commit(
        case.officer,
        "summons_evaluated",
        case,
        f"summons-evaluated-{evaluation.pk}",
        result=str(result.label),
    )
    return evaluation


# --- Escalation (Art.13) ----------------------------------------------------------------------


def _locked_escalation(escalation: Escalation) -> tuple[Case, Escalation]:
    case = _locked(escalation.case)
    return case, Escalation.objects.select_for_update().get(pk=escalation.pk)


def _move_escalation(escalation: Escalation, status: str, *, by, reason: str, fields: Iterable[str]) -> None:
    if not escalation.can_become(status):
        raise SummonsError(
            _("An escalation that is “%(current)s” cannot become “%(target)s”.")
            % {"current": escalation.get_status_display(), "target": Escalation.Status(status).label}
        )
    escalation.status = status
    _save(escalation, by=by, reason=reason, fields=["status", *fields])


@transaction.atomic
def prepare_escalation(
    case: Case, *, measure: Measure, departments: Iterable[Department], reason: str, by
) -> Escalation:
    """Prepare the notices to departments and the measure request; a leader approves them."""
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise SummonsError(_("A closed case cannot be escalated."))
    if not reason.strip():
        raise SummonsError(_("Give the reasons for the escalation."))
    if case.status == Case.Status.RECTIFYING and case.is_overdue:
        mark_overdue(case, by=by)
        case = _locked(case)
    if not case.may_escalate:
        raise SummonsError(
            _("Only a case that did not attend, is overdue or rectified inadequately is escalated (Art.13).")
        )
    grounds_status = case.status
    _move(case, Case.Status.ESCALATED, by=by, reason=_("Escalation prepared"))
    escalation = Escalation(
        case=case,
        grounds_status=grounds_status,
        reason=reason.strip(),
        measure_requested=measure,
        prepared_by=by,
    )
    _save(escalation, by=by, reason=_("Escalation prepared"))
    escalation.departments.set(departments)
    transaction.on_commit(
        lambda: notify_role(
            Role.LEADER,
            kind="summons_escalation_pending",
            key=f"summons-escalation-{escalation.pk}-pending",
            obj=case,
            context={"number": case.number, "measure": str(measure)},
            url=case_url(case),
        )
    )
    return escalation


def _check_leader(by) -> None:
    if by.role != Role.LEADER or not by.is_active:
        raise SummonsError(_("Only a CAC leader decides on an escalation."))


@transaction.atomic
def approve_escalation(escalation: Escalation, *, note: str = "", by) -> Escalation:
    """The leader approves the department notices and the measure request."""
    _check_leader(by)
    case, escalation = _locked_escalation(escalation)
    escalation.decided_by, escalation.decided_at, escalation.decision_note = by, timezone.now(), note.strip()
    _move_escalation(
        escalation,
        Escalation.Status.APPROVED,
        by=by,
        reason=_("Approved"),
        fields=["decided_by", "decided_at", "decision_note"],
    )
    documents.issue_escalation_letters(case, escalation, by=by)
    _notify_on_commit(
        case.officer, "summons_escalation_approved", case, f"summons-escalation-{escalation.pk}-ok"
    )
    return escalation


@transaction.atomic
def reject_escalation(escalation: Escalation, *, note: str, by) -> Escalation:
    """The leader does not approve; the case returns to what led to the escalation."""
    _check_leader(by)
    if not note.strip():
        raise SummonsError(_("Say why the escalation is not approved."))
    case, escalation = _locked_escalation(escalation)
    escalation.decided_by, escalation.decided_at, escalation.decision_note = by, timezone.now(), note.strip()
    _move_escalation(
        escalation,
        Escalation.Status.REJECTED,
        by=by,
        reason=_("Not approved"),
        fields=["decided_by", "decided_at", "decision_note"],
    )
    _move(
        case, escalation.grounds_status, by=by, reason=_("Escalation not approved: %(note)s") % {"note": note}
    )
    _notify_on_commit(
        case.officer, "summons_escalation_rejected", case, f"summons-escalation-{escalation.pk}-no"
    )
    return escalation


@transaction.atomic
def record_reply(
    escalation: Escalation,
    *,
    reply_number: str,
    measure_granted: Measure | None,
    period_start: date | None = None,
    period_end: date | None = None,
    by,
) -> Escalation:
    """Record the upper-level CAC's reply; only now does the account's status follow the measure."""
    case, escalation = _locked_escalation(escalation)
    if escalation.status == Escalation.Status.PREPARED:
        raise SummonsError(_("The reply can only be recorded after a leader has approved the request."))
    if not reply_number.strip():
        raise SummonsError(_("Give the document number of the reply."))
    if measure_granted is not None and period_start is None:
        raise SummonsError(_("Give the date from which the measure applies."))
    if period_start and period_end and period_end < period_start:
        raise SummonsError(_("The measure cannot end before it starts."))
    escalation.reply_number, escalation.measure_granted = reply_number.strip(), measure_granted
    escalation.period_start, escalation.period_end = period_start, period_end
    escalation.status_before, escalation.replied_at = case.account.status, timezone.now()
    reason = _("Reply %(number)s recorded") % {"number": escalation.reply_number}
    fields = ["reply_number", "measure_granted", "period_start", "period_end", "status_before", "replied_at"]
    _move_escalation(escalation, Escalation.Status.REPLIED, by=by, reason=reason, fields=fields)
    if measure_granted is not None:
        registry.set_account_status(
            case.account,
            measure_granted.account_status,
            by=by,
            reason=_("%(measure)s under reply %(number)s (case %(case)s, Art.13)")
            % {"measure": measure_granted, "number": escalation.reply_number, "case": case.number},
        )
    return escalation


@transaction.atomic
def end_measure(escalation: Escalation, *, today: date | None = None, by=None) -> bool:
    """The measure's period has ended: the account's status goes back to what it was before.

    Returns whether anything changed; running it again for the same escalation does nothing.
    """
    case, escalation = _locked_escalation(escalation)
    today = today or timezone.localdate()
    if (
        escalation.status != Escalation.Status.REPLIED
        or not escalation.period_end
        or escalation.period_end >= today
    ):
        return False
    escalation.ended_at = timezone.now()
    reason = _("Measure under reply %(number)s ended on %(day)s") % {
        "number": escalation.reply_number,
        "day": f"{escalation.period_end:%Y-%m-%d}",
    }
    _move_escalation(escalation, Escalation.Status.ENDED, by=by, reason=reason, fields=["ended_at"])
    measure = escalation.measure_granted
    account = Account.objects.get(pk=case.account_id)
    # A later measure or a registry change since the reply is left as it is.
    if measure is not None and account.status == measure.account_status:
        registry.set_account_status(
            account, escalation.status_before or Account.Status.NORMAL, by=by, reason=reason
        )
    _notify_on_commit(
        case.officer,
        "summons_measure_ended",
        case,
        f"summons-escalation-{escalation.pk}-ended",
        reply=escalation.reply_number,
    )
    return True


# --- Closing ----------------------------------------------------------------------------------


def _close_reports(case: Case, public_reply: str, *, by) -> None:
    handling = list(case.reports.filter(status=Report.Status.HANDLING))
    if handling and not public_reply.strip():
        raise SummonsError(_("Write the reply that the reporters of the linked reports will read."))
    for report in handling:
        report_services.close_report(report, public_reply=public_reply, by=by)


@transaction.atomic
def close_case(case: Case, *, note: str, public_apology: bool = False, public_reply: str = "", by) -> Case:
    """Close the case (结案); linked reports still being handled are concluded with ``public_reply``."""
    case = _locked(case)
    if not note.strip():
        raise SummonsError(_("Write down how the case ends."))
    if case.status == Case.Status.ESCALATED:
        latest = case.escalations.order_by("-prepared_at", "-pk").first()
        if latest is None or latest.status not in (Escalation.Status.REPLIED, Escalation.Status.ENDED):
            raise SummonsError(_("An escalated case is closed once the reply is recorded."))
    case.closing_note, case.public_apology, case.closed_at = note.strip(), public_apology, timezone.now()
    _move(
        case,
        Case.Status.CLOSED,
        by=by,
        reason=_("Case closed"),
        fields=["closing_note", "public_apology", "closed_at"],
    )
    _close_reports(case, public_reply, by=by)
    return case
