"""Kinds, statuses, moments and origins as types: every value has its words, and drafts keep their format."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest

from emptychair.core.line import EntryKind, kind_key
from emptychair.core.meeting import StepKind, step_key
from emptychair.core.minutes import (
    Action,
    ActionStatus,
    ChairMoment,
    FollowUp,
    ItemStatus,
    Origin,
    Rating,
    colour_key,
    moment_key,
    rating_key,
    status_key,
)
from emptychair.errors import EmptyChairError
from emptychair.files.draft import dump_draft, load_draft
from emptychair.locale import LANGUAGES, catalogue

DRAFT = Path(__file__).parent / "data" / "draft-schema1.toml"


def test_a_draft_in_todays_format_loads_replays_and_is_written_back_unchanged() -> None:
    """The file holds every kind of event as the first version wrote them (kind strings and fields)."""
    text = DRAFT.read_text("utf-8")
    draft = load_draft(text, DRAFT.name)
    assert dump_draft(draft) == text
    m = draft.meeting()
    assert m.step.kind == "closing" and m.recognition_done and not m.finished
    assert (m.present, m.guests, m.followups[0].status) == (("Anna", "Bram"), ("Eve",), "open")
    assert m.followups[0] == FollowUp(
        "kkk777", m.followups[0].at, "open", "Anna", date(2026, 11, 27), "waiting"
    )
    assert (m.chair[0].answer, m.chair[0].rating) == ("Slow replies", "amber")
    assert m.chair[0].actions == (Action("aaa222", "Mail invoices", "Bram", date(2026, 11, 27)),)
    first, second = m.items
    assert (first.notes, first.decisions, first.links) == (
        ("FAQ works", "Portal down"),
        ("Answer within a day",),
        ("https://example.org",),
    )
    assert first.actions == (Action("ccc444", "Update the FAQ", "Anna"),)  # bbb333 was undone
    assert first.seconds == 6 * 60 and first.status == "skipped"  # 09:05 to 09:09, 09:30 to 09:32
    assert second.status == "done"  # reached: the meeting ended in it
    assert [(r.person, r.text) for r in m.recognition] == [("Dewi", "answered on Sunday")]


KEYS: list[tuple[str, Callable[[Any], str], tuple[str, ...]]] = [
    ("status_key (actions)", status_key, get_args(ActionStatus)),
    ("status_key (items)", status_key, get_args(ItemStatus)),
    ("moment_key", moment_key, get_args(ChairMoment)),
    ("rating_key", rating_key, get_args(Rating)),
    ("colour_key", colour_key, tuple(r for r in get_args(Rating) if r)),
    ("step_key", step_key, get_args(StepKind)),
    ("kind_key", kind_key, get_args(EntryKind)),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "key", "values"), KEYS, ids=[k[0] for k in KEYS])
def test_every_kind_has_its_words_in_every_language(
    language: str, name: str, key: Callable[[Any], str], values: tuple[str, ...]
) -> None:
    """A status, moment, rating, step or entry kind without its catalogue entry crashes the meeting."""
    missing = [value for value in values if key(value) not in catalogue(language)]
    assert values and not missing, f"{language}: no {name} for {missing}"


def test_the_kinds_are_the_ones_the_files_hold() -> None:
    assert get_args(Origin) == ("item", "chair")
    assert "pending" not in get_args(ItemStatus)  # only a meeting in progress has pending items


def test_a_draft_with_an_unknown_or_incomplete_event_is_refused_with_the_place() -> None:
    text = DRAFT.read_text("utf-8")
    unknown = text.replace('kind = "undo"', 'kind = "bogus"')
    with pytest.raises(EmptyChairError, match=r"events\[12\]\.kind: expected one of attend, note"):
        load_draft(unknown, DRAFT.name)
    no_followup = text.replace("[[events.followups]]", "[events.elsewhere]")
    with pytest.raises(EmptyChairError, match=r"events\[2\]\.followups"):
        load_draft(no_followup, DRAFT.name)
    bad_rating = text.replace('text = "amber"', 'text = "purple"')
    with pytest.raises(
        EmptyChairError, match=r"events\[4\]\.text: expected one of , enthusiastic, green, amber, red"
    ):
        load_draft(bad_rating, DRAFT.name)
