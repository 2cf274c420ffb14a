"""`emptychair digest`: what a meeting decided, ready for mail or chat, safe in every format."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from emptychair.core.minutes import Action, FollowUp, Recognition

from .conftest import shown
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, monday, write
from .test_escaping import EVIL, hostile_minutes, leaked
from .test_readside import cli

DONE_LATER = Action("dn4ddd", "Call the customer", "Chris", date(2026, 11, 6))
# What is past its date is said against today: the digest reads the real clock.
pytestmark = pytest.mark.today
LATER = date.today() + timedelta(days=400)  # never past it
NEW = Action("nw5eee", "Write the release note", "Anna", LATER)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three weeks: an overdue item action and a chair action; one closed between the 2nd and 3rd."""
    closed = FollowUp("dn4ddd", monday(1) + timedelta(days=2), "done", note="called")
    last = replace(
        meeting(2, actions=(NEW,), followups=(closed,), answer="They wait too long", rating="amber"),
        recognition=(Recognition("Bram", "stayed late for the outage"),),
    )
    write(
        tmp_path,
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)),
        meeting(1, actions=(DONE_LATER,)),
        last,
    )
    return tmp_path


def digest(folder: Path, *args: str) -> str:
    code, out, err = cli("digest", *args, "--minutes", str(folder))
    assert code == 0, err
    return out


def section(text: str, heading: str) -> str:
    """The lines under `heading` in the plain text, up to the next heading."""
    found = re.search(rf"\n{re.escape(heading)}\n-+\n\n(.*?)(?=\n[^\n]+\n-+\n|\Z)", text, re.S)
    assert found, text
    return found.group(1)


def test_the_latest_meeting_in_plain_text(folder: Path) -> None:
    text = digest(folder)
    assert text.startswith("Weekly — Mon 9 Nov 2026\n=======================\n")
    assert "- a decision (Feedback)" in section(text, "Decisions")
    assert f"Anna:\n- [nw5eee] Write the release note — due {shown(LATER)}" in section(
        text, "Actions by owner"
    )
    overdue = section(text, "Overdue")
    assert "[it1bbb] Fix the FAQ — Anna · due Sun 1 Nov 2026 (past its date)" in overdue
    assert "ch1aaa" not in overdue  # no due date: never overdue
    assert "[dn4ddd] Call the customer — Chris · due Fri 6 Nov 2026 · done" in section(
        text, "Closed since the meeting before"
    )
    told = section(text, "With the customer on the empty chair")
    assert (
        "> Which of our behaviours irritates our customer?" in told and "They wait too long (amber)" in told
    )
    assert "- Bram: stayed late for the outage" in section(text, "Exemplary work for a customer")


def test_an_earlier_meeting_counts_closed_actions_up_to_the_next_one(folder: Path) -> None:
    text = digest(folder, "2026-11-02")
    assert text.startswith("Weekly — Mon 2 Nov 2026")
    assert "Chris:\n- [dn4ddd]" not in text  # closed after that meeting: not an open action of it
    assert "Closed since the meeting before" not in text  # closed only after that meeting ended


def test_since_a_date_covers_every_meeting_from_then(folder: Path) -> None:
    text = digest(folder, "--since", "2026-11-01")
    assert text.startswith("What the meetings decided\n")
    assert "Weekly (2026-11-02) · Weekly (2026-11-09)" in text
    assert "[dn4ddd] Call the customer" in section(text, "Closed since the meeting before")
    assert "Write the release note" in section(text, "Actions by owner")
    assert "[it1bbb]" not in section(text, "Actions by owner")  # made before the period


def test_in_the_teams_language(tmp_path: Path) -> None:
    write(tmp_path, replace(meeting(0, actions=(ITEM_ACTION,)), language="nl"))
    text = digest(tmp_path)
    assert "Besluiten" in text and "Over de datum" in text and "Decisions" not in text
    assert "Decisions" in digest(tmp_path, "--lang", "en")


@pytest.mark.parametrize("args", [("--format", "pdf"), ("--since", "someday"), ("nope",), ("--lang", "fr")])
def test_wrong_input_is_one_line_and_exit_2(folder: Path, args: tuple[str, ...]) -> None:
    code, out, err = cli("digest", *args, "--minutes", str(folder))
    assert (code, out) == (2, "") and len(err.strip().splitlines()) == 1


SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
FAKE = "\n# Decisions\n- [zz] fake action\n"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    m = hostile_minutes(0)
    item = replace(m.items[0], decisions=(EVIL + SCRIPT + FAKE,))
    write(tmp_path, replace(m, items=(item,), recognition=(Recognition(SCRIPT, EVIL + FAKE),)))
    return tmp_path


def test_plain_text_shows_hostile_text_without_acting_on_it(hostile: Path) -> None:
    text = digest(hostile)
    assert leaked(text) == []
    assert "\n# Decisions" not in text and "\n- [zz]" not in text  # a field cannot fake a heading or a line
    assert "  # Decisions" in text


def test_markdown_escapes_its_syntax(hostile: Path) -> None:
    from markdown_it import MarkdownIt

    text = digest(hostile, "--format", "md")
    assert leaked(text) == []
    assert re.search(r"(?<!\\)<[A-Za-z/]", text) is None and "\\<script>" in text
    assert "[bold]" in text  # no link without (…) after it: left as typed
    assert "\n\\- [zz] fake action" in text  # a field's line break cannot start a list item
    assert not any(line.startswith(("# ", "- [zz")) for line in text.splitlines()[1:])
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    rendered = Tags()
    rendered.feed(page)
    assert rendered.tags <= {"h1", "h2", "p", "ul", "li", "strong", "em", "blockquote", "br"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "- [zz] fake action" in page


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}


def test_html_is_only_our_markup(hostile: Path) -> None:
    text = digest(hostile, "--format", "html")
    assert leaked(text) == []
    parsed = Tags()
    parsed.feed(text)
    assert parsed.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "ul", "li",
                           "blockquote", "br"}  # fmt: skip
    assert parsed.attrs <= {"lang", "charset", "class"}
    assert "&lt;script&gt;" in text


QUOTED = {
    "en": "What customers said, and what we did with it",
    "nl": "Wat klanten zeiden, en wat we ermee deden",
}
NOTHING = {"en": "Nothing done with it yet.", "nl": "Er is nog niets mee gedaan."}
STATE = {"en": ("open", "done"), "nl": ("open", "klaar")}


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_digest_shows_the_quoted_feedback_and_what_was_done_with_it(
    tmp_path: Path, language: str
) -> None:
    from emptychair.core.quotes import Quote

    angry = Quote("angryangry", "You never call back [bold]x[/] \x1b[2J", date(2026, 11, 3), "nps", "3")
    quiet = Quote("quietquiet", "Hm", date(2026, 11, 4), "stars", "2")
    call = Action("cb1fff", "Call back [red]now[/]", "Anna", feedback="angryangry")
    mail = Action("ml1ggg", "Mail the customer", "Bram", feedback="angryangry")
    first = meeting(0, chair_actions=(call,), actions=(mail,), answer="slow", rating="red")
    first = replace(first, language=language, chair=(replace(first.chair[0], quote=angry),))
    closed = FollowUp("cb1fff", monday(1) + timedelta(minutes=5), "done")
    second = meeting(1, followups=(closed,), answer="hm")
    second = replace(second, language=language, chair=(replace(second.chair[0], quote=quiet),))
    write(tmp_path, first, second)
    text = digest(tmp_path, "--since", monday(0).date().isoformat())
    part = section(text, QUOTED[language])
    opened, done = STATE[language]
    assert "(NPS 3)" in part and "You never call back [bold]x[/]" in part and "\x1b" not in text
    assert f"[cb1fff] Call back [red]now[/] — Anna · {done}" in part
    assert f"[ml1ggg] Mail the customer — Bram · {opened}" in part
    assert part.index("Hm") < part.rindex(NOTHING[language])  # the second quote: nothing done yet
    md = digest(tmp_path, "--since", monday(0).date().isoformat(), "--format", "md")
    assert "You never call back" in md and "\x1b" not in md
