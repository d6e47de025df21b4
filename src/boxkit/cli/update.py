"""``boxkit update [KIT]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit.cli import err, run
from boxkit.i18n import _


def update(
    kit: Annotated[Path, typer.Argument(metavar="KIT", help="The kit folder.")] = Path("."),
    to: Annotated[str | None, typer.Option("--to", metavar="VERSION",
                                           help="Move to this template version.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show which files would change; "
                                          "touch nothing.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask: new questions take "
                                           "their defaults.")] = False,
) -> None:
    """Pull the newest template into a kit, keeping the chapter's own edits."""
    from boxkit.cli.new import TerminalPrompter
    from boxkit.update import update_kit

    result = run(lambda: update_kit(kit, to=to, dry_run=dry_run,
                                    prompter=None if no_input else TerminalPrompter()))
    if result.up_to_date:
        typer.echo(_("%(kit)s is up to date (template %(version)s).")
                   % {"kit": result.kit, "version": result.old_version})
    else:
        typer.echo(_("Template: %(old)s → %(new)s") % {"old": result.old_version,
                                                       "new": result.new_version})
    for line in result.addons:
        typer.echo(_("Add-on %(line)s") % {"line": line})
    if result.up_to_date and not result.changed:
        return
    if result.changelog:
        typer.echo(_("What changed:"))
        for entry in result.changelog:
            for change in entry.changes:
                typer.echo(f"  {entry.version}: {change}")
    if result.new_answers:
        typer.echo(_("New answers: %(keys)s") % {"keys": ", ".join(result.new_answers)})
    heading = _("Would change %(count)d files:") if result.dry_run \
        else _("Changed %(count)d files:")
    typer.echo(heading % {"count": len(result.changed)})
    for name in result.changed:
        typer.echo(f"  {name}")
    if result.conflicts:
        err(_("%(count)d file(s) have conflicts between your edits and the new template:")
            % {"count": len(result.conflicts)})
        for name in result.conflicts:
            err(f"  {name}")
        if not result.dry_run:
            err(_("Open each file, keep the text you want between the <<<<<<< and >>>>>>> "
                  "markers, delete the markers, then: git add -A && git commit"))
        raise typer.Exit(3)
    if result.dry_run:
        typer.echo(_("Nothing was changed (--dry-run)."))
    else:
        typer.echo(_('Review with `git diff`, then commit: git add -A && git commit -m '
                     '"Update the kit to %(version)s"') % {"version": result.new_version})
