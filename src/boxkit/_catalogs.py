"""Gettext catalogs, read, written, merged, compiled and checked with Babel.

This is the only code that touches PO files. Its format is Babel's, with three things done
here because Babel does them otherwise:

- The header is written here, not by Babel: no creation date and no ``Generated-By: Babel
  x.y``, so a catalog changes when its texts change and not when the date or Babel does.
  ``Plural-Forms`` comes from Babel's CLDR plural rules when a catalog is started, and then
  stays as it is (as msgmerge leaves it): a newer CLDR must not invalidate translated plurals.
- Babel 2.19 reads a previous msgid (``#| msgid …``, kept on an entry that became fuzzy) as
  a translator comment (python-babel/babel#206), and writes one longer than a line wrapped
  mid-string, which neither it nor msgfmt can read back: :func:`read` and :func:`write`
  handle those lines themselves.
- Babel's fuzzy matching (``msgmerge``'s, in pure Python) compares every new entry with
  every translated one through :mod:`difflib`: for the kit's 1,900 blocks that took four
  minutes a catalog. :func:`merge` offers difflib only the candidates that share enough
  words with the new entry (seconds, not minutes). That also drops Babel's chance matches
  between short texts with few words in common ("Phone" and "Home", "Toilets" and
  "Times"), whose translations only mislead a translator.
- Babel flags texts with a ``%`` or braces in them as Python formats ("about 20 % of").
  boxkit formats only its CLI messages, with named ``%(name)s`` placeholders, so only those
  carry ``python-format`` (which :func:`check` then verifies, as ``msgfmt --check`` would).

A POT names the file and line of each entry, a PO only the file, so that a translator's file
does not change every time an English line moves. Translators need none of this: any PO
editor (Poedit, Weblate) reads and writes these files, and ``msgfmt -c`` accepts them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.pofile import PoFileError, normalize, read_po, unescape, write_po

from boxkit._blocks import has_words, placeholders
from boxkit.errors import Advice, UnreadableCatalog

WIDTH = 79
"""Where PO lines wrap, as GNU gettext and Poedit wrap them."""

Checker = Callable[[Catalog, Message], None]
"""A translation check in Babel's style: raises :class:`TranslationError` with a message."""

_NAMED_FORMAT = re.compile(r"%\(\w+\)[sd]")
_PREVIOUS = "@@boxkit-previous-%d@@"
_PREVIOUS_LINE = re.compile(r'^#\| msgid "@@boxkit-previous-(\d+)@@"\n', re.MULTILINE)


class Finding(NamedTuple):
    """One problem :func:`check` found: the PO line of the entry (``None`` for the whole
    catalog) and the error, an :class:`~boxkit.errors.Advice` when it is only a warning."""

    line: int | None
    error: TranslationError | Advice


# --- read and write ----------------------------------------------------------------------


def new(language: str | None = None) -> Catalog:
    """An empty catalog: a POT, or a PO for ``language``."""
    return Catalog(locale=language, project="boxkit", fuzzy=False)


def read(path: Path) -> Catalog:
    """The catalog in ``path`` (a PO or a POT); :class:`LocaleError` when it cannot be read."""
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
    except PoFileError as error:
        raise UnreadableCatalog(path, str(error), error.lineno + 1) from None
    except (OSError, ValueError) as error:
        raise UnreadableCatalog(path, str(error)) from None
    for message in _all(catalog):
        _take_previous(message)
    _own_flags(catalog)
    return catalog


def write(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` to ``path`` (a POT when it has no language), replacing the file."""
    _own_flags(catalog)
    catalog.charset = "utf-8"
    previous = [m for m in catalog if m.id and m.previous_id]
    kept = [m.previous_id for m in previous]
    body = io.BytesIO()
    try:
        # Babel would wrap a long previous msgid mid-string: a marker stands in for it.
        for number, message in enumerate(previous):
            message.previous_id = [_PREVIOUS % number]
        write_po(body, catalog, width=WIDTH, omit_header=True, include_previous=True,
                 include_lineno=catalog.locale is None)
    finally:
        for message, ids in zip(previous, kept, strict=True):
            message.previous_id = ids
    text = _PREVIOUS_LINE.sub(lambda m: _previous_lines(kept[int(m[1])]),
                              body.getvalue().decode("utf-8"))
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(_header(catalog) + text, encoding="utf-8")
    temporary.replace(path)


def _header(catalog: Catalog) -> str:
    language = catalog.locale_identifier
    fields = {"Project-Id-Version": "boxkit", "Report-Msgid-Bugs-To": ""}
    if language:
        fields["Language"] = language
    fields.update({"MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit"})
    if language:
        # The catalog's own (read from its header), or CLDR's for a new catalog.
        fields["Plural-Forms"] = catalog.plural_forms
    text = "".join(f"{name}: {value}\n" for name, value in fields.items())
    return f'msgid ""\nmsgstr {normalize(text, width=WIDTH)}\n\n'


def _previous_lines(ids: list[str]) -> str:
    lines = f"#| msgid {normalize(ids[0], prefix='#| ', width=WIDTH)}\n"
    if len(ids) > 1:
        lines += f"#| msgid_plural {normalize(ids[1], prefix='#| ', width=WIDTH)}\n"
    return lines


def _take_previous(message: Message) -> None:
    """Move ``#| msgid`` lines, which Babel reads as translator comments, to previous_id."""
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    parts: dict[str, list[str]] = {}
    keyword = ""
    for line in lines:
        if not line.startswith('"'):
            keyword, _, line = line.partition(" ")
        parts.setdefault(keyword, []).append(line.strip())
    message.previous_id = ["".join(unescape(p) for p in parts[k])
                           for k in ("msgid", "msgid_plural") if k in parts]


def _own_flags(catalog: Catalog) -> None:
    for message in _all(catalog):
        text = " ".join(_ids(message))
        message.flags.discard("python-brace-format")
        if not _NAMED_FORMAT.search(text):
            message.flags.discard("python-format")


def _all(catalog: Catalog) -> Iterator[Message]:
    yield from (m for m in catalog if m.id)
    yield from catalog.obsolete.values()


def _ids(message: Message) -> tuple[str, ...]:
    return (message.id,) if isinstance(message.id, str) else tuple(message.id)


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string or ""
    return (string,) if isinstance(string, str) else tuple(s or "" for s in string)


# --- merge -------------------------------------------------------------------------------


def start(path: Path, template: Path, *, language: str) -> None:
    """Write a new PO for ``language`` at ``path`` with every entry of the POT ``template``."""
    catalog = new(language)
    catalog.update(read(template), update_header_comment=False, update_creation_date=False)
    write(catalog, path)


def keep_only_translated(path: Path) -> None:
    """Drop every entry of the PO at ``path`` that has no translation (a variant's catalog,
    such as en_CA's, holds only the blocks a reviewer changed; the rest is English)."""
    catalog = read(path)
    for message in list(catalog):
        if message.id and not message.fuzzy and not translated(message):
            catalog.delete(message.id, context=message.context)
    catalog.obsolete.clear()
    write(catalog, path)


def merge(path: Path, template: Path) -> None:
    """Bring the PO at ``path`` up to date with the POT ``template``, as ``msgmerge`` would.

    An entry whose English changed keeps its translation, becomes fuzzy and records the
    English it was translated from as ``#| msgid``; an entry no longer in the template is
    kept at the end as ``#~``, and comes back (fuzzy) if its English does.
    """
    catalog = read(path)
    earlier = {_key(m.id): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    pot = read(template)
    for key, message in list(catalog.obsolete.items()):
        back = pot.get(message.id, message.context) is not None
        if back and catalog.get(message.id, message.context) is None:
            del catalog.obsolete[key]
            # Babel writes an obsolete entry without its flags, so whether it was fuzzy is
            # lost: have the translator look at it again.
            message.flags.add("fuzzy")
            catalog[message.id] = message
    with _narrowed_fuzzy_matching():
        catalog.update(pot, no_fuzzy_matching=False, update_header_comment=False,
                       update_creation_date=False)
    for message in catalog:
        if message.id and message.fuzzy:
            # Babel names the entry a translation was matched from, and forgets an older
            # fuzzy entry's previous msgid: keep the English the translation was made from.
            matched = _key(message.previous_id) if message.previous_id else _key(message.id)
            message.previous_id = earlier.get(matched, message.previous_id)
    write(catalog, path)


_WORD = re.compile(r"\w+")
SHARED_WORDS = 0.3
"""The share of words (Jaccard) two entries need in common before difflib compares them;
difflib then applies its own cutoff (0.6 of matching characters), as Babel does."""


@contextmanager
def _narrowed_fuzzy_matching() -> Iterator[None]:
    """While Babel merges, have its ``get_close_matches`` look only at candidates that
    share words with the entry."""
    from babel.messages import catalog as babel_catalog

    original = babel_catalog.get_close_matches
    words: dict[str, frozenset[str]] = {}

    def word_set(text: str) -> frozenset[str]:
        found = words.get(text)
        if found is None:
            found = words[text] = frozenset(_WORD.findall(text))
        return found

    def close_matches(word: str, possibilities: Iterable[str], n: int = 3,
                      cutoff: float = 0.6) -> list[str]:
        mine = word_set(word)
        near = [p for p in possibilities
                if mine and len(mine & (theirs := word_set(p)))
                >= SHARED_WORDS * len(mine | theirs)]
        return list(original(word, near, n, cutoff))  # type: ignore[no-untyped-call]

    babel_catalog.get_close_matches = close_matches
    try:
        yield
    finally:
        babel_catalog.get_close_matches = original


def _key(ids: str | Iterable[str]) -> str | tuple[str, ...]:
    if isinstance(ids, str):
        return ids
    items = tuple(ids)
    return items[0] if len(items) == 1 else items


def translations(catalog: Catalog) -> dict[str, str]:
    """English → translation for every singular entry that is translated and not fuzzy."""
    return {m.id: m.string for m in catalog
            if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
            and not m.fuzzy}


def translated(message: Message) -> bool:
    """Whether ``message`` has a translation a kit would use (not fuzzy, not empty)."""
    return bool(message.id) and not message.fuzzy and any(_strings(message))


# --- compile and check ---------------------------------------------------------------------


def compiled(catalog: Catalog) -> bytes:
    """The catalog as a binary MO file (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def check(catalog: Catalog, extra: Iterable[Checker] = ()) -> Iterator[Finding]:
    """Everything wrong with ``catalog``'s translations: that it compiles, Babel's checks
    (Python formats, the number of plural forms), then boxkit's :data:`CHECKERS` and
    ``extra`` ones.

    Untranslated and fuzzy entries are not checked: a kit uses the English for them.
    """
    try:
        compiled(catalog)
    except ValueError as error:
        yield Finding(None, TranslationError(f"does not compile: {error}"))
    for message, errors in catalog.check():
        if translated(message):
            yield from (Finding(message.lineno, error) for error in errors)
    checkers = (*CHECKERS, *extra)
    for message in catalog:
        if not translated(message):
            continue
        for checker in checkers:
            try:
                checker(catalog, message)
            except (TranslationError, Advice) as error:
                yield Finding(message.lineno, error)


# --- boxkit's checkers, in Babel's style ------------------------------------------------


def pairs(message: Message) -> Iterator[tuple[str, str]]:
    """(English, translation) for each non-empty form: plural forms against msgid_plural."""
    ids = _ids(message)
    for index, string in enumerate(_strings(message)):
        if string:
            yield ids[min(index, len(ids) - 1)], string


def placeholders_kept(catalog: Catalog, message: Message) -> None:
    """Every ``{{ … }}`` and ``{% … %}`` of the English, no more, no fewer."""
    for source, target in pairs(message):
        if placeholders(source) != placeholders(target):
            raise TranslationError(f"placeholders differ: {placeholders(source)} in English, "
                                   f"{placeholders(target)} here")


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def link_targets_kept(catalog: Catalog, message: Message) -> None:
    """Markdown links point where the English ones do (their text is translated)."""
    for source, target in pairs(message):
        if sorted(_LINK.findall(source)) != sorted(_LINK.findall(target)):
            raise TranslationError("Markdown link targets differ from the English")


def _markup_kept(mark: str) -> Checker:
    def checker(catalog: Catalog, message: Message) -> None:
        for source, target in pairs(message):
            if source.count(mark) != target.count(mark):
                raise TranslationError(f"{mark} markup differs from the English "
                                       f"({source.count(mark)} vs {target.count(mark)})")

    checker.__doc__ = f"As many {mark} as the English."
    return checker


def words_kept(catalog: Catalog, message: Message) -> None:
    """A translation of words is words, not only tags or punctuation."""
    for source, target in pairs(message):
        if has_words(source) and not has_words(target):
            raise TranslationError("translation has no words")


def newlines_kept(catalog: Catalog, message: Message) -> None:
    """A leading or trailing newline in both or in neither, as ``msgfmt -c`` requires."""
    for source, target in pairs(message):
        for where, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(source, "\n") != test(target, "\n"):
                raise TranslationError(f"the English and the translation must both {where} "
                                       "with a newline, or neither")


def plural_forms_filled(catalog: Catalog, message: Message) -> None:
    """A plural translation has every form its language's ``Plural-Forms`` counts."""
    if message.pluralizable:
        filled = sum(1 for string in _strings(message) if string)
        if filled != catalog.num_plurals:
            raise TranslationError(f"{filled} of {catalog.num_plurals} plural forms "
                                   "translated (see Plural-Forms)")


CHECKERS: tuple[Checker, ...] = (placeholders_kept, link_targets_kept, _markup_kept("**"),
                                 _markup_kept("`"), words_kept, newlines_kept,
                                 plural_forms_filled)
"""boxkit's own checks, run on every translated entry after Babel's."""
