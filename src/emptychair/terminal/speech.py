"""The chair's voice: its questions spoken by espeak-ng, or written as WAV files.

Speaking happens on a thread of its own, one utterance after the other, so that typing never waits
for the synthesiser. What went wrong there is said from the main thread, at the next question or at
the end, never while a prompt owns the terminal.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import threading
from pathlib import Path

from rich.console import Console

from emptychair.locale import tr
from emptychair.terminal.panels import safe
from emptychair.text import UNSAFE, slug

SYNTHESISER = "espeak-ng"
VOICES = {"en": "en", "nl": "nl"}
_UNSPOKEN = re.compile(f"[{UNSAFE}]")


class Voice:
    """Says texts in one language, aloud or into numbered WAV files in `to`."""

    def __init__(self, program: str, lang: str, err: Console, to: Path | None = None) -> None:
        self.program, self.lang, self.err, self.to = program, lang, err, to
        self.count = 0
        self.failure = ""  # the first thing that went wrong on the speaking thread
        self.said_failure = False
        self.queue: queue.Queue[tuple[str, Path | None] | None] = queue.Queue()
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
        wav = self.to / f"{self.count:02d}-{_short(slug(spoken, 'chair'))}.wav" if self.to else None
        self.queue.put((spoken, wav))

    def close(self) -> None:
        """Let what is queued be written (WAV files) or leave it speaking (aloud), then say any failure."""
        self.queue.put(None)
        if self.to is not None:
            self.thread.join()
        self._report()

    def _work(self) -> None:
        while (job := self.queue.get()) is not None:
            text, wav = job
            command = [self.program, "-v", VOICES.get(self.lang, "en")]
            if wav is not None:
                command += ["-w", str(wav)]
            try:
                done = subprocess.run(command, input=text, capture_output=True, text=True, check=False)
            except OSError as exc:
                self.failure = self.failure or (exc.strerror or str(exc))
                continue
            # espeak-ng exits 0 when it finds no sound device or cannot write the file: it says so
            trouble = [ln for ln in done.stderr.splitlines() if ln.lower().startswith(("error", "can't"))]
            if done.returncode != 0 or trouble or (wav is not None and not wav.is_file()):
                last = (trouble or done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
                self.failure = self.failure or last

    def _report(self) -> None:
        if self.failure and not self.said_failure:
            self.said_failure = True
            self.err.print(safe(tr(self.lang, "speech_failed", message=self.failure)), style="yellow")


def _short(name: str, most: int = 50) -> str:
    """The first words of a slug that fit in `most` characters."""
    return name if len(name) <= most else name[: most + 1].rsplit("-", 1)[0]


def chair_voice(lang: str, err: Console, to: Path | None = None) -> Voice | None:
    """The chair's voice, or None after one line that says why there is none: the meeting goes on."""
    program = shutil.which(SYNTHESISER)
    if program is None:
        err.print(tr(lang, "speech_missing", program=SYNTHESISER), style="yellow")
        return None
    if to is not None:
        try:
            to.mkdir(parents=True, exist_ok=True)
            if not os.access(to, os.W_OK):
                raise PermissionError(13, "permission denied")
        except OSError as exc:
            said = tr(lang, "speech_no_folder", path=str(to), message=exc.strerror or str(exc))
            err.print(safe(said), style="yellow")
            return None
    return Voice(program, lang, err, to)
