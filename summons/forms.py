"""Forms of the summons app. They validate and normalise only; the services decide."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ProhibitedContent
from yuhang_cac.core.forms import MultipleImageField, PleaseChooseMixin
from yuhang_cac.core.uploads import ImageLimits, process_images
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import CAC_ROLES, Role

from .models import Case, Department, Ground, Measure, MeetingRecord, Notice


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


class OpenForAccountForm(forms.Form):
    """立案 on an account directly: a daily-assessment flag (G5), or what the officer found."""

    grounds = forms.ModelMultipleChoiceField(
        label=_("Grounds (Art.12)"), queryset=Ground.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    categories = forms.ModelMultipleChoiceField(
        label=_("Prohibited content (Art.5)"),
        queryset=ProhibitedContent.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].queryset = Ground.objects.active()
        self.fields["categories"].queryset = ProhibitedContent.objects.active()


class StepForm(PleaseChooseMixin, forms.Form):
    """A form of one step on the case page; its field ids carry the step, as several share a page."""

    step = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NoticeForm(StepForm):
    step = "notice"

    meeting_at = forms.DateTimeField(label=_("Time of the summons"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    participants = forms.CharField(label=_("Who is summoned"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for the summons"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectNoticeForm(NoticeForm):
    """The notice as it should have been, and what the correction changes (a new number, the old one void)."""

    step = "correct_notice"

    correction = forms.CharField(label=_("What the correction changes"), max_length=300)

    @staticmethod
    def initial_from(notice: Notice) -> dict:
        """The notice as issued, to change only what was wrong."""
        fields = ("place", "participants", "reason")
        return {
            "meeting_at": timezone.localtime(notice.meeting_at),
            **{f: getattr(notice, f) for f in fields},
        }


class ServiceForm(StepForm):
    step = "serve"

    method = forms.ChoiceField(label=_("How it was served"), choices=Notice.ServiceMethod.choices)
    served_at = forms.DateTimeField(label=_("Served at"), widget=DateTimeInput())
    received_by = forms.CharField(label=_("Received by"), max_length=100, required=False)


class RecordForm(StepForm):
    """The record of the summons; the officers and their certificates become ``officers`` pairs."""

    step = "record"

    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=MeetingRecord.Outcome.choices, widget=forms.RadioSelect
    )
    officer_1 = forms.ModelChoiceField(label=_("First officer"), queryset=User.objects.none())
    certificate_1 = forms.CharField(label=_("Enforcement certificate number"), max_length=30)
    officer_2 = forms.ModelChoiceField(label=_("Second officer"), queryset=User.objects.none())
    certificate_2 = forms.CharField(label=_("Enforcement certificate number"), max_length=30)
    attendees = forms.CharField(
        label=_("Attendees for the account"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    problems = forms.CharField(
        label=_("Problems found"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    rectification_items = forms.CharField(
        label=_("Rectification required"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    deadline_days = forms.IntegerField(
        label=_("Working days to rectify"), min_value=1, max_value=60, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(role__in=CAC_ROLES, is_active=True).order_by("username")
        self.fields["officer_1"].queryset = self.fields["officer_2"].queryset = staff

    def clean(self):
        cleaned = super().clean()
        pairs = [(cleaned.pop(f"officer_{n}", None), cleaned.pop(f"certificate_{n}", "")) for n in (1, 2)]
        cleaned["officers"] = [(user, certificate) for user, certificate in pairs if user is not None]
        return cleaned


class ExtendForm(StepForm):
    step = "extend"

    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason for the extension"), max_length=200)


class RectificationForm(forms.Form):
    text = forms.CharField(label=_("Rectification report"), widget=forms.Textarea(attrs={"rows": 4}))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    images = MultipleImageField(
        label=_("Images"),
        required=False,
        help_text=_("Screenshots of the rectified content (JPEG, PNG or WebP)."),
    )

    def clean_images(self):
        images, errors = process_images(self.cleaned_data.get("images") or [], image_limits())
        if errors:
            raise ValidationError(errors)
        return images


def image_limits() -> ImageLimits:
    return ImageLimits(settings.SUMMONS_MAX_IMAGE_BYTES, settings.SUMMONS_MAX_IMAGE_PIXELS)


class AssignEvaluatorForm(StepForm):
    step = "assign"

    evaluator = forms.ModelChoiceField(label=_("Evaluator"), queryset=User.objects.none())

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        liaison = Q(role=Role.ASSOCIATION, organisation=case.account.liaison_organisation_id)
        evaluators = User.objects.filter(liaison | Q(role=Role.EXPERT), is_active=True)
        self.fields["evaluator"].queryset = evaluators.order_by("role", "username")


class RecuseForm(StepForm):
    step = "recuse"

    conflict = forms.CharField(label=_("The conflict of interest"), max_length=300)


class EvaluateForm(StepForm):
    step = "evaluate"

    passed = forms.TypedChoiceField(
        label=_("Evaluation result"),
        choices=[("1", _("Adequate")), ("0", _("Inadequate"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class EscalateForm(StepForm):
    step = "escalate"

    measure = forms.ModelChoiceField(
        label=_("Measure requested of the upper-level CAC"), queryset=Measure.objects.none()
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments notified"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reasons for escalation"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.active()
        self.fields["departments"].queryset = Department.objects.active()


class DecisionForm(StepForm):
    step = "approve"

    note = forms.CharField(label=_("Leader's note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RejectForm(DecisionForm):
    step = "reject"


class ReplyForm(StepForm):
    step = "reply"

    reply_number = forms.CharField(label=_("Reply document number"), max_length=50)
    measure_granted = forms.ModelChoiceField(
        label=_("Measure granted"),
        queryset=Measure.objects.none(),
        required=False,
        help_text=_("Leave empty when the reply grants no measure."),
    )
    period_start = forms.DateField(label=_("Measure from"), widget=DateInput(), required=False)
    period_end = forms.DateField(label=_("Measure until"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_granted"].queryset = Measure.objects.active()


class CloseForm(StepForm):
    step = "close"

    note = forms.CharField(label=_("How the case ends"), widget=forms.Textarea(attrs={"rows": 2}))
    public_apology = forms.BooleanField(label=_("Corrected with a public apology (Art.6)"), required=False)
    public_reply = forms.CharField(
        label=_("Reply to the reporters"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Needed when reports on this case are still being handled: their reporters read it."),
    )
