"""Two voices kept apart: what the team said on the customer's behalf, and what customers said.

The team's voice is the chair's answers and their ratings; the customers' is imported feedback
(not the items the lead skipped) and what was told in meetings with #customer. Each is counted per
question theme and per month; real feedback goes to the theme of the question it was quoted at,
else to the theme its words fit, else to no theme (""). Where both spoke, the gap is the team's
mean rating minus the customers' (a rating as a number: red 0, amber 0.5, green and enthusiastic
1): the team rated green while real scores were low is a large positive gap, the other way round a
negative one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from emptychair.core.minutes import Rating
from emptychair.core.page import BLANK, Part, TextLine
from emptychair.core.quotes import THEME_WORDS, Quote, fits, quote_line
from emptychair.locale import theme_name, tr

RATING_VALUE = {"red": 0.0, "amber": 0.5, "green": 1.0, "enthusiastic": 1.0}
LATEST = 3  # quotes shown per theme and month
SHOWN_GAPS = 3


@dataclass(frozen=True)
class Spoken:
    """One thing one of the voices said: a rated chair answer, or a customer's feedback."""

    date: date
    rating: str  # red, amber, green, enthusiastic; "" for none
    text: str = ""
    theme: str = ""
    quote: Quote | None = None  # the customer's words with their score (real feedback only)


@dataclass(frozen=True)
class Voices:
    """What one voice said in one theme and month."""

    count: int = 0
    rated: int = 0
    mean: float | None = None  # mean rating as a number, 0 (red) to 1 (green)
    nps: int | None = None  # real feedback on the NPS scale: promoters minus detractors, in %
    latest: tuple[Spoken, ...] = ()


@dataclass(frozen=True)
class Row:
    """The two voices on one theme in one month."""

    theme: str
    month: str  # YYYY-MM
    team: Voices
    customers: Voices

    @property
    def gap(self) -> float | None:
        if self.team.mean is None or self.customers.mean is None:
            return None
        return self.team.mean - self.customers.mean


@dataclass(frozen=True)
class Gap:
    """The two voices side by side, row by row."""

    rows: tuple[Row, ...]  # by theme (as the question set lists them), then month, newest first

    def widest(self, n: int = SHOWN_GAPS) -> tuple[Row, ...]:
        """The rows where the two voices differ most (at least a colour apart: 0.5)."""
        found = [r for r in self.rows if r.gap is not None and abs(r.gap) >= 0.5]
        return tuple(sorted(found, key=lambda r: (-abs(r.gap or 0), r.month, r.theme))[:n])


def theme_words(questions: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The words of each theme, in the order the themes come: its questions' words and its own."""
    found: dict[str, tuple[str, ...]] = {}
    for question_id, theme in questions:
        found[theme] = found.get(theme, THEME_WORDS.get(theme, ())) + THEME_WORDS.get(question_id, ())
    return found


def theme_of(text: str, words: Mapping[str, Sequence[str]]) -> str:
    """The first theme whose words the text fits; "" for none."""
    quote = Quote("", text)
    return next((t for t, said in words.items() if fits(quote, said)), "")


def voices(said: Sequence[Spoken]) -> Voices:
    rated = [RATING_VALUE[s.rating] for s in said if s.rating in RATING_VALUE]
    scores = [
        int(s.quote.score) for s in said if s.quote and s.quote.scale == "nps" and s.quote.score.isdigit()
    ]
    nps = None
    if scores:
        nps = round(100 * (sum(n >= 9 for n in scores) - sum(n <= 6 for n in scores)) / len(scores))
    latest = tuple(sorted((s for s in said if s.text), key=lambda s: s.date, reverse=True)[:LATEST])
    return Voices(len(said), len(rated), sum(rated) / len(rated) if rated else None, nps, latest)


def gap_of(team: Iterable[Spoken], customers: Iterable[Spoken], themes: Sequence[str]) -> Gap:
    cells: dict[tuple[str, str], tuple[list[Spoken], list[Spoken]]] = defaultdict(lambda: ([], []))
    for s in team:
        cells[(s.theme, f"{s.date:%Y-%m}")][0].append(s)
    for s in customers:
        cells[(s.theme, f"{s.date:%Y-%m}")][1].append(s)
    order = {t: n for n, t in enumerate(themes)}
    keys = sorted(cells, key=lambda k: (order.get(k[0], len(order)), k[0], _desc(k[1])))
    return Gap(tuple(Row(t, m, voices(cells[(t, m)][0]), voices(cells[(t, m)][1])) for t, m in keys))


def _desc(month: str) -> tuple[int, ...]:
    return tuple(-int(p) for p in month.split("-"))


def monthly_real(customers: Iterable[Spoken]) -> dict[str, Voices]:
    """The customers' voice per month, every theme together (for stats)."""
    months: dict[str, list[Spoken]] = defaultdict(list)
    for s in customers:
        months[f"{s.date:%Y-%m}"].append(s)
    return {m: voices(found) for m, found in sorted(months.items(), reverse=True)}


# --- JSON ---------------------------------------------------------------------------------------


def _said_json(s: Spoken) -> dict[str, Any]:
    row: dict[str, Any] = {"date": s.date.isoformat(), "rating": s.rating or None, "text": s.text}
    if s.quote is not None:
        q = s.quote
        row.update(feedback=q.feedback, source=q.source, scale=q.scale or None, score=q.score or None)
    return row


def voices_json(v: Voices) -> dict[str, Any]:
    return {
        "count": v.count,
        "rated": v.rated,
        "mean": None if v.mean is None else round(v.mean, 3),
        "nps": v.nps,
        "latest": [_said_json(s) for s in v.latest],
    }


def gap_json(g: Gap) -> dict[str, Any]:
    def row(r: Row) -> dict[str, Any]:
        return {
            "theme": r.theme,
            "month": r.month,
            "team": voices_json(r.team),
            "customers": voices_json(r.customers),
            "gap": None if r.gap is None else round(r.gap, 3),
        }

    return {"rows": [row(r) for r in g.rows], "widest": [row(r) for r in g.widest()]}


def real_months_json(months: Mapping[str, Voices]) -> list[dict[str, Any]]:
    return [
        {"month": m, **{k: v for k, v in voices_json(found).items() if k != "latest"}}
        for m, found in months.items()
    ]


# --- as a page (core/page.py): on screen and through a pipe ----------------------------------


def colour(mean: float) -> Rating:
    """A mean rating said as the colour it is nearest: green, amber, red."""
    return "green" if mean >= 0.75 else "amber" if mean >= 0.25 else "red"


def _said(v: Voices, lang: str, key: str) -> TextLine:
    if not v.count:
        none = "gap_team_none" if key == "gap_team" else "gap_customers_none"
        return TextLine.of(tr(lang, none), "muted")
    out = TextLine.of(tr(lang, key, count=v.count))
    if v.mean is not None:
        c = colour(v.mean)
        out = out.plus(f" {tr(lang, 'rating_' + c)} ({v.mean:.2f})", c)
    if v.nps is not None:
        out = out.plus(f", NPS {v.nps:+d}")
    return out


def _theme(theme: str, lang: str) -> str:
    return theme_name(lang, theme) if theme else tr(lang, "gap_no_theme")


def _row(r: Row, lang: str) -> list[Part]:
    head = TextLine.of(f"  {r.month}  ", "strong").then(_said(r.team, lang, "gap_team")).plus(" · ")
    parts: list[Part] = [head.then(_said(r.customers, lang, "gap_customers"))]
    parts += [
        TextLine.of("      " + quote_line(s.quote, lang, 120), "said") for s in r.customers.latest if s.quote
    ]
    return parts


def gap_page(g: Gap, lang: str) -> list[Part]:
    if not any(r.customers.count for r in g.rows):
        return [TextLine.of(tr(lang, "gap_nothing"), "muted")]
    parts: list[Part] = [TextLine.of(tr(lang, "gap_head"), "title")]
    theme = None
    for r in g.rows:
        if r.theme != theme:
            theme = r.theme
            parts.append(TextLine.of(_theme(theme, lang), "strong"))
        parts += _row(r, lang)
    widest = g.widest()
    parts.append(BLANK)
    if not widest:
        return [*parts, TextLine.of(tr(lang, "gap_close"), "muted")]
    parts.append(TextLine.of(tr(lang, "gap_widest"), "title"))
    for r in widest:
        key = "gap_team_higher" if (r.gap or 0) > 0 else "gap_team_lower"
        said = tr(
            lang,
            key,
            theme=_theme(r.theme, lang),
            month=r.month,
            team=tr(lang, "rating_" + colour(r.team.mean or 0)),
            customers=tr(lang, "rating_" + colour(r.customers.mean or 0)),
        )
        parts.append(TextLine.of("  " + said, "warn"))
    return parts


def real_page(months: Mapping[str, Voices], lang: str) -> list[Part]:
    """stats: what real customers scored per month, NPS where they gave it, else the colours' mean."""
    if not months:
        return []
    parts: list[Part] = [BLANK, TextLine.of(tr(lang, "stats_real"), "strong")]
    return parts + [
        TextLine.of(f"  {month}  ").then(_said(v, lang, "gap_customers")) for month, v in months.items()
    ]
