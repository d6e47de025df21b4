"""``boxkit site build|serve KIT``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit.cli._shared import run

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
    from boxkit._site_command import site_build
    from boxkit.cli._shared import _state

    code = site_build(kit, strict=strict, debug=bool(_state["debug"]))
    if code:
        raise typer.Exit(code)


@app.command("serve")
def serve(kit: Kit,
          port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 1313) -> None:
    """Preview the website at http://127.0.0.1:PORT/ while you edit it."""
    from boxkit._site import serve_site

    raise typer.Exit(run(lambda: serve_site(kit, port=port)))
