"""Periods as spreadsheets and pandas write them, read as the periods they mean.

Besides the labels :meth:`~perfcontract.periods.Period.parse` reads
(``2017/18``, ``2017/18 H1``, ``2017/18 Q4``, ``2018-03``), a readings file
may head a column or fill a period cell with:

* a month as spreadsheets write it: ``Apr-24``, ``Apr 2024``, ``April 2024``,
  ``Sept 2024`` (a two-digit year is 20yy), or a date, ``2024-04-01``, with a
  time of day or not (``2024-04-01 00:00:00`` as pandas writes a Timestamp,
  ``2024-04-01 09:30:00`` as a date cell with a time): the month it is in;
* a part of a year with its letter first: ``Q1 2024/25``, ``H1 2024/25``;
* a span of months, ``2017-04 to 2017-06``: the year, half, quarter or month
  that runs exactly so (how a pandas ``Period`` is read: by its dates).

Anything else is refused with a "did you mean" naming the nearest form.

```pycon
>>> [read_period(text).label for text in ("Apr-24", "April 2024", "Q1 2024/25", "2024-04-01")]
['2024-04', '2024-04', '2024/25 Q1', '2024-04']
>>> read_period("2017-04 to 2017-06")
Period('2017/18 Q1')
>>> try:
...     read_period("2018Q1")
... except PeriodError as error:
...     print(error.first.message)
...     print(error.first.hint)
`2018Q1` is a quarter as pandas labels it, which depends on its frequency
did you mean 2017/18 Q1 (pandas' Q-MAR, years ending in March)? As a calendar quarter \
(January to March 2018) it is 2017/18 Q4

```
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re

from perfcontract.errors import Diagnostic, PeriodError
from perfcontract.periods import (
    FIRST_READ_YEAR,
    LAST_READ_YEAR,
    MONTH_NAMES,
    Period,
    PeriodKind,
    _parse_text,
)

__all__ = ["date_month", "month_alone", "period_text", "read_period", "spreadsheet_period"]

_MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS |= {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS["sept"] = 9
_MONTH_YEAR = re.compile(
    r"(?P<name>[A-Za-z]+)\.?(?:[ \t]+|[ \t]*[-/'][ \t]*)(?P<year>[0-9]{2}|[0-9]{4})"
)
# A date, with a time of day or not (a date cell's time, pandas' `2024-04-01 00:00:00`).
_DATE = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?)?"
)
_PART_FIRST = re.compile(r"(?P<part>[QqHh])(?P<n>[0-9])[ \t]+(?P<fy>[0-9]{4}/[0-9]{2})")
_SPAN = re.compile(
    r"(?P<y1>[0-9]{4})-(?P<m1>[0-9]{2})[ \t]+to[ \t]+(?P<y2>[0-9]{4})-(?P<m2>[0-9]{2})"
)
_PANDAS_QUARTER = re.compile(r"(?P<y>[0-9]{4})[Qq](?P<n>[1-4])")
_SLASHED_DATE = re.compile(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4})")
# A date as a spreadsheet holds it, days since 30 December 1899, in a cell not formatted as a
# date: 18264 to 73050 are the years 1950 to 2099.
_SERIAL = re.compile(r"(?P<days>[1-7][0-9]{4})(?:\.0+)?")
_SERIAL_DAY_0 = datetime.date(1899, 12, 30)
_KINDS = {1: PeriodKind.MONTH, 3: PeriodKind.QUARTER, 6: PeriodKind.HALF, 12: PeriodKind.YEAR}


def _error(message: str, hint: str | None) -> PeriodError:
    return PeriodError([Diagnostic(message, hint=hint)])


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _spanned(first: tuple[int, int], last: tuple[int, int], year_start: int) -> Period | None:
    """The period running from month ``first`` to month ``last`` (years and months), or None."""
    months = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    kind = _KINDS.get(months)
    if kind is None or not FIRST_READ_YEAR <= first[0] <= LAST_READ_YEAR:
        return None
    if kind is PeriodKind.MONTH:
        return Period(kind, first[0], first[1], year_start)
    offset = (first[1] - year_start) % 12
    if offset % months:
        return None
    year = first[0] if first[1] >= year_start else first[0] - 1
    number = 0 if kind is PeriodKind.YEAR else offset // months + 1
    return Period(kind, year, number, year_start)


@functools.lru_cache(maxsize=1024)
def read_period(text: str, year_start: int = 4) -> Period:
    """The period that ``text`` means, in any form the module describes; PeriodError if none.

    ```pycon
    >>> read_period("Sept 2024"), read_period("H2 2017/18"), read_period("2018-01 to 2018-12", 1)
    (Period('2024-09'), Period('2017/18 H2'), Period('2018/19', year_start=1))

    ```
    """
    # Any run of whitespace is a space: a non-breaking one (`Apr\u00a02024`), or a line break
    # in a heading wrapped in its cell.
    stripped = " ".join(text.split())
    try:
        return _parse_text(stripped, year_start)
    except PeriodError as error:
        refused = error
    try:
        period = _spreadsheet(stripped, year_start)
    except PeriodError:  # Q5 2017/18: the error says it as written
        raise refused from None
    if period is not None:
        return period
    raise _explain(stripped, year_start) or refused


def spreadsheet_period(text: str, year_start: int = 4) -> Period | None:
    """The period ``text`` means in one of the spreadsheets' forms only; None if none.

    ```pycon
    >>> spreadsheet_period("Aug 2025"), spreadsheet_period("2025/26 Q1"), spreadsheet_period("x")
    (Period('2025-08'), None, None)

    ```
    """
    try:
        return _spreadsheet(" ".join(text.split()), year_start)
    except PeriodError:
        return None


def _spreadsheet(text: str, year_start: int) -> Period | None:
    match = _MONTH_YEAR.fullmatch(text)
    if match is not None:
        month = _MONTHS.get(match["name"].lower())
        if month is None:
            return None
        year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
        return Period.parse(_month(year, month), year_start) if year else None
    match = _DATE.fullmatch(text)
    if match is not None:
        try:
            day = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return Period.parse(_month(day.year, day.month), year_start)
    match = _PART_FIRST.fullmatch(text)
    if match is not None:
        return Period.parse(f"{match['fy']} {match['part'].upper()}{match['n']}", year_start)
    match = _SPAN.fullmatch(text)
    if match is not None:
        first, last = (int(match["y1"]), int(match["m1"])), (int(match["y2"]), int(match["m2"]))
        if 1 <= first[1] <= 12 and 1 <= last[1] <= 12:
            return _spanned(first, last, year_start)
    return None


def _explain(text: str, year_start: int) -> PeriodError | None:
    """A "did you mean" for text near a spreadsheet's form; None to keep Period.parse's own."""
    shown = f"`{text[:40]}{'…' if len(text) > 40 else ''}`"
    match = _PANDAS_QUARTER.fullmatch(text)
    if match is not None and FIRST_READ_YEAR < int(match["y"]) <= LAST_READ_YEAR:
        year, number = int(match["y"]), int(match["n"])
        start = year - 1 if year_start > 1 else year
        fiscal = Period(PeriodKind.QUARTER, start, number, year_start)
        first = 3 * (number - 1) + 1
        calendar = _spanned((year, first), (year, first + 2), year_start)
        months = f"{MONTH_NAMES[first - 1]} to {MONTH_NAMES[first + 1]} {year}"
        end = MONTH_NAMES[(year_start - 2) % 12]
        freq = f"Q-{end[:3].upper()}"
        hint = f"did you mean {fiscal} (pandas' {freq}, years ending in {end})?"
        if calendar is not None and calendar != fiscal:
            hint += f" As a calendar quarter ({months}) it is {calendar}"
        return _error(
            f"{shown} is a quarter as pandas labels it, which depends on its frequency", hint
        )
    match = _MONTH_YEAR.fullmatch(text)
    if match is not None:
        close = difflib.get_close_matches(match["name"].lower(), list(_MONTHS), n=1, cutoff=0.6)
        if close:
            month = _MONTHS[close[0]]
            year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
            written = f"{MONTH_NAMES[month - 1]} {year}"
            return _error(
                f"{shown} is not a month: there is no month `{match['name']}`",
                f"did you mean {written} ({_month(year, month)})?",
            )
        return None
    match = _SERIAL.fullmatch(text)
    if match is not None and 18264 <= int(match["days"]) <= 73050:
        day = _SERIAL_DAY_0 + datetime.timedelta(days=int(match["days"]))
        return _error(
            f"{shown} is not a financial year, quarter or month",
            f"did you mean {_month(day.year, day.month)}? {shown} is how a spreadsheet holds the"
            f" date {day.day} {MONTH_NAMES[day.month - 1]} {day.year} in a cell not formatted as"
            " a date: format the cell as a date, or write the month",
        )
    match = _SLASHED_DATE.fullmatch(text)
    if match is not None:
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        if 1 <= b <= 12 and (a > 12 or a == b):
            hint = f"did you mean {_month(year, b)} ({MONTH_NAMES[b - 1]} {year})?"
        elif 1 <= a <= 12 and 1 <= b <= 12:
            hint = (
                f"write the month as {_month(year, b)} if the day comes first"
                f" ({MONTH_NAMES[b - 1]} {year}), or {_month(year, a)} if the month comes first"
                f" ({MONTH_NAMES[a - 1]} {year})"
            )
        else:
            return None
        return _error(
            f"{shown} is a date written with slashes, which could be day or month first", hint
        )
    return None


def month_alone(text: str) -> PeriodError | None:
    """The error for a month's name with no year (``Apr``, ``April``, ``Sept.``); None if
    ``text`` is not one. Having no digit, such a heading would be taken for a label.

    ```pycon
    >>> error = month_alone("Apr")
    >>> error.first.message, error.first.hint
    ('`Apr` is a month with no year', 'write its year too, such as Apr-24 or 2024-04 (Apr 2024)')
    >>> month_alone("title") is None
    True

    ```
    """
    name = text.strip().rstrip(".")
    month = _MONTHS.get(name.lower())
    if month is None:
        return None
    example = f"{name[:1].upper()}{name[1:3].lower()}"
    return _error(
        f"`{text.strip()}` is a month with no year",
        f"write its year too, such as {example}-24 or 2024-{month:02d} ({example} 2024)",
    )


def date_month(text: str) -> str | None:
    """The month a date's text falls in, as a date heading a column (or in a period cell)
    means it: ``2024-04`` for ``2024-04-01`` or ``2024-04-01 09:30:00``; None for any other
    text, or a date there is not.

    ```pycon
    >>> date_month("2024-04-01"), date_month("2024-04-30 09:30:00")
    ('2024-04', '2024-04')
    >>> date_month("2024-04"), date_month("2024-02-30"), date_month("Apr 2024")
    (None, None, None)

    ```
    """
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        day = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return _month(day.year, day.month)


def period_text(value: object) -> str | None:
    """A period given as a Python object, as text :func:`read_period` reads; None if not one.

    A ``datetime.date`` or ``datetime.datetime`` (a pandas ``Timestamp``) is
    its month; a pandas ``Period`` its span of months, from its first and last
    months (``asfreq``, which holds for any year, where its start and end
    timestamps exist only for 1677 to 2262 in pandas before 3), never its label.

    ```pycon
    >>> period_text(datetime.date(2024, 4, 1)), period_text("x")
    ('2024-04', None)

    ```
    """
    if isinstance(value, datetime.date):
        return _month(value.year, value.month)
    asfreq = getattr(value, "asfreq", None)
    # A pandas Period's class has start_time (asked of the class: on a Period out of
    # pandas' timestamps' range, reading it raises).
    if not hasattr(type(value), "start_time") or not callable(asfreq):
        return None
    start, end = asfreq("M", "start"), asfreq("M", "end")
    first, last = _month(start.year, start.month), _month(end.year, end.month)
    return first if first == last else f"{first} to {last}"
