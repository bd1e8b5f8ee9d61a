"""Every change to a report is one function here (docs/domain.md §6, Art.22).

Each locks the report, checks the transition, saves the changed fields with a
history reason, and queues notifications after commit.
"""

import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as registry
from accounts.identifiers import parse_profile_url
from accounts.models import Account, Violation
from yuhang_cac.core import crypto
from yuhang_cac.core.numbering import next_number
from yuhang_cac.core.transitions import TransitionError
from yuhang_cac.notifications.services import notify
from yuhang_cac.workdays.models import DeadlineAdjustment
from yuhang_cac.workdays.services import DeadlineError, adjust_deadline, close_deadline, open_deadline

from . import evidence
from .models import EvidenceImage, Report, ReportAction, ReporterContact, ReportNote

# Receipt codes avoid characters that are easy to misread (0/O, 1/I/L).
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 12


class ReportError(TransitionError):
    """A report transition that the workflow refuses; the message is for the user."""


@dataclass(frozen=True)
class Receipt:
    number: str
    code: str


def _receipt_hash(number: str, code: str) -> str:
    return crypto.lookup_hash(f"receipt:{number}:{normalise_receipt(code)}")


def normalise_receipt(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def format_receipt(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _move(report: Report, status: str, *, by, reason: str, fields: list[str]) -> Report:
    if not report.can_become(status):
        raise ReportError(
            _("A report that is “%(current)s” cannot become “%(target)s”.")
            % {"current": report.get_status_display(), "target": Report.Status(status).label}
        )
    report.status = status
    report._history_user = by
    report._change_reason = reason
    report.save(update_fields=["status", *fields])
    return report


def _match_account(platform, profile_url: str) -> Account | None:
    parsed = parse_profile_url(profile_url)
    if parsed is None or parsed[0] != platform.code:
        return None
    return Account.objects.filter(platform=platform, stable_id=parsed[1]).first()


def submit_report(
    *, images: list[evidence.ProcessedImage], contact: dict | None = None, submitted_at=None, **fields
) -> Receipt:
    """Take a citizen's report: number, receipt, evidence, and the 7-working-day acceptance clock.

    ``submitted_at`` is for loading older reports (demo data, migration of paper records).
    """
    stored = [evidence.store(image) for image in images]
    try:
        return _create_report(stored, images, contact, fields, submitted_at or timezone.now())
    except BaseException:
        # The database rolled back: remove the files written for it.
        for path in stored:
            default_storage.delete(path)
        raise


@transaction.atomic
def _create_report(stored: list[str], images, contact: dict | None, fields: dict, submitted_at) -> Receipt:
    today = timezone.localdate(submitted_at)
    number = f"YH{today:%Y}{next_number('report', today.year):06d}"
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    report = Report(
        number=number, receipt_hash=_receipt_hash(number, code), submitted_at=submitted_at, **fields
    )
    report.account = _match_account(report.platform, report.reported_profile_url)
    report.accept_deadline = open_deadline("report.accept", today, settings.REPORT_ACCEPT_DAYS)
    report._change_reason = _("Submitted through the public form")
    report.save()
    for path, image in zip(stored, images, strict=True):
        EvidenceImage.objects.create(
            report=report,
            path=path,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            size=len(image.data),
            sha256=image.sha256,
            original_name=image.original_name[:200],
        )
    if contact and any(contact.values()):
        ReporterContact.objects.create(report=report, **contact)
    return Receipt(number=number, code=format_receipt(code))


def find_by_receipt(number: str, code: str) -> Report | None:
    """The report for a number and receipt code, or None; both halves must match."""
    report = Report.objects.filter(number=(number or "").strip().upper()).first()
    expected = _receipt_hash((number or "").strip().upper(), code)
    if report is None or not hmac.compare_digest(report.receipt_hash, expected):
        return None
    return report


def public_outcome(report: Report) -> Report:
    """The report whose status a receipt shows: a merged report shows the one it joined."""
    seen = set()
    while report.merged_into_id and report.pk not in seen:
        seen.add(report.pk)
        report = report.merged_into
    return report


def _notify_assignee(report: Report, kind: str, key: str) -> None:
    if report.assignee_id:
        url = reverse("reports:detail", args=[report.pk])
        transaction.on_commit(
            lambda: notify(report.assignee, kind, report, key, context={"number": report.number}, url=url)
        )


@transaction.atomic
def accept_report(report: Report, *, by, today=None) -> Report:
    """Accept a report; the verification clock (15 working days) starts today (or on ``today``)."""
    report = _locked(report)
    start = today or timezone.localdate()
    report.verify_deadline = open_deadline("report.verify", start, settings.REPORT_VERIFY_DAYS)
    report.assignee = report.assignee or by
    _move(
        report,
        Report.Status.ACCEPTED,
        by=by,
        reason=_("Accepted"),
        fields=["verify_deadline", "assignee"],
    )
    close_deadline(report.accept_deadline, by=by)
    return report


@transaction.atomic
def refuse_report(report: Report, *, reason: str, public_reply: str, referred_to: str = "", by) -> Report:
    """Refuse a report with one of the four reasons; out-of-jurisdiction leads are referred."""
    report = _locked(report)
    if reason == Report.RefusalReason.OUT_OF_JURISDICTION and not referred_to.strip():
        raise ReportError(_("Say to which office the report is referred."))
    if not public_reply.strip():
        raise ReportError(_("Write the reply the reporter will read."))
    report.refusal_reason, report.referred_to, report.public_reply = reason, referred_to.strip(), public_reply
    report.closed_at = timezone.now()
    _move(
        report,
        Report.Status.REFUSED,
        by=by,
        reason=_("Not accepted: %(reason)s") % {"reason": Report.RefusalReason(reason).label},
        fields=["refusal_reason", "referred_to", "public_reply", "closed_at"],
    )
    close_deadline(report.accept_deadline, by=by)
    return report


@transaction.atomic
def assign_report(report: Report, assignee, *, by) -> Report:
    report = _locked(report)
    if report.is_final:
        raise ReportError(_("A finished report cannot be assigned."))
    if assignee.role not in ("officer", "leader") or not assignee.is_active:
        raise ReportError(_("Reports can only be assigned to active CAC staff."))
    report.assignee = assignee
    report._history_user = by
    report._change_reason = _("Assigned to %(name)s") % {"name": assignee}
    report.save(update_fields=["assignee"])
    _notify_assignee(report, "report_assigned", f"report-{report.pk}-assigned-{assignee.pk}")
    return report


@transaction.atomic
def start_verification(report: Report, *, by) -> Report:
    report = _locked(report)
    return _move(report, Report.Status.VERIFYING, by=by, reason=_("Verification started"), fields=[])


@transaction.atomic
def verify_report(report: Report, *, found_true: bool, finding: str, by) -> Report:
    """Record the verification (核查) result; a report found true writes one Violation."""
    report = _locked(report)
    if not finding.strip():
        raise ReportError(_("Write down what the verification found."))
    if found_true and report.account_id is None:
        raise ReportError(_("Link the report to a registry account (or create a provisional one) first."))
    status = Report.Status.FOUND_TRUE if found_true else Report.Status.FOUND_FALSE
    _move(report, status, by=by, reason=Report.Status(status).label, fields=[])
    ReportNote.objects.create(report=report, text=finding, by=by)
    close_deadline(report.verify_deadline, by=by)
    if found_true:
        registry.record_violation(
            report.account,
            source=Violation.Source.REPORT,
            source_ref=report.number,
            occurred_on=timezone.localdate(report.submitted_at),
            summary=finding,
            categories=[report.category],
            by=by,
        )
    return report


@transaction.atomic
def handle_report(report: Report, *, kind: str, note: str, by) -> Report:
    """Record one handling action: forwarded to the platform, case opened, noted for assessment."""
    report = _locked(report)
    if report.status != Report.Status.HANDLING:
        _move(report, Report.Status.HANDLING, by=by, reason=ReportAction.Kind(kind).label, fields=[])
    ReportAction.objects.create(report=report, kind=kind, note=note, by=by)
    return report


@transaction.atomic
def close_report(report: Report, *, public_reply: str, by) -> Report:
    """Close the report with the reply that the reporter (and every merged reporter) reads."""
    report = _locked(report)
    if not public_reply.strip():
        raise ReportError(_("Write the reply the reporter will read."))
    report.public_reply, report.closed_at = public_reply, timezone.now()
    return _move(
        report, Report.Status.CLOSED, by=by, reason=_("Concluded"), fields=["public_reply", "closed_at"]
    )


@transaction.atomic
def merge_report(report: Report, *, into: Report, by) -> Report:
    """Merge a duplicate into another report; its receipt then shows the other's outcome."""
    report, into = _locked(report), _locked(into)
    if into.pk == report.pk or into.status == Report.Status.MERGED:
        raise ReportError(_("Choose another report that has not itself been merged."))
    report.merged_into = into
    report.closed_at = timezone.now()
    _move(
        report,
        Report.Status.MERGED,
        by=by,
        reason=_("Merged into %(number)s") % {"number": into.number},
        fields=["merged_into", "closed_at"],
    )
    for deadline in (report.accept_deadline, report.verify_deadline):
        if deadline is not None:
            close_deadline(deadline, by=by)
    return report


@transaction.atomic
def extend_report_deadline(report: Report, *, days: int, reason: str, by) -> Report:
    """Extend the running deadline once, with a reason."""
    report = _locked(report)
    deadline = report.current_deadline
    if deadline is None:
        raise ReportError(_("This report has no running deadline."))
    if deadline.adjustments.filter(kind=DeadlineAdjustment.Kind.EXTENSION).exists():
        raise ReportError(_("This deadline has already been extended once."))
    try:
        adjust_deadline(deadline, DeadlineAdjustment.Kind.EXTENSION, days, reason=reason, by=by)
    except DeadlineError as exc:
        raise ReportError(str(exc)) from exc
    return report


@transaction.atomic
def link_account(report: Report, account: Account, *, by) -> Report:
    report = _locked(report)
    if report.status in (Report.Status.FOUND_TRUE, Report.Status.HANDLING, *Report.FINAL_STATUSES):
        raise ReportError(_("The account can no longer be changed on this report."))
    report.account = account
    report._history_user = by
    report._change_reason = _("Linked to %(account)s") % {"account": account}
    report.save(update_fields=["account"])
    return report


@transaction.atomic
def create_provisional_account(report: Report, *, by) -> Report:
    """A 待核实 registry account from what the citizen gave, linked to the report."""
    report = _locked(report)
    if report.account_id:
        raise ReportError(_("This report is already linked to a registry account."))
    parsed = parse_profile_url(report.reported_profile_url)
    stable_id = parsed[1] if parsed and parsed[0] == report.platform.code else ""
    if stable_id and Account.objects.filter(platform=report.platform, stable_id=stable_id).exists():
        raise ReportError(_("This account is already in the registry: link it instead."))
    account = registry.create_pending_account(
        platform=report.platform,
        name=report.reported_name,
        profile_url=report.reported_profile_url,
        stable_id=stable_id,
        by=by,
    )
    return link_account(report, account, by=by)


@transaction.atomic
def add_note(report: Report, *, text: str, by) -> ReportNote:
    if not text.strip():
        raise ReportError(_("The note is empty."))
    return ReportNote.objects.create(report=report, text=text, by=by)
