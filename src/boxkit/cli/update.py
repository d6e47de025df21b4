"""``boxkit update [KIT]``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import err, run

if TYPE_CHECKING:
    from boxkit._update import KeptEdit


def update(
    kit: Annotated[Path, typer.Argument(metavar="KIT", help="The kit folder.")] = Path("."),
    to: Annotated[str | None, typer.Option("--to", metavar="VERSION",
                                           help="Move to this template version.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show which files would change; "
                                          "touch nothing.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask: new questions take "
                                           "their defaults.")] = False,
    data: Annotated[list[str] | None, typer.Option(
        "--data", "-d", metavar="KEY=VALUE",
        help="Change an answer, e.g. -d event_start=10:30; the kit is rendered again with "
             "it, keeping your edits. Repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON on "
                                          "stdout (versions, changelog, changed files, "
                                          "conflicts).")] = False,
) -> None:
    """Pull the newest template into a kit, or new answers, keeping the chapter's edits."""
    from boxkit._collect import parse_data
    from boxkit._update import UpdateInterrupted, update_kit
    from boxkit.cli._prompts import TerminalPrompter, interactive

    asking, note = (False, None) if dry_run or as_json else interactive(no_input)
    try:
        result = run(lambda: update_kit(kit, to=to, dry_run=dry_run,
                                        data=parse_data(data or []),
                                        prompter=TerminalPrompter() if asking else None))
    except UpdateInterrupted as stop:
        err(_("boxkit: error: %(message)s") % {"message": _(
            "the update was stopped before it changed the kit; nothing in it changed")})
        raise typer.Exit(stop.exit_code) from None
    if as_json:
        import json

        typer.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        if result.conflicts:
            raise typer.Exit(3)
        return
    if note and result.new_answers:
        err(_("note: %(note)s") % {"note": note})
    if result.resumed:
        typer.echo(_("An earlier update was stopped while it wrote the kit; boxkit update "
                     "will finish it.") if result.dry_run else
                   _("An earlier update was stopped while it wrote the kit; it is now "
                     "finished."))
    if result.up_to_date:
        typer.echo(_("%(kit)s is up to date (template %(version)s).")
                   % {"kit": result.kit, "version": result.old_version})
    elif result.old_version == result.new_version:
        typer.echo(_("Template: %(version)s, rendered again with new answers: %(keys)s")
                   % {"version": result.new_version,
                      "keys": ", ".join(result.changed_answers)})
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
        explained = {k.path: k for k in result.kept_edits}
        for name in result.conflicts:
            err(f"  {_explain(explained[name]) if name in explained else name}")
        if not result.dry_run and any(name not in explained or explained[name].conflicts
                                      for name in result.conflicts):
            err(_("Open each file, keep the text you want between the <<<<<<< and >>>>>>> "
                  "markers, delete the markers, then: git add -A && git commit"))
        raise typer.Exit(3)
    if result.dry_run:
        typer.echo(_("Nothing was changed (--dry-run)."))
    elif result.up_to_date:  # an add-on was updated, not the kit
        typer.echo(_('Review with `git diff`, then commit: git add -A && git commit -m '
                     '"Update the add-on"'))
    elif result.old_version == result.new_version:
        typer.echo(_('Review with `git diff`, then commit: git add -A && git commit -m '
                     '"Change %(keys)s"') % {"keys": ", ".join(result.changed_answers)})
    else:
        typer.echo(_('Review with `git diff`, then commit: git add -A && git commit -m '
                     '"Update the kit to %(version)s"') % {"version": result.new_version})


def _explain(kept: KeptEdit) -> str:
    """One line on a file the chapter edited and a release moved or removed."""
    values = {"was": kept.was, "path": kept.path, "to": kept.moved_to,
              "version": kept.version}
    if kept.carried and kept.conflicts:
        return _("%(was)s → %(path)s: moved by the template in %(version)s; your edits were "
                 "carried over with conflicts to resolve") % values
    if kept.carried:
        return _("%(was)s → %(path)s: moved by the template in %(version)s; your edits were "
                 "carried over (check them)") % values
    if kept.moved_to:
        return _("%(was)s: moved by the template in %(version)s to %(to)s, but your edits "
                 "could not be merged into it; your edited copy is kept — move your edits "
                 "by hand, delete it, then commit") % values
    return _("%(was)s: removed from the template in %(version)s; your edited copy is kept "
             "— keep or delete it, then commit") % values
