"""The real customer's voice on the empty chair: which approved feedback the chair quotes, and how.

Before a question the chair quotes one item of feedback the lead approved and that no meeting
quoted before (`pick_quotes`): one that fits the question's theme, recent, with a low score first.
Then it asks its question and, because a real customer spoke, who thanks this customer and what we
do with it (seed 001: do not defend, thank, act). What it quoted is a `Quote`: the minutes keep it
with the chair's moment, the draft keeps it for a resume, and a quote record says it was quoted.

This module is light on purpose: the minutes import it, and every read command the minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

RECENT_DAYS = 92  # feedback of the last three months counts as recent
QUOTE_TEXT = 280  # characters of the customer's words the chair says (the minutes keep all of them)

# Words that tell which question a piece of feedback speaks to, in both languages (stems: a word
# that starts with one counts). By question id first, then by the question's theme.
THEME_WORDS: dict[str, tuple[str, ...]] = {
    "irritates": ("annoy", "irritat", "frustrat", "again", "still", "never", "wait", "slow", "rude",
                  "ergerlijk", "erger", "irritant", "weer", "nog steeds", "nooit", "wacht", "traag",
                  "onbeleefd", "boos"),
    "attention": ("wait", "forgot", "ignor", "nobody", "no one", "attention", "follow", "call back",
                  "aandacht", "vergeten", "niemand", "terugbel", "wacht", "opvolg", "genegeerd"),
    "communication": ("mail", "email", "phone", "call", "reply", "answer", "told", "explain", "letter",
                      "chat", "communic", "contact", "bel", "antwoord", "reactie", "uitleg", "brief",
                      "gezegd", "duidelijk", "unclear", "onduidelijk"),
    "valued": ("value", "thank", "loyal", "years", "feel", "care", "respect", "appreciat",
               "waardeer", "bedank", "trouw", "jaren", "voel", "respect", "serieus"),
    "feedback": ("feedback", "suggest", "wish", "would like", "should", "idee", "wens", "zou",
                 "graag", "moet", "suggestie"),
    "enthusiasm": ("great", "love", "fantastic", "excellent", "amazing", "thank", "super", "geweldig",
                   "top", "fijn", "blij", "prima", "bedankt", "uitstekend"),
    "accommodating": ("refund", "exception", "discount", "policy", "rule", "limit", "not allowed",
                      "terugbetal", "uitzondering", "korting", "regel", "beleid", "mocht niet"),
    "inside_outside": ("nobody", "understand", "change", "different", "used to", "better", "worse",
                       "niemand", "begrijp", "veranderd", "anders", "vroeger", "beter", "slechter"),
}  # fmt: skip
_RANK = {"red": 0, "amber": 1, "": 2, "green": 3, "enthusiastic": 3}  # low scores first
_RANGE = {"nps": 10, "stars": 5}


@dataclass(frozen=True)
class Quote:
    """An item of customer feedback as the chair quoted it: its id names it in the feedback records."""

    feedback: str  # the feedback item's id
    text: str
    date: date | None = None
    scale: str = ""  # nps, stars, csat, mood; "" for no score
    score: str = ""  # on that scale: "3", "4", "bad", "neutral"
    source: str = ""  # Zendesk, NPS, … or "meeting" for what a customer said in an earlier meeting

    @property
    def rating(self) -> str:
        """red, amber, green or "" as the chair's answers are rated."""
        return rating_of(self.scale, self.score)


_WORD_RATING = {"good": "green", "bad": "red", "happy": "green", "neutral": "amber", "unhappy": "red"}


def rating_of(scale: str, value: str) -> str:
    """A score said as the chair's answers are rated: NPS promoters (9-10) and 4-5 stars are green,
    passives (7-8) and 3 stars amber, detractors (0-6) and 1-2 stars red; good and happy green, bad
    and unhappy red, neutral amber; "" for no score (or one that is none of these)."""
    if scale in _RANGE:
        if not value.isdigit():
            return ""
        n = int(value)
        if scale == "nps":
            return "green" if n >= 9 else "amber" if n >= 7 else "red"
        return "green" if n >= 4 else "amber" if n == 3 else "red"
    return _WORD_RATING.get(value, "")


@dataclass(frozen=True)
class Candidate:
    """An approved item the chair may quote: what the pick needs of it."""

    quote: Quote
    day: date  # the day it was written (or came in)


def pick_quotes(
    themes: Sequence[tuple[str, str] | None],
    candidates: Iterable[Candidate],
    quoted: Iterable[str],
    today: date,
) -> tuple[Quote | None, ...]:
    """One quote for each question (its id and theme; None: it quotes nothing), in order, none
    quoted before and none twice; None where nothing is left. An item that fits the question's words comes first, then recent
    ones (the last three months), then the lowest score, then the newest."""
    done = set(quoted)
    pool = [c for c in candidates if c.quote.feedback not in done]
    picked: list[Quote | None] = []
    recent = today - timedelta(days=RECENT_DAYS)
    for asked in themes:
        if asked is None:
            picked.append(None)
            continue
        question_id, theme = asked
        words = THEME_WORDS.get(question_id, ()) + THEME_WORDS.get(theme, ())

        def key(c: Candidate, words: tuple[str, ...] = words) -> tuple[bool, bool, int, int, str]:
            return (
                not fits(c.quote, words),
                c.day < recent,
                _RANK.get(c.quote.rating, 2),
                -c.day.toordinal(),
                c.quote.feedback,
            )

        best = min((c for c in pool if c.quote.feedback not in done), key=key, default=None)
        if best is None:
            picked.append(None)
            continue
        done.add(best.quote.feedback)
        picked.append(best.quote)
    return tuple(picked)


def fits(quote: Quote, words: Sequence[str]) -> bool:
    """Whether the customer's words speak to a question of these words."""
    text = " " + " ".join(quote.text.casefold().split())
    return any(" " + w in text for w in words)


# --- how the chair says it --------------------------------------------------------------------


def quote_score(quote: Quote, lang: str) -> str:
    """NPS 3, 4/5, "bad", "neutraal": the score as the chair says it; "" for none."""
    from emptychair.locale import tr

    if not quote.scale or not quote.score:
        return ""
    if quote.scale == "nps":
        return f"NPS {quote.score}"
    if quote.scale in _RANGE:
        return f"{quote.score}/{_RANGE[quote.scale]}"
    return tr(lang, "fb_score_" + quote.score) if quote.score.isalpha() else quote.score


def short_text(text: str, limit: int = QUOTE_TEXT) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def quote_line(quote: Quote, lang: str, limit: int = QUOTE_TEXT) -> str:
    """A customer wrote on 3 Dec (NPS 3): '…'. Plain text; the screen escapes it."""
    from emptychair.locale import tr

    text = short_text(quote.text, limit)
    said = quote_score(quote, lang)
    if quote.date is None:
        key = "quote_wrote_scored" if said else "quote_wrote"
        return tr(lang, key, score=said, text=text)
    when = day_month(lang, quote.date)
    key = "quote_wrote_on_scored" if said else "quote_wrote_on"
    return tr(lang, key, date=when, score=said, text=text)


def day_month(lang: str, d: date) -> str:
    """3 Dec, 3 dec: the day and month as a quote names them."""
    from emptychair.locale import day

    whole = day(lang, d)  # "Thu 3 Dec 2026"
    return " ".join(whole.split()[1:3])


# --- records ------------------------------------------------------------------------------------


def quote_dict(q: Quote) -> dict[str, Any]:
    row: dict[str, Any] = {"feedback": q.feedback}
    if q.date is not None:
        row["date"] = q.date
    if q.scale and q.score:
        row.update(scale=q.scale, score=q.score)
    if q.source:
        row["source"] = q.source
    row["text"] = q.text
    return row


def read_quote(check: Any, row: dict[str, Any], at: str) -> Quote:
    """A quote as the minutes or a draft keep it (`check` is a tomldata.Checker)."""
    return Quote(
        feedback=check.text(row, "feedback", at),
        text=check.text(row, "text", at, default=""),
        date=check.date(row, "date", at),
        scale=check.text(row, "scale", at, default=""),
        score=check.text(row, "score", at, default=""),
        source=check.text(row, "source", at, default=""),
    )


@dataclass(frozen=True)
class Quoted:
    """The record that a meeting quoted an item: so that no meeting quotes it again."""

    feedback: str  # the feedback item's id
    meeting: str  # the minutes it was quoted in, without .toml
    at: datetime
    question_id: str = ""


# --- what a customer said, told in a meeting ---------------------------------------------------


@dataclass(frozen=True)
class Heard:
    """What a real customer said this week, told in a meeting (`#customer "…"`, `#klant 3/10 "…"`):
    kept apart from the team's own notes, and counted as real feedback."""

    id: str
    text: str
    scale: str = ""  # nps or stars when a score was given; ""
    score: str = ""
    item: str = ""  # the item it was told in


_SCORE_SAID = re.compile(
    r"^(?:(?P<n>\d{1,2})\s*/\s*(?P<of>10|5)|(?P<scale>nps|stars?|sterren|ster)\s*[:=]\s*(?P<v>\d{1,2}))(?:\s+|$)",
    re.IGNORECASE,
)
_QUOTES = ('""', "“”", "„”", "''", "‘’", "«»")


def read_heard(said: str) -> tuple[str, str, str]:
    """The text, scale and score of what follows `#customer`: `3/10 "…"` (NPS), `4/5 …` (stars),
    `nps:3 …`, `stars:2 …`, or the words alone; quotes around the words are taken off. Raises
    ValueError naming the score when it is off its scale."""
    rest = said.strip()
    scale = score = ""
    if found := _SCORE_SAID.match(rest):
        if found["n"] is not None:
            scale, value, high = ("nps", found["n"], 10) if found["of"] == "10" else ("stars", found["n"], 5)
        else:
            named = found["scale"].casefold()
            scale, value = ("nps", found["v"]) if named == "nps" else ("stars", found["v"])
            high = 10 if scale == "nps" else 5
        if not (0 if scale == "nps" else 1) <= int(value) <= high:
            raise ValueError(found.group().strip())
        score, rest = str(int(value)), rest[found.end() :].strip()
    if len(rest) >= 2 and any(rest[0] == pair[0] and rest[-1] == pair[1] for pair in _QUOTES):
        rest = rest[1:-1].strip()
    return rest, scale, score


def heard_dict(h: Heard) -> dict[str, Any]:
    row: dict[str, Any] = {"id": h.id, "item": h.item}
    if h.scale and h.score:
        row.update(scale=h.scale, score=h.score)
    row["text"] = h.text
    return row


def read_heard_row(check: Any, row: dict[str, Any], at: str) -> Heard:
    return Heard(
        id=check.text(row, "id", at),
        text=check.text(row, "text", at, default=""),
        scale=check.text(row, "scale", at, default=""),
        score=check.text(row, "score", at, default=""),
        item=check.text(row, "item", at, default=""),
    )
