"""The ``boxkit`` command: a thin Typer layer over the library.

Each command parses its options, calls one public function and prints the result.
:func:`boxkit.cli._shared.run` is the one place where a
:class:`~boxkit.errors.BoxkitError` becomes a line on stderr and an exit code.
"""

from __future__ import annotations

from typing import Annotated

import typer

from boxkit._version import __version__
from boxkit.cli._shared import _state

app = typer.Typer(
    name="boxkit",
    help="Make and maintain a localised starter kit for a new chapter.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"boxkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """Make and maintain a localised starter kit for a new chapter."""
    _state["debug"] = debug


def _register() -> None:
    from boxkit.cli import (
        add,
        chapters,
        check,
        locale,
        new,
        printing,
        release,
        schedule,
        site,
        starter,
        update,
    )

    app.command("new", no_args_is_help=True)(new.new)
    app.command("update")(update.update)
    app.command("check")(check.check)
    app.command("schedule", no_args_is_help=True)(schedule.schedule)
    app.command("add", no_args_is_help=True)(add.add)
    app.command("release")(release.release)
    app.command("print", no_args_is_help=True)(printing.print_pack)
    app.command("starter", no_args_is_help=True)(starter.starter)
    app.add_typer(locale.app, name="locale")
    app.add_typer(site.app, name="site")
    app.add_typer(chapters.app, name="chapters")


_register()


def main() -> None:
    app()
