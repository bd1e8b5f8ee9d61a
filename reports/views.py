"""The public report channel (``/report/``) and the officers' queue (``/reports/``)."""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from accounts.models import Account, ProhibitedContent
from yuhang_cac.audit.history import history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core import uploads
from yuhang_cac.core.crypto import decrypt, encrypt
from yuhang_cac.core.lists import cached_for_query, paginate
from yuhang_cac.core.public import public_page
from yuhang_cac.core.ratelimit import charge, rate_limited, take_global, too_many_requests, wait_seconds
from yuhang_cac.core.transitions import transition_view

from . import abuse, evidence, forms, services
from .filters import ReportFilter
from .models import Report
from .selectors import candidate_accounts, public_timeline, related_reports

# --- The public side ------------------------------------------------------------------------

# What static/js/report-form.js says while images are chosen, before anything is uploaded.
EVIDENCE_MESSAGES = {
    "remove": gettext_lazy("Remove"),
    "count": gettext_lazy("%(count)s of %(limit)s images chosen"),
    "none": gettext_lazy("No image chosen"),
    "bad-type": gettext_lazy("%(name)s is not a JPEG, PNG or WebP image: not added."),
    "too-big": gettext_lazy("%(name)s is %(size)s, larger than %(limit)s: not added."),
    "too-many": gettext_lazy("At most %(limit)s images: %(name)s not added."),
    "add-label": gettext_lazy("Add images"),
}


@public_page
@never_cache
@rate_limited("report-submit", rate_setting="REPORT_SUBMIT_RATE", on_limit=abuse.record_flood)
def submit(request):
    """The public report form; evidence that passed its checks is staged across form errors."""
    if request.method == "POST" and take_global("report-submit", settings.REPORT_GLOBAL_RATE):
        abuse.channel_full(request)
        response = render(request, "reports/report_busy.html", status=503)
        response["Retry-After"] = "3600"
        return response
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            receipt = services.submit_report(
                images=form.processed_images, contact=form.contact(), **form.report_fields()
            )
            evidence.discard(form.cleaned_data.get("staged", ""))
            # The receipt code waits for the next page encrypted, never in clear (DOMAIN.md §8).
            request.session["receipt"] = {"number": receipt.number, "code": encrypt(receipt.code)}
            return redirect("public_reports:done")
        if form.refused_as:
            abuse.record_refusal(request, form.refused_as)
        previous = form.data.get("staged", "")
        form.keep_for_another_try(evidence.stage(form.processed_images))
        evidence.discard(previous)
    return render(request, "reports/report_form.html", {"form": form, "evidence_messages": EVIDENCE_MESSAGES})


@public_page
@never_cache
def done(request):
    """The report number and receipt code, shown once, with what happens next and when."""
    receipt = request.session.pop("receipt", None)
    if receipt is None:
        return redirect("public_reports:submit")
    report = Report.objects.select_related("accept_deadline").filter(number=receipt["number"]).first()
    context = {
        "receipt": {"number": receipt["number"], "code": decrypt(receipt["code"])},
        "accept_deadline": report.accept_deadline if report else None,
        "verify_days": settings.REPORT_VERIFY_DAYS,
    }
    return render(request, "reports/report_done.html", context)


@public_page
@never_cache
@rate_limited("report-lookup", rate_setting="REPORT_LOOKUP_RATE", on_limit=abuse.record_flood)
def status(request):
    """Number + receipt code → a plain status, its history and the office's reply; failures are limited."""
    initial = {"number": request.GET.get("number", "")[:20]}
    form = forms.StatusLookupForm(request.POST or None, initial=initial)
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
    context = {
        "form": form,
        "report": report,
        "outcome": outcome,
        "timeline": public_timeline(report, outcome) if report else [],
        "deadline": outcome.current_deadline if outcome else None,
        "accepting": outcome is not None and outcome.status == Report.Status.SUBMITTED,
    }
    return render(request, "reports/report_status.html", context)


# --- The officers' side ---------------------------------------------------------------------


@permission_required("reports.view_report", raise_exception=True)
def queue(request):
    reports = Report.objects.visible_to(request.user).select_related(
        "platform", "category", "account", "assignee", "accept_deadline", "verify_deadline"
    )
    report_filter = ReportFilter(request.GET, queryset=reports)
    by_status = reports.values_list("status").annotate(n=Count("pk")).order_by()
    counts = cached_for_query(by_status, lambda: dict(by_status))
    page = paginate(request, report_filter.qs, 50)
    status_counts = [(value, label, counts.get(value, 0)) for value, label in Report.Status.choices]
    return render(
        request,
        "reports/report_list.html",
        {"filter": report_filter, "page": page, "status_counts": status_counts},
        status=200 if report_filter.is_valid() else 400,
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
        "reclassify": forms.ReclassifyForm,
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
        can_reclassify=report.status in services.RECLASSIFIABLE,
        needs_classification=report.category.code == ProhibitedContent.UNSURE,
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
reclassify = _transition(
    "reclassify", services.reclassify_report, gettext_lazy("Category changed."), forms.ReclassifyForm
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
