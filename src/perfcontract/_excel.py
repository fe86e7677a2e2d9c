"""Reading the cells of an Excel workbook (.xlsx) as the text a readings file would hold.

Only this module imports openpyxl (the optional extra ``perfcontract[excel]``),
and only when a workbook is read. Each cell becomes the text it shows:

* a number as Python writes it (``26.5``, ``1789``); one formatted as a
  percentage (stored 0.265, shown 26.5%) as ``26.5%``, so that a percent
  measure reads it as shown (a ``%`` the format writes as it is, ``0.0"%"``
  or ``0.0\\%``, shows 26.5 as 26.5%: it is read as ``26.5%`` too);
* a date or a date and time as ``2024-04-01``: in a heading or a period
  column, the month it falls in;
* ``TRUE`` and ``FALSE`` as Excel shows them (a yes/no measure reads them);
* an error value (``#N/A``, ``#DIV/0!``) as written, which the readings report;
* a formula whose value was never worked out (a workbook written by a
  program and never opened in Excel) as the formula, which the readings
  report rather than read as empty; a formula worked out to empty text
  (``=IFERROR(B2/C2, "")``) is an empty cell, a missing value. In a workbook
  that asks to be worked out again when opened (``fullCalcOnLoad``, as
  XlsxWriter and openpyxl write one), every formula's stored value is one
  no spreadsheet worked out (XlsxWriter stores 0 for each), so every formula
  is reported so.

Cells are named as Excel names them, ``Sheet1!B7``.
"""

from __future__ import annotations

import datetime
import difflib
import io
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import compress, repeat
from operator import attrgetter, is_not
from typing import Any

import attrs

from perfcontract._caller import option
from perfcontract.errors import Diagnostic, ReadingsError

__all__ = ["FORMULA", "column_letter", "sheet_option", "sheet_rows"]

FORMULA = "\x00formula:"  # a cell's text starts so when its formula was never worked out
_VALUE = attrgetter("value")


def column_letter(index: int) -> str:
    """The letters of a 0-based column: 0 is A, 25 Z, 26 AA.

    ```pycon
    >>> column_letter(0), column_letter(1), column_letter(26), column_letter(701)
    ('A', 'B', 'AA', 'ZZ')

    ```
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _openpyxl(source: str) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise ReadingsError(
            [
                Diagnostic(
                    "this is an Excel workbook, and reading one needs the optional extra"
                    " perfcontract[excel] (openpyxl), which is not installed",
                    source,
                    hint="install it with: pip install 'perfcontract[excel]';"
                    " or save the sheet as CSV UTF-8",
                )
            ]
        ) from None
    return openpyxl


def _text(cell: Any) -> str:
    """What a cell shows, as text."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        # Excel shows (and writes to CSV) 15 significant digits, and takes no more when a
        # number is typed: =95%-5% holds 0.8999999999999999 and shows 90%.
        written = str(value) if isinstance(value, int) else f"{value:.15g}"
        percent = _percent_sign(cell.number_format or "", value)
        if percent == "scaled":
            shown = (Decimal(written) * 100).normalize()
            return f"{shown:f}%"
        if percent == "as written":
            shown = Decimal(written).normalize()
            return f"{shown:f}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return written
    return str(value)


def _percent_sign(number_format: str, value: float) -> str | None:
    """How the format shows ``value``'s ``%``: "scaled" (a percentage, 0.265 as 26.5%), "as
    written" (a ``%`` in quotes or after a backslash: 26.5 as 26.5%), or None (no ``%``).

    The format's section for the value's sign is the one that applies (positive;
    negative; zero). Text in square brackets (a colour, a condition, a locale)
    shows nothing.

    ```pycon
    >>> _percent_sign("0.0%", 0.265), _percent_sign('0.0"%"', 26.5), _percent_sign("0.00", 1.0)
    ('scaled', 'as written', None)
    >>> _percent_sign("0%;[Red]-0%", -0.1), _percent_sign('0.0;-0.0;"-"', 0)
    ('scaled', None)

    ```
    """
    sections: list[list[str]] = [[]]
    chars = iter(number_format)
    for char in chars:
        if char == ";":
            sections.append([])
        elif char == '"':
            for quoted in chars:
                if quoted == '"':
                    break
                if quoted == "%":
                    sections[-1].append("literal")
        elif char in "\\_*":  # an escaped, spaced or repeated character: shown as written
            if next(chars, "") == "%" and char == "\\":
                sections[-1].append("literal")
        elif char == "[":
            for bracketed in chars:
                if bracketed == "]":
                    break
        elif char == "%":
            sections[-1].append("scaled")
    index = 0 if value > 0 or len(sections) < 2 else 1 if value < 0 else 2
    signs = sections[index] if index < len(sections) else sections[0]
    if "scaled" in signs:
        return "scaled"
    return "as written" if signs else None


@attrs.frozen
class Sheet:
    """The sheet read: its name, its rows as text (row 1 first), the workbook's other
    worksheets when none was named (for advice), and a note if sheets before it were
    passed over (chart sheets, hidden sheets)."""

    name: str
    rows: Iterator[list[str]]
    others: tuple[str, ...] = ()
    note: Diagnostic | None = None


def sheet_rows(path: str | os.PathLike[str], sheet: str | None, data: bytes | None = None) -> Sheet:
    """The sheet named ``sheet``, or if None the first visible worksheet (chart sheets and
    hidden sheets before it are passed over, and a note says so); ReadingsError if there is
    no such sheet, if it is a chart sheet, or if no worksheet is visible.

    ``data`` is the file's bytes if already read (from standard input, say). A sheet's
    rows cost what its cells that hold something cost: empty rows and the empty cells
    before a far cell are not visited one by one, and each row has the width of the
    headings (or more, up to its last cell that holds something).
    """
    source = os.fspath(path)
    openpyxl = _openpyxl(source)
    if data is None:
        with open(source, "rb") as file:  # by content: openpyxl would refuse a name not .xlsx
            data = file.read()
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (KeyError, ValueError, OSError) as error:
        said = (
            "it is a zip archive, but not of a workbook's parts"
            if isinstance(error, KeyError)
            else str(error)
        )
        raise ReadingsError(
            [
                Diagnostic(
                    f"this file cannot be read as an Excel workbook: {said}",
                    source,
                    hint="save it again from Excel as an Excel Workbook (.xlsx), or as CSV UTF-8",
                )
            ]
        ) from None
    except Exception as error:  # a damaged zip or XML: openpyxl raises its parsers' own errors
        raise ReadingsError(
            [
                Diagnostic(
                    f"this file cannot be read as an Excel workbook ({type(error).__name__})",
                    source,
                    hint="save it again from Excel as an Excel Workbook (.xlsx), or as CSV UTF-8",
                )
            ]
        ) from None
    try:
        name, others, note = _choose(values, sheet, source)
    except ReadingsError:
        values.close()
        formulas.close()
        raise

    def rows() -> Iterator[list[str]]:
        try:
            shown, written = values[name], formulas[name]
            # The size a sheet declares (A1:XFD1048576, say) is not trusted: read so, every
            # row would be as wide and as many as it says, empty cells and all.
            shown.reset_dimensions()
            written.reset_dimensions()
            pairs = zip(shown.iter_rows(), written.iter_rows(), strict=False)
            yield from _texts(pairs, _worked_out_again(data))
        except Exception as error:  # a damaged sheet: openpyxl raises its parsers' own errors
            raise ReadingsError(
                [
                    Diagnostic(
                        f"the sheet {name} cannot be read ({type(error).__name__})",
                        source,
                        hint="save the workbook again from Excel, or save the sheet as CSV UTF-8",
                    )
                ]
            ) from None
        finally:
            values.close()
            formulas.close()

    return Sheet(name, rows(), others, note)


def sheet_option() -> str:
    """How the caller names a sheet to read: ``sheet=...`` in Python, ``--sheet NAME`` on
    the command line."""
    return option("sheet=...", "--sheet NAME")


def _choose(
    book: Any, sheet: str | None, source: str
) -> tuple[str, tuple[str, ...], Diagnostic | None]:
    """The name of the sheet to read, the other worksheets (if none was named) and a note
    on the sheets passed over (if any)."""
    names = list(book.sheetnames)
    worksheets = [ws.title for ws in book.worksheets]
    charts = [name for name in names if name not in worksheets]
    if sheet is not None:
        if sheet in charts:
            hint = (
                f"name a worksheet: its worksheets are {', '.join(worksheets)}"
                if worksheets
                else "the workbook has no worksheet: put the readings on one"
            )
            raise ReadingsError(
                [
                    Diagnostic(
                        f"the sheet `{sheet}` is a chart sheet: it has no cells to read",
                        source,
                        hint=hint,
                    )
                ]
            )
        if sheet in names:
            return sheet, (), None
        close = difflib.get_close_matches(sheet, names, n=1)
        hint = f"did you mean {close[0]}?" if close else f"its sheets are {', '.join(names)}"
        raise ReadingsError([Diagnostic(f"the workbook has no sheet `{sheet}`", source, hint=hint)])
    hidden = {ws.title: ws.sheet_state for ws in book.worksheets if ws.sheet_state != "visible"}
    visible = [name for name in worksheets if name not in hidden]
    if not visible:
        if not worksheets:
            message = f"the workbook has no worksheet, only chart sheets ({', '.join(charts)})"
            hint = "put the readings on a worksheet, or save them as CSV UTF-8"
        else:
            message = (
                f"every worksheet of the workbook is hidden ({', '.join(worksheets)}),"
                " so none is read unless named"
            )
            hint = f"name the sheet the readings are on ({sheet_option()}), or unhide it in Excel"
        raise ReadingsError([Diagnostic(message, source, hint=hint)])
    name = visible[0]
    others = tuple(other for other in worksheets if other != name)
    passed = names[: names.index(name)]
    if not passed:
        return name, others, None
    kinds = [
        f"{other} is a chart sheet" if other in charts else f"{other} is hidden" for other in passed
    ]
    note = Diagnostic(
        f"the readings are read from the sheet {name}, the first visible worksheet;"
        f" {_joined(kinds)}",
        source,
        hint=f"to read another sheet, name it ({sheet_option()})",
        severity="note",
    )
    return name, others, note


def _joined(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _worked_out_again(data: bytes) -> bool:
    """Whether the workbook asks to be worked out again when opened (``fullCalcOnLoad``): a
    program wrote it, and no spreadsheet has worked out the values its formulas store.

    ```pycon
    >>> _worked_out_again(b"not a zip")
    False

    ```
    """
    import zipfile  # only when a workbook is read: it costs a CSV's reader milliseconds

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = archive.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False
    return re.search(rb"""fullCalcOnLoad\s*=\s*["'](?:1|true)["']""", workbook) is not None


def _filled(cells: tuple[Any, ...]) -> Iterator[int]:
    """The places of the cells of a row that hold a value, passing over the rest at C speed
    (a row that holds one cell in column XFD holds 16,383 empty ones before it)."""
    return compress(range(len(cells)), map(is_not, map(_VALUE, cells), repeat(None)))


def _texts(pairs: Iterator[tuple[Any, Any]], stale: bool = False) -> Iterator[list[str]]:
    """Each row's cells as text, a formula never worked out marked as such (every formula,
    if the values stored are ``stale``).

    Only the cells that hold a value are read. The first row with any text is the
    headings; each row after it is as wide as they are, or as its last cell with text
    if that is beyond them (which the readings report); a blank row is empty.
    """
    width: int | None = None
    for shown, written in pairs:
        if not shown and not written:
            yield []
            continue
        count = len(shown)
        texts = [""] * count
        last = 0
        for index in _filled(shown):
            text = _text(shown[index])
            texts[index] = text
            if text.strip():
                last = index + 1
        for index in _filled(written):
            formula = written[index].value
            if (
                isinstance(formula, str)
                and formula.startswith("=")
                and index < count
                and (
                    stale
                    # No value stored at all; one of type "str" is empty text, worked out.
                    or (not texts[index] and getattr(shown[index], "data_type", "n") == "n")
                )
            ):
                texts[index] = FORMULA + formula
                last = max(last, index + 1)
        if width is None:
            width = last or None
            yield texts[:last]
            continue
        wide = max(width, last)
        yield texts[:wide] if count >= wide else texts + [""] * (wide - count)
