from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest

from emptychair.core.questions import Recall, choose, recalls
from emptychair.errors import EmptyChairError
from emptychair.files.config import shipped, shipped_languages, team_set
from emptychair.locale import catalogue

# The four standard questions as the method's source article words them.
SEED_QUESTIONS = (
    "Aan welk gedrag van ons irriteert onze klant zich?",
    "Op welke momenten moet onze klant meer aandacht van ons krijgen?",
    "Hoe beleeft onze klant ons communicatiegedrag?",
    "Ervaart de klant dat wij hem waarderen?",
)


def test_both_languages_ship() -> None:
    assert shipped_languages() == ("en", "nl")


def test_dutch_set_quotes_the_standard_questions() -> None:
    assert tuple(q.text for q in shipped("nl").standard()) == SEED_QUESTIONS


def test_sets_match_in_ids_themes_and_seeds() -> None:
    nl, en = shipped("nl"), shipped("en")
    assert [(q.id, q.theme, q.seed) for q in nl.questions] == [(q.id, q.theme, q.seed) for q in en.questions]
    assert len(nl.ground_rules) == len(en.ground_rules) >= 1
    for qs in (nl, en):
        assert all(q.text and q.follow_up for q in qs.questions)
    assert "geroddeld" in nl.ground_rules[0] and "gossip" in en.ground_rules[0]


def test_unknown_language_is_one_line() -> None:
    with pytest.raises(EmptyChairError, match="unknown language 'de'; choose one of en, nl"):
        shipped("de")


def test_a_broken_set_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "set.toml"
    path.write_text(
        'schema = 1\nlanguage = "en"\nname = "x"\n[[questions]]\nid = "a"\ntheme = "standard"\n'
        'text = "?"\n[[questions]]\nid = "a"\ntheme = "standard"\ntext = "?"\nfollow_up = "!"\n'
    )
    with pytest.raises(EmptyChairError) as caught:
        team_set(path, "en")
    assert (
        caught.value.message == f"{path}: questions[1].follow_up: missing; expected text (and 1 more problem)"
    )


def test_rotation_asks_every_question_before_repeating() -> None:
    questions = shipped("en").standard()
    asked: list[str] = []
    for _meeting in range(6):
        asked.extend(q.id for q in choose(questions, asked, 3))
    ids = [q.id for q in questions]
    for start in range(0, len(asked) - len(ids) + 1):
        window = asked[start : start + len(ids)]
        assert sorted(window) == sorted(ids), f"repeat inside {window}"


def test_rotation_prefers_what_was_asked_longest_ago() -> None:
    questions = shipped("en").standard()
    picked = choose(questions, ["attention", "irritates", "valued", "communication", "attention"], 2)
    assert [q.id for q in picked] == ["irritates", "valued"]


def test_catalog_is_complete_in_both_languages() -> None:
    en, nl = catalogue("en"), catalogue("nl")
    assert en.keys() == nl.keys()
    fields = string.Formatter()
    for key in en:
        names_en = {f for _, f, _, _ in fields.parse(en[key]) if f}
        names_nl = {f for _, f, _, _ in fields.parse(nl[key]) if f}
        assert names_en == names_nl, key
        assert nl[key].strip(), key


def test_the_whole_method_is_in_both_sets() -> None:
    for lang in ("nl", "en"):
        qs = shipped(lang)
        assert {q.seed for q in qs.questions} == {"000", "001", "002", "003", "004"}
        assert qs.themes() == (
            "standard",
            "feedback",
            "inside_outside",
            "enthusiasm",
            "accommodating",
            "recognition",
        )
        assert qs.recognition() is not None and qs.recognition() not in qs.pool()
    nl, en = shipped("nl"), shipped("en")
    assert [bool(q.hint) for q in nl.questions] == [bool(q.hint) for q in en.questions]
    assert any("nieuwsgierigheid" in q.hint for q in nl.questions)  # 004: curiosity, not blame


def test_a_team_set_extends_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(
        'schema = 1\nlanguage = "en"\nground_rules = ["Phones on silent."]\n'
        '[[questions]]\nid = "valued"\ntheme = "standard"\ntext = "Do our customers feel valued?"\nfollow_up = "How?"\n'
        '[[questions]]\nid = "webshop"\ntheme = "webshop"\ntext = "What annoys webshop customers?"\nfollow_up = "Fix?"\n',
        encoding="utf-8",
    )
    qs = team_set(path, "en")
    assert qs.get("valued") is not None and qs.get("valued").text == "Do our customers feel valued?"  # type: ignore[union-attr]
    assert qs.get("irritates") is not None and qs.questions[-1].id == "webshop"
    assert qs.ground_rules[-1] == "Phones on silent." and len(qs.ground_rules) == 5
    assert [q.id for q in qs.pool(["webshop"])] == ["webshop"]
    with pytest.raises(EmptyChairError, match="no questions with theme 'shop'; themes: standard, feedback"):
        qs.pool(["shop"])
    with pytest.raises(EmptyChairError, match="these questions have language = 'en', the meeting 'nl'"):
        team_set(path, "nl")


def test_a_team_set_can_replace_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    text = 'schema = 1\nlanguage = "nl"\nname = "Eigen"\nmode = "replace"\n[[questions]]\nid = "a"\ntheme = "{theme}"\ntext = "?"\nfollow_up = "!"\n'
    path.write_text(text.format(theme="standard"), encoding="utf-8")
    assert [q.id for q in team_set(path, "nl").questions] == ["a"]
    path.write_text(text.format(theme="other"), encoding="utf-8")
    with pytest.raises(EmptyChairError, match="needs at least one question with theme = 'standard'"):
        team_set(path, "nl")


def test_recall_names_the_last_answer_and_what_is_still_open() -> None:
    asked = [
        (date(2026, 10, 5), "irritates", "Slow invoices", ("aaa111",)),
        (date(2026, 10, 12), "irritates", "", ()),  # an empty answer does not replace what was said
        (date(2026, 10, 19), "valued", "Yes", ("bbb222",)),
    ]
    found = recalls(asked, {"aaa111": ("Mail invoices", "Bram")})
    assert found["irritates"] == Recall(
        date(2026, 10, 5), "Slow invoices", (("aaa111", "Mail invoices", "Bram"),)
    )
    assert found["valued"].open_actions == ()
