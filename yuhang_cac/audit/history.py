"""Rows for the history tab of a detail page: who, when, which fields, why.

A model lists personal fields in ``HISTORY_MASKED_FIELDS``; their values are
never shown here, only that they changed (docs/domain.md §8). Fields listed in
``HISTORY_HIDDEN_FIELDS`` are internal links (deadline rows) that mean nothing
to a reader.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
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


def history_entries(obj: models.Model, limit: int = 200) -> list[HistoryEntry]:
    """Newest first, each with the fields that changed since the previous record."""
    model = type(obj)
    masked = set(getattr(model, "HISTORY_MASKED_FIELDS", ()))
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
