"""The plug-in seam: core finds each app's contributions without importing the app."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

from jmdi.core import plugins

CORE = Path(__file__).resolve().parent.parent


def test_plugins_are_found_in_the_order_of_the_layers():
    labels = [label for label, _plugin in plugins.plugins()]
    assert [label for label in labels if label in {"directory", "accounts", "programmes"}] == [
        "directory",
        "accounts",
        "programmes",
    ]
    installed = [app.rsplit(".", 1)[-1] for app in settings.INSTALLED_APPS]
    assert labels == sorted(labels, key=installed.index)


def test_demo_and_generator_steps_run_lower_layers_first():
    assert [step.name for step in plugins.demo_steps()][:2] == ["directory", "logins"]
    assert [step.name for step in plugins.generator_steps()][:2] == ["directory", "people"]


def test_every_app_page_the_benchmark_knows_is_declared_by_its_app():
    names = set(plugins.benchmark_pages())
    assert {"overview", "workplan", "risks", "history"} <= names  # programmes
    assert {"countries", "country", "contacts"} <= names  # directory
    assert {"people", "person"} <= names  # accounts


def test_navigation_entries_come_in_their_declared_order():
    orders = [entry.order for entry in plugins.nav_entries()]
    assert orders == sorted(orders)
    assert [str(e.label) for e in plugins.nav_entries()][:2] == ["M4D Net", "Programme"]


def test_exactly_one_app_provides_the_scopes():
    from jmdi.accounts.selectors import load_scopes

    assert plugins.scopes_loader() is load_scopes


def test_core_imports_no_app_above_it():
    """Also checked by import-linter in `make lint`; this one runs with the tests."""
    upward = []
    for path in CORE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("jmdi.") and not module.startswith("jmdi.core"):
                upward.append(f"{path.name}: {module}")
    assert upward == []
