"""The one error type the command line turns into a one-line message."""

from __future__ import annotations

from typing import Any


class EmptyChairError(Exception):
    """A problem the user can fix: bad input, a missing file, a refused action.

    The CLI prints `message` as one line on stderr and exits with `exit_code`.
    Anything else that escapes is a bug and keeps its traceback.
    """

    def __init__(
        self, message: str, exit_code: int = 2, *, key: str = "", values: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.key = key
        self.values = values or {}
        self.language = ""  # the language to say it in, when the command knows better than the folder

    def say(self, lang: str) -> str:
        """The message in `lang`, when it comes from the catalog; else as it was made."""
        from emptychair.locale import tr

        return tr(lang, self.key, **self.values) if self.key else self.message


def problem(key: str, /, **values: Any) -> EmptyChairError:
    """An error from the message catalog: English as its message, sayable in every language."""
    from emptychair.locale import tr

    return EmptyChairError(tr("en", key, **values), key=key, values=values)


class Interrupted(EmptyChairError):
    """The user pressed Ctrl-C or Ctrl-D at a prompt."""

    def __init__(self, pending: str = "") -> None:
        super().__init__("interrupted", exit_code=130)
        self.pending = pending  # what was typed at the prompt so far: it must not be lost


class Hangup(BaseException):
    """SIGHUP or SIGTERM arrived: save what we have and leave without a traceback."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.pending = ""
