"""A kit on disk: where boxkit keeps its records in it, and how to read them.

A kit is a folder with Copier's answers file (``.copier-answers.yml``), which records the
chapter's answers and the template version; ``.boxkit/addons.yml`` lists the templates
``boxkit add`` put into it, and ``events/event.yml`` the first event for programs. Every
module that looks at a kit (new, update, add, schedule, calendars) reads them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit._answers import KEYS, Answers, Prompter, resolve_answers
from boxkit._i18n import N_
from boxkit._render import first_line
from boxkit.errors import KitError

ANSWERS_FILE = ".copier-answers.yml"
ADDONS_FILE = ".boxkit/addons.yml"
EVENT_FILE = "events/event.yml"


def read_answers(kit: Path) -> dict[str, Any]:
    """A kit's answers file as data; a folder without one is not a kit."""
    path = kit / ANSWERS_FILE
    if not kit.is_dir():
        raise KitError(N_("%(kit)s: no such folder; give the folder of a kit made by "
                          "`boxkit new`"), kit=kit)
    if not path.is_file():
        raise KitError(N_("%(kit)s: not a kit (no %(file)s); run boxkit in a folder made by "
                          "`boxkit new`, or give the kit's folder"), kit=kit, file=ANSWERS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KitError(N_("%(path)s: not valid YAML (%(reason)s)"), path=path,
                       reason=first_line(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise KitError(N_("%(path)s: cannot read it (%(reason)s)"), path=path,
                       reason=str(error)) from None
    if not isinstance(data, dict):
        raise KitError(N_("%(path)s: must be a mapping of answers"), path=path)
    return data


def chapter_answers(recorded: dict[str, Any], prompter: Prompter | None = None) -> Answers:
    """boxkit's answers among what a kit recorded; any missing one asked or defaulted."""
    return resolve_answers({k: v for k, v in recorded.items() if k in KEYS},
                           prompter=prompter).answers


def recorded_answers(kit: Path) -> Answers:
    """A kit's answers as boxkit's model (what ``boxkit add`` fills templates with)."""
    return chapter_answers(read_answers(kit))


def read_event(kit: Path) -> dict[str, Any]:
    """The kit's first event for programs (``events/event.yml``); empty when it has none."""
    path = kit / EVENT_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise KitError(N_("%(path)s: not valid YAML (%(reason)s)"), path=path,
                       reason=str(error).splitlines()[0]) from None
    return data if isinstance(data, dict) else {}


def find_kit(start: Path) -> Path | None:
    """The kit that ``start`` is in (the nearest folder with an answers file), if any."""
    for folder in [start, *start.parents]:
        if (folder / ANSWERS_FILE).is_file():
            return folder
    return None


@dataclass(frozen=True)
class Addon:
    """A template added to a kit, as ``.boxkit/addons.yml`` records it."""

    name: str
    path: str
    kind: str
    src: str
    """An absolute path or a URL: valid from any folder."""
    answers_file: str | None = None
    trusted: bool = False
    """Given ``--trust`` when added: its updates may run what it runs (and are shown)."""

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "path": self.path, "kind": self.kind,
                                "src": self.src}
        if self.answers_file:
            data["answers_file"] = self.answers_file
        if self.trusted:
            data["trusted"] = True
        return data


def read_addons(kit: Path) -> list[Addon]:
    """The templates ``boxkit add`` put into ``kit``."""
    path = kit / ADDONS_FILE
    if not path.is_file():
        return []
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return [Addon(**item) for item in items]
    except (yaml.YAMLError, TypeError) as error:
        raise KitError(N_("%(path)s: not a list of add-ons (%(reason)s); restore it from git"),
                       path=path, reason=first_line(error)) from None


def write_addons(kit: Path, addons: list[Addon]) -> None:
    (kit / ADDONS_FILE).parent.mkdir(exist_ok=True)
    (kit / ADDONS_FILE).write_text(
        "# Templates added with `boxkit add`; `boxkit update` updates the Copier ones.\n"
        + yaml.safe_dump([a.as_data() for a in addons], sort_keys=False, allow_unicode=True),
        encoding="utf-8")
