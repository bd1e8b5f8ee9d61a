"""Forms of the summons app. They validate and normalise only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Ground


class OpenFromReportForm(forms.Form):
    grounds = forms.ModelMultipleChoiceField(
        label=_("Grounds (Art.12)"), queryset=Ground.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    facts = forms.CharField(
        label=_("Facts"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Left empty, the report's description is used. Ignored when an open case is joined."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].queryset = Ground.objects.active()
