"""How a readings file was written: its encoding, told from its bytes, and its separator,
told from its header.

A file is read as the program that saved it meant:

* UTF-8, with or without a byte-order mark;
* UTF-16 with a byte-order mark (Excel's "Unicode text");
* Windows-1252 when it is not valid UTF-8 (what Excel writes as "CSV (Comma
  delimited)" in the UK, where a ``£`` is the byte 0xA3), with a note saying
  so; a file that is not Windows-1252 either is refused, pointing at the byte;
* a file that mixes the two (files of each pasted together), line by line:
  a line that is UTF-8 as UTF-8, any other as Windows-1252, with a note
  saying so, so that `Ynys Môn` is one authority whichever line it is on.

An Excel workbook (a ``.xlsx``, which is a zip file) is told apart by its
first bytes, whatever its name; an Excel 97-2003 ``.xls`` is refused with
what to do.

```pycon
>>> decoded = decode("measure,period,value\\nE1,2017/18 Q4,£1\\n".encode("cp1252"), "r.csv")
>>> decoded.encoding, decoded.text.splitlines()[1]
('cp1252', 'E1,2017/18 Q4,£1')
>>> print(decoded.note.format())
r.csv:2:15: note: this file is not UTF-8: it is read as Windows-1252, so byte 0xA3 is `£`
    2 | E1,2017/18 Q4,£1
      |               ^
help: save the file as CSV UTF-8 to be sure every character is read as meant
>>> separator("measure;period;value\\nA1;2017/18 Q4;26,5\\n")
';'

```
"""

from __future__ import annotations

import attrs

from perfcontract.errors import Diagnostic, ReadingsError, decode_utf8

__all__ = ["Decoded", "decode", "is_workbook", "separator"]

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 workbook
SEPARATORS = (",", ";", "\t")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@attrs.frozen
class Decoded:
    """A file's text, the encoding it was read in, and a note if that was not UTF-8."""

    text: str
    encoding: str
    note: Diagnostic | None = None


def is_workbook(data: bytes) -> bool:
    """Whether the bytes are an Excel workbook (.xlsx): a zip file.

    ```pycon
    >>> is_workbook(b"PK\\x03\\x04..."), is_workbook(b"measure,period,value")
    (True, False)

    ```
    """
    return data.startswith(_ZIP)


def decode(data: bytes, source: str) -> Decoded:
    """The text of a readings file, in the encoding it was saved in (see the module)."""
    if data.startswith(_OLE):
        raise ReadingsError(
            [
                Diagnostic(
                    "this is an Excel 97-2003 workbook (.xls), which cannot be read",
                    source,
                    hint="save it as an Excel Workbook (.xlsx) or as CSV UTF-8",
                )
            ]
        )
    if data.startswith(_UTF8_BOM):
        hint = "save the file as CSV UTF-8"
        return Decoded(decode_utf8(data[3:], source, ReadingsError, hint), "utf-8")
    if data.startswith(_UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as bad:
            raise ReadingsError(
                [
                    Diagnostic(
                        f"this file starts as UTF-16, but its byte {bad.start + 1:,}"
                        f" (of {len(data):,}) cannot be read as UTF-16",
                        source,
                        hint="save the file again as Unicode text, or as CSV UTF-8",
                    )
                ]
            ) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as bad:
        first = bad.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as bad:  # a byte Windows-1252 has no character for: neither
        raise ReadingsError(
            [
                _at(
                    data,
                    bad.start,
                    source,
                    f"this file is neither UTF-8 nor Windows-1252: byte 0x{data[bad.start]:02X}"
                    " cannot be read",
                    "save the file as CSV UTF-8",
                    "error",
                )
            ]
        ) from None
    char = data[first : first + 1].decode("cp1252")
    message = (
        f"this file is not UTF-8: it is read as Windows-1252, so byte 0x{data[first]:02X}"
        f" is `{char}`"
    )
    mixed = _line_by_line(data)
    if mixed is not None:
        text = mixed
        message = (
            "this file mixes UTF-8 and Windows-1252: each line is read in the one it is"
            f" written in, and this one is not UTF-8, so byte 0x{data[first]:02X} is `{char}`"
        )
    hint = "save the file as CSV UTF-8 to be sure every character is read as meant"
    encoding = "cp1252" if mixed is None else "utf-8/cp1252"
    return Decoded(text, encoding, _at(data, first, source, message, hint, "note"))


def _line_by_line(data: bytes) -> str | None:
    """The text of a file whose lines are each UTF-8 or Windows-1252, each read in its own;
    None if no line is UTF-8 beyond ASCII (the file is Windows-1252 throughout).

    A byte of a line break is never part of a character in either, so each
    line is whole; Windows-1252 text is almost never valid UTF-8 beyond ASCII.
    """
    texts: list[str] = []
    utf8 = False
    for line in data.split(b"\n"):
        try:
            texts.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            texts.append(line.decode("cp1252"))  # the whole file is Windows-1252
    return "\n".join(texts) if utf8 else None


def _at(data: bytes, at: int, source: str, message: str, hint: str, severity: str) -> Diagnostic:
    """A diagnostic pointing at byte ``at`` of a file in a single-byte reading of it."""
    line_start = data.rfind(b"\n", 0, at) + 1
    line_end = data.find(b"\n", at)
    line_bytes = data[line_start : line_end if line_end >= 0 else len(data)]
    return Diagnostic(
        message,
        source,
        line=data.count(b"\n", 0, at) + 1,
        column=len(data[line_start:at].decode("cp1252", "replace")) + 1,
        source_line=line_bytes.decode("cp1252", "replace").removesuffix("\r"),
        hint=hint,
        severity=severity,
    )


def separator(text: str) -> str:
    """The separator of a CSV file's cells: the one that makes a cell of its header ``measure``.

    The header is the first line that is neither blank nor a comment. A
    comma is tried first, then a semicolon, then a tab; if none makes a
    ``measure`` cell, the file is read with commas (and its header reported).
    A first line ``sep=;`` (which Excel reads, and some programs write for
    it) says the separator outright.

    ```pycon
    >>> separator("# readings\\nmeasure\\t2017/18 Q1\\n"), separator("id,when\\n")
    ('\\t', ',')

    ```
    """
    said = excel_separator(text)
    if said is not None:
        return said
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        for mark in SEPARATORS:
            cells = line.split(mark)  # not csv.reader: a heading too long for it is its to report
            if any(cell.strip().strip('"').strip().lower() == "measure" for cell in cells):
                return mark
        return ","
    return ","


def excel_separator(text: str) -> str | None:
    """The separator a first line ``sep=X`` names, if the file has one (X a separator).

    ```pycon
    >>> excel_separator("sep=;\\nmeasure;period;value\\n"), excel_separator("measure\\n")
    (';', None)

    ```
    """
    first = text[:8].replace("\r", "\n").split("\n", 1)[0]  # a line ends \n, \r\n or \r
    if len(first) == 5 and first.lower().startswith("sep=") and first[4] in SEPARATORS:
        return first[4]
    return None


def name(mark: str) -> str:
    """A separator in words: ``comma``, ``semicolon`` or ``tab``."""
    return _NAMES[mark]
