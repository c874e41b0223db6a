"""Imports form a tree: project -> apps -> webcore, and comments -> articles, never back.

Read from the source (every module-level and function-level import of our
own packages), so a cycle or a backwards import fails here before it fails
at import time in some other order.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsroom", "webcore", "articles", "comments")
# What each package may import of the others.
ALLOWED = {
    "newsroom": {"webcore", "articles", "comments"},
    "articles": {"webcore"},
    "comments": {"webcore", "articles"},
    "webcore": set(),
}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield package, path


def _imports(tree):
    """``(module, at_module_level, inside_ready)`` for each import of our packages."""
    found = []

    def visit(node, depth, in_ready):
        for child in ast.iter_child_nodes(node):
            child_in_ready = in_ready or (
                isinstance(child, ast.FunctionDef) and child.name == "ready"
            )
            if isinstance(child, ast.Import):
                found.extend((alias.name, depth == 0, in_ready) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, depth == 0, in_ready))
            is_scope = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            visit(child, depth + (1 if is_scope else 0), child_in_ready)

    visit(tree, 0, False)
    return [item for item in found if item[0].split(".")[0] in PACKAGES]


def test_packages_import_only_down_the_tree():
    wrong = []
    for package, path in _modules():
        for module, _top, _ready in _imports(ast.parse(path.read_text())):
            target = module.split(".")[0]
            if target != package and target not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_no_function_level_import_of_our_own_code():
    # Django's AppConfig.ready() is the one place an app imports its modules late.
    late = [
        f"{path.relative_to(ROOT)} imports {module} inside a function"
        for _package, path in _modules()
        if "migrations" not in path.parts
        for module, top, in_ready in _imports(ast.parse(path.read_text()))
        if not top and not in_ready
    ]
    assert late == []


def test_migrations_never_import_app_code():
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for _package, path in _modules()
        if "migrations" in path.parts
        for module, _top, _ready in _imports(ast.parse(path.read_text()))
    ]
    assert wrong == []


def test_no_import_cycle_between_modules():
    graph = {}
    for _package, path in _modules():
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {
            module for module, top, _ready in _imports(ast.parse(path.read_text())) if top
        }

    def resolve(module):
        # "from comments import views" names a module; "from comments.models import X" too.
        return module if module in graph else None

    visiting, done, cycles = set(), set(), []

    def walk(node, trail):
        if node in visiting:
            cycles.append(" -> ".join([*trail[trail.index(node) :], node]))
            return
        if node in done:
            return
        visiting.add(node)
        for target in sorted(filter(None, map(resolve, graph.get(node, ())))):
            walk(target, [*trail, node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        walk(node, [])
    assert cycles == []
