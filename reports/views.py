"""The public report channel (``/report/``) and the officers' queue (``/reports/``)."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Account
from yuhang_cac.audit.history import history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core import uploads
from yuhang_cac.core.public import public_page
from yuhang_cac.core.ratelimit import charge, rate_limited, too_many_requests, wait_seconds
from yuhang_cac.core.transitions import transition_view

from . import evidence, forms, services
from .filters import ReportFilter
from .models import Report
from .selectors import candidate_accounts, related_reports

# --- The public side ------------------------------------------------------------------------


@public_page
@rate_limited("report-submit", rate_setting="REPORT_SUBMIT_RATE")
def submit(request):
    """The public report form; evidence that passed its checks is staged across form errors."""
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            receipt = services.submit_report(
                images=form.processed_images, contact=form.contact(), **form.report_fields()
            )
            evidence.discard(form.cleaned_data.get("staged", ""))
            request.session["receipt"] = {"number": receipt.number, "code": receipt.code}
            return redirect("public_reports:done")
        previous = form.data.get("staged", "")
        form.keep_for_another_try(evidence.stage(form.processed_images))
        evidence.discard(previous)
    return render(request, "reports/report_form.html", {"form": form})


@public_page
def done(request):
    """The report number and receipt code, shown once."""
    receipt = request.session.pop("receipt", None)
    if receipt is None:
        return redirect("public_reports:submit")
    return render(request, "reports/report_done.html", {"receipt": receipt})


@public_page
@rate_limited("report-lookup", rate_setting="REPORT_LOOKUP_RATE")
def status(request):
    """Number + receipt code → a plain status and the office's reply; failures are limited."""
    form = forms.StatusLookupForm(request.POST or None)
    report = outcome = None
    if request.method == "POST" and form.is_valid():
        # Checked before the attempt: a client out of failures learns nothing from further tries.
        wait = wait_seconds("report-lookup-failure", request, settings.REPORT_LOOKUP_FAILURE_RATE)
        if wait:
            return too_many_requests(request, wait)
        report = services.find_by_receipt(form.cleaned_data["number"], form.cleaned_data["receipt"])
        if report is None:
            charge("report-lookup-failure", request, settings.REPORT_LOOKUP_FAILURE_RATE)
            form.add_error(
                None, _("No report matches this number and receipt code. Check both and try again.")
            )
        else:
            outcome = services.public_outcome(report)
    context = {"form": form, "report": report, "outcome": outcome}
    return render(request, "reports/report_status.html", context)


# --- The officers' side ---------------------------------------------------------------------


@permission_required("reports.view_report", raise_exception=True)
def queue(request):
    reports = Report.objects.visible_to(request.user).select_related(
        "platform", "category", "account", "assignee", "accept_deadline", "verify_deadline"
    )
    report_filter = ReportFilter(request.GET, queryset=reports)
    counts = dict(reports.values_list("status").annotate(n=Count("pk")).order_by())
    page = Paginator(report_filter.qs, 50).get_page(request.GET.get("page"))
    status_counts = [(value, label, counts.get(value, 0)) for value, label in Report.Status.choices]
    return render(
        request,
        "reports/report_list.html",
        {"filter": report_filter, "page": page, "status_counts": status_counts},
    )


def _report_for(request, pk) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "platform", "category", "account__platform", "assignee", "merged_into"
        ),
        pk=pk,
    )


def _detail(request, report: Report, bound: dict | None = None, status: int = 200):
    """The report page; ``bound`` carries a submitted form with its errors back to its place."""
    can = {s: report.can_become(s) for s in Report.Status.values}
    show_contact = request.user.has_perm("reports.view_reporter") and hasattr(report, "contact")
    if show_contact:
        record_event(AuditEvent.Kind.PERSONAL_DATA_VIEWED, actor=request.user, target=report, request=request)
    form_classes = {
        "refuse": forms.RefuseForm,
        "assign": forms.AssignForm,
        "verify": forms.VerifyForm,
        "handle": forms.HandleForm,
        "close": forms.CloseForm,
        "merge": forms.MergeForm,
        "extend": forms.ExtendForm,
        "note": forms.NoteForm,
    }
    context = {name: form_class() for name, form_class in form_classes.items()} | (bound or {})
    context.update(
        report=report,
        evidence=report.evidence.all(),
        candidates=candidate_accounts(report) if not report.account_id and not report.is_final else [],
        related=related_reports(report),
        notes=report.notes.select_related("by"),
        actions=report.actions.select_related("by"),
        duplicates=report.duplicates.all(),
        contact=report.contact if show_contact else None,
        deadline=report.current_deadline,
        history_entries=history_entries(report),
        can_process=request.user.has_perm("reports.process_report"),
        can_accept=can[Report.Status.ACCEPTED],
        can_refuse=can[Report.Status.REFUSED],
        can_start_verification=can[Report.Status.VERIFYING],
        can_verify=can[Report.Status.FOUND_TRUE],
        can_handle=can[Report.Status.HANDLING] or report.status == Report.Status.HANDLING,
        can_close=can[Report.Status.CLOSED],
        can_merge=can[Report.Status.MERGED],
        can_link=report.status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED, Report.Status.VERIFYING),
        can_extend=report.current_deadline is not None,
    )
    return render(request, "reports/report_detail.html", context, status=status)


@permission_required("reports.view_report", raise_exception=True)
def detail(request, pk):
    return _detail(request, _report_for(request, pk))


@permission_required("reports.view_report", raise_exception=True)
def evidence_file(request, pk, image_pk):
    """An evidence image, inline, for staff only: nosniff and a sandboxing CSP."""
    image = get_object_or_404(_report_for(request, pk).evidence, pk=image_pk)
    return uploads.file_response(image.path, image.content_type)


def _transition(name: str, service, done, form_class=None):
    """A report transition: officers and leaders holding ``process_report``."""
    return transition_view(
        name=name,
        load=_report_for,
        permission="reports.process_report",
        service=service,
        page=_detail,
        done=done,
        form_class=form_class,
    )


def _link_visible_account(report: Report, *, account: int, by):
    """Link an account the user may see; any other id is 404, as if it did not exist."""
    found = Account.objects.visible_to(by).filter(pk=account).first()
    if found is None:
        raise Http404
    return services.link_account(report, found, by=by)


accept = _transition("accept", services.accept_report, gettext_lazy("Report accepted."))
refuse = _transition("refuse", services.refuse_report, gettext_lazy("Report not accepted."), forms.RefuseForm)
assign = _transition("assign", services.assign_report, gettext_lazy("Assigned."), forms.AssignForm)
start_verification = _transition(
    "start_verification", services.start_verification, gettext_lazy("Verification started.")
)
verify = _transition("verify", services.verify_report, gettext_lazy("Result recorded."), forms.VerifyForm)
handle = _transition("handle", services.handle_report, gettext_lazy("Action recorded."), forms.HandleForm)
close = _transition("close", services.close_report, gettext_lazy("Report concluded."), forms.CloseForm)
merge = _transition("merge", services.merge_report, gettext_lazy("Report merged."), forms.MergeForm)
extend = _transition(
    "extend", services.extend_report_deadline, gettext_lazy("Deadline extended."), forms.ExtendForm
)
add_note = _transition("note", services.add_note, gettext_lazy("Note added."), forms.NoteForm)
create_account = _transition(
    "create_account",
    services.create_provisional_account,
    gettext_lazy("A provisional registry account was created and linked."),
)
link_account = _transition(
    "link_account", _link_visible_account, gettext_lazy("Account linked."), forms.LinkAccountForm
)
