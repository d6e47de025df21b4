"""One exception tree for everything a user can get wrong.

The CLI turns any :class:`BoxkitError` into one line on stderr and its ``exit_code``;
anything else is a bug and keeps its traceback.

An error is data: a message id (English, with ``%(name)s`` fields, marked with ``N_`` so
that ``boxkit locale extract`` finds it) and the values of its fields. ``str(error)`` is
the English; :meth:`BoxkitError.translated` is the message in the user's language, made
where it is shown (the CLI), as a schedule's ``Overflow`` does with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def N_(message: str) -> str:
    """Mark a message id for extraction (``boxkit locale extract``); it is translated later,
    where it is shown. Here, not in ``boxkit._i18n`` (which re-exports it), so that this
    module imports nothing of boxkit's."""
    return message


EXIT_ERROR = 1
"""A user error: one clear line on stderr."""
EXIT_USAGE = 2
"""The command line itself is wrong (Typer's own exit code)."""
EXIT_CONFLICTS = 3
"""An update finished but left conflicts for the chapter to resolve (``UpdateResult``
lists them); not an exception: the kit is updated, and needs a person."""


class BoxkitError(Exception):
    """Root of every error boxkit reports to a user (exit code 1).

    ``message`` is the English text, with ``%(name)s`` fields filled from ``values``; with
    values, a literal percent sign is written ``%%``, without, the text is used as it is.
    A value may be another error (the one this one wraps): it is translated with it.
    """

    exit_code: int = EXIT_ERROR

    def __init__(self, message: str, /, **values: object) -> None:
        self.message_id = message
        self.values = values
        super().__init__(_format(message, values))

    def translated(self, translate: Callable[[str], str]) -> str:
        """The message in ``translate``'s language (English where it has no translation,
        or where the translation's fields do not fit the values)."""
        text = translate(self.message_id)
        if not self.values:
            return text
        values = {name: value.translated(translate) if isinstance(value, BoxkitError)
                  else value for name, value in self.values.items()}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):  # a translation with other fields
            return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from the id and values, whatever a subclass's __init__ takes, so that an
        # error crosses a process boundary (pickle) whole.
        return _rebuilt, (type(self), self.message_id, self.values), self.__dict__


def _format(message: str, values: dict[str, object]) -> str:
    return message % values if values else message


def _rebuilt(cls: type[BoxkitError], message: str, values: dict[str, object]) -> BoxkitError:
    error = cls.__new__(cls)
    BoxkitError.__init__(error, message, **values)
    return error


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


class PrintError(BoxkitError):
    """The print pack cannot be made: an unknown item, a missing font, a file Typst refused."""


class RegistryError(BoxkitError):
    """The list of known chapters cannot be read or fetched; names the file or address."""


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
        if line:
            super().__init__(N_("%(path)s:%(line)s: cannot read catalog (%(reason)s)"),
                             path=path, line=line, reason=reason)
        else:
            super().__init__(N_("%(path)s: cannot read catalog (%(reason)s)"),
                             path=path, reason=reason)
        self.path, self.reason, self.line = path, reason, line


class RoomProblem(BoxkitError, ValueError):
    """What is wrong with a list of rooms. ``index`` is the room's place in the list
    (from 0), or None when the list itself is wrong: the caller knows where that is in its
    own input, and raises its own error with this one as a value."""

    def __init__(self, index: int | None, message: str, /, **values: object) -> None:
        super().__init__(message, **values)
        self.index = index


class MissingAnswer(Exception):
    """Internal to answers: a required answer has no default (becomes an AnswersError or a
    question)."""


class Advice(Exception):
    """A translator check's finding that deserves a look but does not stop the catalog being
    used: a warning of ``boxkit locale check``, raised by checkers beside Babel's
    TranslationError. (Every check boxkit ships now raises errors; the glossary's used to
    be advice.)"""
