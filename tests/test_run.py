"""A meeting driven through the real questionary prompts, keys fed through prompt_toolkit's pipe."""

from __future__ import annotations

import json
import re
import threading
import time
import tomllib
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.errors import EmptyChairError
from emptychair.files.folder import Folder
from emptychair.terminal import signals
from emptychair.terminal.run import run_meeting

from .conftest import Clock, pipe_keys, screen
from .history import four_weeks, read
from .inprocess import invoke
from .keys import CTRL_C, CTRL_D, DOWN, ENTER


def run(
    team: Path, keys: PipeInput, typed: list[str], clock: Clock, resume: bool | None = None
) -> Path | None:
    keys.send_text("".join(typed))
    keys.close()  # a prompt that waits for more raises EOFError instead of hanging the test
    out, _ = screen()
    err, _ = screen()
    return run_meeting(team / "agenda.toml", out, err, resume=resume, clock=clock)


WHOLE_MEETING = [
    ENTER,  # everyone on the list is present
    "Eve" + ENTER,  # a guest
    "We make them log in for [bold]invoices[/]" + ENTER,  # the chair at the opening
    ENTER,  # no rating
    "mail the invoice as attachment @bram due:friday" + ENTER,
    ENTER,
    "Customers like the FAQ" + ENTER,  # item 1
    "#agreed answer within a day" + ENTER,
    "#action call the three customers" + ENTER,
    ENTER,
    "#skip" + ENTER,  # item 2; the chair after it is passed over: nothing was said in it
    "#action @zz plan" + ENTER,  # item 3: nobody on the team is called zz
    "n",  # not someone new: the line comes back for editing
    "\b" * 8 + "@eve plan next week due:+1w" + ENTER,
    ENTER,
    "They feel heard" + ENTER,  # the chair before the closing
    "r",  # rated red
    "y" + ENTER,  # we know what the customer needs: on to what we change (the Enter by habit: dropped)
    ENTER,
    "@dewi called every customer back" + ENTER,  # recognition
    ENTER,
    DOWN + ENTER,  # who takes on "call the three customers"? Bram
]


def test_a_whole_meeting(team: Path, keys: PipeInput, clock: Clock) -> None:
    written = run(team, keys, WHOLE_MEETING, clock)
    assert written is not None and written.parent == team / "minutes"
    assert re.fullmatch(r"2026-11-23-weekly-support-meeting-[a-z2-9]{4}\.toml", written.name)
    data = tomllib.loads(written.read_text("utf-8"))
    assert data["title"] == "Weekly support meeting"
    assert data["team"] == "Support"
    assert data["language"] == "en"
    assert data["date"] == date(2026, 11, 23)
    assert data["present"] == ["Anna", "Bram", "Chris", "Dewi"]
    assert data["guests"] == ["Eve"]
    first, second, third = data["items"]
    assert first["notes"] == ["Customers like the FAQ"]
    assert first["decisions"] == ["answer within a day"]
    (call,) = first["actions"]
    assert (call["text"], call["owner"], call["status"]) == ("call the three customers", "Bram", "open")
    assert "due" not in call
    assert second["status"] == "skipped"
    (plan,) = third["actions"]
    assert (plan["text"], plan["owner"], plan["due"]) == ("plan next week", "Eve", date(2026, 11, 30))
    opening, closing = data["chair"]  # none after the skipped item
    assert opening["moment"] == "opening" and opening["question_id"] == "irritates"
    assert opening["question"] == "Which of our behaviours irritates our customer?"
    assert opening["answer"] == "We make them log in for [bold]invoices[/]"
    (mail,) = opening["actions"]
    assert (mail["text"], mail["owner"], mail["due"]) == (
        "mail the invoice as attachment",
        "Bram",
        date(2026, 11, 27),
    )
    assert (closing["answer"], closing["rating"]) == ("They feel heard", "red")
    assert opening["rating"] == ""
    assert data["recognition"] == [{"person": "Dewi", "text": "called every customer back"}]
    ids = [a["id"] for a in (call, plan, mail)]
    assert len(set(ids)) == 3 and all(len(i) == 6 for i in ids)
    assert list((team / "minutes" / ".drafts").iterdir()) == []  # the draft goes once the minutes are safe


def test_the_next_meeting_asks_the_next_questions(team: Path, keys: PipeInput, clock: Clock) -> None:
    run(team, keys, WHOLE_MEETING, clock)
    with pipe_keys() as pipe:  # the same meeting again, passing over the three open actions at once
        written = run(team, pipe, [*WHOLE_MEETING[:2], "r", *WHOLE_MEETING[2:]], clock)
    assert written is not None and written.name.startswith("2026-11-23-weekly-support-meeting-")
    assert len(list((team / "minutes").glob("2026-11-23-*.toml"))) == 2  # the first is never overwritten
    data = tomllib.loads(written.read_text("utf-8"))
    # rated red at the closing last time, it comes back first; then the rotation's next
    assert [c["question_id"] for c in data["chair"]] == ["attention", "communication"]


def test_ctrl_c_save_and_resume_keeps_the_half_typed_text(team: Path, keys: PipeInput, clock: Clock) -> None:
    typed = [ENTER, ENTER, "They must log in" + CTRL_C, DOWN + ENTER]
    assert run(team, keys, typed, clock) is None
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    saved = tomllib.loads(draft.read_text("utf-8"))
    assert saved["pending"] == "They must log in"
    assert [e["kind"] for e in saved["events"]] == ["attend", "pause"]

    with pipe_keys() as pipe:
        rest = [" to get invoices" + ENTER, ENTER, ENTER, "#end" + ENTER, "y" + ENTER, ENTER, ENTER]
        written = run(team, pipe, rest, clock, resume=True)
    assert written is not None
    data = tomllib.loads(written.read_text("utf-8"))
    assert data["chair"][0]["answer"] == "They must log in to get invoices"
    assert [i["status"] for i in data["items"]] == [
        "done",
        "not reached",
        "not reached",
    ]  # #end was typed in the first
    assert not draft.exists()


def test_discard_asks_once_more_then_removes_the_draft(team: Path, keys: PipeInput, clock: Clock) -> None:
    typed = [ENTER, ENTER, CTRL_C, DOWN + DOWN + ENTER, "y"]
    assert run(team, keys, typed, clock) is None
    assert list((team / "minutes" / ".drafts").iterdir()) == []
    assert [p.name for p in (team / "minutes").glob("*.toml")] == []


def test_ctrl_d_then_continue_goes_on_where_it_was(team: Path, keys: PipeInput, clock: Clock) -> None:
    typed = [
        ENTER,
        ENTER,
        CTRL_D,
        ENTER,
        "still here" + ENTER,
        ENTER,  # no rating
        ENTER,
        "#end" + ENTER,
        "y" + ENTER,  # the Enter typed by habit after the key: dropped
        ENTER,
        ENTER,  # no one to recognise
    ]
    written = run(team, keys, typed, clock)
    assert written is not None
    assert tomllib.loads(written.read_text("utf-8"))["chair"][0]["answer"] == "still here"


def test_input_that_ends_saves_the_draft(team: Path, keys: PipeInput, clock: Clock) -> None:
    assert run(team, keys, [ENTER, ENTER, "typed so far"], clock) is None
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    assert tomllib.loads(draft.read_text("utf-8"))["pending"] == "typed so far"


def test_resume_without_a_draft_is_an_error(team: Path, keys: PipeInput, clock: Clock) -> None:
    with pytest.raises(EmptyChairError, match="no unfinished meeting to resume in"):
        run(team, keys, [], clock, resume=True)


def test_the_meeting_follows_up_open_actions(team: Path, keys: PipeInput, clock: Clock) -> None:
    four_weeks(team / "minutes")
    out, shown = screen()
    err, _ = screen()
    typed = [
        ENTER,  # take up "Budget", which the last meeting did not reach
        ENTER,
        ENTER,  # attendance
        "d",  # the FAQ, overdue, comes first: done (one key, no Enter)
        "o",  # the chair's action: still open
        "@chris due:friday waiting for finance" + ENTER,
        ENTER,  # the chair at the opening: no answer
        "#end" + ENTER,
        "y" + ENTER,  # end in the first item (the Enter typed by habit: dropped)
        ENTER,  # the chair before the closing: no answer
        ENTER,  # no one to recognise
    ]
    keys.send_text("".join(typed))
    keys.close()
    written = run_meeting(team / "agenda.toml", out, err, clock=clock)
    assert written is not None
    data = tomllib.loads(written.read_text("utf-8"))
    assert data["items"][0]["title"] == "Budget" and data["items"][0]["planned_minutes"] == 15
    done, still = data["followups"]
    assert (still["action"], still["status"], still["owner"], still["due"], still["note"]) == (
        "ch1aaa",
        "open",
        "Chris",
        date(2026, 11, 27),
        "waiting for finance",
    )
    assert (done["action"], done["status"]) == ("it1bbb", "done") and "owner" not in done
    screen_text = shown.getvalue()
    assert "3 meetings ago we promised the customer “Send invoices by mail”" in screen_text
    assert "Open actions: 2" in screen_text and "past its date" in screen_text
    assert "Done in this meeting: well done" in screen_text and "Still open" in screen_text
    assert "Dropped in this meeting" not in screen_text  # nothing was dropped
    ledger, _, _ = read(team / "minutes")
    assert [(t.action.id, t.action.owner) for t in ledger.open()] == [("ch1aaa", "Chris")]


def test_ctrl_c_in_a_drop_reason_comes_back_to_the_reason(team: Path, keys: PipeInput, clock: Clock) -> None:
    """Continue after Ctrl-C returns to the reason being typed, not to the key that chose "dropped"
    (where a reflex "d" would have recorded the action as done)."""
    four_weeks(team / "minutes")
    typed = [
        " " + ENTER,  # untick "Budget": not taken up again
        ENTER,
        ENTER,
        "p",  # pass over the FAQ
        "x",  # the chair's action: dropped
        "customer le" + CTRL_C,
        ENTER,  # continue the meeting
        "ft" + ENTER,  # the reason, as it was typed, goes on
        ENTER,
        "#end" + ENTER,
        "y" + ENTER,  # the Enter typed by habit after the key: dropped
        ENTER,
        ENTER,
    ]
    written = run(team, keys, typed, clock)
    assert written is not None
    (dropped,) = tomllib.loads(written.read_text("utf-8"))["followups"]
    assert (dropped["action"], dropped["status"], dropped["note"]) == ("ch1aaa", "dropped", "customer left")


def test_dropping_an_action_needs_a_reason(team: Path, keys: PipeInput, clock: Clock) -> None:
    four_weeks(team / "minutes")
    typed = [
        " " + ENTER,  # untick "Budget": not taken up again
        ENTER,
        ENTER,
        "p",  # pass over the FAQ
        "x" + ENTER,  # the chair's action: dropped (the Enter typed by habit: dropped too)
        ENTER,
        "customer left" + ENTER,  # an empty reason is refused
        ENTER,
        "#end" + ENTER,
        "y" + ENTER,  # the Enter typed by habit after the key: dropped
        ENTER,
        ENTER,
    ]
    written = run(team, keys, typed, clock)
    assert written is not None
    data = tomllib.loads(written.read_text("utf-8"))
    assert [i["title"] for i in data["items"]] == ["Round the table", "Invoice portal complaints", "Planning"]
    (dropped,) = data["followups"]
    assert (dropped["action"], dropped["status"], dropped["note"]) == ("ch1aaa", "dropped", "customer left")


def test_a_broken_minutes_file_is_named_and_the_meeting_runs(
    team: Path, keys: PipeInput, clock: Clock
) -> None:
    (team / "minutes").mkdir()
    (team / "minutes" / "2026-11-16-weekly.toml").write_text('title = "cut off', encoding="utf-8")
    out, _ = screen()
    err, warned = screen()
    keys.send_text("".join([ENTER, ENTER, ENTER, "#end" + ENTER, "y" + ENTER, ENTER, ENTER]))
    keys.close()
    assert run_meeting(team / "agenda.toml", out, err, clock=clock) is not None
    assert warned.getvalue().startswith("skipped: 2026-11-16-weekly.toml:1:")


def test_minutes_that_cannot_be_written_stay_in_the_draft(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(self: Folder, minutes: object, name: str = "") -> Path:
        raise EmptyChairError(f"cannot write {self.path}: the folder is read-only")

    with (
        monkeypatch.context() as patched,  # only this patch is undone after: the test's own cache stays
        pytest.raises(EmptyChairError, match=r"the meeting is kept in .*run emptychair run --resume"),
    ):
        patched.setattr(Folder, "write_minutes", read_only)
        typed = [ENTER, ENTER, "answer" + ENTER, ENTER, ENTER, "#end" + ENTER, "y" + ENTER, ENTER, ENTER]
        run(team, keys, typed, clock)
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    with pipe_keys() as pipe:
        written = run(team, pipe, [], clock, resume=True)
    assert written is not None
    assert tomllib.loads(written.read_text("utf-8"))["chair"][0]["answer"] == "answer"
    assert not draft.exists()


def test_drafts_lists_the_unfinished_meeting(team: Path, keys: PipeInput, clock: Clock) -> None:
    run(team, keys, [ENTER, ENTER, "half" + CTRL_C, DOWN + ENTER], clock)
    result = invoke(["drafts", "--minutes", str(team / "minutes")])
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    assert line.endswith(
        "“Weekly support meeting” started 2026-11-23 09:00, stopped at the empty chair, 2 lines, half-typed: 'half'"
    )


MENU = "\0menu"  # wait for the completion menu, not for a text


def prompt_state() -> tuple[str, bool]:
    """What is typed at the prompt now running, and whether its completion menu is showing."""
    running = signals._running  # the prompt_toolkit application that is asking, if any
    buffer = running[-1].current_buffer if running else None
    if buffer is None:
        return "", False
    state = buffer.complete_state  # a menu made for what is typed now, not for an earlier word
    fresh = state is not None and bool(state.completions) and state.original_document.text == buffer.text
    return buffer.text, fresh


def type_and_watch(keys: PipeInput, steps: list[tuple[str, str]], missed: list[str]) -> threading.Thread:
    """Type each chunk, then wait until the prompt shows what the chunk should make of it: the
    completion menu, or a line that ends so. Completion runs in the background, and the next
    keys must not overtake it."""

    def ready(want: str) -> bool:
        text, menu = prompt_state()
        return menu if want == MENU else text.endswith(want)

    def typist() -> None:
        for chunk, want in steps:
            keys.send_text(chunk)
            deadline = time.monotonic() + 10
            while want and not ready(want) and time.monotonic() < deadline:
                time.sleep(0.01)
            if want and not ready(want):
                missed.append(f"{chunk!r} did not lead to {want!r}")
        keys.close()

    thread = threading.Thread(target=typist, daemon=True)
    thread.start()
    return thread


def test_completion_summary_and_the_chairs_remark_on_overrun(
    team: Path, keys: PipeInput, clock: Clock
) -> None:
    out, shown = screen()
    err, _ = screen()
    notes = "".join(
        f"note {n}" + ENTER for n in range(12)
    )  # the clock moves 30 s a reading: item 1 runs over
    steps = [
        (ENTER + ENTER + ENTER, ""),  # attendance, no guests, no answer for the chair
        ("#ac", MENU),
        ("\t", "#action"),
        (" @br", MENU),
        ("\t", "@Bram"),
        (" mail the invoice due:fr", MENU),  # an English meeting offers English date words
        ("\t", "due:friday"),
        (ENTER, ""),  # → #action @Bram … due:friday
        ("#action call back" + ENTER + notes + ENTER, ""),  # then the next item
        ("#end" + ENTER + "y" + ENTER, ""),  # the Enter typed by habit after the key: dropped
        (ENTER, ""),  # the chair before the closing: no answer
        (ENTER, ""),  # no one to recognise
        (DOWN * 4 + ENTER, ""),  # closing: leave "call back" without owner
    ]
    missed: list[str] = []
    typist = type_and_watch(keys, steps, missed)
    written = run_meeting(team / "agenda.toml", out, err, clock=clock)
    typist.join()
    assert missed == []
    assert written is not None
    mail, call = tomllib.loads(written.read_text("utf-8"))["items"][0]["actions"]
    assert (mail["text"], mail["owner"], mail["due"]) == ("mail the invoice", "Bram", date(2026, 11, 27))
    assert call["owner"] == ""
    text = shown.getvalue()
    assert text.count("This item runs over. Do we wrap up, or take more time on purpose?") == 1
    assert "✓ notes: 12 · decisions: 0 · actions: 2 · without owner: 1 ·" in text


def test_the_chair_recalls_what_it_was_told(team: Path, keys: PipeInput, clock: Clock) -> None:
    four_weeks(team / "minutes")
    out, shown = screen()
    err, _ = screen()
    typed = [
        ENTER,
        ENTER,
        ENTER,
        "pp" + ENTER,  # pass over both open actions (the Enter typed by habit: dropped)
        ENTER,
        "#end" + ENTER,
        "y" + ENTER,  # the Enter typed by habit after the key: dropped
        ENTER,
        ENTER,
    ]
    keys.send_text("".join(typed))
    keys.close()
    written = run_meeting(team / "agenda.toml", out, err, clock=clock, theme="standard")
    assert written is not None
    text = shown.getvalue()
    assert "On Mon 26 Oct 2026 we answered: “They must log in”. Is that still so?" in text
    assert "Still open from that answer:" in text and "[ch1aaa] Send invoices by mail · Bram" in text
    asked = [c["question_id"] for c in tomllib.loads(written.read_text("utf-8"))["chair"]]
    # --theme standard; #end passed over the chair after item 2, so the closing asks the next one
    assert asked == ["irritates", "attention"]


def test_an_unknown_theme_is_one_line(team: Path, keys: PipeInput, clock: Clock) -> None:
    with pytest.raises(
        EmptyChairError, match="no questions with theme 'webshop'; themes: standard, feedback"
    ):
        run_meeting(team / "agenda.toml", *[screen()[0]] * 2, clock=clock, theme="webshop")


def test_the_chair_does_not_name_what_this_meeting_closed(team: Path, keys: PipeInput, clock: Clock) -> None:
    four_weeks(team / "minutes")
    out, shown = screen()
    err, _ = screen()
    typed = [ENTER, ENTER, ENTER, "o", "@chris due:2026-12-04 almost" + ENTER, "d" + ENTER, ENTER]
    typed += ["#end" + ENTER, "y" + ENTER, ENTER, ENTER]  # ch1aaa done, it1bbb still open with Chris
    keys.send_text("".join(typed))
    keys.close()
    assert run_meeting(team / "agenda.toml", out, err, clock=clock, theme="standard") is not None
    text = shown.getvalue()
    assert "On Mon 26 Oct 2026 we answered: “They must log in”" in text
    assert "Still open from that answer:" not in text
    assert "↳ open · Chris · due Fri 4 Dec 2026 · almost" in text


def test_guests_typed_before_ctrl_c_come_back(team: Path, keys: PipeInput, clock: Clock) -> None:
    typed = [ENTER, "Eve, Fr" + CTRL_C, ENTER, ENTER, "ed" + ENTER]  # continue: tick again, finish the name
    typed += [ENTER, "#end" + ENTER, "y" + ENTER, ENTER, ENTER]
    written = run(team, keys, typed, clock)
    assert written is not None
    assert tomllib.loads(written.read_text("utf-8"))["guests"] == ["Eve", "Fred"]


def test_drafts_and_prompts_list_speak_json(team: Path, keys: PipeInput, clock: Clock) -> None:
    run(team, keys, [ENTER, ENTER, "half" + CTRL_C, DOWN + ENTER], clock)
    listed = invoke(["drafts", "--json", "--minutes", str(team / "minutes")])
    (draft,) = json.loads(listed.stdout)["drafts"]
    assert (draft["title"], draft["pending"], draft["minutes_written"], draft["problem"]) == (
        "Weekly support meeting",
        "half",
        None,
        "",
    )
    prompts = json.loads(invoke(["prompts", "list", "--json", "--lang", "nl"]).stdout)
    assert prompts["version"] == 1 and prompts["language"] == "nl"
    assert "Ervaart de klant dat wij hem waarderen?" in [q["text"] for q in prompts["questions"]]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_drafts_json_holds_the_item_as_data_without_quotes(
    team: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    agenda = team / "agenda.toml"
    agenda.write_text(
        agenda.read_text("utf-8").replace('language = "en"', f'language = "{language}"'), "utf-8"
    )
    typed = [ENTER, ENTER, ENTER, "half a note" + CTRL_C, DOWN + ENTER]  # stopped in the first item
    assert run(team, keys, typed, clock) is None

    def drafts(*args: str) -> str:
        done = invoke(["drafts", *args, "--minutes", str(team / "minutes")])
        assert done.exit_code == 0, done.output
        return done.stdout

    (row,) = json.loads(drafts("--json"))["drafts"]
    assert (row["step"], row["item"], row["stopped_at"]) == ("item", "Round the table", "Round the table")
    assert row["pending"] == "half a note"
    assert "“Round the table”" in drafts()  # a sentence still quotes it
