"""Reading the day's inputs for ``boxkit schedule``: the pitches CSV and the rooms YAML,
validated into :class:`Pitch` and :class:`Room`. Every error names ``file:line`` and
what to fix."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from boxkit._i18n import N_
from boxkit._rooms import Room, parse_rooms
from boxkit._yaml import read_yaml
from boxkit.errors import RoomProblem, ScheduleError

ROUNDS = tuple(f"round{n}" for n in range(1, 6))
_COLUMNS = ("title", "host", "score", "unavailable", "step_free", "size", "room", *ROUNDS)
_YES = {"yes", "y", "true", "1", "ja", "oui", "sí", "si", "sim", "نعم", "x"}
_NO = {"", "no", "n", "false", "0", "nej", "non", "não", "nao", "لا"}


@dataclass(frozen=True)
class Pitch:
    title: str
    host: str
    score: int
    unavailable: frozenset[int] = frozenset()
    """Slots the host cannot make, counted from 0."""
    step_free: bool = False
    size: int = 0
    room: str = ""
    """A room the session must have (optional ``room`` column)."""
    line: int = 0

    @property
    def order(self) -> tuple[int, str, str]:
        return (-self.score, self.title.casefold(), self.host.casefold())


def read_pitches(path: Path, *, slots: int) -> list[Pitch]:
    """Read a pitches CSV as spreadsheets export it (UTF-8 with or without BOM, comma or
    semicolon). Every error names ``file:line`` and what to fix."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScheduleError(N_("%(path)s: not UTF-8 text; export the sheet as CSV UTF-8"),
                            path=path) from None
    except OSError as error:
        raise ScheduleError(N_("%(path)s: cannot read (%(reason)s)"), path=path,
                            reason=error.strerror) from None
    if not text.strip():
        raise ScheduleError(N_("%(path)s:1: the file is empty; it needs a header row "
                               "(title,host,score)"), path=path)
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    records = _records(path, text, delimiter)
    header = [h.strip().casefold() for h in records[0][1]]
    raw_rounds = _check_header(header, f"{path}:1")
    pitches: list[Pitch] = []
    seen: dict[str, int] = {}
    name = str(path)
    for line, row in records[1:]:
        if not "".join(row).strip():
            continue
        where = f"{name}:{line}"
        if len(row) != len(header):
            if delimiter == ";":
                raise ScheduleError(N_("%(where)s: %(fields)s fields where the header has "
                                       "%(columns)s; check for a missing or extra semicolon"),
                                    where=where, fields=len(row), columns=len(header))
            raise ScheduleError(N_("%(where)s: %(fields)s fields where the header has "
                                   "%(columns)s; check for a missing or extra comma"),
                                where=where, fields=len(row), columns=len(header))
        pitch = _pitch(dict(zip(header, row, strict=True)), where, line, raw_rounds, slots)
        folded = pitch.title.casefold()
        if folded in seen:
            raise ScheduleError(N_("%(where)s: %(title)r is also on line %(other)s; give each "
                                   "session its own title (or merge them)"),
                                where=where, title=pitch.title, other=seen[folded])
        seen[folded] = line
        pitches.append(pitch)
    return pitches


def _records(path: Path, text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Each CSV record with the file line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    last_end = 0
    try:
        for row in reader:
            records.append((last_end + 1, row))
            last_end = reader.line_num
    except csv.Error as error:
        raise ScheduleError(N_("%(path)s:%(line)s: %(reason)s; check the quotes"), path=path,
                            line=reader.line_num, reason=str(error)) from None
    return records


def _check_header(header: list[str], where: str) -> bool:
    """Refuse a header boxkit cannot read; True when it has round1-round5, not score."""
    if "title" not in header or "host" not in header:
        raise ScheduleError(N_("%(where)s: the header needs title and host columns "
                               "(found: %(found)s)"), where=where, found=", ".join(header))
    raw_rounds = all(r in header for r in ROUNDS)
    if "score" not in header and not raw_rounds:
        raise ScheduleError(N_("%(where)s: the header needs a score column, or round1 to "
                               "round5"), where=where)
    unknown = [h for h in header if h and h not in _COLUMNS]
    if unknown:
        raise ScheduleError(N_("%(where)s: unknown column(s) %(unknown)s; use title, host, "
                               "score or round1-round5, unavailable, step_free, size, room"),
                            where=where, unknown=", ".join(unknown))
    return raw_rounds


def _pitch(cells: dict[str, str], where: str, line: int, raw_rounds: bool,
           slots: int) -> Pitch:
    title, host = cells["title"].strip(), cells["host"].strip()
    if not title:
        raise ScheduleError(N_("%(where)s: the title is empty"), where=where)
    if not host:
        raise ScheduleError(N_("%(where)s: %(title)r has no host; write who pitched it"),
                            where=where, title=title)
    if raw_rounds:
        score = sum(_int(cells[r], where, r, 1, 5) for r in ROUNDS)
    else:
        score = _int(cells["score"], where, "score", 0, 10_000)
    # Most sheets leave these columns out or empty: no work for them.
    listed = cells.get("unavailable", "")
    unavailable = frozenset(
        _int(part, where, "unavailable", 1, slots) - 1
        for part in _LIST.split(listed) if part) if listed else frozenset()
    size = cells.get("size", "")
    step_free = cells.get("step_free", "")
    return Pitch(title=title, host=host, score=score, unavailable=unavailable,
                 step_free=_yes_no(step_free, where, "step_free") if step_free else False,
                 size=_int(size, where, "size", 1, 100_000) if size.strip() else 0,
                 room=cells.get("room", "").strip(), line=line)


_LIST = re.compile(r"[;,\s]+")


def _yes_no(value: str, where: str, column: str) -> bool:
    text = value.strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ScheduleError(N_("%(where)s: %(column)s is %(value)r; write yes or no"),
                        where=where, column=column, value=value)


def _int(value: str, where: str, column: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise ScheduleError(N_("%(where)s: %(column)s is %(value)r; write a whole number"),
                            where=where, column=column, value=value) from None
    if not low <= number <= high:
        raise ScheduleError(N_("%(where)s: %(column)s is %(number)s; it must be %(low)s to "
                               "%(high)s"), where=where, column=column, number=number,
                            low=low, high=high)
    return number


def read_rooms(path: Path) -> list[Room]:
    """Read the rooms YAML: a list of ``{name, capacity, step_free}``; errors name the line."""
    loaded = read_yaml(path, error=ScheduleError, what="rooms file")
    try:
        rooms = parse_rooms(loaded.data)
    except RoomProblem as problem:
        item = None
        if problem.index is not None and isinstance(loaded.node, yaml.SequenceNode):
            item = loaded.node.value[problem.index]
        raise ScheduleError(N_("%(where)s: %(problem)s"), where=loaded.where(item),
                            problem=problem) from None
    return list(rooms)
