"""Where the bundled data (templates, locales) lives, installed or in a source checkout."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import NamedTuple

_PACKAGE_DIR = Path(__file__).resolve().parent


SOURCE_LOCALE = "en"
"""The language the template's sources are written in (English, as British English)."""


def data_path(name: str) -> Path:
    """Return the folder ``name`` (``templates`` or ``locales``).

    ``BOXKIT_ROOT`` points at a checkout to work on (translators and maintainers, tests);
    otherwise a wheel carries them under ``boxkit/_data/`` and an editable install finds
    them at the repository root, two levels above the package.
    """
    root = os.environ.get("BOXKIT_ROOT")
    if root:
        return Path(root).expanduser().resolve() / name
    return _installed(name)


@cache
def _installed(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"boxkit is installed without its {name}/ folder")


def default_template_dir() -> Path:
    """The Copier template that ``boxkit new`` renders unless told otherwise."""
    return data_path("templates") / "kit"


class Paths(NamedTuple):
    """Where the template sources and the catalogs are (the bundled ones unless a test or
    a translator works on a copy)."""

    template: Path
    locales: Path

    @classmethod
    def bundled(cls) -> Paths:
        return cls(default_template_dir(), data_path("locales"))


HOME_DATA = "~/.local/share/boxkit"
"""Where boxkit keeps what it builds for the user (the template bundle, caches)."""


def data_dir() -> Path:
    """The folder holding the user's bundle (always under the home folder, so that what
    kits record is valid on every machine)."""
    return Path(HOME_DATA).expanduser()
