"""Write the CLDR tables the kit template formats dates, times, names and numbers with.

Copier templates cannot call Babel without an unsafe Jinja extension, and a template
that plain ``copier update`` can use without ``--trust`` is worth a lot. So the data the
templates need is exported from Babel into ``_cldr/<locale>.yml`` of the *built* template
(:mod:`boxkit._build`), one file per shipped locale, read through a hidden question. The
tables are never committed: each build exports them from the Babel it runs with and
records that version, and a release freezes them in the history bundle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from boxkit._i18n import shipped_locales

_FIELDS = set("yMLdEcahHms")


def babel_version() -> str:
    """The installed Babel and the CLDR release its data comes from."""
    import babel
    from babel import core

    cldr = getattr(core, "get_cldr_version", lambda: "unknown")()
    return f"Babel {babel.__version__} (CLDR {cldr})"


def _tokens(pattern: str) -> str:
    """A CLDR pattern with each field written ``{letters}``: ``{EEEE}, {MMMM} {d}, {y}``.

    The template's ``_macros/format.jinja`` replaces the fields; literal text stays.
    """
    from babel.dates import tokenize_pattern

    out: list[str] = []
    for _kind, value in tokenize_pattern(pattern):
        if isinstance(value, str):  # kind == "chars": literal text
            out.append(value)
            continue
        letter, count = value
        if letter not in _FIELDS:
            raise ValueError(f"pattern {pattern!r}: field {letter} is not supported")
        letter = {"L": "M", "c": "E"}.get(letter, letter)
        if letter in "Ec" and count < 3:
            count = 3
        out.append("{" + letter * count + "}")
    return "".join(out)


def _formats(ident: str) -> dict[str, Any]:
    from babel import Locale
    from babel.dates import get_date_format, get_time_format
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = Locale.parse(ident)
    primary, secondary = loc.decimal_formats[None].grouping[:2]
    return {
        "date_full": _tokens(get_date_format("full", loc).pattern),
        "date_long": _tokens(get_date_format("long", loc).pattern),
        "date_short": _tokens(get_date_format("short", loc).pattern),
        "time_short": _tokens(get_time_format("short", loc).pattern),
        "am": str(_period(loc, "am")),
        "pm": str(_period(loc, "pm")),
        "group": get_group_symbol(loc),
        "decimal": get_decimal_symbol(loc),
        # Digits per group, rightmost group first: [3, 3] → 1,234,567; [3, 2] → 12,34,567.
        "grouping": [primary, secondary],
    }


def _names(loc: Any) -> dict[str, list[str]]:
    """Month and day names as dates use them (the "format" context)."""
    months, days = loc.months["format"], loc.days["format"]
    return {
        "months_wide": [str(months["wide"][m]) for m in range(1, 13)],
        "months_abbr": [str(months["abbreviated"][m]) for m in range(1, 13)],
        "days_wide": [str(days["wide"][d]) for d in range(7)],
        "days_abbr": [str(days["abbreviated"][d]) for d in range(7)],
    }


def _period(loc: object, key: str) -> str:
    """The abbreviated day period ``am``/``pm``, as Babel's ``a`` field prints it."""
    from babel.dates import get_period_names

    return str(get_period_names("abbreviated", "format", loc)[key])  # type: ignore[arg-type]


def locale_table(code: str) -> dict[str, Any]:
    """Everything a template needs to write for readers of ``code``."""
    from babel import Locale
    from babel.core import get_global
    from babel.localedata import locale_identifiers

    loc = Locale.parse(code)
    currencies = get_global("territory_currencies")
    official = {lang for langs in get_global("territory_languages").values()
                for lang, info in langs.items() if info.get("official_status")}
    default = _formats(code)
    names = _names(loc)
    by_territory: dict[str, Any] = {}
    for ident in sorted(locale_identifiers()):
        parsed = Locale.parse(ident)
        if (parsed.language != loc.language or not parsed.territory or parsed.script
                or parsed.variant):
            continue
        found = _formats(ident)
        # Some regions name the months differently (Arabic in Lebanon: آذار, not مارس).
        found.update({key: value for key, value in _names(parsed).items()
                      if value != names[key]})
        if found != default:
            by_territory[parsed.territory] = found
    return {
        "locale": code,
        "direction": "rtl" if loc.character_order == "right-to-left" else "ltr",
        "language_name": loc.get_display_name(loc),
        **names,
        "formats": {"default": default, **by_territory},
        "territories": {
            key: str(name) for key, name in sorted(loc.territories.items())
            if len(key) == 2 and key.isalpha() and key in currencies
        },
        "languages": {key: str(name) for key, name in sorted(loc.languages.items())
                      if key in official or key in shipped_locales()},
    }


def render_table(code: str) -> str:
    header = (f"# CLDR data for {code}, exported by boxkit._cldr_export from "
              f"{babel_version()}.\n")
    body = yaml.safe_dump(locale_table(code), allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=100)
    return header + body


def week_table() -> dict[str, Any]:
    """Each territory's weekend from CLDR, as [first day, last day] with 0 for Monday, for
    every territory whose weekend differs from the world's (``default``): the same
    answer :func:`boxkit._dates.weekend` gives boxkit, for the template."""
    from babel.core import get_global

    from boxkit._dates import DEFAULT_WEEKEND, weekend

    table: dict[str, Any] = {"default": list(DEFAULT_WEEKEND)}
    for territory in sorted(get_global("territory_languages")):
        days = weekend(territory)
        if territory.isalpha() and days != DEFAULT_WEEKEND:
            table[territory] = list(days)
    return {"weekend": table}


def export(folder: Path, codes: list[str]) -> list[Path]:
    """Write one table per locale into ``folder`` (a built template's ``_cldr``), and the
    territories' working weeks into ``week.yml``."""
    folder.mkdir(parents=True, exist_ok=True)
    week = folder / "week.yml"
    week.write_text(f"# Weekends by territory, exported from {babel_version()}.\n"
                    + yaml.safe_dump(week_table(), default_flow_style=None, width=100),
                    encoding="utf-8")
    written = [week]
    for code in codes:
        path = folder / f"{code}.yml"
        path.write_text(render_table(code), encoding="utf-8")
        written.append(path)
    return written
