"""The honeypot and the signed start time on the public form (Art.22)."""

import re
import time

import pytest
from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS

from reports.abuse import HONEYPOT_FIELD, STARTED_FIELD, HumanCheckMixin, issue_started
from yuhang_cac.core.models import SiteText

# A start note that passes is spent in the database (single use).
pytestmark = pytest.mark.django_db


class SampleForm(HumanCheckMixin, forms.Form):
    text = forms.CharField()

    def clean(self):
        cleaned = super().clean()
        self.rest_of_clean_ran = True
        return cleaned


class SampleModelForm(HumanCheckMixin, forms.ModelForm):
    class Meta:
        model = SiteText
        fields = ["title"]


def started_ago(monkeypatch, seconds: float) -> str:
    """A start note issued ``seconds`` ago."""
    then = time.time() - seconds
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: then)
        return issue_started()


def post(started: str, **extra) -> SampleForm:
    form = SampleForm({"text": "一条举报", STARTED_FIELD: started, **extra})
    form.is_valid()
    return form


def refused_with(form, code: str) -> bool:
    return form.has_error(NON_FIELD_ERRORS, code=code)


def test_a_form_filled_at_human_speed_passes(monkeypatch):
    form = post(started_ago(monkeypatch, 30))
    assert form.is_valid(), form.errors


def test_a_filled_honeypot_is_refused(monkeypatch):
    form = post(started_ago(monkeypatch, 30), **{HONEYPOT_FIELD: "http://spam.example"})
    assert refused_with(form, "honeypot")


def test_a_form_sent_too_fast_is_refused(monkeypatch, settings):
    settings.REPORT_MIN_FILL_SECONDS = 3
    assert refused_with(post(started_ago(monkeypatch, 1)), "too_fast")
    assert post(started_ago(monkeypatch, 4)).is_valid()


def test_a_form_older_than_the_limit_is_refused(monkeypatch, settings):
    settings.REPORT_FORM_MAX_AGE_HOURS = 12
    assert refused_with(post(started_ago(monkeypatch, 13 * 3600)), "expired")
    assert post(started_ago(monkeypatch, 11 * 3600)).is_valid()


@pytest.mark.parametrize(
    "started",
    [
        "",
        "1700000000.000",
        "1700000000.000:1abcde:forged-signature",
        signing.TimestampSigner(salt="another.salt").sign("1700000000.000"),
        signing.TimestampSigner(salt="reports.abuse.form-started").sign("not-a-time"),
    ],
    ids=["missing", "unsigned", "forged", "other-salt", "not-a-time"],
)
def test_a_missing_or_tampered_start_is_refused(started):
    assert refused_with(post(started), "bad_signature")


def test_a_changed_start_time_breaks_the_signature(monkeypatch):
    value, stamp, signature = started_ago(monkeypatch, 30).split(":")
    when, nonce = value.split("_")
    assert refused_with(post(f"{float(when) - 3600:.3f}_{nonce}:{stamp}:{signature}"), "bad_signature")


def test_a_start_note_is_accepted_once(monkeypatch):
    started = started_ago(monkeypatch, 30)
    assert post(started).is_valid()
    replay = post(started)
    assert refused_with(replay, "replayed")
    assert replay.refused_as == "replayed"


def test_two_forms_handed_out_at_once_carry_different_notes(monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    assert issue_started() != issue_started()


def test_every_refusal_reads_the_same_and_in_chinese(monkeypatch):
    spent = started_ago(monkeypatch, 30)
    post(spent)
    messages = {
        post(started_ago(monkeypatch, 30), **{HONEYPOT_FIELD: "x"}).non_field_errors()[0],
        post(started_ago(monkeypatch, 0)).non_field_errors()[0],
        post("forged").non_field_errors()[0],
        post(spent).non_field_errors()[0],
    }
    assert len(messages) == 1
    message = messages.pop()
    assert re.search("[\u4e00-\u9fff]", message) and not re.search("[A-Za-z]", message)


def test_the_rest_of_clean_runs_after_a_refusal():
    form = post("forged")
    assert form.rest_of_clean_ran


def test_a_form_with_errors_is_re_rendered_with_a_fresh_start(monkeypatch):
    old = started_ago(monkeypatch, 13 * 3600)
    form = post(old)
    assert not form.is_valid()
    fresh = form[STARTED_FIELD].value()
    assert fresh != old
    assert f'value="{fresh}"' in str(form[STARTED_FIELD])
    signing.TimestampSigner(salt="reports.abuse.form-started").unsign(fresh, max_age=60)


def test_the_view_can_renew_the_start_itself(monkeypatch):
    form = post(started_ago(monkeypatch, 30))
    assert form.is_valid()
    before = form[STARTED_FIELD].value()
    time.sleep(0.002)
    form.renew_human_check()
    assert form[STARTED_FIELD].value() != before


def test_an_unbound_form_carries_a_start_note():
    html = str(SampleForm()[STARTED_FIELD])
    value = re.search(r'value="([^"]+)"', html)[1]
    issued = float(signing.TimestampSigner(salt="reports.abuse.form-started").unsign(value).split("_")[0])
    assert abs(time.time() - issued) < 5


def test_the_honeypot_is_hidden_from_people_by_a_class_only():
    html = str(SampleForm()[HONEYPOT_FIELD])
    for attribute in ('class="form-aux"', 'tabindex="-1"', 'autocomplete="off"', 'aria-hidden="true"'):
        assert attribute in html
    assert "style=" not in html
    assert SampleForm()[HONEYPOT_FIELD].label == ""


def test_the_honeypot_class_is_in_the_stylesheet(settings):
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    assert re.search(r"\.form-aux\s*\{[^}]*left:\s*-10000px", css)


@pytest.mark.django_db
def test_the_checks_work_on_a_model_form_too(monkeypatch):
    form = SampleModelForm({"title": "标题", STARTED_FIELD: started_ago(monkeypatch, 30)})
    assert form.is_valid(), form.errors
    form = SampleModelForm({"title": "标题", STARTED_FIELD: started_ago(monkeypatch, 0)})
    assert form.has_error(NON_FIELD_ERRORS, code="too_fast")
