from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from emptychair.core import minutes
from emptychair.core.minutes import Action, FollowUp
from emptychair.core.search import FILTERS, KINDS, STATES, parse_query

from .conftest import ROOT
from .exports import HOSTILE
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, monday, write
from .inprocess import emptychair, invoke


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    return home


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "minutes"
    write(
        path,
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,), answer="They must log in"),
        meeting(
            1,
            question="attention",
            answer="When the portal changes",
            followups=(FollowUp("it1bbb", monday(1), "done", note="FAQ fixed"),),
        ),
        meeting(
            2,
            question="irritates",
            answer="Slow answers to invoice mails",
            chair_actions=(Action("nw2ccc", "Answer invoice mails within a day", "Dewi"),),
            unreached="Budget",
        ),
    )
    return path


def cli(folder: Path, *args: str) -> str:
    result = invoke([*args, "--minutes", str(folder)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def as_json(folder: Path, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli(folder, *args, "--json"))
    assert data["version"] == 1
    return data


def test_minutes_list_json(folder: Path) -> None:
    rows = as_json(folder, "minutes", "list")["meetings"]
    assert rows == [
        {"id": "2026-11-09-weekly", "date": "2026-11-09", "started": "2026-11-09T09:00:00+01:00", "title": "Weekly",
         "team": "Support", "items": 2, "decisions": 1, "actions_new": 1, "actions_closed": 0, "chair_answers": 1},
        {"id": "2026-11-02-weekly", "date": "2026-11-02", "started": "2026-11-02T09:00:00+01:00", "title": "Weekly",
         "team": "Support", "items": 1, "decisions": 1, "actions_new": 0, "actions_closed": 1, "chair_answers": 1},
        {"id": "2026-10-26-weekly", "date": "2026-10-26", "started": "2026-10-26T09:00:00+01:00", "title": "Weekly",
         "team": "Support", "items": 1, "decisions": 1, "actions_new": 2, "actions_closed": 0, "chair_answers": 1},
    ]  # fmt: skip


def test_minutes_list_filters_and_text(folder: Path) -> None:
    def ids(*a: str) -> list[str]:
        return [r["id"] for r in as_json(folder, "minutes", "list", *a)["meetings"]]

    assert ids("--since", "2026-11-01", "--until", "2026-11-05") == ["2026-11-02-weekly"]
    assert ids("--team", "support") != [] and ids("--team", "sales") == []
    lines = cli(folder, "minutes", "list").splitlines()
    assert lines[0].split() == ["date", "meeting", "items", "decisions", "new", "closed", "chair", "id"]
    assert lines[1].split() == ["2026-11-09", "Weekly", "2", "1", "1", "0", "1", "2026-11-09-weekly"]


def test_show_renders_the_meeting_with_actions_as_they_stand(folder: Path) -> None:
    text = cli(folder, "minutes", "show", "2026-10-26")
    assert text.splitlines()[0] == "Weekly"
    assert "Support · Mon 26 Oct 2026, 09:00–09:45" in text
    assert "1. Feedback" in text and "9 of 10 min · Bram" in text
    assert "[it1bbb] Fix the FAQ — Anna · due Sun 1 Nov 2026 · done" in text
    assert "Which of our behaviours irritates our customer?" in text and "→ They must log in" in text
    assert "[ch1aaa] Send invoices by mail — Bram · open" in text
    later = cli(folder, "minutes", "show", "2026-11-02")
    assert "Follow-ups of earlier actions" in later and "Fix the FAQ — done · FAQ fixed" in later
    assert "Budget" in cli(folder, "minutes", "show") and "not reached" in cli(
        folder, "minutes", "show", "latest"
    )


def test_show_writes_to_a_pipe_the_lines_the_screen_shows_without_rich() -> None:
    """`minutes show | grep` finds what the screen shows: the same lines, for every kind of block and
    any text (markup, escapes, tabs, bidi and line breaks in it), written without loading rich."""
    from rich.console import Console

    from emptychair.core.document import Block, as_shown
    from emptychair.terminal.views import document_view

    said = HOSTILE + "\ttab\there  \nsecond line\r\nthird"
    kinds = ("title", "meta", "heading", "subheading", "quote", "text", "other")
    blocks = [Block(kind, said) for kind in kinds] + [
        Block("bullets", items=(said, "plain")),
        Block("heading"),
    ]
    screen = io.StringIO()
    Console(file=screen, width=40, highlight=False, emoji=False, color_system=None).print(
        document_view(blocks), soft_wrap=True
    )
    assert as_shown(blocks) == screen.getvalue()
    assert "\x1b" not in as_shown(blocks) and "\u202e" not in as_shown(blocks)


def test_a_page_is_the_same_text_through_a_pipe_as_on_the_screen() -> None:
    """stats writes a page (core/page.py): as plain text through a pipe, drawn by rich on a screen.
    Both show the same lines, hostile text made visible and columns aligned alike."""
    from rich.console import Console

    from emptychair.core.page import BLANK, Part, TextColumns, TextLine, as_text
    from emptychair.terminal.page import rich_page

    said = HOSTILE + "\ttab"
    cells = ((TextLine.of(said), TextLine.of("212")), (TextLine.of("Zoë"), TextLine.of("7", "muted")))
    page: list[Part] = [
        TextLine.of("meetings held: 53", "strong"),
        BLANK,
        TextColumns(("person", "actions"), cells, frozenset({1})),
        TextLine.of("2190-08 ").plus("  ● green", "green").plus(f" 3 {said}", "said").plus(" end  "),
    ]
    screen = io.StringIO()
    Console(file=screen, width=300, highlight=False, emoji=False, color_system=None).print(
        rich_page(page), soft_wrap=True
    )
    assert as_text(page) == screen.getvalue()
    assert "\x1b" not in as_text(page) and "\u202e" not in as_text(page)


@pytest.mark.parametrize(
    ("which", "message"),
    [("2026-01-01", "no meeting '2026-01-01'"), ("2026-11-0", "'2026-11-0' names 2 meetings: 2026-11-02-weekly, 2026-11-09-weekly"),
     ("2026-11-09-weakly", "no meeting '2026-11-09-weakly'; closest: 2026-11-09-weekly")],
)  # fmt: skip
def test_unknown_meetings_name_the_closest(folder: Path, which: str, message: str) -> None:
    result = invoke(["minutes", "show", which, "--minutes", str(folder)])
    assert result.exit_code == 2 and result.stderr.startswith(f"emptychair: {message}")


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_export_html_is_self_contained(folder: Path) -> None:
    page = Parsed()
    page.feed(cli(folder, "minutes", "export", "2026-10-26", "--format", "html"))
    assert page.tags[:4] == ["html", "head", "meta", "title"]
    assert page.links == [] and "link" not in page.tags and "script" not in page.tags
    assert page.tags.count("h2") == 2 and "blockquote" in page.tags
    text = "".join(page.text)
    assert "They must log in" in text and "[ch1aaa] Send invoices by mail — Bram · open" in text


def test_export_markdown_escapes_what_people_typed(tmp_path: Path) -> None:
    path = tmp_path / "m"
    write(path, meeting(0, answer="*not bold* <script>alert(1)</script> [x](y)"))
    text = cli(path, "minutes", "export")
    assert text.startswith("# Weekly\n")
    assert "## 1. Feedback" in text
    assert "\\*not bold\\* \\<script>alert(1)\\</script> [x\\](y)" in text  # only what Markdown would act on
    assert "> Which of our behaviours irritates our customer?" in text


def test_search_json_and_filters(folder: Path) -> None:
    hits = as_json(folder, "search", "invoice")["hits"]
    assert [(h["date"], h["kind"], h["text"]) for h in hits] == [
        ("2026-11-09", "action", "Answer invoice mails within a day"),
        ("2026-11-09", "chair", "Slow answers to invoice mails"),
        ("2026-10-26", "action", "Send invoices by mail"),
    ]
    assert hits[0] == {
        "meeting": "2026-11-09-weekly", "date": "2026-11-09", "kind": "action",
        "where": "Which of our behaviours irritates our customer?", "text": "Answer invoice mails within a day",
        "owner": "Dewi", "status": "open", "action": "nw2ccc",
    }  # fmt: skip

    def found(query: str) -> list[str]:
        return [h["text"] for h in as_json(folder, "search", *query.split())["hits"]]

    assert found("invoice @bram") == ["Send invoices by mail"]
    assert found("is:done") == ["Fix the FAQ"]
    assert found("invoice is:chair") == ["Slow answers to invoice mails"]
    assert found("mail until:2026-11-01") == ["Send invoices by mail"]
    assert found("since:2026-11-01 is:decision") == ["a decision", "a decision"]


def test_search_highlights_the_words(folder: Path) -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm", "COLUMNS": "200"}
    out = emptychair(Path.cwd(), "search", "invoice", "--minutes", str(folder), env=env).stdout
    assert "\x1b[1;7minvoice\x1b[0m" in out  # bold reverse
    assert out.count("\n") == 3


def test_bad_queries_are_one_line() -> None:
    for query, message in (
        ("is:later", "unknown filter 'is:later'"),
        ("since:monday", "'since:monday': since takes"),
    ):
        result = emptychair(Path.cwd(), "search", query, "--minutes", ".")
        assert result.returncode == 2 and result.stderr.startswith(f"emptychair: {message}")


def test_voice_json(folder: Path) -> None:
    answers = as_json(folder, "voice")["answers"]
    assert [(a["date"], a["question_id"], a["answer"]) for a in answers] == [
        ("2026-11-09", "irritates", "Slow answers to invoice mails"),
        ("2026-11-02", "attention", "When the portal changes"),
        ("2026-10-26", "irritates", "They must log in"),
    ]
    assert answers[2]["actions"] == [
        {"id": "ch1aaa", "text": "Send invoices by mail", "owner": "Bram", "status": "open"}
    ]
    text = cli(folder, "voice")
    first = text.index("Which of our behaviours irritates our customer?  (asked 2×)")
    assert first < text.index("Slow answers") < text.index("They must log in")
    assert "Does the customer feel that we value them?  (not asked yet)" in text


def test_stats_json(folder: Path) -> None:
    data = as_json(folder, "stats")
    assert (data["meetings"], data["first"], data["last"]) == (3, "2026-10-26", "2026-11-09")
    assert data["actions"]["all"] == {"created": 3, "closed": 1, "done": 1, "dropped": 0,
                                      "follow_through": 0.333, "median_days_to_close": 7.0}  # fmt: skip
    assert data["actions"]["chair"]["created"] == 2 and data["actions"]["chair"]["follow_through"] == 0.0
    assert data["actions"]["items"]["follow_through"] == 1.0
    assert data["months"] == [{"month": "2026-10", "meetings": 1, "created": 2, "closed": 0},
                              {"month": "2026-11", "meetings": 2, "created": 1, "closed": 1}]  # fmt: skip
    assert "from the chair" in cli(folder, "stats")


def test_cache_is_right_after_edit_add_and_delete(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = minutes.load_minutes

    def counting(text: str, source: str) -> minutes.Minutes:
        parsed.append(source)
        return real(text, source)

    monkeypatch.setattr(minutes, "load_minutes", counting)

    def answers() -> list[str]:
        return [a["answer"] for a in as_json(folder, "voice")["answers"]]

    assert len(answers()) == 3 and len(parsed) == 3
    assert len(answers()) == 3 and len(parsed) == 3  # nothing changed: nothing parsed
    path = folder / "2026-11-02-weekly.toml"
    path.write_text(path.read_text("utf-8").replace("When the portal changes", "Edited answer"), "utf-8")
    assert "Edited answer" in answers() and parsed[3:] == ["2026-11-02-weekly.toml"]
    write(folder, meeting(3, answer="Added later"))
    assert answers()[0] == "Added later"
    (folder / "2026-10-26-weekly.toml").unlink()
    assert answers() == ["Added later", "Slow answers to invoice mails", "Edited answer"]
    assert [a["id"] for a in as_json(folder, "actions", "--all")["actions"]] == ["nw2ccc"]


def test_an_unwritable_cache_is_not_needed(folder: Path, cache: Path) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the cache folder should be", "utf-8")
    assert len(as_json(folder, "minutes", "list")["meetings"]) == 3


def test_a_damaged_cache_is_rebuilt(folder: Path, cache: Path) -> None:
    as_json(folder, "minutes", "list")
    for path in cache.rglob("*"):
        if path.is_file():
            path.write_bytes(b"garbage")
    assert len(as_json(folder, "minutes", "list")["meetings"]) == 3


def loaded_by(folder: Path, commands: list[list[str]], prefixes: tuple[str, ...]) -> list[list[str]]:
    """The modules of `prefixes` loaded after each command: one new Python runs them one after the
    other, so each must be clean on its own (a module once loaded stays loaded)."""
    code = (
        "import json, sys; from emptychair.cli import main\n"
        f"for args in {[[*args, '--minutes', str(folder)] for args in commands]!r}:\n"
        "    try: main(args)\n"
        "    except SystemExit: pass\n"
        f"    print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    loaded = [json.loads(line) for line in out.splitlines() if line.startswith("[")]
    assert len(loaded) == len(commands), out
    return loaded


def test_read_commands_do_not_load_the_prompt_libraries(folder: Path) -> None:
    commands = [
        ["actions"],
        ["minutes", "list"],
        ["search", "mail"],
        ["voice"],
        ["stats"],
        ["prompts", "next"],
    ]
    assert loaded_by(folder, commands, ("questionary", "prompt_toolkit")) == [[]] * len(commands)


def test_read_commands_write_to_a_pipe_without_loading_rich(folder: Path) -> None:
    """Through a pipe their lines are plain: the some 20 ms rich takes to load would be a fifth of
    each call."""
    commands = [
        ["actions"],
        ["minutes", "list"],
        ["minutes", "show"],
        ["search", "mail"],
        ["stats"],
        ["voice"],
    ]
    assert loaded_by(folder, commands, ("rich",)) == [[]] * len(commands)


def test_voice_shows_ratings_as_a_trend(tmp_path: Path) -> None:
    path = tmp_path / "rated"
    write(path, meeting(0, answer="Slow", rating="red"), meeting(1, answer="Better", rating="amber"),
          meeting(2, answer="Good", rating="green"))  # fmt: skip
    assert [a["rating"] for a in as_json(path, "voice")["answers"]] == ["green", "amber", "red"]
    env = {"FORCE_COLOR": "1", "TERM": "xterm", "COLUMNS": "200", "XDG_CACHE_HOME": str(tmp_path / "c")}
    out = emptychair(tmp_path, "voice", "--minutes", str(path), env=env).stdout
    assert re.search(
        r"colours, oldest first: \S*\x1b\[31m● \S*\x1b\[33m● \S*\x1b\[32m● ", out
    )  # red, amber, green


def test_punctuation_alone_is_no_search_word() -> None:
    for query in ("-", "*", '"'):
        result = emptychair(Path.cwd(), "search", query, "--minutes", ".")
        assert result.returncode == 2 and result.stderr.startswith("emptychair: search needs words"), query


def test_an_owner_is_found_without_their_accents(tmp_path: Path) -> None:
    path = tmp_path / "minutes"
    write(path, meeting(0, actions=(Action("zo1aaa", "Call the bank", "Zoë"),)))
    assert [a["id"] for a in as_json(path, "actions", "--owner", "zoe")["actions"]] == ["zo1aaa"]
    assert [h["action"] for h in as_json(path, "search", "@zoe")["hits"]] == ["zo1aaa"]
    assert [h["action"] for h in as_json(path, "search", "@ZOË")["hits"]] == ["zo1aaa"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_is_filter_is_named_by_the_error_the_help_and_the_readme(language: str, tmp_path: Path) -> None:
    """One list of filters: what the parser takes is what its error, `search --help` and the README say."""
    (tmp_path / "agenda.toml").write_text(
        f'title = "W"\nlanguage = "{language}"\n[[items]]\ntitle = "A"\nminutes = 5\n', "utf-8"
    )
    refused = emptychair(tmp_path, "search", "is:customers")
    helped = " ".join(emptychair(tmp_path, "search", "--help", env={"COLUMNS": "300"}).stdout.split())
    for said in (refused.stderr, helped):
        assert [f for f in FILTERS if f not in said] == []
    for word in FILTERS:
        assert parse_query(word) is not None  # each one is taken
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"`is:{'|'.join(STATES)}`" in readme and f"`is:{'|'.join(KINDS)}`" in readme


def test_voice_through_a_pipe_keeps_its_lines_whole_and_names_a_missing_owner(tmp_path: Path) -> None:
    path = tmp_path / "minutes"
    long = "Send every customer who waited more than a week a personal mail with the invoice attached"
    write(path, meeting(0, answer="Slow", rating="red", chair_actions=(Action("ch1aaa", long, ""),)))
    out = emptychair(tmp_path, "voice", "--minutes", str(path)).stdout
    (line,) = [row for row in out.splitlines() if long in row]
    assert line.endswith("no owner yet · open [ch1aaa]")
