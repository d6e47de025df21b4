"""``boxkit starter DEST [--locale L]...``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import run


def starter(
    dest: Annotated[Path, typer.Argument(metavar="DEST", help="A new or empty folder.",
                                         show_default=False)],
    locale: Annotated[list[str] | None, typer.Option(
        metavar="L", help="A language of the README's steps, first one first; repeat for "
                          "several. Every shipped language by default.")] = None,
) -> None:
    """Write a GitHub template repository whose workflow makes a kit from a form."""
    from boxkit._starter import make_starter

    result = run(lambda: make_starter(dest, locales=locale or ()))
    typer.echo(_("Wrote the starter repository into %(dest)s (%(count)d files). Publish it "
                 "on GitHub as a template repository: its README says how.")
               % {"dest": result.dest, "count": len(result.files)})
