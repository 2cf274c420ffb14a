"""Lists a person reads: at a terminal `minutes list` shows the latest meetings and `search` the
newest hits, each saying on stderr how to see the rest; a pipe and --json get every one."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from .history import meeting, write
from .inprocess import emptychair

MEETINGS = 26
SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "minutes"
    write(path, *(meeting(week, answer="[bold]loud[/bold] \x1b]0;owned\x07") for week in range(MEETINGS)))
    return path


@pytest.fixture(autouse=True)
def cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "lists-cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def run(folder: Path, lang: str, *args: str, terminal: bool = False) -> tuple[list[str], str]:
    env = {"LANG": "nl_NL.UTF-8" if lang == "nl" else "en_GB.UTF-8"}
    done = emptychair(folder.parent, *args, "--minutes", str(folder), env=env, terminal=terminal)
    assert done.returncode == 0, done.stderr
    return SGR.sub("", done.stdout).splitlines(), done.stderr


CUT = {
    "en": "the latest 20 of 26 meetings; --all shows every one, -n N the latest N\n",
    "nl": "de laatste 20 van 26 overleggen; --all toont ze allemaal, -n N de laatste N\n",
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_terminal_gets_the_latest_twenty_meetings_and_how_to_see_more(folder: Path, lang: str) -> None:
    lines, said = run(folder, lang, "minutes", "list", terminal=True)
    assert len(lines) == 1 + 20 and said == CUT[lang]
    assert lines[1].startswith("2027-04-19") and lines[-1].startswith("2026-12-07")  # the newest first
    everything, _ = run(folder, lang, "minutes", "list")
    assert lines == everything[:21]  # the same rows, only fewer
    assert run(folder, lang, "minutes", "list", "--team", "SUPPORT", terminal=True) == (lines, CUT[lang])
    assert run(folder, lang, "minutes", "list", "--team", "SUPPORT") == (everything, "")


@pytest.mark.parametrize(
    ("args", "rows"),
    [((), MEETINGS), (("--json",), MEETINGS), (("-n", "3"), 3), (("--count", "30"), MEETINGS),
     (("--all",), MEETINGS), (("--since", "2026-11-09"), MEETINGS - 2), (("--until", "2026-11-09"), 3),
     (("--team", "sales"), 0), (("--all", "-n", "2"), MEETINGS)],
)  # fmt: skip
@pytest.mark.parametrize("terminal", [False, True])
def test_a_pipe_json_or_a_chosen_count_is_never_cut(
    folder: Path, args: tuple[str, ...], rows: int, terminal: bool
) -> None:
    if terminal and not args:
        return  # the cut itself: above
    lines, said = run(folder, "en", "minutes", "list", *args, terminal=terminal)
    if "--json" in args:
        assert len(json.loads("\n".join(lines))["meetings"]) == rows
    else:
        assert len(lines) == 1 + rows
    assert said == ""


def test_a_count_must_be_a_positive_number(folder: Path) -> None:
    done = emptychair(folder.parent, "minutes", "list", "-n", "0", "--minutes", str(folder))
    assert done.returncode == 2 and "-n" in done.stderr


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_terminal_gets_the_newest_fifty_hits_and_how_many_more(folder: Path, lang: str) -> None:
    hits = json.loads(emptychair(folder.parent, "search", "a", "--json", "--minutes", str(folder)).stdout)[
        "hits"
    ]
    assert len(hits) > 50
    lines, said = run(folder, lang, "search", "a", terminal=True)
    more = len(hits) - 50
    assert (
        said
        == {
            "en": f"the newest 50 hits; {more} more: --all shows every one\n",
            "nl": f"de nieuwste 50 treffers; nog {more}: --all toont ze allemaal\n",
        }[lang]
    )
    assert len(lines) == 50 and [line[:10] for line in lines] == [h["date"] for h in hits[:50]]
    piped, quiet = run(folder, lang, "search", "a")
    assert len(piped) == len(hits) and quiet == ""
    every, quiet = run(folder, lang, "search", "a", "--all", terminal=True)
    assert len(every) == len(hits) and quiet == ""
    few, quiet = run(folder, lang, "search", "loud", terminal=True)
    assert len(few) == MEETINGS and quiet == ""  # fewer than fifty: nothing to say
    assert "\x1b]" not in "".join(few) and "[bold]loud[/bold] ␛]0;owned␇" in few[0]  # escaped, markup as text


def test_the_newest_fifty_are_the_same_whether_the_words_or_the_dates_lead(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many hits are read in date order until fifty are found, few are found by their words and
    sorted: both ways give the same lines and the same count."""
    from emptychair.files.readmodel import library

    shown = []
    for below in (0, 10**9):
        monkeypatch.setattr(library, "SORT_BELOW", below)
        shown.append(run(folder, "en", "search", "a", terminal=True))
    assert shown[0] == shown[1] and len(shown[0][0]) == 50


def test_a_person_at_a_terminal_sees_the_cut(folder: Path) -> None:
    exe = Path(sys.executable).with_name("emptychair")
    env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "120", "LANG": "en_GB.UTF-8"}
    raw, status = pexpect.run(
        str(exe), args=["minutes", "list", "--minutes", str(folder)], env=env, withexitstatus=True, timeout=20
    )
    lines = raw.decode("utf-8").replace("\r\n", "\n").splitlines()
    assert status == 0, lines
    assert len(lines) == 1 + 20 + 1 and lines[-1] == CUT["en"].strip()


@pytest.mark.parametrize("size", [1, 2, 1000])
def test_json_written_a_batch_at_a_time_is_the_json_written_whole(
    size: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """search --json writes its hits as it reads them: the same text, to the byte, as written whole."""
    from emptychair.commands.common import print_json, print_json_list

    cases: list[list[dict[str, Any]]] = [
        [],
        [{}],
        [{"text": 'é \x9b[2J \u202e\x00 "q"\n', "n": 3, "flag": True, "none": None}],
        [{"nested": {"a": [1, {"b": []}]}, "x": 1.5}, {"when": "2026-11-02"}],
        [{"hit": n} for n in range(5)],
    ]
    for items in cases:
        print_json({"version": 1, "query": "é", "hits": items})
        whole = capsys.readouterr().out
        batches = [items[at : at + size] for at in range(0, len(items), size)] + [[]]
        print_json_list({"version": 1, "query": "é"}, "hits", batches)
        assert capsys.readouterr().out == whole


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_terminal_gets_the_newest_fifty_feedback_items_and_how_to_see_all(
    tmp_path: Path, lang: str
) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    rows = "".join(f"r{n},2026-{1 + n // 28:02d}-{1 + n % 28:02d},Item {n} [bold]x[/]\n" for n in range(60))
    (tmp_path / "export.csv").write_text("Ref,Date,Comment\n" + rows, "utf-8")
    imported = emptychair(tmp_path, "feedback", "import", "export.csv", "--text", "Comment", "--date", "Date",
                          "--id", "Ref", "--minutes", str(folder))  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    lines, said = run(folder, lang, "feedback", terminal=True)
    assert len(lines) == 1 + 50 and "Item 59 [bold]x[/]" in lines[1] and "Item 10 " in lines[-1]
    assert (
        said
        == {
            "en": "the newest 50 of 60 feedback items; --all shows every one\n",
            "nl": "de nieuwste 50 van 60 feedbackitems; --all toont ze allemaal\n",
        }[lang]
    )
    assert run(folder, lang, "feedback")[0][:51] == lines  # a pipe: every one, the same lines
    assert [len(run(folder, lang, "feedback", *more)[0]) for more in ((), ("--all",))] == [61, 61]
    assert len(run(folder, lang, "feedback", "--all", terminal=True)[0]) == 61
