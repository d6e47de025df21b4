"""boxkit: a localised starter kit for a new chapter of a public-sector reform network.

This module is the whole public API: every operation the command line offers, the
results they return, and every error they raise (:mod:`boxkit.errors`). Modules whose
names start with an underscore are internal. The command line (``boxkit``,
:mod:`boxkit.cli`) is a thin layer over these functions. Names are imported when first
used, so ``import boxkit`` (and ``boxkit --help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from boxkit._version import __version__
from boxkit.errors import (
    EXIT_CONFLICTS,
    EXIT_ERROR,
    EXIT_USAGE,
    AnswersError,
    BoxkitError,
    DestinationError,
    GitError,
    KitError,
    LocaleError,
    PrintError,
    RegistryError,
    ReleaseError,
    ScheduleError,
    SiteError,
    TemplateError,
    UnknownCodeError,
    UnreadableCatalog,
    UntrustedTemplateError,
    UpdateError,
    UpdateInterrupted,
)

_WHERE: dict[str, str] = {
    # answers: validate, default and collect the chapter's answers
    "Answers": "_answers", "Collected": "_collect", "ResolvedAnswers": "_answers",
    "Room": "_answers", "collect": "_collect", "load_answers_file": "_collect",
    "parse_data": "_collect", "resolve_answers": "_answers",
    # boxkit new
    "Blank": "_blanks", "NewKit": "_kit", "new_kit": "_kit",
    # boxkit update
    "ChangelogEntry": "_update", "KeptEdit": "_update", "UpdateResult": "_update",
    "update_kit": "_update",
    # boxkit add
    "AddResult": "_add", "Addon": "_kitdir", "add_template": "_add",
    # boxkit schedule
    "Overflow": "_schedule", "Pitch": "_schedule", "Placed": "_schedule",
    "Schedule": "_schedule", "ScheduleFiles": "_schedule", "Slot": "_schedule",
    "make_slots": "_schedule", "plan_day": "_schedule", "read_pitches": "_schedule",
    "read_rooms": "_schedule", "schedule_sessions": "_schedule", "write_schedule": "_schedule",
    # boxkit site
    "SiteBuild": "_site", "build_site": "_site", "required_hugo": "_site",
    "serve_site": "_site",
    # kits on GitHub
    "PullRequest": "_fleet", "pull_request": "_fleet", "Starter": "_starter",
    "make_starter": "_starter",
    # boxkit print
    "PrintResult": "_print", "Printed": "_print", "print_kit": "_print",
    # boxkit check
    "CheckReport": "_check", "Failure": "_check", "check_template": "_check",
    # boxkit locale
    "ExtractResult": "_locales", "LocaleStatus": "_locales", "PartStatus": "_locales",
    "Problem": "_locales", "check_locale": "_locales", "extract_catalogs": "_locales",
    "init_locale": "_locales", "list_locales": "_locales", "locale_status": "_locales",
    # boxkit release, and the bundled template
    "Release": "_template", "TemplateSource": "_template", "bundled_template": "_template",
    "next_version": "_template", "release": "_template",
    # calendars
    "write_calendars": "_calendar",
    # boxkit chapters: the movement's known chapters
    "Chapter": "_chapters", "ExistingChapter": "_chapters", "Registry": "_chapters",
    "chapters_in": "_chapters", "find_existing": "_chapters", "load_registry": "_chapters",
    "update_registry": "_chapters",
}

__all__ = [
    "EXIT_CONFLICTS",
    "EXIT_ERROR",
    "EXIT_USAGE",
    "AddResult",
    "Addon",
    "Answers",
    "AnswersError",
    "Blank",
    "BoxkitError",
    "ChangelogEntry",
    "Chapter",
    "CheckReport",
    "Collected",
    "DestinationError",
    "ExistingChapter",
    "ExtractResult",
    "Failure",
    "GitError",
    "KeptEdit",
    "KitError",
    "LocaleError",
    "LocaleStatus",
    "NewKit",
    "Overflow",
    "PartStatus",
    "Pitch",
    "Placed",
    "PrintError",
    "PrintResult",
    "Printed",
    "Problem",
    "PullRequest",
    "Registry",
    "RegistryError",
    "Release",
    "ReleaseError",
    "ResolvedAnswers",
    "Room",
    "Schedule",
    "ScheduleError",
    "ScheduleFiles",
    "SiteBuild",
    "SiteError",
    "Slot",
    "Starter",
    "TemplateError",
    "TemplateSource",
    "UnknownCodeError",
    "UnreadableCatalog",
    "UntrustedTemplateError",
    "UpdateError",
    "UpdateInterrupted",
    "UpdateResult",
    "__version__",
    "add_template",
    "build_site",
    "bundled_template",
    "chapters_in",
    "check_locale",
    "check_template",
    "collect",
    "extract_catalogs",
    "find_existing",
    "init_locale",
    "list_locales",
    "load_answers_file",
    "load_registry",
    "locale_status",
    "make_slots",
    "make_starter",
    "new_kit",
    "next_version",
    "parse_data",
    "plan_day",
    "print_kit",
    "pull_request",
    "read_pitches",
    "read_rooms",
    "release",
    "required_hugo",
    "resolve_answers",
    "schedule_sessions",
    "serve_site",
    "update_kit",
    "update_registry",
    "write_calendars",
    "write_schedule",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its internal module the first time it is used."""
    if name not in _WHERE:
        raise AttributeError(f"module 'boxkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"boxkit.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from boxkit._add import AddResult, add_template
    from boxkit._answers import Answers, ResolvedAnswers, Room, resolve_answers
    from boxkit._blanks import Blank
    from boxkit._calendar import write_calendars
    from boxkit._chapters import (
        Chapter,
        ExistingChapter,
        Registry,
        chapters_in,
        find_existing,
        load_registry,
        update_registry,
    )
    from boxkit._check import CheckReport, Failure, check_template
    from boxkit._collect import Collected, collect, load_answers_file, parse_data
    from boxkit._fleet import PullRequest, pull_request
    from boxkit._kit import NewKit, new_kit
    from boxkit._kitdir import Addon
    from boxkit._locales import (
        ExtractResult,
        LocaleStatus,
        PartStatus,
        Problem,
        check_locale,
        extract_catalogs,
        init_locale,
        list_locales,
        locale_status,
    )
    from boxkit._print import Printed, PrintResult, print_kit
    from boxkit._schedule import (
        Overflow,
        Pitch,
        Placed,
        Schedule,
        ScheduleFiles,
        Slot,
        make_slots,
        plan_day,
        read_pitches,
        read_rooms,
        schedule_sessions,
        write_schedule,
    )
    from boxkit._site import SiteBuild, build_site, required_hugo, serve_site
    from boxkit._starter import Starter, make_starter
    from boxkit._template import (
        Release,
        TemplateSource,
        bundled_template,
        next_version,
        release,
    )
    from boxkit._update import ChangelogEntry, KeptEdit, UpdateResult, update_kit
