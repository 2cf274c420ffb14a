"""Personal data out of customer text: what each rule takes out, and what it must leave."""

from __future__ import annotations

import pytest

from emptychair.core.scrub import clean, known, scrub

SCRUBBED = [
    ("mail jan.devries@example.nl of jan(at)example(dot)nl", "mail [e-mail] of [e-mail]"),
    (
        "bel 06-12345678, 0612345678, 06 12 34 56 78 of 020-123 45 67",
        "bel [phone], [phone], [phone] of [phone]",
    ),
    ("+31 6 12345678, +31 (0)20 123 4567, 0031 6 12345678", "[phone], [phone], [phone]"),
    ("+44 20 7946 0958 and +1 (555) 123-4567", "[phone] and [phone]"),
    ("IBAN NL91 ABNA 0417 1643 00 / nl91abna0417164300", "IBAN [IBAN] / [IBAN]"),
    (
        "1234 AB Utrecht, 1234ab, SW1A 1AA, 12345-6789",
        "[postcode] Utrecht, [postcode], [postcode], [postcode]",
    ),
    ("op Dorpsstraat 12a, of 221 Baker Street", "op [address], of [address]"),
    ("zie https://x.nl/reset?token=abc&u=1 of https://x.nl/help", "zie [link] of https://x.nl/help"),
    ("Met vriendelijke groet,\nPiet de Boer", "Met vriendelijke groet,\n[name]"),
    ("Mijn naam is Anna de Vries.", "Mijn naam is [name]."),
    # what must stay: dates, times, amounts, counts, order numbers, words after a greeting
    ("op 01-12-2026 10:00 en 2026-11-20 14:03", "op 01-12-2026 10:00 en 2026-11-20 14:03"),
    ("order 123456 voor 1000km en 30 euro", "order 123456 voor 1000km en 30 euro"),
    ("Thanks. The app works now.", "Thanks. The app works now."),
    ("nl12 test deze", "nl12 test deze"),
]


@pytest.mark.parametrize(("said", "kept"), SCRUBBED)
def test_the_patterns(said: str, kept: str) -> None:
    assert scrub(said) == kept


def test_the_exports_own_names_whole_word_any_case_and_accent() -> None:
    own = known(["Jan de Vries", "jan.devries@example.nl", "Zoë Ångström", "Bram Bakker"])
    said = "JAN belde; jan de vries, zoe angstrom en Vries. Januari, de bakkerij en de app."
    assert scrub(said, own) == "[name] belde; [name], [name] en [name]. Januari, de bakkerij en de app."
    assert scrub("devries schreef", own) == "[name] schreef"  # the mailbox part of the address


def test_hidden_characters_cannot_hide_a_phone_number() -> None:
    assert scrub(clean("bel 06\u200b1234\u20665678 \x1b[31m")) == "bel [phone] [31m"
