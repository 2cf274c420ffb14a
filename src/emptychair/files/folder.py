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

from emptychair.core.minutes import FollowUp, Minutes, dump_followups, dump_minutes
from emptychair.errors import EmptyChairError, problem
from emptychair.files.data import read_text
from emptychair.text import slug

if TYPE_CHECKING:
    from emptychair.files.draft import Draft

T = TypeVar("T")
DRAFTS = ".drafts"
LOCK = ".emptychair.lock"
FOLLOWUP = ".followup.toml"
SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # as action ids: no 0/o, 1/l/i


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


def spare_folders() -> list[Path]:
    """Where drafts go when the minutes folder cannot be written: the user's state folder, else
    the temporary folder."""
    import tempfile

    from platformdirs import user_state_path

    return [user_state_path("emptychair") / "drafts", Path(tempfile.gettempdir()) / "emptychair-drafts"]


def _tomls(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.glob("*.toml") if p.is_file()] if folder.is_dir() else []
    except OSError:
        return []


def _stamp(started: datetime) -> str:
    return started.strftime("%Y-%m-%dT%H%M%S")


def cannot_write(path: Path, exc: OSError) -> EmptyChairError:
    """Why a file cannot be written, said in the user's language where we know the reason."""
    keys = {errno.ENOSPC: "err_disk_full", errno.EROFS: "err_read_only", errno.EACCES: "err_denied"}
    key = keys.get(exc.errno or 0)
    if key is None:
        return problem("err_cannot_write", path=str(path), reason=str(exc.strerror or exc))
    return problem(key, path=str(path))


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read, and why: in English, and as said in each language."""

    path: Path
    message: str
    said: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, path: Path, exc: EmptyChairError) -> Unreadable:
        from emptychair.locale import LANGUAGES

        return cls(path, exc.message, tuple((lang, exc.say(lang)) for lang in LANGUAGES))

    def say(self, lang: str) -> str:
        return dict(self.said).get(lang, self.message)


def read_each(
    paths: list[Path], parse: Callable[[str, str], T]
) -> tuple[list[tuple[Path, T]], list[Unreadable]]:
    found: list[tuple[Path, T]] = []
    unreadable: list[Unreadable] = []
    for path in paths:
        try:
            found.append((path, parse(read_text(path, name=path.name), path.name)))
        except EmptyChairError as exc:
            unreadable.append(Unreadable.of(path, exc))
    return found, unreadable


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
            write_atomic(path, dump_followups(followups), exclusive=True)
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return path

    def write_minutes(self, minutes: Minutes) -> Path:
        """Write new minutes under a name no other file has, here or in another clone of the folder:
        2026-11-23-weekly-k7q2.toml. The four random letters keep two clones that each hold a
        meeting with the same title on the same day from clashing when they share the folder in
        git; names written before (2026-11-23-weekly.toml, -2) are read as they are."""
        import secrets

        self.ensure()
        stem = f"{minutes.date.isoformat()}-{slug(minutes.title)}"
        text = dump_minutes(minutes)
        for _ in range(100):
            tail = "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(4))
            path = self.path / f"{stem}-{tail}.toml"
            try:
                write_atomic(path, text, exclusive=True)
                return path
            except FileExistsError:
                continue
            except OSError as exc:
                raise cannot_write(path, exc) from None
        raise problem("err_too_many", path=str(self.path), name=stem)

    # --- drafts ---------------------------------------------------------------------------

    def draft_path(self, started: datetime, title: str) -> Path:
        return self.path / DRAFTS / f"{_stamp(started)}-{slug(title)}.toml"

    def spare_path(self, spare: Path, started: datetime, title: str) -> Path:
        """Where a draft goes in a spare folder: the folder's own name in it, as several teams'
        drafts may wait there."""
        import hashlib

        home = hashlib.sha256(str(self.path.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
        return spare / f"{_stamp(started)}-{slug(title)}-{home[:8]}.toml"

    def drafts(self) -> list[tuple[Path, Draft | None, str]]:
        """Every draft of this folder, newest first, also those kept in a spare folder when this
        one could not be written: (path, draft or None, problem). Of two copies of one meeting, the
        one with more events comes first."""
        from emptychair.files.draft import load_draft

        result: list[tuple[Path, Draft | None, str]] = []
        for path in _tomls(self.path / DRAFTS):
            try:
                result.append((path, load_draft(read_text(path, name=path.name), path.name), ""))
            except EmptyChairError as exc:
                result.append((path, None, exc.message))
        home = str(self.path.absolute())
        for spare in spare_folders():
            for path in _tomls(spare):
                try:
                    found = load_draft(read_text(path, name=path.name), path.name)
                except EmptyChairError:
                    continue  # not ours to judge: it may be another team's
                if found.folder == home:
                    result.append((path, found, ""))

        def newest(row: tuple[Path, Draft | None, str]) -> tuple[str, int, str]:
            path, found, _ = row
            if found is None:
                return (path.name, 0, path.name)
            return (found.started.isoformat(), len(found.events), path.name)

        return sorted(result, key=newest, reverse=True)

    def save_draft(self, path: Path, d: Draft) -> None:
        from emptychair.files.draft import dump_draft

        self.save_draft_text(path, dump_draft(d))

    def save_draft_text(self, path: Path, text: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
        except OSError as exc:
            raise cannot_write(path, exc) from None

    def minutes_of(self, started: datetime, title: str) -> Path | None:
        """The minutes already written for the meeting that started at `started`, if any: a kill
        between writing the minutes and removing the draft leaves both."""
        import tomllib

        for path in sorted(self.path.glob(f"{started.date().isoformat()}-{slug(title)}*.toml")):
            try:
                data = tomllib.loads(read_text(path))
            except (EmptyChairError, tomllib.TOMLDecodeError):
                continue
            if data.get("started") == started and data.get("title") == title:
                return path
        return None

    # --- lock ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, started: datetime) -> Iterator[Lock]:
        """Hold the folder for one running meeting; refuse when another process holds it."""
        self.ensure()
        held = Lock(self.path, started)
        held.take()
        try:
            yield held
        finally:
            held.release()


class Lock:
    """An flock on `minutes/.emptychair.lock`, saying who holds it.

    The kernel drops an flock when its holder dies, so a stale lock is simply free again. The lock
    file is never replaced: an flock on a file that os.replace swaps out guards nothing. It is
    opened without following links (a committed symlink would have its target overwritten), and
    what the path names is checked to be the file locked: a lock file deleted under a running
    meeting would otherwise let a second meeting start.
    """

    def __init__(self, folder: Path, started: datetime) -> None:
        self.folder = folder
        self.path = folder / LOCK
        self.started = started
        self.fd: int | None = None

    def take(self) -> None:
        for _ in range(100):  # only another process removing the file again and again loops here
            fd = self._open()
            try:
                if self._lock(fd):
                    self._say_who(fd)
                    self.release()
                    self.fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
        raise problem("err_lock_odd", path=str(self.path))

    def keep(self) -> bool:
        """Still hold the folder: when the lock file was removed, lock a new one. False when
        another meeting took the folder meanwhile (or the new lock cannot be made)."""
        if self.fd is not None and self._names(self.fd):
            return True
        try:
            self.take()
        except EmptyChairError:
            return False
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def _open(self) -> int:
        import stat

        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise problem("err_lock_link", path=str(self.path)) from None
            if exc.errno in (errno.EISDIR, errno.ENXIO):
                raise problem("err_lock_odd", path=str(self.path)) from None
            raise cannot_write(self.path, exc) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or a device opens fine: refuse it
            os.close(fd)
            raise problem("err_lock_odd", path=str(self.path))
        return fd

    def _lock(self, fd: int) -> bool:
        """Lock `fd`; False when the file was removed or replaced before the lock was had."""
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another process"
            raise problem("err_locked", folder=str(self.folder), holder=holder) from None
        return self._names(fd)

    def _names(self, fd: int) -> bool:
        try:
            there = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)

    def _say_who(self, fd: int) -> None:
        import socket

        from emptychair.core.dates import stamp

        info = f"host {socket.gethostname()}, pid {os.getpid()}, since {stamp(self.started)}"
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)
        except OSError as exc:
            raise cannot_write(self.path, exc) from None
