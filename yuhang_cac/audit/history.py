"""Rows for the history tab of a detail page: who, when, which fields, why.

A model lists personal fields in ``HISTORY_MASKED_FIELDS``; their values are
never shown here, only that they changed (docs/domain.md §8). Fields listed in
``HISTORY_HIDDEN_FIELDS`` are internal links (deadline rows) that mean nothing
to a reader.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MASK = "••••••"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


_ACTIONS = {"+": gettext_noop("Created"), "~": gettext_noop("Changed"), "-": gettext_noop("Deleted")}


def _display(model: type[models.Model], name: str, value) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if isinstance(model_field, models.ManyToManyField):
        # simple_history gives the through rows as dicts; show the related objects.
        target = model_field.m2m_reverse_field_name()
        related = model_field.related_model._base_manager.filter(pk__in=[row[target] for row in value])
        return "、".join(str(obj) for obj in related) or "—"
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def history_entries(obj: models.Model, limit: int = 200, masked: Iterable[str] = ()) -> list[HistoryEntry]:
    """Newest first, each with the fields that changed since the previous record.

    ``masked`` adds fields to mask for this reader (a person's name for one who may not see it).
    """
    model = type(obj)
    masked = set(getattr(model, "HISTORY_MASKED_FIELDS", ())) | set(masked)
    hidden = set(getattr(model, "HISTORY_HIDDEN_FIELDS", ()))
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                if change.field in hidden:
                    continue
                is_masked = change.field in masked
                changes.append(
                    FieldChange(
                        label=_label(model, change.field),
                        old=MASK if is_masked else _display(model, change.field, change.old),
                        new=MASK if is_masked else _display(model, change.field, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=str(user) if user else _("System"),
                action=_(_ACTIONS[record.history_type]),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def bulk_set_many_to_many(model: type[models.Model], field_name: str, values: Iterable[tuple]) -> None:
    """Set a many-to-many field on many saved objects at once, with its history.

    ``values`` holds ``(obj, related objects)`` pairs, or ``(obj, None)`` for an object whose
    relations stay as they are. django-simple-history keeps a snapshot of the relations on each
    history row, and bulk writes bypass the signals that take it: each object's newest history row
    (written by the same bulk operation) gets a copy of the relations as they now are, so the
    history reads as if each object had been saved one by one.
    """
    pairs = list(values)
    for start in range(0, len(pairs), 2000):  # bounded IN lists, for SQLite's variable limit too
        _set_chunk(model, field_name, pairs[start : start + 2000])


def _set_chunk(model: type[models.Model], field_name: str, pairs: list[tuple]) -> None:
    relation = model._meta.get_field(field_name)
    through = relation.remote_field.through
    source_id = f"{relation.m2m_field_name()}_id"
    target_id = f"{relation.m2m_reverse_field_name()}_id"
    replaced = [obj.pk for obj, related in pairs if related is not None]
    through.objects.filter(**{f"{source_id}__in": replaced}).delete()
    through.objects.bulk_create(
        [
            through(**{source_id: obj.pk, target_id: item.pk})
            for obj, related in pairs
            if related is not None
            for item in related
        ],
        batch_size=5000,
    )
    ids = [obj.pk for obj, _related in pairs]
    history_model = model.history.model
    newest = dict(
        history_model.objects.filter(id__in=ids)
        .values("id")
        .annotate(newest=Max("history_id"))
        .values_list("id", "newest")
    )
    m2m_history = getattr(history_model, field_name).model
    links = through.objects.filter(**{f"{source_id}__in": ids}).values_list("pk", source_id, target_id)
    m2m_history.objects.bulk_create(
        [
            m2m_history(id=pk, history_id=newest[obj_id], **{source_id: obj_id, target_id: target})
            for pk, obj_id, target in links
            if obj_id in newest
        ],
        batch_size=5000,
    )
