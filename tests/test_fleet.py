"""Kits that keep themselves current on GitHub. The scripts the workflows run are run here
for real, against a bare "remote" and a clone of it, as a runner would: the update branch
and its pull-request text, an up-to-date kit, a conflict, held-back workflow files, and the
starter repository's "Make the kit" steps. Every workflow passes the GitHub workflow schema.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit import new_kit, resolve_answers
from boxkit._fleet import CONFLICT_LABEL, LABEL, pull_request
from boxkit._starter import KIT_WORKFLOWS, make_starter, readme
from boxkit._update import UpdateResult
from boxkit.cli import app
from conftest import TODAY, commit_all, make_kit
from conftest import git as git_output

pytestmark = pytest.mark.slow  # renders kits, runs git

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "templates/kit/template/.github/boxkit/update.sh"
OLD = "0.4.1"
"""A release from before the update workflow: the kits the fleet has today."""


def git(cwd: Path, *args: str) -> str:
    return git_output(cwd, *args).strip()


def old_kit(dest: Path, monkeypatch: pytest.MonkeyPatch, **given: object) -> Path:
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", OLD)
    answers = resolve_answers({"country": "GB", "locales": ["en"], **given},
                              today=TODAY).answers
    new_kit(dest, answers)
    monkeypatch.delenv("BOXKIT_TEMPLATE_VERSION")
    return dest


def published(kit: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The kit pushed to a bare remote, and a fresh clone of it (the runner's checkout)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    git(kit, "remote", "add", "origin", str(remote))
    git(kit, "push", "--quiet", "origin", "main")
    clone = tmp_path / "runner"
    git(tmp_path, "clone", "--quiet", str(remote), str(clone))
    return remote, clone


def run_script(script: Path, cwd: Path, out: Path, **env: str) -> tuple[int, dict[str, str]]:
    """Run a workflow's script as its step does; return its exit code and its outputs."""
    outputs = out.parent / "github-output"
    outputs.write_text("")
    bin_dir = str(Path(sys.executable).parent)
    done = subprocess.run(["bash", str(script)], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"],
                               "BOXKIT_OUT": str(out), "GITHUB_OUTPUT": str(outputs), **env})
    assert "Traceback" not in done.stderr, done.stderr
    print(done.stdout, done.stderr)  # shown when a test fails
    pairs = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return done.returncode, pairs


def test_an_older_kit_gets_an_update_branch_with_the_changelog_as_its_description(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kit = old_kit(tmp_path / "kit", monkeypatch)
    remote, clone = published(kit, tmp_path)
    main_before = git(remote, "rev-parse", "main")
    code, outputs = run_script(SCRIPT, clone, tmp_path / "out")
    assert code == 0 and outputs == {"changed": "true", "conflicts": "0"}
    # The branch is on the remote; the default branch is not touched.
    assert git(remote, "rev-parse", "main") == main_before
    branch = git(remote, "rev-parse", "boxkit/update")
    assert git(remote, "rev-parse", f"{branch}^") == main_before
    files = git(remote, "ls-tree", "-r", "--name-only", "boxkit/update").splitlines()
    assert ".github/boxkit/update.sh" in files
    assert "events/formats/en/show-and-tell.md" in files
    report = json.loads((tmp_path / "out/report.json").read_text())
    assert report["old_version"] == f"v{OLD}" and report["exit_status"] == 0
    body = (tmp_path / "out/body.md").read_text()
    title = (tmp_path / "out/title.txt").read_text().strip()
    new = report["new_version"].removeprefix("v")
    assert title == f"Update the kit to template {new}"
    assert git(remote, "log", "-1", "--format=%s", "boxkit/update") == title
    changelog = yaml.safe_load((ROOT / "templates/kit/changelog.yml").read_text())
    for entry in changelog:
        if entry["version"] > OLD:
            assert f"### {entry['version']}" in body
            for change in entry["changes"]:
                assert change in body
    assert (tmp_path / "out/labels.txt").read_text().split() == [LABEL]
    # The template changed the website's workflow, which the built-in token may not push:
    # it is held back, and the pull request says so.
    held = report["held_back"]
    assert ".github/workflows/website.yml" in held
    assert git(remote, "diff", "main", "boxkit/update", "--", ".github/workflows") == ""
    assert "`.github/workflows/website.yml`" in body

    # Run again (next Monday): the same update, so the branch stays as it is.
    again, outputs = run_script(SCRIPT, clone, tmp_path / "out2")
    assert again == 0 and outputs["changed"] == "true"
    assert git(remote, "rev-parse", "boxkit/update") == branch


def test_an_up_to_date_kit_produces_nothing(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="GB").dest
    remote, clone = published(kit, tmp_path)
    code, outputs = run_script(SCRIPT, clone, tmp_path / "out")
    assert code == 0 and outputs == {"changed": "false", "conflicts": "0"}
    assert "boxkit/update" not in git(remote, "branch", "--list")


def test_a_conflict_is_listed_and_labelled(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    kit = old_kit(tmp_path / "kit", monkeypatch)
    # The chapter ends its .gitignore with a line of its own; the new template adds one there.
    ignore = kit / ".gitignore"
    ignore.write_text(ignore.read_text() + "# Our notes\nnotes/\n")
    commit_all(kit, "our ignore list")
    remote, clone = published(kit, tmp_path)
    code, outputs = run_script(SCRIPT, clone, tmp_path / "out")
    assert code == 0 and outputs == {"changed": "true", "conflicts": "1"}
    assert (tmp_path / "out/conflicts.txt").read_text() == ".gitignore\n"
    assert (tmp_path / "out/labels.txt").read_text().split() == [LABEL, CONFLICT_LABEL]
    body = (tmp_path / "out/body.md").read_text()
    assert "## Conflicts to resolve (1)" in body and "- `.gitignore`" in body
    pushed = git(remote, "show", "boxkit/update:.gitignore")
    assert "<<<<<<< before updating" in pushed and "notes/" in pushed


def test_the_pull_request_is_written_in_the_kits_language(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    kit = old_kit(tmp_path / "kit", monkeypatch, country="SE", locales=["sv"])
    runner = CliRunner()
    result = runner.invoke(app, ["update", str(kit), "--no-input", "--hold-back",
                                 ".github/workflows", "--report", str(tmp_path / "r.json")])
    assert result.exit_code in (0, 3), result.output
    request = json.loads((tmp_path / "r.json").read_text())["pull_request"]
    assert request["title"].startswith("Uppdatera") or "mall" in request["title"], request
    assert "What changed" not in request["body"] and "Before you merge" not in request["body"]


def test_pull_request_text_lists_what_it_should() -> None:
    result = UpdateResult(Path("kit"), "v0.4.1", "v0.5.0", changed=("a.md", "b.md"),
                          conflicts=("b.md",), held_back=(".github/workflows/x.yml",))
    request = pull_request(result, "en")
    assert request.labels == (LABEL, CONFLICT_LABEL)
    assert "- `a.md`" in request.body and "- `b.md`" in request.body
    assert request.body.count("`b.md`") == 1  # listed once, as a conflict
    assert "## Workflow files to update by hand" in request.body


def test_every_workflow_passes_githubs_schema(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="GB").dest
    starter = make_starter(tmp_path / "starter", locales=["en"]).dest
    files = sorted([*kit.glob(".github/workflows/*.yml"),
                    *starter.glob(".github/workflows/*.yml")])
    assert len(files) == 5
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert checker, "check-jsonschema is in the test extra"
    done = subprocess.run([checker, "--builtin-schema", "vendor.github-workflows",
                           *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for path in files:
        workflow = yaml.safe_load(path.read_text())
        assert "secrets." not in path.read_text()  # only the built-in token
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:  # pinned to an exact release
                    assert step["uses"].count(".") >= 2, step["uses"]
        permissions = workflow.get("permissions", {})
        assert "write-all" not in str(permissions) and permissions, path.name


def test_the_starter_makes_a_committed_kit_from_workflow_inputs(tmp_path: Path) -> None:
    starter = make_starter(tmp_path / "starter", locales=["sv", "en"])
    assert starter.locales == ("sv", "en")
    # The first language's README is README.md, in Swedish; each links to the others.
    assert (starter.dest / "README.md").read_text() == readme("sv", ["en"])
    assert readme("sv") != readme("en") and "(README.en.md)" in readme("sv", ["en"])
    assert (starter.dest / "README.en.md").read_text() == readme("en", ["sv"])
    workflow = yaml.safe_load((starter.dest / ".github/workflows/make-kit.yml").read_text())
    inputs = workflow[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads "on" as True
    assert {"country", "scope", "name", "languages", "contact"} <= set(inputs)
    # Published on GitHub, then used as a template: a repository with its files.
    remote, clone = published(starter.dest, tmp_path)
    before = git(remote, "rev-parse", "main")
    code, _outputs = run_script(clone / ".github/boxkit/make-kit.sh", clone,
                                tmp_path / "out", KIT_COUNTRY="SE",
                                KIT_SCOPE="city", KIT_NAME="One Team Gov Malmö",
                                KIT_LANGUAGES="sv, en", KIT_CONTACT="hej@example.se",
                                KIT_ORGANISATION="")
    assert code == 0
    after = git(remote, "rev-parse", "main")
    assert git(remote, "rev-parse", f"{after}^") == before
    answers = yaml.safe_load(git(remote, "show", "main:.copier-answers.yml"))
    assert answers["chapter_name"] == "One Team Gov Malmö"
    assert answers["locales"] == ["sv", "en"] and answers["scope"] == "city"
    assert answers["contact_email"] == "hej@example.se"
    files = git(remote, "ls-tree", "-r", "--name-only", "main").splitlines()
    assert "guides/sv/01-start-here.md" in files and "README.en.md" in files
    # The kit's commit changes no workflow file: they were in the starter already.
    changed = git(remote, "diff", "--name-only", before, after).splitlines()
    assert not [name for name in changed if name.startswith(".github/workflows/")]
    assert set(KIT_WORKFLOWS) <= set(files)
    # A second run refuses: the repository holds a kit.
    code, _ = run_script(clone / ".github/boxkit/make-kit.sh", clone, tmp_path / "out2",
                         KIT_COUNTRY="SE")
    assert code == 1


def test_the_starter_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine\n")
    result = CliRunner().invoke(app, ["starter", str(tmp_path / "used")])
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine\n"


def test_site_build_lists_the_blanks_it_would_publish(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="GB").dest
    result = CliRunner().invoke(app, ["site", "build", str(kit), "--strict"])
    assert result.exit_code == 1
    assert "website/content/contact.en.md:" in result.stderr
    assert "[FILL IN: the chapter's contact e-mail]" in result.stderr
    # The command itself takes a short path past the Typer app: the same lines, same codes.
    command = subprocess.run([sys.executable, "-m", "boxkit", "site", "build", str(kit),
                              "--strict"], capture_output=True, text=True)
    assert command.returncode == 1
    assert command.stderr == result.stderr and command.stdout == result.stdout
    missing = subprocess.run([sys.executable, "-m", "boxkit", "site", "build",
                              str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.startswith("boxkit: error: ")
    assert missing.stderr.count("\n") == 1
    filled = make_kit(tmp_path / "filled", country="GB", contact_email="hi@example.org",
                      event_venue="Town Hall", event_city="Leeds").dest
    result = CliRunner().invoke(app, ["site", "build", str(filled), "--strict"])
    assert result.exit_code == 0, result.stderr
    assert "blank" not in result.stderr
