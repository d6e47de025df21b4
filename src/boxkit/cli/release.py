"""``boxkit release``: maintainers freeze the template as a version kits can update to."""

from __future__ import annotations

from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import run


def release(
    version: Annotated[str | None, typer.Option(
        "--version", metavar="VERSION",
        help="The version to release (default: the current development version without "
             "its .devN).")] = None,
    start_next: Annotated[bool, typer.Option(
        "--next", help="Start the next development version instead (0.2.0 → 0.3.0.dev0); "
                       "with --version, start that one.")] = False,
) -> None:
    """Release the kit template: add it to the shipped history and set boxkit's version."""
    from boxkit._template import next_version, release

    if start_next:
        started = run(lambda: next_version(version=version))
        typer.echo(_("Working on %(version)s: change the template, then `boxkit release`.")
                   % {"version": started})
        return
    done = run(lambda: release(version=version))
    if done.already_released:
        typer.echo(_("v%(version)s was released already; the history is unchanged.")
                   % {"version": done.version})
    else:
        typer.echo(_("Released the template as v%(version)s into %(history)s "
                     "(CLDR tables from %(babel)s).") % {
            "version": done.version, "history": done.history, "babel": done.babel})
    for change in done.changes:
        typer.echo(f"  {change}")
    typer.echo(_("Version %(version)s written to %(file)s. Commit, tag v%(version)s and "
                 "publish; then start the next version with `boxkit release --next`.")
               % {"version": done.version, "file": done.version_file})
