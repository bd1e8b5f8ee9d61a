import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Platform, ProhibitedContent, Street
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import CAC_ROLES

from .models import Report


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Report.Status.choices)
    state = django_filters.ChoiceFilter(
        label=_("Open or finished"),
        choices=[("open", _("Open")), ("finished", _("Finished"))],
        method="filter_state",
    )
    category = django_filters.ModelChoiceFilter(label=_("Category"), queryset=ProhibitedContent.objects.all())
    platform = django_filters.ModelChoiceFilter(label=_("Platform"), queryset=Platform.objects.all())
    street = django_filters.ModelChoiceFilter(
        label=_("Street or town"), field_name="account__street", queryset=Street.objects.all()
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assignee"), queryset=User.objects.filter(role__in=CAC_ROLES).order_by("username")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("true", _("Overdue")), ("false", _("Not overdue"))],
        method="filter_overdue",
    )

    class Meta:
        model = Report
        fields = ["q", "status", "state", "category", "platform", "street", "assignee", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__iexact=value)
            | Q(reported_name__icontains=value)
            | Q(reported_profile_url__icontains=value)
            | Q(content_url__icontains=value)
            | Q(account__name__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.finished()

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "true" else queryset.not_overdue()
