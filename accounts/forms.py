"""Registry forms: they validate and normalise; ``accounts.services`` saves."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuhang_cac.core.forms import PleaseChooseMixin
from yuhang_cac.core.remote_choices import SearchSelect
from yuhang_cac.users.models import Organisation

from . import identifiers, rules
from .models import (
    Account,
    ContentCategory,
    Operator,
    Person,
    Platform,
    Practitioner,
    PractitionerRecord,
    Street,
)
from .services import find_person
from .spreadsheets import MAX_BYTES, MAX_ROWS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _active_or_current(queryset, current_pk):
    """Active reference rows, plus the one already chosen (it may have been retired since)."""
    return queryset.filter(Q(is_active=True) | Q(pk=current_pk))


def account_choice_label(account: Account) -> str:
    """An account in a choice: names repeat across platforms, so the platform follows."""
    return f"{account.name}（{account.platform}）"


def operator_choice_label(operator: Operator) -> str:
    """Names repeat (two people, or a shop and a company, may share one): show the identifier too."""
    return f"{operator.name}（{operator.credit_code or operator.get_kind_display()}）"


class AccountForm(PleaseChooseMixin, forms.ModelForm):
    profile_url = forms.CharField(
        label=_("Profile URL"),
        required=False,
        max_length=500,
        help_text=_(
            "Paste the address of the account's home page: the platform and stable id are read from it "
            "where the address shows them."
        ),
    )

    class Meta:
        model = Account
        fields = [
            "platform",
            "stable_id",
            "name",
            "handle",
            "operator",
            "jurisdiction",
            "street",
            "liaison_organisation",
            "status",
            "grade",
            "content_categories",
            "has_content_review",
            "has_editor_responsibility",
            "dedicated_editors",
            "followers",
            "notes",
        ]
        widgets = {
            "content_categories": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["profile_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = self.instance
        self.fields["profile_url"].initial = account.profile_url
        # The platform may come from the pasted address; clean() insists on one.
        self.fields["platform"].required = False
        self.fields["platform"].queryset = _active_or_current(Platform.objects.all(), account.platform_id)
        self.fields["street"].queryset = Street.objects.filter(
            Q(pk__in=Street.objects.valid_on(timezone.localdate())) | Q(pk=account.street_id)
        )
        self.fields["liaison_organisation"].queryset = Organisation.objects.filter(
            Q(kind=Organisation.Kind.ASSOCIATION, is_active=True) | Q(pk=account.liaison_organisation_id)
        )
        self.fields["content_categories"].queryset = ContentCategory.objects.filter(
            Q(is_active=True) | Q(pk__in=account.content_categories.all() if account.pk else [])
        )
        operator = self.fields["operator"]
        operator.label_from_instance = operator_choice_label
        # The registry holds tens of thousands of operators: the page holds the chosen one and
        # static/js/search-select.js searches the rest by name or credit code.
        operator.widget = SearchSelect(
            search_url=reverse_lazy("accounts:operator_search"),
            attrs={"data-placeholder": _("Type a name or credit code to search")},
            no_results=_("No operator matches: register it in a new tab."),
        )
        operator.widget.choices = operator.choices
        self._limit_status(account)

    def _limit_status(self, account: Account) -> None:
        field = self.fields["status"]
        allowed = rules.allowed_statuses(account.status if account.pk else None)
        if account.pk and allowed == (account.status,):
            field.disabled = True
            field.help_text = rules.measure_status_message()
            return
        field.choices = [(status, Account.Status(status).label) for status in allowed]

    def clean_profile_url(self):
        text = self.cleaned_data["profile_url"].strip()
        self.parsed_url = identifiers.parse_profile_url(text) if text else None
        if not text or (self.parsed_url and self.parsed_url[1] == text):
            return ""  # nothing pasted, or a bare WeChat 原始ID rather than an address
        url = text if text.lower().startswith(("http://", "https://")) else f"https://{text}"
        try:
            URLValidator()(url)
        except ValidationError as exc:
            raise ValidationError(
                _("Enter a web address such as https://weibo.com/u/1234567890."), code="invalid"
            ) from exc
        return url

    def clean_stable_id(self):
        return "".join(self.cleaned_data["stable_id"].split())

    def clean(self):
        data = super().clean()
        self._apply_profile_url(data)
        if not data.get("platform") and "platform" not in self.errors:
            self.add_error("platform", _("Choose the platform, or paste a profile URL that shows it."))
        self._refuse_duplicate(data)
        self._require_confirmed_fields(data)
        self._check_jurisdiction(data)
        return data

    def _apply_profile_url(self, data: dict) -> None:
        parsed = getattr(self, "parsed_url", None)
        platform = Platform.objects.filter(code=parsed[0]).first() if parsed else None
        if platform is None:
            return
        if data.get("platform") and data["platform"] != platform:
            self.add_error(
                "profile_url",
                _("This address belongs to %(platform)s, not to the platform chosen.")
                % {"platform": platform},
            )
            return
        stable_id = parsed[1]
        if data.get("stable_id") and data["stable_id"] != stable_id:
            self.add_error(
                "stable_id",
                _("The profile URL shows the stable id %(id)s: leave this empty or enter the same.")
                % {"id": stable_id},
            )
            return
        data["platform"], data["stable_id"] = platform, stable_id

    def _refuse_duplicate(self, data: dict) -> None:
        platform, stable_id = data.get("platform"), data.get("stable_id")
        if not (platform and stable_id):
            return
        clash = Account.objects.filter(platform=platform, stable_id=stable_id).exclude(pk=self.instance.pk)
        if (other := clash.first()) is not None:
            self.add_error(
                "stable_id",
                _("An account with this stable id is already registered on %(platform)s: %(name)s.")
                % {"platform": platform, "name": other.name},
            )

    def _require_confirmed_fields(self, data: dict) -> None:
        if not rules.needs_operator_and_stable_id(data.get("status")):
            return
        if not data.get("operator") and "operator" not in self.errors:
            self.add_error("operator", rules.operator_missing_message())
        if not data.get("stable_id") and "stable_id" not in self.errors:
            self.add_error("stable_id", rules.stable_id_missing_message())

    def _check_jurisdiction(self, data: dict) -> None:
        jurisdiction = data.get("jurisdiction")
        if not rules.street_allowed(jurisdiction):
            data["street"] = None  # the form drops it; the import, which cannot, refuses it
            return
        required = rules.street_required(jurisdiction, data.get("status"))
        if required and not data.get("street") and "street" not in self.errors:
            self.add_error("street", rules.street_missing_message())


def normalised_phone(value: str) -> str:
    if not value.strip():
        return ""
    identifiers.validate_phone(value)
    return identifiers.normalise_phone(value)


class PersonFieldsMixin(forms.Form):
    """A natural person entered by name and ID document; an existing person is found by the number."""

    person_name = forms.CharField(label=_("Name"), max_length=50, required=False)
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=Person.IdType.choices, initial=Person.IdType.RESIDENT, required=False
    )
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def clean_phone(self):
        return normalised_phone(self.cleaned_data["phone"])

    def clean_person(self, data: dict) -> None:
        """Require and check the person's fields; called from clean() when a person is needed."""
        for name in ("person_name", "id_type", "id_number"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        number, id_type = data.get("id_number"), data.get("id_type")
        if not (number and id_type):
            return
        try:
            identifiers.validate_id_number(id_type, number)
        except ValidationError as exc:
            self.add_error("id_number", exc)
            return
        data["id_number"] = identifiers.normalise_id_number(number)
        self.existing_person = find_person(id_type, data["id_number"])
        name = data.get("person_name", "").strip()
        if self.existing_person and name and self.existing_person.name != name:
            self.add_error(
                "person_name",
                _("This ID number is registered to %(name)s: check the name or the number.")
                % {"name": self.existing_person.name},
            )


class PersonEditForm(forms.Form):
    """A person's own details, checked as on creation; the ID number is entered again only to change it."""

    name = forms.CharField(label=_("Name"), max_length=50)
    id_type = forms.ChoiceField(label=_("ID type"), choices=Person.IdType.choices)
    id_number = forms.CharField(label=_("New ID number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=pgettext_lazy("postal", "Address"), max_length=200, required=False)

    def __init__(self, *args, person: Person, **kwargs):
        self.person = person
        initial = {
            "name": person.name,
            "id_type": person.id_type,
            "phone": person.phone,
            "address": person.address,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["id_number"].help_text = _(
            "Stored: %(masked)s. Leave empty to keep it; enter the full number to correct it."
        ) % {"masked": person.id_number_masked}
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        phone = self.fields["phone"].widget.attrs
        phone.update(inputmode="tel", autocomplete="off")

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        return normalised_phone(self.cleaned_data["phone"])

    def clean_address(self):
        return self.cleaned_data["address"].strip()

    def clean(self):
        data = super().clean()
        number, id_type = data.get("id_number", ""), data.get("id_type")
        if not id_type:
            return data
        if not number:
            if id_type != self.person.id_type:
                self.add_error("id_number", _("Enter the ID number again to change the type of ID document."))
            return data
        try:
            identifiers.validate_id_number(id_type, number)
        except ValidationError as exc:
            self.add_error("id_number", exc)
            return data
        data["id_number"] = identifiers.normalise_id_number(number)
        other = find_person(id_type, data["id_number"])
        if other is not None and other.pk != self.person.pk:
            self.add_error(
                "id_number",
                _("This ID number is registered to %(name)s: check the name or the number.")
                % {"name": other.name},
            )
        return data


def checked_credit_code(form: forms.Form, value: str, operator_pk) -> str:
    """A checksum-valid code held by no other operator; errors go on the form's credit_code field."""
    code = identifiers.normalise_credit_code(value)
    if not code:
        form.add_error("credit_code", _("An organisation needs its unified social credit code."))
        return code
    try:
        identifiers.validate_credit_code(code)
    except ValidationError as exc:
        form.add_error("credit_code", exc)
        return code
    other = Operator.objects.filter(credit_code=code).exclude(pk=operator_pk).first()
    if other is not None:
        form.add_error(
            "credit_code",
            _("This credit code is already registered to %(name)s.") % {"name": other.name},
        )
    return code


class OperatorCreateForm(PleaseChooseMixin, PersonFieldsMixin):
    """An organisation or an individual: the page shows the fields of the chosen kind, and one phone field."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Operator.Kind.choices,
        widget=forms.RadioSelect,
        initial=Operator.Kind.ORGANISATION,
    )
    name = forms.CharField(label=_("Organisation name"), max_length=200, required=False)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30, required=False)
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    address = forms.CharField(label=pgettext_lazy("postal", "Address"), max_length=200, required=False)

    # Which fields belong to which kind; the template shows one group at a time.
    ORGANISATION_FIELDS = ("name", "credit_code", "contact_name")
    INDIVIDUAL_FIELDS = ("person_name", "id_type", "id_number")
    COMMON_FIELDS = ("phone", "address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Contact phone")
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")

    def field_groups(self) -> dict:
        return {
            "organisation": [self[name] for name in self.ORGANISATION_FIELDS],
            "individual": [self[name] for name in self.INDIVIDUAL_FIELDS],
            "common": [self[name] for name in self.COMMON_FIELDS],
        }

    def clean(self):
        data = super().clean()
        phone = data.get("phone", "")
        if data.get("kind") == Operator.Kind.INDIVIDUAL:
            # The person is the contact; their phone is kept on the person, where practitioners share it.
            data["name"] = data["credit_code"] = data["contact_name"] = data["contact_phone"] = ""
            self.clean_person(data)
            person = getattr(self, "existing_person", None)
            if person is not None and Operator.objects.filter(person=person).exists():
                self.add_error("id_number", _("This person is already registered as an individual operator."))
        elif data.get("kind") == Operator.Kind.ORGANISATION:
            data["person_name"] = data["id_number"] = data["phone"] = ""
            data["contact_phone"] = phone
            if not data.get("name"):
                self.add_error("name", _("Enter the organisation's name as registered."))
            data["credit_code"] = checked_credit_code(self, data.get("credit_code", ""), None)
        return data


class OperatorEditForm(PleaseChooseMixin, forms.ModelForm):
    """An operator's details; the kind and the person of an individual operator do not change."""

    class Meta:
        model = Operator
        fields = ["name", "credit_code", "contact_name", "contact_phone", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_individual:
            # The person is the contact, and the name follows the person's record.
            del self.fields["name"], self.fields["credit_code"], self.fields["contact_name"]
        self.fields["contact_phone"].widget.input_type = "tel"
        self.fields["contact_phone"].widget.attrs.update(inputmode="tel")

    def clean_contact_phone(self):
        return normalised_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        data = super().clean()
        if "credit_code" in self.fields and "credit_code" not in self.errors:
            data["credit_code"] = checked_credit_code(self, data.get("credit_code", ""), self.instance.pk)
        return data


class PractitionerForm(PleaseChooseMixin, forms.ModelForm):
    """Role, dates, 备案 filing (Art.10) and the operator's accounts the practitioner works on."""

    class Meta:
        model = Practitioner
        fields = ["role", "started_on", "ended_on", "filing_status", "filed_on", "accounts"]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            "filed_on": DateInput(),
            "accounts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, operator: Operator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = operator.accounts.all()

    def clean(self):
        data = super().clean()
        if data.get("filing_status") == Practitioner.Filing.FILED and not data.get("filed_on"):
            self.add_error("filed_on", _("Enter the date of the filing (备案)."))
        if data.get("filing_status") == Practitioner.Filing.NOT_FILED:
            data["filed_on"] = None
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date is before the start date."))
        return data


class PractitionerCreateForm(PersonFieldsMixin, PractitionerForm):
    field_order = ["person_name", "id_type", "id_number", "phone"]

    def __init__(self, *args, operator: Operator, **kwargs):
        self.operator = operator
        super().__init__(*args, operator=operator, **kwargs)

    def clean(self):
        data = super().clean()
        self.clean_person(data)
        person = getattr(self, "existing_person", None)
        if person and self.operator.practitioners.filter(person=person, ended_on__isnull=True).exists():
            self.add_error("id_number", _("This person already works for this operator."))
        return data


class PractitionerRecordForm(PleaseChooseMixin, forms.ModelForm):
    class Meta:
        model = PractitionerRecord
        fields = ["kind", "date", "description"]
        widgets = {"date": DateInput()}


class AccountImportForm(forms.Form):
    """The upload of an import file; its rows are checked by ``accounts.imports``."""

    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An .xlsx or .csv file laid out like the template: at most %(mb)d MB and %(rows)d rows."
        ) % {"mb": MAX_BYTES // (1024 * 1024), "rows": MAX_ROWS}
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an .xlsx or .csv file."), code="extension")
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(max)d MB.") % {"max": MAX_BYTES // (1024 * 1024)}, code="size"
            )
        return upload


class UnmaskForm(forms.Form):
    """Why the full ID number is needed: kept in the audit event (DOMAIN.md §8)."""

    REASONS = [
        ("report", _("Verifying a report")),
        ("case", _("Handling a summons case")),
        ("identity", _("Confirming who the person is")),
        ("other", _("Other")),
    ]
    reason = forms.ChoiceField(label=_("Why"), choices=[("", _("Please choose"))] + REASONS)
    note = forms.CharField(
        label=_("Details"),
        max_length=200,
        help_text=_("For example the report or case number."),
    )
