"""One exception tree for everything a user can get wrong.

The CLI turns any :class:`BoxkitError` into one line on stderr and its ``exit_code``;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path

EXIT_ERROR = 1
"""A user error: one clear line on stderr."""
EXIT_USAGE = 2
"""The command line itself is wrong (Typer's own exit code)."""
EXIT_CONFLICTS = 3
"""An update finished but left conflicts for the chapter to resolve (``UpdateResult``
lists them); not an exception: the kit is updated, and needs a person."""


class BoxkitError(Exception):
    """Root of every error boxkit reports to a user (exit code 1)."""

    exit_code: int = EXIT_ERROR


class AnswersError(BoxkitError, ValueError):
    """An answer is missing, malformed or unknown; the message names the field."""


class UnknownCodeError(AnswersError, LookupError):
    """A country, locale or time zone that CLDR/IANA does not know."""


class DestinationError(BoxkitError, OSError):
    """The destination folder cannot take a kit (not empty, a file, would overwrite)."""


class TemplateError(BoxkitError):
    """A template could not be found or rendered."""


class UntrustedTemplateError(TemplateError):
    """A template wants to run code and ``--trust`` was not given."""


class LocaleError(BoxkitError):
    """A catalog is missing, cannot be read, or cannot be started or merged."""


class GitError(BoxkitError, OSError):
    """git is missing or one of its commands failed."""


class ReleaseError(BoxkitError):
    """A template release cannot be made as things are (no changelog entry, not a
    checkout, an older version)."""


class ScheduleError(BoxkitError, ValueError):
    """A pitches or rooms file (or a slot option) that cannot be used; names file:line."""


class SiteError(BoxkitError):
    """The kit has no website, the right Hugo is missing, or the build failed."""


class KitError(BoxkitError):
    """A folder that is not a kit, or a kit whose records cannot be read."""


class UpdateError(KitError):
    """The kit cannot be updated as it is (dirty, unknown version, changed meanwhile)."""


class UpdateInterrupted(KeyboardInterrupt):
    """A signal stopped an update before it touched the kit: the kit is as it was.

    A :class:`KeyboardInterrupt`, so that ``except Exception`` does not swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process stopped by this signal."""
        return 128 + self.signum


class UnreadableCatalog(LocaleError):
    """A PO file that is not a catalog: ``line`` (from 1) names where, when known."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: cannot read catalog ({reason})")
        self.path, self.reason, self.line = path, reason, line


class RoomProblem(ValueError):
    """What is wrong with a list of rooms. ``index`` is the room's place in the list
    (from 0), or None when the list itself is wrong: the caller knows where that is in its
    own input, and raises its own error."""

    def __init__(self, index: int | None, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


class MissingAnswer(Exception):
    """Internal to answers: a required answer has no default (becomes an AnswersError or a
    question)."""


class Advice(Exception):
    """A translator check's finding that deserves a look but does not stop the catalog being
    used (a glossary term not used); raised by checkers beside Babel's TranslationError."""
