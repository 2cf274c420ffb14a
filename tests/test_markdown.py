"""Markdown fields render as the text that was typed, read back by a real CommonMark parser."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from emptychair.core.document import markdown
from emptychair.text import visible

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


class Text(HTMLParser):
    """The text a browser would show, line breaks as newlines; and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data.replace("\n", ""))


def shown(source: str) -> tuple[str, list[str]]:
    page = Text()
    page.feed(PARSER.render(source))
    return "".join(page.parts), page.tags


def typed(text: str) -> str:
    """What the field says, as Markdown may show it: each line trimmed, no empty lines."""
    lines = [" ".join(line.split()) for line in visible(text).split("\n")]
    return "\n".join(line for line in lines if line)


def squeeze(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


MARKS = [*"*_~`<>[]()!#-+=|&;:.\\/?^@$% \n\t", "1.", "1)", "&amp;", "&#65;", "[ ]", "]("]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*MARKS, "a", "Z", "x y", "é"]), max_size=14).map("".join))
def test_a_list_item_shows_exactly_what_was_typed(text: str) -> None:
    text_shown, tags = shown("- " + markdown(text) + "\n")
    assert squeeze(text_shown) == typed(text)
    assert tags in (["ul", "li"], ["ul", "li", *["br"] * tags.count("br")])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*MARKS, "a", "word"]), max_size=12).map("".join))
def test_a_heading_shows_exactly_what_was_typed(text: str) -> None:
    one_line = " ".join(text.split()) or "x"
    text_shown, tags = shown("## " + markdown(one_line, inline=True) + "\n")
    assert squeeze(text_shown) == typed(one_line) and tags == ["h2"]


def test_ordinary_text_keeps_its_brackets_and_parentheses() -> None:
    said = "[cnvb8g] Bel de klant (rood) — 3 * 4 = 12, snake_case, 2026-11-23, 50% korting!"
    assert markdown(said) == said


def test_what_markdown_would_act_on_is_escaped() -> None:
    assert markdown("*vet* [x](y) <b>") == "\\*vet\\* [x\\](y) \\<b>"
    assert markdown("# kop\n- punt\n1. lijst") == "\\# kop  \n\\- punt  \n1\\. lijst"
