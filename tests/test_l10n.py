"""Localised kits read entirely in their languages: regional variants, dates in sentences,
room names and budget items, the README and its machine-draft note in every language, the
CLI's errors; and a translator sees their work, and a reviewer records theirs."""

from __future__ import annotations

import http.server
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boxkit import NewKit, _catalogs
from boxkit._blanks import find_blanks, unescaped
from boxkit._locales import (
    Paths,
    check_locale,
    extract_catalogs,
    init_locale,
    locale_status,
)
from boxkit._review import review_items
from boxkit.cli import app
from conftest import english_left, make_kit

pytestmark = pytest.mark.slow  # renders kits

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, NewKit]:
    """The kits of the issue's "done when": Canadian, Swiss, Japanese; and three whose
    dates need a language's own grammar (a Saturday in Brazil, Tuesdays elsewhere)."""
    folder = tmp_path_factory.mktemp("l10n")
    given = {"CA": {}, "CH": {}, "JP": {}, "BR": {"event_date": "2027-03-13"},
             "SE": {"event_date": "2027-03-09"}, "ES": {"event_date": "2027-03-09"},
             "UA": {"event_date": "2027-03-10"}}
    return {country: make_kit(folder / country, languages_from_country=True,
                              country=country, **extra)
            for country, extra in given.items()}


def test_canadian_kits_are_canadian_english_and_canadian_french(kits: dict[str, NewKit]
                                                                 ) -> None:
    kit = kits["CA"]
    assert kit.answers.locales == ("en_CA", "fr_CA")
    french = (kit.dest / "events/unconference/fr_CA/run-sheet.md").read_text()
    emails = (kit.dest / "events/unconference/fr_CA/emails.md").read_text()
    assert "Dîner" in french and "Déjeuner (" not in french  # lunch is dîner in Québec
    assert "courriel" in emails and "e-mail" not in emails.replace("`", "")
    assert not re.search(r"\w [!?;]", french + emails)  # no space before ! ? ; in Québec
    assert "de salle" in french  # the room host, one name (glossary)
    # The README and its machine-draft note in each language of the kit.
    assert (kit.dest / "README.md").is_file() and (kit.dest / "README.fr_CA.md").is_file()
    note = _catalogs.read(ROOT / "locales/fr/kit.po").get(
        "This text was drafted by machine translation and has not yet been reviewed by a "
        "native speaker. Read it with care, and tell the boxkit translators about anything "
        "that reads wrongly.")
    assert note is not None and note.string
    assert note.string.split(",")[0] in (kit.dest / "README.fr_CA.md").read_text()
    assert "machine translation" not in (kit.dest / "README.md").read_text()
    assert english_left(kit, "fr_CA") == []


@pytest.mark.parametrize(("country", "codes"), [("CH", ("de", "fr", "it")), ("JP", ("ja",))])
def test_swiss_and_japanese_kits_have_nothing_in_english(kits: dict[str, NewKit],
                                                         country: str,
                                                         codes: tuple[str, ...]) -> None:
    kit = kits[country]
    assert kit.answers.locales == codes
    for code in codes:
        assert english_left(kit, code) == [], code
    # What the chapter did not type is in the kit's first language too.
    primary = codes[0]
    say = {m.id: m.string for m in _catalogs.read(ROOT / f"locales/{primary}/boxkit.po")}
    assert kit.answers.event_rooms[0].name == say["Main room"] != "Main room"
    budget = (kit.dest / "events/unconference/budget.csv").read_text()
    assert "Venue hire" not in budget and "Contingency" not in budget
    grid = (kit.dest / f"events/unconference/{primary}/session-grid.md").read_text()
    assert say["Main room"] in grid


def test_japanese_text_keeps_its_own_punctuation_and_no_spaces(kits: dict[str, NewKit]) -> None:
    from boxkit._style import prose

    guide = (kits["JP"].dest / "guides/ja/01-start-here.md").read_text()
    assert "。" in guide and "、" in guide
    japanese = "[\u3040-\u30ff\u4e00-\u9fff]"
    spaced = [m.string for m in _catalogs.read(ROOT / "locales/ja/kit.po")
              if isinstance(m.string, str) and m.string
              and re.search(f"{japanese} {japanese}", prose(m.string))]
    assert spaced == []


def test_dates_in_sentences_follow_each_languages_grammar(kits: dict[str, NewKit]) -> None:
    def emails(country: str, code: str) -> str:
        return (kits[country].dest / f"events/unconference/{code}/emails.md").read_text()

    assert "no sábado, 13 de março de 2027" in emails("BR", "pt_BR")  # not "na", not "em"
    assert "em sábado" not in emails("BR", "pt_BR")
    swedish = emails("SE", "sv")
    assert "tisdag" in swedish and "den tisdag" not in swedish
    spanish = emails("ES", "es")
    assert "el martes 9 de marzo de 2027" in spanish and "martes, 9" not in spanish
    assert "у середу" in emails("UA", "uk")  # the accusative weekday after у
    run_sheet = (kits["ES"].dest / "events/unconference/es/run-sheet.md").read_text()
    assert not re.search(r"^(lunes|martes|miércoles|jueves|viernes|sábado|domingo)", run_sheet,
                         re.MULTILINE)


def test_blanks_listed_at_the_end_read_as_text() -> None:
    assert unescaped("direcci\\u00f3n del lugar", "website/hugo.toml") == "dirección del lugar"
    assert unescaped("a \\u00f3 b", "guides/es/01.md") == "a \\u00f3 b"


def test_blanks_are_listed_as_text_from_every_kind_of_file(kits: dict[str, NewKit],
                                                         tmp_path: Path) -> None:
    # No shipped TOML or JSON file has a blank today: a kit folder of the test's own does.
    (tmp_path / "website").mkdir()
    (tmp_path / "website/hugo.toml").write_text(
        'venue = "[FILL IN: nombre y direcci\\u00f3n del lugar]"\n', encoding="utf-8")
    (tmp_path / "guide.md").write_text("Mira [FILL IN: la direcci\\u00f3n].\n")
    blanks = find_blanks(tmp_path, ("website/hugo.toml", "guide.md"))
    assert [(b.path, b.line, b.text) for b in blanks] == [
        ("website/hugo.toml", 1, "nombre y dirección del lugar"),
        ("guide.md", 1, "la direcci\\u00f3n")]  # Markdown means what it says
    assert not any("\\u" in b.text for b in kits["ES"].blanks)
    assert any("dirección" in b.text for b in kits["ES"].blanks)


@pytest.mark.parametrize("lang", ["fr", "fr_FR.UTF-8", "fr_CA.UTF-8"])
def test_errors_answer_in_the_users_language(tmp_path: Path, lang: str) -> None:
    """``LANG=fr boxkit new x --country XQ``; Canadian French reads French's messages."""
    result = CliRunner().invoke(app, ["new", str(tmp_path / "x"), "--country", "XQ",
                                      "--no-input"], env={"LANG": lang, "LANGUAGE": "",
                                                          "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.exit_code == 1
    assert result.stderr.startswith("boxkit : erreur : country : code pays inconnu 'XQ'")
    assert "Antarctique" in result.stderr and "Antarctica" not in result.stderr
    assert not (tmp_path / "x").exists()


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """A translator's fresh checkout: templates, catalogs and the version file, at
    whatever version this checkout is (a release, or the next version in progress)."""
    root = tmp_path / "root"
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, root / name)
    (root / "src/boxkit").mkdir(parents=True)
    shutil.copyfile(ROOT / "src/boxkit/_version.py", root / "src/boxkit/_version.py")
    monkeypatch.setenv("BOXKIT_ROOT", str(root))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BOXKIT_TEMPLATE_VERSION", raising=False)
    return Paths(root / "templates" / "kit", root / "locales")


def test_a_translator_sees_their_language_without_a_release(checkout: Paths,
                                                            tmp_path: Path) -> None:
    """docs/translating.md, steps 2 to 6, from a fresh checkout."""
    from boxkit._template import checkout_version

    version = checkout_version()
    assert version is not None
    runner = CliRunner()
    untouched = runner.invoke(app, ["new", str(tmp_path / "before"), "--country", "SE",
                                    "--no-input"])
    assert untouched.exit_code == 0, untouched.output
    before = (tmp_path / "before/.copier-answers.yml").read_text()
    assert f"_commit: v{version}\n" in before  # no translation changed: the version itself

    assert runner.invoke(app, ["locale", "init", "fi"]).exit_code == 0
    po = checkout.locales / "fi" / "kit.po"
    catalog = _catalogs.read(po)
    catalog.get("What this guide is for").string = "Mihin tämä opas on tarkoitettu"
    _catalogs.write(catalog, po)
    checked = runner.invoke(app, ["locale", "check", "fi"])
    assert checked.exit_code == 0, checked.output
    assert runner.invoke(app, ["locale", "extract"]).exit_code == 0
    made = runner.invoke(app, ["new", str(tmp_path / "kit"), "--country", "FI",
                               "--locale", "fi", "--no-input"])
    assert made.exit_code == 0, made.output
    guide = (tmp_path / "kit/guides/fi/01-start-here.md").read_text()
    assert "## Mihin tämä opas on tarkoitettu" in guide
    answers = (tmp_path / "kit/.copier-answers.yml").read_text()
    commit = re.search(r"_commit: v(\S+)", answers)
    assert commit is not None and commit[1].startswith(version)
    if "dev" not in version:  # a release: the translations come on top of it
        assert commit[1] == f"{version}+l10n.1"
        again = runner.invoke(app, ["new", str(tmp_path / "again"), "--country", "FI",
                                    "--locale", "fi", "--no-input"])
        assert again.exit_code == 0
        assert f"_commit: v{version}+l10n.1\n" in (tmp_path / "again/.copier-answers.yml"
                                                  ).read_text()


def test_a_reviewer_records_what_they_accept(checkout: Paths) -> None:
    po = checkout.locales / "fr_CA" / "kit.po"
    catalog = _catalogs.read(po)
    catalog.add("What this guide is for", "À quoi sert ce guide", flags=("fuzzy",))
    catalog.add("Host rota", "Horaire des hôtes")
    _catalogs.write(catalog, po)
    items = review_items("fr_CA", paths=checkout)
    assert [(i.msgid, i.fuzzy) for i in items] == [("What this guide is for", True),
                                                   ("Host rota", False)]
    listed = CliRunner().invoke(app, ["locale", "review", "fr_CA", "--list"])
    assert listed.exit_code == 0 and "2 blocks wait for review" in listed.stdout
    assert "en: Host rota" in listed.stdout and "fr_CA: Horaire des hôtes" in listed.stdout
    result = CliRunner().invoke(app, ["locale", "review", "fr_CA", "--reviewer",
                                      "Marie Tremblay"], input="s\ne\nRotation des hôtes\n")
    assert result.exit_code == 0, result.output
    assert "recorded 1 reviewed blocks; 1 wait for review" in result.stdout
    entry = _catalogs.read(po).get("Host rota")
    assert entry.string == "Rotation des hôtes"
    assert "reviewed-by: Marie Tremblay" in entry.user_comments
    assert "reviewed-by: Marie Tremblay" in po.read_text()
    finished = CliRunner().invoke(app, ["locale", "review", "fr_CA", "--reviewer",
                                        "Marie Tremblay"], input="a\n")
    assert "Every block is reviewed" in finished.stdout
    assert "reviewed_by: \"Marie Tremblay\"" in (checkout.locales / "fr_CA/locale.yml"
                                                 ).read_text()
    assert not _catalogs.read(po).get("What this guide is for").fuzzy
    assert check_locale("fr_CA", paths=checkout) == []
    extract_catalogs(paths=checkout)  # a round trip keeps the record
    assert "reviewed-by: Marie Tremblay" in po.read_text()


def test_a_new_variant_starts_empty_and_reads_as_its_base(checkout: Paths) -> None:
    written = init_locale("fr_BE", paths=checkout)
    assert not [m for m in _catalogs.read(written[0]) if m.id]
    belgian, french = (locale_status(code, paths=checkout) for code in ("fr_BE", "fr"))
    assert belgian.parts == french.parts and belgian.total.percent == 100.0


# Characters a Japanese line never starts with (kinsoku shori): closing marks, small kana.
_NO_LINE_START = "。、，．）」』】！？ゃゅょっャュョッー"
_LINE_STARTS = """() => {
  const starts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let previous = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) continue;
      if (previous !== null && rect.top > previous + 2) starts.push(node.data[i]);
      previous = rect.top;
    }
  }
  return {starts: starts.join(""),
          overflow: document.documentElement.scrollWidth > window.innerWidth + 1};
}"""


def test_japanese_lines_break_correctly_in_the_poster_and_site(kits: dict[str, NewKit],
                                                             tmp_path: Path) -> None:
    import os
    import subprocess

    from conftest import need

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    hugo = shutil.which("hugo")
    need(Path(chromium).is_file(), "Debian's chromium")
    need(hugo is not None, "hugo")
    playwright = pytest.importorskip("playwright.sync_api")
    import functools
    import threading

    kit = kits["JP"].dest
    site = tmp_path / "site"
    subprocess.run([str(hugo), "--quiet", "--source", str(kit / "website"),
                    "--destination", str(site)], check=True, capture_output=True)
    # Served over HTTP, as published: the site's stylesheet is at /css/site.css, which a
    # file:// page would not load (and the rules under test would not apply).
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = [(kit / "principles/ja/poster.html").as_uri(),
             f"http://127.0.0.1:{server.server_address[1]}/"]
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for url in pages:
                    page.goto(url)
                    assert page.evaluate("document.documentElement.lang") == "ja"
                    assert page.evaluate("getComputedStyle(document.body).lineBreak") == \
                        "strict", url
                    found = page.evaluate(_LINE_STARTS)
                    assert not found["overflow"], (url, width)
                    assert len(found["starts"]) > 3  # the text does wrap
                    bad = [c for c in found["starts"] if c in _NO_LINE_START]
                    assert bad == [], (url, width, found["starts"])
                page.close()
            browser.close()
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_country_may_be_named_in_the_users_language(tmp_path: Path) -> None:
    from boxkit._cldr import country
    from boxkit.errors import UnknownCodeError

    assert country("Schweiz", names="de").code == "CH"
    with pytest.raises(UnknownCodeError, match=r"CH \(Schweiz\)"):
        country("Schweitz", names="de")
    german = {"LANG": "de_CH.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    made = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--country", "Schweiz",
                                    "--no-input", "--dry-run"], env=german)
    assert made.exit_code == 0, made.output
