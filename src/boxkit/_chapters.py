"""The movement's known chapters: is there one already where an organiser starts?

``templates/chapters.yml`` ships with boxkit. The maintainers publish the same file at
``registry_url`` in ``movement.yml`` and update it there; ``boxkit chapters update``
fetches it into boxkit's data folder, and boxkit reads whichever copy says it was
updated later. So a new chapter is listed without a release of boxkit's code.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit._i18n import N_
from boxkit._resources import data_path
from boxkit.errors import RegistryError

FILE = "chapters.yml"
SCOPES = ("country", "region", "city", "organisation")
_REQUIRED = ("name", "scope", "link", "source", "seen")


@dataclass(frozen=True)
class Chapter:
    """One known chapter, and the public source that shows it exists or existed."""

    name: str
    scope: str
    country: str
    place: str
    organisation: str
    link: str
    source: str
    seen: str


@dataclass(frozen=True)
class Registry:
    updated: dt.date
    chapters: tuple[Chapter, ...]
    origin: str
    """Where this copy was read from (a path)."""


@dataclass(frozen=True)
class ExistingChapter:
    """A known chapter that a new one should know about. ``same`` is True when it covers
    the same country, place or organisation; otherwise it is the national chapter of a new
    local one."""

    chapter: Chapter
    same: bool


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key, "")
    return "" if value is None else str(value).strip()


def parse_registry(text: str, origin: str) -> Registry:
    """Validate a registry file's text; errors name ``origin`` and the entry."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}" if mark else origin
        raise RegistryError(N_("%(where)s: the list of chapters is not valid YAML"),
                            where=where) from None
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        raise RegistryError(N_("%(where)s: the list of chapters needs a 'chapters:' list"),
                            where=origin)
    try:
        updated = dt.date.fromisoformat(str(data.get("updated", "")))
    except ValueError:
        raise RegistryError(N_("%(where)s: 'updated' must be a date written YYYY-MM-DD"),
                            where=origin) from None
    chapters = []
    for number, entry in enumerate(data["chapters"], start=1):
        if not isinstance(entry, dict):
            raise RegistryError(N_("%(where)s: chapter %(number)d is not a mapping"),
                                where=origin, number=number)
        for key in _REQUIRED:
            if not _text(entry, key):
                raise RegistryError(N_("%(where)s: chapter %(number)d has no %(key)s"),
                                    where=origin, number=number, key=key)
        scope = _text(entry, "scope")
        if scope not in SCOPES:
            raise RegistryError(N_("%(where)s: chapter %(number)d: scope %(scope)r is not one "
                                   "of country, region, city, organisation"),
                                where=origin, number=number, scope=scope)
        for key in ("link", "source"):
            if not _text(entry, key).startswith("https://"):
                raise RegistryError(N_("%(where)s: chapter %(number)d: %(key)s must be an "
                                       "https:// address"),
                                    where=origin, number=number, key=key)
        chapters.append(Chapter(
            name=_text(entry, "name"), scope=scope, country=_text(entry, "country").upper(),
            place=_text(entry, "place"), organisation=_text(entry, "organisation"),
            link=_text(entry, "link"), source=_text(entry, "source"),
            seen=_text(entry, "seen")))
    return Registry(updated, tuple(chapters), origin)


def _read(path: Path) -> Registry:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as problem:
        raise RegistryError(N_("%(path)s: cannot read the list of chapters (%(reason)s)"),
                            path=path, reason=problem.strerror) from None
    return parse_registry(text, str(path))


def bundled_path() -> Path:
    return data_path("templates") / FILE


def fetched_path() -> Path:
    from boxkit._resources import data_dir

    return data_dir() / FILE


def load_registry() -> Registry:
    """The newer of the bundled list and the one ``chapters update`` fetched (a damaged
    fetched copy is ignored: the bundled one always works)."""
    bundled = _read(bundled_path())
    fetched_file = fetched_path()
    if fetched_file.is_file():
        try:
            fetched = _read(fetched_file)
        except RegistryError:
            return bundled
        if fetched.updated > bundled.updated:
            return fetched
    return bundled


def default_source() -> str:
    """``registry_url`` from the bundled template's movement.yml (empty when unset)."""
    movement = yaml.safe_load((data_path("templates") / "kit" / "movement.yml")
                              .read_text(encoding="utf-8"))
    return str(movement.get("registry_url") or "")


def update_registry(source: str | None = None) -> Registry:
    """Fetch the list of chapters from ``source`` (an https:// or file:// address, or a
    path; the movement's ``registry_url`` by default), check it, and keep it for
    ``boxkit new``. Nothing is kept unless the whole file is valid."""
    source = source or default_source()
    if not source:
        raise RegistryError(N_("no address to fetch the list of chapters from: give one, or "
                               "set registry_url in movement.yml"))
    if "://" in source:
        if not source.startswith(("https://", "file://")):
            raise RegistryError(N_("%(source)s: fetch the list of chapters over https:// "
                                   "(or give a file)"), source=source)
        try:
            with urllib.request.urlopen(source, timeout=30) as response:
                text = response.read().decode("utf-8")
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as problem:
            raise RegistryError(N_("%(source)s: cannot fetch the list of chapters "
                                   "(%(reason)s)"),
                                source=source, reason=getattr(problem, "reason", problem)
                                ) from None
    else:
        path = Path(source).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as problem:
            raise RegistryError(N_("%(path)s: cannot read the list of chapters (%(reason)s)"),
                                path=path, reason=problem.strerror) from None
    registry = parse_registry(text, source)
    target = fetched_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".chapters-", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, target)
    return Registry(registry.updated, registry.chapters, str(target))


def _same(a: str, b: str) -> bool:
    return a.casefold().strip() == b.casefold().strip() and bool(a.strip())


def find_existing(*, scope: str, country: str, place: str = "", organisation: str = "",
                  registry: Registry | None = None) -> list[ExistingChapter]:
    """Known chapters a new chapter should hear about: one for the same country, region,
    city or organisation (``same``), and for a local chapter, its country's chapter."""
    registry = registry or load_registry()
    country = (country or "").upper()
    found = []
    for chapter in registry.chapters:
        if scope == "organisation":
            if chapter.scope == "organisation" and _same(chapter.organisation, organisation):
                found.append(ExistingChapter(chapter, True))
        elif chapter.country != country:
            continue
        elif scope == chapter.scope == "country" or (
                scope in ("region", "city") and chapter.scope in ("region", "city")
                and _same(chapter.place, place)):
            found.append(ExistingChapter(chapter, True))
        elif scope in ("region", "city") and chapter.scope == "country":
            found.append(ExistingChapter(chapter, False))
    return sorted(found, key=lambda e: (not e.same, e.chapter.name))


def chapters_in(country: str = "", registry: Registry | None = None) -> list[Chapter]:
    """Known chapters, all or in one country."""
    registry = registry or load_registry()
    return [c for c in registry.chapters if not country or c.country == country.upper()]
