"""Cards on the staff home, contributed by the apps (the dashboard imports none of them).

Each app registers its cards from its ``AppConfig.ready``, in the shape of the account
page's panels (``accounts.panels``)::

    register_card(
        "reports",
        "dashboard/includes/_count_card.html",
        report_tiles,  # (request) -> {"title": ..., "tiles": [CountTile(...), ...]} or None
        permission="reports.view_report",
        order=10,
    )

The context function receives the request and returns the template's context, or ``None``
to leave the card out. A count on a card opens a list: ``CountTile.url`` must show exactly
the rows that ``CountTile.count`` counted (tests/dashboard/test_card_counts.py walks them all).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.functional import Promise

ContextFunction = Callable[..., dict | None]


@dataclass(frozen=True)
class CountTile:
    """One number on a card and the list that holds exactly those rows."""

    label: Promise | str
    count: int
    url: str
    alert: bool = False


@dataclass(frozen=True)
class Card:
    key: str
    template_name: str
    context: ContextFunction
    permission: str | None = None
    order: int = 100


_CARDS: dict[str, Card] = {}


def register_card(
    key: str,
    template_name: str,
    context_fn: ContextFunction,
    *,
    permission: str | None = None,
    order: int = 100,
) -> Card:
    """Add (or replace, by key) a card on the dashboard."""
    card = Card(key, template_name, context_fn, permission, order)
    _CARDS[key] = card
    return card


def unregister_card(key: str) -> None:
    _CARDS.pop(key, None)


def rendered_cards(request) -> list[dict]:
    """The registered cards this user may see, in order: key, context and rendered HTML."""
    cards = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.order, c.key)):
        if card.permission and not request.user.has_perm(card.permission):
            continue
        context = card.context(request)
        if context is None:
            continue
        html = render_to_string(card.template_name, context, request=request)
        cards.append({"key": card.key, "context": context, "html": html})
    return cards
