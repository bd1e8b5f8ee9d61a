"""Choices from a table too large to list in a page: the select holds only what is chosen, and
``static/js/search-select.js`` (Tom Select, vendored) asks a search URL for the rest as the user types.

    # forms.py
    field.widget = SearchSelect(search_url=reverse_lazy("accounts:operator_search"))

    # views.py, behind the same permission as the form
    def operator_search(request):
        return choice_results(request, Operator.objects.all(), search=..., label=operator_choice_label)

Without JavaScript the select offers what is chosen (a value given in the address, say, as the
operator page's "register an account" link does); the page that needs another links to where it
can be chosen.
"""

from collections.abc import Callable

from django import forms
from django.db.models import Q, QuerySet
from django.http import JsonResponse

RESULTS_LIMIT = 20


class SearchSelect(forms.Select):
    """A select of a ``ModelChoiceField`` that renders only the empty choice and the chosen ones.

    Rendering reads the chosen rows by primary key (one query), never the whole queryset; the
    field still validates a submitted value against its full queryset.
    """

    def __init__(self, search_url, attrs=None, *, no_results=""):
        super().__init__(attrs)
        self.search_url = search_url
        self.no_results = no_results  # what the box says when nothing matches (Tom Select's own is English)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-search-url"] = str(self.search_url)
        if self.no_results:
            context["widget"]["attrs"]["data-no-results"] = str(self.no_results)
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = {str(item) for item in value if item not in (None, "")}
        choices = []
        iterator = self.choices
        field = getattr(iterator, "field", None)
        if field is not None and field.empty_label is not None and not self.allow_multiple_selected:
            choices.append(("", field.empty_label))
        keys = [key for key in chosen if key.isdigit()]
        if keys and field is not None:
            choices.extend(iterator.choice(obj) for obj in iterator.queryset.filter(pk__in=keys))
        groups = []
        for index, (option_value, label) in enumerate(choices):
            selected = str(option_value) in chosen or (option_value == "" and not chosen)
            option = self.create_option(name, option_value, label, selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """The same for a ``ModelMultipleChoiceField``: pick many, each searched by typing."""

    allow_multiple_selected = True


def choice_results(
    request,
    queryset: QuerySet,
    *,
    search: Callable[[str], Q],
    label: Callable[[object], str],
    order_by: tuple = ("pk",),
    limit: int = RESULTS_LIMIT,
) -> JsonResponse:
    """The first ``limit`` rows of ``queryset`` matching ``?q=`` as ``{"results": [{value, text}]}``."""
    term = request.GET.get("q", "").strip()[:100]
    if not term:
        return JsonResponse({"results": []})
    rows = queryset.filter(search(term)).order_by(*order_by)[:limit]
    return JsonResponse({"results": [{"value": str(row.pk), "text": label(row)} for row in rows]})
