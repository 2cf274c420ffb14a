"""Nothing read from a file reaches the terminal raw: every field of every file kind, every command.

A team folder from someone else's clone puts escape sequences (a window title, a clipboard write,
clear screen, C1 CSI), bidi and zero-width characters and rich markup (`[/]`) in every field of
the agenda, the chair's question set, minutes, a follow-up file, a draft, and in file names. Every
command of the typer app is run on it, and `run` is driven through its real prompts to the
follow-up panel and the chair's recall.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.input import PipeInput
from rich.text import Text

from emptychair.cli import app
from emptychair.core.minutes import (
    Action,
    ChairRecord,
    FollowUp,
    ItemRecord,
    Minutes,
    Recognition,
    dump_minutes,
)
from emptychair.core.questions import Question
from emptychair.files.folder import Folder
from emptychair.terminal import panels
from emptychair.terminal.run import run_meeting
from emptychair.text import UNSAFE, visible

from .conftest import Clock, screen
from .history import monday
from .keys import ENTER
from .person import ANSI
from .test_docs import commands
from .test_readside import cli

OSC_TITLE, OSC_CLIPBOARD = "\x1b]0;owned\x07", "\x1b]52;c;ZXZpbA==\x07"
HIDDEN = "\u202e\u061c\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\u00ad\U000e0041"
EVIL = f"{OSC_TITLE}{OSC_CLIPBOARD}\x1b[2J\x9b31m{HIDDEN} [/] [bold]loud[/bold] :smile:"
NAME = EVIL.replace("/", "")  # the same, fit for a file name
UNSAFE_CHAR = re.compile(f"[{UNSAFE}]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours and bold a terminal run draws itself

ACTION_ID, CHAIR_ID, QUIET_ID = "k7q" + EVIL, "m2x" + EVIL, "p4z" + EVIL
ITEM_TITLE = "Docs for [/api] endpoints " + EVIL


def leaked(text: str) -> list[str]:
    """The characters of `text` that a terminal would act on, or not show, instead of showing them."""
    return sorted({f"U+{ord(c):04X}" for c in UNSAFE_CHAR.findall(text)})


def toml_str(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string with \u escapes is a TOML basic string


def hostile_minutes(week: int, *, title: str = EVIL, ids: tuple[str, str] = (ACTION_ID, CHAIR_ID)) -> Minutes:
    started = monday(week)
    due = started.date() + timedelta(days=3)
    return Minutes(
        title=title,
        date=started.date(),
        started=started,
        ended=started + timedelta(minutes=45),
        language="en",
        team=EVIL,
        present=("Anna", EVIL),
        guests=(EVIL,),
        absent=(EVIL + "absent",),
        items=(
            ItemRecord(
                ITEM_TITLE,
                10,
                12,
                EVIL,
                "done",
                (EVIL,),
                (EVIL,),
                ("https://x.test/" + EVIL,),
                (Action(ids[0], EVIL, EVIL, due),),
            ),
        ),
        chair=(
            ChairRecord("opening", "q1", EVIL, EVIL, EVIL, (Action(ids[1], EVIL, EVIL),), "red"),
            ChairRecord("after-item", EVIL, EVIL, EVIL, ITEM_TITLE),
        ),
        recognition=(Recognition(EVIL, EVIL),),
    )


def hostile_team(root: Path) -> Path:
    """An agenda, a question set, minutes, a follow-up file, drafts and file names, all hostile."""
    (root / "questions.toml").write_text(
        f"""schema = 1
language = "en"
name = {toml_str(EVIL)}
mode = "replace"
ground_rules = [{toml_str(EVIL)}]

[[questions]]
id = "q1"
theme = "standard"
text = {toml_str("Which behaviour irritates? " + EVIL)}
follow_up = {toml_str(EVIL)}
hint = {toml_str(EVIL)}
seed = {toml_str(EVIL)}

[[questions]]
id = {toml_str(EVIL)}
theme = {toml_str(EVIL)}
text = {toml_str(EVIL)}
follow_up = {toml_str(EVIL)}
""",
        "utf-8",
    )
    (root / "agenda.toml").write_text(
        f"""title = {toml_str(EVIL)}
team = {toml_str(EVIL)}
language = "en"
minutes_dir = "minutes"
attendees = ["Anna", {toml_str("Bram" + EVIL)}]

[chair]
opening = true
closing = false
recognition = false
themes = ["standard"]
questions = "questions.toml"

[[items]]
title = {toml_str(ITEM_TITLE)}
minutes = 10
presenter = {toml_str(EVIL)}
description = {toml_str(EVIL)}
chair_after = true
""",
        "utf-8",
    )
    (root / "bad-agenda.toml").write_text(f"title = 3\n{toml_str(EVIL)} = 1\n", "utf-8")
    minutes = root / "minutes"
    folder = Folder(minutes)
    folder.write_minutes(hostile_minutes(0))
    quiet = replace(hostile_minutes(1, ids=(QUIET_ID, "q9" + EVIL)), items=(), chair=())
    # a good meeting whose id (its file name) is hostile
    (minutes / f"2026-11-02-{NAME}.toml").write_text(dump_minutes(quiet), "utf-8")
    at = monday(1) + timedelta(days=1)
    folder.write_followups(
        (FollowUp(ACTION_ID, at, "open", owner=EVIL, due=date(2026, 12, 1), note=EVIL),), at
    )
    (minutes / f"2026-11-03-{NAME}.toml").write_text(f"title = {toml_str(EVIL)}\n[broken", "utf-8")
    (minutes / ".drafts" / f"2026-11-04T090000-{NAME}.toml").write_text(f"x = {toml_str(EVIL)}\n", "utf-8")
    hostile_feedback(root, minutes)
    hostile_proposals(minutes)
    return root


def hostile_proposals(minutes: Path) -> None:
    """Proposals and a revisit another clone could have written by hand: readable and hostile, and broken."""
    (minutes / "2026-11-07T090000-loud-aaaaaa.proposal.toml").write_text(
        f'schema = 1\nid = "pr0p0saa"\ntitle = {toml_str(EVIL)}\nat = 2026-11-07T09:00:00+01:00\n'
        f"by = {toml_str(EVIL)}\nnote = {toml_str(EVIL)}\n",
        "utf-8",
    )
    (minutes / f"2026-11-07T090001-{NAME}.proposal.toml").write_text(f"title = {toml_str(EVIL)}\n[", "utf-8")
    (minutes / "2026-11-08T090000-aaaaaa-0000.decision.toml").write_text(
        f"schema = 1\n\n[[revisits]]\ndecision = {toml_str(EVIL)}\nat = 2026-11-08T09:00:00+01:00\n"
        f"note = {toml_str(EVIL)}\n",
        "utf-8",
    )


def hostile_feedback(root: Path, minutes: Path) -> None:
    """A customer feedback export with hostile columns and cells, and feedback records another
    clone could have written by hand: a readable one and a broken one, both hostile."""
    (root / "export.csv").write_text(f'"{EVIL}",Comment,Score\n"{EVIL}","{EVIL}",9\n', "utf-8")
    item = f'id = {toml_str(EVIL)}\nscale = "nps"\nscore = "3"\ntitle = {toml_str(EVIL)}\ntext = {toml_str(EVIL)}'
    (minutes / "2026-11-05T090000-import-csv-aaaaaa.feedback.toml").write_text(
        f'schema = 1\nrecord = "import"\nformat = "generic"\nfile = {toml_str(EVIL)}\n'
        f"imported = 2026-11-05T09:00:00+01:00\n\n[[items]]\n{item}\nref = {toml_str(EVIL)}\n",
        "utf-8",
    )
    (minutes / f"2026-11-06T090000-{NAME}.feedback.toml").write_text(f"x = {toml_str(EVIL)}\n[", "utf-8")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder is a hostile team's."""
    monkeypatch.chdir(hostile_team(tmp_path))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    return tmp_path


# Every command, with arguments that reach what it prints from files.
RUNS: dict[str, list[tuple[str, ...]]] = {
    "init": [("init", "fresh")],
    "run": [("run",)],  # refused without a terminal here; driven through its prompts below
    "drafts": [("drafts",)],
    "agenda check": [("agenda", "check"), ("agenda", "check", "bad-agenda.toml")],
    "prompts list": [("prompts", "list")],
    "prompts check": [("prompts", "check", "questions.toml")],
    "prompts next": [("prompts", "next"), ("prompts", "next", "--json")],
    "actions": [("actions",), ("actions", "--all"), ("actions", "--json"), ("actions", "--owner", "an"), ("actions", "--ics"), ("actions", "--csv")],
    "actions push": [("actions", "push", "k7q")],  # no tracker named: one line
    "actions pull": [("actions", "pull")],
    "actions done": [("actions", "done", "k7q", "--note", "ok")],
    "actions drop": [("actions", "drop", "m2x", "--reason", "gone")],
    "actions reassign": [("actions", "reassign", "k7q", "an"), ("actions", "reassign", "k7q", "zoe")],
    "actions due": [("actions", "due", "k7q", "2026-12-24")],
    "actions reopen": [("actions", "drop", "k7q", "--reason", "x"), ("actions", "reopen", "k7q")],
    "minutes list": [("minutes", "list"), ("minutes", "list", "--json")],
    "minutes show": [("minutes", "show", "2026-10-26")],
    "minutes export": [("minutes", "export", "2026-10-26"), ("minutes", "export", "2026-10-26", "--format", "html")],
    "search": [("search", "loud"), ("search", "loud", "--json")],
    "voice": [("voice",), ("voice", "--json"), ("voice", "--all")],
    "stats": [("stats",), ("stats", "--json"), ("stats", "--all")],
    "db": [("db",)],  # prints the database's path: the cache folder's, nothing from a file
    "screen": [("screen",)],  # refused without a terminal here; drawn in a terminal in test_screen
    "digest": [("digest",), ("digest", "--format", "md"), ("digest", "--format", "html"), ("digest", "--since", "2026-01-01"), ("digest", "--mail", "--to-dir", "mail")],
    "sync": [("sync",)],  # not a git repository here: one line naming the folder
    "feedback import": [("feedback", "import", "export.csv"), ("feedback", "import", "export.csv", "--text", "Comment"),
                        ("feedback",), ("feedback", "--json")],
    "feedback review": [("feedback", "review")],  # refused without a terminal here
    "propose": [("propose", "loud", "--by", EVIL, "--note", EVIL)],
    "proposals": [("proposals",), ("proposals", "--all"), ("proposals", "--json")],
    "decisions revisit": [("decisions",), ("decisions", "--json"), ("decisions", "revisit", "q9" + EVIL, "--note", EVIL)],
}  # fmt: skip


def test_every_command_is_tried() -> None:
    assert sorted(set(commands(app)) | {"actions"}) == sorted(RUNS)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_nothing_from_a_file_reaches_the_output_raw(hostile: Path, name: str) -> None:
    for args in RUNS[name]:
        code, out, err = cli(*args)
        if "--ics" in args or "--csv" in args:
            out = out.replace("\r\n", "\n")  # RFC 5545 and 4180 end lines so; a lone CR would still count
        if "--csv" in args:
            out = out.removeprefix("\ufeff")  # the byte order mark that makes a spreadsheet read UTF-8
        assert leaked(out) == [] and leaked(err) == [], args
        assert "Traceback" not in err and "MarkupError" not in err, args
        assert code in (0, 2), (args, err)
        if args[0] != "run":  # the others reach what they print: the file problems at least
            assert out or err, args


def test_escapes_are_shown_and_markup_is_not_applied(hostile: Path) -> None:
    code, out, err = cli("minutes", "show", "2026-10-26")
    assert code == 0
    assert "␛]0;owned␇␛]52;c;ZXZpbA==␇␛[2J<U+009B>31m<U+202E><U+061C><U+200B><U+200C><U+200D>" in out
    assert "Docs for [/api] endpoints" in out and "[bold]loud[/bold]" in out and ":smile:" in out
    assert f"skipped: 2026-11-03-{visible(NAME)}.toml:" in err  # a file name is escaped too


def test_drafts_names_a_hostile_file_visibly(hostile: Path) -> None:
    _, out, _ = cli("drafts")
    assert f"2026-11-04T090000-{visible(NAME)}.toml" in out


def test_json_keeps_every_text_exact(hostile: Path) -> None:
    import json

    _, out, _ = cli("actions", "--json", "--all")
    assert leaked(out) == []
    ids = {a["id"]: a for a in json.loads(out)["actions"]}
    assert set(ids) == {ACTION_ID, CHAIR_ID}
    assert ids[ACTION_ID]["text"] == EVIL and ids[ACTION_ID]["owner"] == EVIL  # the follow-up's owner


def test_run_shows_follow_ups_and_the_chairs_recall_escaped(hostile: Path, keys: PipeInput) -> None:
    """Through the real prompts: attendance, each follow-up passed over, the chair's opening with
    what the team said last time, the item, the chair after the item (titled with it), the summary."""
    # the proposal waiting: none taken, kept; each follow-up passed over (the Enter after: by habit); an empty item: Enter twice
    keys.send_text(ENTER + ENTER + ENTER + ENTER + "pp" + ENTER + ENTER + ENTER + ENTER + ENTER)
    keys.close()
    out, shown = screen()
    err, warned = screen()
    written = run_meeting(hostile / "agenda.toml", out, err, clock=Clock(monday(3)))
    assert written is not None
    said = shown.getvalue() + warned.getvalue()
    assert leaked(said) == []
    assert "Open actions: 2" in said and "[k7q␛]0;owned␇" in said  # each open action, its id escaped
    assert "2/2 " in said  # each passed over, named
    assert said.count("On Mon 26 Oct 2026 we answered") == 2  # the chair's recall, twice
    assert "🪑  after “Docs for [/api] endpoints ␛]0;owned␇" in said  # the item's title as the title
    assert "Docs for [/api] endpoints" in said and "[bold]loud[/bold]" in said
    assert "skipped: \n2026-11-03-␛]0;owned␇" in said  # wrapped at the console width


TERMINAL_RUNS = [("actions",), ("actions", "--all"), ("search", "loud"), ("voice",), ("stats",),
                 ("minutes", "show", "2026-10-26"), ("drafts",)]  # fmt: skip


@pytest.mark.parametrize("args", TERMINAL_RUNS)
def test_on_a_terminal_only_our_own_styles_are_sent(hostile: Path, args: tuple[str, ...]) -> None:
    exe = Path(sys.executable).with_name("emptychair")
    env = {**os.environ, "TERM": "xterm-256color", "PAGER": "cat", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    raw, status = pexpect.run(
        str(exe), args=list(args), cwd=str(hostile), env=env, withexitstatus=True, timeout=20
    )
    said = raw.decode("utf-8").replace("\r\n", "\n")  # the terminal's own line ends
    assert status == 0, said
    assert leaked(SGR.sub("", said)) == []


def test_visible_replaces_every_control_and_format_character() -> None:
    kinds = {"Cc", "Cf", "Zl", "Zp", "Cs"}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in kinds and char not in "\n\t":
            assert visible(char) != char, f"U+{code:04X}"
    assert visible("a\tb\nc") == "a\tb\nc"


@pytest.mark.parametrize(
    "kept",
    ["👩\u200d💻", "❤\ufe0f\u200d🔥", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"],
)
def test_emoji_sequences_stay_whole(kept: str) -> None:
    assert visible(kept) == kept


def test_a_joiner_between_letters_is_shown() -> None:
    assert visible("pay\u200dpal") == "pay<U+200D>pal"


def test_a_markup_title_is_text_in_every_panel(hostile: Path) -> None:
    out, shown = screen()
    question = Question("q1", "standard", "[/]", "[/]", hint="[/]")
    out.print(panels.chair_panel("en", question, "after " + ITEM_TITLE))
    out.print(panels.chair_follow_up("en", question))
    out.print(Text(visible(ITEM_TITLE)))
    assert "after Docs for [/api] endpoints" in shown.getvalue()


# What reaches a terminal raw from a prompt: a bell, a backspace, the C1 CSI, a bidi override, a zero-width
# space, delete and a line separator, each after a word of its own so that it is found where it went.
CONTROLS = "Bel\x07Bs\x08Csi\x9bRlo\u202eZw\u200bDel\x7fLs\u2028End"


def test_prompt_choices_and_what_is_typed_reach_the_terminal_as_text(tmp_path: Path) -> None:
    """Through `run` in a terminal: an unreached item's title from the minutes in the carry-over
    checkbox, a name from the agenda in the attendance checkbox and the line after it, and a line
    typed (pasted) into a prompt."""
    import io
    import json

    from .history import meeting, write
    from .person import spawn

    (tmp_path / "agenda.toml").write_text(
        f'title = "Weekly"\nlanguage = "en"\nattendees = ["Anna", {json.dumps("Name" + CONTROLS)}]\n\n'
        '[chair]\nopening = false\nclosing = false\nrecognition = false\n\n[[items]]\ntitle = "Round"\nminutes = 5\n',
        "utf-8",
    )
    write(tmp_path / "minutes", meeting(0, unreached="Item" + CONTROLS))
    child = spawn(tmp_path)
    child.logfile_read = io.StringIO()  # everything the terminal was sent
    child.expect("did not reach")
    child.send(ENTER)
    child.expect("Who is present")
    child.send(ENTER)
    child.expect("Guests")
    pasted = "GuestCsi\x9bRlo\u202eZw\u200bLs\u2028End"  # as keys, BEL rings and BS and DEL erase
    child.send(pasted)
    child.expect("End")
    said = child.logfile_read.getvalue()
    child.terminate(force=True)
    for char in "\x07\x9b\u202e\u200b\x7f\u2028":
        assert char not in said, f"U+{ord(char):04X}"
    for where in ("Item", "Name"):
        assert f"{where}Bel␇Bs" in said and f"{where}Bs\x08" not in said  # prompt_toolkit moves back with BS
    plain = ANSI.sub("", said)
    for where in ("Item", "Name"):
        assert f"{where}{visible(CONTROLS)}" in plain, where
    assert f"✓ Who is present? Anna, Name{visible(CONTROLS)}" in plain  # what was ticked, said after
    assert visible(pasted) in plain  # the line as typed, shown as text
