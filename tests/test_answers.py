"""The answers model: validation at the boundary and defaults derived from the country."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from boxkit import AnswersError, UnknownCodeError, load_answers_file, resolve_answers
from boxkit._answers import KEYS, Question
from boxkit._i18n import shipped_locales
from boxkit._resources import default_template_dir
from conftest import TODAY

DESIGN_KEYS = {"chapter_name", "scope", "country", "organisation", "locales", "timezone",
               "contact_email", "website_url", "event_kind", "event_date", "event_start",
               "event_venue", "event_city", "event_capacity", "event_rooms", "parts"}


def resolve(**given: object):  # type: ignore[no-untyped-def]
    return resolve_answers(given, today=TODAY)


def test_every_design_key_is_an_answer_and_a_recorded_copier_question() -> None:
    copier_yml = yaml.safe_load((default_template_dir() / "copier.yml").read_text())
    recorded = {k for k, v in copier_yml.items()
                if not k.startswith("_") and v.get("when") is not False}
    assert set(KEYS) >= DESIGN_KEYS
    assert recorded == set(KEYS)


def test_country_alone_derives_name_language_zone_and_currency() -> None:
    resolved = resolve(country="se")
    answers = resolved.answers
    assert answers.chapter_name == "One Team Gov Sverige"
    assert answers.country == "SE"
    assert answers.timezone == "Europe/Stockholm"
    assert answers.currency == "SEK"
    assert answers.locales == ("sv",)  # Swedish is shipped
    assert not resolved.notes


def test_a_language_not_shipped_falls_back_to_english_with_a_note() -> None:
    resolved = resolve(country="PL")
    assert "pl" not in shipped_locales()
    assert resolved.answers.locales == ("en",)
    assert any("Polish (pl) is not shipped yet" in note for note in resolved.notes)


@pytest.mark.parametrize(("country", "zone", "currency", "name"), [
    ("US", "America/New_York", "USD", "One Team Gov United States"),
    ("BR", "America/Sao_Paulo", "BRL", "One Team Gov Brasil"),
    ("CH", "Europe/Zurich", "CHF", "One Team Gov Schweiz"),
    ("EG", "Africa/Cairo", "EGP", "One Team Gov مصر"),
])
def test_multi_zone_and_non_english_countries(country: str, zone: str, currency: str,
                                               name: str) -> None:
    answers = resolve(country=country).answers
    assert (answers.timezone, answers.currency, answers.chapter_name) == (zone, currency, name)




def test_unknown_country_lists_close_matches() -> None:
    with pytest.raises(UnknownCodeError,
                       match=r"country: unknown country code 'SWE'.*SE \(Sweden\)"):
        resolve(country="SWE")


def test_country_by_english_name() -> None:
    assert resolve(country="Sweden").answers.country == "SE"


@pytest.mark.parametrize("code", ["en-GB", "en_GB", "EN-gb", "en"])
def test_locales_accept_bcp47_and_posix(code: str) -> None:
    assert resolve(country="GB", locales=[code]).answers.locales == ("en",)


def test_unshipped_locale_falls_back_to_english_with_a_note() -> None:
    resolved = resolve(country="FI", locales="fi")
    assert resolved.answers.locales == ("en",)
    assert any("Finnish (fi) is not shipped" in note for note in resolved.notes)


def test_unknown_locale_lists_close_matches() -> None:
    with pytest.raises(UnknownCodeError, match=r"locales: unknown locale 'svv'.*did you mean"):
        resolve(country="SE", locales=["svv"])


def test_organisation_scope_needs_no_country_but_an_organisation() -> None:
    answers = resolve(scope="organisation", organisation="Ministry of Justice").answers
    assert answers.country == ""
    assert answers.chapter_name == "One Team Gov Ministry of Justice"
    with pytest.raises(AnswersError, match="organisation: must not be empty"):
        resolve(scope="organisation", organisation="")


def test_missing_required_answer_is_named() -> None:
    with pytest.raises(AnswersError, match=r"^country: required"):
        resolve()


@pytest.mark.parametrize(("key", "value", "message"), [
    ("contact_email", "not-an-email", "contact_email: 'not-an-email' is not an e-mail"),
    ("website_url", "javascript:alert(1)", "website_url: .* is not a web address"),
    ("event_date", "17/03/2027", "event_date: '17/03/2027' is not a date"),
    ("event_start", "9.30", "event_start: '9.30' is not a time"),
    ("event_capacity", "lots", "event_capacity: 'lots' is not a whole number"),
    ("event_kind", "party", "event_kind: 'party' is not one of"),
    ("parts", ["guides", "videos"], "parts: unknown part"),
    ("timezone", "Europe/Stokholm", "timezone: .*did you mean Europe/Stockholm"),
    ("currency", "SEKK", "currency: unknown ISO 4217"),
    ("chapter_name", "two\nlines", "chapter_name: must be a single line"),
    ("event_rooms", [{"name": "A", "capacity": 5}, {"name": "a", "capacity": 9}],
     "event_rooms: room 2: 'a' is listed twice"),
    ("event_rooms", [{"name": "A"}], "event_rooms: room 1: a room needs a name and a capacity"),
    ("event_rooms", [{"name": "A", "capacity": 0}],
     "event_rooms: room 1: A: capacity must be a whole number from 1 to 100000"),
    ("event_rooms", [], "event_rooms: the list of rooms is empty; give at least one room"),
])
def test_bad_values_name_the_field(key: str, value: object, message: str) -> None:
    with pytest.raises(AnswersError, match=message):
        resolve(country="SE", **{key: value})


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(AnswersError,
                       match="unknown answer 'chapter_nam'; did you mean chapter_name"):
        resolve(country="SE", chapter_nam="x")


def test_default_event_date_is_midweek_twelve_weeks_ahead_and_not_a_holiday() -> None:
    # 2026-10-14 + 12 weeks is Wednesday 6 January 2027, Epiphany in Sweden.
    answers = resolve_answers({"country": "SE"}, today=dt.date(2026, 10, 14)).answers
    assert answers.event_date == dt.date(2027, 1, 7)
    # 2026-11-23 + 12 weeks is 15 February 2027, in Ramadan (8 February to 8 March 2027):
    # the first midweek day after it is Tuesday 9 March.
    plain = resolve(country="SE").answers.event_date
    assert (TODAY, plain) == (dt.date(2026, 11, 23), dt.date(2027, 3, 9))


def test_rooms_default_from_capacity_and_sorted_biggest_first() -> None:
    rooms = resolve(country="SE", event_capacity=200).answers.event_rooms
    assert rooms[0].capacity == 200
    assert len(rooms) == 6
    given = resolve(country="SE", event_rooms=[{"name": "Small", "capacity": 10},
                                               {"name": "Big", "capacity": 90,
                                                "step_free": False}]).answers.event_rooms
    assert [r.name for r in given] == ["Big", "Small"]
    assert given[0].step_free is False


def test_answers_file_examples_resolve() -> None:
    data = Path(__file__).parent / "data"
    for name in ("answers-canada.yml", "answers-ministry.yml", "answers-brasil-minimal.yml"):
        given, _ = load_answers_file(data / name)
        resolved = resolve_answers(given, today=TODAY)
        assert resolved.answers.chapter_name


def test_answers_file_errors_name_file_and_line(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "a.yml"
    bad_yaml.write_text("country: SE\nchapter_name: [unclosed\n")
    with pytest.raises(AnswersError, match=r"a\.yml:\d+: not valid YAML"):
        load_answers_file(bad_yaml)
    twice = tmp_path / "b.yml"
    twice.write_text("country: SE\ncountry: NO\n")
    with pytest.raises(AnswersError, match=r"b\.yml:2: country is given twice"):
        load_answers_file(twice)
    wrong = tmp_path / "c.yml"
    wrong.write_text("country: SE\n\ncontact_email: nope\n")
    given, where = load_answers_file(wrong)
    with pytest.raises(AnswersError, match=r"c\.yml:3: contact_email: 'nope'"):
        resolve_answers(given, locations=where, today=TODAY)
    listing = tmp_path / "d.yml"
    listing.write_text("- country: SE\n")
    with pytest.raises(AnswersError, match=r"d\.yml:1: the answers file must be a mapping"):
        load_answers_file(listing)


class ScriptedPrompter:
    """Answers prompts from a script, as a person at the terminal would."""

    def __init__(self, replies: dict[str, str]) -> None:
        self.replies = replies
        self.asked: list[tuple[str, str]] = []
        self.refused: list[str] = []

    def ask(self, question: Question, default: str) -> str:
        self.asked.append((question.key, default))
        reply = self.replies.get(question.key, "")
        if question.key in self.replies and isinstance(reply, list):
            return reply.pop(0)
        return reply or default

    def invalid(self, problem: AnswersError) -> None:
        self.refused.append(str(problem))


def test_interview_asks_scope_and_country_first_then_offers_derived_defaults() -> None:
    prompter = ScriptedPrompter({"country": "NO", "contact_email": ["bad", "hei@example.no"]})
    answers = resolve_answers({}, prompter=prompter, today=TODAY).answers
    asked = dict(prompter.asked)
    assert prompter.asked[:2] == [("scope", "country"), ("country", "")]
    assert asked["chapter_name"] == "One Team Gov Norge"
    assert asked["timezone"] == "Europe/Oslo"
    assert asked["currency"] == "NOK"
    assert answers.contact_email == "hei@example.no"
    assert prompter.refused == ["contact_email: 'bad' is not an e-mail address"]


def test_unshipped_official_languages_fall_back_to_english_beside_shipped_ones() -> None:
    resolved = resolve(country="BE")  # Dutch and French are shipped, German is too
    assert resolved.answers.locales == ("nl", "fr", "de")
    resolved = resolve(country="FI")  # Finnish and Swedish: one shipped
    assert resolved.answers.locales == ("en", "sv")
    assert any("Finnish (fi) is not shipped yet" in note for note in resolved.notes)


def test_switzerland_gets_its_three_shipped_official_languages() -> None:
    assert resolve(country="CH").answers.locales == ("de", "fr", "it")


def test_canada_gets_canadian_english_and_canadian_french() -> None:
    assert resolve(country="CA").answers.locales == ("en_CA", "fr_CA")
