"""``boxkit update``: pull a newer template version into a kit and keep the chapter's edits.

Copier does the three-way work (render the old version, diff it against the kit, render
the new version, replay the chapter's diff). boxkit adds what a chapter needs around it:
it refuses a dirty working tree, shows the versions and the maintainers' changelog, asks
(or defaults) answers that a new version introduced, carries the chapter's edits across
files a release moved or removed (:mod:`boxkit._carry`), and reports conflicts itself,
because Copier exits 0 with conflict markers left in files.

Copier runs in a clone of the kit inside its git folder, and the kit changes in one final
step (:mod:`boxkit._transaction`): a stopped update leaves the kit as it was, or as the
next run, which finishes it, leaves it. ``dry_run`` reports from the clone.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from boxkit._answers import KEYS, Prompter, resolve_answers
from boxkit._carry import Fate, KeptEdit, carry_edits, fates
from boxkit._git import git, identity_env, inside_work_tree
from boxkit._i18n import N_
from boxkit._kitdir import ANSWERS_FILE, chapter_answers, read_addons, read_answers
from boxkit._render import copier_errors
from boxkit._template import (
    TemplateSource,
    bundled_template,
    is_bundled_source,
    kit_repository,
    repoint_answers,
    template_versions,
)
from boxkit._transaction import Changes, Transaction, transaction
from boxkit.errors import BoxkitError, TemplateError, UpdateError, UpdateInterrupted

__all__ = ["ChangelogEntry", "KeptEdit", "UpdateError", "UpdateInterrupted", "UpdateResult",
           "update_kit"]

CONFLICT_MARK = b"<<<<<<< before updating"


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    changes: tuple[str, ...]
    moved: tuple[tuple[str, str], ...] = ()
    """Kit paths this release renamed, old → new (``{locale}`` for each of the kit's)."""
    removed: tuple[str, ...] = ()
    """Kit paths this release no longer has."""


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
    kept_edits: tuple[KeptEdit, ...] = ()
    """Edited files a release moved or removed; each is also listed in ``conflicts``."""
    resumed: bool = False
    """This run finished an update that had been stopped after it began to write the kit."""
    changed_answers: tuple[str, ...] = ()
    """Answers given with ``data`` that differ from what the kit had recorded."""
    held_back: tuple[str, ...] = ()
    """Files the update would have changed but left as they were (``--hold-back``)."""

    @property
    def up_to_date(self) -> bool:
        return self.old_version == self.new_version and not self.changed_answers

    def as_json(self) -> dict[str, Any]:
        """The result as plain data (``boxkit update --json``)."""
        return {"kit": str(self.kit), **_record(self)}


def _recorded(kit: Path) -> dict[str, Any]:
    data = read_answers(kit)
    if not data.get("_src_path") or not data.get("_commit"):
        raise UpdateError(N_("%(path)s: records no template version, so the kit cannot be "
                             "updated (it was made from a template folder without git tags)"),
                          path=kit / ANSWERS_FILE)
    return data


def _check_repo(kit: Path) -> None:
    if not inside_work_tree(kit):
        raise UpdateError(N_("%(kit)s: not a git repository; `boxkit update` needs the kit's "
                             "history to keep your edits (run `git init && git add -A && git "
                             "commit -m 'Our kit'` first)"), kit=kit)


def _check_clean(kit: Path) -> None:
    _check_repo(kit)
    dirty = git(["status", "--porcelain"], cwd=kit).splitlines()
    if dirty:
        raise UpdateError(N_("%(kit)s: %(count)s uncommitted change(s) (%(shown)s); commit "
                             "them (git add -A && git commit -m 'Our edits') or stash them "
                             "(git stash), then run boxkit update again"),
                          kit=kit, count=len(dirty),
                          shown=dirty[0][3:] + (" …" if len(dirty) > 1 else ""))


def _pick(versions: list[str], to: str | None, old: str, bundled: bool) -> str:
    if to:
        wanted = to if to.startswith("v") else f"v{to}"
        if wanted not in versions:
            raise UpdateError(N_("--to %(to)s: no such template version; available: "
                                 "%(versions)s"), to=to, versions=", ".join(versions))
        return wanted
    from packaging.version import Version

    # Only releases by default: a maintainer's development version (0.3.0.dev0) in the
    # bundle is reached with --to, never by accident.
    stable = [v for v in versions if not Version(v).is_prerelease]
    newest = stable[-1] if stable else old
    return newest if Version(newest) > Version(old) else old


def _changelog(src: str, old: str, new: str) -> tuple[ChangelogEntry, ...]:
    from packaging.version import InvalidVersion, Version

    with tempfile.TemporaryDirectory(prefix="boxkit-changelog-") as tmp:
        try:
            git(["clone", "--quiet", "--no-checkout", _location(src), tmp], cwd=Path(tmp))
            text = git(["show", f"{new}:changelog.yml"], cwd=Path(tmp))
        except BoxkitError:
            return ()
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError:
        return ()
    low, high = Version(old), Version(new)
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or "version" not in entry:
            continue
        try:
            version = Version(str(entry["version"]))
        except InvalidVersion:
            continue
        if low < version <= high:
            found.append(_entry(entry))
    return tuple(sorted(found, key=lambda e: Version(e.version)))


def _entry(entry: dict[str, Any]) -> ChangelogEntry:
    """One release of ``changelog.yml``; ``moved`` and ``removed`` items that are not
    paths are left out (the kit cannot fix its template's changelog)."""
    moved = entry.get("moved") or {}
    removed = entry.get("removed") or []
    return ChangelogEntry(
        str(entry["version"]),
        (str(changes),) if isinstance(changes := entry.get("changes") or [], str)
        else tuple(str(c) for c in changes),
        tuple((old, new) for old, new in (moved.items() if isinstance(moved, dict) else ())
              if isinstance(old, str) and isinstance(new, str)),
        tuple(path for path in (removed if isinstance(removed, list) else ())
              if isinstance(path, str)),
    )


def _location(src: str) -> str:
    """A template source as git and Copier take it (``~`` expanded for a local path)."""
    remote = src.startswith(("http://", "https://", "git@", "ssh://", "git+"))
    return src if remote else str(Path(src).expanduser())


def _conflicts(clone: Path, changes: Changes, unmerged: frozenset[str]) -> set[str]:
    """Paths Copier left in conflict: unmerged, rejected hunks, or conflict markers."""
    found = set(unmerged)
    for name in changes.write:
        if name.endswith(".rej"):
            found.add(name)
            continue
        path = clone / name
        if path.is_file() and not path.is_symlink():
            try:
                if CONFLICT_MARK in path.read_bytes():
                    found.add(name)
            except OSError:
                continue
    return found


def _answers_data(recorded: dict[str, Any], prompter: Prompter | None
                  ) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The kit's answers for the new version, and the keys it had not recorded yet."""
    missing = tuple(k for k in KEYS if k not in recorded)
    return chapter_answers(recorded, prompter).as_data(), missing


def update_kit(
    kit: Path | str = ".",
    *,
    to: str | None = None,
    dry_run: bool = False,
    prompter: Prompter | None = None,
    data: Mapping[str, Any] | None = None,
) -> UpdateResult:
    """Move ``kit`` to template version ``to`` (default: the newest) and keep its edits.

    ``data`` changes answers (``event_start``, say): the kit is rendered again with them,
    at the same version or the new one, through the same three-way merge, so the chapter's
    edits stay and everything that depends on the answer follows it.

    Conflicts are left inline with markers and listed in the result; nothing is
    committed. The update is prepared in a clone of the kit and written in one step; a
    run that was stopped while writing is finished first (``resumed``). With ``dry_run``
    nothing is written.
    """
    kit = Path(kit).expanduser().resolve()
    read_answers(kit)
    _check_repo(kit)
    with transaction(kit) as tx:
        record = tx.recover(dry_run=dry_run)
        if record is not None:
            return _result(kit, record, resumed=True, dry_run=dry_run)
        result, changes = _prepare(tx, kit, to=to, dry_run=dry_run, prompter=prompter,
                                   data=dict(data or {}))
        if changes is not None and not dry_run:
            tx.commit(changes, _record(result))
        return result


def _prepare(tx: Transaction, kit: Path, *, to: str | None, dry_run: bool,
             prompter: Prompter | None, data: dict[str, Any]
             ) -> tuple[UpdateResult, Changes | None]:
    """Run the update in the transaction's clone; the result and what it changes."""
    recorded = _recorded(kit)
    _check_clean(kit)
    src, old = str(recorded["_src_path"]), str(recorded["_commit"])
    bundled = is_bundled_source(src)
    source = bundled_template() if bundled else None
    try:
        versions = template_versions(src)
    except BoxkitError as error:
        raise UpdateError(N_("%(src)s: cannot read the template's versions (%(reason)s)"),
                          src=src, reason=error) from None
    if old not in versions:
        raise UpdateError(N_("%(src)s: has no version %(old)s, which this kit was made from; "
                             "the template's history was rewritten or moved"),
                          src=src, old=old)
    new = _pick(versions, to, old, bundled)
    if bundled:
        unknown = sorted(set(data) - set(KEYS))
        if unknown:
            resolve_answers(data)  # names the first unknown answer, with a close match
        answers, new_answers = _answers_data({**recorded, **data}, prompter)
    else:
        answers, new_answers = dict(data), ()
    changed_answers = tuple(key for key in data
                            if answers.get(key, data[key]) != recorded.get(key))
    if new == old and not changed_answers:
        addons, changes, conflicts = _update_addons(tx, kit)
        return UpdateResult(kit, old, new, changed=changes.paths if changes else (),
                            conflicts=conflicts, dry_run=dry_run, addons=addons), changes
    changelog = _changelog(src, old, new) if new != old else ()
    clone = tx.prepare()
    tracked = tx.tracked()
    _run(kit, clone, answers, new, source, recorded)
    moves = fates(((f"v{e.version.removeprefix('v')}", dict(e.moved), e.removed)
                   for e in changelog), _locales(recorded))
    # A file the new version no longer makes for this kit, although no changelog says so
    # (an answer now leaves it out, such as the sponsor pack of an organisation chapter):
    # Copier deleted it; keep it if the chapter edited it.
    for path in sorted(tracked - set(moves)):
        if (kit / path).is_file() and not (kit / path).is_symlink() \
                and not (clone / path).exists():
            moves[path] = Fate(path, None, f"v{new.removeprefix('v')}")

    def render_old(folder: Path, exclude: list[str]) -> None:
        import copier

        with copier_errors(src, lambda reason: TemplateError(
                N_("%(label)s: could not render %(old)s to compare your edits (%(reason)s)"),
                label=src, old=old, reason=reason), can_trust=False):
            copier.run_copy(_location(src), folder, vcs_ref=old, defaults=True, quiet=True,
                            unsafe=False, exclude=exclude,
                            data={k: v for k, v in recorded.items() if not k.startswith("_")})

    kept = carry_edits(kit, clone, tracked, moves, render_old)
    unmerged = tx.unmerged()
    changes = tx.changes()
    found = _conflicts(clone, changes, unmerged) | {k.path for k in kept}
    waiting = tuple(f"{a.path}: commit this update, then run boxkit update again to update "
                    "this add-on" for a in read_addons(clone) if a.kind == "copier")
    result = UpdateResult(kit, old, new, changelog, changes.paths, tuple(sorted(found)),
                          new_answers, dry_run, waiting + _cookiecutter_notes(clone),
                          kept_edits=kept, changed_answers=changed_answers)
    return result, changes


def _locales(recorded: dict[str, Any]) -> tuple[str, ...]:
    value = recorded.get("locales")
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _record(result: UpdateResult) -> dict[str, Any]:
    """The result as plain data, for the journal (and for anyone printing JSON)."""
    data = dataclasses.asdict(result)
    data.pop("kit")
    return data


def _result(kit: Path, data: dict[str, Any], *, resumed: bool, dry_run: bool) -> UpdateResult:
    """An :class:`UpdateResult` back from :func:`_record`'s data (what a journal kept)."""

    def strings(key: str, where: dict[str, Any] = data) -> tuple[str, ...]:
        value = where.get(key)
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    entries = [e for e in data.get("changelog") or [] if isinstance(e, dict)]
    kept = [k for k in data.get("kept_edits") or [] if isinstance(k, dict)]
    return UpdateResult(
        kit, str(data.get("old_version", "")), str(data.get("new_version", "")),
        tuple(ChangelogEntry(str(e.get("version", "")), strings("changes", e),
                             tuple((str(m[0]), str(m[1])) for m in e.get("moved") or []
                                   if isinstance(m, list) and len(m) == 2),
                             strings("removed", e))
              for e in entries),
        strings("changed"), strings("conflicts"), strings("new_answers"), dry_run,
        strings("addons"),
        tuple(KeptEdit(str(k.get("was", "")), k.get("moved_to"), str(k.get("version", "")),
                       str(k.get("path", "")), bool(k.get("conflicts"))) for k in kept),
        resumed, strings("changed_answers"), strings("held_back"))


def _cookiecutter_notes(kit: Path) -> tuple[str, ...]:
    return tuple(f"{a.path}: made from a cookiecutter template ({a.src}); cookiecutter has no "
                 "update mechanism, so it cannot be updated in place"
                 for a in read_addons(kit) if a.kind == "cookiecutter")


def _update_addons(tx: Transaction, kit: Path
                   ) -> tuple[tuple[str, ...], Changes | None, tuple[str, ...]]:
    """Update the first Copier add-on that has a newer version, in the transaction's clone;
    one at a time, since Copier needs a clean tree for the next one."""
    import copier

    notes: list[str] = []
    for addon in read_addons(kit):
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
        newest = _pick(versions, None, old, bundled=False) if old in versions else old
        if newest == old:
            notes.append(f"{addon.path}: up to date ({old})")
            continue
        wanted = _addon_code(str(recorded["_src_path"]), newest)
        if wanted and not addon.trusted:
            notes.append(f"{addon.path}: {newest} wants to run code ({'; '.join(wanted)}) and "
                         "it was added without --trust, so it was not updated; add it again "
                         "with --trust if you trust its author")
            continue
        if wanted:
            notes.append(f"{addon.path}: runs {'; '.join(wanted)} (trusted when added)")
        clone = tx.prepare()
        with copier_errors(addon.path, partial(_addon_failed, addon.path), can_trust=False):
            copier.run_update(clone / addon.path, answers_file=Path(answers_file),
                              defaults=True, overwrite=True, quiet=True, vcs_ref=newest,
                              conflict="inline", skip_answered=True, unsafe=addon.trusted)
        unmerged = tx.unmerged()
        changes = tx.changes()
        notes.append(f"{addon.path}: {old} → {newest}")
        found = tuple(sorted(_conflicts(clone, changes, unmerged)))
        return tuple(notes) + _cookiecutter_notes(kit), changes, found
    return tuple(notes) + _cookiecutter_notes(kit), None, ()


def _update_from_kit_repository(clone: Path, update: Callable[[], object], ref: str,
                                bundle_sha: str, recorded: Mapping[str, Any],
                                data: Mapping[str, Any]) -> None:
    """Run ``update`` with the kit's answers pointing at a :func:`kit_repository` of the
    two versions instead of the whole bundle (for the update only: the clone's answers
    name the bundle again afterwards, and its HEAD is where it was)."""
    old = str(recorded["_commit"])
    if not old.startswith("v") or not ref.startswith("v"):
        update()  # versions boxkit did not tag: Copier reads the bundle
        return
    answers: dict[str, list[Mapping[str, Any]]] = {}
    for version, values in ((old, recorded), (ref, data)):
        answers.setdefault(version[1:], []).append(
            {k: v for k, v in values.items() if not k.startswith("_")})
    answers_file = clone / ANSWERS_FILE
    bundle = {"_src_path": str(recorded["_src_path"])}
    base = git(["rev-parse", "HEAD"], cwd=clone).strip()
    with kit_repository(answers, bundle_sha) as repo:
        if not repoint_answers(answers_file, bundle, {"_src_path": str(repo)}):
            update()  # an answers file written some other way: Copier reads the bundle
            return
        git(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", "boxkit: one kit's "
             "template versions", "--", ANSWERS_FILE], cwd=clone, env=identity_env(clone))
        try:
            update()
        finally:
            repoint_answers(answers_file, {"_src_path": str(repo)}, bundle)
            git(["update-ref", "--no-deref", "HEAD", base], cwd=clone)


def _addon_failed(label: str, reason: str) -> TemplateError:
    return TemplateError(N_("%(label)s: the add-on's update failed (%(reason)s)"),
                         label=label, reason=reason)


def _addon_code(src: str, ref: str) -> list[str]:
    """What version ``ref`` of an add-on's template would run (empty: nothing)."""
    from boxkit._sources import open_source, unsafe_features

    try:
        with open_source(src, ref=ref) as source:
            return unsafe_features(source)
    except BoxkitError as error:
        return [f"unknown: {error}"]


def _run(kit: Path, clone: Path, data: dict[str, Any], ref: str,
         bundled: TemplateSource | None, recorded: Mapping[str, Any]) -> None:
    """Copier's update, and boxkit's own steps after it, in the clone of ``kit``."""
    import copier

    update = partial(copier.run_update, clone, data=data, defaults=True, overwrite=True,
                     quiet=True, conflict="inline", vcs_ref=ref, skip_answered=True,
                     unsafe=False)
    with copier_errors(str(kit), lambda reason: TemplateError(
            N_("%(label)s: the update failed; your kit was not changed (%(reason)s)"),
            label=kit, reason=reason), can_trust=False):
        if bundled is None or not bundled.bundle_sha:
            update()
        else:
            _update_from_kit_repository(clone, update, ref, bundled.bundle_sha, recorded,
                                        data)
    if bundled:
        from boxkit._calendar import write_calendars

        write_calendars(clone)
