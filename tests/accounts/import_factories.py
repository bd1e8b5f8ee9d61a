"""Import rows and files: valid by default, made wrong one cell at a time by the tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.identifiers import credit_code_check_char, resident_id_check_char
from accounts.imports import COLUMNS, NO, OPERATOR_KIND_LABELS, YES
from accounts.models import Account, Person
from accounts.spreadsheets import write_csv, write_xlsx

PLATFORMS = ["微信公众号", "新浪微博", "抖音", "哔哩哔哩", "小红书", "今日头条"]
STREETS = ["五常街道", "仁和街道", "良渚街道", "闲林街道", "仓前街道", "径山镇"]
CATEGORIES = ["时政资讯", "本地生活", "美食", "旅游", "科技数码"]
ASSOCIATION = "余杭区网络文化协会"


def credit_code(n: int) -> str:
    first17 = f"91330110MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def resident_id(n: int, born: str = "19900307") -> str:
    first17 = f"330110{born}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def org_row(n: int, **overrides) -> dict:
    """An account run by an organisation; ``operator`` picks the organisation (default: its own)."""
    operator = overrides.pop("operator", n)
    row = {
        "platform": PLATFORMS[n % len(PLATFORMS)],
        "stable_id": f"uid{n:06d}",
        "name": f"余杭账号{n}",
        "handle": f"yh{n}",
        "profile_url": f"https://example.com/u/{n}",
        "jurisdiction": str(Account.Jurisdiction.YUHANG.label),
        "street": STREETS[n % len(STREETS)],
        "status": str(Account.Status.NORMAL.label),
        "grade": str(Account.Grade.B.label) if n % 3 else "",
        "liaison_organisation": ASSOCIATION if n % 2 else "",
        "content_categories": "、".join(CATEGORIES[n % 5 : n % 5 + 2]),
        "has_content_review": str(YES if n % 2 else NO),
        "has_editor_responsibility": str(NO if n % 2 else YES),
        "dedicated_editors": str(n % 4),
        "followers": str(n * 137) if n % 5 else "",
        "operator_kind": str(OPERATOR_KIND_LABELS["organisation"]),
        "operator_name": f"杭州余杭测试{operator}号文化传媒有限公司",
        "credit_code": credit_code(operator),
        "id_type": "",
        "id_number": "",
        "contact_name": f"联系人{operator}",
        "contact_phone": f"138{operator:08d}",
        "address": f"余杭区测试路{operator}号",
    }
    return {**row, **overrides}


def individual_row(n: int, **overrides) -> dict:
    """An account run by an individual (a person with a resident ID number)."""
    person = overrides.pop("person", n)
    row = org_row(n)
    row.update(
        operator_kind=str(OPERATOR_KIND_LABELS["individual"]),
        operator_name=f"个人{person}",
        credit_code="",
        id_type=str(Person.IdType.RESIDENT.label),
        id_number=resident_id(person),
        contact_name=f"个人{person}",
        contact_phone=f"0571-{88000000 + person}",
        address="",
    )
    return {**row, **overrides}


def many_rows(count: int) -> list[dict]:
    """Accounts of organisations running three accounts each, and of individuals running one."""
    rows = []
    for n in range(count):
        if n % 4 == 3:
            rows.append(individual_row(n, person=n))
        else:
            rows.append(org_row(n, operator=n // 3))
    return rows


def cells(row: dict) -> list:
    return [row.get(column.key, "") for column in COLUMNS]


def header() -> list[str]:
    return [str(column.label) for column in COLUMNS]


def xlsx_upload(rows: list[dict], name: str = "accounts.xlsx") -> SimpleUploadedFile:
    content = write_xlsx([("Sheet", header(), [cells(row) for row in rows])])
    return SimpleUploadedFile(name, content)


def csv_upload(
    rows: list[dict], name: str = "accounts.csv", encoding: str = "utf-8-sig"
) -> SimpleUploadedFile:
    text = write_csv(header(), [cells(row) for row in rows]).decode("utf-8-sig")
    return SimpleUploadedFile(name, text.encode(encoding))


def upload(fmt: str, rows: list[dict]) -> SimpleUploadedFile:
    return xlsx_upload(rows) if fmt == "xlsx" else csv_upload(rows)
