import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, Platform, ProhibitedContent, Street
from yuhang_cac.core.lists import ListFilterSet, SortOption, text_contains
from yuhang_cac.users.models import User
from yuhang_cac.users.roles import CAC_ROLES

from .models import Report


class ReportFilter(ListFilterSet):
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

    # The queue's one ordering, served by report_queue_idx.
    sort_options = {"newest": SortOption(_("Newest first"), ("-submitted_at", "-pk"))}
    default_sort = "newest"

    class Meta:
        model = Report
        fields = ["q", "status", "state", "category", "platform", "street", "assignee", "overdue"]

    def search(self, queryset, name, value):
        """The number, the name and links as reported, or the registry account's name (in a subquery)."""
        value = value.strip()
        accounts = Account.objects.filter(text_contains(["name"], value)).values("pk")
        return queryset.filter(
            Q(number__iexact=value)
            | text_contains(["reported_name", "reported_profile_url", "content_url"], value)
            | Q(account__in=accounts)
        )

    def filter_state(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.finished()

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "true" else queryset.not_overdue()
