"""Faults a real meeting meets: a terminal that goes away, odd bytes, a full disk, a kill at the
wrong moment, a lock file that is not what it should be. Each is made to happen for real."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pexpect
import pytest
from prompt_toolkit.application import Application
from prompt_toolkit.input import PipeInput
from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
from prompt_toolkit.key_binding import KeyBindings, KeyPress, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import FormattedTextControl, Layout, Window

from emptychair.errors import EmptyChairError, Hangup
from emptychair.terminal import signals
from emptychair.terminal.run import run_meeting

from .conftest import Clock, pipe_keys, screen
from .history import four_weeks
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER
from .person import ANSI, attend, end_meeting, into_first_item, line, resume_and_finish, spawn


def close_window(child: pexpect.spawn) -> int:
    """Close the pty's master end, as closing the terminal window does; the exit status."""
    child.ptyproc.fileobj.close()
    status = child.wait()
    assert isinstance(status, int)
    return status


def the_draft(team: Path) -> dict[str, Any]:
    (path,) = (team / "minutes" / ".drafts").glob("*.toml")
    return tomllib.loads(path.read_text("utf-8"))


def kinds(draft: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in draft["events"]]


# --- 1. the terminal window is closed ---------------------------------------------------------


def test_a_closed_window_keeps_the_half_typed_line_and_the_pause(team: Path) -> None:
    child = spawn(team)
    into_first_item(child)
    line(child, "first note")
    child.expect("note: first note")
    child.send("half a sentence")
    child.expect("half a sentence")
    assert close_window(child) == 129  # as SIGHUP: no traceback (that would be 1)

    draft = the_draft(team)
    assert draft["pending"] == "half a sentence"
    assert kinds(draft)[-2:] == ["note", "pause"]

    item = resume_and_finish(team, "half a sentence", " finished")  # and the meeting goes on from there
    assert item["notes"] == ["first note", "half a sentence finished"]


def test_a_closed_window_during_a_choice_keeps_what_was_said(team: Path) -> None:
    child = spawn(team)
    attend(child)
    child.expect("Our answer, in the customer's words")
    line(child, "They wait a week")
    child.expect("What colour would the customer give us here")
    assert close_window(child) == 129
    draft = the_draft(team)
    assert kinds(draft)[-2:] == ["answer", "pause"]
    assert draft["events"][-2]["text"] == "They wait a week"


def test_a_closed_window_during_the_follow_up_keeps_the_half_typed_change(team: Path) -> None:
    four_weeks(team / "minutes")
    child = spawn(team)
    child.expect("Budget")  # take up the item the last meeting did not reach
    line(child, "")
    attend(child)
    child.expect("Open actions: 2")
    child.expect(r"1/2 Fix the FAQ")
    child.send("o")  # still open: one key
    child.expect("New owner, due date or a note")
    child.send("@chris due:friday waiting for fin")
    child.expect("waiting for fin")
    assert close_window(child) == 129
    draft = the_draft(team)
    assert draft["pending"] == "@chris due:friday waiting for fin"
    assert kinds(draft)[-2:] == ["attend", "pause"]


@pytest.mark.parametrize(("key", "asked", "status"), [("n", "A note on how it was done", "done"),
                                                    ("x", "Why is it dropped", "dropped")])  # fmt: skip
def test_a_half_typed_follow_up_line_is_back_in_its_prompt_on_resume(
    team: Path, key: str, asked: str, status: str
) -> None:
    four_weeks(team / "minutes")
    child = spawn(team)
    child.expect("Budget")
    line(child, "")
    attend(child)
    child.expect(r"1/2 Fix the FAQ")
    child.send(key)
    child.expect(asked)
    child.send("the customer")
    child.expect("the customer")
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert the_draft(team)["pending"] == "the customer"

    child = spawn(team)
    child.expect("Resume this meeting")
    line(child, "")
    child.expect(asked)  # not the key again: the line, with what was typed in it
    child.expect("the customer")
    line(child, " confirmed it")
    child.expect(r"2/2 ")
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    (followup,) = [e["followups"][0] for e in the_draft(team)["events"] if e["kind"] == "followup"]
    assert (followup["action"], followup["status"]) == ("it1bbb", status)
    assert followup["note"] == "the customer confirmed it"


def test_a_closed_window_gets_nothing_more_and_exits_129(team: Path, own_state: Path) -> None:
    """The save made as the window closes has something to say (the minutes folder can be
    written again): said on the dead terminal it failed, and the run ended with a traceback."""
    with small_disk(team / "minutes") as disk:
        child = spawn(team)
        into_first_item(child)
        fill(disk)
        line(child, "kept elsewhere")
        child.expect("note: kept elsewhere")
        assert "cannot save the draft" in said(child)
        free(disk)
        child.send("half a line")
        child.expect("half a line")
        assert close_window(child) == 129
        draft = the_draft(team)  # the minutes folder again, whole
        assert draft["pending"] == "half a line"
        assert [e.get("text") for e in draft["events"] if e["kind"] == "note"] == ["kept elsewhere"]
        assert not list(own_state.glob("*.toml"))


def answering(answered: list[str]) -> Application[str]:
    """A prompt that Enter answers, noting in `answered` that it did (made where its keys come from)."""
    bindings = KeyBindings()

    @bindings.add("enter")
    def _answer(event: KeyPressEvent) -> None:
        answered.append("enter")
        event.app.exit(result="answered")

    return Application(layout=Layout(Window(FormattedTextControl("?"))), key_bindings=bindings)


def test_a_signal_just_before_a_prompt_runs_stops_it_before_it_reads_a_key() -> None:
    """SIGTERM after the prompt's check but before its loop ran found no prompt to stop: the
    meeting went on answering keys, and a kill that came just after a line was recorded was
    ignored until the next key."""
    answered: list[str] = []
    with pipe_keys() as keys, signals.stop_on_hangup():
        keys.send_text("\r")
        app = answering(answered)
        with pytest.raises(Hangup) as stopped, signals.prompting(app):
            os.kill(os.getpid(), signal.SIGTERM)  # its handler runs here, before app.run
            app.run()
    assert (stopped.value.signum, answered) == (signal.SIGTERM, [])
    with pipe_keys() as keys:  # what came to those handlers stops no prompt asked after them
        keys.send_text("\r")
        after = answering(answered)
        with signals.prompting(after):
            assert after.run() == "answered"


def test_a_signal_just_before_a_prompt_whose_keys_were_typed_ahead_stops_it_before_them() -> None:
    """Keys typed ahead (read with the prompt before) are fed to a prompt as it starts, right after
    the check above: stopped first, it answers nothing with them and leaves them typed ahead,
    where an answer after the stop would have been refused with a traceback."""
    answered: list[str] = []
    with pipe_keys(), signals.stop_on_hangup():
        app = answering(answered)
        store_typeahead(app.input, [KeyPress(Keys.ControlM, "\r")])
        with pytest.raises(Hangup) as stopped, signals.prompting(app):
            os.kill(os.getpid(), signal.SIGTERM)
            app.run()
        left = [key.key for key in get_typeahead(app.input)]
    assert (stopped.value.signum, answered, left) == (signal.SIGTERM, [], [Keys.ControlM])


# --- 3. a byte that is not UTF-8 ----------------------------------------------------------------


def test_a_byte_that_is_not_utf8_is_kept_readable(team: Path) -> None:
    child = spawn(team)
    child.codec_errors = "replace"  # the screen echoes the odd byte as it came
    child._decoder.errors = "replace"
    into_first_item(child)
    os.write(child.child_fd, b"caf\xe9 on the corner\r")  # a Latin-1 terminal types "café"
    child.expect("note: café on the corner")
    child.send("na")  # waits a moment, as a person does, for the next prompt to take the keys
    os.write(child.child_fd, b"\xef")
    child.send("ve")
    child.expect("ve")
    child.sendcontrol("c")
    child.expect("What now")
    child.send(DOWN + ENTER)  # save and stop: the half-typed text goes into the draft too
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    draft = the_draft(team)
    assert draft["pending"] == "naïve"
    assert [e.get("text") for e in draft["events"] if e["kind"] == "note"] == ["café on the corner"]


def test_a_pasted_escape_sequence_is_text_and_loses_nothing_after_it(team: Path) -> None:
    """ESC [31m reaches prompt_toolkit as a mouse report; it used to end in a traceback that
    dropped what was typed after it."""
    child = spawn(team)
    into_first_item(child)
    child.send("red ")
    child.expect("red ")
    child.send("\x1b[31m")
    child.send(" and after")
    child.expect("and after")
    child.send(ENTER)
    child.expect("note: red ")
    end_meeting(child)
    (path,) = (team / "minutes").glob("*.toml")
    assert tomllib.loads(path.read_text("utf-8"))["items"][0]["notes"] == ["red ␛[31m and after"]
    assert "Traceback" not in str(child.before)


# --- a real small disk --------------------------------------------------------------------------


@contextmanager
def small_disk(where: Path, kib: int = 64) -> Iterator[Path]:
    """A tmpfs of `kib` KiB at `where`: a disk that really fills up (a chmod does not stop root)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(where)], capture_output=True, text=True
    )
    assert mounted.returncode == 0, f"these tests need to mount a small tmpfs: {mounted.stderr}"
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(disk: Path) -> None:
    """Write until the disk is full."""
    with open(disk / "filler", "ab", buffering=0) as filler:
        try:
            while True:
                filler.write(b"x" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def free(disk: Path) -> None:
    (disk / "filler").unlink()


def room_for_the_lock_and_the_first_draft(disk: Path) -> None:
    """A disk that fills up as the meeting starts: the run's probe before the first prompt finds
    room (that a full disk refuses the run is tested apart), the lock and the first draft take it."""
    filler = disk / "filler"
    os.truncate(filler, filler.stat().st_size - 2 * 4096)


def drafts(team: Path) -> subprocess.CompletedProcess[str]:
    """`emptychair drafts` in `team`, in this process: a listing, no terminal needed."""
    listed = emptychair(team, "drafts")
    assert listed.returncode == 0, listed.stderr
    return listed


def said(child: pexpect.spawn) -> str:
    """What the child printed, as plain words: rich wraps long paths onto the next line."""
    return " ".join(ANSI.sub("", str(child.before)).split())


# --- 2. the disk fills up during the meeting ----------------------------------------------------


def keep_in_state_folder(team: Path, spare: Path) -> Path:
    """A meeting whose minutes folder fills up in the first item and again at the end: it is kept,
    whole, in the state folder; the draft there is returned."""
    with small_disk(team / "minutes") as disk:
        child = spawn(team)
        into_first_item(child)
        line(child, "note 1")
        child.expect("note: note 1")
        fill(disk)
        line(child, "note 2")
        child.expect("note: note 2")
        (kept,) = spare.glob("*.toml")
        assert "cannot save the draft (cannot write minutes/.drafts/" in said(child)
        assert f"saved in {kept} until the minutes folder can be written again" in said(child)
        line(child, "note 3")
        child.expect("note: note 3")
        free(disk)
        line(child, "note 4")
        child.expect("note: note 4")
        assert "the draft is saved in " in said(child) and not list(spare.glob("*.toml"))
        fill(disk)
        line(child, "note 5")
        child.expect("note: note 5")
        line(child, "#end")
        child.expect("End the meeting now")
        child.send("y" + ENTER)  # answered by the key; the Enter typed by habit after it is dropped
        child.expect("Our answer, in the customer's words")
        line(child, "")
        child.expect("@name what they did")
        line(child, "")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2
        (kept,) = spare.glob("*.toml")
        assert f"the disk is full; the meeting is kept in {kept}: run emptychair run --resume" in said(child)
        free(disk)
        shutil.copytree(disk, team / "after", symlinks=True)
    shutil.copytree(team / "after", team / "minutes", dirs_exist_ok=True)
    return kept


def test_a_full_disk_mid_meeting_loses_no_entry(team: Path, own_state: Path) -> None:
    kept = keep_in_state_folder(team, own_state)
    notes = [e["text"] for e in tomllib.loads(kept.read_text("utf-8"))["events"] if e["kind"] == "note"]
    assert notes == ["note 1", "note 2", "note 3", "note 4", "note 5"]

    listed = drafts(team)
    assert listed.stdout.startswith(f"{kept}: “Weekly support meeting” started")

    child = spawn(team, "--resume")  # what the message advised
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)
    (written,) = (team / "minutes").glob("*.toml")
    data = tomllib.loads(written.read_text("utf-8"))
    assert data["items"][0]["notes"] == ["note 1", "note 2", "note 3", "note 4", "note 5"]
    assert not kept.exists() and not list((team / "minutes" / ".drafts").iterdir())


# --- 4. a kill between writing the minutes and removing the draft -------------------------------


def test_a_draft_whose_minutes_were_written_is_cleared_not_resumed(
    team: Path, own_state: Path, keys: PipeInput, clock: Clock
) -> None:
    with small_disk(team / "minutes") as disk:  # the minutes cannot be written: the whole meeting waits
        (disk / ".drafts").mkdir()
        fill(disk)
        room_for_the_lock_and_the_first_draft(disk)
        keys.send_text(ENTER * 3 + "#end" + ENTER + "y" + ENTER * 3)  # the first after y: by habit
        keys.close()
        out, _ = screen()
        with pytest.raises(EmptyChairError, match="the meeting is kept in"):
            run_meeting(team / "agenda.toml", out, out, clock=clock)
        free(disk)
        shutil.copytree(disk, team / "after")
    shutil.copytree(team / "after", team / "minutes", dirs_exist_ok=True)
    (kept,) = own_state.glob("*.toml")
    finished = team / "finished-draft.toml"
    shutil.copy(kept, finished)  # the draft as it is between writing the minutes and removing it
    with pipe_keys() as pipe:
        pipe.close()
        written = run_meeting(team / "agenda.toml", out, out, resume=True, clock=clock)
    assert written is not None and not kept.exists()

    leftover = team / "minutes" / ".drafts" / kept.name
    shutil.copy(finished, leftover)  # both files, as a kill at that moment leaves them
    listed = drafts(team)
    assert listed.stdout.rstrip().endswith(
        f"minutes written already to {written.relative_to(team)}: the next run removes this draft"
    )
    child = spawn(team)
    child.expect("Who is present")  # a new meeting: nothing offered to resume
    assert said(child).startswith(
        f"the minutes of this meeting were written already to {written.relative_to(team)};"
        f" its leftover draft {leftover.relative_to(team)} is removed"
    )
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    assert list((team / "minutes").glob("*.toml")) == [written]  # no -2 copy of the same meeting
    assert not leftover.exists()


# --- 5. the lock file ---------------------------------------------------------------------------


def refused(team: Path, *args: str) -> str:
    """Run at a terminal, expect one line on stderr, nothing else, and exit 2; the line. A refusal
    comes before any prompt, so the same `main` the installed command calls runs in this process
    (a new Python for each cost the suite seconds); had it come as far as a prompt, that would fail."""
    done = emptychair(team, "run", *args, terminal=True)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    (message,) = done.stderr.splitlines()
    assert message.startswith("emptychair: ")
    return message


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(team: Path) -> None:
    (team / "minutes").mkdir()
    (team / "notes.txt").write_text("precious\n", encoding="utf-8")
    (team / "minutes" / ".emptychair.lock").symlink_to("../notes.txt")
    assert "minutes/.emptychair.lock is a symbolic link" in refused(team)
    assert (team / "notes.txt").read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize(
    ("lang", "holder", "said"),
    [
        (
            "nl",
            "host vm, pid 8777, since 2026-12-04 03:56",
            "(computer vm, pid 8777, sinds 2026-12-04 03:56)",
        ),
        ("en", "host vm, pid 8777, since 2026-12-04 03:56", "(host vm, pid 8777, since 2026-12-04 03:56)"),
        ("nl", "Chris, op de beamer", "(Chris, op de beamer)"),  # written by hand: as it is
        ("nl", "", "(een ander proces)"),
    ],
)
def test_a_folder_locked_by_a_running_meeting_is_said_in_the_teams_language(
    team: Path, lang: str, holder: str, said: str
) -> None:
    import fcntl

    agenda = team / "agenda.toml"
    agenda.write_text(agenda.read_text("utf-8").replace('language = "en"', f'language = "{lang}"'), "utf-8")
    (team / "minutes").mkdir()
    with open(team / "minutes" / ".emptychair.lock", "w", encoding="utf-8") as held:
        held.write(holder)
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the running meeting holds it
        assert said in refused(team)


def test_a_lock_file_that_is_a_folder_or_a_fifo_is_refused(team: Path) -> None:
    lock = team / "minutes" / ".emptychair.lock"
    lock.mkdir(parents=True)
    assert "minutes/.emptychair.lock is not a plain file" in refused(team)
    lock.rmdir()
    os.mkfifo(lock)
    assert "minutes/.emptychair.lock is not a plain file" in refused(team)


def test_a_read_only_folder_or_a_full_disk_before_the_meeting_is_one_line(team: Path) -> None:
    with small_disk(team / "minutes") as disk:
        (disk / ".drafts").mkdir()
        (disk / ".emptychair.lock").write_text("host x, pid 1\n", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert refused(team).endswith("minutes/.emptychair.lock: the folder is read-only")
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        (disk / ".emptychair.lock").unlink()
        fill(disk)
        assert refused(team).endswith("the disk is full")


def test_a_lock_file_removed_mid_meeting_still_keeps_a_second_meeting_out(team: Path) -> None:
    holder = spawn(team)
    into_first_item(holder)
    (team / "minutes" / ".emptychair.lock").unlink()
    line(holder, "a note")  # every save checks that the lock is still the one held
    holder.expect("note: a note")
    assert f"pid {holder.pid}" in refused(team)
    holder.kill(signal.SIGTERM)
    holder.expect(pexpect.EOF)


def test_a_second_run_while_the_lock_file_is_gone_leaves_the_running_meeting_alone(team: Path) -> None:
    """The test above lets the running meeting save, and so take its lock again, before the second
    run starts. Here the second run comes first: it takes a new lock file, so only the draft the
    running meeting holds can keep it from resuming that meeting and writing the same draft."""
    holder = spawn(team)
    into_first_item(holder)
    line(holder, "first note")
    holder.expect("note: first note")
    (team / "minutes" / ".emptychair.lock").unlink()  # a cleanup script
    for args in ((), ("--resume",)):
        message = refused(team, *args)
        assert "a meeting is already running on " in message and "still being written" in message
    line(holder, "second note")  # it takes the lock again and loses nothing
    holder.expect("note: second note")
    assert "another meeting was started" not in said(holder)
    assert f"pid {holder.pid}" in refused(team)
    end_meeting(holder)
    (written,) = (team / "minutes").glob("*.toml")
    assert tomllib.loads(written.read_text("utf-8"))["items"][0]["notes"] == ["first note", "second note"]


def test_a_folder_that_held_a_meeting_is_refused_before_any_prompt_when_read_only_or_full(
    team: Path,
) -> None:
    """The lock file an earlier meeting left can still be rewritten: in a folder that takes no new
    file, and in the block it holds on a full disk. Only a real write tells."""
    with small_disk(team / "minutes") as disk:
        (disk / ".drafts").mkdir()
        (disk / ".emptychair.lock").write_text("host x, pid 1\n", encoding="utf-8")
        (disk / "2026-11-16-weekly-k7q2.toml").write_text('title = "Weekly"\n', encoding="utf-8")
        for folder in (disk, disk / ".drafts"):  # a folder made read-only, as root cannot be refused a chmod
            subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            assert refused(team).endswith("minutes: permission denied")
        finally:
            for folder in (disk, disk / ".drafts"):
                subprocess.run(["chattr", "-i", str(folder)], check=True)
        fill(disk)
        assert refused(team).endswith("minutes: the disk is full")
        assert not list((disk / ".drafts").iterdir())


def test_when_nothing_can_be_written_the_meeting_is_printed(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_disk(team / "minutes") as disk:  # the minutes, the state folder and /tmp all full
        (disk / ".drafts").mkdir()
        (disk / "state").mkdir()
        (disk / "tmp").mkdir()
        monkeypatch.setenv("XDG_STATE_HOME", str(disk / "state"))
        monkeypatch.setattr(tempfile, "tempdir", str(disk / "tmp"))
        fill(disk)
        room_for_the_lock_and_the_first_draft(disk)
        keys.send_text("".join([ENTER, ENTER, "an answer" + CTRL_C, DOWN + ENTER]))  # Ctrl-C, save and stop
        keys.close()
        out, shown = screen()
        err, warned = screen()
        assert run_meeting(team / "agenda.toml", out, err, clock=clock) is None
    assert warned.getvalue().count("cannot save the draft") == 1
    assert "nothing could be written: the meeting follows on standard output" in warned.getvalue()
    printed = shown.getvalue()
    assert tomllib.loads(printed[printed.index("schema = 1") :])["pending"] == "an answer"


# --- 6. a stop inside a step that has recorded already ------------------------------------------


def test_an_owner_given_at_the_closing_survives_a_stop_at_the_next_one(
    team: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [
        ENTER,
        ENTER,
        ENTER,
        "#action first thing" + ENTER,
        "#action second thing" + ENTER,
        "#end" + ENTER,
        "y" + ENTER,  # the Enter typed by habit after the key: dropped
    ]
    typed += [ENTER, ENTER, DOWN + ENTER, CTRL_C, DOWN + ENTER]  # Bram owns the first; Ctrl-C, save and stop
    keys.send_text("".join(typed))
    keys.close()
    out, _ = screen()
    err, _ = screen()
    assert run_meeting(team / "agenda.toml", out, err, clock=clock) is None
    draft = the_draft(team)
    (assigned,) = [e["action"] for e in draft["events"] if e["kind"] == "assign"]
    assert (assigned["text"], assigned["owner"]) == ("first thing", "Bram")
    assert kinds(draft)[-1] == "pause"


def test_a_draft_that_cannot_be_read_is_named_not_hidden(team: Path, own_state: Path) -> None:
    drafts = team / "minutes" / ".drafts"
    drafts.mkdir(parents=True)
    (drafts / "2026-11-20T090000-weekly.toml").write_text("schema = [[[", "utf-8")
    err, said = screen()
    with pipe_keys() as pipe, pytest.raises(EmptyChairError, match="no unfinished meeting"):
        pipe.close()
        run_meeting(team / "agenda.toml", err, err, resume=True)
    assert "skipped: " in said.getvalue() and "2026-11-20T090000-weekly.toml" in said.getvalue()


# --- 7. drafts kept outside the minutes folder ------------------------------------------------


SAVE_AND_STOP = [ENTER, ENTER, "an answer" + CTRL_C, DOWN + ENTER]  # attendance, then Ctrl-C: save and stop


def shared_tmp(team: Path) -> Path:
    """A temporary folder every local user may write in, as /tmp."""
    shared = team / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    return shared


def test_a_draft_kept_in_the_temporary_folder_is_the_users_alone(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = shared_tmp(team)
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    (team / "no-state").write_text("", encoding="utf-8")  # the state folder cannot be made either
    monkeypatch.setenv("XDG_STATE_HOME", str(team / "no-state"))
    mine = shared / f"emptychair-drafts-{os.getuid()}"
    mine.mkdir(mode=0o755)  # as an earlier version made it: open to every user
    with small_disk(team / "minutes") as disk:
        (disk / ".drafts").mkdir()
        fill(disk)
        room_for_the_lock_and_the_first_draft(disk)
        keys.send_text("".join(SAVE_AND_STOP))
        keys.close()
        out, _ = screen()
        assert run_meeting(team / "agenda.toml", out, out, clock=clock) is None
    (kept,) = mine.glob("*.toml")
    assert tomllib.loads(kept.read_text("utf-8"))["pending"] == "an answer"
    assert (stat.S_IMODE(mine.stat().st_mode), stat.S_IMODE(kept.stat().st_mode)) == (0o700, 0o600)


def test_a_draft_another_user_put_in_the_temporary_folder_is_not_resumed(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another local user copies a draft that names this team's minutes folder into the temporary
    folder: `drafts` must not list it, nor `run --resume` write it into the team's minutes."""
    keys.send_text("".join(SAVE_AND_STOP))
    keys.close()
    out, _ = screen()
    assert run_meeting(team / "agenda.toml", out, out, clock=clock) is None
    (draft,) = (team / "minutes" / ".drafts").glob("*.toml")
    shared = shared_tmp(team)
    theirs, open_to_all = shared / f"emptychair-drafts-{os.getuid()}", shared / "emptychair-drafts"
    theirs.mkdir()  # made by the other user before this user ever needed it
    open_to_all.mkdir()
    open_to_all.chmod(0o777)  # this user's, but anyone may put a file in it
    for folder in (theirs, open_to_all):
        planted = folder / draft.name
        shutil.copy(draft, planted)
        os.chown(planted, 65534, 65534)
    os.chown(theirs, 65534, 65534)
    draft.unlink()
    monkeypatch.setenv("TMPDIR", str(shared))

    listed = drafts(team)
    assert (listed.stdout, listed.stderr) == ("", "no unfinished meetings\n")
    assert "no unfinished meeting to resume in " in refused(team, "--resume")

    open_to_all.chmod(0o755)  # a draft an earlier version left there, the user's own, is still found
    os.chown(open_to_all / draft.name, os.getuid(), os.getgid())
    listed = drafts(team)
    assert listed.stdout.startswith(f"{open_to_all / draft.name}: “Weekly support meeting” started")


def test_a_signal_after_the_last_prompt_is_obeyed_once_the_work_is_done() -> None:
    """SIGTERM while the minutes were being written (no prompt left to stop) let them be written and
    then exited 0, as if it had never come: now the work ends, then the signal is obeyed."""
    done = []
    with pytest.raises(Hangup) as stopped, signals.stop_on_hangup():
        os.kill(os.getpid(), signal.SIGTERM)  # no prompt runs: the handler only records it
        done.append("minutes written")
    assert (stopped.value.signum, done) == (signal.SIGTERM, ["minutes written"])
    with signals.stop_on_hangup():  # what came to those handlers stays with them
        done.append("the next meeting")
    assert done[-1] == "the next meeting"
