"""The minutes folder on disk: atomic writes, minutes that are never overwritten, drafts, the lock."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from emptychair.core.minutes import FollowUp, Minutes, followups_to_toml, to_toml
from emptychair.errors import EmptyChairError, problem
from emptychair.text import slug

if TYPE_CHECKING:
    from emptychair.files.draft import Draft

T = TypeVar("T")
DRAFTS = ".drafts"
LOCK = ".emptychair.lock"
FOLLOWUP = ".followup.toml"


def write_atomic(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` so that a crash leaves either the old file or the new one.

    With `exclusive`, an existing file is never replaced: FileExistsError is raised instead.
    """
    write_atomic_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def write_atomic_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; minutes are shared files
        if exclusive:
            os.link(tmp, path)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cannot_write(path: Path, exc: OSError) -> EmptyChairError:
    """Why a file cannot be written, said in the user's language where we know the reason."""
    keys = {errno.ENOSPC: "err_disk_full", errno.EROFS: "err_read_only", errno.EACCES: "err_denied"}
    key = keys.get(exc.errno or 0)
    if key is None:
        return EmptyChairError(f"cannot write {path}: {exc.strerror or exc}")
    return problem(key, path=str(path))


@dataclass(frozen=True)
class Problem:
    """A file that could not be read, and why: in English, and as said in each language."""

    path: Path
    message: str
    said: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, path: Path, exc: EmptyChairError) -> Problem:
        from emptychair.locale import LANGUAGES

        return cls(path, exc.message, tuple((lang, exc.say(lang)) for lang in LANGUAGES))

    def say(self, lang: str) -> str:
        return dict(self.said).get(lang, self.message)


def read_each(
    paths: list[Path], parse: Callable[[str, str], T]
) -> tuple[list[tuple[Path, T]], list[Problem]]:
    found: list[tuple[Path, T]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            found.append((path, parse(path.read_bytes().decode("utf-8"), path.name)))
        except UnicodeDecodeError as exc:
            problems.append(Problem.of(path, problem("err_not_utf8", path=path.name, byte=exc.start)))
        except EmptyChairError as exc:
            problems.append(Problem.of(path, exc))
        except OSError as exc:
            problems.append(Problem(path, f"{path.name}: cannot read: {exc.strerror}"))
    return found, problems


class Folder:
    """A team's minutes folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def ensure(self) -> None:
        try:
            (self.path / DRAFTS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise cannot_write(self.path, exc) from None

    # --- minutes --------------------------------------------------------------------------

    def write_followups(self, followups: tuple[FollowUp, ...], at: datetime) -> Path:
        """A follow-up made between meetings, in a file of its own that no other clone can name."""
        import secrets

        self.ensure()
        tail = slug(followups[0].action, "action") if len(followups) == 1 else "several"
        path = self.path / f"{at:%Y-%m-%dT%H%M%S}-{tail}-{secrets.token_hex(2)}{FOLLOWUP}"
        try:
            write_atomic(path, followups_to_toml(followups), exclusive=True)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return path

    def write_minutes(self, minutes: Minutes) -> Path:
        """Write new minutes under a name no other file has: 2026-11-23-weekly.toml, then -2, -3…"""
        self.ensure()
        stem = f"{minutes.date.isoformat()}-{slug(minutes.title)}"
        text = to_toml(minutes)
        for n in range(1, 1000):
            path = self.path / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
            try:
                write_atomic(path, text, exclusive=True)
                return path
            except FileExistsError:
                continue
            except OSError as exc:
                raise cannot_write(path, exc) from None
        raise EmptyChairError(f"{self.path}: too many minutes named {stem}")

    # --- drafts ---------------------------------------------------------------------------

    def draft_path(self, started: datetime, title: str) -> Path:
        return self.path / DRAFTS / f"{started.strftime('%Y-%m-%dT%H%M%S')}-{slug(title)}.toml"

    def drafts(self) -> list[tuple[Path, Draft | None, str]]:
        """Every draft, newest first: (path, draft or None, problem)."""
        from emptychair.files import draft as draft_codec

        folder = self.path / DRAFTS
        result: list[tuple[Path, Draft | None, str]] = []
        paths = sorted(folder.glob("*.toml"), reverse=True) if folder.is_dir() else []
        for path in paths:
            try:
                result.append((path, draft_codec.from_toml(path.read_text("utf-8"), path.name), ""))
            except (EmptyChairError, UnicodeDecodeError, OSError) as exc:
                result.append((path, None, getattr(exc, "message", str(exc))))
        return result

    def save_draft(self, path: Path, d: Draft) -> None:
        from emptychair.files import draft as draft_codec

        try:
            write_atomic(path, draft_codec.to_toml(d))
        except OSError as exc:
            raise cannot_write(path, exc) from None

    # --- lock -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, started: datetime) -> Iterator[None]:
        """Hold the folder for one running meeting; refuse when another process holds it.

        The kernel drops an flock when its holder dies, so a stale lock is simply free again.
        The lock file is never replaced: an flock on a file that os.replace swaps out guards nothing.
        """
        import fcntl
        import socket

        self.ensure()
        path = self.path / LOCK
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another process"
                raise problem("err_locked", folder=str(self.path), holder=holder) from None
            info = f"host {socket.gethostname()}, pid {os.getpid()}, since {started:%Y-%m-%d %H:%M}"
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)
            yield
        finally:
            os.close(fd)
