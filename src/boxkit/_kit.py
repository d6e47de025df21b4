"""``boxkit new``: render a complete kit into a new folder, all or nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boxkit._answers import Answers, resolve_answers
from boxkit._blanks import Blank, find_blanks
from boxkit._git import init_and_commit, inside_work_tree
from boxkit._i18n import N_
from boxkit._kitdir import read_answers
from boxkit._render import check_contained, copier_errors, kit_files
from boxkit._scratch import scratch_dir, stop_on_sigterm, sweep
from boxkit._template import (
    TemplateSource,
    bundled_checkout,
    bundled_template,
    kit_tree,
    repoint_answers,
)
from boxkit.errors import BoxkitError, DestinationError, KitError, TemplateError


@dataclass(frozen=True)
class NewKit:
    """What :func:`new_kit` made (or, with ``dry_run``, would make)."""

    dest: Path
    files: tuple[str, ...]
    answers: Answers
    template: str
    template_version: str | None
    blanks: tuple[Blank, ...] = ()
    notes: tuple[str, ...] = ()
    commit: str | None = None
    dry_run: bool = False


def new_kit(
    dest: Path | str,
    answers: Answers | Mapping[str, Any],
    *,
    template: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    trust: bool = False,
    notes: tuple[str, ...] = (),
    extra: Mapping[str, Any] | None = None,
    ask: bool = False,
) -> NewKit:
    """Render a kit into ``dest`` and make it a git repository with one commit.

    The kit is rendered in a staging folder next to ``dest`` and moved into place only
    when everything succeeded, so a failure leaves nothing behind. ``dest`` must be
    missing or empty unless ``force`` is given; even then no existing file is replaced.
    ``template`` is a Copier source (folder, git URL, bundle); by default the bundled
    template. ``trust`` lets that template run its tasks and Jinja extensions. ``extra``
    answers a template's own questions (keys that are not chapter answers); with ``ask``
    the template asks the ones left unanswered.
    """
    if extra and template is None:
        from boxkit.errors import AnswersError

        raise AnswersError(N_("unknown answer %(key)r: the bundled template asks only the "
                              "chapter's questions (docs/cli.md)"), key=sorted(extra)[0])
    if not isinstance(answers, Answers):
        resolved = resolve_answers(answers)
        answers, notes = resolved.answers, (*notes, *resolved.notes)
    dest = Path(dest).expanduser().absolute()
    _check_destination(dest, force=force)
    parent = _existing_parent(dest)
    notes = (*notes, *(f"removed {left}, left by a boxkit run that was killed"
                       for left in sweep(parent)))
    with stop_on_sigterm():
        source = bundled_template() if template is None else TemplateSource(template, None)
        if source.note:
            notes = (*notes, source.note)
        staging_root = scratch_dir("staging", parent, hidden=True)
        try:
            return _make(dest, answers, source, staging_root, template=template,
                         dry_run=dry_run, trust=trust, notes=notes, extra=extra, ask=ask)
        except DestinationError as error:
            # Name the file being written as it will be in the kit, not in staging.
            raise DestinationError(error.message_id, **{
                name: _in_kit(value, staging_root / "kit", dest)
                for name, value in error.values.items()}) from None
        except BoxkitError:
            raise
        except OSError as error:  # a full disk while writing calendars or moving files
            raise DestinationError(N_("%(path)s: cannot write it (%(reason)s)"),
                                   path=_in_kit(error.filename or dest, staging_root / "kit",
                                                dest),
                                   reason=error.strerror or str(error)) from None
        finally:
            shutil.rmtree(staging_root, ignore_errors=True)


def _in_kit(value: object, staging: Path, dest: Path) -> object:
    """A path in an error as it will be in the kit, not in staging."""
    if isinstance(value, str | Path):
        return type(value)(str(value).replace(str(staging), str(dest)))
    return value


def _make(dest: Path, answers: Answers, source: TemplateSource, staging_root: Path, *,
          template: str | None, dry_run: bool, trust: bool, notes: tuple[str, ...],
          extra: Mapping[str, Any] | None, ask: bool) -> NewKit:
    """Render into ``staging_root``, check, and move the kit into ``dest``."""
    staging = staging_root / "kit"
    if template is None:
        from boxkit._calendar import write_calendars

        notes = (*notes, *_render(source, staging, answers, trust=True))
        write_calendars(staging)
    else:
        _render_outside(template, staging, answers, trust=trust, extra=extra, ask=ask)
    files = kit_files(staging)
    version = _recorded_version(staging)
    blanks = find_blanks(staging, files)
    clashes = [f for f in files if (dest / f).exists() or (dest / f).is_symlink()]
    if clashes:  # a dry run says so too: it previews what the real run would do
        shown = ", ".join(clashes[:5]) + (" …" if len(clashes) > 5 else "")
        raise DestinationError(N_("%(dest)s: would overwrite %(count)s existing file(s) "
                                  "(%(shown)s); move them away or choose another folder"),
                               dest=dest, count=len(clashes), shown=shown)
    if dry_run:
        return NewKit(dest, files, answers, source.src_path, version, blanks, notes,
                      dry_run=True)
    commit: str | None = None
    if dest.exists() and inside_work_tree(dest):
        notes = (*notes, f"{dest} is already in a git repository: commit the kit files "
                         "yourself (git add . && git commit) before `boxkit update`.")
    else:
        commit = init_and_commit(staging, f"Start the kit for {answers.chapter_name} "
                                          f"(boxkit template {version or 'unversioned'})")
    _move_into_place(staging, dest, keep_git=commit is not None)
    return NewKit(dest, files, answers, source.src_path, version, blanks, notes, commit)


def _existing_parent(dest: Path) -> Path:
    parent = dest.parent
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise DestinationError(N_("%(parent)s: cannot write here (permission denied)"),
                               parent=parent)
    return parent


def _check_destination(dest: Path, *, force: bool) -> None:
    if dest.is_symlink() and not dest.exists():
        raise DestinationError(N_("%(dest)s: is a broken symbolic link"), dest=dest)
    if not dest.exists():
        for parent in dest.parents:
            if parent.exists() and not parent.is_dir():
                raise DestinationError(N_("%(path)s: is a file, not a folder"), path=parent)
        return
    if not dest.is_dir():
        raise DestinationError(N_("%(path)s: is a file, not a folder"), path=dest)
    if any(dest.iterdir()) and not force:
        raise DestinationError(N_("%(dest)s: folder is not empty; choose a new folder, or "
                                  "pass --force to add the kit to it"), dest=dest)


def _render(source: TemplateSource, staging: Path, answers: Answers, *, trust: bool
            ) -> tuple[str, ...]:
    """Render boxkit's own template at ``source``'s version into ``staging``.

    It renders from the version's checkout (:func:`bundled_checkout`) rather than letting
    Copier clone the bundle and check it out again for every kit, then records the bundle
    and version in the answers file exactly as ``copier copy`` of the bundle does, so that
    ``boxkit update`` and ``copier update`` see no difference. Returns notes for the user.
    """
    import copier

    checkout = bundled_checkout(source)
    data = answers.as_data()
    with copier_errors(source.src_path, lambda reason: TemplateError(
            N_("%(label)s: could not render the kit (%(reason)s)"), label=source.src_path,
            reason=reason), writing=staging), kit_tree(checkout, data) as tree:
        worker = copier.run_copy(str(tree), staging, data=data, defaults=True, quiet=True,
                                 unsafe=trust, cleanup_on_error=True, overwrite=True)
        # Recorded as a render of the bundle records it, for boxkit and Copier to update.
        answers_file = staging / worker.answers_relpath
        if not repoint_answers(answers_file, {"_src_path": str(tree)},
                               {"_commit": checkout.commit, "_src_path": source.src_path}):
            raise TemplateError(N_("%(label)s: could not record the template's version in "
                                   "%(file)s"), label=source.src_path, file=answers_file.name)
    check_contained(staging, source.src_path)
    return (checkout.note,) if checkout.note else ()


def _render_outside(template: str, staging: Path, answers: Answers, *, trust: bool,
                    extra: Mapping[str, Any] | None, ask: bool) -> None:
    """A template from elsewhere: checked for code it wants to run, then rendered."""
    from boxkit._sources import check_trust, open_source, render_cookiecutter, render_copier

    with open_source(template) as source:
        check_trust(source, trust=trust)
        if source.kind == "cookiecutter":
            render_cookiecutter(source, staging, answers, trust=trust, ask=ask, extra=extra)
        else:
            render_copier(source, staging, answers, trust=trust, ask=ask, extra=extra)
    check_contained(staging, template)


def _recorded_version(root: Path) -> str | None:
    try:
        commit = read_answers(root).get("_commit")
    except KitError:  # a template with no answers file records no version
        return None
    return str(commit) if commit else None


def _move_into_place(staging: Path, dest: Path, *, keep_git: bool) -> None:
    """Move the kit into ``dest``: renamed whole when ``dest`` does not exist; otherwise
    file by file into the existing folder, which keeps its mode, owner and any link."""
    if not dest.exists() and not dest.is_symlink():
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, dest)
        return
    for path in sorted(staging.rglob("*")):
        rel = path.relative_to(staging)
        if rel.parts[0] == ".git":
            continue
        target = dest / rel
        if path.is_dir() and not path.is_symlink():
            target.mkdir(exist_ok=True)
        else:
            os.replace(path, target)
    if keep_git:
        os.replace(staging / ".git", dest / ".git")
