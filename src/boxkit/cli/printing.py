"""``boxkit print KIT [--locale L]... [--only ITEM]... [--paper a4|letter] [--out DIR]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import run


def print_pack(
    kit: Annotated[Path, typer.Argument(metavar="KIT", help="The kit folder.",
                                        show_default=False)],
    locale: Annotated[list[str] | None, typer.Option(
        metavar="L", help="Only this language of the kit; repeat for several. All by default.")
    ] = None,
    only: Annotated[list[str] | None, typer.Option(
        metavar="ITEM", help="Only this item: handbook, poster, grid, pitch-cards, "
                             "score-sheets, signs, badges, slides or social-card; repeat for "
                             "several. All the kit has by default.")] = None,
    paper: Annotated[str | None, typer.Option(
        metavar="SIZE", help="a4 or letter (default: the country's usual paper).")] = None,
    out: Annotated[Path | None, typer.Option(
        metavar="DIR", help="Where to write (default: KIT/print).")] = None,
) -> None:
    """Typeset the kit's print pack: PDFs for every language, and a social card."""
    from boxkit._print import print_kit

    result = run(lambda: print_kit(kit, locales=locale or (), only=only or (), paper=paper,
                                   out=out))
    for item in result.files:
        typer.echo(f"  {item.path}")
    typer.echo(_("Wrote %(count)d files on %(paper)s paper into %(out)s") % {
        "count": len(result.files), "paper": result.paper.upper(), "out": result.out})
