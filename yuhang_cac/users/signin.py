"""Signing in: password, then the second factor (docs/security.md, "Sign-in").

Step one checks the user name and password behind django-axes (failures per user name and
address) and a limit per address over all user names. Step two asks for the authenticator's
code, or sets the authenticator up on the first sign-in. Only then is the user signed in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from yuhang_cac.audit.models import AuditEvent
from yuhang_cac.audit.services import record_event
from yuhang_cac.core.ratelimit import charge, too_many_requests, wait_seconds

from . import services, twofactor
from .forms import CodeForm, EnrolForm, SignInForm
from .models import User, UserSession

PENDING = "signin_pending"


def _next_url(request, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _address_wait(request) -> int:
    return wait_seconds("login-failure", request, settings.LOGIN_ADDRESS_FAILURE_RATE)


def _failed(request) -> None:
    charge("login-failure", request, settings.LOGIN_ADDRESS_FAILURE_RATE)


@sensitive_post_parameters("password")
@never_cache
@login_not_required
def sign_in(request):
    """Step one: user name and password."""
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request, request.GET.get("next", "")))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        wait = _address_wait(request)
        if wait:
            return too_many_requests(request, wait)
        if form.is_valid():
            user = form.get_user()
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "tries": 0,
                "next": request.POST.get("next", ""),
            }
            return redirect("signin_verify")
        _failed(request)
        if form.has_error("password", "max_length"):
            username = str(request.POST.get("username", ""))[:150]
            record_event(
                AuditEvent.Kind.LOGIN_FAILED,
                request=request,
                actor_label=username,
                detail={"reason": "password_too_long"},
            )
    context = {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))}
    return render(request, "registration/login.html", context)


def _pending_user(request) -> tuple[dict, User] | tuple[None, None]:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > settings.SIGNIN_PENDING_SECONDS:
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True, is_locked=False).first()
    return (pending, user) if user else (None, None)


@sensitive_post_parameters("code")
@never_cache
@login_not_required
def verify(request):
    """Step two: the authenticator's code, or setting the authenticator up."""
    pending, user = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, _("Please sign in again."))
        return redirect("login")
    device = twofactor.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = twofactor.pending_device(user)
    form = (EnrolForm if enrolling else CodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = _address_wait(request)
        if wait:
            return too_many_requests(request, wait)
        token = form.cleaned_data["code"]
        if enrolling:
            codes = twofactor.confirm(device, token)
            used = device if codes is not None else None
        else:
            codes, used = None, twofactor.verify(user, token)
        if used is not None:
            return _complete(request, user, pending, used, codes)
        return _wrong_code(request, user, pending, form)
    context = {"form": form, "enrolling": enrolling, "signin_user": user}
    if enrolling:
        context.update(qr_svg=twofactor.qr_svg(device), secret=twofactor.secret(device))
    return render(request, "registration/verify.html", context)


def _wrong_code(request, user, pending, form):
    record_event(AuditEvent.Kind.SECOND_FACTOR_FAILED, request=request, actor_label=user.get_username())
    _failed(request)
    pending["tries"] += 1
    if pending["tries"] >= settings.SIGNIN_CODE_ATTEMPTS:
        request.session.pop(PENDING, None)
        messages.error(request, _("Too many wrong codes. Please sign in again."))
        return redirect("login")
    request.session[PENDING] = pending
    form.add_error("code", _("This code is wrong, expired or already used. Wait for the next code."))
    return _verify_page(request, user, form)


def _verify_page(request, user, form):
    device = twofactor.confirmed_device(user)
    context = {"form": form, "enrolling": device is None, "signin_user": user}
    if device is None:
        device = twofactor.pending_device(user)
        context.update(qr_svg=twofactor.qr_svg(device), secret=twofactor.secret(device))
    return render(request, "registration/verify.html", context, status=400)


def _complete(request, user, pending, device, codes):
    """Both factors are given: sign in, remember the session, and start its clocks."""
    request.session.pop(PENDING, None)
    login(request, user, backend=pending["backend"])
    otp_login(request, device)
    now = time.time()
    request.session["auth_at"] = request.session["seen_at"] = now
    services.start_session(request, user)
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        record_event(AuditEvent.Kind.RECOVERY_CODE_USED, actor=user, request=request, detail={"left": left})
    if user.is_superuser:
        record_event(AuditEvent.Kind.BREAK_GLASS, actor=user, request=request, detail={"signed_in": True})
    next_url = _next_url(request, pending.get("next", ""))
    if codes is not None:
        record_event(AuditEvent.Kind.SECOND_FACTOR_ENROLLED, actor=user, request=request)
        return render(request, "registration/recovery_codes.html", {"codes": codes, "next_url": next_url})
    return redirect(next_url)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out user name and address: the Chinese 429 page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.session.session_key:
            UserSession.objects.filter(session_key=request.session.session_key).delete()
        return super().post(request, *args, **kwargs)
