"""Calendar files, written with the icalendar library: one builder for every ``.ics``
boxkit writes, the kit's first event and the schedule's sessions alike.

Copier templates cannot call icalendar without an unsafe extension, so the template
writes ``events/event.yml`` (the event as data) and boxkit turns it into ``.ics`` files
after rendering: an invitation in the event pack, and a copy the website offers for
download. A repeating event (a fortnightly breakfast) gets a weekly RRULE.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boxkit._clock import parse_hhmm
from boxkit._kitdir import EVENT_FILE, read_event

PRODID = "-//boxkit//chapter starter kit//EN"
_DESCRIPTION = {
    "unconference": ("A free unconference: the people who come set the agenda. Anyone can "
                     "pitch a session in the morning; the day is built from the pitches."),
    "breakfast": ("An hour of conversation over breakfast, Lean Coffee style: we choose the "
                  "topics together at the start. Everyone is welcome."),
}


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT as data. Its UID is derived from ``key``, so the same event written
    again keeps its UID and calendar apps update it instead of adding a copy."""

    key: str
    start: dt.datetime
    """Aware: it carries the time zone the VTIMEZONE is made from."""
    end: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organiser: str = ""
    """An e-mail address; ``organiser_name`` is shown for it."""
    organiser_name: str = ""
    repeat_weeks: int = 0


def local_time(day: dt.date, minutes: int, zone: dt.tzinfo) -> dt.datetime:
    """``minutes`` after midnight on ``day``, in ``zone``."""
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=zone)


def build_calendar(events: Sequence[CalendarEvent], *, product: str = PRODID,
                   stamp: dt.datetime | None = None) -> bytes:
    """One VCALENDAR with ``events`` and the VTIMEZONEs they use, as ``.ics`` bytes;
    ``stamp`` (the DTSTAMP of every event) is now unless given."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", product)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    stamp = stamp or dt.datetime.now(dt.UTC)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    if events:
        # The zones' rules for the years the events (and repeats) can fall in, not 1970-2038.
        years = [event.start.year for event in events]
        calendar.add_missing_timezones(first_date=dt.date(min(years) - 1, 1, 1),
                                       last_date=dt.date(max(years) + 3, 1, 1))
    return bytes(calendar.to_ical())


def _vevent(event: CalendarEvent, stamp: dt.datetime) -> Any:
    from icalendar import Event, vCalAddress

    item = Event()
    item.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, event.key)}@boxkit")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.start)
    item.add("dtend", event.end)
    item.add("summary", event.summary)
    for name, value in (("description", event.description), ("location", event.location),
                        ("url", event.url)):
        if value:
            item.add(name, value)
    if event.organiser:
        organiser = vCalAddress(f"mailto:{event.organiser}")
        organiser.params["cn"] = event.organiser_name
        item.add("organizer", organiser)
    if event.repeat_weeks:
        item.add("rrule", {"freq": "weekly", "interval": event.repeat_weeks})
    return item


def event_calendar(event: Mapping[str, Any], *, stamp: dt.datetime | None = None) -> bytes:
    """The kit's first event (``events/event.yml`` as data) as ``.ics`` bytes."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(str(event["timezone"]))
    day = dt.date.fromisoformat(str(event["date"]))
    start = local_time(day, _minutes(event["start"]), zone)
    end = local_time(day, _minutes(event["end"]), zone)
    if end <= start:
        end += dt.timedelta(days=1)
    title = str(event["title"])
    return build_calendar([CalendarEvent(
        key=f"boxkit:{title}:{day}", start=start, end=end, summary=title,
        description=_DESCRIPTION.get(str(event["kind"]), title),
        location=", ".join(str(event[k]) for k in ("venue", "city") if event.get(k)),
        url=str(event.get("url") or ""), organiser=str(event.get("contact") or ""),
        organiser_name=title, repeat_weeks=int(event.get("repeat_weeks") or 0))],
        stamp=stamp)


def _minutes(hhmm: object) -> int:
    minutes = parse_hhmm(str(hhmm))
    if minutes is None:
        raise ValueError(f"{EVENT_FILE}: {hhmm!r} is not a time written HH:MM")
    return minutes


def write_calendars(kit: Path) -> tuple[str, ...]:
    """Write the ``.ics`` files of a rendered kit; return their paths in the kit."""
    event = read_event(kit)
    if not event:
        return ()
    ics = event_calendar(event)
    targets = [f"events/{event['kind']}/invitation.ics"]
    if (kit / "website").is_dir():
        targets.append("website/static/first-event.ics")
    for name in targets:
        path = kit / name
        if path.is_file() and _without_stamp(path.read_bytes()) == _without_stamp(ics):
            continue  # same event: keep the file (and its DTSTAMP) as it is
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(ics)
    return tuple(targets)


def _without_stamp(ics: bytes) -> bytes:
    return b"\n".join(line for line in ics.splitlines() if not line.startswith(b"DTSTAMP"))


REQUIRED = {"VCALENDAR": ("VERSION", "PRODID"), "VEVENT": ("UID", "DTSTAMP", "DTSTART")}


def ics_problems(ics: bytes) -> list[str]:
    """What is wrong with an ``.ics`` file: parse errors icalendar recorded (it is lenient),
    missing required properties, a DTSTART without a time zone."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(ics)
    except ValueError as error:
        return [f"does not parse: {error}"]
    problems = [f"{c.name}: {prop}: {message}" for c in calendar.walk()
                for prop, message in c.errors]
    for component in calendar.walk():
        for prop in REQUIRED.get(str(component.name), ()):
            if prop not in component:
                problems.append(f"{component.name} has no {prop}")
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is not None and getattr(start.dt, "tzinfo", None) is None:
            problems.append("VEVENT DTSTART has no time zone")
    if not calendar.walk("VEVENT"):
        problems.append("no VEVENT")
    return problems
