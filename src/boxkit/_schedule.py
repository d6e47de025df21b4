"""``boxkit schedule``: turn the day's pitches into a grid of slots × rooms.

The flow reads top to bottom in three modules: :mod:`boxkit._pitches` reads the pitches
and rooms into typed models, :mod:`boxkit._placement` makes the slots and places the
sessions (its docstring has the rules), and :mod:`boxkit._schedule_files` writes the grid
and calendars. This module holds the public entry points and joins them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boxkit._clock import parse_hhmm
from boxkit._i18n import N_
from boxkit._kitdir import find_kit, read_answers, read_event
from boxkit._pitches import ROUNDS, Pitch, read_pitches, read_rooms
from boxkit._placement import Overflow, Placed, Schedule, Slot, make_slots, schedule_sessions
from boxkit._rooms import Room
from boxkit._schedule_files import html, markdown, write_calendars, write_csv, write_json
from boxkit.errors import ScheduleError

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "ROUNDS",
    "Overflow",
    "Pitch",
    "Placed",
    "Room",
    "Schedule",
    "ScheduleError",
    "ScheduleFiles",
    "Slot",
    "make_slots",
    "plan_day",
    "read_pitches",
    "read_rooms",
    "schedule_sessions",
    "write_schedule",
]


@dataclass(frozen=True)
class ScheduleFiles:
    schedule: Schedule
    out: Path
    files: tuple[str, ...] = field(default=())


def write_schedule(schedule: Schedule, out: Path, *, locale: str = "en",
                   date: dt.date | None = None, timezone: str | None = None,
                   title: str = "", country: str | None = None,
                   lunch_start: int | None = None) -> ScheduleFiles:
    """Write schedule.json, grid.csv, grid.md, a printable grid.html and, given a date
    and time zone, one .ics per session plus day.ics, in the reader's language. Dates
    and times are written as in ``country`` (``en`` + ``GB``: 23 February, 14:30) when
    Babel knows the language there; the gap between slots that starts at ``lunch_start``
    (minutes after midnight) is lunch, the others are breaks."""
    from babel.dates import format_date, format_time

    from boxkit._i18n import translator

    _ = translator(locale)
    loc = regional_locale(locale, country)
    if out.exists() and not out.is_dir():
        raise ScheduleError(N_("--out %(out)s: is a file; give a folder for the grid and "
                               "calendars"), out=out)
    earlier = _earlier_output(out)
    out.mkdir(parents=True, exist_ok=True)

    def clock(minutes: int) -> str:
        return format_time(dt.time(minutes // 60, minutes % 60), "short", locale=loc)

    heading = title or _("Session grid")
    write_json(schedule, out / "schedule.json")
    write_csv(schedule, out / "grid.csv")
    (out / "grid.md").write_text(markdown(schedule, heading=heading, clock=clock, _=_),
                                 encoding="utf-8")
    day = format_date(date, "full", locale=loc) if date else ""
    (out / "grid.html").write_text(
        html(schedule, heading=heading, day=day, clock=clock, _=_,
             lang=str(loc).replace("_", "-"), rtl=loc.character_order == "right-to-left",
             lunch_start=lunch_start),
        encoding="utf-8")
    written = ["schedule.json", "grid.csv", "grid.md", "grid.html"]
    if date and timezone:
        written += write_calendars(schedule, out, date=date, timezone=timezone,
                                   heading=heading)
    for stale in sorted(earlier - set(written)):  # a session of the last run that is gone
        (out / stale).unlink(missing_ok=True)
    (out / MANIFEST).write_text(json.dumps({"files": written}, indent=1) + "\n",
                                encoding="utf-8")
    return ScheduleFiles(schedule, out, tuple(written))


def regional_locale(locale: str, country: str | None) -> Locale:
    """``locale`` as written in ``country`` (``en`` + ``GB`` → ``en_GB``) when Babel knows
    that combination; else ``locale`` itself. A locale that names its region already
    (``pt_BR``) keeps it."""
    from babel import Locale
    from babel.localedata import exists

    loc = Locale.parse(locale)
    if country and not loc.territory and exists(f"{loc.language}_{country.upper()}"):
        return Locale.parse(f"{loc.language}_{country.upper()}")
    return loc


MANIFEST = ".boxkit-schedule.json"
"""What the last run wrote into ``--out``: the next run replaces exactly those files."""


def _earlier_output(out: Path) -> set[str]:
    """The files an earlier ``boxkit schedule`` wrote into ``out``, and nothing else."""
    try:
        recorded = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        names = {str(name) for name in recorded.get("files", [])}
    except (OSError, ValueError, AttributeError):
        # Output from before the manifest: its calendars have names only boxkit gives.
        names = {p.relative_to(out).as_posix() for p in out.glob("ics/session-[0-9][0-9][0-9].ics")}
    return {name for name in names
            if ".." not in Path(name).parts and not Path(name).is_absolute()}


def plan_day(pitches: Path, rooms: Path, out: Path, *, kit: Path | None = None,
             slots: int | None = None, slot_minutes: int | None = None,
             start: str | None = None, break_minutes: int | None = None,
             lunch_minutes: int | None = None) -> ScheduleFiles:
    """``boxkit schedule``: slots, date, time zone and language from the kit's
    ``events/event.yml`` and answers where there is a kit; flags override them."""
    for flag, value, low in (("--slots", slots, 1), ("--slot-minutes", slot_minutes, 5),
                             ("--break-minutes", break_minutes, 0),
                             ("--lunch-minutes", lunch_minutes, 0)):
        if value is not None and value < low:
            raise ScheduleError(N_("%(flag)s %(value)s: must be at least %(low)s"),
                                flag=flag, value=value, low=low)
    kit = kit or find_kit(rooms.resolve().parent)
    event: dict[str, Any] = {}
    locale, title, country = "en", "", ""
    if kit is not None:
        event = read_event(kit)
        answers = read_answers(kit)
        locale = (answers.get("locales") or ["en"])[0]
        country = str(answers.get("country") or "")
        title = str(event.get("title", ""))
    kit_slots = event.get("slots") or []
    lunch_start: int | None = None
    if kit_slots and all(v is None for v in (slots, slot_minutes, start, break_minutes,
                                              lunch_minutes)):
        day = [Slot(int(s["index"]), _minutes(s["start"]), _minutes(s["end"]))
               for s in kit_slots]
        lunch_start = next((_minutes(row["start"]) for row in event.get("agenda") or []
                            if isinstance(row, dict) and row.get("what") == "lunch"), None)
    else:
        count = slots if slots is not None else (len(kit_slots) or 5)
        first = start or (kit_slots[0]["start"] if kit_slots else "10:00")
        length = slot_minutes or (_minutes(kit_slots[0]["end"]) - _minutes(kit_slots[0]["start"])
                                  if kit_slots else 45)
        lunch = 60 if lunch_minutes is None else lunch_minutes
        lunch_after = count // 2 if lunch and count > 1 else None
        day = make_slots(count, start=first, minutes=length,
                         break_minutes=15 if break_minutes is None else break_minutes,
                         lunch_minutes=lunch, lunch_after=lunch_after)
        if lunch_after:
            lunch_start = day[lunch_after - 1].end
    date = dt.date.fromisoformat(str(event["date"])) if event.get("date") else None
    with _frozen_heap():
        room_list = read_rooms(rooms)
        plan = schedule_sessions(read_pitches(pitches, slots=len(day)), room_list, day)
        return write_schedule(plan, out, locale=locale, date=date,
                              timezone=event.get("timezone"), title=title, country=country,
                              lunch_start=lunch_start)


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep what exists before a day is planned (imported modules, mostly) out of the
    garbage collector's sight while thousands of pitches are read, placed and written:
    every full collection would walk it all again, which cost about a tenth of a
    10,000-pitch run. Nothing is lost: the objects are handed back afterwards."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _minutes(hhmm: object) -> int:
    minutes = parse_hhmm(str(hhmm))
    if minutes is None:
        raise ScheduleError(N_("events/event.yml: the slot time %(time)r is not written HH:MM "
                               "(in quotes); correct it, or give --start and --slot-minutes"),
                            time=hhmm)
    return minutes
