"""The registry list's filters, its one search box and its orderings (the core's list pattern)."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yuhang_cac.core.lists import ListFilterSet, SortOption, pinyin, text_contains
from yuhang_cac.users.models import Organisation

from .models import Account, AccountAlias, ContentCategory, Operator, Platform, Street


def operator_matches(user, value: str) -> Q:
    """Operators whose name or credit code contains ``value``.

    An individual operator's name is a person's: not a search key for those who may not see it.
    """
    names = text_contains(["name"], value)
    if user is None or not user.has_perm("accounts.view_person"):
        names &= Q(kind=Operator.Kind.ORGANISATION)
    return names | text_contains(["credit_code"], value)


def account_matches(user, value: str) -> Q:
    """Accounts whose name or former name, handle, stable id, operator or credit code contains ``value``.

    Citizens and officers know an account by the name they saw, so former names count too. Former
    names and operators are matched in subqueries: an account appears once without ``DISTINCT``.
    """
    aliases = AccountAlias.objects.filter(text_contains(["value"], value)).values("account_id")
    operators = Operator.objects.filter(operator_matches(user, value)).values("pk")
    return (
        text_contains(["name", "handle", "stable_id"], value) | Q(pk__in=aliases) | Q(operator__in=operators)
    )


class AccountFilterSet(ListFilterSet):
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
        queryset=ContentCategory.objects.all(), label=_("Content category"), method="filter_category"
    )
    liaison_organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION),
        label=_("Liaison organisation"),
    )

    # Each ordering has its index (accounts/migrations): the list never sorts the whole table.
    sort_options = {
        "name": SortOption(_("Account name"), (pinyin("name"), "pk")),
        "followers": SortOption(_("Followers"), (F("followers").desc(nulls_last=True), "-pk")),
        "updated": SortOption(_("Last changed"), ("-updated_at", "-pk")),
    }
    default_sort = "name"

    class Meta:
        model = Account
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(account_matches(getattr(self.request, "user", None), value))

    def filter_category(self, queryset, name, value):
        through = Account.content_categories.through
        return queryset.filter(pk__in=through.objects.filter(contentcategory=value).values("account_id"))
