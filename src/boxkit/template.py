"""The bundled kit template as a versioned, updatable Copier source.

Copier can only update a kit whose template is a git repository or bundle with PEP 440
tags. boxkit ships its template as a plain folder plus ``templates/kit-history.bundle``,
a git bundle holding every *released* template version (one ``v<version>`` tag each,
written by :func:`release_history` when maintainers release). At run time boxkit builds
the user's bundle (``~/.local/share/boxkit/kit.bundle``) from that history, the versions
it built before, and the current folder tagged with the current version. Kits record the
bundle path with the ``~``, so ``boxkit update`` works on any machine, offline.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import boxkit
from boxkit._git import git
from boxkit._resources import data_path, default_template_dir
from boxkit.errors import GitError, TemplateError

BUNDLE_NAME = "kit.bundle"
HISTORY_NAME = "kit-history.bundle"
_HOME_DATA = "~/.local/share/boxkit"
_IDENTITY = {"GIT_AUTHOR_NAME": "boxkit", "GIT_AUTHOR_EMAIL": "boxkit@localhost",
             "GIT_COMMITTER_NAME": "boxkit", "GIT_COMMITTER_EMAIL": "boxkit@localhost",
             # Fixed dates: the same template content gives the same commit everywhere.
             "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
             "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}


@dataclass(frozen=True)
class TemplateSource:
    """What Copier is given as ``src_path``, and the version to render."""

    src_path: str
    version: str | None

    @property
    def ref(self) -> str | None:
        return f"v{self.version}" if self.version else None


def current_version() -> str:
    """The template version this boxkit renders (its own version)."""
    return os.environ.get("BOXKIT_TEMPLATE_VERSION") or boxkit.__version__


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


def is_bundled_source(src_path: str) -> bool:
    """True when a kit's ``_src_path`` is boxkit's own bundle (here or on any machine)."""
    recorded = data_dir()[1]
    return src_path in (f"{recorded}/{BUNDLE_NAME}", f"{_HOME_DATA}/{BUNDLE_NAME}")


def history_path() -> Path:
    return data_path("templates") / HISTORY_NAME


def _digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if "__pycache__" in rel:
            continue
        sha.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def bundled_template(version: str | None = None) -> TemplateSource:
    """Return the bundled template as a git bundle holding ``v<version>`` and every
    released version, building it when something it is made from changed."""
    version = version or current_version()
    folder = default_template_dir()
    directory, recorded = data_dir()
    bundle = directory / BUNDLE_NAME
    stamp = directory / f"{BUNDLE_NAME}.json"
    history = history_path()
    key = _digest(folder) + (hashlib.sha256(history.read_bytes()).hexdigest()
                             if history.is_file() else "")
    try:
        current = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        current = {}
    if not (bundle.is_file() and current.get(version) == key):
        _build_bundle(folder, bundle, version, history)
        current[version] = key
        stamp.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    return TemplateSource(f"{recorded}/{BUNDLE_NAME}", version)


def _fetch(repo: Path, bundle: Path, branch: str) -> bool:
    try:
        git(["fetch", "--quiet", "--tags", str(bundle),
             f"+refs/heads/main:refs/remotes/{branch}/main"], cwd=repo)
    except GitError:  # unreadable or foreign: ignored, and rebuilt over
        return False
    return True


def _build_bundle(folder: Path, bundle: Path, version: str, history: Path) -> None:
    """Write ``bundle``: the released history, earlier builds, and ``folder`` as
    ``v<version>`` on top (unless that release is in the history already)."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    tag = f"v{version}"
    with tempfile.TemporaryDirectory(prefix="boxkit-bundle-") as tmp:
        repo = Path(tmp) / "kit"
        repo.mkdir()
        git(["init", "--quiet", "--initial-branch=main"], cwd=repo)
        base = None
        if history.is_file() and _fetch(repo, history, "history"):
            base = "refs/remotes/history/main"
        if bundle.is_file() and _fetch(repo, bundle, "local"):
            base = base or "refs/remotes/local/main"
        released = _released_tree(repo, tag, history)
        if released is not None:
            if released != _tree_of(folder):
                raise TemplateError(f"templates/kit changed since release {tag}: bump boxkit's "
                                    "version before changing a released template")
        else:
            if base:
                git(["checkout", "--quiet", "-B", "main", base], cwd=repo)
            for child in repo.iterdir():
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            shutil.copytree(folder, repo, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            git(["add", "--all"], cwd=repo)
            git(["commit", "--quiet", "--allow-empty", "--no-verify", "--no-gpg-sign",
                 "-m", f"boxkit kit template {version}"], cwd=repo, env=_IDENTITY)
            git(["tag", "--force", tag], cwd=repo)
        if not git(["rev-parse", "--verify", "--quiet", "refs/heads/main"], cwd=repo,
                   check=False).strip():
            git(["checkout", "--quiet", "-B", "main", tag], cwd=repo)
        partial = bundle.with_suffix(".partial")
        git(["bundle", "create", "--quiet", str(partial), "--branches", "--tags"], cwd=repo)
        os.replace(partial, bundle)


def _released_tree(repo: Path, tag: str, history: Path) -> str | None:
    """The tree of ``tag`` when the shipped history holds it (released versions are fixed)."""
    if not history.is_file():
        return None
    listed = git(["bundle", "list-heads", str(history)], cwd=repo)
    if not any(line.endswith(f"refs/tags/{tag}") for line in listed.splitlines()):
        return None
    return git(["rev-parse", f"{tag}^{{tree}}"], cwd=repo).strip()


def _tree_of(folder: Path) -> str:
    """The git tree id that ``folder``'s files would have once committed."""
    with tempfile.TemporaryDirectory(prefix="boxkit-tree-") as tmp:
        repo = Path(tmp)
        git(["init", "--quiet"], cwd=repo)
        shutil.copytree(folder, repo, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        git(["add", "--all"], cwd=repo)
        return git(["write-tree"], cwd=repo).strip()


def template_versions(src_path: str) -> list[str]:
    """The PEP 440 versions tagged in a template repository or bundle, oldest first."""
    from packaging.version import InvalidVersion, Version

    location = str(Path(src_path).expanduser()) if not src_path.startswith(
        ("http://", "https://", "git@", "ssh://")) else src_path
    listed = git(["ls-remote", "--tags", location], cwd=Path.cwd())
    found: dict[Version, str] = {}
    for line in listed.splitlines():
        name = line.split("refs/tags/")[-1].removesuffix("^{}")
        try:
            found[Version(name)] = name
        except InvalidVersion:
            continue
    return [found[v] for v in sorted(found)]


def release_history(version: str | None = None) -> Path:
    """Maintainers: add the current template as release ``v<version>`` to the shipped
    history bundle (``templates/kit-history.bundle``), keeping every earlier release."""
    version = version or current_version()
    history = history_path()
    with tempfile.TemporaryDirectory(prefix="boxkit-release-") as tmp:
        staging = Path(tmp) / BUNDLE_NAME
        _build_bundle(default_template_dir(), staging, version, history)
        with tempfile.TemporaryDirectory(prefix="boxkit-release-repo-") as tmp_repo:
            repo = Path(tmp_repo)
            git(["init", "--quiet", "--bare"], cwd=repo)
            git(["fetch", "--quiet", "--tags", str(staging),
                 "+refs/heads/main:refs/heads/main"], cwd=repo)
            releases = [t for t in git(["tag", "--list"], cwd=repo).split()
                        if ".dev" not in t]
            partial = history.with_suffix(".partial")
            git(["bundle", "create", "--quiet", str(partial), "refs/heads/main",
                 *[f"refs/tags/{t}" for t in releases]], cwd=repo)
            os.replace(partial, history)
    return history
