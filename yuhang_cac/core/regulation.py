"""Citing the measure (《余杭区自媒体管理办法》, 2019) the portal carries out.

Every transition screen and printed document names the article it applies, in one
wording: "依据《余杭区自媒体管理办法》第二十二条". The text has 23 articles and no
Article 17; a citation of an article the text does not have is a programming error.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

ARTICLES = frozenset(range(1, 24)) - {17}
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1–99 in Chinese numerals, as articles are numbered: 十, 十二, 二十二."""
    if not 0 < number < 100:
        raise ValueError(number)
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


def article(number: int) -> str:
    """ "第二十二条" (in Chinese) or "Article 22"."""
    if number not in ARTICLES:
        raise ValueError(f"the measure has no article {number}")
    numeral = chinese_numeral(number) if _chinese() else str(number)
    return _("Article %(number)s") % {"number": numeral}


def basis(*numbers: int) -> str:
    """ "依据《余杭区自媒体管理办法》第七条、第八条": the one wording of a citation."""
    articles = ("、" if _chinese() else ", ").join(article(number) for number in numbers)
    return _("Under %(articles)s of the Yuhang Self-Media Management Measures") % {"articles": articles}
