"""One meeting as a document: built once from the minutes, written for the terminal, Markdown or HTML."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from emptychair.core.checkin import Checkin
from emptychair.core.dilemma import Dilemma, Part, not_reached
from emptychair.core.ledger import Ledger
from emptychair.core.minutes import Action, ItemRecord, Minutes, colour_key, status_key
from emptychair.core.quotes import Quote, quote_line
from emptychair.core.vote import Ballot, Vote
from emptychair.locale import day, tr
from emptychair.text import visible


@dataclass(frozen=True)
class Block:
    """One block of a meeting's document: a title, a heading, a text, bullets, a quote."""

    kind: str  # title, meta, heading, subheading, text, bullets, quote
    text: str = ""
    items: tuple[str, ...] = ()
    links: bool = False  # bullets that are addresses typed with #link: clickable where the format can


def with_states(lang: str, item: ItemRecord) -> tuple[str, ...]:
    """An item's decisions, each with the state it was decided in by consent, if it was."""
    states = item.decision_states
    return tuple(
        f"{d} ({tr(lang, 'consent_outcome_' + states[n].replace(' ', '_'))})"
        if n < len(states) and states[n] in ("accepted", "amended", "not accepted")
        else d
        for n, d in enumerate(item.decisions)
    )


def checkin_lines(checkins: Sequence[Checkin]) -> tuple[str, ...]:
    """The check-in round as read back: who, the question, what they said (a dash for a pass)."""
    return tuple(f"{c.person} — {c.question} {c.answer or '–'}" for c in checkins)


def vote_heading(lang: str, v: Vote) -> str:
    """Where a round of dots was held: in an item, or on the topics waiting at the start."""
    return tr(lang, "vote_heading_item", item=v.item) if v.item else tr(lang, "vote_heading_start")


def ballot_text(lang: str, v: Vote, b: Ballot) -> str:
    """One person's dots by topic, with how many each got when more than one."""
    given = {n: b.topics.count(n) for n in dict.fromkeys(b.topics)}
    said = ", ".join(v.topics[n - 1] + (f" ×{k}" if k > 1 else "") for n, k in given.items())
    return f"{b.person}: {said or tr(lang, 'vote_none')}"


def result_lines(lang: str, v: Vote) -> tuple[str, ...]:
    """The topics in the order of the result, each with its dots; then each tie, said."""
    totals = v.totals
    lines = [f"{tr(lang, 'vote_dots', count=totals[n])} · {v.topics[n]}" for n in v.order]
    for tie in v.ties:
        names = ", ".join(v.topics[n] for n in tie)
        lines.append(tr(lang, "vote_tie", count=totals[tie[0]], topics=names))
    return tuple(lines)


def vote_blocks(lang: str, v: Vote, heading: str = "heading") -> list[Block]:
    """A round of dots as read back: the result, the ties, who gave which dots."""
    ballots = tuple(ballot_text(lang, v, b) for b in v.ballots)
    return [Block(heading, vote_heading(lang, v)), Block("bullets", items=result_lines(lang, v) + ballots)]


def proposal_lines(m: Minutes) -> tuple[str, ...]:
    """What the meeting made of each proposal it was offered: taken up or declined."""
    return tuple(f"{p.title} — {tr(m.language, 'proposal_outcome_' + p.outcome)}" for p in m.proposals)


def meeting_document(m: Minutes, ledger: Ledger, today: date) -> list[Block]:
    lang = m.language
    now = ledger.standing()
    people = [tr(lang, "doc_present", names=", ".join(m.present))] if m.present else []
    if m.guests:
        named = [tr(lang, "doc_customer", name=g) if g in m.customers else g for g in m.guests]
        people.append(tr(lang, "doc_guests", names=", ".join(named)))
    if m.absent:
        people.append(tr(lang, "doc_absent", names=", ".join(m.absent)))
    when = f"{day(lang, m.date)}, {m.started:%H:%M}–{m.ended:%H:%M}"
    blocks = [Block("title", m.title), Block("meta", " · ".join(p for p in (m.team, when) if p))]
    if people:
        blocks.append(Block("meta", " · ".join(people)))
    if m.meeting_rating:  # [closing] rate_meeting: how the meeting itself went
        blocks.append(Block("meta", tr(lang, "meeting_rated", rating=tr(lang, colour_key(m.meeting_rating)))))
    if m.checkin:  # the opening's round, before the items
        blocks += [
            Block("heading", tr(lang, "checkin_heading")),
            Block("bullets", items=checkin_lines(m.checkin)),
        ]
    for v in m.votes:  # the topics waiting, weighed before they were taken up
        if not v.item:
            blocks += vote_blocks(lang, v)
    held_in = {v.item for v in m.votes if v.item}
    placed = set()
    counted = 0  # the items as the meeting counted them: the closing round is named, not numbered
    for item in m.items:
        counted += not item.round
        timing = tr(lang, "of_planned", actual=item.actual_minutes, planned=item.planned_minutes)
        state = "" if item.status == "done" else f" · {tr(lang, status_key(item.status))}"
        by = f" · {item.presenter}" if item.presenter else ""
        added = f" · {tr(lang, 'added_now')}" if item.added else ""
        blocks.append(Block("heading", item.title if item.round else f"{counted}. {item.title}"))
        blocks.append(Block("meta", f"{timing}{by}{added}{state}"))
        if item.notes:
            blocks.append(Block("bullets", items=item.notes))
        if item.stories:  # 003: the customer's stories, kept apart from the notes
            blocks += [Block("subheading", tr(lang, "stories")), Block("bullets", items=item.stories)]
        if item.dilemma is not None:  # 004: the dilemma round, part by part
            blocks += [
                Block("subheading", tr(lang, "dilemmas")),
                Block("bullets", items=dilemma_lines(lang, item.dilemma)),
            ]
        if item.decisions:
            blocks += [
                Block("subheading", tr(lang, "decisions")),
                Block("bullets", items=with_states(lang, item)),
            ]
        if item.links:
            blocks += [
                Block("subheading", tr(lang, "doc_links")),
                Block("bullets", items=item.links, links=True),
            ]
        if item.actions:
            blocks += [Block("subheading", tr(lang, "doc_actions")), _actions(lang, item.actions, now, today)]
        if item.title in held_in and item.title not in placed:  # #vote typed in this item
            placed.add(item.title)
            for v in m.votes:
                if v.item == item.title:
                    blocks += vote_blocks(lang, v, "subheading")
    for v in m.votes:  # held in an item these minutes do not name (a title changed by hand)
        if v.item and v.item not in placed:
            blocks += vote_blocks(lang, v)
    if m.parked:
        blocks += [Block("heading", tr(lang, "parked_topics")), Block("bullets", items=m.parked)]
    if m.heard:  # what real customers said (#customer), apart from the team's notes
        said = tuple(quote_line(Quote(h.id, h.text, None, h.scale, h.score), lang, 100_000) for h in m.heard)
        blocks += [Block("heading", tr(lang, "doc_heard")), Block("bullets", items=said)]
    if m.proposals:
        blocks += [Block("heading", tr(lang, "proposals_heading")), Block("bullets", items=proposal_lines(m))]
    if m.chair:
        blocks.append(Block("heading", tr(lang, "customer_told")))
        for record in m.chair:
            if record.quote is not None:  # the real customer the chair quoted first, in whole
                blocks.append(Block("text", quote_line(record.quote, lang, limit=100_000)))
            blocks.append(Block("quote", record.question))
            rated = f" ({tr(lang, colour_key(record.rating))})" if record.rating else ""
            blocks.append(Block("text", (record.answer or tr(lang, "no_answer")) + rated))
            if record.actions:
                blocks.append(_actions(lang, record.actions, now, today))
    if m.recognition:
        blocks.append(Block("heading", tr(lang, "recognition")))
        blocks.append(Block("bullets", items=tuple(f"{r.person}: {r.text}" for r in m.recognition)))
        blocks.append(Block("text", tr(lang, "recognition_share")))  # 002: share good results
    if m.followups:
        blocks.append(Block("heading", tr(lang, "doc_followups")))
        lines = []
        for f in m.followups:
            action = now.get(f.action)
            text = action.text if action else f.action
            extra = [f"@{f.owner}"] if f.owner else []
            extra += [tr(lang, "due", date=day(lang, f.due))] if f.due else []
            extra += [f.note] if f.note else []
            lines.append(f"{text} — {tr(lang, status_key(f.status))}" + "".join(f" · {e}" for e in extra))
        blocks.append(Block("bullets", items=tuple(lines)))
    return blocks


def _actions(lang: str, actions: Sequence[Action], now: dict[str, Action], today: date) -> Block:
    lines = []
    for made in actions:
        a = now.get(made.id, made)
        parts = [a.owner or tr(lang, "owner_none")]
        if a.due:
            late = a.status == "open" and a.due < today
            parts.append(
                tr(lang, "due", date=day(lang, a.due)) + (f" ({tr(lang, 'overdue')})" if late else "")
            )
        parts.append(tr(lang, status_key(a.status)))
        lines.append(f"[{a.id}] {a.text} — " + " · ".join(parts))
    return Block("bullets", items=tuple(lines))


# --- Markdown ------------------------------------------------------------------------------

# A field is escaped only where Markdown (CommonMark, and GitHub's tables, task lists and strikethrough)
# would read it as syntax: `(rood)` and `[cnvb8g]` stay as typed, so the text also reads well in a chat
# that shows Markdown source. Inline, a character is escaped where it could open or close something:
# emphasis (`*`, `_`, `~` that touch a word), code (`` ` ``), HTML and autolinks (`<` before a
# letter, `/`, `!` or `?`), entities (`&amp;`), link and image text (`]` before `(`, `[` or `:`),
# and a backslash before punctuation. At the start of each of the field's lines, what would start
# a block: headings, quotes, list items, rules, setext underlines, fences and indented code.
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LIST_NUMBER = re.compile(r"[0-9]{1,9}[.)](?=[ \t]|$)")
_BLOCK_START = re.compile(r"#{1,6}(?:[ \t]|$)|>|[-+](?:[ \t]|$)|[-=][-= \t]*$")
_TASK = re.compile(r"\[[ xX]\]")
_CLOSING_HASHES = re.compile(r"(?:(?<=[ \t])|^)#+[ \t]*$")


def markdown(text: str, *, inline: bool = False) -> str:
    """One field as Markdown that renders exactly as `text` reads (made visible); line breaks kept.
    `inline`: the field starts inside a heading or emphasis, where its first line starts no block."""
    # an empty line would end the list item or quote the field stands in: line breaks are kept, not gaps
    lines = [line for line in visible(text.replace("\r\n", "\n")).split("\n") if line.strip()] or [""]
    escaped = [
        _md_line(line.lstrip(" \t"), first=n == 0, many=len(lines) > 1, block=not (inline and n == 0))
        for n, line in enumerate(lines)
    ]
    return "  \n".join(escaped)


def _md_line(line: str, *, first: bool, many: bool, block: bool) -> str:
    out: list[str] = []
    for n, c in enumerate(line):
        before = line[n - 1] if n else ""
        after = line[n + 1] if n + 1 < len(line) else ""
        if _md_special(c, before, after, line, n, many):
            out.append("\\")
        out.append(c)
    found = "".join(out)
    if not block:
        pass
    elif _BLOCK_START.match(found) or (many and found.startswith("|")):
        found = "\\" + found  # a heading, quote, list item, rule, underline or table row
    elif number := _LIST_NUMBER.match(found):  # `1. ` or `1) `: an ordered list
        found = found[: number.end() - 1] + "\\" + found[number.end() - 1 :]
    if first and block and _TASK.match(found):  # `- [ ] x` is a task list's checkbox
        found = "\\" + found
    return _CLOSING_HASHES.sub(lambda m: "\\" + m.group(), found)  # `# Title #` would drop the last #


def _md_special(c: str, before: str, after: str, line: str, n: int, many: bool) -> bool:
    if c == "\\":
        return after == "" or after in _ASCII_PUNCTUATION
    if c in "*_~":
        if c == "_" and before.isalnum() and after.isalnum():
            return False  # snake_case: an underscore inside a word never makes emphasis
        return not (before.isspace() and (after.isspace() or after == ""))  # `2 * 3` stays as it is
    if c == "`":
        return True
    if c == "<":
        return after.isalpha() or after in ("/", "!", "?")
    if c == "&":
        return _ENTITY.match(line, n) is not None
    if c == "]":
        return after in ("(", "[", ":")
    return c == "|" and many  # a table needs two lines


# Only web addresses become links: `javascript:`, `file:` or `data:` typed after #link stay text.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


def web_address(text: str) -> bool:
    """Whether `text` is a whole http(s) address that can be offered as a link as it stands."""
    return _WEB_ADDRESS.fullmatch(text) is not None and visible(text) == text


def _md_link(text: str) -> str:
    return f"<{text}>" if web_address(text) else markdown(text)  # an autolink: no escaping inside


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "title":
            out.append(f"# {markdown(b.text, inline=True)}\n")
        elif b.kind == "heading":
            out.append(f"## {markdown(b.text, inline=True)}\n")
        elif b.kind == "subheading":
            out.append(f"**{markdown(b.text, inline=True)}**\n")
        elif b.kind == "meta":
            out.append(f"*{markdown(b.text, inline=True)}*\n")
        elif b.kind == "quote":
            out.append("> " + markdown(b.text).replace("  \n", "  \n> ") + "\n")
        elif b.kind == "bullets":
            out.append("".join(f"- {_md_link(item) if b.links else markdown(item)}\n" for item in b.items))
        else:
            out.append(markdown(b.text) + "\n")
    return "\n".join(out)


# --- as the screen shows it, without styles (for a pipe) -----------------------------------

_LEAD = {"title": "", "subheading": "", "meta": "", "quote": "  "}  # a text, or any other: "    → "


def as_shown(blocks: Sequence[Block]) -> str:
    """The lines terminal.views.document_view shows, without its styles: what `minutes show` writes
    to a pipe, with no rich to load (tests/test_review.py holds the two to the same text)."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            out += ["", visible(b.text)]
        elif b.kind == "bullets":
            out += ["  • " + visible(item) for item in b.items]
        else:
            out.append(_LEAD.get(b.kind, "    → ") + visible(b.text))
    return "".join(line.expandtabs(8) + "\n" for line in out)  # tab stops as the screen's


# --- plain text (for mail and chat) ----------------------------------------------------------


def to_text(found: Sequence[Block]) -> str:
    """Plain text that reads well in a mail: headings underlined, bullets as dashes."""
    out: list[str] = []
    for b in found:
        text = _plain(b.text)
        if b.kind == "title":
            out.append(f"{text}\n{'=' * len(text)}\n")
        elif b.kind == "heading":
            out.append(f"{text}\n{'-' * len(text)}\n")
        elif b.kind == "subheading":
            out.append(f"{text}:")
        elif b.kind == "bullets":
            out.append("".join(f"- {_plain(item)}\n" for item in b.items))
        elif b.kind == "quote":
            out.append("> " + text.replace("\n", "\n> "))
        else:
            out.append(text + "\n")
    return "\n".join(out).rstrip("\n") + "\n"


def _plain(text: str) -> str:
    """One field as plain text: visible, and its lines indented so it cannot fake a heading or bullet."""
    return visible(text.replace("\r\n", "\n")).replace("\n", "\n  ")


# --- HTML ----------------------------------------------------------------------------------

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
.meta { color: #666; margin: .2rem 0; }
blockquote { margin: 1rem 0 .3rem; padding: .2rem 1rem; border-left: 4px solid #a3a; font-style: italic; }
"""


def to_html(blocks: Sequence[Block], lang: str) -> str:
    title = next((b.text for b in blocks if b.kind == "title"), "")
    body: list[str] = []
    for b in blocks:
        text = _html(b.text)
        if b.kind == "title":
            body.append(f"<h1>{text}</h1>")
        elif b.kind == "heading":
            body.append(f"<h2>{text}</h2>")
        elif b.kind == "subheading":
            body.append(f"<h3>{text}</h3>")
        elif b.kind == "meta":
            body.append(f'<p class="meta">{text}</p>')
        elif b.kind == "quote":
            body.append(f"<blockquote>{text}</blockquote>")
        elif b.kind == "bullets":
            shown = _html_link if b.links else _html
            body.append("<ul>" + "".join(f"<li>{shown(i)}</li>" for i in b.items) + "</ul>")
        else:
            body.append(f"<p>{text}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{_html(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_html(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _html_link(text: str) -> str:
    if not web_address(text):
        return _html(text)
    return f'<a href="{html.escape(text, quote=True)}">{html.escape(text)}</a>'


def _html(text: str) -> str:
    return html.escape(visible(text)).replace("\n", "<br>")


def dilemma_lines(lang: str, d: Dilemma) -> tuple[str, ...]:
    """The dilemma round as the minutes show it: each part that was said, with what it is."""
    said = [
        (tr(lang, f"dilemma_{part}_label"), getattr(d, part))
        for part in ("case", "needed", "intends", "other")
        if getattr(d, part)
    ]
    if d.player:
        minutes = math.ceil(d.practice_seconds / 60)
        said.append((tr(lang, "dilemma_practice_label", player=d.player, minutes=minutes), d.practice_note))
    if d.takeaway:
        said.append((tr(lang, "dilemma_takeaway_label"), d.takeaway))
    missed = {_part_name(lang, p): None for p in not_reached(d)}  # the practice once, begun or not
    if missed:
        said.append((tr(lang, "dilemma_not_reached", parts=", ".join(missed)), ""))
    return tuple(f"{label}: {text}" if text else label for label, text in said)


def _part_name(lang: str, part: Part) -> str:
    return tr(lang, "dilemma_part_" + ("practice" if part == "practised" else part))
