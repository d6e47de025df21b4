"""What every render shares: Copier's errors as boxkit's, and the kit-boundary check."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Callable, Iterator
from pathlib import Path

from boxkit._i18n import N_
from boxkit.errors import DestinationError, TemplateError, UntrustedTemplateError

_CANNOT_WRITE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES,
                 errno.EPERM}
"""Errors of the disk being written, not of the template: named by the file."""


def first_line(error: BaseException) -> str:
    """The first line of an error's message (Copier and Jinja write several)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


@contextlib.contextmanager
def copier_errors(label: str, failed: Callable[[str], TemplateError], *,
                  can_trust: bool = True, writing: Path | None = None) -> Iterator[None]:
    """Turn what Copier (or Jinja inside it) raises into one-line boxkit errors:
    ``failed(reason)``, the caller's whole sentence with the first line of the cause as
    ``reason``. ``can_trust`` says whether the command has a ``--trust`` to offer for a
    template (``label``) that wants to run code. A disk that cannot be written (full,
    read-only) is named by the file, or else by ``writing``, the folder being written."""
    from copier.errors import CopierError, UnsafeTemplateError
    from jinja2 import TemplateError as JinjaError

    try:
        yield
    except UnsafeTemplateError as error:
        if can_trust:
            raise UntrustedTemplateError(
                N_("%(label)s: %(reason)s — pass --trust only if you trust its author"),
                label=label, reason=str(error)) from None
        raise UntrustedTemplateError(N_("%(label)s: %(reason)s — boxkit will not run it"),
                                     label=label, reason=str(error)) from None
    except OSError as error:
        if error.errno in _CANNOT_WRITE and (error.filename or writing):
            raise DestinationError(N_("%(path)s: cannot write it (%(reason)s)"),
                                   path=error.filename or writing,
                                   reason=error.strerror) from None
        raise failed(first_line(error)) from None
    except (CopierError, JinjaError, ValueError) as error:
        raise failed(first_line(error)) from None


def check_contained(root: Path, label: str) -> None:
    """Refuse a render with a path (or link) that leads outside ``root``."""
    real = root.resolve()
    for path in root.rglob("*"):
        if not path.resolve().is_relative_to(real):
            raise TemplateError(N_("%(label)s: %(path)s points outside the destination; "
                                   "refusing it"), label=label, path=path.relative_to(root))


def kit_files(root: Path) -> tuple[str, ...]:
    """Every file under ``root`` but git's own, as sorted POSIX paths."""
    return tuple(sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*")
        if (p.is_file() or p.is_symlink()) and ".git" not in p.relative_to(root).parts
    ))
