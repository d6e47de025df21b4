"""``boxkit new DEST``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boxkit._i18n import N_, _
from boxkit.cli._prompts import TerminalPrompter, chosen, confirm, interactive
from boxkit.cli._shared import err, run

if TYPE_CHECKING:
    from boxkit._answers import ResolvedAnswers
    from boxkit._kit import NewKit


def _report(result: NewKit) -> None:
    for note in result.notes:
        err(_("note: %(note)s") % {"note": note})
    if result.dry_run:
        typer.echo(_("Would write %(count)d files into %(dest)s:")
                   % {"count": len(result.files), "dest": result.dest})
        for name in result.files:
            typer.echo(f"  {name}")
        typer.echo(_("Nothing was written (--dry-run)."))
        return
    version = result.template_version or "unversioned"
    typer.echo(_("Made the kit for %(name)s in %(dest)s (%(count)d files, template "
                 "%(version)s).") % {"name": result.answers.chapter_name,
                                     "dest": result.dest, "count": len(result.files),
                                     "version": version})
    if result.blanks:
        groups: dict[str, list[str]] = {}
        for blank in result.blanks:
            groups.setdefault(blank.text, []).append(f"{blank.path}:{blank.line}")
        typer.echo(_("Still to fill in: %(things)d things in %(places)d places, marked "
                     "[FILL IN: …] in the files:") % {"things": len(groups),
                                                     "places": len(result.blanks)})
        for text, places in groups.items():
            more = _(" and %(count)d more") % {"count": len(places) - 3} \
                if len(places) > 3 else ""
            typer.echo(f"  - {text}: {', '.join(places[:3])}{more}")
    typer.echo(_("Start with %(readme)s.") % {"readme": Path(result.dest.name) / "README.md"})


_LOCAL_KEYS = ("scope", "place", "organisation", "chapter_name")


def _existing_chapters(resolved: ResolvedAnswers, asking: bool
                       ) -> tuple[ResolvedAnswers, list[str]]:
    """Tell the organiser about chapters that already exist where they start one. Asked,
    they can make a local chapter instead, stop to contact them, or go on; otherwise the
    chapters are named in notes after the result."""
    from boxkit._answers import resolve_answers
    from boxkit._chapters import find_existing

    while True:
        a = resolved.answers
        existing = find_existing(scope=a.scope, country=a.country, place=a.place,
                                 organisation=a.organisation)
        same = [e.chapter for e in existing if e.same]
        national = [e.chapter for e in existing if not e.same]
        notes = [_("%(name)s already exists for this %(scope)s: %(link)s (source: %(source)s, "
                   "%(seen)s). Contact them before starting another chapter, or make a "
                   "city, region or organisation chapter with --scope.")
                 % {"name": c.name, "scope": _(a.scope), "link": c.link, "source": c.source,
                    "seen": c.seen} for c in same]
        notes += [_("The national chapter is %(name)s: %(link)s. Tell them about your "
                    "chapter.") % {"name": c.name, "link": c.link} for c in national]
        if not same or not asking:
            return resolved, notes
        for chapter in same:
            err(_("A chapter already exists for this %(scope)s: %(name)s, %(link)s (last "
                  "seen in %(seen)s; source: %(source)s).")
                % {"scope": _(a.scope), "name": chapter.name, "link": chapter.link,
                   "seen": chapter.seen, "source": chapter.source})
        choices = (N_("local"), N_("contact"), N_("continue"))  # typed in either language
        choice = ""
        while choice not in choices:
            choice = chosen(str(typer.prompt(
                _("What would you like to do? local: make a chapter for a city, region or "
                  "organisation instead; contact: write nothing and contact them first; "
                  "continue: make this kit anyway"), default=_("local"), err=True)), choices)
        if choice == "contact":
            for chapter in same:
                err(_("Contact %(name)s: %(link)s") % {"name": chapter.name,
                                                       "link": chapter.link})
            err(_("Nothing was written."))
            raise typer.Exit(0)
        if choice == "continue":
            return resolved, notes[len(same):]
        given = {k: v for k, v in a.as_data().items() if k not in _LOCAL_KEYS}
        resolved = resolve_answers(given, prompter=TerminalPrompter())


def new(
    dest: Annotated[Path, typer.Argument(help="Folder to create the kit in (new or empty).",
                                         show_default=False, metavar="DEST")],
    country: Annotated[str | None, typer.Option(
        metavar="CC", help="ISO 3166-1 alpha-2 country code, e.g. SE.")] = None,
    scope: Annotated[str | None, typer.Option(metavar="SCOPE", help="country, region, city or "
                                              "organisation.")] = None,
    organisation: Annotated[str | None, typer.Option(
        metavar="TEXT", help="The organisation, when scope is organisation.")] = None,
    name: Annotated[str | None, typer.Option(metavar="TEXT", help="The chapter's name.")] = None,
    locale: Annotated[list[str] | None, typer.Option(
        metavar="L", help="A language of the kit (BCP 47 or POSIX); repeat for several, primary "
             "first.")] = None,
    answers: Annotated[Path | None, typer.Option(
        metavar="FILE", help="A YAML file of answers.", dir_okay=False)] = None,
    data: Annotated[list[str] | None, typer.Option(
        "--data", "-d", metavar="KEY=VALUE",
        help="Any answer as KEY=VALUE, e.g. -d event_city=Oslo; repeatable.")] = None,
    template: Annotated[str | None, typer.Option(
        metavar="SRC", help="A Copier or cookiecutter template (folder, git URL or bundle) "
             "instead of the bundled one; -d also answers its own questions.")] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask: missing answers "
                                           "take their defaults.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Add the kit to a folder that is "
                                        "not empty (existing files are never replaced).")
                     ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the files it would "
                                          "write and write nothing.")] = False,
    trust: Annotated[bool, typer.Option("--trust", help="Let a --template run its own "
                                        "code (tasks, extensions).")] = False,
) -> None:
    """Create a new, complete starter kit in DEST."""

    asking, note = (False, None) if dry_run else interactive(no_input)

    # The library is imported when the command runs, not when `boxkit --help` is shown.
    from boxkit._answers import resolve_answers
    from boxkit._collect import collect
    from boxkit._kit import new_kit

    def action() -> NewKit:
        given = collect(answers_file=answers, data=data or [], options={
            "country": country, "scope": scope, "organisation": organisation,
            "chapter_name": name, "locales": locale or None})
        chapter = given.chapter if template else {**given.chapter, **given.extra}
        resolved = resolve_answers(chapter, locations=given.locations,
                                   prompter=TerminalPrompter() if asking else None)
        extra_notes: list[str] = []
        if not template:
            resolved, extra_notes = _existing_chapters(resolved, asking)
        if asking and not confirm(_("The kit for %(name)s, in %(dest)s:") % {
                "name": resolved.answers.chapter_name, "dest": dest},
                resolved.answers.as_data()):
            err(_("Nothing was written."))
            raise typer.Exit(1)
        return new_kit(dest, resolved.answers, template=template, force=force,
                       dry_run=dry_run, trust=trust,
                       notes=(*resolved.notes, *extra_notes, *([note] if note else [])),
                       extra=given.extra if template else None, ask=asking)

    _report(run(action))
