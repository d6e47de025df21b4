"""The translator commands: list, status, init, extract and check.

Source language English. Two catalogs per locale, both ordinary PO files:

- ``locales/<code>/kit.po``: every block of the kit template (guides, principles, event
  packs, website, README) and the movement's texts, one entry per heading, paragraph,
  list item or table cell (see :mod:`boxkit._blocks`).
- ``locales/<code>/boxkit.po``: the CLI's prompts and messages.

``locales/<code>/locale.yml`` records who translated and who reviewed. ``extract`` refreshes
the POTs and merges them into every PO (a changed English block becomes fuzzy); a fuzzy or
missing entry keeps the English block in the kit, and is counted by ``status``. The
catalogs are read and written by :mod:`boxkit._catalogs`, the localised template files
built from them by :mod:`boxkit._localise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from boxkit import _catalogs
from boxkit._blocks import kind_of, units
from boxkit._i18n import CLI_DOMAIN, KIT_DOMAIN, N_, SOURCE_LOCALE, shipped_locales
from boxkit._localise import (
    LocaleInfo,
    data_units,
    english_sources,
    locale_info,
    localised_name,
)
from boxkit._resources import Paths
from boxkit._style import glossary_path, style_checkers
from boxkit._variants import base_of
from boxkit.errors import Advice, LocaleError, UnknownCodeError, UnreadableCatalog

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = [
    "ExtractResult",
    "LocaleError",
    "LocaleInfo",
    "LocaleStatus",
    "PartStatus",
    "Paths",
    "Problem",
    "check_locale",
    "extract_catalogs",
    "init_locale",
    "list_locales",
    "locale_info",
    "locale_status",
    "localised_name",
]

PARTS = ("guides", "principles", "events", "website", "readme", "cli")


def _require(code: str, paths: Paths) -> str:
    from boxkit import _cldr as cldr

    normal = cldr.locale(code)
    if normal not in shipped_locales(paths):
        shipped = ", ".join(shipped_locales(paths))
        raise UnknownCodeError(N_("locale %(code)r has no catalog; shipped: %(shipped)s "
                                  "(start one with `boxkit locale init %(normal)s`)"),
                               code=code, shipped=shipped, normal=normal)
    return normal


# --- what there is to translate ----------------------------------------------------------


def kit_pot(paths: Paths) -> Catalog:
    """The kit's POT: one entry per English block, with every place it stands."""
    pot = _catalogs.new()
    root = paths.template / "template"
    for name, text, line in data_units(paths):
        pot.add(text, "", locations=[(name, line)])
    for source in english_sources(paths):
        rel = source.relative_to(root).as_posix()
        for unit in units(source.read_text(encoding="utf-8"), kind_of(source.name)):
            pot.add(unit.text, "", locations=[(_readable(rel), unit.line)])
    return pot


def _readable(rel: str) -> str:
    """``{% if 'guides' in parts %}guides{% endif %}/…/01.md.jinja`` → ``guides/en/01.md``."""
    clean = re.sub(r"\{%.*?%\}", "", rel)
    return re.sub(r"/+", "/", clean).removesuffix(".jinja").strip("/")


def cli_pot() -> Catalog:
    """The CLI's POT, from every ``_("…")`` and ``N_("…")`` in boxkit's code."""
    from babel.messages.extract import extract_from_dir

    pot = _catalogs.new()
    package = Path(__file__).resolve().parent
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(package), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}):
        if isinstance(message, str):
            # File only (line 0 is written as none): a line number would go stale with
            # every unrelated edit of the code.
            pot.add(message, "", locations=[(f"src/boxkit/{filename}", 0)])
    return pot


# --- status -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartStatus:
    total: int
    translated: int
    fuzzy: int

    @property
    def missing(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100 * self.translated / self.total, 1)


@dataclass(frozen=True)
class LocaleStatus:
    info: LocaleInfo
    parts: dict[str, PartStatus] = field(default_factory=dict)

    @property
    def total(self) -> PartStatus:
        return PartStatus(*(sum(getattr(p, a) for p in self.parts.values())
                            for a in ("total", "translated", "fuzzy")))

    def as_json(self) -> dict[str, Any]:
        return {"code": self.info.code, "name": self.info.name,
                "direction": self.info.direction,
                "machine_drafted": self.info.machine_drafted,
                "reviewed_by": self.info.reviewed_by,
                "percent": self.total.percent, "fuzzy": self.total.fuzzy,
                "missing": self.total.missing,
                "parts": {name: {"total": p.total, "translated": p.translated,
                                 "fuzzy": p.fuzzy, "missing": p.missing,
                                 "percent": p.percent}
                          for name, p in self.parts.items()}}


def locale_status(code: str, *, paths: Paths | None = None) -> LocaleStatus:
    """How much of each part of the kit (and the CLI) ``code`` translates."""
    paths = paths or Paths.bundled()
    code = _require(code, paths) if code != SOURCE_LOCALE else code
    info = locale_info(code, paths)
    base = base_of(code, paths.locales) if code != SOURCE_LOCALE else None
    if base and base != SOURCE_LOCALE:  # fr_CA reads as fr, with its differences
        return LocaleStatus(info, locale_status(base, paths=paths).parts)
    if code == SOURCE_LOCALE or base == SOURCE_LOCALE:
        # English, and its variants: every block reads in English, respelled for a variant.
        counts = {part: PartStatus(0, 0, 0) for part in PARTS}
        for message in kit_pot(paths):
            if message.id:
                c = counts[_part_of(message.locations)]
                counts[_part_of(message.locations)] = PartStatus(c.total + 1,
                                                                 c.translated + 1, 0)
        return LocaleStatus(info, counts)
    totals: dict[str, list[int]] = {part: [0, 0, 0] for part in PARTS}
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        po_path = paths.locales / code / f"{domain}.po"
        if not po_path.is_file():
            continue
        for message in _catalogs.read(po_path):
            if not message.id:
                continue
            part = "cli" if domain == CLI_DOMAIN else _part_of(message.locations)
            totals[part][0] += 1
            if message.fuzzy:
                totals[part][2] += 1
            elif _catalogs.translated(message):
                totals[part][1] += 1
    return LocaleStatus(info, {p: PartStatus(*v) for p, v in totals.items() if v[0]})


def _part_of(locations: list[tuple[str, int]]) -> str:
    """The part of the kit an entry counts for: the movement's texts are the principles,
    the template's strings the README; otherwise the first folder it stands in."""
    files = sorted(name for name, _line in locations)
    if "movement.yml" in files:
        return "principles"
    if "strings.yml" in files:
        return "readme"
    first = files[0].split("/", 1)[0] if files else ""
    return first if first in PARTS else "readme"


def list_locales(paths: Paths | None = None) -> list[LocaleStatus]:
    paths = paths or Paths.bundled()
    return [locale_status(code, paths=paths) for code in shipped_locales(paths)]


# --- extract ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractResult:
    kit_entries: int
    cli_entries: int
    merged: tuple[str, ...]
    babel: str
    """The Babel (and CLDR) version the template's tables will be built with."""


def _writable(paths: Paths, command: str) -> None:
    """Refuse to write catalogs into an installed boxkit: translators work on a checkout."""
    installed = Path(__file__).resolve().parent / "_data"
    if paths.locales.resolve().is_relative_to(installed):
        raise LocaleError(N_("boxkit locale %(command)s writes catalogs into a checkout of "
                             "boxkit, not into the installed package: run it from a checkout "
                             "(pip install -e .) or set BOXKIT_ROOT to one"), command=command)


def extract_catalogs(*, paths: Paths | None = None) -> ExtractResult:
    """Refresh both POTs from the English sources and merge them into every PO.

    Nothing under ``templates/`` is written: the localised copies and the CLDR tables are
    built from the sources and the catalogs when the template is built (:mod:`boxkit._build`).
    """
    from boxkit._cldr_export import babel_version

    paths = paths or Paths.bundled()
    _writable(paths, "extract")
    kit, cli = kit_pot(paths), cli_pot()
    _catalogs.write(kit, paths.locales / f"{KIT_DOMAIN}.pot")
    _catalogs.write(cli, paths.locales / f"{CLI_DOMAIN}.pot")
    merged = []
    for code in shipped_locales(paths)[1:]:
        for domain in (KIT_DOMAIN, CLI_DOMAIN):
            po = paths.locales / code / f"{domain}.po"
            if po.is_file():
                _catalogs.merge(po, paths.locales / f"{domain}.pot")
                if base_of(code, paths.locales):
                    _catalogs.keep_only_translated(po)
                merged.append(po.relative_to(paths.locales).as_posix())
    return ExtractResult(len(kit), len(cli), tuple(merged), babel_version())


# --- init -------------------------------------------------------------------------------


def init_locale(code: str, *, paths: Paths | None = None) -> tuple[Path, ...]:
    """Start catalogs for a new locale from the POTs, with CLDR's plural forms."""
    from babel import UnknownLocaleError

    from boxkit import _cldr as cldr
    from boxkit._i18n import forget_shipped_locales

    paths = paths or Paths.bundled()
    _writable(paths, "init")
    code = cldr.locale(code)
    if code == SOURCE_LOCALE:
        raise LocaleError(N_("en is the source language: it has no catalog to start"))
    folder = paths.locales / code
    if (folder / f"{KIT_DOMAIN}.po").exists():
        raise LocaleError(N_("%(path)s: already exists; use `boxkit locale extract` to "
                             "refresh it"), path=folder / f"{KIT_DOMAIN}.po")
    try:
        _catalogs.new(code)
    except UnknownLocaleError:
        raise UnknownCodeError(N_("CLDR has no plural rules for %(code)r"), code=code) from None
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        target = folder / f"{domain}.po"
        _catalogs.start(target, paths.locales / f"{domain}.pot", language=code)
        if base_of(code, paths.locales):
            _catalogs.keep_only_translated(target)
        written.append(target)
    meta = folder / "locale.yml"
    meta.write_text("# Who made this translation. Set reviewed_by to the reviewer's name once a\n"
                    "# native speaker has read the whole kit; the kit then stops saying it is\n"
                    "# unreviewed.\nmachine_drafted: false\nreviewed_by: null\n",
                    encoding="utf-8")
    written.append(meta)
    forget_shipped_locales()
    return tuple(written)


# --- check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


def check_locale(code: str, *, paths: Paths | None = None) -> list[Problem]:
    """Errors and warnings in ``code``'s catalogs (``boxkit locale check``)."""
    paths = paths or Paths.bundled()
    code = _require(code, paths)
    if code == SOURCE_LOCALE:
        return []
    problems: list[Problem] = []
    try:
        extra = style_checkers(paths.locales, code)
    except (ValueError, KeyError, yaml.YAMLError) as unreadable_glossary:
        return [Problem("error", str(glossary_path(paths.locales, code)),
                        f"cannot read the glossary: {unreadable_glossary}")]
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        po_path = paths.locales / code / f"{domain}.po"
        if not po_path.is_file():
            problems.append(Problem("error", str(po_path), "catalog is missing"))
            continue
        try:
            catalog = _catalogs.read(po_path)
        except UnreadableCatalog as unreadable:
            where = f"{po_path}:{unreadable.line}" if unreadable.line else str(po_path)
            problems.append(Problem("error", where, f"cannot read catalog: {unreadable.reason}"))
            continue
        for line, error in _catalogs.check(catalog, extra):
            problems.append(Problem(
                "warning" if isinstance(error, Advice) else "error",
                str(po_path) if line is None else f"{po_path}:{line}", str(error)))
    return problems
