"""What the interactive commands share: asking, explaining choices, and knowing when not
to ask at all."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer

from boxkit._i18n import N_, _
from boxkit.cli._shared import err
from boxkit.errors import AnswersError

if TYPE_CHECKING:
    from boxkit._answers import Question


def stdin_is_terminal() -> bool:
    """True when a person can answer: stdin is a terminal, not a pipe or a file."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced
        return False


NOT_A_TERMINAL = N_("stdin is not a terminal, so nothing was asked (as with --no-input)")


def interactive(no_input: bool) -> tuple[bool, str | None]:
    """Whether to ask, and the note to show after a run that could not ask (stdin is a
    pipe or a file, not a terminal). The note comes after the result, so that a failure
    stays one line."""
    if no_input:
        return False, None
    if not stdin_is_terminal():
        return False, _(NOT_A_TERMINAL)
    return True, None


class TerminalPrompter:
    """Asks on stderr, so that stdout stays the command's result."""

    def ask(self, question: Question, default: str) -> str:
        for value, explanation in question.choices:
            word = _(value)
            shown = value if word == value else f"{word} ({value})"
            err(f"  {shown:<13} {_(explanation)}")
        values = [value for value, _explanation in question.choices]
        if default in values:
            default = _(default)
        reply: str = typer.prompt(_(question.prompt or question.key), default=default,
                                  show_default=bool(default), err=True)
        return chosen(reply, values) if values else reply

    def invalid(self, problem: AnswersError) -> None:
        err(f"  {problem.translated(_)}")


def chosen(reply: str, values: Sequence[str]) -> str:
    """The choice value a person typed, in their language or in English (``pays`` or
    ``country`` → ``country``); anything else as typed, for the caller to refuse."""
    words = {_(value).casefold(): value for value in values}
    words.update({value.casefold(): value for value in values})
    return words.get(reply.strip().casefold(), reply.strip())


def confirm(heading: str, values: Mapping[str, Any]) -> bool:
    """Show what is about to be used and ask to go on (Enter says yes)."""
    err(heading)
    for key, value in values.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else value
        if isinstance(value, list) and value and isinstance(value[0], dict):
            shown = ", ".join(f"{v.get('name')} ({v.get('capacity')})" for v in value)
        err(f"  {key}: {shown}")
    return bool(typer.confirm(_("Go ahead?"), default=True, err=True))
