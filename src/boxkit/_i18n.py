"""Which languages boxkit ships, and how a requested language maps onto them.

English is the source language. A locale counts as shipped when ``locales/<code>/``
holds its catalogs; until then a request for it falls back to English with a note.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from boxkit._resources import SOURCE_LOCALE as SOURCE_LOCALE
from boxkit._resources import data_path
from boxkit.errors import N_ as N_  # marks a message id; defined beside the errors

if TYPE_CHECKING:
    from boxkit._resources import Paths

KIT_DOMAIN = "kit"
"""``locales/<code>/kit.po``: the kit's texts; a locale ships when it has this catalog."""
CLI_DOMAIN = "boxkit"
"""``locales/<code>/boxkit.po``: the CLI's prompts and messages."""


def shipped_locales(paths: Paths | None = None) -> list[str]:
    """English first, then every locale with a kit catalog, sorted: the bundled catalogs,
    or those in ``paths.locales`` (a copy that a test or a translator works on)."""
    if paths is not None:
        return list(_shipped_in(paths.locales))
    try:
        root = data_path("locales")
    except FileNotFoundError:
        return [SOURCE_LOCALE]
    return list(_shipped_in(root))


def forget_shipped_locales() -> None:
    """Look at the catalog folders again (``boxkit locale init`` has just added one)."""
    _shipped_in.cache_clear()


@cache
def _shipped_in(root: Path) -> tuple[str, ...]:
    if not root.is_dir():  # BOXKIT_ROOT pointing at a folder without catalogs
        return (SOURCE_LOCALE,)
    found = sorted(p.name for p in root.iterdir()
                   if p.is_dir() and (p / f"{KIT_DOMAIN}.po").is_file())
    return (SOURCE_LOCALE, *[code for code in found if code != SOURCE_LOCALE])


class LocaleChoice(NamedTuple):
    """The shipped locale chosen for a requested one, and a note when they differ."""

    requested: str
    shipped: str | None
    note: str | None


def best_shipped(requested: str) -> LocaleChoice:
    """Map a valid CLDR locale onto the best shipped one (``fr_CA`` → ``fr``).

    Returns ``shipped=None`` when no shipped locale shares the language.
    """
    shipped = shipped_locales()
    if requested in shipped:
        return LocaleChoice(requested, requested, None)
    language = requested.split("_")[0]
    if language in shipped:
        return LocaleChoice(requested, language, None)
    same_language = [code for code in shipped if code.split("_")[0] == language]
    if same_language:
        chosen = same_language[0]
        note = _("%(language)s (%(code)s) is not shipped; using %(chosen)s (%(chosen_code)s).") \
            % {"language": language_name(requested), "code": requested,
               "chosen": language_name(chosen), "chosen_code": chosen}
        return LocaleChoice(requested, chosen, note)
    note = _("%(language)s (%(code)s) is not shipped yet; that part of the kit is in English. "
             "See docs/translating.md to add it.") % {"language": language_name(requested),
                                                     "code": requested}
    return LocaleChoice(requested, None, note)


def language_name(code: str) -> str:
    """A locale's name in the user's language (``de`` → German, or allemand in French)."""
    from boxkit._cldr import language_name as named

    return named(code, cli_language() or SOURCE_LOCALE)


_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def cli_language() -> str | None:
    """The shipped locale that matches the user's environment (LANGUAGE, LC_ALL, …)."""
    import os

    return _language_of(tuple(os.environ.get(var, "") for var in _LANGUAGE_VARIABLES),
                        tuple(shipped_locales()))


@cache
def _language_of(values: tuple[str, ...], shipped: tuple[str, ...]) -> str | None:
    """:func:`cli_language` for these values of the variables and these shipped locales
    (worked out once: a schedule with 10,000 overflow lines asks 10,000 times)."""
    for value in values:
        for item in value.split(":"):
            code = item.split(".")[0].split("@")[0]
            if not code or code in ("C", "POSIX"):
                continue
            if code in shipped:
                return code
            if code.split("_")[0] in shipped:
                return code.split("_")[0]
        if value:
            return None
    return None


def _catalog(code: str | None) -> Callable[[str], str | None]:
    """The CLI messages of ``code``: translated, not fuzzy (fuzzy falls back to English);
    a regional variant's own messages, then its base language's (fr_CA reads fr's)."""
    if not code or code == SOURCE_LOCALE:
        return lambda message: None
    return _messages(code, data_path("locales"))


@cache
def _messages(code: str, locales: Path) -> Callable[[str], str | None]:
    from boxkit._variants import fallback

    return fallback(code, locales, _read_catalog, CLI_DOMAIN, respell_source=False)


@cache
def _read_catalog(path: Path) -> dict[str, str]:
    from boxkit import _catalogs
    from boxkit.errors import LocaleError

    if not path.is_file():
        return {}
    try:
        return _catalogs.translations(_catalogs.read(path))
    except LocaleError:  # `boxkit locale check` names what is wrong; here, English
        return {}


def _(message: str) -> str:
    """Translate a CLI message into the user's language (English when no catalog)."""
    return translator(cli_language() or SOURCE_LOCALE)(message)


def translator(code: str) -> Callable[[str], str]:
    """``_`` for one locale (a kit's language rather than the user's environment)."""
    lookup = _catalog(code if code in shipped_locales() else SOURCE_LOCALE)
    return lambda message: lookup(message) or message
