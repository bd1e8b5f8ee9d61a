import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Street
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import CAC_ROLES

from .models import Case, Ground


class CaseFilter(django_filters.FilterSet):
    """The case list's filters; each one joins at most one row per case, so no DISTINCT is needed."""

    q = django_filters.CharFilter(label=_("Account name or case number"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices, empty_label=_("All"))
    state = django_filters.ChoiceFilter(
        label=_("Open or closed"),
        choices=[("open", _("Open")), ("closed", pgettext_lazy("summons case", "Closed"))],
        method="filter_state",
        empty_label=_("All"),
    )
    ground = django_filters.ModelChoiceFilter(
        label=_("Ground"), field_name="grounds", queryset=Ground.objects.all(), empty_label=_("All")
    )
    street = django_filters.ModelChoiceFilter(
        label=_("Street or town"),
        field_name="account__street",
        queryset=Street.objects.all(),
        empty_label=_("All"),
    )
    officer = django_filters.ModelChoiceFilter(
        label=_("Officer in charge"),
        queryset=User.objects.filter(role__in=CAC_ROLES).order_by("username"),
        empty_label=_("All"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("true", _("Overdue")), ("false", _("Not overdue"))],
        method="filter_overdue",
        empty_label=_("All"),
    )

    class Meta:
        model = Case
        fields = ["q", "status", "state", "ground", "street", "officer", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__iexact=value) | Q(account__name__icontains=value))

    def filter_state(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.filter(status=Case.Status.CLOSED)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "true" else queryset.not_overdue()
