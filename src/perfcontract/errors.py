"""The public exception hierarchy.

Every error that bad input can cause is a :class:`ContractError`. Each one
carries one or more :class:`Diagnostic` records: where the problem is (source
name, line, column), what it is, and, where we can tell, how to fix it.

```pycon
>>> import perfcontract as pc
>>> try:
...     pc.loads('contract "x" { group "g" { measure A1 "t" { unit percent } } }')
... except pc.ContractError as error:
...     print(error.source, error.line, error.column)
...     print(error.diagnostics[0].message)
<string> 1 36
measure A1 has neither a target nor `no target`

```
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from perfcontract._escape import padding, visible, visible_width

__all__ = [
    "ContractError",
    "ContractSyntaxError",
    "ContractValidationError",
    "Diagnostic",
    "PeriodError",
    "ReadingsError",
    "decode_utf8",
    "quoted",
    "shorten",
]

# A line longer than this is shown as an excerpt around the caret, so that a
# diagnostic's size never grows with the length of the line it points into.
LONG_LINE = 300
EXCERPT = 160  # characters of a long line shown: about a third before the caret


@attrs.frozen
class Diagnostic:
    """One problem in one place, ready to show to the person who wrote the file.

    ``line`` and ``column`` count from 1 and are ``None`` when the problem has
    no place in a file (a period passed to a function, say). ``length`` is how
    many characters the caret underlines. ``source_line`` is the text of the
    offending line, without its line ending. ``severity`` is ``"error"``, or
    ``"warning"`` or ``"note"`` for something said about input that is still
    read (a percentage that looks like a fraction, a file read as
    Windows-1252).

    :meth:`format` shows every control character in the text (an escape
    sequence, a bell, a carriage return, NUL) as its code point, such as
    ``<U+001B>``, keeping the caret under the character it points at: what a
    file holds is shown, never obeyed by the terminal.

    ```pycon
    >>> d = Diagnostic("tolerance 95% is better than the target 90%", source="a.contract",
    ...                line=3, column=5, length=13, source_line="    tolerance 95%",
    ...                hint="make the tolerance the worst acceptable value")
    >>> print(d.format())
    a.contract:3:5: error: tolerance 95% is better than the target 90%
        3 |     tolerance 95%
          |     ^~~~~~~~~~~~~
    help: make the tolerance the worst acceptable value

    ```
    """

    message: str
    source: str = "<string>"
    line: int | None = None
    column: int | None = None
    length: int = 1
    source_line: str | None = None
    hint: str | None = None
    severity: str = attrs.field(
        default="error", validator=attrs.validators.in_(("error", "warning", "note"))
    )

    def format(self) -> str:
        r"""Render as ``FILE:LINE:COL: error: message``, the line, a caret and any hint.

        A warning or a note says ``warning:`` or ``note:`` in place of ``error:``.

        ```pycon
        >>> print(Diagnostic("unexpected `\x1b`", source="e.contract", line=2, column=15,
        ...                  source_line='  council "x" \x1b[31mRED').format())
        e.contract:2:15: error: unexpected `<U+001B>`
            2 |   council "x" <U+001B>[31mRED
              |               ^~~~~~~~

        ```
        """
        source, message = visible(self.source), visible(self.message)
        severity = self.severity
        if self.line is None:
            head = f"{source}: {severity}: {message}"
        elif self.column is None:
            head = f"{source}:{self.line}: {severity}: {message}"
        else:
            head = f"{source}:{self.line}:{self.column}: {severity}: {message}"
        lines = [head]
        if self.line is not None and self.column is not None and self.source_line is not None:
            number = str(self.line)
            gutter = " " * len(number)
            shown, column, length = _excerpt(self.source_line, self.column, self.length)
            # Keep tabs under tabs so the caret lines up in any terminal, and a
            # control character's width as it is shown (`<U+001B>`).
            lead = padding(shown[: column - 1])
            width = max(1, visible_width(shown[column - 1 : column - 1 + length]))
            lines.append(f"    {number} | {visible(shown)}")
            lines.append(f"    {gutter} | {lead}^{'~' * (width - 1)}")
        if self.hint:
            lines.append(f"help: {visible(self.hint)}")
        return "\n".join(lines)


def _excerpt(line: str, column: int, length: int) -> tuple[str, int, int]:
    """What of ``line`` to show, the caret's column in it, and how many characters to underline.

    A line of at most :data:`LONG_LINE` characters is shown whole. A longer
    one is cut to :data:`EXCERPT` characters around the caret, an ellipsis
    marking each cut, so the output stays small however long the line.
    """
    visible = max(1, min(length, len(line) - column + 1))
    if len(line) <= LONG_LINE:
        return line, column, visible
    start = max(0, min(column - 1 - EXCERPT // 3, len(line) - EXCERPT))
    end = start + EXCERPT
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    caret = column - start + (1 if start else 0)
    return shown, caret, max(1, min(visible, end - (column - 1)))


def shorten(text: str, width: int = 60) -> str:
    """``text`` as a message quotes it: whole when short, else its start and end.

    A message that names what was written (a number, a word) stays short
    however long that was.

    ```pycon
    >>> shorten("£1.2m")
    '£1.2m'
    >>> shorten("1" + "0" * 1000)
    '1000000000000000000000000000000000000000…00000000000000000 (1,001 characters)'

    ```
    """
    if len(text) <= width:
        return text
    head = width * 2 // 3
    tail = width - head - 3
    return f"{text[:head]}…{text[len(text) - tail :]} ({len(text):,} characters)"


def quoted(text: str, width: int = 60) -> str:
    r"""A name (a contract's, an authority's, a measure's id) as a message quotes it: in
    backticks, on one line, short (:func:`shorten`), whatever quotes it holds. Its
    control characters are shown where the message is (:meth:`Diagnostic.format` shows
    ``<U+001B>``).

    ```pycon
    >>> print(quoted("O'Brien \"Ltd\""), quoted("Waste\n  collection"))
    `O'Brien "Ltd"` `Waste collection`

    ```
    """
    return f"`{shorten(' '.join(text.split()), width)}`"


def either(words: Iterable[str]) -> str:
    """Words as a list to choose from, as messages give one: "a, b or c".

    ```pycon
    >>> either(["CSV"]), either(["CSV", "JSON", "Markdown"])
    ('CSV', 'CSV, JSON or Markdown')

    ```
    """
    listed = list(words)
    return " or ".join([", ".join(listed[:-1]), listed[-1]] if len(listed) > 1 else listed)


class ContractError(Exception):
    """Base of every error caused by bad input: syntax, validation, periods, readings.

    ``diagnostics`` holds every problem found, in file order; ``source``,
    ``line`` and ``column`` are those of the first, for a quick look. ``str()``
    gives every diagnostic in full; :meth:`format` with a ``limit`` gives the
    first few and says how many more there are.

    ```pycon
    >>> error = ContractError([Diagnostic("no such measure", source="r.csv", line=4, column=1)])
    >>> str(error)
    'r.csv:4:1: error: no such measure'
    >>> error.line
    4

    ```
    """

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        if not diagnostics:
            raise ValueError("a ContractError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        # The text is made when asked for, not here: an error with 10^5
        # problems costs nothing to raise and catch.
        super().__init__(self.diagnostics)

    def __str__(self) -> str:
        return self.format()

    @property
    def first(self) -> Diagnostic:
        """The first problem found."""
        return self.diagnostics[0]

    @property
    def source(self) -> str:
        """The name of the file (or ``<string>``) where the first problem is."""
        return self.first.source

    @property
    def line(self) -> int | None:
        """The 1-based line of the first problem, or ``None`` if it has no place."""
        return self.first.line

    @property
    def column(self) -> int | None:
        """The 1-based column of the first problem, or ``None`` if it has no place."""
        return self.first.column

    def format(self, limit: int | None = None) -> str:
        """The diagnostics in full, separated by blank lines: every one, or the first ``limit``.

        With a ``limit``, a last line says how many more there are, so the
        output is bounded however many problems a file has.

        ```pycon
        >>> error = ContractError([Diagnostic(f"problem {n}", line=n) for n in (1, 2, 3)])
        >>> print(error.format(limit=2))
        <string>:1: error: problem 1
        <BLANKLINE>
        <string>:2: error: problem 2
        <BLANKLINE>
        … and 1 more problem (3 in all)

        ```
        """
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be 0 or more, not {limit}")
        shown = self.diagnostics if limit is None else self.diagnostics[:limit]
        parts = [d.format() for d in shown]
        more = len(self.diagnostics) - len(shown)
        if more:
            problems = "problem" if more == 1 else "problems"
            parts.append(f"… and {more:,} more {problems} ({len(self.diagnostics):,} in all)")
        return "\n\n".join(parts)


class ContractSyntaxError(ContractError):
    """The text is not in the ``.contract`` language (the parser stops at the first)."""


class ContractValidationError(ContractError):
    """The text parses but says something impossible; every such problem is listed."""


class PeriodError(ContractError):
    """A period such as ``2017/18 Q5`` that is not a financial year, quarter or month."""


class ReadingsError(ContractError):
    """Readings that cannot be rated: every bad row, each with its file, line,
    measure and period, reported together."""


def decode_utf8(data: bytes, source: str, error: type[ContractError], hint: str) -> str:
    r"""The text of a file read as UTF-8, or ``error`` pointing at the first byte that is not.

    The column counts characters, not bytes, and the line is shown with the
    unreadable bytes replaced.

    ```pycon
    >>> try:
    ...     decode_utf8(b'council "\xa3"', "a.contract", ContractError, "save it as UTF-8")
    ... except ContractError as problem:
    ...     print(problem)
    a.contract:1:10: error: this file is not UTF-8: byte 0xA3 cannot be read
        1 | council "�"
          |          ^
    help: save it as UTF-8

    ```
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as bad:
        start = bad.start
    line_start = data.rfind(b"\n", 0, start) + 1
    line_end = data.find(b"\n", start)
    line_bytes = data[line_start : line_end if line_end >= 0 else len(data)]
    diagnostic = Diagnostic(
        f"this file is not UTF-8: byte 0x{data[start]:02X} cannot be read",
        source=source,
        line=data.count(b"\n", 0, start) + 1,
        column=len(data[line_start:start].decode("utf-8", "replace")) + 1,
        source_line=line_bytes.decode("utf-8", "replace").removesuffix("\r"),
        hint=hint,
    )
    raise error([diagnostic]) from None
