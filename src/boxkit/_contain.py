"""Render an untrusted template in a child process with limits.

Jinja's sandbox stops template text from reaching Python, but not from asking for 10 GB
(``{{ 'A' * 10000000000 }}``), recursing without end, or looping for hours. So a template
from elsewhere that was not given ``--trust`` renders in a forked child with a memory
limit, a file-size limit and a wall-clock limit, while the parent watches the size of
what it writes. Whatever goes wrong becomes one line and exit 1, and the parent removes
everything the child made, including the scratch folders it could not clean up itself.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from boxkit._i18n import N_
from boxkit._render import first_line
from boxkit._scratch import sweep
from boxkit.errors import (
    BoxkitError,
    DestinationError,
    TemplateError,
    UntrustedTemplateError,
)


@dataclass(frozen=True)
class Limits:
    """What one untrusted render may use."""

    seconds: float = 120.0
    output_bytes: int = 256 * 2**20
    memory_bytes: int = 4 * 2**30


LIMITS = Limits()
_NOTHING = object()
_ERRORS: dict[str, type[BoxkitError]] = {
    cls.__name__: cls for cls in (TemplateError, UntrustedTemplateError, DestinationError)}


def run_contained(label: str, render: Callable[[], None], out: Path, *,
                  limits: Limits | None = None) -> None:
    """Run ``render`` (which writes into ``out``) in a child process within ``limits``;
    raise a one-line :class:`TemplateError` when it breaks one or fails."""
    limits = limits or LIMITS
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(label, render, writer, limits), daemon=True)
    child.start()
    writer.close()
    deadline = time.monotonic() + limits.seconds
    broken = None
    try:
        while child.is_alive():
            child.join(0.1)
            if not child.is_alive():
                break
            if time.monotonic() > deadline:
                broken = TemplateError(N_("%(label)s: took longer than %(seconds)s s to "
                                          "render; stopped it"),
                                       label=label, seconds=f"{limits.seconds:g}")
            elif _size(out) > limits.output_bytes:
                broken = _too_big(label, limits)
            if broken:
                break
    finally:
        if child.is_alive():
            child.kill()
            child.join()
        sweep()  # the scratch folders of a child that was stopped
    if broken:
        raise broken
    message: Any
    try:
        message = reader.recv() if reader.poll() else _NOTHING
    except EOFError:  # the child died before it could say why
        message = _NOTHING
    reader.close()
    if message is _NOTHING:
        raise TemplateError(N_("%(label)s: the render stopped unexpectedly (exit code "
                               "%(code)s)"), label=label, code=child.exitcode)
    if message is None:
        return
    kind, message_id, values = message
    # The child's error, rebuilt from its message id and values (or its English text).
    raise _ERRORS.get(kind, TemplateError)(message_id, **values)


def _child(label: str, render: Callable[[], None], writer: Connection, limits: Limits) -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file too big fails, not kills
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
    try:
        render()
        writer.send(None)
    except BoxkitError as error:
        if os.strerror(errno.EFBIG) in str(error):  # the file-size limit set above
            _send(writer, _too_big(label, limits))
        else:
            _send(writer, error)
    except RecursionError:
        _send(writer, TemplateError(N_("%(label)s: recursion too deep (a macro or include that "
                                       "calls itself); refusing the template"), label=label))
    except MemoryError:
        _send(writer, TemplateError(N_("%(label)s: needs more than %(gb)s GB of memory to "
                                       "render; refusing the template"),
                                    label=label, gb=limits.memory_bytes // 2**30))
    except Exception as error:  # anything a template can raise becomes one line
        _send(writer, TemplateError(N_("%(label)s: could not render (%(reason)s)"),
                                    label=label, reason=first_line(error)))
    finally:
        writer.close()
        os._exit(0)


def _too_big(label: str, limits: Limits) -> TemplateError:
    return TemplateError(N_("%(label)s: wrote more than %(mb)s MB; stopped it"),
                         label=label, mb=limits.output_bytes // 2**20)


def _send(writer: Connection, error: BoxkitError) -> None:
    """The error as its class's name, message id and values; as its English text when a
    value cannot cross the process boundary (pickle)."""
    try:
        writer.send((type(error).__name__, error.message_id, error.values))
    except Exception:  # pickle fails in many ways (TypeError, PicklingError, …)
        writer.send((type(error).__name__, str(error), {}))


def _size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*") if folder.exists() else ():
        try:
            total += path.lstat().st_size
        except OSError:
            continue
    return total
