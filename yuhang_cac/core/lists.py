"""One pattern for staff list pages that stays fast with a hundred thousand rows.

A list page is built from three pieces, each reusable by any app:

- ``ListFilterSet``: django-filter with the house rules: selects offer 全部 (All) instead
  of ``---------``; an invalid value or an unknown parameter is an error shown on the page
  (and a 400 on exports), never a silently dropped filter; ``sort`` picks one of the
  orderings the app declares in ``sort_options``, each served by an index.
- ``paginate``: page numbers (first, last and those around the current page) from a
  count that is computed once per filter and cached until one of the tracked models
  changes (``track_counts``), so turning pages never counts the table again.
- ``pinyin``: orders Chinese text by pinyin on PostgreSQL through the ICU collation
  ``zh-x-icu``; SQLite has no ICU collation and orders by code point.

Searches filter through ``pk__in`` subqueries instead of joins, so no ``DISTINCT`` is
needed; on PostgreSQL trigram (pg_trgm) indexes serve ``icontains`` of three or more characters.
"""

import hashlib
from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, Q, signals
from django.db.models.functions import Collate
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PINYIN_COLLATION = "zh-x-icu"
VERSION_KEY = "lists:count-version"
# Parameters every list understands besides its filters.
PAGING_PARAMETERS = ("page", "sort")


def text_contains(fields: list[str], value: str) -> Q:
    """Rows where any of ``fields`` contains ``value``; case-insensitive only where case exists.

    Chinese has no case: a plain ``LIKE`` then skips ``UPPER()`` on every row, and PostgreSQL's
    trigram indexes on the bare columns serve it from three characters on. Text with letters
    is matched case-insensitively (trigram indexes on ``UPPER(column)``).
    """
    lookup = "icontains" if value.upper() != value.lower() else "contains"
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__{lookup}": value})
    return query


def pinyin(field_name: str):
    """An expression ordering ``field_name`` by pinyin where the database can (PostgreSQL with ICU)."""
    if connection.vendor == "postgresql":
        return Collate(field_name, PINYIN_COLLATION)
    return F(field_name)


# --- Counts, cached until the data changes -------------------------------------------------------------


def count_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def counts_changed() -> None:
    """Forget every cached list count once the current transaction commits.

    Signals call this for the models given to ``track_counts``; bulk writes, which send no
    signals, call it themselves.
    """
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _on_change(sender, **kwargs) -> None:
    counts_changed()


def track_counts(*models) -> None:
    """Cached list counts are dropped whenever one of these models (or through tables) changes."""
    for model in models:
        uid = f"lists-count-{model._meta.label}"
        signals.post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        signals.post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        signals.m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"{uid}-m2m", weak=False)


def cached_for_query(queryset, compute):
    """``compute()``, kept like a list count: per query (SQL and parameters) until the data changes."""
    seconds = getattr(settings, "LIST_COUNT_CACHE_SECONDS", 300)
    if not seconds:
        return compute()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # queryset.none(): nothing to count, nothing to keep
        return compute()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
    key = f"lists:count:{count_version()}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=seconds)
    return found


class CachedCountPaginator(Paginator):
    """A paginator whose count is computed once per query and kept until the data changes.

    The key is the query's SQL with its parameters (which carry the user's scope and the
    filters), so two users or two filters never share a count.
    """

    # From this offset on, a page first finds its row ids on the ordering's index alone, then
    # reads those rows with their joins: the skipped rows are never joined.
    DEFERRED_JOIN_OFFSET = 500

    @cached_property
    def count(self) -> int:
        return cached_for_query(self.object_list, self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.DEFERRED_JOIN_OFFSET or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    current: bool = False


def paginate(request, queryset, per_page: int):
    """The requested page (the last one when the number is past the end) with its page links."""
    paginator = CachedCountPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.links = [
        PageLink(number if number != paginator.ELLIPSIS else None, number == page.number)
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return page


# --- Filters -------------------------------------------------------------------------------------------


class LeanSelect(forms.Select):
    """A select rendered in Python: a filter's options are written without one template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), mark_safe(" selected") if str(option) in chosen else "", label)  # noqa: S308
                for option, label in self._rows_of_choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)

    def _rows_of_choices(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            yield from choices
            return
        # Django reads a model choice's rows through a server-side cursor, several round trips on
        # PostgreSQL for a table of a few dozen rows: one plain query instead.
        if choices.field.empty_label is not None:
            yield "", choices.field.empty_label
        for row in list(choices.queryset):
            yield choices.choice(row)


@dataclass(frozen=True)
class SortOption:
    label: str
    ordering: tuple  # expressions or field names, ending with a unique field


class ListFilterSet(django_filters.FilterSet):
    """django-filter with the list rules above. Subclasses declare ``sort_options`` and ``default_sort``."""

    sort_options: dict[str, SortOption] = {}
    default_sort = ""
    # Parameters a subclass also accepts without filtering on them (an export's format).
    extra_parameters: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for list_filter in self.filters.values():
            if isinstance(list_filter, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                list_filter.extra["empty_label"] = gettext_lazy("All")

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for field in form.fields.values():
                if type(field.widget) is forms.Select:
                    lean = LeanSelect(attrs={**field.widget.attrs, "class": "form-select form-select-sm"})
                    lean.choices = field.widget.choices
                    field.widget = lean
                else:
                    field.widget.attrs.setdefault("class", "form-control form-control-sm")
        return self._form

    def chips(self) -> list[dict]:
        """The filters in force, each with its label, the value shown and the query without it."""
        if not self.is_bound or not self.is_valid():
            return []
        chips = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            field = self.form[name]
            shown = value
            if hasattr(field.field, "choices") and not hasattr(value, "pk"):
                shown = dict(field.field.choices).get(value, value)
            query = self.data.copy()
            query.pop(name, None)
            query.pop("page", None)
            chips.append({"label": field.label, "value": str(shown), "query": query.urlencode()})
        return chips

    @property
    def sort(self) -> str:
        value = self.data.get("sort", "") if self.data else ""
        return value if value in self.sort_options else self.default_sort

    def unknown_parameters(self) -> list[str]:
        known = {*self.filters, *PAGING_PARAMETERS, *self.extra_parameters}
        return sorted(key for key in (self.data or {}) if key not in known)

    def is_valid(self) -> bool:
        if not hasattr(self, "_valid"):
            self._valid = super().is_valid()
            if self.data and self.data.get("sort", "") not in ("", *self.sort_options):
                self.form.add_error(None, _("This list cannot be sorted that way."))
                self._valid = False
            if unknown := self.unknown_parameters():
                message = _("Unknown filter: %(names)s.") % {"names": "、".join(unknown)}
                self.form.add_error(None, message)
                self._valid = False
        return self._valid

    @property
    def qs(self):
        """The filtered rows in the chosen order; none at all while a filter is invalid."""
        if not hasattr(self, "_list_qs"):
            if self.is_bound and not self.is_valid():
                self._list_qs = self.queryset.none()
            else:
                queryset = super().qs
                option = self.sort_options.get(self.sort)
                self._list_qs = queryset.order_by(*option.ordering) if option else queryset
        return self._list_qs

    def sort_links(self) -> dict[str, dict]:
        """For each sortable column: the query string that sorts by it and whether it is the current sort."""
        links = {}
        for key in self.sort_options:
            query = self.data.copy() if self.data else QueryDict(mutable=True)
            query.pop("page", None)
            query["sort"] = key
            links[key] = {"query": query.urlencode(), "current": key == self.sort}
        return links
