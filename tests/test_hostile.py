"""A minutes folder from someone else's clone: broken files and text made to fool a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from emptychair.core.minutes import Action

from .history import meeting, write

INJECTED = ("\x1b", "\x9b", "\x07", "\u202e", "\u2066")
EVIL = (
    "\x1b]0;owned\x07 \x1b[2J [bold]loud[/] [link=https://evil]click[/link] \u202eevil\u202c \x9b31m :smile:"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "minutes"
    write(folder, meeting(0, answer=EVIL, actions=(Action("ev1lll", EVIL, EVIL),)))
    good = (folder / "2026-10-26-weekly.toml").read_text("utf-8")
    (folder / "2026-11-01-truncated.toml").write_text(good[: len(good) // 2], "utf-8")
    (folder / "2026-11-02-latin1.toml").write_bytes('title = "Overleg café"\n'.encode("latin-1"))
    (folder / "2026-11-03-not-toml.toml").write_text("this is not toml at all\n", "utf-8")
    (folder / "2026-11-04-newer.toml").write_text(good.replace("schema = 1", "schema = 99"), "utf-8")
    (folder / "2026-11-05-shape.toml").write_text('schema = 1\ntitle = ["a list"]\nitems = "none"\n', "utf-8")
    (folder / "2026-11-06-x.followup.toml").write_text("[[followups]]\naction = 3\n", "utf-8")
    return folder


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(folder.parent / "cache"),
        "TERM": "xterm",
        "LANG": "en_GB.UTF-8",
    }
    return subprocess.run(
        [sys.executable, "-m", "emptychair", *args, "--minutes", str(folder)], capture_output=True, env=env
    )


EXPECTED_PROBLEMS = [
    "skipped: 2026-11-01-truncated.toml:",
    "skipped: 2026-11-02-latin1.toml: not UTF-8 text (byte 20)",
    "skipped: 2026-11-03-not-toml.toml:1:6: ",
    "skipped: 2026-11-04-newer.toml: written by a newer emptychair (schema 99; this version reads 1)",
    "skipped: 2026-11-05-shape.toml: title: expected text, got a list (and 5 more problems)",
    "skipped: 2026-11-06-x.followup.toml: schema: missing: not an emptychair file, or a damaged one",
]


@pytest.mark.parametrize(
    "args",
    [("minutes", "list"), ("minutes", "show"), ("actions",), ("actions", "--json"), ("search", "evil"),
     ("search", "evil", "--json"), ("voice",), ("stats",), ("minutes", "export", "--format", "md")],
)  # fmt: skip
def test_broken_files_are_named_and_nothing_reaches_the_terminal(
    hostile: Path, args: tuple[str, ...]
) -> None:
    result = run(hostile, *args)
    assert result.returncode == 0, result.stderr
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    lines = err.splitlines()
    assert len(lines) == len(EXPECTED_PROBLEMS)
    for line, expected in zip(lines, EXPECTED_PROBLEMS, strict=True):
        assert line.startswith(expected)
    for raw in INJECTED:
        assert raw not in out and raw not in err
    if args[0] in ("actions", "search", "voice") or args[:2] == ("minutes", "show"):
        assert "[bold]loud[/]" in out or "[bold]loud" in out  # markup shown, not applied
    if args[:2] == ("minutes", "export"):
        assert "[bold]loud[/]" in out  # as typed: Markdown reads no link in it, so nothing is escaped


def test_escapes_are_shown_as_visible_marks(hostile: Path) -> None:
    out = run(hostile, "minutes", "show").stdout.decode("utf-8")
    assert (
        "␛]0;owned␇ ␛[2J [bold]loud[/] [link=https://evil]click[/link] <U+202E>evil<U+202C> <U+009B>31m :smile:"
        in out
    )


def test_json_keeps_the_text_exactly(hostile: Path) -> None:
    import json

    data = json.loads(run(hostile, "actions", "--json").stdout)
    assert data["actions"][0]["text"] == EVIL and data["actions"][0]["owner"] == EVIL


def test_a_broken_agenda_is_one_line(tmp_path: Path) -> None:
    for raw in (b"\xff\xfe", b'title = "x', b"items = 3\n"):
        path = tmp_path / "agenda.toml"
        path.write_bytes(raw)
        result = subprocess.run(
            [sys.executable, "-m", "emptychair", "agenda", "check", str(path)], capture_output=True
        )
        assert result.returncode == 2
        assert len(result.stdout.decode().splitlines()) >= 1 and b"Traceback" not in result.stderr
