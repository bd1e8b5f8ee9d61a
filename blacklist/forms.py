"""Forms of the management list. They validate and normalise only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Platform, Violation
from reports.models import Report
from summons.models import Case
from yuhang_cac.core.forms import PleaseChooseMixin
from yuhang_cac.users.models import Organisation

from .models import Department, Entry, Severity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StepForm(PleaseChooseMixin, forms.Form):
    """A form of one step on the entry page; its field ids carry the step, as several share a page."""

    step = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.step}_%s")
        super().__init__(*args, **kwargs)


def _text(label, rows=3, required=True, help_text=""):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required, help_text=help_text
    )


class ProposeForm(StepForm):
    step = "propose"

    ground = forms.ChoiceField(label=_("Ground (Art.15)"), choices=[("", "---------"), *Entry.Ground.choices])
    severity = forms.ModelChoiceField(label=_("Severity"), queryset=Severity.objects.none())
    facts = _text(_("Facts and reasons"), rows=4)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        required=False,
        help_text=_("Told to the account in the notice; nothing is listed without it."),
    )
    violations = forms.ModelMultipleChoiceField(
        label=_("Violations"),
        queryset=Violation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("Summons cases"),
        queryset=Case.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reports = forms.ModelMultipleChoiceField(
        label=_("Reports found true"),
        queryset=Report.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, account, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["severity"].queryset = Severity.objects.active()
        self.fields["severity"].label_from_instance = lambda severity: (
            _("%(label)s (%(min)s to %(max)s months)")
            % {"label": severity.label, "min": severity.min_months, "max": severity.max_months}
        )
        self.fields["violations"].queryset = Violation.objects.visible_to(user).filter(account=account)
        self.fields["cases"].queryset = Case.objects.visible_to(user).filter(account=account)
        self.fields["reports"].queryset = Report.objects.visible_to(user).filter(
            account=account,
            status__in=[Report.Status.FOUND_TRUE, Report.Status.HANDLING, Report.Status.CLOSED],
        )


class ServeForm(StepForm):
    step = "serve"

    method = forms.ChoiceField(
        label=_("How it was served"), choices=[("", "---------"), *Entry.ServiceMethod.choices]
    )
    served_on = forms.DateField(label=_("Served on"), widget=DateInput())
    received_by = forms.CharField(label=_("Received by"), max_length=100, required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the proposal's basis."),
    )


class DefenceForm(StepForm):
    step = "defence"

    waived = forms.BooleanField(
        label=_("No defence was stated (the window has closed, or the account waived it in writing)"),
        required=False,
    )
    defence = _text(_("Defence stated"), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput(), required=False)
    answer = _text(_("The office's answer"), required=False)


class DecisionForm(StepForm):
    step = "approve"

    note = _text(_("Leader's note"), rows=2, required=False)


class RejectForm(StepForm):
    step = "reject"

    note = _text(_("Why it is not listed"), rows=2)


class WithdrawForm(StepForm):
    step = "withdraw"

    note = _text(_("Why it is not listed"), rows=2)


class ApplyForm(StepForm):
    step = "apply"

    commitment = _text(_("Written commitment"), rows=3)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())


class EvaluateForm(StepForm):
    step = "evaluate"

    evaluator = forms.ModelChoiceField(label=_("Evaluated by"), queryset=Organisation.objects.none())
    rectified = forms.TypedChoiceField(
        label=_("Evaluation result"),
        choices=[("", "---------"), ("true", _("Rectified")), ("false", _("Not rectified"))],
        coerce=lambda value: value == "true",
    )
    evaluation = _text(_("Evaluation"), rows=3)
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = Organisation.objects.exclude(kind=Organisation.Kind.CAC).order_by(
            "name"
        )


class LiftForm(StepForm):
    step = "lift"

    note = _text(_("Leader's note"), rows=2, required=False)


class RefuseRemovalForm(StepForm):
    step = "refuse"

    note = _text(_("Why the removal is refused"), rows=2)


class JointForm(StepForm):
    step = "joint"

    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    platforms = forms.ModelMultipleChoiceField(
        label=_("Platforms"),
        queryset=Platform.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.active()
        self.fields["platforms"].queryset = Platform.objects.active()


class ReplyForm(StepForm):
    step = "reply"

    reply = _text(_("Reply"), rows=2)
    replied_on = forms.DateField(label=_("Replied on"), widget=DateInput())


class LookupForm(forms.Form):
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    account = forms.CharField(
        label=_("Account"),
        max_length=100,
        required=False,
        help_text=_("The account's stable id or handle on its platform, exactly."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("credit_code", "").strip()) == bool(data.get("account", "").strip()):
            raise forms.ValidationError(_("Give either a credit code or an account."))
        return data
