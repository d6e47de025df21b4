"""Write the CLDR tables the kit template formats dates, times and names with.

Copier templates cannot call Babel without an unsafe Jinja extension, and a template
that plain ``copier update`` can use without ``--trust`` is worth a lot. So the data the
templates need is exported from Babel into ``templates/kit/_cldr/<locale>.yml``, one file
per shipped locale, and read by the template through a hidden question. Run it after
adding a locale or upgrading Babel: ``python -m boxkit.cldr_export``; a test checks that
the files match the installed Babel.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from boxkit._resources import default_template_dir
from boxkit.i18n import shipped_locales

_FIELDS = set("yMLdEcahHms")


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
    return {
        "date_full": _tokens(get_date_format("full", loc).pattern),
        "date_long": _tokens(get_date_format("long", loc).pattern),
        "date_short": _tokens(get_date_format("short", loc).pattern),
        "time_short": _tokens(get_time_format("short", loc).pattern),
        "am": str(_period(loc, "am")),
        "pm": str(_period(loc, "pm")),
        "group": get_group_symbol(loc),
        "decimal": get_decimal_symbol(loc),
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
    by_territory: dict[str, Any] = {}
    for ident in sorted(locale_identifiers()):
        parsed = Locale.parse(ident)
        if parsed.language != loc.language or not parsed.territory or parsed.script:
            continue
        found = _formats(ident)
        if found != default:
            by_territory[parsed.territory] = found
    months = loc.months["format"]
    days = loc.days["format"]
    return {
        "locale": code,
        "direction": "rtl" if loc.character_order == "right-to-left" else "ltr",
        "language_name": loc.get_display_name(loc),
        "months_wide": [str(months["wide"][m]) for m in range(1, 13)],
        "months_abbr": [str(months["abbreviated"][m]) for m in range(1, 13)],
        "days_wide": [str(days["wide"][d]) for d in range(7)],
        "days_abbr": [str(days["abbreviated"][d]) for d in range(7)],
        "formats": {"default": default, **by_territory},
        "territories": {
            key: str(name) for key, name in sorted(loc.territories.items())
            if len(key) == 2 and key.isalpha() and key in currencies
        },
        "languages": {key: str(name) for key, name in sorted(loc.languages.items())
                      if key in official or key in shipped_locales()},
    }


def render_table(code: str) -> str:
    header = (f"# CLDR data for {code}, exported from Babel by boxkit.cldr_export.\n"
              "# Generated: change the exporter, not this file.\n")
    body = yaml.safe_dump(locale_table(code), allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=100)
    return header + body


def export(folder: Path | None = None, codes: list[str] | None = None) -> list[Path]:
    """Write one table per locale (every shipped one by default) into ``folder`` (the
    template's ``_cldr``). ``boxkit locale extract`` calls this; so can maintainers."""
    folder = folder or default_template_dir() / "_cldr"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code in codes or shipped_locales():
        path = folder / f"{code}.yml"
        path.write_text(render_table(code), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in export(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(written_path)
