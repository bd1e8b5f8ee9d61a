"""Telling people from scripts on the public form, without a third-party service (Art.22).

Two checks, both invisible to a person: a honeypot field that people never see and scripts
fill in, and a signed note of when the form was handed out, which refuses a post sooner
than a person could fill the form, or later than REPORT_FORM_MAX_AGE_HOURS, or forged, or
already used once (each note carries a random part and is spent when a post passes it, so
one fetched form cannot be replayed into many reports). Every refusal reads the same,
"please try again", so a script learns nothing from it.
"""

import secrets
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core.ratelimit import address_hash
from yuhang_cac.core.singleuse import spend
from yuhang_cac.notifications.services import notify_role
from yuhang_cac.users.roles import Role

HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SALT = "reports.abuse.form-started"


def issue_started() -> str:
    """A signed, timestamped note of the moment a form is handed out."""
    return signing.TimestampSigner(salt=_SALT).sign(f"{time.time():.3f}_{secrets.token_hex(8)}")


def _refused(code: str) -> ValidationError:
    return ValidationError(
        _("The form could not be sent. Please check what you entered and send it again."), code=code
    )


def check_started(value: str) -> None:
    """Refuse a note that is forged, malformed, too old, too recent for a person, or used before."""
    max_age = settings.REPORT_FORM_MAX_AGE_HOURS * 3600
    try:
        started = float(signing.TimestampSigner(salt=_SALT).unsign(value, max_age=max_age).split("_")[0])
    except signing.SignatureExpired as exc:
        raise _refused("expired") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise _refused("bad_signature") from exc
    if time.time() - started < settings.REPORT_MIN_FILL_SECONDS:
        raise _refused("too_fast")
    if not spend("report-form", value, lifetime=timedelta(seconds=max_age + 60)):
        raise _refused("replayed")


class HumanCheckMixin:
    """Adds the honeypot and the start note to a Form or ModelForm; put it first in the bases.

    A form with errors gets a fresh start note, so the corrected form can be sent again;
    ``renew_human_check`` does the same for a view that re-renders a form for another reason.
    """

    # The check that refused the post as scripted ("honeypot", "too_fast", "replayed", ...), if any.
    refused_as: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Off-screen through a class (no inline styles), out of the tab order, unread by screen
        # readers, never autofilled: only a script fills it in.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label="",
            required=False,
            widget=forms.TextInput(
                attrs={"class": "form-aux", "tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}
            ),
        )
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=issue_started
        )

    def clean(self):
        cleaned = super().clean()
        # A form error, not an exception, so that the rest of clean() still runs (the evidence
        # of a person whose form merely aged is kept for the next try).
        try:
            self._check_human(cleaned)
        except ValidationError as error:
            self.refused_as = error.code
            self.add_error(None, error)
        return cleaned

    def _check_human(self, cleaned: dict) -> None:
        if cleaned.get(HONEYPOT_FIELD):
            raise _refused("honeypot")
        check_started(cleaned.get(STARTED_FIELD) or "")

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            self.renew_human_check()

    def renew_human_check(self) -> None:
        """Hand out a fresh start note in the bound data, for the form re-rendered."""
        self.data = self.data.copy()
        self.data[self.add_prefix(STARTED_FIELD)] = issue_started()


# --- Security events ------------------------------------------------------------------------
# Named by a keyed hash of the address, never the address itself (DOMAIN.md §8). A flood writes
# one event per address and hour, not one per refused request.


def _recent(kind: str, **detail) -> bool:
    since = timezone.now() - timedelta(hours=1)
    lookups = {f"detail__{key}": value for key, value in detail.items()}
    return AuditEvent.objects.filter(kind=kind, at__gte=since, **lookups).exists()


def record_flood(request, scope: str) -> None:
    """A client went past a rate limit of the public pages."""
    address = address_hash(request)
    if not _recent(AuditEvent.Kind.PUBLIC_FLOOD, address=address, check=scope):
        record_event(AuditEvent.Kind.PUBLIC_FLOOD, detail={"check": scope, "address": address})


def record_refusal(request, check: str) -> None:
    """A post refused as scripted (honeypot filled, too fast, forged, expired or replayed note)."""
    record_event(
        AuditEvent.Kind.PUBLIC_SCRIPT_REFUSED, detail={"check": check, "address": address_hash(request)}
    )


def channel_full(request) -> None:
    """The hourly cap on reports from all addresses is reached: record it, tell the office (hourly)."""
    hour = timezone.localtime().strftime("%Y%m%d%H")
    if not _recent(AuditEvent.Kind.PUBLIC_FLOOD, check="global_cap"):
        record_event(AuditEvent.Kind.PUBLIC_FLOOD, detail={"check": "global_cap", "hour": hour})
    count, _period = settings.REPORT_GLOBAL_RATE
    notify_role(
        Role.OFFICER, kind="public_channel_full", key=f"public-channel-full-{hour}", context={"count": count}
    )
