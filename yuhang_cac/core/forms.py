"""Shared form pieces."""

from django import forms
from django.utils.translation import gettext_lazy as _

DASHES = "---------"


class PleaseChooseMixin:
    """Selects of a form offer 请选择 (Please choose) for their empty choice, never ``---------``.

    Filters on lists say 全部 instead (``yuhang_cac.core.lists.ListFilterSet``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label is not None:
                    field.empty_label = _("Please choose")
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    ("", _("Please choose")) if value == "" and str(label) == DASHES else (value, label)
                    for value, label in field.choices
                ]
