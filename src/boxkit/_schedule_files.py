"""The files ``boxkit schedule`` writes from a :class:`Schedule`: ``schedule.json``,
``grid.csv``, ``grid.md``, the printable ``grid.html`` (a Jinja template shipped in
``boxkit/data``) and the ``.ics`` calendars, made by the kit's one calendar builder."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from boxkit._i18n import N_
from boxkit._placement import Schedule

if TYPE_CHECKING:
    from jinja2 import Template

Translate = Callable[[str], str]
Clock = Callable[[int], str]
"""Minutes after midnight as the reader's language writes a time."""
PRODID = "-//boxkit//unconference schedule//EN"
PRINTED = 40
"""Pitches not placed that the printed grid lists; grid.md and schedule.json list them all
(the terminal lists fewer, see :mod:`boxkit.cli.schedule`)."""
MORE_NOT_PLACED = N_("  … and %(count)d more, each with its reason, in %(file)s")
GRID_TEMPLATE = "schedule-grid.html.jinja"


def write_json(schedule: Schedule, path: Path) -> None:
    """schedule.json: each slot, room, session and overflow pitch on a line of its own
    (readable in a diff, and written by json's fast encoder, which an indent turns off)."""
    data = schedule.as_json()
    encode = _line_encoder()
    parts = []
    for key, items in data.items():
        rows = ",\n".join("  " + encode(item) for item in items)
        parts.append(f" {json.dumps(key)}: [\n{rows}\n ]" if items else f" {json.dumps(key)}: []")
    path.write_text("{\n" + ",\n".join(parts) + "\n}\n", encoding="utf-8")


def _line_encoder() -> Callable[[object], str]:
    """json's C encoder made once for thousands of lines (``json.dumps`` and
    ``JSONEncoder.encode`` make it again for each); the plain encoder where there is none."""
    from json import encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    fast = make(None, plain.default, encoder.encode_basestring, None, ": ", ", ", False,
                False, True)
    return lambda value: "".join(fast(value, 0))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    ``'`` (OWASP's rule for CSV injection; the kit template's ``csvq`` macro does the same)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(schedule: Schedule, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["slot", "start", "end", *[inert(r.name) for r in schedule.rooms]])
        for slot in schedule.slots:
            cells = []
            for room in schedule.rooms:
                at = schedule.at(slot, room)
                cells.append(inert(f"{at.pitch.title} ({at.pitch.host})") if at else "")
            writer.writerow([slot.index + 1, *slot.hhmm, *cells])


def markdown(schedule: Schedule, *, heading: str, clock: Clock, _: Translate) -> str:
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


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def html(schedule: Schedule, *, heading: str, day: str, clock: Clock, _: Translate,
         lang: str, rtl: bool, lunch_start: int | None = None) -> str:
    """The printable grid: A3 or A4 landscape, large type, in the reader's language and
    direction, with a row for each break and for lunch (the gap that starts at
    ``lunch_start``). The template escapes every value, so titles and names stay text."""
    rows: list[dict[str, object]] = []
    for number, slot in enumerate(schedule.slots):
        if number and slot.start > (previous := schedule.slots[number - 1].end):
            rows.append({"kind": "lunch" if previous == lunch_start else "break",
                         "start": clock(previous), "end": clock(slot.start)})
        rows.append({"kind": "slot", "start": clock(slot.start), "end": clock(slot.end),
                     "pitches": [at.pitch if (at := schedule.at(slot, room)) else None
                                 for room in schedule.rooms]})
    overflow = [{"title": o.pitch.title, "host": o.pitch.host, "reason": o.reason_in(_)}
                for o in schedule.overflow[:PRINTED]]
    labels = {"time": _("Time"), "not_step_free": _("not step-free"),
              "not_placed": _("Not placed"), "break": _("Break"), "lunch": _("Lunch"),
              "more": (_(MORE_NOT_PLACED) % {"count": len(schedule.overflow) - PRINTED,
                                             "file": "grid.md"}).strip()}
    return _grid_template().render(lang=lang, direction="rtl" if rtl else "ltr",
                                   heading=heading, day=day, labels=labels,
                                   rooms=schedule.rooms, rows=rows, overflow=overflow,
                                   overflow_total=len(schedule.overflow))


@cache
def _grid_template() -> Template:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(loader=PackageLoader("boxkit", "data"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
    return environment.get_template(GRID_TEMPLATE)


def write_calendars(schedule: Schedule, out: Path, *, date: dt.date, timezone: str,
                    heading: str) -> list[str]:
    """One ``ics/session-NNN.ics`` per session and ``day.ics`` with them all; return
    their paths in ``out``. A session's UID comes from the heading, date and title."""
    from zoneinfo import ZoneInfo

    from boxkit._calendar import CalendarEvent, build_calendar, local_time

    zone = ZoneInfo(timezone)
    stamp = dt.datetime.now(dt.UTC)
    events = [CalendarEvent(key=f"boxkit:{heading}:{date}:{placed.pitch.title}",
                            start=local_time(date, placed.slot.start, zone),
                            end=local_time(date, placed.slot.end, zone),
                            summary=placed.pitch.title, location=placed.room.name,
                            description=f"{placed.pitch.host} · {heading}")
              for placed in schedule.sessions]
    written = []
    (out / "ics").mkdir(exist_ok=True)
    for number, event in enumerate(events, start=1):
        name = f"ics/session-{number:03d}.ics"
        (out / name).write_bytes(build_calendar([event], product=PRODID, stamp=stamp))
        written.append(name)
    (out / "day.ics").write_bytes(build_calendar(events, product=PRODID, stamp=stamp))
    written.append("day.ics")
    return written
