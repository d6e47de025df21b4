"""``boxkit locale …``: the translator's commands."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import err, run

OneOrAll = Annotated[str | None, typer.Argument(metavar="L", help="One locale; all by default.")]

app = typer.Typer(help="Translator tools: catalogs, coverage and checks.",
                  no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


@app.command("list")
def list_() -> None:
    """Every locale: code, name, % translated, fuzzy entries, reviewed or not."""
    from rich.cells import cell_len  # 日本語 takes six columns, not three

    from boxkit._locales import list_locales

    rows = run(list_locales)
    typer.echo(f"{'code':<7} {'name':<24} {'translated':>10} {'fuzzy':>6}  review")
    for status in rows:
        total, info = status.total, status.info
        review = (_("source") if info.code == "en" else
                  _("reviewed by %(name)s") % {"name": info.reviewed_by} if info.reviewed_by
                  else _("machine-drafted, not reviewed") if info.machine_drafted
                  else _("not reviewed"))
        name = info.name + " " * max(0, 24 - cell_len(info.name))
        typer.echo(f"{info.code:<7} {name} {total.percent:>9.1f}% {total.fuzzy:>6}  "
                   f"{review}")


@app.command("status")
def status(
    locale: OneOrAll = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for programs.")] = False,
) -> None:
    """Coverage of each part of the kit (and the CLI) for one locale or all."""
    from boxkit._locales import list_locales, locale_status

    statuses = run(lambda: [locale_status(locale)] if locale else list_locales())
    if as_json:
        typer.echo(json.dumps([s.as_json() for s in statuses], ensure_ascii=False, indent=1))
        return
    for s in statuses:
        total = s.total
        typer.echo(f"{s.info.code} ({s.info.name}): {total.percent:.1f}% translated, "
                   f"{total.fuzzy} fuzzy, {total.missing} missing")
        for name, part in s.parts.items():
            typer.echo(f"  {name:<11} {part.translated:>5}/{part.total:<5} {part.percent:>6.1f}%"
                       f"  fuzzy {part.fuzzy}, missing {part.missing}")


@app.command("check")
def check(
    locale: OneOrAll = None,
) -> None:
    """Check catalogs: placeholders, Markdown links and markup, Python formats, newlines and
    plural forms (what msgfmt -c checks); glossary warnings."""
    from boxkit._i18n import shipped_locales
    from boxkit._locales import Problem, check_locale

    def action() -> list[Problem]:
        codes = [locale] if locale else shipped_locales()[1:]
        return [p for code in codes for p in check_locale(code)]

    problems = run(action)
    for problem in problems:
        typer.echo(str(problem))
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors
    summary = _("%(errors)d errors, %(warnings)d warnings") % {"errors": errors,
                                                              "warnings": warnings}
    if errors:
        err(summary)
        raise typer.Exit(1)
    typer.echo(summary)


@app.command("review")
def review(
    locale: Annotated[str, typer.Argument(metavar="L", help="The locale to review, e.g. fr.")],
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", metavar="NAME", help="Your name, recorded on what you accept.")] = None,
    list_only: Annotated[bool, typer.Option(
        "--list", help="Only show what waits for review; ask nothing.")] = False,
) -> None:
    """Show each fuzzy or unreviewed block beside its English and record what you accept:
    Enter or a accepts, e types a correction, s skips, q stops (what you did is kept)."""
    from boxkit._review import record_review, review_items

    items = run(lambda: review_items(locale))
    decisions: dict[tuple[str, str], str] = {}
    for number, item in enumerate(items, start=1):
        typer.echo(f"\n[{number}/{len(items)}] {item.where}"
                   + (f" ({_('fuzzy: the English changed')})" if item.fuzzy else ""))
        if item.previous:
            typer.echo(f"  {_('was')}: {item.previous}")
        typer.echo(f"  en: {item.msgid}")
        typer.echo(f"  {locale}: {item.translation}")
        if list_only:
            continue
        answer = str(typer.prompt(_("accept (a), edit (e), skip (s), quit (q)"),
                                  default="a", err=True)).strip().lower()
        if answer == "q":
            break
        if answer == "e":
            decisions[(item.domain, item.msgid)] = str(typer.prompt(_("translation"),
                                                                    err=True))
        elif answer in ("a", ""):
            decisions[(item.domain, item.msgid)] = item.translation
    if list_only:
        typer.echo(_("%(count)d blocks wait for review") % {"count": len(items)})
        return
    if not decisions:
        typer.echo(_("Nothing recorded."))
        return
    name = reviewer or str(typer.prompt(_("Your name, for the record"), err=True))
    result = run(lambda: record_review(locale, decisions, name))
    typer.echo(_("recorded %(recorded)d reviewed blocks; %(remaining)d wait for review")
               % {"recorded": result.recorded, "remaining": result.remaining})
    if result.complete:
        typer.echo(_("Every block is reviewed: locale.yml now names %(name)s as reviewer.")
                   % {"name": name})


@app.command("init")
def init(locale: Annotated[str, typer.Argument(metavar="L", help="The new locale, e.g. de "
                                               "or pt-PT.")]) -> None:
    """Start catalogs for a new locale from the POT, with CLDR plural forms."""
    from boxkit._locales import init_locale

    for path in run(lambda: init_locale(locale)):
        typer.echo(_("wrote %(path)s") % {"path": path})


@app.command("extract")
def extract() -> None:
    """Refresh the POTs from the English templates and the code; merge them into every PO."""
    from boxkit._locales import extract_catalogs
    from boxkit._template import released_babel

    result = run(extract_catalogs)
    typer.echo(_("%(kit)d kit entries, %(cli)d CLI entries; merged %(merged)d catalogs") %
               {"kit": result.kit_entries, "cli": result.cli_entries,
                "merged": len(result.merged)})
    typer.echo(_("Templates built here take their CLDR tables from %(babel)s.")
               % {"babel": result.babel})
    newest = run(released_babel)
    if newest is not None and newest[1] != result.babel:
        typer.echo(_("The last release, %(tag)s, took them from %(babel)s: the next release "
                     "will format some dates and numbers differently.")
                   % {"tag": newest[0], "babel": newest[1] or _("an unrecorded Babel")})
