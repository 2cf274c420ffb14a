"""Topics proposed between meetings, from any clone: written as files of their own, listed, offered
after the attendance with the parked topics (none ticked), and decided once in the minutes."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.app.proposals import offers

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER, SPACE
from .test_sync import clone, git, git_env, sync  # noqa: F401 (git_env: a git of our own)
from .test_topics import agenda


def propose(where: Path, *args: str) -> tuple[int, str, str]:
    done = emptychair(where, "propose", *args)
    return done.returncode, done.stdout, done.stderr


def listed(where: Path, *args: str) -> list[dict[str, object]]:
    done = emptychair(where, "proposals", "--json", *args)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["proposals"]
    assert isinstance(found, list)
    return found


def test_a_proposal_is_a_file_of_its_own_and_listed(tmp_path: Path) -> None:
    agenda(tmp_path)
    code, out, _ = propose(tmp_path, "Hold music", "--time", "10", "--by", "Anna", "--note", "too loud")
    assert code == 0 and "Proposed for the next meeting: Hold music" in out
    (file,) = (tmp_path / "minutes").glob("*.proposal.toml")
    data = tomllib.loads(file.read_text("utf-8"))
    assert (data["title"], data["minutes"], data["by"], data["note"]) == (
        "Hold music",
        10,
        "Anna",
        "too loud",
    )
    assert "hold-music" in file.name
    (found,) = listed(tmp_path)
    assert (found["title"], found["minutes"], found["by"], found["outcome"]) == ("Hold music", 10, "Anna", "")
    text = emptychair(tmp_path, "proposals", "--minutes", str(tmp_path / "minutes")).stdout
    assert "Hold music  by Anna  10 min" in text and "too loud" in text
    # the minutes readers pass over it: no meeting, no broken file
    done = emptychair(tmp_path, "minutes", "list", "--minutes", str(tmp_path / "minutes"))
    assert "proposal" not in done.stderr


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_proposal_with_hostile_text_or_a_broken_file_is_handled_like_other_files(
    tmp_path: Path, language: str
) -> None:
    agenda(tmp_path, language=language)
    assert propose(tmp_path, "[bold]Loud[/] \x1b[2Jmusic\nnext line", "--by", "[red]Eve")[0] == 0
    folder = tmp_path / "minutes"
    (folder / "2026-11-20T090000-broken-aaaaaa.proposal.toml").write_text("title = [", "utf-8")
    (folder / "2026-11-20T090001-huge-aaaaaa.proposal.toml").write_text("x" * 200_000, "utf-8")
    done = emptychair(tmp_path, "proposals", "--minutes", str(folder))
    assert done.returncode == 0
    assert "[bold]Loud[/] ␛[2Jmusic next line" in done.stdout and "\x1b" not in done.stdout
    assert "broken-aaaaaa.proposal.toml" in done.stderr and "huge-aaaaaa" in done.stderr
    (found,) = listed(tmp_path)
    assert found["title"] == "[bold]Loud[/] \x1b[2Jmusic next line" and found["by"] == "[red]Eve"
    code, _, err = propose(tmp_path, "   ")
    assert code == 2 and err.count("\n") == 1
    code, _, err = propose(tmp_path, "x" * 300)
    assert code == 2 and "200" in err


def test_run_offers_proposals_after_the_attendance_none_ticked_and_decides_them_once(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    propose(tmp_path, "Hold music", "--time", "7", "--by", "Bram")
    propose(tmp_path, "Parking fees")
    propose(tmp_path, "Team outing")
    # attendance, guests; then none ticked: take up the first; keep the third, decline the second
    typed = [ENTER, ENTER, "n", SPACE + ENTER, SPACE + ENTER, "#end" + ENTER, "y"]  # n: no dots first
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    first = data["items"][0]
    assert (first["title"], first["presenter"], first["planned_minutes"]) == ("Hold music", "Bram", 7)
    assert [(p["title"], p["outcome"]) for p in data["proposals"]] == [
        ("Hold music", "taken"),
        ("Parking fees", "declined"),
    ]
    assert [p["title"] for p in listed(tmp_path)] == ["Team outing"]
    every = {p["title"]: p["outcome"] for p in listed(tmp_path, "--all")}
    assert every == {"Hold music": "taken", "Parking fees": "declined", "Team outing": ""}
    offered, _ = offers(tmp_path / "minutes")
    assert [o.title for o in offered] == ["Team outing"]  # never asked twice once decided

    with (
        pipe_keys() as pipe
    ):  # the items not reached taken up again; nothing taken, nothing unticked: it waits on
        typed = [ENTER, ENTER, "n", ENTER, ENTER, ENTER, "#end" + ENTER, "y"]
        data, _ = meet(path, pipe, typed, clock)
    assert data is not None and "proposals" not in data
    assert [p["title"] for p in listed(tmp_path)] == ["Team outing"]


def test_a_meeting_stopped_at_the_topics_resumes_there(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path, language="nl")
    propose(tmp_path, "Koffieautomaat")
    typed = [ENTER, ENTER, CTRL_C, DOWN + ENTER]  # Ctrl-C at the topics: save and stop
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        data, _ = meet(path, pipe, [SPACE + ENTER, "#einde" + ENTER, "j"], clock, resume=True)
    assert data is not None
    assert data["items"][0]["title"] == "Koffieautomaat"
    assert data["proposals"][0]["outcome"] == "taken"


GIT_AGENDA = """
title = "Weekly"
language = "en"
attendees = ["Anna", "Bram"]

[chair]
opening = false
closing = false
recognition = false

[git]
sync = true

[[items]]
title = "Planning"
minutes = 10
"""


def test_proposals_from_two_clones_meet_in_one_meeting_and_are_decided_in_both(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    git(tmp_path, "init", "--quiet", "--bare", "hub.git")
    seed = clone(tmp_path / "hub.git", "seed")
    (seed / "agenda.toml").write_text(GIT_AGENDA, "utf-8")
    git(seed, "add", "agenda.toml")
    git(seed, "commit", "--quiet", "-m", "the team's folder")
    git(seed, "push", "--quiet", "origin", "HEAD")
    a, b = clone(tmp_path / "hub.git", "a"), clone(tmp_path / "hub.git", "b")
    assert propose(a, "Hold music", "--by", "Anna")[0] == 0  # shared at once: [git] sync
    assert propose(b, "Parking fees", "--by", "Bram")[0] == 0
    assert sync(a)[0] == 0
    assert {p["title"] for p in listed(a)} == {"Hold music", "Parking fees"}
    first = listed(a)[0]["title"]
    typed = [ENTER, ENTER, "n", SPACE + ENTER, SPACE + ENTER, "#end" + ENTER, "y"]
    data, _ = meet(a / "agenda.toml", keys, typed, clock)  # synced after the meeting
    assert data is not None and data["items"][0]["title"] == first
    assert sync(b)[0] == 0
    assert listed(b) == []
    assert sorted(str(p["outcome"]) for p in listed(b, "--all")) == ["declined", "taken"]
    assert git(b, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("language", "heading", "taken", "declined"),
    [("en", "Proposals", "taken up", "declined"), ("nl", "Voorstellen", "opgepakt", "afgewezen")],
)
def test_what_was_taken_up_or_declined_reaches_show_the_exports_and_the_digest(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, heading: str, taken: str, declined: str
) -> None:
    path = agenda(tmp_path, language=language)
    propose(tmp_path, "Hold *music*")
    propose(tmp_path, "<b>Fees</b>")
    end, yes = ("#end", "y") if language == "en" else ("#einde", "j")
    typed = [ENTER, ENTER, "n", SPACE + ENTER, SPACE + ENTER, end + ENTER, yes + ENTER]
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    folder = ["--minutes", str(tmp_path / "minutes")]
    show = emptychair(tmp_path, "minutes", "show", *folder).stdout
    assert heading in show and f"Hold *music* — {taken}" in show and f"<b>Fees</b> — {declined}" in show
    md = emptychair(tmp_path, "minutes", "export", "--format", "md", *folder).stdout
    assert f"## {heading}" in md and f"Hold \\*music\\* — {taken}" in md
    page = emptychair(tmp_path, "minutes", "export", "--format", "html", *folder).stdout
    assert "&lt;b&gt;Fees&lt;/b&gt;" in page and "<b>Fees" not in page
    digest = emptychair(tmp_path, "digest", *folder).stdout
    assert heading in digest and f"<b>Fees</b> — {declined}" in digest
