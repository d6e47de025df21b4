"""docs/cli.md stays in step with the commands, options and answers in the code."""

from __future__ import annotations

import re
from pathlib import Path

from typer.main import get_command

from boxkit.answers import KEYS
from boxkit.cli import app

DOC = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_documented() -> None:
    root = get_command(app)
    commands = getattr(root, "commands", {})
    assert commands
    for name, command in commands.items():
        assert f"## boxkit {name}" in DOC, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}`" in DOC, f"{name} {opt}"


def test_every_documented_option_exists() -> None:
    root = get_command(app)
    known = {opt for cmd in [root, *getattr(root, "commands", {}).values()]
             for param in cmd.params for opt in param.opts}
    for opt in set(re.findall(r"`(--[a-z-]+)`", DOC)):
        assert opt in known, opt


def test_every_answer_is_documented_and_nothing_else() -> None:
    table = set(re.findall(r"^\| `([a-z_]+)` \|", DOC, flags=re.M))
    assert table == set(KEYS)
