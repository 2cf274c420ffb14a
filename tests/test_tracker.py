"""`actions push` and `actions pull`: issues in GitHub or GitLab through gh and glab on PATH."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.minutes import Action

from .conftest import CET, EXAMPLE, Clock, meet
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, write
from .keys import ENTER
from .standins import Tracker, on_path
from .test_options import runs
from .test_readside import cli

LATER = Action("lt3ccc", "Call the three customers", "Chris", date(2099, 1, 8))

AGENDA = """
title = "Weekly"
language = "{lang}"
attendees = ["Anna", "Bram", "Chris"]

[people]
Anna = {{ github = "anna-s", gitlab = "anna", email = "anna@example.org" }}
Bram = {{ github = "bvdb", email = "bram@example.org" }}

[tracker]
to = "{to}"

[[items]]
title = "Feedback"
minutes = 10
"""


@pytest.fixture
def trackers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Tracker, Tracker]:
    return on_path(tmp_path, monkeypatch)


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team folder whose agenda names GitHub, with two meetings' minutes; the commands run in it."""
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "agenda.toml").write_text(AGENDA.format(lang="en", to="github:acme/support"), "utf-8")
    write(
        folder / "minutes",
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)),
        meeting(1, actions=(LATER,)),
    )
    monkeypatch.chdir(folder)
    return folder


def followups(team: Path) -> list[dict[str, object]]:
    found = []
    for path in sorted((team / "minutes").glob("*.followup.toml")):
        found += tomllib.loads(path.read_text("utf-8"))["followups"]
    return found


def listed(*args: str) -> dict[str, dict[str, object]]:
    code, out, err = cli("actions", "--all", "--json", *args)
    assert code == 0, err
    return {a["id"]: a for a in json.loads(out)["actions"]}


def test_push_makes_one_issue_per_action_and_keeps_its_link(
    team: Path, trackers: tuple[Tracker, Tracker]
) -> None:
    gh, _ = trackers
    code, _, err = cli("actions", "push", "it1", "ch1")
    assert code == 0, err
    assert err.splitlines() == [
        "it1bbb “Fix the FAQ” → https://github.com/acme/support/issues/1",
        "ch1aaa “Send invoices by mail” → https://github.com/acme/support/issues/2",
    ]
    first, second = gh.calls
    assert first[:7] == ["issue", "create", "--repo", "acme/support", "--title", "Fix the FAQ", "--body"]
    assert first[8:] == ["--assignee", "anna-s"]  # Anna's login from [people]
    body = first[7]
    assert "Meeting: Weekly, Mon 26 Oct 2026" in body and "Item: Feedback" in body
    assert "Owner: Anna" in body and "Due: Sun 1 Nov 2026" in body and "`it1bbb`" in body
    assert (
        "The customer on the empty chair asked: Which of our behaviours irritates our customer?" in second[7]
    )
    assert second[8:] == ["--assignee", "bvdb"]
    record, _ = followups(team)
    assert record["link"] == "https://github.com/acme/support/issues/1" and record["status"] == "open"
    assert "owner" not in record and "due" not in record  # a link changes nothing else
    shown = listed()
    assert shown["it1bbb"]["link"] == "https://github.com/acme/support/issues/1"
    assert (shown["it1bbb"]["status"], shown["it1bbb"]["owner"], shown["it1bbb"]["due"]) == (
        "open",
        "Anna",
        "2026-11-01",
    )
    assert shown["lt3ccc"]["link"] == ""
    text = cli("actions")[1]
    assert "Issue" in text and "https://github.com/acme/support/issues/2" in text


def test_pushing_again_makes_no_second_issue(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    gh, _ = trackers
    assert cli("actions", "push", "it1")[0] == 0
    code, _, err = cli("actions", "push", "it1", "lt3", "it1bbb")
    assert code == 0, err
    assert err.splitlines() == [
        "it1bbb “Fix the FAQ” is in the tracker already: https://github.com/acme/support/issues/1",
        "lt3ccc “Call the three customers” → https://github.com/acme/support/issues/2",
    ]
    assert len(gh.issues) == 2 and len(followups(team)) == 2


def test_gitlab_through_glab_with_the_due_date(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    _, glab = trackers
    code, _, err = cli("actions", "push", "it1", "--to", "gitlab:acme/support/desk")
    assert code == 0, err
    assert err.strip() == "it1bbb “Fix the FAQ” → https://gitlab.com/acme/support/desk/-/issues/1"
    (call,) = glab.calls
    assert call[:6] == ["issue", "create", "--repo", "acme/support/desk", "--title", "Fix the FAQ"]
    assert call[8:] == ["--yes", "--assignee", "anna", "--due-date", "2026-11-01"]
    glab.close("https://gitlab.com/acme/support/desk/-/issues/1", "2026-11-25T10:00:00.000Z")
    code, _, err = cli("actions", "pull")
    assert code == 0, err
    assert listed()["it1bbb"]["status"] == "done"
    assert glab.calls[-1] == [
        "issue",
        "view",
        "https://gitlab.com/acme/support/desk/-/issues/1",
        "--output",
        "json",
    ]


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("logged-out", "emptychair: gh is not logged in: log in with: gh auth login, and push again"),
        ("no-repo", "emptychair: github:acme/support does not exist, or gh is not allowed to see it"),
        ("offline", "emptychair: gh cannot reach its server: is there a network?"),
    ],
)
def test_a_tracker_that_refuses_is_one_line_and_records_nothing(
    team: Path, trackers: tuple[Tracker, Tracker], mode: str, said: str
) -> None:
    gh, _ = trackers
    gh.answer(mode)
    code, out, err = cli("actions", "push", "it1")
    assert (code, out, err) == (2, "", said + "\n")
    assert followups(team) == [] and listed()["it1bbb"]["link"] == ""


def test_glab_refusals_are_told_apart_too(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    _, glab = trackers
    for mode, word in (
        ("logged-out", "not logged in"),
        ("no-repo", "does not exist"),
        ("offline", "network"),
    ):
        glab.answer(mode)
        code, _, err = cli("actions", "push", "it1", "--to", "gitlab:acme/nope")
        assert code == 2 and word in err and len(err.splitlines()) == 1, err


def test_no_gh_on_the_path_is_one_line(team: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = cli("actions", "push", "it1")
    assert (code, err) == (
        2,
        "emptychair: gh is not installed: install it, log in with: gh auth login, and push again\n",
    )
    assert followups(team) == []


def test_the_issues_made_before_a_failure_keep_their_links(
    team: Path, trackers: tuple[Tracker, Tracker]
) -> None:
    gh, _ = trackers
    gh.answer("ok", fail_after=1)
    code, _, err = cli("actions", "push", "it1", "ch1", "lt3")
    assert code == 2
    assert err == (
        "emptychair: gh cannot reach its server: is there a network? (1 issue was made before that, its link "
        "is recorded: it1bbb)\n"
    )
    assert [f["action"] for f in followups(team)] == ["it1bbb"]
    gh.answer("ok")
    code, _, err = cli("actions", "push", "it1", "ch1", "lt3")
    assert code == 0 and "already" in err.splitlines()[0]
    assert len(gh.issues) == 3  # the first was not made twice


def test_refused_before_anything_is_made(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    gh, _ = trackers
    assert cli("actions", "done", "lt3")[0] == 0
    code, _, err = cli("actions", "push", "it1", "lt3")
    assert (code, err) == (2, "emptychair: lt3ccc is done: only open actions go to the tracker\n")
    code, _, err = cli("actions", "push", "it1", "--to", "jira:ACME")
    assert code == 2 and "'jira:ACME' is no tracker" in err
    assert gh.calls == []


def test_without_a_tracker_it_says_how_to_name_one(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    (team / "agenda.toml").write_text(
        AGENDA.format(lang="nl", to="github:acme/support").replace('to = "github:acme/support"\n', ""),
        "utf-8",
    )
    code, _, err = cli("actions", "push", "it1")
    assert code == 2
    assert err.startswith("emptychair: geen tracker om naartoe te sturen: geef --to github:EIGENAAR/REPO")


def test_pull_closes_the_actions_whose_issue_is_closed(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    gh, _ = trackers
    assert cli("actions", "push", "it1", "ch1")[0] == 0
    gh.close("https://github.com/acme/support/issues/1", "2026-11-25T10:00:00Z")
    code, _, err = cli("actions", "pull")
    assert code == 0, err
    assert err.splitlines() == [
        "Asked the tracker about 2 pushed open actions; closed there: 1",
        "it1bbb “Fix the FAQ”: done, its issue was closed on Wed 25 Nov 2026",
    ]
    shown = listed()
    assert shown["it1bbb"]["status"] == "done" and shown["ch1aaa"]["status"] == "open"
    closed = datetime.fromisoformat(str(shown["it1bbb"]["closed"]))
    assert closed == datetime(2026, 11, 25, 10, 0, tzinfo=CET) + timedelta(hours=1)  # the tracker's moment
    done = [f for f in followups(team) if f["status"] == "done"]
    assert done[0]["note"] == "issue closed on Wed 25 Nov 2026"
    assert sorted(gh.calls[-2:]) == [
        ["issue", "view", "https://github.com/acme/support/issues/1", "--json", "state,closedAt"],
        ["issue", "view", "https://github.com/acme/support/issues/2", "--json", "state,closedAt"],
    ]
    code, _, err = cli("actions", "pull")  # the closed one is not asked again
    assert code == 0 and err.startswith("Asked the tracker about 1 pushed open action;")


def test_pull_with_nothing_pushed_asks_nothing(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    gh, _ = trackers
    assert cli("actions", "pull") == (0, "", "No open action has an issue: nothing to ask the tracker.\n")
    assert gh.calls == []


def test_pull_that_fails_writes_nothing(team: Path, trackers: tuple[Tracker, Tracker]) -> None:
    gh, _ = trackers
    assert cli("actions", "push", "it1", "ch1")[0] == 0
    gh.close("https://github.com/acme/support/issues/1", "2026-11-25T10:00:00Z")
    gh.answer("offline")
    before = followups(team)
    code, _, err = cli("actions", "pull")
    assert (code, err) == (2, "emptychair: gh cannot reach its server: is there a network?\n")
    assert followups(team) == before


def test_a_close_older_than_the_last_word_on_the_action_is_recorded_now(
    team: Path, trackers: tuple[Tracker, Tracker]
) -> None:
    """A follow-up written after the issue was closed must not be overtaken by the close."""
    gh, _ = trackers
    assert cli("actions", "push", "lt3")[0] == 0
    assert cli("actions", "due", "lt3", "2099-02-01")[0] == 0
    gh.close("https://github.com/acme/support/issues/1", "2026-01-01T10:00:00Z")
    assert cli("actions", "pull")[0] == 0
    shown = listed()["lt3ccc"]
    assert shown["status"] == "done" and shown["due"] == "2099-02-01"
    assert str(shown["closed"]) > "2026-01-02"


MEETING_TRACKER = """
[people]
Anna = { github = "anna-s" }

[tracker]
to = "github:acme/support"
"""


def a_meeting(
    tmp_path: Path, keys: PipeInput, clock: Clock, lines: list[str], extra: str = "", answer: str = "y"
) -> tuple[Path, str]:
    agenda = tmp_path / "meeting" / "agenda.toml"
    agenda.parent.mkdir()
    agenda.write_text(EXAMPLE.read_text("utf-8") + MEETING_TRACKER + extra, "utf-8")
    opening = [ENTER, ENTER, "They wait", ENTER, ENTER, ENTER]
    closing = ["#end", ENTER, "y" + ENTER, ENTER, ENTER]  # the Enter after the key, by habit: dropped
    written, shown = meet(agenda, keys, [*opening, *lines, *closing, answer], clock)
    assert written is not None
    return agenda.parent / "minutes", " ".join(shown.split())


@runs("#gh")
def test_an_action_marked_gh_goes_to_the_tracker_after_the_meeting(
    tmp_path: Path, keys: PipeInput, clock: Clock, trackers: tuple[Tracker, Tracker]
) -> None:
    gh, _ = trackers
    lines = ["#action @an call the three customers #gh", ENTER, "#action @bram write the note", ENTER]
    folder, shown = a_meeting(tmp_path, keys, clock, lines)
    assert "to the tracker" in shown  # the echo says it was understood
    (call,) = gh.calls
    assert call[5] == "call the three customers" and call[8:] == ["--assignee", "anna-s"]
    (minutes,) = [p for p in folder.glob("2026-*.toml") if not p.name.endswith(".followup.toml")]
    made = tomllib.loads(minutes.read_text("utf-8"))["items"][0]["actions"]
    assert [a.get("tracker", False) for a in made] == [True, False]  # the minutes say what was asked
    (record,) = followups(folder.parent)
    assert record["link"] == "https://github.com/acme/support/issues/1" and record["action"] == made[0]["id"]
    assert f"{made[0]['id']} “call the three customers” → https://github.com/acme/support/issues/1" in shown


def test_push_ask_offers_every_action_and_a_failure_says_how_to_push_later(
    tmp_path: Path, keys: PipeInput, clock: Clock, trackers: tuple[Tracker, Tracker]
) -> None:
    gh, _ = trackers
    gh.answer("logged-out")
    lines = ["#action @an call the customers", ENTER, "#action @bram write the note", ENTER]
    folder, shown = a_meeting(tmp_path, keys, clock, lines, extra='push = "ask"\n')
    (minutes,) = [p for p in folder.glob("2026-*.toml") if not p.name.endswith(".followup.toml")]
    ids = " ".join(a["id"] for a in tomllib.loads(minutes.read_text("utf-8"))["items"][0]["actions"])
    assert (
        f"Not pushed: gh is not logged in: log in with: gh auth login, and push again; the minutes are written. Push them later with: emptychair actions push {ids}"
        in shown
    )
    assert followups(folder.parent) == []


def test_no_to_the_question_pushes_nothing_and_says_how_to(
    tmp_path: Path, keys: PipeInput, clock: Clock, trackers: tuple[Tracker, Tracker]
) -> None:
    gh, _ = trackers
    folder, shown = a_meeting(tmp_path, keys, clock, ["#gh @an call the customers", ENTER], answer="n")
    (minutes,) = [p for p in folder.glob("2026-*.toml") if not p.name.endswith(".followup.toml")]
    (made,) = tomllib.loads(minutes.read_text("utf-8"))["items"][0]["actions"]
    assert (made["text"], made["owner"], made["tracker"]) == ("call the customers", "Anna", True)
    assert f"Not pushed; later with: emptychair actions push {made['id']}" in shown
    assert gh.calls == [] and followups(folder.parent) == []
