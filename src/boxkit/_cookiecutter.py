"""Cookiecutter, contained: the two ways boxkit guards it.

Cookiecutter has no sandbox and no path fence of its own. While it renders, boxkit wraps
two of its functions so that a file or folder name that renders to a path outside the
output is refused before it is created, and, for an untrusted template, swaps its Jinja
environment for Jinja's sandbox (:func:`_guarded`). Those are cookiecutter internals, so
:func:`check_cookiecutter_internals` refuses to render when a cookiecutter release has
changed them, rather than render unguarded (pyproject bounds the version too).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from boxkit._render import check_contained, first_line
from boxkit._scratch import scratch
from boxkit.errors import N_, TemplateError


def render_into(root: Path, src: str, dest: Path, data: dict[str, Any], *, trust: bool,
                ask: bool) -> None:
    """Render the cookiecutter template at ``root`` into ``dest`` (its one top folder's
    contents), guarded; replay files and clones go to a scratch folder."""
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
                made = cookiecutter(str(root), no_input=not ask, extra_context=data,
                                    output_dir=str(out), config_file=str(config),
                                    accept_hooks=trust)
        except TemplateError as error:
            raise TemplateError(N_("%(src)s: %(error)s"), src=src, error=error) from None
        except (CookiecutterException, JinjaError, ValueError, OSError) as error:
            raise TemplateError(N_("%(src)s: could not render (%(reason)s)"), src=src,
                                reason=first_line(error)) from None
        made_path = Path(made).resolve()
        if not made_path.is_relative_to(out.resolve()):
            raise TemplateError(N_("%(src)s: wrote outside its output folder; refusing it"),
                                src=src)
        check_contained(made_path, src)
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
