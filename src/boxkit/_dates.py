"""Days a chapter should not hold an event on, for the default date and for warnings.

Three sources, each a well-kept library rather than a table of our own:

- the local weekend, from CLDR through Babel (Friday and Saturday in Egypt);
- public holidays, from the ``holidays`` package;
- Ramadan, from the Umm al-Qura calendar in ``hijridate``: many colleagues fast, and an
  event with a shared lunch leaves them out.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

RAMADAN = 9
"""Ramadan is the ninth month of the Hijri year."""
DEFAULT_WEEKEND = (5, 6)
"""Saturday and Sunday (0 is Monday): CLDR's world default."""


@cache
def weekend(country: str) -> tuple[int, int]:
    """The first and last day of ``country``'s weekend (0 is Monday), from CLDR."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    languages = get_global("territory_languages").get(country.upper(), {}) if country else {}
    for language in sorted(languages, key=lambda lang: -languages[lang]["population_percent"]):
        try:
            loc = Locale(language, territory=country.upper())
        except (UnknownLocaleError, ValueError):
            continue
        return (int(loc.weekend_start), int(loc.weekend_end))
    return DEFAULT_WEEKEND


def weekend_days(country: str) -> set[int]:
    """Every weekday number in ``country``'s weekend (a weekend may wrap past Sunday)."""
    start, end = weekend(country)
    return {(start + i) % 7 for i in range((end - start) % 7 + 1)}


def last_working_day(country: str) -> int:
    """The day before the weekend starts: when a weekly note goes out (Thursday in Egypt)."""
    return (weekend(country)[0] - 1) % 7


def midweek_days(country: str) -> set[int]:
    """Working days that do not touch the weekend: good days for an event."""
    off = weekend_days(country)
    return {d for d in range(7)
            if d not in off and (d - 1) % 7 not in off and (d + 1) % 7 not in off}


def ramadan(day: dt.date) -> bool:
    """Whether ``day`` falls in Ramadan (Umm al-Qura calendar)."""
    from hijridate import Gregorian

    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().month == RAMADAN
    except OverflowError:  # outside the calendar's table (before 1924 or after 2077)
        return False


def _holidays(country: str, years: range) -> dict[dt.date, str]:
    import holidays

    if not country:
        return {}
    try:
        return dict(holidays.country_holidays(country.upper(), years=years, language="en_US"))
    except NotImplementedError:
        return {}


def clashes(day: dt.date, country: str) -> list[str]:
    """Why ``day`` is a poor day for an event in ``country`` (empty when it is fine)."""
    from boxkit._i18n import _

    found = []
    if day.weekday() in weekend_days(country):
        found.append(_("a weekend day where you are"))
    holiday = _holidays(country, range(day.year, day.year + 1)).get(day)
    if holiday:
        found.append(_("a public holiday (%(name)s)") % {"name": holiday})
    if ramadan(day):
        found.append(_("in Ramadan, when many people fast and a shared lunch leaves them out"))
    return found


def suggest_event_day(today: dt.date, country: str, *, weeks: int = 12) -> dt.date:
    """A midweek working day about ``weeks`` ahead (time to announce the event) that is not
    a public holiday and not in Ramadan."""
    good = midweek_days(country) or {0, 1, 2, 3, 4} - weekend_days(country)
    closed = _holidays(country, range(today.year, today.year + 3))
    day = today + dt.timedelta(weeks=weeks)
    while day.weekday() not in good or day in closed or ramadan(day):
        day += dt.timedelta(days=1)
    return day
