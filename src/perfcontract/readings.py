"""Loading readings, and checking them against a contract.

Readings are read first and judged later. :class:`Readings` keeps every row
exactly as read, with any problem that needs no contract (a value that is not
a number, a row with too many cells); :meth:`Readings.resolve` then meets the
contract and reports *every* problem at once, the rows' own included, in one
:class:`~perfcontract.errors.ReadingsError`. Nothing is silently dropped.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> readings = Readings.from_csv_text('''measure,period,value
... A1,2017/18 Q4,26
... E1,2017/18 Q4,"1,789"
... B8,2017/18 Q4,c
... ''', source="q4.csv")
>>> resolved = readings.resolve(contract)
>>> q4 = pc.Period.parse("2017/18 Q4")
>>> resolved.get("A1", q4), resolved.get("E1", q4), resolved.get("B8", q4)
(26.0, 1789.0, nan)
>>> try:
...     Readings.from_csv_text("measure,period,value\\nA1,2017/18 Q4,abc\\nA10,2017/18 Q4,30\\n",
...                            source="bad.csv").resolve(contract)
... except pc.ReadingsError as error:
...     print(error)
bad.csv:2:15: error: measure A1, period 2017/18 Q4: `abc` is not a number
    2 | A1,2017/18 Q4,abc
      |               ^~~
help: write a number such as 26, 1,789 or 26%; for a missing value,
leave the cell empty or write -, .., :, c, x or z
<BLANKLINE>
bad.csv:3:1: error: measure A10, period 2017/18 Q4: the contract has no measure A10
    3 | A10,2017/18 Q4,30
      | ^~~
help: did you mean A1?

```

CSV files come in two forms, told apart by the header row:

* **long form**: columns ``measure``, ``period`` and ``value``, and optionally
  ``authority``, in any order; other columns (a ``note``, say) are allowed and
  ignored;
* **wide form**: a ``measure`` column (and optionally ``authority``) and one
  column per period, headed with the period (``2017/18 Q1``). A heading with
  no digit in it (``title``, ``note``) is a label column and is ignored (a
  month with no year, ``Apr``, and one of Excel's error values, ``#REF!``,
  are errors); any other heading must be a period. Every cell under a period becomes a reading.

Headings are matched ignoring case and surrounding spaces; a header that is
neither form, a heading given twice, or a wide heading that is not a period is
an error at once. A period (a heading, or a period cell) is written as
:meth:`~perfcontract.periods.Period.parse` reads it, or as spreadsheets and
pandas write it: ``Apr-24``, ``April 2024``, ``2024-04-01``, ``Q1 2024/25``,
``2017-04 to 2017-06`` (see :func:`perfcontract._periodtext.read_period`).

The file is UTF-8, with or without a byte-order mark, UTF-16 with one, or
Windows-1252 (with a note in :attr:`Readings.warnings`; a file mixing UTF-8 and
Windows-1252 lines is read line by line, each in its own); its cells are
separated by commas, semicolons or tabs, told from the header, and quoted
with ``"`` as spreadsheets write them (see :mod:`perfcontract._dialect`). An
Excel workbook is read cell by cell (:meth:`Readings.from_excel`), and a
pandas, polars or pyarrow table column by column (:meth:`Readings.from_frame`).

* Skipped: blank lines, lines whose first character other than a space is
  ``#`` (comments; a line inside a quoted cell is never one), and rows whose
  cells are all empty (spreadsheets export those).
* A row's line is the line it starts on, comments and blank lines counted.
* A row may leave out cells at its end for columns that are not read (a
  ``note``), and may have empty cells after the last heading (spreadsheet
  padding). Any other row with more or fewer cells than the header is a
  problem of the whole row (often a number with thousands commas and no
  quotes), reported on the row's first reading. So is a quote never closed,
  which makes the rest of the file one cell. A whole-row problem is the only
  problem its row reports about its values, as they are not where the header
  says.
* An empty ``authority`` cell means no authority (``None``); where other rows
  name one (a spreadsheet's merged cell leaves all but its first row empty),
  the first such row gets a warning in :attr:`Readings.warnings`.

A value cell is one of:

* missing: empty, or a suppression marker of UK official statistics: ``c``,
  ``x``, ``z``, ``..``, ``:`` or ``-`` (:data:`DEFAULT_MISSING`, to which
  ``missing=`` adds markers; ``default_missing=False`` leaves only those;
  matched ignoring case and surrounding spaces). A missing value is not an
  error: it is rated *No data*;
* a number: an optional sign (``-``, ``+`` or the typographic minus ``−``),
  digits with optional thousands commas and a decimal point, an
  optional exponent (``1e-05``, as programs such as pandas write very small
  numbers), and an optional ``%`` (only for a percent measure);
* money, for a money measure: ``£1,230,000``, ``£1.2m``, ``£950k``,
  ``£0.25bn`` (suffixes in either case), with an optional sign;
* either, in brackets, as accounts write a negative amount: ``(12,500)`` and
  ``(£12,500)`` are -12,500;
* in a file separated by semicolons or tabs, the same with a decimal comma
  (``89,5``), a point or a space grouping thousands (``1.234,5``,
  ``1 234,5``), and a space before a ``%`` (``26,5 %``, as French and German
  spreadsheets write it); there, if any cell writes a decimal comma,
  ``1.789`` (a point before three digits) could be either, and is refused
  (in brackets or with a ``%`` too), and if any cell writes a decimal point
  (``21.5``), so is ``1,789``;
* a word, for a yes/no measure: ``yes``, ``y``, ``true`` or ``1`` (1) and
  ``no``, ``n``, ``false`` or ``0`` (0), in any case; for a grade measure,
  one of its grades, in any case (the worst is 1). A row holds the word as
  read (its ``value`` NaN, its ``problem`` that it is not a number) until
  :meth:`Readings.resolve` meets the measure and reads the word.

A ratio measure takes no readings (its numerator and denominator do): a row
of one is a problem. A measure with its own ``reporting`` is not due in a
shorter period (a month of an annual survey), nor a measure with a season in
a period wholly out of season: a row for one of those is left out, with a
warning at its cell; an empty cell or a missing-value marker there is no
figure, and is left out without one (a wide file has a cell under every
column's period).

Thousands commas group the digits in threes, after a first group of one to
three digits that does not start with 0: ``1,789`` and ``12,345,678.5``, but
never ``0,500``, ``26,5`` or ``1,23,456``. Such a comma could be a decimal
comma or a slip, so the cell is "not a number", with a hint giving both
readings (``0.500`` or ``500``) for the writer to choose.

Anything else (``nan``, ``inf``, ``n/a``) is "not a number"; one of Excel's
error values (``#N/A``, ``#DIV/0!``, ``#VALUE!``, ``#REF!``, ``#NAME?``,
``#NUM!``, ``#NULL!``) says that the spreadsheet's formula failed, unless it
is given as a missing marker.

A number is held as a float, and rated as the shortest decimal that reads back
as it, which is the number written whenever it has at most 15 significant
digits or is a float's shortest decimal (``0.30000000000000004``, as pandas
writes it). A number with more digits than a float holds
(``84.49999999999999999``, whose float is 84.5) would be rated as another
number, so :meth:`Readings.resolve` refuses it, asking for it rounded to 15
significant digits; so too a number a float holds only as 0 (``1e-400``).

Some readings are read as written but are probably not what was meant:
:meth:`Readings.resolve` gives them as warnings (``severity="warning"``), in
:attr:`ResolvedReadings.warnings`: a percent measure whose readings all lie
between 0 and 1 while its target is above 1 (``0.895`` for 89.5%); a
reading for a quarter, a half or a year that disagrees with its months (the
longer period's own reading is used); and one that a window never uses. For a
measure that rolls up by sum, least, greatest or last value, disagreeing is
differing from that roll-up; for a mean, lying outside the range of the
months' figures, since a published mean is worked out from the underlying
cases. A measure with a window, and a ratio with a window or a season (for its
components), takes its value from its reporting periods, so a quarter's own
reading is never used by it: the warning names the months it wants.

Problems are reported in the order of the rows, each at its cell with a caret
when the row came from a file. A wide row is many readings; an unknown
measure id, or a row repeating an earlier one, is reported once for the row.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import math
import numbers
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import MappingProxyType

import attrs

from perfcontract import _dialect, _excel, _frames, _frozen
from perfcontract._caller import option
from perfcontract._collector import paused
from perfcontract._csvtext import (
    LEFT_OPEN,
    caret,
    long_cell,
    nul_stand_in,
    open_quote,
    record_end,
    scan,
    short_cells,
    too_long,
)
from perfcontract._escape import one_line
from perfcontract._periodtext import date_month, month_alone, period_text, read_period
from perfcontract._suggest import Grades, Suggester
from perfcontract.errors import Diagnostic, PeriodError, ReadingsError, either, shorten
from perfcontract.model import (
    NEVER_NEGATIVE,
    WORDED,
    Aggregate,
    Band,
    Contract,
    Measure,
    UnitKind,
    _to_15_digits,
)
from perfcontract.periods import MONTH_NAMES, Period, PeriodKind, PeriodLike

__all__ = ["DEFAULT_MISSING", "Reading", "Readings", "ResolvedReadings"]

DEFAULT_MISSING: frozenset[str] = frozenset({"", "c", "x", "z", "..", ":", "-"})
"""Empty, and the suppression markers of UK official statistics.

```pycon
>>> sorted(DEFAULT_MISSING)
['', '-', '..', ':', 'c', 'x', 'z']

```
"""

_Key = tuple[str | None, str, Period]

# Thousands commas group the digits in threes after a first group of one to three
# digits that does not start with 0: `1,789` and `12,345,678`, never `0,500` or `1,23`.
_DIGITS = r"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+)"
_MANTISSA = rf"(?:{_DIGITS}(?:\.[0-9]*)?|\.[0-9]+)"
_PLAIN = re.compile(rf"(?P<sign>[+-]?)(?P<mantissa>{_MANTISSA})(?P<exponent>[eE][+-]?[0-9]+)?%?")
_MONEY = re.compile(
    rf"(?P<before>[+-]?)£(?P<after>[+-]?)(?P<mantissa>{_MANTISSA})(?P<scale>[kKmM]|[bB][nN])?"
)
_SCALES = {"k": 3, "m": 6, "bn": 9}
_HAS_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of a heading: `Target 2017/18`, `Q4 RAG`
_LABEL_HINT = (
    "a heading with a digit in it is read as a period: head a column of targets or notes"
    " without one (`target`), and it is ignored"
)
_KNOWN_COLUMNS = ("measure", "period", "value", "authority")

_EXPECTED = (
    "begin with a header: `measure,period,value` for long form (an `authority` column is "
    "optional), or `measure` and then one column per period, such as `2017/18 Q1`, for wide form"
)
_TOO_MANY = (
    'put a number written with thousands commas in quotes ("1,789"), '
    "or give the extra column a heading"
)
_THOUSANDS_HEAD = re.compile(r"\s*[-−]?£?[0-9]{1,3}\s*")
_THOUSANDS_TAIL = re.compile(r"[0-9]{3}(?:,[0-9]{3})*(?:\.[0-9]+)?%?")


def _split_thousands(cells: list[str], value: int) -> bool:
    """Whether the value cell and the next look like one number split at its comma."""
    return (
        value + 1 < len(cells)
        and _THOUSANDS_HEAD.fullmatch(cells[value]) is not None
        and _THOUSANDS_TAIL.fullmatch(cells[value + 1]) is not None
    )


_TOO_FEW = "give every row a cell for each column; leave a cell empty for a missing value"
_UNIT_WORDS = {
    UnitKind.PERCENT: "a percentage",
    UnitKind.COUNT: "a count",
    UnitKind.NUMBER: "a number",
    UnitKind.DAYS: "in days",
    UnitKind.WEEKS: "in weeks",
    UnitKind.MONEY: "an amount of money",
    UnitKind.HOURS: "in hours",
    UnitKind.MINUTES: "in minutes",
    UnitKind.WORKING_DAYS: "in working days",
    UnitKind.TONNES: "in tonnes",
    UnitKind.YES_NO: "yes or no",
    UnitKind.GRADE: "a grade",
}
_NOT_NEGATIVE = (UnitKind.PERCENT, *NEVER_NEGATIVE)  # a reading of a percent is never below 0


_NAN = object()


def _nan_as_itself(value: float) -> object:
    """Compare values so that a missing value (NaN) equals another: rows read alike are equal."""
    return _NAN if value != value else value


@attrs.frozen
class Reading:
    """One reading as read: nothing is dropped or interpreted against a contract yet.

    ``text`` is the value cell as written (surrounding spaces removed) and
    ``value`` the number it says: ``nan`` when the cell is missing (empty or a
    marker) or cannot be read, in which case ``problem`` says why. ``line`` is
    the line the row starts on (for records, the record's place counting from
    1), ``None`` for a mapping. Two rows read alike are equal, NaN and all.

    ```pycon
    >>> row = Readings.from_csv_text("measure,period,value\\nE1,2017/18 Q4,\\"1,789\\"\\n").rows[0]
    >>> row
    Reading(measure='E1', period='2017/18 Q4', text='1,789', value=1789.0, authority=None, \
source='<string>', line=2, problem=None)
    >>> Readings.from_mapping({"A1": "abc"}, "2017/18 Q4").rows[0].problem
    '`abc` is not a number'

    ```
    """

    measure: str
    period: str
    text: str
    value: float = attrs.field(eq=_nan_as_itself)
    authority: str | None = None
    source: str = "<readings>"
    line: int | None = None
    problem: str | None = None


@attrs.frozen
class _Where:
    """What only the reader knew about a row: where it was, and how to fix its problem.

    ``source_line`` is the row's first line (or ``lines``, the file's lines,
    shared by its rows, hold it); ``cells`` how many cells the row
    had (so that the line's cells can be found again for a caret, only when
    one is needed), and ``measure``, ``period`` and ``value`` which of them
    hold those (``None``: not on this line).
    """

    source_line: str | None = None
    cells: int = 0
    measure: int | None = None
    period: int | None = None
    value: int | None = None
    hint: str | None = None
    problem_is_the_row: bool = False
    period_given: Period | None = None
    problem_cell: int | None = None  # the cell a problem of the whole row is at, if one
    separator: str = ","
    sheet: str | None = None  # a workbook's sheet: cells are named Sheet1!B7; "": a table's row
    dated: bool = False  # its period was a date (a datetime or Timestamp), read as its month
    # The file's lines, shared by its rows: the row's line is found only when a message needs it.
    lines: list[str] | None = attrs.field(default=None, eq=False, repr=False)


_NOWHERE = _Where()


class Readings:
    """Readings for one or more periods (and optionally many authorities), kept row by row as read.

    Build them with :meth:`from_csv`, :meth:`from_csv_text`,
    :meth:`from_mapping` or :meth:`from_records`; check them against a
    contract with :meth:`resolve`. Two sets of readings add up (``a + b``) to
    one, keeping every row of both in order.

    ```pycon
    >>> readings = Readings.from_mapping({"A1": 26, "B8": None}, "2017/18 Q4")
    >>> len(readings), [(r.measure, r.text, r.value) for r in readings]
    (2, [('A1', '26', 26.0), ('B8', '', nan)])
    >>> len(readings + Readings.from_mapping({"A1": 27}, "2017/18 Q3"))
    3

    ```
    """

    __slots__ = ("_notes", "_places", "_rows")

    def __init__(self, rows: Iterable[Reading]) -> None:
        self._rows: tuple[Reading, ...] = tuple(rows)
        for row in self._rows:
            if not isinstance(row, Reading):
                raise TypeError(f"Readings holds Reading rows, not {type(row).__name__}")
        self._places: tuple[_Where, ...] = (_NOWHERE,) * len(self._rows)
        self._notes: tuple[Diagnostic, ...] = ()

    @classmethod
    def _build(cls, rows: list[Reading], places: list[_Where]) -> Readings:
        readings = cls(rows)
        readings._places = tuple(places)
        return readings

    @property
    def rows(self) -> tuple[Reading, ...]:
        """Every row, in the order read."""
        return self._rows

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """What was said while reading, though nothing was refused: a file read as Windows-1252.

        :meth:`resolve` adds the warnings that need the contract
        (:attr:`ResolvedReadings.warnings`).

        ```pycon
        >>> readings = Readings.from_csv_text("measure,period,value\\nA1,2017/18 Q4,26\\n")
        >>> readings.warnings
        ()

        ```
        """
        return self._notes

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Reading]:
        return iter(self._rows)

    def __add__(self, other: object) -> Readings:
        if not isinstance(other, Readings):
            return NotImplemented
        return Readings._joined([self, other])

    @classmethod
    def _joined(cls, parts: Sequence[Readings]) -> Readings:
        """The rows, places and notes of every part, in order, copied once: adding the parts
        one by one (``a + b + c + …``) copies the first again at every step."""
        joined = cls._build(
            [row for part in parts for row in part._rows],
            [place for part in parts for place in part._places],
        )
        joined._notes = tuple(note for part in parts for note in part._notes)
        return joined

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Readings):
            return NotImplemented
        return self._rows == other._rows

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Readings: {len(self._rows)} rows>"

    @classmethod
    def from_mapping(
        cls,
        values: Mapping[str, float | int | str | Decimal | None],
        period: PeriodLike,
        *,
        authority: str | None = None,
        missing: Iterable[str] = (),
        default_missing: bool = True,
    ) -> Readings:
        """Readings for one period (and authority): measure id -> value.

        ``None`` and NaN are missing values; strings are read as CSV cells
        are. The rows' source is ``<mapping>`` and they have no line.

        ```pycon
        >>> readings = Readings.from_mapping({"A1": 26, "E1": "1,789", "B8": "x"}, "2017/18 Q4")
        >>> [(r.measure, r.period, r.value) for r in readings]
        [('A1', '2017/18 Q4', 26.0), ('E1', '2017/18 Q4', 1789.0), ('B8', '2017/18 Q4', nan)]

        ```
        """
        markers = _markers(missing, default_missing)
        given = period if isinstance(period, Period) else None
        label = period.label if isinstance(period, Period) else str(period).strip()
        rows: list[Reading] = []
        places: list[_Where] = []
        for measure, value in values.items():
            text, number, problem, hint = _convert(value, markers)
            rows.append(
                Reading(
                    str(measure).strip(), label, text, number, authority, "<mapping>", None, problem
                )
            )
            places.append(_Where(hint=hint, period_given=given))
        return cls._build(rows, places)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, object]],
        source: str = "<records>",
        *,
        missing: Iterable[str] = (),
        default_missing: bool = True,
    ) -> Readings:
        """Readings from mappings with keys ``measure``, ``period``, ``value`` and ``authority``.

        Keys are matched ignoring case; ``authority`` is optional, and other
        keys are ignored. Values are read as :meth:`from_mapping` reads them.
        A period may be a :class:`~perfcontract.periods.Period`, text, a
        ``datetime.date`` or pandas ``Timestamp`` (its month), or a pandas
        ``Period`` (read by its first and last days, never its label).
        A record's ``line`` is its place in ``records``, counting from 1.

        ```pycon
        >>> readings = Readings.from_records([
        ...     {"authority": "Doncaster", "measure": "A1", "period": "2017/18 Q4", "value": 26},
        ...     {"measure": "A1", "period": "2017/18 Q4"},
        ... ])
        >>> [(r.authority, r.value, r.line, r.problem) for r in readings]
        [('Doncaster', 26.0, 1, None), (None, nan, 2, 'this record has no `value`')]

        ```
        """
        markers = _markers(missing, default_missing)
        rows: list[Reading] = []
        places: list[_Where] = []
        for number, record in enumerate(records, start=1):
            if not isinstance(record, Mapping):
                raise TypeError(f"record {number} is a {type(record).__name__}, not a mapping")
            fields = {str(key).strip().lower(): value for key, value in record.items()}
            period = fields.get("period")
            given = period if isinstance(period, Period) else None
            text, value, problem, hint = _convert(fields.get("value"), markers)
            absent = [f"`{key}`" for key in ("measure", "period", "value") if key not in fields]
            if absent:
                problem = f"this record has no {' or '.join(absent)}"
                hint = "give each record a measure, a period and a value (an authority is optional)"
            rows.append(
                Reading(
                    _text(fields.get("measure")),
                    given.label if given is not None else (period_text(period) or _text(period)),
                    text,
                    value,
                    _text(fields.get("authority")) or None,
                    source,
                    number,
                    problem,
                )
            )
            places.append(
                _Where(
                    hint=hint,
                    problem_is_the_row=bool(absent),
                    period_given=given,
                    dated=isinstance(period, datetime.date),
                )
            )
        return cls._build(rows, places)

    @classmethod
    def from_csv(
        cls,
        path: str | os.PathLike[str],
        *,
        missing: Iterable[str] = (),
        default_missing: bool = True,
    ) -> Readings:
        """Read a CSV file of readings, long or wide form (see the module's description).

        Errors name the file as it was given. The encoding is told from the
        bytes and the separator from the header (see the module's
        description); a file read as Windows-1252 has a note saying so in
        :attr:`warnings`. An Excel workbook is read as :meth:`from_excel`
        reads it, whatever its name. A file in no encoding read, or with no
        header that either form recognises, raises
        :class:`~perfcontract.errors.ReadingsError` at once; problems in rows
        wait for :meth:`resolve`.

        ```pycon
        >>> readings = Readings.from_csv("examples/dcst-2017-18-readings.csv")
        >>> readings.rows[0].source, readings.rows[0].line, readings.rows[0].measure
        ('examples/dcst-2017-18-readings.csv', 2, 'A1')

        ```
        """
        name = os.fspath(path)
        with open(name, "rb") as file:
            data = file.read()
        return _read_bytes(data, name, None, _markers(missing, default_missing))

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        source: str = "<bytes>",
        *,
        sheet: str | None = None,
        missing: Iterable[str] = (),
        default_missing: bool = True,
    ) -> Readings:
        """Read a readings file's bytes, as :meth:`from_csv` reads a file (standard input, say).

        An Excel workbook is read as :meth:`from_excel` reads it, ``sheet``
        naming its sheet (default: the first visible worksheet); anything else is CSV in the
        encoding and with the separator it was written in. ``source`` names
        the bytes in messages.

        ```pycon
        >>> data = "measure;period;value\\nE1;2017/18 Q4;£1,5\\n".encode("cp1252")
        >>> readings = Readings.from_bytes(data, "<stdin>")
        >>> [(r.text, r.value) for r in readings], [w.severity for w in readings.warnings]
        ([('£1,5', 1.5)], ['note'])

        ```
        """
        return _read_bytes(data, source, sheet, _markers(missing, default_missing))

    @classmethod
    def from_csv_text(
        cls,
        text: str,
        source: str = "<string>",
        *,
        missing: Iterable[str] = (),
        default_missing: bool = True,
        separator: str | None = None,
    ) -> Readings:
        """Read the text of a CSV file of readings; ``source`` names it in messages.

        The separator (``,``, ``;`` or a tab) is told from the header unless
        ``separator`` gives it.

        ```pycon
        >>> wide = Readings.from_csv_text('''measure,title,2017/18 Q3,2017/18 Q4
        ... A1,Re-referrals,26.8,26
        ... B8,Care proceedings,78,
        ... ''')
        >>> [(r.measure, r.period, r.text) for r in wide]
        [('A1', '2017/18 Q3', '26.8'), ('A1', '2017/18 Q4', '26'), ('B8', '2017/18 Q3', '78'), \
('B8', '2017/18 Q4', '')]
        >>> try:
        ...     Readings.from_csv_text("id,when,value\\nA1,2017/18 Q4,26\\n", source="r.csv")
        ... except ReadingsError as error:
        ...     print(error.first.line, error.first.message)
        1 this header has no `measure` column, so it is neither long form nor wide form

        ```
        """
        if separator is not None and separator not in _dialect.SEPARATORS:
            raise ValueError(f"separator is ',', ';' or a tab, not {separator!r}")
        with paused():  # a record for every reading: see _collector
            return _read_csv(text, source, _markers(missing, default_missing), separator)

    @classmethod
    def from_excel(
        cls,
        path: str | os.PathLike[str],
        sheet: str | None = None,
        *,
        missing: Iterable[str] = (),
        default_missing: bool = True,
    ) -> Readings:
        """Read a sheet of an Excel workbook (.xlsx), long or wide form as in a CSV file.

        Needs the optional extra ``perfcontract[excel]`` (openpyxl); without
        it, a ReadingsError says how to install it. ``sheet`` names the sheet,
        hidden or not (default: the first visible worksheet; chart sheets and
        hidden sheets before it are passed over, and :attr:`warnings` says
        so). A cell reads as the text it shows: a cell
        formatted as a percentage (stored 0.265) as ``26.5%``, a date in a
        heading or period column as its month; an error value such as
        ``#DIV/0!`` is reported as the formula's failure. Messages name cells
        as Excel does: ``book.xlsx:Sheet1!C7``.

        ```pycon
        >>> import openpyxl, pathlib, tempfile
        >>> book = openpyxl.Workbook()
        >>> book.active.title = "Q4"
        >>> book.active.append(["measure", "period", "value"])
        >>> book.active.append(["A1", "2017/18 Q4", 0.265])
        >>> book.active["C2"].number_format = "0.0%"
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "q4.xlsx"
        >>> book.save(path)
        >>> [(r.measure, r.period, r.text, r.value) for r in Readings.from_excel(path)]
        [('A1', '2017/18 Q4', '26.5%', 26.5)]

        ```
        """
        name = os.fspath(path)
        return _read_sheet(_excel.sheet_rows(name, sheet), name, _markers(missing, default_missing))

    @classmethod
    def from_frame(
        cls,
        frame: object,
        source: str = "<frame>",
        *,
        missing: Iterable[str] = (),
        default_missing: bool = True,
    ) -> Readings:
        """Readings from a pandas or polars DataFrame or a pyarrow Table, long or wide form.

        The columns are those of a CSV file (:meth:`from_csv_text`), matched
        the same way; in wide form a column may also be named by a date or a
        pandas ``Timestamp`` (its month) or ``Period``. Periods in a period
        column may be text, ``datetime.date``, ``Timestamp`` or ``Period``
        (read by its first and last days, never its label). A pandas index
        with a name is read as a column, so a pivot (``measure`` as its index,
        a column per period) is wide form. ``None``, NaN,
        ``pd.NA`` and ``NaT`` are missing values. Row ``n`` of the table (from
        1) is the rows' ``line``. None of those libraries is imported unless
        given one of their tables.

        ```pycon
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"measure": ["A1", "B8"],
        ...                       "period": [pd.Period("2018Q4", "Q-MAR")] * 2,
        ...                       "value": [26.0, pd.NA]})
        >>> [(r.measure, r.period, r.value) for r in Readings.from_frame(frame)]
        [('A1', '2018-01 to 2018-03', 26.0), ('B8', '2018-01 to 2018-03', nan)]

        ```
        """
        return _read_frame(frame, source, _markers(missing, default_missing))

    def resolve(self, contract: Contract) -> ResolvedReadings:
        """Check every row against ``contract``; raise one ReadingsError listing every problem.

        Each period is read with the contract's year start. The problems, in
        the order of the rows, each naming the row's source, line, measure and
        period: the rows' own problems; an unknown measure id; a row for a
        ratio measure; a period that is not one, or that is wholly out of its
        measure's season; a value that does not fit its measure (a percentage
        outside 0–100, a negative or fractional count, a negative rate,
        duration or weight, a ``%`` or ``£`` on a measure in another unit, a
        word that is not yes or no, or not one of a grade's grades); a number
        with more digits than a float holds (see the module's description); a
        second value for the same authority, measure and period; a ratio
        measure whose numerator's and denominator's readings for a period make
        it a percentage above 100 or below 0, or a negative rate (at the
        numerator's reading). Missing values are not problems. Yes/no and
        grade words are read as their numbers.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> readings = Readings.from_mapping({"A1": "26%", "B8": 76}, "2017/18 Q4")
        >>> resolved = readings.resolve(contract)
        >>> resolved.contract_name, resolved.periods
        ('DCST service delivery contract', (Period('2017/18 Q4'),))
        >>> try:
        ...     Readings.from_mapping({"A1": 130, "E1": -3}, "2017/18 Q4").resolve(contract)
        ... except pc.ReadingsError as error:
        ...     print(error)
        <mapping>: error: measure A1, period 2017/18 Q4: `130` is more than 100, but A1 is a \
percentage
        <BLANKLINE>
        <mapping>: error: measure E1, period 2017/18 Q4: `-3` is negative, but E1 is a count

        ```
        """
        with paused():  # a record for every reading: see _collector
            measures = contract.measures
            problems: list[Diagnostic] = []
            not_due: list[Diagnostic] = []  # readings for periods their measures are not due in
            values: dict[_Key, float] = {}
            texts: dict[_Key, str] = {}
            first: dict[_Key, int] = {}
            # A wide row is many readings: say what is wrong with its measure, or that it
            # repeats an earlier row, once for the row rather than once for each period.
            once: set[tuple[object, ...]] = set()
            authorities: dict[str | None, None] = {}
            periods: set[Period] = set()
            suggest = Suggester(measures)
            grades = Grades()
            # How many problems the rows before each had, where ratios are checked (to put
            # a ratio's problem in the order of the rows).
            marks: list[int] = []
            track = _bounded_ratios(contract)
            for index, (row, where) in enumerate(zip(self._rows, self._places, strict=True)):
                if track:
                    marks.append(len(problems))
                # A row that is wrong as a whole (too few cells, say) has said enough about
                # the measure or period it left blank.
                said = where.problem_is_the_row and row.problem is not None
                measure = measures.get(row.measure)
                blank = said and not row.measure
                if measure is None and not blank and _first_time(once, row, "measure"):
                    problems.append(_unknown_measure(row, where, contract, suggest))
                if measure is not None and measure.is_ratio:
                    if _first_time(once, row, "ratio"):
                        problems.append(_ratio_row(row, where, measure))
                    continue
                period: Period | None = None
                try:
                    if where.period_given is not None:
                        period = Period.parse(where.period_given, contract.year_start)
                    else:
                        period = read_period(row.period, contract.year_start)
                except PeriodError as error:
                    if not (said and not row.period):
                        message, hint = error.first.message, error.first.hint
                        problems.append(_diagnostic(row, where, message, hint, where.period))
                value, problem = _value_of(row, where, measure, said, grades)
                if problem is not None:
                    problems.append(problem)
                authorities.setdefault(row.authority)
                if measure is None or period is None:
                    continue
                # An empty cell or a missing-value marker gives no figure: where none is
                # due, it is left out without a word (a wide file has a cell for every
                # period it has a column for).
                figure = problem is not None or not math.isnan(value)
                if measure.reporting is not None and period.span < measure.reporting.months:
                    if figure and _first_time(once, row, "reporting", period):
                        not_due.append(_too_short(row, where, measure, period))
                    continue
                if measure.season is not None and not measure.season.overlaps(period):
                    if figure and _first_time(once, row, "season", period):
                        not_due.append(_out_of_season(row, where, measure, period))
                    continue
                periods.add(period)
                key = (row.authority, measure.id, period)
                earlier = first.setdefault(key, index)
                if earlier != index:
                    repeated = self._rows[earlier]
                    if _first_time(once, row, repeated.source, repeated.line):
                        problems.append(_duplicate(row, where, repeated, self._places[earlier]))
                    continue
                values[key] = value
                texts[key] = row.text
            ratios = []
            if track and marks:
                ends = [*marks[1:], len(problems)]
                pairs = enumerate(zip(marks, ends, strict=True))
                flawed = {i for i, (mark, end) in pairs if end > mark}
                ratios = list(
                    _ratios_out_of_range(self._rows, self._places, first, values, contract, flawed)
                )
            if ratios:  # each after the problems of the rows up to its numerator's
                merged: list[Diagnostic] = []
                done = 0
                for lead, diagnostic in sorted(ratios, key=lambda pair: pair[0]):
                    upto = marks[lead + 1] if lead + 1 < len(marks) else len(problems)
                    merged += problems[done:upto]
                    merged.append(diagnostic)
                    done = max(done, upto)
                problems = merged + problems[done:]
            if problems:
                raise ReadingsError(problems) from None
            warnings = [
                *self._notes,
                *not_due,
                *_fractions(self._rows, self._places, first, values, contract),
                *_zero_denominators(self._rows, self._places, first, values, contract),
                *_disagreements(self._rows, self._places, first, values, contract),
                *_not_in_windows(self._rows, self._places, first, texts, contract),
            ]
            warnings.sort(key=lambda d: (d.source, d.line or 0, d.column or 0))
            return ResolvedReadings(
                contract.name,
                MappingProxyType(values),
                tuple(authorities),
                tuple(sorted(periods)),
                contract.year_start,
                MappingProxyType(texts),
                tuple(warnings),
                self._rows,
                self._places,
            )


@attrs.frozen(eq=False)
class ResolvedReadings:
    """Readings checked against a contract: value by (authority, measure id, Period).

    A missing value is NaN. ``authorities`` are in the order first seen
    (``None`` for readings without one); ``periods`` are sorted.
    ``year_start`` is the contract's, used to read periods given as text.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> resolved = Readings.from_csv_text('''authority,measure,period,value
    ... Doncaster,A1,2017/18 Q4,26%
    ... Barnsley,A1,2017/18 Q4,
    ... ''').resolve(contract)
    >>> resolved.authorities
    ('Doncaster', 'Barnsley')
    >>> q4 = pc.Period.parse("2017/18 Q4")
    >>> resolved.get("A1", q4, "Doncaster"), resolved.text("A1", q4, "Doncaster")
    (26.0, '26%')
    >>> resolved.get("A1", q4, "Barnsley"), resolved.get("A1", "2017/18 Q3", "Barnsley")
    (nan, None)

    ```
    """

    contract_name: str
    values: Mapping[_Key, float]
    authorities: tuple[str | None, ...]
    periods: tuple[Period, ...]
    year_start: int = 4
    _texts: Mapping[_Key, str] = attrs.field(factory=dict, repr=False)
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), repr=False)
    """What was said of the readings though nothing was refused (see :meth:`Readings.resolve`)."""
    # The rows resolved, and where they were: to name the readings behind a value refused
    # later (a ratio's roll-up), found only then.
    _rows: tuple[Reading, ...] = attrs.field(default=(), repr=False)
    _places: tuple[_Where, ...] = attrs.field(default=(), repr=False)

    # Pickles (to another process) and copies, its read-only views written as dicts.
    __getstate__ = _frozen.state
    __setstate__ = _frozen.restore

    def __repr__(self) -> str:
        name = shorten(one_line(self.contract_name), 60)
        return (
            f"<ResolvedReadings for {name!r}: {len(self.values)} values,"
            f" {len(self.periods)} periods>"
        )

    def _key(self, measure: str, period: PeriodLike, authority: str | None) -> _Key:
        return (authority, measure, Period.parse(period, self.year_start))

    def get(self, measure: str, period: PeriodLike, authority: str | None = None) -> float | None:
        """The value of ``measure`` for ``period``: NaN if a row said missing, None if no row.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> resolved = Readings.from_mapping({"A1": 26, "A2": ""}, "2017/18 Q4").resolve(contract)
        >>> resolved.get("A1", pc.Period.parse("2017/18 Q4")), resolved.get("A2", "2017/18 Q4")
        (26.0, nan)
        >>> print(resolved.get("A3", "2017/18 Q4"))
        None

        ```
        """
        return self.values.get(self._key(measure, period, authority))

    def text(self, measure: str, period: PeriodLike, authority: str | None = None) -> str | None:
        """The value cell as written, for reports; None if there was no row.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> resolved = Readings.from_mapping({"E1": " 1,789 "}, "2017/18 Q4").resolve(contract)
        >>> resolved.text("E1", "2017/18 Q4")
        '1,789'

        ```
        """
        return self._texts.get(self._key(measure, period, authority))

    def amount(
        self, measure: str, period: PeriodLike, authority: str | None = None
    ) -> Decimal | None:
        """A money reading exactly as written, in pounds: a Decimal, never a float.

        ``None`` when there is no row or the value is missing. Money readings
        are whole pennies (a sub-penny amount is refused when the readings are
        resolved), so this is the amount to compute money from; :meth:`get`
        gives the float the ratings use.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.loads('''contract "c" { group "g" { measure M1 "Spend" {
        ...     unit money  lower is better  target £4.2m } } }''')
        >>> readings = Readings.from_mapping({"M1": "£4,200,000.10"}, "2017/18 Q4")
        >>> resolved = readings.resolve(contract)
        >>> resolved.amount("M1", "2017/18 Q4"), resolved.get("M1", "2017/18 Q4")
        (Decimal('4200000.10'), 4200000.1)
        >>> Readings.from_mapping({"M1": "£262,500.005"}, "2017/18 Q4").resolve(contract)
        Traceback (most recent call last):
        ...
        perfcontract.errors.ReadingsError: <mapping>: error: measure M1, period 2017/18 Q4: \
`£262,500.005` is not a whole number of pence, but M1 is an amount of money
        help: money is read as written, never rounded for you: round it to the penny

        ```
        """
        key = self._key(measure, period, authority)
        value = self.values.get(key)
        if value is None or not math.isfinite(value):
            return None
        exact = _as_read(self._texts.get(key, ""), value)
        return exact if exact is not None else Decimal(repr(value))

    def entries(self) -> Iterator[tuple[_Key, float, str | None]]:
        """Every reading as ((authority, measure id, Period), value, value as written).

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> resolved = Readings.from_mapping({"A1": "26%"}, "2017/18 Q4").resolve(contract)
        >>> list(resolved.entries())
        [((None, 'A1', Period('2017/18 Q4')), 26.0, '26%')]

        ```
        """
        values, texts = self.values, self._texts
        if len(texts) == len(values):  # made side by side: no key looked up again
            pairs = zip(values.items(), texts.items(), strict=True)
            joined = [(key, value, text) for (key, value), (same, text) in pairs if key is same]
            if len(joined) == len(values):
                return iter(joined)
        return ((key, value, texts.get(key)) for key, value in values.items())


# ---------------------------------------------------------------------------
# Values


def _markers(missing: Iterable[str], default_missing: bool = True) -> frozenset[str]:
    """The markers in use: ``missing`` added to :data:`DEFAULT_MISSING`, or alone."""
    if isinstance(missing, str):
        raise TypeError("missing is a collection of markers, such as {'n/a', '#N/A'}, not a string")
    given = frozenset(marker.strip().lower() for marker in missing)
    return DEFAULT_MISSING | given if default_missing else given


@functools.lru_cache(maxsize=8)
def _number_hint(missing: frozenset[str], decimal_comma: bool = False) -> str:
    hint = f"write a number such as 26, {'89,5' if decimal_comma else '1,789'} or 26%"
    markers = sorted(marker for marker in missing if marker)
    ways = (["leave the cell empty"] if "" in missing else []) + (
        [f"write {either(markers)}"] if markers else []
    )
    return f"{hint}; for a missing value, {' or '.join(ways)}" if ways else hint


def _number(text: str, decimal_comma: bool = False) -> float | None:
    """The number a cell says, or None if it says none (see the module's description).

    With ``decimal_comma`` (a semicolon or tab file), a comma is the decimal
    point, and a point or a space between groups of three digits groups
    thousands when the cell also has a comma.
    """
    text = text.replace("\u2212", "-")
    if decimal_comma:
        text = _unspaced(text)
    if text.startswith("(") and text.endswith(")"):  # an accounting negative: (£12,500)
        inner = text[1:-1].strip()
        if not inner or inner[0] in "+-(" or inner[:2] in ("£+", "£-"):  # one pair of brackets
            return None
        value = _number(inner, decimal_comma)
        return None if value is None else -value
    if decimal_comma:
        if "," in text:
            return _from_grouped(text)
        value = _plain_or_money(text)  # a point with no comma is a decimal point: 26.5
        return value if value is not None else _from_grouped(text)  # 1.234.567, 1 234
    return _plain_or_money(text)


# A space before a number's `%`, as the locales that write decimal commas write it (`26,5 %`,
# with a no-break space in French).
_SPACED_PERCENT = re.compile(r"(?<=[0-9])[ \u00a0\u202f]%(?=\)?$)")


def _unspaced(text: str) -> str:
    """``26,5 %`` as ``26,5%``: a space before a ``%`` left out, as in a decimal-comma file."""
    return _SPACED_PERCENT.sub("%", text) if "%" in text else text


# A number written with a decimal comma: thousands grouped by points or spaces (one kind).
_GROUPED = re.compile(
    r"(?P<head>[+-]?£?[+-]?)"
    r"(?P<digits>[1-9][0-9]{0,2}(?:(?P<group>[. \u00a0\u202f])[0-9]{3})(?:(?P=group)[0-9]{3})*"
    r"|[0-9]*)"
    r"(?P<fraction>,[0-9]*)?(?P<tail>(?:[eE][+-]?[0-9]+)?%?|(?:[kKmM]|[bB][nN]))"
)


def _from_grouped(text: str) -> float | None:
    """A number with a decimal comma (``89,5``, ``1.234,5``, ``£1 234,50``), or None."""
    pointed = _with_a_point(text)
    return None if pointed is None else _plain_or_money(pointed)


def _with_a_point(text: str) -> str | None:
    """A cell with a decimal comma written with a decimal point and no thousands marks
    (``£1 234,50`` as ``£1234.50``), or None if it is not one."""
    match = _GROUPED.fullmatch(text)
    if match is None or not (match["digits"] or (match["fraction"] or ",")[1:]):
        return None
    digits = re.sub(r"[. \u00a0\u202f]", "", match["digits"])
    fraction = (match["fraction"] or "").replace(",", ".")
    return match["head"] + digits + fraction + match["tail"]


def _plain_or_money(text: str) -> float | None:
    """The number of a cell with a decimal point and thousands commas, or None."""
    match = _PLAIN.fullmatch(text)
    if match is not None:
        return float(match["sign"] + match["mantissa"].replace(",", "") + (match["exponent"] or ""))
    match = _MONEY.fullmatch(text)
    if match is None or (match["before"] and match["after"]):
        return None
    amount = Decimal(match["before"] + match["after"] + match["mantissa"].replace(",", ""))
    if match["scale"]:
        amount = amount.scaleb(_SCALES[match["scale"].lower()])
    return float(amount)


_PENNY = Decimal("0.01")
# A heading that names the measures' column in other words (`Measure ID`, `Indicator`).
_LIKE_MEASURE = re.compile(r"\bmeasure|\bindicator|\bkpi\b|\bpi\b|\bmetric")
_MOST_MONEY = Decimal(10) ** 15  # £1,000,000bn, the most money perfcontract takes anywhere
_MOST_VALUE = 1e15  # and the most of anything else, as in a contract


def _as_read(text: str, value: float) -> Decimal | None:
    """The number a cell says, exactly as it was read into ``value``: with a decimal point,
    or a decimal comma (``12,5`` in a semicolon or tab file is 12.5, not 125); None if
    it says none."""
    text = _unspaced(text)  # a cell read with a value is `26,5 %` only in a decimal-comma file
    exact = _exact(text)
    if exact is not None and float(exact) == value:
        return exact
    pointed = _with_a_point(text.replace("\u2212", "-"))
    grouped = None if pointed is None else _exact(pointed)
    return grouped if grouped is not None and float(grouped) == value else exact


def _exact(text: str) -> Decimal | None:
    """The number a cell says, exactly as written (a Decimal), or None if it says none."""
    text = text.replace("\u2212", "-")
    match = _PLAIN.fullmatch(text)
    if match is not None:
        exponent = match["exponent"] or ""
        if len(exponent) > 8:  # beyond any amount: no need to spell it out
            return Decimal(f"{match['sign']}1e{'-' if '-' in exponent else ''}99999")
        return Decimal(match["sign"] + match["mantissa"].replace(",", "") + exponent)
    match = _MONEY.fullmatch(text)
    if match is None or (match["before"] and match["after"]):
        return None
    amount = Decimal(match["before"] + match["after"] + match["mantissa"].replace(",", ""))
    return amount.scaleb(_SCALES[match["scale"].lower()]) if match["scale"] else amount


_LEADING_ZEROS = re.compile(r"(?<![0-9.])0+(?=[0-9])")


def _comma_hint(text: str) -> str | None:
    """What to write instead of a number whose commas do not group thousands; None if not one.

    A comma may be a decimal point written the continental way (``26,5``),
    or a thousands comma in the wrong place (``0,500``, ``1,23``): which one
    only the writer knows, so the hint gives both readings.
    """
    if "," not in text or _number(text.replace(",", "")) is None:
        return None
    whole = _LEADING_ZEROS.sub("", text.replace(",", ""))
    rule = "a thousands comma comes before each group of three digits (1,789)"
    decimal = _LEADING_ZEROS.sub("", text.replace(",", "."))
    if text.count(",") == 1 and "." not in text and _number(decimal) is not None:
        return f"write {decimal} for a decimal, or {whole} for a whole number: {rule}"
    return f"write {whole}, without commas: {rule}"


_EXCEL_ERRORS = {
    "#N/A": "a value not available (a lookup that found nothing)",
    "#DIV/0!": "a division by zero",
    "#VALUE!": "a value of the wrong type",
    "#REF!": "a reference to a cell that is no longer there",
    "#NAME?": "a name it does not know",
    "#NUM!": "a number it cannot work out",
    "#NULL!": "ranges that do not meet",
    "#SPILL!": "a result with no room to spill into",
    "#CALC!": "a calculation it cannot do",
    "#GETTING_DATA": "data still being fetched",
}


def _excel_error(text: str, missing: frozenset[str]) -> tuple[str, str] | None:
    """The problem and hint for one of Excel's error values, or None if ``text`` is not one."""
    what = _EXCEL_ERRORS.get(text.upper())
    if what is None:
        return None
    upper = text.upper()
    shown = _show(upper)
    marker = option(f"missing={{'{upper}'}}", f"--missing '{upper}'")
    hint = (
        "correct the formula in the spreadsheet, or leave the cell empty for a missing value;"
        f" to read {shown} as missing, add it to the missing markers ({marker})"
    )
    return f"{shown} is Excel's error for {what}: the spreadsheet's formula failed", hint


def _parse_cell(
    text: str, missing: frozenset[str], decimal_comma: bool = False
) -> tuple[float, str | None, str | None]:
    """A stripped cell's value, problem and hint."""
    if text.lower() in missing:
        return math.nan, None, None
    if not text:
        return (
            math.nan,
            "the value is empty",
            "write a number: an empty cell is not taken as a missing value here",
        )
    value = _number(text, decimal_comma)
    if value is None:
        failed = _excel_error(text, missing) if text.startswith("#") else None
        if failed is not None:
            return math.nan, *failed
        return (
            math.nan,
            f"{_show(text)} is not a number",
            (None if decimal_comma else _comma_hint(text)) or _number_hint(missing, decimal_comma),
        )
    if not math.isfinite(value):
        return math.nan, f"{_show(text)} is too large a number", None
    return value, None, None


def _convert(value: object, missing: frozenset[str]) -> tuple[str, float, str | None, str | None]:
    """A value from Python: its text, number, problem and hint."""
    if value is None:
        return "", math.nan, None, None
    if isinstance(value, str):
        text = value.strip()
        return (text, *_parse_cell(text, missing))
    # A huge whole number is shown short: str() of one with thousands of digits is refused.
    text = str(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    try:
        if isinstance(value, Decimal):
            if value.is_nan():
                return "", math.nan, None, None
            number = float(value)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            # A float32 (or float16) reads as the decimal it prints as, as a float64 does:
            # np.float32(0.1) is 0.1, not the 0.10000000149011612 it holds.
            number = float(text) if _narrow_float(value) else float(value)
            if math.isnan(number):
                return "", math.nan, None, None
        else:
            return (
                text,
                math.nan,
                f"{_show(text)} is not a number",
                _ONE_VALUE,
            )
    except OverflowError:
        return text, math.nan, f"{_show(text)} is too large to be a reading", None
    if not math.isfinite(number):
        return text, math.nan, f"{_show(text)} is not a number", None
    return text, number, None, None


# What a value of a mapping of readings can be, as a hint says for one that is not.
_ONE_VALUE = "give a number, a string or None"


def _narrow_float(value: object) -> bool:
    """Whether ``value`` is a numpy float narrower than a float64 (a float32, a float16),
    found without importing numpy."""
    dtype = getattr(value, "dtype", None)
    return getattr(dtype, "kind", None) == "f" and getattr(dtype, "itemsize", 8) < 8


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _show(text: str) -> str:
    """Text for a message, in backticks: its first line, cut short if long."""
    return f"`{_brief(text)}`"


def _brief(text: str) -> str:
    # The line breaks a CSV file has; a cell's U+2028 or form feed is shown, as <U+2028>.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0]
    if len(first) > 40:
        return first[:40] + "…"
    return first + "…" if len(lines) > 1 else first


# ---------------------------------------------------------------------------
# Warnings: readings taken as written, but probably not as meant


def _warning(row: Reading, where: _Where, message: str, hint: str, cell: int | None) -> Diagnostic:
    return attrs.evolve(_diagnostic(row, where, message, hint, cell), severity="warning")


def _unnamed_authorities(readings: Readings, column: int | None) -> Readings:
    """``readings``, with a warning at the first row that leaves its ``authority`` cell empty
    when others name one: it is read as no authority's, which evaluating one authority leaves
    out (a spreadsheet's merged cell leaves all but its first row empty)."""
    rows = readings.rows
    if column is None or all(row.authority is None for row in rows):
        return readings
    places = readings._places
    blank = [  # a row wrong as a whole (too few cells, say) says so already
        index
        for index, row in enumerate(rows)
        if row.authority is None and not (places[index].problem_is_the_row and row.problem)
    ]
    if not blank:
        return readings
    first, named = rows[blank[0]], next(row for row in rows if row.authority is not None)
    lines = {rows[index].line for index in blank}
    others = f" ({len(lines) - 1:,} more below)" if len(lines) > 1 else ""
    on = "on line" if places[blank[0]].sheet is None else "in row"
    where = "" if named.line is None else f", {on} {named.line}"
    message = (
        f"this row has no authority{others}, though others name one"
        f" ({_brief(named.authority or '')}{where}): it is read as no authority's, and left"
        " out when one authority is evaluated"
    )
    hint = (
        "give every row its authority (a merged cell in a spreadsheet leaves all but its"
        " first row empty)"
    )
    note = _warning(first, places[blank[0]], message, hint, column)
    readings._notes = (*readings._notes, note)
    return readings


def _fractions(
    rows: tuple[Reading, ...],
    places: tuple[_Where, ...],
    first: Mapping[_Key, int],
    values: Mapping[_Key, float],
    contract: Contract,
) -> Iterator[Diagnostic]:
    """A percent measure whose readings all lie between 0 and 1 while its target is above 1."""
    # Per percent measure: its readings' keys while all lie in [0, 1]; None once one does not.
    found: dict[str, list[_Key] | None] = {}
    percent = {m.id for m in contract.measures.values() if m.unit.kind is UnitKind.PERCENT}
    for key, value in values.items():
        measure_id = key[1]
        if measure_id not in percent or value != value:  # not a percentage, or missing
            continue
        keys = found.setdefault(measure_id, [])
        if keys is None:
            continue
        if 0 <= value <= 1:
            keys.append(key)
        else:
            found[measure_id] = None
    for measure_id, keys in found.items():
        measure = contract.measures[measure_id]
        if not keys or not any(values[k] for k in keys):
            continue
        key = min(keys, key=lambda k: first[k])
        target = measure.target_at(key[2])
        high = target.high if isinstance(target, Band) else target
        if high is None or high <= 1:
            continue
        row = rows[first[key]]
        try:
            shown = f"{(Decimal(row.text.rstrip('%')) * 100).normalize():f}"
        except ArithmeticError:
            shown = f"{row.value * 100:g}"
        count = len(keys)
        every = "its only reading lies" if count == 1 else f"all {count} of its readings lie"
        yield _warning(
            row,
            places[first[key]],
            f"{_show(row.text)} looks like a fraction: {shown}%? {measure.id} is a percentage,"
            f" {every} between 0 and 1, and its target is {high}%",
            f"write the percentage, {shown} (or {shown}%), if that is what it is",
            places[first[key]].value,
        )


def _zero_denominators(
    rows: tuple[Reading, ...],
    places: tuple[_Where, ...],
    first: Mapping[_Key, int],
    values: Mapping[_Key, float],
    contract: Contract,
) -> Iterator[Diagnostic]:
    """A reading of 0 for a ratio's denominator: the ratio has no value in that period (No
    data, as a ratio over nothing is), which the table alone would not say why."""
    over: dict[str, list[str]] = {}  # denominator: the ratios over it
    for measure in contract.measures.values():
        if measure.is_ratio and isinstance(measure.denominator, str):
            over.setdefault(measure.denominator, []).append(measure.id)
    if not over:
        return
    for key, value in values.items():
        ratios = over.get(key[1])
        if ratios is None or value != 0:
            continue
        index = first[key]
        if len(ratios) == 1:
            named, what = ratios[0], "a ratio over it, has no value"
        else:
            named = ", ".join(ratios[:-1]) + " and " + ratios[-1]
            what = "ratios over it, have no value"
        rightly = "is" if len(ratios) == 1 else "are"
        yield _warning(
            rows[index],
            places[index],
            f"{key[1]} is 0, so {named}, {what} in this period (No data)",
            f"if there were none, {named} {rightly} rightly No data; if not, give {key[1]}'s"
            " figure",
            places[index].value,
        )


def _disagreements(
    rows: tuple[Reading, ...],
    places: tuple[_Where, ...],
    first: Mapping[_Key, int],
    values: Mapping[_Key, float],
    contract: Contract,
) -> Iterator[Diagnostic]:
    """A reading for a quarter (a half, a year) that disagrees with the roll-up of its months.

    Summed, least, greatest and last values must agree exactly; a mean is
    usually worked out from the underlying cases, not from the months'
    figures, so a mean disagrees only if it lies outside its months' range.
    A measure with a window never uses the quarter's reading (its own warning
    says so), so it is not compared.
    """
    spans = {key[2].span for key in values}
    if 1 not in spans or spans == {1}:  # no months, or nothing but months: nothing to compare
        return
    for key, value in values.items():
        authority, measure_id, period = key
        if period.span == 1 or not math.isfinite(value):
            continue
        measure = contract.measures[measure_id]
        if measure.window is not None:  # not used at all: see _not_in_windows
            continue
        season = measure.season
        in_season = [m for m in period.months() if season is None or season.overlaps(m)]
        months = [values.get((authority, measure_id, month)) for month in in_season]
        parts = [m for m in months if m is not None and math.isfinite(m)]
        if not months or len(parts) != len(months):
            continue
        aggregate = measure.aggregate
        low, high = min(parts), max(parts)
        rolled = {
            Aggregate.SUM: math.fsum(parts),
            Aggregate.MIN: low,
            Aggregate.MAX: high,
            Aggregate.LAST: parts[-1],
            Aggregate.MEAN: math.fsum(parts) / len(parts),
        }[aggregate]
        if aggregate is Aggregate.MEAN:
            agrees = low - 1e-9 <= value <= high + 1e-9
            said = (
                f"its month's figure is {low:g}"
                if len(parts) == 1
                else f"its months' figures are all {low:g}"
                if low == high
                else f"its months' figures run from {low:g} to {high:g}"
            )
        else:
            agrees = math.isclose(value, rolled, rel_tol=1e-9, abs_tol=1e-9)
            said = f"its months' {_ROLLED[aggregate]} is {rolled:g}"
        if agrees:
            continue
        row, where = rows[first[key]], places[first[key]]
        yield _warning(
            row,
            where,
            f"the {period.kind.value}'s reading, {value:g}, disagrees with its months"
            f" ({_months_said(in_season, season is not None)}): {said}; the"
            f" {period.kind.value}'s is used",
            f"correct the {period.kind.value}'s row or its months' rows, or delete the"
            f" {period.kind.value}'s row to rate its months' {_ROLLED[aggregate]}",
            where.value,
        )


def _ratio_checked(measure: Measure) -> bool:
    """Whether a ratio measure's value has bounds to check: a percentage, or a unit that is
    never negative (a rate)."""
    kind = measure.unit.kind
    return measure.is_ratio and (kind is UnitKind.PERCENT or kind in NEVER_NEGATIVE)


def part_of_whole(measure: Measure, measures: Mapping[str, Measure]) -> bool:
    """Whether a ratio measure is a part of a whole, whose value a reading could not be above
    100%: a percentage of two measures of one unit that is never negative (tonnes recycled
    over tonnes collected). A percentage over a number, or of unlike units (a money variance
    over a budget, which may be negative), is the contract's arithmetic, not checked."""
    if not measure.is_ratio or measure.unit.kind is not UnitKind.PERCENT:
        return False
    top, bottom = (
        measures.get(part) if isinstance(part, str) else None
        for part in (measure.numerator, measure.denominator)
    )
    return (
        top is not None
        and bottom is not None
        and top.unit == bottom.unit
        and top.unit.kind in NEVER_NEGATIVE
    )


def ratio_misfit(
    measure: Measure, top: str, bottom: str, value: Fraction | float, over: str = ""
) -> tuple[str, str] | None:
    """What is wrong with a ratio measure's value worked out from its components' values
    ``top`` and ``bottom`` (as written), and a hint; None if nothing.

    A percentage is 0 to 100, and a rate is never negative: a part more than its whole
    (tonnes recycled above tonnes collected) is a mistake in the readings, as a reading
    of 130% is. ``over`` says over which reporting periods the value was worked out.

    ```pycon
    >>> import perfcontract as pc
    >>> w2 = pc.load("examples/waste-2024-25.contract")["W2"]
    >>> message, hint = ratio_misfit(w2, "120", "100", 120.0)
    >>> print(message)
    W2 is W2N over W2D as a percentage: 120 over 100 is 120%, more than 100, but W2 is a percentage
    >>> print(ratio_misfit(w2, "100", "100", 100.0))
    None

    ```
    """
    if not _ratio_checked(measure):
        return None
    kind = measure.unit.kind
    if value < 0:
        what = "negative"
    elif kind is UnitKind.PERCENT and value > 100:
        what = "more than 100"
    else:
        return None
    shown = _plainly(float(value))
    parts = " over ".join(
        str(part) if isinstance(part, str) else f"{part:,}"
        for part in (measure.numerator, measure.denominator)
    )
    scaled = " as a percentage" if kind is UnitKind.PERCENT else f" per {measure.unit.per}"
    sign = "%" if kind is UnitKind.PERCENT else ""
    message = (
        f"{measure.id} is {parts}{scaled}{over}: {top} over {bottom} is {shown}{sign},"
        f" {what}, {_but(measure)}"
    )
    components = " and ".join(measure.components)
    hint = f"check the readings of {components}" + (
        ": a part cannot be more than its whole" if what != "negative" else ""
    )
    return message, hint


def _bounded_ratios(contract: Contract) -> list[Measure]:
    """The contract's ratio measures whose values have bounds to check, with a component
    that is a measure."""
    measures = contract.measures
    return [m for m in measures.values() if part_of_whole(m, measures)]


def _ratios_out_of_range(
    rows: tuple[Reading, ...],
    places: tuple[_Where, ...],
    first: Mapping[_Key, int],
    values: Mapping[_Key, float],
    contract: Contract,
    flawed: Collection[int] = (),
) -> Iterator[tuple[int, Diagnostic]]:
    """A ratio measure whose components' readings for one period make it a percentage above
    100 or below 0, or a negative rate: at the numerator's reading (see :func:`ratio_misfit`).

    A value rolled up over several periods (a quarter of months, a window) is checked when
    it is evaluated (see :mod:`perfcontract.evaluation`). A component whose row has a
    problem already (``flawed``: the rows' indexes) has said enough.
    """
    by_part: dict[str, list[Measure]] = {}
    for measure in _bounded_ratios(contract):
        by_part.setdefault(measure.components[0], []).append(measure)
    if not by_part:
        return
    for key, value in values.items():
        ratios = by_part.get(key[1])
        if ratios is None or not math.isfinite(value):
            continue
        authority, _, period = key
        for measure in ratios:
            if not measure.due_in(period):
                continue
            found: list[tuple[Fraction, str, int | None]] = []
            for part in (measure.numerator, measure.denominator):
                if not isinstance(part, str):
                    found.append((Fraction(str(part)), f"{part:,}", None))
                    continue
                at = first.get((authority, part, period))
                number = values.get((authority, part, period))
                if at is None or at in flawed or number is None or not math.isfinite(number):
                    break
                found.append((Fraction(repr(number)), rows[at].text, at))
            else:
                (top, top_text, top_at), (bottom, bottom_text, bottom_at) = found
                if bottom == 0:
                    continue
                misfit = ratio_misfit(
                    measure, top_text, bottom_text, top * Fraction(str(measure.scale)) / bottom
                )
                if misfit is None:
                    continue
                lead = top_at if top_at is not None else bottom_at
                assert lead is not None
                other = bottom_at if lead == top_at else None
                message, hint = misfit
                if other is not None:
                    said = _place(rows[other], places[other], rows[lead].source)
                    if said:
                        hint += f" (the reading of {measure.denominator} is {said})"
                row = attrs.evolve(rows[lead], measure=measure.id)
                yield lead, _diagnostic(row, places[lead], message, hint, places[lead].value)


def rolled_ratio_problem(
    resolved: ResolvedReadings,
    measure: Measure,
    period: Period,
    span: Sequence[Period],
    authority: str | None,
    problem: tuple[str, str],
) -> Diagnostic:
    """A ratio measure's value out of range over ``span`` (see :func:`ratio_misfit`), as a
    problem of the readings of its components in those periods: their file, and their lines.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/waste-2024-25.contract")
    >>> resolved = Readings.from_csv_text('''measure,period,value
    ... W2N,2024-04,40
    ... W2D,2024-04,50
    ... ''', source="w.csv").resolve(contract)
    >>> w2, april = contract["W2"], pc.Period.parse("2024-04")
    >>> problem = ratio_misfit(w2, "70", "50", 140)
    >>> print(rolled_ratio_problem(resolved, w2, april, (april,), None, problem).format())
    w.csv: error: measure W2, period 2024-04: W2 is W2N over W2D as a percentage: 70 over 50 \
is 140%, more than 100, but W2 is a percentage
    help: check the readings of W2N and W2D: a part cannot be more than its whole \
(W2N on line 2; W2D on line 3)

    ```
    """
    months = {month for part in span for month in part.months()}
    lines: dict[str, list[str]] = {part: [] for part in measure.components}
    sources: dict[str, None] = {}
    for row, where in zip(resolved._rows, resolved._places, strict=False):
        if row.measure not in lines or row.authority != authority or row.line is None:
            continue
        try:
            given = where.period_given
            at = (
                Period.parse(given, resolved.year_start)
                if given is not None
                else read_period(row.period, resolved.year_start)
            )
        except PeriodError:
            continue
        if not set(at.months()) <= months:
            continue
        sources.setdefault(row.source)
        lines[row.measure].append(_place(row, where, row.source).removeprefix("on "))
    message, hint = problem
    said = [f"{part} {_listed(found)}" for part, found in lines.items() if found]
    if said:
        hint += f" ({'; '.join(said)})"
    source = next(iter(sources)) if len(sources) == 1 else "<readings>"
    named = "" if authority is None else f"authority {_brief(authority)}, "
    return Diagnostic(f"{named}measure {measure.id}, period {period}: {message}", source, hint=hint)


def dated_months(resolved: ResolvedReadings, authority: str | None) -> dict[str, set[Period]]:
    """For each measure, the months that hold a reading of it (for ``authority``) given as a
    date (a ``datetime``, a pandas ``Timestamp``, a date cell or ``2018-01-01``), which is
    read as the month it falls in: one pass over the rows.

    ```pycon
    >>> import datetime
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> resolved = Readings.from_records([
    ...     {"measure": "A1", "period": datetime.date(2018, 1, 1), "value": 26},
    ...     {"measure": "A1", "period": "2018-02", "value": 27},
    ... ]).resolve(contract)
    >>> dated_months(resolved, None)
    {'A1': {Period('2018-01')}}

    ```
    """
    found: dict[str, set[Period]] = {}
    for row, where in zip(resolved._rows, resolved._places, strict=False):
        if row.authority != authority or not _dated(row, where):
            continue
        written = date_month(row.period)
        try:
            at = read_period(written or row.period, resolved.year_start)
        except PeriodError:
            continue
        found.setdefault(row.measure, set()).add(at)
    return found


def _dated(row: Reading, where: _Where) -> bool:
    """Whether the row's period was given as a date, read as the month it falls in."""
    return where.dated or date_month(row.period) is not None


def as_a_period(measure: Measure, month: Period) -> str:
    """How to give the reading of a measure reported quarterly or annually, for the quarter
    (or year) holding ``month``, where a date was given and read as that month.

    ```pycon
    >>> import perfcontract as pc
    >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]
    >>> as_a_period(a1, pc.Period.parse("2018-01"))
    "give the quarter as a period instead, as text (2017/18 Q4) or as a pandas Period with a \
quarterly frequency (pd.Period('2018Q4', freq='Q-MAR'))"

    ```
    """
    kind = measure.frequency.period_kind
    own = month.within(kind)
    assert own is not None  # a month is within its quarter and its year
    how = f"as text ({own.label})"
    if kind is PeriodKind.QUARTER:  # pandas' quarters are named by the year they end in
        year_end = own.financial_year().ends_on.year
        ends = MONTH_NAMES[own.year_start - 2][:3].upper()  # the month before the year starts
        how += (
            " or as a pandas Period with a quarterly frequency"
            f" (pd.Period('{year_end}Q{own.number}', freq='Q-{ends}'))"
        )
    return f"give the {kind.value} as a period instead, {how}"


def _listed(places: list[str], shown: int = 5) -> str:
    """``on line 2``, ``on lines 2, 4 and 6``, ``on lines 2, 4, 6, 8, 10 and 7 more``."""
    if all(place.startswith("line ") for place in places):
        numbers = [place.removeprefix("line ") for place in places]
        if len(numbers) == 1:
            return f"on line {numbers[0]}"
        head = numbers[:shown]
        extra = len(numbers) - len(head)
        last = f"{extra:,} more" if extra else head.pop()
        return f"on lines {', '.join(head)} and {last}"
    head = places[:shown]
    more = f" and {len(places) - shown:,} more" if len(places) > shown else ""
    return "in " + ", ".join(place.removeprefix("in ") for place in head) + more


def _place(row: Reading, where: _Where, source: str) -> str:
    """Where a row is, for a message about another row's: ``on line 6``, ``in Sheet1!C7``,
    ``in row 6``, with its source if not ``source``; empty if it has no line."""
    if row.line is None:
        return ""
    if where.sheet == "":
        place = f"row {row.line}"
    elif where.sheet is not None:
        place = _cell_name(where.sheet, where.value, row.line)
    else:
        place = f"line {row.line}"
    if row.source != source:
        return f"in {row.source}, {place}" if where.sheet is None else f"in {row.source}:{place}"
    return f"on {place}" if where.sheet is None else f"in {place}"


def _not_in_windows(
    rows: tuple[Reading, ...],
    places: tuple[_Where, ...],
    first: Mapping[_Key, int],
    texts: Mapping[_Key, str],
    contract: Contract,
) -> Iterator[Diagnostic]:
    """A reading for a period longer than a reporting period (a quarter of a monthly
    measure) that a measure taking its value over its reporting periods leaves out: a
    measure with a window, and a ratio with a window or a season, whose components'
    readings are taken over its reporting periods. Their value for the quarter rolls up
    the months, so the quarter's own reading is never used by them (a ratio's component
    without a window of its own still uses it for its own value)."""
    takers = _window_takers(contract)
    if not takers:
        return
    for key, index in first.items():
        _, measure_id, period = key
        if period.span == 1 or not texts.get(key, "").strip() or measure_id not in takers:
            continue
        for taker in takers[measure_id]:
            if not taker.due_in(period):
                continue
            parts = taker.window_periods(period)
            if not parts or period in parts:
                continue
            row, where = rows[index], places[index]
            each = taker.frequency.period_kind.value
            said = _months_said(parts, taker.season is not None)
            how = f"window {taker.window}" if taker.window is not None else f"season {taker.season}"
            if taker.id == measure_id:
                message = (
                    f"{measure_id}'s value for {period} rolls up its {each}s ({how}):"
                    f" {said}; the reading for {period} itself is not used"
                )
                hint = f"give {measure_id}'s readings for {said} instead, or delete this row"
            else:
                message = (
                    f"{taker.id} ({how}) takes {measure_id} over its {each}s: {said}; the"
                    f" reading for {period} is not used for {taker.id}"
                    + (
                        f" ({measure_id}'s own value uses it)"
                        if contract.measures[measure_id].window is None
                        else ""
                    )
                )
                hint = f"give {measure_id}'s readings for {said} for {taker.id} to use"
            yield _warning(row, where, message, hint, where.period)


def _window_takers(contract: Contract) -> dict[str, list[Measure]]:
    """For each measure id, the measures that take its readings over their reporting periods
    only (see :func:`_not_in_windows`): itself, if it has a window; every ratio with a
    window or a season worked out from it, directly or through other ratios."""
    measures = contract.measures
    takers: dict[str, list[Measure]] = {}
    for measure in measures.values():
        if measure.window is None and not (measure.is_ratio and measure.season is not None):
            continue
        if not measure.is_ratio:
            takers.setdefault(measure.id, []).append(measure)
            continue
        seen: set[str] = {measure.id}
        stack = list(measure.components)
        while stack:
            component = stack.pop()
            if component in seen or component not in measures:
                continue
            seen.add(component)
            part = measures[component]
            if part.is_ratio:
                stack.extend(part.components)
            else:
                takers.setdefault(component, []).append(measure)
    return takers


def _months_said(months: Sequence[Period], seasonal: bool) -> str:
    """``2024-04 to 2024-06``, or ``2024-04 in season`` for a seasonal measure's."""
    shown = str(months[0]) if len(months) == 1 else f"{months[0]} to {months[-1]}"
    return f"{shown} in season" if seasonal else shown


_ROLLED = {
    Aggregate.SUM: "sum",
    Aggregate.MIN: "least",
    Aggregate.MAX: "greatest",
    Aggregate.LAST: "last",
    Aggregate.MEAN: "mean",
}


# ---------------------------------------------------------------------------
# Checks against the contract


def _unit_words(measure: Measure) -> str:
    if measure.unit.kind is UnitKind.RATE:
        return f"a rate per {measure.unit.per}"
    return _UNIT_WORDS[measure.unit.kind]


def _limits(measure: Measure) -> tuple[float, float, bool]:
    """The least and the most a reading of ``measure`` may be, as a number, and whether it
    must be a whole number: 0 for the units never negative, 100 for a percentage, whole
    numbers for a count (the range of any reading, ±:data:`_MOST_VALUE`, or money's
    :data:`_MOST_MONEY`, comes on top). A yes/no reading is 1 or 0 and a grade its place
    among the grades, the worst 1, as their words are read and as an array holds them.

    :func:`_misfit` checks a reading by these, and
    :func:`perfcontract._rated_values.check_values` an array of values.
    """
    unit = measure.unit
    if unit.kind is UnitKind.YES_NO:
        return 0.0, 1.0, True
    if unit.kind is UnitKind.GRADE:
        return 1.0, float(len(unit.labels)), True
    least = 0.0 if unit.kind in _NOT_NEGATIVE else -math.inf
    most = 100.0 if unit.kind is UnitKind.PERCENT else math.inf
    return least, most, unit.kind is UnitKind.COUNT


def _misfit(row: Reading, measure: Measure) -> tuple[str, str | None] | None:
    """What is wrong with a readable value for this measure, and a hint; None if nothing."""
    kind, value, text = measure.unit.kind, row.value, row.text
    if kind is UnitKind.MONEY:
        exact = _as_read(text, value)
        if exact is not None and abs(exact) > _MOST_MONEY:
            return f"{_show(text)} is more than any contract's money: at most £1,000,000bn", None
        if exact is not None and exact != exact.quantize(_PENNY, rounding=ROUND_DOWN):
            return (
                f"{_show(text)} is not a whole number of pence, {_but(measure)}",
                "money is read as written, never rounded for you: round it to the penny",
            )
        if exact is not None and Decimal(repr(value)).quantize(_PENNY, ROUND_HALF_UP) != exact:
            # Ratings and what a report shows read the value as a float, which holds
            # pennies exactly only up to about £70 trillion.
            return (
                f"{_show(text)} is too large to rate to the penny, {_but(measure)}",
                "an amount above about £70 trillion cannot be kept to the penny: check it",
            )
    elif abs(value) > _MOST_VALUE:  # a sum of such could pass every float, and rate as one
        return (
            f"{_show(text)} is out of range: readings, as a contract's values, run from"
            " -1,000,000,000,000,000 to 1,000,000,000,000,000",
            None,
        )
    if (
        (len(text) > _ALWAYS_EXACT or "e" in text or "E" in text)
        and text != repr(value)  # a float as Python and pandas write it
        and (inexact := _inexact(text, value)) is not None
    ):
        return inexact
    if text.endswith("%") and kind is not UnitKind.PERCENT:
        return f"{_show(text)} is a percentage, {_but(measure)}", "write the value without `%`"
    if "£" in text and kind is not UnitKind.MONEY:
        return (
            f"{_show(text)} is an amount of money, {_but(measure)}",
            "write the value without `£`",
        )
    least, most, whole = _limits(measure)
    if value < least:
        return f"{_show(text)} is negative, {_but(measure)}", None
    if value > most:
        return f"{_show(text)} is more than {most:g}, {_but(measure)}", None
    if whole and not value.is_integer():
        return (
            f"{_show(text)} is not a whole number, {_but(measure)}",
            "a count is a whole number; for an average, give the measure `unit number`",
        )
    return None


# A number of at most 15 digits with no exponent reads back from its float as written: only a
# longer text, or one with an exponent, can say a number the float does not hold.
_ALWAYS_EXACT = 15
_TINY = 1e-300  # below this the floats keep fewer digits: a value is "too small", not long


def _inexact(text: str, value: float) -> tuple[str, str] | None:
    """The problem with a reading whose float is not the number written, and a hint; None
    if the float is that number: if the number is the shortest decimal that reads back as
    its float (``0.30000000000000004`` is; ``84.49999999999999999``, read as 84.5, is not).

    Each value is rated, rolled up and rounded as the decimal its float's shortest form
    writes (see :mod:`perfcontract._decimals`), so a value whose float writes another
    number would be rated as that other number: 84.49999999999999999, rounded to a whole
    number, is 84, but its float is 84.5, which rounds to 85.
    """
    exact = _written(text, value)
    if exact is None or Decimal(repr(value)) == exact:
        return None
    if abs(value) < _TINY:
        return (
            f"{_show(text)} is too close to 0 to be rated exactly: it would be rated as"
            f" {_plainly(value)}",
            "check the value; write it with fewer decimal places, or as 0",
        )
    rounded = _plainly(float(_to_15_digits(exact)))
    return (
        f"{_show(text)} has more digits than a reading can be rated exactly with:"
        f" it would be rated as {_plainly(value)}",
        f"round it to at most 15 significant digits ({rounded}), as a spreadsheet shows it",
    )


def _written(text: str, value: float) -> Decimal | None:
    """The number a cell says, exactly, read as ``value`` was: brackets (an accounting
    negative) included; None if it says none."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        inner = _as_read(text[1:-1].strip(), -value)
        return None if inner is None else -inner
    return _as_read(text, value)


def _plainly(value: float) -> str:
    """A float as its shortest decimal, without an exponent or a trailing ``.0``."""
    if value and abs(value) < 1e-6:
        return repr(value)
    return f"{Decimal(repr(value)).normalize():f}"


def _value_of(
    row: Reading,
    where: _Where,
    measure: Measure | None,
    said: bool = False,
    grades: Grades | None = None,
) -> tuple[float, Diagnostic | None]:
    """A row's value as its measure reads it, and what is wrong with it if anything: the
    row's own problem, a word that is not yes or no or not a grade, a number that does not
    fit the measure's unit (:func:`_misfit`). ``said``: the row is wrong as a whole and has
    said so, which is enough of its words. ``grades``: the check's reading of grade labels,
    shared by its rows. :meth:`Readings.resolve` checks every row with it, and
    :meth:`~perfcontract.model.Measure.rate` one reading."""
    if measure is not None and measure.unit.kind in WORDED and not said:
        value, problem = _word(row, measure, Grades() if grades is None else grades)
        if problem is not None:
            return value, _diagnostic(row, where, *problem, where.value)
        return value, None
    if row.problem is not None:
        cell = where.problem_cell if where.problem_is_the_row else where.value
        return row.value, _diagnostic(row, where, row.problem, where.hint, cell)
    if measure is not None and math.isfinite(row.value):
        misfit = _misfit(row, measure)
        if misfit is not None:
            return row.value, _diagnostic(row, where, *misfit, where.value)
    return row.value, None


def _but(measure: Measure) -> str:
    """The end of a message on a value that does not fit: ``but A1 is a percentage``."""
    return f"but {measure.id} is {_unit_words(measure)}"


def _word(
    row: Reading, measure: Measure, grades: Grades
) -> tuple[float, tuple[str, str | None] | None]:
    """A yes/no or grade reading's value from its word, and the problem if it is none.

    A missing value (an empty cell, a marker) stays missing. A yes/no reading
    may also be the number 0 or 1 (as Python's ``True`` and ``False`` are).
    """
    unit = measure.unit
    if row.problem is None and not math.isfinite(row.value):
        return math.nan, None  # missing: not a problem
    if unit.kind is UnitKind.GRADE:
        number = grades.number(unit.labels, row.text)
    else:
        number = unit.value_of(row.text)
    if number is not None:
        return float(number), None
    shown = _show(row.text)
    if unit.kind is UnitKind.YES_NO:
        if row.problem is None and row.value in (0.0, 1.0):
            return row.value, None
        return math.nan, (
            f"{shown} is not yes or no, but {measure.id} is a yes/no measure",
            "write yes or no (y or n, true or false, 1 or 0 also do); for a missing value,"
            " leave the cell empty",
        )
    close = grades.closest(unit.labels, row.text.strip())
    hint = (
        f"did you mean {close}?" if close is not None else grades.listing(unit.labels, _grades_are)
    )
    return math.nan, (f"{shown} is not one of the grades of {measure.id}", hint)


def _grades_are(labels: tuple[str, ...]) -> str:
    return "the grades are " + ", ".join(labels) + " (in any case)"


def _ratio_row(row: Reading, where: _Where, measure: Measure) -> Diagnostic:
    """A row for a ratio measure, which takes no readings of its own."""
    parts = " and ".join(
        f"{which} {part}"
        for which, part in (("numerator", measure.numerator), ("denominator", measure.denominator))
        if isinstance(part, str)
    )
    message = (
        f"{measure.id} is a ratio worked out from its {parts}, so it takes no readings of its own"
    )
    return _diagnostic(
        row,
        where,
        message,
        f"delete this row, and give the readings of its {parts} instead",
        where.measure,
    )


def _too_short(row: Reading, where: _Where, measure: Measure, period: Period) -> Diagnostic:
    """A warning: a reading for a period shorter than its measure's own reporting period,
    which is left out."""
    assert measure.reporting is not None
    each = measure.reporting.period_kind.value
    message = (
        f"{measure.id} is reported {measure.reporting.value}: a reading for {period} is not due,"
        " and is left out"
    )
    hint = f"give one reading a {each} for {measure.id}, for the whole {each}"
    if _dated(row, where):
        hint = (
            f"the period is a date, read as the month it falls in: {as_a_period(measure, period)}"
        )
    return attrs.evolve(
        _diagnostic(row, where, message, hint, _period_cell(where)), severity="warning"
    )


def _out_of_season(row: Reading, where: _Where, measure: Measure, period: Period) -> Diagnostic:
    """A warning: a reading for a period wholly outside its measure's season, left out."""
    message = (
        f"{measure.id} is out of season in {period} (its season is {measure.season}):"
        " the reading is left out"
    )
    hint = "delete this row, or check its period: a measure is not due out of season"
    return attrs.evolve(
        _diagnostic(row, where, message, hint, _period_cell(where)), severity="warning"
    )


def _period_cell(where: _Where) -> int | None:
    """The cell a problem with a reading's period is at: its period's cell, or in a wide
    row, whose periods head the columns, the reading's own cell."""
    return where.value if where.period is None else where.period


def _first_time(seen: set[tuple[object, ...]], row: Reading, *what: object) -> bool:
    """Whether this is the first time ``what`` is said of the row's line (always, with no line)."""
    if row.line is None:
        return True
    key = (row.source, row.line, *what)
    if key in seen:
        return False
    seen.add(key)
    return True


def _unknown_measure(
    row: Reading, where: _Where, contract: Contract, suggest: Suggester
) -> Diagnostic:
    ids = contract.measures
    if not row.measure:
        first = next(iter(ids), None)
        hint = f"write the id of a measure in the contract, such as {first}" if first else None
        return _diagnostic(row, where, "the measure id is empty", hint, where.measure)
    suggestion = suggest.ignoring_case(row.measure) or suggest(row.measure)
    if suggestion is not None:
        hint = f"did you mean {suggestion}?"
    elif contract.source.startswith("<"):
        hint = "use the id of a measure in the contract"
    else:
        hint = f"use the id of a measure in {contract.source}"
    message = f"the contract has no measure {_brief(row.measure)}"
    return _diagnostic(row, where, message, hint, where.measure)


def _cell_name(sheet: str, cell: int | None, line: int) -> str:
    """A cell as Excel names it, ``Sheet1!B7``, or its whole row, ``Sheet1!7:7``."""
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    if cell is None:
        return f"{quoted}!{line}:{line}"
    return f"{quoted}!{_excel.column_letter(cell)}{line}"


def _duplicate(
    row: Reading, where: _Where, earlier: Reading, before: _Where = _NOWHERE
) -> Diagnostic:
    if before.sheet is not None and earlier.line is not None:
        place = (
            f"row {earlier.line}"
            if before.sheet == ""
            else _cell_name(before.sheet, before.value, earlier.line)
        )
        named = place if earlier.source == row.source else f"{earlier.source}:{place}"
        message = f"a second value; the first is in {named}"
        hint = "keep one value for each measure and period: correct or delete one of the two"
        return _diagnostic(row, where, message, hint, where.value)
    if earlier.source == row.source and earlier.line is not None and earlier.line == row.line:
        message = "a second value on the same line"
    elif earlier.source == row.source and earlier.line is not None:
        message = f"a second value; the first is on line {earlier.line}"
    elif earlier.line is not None:
        message = f"a second value; the first is in {earlier.source} on line {earlier.line}"
    else:
        message = f"a second value; the first is in {earlier.source}"
    hint = "keep one value for each measure and period: correct or delete one of the two"
    return _diagnostic(row, where, message, hint, None)


def _prefix(row: Reading, where: _Where = _NOWHERE) -> str:
    """``measure A1, period 2024-04: ``, with the authority first if the row has one.

    A workbook's date cell is read as text such as ``2024-04-01``, which the
    sheet never shows: its period is named as it is read, the month (``2024-04``).
    """
    parts = [] if row.authority is None else [f"authority {_brief(row.authority)}"]
    parts.append(f"measure {_brief(row.measure) or '(blank)'}")
    period = row.period
    if where.sheet:
        period = date_month(period) or period
    parts.append(f"period {_brief(period) or '(blank)'}")
    return ", ".join(parts) + ": "


def _diagnostic(
    row: Reading,
    where: _Where,
    message: str,
    hint: str | None,
    cell: int | None,
) -> Diagnostic:
    """A problem with a row, pointing at one of its cells (the whole line if None)."""
    if row.line is None:
        return Diagnostic(_prefix(row) + message, source=row.source, hint=hint)
    if where.sheet == "":  # a row of a table
        return Diagnostic(f"row {row.line}: {_prefix(row)}{message}", source=row.source, hint=hint)
    if where.sheet is not None:
        place = _cell_name(where.sheet, cell, row.line)
        return Diagnostic(_prefix(row, where) + message, source=f"{row.source}:{place}", hint=hint)
    line = where.source_line
    if line is None and where.lines is not None:
        line = _chomp(where.lines[row.line - 1])
    column, length = 1, 1
    if line is not None:
        spans = _spans(line, where.separator) if cell is not None else []
        fits = where.cells in (_ONE_LINE, _FIRST_LINE, len(spans))
        if fits and cell is not None and cell < len(spans):
            column, length = caret(line, spans[cell])
        else:
            length = max(1, len(line.rstrip()))
    return Diagnostic(
        _prefix(row) + message,
        source=row.source,
        line=row.line,
        column=column,
        length=length,
        source_line=line,  # a long line is shown as an excerpt around the caret
        hint=hint,
    )


# ---------------------------------------------------------------------------
# CSV


class _Lines:
    """Feeds csv.reader physical lines, skipping blank and comment lines between records."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.next = 0
        self.at_start = True
        self.start = 0  # the line (1-based) the current record starts on
        self.last = 0  # the last line it has taken

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while self.next < len(self.lines):
            line = self.lines[self.next]
            self.next += 1
            if self.at_start:
                stripped = line.strip()
                if not stripped or stripped.startswith("#"):
                    continue
                self.at_start = False
                self.start = self.next
            self.last = self.next
            return line
        raise StopIteration


@functools.lru_cache(maxsize=8)
def _spans(line: str, separator: str = ",") -> list[tuple[int, int]]:
    """Where each cell of a line starts and ends, worked out once for all the line's problems.

    A wide row of thousands of bad cells has a problem at each: scanning the
    line for each one would take time in the square of its length.
    """
    return scan(line, separator)[0]


def _chomp(line: str) -> str:
    return line.rstrip("\r\n")


@attrs.frozen
class _Layout:
    """Which columns hold what, from the header."""

    width: int  # the header's cells, empty ones at its end left out
    line: int
    measure: int
    authority: int | None
    period: int | None  # long form
    value: int | None  # long form
    periods: tuple[tuple[int, str], ...]  # wide form: (column, period as written)
    # How many cells a row needs: up to the last column read (a note may be left out).
    needed: int = attrs.field(init=False)

    @needed.default
    def _needed(self) -> int:
        read = [self.measure, self.authority, self.period, self.value]
        return 1 + max([i for i in read if i is not None] + [i for i, _ in self.periods])


def _read_csv(
    text: str, source: str, missing: frozenset[str], separator: str | None = None
) -> Readings:
    text = text.removeprefix("\ufeff")
    sep = _dialect.separator(text) if separator is None else separator
    lines = io.StringIO(text, newline="").readlines()
    if lines and _dialect.excel_separator(text) is not None:
        lines[0] = "\n"  # Excel's `sep=;` line: read as a blank line, so lines keep their numbers
    # Python 3.10's csv module refuses a NUL: another character stands in for it.
    stand_in = nul_stand_in(text)
    feed = _Lines(lines if stand_in is None else [line.replace("\x00", stand_in) for line in lines])
    reader = csv.reader(feed, delimiter=sep)
    layout: _Layout | None = None
    headings: list[str] = []  # the header's cells, to name a column in a message
    rows: list[Reading] = []
    places: list[_Where] = []
    while True:
        feed.at_start = True
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if layout is None or not too_long(error):
                raise ReadingsError(
                    [_not_csv(error, source, feed.start, lines, headings, sep)]
                ) from None
            # The reader gives up the rest of the line and goes on from the next: the
            # record is a row with that problem, and reading goes on after its end.
            end = record_end(lines, feed.start - 1, feed.last - 1, sep)
            reading, where = _unread_row(layout, lines, feed.start, end, source, headings, sep)
            rows.append(reading)
            places.append(where)
            if end is None:
                break  # a quote open to the end of the file: the rest is that cell
            feed.next = end
            continue
        if stand_in is not None:
            cells = [cell.replace(stand_in, "\x00") for cell in cells]
        if not any(cell.strip() for cell in cells):
            continue
        first_line = _chomp(lines[feed.start - 1])
        if layout is None:
            spans = scan(first_line, sep)[0] if feed.start == feed.last else []
            headings = [cell.strip() for cell in cells]
            layout = _header(cells, feed.start, first_line, spans, source)
            if stand_in is None and layout.period is not None:
                try:
                    _read_lines(layout, lines, feed.last, source, missing, sep, rows, places)
                    break
                except _NotOneLineEachError:  # a record over several lines: line by line, below
                    del rows[:], places[:]
            continue
        unclosed = feed.last == len(lines) and scan("".join(lines[feed.start - 1 :]), sep)[1]
        for reading, where in _row(
            layout, cells, source, feed.start, feed.last, unclosed, first_line, missing, sep
        ):
            rows.append(reading)
            places.append(where)
    if layout is None:
        raise ReadingsError(
            [Diagnostic("there are no readings: the file has no header", source, hint=_EXPECTED)]
        )
    if sep != ",":
        _refuse_ambiguous_marks(rows, places)
    return _unnamed_authorities(Readings._build(rows, places), layout.authority)


class _NotOneLineEachError(Exception):
    """A record of the file spans several lines, or a cell is too long for csv: read slowly."""


_ONE_LINE = -2  # _Where.cells: the row is its line, whatever the number of its cells
# _Where.cells: the row goes on over several lines (a quoted line break); the cells that start
# on its first line are where that line's cells are.
_FIRST_LINE = -3


def _read_lines(
    layout: _Layout,
    lines: list[str],
    after: int,
    source: str,
    missing: frozenset[str],
    sep: str,
    rows: list[Reading],
    places: list[_Where],
) -> None:
    """The long-form rows after line ``after``, read as _row reads them, when each is one line.

    Most files have a record to a line: csv.reader then reads the lines left
    when blank and comment lines are taken out, at C speed, and a row with
    the cells the header asks for is read here without a _Where of its own.
    Any other row goes through _row. Raises _NotOneLineEachError if a record
    spans lines (a quoted line break), so that the caller reads line by line.
    """
    kept = [
        index
        for index in range(after, len(lines))
        if (stripped := lines[index].strip()) and not stripped.startswith("#")
    ]
    if kept and scan(lines[kept[-1]], sep)[1]:  # a quote left open on the last line
        raise _NotOneLineEachError
    reader = csv.reader([lines[index] for index in kept], delimiter=sep)
    decimal_comma = sep != ","
    measure, authority, period, value = (
        layout.measure,
        layout.authority,
        layout.period,
        layout.value,
    )
    assert period is not None
    assert value is not None
    width, needed = layout.width, layout.needed
    split = sep == "," and value + 1 < width  # a column after the value: 1,789 may split
    shared = _Where(None, _ONE_LINE, measure, period, value, separator=sep, lines=lines)
    seen: dict[str, tuple[float, str | None, str | None]] = {}
    count = 0
    try:
        for index, cells in zip(kept, reader, strict=True):
            count += 1
            if reader.line_num != count:
                raise _NotOneLineEachError
            n = len(cells)
            named = cells[measure].strip() if n > measure else ""
            if not named and not "".join(cells).strip():
                continue
            if (
                n < needed
                or (n > width and "".join(cells[width:]).strip())
                or (split and _split_thousands(cells, value))
            ):
                line = _chomp(lines[index])
                for reading, where in _row(
                    layout, cells, source, index + 1, index + 1, False, line, missing, sep
                ):
                    rows.append(reading)
                    places.append(
                        attrs.evolve(where, source_line=None, cells=_ONE_LINE, lines=lines)
                    )
                continue
            text = cells[value].strip()
            parsed = seen.get(text)
            if parsed is None:
                parsed = _parse_cell(text, missing, decimal_comma)
                if len(seen) < 100_000:
                    seen[text] = parsed
            number, problem, hint = parsed
            rows.append(
                Reading(
                    named,
                    cells[period].strip(),
                    text,
                    number,
                    (cells[authority].strip() or None) if authority is not None else None,
                    source,
                    index + 1,
                    problem,
                )
            )
            places.append(shared if hint is None else attrs.evolve(shared, hint=hint))
    except csv.Error:
        raise _NotOneLineEachError from None


def _read_bytes(data: bytes, source: str, sheet: str | None, missing: frozenset[str]) -> Readings:
    """Readings from a file's bytes: a workbook's sheet, or CSV in the encoding it was saved in.

    ``sheet`` names the sheet to read if the file is a workbook (None: the first visible
    worksheet).
    """
    if _dialect.is_workbook(data):
        return _read_sheet(_excel.sheet_rows(source, sheet, data), source, missing)
    decoded = _dialect.decode(data, source)
    with paused():  # a record for every reading: see _collector
        readings = _read_csv(decoded.text, source, missing)
    if decoded.note is not None:
        readings._notes = (decoded.note, *readings._notes)
    return readings


def _heading(name: object) -> str:
    """A table's column name as a CSV heading: a date or a pandas Period as its period."""
    return (period_text(name) or str(name)) if not isinstance(name, str) else name


def _read_frame(frame: object, source: str, missing: frozenset[str]) -> Readings:
    names, columns = _frames.columns(frame)
    headings = [_heading(name) for name in names]
    layout = _header(headings, 1, "", [], source, "")
    count = len(columns[0]) if columns else 0
    rows: list[Reading] = []
    places: list[_Where] = []
    plain = _Where(sheet="")  # shared by every row with nothing to say
    measures = [
        v.strip() if type(v) is str else "" if _frames.is_missing(v) else _text(v)
        for v in columns[layout.measure]
    ]
    authorities: list[str | None] = [None] * count
    if layout.authority is not None:
        authorities = [
            (v.strip() or None)
            if type(v) is str
            else None
            if _frames.is_missing(v)
            else (_text(v) or None)
            for v in columns[layout.authority]
        ]
    headed_by_dates: list[bool] | None = None  # long form: each row's period says
    if layout.period is not None and layout.value is not None:
        targets = [(columns[layout.period], columns[layout.value])]
    else:
        targets = [([heading] * count, columns[index]) for index, heading in layout.periods]
        # A column headed with a date: its cells' periods are dates, each read as its month.
        headed_by_dates = [isinstance(names[index], datetime.date) for index, _ in layout.periods]
    # Tables repeat their periods and often their values: each is worked out once.
    labels: dict[object, str] = {}
    dated_plain = _Where(sheet="", dated=True)
    floats: dict[float, tuple[str, float, str | None, str | None]] = {}
    empty = ("", math.nan, None, None)
    for number in range(count):
        for target, (periods, values) in enumerate(targets):
            period = periods[number]
            dated = (
                isinstance(period, datetime.date)
                if headed_by_dates is None
                else headed_by_dates[target]
            )
            # Numbers are not cached: 1, 1.0 and True are one key, but three labels.
            cached = type(period) not in (int, float, bool) and _hashable(period)
            label = labels.get(period) if cached else None
            if label is None:
                label = (
                    ""
                    if _frames.is_missing(period)
                    else period
                    if isinstance(period, str)
                    else (period_text(period) or str(period))
                ).strip()
                if cached and len(labels) < 100_000:
                    labels[period] = label
            value = values[number]
            if type(value) is float:
                converted = floats.get(value)
                if converted is None:
                    converted = empty if value != value else _convert(value, missing)
                    if len(floats) < 100_000:
                        floats[value] = converted
            elif value is None or _frames.is_missing(value):
                converted = empty
            else:
                converted = _convert(value, missing)
            text, parsed, problem, hint = converted
            rows.append(
                Reading(
                    measures[number],
                    label,
                    text,
                    parsed,
                    authorities[number],
                    source,
                    number + 1,
                    problem,
                )
            )
            if hint is not None:
                places.append(_Where(hint=hint, sheet="", dated=dated))
            else:
                places.append(dated_plain if dated else plain)
    return _unnamed_authorities(Readings._build(rows, places), layout.authority)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _refuse_formula_headings(cells: list[str], line: int, source: str, sheet: str) -> None:
    """A ReadingsError naming each heading whose formula was never worked out, if any."""
    problems = [
        Diagnostic(
            f"the heading {_show(cell.strip().removeprefix(_excel.FORMULA))} is a formula whose"
            " value was never worked out",
            f"{source}:{_cell_name(sheet, index, line)}",
            hint=_FORMULA_HINT,
        )
        for index, cell in enumerate(cells)
        if cell.strip().startswith(_excel.FORMULA)
    ]
    if problems:
        raise ReadingsError(problems)


def _another_sheet(others: Sequence[str]) -> str:
    """How to name the sheet of readings, when the first is not it."""
    return (
        f"name the sheet the readings are on ({_excel.sheet_option()}):"
        f" the workbook's other sheets are {', '.join(others)}"
    )


def _read_sheet(sheet: _excel.Sheet, source: str, missing: frozenset[str]) -> Readings:
    """Readings from a workbook's sheet, with its note on the sheets passed over, if any (an
    error names the sheet read in its cells' names)."""
    readings = _read_rows(sheet.rows, source, sheet.name, missing, sheet.others)
    if sheet.note is not None:
        readings._notes = (sheet.note, *readings._notes)
    return readings


def _read_rows(
    rows: Iterable[list[str]],
    source: str,
    sheet: str,
    missing: frozenset[str],
    others: Sequence[str] = (),
) -> Readings:
    """Readings from a sheet's rows of cell texts, row 1 first; ``others``, the workbook's
    other sheets when this one was read for not being named (the first)."""
    layout: _Layout | None = None
    readings: list[Reading] = []
    places: list[_Where] = []
    for number, cells in enumerate(rows, start=1):
        if not cells or not any(cell.strip() for cell in cells):  # an empty row is cheap
            continue
        if layout is None:
            _refuse_formula_headings(cells, number, source, sheet)
            try:
                layout = _header(cells, number, "", [], source, sheet)
            except ReadingsError as error:
                if not others or "measure" in [cell.strip().lower() for cell in cells]:
                    raise
                # No `measure` heading on the first sheet: a cover sheet, say.
                first = error.first
                more = f"or, if the readings are on another sheet, {_another_sheet(others)}"
                said = attrs.evolve(first, hint=f"{first.hint}; {more}" if first.hint else more)
                raise ReadingsError([said, *error.diagnostics[1:]]) from None
            continue
        while len(cells) > layout.width and not cells[-1].strip():
            cells = cells[:-1]
        for reading, where in _row(
            layout, cells, source, number, number, False, "", missing, ",", sheet
        ):
            readings.append(reading)
            places.append(where)
    if layout is None:
        hint = _EXPECTED
        if others:  # a cover sheet, say: the readings are on another
            hint = _another_sheet(others)
        raise ReadingsError(
            [
                Diagnostic(
                    f"there are no readings: the sheet {sheet} is empty",
                    f"{source}:{_cell_name(sheet, None, 1)}",
                    hint=hint,
                )
            ]
        )
    return _unnamed_authorities(Readings._build(readings, places), layout.authority)


_POINT_OR_THOUSANDS = re.compile(r"[+\-−]?£?[0-9]{1,3}\.[0-9]{3}")
_COMMA_OR_THOUSANDS = re.compile(r"[+\-−]?£?[0-9]{1,3},[0-9]{3}")
_A_DECIMAL_POINT = re.compile(r"[+\-−]?£?[0-9]*\.[0-9]+")


def _bare(text: str) -> str:
    """A number's text without the brackets of an accounting negative or a ``%``:
    ``(£1.789)`` and ``1.789 %`` as ``£1.789`` and ``1.789``."""
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text.removesuffix("%").rstrip(" \u00a0\u202f")


def _refuse_ambiguous_marks(rows: list[Reading], places: list[_Where]) -> None:
    """In a semicolon or tab file, refuse a point or a comma before three digits where
    the file writes the other as a decimal mark: ``1.789`` beside decimal commas (a point
    that groups thousands?), ``1,789`` beside decimal points (``21.5``, as a UK sheet
    saved as "Unicode text" writes: a comma that groups thousands?)."""
    read = [row for row in rows if row.problem is None]
    commas = any("," in row.text for row in read)
    points = any(
        _A_DECIMAL_POINT.fullmatch(bare) and not _POINT_OR_THOUSANDS.fullmatch(bare)
        for bare in (_bare(row.text) for row in read)
    )
    for index, row in enumerate(rows):
        if row.problem is not None:
            continue
        bare = _bare(row.text)
        if commas and _POINT_OR_THOUSANDS.fullmatch(bare):
            mark, other, writes = ".", ",", "decimal commas, where a point"
        elif points and _COMMA_OR_THOUSANDS.fullmatch(bare):
            mark, other, writes = ",", ".", "decimal points, where a comma"
        else:
            continue
        rows[index] = attrs.evolve(
            row,
            value=math.nan,
            problem=f"{_show(row.text)} could be a decimal or a whole number: this file"
            f" writes {writes} groups thousands",
        )
        places[index] = attrs.evolve(
            places[index],
            hint=f"write {row.text.replace(mark, other)} for a decimal, or"
            f" {row.text.replace(mark, '')} for a whole number",
        )


def _header(
    cells: list[str],
    line: int,
    source_line: str,
    spans: list[tuple[int, int]],
    source: str,
    sheet: str | None = None,
) -> _Layout:
    """The layout a header row gives, or a ReadingsError saying what is wrong with it."""
    names = [cell.strip() for cell in cells]
    while names and not names[-1]:
        names.pop()
    lowered = [name.lower() for name in names]

    def problem(message: str, hint: str | None, column: int | None = None) -> Diagnostic:
        if sheet == "":  # a table: no line to point at
            return Diagnostic(message, source, hint=hint)
        if sheet is not None:
            return Diagnostic(message, f"{source}:{_cell_name(sheet, column, line)}", hint=hint)
        if column is not None and len(spans) == len(cells):
            at, length = caret(source_line, spans[column])
        else:
            at, length = 1, max(1, len(source_line.rstrip()))
        return Diagnostic(message, source, line, at, length, source_line, hint)

    found: dict[str, list[int]] = {}
    for index, name in enumerate(lowered):
        if name in _KNOWN_COLUMNS:
            found.setdefault(name, []).append(index)
    problems = [
        problem(
            f"columns {columns[0] + 1} and {columns[1] + 1} are both headed `{name}`",
            "head each column once",
            columns[1],
        )
        for name, columns in found.items()
        if len(columns) > 1
    ]
    if "measure" not in found:
        hint, at = _EXPECTED, None
        near = next((i for i, name in enumerate(lowered) if _LIKE_MEASURE.search(name)), None)
        if near is not None:  # `Measure ID`, `Indicator`, `KPI`: the measures' column, named
            hint = f"rename the column `{shorten(names[near], 40)}` to `measure`"
            at = near
        message = "this header has no `measure` column, so it is neither long form nor wide form"
        raise ReadingsError([*problems, problem(message, hint, at)])
    first = {name: columns[0] for name, columns in found.items()}
    authority = first.get("authority")
    if "period" in found or "value" in found:
        if "period" not in found or "value" not in found:
            has, lacks = ("period", "value") if "period" in found else ("value", "period")
            problems.append(
                problem(f"this header has a `{has}` column but no `{lacks}` column", _EXPECTED)
            )
            raise ReadingsError(problems)
        if problems:
            raise ReadingsError(problems)
        return _Layout(
            len(names), line, first["measure"], authority, first["period"], first["value"], ()
        )
    periods: list[tuple[int, str]] = []
    seen: dict[Period, int] = {}
    for index, name in enumerate(names):
        if index in (first["measure"], authority):
            continue
        if not name:
            problems.append(
                problem(
                    f"column {index + 1} has no heading",
                    "head it with the period its values are for, such as 2017/18 Q1, "
                    "or delete the column",
                    index,
                )
            )
        elif name.upper() in _EXCEL_ERRORS:  # no digit, but no label: a heading's formula failed
            message = (
                f"column {index + 1}: the heading is {_show(name.upper())}, Excel's error for"
                f" {_EXCEL_ERRORS[name.upper()]}: the formula of the heading failed"
            )
            hint = "correct the heading's formula, or write the period its values are for"
            problems.append(problem(message, hint, index))
        elif (alone := month_alone(name)) is not None:  # no digit, but a period's name
            message = f"column {index + 1}: {alone.first.message}"
            problems.append(problem(message, alone.first.hint, index))
        elif _HAS_DIGIT.search(name):
            try:
                period = read_period(name)
            except PeriodError as error:
                message = f"column {index + 1}: {error.first.message}"
                said = error.first.hint
                if _WORD.search(name) and not (said or "").startswith("did you mean"):
                    said = f"{said}; {_LABEL_HINT}" if said else _LABEL_HINT
                problems.append(problem(message, said, index))
                continue
            if period in seen:
                message = f"columns {seen[period] + 1} and {index + 1} are both for {period}"
                problems.append(problem(message, "give each period one column", index))
                continue
            seen[period] = index
            periods.append((index, name))
    if not periods and not problems:
        message = "this header has a `measure` column but no `value` column and no period columns"
        problems.append(problem(message, _EXPECTED))
    if problems:
        raise ReadingsError(problems)
    return _Layout(len(names), line, first["measure"], authority, None, None, tuple(periods))


def _row(
    layout: _Layout,
    cells: list[str],
    source: str,
    start: int,
    last: int,
    unclosed: bool,
    source_line: str,
    missing: frozenset[str],
    sep: str = ",",
    sheet: str | None = None,
) -> Iterator[tuple[Reading, _Where]]:
    """The readings of one data row, with where their cells are."""
    decimal_comma = sep != ","
    problem: str | None = None
    hint: str | None = None
    if unclosed:
        where = "this line" if start == last else f"line {start}"
        problem = f"the quote opened on {where} is never closed"
        if start != last:
            problem += f", so lines {start} to {last} were read as one row"
        hint = 'close the quote with a `"`'
    width, count = layout.width, len(cells) if start == last else _FIRST_LINE
    at: int | None = None  # the cell of a problem of the whole row, if it is one cell's
    beyond = len(cells) > width and (cells[-1].strip() or any(c.strip() for c in cells[width:]))
    if sheet and beyond and problem is None:
        # A workbook's cell beyond the headings: named, the first of them, never dropped.
        at = next(index for index in range(width, len(cells)) if cells[index].strip())
        problem = (
            f"cell {_excel.column_letter(at)}{start} holds"
            f" {_show(cells[at].strip().removeprefix(_excel.FORMULA))}, beyond"
            f" the headings (row {layout.line}'s end at column {_excel.column_letter(width - 1)})"
        )
        hint = "give its column a heading, or clear the cell"
        cells = cells[:width]
    elif len(cells) < layout.needed or beyond:
        if problem is None:
            problem = (
                f"this row has {len(cells)} cells, but the header on line {layout.line} has {width}"
            )
            hint = _TOO_MANY if len(cells) > width else _TOO_FEW
            if (
                len(cells) > width
                and layout.value is not None
                and not decimal_comma
                and _split_thousands(cells, layout.value)
            ):
                joined = f"{cells[layout.value].strip()},{cells[layout.value + 1].strip()}"
                hint = _comma_hint(joined) if _number(joined) is None else hint
        cells = (cells + [""] * width)[:width]
    elif (
        problem is None
        and layout.value is not None
        and not decimal_comma
        and _split_thousands(cells, layout.value)
    ):
        # `1,789` unquoted, with a column after the value that is not read (a
        # note, say): the cell count is right, but 789 has slipped into it.
        joined = f"{cells[layout.value].strip()},{cells[layout.value + 1].strip()}"
        problem = f"`{joined}` looks like one number split by its thousands comma"
        hint = _TOO_MANY
        if _number(joined) is None:  # `0,500`: no thousands comma, so quoting it is no fix
            problem = f"`{joined}` looks like one number split by its comma"
            hint = _comma_hint(joined)

    if sheet is not None and problem is None:
        # A measure, authority or period cell whose formula was never worked out: the row's
        # problem, at that cell, which is then blank (it says no measure, authority or period).
        for column in (layout.measure, layout.authority, layout.period):
            if column is not None and cells[column].strip().startswith(_excel.FORMULA):
                if problem is None:
                    formula = cells[column].strip().removeprefix(_excel.FORMULA)
                    problem = f"{_show(formula)} is a formula whose value was never worked out"
                    hint, at = _FORMULA_HINT, column
                cells = [*cells[:column], "", *cells[column + 1 :]]
    measure = cells[layout.measure].strip()
    authority = (cells[layout.authority].strip() or None) if layout.authority is not None else None
    if layout.value is not None and layout.period is not None:
        targets = [(cells[layout.period].strip(), layout.value)]
    else:
        targets = [(text, index) for index, text in layout.periods]
    for number, (period, index) in enumerate(targets):
        text = cells[index].strip()
        value, own, own_hint = _parse_cell(text, missing, decimal_comma)
        if sheet is not None and text.startswith(_excel.FORMULA):
            text = text.removeprefix(_excel.FORMULA)
            own = f"{_show(text)} is a formula whose value was never worked out"
            own_hint = _FORMULA_HINT
        whole_row = problem is not None and number == 0
        yield (
            Reading(
                measure,
                period,
                text,
                value,
                authority,
                source,
                start,
                problem if whole_row else own,
            ),
            _Where(
                source_line,
                count,
                layout.measure,
                layout.period,
                index,
                hint if whole_row else own_hint,
                whole_row,
                separator=sep,
                sheet=sheet,
                problem_cell=at if whole_row else None,
            ),
        )


_FORMULA_HINT = (
    "open the workbook in Excel (or LibreOffice) and save it, so that the values"
    " of its formulas are stored with it"
)


def _not_csv(
    error: csv.Error,
    source: str,
    line: int,
    lines: list[str],
    headings: list[str],
    sep: str = ",",
) -> Diagnostic:
    """A record the csv module cannot read at all: too long a cell (in the header; a data
    row's is :func:`_unread_row`), or a NUL before 3.11."""
    text = _chomp(lines[line - 1])
    column, length = 1, max(1, len(text))
    message, hint = f"this line cannot be read as CSV: {error}", None
    if too_long(error):
        message, hint, cell, spans = _too_long_cell(text, headings, sep)
        if cell is not None:
            column, length = caret(text, spans[cell])
    return Diagnostic(message, source, line, column, length, text, hint)


def _too_long_cell(
    text: str, headings: list[str], sep: str
) -> tuple[str, str, int | None, list[tuple[int, int]]]:
    """What is wrong with the first line of a record whose cell is too long for csv: the
    message, the hint, the cell it is (``None``: no cell of the line is, so a quote left
    open made the rest of the record one cell) and where the line's cells are (see
    :func:`~perfcontract._csvtext.long_cell`)."""
    message, longest, spans = long_cell(text, headings, sep)
    if longest is None:
        return message, LEFT_OPEN, None, spans
    hint = (
        "a reading is a number such as 26, 1,789 or 26%: check what this cell holds"
        if headings
        else "a heading names a column, such as value or 2017/18 Q1: check this one"
    )
    return message, hint, longest, spans


def _unread_row(
    layout: _Layout,
    lines: list[str],
    line: int,
    end: int | None,
    source: str,
    headings: list[str],
    sep: str,
) -> tuple[Reading, _Where]:
    """A data row the csv module refused for a cell too long, as a row with that problem.

    It names the measure, authority and period its first line's other cells
    give (a cell too long is left blank), so that its message says whose row it
    is, and points at the cell: the check reports it in its place among the
    others. ``end``: the row's last line, ``None`` if a quote is open to the end
    of the file.
    """
    text = _chomp(lines[line - 1])
    message, hint, at, spans = _too_long_cell(text, headings, sep)
    if at is None:  # a quote open over lines, closed at last or never
        message, hint = open_quote(message, end)
    cells = short_cells(text, spans, sep)

    def cell(index: int | None) -> str:
        return cells[index].strip() if index is not None and index < len(cells) else ""

    if layout.period is not None:
        period, value = cell(layout.period), layout.value
    else:
        columns = dict(layout.periods)
        value = at if at in columns else layout.periods[0][0]
        period = columns[value]
    reading = Reading(
        cell(layout.measure),
        period,
        "",
        math.nan,
        cell(layout.authority) or None,
        source,
        line,
        message,
    )
    where = _Where(
        text,
        _ONE_LINE,
        layout.measure,
        layout.period,
        value,
        hint,
        problem_is_the_row=True,
        problem_cell=at,
        separator=sep,
    )
    return reading, where
