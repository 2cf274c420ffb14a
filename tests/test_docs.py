"""The README keeps its promises: the two commands at the top, and every command documented."""

from __future__ import annotations

import re

import typer

from emptychair.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)


def commands(group: typer.Typer) -> list[str]:
    found = []
    root = typer.main.get_command(group)
    stack = [("", root)]
    while stack:
        prefix, command = stack.pop()
        children = getattr(command, "commands", {})
        for name, child in children.items():
            stack.append((f"{prefix}{name} ", child))
        if not children and prefix:
            found.append(prefix.strip())
    return sorted(found)


def test_the_readme_starts_with_run_and_test() -> None:
    run, test = BLOCKS[0].strip(), BLOCKS[1].strip()
    assert "pip install . " in run and run.endswith("emptychair run examples/agenda.toml")
    assert "pip install -e '.[test]'" in test and test.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    assert BLOCKS[1].strip() in (ROOT / ".ci" / "run").read_text("utf-8")


def test_every_command_is_in_the_readme() -> None:
    names = commands(app)
    assert {"init", "run", "agenda check"} <= set(names)
    missing = [name for name in names if f"emptychair {name}" not in README]
    assert missing == []
