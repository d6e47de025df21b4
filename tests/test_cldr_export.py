"""The CLDR tables in the template match the installed Babel, and format like Babel."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date, format_time

from boxkit._resources import default_template_dir
from boxkit.cldr_export import render_table
from boxkit.i18n import shipped_locales


@pytest.mark.parametrize("code", shipped_locales())
def test_exported_tables_are_up_to_date(code: str) -> None:
    path = default_template_dir() / "_cldr" / f"{code}.yml"
    assert path.read_text(encoding="utf-8") == render_table(code), (
        "run `python -m boxkit.cldr_export` and commit the result")


@pytest.mark.parametrize(("country", "babel_locale"), [("GB", "en_GB"), ("US", "en_US"),
                                                       ("SE", "en_SE"), ("IN", "en_IN")])
def test_template_macros_format_like_babel(tmp_path: pytest.TempPathFactory, country: str,
                                           babel_locale: str) -> None:
    import jinja2
    import jinja2_ansible_filters  # noqa: F401  (copier's own filters: to_datetime)
    import yaml

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(default_template_dir()),
                             extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
                             trim_blocks=True, lstrip_blocks=True)
    table = yaml.safe_load((default_template_dir() / "_cldr" / "en.yml").read_text())
    macros = env.get_template("_macros/format.jinja").module
    day = dt.date(2027, 3, 17)
    assert str(macros.date("2027-03-17", table, country)) == format_date(
        day, "full", locale=babel_locale)
    for hhmm in ((9, 5), (13, 30), (0, 0)):
        assert str(macros.time(hhmm[0] * 60 + hhmm[1], table, country)) == format_time(
            dt.time(*hhmm), "short", locale=babel_locale)


@pytest.mark.parametrize(("code", "country", "number", "expected"), [
    ("en", "GB", 12500, "12,500"), ("en", "GB", 1200, "1200"), ("en", "SE", 25000, "25\u00a0000"),
])
def test_number_macro_groups_digits(code: str, country: str, number: int, expected: str) -> None:
    import jinja2
    import yaml

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(default_template_dir()),
                             extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
                             trim_blocks=True, lstrip_blocks=True)
    table = yaml.safe_load((default_template_dir() / "_cldr" / f"{code}.yml").read_text())
    macros = env.get_template("_macros/format.jinja").module
    assert str(macros.number(number, table, country)) == expected
