"""One exception tree for everything a user can get wrong.

The CLI turns any :class:`BoxkitError` into one line on stderr and its ``exit_code``;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class BoxkitError(Exception):
    """Root of every error boxkit reports to a user (exit code 1)."""

    exit_code: int = 1


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
