"""The chair's voice: espeak-ng, written to WAV files that are checked to hold speech, or handed to a
player. The voice comes from pip (espeakng-loader); the espeak-ng program and the sound players are
small stand-ins on PATH where a test needs them, as this machine has none of them."""

from __future__ import annotations

import array
import io
import math
import operator
import statistics
import sys
import time
import tomllib
import wave
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput
from rich.console import Console

from emptychair.files.folder import Recordings
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
    "j" + ENTER,  # ja (the Enter typed by habit after the key: dropped)
    ENTER,  # the chair before the closing: no answer
    ENTER,  # nobody named for the recognition
]


def dutch(team: Path) -> Path:
    agenda = team / "agenda.toml"
    agenda.write_text(agenda.read_text("utf-8").replace('language = "en"', 'language = "nl"'), "utf-8")
    return agenda


def see(written: Path) -> str:
    """The last line of a Dutch meeting: how to see its minutes, from a folder that is not the team's."""
    return f"Bekijk ze met: emptychair minutes show {written.stem} --minutes {written.parent.resolve()}"


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
    return seconds, (sum(map(operator.mul, samples, samples)) / max(len(samples), 1)) ** 0.5


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
    assert written is not None and said.getvalue() == f"Notulen geschreven naar {written}\n{see(written)}\n"

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
    # the Dutch voice: the opening sounds as the Dutch voice says it, not as the English one does
    direct = {lang: said_in(lang, opening, tmp_path / lang) for lang in ("nl", "en")}
    assert (
        alike(files[0].read_bytes(), direct["nl"]) > 0.95 > 0.8 > alike(files[0].read_bytes(), direct["en"])
    )


def alike(one: bytes, other: bytes) -> float:
    """How alike two WAV files of speech sound: the correlation of their loudness, 20 ms at a time.
    espeak-ng varies a little from one utterance to the next (about 0.998 for the same voice); the
    other language's voice says the same words otherwise (below 0.5)."""
    curves = []
    for data in (one, other):
        with wave.open(io.BytesIO(data)) as wav:
            samples = array.array("h", wav.readframes(wav.getnframes()))
            step = wav.getframerate() // 50
        curves.append([math.hypot(*samples[i : i + step]) for i in range(0, len(samples) - step, step)])
    n = min(len(c) for c in curves)
    return statistics.correlation(curves[0][:n], curves[1][:n])


def said_in(lang: str, text: str, folder: Path) -> bytes:
    err, said = messages()
    chair = chair_voice(lang, err, Recordings(folder))
    assert chair is not None
    chair.say(text)
    chair.close()
    (path,) = folder.iterdir()
    assert said.getvalue() == ""
    return path.read_bytes()


def test_saying_never_waits_for_the_synthesiser(tmp_path: Path) -> None:
    err, said = messages()
    chair = chair_voice("en", err, Recordings(tmp_path))
    assert chair is not None
    long_text = " ".join(["Which of our behaviours irritates our customer?"] * 30)
    begun = time.monotonic()
    chair.say(long_text)
    asked = time.monotonic() - begun
    chair.close()  # waits until the WAV file is whole
    spoken = time.monotonic() - begun
    assert asked < spoken / 10
    (path,) = tmp_path.iterdir()
    plausible(path, long_text)
    assert said.getvalue() == ""


def test_a_machine_without_a_voice_is_one_line_and_the_meeting_goes_on(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)  # as Python says "not installed"
    monkeypatch.setenv("PATH", str(tmp_path))  # and no espeak-ng program
    keys.send_text("".join(DUTCH_MEETING))
    keys.close()
    out, _ = screen()
    err, said = messages()
    written = run_meeting(dutch(team), out, err, clock=clock, speak=True)
    assert written is not None
    assert said.getvalue().splitlines() == [
        "de stoel kan niet spreken: er is geen stem geïnstalleerd (installeer er een met: "
        "pip install 'emptychair[voice]', of apt-get install espeak-ng); het overleg gaat stil verder",
        f"Notulen geschreven naar {written}",
        see(written),
    ]


def test_speaking_aloud_without_a_sound_player_is_one_line_and_the_meeting_goes_on(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no aplay, paplay or pw-play: the voice has no way out
    keys.send_text("".join(DUTCH_MEETING))
    keys.close()
    out, _ = screen()
    err, said = messages()
    written = run_meeting(dutch(team), out, err, clock=clock, speak=True)
    assert written is not None
    assert said.getvalue().splitlines() == [
        "de stoel kan niet hardop spreken: er is geen geluidsspeler geïnstalleerd (aplay/paplay/pw-play); "
        "het overleg gaat stil verder",
        f"Notulen geschreven naar {written}",
        see(written),
    ]


def program(folder: Path, name: str, body: str) -> Path:
    """A small program on PATH, in Python, that stands in for one this machine does not have."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(
        f"#!{sys.executable}\nimport sys\nfrom pathlib import Path\nHERE = Path({str(folder)!r})\n{body}"
    )
    path.chmod(0o755)
    return path


# aplay on a machine with a sound device: what it plays is kept to be listened to
PLAYS = """
data = sys.stdin.buffer.read()
(HERE / f"played-{len(list(HERE.glob('played-*'))) + 1}.wav").write_bytes(data)
"""
# aplay on a machine without one, as it says it
NO_DEVICE = """
sys.stdin.buffer.read()
sys.exit("aplay: main:850: audio open error: No such file or directory")
"""


def test_aloud_the_speech_goes_to_the_sound_player(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program(tmp_path / "bin", "aplay", PLAYS)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    err, said = messages()
    chair = chair_voice("en", err)
    assert chair is not None
    questions = ["Which of our behaviours irritates our customer?", "What do we change about that behaviour?"]
    for question in questions:
        chair.say(question)
    chair.close(wait=True)  # aloud, the meeting does not wait for the last words: the test does
    for n, question in enumerate(questions, 1):
        plausible(tmp_path / "bin" / f"played-{n}.wav", question)
    assert said.getvalue() == ""


def test_no_sound_out_of_the_player_is_said_once_and_the_chair_falls_silent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    program(tmp_path / "bin", "aplay", NO_DEVICE)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    err, said = messages()
    chair = chair_voice("nl", err)
    assert chair is not None
    chair.say("Aan welk gedrag van ons irriteert onze klant zich?")
    chair.close(wait=True)
    chair.say("Wat veranderen we aan dat gedrag?")  # the next question says it, and is not tried
    chair.say("Wie van ons deed iets voorbeeldigs voor een klant?")
    assert said.getvalue() == (
        "er kwam geen geluid uit de stoel (aplay: main:850: audio open error: No such file or directory); "
        "het overleg gaat stil verder\n"
    )
    assert chair.count == 1 and not list((tmp_path / "bin").glob("played-*"))


# The espeak-ng program where espeakng-loader is not installed. This one speaks a tone, 0.3 s a
# word, in a real WAV; played by itself on a machine without a sound device, it says what espeak-ng
# 1.51 says there (these lines among others) and exits 0 as espeak-ng does.
ESPEAK = """
import math, struct, wave
args = sys.argv[1:]
with (HERE / "calls").open("a") as calls:
    print(" ".join(args), file=calls)
words = sys.stdin.read().split()
if "-w" not in args and "--stdout" not in args:
    sys.stderr.write("ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\\n"
                     "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\\n"
                     "error: No such file or directory\\n")
    sys.exit(0)
out = open(args[args.index("-w") + 1], "wb") if "-w" in args else sys.stdout.buffer
with wave.open(out, "wb") as wav:
    wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(22050)
    tone = (int(8000 * math.sin(2 * math.pi * 220 * n / 22050)) for n in range(int(0.3 * 22050 * len(words))))
    wav.writeframes(b"".join(struct.pack("<h", s) for s in tone))
"""


def test_without_the_package_the_espeak_ng_program_speaks(
    team: Path, keys: PipeInput, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "espeakng_loader", None)
    program(tmp_path / "bin", "espeak-ng", ESPEAK)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    keys.send_text("".join(DUTCH_MEETING))
    keys.close()
    out, _ = screen()
    err, said = messages()
    written = run_meeting(dutch(team), out, err, clock=clock, speak_to=tmp_path / "spoken")
    assert written is not None and said.getvalue() == f"Notulen geschreven naar {written}\n{see(written)}\n"
    assert (tmp_path / "bin" / "calls").read_text("utf-8").splitlines() == ["-v nl --stdout"] * 4
    chair = tomllib.loads(written.read_text("utf-8"))["chair"]
    plausible(sorted((tmp_path / "spoken").iterdir())[0], chair[0]["question"])

    # aloud, with no player: espeak-ng plays it itself, and only its stderr tells that no one heard
    err, said = messages()
    voice = chair_voice("en", err)
    assert voice is not None
    voice.say("Which of our behaviours irritates our customer?")
    voice.close(wait=True)
    voice.say("What do we change about that behaviour?")
    assert said.getvalue() == (
        "no sound came out of the chair (ALSA lib confmisc.c:855:(parse_card) cannot find card '0'); "
        "the meeting goes on silently\n"
    )
    assert (tmp_path / "bin" / "calls").read_text("utf-8").splitlines()[-1] == "-v en"


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", "utf-8")
    err, said = messages()
    assert chair_voice("en", err, Recordings(tmp_path / "taken" / "voice")) is None
    assert said.getvalue() == (
        f"the chair cannot speak into {tmp_path}/taken/voice: Not a directory; the meeting goes on silently\n"
    )


def test_a_failure_to_speak_is_said_once_and_the_chair_falls_silent(tmp_path: Path) -> None:
    err, said = messages()
    spoken = tmp_path / "spoken"
    chair = chair_voice("en", err, Recordings(spoken))
    assert chair is not None
    spoken.rmdir()  # the folder went away during the meeting
    chair.say("Which of our behaviours irritates our customer?")
    chair.close()
    assert said.getvalue() == (
        f"the chair could not speak ({spoken}/01-which-of-our-behaviours-irritates-our-customer.wav: "
        "No such file or directory); the meeting goes on silently\n"
    )
    chair.say("What do we change about that behaviour?")  # not tried again, not said again
    assert said.getvalue().count("could not speak") == 1 and chair.count == 1


def test_speak_to_from_the_command_line(team: Path) -> None:
    child = spawn(team, "--speak-to", "spoken")
    attend(child)
    child.expect("Our answer, in the customer's words")
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
