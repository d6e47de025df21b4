"""Users are not pinned: `pip install .` resolves the newest compatible releases of every
dependency, and the README's first command must still make a kit with them.

The rest of the suite runs against constraints.txt, so that its results do not change
when a dependency is released; this test is the one that looks ahead. It installs boxkit
into a fresh virtual environment with no constraints (needs the package index, like
`pip install .` itself) and makes a kit in an empty home folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_boxkit_new_with_the_newest_dependencies(tmp_path: Path) -> None:
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PIP_CONSTRAINT", "VIRTUAL_ENV", "PYTHONPATH"))}
    real_home = os.environ.get("REAL_HOME")
    if real_home:  # reuse the machine's download cache; the tests' HOME is empty
        env.setdefault("PIP_CACHE_DIR", str(Path(real_home) / ".cache" / "pip"))
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade",
                              "--upgrade-strategy", "eager", str(ROOT)],
                             env=env, capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stderr[-3000:]
    env["HOME"] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    made = subprocess.run([str(tmp_path / "venv" / "bin" / "boxkit"), "new",
                           str(tmp_path / "kit"), "--country", "IN", "--no-input"],
                          env=env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    readme = (tmp_path / "kit" / "README.md").read_text(encoding="utf-8")
    assert "One Team Gov" in readme
    # The template was built with the newest Babel, and says so.
    versions = subprocess.run([str(python), "-c", "import babel; print(babel.__version__)"],
                              env=env, capture_output=True, text=True, check=True)
    newest_babel = versions.stdout.strip()
    print(f"newest Babel resolved: {newest_babel}", file=sys.stderr)
    tag = yaml.safe_load((tmp_path / "kit" / ".copier-answers.yml").read_text())["_commit"]
    repo = tmp_path / "bundle"
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    subprocess.run(["git", "fetch", "-q", str(tmp_path / "home/.local/share/boxkit/kit.bundle"),
                    f"refs/tags/{tag}:refs/tags/{tag}"], cwd=repo, check=True)
    record = subprocess.run(["git", "show", f"{tag}:_generated.yml"], cwd=repo,
                            capture_output=True, text=True, check=True).stdout
    assert f"Babel {newest_babel} " in record
