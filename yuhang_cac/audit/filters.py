import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=AuditEvent.Kind.choices)
    user = django_filters.CharFilter(label=_("User"), method="filter_user")
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Until"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["kind", "user", "since", "until"]

    def filter_user(self, queryset, name, value):
        """The login name, or the person's full name (a many-to-one join: no duplicates)."""
        return queryset.filter(Q(actor_label__icontains=value) | Q(actor__full_name__icontains=value))
