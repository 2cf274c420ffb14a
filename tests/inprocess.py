"""The command line run inside the test's own process: the same `main` the installed command calls,
its output captured, in about a millisecond instead of the few hundred a new Python takes. For
commands that need no prompt and no terminal; those run the installed command (tests/person.py)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType


class TimedOut(Exception):
    """The command did not end in time: a file that never ends was read, or a lock waited for."""


def _give_up(signum: int, frame: FrameType | None) -> None:
    raise TimedOut


class _Captured(io.TextIOWrapper):
    """A text stream with bytes under it, as a pipe is: commands that write bytes find `.buffer`."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", newline="\n", write_through=True)

    def raw(self) -> bytes:
        self.flush()
        raw = self.buffer.getvalue()  # type: ignore[attr-defined]
        assert isinstance(raw, bytes)
        return raw

    def text(self) -> str:
        return self.raw().decode("utf-8").replace("\r\n", "\n")  # as text=True reads a pipe


class _Terminal(_Captured):
    """Standard output as a terminal shows it to a person: what `isatty` tells the command."""

    def isatty(self) -> bool:
        return True


class _Keyboard(io.StringIO):
    """Standard input that is the terminal a person types at, as `isatty` tells the command. Nothing
    is read from it here: a command that came as far as a prompt would fail on its missing `fileno`."""

    def isatty(self) -> bool:
        return True


def emptychair(
    cwd: Path | str,
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: str = "",
    timeout: int = 30,
    terminal: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`emptychair ARGS` in `cwd` with `env` over the session's environment: exit status, stdout,
    stderr, as `subprocess.run(..., capture_output=True, text=True)` gives them. A command still busy
    after `timeout` seconds is stopped with TimedOut, as subprocess.run's timeout would. With
    `terminal`, standard input and output say they are a terminal (isatty), as they are to a person."""
    code, out, err = _main(cwd, list(args), env, stdin, timeout, terminal)
    return subprocess.CompletedProcess(["emptychair", *args], code, out.text(), err.text())


def _main(
    cwd: Path | str, args: list[str], env: Mapping[str, str] | None, stdin: str, timeout: int, terminal: bool
) -> tuple[int, _Captured, _Captured]:
    """`main(args)` with its own streams, folder and environment: its exit status and what it wrote."""
    from emptychair.cli import main

    saved_env, saved_cwd, saved_tmp = dict(os.environ), os.getcwd(), tempfile.tempdir
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    out, err = (_Terminal() if terminal else _Captured()), _Captured()
    code: int | str | None = 0
    try:
        os.environ.update(env or {})
        os.chdir(cwd)
        tempfile.tempdir = None  # found again from TMPDIR, which a new process reads at its first use
        sys.stdin, sys.stdout, sys.stderr = (_Keyboard if terminal else io.StringIO)(stdin), out, err
        guarded = threading.current_thread() is threading.main_thread()
        if guarded:
            previous = signal.signal(signal.SIGALRM, _give_up)
            signal.alarm(timeout)
        try:
            main(args)
        except SystemExit as exit:
            code = exit.code
        finally:
            if guarded:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, previous)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        tempfile.tempdir = saved_tmp
    if isinstance(code, str):  # sys.exit("message"): the message on stderr, exit 1
        err.write(code + "\n")
        code = 1
    return code or 0, out, err


@dataclass(frozen=True)
class Invoked:
    """What a command said, in the names click's test runner gives them."""

    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(args: list[str], env: Mapping[str, str] | None = None, cwd: Path | str = ".") -> Invoked:
    """`emptychair ARGS` through the same `main` as the installed command (one line on stderr for
    an error, the command tree built once per process), where a test reads stdout and the exit code."""
    code, out, err = _main(cwd, args, env, "", 30, False)
    return Invoked(code, out.text(), err.text(), out.raw())
