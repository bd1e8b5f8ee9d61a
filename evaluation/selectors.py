"""Reads across the registry and the evaluation records: people in scope, training hours."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Practitioner, Violation
from blacklist.models import Entry
from reports.models import Report
from summons.models import Case
from yuhang_cac.dashboard.cards import CountTile
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import CAC_ROLES, Role

from . import services
from .models import Assessment, Attendance, DailyFlag, Enrolment, Observation, Period, TrainingEvent


def attendable_people(user, event=None):
    """The people offered for ticking on an attendance list: practitioners (Art.10), never the whole
    table of people. Association staff see those of the operators whose accounts their organisation
    liaises with (Art.18); for an association's training, CAC staff see that association's too.
    Anyone else with an ID number comes in through an attendance sheet."""
    practitioners = Practitioner.objects.visible_to(user)
    organiser = event.organiser if event is not None else None
    if user.role in CAC_ROLES and organiser is not None and organiser.kind == Organisation.Kind.ASSOCIATION:
        practitioners = practitioners.filter(operator__accounts__liaison_organisation=organiser)
    return Person.objects.filter(pk__in=practitioners.values("person"))


def organisers_for(user):
    """The organisations a user may record a training for."""
    if user.role == Role.ASSOCIATION:
        return Organisation.objects.filter(pk=user.organisation_id)
    return Organisation.objects.filter(
        kind__in=(Organisation.Kind.CAC, Organisation.Kind.ASSOCIATION), is_active=True
    )


def training_history(person: Person):
    """A person's trainings, newest first, with the hours that count (Art.10)."""
    attendance = person.training_attendance.select_related("event__organiser", "event__topic")
    return attendance.order_by("-event__held_on", "-pk")


def training_hours(people) -> dict[int, Decimal]:
    """Credited training hours per person id."""
    rows = Attendance.objects.credited().filter(person__in=people).values_list("person_id", "event__hours")
    hours: dict[int, Decimal] = {}
    for person_id, event_hours in rows:
        hours[person_id] = hours.get(person_id, Decimal(0)) + event_hours
    return hours


def events_for(user):
    return TrainingEvent.objects.visible_to(user).select_related("organiser", "topic")


def observations_for(user):
    return Observation.objects.visible_to(user).select_related("account__platform", "category", "recorded_by")


def daily_points(account, today: date | None = None) -> dict:
    """The account's daily-assessment points in the current window (Art.20) and the line."""
    start, end = services.daily_window(today or timezone.localdate())
    rows = Observation.objects.filter(account=account, observed_on__range=(start, end))
    totals = dict(rows.values_list("kind").annotate(total=Sum("points")).order_by())
    return {
        "start": start,
        "end": end,
        "positive": totals.get(Observation.Kind.POSITIVE, 0),
        "negative": totals.get(Observation.Kind.NEGATIVE, 0),
        "line": settings.EVALUATION_DAILY_LINE,
    }


def account_file(account) -> dict:
    """What the portal knows of an account, for its appraisal: its reports and summons cases (open
    and in all), its management-list listings, established violations by source (reports found
    true, case findings, daily-assessment flags), the status Art.13 measures set,
    its practitioners' training hours, daily-assessment points, and earlier published grades."""
    people = account.practitioners.values("person")
    violations = account.violations.order_by("-occurred_on", "-pk")
    by_source = dict(violations.values_list("source").annotate(n=Count("pk")).order_by())
    reports = Report.objects.filter(account=account)
    cases = Case.objects.filter(account=account)
    entries = Entry.objects.filter(account=account)
    return {
        "account": account,
        "reports": reports.aggregate(all=Count("pk"), open=Count("pk", filter=Q(pk__in=reports.open()))),
        "cases": cases.aggregate(all=Count("pk"), open=Count("pk", filter=~Q(status=Case.Status.CLOSED))),
        "listings": entries.aggregate(
            times=Count("pk", filter=Q(listed_on__isnull=False)),
            now=Count("pk", filter=Q(status=Entry.Status.LISTED)),
        ),
        "violations": violations[:20],
        "violation_counts": [(label, by_source.get(value, 0)) for value, label in Violation.Source.choices],
        "training_hours": Attendance.objects.credited().filter(person__in=people).hours(),
        "daily": daily_points(account),
        "past_grades": Enrolment.objects.filter(account=account, period__status=Period.Status.PUBLISHED)
        .select_related("period")
        .order_by("-period__published_at"),
    }


def account_panel(request, account) -> dict:
    """The 考核评价 tab of an account page."""
    user = request.user
    return {
        "daily": daily_points(account),
        "observations": observations_for(user).filter(account=account)[:20],
        "flags": DailyFlag.objects.visible_to(user).filter(account=account),
        "enrolments": Enrolment.objects.visible_to(user)
        .filter(account=account)
        .select_related("period")
        .order_by("-period__opened_at"),
        "can_observe": user.has_perm("evaluation.add_observation"),
    }


def dashboard_tiles(user) -> list[CountTile]:
    """The evaluation's counts on the dashboard, each opening exactly its rows; only what waits is shown."""
    tiles = []
    if user.has_perm("evaluation.view_dailyflag"):
        flags = DailyFlag.objects.visible_to(user).current()
        url = f"{reverse('evaluation:flags')}?state=current"
        tiles.append(
            CountTile(_("Prominent problems in the daily assessment"), flags.count(), url, alert=True)
        )
    if user.has_perm("evaluation.score_enrolment"):
        pending = Assessment.objects.active().filter(evaluator=user, submitted_at__isnull=True)
        url = f"{reverse('evaluation:assigned')}?state=pending"
        tiles.append(CountTile(_("Accounts for me to score"), pending.count(), url))
    return [tile for tile in tiles if tile.count]
