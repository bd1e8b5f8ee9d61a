"""Importing self-media accounts with their operators from .xlsx and .csv files, all or nothing.

The columns (``columns``) are the export's; the rows are read and checked cell by cell
(``reading``), matched to the registry and turned into the changes they need (``planning``),
and written in bulk with their history (``writing``). Every row is checked before anything
is written, and all problems are reported by row and column; a file with any problem imports
nothing. Existing accounts are matched by their registry number, else by (platform, stable
id), and changed only where a value differs, so re-importing an export writes nothing.
"""

from pathlib import PurePath

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..spreadsheets import MAX_BYTES, FileProblem, Table, read_table
from .columns import (
    CATEGORY_SEPARATOR,
    COLUMN,
    COLUMNS,
    NO,
    OPERATOR_KIND_LABELS,
    YES,
    Column,
    ImportResult,
    RowError,
    RowOutcome,
    column_positions,
)
from .planning import OPERATOR_COLUMNS, Existing, Plan, Planner
from .reading import parse_rows
from .writing import Writer

__all__ = [
    "CATEGORY_SEPARATOR",
    "COLUMN",
    "COLUMNS",
    "NO",
    "OPERATOR_KIND_LABELS",
    "YES",
    "Column",
    "ImportResult",
    "RowError",
    "RowOutcome",
    "import_accounts",
]


def _import_table(table: Table, *, by, reason: str) -> ImportResult:
    positions, errors = column_positions(table.header, table.header_line)
    if errors:
        return ImportResult(errors=errors)
    if not table.rows:
        return ImportResult(errors=[RowError(None, "", _("The file has no rows of data."))])
    rows = parse_rows(table, positions, errors)
    existing = Existing(rows)
    planner = Planner(existing, errors)
    for row in rows:
        planner.add(row)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: (e.row or 0, _column_order(e.column))))
    Writer(planner.plan, existing, by=by, reason=reason).write()
    plan = planner.plan
    return ImportResult(
        created=len(plan.new_accounts), updated=plan.updated, unchanged=plan.unchanged, rows=_outcomes(plan)
    )


def _labels(account_fields, operator_fields=()) -> tuple[str, ...]:
    keys = ["operator_name" if name == "operator" else name for name in account_fields]
    keys += [OPERATOR_COLUMNS[name] for name in operator_fields]
    return tuple(dict.fromkeys(str(COLUMN[key].label) for key in keys if key in COLUMN))


def _outcomes(plan: Plan) -> list[RowOutcome]:
    """The rows that added or changed an account, in file order, with the columns that changed."""
    outcomes = [RowOutcome(w.line, w.account.pk, w.account.name, created=True) for w in plan.new_accounts]
    for write in plan.changed_accounts:
        names = list(write.changed)
        if write.categories is not None:
            names.append("content_categories")
        operator = plan.changed_operators.get(write.account.operator_id)
        labels = _labels(names, operator[1] if operator else ())
        outcomes.append(RowOutcome(write.line, write.account.pk, write.account.name, False, labels))
    for line, account in plan.operator_only:
        labels = _labels((), plan.changed_operators[account.operator_id][1])
        outcomes.append(RowOutcome(line, account.pk, account.name, False, labels))
    return sorted(outcomes, key=lambda outcome: outcome.row)


def _column_order(label: str) -> int:
    labels = [str(column.label) for column in COLUMNS]
    return labels.index(label) if label in labels else len(labels)


def import_accounts(file, *, by, filename: str = "") -> ImportResult:
    """Import an .xlsx or .csv file of accounts: everything, or, if any row has a problem, nothing.

    ``by`` becomes the history user of every row written.
    """
    filename = filename or getattr(file, "name", "") or ""
    try:
        table = read_table(file.read(MAX_BYTES + 1), filename)
    except FileProblem as problem:
        return ImportResult(errors=[RowError(None, "", str(problem))])
    reason = _("Imported from %(file)s") % {"file": PurePath(filename).name[:60]}
    try:
        with transaction.atomic():
            return _import_table(table, by=by, reason=reason)
    except IntegrityError:
        # Another user saved one of these accounts or operators between our reading and writing.
        message = _("The registry changed while importing; nothing was imported. Please try again.")
        return ImportResult(errors=[RowError(None, "", message)])
