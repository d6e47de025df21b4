"""Prepare a change to a kit away from its files, then make it in one step.

``boxkit update`` works in a clone of the kit kept in the kit's git folder
(``<gitdir>/boxkit/work``), so Copier never writes into the chapter's files. The result is
staged with a journal in ``<gitdir>/boxkit/pending.tmp``; renaming that folder to
``pending`` is the commit point. Then every staged file is renamed into the kit (atomic per
file: same file system) and the journal is removed.

- Stopped before the commit point (SIGKILL, or SIGINT/SIGTERM/SIGHUP, which clean up), the
  kit was never touched; the next run removes what was left in the git folder.
- Stopped after it (only SIGKILL or a power cut can: the other signals are held from the
  commit point until the kit is written), the next run finds ``pending`` and finishes it.

Everything lives under the git folder, so ``git status`` of the kit never sees it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from boxkit._git import git_bytes
from boxkit._i18n import N_
from boxkit._scratch import STOP_SIGNALS
from boxkit.errors import BoxkitError, UpdateError, UpdateInterrupted

JOURNAL_FORMAT = 1
_HELD = STOP_SIGNALS
_STOPPING = tuple(s for s in _HELD if s != signal.SIGINT)  # SIGINT already raises
_TEMP_SUFFIX = ".boxkit-new"


@dataclass(frozen=True)
class Changes:
    """What an update does to the kit: files to write and files to delete (kit paths)."""

    write: tuple[str, ...] = ()
    delete: tuple[str, ...] = ()

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({*self.write, *self.delete}))


def _git(args: Sequence[str], cwd: Path) -> bytes:
    return git_bytes(args, cwd=cwd)


def _text(args: Sequence[str], cwd: Path) -> str:
    return os.fsdecode(_git(args, cwd)).strip()


def _names(output: bytes) -> list[str]:
    return [os.fsdecode(part) for part in output.split(b"\0") if part]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _same(one: Path, other: Path) -> bool:
    if one.is_symlink() or other.is_symlink():
        return one.is_symlink() and other.is_symlink() and os.readlink(one) == os.readlink(other)
    return other.is_file() and one.read_bytes() == other.read_bytes()


class Transaction:
    """One update of one kit: a work clone, then a journal applied in one step."""

    def __init__(self, kit: Path, gitdir: Path, prefix: str, hold: Callable[[], None]) -> None:
        self.kit = kit
        self.root = gitdir / "boxkit"
        self.prefix = prefix
        """The kit's folder in its repository (``""`` when the kit is the repository)."""
        self.committed = False
        self._hold = hold
        self._base = ""

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def clone(self) -> Path:
        """The kit inside the work clone."""
        return self.work / self.prefix if self.prefix else self.work

    def head(self) -> str:
        return _text(["rev-parse", "--verify", "HEAD"], self.kit)

    def discard(self) -> None:
        """Remove what an unfinished preparation left (never a committed journal)."""
        for name in ("work", "pending.tmp", "done"):
            shutil.rmtree(self.root / name, ignore_errors=True)

    # --- preparing --------------------------------------------------------------------

    def prepare(self) -> Path:
        """A fresh clone of the kit at HEAD; returns the kit's folder inside it."""
        self.discard()
        self.root.mkdir(parents=True, exist_ok=True)
        self._base = self.head()
        top = _text(["rev-parse", "--show-toplevel"], self.kit)
        _git(["clone", "--quiet", "--shared", "--no-checkout", top, str(self.work)], self.root)
        _git(["checkout", "--quiet", "--detach", self._base], self.work)
        return self.clone

    def tracked(self) -> frozenset[str]:
        """The kit's files at HEAD (kit paths)."""
        return frozenset(_names(_git(["ls-files", "-z"], self.clone)))

    def unmerged(self) -> frozenset[str]:
        """Paths Copier recorded as unmerged in the clone's index (kit paths)."""
        return frozenset(_names(_git(["diff", "--name-only", "-z", "--diff-filter=U",
                                      "--relative"], self.clone)))

    def changes(self) -> Changes:
        """Every path of the kit that differs from HEAD in the clone, ignored files too
        (a direct update would have written them)."""
        _git(["add", "--all", "--force", "--", "."], self.clone)
        fields = _names(_git(["diff", "--cached", "--name-status", "-z", "--no-renames",
                              "--relative", "HEAD"], self.clone))
        write: list[str] = []
        delete: list[str] = []
        for status, path in zip(fields[::2], fields[1::2], strict=True):
            (delete if status == "D" else write).append(path)
        return Changes(tuple(sorted(write)), tuple(sorted(delete)))

    # --- committing -------------------------------------------------------------------

    def commit(self, changes: Changes, record: dict[str, Any]) -> None:
        """Stage ``changes`` from the clone with a journal, then apply them to the kit.

        ``record`` is kept in the journal, so that a later run that finishes this update
        can report it.
        """
        self.apply(self.stage(changes, record))

    def stage(self, changes: Changes, record: dict[str, Any]) -> dict[str, Any]:
        """Move the changed files out of the clone into a journal, and commit to it: from
        here on the update is finished, by :meth:`apply` or by the next run's
        :meth:`recover`. Returns the journal."""
        staging = self.root / "pending.tmp"
        files = staging / "files"
        files.mkdir(parents=True)
        for rel in changes.write:
            target = files / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.clone / rel, target)
            if not target.is_symlink():
                _fsync(target)
        journal = {"format": JOURNAL_FORMAT, "head": self._base, "write": list(changes.write),
                   "delete": list(changes.delete), "record": record}
        manifest = staging / "manifest.json"
        manifest.write_text(json.dumps(journal, indent=1), encoding="utf-8")
        _fsync(manifest)
        for folder, _dirs, _files in os.walk(staging):
            _fsync(Path(folder))
        shutil.rmtree(self.work)
        if self.head() != self._base or _git(["status", "--porcelain", "-z"], self.kit):
            raise UpdateError(N_("%(kit)s: changed while the update was being prepared; "
                                 "nothing was written: commit or undo that change, then run "
                                 "boxkit update again"), kit=self.kit)
        self._hold()
        self.committed = True
        pending = self.root / "pending"
        os.rename(staging, pending)  # the commit point
        _fsync(self.root)
        return journal

    def apply(self, journal: dict[str, Any]) -> None:
        self._apply(self.root / "pending", journal)

    def recover(self, *, dry_run: bool) -> dict[str, Any] | None:
        """Finish an update that was stopped after its commit point; return its record.

        ``None`` when there was none. With ``dry_run`` the journal is only read.
        """
        pending = self.root / "pending"
        if not pending.is_dir():
            return None
        label = pending.relative_to(self.kit) if pending.is_relative_to(self.kit) else pending
        try:
            journal = json.loads((pending / "manifest.json").read_text(encoding="utf-8"))
            if not (isinstance(journal, dict) and journal.get("format") == JOURNAL_FORMAT
                    and isinstance(journal.get("head"), str)
                    and isinstance(journal.get("record"), dict)
                    and all(isinstance(journal.get(key), list)
                            and all(isinstance(path, str) for path in journal[key])
                            for key in ("write", "delete"))):
                raise ValueError("not a journal this boxkit wrote")
        except (OSError, ValueError) as error:
            raise UpdateError(N_("%(label)s: an interrupted update left a journal boxkit "
                                 "cannot read (%(reason)s); remove that folder and check "
                                 "`git status`"), label=label, reason=str(error)) from None
        if self.head() != journal["head"]:
            raise UpdateError(N_("%(label)s: an update was interrupted, but the kit has new "
                                 "commits since; finish it by hand (see `git status`) and "
                                 "remove that folder (rm -r %(pending)s)"),
                              label=label, pending=pending)
        self._check_resumable(pending, journal, label)
        if not dry_run:
            self._hold()
            self.committed = True
            self._apply(pending, journal)
        record: dict[str, Any] = journal["record"]
        return record

    def _check_resumable(self, pending: Path, journal: dict[str, Any], label: object) -> None:
        """Refuse to finish a journal over changes someone made after the interruption."""
        write, delete = set(journal["write"]), set(journal["delete"])
        fields = _names(_git(["status", "--porcelain", "-z", "--untracked-files=all",
                              "--no-renames"], self.kit))
        for entry in fields:
            path = entry[3:]
            rel = path.removeprefix(self.prefix + "/") if self.prefix else path
            staged = pending / "files" / rel
            ok = ((rel in write and (not os.path.lexists(staged) or _same(staged, self.kit / rel)))
                  or (rel in delete and not os.path.lexists(self.kit / rel))
                  or (rel.endswith(_TEMP_SUFFIX) and entry.startswith("??")))
            if (self.prefix and rel == path) or not ok:
                raise UpdateError(N_("%(label)s: an update was interrupted, and %(path)s was "
                                     "changed since; undo that change (git checkout -- "
                                     "%(path)s) and run boxkit update again to finish it"),
                                  label=label, path=path)

    def _apply(self, pending: Path, journal: dict[str, Any]) -> None:
        """Make the journal's changes in the kit; safe to run again after any stop."""
        files = pending / "files"
        touched: set[Path] = set()
        current = ""
        try:
            for current in journal["delete"]:
                target = self.kit / current
                if target.is_symlink() or target.is_file():
                    target.unlink()
                touched.add(self._prune(target.parent))
            for current in journal["write"]:
                staged = files / current
                if not os.path.lexists(staged):
                    continue  # moved in by a run that was stopped
                target = self.kit / current
                target.parent.mkdir(parents=True, exist_ok=True)
                _place(staged, target)
                touched.add(target.parent)
            for folder in touched:
                if folder.is_dir():
                    _fsync(folder)
            done = self.root / "done"
            os.rename(pending, done)
            _fsync(self.root)
            shutil.rmtree(done, ignore_errors=True)
        except OSError as error:
            raise UpdateError(N_("%(path)s: cannot write it (%(reason)s); the update is half "
                                 "done: fix that and run boxkit update again to finish it"),
                              path=self.kit / current,
                              reason=error.strerror or str(error)) from None

    def _prune(self, folder: Path) -> Path:
        """Remove ``folder`` and its parents up to the kit while they are empty."""
        while folder != self.kit and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
        return folder


def _place(staged: Path, target: Path) -> None:
    try:
        os.replace(staged, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        # The git folder is on another file system: copy beside the target, then rename.
        temporary = target.with_name(target.name + _TEMP_SUFFIX)
        shutil.copy2(staged, temporary, follow_symlinks=False)
        if not temporary.is_symlink():
            _fsync(temporary)
        os.replace(temporary, target)
        staged.unlink()


# --- the transaction's context ----------------------------------------------------------


@contextlib.contextmanager
def transaction(kit: Path) -> Iterator[Transaction]:
    """Lock ``kit`` for one update, clean what an earlier stopped run left, and make
    SIGTERM and SIGHUP stop the preparation as SIGINT does (with the same clean-up)."""
    gitdir = Path(_text(["rev-parse", "--absolute-git-dir"], kit))
    prefix = _text(["rev-parse", "--show-prefix"], kit).rstrip("/")
    with contextlib.ExitStack() as stack:
        tx = Transaction(kit, gitdir, prefix, lambda: stack.enter_context(_held()))
        stack.enter_context(_locked(gitdir, kit))
        stack.enter_context(_stoppable(lambda: tx.committed))
        try:
            tx.discard()
            yield tx
        except KeyboardInterrupt as stop:
            if tx.committed or isinstance(stop, UpdateInterrupted):
                raise
            raise UpdateInterrupted(signal.SIGINT) from None
        except OSError as error:
            if tx.committed or isinstance(error, BoxkitError):
                raise
            raise UpdateError(N_("%(kit)s: the update failed (%(reason)s); your kit was not "
                                 "changed"), kit=kit, reason=str(error)) from None
        finally:
            tx.discard()
            with contextlib.suppress(OSError):
                tx.root.rmdir()  # only when empty


@contextlib.contextmanager
def _locked(gitdir: Path, kit: Path) -> Iterator[None]:
    """One update per kit at a time (the lock goes with the process, even on SIGKILL)."""
    try:
        import fcntl
    except ImportError:  # not on Windows
        yield
        return
    fd = os.open(gitdir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UpdateError(N_("%(kit)s: another boxkit update is running on this kit; wait "
                                 "for it to finish"), kit=kit) from None
        yield
    finally:
        os.close(fd)


def _handlers(handler: Callable[[int, FrameType | None], None], signals: Sequence[int]
              ) -> Callable[[], None]:
    """Install ``handler`` for ``signals`` (main thread only); return the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    old = {s: signal.signal(s, handler) for s in signals}

    def restore() -> None:
        for number, previous in old.items():
            signal.signal(number, signal.SIG_DFL if previous is None else previous)

    return restore


@contextlib.contextmanager
def _stoppable(committed: Callable[[], bool]) -> Iterator[None]:
    def stop(signum: int, _frame: FrameType | None) -> None:
        if not committed():  # after the commit point the update goes to its end
            raise UpdateInterrupted(signum)

    restore = _handlers(stop, _STOPPING)
    try:
        yield
    finally:
        restore()


@contextlib.contextmanager
def _held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the kit is written.

    A signal that arrives meanwhile is dropped: the update it would have stopped is done.
    """
    restore = _handlers(lambda _signum, _frame: None, _HELD)
    blocked = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD) if blocked else set()
    try:
        yield
    finally:
        if blocked:
            # Unblocking runs the do-nothing handlers for what arrived in between.
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        restore()
