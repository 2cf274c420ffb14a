"""One language per team: every command in a Dutch folder speaks Dutch, in an English one English,
whatever the user's locale; and a third language is data plus one line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest
import tomli_w

from emptychair.core.minutes import Action, ChairRecord, FollowUp, ItemRecord, Minutes, Recognition
from emptychair.files.folder import Folder
from emptychair.locale import LANGUAGES, catalogue, day, marker_words, markers, table, tr

from .conftest import CET, ROOT
from .inprocess import emptychair

TEXTS = {
    "nl": ("Klantfeedback", "Facturen per mail sturen", "Ze moeten inloggen", "belde een klant terug"),
    "en": ("Customer feedback", "Send invoices by mail", "They must log in", "called a customer back"),
}
QUESTION = {
    "nl": "Aan welk gedrag van ons irriteert onze klant zich?",
    "en": "Which of our behaviours irritates our customer?",
}


def team(root: Path, lang: str) -> Path:
    """A team folder made by `init --lang`, with two meetings: an action, a chair answer, a recognition."""
    run(root, lang, "init", "--lang", lang, str(root / "team"))
    folder = root / "team"
    item, action, answer, praise = TEXTS[lang]
    for week in (0, 1):
        started = datetime(2026, 11, 16 + 7 * week, 9, 0, tzinfo=CET)
        actions = (Action(f"ac{week}aaa", action, "Bram", date(2026, 11, 27)),)
        Folder(folder / "minutes").write_minutes(
            Minutes(
                title="Teamoverleg" if lang == "nl" else "Team meeting",
                date=started.date(),
                started=started,
                ended=started.replace(hour=10),
                language=lang,
                team="Ons team" if lang == "nl" else "Our team",
                present=("Anna", "Bram"),
                items=(ItemRecord(item, 10, 12, "Anna", "done", (answer,), (answer,), (), actions),),
                chair=(ChairRecord("opening", "irritates", QUESTION[lang], answer, rating="amber"),),
                recognition=(Recognition("Anna", praise),),
                followups=(FollowUp("ac0aaa", started, "done", note=praise),) if week else (),
            )
        )
    return folder


def run(cwd: Path, locale_of: str, *args: str) -> str:
    """The command in `cwd`, with the user's locale in the OTHER language than the team's. In this
    process: the language comes from the folder and the locale, both given to it here."""
    other = {"nl": "en_GB.UTF-8", "en": "nl_NL.UTF-8"}[locale_of]
    env = {"LANG": other, "XDG_CACHE_HOME": str(cwd / ".cache"), "COLUMNS": "200"}
    done = emptychair(cwd, *args, env=env)
    assert done.returncode in (0, 2), done.stderr
    return done.stdout + done.stderr


COMMANDS = [
    ["actions"],
    ["actions", "--all"],
    ["actions", "--overdue"],
    ["actions", "--owner", "Bra"],
    ["actions", "--json"],
    ["actions", "due", "ac1", "2026-12-04"],
    ["actions", "reassign", "ac1", "Anna"],
    ["actions", "done", "zzz"],  # refused: no such action
    ["minutes", "list"],
    ["minutes", "show"],
    ["minutes", "show", "1999-01-01"],  # refused: no such meeting
    ["minutes", "export"],
    ["minutes", "export", "--format", "html"],
    ["search", "Bram"],
    ["search", "is:recognition"],
    ["search", "is:nothing"],  # refused: unknown filter
    ["search", "nowhere-to-be-found"],
    ["voice"],
    ["stats"],
    ["drafts"],
    ["agenda", "check"],
    ["prompts", "list"],
    ["init"],  # refused: the agenda is there
    ["--help"],
    ["actions", "--help"],
    ["minutes", "list", "--help"],
]
WEEKDAYS = {"en": r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", "nl": r"\b(ma|di|wo|do|vr|za|zo) \d"}
MONTHS = {"en": r"\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", "nl": r"\d (mrt|mei|okt)\b"}
# Click's own words around the help texts are not in our catalogues.
CLICK = ("Show this message and exit.", "Usage:", "Options:", "Commands:", "Arguments:")


def foreign(lang: str) -> list[str]:
    """Texts of the other language's catalogue that this language does not share."""
    other = "en" if lang == "nl" else "nl"
    own, theirs = catalogue(lang), catalogue(other)
    texts = [text for key, text in theirs.items() if text != own[key]]
    texts += [text for key, text in table(other, "help").items() if text != table(lang, "help")[key]]
    parts = [part.strip(" .,:;()·") for text in texts for part in re.split(r"\{[^}]*\}", text)]
    # phrases: a single word may be a command's or a field's name, the same in every language
    return [part for part in parts if " " in part and len(part) > 6]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_command_speaks_the_teams_language(tmp_path: Path, lang: str) -> None:
    folder = team(tmp_path, lang)
    leaks = foreign(lang)
    other = "en" if lang == "nl" else "nl"
    seen = []
    for args in COMMANDS:
        said = run(folder, lang, *args)
        if "--json" in args:  # field names are for scripts, the same in every language
            assert said.startswith("{")
            continue
        for word in CLICK:
            said = said.replace(word, "")
        said = re.sub(r"\bis:\w+", "", said)  # the search syntax is the same in every language
        if args == ["prompts", "list"]:  # question and theme ids, as agendas name them
            said = re.sub(r"(?m)^  \w+ |\(\w+\)$", "", said)
        found = [text for text in leaks if text in said]
        found += re.findall(WEEKDAYS[other], said) + re.findall(MONTHS[other], said)
        assert found == [], (args, said)
        seen.append(said)
    everything = "\n".join(seen)
    expected = {
        "nl": ["vr 27 nov 2026", "Voorbeeldgedrag voor een klant, per maand", "De vier vaste vragen",
               "Leid het wekelijkse teamoverleg", "bestaat al", "oranje", "actiehouder", "open sinds"],
        "en": ["Fri 27 Nov 2026", "Exemplary work for a customer, per month", "The four standard questions",
               "Run the weekly team meeting", "already exists", "amber", "owner"],
    }[lang]  # fmt: skip
    assert [text for text in expected if text not in everything] == []


def test_the_agenda_beside_the_minutes_names_the_language_from_anywhere(tmp_path: Path) -> None:
    folder = team(tmp_path, "nl")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    minutes = str(folder / "minutes")
    assert "vr 27 nov 2026" in run(elsewhere, "nl", "actions", "--minutes", minutes)
    assert run(elsewhere, "nl", "search", "nergens", "--minutes", minutes) == "niets gevonden\n"
    refused = run(elsewhere, "nl", "minutes", "show", "1999-01-01", "--minutes", minutes)
    assert refused == "emptychair: geen overleg '1999-01-01'\n"
    checked = run(elsewhere, "nl", "agenda", "check", str(folder / "agenda.toml"))
    assert checked.startswith("ok\nvolgende vraag: ")  # what the chair asks next, in the team's language


def test_init_on_a_team_folder_keeps_it_and_says_how_to_switch(tmp_path: Path) -> None:
    folder = team(tmp_path, "nl")
    before = (folder / "agenda.toml").read_bytes()
    said = run(tmp_path, "nl", "init", "--lang", "en", str(folder))
    assert said == (
        f"emptychair: {folder / 'agenda.toml'} already exists and its meetings are in Dutch; "
        'to switch, set language = "en" in it\n'
    )
    (tmp_path / "en").mkdir()
    said = run(tmp_path, "en", "init", "--lang", "nl", str(team(tmp_path / "en", "en")))
    assert "bestaat al en het overleg gaat daar in het Engels" in said
    assert (folder / "agenda.toml").read_bytes() == before


def test_a_dutch_team_says_its_dates_counts_and_colours_in_dutch() -> None:
    assert day("nl", date(2026, 11, 23)) == "ma 23 nov 2026"
    assert day("en", date(2026, 11, 27)) == "Fri 27 Nov 2026"
    assert tr("nl", "n_items", count=1) == "1 punt"
    assert tr("nl", "n_items", count=3) == "3 punten"
    assert tr("en", "n_items", count=1) == "1 item"
    assert tr("nl", "age", count=2) == "al 2 overleggen open"
    assert tr("nl", "rating_amber") == "oranje"


def test_the_meetings_own_markers_come_first_and_both_languages_work() -> None:
    dutch = markers("nl")
    assert dutch[:3] == ("#actie", "#besluit", "#info") and "#terug" in dutch
    assert set(markers("en")) == set(dutch)  # both languages' words work in every meeting
    assert markers("en")[0] == "#action"
    assert marker_words("nl", "due") == ("voor:", "due:")
    assert marker_words("en", "undo") == ("#undo", "#schrap")
    assert marker_words("nl", "back") == ("#terug", "#vorige", "#back")  # "terug" is back, not undo
    # the help line under an item names the meeting's own words
    shown = tr("nl", "item_help")
    assert all(word in dutch for word in re.findall(r"#\w+|\w+:", shown) if word.startswith("#"))
    assert "voor:" in shown and "#undo" not in shown


def test_the_help_table_covers_every_command_and_option() -> None:
    import typer.main

    from emptychair.cli import app

    wanted = []

    def walk(command: object, path: str) -> None:
        wanted.append(path or "emptychair")
        for param in getattr(command, "params", []):
            name = param.opts[0] if param.param_type_name == "option" else param.name
            if name != "--help":
                wanted.append(f"{path} {name}".strip())
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    for lang in ("en", "nl"):
        texts = table(lang, "help")
        missing = [key for key in wanted if key not in texts and key.split(" ")[-1] not in texts]
        assert missing == [], lang
    assert table("en", "help").keys() == table("nl", "help").keys()
    assert {*table("en", "markers").values()} == {*table("nl", "markers").values()}


def test_a_third_language_is_its_data_files_and_one_line(tmp_path: Path) -> None:
    """German, made here: the catalogue (a few words translated, the rest kept), its question set and
    starter agenda, and its code in LANGUAGES. Babel brings the dates and plural rules."""
    shutil.copytree(ROOT / "src" / "emptychair", tmp_path / "src" / "emptychair")
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    home = tmp_path / "src" / "emptychair"
    data = tomllib.loads((home / "locale" / "en.toml").read_text("utf-8"))
    data |= {"no_hits": "nichts gefunden", "due": "fällig {date}", "col_owner": "zuständig"}
    data["n_lines"] = {"one": "1 Zeile", "other": "{count} Zeilen"}
    data["markers"] = {"#aufgabe": "action", "#beschluss": "decision", "bis:": "due"}
    (home / "locale" / "de.toml").write_text(tomli_w.dumps(data), "utf-8")
    for folder in (tmp_path / "prompts", home / "starter"):
        english = (folder / "en.toml").read_text("utf-8")
        (folder / "de.toml").write_text(english.replace('language = "en"', 'language = "de"'), "utf-8")
    code = (home / "locale" / "__init__.py").read_text("utf-8")
    assert code.count('LANGUAGES = ("en", "nl")') == 1
    (home / "locale" / "__init__.py").write_text(code.replace('("en", "nl")', '("en", "nl", "de")'), "utf-8")

    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": str(tmp_path / "src"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "200"}  # fmt: skip

    def said(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "emptychair", *args], cwd=tmp_path / "team",
                              env=env, capture_output=True, text=True)  # fmt: skip
        assert done.returncode in (0, 2), done.stderr
        return done.stdout + done.stderr

    (tmp_path / "team").mkdir()
    said("init", "--lang", "de")
    assert tomllib.loads((tmp_path / "team" / "agenda.toml").read_text("utf-8"))["language"] == "de"
    started = datetime(2026, 11, 23, 9, 0, tzinfo=CET)
    action = Action("ab1ccc", "Rechnungen per Mail", "Bram", date(2026, 11, 27))
    Folder(tmp_path / "team" / "minutes").write_minutes(
        Minutes(
            title="Team",
            date=started.date(),
            started=started,
            ended=started,
            language="de",
            present=("Bram",),
            items=(ItemRecord("Punkt", 10, 10, actions=(action,)),),
        )
    )
    listing = said("actions")
    assert "zuständig" in listing and "Fr. 27 Nov. 2026" in listing and "Mo. 23 Nov. 2026" in listing
    assert said("search", "nirgends") == "nichts gefunden\n"
    assert "fällig Mo. 30 Nov. 2026" in said("actions", "due", "ab1", "2026-11-30")


def test_a_dutch_meeting_offers_its_own_words_first_and_takes_them() -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from emptychair.core.line import Command, Entry, read_line
    from emptychair.terminal.meeting_ui import LineCompleter

    def offered(lang: str, typed: str) -> list[str]:
        found = LineCompleter(["Bram"], lang).get_completions(Document(typed), CompleteEvent())
        return [c.text for c in found]

    assert offered("nl", "#")[:3] == ["#actie", "#besluit", "#info"]
    assert offered("en", "#")[:3] == ["#action", "#agreed", "#decision"]
    assert offered("nl", "#t") == ["#terug", "#ticket", "#topic"]  # its own first, then the other
    assert offered("nl", "voor:")[0] == "voor:vandaag" and "voor:volgende week vrijdag" in offered(
        "nl", "voor:"
    )
    assert offered("en", "due:")[0] == "due:today"
    today = lambda: date(2026, 11, 23)  # noqa: E731
    assert read_line("#schrap", (), today) is Command.UNDO and read_line("#undo", (), today) is Command.UNDO
    assert read_line("#terug", (), today) is Command.BACK and read_line("#vorige", (), today) is Command.BACK
    entry = read_line("#actie offerte sturen voor:vrijdag", ("Bram",), today)
    assert isinstance(entry, Entry) and (entry.kind, entry.due) == ("action", date(2026, 11, 27))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_has_examples_and_its_help_ends_with_them(lang: str) -> None:
    import typer.main

    from emptychair.cli import app

    paths: list[str] = []

    def walk(command: object, path: str) -> None:
        paths.append(path or "emptychair")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    examples = table(lang, "examples")
    assert sorted(set(paths) - set(examples)) == []
    assert sorted(set(examples) - set(paths)) == []  # no examples of a command that is gone
    env = {**os.environ, "LANG": "nl_NL.UTF-8" if lang == "nl" else "en_GB.UTF-8", "LC_ALL": ""}
    shown = subprocess.run([sys.executable, "-m", "emptychair", "actions", "due", "--help"],
                           capture_output=True, text=True, env=env, cwd="/").stdout  # fmt: skip
    last = examples["actions due"].splitlines()[-1]
    assert shown.rstrip().endswith(last)


ELSEWHERE = [[*args] for args in COMMANDS if args != ["init"]] + [
    ["digest"],
    ["feedback"],
    ["actions", "pull"],  # refused: no tracker named
    ["actions", "reassign", "ac1", "Zoë"],  # a new name, said so
    ["actions", "--ics-file", "/nonexistent/due.ics"],  # refused: cannot write
]
NO_FOLDER = [["agenda", "check"], ["prompts", "list"], ["--help"]]


@pytest.mark.parametrize("how", ["variable", "option"])
def test_a_dutch_teams_folder_speaks_dutch_from_an_empty_folder_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from .test_readside import cli

    minutes = team(tmp_path, "nl") / "minutes"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for name in ("LC_ALL", "LC_MESSAGES", "EMPTYCHAIR_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    monkeypatch.setenv("COLUMNS", "200")
    if how == "variable":
        monkeypatch.setenv("EMPTYCHAIR_MINUTES", str(minutes))
    leaks = foreign("nl")
    seen = []
    for args in ELSEWHERE:
        if how == "option":
            if args in NO_FOLDER:
                continue  # no --minutes: these know the team from the variable or agenda.toml here
            args = [*args, "--minutes", str(minutes)]
        code, out, err = cli(*args)
        assert code in (0, 2), (args, err)
        said = out + err
        if "--json" in args:
            assert said.startswith("{")
            continue
        for word in CLICK:
            said = said.replace(word, "")
        said = re.sub(r"\bis:\w+", "", said)
        if args[:2] == ["prompts", "list"]:
            said = re.sub(r"(?m)^  \w+ |\(\w+\)$", "", said)
        found = [text for text in leaks if text in said]
        found += re.findall(WEEKDAYS["en"], said) + re.findall(MONTHS["en"], said)
        assert found == [], (args, said)
        seen.append(said)
    everything = "\n".join(seen)
    expected = [
        "vr 27 nov 2026",
        "Voorbeeldgedrag voor een klant, per maand",
        "oranje",
        "actiehouder",
        "open sinds",
        "niets gevonden",
        "geen overleg '1999-01-01'",
        "Toon open acties: id, tekst",
    ]
    if how == "variable":
        expected += ["De vier vaste vragen", "Leid het wekelijkse teamoverleg"]  # fmt: skip
    assert [text for text in expected if text not in everything] == []
