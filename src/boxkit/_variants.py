"""Regional variants: a locale that differs from its base language in a few words.

A variant (``en_US``, ``en_CA``, ``fr_CA``) reads as its base language (English, or the
base's own catalog) with its differences on top, in this order:

1. the variant's ``kit.po``, which holds only what a person wrote for the variant (a
   sentence, a phrase), and wins where it has an entry;
2. the base language's text (the English source, or ``locales/fr/kit.po`` for
   ``fr_CA``), rewritten with the variant's ``spelling.yml``: the words the variant writes
   otherwise (``programme`` → ``program``; ``e-mail`` → ``courriel``, ``petit-déjeuner``
   → ``déjeuner``);
3. the English source, when the base has no translation either.

A locale is a variant when its language part is English, or has a folder of its own
under ``locales/`` (``fr_CA`` of ``fr``; ``pt_BR`` is a full catalog, there being no
``pt``). Code, file names, addresses and Jinja are never respelled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from boxkit._resources import SOURCE_LOCALE, data_path

SPELLING = "spelling.yml"
_KEEP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|`[^`]*`|\]\([^)]*\)|https?://\S+"
                   r"|[\w./-]+\.(?:md|csv|yml|yaml|ics|html|toml)\b")


def base_of(code: str, locales: Path | None = None) -> str | None:
    """The language ``code`` is a variant of: ``en`` for ``en_US``, ``fr`` for ``fr_CA``
    when ``locales`` (the catalogs' folder, by default boxkit's) has ``fr``; else None."""
    language = code.replace("-", "_").split("_")[0]
    if language == code:
        return None
    if language == SOURCE_LOCALE:
        return SOURCE_LOCALE
    if locales is None:
        locales = data_path("locales")
    return language if (locales / language / "kit.po").is_file() else None


@dataclass(frozen=True)
class Spelling:
    """How a variant spells what British English spells otherwise: whole words
    (``programme`` → ``program``) and stems before an ending (``organis`` → ``organiz``
    in organise, organised, organisation…), as one pattern and its replacements."""

    pattern: re.Pattern[str]
    replacements: dict[str, str]
    """Lower-case word or stem → its spelling in the variant."""
    marks: dict[str, str] = field(default_factory=dict)
    """Punctuation written otherwise (Quebec's ``!`` for France's `` !``)."""


def read_spelling(folder: Path) -> Spelling | None:
    """The variant's spelling rules in ``folder`` (``locales/<code>``), if it has any."""
    path = folder / SPELLING
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words: dict[str, str] = dict(data.get("words") or {})
    stems: dict[str, str] = dict(data.get("stems") or {})
    ends = "|".join(sorted(data.get("endings") or (), key=len, reverse=True))
    options = [re.escape(w) + r"(?![\w-])" for w in sorted(words, key=len, reverse=True)]
    options += [re.escape(s) + rf"(?=(?:{ends})\b)" for s in stems]
    pattern = re.compile(r"\b(?:" + "|".join(options) + ")", re.IGNORECASE)
    marks = {str(k): str(v) for k, v in (data.get("marks") or {}).items()}
    return Spelling(pattern, {k.lower(): v for k, v in {**words, **stems}.items()}, marks)


def _match_case(found: str, replacement: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def respell(text: str, spelling: Spelling) -> str:
    """``text`` with the variant's spelling, outside Jinja, code, links and file names."""

    def fix(chunk: str) -> str:
        chunk = spelling.pattern.sub(
            lambda m: _match_case(m[0], spelling.replacements[m[0].lower()]), chunk)
        for mark, replacement in spelling.marks.items():
            chunk = chunk.replace(mark, replacement)
        return chunk

    out, last = [], 0
    for keep in _KEEP.finditer(text):
        out += [fix(text[last:keep.start()]), keep[0]]
        last = keep.end()
    out.append(fix(text[last:]))
    return "".join(out)


def respeller(folder: Path) -> Callable[[str], str | None]:
    """A lookup that gives the respelled text of a block, or None when it is unchanged."""
    spelling = read_spelling(folder)

    def lookup(text: str) -> str | None:
        if spelling is None:
            return None
        changed = respell(text, spelling)
        return changed if changed != text else None

    return lookup


def fallback(code: str, locales: Path, table: Callable[[Path], Mapping[str, str]],
             domain: str, *, respell_source: bool = True) -> Callable[[str], str | None]:
    """How ``code`` translates a block or message of ``domain`` (``kit``, ``boxkit``): its
    own catalog, then, for a variant, its base language's translation respelled (fr_CA
    reads fr's), or, for an English variant, the English itself respelled (unless
    ``respell_source`` is false); None leaves the English. ``table`` reads a catalog's
    usable translations from its path."""
    own = table(locales / code / f"{domain}.po")
    base = base_of(code, locales)
    if base is None or (base == SOURCE_LOCALE and not respell_source):
        return own.get
    respelled = respeller(locales / code)
    if base == SOURCE_LOCALE:
        return lambda text: own.get(text) or respelled(text)
    inherited = table(locales / base / f"{domain}.po")

    def lookup(text: str) -> str | None:
        found = own.get(text)
        if found:
            return found
        target = inherited.get(text)
        return None if target is None else (respelled(target) or target)

    return lookup
