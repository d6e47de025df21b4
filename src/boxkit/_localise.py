"""The template's files in other languages, built from the English ones and a catalog.

The English template files are the sources: their names carry an English marker
(``{% if 'en' in locales %}en{% endif %}``, ``.en.md``), and :func:`localised_name` says what
the same file is called in another locale. :func:`build_locale` writes a locale's copy of
every English file, translated block by block from ``locales/<code>/kit.po`` (a missing or
fuzzy block stays English), with its Jinja pointed at that locale's data, and the locale's
``_l10n/<code>.yml``. :mod:`boxkit._build` calls it for every shipped locale whenever it
builds the template into a fresh folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit import _catalogs
from boxkit._blocks import Lookup, kind_of, placeholders, translate, units
from boxkit._i18n import KIT_DOMAIN, SOURCE_LOCALE
from boxkit._resources import Paths
from boxkit._variants import fallback

GENERATED = "Generated from the English source when the template is built"
DATA_FILES = ("movement.yml", "strings.yml")
"""The template's data files with translatable values."""
_MOVEMENT_KEYS = ("tagline", "title", "summary")
LOCAL_VALUES = ("event_date_long", "event_date_on", "start_time", "country_name", "contact",
                "venue", "city", "in_place", "weeknote_day")
_LOCAL_ALIASES = {"event_capacity": "capacity"}
"""Answers-derived texts that differ by language (copier.yml's ``local`` mapping)."""
_MARKERS = (
    # The README: README.md in the kit's first language, README.<code>.md in the others.
    ("{{ 'README.md' if locales[0] == 'en' else 'README.en.md' }}",
     "{{ 'README.md' if locales[0] == '%(code)s' else 'README.%(code)s.md' }}"),
    ("{% if 'en' in locales %}en{% endif %}",
     "{%% if '%(code)s' in locales %%}%(code)s{%% endif %%}"),
    ("{% if locales[0] == 'en' %}", "{%% if locales[0] == '%(code)s' %%}"),
    ("{% if 'en' in locales %}", "{%% if '%(code)s' in locales %%}"),
)


def hugo_code(code: str) -> str:
    """Hugo's language key for a locale: ``pt_BR`` → ``pt-br``."""
    return code.replace("_", "-").lower()


def bcp47(code: str) -> str:
    """``pt_BR`` → ``pt-BR``."""
    return code.replace("_", "-")


# --- who translated ------------------------------------------------------------------------


@dataclass(frozen=True)
class LocaleInfo:
    code: str
    name: str
    direction: str
    machine_drafted: bool
    reviewed_by: str | None


def locale_info(code: str, paths: Paths | None = None) -> LocaleInfo:
    """A locale's name and direction (from CLDR), and who translated and reviewed it
    (``locales/<code>/locale.yml``)."""
    from babel import Locale

    paths = paths or Paths.bundled()
    loc = Locale.parse(code)
    meta: dict[str, Any] = {}
    if code != SOURCE_LOCALE:
        meta_path = paths.locales / code / "locale.yml"
        if meta_path.is_file():
            meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    return LocaleInfo(
        code=code,
        name=str(loc.get_display_name(loc)),
        direction="rtl" if loc.character_order == "right-to-left" else "ltr",
        machine_drafted=bool(meta.get("machine_drafted", False)),
        reviewed_by=meta.get("reviewed_by") if code != SOURCE_LOCALE else "source",
    )


# --- the English sources and their names in other locales -------------------------------


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


def data_units(paths: Paths) -> Iterator[tuple[str, str, int]]:
    """Translatable values of the template's data files: (file, text, line), and the
    maintainers' changelog, which a kit's update pull request shows in its language."""
    for name in DATA_FILES:
        text = (paths.template / name).read_text(encoding="utf-8")
        for unit in units(text, "yaml"):
            key = text.split("\n")[unit.line - 1].split(":")[0].strip(" -")
            if name != "movement.yml" or key in _MOVEMENT_KEYS:
                yield name, unit.text, unit.line
    changelog = paths.template / "changelog.yml"
    if changelog.is_file():
        for number, line in enumerate(changelog.read_text(encoding="utf-8").split("\n"), 1):
            item = line.strip()
            if item.startswith("- ") and not line.lstrip("- ").startswith(("version:", "#")):
                value = yaml.safe_load(item[2:])
                if isinstance(value, str) and " " in value:
                    yield "changelog.yml", value, number


def _localise_code(text: str, code: str) -> str:
    """Point a translated template at its own locale's data and folders."""
    text = text.replace("cldr['en']", f"cldr['{code}']").replace("l10n['en']", f"l10n['{code}']")
    for name in LOCAL_VALUES:
        text = text.replace(f"{{{{ {name} }}}}", f"{{{{ local['{code}'].{name} }}}}")
    for name, value in _LOCAL_ALIASES.items():
        text = text.replace(f"{{{{ {name} }}}}", f"{{{{ local['{code}'].{value} }}}}")
    text = re.sub(r"(?<=[`(/\s])((?:guides|principles|events/\w+))/en/", rf"\1/{code}/", text)
    return text.replace('<html lang="en"', f'<html lang="{bcp47(code)}"')


# --- building a locale's files -----------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    code: str
    files: tuple[str, ...]
    translated: int
    total: int


def build_locale(code: str, *, out: Path, paths: Paths | None = None) -> BuildResult:
    """Write the template files of ``code`` into the template being built at ``out``, from
    the English sources in ``paths`` and ``code``'s catalog (see :mod:`boxkit._build`)."""
    paths = paths or Paths.bundled()
    root = paths.template / "template"
    lookup = _no_translation if code == SOURCE_LOCALE else kit_lookup(code, paths)
    written, done, total = [], 0, 0
    if code != SOURCE_LOCALE:
        for source in english_sources(paths):
            rel = source.relative_to(root).as_posix()
            text, d, t = translate(source.read_text(encoding="utf-8"), kind_of(source.name),
                                   lookup)
            target = out / "template" / localised_name(rel, code)
            target.parent.mkdir(parents=True, exist_ok=True)
            comment = (f"{{# {GENERATED}: translate in locales/{code}/kit.po, "
                       "do not edit this file. #}\n")
            target.write_text(comment + _localise_code(text, code), encoding="utf-8")
            written.append(target.relative_to(out).as_posix())
            done, total = done + d, total + t
    written.append(_write_l10n(code, paths, lookup, out).relative_to(out).as_posix())
    return BuildResult(code, tuple(written), done, total)


def _no_translation(text: str) -> str | None:
    return None


def _table(po: Path) -> dict[str, str]:
    """A catalog's usable translations: not fuzzy, and with the English's placeholders."""
    return {source: target for source, target in _catalogs.translations(_catalogs.read(po)).items()
            if placeholders(source) == placeholders(target)}


def kit_lookup(code: str, paths: Paths) -> Lookup:
    """The translations a kit uses; a variant (en_US, fr_CA) falls back as
    :func:`boxkit._variants.fallback` says."""
    return fallback(code, paths.locales, _table, KIT_DOMAIN)


def _translated_yaml(name: str, paths: Paths, lookup: Lookup,
                     untranslated: list[str] | None = None) -> list[str]:
    """The data file ``name`` with its values translated, indented under a key; the keys
    of values left in English are added to ``untranslated``."""
    text = (paths.template / name).read_text(encoding="utf-8")
    lines = text.split("\n")
    for unit in reversed(units(text, "yaml")):
        key = lines[unit.line - 1].split(":")[0].strip(" -")
        target = lookup(unit.text) if name != "movement.yml" or key in _MOVEMENT_KEYS else None
        if target:
            line = lines[unit.line - 1]
            lines[unit.line - 1] = (line[:unit.start] + json.dumps(target,
                                    ensure_ascii=False) + line[unit.end:])
        elif untranslated is not None:
            untranslated.append(key)
    return ["  " + line for line in lines if line.strip() and not line.startswith("#")]


def _write_l10n(code: str, paths: Paths, lookup: Lookup, out: Path) -> Path:
    info = locale_info(code, paths)
    movement = "\n".join(_translated_yaml("movement.yml", paths, lookup))
    left: list[str] = []
    strings = "\n".join(_translated_yaml("strings.yml", paths, lookup, left))
    text = (f"# {GENERATED} and locales/{code}/locale.yml.\n"
            f"code: {code}\nlang: {bcp47(code)}\n"
            f"machine_drafted: {json.dumps(info.machine_drafted)}\n"
            f"reviewed_by: {json.dumps(info.reviewed_by)}\n"
            f"movement:\n{movement}\nstrings:\n{strings}\n"
            f"untranslated: {json.dumps(sorted(set(left)))}\n")
    target = out / "_l10n" / f"{code}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def set_template_locales(template: Path, codes: Sequence[str]) -> None:
    """List ``codes`` as the locales the built template at ``template`` accepts."""
    copier_yml = template / "copier.yml"
    text = copier_yml.read_text(encoding="utf-8")
    listed = ", ".join(f"'{c}'" for c in codes)
    copier_yml.write_text(re.sub(r"if l not in \[[^\]]*\]", f"if l not in [{listed}]", text),
                          encoding="utf-8")
