"""Customer feedback brought in: each export format, scrubbed, written as one record, read back.

The exports are written by tests/exports.py as the tools write them, with names, e-mail addresses,
phone numbers, IBANs and hostile text in them; what is written is read back with tomllib.
"""

from __future__ import annotations

import io
import re
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from prompt_toolkit.input import PipeInput
from rich.console import Console

from emptychair.app.feedback import import_export, listing, review
from emptychair.core import feedback as fb
from emptychair.core.feedback import Choice, FeedbackEntry, Wanted
from emptychair.core.scrub import clean
from emptychair.errors import EmptyChairError
from emptychair.files.feedback import load_record, read_records, toml_string
from emptychair.files.folder import FEEDBACK
from emptychair.terminal.feedback_ui import Reviewer
from emptychair.terminal.meeting_ui import Prompter

from . import exports
from .conftest import CET, Clock
from .keys import CTRL_C

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=CET)


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    folder = tmp_path / "minutes"
    folder.mkdir()
    return folder


def records(folder: Path) -> list[dict[str, Any]]:
    return [tomllib.loads(p.read_text("utf-8")) for p in sorted(folder.glob(f"*{FEEDBACK}"))]


def strings(data: object) -> list[str]:
    """Every text in parsed TOML, keys too."""
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (str(k), *strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return [data] if isinstance(data, str) else []


def leaks(texts: list[str]) -> list[str]:
    """The personal data (and raw control characters) that reached `texts`."""
    whole = "\n".join(texts)
    found = [d for d in exports.PERSONAL if re.search(rf"(?<!\w){re.escape(d.strip())}(?!\w)", whole, re.I)]
    return found + [repr(c) for c in exports.INJECTED if c in whole]


def imported(folder: Path, export: Path, **options: Any) -> fb.FeedbackItem:
    import_export(folder, export, now=NOW, **options)
    return listing(folder).entries[0].item


# --- every format ------------------------------------------------------------------------------

TEXTS = {
    "zendesk": "Ik kan mijn factuur niet vinden in het portaal.",
    "zendesk-json": "Ik kan mijn factuur niet vinden.",
    "typeform": "Ik moet steeds inloggen om mijn factuur te zien.",
    "surveymonkey": "the invoice e-mail goes to spam.",
    "google-play": "App crasht bij inloggen.",
    "app-store": "Takes ages to load my invoices.",
    "nps": "great service",
    "generic": "answered within minutes",
}
SHAPES = {  # items, rows skipped, scale, what the first item's score says, its date
    "zendesk": (2, 2, "csat", "bad", date(2026, 11, 20)),
    "zendesk-json": (2, 0, "csat", "bad", date(2026, 11, 20)),
    "typeform": (3, 0, "nps", "3", date(2026, 11, 18)),
    "surveymonkey": (2, 1, "nps", "6", date(2026, 11, 20)),
    "google-play": (2, 0, "stars", "1", date(2026, 11, 20)),
    "app-store": (2, 0, "stars", "2", date(2026, 11, 20)),
    "nps": (3, 1, "nps", "9", date(2026, 11, 20)),
    "generic": (3, 0, "mood", "happy", date(2026, 11, 20)),
}
GENERIC = Wanted(text="Remark", score="Rating", date="When", id="Conversation")


@pytest.mark.parametrize("fmt", sorted(exports.WRITERS))
def test_each_export_is_recognised_scrubbed_and_written_as_one_record(
    fmt: str, minutes: Path, tmp_path: Path
) -> None:
    export = exports.WRITERS[fmt](tmp_path)
    done = import_export(minutes, export, now=NOW, wanted=GENERIC if fmt == "generic" else None)
    count, skipped, scale, score, day = SHAPES[fmt]
    assert (done.format, done.new, len(done.problems)) == (fmt, count, skipped)
    (record,) = records(minutes)
    assert (record["record"], record["format"], len(record["items"])) == ("import", fmt, count)
    assert record["imported"] == NOW and record["skipped"] == skipped
    first = min(record["items"], key=lambda i: i["row"])
    assert (first["scale"], first["score"], first["date"]) == (scale, score, day)
    assert TEXTS[fmt] in first["text"]
    assert leaks(strings(record)) == []
    assert leaks([str(p.say("en")) for p in done.problems]) == []


def test_the_format_is_told_by_the_header_and_format_overrides(tmp_path: Path, minutes: Path) -> None:
    export = exports.nps(tmp_path)
    assert import_export(minutes, export, now=NOW).format == "nps"
    generic = tmp_path / "generic.csv"
    generic.write_text(export.read_text("utf-8"), "utf-8")
    done = import_export(
        minutes, generic, now=NOW, fmt="generic", wanted=Wanted(text="Comment", score="Score")
    )
    assert done.format == "generic" and done.columns == {"text": "Comment", "score": "Score"}


def test_a_zendesk_ticket_keeps_its_subject_and_number(tmp_path: Path, minutes: Path) -> None:
    import_export(minutes, exports.zendesk_csv(tmp_path), now=NOW)
    found = {e.item.ref: e.item for e in listing(minutes).entries}
    assert found["4521"].title == "Factuur niet te vinden"
    assert found["4521"].text.startswith("Hallo,\n\nIk kan mijn factuur niet vinden")
    assert found["4521"].text.endswith("Met vriendelijke groet,\n[name]")  # lines kept as written
    assert (found["4522"].score, found["4522"].rating) == (fb.Score("csat", "good"), "green")


def test_zendesk_csv_and_json_of_one_ticket_are_one_item(tmp_path: Path, minutes: Path) -> None:
    import_export(minutes, exports.zendesk_csv(tmp_path), now=NOW)
    done = import_export(minutes, exports.zendesk_json(tmp_path), now=NOW + timedelta(hours=1))
    assert (done.new, done.known) == (1, 1)  # ticket 4521 came in the CSV already


def test_the_surveymonkey_header_rows_and_month_first_dates(tmp_path: Path, minutes: Path) -> None:
    done = import_export(minutes, exports.surveymonkey(tmp_path), now=NOW)
    assert done.columns == {
        "text": "What should we change?",
        "score": "How likely is it that you would recommend us to a friend?",
        "date": "End Date",
        "id": "Respondent ID",
    }
    assert [p.say("en") for p in done.problems] == ["row 4: score “11” is not on the scale NPS 0-10"]
    assert {e.item.date for e in listing(minutes).entries} == {date(2026, 11, 20), date(2026, 11, 22)}


def test_google_play_in_utf16_and_excel_csv_with_semicolons_and_a_bom(tmp_path: Path, minutes: Path) -> None:
    play = import_export(minutes, exports.google_play(tmp_path), now=NOW)
    store = import_export(minutes, exports.app_store(tmp_path), now=NOW)
    windows = import_export(minutes, exports.generic(tmp_path), now=NOW, wanted=GENERIC)
    assert (play.encoding, store.encoding, windows.encoding) == ("UTF-16", "UTF-8", "Windows-1252")
    days = {e.item.ref or e.item.title: e.item.date for e in listing(minutes).entries}
    assert days["r-9001"] == date(2026, 11, 20) and days["r-9002"] == date(
        2026, 11, 21
    )  # Nov 20, 2026; 21/11/2026


# --- the export's own personal columns ---------------------------------------------------------


def test_a_whole_name_goes_everywhere_its_single_words_only_from_its_own_row(tmp_path: Path) -> None:
    export = tmp_path / "answers.csv"
    export.write_text(
        "Id,Name,Comment\n1,Will Smith,I will call back\n2,Anna Bos,Will Smith told me. I will wait.\n",
        "utf-8",
    )
    folder = tmp_path / "minutes"
    folder.mkdir()
    import_export(folder, export, now=NOW, wanted=Wanted(text="Comment", id="Id"))
    said = {e.item.ref: e.item.text for e in listing(folder).entries}
    assert said == {"1": "I [name] call back", "2": "[name] told me. I will wait."}


def test_a_personal_source_id_is_not_kept_and_the_id_comes_from_the_content(tmp_path: Path) -> None:
    export = tmp_path / "x.csv"
    export.write_text("Who,Comment\njan@example.nl,Slow portal\n", "utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    item = imported(folder, export, wanted=Wanted(text="Comment", id="Who"))
    assert item.ref == "[e-mail]" and "jan" not in repr(records(folder))


def test_columns_with_e_mail_addresses_are_personal_whatever_their_name(tmp_path: Path) -> None:
    export = tmp_path / "x.csv"
    export.write_text("Ref,Contact point,Comment\n1,kees.jansen@example.org,Kees was helped\n", "utf-8")
    folder = tmp_path / "minutes"
    folder.mkdir()
    assert imported(folder, export, wanted=Wanted(text="Comment")).text == "[name] was helped"


# --- a record, never rewritten -----------------------------------------------------------------


def test_a_second_import_of_the_same_export_adds_nothing(tmp_path: Path, minutes: Path) -> None:
    export = exports.zendesk_csv(tmp_path)
    first = import_export(minutes, export, now=NOW)
    before = {p.name: p.read_bytes() for p in minutes.iterdir()}
    again = import_export(minutes, export, now=NOW + timedelta(days=1))
    assert (first.new, again.new, again.known, again.written) == (2, 0, 2, None)
    assert {p.name: p.read_bytes() for p in minutes.iterdir()} == before


def test_rows_without_an_id_of_their_own_are_known_by_their_content(tmp_path: Path, minutes: Path) -> None:
    export = exports.google_play(tmp_path)
    import_export(minutes, export, now=NOW)
    grown = tmp_path / "grown.csv"
    rows = export.read_text("utf-16").splitlines()
    grown.write_bytes(
        "\n".join(
            [*rows, "nl.example.app,412,4.1.2,nl,a52q,2026-11-22T08:00:00Z,,,,3,Ok,Gaat wel,,,,"]
        ).encode("utf-16")
    )
    done = import_export(minutes, grown, now=NOW + timedelta(days=1))
    assert (done.new, done.known) == (1, 2)


def test_record_names_never_clash_and_end_as_the_minutes_readers_pass_over(
    tmp_path: Path, minutes: Path
) -> None:
    for fmt in ("zendesk", "nps"):
        import_export(minutes, exports.WRITERS[fmt](tmp_path), now=NOW)
    names = sorted(p.name for p in minutes.iterdir())
    assert [re.sub(r"-[a-z2-9]{6}\.", "-XXXXXX.", n) for n in names] == [
        "2026-11-23T090000-import-nps-XXXXXX.feedback.toml",
        "2026-11-23T090000-import-zendesk-XXXXXX.feedback.toml",
    ]


def test_since_keeps_recent_feedback(tmp_path: Path, minutes: Path) -> None:
    done = import_export(minutes, exports.typeform(tmp_path), now=NOW, since="2026-11-19")
    assert (done.new, done.older) == (2, 1)
    assert fb.since_date("30d", date(2026, 11, 23)) == date(2026, 10, 24)
    assert fb.since_date("6w", date(2026, 11, 23)) == date(2026, 10, 12)
    assert fb.since_date("3m", date(2026, 5, 31)) == date(2026, 2, 28)
    assert fb.since_date("1-11-2026", date(2026, 11, 23)) == date(2026, 11, 1)
    assert fb.since_date("gisteren", date(2026, 11, 23)) == date(2026, 11, 22)  # what due: reads, and back
    with pytest.raises(EmptyChairError, match="--since takes a date"):
        fb.since_date("someday", date(2026, 11, 23))


def test_approve_all_approves_what_this_export_brought_and_nothing_else(
    tmp_path: Path, minutes: Path
) -> None:
    import_export(minutes, exports.nps(tmp_path), now=NOW)
    done = import_export(minutes, exports.zendesk_csv(tmp_path), now=NOW, approve_all=True)
    assert done.approved == 2
    statuses = {e.format: e.status for e in listing(minutes).entries}
    assert statuses == {"nps": "new", "zendesk": "approved"}
    assert [len(r.get("decisions", [])) for r in records(minutes)].count(1) == 1  # one decision, two items
    again = import_export(minutes, exports.nps(tmp_path), now=NOW + timedelta(hours=1), approve_all=True)
    assert (again.new, again.approved) == (0, 3)  # trusted later: what it brought before is approved now
    assert {e.status for e in listing(minutes).entries} == {"approved"}


# --- bad input ---------------------------------------------------------------------------------


def test_an_unknown_export_names_its_columns_and_the_options(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "odd.csv"
    export.write_text("jan@example.nl,06-12345678,Comment\nx,y,z\n", "utf-8")
    with pytest.raises(EmptyChairError) as refused:
        import_export(minutes, export, now=NOW)
    assert refused.value.message == (
        "odd.csv: not an export emptychair knows (Zendesk, Typeform, SurveyMonkey, Google Play, App Store, NPS);"
        " its columns: [e-mail], [phone], Comment. Say which column holds what: --text COL [--score COL]"
        " [--date COL] [--id COL]; or name the format: --format zendesk, zendesk-json, typeform, surveymonkey,"
        " google-play, app-store, nps, generic"
    )
    assert refused.value.exit_code == 2 and list(minutes.iterdir()) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"wanted": Wanted(text="Nope")},
            "has no column “Nope” (named with --text); its columns: Response ID",
        ),
        ({"wanted": Wanted(text="Comment", score="Name")}, "column “Name” holds no scores emptychair knows"),
        ({"fmt": "excel"}, "--format takes one of zendesk, zendesk-json"),
        ({"since": "soon"}, "--since takes a date like 2026-11-01"),
    ],
)
def test_bad_options_are_one_line(
    tmp_path: Path, minutes: Path, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(EmptyChairError, match=re.escape(message)):
        import_export(minutes, exports.nps(tmp_path), now=NOW, **options)


def test_bad_rows_are_named_and_the_rest_imported(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "mixed.csv"
    rows = [
        "Response ID,Name,Score,Comment,Date",
        "1,Anna,9,fine,2026-11-20",
        "2,Anna,ten,bad score,2026-11-20",
        "3,Anna,8,bad date,30-02-2026",
        "4,Anna,,,2026-11-20",
        f"5,Anna,7,{'x' * 100_001},2026-11-20",
        '6,Anna,3,"a comment\nover lines",31-12-2026',
    ]
    export.write_text("\n".join(rows) + "\n", "utf-8")
    done = import_export(minutes, export, now=NOW)
    assert [p.say("en") for p in done.problems] == [
        "row 3: score “ten” is not on the scale NPS 0-10",
        "row 4: “30-02-2026” is not a date",
        "row 5: no text and no score",
        "row 6: 101 kB, more than the 100 kB a row may have",
    ]
    assert [p.say("nl") for p in done.problems][
        3
    ] == "rij 6: 101 kB, meer dan de 100 kB die een rij mag hebben"
    assert done.new == 2 and done.rows == 6
    assert {e.item.ref: e.item.text for e in listing(minutes).entries} == {
        "1": "fine",
        "6": "a comment\nover lines",
    }


def test_the_separator_is_the_one_the_header_uses_outside_its_quotes(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "x.csv"
    export.write_text('"Why; tell us",Score\n"Slow; very",3\n', "utf-8")
    done = import_export(minutes, export, now=NOW, wanted=Wanted(text="Why; tell us", score="Score"))
    assert done.new == 1 and listing(minutes).entries[0].item.text == "Slow; very"


def test_a_file_over_50_mb_is_refused_unread(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "huge.csv"
    with export.open("wb") as f:
        f.truncate(fb.FILE_LIMIT + 1)  # sparse: no 50 MB written to disk
    with pytest.raises(EmptyChairError, match=r"huge.csv: 50 MB, more than the 50 MB an export may have"):
        import_export(minutes, export, now=NOW)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "x.json is empty"),
        (b'{"tickets": [{"id": 1,', "x.json:1:23: not JSON"),
        (b'"just a string"', "not an export emptychair knows"),
        (b'{"tickets": [1, {"id": 2, "subject": "Hi"}]}', None),
    ],
)
def test_broken_json(tmp_path: Path, minutes: Path, content: bytes, message: str | None) -> None:
    export = tmp_path / "x.json"
    export.write_bytes(content)
    if message is None:
        done = import_export(minutes, export, now=NOW)
        assert [p.say("en") for p in done.problems] == [
            "row 1: not a ticket (a JSON object)"
        ] and done.new == 1
        return
    with pytest.raises(EmptyChairError, match=re.escape(message)):
        import_export(minutes, export, now=NOW)


def test_one_ticket_a_line(tmp_path: Path, minutes: Path) -> None:
    export = tmp_path / "tickets.json"
    export.write_text(
        '{"id": 1, "subject": "Slow", "created_at": "2026-11-20T10:00:00Z"}\nnot json\n{"id": 2, "subject": "Fine"}\n'
    )
    done = import_export(minutes, export, now=NOW)
    assert done.new == 2 and [p.say("en") for p in done.problems] == ["row 2: not a ticket (a JSON object)"]


# --- the records read back ---------------------------------------------------------------------


@given(st.text())
def test_any_text_is_written_and_read_back_exactly(text: str) -> None:
    text = clean(text)
    assert tomllib.loads(f"t = {toml_string(text)}\n")["t"] == text


def test_a_record_that_is_not_ours_is_named_and_the_rest_read(tmp_path: Path, minutes: Path) -> None:
    import_export(minutes, exports.nps(tmp_path), now=NOW)
    (minutes / "2026-11-24T000000-import-x-aaaaaa.feedback.toml").write_text(
        'schema = 1\nrecord = "import"\nformat = "nps"\nimported = 2026-11-24T00:00:00+01:00\n'
        '[[items]]\nid = "x"\nscale = "nps"\nscore = "11"\ntext = 3\n',
        "utf-8",
    )
    (minutes / "2026-11-25T000000-review-bbbbbb.feedback.toml").write_text("schema = 9\n", "utf-8")
    found = read_records(minutes)
    assert len(found.batches) == 1
    assert [u.message for u in found.unreadable] == [
        "2026-11-24T000000-import-x-aaaaaa.feedback.toml: items[1].score: not a score on the nps scale"
        " (and 1 more problem)",
        "2026-11-25T000000-review-bbbbbb.feedback.toml: written by a newer emptychair (schema 9; this version reads 1)",
    ]


def test_hostile_text_is_kept_as_text_without_its_control_characters(tmp_path: Path, minutes: Path) -> None:
    import_export(minutes, exports.typeform(tmp_path), now=NOW)
    said = [e.item.text for e in listing(minutes).entries if "chat" in e.item.text]
    assert said == [
        "Alles top, vooral de chat met ]0;owned [2J [bold]loud[/] [link=https://evil]click[/link] evil 31m"
    ]
    load_record((next(minutes.iterdir())).read_text("utf-8"), "x")  # and it reads back


def test_the_minutes_readers_keep_feedback_records_apart(tmp_path: Path, minutes: Path) -> None:
    """The read model holds the records in their own tables: no meeting, no minutes problem."""
    from emptychair.files.readmodel import open_library

    from .history import meeting, write

    write(minutes, meeting(0))
    for writer in exports.WRITERS.values():
        import_export(
            minutes, writer(tmp_path), now=NOW, wanted=GENERIC if writer is exports.generic else None
        )
    found = open_library(minutes)
    assert (len(found.rows), found.unreadable) == (1, [])
    read = found.feedback_records()
    assert len(read.batches) == len(exports.WRITERS) and read.unreadable == ()
    assert {e.item.id for e in listing(minutes).entries} == {
        i.id for _, batch in read_records(minutes).batches for i in batch.items
    }


def test_feedback_records_are_shared_in_git_as_what_they_are(
    tmp_path: Path, minutes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from emptychair.files.git import commit, repository

    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Chair Tester")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "chair@example.org")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    import_export(minutes, exports.nps(tmp_path), now=NOW, approve_all=True)
    assert len(commit(repository(minutes)).new) == 2
    said = subprocess.run(["git", "log", "--format=%s"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert said == "emptychair: 2 feedback records\n"


# --- the review --------------------------------------------------------------------------------


def reviewing(folder: Path, keys: PipeInput, typed: str, lang: str = "en") -> tuple[Any, str]:
    keys.send_text(typed)
    keys.close()
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, color_system=None, highlight=False)
    done = review(folder, Reviewer(out, lang, Prompter(lang)), Clock(NOW))
    return done, buffer.getvalue()


def test_the_review_walks_the_new_items_one_key_each(tmp_path: Path, minutes: Path, keys: PipeInput) -> None:
    import_export(minutes, exports.typeform(tmp_path), now=NOW)
    done, shown = reviewing(minutes, keys, "usU")
    assert (done.approved, done.skipped, done.left) == (2, 1, 0)
    assert "1 of 3 · Typeform · Thu 19 Nov 2026 · 8/10 (amber)" in shown
    assert "→ use: the chair may quote it" in shown and "→ skipped" in shown
    assert "[bold]loud[/]" in shown and "\x1b" not in shown  # markup shown as typed, escapes not at all
    statuses = [e.status for e in listing(minutes).entries]
    assert statuses == ["approved", "skipped", "approved"]
    (decided,) = [r for r in records(minutes) if r["record"] == "review"]
    assert [d["verdict"] for d in decided["decisions"]] == ["approved", "skipped", "approved"]


@pytest.mark.parametrize("stop", ["q", CTRL_C, "\x04"])
def test_stopping_keeps_what_was_decided(tmp_path: Path, minutes: Path, keys: PipeInput, stop: str) -> None:
    import_export(minutes, exports.typeform(tmp_path), now=NOW)
    done, _ = reviewing(minutes, keys, "s" + stop)
    assert (done.approved, done.skipped, done.left) == (0, 1, 2)
    assert [e.status for e in listing(minutes).entries] == ["skipped", "new", "new"]
    again, _ = reviewing_again(minutes)
    assert again.left == 0


def reviewing_again(folder: Path) -> tuple[Any, str]:
    """A second review: only the items still new are asked about."""
    asked: list[FeedbackEntry] = []

    def ask(entry: FeedbackEntry, n: int, total: int) -> Choice:
        asked.append(entry)
        return "approved"

    done = review(folder, ask, Clock(NOW + timedelta(hours=1)))
    assert [e.status for e in asked] == ["new", "new"]
    return done, ""


def test_a_dutch_review_takes_dutch_keys(tmp_path: Path, minutes: Path, keys: PipeInput) -> None:
    import_export(minutes, exports.typeform(tmp_path), now=NOW)
    done, shown = reviewing(minutes, keys, "goq", "nl")
    assert (done.approved, done.skipped, done.left) == (1, 1, 1)
    assert "1 van 3 · Typeform · do 19 nov 2026 · 8/10 (oranje)" in shown and "→ overgeslagen" in shown


def test_nothing_new_asks_nothing(tmp_path: Path, minutes: Path) -> None:
    import_export(minutes, exports.nps(tmp_path), now=NOW, approve_all=True)

    def ask(entry: FeedbackEntry, n: int, total: int) -> Choice:
        raise AssertionError("asked")

    done = review(minutes, ask, Clock(NOW))
    assert (done.approved, done.skipped, done.left, done.written) == (0, 0, 0, None)


def test_the_latest_decision_counts(tmp_path: Path) -> None:
    item = fb.FeedbackItem("abc", "text")
    batch = fb.Batch(NOW, "nps", "x.csv", (item,))
    later = [("b", fb.Decision(NOW + timedelta(hours=1), "skipped", ("abc",)))]
    first = [("a", fb.Decision(NOW, "approved", ("abc",)))]
    assert fb.feedback_entries([("x", batch)], later + first)[0].status == "skipped"


def test_scores_and_their_colours() -> None:
    said = {("nps", v): fb.Score("nps", v).rating for v in ("0", "6", "7", "8", "9", "10")} | {
        ("stars", v): fb.Score("stars", v).rating for v in ("1", "2", "3", "4", "5")
    }
    assert said == {
        ("nps", "0"): "red", ("nps", "6"): "red", ("nps", "7"): "amber", ("nps", "8"): "amber",
        ("nps", "9"): "green", ("nps", "10"): "green", ("stars", "1"): "red", ("stars", "2"): "red",
        ("stars", "3"): "amber", ("stars", "4"): "green", ("stars", "5"): "green",
    }  # fmt: skip
    assert [fb.read_score(v, "csat") for v in ("Good", "bad with comment", "Offered", "")] == [
        fb.Score("csat", "good"), fb.Score("csat", "bad"), None, None,
    ]  # fmt: skip
    assert fb.read_score("★★★★☆", "stars") == fb.Score("stars", "4")
    assert [fb.Score("mood", v).rating for v in ("happy", "neutral", "unhappy")] == ["green", "amber", "red"]
    assert (
        fb.Score("mood", "unhappy").said("nl") == "ontevreden" and fb.Score("nps", "9").said("en") == "9/10"
    )


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("2026-11-20T13:03:11Z", date(2026, 11, 20)),
        ("2026-11-20 14:03:11 +0100", date(2026, 11, 20)),
        ("1795615391000", date(2026, 11, 25)),
        ("1795615391", date(2026, 11, 25)),
        ("20-11-2026", date(2026, 11, 20)),
        ("11/20/2026 02:03:11 PM", date(2026, 11, 20)),
        ("Nov 20, 2026", date(2026, 11, 20)),
        ("Fri, 20 Nov 2026 14:03:11 +0100", date(2026, 11, 20)),
        ("20 november 2026", date(2026, 11, 20)),
        ("", None),
    ],
)
def test_dates_as_exports_write_them(said: str, day: date | None) -> None:
    assert fb.read_date(said) == day


@given(st.text(alphabet=" \t\n\u00a0\u2028ab·", max_size=400), st.text(alphabet=" \nxy", max_size=30))
def test_the_list_shows_a_text_collapsed_and_cut_as_the_whole_text_would_be(text: str, title: str) -> None:
    """The list collapses only a start of a long text: the line is the same as from all of it."""
    from emptychair.core.feedback import SHOWN_TEXT, FeedbackItem, shown_text

    whole = " · ".join(t for t in (title, text) if t) or "—"
    line = " ".join(whole.split())
    expected = line if len(line) <= SHOWN_TEXT else line[: SHOWN_TEXT - 1] + "…"
    assert shown_text(FeedbackItem("id", text, None, None, title, "", 0)) == expected
