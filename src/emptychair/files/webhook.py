"""A POST to a chat's incoming webhook (Slack, Mattermost): JSON over HTTP(S), with urllib.

The address is a secret: it is in no message this module makes. A webhook answers 2xx when it took
the post; anything else, a redirect included, is a failure said in one line.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from emptychair.errors import problem

TIMEOUT = 10.0  # seconds: a chat that does not answer must not hold the end of a meeting


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook does not redirect; following one would send the post somewhere else."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_json(url: str, payload: dict[str, Any], timeout: float | None = None) -> None:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    opener = urllib.request.build_opener(_NoRedirect)
    seconds = TIMEOUT if timeout is None else timeout
    try:
        with opener.open(request, timeout=seconds) as answer:
            answer.read(65536)
    except urllib.error.HTTPError as exc:
        raise problem("err_webhook_status", status=exc.code) from None
    except TimeoutError:
        raise problem("err_webhook_timeout", seconds=f"{seconds:g}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise problem("err_webhook_timeout", seconds=f"{seconds:g}") from None
        reason = exc.reason.strerror if isinstance(exc.reason, OSError) else None
        raise problem("err_webhook_connect", reason=reason or type(exc.reason).__name__) from None
    except OSError as exc:  # the connection dropped halfway
        raise problem("err_webhook_connect", reason=exc.strerror or type(exc).__name__) from None
