"""What the apps that issue documents declare: their series and who may see their documents.

Each app registers from its ``AppConfig.ready``::

    register_series("summons-notice", prefix="余网信约", article=12)
    register_owner(Case, lambda user: Case.objects.visible_to(user))

A series is one type of document with its own gap-free numbers per year; its prefix is the
office's code for that type (机关代字), so numbers read 余网信约〔2026〕12号. The owner hook
answers which objects of the owning model a user may see: the print view serves a document
only when its owner is among them, and answers 404 otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

# GB/T 9704-2012 §7.2.4: 机关代字, year in hexagonal brackets, serial without leading zeros.
NUMBER_FORMAT = "{prefix}〔{year}〕{serial}号"
SERIES_CODE_MAX = 16

VisibleTo = Callable[..., models.QuerySet]


@dataclass(frozen=True)
class Series:
    code: str
    prefix: str
    article: int

    @property
    def counter(self) -> str:
        """The ``core.numbering`` series, apart from the other users of the counter table."""
        return f"doc:{self.code}"

    def number(self, year: int, serial: int) -> str:
        return NUMBER_FORMAT.format(prefix=self.prefix, year=year, serial=serial)


_SERIES: dict[str, Series] = {}
_OWNERS: dict[str, VisibleTo] = {}


def register_series(code: str, *, prefix: str, article: int) -> Series:
    """Declare a type of document; ``article`` is the article of the measure it applies."""
    if not code or len(code) > SERIES_CODE_MAX:
        raise ValueError(f"A series code has 1 to {SERIES_CODE_MAX} characters: {code!r}")
    taken = {s.prefix: s.code for s in _SERIES.values() if s.code != code}
    if prefix in taken:
        # Two series under one prefix would print the same number twice.
        raise ValueError(f"The prefix {prefix!r} is already the series {taken[prefix]!r}'s")
    _SERIES[code] = Series(code, prefix, article)
    return _SERIES[code]


def unregister_series(code: str) -> None:
    _SERIES.pop(code, None)


def get_series(code: str) -> Series:
    try:
        return _SERIES[code]
    except KeyError as exc:
        raise LookupError(f"No document series {code!r} is registered") from exc


def register_owner(model: type[models.Model], visible_to: VisibleTo) -> None:
    """Declare that ``model`` owns documents; ``visible_to(user)`` is the objects the user may see."""
    _OWNERS[model._meta.label_lower] = visible_to


def unregister_owner(model: type[models.Model]) -> None:
    _OWNERS.pop(model._meta.label_lower, None)


def owner_visible(user, owner_label: str, owner_id: int) -> bool:
    """Whether ``user`` may see the owner; an owner no app has registered is seen by nobody."""
    visible_to = _OWNERS.get(owner_label)
    return visible_to is not None and visible_to(user).filter(pk=owner_id).exists()
