"""boxkit: a localised starter kit for a new chapter of a public-sector reform network.

The command line (``boxkit``) is a thin layer over these functions.
"""

from __future__ import annotations

from boxkit._version import __version__
from boxkit.answers import Answers, ResolvedAnswers, Room, load_answers_file, resolve_answers
from boxkit.errors import (
    AnswersError,
    BoxkitError,
    DestinationError,
    GitError,
    TemplateError,
    UnknownCodeError,
    UntrustedTemplateError,
)
from boxkit.kit import NewKit, new_kit

__all__ = [
    "Answers",
    "AnswersError",
    "BoxkitError",
    "DestinationError",
    "GitError",
    "NewKit",
    "ResolvedAnswers",
    "Room",
    "TemplateError",
    "UnknownCodeError",
    "UntrustedTemplateError",
    "__version__",
    "load_answers_file",
    "new_kit",
    "resolve_answers",
]
