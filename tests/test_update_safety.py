"""`boxkit update` never loses a chapter's work: files a release moves or removes keep their
edits, and an update stopped at any moment leaves the kit as it was or fully updated.

Real Copier and git over small template repositories; the stopped updates are real
processes killed with real signals.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boxkit._carry import fates
from boxkit._transaction import transaction
from boxkit._update import UpdateError, _prepare, _record, _result, update_kit
from boxkit.cli import app
from conftest import commit_all, git, kit_from

pytestmark = pytest.mark.slow  # every test here renders kits and runs updates, some killed

COPIER_YML = """\
chapter_name: {type: str, default: Demo}
locales: {type: yaml, default: [en]}
_answers_file: .copier-answers.yml
_exclude: [copier.yml, changelog.yml, .git]
"""
EN = "{% if 'en' in locales %}en{% endif %}"
FR = "{% if 'fr' in locales %}fr{% endif %}"
GUIDE = "# {{ chapter_name }}\n\nline one\n\nline two\n\nline three\n"


def template(root: Path, files: dict[str, str]) -> Path:
    """A Copier template in its own git repository, tagged v1.0.0."""
    root.mkdir()
    (root / "copier.yml").write_text(COPIER_YML)
    (root / "{{_copier_conf.answers_file}}.jinja").write_text(
        "{{ _copier_answers|to_nice_yaml }}")
    release(root, "1.0.0", files)
    return root


def release(repo: Path, version: str, files: dict[str, str | None],
            changelog: str | None = None, moved: dict[str, str] | None = None) -> None:
    """Write (or, for None, delete) template files; ``moved`` renames files (git mv)."""
    if not (repo / ".git").exists():
        git(repo, "init", "-q", "-b", "main")
    for old, new in (moved or {}).items():
        (repo / new).parent.mkdir(parents=True, exist_ok=True)
        git(repo, "mv", old, new)
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if changelog is not None:
        with (repo / "changelog.yml").open("a") as fh:
            fh.write(changelog)
    commit_all(repo, f"v{version}", f"v{version}")


def edit(kit: Path, name: str, old: str, new: str) -> None:
    path = kit / name
    path.write_text(path.read_text().replace(old, new, 1))


def snapshot(kit: Path) -> dict[str, bytes]:
    """Every file of the kit but git's own, with its content."""
    return {p.relative_to(kit).as_posix(): p.read_bytes() for p in sorted(kit.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(kit).parts}


def update(kit: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["update", str(kit), "--no-input", *args])
    return result.exit_code, result.stdout, result.stderr


def boxkit_dir(kit: Path) -> Path:
    return kit / ".git" / "boxkit"


# --- files a release moves or removes ----------------------------------------------------

MOVES = '  moved: {"guide.md": "guides/the-guide.md"}\n  removed: [extra.md]\n'


@pytest.fixture
def moving(tmp_path: Path) -> Path:
    """v1.0.0 with a guide and an extra page; v1.1.0 moves the guide (and improves line
    three) and removes the extra page, and says so in its changelog."""
    repo = template(tmp_path / "tpl", {"guide.md.jinja": GUIDE,
                                       "extra.md": "# Extra\n\nOptional reading.\n",
                                       "keep.md": "# Keep\n"})
    return repo


def release_the_move(repo: Path) -> None:
    release(repo, "1.1.0", {"guides/the-guide.md.jinja": GUIDE.replace("three", "three, "
                                                                       "improved"),
                            "extra.md": None},
            "- version: 1.1.0\n  changes: [The guide moved into guides/.]\n" + MOVES,
            moved={"guide.md.jinja": "guides/the-guide.md.jinja"})


def test_untouched_moved_and_removed_files_follow_the_template(moving: Path,
                                                               tmp_path: Path) -> None:
    kit = kit_from(moving, tmp_path / "kit", "en", country="CA")
    release_the_move(moving)
    code, out, err = update(kit)
    assert code == 0, out + err
    assert not (kit / "guide.md").exists() and not (kit / "extra.md").exists()
    assert "line three, improved" in (kit / "guides/the-guide.md").read_text()
    assert "moved by the template" not in err and "removed from" not in err
    assert "  guide.md\n" in out and "  extra.md\n" in out and "  guides/the-guide.md\n" in out


def test_edited_moved_file_carries_its_edits_and_edited_removed_file_stays(
        moving: Path, tmp_path: Path) -> None:
    kit = kit_from(moving, tmp_path / "kit", "en", country="CA")
    edit(kit, "guide.md", "line one", "line one, our way")
    edit(kit, "extra.md", "Optional reading.", "Our own reading list.")
    commit_all(kit, "our edits")
    extra = (kit / "extra.md").read_bytes()
    release_the_move(moving)
    code, out, err = update(kit)
    assert code == 3, out + err
    moved = (kit / "guides/the-guide.md").read_text()
    assert "line one, our way" in moved and "line three, improved" in moved
    assert "<<<<<<<" not in moved
    assert not (kit / "guide.md").exists()
    assert (kit / "extra.md").read_bytes() == extra
    assert "extra.md" not in git(kit, "status", "--porcelain")
    assert ("  guide.md → guides/the-guide.md: moved by the template in v1.1.0; your edits "
            "were carried over (check them)\n") in err
    assert ("  extra.md: removed from the template in v1.1.0; your edited copy is kept — keep "
            "or delete it, then commit\n") in err
    assert "markers" not in err  # nothing to resolve inline
    with pytest.raises(UpdateError, match="uncommitted"):
        update_kit(kit)  # the next run sees the update to commit, not a new one


def test_moved_file_edited_where_the_template_changed_has_markers(moving: Path,
                                                                  tmp_path: Path) -> None:
    kit = kit_from(moving, tmp_path / "kit", "en", country="CA")
    edit(kit, "guide.md", "line three", "line three, as we say it")
    commit_all(kit, "our edit")
    release_the_move(moving)
    code, out, err = update(kit)
    assert code == 3, out + err
    moved = (kit / "guides/the-guide.md").read_text()
    assert "<<<<<<< before updating" in moved and ">>>>>>> after updating" in moved
    assert "line three, as we say it" in moved and "line three, improved" in moved
    assert "carried over with conflicts to resolve" in err
    assert "delete the markers" in err


def test_renames_follow_each_locale_and_a_chain_of_releases(tmp_path: Path) -> None:
    repo = template(tmp_path / "tpl", {f"{EN}/a.md.jinja": GUIDE, f"{FR}/a.md.jinja": GUIDE})
    kit = kit_from(repo, tmp_path / "kit", "en", "fr", country="CA")
    assert {"en/a.md", "fr/a.md"} <= set(snapshot(kit))
    edit(kit, "en/a.md", "line one", "line one, in our words")
    commit_all(kit, "our edit")
    release(repo, "1.1.0", {}, '- version: 1.1.0\n  changes: [a is b]\n'
            '  moved: {"{locale}/a.md": "{locale}/b.md"}\n',
            moved={f"{loc}/a.md.jinja": f"{loc}/b.md.jinja" for loc in (EN, FR)})
    release(repo, "1.2.0", {f"{loc}/c.md.jinja": GUIDE.replace("two", "two, clearer")
                            for loc in (EN, FR)},
            '- version: 1.2.0\n  changes: [b is c]\n  moved: {"{locale}/b.md": "{locale}/c.md"}\n',
            moved={f"{loc}/b.md.jinja": f"{loc}/c.md.jinja" for loc in (EN, FR)})
    result = update_kit(kit)
    assert result.new_version == "v1.2.0"
    files = snapshot(kit)
    assert not {"en/a.md", "fr/a.md", "en/b.md", "fr/b.md"} & set(files)
    assert b"line one, in our words" in files["en/c.md"]
    assert b"line two, clearer" in files["en/c.md"] and b"line two, clearer" in files["fr/c.md"]
    assert b"in our words" not in files["fr/c.md"]
    assert [(k.was, k.path, k.version, k.conflicts) for k in result.kept_edits] == [
        ("en/a.md", "en/c.md", "v1.2.0", False)]
    assert result.conflicts == ("en/c.md",)
    # What a journal keeps, to report an update that a later run finishes.
    assert _result(kit, json.loads(json.dumps(_record(result))), resumed=False,
                   dry_run=False) == result


def test_changelog_paths_stay_inside_the_kit() -> None:
    found = fates([("v2", {"a.md": "../outside.md", "{locale}/x.md": "{locale}/y.md",
                           "/etc/passwd": "p", ".git/config": "c"}, ["../../gone"])],
                  ("en", "fr"))
    assert sorted((f.was, f.now) for f in found.values()) == [
        ("en/x.md", "en/y.md"), ("fr/x.md", "fr/y.md")]


# --- dry runs, leftovers, journals and locks ---------------------------------------------


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """A kit with an edit, and a template with a newer version for it."""
    repo = template(tmp_path / "tpl", {"guide.md.jinja": GUIDE, "extra.md": "# Extra\n",
                                       "sub dir/ünïcode name.md": "# Ü\n"})
    kit = kit_from(repo, tmp_path / "kit", "en", country="CA")
    edit(kit, "guide.md", "line one", "line one, ours")
    commit_all(kit, "our edit")
    release(repo, "1.1.0", {"guide.md.jinja": GUIDE.replace("three", "three, new"),
                            "extra.md": None, "sub dir/ünïcode name.md": "# Ü 2\n",
                            "new folder/nouveau fichier.md": "# Nouveau\n"})
    return repo, kit


def reference(kit: Path, dest: Path) -> dict[str, bytes]:
    """What the kit looks like after an uninterrupted update (on a copy)."""
    shutil.copytree(kit, dest, symlinks=True)
    update_kit(dest)
    return snapshot(dest)


def test_dry_run_changes_nothing_and_leaves_nothing(two_versions: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    _repo, kit = two_versions
    before = git(kit, "rev-parse", "HEAD"), snapshot(kit)
    code, out, err = update(kit, "--dry-run")
    assert code == 0, out + err
    assert "Would change 5 files:" in out
    for name in ("guide.md", "extra.md", "sub dir/ünïcode name.md",
                 "new folder/nouveau fichier.md", ".copier-answers.yml"):
        assert f"  {name}\n" in out
    assert (git(kit, "rev-parse", "HEAD"), snapshot(kit)) == before
    assert git(kit, "status", "--porcelain", "--ignored") == ""
    assert not boxkit_dir(kit).exists()


def test_leftovers_of_a_stopped_preparation_are_removed(two_versions: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    _repo, kit = two_versions
    expected = reference(kit, tmp_path / "reference")
    for name in ("work", "pending.tmp"):
        (boxkit_dir(kit) / name / "files").mkdir(parents=True)
        (boxkit_dir(kit) / name / "files" / "guide.md").write_text("half-made\n")
    assert git(kit, "status", "--porcelain") == ""  # git's folder: the kit is clean
    update_kit(kit)
    assert snapshot(kit) == expected
    assert not boxkit_dir(kit).exists()


def test_a_journal_left_after_the_commit_point_is_finished(two_versions: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    _repo, kit = two_versions
    expected = reference(kit, tmp_path / "reference")
    head = git(kit, "rev-parse", "HEAD")
    # Prepare and commit as update_kit does, then stop as a SIGKILL would: after two files
    # were moved into the kit.
    with transaction(kit) as tx:
        result, changes = _prepare(tx, kit, to=None, dry_run=False, prompter=None, data={})
        assert changes is not None
        journal = tx.stage(changes, _record(result))
        for name in journal["write"][:2]:
            os.replace(boxkit_dir(kit) / "pending" / "files" / name, kit / name)
    assert (boxkit_dir(kit) / "pending" / "manifest.json").is_file()
    assert git(kit, "status", "--porcelain") != ""
    code, out, err = update(kit)
    assert code == 0, out + err
    assert out.startswith("An earlier update was stopped while it wrote the kit; it is now "
                          "finished.\nTemplate: v1.0.0 → v1.1.0\n")
    assert snapshot(kit) == expected
    assert git(kit, "rev-parse", "HEAD") == head
    assert not boxkit_dir(kit).exists()


def test_a_journal_is_not_finished_over_later_work(two_versions: tuple[Path, Path]) -> None:
    _repo, kit = two_versions
    with transaction(kit) as tx:
        result, changes = _prepare(tx, kit, to=None, dry_run=False, prompter=None, data={})
        assert changes is not None
        tx.stage(changes, _record(result))
    edit(kit, "guide.md", "line one, ours", "line one, edited after the crash")
    code, _out, err = update(kit)
    assert code == 1
    assert "an update was interrupted, and guide.md was changed since" in err
    assert "line one, edited after the crash" in (kit / "guide.md").read_text()
    git(kit, "checkout", "--", "guide.md")
    commit = ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty"]
    git(kit, *commit, "-m", "moved on")
    code, _out, err = update(kit)
    assert code == 1 and "the kit has new commits since" in err


def test_a_kit_edited_while_the_update_is_prepared_is_not_written(
        two_versions: tuple[Path, Path]) -> None:
    _repo, kit = two_versions
    with transaction(kit) as tx:
        result, changes = _prepare(tx, kit, to=None, dry_run=False, prompter=None, data={})
        assert changes is not None
        edit(kit, "guide.md", "line one, ours", "line one, typed meanwhile")
        with pytest.raises(UpdateError, match="changed while the update was being prepared"):
            tx.stage(changes, _record(result))
    assert git(kit, "status", "--porcelain") == " M guide.md\n"
    assert "typed meanwhile" in (kit / "guide.md").read_text()
    assert not boxkit_dir(kit).exists()


def test_one_update_at_a_time(two_versions: tuple[Path, Path]) -> None:
    _repo, kit = two_versions
    fd = os.open(kit / ".git", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, _out, err = update(kit)
    finally:
        os.close(fd)
    assert code == 1 and "another boxkit update is running on this kit" in err
    assert git(kit, "status", "--porcelain") == ""


# --- stopped updates ----------------------------------------------------------------------

PAGES = 12  # enough for a run of ~2.5 s, most of it preparing


def pages(version: str) -> dict[str, str | None]:
    return {f"pages/p{i:03}.md.jinja": f"# {{{{ chapter_name }}}} page {i}\n\nfirst\n\nsecond\n"
            f"\nthird, {version}\n" for i in range(PAGES)}


def start(kit: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "boxkit", "update", str(kit), "--no-input"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stop_when(process: subprocess.Popen[bytes], path: Path, signum: int) -> None:
    """Send ``signum`` as soon as ``path`` exists (or not at all if the run ends first)."""
    deadline = time.monotonic() + 60
    while not path.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0002)
    if process.poll() is None:
        process.send_signal(signum)


@pytest.mark.slow
def test_an_update_stopped_at_any_moment_leaves_the_kit_as_it_was_or_updated(
        tmp_path: Path) -> None:
    repo = template(tmp_path / "tpl", {**pages("v1.0"), "guide.md.jinja": GUIDE,
                                       "extra.md": "# Extra\n\nOptional reading.\n"})
    pristine = kit_from(repo, tmp_path / "pristine", "en", country="CA")
    for i in range(0, PAGES, 4):
        edit(pristine, f"pages/p{i:03}.md", "first", "first, as we do it")
    edit(pristine, "guide.md", "line one", "line one, our way")
    edit(pristine, "extra.md", "Optional reading.", "Our reading list.")
    commit_all(pristine, "our edits")
    release(repo, "1.1.0", {**pages("v1.1"), "extra.md": None,
                            "guides/the-guide.md.jinja": GUIDE.replace("three", "three, new")},
            "- version: 1.1.0\n  changes: [Pages say more.]\n" + MOVES,
            moved={"guide.md.jinja": "guides/the-guide.md.jinja"})
    head, before = git(pristine, "rev-parse", "HEAD"), snapshot(pristine)

    shutil.copytree(pristine, tmp_path / "reference", symlinks=True)
    began = time.monotonic()
    done = start(tmp_path / "reference")
    _out, err = done.communicate(timeout=120)
    duration = time.monotonic() - began
    assert done.returncode == 3, err.decode()
    expected = snapshot(tmp_path / "reference")
    assert expected != before
    assert b"first, as we do it" in expected["pages/p004.md"]
    assert b"third, v1.1" in expected["pages/p004.md"]
    assert b"line one, our way" in expected["guides/the-guide.md"]
    assert expected["extra.md"] == before["extra.md"] and "guide.md" not in expected

    # Signals spread over the run's measured duration, and sent exactly when the clone
    # (preparing) and the journal (the commit point) appear.
    signals = (signal.SIGKILL, signal.SIGINT, signal.SIGTERM)
    points: list[tuple[int, float | str]] = [
        (signals[i % 3], duration * (0.1 + i / 7)) for i in range(8)]
    points += [(s, "work") for s in signals] + [(s, "pending") for s in signals]
    seen: list[tuple[str, float | str, str, int | None]] = []
    for n, (signum, when) in enumerate(points):
        kit = tmp_path / f"kit-{n}"
        shutil.copytree(pristine, kit, symlinks=True)
        process = start(kit)
        if isinstance(when, str):
            stop_when(process, boxkit_dir(kit) / when, signum)
        else:
            time.sleep(when)
            if process.poll() is None:
                process.send_signal(signum)
        _out, err = process.communicate(timeout=120)
        name = signal.Signals(signum).name
        assert git(kit, "rev-parse", "HEAD") == head
        if (boxkit_dir(kit) / "pending").exists():
            assert signum == signal.SIGKILL, (name, when)
            state = "journal"
            code, out, errors = update(kit)  # finishes it
            assert code == 3, out + errors
            assert out.startswith("An earlier update was stopped while it wrote the kit")
        elif snapshot(kit) == expected:
            state = "updated"
            code, out, errors = update(kit)  # a dirty kit: refused, leftovers removed
            assert code == 1 and "uncommitted change" in errors
        else:
            state = "as before"
            assert snapshot(kit) == before, (name, when)
            assert git(kit, "status", "--porcelain", "--untracked-files=all") == ""
            if process.returncode in (130, 143):
                assert "the update was stopped before it changed the kit" in err.decode()
            if signum != signal.SIGKILL:
                assert not boxkit_dir(kit).exists()  # cleaned up on the way out
            if signum != signal.SIGKILL and when == "work":
                assert process.returncode == 128 + signum, err.decode()
            code, out, errors = update(kit)
            assert code == 3, out + errors
        if when == "pending" and signum != signal.SIGKILL:
            assert state == "updated" and process.returncode == 3, err.decode()
        assert snapshot(kit) == expected, (name, when, state)
        assert not boxkit_dir(kit).exists()
        seen.append((name, when, state, process.returncode))
    states = {state for _name, _when, state, _code in seen}
    print(f"update took {duration:.2f}s; stopped runs: {seen}")
    assert {"as before", "updated"} <= states
