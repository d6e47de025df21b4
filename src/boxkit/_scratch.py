"""Scratch folders boxkit owns, and how a stopped run cleans up after itself.

Every folder boxkit works in before a result is moved into place is named
``[.]boxkit-<job>-<pid>-<random>``. A run that ends normally, fails, or is stopped with
Ctrl+C or SIGTERM removes its own (:func:`stop_on_sigterm` turns SIGTERM into the same
``KeyboardInterrupt`` as Ctrl+C, so every ``finally`` runs). A run killed outright (SIGKILL,
a power cut) cannot; the next run removes folders whose name says they are boxkit's and
whose process is gone (:func:`sweep`), and says so. Nothing else is ever touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
"""The signals that stop a boxkit run: Ctrl+C, a kill, a closed terminal."""
_OWNED = re.compile(r"^\.?boxkit-[a-z]+-(\d+)-[a-z0-9_]+$")


def scratch_dir(job: str, parent: Path | None = None, *, hidden: bool = False) -> Path:
    """Make a new scratch folder for ``job`` in ``parent`` (the system's temporary folder
    by default); the caller removes it."""
    prefix = f"{'.' if hidden else ''}boxkit-{job}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


@contextlib.contextmanager
def scratch(job: str, parent: Path | None = None, *, hidden: bool = False) -> Iterator[Path]:
    """A scratch folder that is removed however the block ends."""
    folder = scratch_dir(job, parent, hidden=hidden)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep(*parents: Path) -> tuple[Path, ...]:
    """Remove scratch folders that killed boxkit runs left in ``parents`` (and the system's
    temporary folder); return what was removed."""
    removed = []
    for parent in (*parents, Path(tempfile.gettempdir())):
        try:
            entries = list(parent.iterdir())
        except OSError:
            continue
        for entry in entries:
            found = _OWNED.match(entry.name)
            if not found or int(found[1]) == os.getpid() or _alive(int(found[1])):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
                if not entry.exists():
                    removed.append(entry)
    return tuple(removed)


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """While the block runs, SIGTERM (and SIGHUP) stop it as Ctrl+C does, so that its
    clean-up runs; outside the main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(signum)

    wanted = [s for s in STOP_SIGNALS if s != signal.SIGINT]  # SIGINT already raises
    previous = {number: signal.signal(number, stop) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
