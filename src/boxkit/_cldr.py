"""Countries, languages, time zones and currencies, looked up in CLDR (via Babel).

Everything here is data lookup: no formatting of dates for people (templates do that
from the CLDR tables that :mod:`boxkit._cldr_export` writes into the template).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from boxkit.errors import N_, UnknownCodeError

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Country:
    """What CLDR says about one country, used to derive default answers."""

    code: str
    english_name: str
    languages: tuple[str, ...]
    """Official languages, most used first (CLDR, de facto included)."""
    timezone: str
    timezone_is_guess: bool
    currency: str

    def native_name(self) -> str:
        """The country's name in its first official language that CLDR can name it in."""
        from babel import Locale, UnknownLocaleError

        for language in self.languages:
            for candidate in (f"{language}_{self.code}", language):
                try:
                    name = Locale.parse(candidate).territories.get(self.code)
                except (UnknownLocaleError, ValueError):
                    continue
                if name:
                    return str(name)
        return self.english_name


@cache
def _territory_names(locale: str = "en") -> dict[str, str]:
    from babel import Locale
    from babel.core import get_global

    currencies = get_global("territory_currencies")
    names = Locale.parse(locale).territories
    return {
        code: str(name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code in currencies and code != "ZZ"
    }


@cache
def _capital_zones() -> dict[str, str]:
    with (_DATA / "capital_zones.yml").open(encoding="utf-8") as fh:
        loaded: dict[str, str] = yaml.safe_load(fh)
    return loaded


_ALIASES = {"UK": "GB", "EL": "GR"}
"""Codes people use that ISO 3166-1 does not (the EU's own codes for two members)."""


def _suggest(word: str, choices: dict[str, str], shown: dict[str, str] | None = None) -> str:
    """'DE (Germany), …' for the codes or names closest to ``word``, best first, each named
    as ``shown`` names it (the user's language) or else as ``choices`` does.

    Names are compared by similarity (so a typo such as "Germny" finds Germany first) and
    codes too for short words; an exact or prefix match of a name wins, and of two equally
    close entries the shorter code (``en`` before ``en_SH``) comes first.
    """
    wanted = word.casefold().strip()

    def score(code: str) -> tuple[float, int]:
        name = choices[code].casefold()
        close = difflib.SequenceMatcher(None, wanted, name).ratio()
        if len(wanted) <= 3 or "_" in wanted:
            close = max(close, difflib.SequenceMatcher(None, wanted, code.casefold()).ratio())
        if name == wanted or code.casefold() == wanted:
            close += 1.0
        elif name.startswith(wanted):
            close += 0.3
        return close, -len(code)

    ranked = sorted(choices, key=score, reverse=True)
    cutoff = 0.5 if len(wanted) <= 3 else 0.6  # a two-letter code is half right or wrong
    found = [code for code in ranked[:4] if score(code)[0] >= cutoff]
    shown = shown or {}
    return ", ".join(f"{code} ({shown.get(code, choices[code])})" if choices[code] != code
                     else code for code in found)


def country_name(code: str, in_locale: str | None = None) -> str:
    """A country's name in ``in_locale`` (English by default)."""
    return names_in(in_locale, "territories").get(code) or _territory_names().get(code, code)


def names_in(locale: str | None, kind: str) -> dict[str, str]:
    """CLDR's territory or language names (``kind``) in ``locale``; empty for English or
    no locale, whose names are the ones boxkit matches anyway."""
    from babel import Locale, UnknownLocaleError

    if not locale or locale.startswith("en"):
        return {}
    try:
        return dict(getattr(Locale.parse(locale), kind))
    except (UnknownLocaleError, ValueError):
        return {}


def country(code_or_name: str, names: str | None = None) -> Country:
    """Look a country up by ISO 3166-1 alpha-2 code, by English name, or by its name in
    the locale ``names`` (the user's: "Schweiz"), whose names the close matches use.

    Raises :class:`UnknownCodeError` listing close matches when CLDR does not know it.
    """
    from babel.core import get_global
    from babel.languages import get_official_languages
    from babel.numbers import get_territory_currencies

    english = _territory_names()
    text = code_or_name.strip()
    code = _ALIASES.get(text.upper(), text.upper())
    if code not in english:
        # The English name or the user's own (Schweiz, Suisse), and close matches of both.
        own = {c: name for c, name in names_in(names, "territories").items() if c in english}
        by_name = {name.casefold(): c for c, name in (*english.items(), *own.items())}
        if text.casefold() in by_name:
            code = by_name[text.casefold()]
        else:
            close = _suggest(text, own or english, own)
            if close:
                raise UnknownCodeError(
                    N_("unknown country code %(text)r; did you mean %(close)s? "
                       "(use an ISO 3166-1 alpha-2 code such as SE)"), text=text, close=close)
            raise UnknownCodeError(
                N_("unknown country code %(text)r (use an ISO 3166-1 alpha-2 code such as SE)"),
                text=text)
    zones = get_global("territory_zones").get(code, [])
    if len(zones) == 1:
        zone, guess = zones[0], False
    elif code in _capital_zones():
        zone, guess = _capital_zones()[code], False
    else:
        zone, guess = (zones[0] if zones else "UTC"), True
    currencies = get_territory_currencies(code, tender=True)
    return Country(
        code=code,
        english_name=english[code],
        languages=tuple(get_official_languages(code, de_facto=True)),
        timezone=zone,
        timezone_is_guess=guess,
        currency=currencies[0] if currencies else "EUR",
    )


def _canonical_locale(text: str) -> str:
    """``pt-br`` → ``pt_BR``; ``zh-hant-tw`` → ``zh_Hant_TW`` (BCP 47 or POSIX in)."""
    parts = text.strip().replace("-", "_").split(".")[0].split("_")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4:
            out.append(part.title())
        elif part:
            out.append(part.upper())
    return "_".join(out)


@cache
def _locale_names() -> dict[str, str]:
    from babel import Locale
    from babel.localedata import locale_identifiers

    english = Locale.parse("en")
    out: dict[str, str] = {}
    for ident in locale_identifiers():
        try:
            out[ident] = Locale.parse(ident).get_display_name(english) or ident
        except ValueError:
            out[ident] = ident
    return out


def locale(text: str, names: str | None = None) -> str:
    """Validate a locale given as BCP 47 (``pt-BR``) or POSIX (``pt_BR``); return POSIX."""
    from babel.localedata import exists

    code = _canonical_locale(text)
    if code and code != "root" and exists(code):
        return code
    close = _suggest(code or text, _locale_names(), names_in(names, "languages"))
    if close:
        raise UnknownCodeError(N_("unknown locale %(text)r; did you mean %(close)s?"),
                               text=text, close=close)
    raise UnknownCodeError(N_("unknown locale %(text)r"), text=text)


def language_name(code: str, in_locale: str = "en") -> str:
    """The display name of a locale, e.g. ``sv`` → ``Swedish`` (or ``svenska`` in sv)."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name(Locale.parse(in_locale)) or code)
    except (UnknownLocaleError, ValueError):
        return code


def timezone(name: str) -> str:
    """Validate an IANA time zone name."""
    import zoneinfo

    zones = zoneinfo.available_timezones()
    if name in zones:
        return name
    by_fold = {z.casefold(): z for z in zones}
    if name.casefold() in by_fold:
        return by_fold[name.casefold()]
    close = difflib.get_close_matches(name, sorted(zones), n=3, cutoff=0.6)
    if close:
        raise UnknownCodeError(N_("unknown IANA time zone %(name)r; did you mean %(close)s?"),
                               name=name, close=", ".join(close))
    raise UnknownCodeError(N_("unknown IANA time zone %(name)r"), name=name)


def currency(code: str) -> str:
    """Validate an ISO 4217 currency code."""
    from babel.numbers import list_currencies

    known = list_currencies()
    up = code.strip().upper()
    if up in known:
        return up
    close = difflib.get_close_matches(up, sorted(known), n=3, cutoff=0.5)
    if close:
        raise UnknownCodeError(N_("unknown ISO 4217 currency %(code)r; did you mean %(close)s?"),
                               code=code, close=", ".join(close))
    raise UnknownCodeError(N_("unknown ISO 4217 currency %(code)r"), code=code)
