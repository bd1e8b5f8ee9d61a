"""Identifiers of the registry (docs/domain.md §5): credit codes, ID numbers, profile URLs.

Validators raise ``ValidationError`` with a Chinese message (through gettext);
normalisers return the canonical form that is stored.
"""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Phone numbers are checked by the core for every app; the registry's forms and importer read them here.
from yuhang_cac.core.phones import normalise_phone, validate_phone  # noqa: F401

# --- Unified social credit code, GB 32100-2015 -----------------------------------------
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalise_credit_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a credit code whose first 17 are given."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Checksum only: the first character is not limited to 1/5/9/Y."""
    code = normalise_credit_code(value)
    if len(code) != 18 or any(c not in CREDIT_ALPHABET for c in code):
        raise ValidationError(
            _("A unified social credit code has 18 characters from 0-9 and A-Y without I, O, S, V and Z."),
            code="credit_code_format",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong: please check the code."),
            code="credit_code_checksum",
        )


# --- Resident identity card number, GB 11643-1999 -----------------------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def resident_id_check_char(first17: str) -> str:
    """The 18th character (ISO 7064 MOD 11-2) of an ID number whose first 17 digits are given."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_resident_id(value: str) -> None:
    """17 digits, an ISO 7064 MOD 11-2 check character, and a real birth date not in the future."""
    number = normalise_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("A resident ID number has 17 digits followed by a digit or X."), code="id_format"
        )
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born > date.today() or born.year < 1900:
        raise ValidationError(
            _("The birth date in this ID number (digits 7 to 14) is not a real date."), code="id_birth_date"
        )
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The last character of this ID number does not match its check digit."),
            code="id_checksum",
        )


# Residence permits for Hong Kong, Macao and Taiwan residents follow GB 11643 with region 81/82/83.
GB11643_ID_TYPES = ("resident", "hmt_residence")
HMT_REGIONS = ("81", "82", "83")


def validate_id_number(id_type: str, value: str) -> None:
    """An ID number of the given ``Person.IdType``: full checks where a standard applies, form otherwise."""
    number = normalise_id_number(value)
    if id_type in GB11643_ID_TYPES:
        validate_resident_id(number)
        if id_type == "hmt_residence" and not number.startswith(HMT_REGIONS):
            raise ValidationError(
                _("A residence permit number for Hong Kong, Macao or Taiwan residents starts with 81 to 83."),
                code="id_hmt_region",
            )
    elif not re.fullmatch(r"[A-Z0-9]{6,20}", number):
        raise ValidationError(
            _("Enter the document number as printed: 6 to 20 letters and digits."), code="id_document"
        )


def mask_id_number(number: str) -> str:
    """330110********123X: region and last four only."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# --- Platform profile URLs -------------------------------------------------------------------
# Each rule: platform code, host suffixes, and a function from the split URL to the stable id.


def _path_after(prefix: str, pattern: str):
    regex = re.compile(rf"^{prefix}({pattern})(?:/|$)")

    def extract(parts) -> str | None:
        match = regex.match(parts.path)
        return match.group(1) if match else None

    return extract


def _query(name: str):
    def extract(parts) -> str | None:
        values = parse_qs(parts.query).get(name)
        return values[0] if values else None

    return extract


URL_RULES = [
    ("wechat_mp", ("mp.weixin.qq.com",), _query("__biz")),
    ("weibo", ("weibo.com", "weibo.cn"), _path_after(r"/(?:u/|profile/)?", r"\d{5,}")),
    ("douyin", ("douyin.com", "iesdouyin.com"), _path_after(r"/(?:share/)?user/", r"[A-Za-z0-9_-]{20,}")),
    ("bilibili", ("space.bilibili.com",), _path_after(r"/", r"\d+")),
    ("xiaohongshu", ("xiaohongshu.com",), _path_after(r"/user/profile/", r"[0-9a-f]{24}")),
    ("toutiao", ("toutiao.com",), _path_after(r"/c/user/", r"\d+")),
    ("kuaishou", ("kuaishou.com",), _path_after(r"/profile/", r"[A-Za-z0-9_]+")),
    ("zhihu", ("zhihu.com",), _path_after(r"/people/", r"[A-Za-z0-9_-]+")),
    ("baijiahao", ("author.baidu.com",), _query("app_id")),
]


def parse_profile_url(url: str) -> tuple[str, str] | None:
    """(platform code, stable id) when the platform's URL shows the id, else None."""
    text = (url or "").strip()
    if re.fullmatch(r"gh_[0-9a-f]{12}", text):
        return ("wechat_mp", text)
    if not re.match(r"^https?://", text, re.I):
        text = "https://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    for code, hosts, extract in URL_RULES:
        if any(host == h or host.endswith("." + h) for h in hosts):
            stable_id = extract(parts)
            if stable_id:
                return (code, stable_id)
    return None
