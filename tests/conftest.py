from __future__ import annotations

import gc
import hashlib
import importlib
import io
import math
import os
import pwd
import shutil
import signal
import stat
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from emptychair.core.tomldata import FAST_BELOW, shallow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "agenda.toml"
CET = timezone(timedelta(hours=1))


class Clock:
    """A clock that moves `step` seconds every time it is read."""

    def __init__(self, start: datetime, step: int = 30) -> None:
        self.now = start
        self.step = timedelta(seconds=step)

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current


# --- the environment every test starts from ---------------------------------------------------
#
# Whatever the user's shell holds (NO_COLOR, another COLUMNS, a Dutch LC_ALL, a PAGER, a GIT_DIR from
# a hook) must not decide a test: the session starts from this environment, every process the
# tests start inherits it, and each test gets it back whole, even after code under test changed
# os.environ itself. Tests that want something else set it themselves.
ENVIRONMENT = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
CLEARED = (
    "NO_COLOR", "FORCE_COLOR", "PY_COLORS", "CLICOLOR", "CLICOLOR_FORCE", "COLORTERM", "TTY_COMPATIBLE",
    "TTY_INTERACTIVE", "GITHUB_ACTIONS", "COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES",
    "TERMINAL_WIDTH", "UNICODE_VERSION", "PROMPT_TOOLKIT_COLOR_DEPTH", "PROMPT_TOOLKIT_NO_CPR",
    "PROMPT_TOOLKIT_BELL", "TYPER_USE_RICH", "LANGUAGE", "PAGER", "LESS", "EDITOR", "VISUAL",
    "EMPTYCHAIR_MINUTES", "PYTHONDONTWRITEBYTECODE",
)  # fmt: skip
CLEARED_PREFIXES = ("LC_", "GIT_", "_EMPTYCHAIR", "_TYPER", "COMP_")

# The user's own folders of emptychair, and where a process looks when HOME is not set at all.
WATCHED = (".cache/emptychair", ".local/state/emptychair", ".config/emptychair", ".local/share/emptychair")
XDG = {"XDG_CACHE_HOME": ".cache", "XDG_STATE_HOME": ".local/state", "XDG_CONFIG_HOME": ".config",
       "XDG_DATA_HOME": ".local/share"}  # fmt: skip


_BEFORE = pytest.StashKey[tuple[list[Path], dict[str, tuple[int, int]]]]()
_HOME = pytest.StashKey[Path]()
_TOUCHED = pytest.StashKey[list[str]]()


def _watched() -> list[Path]:
    """Every folder of the user's where emptychair could keep something."""
    homes = {Path(pwd.getpwuid(os.getuid()).pw_dir)}
    if os.environ.get("HOME"):
        homes.add(Path(os.environ["HOME"]))
    places = {home / sub for home in homes for sub in WATCHED}
    places |= {Path(os.environ[name]) / "emptychair" for name in XDG if os.environ.get(name)}
    return sorted(places)


def _look(places: list[Path]) -> dict[str, tuple[int, int]]:
    """What lies in `places`: each path with its size and modification time."""
    seen = {}
    for place in places:
        for top, folders, files in os.walk(place):
            for name in (top, *(os.path.join(top, f) for f in files + folders)):
                try:
                    info = os.lstat(name)
                except OSError:
                    continue
                seen[name] = (info.st_size, info.st_mtime_ns)
    return seen


@pytest.hookimpl(optionalhook=True)  # a run without pytest-xdist (the suite's own test of itself)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than there are cores. The terminal tests spend much of their time
    waiting for the program they drive, and the meetings for the disk (each entry is synced); the
    extra worker runs meanwhile."""
    return (os.cpu_count() or 1) + 1


RAM = Path("/dev/shm")
RAM_ROOM = 1 << 30  # bytes free there: the suite writes about 150 MB


def _in_memory(config: pytest.Config) -> None:
    """The files the tests write lie in memory where the machine has a tmpfs with room to spare:
    every entry of a meeting is synced to disk, and on a real disk that cost the suite a tenth of
    its time. The same calls are made; only the disk does not wait. A TMPDIR or --basetemp of the
    user's own is kept."""
    if config.option.basetemp or "TMPDIR" in os.environ:
        return
    try:
        found = os.statvfs(RAM)
    except OSError:
        return
    if found.f_bavail * found.f_frsize >= RAM_ROOM and os.access(RAM, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(RAM)  # for the programs the tests start too
        tempfile.tempdir = None  # found again from TMPDIR


@pytest.hookimpl(tryfirst=True)  # before anything asks where tmp_path lies
def pytest_configure(config: pytest.Config) -> None:
    """Before any test: a home of the session's own (so no test, nor a process it starts, writes into
    the user's), the environment above, and a look at the user's folders to compare with at the end."""
    if hasattr(config, "workerinput"):  # a worker of pytest-xdist: the process that started it did this
        return
    _in_memory(config)
    places = _watched()
    config.stash[_BEFORE] = (places, _look(places))
    home = Path(tempfile.mkdtemp(prefix="emptychair-tests-home-"))
    config.stash[_HOME] = home
    for name in list(os.environ):
        if name in CLEARED or name.startswith(CLEARED_PREFIXES):
            del os.environ[name]
    os.environ.update(ENVIRONMENT, HOME=str(home), **{name: str(home / sub) for name, sub in XDG.items()})
    # Every command a test starts is a new Python: without its bytecode cached, each compiles the
    # package again (about a tenth of a second of CPU each, hundreds of times a run).
    sys.dont_write_bytecode = False
    # A suite started in the background of a script (`pytest &`) inherits Ctrl-C ignored, and so
    # would every program a test starts: a Ctrl-C typed at one would do nothing.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run fails when it left something of its own in the user's folders."""
    config = session.config
    if _BEFORE not in config.stash:
        return
    places, before = config.stash[_BEFORE]
    after = _look(places)
    changed = [name for name in before.keys() | after.keys() if before.get(name) != after.get(name)]
    home = config.stash[_HOME]
    if changed:  # by this run, or by another program meanwhile: the names tell
        tmp = config._tmp_path_factory  # type: ignore[attr-defined]  # where tmp_path lies, as pytest-xdist finds it
        folders = _folders(tmp.getbasetemp(), home)
        keys = _keys([*folders, ROOT, ROOT / "minutes", ROOT / "examples", ROOT / "examples" / "minutes"])
        changed = [name for name in changed if _named_after(name, keys)]
    config.stash[_TOUCHED] = sorted(changed)
    if config.stash[_TOUCHED]:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    shutil.rmtree(home, ignore_errors=True)


def _folders(*roots: Path) -> list[Path]:
    return [Path(top) for root in roots for top, _, _ in os.walk(root)]


def _keys(folders: list[Path]) -> set[str]:
    """The names emptychair gives these minutes folders in the user's folders: the read model's
    database and a spare draft are named after a hash of their folder."""
    keys = set()
    for folder in folders:
        keys.add(hashlib.blake2b(os.fsencode(folder.resolve()), digest_size=10).hexdigest())
        keys.add(hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:20])  # earlier versions'
        keys.add(hashlib.sha256(str(folder.absolute()).encode("utf-8", "surrogateescape")).hexdigest()[:8])
    return keys


def _named_after(name: str, keys: set[str]) -> bool:
    """Whether `name` is emptychair's file for a folder of this run. Other programs, or another run of
    the tests by the same user, may change the user's folders meanwhile: what they do is not this run's."""
    stem = os.path.basename(name).split(".")[0]
    return stem in keys or stem.rpartition("-")[2] in keys


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    touched = config.stash.get(_TOUCHED, [])
    if touched:
        terminalreporter.section("this run wrote into the user's home", sep="=", red=True, bold=True)
        for name in touched:
            terminalreporter.line(f"changed by this run: {name}")


@pytest.fixture(autouse=True)
def same_environment() -> Iterator[None]:
    """Each test starts from the session's environment and leaves it so."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:  # most tests change it through monkeypatch, which undid it already
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(autouse=True)
def same_toml(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every TOML file a test leaves in its tmp_path is read by tomli as by tomllib (core.tomldata
    parses with tomli first, and takes tomllib's word only where tomli refuses)."""
    top = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if top is not None:
        assert differences(top) == []


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test reads and writes its own cache, never the user's, nor the minutes they named."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("EMPTYCHAIR_MINUTES", raising=False)


def coming(weekday: int, today: date | None = None) -> date:
    """The first day after `today` (never today itself) that falls on `weekday` (Monday 0): what
    `due:friday` means. Found by walking the calendar, not by the parser's arithmetic."""
    start = today or date.today()
    return next(day for n in range(1, 8) if (day := start + timedelta(days=n)).weekday() == weekday)


def shown(day: date) -> str:
    """A date as an English meeting shows it: Fri 27 Nov 2026."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 9, 0, tzinfo=CET))


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A team folder holding the example agenda."""
    shutil.copy(EXAMPLE, tmp_path / "agenda.toml")
    return tmp_path


@contextmanager
def pipe_keys() -> Iterator[PipeInput]:
    """Every questionary prompt made inside reads its keys from this pipe."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with pipe_keys() as pipe:
        yield pipe


def screen() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=100, color_system=None, highlight=False), buffer


@pytest.fixture(autouse=True)
def own_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps its spare drafts in a state folder of its own, never the user's."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state / "emptychair" / "drafts"


def meet(
    path: Path, keys: PipeInput, typed: list[str], clock: Clock, **options: Any
) -> tuple[dict[str, Any] | None, str]:
    """Run the meeting on `path` with these keys through the real prompts: the minutes written
    (None when it stopped without them) and everything the screen showed."""
    from emptychair.terminal.run import run_meeting

    keys.send_text("".join(typed))
    keys.close()
    out, shown = screen()
    err, said = screen()
    written = run_meeting(path, out, err, clock=clock, **options)
    text = shown.getvalue() + said.getvalue()
    return (tomllib.loads(written.read_text("utf-8")) if written else None), text


# --- tomli beside tomllib: the two parsers must read every document to the same values, types and all


def exactly(a: Any, b: Any, at: str = "") -> list[str]:
    """Where `a` and `b` differ: in type, in value, in a datetime's offset or its kind of tzinfo."""
    if type(a) is not type(b):
        return [f"{at}: {type(a).__name__} != {type(b).__name__}"]
    if isinstance(a, dict):
        if list(a) != list(b):
            return [f"{at}: keys {list(a)} != {list(b)}"]
        return [d for k in a for d in exactly(a[k], b[k], f"{at}.{k}")]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{at}: {len(a)} items != {len(b)}"]
        return [d for n, (x, y) in enumerate(zip(a, b, strict=True)) for d in exactly(x, y, f"{at}[{n}]")]
    if isinstance(a, float):
        return [] if repr(a) == repr(b) or (math.isnan(a) and math.isnan(b)) else [f"{at}: {a!r} != {b!r}"]
    if isinstance(a, datetime | time):
        same_zone = type(a.tzinfo) is type(b.tzinfo) and a.utcoffset() == b.utcoffset()
        return [] if same_zone and a.isoformat() == b.isoformat() else [f"{at}: {a!r} != {b!r}"]
    if isinstance(a, date | str | int | bool):
        return [] if a == b else [f"{at}: {a!r} != {b!r}"]
    return [f"{at}: unexpected {type(a).__name__}"]


_SAME: set[bytes] = set()  # digests of the texts both parsers read alike: most tests copy the same agenda


def differ(text: str) -> list[str]:
    """How tomli reads `text` other than tomllib does; nothing when tomli refuses it (tomllib then
    reads it again, so its error is the one told). A text compared once is not compared again."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest()
    if digest in _SAME:
        return []
    found = _differ(text)
    if not found:
        _SAME.add(digest)
    return found


def _differ(text: str) -> list[str]:
    try:
        fast = tomli.loads(text)
    except Exception:
        return []
    if text.count("[") + text.count("{") >= FAST_BELOW and not shallow(fast):
        return []  # read by tomllib alone
    try:
        slow = tomllib.loads(text)
    except Exception as exc:  # tomli took what tomllib refuses
        return [f"tomli read what tomllib refuses: {exc}"]
    return exactly(slow, fast)


def toml_files(top: Path) -> Iterator[Path]:
    """Every plain .toml file under `top`: never a FIFO or a link (a hostile test's), never huge."""
    for where, _, names in os.walk(top):
        for name in names:
            path = Path(where, name)
            if name.endswith(".toml"):
                found = path.lstat()
                if stat.S_ISREG(found.st_mode) and found.st_size <= 4 << 20:
                    yield path


def differences(top: Path) -> list[str]:
    found = []
    for path in toml_files(top):
        try:
            text = path.read_text("utf-8").removeprefix("\ufeff")
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{path.relative_to(top)}{d}" for d in differ(text)]
    return found


# The modules whose tests drive the program in a terminal or over git and mostly wait on it, the
# longest of the suite: run first, so that the workers end on short tests together.
FIRST = ("test_screen", "test_sync", "test_faults", "test_e2e", "test_feedback_cli", "test_readmodel")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting loaded (the package, prompt_toolkit, every test module: about 100,000
    objects) lives as long as the run. Frozen, no later collection walks it again: the garbage
    collector of the workers took 6.5 CPU-s of a run, walking it again and again."""
    gc.collect()  # what is garbage already is not kept for good
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.stem not in FIRST)  # stable: each module's order stays


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[None]:
    """A worker of pytest-xdist imports the test modules from its own share of them onwards.

    Importing a test module the first time rewrites its asserts, the larger half of collecting
    the suite. Every worker imports every module, and in the same order all of them rewrote each
    one at once on a fresh checkout; staggered, each rewrites its share and finds the others'
    share rewritten by the time it comes to them. What is collected, and in which order, stays."""
    worker = getattr(session.config, "workerinput", None)
    here = Path(__file__).parent
    whole = [Path(arg).resolve() for arg in session.config.args] == [here]  # not a file or two
    if worker is not None and whole:
        names = sorted(path.stem for path in here.glob("test_*.py"))
        start = len(names) * int(worker["workerid"].removeprefix("gw")) // int(worker["workercount"])
        for name in names[start:] + names[:start]:
            with suppress(Exception):  # collecting imports it again and reports the error
                importlib.import_module(f"{__package__}.{name}")
    return (yield)
