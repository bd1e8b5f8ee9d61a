"""The summons pages: a case with its timeline, and opening a case from a report found true."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reports.models import Report

from . import forms, services
from .filters import CaseFilter
from .models import Case
from .selectors import case_timeline


@permission_required("summons.view_case", raise_exception=True)
def case_list(request):
    cases = Case.objects.visible_to(request.user).select_related(
        "account__platform", "officer", "rectification_deadline"
    )
    case_filter = CaseFilter(request.GET, queryset=cases)
    counts = dict(cases.values_list("status").annotate(n=Count("pk")).order_by())
    page = Paginator(case_filter.qs, 50).get_page(request.GET.get("page"))
    status_counts = [(value, label, counts.get(value, 0)) for value, label in Case.Status.choices]
    context = {"filter": case_filter, "page": page, "status_counts": status_counts}
    return render(request, "summons/case_list.html", context)


@permission_required("summons.view_case", raise_exception=True)
def detail(request, pk):
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "account__platform", "officer", "rectification_deadline"
        ),
        pk=pk,
    )
    context = {
        "case": case,
        "grounds": case.grounds.all(),
        "categories": case.categories.all(),
        "reports": case.reports.visible_to(request.user),
        "timeline": case_timeline(case),
    }
    return render(request, "summons/case_detail.html", context)


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
