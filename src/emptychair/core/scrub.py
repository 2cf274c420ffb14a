"""Personal data out of customer feedback, by hand-written rules (no language model).

Two kinds of rules, applied to every text before it is stored or shown:
- patterns: URLs with a query string, e-mail addresses (also `jan(at)example.nl`), IBANs, phone
  numbers (Dutch national forms and every `+`/`00` international one), postcodes (Dutch `1234 AB`,
  British `SW1A 1AA`, American ZIP+4), street addresses with a house number (Dutch `Dorpsstraat 12a`,
  English `12 Baker Street`), and the name after a greeting or an introduction (`Groeten, Jan`,
  `my name is Anna de Vries`).
- the personal values the export's own columns carry (requester, e-mail, name, address…): each
  value wherever it stands in the text, and each of its words on its own (first and last names),
  whole-word and ignoring case and accents. Particles (`van`, `de`) and mailbox words (`info`) are
  not names on their own.

What is taken out is replaced by a mark saying what stood there: [e-mail], [phone], [IBAN],
[postcode], [address], [link], [name]. The marks are the same in every language, so that the same
export scrubs the same way in every clone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from emptychair.text import UNSAFE, compiled

EMAIL, PHONE, IBAN, POSTCODE, ADDRESS, LINK, NAME = (
    "[e-mail]", "[phone]", "[IBAN]", "[postcode]", "[address]", "[link]", "[name]",
)  # fmt: skip
MARKS = (EMAIL, PHONE, IBAN, POSTCODE, ADDRESS, LINK, NAME)

# Name particles and mailbox words: parts of a personal value that are no name of their own.
PARTICLES = frozenset(
    [
        "van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "t", "'t", "d'", "da", "di", "du",
        "del", "della", "des", "la", "le", "les", "von", "vom", "zu", "zur", "el", "al", "bin", "ben",
        "ibn", "mc", "mac", "st."
    ]
)  # fmt: skip
MAILBOX = frozenset(
    [
        "info", "support", "contact", "admin", "mail", "email", "sales", "service", "klantenservice",
        "noreply", "no-reply", "reply", "hello", "hallo", "hi", "team", "office", "post", "webmaster",
        "help", "helpdesk", "finance", "billing", "factuur", "facturen"
    ]
)  # fmt: skip

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"  # capitals of the Latin scripts customers here write in
_NAMEWORD = rf"[{_UPPER}][\w'’-]*"
_PARTICLE = r"(?:van|de|der|den|ter|ten|te|la|le|von|el|da|di|du|del)"
# A name of one to four capitalised words, particles between them, ending the sentence or the line.
_A_NAME = (
    rf"(?P<name>{_NAMEWORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_NAMEWORD}){{0,3}})(?=[ \t]*(?:[,.!;:)]|\r?\n|$))"
)
# The patterns below are sources, compiled on their first use (text.compiled), but for the three
# used on every text.
# Greetings and introductions, lower case: they are found in the text lowered, the name after
# them in the text as written (a name is capitalised).
_GREETING = (
    r"(?<![\w-])(?:met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|"
    r"groet(?:en|jes)?|m\.?v\.?g\.?|gr\.?|kind regards|best regards|warm regards|regards|"
    r"best wishes|cheers|thanks|thank you|many thanks|bedankt|dank je wel|dank u wel|dank u|"
    r"dankjewel|beste|geachte|dear|hi|hello|hallo|hoi|hey|my name is|mijn naam is|ik heet|"
    r"ik ben|i am|i'm)"
)
_NAME_AFTER = rf"[,.!:]?(?:[ \t]+|[ \t]*\r?\n[ \t]*){_A_NAME}"

_LINK = r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'`]*\?[^\s<>\"'`]+"
_AT = r"(?:@|[ \t]?[(\[]at[)\]][ \t]?)"
_DOT = r"(?:\.|[ \t]?[(\[]dot[)\]][ \t]?)"
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"  # what an address's mailbox part is made of
_EMAIL = rf"(?<!{_LOCAL})({_LOCAL}+){_AT}[\w-]+(?:{_DOT}[\w-]+)+"
_IBAN = r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b"
_PHONE_INTL = r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{1,4}\)?){2,6}(?!\d)"
_PHONE_NL = r"(?<![\w+/.-])\(?0\d{1,3}\)?[ -]?\d{2,8}(?: \d{2,4}){0,3}(?![\d/-])"
# 1000km is no postcode
_UNITS = [
    "km", "kg", "mb", "gb", "kb", "tb", "ms", "mm", "cm", "ml", "pm", "am", "th", "st", "nd", "rd",
    "hr", "px", "kw", "mg"
]  # fmt: skip
_POSTCODE = (
    rf"\b[1-9]\d{{3}} ?(?!(?:SA|SD|SS|{'|'.join(_UNITS).upper()})\b)[A-Z]{{2}}\b"  # 1234 AB
    rf"|\b[1-9]\d{{3}}(?!(?:{'|'.join(_UNITS)})\b)[a-z]{{2}}\b"  # 1234ab
    r"|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"  # SW1A 1AA
    r"|\b\d{5}-\d{4}\b"  # 12345-6789
)
_STREETS = "straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|pad|dreef|markt|baan|veld|park|wal|haven"
_ADDRESS = (
    rf"\b[{_UPPER}][\w'’-]*(?:{_STREETS})\s+\d{{1,5}}(?:\s?[a-zA-Z]\b|-\d{{1,4}}\b|\s?(?:bis|hs|I{{1,3}})\b)?"
    rf"|\b\d{{1,5}}[a-zA-Z]?\s+(?:{_NAMEWORD}\s+){{1,3}}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Close|Court|Boulevard|Blvd)\b\.?"
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")  # these three are used on every text: compiled here
_DIGIT = re.compile(r"\d")
_UNSAFE = re.compile(f"[{UNSAFE}]")


def clean(text: str) -> str:
    """Text as it is stored: NFC, lines ended by \\n, no control, format or bidi characters (a
    zero-width space inside a phone number must not hide it from the rules)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE.sub("", text).strip() if _UNSAFE.search(text) else text.strip()


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A word as names are matched: case and accents ignored ('Zoë' -> 'zoe')."""
    if word.isascii():
        return word.lower()
    plain = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


def words_of(value: str) -> tuple[str, ...]:
    return tuple(map(word_key, _WORD.findall(value)))


@dataclass(frozen=True)
class Known:
    """Personal values to take out of a text: whole values (as word sequences) and single words."""

    phrases: frozenset[tuple[str, ...]] = frozenset()
    words: frozenset[str] = frozenset()

    @functools.cached_property
    def starts(self) -> dict[str, tuple[int, ...]]:
        """The lengths of the phrases that start with each word, longest first."""
        found: dict[str, set[int]] = {}
        for phrase in self.phrases:
            found.setdefault(phrase[0], set()).add(len(phrase))
        return {word: tuple(sorted(sizes, reverse=True)) for word, sizes in found.items()}

    @functools.cached_property
    def firsts(self) -> frozenset[str]:
        """Every word a name to take out can start with."""
        return self.words | frozenset(self.starts)

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words)


def known(values: Iterable[str]) -> Known:
    """The values of a row's personal columns as what to take out: each value whole, and each of
    its words that can be a name on its own (not a particle, not a short number, not `info`). An
    e-mail address gives the words of its mailbox part (jan.de.vries@…: jan, vries)."""
    phrases: set[tuple[str, ...]] = set()
    singles: set[str] = set()
    for value in values:
        if "@" in value or "(at)" in value.lower() or "[at]" in value.lower():
            for address in compiled(_EMAIL, re.I).findall(value):
                parts = words_of(address.replace(".", " ").replace("_", " "))
                singles |= {w for w in parts if len(w) > 2 and w not in MAILBOX and w not in PARTICLES}
            value = compiled(_EMAIL, re.I).sub(" ", value)
        parts = words_of(value)
        if len(parts) > 1:
            phrases.add(parts)
        singles |= {w for w in parts if _name_like(w)}
    return Known(frozenset(phrases), frozenset(singles))


def _name_like(word: str) -> bool:
    if word in PARTICLES or len(word) < 2:
        return False
    return not word.isdigit() or len(word) >= 5  # a customer number, not a house number


def scrub(text: str, own: Known = Known(), everywhere: Known = Known()) -> str:
    """`text` without personal data: the patterns, then `own` (this row's personal values, whole
    and word by word) and `everywhere` (whole values from every row of the export)."""
    if not text:
        return text
    lowered = text.lower()
    if "?" in text and ("://" in text or "www." in lowered):
        text = compiled(_LINK, re.I).sub(LINK, text)
    if "@" in text or "(at)" in lowered or "[at]" in lowered:
        text = compiled(_EMAIL, re.I).sub(EMAIL, text)
    if _DIGIT.search(text):
        text = compiled(_IBAN, re.I).sub(_iban, text)
        text = compiled(_PHONE_INTL).sub(lambda m: _phone(m, 8, 15), text)
        text = compiled(_PHONE_NL).sub(lambda m: _phone(m, 10, 10), text)
        text = compiled(_POSTCODE).sub(POSTCODE, text)
        text = compiled(_ADDRESS).sub(ADDRESS, text)
    text = _introduced(text)
    if own or everywhere:
        text = _names(text, (own, everywhere))
    return text


def _iban(found: re.Match[str]) -> str:
    said = found.group()
    return IBAN if sum(c.isdigit() for c in said) >= 8 else said


def _phone(found: re.Match[str], low: int, high: int) -> str:
    said = found.group()
    return PHONE if low <= sum(c.isdigit() for c in said) <= high else said


def _introduced(text: str) -> str:
    """The name after a greeting or an introduction: `Groeten,\nJan`, `my name is Anna de Vries`."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)
    greetings = compiled(_GREETING) if same_length else compiled(_GREETING, re.I)
    out, at = [], 0
    for found in greetings.finditer(lowered if same_length else text):
        if found.start() < at:
            continue
        name = compiled(_NAME_AFTER).match(text, found.end())
        if name is not None:
            out += [text[at : name.start("name")], NAME]
            at = name.end("name")
    return "".join(out) + text[at:] if out else text


def _names(text: str, lists: tuple[Known, Known]) -> str:
    """Whole values first (longest first), then single words; names side by side become one mark."""
    plain = text.isascii()  # then a word's key is the word lowered, at the same place
    source = text.lower() if plain else text
    mine, theirs = lists[0].firsts, lists[1].firsts
    if plain:
        said = set(_WORD.findall(source))
        if said.isdisjoint(mine) and said.isdisjoint(theirs):
            return text
    tokens = list(_WORD.finditer(source))
    keys = [t.group() for t in tokens] if plain else [word_key(t.group()) for t in tokens]
    spans: list[tuple[int, int]] = []
    free = 0
    for n in [n for n, key in enumerate(keys) if key in mine or key in theirs]:
        if n < free:
            continue
        key, taken = keys[n], 0
        for find in lists:
            for size in find.starts.get(key, ()):
                if size > taken and tuple(keys[n : n + size]) in find.phrases:
                    taken = size
                    break
        if not taken and (key in lists[0].words or key in lists[1].words):
            taken = 1
        if not taken:
            continue
        start, end = tokens[n].start(), tokens[n + taken - 1].end()
        if spans and _only_particles(text[spans[-1][1] : start]):
            start = spans.pop()[0]
        spans.append((start, end))
        free = n + taken
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], NAME]
        at = end
    out.append(text[at:])
    return "".join(out)


def _only_particles(gap: str) -> bool:
    """Between two names only spaces and particles: `Jan` `de` `Vries` is one name."""
    return not gap.strip(" \t") or (
        gap[:1] in " \t" and gap[-1:] in " \t" and all(w in PARTICLES for w in words_of(gap))
    )
