"""The read side as a team lead meets it: odd files named and skipped, ids that clash, closed actions
that stay closed, links under their own heading, owners matched as in a meeting."""

from __future__ import annotations

import contextlib
import io
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from emptychair.app.meeting import Earlier
from emptychair.cli import main
from emptychair.core.minutes import Action
from emptychair.files.folder import Folder

from .history import CHAIR_ACTION, ITEM_ACTION, meeting, read, write


def cli(*args: str) -> tuple[int, str, str]:
    """The command as installed would run it (errors become one line in `main`), streams as UTF-8 bytes."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = [io.TextIOWrapper(b, encoding="utf-8", write_through=True) for b in (out, err)]
    code = 0
    with contextlib.redirect_stdout(streams[0]), contextlib.redirect_stderr(streams[1]):
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


READS = [("minutes", "list"), ("minutes", "show"), ("actions",), ("actions", "--json"), ("search", "note"),
         ("voice",), ("stats",), ("minutes", "export")]  # fmt: skip


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    """A good meeting beside a tiny file nested 500 deep, a symlink loop and a file that starts with a BOM."""
    folder = tmp_path / "minutes"
    _, later = write(folder, meeting(0, actions=(ITEM_ACTION,)), meeting(1))
    (folder / "2026-11-01-deep.toml").write_text("a = " + "[" * 500 + "]" * 500 + "\n", "utf-8")
    (folder / "x.toml").symlink_to("x.toml")
    later.write_bytes(b"\xef\xbb\xbf" + later.read_bytes())
    return folder


@pytest.mark.parametrize("args", READS)
def test_deep_nesting_and_a_symlink_loop_are_named_and_skipped(odd: Path, args: tuple[str, ...]) -> None:
    code, out, err = cli(*args, "--minutes", str(odd))
    assert code == 0 and out, err  # the good meetings still count
    assert err.splitlines()[:2] == [
        "skipped: 2026-11-01-deep.toml: nested too deeply to read (lists or tables inside each other)",
        "skipped: x.toml: cannot read: Too many levels of symbolic links",
    ]
    assert "Traceback" not in err


def test_run_reads_the_history_past_them(odd: Path) -> None:
    history = Earlier.of(Folder(odd))  # what `run` opens with
    assert sorted(p.path.name for p in history.unreadable) == ["2026-11-01-deep.toml", "x.toml"]
    assert history.memory.latest == "2026-11-02-weekly"


def test_a_file_with_a_byte_order_mark_is_read(odd: Path) -> None:
    _, rows, _ = read(odd)
    assert [r.name for r in rows] == ["2026-11-02-weekly", "2026-10-26-weekly"]


def test_an_agenda_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_bytes(b'\xef\xbb\xbftitle = "W"\nattendees = ["A"]\n[[items]]\ntitle = "x"\nminutes = 5\n')
    assert cli("agenda", "check", str(path))[:2] == (0, "ok\n")


def test_a_duplicate_action_id_is_named_and_the_earlier_counts(tmp_path: Path) -> None:
    clash = replace(ITEM_ACTION, text="Another thing", owner="Chris")
    write(tmp_path, meeting(0, actions=(ITEM_ACTION,)), meeting(1, chair_actions=(clash,)))
    ledger, _, problems = read(tmp_path)
    assert [p.message for p in problems] == [
        "action it1bbb in 2026-11-02-weekly.toml has the same id as one in 2026-10-26-weekly.toml;"
        " only the one in 2026-10-26-weekly.toml counts"
    ]
    assert [(t.action.id, t.action.text) for t in ledger.actions] == [("it1bbb", "Fix the FAQ")]
    code, _, err = cli("actions", "--minutes", str(tmp_path))
    assert code == 0 and err.startswith("skipped: action it1bbb in 2026-11-02-weekly.toml has the same id")


@pytest.fixture
def odd_team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Minutes with Anna, Bram and Chris present; an agenda here that also names Annelies."""
    write(tmp_path / "minutes", meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)))
    (tmp_path / "agenda.toml").write_text(
        'title = "W"\nattendees = ["Anna", "Annelies", "Dewi"]\n[[items]]\ntitle = "x"\nminutes = 5\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    return tmp_path / "minutes"


def followups(folder: Path) -> list[dict[str, object]]:
    return [
        tomllib.loads(p.read_text("utf-8"))["followups"][0] for p in sorted(folder.glob("*.followup.toml"))
    ]


@pytest.mark.parametrize("close", [("done", "ch1"), ("drop", "ch1", "--reason", "customer left")])
def test_a_closed_action_stays_closed(odd_team: Path, close: tuple[str, ...]) -> None:
    assert cli("actions", *close)[0] == 0
    status = "done" if close[0] == "done" else "dropped"
    for change in (("reassign", "ch1", "chris"), ("due", "ch1", "2026-12-24")):
        code, out, err = cli("actions", *change)
        assert (code, out) == (2, "")
        assert err == (
            f"emptychair: action ch1aaa is {status}; to work on it again, reopen it first:"
            " emptychair actions reopen ch1aaa\n"
        )
    assert len(followups(odd_team)) == 1  # nothing written by the refusals
    ledger, _, _ = read(odd_team)
    assert {t.action.id: t.action.status for t in ledger.actions}["ch1aaa"] == status


def test_reopen_is_on_purpose_and_then_the_action_can_change(odd_team: Path) -> None:
    assert cli("actions", "reopen", "ch1")[:2] == (2, "")  # an open action is not reopened
    cli("actions", "done", "ch1")
    code, _, err = cli("actions", "reopen", "ch1", "--note", "customer is back")
    assert code == 0 and "ch1aaa “Send invoices by mail”: open" in err
    assert cli("actions", "reassign", "ch1", "chr")[0] == 0
    records = followups(odd_team)  # made within one second: their order on disk is not theirs
    assert len(records) == 3
    assert any((r["status"], r["note"]) == ("open", "customer is back") for r in records)
    assert any((r["status"], r.get("owner")) == ("open", "Chris") for r in records)
    ledger, _, _ = read(odd_team)
    assert [(t.action.status, t.action.owner) for t in ledger.actions if t.action.id == "ch1aaa"] == [
        ("open", "Chris")
    ]


@pytest.mark.parametrize(
    ("said", "stored", "new"),
    [("bram", "Bram", False), ("br", "Bram", False), ("CHR", "Chris", False), ("annel", "Annelies", False),
     ("dewi", "Dewi", False), ("Zoë", "Zoë", True)],
)  # fmt: skip
def test_reassign_matches_known_names_as_in_a_meeting(
    odd_team: Path, said: str, stored: str, new: bool
) -> None:
    code, _, err = cli("actions", "reassign", "it1", said)
    assert code == 0
    assert followups(odd_team)[-1]["owner"] == stored
    assert ("Zoë is a new name: nobody called that is in the agenda or in earlier minutes" in err) is new


def test_an_ambiguous_start_is_refused_with_the_candidates(odd_team: Path) -> None:
    assert cli("actions", "reassign", "it1", "an") == (
        2,
        "",
        "emptychair: @an could be Anna, Annelies; type more of the name\n",
    )
    assert followups(odd_team) == []


def test_the_owner_filter_matches_a_start_of_a_name(odd_team: Path) -> None:
    code, out, _ = cli("actions", "--owner", "br", "--json")
    assert code == 0 and '"owner": "Bram"' in out and '"owner": "Anna"' not in out
    code, _, err = cli("actions", "--owner", "zz")
    assert code == 2 and err.startswith(
        "emptychair: nobody called 'zz' is known from the agenda or the minutes"
    )


def test_a_name_from_the_minutes_in_another_case_is_one_person(tmp_path: Path) -> None:
    lower = replace(CHAIR_ACTION, id="lo2ccc", owner="bram")
    write(tmp_path, meeting(0, actions=(ITEM_ACTION,), chair_actions=(lower, CHAIR_ACTION)))
    code, out, _ = cli("actions", "--owner", "BRAM", "--json", "--minutes", str(tmp_path))
    assert code == 0 and out.count('"id"') == 2


def test_links_have_a_heading_of_their_own(tmp_path: Path) -> None:
    m = meeting(0)
    item = replace(m.items[0], links=("https://example.test/faq",))
    write(tmp_path, replace(m, items=(item,)))
    shown = cli("minutes", "show", "--minutes", str(tmp_path))[1]
    assert (
        shown.index("Decisions")
        < shown.index("a decision")
        < shown.index("Links")
        < shown.index("example.test")
    )
    md = cli("minutes", "export", "--minutes", str(tmp_path))[1]
    assert "**Decisions**\n\n- a decision\n\n**Links**\n\n- <https://example.test/faq>" in md  # an autolink
    html = cli("minutes", "export", "--format", "html", "--minutes", str(tmp_path))[1]
    link = '<a href="https://example.test/faq">https://example.test/faq</a>'
    assert f"<h3>Links</h3><ul><li>{link}</li></ul>" in html.replace("\n", "")


def test_a_hostile_action_id_cannot_name_a_follow_up_file_outside_the_folder(tmp_path: Path) -> None:
    write(tmp_path, meeting(0, actions=(Action("ab/../../../../x", "Escape", "Anna"),)))
    code, _, err = cli("actions", "done", "ab", "--minutes", str(tmp_path))
    assert code == 0, err
    (written,) = tmp_path.glob("*.followup.toml")
    assert written.parent == tmp_path and "-ab-x-" in written.name
