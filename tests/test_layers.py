"""The folder says the layer: core/ is pure, and imports flow one way."""

from __future__ import annotations

import ast
import re
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
    "terminal": ("emptychair.commands", "emptychair.cli", "typer"),
}  # fmt: skip


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def imported(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
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
        for name in imported(ast.parse(path.read_text("utf-8")))
        if breaks(name, FORBIDDEN[layer])
    }
    assert sorted(found) == []


def test_core_does_no_input_or_output() -> None:
    found = []
    for path in modules("core"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
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


def test_no_two_modules_export_the_same_name() -> None:
    """One name, one meaning: a public function or class is defined in one module only."""
    where: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text("utf-8")).body:
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
        tree = ast.parse(path.read_text("utf-8"))
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
