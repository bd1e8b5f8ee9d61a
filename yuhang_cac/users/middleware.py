"""Every signed-in request: both factors given, inside the idle and absolute limits, password current.

GB/T 22239-2019 8.1.4.1 b) (log out after idle time) and ASVS V3.3: a session ends after
SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after signing in. A temporary or
expired password must be replaced before anything else.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event

from .models import UserSession
from .passwords import password_expired

# How often the last-seen time is written: each request would be a write, a minute is enough.
SEEN_RESOLUTION = 60
PASSWORD_PAGES = ("password_change", "password_change_done", "logout")


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        now = time.time()
        session = request.session
        if not request.user.is_verified() or "auth_at" not in session:
            return self.end(request, _("Please sign in."), reason=None)
        if now - session["auth_at"] > settings.SESSION_MAX_HOURS * 3600:
            return self.end(request, _("You were signed out after the longest time a session lasts."), "max")
        if now - session.get("seen_at", 0) > settings.SESSION_IDLE_MINUTES * 60:
            return self.end(request, _("You were signed out after a time without activity."), "idle")
        if now - session.get("seen_at", 0) > SEEN_RESOLUTION:
            session["seen_at"] = now
            UserSession.objects.filter(session_key=session.session_key).update(last_seen_at=timezone.now())
        if password_expired(request.user) and request.path not in {reverse(n) for n in PASSWORD_PAGES}:
            messages.warning(request, _("Please choose a new password before you go on."))
            return redirect("password_change")
        return None

    def end(self, request, message: str, reason: str | None):
        if reason is not None:
            record_event(
                AuditEvent.Kind.SESSION_EXPIRED, actor=request.user, request=request, detail={"limit": reason}
            )
        UserSession.objects.filter(session_key=request.session.session_key).delete()
        logout(request)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
