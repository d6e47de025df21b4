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
