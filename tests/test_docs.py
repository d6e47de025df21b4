"""docs/cli.md stays in step with the commands, options and answers in the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.main import get_command

from boxkit._answers import KEYS
from boxkit.cli import app

ROOT = Path(__file__).parents[1]
DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(command: Any, path: str = "boxkit") -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def test_every_command_and_option_is_documented() -> None:
    commands = list(_commands(get_command(app)))
    assert len(commands) > 2
    for path, command in commands:
        assert re.search(rf"^#+ {path}$", DOC, flags=re.M), path
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}`" in DOC, f"{path} {opt}"


def test_every_documented_option_exists() -> None:
    known = {opt for _path, cmd in _commands(get_command(app))
             for param in cmd.params for opt in param.opts}
    for opt in set(re.findall(r"`(--[a-z-]+)`", DOC)):
        assert opt in known, opt


def test_every_answer_is_documented_and_nothing_else() -> None:
    table = set(re.findall(r"^\| `([a-z_]+)` \|", DOC, flags=re.M))
    assert table == set(KEYS)


def test_template_variables_are_documented() -> None:
    from boxkit import resolve_answers
    from boxkit._sources import variables

    doc = (Path(__file__).parents[1] / "docs" / "templates.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (`.+?) \|", doc, flags=re.M)
    documented = {name for row in rows for name in re.findall(r"`([a-z_]+)`", row)}
    offered = set(variables(resolve_answers({"country": "SE"}).answers))
    assert documented <= offered
    assert offered - set(KEYS) <= documented  # every name boxkit adds is explained


def test_readme_and_ci_agree_on_the_test_command_and_system_tools() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[1] == 'pip install -e ".[test]" -c constraints.txt && pytest'
    assert commands[1] in ci.splitlines()
    installed = {name for group in re.findall(r"missing\+=\(([^)]*)\)", ci)
                 for name in group.split()}
    npm = set(re.findall(r"--no-fund ([\w -]+)$", ci, re.MULTILINE)[0].split())
    assert installed >= {"git", "gettext", "chromium", "default-jre-headless", "npm"}
    for name in installed | npm:
        assert f"`{name}`" in readme, f"README does not name {name}, which .ci/run installs"
