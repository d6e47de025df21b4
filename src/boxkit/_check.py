"""``boxkit check``: render the template over a matrix of answers and check the output.

For maintainers before a release: every shipped locale, each scope, each event kind and
each part switched off, rendered with the real Copier, then Markdown lint, ``.ics``
validity, YAML validity and leftover template syntax.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from boxkit._answers import PARTS, Answers, resolve_answers
from boxkit._i18n import N_, shipped_locales
from boxkit._scratch import scratch
from boxkit.errors import BoxkitError

_LEFTOVER = re.compile(r"\{\{|\{%|%\}|\{#")
_PLACEHOLDER_WORDS = re.compile(r"\b(lorem ipsum|TODO|TBD)\b")


@dataclass(frozen=True)
class Case:
    name: str
    answers: Answers


@dataclass(frozen=True)
class Failure:
    case: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.case}: {self.path}: {self.reason}"


@dataclass(frozen=True)
class CheckReport:
    cases: int
    files: int
    failures: tuple[Failure, ...]


def matrix(locales: list[str] | None = None) -> list[Case]:
    """The answers to render: per locale, the default kit, each event kind, each part
    off, and an organisation chapter."""
    cases = []
    for code in locales or list(shipped_locales()):
        def case(name: str, code: str = code, **given: object) -> Case:
            given = {"country": "SE", "contact_email": "hello@example.org", **given}
            answers = resolve_answers(given).answers
            return Case(f"{code}/{name}", dataclasses.replace(answers, locales=(code,)))

        cases.append(case("default"))
        cases.extend(case(f"event={kind}", event_kind=kind) for kind in ("breakfast", "none"))
        cases.extend(case(f"without-{part}", parts=[p for p in PARTS if p != part])
                     for part in PARTS)
        cases.append(case("organisation", scope="organisation", organisation="A Ministry",
                          country="", event_kind="breakfast"))
    return cases


def lint_command(path: Path) -> list[str]:
    """The Markdown lint run on kits: pymarkdown, without the line-length rule (prose is
    one paragraph per line), with front matter, and with the sentence punctuation of the
    shipped languages (Arabic ends a question with ؟)."""
    exe = shutil.which("pymarkdown")
    if exe is None:
        raise BoxkitError(N_('pymarkdown is not installed: pip install "boxkit[test]"'))
    return [exe, "--disable-rules", "md013", "--enable-extensions", "front-matter",
            "--set", "plugins.md036.punctuation=.,;:!?。，；：！？؟", "--set",
            "plugins.md026.punctuation=.,;:!。，；：！؟", "scan", "-r", str(path)]


def _lint(folder: Path) -> Iterator[tuple[str, str]]:
    """(file relative to ``folder``, reason) for each Markdown problem below it.

    The kits of a matrix share most of their text (a kit without its website has the same
    guides as the default one), so each distinct file is linted once and its problems are
    reported for every file with that text; the distinct files are shared out between as
    many pymarkdown processes as the machine has cores."""
    import hashlib
    import os

    same: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.md")):
        if path.is_file() and ".git" not in path.relative_to(folder).parts:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            same.setdefault(digest, []).append(path.relative_to(folder).as_posix())
    if not same:
        return
    workers = max(1, min(os.cpu_count() or 1, len(same) // 50 or 1))
    with scratch("lint") as tmp:
        for number, digest in enumerate(same):
            chunk = tmp / str(number % workers)
            chunk.mkdir(exist_ok=True)
            shutil.copyfile(folder / same[digest][0], chunk / f"{digest}.md")
        running = [subprocess.Popen(lint_command(tmp / str(n)), stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
                   for n in range(workers)]
        outputs = [process.communicate()[0] for process in running]
    for output in outputs:
        for line in sorted(output.splitlines()):
            where, _, reason = line.partition(": ")
            if not reason:
                continue
            name, line_number = where.split(":")[:2]
            for kit_file in same.get(Path(name).stem, []):
                yield kit_file, f"line {line_number}: {reason}"


def check_kit(kit: Path, files: tuple[str, ...], *,
              lint: bool = True) -> Iterator[tuple[str, str]]:
    """(file, reason) for everything wrong in one rendered kit (``lint=False``: all but
    the Markdown lint, which :func:`check_template` runs once over every kit)."""
    from boxkit._calendar import ics_problems

    if lint:
        yield from _lint(kit)
    for name in files:
        path = kit / name
        if name.endswith(".ics"):
            yield from ((name, problem) for problem in ics_problems(path.read_bytes()))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if name.endswith((".yml", ".yaml")):
            try:
                yaml.safe_load(text)
            except yaml.YAMLError as error:
                yield name, f"not valid YAML ({str(error).splitlines()[0]})"
        own_syntax = name.startswith(("website/layouts/", ".github/"))
        if not own_syntax and _LEFTOVER.search(text):
            line = text[:_LEFTOVER.search(text).start()].count("\n") + 1  # type: ignore[union-attr]
            yield name, f"line {line}: template syntax left in the output"
        match = _PLACEHOLDER_WORDS.search(text)
        if match:
            yield name, f"placeholder text {match[0]!r}"


def check_template(locales: list[str] | None = None, *,
                   advance: Callable[[str], None] | None = None) -> CheckReport:
    """Render every case of the matrix into a temporary folder and check the output: the
    cases in as many processes as the machine has cores, then one Markdown lint over
    every kit."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from boxkit._template import bundled_checkout, bundled_template

    failures: list[Failure] = []
    files = 0
    cases = matrix(locales)
    # Build the template cache here, once, before the workers read it.
    bundled_checkout(bundled_template())
    with scratch("check") as tmp, ProcessPoolExecutor(
            max_workers=max(1, min(os.cpu_count() or 1, len(cases)))) as pool:
        futures = [pool.submit(_check_case, Path(tmp) / f"case-{number}", case.answers)
                   for number, case in enumerate(cases)]
        for case, future in zip(cases, futures, strict=True):
            count, found = future.result()
            files += count
            failures.extend(Failure(case.name, path, reason) for path, reason in found)
            if advance:
                advance(case.name)
        # One Markdown lint over every kit: a pymarkdown process per kit cost more than a
        # third of the whole check.
        for path, reason in _lint(Path(tmp)):
            folder, _, name = path.partition("/")
            failures.append(Failure(cases[int(folder.removeprefix("case-"))].name, name,
                                    reason))
    return CheckReport(len(cases), files, tuple(failures))


def _check_case(dest: Path, answers: Answers) -> tuple[int, list[tuple[str, str]]]:
    """Render one case into ``dest`` and check it (but for the lint): the number of files
    and the problems, in a worker process."""
    from boxkit._kit import new_kit

    try:
        made = new_kit(dest, answers)
    except BoxkitError as error:
        return 0, [("(render)", str(error))]
    return len(made.files), list(check_kit(dest, made.files, lint=False))
