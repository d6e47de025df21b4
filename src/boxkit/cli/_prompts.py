"""What the interactive commands share: asking, explaining choices, and knowing when not
to ask at all."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import typer

from boxkit.answers import Question
from boxkit.cli._shared import err
from boxkit.i18n import _


def stdin_is_terminal() -> bool:
    """True when a person can answer: stdin is a terminal, not a pipe or a file."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced
        return False


def interactive(no_input: bool) -> bool:
    """Whether to ask; with stdin that is not a terminal, say once that nothing is asked."""
    if no_input:
        return False
    if not stdin_is_terminal():
        err(_("note: stdin is not a terminal, so nothing is asked (as with --no-input)"))
        return False
    return True


class TerminalPrompter:
    """Asks on stderr, so that stdout stays the command's result."""

    def ask(self, question: Question, default: str) -> str:
        if question.choices:
            for value, explanation in question.choices:
                err(f"  {value:<13} {_(explanation)}")
        reply: str = typer.prompt(_(question.prompt or question.key), default=default,
                                  show_default=bool(default), err=True)
        return reply

    def invalid(self, message: str) -> None:
        err(f"  {message}")


def confirm(heading: str, values: Mapping[str, Any]) -> bool:
    """Show what is about to be used and ask to go on (Enter says yes)."""
    err(heading)
    for key, value in values.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else value
        if isinstance(value, list) and value and isinstance(value[0], dict):
            shown = ", ".join(f"{v.get('name')} ({v.get('capacity')})" for v in value)
        err(f"  {key}: {shown}")
    return bool(typer.confirm(_("Go ahead?"), default=True, err=True))
