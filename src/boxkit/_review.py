"""A reviewer's pass over a machine-drafted or changed translation (``boxkit locale review``).

Each block that needs a person is shown beside its English: a fuzzy block (the English
changed since it was translated; the English it was translated from is shown too) and a
translated block nobody has reviewed yet. What the reviewer accepts, or corrects, is
recorded in the catalog itself, as a translator comment on the entry::

    # reviewed-by: Ana Souza

so that it travels with the PO file through Poedit, Weblate or Pontoon like any other
comment, and a changed English block (fuzzy again) is reviewed again. When every block of
both catalogs is reviewed, ``locale.yml`` names the reviewer and kits stop saying that
the translation is unreviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from boxkit import _catalogs
from boxkit._i18n import CLI_DOMAIN, KIT_DOMAIN, N_
from boxkit._resources import Paths

MARK = "reviewed-by:"
"""How a reviewed entry's translator comment starts."""


@dataclass(frozen=True)
class ReviewItem:
    """One block waiting for a reviewer."""

    domain: str
    msgid: str
    translation: str
    fuzzy: bool
    previous: str | None
    """For a fuzzy block, the English its translation was made from."""
    where: str


def reviewed_by(comments: list[str]) -> str | None:
    """The reviewer named in an entry's translator comments, if any."""
    for comment in comments:
        if comment.startswith(MARK):
            return comment[len(MARK):].strip() or None
    return None


def review_items(code: str, *, paths: Paths | None = None) -> list[ReviewItem]:
    """The blocks of ``code`` that need a reviewer: fuzzy first, then the unreviewed."""
    paths = paths or Paths.bundled()
    fuzzy, unreviewed = [], []
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        po = paths.locales / code / f"{domain}.po"
        if not po.is_file():
            continue
        for message in _catalogs.read(po):
            if not message.id or not isinstance(message.id, str) or not message.string:
                continue
            where = message.locations[0][0] if message.locations else domain
            if message.fuzzy:
                previous = message.previous_id[0] if message.previous_id else None
                fuzzy.append(ReviewItem(domain, message.id, str(message.string), True,
                                        previous, where))
            elif reviewed_by(message.user_comments) is None:
                unreviewed.append(ReviewItem(domain, message.id, str(message.string), False,
                                             None, where))
    return fuzzy + unreviewed


@dataclass(frozen=True)
class ReviewResult:
    recorded: int
    remaining: int
    complete: bool
    """True when nothing is left to review (``locale.yml`` now names the reviewer)."""


def record_review(code: str, decisions: Mapping[tuple[str, str], str], reviewer: str, *,
                  paths: Paths | None = None) -> ReviewResult:
    """Record ``decisions``: (domain, English) → the translation the reviewer accepted
    (the current one, or their correction). Each entry loses its fuzzy flag and is marked
    reviewed by ``reviewer``."""
    from boxkit.errors import LocaleError

    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise LocaleError(N_("a review needs the reviewer's name (--reviewer)"))
    paths = paths or Paths.bundled()
    recorded = 0
    for domain in (KIT_DOMAIN, CLI_DOMAIN):
        po = paths.locales / code / f"{domain}.po"
        wanted = {msgid: text for (d, msgid), text in decisions.items() if d == domain}
        if not wanted or not po.is_file():
            continue
        catalog = _catalogs.read(po)
        for msgid, text in wanted.items():
            message = catalog.get(msgid)
            if message is None or not text.strip():
                continue
            message.string = text
            message.flags.discard("fuzzy")
            message.previous_id = []
            message.user_comments = [c for c in message.user_comments
                                     if not c.startswith(MARK)] + [f"{MARK} {reviewer}"]
            recorded += 1
        _catalogs.write(catalog, po)
    remaining = len(review_items(code, paths=paths))
    if remaining == 0:
        _set_reviewer(paths.locales / code / "locale.yml", reviewer)
    return ReviewResult(recorded, remaining, remaining == 0)


def _set_reviewer(meta: Path, reviewer: str) -> None:
    import json
    import re

    text = meta.read_text(encoding="utf-8") if meta.is_file() else ""
    line = f"reviewed_by: {json.dumps(reviewer, ensure_ascii=False)}"
    if re.search(r"^reviewed_by:.*$", text, re.MULTILINE):
        text = re.sub(r"^reviewed_by:.*$", line, text, count=1, flags=re.MULTILINE)
    else:
        text += ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    meta.write_text(text, encoding="utf-8")
