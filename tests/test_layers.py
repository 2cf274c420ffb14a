"""The folder says the layer: core/ is pure, and imports flow one way.

commands/   typer signatures -> one app call -> what it says; no sqlite3, no file reading
app/        the use cases (team, reading, followups, meeting, watch…); no screen, no prompts
terminal/   screen and keys only: nothing from files/
files/      the disk;   core/  pure;   locale/  every text
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "emptychair"
NO_IO = {"open", "print", "input"}
NO_CLOCK = {"now", "today", "time", "time_ns", "monotonic"}  # the core is handed the time
NO_IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "iterdir", "glob", "unlink", "mkdir"}
# What a layer may not import: the layers above it, and the libraries of the screen and the keys.
SCREEN = ("rich", "questionary", "prompt_toolkit", "typer")
FORBIDDEN = {
    "core": ("emptychair.files", "emptychair.app", "emptychair.terminal", "emptychair.commands", "emptychair.cli",
             *SCREEN, "os", "shutil", "tempfile", "importlib.resources", "sqlite3", "subprocess"),
    "files": ("emptychair.app", "emptychair.terminal", "emptychair.commands", "emptychair.cli", *SCREEN),
    "app": ("emptychair.terminal", "emptychair.commands", "emptychair.cli", *SCREEN),
    "terminal": ("emptychair.commands", "emptychair.cli", "typer", "emptychair.files"),
    "commands": ("sqlite3",),
}  # fmt: skip
# Known exceptions, each with its reason; the list only shrinks.
ALLOWED: set[str] = set()
READS = {"open", "read_text", "read_bytes", "iterdir", "glob", "rglob", "scandir", "listdir"}


@functools.cache
def parsed(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for every check that reads it."""
    return ast.parse(path.read_text("utf-8"))


@pytest.fixture(autouse=True, scope="module")
def _trees_let_go() -> Iterator[None]:
    """The trees of the whole package are some 180,000 objects: kept after these checks, every
    later full collection in this worker walked them."""
    yield
    parsed.cache_clear()


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def statements(node: ast.AST) -> Iterator[ast.AST]:
    """Every statement inside `node`, however deep: an import is a statement, and a statement is
    only ever in another's body (no expression holds one), so the expressions need no walk."""
    for field in ("body", "orelse", "finalbody", "handlers", "cases"):
        for child in getattr(node, field, None) or ():
            yield child
            yield from statements(child)


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in statements(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer: str) -> None:
    found = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules(layer)
        for name in imported(parsed(path))
        if breaks(name, FORBIDDEN[layer])
    }
    assert sorted(found - ALLOWED) == []


def test_commands_read_no_file_themselves() -> None:
    """A command hands paths to the app and files layers: it opens, lists and reads nothing."""
    found = []
    for path in modules("commands"):
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call):
                func = node.func
                name = (
                    func.id
                    if isinstance(func, ast.Name)
                    else func.attr
                    if isinstance(func, ast.Attribute)
                    else ""
                )
                if name in READS:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}")
    assert found == []


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Which of the package's modules each one imports: at the top, in a function, or for types."""
    paths = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    return {
        name: {other for other in imported(parsed(path)) if other in paths} - {name}
        for name, path in paths.items()
    }


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round about (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle_among_modules() -> None:
    assert circles(import_graph()) == []
    # and the check sees one: files/folder.py and files/draft.py once imported each other
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_core_does_no_input_or_output() -> None:
    found = []
    for path in modules("core"):
        for node in ast.walk(parsed(path)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if (isinstance(func, ast.Name) and func.id in NO_IO) or (
                isinstance(func, ast.Attribute) and func.attr in NO_IO_METHODS | NO_CLOCK
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []


def test_the_check_sees_what_it_forbids() -> None:
    tree = ast.parse("import rich.text\nfrom emptychair.files import folder\nopen('x')\n")
    assert breaks("rich.text", FORBIDDEN["core"])
    assert {"rich.text", "emptychair.files", "emptychair.files.folder"} <= imported(tree)
    nested = """
def f():
    class C:
        def g(self):
            try:
                import a
            except ImportError:
                import b
            else:
                import c
            finally:
                import d
    with x:
        if y:
            for z in w:
                import e
        else:
            while v:
                import f
    match q:
        case 1:
            import g
"""
    assert imported(ast.parse(nested)) == set("abcdefg")


def test_no_two_modules_export_the_same_name() -> None:
    """One name, one meaning: a public function or class is defined in one module only."""
    where: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in parsed(path).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    assert {name: places for name, places in where.items() if len(places) > 1} == {}


SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\b\s+\S+.*\b(FROM|INTO|SET|TABLE|INDEX|WHERE)\b|\bPRAGMA\s+\w+"
)
READ_MODEL = PACKAGE / "files" / "readmodel"


def test_only_the_read_model_speaks_sql() -> None:
    """The read model's tables are known in files/readmodel/ alone: no command writes a query of its
    own or opens a database, and no other module imports sqlite3."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = parsed(path)
        where = str(path.relative_to(PACKAGE))
        if READ_MODEL not in path.parents and "sqlite3" in imported(tree):
            found.append(f"{where}: imports sqlite3")
        if path.is_relative_to(PACKAGE / "commands"):
            found += [
                f"{where}:{node.lineno}: SQL"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)
            ]
    assert found == []


def test_the_sql_check_sees_a_query() -> None:
    assert SQL.search("SELECT action, text FROM state WHERE defined = 1")
    assert SQL.search("PRAGMA user_version")
    assert SQL.search("delete from units where file = ?".upper())
    assert not SQL.search("Select the meeting from the list")


def test_every_record_says_what_it_is() -> None:
    """A dataclass without a docstring is given one from its signature, with inspect, at every
    import: a tenth of a millisecond a class that every command's start pays, and no help to a
    reader. Each says in a line what it holds instead."""
    silent = [
        f"{path.relative_to(PACKAGE)}: {node.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.ClassDef)
        and any("dataclass" in ast.unparse(d) for d in node.decorator_list)
        and ast.get_docstring(node) is None
    ]
    assert silent == []
