"""The summons pages: the case list, a case with its timeline and a form per step, and opening a
case from a report found true. Each step is a POST to its own URL calling one service."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Account
from reports.models import Report
from yuhang_cac.core import uploads
from yuhang_cac.core.lists import cached_for_query, paginate
from yuhang_cac.core.transitions import transition_view
from yuhang_cac.documents.models import Document

from . import forms, services
from .filters import CaseFilter
from .models import Case, Escalation, Ground, RectificationFile
from .selectors import case_timeline


@permission_required("summons.view_case", raise_exception=True)
def case_list(request):
    cases = Case.objects.visible_to(request.user).select_related(
        "account__platform", "officer", "rectification_deadline", "evaluation_deadline"
    )
    case_filter = CaseFilter(request.GET, queryset=cases)
    by_status = cases.values_list("status").annotate(n=Count("pk")).order_by()
    counts = cached_for_query(by_status, lambda: dict(by_status))
    page = paginate(request, case_filter.qs, 50)
    status_counts = [(value, label, counts.get(value, 0)) for value, label in Case.Status.choices]
    context = {"filter": case_filter, "page": page, "status_counts": status_counts}
    status = 200 if case_filter.is_valid() else 400
    return render(request, "summons/case_list.html", context, status=status)


def case_for(request, pk) -> Case:
    queryset = Case.objects.visible_to(request.user).select_related(
        "account__platform",
        "account__liaison_organisation",
        "officer",
        "rectification_deadline",
        "evaluation_deadline",
    )
    return get_object_or_404(queryset, pk=pk)


@permission_required("summons.view_case", raise_exception=True)
def rectification_file(request, pk, file_pk):
    """An image of the rectification report, inline, for those who may see the case (its evaluator too)."""
    files = RectificationFile.objects.filter(rectification__case=case_for(request, pk))
    image = get_object_or_404(files, pk=file_pk)
    return uploads.file_response(image.path, image.content_type)


def live_escalation_for(request, pk) -> Escalation:
    case = case_for(request, pk)
    return get_object_or_404(case.escalations.filter(status__in=Escalation.LIVE_STATUSES), case=case)


FORMS = {
    "notice": forms.NoticeForm,
    "correct_notice": forms.CorrectNoticeForm,
    "serve": forms.ServiceForm,
    "record": forms.RecordForm,
    "extend": forms.ExtendForm,
    "rectification": forms.RectificationForm,
    "recuse": forms.RecuseForm,
    "evaluate": forms.EvaluateForm,
    "escalate": forms.EscalateForm,
    "approve": forms.DecisionForm,
    "reject": forms.RejectForm,
    "reply": forms.ReplyForm,
    "close": forms.CloseForm,
}


def case_page(request, obj, bound: dict | None = None, status: int = 200):
    """The case page; ``bound`` carries a submitted form with its errors back to its place."""
    case = obj.case if isinstance(obj, Escalation) else obj
    unbound = {name: form_class() for name, form_class in FORMS.items()}
    unbound["assign"] = forms.AssignEvaluatorForm(case=case)
    if notice := getattr(case, "notice", None):
        unbound["correct_notice"] = forms.CorrectNoticeForm(
            initial=forms.CorrectNoticeForm.initial_from(notice)
        )
    context = {f"{name}_form": form for name, form in (unbound | (bound or {})).items()}
    context.update(_case_context(request, case))
    return render(request, "summons/case_detail.html", context, status=status)


def _case_context(request, case: Case) -> dict:
    user, S = request.user, Case.Status
    assignment = case.assignments.filter(recused_at=None).select_related("evaluator").first()
    escalation = case.escalations.filter(status__in=Escalation.LIVE_STATUSES).first()
    process = user.has_perm("summons.process_case")
    is_evaluator = assignment is not None and assignment.evaluator_id == user.pk
    return {
        "case": case,
        "grounds": case.grounds.all(),
        "categories": case.categories.all(),
        "reports": case.reports.visible_to(user),
        "notice": getattr(case, "notice", None),
        "record": getattr(case, "record", None),
        "rectification": getattr(case, "rectification", None),
        "assignments": case.assignments.select_related("evaluator", "evaluation"),
        "escalations": case.escalations.select_related("measure_requested", "measure_granted", "decided_by"),
        "documents": Document.objects.of(case).select_related("corrected_by"),
        "timeline": case_timeline(case),
        "can_notify": process and case.can_become(S.NOTIFIED),
        "can_serve": process and case.status == S.NOTIFIED,
        "can_correct_notice": process and case.status == S.NOTIFIED,
        "can_record": process and case.status == S.NOTIFIED,
        "can_order": process and case.can_become(S.RECTIFYING),
        "can_extend": process and case.status == S.RECTIFYING,
        "can_submit": process and case.can_become(S.SUBMITTED) and case.status == S.RECTIFYING,
        "can_assign": process and case.status == S.SUBMITTED,
        "can_evaluate": is_evaluator and user.has_perm("summons.evaluate_rectification"),
        "can_escalate": process and case.may_escalate,
        "can_decide": escalation is not None
        and escalation.status == Escalation.Status.PREPARED
        and user.has_perm("summons.approve_escalation"),
        "can_reply": process and escalation is not None and escalation.status == Escalation.Status.APPROVED,
        # An escalated case closes once the upper-level reply is in (or its measure has ended).
        "can_close": process
        and case.can_become(S.CLOSED)
        and (escalation is None or escalation.status == Escalation.Status.REPLIED),
    }


@permission_required("summons.view_case", raise_exception=True)
def detail(request, pk):
    return case_page(request, case_for(request, pk))


def _case_url(obj) -> str:
    """Every step returns to its case page; an escalation's steps too."""
    case = obj.case if isinstance(obj, Escalation) else obj
    return case.get_absolute_url()


def _step(name, service, done, *, permission="summons.process_case", load=case_for, **kwargs):
    return transition_view(
        name=name,
        load=load,
        permission=permission,
        service=service,
        page=case_page,
        done=done,
        form_class=FORMS.get(name),
        success_url=_case_url,
        **kwargs,
    )


notice = _step("notice", services.issue_notice, gettext_lazy("The summons notice was issued."))
correct_notice = _step(
    "correct_notice",
    services.correct_notice,
    gettext_lazy("The corrected notice was issued under a new number; the old one is void."),
)
serve = _step("serve", services.record_service, gettext_lazy("The proof of service was recorded."))
record = _step("record", services.record_meeting, gettext_lazy("The summons record was entered."))
order = _step(
    "order", services.order_rectification, gettext_lazy("Rectification ordered: the deadline runs.")
)
extend = _step("extend", services.extend_rectification_deadline, gettext_lazy("The deadline was extended."))
rectification = _step(
    "rectification", services.submit_rectification, gettext_lazy("The rectification report was entered.")
)
assign = transition_view(
    name="assign",
    load=case_for,
    permission="summons.process_case",
    service=services.assign_evaluator,
    page=case_page,
    done=gettext_lazy("The rectification was assigned for evaluation."),
    form_class=forms.AssignEvaluatorForm,
    form_kwargs=lambda request, case: {"case": case},
)
recuse = _step(
    "recuse",
    services.recuse_evaluator,
    gettext_lazy("Your conflict of interest was recorded; the case goes to another evaluator."),
    permission="summons.evaluate_rectification",
)
evaluate = _step(
    "evaluate",
    services.evaluate_rectification,
    gettext_lazy("The evaluation was recorded."),
    permission="summons.evaluate_rectification",
)
escalate = _step(
    "escalate", services.prepare_escalation, gettext_lazy("The escalation awaits a leader's approval.")
)
approve = _step(
    "approve",
    services.approve_escalation,
    gettext_lazy("The escalation was approved."),
    permission="summons.approve_escalation",
    load=live_escalation_for,
)
reject = _step(
    "reject",
    services.reject_escalation,
    gettext_lazy("The escalation was not approved."),
    permission="summons.approve_escalation",
    load=live_escalation_for,
)
reply = _step(
    "reply", services.record_reply, gettext_lazy("The reply was recorded."), load=live_escalation_for
)
close = _step("close", services.close_case, gettext_lazy("The case was closed."))


@permission_required("summons.process_case", raise_exception=True)
def open_for_account(request, account_pk):
    """立案 on a registry account: from a daily-assessment flag (``?ground=G5``) or the officer's own
    finding. An account with an open case is taken to it: one open case per account."""
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_pk)
    current = Case.objects.open().filter(account=account).first()
    if current is not None:
        messages.info(
            request, _("The account already has an open case, %(number)s.") % {"number": current.number}
        )
        return redirect(current)
    initial = {"grounds": Ground.objects.active().filter(code=request.GET.get("ground", ""))}
    form = forms.OpenForAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(account, **form.cleaned_data, by=request.user)
        except services.SummonsError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect(case)
    status = 400 if form.errors else 200
    return render(request, "summons/open_for_account.html", {"form": form, "account": account}, status=status)


@permission_required("summons.process_case", raise_exception=True)
def open_from_report(request, report_pk):
    """The report handling step "立约谈案件": a new case, or the account's open case."""
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related("account"), pk=report_pk
    )
    form = forms.OpenFromReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case, created = services.open_case_from_report(report, **form.cleaned_data, by=request.user)
        except services.SummonsError as exc:
            form.add_error(None, str(exc))
        else:
            done = _("Case %(number)s opened.") if created else _("Report added to the open case %(number)s.")
            messages.success(request, done % {"number": case.number})
            return redirect("summons:detail", pk=case.pk)
    status = 400 if form.errors else 200
    return render(request, "summons/open_from_report.html", {"form": form, "report": report}, status=status)
