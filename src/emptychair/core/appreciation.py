"""What goes well, said out loud: "Geef je medewerkers waardering voor klantgericht handelen en deel
goede resultaten met ze" (002), and "Beloon voorbeeldgedrag" (000).

Pure: the promises to the customer that were kept since the last meeting, and the good news of a
digest, from plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from emptychair.core.ledger import Tracked
from emptychair.core.minutes import DONE, GOOD_RATINGS, Minutes


def kept_promises(closed: Sequence[Tracked], since: datetime | None) -> tuple[str, ...]:
    """The chair's actions done after `since` (None: ever), oldest first: the customer on the
    chair says each was done."""
    kept = [
        t
        for t in closed
        if t.origin == "chair"
        and t.action.status == DONE
        and t.closed is not None
        and (since is None or t.closed > since)
    ]
    return tuple(t.action.text for t in sorted(kept, key=lambda t: (t.closed or t.made, t.action.id)))


def glad_answers(meetings: Sequence[Minutes]) -> tuple[tuple[str, str], ...]:
    """(answer, rating) of every chair answer the customer would be glad of, in meeting order."""
    return tuple(
        (c.answer, c.rating) for m in meetings for c in m.chair if c.answer and c.rating in GOOD_RATINGS
    )
