"""Which languages boxkit ships, and how a requested language maps onto them.

English is the source language. A locale counts as shipped when ``locales/<code>/``
holds its catalogs; until then a request for it falls back to English with a note.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from functools import cache

from boxkit._resources import data_path

SOURCE_LOCALE = "en"


@cache
def shipped_locales() -> tuple[str, ...]:
    """English first, then every locale with a catalog folder, sorted."""
    try:
        root = data_path("locales")
    except FileNotFoundError:
        return (SOURCE_LOCALE,)
    found = sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.po")))
    return (SOURCE_LOCALE, *[code for code in found if code != SOURCE_LOCALE])


@dataclass(frozen=True)
class LocaleChoice:
    """The shipped locale chosen for a requested one, and a note when they differ."""

    requested: str
    shipped: str | None
    note: str | None


def best_shipped(requested: str) -> LocaleChoice:
    """Map a valid CLDR locale onto the best shipped one (``fr_CA`` → ``fr``).

    Returns ``shipped=None`` when no shipped locale shares the language.
    """
    from boxkit.cldr import language_name

    shipped = shipped_locales()
    if requested in shipped:
        return LocaleChoice(requested, requested, None)
    language = requested.split("_")[0]
    if language in shipped:
        return LocaleChoice(requested, language, None)
    same_language = [code for code in shipped if code.split("_")[0] == language]
    if same_language:
        chosen = same_language[0]
        note = (f"{language_name(requested)} ({requested}) is not shipped; "
                f"using {language_name(chosen)} ({chosen}).")
        return LocaleChoice(requested, chosen, note)
    note = (f"{language_name(requested)} ({requested}) is not shipped yet; that part of the kit "
            "is in English. See docs/translating.md to add it.")
    return LocaleChoice(requested, None, note)


@cache
def _translations() -> _gettext.NullTranslations:
    try:
        localedir = str(data_path("locales"))
    except FileNotFoundError:
        return _gettext.NullTranslations()
    return _gettext.translation("boxkit", localedir=localedir, fallback=True)


def _(message: str) -> str:
    """Translate a CLI message into the user's language (English when no catalog)."""
    return _translations().gettext(message)
