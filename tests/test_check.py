"""`boxkit check` renders the matrix and names the file and reason of each problem."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boxkit._calendar import ics_problems
from boxkit._check import matrix
from boxkit.cli import app

pytestmark = pytest.mark.slow  # every test here renders the template matrix

ROOT = Path(__file__).parents[1]


def test_matrix_covers_kinds_parts_and_scopes() -> None:
    names = [case.name for case in matrix(["en"])]
    assert names == ["en/default", "en/event=breakfast", "en/event=none",
                     "en/without-guides", "en/without-principles", "en/without-events",
                     "en/without-website", "en/organisation"]
    assert {case.answers.locales for case in matrix(["en", "fr"])} >= {("en",)}


@pytest.mark.slow
def test_check_passes_on_the_bundled_template() -> None:
    result = CliRunner().invoke(app, ["check", "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"8 kits, \d+ files checked, 0 problems", result.stdout.strip())


def test_check_names_file_and_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv("BOXKIT_ROOT", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", "0.1.1.dev0")
    template = tmp_path / "templates" / "kit" / "template"
    (template / "broken.md.jinja").write_text("# Broken\n\n\n\nText {{ '{{' }} left.\n")
    (template / "bad.yml").write_text("key: [unclosed\n")
    result = CliRunner().invoke(app, ["check", "--locale", "en"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("en/default: broken.md: line") and "MD012" in line
               for line in lines)
    assert any(line.startswith("en/default: broken.md: line 5: template syntax")
               for line in lines)
    assert any(line.startswith("en/default: bad.yml: not valid YAML") for line in lines)
    assert "problems" in result.stderr


def test_ics_problems_are_named() -> None:
    broken = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
              b"DTSTART:20270317T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    problems = ics_problems(broken)
    assert "VCALENDAR has no PRODID" in problems
    assert "VEVENT has no DTSTAMP" in problems
    assert "VEVENT DTSTART has no time zone" in problems
