"""SIGHUP (terminal closed) and SIGTERM during a meeting: stop at the prompt, keep what was typed.

A handler that raises at whatever bytecode it interrupts can land inside one of prompt_toolkit's
background tasks (completion, toolbar refresh), which then prints a traceback and waits for Enter
on a terminal that is gone. So the handler only records the signal and asks the running prompt to
exit with `Hangup`; when no prompt runs, the next prompt raises it before it starts. Either way the
meeting stops between two events, and the draft holds everything typed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Iterator
from types import FrameType
from typing import Any

from emptychair.errors import Hangup

_received: list[int] = []
_running: list[Any] = []  # the prompt_toolkit Application now asking, if any


def _handler(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    for app in _running:
        if app.loop is not None:
            app.loop.call_soon_threadsafe(_stop, app, signum)


def _stop(app: Any, signum: int) -> None:
    if app.future is not None and not app.future.done():
        app.exit(exception=Hangup(signum))


@contextlib.contextmanager
def stop_on_hangup() -> Iterator[None]:
    _received.clear()
    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def check() -> None:
    """Raise Hangup if a signal came while no prompt was running."""
    if _received:
        raise Hangup(_received[0])


@contextlib.contextmanager
def prompting(app: Any) -> Iterator[None]:
    check()
    _running.append(app)
    try:
        yield
    finally:
        _running.remove(app)
    check()


def hangup(pending: str) -> Hangup:
    """The terminal is gone: stop as SIGHUP does, with what was typed."""
    stop = Hangup(signal.SIGHUP)
    stop.pending = pending
    return stop


class Terminal:
    """The terminal a prompt reads from, to tell Ctrl-D from a closed window.

    Measured: when the window closes (the pty's master end is closed), the kernel sends SIGHUP,
    the terminal stops being a terminal (isatty is false: the hung-up tty answers no ioctl) and
    prompt_toolkit ends with EOFError or, on its last redraw, OSError EIO.
    """

    def __init__(self, source: Any) -> None:
        self.fd = _fileno(source)
        self.was_tty = self.fd is not None and os.isatty(self.fd)

    def gone(self, exc: BaseException) -> bool:
        if signal.SIGHUP in _received:
            return True
        if isinstance(exc, OSError) and exc.errno == errno.EIO:
            return True
        return self.was_tty and self.fd is not None and not os.isatty(self.fd)


def _fileno(source: Any) -> int | None:
    try:
        return int(source.fileno())
    except (AttributeError, OSError, ValueError):
        return None
