from __future__ import annotations

import io
import shutil
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

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


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test reads and writes its own cache, never the user's, nor the minutes they named."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("EMPTYCHAIR_MINUTES", raising=False)


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
