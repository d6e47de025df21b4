"""``boxkit starter DEST``: a kit without a terminal.

The starter is a small git repository that the movement's maintainers publish on GitHub as
a template repository. An organiser makes their own repository from it, fills in a form in
the Actions tab ("Make the kit"), and its workflow runs ``boxkit new`` with those answers,
commits the kit and starts the website's workflow. The steps are in the README, in each
language given. The starter already holds the kit's own workflows exactly as this boxkit
writes them: a workflow's built-in token may not add workflow files, and the kit's commit
then changes none.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from boxkit._i18n import N_, SOURCE_LOCALE, shipped_locales, translator
from boxkit._resources import data_path
from boxkit._version import __version__
from boxkit.errors import DestinationError

KIT_WORKFLOWS = (".github/workflows/website.yml", ".github/workflows/boxkit-update.yml",
                 ".github/boxkit/update.sh")
"""The kit's files the starter carries already (written by the same boxkit)."""

_TITLE = N_("A chapter kit without a terminal")
_INTRO = N_("This repository makes a starter kit for a new chapter of %(movement)s: a "
            "step-by-step guide, the principles, event packs, things to print and a website, "
            "in your language. You need a GitHub account, not a terminal.")
_MAINTAINERS = N_("For the movement's maintainers: publish it")
_MAINTAINER_STEPS = (
    N_("Push this folder to a new public repository on GitHub."),
    N_("In the repository's Settings, tick \"Template repository\"."),
    N_("Send organisers the link to it, with this page."),
)
_ORGANISERS = N_("For organisers: your kit in five steps")
_ORGANISER_STEPS = (
    N_("Open this repository on GitHub, press \"Use this template\", then \"Create a new "
       "repository\". Name it after your chapter and make it public."),
    N_("In your new repository, open Settings, then Actions, then General. Under \"Workflow "
       "permissions\", choose \"Read and write permissions\", tick \"Allow GitHub Actions to "
       "create and approve pull requests\", and save."),
    N_("Open Settings, then Pages. Under \"Source\", choose \"GitHub Actions\"."),
    N_("Open the Actions tab, choose \"Make the kit\" and press \"Run workflow\". Fill in the "
       "country, what the chapter covers, its name, its languages and a contact e-mail, then "
       "press the green \"Run workflow\" button."),
    N_("After two or three minutes the kit is in your repository: start with its README.md. "
       "The website is published once no blank marked FILL IN is left in the website folder: open "
       "each file named in the failed \"Publish the website\" run, edit it on GitHub (the "
       "pencil button), and commit."),
)
_AFTER = N_("After that")
_AFTER_POINTS = (
    N_("Every Monday, the workflow \"Keep the kit up to date\" looks for a newer boxkit "
       "template. When there is one, it opens a pull request that says what changed, in your "
       "kit's language, and keeps your own edits. Read it, then merge it."),
    N_("A pull request labelled boxkit-conflicts lists the files where your edits and the "
       "template changed the same lines: resolve them in the pull request before you merge."),
)
_OTHER_LANGUAGES = N_("This page in other languages:")


@dataclass(frozen=True)
class Starter:
    dest: Path
    files: tuple[str, ...]
    locales: tuple[str, ...]


def make_starter(dest: Path | str, *, locales: Sequence[str] = ()) -> Starter:
    """Write the starter repository into ``dest`` (new or empty), with its README in
    ``locales`` (default: every language boxkit ships), as a git repository."""
    from boxkit import _cldr as cldr
    from boxkit._git import init_and_commit

    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise DestinationError(N_("%(dest)s already exists and is not empty; give a new "
                                  "folder"), dest=dest)
    codes = [cldr.locale(code) for code in locales] or shipped_locales()
    with tempfile.TemporaryDirectory(prefix="boxkit-starter-") as tmp:
        stage = Path(tmp) / "starter"
        stage.mkdir()
        _copy_kit_workflows(Path(tmp), stage)
        source = data_path("templates") / "starter"
        workflow = (source / "make-kit.yml.jinja").read_text(encoding="utf-8")
        _write(stage / ".github/workflows/make-kit.yml", _render(workflow))
        script = stage / ".github/boxkit/make-kit.sh"
        _write(script, (source / "make-kit.sh").read_text(encoding="utf-8"))
        script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        for index, code in enumerate(codes):
            name = "README.md" if index == 0 else f"README.{code}.md"
            _write(stage / name, readme(code, [c for c in codes if c != code]))
        files = tuple(sorted(p.relative_to(stage).as_posix()
                             for p in stage.rglob("*") if p.is_file()))
        init_and_commit(stage, "A boxkit starter repository")
        if dest.exists():
            dest.rmdir()
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(stage), dest)
    return Starter(dest, files, tuple(codes))


def _copy_kit_workflows(tmp: Path, stage: Path) -> None:
    """The kit's workflows as this boxkit writes them, from a kit made for the purpose."""
    from boxkit._answers import resolve_answers
    from boxkit._kit import new_kit

    kit = tmp / "kit"
    new_kit(kit, resolve_answers({"country": "SE", "locales": [SOURCE_LOCALE]}).answers)
    for name in KIT_WORKFLOWS:
        target = stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kit / name, target)


def _render(text: str) -> str:
    from jinja2 import Environment

    return Environment(keep_trailing_newline=True, autoescape=False).from_string(text).render(
        version=__version__)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o644)


def readme(code: str, others: Sequence[str] = ()) -> str:
    """The starter's README in ``code``: publishing it, the organiser's steps, and after."""
    from boxkit._cldr import language_name

    say = translator(code)
    lines = [f"# {say(_TITLE)}", "", say(_INTRO) % {"movement": "One Team Gov"}, "",
             f"## {say(_ORGANISERS)}", ""]
    lines += [f"{n}. {say(step)}" for n, step in enumerate(_ORGANISER_STEPS, 1)]
    lines += ["", f"## {say(_AFTER)}", ""]
    lines += [f"- {say(point)}" for point in _AFTER_POINTS]
    lines += ["", f"## {say(_MAINTAINERS)}", ""]
    lines += [f"{n}. {say(step)}" for n, step in enumerate(_MAINTAINER_STEPS, 1)]
    if others:
        links = ", ".join(f"[{language_name(other, other)}](README.{other}.md)" for other in others)
        lines += ["", f"{say(_OTHER_LANGUAGES)} {links}"]
    return "\n".join(lines) + "\n"
