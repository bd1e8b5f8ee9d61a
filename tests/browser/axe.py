"""axe-core (vendored in static/vendor/axe-core/) on a page: serious or critical findings fail the test.

Every browser journey calls ``check_accessibility(page)`` after each page it loads.
"""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
# WCAG 2.1 A and AA, and axe's best practices.
RUN_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def _describe(violation: dict) -> str:
    nodes = "; ".join(
        f"{' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}"
        for node in violation["nodes"][:5]
    )
    return f"[{violation['impact']}] {violation['id']} ({violation['help']}) at {nodes}"


def accessibility_findings(page) -> list[str]:
    """The serious and critical axe findings on the page as it is now, its colours settled.

    Bootstrap fades a button's colours over 0.15 s; on a busy machine axe could read them halfway.
    With reduced motion asked for, Bootstrap turns its transitions off and the final colours hold.
    """
    page.emulate_media(reduced_motion="reduce")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, so the page's CSP does not block it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("options => window.axe.run(document, options)", RUN_OPTIONS)
    return [_describe(v) for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


def check_accessibility(page) -> None:
    findings = accessibility_findings(page)
    assert not findings, f"axe on {page.url}:\n" + "\n".join(findings)
