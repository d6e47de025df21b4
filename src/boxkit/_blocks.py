"""Split template sources into translation units, block by block.

A unit is one heading, paragraph line, list item, table cell, front-matter title or
description, YAML value, or HTML text run. Jinja control lines, table rules, code and
cells with no words are left alone, so translators only ever see prose, with the
``{{ … }}`` placeholders it contains.

The kit's Markdown sources write one paragraph per line (no hard wraps), which is what
makes a line a block here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_ONLY_JINJA = re.compile(r"\s*(?:(?:\{%.*?%\}|\{#.*?#\})\s*)+")
_HEADING = re.compile(r"^(#{1,6} +)(.+?)\s*$")
_ITEM = re.compile(r"^(\s*(?:[-*] \[[ xX]\] |[-*] |\d+\. |> ))(.+?)\s*$")
_TABLE_RULE = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_FRONT_KEY = re.compile(r'^((?:title|description|summary|linkTitle): *)(.+?)\s*$')
_YAML_VALUE = re.compile(r'^(\s*(?:- )?[A-Za-z_][\w-]*: +)(?![>|&*!\[{])(.+?)\s*$')
_HTML_TEXT = re.compile(r">([^<>]+)<")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")

Lookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Unit:
    """One translatable run of text: ``line`` (from 1) and the span inside that line."""

    line: int
    start: int
    end: int
    text: str


def has_words(text: str) -> bool:
    """True when ``text`` has letters outside Jinja tags."""
    return bool(re.search(r"[^\W\d_]", _JINJA.sub("", text)))


def placeholders(text: str) -> list[str]:
    """The Jinja tags of ``text`` (spaces normalised), sorted: they must survive translation."""
    return sorted(re.sub(r"\s+", " ", tag) for tag in _JINJA.findall(text))


def _unquote(value: str) -> tuple[str, bool]:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value)), True
        except ValueError:
            return value, False
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'"), True
    return value, False


def _markdown(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    fence = False
    # Front matter opens on the first line that is not a Jinja statement alone (an
    # import of macros may come before it; Jinja removes that line when rendering).
    opening = next((n for n, line in enumerate(lines, start=1)
                    if not _ONLY_JINJA.fullmatch(line)), 0)
    front = bool(opening) and lines[opening - 1].strip() == "---"
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if number <= opening and front:
            continue
        if front and stripped == "---":
            front = False
            continue
        if front:
            match = _FRONT_KEY.match(line)
            if match:
                yield number, match.start(2), match.end(2)
            continue
        if stripped.startswith("```"):
            fence = not fence
            continue
        if fence or not stripped or _ONLY_JINJA.fullmatch(line) or _TABLE_RULE.match(stripped):
            continue
        if stripped.startswith("|"):
            for cell in _cells(line):
                yield number, *cell
            continue
        for pattern in (_HEADING, _ITEM):
            match = pattern.match(line)
            if match:
                yield number, match.start(2), match.end(2)
                break
        else:
            start = len(line) - len(line.lstrip())
            yield number, start, len(line.rstrip())


def _cells(line: str) -> Iterator[tuple[int, int]]:
    edges = [m.start() for m in _CELL_SPLIT.finditer(line)]
    for left, right in pairwise(edges):
        cell = line[left + 1:right]
        inner = cell.strip()
        if inner:
            start = left + 1 + cell.index(inner)
            yield start, start + len(inner)


def _yaml(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        match = _YAML_VALUE.match(line)
        if match:
            yield number, match.start(2), match.end(2)


def _html(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    in_style = False
    for number, line in enumerate(lines, start=1):
        if "<style" in line:
            in_style = True
        if in_style:
            in_style = "</style>" not in line
            continue
        for match in _HTML_TEXT.finditer(line):
            inner = match.group(1).strip()
            if inner:
                start = match.start(1) + match.group(1).index(inner)
                yield number, start, start + len(inner)


_SPLITTERS = {"md": _markdown, "yaml": _yaml, "html": _html}


def kind_of(name: str) -> str:
    """The splitter for a file name: ``md``, ``yaml`` or ``html``."""
    bare = name.removesuffix(".jinja")
    if re.search(r"\.(ya?ml)(\{%.*%\})?$", bare):
        return "yaml"
    if re.search(r"\.html?(\{%.*%\})?$", bare):
        return "html"
    return "md"


def units(text: str, kind: str) -> list[Unit]:
    """The translation units of ``text`` (a file of the given kind), in order."""
    lines = text.split("\n")
    found: list[Unit] = []
    for number, start, end in _SPLITTERS[kind](lines):
        raw = lines[number - 1][start:end]
        value = _unquote(raw)[0] if kind == "yaml" or raw.startswith('"') else raw
        if has_words(value):
            found.append(Unit(number, start, end, value))
    return found


def translate(text: str, kind: str, lookup: Lookup) -> tuple[str, int, int]:
    """Replace every unit that ``lookup`` translates; keep the others in English.

    Returns the new text, the number of units translated and the number of units.
    """
    lines = text.split("\n")
    todo = units(text, kind)
    done = 0
    for unit in reversed(todo):
        target = lookup(unit.text)
        if not target:
            continue
        line = lines[unit.line - 1]
        raw = line[unit.start:unit.end]
        if kind == "yaml" or (raw.startswith('"') and _unquote(raw)[1]):
            target = json.dumps(target, ensure_ascii=False)
        lines[unit.line - 1] = line[:unit.start] + target + line[unit.end:]
        done += 1
    return "\n".join(lines), done, len(todo)
