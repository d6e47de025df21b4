"""The bundled kit template as a versioned, updatable Copier source.

Copier can only update a kit whose template is a git repository or bundle with PEP 440
tags. boxkit ships its template as a plain folder and turns it into a git bundle under
the user's data folder, one commit and one ``v<version>`` tag per boxkit version, keeping
the versions built before. Kits record the bundle as ``~/.local/share/boxkit/kit.bundle``
(with the ``~``), so the same answers file resolves on any machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from boxkit import __version__
from boxkit._git import git
from boxkit._resources import default_template_dir

BUNDLE_NAME = "kit.bundle"
_HOME_DATA = "~/.local/share/boxkit"


@dataclass(frozen=True)
class TemplateSource:
    """What Copier is given as ``src_path``, and the folder the bundle was built from."""

    src_path: str
    version: str | None
    folder: Path | None


def data_dir() -> tuple[Path, str]:
    """The folder holding the bundle, and how kits should record it.

    ``BOXKIT_DATA_DIR`` overrides the location (tests, shared machines); kits then
    record that absolute path.
    """
    override = os.environ.get("BOXKIT_DATA_DIR")
    if override:
        path = Path(override).expanduser().resolve()
        return path, str(path)
    return Path(_HOME_DATA).expanduser(), _HOME_DATA


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if "__pycache__" in rel:
            continue
        sha.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def bundled_template(version: str = __version__) -> TemplateSource:
    """Return the bundled template as a git bundle tagged ``v<version>``, building it if
    the bundle is missing or was built from different template files."""
    folder = default_template_dir()
    directory, recorded = data_dir()
    bundle = directory / BUNDLE_NAME
    stamp = directory / f"{BUNDLE_NAME}.json"
    digest = _digest(folder)
    try:
        current = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    if not (bundle.is_file() and current.get(version) == digest):
        _build_bundle(folder, bundle, version)
        current[version] = digest
        stamp.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    return TemplateSource(f"{recorded}/{BUNDLE_NAME}", version, folder)


def _build_bundle(folder: Path, bundle: Path, version: str) -> None:
    """Add ``folder`` as a commit tagged ``v<version>`` on top of the existing bundle."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="boxkit-bundle-") as tmp:
        repo = Path(tmp) / "kit"
        repo.mkdir()
        env = {"GIT_AUTHOR_NAME": "boxkit", "GIT_AUTHOR_EMAIL": "boxkit@localhost",
               "GIT_COMMITTER_NAME": "boxkit", "GIT_COMMITTER_EMAIL": "boxkit@localhost"}
        git(["init", "--quiet", "--initial-branch=main"], cwd=repo)
        if bundle.is_file():
            try:
                git(["fetch", "--quiet", "--tags", str(bundle), "main:main"], cwd=repo)
                git(["checkout", "--quiet", "main"], cwd=repo)
            except Exception:  # an unreadable bundle is rebuilt from scratch
                shutil.rmtree(repo)
                repo.mkdir()
                git(["init", "--quiet", "--initial-branch=main"], cwd=repo)
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(folder, repo, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        git(["add", "--all"], cwd=repo)
        git(["commit", "--quiet", "--allow-empty", "--no-verify", "--no-gpg-sign",
             "-m", f"boxkit kit template {version}"], cwd=repo, env=env)
        git(["tag", "--force", f"v{version}"], cwd=repo)
        partial = bundle.with_suffix(".partial")
        git(["bundle", "create", "--quiet", str(partial), "--all"], cwd=repo)
        os.replace(partial, bundle)
