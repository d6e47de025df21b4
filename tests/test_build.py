"""The template is built from its sources into a fresh folder: what it generates, that
nothing stale survives, and that git holds only what people write."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from boxkit._build import RECORD, build_template, source_files
from boxkit._cldr_export import babel_version
from boxkit._i18n import shipped_locales
from boxkit._locales import Paths, localised_name

pytestmark = pytest.mark.slow  # every test here builds the whole template

ROOT = Path(__file__).parents[1]
GUIDE = "{% if 'guides' in parts %}guides{% endif %}/{% if 'en' in locales %}en{% endif %}"


@pytest.fixture
def sources(tmp_path: Path) -> Paths:
    """A private copy of the template's sources and the catalogs."""
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, tmp_path / "root" / name)
    return Paths(tmp_path / "root" / "templates" / "kit", tmp_path / "root" / "locales")


def test_build_writes_every_locale_its_tables_and_what_made_them(tmp_path: Path) -> None:
    built = build_template(tmp_path / "built")
    codes = list(shipped_locales())
    assert built.locales == tuple(codes)
    copier_yml = (built.folder / "copier.yml").read_text(encoding="utf-8")
    listed = re.search(r"if l not in \[([^\]]*)\]", copier_yml)
    assert listed is not None
    assert [s.strip(" '") for s in listed[1].split(",")] == codes
    record = yaml.safe_load((built.folder / RECORD).read_text(encoding="utf-8"))
    assert record["babel"] == babel_version() == built.babel
    assert record["locales"] == codes
    paths = Paths.bundled()
    english = [p.relative_to(paths.template / "template").as_posix()
               for p in paths.template.joinpath("template").rglob("*")
               if p.is_file() and "'en'" in p.relative_to(paths.template).as_posix()]
    assert len(english) > 30
    for code in codes:
        table = (built.folder / "_cldr" / f"{code}.yml").read_text(encoding="utf-8")
        assert table.startswith(f"# CLDR data for {code}, exported by boxkit._cldr_export "
                                f"from {babel_version()}.")
        l10n = yaml.safe_load((built.folder / "_l10n" / f"{code}.yml").read_text("utf-8"))
        assert l10n["code"] == code and l10n["movement"]["principles"]
        for rel in english:
            assert (built.folder / "template" / localised_name(rel, code)).is_file(), (code, rel)
    french = built.folder / "template" / localised_name(f"{GUIDE}/01-start-here.md.jinja", "fr")
    assert "guides{% endif %}/{% if 'fr' in locales %}fr{% endif %}" in french.as_posix()
    assert "Generated from the English source" in french.read_text(encoding="utf-8")


def test_a_renamed_english_source_leaves_no_stale_copies(sources: Paths,
                                                         tmp_path: Path) -> None:
    guides = sources.template / "template" / GUIDE
    (guides / "09-keeping-it-going.md.jinja").rename(guides / "09-keeping-going.md.jinja")
    # Old generated files lying around in the sources are ignored, not copied.
    stale = sources.template / "template" / localised_name(
        f"{GUIDE}/09-keeping-it-going.md.jinja", "fr")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("stale\n")
    (sources.template / "_cldr").mkdir()
    (sources.template / "_cldr" / "en.yml").write_text("stale: true\n")
    built = build_template(tmp_path / "built", paths=sources).folder
    names = [p.name for p in built.rglob("*.jinja")]
    assert names.count("09-keeping-going.md.jinja") == len(shipped_locales())
    assert "09-keeping-it-going.md.jinja" not in names
    assert "stale" not in (built / "_cldr" / "en.yml").read_text(encoding="utf-8")


def test_build_needs_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "built").mkdir()
    (tmp_path / "built" / "keep.txt").write_text("mine\n")
    with pytest.raises(FileExistsError):
        build_template(tmp_path / "built")
    assert (tmp_path / "built" / "keep.txt").read_text() == "mine\n"


def test_git_holds_only_the_hand_written_template() -> None:
    """`git ls-files templates` is the sources and the release history, nothing built."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "templates"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split("\n")
    paths = Paths.bundled()
    hand_written = {"templates/kit/" + p.relative_to(paths.template).as_posix()
                    for p in source_files(paths)}
    # Beside the kit: its release history, the list of known chapters boxkit reads, the
    # print pack's Typst templates and the starter repository's files, all written by hand.
    beside = {name for name in tracked
              if name.startswith(("templates/print/", "templates/starter/"))}
    assert {name.rsplit(".", 1)[-1] for name in beside} <= {"typ", "yml", "jinja", "sh"}
    assert set(filter(None, tracked)) == hand_written | beside | {
        "templates/kit-history.bundle", "templates/chapters.yml"}
    assert not any(re.search(r"/_cldr/|/_l10n/|'(fr|es|sv|ar|pt_BR)' in locales", name)
                   for name in tracked)
