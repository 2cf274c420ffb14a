"""SIGHUP (terminal closed) and SIGTERM during a meeting: stop at the prompt, keep what was typed.

A handler that raises at whatever bytecode it interrupts can land inside one of prompt_toolkit's
background tasks (completion, toolbar refresh), which then prints a traceback and waits for Enter
on a terminal that is gone. So the handler only records the signal and asks the running prompt to
exit with `Hangup`; when no prompt runs, the next prompt raises it before it starts. Either way the
meeting stops between two events, and the draft holds everything typed. One that came after the
last prompt (while the minutes were written) is raised once they are: the work is done, and the
exit status still says the signal was obeyed.
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
_delivered: list[int] = []  # the signals already raised as Hangup, at a prompt or before one
_running: list[Any] = []  # the prompt_toolkit Application now asking, if any
_screens: list[int] = []  # the standard descriptors that were a terminal when the meeting began


def _handler(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    for app in _running:
        if app.loop is not None:
            app.loop.call_soon_threadsafe(_stop, app, signum)


def _stop(app: Any, signum: int) -> None:
    if app.future is not None and not app.future.done():
        _delivered.append(signum)
        app.exit(exception=Hangup(signum))


@contextlib.contextmanager
def stop_on_hangup() -> Iterator[None]:
    """SIGHUP and SIGTERM become Hangup at the prompt. When the terminal was closed, nothing more
    reaches it: the draft is saved by then, and a write to the dead terminal could only fail."""
    _received.clear()
    _delivered.clear()
    _screens[:] = [fd for fd in (0, 1, 2) if os.isatty(fd)]
    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGHUP, signal.SIGTERM)}
    late: list[int] = []
    try:
        yield
    except Hangup:
        if screen_gone():
            _mute()
        raise
    else:
        late = [] if _delivered else _received[:1]
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _screens.clear()
        _received.clear()  # a prompt asked after these handlers is not stopped by what came to them
        _delivered.clear()
    if late:  # after the last prompt: obeyed now that what it was doing is done
        raise Hangup(late[0])


def screen_gone() -> bool:
    """The terminal the meeting runs in was closed: a descriptor that was a terminal is no longer
    one (a hung-up terminal answers no ioctl). False outside `stop_on_hangup`."""
    return any(not os.isatty(fd) for fd in _screens)


def _mute() -> None:
    """Point stdout and stderr at /dev/null. Whatever still waits in Python's buffers for them
    would be flushed to the dead terminal at exit, fail, and turn the exit status into 120, where
    a closed terminal exits 129."""
    import sys

    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                os.dup2(sink, stream.fileno())
    finally:
        os.close(sink)


def check() -> None:
    """Raise Hangup if a signal came while no prompt was running."""
    if _received:
        _delivered.append(_received[0])
        raise Hangup(_received[0])


@contextlib.contextmanager
def prompting(app: Any) -> Iterator[None]:
    check()
    _running.append(app)

    def seen() -> None:
        """A signal after the check but before the prompt had its loop found nothing to stop: the
        prompt sees it as it starts, before it reads a key."""
        if _received:
            _stop(app, _received[0])

    app.pre_run_callables.append(seen)
    try:
        yield
    finally:
        _running.remove(app)
        if seen in app.pre_run_callables:  # the prompt did not start: nothing left for its next run
            app.pre_run_callables.remove(seen)
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
