from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.validators import MaxLengthValidator
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.users.models import UserSession
from yuhang_cac.users.services import end_sessions

from .models import SiteText
from .public import public_page


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@public_page
def home(request):
    """How to report an account (Art.22): channels, what a good report holds, how it is handled."""
    return render(
        request,
        "core/home.html",
        {
            "texts": SiteText.objects.filter(key__startswith="home-"),
            "report_url": _url_or_none("public_reports:submit"),
            "status_url": _url_or_none("public_reports:status"),
        },
    )


@public_page
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    return redirect(static("favicon.ico"), permanent=True)


@public_page
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@public_page
def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The old password is hashed to be checked: refuse an oversized one first.
        self.fields["old_password"].validators.append(MaxLengthValidator(settings.PASSWORD_MAX_LENGTH))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        record_event(AuditEvent.Kind.PASSWORD_CHANGED, actor=self.request.user, request=self.request)
        # This session goes on under a new key; every other one ends with the old password (ASVS V3.3.3).
        keep = self.request.session.session_key
        UserSession.objects.filter(session_key=old_key).update(session_key=keep)
        end_sessions(self.request.user, keep=keep)
        return response
