import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Account, AccountAlias, Street
from yuhang_cac.core.lists import ListFilterSet, SortOption, text_contains
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import CAC_ROLES

from .models import Case, Ground


class CaseFilter(ListFilterSet):
    """The case list's filters; each one joins at most one row per case, so no DISTINCT is needed."""

    q = django_filters.CharFilter(label=_("Account name or case number"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices)
    state = django_filters.ChoiceFilter(
        label=_("Open or closed"),
        choices=[("open", _("Open")), ("closed", pgettext_lazy("summons case", "Closed"))],
        method="filter_state",
    )
    ground = django_filters.ModelChoiceFilter(
        label=_("Ground"), field_name="grounds", queryset=Ground.objects.all()
    )
    street = django_filters.ModelChoiceFilter(
        label=_("Street or town"), field_name="account__street", queryset=Street.objects.all()
    )
    officer = django_filters.ModelChoiceFilter(
        label=_("Officer in charge"), queryset=User.objects.filter(role__in=CAC_ROLES).order_by("username")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("true", _("Overdue")), ("false", _("Not overdue"))],
        method="filter_overdue",
    )

    # The list's one ordering, served by case_opened_idx.
    sort_options = {"newest": SortOption(_("Newest first"), ("-opened_at", "-pk"))}
    default_sort = "newest"

    class Meta:
        model = Case
        fields = ["q", "status", "state", "ground", "street", "officer", "overdue"]

    def search(self, queryset, name, value):
        """The case number, or the name of the account (in a subquery, names and former names alike)."""
        value = value.strip()
        aliases = AccountAlias.objects.filter(text_contains(["value"], value)).values("account_id")
        accounts = Account.objects.filter(text_contains(["name"], value) | Q(pk__in=aliases)).values("pk")
        return queryset.filter(Q(number__iexact=value) | Q(account__in=accounts))

    def filter_state(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.filter(status=Case.Status.CLOSED)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "true" else queryset.not_overdue()
