"""``boxkit site build|serve KIT``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import err, run

app = typer.Typer(help="Build or preview the kit's website.", no_args_is_help=True,
                  rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})
Kit = Annotated[Path, typer.Argument(metavar="KIT", help="The kit folder.",
                                     show_default=False)]


@app.command("build")
def build(kit: Kit,
          strict: Annotated[bool, typer.Option(
              "--strict", help="Exit 1 when a blank ([FILL IN: …]) is left in the website, "
                               "as the publishing workflow does.")] = False) -> None:
    """Build the website into KIT/website/public, and list the blanks it would publish."""
    from boxkit._site import build_site

    result = run(lambda: build_site(kit))
    typer.echo(_("Built %(count)d pages into %(path)s") % {"count": len(result.pages),
                                                          "path": result.output})
    if result.blanks:
        err(_("%(count)d blank(s) left in the website, which would be published as they "
              "are; fill them in (those from an answer with boxkit update -d KEY=VALUE):")
            % {"count": len(result.blanks)})
        for blank in result.blanks:
            err(f"  {blank.path}:{blank.line}: [FILL IN: {blank.text}]")
        if strict:
            raise typer.Exit(1)


@app.command("serve")
def serve(kit: Kit,
          port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 1313) -> None:
    """Preview the website at http://127.0.0.1:PORT/ while you edit it."""
    from boxkit._site import serve_site

    raise typer.Exit(run(lambda: serve_site(kit, port=port)))
