"""``boxkit chapters``: the movement's known chapters, and fetching the newest list."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import run

app = typer.Typer(help="The movement's known chapters.", no_args_is_help=True,
                  context_settings={"help_option_names": ["-h", "--help"]})


@app.command("list")
def list_chapters(
    country: Annotated[str | None, typer.Option(
        metavar="CC", help="Only the chapters in this country (ISO 3166-1 alpha-2).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the known chapters, with a link and the source that shows each exists."""
    from boxkit._chapters import chapters_in, load_registry

    registry = run(load_registry)
    chapters = chapters_in(country or "", registry)
    if as_json:
        typer.echo(json.dumps({"updated": registry.updated.isoformat(),
                               "chapters": [vars(c) for c in chapters]},
                              ensure_ascii=False, indent=2))
        return
    for c in chapters:
        where = c.place or c.organisation or c.country
        typer.echo(f"{c.name} ({c.scope}: {where}) {c.link}  [{c.seen}; {c.source}]")
    typer.echo(_("%(count)d chapters; list updated %(updated)s (%(origin)s).")
               % {"count": len(chapters), "updated": registry.updated.isoformat(),
                  "origin": registry.origin})


@app.command("update")
def update_chapters(
    source: Annotated[str | None, typer.Argument(
        metavar="SOURCE", help="An https:// address or a file (default: the movement's "
                               "registry_url).", show_default=False)] = None,
) -> None:
    """Fetch the newest list of chapters, so boxkit new knows about new ones."""
    from boxkit._chapters import update_registry

    registry = run(lambda: update_registry(source))
    typer.echo(_("Fetched %(count)d chapters (list updated %(updated)s) into %(path)s.")
               % {"count": len(registry.chapters), "updated": registry.updated.isoformat(),
                  "path": registry.origin})
