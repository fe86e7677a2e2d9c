r"""Commentary: the council's challenge and the provider's response, per measure and period.

The reference report pairs each measure of concern with what the council
asked and what the provider answered. A commentary file holds those words so
that a report can print them beside each measure. It is CSV or Markdown; both
say the same four things for each entry: measure, period, author and text.

CSV has a header naming the four columns, in any order (``measure``,
``period``, ``author``, ``text``), separated by commas, semicolons or tabs
(told from the header, as a readings file's); a cell may hold several
paragraphs when quoted. A file is UTF-8, or UTF-16 with a byte-order mark
(Excel's "Unicode text"). In Markdown, a level-two heading names the measure and the period,
and each entry opens with its author in bold at the start of a line (after a
blank line or not); a paragraph that does not continues the author before it.
An author line is written in any of the ways Markdown makes bold, with the
colon inside the bold or just after it: ``**Trust:**``, ``**Trust**:``,
``**Trust** :``, ``__Trust:__``, ``__Trust__:`` (bold italic, ``***Trust:***``,
too); and it may sit in a block quote (``> **Trust:**``, as the report's own
Markdown writes commentary) or a list item (``- **Trust:**``, ``1. **Trust:**``).
Any such line starts a new entry, even inside another author's paragraph, so
one author's words are never merged into another's; a line that looks like
one but is not (``*Trust:*`` in italics, ``-**Trust:**`` with no space after
the list's dash) is a problem, reported with its line. An entry opened in a
block quote reads on through the quote's lines without their ``>``; a ``>``
line with nothing else ends a paragraph.
A level-one heading before the first measure's heading is the file's title,
and plain paragraphs under it its preface: both are skipped. A level-one
heading after a measure's heading is skipped too, but nothing under it is: a
paragraph there has no measure to be about, so it is a problem, reported with
its line. A heading may also be written as Markdown's underlined form: a line
on its own (a blank line, or a heading, before it) with a line of ``---`` under
it is a level-two heading, and with ``===`` a level-one heading. A line
underlined straight after other text is refused with its line, since Markdown
would make one heading of the whole paragraph, and so is an author's line
underlined: ``## A9 2017/18 Q4`` says the same and cannot be misread.

```pycon
>>> from perfcontract.commentary import Commentary
>>> notes = Commentary.from_markdown_text('''# Quarter 4 commentary
...
... ## A1 2017/18 Q4
...
... **Council:** Still outside target; assure us on step-downs.
...
... **Trust:** Re-referrals are analysed monthly.
... Most come back within 60 days.
...
... > __Panel__: Noted.
... >
... > Report again at Q1.
... ''', source="notes.md")
>>> [(c.measure, c.period, c.author, c.line) for c in notes][:2]
[('A1', '2017/18 Q4', 'Council', 5), ('A1', '2017/18 Q4', 'Trust', 7)]
>>> notes[2].author, notes[2].line
('Panel', 10)
>>> print(notes[1].text)
Re-referrals are analysed monthly. Most come back within 60 days.
>>> notes[2].text.split("\n\n")
['Noted.', 'Report again at Q1.']

```

:meth:`Commentary.resolve` checks every entry against a contract — the
measure must be one of its measures and the period a period — and raises one
:class:`CommentaryError` listing every problem, each with its file and line.
"""

from __future__ import annotations

import collections
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import overload

import attrs

from perfcontract import _dialect, _frozen
from perfcontract._csvtext import (
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
from perfcontract._markup import joined_lines
from perfcontract._periodtext import read_period
from perfcontract._suggest import Suggester
from perfcontract.errors import (
    ContractError,
    Diagnostic,
    PeriodError,
    decode_utf8,
    quoted,
    shorten,
)
from perfcontract.model import Contract
from perfcontract.periods import Period

__all__ = ["Comment", "Commentary", "CommentaryError", "ResolvedCommentary"]

COLUMNS = ("measure", "period", "author", "text")


class CommentaryError(ContractError):
    """A commentary file that cannot be used: every problem, each with its file and line."""


@attrs.frozen
class Comment:
    """One entry of commentary: who said what about a measure in a period.

    ``period`` is as written; :meth:`Commentary.resolve` reads it. ``line``
    is where the entry starts in its file (``None`` if it has no file);
    ``heading``, in a Markdown file, is the line of the heading that names
    its measure and period.

    ```pycon
    >>> Comment("B8", "2017/18 Q4", "Trust", "A few complex cases skew the measure.")
    <Comment on B8 for 2017/18 Q4 by 'Trust': 'A few complex cases skew the measure.'>

    ```
    """

    measure: str
    period: str
    author: str
    text: str
    source: str = "<string>"
    line: int | None = None
    heading: int | None = None

    def __repr__(self) -> str:
        text = shorten(one_line(self.text), 40)
        author = shorten(one_line(self.author), 30)
        return f"<Comment on {self.measure} for {self.period} by {author!r}: {text!r}>"


class Commentary(Sequence[Comment]):
    """Entries of commentary, in the order written.

    ```pycon
    >>> notes = Commentary.from_csv_text('''measure,period,author,text
    ... B8,2017/18 Q4,Council,Why the decline?
    ... B8,2017/18 Q4,Trust,"Three complex cases.
    ...
    ... Volumes are high."
    ... ''')
    >>> len(notes), notes[1].author, notes[1].line
    (2, 'Trust', 3)
    >>> notes[1].text.split("\\n\\n")
    ['Three complex cases.', 'Volumes are high.']

    ```
    """

    __slots__ = ("_comments",)

    def __init__(self, comments: Iterable[Comment] = ()) -> None:
        self._comments: tuple[Comment, ...] = tuple(comments)
        for comment in self._comments:
            if not isinstance(comment, Comment):
                raise TypeError(f"Commentary holds Comment entries, not {type(comment).__name__}")

    @overload
    def __getitem__(self, index: int) -> Comment: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Comment]: ...

    def __getitem__(self, index: int | slice) -> Comment | Sequence[Comment]:
        return self._comments[index]

    def __len__(self) -> int:
        return len(self._comments)

    def __iter__(self) -> Iterator[Comment]:
        return iter(self._comments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Commentary):
            return NotImplemented
        return self._comments == other._comments

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Commentary: {len(self._comments)} entries>"

    def __add__(self, other: object) -> Commentary:
        if not isinstance(other, Commentary):
            return NotImplemented
        return Commentary((*self._comments, *other._comments))

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Commentary:
        """Read a commentary file: Markdown if its name ends ``.md`` or ``.markdown``, else CSV.

        ```pycon
        >>> notes = Commentary.read("examples/dcst-2017-18-commentary.md")
        >>> sorted({c.measure for c in notes})[:3]
        ['A1', 'A2', 'A8']

        ```
        """
        comments, problems = _read_file(os.fspath(path))
        if problems:
            raise CommentaryError(problems)
        return cls(comments)

    @classmethod
    def load(cls, path: str | os.PathLike[str], contract: Contract) -> ResolvedCommentary:
        """Read a commentary file and check it against ``contract`` in one step.

        Every problem is reported at once, in file order: the file's own
        (a missing column, a paragraph with no author) and each entry's
        against the contract (an unknown measure or period).

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> notes = Commentary.load("examples/dcst-2017-18-commentary.md", contract)
        >>> [c.author for c in notes.get("A1", pc.Period.parse("2017/18 Q4"))]
        ['Council', 'Trust']

        ```
        """
        comments, problems = _read_file(os.fspath(path))
        resolved, more = _resolve(comments, contract)
        problems += more
        if problems:
            raise CommentaryError(sorted(problems, key=lambda d: d.line or 0))
        return resolved

    @classmethod
    def from_csv_text(cls, text: str, source: str = "<string>") -> Commentary:
        """Read the text of a CSV commentary file; raise CommentaryError listing every bad row.

        ```pycon
        >>> try:
        ...     Commentary.from_csv_text("measure,period,text\\nA1,2017/18 Q4,Why?\\n", "c.csv")
        ... except CommentaryError as error:
        ...     print(error.first.message)
        the header has no `author` column

        ```
        """
        comments, problems = _read_csv(text.removeprefix("\ufeff"), source)
        if problems:
            raise CommentaryError(problems)
        return cls(comments)

    @classmethod
    def from_markdown_text(cls, text: str, source: str = "<string>") -> Commentary:
        """Read the text of a Markdown commentary file; raise CommentaryError listing every problem.

        ```pycon
        >>> try:
        ...     Commentary.from_markdown_text("## A1 2017/18 Q4\\n\\nWhy?\\n", "c.md")
        ... except CommentaryError as error:
        ...     print(error.first.line, error.first.message)
        3 this paragraph does not say who wrote it

        ```
        """
        comments, problems = _read_markdown(text.removeprefix("\ufeff"), source)
        if problems:
            raise CommentaryError(problems)
        return cls(comments)

    def resolve(self, contract: Contract) -> ResolvedCommentary:
        """Check every entry against ``contract``: its measure and its period.

        Raises one :class:`CommentaryError` listing every entry whose measure
        is not in the contract or whose period is not a period.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> notes = Commentary([Comment("A1", "2017/18 Q4", "Council", "Why?")])
        >>> resolved = notes.resolve(contract)
        >>> [c.author for c in resolved.get("A1", pc.Period.parse("2017/18 Q4"))]
        ['Council']
        >>> try:
        ...     Commentary([Comment("A10", "2017/18 Q5", "Council", "Why?", "c.csv", 2)]).resolve(
        ...         contract)
        ... except CommentaryError as error:
        ...     print(error)
        c.csv:2: error: measure A10, period 2017/18 Q5: the contract `DCST service delivery \
contract` has no measure A10
        help: did you mean A1?
        <BLANKLINE>
        c.csv:2: error: measure A10: `2017/18 Q5` is not a quarter: there is no Q5
        help: quarters are Q1 to Q4

        ```
        """
        resolved, problems = _resolve(self._comments, contract)
        if problems:
            raise CommentaryError(problems)
        return resolved


@attrs.frozen
class ResolvedCommentary:
    """Commentary checked against a contract: entries by (measure id, period).

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> notes = Commentary.read("examples/dcst-2017-18-commentary.md").resolve(contract)
    >>> [c.author for c in notes.get("B8", pc.Period.parse("2017/18 Q4"))]
    ['Council', 'Trust']
    >>> notes.get("A3", pc.Period.parse("2017/18 Q4"))
    ()

    ```
    """

    entries: Mapping[tuple[str, Period], tuple[Comment, ...]] = attrs.field(
        factory=lambda: MappingProxyType({})
    )
    contract_name: str | None = None  # the contract checked against; None: empty

    # Pickles (to another process) and copies, its read-only views written as dicts.
    __getstate__ = _frozen.state
    __setstate__ = _frozen.restore

    def __repr__(self) -> str:
        count = sum(len(comments) for comments in self.entries.values())
        name = (
            ""
            if self.contract_name is None
            else f" for {shorten(one_line(self.contract_name), 60)!r}"
        )
        return f"<ResolvedCommentary{name}: {count} entries>"

    def get(self, measure: str, period: Period) -> tuple[Comment, ...]:
        """The entries for ``measure`` in ``period``, in the order written; () if none."""
        return self.entries.get((measure, period), ())


# ---------------------------------------------------------------------------
# Checking against the contract


def _read_file(name: str) -> tuple[list[Comment], list[Diagnostic]]:
    with open(name, "rb") as file:
        data = file.read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM: Excel's "Unicode text"
        try:
            text = data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError as bad:
            message = f"this file starts as UTF-16, but its byte {bad.start + 1:,} cannot be read"
            hint = "save the file again as Unicode text, or as UTF-8"
            return [], [Diagnostic(message, source=name, hint=hint)]
    else:
        hint = "save the file as UTF-8"
        text = decode_utf8(data, name, CommentaryError, hint).removeprefix("\ufeff")
    if name.lower().endswith((".md", ".markdown")):
        return _read_markdown(text, name)
    return _read_csv(text, name)


def _resolve(
    comments: Iterable[Comment], contract: Contract
) -> tuple[ResolvedCommentary, list[Diagnostic]]:
    """The entries by measure and period, and every entry's problems against ``contract``."""
    problems: list[Diagnostic] = []
    entries: dict[tuple[str, Period], list[Comment]] = {}
    suggest = Suggester(contract.measures, cutoff=0.5, fold=str.upper)
    for comment in comments:
        empty = _incomplete(comment)
        problems += empty
        known = comment.measure in contract.measures
        if comment.measure and not known:
            problems.append(_unknown_measure(comment, contract, suggest))
        if not comment.period:
            continue
        try:
            period = read_period(comment.period, year_start=contract.year_start)
        except PeriodError as error:
            problems.append(_unknown_period(comment, error))
            continue
        if known and not empty:
            entries.setdefault((comment.measure, period), []).append(comment)
    resolved = ResolvedCommentary(
        MappingProxyType({key: tuple(found) for key, found in entries.items()}), contract.name
    )
    # Entries under one Markdown heading share its measure and period: say so once, there.
    unique = list(dict.fromkeys(problems))
    return resolved, unique


def _at(comment: Comment, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(message, source=comment.source, line=comment.line, hint=hint)


def _at_heading(comment: Comment, message: str, hint: str | None = None) -> Diagnostic:
    """A problem with the measure or period: at the heading naming them, if there is one."""
    line = comment.line if comment.heading is None else comment.heading
    return Diagnostic(message, source=comment.source, line=line, hint=hint)


def _unknown_measure(comment: Comment, contract: Contract, suggest: Suggester) -> Diagnostic:
    close = suggest(comment.measure)
    hint = "use the id of a measure in the contract"
    if close is not None:
        hint = f"did you mean {close}?"
    return _at_heading(
        comment,
        f"{_named(comment)}: the contract {quoted(contract.name)} has no measure"
        f" {_one_word(comment.measure)}",
        hint,
    )


def _one_word(text: str) -> str:
    """A measure or period as a message names it: on one line, short."""
    return shorten(" ".join(text.split()))


def _named(comment: Comment) -> str:
    """The measure and period an entry is for, as a message names them: what it has of them."""
    return _named_by(comment.measure, comment.period)


def _named_by(measure: str, period: str) -> str:
    """A measure and period as a message names them: what there is of them."""
    named = [f"measure {_one_word(measure)}"] if measure.strip() else []
    if period.strip():
        named.append(f"period {_one_word(period)}")
    return ", ".join(named)


def _unknown_period(comment: Comment, error: PeriodError) -> Diagnostic:
    measure = _one_word(comment.measure) or "(blank)"
    return _at_heading(comment, f"measure {measure}: {error.first.message}", error.first.hint)


# ---------------------------------------------------------------------------
# CSV


def _cells(count: int) -> str:
    return f"{count} cell{'' if count == 1 else 's'}"


def _csv_rows(
    text: str, source: str, problems: list[Diagnostic]
) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on, the header first.

    A row with other than the header's number of cells is a problem, at the
    first cell too many or the last of too few. A row with a cell longer than
    the csv module allows is a problem at that cell, and reading goes on after
    the row; a header csv cannot read, or a row it cannot read for another
    reason, ends the file.
    """
    # Python 3.10's csv module refuses a NUL: another character stands in for it.
    stand_in = nul_stand_in(text)
    fed = text if stand_in is None else text.replace("\x00", stand_in)
    # Commas, semicolons or tabs, as the header says (or a first line `sep=;`, which is then
    # read as a blank line, so that lines keep their numbers): as a readings file's.
    if _dialect.excel_separator(fed) is not None:
        fed = re.sub(r"\A[^\r\n]*", "", fed, count=1)
    sep = _dialect.separator(text)
    lines = io.StringIO(fed, newline="").readlines()
    rows = csv.reader(lines, delimiter=sep)
    before = 0  # the lines before the ones the reader is given
    headings: list[str] = []  # the header's cells, once read
    start = 1
    while True:
        try:
            cells = next(rows)
            if stand_in is not None:
                cells = [cell.replace(stand_in, "\x00") for cell in cells]
        except StopIteration:
            return
        except csv.Error as error:
            if not too_long(error):
                problems.append(
                    Diagnostic(
                        f"this row cannot be read as CSV: {error}",
                        source=source,
                        line=start,
                        hint="save the file as CSV from a spreadsheet, or check its quotes",
                    )
                )
                return
            # The reader gives up the record: it is a problem, and reading goes on after it.
            end = record_end(lines, start - 1, before + rows.line_num - 1, sep)
            problems.append(_too_long(lines, start, end, source, headings, sep))
            if end is None or not headings:  # a quote open to the end, or the header
                return
            rows = csv.reader(lines[end:], delimiter=sep)
            before, start = end, end + 1
            continue
        line, start = start, before + rows.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if not headings:
            headings = [cell.strip() for cell in cells]
        elif len(cells) != len(headings):
            problems.append(_cell_count(lines[line - 1], line, len(cells), headings, source, sep))
            continue
        yield line, cells


def _cell_count(
    text: str, line: int, count: int, headings: list[str], source: str, sep: str
) -> Diagnostic:
    """The problem of a row of ``count`` cells, starting on ``line`` (its ``text``), under a
    header of another number: at the first cell too many, or at the last of too few, if
    the row's first line holds it (else at the line)."""
    text = text.rstrip("\r\n")
    width = len(headings)
    spans = scan(text, sep)[0]
    at = width if count > width else count - 1
    column, length = caret(text, spans[at]) if at < len(spans) else (1, max(1, len(text)))
    return Diagnostic(
        f"this row has {_cells(count)} but the header has {_cells(width)}",
        source,
        line,
        column,
        length,
        text,
        _CELLS_HINT,
    )


def _too_long(
    lines: list[str], line: int, end: int | None, source: str, headings: list[str], sep: str
) -> Diagnostic:
    """The problem of a record csv refused for a cell too long, starting on ``line`` and
    ending on line ``end`` (None: a quote is open to the end of the file): at the cell, or
    at the line if a quote left open made the rest one cell; naming the measure and
    period its other cells give."""
    text = lines[line - 1].rstrip("\r\n")
    message, cell, spans = long_cell(text, headings, sep)
    if cell is None:
        message, hint = open_quote(message, end)
        column, length = 1, max(1, len(text))
    else:
        column, length = caret(text, spans[cell])
        heading = headings[cell].lower() if cell < len(headings) else ""
        hint = _TOO_LONG_HINTS.get(heading, _CELLS_HINT) if headings else _HEADER_HINT
    if headings:
        names = [heading.lower() for heading in headings]
        cells = short_cells(text, spans, sep)
        given = {name: cells[at].strip() for at, name in enumerate(names) if at < len(cells)}
        named = _named_by(given.get("measure", ""), given.get("period", ""))
        message = f"{named}: {message}" if named else message
    return Diagnostic(message, source, line, column, length, text, hint)


_HEADER_HINT = f"the header names the columns {', '.join(COLUMNS)}, in any order"
_CELLS_HINT = "quote a cell that holds a comma or a line break"
_TOO_LONG_HINTS = {
    "text": (
        "split a text this long into several entries for its measure and period, or write"
        " the commentary in Markdown, which has no such limit"
    ),
    "measure": "a measure is named by its id, such as A1: check what this cell holds",
    "period": "a period is written as 2017/18 Q4 or 2024-05: check what this cell holds",
    "author": "an author is a name, such as Council or Trust: check what this cell holds",
}


def _read_csv(text: str, source: str) -> tuple[list[Comment], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    rows = _csv_rows(text, source, problems)
    first = next(rows, None)
    if first is None:
        if not problems:
            hint = f"start with the header {','.join(COLUMNS)}"
            problems.append(Diagnostic("the file is empty", source=source, hint=hint))
        return [], problems
    header_line, header = first
    problems += _header_problems(header, header_line, source)
    if problems:
        return [], problems
    names = [cell.strip().lower() for cell in header]
    where = {name: names.index(name) for name in COLUMNS}
    comments: list[Comment] = []
    for start, cells in rows:  # each of the header's width
        comments.append(
            Comment(
                measure=cells[where["measure"]].strip(),
                period=cells[where["period"]].strip(),
                author=cells[where["author"]].strip(),
                text=_paragraphs(cells[where["text"]]),
                source=source,
                line=start,
            )
        )
    return comments, problems


def _header_problems(header: list[str], line: int, source: str) -> list[Diagnostic]:
    names = [cell.strip().lower() for cell in header]
    problems = []
    for column in COLUMNS:
        if column not in names:
            problems.append(
                Diagnostic(
                    f"the header has no `{column}` column",
                    source=source,
                    line=line,
                    hint=_HEADER_HINT,
                )
            )
    for cell, name in zip(header, names, strict=True):
        if name not in COLUMNS:
            problems.append(
                Diagnostic(
                    f"the header has a column {quoted(cell)} that commentary does not have",
                    source=source,
                    line=line,
                    hint=f"keep only the columns {', '.join(COLUMNS)}",
                )
            )
    counts = collections.Counter(name for name in names if name in COLUMNS)
    for name in sorted(name for name, count in counts.items() if count > 1):
        problems.append(
            Diagnostic(
                f"the header names the `{name}` column twice",
                source=source,
                line=line,
                hint="keep one column of each name",
            )
        )
    return problems


def _incomplete(comment: Comment) -> list[Diagnostic]:
    """Problems of an entry with an empty field: every entry needs all four."""
    problems = []
    for name in COLUMNS:
        if not getattr(comment, name):
            named = _named(comment)
            message = f"{named}: this entry has no {name}" if named else f"this entry has no {name}"
            problems.append(_at(comment, message, f"write the {name}: {_EXAMPLES[name]}"))
    return problems


_EXAMPLES = {
    "measure": "the measure's id, such as A1",
    "period": "a period such as 2017/18 Q4",
    "author": "who wrote it, such as Council or Trust",
    "text": "what they said",
}


def _paragraphs(text: str) -> str:
    """The text as paragraphs split by one blank line, each paragraph's lines joined by spaces.

    A line break inside a paragraph is where the writer's editor wrapped it,
    as Markdown reads it, so the report can wrap the text to its own width;
    a list item keeps a line of its own, so that the report can show the list.
    """
    paragraphs = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    kept = (joined_lines(p) for p in paragraphs)
    return "\n\n".join(p for p in kept if p)


# ---------------------------------------------------------------------------
# Markdown

# A heading: its level, and its text with any closing `#`s and spaces (taken off with
# rstrip: a lazy `(.*?)[ \t#]*` tried the rest of the line at each character).
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*)")
# An author line: in a block quote or a list item or neither, the author in bold (`**`
# or `__`), the colon inside the bold or just after it, then the first of the text.
_AUTHOR = re.compile(
    r"""(?P<lead>(?:(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]))[ \t]*)*)
        (?:\*\*\*?(?P<starred>[^*\n]+?)(?::\*\*\*?|\*\*\*?[ \t]*:)
          |___?(?P<underlined>[^_\n]+?)(?::___?|___?[ \t]*:))
        [ \t]*(?P<text>.*)""",
    re.VERBOSE,
)
_QUOTE = re.compile(r"(?:>[ \t]*)+")
# The underline that makes the paragraph above it a heading (CommonMark's setext heading).
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
# What starts a block quote or a list item: a paragraph there is not the file's own.
_BLOCK_START = re.compile(r">|(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)")
# What looks like an author line but is not one: a name and a colon in italics, or in
# bold straight after a list's marker with no space.
_LIKE_AUTHOR = re.compile(
    r"""[>*+0-9.)\s-]*?(?P<mark>[*_]{1,3})(?P<name>[^\s*_:][^*_\n:]{0,79}?)[ \t]*
        (?::[ \t]*(?P=mark)|(?P=mark)[ \t]*:)(?:[ \t].*)?""",
    re.VERBOSE,
)


def _indented(line: str) -> bool:
    """Whether ``line`` starts four or more columns in (a tab counts as four)."""
    lead = line[: len(line) - len(line.lstrip(" \t"))].replace("\t", "    ")
    return len(lead) >= 4


@attrs.define
class _Entry:
    """An entry being read: its heading's measure, period and line, its author, its lines."""

    measure: str
    period: str
    heading: int
    author: str
    line: int
    lines: list[str]
    quoted: bool = False  # opened in a block quote: its `>` lines read on without the `>`


@attrs.define
class _MarkdownReader:
    """Reads a Markdown commentary file line by line: the entries, and every problem."""

    source: str
    comments: list[Comment] = attrs.field(factory=list)
    problems: list[Diagnostic] = attrs.field(factory=list)
    section: tuple[str, str, int] | None = None  # the measure, period and line of `## ...`
    empty: tuple[int, str] | None = None  # that heading's line, while nothing is under it
    entry: _Entry | None = None
    preface: bool = False  # under the level-one title, before any measure's heading
    measured: bool = False  # a measure's heading has been read: no preface after it
    later_title: bool = False  # under a level-one heading after a measure's heading
    blank: bool = True  # the line before was blank, or there was none
    plain: bool = False  # the paragraph being read is not in a list or a block quote

    def read(self, text: str) -> tuple[list[Comment], list[Diagnostic]]:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        underlined = False  # this line is the `---` or `===` of a heading above it
        for number, line in enumerate(lines, start=1):
            if underlined:
                underlined, self.blank = False, True
                continue
            stripped = line.strip()
            heading = _HEADING.fullmatch(stripped)
            if not heading and stripped:
                self.plain = self.plain_after(line, stripped)
                below = lines[number] if number < len(lines) else ""
                underlined = self.plain and _UNDERLINE.fullmatch(below) is not None
            if underlined:
                self.setext(number, line, stripped, 1 if "=" in below else 2)
            elif heading and self.entry is not None and not self.blank and _indented(line):
                heading = None  # four spaces in: more of the paragraph, as Markdown reads it
                self.text(number, line, stripped)
            elif heading and len(heading[1]) == 1 and self.entry is not None and not self.blank:
                # A title straight after a line of an entry ("# of referrals rose"): read
                # as a heading, it would end the entry and be dropped. Say so.
                self.problem(
                    number,
                    line,
                    f"this line reads as a heading, which would end {self.entry.author}'s"
                    " entry and leave the line out",
                    "if it is part of the text, begin it some other way (`\\#` shows a `#`);"
                    " if it is a heading, put a blank line before it",
                )
                self.entry.lines.append(stripped)
                heading = None  # read on as the entry's text
            elif heading:
                self.heading(number, line, len(heading[1]), heading[2].rstrip(" \t#"))
            elif stripped:
                self.text(number, line, stripped)
            elif self.entry is not None:
                self.entry.lines.append("")  # a paragraph ends
            self.blank = heading is not None or not stripped
        self.finish()
        self.check_empty()
        return self.comments, sorted(self.problems, key=lambda problem: problem.line or 0)

    def plain_after(self, line: str, stripped: str) -> bool:
        """Whether the paragraph this line is in is the file's own, not in a list or quote.

        Only such a paragraph becomes a heading when a `---` or `===` line follows it.
        """
        if self.blank:  # the line starts a paragraph
            return not _indented(line) and _BLOCK_START.match(stripped) is None
        return self.plain and _BLOCK_START.match(stripped) is None

    def setext(self, number: int, line: str, stripped: str, level: int) -> None:
        """A line underlined with `===` (level 1) or `---` (level 2): a heading in Markdown.

        A line on its own is read as the heading it is, as if written with
        ``#`` or ``##``. A line ending a longer paragraph would take the lines
        above it into the heading, and an author's line would lose its entry:
        neither is what was meant, and both are refused.
        """
        if self.blank and not _AUTHOR.fullmatch(stripped):
            self.heading(number, line, level, stripped)
            return
        mark = "===" if level == 1 else "---"
        what = "it" if self.blank else "it and the lines above it"
        self.problem(
            number,
            line,
            f"this line is underlined with `{mark}`, which in Markdown makes a heading of {what}",
            "delete the line under it: an author's line opens a comment, never a heading"
            if _AUTHOR.fullmatch(stripped)
            else f"if it is a heading, write it as `{'#' * level} {shorten(stripped)}` after a"
            " blank line; if not, delete the line under it",
        )
        self.text(number, line, stripped)

    def heading(self, number: int, line: str, level: int, title: str) -> None:
        self.finish()
        if level > 2:
            self.problem(
                number,
                line,
                f"a level-{level} heading has no place in commentary",
                "use `## A1 2017/18 Q4` for each measure and `**Author:**` for each paragraph",
            )
            return
        self.check_empty()
        self.section, self.empty = None, None
        self.preface = level == 1 and not self.measured
        self.later_title = level == 1 and self.measured
        if level == 1:
            return
        self.measured = True
        measure, period = [*title.split(None, 1), "", ""][:2]
        if not period.strip():
            self.problem(
                number,
                line,
                "this heading does not name a measure and a period",
                "write the heading as `## A1 2017/18 Q4`: the measure's id, then the period",
            )
            return
        self.section, self.empty = (measure, period.strip(), number), (number, line)

    def text(self, number: int, line: str, stripped: str) -> None:
        self.empty = None  # something is written under the heading
        # An author in bold starts an entry at the start of any line, so that
        # `**Trust:**` on the line after the Council's words is the Trust's.
        author = _AUTHOR.fullmatch(stripped)
        if author:
            self.finish()
            if self.section is None:
                self.problem(
                    number,
                    line,
                    "this paragraph is not under a heading naming its measure and period",
                    "put a heading such as `## A1 2017/18 Q4` above it",
                )
                return
            measure, period, heading = self.section
            name = (author["starred"] or author["underlined"]).strip()
            quoted = ">" in author["lead"]
            self.entry = _Entry(measure, period, heading, name, number, [author["text"]], quoted)
        elif self.entry is not None and (like := _LIKE_AUTHOR.fullmatch(stripped)):
            # Read as text it would join the entry before: say so rather than merge it.
            name = like["name"].strip()
            self.problem(
                number,
                line,
                f"this line looks like an author, {name}, but is not written as one",
                f"start an entry with its author in bold, `**{name}:**` (after `- ` in a list);"
                " if the line is part of the text, begin it some other way",
            )
        elif self.entry is not None:
            if self.entry.quoted and stripped.startswith(">"):
                stripped = _QUOTE.sub("", stripped, count=1).strip()  # "" ends a paragraph
            self.entry.lines.append(stripped)
        elif self.preface or not self.blank:
            pass  # the file's own introduction, or more of a paragraph already reported
        elif self.later_title:
            self.problem(
                number,
                line,
                "this paragraph is not under a heading naming its measure and period",
                "only the title, before the first measure's heading, may have a preface;"
                " put a heading such as `## A1 2017/18 Q4` above it, and its author in bold",
            )
        elif self.section is None:
            self.problem(
                number,
                line,
                "this paragraph is not under a heading naming its measure and period",
                "put a heading such as `## A1 2017/18 Q4` above it, and its author in bold",
            )
        else:
            self.problem(
                number,
                line,
                "this paragraph does not say who wrote it",
                "start it with its author in bold, such as `**Council:**`",
            )

    def finish(self) -> None:
        """The entry being read is complete."""
        entry, self.entry = self.entry, None
        if entry is not None:
            text = _paragraphs("\n".join(entry.lines))
            self.comments.append(
                Comment(
                    entry.measure,
                    entry.period,
                    entry.author,
                    text,
                    self.source,
                    entry.line,
                    entry.heading,
                )
            )

    def check_empty(self) -> None:
        """A measure's heading with nothing under it is a problem: its commentary is missing."""
        if self.empty is not None:
            self.problem(
                *self.empty,
                "this heading has no commentary under it",
                "write a paragraph under it starting with its author in bold, such as"
                " `**Council:**`, or delete the heading",
            )

    def problem(self, number: int, line: str, message: str, hint: str) -> None:
        self.problems.append(
            Diagnostic(
                message, source=self.source, line=number, column=1, source_line=line, hint=hint
            )
        )


def _read_markdown(text: str, source: str) -> tuple[list[Comment], list[Diagnostic]]:
    return _MarkdownReader(source).read(text)
