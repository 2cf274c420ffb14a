"""The minutes folder shared in git: two clones and a bare repository, no network.

Each clone holds meetings and follow-ups made the same day; synced in either order, both end with
the same files and the same ledger. Failures (no git, no repository, no remote, a remote that
cannot be reached, a conflict in a minutes file) are one line, and nothing written is lost.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.clock import now as wall
from emptychair.core.minutes import Action, FollowUp
from emptychair.files import git as git_files
from emptychair.files.folder import Folder
from emptychair.files.readmodel import open_library
from emptychair.terminal.run import run_meeting

from .conftest import EXAMPLE, Clock, screen
from .history import meeting, monday
from .test_options import runs
from .test_order import SHORT_REST
from .test_readside import cli
from .test_run import WHOLE_MEETING

SHARED = Action("sh1aaa", "Answer the tender", "Anna", date(2026, 11, 13))
AGENDA = EXAMPLE.read_text("utf-8") + "\n[git]\nsync = true\n"


@pytest.fixture(autouse=True)
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git of our own: a known author, no user or system configuration."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Chair Tester")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "chair@example.org")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, check=True)
    return done.stdout


def clone(hub: Path, name: str) -> Path:
    git(hub.parent, "clone", "--quiet", str(hub), name)
    return hub.parent / name


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_hub(tmp_path)


def make_hub(tmp_path: Path, agenda: str = AGENDA) -> Path:
    """A bare repository the team shares, seeded with an agenda and one meeting holding an action."""
    git(tmp_path, "init", "--quiet", "--bare", "hub.git")
    seed = clone(tmp_path / "hub.git", "seed")
    (seed / "agenda.toml").write_text(agenda, "utf-8")
    Folder(seed / "minutes").write_minutes(meeting(0, actions=(SHARED,)))
    git(seed, "add", "agenda.toml", "minutes")
    git(seed, "commit", "--quiet", "-m", "the team's folder")
    git(seed, "push", "--quiet", "origin", "HEAD")
    return tmp_path / "hub.git"


def sync(where: Path) -> tuple[int, str]:
    code, out, err = cli("sync", "--minutes", str(where / "minutes"))
    assert out == ""
    return code, err


def files(where: Path) -> list[str]:
    return sorted(p.name for p in (where / "minutes").glob("*.toml"))


def ledger(where: Path) -> list[tuple[str, str, str, str]]:
    return [
        (t.action.id, t.action.status, t.action.owner, str(t.action.due))
        for t in open_library(where / "minutes").ledger.actions
    ]


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_two_clones_end_with_the_same_files_and_ledger(
    hub: Path, order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clone(hub, "a"), clone(hub, "b")
    same_day = monday(1)
    for where, action, owner in ((a, "aa2bbb", "Bram"), (b, "bb3ccc", "Chris")):
        # the same title on the same day in both clones, and a follow-up of the same action
        made = meeting(1, actions=(Action(action, f"Task of {owner}", owner),))
        later = FollowUp("sh1aaa", same_day + timedelta(hours=2), "open", owner=owner)
        Folder(where / "minutes").write_minutes(replace(made, followups=(later,)))
        monkeypatch.chdir(where)  # agenda.toml here says [git] sync = true: the follow-up is shared
        code, _, err = cli("actions", "due", "sh1aaa", "2026-12-01")
        assert code == 0 and "shared with origin" in err, err
        assert git(where, "status", "--porcelain") == ""  # the meeting and the follow-up are committed
    first, second = (a, b) if order == "ab" else (b, a)
    for where in (first, second, first):
        code, err = sync(where)
        assert code == 0, err
    assert files(a) == files(b) and len(files(a)) == 5  # the seed, two meetings, two follow-up files
    assert git(a, "status", "--porcelain") == git(b, "status", "--porcelain") == ""
    assert ledger(a) == ledger(b)
    assert {row[0] for row in ledger(a)} == {"sh1aaa", "aa2bbb", "bb3ccc"}
    subjects = git(a, "log", "--format=%s")
    assert "emptychair: minutes 2026-11-02-weekly-" in subjects and "1 follow-up" in subjects


def test_sync_with_nothing_new_says_so(hub: Path) -> None:
    a = clone(hub, "a")
    assert sync(a) == (0, "Up to date with origin; nothing new to commit.\n")


@pytest.mark.parametrize(
    ("lang", "brought", "both"),
    [
        ("en", "Brought in 1 commit the team pushed to origin; nothing new to commit here.\n",
         "1 new file committed and shared with origin.\nBrought in 1 commit the team pushed to origin.\n"),
        ("nl", "1 commit binnengehaald die het team naar origin pushte; hier niets nieuws om te committen.\n",
         "1 nieuw bestand gecommit en gedeeld met origin.\n1 commit binnengehaald die het team naar origin pushte.\n"),
    ],
)  # fmt: skip
def test_a_sync_that_brought_in_the_others_commits_says_so(
    tmp_path: Path, lang: str, brought: str, both: str
) -> None:
    hub = make_hub(tmp_path, AGENDA.replace('language = "en"', f'language = "{lang}"'))  # the team's
    a, b, c = clone(hub, "a"), clone(hub, "b"), clone(hub, "c")
    Folder(a / "minutes").write_minutes(meeting(1))
    assert sync(a)[0] == 0
    assert sync(b) == (0, brought)  # not "nothing new": a's meeting is here now
    assert len(files(b)) == 2
    Folder(c / "minutes").write_minutes(meeting(2))
    # a's meeting alone: b's commit of the folder's .gitignore became empty on a's, which holds one
    # too, and c's own commit, rebased and pushed, is not one it brought in
    assert sync(c) == (0, both)
    assert sync(c)[1].startswith(("Up to date", "Bij met"))


def test_a_conflict_in_a_minutes_file_is_never_resolved(hub: Path) -> None:
    a, b = clone(hub, "a"), clone(hub, "b")
    (past,) = (a / "minutes").glob("2026-10-26-*.toml")
    for where, said in ((a, "Anna"), (b, "Bram")):  # someone edited past minutes in each clone
        edited = where / "minutes" / past.name
        edited.write_text(edited.read_text("utf-8").replace('team = "Support"', f'team = "{said}"'), "utf-8")
        git(where, "commit", "--quiet", "-am", "edit")
    assert sync(a)[0] == 0
    code, err = sync(b)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"conflict in minutes/{past.name}" in err and f"look with: git -C {b} status" in err
    text = (b / "minutes" / past.name).read_text("utf-8")
    assert "<<<<<<<" in text  # as git left it: nothing chosen for the team
    assert sync(b)[0] == 2  # and it stays stopped until someone looks


def test_a_stopped_rebase_is_seen_in_a_work_tree_whose_git_folder_has_a_newline_in_its_path(
    hub: Path,
) -> None:
    """git names a linked work tree's git folder by its whole path, which may hold any byte."""
    a = clone(hub, "a")
    odd = hub.parent / "odd\nfolder"
    odd.mkdir()
    b = clone(hub, "odd\nfolder/b")
    tree = hub.parent / "tree"
    git(b, "worktree", "add", "--quiet", "-b", "elsewhere", str(tree), "origin/master")
    git(tree, "branch", "--quiet", "--set-upstream-to", "origin/master")
    (past,) = (a / "minutes").glob("2026-10-26-*.toml")
    for where, said in ((a, "Anna"), (tree, "Bram")):
        edited = where / "minutes" / past.name
        edited.write_text(edited.read_text("utf-8").replace('team = "Support"', f'team = "{said}"'), "utf-8")
        git(where, "commit", "--quiet", "-am", "edit")
    assert sync(a)[0] == 0
    for _ in range(2):  # stopped by this sync, then found stopped by the next
        code, err = sync(tree)
        assert code == 2 and f"conflict in minutes/{past.name}" in err
    assert "<<<<<<<" in (tree / "minutes" / past.name).read_text("utf-8")


def test_no_remote_commits_here_and_says_how_to_add_one(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    Folder(tmp_path / "minutes").write_minutes(meeting(0))
    code, err = sync(tmp_path)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "1 new file committed here" in err and "remote add origin URL" in err
    assert git(tmp_path, "log", "--format=%s").startswith("emptychair: minutes 2026-10-26-weekly-")


def test_not_a_repository_and_no_git_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Folder(tmp_path / "minutes").write_minutes(meeting(0))
    code, err = sync(tmp_path)
    assert code == 2 and "is not in a git repository" in err and len(err.splitlines()) == 1
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    code, err = sync(tmp_path)
    assert (code, err) == (2, "emptychair: git is not installed; the minutes stay in this folder only\n")


def test_an_unreachable_remote_names_the_command(hub: Path) -> None:
    a = clone(hub, "a")
    git(a, "remote", "set-url", "origin", str(hub.parent / "gone.git"))
    Folder(a / "minutes").write_minutes(meeting(1))
    code, err = sync(a)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "git fetch --quiet origin failed" in err and f"git -C {a} status" in err
    assert git(a, "status", "--porcelain") == ""  # committed here: shared at the next sync


@runs("git.sync")
def test_run_pulls_before_and_syncs_after(hub: Path, keys: PipeInput, clock: Clock) -> None:
    a, b = clone(hub, "a"), clone(hub, "b")
    Folder(b / "minutes").write_minutes(meeting(1))
    assert sync(b)[0] == 0
    written = drive(a, keys, clock)
    assert written is not None and written.is_file()
    assert set(files(a)) >= set(files(b))  # what b shared was pulled before the meeting
    assert git(a, "status", "--porcelain") == ""
    assert written.name in git(hub, "ls-tree", "--name-only", "HEAD", "minutes/").replace("minutes/", "")


def test_a_meeting_is_written_when_the_remote_cannot_be_reached(
    hub: Path, keys: PipeInput, clock: Clock
) -> None:
    a = clone(hub, "a")
    git(a, "remote", "set-url", "origin", str(hub.parent / "gone.git"))
    err, said = screen()
    written = drive(a, keys, clock, err)
    assert written is not None and tomllib.loads(written.read_text("utf-8"))["title"]
    shown = said.getvalue()
    assert shown.count("Not shared: git fetch --quiet origin failed") == 2  # before and after


def drive(team: Path, keys: PipeInput, clock: Clock, err: object = None) -> Path | None:
    pass_over = "p"  # the seed's open action, passed over at the follow-up after the attendance
    keys.send_text("".join([*WHOLE_MEETING[:2], pass_over, *WHOLE_MEETING[2:]]))
    keys.close()
    out, _ = screen()
    console = err if err is not None else screen()[0]
    return run_meeting(team / "agenda.toml", out, console, clock=clock)  # type: ignore[arg-type]


def test_git_sync_in_the_agenda_is_checked(tmp_path: Path) -> None:
    (tmp_path / "agenda.toml").write_text(
        EXAMPLE.read_text("utf-8") + '\n[git]\nsync = "yes"\nmore = 1\n', "utf-8"
    )
    code, out, _ = cli("agenda", "check", str(tmp_path / "agenda.toml"))
    assert code == 2 and "git.sync" in out + _ and "more" in out + _


def test_git_is_here() -> None:
    assert shutil.which("git")  # CI installs it when missing: these tests must never be skipped


def test_a_push_that_another_clone_beat_is_rebased_and_pushed_again(hub: Path) -> None:
    a, b = clone(hub, "a"), clone(hub, "b")
    Folder(b / "minutes").write_minutes(meeting(1, actions=(Action("bb3ccc", "From b", "Bram"),)))
    git(b, "add", "minutes")
    git(b, "commit", "--quiet", "-m", "b's meeting")
    # b pushes while a is pushing: after a has fetched and rebased, before its push lands
    hook = a / ".git" / "hooks" / "pre-push"
    hook.write_text(f'#!/bin/sh\nrm -f "$0"\ngit -C {b} push --quiet origin HEAD\n', "utf-8")
    hook.chmod(0o755)
    Folder(a / "minutes").write_minutes(meeting(1, actions=(Action("aa2bbb", "From a", "Anna"),)))
    code, err = sync(a)
    assert code == 0, err
    assert not hook.exists()  # the hook ran, once
    assert git(a, "rev-parse", "HEAD") == git(hub, "rev-parse", "HEAD")
    assert {row[0] for row in ledger(a)} == {"sh1aaa", "aa2bbb", "bb3ccc"}


# --- the order of follow-ups made in two clones --------------------------------------------------


def test_a_clock_two_days_ahead_does_not_outrank_a_later_reopen(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clone(hub, "a"), clone(hub, "b")
    monkeypatch.setattr("emptychair.clock.now", lambda: wall() + timedelta(days=2))  # a's clock runs ahead
    monkeypatch.chdir(a)
    code, _, err = cli("actions", "done", "sh1aaa")
    assert code == 0 and "shared with origin" in err, err
    monkeypatch.setattr("emptychair.clock.now", wall)
    monkeypatch.chdir(b)
    assert sync(b)[0] == 0  # b has seen a's record when it reopens the action
    code, _, err = cli("actions", "reopen", "sh1aaa", "--note", "the customer is back")
    assert code == 0 and "shared with origin" in err, err
    assert sync(a)[0] == 0
    for where in (a, b):
        t = open_library(where / "minutes").find("sh1aaa")
        assert (t.action.status, t.closed) == ("open", None)  # not closed on a day still to come
        assert t.conflict == ()  # the reopen saw the done: one after the other, no conflict


def test_changes_made_apart_are_a_conflict_in_both_clones_until_a_meeting_settles_it(
    hub: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = clone(hub, "a"), clone(hub, "b")
    for where, args in ((a, ("done", "sh1aaa", "--note", "sent")), (b, ("reassign", "sh1aaa", "Bram"))):
        monkeypatch.chdir(where)  # b records before it has pulled what a shared: neither saw the other
        code, _, err = cli("actions", *args)
        assert code == 0 and "shared with origin" in err, err
    assert sync(a)[0] == 0
    here, there = (open_library(w / "minutes").find("sh1aaa") for w in (a, b))
    assert here == there  # one rule, the same winner in every clone
    assert {(s.status, s.owner) for s in here.conflict} == {("done", "Anna"), ("open", "Bram")}
    for where in (a, b):
        monkeypatch.chdir(where)
        code, listed, _ = cli("actions")  # listed whichever state won: nobody has settled it yet
        assert code == 0 and "changed in two places at once: " in listed, listed
        assert "done, Anna" in listed and "open, Bram" in listed

    monkeypatch.chdir(a)
    keys.send_text("\r\rd" + SHORT_REST)  # present, no guests; the follow-up: done; the rest short
    keys.close()
    out, shown = screen()
    written = run_meeting(a / "agenda.toml", out, out, clock=clock)
    assert written is not None
    said = shown.getvalue()
    assert "changed in two places at once: " in said and "what is recorded now settles it" in said
    assert sync(b)[0] == 0
    for where in (a, b):
        t = open_library(where / "minutes").find("sh1aaa")
        assert (t.action.status, t.action.owner, t.conflict) == ("done", "Bram", ())


# --- what must not stop a sync ----------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_named_and_the_rest_is_shared(hub: Path) -> None:
    a = clone(hub, "a")
    made = Folder(a / "minutes").write_minutes(meeting(1))
    odd = a / "minutes" / os.fsdecode(b"2026-11-30-caf\xe9.toml")
    odd.write_bytes(made.read_bytes())
    for _ in range(2):  # named every time: it stays here, unshared
        code, err = sync(a)
        assert code == 0, err
        first, last = err.splitlines()
        assert first == (
            "skipped: 2026-11-30-caf\\xe9.toml: the file name is not UTF-8, which not every clone can hold; "
            "not shared"
        )
    assert last == "Up to date with origin; nothing new to commit."
    assert made.name in git(hub, "ls-tree", "--name-only", "HEAD", "minutes/")


@pytest.fixture
def silent() -> Iterator[str]:
    """A git server on this machine that takes every connection and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append(server.accept()[0])

    waiter = threading.Thread(target=hold, daemon=True)
    waiter.start()
    yield f"git://127.0.0.1:{server.getsockname()[1]}/hub.git"
    stop.set()
    waiter.join()
    for connection in [*held, server]:
        connection.close()


def test_a_remote_that_never_answers_is_given_up_on_in_time(
    hub: Path, silent: str, monkeypatch: pytest.MonkeyPatch, keys: PipeInput, clock: Clock
) -> None:
    monkeypatch.setattr(git_files, "NETWORK", 0.2)
    a = clone(hub, "a")
    git(a, "remote", "set-url", "origin", silent)
    Folder(a / "minutes").write_minutes(meeting(1))
    began = time.monotonic()
    code, err = sync(a)
    assert (code, err) == (
        2,
        "emptychair: git fetch --quiet origin did not finish in 0.2 seconds; the minutes stay in this folder only\n",
    )
    monkeypatch.chdir(a)  # agenda.toml here says [git] sync = true
    code, _, err = cli("actions", "done", "sh1aaa")
    assert code == 0 and err.splitlines()[-1].startswith(
        "Not shared: git fetch --quiet origin did not finish"
    )
    assert len(list((a / "minutes").glob("*.followup.toml"))) == 1  # written all the same
    shown, said = screen()
    assert drive(a, keys, clock, shown) is not None
    assert said.getvalue().count("Not shared: git fetch --quiet origin did not finish in 0.2 seconds") == 2
    assert time.monotonic() - began < 20  # four times a fifth of a second, not 120 seconds each


def push_agenda(seed: Path) -> None:
    """The team's first commit, pushed: its agenda alone."""
    (seed / "agenda.toml").write_text(AGENDA, "utf-8")
    git(seed, "add", "agenda.toml")
    git(seed, "commit", "--quiet", "-m", "the team's agenda")
    git(seed, "push", "--quiet", "origin", "HEAD")


def test_a_clone_without_minutes_yet_syncs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git keeps no empty folder: the clone of a team that has written no minutes yet has none."""
    git(tmp_path, "init", "--quiet", "--bare", "hub.git")
    seed = clone(tmp_path / "hub.git", "seed")
    push_agenda(seed)
    fresh = clone(tmp_path / "hub.git", "fresh")
    monkeypatch.chdir(fresh)
    assert cli("sync") == (0, "", "Up to date with origin; nothing new to commit.\n")
    Folder(seed / "minutes").write_minutes(meeting(0))
    assert sync(seed)[0] == 0
    said = "Brought in 1 commit the team pushed to origin; nothing new to commit here.\n"
    assert cli("sync") == (0, "", said)
    assert len(files(fresh)) == 1  # what the others pushed came in


def test_a_clone_made_before_anything_was_pushed_brings_the_minutes_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cloned while the repository was empty, or held only the agenda: no minutes folder, named
    by --minutes or not, keeps a sync from bringing in what the team pushed since."""
    git(tmp_path, "init", "--quiet", "--bare", "hub.git")
    empty = clone(tmp_path / "hub.git", "empty")
    seed = clone(tmp_path / "hub.git", "seed")
    push_agenda(seed)
    agenda_only = clone(tmp_path / "hub.git", "agenda-only")
    Folder(seed / "minutes").write_minutes(meeting(0))
    assert sync(seed)[0] == 0
    said = "Brought in 1 commit the team pushed to origin; nothing new to commit here.\n"
    assert sync(agenda_only) == (0, said)  # --minutes names the folder still to come
    assert len(files(agenda_only)) == 1
    monkeypatch.chdir(empty)  # no agenda, no minutes: the folder it would be is ./minutes
    said = "Brought in 2 commits the team pushed to origin; nothing new to commit here.\n"
    assert cli("sync") == (0, "", said)
    assert len(files(empty)) == 1
    code, _, err = cli("sync", "--minutes", str(tmp_path / "nowhere" / "minutes"))
    assert (code, err) == (2, f"emptychair: {tmp_path / 'nowhere' / 'minutes'}: no such folder\n")


def test_a_commit_made_by_hand_is_shared_and_said(hub: Path) -> None:
    a = clone(hub, "a")
    Folder(a / "minutes").write_minutes(meeting(1))
    git(a, "add", "minutes")
    git(a, "commit", "--quiet", "-m", "by hand")
    assert sync(a) == (0, "Nothing new to commit; 1 commit made here shared with origin.\n")
    assert git(a, "rev-parse", "HEAD") == git(hub, "rev-parse", "HEAD")
    assert sync(a) == (0, "Up to date with origin; nothing new to commit.\n")
    git(a, "commit", "--quiet", "--allow-empty", "-m", "by hand again")  # and then a meeting's file
    Folder(a / "minutes").write_minutes(meeting(2))
    said = "1 new file committed and shared with origin.\nAlso shared 1 commit made here by hand.\n"
    assert sync(a) == (0, said)
