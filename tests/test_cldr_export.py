"""The template's date, time and number macros, fed the CLDR tables a build exports from
the installed Babel, write what Babel writes, for every shipped locale and region."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from boxkit._build import build_template
from boxkit._i18n import shipped_locales


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("built") / "kit").folder


def macros(built: Path) -> Any:
    import jinja2
    import jinja2_ansible_filters  # noqa: F401  (copier's own filters: to_datetime)

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(built),
                             extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
                             trim_blocks=True, lstrip_blocks=True)
    return env.get_template("_macros/format.jinja").module


def regions(built: Path, code: str) -> list[tuple[dict[str, Any], str, str]]:
    """(table, country, Babel locale) for the language's default and each region that
    formats differently from it."""
    table = yaml.safe_load((built / "_cldr" / f"{code}.yml").read_text(encoding="utf-8"))
    found = [(table, "", code)]
    language = code.split("_")[0]
    for country in table["formats"]:
        if country != "default":
            found.append((table, country, f"{language}_{country}"))
    return found


@pytest.mark.parametrize("code", shipped_locales())
def test_dates_and_times_format_like_babel(built: Path, code: str) -> None:
    module = macros(built)
    day = dt.date(2027, 3, 17)
    checked = 0
    for table, country, babel_locale in regions(built, code):
        where = f"{code} as read in {country or 'the default region'}"
        for style in ("full", "long", "short"):
            assert str(module.date("2027-03-17", table, country, f"date_{style}")) == \
                format_date(day, style, locale=babel_locale), where
        for hour, minute in ((9, 5), (13, 30), (0, 0)):
            assert str(module.time(hour * 60 + minute, table, country)) == format_time(
                dt.time(hour, minute), "short", locale=babel_locale), where
        checked += 1
    assert checked >= 1


@pytest.mark.parametrize("code", shipped_locales())
def test_numbers_group_like_babel(built: Path, code: str) -> None:
    module = macros(built)
    for table, country, babel_locale in regions(built, code):
        for number in (7, 100, 1200, 12500, 250000):
            assert str(module.number(number, table, country)) == format_decimal(
                number, locale=babel_locale), f"{number} in {babel_locale}"


@pytest.mark.parametrize(("country", "number", "expected"), [
    ("GB", 1200, "1,200"), ("GB", 12500, "12,500"), ("IN", 1234567, "12,34,567"),
    ("SE", 25000, "25\u00a0000"),
])
def test_number_macro_in_english(built: Path, country: str, number: int,
                                 expected: str) -> None:
    table = yaml.safe_load((built / "_cldr" / "en.yml").read_text(encoding="utf-8"))
    assert str(macros(built).number(number, table, country)) == expected


def test_tables_from_before_grouping_sizes_still_group_in_threes(built: Path) -> None:
    """A v0.1.0 table has no ``grouping``: the macro falls back to groups of three."""
    table = yaml.safe_load((built / "_cldr" / "en.yml").read_text(encoding="utf-8"))
    for formats in table["formats"].values():
        formats.pop("grouping")
    assert str(macros(built).number(1234567, table, "IN")) == "1,234,567"
