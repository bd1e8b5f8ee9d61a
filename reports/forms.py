"""Forms of the public report channel and of the officers' queue. They validate and normalise only."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import Platform, ProhibitedContent
from yuhang_cac.core.forms import MultipleImageField, PleaseChooseMixin
from yuhang_cac.core.phones import normalise_phone, validate_phone
from yuhang_cac.core.uploads import process_images
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import CAC_ROLES

from . import evidence
from .abuse import HumanCheckMixin
from .models import Report, ReportAction


class TelInput(forms.TextInput):
    input_type = "tel"


class LinkField(forms.URLField):
    """A link typed without a scheme is read as https (as Django 6 will do for every URLField)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ReportForm(HumanCheckMixin, forms.ModelForm):
    """The public report form (Art.22). Evidence that passed its checks survives a form error."""

    images = MultipleImageField(label=_("Evidence images"), required=False)
    staged = forms.CharField(widget=forms.HiddenInput, required=False)
    # Images kept from an earlier try that the citizen takes back (by their place in the staged list).
    drop_staged = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_phone = forms.CharField(
        label=_("Your phone"),
        max_length=20,
        required=False,
        widget=TelInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"inputmode": "email", "autocomplete": "email"}),
    )

    class Meta:
        model = Report
        fields = [
            "platform",
            "reported_name",
            "reported_profile_url",
            "content_url",
            "category",
            "description",
        ]
        field_classes = {"reported_profile_url": LinkField, "content_url": LinkField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "reported_profile_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "content_url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "reported_name": _("As it appeared when you saw it."),
            "content_url": _("A link to the post, article or video you are reporting."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.active()
        self.fields["category"].queryset = ProhibitedContent.objects.active()
        self.fields["category"].label = _("What is wrong with it (Art.5)")
        self.fields["category"].help_text = _(
            "Not sure which one applies? Choose “Other / not sure”: the office will classify it."
        )
        self.fields["description"].max_length = settings.REPORT_MAX_DESCRIPTION_CHARS
        self.fields["description"].widget.attrs["maxlength"] = settings.REPORT_MAX_DESCRIPTION_CHARS
        self._describe_image_limits()
        self.processed_images: list[evidence.ProcessedImage] = []
        self.staged_images: list[evidence.ProcessedImage] = []

    def _describe_image_limits(self) -> None:
        """The limits, said before anything is uploaded; static/js/report-form.js checks each pick too."""
        count, size = settings.REPORT_MAX_IMAGES, settings.REPORT_MAX_IMAGE_BYTES
        field = self.fields["images"]
        field.help_text = _(
            "Up to %(count)d screenshots or photos, JPEG, PNG or WebP, at most %(size)s each."
        ) % {"count": count, "size": filesizeformat(size)}
        field.widget.attrs.update({"data-max-images": count, "data-max-bytes": size})
        self.fields["drop_staged"].choices = [(str(i), str(i)) for i in range(count)]

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) > settings.REPORT_MAX_DESCRIPTION_CHARS:
            raise ValidationError(
                _("The description is too long: at most %(limit)d characters."),
                params={"limit": settings.REPORT_MAX_DESCRIPTION_CHARS},
            )
        return text

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if phone:
            validate_phone(phone)
            return normalise_phone(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        errors = []
        try:
            kept = evidence.staged(cleaned.get("staged") or "")
        except ValidationError as exc:
            kept = []
            errors.extend(exc.messages)
        dropped = set(cleaned.get("drop_staged") or ())
        images = [image for index, image in enumerate(kept) if index not in dropped]
        checked, refused = process_images(cleaned.get("images") or [], evidence.limits())
        images.extend(checked)
        errors.extend(refused)
        limit = settings.REPORT_MAX_IMAGES
        if len(images) > limit:
            left_out = "、".join(image.original_name for image in images[limit:])
            errors.append(
                _("At most %(limit)d images: the first %(limit)d are kept, %(names)s not.")
                % {"limit": limit, "names": left_out}
            )
            images = images[:limit]
        self.processed_images = images
        if errors:
            self.add_error("images", errors)
        return cleaned

    def keep_for_another_try(self, token: str) -> None:
        """Carry the checked images over to the re-rendered form under a staging token."""
        self.data = self.data.copy()
        self.data[self.add_prefix("staged")] = token
        self.data.setlist(self.add_prefix("drop_staged"), [])  # the new token holds only what was kept
        self.staged_images = self.processed_images

    def contact(self) -> dict:
        return {
            "name": self.cleaned_data.get("contact_name", ""),
            "phone": self.cleaned_data.get("contact_phone", ""),
            "email": self.cleaned_data.get("contact_email", ""),
        }

    def report_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class UnrenderedInput(forms.TextInput):
    """A text input that never writes its value back into the page: the receipt code is a secret."""

    def format_value(self, value):
        return None


class StatusLookupForm(forms.Form):
    number = forms.CharField(
        label=_("Report number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    receipt = forms.CharField(
        label=_("Receipt code"),
        max_length=30,
        widget=UnrenderedInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class RefuseForm(PleaseChooseMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.RefusalReason.choices)
    referred_to = forms.CharField(
        label=_("Referred to"),
        max_length=100,
        required=False,
        help_text=_("For a report outside Yuhang's jurisdiction: the office that received the referral."),
    )
    public_reply = forms.CharField(label=_("Reply to the reporter"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(PleaseChooseMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(role__in=CAC_ROLES, is_active=True).order_by(
            "username"
        )


class VerifyForm(PleaseChooseMixin, forms.Form):
    found_true = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Found true")), ("0", _("Not found true"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    finding = forms.CharField(
        label=_("What the verification found"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReclassifyForm(PleaseChooseMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category (Art.5)"), queryset=ProhibitedContent.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProhibitedContent.objects.active().classified()


class HandleForm(PleaseChooseMixin, forms.Form):
    # A 约谈 case is opened from the summons app, which records that action itself.
    kind = forms.ChoiceField(
        label=_("Handling action"),
        choices=[c for c in ReportAction.Kind.choices if c[0] != ReportAction.Kind.OPEN_CASE],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CloseForm(forms.Form):
    public_reply = forms.CharField(label=_("Reply to the reporter"), widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(PleaseChooseMixin, forms.Form):
    into = forms.CharField(label=_("Merge into report number"), max_length=20)

    def clean_into(self):
        number = self.cleaned_data["into"].strip().upper()
        report = Report.objects.filter(number=number).first()
        if report is None:
            raise ValidationError(_("There is no report with this number."))
        return report


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkAccountForm(PleaseChooseMixin, forms.Form):
    account = forms.IntegerField(widget=forms.HiddenInput)
