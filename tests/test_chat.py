"""`digest --post`: the digest to a Slack or Mattermost incoming webhook, a real HTTP server on
127.0.0.1 here; and `[chat] post` at the end of a meeting."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from emptychair.core.minutes import Recognition
from emptychair.files import webhook

from .conftest import EXAMPLE, Clock, meet, shown
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, write
from .keys import ENTER
from .test_digest import DONE_LATER, LATER, NEW
from .test_readside import cli


@dataclass
class Chat:
    """A webhook on 127.0.0.1 that answers `status`, or keeps the caller waiting when `hang`."""

    url: str = ""
    status: int = 200
    hang: bool = False
    posts: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def chat() -> Iterator[Chat]:
    found = Chat()

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            found.posts.append((self.headers["Content-Type"], json.loads(body)))
            if found.hang:
                found.release.wait(5)
            self.send_response(found.status)
            self.end_headers()
            self.wfile.write(b"ok" if found.status == 200 else b"no_service")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    # shutdown() waits for the server's next look at its flag: every 0.5 s by default, at each teardown
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/T000/B000/s3cr3t-token"
    yield found
    found.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    last = replace(
        meeting(2, actions=(NEW,), answer="They wait <too> long & @here knows it", rating="amber"),
        recognition=(Recognition("Bram", "stayed late for the outage"),),
    )
    path = tmp_path / "minutes"
    write(
        path,
        meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)),
        meeting(1, actions=(DONE_LATER,)),
        last,
    )
    return path


def test_the_digest_goes_to_the_webhook_in_the_chats_markup(folder: Path, chat: Chat) -> None:
    code, out, err = cli("digest", "--post", chat.url, "--minutes", str(folder))
    assert (code, out, err) == (0, "", "Digest posted to the team's chat.\n")
    ((kind, payload),) = chat.posts
    assert kind == "application/json; charset=utf-8" and list(payload) == ["text"]
    text = str(payload["text"])
    assert text.startswith("*Weekly — Mon 9 Nov 2026*\n")
    assert f"*Actions by owner*\n_Anna_\n• [nw5eee] Write the release note — due {shown(LATER)}" in text
    assert "• [it1bbb] Fix the FAQ — Anna · due Sun 1 Nov 2026 (past its date)" in text
    assert "They wait &lt;too&gt; long &amp; @\u200bhere knows it (amber)" in text  # no one is paged
    assert "\\" not in text  # nothing escaped that the chat would show


def test_the_address_may_come_from_the_environment_or_the_agenda(
    folder: Path, chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_WEBHOOK", chat.url)
    assert cli("digest", "--post", "--minutes", str(folder))[0] == 0
    monkeypatch.delenv("EMPTYCHAIR_WEBHOOK")
    (folder.parent / "agenda.toml").write_text(
        f'title = "Weekly"\n[chat]\nwebhook = "{chat.url}"\n[[items]]\ntitle = "x"\nminutes = 5\n', "utf-8"
    )
    assert cli("digest", "--post", "--minutes", str(folder))[0] == 0
    assert len(chat.posts) == 2


@pytest.mark.parametrize(
    ("status", "hang", "said"),
    [
        (
            500,
            False,
            "emptychair: the chat refused the digest (HTTP 500); post it again with: emptychair digest --post\n",
        ),
        (
            200,
            True,
            "emptychair: the chat did not answer in 0.3 seconds; post it again with: emptychair digest --post\n",
        ),
    ],
)
def test_a_failure_is_one_line_without_the_secret(
    folder: Path, chat: Chat, monkeypatch: pytest.MonkeyPatch, status: int, hang: bool, said: str
) -> None:
    monkeypatch.setattr(webhook, "TIMEOUT", 0.3)
    chat.status, chat.hang = status, hang
    code, out, err = cli("digest", "--post", chat.url, "--minutes", str(folder))
    assert (code, out, err) == (2, "", said)
    assert "s3cr3t" not in out + err


def test_a_chat_that_is_not_there_is_one_line(folder: Path, chat: Chat) -> None:
    import socket

    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = cli("digest", "--post", f"http://127.0.0.1:{port}/hooks/s3cr3t", "--minutes", str(folder))
    assert code == 2 and err.startswith("emptychair: the chat cannot be reached (") and "s3cr3t" not in err


def test_no_webhook_says_where_one_goes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMPTYCHAIR_WEBHOOK", raising=False)
    code, _, err = cli("digest", "--post", "--minutes", str(folder))
    assert code == 2 and "set EMPTYCHAIR_WEBHOOK, or webhook under [chat]" in err


AGENDA_POST = """
[chat]
webhook = "{url}"
post = true
"""


def test_a_meeting_posts_its_digest_at_its_end(
    tmp_path: Path, keys: PipeInput, clock: Clock, chat: Chat
) -> None:
    agenda = tmp_path / "agenda.toml"
    agenda.write_text(EXAMPLE.read_text("utf-8") + AGENDA_POST.format(url=chat.url), "utf-8")
    typed = [ENTER, ENTER, "They wait", ENTER, ENTER, ENTER, "#end", ENTER, "y", ENTER, ENTER, ENTER]
    written, shown = meet(agenda, keys, typed, clock)
    assert written is not None
    assert "Digest posted to the team's chat." in shown and "s3cr3t" not in shown
    ((_, payload),) = chat.posts
    assert str(payload["text"]).startswith("*Weekly support meeting — Mon 23 Nov 2026*")


def test_a_chat_that_fails_at_the_end_leaves_the_minutes_written(
    tmp_path: Path, keys: PipeInput, clock: Clock, chat: Chat
) -> None:
    chat.status = 404
    agenda = tmp_path / "agenda.toml"
    agenda.write_text(EXAMPLE.read_text("utf-8") + AGENDA_POST.format(url=chat.url), "utf-8")
    typed = [ENTER, ENTER, "They wait", ENTER, ENTER, ENTER, "#end", ENTER, "y", ENTER, ENTER, ENTER]
    written, shown = meet(agenda, keys, typed, clock)
    assert written is not None and list((tmp_path / "minutes").glob("*.toml"))
    assert (
        "Not posted: the chat refused the digest (HTTP 404); post it again with: emptychair digest --post"
        in " ".join(shown.split())
    )
