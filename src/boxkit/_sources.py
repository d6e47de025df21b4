"""Templates from the wider ecosystem: any Copier or cookiecutter template, safely.

- A source is a folder, a git path or URL, or a git bundle. It is a cookiecutter template
  when it has ``cookiecutter.json``, a Copier template when it has ``copier.yml``.
- The chapter's answers fill the template's variables where the names match
  (:func:`variables`, documented in docs/templates.md); other variables are asked, or
  take their defaults.
- Nothing a template wants to run runs without ``trust``: Copier's ``_tasks``,
  ``_migrations`` and ``_jinja_extensions``, cookiecutter's hooks and ``_extensions``.
  Without trust boxkit names what the template wanted and writes nothing. Cookiecutter
  renders with a plain Jinja environment, in which template text can reach Python; boxkit
  renders untrusted cookiecutter templates in Jinja's sandbox instead.
- Output is rendered in a staging folder and checked before anything moves into the kit:
  no path (or link) may lead outside it, and no existing file is replaced.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit._answers import Answers
from boxkit._cookiecutter import check_cookiecutter_internals, render_into
from boxkit._git import git
from boxkit._i18n import N_
from boxkit._render import copier_errors, first_line
from boxkit._scratch import scratch
from boxkit.errors import BoxkitError, TemplateError, UntrustedTemplateError

COPIER_UNSAFE = ("_tasks", "_migrations", "_jinja_extensions")
HOOKS = ("pre_prompt", "pre_gen_project", "post_gen_project")


def variables(answers: Answers) -> dict[str, Any]:
    """The chapter's answers under the names templates commonly use (docs/templates.md)."""
    slug = re.sub(r"[^a-z0-9]+", "-", answers.chapter_name.casefold()).strip("-") or "chapter"
    data = answers.as_data()
    return {
        **data,
        "chapter_slug": slug,
        "project_name": answers.chapter_name,
        "name": answers.chapter_name,
        "locale": answers.primary_locale,
        "language": answers.primary_locale.split("_")[0],
        "email": answers.contact_email,
        "author_email": answers.contact_email,
        "url": answers.website_url,
        "city": answers.event_city,
        "venue": answers.event_venue,
    }




@dataclass(frozen=True)
class Source:
    """A template source, looked at locally."""

    src: str
    kind: str
    """``copier`` or ``cookiecutter``."""
    root: Path
    """A local checkout of it (the folder itself, or a temporary clone)."""

    @property
    def name(self) -> str:
        base = self.src.rstrip("/").split("/")[-1].split(":")[-1]
        base = re.sub(r"\.(git|bundle)$", "", base)
        return re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or "addon"


def _looks_remote(src: str) -> bool:
    return bool(re.match(r"^(https?|ssh|git|file)://|^[\w.-]+@[\w.-]+:", src))


@contextlib.contextmanager
def open_source(src: str, *, ref: str | None = None) -> Iterator[Source]:
    """Look at ``src`` locally: a folder as is, anything else (or any version ``ref`` of
    it) cloned into a temporary folder, removed afterwards."""
    path = Path(src).expanduser()
    if not path.exists() and not _looks_remote(src):
        raise TemplateError(N_("%(src)s: no such folder or file, and not a git URL"), src=src)
    with scratch("source") as tmp:
        markers = ("copier.yml", "copier.yaml", "cookiecutter.json")
        if ref is None and path.is_dir() and (
                any((path / marker).is_file() for marker in markers)
                or not (path / ".git").exists()):
            root = path.resolve()
        else:
            root = Path(tmp) / "src"
            try:
                git(["clone", "--quiet", str(path.resolve()) if path.exists() else src,
                     str(root)],
                    cwd=Path(tmp))
                if ref is not None:
                    git(["checkout", "--quiet", ref, "--"], cwd=root)
            except BoxkitError as error:
                reason = error.values.get("detail", error)  # git's own words, when it ran
                if ref:
                    raise TemplateError(N_("%(src)s: cannot read version %(ref)s of the "
                                           "template (%(reason)s)"),
                                        src=src, ref=ref, reason=reason) from None
                raise TemplateError(N_("%(src)s: cannot read the template (%(reason)s)"),
                                    src=src, reason=reason) from None
        if (root / "cookiecutter.json").is_file():
            kind = "cookiecutter"
        elif (root / "copier.yml").is_file() or (root / "copier.yaml").is_file():
            kind = "copier"
        else:
            raise TemplateError(N_("%(src)s: neither a Copier template (copier.yml) nor a "
                                   "cookiecutter template (cookiecutter.json)"), src=src)
        yield Source(src, kind, root)


def unsafe_features(source: Source) -> list[str]:
    """What the template would run, in words for the user; empty when it runs nothing."""
    found: list[str] = []
    if source.kind == "copier":
        config = copier_config(source)
        for key in COPIER_UNSAFE:
            value = config.get(key)
            if value:
                found.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
    else:
        context = _cookiecutter_json(source)
        hooks = source.root / "hooks"
        for hook in sorted(hooks.iterdir()) if hooks.is_dir() else []:
            if hook.stem in HOOKS:
                found.append(f"hook {hook.name}")
        if context.get("_extensions"):
            found.append(f"_extensions: {json.dumps(context['_extensions'])}")
    return found


def _cookiecutter_json(source: Source) -> dict[str, Any]:
    path = source.root / "cookiecutter.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise TemplateError(N_("%(path)s: not valid JSON (%(reason)s)"), path=path,
                            reason=str(error)) from None
    if not isinstance(data, dict):
        raise TemplateError(N_("%(path)s: must be a JSON object"), path=path)
    return data


def check_trust(source: Source, *, trust: bool) -> None:
    """Refuse a template that wants to run code unless the user trusts it."""
    wanted = unsafe_features(source)
    if wanted and not trust:
        raise UntrustedTemplateError(
            N_("%(src)s wants to run code: %(wanted)s. Nothing was run or written; pass "
               "--trust only if you trust its author"), src=source.src, wanted="; ".join(wanted))


def copier_config(source: Source) -> dict[str, Any]:
    """The template's copier.yml (or copier.yaml) as data."""
    path = next(p for p in (source.root / "copier.yml", source.root / "copier.yaml")
                if p.is_file())
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise TemplateError(N_("%(path)s: not valid YAML (%(reason)s)"), path=path,
                            reason=first_line(error)) from None
    if not isinstance(config, dict):
        raise TemplateError(N_("%(path)s: must be a mapping of questions and settings"),
                            path=path)
    return config


def copier_answers_file(source: Source) -> str:
    return str(copier_config(source).get("_answers_file", ".copier-answers.yml"))


REQUIRED = object()
"""The default of a Copier question that has none: it must be answered."""


def template_questions(source: Source) -> dict[str, Any]:
    """The template's own variables and their defaults (:data:`REQUIRED` for a Copier
    question without one)."""
    if source.kind == "cookiecutter":
        return {k: v for k, v in _cookiecutter_json(source).items() if not k.startswith("_")}
    found = {}
    for key, spec in copier_config(source).items():
        if key.startswith("_"):
            continue
        if isinstance(spec, dict):
            found[key] = spec.get("default", REQUIRED) if spec.get("when") is not False \
                else spec.get("default")
        else:  # `key: value` is a question whose default is the value
            found[key] = spec
    return found


def fill(source: Source, answers: Answers, extra: Mapping[str, Any] | None = None, *,
         ask: bool = False) -> dict[str, Any]:
    """What to pass to the template: the chapter's answers under the names it asks for,
    only where they have a value, then the user's answers to its own questions (``extra``,
    from ``-d`` or an answers file), which win.

    Raises a one-line :class:`TemplateError` for an answer the template does not ask for,
    and, without ``ask``, for each question the template requires that nothing answered.
    """
    questions = template_questions(source)
    extra = dict(extra or {})
    unknown = sorted(set(extra) - set(questions))
    if unknown:
        if not questions:
            raise TemplateError(N_("%(src)s: unknown answer(s) %(unknown)s: neither a chapter "
                                   "answer nor a question of this template (it asks nothing)"),
                                src=source.src, unknown=", ".join(unknown))
        raise TemplateError(N_("%(src)s: unknown answer(s) %(unknown)s: neither a chapter "
                               "answer nor a question of this template (it asks %(asks)s)"),
                            src=source.src, unknown=", ".join(unknown),
                            asks=", ".join(sorted(questions)))
    # Only answers with a value; and no project_slug: templates derive it from the name
    # in their own way (often as an identifier) unless the user gives it in ``extra``.
    offered = {key: value for key, value in variables(answers).items()
               if value not in ("", None, (), [])}
    data = {key: offered[key] for key in questions if key in offered}
    data.update(extra)
    missing = [key for key, default in questions.items()
               if default is REQUIRED and key not in data]
    if missing and not ask:
        how = " ".join(f"-d {key}=…" for key in missing)
        raise TemplateError(N_("%(src)s: needs an answer to %(missing)s; pass %(how)s (or run "
                               "without --no-input to be asked)"),
                            src=source.src, missing=", ".join(missing), how=how)
    return data


# --- rendering ----------------------------------------------------------------------------


def render_copier(source: Source, dest: Path, answers: Answers, *, trust: bool,
                  ask: bool, answers_file: str | None = None,
                  extra: Mapping[str, Any] | None = None, ref: str | None = None) -> None:
    """Render a Copier template into ``dest`` (a fresh folder) with the chapter's answers
    and ``extra`` answers to its own questions, at version ``ref`` (Copier's choice when
    not given: the newest release tag)."""
    import copier

    check_links(source)
    data = fill(source, answers, extra, ask=ask)

    def render() -> None:
        with copier_errors(source.src, lambda reason: TemplateError(
                N_("%(label)s: could not render (%(reason)s)"), label=source.src,
                reason=reason), writing=dest):
            copier.run_copy(recorded_source(source.src), dest, data=data,
                            defaults=not ask, quiet=True,
                            unsafe=trust, cleanup_on_error=True, overwrite=True,
                            answers_file=Path(answers_file) if answers_file else None,
                            vcs_ref=ref)

    _within_limits(source, dest, render, trust=trust)


def _within_limits(source: Source, dest: Path, render: Callable[[], None], *,
                   trust: bool) -> None:
    """Trusted templates render here; untrusted ones in a child process with limits on
    time, memory and output (:mod:`boxkit._contain`)."""
    if trust:
        render()
        return
    from boxkit._contain import run_contained

    run_contained(source.src, render, dest)


def render_cookiecutter(source: Source, dest: Path, answers: Answers, *, trust: bool,
                        ask: bool, extra: Mapping[str, Any] | None = None) -> None:
    """Render a cookiecutter template; its one top folder's contents become ``dest``.

    Replay files and clones go to a temporary config, never the user's home; untrusted
    templates render in Jinja's sandbox with hooks off.
    """
    check_cookiecutter_internals()
    check_links(source)
    data = fill(source, answers, extra, ask=ask)
    _within_limits(source, dest, lambda: render_into(source.root, source.src, dest, data,
                                                      trust=trust, ask=ask), trust=trust)


def check_links(source: Source) -> None:
    """Refuse a template with a symbolic link that leads outside it: a renderer would copy
    the target's contents (say, ``~/.ssh/id_rsa``) into the kit."""
    root = source.root.resolve()
    for path in source.root.rglob("*"):
        if ".git" in path.relative_to(source.root).parts or not path.is_symlink():
            continue
        if not path.resolve().is_relative_to(root):
            raise TemplateError(N_("%(src)s: %(path)s is a link to a file outside the "
                                   "template; refusing the template"),
                                src=source.src, path=path.relative_to(source.root))


def recorded_source(src: str) -> str:
    """``src`` as an add-on records it: a local path made absolute, a URL as it is."""
    path = Path(src).expanduser()
    return str(path.resolve()) if path.exists() else src
