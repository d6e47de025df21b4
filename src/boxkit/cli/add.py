"""``boxkit add SRC [--into DIR] [--kit KIT] [--trust]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import run


def add(
    src: Annotated[str, typer.Argument(metavar="SRC", show_default=False,
                                       help="A Copier or cookiecutter template: folder, git "
                                            "path or URL, or bundle.")],
    into: Annotated[str | None, typer.Option("--into", metavar="DIR",
                                             help="Folder in the kit (default: "
                                                  "addons/<name>).")] = None,
    kit: Annotated[Path, typer.Option("--kit", metavar="KIT", help="The kit.")] = Path("."),
    trust: Annotated[bool, typer.Option("--trust", help="Let the template run its own code "
                                        "(hooks, tasks, extensions).")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask: the template's "
                                           "other variables take their defaults.")] = False,
    ref: Annotated[str | None, typer.Option("--ref", metavar="REF", help="The version "
                                            "(tag, branch or commit) to add; Copier's choice "
                                            "by default.")] = None,
    data: Annotated[list[str] | None, typer.Option(
        "--data", "-d", metavar="KEY=VALUE",
        help="Answer one of the template's own questions; repeatable.")] = None,
) -> None:
    """Add a Copier or cookiecutter template to a kit, filled with the chapter's answers."""
    from boxkit._add import add_template
    from boxkit._collect import parse_data

    result = run(lambda: add_template(src, kit=kit, into=into, trust=trust,
                                      ask=not no_input, ref=ref,
                                      extra=parse_data(data or [])))
    typer.echo(_("Added %(name)s (%(kind)s template) into %(path)s: %(count)d files.")
               % {"name": result.addon.name, "kind": result.addon.kind,
                  "path": result.addon.path, "count": len(result.files)})
    if result.addon.kind == "cookiecutter":
        typer.echo(_("Cookiecutter templates cannot be updated in place; `boxkit update` "
                     "will say so."))
