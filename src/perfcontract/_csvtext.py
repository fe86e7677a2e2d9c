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
reads it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from perfcontract._escape import without_controls

__all__ = ["csv_cell", "nul_stand_in", "write_csv"]

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
