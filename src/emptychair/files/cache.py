"""A minutes folder as the read commands see it, kept in a cache that is always correct.

The cache lives in the user's cache folder, never in the minutes folder. Every call compares the
name, size, modification time and inode of each file in the minutes folder with what the cache was
built from; any difference (a file edited, added or deleted) rebuilds what depends on it, parsing
only the files that changed. A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emptychair.core import history
from emptychair.core.ledger import Ledger, Tracked, build, people
from emptychair.core.minutes import FollowUp, Minutes
from emptychair.files.folder import FOLLOWUP, Problem, read_each

if TYPE_CHECKING:
    from emptychair.core.search import Query

VERSION = 11  # bump when anything stored here changes shape
PARTS = ("rows", "ledger", "open", "search", "answers", "problems", "meeting", "people")
RAW = ("search",)  # kept as plain bytes: searched in place, never unpickled

Stamp = tuple[int, int, int]  # size, mtime in ns, inode
UNREADABLE: Stamp = (-1, -1, -1)  # a name that could not even be stat'ed; never taken from the cache


@dataclass(frozen=True)
class Library:
    """The parts a read command asks for; each is loaded only when needed."""

    folder: Path
    parts: dict[str, Any]

    @property
    def rows(self) -> list[history.MeetingRow]:
        return list(self.parts["rows"])

    @property
    def ledger(self) -> Ledger:
        return self.parts["ledger"]  # type: ignore[no-any-return]

    @property
    def open_actions(self) -> list[Tracked]:
        return list(self.parts["open"])

    def search(self, query: Query) -> list[history.Unit]:
        return history.find_units(self.parts["search"], query)

    @property
    def answers(self) -> list[history.Answer]:
        return list(self.parts["answers"])

    @property
    def memory(self) -> history.Memory:
        """What a new meeting needs of all earlier ones, small enough to load in a blink."""
        return self.parts["meeting"]  # type: ignore[no-any-return]

    @property
    def people(self) -> tuple[str, ...]:
        """Every name the minutes know, for matching an owner typed outside a meeting."""
        return tuple(self.parts["people"])

    @property
    def problems(self) -> list[Problem]:
        return list(self.parts["problems"])


def cache_home() -> Path:
    """$XDG_CACHE_HOME/emptychair, else ~/.cache/emptychair (read when asked, not at import)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "emptychair"


def stamps(folder: Path) -> dict[str, Stamp]:
    found: dict[str, Stamp] = {}
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return found
    with entries:
        for entry in entries:
            if entry.name.endswith(".toml") and not entry.name.startswith("."):
                try:
                    if not entry.is_file():
                        continue
                    st = entry.stat()
                except OSError:  # a symlink loop, a vanished file: reading it names the problem
                    found[entry.name] = UNREADABLE
                    continue
                found[entry.name] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


def digest(now: dict[str, Stamp]) -> str:
    """One short value that changes whenever any file's stamp does, or a file comes or goes."""
    text = "".join(f"{name}\0{s[0]}\0{s[1]}\0{s[2]}\n" for name, s in sorted(now.items()))
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def open_library(folder: Path, *wanted: str) -> Library:
    """The parts `wanted` (from PARTS) of `folder`, from the cache when it is still right."""
    now = stamps(folder)
    home = cache_home() / hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
    if _load(home / "stamps") == (VERSION, digest(now)):
        parts = {name: _load(home / name, raw=name in RAW) for name in (*wanted, "problems")}
        if all(value is not None for value in parts.values()):
            return Library(folder, parts)
    parts = _rebuild(folder, home, now)
    return Library(folder, parts)


def _rebuild(folder: Path, home: Path, now: dict[str, Stamp]) -> dict[str, Any]:
    cached = _load(home / "files")
    files: dict[str, tuple[Stamp, Any]] = (
        cached[1] if isinstance(cached, tuple) and cached[0] == VERSION else {}
    )
    files = {
        name: files[name]
        for name in now
        if name in files and files[name][0] == now[name] and now[name] != UNREADABLE
    }
    for name in now:
        if name not in files:
            files[name] = (now[name], _parse(folder / name))
    meetings = sorted(
        ((Path(n).stem, v) for n, (_, v) in files.items() if isinstance(v, Minutes)),
        key=lambda pair: (pair[1].started, pair[0]),
    )
    loose = [f for _, v in files.values() if isinstance(v, tuple) for f in v]
    ledger = build(meetings, loose)
    answers = history.answers(meetings, ledger)
    problems = [v for _, v in files.values() if isinstance(v, Problem)]
    problems += [Problem.of(folder, p) for p in ledger.conflicts]
    parts = {
        "rows": sorted(
            (history.meeting_row(n, m) for n, m in meetings), key=lambda r: (r.started, r.name), reverse=True
        ),
        "ledger": ledger,
        "open": ledger.open(),
        "search": history.search_blob(history.units(meetings, ledger)),
        "answers": answers,
        "meeting": history.memory(meetings, ledger, answers),
        "problems": sorted(problems, key=lambda p: str(p.path)),
        "people": people(meetings, loose),
    }
    _save_all(home, files, parts, now)
    return parts


def _parse(path: Path) -> Minutes | tuple[FollowUp, ...] | Problem:
    from emptychair.core.minutes import load_followups, load_minutes

    if path.name.endswith(FOLLOWUP):
        records, problems = read_each([path], load_followups)
        return records[0][1] if records else problems[0]
    minutes, problems = read_each([path], load_minutes)
    return minutes[0][1] if minutes else problems[0]


def _load(path: Path, *, raw: bool = False) -> Any:
    try:
        with open(path, "rb") as handle:
            if raw:  # mapped, not read: searching it touches only the pages it needs
                return (
                    mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                    if os.fstat(handle.fileno()).st_size
                    else b""
                )
            return pickle.load(handle)
    except Exception:  # a missing, stale or damaged cache file is rebuilt, never trusted
        return None


def _save_all(home: Path, files: dict[str, Any], parts: dict[str, Any], now: dict[str, Stamp]) -> None:
    from emptychair.files.folder import write_atomic_bytes

    try:
        home.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(home / "stamps", pickle.dumps(None))  # invalid while the parts change
        write_atomic_bytes(home / "files", pickle.dumps((VERSION, files), protocol=pickle.HIGHEST_PROTOCOL))
        for name, value in parts.items():
            data = value if name in RAW else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic_bytes(home / name, data)
        write_atomic_bytes(home / "stamps", pickle.dumps((VERSION, digest(now))))
    except OSError:
        pass  # no cache this time; the answer is right all the same
