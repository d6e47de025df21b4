"""``boxkit schedule``: turn the day's pitches into a grid of slots × rooms, in minutes.

Rules, in order of strength:

- one session per room per slot, and a host is never in two sessions at once;
- a session that needs step-free access gets a step-free room; a host's unavailable
  slots are respected; a session's expected size fits the room (``size`` column);
- higher scores get bigger rooms, and the most popular topics are spread across slots:
  rooms are filled biggest first, each taking the best remaining session that can go
  there, slot by slot, snaking back and forth so that no slot gets all the favourites;
- a session that cannot be placed is listed as overflow with the reason, never dropped;
- ties are broken by title, then host, so the same input always gives the same grid.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from boxkit.errors import BoxkitError
from boxkit.i18n import N_

ROUNDS = tuple(f"round{n}" for n in range(1, 6))
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_YES = {"yes", "y", "true", "1", "ja", "oui", "sí", "si", "sim", "نعم", "x"}
_NO = {"", "no", "n", "false", "0", "nej", "non", "não", "nao", "لا"}


class ScheduleError(BoxkitError):
    """A pitches or rooms file (or a slot option) that cannot be used; names file:line."""


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


@dataclass(frozen=True)
class Room:
    name: str
    capacity: int
    step_free: bool = True


@dataclass(frozen=True)
class Slot:
    index: int
    start: int
    """Minutes after midnight."""
    end: int

    @property
    def hhmm(self) -> tuple[str, str]:
        return (f"{self.start // 60:02d}:{self.start % 60:02d}",
                f"{self.end // 60:02d}:{self.end % 60:02d}")


@dataclass(frozen=True)
class Placed:
    pitch: Pitch
    room: Room
    slot: Slot


@dataclass(frozen=True)
class Overflow:
    pitch: Pitch
    why: str
    """The reason as a translatable message with ``%(name)s`` fields."""
    values: tuple[tuple[str, int], ...] = ()

    @property
    def reason(self) -> str:
        return self.why % dict(self.values)

    def reason_in(self, translate: Any) -> str:
        return str(translate(self.why)) % dict(self.values)


@dataclass(frozen=True)
class Schedule:
    slots: tuple[Slot, ...]
    rooms: tuple[Room, ...]
    sessions: tuple[Placed, ...]
    overflow: tuple[Overflow, ...]

    def as_json(self) -> dict[str, Any]:
        """The shape other tools read (schedule.json)."""
        return {
            "slots": [{"index": s.index, "start": s.hhmm[0], "end": s.hhmm[1]}
                      for s in self.slots],
            "rooms": [{"name": r.name, "capacity": r.capacity, "step_free": r.step_free}
                      for r in self.rooms],
            "sessions": [{"title": p.pitch.title, "host": p.pitch.host, "score": p.pitch.score,
                          "room": p.room.name, "slot": p.slot.index} for p in self.sessions],
            "overflow": [{"title": o.pitch.title, "host": o.pitch.host, "score": o.pitch.score,
                          "reason": o.reason} for o in self.overflow],
        }

    def at(self, slot: Slot, room: Room) -> Placed | None:
        for placed in self.sessions:
            if placed.slot == slot and placed.room == room:
                return placed
        return None


# --- reading the inputs ---------------------------------------------------------------


def _yes_no(value: str, where: str, column: str) -> bool:
    text = value.strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ScheduleError(f"{where}: {column} is {value!r}; write yes or no")


def _int(value: str, where: str, column: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise ScheduleError(f"{where}: {column} is {value!r}; write a whole number") from None
    if not low <= number <= high:
        raise ScheduleError(f"{where}: {column} is {number}; it must be {low} to {high}")
    return number


def read_pitches(path: Path, *, slots: int) -> list[Pitch]:
    """Read a pitches CSV as spreadsheets export it (UTF-8 with or without BOM, comma or
    semicolon). Every error names ``file:line`` and what to fix."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScheduleError(f"{path}: not UTF-8 text; export the sheet as CSV UTF-8") from None
    except OSError as error:
        raise ScheduleError(f"{path}: cannot read ({error.strerror})") from None
    if not text.strip():
        raise ScheduleError(f"{path}:1: the file is empty; it needs a header row "
                            "(title,host,score)")
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    starts: list[int] = []  # the file line each record starts on (quoted cells may span lines)
    last_end = 0
    try:
        for row in reader:
            starts.append(last_end + 1)
            rows.append(row)
            last_end = reader.line_num
    except csv.Error as error:
        raise ScheduleError(f"{path}:{reader.line_num}: {error}; check the quotes") from None
    header = [h.strip().casefold() for h in rows[0]]
    where0 = f"{path}:1"
    if "title" not in header or "host" not in header:
        raise ScheduleError(f"{where0}: the header needs title and host columns "
                            f"(found: {', '.join(header)})")
    raw_rounds = all(r in header for r in ROUNDS)
    if "score" not in header and not raw_rounds:
        raise ScheduleError(f"{where0}: the header needs a score column, or round1 to round5")
    known = {"title", "host", "score", "unavailable", "step_free", "size", "room", *ROUNDS}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        raise ScheduleError(f"{where0}: unknown column(s) {', '.join(unknown)}; use "
                            "title, host, score or round1-round5, unavailable, step_free, size, "
                            "room")
    pitches: list[Pitch] = []
    seen: dict[str, int] = {}
    for row, line in zip(rows[1:], starts[1:], strict=True):
        where = f"{path}:{line}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ScheduleError(f"{where}: {len(row)} fields where the header has "
                                f"{len(header)}; check for a missing or extra "
                                f"{'semicolon' if delimiter == ';' else 'comma'}")
        cells = dict(zip(header, row, strict=True))
        title, host = cells["title"].strip(), cells["host"].strip()
        if not title:
            raise ScheduleError(f"{where}: the title is empty")
        if not host:
            raise ScheduleError(f"{where}: {title!r} has no host; write who pitched it")
        if title.casefold() in seen:
            raise ScheduleError(f"{where}: {title!r} is also on line {seen[title.casefold()]}; "
                                "give each session its own title (or merge them)")
        seen[title.casefold()] = line
        if raw_rounds:
            score = sum(_int(cells[r], where, r, 1, 5) for r in ROUNDS)
        else:
            score = _int(cells["score"], where, "score", 0, 10_000)
        unavailable = frozenset(
            _int(part, where, "unavailable", 1, slots) - 1
            for part in re.split(r"[;,\s]+", cells.get("unavailable", "")) if part)
        pitches.append(Pitch(
            title=title, host=host, score=score, unavailable=unavailable,
            step_free=_yes_no(cells.get("step_free", ""), where, "step_free"),
            size=_int(cells["size"], where, "size", 1, 100_000)
            if cells.get("size", "").strip() else 0,
            room=cells.get("room", "").strip(), line=line))
    return pitches


def read_rooms(path: Path) -> list[Room]:
    """Read the rooms YAML: a list of ``{name, capacity, step_free}``; errors name the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except OSError as error:
        raise ScheduleError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ScheduleError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML "
                            f"({getattr(error, 'problem', error)})") from None
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode) or not data:
        raise ScheduleError(f"{path}:1: expected a list of rooms, each "
                            "{name: ..., capacity: ..., step_free: true}")
    rooms: list[Room] = []
    for item, item_node in zip(data, node.value, strict=True):
        where = f"{path}:{item_node.start_mark.line + 1}"
        if not isinstance(item, dict) or "name" not in item or "capacity" not in item:
            raise ScheduleError(f"{where}: a room needs a name and a capacity")
        unknown = set(item) - {"name", "capacity", "step_free"}
        if unknown:
            raise ScheduleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        name = str(item["name"]).strip()
        capacity = item["capacity"]
        if not name:
            raise ScheduleError(f"{where}: the room's name is empty")
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ScheduleError(f"{where}: {name}: capacity must be a whole number above 0")
        step_free = item.get("step_free", True)
        if not isinstance(step_free, bool):
            raise ScheduleError(f"{where}: {name}: step_free must be true or false")
        if any(room.name.casefold() == name.casefold() for room in rooms):
            raise ScheduleError(f"{where}: {name!r} is listed twice")
        rooms.append(Room(name, capacity, step_free))
    return rooms


def make_slots(count: int, *, start: str = "10:00", minutes: int = 45,
               break_minutes: int = 15, lunch_minutes: int = 0,
               lunch_after: int | None = None) -> list[Slot]:
    """``count`` slots from ``start``; a lunch after slot ``lunch_after`` (counted from 1)."""
    match = _TIME.match(start)
    if not match:
        raise ScheduleError(f"--start {start!r}: write the time as HH:MM")
    if count < 1:
        raise ScheduleError("--slots: there must be at least one slot")
    if minutes < 5:
        raise ScheduleError("--slot-minutes: a slot must last at least 5 minutes")
    clock = int(match[1]) * 60 + int(match[2])
    slots = []
    for index in range(count):
        slots.append(Slot(index, clock, clock + minutes))
        clock += minutes
        clock += lunch_minutes if lunch_after == index + 1 else break_minutes
    if slots[-1].end > 24 * 60:
        raise ScheduleError(f"{count} slots of {minutes} minutes from {start} run past "
                            "midnight; use fewer or shorter slots")
    return slots


# --- placing ----------------------------------------------------------------------------


def schedule_sessions(pitches: Sequence[Pitch], rooms: Sequence[Room],
                      slots: Sequence[Slot]) -> Schedule:
    """Place the pitches (see the module's rules); deterministic for the same input."""
    rooms = sorted(rooms, key=lambda r: (-r.capacity, r.name.casefold()))
    known = {room.name.casefold(): room for room in rooms}
    for pitch in pitches:
        if pitch.room and pitch.room.casefold() not in known:
            raise ScheduleError(f"line {pitch.line}: {pitch.title!r} asks for room "
                                f"{pitch.room!r}, which is not in the rooms file")
        if pitch.room and pitch.step_free and not known[pitch.room.casefold()].step_free:
            raise ScheduleError(f"line {pitch.line}: {pitch.title!r} needs step-free access "
                                f"but asks for {pitch.room!r}, which is not step-free")
    waiting = sorted(pitches, key=lambda p: p.order)
    busy: set[tuple[str, int]] = set()
    taken: set[tuple[str, int]] = set()
    placed: list[Placed] = []
    done: set[int] = set()

    def fits(pitch: Pitch, room: Room, slot: Slot) -> bool:
        return (slot.index not in pitch.unavailable
                and (pitch.host.casefold(), slot.index) not in busy
                and (room.step_free or not pitch.step_free)
                and pitch.size <= room.capacity
                and (not pitch.room or pitch.room.casefold() == room.name.casefold()))

    # Sessions pinned to a room go first, best first, in any slot they can make.
    for position, pitch in enumerate(waiting):
        if not pitch.room:
            continue
        room = known[pitch.room.casefold()]
        for slot in slots:
            if (room.name, slot.index) not in taken and fits(pitch, room, slot):
                _take(pitch, room, slot, placed, busy, taken)
                done.add(position)
                break
    for number, room in enumerate(rooms):
        order = slots if number % 2 == 0 else list(reversed(slots))
        for slot in order:
            if (room.name, slot.index) in taken:
                continue
            for position, pitch in enumerate(waiting):
                if position not in done and not pitch.room and fits(pitch, room, slot):
                    _take(pitch, room, slot, placed, busy, taken)
                    done.add(position)
                    break
    overflow = tuple(_why(p, rooms, slots, placed)
                     for position, p in enumerate(waiting) if position not in done)
    placed.sort(key=lambda p: (p.slot.index, rooms.index(p.room)))
    return Schedule(tuple(slots), tuple(rooms), tuple(placed), overflow)


def _take(pitch: Pitch, room: Room, slot: Slot, placed: list[Placed],
          busy: set[tuple[str, int]], taken: set[tuple[str, int]]) -> None:
    placed.append(Placed(pitch, room, slot))
    busy.add((pitch.host.casefold(), slot.index))
    taken.add((room.name, slot.index))


def _why(pitch: Pitch, rooms: Sequence[Room], slots: Sequence[Slot],
         placed: Sequence[Placed]) -> Overflow:
    """The plainest true reason a pitch found no place."""
    if len(pitch.unavailable) >= len(slots):
        return Overflow(pitch, N_("the host cannot make any slot"))
    suitable = [r for r in rooms if (r.step_free or not pitch.step_free)
                and r.capacity >= pitch.size
                and (not pitch.room or r.name.casefold() == pitch.room.casefold())]
    if not suitable:
        biggest = max(r.capacity for r in rooms)
        if pitch.step_free and not any(r.step_free for r in rooms):
            return Overflow(pitch, N_("needs a step-free room and there is none"))
        if pitch.size > biggest:
            return Overflow(pitch, N_("expects %(size)d people; the biggest room holds "
                                      "%(biggest)d"),
                            (("size", pitch.size), ("biggest", biggest)))
        return Overflow(pitch, N_("no room is both step-free and big enough"))
    host = pitch.host.casefold()
    hosting = {p.slot.index for p in placed if p.pitch.host.casefold() == host}
    open_slots = [s for s in slots if s.index not in pitch.unavailable]
    if all(s.index in hosting for s in open_slots):
        return Overflow(pitch, N_("the host is already hosting in every slot they can make"))
    return Overflow(pitch, N_("every suitable room is full in the slots the host can make"))


# --- writing the outputs ---------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleFiles:
    schedule: Schedule
    out: Path
    files: tuple[str, ...] = field(default=())


def write_schedule(schedule: Schedule, out: Path, *, locale: str = "en",
                   date: dt.date | None = None, timezone: str | None = None,
                   title: str = "") -> ScheduleFiles:
    """Write schedule.json, grid.csv, grid.md, a printable grid.html and, given a date
    and time zone, one .ics per session plus day.ics, in the reader's language."""
    from babel import Locale
    from babel.dates import format_date, format_time

    from boxkit.i18n import translator

    _ = translator(locale)
    loc = Locale.parse(locale)
    out.mkdir(parents=True, exist_ok=True)

    def clock(minutes: int) -> str:
        return format_time(dt.time(minutes // 60, minutes % 60), "short", locale=loc)

    heading = title or _("Session grid")
    written = []
    (out / "schedule.json").write_text(json.dumps(schedule.as_json(), ensure_ascii=False,
                                                  indent=1) + "\n", encoding="utf-8")
    written.append("schedule.json")
    with (out / "grid.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["slot", "start", "end", *[r.name for r in schedule.rooms]])
        for slot in schedule.slots:
            cells = []
            for room in schedule.rooms:
                at = schedule.at(slot, room)
                cells.append(f"{at.pitch.title} ({at.pitch.host})" if at else "")
            writer.writerow([slot.index + 1, *slot.hhmm, *cells])
    written.append("grid.csv")
    (out / "grid.md").write_text(_markdown(schedule, heading, clock, _), encoding="utf-8")
    written.append("grid.md")
    day = format_date(date, "full", locale=loc) if date else ""
    (out / "grid.html").write_text(_html(schedule, heading, day, clock, _, loc),
                                   encoding="utf-8")
    written.append("grid.html")
    if date and timezone:
        written += _calendars(schedule, out, date, timezone, heading)
    return ScheduleFiles(schedule, out, tuple(written))


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _markdown(schedule: Schedule, heading: str, clock: Any, _: Any) -> str:
    lines = [f"# {_cell(heading)}", "",
             "| " + " | ".join([_("Time"), *[_cell(f"{r.name} ({r.capacity})")
                                             for r in schedule.rooms]]) + " |",
             "| " + " | ".join(["---"] * (len(schedule.rooms) + 1)) + " |"]
    for slot in schedule.slots:
        cells = [f"{clock(slot.start)}–{clock(slot.end)}"]
        for room in schedule.rooms:
            at = schedule.at(slot, room)
            cells.append(_cell(f"{at.pitch.title} ({at.pitch.host})") if at else " ")
        lines.append("| " + " | ".join(cells) + " |")
    if schedule.overflow:
        not_placed = _("Not placed")
        lines += ["", f"## {not_placed}", ""]
        lines += [f"- {_cell(o.pitch.title)} ({_cell(o.pitch.host)}, {o.pitch.score}): "
                  f"{o.reason_in(_)}" for o in schedule.overflow]
    return "\n".join(lines) + "\n"


def _html(schedule: Schedule, heading: str, day: str, clock: Any, _: Any, loc: Any) -> str:
    from html import escape

    direction = "rtl" if loc.character_order == "right-to-left" else "ltr"
    not_step_free, not_placed, time_label = _("not step-free"), _("Not placed"), _("Time")
    head = "".join(f"<th scope=\"col\">{escape(r.name)}<span>{r.capacity}"
                   f"{'' if r.step_free else ' · ' + escape(not_step_free)}</span></th>"
                   for r in schedule.rooms)
    body = []
    for slot in schedule.slots:
        cells = []
        for room in schedule.rooms:
            at = schedule.at(slot, room)
            cells.append(f"<td><strong>{escape(at.pitch.title)}</strong><span>"
                         f"{escape(at.pitch.host)}</span></td>" if at else "<td></td>")
        body.append(f"<tr><th scope=\"row\">{clock(slot.start)}<span>– {clock(slot.end)}"
                    f"</span></th>{''.join(cells)}</tr>")
    overflow = ""
    if schedule.overflow:
        items = "".join(f"<li>{escape(o.pitch.title)} ({escape(o.pitch.host)}): "
                        f"{escape(o.reason_in(_))}</li>" for o in schedule.overflow)
        overflow = f"<h2>{escape(not_placed)}</h2><ul>{items}</ul>"
    return f"""<!DOCTYPE html>
<html lang="{escape(str(loc).replace('_', '-'))}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(heading)}</title>
<style>
  /* A3 landscape, type big enough to read from two metres. */
  @page {{ size: A3 landscape; margin: 10mm; }}
  body {{ font-family: system-ui, "Noto Sans", Arial, sans-serif; color: #111; margin: 0; }}
  main {{ padding: 6mm; }}
  @media print {{ main {{ padding: 0; }} }}
  h1 {{ font-size: 26pt; margin: 0 0 2mm; }}
  p.day {{ font-size: 16pt; margin: 0 0 6mm; }}
  table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
  th, td {{ border: 0.6mm solid #111; padding: 3mm; vertical-align: top; text-align: start; }}
  thead th {{ background: #1d3557; color: #fff; font-size: 18pt; }}
  th span, td span {{ display: block; font-size: 12pt; font-weight: normal; }}
  tbody th {{ font-size: 18pt; width: 28mm; background: #f1f1f1; }}
  td strong {{ display: block; font-size: 17pt; line-height: 1.2; }}
  tr {{ break-inside: avoid; }}
  h2 {{ font-size: 18pt; }}
  li {{ font-size: 13pt; }}
</style>
</head>
<body>
<main>
<h1>{escape(heading)}</h1>
<p class="day">{escape(day)}</p>
<table>
<thead><tr><th scope="col">{escape(time_label)}</th>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
{overflow}
</main>
</body>
</html>
"""


def _calendars(schedule: Schedule, out: Path, date: dt.date, timezone: str,
               heading: str) -> list[str]:
    import uuid
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    zone = ZoneInfo(timezone)
    stamp = dt.datetime.now(dt.UTC)

    def event(placed: Placed) -> Event:
        item = Event()
        start = dt.datetime.combine(date, dt.time(placed.slot.start // 60,
                                                  placed.slot.start % 60), tzinfo=zone)
        end = dt.datetime.combine(date, dt.time(placed.slot.end // 60, placed.slot.end % 60),
                                  tzinfo=zone)
        key = f"boxkit:{heading}:{date}:{placed.pitch.title}"
        item.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, key)}@boxkit")
        item.add("dtstamp", stamp)
        item.add("dtstart", start)
        item.add("dtend", end)
        item.add("summary", placed.pitch.title)
        item.add("location", placed.room.name)
        item.add("description", f"{placed.pitch.host} · {heading}")
        return item

    def calendar(events: Iterable[Event]) -> bytes:
        cal = Calendar()
        cal.add("prodid", "-//boxkit//unconference schedule//EN")
        cal.add("version", "2.0")
        for item in events:
            cal.add_component(item)
        cal.add_missing_timezones(first_date=dt.date(date.year - 1, 1, 1),
                                  last_date=dt.date(date.year + 1, 12, 31))
        return bytes(cal.to_ical())

    written = []
    folder = out / "ics"
    folder.mkdir(exist_ok=True)
    for number, placed in enumerate(schedule.sessions, start=1):
        name = f"ics/session-{number:03d}.ics"
        (out / name).write_bytes(calendar([event(placed)]))
        written.append(name)
    (out / "day.ics").write_bytes(calendar(event(p) for p in schedule.sessions))
    written.append("day.ics")
    return written


# --- the whole command ------------------------------------------------------------------


def _find_kit(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        if (folder / ".copier-answers.yml").is_file():
            return folder
    return None


def plan_day(pitches: Path, rooms: Path, out: Path, *, kit: Path | None = None,
             slots: int | None = None, slot_minutes: int | None = None,
             start: str | None = None, break_minutes: int | None = None,
             lunch_minutes: int | None = None) -> ScheduleFiles:
    """``boxkit schedule``: slots, date, time zone and language from the kit's
    ``events/event.yml`` and answers where there is a kit; flags override them."""
    kit = kit or _find_kit(rooms.resolve().parent)
    event: dict[str, Any] = {}
    locale, title = "en", ""
    if kit is not None:
        event_file = kit / "events" / "event.yml"
        if event_file.is_file():
            event = yaml.safe_load(event_file.read_text(encoding="utf-8")) or {}
        answers = yaml.safe_load((kit / ".copier-answers.yml").read_text(encoding="utf-8"))
        locale = (answers.get("locales") or ["en"])[0]
        title = str(event.get("title", ""))
    kit_slots = event.get("slots") or []
    if kit_slots and all(v is None for v in (slots, slot_minutes, start, break_minutes,
                                              lunch_minutes)):
        day = [Slot(int(s["index"]), _minutes(s["start"]), _minutes(s["end"]))
               for s in kit_slots]
    else:
        count = slots or len(kit_slots) or 5
        first = start or (kit_slots[0]["start"] if kit_slots else "10:00")
        length = slot_minutes or (_minutes(kit_slots[0]["end"]) - _minutes(kit_slots[0]["start"])
                                  if kit_slots else 45)
        lunch = 60 if lunch_minutes is None else lunch_minutes
        day = make_slots(count, start=first, minutes=length,
                         break_minutes=15 if break_minutes is None else break_minutes,
                         lunch_minutes=lunch, lunch_after=count // 2 if lunch and count > 1
                         else None)
    room_list = read_rooms(rooms)
    plan = schedule_sessions(read_pitches(pitches, slots=len(day)), room_list, day)
    date = dt.date.fromisoformat(str(event["date"])) if event.get("date") else None
    return write_schedule(plan, out, locale=locale, date=date,
                          timezone=event.get("timezone"), title=title)


def _minutes(hhmm: str) -> int:
    hours, minutes = str(hhmm).split(":")
    return int(hours) * 60 + int(minutes)
