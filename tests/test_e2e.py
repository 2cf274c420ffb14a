"""The installed emptychair in a pseudo-terminal, typed at as a person would."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import tomllib
from pathlib import Path

import pexpect
import pytest

from emptychair.locale import catalogue

from .conftest import coming, shown
from .keys import DOWN, ENTER
from .person import ANSI, EXE, attend, end_meeting, into_first_item, line, resume_and_finish, spawn, typing


@pytest.mark.today  # due:friday is the Friday after the day it runs
def test_a_whole_meeting_on_the_example_agenda(team: Path) -> None:
    friday = coming(4)
    tuesday = coming(1, friday)  # a date typed as a date: soon, on a working day, so not doubted
    child = spawn(team)
    attend(child)
    child.expect("With the customer on the empty chair, we ask ourselves")
    child.expect("Which of our behaviours irritates our customer?")
    child.expect("Our answer, in the customer's words")
    line(child, "They wait a week for an answer")
    child.expect("What colour would the customer give us here")
    child.send("a")  # the letter chooses at once
    child.expect("What does the customer really need here, and did we ask them?")
    child.send("y")  # we know: on to what we change
    child.expect("What do we change about that behaviour?")
    line(child, "answer every mail within a day @dewi due:friday")
    child.expect(f"due {shown(friday)}")
    line(child, "")
    child.expect("Item 1 of 3")
    line(child, "#agreed no gossip about customers, ever")
    child.expect("decision")
    line(child, "")
    child.expect("Item 2 of 3")
    line(child, f"#action @an call the three customers due:{tuesday.isoformat()}")
    child.expect(f"due {shown(tuesday)}")
    line(child, "")
    child.expect("At which moments should our customer get more attention from us?")
    line(child, "")
    child.expect("Item 3 of 3")
    line(child, "")
    child.expect("Nothing noted in this item")  # asked once: Enter again moves on
    line(child, "")
    child.expect("How does our customer experience the way we communicate?")
    line(child, "Too formal")
    child.expect("What colour would the customer give us here")
    line(child, "")
    line(child, "")
    child.expect("Who among us did something exemplary for a customer?")
    line(child, "@chr answered the phone on a Sunday")
    child.expect("Chris")
    line(child, "")
    child.expect("Summary")
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (path,) = (team / "minutes").glob("*.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["title"] == "Weekly support meeting"
    assert data["present"] == ["Anna", "Bram", "Chris", "Dewi"] and data["guests"] == []
    assert data["items"][0]["decisions"] == ["no gossip about customers, ever"]
    (call,) = data["items"][1]["actions"]
    assert (call["text"], call["owner"], str(call["due"])) == (
        "call the three customers",
        "Anna",
        tuesday.isoformat(),
    )
    assert [c["answer"] for c in data["chair"]] == ["They wait a week for an answer", "", "Too formal"]
    assert [c["rating"] for c in data["chair"]] == ["amber", "", ""]
    assert data["recognition"] == [{"person": "Chris", "text": "answered the phone on a Sunday"}]
    (mail,) = data["chair"][0]["actions"]
    assert (mail["text"], mail["owner"], str(mail["due"])) == (
        "answer every mail within a day",
        "Dewi",
        str(friday),
    )


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 143)])
def test_sighup_or_sigterm_at_an_open_terminal_loses_nothing(team: Path, signum: int, code: int) -> None:
    child = spawn(team)
    attend(child)
    child.expect("Our answer, in the customer's words")
    line(child, "")
    child.expect("Item 1 of 3")
    line(child, "first note")
    child.expect("note: first note")
    child.send("half a sentence")
    child.expect("half a sentence")
    child.kill(signum)
    child.expect("Saved. Continue later with: emptychair run")  # the terminal is still there to say it
    child.expect(pexpect.EOF)
    child.close()
    assert (child.exitstatus, child.signalstatus) == (code, None)

    (draft,) = (team / "minutes" / ".drafts").iterdir()
    assert tomllib.loads(draft.read_text("utf-8"))["pending"] == "half a sentence"

    item = resume_and_finish(team, "half a sentence", " finished")
    assert item["notes"] == ["first note", "half a sentence finished"]
    assert not draft.exists()


def test_a_dumb_terminal_is_asked_the_same_way_and_loses_nothing(team: Path) -> None:
    """TERM=dumb (an editor's shell window): the same prompts, and a stop keeps the typed line."""
    child = spawn(team, term="dumb")
    into_first_item(child)
    child.send("half a sentence")
    child.expect("half a sentence")
    child.kill(signal.SIGTERM)
    child.expect("Saved. Continue later with: emptychair run")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 143
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    assert tomllib.loads(draft.read_text("utf-8"))["pending"] == "half a sentence"


def test_ctrl_c_then_save_and_stop(team: Path) -> None:
    child = spawn(team)
    into_first_item(child)
    line(child, "kept note")
    child.expect("note: kept note")
    child.send("typed before ctrl-c")
    child.expect("ctrl-c")
    child.sendcontrol("c")
    child.expect("What now")
    child.send(DOWN + ENTER)
    child.expect("Saved. Continue later with: emptychair run")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (draft,) = (team / "minutes" / ".drafts").iterdir()
    saved = tomllib.loads(draft.read_text("utf-8"))
    assert saved["pending"] == "typed before ctrl-c"
    assert [e.get("text") for e in saved["events"] if e["kind"] == "note"] == ["kept note"]


def test_kill_9_keeps_every_completed_entry_and_the_lock_is_taken_over(team: Path) -> None:
    holder = spawn(team)
    into_first_item(holder)
    line(holder, "first")
    holder.expect("note: first")
    line(holder, "#agreed second")
    holder.expect("decision: second")

    second = spawn(team)  # the folder is held: refused, with who holds it
    second.expect(pexpect.EOF)
    second.close()
    assert second.exitstatus == 2
    assert f"a meeting is already running on minutes (host {os.uname().nodename}, pid {holder.pid}" in (
        second.before.replace("\r\n", " ").replace("\n", " ")
    )

    holder.send("not finished")
    holder.expect("not finished")
    holder.kill(signal.SIGKILL)
    holder.expect(pexpect.EOF)
    holder.close()

    child = spawn(team, "--resume")  # the dead holder's lock is free again
    child.expect("Item 1 of 3")
    end_meeting(child)
    (path,) = (team / "minutes").glob("*.toml")
    item = tomllib.loads(path.read_text("utf-8"))["items"][0]
    assert (item["notes"], item["decisions"]) == (["first"], ["second"])


def answering(child: pexpect.spawn, pattern: str, row: int = 40) -> None:
    """Wait for `pattern`, answering prompt_toolkit's cursor-position requests as a terminal does.

    prompt_toolkit draws the bottom toolbar only once it knows where the cursor is (ESC[6n).
    """
    while child.expect([r"\x1b\[6n", pattern]) == 0:
        child.send(f"\x1b[{row};1R")


@pytest.mark.today  # due:vrijdag is the Friday after the day it runs
def test_a_dutch_meeting_shows_only_dutch_and_its_time_box(tmp_path: Path) -> None:
    friday = coming(4)
    subprocess.run([str(EXE), "init", str(tmp_path), "--lang", "nl"], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "PROMPT_TOOLKIT_NO_CPR"}
    env |= {"TERM": "xterm", "NO_COLOR": "1", "LANG": "nl_NL.UTF-8"}
    screen = io.StringIO()
    child = typing(
        pexpect.spawn(
            str(EXE), ["run"], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=10, dimensions=(40, 120)
        )
    )
    child.logfile_read = screen
    answering(child, "Wie is er aanwezig")
    line(child, "")
    answering(child, "Gasten")
    line(child, "")
    answering(child, "Met de klant op de lege stoel vragen we ons af")
    answering(child, "Ons antwoord, in de woorden van de klant")
    line(child, "Ze moeten inloggen voor een factuur")
    answering(child, "Welke kleur zou de klant ons hier geven")
    child.send("o")  # oranje: the letter chooses at once
    answering(child, "Wat heeft de klant hier echt nodig, en hebben we het gevraagd")
    child.send("j")  # we weten het: door naar wat we veranderen
    answering(child, "Wat veranderen we aan dat gedrag")
    line(child, "factuur weer per mail @an")
    answering(child, "zonder actiehouder|Anna")
    line(child, "")
    answering(child, "Punt 1 van 3")
    answering(child, r"nog \d+:\d\d")  # the time box in the bottom toolbar
    line(child, "#actie @b klanten terugbellen due:vrijdag")
    answering(child, "actie: klanten terugbellen")
    line(child, "#besluit geen roddels over klanten")
    answering(child, "besluit:")
    answering(child, "Hoe gaat de klant iets merken van")  # on in the starter: the check quotes it
    line(child, "Ze worden netjes besproken")
    answering(child, "Wat doen we eraan")
    line(child, "")
    line(child, "#onzin")
    answering(child, "ken ik niet")
    child.send("\x15")  # Ctrl-U: clear the line that came back for editing
    line(child, "")
    answering(child, "Punt 2 van 3")
    line(child, "#einde")
    answering(child, "Het overleg nu beëindigen")
    child.send("j" + ENTER)  # answered by the key; the Enter typed by habit after it is dropped
    for turn in range(1, 4):  # the Dutch starter has a closing round ("Rondvraag"): each passes
        answering(child, f"Rondvraag {turn} van 3")
        line(child, "")
    answering(child, "Ons antwoord, in de woorden van de klant")
    line(child, "")
    answering(child, "Wie van ons heeft iets moois voor een klant gedaan")
    line(child, "@anna belde een klant op zondag terug")
    answering(child, "Anna")
    line(child, "")
    answering(child, "Notulen geschreven naar")
    child.expect(pexpect.EOF)

    (path,) = (tmp_path / "minutes").glob("*.toml")
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["language"] == "nl"
    (call,) = data["items"][0]["actions"]
    assert (call["text"], call["owner"]) == ("klanten terugbellen", "Bram")
    assert str(call["due"]) == str(friday)
    assert data["chair"][0]["question"] == "Aan welk gedrag van ons irriteert onze klant zich?"
    assert data["chair"][0]["rating"] == "amber"
    assert data["chair"][1]["question"] == "Hoe gaat de klant iets merken van “geen roddels over klanten”?"
    assert data["recognition"] == [{"person": "Anna", "text": "belde een klant op zondag terug"}]

    shown = ANSI.sub("", screen.getvalue())
    english = [
        text.split("{")[0].strip() for key, text in catalogue("en").items() if text != catalogue("nl")[key]
    ]
    leaks = [text for text in english if len(text) > 6 and text in shown]
    leaks += [word for word in ("Use arrow keys", "selections)", "(y/N)", "Y/n") if word in shown]
    assert leaks == []


def test_an_enter_that_follows_a_key_a_moment_later_answers_nothing_more(team: Path) -> None:
    """The key alone, then the habit's Enter as its own keystroke once the next prompt is up: that
    prompt drops it and takes what is typed next."""
    child = spawn(team)
    into_first_item(child)
    line(child, "#end")
    child.expect("End the meeting now")
    child.send("y")
    child.expect("Our answer, in the customer's words")
    child.send(ENTER)  # by habit, a moment after the y
    line(child, "They feel heard")
    child.expect("What colour would the customer give us here")
    child.send("g" + ENTER)
    child.expect("Enter on an empty line when done")
    line(child, "")
    child.expect("@name what they did")
    line(child, "")
    child.expect("Minutes written to")
    child.expect(pexpect.EOF)
    (written,) = (team / "minutes").glob("*.toml")
    closing = tomllib.loads(written.read_text("utf-8"))["chair"][-1]
    assert (closing["answer"], closing["rating"]) == ("They feel heard", "green")
