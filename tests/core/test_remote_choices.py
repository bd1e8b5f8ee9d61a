"""``yuhang_cac.core.remote_choices``: selects that render only their chosen rows."""

import json

import pytest
from django import forms
from django.db.models import Q
from django.test import RequestFactory

from tests.factories import OrganisationFactory
from yuhang_cac.core.remote_choices import SearchSelect, SearchSelectMultiple, choice_results
from yuhang_cac.users.models import Organisation

pytestmark = pytest.mark.django_db


class PickForm(forms.Form):
    one = forms.ModelChoiceField(Organisation.objects.all(), widget=SearchSelect(search_url="/find/"))
    many = forms.ModelMultipleChoiceField(
        Organisation.objects.all(), widget=SearchSelectMultiple(search_url="/find/"), required=False
    )


def test_only_the_chosen_rows_are_rendered_with_one_query_each(django_assert_num_queries):
    first, second, third = (OrganisationFactory(name=f"单位{n}", code=f"org-{n}") for n in range(3))
    form = PickForm(initial={"one": first.pk, "many": [second.pk, third.pk]})
    with django_assert_num_queries(2):
        one, many = str(form["one"]), str(form["many"])
    assert f'<option value="{first.pk}" selected>单位0</option>' in one
    assert "单位1" not in one and 'data-search-url="/find/"' in one
    assert '<option value=""' in one  # the empty choice stays
    assert "单位0" not in many and "单位1" in many and "单位2" in many and "multiple" in many
    assert '<option value=""' not in many


def test_a_blank_form_renders_no_rows_and_reads_nothing(django_assert_num_queries):
    OrganisationFactory(name="单位甲", code="org-a")
    with django_assert_num_queries(0):
        html = str(PickForm()["one"])
    assert "单位甲" not in html and '<option value="" selected>' in html


def test_a_value_never_rendered_still_validates_against_the_whole_table():
    hidden = OrganisationFactory(name="单位乙", code="org-b")
    assert PickForm({"one": hidden.pk}).is_valid()
    assert not PickForm({"one": "nonsense"}).is_valid()


def test_results_are_limited_and_labelled():
    for n in range(5):
        OrganisationFactory(name=f"协会{n}", code=f"assoc-{n}")
    request = RequestFactory().get("/find/", {"q": "协会"})
    response = choice_results(
        request,
        Organisation.objects.all(),
        search=lambda term: Q(name__contains=term),
        label=lambda row: f"[{row.name}]",
        order_by=("code",),
        limit=3,
    )
    texts = [row["text"] for row in json.loads(response.content)["results"]]
    assert texts == ["[协会0]", "[协会1]", "[协会2]"]
