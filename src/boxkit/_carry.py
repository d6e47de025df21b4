"""Keep the chapter's edits to files that a release moved or removed.

Copier replays a chapter's edits path by path, and deletes a file that the new template no
longer has, edited or not. Maintainers therefore record renames and removals in the
template's ``changelog.yml`` (``moved`` and ``removed`` per release); after Copier ran,
boxkit compares each such file in the kit with the old version's render of it and, where
the chapter edited it, merges the edits into the new path (``git merge-file``) or keeps the
chapter's copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from boxkit._i18n import N_
from boxkit.errors import UpdateError

LABELS = ("before updating", "last update", "after updating")  # Copier's own


@dataclass(frozen=True)
class KeptEdit:
    """A file the chapter edited that a release moved or removed, and where its edits are."""

    was: str
    """The kit path the chapter edited."""
    moved_to: str | None
    """Where the release moved it; ``None`` when it was removed (or this kit does not get
    the new path)."""
    version: str
    """The release that moved or removed it (the last one, over a chain of renames)."""
    path: str
    """Where the chapter's edits are now: ``moved_to`` when carried over, else ``was``."""
    conflicts: bool = False
    """The carried edits left conflict markers to resolve."""

    @property
    def carried(self) -> bool:
        return self.path != self.was


@dataclass(frozen=True)
class Fate:
    """Where a kit path ends up over a series of releases (``now`` None: removed)."""

    was: str
    now: str | None
    version: str


def _expand(path: str, locales: Sequence[str]) -> list[tuple[str | None, str]]:
    if "{locale}" not in path or not locales:
        return [(None, path)]
    return [(code, path.replace("{locale}", code)) for code in locales]


def _safe(path: str) -> bool:
    """A relative path inside the kit (a changelog is the template's data, not trusted)."""
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts \
        and ".git" not in pure.parts and "\\" not in path


def fates(releases: Iterable[tuple[str, Mapping[str, str], Sequence[str]]],
          locales: Sequence[str]) -> dict[str, Fate]:
    """Follow ``(version, moved, removed)`` releases, oldest first, to each old path's end.

    ``{locale}`` stands for each of the kit's locales (the same one on both sides of a
    move); a path moved and later moved again or removed ends where the last release put it.
    """
    found: dict[str, Fate] = {}
    for version, moved, removed in releases:
        ends = {f.now: was for was, f in found.items() if f.now is not None}
        steps: list[tuple[str, str | None]] = []
        for old, new in moved.items():
            targets = dict(_expand(new, locales))
            for code, path in _expand(old, locales):
                steps.append((path, targets.get(code, new)))
        steps += [(path, None) for old in removed for _code, path in _expand(old, locales)]
        for path, now in steps:
            if not _safe(path) or (now is not None and not _safe(now)):
                continue
            if path in ends:
                found[ends[path]] = Fate(ends[path], now, version)
            elif path not in found:
                found[path] = Fate(path, now, version)
    return {was: f for was, f in found.items() if f.now != was}


def only(paths: Iterable[str]) -> list[str]:
    """Copier ``exclude`` patterns that leave only ``paths`` (rendered paths)."""
    escaped = ("".join(f"\\{c}" if c in "\\*?[]!# " else c for c in path) for path in paths)
    return ["*", *(f"!/{path}" for path in escaped)]


def carry_edits(kit: Path, clone: Path, tracked: frozenset[str], moves: Mapping[str, Fate],
                render_old: Callable[[Path, list[str]], None]) -> tuple[KeptEdit, ...]:
    """After Copier updated ``clone`` (a clone of ``kit``), keep the chapter's edits to
    every moved or removed file that the kit has (``tracked``).

    ``render_old(folder, exclude)`` renders the kit's old template version into
    ``folder`` with these extra Copier exclusions; it runs only when such a file exists,
    first for just those files, then in full if one of them did not come out (a pattern
    Copier reads differently must not cost the chapter its edits).
    """
    candidates = [f for was, f in sorted(moves.items()) if was in tracked
                  and not (kit / was).is_symlink() and (kit / was).is_file()]
    if not candidates:
        return ()
    kept: list[KeptEdit] = []
    with tempfile.TemporaryDirectory(prefix="boxkit-old-") as tmp:
        old = Path(tmp) / "old"
        render_old(old, only(f.was for f in candidates))
        if not all((old / f.was).is_file() for f in candidates):
            shutil.rmtree(old)
            render_old(old, [])
        for fate in candidates:
            base = old / fate.was
            ours = kit / fate.was
            if not base.is_file() or base.read_bytes() == ours.read_bytes():
                continue  # the chapter's own file, or untouched: Copier's result is right
            theirs = clone / fate.now if fate.now is not None else None
            if theirs is not None and theirs.is_file() and not theirs.is_symlink():
                merged, conflicts = _merge(ours, base, theirs, Path(tmp))
                if merged is not None:
                    theirs.write_bytes(merged)
                    kept.append(KeptEdit(fate.was, fate.now, fate.version, str(fate.now),
                                         conflicts))
                    continue
            # Removed (or nowhere to merge into): the chapter's copy stays as it is.
            target = clone / fate.was
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ours, target)
            moved_to = fate.now if theirs is not None and theirs.is_file() else None
            kept.append(KeptEdit(fate.was, moved_to, fate.version, fate.was))
    return tuple(kept)


def _merge(ours: Path, base: Path, theirs: Path, tmp: Path) -> tuple[bytes | None, bool]:
    """Three-way merge as Copier does it; ``(None, False)`` when git cannot (binary)."""
    exe = shutil.which("git")
    if exe is None:
        raise UpdateError(N_("git is not installed: install git and run the command again"))
    args = [exe, "merge-file", "-p"]
    for label in LABELS:
        args += ["-L", label]
    done = subprocess.run([*args, "--", str(ours), str(base), str(theirs)], cwd=tmp,
                          capture_output=True, check=False,
                          env={**os.environ, "LC_ALL": "C"})
    if done.returncode < 0 or done.returncode > 127:
        return None, False
    return done.stdout, done.returncode > 0
