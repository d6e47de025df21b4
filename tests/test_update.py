"""`boxkit update` over real git template repositories and the bundled template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit import new_kit, resolve_answers
from boxkit.cli import app
from boxkit.template import release_history
from boxkit.update import UpdateError, update_kit
from conftest import TODAY, commit_all, git

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


def make(template: Path, dest: Path) -> Path:
    answers = resolve_answers({"country": "SE"}, today=TODAY).answers
    new_kit(dest, answers, template=str(template))
    return dest


def test_clean_update_and_changelog(template_repo: Path, tmp_path: Path) -> None:
    kit = make(template_repo, tmp_path / "kit")
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
    kit = make(template_repo, tmp_path / "kit")
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
    kit = make(template_repo, tmp_path / "kit")
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
    kit = make(template_repo, tmp_path / "kit")
    (kit / "extra.md").unlink()
    commit_all(kit, "we do not need it")
    (template_repo / "extra.md").write_text("# Extra\n\nOptional reading, updated.\n")
    commit_all(template_repo, "v1.1", "v1.1.0")
    update_kit(kit)
    assert not (kit / "extra.md").exists()


def test_dirty_tree_is_refused(template_repo: Path, tmp_path: Path) -> None:
    kit = make(template_repo, tmp_path / "kit")
    (kit / "guide.md").write_text("unsaved work\n")
    result = CliRunner().invoke(app, ["update", str(kit)])
    assert result.exit_code == 1
    assert "uncommitted change" in result.stderr
    assert "git stash" in result.stderr and "git commit" in result.stderr
    assert (kit / "guide.md").read_text() == "unsaved work\n"


def test_dry_run_and_to_version(template_repo: Path, tmp_path: Path) -> None:
    kit = make(template_repo, tmp_path / "kit")
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
    kit = make(template_repo, tmp_path / "kit")
    moved = tmp_path / "elsewhere" / "our-kit"
    moved.parent.mkdir()
    shutil.move(str(kit), moved)
    (template_repo / "guide.md.jinja").write_text("# {{ chapter_name }}\n\nmoved on\n")
    commit_all(template_repo, "v2", "v2.0.0")
    assert update_kit(moved).new_version == "v2.0.0"
    assert "moved on" in (moved / "guide.md").read_text()


def test_up_to_date(template_repo: Path, tmp_path: Path) -> None:
    kit = make(template_repo, tmp_path / "kit")
    result = CliRunner().invoke(app, ["update", str(kit)])
    assert result.exit_code == 0
    assert "is up to date (template v1.0.0)" in result.stdout


def test_not_a_kit(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["update", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a kit" in result.stderr


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, tmp_path / "root" / name)
    monkeypatch.setenv("BOXKIT_ROOT", str(tmp_path / "root"))
    # Kits record the bundle as ~/.local/share/boxkit/kit.bundle: a HOME per "machine".
    monkeypatch.delenv("BOXKIT_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "machine-1"))
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", "0.1.0")
    return tmp_path / "root" / "templates" / "kit"


def test_bundled_template_upgrades_to_the_next_boxkit_on_another_machine(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "refs/tags/v0.1.0" in git(workspace.parent, "bundle", "list-heads",
                                     "kit-history.bundle")
    release_history("0.1.0")  # releasing again changes nothing
    kit = tmp_path / "kit"
    answers = resolve_answers({"country": "SE", "event_kind": "unconference", "locales": "en"},
                              today=TODAY).answers
    made = new_kit(kit, answers)
    assert made.template == "~/.local/share/boxkit/kit.bundle"
    guide = kit / "guides/en/04-running-an-unconference.md"
    guide.write_text(guide.read_text().replace("# Running", "# Our way of running", 1))
    principles = kit / "principles/en/principles.md"
    principles.unlink()
    commit_all(kit, "our edits")
    # The next boxkit: a changed guide and a changelog entry, on a machine that never saw
    # version 0.1.0 built (a new data folder): the shipped history must carry it.
    source = workspace / "template" / GUIDE / "01-start-here.md.jinja"
    source.write_text(source.read_text().replace("## What a chapter is",
                                                 "## What a chapter is, in short"))
    with (workspace / "changelog.yml").open("a") as fh:
        fh.write('- version: 0.2.0\n  changes: ["A shorter heading in the first guide."]\n')
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", "0.2.0")
    monkeypatch.setenv("HOME", str(tmp_path / "machine-2"))
    result = CliRunner().invoke(app, ["update", str(kit), "--no-input"])
    assert result.exit_code == 0, result.output
    assert "v0.1.0 → v0.2.0" in result.stdout
    assert "A shorter heading in the first guide." in result.stdout
    assert "## What a chapter is, in short" in (kit / "guides/en/01-start-here.md").read_text()
    assert "# Our way of running" in guide.read_text()
    assert not principles.exists()


def test_new_question_is_asked_or_defaulted(workspace: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    answers = resolve_answers({"country": "GB", "event_kind": "breakfast"},
                              today=TODAY).answers
    kits = [tmp_path / "asked", tmp_path / "defaulted"]
    for kit in kits:
        new_kit(kit, answers)
        # A kit from before `event_repeat_weeks` existed.
        recorded = (kit / ".copier-answers.yml").read_text()
        (kit / ".copier-answers.yml").write_text(
            "\n".join(line for line in recorded.splitlines()
                      if not line.startswith("event_repeat_weeks")) + "\n")
        commit_all(kit, "older answers")
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", "0.2.0")
    asked = CliRunner().invoke(app, ["update", str(kits[0])], input="1\n")
    assert asked.exit_code == 0, asked.output
    assert "Repeat every how many weeks?" in asked.stderr
    assert "New answers: event_repeat_weeks" in asked.stdout
    defaulted = CliRunner().invoke(app, ["update", str(kits[1]), "--no-input"])
    assert defaulted.exit_code == 0, defaulted.output
    weekly = yaml.safe_load((kits[0] / ".copier-answers.yml").read_text())
    fortnightly = yaml.safe_load((kits[1] / ".copier-answers.yml").read_text())
    assert (weekly["event_repeat_weeks"], fortnightly["event_repeat_weeks"]) == (1, 2)
    assert "and then every Tuesday." in (kits[0] / "events/breakfast/en/invitation.md").read_text()
    assert "and then every other Tuesday." in (
        kits[1] / "events/breakfast/en/invitation.md").read_text()


def test_released_template_cannot_change_without_a_new_version(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from boxkit.errors import TemplateError
    from boxkit.template import bundled_template

    (workspace / "template" / "NEW.md").write_text("# New\n")
    with pytest.raises(TemplateError, match=r"changed since release v0\.1\.0: bump"):
        bundled_template("0.1.0")
    assert bundled_template("0.1.1").version == "0.1.1"


def test_shipped_history_holds_the_current_version() -> None:
    from boxkit import __version__

    heads = git(ROOT / "templates", "bundle", "list-heads", "kit-history.bundle")
    assert f"refs/tags/v{__version__}" in heads
