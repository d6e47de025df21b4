"""``boxkit update [KIT]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import err, run


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
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE",
        help="Also write the result as JSON to FILE, with the exit status and a pull "
             "request's title, body and labels in the kit's language.")] = None,
    hold_back: Annotated[list[str] | None, typer.Option(
        "--hold-back", metavar="PATH",
        help="Leave the files under this folder as they are, and list what the template "
             "would change in them (e.g. .github/workflows). Repeatable.")] = None,
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
    if hold_back or report:
        from boxkit._fleet import hold_back as held
        from boxkit._fleet import write_report

        result = run(lambda: held(result.kit, result, hold_back or ()))
        if report:
            run(lambda: write_report(report, result, 3 if result.conflicts else 0))
    if as_json:
        import json

        from boxkit._fleet import report as reported

        typer.echo(json.dumps(run(lambda: reported(result, 3 if result.conflicts else 0)),
                              ensure_ascii=False, indent=1))
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
        from boxkit._fleet import change_text
        from boxkit._i18n import cli_language

        typer.echo(_("What changed:"))
        for entry in result.changelog:
            for change in entry.changes:
                typer.echo(f"  {entry.version}: {change_text(change, cli_language() or 'en')}")
    if result.new_answers:
        typer.echo(_("New answers: %(keys)s") % {"keys": ", ".join(result.new_answers)})
    if result.held_back:
        typer.echo(_("Held back, unchanged (%(count)d): %(files)s") % {
            "count": len(result.held_back), "files": ", ".join(result.held_back)})
    heading = _("Would change %(count)d files:") if result.dry_run \
        else _("Changed %(count)d files:")
    typer.echo(heading % {"count": len(result.changed)})
    for name in result.changed:
        typer.echo(f"  {name}")
    if result.conflicts:
        err(_("%(count)d file(s) have conflicts between your edits and the new template:")
            % {"count": len(result.conflicts)})
        from boxkit._fleet import explain

        explained = {k.path: k for k in result.kept_edits}
        for name in result.conflicts:
            err(f"  {explain(explained[name], _) if name in explained else name}")
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
