"""Build the kit template: the hand-written sources plus everything derived from them.

``templates/kit/`` holds only what people write: the English template files, the data
files and the macros. What tools derive from them is generated here into a fresh folder
whenever boxkit builds the template bundle or a release, so nothing generated can go
stale in git or show up six times in a review:

- one copy of every English template file per shipped locale, translated block by block
  from ``locales/<code>/kit.po`` (English kept for missing or fuzzy blocks);
- ``_l10n/<code>.yml``: the movement's and the template's strings per locale;
- ``_cldr/<code>.yml``: the CLDR tables the template formats dates, times and numbers
  with, exported from Babel;
- the list of locales ``copier.yml`` accepts;
- ``_generated.yml``: which boxkit, Babel and CLDR versions made all of the above.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from boxkit._cldr_export import babel_version, export
from boxkit._i18n import SOURCE_LOCALE as SOURCE
from boxkit._i18n import shipped_locales as locale_codes
from boxkit._localise import build_locale, set_template_locales
from boxkit._resources import Paths
from boxkit._version import __version__

RECORD = "_generated.yml"
"""The file in a built template that names what it was generated with."""

CLDR_DIR, L10N_DIR = "_cldr", "_l10n"
GENERATED_DIRS = (CLDR_DIR, L10N_DIR)


@dataclass(frozen=True)
class BuiltTemplate:
    """A template built by :func:`build_template`."""

    folder: Path
    locales: tuple[str, ...]
    babel: str
    """``"Babel 2.19.0 (CLDR 47)"``: where the CLDR tables came from."""


_LOCALE_MARKER = re.compile(r"\{% if (?:'(\w+)' in locales|locales\[0\] == '(\w+)') %\}")


def source_files(paths: Paths) -> list[Path]:
    """The hand-written files of the template: everything in ``paths.template`` except
    what a build writes (generated folders, and any file a locale other than English
    owns: the localised copies, including stale ones of a renamed English file)."""
    root = paths.template
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or "__pycache__" in rel.parts or path.suffix == ".pyc":
            continue
        if rel.parts[0] in GENERATED_DIRS or rel.as_posix() == RECORD:
            continue
        if rel.parts[0] == "template" and _localised(rel.as_posix()):
            continue
        found.append(path)
    return found


def sources_digest(paths: Paths) -> str:
    """A fingerprint of the hand-written template (recorded in each build, so a release
    can tell whether the sources still are what it was built from)."""
    sha = hashlib.sha256()
    for path in source_files(paths):
        rel = path.relative_to(paths.template).as_posix()
        sha.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _localised(rel: str) -> bool:
    codes = {a or b for a, b in _LOCALE_MARKER.findall(rel)}
    return bool(codes - {SOURCE})


def build_template(out: Path, *, paths: Paths | None = None) -> BuiltTemplate:
    """Write the complete template into ``out`` (a new or empty folder)."""
    paths = paths or Paths.bundled()
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out}: a template is built into an empty folder")
    for source in source_files(paths):
        target = out / source.relative_to(paths.template)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    codes = locale_codes(paths)
    for code in codes:
        build_locale(code, out=out, paths=paths)
    set_template_locales(out, codes)
    _set_hugo_version(out)
    _set_boxkit_requirement(out)
    export(out / CLDR_DIR, codes)
    made_with = babel_version()
    record = {"boxkit": __version__, "babel": made_with, "locales": codes,
              "sources": sources_digest(paths)}
    (out / RECORD).write_text(
        "# What generated the localised copies, _l10n/ and _cldr/ of this template.\n"
        + yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return BuiltTemplate(out, tuple(codes), made_with)


def _set_hugo_version(template: Path) -> None:
    """The kit's publishing workflow installs exactly the Hugo of boxkit's [site] extra."""
    from boxkit._site import required_hugo

    wanted = required_hugo()
    if wanted:
        copier_yml = template / "copier.yml"
        text = copier_yml.read_text(encoding="utf-8")
        copier_yml.write_text(re.sub(r'(hugo_version:\n(?:  .*\n)*?  default: )"[^"]*"',
                                     rf'\g<1>"{wanted}"', text), encoding="utf-8")


def _set_boxkit_requirement(template: Path) -> None:
    """The kit's update workflow installs a boxkit that has this template version: this
    release or a newer one of the same major version."""
    from packaging.version import Version

    version = Version(__version__)
    wanted = f">={version.base_version},<{version.major + 1}"
    copier_yml = template / "copier.yml"
    text = copier_yml.read_text(encoding="utf-8")
    copier_yml.write_text(re.sub(r'(boxkit_requirement:\n(?:  .*\n)*?  default: )"[^"]*"',
                                 rf'\g<1>"{wanted}"', text), encoding="utf-8")


def read_record(text: str) -> dict[str, str]:
    """A built template's ``_generated.yml`` (empty for builds from before it existed)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
