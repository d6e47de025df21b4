"""What every command shares: one line on stderr, and the one place where a
:class:`~boxkit.errors.BoxkitError` becomes that line and an exit code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from boxkit._i18n import _
from boxkit.errors import BoxkitError

T = TypeVar("T")

_state = {"debug": False}


def err(message: str) -> None:
    """Write one line to stderr."""
    typer.echo(message, err=True)


def run(action: Callable[[], T]) -> T:
    """Call ``action``; turn a :class:`BoxkitError` into one stderr line and its exit code."""
    try:
        return action()
    except BoxkitError as error:
        if _state["debug"]:
            raise
        err(_("boxkit: error: %(message)s") % {"message": error.translated(_)})
        raise typer.Exit(error.exit_code) from None
