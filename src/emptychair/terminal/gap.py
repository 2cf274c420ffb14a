"""The two voices on screen: the team's beside the customers', per theme and month, and the gap."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from emptychair.core.gap import Gap, Row, Voices
from emptychair.core.minutes import Rating
from emptychair.core.quotes import quote_line
from emptychair.locale import theme_name, tr
from emptychair.terminal.panels import RATING_STYLE, join, safe


def colour(mean: float) -> Rating:
    """A mean rating said as the colour it is nearest: green, amber, red."""
    return "green" if mean >= 0.75 else "amber" if mean >= 0.25 else "red"


def _said(v: Voices, lang: str, key: str) -> Text:
    if not v.count:
        none = "gap_team_none" if key == "gap_team" else "gap_customers_none"
        return Text(tr(lang, none), style="dim")
    out = Text(tr(lang, key, count=v.count))
    if v.mean is not None:
        c = colour(v.mean)
        out.append(f" {tr(lang, 'rating_' + c)} ({v.mean:.2f})", style=RATING_STYLE[c])
    if v.nps is not None:
        out.append(f", NPS {v.nps:+d}")
    return out


def _theme(theme: str, lang: str) -> str:
    return theme_name(lang, theme) if theme else tr(lang, "gap_no_theme")


def _row(r: Row, lang: str) -> list[RenderableType]:
    parts: list[RenderableType] = [
        join(
            Text(f"  {r.month}  ", style="bold"),
            _said(r.team, lang, "gap_team"),
            " · ",
            _said(r.customers, lang, "gap_customers"),
        ),
    ]
    parts += [
        safe("      " + quote_line(s.quote, lang, 120), "italic") for s in r.customers.latest if s.quote
    ]
    return parts


def gap_view(g: Gap, lang: str) -> Group:
    if not any(r.customers.count for r in g.rows):
        return Group(Text(tr(lang, "gap_nothing"), style="dim"))
    parts: list[RenderableType] = [Text(tr(lang, "gap_head"), style="bold magenta")]
    theme = None
    for r in g.rows:
        if r.theme != theme:
            theme = r.theme
            parts.append(safe(_theme(theme, lang), "bold"))
        parts += _row(r, lang)
    widest = g.widest()
    parts.append(Text(""))
    if not widest:
        parts.append(Text(tr(lang, "gap_close"), style="dim"))
        return Group(*parts)
    parts.append(Text(tr(lang, "gap_widest"), style="bold magenta"))
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
        parts.append(safe("  " + said, "yellow"))
    return Group(*parts)


def real_view(months: dict[str, Voices], lang: str) -> Group:
    """stats: what real customers scored per month, NPS where they gave it, else the colours' mean."""
    if not months:
        return Group()
    parts: list[RenderableType] = [Text(""), Text(tr(lang, "stats_real"), style="bold")]
    parts += [join(Text(f"  {month}  "), _said(v, lang, "gap_customers")) for month, v in months.items()]
    return Group(*parts)
