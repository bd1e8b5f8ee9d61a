"""The core (``yuhang_cac/``) never imports a domain app: the imports run one way only."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CORE = BASE / "yuhang_cac"


def domain_apps() -> set[str]:
    """The top-level packages of this repository that are installed apps, beside the core."""
    names = set()
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.parent == BASE and path.name != "yuhang_cac":
            names.add(config.name.split(".")[0])
    return names


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_the_domain_apps_are_found():
    assert {"accounts", "reports"} <= domain_apps()


def test_no_module_of_the_core_imports_a_domain_app():
    forbidden = domain_apps()
    offenders = {
        f"{path.relative_to(BASE)}: {module}"
        for path in CORE.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in forbidden
    }
    assert offenders == set()


def test_the_check_sees_an_import_of_a_domain_app(tmp_path):
    offending = tmp_path / "views.py"
    offending.write_text("from reports.selectors import queue_summary\nimport accounts.models\n")
    assert {"reports.selectors", "accounts.models"} <= imported_modules(offending)
