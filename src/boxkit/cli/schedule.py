"""``boxkit schedule PITCHES.csv --rooms ROOMS.yml --out DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boxkit._i18n import _
from boxkit.cli._shared import err, run

SHOWN = 30
"""Pitches not placed that the terminal lists; grid.md and schedule.json list them all."""


def schedule(
    pitches: Annotated[Path, typer.Argument(metavar="PITCHES.csv", show_default=False,
                                            help="The pitches: title,host,score or "
                                                 "title,host,round1..round5.")],
    rooms: Annotated[Path, typer.Option("--rooms", metavar="ROOMS.yml",
                                        help="The rooms: a YAML list of {name, capacity, "
                                             "step_free}.")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR",
                                      help="Where to write the grid and calendars.")],
    slots: Annotated[int | None, typer.Option("--slots", metavar="N",
                                              help="Number of slots (default: the kit's).")
                     ] = None,
    slot_minutes: Annotated[int | None, typer.Option("--slot-minutes", metavar="M",
                                                     help="Length of a slot.")] = None,
    start: Annotated[str | None, typer.Option("--start", metavar="HH:MM",
                                              help="Start of the first slot.")] = None,
    break_minutes: Annotated[int | None, typer.Option("--break-minutes", metavar="B",
                                                      help="Break between slots.")] = None,
    lunch_minutes: Annotated[int | None, typer.Option("--lunch-minutes", metavar="L",
                                                      help="Lunch break (after the middle "
                                                           "slot).")] = None,
    kit: Annotated[Path | None, typer.Option("--kit", metavar="KIT",
                                             help="The kit whose event to use (found from "
                                                  "the rooms file by default).")] = None,
) -> None:
    """Turn the day's pitches into a grid: biggest rooms for the highest scores."""
    from boxkit._schedule import plan_day

    result = run(lambda: plan_day(pitches, rooms, out, kit=kit, slots=slots,
                                  slot_minutes=slot_minutes, start=start,
                                  break_minutes=break_minutes, lunch_minutes=lunch_minutes))
    placed, overflow = result.schedule.sessions, result.schedule.overflow
    typer.echo(_("Placed %(placed)d sessions in %(rooms)d rooms × %(slots)d slots; wrote "
                 "%(count)d files into %(out)s") % {
        "placed": len(placed), "rooms": len(result.schedule.rooms),
        "slots": len(result.schedule.slots), "count": len(result.files), "out": result.out})
    if overflow:
        err(_("Not placed (%(count)d):") % {"count": len(overflow)})
        err("\n".join(f"  {item.pitch.title} ({item.pitch.score}): {item.reason_in(_)}"
                      for item in overflow[:SHOWN]))
        if len(overflow) > SHOWN:
            from boxkit._schedule_files import MORE_NOT_PLACED

            err(_(MORE_NOT_PLACED) % {
                "count": len(overflow) - SHOWN, "file": result.out / "grid.md"})
