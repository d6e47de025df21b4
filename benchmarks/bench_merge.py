"""Time merging a language's kit catalog into a newer POT, as `boxkit locale extract` does.

    python benchmarks/bench_merge.py [--base REV] [--code fr]

Takes ``locales/<code>/kit.po`` as it was at ``REV`` (default 417d2b9, before the 0.3.0
content rewrite: about 1,200 new or changed blocks) and merges today's ``locales/kit.pot``
into it twice: with boxkit's merge (Babel's fuzzy matching on candidates that share words)
and with Babel's plain ``Catalog.update``. Prints both times and how many entries each
marked fuzzy, and how many of those differ.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from boxkit import _catalogs

ROOT = Path(__file__).resolve().parents[1]


def fuzzy(path: Path) -> dict[str, tuple[str, ...]]:
    return {m.id: tuple(m.previous_id or ()) for m in _catalogs.read(path)
            if m.id and m.fuzzy}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="417d2b9")
    parser.add_argument("--code", default="fr")
    args = parser.parse_args()
    old = subprocess.run(["git", "show", f"{args.base}:locales/{args.code}/kit.po"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    pot = ROOT / "locales" / "kit.pot"
    with tempfile.TemporaryDirectory() as tmp:
        ours, babels = Path(tmp) / "ours.po", Path(tmp) / "babel.po"
        ours.write_text(old, encoding="utf-8")
        babels.write_text(old, encoding="utf-8")
        start = time.perf_counter()
        _catalogs.merge(ours, pot)
        mine = time.perf_counter() - start
        start = time.perf_counter()
        catalog = _catalogs.read(babels)
        catalog.update(_catalogs.read(pot), no_fuzzy_matching=False,
                       update_header_comment=False, update_creation_date=False)
        _catalogs.write(catalog, babels)
        plain = time.perf_counter() - start
        a, b = fuzzy(ours), fuzzy(babels)
        differ = sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    print(f"boxkit merge: {mine:.1f} s, {len(a)} fuzzy")
    print(f"Babel update: {plain:.1f} s, {len(b)} fuzzy")
    print(f"entries matched differently: {differ}; speed-up {plain / mine:.0f}x")


if __name__ == "__main__":
    main()
