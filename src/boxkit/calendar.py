"""Calendar files for the kit's first event, written with the icalendar library.

Copier templates cannot call icalendar without an unsafe extension, so the template
writes ``events/event.yml`` (the event as data) and boxkit turns it into ``.ics`` files
after rendering: an invitation in the event pack, and a copy the website offers for
download. A repeating event (a fortnightly breakfast) gets a weekly RRULE.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

EVENT_FILE = "events/event.yml"
PRODID = "-//boxkit//chapter starter kit//EN"
_DESCRIPTION = {
    "unconference": ("A free unconference: the people who come set the agenda. Anyone can "
                     "pitch a session in the morning; the day is built from the pitches."),
    "breakfast": ("An hour of conversation over breakfast, Lean Coffee style: we choose the "
                  "topics together at the start. Everyone is welcome."),
}


def _clock(day: dt.date, hhmm: str, zone: dt.tzinfo) -> dt.datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=zone)


def event_calendar(event: Mapping[str, Any], *, stamp: dt.datetime | None = None) -> bytes:
    """One VCALENDAR with the event (and its VTIMEZONE) as ``.ics`` bytes."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vCalAddress

    zone = ZoneInfo(str(event["timezone"]))
    day = dt.date.fromisoformat(str(event["date"]))
    start = _clock(day, str(event["start"]), zone)
    end = _clock(day, str(event["end"]), zone)
    if end <= start:
        end += dt.timedelta(days=1)
    title = str(event["title"])

    item = Event()
    item.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, f'boxkit:{title}:{day}')}@boxkit")
    item.add("dtstamp", stamp or dt.datetime.now(dt.UTC))
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", title)
    item.add("description", _DESCRIPTION.get(str(event["kind"]), title))
    place = ", ".join(str(event[k]) for k in ("venue", "city") if event.get(k))
    if place:
        item.add("location", place)
    if event.get("url"):
        item.add("url", str(event["url"]))
    if event.get("contact"):
        organiser = vCalAddress(f"mailto:{event['contact']}")
        organiser.params["cn"] = title
        item.add("organizer", organiser)
    weeks = int(event.get("repeat_weeks") or 0)
    if weeks:
        item.add("rrule", {"freq": "weekly", "interval": weeks})

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(item)
    # The zone's rules for the years the event (and its repeats) can fall in, not 1970-2038.
    calendar.add_missing_timezones(first_date=dt.date(day.year - 1, 1, 1),
                                   last_date=dt.date(day.year + 3, 1, 1))
    return bytes(calendar.to_ical())


def write_calendars(kit: Path) -> tuple[str, ...]:
    """Write the ``.ics`` files of a rendered kit; return their paths in the kit."""
    source = kit / EVENT_FILE
    if not source.is_file():
        return ()
    event = yaml.safe_load(source.read_text(encoding="utf-8"))
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
