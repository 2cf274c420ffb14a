"""`digest --mail`: one RFC 5322 message per person, written as .eml files or sent to a real SMTP
server on 127.0.0.1 (aiosmtpd), with STARTTLS and a login."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from emptychair.core.minutes import Action

from .conftest import shown
from .history import CHAIR_ACTION, ITEM_ACTION, meeting, write
from .test_digest import DONE_LATER, LATER, NEW
from .test_readside import cli

CALL_BACK = Action("cb6fff", "Call back", "Chris")
AGENDA = """
title = "Weekly"
language = "{lang}"
[people]
Anna = {{ github = "anna-s", email = "anna@example.org" }}
Bram = {{ email = "Bram van Dam <bram@example.org>" }}
[mail]
from = "Support team <support@example.org>"
{smtp}
[[items]]
title = "Feedback"
minutes = 10
"""


def team(tmp_path: Path, smtp: str = "", lang: str = "en", title: str = "Weekly") -> Path:
    folder = tmp_path / "minutes"
    held = (meeting(0, actions=(ITEM_ACTION,), chair_actions=(CHAIR_ACTION,)), meeting(1, actions=(DONE_LATER,)),
            replace(meeting(2, actions=(NEW, CALL_BACK)), title=title))  # fmt: skip
    write(folder, *(replace(m, language=lang) for m in held))
    (tmp_path / "agenda.toml").write_text(AGENDA.format(lang=lang, smtp=smtp), "utf-8")
    return folder


def read(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    text: str = part.get_content()
    return text.replace("\r\n", "\n")


def test_one_message_per_person_with_their_own_actions_overdue_first(tmp_path: Path) -> None:
    folder = team(tmp_path)
    code, out, err = cli("digest", "--mail", "--to-dir", str(tmp_path / "out"), "--minutes", str(folder))
    assert code == 0 and out == ""
    assert err.splitlines() == [
        f"Wrote 2 messages into {tmp_path / 'out'}",
        "No mail address in [people] for: Chris",
    ]
    anna, bram = read(tmp_path / "out" / "anna.eml"), read(tmp_path / "out" / "bram.eml")
    assert b"\r\n" in (tmp_path / "out" / "anna.eml").read_bytes()  # RFC 5322 lines
    assert (
        str(anna["From"]) == "Support team <support@example.org>"
        and str(anna["To"]) == "Anna <anna@example.org>"
    )
    assert str(bram["To"]) == "Bram van Dam <bram@example.org>"
    assert str(anna["Subject"]) == "Weekly — Mon 9 Nov 2026: your actions"
    assert anna["Date"] and str(anna["Message-ID"]).endswith("@example.org>")
    text = body(anna)
    overdue = text.index("[it1bbb] Fix the FAQ — due Sun 1 Nov 2026 (past its date)")
    assert overdue < text.index(f"[nw5eee] Write the release note — due {shown(LATER)} · new")
    assert "Decisions\n---------\n\n- a decision (Feedback)" in text
    assert "Send invoices by mail" not in text and "Send invoices by mail" in body(bram)  # their own only


def test_in_the_teams_language(tmp_path: Path) -> None:
    folder = team(tmp_path, lang="nl")
    assert cli("digest", "--mail", "--to-dir", str(tmp_path / "out"), "--minutes", str(folder))[0] == 0
    anna = read(tmp_path / "out" / "anna.eml")
    assert str(anna["Subject"]).endswith(": jouw acties") and "Jouw open acties" in body(anna)


def test_a_title_cannot_add_a_header(tmp_path: Path) -> None:
    folder = team(tmp_path, title="Weekly\nBcc: everyone@example.org")
    assert cli("digest", "--mail", "--to-dir", str(tmp_path / "out"), "--minutes", str(folder))[0] == 0
    anna = read(tmp_path / "out" / "anna.eml")
    assert anna["Bcc"] is None and str(anna["Subject"]).startswith("Weekly Bcc: everyone@example.org — ")


def test_what_is_missing_is_one_line(tmp_path: Path) -> None:
    folder = team(tmp_path)
    code, _, err = cli("digest", "--mail", "--minutes", str(folder))  # no smtp, no --to-dir
    assert code == 2 and err.startswith('emptychair: no mail server: set smtp = "host:port" under [mail]')
    (tmp_path / "agenda.toml").write_text('title = "Weekly"\n[[items]]\ntitle = "x"\nminutes = 5\n', "utf-8")
    code, _, err = cli("digest", "--mail", "--to-dir", str(tmp_path / "out"), "--minutes", str(folder))
    assert code == 2 and err.startswith("emptychair: nobody to mail: give people addresses in the agenda")
    code, _, err = cli("digest", "--to-dir", str(tmp_path / "out"), "--minutes", str(folder))
    assert code == 2 and "--to-dir goes with --mail" in err


# --- a real SMTP server -------------------------------------------------------------------------


@dataclass
class Mailbox:
    server: str = ""
    received: list[tuple[str, list[str], bytes, bool]] = field(
        default_factory=list
    )  # from, to, data, over TLS

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.content, session.ssl is not None)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that the test makes itself and then trusts (SSL_CERT_FILE)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def serve(certificate: tuple[Path, Path] | None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    options: dict[str, Any] = {}
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*map(str, certificate))
        options = {"tls_context": context, "require_starttls": True, "authenticator": _authenticate}
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, **options)
    controller.start()
    box.server = f"127.0.0.1:{port}"
    yield box
    controller.stop()


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"team", b"s3cret")
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def mailbox(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    yield from serve(certificate, monkeypatch)


@pytest.fixture
def plain_mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    yield from serve(None, monkeypatch)


def test_sent_over_starttls_with_the_login_from_the_environment(
    tmp_path: Path, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_SMTP_USER", "team")
    monkeypatch.setenv("EMPTYCHAIR_SMTP_PASSWORD", "s3cret")
    folder = team(tmp_path, smtp=f'smtp = "{mailbox.server}"')
    code, _, err = cli("digest", "--mail", "--minutes", str(folder))
    assert code == 0, err
    assert err.splitlines()[0] == f"Sent 2 messages through {mailbox.server}: Anna, Bram"
    assert [(sender, to, tls) for sender, to, _, tls in mailbox.received] == [
        ("support@example.org", ["anna@example.org"], True),
        ("support@example.org", ["bram@example.org"], True),
    ]
    message = BytesParser(policy=policy.default).parsebytes(mailbox.received[0][2])
    assert "Fix the FAQ" in str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert "s3cret" not in err


def test_a_wrong_password_sends_nothing(
    tmp_path: Path, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_SMTP_USER", "team")
    monkeypatch.setenv("EMPTYCHAIR_SMTP_PASSWORD", "wrong")
    folder = team(tmp_path, smtp=f'smtp = "{mailbox.server}"')
    code, _, err = cli("digest", "--mail", "--minutes", str(folder))
    assert (code, err) == (
        2,
        f"emptychair: {mailbox.server} refused the login: check EMPTYCHAIR_SMTP_USER and "
        "EMPTYCHAIR_SMTP_PASSWORD; nothing was sent\n",
    )
    assert mailbox.received == []


def test_no_password_over_a_connection_without_encryption(
    tmp_path: Path, plain_mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMPTYCHAIR_SMTP_USER", "team")
    monkeypatch.setenv("EMPTYCHAIR_SMTP_PASSWORD", "s3cret")
    folder = team(tmp_path, smtp=f'smtp = "{plain_mailbox.server}"')
    code, _, err = cli("digest", "--mail", "--minutes", str(folder))
    assert code == 2 and "offers no encryption (STARTTLS)" in err and plain_mailbox.received == []


def test_a_server_without_a_login_takes_the_mail_as_it_is(
    tmp_path: Path, plain_mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EMPTYCHAIR_SMTP_USER", raising=False)
    folder = team(tmp_path, smtp=f'smtp = "{plain_mailbox.server}"')
    assert cli("digest", "--mail", "--minutes", str(folder))[0] == 0
    assert [to for _, to, _, tls in plain_mailbox.received if not tls] == [
        ["anna@example.org"],
        ["bram@example.org"],
    ]


def test_a_mail_server_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    server = f"127.0.0.1:{free_port()}"
    folder = team(tmp_path, smtp=f'smtp = "{server}"')
    code, _, err = cli("digest", "--mail", "--minutes", str(folder))
    assert code == 2 and err.startswith(f"emptychair: {server}: ") and err.endswith("nothing was sent\n")
