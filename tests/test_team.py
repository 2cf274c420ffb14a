"""Who is who beyond the meeting ([people], [tracker], [chat], [mail] in the agenda), the links of
pushed actions as records, and `actions --csv`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from emptychair.core.ledger import build
from emptychair.core.minutes import Action, FollowUp, load_followups
from emptychair.core.reach import Person, Target, parse_target
from emptychair.files.config import load_agenda
from emptychair.files.folder import Folder
from emptychair.files.readmodel import open_library

from .history import ITEM_ACTION, meeting, monday, write
from .test_readside import cli

BASE = """
title = "Weekly"
attendees = ["Anna", "Bram"]

[[items]]
title = "Feedback"
minutes = 10
"""

REACH = """
[people]
Bram = { github = "bvdb", gitlab = "bram.vdb", email = "Bram van Dam <bram@example.org>" }
"Zoë de Wit" = { email = "zoe@example.org" }

[tracker]
to = "gitlab:acme/support/desk"
pull = true
push = "ask"

[chat]
webhook = "https://hooks.example.org/services/T0/B0/secret"
post = true

[mail]
smtp = "smtp.example.org:587"
from = "Support team <support@example.org>"
"""


def agenda_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "agenda.toml"
    path.write_text(BASE + text, "utf-8")
    return path


def test_the_agenda_says_who_is_who_and_where_things_go(tmp_path: Path) -> None:
    reach = load_agenda(agenda_file(tmp_path, REACH)).reach
    assert reach.people == (
        Person("Bram", "bvdb", "bram.vdb", "Bram van Dam <bram@example.org>"),
        Person("Zoë de Wit", email="zoe@example.org"),
    )
    assert reach.person("zoe DE wit") == reach.people[1] and reach.person("Chris") is None
    assert reach.tracker == Target("gitlab", "acme/support/desk") and reach.pull and reach.push == "ask"
    assert reach.webhook.endswith("/secret") and reach.post
    assert (reach.smtp, reach.sender) == ("smtp.example.org:587", "Support team <support@example.org>")


def test_an_agenda_without_them_reaches_nowhere(tmp_path: Path) -> None:
    reach = load_agenda(agenda_file(tmp_path, "")).reach
    assert (reach.people, reach.tracker, reach.pull, reach.push, reach.webhook, reach.post) == (
        (),
        None,
        False,
        "marked",
        "",
        False,
    )


def test_agenda_check_names_every_problem_and_never_the_webhook(tmp_path: Path) -> None:
    bad = """
[people]
Bram = { github = "-bvdb", email = "not an address", phone = "06" }
bram = "bvdb"

[tracker]
pull = true
push = "always"

[chat]
webhook = "hooks.example.org/secret-token"

[mail]
smtp = "smtp.example.org"
from = "nobody"
"""
    path = agenda_file(tmp_path, bad)
    code, out, _ = cli("agenda", "check", str(path))
    said = out.replace(f"{path}: ", "").splitlines()
    assert code == 2
    assert sorted(said) == [
        "chat.webhook: expected the webhook's address, starting with https://",
        "mail.from: expected a mail address like \"bram@example.org\", got 'nobody'",
        "mail.smtp: expected the mail server as host:port, like \"smtp.example.org:587\", got 'smtp.example.org'",
        "people.Bram.email: expected a mail address like \"bram@example.org\", got 'not an address'",
        "people.Bram.github: not a GitHub login (letters, digits and single hyphens): '-bvdb'",
        "people.Bram.phone: unknown key; known keys: github, gitlab, email",
        'people.bram: expected a table like Bram = { github = "bvdb", email = "bram@example.org" }',
        "tracker.push: expected one of marked, ask, got 'always'",
        'tracker.to: pull and push need a tracker: add to = "github:OWNER/REPO" (or gitlab:GROUP/PROJECT)',
    ]
    assert "secret-token" not in out


def test_agenda_check_speaks_dutch_about_them(tmp_path: Path) -> None:
    path = agenda_file(tmp_path, '[tracker]\nto = "jira:ACME"\n')
    path.write_text('language = "nl"\n' + path.read_text("utf-8"), "utf-8")
    code, out, _ = cli("agenda", "check", str(path))
    assert code == 2 and 'tracker.to: hier hoort een tracker zoals "github:EIGENAAR/REPO"' in out


@pytest.mark.parametrize(
    ("said", "target"),
    [
        ("github:acme/support", Target("github", "acme/support")),
        ("github:acme/support.web", Target("github", "acme/support.web")),
        ("gitlab:acme/desk", Target("gitlab", "acme/desk")),
        ("gitlab:acme/support/desk/", Target("gitlab", "acme/support/desk")),
    ],
)
def test_trackers_are_named_kind_and_path(said: str, target: Target) -> None:
    assert parse_target(said) == target and str(target) == said.rstrip("/")


@pytest.mark.parametrize(
    "said", ["github:acme", "github:a/b/c", "jira:ACME", "acme/support", "gitlab:acme", "github:a b/c"]
)
def test_what_is_no_tracker_is_refused(said: str) -> None:
    with pytest.raises(Exception, match="is no tracker"):
        parse_target(said)


def test_a_link_changes_neither_status_owner_nor_due_in_both_derivations(tmp_path: Path) -> None:
    """The ledger from the files and the read model's stored rows agree on what a link record does."""
    folder = tmp_path / "minutes"
    write(folder, meeting(0, actions=(ITEM_ACTION, Action("cl2ddd", "Closed one", "Bram"))))
    at = monday(1)
    Folder(folder).write_followups((FollowUp("cl2ddd", at, "done", note="sent"),), at)
    link = "https://github.com/acme/support/issues/7"
    # written later, by a clone that still saw both open: it must not reopen the closed one
    later = at + timedelta(hours=1)
    Folder(folder).write_followups(
        (FollowUp("it1bbb", later, "open", link=link), FollowUp("cl2ddd", later, "open", link=link + "8")),
        later,
    )
    stored = {t.action.id: t for t in open_library(folder).ledger.actions}
    loose = [
        f
        for p in sorted(folder.glob("*.followup.toml"))
        for f in load_followups(p.read_text("utf-8"), p.name)
    ]
    from emptychair.core.minutes import load_minutes

    (path,) = folder.glob("2026-*-weekly.toml")
    built = {
        t.action.id: t
        for t in build([(path.stem, load_minutes(path.read_text("utf-8"), path.name))], loose).actions
    }
    for found in (stored, built):
        assert found["it1bbb"].action == ITEM_ACTION and found["it1bbb"].link == link
        assert found["cl2ddd"].action.status == "done" and found["cl2ddd"].closed == at
        assert found["cl2ddd"].link == link + "8"
    assert stored["it1bbb"].history == built["it1bbb"].history


def test_csv_has_the_json_fields_and_cannot_start_a_formula(tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    formula = Action("fm1aaa", '=HYPERLINK("https://evil","click")', "@Bram", date(2026, 12, 1))
    write(folder, meeting(0, actions=(ITEM_ACTION, formula, Action("ng2bbb", "-3 dagen", "+Anna"))))
    code, raw, err = cli("actions", "--csv", "--minutes", str(folder))
    assert code == 0, err
    assert raw.startswith("\ufeffid,text,owner,due,status,") and "\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"))))
    listed = json.loads(cli("actions", "--json", "--minutes", str(folder))[1])["actions"]
    assert list(rows[0]) == list(listed[0])  # the same fields, in the same order
    by_id = {r["id"]: r for r in rows}
    assert (
        by_id["fm1aaa"]["text"] == '\'=HYPERLINK("https://evil","click")'
        and by_id["fm1aaa"]["owner"] == "'@Bram"
    )
    assert (by_id["ng2bbb"]["text"], by_id["ng2bbb"]["owner"], by_id["ng2bbb"]["due"]) == (
        "'-3 dagen",
        "'+Anna",
        "",
    )
    assert by_id["it1bbb"] | {"made": ""} == {
        **{k: str(v) for k, v in listed[0].items() if v is not None and not isinstance(v, bool)},
        "due": "2026-11-01", "overdue": "true", "closed": "", "made": "",
    }  # fmt: skip
