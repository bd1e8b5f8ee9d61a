"""Forms validate and normalise; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yuhang_cac.core.forms import PleaseChooseMixin

from . import selectors
from .models import Attendance, TrainingEvent, TrainingTopic


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
