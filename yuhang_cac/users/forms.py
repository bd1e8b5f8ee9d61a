"""Forms of the sign-in and of the security administrator's screens. They validate only."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .roles import Role


class SignInForm(AuthenticationForm):
    """User name and password; a password over PASSWORD_MAX_LENGTH is refused before hashing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].validators.append(MaxLengthValidator(settings.PASSWORD_MAX_LENGTH))
        self.fields["password"].error_messages["max_length"] = _("This password is too long.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=6,
        min_length=6,
        help_text=_("The 6 digits the app shows after you added the portal."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"), choices=[("", _("No role"))] + Role.choices, required=False)


class LockForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
