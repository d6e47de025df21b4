"""The wheel carries the template and locales, so `pip install .` works offline after."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel with pip

ROOT = Path(__file__).parents[1]


def test_wheel_ships_the_template(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next(tmp_path.glob("boxkit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    template_files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*")
                      if p.is_file() and "__pycache__" not in p.parts}
    for name in template_files:
        assert f"boxkit/_data/{name}" in names, name
    assert "boxkit/data/capital_zones.yml" in names
    assert "boxkit/data/schedule-grid.html.jinja" in names
    assert "boxkit/_data/locales/README.md" in names
    assert "boxkit/_data/templates/kit-history.bundle" in names
    # Only sources ship: the template is built from them on the user's machine.
    assert not any("/_cldr/" in name or "/_l10n/" in name for name in names)


def test_maintainer_commands_never_write_into_an_installed_package(tmp_path: Path) -> None:
    """Installed from a wheel, `boxkit locale init/extract` and `boxkit release` say in one
    line that they need a checkout, and change nothing in site-packages."""
    import os

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path / "wheel"), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next((tmp_path / "wheel").glob("boxkit-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    # The installed copy comes first on the path, before this checkout's editable install.
    env = {**os.environ, "PYTHONPATH": str(target), "HOME": str(tmp_path / "home")}
    env.pop("BOXKIT_ROOT", None)
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    for args, wanted in ((["locale", "init", "de"], "writes catalogs into a checkout"),
                         (["locale", "extract"], "writes catalogs into a checkout"),
                         (["release"], "works on a checkout of boxkit")):
        done = subprocess.run([sys.executable, "-m", "boxkit", *args], capture_output=True,
                              text=True, env=env, check=False, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        assert wanted in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert sorted(p.relative_to(target) for p in target.rglob("*")
                  if "__pycache__" not in p.parts) == [
        p for p in before if "__pycache__" not in p.parts]
