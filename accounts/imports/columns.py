"""The import's one column list: the import reads it, the export and the template write it.

Also the words a cell may hold (是/否, the operator kinds, labels of choices) and the
check of the header row.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ..models import Operator, Person

CATEGORY_SEPARATOR = "、"
# An individual operator bears the name of the person, whose name field is shorter.
PERSON_NAME_LENGTH = Person._meta.get_field("name").max_length


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    help: str = ""
    # A column a file may leave out altogether (files written before it existed).
    optional_in_header: bool = False


COLUMNS = [
    Column(
        "platform",
        pgettext_lazy("import column", "Platform"),
        required=True,
        help=pgettext_lazy("import column", "The platform's name, as listed below."),
    ),
    Column(
        "stable_id",
        pgettext_lazy("import column", "Platform account ID"),
        required=True,
        help=pgettext_lazy(
            "import column",
            "The platform's stable id that does not change with renaming (WeChat __biz or gh_ id, "
            "Weibo UID, Douyin sec_uid…). May be left empty when the profile URL shows it.",
        ),
    ),
    Column("name", pgettext_lazy("import column", "Account name"), required=True),
    Column(
        "handle",
        pgettext_lazy("import column", "Account handle"),
        help=pgettext_lazy("import column", "The number users see and may change (Douyin ID, WeChat ID…)."),
    ),
    Column("profile_url", pgettext_lazy("import column", "Profile URL")),
    Column(
        "jurisdiction",
        pgettext_lazy("import column", "Registered in"),
        help=pgettext_lazy("import column", "Empty means Yuhang District."),
    ),
    Column(
        "street",
        pgettext_lazy("import column", "Street or town"),
        help=pgettext_lazy("import column", "Required for accounts registered in Yuhang District."),
    ),
    Column(
        "status",
        pgettext_lazy("import column", "Status"),
        help=pgettext_lazy("import column", "Empty means normal."),
    ),
    Column("grade", pgettext_lazy("import column", "Grade")),
    Column(
        "liaison_organisation",
        pgettext_lazy("import column", "Liaison organisation"),
        help=pgettext_lazy("import column", "The online social organisation that liaises with the account."),
    ),
    Column(
        "content_categories",
        pgettext_lazy("import column", "Content categories"),
        help=pgettext_lazy("import column", "Several categories are separated by “、”."),
    ),
    Column("has_content_review", pgettext_lazy("import column", "Has a content review system")),
    Column(
        "has_editor_responsibility", pgettext_lazy("import column", "Has an editor responsibility system")
    ),
    Column("dedicated_editors", pgettext_lazy("import column", "Dedicated editors")),
    Column("followers", pgettext_lazy("import column", "Followers")),
    Column("operator_kind", pgettext_lazy("import column", "Operator type"), required=True),
    Column("operator_name", pgettext_lazy("import column", "Operator name"), required=True),
    Column(
        "credit_code",
        pgettext_lazy("import column", "Unified social credit code"),
        help=pgettext_lazy("import column", "Required for organisations; empty for individuals."),
    ),
    Column(
        "id_type",
        pgettext_lazy("import column", "Personal ID type"),
        help=pgettext_lazy("import column", "Individuals only. Empty means resident identity card."),
    ),
    Column(
        "id_number",
        pgettext_lazy("import column", "Personal ID number"),
        help=pgettext_lazy(
            "import column",
            "Required for individuals. An exported file shows it masked; a masked number is accepted "
            "only for the current operator of an existing account.",
        ),
    ),
    Column("contact_name", pgettext_lazy("import column", "Contact")),
    Column(
        "contact_phone",
        pgettext_lazy("import column", "Contact phone"),
        help=pgettext_lazy("import column", "A mobile number, or a landline such as 0571-88888888."),
    ),
    Column("address", pgettext_lazy("import column", "Address")),
    Column(
        "account_id",
        pgettext_lazy("import column", "Registry number"),
        help=pgettext_lazy(
            "import column",
            "Filled in by the export: it identifies the account, also one pending verification without "
            "a platform account ID. Leave it empty for a new account.",
        ),
        optional_in_header=True,
    ),
]
COLUMN = {column.key: column for column in COLUMNS}

OPERATOR_KIND_LABELS = {
    Operator.Kind.ORGANISATION: pgettext_lazy("operator kind", "Organisation"),
    Operator.Kind.INDIVIDUAL: pgettext_lazy("operator kind", "Individual"),
}
YES = pgettext_lazy("yes or no", "Yes")
NO = pgettext_lazy("yes or no", "No")
TRUE_WORDS = {"是", "有", "y", "yes", "true", "1"}
FALSE_WORDS = {"", "否", "无", "n", "no", "false", "0"}


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the user sees it in the file (None for the whole file) and the column."""

    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class RowOutcome:
    """A row that added or changed an account: the officer sees these after an import."""

    row: int
    account_id: int
    name: str
    created: bool
    changed: tuple[str, ...] = ()  # the column labels whose values changed


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[RowOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def fold(value: str) -> str:
    return re.sub(r"\s+", "", value).casefold()


def choice_map(choices, *synonyms: tuple[str, str]) -> dict[str, str]:
    """Label, value and synonyms, each folded, to the stored value."""
    mapping = {}
    for value, label in choices:
        mapping[fold(str(value))] = value
        mapping[fold(str(label))] = value
    mapping.update({fold(word): value for word, value in synonyms})
    return mapping


def operator_kind_map() -> dict[str, str]:
    return choice_map(
        [*OPERATOR_KIND_LABELS.items(), *Operator.Kind.choices],
        ("机构", Operator.Kind.ORGANISATION),
        ("单位", Operator.Kind.ORGANISATION),
        ("企业", Operator.Kind.ORGANISATION),
        ("个人", Operator.Kind.INDIVIDUAL),
    )


# --- The header row ------------------------------------------------------------------------------


def column_positions(
    header: list[str], line: int = 1, columns: list[Column] | None = None
) -> tuple[dict[str, int], list[RowError]]:
    """Columns found by their label, in any order; unknown, missing and repeated ones are errors.

    ``columns`` are the registry's unless another import (an attendance sheet) gives its own.
    """
    columns = COLUMNS if columns is None else columns
    by_label = {str(column.label): column.key for column in columns}
    positions, errors = {}, []
    for index, label in enumerate(header):
        if not label:
            continue
        key = by_label.get(label)
        if key is None:
            errors.append(RowError(line, label, _("Unknown column: use the template's header row.")))
        elif key in positions:
            errors.append(RowError(line, label, _("This column appears more than once.")))
        else:
            positions[key] = index
    for column in columns:
        if column.key not in positions and not column.optional_in_header:
            errors.append(RowError(line, str(column.label), _("This column is missing.")))
    return positions, errors
