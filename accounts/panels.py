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

The operator page takes sections the same way (``register_operator_section``): the
context function receives the request and the operator.
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


_PANELS: dict[str, Panel] = {}
_OPERATOR_SECTIONS: dict[str, Panel] = {}


def register_panel(
    key: str,
    label: Promise | str,
    template_name: str,
    context_fn: ContextFunction,
    order: int = 100,
    *,
    permission: str | None = None,
) -> Panel:
    """Add (or replace, by key) a tab on the account page."""
    panel = Panel(key, label, template_name, context_fn, order, permission)
    _PANELS[key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def register_operator_section(
    key: str,
    label: Promise | str,
    template_name: str,
    context_fn: ContextFunction,
    order: int = 100,
    *,
    permission: str | None = None,
) -> Panel:
    """Add (or replace, by key) a section on the operator page."""
    section = Panel(key, label, template_name, context_fn, order, permission)
    _OPERATOR_SECTIONS[key] = section
    return section


def unregister_operator_section(key: str) -> None:
    _OPERATOR_SECTIONS.pop(key, None)


def _render(registry: dict[str, Panel], request, name: str, obj) -> list[dict]:
    rendered = []
    for panel in sorted(registry.values(), key=lambda p: (p.order, p.key)):
        if panel.permission and not request.user.has_perm(panel.permission):
            continue
        context = panel.context(request, obj)
        if context is None:
            continue
        html = render_to_string(panel.template_name, {name: obj, **context}, request=request)
        rendered.append({"key": panel.key, "label": panel.label, "html": html})
    return rendered


def rendered_panels(request, account) -> list[dict]:
    """The registered tabs this user may see for this account, in order, rendered."""
    return _render(_PANELS, request, "account", account)


def rendered_operator_sections(request, operator) -> list[dict]:
    """The registered sections this user may see on this operator's page, in order, rendered."""
    return _render(_OPERATOR_SECTIONS, request, "operator", operator)
