"""Rooms: the one model and the one validator, for the answers (``event_rooms``) and for
the rooms file that ``boxkit schedule`` reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from boxkit._i18n import N_
from boxkit.errors import RoomProblem

MAX_CAPACITY = 100_000
_KEYS = ("name", "capacity", "step_free")


@dataclass(frozen=True)
class Room:
    name: str
    capacity: int
    step_free: bool = True

    def as_data(self) -> dict[str, Any]:
        return {"name": self.name, "capacity": self.capacity, "step_free": self.step_free}


def parse_rooms(items: object) -> tuple[Room, ...]:
    """Validate a list of ``{name, capacity, step_free}`` mappings (or Rooms), in order."""
    if isinstance(items, list | tuple) and not items:
        raise RoomProblem(None, N_("the list of rooms is empty; give at least one room, "
                                   "{name: ..., capacity: ..., step_free: true}"))
    if not isinstance(items, list | tuple):
        raise RoomProblem(None, N_("expected a list of rooms, each "
                                   "{name: ..., capacity: ..., step_free: true}"))
    rooms: list[Room] = []
    for index, item in enumerate(items):
        room = item if isinstance(item, Room) else _room(index, item)
        if any(other.name.casefold() == room.name.casefold() for other in rooms):
            raise RoomProblem(index, N_("%(name)r is listed twice; give each room its own name"),
                              name=room.name)
        rooms.append(room)
    return tuple(rooms)


def _room(index: int, item: object) -> Room:
    if not isinstance(item, Mapping) or "name" not in item or "capacity" not in item:
        raise RoomProblem(index, N_("a room needs a name and a capacity"))
    unknown = sorted(str(key) for key in item if key not in _KEYS)
    if unknown:
        raise RoomProblem(index, N_("unknown key(s) %(unknown)s; a room has %(keys)s"),
                          unknown=", ".join(unknown), keys=", ".join(_KEYS))
    raw = item["name"]
    name = "" if isinstance(raw, bool) or not isinstance(raw, str | int | float) \
        else str(raw).strip()
    if not name:
        raise RoomProblem(index, N_("the room's name is empty"))
    if "\n" in name or "\r" in name or len(name) > 200:
        raise RoomProblem(index, N_("the room's name must be one line of at most 200 "
                                    "characters"))
    capacity = _whole_number(item["capacity"])
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise RoomProblem(index, N_("%(name)s: capacity must be a whole number from 1 to "
                                    "%(most)s"), name=name, most=MAX_CAPACITY)
    step_free = item.get("step_free", True)
    if not isinstance(step_free, bool):
        raise RoomProblem(index, N_("%(name)s: step_free must be true or false"), name=name)
    return Room(name, capacity, step_free)


def _whole_number(value: object) -> int | None:
    # A quoted "40" is still forty seats; 40.5 and true are not.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None
