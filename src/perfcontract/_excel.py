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
from typing import Any

from perfcontract.errors import Diagnostic, ReadingsError

__all__ = ["FORMULA", "column_letter", "sheet_rows"]

FORMULA = "\x00formula:"  # a cell's text starts so when its formula was never worked out


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


def sheet_rows(
    path: str | os.PathLike[str], sheet: str | None, data: bytes | None = None
) -> tuple[str, Iterator[list[str]], tuple[str, ...]]:
    """The sheet's name, its rows as text, row 1 first, and, if no sheet was named (the first
    is read), the others' names; ReadingsError if no such sheet.

    ``data`` is the file's bytes if already read (from standard input, say).
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
    names = list(values.sheetnames)
    if sheet is None:
        name = names[0]
    elif sheet in names:
        name = sheet
    else:
        close = difflib.get_close_matches(sheet, names, n=1)
        hint = f"did you mean {close[0]}?" if close else f"its sheets are {', '.join(names)}"
        raise ReadingsError([Diagnostic(f"the workbook has no sheet `{sheet}`", source, hint=hint)])

    def rows() -> Iterator[list[str]]:
        pairs = zip(
            values[name].iter_rows(min_row=1, min_col=1),
            formulas[name].iter_rows(min_row=1, min_col=1),
            strict=False,
        )
        try:
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

    return name, rows(), (tuple(names[1:]) if sheet is None else ())


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


def _texts(pairs: Iterator[tuple[Any, Any]], stale: bool = False) -> Iterator[list[str]]:
    """Each row's cells as text, a formula never worked out marked as such (every formula,
    if the values stored are ``stale``)."""
    for shown, written in pairs:
        texts = [_text(cell) for cell in shown]
        for index, cell in enumerate(written):
            formula = cell.value
            if (
                isinstance(formula, str)
                and formula.startswith("=")
                and index < len(texts)
                and (
                    stale
                    # No value stored at all; one of type "str" is empty text, worked out.
                    or (not texts[index] and getattr(shown[index], "data_type", "n") == "n")
                )
            ):
                texts[index] = FORMULA + formula
        yield texts
