"""The `boxkit` command through Typer's CliRunner: exit codes, output, prompts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit import __version__
from boxkit.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"boxkit {__version__}"


def test_every_command_has_help(runner: CliRunner) -> None:
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    commands = [[c.name] for c in app.registered_commands]
    for group in app.registered_groups:
        commands += [[group.name, c.name] for c in group.typer_instance.registered_commands]
    assert len(commands) > 1
    for names in commands:
        assert names[0] in top.stdout
        result = runner.invoke(app, [*names, "--help"])
        assert result.exit_code == 0, names
        assert "Usage:" in result.stdout


@pytest.mark.slow  # renders a kit or starts Python
def test_new_with_country_and_no_input(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--country", "SE",
                                 "--locale", "en", "--no-input",
                                 "-d", "contact_email=hej@example.se"])
    assert result.exit_code == 0, result.output
    assert "Made the kit for One Team Gov Sverige" in result.stdout
    assert "Still to fill in:" in result.stdout
    assert "venue name and address: " in result.stdout
    recorded = yaml.safe_load((tmp_path / "kit" / ".copier-answers.yml").read_text())
    assert recorded["contact_email"] == "hej@example.se"


@pytest.mark.slow  # renders a kit or starts Python
def test_answers_file_and_flags_override_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--answers",
                                 str(DATA / "answers-ministry.yml"), "--name", "Team Justice",
                                 "--no-input"])
    assert result.exit_code == 0, result.output
    recorded = yaml.safe_load((tmp_path / "kit" / ".copier-answers.yml").read_text())
    assert recorded["chapter_name"] == "Team Justice"
    assert recorded["event_kind"] == "breakfast"
    assert (tmp_path / "kit" / "events" / "breakfast" / "en" / "invitation.md").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--country", "XX"], "boxkit: error: country: unknown country code 'XX'; did you mean"),
    (["--country", "SE", "--locale", "sv-XX"], "boxkit: error: locales: unknown locale"),
    (["--country", "SE", "-d", "event_date=tomorrow"], "event_date: 'tomorrow' is not a date"),
    (["--country", "SE", "-d", "event_roms=[]"], "unknown answer 'event_roms'; did you mean"),
    (["--scope", "organisation"], "organisation: required"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_1(runner: CliRunner, tmp_path: Path,
                                                    args: list[str], message: str) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--no-input", *args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message) or message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "kit").exists()


def test_bad_answers_file_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("country: SE\nevent_capacity: many\n")
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--answers", str(answers),
                                 "--no-input"])
    assert result.exit_code == 1
    assert f"{answers}:2: event_capacity: 'many' is not a whole number" in result.stderr


@pytest.mark.slow  # renders a kit or starts Python
def test_non_empty_destination_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    result = runner.invoke(app, ["new", str(tmp_path), "--country", "SE", "--no-input"])
    assert result.exit_code == 1
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]
    forced = runner.invoke(app, ["new", str(tmp_path), "--country", "SE", "--no-input",
                                 "--force"])
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "mine.txt").read_text() == "keep me"
    assert (tmp_path / "README.md").is_file()


@pytest.mark.slow  # renders a kit or starts Python
def test_dry_run_lists_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "kit"), "--country", "SE",
                                 "--no-input", "--dry-run"])
    assert result.exit_code == 0
    assert "  guides/sv/01-start-here.md" in result.stdout.splitlines()
    assert "Nothing was written" in result.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer prompts through CliRunner's input as if it were a person at a terminal."""
    from boxkit.cli import _prompts

    monkeypatch.setattr(_prompts, "stdin_is_terminal", lambda: True)


@pytest.mark.slow  # renders a kit or starts Python
def test_interactive_prompts_start_with_the_scope(runner: CliRunner, tmp_path: Path,
                                                  terminal: None) -> None:
    # scope, country, chapter name, locales, time zone, currency, contact (bad, then good),
    # event kind, date, start, venue, city, capacity, slots, "continue" although Canada
    # has a chapter, then the confirmation: Enter keeps each default.
    replies = ["", "CA", "", "", "", "", "nope", "bonjour@example.ca", "", "", "", "",
               "Ottawa", "", "", "continue", ""]
    result = runner.invoke(app, ["new", str(tmp_path / "kit")], input="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.output
    prompts = result.stderr
    assert prompts.index("What does the chapter cover?") < prompts.index("Which country") \
        < prompts.index("Chapter name [One Team Gov Canada]")
    assert "organisation  people inside one ministry, agency or council" in prompts
    assert "unconference  a day whose sessions the people who come pitch and run" in prompts
    assert "Time zone [America/Toronto]" in prompts
    assert "Currency [CAD]" in prompts
    assert "contact_email: 'nope' is not an e-mail address" in prompts
    assert "  event_city: Ottawa" in prompts and "Go ahead? [Y/n]" in prompts
    recorded = yaml.safe_load((tmp_path / "kit" / ".copier-answers.yml").read_text())
    assert recorded["event_city"] == "Ottawa"
    assert recorded["contact_email"] == "bonjour@example.ca"


@pytest.mark.slow  # renders a kit or starts Python
def test_help_does_not_import_copier_or_babel() -> None:
    code = ("import sys; from boxkit.cli import app\n"
            "from typer.testing import CliRunner\n"
            "CliRunner().invoke(app, ['--help'])\n"
            "print(sorted(m for m in ('copier', 'babel', 'holidays') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
