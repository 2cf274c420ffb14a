"""Reading files: the one function every file of a team is read with, and the data that ships
inside the package (the chair's question sets, the starter agendas)."""

from __future__ import annotations

import os
import stat
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from emptychair.errors import problem

# Every file emptychair reads (an agenda, a question set, minutes, a follow-up file, a draft) is a few
# KB, a draft of a long meeting some hundred: a larger one is not ours, and is not read.
LIMIT = 4 * 1024 * 1024


def read_file(path: Path, limit: int = LIMIT, name: str | None = None) -> bytes:
    """The bytes of the regular file `path` (a link to one is followed), at most `limit` of them.

    Nothing that is not a regular file is read: a FIFO never ends if nobody writes to it, and a
    link to /dev/zero fills the memory; the open itself cannot hang. Every way it fails is one
    EmptyChairError naming the file as `name` (by default its path).
    """
    shown = str(path) if name is None else name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise problem("err_no_file", path=shown) from None
    except IsADirectoryError:
        raise problem("err_is_folder", path=shown) from None
    except OSError as exc:
        raise problem("err_cannot_read", path=shown, reason=str(exc.strerror or exc)) from None
    try:
        found = os.fstat(fd)
        if stat.S_ISDIR(found.st_mode):
            raise problem("err_is_folder", path=shown)
        if not stat.S_ISREG(found.st_mode):
            raise problem("err_not_a_file", path=shown)
        if found.st_size > limit:
            raise problem("err_too_big", path=shown, limit=limit // (1024 * 1024))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file may grow while it is read: the limit holds all the same
            chunk = os.read(fd, min(limit + 1 - size, max(found.st_size + 1 - size, 65536)))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise problem("err_too_big", path=shown, limit=limit // (1024 * 1024))
    except OSError as exc:
        raise problem("err_cannot_read", path=shown, reason=str(exc.strerror or exc)) from None
    finally:
        os.close(fd)


def read_text(path: Path, limit: int = LIMIT, name: str | None = None) -> str:
    """`read_file` as UTF-8 text; text that is not UTF-8 is refused, naming the first bad byte."""
    data = read_file(path, limit, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise problem("err_not_utf8", path=str(path) if name is None else name, byte=exc.start) from None


def package_data(name: str) -> Traversable:
    """The folder `name` as installed inside the package.

    The question sets live at the top of the source tree (`prompts/`), and the wheel carries them
    inside the package; an editable install has no such copy, so it reads them from the checkout.
    """
    packaged = resources.files("emptychair").joinpath(name)
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / name
