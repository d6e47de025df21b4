"""How `schedule_sessions` grows with the number of pitches, and what it adds to a command.

    python benchmarks/bench_schedule.py [--runs 5]

Pitches have realistic constraints: hosts with two pitches, unavailable slots, step-free
needs and expected sizes; a quarter of the rooms are not step-free. For 8 and 100 rooms
(8 slots) it prints the median time for 100, 1,000 and 10,000 pitches, the growth per
pitch from 1,000 to 10,000 (1.0 is linear; issue 20 asks for linear or better), and
10,000 against 100 pitches (issue 20: at most 1.5× once the command's start-up counts,
which the last line measures with `boxkit schedule` itself).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from boxkit._schedule import Pitch, Room, make_slots, schedule_sessions


def inputs(pitches: int, rooms: int, seed: int = 7) -> tuple[list[Pitch], list[Room]]:
    rng = random.Random(seed)
    hosts = max(1, pitches * 7 // 10)
    made = [Pitch(title=f"Topic {n:05d}", host=f"Host {n % hosts:05d}",
                  score=sum(rng.randint(1, 5) for _ in range(5)),
                  unavailable=frozenset(rng.sample(range(8), rng.choice([0, 0, 0, 1, 2]))),
                  step_free=rng.random() < 0.1,
                  size=rng.choice([0, 0, 0, 0, 20, 40, 120]))
            for n in range(pitches)]
    halls = [Room(f"Room {n:03d}", rng.randint(10, 300), step_free=n % 4 != 3)
             for n in range(rooms)]
    return made, halls


def median_time(pitches: int, rooms: int, runs: int) -> float:
    made, halls = inputs(pitches, rooms)
    slots = make_slots(8, start="09:00", minutes=40, break_minutes=10)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        schedule_sessions(made, halls, slots)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_time(pitches: int, rooms: int, runs: int, folder: Path) -> float:
    """`boxkit schedule` on files, as an organiser runs it on the day."""
    made, halls = inputs(pitches, rooms)
    csv_path, rooms_path = folder / f"p{pitches}.csv", folder / f"r{rooms}.yml"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "host", "score"])
        writer.writerows([p.title, p.host, p.score] for p in made)
    rooms_path.write_text(yaml.safe_dump([{"name": r.name, "capacity": r.capacity,
                                           "step_free": r.step_free} for r in halls]))
    boxkit = shutil.which("boxkit") or "boxkit"
    times = []
    for run in range(runs):
        out = folder / f"out-{pitches}-{run}"
        start = time.perf_counter()
        subprocess.run([boxkit, "schedule", str(csv_path), "--rooms", str(rooms_path),
                        "--slots", "8", "--out", str(out)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    for rooms in (8, 100):
        small, mid, big = (median_time(n, rooms, runs) for n in (100, 1000, 10_000))
        print(f"{rooms:>3} rooms x 8 slots: 100 pitches {small * 1000:7.1f} ms, "
              f"1,000 {mid * 1000:7.1f} ms, 10,000 {big * 1000:7.1f} ms; growth per pitch "
              f"1k→10k {big / 10 / mid:.2f} (target ≤ 1.0 ± noise)")
    with tempfile.TemporaryDirectory() as tmp:
        small = command_time(100, 100, runs, Path(tmp))
        big = command_time(10_000, 100, runs, Path(tmp))
    print(f"boxkit schedule, 100 rooms: 100 pitches {small:.2f} s, 10,000 pitches {big:.2f} s: "
          f"{big / small:.2f}x (target ≤ 1.5x)")


if __name__ == "__main__":
    main()
