"""The interface exists in both languages, and every message the code names is in the catalog."""

from __future__ import annotations

import ast
import importlib.util
import marshal
import re
import shutil
import string
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from emptychair.locale import LANGUAGES, catalogue, counted, day, plural_form

from .conftest import ROOT
from .inprocess import emptychair

NAMED = re.compile(
    r"""(?:\btr\([^,()]+,\s*|\bproblem\(\s*|\.problem\([^,()]+,\s*|Term\(\s*)["']([a-z_]+)["']"""
)


def test_every_key_the_code_names_is_in_the_catalog() -> None:
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "src" / "emptychair").rglob("*.py"))
    named = {key for key in NAMED.findall(source) if not key.endswith("_")}  # "status_" + status: a prefix
    assert len(named) > 60  # the pattern finds them
    keys = {key.split(".")[0] for key in catalogue("en")}  # "age.one": a plural form of "age"
    assert sorted(named - keys) == []


def test_agenda_problems_are_said_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "agenda.toml"
    path.write_text('title = 3\nattendees = ["A"]\n[[items]]\ntitle = "x"\nminutes = 0\n', "utf-8")
    out = emptychair(tmp_path, "agenda", "check", str(path), env={"LANG": "nl_NL.UTF-8"}).stdout
    assert out.splitlines() == [
        f"{path}: items[1].minutes: hier hoort een geheel getal van 1 tot 480, maar er staat 0",
        f"{path}: title: hier hoort tekst, maar er staat een getal",
    ]


def placeholders(text: str) -> set[str]:
    return {name.split("!")[0].split(":")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    english = catalogue("en")
    for lang in LANGUAGES:
        table = catalogue(lang)
        assert sorted(table.keys() ^ english.keys()) == [], lang
        differ = [key for key in english if placeholders(english[key]) != placeholders(table[key])]
        assert differ == [], lang


def test_every_key_in_the_catalogue_is_used() -> None:
    """A key is used when the code names it, or names its prefix ("status_" + status)."""
    literals = {
        node.value
        for path in (ROOT / "src" / "emptychair").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    prefixes = tuple(text for text in literals if text.endswith("_") and text[:-1].isidentifier())
    keys = {key.split(".")[0] for key in catalogue("en")}  # "age.one": a plural form of "age"
    unused = [key for key in keys if key not in literals and not key.startswith(prefixes)]
    assert unused == []


@pytest.mark.parametrize(
    ("lang", "said", "unsaid"),
    [
        ("nl_NL.UTF-8",
         ["Gebruik: emptychair actions due", "Argumenten:", "Opties:", "Toon deze hulp en stop.", "[verplicht]",
          "Fout: Ontbrekend argument 'action'.", "Fout: Onbekende optie: --bogus",
          "Zie 'emptychair actions due --help' voor hulp."],
         ["Usage:", "Options:", "Arguments:", "Show this message and exit.", "Error:", "Missing argument",
          "No such option", "required", "Try '"]),
        ("en_GB.UTF-8",
         ["Usage: emptychair actions due", "Arguments:", "Options:", "Show this message and exit.",
          "Error: Missing argument 'action'.", "Error: No such option: --bogus"],
         ["Gebruik", "Opties", "Fout"]),
    ],
)  # fmt: skip
def test_help_and_usage_errors_speak_the_language_of_the_team(
    tmp_path: Path, lang: str, said: list[str], unsaid: list[str]
) -> None:
    shown = ""
    for args, code in ((["--help"], 0), (["--bogus"], 2), ([], 2)):
        done = emptychair(tmp_path, "actions", "due", *args, env={"LANG": lang})
        assert done.returncode == code, done.stderr
        shown += done.stdout + done.stderr
    for words in said:
        assert words in shown
    for words in unsaid:
        assert words not in shown


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl_NL.UTF-8", ["agenda.toml:1:9: Ongeldige waarde", "agenda.toml:1:7: Na een sleutel hoort een '='"]),
        ("en_GB.UTF-8", ["agenda.toml:1:9: Invalid value", "agenda.toml:1:7: Expected '=' after a key in a key/value pair"]),
    ],
)  # fmt: skip
def test_a_broken_file_is_named_with_tomls_reason_in_the_language(
    tmp_path: Path, lang: str, said: list[str]
) -> None:
    for text, expected in zip(("title = \n", 'title "x"\n'), said, strict=True):
        (tmp_path / "agenda.toml").write_text(text, "utf-8")
        done = emptychair(tmp_path, "agenda", "check", "agenda.toml", env={"LANG": lang})
        assert done.returncode == 2 and expected in done.stdout + done.stderr, done.stdout + done.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cldr_words_held_are_babels(lang: str) -> None:
    from babel import Locale

    assert tomllib.loads((ROOT / "src" / "emptychair" / "locale" / "cldr.toml").read_text("utf-8"))[lang]

    cldr = Locale(lang)
    for offset in range(7):  # a week of days, then each month
        on = date(2026, 11, 30) + timedelta(days=offset)
        assert day(lang, on).split()[0] == cldr.days["format"]["abbreviated"][on.weekday()]
    for month in range(1, 13):
        assert day(lang, date(2026, month, 1)).split()[2] == cldr.months["format"]["abbreviated"][month]
    rule = cldr.plural_form
    assert [plural_form(lang, n) for n in range(2000)] == [rule(n) for n in range(2000)]


def test_plural_rules_of_other_languages_count_as_babel_does() -> None:
    from babel import Locale

    for lang in ("pl", "fr", "cy", "ar", "ja", "de"):  # few, many, zero, two, only other, one
        rule = Locale(lang).plural_form
        assert [counted(rule.rules, n) for n in range(300)] == [rule(n) for n in range(300)]


def copied_locale(tmp_path: Path) -> ModuleType:
    """The locale module run from a copy of its folder: its parsed catalogues are kept there."""
    shutil.copytree(ROOT / "src" / "emptychair" / "locale", tmp_path / "locale",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    spec = importlib.util.spec_from_file_location("copied_locale", tmp_path / "locale" / "__init__.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The locale module of a copied folder, in a Python that writes its bytecode beside it."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    return copied_locale(tmp_path)


def test_a_catalogue_parsed_once_is_kept_and_read_back_while_the_file_stays(
    tmp_path: Path, copied: ModuleType
) -> None:
    path = tmp_path / "locale" / "nl.toml"
    parsed = tomllib.loads(path.read_text("utf-8"))
    assert copied._read("nl.toml") == parsed
    kept = tmp_path / "locale" / "__pycache__" / f"nl.toml.{sys.implementation.cache_tag}.marshal"
    assert marshal.loads(kept.read_bytes())[1] == parsed
    assert copied._read("nl.toml") == parsed  # read back from what was kept
    path.write_text(path.read_text("utf-8").replace("Bedoelde je", "Bedoelde u"), "utf-8")
    assert copied._read("nl.toml")["click"]["Did you mean"] == "Bedoelde u"  # the file changed
    for garbage in (b"", b"\x00garbage", marshal.dumps(((0, 0, 0, 0), {})), marshal.dumps([1, 2])):
        kept.write_bytes(garbage)
        assert copied._read("nl.toml")["click"]["Did you mean"] == "Bedoelde u"


def test_a_catalogue_is_parsed_every_time_where_nothing_can_be_kept(
    tmp_path: Path, copied: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(tmp_path / "locale" / "__pycache__", ignore_errors=True)  # the module's bytecode
    (tmp_path / "locale" / "__pycache__").write_text("a file where the folder would go", "utf-8")
    assert copied._read("en.toml") == tomllib.loads((tmp_path / "locale" / "en.toml").read_text("utf-8"))
    assert sorted(p.name for p in (tmp_path / "locale").iterdir() if "marshal" in p.name) == []
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))  # PYTHONPYCACHEPREFIX
    assert copied._read("en.toml")["markers"]["#action"] == "action"
    assert list((tmp_path / "prefix").rglob("en.toml.*.marshal"))
