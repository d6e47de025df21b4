"""Every .ics in a kit parses with icalendar, with no errors and the required properties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from boxkit import NewKit
from boxkit._calendar import event_calendar
from conftest import make_kit

pytestmark = pytest.mark.slow  # these tests render kits

REQUIRED_CALENDAR = ("VERSION", "PRODID")
REQUIRED_EVENT = ("UID", "DTSTAMP", "DTSTART")


def check(ics: bytes) -> Calendar:
    calendar = Calendar.from_ical(ics)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    for prop in REQUIRED_CALENDAR:
        assert prop in calendar, prop
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        for prop in REQUIRED_EVENT:
            assert prop in event, prop
        assert event["DTSTART"].dt.tzinfo is not None
    assert calendar.walk("VTIMEZONE")
    return calendar


def all_ics(kit: NewKit) -> list[str]:
    return [name for name in kit.files if name.endswith(".ics")]


def test_unconference_invitation(sweden_kit: NewKit) -> None:
    names = all_ics(sweden_kit)
    assert names == ["events/unconference/invitation.ics", "website/static/first-event.ics"]
    calendar = check((sweden_kit.dest / names[0]).read_bytes())
    event = calendar.walk("VEVENT")[0]
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert start.isoformat() == "2027-03-09T09:00:00+01:00"
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert end.strftime("%H:%M") == "14:50"  # closing circle 14:30 + 20 minutes
    assert str(event["LOCATION"]) == "Kulturhuset, Stockholm"
    assert str(event["ORGANIZER"]) == "mailto:hej@example.se"
    assert "RRULE" not in event


def test_fortnightly_breakfast_repeats(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="NO", event_kind="breakfast",
                   parts=["events"])
    assert all_ics(kit) == ["events/breakfast/invitation.ics"]
    event = check((kit.dest / all_ics(kit)[0]).read_bytes()).walk("VEVENT")[0]
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2]
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=1)


def test_uid_is_stable_and_text_is_escaped() -> None:
    event = {"kind": "unconference", "title": "A, B; C \\ \"D\"", "date": "2027-03-17",
             "timezone": "America/Toronto", "start": "09:00", "end": "16:30",
             "venue": "Hall, 2nd floor", "city": "Ottawa", "repeat_weeks": 0,
             "contact": "", "url": ""}
    stamp = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    first, second = event_calendar(event, stamp=stamp), event_calendar(event, stamp=stamp)
    assert first == second
    parsed = check(first).walk("VEVENT")[0]
    assert str(parsed["SUMMARY"]) == event["title"]
    assert str(parsed["LOCATION"]) == "Hall, 2nd floor, Ottawa"


@pytest.mark.parametrize("kind", ["none"])
def test_no_event_no_calendar(tmp_path: Path, kind: str) -> None:
    kit = make_kit(tmp_path / "kit", country="SE", event_kind=kind)
    assert all_ics(kit) == []
    # The breakfast pack and the shared documents are there, ready for the first event.
    assert not any(name.startswith(("events/unconference/", "events/event.yml"))
                   for name in kit.files)
    assert "events/breakfast/en/invitation.md" in kit.files


def test_hostile_text_stays_text_in_the_calendar(hostile_kit: NewKit) -> None:
    from conftest import HOSTILE

    ics = (hostile_kit.dest / "events/unconference/invitation.ics").read_bytes()
    event = check(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == f"{HOSTILE} unconference"
    assert str(event["LOCATION"]).startswith(HOSTILE)
