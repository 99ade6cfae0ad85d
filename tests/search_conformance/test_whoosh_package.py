"""The Whoosh backend package stands alone: it imports no project code, and its modules
import each other in one direction only."""

import ast
from pathlib import Path

PACKAGE = "search.backends.whoosh"
# Read, never imported: a forbidden import fails these tests, not their collection.
PACKAGE_DIR = Path(__file__).resolve().parents[2].joinpath(*PACKAGE.split("."))
PROJECT = {
    "communities",
    "discussions",
    "guidebook",
    "config",
    "meetings",
    "peer_learning",
    "programmes",
    "core",
    "tests",
}


def _modules() -> dict[str, ast.Module]:
    files = sorted(PACKAGE_DIR.glob("*.py"))
    assert len(files) > 1
    return {path.stem: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in files}


def _absolute_imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_imports_no_project_code():
    wrong = []
    for name, tree in _modules().items():
        for module in _absolute_imports(tree):
            top = module.split(".")[0]
            own = module == PACKAGE or module.startswith(PACKAGE + ".")
            if top in PROJECT or (top == "search" and not own):
                wrong.append(f"{name}.py imports {module}")
    assert wrong == []


def _type_checking(node: ast.stmt) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def test_modules_import_each_other_one_way():
    """Top-level imports between the submodules (``__init__`` aside, and annotation-only
    imports under ``if TYPE_CHECKING:``) form no cycle."""
    modules = _modules()
    edges: dict[str, set[str]] = {name: set() for name in modules if name != "__init__"}
    for name in edges:
        for node in modules[name].body:
            if _type_checking(node) or not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            targets = [node.module] if node.module else [alias.name for alias in node.names]
            edges[name].update(target.split(".")[0] for target in targets)
    order: list[str] = []
    remaining = dict(edges)
    while remaining:
        ready = sorted(name for name, deps in remaining.items() if deps <= set(order))
        assert ready, f"import cycle among {sorted(remaining)}"
        order.extend(ready)
        for name in ready:
            del remaining[name]
