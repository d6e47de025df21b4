"""English variants: American and Canadian spelling of the English sources.

A variant locale (``en_US``, ``en_CA``) needs no translator for most of its text: its
``locales/<code>/spelling.yml`` lists how it spells what British English spells otherwise,
and the template build respells every English block with it. The variant's ``kit.po``
holds only what a person changed beyond spelling (a word, a phrase), and wins where it
has an entry. Code, file names, addresses and Jinja are never respelled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from boxkit._i18n import SOURCE_LOCALE

SPELLING = "spelling.yml"
_KEEP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|`[^`]*`|\]\([^)]*\)|https?://\S+"
                   r"|[\w./-]+\.(?:md|csv|yml|yaml|ics|html|toml)\b")


def base_of(code: str) -> str | None:
    """``en`` for an English variant (``en_US``), None for any other locale."""
    language = code.replace("-", "_").split("_")[0]
    return SOURCE_LOCALE if language == SOURCE_LOCALE and code != SOURCE_LOCALE else None


@dataclass(frozen=True)
class Spelling:
    """How a variant spells what British English spells otherwise: whole words
    (``programme`` → ``program``) and stems before an ending (``organis`` → ``organiz``
    in organise, organised, organisation…), as one pattern and its replacements."""

    pattern: re.Pattern[str]
    replacements: dict[str, str]
    """Lower-case word or stem → its spelling in the variant."""


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
    return Spelling(pattern, {k.lower(): v for k, v in {**words, **stems}.items()})


def _match_case(found: str, replacement: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def respell(text: str, spelling: Spelling) -> str:
    """``text`` with the variant's spelling, outside Jinja, code, links and file names."""

    def fix(chunk: str) -> str:
        return spelling.pattern.sub(
            lambda m: _match_case(m[0], spelling.replacements[m[0].lower()]), chunk)

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
