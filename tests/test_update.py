"""`boxkit update` over real git template repositories and the bundled template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit._update import UpdateError, update_kit
from boxkit.cli import app
from conftest import commit_all, git, kit_from

pytestmark = pytest.mark.slow  # every test here renders kits and runs Copier updates over git

ROOT = Path(__file__).parents[1]
GUIDE = "{% if 'guides' in parts %}guides{% endif %}/{% if 'en' in locales %}en{% endif %}"



@pytest.fixture
def template_repo(tmp_path: Path) -> Path:
    """A small Copier template in its own git repository, tagged v1.0.0."""
    repo = tmp_path / "tpl"
    repo.mkdir()
    (repo / "copier.yml").write_text("chapter_name: {type: str, default: Demo}\n"
                                     "_answers_file: .copier-answers.yml\n")
    (repo / "{{_copier_conf.answers_file}}.jinja").write_text(
        "{{ _copier_answers|to_nice_yaml }}")
    (repo / "guide.md.jinja").write_text("# {{ chapter_name }}\n\nline one\n\nline two\n\n"
                                         "line three\n")
    (repo / "extra.md").write_text("# Extra\n\nOptional reading.\n")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "v1", "v1.0.0")
    return repo


def test_clean_update_and_changelog(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    (template_repo / "guide.md.jinja").write_text(
        "# {{ chapter_name }}\n\nline one\n\nline two, improved\n\nline three\n")
    (template_repo / "changelog.yml").write_text(
        "- version: 1.1.0\n  changes: [Line two says more.]\n")
    commit_all(template_repo, "v1.1", "v1.1.0")
    result = update_kit(kit)
    assert (result.old_version, result.new_version) == ("v1.0.0", "v1.1.0")
    assert [c.changes for c in result.changelog] == [("Line two says more.",)]
    assert "line two, improved" in (kit / "guide.md").read_text()
    assert result.conflicts == ()
    assert "guide.md" in result.changed
    assert yaml.safe_load((kit / ".copier-answers.yml").read_text())["_commit"] == "v1.1.0"


def test_local_edit_on_an_untouched_line_is_kept(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    text = (kit / "guide.md").read_text().replace("line one", "line one, our way")
    (kit / "guide.md").write_text(text)
    commit_all(kit, "our edit")
    (template_repo / "guide.md.jinja").write_text(
        "# {{ chapter_name }}\n\nline one\n\nline two\n\nline three, improved\n")
    commit_all(template_repo, "v1.1", "v1.1.0")
    result = update_kit(kit)
    guide = (kit / "guide.md").read_text()
    assert "line one, our way" in guide and "line three, improved" in guide
    assert result.conflicts == ()


def test_true_conflict_exits_3_with_both_sides(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    (kit / "guide.md").write_text((kit / "guide.md").read_text().replace("line two", "OUR two"))
    commit_all(kit, "our edit")
    (template_repo / "guide.md.jinja").write_text(
        (template_repo / "guide.md.jinja").read_text().replace("line two", "THEIR two"))
    commit_all(template_repo, "v1.1", "v1.1.0")
    result = CliRunner().invoke(app, ["update", str(kit), "--no-input"])
    assert result.exit_code == 3, result.output
    assert "guide.md" in result.stderr and "git add -A && git commit" in result.stderr
    guide = (kit / "guide.md").read_text()
    assert "<<<<<<< before updating" in guide and ">>>>>>> after updating" in guide
    assert "OUR two" in guide and "THEIR two" in guide


def test_deleted_file_stays_deleted(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    (kit / "extra.md").unlink()
    commit_all(kit, "we do not need it")
    (template_repo / "extra.md").write_text("# Extra\n\nOptional reading, updated.\n")
    commit_all(template_repo, "v1.1", "v1.1.0")
    update_kit(kit)
    assert not (kit / "extra.md").exists()


def test_dirty_tree_is_refused(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    (kit / "guide.md").write_text("unsaved work\n")
    result = CliRunner().invoke(app, ["update", str(kit)])
    assert result.exit_code == 1
    assert "uncommitted change" in result.stderr
    assert "git stash" in result.stderr and "git commit" in result.stderr
    assert (kit / "guide.md").read_text() == "unsaved work\n"


def test_dry_run_and_to_version(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    for n in (1, 2):
        (template_repo / "guide.md.jinja").write_text(f"# {{{{ chapter_name }}}}\n\nv1.{n}\n")
        commit_all(template_repo, f"v1.{n}", f"v1.{n}.0")
    before = git(kit, "rev-parse", "HEAD"), (kit / "guide.md").read_text()
    preview = CliRunner().invoke(app, ["update", str(kit), "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert "v1.0.0 → v1.2.0" in preview.stdout and "  guide.md" in preview.stdout
    assert (git(kit, "rev-parse", "HEAD"), (kit / "guide.md").read_text()) == before
    assert git(kit, "status", "--porcelain") == ""
    result = update_kit(kit, to="1.1.0")
    assert result.new_version == "v1.1.0" and "v1.1" in (kit / "guide.md").read_text()
    with pytest.raises(UpdateError, match=r"--to 9\.9: no such template version"):
        commit_all(kit, "take 1.1")
        update_kit(kit, to="9.9")


def test_kit_moved_to_another_folder_updates(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    moved = tmp_path / "elsewhere" / "our-kit"
    moved.parent.mkdir()
    shutil.move(str(kit), moved)
    (template_repo / "guide.md.jinja").write_text("# {{ chapter_name }}\n\nmoved on\n")
    commit_all(template_repo, "v2", "v2.0.0")
    assert update_kit(moved).new_version == "v2.0.0"
    assert "moved on" in (moved / "guide.md").read_text()


def test_up_to_date(template_repo: Path, tmp_path: Path) -> None:
    kit = kit_from(template_repo, tmp_path / "kit")
    result = CliRunner().invoke(app, ["update", str(kit)])
    assert result.exit_code == 0
    assert "is up to date (template v1.0.0)" in result.stdout


def test_not_a_kit(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["update", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a kit" in result.stderr


def test_an_edited_file_the_new_version_leaves_out_is_kept(template_repo: Path,
                                                             tmp_path: Path) -> None:
    # v1.1.0 renders extra.md only for chapters that want it (the way 0.3.0 leaves the
    # sponsor pack out of an organisation kit), and its changelog says nothing about it.
    edited = kit_from(template_repo, tmp_path / "edited")
    untouched = kit_from(template_repo, tmp_path / "untouched")
    (edited / "extra.md").write_text("# Extra\n\nOptional reading.\n\nOur own notes.\n")
    commit_all(edited, "our edit")
    (template_repo / "copier.yml").write_text(
        "chapter_name: {type: str, default: Demo}\nextras: {type: bool, default: false}\n"
        "_answers_file: .copier-answers.yml\n")
    git(template_repo, "mv", "extra.md", "{% if extras %}extra.md{% endif %}")
    commit_all(template_repo, "v1.1", "v1.1.0")
    result = update_kit(edited)
    assert "Our own notes." in (edited / "extra.md").read_text()
    assert result.conflicts == ("extra.md",)
    assert [(k.was, k.moved_to, k.version) for k in result.kept_edits] == [
        ("extra.md", None, "v1.1.0")]
    # The file nobody edited goes, as Copier removes it.
    assert update_kit(untouched).conflicts == ()
    assert not (untouched / "extra.md").exists()
