"""The one transition view: permission, scope, form, service, message, redirect or the page again."""

from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from yuhang_cac.core.transitions import TransitionError, transition_view

pytestmark = pytest.mark.django_db


class ReasonForm(forms.Form):
    reason = forms.CharField()


class Thing(SimpleNamespace):
    def get_absolute_url(self):
        return f"/things/{self.pk}/"


def thing_for(request, pk):
    if pk != 1:
        raise Http404
    return Thing(pk=pk, state="new")


def approve(thing, *, by, reason):
    if reason == "no":
        raise TransitionError("不予批准。")
    thing.state = "approved"
    return thing


def page(request, thing, bound, status):
    return HttpResponse(
        ",".join(f"{name}:{form.errors.as_text()}" for name, form in bound.items()), status=status
    )


view = transition_view(
    name="approve",
    load=thing_for,
    permission="reports.process_report",
    service=approve,
    page=page,
    done="已批准。",
    form_class=ReasonForm,
)


def post(user, data, pk=1):
    request = RequestFactory().post("/things/1/approve/", data)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request, view(request, pk=pk)


def test_a_valid_post_calls_the_service_and_redirects_with_a_message(user_of):
    request, response = post(user_of("officer"), {"reason": "ok"})
    assert (response.status_code, response.url) == (302, "/things/1/")
    assert [str(m) for m in get_messages(request)] == ["已批准。"]


def test_an_invalid_form_re_renders_the_page_with_the_form_in_its_place(user_of):
    _request, response = post(user_of("officer"), {})
    assert response.status_code == 400
    assert response.content.decode().startswith("approve:")


def test_a_refusal_of_the_service_is_a_message_on_the_page(user_of):
    request, response = post(user_of("officer"), {"reason": "no"})
    assert response.status_code == 400
    assert [str(m) for m in get_messages(request)] == ["不予批准。"]


def test_without_the_transitions_permission_it_is_forbidden(user_of):
    with pytest.raises(PermissionDenied):
        post(user_of("association"), {"reason": "ok"})


def test_an_object_outside_the_scope_is_404(user_of):
    with pytest.raises(Http404):
        post(user_of("officer"), {"reason": "ok"}, pk=2)


def test_a_get_is_not_allowed(user_of):
    request = RequestFactory().get("/things/1/approve/")
    request.user = user_of("officer")
    assert view(request, pk=1).status_code == 405
