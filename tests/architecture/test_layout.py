"""The layout in docs/architecture.md holds: apps import only the apps below them, no
module is over 1,000 lines, no demo module over 600 lines of Python."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each app and the apps it may import (docs/architecture.md, "Which app may import which").
ALLOWED = {
    "core": set(),
    "communities": {"core"},
    "discussions": {"core", "communities"},
    "guidebook": {"core", "communities", "discussions"},
    "meetings": {"core", "communities", "discussions"},
    "peer_learning": {"core", "communities", "discussions", "meetings", "guidebook"},
    "programmes": {"core", "communities", "discussions", "guidebook"},
    "search": {"core", "communities", "discussions"},
    "digests": {"core", "communities", "discussions", "guidebook", "meetings"},
    "outbox": {"core"},
    "dashboards": {"core", "communities", "discussions", "guidebook", "meetings", "programmes"},
    "api": {"core", "communities", "discussions", "guidebook", "meetings"},
    "about": {"core", "communities"},
    "facilitation": {"core", "communities"},
}
APPS = set(ALLOWED)


def python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                found.add((top, node.lineno))
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in python_files(app)
        for other, line in imported_apps(path)
        if other != app and other not in ALLOWED[app]
    ]
    assert wrong == []


def test_the_allowed_graph_has_no_cycle():

    def visit(app: str, trail: tuple[str, ...]) -> None:
        assert app not in trail, " -> ".join((*trail, app))
        for lower in ALLOWED[app]:
            visit(lower, (*trail, app))

    for app in ALLOWED:
        visit(app, ())


def test_no_module_is_over_a_thousand_lines():
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for app in sorted(APPS)
        for path in python_files(app)
        if (n := len(path.read_text().splitlines())) > 1000
    ]
    assert long == []


def test_no_demo_module_is_over_six_hundred_lines():
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for app in sorted(APPS)
        for path in python_files(app)
        if ("demo" in path.parts or "demo" in path.stem or "seed" in path.stem)
        and (n := len(path.read_text().splitlines())) > 600
    ]
    assert long == []
