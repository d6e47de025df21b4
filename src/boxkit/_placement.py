"""Placing the pitches: the day's slots, and the greedy placement of sessions into
rooms × slots, with the reason for every session that finds no place.

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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from boxkit._clock import format_hhmm, parse_hhmm
from boxkit._i18n import N_
from boxkit._pitches import Pitch
from boxkit._rooms import Room
from boxkit.errors import ScheduleError


@dataclass(frozen=True)
class Slot:
    index: int
    start: int
    """Minutes after midnight."""
    end: int

    @property
    def hhmm(self) -> tuple[str, str]:
        return (format_hhmm(self.start), format_hhmm(self.end))


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

    def reason_in(self, translate: Callable[[str], str]) -> str:
        return translate(self.why) % dict(self.values)


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
        return self._cells.get((slot, room))

    @cached_property
    def _cells(self) -> dict[tuple[Slot, Room], Placed]:
        """Each session by its cell, built once: the writers ask for every cell."""
        return {(placed.slot, placed.room): placed for placed in self.sessions}


def make_slots(count: int, *, start: str = "10:00", minutes: int = 45,
               break_minutes: int = 15, lunch_minutes: int = 0,
               lunch_after: int | None = None) -> list[Slot]:
    """``count`` slots from ``start``; a lunch after slot ``lunch_after`` (counted from 1)."""
    clock = parse_hhmm(start)
    if clock is None:
        raise ScheduleError(N_("--start %(start)r: write the time as HH:MM"), start=start)
    if count < 1:
        raise ScheduleError(N_("--slots: there must be at least one slot"))
    if minutes < 5:
        raise ScheduleError(N_("--slot-minutes: a slot must last at least 5 minutes"))
    slots = []
    for index in range(count):
        slots.append(Slot(index, clock, clock + minutes))
        clock += minutes
        clock += lunch_minutes if lunch_after == index + 1 else break_minutes
    if slots[-1].end > 24 * 60:
        raise ScheduleError(N_("%(count)s slots of %(minutes)s minutes from %(start)s run past "
                               "midnight; use fewer or shorter slots"),
                            count=count, minutes=minutes, start=start)
    return slots


def schedule_sessions(pitches: Sequence[Pitch], rooms: Sequence[Room],
                      slots: Sequence[Slot]) -> Schedule:
    """Place the pitches (see the module's rules); deterministic for the same input."""
    rooms = sorted(rooms, key=lambda r: (-r.capacity, r.name.casefold()))
    known = {room.name.casefold(): room for room in rooms}
    for pitch in pitches:
        if pitch.room and pitch.room.casefold() not in known:
            raise ScheduleError(N_("line %(line)s: %(title)r asks for room %(room)r, which is "
                                   "not in the rooms file"),
                                line=pitch.line, title=pitch.title, room=pitch.room)
        if pitch.room and pitch.step_free and not known[pitch.room.casefold()].step_free:
            raise ScheduleError(N_("line %(line)s: %(title)r needs step-free access but asks "
                                   "for %(room)r, which is not step-free"),
                                line=pitch.line, title=pitch.title, room=pitch.room)
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
    # The pitches still waiting, best first: a placed one leaves the list, so each cell
    # looks only at pitches that are still unplaced.
    remaining = [position for position, pitch in enumerate(waiting) if not pitch.room]
    for number, room in enumerate(rooms):
        order = slots if number % 2 == 0 else list(reversed(slots))
        for slot in order:
            if (room.name, slot.index) in taken:
                continue
            for index, position in enumerate(remaining):
                if fits(waiting[position], room, slot):
                    _take(waiting[position], room, slot, placed, busy, taken)
                    done.add(position)
                    del remaining[index]
                    break
    hosting: dict[str, set[int]] = {}
    for session in placed:
        hosting.setdefault(session.pitch.host.casefold(), set()).add(session.slot.index)
    kinds: dict[tuple[bool, int, str], bool] = {}
    all_slots = frozenset(slot.index for slot in slots)
    overflow = tuple(_why(p, rooms, slots, hosting, kinds, all_slots)
                     for position, p in enumerate(waiting) if position not in done)
    rank = {id(room): number for number, room in enumerate(rooms)}
    placed.sort(key=lambda p: (p.slot.index, rank[id(p.room)]))
    return Schedule(tuple(slots), tuple(rooms), tuple(placed), overflow)


def _take(pitch: Pitch, room: Room, slot: Slot, placed: list[Placed],
          busy: set[tuple[str, int]], taken: set[tuple[str, int]]) -> None:
    placed.append(Placed(pitch, room, slot))
    busy.add((pitch.host.casefold(), slot.index))
    taken.add((room.name, slot.index))


def _why(pitch: Pitch, rooms: Sequence[Room], slots: Sequence[Slot],
         hosting_by_host: dict[str, set[int]],
         kinds: dict[tuple[bool, int, str], bool], all_slots: frozenset[int]) -> Overflow:
    """The plainest true reason a pitch found no place (``hosting_by_host``: the slots each
    host already hosts in, by the host's case-folded name; ``kinds``: whether any room
    suits a kind of pitch, filled as kinds come up, since thousands of overflow pitches
    are a handful of kinds; ``all_slots``: every slot's index)."""
    if len(pitch.unavailable) >= len(slots):
        return Overflow(pitch, N_("the host cannot make any slot"))
    kind = (pitch.step_free, pitch.size, pitch.room.casefold())
    if kind not in kinds:
        kinds[kind] = any((r.step_free or not pitch.step_free) and r.capacity >= pitch.size
                          and (not kind[2] or r.name.casefold() == kind[2]) for r in rooms)
    if not kinds[kind]:
        biggest = max(r.capacity for r in rooms)
        if pitch.step_free and not any(r.step_free for r in rooms):
            return Overflow(pitch, N_("needs a step-free room and there is none"))
        if pitch.size > biggest:
            return Overflow(pitch, N_("expects %(size)d people; the biggest room holds "
                                      "%(biggest)d"),
                            (("size", pitch.size), ("biggest", biggest)))
        return Overflow(pitch, N_("no room is both step-free and big enough"))
    hosting = hosting_by_host.get(pitch.host.casefold(), set())
    if all_slots.difference(pitch.unavailable) <= hosting:
        return Overflow(pitch, N_("the host is already hosting in every slot they can make"))
    return Overflow(pitch, N_("every suitable room is full in the slots the host can make"))

