from __future__ import annotations

import json
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from emptychair.core.minutes import Action

from .history import CHAIR_ACTION, ITEM_ACTION, meeting, write
from .inprocess import emptychair, invoke

# Whether an action is past its date is said against today: the listing reads the real clock.
pytestmark = pytest.mark.today
FUTURE = Action("fu7ure", "Plan the visit", "Chris", date.today() + timedelta(days=400))  # never past it


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, meeting(0, actions=(ITEM_ACTION, FUTURE), chair_actions=(CHAIR_ACTION,)), meeting(1))
    return tmp_path


def cli(folder: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(["actions", *args, "--minutes", str(folder)])
    return result.exit_code, result.stdout, result.stderr


def listed(folder: Path, *args: str) -> list[dict[str, object]]:
    code, out, _ = cli(folder, "--json", *args)
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    return list(data["actions"])


def test_json_lists_open_actions_field_by_field(folder: Path) -> None:
    rows = listed(folder)
    assert [r["id"] for r in rows] == ["it1bbb", "fu7ure", "ch1aaa"]  # by due date, none last
    assert rows[0] == {
        "id": "it1bbb",
        "text": "Fix the FAQ",
        "owner": "Anna",
        "due": "2026-11-01",
        "status": "open",
        "overdue": True,
        "age_meetings": 1,
        "origin": "item",
        "source": "Feedback",
        "question": "",
        "meeting": "2026-10-26-weekly",
        "made": "2026-10-26T09:00:00+01:00",
        "closed": None,
        "conflict": [],
        "link": "",
    }
    assert rows[2]["origin"] == "chair" and rows[2]["source"] == "irritates"
    assert rows[2]["question"] == "Which of our behaviours irritates our customer?"
    assert rows[2]["due"] is None and rows[2]["overdue"] is False


def test_filters(folder: Path) -> None:
    assert [r["id"] for r in listed(folder, "--owner", "anna")] == ["it1bbb"]
    assert [r["id"] for r in listed(folder, "--overdue")] == ["it1bbb"]


def test_done_writes_a_follow_up_and_all_shows_it(folder: Path) -> None:
    code, _, err = cli(folder, "done", "it1", "--note", "FAQ fixed")
    assert code == 0 and "it1bbb “Fix the FAQ”: done" in err
    (path,) = folder.glob("*.followup.toml")
    record = tomllib.loads(path.read_text("utf-8"))["followups"][0]
    assert (record["action"], record["status"], record["note"]) == ("it1bbb", "done", "FAQ fixed")
    assert [r["id"] for r in listed(folder)] == ["fu7ure", "ch1aaa"]
    closed = {r["id"]: r for r in listed(folder, "--all")}["it1bbb"]
    assert closed["status"] == "done" and closed["closed"] is not None and closed["overdue"] is False
    assert sorted(p.name for p in folder.glob("2026-1*-weekly.toml")) == [
        "2026-10-26-weekly.toml",
        "2026-11-02-weekly.toml",
    ]


def test_drop_reassign_and_due(folder: Path) -> None:
    assert cli(folder, "drop", "fu7ure", "--reason", "not needed")[0] == 0
    assert cli(folder, "reassign", "ch1", "Dewi")[0] == 0
    code, _, err = cli(folder, "due", "ch1aaa", "2026-12-24")
    assert code == 0 and "due Thu 24 Dec 2026" in err
    rows = {r["id"]: r for r in listed(folder, "--all")}
    assert rows["fu7ure"]["status"] == "dropped"
    assert (rows["ch1aaa"]["owner"], rows["ch1aaa"]["due"]) == ("Dewi", "2026-12-24")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "xx9"), "no action with id 'xx9'"),
        (("done", "it1bbx"), "no action with id 'it1bbx'; closest: it1bbb"),
        (("drop", "it1"), "a dropped action needs a reason: --reason TEXT"),
        (("due", "it1", "someday"), "cannot read 'someday' as a date"),
    ],
)
def test_bad_follow_ups_are_one_line(folder: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = cli(folder, *args)
    assert (code, out) == (2, "") and err.startswith(f"emptychair: {message}") and err.count("\n") == 1
    assert list(folder.glob("*.followup.toml")) == []


def test_closing_a_closed_action_is_refused(folder: Path) -> None:
    cli(folder, "done", "it1")
    code, _, err = cli(folder, "done", "it1")
    assert code == 2 and "action it1bbb is already done" in err


def test_plain_listing_shows_the_columns(folder: Path) -> None:
    code, out, _ = cli(folder)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "action", "owner", "due", "open", "since", "from"]
    assert lines[1].startswith("it1bbb") and "Sun 1 Nov 2026" in lines[1]


@pytest.mark.parametrize(
    ("lang", "args", "said"),
    [
        ("en_GB.UTF-8", ["--overdue"], "No overdue actions."),
        ("nl_NL.UTF-8", ["--overdue"], "Geen verlopen acties."),
        ("en_GB.UTF-8", [], "No open actions."),
        ("nl_NL.UTF-8", ["--owner", "Chris", "--overdue"], "Geen verlopen acties."),
    ],
)
def test_a_listing_with_nothing_in_it_says_so_instead_of_a_bare_header(
    tmp_path: Path, lang: str, args: list[str], said: str
) -> None:
    write(tmp_path, meeting(0, actions=(FUTURE,) if args else ()))
    env = {"LANG": lang, "NO_COLOR": "1"}
    for terminal in (False, True):  # through a pipe, and at a terminal: the same words, and no table
        done = emptychair(tmp_path, "actions", *args, "--minutes", str(tmp_path), env=env, terminal=terminal)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", said + "\n")
