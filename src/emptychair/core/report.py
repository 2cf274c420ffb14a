"""Lists as plain aligned text and as versioned JSON: no rich, nothing to import but the data.

A list can be ten thousand rows long; it is written as text in one go, escaped in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from emptychair.core.history import RATED, Answer, MeetingRow, Split, Stats, Unit
from emptychair.core.ledger import Tracked
from emptychair.core.minutes import Action, Rating, colour_key, status_key
from emptychair.core.page import BLANK, RATING_MARK, Part, Style, TextColumns, TextLine
from emptychair.locale import day, tr
from emptychair.text import visible

if TYPE_CHECKING:
    from emptychair.core.questions import Question

JSON_VERSION = 1


def select_actions(
    actions: Sequence[Tracked], today: date, *, owner: str = "", overdue: bool = False, every: bool = False
) -> list[Tracked]:
    """The actions to list: open ones and those in conflict (or all), by due date."""
    chosen = [t for t in actions if every or t.is_open or t.conflict]
    if owner:
        want = owner.casefold()
        chosen = [t for t in chosen if t.action.owner.casefold() == want]
    if overdue:
        chosen = [t for t in chosen if t.overdue(today)]
    return sorted(chosen, key=lambda t: (t.action.due or date.max, t.made, t.action.id))


def conflict_text(lang: str, states: Sequence[Action]) -> str:
    """An action changed in two places at once, as one line: each state, by what sets them apart."""
    owners = len({s.owner for s in states}) > 1
    dues = len({s.due for s in states}) > 1
    said = []
    for s in states:
        parts = [tr(lang, status_key(s.status))]
        if owners:
            parts.append(s.owner or tr(lang, "owner_none"))
        if dues:
            parts.append(tr(lang, "due", date=day(lang, s.due)) if s.due else tr(lang, "due_none"))
        said.append(", ".join(parts))
    return tr(lang, "conflict", states=" | ".join(said))


def state_text(lang: str, a: Action) -> str:
    """How an action stands, in a few words: status, owner, due date."""
    parts = [tr(lang, status_key(a.status)), a.owner or tr(lang, "owner_none")]
    if a.due:
        parts.append(tr(lang, "due", date=day(lang, a.due)))
    return " · ".join(parts)


ACTION_FIELDS = ("id", "text", "owner", "due", "status", "overdue", "age_meetings", "origin", "source",
                 "question", "meeting", "made", "closed", "conflict", "link")  # fmt: skip  # action_json's keys, in order


def action_json(t: Tracked, today: date) -> dict[str, Any]:
    return {
        "id": t.action.id,
        "text": t.action.text,
        "owner": t.action.owner,
        "due": t.action.due.isoformat() if t.action.due else None,
        "status": t.action.status,
        "overdue": t.overdue(today),
        "age_meetings": t.age,
        "origin": t.origin,
        "source": t.source,
        "question": t.question,
        "meeting": t.meeting,
        "made": t.made.isoformat(),
        "closed": t.closed.isoformat() if t.closed else None,
        "conflict": [
            {"status": c.status, "owner": c.owner, "due": c.due.isoformat() if c.due else None}
            for c in t.conflict
        ],
        "link": t.link,
    }


def actions_json(actions: Sequence[Tracked], today: date) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "actions": [action_json(t, today) for t in actions],
    }


# A spreadsheet runs a cell that starts with one of these as a formula (or DDE): a quote first keeps
# it text. Tab and carriage return count too, as OWASP advises.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def actions_csv(actions: Sequence[Tracked], today: date) -> str:
    """The fields of `actions --json` as CSV for a spreadsheet: a byte order mark first, so that
    Excel reads UTF-8; no cell can start a formula; control characters shown as `visible` shows them."""
    import csv
    import io

    rows = [action_json(t, today) for t in actions]
    fields = list(ACTION_FIELDS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    writer.writerows([_cell(row[f]) for f in fields] for row in rows)
    return "\ufeff" + out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = visible(str(value))  # as on screen: a spreadsheet has no use for escape sequences either
    return "'" + text if text.startswith(_FORMULA) else text


def actions_text(actions: Sequence[Tracked], today: date, lang: str) -> str:
    keys = ["col_id", "col_action", "col_owner", "col_due", "col_age", "col_from"]
    linked = any(t.link for t in actions)
    header = [tr(lang, k) for k in keys + (["col_link"] if linked else [])]
    rows = []
    for t in actions:
        due = day(lang, t.action.due) if t.action.due else ""
        if t.overdue(today):
            due += f" ({tr(lang, 'overdue')})"
        status = "" if t.is_open else f" ({tr(lang, status_key(t.action.status))})"
        if t.conflict:
            status += f" (⚠ {conflict_text(lang, t.conflict)})"
        origin = tr(lang, "from_chair") if t.origin == "chair" else t.source
        rows.append(
            [
                t.action.id,
                t.action.text + status,
                t.action.owner or "—",
                due,
                day(lang, t.made.date()),
                origin,
                *([t.link] if linked else []),
            ]
        )
    return plain_table(rows, header)


def plain_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Aligned columns of escaped text, without rich: fast for ten thousand rows, and greppable."""
    # One escaping pass over all cells at once: a tab between cells, a newline between rows.
    flat = "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) for row in rows)
    cells = [line.split("\t") for line in visible(flat).split("\n")] if rows else []
    columns = list(zip(*cells, strict=True)) if cells else [() for _ in header]
    widths = [max(len(h), max(map(len, col), default=0)) for h, col in zip(header, columns, strict=True)]
    padded = [[c.ljust(w) for c in col] for col, w in zip(columns[:-1], widths, strict=False)]
    last = columns[-1] if cells else ()
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(row) for row in zip(*padded, last, strict=True)] if cells else []
    return "\n".join(lines) + "\n"


def select_rows(
    rows: Sequence[MeetingRow], *, since: date | None = None, until: date | None = None, team: str = ""
) -> list[MeetingRow]:
    return [
        r
        for r in rows
        if (since is None or r.date >= since)
        and (until is None or r.date <= until)
        and (not team or r.team.casefold() == team.casefold())
    ]


def rows_text(rows: Sequence[MeetingRow], lang: str) -> str:
    """The meetings as aligned text; built for speed, as this list can run to ten thousand rows."""
    keys = (
        "col_date",
        "col_meeting",
        "col_items",
        "col_decisions",
        "col_new",
        "col_closed",
        "col_chair",
        "col_id",
    )
    head = [tr(lang, k) for k in keys]
    titles = visible("\n".join(r.title.replace("\n", " ") for r in rows)).split("\n") if rows else []
    numbers = [(r.items, r.decisions, r.actions_new, r.actions_closed, r.chair_answers) for r in rows]
    most = [max(col) for col in zip(*numbers, strict=True)] if rows else [0] * 5
    w = [max(10, len(head[0])), max([len(head[1]), *map(len, titles)])]
    w += [max(len(h), len(str(m))) for h, m in zip(head[2:7], most, strict=True)]
    lines = ["  ".join(h.ljust(width) for h, width in zip(head, [*w, 0], strict=True)).rstrip()]
    # A printf template built once: applying it is the fastest way to format ten thousand rows.
    template = "  ".join(f"%-{width}{'s' if k < 2 else 'd'}" for k, width in enumerate(w)) + "  %s"
    lines += [
        template % (r.date.isoformat(), t, *n, r.name) for r, t, n in zip(rows, titles, numbers, strict=True)
    ]
    return visible("\n".join(lines)) + "\n"  # ids come from file names: escaped here, in one pass


def rows_json(rows: Sequence[MeetingRow]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "meetings": [
            {
                "id": r.name,
                "date": r.date.isoformat(),
                "started": r.started.isoformat(),
                "title": r.title,
                "team": r.team,
                "items": r.items,
                "decisions": r.decisions,
                "actions_new": r.actions_new,
                "actions_closed": r.actions_closed,
                "chair_answers": r.chair_answers,
            }
            for r in rows
        ],
    }


def hits_text(hits: Sequence[Unit], lang: str) -> str:
    """One line a hit: date, kind, where it was said, the text, owner and state; escaped."""
    lines = []
    for u in hits:
        status = f"  [{tr(lang, status_key(u.status))}]" if u.status else ""
        extra = (f"  @{u.owner}" if u.owner else "") + status
        kind = tr(lang, "kind_" + u.kind)
        lines.append(f"{u.date.isoformat()}  {kind:<9}  {u.where[:50]}  {u.text}{extra}".replace("\n", " ⏎ "))
    return visible("\n".join(lines) + "\n") if lines else ""


def hits_head(query: str) -> dict[str, Any]:
    """The fields of search's JSON before its hits (which a long search writes as it reads them)."""
    return {"version": JSON_VERSION, "query": query}


def hit_json(u: Unit) -> dict[str, Any]:
    return {
        "meeting": u.meeting,
        "date": u.date.isoformat(),
        "kind": u.kind,
        "where": u.where,
        "text": u.text,
        "owner": u.owner,
        "status": u.status,
        "action": u.action,
    }


def voice_json(answers: Sequence[Answer], recognised: Sequence[Unit] = ()) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "answers": [
            {
                "meeting": a.meeting,
                "date": a.date.isoformat(),
                "question_id": a.question_id,
                "question": a.question,
                "moment": a.moment,
                "answer": a.answer,
                "rating": a.rating,
                "actions": [{"id": i, "text": t, "owner": o, "status": s} for i, t, o, s in a.actions],
                "customers_present": a.customers_present,  # so a customer's view was theirs to give
            }
            for a in answers
        ],
        "recognitions": [
            {"meeting": u.meeting, "date": u.date.isoformat(), "person": u.owner, "text": u.text}
            for u in recognised
        ],
    }


def _split_json(s: Split) -> dict[str, Any]:
    return {
        "created": s.created,
        "closed": s.closed,
        "done": s.done,
        "dropped": s.dropped,
        "follow_through": None if s.follow_through is None else round(s.follow_through, 3),
        "median_days_to_close": s.median_days,
    }


def stats_json(st: Stats) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "meetings": st.meetings,
        "first": st.first.isoformat() if st.first else None,
        "last": st.last.isoformat() if st.last else None,
        "actions": {
            "all": _split_json(st.all),
            "chair": _split_json(st.chair),
            "items": _split_json(st.items),
        },
        "months": [{"month": m, "meetings": n, "created": c, "closed": d} for m, n, c, d in st.months],
        "people": [
            {
                "person": p.name,
                "present": p.present,
                "absent": p.absent,
                "actions": p.actions,
                "closed": p.closed,
            }
            for p in st.people
        ],
        "ratings": [
            {"month": month, "rated": sum(counts), **dict(zip(RATED, counts, strict=True))}
            for month, counts in st.ratings
        ],
    }


# --- stats as a page (core/page.py): on screen and through a pipe ----------------------------


def stats_page(st: Stats, lang: str) -> list[Part]:
    if not st.meetings:
        return [TextLine.of(tr(lang, "no_meetings"))]
    parts: list[Part] = [
        TextLine.of(tr(lang, "stats_meetings", count=st.meetings, first=st.first, last=st.last), "strong")
    ]
    header = tuple(
        tr(lang, c) for c in ("stats_head", "stats_created", "stats_closed", "stats_rate", "stats_median")
    )
    rows = []
    for key, split in (("stats_all", st.all), ("stats_chair", st.chair), ("stats_items", st.items)):
        rate = "—" if split.follow_through is None else f"{split.follow_through:.0%}"
        median = "—" if split.median_days is None else f"{split.median_days:g}"
        rows.append(
            tuple(
                TextLine.of(c) for c in (tr(lang, key), str(split.created), str(split.closed), rate, median)
            )
        )
    parts += [
        BLANK,
        TextColumns(header, tuple(rows), _NUMBERS),
        BLANK,
        TextLine.of(tr(lang, "stats_month"), "muted"),
    ]
    widest = max((max(c, d) for _, _, c, d in st.months), default=1) or 1
    for month, meetings, created, closed in st.months:
        bar = "▮" * round(20 * created / widest) + " " + "▯" * round(20 * closed / widest)
        parts.append(TextLine.of(f"{month}  {meetings:>3}  {created:>4} {closed:>4}  {bar}"))
    return parts + _people_page(st, lang) + _ratings_page(st, lang)


_NUMBERS = frozenset({1, 2, 3, 4})  # every column but the first


def _people_page(st: Stats, lang: str) -> list[Part]:
    """Per person: meetings present and absent, actions owned and closed."""
    if not st.people:
        return []
    columns = ("stats_person", "stats_present", "stats_absent", "stats_owned", "stats_closed")
    rows = tuple(
        (TextLine.of(p.name), *(TextLine.of(str(n)) for n in (p.present, p.absent, p.actions, p.closed)))
        for p in st.people
    )
    return [
        BLANK,
        TextLine.of(tr(lang, "stats_people"), "muted"),
        TextColumns(tuple(tr(lang, c) for c in columns), rows, _NUMBERS),
    ]


def _ratings_page(st: Stats, lang: str) -> list[Part]:
    """Per month, how the meetings rated themselves ([closing] rate_meeting)."""
    if not st.ratings:
        return []
    parts: list[Part] = [BLANK, TextLine.of(tr(lang, "stats_ratings"), "muted")]
    for month, counts in st.ratings:
        line = TextLine.of(f"{month} ")
        for rating, n in zip(RATED, counts, strict=True):
            if n:
                line = line.plus(f"  {RATING_MARK[rating]} {tr(lang, colour_key(rating))}", rating).plus(
                    f" {n}"
                )
        parts.append(line)
    return parts


# --- voice as a page -------------------------------------------------------------------------


def rated(line: TextLine, lang: str, rating: Rating) -> TextLine:
    """The line with the colour the customer would give us, as a dot (a star: enthusiastic) and
    the colour's name; as it was without one."""
    return line.plus(f"  {RATING_MARK[rating]} {tr(lang, colour_key(rating))}", rating) if rating else line


def voice_page(answers: Sequence[Answer], questions: Sequence[Question], lang: str) -> list[Part]:
    """For each question of the chair, what the team answered over time, newest first. A question
    the chair asked about one item (#chair) is a question of its own, as worded; the closing's
    question for exemplary work is answered by who was named."""
    from emptychair.core.questions import RECOGNITION

    by_question: dict[str, list[Answer]] = {}
    for a in answers:
        by_question.setdefault(_asked_as(a), []).append(a)
    parts: list[Part] = []
    known = {RECOGNITION if q.theme == RECOGNITION else q.id: q.text for q in questions}
    for qid in [*known, *sorted(set(by_question) - set(known))]:
        given = by_question.get(qid, [])
        question = known.get(qid) or (given[0].question if given else qid)
        count = tr(lang, "voice_asked", count=len(given)) if given else tr(lang, "voice_never")
        parts.append(TextLine.of(question, "title").plus(f"  ({count})", "muted"))
        trend = [a.rating for a in reversed(given) if a.rating]
        if trend:
            line = TextLine.of(f"  {tr(lang, 'trend')}: ", "muted")
            for rating in trend:
                line = line.plus(f"{RATING_MARK[rating]} ", rating)
            parts.append(line)
        for a in given:
            parts += _answered(a, lang, RECOGNITION)
        parts.append(BLANK)
    return parts


def _answered(a: Answer, lang: str, recognition: str) -> list[Part]:
    none = "voice_nobody_named" if a.question_id == recognition else "no_answer"
    said = TextLine.of(f"  {a.date.isoformat()}  ", "muted")
    said = said.plus(a.answer) if a.answer else said.plus(tr(lang, none), "muted")
    parts: list[Part] = [rated(said, lang, a.rating)]
    for aid, text, owner, status in a.actions:
        style = _STATUS_LOOK.get(status, "amber")
        whose = f"  {owner or tr(lang, 'owner_none')} · {tr(lang, status_key(status))} [{aid}]"
        parts.append(TextLine.of("      → ", "muted").plus(text).plus(whose, style))
    return parts


_STATUS_LOOK: dict[str, Style] = {"done": "green", "dropped": "muted"}  # open: amber


def _asked_as(a: Answer) -> str:
    """Which question an answer answers: its id, and for a question about one item, its words too."""
    return f"{a.question_id}\n{a.question}" if a.moment == "called" else a.question_id


def recognitions_page(recognised: Sequence[Unit], lang: str) -> list[Part]:
    """Exemplary work for a customer over time: per month a star for each, and who it was."""
    if not recognised:
        return [TextLine.of(tr(lang, "recognitions_none"), "muted")]
    people = sorted({u.owner for u in recognised}, key=str.casefold)
    total = tr(lang, "recognitions_total", count=len(recognised), people=", ".join(people))
    parts: list[Part] = [TextLine.of(tr(lang, "recognitions_head"), "told"), TextLine.of(total)]
    months: dict[str, list[Unit]] = {}
    for u in recognised:
        months.setdefault(f"{u.date:%Y-%m}", []).append(u)
    for month, found in months.items():
        names = ", ".join(dict.fromkeys(u.owner for u in found))
        parts.append(TextLine.of(f"  {month}  ").plus("★" * len(found), "amber").plus("  " + names))
    return parts


def told_page(told: Sequence[Unit], lang: str, head: str) -> list[Part]:
    """What customers and the team told (003 stories, 004 dilemmas), each with its date and where it
    was told, newest first; nothing when there is none."""
    if not told:
        return []
    parts: list[Part] = [BLANK, TextLine.of(tr(lang, head), "told")]
    for u in sorted(told, key=lambda u: (u.date, u.meeting), reverse=True):
        parts.append(TextLine.of(f"  {u.date.isoformat()}  {u.text}  (").plus(u.where, "muted").plus(")"))
    return parts
