"""The public report channel (``/report/``) and the officers' queue (``/reports/``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import Account, ProhibitedContent
from yuhang_cac.audit.history import history_entries
from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core.public import public_page
from yuhang_cac.core.ratelimit import charge, rate_limited, too_many_requests, wait_seconds

from . import evidence, forms, services
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
        "receipt": receipt,
        "accept_deadline": report.accept_deadline if report else None,
        "verify_days": settings.REPORT_VERIFY_DAYS,
    }
    return render(request, "reports/report_done.html", context)


@public_page
@never_cache
@rate_limited("report-lookup", rate_setting="REPORT_LOOKUP_RATE")
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
    return evidence.evidence_response(image.path, image.content_type)


def _act(request, pk, name, form_class, perform, done):
    """POST → form → one service call → message → back to the report (or the form with its errors)."""
    report = _report_for(request, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _detail(request, report, {name: form}, status=400)
    try:
        perform(report, form.cleaned_data if form else {})
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return _detail(request, report, {name: form} if form else {}, status=400)
    messages.success(request, done)
    return redirect("reports:detail", pk=report.pk)


def transition(name: str, form_class, perform, done):
    @require_POST
    @permission_required("reports.process_report", raise_exception=True)
    def view(request, pk):
        return _act(request, pk, name, form_class, lambda r, data: perform(r, data, request.user), done)

    view.__name__ = name
    return view


accept = transition(
    "accept", None, lambda r, d, u: services.accept_report(r, by=u), gettext_lazy("Report accepted.")
)
refuse = transition(
    "refuse",
    forms.RefuseForm,
    lambda r, d, u: services.refuse_report(r, **d, by=u),
    gettext_lazy("Report not accepted."),
)
assign = transition(
    "assign",
    forms.AssignForm,
    lambda r, d, u: services.assign_report(r, d["assignee"], by=u),
    gettext_lazy("Assigned."),
)
start_verification = transition(
    "start_verification",
    None,
    lambda r, d, u: services.start_verification(r, by=u),
    gettext_lazy("Verification started."),
)
verify = transition(
    "verify",
    forms.VerifyForm,
    lambda r, d, u: services.verify_report(r, **d, by=u),
    gettext_lazy("Result recorded."),
)
reclassify = transition(
    "reclassify",
    forms.ReclassifyForm,
    lambda r, d, u: services.reclassify_report(r, category=d["category"], by=u),
    gettext_lazy("Category changed."),
)
handle = transition(
    "handle",
    forms.HandleForm,
    lambda r, d, u: services.handle_report(r, **d, by=u),
    gettext_lazy("Action recorded."),
)
close = transition(
    "close",
    forms.CloseForm,
    lambda r, d, u: services.close_report(r, **d, by=u),
    gettext_lazy("Report concluded."),
)
merge = transition(
    "merge",
    forms.MergeForm,
    lambda r, d, u: services.merge_report(r, into=d["into"], by=u),
    gettext_lazy("Report merged."),
)
extend = transition(
    "extend",
    forms.ExtendForm,
    lambda r, d, u: services.extend_report_deadline(r, **d, by=u),
    gettext_lazy("Deadline extended."),
)
add_note = transition(
    "note",
    forms.NoteForm,
    lambda r, d, u: services.add_note(r, text=d["text"], by=u),
    gettext_lazy("Note added."),
)
create_account = transition(
    "create_account",
    None,
    lambda r, d, u: services.create_provisional_account(r, by=u),
    gettext_lazy("A provisional registry account was created and linked."),
)


def _link(report, data, user):
    account = Account.objects.visible_to(user).filter(pk=data["account"]).first()
    if account is None:
        raise Http404
    return services.link_account(report, account, by=user)


link_account = transition("link_account", forms.LinkAccountForm, _link, gettext_lazy("Account linked."))
