"""Time `boxkit new --no-input` against plain `copier copy` of the same template.

Both run as commands (a fresh process each, as a user runs them), from the same git
bundle, with the same answers, in one run on this machine:

    python benchmarks/bench_new.py [--runs 5]

It prints the median of each and the ratio (DESIGN.md §5 asks for at most 1.3×), and
the time of `boxkit --help` (asked to stay under 0.3 s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    boxkit = shutil.which("boxkit")
    copier = shutil.which("copier")
    if not boxkit or not copier:
        sys.exit("install boxkit first: pip install -e .")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "HOME": str(tmp / "home")}
        # One kit first: builds the bundle and gives the exact answers boxkit passes.
        subprocess.run([boxkit, "new", str(tmp / "first"), "--country", "SE", "--no-input"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        recorded = yaml.safe_load((tmp / "first" / ".copier-answers.yml").read_text())
        source = recorded.pop("_src_path")
        recorded.pop("_commit")
        answers = tmp / "answers.yml"
        answers.write_text(yaml.safe_dump(recorded))
        box, cop, helps = [], [], []
        for n in range(runs):
            box.append(timed([boxkit, "new", str(tmp / f"b{n}"), "--country", "SE",
                              "--no-input"], env))
            cop.append(timed([copier, "copy", "--quiet", "--defaults", "--data-file",
                              str(answers), source, str(tmp / f"c{n}")], env))
            helps.append(timed([boxkit, "--help"], env))
    b, c, h = statistics.median(box), statistics.median(cop), statistics.median(helps)
    print(f"boxkit new --no-input : {b:.3f} s (median of {runs})")
    print(f"copier copy           : {c:.3f} s (median of {runs})")
    print(f"ratio                 : {b / c:.2f}x (target <= 1.3x)")
    print(f"boxkit --help         : {h:.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    main()
