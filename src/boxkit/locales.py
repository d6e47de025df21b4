"""One gettext pipeline for the kit and the CLI, and the translator commands over it.

Source language English. Two catalogs per locale, both ordinary PO files:

- ``locales/<code>/kit.po``: every block of the kit template (guides, principles, event
  packs, website, README) and the movement's texts, one entry per heading, paragraph,
  list item or table cell (see :mod:`boxkit._blocks`).
- ``locales/<code>/boxkit.po``: the CLI's prompts and messages.

``locales/<code>/locale.yml`` records who translated and who reviewed. ``extract`` refreshes
the POTs, merges them into every PO with ``msgmerge`` (a changed English block becomes
fuzzy) and rebuilds the localised template files next to the English ones; a fuzzy or
missing entry keeps the English block there, and is counted by ``status``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from boxkit._blocks import has_words, kind_of, placeholders, translate, units
from boxkit._resources import data_path
from boxkit.errors import BoxkitError, UnknownCodeError

SOURCE = "en"
KIT_DOMAIN = "kit"
CLI_DOMAIN = "boxkit"
PARTS = ("guides", "principles", "events", "website", "readme", "cli")
GENERATED = "Generated from the English source when the template is built"
_MOVEMENT_KEYS = ("tagline", "title", "summary")
DATA_FILES = ("movement.yml", "strings.yml")
LOCAL_VALUES = ("event_date_long", "start_time", "country_name", "contact", "venue", "city")
_LOCAL_ALIASES = {"event_capacity": "capacity"}
"""Answers-derived texts that differ by language (copier.yml's ``local`` mapping)."""
_MARKERS = (
    ("{% if 'en' in locales %}en{% endif %}",
     "{%% if '%(code)s' in locales %%}%(code)s{%% endif %%}"),
    ("{% if locales[0] == 'en' %}", "{%% if locales[0] == '%(code)s' %%}"),
    ("{% if 'en' in locales %}", "{%% if '%(code)s' in locales %%}"),
)


class LocaleError(BoxkitError):
    """A catalog is missing, broken, or a gettext tool is not installed."""


@dataclass(frozen=True)
class Paths:
    """Where the template and the catalogs are (the bundled ones unless a test says)."""

    template: Path
    locales: Path

    @classmethod
    def bundled(cls) -> Paths:
        return cls(data_path("templates") / "kit", data_path("locales"))


def hugo_code(code: str) -> str:
    """Hugo's language key for a locale: ``pt_BR`` → ``pt-br``."""
    return code.replace("_", "-").lower()


def bcp47(code: str) -> str:
    """``pt_BR`` → ``pt-BR``."""
    return code.replace("_", "-")


# --- sources and their localised copies ------------------------------------------------


def english_sources(paths: Paths) -> list[Path]:
    """Every English template file whose text is translated, in a stable order."""
    root = paths.template / "template"
    found = [p for p in root.rglob("*") if p.is_file() and _is_english(p.relative_to(root))]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _is_english(rel: Path) -> bool:
    text = rel.as_posix()
    return any(marker in text for marker, _ in _MARKERS)


def localised_name(rel: str, code: str) -> str:
    """The template path of ``rel`` (an English source) for locale ``code``."""
    out = rel
    for marker, pattern in _MARKERS:
        out = out.replace(marker, pattern % {"code": code})
    out = re.sub(r"\.en\.(md|yaml)\{% endif %\}",
                 lambda m: f".{hugo_code(code)}.{m[1]}{{% endif %}}", out)
    return out.replace("%}en.yaml{% endif %}", f"%}}{hugo_code(code)}.yaml{{% endif %}}")


def _localise_code(text: str, code: str) -> str:
    """Point a translated template at its own locale's data and folders."""
    text = text.replace("cldr['en']", f"cldr['{code}']").replace("l10n['en']", f"l10n['{code}']")
    for name in LOCAL_VALUES:
        text = text.replace(f"{{{{ {name} }}}}", f"{{{{ local['{code}'].{name} }}}}")
    for name, value in _LOCAL_ALIASES.items():
        text = text.replace(f"{{{{ {name} }}}}", f"{{{{ local['{code}'].{value} }}}}")
    text = re.sub(r"(?<=[`(/\s])((?:guides|principles|events/\w+))/en/", rf"\1/{code}/", text)
    return text.replace('<html lang="en"', f'<html lang="{bcp47(code)}"')


def _part(rel: str) -> str:
    first = rel.split("/", 1)[0]
    for part in ("guides", "principles", "events", "website"):
        if f"'{part}'" in first or first == part:
            return part
    return "readme"


# --- catalogs ---------------------------------------------------------------------------


def _po(path: Path) -> Any:
    import polib

    try:
        return polib.pofile(str(path), wrapwidth=79)
    except (OSError, ValueError) as error:
        raise LocaleError(f"{path}: cannot read catalog ({error})") from None


def _header(language: str | None = None) -> dict[str, str]:
    head = {
        # No version here: the catalogs change when the text changes, not on every release.
        "Project-Id-Version": "boxkit",
        "Report-Msgid-Bugs-To": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if language:
        from babel.messages.plurals import get_plural

        plural = get_plural(language)
        forms = f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
        head.update({"Language": language, "Plural-Forms": forms})
    return head


def _data_units(paths: Paths) -> Iterator[tuple[str, str, int]]:
    """Translatable values of the template's data files: the movement and strings.yml."""
    for name in DATA_FILES:
        text = (paths.template / name).read_text(encoding="utf-8")
        for unit in units(text, "yaml"):
            key = text.split("\n")[unit.line - 1].split(":")[0].strip(" -")
            if name != "movement.yml" or key in _MOVEMENT_KEYS:
                yield name, unit.text, unit.line


def kit_pot(paths: Paths) -> Any:
    """The kit's POT: one entry per English block, with every place it stands."""
    import polib

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = _header()
    entries: dict[str, Any] = {}
    root = paths.template / "template"

    def add(text: str, where: str, line: int) -> None:
        if text not in entries:
            entries[text] = polib.POEntry(msgid=text, msgstr="", occurrences=[])
            pot.append(entries[text])
        entries[text].occurrences.append((where, str(line)))

    for name, text, line in _data_units(paths):
        add(text, name, line)
    for source in english_sources(paths):
        rel = source.relative_to(root).as_posix()
        for unit in units(source.read_text(encoding="utf-8"), kind_of(source.name)):
            add(unit.text, _readable(rel), unit.line)
    return pot


def _readable(rel: str) -> str:
    """``{% if 'guides' in parts %}guides{% endif %}/…/01.md.jinja`` → ``guides/en/01.md``."""
    clean = re.sub(r"\{%.*?%\}", "", rel)
    return re.sub(r"/+", "/", clean).removesuffix(".jinja").strip("/")


def cli_pot() -> Any:
    """The CLI's POT, from every ``_("…")`` in boxkit's code."""
    import polib
    from babel.messages.extract import extract_from_dir

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = _header()
    package = Path(__file__).resolve().parent
    seen: dict[str, Any] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(package), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}):
        if not isinstance(message, str):
            continue
        if message not in seen:
            flags = ["python-format"] if re.search(r"%\(\w+\)[sd]", message) else []
            seen[message] = polib.POEntry(msgid=message, msgstr="", occurrences=[],
                                          flags=flags)
            pot.append(seen[message])
        # File only: a line number would go stale with every unrelated edit of the code.
        where = (f"src/boxkit/{filename}", "")
        if where not in seen[message].occurrences:
            seen[message].occurrences.append(where)
    return pot


def _msgmerge(po: Path, pot: Path) -> None:
    exe = shutil.which("msgmerge")
    if exe is None:
        raise LocaleError("msgmerge is not installed: install GNU gettext "
                          "(apt-get install gettext)")
    done = subprocess.run([exe, "--quiet", "--update", "--backup=none", "--previous",
                           "--add-location=file", str(po), str(pot)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LocaleError(f"{po}: msgmerge failed: {done.stderr.strip().splitlines()[-1]}")


# --- locale metadata ------------------------------------------------------------------


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str
    direction: str
    machine_drafted: bool
    reviewed_by: str | None


def locale_codes(paths: Paths | None = None) -> list[str]:
    """English, then every locale with a catalog folder."""
    paths = paths or Paths.bundled()
    found = sorted(p.name for p in paths.locales.iterdir()
                   if p.is_dir() and (p / f"{KIT_DOMAIN}.po").is_file())
    return [SOURCE, *[c for c in found if c != SOURCE]]


def locale_info(code: str, paths: Paths | None = None) -> LocaleInfo:
    from babel import Locale

    paths = paths or Paths.bundled()
    loc = Locale.parse(code)
    meta: dict[str, Any] = {}
    if code != SOURCE:
        meta_path = paths.locales / code / "locale.yml"
        if meta_path.is_file():
            meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    return LocaleInfo(
        code=code,
        name=str(loc.get_display_name(loc)),
        direction="rtl" if loc.character_order == "right-to-left" else "ltr",
        machine_drafted=bool(meta.get("machine_drafted", False)),
        reviewed_by=meta.get("reviewed_by") if code != SOURCE else "source",
    )


def _require(code: str, paths: Paths) -> str:
    from boxkit import cldr

    normal = cldr.locale(code)
    if normal not in locale_codes(paths):
        shipped = ", ".join(locale_codes(paths))
        raise UnknownCodeError(f"locale {code!r} has no catalog; shipped: {shipped} "
                               f"(start one with `boxkit locale init {normal}`)")
    return normal


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
    code = _require(code, paths) if code != SOURCE else code
    info = locale_info(code, paths)
    if code == SOURCE:
        pot = kit_pot(paths)
        counts = {part: PartStatus(0, 0, 0) for part in PARTS}
        for entry in pot:
            part = _entry_part(entry)
            c = counts[part]
            counts[part] = PartStatus(c.total + 1, c.translated + 1, 0)
        return LocaleStatus(info, counts)
    totals: dict[str, list[int]] = {part: [0, 0, 0] for part in PARTS}
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        po_path = paths.locales / code / f"{domain}.po"
        if not po_path.is_file():
            continue
        for entry in _po(po_path):
            if entry.obsolete:
                continue
            part = "cli" if domain == CLI_DOMAIN else _entry_part(entry)
            totals[part][0] += 1
            if "fuzzy" in entry.flags:
                totals[part][2] += 1
            elif entry.msgstr:
                totals[part][1] += 1
    return LocaleStatus(info, {p: PartStatus(*v) for p, v in totals.items() if v[0]})


def _entry_part(entry: Any) -> str:
    where = entry.occurrences[0][0] if entry.occurrences else ""
    if where == "movement.yml":
        return "principles"
    if where == "strings.yml":
        return "readme"
    first = where.split("/", 1)[0]
    return first if first in PARTS else "readme"


def list_locales(paths: Paths | None = None) -> list[LocaleStatus]:
    paths = paths or Paths.bundled()
    return [locale_status(code, paths=paths) for code in locale_codes(paths)]


# --- build: localised template files ---------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    code: str
    files: tuple[str, ...]
    translated: int
    total: int


def _lookup(code: str, paths: Paths) -> dict[str, str]:
    po_path = paths.locales / code / f"{KIT_DOMAIN}.po"
    return {e.msgid: e.msgstr for e in _po(po_path)
            if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
            and placeholders(e.msgid) == placeholders(e.msgstr)}


def build_locale(code: str, *, out: Path, paths: Paths | None = None) -> BuildResult:
    """Write the template files of ``code`` into the template being built at ``out``, from
    the English sources in ``paths`` and ``code``'s catalog (see :mod:`boxkit._build`)."""
    paths = paths or Paths.bundled()
    root = paths.template / "template"
    table = {} if code == SOURCE else _lookup(code, paths)
    written, done, total = [], 0, 0
    if code != SOURCE:
        for source in english_sources(paths):
            rel = source.relative_to(root).as_posix()
            text, d, t = translate(source.read_text(encoding="utf-8"), kind_of(source.name),
                                   table.get)
            target = out / "template" / localised_name(rel, code)
            target.parent.mkdir(parents=True, exist_ok=True)
            comment = (f"{{# {GENERATED}: translate in locales/{code}/kit.po, "
                       "do not edit this file. #}\n")
            target.write_text(comment + _localise_code(text, code), encoding="utf-8")
            written.append(target.relative_to(out).as_posix())
            done, total = done + d, total + t
    written.append(_write_l10n(code, paths, table, out).relative_to(out).as_posix())
    return BuildResult(code, tuple(written), done, total)


def _translated_yaml(name: str, paths: Paths, table: dict[str, str]) -> list[str]:
    text = (paths.template / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    for unit in reversed(units(text, "yaml")):
        key = lines[unit.line - 1].split(":")[0].strip(" -")
        if (name != "movement.yml" or key in _MOVEMENT_KEYS) and table.get(unit.text):
            line = lines[unit.line - 1]
            lines[unit.line - 1] = (line[:unit.start] + json.dumps(table[unit.text],
                                    ensure_ascii=False) + line[unit.end:])
    return ["  " + line for line in lines if line.strip() and not line.startswith("#")]


def _write_l10n(code: str, paths: Paths, table: dict[str, str], out: Path) -> Path:
    info = locale_info(code, paths)
    movement = "\n".join(_translated_yaml("movement.yml", paths, table))
    strings = "\n".join(_translated_yaml("strings.yml", paths, table))
    text = (f"# {GENERATED} and locales/{code}/locale.yml.\n"
            f"code: {code}\nlang: {bcp47(code)}\n"
            f"machine_drafted: {json.dumps(info.machine_drafted)}\n"
            f"reviewed_by: {json.dumps(info.reviewed_by)}\n"
            f"movement:\n{movement}\nstrings:\n{strings}\n")
    target = out / "_l10n" / f"{code}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def set_template_locales(template: Path, codes: list[str]) -> None:
    """List ``codes`` as the locales the built template at ``template`` accepts."""
    copier_yml = template / "copier.yml"
    text = copier_yml.read_text(encoding="utf-8")
    listed = ", ".join(f"'{c}'" for c in codes)
    copier_yml.write_text(re.sub(r"if l not in \[[^\]]*\]", f"if l not in [{listed}]", text),
                          encoding="utf-8")


# --- extract ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractResult:
    kit_entries: int
    cli_entries: int
    merged: tuple[str, ...]
    babel: str
    """The Babel (and CLDR) version the template's tables will be built with."""


def extract_catalogs(*, paths: Paths | None = None) -> ExtractResult:
    """Refresh both POTs from the English sources and merge them into every PO.

    Nothing under ``templates/`` is written: the localised copies and the CLDR tables are
    built from the sources and the catalogs when the template is built (:mod:`boxkit._build`).
    """
    from boxkit.cldr_export import babel_version

    paths = paths or Paths.bundled()
    kit, cli = kit_pot(paths), cli_pot()
    kit.save(str(paths.locales / f"{KIT_DOMAIN}.pot"))
    cli.save(str(paths.locales / f"{CLI_DOMAIN}.pot"))
    merged = []
    for code in locale_codes(paths)[1:]:
        for domain in (KIT_DOMAIN, CLI_DOMAIN):
            po = paths.locales / code / f"{domain}.po"
            if po.is_file():
                _msgmerge(po, paths.locales / f"{domain}.pot")
                merged.append(po.relative_to(paths.locales).as_posix())
    return ExtractResult(len(kit), len(cli), tuple(merged), babel_version())


# --- init -------------------------------------------------------------------------------


def init_locale(code: str, *, paths: Paths | None = None) -> tuple[Path, ...]:
    """Start catalogs for a new locale from the POTs, with CLDR's plural forms."""
    import polib
    from babel import UnknownLocaleError

    from boxkit import cldr

    paths = paths or Paths.bundled()
    code = cldr.locale(code)
    if code == SOURCE:
        raise LocaleError("en is the source language: it has no catalog to start")
    folder = paths.locales / code
    if (folder / f"{KIT_DOMAIN}.po").exists():
        raise LocaleError(f"{folder / f'{KIT_DOMAIN}.po'}: already exists; "
                          "use `boxkit locale extract` to refresh it")
    try:
        header = _header(code)
    except UnknownLocaleError:
        raise UnknownCodeError(f"CLDR has no plural rules for {code!r}") from None
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for domain, pot in ((KIT_DOMAIN, kit_pot(paths)), (CLI_DOMAIN, cli_pot())):
        po = polib.POFile(wrapwidth=79)
        po.metadata = header
        for entry in pot:
            po.append(polib.POEntry(msgid=entry.msgid, msgstr="", flags=list(entry.flags),
                                    occurrences=list(entry.occurrences)))
        target = folder / f"{domain}.po"
        po.save(str(target))
        written.append(target)
    meta = folder / "locale.yml"
    meta.write_text("# Who made this translation. Set reviewed_by to the reviewer's name once a\n"
                    "# native speaker has read the whole kit; the kit then stops saying it is\n"
                    "# unreviewed.\nmachine_drafted: false\nreviewed_by: null\n",
                    encoding="utf-8")
    written.append(meta)
    return tuple(written)


# --- check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _entry_problems(entry: Any, where: str, glossary: dict[str, str]) -> Iterator[Problem]:
    """Checker functions in the style of Babel's: one message in, problems out."""
    if not entry.msgstr or "fuzzy" in entry.flags or entry.obsolete:
        return
    source, target = entry.msgid, entry.msgstr
    if placeholders(source) != placeholders(target):
        yield Problem("error", where, f"placeholders differ: {placeholders(source)} in "
                      f"English, {placeholders(target)} here")
    if sorted(_LINK.findall(source)) != sorted(_LINK.findall(target)):
        yield Problem("error", where, "Markdown link targets differ from the English")
    for mark in ("**", "`"):
        if source.count(mark) != target.count(mark):
            yield Problem("error", where, f"{mark} markup differs from the English "
                          f"({source.count(mark)} vs {target.count(mark)})")
    if has_words(source) and not has_words(target):
        yield Problem("error", where, "translation has no words")
    for term, required in glossary.items():
        if term.lower() in source.lower() and required.lower() not in target.lower():
            yield Problem("warning", where, f"glossary: {term!r} should be {required!r}")


def _msgfmt(po: Path) -> list[Problem]:
    exe = shutil.which("msgfmt")
    if exe is None:
        raise LocaleError("msgfmt is not installed: install GNU gettext "
                          "(apt-get install gettext)")
    done = subprocess.run([exe, "--check", "--output-file=/dev/null", str(po)],
                          capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return []
    return [Problem("error", str(po), f"msgfmt --check: {line}")
            for line in done.stderr.strip().splitlines()[:10]]


def check_locale(code: str, *, paths: Paths | None = None) -> list[Problem]:
    """Errors and warnings in ``code``'s catalogs (``boxkit locale check``)."""
    paths = paths or Paths.bundled()
    code = _require(code, paths)
    if code == SOURCE:
        return []
    glossary_path = paths.locales / code / "glossary.yml"
    glossary: dict[str, str] = {}
    if glossary_path.is_file():
        glossary = yaml.safe_load(glossary_path.read_text(encoding="utf-8")) or {}
    problems: list[Problem] = []
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        po_path = paths.locales / code / f"{domain}.po"
        if not po_path.is_file():
            problems.append(Problem("error", str(po_path), "catalog is missing"))
            continue
        problems.extend(_msgfmt(po_path))
        for entry in _po(po_path):
            where = f"{po_path}:{entry.linenum}"
            problems.extend(_entry_problems(entry, where, glossary))
    return problems
