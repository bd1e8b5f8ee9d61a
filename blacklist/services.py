"""Every change to the management list is one function here (Art.15, DOMAIN.md §6).

Each locks the entry, checks the transition, saves the changed fields with a history reason
and queues notifications after commit. Other apps' records (violations, cases, reports) are
read as evidence and never changed from here.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Account, Platform, Violation
from reports.models import Report
from summons.models import Case
from yuhang_cac.core.regulation import basis
from yuhang_cac.core.transitions import TransitionError
from yuhang_cac.documents.services import issue_document
from yuhang_cac.notifications.services import notify, notify_role
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import CAC_ROLES, Role
from yuhang_cac.workdays.services import close_deadline, open_deadline

from . import clock
from .models import Department, Entry, JointNotice, LiftApplication, Severity, add_months


class BlacklistError(TransitionError):
    """A management list step that the workflow refuses; the message is for the user."""


S = Entry.Status


def default_legal_basis() -> str:
    return basis(15)


def _locked(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("account__operator", "defence_deadline", "severity")
        .get(pk=entry.pk)
    )


def _save(obj, *, by, reason: str, fields: list[str] | None = None):
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=fields) if fields else obj.save()
    return obj


def _move(entry: Entry, status: str, *, by, reason: str, fields: Iterable[str] = ()) -> Entry:
    if not entry.can_become(status):
        raise BlacklistError(
            _("An entry that is “%(current)s” cannot become “%(target)s”.")
            % {"current": entry.get_status_display(), "target": Entry.Status(status).label}
        )
    entry.status = status
    return _save(entry, by=by, reason=reason, fields=["status", *fields])


def _context(entry: Entry, **extra) -> dict:
    return {"account": entry.account.name, **extra}


def _notify_on_commit(user, kind: str, entry: Entry, key: str, **context) -> None:
    if user is None:
        return
    context = _context(entry, **context)
    transaction.on_commit(
        lambda: notify(user, kind, entry, key, context=context, url=entry.get_absolute_url())
    )


def _notify_role_on_commit(role: str, kind: str, entry: Entry, key: str, *, actor=None, **context) -> None:
    context = _context(entry, **context)
    transaction.on_commit(
        lambda: notify_role(
            role, kind=kind, key=key, obj=entry, context=context, url=entry.get_absolute_url(), actor=actor
        )
    )


def _check_staff(by) -> None:
    if by is None or by.role not in CAC_ROLES or not by.is_active:
        raise BlacklistError(_("Only active CAC staff carry management list entries."))


def _check_leader(by) -> None:
    if by is None or by.role != Role.LEADER or not by.is_active:
        raise BlacklistError(_("Only a CAC leader decides on the management list."))


def _snapshot_operator(entry: Entry, account: Account) -> list[str]:
    operator = account.operator
    entry.operator = operator
    entry.operator_name = operator.name if operator else ""
    entry.operator_credit_code = operator.credit_code if operator else ""
    return ["operator", "operator_name", "operator_credit_code"]


# --- Proposing --------------------------------------------------------------------------------


@transaction.atomic
def propose(
    account: Account,
    *,
    ground: str,
    facts: str,
    severity: Severity,
    legal_basis: str = "",
    violations: Iterable[Violation] = (),
    cases: Iterable[Case] = (),
    reports: Iterable[Report] = (),
    origin: str = Entry.Origin.OFFICER,
    proposed_at=None,
    by=None,
) -> Entry:
    """Propose an account for the list (拟列入), with its evidence; ``by`` is None for the job.

    ``proposed_at`` is for loading older records (demo data, paper files); it defaults to now.
    """
    if origin == Entry.Origin.OFFICER:
        _check_staff(by)
    if not facts.strip():
        raise BlacklistError(_("Write down the facts and reasons for listing."))
    if ground not in Entry.Ground.values:
        raise BlacklistError(_("Choose the ground of Art.15."))
    if not severity.is_active:
        raise BlacklistError(_("This severity is no longer in use."))
    violations, cases, reports = list(violations), list(cases), list(reports)
    for evidence in (*violations, *cases, *reports):
        if evidence.account_id != account.pk:
            raise BlacklistError(_("The evidence must be about this account."))
    Account.objects.select_for_update().filter(pk=account.pk).first()
    if Entry.objects.live().filter(account=account).exists():
        raise BlacklistError(_("This account is already on the management list or proposed for it."))
    entry = Entry(
        account=account,
        ground=ground,
        facts=facts.strip(),
        legal_basis=legal_basis.strip(),
        severity=severity,
        min_months=severity.min_months,
        max_months=severity.max_months,
        origin=origin,
        proposed_by=by,
        proposed_at=proposed_at or timezone.now(),
    )
    _snapshot_operator(entry, account)
    try:
        with transaction.atomic():
            _save(entry, by=by, reason=_("Proposed for the management list"))
    except IntegrityError as exc:
        raise BlacklistError(_("This account is already on the management list or proposed for it.")) from exc
    entry.violations.set(violations)
    entry.cases.set(cases)
    entry.reports.set(reports)
    return entry


@transaction.atomic
def withdraw(entry: Entry, *, note: str, by) -> Entry:
    """The office decides not to list (不予列入) before a decision, with the reason."""
    _check_staff(by)
    entry = _locked(entry)
    if entry.status == S.PENDING:
        raise BlacklistError(_("An entry awaiting approval is decided by a leader."))
    if not note.strip():
        raise BlacklistError(_("Say why the account is not listed."))
    entry.withdrawn_note = note.strip()
    _close_defence_clock(entry, by)
    return _move(entry, S.WITHDRAWN, by=by, reason=_("Not listed"), fields=["withdrawn_note"])


def _close_defence_clock(entry: Entry, by) -> None:
    if entry.defence_deadline_id:
        close_deadline(entry.defence_deadline, by=by)


# --- The notice and the defence -----------------------------------------------------------------


@transaction.atomic
def serve_notice(
    entry: Entry, *, method: str, served_on: date, received_by: str, legal_basis: str = "", by
) -> Entry:
    """Issue the notice (告知书: reasons, basis, the right to state a defence) and record its service.

    The defence window of BLACKLIST_DEFENCE_DAYS working days runs from the day it was served.
    """
    _check_staff(by)
    entry = _locked(entry)
    if entry.status != S.PROPOSED:
        raise BlacklistError(_("The notice is served once, on a proposed entry."))
    if legal_basis.strip():
        entry.legal_basis = legal_basis.strip()
    if not entry.legal_basis:
        raise BlacklistError(_("State the legal basis before the notice is served."))
    if served_on > clock.today():
        raise BlacklistError(_("The notice cannot have been served in the future."))
    if served_on < timezone.localdate(entry.proposed_at):
        raise BlacklistError(_("The notice cannot have been served before the entry was proposed."))
    entry.service_method, entry.served_on, entry.received_by = method, served_on, received_by.strip()
    entry.defence_deadline = open_deadline(
        "blacklist.defence", served_on, settings.BLACKLIST_DEFENCE_DAYS, by=by
    )
    fields = ["legal_basis", "service_method", "served_on", "received_by", "defence_deadline"]
    _move(entry, S.NOTIFIED, by=by, reason=_("Notice served"), fields=fields)
    issue_document(
        entry,
        series="blacklist-notice",
        template="blacklist/documents/notice.html",
        context={"entry": entry, "deadline": entry.defence_deadline},
        title=_("Notice of proposed inclusion in the management list"),
        addressee=entry.operator_name or entry.account.name,
        issued_at=_issued_at(served_on),
        by=by,
    )
    return entry


def _issued_at(day: date):
    """A document dated ``day``: now when it is today, else noon of that day (older records)."""
    if day >= timezone.localdate():
        return None
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@transaction.atomic
def record_defence(
    entry: Entry,
    *,
    waived: bool = False,
    defence: str = "",
    received_on: date | None = None,
    answer: str = "",
    by,
) -> Entry:
    """Record the account's defence and the office's answer, or that none was stated; the entry
    then awaits a leader's decision. Without a defence, only once the window has closed."""
    _check_staff(by)
    entry = _locked(entry)
    if entry.status != S.NOTIFIED:
        raise BlacklistError(_("A defence is recorded after the notice has been served."))
    deadline = entry.defence_deadline
    if waived:
        if deadline is not None and deadline.due_date >= clock.today() and not defence.strip():
            raise BlacklistError(
                _(
                    "The account may state a defence until %(day)s; "
                    "wait for it, or record its waiver in writing."
                )
                % {"day": f"{deadline.due_date:%Y-%m-%d}"}
            )
        entry.defence_waived = True
        entry.defence = defence.strip()
        entry.defence_received_on = received_on
        reason = _("No defence stated")
    else:
        if not defence.strip() or received_on is None:
            raise BlacklistError(_("Write down the defence and the day it was received."))
        if not answer.strip():
            raise BlacklistError(_("Answer the defence: say which points are accepted and why."))
        if received_on > clock.today():
            raise BlacklistError(_("The defence cannot have been received in the future."))
        if entry.served_on and received_on < entry.served_on:
            raise BlacklistError(_("The defence cannot have been received before the notice was served."))
        entry.defence, entry.defence_received_on, entry.defence_waived = defence.strip(), received_on, False
        reason = _("Defence recorded and answered")
    entry.defence_answer = answer.strip()
    _close_defence_clock(entry, by)
    fields = ["defence_waived", "defence", "defence_received_on", "defence_answer"]
    _move(entry, S.PENDING, by=by, reason=reason, fields=fields)
    _notify_role_on_commit(Role.LEADER, "blacklist_pending", entry, f"blacklist-{entry.pk}-pending", actor=by)
    return entry


# --- The leader's decision ----------------------------------------------------------------------


def _listing_count(entry: Entry) -> tuple[int, int]:
    """How many times the account and the operator have been listed before, this one excluded."""
    listed = Entry.objects.filter(status__in=(S.LISTED, S.LIFTED)).exclude(pk=entry.pk)
    account_times = listed.filter(account=entry.account_id).count()
    operator_times = 0
    if entry.operator_credit_code:
        operator_times = listed.filter(operator_credit_code=entry.operator_credit_code).count()
    elif entry.operator_id:
        operator_times = listed.filter(operator=entry.operator_id).count()
    return account_times, operator_times


@transaction.atomic
def approve(entry: Entry, *, note: str = "", on: date | None = None, by) -> Entry:
    """The leader decides to list: the period runs from today, between the minimum and the maximum.

    ``on`` is for loading older decisions (demo data, paper files); it defaults to today.
    """
    _check_leader(by)
    entry = _locked(entry)
    if entry.served_on is None:
        raise BlacklistError(_("Nothing is listed before the notice has been served."))
    if not entry.legal_basis.strip():
        raise BlacklistError(_("Nothing is listed without a legal basis."))
    if entry.status != S.PENDING:
        raise BlacklistError(_("Only an entry whose defence has been recorded awaits a decision."))
    today = on or clock.today()
    if today < entry.served_on:
        raise BlacklistError(_("Nothing is listed before the notice has been served."))
    fields = _snapshot_operator(entry, entry.account)
    account_before, operator_before = _listing_count(entry)
    entry.account_times, entry.operator_times = account_before + 1, operator_before + 1
    entry.repeated = entry.account_times >= 2 or entry.operator_times >= 2
    entry.listed_on = today
    entry.min_until = add_months(today, entry.min_months)
    entry.max_until = add_months(today, entry.max_months)
    entry.decided_by, entry.decided_at = by, _issued_at(today) or timezone.now()
    entry.decision_note = note.strip()
    fields += [
        "account_times",
        "operator_times",
        "repeated",
        "listed_on",
        "min_until",
        "max_until",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    _move(
        entry, S.LISTED, by=by, reason=_("Listed by decision of %(leader)s") % {"leader": by}, fields=fields
    )
    issue_document(
        entry,
        series="blacklist-decide",
        template="blacklist/documents/decision.html",
        context={"entry": entry},
        title=_("Decision on inclusion in the management list"),
        addressee=entry.operator_name or entry.account.name,
        issued_at=_issued_at(today),
        by=by,
    )
    _notify_on_commit(
        entry.proposed_by,
        "blacklist_listed",
        entry,
        f"blacklist-{entry.pk}-listed",
        until=f"{entry.max_until:%Y-%m-%d}",
    )
    return entry


@transaction.atomic
def reject(entry: Entry, *, note: str, by) -> Entry:
    """The leader decides not to list, with the reason."""
    _check_leader(by)
    entry = _locked(entry)
    if entry.status != S.PENDING:
        raise BlacklistError(_("Only an entry awaiting approval is decided."))
    if not note.strip():
        raise BlacklistError(_("Say why the account is not listed."))
    entry.decided_by, entry.decided_at, entry.decision_note = by, timezone.now(), note.strip()
    entry.withdrawn_note = note.strip()
    fields = ["decided_by", "decided_at", "decision_note", "withdrawn_note"]
    _move(
        entry,
        S.WITHDRAWN,
        by=by,
        reason=_("Not listed by decision of %(leader)s") % {"leader": by},
        fields=fields,
    )
    _notify_on_commit(
        entry.proposed_by, "blacklist_not_listed", entry, f"blacklist-{entry.pk}-rejected", note=note
    )
    return entry


# --- Leaving the list ---------------------------------------------------------------------------


def _open_application(entry: Entry) -> LiftApplication | None:
    return entry.applications.select_for_update().filter(status__in=LiftApplication.OPEN_STATUSES).first()


def _check_minimum(entry: Entry, day: date) -> None:
    if entry.min_until and day < entry.min_until:
        raise BlacklistError(
            _("A listing is not removed before its minimum period ends on %(day)s.")
            % {"day": f"{entry.min_until:%Y-%m-%d}"}
        )


@transaction.atomic
def apply_for_removal(entry: Entry, *, commitment: str, received_on: date, by) -> LiftApplication:
    """Enter the account's application for early removal with its written commitment."""
    _check_staff(by)
    entry = _locked(entry)
    if entry.status != S.LISTED:
        raise BlacklistError(_("Only a listed account applies for removal."))
    if _open_application(entry) is not None:
        raise BlacklistError(_("An application for removal is already under way."))
    if not commitment.strip():
        raise BlacklistError(_("An application carries the account's written commitment."))
    if received_on > clock.today():
        raise BlacklistError(_("The application cannot have been received in the future."))
    _check_minimum(entry, clock.today())
    application = LiftApplication(
        entry=entry, commitment=commitment.strip(), received_on=received_on, entered_by=by
    )
    _save(application, by=by, reason=_("Application for early removal received"))
    return application


@transaction.atomic
def record_evaluation(
    entry: Entry, *, evaluator: Organisation, rectified: bool, evaluation: str, evaluated_on: date, by
) -> LiftApplication:
    """Record the association's evaluation of the account's rectification (Art.14, Art.15)."""
    _check_staff(by)
    entry = _locked(entry)
    application = _open_application(entry)
    if application is None or application.status != LiftApplication.Status.APPLIED:
        raise BlacklistError(_("There is no application awaiting evaluation."))
    if not evaluation.strip():
        raise BlacklistError(_("Write down the association's evaluation."))
    if evaluated_on > clock.today() or evaluated_on < application.received_on:
        raise BlacklistError(_("The evaluation is dated between the application and today."))
    application.evaluator, application.evaluation, application.evaluated_on = (
        evaluator,
        evaluation.strip(),
        evaluated_on,
    )
    application.status = LiftApplication.Status.EVALUATED if rectified else LiftApplication.Status.FAILED
    fields = ["evaluator", "evaluation", "evaluated_on", "status"]
    _save(application, by=by, reason=application.get_status_display(), fields=fields)
    if rectified:
        _notify_role_on_commit(
            Role.LEADER,
            "blacklist_lifting_pending",
            entry,
            f"blacklist-application-{application.pk}",
            actor=by,
        )
    return application


@transaction.atomic
def lift_early(entry: Entry, *, note: str = "", by) -> Entry:
    """The leader ends the listing early: an application evaluated as rectified, never before the
    minimum period."""
    _check_leader(by)
    entry = _locked(entry)
    if entry.status != S.LISTED:
        raise BlacklistError(_("Only a listed account is removed from the list."))
    today = clock.today()
    _check_minimum(entry, today)
    application = _open_application(entry)
    if application is None or application.status != LiftApplication.Status.EVALUATED:
        raise BlacklistError(
            _("Early removal needs an application with a written commitment, evaluated as rectified.")
        )
    application.status, application.decided_by = LiftApplication.Status.APPROVED, by
    application.decided_at, application.decision_note = timezone.now(), note.strip()
    _save(
        application,
        by=by,
        reason=_("Removal approved"),
        fields=["status", "decided_by", "decided_at", "decision_note"],
    )
    entry.lifted_on, entry.lift_reason, entry.lift_note = today, Entry.LiftReason.EARLY, note.strip()
    _move(
        entry,
        S.LIFTED,
        by=by,
        reason=_("Removed early by decision of %(leader)s") % {"leader": by},
        fields=["lifted_on", "lift_reason", "lift_note"],
    )
    _notify_on_commit(
        entry.proposed_by,
        "blacklist_lifted",
        entry,
        f"blacklist-{entry.pk}-lifted",
        reason=str(Entry.LiftReason.EARLY.label),
    )
    return entry


@transaction.atomic
def refuse_removal(entry: Entry, *, note: str, by) -> LiftApplication:
    """The leader refuses the application; the listing runs on."""
    _check_leader(by)
    entry = _locked(entry)
    application = _open_application(entry)
    if application is None:
        raise BlacklistError(_("There is no application for removal to decide."))
    if not note.strip():
        raise BlacklistError(_("Say why the removal is refused."))
    application.status, application.decided_by = LiftApplication.Status.REFUSED, by
    application.decided_at, application.decision_note = timezone.now(), note.strip()
    return _save(
        application,
        by=by,
        reason=_("Removal refused"),
        fields=["status", "decided_by", "decided_at", "decision_note"],
    )


@transaction.atomic
def lift_expired(entry: Entry, *, today: date | None = None, by=None) -> bool:
    """The maximum period has ended: the listing ends with the system's reason. Running it again
    changes nothing; returns whether it changed."""
    entry = _locked(entry)
    today = today or clock.today()
    if entry.status != S.LISTED or entry.max_until is None or entry.max_until > today:
        return False
    for application in entry.applications.select_for_update().filter(
        status__in=LiftApplication.OPEN_STATUSES
    ):
        application.status = LiftApplication.Status.REFUSED
        application.decision_note = str(Entry.LiftReason.EXPIRED.label)
        _save(application, by=by, reason=application.decision_note, fields=["status", "decision_note"])
    entry.lifted_on, entry.lift_reason = today, Entry.LiftReason.EXPIRED
    entry.lift_note = _("The maximum period ended on %(day)s.") % {"day": f"{entry.max_until:%Y-%m-%d}"}
    _move(entry, S.LIFTED, by=by, reason=entry.lift_note, fields=["lifted_on", "lift_reason", "lift_note"])
    _notify_on_commit(
        entry.proposed_by,
        "blacklist_lifted",
        entry,
        f"blacklist-{entry.pk}-lifted",
        reason=str(Entry.LiftReason.EXPIRED.label),
    )
    return True


# --- Joint restriction --------------------------------------------------------------------------


@transaction.atomic
def issue_joint_notices(
    entry: Entry, *, departments: Iterable[Department] = (), platforms: Iterable[Platform] = (), by
) -> list[JointNotice]:
    """Issue a joint-restriction notice to each department and platform (多次列入, Art.15)."""
    _check_staff(by)
    entry = _locked(entry)
    if entry.status != S.LISTED or not entry.repeated:
        raise BlacklistError(_("Joint restriction applies to accounts or operators listed twice or more."))
    departments, platforms = list(departments), list(platforms)
    if not departments and not platforms:
        raise BlacklistError(_("Choose at least one department or platform."))
    done = entry.joint_notices.all()
    taken = {n.department_id for n in done} | {("p", n.platform_id) for n in done}
    notices = []
    for addressee in [*departments, *platforms]:
        is_department = isinstance(addressee, Department)
        if (addressee.pk if is_department else ("p", addressee.pk)) in taken:
            raise BlacklistError(_("%(name)s has already been sent a notice.") % {"name": addressee})
        notice = JointNotice(
            entry=entry,
            department=addressee if is_department else None,
            platform=None if is_department else addressee,
            issued_by=by,
        )
        _save(notice, by=by, reason=_("Joint-restriction notice issued"))
        notice.document = issue_document(
            entry,
            series="blacklist-joint",
            template="blacklist/documents/joint.html",
            context={"entry": entry, "addressee": addressee},
            title=_("Notice of joint restriction"),
            addressee=str(addressee),
            by=by,
        )
        _save(notice, by=by, reason=_("Joint-restriction notice issued"), fields=["document"])
        notices.append(notice)
    return notices


@transaction.atomic
def record_joint_reply(notice: JointNotice, *, reply: str, replied_on: date, by) -> JointNotice:
    """Record what the department or platform answered to a joint-restriction notice."""
    _check_staff(by)
    notice = JointNotice.objects.select_for_update().get(pk=notice.pk)
    if not reply.strip():
        raise BlacklistError(_("Write down the reply."))
    if replied_on > clock.today() or replied_on < timezone.localdate(notice.issued_at):
        raise BlacklistError(_("The reply is dated between the notice and today."))
    notice.reply, notice.replied_on, notice.reply_recorded_by = reply.strip(), replied_on, by
    return _save(
        notice, by=by, reason=_("Reply recorded"), fields=["reply", "replied_on", "reply_recorded_by"]
    )
