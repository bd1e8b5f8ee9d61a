"""Reads across the registry and the evaluation records: people in scope, training hours."""

from decimal import Decimal

from accounts.models import Person, Practitioner
from yuhang_cac.users.models import Organisation
from yuhang_cac.users.roles import CAC_ROLES, Role

from .models import Attendance, TrainingEvent


def attendable_people(user):
    """The people a user may put on an attendance list: CAC roles anyone, association staff the
    practitioners of the operators whose accounts their organisation liaises with (Art.18)."""
    if user.role in CAC_ROLES:
        return Person.objects.all()
    if user.role == Role.ASSOCIATION and user.organisation_id:
        practitioners = Practitioner.objects.visible_to(user).values("person")
        return Person.objects.filter(pk__in=practitioners)
    return Person.objects.none()


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
