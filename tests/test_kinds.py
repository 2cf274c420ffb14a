"""Kinds, statuses, moments and origins as types: every value has its words, and drafts keep their format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from emptychair.core.minutes import Action, FollowUp
from emptychair.files.draft import dump_draft, load_draft

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
        ("FAQ works", "#info Portal down"),
        ("Answer within a day",),
        ("https://example.org",),
    )
    assert first.actions == (Action("ccc444", "Update the FAQ", "Anna"),)  # bbb333 was undone
    assert first.seconds == 6 * 60 and first.status == "skipped"  # 09:05 to 09:09, 09:30 to 09:32
    assert second.status == "not reached"
    assert [(r.person, r.text) for r in m.recognition] == [("Dewi", "answered on Sunday")]
