"""Real customer feedback, brought in from what teams already export: the item, the formats, the scores.

An export is read as a table (a header and numbered rows, see `csv_table` and `json_table`); its
format is recognised from the header (`recognise`); the format says which columns hold the text,
the score, the date, the export's own id and the personal values (`columns`); each row then becomes
a `FeedbackItem`, scrubbed (`read_items`). Scores keep their own scale and say a `Rating` as the
chair's answers do. An item's id is stable: from the export's own id, else from the content, so that a
second import of the same export adds nothing.

What the lead decided about each item is a `Decision`; `feedback_entries` puts items and decisions
together into what the list and the review show, and what the chair may quote (`APPROVED`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Literal, get_args

from emptychair.core.ids import ID_ALPHABET
from emptychair.core.minutes import Rating, colour_key
from emptychair.core.quotes import rating_of
from emptychair.core.scrub import Known, clean, known, scrub, words_of
from emptychair.errors import EmptyChairError, problem
from emptychair.hashes import blake2b
from emptychair.locale import tr
from emptychair.text import compiled

Scale = Literal["nps", "csat", "stars", "mood"]
Format = Literal[
    "zendesk", "zendesk-json", "typeform", "surveymonkey", "google-play", "app-store", "nps", "generic"
]
Status = Literal["new", "approved", "skipped"]
Verdict = Literal["approved", "skipped"]
Choice = Literal["approved", "skipped", "stop"]  # what the lead says of one item in a review

SCALES: tuple[Scale, ...] = get_args(Scale)
FORMATS: tuple[Format, ...] = get_args(Format)
STATUSES: tuple[Status, ...] = get_args(Status)
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
NEW: Final = "new"
APPROVED: Final = "approved"
SKIPPED: Final = "skipped"
MEETING: Final = "meeting"  # the source of what a customer said, typed in a meeting (#customer)

FILE_LIMIT = 50_000_000  # bytes: an export larger than this is refused whole
ROW_LIMIT = 100_000  # bytes: a row larger than this is no customer's message; it is skipped
ID_LENGTH = 10
SHOWN_COLUMNS = 40  # columns named in a message about an export we do not know

SOURCE_NAMES: dict[Format, str] = {
    "zendesk": "Zendesk",
    "zendesk-json": "Zendesk",
    "typeform": "Typeform",
    "surveymonkey": "SurveyMonkey",
    "google-play": "Google Play",
    "app-store": "App Store",
    "nps": "NPS",
    "generic": "CSV",
}


# --- scores ------------------------------------------------------------------------------------

_CSAT = {"good": "good", "bad": "bad", "goed": "good", "slecht": "bad", "satisfied": "good",
         "unsatisfied": "bad", "dissatisfied": "bad", "positive": "good", "negative": "bad",
         "tevreden": "good", "ontevreden": "bad", "👍": "good", "👎": "bad"}  # fmt: skip
_NO_SCORE = {"", "offered", "unoffered", "not offered", "not_offered", "none", "-", "n/a"}
_MOOD = {"happy": "happy", "neutral": "neutral", "unhappy": "unhappy", "sad": "unhappy",
         "great": "happy", "okay": "neutral", "ok": "neutral", "not good": "unhappy",
         "blij": "happy", "neutraal": "neutral", "boos": "unhappy", "niet blij": "unhappy",
         "😀": "happy", "🙂": "happy", "😊": "happy", "😐": "neutral", "🙁": "unhappy",
         "😞": "unhappy", "😠": "unhappy"}  # fmt: skip
_RANGE: dict[Scale, tuple[int, int]] = {"nps": (0, 10), "stars": (1, 5)}
_RATING: dict[str, Rating] = {"green": "green", "amber": "amber", "red": "red", "": ""}
# The patterns here are sources, compiled on their first use (text.compiled): only an import reads them.
_NUMBER = r"(\d{1,2})(?:[.,]0+)?(?:\s*(?:/\s*(?:5|10)|stars?|sterren|ster|★))?"


@dataclass(frozen=True)
class Score:
    """A score on its own scale: nps 0-10, stars 1-5, csat good/bad, mood happy/neutral/unhappy."""

    scale: Scale
    value: str  # "9", "4", "good", "neutral"

    @property
    def rating(self) -> Rating:
        """As the chair's answers are rated (core.quotes.rating_of)."""
        return _RATING[rating_of(self.scale, self.value)]

    def said(self, lang: str) -> str:
        """9/10, 4/5, good, neutraal: the score as a person reads it."""
        if self.scale in _RANGE:
            return f"{self.value}/{_RANGE[self.scale][1]}"
        return tr(lang, "fb_score_" + self.value)


class RowError(EmptyChairError):
    """Why one row of an export cannot be read; the import goes on without it."""


def row_problem(key: str, /, **values: Any) -> RowError:
    return RowError(tr("en", key, **values), key=key, values=values)


def read_score(text: str, scale: Scale) -> Score | None:
    """The score `text` says on `scale`; None for no score (empty, or a survey only offered)."""
    said = " ".join(text.split()).casefold()
    if said in _NO_SCORE:
        return None
    if scale in _RANGE:
        low, high = _RANGE[scale]
        found = compiled(_NUMBER).fullmatch(said)
        if found is None and scale == "stars" and said and set(said) <= {"★", "☆"}:
            return _in_range(str(said.count("★")), text, scale, low, high)
        if found is None:
            raise row_problem("fb_row_score", value=_quoted(text), scale=_scale_said(scale))
        return _in_range(found.group(1), text, scale, low, high)
    words = _CSAT if scale == "csat" else _MOOD
    value = words.get(said) or next((v for k, v in words.items() if said.startswith(k + " ")), None)
    if value is None:
        raise row_problem("fb_row_score", value=_quoted(text), scale=_scale_said(scale))
    return Score(scale, value)


def _in_range(number: str, text: str, scale: Scale, low: int, high: int) -> Score:
    if not low <= int(number) <= high:
        raise row_problem("fb_row_score", value=_quoted(text), scale=_scale_said(scale))
    return Score(scale, str(int(number)))


def _scale_said(scale: Scale) -> str:
    return {"nps": "NPS 0-10", "stars": "1-5", "csat": "good/bad", "mood": "happy/neutral/unhappy"}[scale]


def judge_scale(header: str, values: Iterable[str]) -> Scale | None:
    """The scale a column of scores is on, from its name and its values; None when it is no score."""
    seen = {" ".join(v.split()).casefold() for v in values} - _NO_SCORE
    if not seen:
        return None
    words = set(words_of(header))
    numbers = [int(m.group(1)) for v in seen if (m := compiled(_NUMBER).fullmatch(v))]
    if len(numbers) == len(seen):  # a number out of range is a bad row, said with its row number
        if words & {"nps", "recommend", "aanbevelen", "aanraden", "aanbeveling"} or "0-10" in header:
            return "nps"
        if min(numbers) >= 1 and max(numbers) <= 5:
            return "stars"
        return "nps" if sum(n <= 10 for n in numbers) * 2 > len(numbers) else None
    if all(set(v) <= {"★", "☆"} for v in seen):
        return "stars"
    if seen <= set(_CSAT) or all(v.startswith(("good", "bad")) for v in seen):
        return "csat"
    if seen <= set(_MOOD):
        return "mood"
    return None


# --- dates -------------------------------------------------------------------------------------

_TIME = r"(?:[T ,]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\.?)?(?:\s*(?:z|utc|gmt|[a-z]{3,4}|[+-]\d{2}:?\d{2}))?)?"
_ISO = rf"(\d{{4}})[-/](\d{{1,2}})[-/](\d{{1,2}}){_TIME}"
_EPOCH = r"(\d{10}|\d{13})(?:\.\d+)?"
_NUMERIC = rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}"
_TIME_TAIL = rf"{_TIME}$"
_WITH_YEAR = r"\b\d{4}\b"


def read_date(text: str, month_first: bool = False) -> date | None:
    """The day a row was written: ISO dates and times (2026-11-20T14:03:11Z, 2026-11-20 14:03:11
    +0100), seconds or milliseconds since 1970, numeric dates day first as in the Netherlands
    (20-11-2026) or month first where the export writes them so (11/20/2026 02:03:11 PM) or where
    day first cannot be (11/20/2026), and dates in words with a year (Nov 20, 2026; 20 november
    2026; Fri, 20 Nov 2026 14:03:11 +0100). The day is the one the export wrote, in its own offset."""
    said = " ".join(text.split())
    if not said:
        return None
    if found := compiled(_ISO, re.I).fullmatch(said):
        return _day(int(found[1]), int(found[2]), int(found[3]), text)
    if found := compiled(_EPOCH).fullmatch(said):
        seconds = int(found[1]) / (1000 if len(found[1]) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC).date()
    if found := compiled(_NUMERIC, re.I).fullmatch(said):
        first, second, year = int(found[1]), int(found[2]), int(found[3])
        year += 2000 if year < 100 else 0
        month_first = month_first or (first <= 12 < second)
        return _day(year, first, second, text) if month_first else _day(year, second, first, text)
    plain = compiled(_TIME_TAIL, re.I).sub("", said)
    if compiled(_WITH_YEAR).search(plain):
        from emptychair.core.dates import parse_due

        try:
            return parse_due(plain, date(2000, 1, 1))  # a year is given: "today" decides nothing
        except EmptyChairError:
            pass
    raise row_problem("fb_row_date", value=_quoted(text))


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise row_problem("fb_row_date", value=_quoted(text)) from None


_SPAN = r"(\d{1,4})\s*(d|days?|dagen|dag|w|weeks?|weken|wk|m|months?|maanden|maand|mnd)"


def since_date(text: str, today: date) -> date:
    """--since: a date (as `read_date` reads them), or a span back from today (30d, 6w, 3m)."""
    said = text.strip().casefold()
    if found := compiled(_SPAN).fullmatch(said):
        amount, unit = int(found[1]), found[2][0]
        if unit == "m":
            return _months_back(today, amount)
        return today - timedelta(days=amount * (7 if unit == "w" else 1))
    try:
        found_day = read_date(text)
    except RowError:
        found_day = None
    if found_day is None:
        from emptychair.core.dates import parse_since  # what `due:` reads, and days behind us

        try:
            return parse_since(text, today)
        except EmptyChairError:
            raise problem("err_fb_since", value=text) from None
    return found_day


def _months_back(today: date, months: int) -> date:
    """The same day `months` back; the month's last day when it is shorter (31 May - 3m: 28 Feb)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    after = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(today.day, (after - timedelta(days=1)).day))


# --- the export as a table ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """A row that was not imported: its number as a spreadsheet shows it, and why."""

    row: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def say(self, lang: str) -> str:
        return tr(lang, "fb_row", row=self.row, reason=tr(lang, self.key, **self.values))


@dataclass(frozen=True)
class Table:
    """An export as rows of cells under one header; `row` numbers as a spreadsheet shows them."""

    name: str  # the export's file name, for messages
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    problems: tuple[RowProblem, ...] = ()  # rows that could not even be split into cells
    open_ended: frozenset[int] = frozenset()  # columns a survey marks as free text
    json: bool = False
    surveymonkey: bool = False

    def find(self, *names: str) -> int | None:
        """The first column named one of `names`, case and spacing ignored."""
        keys = [_key(h) for h in self.header]
        for name in names:
            if _key(name) in keys:
                return keys.index(_key(name))
        return None

    def values(self, column: int) -> Iterator[str]:
        for _, cells in self.rows:
            if column < len(cells) and cells[column].strip():
                yield cells[column]


def _key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").casefold().split())


def csv_table(
    name: str, records: Sequence[tuple[int, Sequence[str]]], problems: Sequence[RowProblem] = ()
) -> Table:
    """Records as the csv module reads them, numbered; SurveyMonkey's second header row (the answer
    labels under each question) is folded into the first: "Question / Label"."""
    if not records:
        return Table(name, (), (), tuple(problems))
    first = tuple(records[0][1])
    if _is_surveymonkey(first) and len(records) > 1:
        labels = tuple(records[1][1])
        header, open_ended, above = [], set(), ""
        for n, top in enumerate(first):
            above = top.strip() or above
            label = labels[n].strip() if n < len(labels) else ""
            if label.casefold() in ("open-ended response", "other (please specify)"):
                open_ended.add(n)
            plain = not label or label.casefold() in ("response", "open-ended response")
            header.append(above if plain or (not top.strip() and not above) else f"{above} / {label}")
        rows = tuple((n, tuple(cells)) for n, cells in records[2:])
        return Table(
            name, tuple(header), rows, tuple(problems), open_ended=frozenset(open_ended), surveymonkey=True
        )
    return Table(name, first, tuple((n, tuple(cells)) for n, cells in records[1:]), tuple(problems))


def _is_surveymonkey(header: Sequence[str]) -> bool:
    keys = {_key(h) for h in header}
    return {"respondent id", "collector id"} <= keys


def json_table(name: str, tickets: Sequence[tuple[int, Any]]) -> Table:
    """Tickets as a Zendesk JSON export holds them, each flattened to dotted keys
    (satisfaction_rating.score); values under one key in a list are joined, one a line."""
    flat: list[tuple[int, dict[str, str]]] = []
    problems: list[RowProblem] = []
    for n, ticket in tickets:
        if not isinstance(ticket, dict):
            problems.append(RowProblem(n, "fb_row_not_ticket"))
            continue
        cells: dict[str, str] = {}
        _flatten(ticket, "", cells)
        flat.append((n, cells))
    header = tuple(dict.fromkeys(key for _, cells in flat for key in cells))
    rows = tuple((n, tuple(cells.get(key, "") for key in header)) for n, cells in flat)
    return Table(name, header, rows, tuple(problems), json=True)


def _flatten(value: Any, path: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            _flatten(sub, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list):
        for sub in value:
            _flatten(sub, path, out)
    elif value is not None:
        said = value if isinstance(value, str) else json_text(value)
        out[path] = f"{out[path]}\n{said}" if path in out else said


def json_text(value: object) -> str:
    """A JSON number or truth value as its JSON text: 4521, 9.5, true."""
    return "true" if value is True else "false" if value is False else str(value)


# --- formats -----------------------------------------------------------------------------------


def recognise(table: Table) -> Format | None:
    """The format a table's header says, or None."""

    def has(*names: str) -> bool:
        return table.find(*names) is not None

    if table.json:
        return "zendesk-json" if has("id") and has("subject", "description") else None
    if table.surveymonkey:
        return "surveymonkey"
    if has("review text") and has("star rating"):
        return "google-play"
    if has("submit date (utc)") or (table.header[:1] == ("#",) and has("network id")):
        return "typeform"
    if has("subject") and has("requester", "requester email") and has("id", "ticket id", "summation column"):
        return "zendesk"
    if has(*_APP_RATING) and has(*_APP_TEXT) and has(*_APP_OTHER):
        return "app-store"
    if has(*_NPS_SCORE) and has(*_NPS_TEXT):
        return "nps"
    return None


_APP_RATING = ("rating", "stars", "star rating")
_APP_TEXT = ("review", "body", "content", "review text", "review body")
_APP_OTHER = ("nickname", "author", "reviewer", "reviewer nickname", "user name", "username",
              "territory", "country", "app version", "version", "store")  # fmt: skip
_APP_PERSONAL = ("nickname", "author", "reviewer", "reviewer nickname", "user name", "username", "user")
_NPS_SCORE = ("score", "nps", "nps score", "nps rating", "likelihood to recommend")
_NPS_TEXT = ("comment", "comments", "feedback", "reason", "text", "why", "opmerking", "toelichting",
             "reden", "answer", "response")  # fmt: skip
_DATES = ("response timestamp", "created at", "created", "created_at", "date", "timestamp", "submitted at",
          "submitted", "survey date", "response date", "datum", "review date", "last modified", "updated")  # fmt: skip
_IDS = ("response id", "id", "response_id", "review id", "ticket id")
_TYPEFORM_META = ("#", "response type", "start date (utc)", "stage date (utc)", "submit date (utc)",
                  "network id", "tags", "ending", "token")  # fmt: skip
_SURVEYMONKEY_META = ("respondent id", "collector id", "start date", "end date", "ip address",
                      "email address", "first name", "last name", "custom data 1", "custom data")  # fmt: skip
_SURVEYMONKEY_PERSONAL = (
    "ip address",
    "email address",
    "first name",
    "last name",
    "custom data 1",
    "custom data",
)
_PERSONAL_WORDS = frozenset(
    [
        "name", "naam", "names", "voornaam", "achternaam", "firstname", "lastname", "fullname", "surname",
        "email", "e-mail", "mail", "emailadres", "e-mailadres", "phone", "telefoon", "telefoonnummer",
        "tel", "mobile", "mobiel", "address", "adres", "street", "straat", "postcode", "zip", "zipcode",
        "city", "woonplaats", "requester", "submitter", "assignee", "author", "nickname", "reviewer",
        "username", "user", "customer", "klant", "klantnaam", "contact", "ip", "iban", "rekeningnummer",
        "birthday", "geboortedatum", "organization", "organisation", "cc", "collaborators", "followers"
    ]
)  # fmt: skip
# Names of things, not of people: "Package Name", "App Version Name", "Requester domain".
_NOT_PERSONAL = frozenset(
    ["package", "version", "app", "product", "file", "group", "domain", "device", "store", "survey",
     "form", "question", "campaign", "collector", "browser", "tag", "tags", "language", "id"]
)  # fmt: skip


@dataclass(frozen=True)
class Wanted:
    """The columns the user named (--text, --score, --date, --id); "" where they named none."""

    text: str = ""
    score: str = ""
    date: str = ""
    id: str = ""

    def any(self) -> bool:
        return bool(self.text or self.score or self.date or self.id)


@dataclass(frozen=True)
class Columns:
    """Which column holds what; every column not named here is never stored."""

    text: tuple[int, ...] = ()
    title: int | None = None
    score: int | None = None
    scale: Scale | None = None
    date: int | None = None
    id: int | None = None
    personal: tuple[int, ...] = ()  # their values are taken out of the text, never stored
    month_first: bool = False  # 11/20/2026

    def chosen(self) -> set[int]:
        picked = {*self.text, self.title, self.score, self.date, self.id}
        return {c for c in picked if c is not None}


def columns(fmt: Format, table: Table, wanted: Wanted = Wanted()) -> Columns:
    """The columns of `table` in format `fmt`, with those the user named in their place."""
    cols = _layout(fmt, table)
    named = {k: _named(table, v, f"--{k}") for k, v in vars(wanted).items() if v}
    if "text" in named:
        cols = replace(cols, text=(named["text"],), title=None)
    if "score" in named:
        cols = replace(cols, score=named["score"], scale=None)
    if "date" in named:
        cols = replace(cols, date=named["date"])
    if "id" in named:
        cols = replace(cols, id=named["id"])
    if cols.score is not None and cols.scale is None:
        scale = judge_scale(table.header[cols.score], table.values(cols.score))
        if scale is None and "score" in named:
            raise problem("err_fb_scale", column=table.header[cols.score], path=table.name)
        cols = replace(cols, scale=scale, score=cols.score if scale else None)
    if not cols.text and cols.score is None:
        raise unknown_export(table, "err_fb_no_text")
    chosen = cols.chosen()
    personal = [c for c in (*cols.personal, *_personal(table)) if c not in chosen]
    return replace(cols, personal=tuple(dict.fromkeys(personal)))


def _named(table: Table, name: str, option: str) -> int:
    found = table.find(name)
    if found is None:
        raise problem("err_fb_no_column", option=option, column=name, path=table.name, columns=_shown(table))
    return found


def unknown_export(table: Table, key: str = "err_fb_unknown") -> EmptyChairError:
    """An export we cannot read: its columns named, and the options that map them."""
    return problem(key, path=table.name, columns=_shown(table), formats=", ".join(FORMATS))


def _shown(table: Table) -> str:
    """The columns as a message names them: scrubbed (a file with no header row has a customer's
    data in its first row), at most SHOWN_COLUMNS of them, each at most 40 characters."""
    names = [scrub(clean(h))[:40] or "“”" for h in table.header[:SHOWN_COLUMNS]]
    more = len(table.header) - SHOWN_COLUMNS
    return ", ".join(names) + (f", … (+{more})" if more > 0 else "") if names else "—"


def _layout(fmt: Format, table: Table) -> Columns:
    f = table.find
    if fmt == "zendesk":
        description = f("description", "ticket description", "comment")
        comment = f("satisfaction comment")
        texts = _present(description if description is not None else f("subject"), comment)
        personal = [
            n
            for n, h in enumerate(table.header)
            if _key(h).startswith(
                ("requester", "submitter", "assignee", "organization", "cc", "collaborator", "follower")
            )
        ]
        return Columns(
            text=texts,
            title=f("subject") if description is not None else None,
            score=f("satisfaction score", "satisfaction rating"),
            scale="csat",
            date=f("created at", "created"),
            id=f("id", "ticket id"),
            personal=tuple(personal),
        )
    if fmt == "zendesk-json":
        texts = _present(f("description"), f("satisfaction_rating.comment"))
        personal = [n for n, h in enumerate(table.header) if _json_personal(h)]
        return Columns(
            text=texts or _present(f("subject")),
            title=f("subject", "raw_subject") if texts else None,
            score=f("satisfaction_rating.score"),
            scale="csat",
            date=f("created_at"),
            id=f("id"),
            personal=tuple(personal),
        )
    if fmt == "google-play":
        return Columns(
            text=_present(f("review text")),
            title=f("review title"),
            score=f("star rating"),
            scale="stars",
            date=f("review submit date and time", "review last update date and time"),
        )
    if fmt == "app-store":
        return Columns(
            text=_present(f(*_APP_TEXT)),
            title=f("title", "review title"),
            score=f(*_APP_RATING),
            scale="stars",
            date=f(*_DATES),
            id=f("review id", "id"),
            personal=_present(*(f(name) for name in _APP_PERSONAL)),
        )
    if fmt == "nps":
        return Columns(
            text=_present(f(*_NPS_TEXT)),
            score=f(*_NPS_SCORE),
            scale="nps",
            date=f(*_DATES),
            id=f(*_IDS),
        )
    if fmt == "typeform":
        return _survey(
            table,
            _TYPEFORM_META,
            (),
            f("#", "response id", "token"),
            f("submit date (utc)", "start date (utc)"),
            False,
        )
    if fmt == "surveymonkey":
        asked = _present(*(f(name) for name in _SURVEYMONKEY_PERSONAL))
        return _survey(
            table, _SURVEYMONKEY_META, asked, f("respondent id"), f("end date", "start date"), True
        )
    return Columns()  # generic: the user names the columns


def _present(*found: int | None) -> tuple[int, ...]:
    """The columns that were found."""
    return tuple(c for c in found if c is not None)


def _json_personal(path: str) -> bool:
    last = path.rsplit(".", 1)[-1].casefold()
    first = path.split(".", 1)[0].casefold()
    return last in ("name", "email", "phone", "address", "recipient", "alias", "signature") or first in (
        "requester", "submitter", "assignee", "collaborators", "followers", "email_ccs", "organization",
    )  # fmt: skip


def _survey(
    table: Table,
    meta: Sequence[str],
    personal: tuple[int, ...],
    id_: int | None,
    day: int | None,
    month_first: bool,
) -> Columns:
    """A survey's questions are the team's own: the score is the question answered on a scale (one
    that asks to recommend us first), the text the free answer written at most length."""
    skip = {n for n, h in enumerate(table.header) if _key(h) in {_key(m) for m in meta}}
    skip |= set(personal) | set(_personal(table))
    questions = [n for n in range(len(table.header)) if n not in skip]
    scored = [(n, s) for n in questions if (s := judge_scale(table.header[n], table.values(n)))]
    hinted = [(n, s) for n, s in scored if s == "nps"]
    score, scale = (hinted or scored or [(None, None)])[0]
    free = [n for n in questions if n != score]
    lengths = {n: _mean_length(table.values(n)) for n in free}
    ranked = sorted(
        (n for n in free if lengths[n] >= 3), key=lambda n: (n not in table.open_ended, -lengths[n], n)
    )
    return Columns(
        text=tuple(ranked[:1]),
        score=score,
        scale=scale,
        date=day,
        id=id_,
        personal=personal,
        month_first=month_first,
    )


def _mean_length(values: Iterable[str]) -> float:
    lengths = [len(v) for v in values]
    return sum(lengths) / len(lengths) if lengths else 0.0


def _personal(table: Table) -> list[int]:
    """Columns whose name says they hold a person (e-mail, name, phone, address, requester…) or
    whose values are mostly e-mail addresses."""
    found = []
    for n, name in enumerate(table.header):
        words = set(words_of(name.replace("_", " ")))
        key = _key(name)
        if words & _PERSONAL_WORDS or any(part in key for part in ("email", "e-mail", "phone", "telefoon")):
            if not words & _NOT_PERSONAL:
                found.append(n)
            continue
        sample = [v for _, v in zip(range(50), table.values(n), strict=False)]
        if sample and sum("@" in v and " " not in v.strip() for v in sample) * 2 >= len(sample):
            found.append(n)
    return found


# --- items -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackItem:
    """One piece of customer feedback, scrubbed: nothing in it names a person."""

    id: str
    text: str
    date: date | None = None
    score: Score | None = None
    title: str = ""  # a ticket's subject, a review's title
    ref: str = ""  # the export's own id of it (a ticket number), when it has one
    row: int = 0  # where it stood in the export

    @property
    def rating(self) -> Rating:
        return self.score.rating if self.score else ""


@dataclass(frozen=True)
class Read:
    """What the rows of one export gave: items, rows left out by --since, rows that could not be read."""

    items: tuple[FeedbackItem, ...]
    older: int
    problems: tuple[RowProblem, ...]
    rows: int


def read_items(fmt: Format, table: Table, cols: Columns, since: date | None = None) -> Read:
    """Every row as an item, scrubbed; a row that cannot be read is named and left out. A person's
    whole name from any row's personal columns is taken out of every row; its single words only
    out of that person's own row (a customer called Will must not take "will" out of every text)."""
    source = SOURCE_NAMES[fmt].casefold()
    id_name = _key(table.header[cols.id]) if cols.id is not None else ""
    everywhere = Known(
        phrases=frozenset(p for c in cols.personal for v in table.values(c) if len(p := words_of(v)) > 1)
    )
    items: list[FeedbackItem] = []
    problems = list(table.problems)
    older = 0
    for n, cells in table.rows:
        try:
            item = _item(cells, cols, everywhere, source, id_name, n)
        except RowError as exc:
            problems.append(RowProblem(n, exc.key, exc.values))
            continue
        if since is not None and (item.date is None or item.date < since):
            older += 1
            continue
        items.append(item)
    problems.sort(key=lambda p: p.row)
    return Read(tuple(items), older, tuple(problems), len(table.rows) + len(table.problems))


def _item(
    cells: tuple[str, ...], cols: Columns, everywhere: Known, source: str, id_name: str, row: int
) -> FeedbackItem:
    size = sum(map(len, cells))
    if (
        size > ROW_LIMIT // 4
        and (size := sum(len(c.encode("utf-8", "surrogatepass")) for c in cells)) > ROW_LIMIT
    ):
        raise row_problem("fb_row_too_big", size=-(-size // 1000), limit=ROW_LIMIT // 1000)  # rounded up

    def cell(column: int | None) -> str:
        return clean(cells[column]) if column is not None and column < len(cells) else ""

    text = "\n\n".join(t for t in map(cell, cols.text) if t)
    title = cell(cols.title)
    score = read_score(cell(cols.score), cols.scale) if cols.score is not None and cols.scale else None
    day = read_date(cell(cols.date), cols.month_first) if cols.date is not None else None
    if not text and not title and score is None:
        raise row_problem("fb_row_empty")
    own = known(cells[c] for c in cols.personal if c < len(cells))
    ref = cell(cols.id)
    simple = ref.isdigit() and len(ref) < 9 and ref not in own.words  # a ticket number: no phone, no IBAN
    safe_ref = ref if simple else scrub(ref, own, everywhere)
    if ref and safe_ref == ref:
        identity = [source, id_name, ref]
    else:  # no id of its own, or one that names a person: the content says which item it is
        scored = (score.scale, score.value) if score else ("", "")
        identity = [source, day.isoformat() if day else "", *scored, title, text]
    return FeedbackItem(
        id=stable_id(identity),
        text=scrub(text, own, everywhere),
        date=day,
        score=score,
        title=scrub(title, own, everywhere),
        ref=safe_ref,
        row=row,
    )


def stable_id(parts: Sequence[str]) -> str:
    """Ten letters and digits from a hash of `parts`: the same feedback gets the same id in every
    clone and every import, and nothing of what was hashed can be read back from it."""
    digest = blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    number = int.from_bytes(digest, "big")
    letters = []
    for _ in range(ID_LENGTH):
        number, digit = divmod(number, len(ID_ALPHABET))
        letters.append(ID_ALPHABET[digit])
    return "".join(letters)


def _quoted(text: str) -> str:
    """A value from a file inside a message: scrubbed, cut short."""
    said = scrub(clean(text))
    return "“" + (said if len(said) <= 40 else said[:39] + "…") + "”"


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """One import: the items new to the folder from one export, written once as one record."""

    imported: datetime
    format: Format
    file: str  # the export's file name, scrubbed
    items: tuple[FeedbackItem, ...]
    rows: int = 0  # rows the export had
    skipped: int = 0  # rows that could not be read

    @property
    def source(self) -> str:
        return SOURCE_NAMES[self.format]


@dataclass(frozen=True)
class Decision:
    """What the lead decided about some items: the chair may quote them (approved), or not."""

    at: datetime
    verdict: Verdict
    items: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackEntry:
    """An item as it stands: the import it came in, and the last decision about it."""

    item: FeedbackItem
    record: str  # the import record's name, without .feedback.toml
    format: Format
    imported: datetime
    status: Status = NEW
    decided: datetime | None = None
    quoted: tuple[str, ...] = ()  # the meetings whose chair quoted it
    said_in: str = ""  # a #customer line: the meeting it was typed in (no import, no status)

    @property
    def source(self) -> str:
        return MEETING if self.said_in else SOURCE_NAMES[self.format]

    @property
    def day(self) -> date:
        return self.item.date or self.imported.date()


def feedback_entries(
    batches: Iterable[tuple[str, Batch]], decisions: Iterable[tuple[str, Decision]] = ()
) -> list[FeedbackEntry]:
    """Every item once (the first import of it counts), with its status: the latest decision about
    it by time, then record name; newest feedback first."""
    latest: dict[str, tuple[datetime, str, Verdict]] = {}
    for name, decision in decisions:
        for item_id in decision.items:
            if item_id not in latest or (decision.at, name) >= latest[item_id][:2]:
                latest[item_id] = (decision.at, name, decision.verdict)
    seen: dict[str, FeedbackEntry] = {}
    for name, batch in sorted(batches, key=lambda nb: (nb[1].imported, nb[0])):
        for item in batch.items:
            if item.id in seen:
                continue
            decided = latest.get(item.id)
            if decided is None:
                seen[item.id] = FeedbackEntry(item, name, batch.format, batch.imported)
            else:
                seen[item.id] = FeedbackEntry(
                    item, name, batch.format, batch.imported, decided[2], decided[0]
                )
    found = list(seen.values())
    found.reverse()  # of feedback on one day, the last imported first
    return sorted(found, key=lambda e: e.day, reverse=True)


def known_ids(batches: Iterable[Batch]) -> set[str]:
    return {item.id for batch in batches for item in batch.items}


def select(found: Iterable[FeedbackEntry], status: str = "") -> list[FeedbackEntry]:
    """Entries with `status` (new, approved, skipped, or the word a language shows for it: nieuw),
    or all of them."""
    if not status:
        return list(found)
    from emptychair.locale import LANGUAGES

    said = status.strip().casefold()
    named = {s: s for s in STATUSES} | {tr(lang, "fb_status_" + s): s for lang in LANGUAGES for s in STATUSES}
    if said not in named:
        raise problem("err_fb_status", status=status, statuses=", ".join(STATUSES))
    return [e for e in found if e.status == named[said] and not e.said_in]


def with_meetings(
    found: Iterable[FeedbackEntry], heard: Iterable[FeedbackEntry], quotes: Iterable[tuple[str, str]]
) -> list[FeedbackEntry]:
    """The imported entries and what customers said in meetings (`heard`), newest first; each with
    the meetings that quoted it (`quotes`: feedback id, meeting)."""
    quoted: dict[str, list[str]] = {}
    for item_id, meeting in quotes:
        if meeting and meeting not in quoted.setdefault(item_id, []):
            quoted[item_id].append(meeting)
    merged = [replace(e, quoted=tuple(quoted[e.item.id])) if e.item.id in quoted else e for e in found]
    return sorted([*merged, *heard], key=lambda e: e.day, reverse=True)


def heard_entry(meeting: str, day: date, text: str, scale: str, score: str, at: datetime) -> FeedbackEntry:
    """A #customer line of a meeting as the feedback list shows it."""
    found: Score | None = None
    if scale in SCALES:
        try:
            found = read_score(score, scale)
        except RowError:
            found = None
    item = FeedbackItem(id=stable_id([MEETING, meeting, text]), text=text, date=day, score=found)
    return FeedbackEntry(item, meeting, "generic", at, said_in=meeting)


# --- lists -------------------------------------------------------------------------------------

SHOWN_TEXT = 100  # characters of an item's text in the plain list (all of it in --json and the review)


def shown_text(item: FeedbackItem) -> str:
    """The title and text as one line, its spaces collapsed, cut at SHOWN_TEXT characters."""
    whole = " · ".join(t for t in (item.title, item.text) if t) or "—"
    # A start of the text collapses to a start of the line: when that is long enough, the rest of
    # a ticket's kilobytes need not be split and joined too.
    start = " ".join(whole[: 2 * SHOWN_TEXT].split())
    line = start if len(start) > SHOWN_TEXT or len(whole) <= 2 * SHOWN_TEXT else " ".join(whole.split())
    return line if len(line) <= SHOWN_TEXT else line[: SHOWN_TEXT - 1] + "…"


def score_said(item: FeedbackItem, lang: str) -> str:
    if item.score is None:
        return "—"
    return f"{item.score.said(lang)} ({tr(lang, colour_key(item.score.rating))})"


def listing_text(found: Sequence[FeedbackEntry], lang: str) -> str:
    from emptychair.core.report import plain_table

    keys = ("col_id", "col_date", "fb_col_source", "fb_col_score", "fb_col_status", "fb_col_text")
    header = [tr(lang, k) for k in keys]
    statuses = {s: tr(lang, "fb_status_" + s) for s in STATUSES}
    quoted = any(e.quoted for e in found)
    if quoted:
        header.append(tr(lang, "fb_col_quoted"))
    rows = [
        [
            e.item.id,
            e.day.isoformat(),
            e.source,
            score_said(e.item, lang),
            "—" if e.said_in else statuses[e.status],
            shown_text(e.item),
            *([", ".join(e.quoted) or "—"] if quoted else []),
        ]
        for e in found
    ]
    return plain_table(rows, header)


def entry_json(e: FeedbackEntry) -> dict[str, Any]:
    item = e.item
    return {
        "id": item.id,
        "date": item.date.isoformat() if item.date else None,
        "source": e.source,
        "format": None if e.said_in else e.format,
        "scale": item.score.scale if item.score else None,
        "score": item.score.value if item.score else None,
        "rating": item.rating or None,
        "title": item.title,
        "text": item.text,
        "ref": item.ref,
        "status": None if e.said_in else e.status,
        "decided": e.decided.isoformat() if e.decided else None,
        "imported": None if e.said_in else e.imported.isoformat(),
        "record": None if e.said_in else e.record,
        "meeting": e.said_in or None,  # said in this meeting (#customer)
        "quoted": list(e.quoted),  # the meetings whose chair quoted it
    }


def listing_json(found: Sequence[FeedbackEntry]) -> dict[str, Any]:
    from emptychair.core.report import JSON_VERSION

    return {"version": JSON_VERSION, "feedback": [entry_json(e) for e in found]}


def mapping_of(table: Table, cols: Columns) -> Mapping[str, str]:
    """Which column was read as what, by name: for the message after an import."""
    named = {"text": ", ".join(table.header[c] for c in cols.text)}
    for what, column in (("score", cols.score), ("date", cols.date), ("id", cols.id)):
        if column is not None:
            named[what] = table.header[column]
    return named
