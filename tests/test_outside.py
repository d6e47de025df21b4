"""Outside templates behave as under their own tool.

tests/data/templates holds small templates shaped like popular public ones: a cookiecutter
Python package (hooks, an author e-mail default, a slug that must be an identifier) and a
Copier hack-day pack (a subdirectory, a Jinja extension, a question without a default, a
derived identifier). Each is rendered by boxkit and by its own tool with the same answers,
and the two outputs must be the same file for file, apart from the kit's own records.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit.cli import app
from conftest import commit_all, git

pytestmark = pytest.mark.slow  # every test here renders templates, some with their own tools

TEMPLATES = Path(__file__).parent / "data" / "templates"
RECORDS = {".git", ".copier-answers.yml"}
NZ = "One Team Gov New Zealand"


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def boxkit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def same_tree(one: Path, other: Path) -> list[str]:
    """Differences between two folders, ignoring the kit's own records."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        for name in compared.left_only + compared.right_only:
            if name not in RECORDS:
                found.append(f"only on one side: {prefix}{name}")
        for name in compared.common_files:
            if not filecmp.cmp(Path(compared.left, name), Path(compared.right, name),
                               shallow=False):
                found.append(f"differs: {prefix}{name}")
        for name, sub in compared.subdirs.items():
            if name not in RECORDS:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return found


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TEMPLATES / "cc-package", tmp_path / "cc-package"))


@pytest.fixture
def hackday(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TEMPLATES / "copier-hackday", tmp_path / "copier-hackday"))


@pytest.mark.slow
@pytest.mark.parametrize("email", [None, "kiaora@example.nz"])
def test_cookiecutter_package_matches_cookiecutter(package: Path, tmp_path: Path,
                                                   email: str | None) -> None:
    given = ["-d", f"contact_email={email}"] if email else []
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--template", str(package), "--trust",
                          "--country", "NZ", "--locale", "en", "--no-input", *given)
    assert code == 0, err
    context = [f"project_name={NZ}", *([f"email={email}"] if email else [])]
    subprocess.run([tool("cookiecutter"), "--no-input", "--output-dir", str(tmp_path / "cc"),
                    str(package), *context], check=True, capture_output=True)
    made = tmp_path / "cc" / "one_team_gov_new_zealand"
    assert made.is_dir()  # the template derived an identifier from the mapped name
    assert same_tree(tmp_path / "kit", made) == []
    security = (tmp_path / "kit" / "SECURITY.md").read_text()
    # An empty contact never replaces the template's own default.
    assert f"Contact {email or 'jane.doe@example.org'} for" in security


@pytest.mark.slow
def test_copier_hackday_matches_copier(hackday: Path, tmp_path: Path) -> None:
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--template", str(hackday), "--trust",
                          "--country", "NZ", "--locale", "en", "--no-input",
                          "-d", "description=Fixing forms together")
    assert code == 0, err
    subprocess.run([tool("copier"), "copy", "--trust", "--defaults", "--quiet",
                    "-d", f"chapter_name={NZ}", "-d", "description=Fixing forms together",
                    str(hackday.resolve()), str(tmp_path / "copier")],
                   check=True, capture_output=True)
    assert same_tree(tmp_path / "kit", tmp_path / "copier") == []
    readme = (tmp_path / "kit" / "README.md").read_text()
    assert "Fixing forms together, in Wellington. Questions: hackday@example.org." in readme
    assert "one_team_gov_new_zealand" in readme
    ours = yaml.safe_load((tmp_path / "kit/.copier-answers.yml").read_text())
    theirs = yaml.safe_load((tmp_path / "copier/.copier-answers.yml").read_text())
    assert ours == theirs


def test_a_required_question_left_unanswered_is_one_line(hackday: Path,
                                                         tmp_path: Path) -> None:
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--template", str(hackday), "--trust",
                          "--country", "NZ", "--no-input")
    assert code == 1 and err.count("\n") == 1
    assert "needs an answer to description; pass -d description=…" in err
    assert not (tmp_path / "kit").exists()


def test_an_answer_nobody_asks_for_is_one_line(hackday: Path, tmp_path: Path) -> None:
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--template", str(hackday), "--trust",
                          "--country", "NZ", "--no-input", "-d", "description=x",
                          "-d", "licence=MIT")
    assert code == 1 and err.count("\n") == 1
    assert "unknown answer(s) licence" in err and "it asks chapter_name, city" in err
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--country", "NZ", "--no-input",
                          "-d", "licence=MIT")
    assert code == 1 and "unknown answer 'licence'" in err


def test_a_missing_template_path_says_so(tmp_path: Path) -> None:
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--template", str(tmp_path / "nope"),
                          "--country", "NZ", "--no-input")
    assert code == 1
    assert f"{tmp_path / 'nope'}: no such folder or file, and not a git URL" in err
    assert "clone" not in err


def test_add_pins_a_version_and_records_a_source_valid_anywhere(
        kit: Path, hackday: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(hackday, "init", "-q", "-b", "main")
    commit_all(hackday, "v1", "v1.0.0")
    readme = hackday / "template" / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nVersion two.\n")
    commit_all(hackday, "v2", "v2.0.0")
    monkeypatch.chdir(tmp_path)  # the source is given relative to this folder
    code, _, err = boxkit("add", "copier-hackday", "--kit", str(kit), "--ref", "v1.0.0",
                            "--trust", "--no-input", "-d", "description=Open data day")
    assert code == 0, err
    added = kit / "addons" / "copier-hackday"
    assert "Version two." not in (added / "README.md").read_text()
    assert "Open data day" in (added / "README.md").read_text()
    answers = yaml.safe_load((added / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert answers["_src_path"] == str(hackday.resolve())
    recorded = yaml.safe_load((kit / ".boxkit" / "addons.yml").read_text())
    assert recorded == [{"name": "copier-hackday", "path": "addons/copier-hackday",
                         "kind": "copier", "src": str(hackday.resolve()),
                         "answers_file": ".copier-answers.yml", "trusted": True}]


def _addon_template(root: Path, marker: Path) -> Path:
    """A Copier add-on: v1.0.0 runs nothing; v2.0.0 adds a task; v3.0.0rc1 is a pre-release."""
    root.mkdir()
    (root / "copier.yml").write_text("_answers_file: .copier-answers.yml\n"
                                     "chapter_name: {type: str}\n")
    (root / "{{_copier_conf.answers_file}}.jinja").write_text(
        "{{ _copier_answers|to_nice_yaml }}")
    (root / "notes.md.jinja").write_text("# {{ chapter_name }} notes\n")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "v1", "v1.0.0")
    (root / "copier.yml").write_text("_answers_file: .copier-answers.yml\n"
                                     "chapter_name: {type: str}\n"
                                     f"_tasks:\n  - touch {marker}\n")
    (root / "notes.md.jinja").write_text("# {{ chapter_name }} notes\n\nVersion two.\n")
    commit_all(root, "v2", "v2.0.0")
    (root / "notes.md.jinja").write_text("# {{ chapter_name }} notes\n\nA candidate.\n")
    commit_all(root, "v3rc1", "v3.0.0rc1")
    return root


@pytest.mark.parametrize("trusted", [False, True])
def test_addon_updates_keep_the_trust_they_were_given(kit: Path, tmp_path: Path,
                                                      trusted: bool) -> None:
    marker = tmp_path / "task-ran"
    template = _addon_template(tmp_path / "addon", marker)
    code, _, err = boxkit("add", str(template), "--kit", str(kit), "--ref", "v1.0.0",
                          "--no-input", *(["--trust"] if trusted else []))
    assert code == 0, err
    code, out, err = boxkit("update", str(kit), "--no-input")
    assert code == 0, out + err
    notes = (kit / "addons/addon/notes.md").read_text()
    if trusted:
        assert "addons/addon: runs _tasks: " in out and "(trusted when added)" in out
        assert "addons/addon: v1.0.0 → v2.0.0" in out  # the add-on's version, not the kit's
        assert "Version two." in notes and marker.exists()
        assert "Update the add-on" in out
    else:
        assert "addons/addon: v2.0.0 wants to run code (_tasks:" in out
        assert "added without --trust, so it was not updated" in out
        assert "Version two." not in notes and not marker.exists()
    assert "A candidate." not in notes  # pre-releases only when asked for
