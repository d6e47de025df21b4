"""Releases and the template cache, as a maintainer and a chapter meet them.

The first test follows docs/maintaining.md "From a change to a release" in the order
written, on a copy of what a fresh clone holds, and then updates a kit made with the newest
real release (v0.1.0 is in the shipped history) to the release it made. Step 4
(`boxkit check`, `pytest`) is what tests/test_check.py and this suite do.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from packaging.version import Version
from typer.testing import CliRunner

from boxkit import new_kit, resolve_answers
from boxkit.cli import app
from conftest import TODAY, commit_all, git

pytestmark = pytest.mark.slow  # every test here builds template bundles and renders kits

ROOT = Path(__file__).parents[1]
GUIDE = "{% if 'guides' in parts %}guides{% endif %}/{% if 'en' in locales %}en{% endif %}"
VERSION = re.compile(r'__version__ = "([^"]+)"')


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What a fresh clone holds that releasing touches: templates, catalogs, version file."""
    root = tmp_path / "clone"
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, root / name)
    (root / "src" / "boxkit").mkdir(parents=True)
    shutil.copyfile(ROOT / "src" / "boxkit" / "_version.py",
                    root / "src" / "boxkit" / "_version.py")
    monkeypatch.setenv("BOXKIT_ROOT", str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "machine-1"))
    monkeypatch.delenv("BOXKIT_TEMPLATE_VERSION", raising=False)
    return root


def boxkit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def version_in(root: Path) -> str:
    found = VERSION.search((root / "src" / "boxkit" / "_version.py").read_text())
    assert found is not None
    return found[1]


def released(root: Path) -> list[str]:
    heads = git(root / "templates", "bundle", "list-heads", "kit-history.bundle")
    return sorted(re.findall(r"refs/tags/v(\S+)", heads), key=Version)


def kit_at(version: str, dest: Path, monkeypatch: pytest.MonkeyPatch, **given: object) -> Path:
    """A kit as `boxkit new` made it when ``version`` was the newest boxkit."""
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", version)
    answers = resolve_answers({"country": "SE", "locales": "en", **given},
                              today=TODAY).answers
    new_kit(dest, answers)
    monkeypatch.delenv("BOXKIT_TEMPLATE_VERSION")
    return dest


@pytest.mark.slow
def test_the_documented_release_steps_work_in_order(checkout: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    last = released(checkout)[-1]
    kit = kit_at(last, tmp_path / "kit", monkeypatch, country="CA", locales=["en", "fr"])
    assert yaml.safe_load((kit / ".copier-answers.yml").read_text())["_commit"] == f"v{last}"
    # The chapter edits guide 9 in both languages; the next release renames it.
    for code in ("en", "fr"):
        nine = kit / f"guides/{code}/09-keeping-it-going.md"
        nine.write_text(nine.read_text() + f"\nOur {code} note on keeping going.\n")
    unconference = kit / "guides/en/04-running-an-unconference.md"
    start = kit / "guides/en/01-start-here.md"
    ours = unconference.read_text().replace("# Running", "# Our way of running", 1)
    unconference.write_text(ours)
    first_line = start.read_text().splitlines()[0]
    start.write_text(start.read_text().replace(first_line, first_line + " (our version)", 1))
    commit_all(kit, "our edits")

    # 1. Start the next version (a development version is kept as it is).
    code, out, _ = boxkit("release", "--next")
    assert code == 0, out
    working = version_in(checkout)
    assert Version(working).is_devrelease and Version(working) > Version(last)
    # 2. Edit: a new line in guide 4 and, where the chapter changed it too, guide 1's title.
    source = checkout / "templates/kit/template" / GUIDE
    guide4 = source / "04-running-an-unconference.md.jinja"
    text = guide4.read_text()
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    guide4.write_text(text.replace(heading, heading + "\n\nRead this a week before.", 1))
    guide1 = source / "01-start-here.md.jinja"
    title = guide1.read_text().splitlines()[0]
    guide1.write_text(guide1.read_text().replace(title, title + " — the maintainers' way", 1))
    (source / "09-keeping-it-going.md.jinja").rename(source / "09-keeping-going.md.jinja")
    # 3. Refresh the catalogs; it names the Babel the tables will come from.
    code, out, _ = boxkit("locale", "extract")
    assert code == 0, out
    assert re.search(r"CLDR tables from Babel \S+ \(CLDR \S+\)", out)
    # 5. The changelog entry.
    target = Version(working).base_version
    with (checkout / "templates/kit/changelog.yml").open("a") as fh:
        fh.write(f'- version: {target}\n  changes: ["Guide 4 says when to read it."]\n'
                 '  moved:\n    "guides/{locale}/09-keeping-it-going.md": '
                 '"guides/{locale}/09-keeping-going.md"\n')
    # 6. Release.
    code, out, _ = boxkit("release")
    assert code == 0, out
    assert f"v{target}" in out and "Guide 4 says when to read it." in out
    assert version_in(checkout) == target
    assert released(checkout)[-2:] == [last, target]
    again = boxkit("release")  # releasing the same sources again changes nothing
    assert again[0] == 0, again
    assert released(checkout)[-2:] == [last, target]
    # 7. Published; back to step 1.
    code, out, _ = boxkit("release", "--next")
    assert code == 0, out
    assert Version(version_in(checkout)) > Version(target)

    # The chapter, on another machine, gets the release, not the development version.
    monkeypatch.setenv("HOME", str(tmp_path / "machine-2"))
    code, out, err = boxkit("update", str(kit), "--no-input")
    assert code == 3, out + err
    assert f"v{last} → v{target}" in out
    assert "Guide 4 says when to read it." in out
    assert "01-start-here.md" in err
    assert "Read this a week before." in unconference.read_text()
    assert "# Our way of running" in unconference.read_text()
    conflicted = start.read_text()
    assert "(our version)" in conflicted and "the maintainers' way" in conflicted
    assert "<<<<<<< before updating" in conflicted
    recorded = yaml.safe_load((kit / ".copier-answers.yml").read_text())
    assert recorded["_commit"] == f"v{target}"
    # The renamed guide took the chapter's edits along, in both languages.
    for code in ("en", "fr"):
        assert not (kit / f"guides/{code}/09-keeping-it-going.md").exists()
        moved = (kit / f"guides/{code}/09-keeping-going.md").read_text()
        assert f"Our {code} note on keeping going." in moved
        assert (f"guides/{code}/09-keeping-it-going.md → guides/{code}/09-keeping-going.md: "
                f"moved by the template in v{target}; your edits were carried over") in err


def test_a_released_checkout_must_start_a_new_version_before_changing(
        checkout: Path, tmp_path: Path) -> None:
    last = released(checkout)[-1]
    version_file = checkout / "src" / "boxkit" / "_version.py"
    version_file.write_text(VERSION.sub(f'__version__ = "{last}"', version_file.read_text()))
    guide = checkout / "templates/kit/template" / GUIDE / "01-start-here.md.jinja"
    guide.write_text(guide.read_text() + "\nOne more line.\n")
    code, _, err = boxkit("new", str(tmp_path / "kit"), "--country", "SE", "--no-input")
    assert code == 1
    assert err.count("\n") == 1
    assert f"changed since release v{last}" in err and "boxkit release --next" in err
    assert not (tmp_path / "kit").exists()
    code, out, _ = boxkit("release", "--next")
    assert code == 0, out
    assert version_in(checkout) == f"{Version(last).major}.{Version(last).minor + 1}.0.dev0"
    code, out, err = boxkit("new", str(tmp_path / "kit"), "--country", "SE", "--no-input")
    assert code == 0, err
    assert "One more line." in (tmp_path / "kit/guides/sv/01-start-here.md").read_text() or \
        "One more line." in (tmp_path / "kit/guides/en/01-start-here.md").read_text()


def test_release_refuses_what_it_cannot_release(checkout: Path) -> None:
    last = released(checkout)[-1]
    assert boxkit("release", "--next")[0] == 0  # a version with no changelog entry yet
    code, _, err = boxkit("release")
    assert code == 1
    assert "changelog.yml: no entry with changes for" in err
    code, _, err = boxkit("release", "--version", "0.0.1")
    assert code == 1 and f"v{last} is released already" in err
    code, _, err = boxkit("release", "--version", "1.0.0rc1")
    assert code == 1 and "needs a final version" in err
    assert released(checkout)[-1] == last


def test_release_needs_a_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BOXKIT_ROOT", str(tmp_path))
    code, _, err = boxkit("release")
    assert code == 1 and "works on a checkout of boxkit" in err


def test_a_damaged_template_cache_is_rebuilt(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert boxkit("new", str(tmp_path / "first"), "--country", "GB", "--no-input")[0] == 0
    bundle = tmp_path / "home/.local/share/boxkit/kit.bundle"
    data = bundle.read_bytes()
    bundle.write_bytes(data[: len(data) // 2])  # cut short; its stamp is intact
    code, out, err = boxkit("new", str(tmp_path / "second"), "--country", "GB", "--no-input")
    assert code == 0, err
    assert "template cache was damaged or changed; rebuilt it" in out + err
    assert bundle.read_bytes() != data[: len(data) // 2]
    assert (tmp_path / "second/README.md").is_file()
    bundle.write_bytes(b"not a bundle")
    code, out, err = boxkit("update", str(tmp_path / "first"), "--no-input")
    assert code == 0, out + err
    assert "is up to date" in out


def test_a_kit_records_a_source_valid_on_any_machine(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "one"))
    assert boxkit("new", str(tmp_path / "kit"), "--country", "GB", "--no-input")[0] == 0
    recorded = yaml.safe_load((tmp_path / "kit/.copier-answers.yml").read_text())
    assert recorded["_src_path"] == "~/.local/share/boxkit/kit.bundle"
    monkeypatch.setenv("HOME", str(tmp_path / "two"))  # another machine, never used before
    code, out, err = boxkit("update", str(tmp_path / "kit"), "--no-input")
    assert code == 0, out + err
    assert (tmp_path / "two/.local/share/boxkit/kit.bundle").is_file()


def test_read_only_home_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A home folder nobody may write: read-only permissions, or (as root, who ignores
    them) a read-only file system mounted there."""
    import subprocess

    home = tmp_path / "home"
    home.mkdir()
    mounted = False
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs",
                                  str(home)], capture_output=True, check=False).returncode == 0
        if not mounted:
            pytest.skip("root ignores permissions, and mounting a read-only tmpfs failed")
    else:
        home.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("HOME", str(home))
    try:
        code, _, err = boxkit("new", str(tmp_path / "kit"), "--country", "GB", "--no-input")
    finally:
        if mounted:
            subprocess.run(["umount", str(home)], check=False)
        else:
            home.chmod(stat.S_IRWXU)
    assert code == 1 and err.count("\n") == 1, err
    assert "cannot write boxkit's template cache" in err
    assert not (tmp_path / "kit").exists()


def test_home_that_is_a_file_is_one_line(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Works as root too: nobody can make a folder inside a file."""
    (tmp_path / "home").write_text("not a folder\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for args in (["new", str(tmp_path / "kit"), "--country", "GB", "--no-input"],
                 ["update", str(tmp_path / "nowhere")]):
        code, _, err = boxkit(*args)
        assert code == 1 and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert not (tmp_path / "kit").exists()


def test_the_version_is_released_or_newer_than_every_release() -> None:
    """A final version must be in the shipped history (kits record it); a development
    version must come after every release, or `boxkit update` would go backwards."""
    from boxkit import __version__

    history = released(ROOT)
    assert history, "templates/kit-history.bundle holds no release"
    if Version(__version__).is_devrelease:
        assert Version(__version__) > Version(history[-1])
    else:
        assert __version__ in history


def kit_files_and_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def test_new_makes_exactly_what_copier_copy_of_the_bundle_makes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """boxkit renders from a checkout of one version, without the paths this kit's answers
    leave out; the kit must be byte for byte what `copier copy` of the bundle writes."""
    import copier

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    answers = resolve_answers({"country": "CA", "scope": "organisation",
                               "organisation": "Agence {{ 7*7 }}",
                               "locales": ["fr_CA", "en_CA", "ar"], "event_kind": "breakfast",
                               "formats": ["show-and-tell", "problem-clinic"]},
                              today=TODAY).answers
    made = new_kit(tmp_path / "boxkit", answers)
    recorded = yaml.safe_load((made.dest / ".copier-answers.yml").read_text())
    assert recorded["_src_path"] == "~/.local/share/boxkit/kit.bundle"
    assert recorded["_commit"] == made.template_version
    assert made.template_version.startswith(f"v{version_in(ROOT)}")
    copier.run_copy(str(tmp_path / "home/.local/share/boxkit/kit.bundle"),
                    tmp_path / "copier", data=answers.as_data(), defaults=True, quiet=True,
                    vcs_ref=recorded["_commit"])
    theirs = kit_files_and_bytes(tmp_path / "copier")
    ours = {name: data for name, data in kit_files_and_bytes(made.dest).items()
            if not name.endswith(".ics")}  # boxkit writes the calendars after the render
    assert {"events/breakfast/ar/rota.md", "events/formats/fr_CA/show-and-tell.md"} <= set(ours)
    assert not any("/de/" in name or "/formats/fr_CA/spheres" in name for name in ours)
    # Copier records the bundle as given (expanded); boxkit records it with the `~`.
    answers_file = ".copier-answers.yml"
    assert ours.pop(answers_file) == theirs.pop(answers_file).replace(
        str(tmp_path / "home").encode(), b"~")
    assert ours == theirs


def test_a_changed_template_checkout_is_checked_out_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert boxkit("new", str(tmp_path / "first"), "--country", "GB", "--no-input")[0] == 0
    checkouts = tmp_path / "home/.local/share/boxkit/checkouts"
    (folder,) = [p for p in checkouts.iterdir() if p.is_dir()]
    poster = next(folder.rglob("poster.html.jinja"))
    poster.write_text("tampered\n")
    code, out, err = boxkit("new", str(tmp_path / "second"), "--country", "GB", "--no-input")
    assert code == 0, err
    assert "the template checkout was changed; checked it out again" in out + err
    assert not folder.exists()  # the changed checkout is gone, a new one is in its place
    assert kit_files_and_bytes(tmp_path / "first").keys() == \
        kit_files_and_bytes(tmp_path / "second").keys()
    assert (tmp_path / "first/principles/en/poster.html").read_text() == \
        (tmp_path / "second/principles/en/poster.html").read_text()


def test_update_makes_exactly_what_copier_update_of_the_bundle_makes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """boxkit update gives Copier a repository of the two versions holding only this kit's
    paths (each for its own answers); the result must be what `copier update` of the
    bundle makes, edits, answers and all."""
    import copier

    from boxkit import update_kit
    from boxkit._template import history_path, template_versions

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    previous = template_versions(str(history_path()))[-2]
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", previous.removeprefix("v"))
    answers = resolve_answers({"country": "CH", "locales": ["de", "fr"]}, today=TODAY).answers
    kit = new_kit(tmp_path / "ours", answers).dest
    guide = next(p for p in sorted(kit.glob("guides/fr/*.md")))
    guide.write_text(guide.read_text() + "\nNotre propre note.\n")
    commit_all(kit, "our note")
    theirs = tmp_path / "theirs"
    shutil.copytree(kit, theirs, symlinks=True)
    monkeypatch.delenv("BOXKIT_TEMPLATE_VERSION")

    result = update_kit(kit, data={"locales": ["de", "fr", "it"]})
    assert result.old_version == previous and not result.conflicts
    monkeypatch.chdir(theirs)
    copier.run_update(data={"locales": ["de", "fr", "it"]}, defaults=True, overwrite=True,
                      quiet=True, conflict="inline", vcs_ref=result.new_version, skip_answered=True)
    ours_now, theirs_now = (
        {name: data for name, data in kit_files_and_bytes(root).items()
         if not name.endswith(".ics")} for root in (kit, theirs))
    assert any(name.startswith("guides/it/") for name in ours_now)
    assert b"Notre propre note." in ours_now[guide.relative_to(kit).as_posix()]
    assert ours_now == theirs_now
    assert git(kit, "rev-parse", "HEAD") == git(theirs, "rev-parse", "HEAD")
