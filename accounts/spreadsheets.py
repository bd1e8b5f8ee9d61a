"""Tables in .xlsx and .csv files, both ways: reading uploads within limits, writing downloads.

Text that a spreadsheet would take for a formula (CSV injection: a cell starting
with =, +, -, @, a tab or a carriage return) is written with a leading single
quote, and the quote is taken off again on reading, so a round trip is exact.
"""

import csv
import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import openpyxl
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
# Physical rows read from a sheet, blank ones included: bounds the work a crafted file can cause.
MAX_SCANNED_ROWS = MAX_ROWS * 5
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    header_line: int = 1


# --- Cells ------------------------------------------------------------------------------------


def neutralise(value):
    """Quote text a spreadsheet would run as a formula (and text that merely looks quoted)."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def unquote(value: str) -> str:
    """The text as entered: a neutralising quote taken off, or else the surrounding blanks."""
    return value[1:] if _QUOTED.match(value) else value.strip()


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unquote(str(value))


# --- Reading ------------------------------------------------------------------------------------


def _too_many_rows() -> FileProblem:
    return FileProblem(_("The file has more than %(max)d rows of data: split it.") % {"max": MAX_ROWS})


def _table(rows) -> Table:
    """Header and non-empty rows with their numbers, within the size limits."""
    header, header_line, data = None, 1, []
    for line, cells in enumerate(rows, start=1):
        if line > MAX_SCANNED_ROWS:
            raise _too_many_rows()
        texts = [cell_text(cell) for cell in cells[:MAX_COLUMNS]]
        if not any(texts):
            continue
        if header is None:
            header, header_line = texts, line
            continue
        data.append((line, texts))
        if len(data) > MAX_ROWS:
            raise _too_many_rows()
    if header is None:
        raise FileProblem(_("The file is empty."))
    return Table(header, data, header_line)


def _xlsx_rows(data: bytes) -> list[tuple]:
    """The first worksheet's rows, values only (a formula gives its last computed value)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # Entries are read no further than their declared size, so this bounds a zip bomb.
        if sum(entry.file_size for entry in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValueError("workbook too large when unpacked")
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = next(sheet for sheet in workbook.worksheets if hasattr(sheet, "iter_rows"))
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return list(itertools.islice(rows, MAX_SCANNED_ROWS + 1))
    finally:
        workbook.close()


def read_xlsx(data: bytes) -> Table:
    try:
        rows = _xlsx_rows(data)
    except Exception as exc:
        # openpyxl meets a damaged or hostile workbook with whatever error its parser reaches
        # (BadZipFile, KeyError, AttributeError, zlib and XML errors…): to the user they are one problem.
        raise FileProblem(_("This file cannot be read as an Excel workbook (.xlsx).")) from exc
    return _table(rows)


def _decode(data: bytes) -> str:
    # Excel saves "CSV UTF-8" with a byte-order mark, and plain "CSV" in the Chinese code page.
    if b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise FileProblem(_("This file cannot be read as CSV: save it as “CSV UTF-8” and try again."))


def read_csv(data: bytes) -> Table:
    """Rows are counted as records, which is how a spreadsheet numbers them."""
    try:
        return _table(csv.reader(io.StringIO(_decode(data), newline="")))
    except csv.Error as exc:
        raise FileProblem(
            _("This file cannot be read as CSV: save it as “CSV UTF-8” and try again.")
        ) from exc


def read_table(data: bytes, filename: str) -> Table:
    """An uploaded .xlsx or .csv file as a table; ``FileProblem`` says why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise FileProblem(_("The file is larger than %(max)d MB.") % {"max": MAX_BYTES // (1024 * 1024)})
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls":
        raise FileProblem(_("Old .xls files are not supported: save the file as .xlsx."))
    if suffix == ".xlsx" or (suffix != ".csv" and data.startswith(b"PK\x03\x04")):
        return read_xlsx(data)
    if suffix == ".csv":
        return read_csv(data)
    raise FileProblem(_("Upload an .xlsx or .csv file."))


# --- Writing ------------------------------------------------------------------------------------


def _xlsx_value(value):
    value = neutralise(str(value) if isinstance(value, Promise) else value)
    # Control characters cannot be stored in a workbook at all.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_xlsx(sheets: list[tuple[str, list, list[list]]]) -> bytes:
    """A workbook of (title, header, rows) sheets: bold header, frozen first row, text kept as text."""
    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        for index, label in enumerate(header, start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(
                10, 2 * len(label) + 4
            )
        sheet.append([_header_cell(sheet, label, bold) for label in header])
        for row in rows:
            sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet, label: str, font: Font):
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=_xlsx_value(label))
    cell.font = font
    return cell


def write_csv(header: list, rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(label) for label in header])
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")
