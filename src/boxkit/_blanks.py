"""The ``[FILL IN: …]`` marks a kit leaves for its chapter: ``boxkit new`` lists them, and
``boxkit site build`` lists those the website would publish."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

BLANK = re.compile(r"\[FILL IN: ([^\]]+)\]")
"""How templates mark what only the chapter can write; ``boxkit new`` lists them."""


class Blank(NamedTuple):
    """One ``[FILL IN: …]`` left in the kit for the organiser."""

    path: str
    line: int
    text: str


def find_blanks(root: Path, files: tuple[str, ...]) -> tuple[Blank, ...]:
    found: list[Blank] = []
    for name in files:
        try:
            text = (root / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            found.extend(Blank(name, number, unescaped(m[1].strip(), name))
                         for m in BLANK.finditer(line))
    return tuple(found)


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")


def unescaped(text: str, name: str) -> str:
    """A blank's text as the organiser reads it: a TOML or JSON file may write "ó" as
    ``\\u00f3``."""
    if not name.endswith((".toml", ".json")):
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
