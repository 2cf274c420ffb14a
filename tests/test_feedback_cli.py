"""`emptychair feedback` end to end: the installed command as a team runs it (`run`), and the same
command line in this process where nothing but the output is looked at (`inside`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pexpect
import pytest

from emptychair.files.folder import FEEDBACK

from . import exports
from .history import meeting, write
from .inprocess import emptychair
from .keys import CTRL_C
from .person import typing

EXE = Path(sys.executable).with_name("emptychair")


def language(lang: str) -> dict[str, str]:
    return {"LANG": "nl_NL.UTF-8" if lang == "nl" else "en_GB.UTF-8", "LC_ALL": ""}


def run(folder: Path, *args: str, lang: str = "en") -> tuple[int, str, str]:
    env = {**os.environ, **language(lang), "TERM": "xterm", "COLUMNS": "200"}
    done = subprocess.run(
        [str(EXE), *args, "--minutes", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder.parent,
    )
    return done.returncode, done.stdout, done.stderr


def inside(folder: Path, *args: str, lang: str | None = None) -> tuple[int, str, str]:
    """The command line run by `main` in this process, where nothing but the output is looked at
    (its errors included): quicker, and the same code. In the test's language unless `lang`."""
    done = emptychair(folder.parent, *args, "--minutes", str(folder), env=language(lang) if lang else None)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    return folder


def test_import_list_and_json(tmp_path: Path, minutes: Path) -> None:
    code, out, err = run(minutes, "feedback", "import", str(exports.zendesk_csv(tmp_path)))
    assert (code, out) == (0, "")
    said = err.splitlines()
    assert said[0] == (
        "tickets.csv: read as Zendesk (UTF-8); text from “Description”, score from “Satisfaction Score”,"
        " date from “Created at”, id from “Id”"
    )
    assert said[1] == "imported 2, skipped 2: row 4: “gisteren” is not a date; row 5: no text and no score"
    assert said[2].startswith(f"written to {minutes}/") and said[2].endswith(FEEDBACK)
    assert said[3] == "next: emptychair feedback review, to decide what the chair may quote"

    code, out, err = run(minutes, "feedback")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["id", "date", "source", "score", "status", "text"]
    assert lines[1].split()[1:6] == ["2026-11-21", "Zendesk", "good", "(green)", "new"]
    assert (
        "Factuur niet te vinden · Hallo, Ik kan mijn factuur niet vinden in het portaal. Bel me op [phone]"
        in out
    )
    assert exports.INJECTED[0] not in out and "[bold]loud[/]" in out

    code, out, err = run(minutes, "feedback", "--json")
    data = json.loads(out)
    assert (code, err, data["version"]) == (0, "", 1)
    first = data["feedback"][0]
    assert set(first) == {"id", "date", "source", "format", "scale", "score", "rating", "title", "text", "ref",
                          "status", "decided", "imported", "record", "meeting", "quoted"}  # fmt: skip
    assert (first["date"], first["scale"], first["score"], first["rating"], first["status"]) == (
        "2026-11-21", "csat", "good", "green", "new",
    )  # fmt: skip
    assert "\\u001b" not in out  # the escape sequences were taken out on import


def test_nothing_personal_reaches_the_screen_or_the_folder(tmp_path: Path, minutes: Path) -> None:
    shown = []
    for fmt, writer in exports.WRITERS.items():
        options = ["--text", "Remark", "--score", "Rating", "--date", "When"] if fmt == "generic" else []
        code, out, err = inside(minutes, "feedback", "import", str(writer(tmp_path)), *options)
        assert code == 0, err
        shown += [out, err]
    for args in (["feedback"], ["feedback", "--json"], ["feedback", "--status", "new"]):
        code, out, err = inside(minutes, *args)
        shown += [out, err]
    from .test_feedback import leaks, strings

    assert leaks(shown) == []
    stored = [tomllib.loads(p.read_text("utf-8")) for p in minutes.glob(f"*{FEEDBACK}")]
    assert len(stored) == 8 and leaks([s for r in stored for s in strings(r)]) == []


def test_the_same_export_twice_and_approve_all(
    tmp_path: Path, minutes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = str(exports.nps(tmp_path))
    inside(minutes, "feedback", "import", export)
    code, _, err = inside(minutes, "feedback", "import", export, "--approve-all")
    assert code == 0
    assert err.splitlines()[1:] == [
        "imported 0, skipped 1: row 5: score “12” is not on the scale NPS 0-10; 3 were there already",
        "all 3 approved: the chair may quote them",
    ]
    out = inside(minutes, "feedback", "--status", "approved", "--json")[1]
    assert len(json.loads(out)["feedback"]) == 3
    code, _, err = inside(minutes, "feedback", "--status", "new")
    assert (code, err) == (0, "no feedback with status new\n")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    code, out, _ = inside(minutes, "feedback", "--status", "goedgekeurd")  # as the list says it
    assert out.splitlines()[0].split() == ["id", "datum", "bron", "score", "status", "tekst"]
    assert len(out.splitlines()) == 4 and all("goedgekeurd" in line for line in out.splitlines()[1:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["feedback", "import", "nowhere.csv"], "emptychair: nowhere.csv: no such file\n"),
        (["feedback", "import", "EXPORT", "--format", "excel"], "emptychair: --format takes one of zendesk,"),
        (
            ["feedback", "import", "EXPORT", "--text", "Nope"],
            "emptychair: delighted.csv has no column “Nope”",
        ),
        (
            ["feedback", "import", "EXPORT", "--since", "soon"],
            "emptychair: --since takes a date like 2026-11-01",
        ),
        (
            ["feedback", "--status", "old"],
            "emptychair: --status takes one of new, approved, skipped, not 'old'\n",
        ),
        (["feedback", "review"], "emptychair: emptychair feedback review needs an interactive terminal\n"),
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path: Path, minutes: Path, args: list[str], message: str) -> None:
    export = str(exports.nps(tmp_path))
    code, out, err = inside(minutes, *[export if a == "EXPORT" else a for a in args])
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_an_unknown_export_says_what_to_do_in_dutch(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "odd.csv"
    export.write_text("Wie,Wat\nJan,Te traag\n", "utf-8")
    code, _, err = inside(minutes, "feedback", "import", str(export), lang="nl")
    assert code == 2
    assert err.startswith(
        "emptychair: odd.csv: geen export die emptychair kent (Zendesk, Typeform, SurveyMonkey, Google Play, App"
        " Store, NPS); de kolommen: Wie, Wat. Zeg welke kolom wat bevat: --text KOLOM"
    )
    code, _, err = inside(minutes, "feedback", "import", str(export), "--text", "Wat", lang="nl")
    assert code == 0 and err.splitlines()[1] == "1 ingelezen"


def test_an_export_of_only_bad_rows_exits_2(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "bad.csv"
    export.write_text("Score,Comment\n11,x\n12,y\n", "utf-8")
    code, _, err = inside(minutes, "feedback", "import", str(export), "--format", "nps")
    assert code == 2
    assert err.splitlines()[1] == (
        "imported 0, skipped 2: row 2: score “11” is not on the scale NPS 0-10;"
        " row 3: score “12” is not on the scale NPS 0-10"
    )
    assert list(minutes.iterdir()) == []


def test_the_minutes_commands_do_not_see_the_feedback(tmp_path: Path, minutes: Path) -> None:
    write(minutes, meeting(0))
    inside(minutes, "feedback", "import", str(exports.typeform(tmp_path)))
    for args in (["minutes", "list"], ["actions"], ["stats"]):
        code, out, err = inside(minutes, *args)
        none = "No open actions.\n" if args == ["actions"] else ""  # meeting(0) made none
        assert (code, err) == (0, none), args  # no "skipped: …feedback.toml"
        assert "feedback" not in out, args
    assert inside(minutes, "search", "factuur")[1:] == ("", "nothing found\n")  # not (yet) searched


def test_the_list_does_not_load_the_prompt_libraries(tmp_path: Path, minutes: Path) -> None:
    run(minutes, "feedback", "import", str(exports.nps(tmp_path)))
    code = (
        "import sys; from emptychair.cli import main\n"
        f"try: main(['feedback', '--minutes', {str(minutes)!r}])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('questionary', 'prompt_toolkit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_review_in_a_terminal_and_ctrl_c_keeps_what_was_decided(tmp_path: Path, minutes: Path) -> None:
    run(minutes, "feedback", "import", str(exports.typeform(tmp_path)))
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "NO_COLOR": "1",
        "LANG": "en_GB.UTF-8",
    }
    child = typing(pexpect.spawn(
        str(EXE), ["feedback", "review", "--minutes", str(minutes)], env=env, encoding="utf-8", timeout=10,
        dimensions=(40, 120),
    ))  # fmt: skip
    child.expect("1 of 3 · Typeform")
    child.expect(r"May the chair quote this\?")
    child.send("u")
    child.expect("2 of 3 · Typeform")
    child.expect(r"May the chair quote this\?")
    child.send(CTRL_C)
    child.expect("approved 1, skipped 0; 2 still new, for the next emptychair feedback review")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = run(minutes, "feedback", "--json")[1]
    assert [e["status"] for e in json.loads(out)["feedback"]] == ["approved", "new", "new"]
