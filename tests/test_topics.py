"""Unplanned topics through the real prompts: an item added on the fly, a parked topic taken up at
the next meeting, the closing round, and a crash inside an added item."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from prompt_toolkit.input import PipeInput

from emptychair.core.line import Aside, read_line
from emptychair.errors import EmptyChairError
from emptychair.locale import tr

from .conftest import ROOT, Clock, meet, pipe_keys
from .inprocess import emptychair, invoke
from .keys import CTRL_C, DOWN, ENTER, SPACE
from .test_options import runs
from .test_recording import CHILD

AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram", "Chris"]

[chair]
opening = false
closing = false
recognition = false

[closing]
{closing}

[[items]]
title = "Round the table"
minutes = 5

[[items]]
title = "Planning"
minutes = 10
"""


EARLIER: dict[str, Any] = {
    "schema": 1,
    "title": "Weekly",
    "language": "en",
    "date": date(2026, 11, 2),
    "started": datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
    "ended": datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
    "present": ["Anna", "Bram"],
    "items": [{"title": "Planning", "planned_minutes": 10}],
}  # minutes as written before the closing round was marked `round = true`


def agenda(folder: Path, closing: str = "", language: str = "en") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(closing=closing, language=language), encoding="utf-8")
    return path


@runs("closing.topic_minutes", "#topic", "#onderwerp")
def test_an_item_added_on_the_fly_runs_like_any_item(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path, closing="topic_minutes = 4")
    typed = [
        ENTER,
        ENTER,
        "#topic Hold music 3m" + ENTER,
        "#onderwerp Refunds" + ENTER,  # the default time box; after the one added before it
        "a note" + ENTER,
        ENTER,  # Round the table done: on to Hold music
        "#agreed a shorter loop" + ENTER,
        "#action @bram new recording" + ENTER,
        ENTER,
        "refunds take a week" + ENTER,
        ENTER,
        "#end" + ENTER,
        "y",
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    titles = [(i["title"], i["planned_minutes"], i.get("added", False)) for i in data["items"]]
    assert titles == [
        ("Round the table", 5, False),
        ("Hold music", 3, True),
        ("Refunds", 4, True),
        ("Planning", 10, False),
    ]
    music = data["items"][1]
    assert music["decisions"] == ["a shorter loop"] and music["actions"][0]["owner"] == "Bram"
    assert data["items"][2]["notes"] == ["refunds take a week"]
    assert "Item 2 of 4 · Hold music" in text and "added during the meeting" in text
    assert "new item after this one (3 min): Hold music" in text


@runs("#park", "#parkeer")
def test_a_parked_topic_is_offered_next_time_until_taken_up_or_dropped(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    typed = [ENTER, ENTER, "#park Office move" + ENTER, "#parkeer Parking fees" + ENTER, *[ENTER] * 4]
    data, text = meet(path, keys, typed, clock)
    assert data is not None and data["parked"] == ["Office move", "Parking fees"]
    assert data["items"][0]["notes"] == []  # parked, not noted
    assert text.split("Item 2 of", 1)[0].count("Nothing noted in this item") == 0  # but not nothing
    assert "Parked for next time" in text.split("Summary", 1)[1]

    with (
        pipe_keys() as pipe
    ):  # after the attendance, none ticked: take up the office move; leave the fees parked
        typed = [
            ENTER,
            ENTER,
            "n",  # two topics waiting: not weighed with dots first
            SPACE + ENTER,
            ENTER,
            "boxes on Friday" + ENTER,
            "#end" + ENTER,
            "y",
        ]
        data, text = meet(path, pipe, typed, clock)
    assert data is not None
    assert [i["title"] for i in data["items"]] == ["Office move", "Round the table", "Planning"]
    assert data["items"][0]["notes"] == ["boxes on Friday"] and data["parked"] == ["Parking fees"]

    with pipe_keys() as pipe:  # not taken up, and unticked on the parking lot: dropped
        typed = [ENTER, ENTER, ENTER, SPACE + ENTER, "#end" + ENTER, "y"]
        data, _ = meet(path, pipe, typed, clock)
    assert data is not None and "parked" not in data
    assert [i["title"] for i in data["items"]] == ["Round the table", "Planning"]


@runs("closing.round")
@pytest.mark.parametrize(("language", "title"), [("en", "Closing round"), ("nl", "Rondvraag")])
def test_the_closing_round_gives_each_person_a_turn(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, title: str
) -> None:
    path = agenda(tmp_path, closing="round = true", language=language)
    typed = [
        ENTER,
        ENTER,
        "#end" + ENTER,
        "y" if language == "en" else "j",  # the round comes all the same
        "#action send the slides" + ENTER,  # Anna's turn: her action unless another is named
        "the slides are late" + ENTER,
        ENTER,
        ENTER,  # Bram passes
        "#topic Hiring 2m" + ENTER,  # Chris: a new item, right after his turn
        "#park Team outing" + ENTER,
        ENTER,
        "we hire one" + ENTER,  # the new item
        ENTER,
    ]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    items = {i["title"]: i for i in data["items"]}
    assert list(items) == ["Round the table", "Planning", "Hiring", title]
    assert items[title]["notes"] == ["Anna: the slides are late"]
    assert [(a["text"], a["owner"]) for a in items[title]["actions"]] == [("send the slides", "Anna")]
    assert items["Hiring"]["notes"] == ["we hire one"] and items["Hiring"]["added"] is True
    assert data["parked"] == ["Team outing"]
    of = "of" if language == "en" else "van"
    assert all(f"{title} {n} {of} 3 · {name}" in text for n, name in ((1, "Anna"), (2, "Bram"), (3, "Chris")))
    assert items[title]["round"] is True and all("round" not in items[t] for t in list(items)[:3])
    (row,) = json.loads(emptychair(tmp_path, "minutes", "list", "--json").stdout)["meetings"]
    assert row["items"] == 3  # as the meeting counts them: the round is named apart
    shown = emptychair(tmp_path, "minutes", "show").stdout.splitlines()
    assert "3. Hiring" in shown and title in shown and f"4. {title}" not in shown


@pytest.mark.parametrize(("language", "title"), [("en", "Closing round"), ("nl", "Rondvraag")])
def test_minutes_from_before_the_round_was_marked_count_it_apart_too(
    tmp_path: Path, language: str, title: str
) -> None:
    """Their round is their last item under the round's title, a planned minute a person present
    and each note said by one of them; an item of the agenda under that title is an item."""
    (tmp_path / "minutes").mkdir()
    for n, (people, presenter) in enumerate(((2, ""), (2, "Anna"), (3, ""))):
        row = {
            "title": title,
            "presenter": presenter,
            "planned_minutes": people,
            "notes": ["Anna: one thing"],
        }
        day = date(2026, 11, 2 + n)
        data = dict(EARLIER, language=language, date=day, items=[EARLIER["items"][0], row])
        (tmp_path / "minutes" / f"2026-11-0{n + 2}-weekly.toml").write_text(tomli_w.dumps(data), "utf-8")
    listed = emptychair(tmp_path, "minutes", "list", "--json", "--minutes", "minutes")
    assert listed.stderr == ""
    rows = json.loads(listed.stdout)
    assert [r["items"] for r in rows["meetings"]] == [2, 2, 1]  # newest first: only the first is a round


def test_resume_lands_on_the_right_persons_turn(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path, closing="round = true")
    typed = [ENTER, ENTER, "#end" + ENTER, "y" + ENTER, ENTER, "half" + CTRL_C, DOWN + ENTER]
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        data, text = meet(path, pipe, [" a thought" + ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    assert data["items"][-1]["notes"] == ["Bram: half a thought"]
    assert "Closing round 2 of 3 · Bram" in text


def test_a_crash_inside_an_added_item_resumes_in_it(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path)
    typed = ENTER + ENTER + "#topic Hold music" + ENTER + ENTER + ENTER + "first in it" + ENTER
    child = subprocess.Popen(
        [sys.executable, "-u", "-c", CHILD, str(path), typed],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for shown in child.stdout:  # echoed after the draft holding it was saved
        if "first in it" in shown:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    data, text = meet(path, keys, ["second" + ENTER, ENTER, ENTER, ENTER], clock, resume=True)
    assert data is not None
    music = data["items"][1]
    assert (music["title"], music["added"], music["notes"]) == ("Hold music", True, ["first in it", "second"])
    assert "Item 2 of 3 · Hold music" in text and "Said so far" in text


MARKERS = {
    "en": {"topic": "#topic", "park": "#park", "customer": "#customer", "undo": "#undo", "end": "#end", "yes": "y"},
    "nl": {"topic": "#onderwerp", "park": "#parkeer", "customer": "#klant", "undo": "#schrap", "end": "#einde",
           "yes": "j"},
}  # fmt: skip


@runs("#undo", "#schrap")
@pytest.mark.parametrize("language", ["en", "nl"])
def test_undo_takes_back_an_added_a_parked_topic_and_a_customer_line_last_typed_first(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    said = MARKERS[language]
    typed = [
        ENTER,
        ENTER,
        "a note" + ENTER,
        f"{said['park']} Office move" + ENTER,
        f'{said["customer"]} 3/10 "Too [bold]slow[/] \x1b[2J"' + ENTER,
        f"{said['topic']} Hold [red]music[/] 3m" + ENTER,
        *[said["undo"] + ENTER] * 3,  # the topic, the customer's line, the parked topic: the note stays
        f"{said['park']} Parking fees" + ENTER,
        ENTER,  # on to Planning: the added item is gone
        said["end"] + ENTER,
        said["yes"],
    ]
    data, text = meet(agenda(tmp_path, language=language), keys, typed, clock)
    assert data is not None, text
    assert [(i["title"], i.get("added", False)) for i in data["items"]] == [
        ("Round the table", False),
        ("Planning", False),
    ]
    assert data["items"][0]["notes"] == ["a note"] and data["parked"] == ["Parking fees"]
    assert "customer" not in data
    back = tr(language, "undone")
    for kind, what in (("topic", "Hold [red]music[/]"), ("customer", "“Too [bold]slow[/] [2J” (NPS 3)"),
                       ("park", "Office move")):  # fmt: skip
        line = f"{back}: {tr(language, 'undone_' + kind)}: "
        assert what in text.split(line, 1)[1].splitlines()[0]
    assert "\x1b[2J" not in text and tr(language, "nothing_to_undo") not in text
    assert tr(language, "item_of", n=2, total=2) in text and tr(language, "item_of", n=2, total=3) not in text


def test_an_added_item_taken_up_already_stays_and_undo_says_so(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    typed = [
        ENTER,
        ENTER,
        "#topic Hold music" + ENTER,
        ENTER,  # nothing noted in this item: asked once
        ENTER,  # into Hold music: its clock runs
        "#back" + ENTER,
        "#undo" + ENTER,  # refused in a line: nothing else is taken back instead
        "kept" + ENTER,
        ENTER,
        "#end" + ENTER,
        "y",
    ]
    data, text = meet(agenda(tmp_path), keys, typed, clock)
    assert data is not None
    assert "“Hold music” stays on the agenda: it was taken up already (#skip passes it over)" in text
    first, music, _ = data["items"]
    assert first["notes"] == ["kept"] and (music["title"], music["added"]) == ("Hold music", True)
    assert tr("en", "undone") not in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_undone_aside_stays_undone_after_a_resume(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    said = MARKERS[language]
    path = agenda(tmp_path, language=language)
    typed = [
        ENTER,
        ENTER,
        "a note" + ENTER,
        f"{said['park']} Office move" + ENTER,
        f"{said['topic']} Hold music" + ENTER,
        said["undo"] + ENTER,  # the topic, before the stop
        CTRL_C,
        DOWN + ENTER,  # save and stop
    ]
    assert meet(path, keys, typed, clock)[0] is None
    (draft,) = (tmp_path / "minutes" / ".drafts").iterdir()
    assert 'what = "topic"' in draft.read_text("utf-8")  # which aside the #undo took back
    with pipe_keys() as pipe:  # the parked topic is the last thing typed now, then the note
        typed = [said["undo"] + ENTER, said["undo"] + ENTER, "another" + ENTER, ENTER, said["end"] + ENTER]
        data, text = meet(path, pipe, [*typed, said["yes"]], clock, resume=True)
    assert data is not None, text
    assert [i["title"] for i in data["items"]] == ["Round the table", "Planning"]
    assert data["items"][0]["notes"] == ["another"] and "parked" not in data
    assert f"{tr(language, 'undone_park')}: Office move" in text


def test_a_topic_line_is_read_with_its_time_box() -> None:
    def read(line: str) -> object:
        return read_line(line, ["Anna"], lambda: date(2026, 11, 23))

    assert read("#topic Hold music 5m") == Aside("topic", "Hold music", 5)
    assert read("#onderwerp: Wachtmuziek 10 min") == Aside("topic", "Wachtmuziek", 10)
    assert read("#topic Agenda for 2027") == Aside("topic", "Agenda for 2027", 0)
    assert read("#parkeer verhuizing") == Aside("park", "verhuizing", 0)
    with pytest.raises(EmptyChairError, match="needs text"):
        read("#park")
    with pytest.raises(EmptyChairError, match="1 to 480 minutes"):
        read("#topic Strategy 900m")


@pytest.mark.parametrize(
    ("language", "topic", "park", "link", "added", "parked"),
    [
        ("en", "#topic", "#park", "#link", "added during the meeting", "Parked for next time"),
        ("nl", "#onderwerp", "#parkeer", "#link", "tijdens het overleg toegevoegd", "Geparkeerd voor de volgende keer"),
    ],
)  # fmt: skip
def test_added_and_parked_topics_and_links_reach_show_and_both_exports(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str, topic: str, park: str, link: str,
    added: str, parked: str,
) -> None:  # fmt: skip
    from html.parser import HTMLParser

    path = agenda(tmp_path, language=language)
    typed = [
        ENTER,
        ENTER,
        f"{topic} Hold music 3m" + ENTER,
        f"{park} Coffee machine" + ENTER,
        f"{link} https://example.com/faq?a=1&b=2" + ENTER,
        f"{link} javascript:alert(1)" + ENTER,
        f'{link} https://example.com/"onclick=x' + ENTER,
        ENTER,  # on to the added item
        "music note" + ENTER,
        ENTER,
        ("#end" if language == "en" else "#einde") + ENTER,
        "y" if language == "en" else "j",
    ]
    data, said = meet(path, keys, typed, clock)
    assert data is not None, said
    assert data["parked"] == ["Coffee machine"]

    def cli(*args: str) -> str:
        result = invoke([*args, "--minutes", str(tmp_path / "minutes")])
        assert result.exit_code == 0, result.output
        return result.stdout

    show = cli("minutes", "show")
    assert f"2. Hold music\n2 of 3 min · {added}" in show.replace(" van ", " of ")
    assert f"{parked}\n  • Coffee machine" in show
    md = cli("minutes", "export", "--format", "md")
    assert f"## 2. Hold music\n\n*2 of 3 min · {added}*" in md.replace(" van ", " of ")
    assert f"## {parked}\n\n- Coffee machine" in md
    assert "- <https://example.com/faq?a=1&b=2>\n- javascript:alert(1)\n" in md  # only the web address
    assert '- https://example.com/"onclick=x\n' in md

    class Page(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[str] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.links += [v or "" for k, v in attrs if tag == "a" and k == "href"]

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    page = Page()
    page.feed(cli("minutes", "export", "--format", "html"))
    assert page.links == ["https://example.com/faq?a=1&b=2"]  # no script, no half address with a quote
    text = "".join(page.text)
    assert "Hold music" in text and added in text and parked in text and "Coffee machine" in text
    assert 'javascript:alert(1)https://example.com/"onclick=x' in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_closing_round_rings_its_time_box_as_an_item_does(
    tmp_path: Path, keys: PipeInput, clock: Clock, language: str
) -> None:
    """A minute a person: the bell when the last one begins and when the time is up, once each,
    and the chair says that the round (not an item) runs over."""
    path = agenda(tmp_path, closing="round = true", language=language)
    end, yes = ("#end", "y") if language == "en" else ("#einde", "j")
    notes = [f"thing {n}" + ENTER for n in range(12)]  # the clock moves 30 s a reading
    typed = [ENTER, ENTER, end + ENTER, yes + ENTER, *notes, ENTER, ENTER, ENTER]
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    over = tr(language, "chair_round_overrun")  # the bell's line when the time is up
    assert text.count(tr(language, "bell_minute")) == 1 and text.count(over) == 1
    assert tr(language, "chair_overrun") not in text
    assert text.index(tr(language, "bell_minute")) < text.index(over)
