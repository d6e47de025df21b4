"""The built website, checked from outside: HTML validity (vnu), accessibility (axe-core in
headless Chromium, WCAG 2.2 A and AA), internal links (lychee, offline), page weight, and
screenshots of the home page in English and Arabic at phone and desktop widths.

The tools come from Debian (chromium, Java) and npm (vnu-jar, axe-core) and are installed
by .ci/run; locally a missing tool skips these tests, in CI it fails them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from boxkit import NewKit, new_kit, resolve_answers
from boxkit.i18n import shipped_locales
from boxkit.site import build_site
from conftest import TODAY

ROOT = Path(__file__).parents[1]
TOOLS = ROOT / ".ci-tools" / "node_modules"
VNU = Path(os.environ.get("VNU_JAR", TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"))
AXE = Path(os.environ.get("AXE_JS", TOOLS / "axe-core" / "axe.min.js"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def need(ok: bool, what: str) -> None:
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: .ci/run installs it")
    pytest.skip(f"{what} is not installed here")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site in every shipped language, English first, Arabic among them."""
    need(shutil.which("hugo") is not None, "hugo")
    resolved = resolve_answers({"country": "SE", "locales": list(shipped_locales()),
                                "contact_email": "hej@example.se",
                                "event_venue": "Kulturhuset", "event_city": "Stockholm"},
                               today=TODAY)
    kit: NewKit = new_kit(tmp_path_factory.mktemp("site") / "kit", resolved.answers)
    return build_site(kit.dest).output


def pages(site: Path) -> list[Path]:
    """Every real page (not Hugo's redirect stubs for aliases)."""
    found = sorted(p for p in site.rglob("*.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    assert len(found) >= 8 * len(shipped_locales())
    return found


def test_every_page_is_valid_html(site: Path) -> None:
    need(VNU.is_file() and shutil.which("java") is not None, "vnu.jar with Java")
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                           "--format", "json", str(site)],
                          capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert messages == [], "\n".join(f"{m.get('url')}: {m.get('message')}" for m in messages)
    assert done.returncode == 0


def test_no_broken_internal_links(site: Path) -> None:
    need(shutil.which("lychee") is not None, "lychee")
    done = subprocess.run(["lychee", "--offline", "--no-progress", "--root-dir", str(site),
                           str(site)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_each_page_is_under_100_kb_with_its_css(site: Path) -> None:
    css = sum(p.stat().st_size for p in site.rglob("*.css"))
    for page in pages(site):
        assert page.stat().st_size + css < 100_000, page


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    need(Path(CHROMIUM).is_file(), "Debian's chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_no_accessibility_violations_on_any_page(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    need(AXE.is_file(), "axe-core")
    page = browser.new_page()
    found = []
    for html in pages(site):
        page.goto(html.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG)
        found += [f"{html.relative_to(site)}: {v['id']}: {v['help']} "
                  f"({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
                  for v in result["violations"]]
    page.close()
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(("lang", "path"), [("en", "index.html"), ("ar", "ar/index.html")])
@pytest.mark.parametrize(("device", "width", "height"),
                         [("phone", 390, 844), ("desktop", 1280, 900)])
def test_home_page_screenshots(site: Path, browser, lang: str, path: str,  # type: ignore[no-untyped-def]
                               device: str, width: int, height: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto((site / path).as_uri())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"home-{lang}-{device}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    page.close()
