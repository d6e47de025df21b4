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
from functools import cache
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
    words: dict[str, str]
    """Whole words: ``programme`` → ``program``."""
    stems: dict[str, str]
    """Stems respelled before the endings below: ``organis`` → ``organiz``."""
    endings: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        return _pattern(tuple(sorted(self.words.items())), tuple(sorted(self.stems.items())),
                        self.endings)


@cache
def _pattern(words: tuple[tuple[str, str], ...], stems: tuple[tuple[str, str], ...],
             endings: tuple[str, ...]) -> re.Pattern[str]:
    ends = "|".join(sorted(endings, key=len, reverse=True))
    options = [re.escape(w) + r"(?![\w-])" for w, _ in sorted(words, key=lambda p: -len(p[0]))]
    options += [re.escape(s) + rf"(?=(?:{ends})\b)" for s, _ in stems]
    return re.compile(r"\b(?:" + "|".join(options) + ")", re.IGNORECASE)


def read_spelling(folder: Path) -> Spelling | None:
    """The variant's spelling rules in ``folder`` (``locales/<code>``), if it has any."""
    path = folder / SPELLING
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Spelling(words=dict(data.get("words") or {}), stems=dict(data.get("stems") or {}),
                    endings=tuple(data.get("endings") or ()))


def _match_case(found: str, replacement: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def respell(text: str, spelling: Spelling) -> str:
    """``text`` with the variant's spelling, outside Jinja, code, links and file names."""
    table = {k.lower(): v for k, v in {**spelling.words, **spelling.stems}.items()}
    pattern = spelling.pattern()

    def fix(chunk: str) -> str:
        return pattern.sub(lambda m: _match_case(m[0], table[m[0].lower()]), chunk)

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
