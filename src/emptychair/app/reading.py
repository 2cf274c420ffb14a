"""The one way a meeting's minutes are read from its folder.

Every reader (the history commands, the digest, a new meeting's look back, the room's screen)
goes through here: a file that cannot be read is named by its own name, and returned as data (an
`Unreadable`, said in the team's language by whoever shows it) or raised to a command that
cannot go on without it.
"""

from __future__ import annotations

from pathlib import Path

from emptychair.core.minutes import Minutes, load_minutes
from emptychair.errors import EmptyChairError
from emptychair.files.data import read_text
from emptychair.files.folder import Unreadable


def minutes_path(folder: Path, name: str) -> Path:
    """The file of the meeting the read model names `name`."""
    return folder / f"{name}.toml"


def load(path: Path) -> Minutes:
    """The minutes in `path`; a file that cannot be read is raised, in every language."""
    return load_minutes(read_text(path, name=path.name), path.name)


def read_minutes(path: Path) -> Minutes | Unreadable:
    """The minutes in `path`, or why they cannot be read."""
    try:
        return load(path)
    except EmptyChairError as exc:
        return Unreadable.of(path, exc)
