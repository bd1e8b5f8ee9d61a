import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Account
from yuhang_cac.core.lists import ListFilterSet, SortOption, text_contains
from yuhang_cac.users.models import Organisation

from .models import Assessment, DailyFlag, Observation, ObservationCategory, TrainingEvent, TrainingTopic


class TrainingFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Title"), method="search")
    organiser = django_filters.ModelChoiceFilter(
        label=_("Organiser"),
        queryset=Organisation.objects.filter(kind__in=(Organisation.Kind.CAC, Organisation.Kind.ASSOCIATION)),
    )
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), queryset=TrainingTopic.objects.all())
    year = django_filters.NumberFilter(label=_("Year"), field_name="held_on", lookup_expr="year")

    # Served by training_held_idx.
    sort_options = {"newest": SortOption(_("Newest first"), ("-held_on", "-pk"))}
    default_sort = "newest"

    class Meta:
        model = TrainingEvent
        fields = ["q", "organiser", "topic", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(text_contains(["title"], value.strip()))


class ObservationFilter(ListFilterSet):
    q = django_filters.CharFilter(label=_("Account name"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Observation.Kind.choices)
    category = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("observation", "Category"), queryset=ObservationCategory.objects.all()
    )

    # Served by observation_date_idx.
    sort_options = {"newest": SortOption(_("Newest first"), ("-observed_on", "-pk"))}
    default_sort = "newest"

    class Meta:
        model = Observation
        fields = ["q", "kind", "category"]

    def search(self, queryset, name, value):
        accounts = Account.objects.filter(text_contains(["name"], value.strip())).values("pk")
        return queryset.filter(account__in=accounts)


class FlagFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("current", _("In the current window"))],
        method="filter_state",
    )

    # Served by flag_account_idx's ordering on raised_on.
    sort_options = {"newest": SortOption(_("Newest first"), ("-raised_on", "-pk"))}
    default_sort = "newest"

    class Meta:
        model = DailyFlag
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.current()


class AssignedFilter(ListFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Scores"),
        choices=[("pending", _("To score")), ("submitted", _("Scored"))],
        method="filter_state",
    )

    sort_options = {"oldest": SortOption(_("Drawn first"), ("submitted_at", "assigned_at", "pk"))}
    default_sort = "oldest"

    class Meta:
        model = Assessment
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "pending")
