"""A kit fits its country: the working week and religious calendar (Egypt), the spelling
of the English variant (Canada, the United States), the grammar of places, and budgets
with typical costs."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from boxkit import NewKit, resolve_answers
from boxkit._dates import clashes, last_working_day, ramadan, suggest_event_day, weekend
from boxkit._variants import read_spelling, respell
from conftest import TODAY, make_kit

ROOT = Path(__file__).parents[1]


def test_weekends_come_from_cldr() -> None:
    assert weekend("EG") == (4, 5)  # Friday and Saturday
    assert weekend("GB") == (5, 6)
    assert last_working_day("EG") == 3  # Thursday
    assert last_working_day("SE") == 4  # Friday


def test_ramadan_comes_from_the_umm_al_qura_calendar() -> None:
    assert ramadan(dt.date(2027, 2, 23))
    assert not ramadan(dt.date(2027, 3, 10))
    assert not ramadan(dt.date(2080, 1, 1))  # beyond the calendar's table: no claim


def test_egypts_default_event_day_avoids_ramadan_eid_and_the_weekend() -> None:
    day = suggest_event_day(dt.date(2026, 12, 1), "EG")
    assert day.weekday() in (0, 1, 2)  # not Sunday, next to the Friday–Saturday weekend
    assert not clashes(day, "EG")
    # 1 December + 12 weeks is 23 February 2027, in Ramadan; Eid al-Fitr follows it.
    assert day > dt.date(2027, 3, 9)


def test_a_chosen_date_in_ramadan_or_on_a_holiday_gets_a_note() -> None:
    notes = resolve_answers({"country": "EG", "event_date": "2027-02-23"},
                            today=TODAY).notes
    assert any("2027-02-23 is in Ramadan" in note and "boxkit update -d event_date="
               in note for note in notes)
    holiday = resolve_answers({"country": "GB", "event_date": "2027-12-27"},
                              today=TODAY).notes
    assert any("public holiday" in note for note in holiday)
    friday = resolve_answers({"country": "EG", "event_date": "2027-04-02"},
                             today=TODAY).notes
    assert any("a weekend day where you are" in note for note in friday)


@pytest.fixture(scope="module")
def egypt_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return make_kit(tmp_path_factory.mktemp("eg") / "kit", country="EG")


def test_egypts_kit_sends_weeknotes_on_thursday(egypt_kit: NewKit) -> None:
    guide = (egypt_kit.dest / "guides/en/06-working-in-the-open.md").read_text()
    assert "Thursday" in guide and "Friday" not in guide


def test_respelling_leaves_code_links_and_jinja_alone() -> None:
    us = read_spelling(ROOT / "locales/en_US")
    ca = read_spelling(ROOT / "locales/en_CA")
    assert us and ca
    text = ("Organise the programme at the centre: see `organiser-notes.md` and [the colour "
            "guide](https://example.org/colour), {{ colours.primary }}, the organisational "
            "emphasis, Recognised e-mails.")
    assert respell(text, us) == (
        "Organize the program at the center: see `organiser-notes.md` and [the color "
        "guide](https://example.org/colour), {{ colours.primary }}, the organizational "
        "emphasis, Recognized emails.")
    assert respell(text, ca) == (
        "Organize the program at the centre: see `organiser-notes.md` and [the colour "
        "guide](https://example.org/colour), {{ colours.primary }}, the organizational "
        "emphasis, Recognized emails.")


def _english_words(kit: NewKit, folder: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in kit.dest.rglob("*.md")
                     if f"/{folder}/" in p.as_posix())


def test_a_canadian_kit_is_in_canadian_english_and_french(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", languages_from_country=True, country="CA")
    assert kit.answers.locales == ("en_CA", "fr_CA")
    text = _english_words(kit, "en_CA")
    assert re.search(r"\borganiz", text) and not re.search(r"\borganis", text)
    assert "colour" in text and "color " not in text
    assert "programme" not in text


def test_an_american_kit_is_in_american_english(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", languages_from_country=True, country="US")
    assert kit.answers.locales == ("en_US",)
    text = _english_words(kit, "en_US")
    assert re.search(r"\borganiz", text) and "color" in text
    assert not re.search(r"\b(organis|colour|centre|programme)", text)
    readme = (kit.dest / "README.md").read_text(encoding="utf-8")
    assert "in the United States" in readme


@pytest.mark.parametrize(("given", "phrase"), [
    ({"country": "GB"}, "a chapter of One Team Gov in the United Kingdom."),
    ({"country": "SE"}, "a chapter of One Team Gov in Sweden."),
    ({"scope": "organisation", "organisation": "Department for Work and Pensions",
      "country": "GB"}, "a chapter of One Team Gov inside the Department for Work and Pensions."),
    ({"scope": "organisation", "organisation": "HM Treasury", "country": "GB"},
     "a chapter of One Team Gov inside HM Treasury."),
    ({"scope": "city", "place": "Leeds", "country": "GB"}, "a chapter of One Team Gov in Leeds."),
])
def test_places_and_organisations_are_written_with_their_articles(
        tmp_path: Path, given: dict[str, str], phrase: str) -> None:
    kit = make_kit(tmp_path / "kit", parts=["guides"], **given)
    assert phrase in (kit.dest / "README.md").read_text(encoding="utf-8")


def _budget(kit: NewKit) -> list[dict[str, str]]:
    with (kit.dest / "events/unconference/budget.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_budget_lines_carry_typical_ranges_marked_as_estimates(sweden_kit: NewKit) -> None:
    rows = [r for r in _budget(sweden_kit) if r["typical_unit_cost_high_estimate"]]
    assert len(rows) >= 15
    assert any(r["item"].startswith("Public liability insurance") for r in rows)
    for row in rows:
        low = float(row["typical_unit_cost_low_estimate"])
        high = float(row["typical_unit_cost_high_estimate"])
        assert 0 <= low < high, row
        assert row["estimate_currency"] == "SEK"
    lunch = next(r for r in rows if r["item"].startswith("Lunch"))
    assert 100 <= float(lunch["typical_unit_cost_low_estimate"]) <= 150  # 10–25 € per person


def test_a_currency_without_a_rate_keeps_its_estimates_in_euros(egypt_kit: NewKit) -> None:
    rows = [r for r in _budget(egypt_kit) if r["typical_unit_cost_high_estimate"]]
    assert {r["currency"] for r in rows} == {"EGP"}
    assert {r["estimate_currency"] for r in rows} == {"EUR"}
