"""Financial years, quarters and months, as UK councils write them.

A contract reports on four kinds of period:

* a financial year, ``2017/18``: twelve months from the contract's year start
  (April unless the contract says ``year starts``);
* a half of one, ``2017/18 H2``: H1 is the first six months of the financial
  year, H2 the last six;
* a quarter of one, ``2017/18 Q4``: Q1 is the first three months of the
  financial year, so with April starts Q4 is January to March 2018;
* a calendar month, ``2018-03``.

A label always names the calendar year the financial year *starts* in. With
``year_start=1`` the financial year ``2018/19`` therefore runs January to
December 2018, and with ``year_start=10`` it runs October 2018 to September
2019.

```pycon
>>> q4 = Period.parse("2017/18 Q4")
>>> q4.starts_on, q4.ends_on
(datetime.date(2018, 1, 1), datetime.date(2018, 3, 31))
>>> [str(m) for m in q4.months()]
['2018-01', '2018-02', '2018-03']
>>> str(Period.parse("2018-03").financial_year())
'2017/18'
>>> Period.parse("2018/19", year_start=1).ends_on
datetime.date(2018, 12, 31)
>>> MONTH_NAMES[q4.months()[0].number - 1]
'January'
>>> [str(q) for q in Period.parse("2017/18 H2").quarters()]
['2017/18 Q3', '2017/18 Q4']

```

Every period carries its ``year_start``. Periods with different year starts
are never equal, and ordering them or asking whether one contains the other
raises :class:`~perfcontract.errors.PeriodError`: a contract has one year
start, so mixing two is a mistake, not something to sort out silently.

Financial years, halves and quarters may start in years 0001 to 9998, months in
0001 to 9999, so that every period's first and last day are ``datetime.date``
values. A period read from text (``Period.parse``, a contract, readings, the
command line) starts in a year from 1000 to 8999, so that every period worked
out from it (a window's months before it, a payment warning's) is one too.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import functools
import re
from typing import TypeAlias

import attrs

from perfcontract.errors import Diagnostic, PeriodError

__all__ = ["MONTH_NAMES", "Period", "PeriodKind", "PeriodLike", "parse_period"]

MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class PeriodKind(enum.Enum):
    """What a :class:`Period` is: a financial year, a half or a quarter of one, or a month.

    ``span`` is how many months a period of the kind covers.

    ```pycon
    >>> Period.parse("2017/18 Q4").kind
    <PeriodKind.QUARTER: 'quarter'>
    >>> PeriodKind("half"), PeriodKind.HALF.span
    (<PeriodKind.HALF: 'half'>, 6)

    ```
    """

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def span(self) -> int:
        """How many months a period of this kind covers: 12, 6, 3 or 1."""
        return _SPANS[self]


# Members named once: on Python 3.11 `PeriodKind.MONTH` is found by the enum
# class's `__getattr__`, a Python call at every use, and first_month is hot.
_YEAR, _HALF = PeriodKind.YEAR, PeriodKind.HALF
_QUARTER, _MONTH = PeriodKind.QUARTER, PeriodKind.MONTH
_SPANS = {_YEAR: 12, _HALF: 6, _QUARTER: 3, _MONTH: 1}
_NUMBERS = {_YEAR: (0, 0), _HALF: (1, 2), _QUARTER: (1, 4), _MONTH: (1, 12)}
# Every day of a financial year starting in 9998 is a valid date; 9999 may not be.
_LAST_YEARS = {_YEAR: 9998, _HALF: 9998, _QUARTER: 9998, _MONTH: 9999}
# The financial years a period read from text (a contract, readings, the command line) is
# in: every period worked out from one (a window's months, a payment warning's hundred
# years at most) is then one that a Period holds.
FIRST_READ_YEAR, LAST_READ_YEAR = 1000, 8999
# The letter before the number of a part of a year, and the kind it names.
_PARTS = {"Q": _QUARTER, "H": _HALF}

# Space within a line: a space, a tab, a non-breaking space (U+00A0, as spreadsheets and web
# pages write one), any other of Unicode's spaces; not a line break.
_SPACE = r"[^\S\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]"
# The one regex on the hot path. Digits are ASCII only: int() would accept "٢٠١٧".
_PERIOD = re.compile(
    r"\s*(?:"
    rf"(?P<fy>[0-9]{{4}})/(?P<next>[0-9]{{2}})(?:{_SPACE}+(?P<part>[QqHh])(?P<q>[0-9]+))?"
    r"|(?P<cy>[0-9]{4})-(?P<m>[0-9]{2})"
    r")\s*"
)
# Only for explaining a failure: near misses such as "2017", "2017/2018", "2018-3",
# "2017/18Q4", "Q4 2017/18" or "H1 2017/18" (applied to the stripped text).
_NEAR_MISS = re.compile(
    r"(?:(?P<pa>[QqHh])(?P<qa>[0-9]+)\s*)?"
    r"(?P<y>[0-9]{4})(?:(?P<sep>[/-])(?P<n>[0-9]{1,4}))?"
    r"(?:\s*(?P<pb>[QqHh])(?P<qb>[0-9]+))?"
)
# Only for explaining a failure: a part of a year in words, as captions and committee papers
# write it: "Quarter 4 2017/18", "Qtr 4 2017/18", "2017/18 Quarter 4", "Half 1 2017/18".
_WORDED_PART = r"(?P<word{0}>(?i:quarter|qtr|half))\s*(?P<n{0}>[0-9]+)"
_WORDED = re.compile(
    rf"(?:{_WORDED_PART.format('a')}\s+(?P<fya>[0-9]{{4}}/[0-9]{{2}}))"
    rf"|(?:(?P<fyb>[0-9]{{4}}/[0-9]{{2}})\s+{_WORDED_PART.format('b')})"
)
_FORMS = (
    "write 2017/18 for a financial year, 2017/18 H1 for a half year, 2017/18 Q4 for a quarter"
    " or 2018-03 for a month"
)
_SAME_START = "use one year start (the contract's `year starts`) for every period"


def _error(message: str, hint: str | None = None) -> PeriodError:
    return PeriodError([Diagnostic(message, hint=hint)])


_SHOWN = 40  # the most characters of a period's text that a message quotes


def _cut(text: str) -> str:
    """Text for a message: its first line, cut short if long, so a message stays one line."""
    lines = text.splitlines() or [""]
    first = lines[0]
    if len(first) > _SHOWN:
        return first[:_SHOWN] + "…"
    return first + "…" if len(lines) > 1 else first


def _shown(text: str) -> str:
    return f"`{_cut(text)}`"


def _small(digits: str) -> int:
    """A run of ASCII digits as a number, any run over four digits as 10,000.

    No number in a period has more than four digits, and int() refuses a run
    of thousands of digits (Python's limit on converting text to int).
    """
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) <= 4 else 10_000


def _check_number(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    low, high = _NUMBERS[instance.kind]
    if not low <= value <= high:
        numbers = f"{low} to {high}" if low < high else f"{low}"
        raise ValueError(f"a {instance.kind.value} has number {numbers}, not {value}")


def _check_year(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    last = _LAST_YEARS[instance.kind]
    if not 1 <= value <= last:
        raise ValueError(f"a {instance.kind.value} must start in year 1 to {last}, not {value}")


def _check_year_start(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 12:
        raise ValueError(f"year_start is a month from 1 to 12, not {value}")


@attrs.frozen(order=False, cache_hash=True)
class Period:
    """A financial year, a half or a quarter of one, or a calendar month.

    ``year`` is the calendar year the financial year starts in for a year, a
    half or a quarter (2017 for ``2017/18``) and the calendar year for a month.
    ``number`` is the half (1 or 2), the quarter (1 to 4), the month (1 to 12),
    or 0 for a year. ``year_start`` is the calendar month the financial year
    starts on.

    Periods sort by their first month; where two start together the longer
    comes first, so a year sorts before its H1, H1 before Q1, and Q1 before its
    first month.
    Comparing periods with different year starts raises :class:`PeriodError`.

    ```pycon
    >>> q4 = Period(PeriodKind.QUARTER, 2017, 4)
    >>> q4
    Period('2017/18 Q4')
    >>> q4 == Period.parse("2017/18 Q4")
    True
    >>> sorted([Period.parse("2018-01"), q4, Period.parse("2017/18")])
    [Period('2017/18'), Period('2017/18 Q4'), Period('2018-01')]

    ```
    """

    kind: PeriodKind = attrs.field(validator=attrs.validators.instance_of(PeriodKind))
    year: int = attrs.field(validator=[attrs.validators.instance_of(int), _check_year])
    number: int = attrs.field(validator=[attrs.validators.instance_of(int), _check_number])
    year_start: int = attrs.field(
        default=4, validator=[attrs.validators.instance_of(int), _check_year_start]
    )

    @classmethod
    def parse(cls, text: PeriodLike, year_start: int = 4) -> Period:
        """Read ``2017/18``, ``2017/18 H1``, ``2017/18 Q4`` or ``2018-03``; raise
        :class:`PeriodError` otherwise.

        Surrounding whitespace is ignored, and one or more spaces or tabs go
        before the ``Q`` or ``H`` (a no-break space counts as a space). A lowercase
        ``q`` or ``h`` is accepted too (``2017/18 q4``); labels always write capitals.
        The second part of a financial year is the last two digits of the next year,
        so ``1999/00`` follows ``1998/99``.
        A :class:`Period` passes through unchanged if it has the same year
        start, and raises :class:`PeriodError` if not. A ``datetime.date`` (a
        pandas ``Timestamp``) is the month it is in, and a pandas ``Period`` the
        period that runs from its first day to its last, as in a readings file.

        ```pycon
        >>> Period.parse(" 2017/18\\tq4 ")
        Period('2017/18 Q4')
        >>> Period.parse("2018-03").financial_year()
        Period('2017/18')
        >>> Period.parse(datetime.date(2018, 3, 15))
        Period('2018-03')
        >>> try:
        ...     Period.parse("2017/19")
        ... except PeriodError as error:
        ...     print(error)
        <string>: error: `2017/19` is not a financial year: 19 does not follow 2017
        help: did you mean 2017/18?

        ```
        """
        if isinstance(text, Period):
            if not 1 <= year_start <= 12:
                raise ValueError(f"year_start is a month from 1 to 12, not {year_start}")
            if text.year_start != year_start:
                raise _error(
                    f"`{text}` has its year starting in {MONTH_NAMES[text.year_start - 1]}, "
                    f"not {MONTH_NAMES[year_start - 1]}",
                    hint=_SAME_START,
                )
            return text
        if not isinstance(text, str):
            return _given(text, year_start)
        try:
            return _parse_text(text, year_start)
        except PeriodError as error:
            raise _as_spreadsheets_write(error, text, year_start) from None

    @property
    def label(self) -> str:
        """How the period is written: ``2017/18``, ``2017/18 H1``, ``2017/18 Q4`` or ``2018-03``.

        ```pycon
        >>> Period(PeriodKind.YEAR, 1999, 0).label
        '1999/00'
        >>> Period(PeriodKind.HALF, 2024, 2).label
        '2024/25 H2'
        >>> Period(PeriodKind.MONTH, 2018, 3).label
        '2018-03'

        ```
        """
        if self.kind is _MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        year = f"{self.year:04d}/{(self.year + 1) % 100:02d}"
        if self.kind is _QUARTER:
            return f"{year} Q{self.number}"
        if self.kind is _HALF:
            return f"{year} H{self.number}"
        return year

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        if self.year_start == 4:
            return f"Period({self.label!r})"
        return f"Period({self.label!r}, year_start={self.year_start})"

    @property
    def first_month(self) -> int:
        """The first month as an ordinal, ``calendar_year * 12 + (month - 1)``.

        ```pycon
        >>> Period.parse("2017/18").first_month == 2017 * 12 + 3
        True
        >>> Period.parse("2017/18 Q4").first_month == Period.parse("2018-01").first_month
        True
        >>> Period.parse("2017/18 H2").first_month == Period.parse("2017-10").first_month
        True

        ```
        """
        if self.kind is _MONTH:
            return self.year * 12 + self.number - 1
        first = self.year * 12 + self.year_start - 1
        if self.kind is _YEAR:
            return first
        return first + _SPANS[self.kind] * (self.number - 1)

    @property
    def last_month(self) -> int:
        """The last month as an ordinal, like :attr:`first_month`.

        ```pycon
        >>> Period.parse("2017/18").last_month == Period.parse("2018-03").first_month
        True

        ```
        """
        return self.first_month + _SPANS[self.kind] - 1

    @property
    def span(self) -> int:
        """How many months the period covers: 12, 6, 3 or 1.

        ```pycon
        >>> [Period.parse(t).span for t in ("2017/18", "2017/18 H1", "2017/18 Q1", "2017-04")]
        [12, 6, 3, 1]

        ```
        """
        return _SPANS[self.kind]

    @property
    def starts_on(self) -> datetime.date:
        """The first day of the period.

        ```pycon
        >>> Period.parse("2017/18").starts_on
        datetime.date(2017, 4, 1)

        ```
        """
        year, month = divmod(self.first_month, 12)
        return datetime.date(year, month + 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        """The last day of the period.

        ```pycon
        >>> Period.parse("2017/18").ends_on
        datetime.date(2018, 3, 31)
        >>> Period.parse("2020-02").ends_on
        datetime.date(2020, 2, 29)

        ```
        """
        year, month = divmod(self.last_month, 12)
        return datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1])

    def _same_start(self, other: Period, doing: str) -> None:
        if self.year_start != other.year_start:
            raise _error(
                f"cannot {doing} {self!r} and {other!r}: their years start in different months",
                hint=_SAME_START,
            )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        self._same_start(other, "order")
        return (self.first_month, -self.span) < (other.first_month, -other.span)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        self._same_start(other, "order")
        return (self.first_month, -self.span) <= (other.first_month, -other.span)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        self._same_start(other, "order")
        return (self.first_month, -self.span) > (other.first_month, -other.span)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        self._same_start(other, "order")
        return (self.first_month, -self.span) >= (other.first_month, -other.span)

    def contains(self, other: Period) -> bool:
        """Whether every month of ``other`` is in this period (a period contains itself).

        ```pycon
        >>> year = Period.parse("2017/18")
        >>> year.contains(Period.parse("2018-03")), year.contains(Period.parse("2018-04"))
        (True, False)
        >>> year.contains(year)
        True

        ```
        """
        self._same_start(other, "compare")
        return self.first_month <= other.first_month and other.last_month <= self.last_month

    def shift(self, n: int) -> Period:
        """The period of the same kind ``n`` places later (earlier if ``n`` is negative).

        ```pycon
        >>> Period.parse("2017/18 Q4").shift(1)
        Period('2018/19 Q1')
        >>> Period.parse("2018-01").shift(-13)
        Period('2016-12')
        >>> Period.parse("2024/25 H2").shift(1)
        Period('2025/26 H1')

        ```
        """
        if self.kind is _YEAR:
            return Period(_YEAR, self.year + n, 0, self.year_start)
        per_year = 12 // _SPANS[self.kind]
        year, index = divmod(self.year * per_year + self.number - 1 + n, per_year)
        return Period(self.kind, year, index + 1, self.year_start)

    def previous(self) -> Period:
        """The period of the same kind just before this one.

        ```pycon
        >>> Period.parse("2018/19 Q1").previous()
        Period('2017/18 Q4')
        >>> Period.parse("2018-01").previous()
        Period('2017-12')

        ```
        """
        return self.shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after this one.

        ```pycon
        >>> Period.parse("1998/99").next()
        Period('1999/00')
        >>> Period.parse("2017-12").next()
        Period('2018-01')

        ```
        """
        return self.shift(1)

    def financial_year(self) -> Period:
        """The financial year this period is in (a year is its own).

        ```pycon
        >>> Period.parse("2018-03").financial_year()
        Period('2017/18')
        >>> Period.parse("2018-03", year_start=1).financial_year()
        Period('2018/19', year_start=1)

        ```
        """
        if self.kind is _YEAR:
            return self
        if self.kind is not _MONTH:
            year = self.year
        else:
            year = (self.first_month - (self.year_start - 1)) // 12
        return Period(PeriodKind.YEAR, year, 0, self.year_start)

    def quarter(self) -> Period:
        """The quarter this month is in (a quarter is its own); a year raises PeriodError.

        ```pycon
        >>> Period.parse("2018-03").quarter()
        Period('2017/18 Q4')
        >>> Period.parse("2018-03", year_start=10).quarter()
        Period('2017/18 Q2', year_start=10)

        ```
        """
        if self.kind is _QUARTER:
            return self
        if self.kind is _YEAR:
            raise _error(
                f"{self.label} is a whole financial year, so no one quarter contains it",
                hint="use quarters() for its four quarters",
            )
        if self.kind is _HALF:
            raise _error(
                f"{self.label} is a half year, so no one quarter contains it",
                hint="use quarters() for its two quarters",
            )
        return self._part(_QUARTER)

    def half(self) -> Period:
        """The half year this quarter or month is in (a half is its own); a year raises PeriodError.

        ```pycon
        >>> Period.parse("2018-03").half()
        Period('2017/18 H2')
        >>> Period.parse("2017/18 Q2").half()
        Period('2017/18 H1')

        ```
        """
        if self.kind is _HALF:
            return self
        if self.kind is _YEAR:
            raise _error(
                f"{self.label} is a whole financial year, so no one half contains it",
                hint="use halves() for its two halves",
            )
        return self._part(_HALF)

    def _part(self, kind: PeriodKind) -> Period:
        """The period of ``kind`` (a half or a quarter) that holds this shorter one."""
        year = self.financial_year()
        number = (self.first_month - year.first_month) // _SPANS[kind] + 1
        return Period(kind, year.year, number, self.year_start)

    def within(self, kind: PeriodKind) -> Period | None:
        """The period of ``kind`` that holds this one (itself, if of that kind), or None.

        A month is within its quarter, its half and its year, a quarter within
        its half and its year, a half within its year; a longer period is
        within no shorter one.

        ```pycon
        >>> Period.parse("2018-03").within(PeriodKind.QUARTER)
        Period('2017/18 Q4')
        >>> Period.parse("2017/18 Q4").within(PeriodKind.HALF)
        Period('2017/18 H2')
        >>> print(Period.parse("2017/18").within(PeriodKind.QUARTER))
        None

        ```
        """
        if self.kind is kind:
            return self
        if kind is _YEAR:
            return self.financial_year()
        if _SPANS[kind] > _SPANS[self.kind]:
            return self._part(kind)
        return None

    def months(self) -> tuple[Period, ...]:
        """The calendar months in this period, in order.

        ```pycon
        >>> [str(m) for m in Period.parse("2017/18 Q4", year_start=1).months()]
        ['2017-10', '2017-11', '2017-12']

        ```
        """
        return tuple(
            Period(PeriodKind.MONTH, ordinal // 12, ordinal % 12 + 1, self.year_start)
            for ordinal in range(self.first_month, self.last_month + 1)
        )

    def quarters(self) -> tuple[Period, ...]:
        """The quarters in this year or half (or the quarter itself); a month raises PeriodError.

        ```pycon
        >>> [str(q) for q in Period.parse("2017/18").quarters()]
        ['2017/18 Q1', '2017/18 Q2', '2017/18 Q3', '2017/18 Q4']
        >>> [str(q) for q in Period.parse("2017/18 H2").quarters()]
        ['2017/18 Q3', '2017/18 Q4']

        ```
        """
        if self.kind is _MONTH:
            raise _error(
                f"{self.label} is a month, so it contains no whole quarter",
                hint="use quarter() for the quarter it is in",
            )
        return self.parts(_QUARTER)

    def halves(self) -> tuple[Period, ...]:
        """The two halves of this year (or the half itself); a quarter or month raises PeriodError.

        ```pycon
        >>> [str(h) for h in Period.parse("2024/25").halves()]
        ['2024/25 H1', '2024/25 H2']

        ```
        """
        if self.kind in (_QUARTER, _MONTH):
            raise _error(
                f"{self.label} is a {self.kind.value}, so it contains no whole half year",
                hint="use half() for the half it is in",
            )
        return self.parts(_HALF)

    def parts(self, kind: PeriodKind) -> tuple[Period, ...]:
        """The periods of ``kind`` that make up this one, in order; none if ``kind`` is longer.

        ```pycon
        >>> [str(p) for p in Period.parse("2017/18 H1").parts(PeriodKind.MONTH)]
        ['2017-04', '2017-05', '2017-06', '2017-07', '2017-08', '2017-09']
        >>> Period.parse("2017/18 Q1").parts(PeriodKind.QUARTER)
        (Period('2017/18 Q1'),)
        >>> Period.parse("2017/18 Q1").parts(PeriodKind.YEAR)
        ()

        ```
        """
        span = _SPANS[kind]
        if span > self.span:
            return ()
        if kind is self.kind:
            return (self,)
        if kind is _MONTH:
            return self.months()
        year = self.financial_year()
        first = (self.first_month - year.first_month) // span + 1
        return tuple(
            Period(kind, year.year, number, self.year_start)
            for number in range(first, first + self.span // span)
        )


#: A period as given from Python: its label, a :class:`Period`, or a date or a pandas
#: ``Timestamp`` (the month it is in). A pandas ``Period`` (read by its dates) is taken too.
PeriodLike: TypeAlias = str | Period | datetime.date


def _given(value: object, year_start: int) -> Period:
    """A date (its month) or a pandas ``Period`` (by its dates), read as a readings file's
    period cell reads it, by the one reader of them all; TypeError for anything else."""
    from perfcontract._periodtext import period_text, read_period  # dates only

    written = period_text(value)
    if written is None:
        raise TypeError(
            "a period is written as text (or given as a Period or a date),"
            f" not {type(value).__name__}"
        )
    return read_period(written, year_start)


def parse_period(text: PeriodLike, year_start: int = 4) -> Period:
    """Read a period; the same as :meth:`Period.parse`.

    ```pycon
    >>> parse_period("2017/18 Q4")
    Period('2017/18 Q4')
    >>> try:
    ...     parse_period("2017")
    ... except PeriodError as error:
    ...     print(error.first.message)
    ...     print(error.first.hint)
    `2017` is a calendar year, not a financial year, quarter or month
    write 2017/18 for the financial year, or 2017-04 for a month

    ```
    """
    return Period.parse(text, year_start)


@functools.lru_cache(maxsize=1024)
def _parse_text(text: str, year_start: int) -> Period:
    if not 1 <= year_start <= 12:
        raise ValueError(f"year_start is a month from 1 to 12, not {year_start}")
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise _explain(text.strip(), year_start)
    shown = _shown(text.strip())
    fy, cy = match["fy"], match["cy"]
    if fy is not None:
        year, quarter = int(fy), match["q"]
        letter = (match["part"] or "Q").upper()
        if int(match["next"]) != (year + 1) % 100:
            suggestion = f"{year:04d}/{(year + 1) % 100:02d}"
            if quarter is not None:
                suggestion += f" {letter}{_cut(quarter)}"
            raise _error(
                f"{shown} is not a financial year: {match['next']} does not follow {fy}",
                hint=f"did you mean {suggestion}?",
            )
        if quarter is None:
            kind, number = _YEAR, 0
        else:
            kind, number = _PARTS[letter], _small(quarter)
            if not 1 <= number <= _NUMBERS[kind][1]:
                raise _no_such_part(shown, letter, quarter)
    else:
        kind, year, number = _MONTH, int(cy), int(match["m"])
        if not 1 <= number <= 12:
            if number == (year + 1) % 100:
                hint = f"did you mean {cy}/{match['m']}?"
            else:
                hint = "months are 01 to 12"
            raise _error(f"{shown} is not a month: there is no month {match['m']}", hint=hint)
    # The financial year a month is in, so that a year and all its months are read alike.
    in_year = year - 1 if kind is _MONTH and number < year_start else year
    if not FIRST_READ_YEAR <= in_year <= LAST_READ_YEAR:
        raise _error(
            f"{shown} is out of range",
            hint=f"years run from {FIRST_READ_YEAR} to {LAST_READ_YEAR}",
        )
    return Period(kind, year, number, year_start)


def _as_spreadsheets_write(error: PeriodError, text: str, year_start: int) -> PeriodError:
    """The error, with a "did you mean" when the text is a period as a readings file may write
    it (``Aug 2025``, ``2025-08-01``), which Python code writes in one of the four forms."""
    from perfcontract._periodtext import spreadsheet_period  # only to explain a failure

    if error.first.hint != _FORMS:
        return error
    period = spreadsheet_period(text, year_start)
    if period is None:
        return error
    return _error(
        error.first.message,
        hint=f"did you mean {period.label}? ({_shown(text.strip())} is read only in readings"
        " files and --period)",
    )


def _no_such_part(shown: str, letter: str, number: str) -> PeriodError:
    """The error for a quarter or half that does not exist: Q5, H3."""
    if letter == "H":
        return _error(
            f"{shown} is not a half year: there is no H{_cut(number)}",
            hint="half years are H1 and H2",
        )
    return _error(
        f"{shown} is not a quarter: there is no Q{_cut(number)}", hint="quarters are Q1 to Q4"
    )


def _explain(text: str, year_start: int) -> PeriodError:
    """The error for text that is not even shaped like a period."""
    if not text:
        return _error("a period cannot be empty", hint=_FORMS)
    shown = _shown(text)
    worded = _WORDED.fullmatch(text)
    if worded is not None:  # `Quarter 4 2017/18`, as a summary's caption reads
        letter = (worded["worda"] or worded["wordb"])[0].upper()
        number = worded["na"] or worded["nb"]
        first = int((worded["fya"] or worded["fyb"])[:4])
        label = f"{first:04d}/{(first + 1) % 100:02d}"
        if not 1 <= _small(number) <= _NUMBERS[_PARTS[letter]][1]:
            return _no_such_part(shown, letter, number)
        return _error(
            f"{shown} is not a financial year, quarter or month",
            hint=f"did you mean {label} {letter}{_cut(number)}?",
        )
    match = _NEAR_MISS.fullmatch(text)
    if match is None:
        return _error(f"{shown} is not a financial year, quarter or month", hint=_FORMS)
    year, sep, n = int(match["y"]), match["sep"], match["n"]
    quarter = match["qa"] or match["qb"]
    letter = (match["pa"] or match["pb"] or "Q").upper()
    financial = f"{year:04d}/{(year + 1) % 100:02d}"
    if sep is None and quarter is None:
        if year_start == 1:  # the calendar year is the year, labelled as every year is
            return _error(
                f"{shown} is a calendar year, which with the year starting in January is"
                f" written {financial}",
                hint=f"write {financial} for January to December {year:04d}, or {year:04d}-01"
                " for a month",
            )
        return _error(
            f"{shown} is a calendar year, not a financial year, quarter or month",
            hint=f"write {financial} for the financial year, or {year:04d}-{year_start:02d} "
            "for a month",
        )
    if quarter is not None and not 1 <= _small(quarter) <= _NUMBERS[_PARTS[letter]][1]:
        return _no_such_part(shown, letter, quarter)
    suggestion = None
    if sep is None or int(n) in ((year + 1) % 100, year + 1):
        suggestion = financial if quarter is None else f"{financial} {letter}{quarter}"
    elif sep == "-" and quarter is None and 1 <= int(n) <= 12:
        suggestion = f"{year:04d}-{int(n):02d}"
    hint = _FORMS if suggestion is None else f"did you mean {suggestion}?"
    return _error(f"{shown} is not a financial year, quarter or month", hint=hint)
