"""``boxkit add``: a template from elsewhere rendered into a kit, recorded and committed."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boxkit._git import git
from boxkit._kitdir import ADDONS_FILE, Addon, read_addons, recorded_answers, write_addons
from boxkit._render import check_contained, kit_files
from boxkit._scratch import scratch, stop_on_sigterm, sweep
from boxkit._sources import (
    check_trust,
    copier_answers_file,
    open_source,
    recorded_source,
    render_cookiecutter,
    render_copier,
)
from boxkit.errors import N_, BoxkitError, DestinationError


@dataclass(frozen=True)
class AddResult:
    addon: Addon
    files: tuple[str, ...]
    commit: str | None


def add_template(src: str, *, kit: Path | str = ".", into: str | None = None,
                 trust: bool = False, ask: bool = False, ref: str | None = None,
                 extra: Mapping[str, Any] | None = None) -> AddResult:
    """``boxkit add``: render ``src`` (at version ``ref``) into a folder of an existing kit,
    with the chapter's answers and ``extra`` answers to its own questions, and commit it."""
    kit = Path(kit).expanduser().resolve()
    answers = recorded_answers(kit)
    sweep(kit)
    with stop_on_sigterm(), open_source(src, ref=ref) as source:
        check_trust(source, trust=trust)
        folder = into or f"addons/{source.name}"
        target = (kit / folder).resolve()
        if not target.is_relative_to(kit) or target == kit:
            raise DestinationError(N_("--into %(folder)s: must be a folder inside the kit"),
                                   folder=folder)
        if target.exists() and any(target.iterdir()):
            raise DestinationError(N_("%(target)s: folder is not empty; choose another --into"),
                                   target=target)
        rel = target.relative_to(kit).as_posix()
        with scratch("add", kit, hidden=True) as tmp:
            staging = Path(tmp) / "addon"
            if source.kind == "copier":
                render_copier(source, staging, answers, trust=trust, ask=ask, extra=extra,
                              ref=ref)
                answers_file = copier_answers_file(source)
            else:
                render_cookiecutter(source, staging, answers, trust=trust, ask=ask,
                                    extra=extra)
                answers_file = None
            check_contained(staging, src)
            files = tuple(f"{rel}/{name}" for name in kit_files(staging))
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.rmdir()
            shutil.move(str(staging), str(target))
        addon = Addon(source.name, rel, source.kind, recorded_source(src), answers_file,
                      trusted=trust)
    write_addons(kit, [a for a in read_addons(kit) if a.path != rel] + [addon])
    commit = None
    try:
        git(["add", "--", rel, ADDONS_FILE], cwd=kit)
        from boxkit._git import identity_env

        git(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m",
             f"Add {addon.name} ({addon.kind} template) into {rel}"], cwd=kit,
            env=identity_env(kit))
        commit = git(["rev-parse", "HEAD"], cwd=kit).strip()
    except BoxkitError:
        commit = None
    return AddResult(addon, files, commit)
