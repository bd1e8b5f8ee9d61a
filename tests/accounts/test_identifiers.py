from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.identifiers import (
    credit_code_check_char,
    mask_id_number,
    parse_profile_url,
    resident_id_check_char,
    validate_credit_code,
    validate_id_number,
    validate_resident_id,
)
from tests.accounts.factories import credit_code, resident_id
from yuhang_cac.core.phones import normalise_phone, validate_phone


def with_check(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


@pytest.mark.parametrize(
    "code",
    [
        "91110000600037341L",
        "91 110000 600037341l",
        credit_code(1),
        credit_code(123456),
        with_check("12330110002482099"),  # a public institution (事业单位)
        with_check("A1330110MA2H0ABC1"),  # the first character is not limited to 1, 5, 9 or Y
    ],
)
def test_it_accepts_checksum_valid_credit_codes(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91110000600037341M", "credit_code_checksum"),
        ("91110000600037342L", "credit_code_checksum"),
        ("9111000060003734IL", "credit_code_format"),
        ("91110000600037341", "credit_code_format"),
        ("", "credit_code_format"),
    ],
)
def test_it_refuses_bad_credit_codes(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error


@pytest.mark.parametrize(
    "number",
    [
        resident_id("330110", date(1985, 6, 15)),  # Yuhang, born before 2001
        resident_id("330110", date(1999, 12, 31), 7),
        resident_id("330113", date(2003, 2, 28)),  # Linping, born after 2001
        resident_id("330113", date(1976, 1, 1), 999),
        resident_id("330110", date(2000, 2, 29)),  # a leap day
        "11010519491231002X",
    ],
)
def test_it_accepts_valid_resident_id_numbers(number):
    validate_resident_id(number)
    validate_resident_id(number.lower())


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("110105194912310021", "id_checksum"),
        ("33011019990230" + "0011", "id_birth_date"),  # 30 February
        ("33011019991301" + "0011", "id_birth_date"),  # month 13
        ("33011018500101" + "0011", "id_birth_date"),  # before 1900
        ("33011029990101" + "0011", "id_birth_date"),  # in the future
        ("3301101990010100", "id_format"),
        ("33011019900101001Y", "id_format"),
    ],
)
def test_it_refuses_bad_resident_id_numbers(number, error):
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(number)
    assert exc.value.code == error


def test_an_impossible_birth_date_is_refused_even_with_a_matching_check_digit():
    first17 = "33011019990230001"
    with pytest.raises(ValidationError) as exc:
        validate_resident_id(first17 + resident_id_check_char(first17))
    assert exc.value.code == "id_birth_date"


def test_hmt_residence_permits_follow_the_resident_id_rules_with_their_regions():
    validate_id_number("hmt_residence", resident_id("810000", date(1990, 1, 1)))
    with pytest.raises(ValidationError):
        validate_id_number("hmt_residence", resident_id("330110", date(1990, 1, 1)))


def test_passports_need_only_a_plausible_form():
    validate_id_number("passport", "E12345678")
    with pytest.raises(ValidationError):
        validate_id_number("passport", "E1-2")


def test_an_id_number_is_masked_to_region_and_last_four():
    assert mask_id_number("33011019900101123X") == "330110********123X"


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0571-88888888", "0571-88888888"),
        ("057188888888", "0571-88888888"),
        ("(0571) 8888 8888", "0571-88888888"),
    ],
)
def test_it_accepts_and_normalises_phone_numbers(raw, phone):
    validate_phone(raw)
    assert normalise_phone(raw) == phone


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "138123456789", "88888888", "abc"])
def test_it_refuses_bad_phone_numbers(raw):
    with pytest.raises(ValidationError):
        validate_phone(raw)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA5NjU4NTQ0MQ==&scene=124",
            ("wechat_mp", "MzA5NjU4NTQ0MQ=="),
        ),
        ("gh_0123456789ab", ("wechat_mp", "gh_0123456789ab")),
        ("https://weibo.com/u/5012345678", ("weibo", "5012345678")),
        ("https://weibo.com/5012345678?refer_flag=1001", ("weibo", "5012345678")),
        ("m.weibo.cn/profile/5012345678", ("weibo", "5012345678")),
        (
            "https://www.douyin.com/user/MS4wLjABAAAAabcdefghijklmnopqrstuvwxyz0123456789ABCDEFG?from_tab_name=main",
            ("douyin", "MS4wLjABAAAAabcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
        ),
        (
            "https://www.iesdouyin.com/share/user/MS4wLjABAAAAabcdefghijklmnopqrstu",
            ("douyin", "MS4wLjABAAAAabcdefghijklmnopqrstu"),
        ),
        ("https://www.kuaishou.com/profile/3xabcdefgh23456", ("kuaishou", "3xabcdefgh23456")),
        ("https://www.toutiao.com/c/user/12345678901/", ("toutiao", "12345678901")),
        ("https://space.bilibili.com/123456789?spm_id_from=333", ("bilibili", "123456789")),
        (
            "https://www.xiaohongshu.com/user/profile/5f0123456789abcdef012345?xsec_token=x",
            ("xiaohongshu", "5f0123456789abcdef012345"),
        ),
        ("https://author.baidu.com/home?app_id=1612345678901234", ("baijiahao", "1612345678901234")),
        ("https://www.zhihu.com/people/yu-hang-xiao-li", ("zhihu", "yu-hang-xiao-li")),
    ],
)
def test_a_profile_url_is_canonicalised_into_platform_and_stable_id(url, expected):
    assert parse_profile_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://mp.weixin.qq.com/s/AbCdEf",  # an article, not the account
        "https://weibo.com/yuhangfabu",  # a vanity name, not the UID
        "https://www.xiaohongshu.com/user/profile/not-hex",
        "https://v.douyin.com/iRNBho6u/",  # a short link hides the sec_uid
        "https://example.com/u/5012345678",
        "",
    ],
)
def test_a_url_that_does_not_show_the_stable_id_gives_nothing(url):
    assert parse_profile_url(url) is None
