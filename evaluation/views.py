"""The evaluation pages: training, daily assessment, schemes, periods and the expert pool.

Views check the permission, load within the user's scope (404 outside it), call one service and
answer with a message; every step of a period is a POST to its own URL (``transition_view``).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yuhang_cac.core.lists import paginate
from yuhang_cac.core.transitions import transition_view

from . import attendance, forms, selectors, services
from .filters import ObservationFilter, TrainingFilter
from .models import DailyFlag, TrainingEvent


def index(request):
    """The evaluation home: what this user may open here."""
    user = request.user
    links = [
        (perm, name, label)
        for perm, name, label in (("evaluation.view_trainingevent", "evaluation:trainings", _("Training")),)
        if user.has_perm(perm)
    ]
    if not links:
        raise PermissionDenied
    return render(request, "evaluation/index.html", {"links": links})


# --- Training -------------------------------------------------------------------------------------


@permission_required("evaluation.view_trainingevent", raise_exception=True)
def training_list(request):
    events = selectors.events_for(request.user)
    training_filter = TrainingFilter(request.GET or None, queryset=events)
    status = 400 if training_filter.is_bound and not training_filter.is_valid() else 200
    page = paginate(request, training_filter.qs, 50)
    context = {
        "filter": training_filter,
        "page": page,
        "can_add": request.user.has_perm("evaluation.add_trainingevent"),
    }
    return render(request, "evaluation/training_list.html", context, status=status)


@permission_required("evaluation.add_trainingevent", raise_exception=True)
def training_create(request):
    form = forms.TrainingEventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_training_event(by=request.user, **form.cleaned_data)
        except services.EvaluationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The training “%(title)s” is recorded.") % {"title": event.title})
            return redirect(event)
    status = 400 if form.errors else 200
    return render(request, "evaluation/training_form.html", {"form": form}, status=status)


def event_for(request, pk) -> TrainingEvent:
    return get_object_or_404(selectors.events_for(request.user), pk=pk)


def training_page(request, event, bound=None, status=200, **extra):
    user = request.user
    can_record = user.has_perm("evaluation.record_attendance")
    forms_ = {
        "attend_form": forms.AttendanceForm(user=user, event=event) if can_record else None,
        "import_form": forms.AttendanceImportForm() if can_record else None,
    }
    for name, form in (bound or {}).items():
        forms_[f"{name}_form"] = form
    attendance_rows = event.attendance.select_related("person")
    context = {
        "event": event,
        "attendance": attendance_rows,
        "credited": sum(1 for row in attendance_rows if row.result != row.Result.ABSENT),
        "can_record": can_record,
        **forms_,
        **extra,
    }
    return render(request, "evaluation/training_detail.html", context, status=status)


@permission_required("evaluation.view_trainingevent", raise_exception=True)
def training_detail(request, pk):
    return training_page(request, event_for(request, pk))


attend = transition_view(
    name="attend",
    load=event_for,
    permission="evaluation.record_attendance",
    service=services.record_attendance,
    page=training_page,
    form_class=forms.AttendanceForm,
    form_kwargs=lambda request, event: {"user": request.user, "event": event},
    done=lambda added: _("%(n)d people added to the attendance list.") % {"n": added},
)


@require_POST
@permission_required("evaluation.record_attendance", raise_exception=True)
def training_import(request, pk):
    event = event_for(request, pk)
    form = forms.AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return training_page(request, event, {"import": form}, 400)
    result = attendance.import_attendance(event, form.cleaned_data["file"], by=request.user)
    if not result.ok:
        return training_page(request, event, {"import": form}, 400, import_errors=result.errors)
    messages.success(
        request,
        _("Attendance sheet imported: %(added)d added, %(already)d already on the list.")
        % {"added": result.added, "already": result.already},
    )
    return redirect(event)


@permission_required("evaluation.record_attendance", raise_exception=True)
def attendance_template(request):
    response = HttpResponse(
        attendance.template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename=attendance.xlsx"
    return response


# --- Daily assessment -----------------------------------------------------------------------------


@permission_required("evaluation.view_observation", raise_exception=True)
def observation_list(request):
    observation_filter = ObservationFilter(
        request.GET or None, queryset=selectors.observations_for(request.user)
    )
    status = 400 if observation_filter.is_bound and not observation_filter.is_valid() else 200
    context = {
        "filter": observation_filter,
        "page": paginate(request, observation_filter.qs, 50),
        "can_add": request.user.has_perm("evaluation.add_observation"),
    }
    return render(request, "evaluation/observation_list.html", context, status=status)


@permission_required("evaluation.add_observation", raise_exception=True)
def observation_create(request):
    """One observation; "save and add another" comes back with the same account and date, for a round."""
    initial = {"account": request.GET.get("account"), "observed_on": request.GET.get("on")}
    form = forms.ObservationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = services.record_observation(data.pop("account"), by=request.user, **data)
        except services.EvaluationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Observation on %(account)s recorded.") % {"account": observation.account.name}
            )
            if "another" in request.POST:
                query = urlencode({"account": observation.account_id, "on": observation.observed_on})
                return redirect(f"{reverse('evaluation:observation_create')}?{query}")
            return redirect(f"{observation.account.get_absolute_url()}?tab=evaluation")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "line": settings.EVALUATION_DAILY_LINE,
        "days": settings.EVALUATION_DAILY_WINDOW_DAYS,
    }
    return render(request, "evaluation/observation_form.html", context, status=status)


def summons_link(account) -> str | None:
    """The summons app's page opening a case on this account, where the summons app offers one."""
    try:
        return reverse("summons:open_for_account", args=[account.pk])
    except NoReverseMatch:
        return None


@permission_required("evaluation.view_dailyflag", raise_exception=True)
def flag_list(request):
    flags = DailyFlag.objects.visible_to(request.user).select_related("account__platform")
    page = paginate(request, flags, 50)
    rows = [(flag, summons_link(flag.account)) for flag in page]
    return render(request, "evaluation/flag_list.html", {"page": page, "rows": rows})
