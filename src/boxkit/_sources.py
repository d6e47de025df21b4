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
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from boxkit._answers import Answers
from boxkit._git import git
from boxkit._i18n import N_
from boxkit._kitdir import ADDONS_FILE, Addon, read_addons, recorded_answers, write_addons
from boxkit._render import check_contained, copier_errors, first_line, kit_files
from boxkit._scratch import scratch, stop_on_sigterm, sweep
from boxkit.errors import BoxkitError, DestinationError, TemplateError, UntrustedTemplateError

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
    _within_limits(source, dest, lambda: _cookiecutter(source, dest, data, trust=trust,
                                                        ask=ask), trust=trust)


def _cookiecutter(source: Source, dest: Path, data: dict[str, Any], *, trust: bool,
                  ask: bool) -> None:
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.main import cookiecutter
    from jinja2 import TemplateError as JinjaError

    with scratch("cookiecutter") as tmp:
        work = Path(tmp)
        config = work / "config.yml"
        config.write_text(yaml.safe_dump({"cookiecutters_dir": str(work / "clones"),
                                          "replay_dir": str(work / "replay")}))
        out = work / "out"
        out.mkdir()
        try:
            with _guarded(out, sandbox=not trust):
                made = cookiecutter(str(source.root), no_input=not ask, extra_context=data,
                                    output_dir=str(out), config_file=str(config),
                                    accept_hooks=trust)
        except TemplateError as error:
            raise TemplateError(N_("%(src)s: %(error)s"), src=source.src, error=error) from None
        except (CookiecutterException, JinjaError, ValueError, OSError) as error:
            raise TemplateError(N_("%(src)s: could not render (%(reason)s)"), src=source.src,
                                reason=first_line(error)) from None
        made_path = Path(made).resolve()
        if not made_path.is_relative_to(out.resolve()):
            raise TemplateError(N_("%(src)s: wrote outside its output folder; refusing it"),
                                src=source.src)
        check_contained(made_path, source.src)
        shutil.copytree(made_path, dest, symlinks=True)


_WRAPPED = {
    "render_and_create_dir": ("dirname", "context", "output_dir", "environment",
                              "overwrite_if_exists"),
    "generate_file": ("project_dir", "infile", "context", "env", "skip_if_file_exists"),
}


def check_cookiecutter_internals() -> None:
    """Refuse to run when the installed cookiecutter is not the one boxkit's guard fits.

    Cookiecutter has no sandbox or path fence of its own, so boxkit wraps two of its
    functions and swaps its Jinja environment while it runs (:func:`_guarded`). A release
    that renamed or reshaped them would silently bypass the guard; this makes it an error
    instead.
    """
    import inspect

    import cookiecutter.generate as cc_generate
    import cookiecutter.utils as cc_utils

    problems = []
    for name, expected in _WRAPPED.items():
        function = getattr(cc_generate, name, None)
        if function is None:
            problems.append(f"generate.{name} is gone")
            continue
        found = tuple(inspect.signature(function).parameters)
        if found != expected:
            problems.append(f"generate.{name}{found} changed")
        if name not in cc_generate.generate_files.__code__.co_names:
            problems.append(f"generate_files no longer calls {name}")
    create = getattr(cc_utils, "create_env_with_context", None)
    if create is None or "StrictEnvironment" not in create.__code__.co_names:
        problems.append("utils.create_env_with_context no longer builds StrictEnvironment")
    if problems:
        from cookiecutter import __version__ as found_version

        raise TemplateError(N_("cookiecutter %(version)s is not supported for rendering "
                               "templates safely (%(problems)s); install a version boxkit "
                               "supports (see pyproject.toml)"),
                            version=found_version, problems="; ".join(problems))


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


@contextlib.contextmanager
def _guarded(out: Path, *, sandbox: bool) -> Iterator[None]:
    """While cookiecutter runs: refuse any folder or file name that renders to a path
    outside ``out`` before it is created, and, for untrusted templates, build its Jinja
    environments sandboxed so that template text cannot reach Python."""
    import cookiecutter.generate as cc_generate
    import cookiecutter.utils as cc_utils
    from cookiecutter.environment import ExtensionLoaderMixin
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    root = out.resolve()

    def inside(base: Any, name: str, env: Any, context: dict[str, Any]) -> None:
        rendered = env.from_string(name).render(**context)
        target = Path(base, rendered).resolve()
        if not target.is_relative_to(root):
            raise TemplateError(N_("%(name)r renders to %(rendered)r, outside the "
                                   "destination; refusing the template"),
                                name=name, rendered=rendered)

    original_dir, original_file = cc_generate.render_and_create_dir, cc_generate.generate_file

    def render_and_create_dir(dirname: str, context: dict[str, Any], output_dir: Any,
                              environment: Any, overwrite_if_exists: bool = False) -> Any:
        inside(output_dir, dirname, environment, context)
        return original_dir(dirname, context, output_dir, environment, overwrite_if_exists)

    def generate_file(project_dir: str, infile: str, context: dict[str, Any], env: Any,
                      skip_if_file_exists: bool = False) -> None:
        inside(project_dir, infile, env, context)
        original_file(project_dir, infile, context, env, skip_if_file_exists)

    class SandboxedStrictEnvironment(ExtensionLoaderMixin, SandboxedEnvironment):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(undefined=StrictUndefined, **kwargs)

    original_env = cc_utils.StrictEnvironment
    cc_generate.render_and_create_dir = render_and_create_dir
    cc_generate.generate_file = generate_file
    if sandbox:
        cc_utils.StrictEnvironment = SandboxedStrictEnvironment
    try:
        yield
    finally:
        cc_generate.render_and_create_dir = original_dir
        cc_generate.generate_file = original_file
        cc_utils.StrictEnvironment = original_env


# --- boxkit add -------------------------------------------------------------------------


def recorded_source(src: str) -> str:
    """``src`` as an add-on records it: a local path made absolute, a URL as it is."""
    path = Path(src).expanduser()
    return str(path.resolve()) if path.exists() else src


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
