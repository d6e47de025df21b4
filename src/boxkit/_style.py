"""Style checks of a translation beyond what ``msgfmt -c`` checks (``boxkit locale check``).

- **Glossary**: ``locales/glossary.yml`` says which English words are terms and how to
  find them; ``locales/<code>/glossary.yml`` gives the language's word for each (as stems,
  so inflections count) and its seven principle titles, which must appear word for word
  wherever an English block holds a whole title.
- **One form of address**: the language's glossary names it (``du``, ``vous``) and lists
  patterns of the other form; a translation that uses one is an error.
- **Punctuation, spacing and capitals**: translate-toolkit's checks, which know each
  language's punctuation (French spaces before ``:`` ``!``, Arabic ``؟``, Japanese ``。``).
- **Numbers**: a translation writes no number, date or time of its own; they come from
  the English (or from the CLDR macros in its tags).

A regional variant (``fr_CA``) without a glossary of its own uses its base language's.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog, Message, TranslationError

from boxkit._catalogs import Checker, pairs
from boxkit._variants import base_of
from boxkit.errors import N_

GLOSSARY = "glossary.yml"

_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_OTHER = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_CODE = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+|%\(\w+\)s|(?<!\{)\{\w+\}(?!\})"
                   r"|[\w.-]+\.(?:md|csv|yml|yaml|html|ics|toml|pdf|png)\b"
                   r"|\b[\w.-]+(?:/[\w.-]+)+/?")
"""What is not prose: code, link targets, URLs, placeholders, file names and paths
(``04-running-an-unconference.md`` names a file; it does not use the term)."""
_NO_CASE = ("ar", "ja", "zh", "ko", "he", "fa", "th", "hi")
"""Scripts without capital letters: the start-of-sentence capital check does not apply."""
_TOOLKIT_CHECKS = ("endpunc", "doublespacing", "doublewords", "numbers")
_REPEATABLE = {"fr": {"nous", "vous"}}
"""Words a language repeats on purpose ("vous vous inscrivez")."""
_SPACE_BEFORE = {"fr": ":;!?", "fr_CA": ":"}
"""Punctuation a language puts a space before (French; Quebec only before the colon).
Every other language with spaces between words puts none before ``: ; ! ?``."""
_NO_SPACES = ("ja", "zh", "th")
_CAPITAL_NOUNS = ("de", "lb")
"""Languages whose nouns start with a capital, so a lower-case English start may not."""


@dataclass(frozen=True)
class Term:
    english: str
    pattern: re.Pattern[str]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    """A language's terms, titles and form of address (see the module's docstring)."""

    path: Path
    terms: tuple[Term, ...]
    """Longest English term first, so a "session host" is not also a "host"."""
    titles: dict[str, str]
    address: str
    avoid: tuple[re.Pattern[str], ...]


def glossary_path(locales: Path, code: str) -> Path | None:
    """The glossary ``code`` uses: its own, or its base language's (fr_CA → fr)."""
    for candidate in (code, base_of(code, locales)):
        path = locales / candidate / GLOSSARY if candidate else None
        if path is not None and path.is_file():
            return path
    return None


def read_glossary(locales: Path, code: str) -> Glossary | None:
    """``code``'s glossary, with the English side from ``locales/glossary.yml``."""
    path = glossary_path(locales, code)
    if path is None:
        return None
    shared = _load(locales / GLOSSARY)
    own = _load(path)
    matches = {name: str(entry["match"]) for name, entry in (shared.get("terms") or {}).items()}
    terms = []
    for name, stems in (own.get("terms") or {}).items():
        if name not in matches:
            raise ValueError(f"{path}: {name!r} is not a term of {locales / GLOSSARY}")
        words = (stems,) if isinstance(stems, str) else tuple(stems)
        terms.append(Term(name, re.compile(matches[name], re.IGNORECASE),
                          tuple(w.lower() for w in words)))
    terms.sort(key=lambda term: -len(term.english))
    titles = {}
    for english, entry in (own.get("principles") or {}).items():
        titles[english] = str(entry["title"] if isinstance(entry, dict) else entry)
    address = own.get("address") or {}
    return Glossary(path, tuple(terms), titles, str(address.get("form", "")),
                    tuple(re.compile(p) for p in address.get("avoid") or ()))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def prose(text: str) -> str:
    """``text`` without what is not translated prose: tags (a value becomes a word such
    as ``Qkxrb``, so a sentence that starts with one still starts with a capital), code,
    link targets and placeholders."""
    text = _JINJA_OTHER.sub("", text)
    text = _JINJA_VALUE.sub(_token, text).replace("[FILL IN: ", "[")
    return _CODE.sub(_token, text)


def _token(tag: re.Match[str]) -> str:
    """A word standing for one tag: the same for the same tag, and without digits (the
    numbers check would count them)."""
    digest = hashlib.sha1(tag[0].encode()).digest()
    return "Q" + "".join(chr(ord("a") + b % 26) for b in digest[:4])


def glossary_checkers(glossary: Glossary) -> list[Checker]:
    """Checkers for the terms, the principle titles and the form of address."""
    where = glossary.path.as_posix()

    def terms(catalog: Catalog, message: Message) -> None:
        for source, target in pairs(message):
            english, found = prose(source), prose(target).lower()
            for term in glossary.terms:
                if not term.pattern.search(english):
                    continue
                english = term.pattern.sub(" ", english)
                if not any(stem in found for stem in term.stems):
                    raise TranslationError(
                        f"glossary: {term.english!r} is {' or '.join(term.stems)!r} in this "
                        f"language ({where})")

    def titles(catalog: Catalog, message: Message) -> None:
        for source, target in pairs(message):
            for english, title in glossary.titles.items():
                if english in source and title not in target:
                    raise TranslationError(f"glossary: the principle {english!r} is titled "
                                           f"{title!r} ({where})")

    def address(catalog: Catalog, message: Message) -> None:
        for _source, target in pairs(message):
            text = prose(target)
            for pattern in glossary.avoid:
                found = pattern.search(text)
                if found:
                    raise TranslationError(
                        f"address: {found[0]!r} is another form of address than "
                        f"{glossary.address!r}, which this catalog uses ({where})")

    return [terms, titles, address]


def toolkit_checkers(code: str) -> list[Checker]:
    """translate-toolkit's punctuation, spacing, capitals and numbers checks for the
    language of ``code``, as checkers (a failure is an error)."""
    try:
        from translate.filters import checks
    except ImportError:
        from boxkit.errors import LocaleError

        raise LocaleError(N_("boxkit locale check needs translate-toolkit: pip install "
                             "\"boxkit[translate]\"")) from None

    language = code.split("_")[0]
    checker = checks.StandardChecker(
        checkerconfig=checks.CheckerConfig(targetlanguage=language))
    names = _TOOLKIT_CHECKS + (() if language in _NO_CASE else ("startcaps",))
    tests = [(name, getattr(checker, name)) for name in names]

    repeatable = _REPEATABLE.get(language, set())
    # translate-toolkit knows Japanese 。 and 、 but not the full-width ？！：； that
    # Japanese and Chinese also write: they count as their ASCII marks.
    wide = str.maketrans("？！：；", "?!:;") if language in ("ja", "zh") else {}

    def toolkit(catalog: Catalog, message: Message) -> None:
        for source, target in pairs(message):
            english, translation = prose(source), prose(target).translate(wide)
            failed = []
            for name, test in tests:
                try:
                    test(english, translation)
                except checks.FilterFailure as failure:
                    if name == "doublewords" and any(f"'{w}'" in str(failure)
                                                     for w in repeatable):
                        continue
                    if name == "startcaps" and language in _CAPITAL_NOUNS and \
                            translation.lstrip("*_ ")[:1].isupper():
                        continue  # "city" → "Stadt": a German noun has its capital
                    failed.append(f"{name}: {failure}")
            if failed:
                raise TranslationError("; ".join(failed))

    return [toolkit, *( () if language in _NO_SPACES else (spacing_checker(code),))]


def spacing_checker(code: str) -> Checker:
    """The language's spacing before ``: ; ! ?`` (French "Note :", others "Note:")."""
    spaced = _SPACE_BEFORE.get(code, _SPACE_BEFORE.get(code.split("_")[0], ""))
    unspaced = "".join(mark for mark in ":;!?" if mark not in spaced)
    missing = re.compile(rf"\w[{re.escape(spaced)}](?=\s|$)") if spaced else None
    extra = re.compile(rf"\w[ \u00a0\u202f][{re.escape(unspaced)}](?=\s|$)") if unspaced else None

    def spacing(catalog: Catalog, message: Message) -> None:
        for _source, target in pairs(message):
            text = prose(target)
            for pattern, what in ((missing, "needs a space before"),
                                  (extra, "takes no space before")):
                found = pattern.search(text) if pattern else None
                if found:
                    near = text[max(0, found.start() - 20):found.end() + 5]
                    raise TranslationError(f"spacing: {found[0].strip()[-1]!r} {what} it in "
                                           f"this language: {near!r}")

    return spacing


def style_checkers(locales: Path, code: str) -> list[Checker]:
    """Every style checker for ``code``: its glossary's (if it has one) and the toolkit's."""
    glossary = read_glossary(locales, code)
    return [*(glossary_checkers(glossary) if glossary else ()), *toolkit_checkers(code)]


__all__ = ["Glossary", "Term", "glossary_path", "prose", "read_glossary", "style_checkers"]
