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
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.filters import account_matches
from accounts.forms import account_choice_label
from yuhang_cac.core.lists import paginate, pinyin, text_contains
from yuhang_cac.core.public import public_page
from yuhang_cac.core.remote_choices import choice_results
from yuhang_cac.core.transitions import transition_view

from . import attendance, forms, selectors, services
from .filters import AssignedFilter, FlagFilter, ObservationFilter, TrainingFilter
from .models import Assessment, DailyFlag, Enrolment, Expert, Period, Scheme, TrainingEvent

SECTIONS = (
    ("evaluation.view_trainingevent", "evaluation:trainings", gettext_lazy("Training")),
    ("evaluation.view_observation", "evaluation:observations", gettext_lazy("Daily assessment")),
    (
        "evaluation.view_dailyflag",
        "evaluation:flags",
        gettext_lazy("Prominent problems in the daily assessment"),
    ),
    ("evaluation.view_period", "evaluation:periods", gettext_lazy("Appraisal periods")),
    ("evaluation.score_enrolment", "evaluation:assigned", gettext_lazy("Accounts assigned to me")),
    ("evaluation.view_scheme", "evaluation:schemes", gettext_lazy("Appraisal schemes")),
    ("evaluation.view_expert", "evaluation:experts", gettext_lazy("Expert pool")),
)


def index(request):
    """The evaluation home: what this user may open here."""
    user = request.user
    links = [(perm, name, label) for perm, name, label in SECTIONS if user.has_perm(perm)]
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


@permission_required("evaluation.record_attendance", raise_exception=True)
def attend_search(request, pk):
    """People who may still be added to the training's attendance, by name (JSON)."""
    return choice_results(
        request,
        forms.attendable(request.user, event_for(request, pk)),
        search=lambda term: text_contains(["name"], term),
        label=lambda person: person.name,
        order_by=(pinyin("name"), "pk"),
    )


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
    initial = {
        "account": request.GET.get("account"),
        "observed_on": request.GET.get("on") or timezone.localdate(),
    }
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
        return reverse("summons:open_for_account", args=[account.pk]) + "?ground=G5"
    except NoReverseMatch:
        return None


@permission_required("evaluation.view_dailyflag", raise_exception=True)
def flag_list(request):
    flags = DailyFlag.objects.visible_to(request.user).select_related("account__platform")
    flag_filter = FlagFilter(request.GET or None, queryset=flags)
    status = 400 if flag_filter.is_bound and not flag_filter.is_valid() else 200
    page = paginate(request, flag_filter.qs, 50)
    rows = [(flag, summons_link(flag.account)) for flag in page]
    context = {"filter": flag_filter, "page": page, "rows": rows}
    return render(request, "evaluation/flag_list.html", context, status=status)


# --- Schemes --------------------------------------------------------------------------------------


@permission_required("evaluation.view_scheme", raise_exception=True)
def scheme_list(request):
    schemes = Scheme.objects.prefetch_related("periods")
    context = {"schemes": schemes, "can_add": request.user.has_perm("evaluation.add_scheme")}
    return render(request, "evaluation/scheme_list.html", context)


@permission_required("evaluation.view_scheme", raise_exception=True)
def scheme_detail(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    context = {
        "scheme": scheme,
        "parts": scheme.dimensions.select_related("dimension"),
        "bands": scheme.bands.all(),
        "periods": scheme.periods.all(),
        "can_revise": request.user.has_perm("evaluation.add_scheme"),
    }
    return render(request, "evaluation/scheme_detail.html", context)


def _scheme_form_page(request, initial, based_on=None):
    form = forms.SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.create_scheme(by=request.user, **form.scheme_arguments())
        except services.EvaluationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Scheme %(scheme)s saved.") % {"scheme": scheme})
            return redirect(scheme)
    status = 400 if form.errors else 200
    context = {"form": form, "based_on": based_on}
    return render(request, "evaluation/scheme_form.html", context, status=status)


@permission_required("evaluation.add_scheme", raise_exception=True)
def scheme_create(request):
    """A new scheme; the fields start from the latest version, or the usual weights and bands."""
    latest = Scheme.objects.first()
    if latest is not None:
        initial = forms.SchemeForm.initial_from(latest) | {"year": timezone.localdate().year}
    else:
        initial = {f"weight_{code}": weight for code, weight in services.DEFAULT_WEIGHTS.items()}
        initial |= {f"band_{grade}": low for grade, low in services.DEFAULT_BANDS.items()}
        initial["year"] = timezone.localdate().year
    return _scheme_form_page(request, initial)


@permission_required("evaluation.add_scheme", raise_exception=True)
def scheme_revise(request, pk):
    """A new version of a scheme: the old one stays as the periods that used it keep it."""
    scheme = get_object_or_404(Scheme, pk=pk)
    return _scheme_form_page(request, forms.SchemeForm.initial_from(scheme), based_on=scheme)


# --- Periods --------------------------------------------------------------------------------------


def periods_for(user):
    periods = Period.objects.select_related("scheme")
    if user.has_perm("evaluation.manage_period"):
        return periods
    return periods.filter(pk__in=Enrolment.objects.visible_to(user).values("period"))


@permission_required("evaluation.view_period", raise_exception=True)
def period_list(request):
    periods = periods_for(request.user)
    context = {"periods": periods, "can_add": request.user.has_perm("evaluation.manage_period")}
    return render(request, "evaluation/period_list.html", context)


@permission_required("evaluation.manage_period", raise_exception=True)
def period_create(request):
    form = forms.PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = services.open_period(by=request.user, **form.cleaned_data)
        messages.success(request, _("Period “%(name)s” opened.") % {"name": period.name})
        return redirect(period)
    return render(request, "evaluation/period_form.html", {"form": form}, status=400 if form.errors else 200)


def period_for(request, pk) -> Period:
    return get_object_or_404(periods_for(request.user), pk=pk)


def period_page(request, period, bound=None, status=200):
    user = request.user
    manage, lead = user.has_perm("evaluation.manage_period"), user.has_perm("evaluation.publish_period")
    S = period.Status
    enrolments = Enrolment.objects.visible_to(user).filter(period=period).select_related("account__platform")
    context = {
        "period": period,
        "enrolments": enrolments.prefetch_related("assessments__evaluator"),
        "can_enrol": manage and period.status == S.OPEN,
        "can_confirm": lead and period.status == S.OPEN,
        "can_publish": lead and period.status == S.CONFIRMED,
        "can_return": lead and period.status == S.CONFIRMED,
        "can_commend": lead and period.status == S.PUBLISHED,
        "enrol_form": forms.EnrolForm(period=period),
        "return_form": forms.ReasonForm(),
        "commend_form": forms.CommendForm(period=period),
    }
    context.update({f"{name}_form": form for name, form in (bound or {}).items()})
    return render(request, "evaluation/period_detail.html", context, status=status)


@permission_required("evaluation.view_period", raise_exception=True)
def period_detail(request, pk):
    return period_page(request, period_for(request, pk))


@permission_required("evaluation.manage_period", raise_exception=True)
def enrol_search(request, pk):
    """Accounts that may still join the period, for its enrolment choice (JSON)."""
    return choice_results(
        request,
        forms.enrollable(period_for(request, pk)),
        search=lambda term: account_matches(request.user, term),
        label=account_choice_label,
        order_by=(pinyin("name"), "pk"),
    )


enrol = transition_view(
    name="enrol",
    load=period_for,
    permission="evaluation.manage_period",
    service=services.enrol_accounts,
    page=period_page,
    form_class=forms.EnrolForm,
    form_kwargs=lambda request, period: {"period": period},
    done=lambda n: _("%(n)d accounts enrolled.") % {"n": n},
)
confirm = transition_view(
    name="confirm",
    load=period_for,
    permission="evaluation.publish_period",
    service=services.confirm_period,
    page=period_page,
    done=gettext_lazy("The results are confirmed; they can now be published."),
)
return_results = transition_view(
    name="return",
    load=period_for,
    permission="evaluation.publish_period",
    service=services.return_period,
    page=period_page,
    form_class=forms.ReasonForm,
    done=gettext_lazy("The results were sent back for scoring."),
)
publish = transition_view(
    name="publish",
    load=period_for,
    permission="evaluation.publish_period",
    service=services.publish_period,
    page=period_page,
    done=gettext_lazy("The results are published and the accounts' grades updated in the registry."),
)
commend = transition_view(
    name="commend",
    load=period_for,
    permission="evaluation.publish_period",
    service=services.commend_accounts,
    page=period_page,
    form_class=forms.CommendForm,
    form_kwargs=lambda request, period: {"period": period},
    done=lambda n: _("%(n)d accounts commended.") % {"n": n},
)


# --- One enrolled account -------------------------------------------------------------------------


def enrolment_for(request, pk) -> Enrolment:
    """Within the user's scope: an expert reaches only the accounts drawn for them (404 otherwise)."""
    queryset = Enrolment.objects.visible_to(request.user).select_related(
        "period__scheme", "account__platform", "account__operator"
    )
    return get_object_or_404(queryset, pk=pk)


def enrolment_page(request, enrolment, bound=None, status=200):
    user = request.user
    assessment = enrolment.assessments.active().select_related("evaluator", "draw").first()
    is_assessor = assessment is not None and assessment.evaluator_id == user.pk
    scoring_open = enrolment.period.status == Period.Status.OPEN
    scores = {s.dimension_id: s for s in assessment.scores.all()} if assessment else {}
    score_initial = {f"score_{pk}": s.score for pk, s in scores.items()} | {
        f"note_{pk}": s.note for pk, s in scores.items()
    }
    manage = user.has_perm("evaluation.manage_period")
    context = {
        "enrolment": enrolment,
        "period": enrolment.period,
        "assessment": assessment,
        "scores": [
            (part, scores.get(part.pk))
            for part in enrolment.period.scheme.dimensions.select_related("dimension")
        ],
        "file": selectors.account_file(enrolment.account),
        "draws": enrolment.draws.select_related("result", "drawn_by").prefetch_related("candidates")
        if manage
        else None,
        "past_assessments": enrolment.assessments.recused().select_related("evaluator") if manage else None,
        "can_draw": manage and scoring_open,
        "can_score": is_assessor and scoring_open and user.has_perm("evaluation.score_enrolment"),
        "score_form": forms.ScoreForm(enrolment=enrolment, initial=score_initial),
        "draw_form": forms.DrawForm(),
        "recuse_form": forms.RecuseForm(),
    }
    context.update({f"{name}_form": form for name, form in (bound or {}).items()})
    return render(request, "evaluation/enrolment_detail.html", context, status=status)


@permission_required("evaluation.view_period", raise_exception=True)
def enrolment_detail(request, pk):
    return enrolment_page(request, enrolment_for(request, pk))


draw = transition_view(
    name="draw",
    load=enrolment_for,
    permission="evaluation.manage_period",
    service=services.draw_assessor,
    page=enrolment_page,
    form_class=forms.DrawForm,
    done=lambda assessment: _("%(name)s was drawn to appraise the account.") % {"name": assessment.evaluator},
)
score = transition_view(
    name="score",
    load=enrolment_for,
    permission="evaluation.score_enrolment",
    service=lambda enrolment, *, by, scores, **_fields: services.submit_scores(
        enrolment, scores=scores, by=by
    ),
    page=enrolment_page,
    form_class=forms.ScoreForm,
    form_kwargs=lambda request, enrolment: {"enrolment": enrolment},
    done=lambda enrolment: (
        _("Scores saved: total %(total)s, grade %(grade)s.")
        % {"total": enrolment.total, "grade": enrolment.grade_name}
    ),
)
recuse = transition_view(
    name="recuse",
    load=enrolment_for,
    permission="evaluation.score_enrolment",
    service=services.recuse_assessor,
    page=enrolment_page,
    form_class=forms.RecuseForm,
    done=gettext_lazy("Your conflict of interest was recorded; another expert will be drawn."),
    success_url=lambda enrolment: reverse("evaluation:assigned"),
)


@permission_required("evaluation.score_enrolment", raise_exception=True)
def assigned(request):
    """The expert's own accounts to appraise (Art.21): scoring first, then those already scored."""
    assessments = (
        Assessment.objects.active()
        .filter(evaluator=request.user)
        .select_related("enrolment__account__platform", "enrolment__period")
    )
    assigned_filter = AssignedFilter(request.GET or None, queryset=assessments)
    status = 400 if assigned_filter.is_bound and not assigned_filter.is_valid() else 200
    context = {"filter": assigned_filter, "page": paginate(request, assigned_filter.qs, 50)}
    return render(request, "evaluation/assigned.html", context, status=status)


# --- The expert pool ------------------------------------------------------------------------------


@permission_required("evaluation.view_expert", raise_exception=True)
def expert_list(request):
    experts = Expert.objects.visible_to(request.user).select_related("user").prefetch_related("conflicts")
    context = {"experts": experts, "can_add": request.user.has_perm("evaluation.add_expert")}
    return render(request, "evaluation/expert_list.html", context)


def expert_for(request, pk) -> Expert:
    return get_object_or_404(Expert.objects.visible_to(request.user).select_related("user"), pk=pk)


@permission_required("evaluation.add_expert", raise_exception=True)
def expert_create(request):
    form = forms.ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.add_expert(by=request.user, **form.cleaned_data)
        except services.EvaluationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s joined the expert pool.") % {"name": expert})
            return redirect(expert)
    return render(request, "evaluation/expert_form.html", {"form": form}, status=400 if form.errors else 200)


@permission_required("evaluation.change_expert", raise_exception=True)
def expert_edit(request, pk):
    expert = expert_for(request, pk)
    form = forms.ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        services.update_expert(expert, by=request.user, **form.cleaned_data)
        messages.success(request, _("The profile of %(name)s is saved.") % {"name": expert})
        return redirect(expert)
    context = {"form": form, "expert": expert}
    return render(request, "evaluation/expert_form.html", context, status=400 if form.errors else 200)


def expert_page(request, expert, bound=None, status=200):
    context = {
        "expert": expert,
        "conflicts": expert.conflicts.select_related("operator", "account__platform"),
        "assessments": Assessment.objects.filter(evaluator=expert.user).select_related(
            "enrolment__account", "enrolment__period"
        ),
        "can_edit": request.user.has_perm("evaluation.change_expert"),
        "conflict_form": forms.ConflictForm(),
    }
    context.update({f"{name}_form": form for name, form in (bound or {}).items()})
    return render(request, "evaluation/expert_detail.html", context, status=status)


@permission_required("evaluation.view_expert", raise_exception=True)
def expert_detail(request, pk):
    return expert_page(request, expert_for(request, pk))


conflict = transition_view(
    name="conflict",
    load=expert_for,
    permission="evaluation.change_expert",
    service=services.declare_conflict,
    page=expert_page,
    form_class=forms.ConflictForm,
    done=gettext_lazy("The declared conflict is recorded; the expert will not be drawn for it."),
)


# --- The public list (Art.21) ---------------------------------------------------------------------


@public_page
def commended(request):
    """Commended accounts of published periods: account name, platform and period, nothing else."""
    rows = (
        Enrolment.objects.commended_public()
        .order_by("-period__published_at", "account__name", "pk")
        .values_list("account__name", "account__platform__name", "period__name")
    )
    return render(request, "evaluation/commended.html", {"rows": rows})
