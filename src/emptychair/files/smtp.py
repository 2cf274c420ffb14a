"""Mail through the team's SMTP server: STARTTLS when the server offers it (port 465: TLS from the
start), a login when a user is given, and never a password over a connection that is not encrypted.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from emptychair.core.reach import host_port
from emptychair.errors import EmptyChairError, problem
from emptychair.text import visible

TIMEOUT = 30.0


def send(server: str, messages: Sequence[EmailMessage], user: str = "", password: str = "") -> None:
    """Send every message; when one cannot be sent, the error says which went and which did not."""
    host, port = host_port(server)
    sent: list[str] = []
    try:
        with _connect(host, port) as smtp:
            encrypted = port == 465
            smtp.ehlo()
            if not encrypted and smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
                encrypted = True
            if user:
                if not encrypted:
                    raise problem("err_smtp_plain", server=server)
                smtp.login(user, password)
            for msg in messages:
                smtp.send_message(msg)
                sent.append(str(msg["To"]))
    except smtplib.SMTPAuthenticationError:
        raise problem("err_smtp_login", server=server) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise _stopped(server, sent, ", ".join(exc.recipients) or "?") from None
    except smtplib.SMTPResponseException as exc:
        raise _stopped(server, sent, f"{exc.smtp_code} {_said(exc.smtp_error)}") from None
    except ssl.SSLError as exc:
        raise problem("err_smtp_tls", server=server, reason=visible(exc.reason or str(exc))) from None
    except (smtplib.SMTPException, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        raise _stopped(server, sent, visible(reason)) from None


def _connect(host: str, port: int) -> smtplib.SMTP:
    if port == 465:
        return smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
    return smtplib.SMTP(host, port, timeout=TIMEOUT)


def _said(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return visible(" ".join(text.split()))


def _stopped(server: str, sent: list[str], reason: str) -> EmptyChairError:
    if sent:
        return problem("err_smtp_partly", server=server, reason=reason, sent=visible(", ".join(sent)))
    return problem("err_smtp_failed", server=server, reason=reason)
