"""The gettext pipeline and the translator commands, on a copy of the templates and catalogs."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from boxkit import _catalogs, new_kit, resolve_answers
from boxkit._i18n import shipped_locales
from boxkit._locales import (
    Paths,
    check_locale,
    extract_catalogs,
    init_locale,
    locale_status,
)
from boxkit._variants import base_of
from boxkit.cli import app
from boxkit.errors import LocaleError, UnknownCodeError
from conftest import TODAY

pytestmark = pytest.mark.slow  # these tests render kits or run GNU msgfmt

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
    """What a translator does in a PO editor: translate, and clear the fuzzy flag."""
    catalog = _catalogs.read(po_path)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
            message.previous_id = []
    _catalogs.write(catalog, po_path)


def kit_with(tmp_path: Path, locales: tuple[str, ...], **given: object):  # type: ignore[no-untyped-def]
    answers = resolve_answers({"country": "FI", **given}, today=TODAY).answers
    return new_kit(tmp_path / "kit", dataclasses.replace(answers, locales=locales))


def test_catalogs_pass_msgfmt_check(tmp_path: Path) -> None:
    """The one cross-check against GNU gettext: every committed catalog, and one written with
    what the committed ones do not have yet (a long previous msgid, an obsolete entry)."""
    written = tmp_path / "fr.po"
    catalog = _catalogs.new("fr")
    catalog.add("A new English paragraph", "Un paragraphe", flags=["fuzzy"],
                previous_id=[PARAGRAPH], locations=[("guides/en/01-start-here.md", 3)])
    catalog.add("Hello %(name)s", "Bonjour %(name)s")
    catalog.obsolete["Gone"] = catalog.add("Gone", "Parti")
    del catalog["Gone"]
    _catalogs.write(catalog, written)
    catalogs = sorted((ROOT / "locales").glob("*/*.po")) + sorted((ROOT / "locales").glob("*.pot"))
    assert catalogs
    for path in [*catalogs, written]:
        done = subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(path)],
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{path}: {done.stderr}"


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
    written = init_locale("fi", paths=workspace)
    assert [p.name for p in written] == ["kit.po", "boxkit.po", "locale.yml"]
    # No date and no Babel version: a catalog changes only when its texts do.
    header = (workspace.locales / "fi" / "kit.po").read_text(encoding="utf-8").split("\n\n")[0]
    assert header.splitlines() == [
        'msgid ""', 'msgstr ""', r'"Project-Id-Version: boxkit\n"', r'"Report-Msgid-Bugs-To: \n"',
        r'"Language: fi\n"', r'"MIME-Version: 1.0\n"',
        r'"Content-Type: text/plain; charset=UTF-8\n"', r'"Content-Transfer-Encoding: 8bit\n"',
        r'"Plural-Forms: nplurals=2; plural=(n != 1);\n"']
    po = _catalogs.read(workspace.locales / "fi" / "kit.po")
    assert len(po) == len(_catalogs.read(workspace.locales / "kit.pot"))
    assert po.locale_identifier == "fi"
    arabic = _catalogs.read(init_locale("ar-EG", paths=workspace)[0])
    assert dict(arabic.mime_headers)["Plural-Forms"].startswith("nplurals=6;")
    with pytest.raises(LocaleError, match="already exists"):
        init_locale("fi", paths=workspace)
    with pytest.raises(UnknownCodeError, match="unknown locale 'xx-yy'"):
        init_locale("xx-yy", paths=workspace)
    with pytest.raises(LocaleError, match="source language"):
        init_locale("en", paths=workspace)
    assert "fi" in shipped_locales(workspace)


def test_blocks_are_translated_one_by_one_with_english_fallback(workspace: Paths,
                                                               tmp_path: Path) -> None:
    init_locale("fi", paths=workspace)
    translate_entries(workspace.locales / "fi" / "kit.po", {
        "What this guide is for": "Wozu dieser Leitfaden da ist",
        PARAGRAPH: "Sie brauchen keine Erlaubnis, kein Budget und keine Erfahrung.",
    })
    extract_catalogs(paths=workspace)
    status = locale_status("fi", paths=workspace)
    assert status.total.translated == 2
    assert status.total.missing == status.total.total - 2
    kit = kit_with(tmp_path, ("en", "fi"))
    german = (kit.dest / "guides/fi/01-start-here.md").read_text()
    english = (kit.dest / "guides/en/01-start-here.md").read_text()
    assert "## Wozu dieser Leitfaden da ist" in german
    assert "Sie brauchen keine Erlaubnis" in german
    assert "## What a chapter is" in german  # not translated yet: stays English
    assert PARAGRAPH in english and "Wozu" not in english
    assert german.startswith("# Start here")


def test_changed_english_block_becomes_fuzzy_everywhere_and_falls_back(
        workspace: Paths, tmp_path: Path) -> None:
    init_locale("fi", paths=workspace)
    # English variants (en_CA) are respelled English: their status counts no fuzzy entries.
    translated = [c for c in shipped_locales(workspace)[1:] if not base_of(c)]
    for code in translated:
        translate_entries(workspace.locales / code / "kit.po",
                          {PARAGRAPH: f"[{code}] translated paragraph"})
    extract_catalogs(paths=workspace)

    def fuzzy(code: str) -> set[str]:
        po = _catalogs.read(workspace.locales / code / "kit.po")
        return {m.id for m in po if m.id and m.fuzzy}

    before = {code: fuzzy(code) for code in translated}
    guide = workspace.template / "template" / GUIDE / "01-start-here.md.jinja"
    changed = PARAGRAPH.replace("about an hour a week", "about two hours a week")
    guide.write_text(guide.read_text().replace(PARAGRAPH, changed))
    extract_catalogs(paths=workspace)
    for code in translated:
        assert fuzzy(code) - before[code] == {changed}, code
        po_path = workspace.locales / code / "kit.po"
        entry = _catalogs.read(po_path).get(changed)
        assert entry is not None and entry.fuzzy
        assert entry.previous_id == [PARAGRAPH]
        assert entry.string == f"[{code}] translated paragraph"
        assert PARAGRAPH not in _catalogs.read(po_path)
        assert '#| msgid ""\n#| "You do not need permission' in po_path.read_text()
        assert locale_status(code, paths=workspace).total.fuzzy == len(before[code]) + 1
    # Extracting again changes nothing: the entry stays fuzzy, with the English it was
    # translated from.
    again = {code: (workspace.locales / code / "kit.po").read_bytes() for code in translated}
    extract_catalogs(paths=workspace)
    assert again == {code: (workspace.locales / code / "kit.po").read_bytes()
                     for code in translated}
    kit = kit_with(tmp_path, tuple(shipped_locales(workspace)))
    for code in shipped_locales(workspace):
        text = (kit.dest / f"guides/{code}/01-start-here.md").read_text()
        assert changed in text, code
        assert "translated paragraph" not in text


def test_check_reports_errors_glossary_address_and_punctuation(workspace: Paths) -> None:
    init_locale("fi", paths=workspace)
    assert check_locale("fi", paths=workspace) == []
    translate_entries(workspace.locales / "fi" / "kit.po", {
        "Your kit uses the name {{ chapter_name }}. Before you announce anything, check that "
        "the name works:": "Sarjasi käyttää nimeä {{ chapter }}.",
        "Agree the chapter's name ({{ chapter_name }}) and who does what for the first three "
        "months.": "Sopikaa ryhmän nimestä ({{ chapter_name }}) ja rooleista.",
        "What a chapter is": "Mikä paikallisryhmä on",
        "Take practical action": "Toimi",
        "Code of conduct": "Te noudatatte käytössääntöjä",
        "Ask for a timekeeper and a note-taker.": "pyydä ajanottaja ja muistiinpanija!",
    })
    (workspace.locales / "fi" / "glossary.yml").write_text(
        "address: {form: sinä, avoid: ['\\b[Tt]e\\b']}\n"
        "terms:\n  chapter: [paikallisryhm]\n  code of conduct: [käytännesäänn]\n"
        "principles:\n  Take practical action: Toimi käytännössä\n", encoding="utf-8")
    problems = check_locale("fi", paths=workspace)
    assert all(p.severity == "error" and "kit.po:" in p.where for p in problems)
    messages = [p.message for p in problems]
    assert any(m.startswith("placeholders differ") for m in messages)
    # "the chapter's name" without the glossary's word; "What a chapter is" with it.
    assert sum("'chapter' is 'paikallisryhm'" in m for m in messages) == 1
    assert any("'Take practical action' is titled 'Toimi käytännössä'" in m for m in messages)
    assert any("'code of conduct'" in m for m in messages)
    assert any(m.startswith("address: 'Te'") for m in messages)
    assert any("startcaps: " in m and "endpunc: " in m for m in messages)
    assert not any("Mikä paikallisryhmä on" in m for m in messages)


def test_every_shipped_language_passes_its_checks() -> None:
    """Glossary, address, punctuation and markup: no errors in any shipped catalog."""
    paths = Paths.bundled()
    for code in shipped_locales()[1:]:
        errors = [str(p) for p in check_locale(code, paths=paths) if p.severity == "error"]
        assert not errors, f"{code}: {len(errors)} errors, e.g. {errors[:3]}"


def test_principle_titles_follow_each_glossary_and_the_swedish_chapter() -> None:
    import yaml

    from boxkit._style import read_glossary

    english = yaml.safe_load((ROOT / "locales" / "glossary.yml").read_text())["principles"]
    swedish = read_glossary(ROOT / "locales", "sv")
    assert swedish is not None
    assert swedish.titles["Take practical action"] == "Göra saker i praktiken"
    sources = yaml.safe_load((ROOT / "locales" / "sv" / "glossary.yml").read_text())
    assert sources["principles"]["Take practical action"]["source"].startswith("https://")
    for code in shipped_locales()[1:]:
        glossary = read_glossary(ROOT / "locales", code)
        if code.startswith("en"):
            assert glossary is None
            continue
        assert glossary is not None and set(glossary.titles) == set(english), code
        folder = base_of(code) or code  # fr_CA's titles are French's
        catalog = _catalogs.read(ROOT / "locales" / folder / "kit.po")
        for title, translated in glossary.titles.items():
            assert catalog.get(title) is not None and catalog.get(title).string == translated


def test_check_finds_what_msgfmt_check_finds(workspace: Paths) -> None:
    init_locale("fi", paths=workspace)
    po = workspace.locales / "fi" / "boxkit.po"
    catalog = _catalogs.read(po)
    message = next(m for m in catalog if m.id and "%(" in m.id)
    message.string = "kaputt %(nicht_da)s"
    _catalogs.write(catalog, po)
    problems = check_locale("fi", paths=workspace)
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "unknown named placeholder 'nicht_da'")]
    assert problems[0].where == f"{po}:{_catalogs.read(po).get(message.id).lineno}"
    po.write_text(po.read_text(encoding="utf-8") + 'msgid "unterminated\n', encoding="utf-8")
    [broken] = check_locale("fi", paths=workspace)
    assert broken.severity == "error" and broken.message.startswith("cannot read catalog")
    assert broken.where == f"{po}:{len(po.read_text(encoding='utf-8').splitlines())}"


def catalog_with(msgid: str | tuple[str, str], msgstr: str | tuple[str, ...]) -> Catalog:
    catalog = _catalogs.new("fr")
    catalog.add(msgid, msgstr)
    return catalog


@pytest.mark.parametrize(("msgid", "msgstr", "error"), [
    ("Hello {{ name }}", "Bonjour {{ nom }}", "placeholders differ"),
    ("Read [the guide](guides/)", "Lire [le guide](guide/)", "link targets differ"),
    ("A **bold** move", "Un geste audacieux", "** markup differs from the English (2 vs 0)"),
    ("Run `boxkit`", "Lancez boxkit", "` markup differs from the English (2 vs 0)"),
    ("Words here", "…", "translation has no words"),
    ("Line\n", "Ligne", "both end with a newline"),
    ("\nLine", "Ligne", "both begin with a newline"),
    ("%(count)d rooms", "%(nombre)d salles", "unknown named placeholder 'nombre'"),
    (("One room", "%(n)d rooms"), ("Une salle", "", ""), "1 of 3 plural forms translated"),
])
def test_each_check_names_the_problem(msgid: str | tuple[str, str],
                                      msgstr: str | tuple[str, ...], error: str) -> None:
    [finding] = _catalogs.check(catalog_with(msgid, msgstr))
    assert error in str(finding.error)
    assert not isinstance(finding.error, _catalogs.Advice)
    same = msgid if isinstance(msgid, str) else (msgid[0], msgid[1], msgid[1])
    assert list(_catalogs.check(catalog_with(msgid, same))) == []


def test_fuzzy_and_untranslated_entries_are_not_checked() -> None:
    catalog = catalog_with("Hello {{ name }}", "Bonjour {{ nom }}")
    catalog["Hello {{ name }}"].flags.add("fuzzy")
    catalog.add("Untranslated {{ x }}", "")
    assert list(_catalogs.check(catalog)) == []


def test_merge_keeps_translations_of_removed_entries_and_brings_them_back(
        tmp_path: Path) -> None:
    pot, po = tmp_path / "kit.pot", tmp_path / "fr.po"
    english = _catalogs.new()
    english.add("Kept")
    english.add("Removed for now")
    _catalogs.write(english, pot)
    _catalogs.start(po, pot, language="fr")
    translate_entries(po, {"Kept": "Gardé", "Removed for now": "Retiré pour l'instant"})
    del english["Removed for now"]
    _catalogs.write(english, pot)
    _catalogs.merge(po, pot)
    assert '#~ msgid "Removed for now"\n#~ msgstr "Retiré pour l\'instant"' in po.read_text()
    assert "Removed for now" not in _catalogs.read(po)
    english.add("Removed for now")
    _catalogs.write(english, pot)
    _catalogs.merge(po, pot)
    back = _catalogs.read(po).get("Removed for now")
    assert back is not None and back.string == "Retiré pour l'instant" and back.fuzzy
    assert "#~" not in po.read_text()


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                              include_characters='\n\t"\\'), min_size=1, max_size=200)


@settings(max_examples=60, deadline=None)
@given(entries=st.dictionaries(_TEXT, st.tuples(_TEXT, st.booleans(), _TEXT), min_size=1,
                               max_size=5))
def test_what_is_written_is_read_back(tmp_path_factory: pytest.TempPathFactory,
                                      entries: dict[str, tuple[str, bool, str]]) -> None:
    """Texts, fuzzy flags and previous msgids of any length survive a write and a read."""
    path = tmp_path_factory.mktemp("catalog") / "fr.po"
    catalog = _catalogs.new("fr")
    for msgid, (msgstr, fuzzy, previous) in entries.items():
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [],
                    previous_id=[previous] if fuzzy else [])
    _catalogs.write(catalog, path)
    again = {m.id: (m.string, m.fuzzy, m.previous_id[0] if m.previous_id else "")
             for m in _catalogs.read(path) if m.id}
    assert again == {k: (s, f, p if f else "") for k, (s, f, p) in entries.items()}


def test_locale_commands(workspace: Paths) -> None:
    runner = CliRunner()
    init = runner.invoke(app, ["locale", "init", "fi"])
    assert init.exit_code == 0, init.output
    assert "kit.po" in init.stdout
    listed = runner.invoke(app, ["locale", "list"])
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:3] == ["code", "name", "translated"]
    assert any(line.startswith("fi ") and "0.0%" in line and "not reviewed" in line
               for line in lines)
    status = runner.invoke(app, ["locale", "status", "fi", "--json"])
    assert status.exit_code == 0
    data = json.loads(status.stdout)
    assert data[0]["code"] == "fi" and data[0]["percent"] == 0.0
    assert set(data[0]["parts"]) >= {"guides", "principles", "events", "website", "cli"}
    extract = runner.invoke(app, ["locale", "extract"])
    assert extract.exit_code == 0, extract.output
    assert "kit entries" in extract.stdout
    check = runner.invoke(app, ["locale", "check", "fi"])
    assert check.exit_code == 0, check.output
    assert check.stdout.strip().endswith("0 errors, 0 warnings")


@pytest.mark.parametrize(("args", "message"), [
    (["locale", "status", "xx"], "unknown locale 'xx'"),
    (["locale", "status", "pl"], "locale 'pl' has no catalog"),
    (["locale", "check", "pl"], "locale 'pl' has no catalog"),
    (["locale", "init", "en"], "source language"),
])
def test_locale_command_errors(workspace: Paths, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_exits_1_on_errors(workspace: Paths) -> None:
    init_locale("fi", paths=workspace)
    translate_entries(workspace.locales / "fi" / "kit.po",
                      {"Read the principles": "Die [Prinzipien](falsch/) lesen"})
    po = _catalogs.read(workspace.locales / "fi" / "kit.po")
    source = next(m.id for m in po if m.id and "](principles/)" in m.id)
    translate_entries(workspace.locales / "fi" / "kit.po", {source: "Lesen Sie [hier](anders/)."})
    result = CliRunner().invoke(app, ["locale", "check", "fi"])
    assert result.exit_code == 1
    assert "link targets differ" in result.stdout


def test_readme_says_machine_drafted_until_a_reviewer_is_recorded(workspace: Paths,
                                                                 tmp_path: Path) -> None:
    kit = kit_with(tmp_path / "before", ("sv",), country="SE")
    note = _catalogs.read(workspace.locales / "sv" / "kit.po").get(
        "This text was drafted by machine translation and has not yet been reviewed by a "
        "native speaker. Read it with care, and tell the boxkit translators about anything "
        "that reads wrongly.")
    assert note is not None and note.string
    readme = (kit.dest / "README.md").read_text()
    assert f"> {note.string}" in readme
    meta = workspace.locales / "sv" / "locale.yml"
    meta.write_text(meta.read_text().replace("reviewed_by: null", "reviewed_by: Anna Svensson"))
    extract_catalogs(paths=workspace)
    reviewed = kit_with(tmp_path / "after", ("sv",), country="SE")
    assert note.string not in (reviewed.dest / "README.md").read_text()
    assert "reviewed by Anna Svensson" in CliRunner().invoke(app, ["locale", "list"]).stdout


def test_cli_speaks_the_users_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--country", "FR",
                                      "--no-input", "--dry-run"],
                                env={"LANGUAGE": "fr", "LANG": "fr_FR.UTF-8"})
    assert result.exit_code == 0, result.output
    assert "Nothing was written" not in result.stdout
    message = _catalogs.read(ROOT / "locales" / "fr" / "boxkit.po").get(
        "Nothing was written (--dry-run).")
    assert message is not None and message.string
    assert message.string in result.stdout


def test_an_english_variant_catalog_keeps_only_what_a_reviewer_changed(
        workspace: Paths) -> None:
    po_path = workspace.locales / "en_CA" / "kit.po"
    catalog = _catalogs.read(po_path)
    assert not [m for m in catalog if m.id]  # no copy of every English block
    catalog.add(PARAGRAPH, "A Canadian reviewer's own wording.")
    _catalogs.write(catalog, po_path)
    extract_catalogs(paths=workspace)
    kept = [m for m in _catalogs.read(po_path) if m.id]
    assert [(m.id, m.string) for m in kept] == [(PARAGRAPH, "A Canadian reviewer's own wording.")]
