"""The chair's voice: espeak-ng, written to WAV files that are checked to hold speech."""

from __future__ import annotations

import array
import io
import subprocess
import time
import tomllib
import wave
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from rich.console import Console

from emptychair.terminal.run import run_meeting
from emptychair.terminal.speech import chair_voice

from .conftest import Clock, screen
from .keys import ENTER
from .person import attend, end_meeting, line, spawn

DUTCH_MEETING = [
    ENTER,  # everyone on the list is present
    ENTER,  # no guests
    "Ze wachten een week op antwoord" + ENTER,  # the chair at the opening
    ENTER,  # no rating: the chair still asks what to change
    ENTER,  # no action
    "#end" + ENTER,
    "j" + ENTER,  # ja
    ENTER,  # the chair before the closing: no answer
    ENTER,  # nobody named for the recognition
]


def dutch(team: Path) -> Path:
    agenda = team / "agenda.toml"
    agenda.write_text(agenda.read_text("utf-8").replace('language = "en"', 'language = "nl"'), "utf-8")
    return agenda


def messages() -> tuple[Console, io.StringIO]:
    """Stderr as the meeting writes it: one line per message, however long."""
    buffer = io.StringIO()
    return Console(file=buffer, width=100, soft_wrap=True, color_system=None), buffer


def speech(path: Path) -> tuple[float, float]:
    """Seconds of sound in a mono 16-bit WAV file, and its loudness (RMS of the samples)."""
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        samples = array.array("h", wav.readframes(wav.getnframes()))
        seconds = wav.getnframes() / wav.getframerate()
    return seconds, (sum(s * s for s in samples) / max(len(samples), 1)) ** 0.5


def plausible(path: Path, text: str) -> None:
    """Speech, not silence, about as long as the words take to say (espeak-ng: 175 a minute)."""
    seconds, loudness = speech(path)
    words = len(text.split())
    assert 0.15 * words < seconds < 0.8 * words + 1, (path.name, seconds, words)
    assert loudness > 500, (path.name, loudness)


def test_the_chairs_questions_are_written_as_wav_files_in_dutch(
    team: Path, keys: PipeInput, clock: Clock, tmp_path: Path
) -> None:
    keys.send_text("".join(DUTCH_MEETING))
    keys.close()
    out, _ = screen()
    err, said = messages()
    spoken = tmp_path / "spoken"
    written = run_meeting(dutch(team), out, err, clock=clock, speak_to=spoken)
    assert written is not None and said.getvalue() == f"Notulen geschreven naar {written}\n"

    chair = tomllib.loads(written.read_text("utf-8"))["chair"]
    opening, closing = chair[0]["question"], chair[1]["question"]
    files = sorted(spoken.iterdir())
    assert len(files) == 4  # the opening question, its follow-up, the closing question, the recognition
    for path in files:
        assert path.suffix == ".wav"
        seconds, _ = speech(path)
        assert seconds > 0.5
    plausible(files[0], opening)
    plausible(files[2], closing)
    # the Dutch voice: espeak-ng writes the same file for the same words and voice
    direct = tmp_path / "direct.wav"
    subprocess.run(["espeak-ng", "-v", "nl", "-w", str(direct)], input=opening, text=True, check=True)
    assert files[0].read_bytes() == direct.read_bytes()


def test_saying_never_waits_for_the_synthesiser(tmp_path: Path) -> None:
    err, said = messages()
    chair = chair_voice("en", err, tmp_path)
    assert chair is not None
    long_text = " ".join(["Which of our behaviours irritates our customer?"] * 120)
    begun = time.monotonic()
    chair.say(long_text)
    asked = time.monotonic() - begun
    chair.close()  # waits until the WAV file is whole
    spoken = time.monotonic() - begun
    assert asked < spoken / 10
    (path,) = tmp_path.iterdir()
    plausible(path, long_text)
    assert said.getvalue() == ""


def test_a_missing_synthesiser_is_one_line_and_the_meeting_goes_on(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without espeak-ng
    keys.send_text("".join(DUTCH_MEETING))
    keys.close()
    out, _ = screen()
    err, said = messages()
    written = run_meeting(dutch(team), out, err, clock=clock, speak=True)
    assert written is not None
    assert said.getvalue().splitlines()[0] == (
        "de stoel kan niet spreken: espeak-ng is niet geïnstalleerd "
        "(installeer het met: apt-get install espeak-ng); het overleg gaat stil verder"
    )
    assert len(said.getvalue().splitlines()) == 2  # and the line that says where the minutes are


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", "utf-8")
    err, said = messages()
    assert chair_voice("en", err, tmp_path / "taken" / "voice") is None
    assert said.getvalue() == (
        f"the chair cannot speak into {tmp_path}/taken/voice: Not a directory; the meeting goes on silently\n"
    )


def test_a_failure_to_speak_is_said_once_and_the_chair_falls_silent(tmp_path: Path) -> None:
    err, said = messages()
    spoken = tmp_path / "spoken"
    chair = chair_voice("en", err, spoken)
    assert chair is not None
    spoken.rmdir()  # the folder went away during the meeting
    chair.say("Which of our behaviours irritates our customer?")
    chair.close()
    assert said.getvalue() == (
        f"the chair could not speak (Can't write to: '{spoken}/01-which-of-our-behaviours-irritates-our-customer.wav'); "
        "the meeting goes on silently\n"
    )
    chair.say("What do we change about that behaviour?")  # not tried again, not said again
    assert said.getvalue().count("could not speak") == 1 and chair.count == 1


def test_speak_to_from_the_command_line(team: Path) -> None:
    child = spawn(team, "--speak-to", "spoken")
    attend(child)
    child.expect("Our answer, on the customer's behalf")
    line(child, "")
    child.expect("Item 1 of 3")
    end_meeting(child)
    child.close()
    assert child.exitstatus == 0
    names = sorted(p.name for p in (team / "spoken").iterdir())
    assert names == [
        "01-which-of-our-behaviours-irritates-our-customer.wav",
        "02-at-which-moments-should-our-customer-get-more.wav",
        "03-who-among-us-did-something-exemplary-for-a.wav",
    ]
    plausible(team / "spoken" / names[0], "Which of our behaviours irritates our customer?")
