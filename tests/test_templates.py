"""Templates from elsewhere: Copier and cookiecutter, filled with the chapter's answers, and
never allowed to run code or write outside the kit without --trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from boxkit.cli import app
from conftest import commit_all, git

pytestmark = pytest.mark.slow  # every test here renders Copier or cookiecutter templates

NEW = ["--country", "SE", "--locale", "en", "--no-input", "-d", "event_city=Malmö",
       "-d", "contact_email=hej@example.se"]



def copier_template(root: Path, extra: str = "") -> Path:
    root.mkdir(parents=True)
    (root / "copier.yml").write_text(
        "chapter_name: {type: str}\ncity: {type: str, default: nowhere}\n"
        "theme: {type: str, default: open data}\n" + extra)
    (root / "{{_copier_conf.answers_file}}.jinja").write_text(
        "{{ _copier_answers|to_nice_yaml }}")
    (root / "hack-day.md.jinja").write_text("# {{ chapter_name }} hack day\n\n"
                                            "In {{ city }}, about {{ theme }}.\n")
    return root


def cookiecutter_template(root: Path, context: dict[str, str] | None = None) -> Path:
    (root / "{{cookiecutter.project_slug}}").mkdir(parents=True)
    (root / "cookiecutter.json").write_text(json.dumps(context or {
        "project_name": "Meetup", "city": "", "theme": "civic tech",
        "project_slug": "{{ cookiecutter.project_name|lower|replace(' ', '-') }}"}))
    (root / "{{cookiecutter.project_slug}}" / "README.md").write_text(
        "# {{ cookiecutter.project_name }}\n\nMeet in {{ cookiecutter.city }} about "
        "{{ cookiecutter.theme }}.\n")
    return root


def test_copier_template_gets_the_chapters_answers(tmp_path: Path) -> None:
    template = copier_template(tmp_path / "tpl")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                      str(template), *NEW])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "kit" / "hack-day.md").read_text()
    assert text == "# One Team Gov Sverige hack day\n\nIn Malmö, about open data.\n"
    recorded = yaml.safe_load((tmp_path / "kit" / ".copier-answers.yml").read_text())
    assert recorded["chapter_name"] == "One Team Gov Sverige" and recorded["theme"] == "open data"
    assert git(tmp_path / "kit", "rev-list", "--count", "HEAD").strip() == "1"


def test_cookiecutter_template_gets_the_chapters_answers_without_side_effects(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    template = cookiecutter_template(tmp_path / "cc")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                      str(template), *NEW])
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "kit" / "README.md").read_text()
    assert readme == "# One Team Gov Sverige\n\nMeet in Malmö about civic tech.\n"
    assert list(home.iterdir()) == []  # no ~/.cookiecutter_replay, no clones


def test_copier_task_does_not_run_without_trust(tmp_path: Path) -> None:
    marker = tmp_path / "task-ran"
    template = copier_template(tmp_path / "tpl", f"_tasks:\n  - touch {marker}\n")
    refused = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                       str(template), *NEW])
    assert refused.exit_code == 1
    assert "wants to run code: _tasks:" in refused.stderr and str(marker) in refused.stderr
    assert "--trust" in refused.stderr
    assert not marker.exists() and not (tmp_path / "kit").exists()
    trusted = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                       str(template), "--trust", *NEW])
    assert trusted.exit_code == 0, trusted.output
    assert marker.exists()


def test_cookiecutter_hook_does_not_run_without_trust(tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    template = cookiecutter_template(tmp_path / "cc")
    (template / "hooks").mkdir()
    (template / "hooks" / "post_gen_project.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n")
    refused = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                       str(template), *NEW])
    assert refused.exit_code == 1
    assert "hook post_gen_project.py" in refused.stderr
    assert not marker.exists() and not (tmp_path / "kit").exists()
    trusted = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                       str(template), "--trust", *NEW])
    assert trusted.exit_code == 0, trusted.output
    assert marker.read_text() == "ran"


def test_untrusted_cookiecutter_cannot_reach_python_through_jinja(tmp_path: Path) -> None:
    marker = tmp_path / "jinja-ran"
    template = cookiecutter_template(tmp_path / "cc")
    (template / "{{cookiecutter.project_slug}}" / "evil.txt").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                      str(template), *NEW])
    assert result.exit_code == 1
    assert "could not render" in result.stderr
    assert not marker.exists() and not (tmp_path / "kit").exists()


@pytest.mark.parametrize("kind", ["cookiecutter", "copier"])
@pytest.mark.parametrize("trust", [False, True])
def test_a_link_out_of_the_template_cannot_copy_the_users_files(
        tmp_path: Path, kind: str, trust: bool) -> None:
    secret = tmp_path / "home" / ".ssh" / "id_rsa"
    secret.parent.mkdir(parents=True)
    secret.write_text("PRIVATE KEY\n")
    if kind == "cookiecutter":
        template = cookiecutter_template(tmp_path / "tpl")
        folder = template / "{{cookiecutter.project_slug}}"
    else:
        template = folder = copier_template(tmp_path / "tpl")
    (folder / "stolen.txt").symlink_to(secret)
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                      str(template), *NEW, *(["--trust"] if trust else [])])
    assert result.exit_code == 1
    assert "stolen.txt is a link to a file outside the template" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "kit").exists()


def test_cookiecutter_internals_boxkit_wraps_are_the_expected_ones() -> None:
    """boxkit guards untrusted cookiecutter templates by wrapping two functions and
    swapping the Jinja environment; this fails when a cookiecutter release moves them
    (and boxkit then refuses to render rather than render unguarded)."""
    import cookiecutter.generate as cc_generate

    from boxkit._cookiecutter import check_cookiecutter_internals
    from boxkit.errors import TemplateError

    check_cookiecutter_internals()
    original = cc_generate.generate_file

    def reshaped(project_dir: str, infile: str, context: object) -> None:
        raise AssertionError("never called")

    cc_generate.generate_file = reshaped  # type: ignore[assignment]
    try:
        with pytest.raises(TemplateError, match=r"generate\.generate_file.*changed"):
            check_cookiecutter_internals()
    finally:
        cc_generate.generate_file = original


def test_no_template_writes_outside_the_destination(tmp_path: Path) -> None:
    import tempfile
    import uuid

    name = f"boxkit-escape-{uuid.uuid4().hex}"
    places = [tmp_path / name, Path(tempfile.gettempdir()) / name]
    template = tmp_path / "cc"
    (template / "{{cookiecutter.folder}}").mkdir(parents=True)
    (template / "cookiecutter.json").write_text(json.dumps({"folder": f"../../{name}"}))
    (template / "{{cookiecutter.folder}}" / "README.md").write_text("# Escaped\n")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "out" / "kit"), "--template",
                                      str(template), *NEW])
    assert result.exit_code == 1
    assert "outside the destination" in result.stderr
    assert not any(p.exists() for p in places) and not (tmp_path / "out").exists()
    nested = tmp_path / "cc2"
    (nested / "{{cookiecutter.folder}}").mkdir(parents=True)
    (nested / "cookiecutter.json").write_text(json.dumps({"folder": "ok", "file": f"../../{name}"}))
    (nested / "{{cookiecutter.folder}}" / "{{cookiecutter.file}}").write_text("x\n")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "out" / "kit"), "--template",
                                      str(nested), *NEW])
    assert result.exit_code == 1 and "outside the destination" in result.stderr
    assert not any(p.exists() for p in places)
    copier_tpl = tmp_path / "ctpl"
    copier_tpl.mkdir()
    (copier_tpl / "copier.yml").write_text('target: {type: str, default: "../../evil"}\n')
    (copier_tpl / "{{ target }}.txt.jinja").write_text("x\n")
    result = CliRunner().invoke(app, ["new", str(tmp_path / "out2" / "kit"), "--template",
                                      str(copier_tpl), *NEW])
    assert result.exit_code == 1
    assert "forbidden" in result.stderr
    assert not list(tmp_path.rglob("evil.txt"))


def test_not_a_template(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                      str(tmp_path / "folder"), *NEW])
    assert result.exit_code == 1
    assert "neither a Copier template" in result.stderr


def test_copier_addon_is_added_committed_and_updated(kit: Path, tmp_path: Path) -> None:
    repo = copier_template(tmp_path / "hackday")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "v1", "v1.0.0")
    added = CliRunner().invoke(app, ["add", str(repo), "--kit", str(kit), "--no-input"])
    assert added.exit_code == 0, added.output
    assert "into addons/hackday" in added.stdout
    page = kit / "addons" / "hackday" / "hack-day.md"
    assert "In Malmö, about open data." in page.read_text()
    assert git(kit, "status", "--porcelain") == ""
    addons = yaml.safe_load((kit / ".boxkit" / "addons.yml").read_text())
    assert addons[0]["kind"] == "copier" and addons[0]["path"] == "addons/hackday"
    (repo / "hack-day.md.jinja").write_text("# {{ chapter_name }} hack day\n\n"
                                            "In {{ city }}, about {{ theme }}. Bring a laptop.\n")
    commit_all(repo, "v2", "v2.0.0")
    updated = CliRunner().invoke(app, ["update", str(kit), "--no-input"])
    assert updated.exit_code == 0, updated.output
    assert "Add-on addons/hackday: v1.0.0 → v2.0.0" in updated.stdout
    assert "Bring a laptop." in page.read_text()


def test_cookiecutter_addon_is_recorded_and_update_says_it_cannot(kit: Path,
                                                                  tmp_path: Path) -> None:
    template = cookiecutter_template(tmp_path / "meetup")
    added = CliRunner().invoke(app, ["add", str(template), "--kit", str(kit), "--into",
                                     "website-extra", "--no-input"])
    assert added.exit_code == 0, added.output
    assert (kit / "website-extra" / "README.md").read_text().startswith("# One Team Gov")
    updated = CliRunner().invoke(app, ["update", str(kit), "--no-input"])
    assert updated.exit_code == 0, updated.output
    assert "website-extra: made from a cookiecutter template" in updated.stdout
    assert "cannot be updated in place" in updated.stdout


def test_add_refuses_untrusted_code_and_paths_outside(kit: Path, tmp_path: Path) -> None:
    marker = tmp_path / "task-ran"
    template = copier_template(tmp_path / "tpl", f"_tasks:\n  - touch {marker}\n")
    before = git(kit, "rev-parse", "HEAD")
    refused = CliRunner().invoke(app, ["add", str(template), "--kit", str(kit)])
    assert refused.exit_code == 1 and "wants to run code" in refused.stderr
    outside = CliRunner().invoke(app, ["add", str(copier_template(tmp_path / "ok")), "--kit",
                                       str(kit), "--into", "../elsewhere", "--no-input"])
    assert outside.exit_code == 1 and "must be a folder inside the kit" in outside.stderr
    assert not marker.exists() and not (tmp_path / "elsewhere").exists()
    assert git(kit, "rev-parse", "HEAD") == before and git(kit, "status", "--porcelain") == ""
