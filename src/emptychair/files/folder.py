"""The minutes folder on disk: atomic writes, minutes that are never overwritten, drafts, the lock."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from emptychair.core.ids import random_letters
from emptychair.core.minutes import FollowUp, Minutes, dump_followups, dump_minutes
from emptychair.errors import EmptyChairError, problem
from emptychair.files.data import LIMIT, read_text
from emptychair.text import slug

T = TypeVar("T")
DRAFTS = ".drafts"
LOCK = ".emptychair.lock"
FOLLOWUP = ".followup.toml"
FEEDBACK = ".feedback.toml"  # customer feedback records (files/feedback.py): no minutes
DECISION = ".decision.toml"  # revisits of decisions made between meetings (core/decisions.py)
PROPOSAL = ".proposal.toml"  # topics proposed for a meeting (files/proposals.py): no minutes


def write_atomic(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write `text` to `path` so that a crash leaves either the old file or the new one.

    With `exclusive`, an existing file is never replaced: FileExistsError is raised instead.
    """
    write_atomic_bytes(path, text.encode("utf-8"), exclusive=exclusive)


def write_atomic_bytes(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    os.close(_write_atomic(path, data, exclusive=exclusive))


@dataclass(frozen=True)
class Recordings:
    """A folder the chair's voice writes its WAV files into (`run --speak-to`), each atomically."""

    path: Path

    def ready(self) -> None:
        """Made if missing; OSError when it cannot be made or written into."""
        self.path.mkdir(parents=True, exist_ok=True)
        if not os.access(self.path, os.W_OK):
            raise PermissionError(13, "permission denied")

    def keep(self, name: str, data: bytes) -> None:
        write_atomic_bytes(self.path / name, data)


def write_held(path: Path, text: str, *, private: bool = False) -> int:
    """write_atomic, with the new file flocked before it takes the name: the open descriptor that
    holds the lock. So whatever file the name points to, its writer can be seen to be alive.
    `private` files are the user's alone (0600); others get the normal permissions."""
    return _write_atomic(path, text.encode("utf-8"), hold=True, private=private)


def _write_atomic(
    path: Path, data: bytes, *, exclusive: bool = False, hold: bool = False, private: bool = False
) -> int:
    import fcntl
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        if hold:  # a new file no one else has opened: this never waits
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; minutes are shared files
        if exclusive:
            os.link(tmp, path)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
        _fsync_folder(path.parent)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return fd


def in_use(path: Path) -> bool:
    """Whether a live process holds `path` as write_held left it (the kernel drops the lock with
    its holder). A file that cannot be opened is not in use."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return False


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
    """Where drafts go when the minutes folder cannot be written: the user's state folder, else a
    folder of the user's own in the temporary folder. Both are the user's alone (see own_folder):
    a draft holds everything said in the meeting."""
    import tempfile

    from platformdirs import user_state_path

    return [
        user_state_path("emptychair") / "drafts",
        Path(tempfile.gettempdir()) / f"emptychair-drafts-{os.getuid()}",
    ]


def spares_to_read() -> list[Path]:
    """The spare folders, and the one earlier versions shared in the temporary folder: a draft
    the user left there is still found (only files the user owns are read: read_own)."""
    import tempfile

    return [*spare_folders(), Path(tempfile.gettempdir()) / "emptychair-drafts"]


def own_folder(path: Path) -> None:
    """Make `path` a folder only its user can enter (0700), or check that it is one: a plain
    folder (not a link) the user owns. A folder of the user's that is open to others is closed."""
    import stat

    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(path)
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
            raise problem("err_spare_not_own", path=str(path))
        if stat.S_IMODE(found.st_mode) != 0o700:
            os.chmod(path, 0o700)  # checked above to be no link; a name of the user's in /tmp stays so
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _owned(path: Path) -> bool:
    try:
        return os.lstat(path).st_uid == os.getuid()
    except OSError:
        return False


def read_own(path: Path) -> str | None:
    """The text of a plain file the user owns, as opened (not what a link or a swapped name
    points to); None for any other file. Another local user may put files in a shared temporary
    folder: theirs is never read as the user's draft."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with open(fd, "rb") as handle:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_uid != os.getuid() or found.st_size > LIMIT:
            return None
        return handle.read(LIMIT).decode("utf-8")


def tomls_in(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.glob("*.toml") if p.is_file()] if folder.is_dir() else []
    except OSError:
        return []


def _stamp(started: datetime) -> str:
    return started.strftime("%Y-%m-%dT%H%M%S")


def cannot_write(path: Path, exc: OSError) -> EmptyChairError:
    """Why a file cannot be written, said in the user's language where we know the reason."""
    keys = {
        errno.ENOSPC: "err_disk_full",
        errno.EDQUOT: "err_disk_full",
        errno.EROFS: "err_read_only",
        errno.EACCES: "err_denied",
        errno.EPERM: "err_denied",  # a folder made immutable (chattr +i)
    }
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


def write_record(folder: Path, at: datetime, about: str, suffix: str, text: str) -> Path:
    """A record (a follow-up, a revisit, a proposal, feedback) under a name no other file has, here
    or in another clone: the moment, what it is about, six random letters and its kind. Written
    once and never replaced, so two clones that share the folder in git never clash over it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(folder, exc) from None
    for _ in range(100):
        tail = random_letters(6)
        path = folder / f"{at:%Y-%m-%dT%H%M%S}-{about}-{tail}{suffix}"
        try:
            write_atomic(path, text, exclusive=True)
            return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise cannot_write(path, exc) from None
    raise problem("err_too_many", path=str(folder), name=about)


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
        self.ensure()
        about = slug(followups[0].action, "action") if len(followups) == 1 else "several"
        return write_record(self.path, at, about, FOLLOWUP, dump_followups(followups))

    def write_minutes(self, minutes: Minutes, name: str = "") -> Path:
        """Write new minutes under a name no other file has, here or in another clone of the folder:
        2026-11-23-weekly-k7q2.toml. The four random letters keep two clones that each hold a
        meeting with the same title on the same day from clashing when they share the folder in
        git; names written before (2026-11-23-weekly.toml, -2) are read as they are. With `name`
        (from `minutes_name`), exactly that file, or FileExistsError when it is there already."""
        self.ensure()
        text = dump_minutes(minutes)
        for _ in range(100):
            path = self.path / f"{name or self.minutes_name(minutes.date, minutes.title)}.toml"
            try:
                write_atomic(path, text, exclusive=True)
                return path
            except FileExistsError:
                if name:
                    raise
                continue
            except OSError as exc:
                raise cannot_write(path, exc) from None
        raise problem(
            "err_too_many", path=str(self.path), name=f"{minutes.date.isoformat()}-{slug(minutes.title)}"
        )

    def minutes_name(self, day: date, title: str) -> str:
        """A name for the minutes of a meeting of `day` that no file here has yet (without .toml).
        A meeting takes its name when it starts, so that its draft knows which minutes are its own."""
        stem = f"{day.isoformat()}-{slug(title)}"
        for _ in range(100):
            name = f"{stem}-{random_letters(4)}"
            if not os.path.lexists(self.path / f"{name}.toml"):
                return name
        raise problem("err_too_many", path=str(self.path), name=stem)

    # --- drafts ---------------------------------------------------------------------------

    def draft_path(self, started: datetime, title: str) -> Path:
        return self.path / DRAFTS / f"{_stamp(started)}-{slug(title)}.toml"

    def spare_path(self, spare: Path, started: datetime, title: str) -> Path:
        """Where a draft goes in a spare folder: the folder's own name in it, as several teams'
        drafts may wait there."""
        return spare / f"{_stamp(started)}-{slug(title)}-{self._tag()}.toml"

    def _tag(self) -> str:
        import hashlib

        home = hashlib.sha256(str(self.path.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
        return home[:8]

    def save_draft_text(self, path: Path, text: str) -> int:
        """Write a draft and hold it (write_held): the open descriptor, to close once a newer
        save holds the name. A draft outside the minutes folder is the user's alone."""
        spare = path.parent != self.path / DRAFTS
        if spare:
            own_folder(path.parent)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return write_held(path, text, private=spare)
        except OSError as exc:
            raise cannot_write(path, exc) from None

    def minutes_of(self, started: datetime, title: str, name: str = "") -> Path | None:
        """The minutes already written for the meeting that started at `started`, if any: a kill
        between writing the minutes and removing the draft leaves both. A draft names its minutes
        (`name`): another meeting of the same title and second, held in another clone, is not
        its own. Drafts of earlier versions name none: any minutes of that title and start then."""
        import tomllib

        pattern = f"{name}.toml" if name else f"{started.date().isoformat()}-{slug(title)}*.toml"
        for path in sorted(self.path.glob(pattern)):
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
            self.probe()
            self._none_running()
            yield held
        finally:
            held.release()

    def _none_running(self) -> None:
        """Refuse when a live meeting holds a draft of this folder (write_held): it runs here even
        when the lock file that says so was removed under it (a cleanup script, a sync tool), and
        the new lock file taken since would let a second meeting resume it and write its draft."""
        spares = [p for s in spare_folders() for p in s.glob(f"*-{self._tag()}.toml") if _owned(p)]
        for path in (*tomls_in(self.path / DRAFTS), *spares):
            if in_use(path):
                raise problem("err_draft_running", folder=str(self.path), draft=str(path))

    def probe(self) -> None:
        """Write and remove a small file where the minutes and the drafts go, so that a folder
        made read-only, or a full disk, is said before the meeting starts, not at its first save.
        The lock alone does not tell: a lock file left by an earlier meeting can still be
        rewritten in a folder that takes no new file, or in the block it holds on a full disk."""
        import tempfile

        for place in (self.path, self.path / DRAFTS):
            try:
                fd, tmp = tempfile.mkstemp(dir=place, prefix=".emptychair-probe.", suffix=".tmp")
            except OSError as exc:
                raise cannot_write(place, exc) from None
            try:
                os.write(fd, b"\n" * 4096)  # as much as a draft: a file of one block
                os.fsync(fd)
            except OSError as exc:
                raise cannot_write(place, exc) from None
            finally:
                os.close(fd)
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


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
            raise _held(str(self.folder), os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()) from None
        return self._names(fd)

    def _names(self, fd: int) -> bool:
        try:
            there = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino)

    def _say_who(self, fd: int) -> None:
        """Who holds the lock, for a second run to say in its own language (`_held`)."""
        import socket

        from emptychair.core.dates import stamp

        info = HOLDER.format(host=socket.gethostname(), pid=os.getpid(), since=stamp(self.started))
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)
        except OSError as exc:
            raise cannot_write(self.path, exc) from None


HOLDER = "host {host}, pid {pid}, since {since}"  # the lock file's one line: who runs the meeting
_HOLDER = re.compile(r"host (?P<host>.*), pid (?P<pid>\d+), since (?P<since>.+)")  # HOLDER, read back


def _held(folder: str, holder: str) -> EmptyChairError:
    """The folder is locked: by whom, as the holder wrote it (`Lock._say_who`), in the reader's words."""
    said = _HOLDER.fullmatch(holder)
    if said:
        return problem("err_locked", folder=folder, **said.groupdict())
    if holder:  # written otherwise, by hand or by another program
        return problem("err_locked_by", folder=folder, holder=holder)
    return problem("err_locked_unknown", folder=folder)
