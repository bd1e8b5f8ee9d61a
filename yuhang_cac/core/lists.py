"""One pattern for staff list pages that stays fast with a hundred thousand rows.

A list page is built from these pieces, each reusable by any app:

- ``ListFilterSet``: django-filter with the house rules: selects offer 全部 (All) instead
  of ``---------``; an invalid value or an unknown parameter is an error shown on the page
  (and a 400 on exports), never a silently dropped filter; ``sort`` picks one of the
  orderings the app declares in ``sort_options``, each served by an index.
- ``paginate``: page numbers (first, last and those around the current page) from a
  count that is computed once per filter and cached until one of the tracked models
  changes (``track_counts``), so turning pages never counts the table again.
- ``{% keptrows page … %}`` (templatetags/lists.py) around a table's body: the rows are
  rendered once per page of a query and kept, like the count, until a tracked model changes;
  the next reader of that page reads and renders no row (``kept_rows``).
- ``LeanSelect``: a filter's select written in Python, its options kept the same way when
  they come from a tracked table (the reference tables).
- ``pinyin``: orders Chinese text by pinyin on PostgreSQL through the ICU collation
  ``zh-x-icu``; SQLite has no ICU collation and orders by code point.

Searches filter through ``pk__in`` subqueries instead of joins, so no ``DISTINCT`` is
needed; on PostgreSQL trigram (pg_trgm) indexes serve ``icontains`` of three or more characters.
"""

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, signals
from django.db.models.functions import Collate
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

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
    """The version of the tracked data. A new one starts from the clock, never from a number
    that results kept from an earlier version (a flushed or restarted cache) could carry."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def counts_changed() -> None:
    """Forget every cached list count and kept result once the current transaction commits.

    Signals call this for the models given to ``track_counts``; bulk writes, which send no
    signals, call it themselves.
    """
    transaction.on_commit(drop_kept)


def drop_kept() -> None:
    """Forget every kept count and result now (counts_changed waits for the commit)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet
            count_version()
    except Exception:  # the change is committed: the cache being down must not fail the request
        logger.exception("The cache could not be told that the lists' data changed.")


def _on_change(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and update_fields <= IGNORED_FIELDS.get(sender, frozenset()):
        return
    counts_changed()


# The models track_counts was given: what is read from them may be kept like a count.
TRACKED_MODELS: set[type] = set()
# Per model, fields whose saves alone change nothing a list shows (a user's last sign-in).
IGNORED_FIELDS: dict[type, frozenset] = {}


def track_counts(*models, ignoring: tuple[str, ...] = ()) -> None:
    """Cached list counts and every other kept result (``kept_until_changed``: rows, choices,
    permissions) are dropped whenever one of these models (or through tables) changes.

    A save that writes only fields in ``ignoring`` keeps them.
    """
    for model in models:
        TRACKED_MODELS.add(model)
        if ignoring:
            IGNORED_FIELDS[model] = frozenset(ignoring)
        uid = f"lists-count-{model._meta.label}"
        signals.post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        signals.post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        signals.m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"{uid}-m2m", weak=False)


def cached_for_query(queryset, compute, variant: str = ""):
    """``compute()``, kept like a list count: per query (SQL and parameters) until the data changes.

    ``variant`` tells apart results of one query that differ otherwise (the language of labels).
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # queryset.none(): nothing to count, nothing to keep
        return compute()
    return kept_until_changed((sql, params, variant), compute)


def kept_until_changed(key_parts: tuple, compute):
    """``compute()``, kept under ``key_parts`` until a tracked model changes (``track_counts``).

    ``key_parts`` must name everything the result depends on besides the tracked data.
    """
    seconds = getattr(settings, "LIST_COUNT_CACHE_SECONDS", 300)
    if not seconds:
        return compute()
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]
    key = f"lists:count:{digest}"
    # One round trip reads the data's version and the kept result, which carries the version
    # it was computed at: a result from before the last change is computed again.
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or count_version()
    except Exception:  # the cache is down: the database answers, as if nothing were kept
        logger.exception("The cache could not be read; computing without it.")
        return compute()
    kept = found.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = compute()
    try:
        cache.set(key, (version, value), timeout=seconds)
    except Exception:
        logger.exception("The cache could not keep a result.")
    return value


class DeferredRows(Sequence):
    """A deep page's rows: its ids on the ordering's index alone, then those rows with their joins.

    Read on first use, so that a page whose rows are kept (``kept_rows``) never reads them.
    """

    def __init__(self, queryset, ids_query):
        self.queryset = queryset
        self.ids_query = ids_query

    @cached_property
    def rows(self) -> list:
        ids = list(self.ids_query)
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]


class CachedCountPaginator(Paginator):
    """A paginator whose count is computed once per query and kept until the data changes.

    The key is the query's SQL with its parameters (which carry the user's scope and the
    filters), so two users or two filters never share a count. Each page carries
    ``rows_key``, that query with the page's bounds, as the key of its kept rows.
    """

    # From this offset on, a page first finds its row ids on the ordering's index alone, then
    # reads those rows with their joins: the skipped rows are never joined.
    DEFERRED_JOIN_OFFSET = 500

    @cached_property
    def query_key(self) -> tuple | None:
        """The list's SQL with its parameters (its order included); None for a list that is not a query."""
        if not isinstance(self.object_list, QuerySet):
            return None
        try:
            return self.object_list.query.sql_with_params()
        except EmptyResultSet:  # queryset.none(): nothing to count, nothing to keep
            return None

    @cached_property
    def count(self) -> int:
        if self.query_key is None:
            return super().count
        return kept_until_changed((*self.query_key, "count"), self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom < self.DEFERRED_JOIN_OFFSET or self.query_key is None:
            page = super().page(number)
        else:
            ids_query = self.object_list.values_list("pk", flat=True)[bottom:top]
            page = self._get_page(DeferredRows(self.object_list, ids_query), number, self)
        page.rows_key = None if self.query_key is None else (*self.query_key, bottom, top)
        return page


def kept_rows(page, render, vary=()) -> str:
    """The page's rows as ``render()`` writes them, kept like the list's count until the data changes.

    A list renders its rows (the body of its table) once per page of a query, language, day
    and ``vary`` (whatever else the rows show that is not in the row objects, such as whether the
    reader may see personal data); the next request for that page reads no row and renders
    nothing. The rows may show only what the tracked models (``track_counts``) hold, the day's
    date and ``vary``: any other change shows after at most LIST_COUNT_CACHE_SECONDS.
    """
    key = getattr(page, "rows_key", None)
    if key is None:
        return render()
    variant = (get_language(), timezone.get_current_timezone_name(), timezone.localdate(), *vary)
    return kept_until_changed((*key, "rows", *variant), lambda: str(render()))


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
        # Plain string building: format_html per option costs more than the rest of the select.
        options = "".join(
            f'<option value="{conditional_escape(option)}"{" selected" if str(option) in chosen else ""}>'
            f"{conditional_escape(label)}</option>"
            for option, label in self._rows_of_choices()
        )
        return mark_safe(f"<select{flatatt(attrs)}>{options}</select>")  # noqa: S308 (every part escaped)

    def _rows_of_choices(self):
        choices = self.choices
        if not isinstance(choices, ModelChoiceIterator):
            yield from choices
            return
        # Django reads a model choice's rows through a server-side cursor, several round trips on
        # PostgreSQL for a table of a few dozen rows: one plain query instead, and none at all
        # while the rows of a tracked table (the reference tables) are kept like a list count.
        if choices.field.empty_label is not None:
            yield "", choices.field.empty_label
        queryset = choices.queryset

        def read():
            return [(str(value), str(label)) for value, label in map(choices.choice, queryset)]

        if queryset.model in TRACKED_MODELS:
            yield from cached_for_query(queryset, read, variant=get_language() or "")
        else:
            yield from read()


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
