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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several images in one input; the form checks each with ``uploads.process_images`` and its limits."""

    def __init__(self, *args, **kwargs):
        # The native input is hidden behind a Chinese label (the browser words its own button in
        # the browser's language); static/js/report-form.js lists the chosen files beside it.
        attrs = {"accept": "image/jpeg,image/png,image/webp", "class": "visually-hidden"}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(item, initial) for item in files]
