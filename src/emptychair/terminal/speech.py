"""The chair's voice: its questions spoken aloud, or written as WAV files.

The speech is espeak-ng's: its library as the `espeakng-loader` package ships it (the `voice` extra,
nothing to install outside pip), else the `espeak-ng` program. Aloud, the sound goes to a player
(aplay, paplay, pw-play), whose exit status tells whether any sound came out: espeak-ng itself exits
0 on a machine without a sound device, and the library plays nothing at all.

Speaking happens on a thread of its own, one utterance after the other, so that typing never waits
for the synthesiser. What went wrong there is said from the main thread, at the next question or at
the end, never while a prompt owns the terminal.
"""

from __future__ import annotations

import ctypes
import io
import os
import queue
import re
import shutil
import subprocess
import threading
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console

from emptychair.locale import tr
from emptychair.terminal.panels import safe
from emptychair.text import UNSAFE, slug

SYNTHESISER = "espeak-ng"
VOICES = {"en": "en", "nl": "nl"}
PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play", "-"))  # each reads the WAV on its standard input
_UNSPOKEN = re.compile(f"[{UNSAFE}]")
# What espeak-ng says on stderr when it speaks to no one, though it exits 0 ("ALSA lib pcm.c: …").
_TROUBLE = re.compile(r"^(error|can't|cannot)|alsa|audio", re.IGNORECASE)


class SpeechError(Exception):
    """Speech that could not be made or heard; the message says why, in the synthesiser's words."""


# --- the synthesisers: text in, a WAV file's bytes out -------------------------------------------

# espeak-ng's speak_lib.h
_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: the samples come to the callback, nothing is played
_DONT_EXIT = 0x8000  # espeakINITIALIZE_DONT_EXIT: an error is returned, the process goes on
_UTF8, _BY_CHARACTER = 1, 1  # espeakCHARS_UTF8, POS_CHARACTER
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class EspeakLibrary:
    """espeak-ng's library, loaded with ctypes. It keeps one state per process: one lock for all."""

    lock = threading.Lock()

    def __init__(self, lib: ctypes.CDLL, rate: int) -> None:
        self.lib, self.rate = lib, rate
        self.samples: list[bytes] = []
        self.callback = _CALLBACK(self._collect)  # kept here: the library holds only its address
        lib.espeak_SetSynthCallback(self.callback)

    def _collect(self, wav: Any, count: int, events: Any) -> int:
        if wav and count > 0:
            self.samples.append(ctypes.string_at(wav, count * 2))
        return 0  # go on

    def wav(self, text: str, voice: str) -> bytes:
        data = text.encode("utf-8") + b"\0"
        with self.lock:
            self.samples = []
            if self.lib.espeak_SetVoiceByName(voice.encode("ascii")) != 0:
                raise SpeechError(f"no voice {voice!r} in {SYNTHESISER}")
            done = self.lib.espeak_Synth(data, len(data), 0, _BY_CHARACTER, 0, _UTF8, None, None)
            if done != 0:
                raise SpeechError(f"{SYNTHESISER} failed (error {done})")
            samples, self.samples = b"".join(self.samples), []
        return _wav(samples, self.rate)


@cache
def _library(path: str, data: str) -> EspeakLibrary | None:
    """espeak-ng's library at `path` with its voices in `data`, or None where it cannot be used. It
    is loaded once: it keeps its state in the process."""
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]  # fmt: skip
    # the folder that holds espeak-ng-data: every version of the library looks there
    rate = lib.espeak_Initialize(_SYNCHRONOUS, 0, os.fsencode(Path(data).parent), _DONT_EXIT)
    return EspeakLibrary(lib, rate) if rate > 0 else None


def _wav(samples: bytes, rate: int) -> bytes:
    """A mono 16-bit WAV file holding `samples`."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples)
    return out.getvalue()


@dataclass(frozen=True)
class EspeakProgram:
    """The espeak-ng program, where the library is not installed."""

    path: str

    def wav(self, text: str, voice: str) -> bytes:
        done = subprocess.run([self.path, "-v", voice, "--stdout"], input=text.encode("utf-8"),
                              capture_output=True, check=False)  # fmt: skip
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if done.returncode != 0 or not done.stdout.startswith(b"RIFF"):
            raise SpeechError((said or [f"{SYNTHESISER} exit {done.returncode}"])[-1])
        return done.stdout

    def say(self, text: str, voice: str) -> None:
        """Aloud, where no player is found: espeak-ng plays the sound itself, and its stderr is all
        that tells that no sound came out."""
        done = subprocess.run(
            [self.path, "-v", voice], input=text, capture_output=True, text=True, check=False
        )
        trouble = [ln for ln in done.stderr.splitlines() if _TROUBLE.search(ln)]
        if done.returncode != 0 or trouble:  # the first line names the cause: "cannot find card '0'"
            raise SpeechError((trouble or done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[0])


Synthesiser = EspeakLibrary | EspeakProgram


def synthesiser() -> Synthesiser | None:
    """The library where the package is installed, else the program where it is on PATH."""
    try:
        import espeakng_loader

        found = _library(espeakng_loader.get_library_path(), espeakng_loader.get_data_path())
    except (ImportError, RuntimeError):  # not installed; installed without its voices
        found = None
    if found is not None:
        return found
    program = shutil.which(SYNTHESISER)
    return EspeakProgram(program) if program else None


def player() -> list[str] | None:
    """The command that plays a WAV file read from its standard input, if one is installed."""
    for name, *options in PLAYERS:
        path = shutil.which(name)
        if path:
            return [path, *options]
    return None


# --- the voice ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Failure:
    """Why the chair's voice was not heard."""

    key: str  # speech_failed: nothing was made; speech_unheard: made, but no sound came out
    message: str


class WavFolder(Protocol):
    """Where `run --speak-to` wants the chair's questions as WAV files; the files layer gives one."""

    @property
    def path(self) -> Path: ...

    def ready(self) -> None: ...

    def keep(self, name: str, data: bytes) -> None: ...


class Voice:
    """Says texts in one language: into numbered WAV files in `to`, else aloud through `play`."""

    def __init__(
        self,
        synth: Synthesiser,
        lang: str,
        err: Console,
        to: WavFolder | None = None,
        play: list[str] | None = None,
    ) -> None:
        self.synth, self.lang, self.err, self.to, self.play = synth, lang, err, to, play
        self.count = 0
        self.failure: _Failure | None = None  # the first thing that went wrong on the speaking thread
        self.said_failure = False
        self.queue: queue.Queue[tuple[str, str | None] | None] = queue.Queue()
        # Held while speech is made aloud: the process does not end inside the library's synthesis.
        self.making = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._work, name="chair-voice", daemon=True)
        self.thread.start()

    def say(self, text: str) -> None:
        """Queue `text` and return at once; after a failure the chair stays silent."""
        self._report()
        if self.failure:
            return
        spoken = " ".join(_UNSPOKEN.sub(" ", text).split())
        if not spoken:
            return
        self.count += 1
        wav = f"{self.count:02d}-{_short(slug(spoken, 'chair'))}.wav" if self.to else None
        self.queue.put((spoken, wav))

    def close(self, wait: bool = False) -> None:
        """Let what is queued be written (WAV files), or said aloud with `wait`; else aloud, what is
        being said plays on and no more is made. Then say any failure."""
        self.queue.put(None)
        if self.to is not None or wait:
            self.thread.join()
        else:
            with self.making:  # the process may end now, but not inside the library's synthesis
                self.closed = True
        self._report()

    def _work(self) -> None:
        while (job := self.queue.get()) is not None:
            if self.failure is None:
                self.failure = self._speak(*job)

    def _speak(self, text: str, wav: str | None) -> _Failure | None:
        voice = VOICES.get(self.lang, "en")
        try:
            if wav is None:
                self._aloud(text, voice)
                return None
            made = self.synth.wav(text, voice)
        except SpeechError as exc:
            return _Failure("speech_unheard" if wav is None else "speech_failed", str(exc))
        except OSError as exc:  # the program or the player could not be started
            return _Failure("speech_failed", exc.strerror or str(exc))
        assert self.to is not None  # a name is given only when there is a folder
        try:
            self.to.keep(wav, made)
        except OSError as exc:
            return _Failure("speech_failed", f"{self.to.path / wav}: {exc.strerror or exc}")
        return None

    def _aloud(self, text: str, voice: str) -> None:
        with self.making:
            if self.closed:
                return
            made = self.synth.wav(text, voice) if self.play is not None else b""
        if self.play is not None:
            _play(self.play, made)
        elif isinstance(self.synth, EspeakProgram):
            self.synth.say(text, voice)

    def _report(self) -> None:
        if self.failure and not self.said_failure:
            self.said_failure = True
            self.err.print(
                safe(tr(self.lang, self.failure.key, message=self.failure.message)), style="yellow"
            )


def _play(command: list[str], wav: bytes) -> None:
    done = subprocess.run(command, input=wav, capture_output=True, check=False)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SpeechError((said or [f"{Path(command[0]).name} exit {done.returncode}"])[-1])


def _short(name: str, most: int = 50) -> str:
    """The first words of a slug that fit in `most` characters."""
    return name if len(name) <= most else name[: most + 1].rsplit("-", 1)[0]


def chair_voice(lang: str, err: Console, to: WavFolder | None = None) -> Voice | None:
    """The chair's voice, or None after one line that says why there is none: the meeting goes on."""
    synth = synthesiser()
    if synth is None:
        said = tr(lang, "speech_missing", program=SYNTHESISER)  # as text: its [voice] is no markup
        err.print(safe(said), style="yellow")
        return None
    play = None
    if to is not None:
        try:
            to.ready()
        except OSError as exc:
            said = tr(lang, "speech_no_folder", path=str(to.path), message=exc.strerror or str(exc))
            err.print(safe(said), style="yellow")
            return None
    else:
        play = player()
        if play is None and isinstance(synth, EspeakLibrary):
            players = "/".join(name for name, *_ in PLAYERS)
            err.print(safe(tr(lang, "speech_no_player", players=players)), style="yellow")
            return None
    return Voice(synth, lang, err, to, play)
