"""The suite itself: it decides its own environment, and a run that leaves something in the user's
home fails. Shown on a run of the suite's own conftest, started as a user would start it."""

from __future__ import annotations

import ast
import re
import signal
from datetime import date
from pathlib import Path

import pytest

from .conftest import ROOT, coming, shown

pytest_plugins = ("pytester",)

INNER = """
import json, os, subprocess, sys
from pathlib import Path

EXE = Path(sys.executable).with_name("emptychair")
CHILD = "import json, os; print(json.dumps(dict(os.environ)))"


def test_the_users_shell_does_not_reach_a_test_nor_its_children():
    child = json.loads(subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True).stdout)
    for env in (os.environ, child):
        assert [k for k in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "LC_ALL", "PAGER", "GIT_DIR") if k in env] == []
        assert (env["TERM"], env["LANG"]) == ("xterm-256color", "C.UTF-8")
        homes = ("HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
        assert [k for k in homes if env[k].startswith(os.environ["USERS_HOME"])] == []
    os.environ["PAGER"] = "less"  # code under test may change the environment itself


def test_a_child_can_be_stopped_with_ctrl_c():  # the suite was started with Ctrl-C ignored
    handler = "import signal; print(signal.getsignal(signal.SIGINT).__name__)"
    said = subprocess.run([sys.executable, "-c", handler], capture_output=True, text=True).stdout
    assert said.strip() == "default_int_handler"


def test_the_next_test_starts_from_the_same_environment():
    assert "PAGER" not in os.environ


def test_a_child_given_the_users_home_writes_into_it(tmp_path):
    (tmp_path / "minutes").mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": os.environ["USERS_HOME"]}  # the session's home forgotten
    subprocess.run([EXE, "actions", "--minutes", str(tmp_path / "minutes")], env=env, check=True)


def test_another_program_writes_into_the_users_cache_meanwhile():
    (Path(os.environ["USERS_HOME"]) / ".cache" / "emptychair" / "0123456789abcdef0123.sqlite3").write_text("")
"""


def test_the_suite_sets_its_environment_and_fails_a_run_that_writes_into_the_users_home(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    (user / ".cache" / "emptychair").mkdir(parents=True)
    (user / ".cache" / "emptychair" / "fedcba9876543210fedc.sqlite3").write_text("the user's own")
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text("utf-8"))
    pytester.makepyfile(test_inner=INNER)
    shell = {"HOME": str(user), "USERS_HOME": str(user), "NO_COLOR": "1", "FORCE_COLOR": "1", "COLUMNS": "80",
             "LINES": "20", "LC_ALL": "nl_NL.UTF-8", "PAGER": "most", "GIT_DIR": str(tmp_path)}  # fmt: skip
    for name, value in shell.items():
        monkeypatch.setenv(name, value)
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name)  # the user's shell sets none of them: the folders are in their home

    # started in the background of a script (`pytest &`): Ctrl-C comes in ignored
    ignored = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist")
    finally:
        signal.signal(signal.SIGINT, ignored)
    result.assert_outcomes(passed=5)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    cache = user / ".cache" / "emptychair"
    named = re.findall(r"changed by this run: (\S+)", result.stdout.str())
    (leak,) = [Path(name) for name in named if name.endswith(".sqlite3")]  # not the other program's file
    assert leak.parent == cache and leak.name != "0123456789abcdef0123.sqlite3"
    made = {leak.name, f"{leak.name}.lock"}  # the lock a first build puts its database in place under
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        ["0123456789abcdef0123.sqlite3", "fedcba9876543210fedc.sqlite3", *made]
    )


def test_no_test_undoes_the_isolation_its_fixtures_set_up() -> None:
    """`monkeypatch.undo()` undoes every patch of the test, the autouse fixtures' own cache and state
    folders too: a test undoes only its own patches, with `monkeypatch.context()`."""
    found = [
        f"{path.name}:{node.lineno}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "undo"
        and isinstance(node.func.value, ast.Name) and node.func.value.id == "monkeypatch"
    ]  # fmt: skip
    assert found == []


@pytest.mark.parametrize(
    ("today", "friday"),
    [
        (date(2026, 11, 26), date(2026, 11, 27)),  # a Thursday: the next day
        (date(2027, 12, 31), date(2028, 1, 7)),  # a Friday: never today itself, a week on, a new year
        (date(2027, 2, 28), date(2027, 3, 5)),  # a Sunday at the end of February
        (date(2028, 2, 26), date(2028, 3, 3)),  # a Saturday: past the leap day
    ],
)
def test_the_expected_friday_is_the_next_one_after_today(today: date, friday: date) -> None:
    assert coming(4, today) == friday
    assert shown(friday) == f"Fri {friday.day} {friday:%b} {friday.year}"
