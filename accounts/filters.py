"""The registry list's filters and its one search box."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yuhang_cac.users.models import Organisation

from .models import Account, ContentCategory, Platform, Street


class AccountFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        help_text=_("Name or former name, handle, stable id, operator or credit code"),
    )
    platform = django_filters.ModelChoiceFilter(queryset=Platform.objects.all(), label=_("Platform"))
    street = django_filters.ModelChoiceFilter(queryset=Street.objects.all(), label=_("Street or town"))
    jurisdiction = django_filters.ChoiceFilter(choices=Account.Jurisdiction.choices, label=_("Registered in"))
    status = django_filters.ChoiceFilter(choices=Account.Status.choices, label=_("Status"))
    grade = django_filters.ChoiceFilter(choices=Account.Grade.choices, label=_("Grade"))
    category = django_filters.ModelChoiceFilter(
        field_name="content_categories", queryset=ContentCategory.objects.all(), label=_("Content category")
    )
    liaison_organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION),
        label=_("Liaison organisation"),
    )

    class Meta:
        model = Account
        fields: list[str] = []

    def search(self, queryset, name, value):
        """Citizens report accounts by the name they saw, so former names and handles count too."""
        value = value.strip()
        if not value:
            return queryset
        operator_name = Q(operator__name__icontains=value)
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("accounts.view_person"):
            # An individual operator's name is a person's: not a search key for those who may not see it.
            operator_name &= Q(operator__kind="organisation")
        return queryset.filter(
            Q(name__icontains=value)
            | Q(aliases__value__icontains=value)
            | Q(handle__icontains=value)
            | Q(stable_id__icontains=value)
            | operator_name
            | Q(operator__credit_code__icontains=value)
        ).distinct()
