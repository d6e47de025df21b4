"""``boxkit update``: pull a newer template version into a kit and keep the chapter's edits.

Copier does the three-way work (render the old version, diff it against the kit, render
the new version, replay the chapter's diff). boxkit adds what a chapter needs around it:
it refuses a dirty working tree, shows the versions and the maintainers' changelog,
previews with ``dry_run`` in a throwaway copy, asks (or defaults) answers that a new
version introduced, and reports conflicts itself, because Copier exits 0 with conflict
markers left in files.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit._git import git, inside_work_tree
from boxkit._render import copier_errors
from boxkit.answers import KEYS, Answers, Prompter, resolve_answers
from boxkit.errors import BoxkitError
from boxkit.kit import ANSWERS_FILE
from boxkit.template import bundled_template, current_version, is_bundled_source, template_versions

CONFLICT_MARK = "<<<<<<< before updating"


class UpdateError(BoxkitError):
    """The kit cannot be updated as it is (not a kit, dirty, unknown version)."""


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class UpdateResult:
    kit: Path
    old_version: str
    new_version: str
    changelog: tuple[ChangelogEntry, ...] = ()
    changed: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    new_answers: tuple[str, ...] = ()
    dry_run: bool = False
    addons: tuple[str, ...] = ()
    """One line per add-on: what happened to it (updated, up to date, cannot update)."""

    @property
    def up_to_date(self) -> bool:
        return self.old_version == self.new_version


def _answers_file(kit: Path) -> dict[str, Any]:
    """A kit's ``.copier-answers.yml``; a folder without one is not a kit."""
    path = kit / ANSWERS_FILE
    if not path.is_file():
        raise UpdateError(f"{kit}: not a kit (no {ANSWERS_FILE}); run boxkit in a folder "
                          "made by `boxkit new`, or give the kit's folder")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise UpdateError(f"{path}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise UpdateError(f"{path}: must be a mapping of answers")
    return data


def _recorded(kit: Path) -> dict[str, Any]:
    data = _answers_file(kit)
    if not data.get("_src_path") or not data.get("_commit"):
        raise UpdateError(f"{kit / ANSWERS_FILE}: records no template version, so the kit "
                          "cannot be updated (it was made from a template folder without "
                          "git tags)")
    return data


def _check_clean(kit: Path) -> None:
    if not inside_work_tree(kit):
        raise UpdateError(f"{kit}: not a git repository; `boxkit update` needs the kit's "
                          "history to keep your edits (run `git init && git add -A && git "
                          "commit -m 'Our kit'` first)")
    dirty = git(["status", "--porcelain"], cwd=kit).splitlines()
    if dirty:
        raise UpdateError(f"{kit}: {len(dirty)} uncommitted change(s) "
                          f"({dirty[0][3:]}{' …' if len(dirty) > 1 else ''}); commit them "
                          "(git add -A && git commit -m 'Our edits') or stash them (git stash), "
                          "then run boxkit update again")


def _pick(versions: list[str], to: str | None, old: str, bundled: bool) -> str:
    if to:
        wanted = to if to.startswith("v") else f"v{to}"
        if wanted not in versions:
            raise UpdateError(f"--to {to}: no such template version; available: "
                              f"{', '.join(versions)}")
        return wanted
    if bundled and f"v{current_version()}" in versions:
        return f"v{current_version()}"
    from packaging.version import Version

    stable = [v for v in versions if not Version(v).is_prerelease] or versions
    newest = stable[-1]
    return newest if Version(newest) > Version(old) else old


def _changelog(src: str, old: str, new: str) -> tuple[ChangelogEntry, ...]:
    from packaging.version import Version

    with tempfile.TemporaryDirectory(prefix="boxkit-changelog-") as tmp:
        try:
            git(["clone", "--quiet", "--no-checkout", str(Path(src).expanduser())
                 if not src.startswith(("http", "git@", "ssh:")) else src, tmp], cwd=Path(tmp))
            text = git(["show", f"{new}:changelog.yml"], cwd=Path(tmp))
        except BoxkitError:
            return ()
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError:
        return ()
    low, high = Version(old), Version(new)
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or "version" not in entry:
            continue
        if low < Version(str(entry["version"])) <= high:
            found.append(ChangelogEntry(str(entry["version"]),
                                        tuple(str(c) for c in entry.get("changes", []))))
    return tuple(found)


def _conflicts(kit: Path) -> tuple[str, ...]:
    found = set(git(["diff", "--name-only", "--diff-filter=U"], cwd=kit).split())
    found |= {p.relative_to(kit).as_posix() for p in kit.rglob("*.rej")
              if ".git" not in p.parts}
    for line in git(["status", "--porcelain"], cwd=kit).splitlines():
        name = line[3:].strip('"')
        path = kit / name
        if path.is_file():
            try:
                if CONFLICT_MARK in path.read_text(encoding="utf-8"):
                    found.add(name)
            except (UnicodeDecodeError, OSError):
                continue
    return tuple(sorted(found))


def _chapter_answers(recorded: dict[str, Any], prompter: Prompter | None = None) -> Answers:
    """boxkit's answers among what a kit recorded; any missing one asked or defaulted."""
    return resolve_answers({k: v for k, v in recorded.items() if k in KEYS},
                           prompter=prompter).answers


def recorded_answers(kit: Path) -> Answers:
    """A kit's answers as boxkit's model (what ``boxkit add`` fills templates with)."""
    return _chapter_answers(_answers_file(kit))


def _answers_data(recorded: dict[str, Any], prompter: Prompter | None
                  ) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The kit's answers for the new version, and the keys it had not recorded yet."""
    missing = tuple(k for k in KEYS if k not in recorded)
    return _chapter_answers(recorded, prompter).as_data(), missing


def update_kit(
    kit: Path | str = ".",
    *,
    to: str | None = None,
    dry_run: bool = False,
    prompter: Prompter | None = None,
) -> UpdateResult:
    """Move ``kit`` to template version ``to`` (default: the newest) and keep its edits.

    Conflicts are left inline with markers and listed in the result; nothing is
    committed. With ``dry_run`` the update runs on a throwaway copy of the kit.
    """
    kit = Path(kit).expanduser().resolve()
    recorded = _recorded(kit)
    _check_clean(kit)
    src, old = str(recorded["_src_path"]), str(recorded["_commit"])
    bundled = is_bundled_source(src)
    if bundled:
        bundled_template()
    try:
        versions = template_versions(src)
    except BoxkitError as error:
        raise UpdateError(f"{src}: cannot read the template's versions ({error})") from None
    if old not in versions:
        raise UpdateError(f"{src}: has no version {old}, which this kit was made from; "
                          "the template's history was rewritten or moved")
    new = _pick(versions, to, old, bundled)
    if new == old:
        addons, changed, conflicts = _update_addons(kit, dry_run=dry_run)
        return UpdateResult(kit, old, new, changed=changed, conflicts=conflicts,
                            dry_run=dry_run, addons=addons)
    data, new_answers = _answers_data(recorded, prompter) if bundled else ({}, ())
    changelog = _changelog(src, old, new)
    if dry_run:
        with tempfile.TemporaryDirectory(prefix="boxkit-preview-") as tmp:
            preview = Path(tmp) / kit.name
            shutil.copytree(kit, preview, symlinks=True)
            changed, conflicts = _run(preview, data, new, bundled)
        return UpdateResult(kit, old, new, changelog, changed, conflicts, new_answers, True)
    changed, conflicts = _run(kit, data, new, bundled)
    waiting = tuple(f"{a.path}: commit this update, then run boxkit update again to update "
                    "this add-on" for a in _addons(kit) if a.kind == "copier")
    return UpdateResult(kit, old, new, changelog, changed, conflicts, new_answers,
                        addons=waiting + _cookiecutter_notes(kit))


def _addons(kit: Path) -> list[Any]:
    from boxkit.sources import read_addons

    return read_addons(kit)


def _cookiecutter_notes(kit: Path) -> tuple[str, ...]:
    return tuple(f"{a.path}: made from a cookiecutter template ({a.src}); cookiecutter has no "
                 "update mechanism, so it cannot be updated in place"
                 for a in _addons(kit) if a.kind == "cookiecutter")


def _update_addons(kit: Path, *, dry_run: bool
                   ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Update each Copier add-on in turn; stop at the first that changed something, since
    Copier needs a clean tree for the next one."""
    import copier

    notes: list[str] = []
    for addon in _addons(kit):
        if addon.kind != "copier":
            continue
        folder = kit / addon.path
        answers_file = addon.answers_file or ".copier-answers.yml"
        try:
            recorded = yaml.safe_load((folder / answers_file).read_text(encoding="utf-8"))
            versions = template_versions(str(recorded["_src_path"]))
        except (OSError, KeyError, TypeError, BoxkitError):
            notes.append(f"{addon.path}: records no template version; cannot update it")
            continue
        old = str(recorded.get("_commit"))
        newest = versions[-1] if versions else old
        if newest == old:
            notes.append(f"{addon.path}: up to date ({old})")
            continue
        target = kit
        with tempfile.TemporaryDirectory(prefix="boxkit-preview-") as tmp:
            if dry_run:
                target = Path(tmp) / kit.name
                shutil.copytree(kit, target, symlinks=True)
            with copier_errors(addon.path, "the add-on's update failed", can_trust=False):
                copier.run_update(target / addon.path, answers_file=Path(answers_file),
                                  defaults=True, overwrite=True, quiet=True,
                                  conflict="inline", skip_answered=True, unsafe=False)
            status = git(["status", "--porcelain"], cwd=target).splitlines()
            changed = tuple(sorted(line[3:].strip('"') for line in status))
            conflicts = _conflicts(target)
        notes.append(f"{addon.path}: {old} → {newest}")
        return tuple(notes) + _cookiecutter_notes(kit), changed, conflicts
    return tuple(notes) + _cookiecutter_notes(kit), (), ()


def _run(kit: Path, data: dict[str, Any], ref: str, bundled: bool
         ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    import copier

    with copier_errors(str(kit), "the update failed; the kit is unchanged if git status "
                                 "shows nothing", can_trust=False):
        copier.run_update(kit, data=data, defaults=True, overwrite=True, quiet=True,
                          conflict="inline", vcs_ref=ref, skip_answered=True, unsafe=False)
    if bundled:
        from boxkit.calendar import write_calendars

        write_calendars(kit)
    status = git(["status", "--porcelain"], cwd=kit).splitlines()
    changed = tuple(sorted(line[3:].strip('"') for line in status))
    return changed, _conflicts(kit)
