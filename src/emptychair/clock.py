"""The wall clock, read by the shell only: the core is handed the time, it never reads it."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """The wall clock to the second, with the local offset."""
    return datetime.now().astimezone().replace(microsecond=0)


def exact() -> datetime:
    """The wall clock to the microsecond: for records written in one second that keep their order."""
    return datetime.now().astimezone()
