"""The built website, checked from outside: HTML validity (vnu), accessibility (axe-core in
headless Chromium, WCAG 2.2 A and AA), internal links (lychee, offline, and Chromium over
HTTP wherever the site is published), page weight, and screenshots at phone and desktop
widths in English, French and Arabic.

Sites are built exactly as a kit's own workflow builds them (its ``Build`` step, with the
address GitHub Pages would give) and served by a small HTTP server on 127.0.0.1, under
``/repo/`` like a GitHub Pages project site, or at the root like a site on its own domain.

The tools come from Debian (chromium, Java) and npm (vnu-jar, axe-core) and are installed
by .ci/run; locally a missing tool skips these tests, in CI it fails them.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from boxkit import NewKit, new_kit, resolve_answers
from boxkit._i18n import shipped_locales
from conftest import TODAY, need

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
PROJECT_SITE = "https://user.github.io/repo"
"""What GitHub Pages' configure-pages step gives a project site as ``base_url``."""
OWN_DOMAIN = "https://chapter.example.org"
REDIRECT = re.compile(r'http-equiv="?refresh')

pytestmark = pytest.mark.slow



# --- kits, built as their workflow builds them ---------------------------------------------

KITS: dict[str, dict[str, Any]] = {
    "all": {"country": "SE", "locales": list(shipped_locales()),
            "contact_email": "hej@example.se", "event_venue": "Kulturhuset",
            "event_city": "Stockholm"},
    "ca": {"country": "CA", "locales": ["en", "fr"], "contact_email": "hello@example.ca",
           "event_venue": "Ottawa City Hall, 110 Laurier Ave W", "event_city": "Ottawa"},
    "gb": {"country": "GB", "locales": ["en"], "event_city": "Cardiff"},
}


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Kits made on first use, kept for the module."""
    need(shutil.which("hugo") is not None, "hugo")
    made: dict[str, Path] = {}

    class Made(dict[str, Path]):
        def __missing__(self, name: str) -> Path:
            resolved = resolve_answers(KITS[name], today=TODAY)
            kit: NewKit = new_kit(tmp_path_factory.mktemp(name) / "kit", resolved.answers)
            self[name] = kit.dest
            return kit.dest

    yield Made(made)


def build_like_workflow(kit: Path, base_url: str, into: Path) -> Path:
    """Run the ``Build`` step of the kit's own ``website.yml`` in a copy of the kit, with
    ``base_url`` where GitHub Pages puts the site; return the folder it uploads."""
    from boxkit._site import hugo_binary

    copy = into / "kit"
    shutil.copytree(kit, copy)
    workflow = yaml.safe_load((copy / ".github/workflows/website.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("name") == "Build")
    upload = next(step for step in steps
                  if str(step.get("uses", "")).startswith("actions/upload-pages-artifact"))
    command = build["run"].replace("${{ steps.pages.outputs.base_url }}", base_url)
    assert "${{" not in command, command
    path = f"{Path(hugo_binary()).parent}{os.pathsep}{os.environ['PATH']}"
    subprocess.run(command, shell=True, cwd=copy / build.get("working-directory", "."),
                   env={**os.environ, "PATH": path}, check=True, capture_output=True)
    return copy / upload["with"]["path"]


@pytest.fixture(scope="module")
def built(kits: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[dict[tuple[str, str], Path]]:
    """``built[kit, base_url]``: the kit's site as its workflow builds it for that address."""

    class Built(dict[tuple[str, str], Path]):
        def __missing__(self, key: tuple[str, str]) -> Path:
            name, base = key
            self[key] = build_like_workflow(kits[name], base, tmp_path_factory.mktemp("site"))
            return self[key]

    yield Built()


@pytest.fixture(scope="module")
def site(built: dict[tuple[str, str], Path]) -> Path:
    """One site in every shipped language, English first, Arabic among them, built for a
    GitHub Pages project site."""
    return built["all", PROJECT_SITE]


def pages(site: Path) -> list[Path]:
    """Every real page (not Hugo's redirect stubs for aliases)."""
    return sorted(p for p in site.rglob("*.html")
                  if not REDIRECT.search(p.read_text(encoding="utf-8"))
                  and "schedule" not in p.relative_to(site).parts)


@contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``folder`` at ``http://127.0.0.1:PORT{prefix}`` (everything else is 404), as
    GitHub Pages serves a project site under /REPO/; yield that address."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(folder / "-outside-" / "missing")
            return super().translate_path("/" + path[len(prefix):])

        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as error:
        return error.code


def url_of(page: Path, site: Path, address: str) -> str:
    rel = page.relative_to(site).as_posix()
    return address + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)


# --- the tools -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    need(Path(CHROMIUM).is_file(), "Debian's chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_every_page_is_valid_html(site: Path) -> None:
    need(VNU.is_file() and shutil.which("java") is not None, "vnu.jar with Java")
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                           "--format", "json", str(site)],
                          capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr or "{}").get("messages", [])
    assert messages == [], "\n".join(f"{m.get('url')}: {m.get('message')}" for m in messages)
    assert done.returncode == 0


def test_no_broken_internal_links(built: dict[tuple[str, str], Path]) -> None:
    need(shutil.which("lychee") is not None, "lychee")
    site = built["all", OWN_DOMAIN]  # lychee resolves root-relative links from --root-dir
    done = subprocess.run(["lychee", "--offline", "--no-progress", "--root-dir", str(site),
                           str(site)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_each_page_is_under_100_kb_with_its_css(site: Path) -> None:
    css = sum(p.stat().st_size for p in site.rglob("*.css"))
    found = pages(site)
    assert len(found) >= 8 * len(shipped_locales())
    heaviest = max(found, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size + css < 100_000, heaviest
    assert not list(site.rglob("*.js")), "the site needs no JavaScript"


def test_no_accessibility_violations_on_any_page(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    need(AXE.is_file(), "axe-core")
    found = []
    with serve(site, "/repo/") as address:
        page = browser.new_page()
        for html in pages(site):
            page.goto(url_of(html, site, address))
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                WCAG)
            found += [f"{html.relative_to(site)}: {v['id']}: {v['help']} "
                      f"({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
                      for v in result["violations"]]
        page.close()
    assert found == [], "\n".join(found)


# --- works wherever it is published --------------------------------------------------------


@pytest.mark.parametrize(("kit", "base", "prefix"), [
    ("ca", PROJECT_SITE, "/repo/"),
    ("gb", PROJECT_SITE, "/repo/"),
    ("all", PROJECT_SITE, "/repo/"),
    ("gb", OWN_DOMAIN, "/"),
    ("all", OWN_DOMAIN, "/"),
])
def test_every_link_answers_wherever_the_site_is_published(
        built: dict[tuple[str, str], Path], browser, kit: str, base: str,  # type: ignore[no-untyped-def]
        prefix: str) -> None:
    """Every page, loaded in Chromium from the address it is published at: its stylesheet
    is applied, and every internal link, feed and calendar file answers 200."""
    site = built[kit, base]
    public = base.rstrip("/") + "/"
    broken: list[str] = []
    checked: dict[str, int] = {}
    with serve(site, prefix) as address:
        page = browser.new_page()
        answers: dict[str, int] = {}
        page.on("response", lambda r: answers.setdefault(r.url, r.status))  # later: 304
        for html in pages(site):
            here = url_of(html, site, address)
            page.goto(here)
            sheets = page.evaluate(
                "[...document.querySelectorAll('link[rel=stylesheet]')]"
                ".map(l => [l.href, !!l.sheet && l.sheet.cssRules.length])")
            assert sheets, here
            for href, rules in sheets:
                if answers.get(href) != 200 or not rules:
                    broken.append(f"{here}: stylesheet {href} ({answers.get(href)})")
            # The stylesheet is applied: the header has the movement's colour.
            header = page.evaluate(
                "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
            if header in ("rgba(0, 0, 0, 0)", "transparent"):
                broken.append(f"{here}: no styles")
            links = page.evaluate("[...document.querySelectorAll('a[href], link[href]')]"
                                  ".map(e => e.href)")
            for link in links:
                target = link.split("#")[0]
                if target.startswith(public):  # a permalink: where it is published
                    target = address + target[len(public):]
                if not target.startswith(address.rstrip("/")):
                    continue  # mailto:, another site
                if target not in checked:
                    checked[target] = status(target)
                if checked[target] != 200:
                    broken.append(f"{here}: {link} ({checked[target]})")
        page.close()
    assert broken == [], "\n".join(broken)
    calendars = [url for url in checked if url.endswith(".ics")]
    assert calendars, "no calendar link was checked"
    assert any(url.endswith(".xml") for url in checked), "no feed link was checked"


# --- how it looks --------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "prefix"), [("en", ""), ("fr", "fr/"), ("ar", "ar/")])
@pytest.mark.parametrize(("device", "width", "height"),
                         [("phone", 390, 844), ("desktop", 1280, 900)])
def test_screenshots(site: Path, browser, lang: str, prefix: str,  # type: ignore[no-untyped-def]
                     device: str, width: int, height: int) -> None:
    """The home page and the event page, saved for people to look at; on a phone the menu
    is folded into a button that opens without JavaScript."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height},
                                  java_script_enabled=False)
    page = context.new_page()
    with serve(site, "/repo/") as address:
        for name, path in (("home", ""), ("event", "events/first-event/"),
                           ("principles", "principles/")):
            page.goto(f"{address}{prefix}{path}")
            shot = ARTIFACTS / f"{name}-{lang}-{device}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            # Nothing wider than the screen: no sideways scrolling on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            direction = page.evaluate("getComputedStyle(document.body).direction")
            assert direction == ("rtl" if lang == "ar" else "ltr")
        page.goto(f"{address}{prefix}")
        wide = page.locator(".menu-wide")
        compact = page.locator(".menu-compact")
        if device == "phone":
            assert not wide.is_visible() and compact.is_visible()
            assert not compact.locator("a").first.is_visible()
            compact.locator("summary").click()
            assert compact.locator("a").first.is_visible()
            page.screenshot(path=str(ARTIFACTS / f"menu-{lang}-{device}.png"))
        else:
            assert wide.is_visible() and not compact.is_visible()
    context.close()
