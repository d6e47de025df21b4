"""The answers model: every question a kit asks, validated at the boundary.

The keys are the ones of DESIGN.md §3 (plus a few for the day's timings). Each is also a
Copier question in ``templates/kit/copier.yml`` so that it is recorded in
``.copier-answers.yml`` and replayed on update; ``tests/test_answers.py`` keeps the two
lists in step.

:func:`resolve_answers` runs the questions in order. A question that was not answered
is asked through ``ask`` when one is given (the CLI's prompt), else it takes a default
derived from the earlier answers: country → languages → primary locale, time zone,
currency and chapter name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from boxkit import _cldr as cldr
from boxkit._clock import format_hhmm, parse_hhmm
from boxkit._i18n import (
    N_,
    SOURCE_LOCALE,
    _,
    best_shipped,
    cli_language,
    language_name,
    shipped_locales,
)
from boxkit._rooms import Room as Room
from boxkit._rooms import parse_rooms
from boxkit.errors import AnswersError, MissingAnswer, RoomProblem

# The choice values are message ids too: the CLI shows and accepts them translated.
SCOPES = (N_("country"), N_("region"), N_("city"), N_("organisation"))
EVENT_KINDS = (N_("unconference"), N_("breakfast"), N_("none"))
PARTS = ("guides", "principles", "events", "website")
# Formats beyond the first event: each is a short guide in events/formats/<locale>/.
FORMATS = ("show-and-tell", "lightning-talks", "problem-clinic", "sharing-failure",
           "online-unconference", "hybrid-unconference", "spheres-exchange")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"'.]+$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class Answers:
    """A complete, validated set of answers: what the template is rendered with."""

    chapter_name: str
    scope: str
    country: str
    organisation: str
    place: str
    locales: tuple[str, ...]
    timezone: str
    currency: str
    contact_email: str
    website_url: str
    event_kind: str
    event_date: dt.date
    event_start: str
    event_venue: str
    event_city: str
    event_capacity: int
    event_rooms: tuple[Room, ...]
    event_slots: int
    event_slot_minutes: int
    event_break_minutes: int
    event_lunch_minutes: int
    event_repeat_weeks: int
    parts: tuple[str, ...]
    formats: tuple[str, ...] = FORMATS

    @property
    def primary_locale(self) -> str:
        return self.locales[0]

    def as_data(self) -> dict[str, Any]:
        """The answers as Copier ``data``: plain YAML-safe types, keys in schema order."""
        return {
            "chapter_name": self.chapter_name,
            "scope": self.scope,
            "country": self.country,
            "organisation": self.organisation,
            "place": self.place,
            "locales": list(self.locales),
            "timezone": self.timezone,
            "currency": self.currency,
            "contact_email": self.contact_email,
            "website_url": self.website_url,
            "event_kind": self.event_kind,
            "event_date": self.event_date.isoformat(),
            "event_start": self.event_start,
            "event_venue": self.event_venue,
            "event_city": self.event_city,
            "event_capacity": self.event_capacity,
            "event_rooms": [room.as_data() for room in self.event_rooms],
            "event_slots": self.event_slots,
            "event_slot_minutes": self.event_slot_minutes,
            "event_break_minutes": self.event_break_minutes,
            "event_lunch_minutes": self.event_lunch_minutes,
            "event_repeat_weeks": self.event_repeat_weeks,
            "parts": list(self.parts),
            "formats": list(self.formats),
        }


@dataclass(frozen=True)
class ResolvedAnswers:
    answers: Answers
    notes: tuple[str, ...] = ()
    """One-line remarks for the user (a language that fell back to English, a guess)."""


@dataclass
class _Context:
    values: dict[str, Any]
    notes: list[str]
    today: dt.date
    movement_name: str
    given: Mapping[str, Any] = field(default_factory=dict)
    asking: bool = False
    """True while a person's reply at a prompt is parsed: stricter than a file (a past date
    or a language boxkit does not ship is asked again rather than noted)."""

    def organisation_scope(self) -> bool:
        """True when the chapter is an organisation's (asked after the country)."""
        scope = self.values.get("scope", self.given.get("scope"))
        return str(scope or "").strip().lower() == "organisation"


class Prompter(Protocol):
    """How :func:`resolve_answers` talks to a person (the CLI implements it)."""

    def ask(self, question: Question, default: str) -> str:
        """Show the question with its default as text; return what the person typed."""

    def invalid(self, problem: AnswersError) -> None:
        """Tell the person why their reply was refused, before asking again (translated
        where it is shown: ``problem.translated(_)``)."""


@dataclass(frozen=True)
class Question:
    key: str
    help: str
    parse: Callable[[Any, _Context], Any] = field(repr=False)
    default: Callable[[_Context], Any] = field(repr=False)
    prompt: str | None = None
    """Text of the interactive prompt; ``None`` means never asked (derived or advanced)."""
    asked_when: Callable[[_Context], bool] = field(default=lambda ctx: True, repr=False)
    choices: tuple[tuple[str, str], ...] = ()
    """For a choice: each value and a one-line explanation, shown before the prompt."""


# --- parsers: value from YAML, a flag or a prompt → normalised value, or AnswersError ----


def _text(value: Any, ctx: _Context) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswersError(N_("expected text, got %(type)s"), type=type(value).__name__)
    text = str(value).strip()
    if "\n" in text or "\r" in text:
        raise AnswersError(N_("must be a single line"))
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text):
        raise AnswersError(N_("contains a control character; type it without one"))
    if len(text) > 200:
        raise AnswersError(N_("is longer than 200 characters"))
    return text


def _required_text(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if not text:
        raise AnswersError(N_("must not be empty"))
    return text


def _choice(choices: Sequence[str]) -> Callable[[Any, _Context], str]:
    def parse(value: Any, ctx: _Context) -> str:
        text = _text(value, ctx).lower()
        if text not in choices:
            raise AnswersError(N_("%(value)r is not one of %(choices)s"), value=value,
                               choices=", ".join(choices))
        return text

    return parse


def _country(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if not text:
        if ctx.organisation_scope():
            return ""
        raise AnswersError(N_("must not be empty unless scope is organisation"))
    return cldr.country(text, names=cli_language()).code


def _organisation(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if not text and ctx.values["scope"] == "organisation":
        raise AnswersError(N_("must not be empty when scope is organisation"))
    return text


def _list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [part for part in re.split(r"[,\s]+", value) if part]
    if isinstance(value, (list, tuple)):
        return list(value)
    raise AnswersError(N_("expected a list, got %(type)s"), type=type(value).__name__)


def _locales(value: Any, ctx: _Context) -> tuple[str, ...]:
    chosen: list[str] = []
    for item in _list(value):
        choice = best_shipped(cldr.locale(str(item), names=cli_language()))
        if choice.shipped is None and ctx.asking:
            raise AnswersError(N_("%(language)s (%(code)s) is not shipped yet: answer en for "
                                  "English, or start a translation first (boxkit locale "
                                  "init %(code)s, docs/translating.md)"),
                               language=language_name(choice.requested),
                               code=choice.requested)
        if choice.note:
            ctx.notes.append(choice.note)
        # A language boxkit does not ship yet is served by English, its fallback.
        code = choice.shipped or SOURCE_LOCALE
        if code not in chosen:
            chosen.append(code)
    if not chosen:
        chosen.append(SOURCE_LOCALE)
    return tuple(chosen)


def _default_locales(ctx: _Context) -> tuple[str, ...]:
    code = ctx.values.get("country")
    if not code:
        return (SOURCE_LOCALE,)
    languages = cldr.country(code).languages
    shipped = shipped_locales()
    kept = []
    for index, lang in enumerate(languages):
        # English stands in for the country's first language only: a further official
        # language boxkit does not ship (Swiss German, Romansh) is named in a note, and the
        # kit keeps the shipped ones (de, fr, it) without an English copy beside them.
        if index and lang not in shipped and f"{lang}_{code}" not in shipped:
            ctx.notes.append(_language_note(lang))
            continue
        kept.append(f"{lang}_{code}" if f"{lang}_{code}" in shipped else lang)
    return _locales(kept or [SOURCE_LOCALE], ctx)


def _language_note(code: str) -> str:
    return _("%(language)s (%(code)s) is also an official language here, but boxkit does not "
             "ship it yet; see docs/translating.md to add it.") % {
                 "language": language_name(code), "code": code}


def _default_chapter_name(ctx: _Context) -> str:
    if ctx.values.get("scope") == "organisation" and ctx.values.get("organisation"):
        return f"{ctx.movement_name} {ctx.values['organisation']}"
    if ctx.values.get("scope") in ("city", "region") and ctx.values.get("place"):
        return f"{ctx.movement_name} {ctx.values['place']}"
    code = ctx.values.get("country")
    if not code:
        raise MissingAnswer
    return f"{ctx.movement_name} {cldr.country(code).native_name()}"


def _timezone(value: Any, ctx: _Context) -> str:
    return cldr.timezone(_required_text(value, ctx))


def _default_timezone(ctx: _Context) -> str:
    code = ctx.values.get("country")
    if not code:
        ctx.notes.append(_("No country given: the time zone is UTC (set timezone to change it)."))
        return "UTC"
    found = cldr.country(code)
    if found.timezone_is_guess:
        ctx.notes.append(_("%(country)s has several time zones; using %(zone)s (set timezone "
                           "to change it).") % {"country": cldr.country_name(code, cli_language()),
                                                 "zone": found.timezone})
    return found.timezone


def _currency(value: Any, ctx: _Context) -> str:
    return cldr.currency(_required_text(value, ctx))


def _default_currency(ctx: _Context) -> str:
    code = ctx.values.get("country")
    return cldr.country(code).currency if code else "EUR"


def _email(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if text and not _EMAIL.match(text):
        raise AnswersError(N_("%(text)r is not an e-mail address"), text=text)
    return text


def _url(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    if text and not _URL.match(text):
        raise AnswersError(N_("%(text)r is not a web address starting with https://"),
                           text=text)
    return text


def _date(value: Any, ctx: _Context) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        text = _text(value, ctx)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise AnswersError(N_("%(text)r is not a date written YYYY-MM-DD"),
                               text=text) from None
    if day < ctx.today:
        if ctx.asking:
            raise AnswersError(N_("%(day)s is in the past; give a date from %(today)s on"),
                               day=day.isoformat(), today=ctx.today.isoformat())
        ctx.notes.append(_("The event date %(day)s is in the past.") % {"day": day.isoformat()})
    from boxkit._dates import clashes

    for reason in clashes(day, ctx.values.get("country", "")):
        ctx.notes.append(_("The event date %(day)s is %(reason)s: think about moving it "
                           "(boxkit update -d event_date=YYYY-MM-DD).")
                         % {"day": day.isoformat(), "reason": reason})
    return day


def _default_event_date(ctx: _Context) -> dt.date:
    """A midweek working day that is not a public holiday in the country and not in
    Ramadan: for an unconference about twelve weeks ahead (the notice the guides ask for,
    so it closes the first 90 days); for a breakfast, in the weeks the 90-day plan holds
    the first one."""
    from boxkit._dates import suggest_event_day

    plan = _practice()
    if ctx.values.get("event_kind") == "breakfast":
        weeks = next(p["weeks"][0] for p in plan["plan"] if p["key"] == "principles") - 1
    else:
        weeks = plan["tickets"]["announce_weeks"]
    return suggest_event_day(ctx.today, ctx.values.get("country", ""), weeks=weeks)


@cache
def _practice() -> dict[str, Any]:
    """The bundled template's shared numbers (templates/kit/practice.yml)."""
    import yaml

    from boxkit._resources import default_template_dir

    path = default_template_dir() / "practice.yml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _time(value: Any, ctx: _Context) -> str:
    text = _text(value, ctx)
    minutes = parse_hhmm(text)
    if minutes is None:
        raise AnswersError(N_("%(text)r is not a time written HH:MM (24-hour)"), text=text)
    return format_hhmm(minutes)


def _int(low: int, high: int) -> Callable[[Any, _Context], int]:
    def parse(value: Any, ctx: _Context) -> int:
        if isinstance(value, bool):
            raise AnswersError(N_("expected a whole number, got %(value)r"), value=value)
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AnswersError(N_("%(value)r is not a whole number"), value=value) from None
        if not low <= number <= high:
            raise AnswersError(N_("%(number)s is not between %(low)s and %(high)s"),
                               number=number, low=low, high=high)
        return number

    return parse


def _rooms(value: Any, ctx: _Context) -> tuple[Room, ...]:
    try:
        rooms = parse_rooms(value)
    except RoomProblem as problem:
        if problem.index is None:  # the list itself: the same message, as an answer's
            raise AnswersError(problem.message_id, **problem.values) from None
        raise AnswersError(N_("room %(number)s: %(problem)s"), number=problem.index + 1,
                           problem=problem) from None
    return tuple(sorted(rooms, key=lambda room: -room.capacity))


def _default_rooms(ctx: _Context) -> tuple[Room, ...]:
    capacity = ctx.values["event_capacity"]
    # Named in the kit's first language: the names are the chapter's answers, shown on
    # every sign and grid.
    from boxkit._i18n import translator

    say = translator(ctx.values["locales"][0])
    main = say(N_("Main room"))
    if ctx.values["event_kind"] != "unconference":
        return (Room(main, capacity),)
    # One room for everyone (opening, pitches, closing) and breakout rooms for about a
    # quarter of the people each, as at most GovCamps.
    breakout = max(10, (capacity // 4 + 4) // 5 * 5)
    count = 3 if capacity <= 150 else 5
    return (Room(main, capacity),
            *(Room(say(N_("Room %(number)d")) % {"number": n}, breakout)
              for n in range(2, count + 2)))


def _chosen_from(value: Any, choices: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The items of a list answer that are among ``choices``, in their order, and the
    others, comma-separated (empty when there are none)."""
    items = [str(item).strip().lower() for item in _list(value)]
    wrong = ", ".join(item for item in items if item not in choices)
    return tuple(item for item in choices if item in items), wrong


def _parts(value: Any, ctx: _Context) -> tuple[str, ...]:
    parts, wrong = _chosen_from(value, PARTS)
    if wrong:
        raise AnswersError(N_("unknown part(s) %(unknown)s; choose from %(parts)s"),
                           unknown=wrong, parts=", ".join(PARTS))
    if not parts:
        raise AnswersError(N_("choose at least one of %(parts)s"), parts=", ".join(PARTS))
    return parts


def _formats(value: Any, ctx: _Context) -> tuple[str, ...]:
    formats, wrong = _chosen_from(value, FORMATS)
    if wrong:
        raise AnswersError(N_("unknown format(s) %(unknown)s; choose from %(formats)s"),
                           unknown=wrong, formats=", ".join(FORMATS))
    return formats


def _const(value: Any) -> Callable[[_Context], Any]:
    return lambda ctx: value


def _missing(ctx: _Context) -> Any:
    raise MissingAnswer


def _is_unconference(ctx: _Context) -> bool:
    return bool(ctx.values.get("event_kind") == "unconference")


def _has_event(ctx: _Context) -> bool:
    return bool(ctx.values.get("event_kind") != "none")


QUESTIONS: tuple[Question, ...] = (
    Question("scope", "What the chapter covers: " + ", ".join(SCOPES), _choice(SCOPES),
             _const("country"),
             prompt=N_("What does the chapter cover?"),
             choices=(("country", N_("a whole country: One Team Gov Sweden")),
                      ("region", N_("part of a country: a state, province or nation")),
                      ("city", N_("one city and the area around it")),
                      ("organisation", N_("people inside one ministry, agency or council")))),
    Question("organisation", "The organisation's name (required when scope is organisation)",
             _organisation,
             lambda ctx: _missing(ctx) if ctx.organisation_scope() else "",
             prompt=N_("Which organisation?"),
             asked_when=lambda ctx: ctx.values["scope"] == "organisation"),
    Question("country", "ISO 3166-1 alpha-2 code of the country (required unless scope is "
             "organisation)", _country,
             lambda ctx: "" if ctx.organisation_scope() else _missing(ctx),
             prompt=N_("Which country is the chapter in? (code or English name, e.g. SE)")),
    Question("place", "The city or region the chapter covers (for city or region scope)",
             _text, _const(""), prompt=N_("Which city or region?"),
             asked_when=lambda ctx: ctx.values["scope"] in ("city", "region")),
    Question("chapter_name", "The chapter's name", _required_text, _default_chapter_name,
             prompt=N_("Chapter name")),
    Question("locales", "Languages of the kit, primary first (BCP 47 or POSIX codes)",
             _locales, _default_locales, prompt=N_("Languages, primary first")),
    Question("timezone", "IANA time zone of the chapter's events", _timezone,
             _default_timezone, prompt=N_("Time zone")),
    Question("currency", "ISO 4217 currency for budgets", _currency, _default_currency,
             prompt=N_("Currency")),
    Question("contact_email", "The chapter's contact e-mail (also the code-of-conduct "
             "reporting contact)", _email, _const(""),
             prompt=N_("Contact e-mail (leave empty to fill in later)")),
    Question("website_url", "Where the website will live, or empty", _url, _const("")),
    Question("event_kind", "The first event: " + ", ".join(EVENT_KINDS), _choice(EVENT_KINDS),
             _const("unconference"),
             prompt=N_("What is the first event?"),
             choices=(("unconference", N_("a day whose sessions the people who come pitch "
                                          "and run")),
                      ("breakfast", N_("an hour before work: coffee and a lean-coffee "
                                       "conversation, every few weeks")),
                      ("none", N_("no event pack yet: guides, principles and website")))),
    Question("event_date", "Date of the first event, YYYY-MM-DD", _date, _default_event_date,
             prompt=N_("Date of the first event (YYYY-MM-DD)"), asked_when=_has_event),
    Question("event_start", "Start time, HH:MM", _time,
             lambda ctx: "08:00" if ctx.values["event_kind"] == "breakfast" else "09:30",
             prompt=N_("Start time (HH:MM)"), asked_when=_has_event),
    Question("event_venue", "The venue's name and address", _text, _const(""),
             prompt=N_("Venue (leave empty to fill in later)"), asked_when=_has_event),
    Question("event_city", "The event's city", _text,
             lambda ctx: ctx.values["place"] if ctx.values["scope"] == "city" else "",
             prompt=N_("City"), asked_when=_has_event),
    Question("event_capacity", "How many people", _int(2, 100_000),
             lambda ctx: 12 if ctx.values["event_kind"] == "breakfast" else 100,
             prompt=N_("How many people?"), asked_when=_has_event),
    Question("event_rooms", "Rooms: a list of {name, capacity, step_free}", _rooms,
             _default_rooms),
    Question("event_slots", "Session slots in the day", _int(1, 12), _const(5),
             prompt=N_("How many session slots?"), asked_when=_is_unconference),
    Question("event_slot_minutes", "Length of a session slot in minutes", _int(10, 180),
             _const(45)),
    Question("event_break_minutes", "Break between slots in minutes", _int(0, 120),
             _const(15)),
    Question("event_lunch_minutes", "Lunch break in minutes (0 for none)", _int(0, 180),
             _const(60)),
    Question("event_repeat_weeks", "Repeat the event every N weeks (0: once; a breakfast "
             "is fortnightly by default)", _int(0, 4),
             lambda ctx: 2 if ctx.values["event_kind"] == "breakfast" else 0,
             prompt=N_("Repeat every how many weeks? (0 for a one-off)"),
             asked_when=lambda ctx: ctx.values["event_kind"] == "breakfast"),
    Question("parts", "Parts of the kit: " + ", ".join(PARTS), _parts, _const(PARTS)),
    Question("formats", "Event formats the kit has a guide for (none, some or all of): "
             + ", ".join(FORMATS), _formats, _const(FORMATS)),
)
KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS)


def _display(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def resolve_answers(
    given: Mapping[str, Any],
    *,
    prompter: Prompter | None = None,
    today: dt.date | None = None,
    movement_name: str = "One Team Gov",
    locations: Mapping[str, str] | None = None,
) -> ResolvedAnswers:
    """Validate ``given`` answers and fill the rest with asked or derived defaults.

    ``locations`` maps a key to where it came from (``answers.yml:4``) for error messages.
    Raises :class:`AnswersError` naming the first bad or missing field.
    """
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        import difflib

        key = unknown[0]
        close = difflib.get_close_matches(key, KEYS, n=1)
        if close:
            error = AnswersError(N_("unknown answer %(key)r; did you mean %(close)s?"),
                                 key=key, close=close[0])
        else:
            error = AnswersError(N_("unknown answer %(key)r"), key=key)
        raise _located(error, locations, key)
    ctx = _Context({}, [], today or dt.date.today(), movement_name, given)
    for question in QUESTIONS:
        if question.key in given:
            try:
                ctx.values[question.key] = question.parse(given[question.key], ctx)
            except AnswersError as error:
                raise _located(_keyed(error, question.key), locations, question.key) from None
            continue
        try:
            default = question.default(ctx)
        except MissingAnswer:
            default = None
        if prompter is not None and question.prompt and question.asked_when(ctx):
            ctx.values[question.key] = _ask_until_valid(prompter, question, default, ctx)
        elif default is None:
            raise AnswersError(N_("%(key)s: required, and there is no default (%(help)s)"),
                               key=question.key, help=question.help)
        else:
            ctx.values[question.key] = default
    if ctx.values["scope"] != "organisation" and not ctx.values["country"]:
        raise AnswersError(N_("country: required unless scope is organisation"))
    answers = Answers(**ctx.values)
    return ResolvedAnswers(answers, tuple(dict.fromkeys(ctx.notes)))


def _keyed(error: AnswersError, key: str) -> AnswersError:
    """``key: error``, of the same class (an unknown code stays an UnknownCodeError)."""
    return type(error)(N_("%(key)s: %(error)s"), key=key, error=error)


def _located(error: AnswersError, locations: Mapping[str, str] | None,
             key: str) -> AnswersError:
    """``file:line: error`` when the answer came from a file."""
    if not locations or key not in locations:
        return error
    return type(error)(N_("%(where)s: %(error)s"), where=locations[key], error=error)


def _ask_until_valid(prompter: Prompter, question: Question, default: Any,
                     ctx: _Context) -> Any:
    shown = "" if default is None else _display(default)
    while True:
        reply = prompter.ask(question, shown)
        notes_before = len(ctx.notes)
        ctx.asking = True
        try:
            return question.parse(reply, ctx)
        except AnswersError as error:
            del ctx.notes[notes_before:]
            prompter.invalid(_keyed(error, question.key))
        finally:
            ctx.asking = False
