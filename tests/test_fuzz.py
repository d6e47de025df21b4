"""Hostile and random input through the command line (Hypothesis).

Every case ends one of two ways: exit 0 with valid output, or exit 1 with one line on
stderr, no traceback and nothing written. Inputs: answers files, -d values, pitches CSV,
rooms YAML, and outside templates' file names and contents.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from boxkit._answers import KEYS
from boxkit.cli import app

pytestmark = pytest.mark.slow
FUZZ = settings(max_examples=20, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])
ROOMS = "- {name: Hall, capacity: 80}\n- {name: Room 2, capacity: 20, step_free: false}\n"
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
SCALARS = st.one_of(TEXT, st.integers(-5, 200_000), st.none(), st.booleans(),
                    st.sampled_from(["NO", "10:30", "2027-02-31", "2027-03-17", "en",
                                     "{{ 7*7 }}", "=HYPERLINK(1)", "🎉", "مرحبا", ""]))


def one_line_or_ok(code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err
    if code != 0:
        assert code == 1, (code, out, err)
        assert err.count("\n") == 1 and err.startswith("boxkit: error: "), err


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@FUZZ
@given(answers=st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), SCALARS, max_size=6))
def test_answers_files(answers: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.yml"
        path.write_text(yaml.safe_dump({"country": "SE", **answers}, allow_unicode=True),
                        encoding="utf-8")
        code, out, err = invoke("new", str(Path(tmp) / "kit"), "--answers", str(path),
                                "--no-input", "--dry-run")
        one_line_or_ok(code, out, err)
        if code == 0:
            assert "Nothing was written (--dry-run)." in out
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["answers.yml"]


@FUZZ
@given(key=st.sampled_from(KEYS), value=TEXT)
def test_data_values(key: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = invoke("new", str(Path(tmp) / "kit"), "--country", "SE", "--locale",
                                "en", "-d", f"{key}={value}", "--no-input", "--dry-run")
        one_line_or_ok(code, out, err)
        assert list(Path(tmp).iterdir()) == []


def _schedule(folder: Path, pitches: str, rooms: str) -> tuple[int, str, str]:
    (folder / "pitches.csv").write_text(pitches, encoding="utf-8")
    (folder / "rooms.yml").write_text(rooms, encoding="utf-8")
    return invoke("schedule", str(folder / "pitches.csv"), "--rooms", str(folder / "rooms.yml"),
                  "--out", str(folder / "out"), "--start", "09:30")


def _valid_outputs(out: Path) -> None:
    data = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    assert set(data) == {"slots", "rooms", "sessions", "overflow"}
    with (out / "grid.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    for ics in out.rglob("*.ics"):
        Calendar.from_ical(ics.read_bytes())


@FUZZ
@given(rows=st.lists(st.tuples(TEXT, TEXT, st.one_of(st.integers(-3, 40), TEXT)),
                     max_size=12))
def test_pitches(rows: list[tuple[str, str, object]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["title", "host", "score"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = _schedule(Path(tmp), text.getvalue(), ROOMS)
        one_line_or_ok(code, out, err)
        if code == 0:
            _valid_outputs(Path(tmp) / "out")
        else:
            assert not (Path(tmp) / "out").exists()


@FUZZ
@given(rooms=st.one_of(
    st.lists(st.dictionaries(st.sampled_from(["name", "capacity", "step_free", "colour"]),
                             SCALARS, max_size=4), max_size=5),
    TEXT))
def test_rooms(rooms: object) -> None:
    rooms_text = rooms if isinstance(rooms, str) else yaml.safe_dump(rooms, allow_unicode=True)
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = _schedule(Path(tmp), "title,host,score\nOpen data,Ana,9\n",
                                   rooms_text)
        one_line_or_ok(code, out, err)
        if code == 0:
            _valid_outputs(Path(tmp) / "out")
        else:
            assert not (Path(tmp) / "out").exists()


NAME = st.lists(st.sampled_from([*"abc._-/ {}%#|é🎉", "..", "{{ 7*7 }}",
                                 "{{cookiecutter.slug}}", "{{ chapter_name }}"]),
               min_size=1, max_size=8).map("".join)


@FUZZ
@given(kind=st.sampled_from(["copier", "cookiecutter"]),
       files=st.dictionaries(NAME, st.one_of(TEXT, st.sampled_from([
           "{{ chapter_name }}", "{% for x in y %}", "{{ cookiecutter.slug | upper }}",
           "{{ ''.__class__.__mro__ }}", "{% include '../../etc/passwd' %}"])),
           min_size=1, max_size=4))
def test_outside_template_names_and_contents(kind: str, files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tpl"
        body = root
        root.mkdir()
        if kind == "copier":
            (root / "copier.yml").write_text("chapter_name: {type: str}\n")
        else:
            (root / "cookiecutter.json").write_text('{"slug": "out"}')
            body = root / "{{cookiecutter.slug}}"
            body.mkdir()
        for name, content in files.items():
            target = body / name.strip("/")
            if not target.resolve().is_relative_to(body.resolve()) or target == body:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                continue
            target.write_text(content, encoding="utf-8")
        outside = sorted(p.name for p in Path(tmp).iterdir())
        code, out, err = invoke("new", str(Path(tmp) / "kit"), "--template", str(root),
                                "--country", "SE", "--locale", "en", "--no-input")
        one_line_or_ok(code, out, err)
        if code != 0:
            assert not (Path(tmp) / "kit").exists()
        else:
            kit = (Path(tmp) / "kit").resolve()
            assert all(p.resolve().is_relative_to(kit) for p in kit.rglob("*"))
        assert sorted(p.name for p in Path(tmp).iterdir()) == sorted(
            [*outside, *(["kit"] if code == 0 else [])])
        shutil.rmtree(root)
