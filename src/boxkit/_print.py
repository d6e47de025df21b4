"""``boxkit print``: a kit's print pack, typeset with Typst.

Each item is a Typst file in ``templates/print/`` that reads everything it shows from one
JSON value boxkit passes in (``sys.inputs.data``): the kit's own files (the guides, the
poster, the slides, ``print.yml``'s labels, the rooms and the first event) read here, so
a chapter's edits are printed and its text is never read as markup. One PDF per item and
language (the social card is a PNG), in ``<kit>/print/<locale>/``; nothing is written
unless every item compiled.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from boxkit._clock import parse_hhmm
from boxkit._i18n import N_
from boxkit._kitdir import read_answers, read_event
from boxkit._resources import data_path
from boxkit._schedule import regional_locale
from boxkit.errors import PrintError

ITEMS = ("handbook", "poster", "grid", "pitch-cards", "score-sheets", "signs", "badges",
         "slides", "social-card")
"""What ``boxkit print`` makes, in this order (``--only`` chooses among them)."""
PAPERS = {"a4": "a4", "letter": "us-letter"}
"""Paper sizes, and Typst's names for them."""
_TEMPLATE = {"pitch-cards": "cards", "score-sheets": "cards"}
_CARD = {"pitch-cards": "pitch", "score-sheets": "idea"}
SOCIAL_PPI = 144
"""The social card is 600 × 315 pt: 1200 × 630 pixels at this resolution."""


@dataclass(frozen=True)
class Printed:
    locale: str
    item: str
    path: Path


@dataclass(frozen=True)
class PrintResult:
    out: Path
    paper: str
    files: tuple[Printed, ...]
    missing: tuple[str, ...]
    """Items the kit has no source for (a grid without an unconference, say)."""


def print_kit(kit: Path, *, locales: Sequence[str] = (), only: Sequence[str] = (),
              paper: str | None = None, out: Path | None = None) -> PrintResult:
    """Typeset ``kit``'s print pack for ``locales`` (default: all of the kit's) into
    ``out`` (default ``<kit>/print``), on ``paper`` (default: the country's, A4 or Letter).
    """
    kit = kit.resolve()
    answers = read_answers(kit)
    kit_locales = [str(code) for code in answers.get("locales") or ["en"]]
    chosen = _chosen_locales(locales, kit_locales)
    unknown = [item for item in only if item not in ITEMS]
    if unknown:
        raise PrintError(N_("unknown item(s) %(unknown)s; choose from %(items)s"),
                         unknown=", ".join(unknown), items=", ".join(ITEMS))
    paper = (paper or paper_for(str(answers.get("country") or ""))).lower()
    if paper not in PAPERS:
        raise PrintError(N_("unknown paper %(paper)s; choose a4 or letter"), paper=paper)
    out = (out or kit / "print").resolve()
    wanted = [item for item in ITEMS if not only or item in only]
    shared = _shared(kit, answers, paper)
    made: list[tuple[str, str, bytes]] = []
    missing: set[str] = set()
    for code in chosen:
        context = _Locale(kit, code, shared)
        for item in wanted:
            data = context.data_for(item)
            if data is None:
                missing.add(item)
                continue
            made.append((code, item, _compile(item, data, code)))
    if only and missing:
        raise PrintError(N_("%(kit)s has nothing to print as %(items)s (its parts or its "
                            "event do not include it)"), kit=kit, items=", ".join(sorted(missing)))
    return PrintResult(out, paper, tuple(_write(out, made)),
                       tuple(item for item in ITEMS if item in missing))


def paper_for(country: str) -> str:
    """The country's usual paper: ``letter`` where CLDR says US Letter, else ``a4``."""
    return "letter" if country.upper() in _fonts()["letter"] else "a4"


def _chosen_locales(given: Sequence[str], kit_locales: list[str]) -> list[str]:
    if not given:
        return kit_locales
    wanted = [code.replace("-", "_") for code in given]
    absent = [code for code in wanted if code not in kit_locales]
    if absent:
        raise PrintError(N_("the kit has no %(locales)s; it is in %(kit)s"),
                         locales=", ".join(absent), kit=", ".join(kit_locales))
    return wanted


# --- what each item shows ---------------------------------------------------------------


def _shared(kit: Path, answers: dict[str, Any], paper: str) -> dict[str, Any]:
    """What every locale's items share: the chapter, colours, paper, event and rooms."""
    movement = yaml.safe_load((data_path("templates") / "kit" / "movement.yml")
                              .read_text(encoding="utf-8"))
    colours = dict(movement["colours"])
    hugo = kit / "website" / "hugo.toml"
    if hugo.is_file():
        try:
            params = tomllib.loads(hugo.read_text(encoding="utf-8")).get("params", {})
        except tomllib.TOMLDecodeError as error:
            raise PrintError(N_("%(path)s: not valid TOML (%(reason)s)"), path=hugo,
                             reason=str(error)) from None
        colours["primary"] = params.get("colourPrimary", colours["primary"])
        colours["accent"] = params.get("colourAccent", colours["accent"])
    rooms_file = kit / "events" / "unconference" / "rooms.yml"
    rooms = (_yaml_file(rooms_file) if rooms_file.is_file()
             else answers.get("event_rooms") or [])
    return {"chapter": str(answers.get("chapter_name", "")), "movement": movement["name"],
            "country": str(answers.get("country") or ""),
            "hashtag": movement.get("hashtag", ""), "colours": colours, "paper": PAPERS[paper],
            "event": read_event(kit), "rooms": rooms if isinstance(rooms, list) else [],
            "unconference": (kit / "events" / "unconference").is_dir()}


class _Locale:
    """One language's view of the kit: its labels and files, and each item's data."""

    def __init__(self, kit: Path, code: str, shared: dict[str, Any]) -> None:
        self.kit, self.code, self.shared = kit, code, shared
        labels_file = kit / "events" / "shared" / code / "print.yml"
        self.labels = _yaml_file(labels_file) if labels_file.is_file() else None
        lang, _, region = code.partition("_")
        self.babel = str(regional_locale(code, shared["country"]))
        event = shared["event"]
        self.base = {"chapter": shared["chapter"], "movement": shared["movement"],
                     "colours": shared["colours"], "paper": shared["paper"],
                     "lang": lang, "region": region or None, "fonts": fonts_for(code),
                     "labels": self.labels or {}, "title": shared["chapter"],
                     "event": {"date": _event_when(event, self.babel, with_time=False)}}

    def data_for(self, item: str) -> dict[str, Any] | None:
        """The item's data, or None when the kit has nothing to make it from."""
        extra = getattr(self, "_" + item.replace("-", "_"))()
        if extra is None:
            return None
        return {**self.base, **extra}

    def _needs_labels(self) -> bool:
        return self.labels is not None and bool(self.shared["rooms"] or self.shared["event"])

    def _handbook(self) -> dict[str, Any] | None:
        folder = self.kit / "guides" / self.code
        guides = sorted(folder.glob("*.md")) if folder.is_dir() else []
        if not guides:
            return None
        return {"docs": [markdown_blocks(path.read_text(encoding="utf-8")) for path in guides]}

    def _poster(self) -> dict[str, Any] | None:
        path = self.kit / "principles" / self.code / "poster.html"
        return {"poster": read_poster(path)} if path.is_file() else None

    def _grid(self) -> dict[str, Any] | None:
        slots = self.shared["event"].get("slots") or []
        if not (self.labels and slots and self.shared["unconference"]):
            return None
        return {"grid": {"rooms": self._rooms(),
                         "slots": [_interval(slot["start"], slot["end"], self.babel)
                                   for slot in slots]}}

    def _pitch_cards(self) -> dict[str, Any] | None:
        return {"card": "pitch"} if self.labels and self.shared["unconference"] else None

    def _score_sheets(self) -> dict[str, Any] | None:
        return {"card": "idea"} if self.labels and self.shared["unconference"] else None

    def _signs(self) -> dict[str, Any] | None:
        return {"signs": {"rooms": self._rooms()}} if self._needs_labels() else None

    def _badges(self) -> dict[str, Any] | None:
        return {} if self.labels is not None else None

    def _slides(self) -> dict[str, Any] | None:
        path = self.kit / "events" / "shared" / self.code / "slides.md"
        if not path.is_file():
            return None
        blocks = markdown_blocks(path.read_text(encoding="utf-8"))
        title, intro, slides = self.shared["chapter"], [], []
        for block in blocks:
            if block["t"] == "h" and block["level"] == 1:
                title = _plain(block["runs"])
            elif block["t"] == "h" and block["level"] == 2:
                slides.append([block])
            elif slides:
                slides[-1].append(block)
            else:
                intro.append(block)
        return {"slides": {"title": title, "intro": intro, "slides": slides}}

    def _social_card(self) -> dict[str, Any] | None:
        event = self.shared["event"]
        if not (self.labels and event.get("kind") in ("unconference", "breakfast")):
            return None
        where = ", ".join(str(part) for part in (event.get("venue"), event.get("city"))
                          if part)
        return {"card": {"kind": self.labels.get("announce_" + event["kind"], ""),
                         "when": _event_when(event, self.babel, with_time=True),
                         "where": where, "welcome": self.labels.get("announce_welcome", ""),
                         "tag": self.shared["hashtag"]}}

    def _rooms(self) -> list[dict[str, Any]]:
        from babel.numbers import format_decimal

        return [{"name": str(room.get("name", "")),
                 "seats": format_decimal(int(room.get("capacity", 0)), locale=self.babel),
                 "step_free": bool(room.get("step_free", True))}
                for room in self.shared["rooms"] if isinstance(room, dict)]


def _event_when(event: dict[str, Any], code: str, *, with_time: bool) -> str:
    from babel.dates import format_date

    try:
        day = dt.date.fromisoformat(str(event.get("date", "")))
    except ValueError:
        return ""
    text = format_date(day, "full", locale=code)
    if with_time and event.get("start"):
        text += " · " + _interval(event["start"], event.get("end") or event["start"], code)
    return text


def _interval(start: str, end: str, code: str) -> str:
    from babel import Locale
    from babel.dates import format_interval

    first, last = (dt.time(*divmod(parse_hhmm(str(t)) or 0, 60)) for t in (start, end))
    pattern = re.sub(r"'[^']*'", "", Locale.parse(code).time_formats["short"].pattern)
    clock = "hm" if "h" in pattern else "Hm"  # quoted text ("HH 'h' mm") is not a field
    return format_interval(first, last, clock, locale=code)


# --- reading the kit's files -------------------------------------------------------------


def _yaml_file(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PrintError(N_("%(path)s: not valid YAML (%(reason)s)"), path=where,
                         reason=str(getattr(error, "problem", error))) from None


def _plain(runs: list[dict[str, Any]]) -> str:
    return "".join(run["s"] for run in runs)


def markdown_blocks(text: str) -> list[dict[str, Any]]:
    """Markdown as plain data for the Typst templates: a list of blocks (``h``, ``p``,
    ``ul``, ``ol``, ``table``, ``quote``, ``code``, ``hr``) whose text is runs of
    ``{"s": text}`` marked ``b``, ``i``, ``code`` or ``href``."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return blocks


def _blocks(tokens: list[Any], i: int, close: str | None) -> tuple[list[dict[str, Any]], int]:
    out: list[dict[str, Any]] = []
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == close:
            return out, i + 1
        if kind == "heading_open":
            out.append({"t": "h", "level": int(token.tag[1]),
                        "runs": _runs(tokens[i + 1].children or [])})
            i += 3
        elif kind == "paragraph_open":
            out.append({"t": "p", "runs": _runs(tokens[i + 1].children or [])})
            i += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items, i = _items(tokens, i + 1, kind.replace("_open", "_close"))
            out.append({"t": "ul" if kind.startswith("bullet") else "ol", "items": items})
        elif kind == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            out.append({"t": "quote", "blocks": inner})
        elif kind == "table_open":
            table, i = _table(tokens, i + 1)
            out.append(table)
        elif kind in ("fence", "code_block"):
            out.append({"t": "code", "s": token.content.rstrip("\n")})
            i += 1
        elif kind == "hr":
            out.append({"t": "hr"})
            i += 1
        else:  # raw HTML and anything else has no place on paper
            i += 1
    return out, i


def _items(tokens: list[Any], i: int, close: str) -> tuple[list[list[dict[str, Any]]], int]:
    items: list[list[dict[str, Any]]] = []
    while tokens[i].type != close:
        inner, i = _blocks(tokens, i + 1, "list_item_close")
        items.append(inner)
    return items, i + 1


def _table(tokens: list[Any], i: int) -> tuple[dict[str, Any], int]:
    head: list[list[dict[str, Any]]] = []
    rows: list[list[list[dict[str, Any]]]] = []
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(_runs(token.children or []))
        elif token.type == "thead_close":
            head = rows.pop()
        i += 1
    width = len(head) or max((len(row) for row in rows), default=1)
    rows = [row + [[]] * (width - len(row)) for row in rows]
    return {"t": "table", "head": head or [[]] * width, "rows": rows}, i + 1


_BOXES = {"[ ] ": "☐ ", "[x] ": "☑ ", "[X] ": "☑ "}


def _runs(children: list[Any]) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    marks: dict[str, Any] = {}
    for child in children:
        kind = child.type
        if kind in ("strong_open", "em_open"):
            marks["b" if kind == "strong_open" else "i"] = True
        elif kind in ("strong_close", "em_close"):
            marks.pop("b" if kind == "strong_close" else "i", None)
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            if href.startswith(("http://", "https://", "mailto:")):
                marks["href"] = href
        elif kind == "link_close":
            marks.pop("href", None)
        elif kind in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, child.content)
            if not runs and text[:4] in _BOXES:
                text = _BOXES[text[:4]] + text[4:]
            run = {"s": text, **marks}
            if kind == "code_inline":
                run["code"] = True
            runs.append(run)
    return runs


class _PosterReader(HTMLParser):
    """The texts of the kit's principles poster (principles/<locale>/poster.html)."""

    def __init__(self) -> None:
        super().__init__()
        self.path: list[str] = []
        self.poster: dict[str, Any] = {"title": "", "tagline": "", "principles": [],
                                       "footer": ""}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.path.append(tag)
        if tag == "li":
            self.poster["principles"].append({"title": "", "summary": ""})

    def handle_endtag(self, tag: str) -> None:
        while self.path and self.path.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "style" in self.path or "title" in self.path:
            return
        here, text = self.path[-1] if self.path else "", data
        if "li" in self.path and self.poster["principles"]:
            key = "title" if here == "h2" else "summary"
            self.poster["principles"][-1][key] += text
        elif here == "h1":
            self.poster["title"] += text
        elif "header" in self.path and here == "p":
            self.poster["tagline"] += text
        elif "footer" in self.path:
            self.poster["footer"] += text


def read_poster(path: Path) -> dict[str, Any]:
    """The poster's title, tagline, principles (title and summary) and footer."""
    reader = _PosterReader()
    reader.feed(path.read_text(encoding="utf-8"))
    poster = reader.poster
    for key in ("title", "tagline", "footer"):
        poster[key] = " ".join(poster[key].split())
    poster["principles"] = [{k: " ".join(v.split()) for k, v in p.items()}
                            for p in poster["principles"]]
    return poster


# --- typesetting ---------------------------------------------------------------------------


@cache
def _fonts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((data_path("templates") / "print" / "fonts.yml")
                                          .read_text(encoding="utf-8"))
    return data


def _script(code: str) -> str:
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(code.split("_")[0], ""))
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


def fonts_for(code: str) -> list[str]:
    """The font families Typst tries for ``code``: its script's first, then the default."""
    own = _fonts()["scripts"].get(_script(code), {}).get("families", [])
    return [*own, *_fonts()["default"]]


def _compile(item: str, data: dict[str, Any], code: str) -> bytes:
    try:
        import typst
    except ImportError:
        raise PrintError(N_("boxkit print needs Typst: pip install 'boxkit[print]'")) from None

    template = data_path("templates") / "print" / (_TEMPLATE.get(item, item) + ".typ")
    data["title"] = f"{data['chapter']}: {item}"
    options: dict[str, Any] = {"sys_inputs": {"data": json.dumps(data, ensure_ascii=False)}}
    if item == "social-card":
        options.update(format="png", ppi=SOCIAL_PPI)
    try:
        output, warnings = typst.compile_with_warnings(str(template), **options)
    except typst.TypstError as error:
        raise PrintError(N_("%(item)s (%(locale)s) could not be typeset: %(reason)s"),
                         item=item, locale=code,
                         reason=str(error).strip().splitlines()[0]) from None
    _check_fonts(code, [str(w) for w in warnings])
    pages = output if isinstance(output, list) else [output]
    return bytes(pages[0])


def _check_fonts(code: str, warnings: list[str]) -> None:
    script = _fonts()["scripts"].get(_script(code))
    if not script:
        return
    unknown = {w.split(":", 1)[1].strip().lower() for w in warnings
               if w.startswith("unknown font family")}
    if all(family.lower() in unknown for family in script["families"]):
        raise PrintError(N_("printing %(locale)s needs the font %(font)s, which is not "
                            "installed (Debian: apt install %(package)s)"),
                         locale=code, font=script["families"][0], package=script["debian"])


def _write(out: Path, made: list[tuple[str, str, bytes]]) -> Iterator[Printed]:
    """Write every file, each complete or not at all: into a temporary file beside it,
    then moved into place."""
    for code, item, content in made:
        target = out / code / (item + (".png" if item == "social-card" else ".pdf"))
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".print-",
                                         delete=False) as handle:
            handle.write(content)
        os.replace(handle.name, target)
        yield Printed(code, item, target)
