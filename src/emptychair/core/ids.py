"""The one alphabet of every id a person may read aloud or type: actions, follow-up records,
feedback, and the suffixes that keep two clones' file names apart."""

from __future__ import annotations

ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
