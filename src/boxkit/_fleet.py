"""Kits that keep themselves current on GitHub.

A kit's update workflow (``.github/workflows/boxkit-update.yml``, run weekly) calls
``boxkit update --no-input --hold-back .github/workflows --report FILE`` on a branch and
opens one pull request from what the report holds: :func:`pull_request` writes its title,
body and labels in the kit's first language, from the versions, the maintainers' changelog
(translated like the kit), the changed files and the conflicts. GitHub's built-in token
may not change workflow files, so :func:`hold_back` leaves them as they are and the pull
request lists them for the chapter to update by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from boxkit._git import git
from boxkit._i18n import N_, translator
from boxkit._kitdir import read_answers
from boxkit._update import KeptEdit, UpdateResult
from boxkit.errors import KitError

LABEL = "boxkit-update"
CONFLICT_LABEL = "boxkit-conflicts"
SHOWN_FILES = 60
"""A pull request lists this many changed files at most (GitHub shows the rest)."""


@dataclass(frozen=True)
class PullRequest:
    title: str
    body: str
    labels: tuple[str, ...]


def kit_language(kit: Path) -> str:
    """The kit's first language, which its pull requests are written in."""
    locales = read_answers(kit).get("locales") or ["en"]
    return str(locales[0])


@cache
def _kit_lookup(code: str) -> Callable[[str], str | None]:
    """The kit catalog's translations for ``code`` (the changelog is translated there)."""
    from boxkit._i18n import SOURCE_LOCALE
    from boxkit._localise import kit_lookup
    from boxkit._resources import Paths

    if code == SOURCE_LOCALE:  # the changelog is written in it
        return lambda text: None
    return kit_lookup(code, Paths.bundled())


def change_text(change: str, code: str) -> str:
    """One line of the maintainers' changelog in ``code`` (English when not translated)."""
    return _kit_lookup(code)(change) or change


def explain(kept: KeptEdit, say: Callable[[str], str]) -> str:
    """One line on a file the chapter edited and a release moved or removed."""
    values = {"was": kept.was, "path": kept.path, "to": kept.moved_to,
              "version": kept.version}
    if kept.carried and kept.conflicts:
        return say(N_("%(was)s → %(path)s: moved by the template in %(version)s; your edits "
                      "were carried over with conflicts to resolve")) % values
    if kept.carried:
        return say(N_("%(was)s → %(path)s: moved by the template in %(version)s; your edits "
                      "were carried over (check them)")) % values
    if kept.moved_to:
        return say(N_("%(was)s: moved by the template in %(version)s to %(to)s, but your "
                      "edits could not be merged into it; your edited copy is kept — move "
                      "your edits by hand, delete it, then commit")) % values
    return say(N_("%(was)s: removed from the template in %(version)s; your edited copy is "
                  "kept — keep or delete it, then commit")) % values


def hold_back(kit: Path, result: UpdateResult, prefixes: Sequence[str]) -> UpdateResult:
    """Undo what the update changed under ``prefixes`` (folders such as
    ``.github/workflows``), and return the result with those files in ``held_back``."""
    wanted = tuple(p.rstrip("/") + "/" for p in prefixes if p.strip("/"))
    if not wanted or result.dry_run:
        return result
    held = [name for name in result.changed if name.startswith(wanted)]
    tracked = set(git(["ls-files", "--", *wanted], cwd=kit).splitlines())
    for name in held:
        if name in tracked:
            git(["checkout", "HEAD", "--", name], cwd=kit)
        else:
            (kit / name).unlink(missing_ok=True)
    return replace(result, changed=tuple(n for n in result.changed if n not in held),
                   conflicts=tuple(n for n in result.conflicts if n not in held),
                   held_back=tuple(held))


def pull_request(result: UpdateResult, code: str) -> PullRequest:
    """The pull request for ``result``, written in ``code``."""
    say = translator(code)
    values = {"old": result.old_version.removeprefix("v"),
              "new": result.new_version.removeprefix("v")}
    if result.old_version != result.new_version:
        title = say(N_("Update the kit to template %(new)s")) % values
        intro = say(N_("This pull request brings version %(new)s of the boxkit template into "
                       "the kit, which was made with version %(old)s. Your own edits are "
                       "kept. It was opened by the kit's update workflow, and it is "
                       "refreshed when a newer version comes out.")) % values
    else:
        keys = ", ".join(result.changed_answers)
        title = say(N_("Render the kit again with new answers: %(keys)s")) % {"keys": keys}
        intro = title
    lines = [intro, ""]
    if result.changelog:
        lines += ["## " + say(N_("What changed")), ""]
        for entry in result.changelog:
            lines += [f"### {entry.version.removeprefix('v')}", ""]
            lines += [f"- {change_text(change, code)}" for change in entry.changes]
            lines.append("")
    if result.conflicts:
        explained = {k.path: k for k in result.kept_edits}
        heading = say(N_("Conflicts to resolve (%(count)d)")) % {"count": len(result.conflicts)}
        how = say(N_("Your edits and the new template changed the same lines of these files. "
                     "Both versions are in each file, between the <<<<<<< and >>>>>>> markers: "
                     "keep the text you want, delete the markers, and commit to this branch "
                     "before you merge."))
        lines += [f"## {heading}", "", how, ""]
        lines += [f"- `{name}`" + (f": {explain(explained[name], say)}"
                                   if name in explained else "")
                  for name in result.conflicts]
        lines.append("")
    if result.held_back:
        lines += ["## " + say(N_("Workflow files to update by hand")), "",
                  say(N_("The new template also changes these files, but GitHub does not let "
                         "a workflow change workflow files. Run `boxkit update` on your own "
                         "computer to bring them in, or copy them from a kit made with the new "
                         "version.")), ""]
        lines += [f"- `{name}`" for name in result.held_back]
        lines.append("")
    changed = [name for name in result.changed if name not in result.conflicts]
    if changed:
        lines += ["## " + say(N_("Files changed (%(count)d)")) % {"count": len(changed)}, ""]
        lines += [f"- `{name}`" for name in changed[:SHOWN_FILES]]
        if len(changed) > SHOWN_FILES:
            lines.append("- " + say(N_("and %(count)d more")) % {
                "count": len(changed) - SHOWN_FILES})
        lines.append("")
    lines += ["## " + say(N_("Before you merge")), "",
              "- [ ] " + say(N_("Read what changed, and check the files you had edited.")),
              "- [ ] " + say(N_("Search the kit for FILL IN: a new version can add a blank to "
                                "fill.")),
              "- [ ] " + say(N_("Merge when you are happy; the next update starts from what "
                                "you merge.")), ""]
    labels = (LABEL, CONFLICT_LABEL) if result.conflicts else (LABEL,)
    return PullRequest(title, "\n".join(lines).rstrip() + "\n", labels)


def report(result: UpdateResult, exit_status: int) -> dict[str, Any]:
    """What ``boxkit update --report FILE`` writes: the result, the exit status and the pull
    request in the kit's language."""
    request = pull_request(result, kit_language(result.kit))
    return {**result.as_json(), "exit_status": exit_status,
            "pull_request": {"title": request.title, "body": request.body,
                             "labels": list(request.labels)}}


def write_report(path: Path, result: UpdateResult, exit_status: int) -> None:
    """Write :func:`report` as JSON to ``path``."""
    import json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report(result, exit_status), ensure_ascii=False, indent=1)
                        + "\n", encoding="utf-8")
    except OSError as error:
        raise KitError(N_("%(path)s: cannot write the report (%(reason)s)"), path=path,
                       reason=error.strerror or str(error)) from None
