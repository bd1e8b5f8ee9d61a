"""One view for every state change made from a page (docs/plugging-in.md, "Transitions").

A transition is a POST to its own URL. The view checks the transition's permission (one per
transition: approvals are leader-only), loads the object within the user's scope (404
outside it), validates the form, calls the one service, and answers with a message and a
redirect to the object's page. A form error or a refusal by the service re-renders that page
with the form in its place, its errors and a 400::

    accept = transition_view(
        name="accept",
        load=report_for,                  # (request, **url_kwargs) -> object, 404 outside the scope
        permission="reports.process_report",
        service=services.accept_report,   # (object, *, by, **form.cleaned_data)
        page=report_page,                 # (request, object, bound_forms, status) -> response
        done=_("Report accepted."),
    )

Services refuse by raising ``TransitionError`` (or a subclass, one per app) with a message
for the user.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.views.decorators.http import require_POST


class TransitionError(Exception):
    """A state change that the workflow refuses; the message is for the user."""


def transition_view(
    *,
    name: str,
    load: Callable,
    permission: str,
    service: Callable,
    page: Callable,
    done: Promise | str | Callable,
    form_class: type[forms.Form] | None = None,
    form_kwargs: Callable | None = None,
    success_url: Callable | None = None,
) -> Callable:
    """Build the POST-only view of one transition.

    ``done`` is the success message, or a function of the object the service returned.
    ``form_kwargs(request, obj)`` gives the form extra arguments (a queryset scoped to the
    user, say); ``success_url(obj)`` overrides ``obj.get_absolute_url()``.
    """

    @require_POST
    def view(request, **url_kwargs):
        if not request.user.has_perm(permission):
            raise PermissionDenied
        obj = load(request, **url_kwargs)
        form = _bound_form(form_class, form_kwargs, request, obj)
        if form is not None and not form.is_valid():
            return page(request, obj, {name: form}, 400)
        try:
            result = service(obj, by=request.user, **(form.cleaned_data if form else {}))
        except TransitionError as exc:
            messages.error(request, str(exc))
            return page(request, obj, {name: form} if form else {}, 400)
        messages.success(request, done(result) if callable(done) else done)
        return redirect(success_url(obj) if success_url else obj.get_absolute_url())

    view.__name__ = name
    return view


def _bound_form(form_class, form_kwargs, request, obj) -> forms.Form | None:
    if form_class is None:
        return None
    extra = form_kwargs(request, obj) if form_kwargs else {}
    return form_class(request.POST, request.FILES or None, **extra)
