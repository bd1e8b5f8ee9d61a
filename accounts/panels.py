"""Extra tabs on the account page, contributed by the apps built on the registry.

The registry imports none of those apps (reports, cases, listings, evaluations).
Each registers its tab from its ``AppConfig.ready``::

    register_panel(
        "reports",
        _("Reports"),
        "reports/includes/_account_panel.html",
        lambda request, account: {"reports": Report.objects.visible_to(request.user).filter(account=account)},
        order=10,
        permission="reports.view_report",
    )

The context function receives the request and the account and returns the
template's context, or ``None`` to leave the tab out for this account.

The person's and the operator's pages take sections the same way, registered with
``page="person"`` or ``page="operator"``; their context function receives that object
(a training history on a person's file, say).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.functional import Promise

ContextFunction = Callable[..., dict | None]


@dataclass(frozen=True)
class Panel:
    key: str
    label: Promise | str
    template_name: str
    context: ContextFunction
    order: int = 100
    permission: str | None = None
    page: str = "account"


PAGES = ("account", "person", "operator")
_PANELS: dict[tuple[str, str], Panel] = {}


def register_panel(
    key: str,
    label: Promise | str,
    template_name: str,
    context_fn: ContextFunction,
    order: int = 100,
    *,
    permission: str | None = None,
    page: str = "account",
) -> Panel:
    """Add (or replace, by key) a tab on the account page, or a section on a person's or operator's page."""
    if page not in PAGES:
        raise ValueError(f"No page {page!r} takes panels; the pages are {PAGES}.")
    panel = Panel(key, label, template_name, context_fn, order, permission, page)
    _PANELS[(page, key)] = panel
    return panel


def unregister_panel(key: str, page: str = "account") -> None:
    _PANELS.pop((page, key), None)


def rendered_panels(request, obj, page: str = "account") -> list[dict]:
    """The registered panels of ``page`` this user may see for ``obj``, in order, rendered.

    The template receives ``obj`` under the page's name (``account``, ``person``, ``operator``).
    """
    panels = []
    registered = [panel for panel in _PANELS.values() if panel.page == page]
    for panel in sorted(registered, key=lambda p: (p.order, p.key)):
        if panel.permission and not request.user.has_perm(panel.permission):
            continue
        context = panel.context(request, obj)
        if context is None:
            continue
        html = render_to_string(panel.template_name, {page: obj, **context}, request=request)
        panels.append({"key": panel.key, "label": panel.label, "html": html})
    return panels
