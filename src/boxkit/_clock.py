"""Times of day written HH:MM (24-hour), as the answers, ``event.yml`` and the slots write
them, and held as minutes after midnight."""

from __future__ import annotations

import re

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(text: str) -> int | None:
    """Minutes after midnight for ``9:30`` or ``09:30``; None when ``text`` is not a time."""
    match = _HHMM.match(text.strip())
    return int(match[1]) * 60 + int(match[2]) if match else None


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
