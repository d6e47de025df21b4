"""Hostile conditions around `boxkit new`: killed runs and a full disk.

Each case checks that nothing is read outside the inputs, nothing is written outside the
destination, no traceback is shown and no stray folder stays behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_kit

pytestmark = pytest.mark.slow  # every test here runs boxkit in subprocesses or renders templates


def start_new(dest: Path, tmp: Path, **popen: object) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp)}
    return subprocess.Popen([sys.executable, "-m", "boxkit", "new", str(dest), "--country",
                             "SE", "--no-input"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)  # type: ignore[call-overload]


def strays(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir()
                  if "boxkit-" in p.name)


@pytest.fixture
def ready(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The template bundle is built, so that a run spends its time rendering the kit."""
    make_kit(tmp_path_factory.mktemp("warm") / "kit", country="SE")


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_new_leaves_nothing(tmp_path: Path, ready: None, signum: int) -> None:
    for delay in (0.3, 0.9, 1.5):
        parent, tmp = tmp_path / f"at-{delay}", tmp_path / f"tmp-{delay}"
        parent.mkdir()
        tmp.mkdir()
        run = start_new(parent / "kit", tmp)
        time.sleep(delay)
        run.send_signal(signum)
        _out, err = run.communicate(timeout=60)
        assert "Traceback" not in err
        if run.returncode == 0:  # it had finished: a whole kit
            assert (parent / "kit" / "README.md").is_file()
        else:
            assert not (parent / "kit").exists()
        assert strays(parent, tmp) == [], (delay, err)


@pytest.mark.slow
def test_a_killed_new_is_swept_by_the_next_run(tmp_path: Path, ready: None) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # Not boxkit's, or still in use: never touched.
    (tmp_path / ".boxkit-notes").mkdir()
    (tmp_path / f".boxkit-staging-{os.getpid()}-inuse").mkdir()
    run = start_new(tmp_path / "kit", tmp)
    deadline = time.monotonic() + 30
    while not any(p.name.startswith(f".boxkit-staging-{run.pid}-") for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline, "boxkit never started staging"
        time.sleep(0.05)
    time.sleep(0.3)
    run.kill()
    run.communicate(timeout=60)
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".boxkit-staging-{run.pid}")]
    assert left, "SIGKILL cannot clean up: the staging folder is still there"
    again = start_new(tmp_path / "second", tmp)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert f"removed {tmp_path / left[0]}, left by a boxkit run that was killed" in out + err
    assert sorted(p.name for p in tmp_path.iterdir() if "boxkit" in p.name) == sorted(
        [".boxkit-notes", f".boxkit-staging-{os.getpid()}-inuse"])
    assert strays(tmp) == []
    assert not (tmp_path / "kit").exists()


def _small_disk(folder: Path) -> bool:
    """Mount a 256 KiB tmpfs at ``folder`` (needs root); False where that is not allowed."""
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.slow
def test_a_full_disk_names_the_file_being_written(tmp_path: Path, ready: None) -> None:
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not _small_disk(disk):
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    try:
        run = start_new(disk / "kit", tmp)
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 1, err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert err.startswith(f"boxkit: error: {disk / 'kit'}")
        assert "cannot write it" in err
        assert list(disk.iterdir()) == []
        assert strays(tmp) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# --- untrusted templates with limits ------------------------------------------------------

NEW = ["--country", "SE", "--locale", "en", "--no-input"]


def _template(root: Path, kind: str, text: str) -> Path:
    """A one-file Copier or cookiecutter template whose file says ``text``."""
    if kind == "copier":
        root.mkdir(parents=True)
        (root / "copier.yml").write_text("chapter_name: {type: str}\n")
        (root / "page.md.jinja").write_text(text)
    else:
        (root / "{{cookiecutter.slug}}").mkdir(parents=True)
        (root / "cookiecutter.json").write_text('{"slug": "out"}')
        (root / "{{cookiecutter.slug}}" / "page.md").write_text(text)
    return root


HUNGRY = {
    "memory": ("{{ 'A' * 10000000000 }}", "GB of memory"),
    "recursion": ("{% macro deeper(n) %}{{ deeper(n + 1) }}{% endmacro %}{{ deeper(0) }}",
                  "recursion too deep"),
    "time": ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
             "{% endfor %}", "took longer than 3 s"),
    "output": ("{% for a in range(100000) %}" + "x" * 100 + "{% endfor %}",
               "wrote more than 1 MB"),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["copier", "cookiecutter"])
@pytest.mark.parametrize("case", sorted(HUNGRY))
def test_untrusted_templates_render_within_limits(tmp_path: Path, kind: str, case: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from boxkit import _contain
    from boxkit.cli import app

    monkeypatch.setattr(_contain, "LIMITS", _contain.Limits(
        seconds=3, output_bytes=2**20, memory_bytes=2 * 2**30))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    text, expected = HUNGRY[case]
    template = _template(tmp_path / "tpl", kind, text)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["new", str(tmp_path / "kit"), "--template",
                                      str(template), *NEW])
    assert time.monotonic() - started < 60
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "kit").exists()
    assert strays(tmp_path, tmp_path / "tmp") == []
