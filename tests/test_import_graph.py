"""The project's import graph, read from the source as a newcomer's tool would draw it (every
`import x` and `from x import y`, function-level and `if TYPE_CHECKING:` imports included: a
dependency is one whether it runs at import time or not): no module imports in a circle,
dependencies point the way DESIGN.md says, the plain-Python modules never reach Django, and
incidents never names a table of the articles app."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "incidents", "articles", "search", "api", "benchmarks")

# Cycles other work in progress removes. Each entry is one strongly connected component of the
# graph. The lead empties this list as that work is merged; a new cycle fails the test.
KNOWN_CYCLES: set[frozenset[str]] = set()
# Plain Python, tested without a database: these and all they import never import Django.
PLAIN_PYTHON = ("articles.pipeline", "incidents.catalog", "incidents.catalog_names")
DJANGO_PACKAGES = frozenset(
    {
        "django",
        "rest_framework",
        "drf_spectacular",
        "simple_history",
        "django_filters",
        "django_tasks",
        "axes",
        "csp",
        "whitenoise",
    }
)
# Modules that import Django and are reached from a plain-Python module all the same, until
# work in progress lands. Emptied by the lead as it is merged.
KNOWN_DJANGO_REACHED: set[str] = set()


# --------------------------------------------------------------------------- reading the graph


def module_files() -> dict[str, Path]:
    """Each module of the project's packages by dotted name (migrations left out)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module name the code imports: `import a.b` gives a.b; `from a import b` gives
    a.b (which may be a name in a rather than a module: the caller checks); relative imports
    resolved against `module`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The project modules each module imports, and the other top-level packages it imports."""
    files = module_files()
    edges: dict[str, set[str]] = {name: set() for name in files}
    outside: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imported in imported_names(tree, name, path.name == "__init__.py"):
            target = _project_module(imported, files)
            if target is None:
                outside[name].add(imported.split(".")[0])
            elif target != name:
                edges[name].add(target)
    return edges, outside


def _project_module(imported: str, files: dict[str, Path]) -> str | None:
    """The project module `imported` is, or is in (a.b.c of a.b's name c is a.b)."""
    parts = imported.split(".")
    while parts:
        if ".".join(parts) in files:
            return ".".join(parts)
        parts.pop()
    return None


def cycles(edges: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def reached_from(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for target in edges[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


GRAPH, OUTSIDE = import_graph()


# --------------------------------------------------------------------------- the rules


def test_the_graph_is_read_from_the_code():
    """A check that would pass on an empty graph proves nothing: known edges are there."""
    assert "incidents.models" in GRAPH["articles.models"]
    assert "articles.pipeline.formats.plain" in GRAPH["articles.pipeline.parse"]
    assert "incidents.statistics_numbers" in GRAPH["incidents.statistics"]
    assert "django" in OUTSIDE["incidents.models"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}


def test_no_module_imports_in_a_circle():
    new = cycles(GRAPH) - KNOWN_CYCLES
    assert not new, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in new)


def test_every_known_cycle_is_still_there():
    gone = KNOWN_CYCLES - cycles(GRAPH)
    assert not gone, f"no longer a cycle, remove it from KNOWN_CYCLES: {gone}"


def _imports_from(lower: str, *higher: str) -> set[tuple[str, str]]:
    return {
        (name, target)
        for name, targets in GRAPH.items()
        if _under(name, lower)
        for target in targets
        if any(_under(target, package) for package in higher)
    }


def test_incidents_never_imports_articles_search_or_api():
    assert _imports_from("incidents", "articles", "search", "api") == set()


def test_articles_never_imports_search_or_api():
    assert _imports_from("articles", "search", "api") == set()


def test_search_sits_above_incidents_and_articles():
    modules = {name for name in GRAPH if _under(name, "search")}
    assert "incidents.models" in reached_from(modules, GRAPH)
    assert _imports_from("search", "api") == set()


def test_the_plain_python_modules_never_reach_django():
    start = {name for name in GRAPH if any(_under(name, p) for p in PLAIN_PYTHON)}
    assert {"incidents.catalog", "articles.pipeline.parse"} <= start
    with_django = {name for name in reached_from(start, GRAPH) if OUTSIDE[name] & DJANGO_PACKAGES}
    assert with_django == KNOWN_DJANGO_REACHED


def files_naming_article_tables(root: Path) -> set[str]:
    """The .py files under `root` (migrations included), relative to it, whose strings (SQL,
    docstrings) name a table of the articles app: one of its models' tables or their _fts
    index, or any name with the app's table prefix, so that a table added later counts too."""
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("articles").get_models(include_auto_created=True)
    }
    named = re.compile(r"\b(?:" + "|".join(sorted(tables)) + r"|articles_\w+)\b")
    naming = set()
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        strings = (
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
        if any(named.search(text) for text in strings):
            naming.add(str(path.relative_to(root)))
    return naming


def test_incidents_never_names_a_table_of_the_articles_app():
    assert files_naming_article_tables(ROOT / "incidents") == set()


def test_the_table_check_finds_a_named_table(tmp_path):
    """A check that finds nothing anywhere proves nothing: search does name them."""
    assert "sqlite.py" in files_naming_article_tables(ROOT / "search")
    (tmp_path / "raw.py").write_text('SQL = "SELECT id FROM articles_citation"\n')
    (tmp_path / "later.py").write_text('SQL = f"SELECT 1 FROM articles_feed_entry {x}"\n')
    (tmp_path / "clean.py").write_text('articles_of = "SELECT id FROM incidents_incident"\n')
    assert files_naming_article_tables(tmp_path) == {"raw.py", "later.py"}
