import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, Platform
from yuhang_cac.core.lists import ListFilterSet, SortOption, text_contains

from .models import Entry, Severity


class EntryFilter(ListFilterSet):
    """The management list's filters; each joins at most one row per entry, so no DISTINCT is needed."""

    q = django_filters.CharFilter(label=_("Account, operator or credit code"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Entry.Status.choices)
    ground = django_filters.ChoiceFilter(label=_("Listing ground"), choices=Entry.Ground.choices)
    severity = django_filters.ModelChoiceFilter(label=_("Severity"), queryset=Severity.objects.all())
    origin = django_filters.ChoiceFilter(label=_("Proposed by"), choices=Entry.Origin.choices)
    repeated = django_filters.ChoiceFilter(
        label=_("Listed repeatedly"),
        choices=[("true", _("Listed repeatedly")), ("false", _("Listed once"))],
        method="filter_repeated",
    )
    platform = django_filters.ModelChoiceFilter(
        label=_("Platform"), field_name="account__platform", queryset=Platform.objects.all()
    )

    # The list's one ordering, served by entry_proposed_idx.
    sort_options = {"newest": SortOption(_("Newest first"), ("-proposed_at", "-pk"))}
    default_sort = "newest"

    class Meta:
        model = Entry
        fields = ["q", "status", "ground", "severity", "origin", "repeated", "platform"]

    def search(self, queryset, name, value):
        """The account's name or handle (in a subquery), the operator's name or credit code as listed."""
        value = value.strip()
        accounts = Account.objects.filter(text_contains(["name", "handle"], value)).values("pk")
        return queryset.filter(
            Q(account__in=accounts)
            | text_contains(["operator_name"], value)
            | Q(operator_credit_code=value.upper())
        )

    def filter_repeated(self, queryset, name, value):
        return queryset.filter(repeated=value == "true")
