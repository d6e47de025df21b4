"""An organiser's first ten minutes, through the CLI: every input ends in a correct kit or
in one line on stderr with exit 1 and nothing written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar
from typer.testing import CliRunner

from boxkit.cli import app

pytestmark = pytest.mark.slow  # these tests render kits through the CLI

EMOJI = "🎉 One Team Gov Norge 🇳🇴"
RTL = "مقهى الخدمة العامة ☕"


def new(dest: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["new", str(dest), "--no-input", *args])
    return result.exit_code, result.stdout, result.stderr


def answers_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "line", "wanted"), [
    ("country: SE\nevent_date: 2027-02-31\n", 2, "event_date: '2027-02-31' is not a date"),
    ("country: SE\nevent_start: 25:61\n", 2, "event_start: '25:61' is not a time"),
    ("country: SE\nchapter_name: \"One\\u0007Bell\"\n", 2, "contains a control character"),
    ("country: SE\nevent_capacity: lots\n", 2, "event_capacity: 'lots' is not a whole"),
])
def test_bad_answers_are_one_line_naming_file_line_and_field(
        tmp_path: Path, text: str, line: int, wanted: str) -> None:
    path = answers_file(tmp_path, text)
    code, _, err = new(tmp_path / "kit", "--answers", str(path))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{path}:{line}: " in err and wanted in err
    assert not (tmp_path / "kit").exists()


@pytest.mark.parametrize("value", ["2027-13-01", "2027-02-31", "tomorrow"])
def test_impossible_dates_on_the_command_line_are_one_line(tmp_path: Path,
                                                           value: str) -> None:
    code, _, err = new(tmp_path / "kit", "--country", "SE", "-d", f"event_date={value}")
    assert code == 1 and err.count("\n") == 1
    assert f"event_date: '{value}' is not a date written YYYY-MM-DD" in err


def test_strings_stay_strings(tmp_path: Path) -> None:
    """YAML 1.1 would make Norway a boolean, a city called No false and 10:30 a number."""
    path = answers_file(tmp_path, "country: NO\nevent_start: 10:30\nevent_city: No\n"
                                  "event_venue: Yes\nevent_capacity: 0100\n")
    code, _, err = new(tmp_path / "kit", "--answers", str(path))
    assert code == 0, err
    recorded = yaml.safe_load((tmp_path / "kit/.copier-answers.yml").read_text())
    assert recorded["country"] == "NO" and recorded["chapter_name"] == "One Team Gov Norge"
    assert (recorded["event_start"], recorded["event_city"], recorded["event_venue"]) == \
        ("10:30", "No", "Yes")
    assert recorded["event_capacity"] == 100
    code, _, err = new(tmp_path / "second", "--country", "NO", "-d", "event_city=No",
                       "-d", "event_start=10:30", "-d", "event_capacity=40")
    assert code == 0, err
    recorded = yaml.safe_load((tmp_path / "second/.copier-answers.yml").read_text())
    assert (recorded["event_city"], recorded["event_start"], recorded["event_capacity"]) \
        == ("No", "10:30", 40)


@pytest.mark.slow
def test_emoji_and_right_to_left_names_give_valid_files_and_a_website(tmp_path: Path) -> None:
    code, _, err = new(tmp_path / "kit", "--country", "NO", "-d", f"chapter_name={EMOJI}",
                       "-d", f"event_venue={RTL}", "-d", "event_city=Tromsø 🏔️",
                       "-d", "contact_email=hei@example.no")
    assert code == 0, err
    kit = tmp_path / "kit"
    config = tomllib.loads((kit / "website/hugo.toml").read_text(encoding="utf-8"))
    assert config["title"] == EMOJI
    event = yaml.safe_load((kit / "events/event.yml").read_text(encoding="utf-8"))
    assert event["venue"] == RTL and event["title"].startswith(EMOJI)
    rooms = yaml.safe_load((kit / "events/unconference/rooms.yml").read_text(encoding="utf-8"))
    assert rooms
    recorded = yaml.safe_load((kit / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert recorded["chapter_name"] == EMOJI
    for ics in kit.rglob("*.ics"):
        calendar = Calendar.from_ical(ics.read_bytes())
        assert any(EMOJI in str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    for path in kit.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_bytes().decode("utf-8")  # never a lone surrogate
            assert "\\ud83c" not in text, path
    built = CliRunner().invoke(app, ["site", "build", str(kit)])
    assert built.exit_code == 0, built.output
    home = (kit / "website/public/index.html").read_text(encoding="utf-8")
    assert EMOJI in home
    pages = [p.read_text(encoding="utf-8") for p in (kit / "website/public").rglob("*.html")]
    assert any(RTL in page for page in pages)  # the venue, as text


# --- the interactive flow --------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer prompts through CliRunner's input as if it were a person at a terminal."""
    from boxkit.cli import _prompts

    monkeypatch.setattr(_prompts, "stdin_is_terminal", lambda: True)


def ask(dest: Path, replies: list[str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["new", str(dest), *args],
                                input="\n".join(replies) + "\n")
    return result.exit_code, result.stdout, result.stderr


def test_a_city_chapter_is_asked_its_city(tmp_path: Path, terminal: None) -> None:
    # scope, country, city; then Enter for every default, and yes.
    code, _, err = ask(tmp_path / "kit", ["city", "KE", "Nairobi"] + [""] * 14)
    assert code == 0, err
    assert "Which city or region?" in err
    assert "Chapter name [One Team Gov Nairobi]" in err
    recorded = yaml.safe_load((tmp_path / "kit/.copier-answers.yml").read_text())
    assert (recorded["place"], recorded["event_city"]) == ("Nairobi", "Nairobi")


def test_a_language_not_shipped_and_a_past_date_are_asked_again(tmp_path: Path,
                                                                terminal: None) -> None:
    replies = ["", "KE", "", "sw", "en", "", "", "", "", "2020-01-07", "2027-03-10"] + [""] * 8
    code, _, err = ask(tmp_path / "kit", replies)
    assert code == 0, err
    assert "locales: Swahili (sw) is not shipped yet: answer en for English, or start a " \
           "translation first (boxkit locale init sw" in err
    assert "event_date: 2020-01-07 is in the past" in err
    recorded = yaml.safe_load((tmp_path / "kit/.copier-answers.yml").read_text())
    assert (recorded["locales"], recorded["event_date"]) == (["en"], "2027-03-10")


def test_saying_no_at_the_summary_writes_nothing(tmp_path: Path, terminal: None) -> None:
    # scope, country, then 12 questions with defaults, "continue" although Sweden has a
    # chapter, then "n" at the summary.
    code, _, err = ask(tmp_path / "kit", ["", "SE"] + [""] * 12 + ["continue", "n"])
    assert code == 1
    assert "chapter_name: One Team Gov Sverige" in err and "Nothing was written." in err
    assert not (tmp_path / "kit").exists()


def test_a_dry_run_asks_nothing(tmp_path: Path, terminal: None) -> None:
    code, out, err = ask(tmp_path / "kit", [], "--country", "SE", "--dry-run")
    assert code == 0, err
    assert "?" not in err and "Nothing was written (--dry-run)." in out


def test_stdin_that_is_not_a_terminal_asks_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "boxkit", "new", str(tmp_path / "kit"),
                           "--country", "SE"], input="", capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "stdin is not a terminal, so nothing was asked (as with --no-input)" in done.stderr
    assert "Aborted" not in done.stderr
    assert (tmp_path / "kit/README.md").is_file()


def test_short_help_and_suggestions_that_rank_the_intended_answer_first(
        tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["-h"]).exit_code == 0
    assert "Create a new, complete starter kit" in CliRunner().invoke(app, ["new", "-h"]).stdout
    code, _, err = new(tmp_path / "kit", "--country", "Germny")
    assert code == 1 and "did you mean DE (Germany)" in err
    code, _, err = new(tmp_path / "kit", "--country", "SE", "--locale", "english")
    assert code == 1 and "did you mean en (English)," in err
    code, _, err = new(tmp_path / "kit", "--country", "UK", "--dry-run")
    assert code == 0, err


# --- answers change after the kit exists ---------------------------------------------


@pytest.mark.slow
def test_an_emoji_norwegian_chapter_changes_its_start_time_and_keeps_its_edits(
        tmp_path: Path) -> None:
    from conftest import commit_all

    kit = tmp_path / "kit"
    code, _, err = new(kit, "--country", "NO", "-d", f"chapter_name={EMOJI}",
                       "-d", "event_start=10:30")
    assert code == 0, err
    sheet = kit / "events/unconference/en/run-sheet.md"
    assert "10:30" in sheet.read_text()
    guide = kit / "guides/en/01-start-here.md"
    guide.write_text(guide.read_text() + "\nOur own note: coffee is on Kari.\n")
    sheet.write_text(sheet.read_text().replace("# ", "# Our ", 1))
    commit_all(kit, "our edits")
    # A week later the venue opens later.
    result = CliRunner().invoke(app, ["update", str(kit), "--no-input",
                                      "-d", "event_start=11:00", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["changed_answers"] == ["event_start"]
    assert report["old_version"] == report["new_version"]
    assert "events/unconference/en/run-sheet.md" in report["changed"]
    text = sheet.read_text()
    assert "the start time you chose (11:00)" in text and text.startswith("# Our ")
    assert "the start time you chose (10:30)" not in text
    assert "Our own note: coffee is on Kari." in guide.read_text()
    recorded = yaml.safe_load((kit / ".copier-answers.yml").read_text())
    assert (recorded["event_start"], recorded["chapter_name"]) == ("11:00", EMOJI)
    event = yaml.safe_load((kit / "events/event.yml").read_text())
    assert event["start"] == "11:00"
    calendar = Calendar.from_ical((kit / "events/unconference/invitation.ics").read_bytes())
    assert calendar.walk("VEVENT")[0]["DTSTART"].dt.strftime("%H:%M") == "11:00"


def test_update_names_a_missing_folder_and_a_bad_answer(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["update", str(tmp_path / "nosuchdir")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nosuchdir'}: no such folder" in result.stderr
    code, _, err = new(tmp_path / "kit", "--country", "SE", "--locale", "en")
    assert code == 0, err
    result = CliRunner().invoke(app, ["update", str(tmp_path / "kit"), "--no-input",
                                      "-d", "event_start=25:00"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "event_start: '25:00' is not a time" in result.stderr
    result = CliRunner().invoke(app, ["update", str(tmp_path / "kit"), "--no-input",
                                      "-d", "colour=red"])
    assert result.exit_code == 1 and "unknown answer 'colour'" in result.stderr
