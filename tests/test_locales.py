"""The gettext pipeline and the translator commands, on a copy of the templates and catalogs."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from boxkit import new_kit, resolve_answers
from boxkit.cli import app
from boxkit.errors import UnknownCodeError
from boxkit.locales import (
    LocaleError,
    Paths,
    check_locale,
    extract_catalogs,
    init_locale,
    locale_codes,
    locale_status,
)
from conftest import TODAY

ROOT = Path(__file__).parents[1]
GUIDE = "{% if 'guides' in parts %}guides{% endif %}/{% if 'en' in locales %}en{% endif %}"
PARAGRAPH = ("You do not need permission, a budget or experience of running a community. You "
             "need two or three people who care, a room or a video call, and about an hour a "
             "week.")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A private copy of templates/ and locales/, used by every boxkit call in the test."""
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, tmp_path / "root" / name)
    monkeypatch.setenv("BOXKIT_ROOT", str(tmp_path / "root"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # The copy may be changed: render it as the next version, not the released one.
    monkeypatch.setenv("BOXKIT_TEMPLATE_VERSION", "0.1.1.dev0")
    return Paths(tmp_path / "root" / "templates" / "kit", tmp_path / "root" / "locales")


def translate_entries(po_path: Path, table: dict[str, str]) -> None:
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


def kit_with(tmp_path: Path, locales: tuple[str, ...], **given: object):  # type: ignore[no-untyped-def]
    answers = resolve_answers({"country": "DE", **given}, today=TODAY).answers
    return new_kit(tmp_path / "kit", dataclasses.replace(answers, locales=locales))


def test_catalogs_pass_msgfmt_check() -> None:
    catalogs = sorted((ROOT / "locales").glob("*/*.po")) + sorted((ROOT / "locales").glob("*.pot"))
    assert catalogs
    for catalog in catalogs:
        done = subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(catalog)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{catalog}: {done.stderr}"


def test_committed_pots_are_up_to_date(workspace: Paths) -> None:
    result = extract_catalogs(paths=workspace)
    for pot in ("kit.pot", "boxkit.pot"):
        assert (workspace.locales / pot).read_text() == (ROOT / "locales" / pot).read_text(), (
            f"locales/{pot} is stale: run `boxkit locale extract`")
    assert result.kit_entries > 1000
    # Extraction writes catalogs only: nothing under templates/ is generated any more.
    assert sorted(p.relative_to(workspace.template) for p in workspace.template.rglob("*")) \
        == sorted(p.relative_to(ROOT / "templates" / "kit")
                  for p in (ROOT / "templates" / "kit").rglob("*"))


def test_init_starts_a_catalog_with_cldr_plural_forms(workspace: Paths) -> None:
    written = init_locale("de", paths=workspace)
    assert [p.name for p in written] == ["kit.po", "boxkit.po", "locale.yml"]
    po = polib.pofile(str(workspace.locales / "de" / "kit.po"))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert len(po) == len(polib.pofile(str(workspace.locales / "kit.pot")))
    assert po.metadata["Language"] == "de"
    arabic = polib.pofile(str(init_locale("ar-EG", paths=workspace)[0]))
    assert arabic.metadata["Plural-Forms"].startswith("nplurals=6;")
    with pytest.raises(LocaleError, match="already exists"):
        init_locale("de", paths=workspace)
    with pytest.raises(UnknownCodeError, match="unknown locale 'xx-yy'"):
        init_locale("xx-yy", paths=workspace)
    with pytest.raises(LocaleError, match="source language"):
        init_locale("en", paths=workspace)
    assert "de" in locale_codes(workspace)


def test_blocks_are_translated_one_by_one_with_english_fallback(workspace: Paths,
                                                               tmp_path: Path) -> None:
    init_locale("de", paths=workspace)
    translate_entries(workspace.locales / "de" / "kit.po", {
        "What this guide is for": "Wozu dieser Leitfaden da ist",
        PARAGRAPH: "Sie brauchen keine Erlaubnis, kein Budget und keine Erfahrung.",
    })
    extract_catalogs(paths=workspace)
    status = locale_status("de", paths=workspace)
    assert status.total.translated == 2
    assert status.total.missing == status.total.total - 2
    kit = kit_with(tmp_path, ("en", "de"))
    german = (kit.dest / "guides/de/01-start-here.md").read_text()
    english = (kit.dest / "guides/en/01-start-here.md").read_text()
    assert "## Wozu dieser Leitfaden da ist" in german
    assert "Sie brauchen keine Erlaubnis" in german
    assert "## What a chapter is" in german  # not translated yet: stays English
    assert PARAGRAPH in english and "Wozu" not in english
    assert german.startswith("# Start here")


def test_changed_english_block_becomes_fuzzy_everywhere_and_falls_back(
        workspace: Paths, tmp_path: Path) -> None:
    init_locale("de", paths=workspace)
    for code in locale_codes(workspace)[1:]:
        translate_entries(workspace.locales / code / "kit.po",
                          {PARAGRAPH: f"[{code}] translated paragraph"})
    extract_catalogs(paths=workspace)

    def fuzzy(code: str) -> set[str]:
        po = polib.pofile(str(workspace.locales / code / "kit.po"))
        return {e.msgid for e in po.fuzzy_entries()}

    before = {code: fuzzy(code) for code in locale_codes(workspace)[1:]}
    guide = workspace.template / "template" / GUIDE / "01-start-here.md.jinja"
    changed = PARAGRAPH.replace("about an hour a week", "about two hours a week")
    guide.write_text(guide.read_text().replace(PARAGRAPH, changed))
    extract_catalogs(paths=workspace)
    for code in locale_codes(workspace)[1:]:
        assert fuzzy(code) - before[code] == {changed}, code
        entry = polib.pofile(str(workspace.locales / code / "kit.po")).find(changed)
        assert entry.previous_msgid == PARAGRAPH
        assert entry.msgstr == f"[{code}] translated paragraph"
        assert locale_status(code, paths=workspace).total.fuzzy == len(before[code]) + 1
    kit = kit_with(tmp_path, tuple(locale_codes(workspace)))
    for code in locale_codes(workspace):
        text = (kit.dest / f"guides/{code}/01-start-here.md").read_text()
        assert changed in text, code
        assert "translated paragraph" not in text


def test_check_reports_errors_and_glossary_warnings(workspace: Paths) -> None:
    init_locale("de", paths=workspace)
    assert check_locale("de", paths=workspace) == []
    translate_entries(workspace.locales / "de" / "kit.po", {
        "Your kit uses the name {{ chapter_name }}. Before you announce anything, check that "
        "the name works:": "Ihr Kit nutzt den Namen {{ chapter }}.",
        "Agree the chapter's name ({{ chapter_name }}) and who does what for the first three "
        "months.": "Einigt euch auf den Namen ({{ chapter_name }}) und die Rollen.",
    })
    (workspace.locales / "de" / "glossary.yml").write_text("chapter: Ortsgruppe\n")
    problems = check_locale("de", paths=workspace)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    assert len(errors) == 1 and "placeholders differ" in errors[0].message
    assert "kit.po:" in errors[0].where
    assert any("'chapter' should be 'Ortsgruppe'" in w.message for w in warnings)


def test_check_runs_msgfmt(workspace: Paths) -> None:
    init_locale("de", paths=workspace)
    po = workspace.locales / "de" / "boxkit.po"
    catalog = polib.pofile(str(po))
    entry = next(e for e in catalog if "%(" in e.msgid)
    entry.msgstr = "kaputt %(nicht_da)s"
    catalog.save()
    problems = check_locale("de", paths=workspace)
    assert any("msgfmt --check" in p.message for p in problems)


def test_locale_commands(workspace: Paths) -> None:
    runner = CliRunner()
    init = runner.invoke(app, ["locale", "init", "de"])
    assert init.exit_code == 0, init.output
    assert "kit.po" in init.stdout
    listed = runner.invoke(app, ["locale", "list"])
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:3] == ["code", "name", "translated"]
    assert any(line.startswith("de ") and "0.0%" in line and "not reviewed" in line
               for line in lines)
    status = runner.invoke(app, ["locale", "status", "de", "--json"])
    assert status.exit_code == 0
    data = json.loads(status.stdout)
    assert data[0]["code"] == "de" and data[0]["percent"] == 0.0
    assert set(data[0]["parts"]) >= {"guides", "principles", "events", "website", "cli"}
    extract = runner.invoke(app, ["locale", "extract"])
    assert extract.exit_code == 0, extract.output
    assert "kit entries" in extract.stdout
    check = runner.invoke(app, ["locale", "check", "de"])
    assert check.exit_code == 0, check.output
    assert check.stdout.strip().endswith("0 errors, 0 warnings")


@pytest.mark.parametrize(("args", "message"), [
    (["locale", "status", "xx"], "unknown locale 'xx'"),
    (["locale", "status", "fi"], "locale 'fi' has no catalog"),
    (["locale", "check", "fi"], "locale 'fi' has no catalog"),
    (["locale", "init", "en"], "source language"),
])
def test_locale_command_errors(workspace: Paths, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_exits_1_on_errors(workspace: Paths) -> None:
    init_locale("de", paths=workspace)
    translate_entries(workspace.locales / "de" / "kit.po",
                      {"Read the principles": "Die [Prinzipien](falsch/) lesen"})
    po = polib.pofile(str(workspace.locales / "de" / "kit.po"))
    source = next(e.msgid for e in po if "](principles/)" in e.msgid)
    translate_entries(workspace.locales / "de" / "kit.po", {source: "Lesen Sie [hier](anders/)."})
    result = CliRunner().invoke(app, ["locale", "check", "de"])
    assert result.exit_code == 1
    assert "link targets differ" in result.stdout


def test_readme_says_machine_drafted_until_a_reviewer_is_recorded(workspace: Paths,
                                                                 tmp_path: Path) -> None:
    kit = kit_with(tmp_path / "before", ("sv",), country="SE")
    note = polib.pofile(str(workspace.locales / "sv" / "kit.po")).find(
        "This text was drafted by machine translation and has not yet been reviewed by a "
        "native speaker. Read it with care, and tell the boxkit translators about anything "
        "that reads wrongly.")
    assert note is not None and note.msgstr
    readme = (kit.dest / "README.md").read_text()
    assert f"> {note.msgstr}" in readme
    meta = workspace.locales / "sv" / "locale.yml"
    meta.write_text(meta.read_text().replace("reviewed_by: null", "reviewed_by: Anna Svensson"))
    extract_catalogs(paths=workspace)
    reviewed = kit_with(tmp_path / "after", ("sv",), country="SE")
    assert note.msgstr not in (reviewed.dest / "README.md").read_text()
    assert "reviewed by Anna Svensson" in CliRunner().invoke(app, ["locale", "list"]).stdout


def test_cli_speaks_the_users_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--country", "FR",
                                      "--no-input", "--dry-run"],
                                env={"LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"})
    assert result.exit_code == 0, result.output
    assert "Nothing was written" not in result.stdout
    po = polib.pofile(str(ROOT / "locales" / "fr" / "boxkit.po"))
    assert po.find("Nothing was written (--dry-run).").msgstr in result.stdout
