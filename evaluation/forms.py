"""Forms validate and normalise; the services decide."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.forms import account_choice_label, operator_choice_label
from accounts.models import Account, Operator
from yuhang_cac.core.forms import PleaseChooseMixin
from yuhang_cac.core.remote_choices import SearchSelect, SearchSelectMultiple
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import Role

from . import scoring, selectors
from .models import (
    GRADE_NAMES,
    Attendance,
    Dimension,
    Enrolment,
    Expert,
    Observation,
    ObservationCategory,
    Period,
    TrainingEvent,
    TrainingTopic,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainingEventForm(PleaseChooseMixin, forms.ModelForm):
    class Meta:
        model = TrainingEvent
        fields = ["organiser", "title", "topic", "held_on", "hours", "place"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = selectors.organisers_for(user)
        self.fields["topic"].queryset = TrainingTopic.objects.active()
        if (
            user.organisation_id
            and self.fields["organiser"].queryset.filter(pk=user.organisation_id).exists()
        ):
            self.fields["organiser"].initial = user.organisation_id
        self.fields["hours"].widget.attrs.update({"step": "0.5", "min": "0.5", "inputmode": "decimal"})


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return person.name


# Up to this many people the attendance form lists them to tick; beyond, a name is searched on the
# server (a CAC training is open to every practitioner in the district).
TICK_LIMIT = 300


def attendable(user, event):
    """The people ``user`` may add to ``event``'s attendance: not on it yet."""
    people = selectors.attendable_people(user, event).order_by("name", "pk")
    if event is not None:
        people = people.exclude(training_attendance__event=event)
    return people


class AttendanceForm(PleaseChooseMixin, forms.Form):
    """Many people at once: tick them in the list (filtered by typing), one result for all; past
    TICK_LIMIT people, pick them by name from a search instead (``searched``)."""

    people = PersonChoiceField(label=_("People"), queryset=None, widget=forms.CheckboxSelectMultiple)
    result = forms.ChoiceField(
        label=pgettext_lazy("training", "Result"),
        choices=Attendance.Result.choices,
        initial=Attendance.Result.ATTENDED,
    )

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = attendable(user, event)
        field = self.fields["people"]
        self.searched = event is not None and people.count() > TICK_LIMIT
        if self.searched:
            field.widget = SearchSelectMultiple(
                search_url=reverse_lazy("evaluation:attend_search", args=[event.pk]),
                no_results=_("Nobody matches."),
            )
        field.queryset = people


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class AttendanceResultForm(forms.Form):
    result = forms.ChoiceField(label=pgettext_lazy("training", "Result"), choices=Attendance.Result.choices)


class AccountChoiceField(forms.ModelChoiceField):
    """An account, searched on the server as the user types (a district has tens of thousands)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            SearchSelect(
                search_url=reverse_lazy("accounts:account_search"), no_results=_("No account matches.")
            ),
        )
        super().__init__(*args, **kwargs)

    def label_from_instance(self, account):
        return account_choice_label(account)


class ObservationForm(PleaseChooseMixin, forms.ModelForm):
    account = AccountChoiceField(label=_("Account"), queryset=None)

    class Meta:
        model = Observation
        fields = ["account", "observed_on", "kind", "points", "category", "description", "evidence"]
        widgets = {
            "observed_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.visible_to(user).select_related("platform")
        self.fields["category"].queryset = ObservationCategory.objects.active()
        self.fields["points"].widget.attrs.update({"min": "1", "inputmode": "numeric"})


# --- Schemes --------------------------------------------------------------------------------------


class SchemeForm(forms.Form):
    """A scheme version: one weight, highest score and guidance per active dimension; the band lows."""

    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=100)
    guidance = forms.CharField(label=_("Guidance"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(Dimension.objects.active())
        for dimension in self.dimensions:
            code = dimension.code
            self.fields[f"weight_{code}"] = forms.DecimalField(
                label=_("%(dimension)s: weight (%%)") % {"dimension": dimension.name},
                max_digits=5,
                decimal_places=2,
                min_value=Decimal("0.01"),
            )
            self.fields[f"max_{code}"] = forms.DecimalField(
                label=_("%(dimension)s: highest score") % {"dimension": dimension.name},
                max_digits=5,
                decimal_places=1,
                min_value=1,
                initial=100,
            )
            self.fields[f"guidance_{code}"] = forms.CharField(
                label=_("%(dimension)s: scoring guidance") % {"dimension": dimension.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        for grade in ("A", "B", "C"):
            self.fields[f"band_{grade}"] = forms.DecimalField(
                label=_("Lowest total for %(grade)s") % {"grade": GRADE_NAMES[grade]},
                max_digits=4,
                decimal_places=1,
                min_value=0,
                max_value=100,
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        weights = {d.code: data[f"weight_{d.code}"] for d in self.dimensions}
        bands = {g: data[f"band_{g}"] for g in ("A", "B", "C")} | {"D": Decimal(0)}
        for check, args, field in (
            (scoring.check_weights, (weights,), None),
            (scoring.check_bands, (bands,), None),
        ):
            try:
                check(*args)
            except scoring.ScoringError as exc:
                self.add_error(field, str(exc))
        data["weights"], data["bands"] = weights, bands
        data["max_scores"] = {d.code: data[f"max_{d.code}"] for d in self.dimensions}
        data["dimension_guidance"] = {d.code: data[f"guidance_{d.code}"] for d in self.dimensions}
        return data

    def scheme_arguments(self) -> dict:
        data = self.cleaned_data
        keys = ("year", "title", "guidance", "weights", "bands", "max_scores", "dimension_guidance")
        return {key: data[key] for key in keys}

    @classmethod
    def initial_from(cls, scheme) -> dict:
        initial = {"year": scheme.year, "title": scheme.title, "guidance": scheme.guidance}
        for part in scheme.dimensions.select_related("dimension"):
            code = part.dimension.code
            initial |= {
                f"weight_{code}": part.weight,
                f"max_{code}": part.max_score,
                f"guidance_{code}": part.guidance,
            }
        for band in scheme.bands.all():
            initial[f"band_{band.grade}"] = band.min_total
        return initial


# --- Periods --------------------------------------------------------------------------------------


class PeriodForm(PleaseChooseMixin, forms.ModelForm):
    class Meta:
        model = Period
        fields = ["name", "scheme"]


class AccountsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, account):
        return account_choice_label(account)


def enrollable(period) -> QuerySet:
    """Accounts that may join ``period``: registered (not pending verification) and not in it yet."""
    return (
        Account.objects.exclude(status=Account.Status.PENDING)
        .exclude(enrolments__period=period)
        .select_related("platform")
    )


class EnrolForm(forms.Form):
    accounts = AccountsChoiceField(label=_("Accounts to enrol"), queryset=None)

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["accounts"]
        field.widget = SearchSelectMultiple(
            search_url=reverse_lazy("evaluation:enrol_search", args=[period.pk]),
            no_results=_("No account matches."),
        )
        field.queryset = enrollable(period)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class DrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for drawing again"),
        max_length=300,
        required=False,
        help_text=_("Needed for every draw after the first."),
    )


class RecuseForm(forms.Form):
    conflict = forms.CharField(label=_("The conflict of interest"), max_length=300)


class CommendForm(forms.Form):
    enrolments = forms.ModelMultipleChoiceField(
        label=_("Accounts to commend"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Enrolment.objects.none()
        if period is not None:
            queryset = period.enrolments.filter(grade=Account.Grade.A, commended=False).select_related(
                "account"
            )
        self.fields["enrolments"].queryset = queryset
        self.fields["enrolments"].label_from_instance = lambda e: f"{e.account.name}（{e.total}）"


class ScoreForm(forms.Form):
    """One score and note per dimension of the period's scheme; out-of-range scores are refused here
    with the scheme's own words, and again by the service."""

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = list(enrolment.period.scheme.dimensions.select_related("dimension"))
        for part in self.parts:
            self.fields[f"score_{part.pk}"] = forms.DecimalField(
                label=_("%(dimension)s (0–%(max)s)")
                % {"dimension": part.dimension.name, "max": part.max_score},
                max_digits=5,
                decimal_places=1,
                help_text=part.guidance,
                widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
            )
            self.fields[f"note_{part.pk}"] = forms.CharField(
                label=_("Note on %(dimension)s") % {"dimension": part.dimension.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for part in self.parts:
            score = data.get(f"score_{part.pk}")
            if score is None:
                continue
            try:
                scoring.check_score(score, part.max_score, part.dimension.name)
            except scoring.ScoringError as exc:
                self.add_error(f"score_{part.pk}", str(exc))
        if not self.errors:
            data["scores"] = {
                part.pk: (data[f"score_{part.pk}"], data[f"note_{part.pk}"]) for part in self.parts
            }
        return data


# --- The expert pool ------------------------------------------------------------------------------


class ExpertForm(PleaseChooseMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["user", "fields", "employer", "in_pool"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["user"]
        else:
            self.fields["user"].queryset = User.objects.filter(
                role=Role.EXPERT, is_active=True, expert__isnull=True
            )


class OperatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, operator):
        return operator_choice_label(operator)


class ConflictForm(PleaseChooseMixin, forms.Form):
    operator = OperatorChoiceField(
        label=_("Operator"),
        queryset=Operator.objects.all(),
        required=False,
        widget=SearchSelect(search_url=reverse_lazy("accounts:operator_search"), no_results=_("No match.")),
    )
    account = AccountChoiceField(label=_("Account"), queryset=None, required=False)
    note = forms.CharField(label=_("Nature of the conflict"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.select_related("platform")

    def clean(self):
        data = super().clean()
        if bool(data.get("operator")) == bool(data.get("account")):
            raise forms.ValidationError(_("Choose either an operator or an account."))
        return data
