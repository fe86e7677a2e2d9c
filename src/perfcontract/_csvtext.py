r"""CSV as perfcontract writes and reads it: safe in a spreadsheet, the same on every Python.

Writing, every text cell is made safe to open in a spreadsheet, as the OWASP
guidance on CSV injection says: a cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be run as a formula, so it gets a
leading ``'``. A number is left alone, whether it is a Python number or text
that is exactly one (``-3``, ``+1.5``, ``2E+3``), so a spreadsheet still reads
it as a number. A control character other than tab and the line breaks (an
escape sequence that would recolour a terminal showing the file, a bell, NUL,
which Python 3.10's csv module cannot write and spreadsheets drop) is written
as U+FFFD (�), on every Python.

```pycon
>>> print(write_csv([["title", "value"], ["=HYPERLINK(1)", -2.5], ["-3", "-a"]]), end="")
title,value
'=HYPERLINK(1),-2.5
-3,'-a

```

Reading, a NUL character in a cell is kept, on every Python: Python 3.10's
csv module refuses a line holding one, so :func:`nul_stand_in` gives a
character that is not in the text to stand in for NUL while the csv module
reads it. A cell longer than the csv module allows (``csv.field_size_limit()``,
131,072 characters) stops it at that record (:func:`too_long`): the readers of
readings and of commentary say which cell it is (:func:`long_cell`), read the
record's other cells (:func:`short_cells`), and go on from the line after the
record (:func:`record_end`), so that every problem of the file is reported.

```pycon
>>> line = "A1,2017/18 Q4," + "9" * 200_000
>>> message, cell, spans = long_cell(line, ["measure", "period", "value"], ",")
>>> print(message)
the cell in column 3 (`value`) is 200,000 characters long, more than the CSV reader allows (131,072)
>>> cell, short_cells(line, spans, ",")
(2, ['A1', '2017/18 Q4', ''])

```
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from perfcontract._escape import without_controls
from perfcontract.errors import shorten

__all__ = [
    "LEFT_OPEN",
    "caret",
    "csv_cell",
    "long_cell",
    "nul_stand_in",
    "open_quote",
    "quoted_after",
    "record_end",
    "scan",
    "short_cells",
    "too_long",
    "write_csv",
]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def csv_cell(value: object) -> object:
    """A value as a CSV cell: numbers and None as they are, text neutralised, controls as U+FFFD.

    ```pycon
    >>> csv_cell("@SUM(A1)"), csv_cell("\\tx"), csv_cell("-12.5"), csv_cell(-12.5)
    ("'@SUM(A1)", "'\\tx", '-12.5', -12.5)
    >>> csv_cell("Re-referrals"), csv_cell("a\\x00b\\x1b[31m"), csv_cell(None)
    ('Re-referrals', 'a�b�[31m', None)

    ```
    """
    if value is None or (isinstance(value, int | float | Decimal) and not isinstance(value, bool)):
        return value
    text = without_controls(str(value))  # NUL and every other control: U+FFFD
    if text.startswith(_FORMULA_STARTS) and _NUMBER.fullmatch(text) is None:
        return "'" + text
    return text


def write_csv(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, each cell through :func:`csv_cell`, every line ending ``\\n``.

    A cell holding a line break is quoted, a carriage return included (on
    every Python: the rows that hold one have every cell quoted).

    ```pycon
    >>> write_csv([["group", "count"], ["+ Children in Care", 3]])
    "group,count\\n'+ Children in Care,3\\n"
    >>> write_csv([["a\\rb", 1]])
    '"a\\rb","1"\\n'

    ```
    """
    out = io.StringIO()
    minimal = csv.writer(out, lineterminator="\n")
    # Before Python 3.12 the csv module quotes a cell with a carriage return only if the
    # line ends hold one: a row with such a cell has every cell quoted instead.
    every = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [csv_cell(cell) for cell in row]
        carriage_return = any(isinstance(cell, str) and "\r" in cell for cell in cells)
        (every if carriage_return else minimal).writerow(cells)
    return out.getvalue()


def nul_stand_in(text: str) -> str | None:
    """A character not in ``text`` to stand in for NUL while csv reads it; None if no NUL.

    The stand-in is the first private-use character the text does not hold.
    Only text holding every one of them (over 137,000 characters of nothing
    else) has none: it gets NUL itself back, and the csv module's own error.

    ```pycon
    >>> print(nul_stand_in("a,b\\n"))
    None
    >>> nul_stand_in("a\\x00,b\\n") == "\\ue000"
    True

    ```
    """
    if "\x00" not in text:
        return None
    held = set(text)
    for first, last in ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)):
        for code in range(first, last + 1):
            if chr(code) not in held:
                return chr(code)
    return "\x00"


def scan(text: str, separator: str = ",") -> tuple[list[tuple[int, int]], bool]:
    """Where each cell of a CSV record's text starts and ends, and whether a quote is left open.

    Follows csv.reader's default dialect (with ``separator`` between cells),
    lenient about stray quotes.

    ```pycon
    >>> scan('a,"b,c",d')
    ([(0, 1), (2, 7), (8, 9)], False)
    >>> scan('a,"b')
    ([(0, 1), (2, 4)], True)

    ```
    """
    spans, state = _walk(text, separator, "start")
    return spans, state == "quoted"


def _walk(text: str, separator: str, state: str) -> tuple[list[tuple[int, int]], str]:
    """The cells of ``text`` as :func:`scan` gives them, and the state at its end, from
    ``state`` at its start: at the "start" of a cell, in a "plain" cell, "quoted", or
    just after a "quote" in quotes. A run in quotes or of a plain cell is passed over with
    ``str.find``, so that a cell of millions of characters is not read a character at a
    time."""
    spans: list[tuple[int, int]] = []
    start = index = 0
    while index < len(text):
        if state == "quoted":
            found = text.find('"', index)
            if found < 0:
                break
            state, index = "quote", found + 1
        elif state == "plain":
            found = text.find(separator, index)
            if found < 0:
                break
            spans.append((start, found))
            start = index = found + 1
            state = "start"
        else:  # the start of a cell, or just after a quote in quotes
            char = text[index]
            if char == '"':
                state = "quoted"
            elif char == separator:
                spans.append((start, index))
                start = index + 1
                state = "start"
            else:
                state = "plain"
            index += 1
    spans.append((start, len(text)))
    return spans, state


def caret(line: str, span: tuple[int, int]) -> tuple[int, int]:
    """The 1-based column and length of a cell's text, surrounding spaces left out.

    ```pycon
    >>> caret("A1,  26 ,x", (3, 8))
    (6, 2)

    ```
    """
    start, end = span
    cell = line[start:end]
    lead = len(cell) - len(cell.lstrip())
    return start + lead + 1, max(1, len(cell.strip()))


def too_long(error: csv.Error) -> bool:
    """Whether the csv module refused a record for a cell longer than it allows.

    ```pycon
    >>> try:
    ...     next(csv.reader(["a," + "9" * 200_000]))
    ... except csv.Error as error:
    ...     too_long(error)
    True

    ```
    """
    return "field larger than field limit" in str(error)


# The hint for a record too long whose first line has no cell too long.
LEFT_OPEN = 'a quote left open makes the rest of the file one cell: close every `"`'


def long_cell(
    text: str, headings: list[str], sep: str
) -> tuple[str, int | None, list[tuple[int, int]]]:
    """What is wrong with ``text``, the first line of a record whose cell is too long for
    csv: the message, the cell it is (``None``: no cell of the line is, so a quote left
    open made the rest of the record one cell, as :data:`LEFT_OPEN` says) and where the
    line's cells are. The cell's column is named by its heading (``headings``, empty
    while the header itself is read).
    """
    limit = csv.field_size_limit()
    spans, quoted = scan(text, sep)
    longest = max(range(len(spans)), key=lambda i: spans[i][1] - spans[i][0])
    if quoted or spans[longest][1] - spans[longest][0] <= limit:
        return (
            f"a cell here is longer than the CSV reader allows ({limit:,} characters)",
            None,
            spans,
        )
    heading = headings[longest] if longest < len(headings) else ""
    named = f"column {longest + 1}" + (f" (`{shorten(heading)}`)" if heading else "")
    message = (
        f"the cell in {named} is {spans[longest][1] - spans[longest][0]:,} characters"
        f" long, more than the CSV reader allows ({limit:,})"
    )
    return message, longest, spans


def open_quote(message: str, end: int | None) -> tuple[str, str]:
    """The message and hint for a record too long with no cell of its first line too long,
    from :func:`long_cell`'s message: a quote left open made it one cell, closed on line
    ``end`` (the record's last), or never (``None``).

    ```pycon
    >>> open_quote("a cell here is longer than the CSV reader allows", 5)[0]
    'a cell here is longer than the CSV reader allows: its quote runs on to line 5'

    ```
    """
    if end is None:
        return message, LEFT_OPEN
    return (
        f"{message}: its quote runs on to line {end}",
        'a quote left open makes the lines after it one cell: close every `"`',
    )


def short_cells(text: str, spans: list[tuple[int, int]], sep: str) -> list[str]:
    """The cells of ``text`` (a line of cells at ``spans``, from :func:`long_cell`) as csv
    reads them, each too long for csv left blank; none if the line cannot be read even
    so (two cells of one quote, one too long)."""
    limit = csv.field_size_limit()
    short = sep.join(text[start:end] if end - start <= limit else "" for start, end in spans)
    try:
        return next(csv.reader([short], delimiter=sep), [])
    except csv.Error:
        return []


def record_end(lines: list[str], first: int, last: int, sep: str) -> int | None:
    """The index of the line after the record that starts on line index ``first`` and was
    read up to ``last``: the first line from ``last`` on that ends outside quotes, as
    csv.reader reads them (see :func:`scan`). ``None``: a quote is open to the end.

    ```pycon
    >>> record_end(['a,"b\\n', "c\\n", 'd",e\\n', "f\\n"], 0, 0, ",")
    3
    >>> print(record_end(['a,"b\\n', "c\\n"], 0, 0, ","))
    None

    ```
    """
    quoted = False
    for index in range(first, len(lines)):
        quoted = quoted_after(lines[index], sep, quoted)
        if index >= last and not quoted:
            return index + 1
    return None


def quoted_after(line: str, sep: str, quoted: bool) -> bool:
    """Whether a quote is open at the end of ``line``, one was open at its start or not.

    Read as :func:`scan` reads a record's text, quickly over long cells.
    """
    return _walk(line, sep, "quoted" if quoted else "start")[1] == "quoted"
