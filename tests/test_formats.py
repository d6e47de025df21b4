"""More ways to meet: the format guides a chapter chooses, the between-events documents, the
welcome slides and print labels, in every shipped language."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from boxkit import NewKit
from boxkit._answers import FORMATS
from boxkit._i18n import shipped_locales
from boxkit._variants import base_of
from boxkit.errors import AnswersError
from conftest import english_left, make_kit

pytestmark = pytest.mark.slow  # renders kits

BETWEEN = ("sensemaking", "microaction-tracker", "case-study", "weeknote", "newsletter",
           "welcome-sequence", "chat-moderation", "photo-consent")
SHARED = ("print.yml", "slides.md")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return make_kit(tmp_path_factory.mktemp("formats") / "gb", country="GB")


@pytest.fixture(scope="module")
def every_language(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return make_kit(tmp_path_factory.mktemp("formats") / "all", country="CH",
                    locales=list(shipped_locales()))


def test_a_kit_carries_every_format_by_default_and_records_the_choice(english: NewKit
                                                                       ) -> None:
    folder = english.dest / "events/formats/en"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(FORMATS)
    assert sorted(p.stem for p in (english.dest / "events/between/en").glob("*.md")) == \
        sorted(BETWEEN)
    recorded = yaml.safe_load((english.dest / ".copier-answers.yml").read_text())
    assert recorded["formats"] == list(FORMATS)


def test_a_chapter_chooses_its_formats(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "two", country="GB",
                   formats=["problem-clinic", "show-and-tell"])
    assert sorted(p.name for p in (kit.dest / "events/formats/en").iterdir()) == [
        "problem-clinic.md", "show-and-tell.md"]
    none = make_kit(tmp_path / "none", country="GB", formats=[])
    assert not (none.dest / "events/formats").exists()
    assert (none.dest / "events/between/en/weeknote.md").is_file()
    with pytest.raises(AnswersError, match=r"unknown format.*hackathon.*choose from"):
        make_kit(tmp_path / "bad", country="GB", formats=["hackathon"])


def test_each_format_guide_has_a_timed_plan_roles_and_follow_up(english: NewKit) -> None:
    for name in FORMATS:
        text = (english.dest / f"events/formats/en/{name}.md").read_text()
        headings = re.findall(r"^## (.+)$", text, re.M)
        assert headings[0] == "What it is and when to use it", name
        for wanted in ("Roles", "What to prepare", "What good looks like", "Follow-up"):
            assert wanted in headings, (name, wanted)
        assert any(h.startswith("Timed plan") for h in headings), name
        # Every timed plan runs from minute 0 with no gap or overlap between its rows.
        for table in re.findall(r"^\| Minutes \|.*\n\|[- |]+\|\n((?:\|.*\n)+)", text, re.M):
            spans = [tuple(int(n) for n in re.findall(r"\d+", row.split("|")[1]))
                     for row in table.strip().splitlines()]
            assert spans[0][0] == 0, name
            assert all(a[1] == b[0] for a, b in itertools.pairwise(spans)), name


def test_a_problem_clinic_sprint_lasts_at_most_four_weeks(english: NewKit) -> None:
    text = (english.dest / "events/formats/en/problem-clinic.md").read_text()
    weeks = {int(n) for n in re.findall(r"^\| Week (\d+) \|", text, re.M)}
    assert weeks and max(weeks) <= 4
    for part in ("Product canvas", "Questions for judging ideas", "The problem form"):
        assert f"## {part}" in text


def test_online_and_hybrid_guides_cover_time_zones_and_scoring(english: NewKit) -> None:
    online = (english.dest / "events/formats/en/online-unconference.md").read_text()
    assert "Europe/London" in online and "25/10" in online
    hybrid = (english.dest / "events/formats/en/hybrid-unconference.md").read_text()
    assert "online room host" in hybrid.lower()


def test_between_events_templates_have_their_usual_headings(english: NewKit) -> None:
    folder = english.dest / "events/between/en"
    weeknote = (folder / "weeknote.md").read_text()
    for heading in ("What happened", "What I learned", "What's next", "Thanks"):
        assert heading in weeknote
    assert "CC BY-SA 4.0" in (folder / "photo-consent.md").read_text()
    for colour in ("green", "yellow", "red"):
        assert colour in (folder / "photo-consent.md").read_text().lower()
    harvest = (folder / "sensemaking.md").read_text()
    assert "microaction" in harvest and "| Theme |" in harvest


def test_every_format_and_template_renders_in_every_shipped_language(every_language: NewKit
                                                                     ) -> None:
    kit = every_language.dest
    for code in shipped_locales():
        files = [*(kit / f"events/formats/{code}/{name}.md" for name in FORMATS),
                 *(kit / f"events/between/{code}/{name}.md" for name in BETWEEN),
                 *(kit / f"events/shared/{code}/{name}" for name in SHARED)]
        for path in files:
            text = path.read_text()
            assert not re.search(r"\{\{|\{%|\{#|%\}|\}\}", text), path
        yaml.safe_load((kit / f"events/shared/{code}/print.yml").read_text())
        if code != "en" and base_of(code) != "en":
            assert english_left(every_language, code) == [], code


def test_a_kit_from_before_formats_gets_them_on_update_and_keeps_its_edits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """0.4.1 had no formats: updating to the newest release adds the default ones, and a
    chapter can add or drop one later with `update -d formats=…`."""
    from boxkit import resolve_answers, update_kit
    from boxkit._kit import new_kit
    from conftest import TODAY, commit_all

    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", "0.4.1")
    kit = tmp_path / "kit"
    new_kit(kit, resolve_answers({"country": "GB", "locales": ["en"]}, today=TODAY).answers)
    monkeypatch.delenv("BOXKIT_TEMPLATE_VERSION")
    assert not (kit / "events/formats").exists()
    run_sheet = kit / "events/unconference/en/run-sheet.md"
    run_sheet.write_text(run_sheet.read_text() + "\nOur own closing note.\n")
    commit_all(kit, "our edit")

    result = update_kit(kit)
    assert result.old_version == "v0.4.1" and result.new_version != "v0.4.1"
    assert sorted(p.stem for p in (kit / "events/formats/en").glob("*.md")) == sorted(FORMATS)
    assert "Our own closing note." in run_sheet.read_text()
    commit_all(kit, "updated")

    clinic = kit / "events/formats/en/problem-clinic.md"
    clinic.write_text(clinic.read_text() + "\nOur clinic meets on the third floor.\n")
    commit_all(kit, "our clinic")
    update_kit(kit, data={"formats": ["problem-clinic", "show-and-tell"]})
    assert sorted(p.name for p in (kit / "events/formats/en").iterdir()) == [
        "problem-clinic.md", "show-and-tell.md"]
    assert "third floor" in clinic.read_text()
    recorded = yaml.safe_load((kit / ".copier-answers.yml").read_text())
    assert recorded["formats"] == ["show-and-tell", "problem-clinic"]  # in the list's order
