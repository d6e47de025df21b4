"""``boxkit check``: maintainers' render-and-validate run over the template matrix."""

from __future__ import annotations

from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import err, run


def check(
    locale: Annotated[list[str] | None, typer.Option(
        metavar="L", help="Only this locale; repeat for several. All shipped by default.")
    ] = None,
) -> None:
    """Render the template for every locale and a matrix of answers, and check the output."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from boxkit._check import check_template, matrix

    total = len(run(lambda: matrix(locale)))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  transient=True) as progress:
        task = progress.add_task(_("rendering"), total=total)
        report = run(lambda: check_template(
            locale, advance=lambda name: progress.update(task, advance=1, description=name)))
    for failure in report.failures:
        typer.echo(str(failure))
    summary = _("%(cases)d kits, %(files)d files checked, %(failures)d problems") % {
        "cases": report.cases, "files": report.files, "failures": len(report.failures)}
    if report.failures:
        err(summary)
        raise typer.Exit(1)
    typer.echo(summary)
