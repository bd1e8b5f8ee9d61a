"""Importing a training's attendance sheet (.xlsx or .csv), all or nothing, errors by row and column.

The registry's import machinery reads the file and checks the header (``accounts.spreadsheets``,
``accounts.imports``); each row names a person by ID number, found through the keyed hash or
registered through the registry's service. A sheet with any problem records nobody.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts import services as registry
from accounts.identifiers import normalise_id_number, validate_id_number
from accounts.imports import Column, RowError
from accounts.imports.columns import choice_map, column_positions, fold
from accounts.models import Person
from accounts.spreadsheets import MAX_BYTES, FileProblem, read_table, write_xlsx

from .models import Attendance, TrainingEvent
from .services import record_attendance

COLUMNS = [
    Column("name", pgettext_lazy("attendance column", "Name"), required=True),
    Column(
        "id_type",
        pgettext_lazy("attendance column", "ID type"),
        help=pgettext_lazy("attendance column", "Empty means resident identity card."),
        optional_in_header=True,
    ),
    Column("id_number", pgettext_lazy("attendance column", "ID number"), required=True),
    Column(
        "result",
        pgettext_lazy("attendance column", "Result"),
        help=pgettext_lazy("attendance column", "Empty means attended."),
        optional_in_header=True,
    ),
]
LABEL = {column.key: str(column.label) for column in COLUMNS}
NAME_LENGTH = Person._meta.get_field("name").max_length


@dataclass
class SheetRow:
    line: int
    name: str
    id_type: str
    id_number: str
    result: str


@dataclass
class AttendanceImport:
    errors: list[RowError] = field(default_factory=list)
    added: int = 0
    already: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def template() -> bytes:
    """An empty sheet with the header row, as the import reads it."""
    return write_xlsx([(str(_("Attendance")), [str(column.label) for column in COLUMNS], [])])


def _row(line: int, cells: dict, errors: list[RowError]) -> SheetRow | None:
    def error(key, message):
        errors.append(RowError(line, LABEL[key], message))

    id_types = choice_map(Person.IdType.choices, ("身份证", Person.IdType.RESIDENT))
    results = choice_map(
        Attendance.Result.choices,
        ("出席", Attendance.Result.ATTENDED),
        ("合格", Attendance.Result.PASSED),
        ("不合格", Attendance.Result.FAILED),
    )
    name, number = cells.get("name", ""), cells.get("id_number", "")
    id_type = id_types.get(fold(cells.get("id_type", "")), None) if cells.get("id_type") else "resident"
    result = results.get(fold(cells.get("result", ""))) if cells.get("result") else Attendance.Result.ATTENDED
    before = len(errors)
    if not name:
        error("name", _("This column is required."))
    elif len(name) > NAME_LENGTH:
        error("name", _("Enter at most %(max)d characters.") % {"max": NAME_LENGTH})
    if id_type is None:
        error("id_type", _("“%(value)s” is not an allowed value.") % {"value": cells["id_type"]})
    if result is None:
        error("result", _("“%(value)s” is not an allowed value.") % {"value": cells["result"]})
    if not number:
        error("id_number", _("This column is required."))
    elif id_type is not None:
        try:
            validate_id_number(id_type, number)
        except ValidationError as exc:
            error("id_number", exc.messages[0])
    if len(errors) > before:
        return None
    return SheetRow(line, name, id_type, normalise_id_number(number), result)


def _people(rows: list[SheetRow], errors: list[RowError], *, by) -> dict[int, Person]:
    """Each row's person: found by ID number (the name must match) or registered now."""
    seen, people = {}, {}
    for row in rows:
        key = (row.id_type, row.id_number)
        if key in seen:
            message = _("The same person is on row %(row)d.") % {"row": seen[key]}
            errors.append(RowError(row.line, LABEL["id_number"], message))
            continue
        seen[key] = row.line
        person = registry.find_person(row.id_type, row.id_number)
        if person is not None and person.name != row.name:
            message = _("This ID number belongs to a person of another name in the registry.")
            errors.append(RowError(row.line, LABEL["name"], message))
        elif not errors:
            people[row.line] = person or registry.create_person(
                name=row.name, id_type=row.id_type, id_number=row.id_number, by=by
            )
    return people


class _Refused(Exception):
    """Raised inside the import's transaction to roll it back when any row was refused."""


def import_attendance(event: TrainingEvent, file, *, by, filename: str = "") -> AttendanceImport:
    """Record the sheet's people at ``event``: everyone, or, if any row has a problem, nobody."""
    filename = filename or getattr(file, "name", "") or ""
    try:
        table = read_table(file.read(MAX_BYTES + 1), filename)
    except FileProblem as problem:
        return AttendanceImport(errors=[RowError(None, "", str(problem))])
    positions, errors = column_positions(table.header, table.header_line, COLUMNS)
    if not errors and not table.rows:
        errors.append(RowError(None, "", _("The file has no rows of data.")))
    if errors:
        return AttendanceImport(errors=errors)
    rows = []
    for line, cells in table.rows:
        values = {key: cells[index] if index < len(cells) else "" for key, index in positions.items()}
        row = _row(line, values, errors)
        if row is not None:
            rows.append(row)
    result = AttendanceImport(errors=errors)
    try:
        with transaction.atomic():
            people = _people(rows, errors, by=by)
            if errors:
                raise _Refused
            for outcome in {row.result for row in rows}:
                chosen = [people[row.line] for row in rows if row.result == outcome]
                result.added += record_attendance(event, people=chosen, result=outcome, by=by)
    except _Refused:
        result.errors = sorted(errors, key=lambda e: (e.row or 0, list(LABEL.values()).index(e.column)))
        return result
    result.already = len(rows) - result.added
    return result
