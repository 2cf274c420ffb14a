"""Weighing topics with dots through the real prompts: #vote in an item orders the items still to
come, the topics waiting at the start can be weighed before they are chosen; a line that gives too
many dots or names no topic comes back as typed; a resume lands on the person whose turn it was; the
round is in the minutes, `minutes show`, the exports and the digest, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.vote import Ballot, Vote, read_ballot
from emptychair.errors import EmptyChairError

from .conftest import Clock, meet, pipe_keys
from .inprocess import emptychair
from .keys import CTRL_C, DOWN, ENTER, SPACE
from .test_options import runs

BACK = "\x7f"  # backspace
CLEAR = "\x15"  # Ctrl-U: the line before the cursor goes
AGENDA = """
title = "Weekly"
language = "{language}"
attendees = ["Anna", "Bram", "Chris"]
{voting}
[chair]
opening = false
closing = false
recognition = false

[[items]]
title = "Round the table"
minutes = 5

[[items]]
title = "Hold music"
minutes = 5
chair_after = true

[[items]]
title = "Office move"
minutes = 5

[[items]]
title = "Parking"
minutes = 5
"""
HOSTILE = "[bold]Eve[/] \x1b]0;pwned\x07 1"


def agenda(folder: Path, language: str = "en", voting: str = "") -> Path:
    path = folder / "agenda.toml"
    path.write_text(AGENDA.format(language=language, voting=voting), encoding="utf-8")
    return path


@runs("#vote", "#stem")
@pytest.mark.parametrize(
    ("language", "marker", "end", "yes", "heading", "tie"),
    [
        ("en", "#vote", "#end", "y", "Dots in “Round the table”", "Tie at 2 dots: Hold music, Office move"),
        ("nl", "#stem", "#einde", "j", "Stippen in „Round the table”", "Gelijk met 2 stippen: Hold music, Office move"),
    ],
)  # fmt: skip
def test_a_vote_in_an_item_orders_the_items_still_to_come(
    tmp_path: Path,
    keys: PipeInput,
    clock: Clock,
    language: str,
    marker: str,
    end: str,
    yes: str,
    heading: str,
    tie: str,
) -> None:
    path = agenda(tmp_path, language)
    typed = [
        ENTER, ENTER,  # all present, no guests
        marker + ENTER,
        "3 3 1 1" + ENTER,  # four dots of three: refused, the line kept
        BACK * 2 + ENTER,  # "3 3 1"
        HOSTILE + ENTER,  # nobody called that: refused
        CLEAR + "chris 1 9" + ENTER,  # Chris out of turn, on no topic: refused
        BACK + "2" + ENTER,  # Chris: 1 2
        "2 3" + ENTER,  # Bram, the one left
        "a note" + ENTER, ENTER,  # Round the table done: on to Parking, most dots
        ENTER, ENTER,  # Parking
        end + ENTER, yes,
    ]  # fmt: skip
    data, text = meet(path, keys, typed, clock)
    assert data is not None
    assert [i["title"] for i in data["items"]] == ["Round the table", "Parking", "Hold music", "Office move"]
    assert [i["status"] for i in data["items"]] == ["done", "done", "done", "not reached"]
    (vote,) = data["votes"]
    assert vote["item"] == "Round the table" and vote["dots"] == 3
    assert vote["topics"] == ["Hold music", "Office move", "Parking"]
    assert vote["totals"] == [2, 2, 3]
    assert vote["order"] == ["Parking", "Hold music", "Office move"]
    assert vote["ballots"] == [
        {"person": "Anna", "topics": [3, 3, 1]},
        {"person": "Chris", "topics": [1, 2]},
        {"person": "Bram", "topics": [2, 3]},
    ]
    assert tie in text
    assert "nobody present is called @[bold]Eve[/]" in text or "niemand" in text
    assert "[bold]Eve[/]" in text and "\x1b]0;" not in text
    assert ("Anna has 3 dots and gave 4" if language == "en" else "Anna heeft 3 stippen en gaf er 4") in text
    assert ("there is no topic 9" if language == "en" else "er is geen onderwerp 9") in text
    show = emptychair(tmp_path, "minutes", "show").stdout
    assert heading in show and tie in show and "Anna: Parking ×2, Hold music" in show
    md = emptychair(tmp_path, "minutes", "export", "--format", "md").stdout
    assert heading in md and "Bram: Office move, Parking" in md
    digest = emptychair(tmp_path, "digest").stdout
    assert heading in digest and tie in digest


def test_the_chair_after_an_item_moves_with_it(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    """Hold music has the chair after it: weighed last, it still has the chair after it."""
    path = agenda(tmp_path, voting="[voting]\ndots = 1\n")
    typed = [
        ENTER, ENTER, "#vote" + ENTER, "3" + ENTER, "2" + ENTER, "3" + ENTER,
        "x" + ENTER, ENTER,  # Round the table
        "y" + ENTER, ENTER,  # Parking
        "z" + ENTER, ENTER,  # Office move
        "w" + ENTER, ENTER,  # Hold music, then the chair after it
        "the customer waits" + ENTER, "s" + ENTER, ENTER,
    ]  # fmt: skip
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    assert [i["title"] for i in data["items"]] == ["Round the table", "Parking", "Office move", "Hold music"]
    assert [i["notes"] for i in data["items"]] == [["x"], ["y"], ["z"], ["w"]]
    (chair,) = data["chair"]
    assert chair["after_item"] == "Hold music" and chair["answer"] == "the customer waits"
    assert data["votes"][0]["dots"] == 1


@runs("voting.dots")
def test_a_resume_lands_on_the_person_whose_dots_were_being_typed(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path, voting="[voting]\ndots = 2\n")
    typed = [ENTER, ENTER, "#vote" + ENTER, "1 1" + ENTER, "2 " , CTRL_C, DOWN + ENTER]  # fmt: skip
    assert meet(path, keys, typed, clock)[0] is None
    with pipe_keys() as pipe:
        rest = ["3" + ENTER, "#undo" + ENTER, "2 3" + ENTER, "3 3" + ENTER, ENTER, ENTER, "#end" + ENTER, "y"]
        data, text = meet(path, pipe, rest, clock, resume=True)
    assert data is not None
    assert "Anna: Hold music ×2" in text  # what was given before the stop, shown again
    assert "Taken back: the dots of Bram" in text
    (vote,) = data["votes"]
    assert vote["ballots"] == [
        {"person": "Anna", "topics": [1, 1]},
        {"person": "Bram", "topics": [2, 3]},
        {"person": "Chris", "topics": [3, 3]},
    ]
    assert vote["order"] == ["Parking", "Hold music", "Office move"]
    assert [i["title"] for i in data["items"]][1:] == ["Parking", "Hold music", "Office move"]


def test_a_vote_needs_two_items_to_come_and_an_item(tmp_path: Path, keys: PipeInput, clock: Clock) -> None:
    path = agenda(tmp_path)
    typed = [ENTER] * 7 + ["#vote" + ENTER] + [ENTER] * 4  # the chair after Hold music: no answer
    data, text = meet(path, keys, typed, clock)
    assert data is not None and "votes" not in data
    assert "#vote weighs the items still to come: fewer than two are left" in text


def test_the_topics_waiting_at_the_start_can_be_weighed_first(
    tmp_path: Path, keys: PipeInput, clock: Clock
) -> None:
    path = agenda(tmp_path)
    for title in ("Refunds", "Hold queue", "Badges"):
        assert emptychair(tmp_path, "propose", title).returncode == 0
    typed = [
        ENTER, ENTER,
        "y",  # weigh them first
        "3 3" + ENTER, "3 2" + ENTER, ENTER,  # Chris gives none
        SPACE + DOWN + SPACE + ENTER,  # the first two as listed now: the most dots first
        ENTER,  # the third stays for next time
        "#end" + ENTER, "y",
    ]  # fmt: skip
    data, _ = meet(path, keys, typed, clock)
    assert data is not None
    (vote,) = data["votes"]
    topics = vote["topics"]
    assert vote["item"] == "" and sorted(topics) == ["Badges", "Hold queue", "Refunds"]
    assert vote["totals"] == [0, 1, 3] and vote["order"] == [topics[2], topics[1], topics[0]]
    assert [i["title"] for i in data["items"]][:2] == [topics[2], topics[1]]
    assert vote["ballots"][2] == {"person": "Chris", "topics": []}
    assert [p["outcome"] for p in data["proposals"]] == ["taken", "taken"]
    show = emptychair(tmp_path, "minutes", "show").stdout
    assert "Dots on the topics waiting" in show and "Chris: no dots" in show


def test_a_ballot_line_is_read_for_the_one_whose_turn_it_is_or_the_one_named() -> None:
    vote = Vote("Planning", 3, ("A", "B"), (Ballot("Anna", (1,)),))
    people = ("Anna", "Bram", "Chris")
    assert read_ballot("2, 2", vote, people) == Ballot("Bram", (2, 2))
    assert read_ballot("@chris 1", vote, people) == Ballot("Chris", (1,))
    assert read_ballot("", vote, people) == Ballot("Bram", ())
    for line, key in (
        ("anna 1", "vote_had_dots"),
        ("1 x", "vote_not_a_number"),
        ("0", "vote_no_topic"),
        ("1 1 1 1", "vote_too_many"),
        ("Dewi 1", "err_owner_unknown"),
        ("١", "err_owner_unknown"),  # no ASCII digit: a name, and nobody present has it
    ):
        with pytest.raises(EmptyChairError) as refused:
            read_ballot(line, vote, people)
        assert refused.value.key == key
    assert Vote("", 3, ("A", "B", "C"), (Ballot("x", (1, 2)), Ballot("y", (2, 1)))).ties == ((0, 1),)
