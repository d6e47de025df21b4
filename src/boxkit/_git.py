"""The few git commands boxkit runs, with an identity that works on a fresh machine."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from boxkit._i18n import N_
from boxkit._scratch import STOP_SIGNALS
from boxkit.errors import GitError

# Used only when the machine has no git identity, so that a first commit never fails.
FALLBACK_NAME = "boxkit"
FALLBACK_EMAIL = "boxkit@localhost"


def _run(args: Sequence[str], cwd: Path, env: dict[str, str] | None, *, text: bool,
         check: bool) -> subprocess.CompletedProcess[Any]:
    exe = shutil.which("git")
    if exe is None:
        raise GitError(N_("git is not installed: install git and run the command again"))
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    # git runs in a process group of its own, so that when a signal stops boxkit
    # (Ctrl-C, SIGTERM) the helpers git started (index-pack, checkout workers) are stopped
    # with it, and nothing writes into a folder boxkit is removing on its way out.
    group = hasattr(os, "killpg")
    # A signal that arrived while Popen returned would stop boxkit with git still running
    # and no handle to stop it by; so the stopping signals wait until ``process`` is known.
    # (git inherits them held; it is never stopped by them but by SIGKILL to its group.)
    held = _hold_stopping_signals()
    try:
        process = subprocess.Popen([exe, *args], cwd=cwd, env=full_env, text=text,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=group)
    except BaseException:
        _release(held)
        raise
    try:
        _release(held)  # a signal held meanwhile is raised here, inside the ``try``
        out, err = process.communicate()
    except BaseException:
        _stop(process, group)
        raise
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    if done.returncode != 0 and check:
        output = done.stderr or done.stdout
        detail = (output if text else output.decode(errors="replace")).strip().splitlines()
        if not detail:
            raise GitError(N_("git %(command)s failed in %(cwd)s: no output"),
                           command=args[0], cwd=cwd)
        raise GitError(N_("git %(command)s failed in %(cwd)s: %(detail)s"), command=args[0],
                       cwd=cwd, detail=detail[-1])
    return done


def _hold_stopping_signals() -> set[int] | None:
    """Block SIGINT, SIGTERM and SIGHUP; return the mask to restore (None: nothing held)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS))


def _release(previous: set[int] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(process: subprocess.Popen[Any], group: bool) -> None:
    """Kill git and every process it started, and wait until they are all gone."""
    if not group:
        process.kill()
        process.wait()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # is any of the group still alive?
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.01)


def git(args: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> str:
    """Run ``git args`` in ``cwd`` and return stdout; raise :class:`GitError` on failure
    (unless ``check`` is false)."""
    return str(_run(args, cwd, env, text=True, check=check).stdout)


def git_bytes(args: Sequence[str], *, cwd: Path) -> bytes:
    """git's raw output: paths with ``-z`` are bytes, whatever the names' encoding."""
    return bytes(_run(args, cwd, None, text=False, check=True).stdout)


def identity_env(cwd: Path) -> dict[str, str]:
    """Author and committer variables for a commit, only where git has no identity."""
    try:
        configured = git(["config", "--get-regexp", r"^user\.(name|email)$"], cwd=cwd)
    except GitError:  # exit 1: neither is set
        configured = ""
    keys = {line.split(" ", 1)[0] for line in configured.splitlines() if " " in line}
    env: dict[str, str] = {}
    for key, var, fallback in (("user.name", "NAME", FALLBACK_NAME),
                               ("user.email", "EMAIL", FALLBACK_EMAIL)):
        if key in keys or (os.environ.get(f"GIT_AUTHOR_{var}")
                           and os.environ.get(f"GIT_COMMITTER_{var}")):
            continue
        env[f"GIT_AUTHOR_{var}"] = env[f"GIT_COMMITTER_{var}"] = fallback
    return env


def init_and_commit(repo: Path, message: str, paths: Sequence[str] | None = None) -> str:
    """Make ``repo`` a git repository with one commit of ``paths`` (all by default)."""
    git(["init", "--quiet", "--initial-branch=main"], cwd=repo)
    git(["add", "--all", "--", *(paths or ["."])], cwd=repo)
    git(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message], cwd=repo,
        env=identity_env(repo))
    return git(["rev-parse", "HEAD"], cwd=repo).strip()


def inside_work_tree(path: Path) -> bool:
    """True when ``path`` is inside an existing git working tree."""
    try:
        return git(["rev-parse", "--is-inside-work-tree"], cwd=path).strip() == "true"
    except GitError:
        return False
