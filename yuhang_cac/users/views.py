"""The security administrator's screens (roles, locks, passwords, second factors) and each
user's own list of signed-in sessions. Separation of duties: docs/security.md."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services, twofactor
from .forms import LockForm, RoleForm
from .models import User, UserSession
from .roles import Role

MANAGE = "users.manage_user_security"


def _managed(pk) -> User:
    # Break-glass superusers are kept out of everyday screens: only the command line handles them.
    return get_object_or_404(User.objects.filter(is_superuser=False), pk=pk)


@permission_required(MANAGE, raise_exception=True)
def user_list(request):
    users = User.objects.filter(is_superuser=False).select_related("organisation").order_by("username")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "users/user_list.html", {"page": page, "query": query})


def _detail(request, user: User, **extra):
    context = {
        "managed": user,
        "can_act": user.pk != request.user.pk,
        "has_authenticator": twofactor.confirmed_device(user) is not None,
        "sessions": UserSession.objects.filter(user=user).count(),
        "role_form": RoleForm(initial={"role": user.role}),
        "lock_form": LockForm(),
        **extra,
    }
    return render(request, "users/user_security.html", context, status=400 if extra.get("errors") else 200)


@never_cache
@permission_required(MANAGE, raise_exception=True)
def user_security(request, pk):
    return _detail(request, _managed(pk))


def _act(request, pk, perform, done: str, **extra):
    user = _managed(pk)
    try:
        perform(user)
    except services.UserSecurityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"user": user, **extra})
    return redirect("security:user", pk=user.pk)


@require_POST
@permission_required(MANAGE, raise_exception=True)
def assign_role(request, pk):
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _detail(request, _managed(pk), role_form=form, errors=True)
    role = form.cleaned_data["role"]
    label = Role(role).label if role else _("No role")
    return _act(
        request,
        pk,
        lambda u: services.assign_role(u, role, by=request.user),
        _("%(user)s now holds the role %(role)s."),
        role=label,
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def lock(request, pk):
    form = LockForm(request.POST)
    if not form.is_valid():
        return _detail(request, _managed(pk), lock_form=form, errors=True)
    reason = form.cleaned_data["reason"]
    return _act(
        request, pk, lambda u: services.lock_user(u, by=request.user, reason=reason), _("%(user)s is locked.")
    )


@require_POST
@permission_required(MANAGE, raise_exception=True)
def unlock(request, pk):
    return _act(request, pk, lambda u: services.unlock_user(u, by=request.user), _("%(user)s is unlocked."))


@require_POST
@permission_required(MANAGE, raise_exception=True)
def reset_second_factor(request, pk):
    return _act(
        request,
        pk,
        lambda u: services.reset_second_factor(u, by=request.user),
        _("%(user)s sets up a new authenticator at the next sign-in."),
    )


@never_cache
@require_POST
@permission_required(MANAGE, raise_exception=True)
def reset_password(request, pk):
    """The temporary password is shown in this response only."""
    user = _managed(pk)
    try:
        password = services.reset_password(user, by=request.user)
    except services.UserSecurityError as exc:
        messages.error(request, str(exc))
        return redirect("security:user", pk=user.pk)
    return _detail(request, user, temporary_password=password)


# --- Each user's own sessions -----------------------------------------------------------------


@never_cache
def my_sessions(request):
    sessions = UserSession.objects.filter(user=request.user)
    context = {"sessions": sessions, "current": request.session.session_key}
    return render(request, "users/session_list.html", context)


@require_POST
def end_my_session(request, pk):
    if not services.end_session(request.user, pk, request=request):
        raise Http404
    messages.success(request, _("The session has ended."))
    return redirect("sessions")
