"""The search query: words that must all appear, and filters typed in the query itself.

invoice portal         both words, each the start of a word of what was said, where, or the owner
                       (case and accents ignored: "een" finds "één"; history.matches is the rule)
@bram                  actions owned by Bram (a start of the name will do)
is:open is:done is:dropped     actions in that state today
is:action is:decision is:chair is:note is:recognition is:customer is:story is:dilemma    one kind of thing said
since:2026-09-01 until:2026-12-31         meetings in that range
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from emptychair.errors import problem

KINDS = ("action", "decision", "chair", "note", "recognition", "customer", "story", "dilemma")
STATES = ("open", "done", "dropped")
# Every `is:` filter there is, in one list: the parser, its error, the command's help and the README.
FILTERS = tuple(f"is:{word}" for word in (*STATES, *KINDS))
FILTER_LIST = ", ".join(FILTERS)


@dataclass(frozen=True)
class Query:
    """What a search asks for: words, an owner, kinds, states and dates."""

    words: tuple[str, ...] = ()
    owner: str = ""
    kinds: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None


def parse_query(text: str) -> Query:
    words: list[str] = []
    owner = ""
    kinds: set[str] = set()
    states: set[str] = set()
    since = until = None
    for token in text.split():
        lower = token.casefold()
        if lower.startswith("@") and len(lower) > 1:
            owner = lower[1:]
        elif lower.startswith("is:"):
            value = lower[3:]
            if value in KINDS:
                kinds.add(value)
            elif value in STATES:
                states.add(value)
            else:
                raise problem("err_filter", token=token, filters=FILTER_LIST)
        elif lower.startswith(("since:", "until:")):
            key, _, value = lower.partition(":")
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise problem("err_filter_date", token=token, key=key) from None
            since, until = (day, until) if key == "since" else (since, day)
        elif any(c.isalnum() for c in lower):  # "-" or "*" alone would match everything
            words.append(lower)
    if not (words or owner or kinds or states or since or until):
        raise problem("err_search_empty")
    return Query(tuple(words), owner, frozenset(kinds), frozenset(states), since, until)
