"""The garbage collector, kept from walking what the command loaded again and again.

Starting, the command loads some five hundred modules: tens of thousands of functions, classes and
their dicts that live as long as the process, and next to no garbage. The collector walked them
all again at each of its collections while they loaded (about a tenth of starting a meeting).
So it is off while the command line loads, and what loaded is then frozen (`gc.freeze`): no later
collection walks it again. A command that runs long does the same once it has loaded what it
needs (`loaded`), so the collections during a meeting walk only what the meeting made.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_frozen: list[bool] = []  # set once the installed command's start froze what it loaded


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """No collection while the command line loads; then what it loaded is frozen."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()
        _frozen.append(True)


def loaded() -> None:
    """What a long command has loaded stays for its whole run: no collection walks it again. Only
    in a process that started as the installed command (a test that calls the command line in
    its own process keeps its collector as it was)."""
    if _frozen:
        gc.freeze()
