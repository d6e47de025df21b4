"""The bundled kit template as a versioned, updatable Copier source, and its releases.

Copier can only update a kit whose template is a git repository or bundle with PEP 440
tags. boxkit ships the template's *sources* (``templates/kit/``) plus
``templates/kit-history.bundle``, a git bundle holding every *released* template version,
built and frozen by :func:`release` (one ``v<version>`` tag each). At run time boxkit
builds the user's bundle (``~/.local/share/boxkit/kit.bundle``) from that history, the
versions it built before, and — unless the current version is a release — the sources
built into a fresh folder (:mod:`boxkit._build`) and tagged with the current version.
Kits record the bundle path with the ``~``, so ``boxkit update`` works on any machine,
offline.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boxkit._git import git
from boxkit._i18n import N_
from boxkit._resources import HOME_DATA, data_dir, data_path
from boxkit._scratch import scratch, sweep
from boxkit._version import __version__
from boxkit.errors import GitError, ReleaseError, TemplateError

BUNDLE_NAME = "kit.bundle"
HISTORY_NAME = "kit-history.bundle"
BUNDLED_SRC = f"{HOME_DATA}/{BUNDLE_NAME}"
"""What kits record as their template source: the same on every machine."""
_STAMP_FORMAT = 3
_IDENTITY = {"GIT_AUTHOR_NAME": "boxkit", "GIT_AUTHOR_EMAIL": "boxkit@localhost",
             "GIT_COMMITTER_NAME": "boxkit", "GIT_COMMITTER_EMAIL": "boxkit@localhost",
             # Fixed dates: the same template content gives the same commit everywhere.
             "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
             "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}
_VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


@dataclass(frozen=True)
class TemplateSource:
    """What Copier is given as ``src_path``, and the version to render."""

    src_path: str
    version: str | None
    note: str | None = None
    """One line for the user when boxkit had to repair its template cache."""
    bundle_sha: str | None = None
    """The SHA-256 of the bundle when ``src_path`` is boxkit's own (it names the checkouts
    taken from it, see :func:`bundled_checkout`)."""

    @property
    def ref(self) -> str | None:
        return f"v{self.version}" if self.version else None


@dataclass(frozen=True)
class Release:
    """What :func:`release` did."""

    version: str
    history: Path
    version_file: Path
    babel: str
    changes: tuple[str, ...]
    already_released: bool = False


def version_file() -> Path | None:
    """``src/boxkit/_version.py`` of the checkout being worked on, if boxkit runs from one
    (an editable install, or ``BOXKIT_ROOT``)."""
    root = os.environ.get("BOXKIT_ROOT")
    if root:
        found = Path(root).expanduser().resolve() / "src" / "boxkit" / "_version.py"
        return found if found.is_file() else None
    here = Path(__file__).resolve().parent
    if (here.parents[1] / "templates" / "kit").is_dir():
        return here / "_version.py"
    return None


def checkout_version() -> str | None:
    """The version written in the checkout boxkit works on, if it runs from one."""
    path = version_file()
    if path is None:
        return None
    found = _VERSION_LINE.search(path.read_text(encoding="utf-8"))
    return found[1] if found else None


def current_version() -> str:
    """The template version this boxkit renders: its own version, or the version of the
    checkout it works on (``BOXKIT_TEMPLATE_VERSION`` overrides both, for tests)."""
    return os.environ.get("BOXKIT_TEMPLATE_VERSION") or checkout_version() or __version__


def is_bundled_source(src_path: str) -> bool:
    """True when a kit's ``_src_path`` is boxkit's own bundle (here or on any machine)."""
    if src_path == BUNDLED_SRC:
        return True
    try:
        return Path(src_path).expanduser().resolve() == (data_dir() / BUNDLE_NAME).resolve()
    except (OSError, RuntimeError):
        return False


def history_path() -> Path:
    return data_path("templates") / HISTORY_NAME


def _sha_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sources_key(history: Path) -> str:
    """Everything the built template is made from: sources, catalogs, history, Babel."""
    from boxkit._build import source_files
    from boxkit._cldr_export import babel_version
    from boxkit._resources import Paths

    paths = Paths.bundled()
    sha = hashlib.sha256(babel_version().encode())
    files = [(p, p.relative_to(paths.template).as_posix()) for p in source_files(paths)]
    files += [(p, "locales/" + p.relative_to(paths.locales).as_posix())
              for p in sorted(paths.locales.rglob("*")) if p.is_file()]
    for path, rel in files:
        sha.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    if history.is_file():
        sha.update(_sha_file(history).encode())
    return sha.hexdigest()


def bundled_template(version: str | None = None) -> TemplateSource:
    """Return the bundled template as a git bundle holding ``v<version>`` and every
    released version, (re)building it when something it is made from changed or the
    bundle on disk is not the one boxkit wrote."""
    version = version or current_version()
    directory = data_dir()
    bundle, stamp = directory / BUNDLE_NAME, directory / f"{BUNDLE_NAME}.json"
    history = history_path()
    key = _sources_key(history)
    try:
        current = json.loads(stamp.read_text(encoding="utf-8"))
        if not isinstance(current, dict) or current.get("format") != _STAMP_FORMAT:
            current = {}
    except (OSError, ValueError):
        current = {}
    written = current.get("bundle")
    intact = bundle.is_file() and written == _sha_file(bundle)
    known = current.get("versions", {}).get(version)
    if intact and isinstance(known, list) and known[0] == key:
        return TemplateSource(BUNDLED_SRC, known[1], bundle_sha=written)
    note = None
    if written and not intact:
        note = f"{bundle}: the template cache was damaged or changed; rebuilt it"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        # A maintainer's own version must match its release; an older release asked for
        # by name is simply taken from the history.
        rendered = _build_bundle(bundle, version, history, reuse=intact,
                                 check=version == checkout_version())
        versions = current.get("versions", {}) if intact else {}
        versions[version] = [key, rendered]
        written = _sha_file(bundle)
        partial = stamp.with_name(stamp.name + ".partial")
        partial.write_text(json.dumps({"format": _STAMP_FORMAT, "bundle": written,
                                       "versions": versions}, indent=1, sort_keys=True),
                           encoding="utf-8")
        os.replace(partial, stamp)
    except OSError as error:
        raise TemplateError(N_("%(directory)s: cannot write boxkit's template cache "
                               "(%(reason)s); make the home folder writable or set HOME to "
                               "a folder you can write"),
                            directory=directory, reason=error.strerror or str(error)) from None
    return TemplateSource(BUNDLED_SRC, rendered, note, bundle_sha=written)


def repoint_answers(answers_file: Path, old: Mapping[str, str], new: Mapping[str, str]
                    ) -> bool:
    """Replace the entries ``old`` (``_src_path``, say) with ``new`` in a rendered answers
    file, written as Copier writes them (``to_nice_yaml``: PyYAML, indent 4, sorted keys).
    False, and nothing written, unless the file holds ``old`` exactly once."""
    import yaml

    def entries(values: Mapping[str, str]) -> str:
        return yaml.dump(dict(values), indent=4, allow_unicode=True, default_flow_style=False)

    text = answers_file.read_text(encoding="utf-8")
    if text.count(entries(old)) != 1:
        return False
    answers_file.write_text(text.replace(entries(old), entries(new)), encoding="utf-8")
    return True


# --- checkouts: one version of the bundle as a plain folder ------------------------------


@dataclass(frozen=True)
class Checkout:
    """One version of boxkit's bundle, checked out once into a plain folder."""

    path: Path
    commit: str
    """What Copier records as ``_commit`` when it renders from the bundle
    (``git describe --tags --always`` at the version)."""
    note: str | None = None


def bundled_checkout(source: TemplateSource) -> Checkout:
    """``source`` (boxkit's bundle at a version) as a folder Copier renders from directly.

    ``copier copy`` of a git bundle clones it and checks the version out for every kit;
    boxkit does that once per bundle and version and keeps the folder under
    ``~/.local/share/boxkit/checkouts/``, named after the bundle's SHA-256 (a rebuilt
    bundle gets new checkouts and the old ones are removed). A manifest beside it records
    every file's size and modification time; a folder that no longer matches (edited,
    half-deleted) is checked out again, with a note.
    """
    if source.src_path != BUNDLED_SRC or not source.ref or not source.bundle_sha:
        raise ValueError(f"not a version of boxkit's own bundle: {source}")
    checkouts = data_dir() / "checkouts"
    key = source.bundle_sha[:16]
    stem = f"{source.ref}-{key}"
    manifest = checkouts / f"{stem}.json"
    note = None
    try:
        found = json.loads(manifest.read_text(encoding="utf-8"))
        folder = checkouts / str(found["folder"])
        if _tree_digest(folder) == found["digest"]:
            return Checkout(folder, str(found["commit"]))
        note = f"{folder}: the template checkout was changed; checked it out again"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        return _check_out(data_dir() / BUNDLE_NAME, source.ref, checkouts, key, note)
    except OSError as error:
        raise TemplateError(N_("%(directory)s: cannot write boxkit's template cache "
                               "(%(reason)s); make the home folder writable or set HOME to "
                               "a folder you can write"),
                            directory=checkouts, reason=error.strerror or str(error)) from None


@contextlib.contextmanager
def kit_tree(checkout: Checkout, *answers: Mapping[str, Any]) -> Iterator[Path]:
    """``checkout`` without the template paths that render to nothing for ``answers``
    (for every set given: a path one of them needs is kept).

    The template holds every language, format and part; a kit uses a few. Copier walks
    every path and renders each name before it finds that a part such as
    ``{% if 'sv' in locales %}sv{% endif %}`` is empty for this kit, and that is most of
    a render. Here each distinct name is rendered once, with the answers alone and
    undefined names as errors: a name that renders to nothing is left out of a tree of
    hard links (copies where links are not possible), and anything that needs more than
    the answers (``_copier_conf``, a filter) is kept for Copier to decide. So Copier makes
    the same kit from it, faster. The tree is removed when the block ends.
    """
    import jinja2
    import yaml

    config = yaml.load((checkout.path / "copier.yml").read_text(encoding="utf-8"),
                       Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    subdirectory = str(config.get("_subdirectory") or "")
    suffix = str(config.get("_templates_suffix", ".jinja"))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, **config.get("_envops", {}))
    empty: dict[str, bool] = {}

    def renders_empty(name: str) -> bool:
        if suffix and name.endswith(suffix):
            name = name[:-len(suffix)]
        if "{" not in name:
            return False
        if name not in empty:
            try:
                compiled = env.from_string(name)
                empty[name] = all(compiled.render(data) == "" for data in answers)
            except jinja2.TemplateError:
                empty[name] = False
        return empty[name]

    with scratch("tree", checkout.path.parent, hidden=True) as tree:
        rendered = os.path.join(checkout.path, subdirectory) if subdirectory else None
        for root, dirs, files in os.walk(checkout.path):
            here = tree / os.path.relpath(root, checkout.path)
            here.mkdir(exist_ok=True)
            if rendered and not (root + os.sep).startswith(rendered + os.sep):
                for name in files:  # copier.yml, includes and macros: all of them
                    _link(os.path.join(root, name), here / name)
                continue
            dirs[:] = sorted(d for d in dirs if not renders_empty(d))
            for name in files:
                if not renders_empty(name):
                    _link(os.path.join(root, name), here / name)
        yield tree


@contextlib.contextmanager
def kit_repository(versions: Mapping[str, Sequence[Mapping[str, Any]]],
                   bundle_sha: str) -> Iterator[Path]:
    """A git repository holding, for each version of boxkit's bundle in ``versions``, its
    :func:`kit_tree` for those answers as a commit tagged as the bundle tags the version:
    what ``copier update`` needs from the bundle for one kit (the version it was made
    from and the one it goes to), at a fraction of the bundle's paths. Removed when the
    block ends."""
    sweep(data_dir())  # what a killed update left
    with scratch("versions", data_dir(), hidden=True) as repo:
        git(["init", "--quiet", "--initial-branch=main"], cwd=repo)
        for version, answers in versions.items():
            checkout = bundled_checkout(TemplateSource(BUNDLED_SRC, version,
                                                       bundle_sha=bundle_sha))
            with kit_tree(checkout, *answers) as tree:
                env = {**_IDENTITY, "GIT_WORK_TREE": str(tree)}
                git(["add", "--all", "--force", "--", "."], cwd=repo, env=env)
                git(["commit", "--quiet", "--allow-empty", "--no-verify", "--no-gpg-sign",
                     "-m", f"boxkit kit template {checkout.commit} for one kit"],
                    cwd=repo, env=env)
            git(["read-tree", "--empty"], cwd=repo)
            git(["tag", "--force", checkout.commit], cwd=repo)
        yield repo


def _link(source: str, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _check_out(bundle: Path, ref: str, checkouts: Path, key: str,
               note: str | None) -> Checkout:
    """Check ``ref`` of ``bundle`` (whose SHA-256 starts with ``key``) out into
    ``checkouts``, with its manifest, and prune what no manifest names."""
    stem = f"{ref}-{key}"
    checkouts.mkdir(parents=True, exist_ok=True)
    sweep(checkouts)
    with scratch("checkout", checkouts, hidden=True) as tmp:
        repo = tmp / "repo"
        git(["clone", "--quiet", "--no-checkout", "--", str(bundle), str(repo)], cwd=tmp)
        git(["-c", "core.fsmonitor=false", "checkout", "--quiet", "-f", f"{ref}^{{commit}}"],
            cwd=repo)
        commit = git(["describe", "--tags", "--always"], cwd=repo).strip()
        shutil.rmtree(repo / ".git")
        # A new name each time: a run still rendering from an older folder keeps it.
        final = Path(tempfile.mkdtemp(prefix=f"{stem}-", dir=checkouts))
        os.rename(repo, final)  # onto the empty folder just made
        partial = tmp / "manifest.json"
        partial.write_text(json.dumps({"folder": final.name, "commit": commit,
                                       "digest": _tree_digest(final)}), encoding="utf-8")
        os.replace(partial, checkouts / f"{stem}.json")
    _prune_checkouts(checkouts, key)
    return Checkout(final, commit, note)


def _prune_checkouts(checkouts: Path, key: str) -> None:
    """Remove what no manifest of the bundle ``key`` names: checkouts of earlier bundles
    (their manifests first), replaced checkouts, and folders a killed run left half-made."""
    named = set()
    for manifest in checkouts.glob("*.json"):
        try:
            if not manifest.stem.endswith(f"-{key}"):
                raise ValueError("an earlier bundle")
            named.add(str(json.loads(manifest.read_text(encoding="utf-8"))["folder"]))
        except (OSError, ValueError, KeyError, TypeError):
            manifest.unlink(missing_ok=True)
    for entry in checkouts.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in named:
            shutil.rmtree(entry, ignore_errors=True)


def _tree_digest(folder: Path) -> str:
    """Every file's path, size, mode and modification time under ``folder``."""
    if not folder.is_dir():
        raise FileNotFoundError(folder)
    sha = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            info = os.lstat(path)
            sha.update(f"{os.path.relpath(path, folder)}\0{info.st_size}\0{info.st_mode}\0"
                       f"{info.st_mtime_ns}\n".encode(errors="surrogateescape"))
    return sha.hexdigest()


def _fetch(repo: Path, bundle: Path, branch: str) -> bool:
    try:
        git(["fetch", "--quiet", "--tags", str(bundle),
             f"+refs/heads/main:refs/remotes/{branch}/main"], cwd=repo)
    except GitError:  # unreadable or foreign: ignored, and rebuilt over
        return False
    return True


def _build_bundle(bundle: Path, version: str, history: Path, *, reuse: bool = True,
                  check: bool = True) -> str:
    """Write ``bundle``: the released history, earlier builds (when ``reuse``), and the
    template built from the sources as ``v<version>`` on top — unless that version is a
    release, which is taken from the history as it was frozen. Return the version kits
    are rendered from.

    In a checkout (``check``) at a release whose catalogs changed since (a translator's
    new or corrected language), the release gets the new translations on top, tagged
    ``v<version>+l10n.<n>``: a translator sees their work without a release, and what
    the release itself renders never changes."""
    rendered = version
    from boxkit._build import build_template

    tag = f"v{version}"
    with scratch("bundle") as tmp:
        repo = Path(tmp) / "kit"
        repo.mkdir()
        git(["init", "--quiet", "--initial-branch=main"], cwd=repo)
        base = None
        if history.is_file() and _fetch(repo, history, "history"):
            base = "refs/remotes/history/main"
        if reuse and bundle.is_file() and _fetch(repo, bundle, "local"):
            base = base or "refs/remotes/local/main"
        if _released(repo, tag, history):
            if check:
                _check_unchanged_since(repo, tag)
                rendered = _with_local_translations(repo, version, Path(tmp) / "built")
        else:
            if base:
                git(["checkout", "--quiet", "-B", "main", base], cwd=repo)
            git(["rm", "-r", "--quiet", "--ignore-unmatch", "--", "."], cwd=repo)
            build_template(Path(tmp) / "built")
            shutil.copytree(Path(tmp) / "built", repo, dirs_exist_ok=True)
            git(["add", "--all"], cwd=repo)
            git(["commit", "--quiet", "--allow-empty", "--no-verify", "--no-gpg-sign",
                 "-m", f"boxkit kit template {version}"], cwd=repo, env=_IDENTITY)
            git(["tag", "--force", tag], cwd=repo)
        if not git(["rev-parse", "--verify", "--quiet", "refs/heads/main"], cwd=repo,
                   check=False).strip():
            git(["checkout", "--quiet", "-B", "main", tag], cwd=repo)
        partial = bundle.with_name(bundle.name + ".partial")
        git(["bundle", "create", "--quiet", str(partial), "--branches", "--tags"], cwd=repo)
        os.replace(partial, bundle)
    return rendered


def _with_local_translations(repo: Path, version: str, built: Path) -> str:
    """Tag release ``version`` plus the checkout's catalogs as ``<version>+l10n.<n>`` if
    they render differently from the release (see :func:`_build_bundle`); else ``version``.
    The release's CLDR tables are kept; only a new language gets its own."""
    from boxkit._build import CLDR_DIR, L10N_DIR, _localised, build_template

    tag = f"v{version}"
    build_template(built)
    work = built.parent / "l10n"
    git(["worktree", "add", "--quiet", "--detach", str(work), tag], cwd=repo)
    try:
        for path in sorted(work.rglob("*")):
            rel = path.relative_to(work).as_posix()
            if path.is_file() and rel.startswith("template/") and _localised(rel):
                path.unlink()
        # What a build writes from the catalogs, besides the localised copies of the files.
        for name in (L10N_DIR, "copier.yml"):
            target = work / name
            if target.is_dir():
                shutil.rmtree(target)
            source = built / name
            if source.is_dir():
                shutil.copytree(source, target)
            elif source.is_file():
                shutil.copyfile(source, target)
        for path in sorted((built / "template").rglob("*")):
            rel = path.relative_to(built).as_posix()
            if path.is_file() and _localised(rel):
                (work / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, work / rel)
        for cldr in sorted((built / CLDR_DIR).glob("*.yml")):
            if not (work / CLDR_DIR / cldr.name).exists():
                shutil.copyfile(cldr, work / CLDR_DIR / cldr.name)
        git(["add", "--all"], cwd=work)
        if not git(["status", "--porcelain"], cwd=work).strip():
            return version
        tree = git(["write-tree"], cwd=work).strip()
        earlier = git(["tag", "--list", f"{tag}+l10n.*"], cwd=repo).split()
        for name in earlier:
            if git(["rev-parse", f"{name}^{{tree}}"], cwd=repo).strip() == tree:
                return name[1:]
        number = 1 + max((int(name.rsplit(".", 1)[1]) for name in earlier
                          if name.rsplit(".", 1)[1].isdigit()), default=0)
        local = f"{version}+l10n.{number}"
        git(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m",
             f"boxkit kit template {version} with the checkout's translations"],
            cwd=work, env=_IDENTITY)
        git(["tag", f"v{local}"], cwd=work)
        return local
    finally:
        git(["worktree", "remove", "--force", str(work)], cwd=repo, check=False)


def _released(repo: Path, tag: str, history: Path) -> bool:
    """True when the shipped history holds ``tag`` (released versions are fixed)."""
    if not history.is_file():
        return False
    listed = git(["bundle", "list-heads", str(history)], cwd=repo)
    return any(line.endswith(f"refs/tags/{tag}") for line in listed.splitlines())


def _check_unchanged_since(repo: Path, tag: str) -> None:
    """Refuse sources that differ from what release ``tag`` was built from."""
    from boxkit._build import RECORD, read_record, source_files, sources_digest
    from boxkit._resources import Paths

    paths = Paths.bundled()
    recorded = read_record(git(["show", f"{tag}:{RECORD}"], cwd=repo, check=False))
    if recorded.get("sources"):
        if recorded["sources"] == sources_digest(paths):
            return
        changed = "the template's sources"
    else:  # a release from before builds recorded their sources: compare file by file
        released = {}
        for line in git(["ls-tree", "-r", "--full-tree", tag], cwd=repo).splitlines():
            meta, name = line.split("\t", 1)
            released[name] = meta.split()[2]
        changed = ""
        for path in source_files(paths):
            rel = path.relative_to(paths.template).as_posix()
            if released.get(rel) != git(["hash-object", "--", str(path)], cwd=repo).strip():
                changed = f"templates/kit/{rel}"
                break
        if not changed:
            return
    raise TemplateError(N_("%(changed)s changed since release %(tag)s: start the next "
                           "version first (boxkit release --next), then change the template"),
                        changed=changed, tag=tag)


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


# --- releases ------------------------------------------------------------------------


def _writable_version_file() -> Path:
    path = version_file()
    if path is None:
        raise ReleaseError(N_("boxkit release works on a checkout of boxkit: install it with "
                              "`pip install -e .` from the checkout, or set BOXKIT_ROOT to "
                              "it"))
    return path


def _write_version(path: Path, version: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(_VERSION_LINE.sub(f'__version__ = "{version}"', text), encoding="utf-8")


def _changelog_entry(version: str) -> tuple[str, ...]:
    import yaml

    path = data_path("templates") / "kit" / "changelog.yml"
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as error:
        raise ReleaseError(N_("%(path)s: cannot read the changelog (%(reason)s)"), path=path,
                           reason=str(error)) from None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and str(entry.get("version")) == version:
            changes = tuple(str(c) for c in entry.get("changes") or ())
            if changes:
                return changes
    raise ReleaseError(N_("%(path)s: no entry with changes for %(version)s; add one that says "
                          "what organisers will notice, then run boxkit release again"),
                       path=path, version=version)


def next_version(*, version: str | None = None) -> str:
    """Maintainers: start the next development version (``0.2.0`` → ``0.3.0.dev0``),
    written to ``src/boxkit/_version.py``. A development version is left as it is."""
    from packaging.version import Version

    path = _writable_version_file()
    current = Version(current_version())
    if version is None:
        if current.is_devrelease:
            return str(current)
        version = f"{current.major}.{current.minor + 1}.0.dev0"
    if Version(version) <= current:
        raise ReleaseError(N_("--next %(version)s: must be newer than %(current)s"),
                           version=version, current=current)
    _write_version(path, version)
    return version


def release(*, version: str | None = None) -> Release:
    """Maintainers: build the template from its sources and add it to the shipped history
    (``templates/kit-history.bundle``) as ``v<version>``, keeping every earlier release,
    and set boxkit's version to it. ``version`` defaults to the current development
    version without its ``.devN`` (``0.2.0.dev0`` → ``0.2.0``)."""
    from packaging.version import InvalidVersion, Version

    from boxkit._cldr_export import babel_version

    path = _writable_version_file()
    try:
        wanted = Version(version or Version(current_version()).base_version)
    except InvalidVersion:
        raise ReleaseError(N_("%(version)s: not a PEP 440 version such as 0.2.0"),
                           version=version) from None
    if wanted.is_prerelease or wanted.is_devrelease:
        raise ReleaseError(N_("%(version)s: a release needs a final version such as "
                              "%(final)s"), version=wanted, final=wanted.base_version)
    name = str(wanted)
    history = history_path()
    released = set(_history_tags(history))
    newest = max((Version(t.removeprefix("v")) for t in released), default=None)
    if f"v{name}" not in released and newest is not None and wanted <= newest:
        raise ReleaseError(N_("%(version)s: v%(newest)s is released already; release a newer "
                              "version"), version=name, newest=newest)
    changes = _changelog_entry(name)
    already = f"v{name}" in released
    with scratch("release") as tmp:
        staging = Path(tmp) / BUNDLE_NAME
        _build_bundle(staging, name, history, reuse=False)
        repo = Path(tmp) / "repo"
        repo.mkdir()
        git(["init", "--quiet", "--bare"], cwd=repo)
        git(["fetch", "--quiet", "--tags", str(staging), "+refs/heads/main:refs/heads/main"],
            cwd=repo)
        tags = [t for t in git(["tag", "--list"], cwd=repo).split()
                if t in released or t == f"v{name}"]
        partial = history.with_name(history.name + ".partial")
        git(["bundle", "create", "--quiet", str(partial), "refs/heads/main",
             *[f"refs/tags/{t}" for t in tags]], cwd=repo)
        os.replace(partial, history)
    _write_version(path, name)
    return Release(name, history, path, babel_version(), changes, already)


def _history_tags(history: Path) -> list[str]:
    if not history.is_file():
        return []
    listed = git(["bundle", "list-heads", str(history)], cwd=history.parent)
    return [line.split("refs/tags/")[1] for line in listed.splitlines() if "refs/tags/" in line]


def released_babel(history: Path | None = None) -> tuple[str, str | None] | None:
    """The newest release in the history and the Babel its CLDR tables came from
    (``None`` for a release made before boxkit recorded it)."""
    from packaging.version import Version

    from boxkit._build import RECORD, read_record

    history = history or history_path()
    tags = _history_tags(history)
    if not tags:
        return None
    newest = max(tags, key=lambda t: Version(t.removeprefix("v")))
    with scratch("history") as tmp:
        repo = Path(tmp)
        git(["init", "--quiet", "--bare"], cwd=repo)
        git(["fetch", "--quiet", str(history), f"refs/tags/{newest}:refs/tags/{newest}"],
            cwd=repo)
        text = git(["show", f"{newest}:{RECORD}"], cwd=repo, check=False)
    return newest, read_record(text).get("babel")
