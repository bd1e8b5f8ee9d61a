"""Forms validate and normalise; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from yuhang_cac.core.forms import PleaseChooseMixin

from . import selectors
from .models import Attendance, Observation, ObservationCategory, TrainingEvent, TrainingTopic


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


class AttendanceForm(PleaseChooseMixin, forms.Form):
    """Many people at once: tick them in the list (filtered by typing), one result for all."""

    people = PersonChoiceField(label=_("People"), queryset=None, widget=forms.CheckboxSelectMultiple)
    result = forms.ChoiceField(
        label=_("Result"), choices=Attendance.Result.choices, initial=Attendance.Result.ATTENDED
    )

    def __init__(self, *args, user, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = selectors.attendable_people(user).order_by("name", "pk")
        if event is not None:
            people = people.exclude(training_attendance__event=event)
        self.fields["people"].queryset = people


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class AttendanceResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Attendance.Result.choices)


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, account):
        return f"{account.name}（{account.platform}）"


def searchable(field) -> None:
    field.widget.attrs.update({"data-searchable": "", "data-no-results": _("No account matches.")})


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
        searchable(self.fields["account"])
