"""`boxkit print`: the print pack typeset by Typst, opened back with pypdf (page count, page
size, text), and the social card read back by OCR (tesseract) for its words and direction."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boxkit import NewKit
from boxkit._print import ITEMS, PrintResult, markdown_blocks, paper_for, print_kit
from boxkit.cli import app
from boxkit.errors import PrintError
from conftest import HOSTILE, make_kit, need

pytest.importorskip("typst")
pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.slow  # renders kits and typesets them

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
ROOMS = [{"name": "Atrium", "capacity": 120, "step_free": True},
         {"name": "Library", "capacity": 30, "step_free": False},
         {"name": "Studio", "capacity": 25, "step_free": True}]


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, NewKit]:
    folder = tmp_path_factory.mktemp("print")
    return {
        "GB": make_kit(folder / "gb", country="GB", chapter_name="One Team Gov Lakeside",
                       contact_email="hello@lakeside.example", event_rooms=ROOMS,
                       event_venue="Town Hall, 1 High Street", event_city="Lakeside"),
        "EG": make_kit(folder / "eg", languages_from_country=True, country="EG"),
        "JP": make_kit(folder / "jp", languages_from_country=True, country="JP"),
        "US": make_kit(folder / "us", country="US", event_kind="breakfast"),
    }


def fonts() -> str:
    return subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which(
        "fc-list") else ""


@pytest.fixture(scope="module")
def printed(kits: dict[str, NewKit]) -> dict[str, PrintResult]:
    installed = fonts()
    need("Noto Sans Arabic" in installed and "Noto Sans CJK JP" in installed,
         "Noto fonts for Arabic and Japanese (Debian fonts-noto-core, fonts-noto-cjk)")
    return {country: print_kit(kit.dest) for country, kit in kits.items()}


def pdf(path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(path)


def text_of(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf(path).pages)


def size_of(page: pypdf.PageObject) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def fits(size: tuple[float, float], paper: tuple[float, float]) -> bool:
    """Portrait or landscape, within a point of the paper."""
    return any(abs(size[0] - w) < 1 and abs(size[1] - h) < 1
               for w, h in (paper, paper[::-1]))


def test_every_item_of_an_unconference_kit_is_printed_on_its_countrys_paper(
        kits: dict[str, NewKit], printed: dict[str, PrintResult]) -> None:
    result = printed["GB"]
    assert result.paper == "a4" and result.missing == ()
    assert [(p.locale, p.item) for p in result.files] == [("en", item) for item in ITEMS]
    kit = kits["GB"].dest
    pages = {p.item: pdf(p.path).pages for p in result.files if p.path.suffix == ".pdf"}
    for item, item_pages in pages.items():
        for page in item_pages:
            if item != "slides":
                assert fits(size_of(page), A4), (item, size_of(page))
    # Each item's shape: one poster page, one grid, a sheet of four cards, a page per room
    # plus three facility signs with three arrows each, a badge page per photo-consent
    # colour, a title slide and one per section, and a handbook longer than its guides.
    slides_md = (kit / "events/shared/en/slides.md").read_text()
    guides = sorted((kit / "guides/en").glob("*.md"))
    assert {item: len(p) for item, p in pages.items() if item != "handbook"} == {
        "poster": 1, "grid": 1, "pitch-cards": 1, "score-sheets": 1,
        "signs": len(ROOMS) + 9, "badges": 3, "slides": 1 + slides_md.count("\n## ")}
    assert len(pages["handbook"]) > len(guides) + 2
    width, height = size_of(pages["slides"][0])
    assert abs(width / height - 16 / 9) < 0.01


def test_the_printed_text_comes_from_the_answers_and_the_kits_files(
        kits: dict[str, NewKit], printed: dict[str, PrintResult]) -> None:
    kit = kits["GB"]
    files = {p.item: p.path for p in printed["GB"].files}
    for item in ("poster", "grid", "pitch-cards", "score-sheets", "signs", "badges", "slides",
                 "handbook"):
        assert "One Team Gov Lakeside" in text_of(files[item]), item
    signs, grid = text_of(files["signs"]), text_of(files["grid"])
    for room in ROOMS:
        assert room["name"] in signs and room["name"] in grid
    assert signs.count("Step-free access") == 2  # the Library has steps
    for label in ("Toilets", "Quiet room", "Step-free route"):
        assert signs.count(label) >= 3, label
    # The grid's rows are the kit's slots, in British 24-hour time.
    slots = list(csv.DictReader(io.StringIO(
        (kit.dest / "events/unconference/session-grid.csv").read_text())))
    for slot in slots:
        assert f"{slot['start']}–{slot['end']}" in grid.replace(" ", ""), slot
    # The poster is the kit's poster, principles in order.
    poster = text_of(files["poster"])
    titles = [
        "Work in the open and positively", "Take practical action", "Experiment and iterate",
        "Be diverse and inclusive", "Care deeply about citizens", "Work across borders",
        "Embrace technology"]
    assert [poster.index(t) for t in titles] == sorted(poster.index(t) for t in titles)
    # Slides: the venue on the title slide, the contact where reports go, and a blank left
    # to fill stays visible.
    slides = text_of(files["slides"])
    assert "Town Hall, 1 High Street" in slides and "hello@lakeside.example" in slides
    assert "[FILL IN: network name and password]" in slides
    # The handbook holds every guide's title, and its contents list them.
    handbook = pdf(files["handbook"])
    outline = [item.title for item in handbook.outline if not isinstance(item, list)]
    for guide in sorted((kit.dest / "guides/en").glob("*.md")):
        title = guide.read_text().splitlines()[0].removeprefix("# ")
        assert title in outline
    assert "Contents" in (handbook.pages[1].extract_text() or "")
    badges = text_of(files["badges"])
    for label in ("Name", "Pronouns", "Photos welcome", "Ask me before you take a photo",
                  "No photos, please"):
        assert label in badges


def test_a_chapters_edits_are_what_is_printed(kits: dict[str, NewKit], tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    shutil.copytree(kits["GB"].dest, kit, ignore=shutil.ignore_patterns("print"))
    labels = kit / "events/shared/en/print.yml"
    labels.write_text(labels.read_text().replace('toilets: "Toilets"', 'toilets: "Loos"'))
    slides = kit / "events/shared/en/slides.md"
    slides.write_text(slides.read_text() + "\n## Lunch\n\n- Soup in the Atrium.\n")
    result = print_kit(kit, only=["signs", "slides"], out=tmp_path / "out")
    files = {p.item: p.path for p in result.files}
    assert set(files) == {"signs", "slides"} and not (kit / "print").exists()
    assert "Loos" in text_of(files["signs"]) and "Toilets" not in text_of(files["signs"])
    assert "Soup in the Atrium." in text_of(files["slides"])


def test_letter_paper_for_the_americas_and_on_request(kits: dict[str, NewKit],
                                                      printed: dict[str, PrintResult],
                                                      tmp_path: Path) -> None:
    assert paper_for("US") == paper_for("CA") == paper_for("MX") == "letter"
    assert paper_for("GB") == paper_for("JP") == paper_for("") == "a4"
    us = printed["US"]
    assert us.paper == "letter"
    # A breakfast has no grid and no pitch or 25/10 cards, but signs, badges and a card.
    assert set(us.missing) == {"grid", "pitch-cards", "score-sheets"}
    for item in us.files:
        if item.path.suffix == ".pdf" and item.item != "slides":
            assert all(fits(size_of(page), LETTER) for page in pdf(item.path).pages)
    letter = print_kit(kits["GB"].dest, paper="letter", out=tmp_path / "letter")
    for item in letter.files:
        if item.path.suffix == ".pdf" and item.item != "slides":
            pages = pdf(item.path).pages
            assert all(fits(size_of(page), LETTER) for page in pages), item.item
    # The poster still fits one page on the shorter paper.
    assert len(pdf(tmp_path / "letter/en/poster.pdf").pages) == 1


def x_of(path: Path, needle: str) -> list[float]:
    """Where on the first page the text runs containing ``needle`` start (x, points)."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if needle in text:
            found.append(tm[4] * cm[0] + cm[4])

    pdf(path).pages[0].extract_text(visitor_text=visit)
    return found


def test_arabic_is_printed_right_to_left(kits: dict[str, NewKit],
                                         printed: dict[str, PrintResult]) -> None:
    kit = kits["EG"]
    assert kit.answers.locales[0] == "ar"
    files = {p.item: p.path for p in printed["EG"].files if p.locale == "ar"}
    poster = text_of(files["poster"])
    assert "مصر" in poster and "العمل" in poster
    width = size_of(pdf(files["poster"]).pages[0])[0]
    # The numbers of the principles sit at the right-hand edge in Arabic, at the left in
    # English.
    arabic = x_of(files["poster"], "1")
    english = x_of(next(p.path for p in printed["GB"].files if p.item == "poster"), "1")
    assert arabic and min(arabic) > width / 2
    assert english and min(english) < width / 4


def test_japanese_is_printed_with_its_own_font(kits: dict[str, NewKit],
                                               printed: dict[str, PrintResult]) -> None:
    files = {p.item: p.path for p in printed["JP"].files}
    handbook = text_of(files["handbook"])
    assert kits["JP"].answers.chapter_name in text_of(files["poster"])
    assert "。" in handbook
    fonts = {str(f.get("/BaseFont", "")) for page in pdf(files["poster"]).pages[:1]
             for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()]}
    assert any("CJK" in name for name in fonts), fonts


def ocr(image: Path, language: str) -> list[dict[str, str]]:
    """Tesseract's words with their boxes (TSV), for words it is sure of."""
    out = subprocess.run(["tesseract", str(image), "-", "-l", language, "tsv"], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row for row in rows if row["text"].strip() and float(row["conf"]) > 60]


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_the_social_card_says_the_chapter_and_reads_in_its_direction(
        printed: dict[str, PrintResult]) -> None:
    need(shutil.which("tesseract") is not None, "tesseract (Debian tesseract-ocr)")
    cards = {country: next(p.path for p in result.files if p.item == "social-card")
             for country, result in printed.items()}
    assert all(png_size(card) == (1200, 630) for card in cards.values())
    english = ocr(cards["GB"], "eng")
    assert "One Team Gov Lakeside" in " ".join(row["text"] for row in english)
    arabic = ocr(cards["EG"], "ara+eng")  # the name mixes Arabic and Latin letters
    assert {"Gov", "مصر"} <= {row["text"].strip("\u200f\u200e") for row in arabic}
    # The chapter's line starts at the left margin in English and ends at the right margin
    # in Arabic, with the free space on the other side.
    left, right = line_of(english, "Lakeside")
    assert left < 120 and 1200 - right > left
    left, right = line_of(arabic, "مصر")
    assert 1200 - right < 120 and left > 1200 - right


def line_of(words: list[dict[str, str]], needle: str) -> tuple[int, int]:
    """The left and right edges (pixels) of the line of words holding ``needle``."""
    key = next((row["block_num"], row["par_num"], row["line_num"]) for row in words
               if needle in row["text"])
    line = [row for row in words if (row["block_num"], row["par_num"], row["line_num"]) == key]
    return (min(int(row["left"]) for row in line),
            max(int(row["left"]) + int(row["width"]) for row in line))


def test_user_text_is_printed_as_text_never_as_typst(tmp_path: Path) -> None:
    kit = make_kit(tmp_path / "kit", country="GB", chapter_name=HOSTILE + " #set page(width: 1cm)",
                   event_rooms=[{"name": '#text(red)[x] $y$ @z "]', "capacity": 20}])
    result = print_kit(kit.dest, only=["signs", "badges", "poster"])
    signs = text_of(next(p.path for p in result.files if p.item == "signs"))
    assert '#text(red)[x] $y$ @z "]' in signs
    assert "#set page(width: 1cm)" in signs and "<script>" in signs
    assert fits(size_of(pdf(result.files[0].path).pages[0]), A4)


def test_markdown_is_read_into_plain_blocks() -> None:
    blocks = markdown_blocks("# Title\n\nSome **bold** and *it* and `code`.\n\n"
                             "- [ ] a task\n- two\n\n| A | B |\n| --- | --- |\n| 1 |\n\n"
                             "<b>raw</b>\n\n[site](https://example.org) [file](x.md)\n")
    assert blocks[0] == {"t": "h", "level": 1, "runs": [{"s": "Title"}]}
    assert {"s": "bold", "b": True} in blocks[1]["runs"]
    assert {"s": "code", "code": True} in blocks[1]["runs"]
    assert blocks[2]["items"][0][0]["runs"][0]["s"] == "☐ a task"
    assert blocks[3]["rows"] == [[[{"s": "1"}], []]]
    assert blocks[4] == {"t": "p", "runs": [{"s": "raw"}]}  # raw HTML: its text only
    links = blocks[5]["runs"]
    assert links[0] == {"s": "site", "href": "https://example.org"}
    assert {"s": "file"} in links  # a link inside the kit is text on paper


def test_bad_requests_are_one_line_errors_that_write_nothing(kits: dict[str, NewKit],
                                                             tmp_path: Path) -> None:
    kit = kits["GB"].dest
    out = tmp_path / "out"
    with pytest.raises(PrintError, match=r"unknown item.*posters.*choose from"):
        print_kit(kit, only=["posters"], out=out)
    with pytest.raises(PrintError, match="unknown paper a3"):
        print_kit(kit, paper="a3", out=out)
    with pytest.raises(PrintError, match="no fr; it is in en"):
        print_kit(kit, locales=["fr"], out=out)
    assert not out.exists()
    broken = tmp_path / "broken"
    shutil.copytree(kit, broken)
    (broken / "events/shared/en/print.yml").write_text("toilets: [unclosed\n")
    with pytest.raises(PrintError, match=r"print\.yml:\d+: not valid YAML"):
        print_kit(broken, out=out)
    assert not out.exists()
    result = CliRunner().invoke(app, ["print", str(kit), "--only", "grid", "--paper", "a5"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "a5" in result.stderr


def test_the_command_prints_what_it_wrote(kits: dict[str, NewKit], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["print", str(kits["GB"].dest), "--only", "poster",
                                      "--only", "badges", "--out", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p/en/poster.pdf").is_file() and (tmp_path / "p/en/badges.pdf").is_file()
    assert "Wrote 2 files on A4 paper" in result.stdout


def test_times_use_the_languages_own_clock() -> None:
    from boxkit._print import _interval
    from boxkit._schedule import regional_locale

    assert str(regional_locale("en", "GB")) == "en_GB"
    assert str(regional_locale("fr_CA", "CA")) == "fr_CA"
    assert str(regional_locale("en", "")) == "en"
    # Canadian French writes "16 h 35", a 24-hour clock with a quoted "h" in its pattern.
    quebec = _interval("09:30", "16:35", "fr_CA")
    assert "16" in quebec and "p.m." not in quebec
    assert "16" in _interval("09:30", "16:35", "en_GB")
    assert "4:35" in _interval("09:30", "16:35", "en_US")
