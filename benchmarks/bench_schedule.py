"""Time `schedule_sessions` on 1,000 pitches × 40 rooms × 8 slots (issue: well under 1 s).

    python benchmarks/bench_schedule.py [--runs 5]

Pitches have realistic constraints: hosts with two pitches, unavailable slots, step-free
needs and expected sizes; a quarter of the rooms are not step-free. Prints the median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from boxkit._schedule import Pitch, Room, make_slots, schedule_sessions


def inputs(seed: int = 7) -> tuple[list[Pitch], list[Room]]:
    rng = random.Random(seed)
    pitches = [Pitch(title=f"Topic {n:04d}", host=f"Host {n % 700:03d}",
                     score=sum(rng.randint(1, 5) for _ in range(5)),
                     unavailable=frozenset(rng.sample(range(8), rng.choice([0, 0, 0, 1, 2]))),
                     step_free=rng.random() < 0.1,
                     size=rng.choice([0, 0, 0, 0, 20, 40, 120]))
               for n in range(1000)]
    rooms = [Room(f"Room {n:02d}", rng.randint(10, 300), step_free=n % 4 != 3)
             for n in range(40)]
    return pitches, rooms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    pitches, rooms = inputs()
    slots = make_slots(8, start="09:00", minutes=40, break_minutes=10)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        plan = schedule_sessions(pitches, rooms, slots)
        times.append(time.perf_counter() - start)
    print(f"1000 pitches x 40 rooms x 8 slots: {statistics.median(times) * 1000:.1f} ms "
          f"(median of {runs}); placed {len(plan.sessions)}, overflow {len(plan.overflow)}")


if __name__ == "__main__":
    main()
