"""Sharing what the meetings decided: a digest for mail or chat, and the minutes folder in git."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from emptychair.app.team import known_language, team
from emptychair.commands.common import DatesJoined, MinutesOption, date_option, library, skipped
from emptychair.errors import problem

if TYPE_CHECKING:
    from emptychair.app.share import Mailing


class PostTakesAnAddress(DatesJoined):
    """`--post` alone posts to the team's webhook; `--post URL` to that one. Typer has no option
    whose value may be left out, so a bare `--post` is given the empty address here."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        fixed: list[str] = []
        for n, arg in enumerate(args):
            fixed.append(arg)
            if arg == "--post" and not (n + 1 < len(args) and "://" in args[n + 1]):
                fixed.append("")
        return super().parse_args(ctx, fixed)


def digest(
    which: Annotated[
        str, typer.Argument(help="latest (default), a date like 2026-11-23, or a meeting id.")
    ] = "latest",
    since: Annotated[
        str | None,
        typer.Option("--since", help="Every meeting from this date on (2026-11-01, last month …)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text (for mail or chat), md or html.")] = "text",
    lang: Annotated[str | None, typer.Option("--lang", help="en or nl (default: the meeting's).")] = None,
    post: Annotated[
        str | None,
        typer.Option(
            "--post",
            metavar="[URL]",
            help="Post it to the team's chat: this webhook, else EMPTYCHAIR_WEBHOOK, else [chat] webhook.",
        ),
    ] = None,
    mail: Annotated[
        bool, typer.Option("--mail", help="One mail per person of [people]: their actions and the decisions.")
    ] = False,
    to_dir: Annotated[
        Path | None,
        typer.Option(
            "--to-dir", metavar="DIR", help="With --mail: write .eml files into DIR instead of sending."
        ),
    ] = None,
    minutes: MinutesOption = None,
) -> None:
    """What a meeting decided, ready to share: decisions, actions by owner, overdue and closed, the chair."""
    from emptychair.app import share
    from emptychair.core.digest import FORMATS, render
    from emptychair.locale import tr

    if fmt not in FORMATS:
        raise problem("err_digest_format", fmt=fmt)
    ours = team(minutes)
    if lang is not None:
        known_language(lang)
    if to_dir is not None and not mail:
        raise problem("err_to_dir_alone")
    found = library(ours)
    said = ours.language
    shared = share.digest_for(found, which, date_option(since, "--since"), lang, said)
    skipped(shared.skipped, said)
    if post is None and not mail:
        sys.stdout.write(render(shared.digest, fmt))
        return
    if post is not None:
        share.post_digest(shared, share.webhook_url(post, ours.agenda))
        sys.stderr.write(tr(said, "posted") + "\n")
    if mail:
        _mailed(share.mail_digest(found, shared, to_dir), said)


def _mailed(done: Mailing, lang: str) -> None:
    from emptychair.locale import tr
    from emptychair.text import visible

    if done.written:
        folder = done.written[0].parent
        sys.stderr.write(
            tr(lang, "mail_written", count=len(done.written), folder=visible(str(folder))) + "\n"
        )
    else:
        names = visible(", ".join(name for name, _ in done.messages))
        sys.stderr.write(
            tr(lang, "mail_sent", count=len(done.messages), server=visible(done.server), names=names) + "\n"
        )
    if done.without_address:
        sys.stderr.write(tr(lang, "mail_without", names=visible(", ".join(done.without_address))) + "\n")


def sync(minutes: MinutesOption = None) -> None:
    """Share the minutes folder through its git repository: pull (rebase), commit new minutes, push."""
    from emptychair.files.git import sync_folder
    from emptychair.text import visible

    ours = team(minutes, to_come=True)  # what the others pushed may bring the folder in
    said = sync_folder(ours.folder)
    sys.stderr.write("".join(f"{visible(line)}\n" for line in said.lines(ours.language)))
