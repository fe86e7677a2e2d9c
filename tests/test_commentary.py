"""Tests for perfcontract.commentary: commentary in CSV and Markdown, checked against a contract.

``tests/golden/commentary/NAME.csv`` and ``NAME.md`` are bad commentary files;
``NAME.expected`` beside each is exactly the CommentaryError (its ``str()``)
that ``Commentary.load`` gives for it, from the repository root, against the
reference contract. To regenerate them after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_commentary.py

then read every changed golden (``git diff tests/golden/commentary``) before
committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.commentary import Comment, Commentary, CommentaryError, ResolvedCommentary
from perfcontract.errors import ContractError, PeriodError
from perfcontract.periods import Period

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "commentary"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
CONTRACT = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
EXAMPLE = ROOT / "examples" / "dcst-2017-18-commentary.md"
Q4 = Period.parse("2017/18 Q4")
HEADER = "measure,period,author,text\n"
NAME = "`DCST service delivery contract`"


def unknown(measure: str, period: str = "2017/18 Q4") -> str:
    """The message for an entry whose measure the reference contract does not have."""
    return f"measure {measure}, period {period}: the contract {NAME} has no measure {measure}"


A1_Q4, A2_Q4 = "measure A1, period 2017/18 Q4", "measure A2, period 2017/18 Q4"


COLUMNS_HINT = "the header names the columns measure, period, author, text, in any order"
CELLS_HINT = "quote a cell that holds a comma or a line break"
CSV_HINT = "save the file as CSV from a spreadsheet, or check its quotes"
TEXT_TOO_LONG = (
    "split a text this long into several entries for its measure and period, or write the"
    " commentary in Markdown, which has no such limit"
)
UNDER_HEADING = "this paragraph is not under a heading naming its measure and period"

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=100, deadline=None)


def read_csv(text: str, source: str = "c.csv") -> list[Comment]:
    """The entries of a CSV commentary text."""
    return list(Commentary.from_csv_text(text, source))


def read_md(text: str, source: str = "c.md") -> list[Comment]:
    """The entries of a Markdown commentary text."""
    return list(Commentary.from_markdown_text(text, source))


def csv_failure(text: str, source: str = "c.csv") -> CommentaryError:
    """The CommentaryError that reading a CSV commentary text raises."""
    with pytest.raises(CommentaryError) as info:
        Commentary.from_csv_text(text, source)
    return info.value


def md_failure(text: str, source: str = "c.md") -> CommentaryError:
    """The CommentaryError that reading a Markdown commentary text raises."""
    with pytest.raises(CommentaryError) as info:
        Commentary.from_markdown_text(text, source)
    return info.value


def resolve_failure(comments: Commentary) -> CommentaryError:
    """The CommentaryError that resolving ``comments`` against the reference contract raises."""
    with pytest.raises(CommentaryError) as info:
        comments.resolve(CONTRACT)
    return info.value


def places(error: CommentaryError) -> list[tuple[int | None, str]]:
    """Every problem of an error as (line, message), in order."""
    return [(d.line, d.message) for d in error.diagnostics]


def entry(measure: str, period: str = "2017/18 Q4", line: int = 2, **fields: str) -> Comment:
    """A comment from c.csv with sensible defaults."""
    values = {"author": "Council", "text": "Why?", **fields}
    return Comment(measure, period, values["author"], values["text"], "c.csv", line)


# ---------------------------------------------------------------------------
# The model


class TestComment:
    def test_defaults(self) -> None:
        """A comment made in code has the source <string> and no line."""
        comment = Comment("A1", "2017/18 Q4", "Council", "Why?")
        assert ("<string>", None) == (comment.source, comment.line)

    def test_frozen(self) -> None:
        """A comment cannot be changed once made."""
        comment = Comment("A1", "2017/18 Q4", "Council", "Why?")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            comment.text = "Because."  # type: ignore[misc]


class TestCommentary:
    def test_a_sequence_in_the_order_given(self) -> None:
        """Commentary is a sequence of its comments, in the order given."""
        first, second = entry("A1"), entry("B8", author="Trust")
        notes = Commentary([first, second])
        assert (2, first, second, [first, second]) == (len(notes), notes[0], notes[-1], list(notes))
        assert (second,) == tuple(notes[1:])

    def test_only_comments(self) -> None:
        """Anything but a Comment is refused, naming its type."""
        with pytest.raises(TypeError, match=r"^Commentary holds Comment entries, not str$"):
            Commentary(["A1"])  # type: ignore[list-item]

    def test_equality_and_addition(self) -> None:
        """Equal comments make equal commentary; + joins two, in order; it is not hashable."""
        a, b = Commentary([entry("A1")]), Commentary([entry("B8")])
        assert Commentary([entry("A1")]) == a
        assert a != b
        assert Commentary([entry("A1"), entry("B8")]) == a + b
        assert a.__eq__([entry("A1")]) is NotImplemented
        with pytest.raises(TypeError):
            hash(a)

    def test_repr(self) -> None:
        """The repr says how many entries there are."""
        assert "<Commentary: 2 entries>" == repr(Commentary([entry("A1"), entry("B8")]))

    def test_error_is_a_contract_error(self) -> None:
        """CommentaryError is a ContractError, so one except clause catches every bad input."""
        assert issubclass(CommentaryError, ContractError)


# ---------------------------------------------------------------------------
# CSV


class TestCsvHeader:
    def test_columns_in_any_order_and_case(self) -> None:
        """The four columns may come in any order, in any case, with spaces around them."""
        text = " Text ,AUTHOR,Period, measure\nWhy?,Council,2017/18 Q4,A1\n"
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", "c.csv", 2)] == read_csv(text)

    def test_a_header_alone_is_no_entries(self) -> None:
        """A file with only its header has no entries, and that is no error."""
        assert [] == read_csv(HEADER)

    @pytest.mark.parametrize("text", ["", "\n", "\n\n\n", "\ufeff"])
    def test_empty_file(self, text: str) -> None:
        """An empty file is one problem, with no line, and a hint giving the header."""
        error = csv_failure(text)
        assert (
            "c.csv: error: the file is empty\n"
            "help: start with the header measure,period,author,text"
        ) == str(error)
        assert error.line is None

    def test_blank_lines_before_the_header_are_skipped(self) -> None:
        """Blank lines before the header are skipped, as blank rows are; the lines still count."""
        text = "\n\n" + HEADER + "A1,2017/18 Q4,Council,Why?\n"
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", "c.csv", 4)] == read_csv(text)

    def test_one_missing_column(self) -> None:
        """A header without `author` says so on line 1, with the columns it should name."""
        error = csv_failure("measure,period,text\nA1,2017/18 Q4,Why?\n")
        assert f"c.csv:1: error: the header has no `author` column\nhelp: {COLUMNS_HINT}" == str(
            error
        )

    def test_every_missing_column_at_once(self) -> None:
        """Every missing column is reported at once, in the order measure, period, author, text."""
        error = csv_failure("text,measure\nWhy?,A1\n")
        assert [
            (1, "the header has no `period` column"),
            (1, "the header has no `author` column"),
        ] == places(error)
        assert [COLUMNS_HINT, COLUMNS_HINT] == [d.hint for d in error.diagnostics]

    def test_unknown_column(self) -> None:
        """A column commentary does not have is named as written, with the columns to keep."""
        error = csv_failure("measure,period,author,text, Note \n")
        assert (
            "c.csv:1: error: the header has a column `Note` that commentary does not have\n"
            "help: keep only the columns measure, period, author, text"
        ) == str(error)

    def test_missing_and_unknown_together(self) -> None:
        """A header with missing and unknown columns reports both kinds, missing first."""
        error = csv_failure("Measure,Comment,Text\n")
        assert [
            (1, "the header has no `period` column"),
            (1, "the header has no `author` column"),
            (1, "the header has a column `Comment` that commentary does not have"),
        ] == places(error)

    def test_repeated_column(self) -> None:
        """A column named twice (whatever its case) is one problem, however often it repeats."""
        error = csv_failure("measure,period,author,text,Text,TEXT\n")
        assert (
            "c.csv:1: error: the header names the `text` column twice\n"
            "help: keep one column of each name"
        ) == str(error)

    def test_repeated_columns_in_order_of_name(self) -> None:
        """Several repeated columns are reported in alphabetical order."""
        error = csv_failure("text,period,measure,author,period,author\n")
        assert [
            (1, "the header names the `author` column twice"),
            (1, "the header names the `period` column twice"),
        ] == places(error)

    def test_a_column_is_quoted_as_messages_quote(self) -> None:
        """A column's name is quoted in backticks, on one line, its control characters shown
        as code points: never as Python writes a string."""
        error = csv_failure('measure,period,author,text,"it\'s \x1b[2J ""x""\n y"\n')
        assert (
            'c.csv:1: error: the header has a column `it\'s <U+001B>[2J "x" y` that commentary'
            " does not have\n"
            "help: keep only the columns measure, period, author, text"
        ) == str(error)

    def test_a_long_column_name_is_shortened(self) -> None:
        """A column's name of 10^4 characters is quoted by its start and end."""
        error = csv_failure("measure,period,author,text," + "c" * 10_000 + "\n")
        assert f"`{'c' * 40}…{'c' * 17} (10,000 characters)`" in error.first.message

    def test_many_columns(self) -> None:
        """A header of 10^5 columns besides the four: one problem a column, in order."""
        n = 100_000
        error = csv_failure("measure,period,author,text," + ",".join(f"c{i}" for i in range(n)))
        assert [
            f"the header has a column `c{i}` that commentary does not have" for i in range(n)
        ] == [d.message for d in error.diagnostics]
        shown = error.format(limit=50)
        assert (50, True) == (shown.count(": error: "), shown.endswith("(100,000 in all)"))

    def test_a_column_repeated_many_times(self) -> None:
        """Each of the four columns repeated 10^5 times: one problem for each of the four."""
        n = 100_000
        error = csv_failure(",".join(["measure,period,author,text"] * n) + "\n")
        assert [
            (1, "the header names the `author` column twice"),
            (1, "the header names the `measure` column twice"),
            (1, "the header names the `period` column twice"),
            (1, "the header names the `text` column twice"),
        ] == places(error)

    def test_a_bad_header_reads_no_rows(self) -> None:
        """With a bad header no row is read, so its problems are the header's alone."""
        error = csv_failure("measure,period,text\nA1\n")
        assert [1] == [d.line for d in error.diagnostics]


class TestCsvRows:
    def test_cells_are_stripped(self) -> None:
        """Spaces around the measure, period, author and text are dropped."""
        text = HEADER + " A1 , 2017/18 Q4 , Council ,  Why?  \n"
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", "c.csv", 2)] == read_csv(text)

    def test_quoted_paragraphs(self) -> None:
        """A quoted cell keeps its paragraphs, split on blank lines; lines in one are joined."""
        text = HEADER + 'B8,2017/18 Q4,Trust,"Three complex\ncases.\n\nVolumes\nare high."\n'
        [comment] = read_csv(text)
        assert "Three complex cases.\n\nVolumes are high." == comment.text

    def test_whitespace_in_a_paragraph_is_one_space(self) -> None:
        """Runs of spaces and tabs, and lines of only spaces between paragraphs, are tidied."""
        text = HEADER + 'A1,2017/18 Q4,Council,"  a \t b  \n  c\n \t \nd  \n\n\n\ne"\n'
        [comment] = read_csv(text)
        assert "a b c\n\nd\n\ne" == comment.text

    def test_bom(self) -> None:
        """A UTF-8 byte order mark before the header is ignored."""
        text = "\ufeff" + HEADER + "A1,2017/18 Q4,Council,Why?\n"
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", "c.csv", 2)] == read_csv(text)

    def test_nul_in_a_cell_is_kept(self) -> None:
        """A NUL in a cell is read as any other character, on every Python."""
        [comment] = read_csv(HEADER + "A1,2017/18 Q4,Council,Why\x00?\n")
        assert "Why\x00?" == comment.text

    def test_crlf(self) -> None:
        """CRLF line ends read as LF, inside a quoted cell too, and lines count the same."""
        crlf = 'measure,period,author,text\r\nA1,2017/18 Q4,Council,"a\r\nb\r\n\r\nc"\r\n'
        crlf += "A2,2017/18 Q4,Trust,d\r\n"
        assert [
            Comment("A1", "2017/18 Q4", "Council", "a b\n\nc", "c.csv", 2),
            Comment("A2", "2017/18 Q4", "Trust", "d", "c.csv", 6),
        ] == read_csv(crlf)
        assert read_csv(crlf) == read_csv(crlf.replace("\r\n", "\n"))

    def test_bare_carriage_returns(self) -> None:
        """Old Mac line ends (CR alone) inside a cell split lines and paragraphs too."""
        [comment] = read_csv(HEADER + 'A1,2017/18 Q4,Council,"a\rb\r\rc"\n')
        assert "a b\n\nc" == comment.text

    def test_blank_rows_are_skipped(self) -> None:
        """Empty rows, and rows of empty cells, are skipped without a problem."""
        text = HEADER + "\nA1,2017/18 Q4,Council,Why?\n,,,\n , , , \n\nA2,2017/18 Q4,Trust,So.\n"
        assert [("A1", 3), ("A2", 7)] == [(c.measure, c.line) for c in read_csv(text)]

    def test_line_numbers_after_a_multi_line_cell(self) -> None:
        """An entry's line is where its row starts, counting the lines of cells before it."""
        text = (
            HEADER
            + 'A1,2017/18 Q4,Council,"one\n\ntwo\nthree"\n'
            + 'A1,2017/18 Q4,Trust,"four\n\n\nfive"\n'
            + "\n"
            + "B8,2017/18 Q4,Council,six\n"
        )
        assert [2, 6, 11] == [c.line for c in read_csv(text)]

    def test_source(self) -> None:
        """Each entry carries the source it was read from."""
        assert ["notes.csv"] == [
            c.source for c in read_csv(HEADER + "A1,2017/18 Q4,Council,Why?\n", "notes.csv")
        ]

    def test_default_source(self) -> None:
        """Without a source, entries come from <string>."""
        [comment] = Commentary.from_csv_text(HEADER + "A1,2017/18 Q4,Council,Why?\n")
        assert "<string>" == comment.source

    def test_empty_cells_are_kept_for_resolve(self) -> None:
        """A row with an empty cell is an entry; resolve, not reading, reports it."""
        assert [Comment("A1", "", "", "", "c.csv", 2)] == read_csv(HEADER + "A1,,,\n")

    def test_duplicates_are_all_kept_in_order(self) -> None:
        """Two entries for the same measure, period and author are both kept, in order."""
        text = HEADER + "A1,2017/18 Q4,Council,First.\nA1,2017/18 Q4,Council,Second.\n"
        assert ["First.", "Second."] == [c.text for c in read_csv(text)]

    @pytest.mark.parametrize("separator", ["\u2028", "\x85", "\x0c"])
    def test_unicode_line_separators_do_not_split_rows(self, separator: str) -> None:
        """Only CR and LF end a CSV row: a cell with U+2028, NEL or a form feed stays whole."""
        buffer = io.StringIO()
        csv.writer(buffer).writerows(
            [
                ["measure", "period", "author", "text"],
                ["A1", "2017/18 Q4", "Council", f"a{separator}b"],
                ["A2", "2017/18 Q4", "Trust", "c"],
            ]
        )
        assert [("A1", 2, "a b"), ("A2", 3, "c")] == [
            (c.measure, c.line, c.text) for c in read_csv(buffer.getvalue())
        ]

    def test_unicode_line_separators_in_quotes_do_not_count_as_lines(self) -> None:
        """A quoted cell holding U+2028 adds no line: the rows after it keep their lines."""
        text = HEADER + 'A1,2017/18 Q4,Council,"a\u2028b"\nA2,2017/18 Q4,Trust,c\n'
        assert [2, 3] == [c.line for c in read_csv(text)]


class TestCsvProblems:
    def test_too_few_cells(self) -> None:
        """A row of one cell says `1 cell`, on its own line, at its last cell, with a hint
        about quoting."""
        error = csv_failure(HEADER + "A1\n")
        assert (
            "c.csv:2:1: error: this row has 1 cell but the header has 4 cells\n"
            "    2 | A1\n"
            "      | ^~\n"
            f"help: {CELLS_HINT}"
        ) == str(error)
        error = csv_failure(HEADER + "A1, 2017/18 Q4 \n")
        assert (2, 5, 10) == (error.first.line, error.first.column, error.first.length)

    def test_too_many_cells_at_the_first_one_too_many(self) -> None:
        """A row of too many cells is shown at the first cell past the header's."""
        error = csv_failure(HEADER + "A1,2017/18 Q4,Council,Why, and how?\n")
        assert (2, 28, 8) == (error.first.line, error.first.column, error.first.length)

    def test_cell_count_over_lines(self) -> None:
        """A row over several lines (a quoted line break): at the cell on its first line, or
        at the whole first line when the cell too many starts on a later one."""
        error = csv_failure(HEADER + 'A1,"2017/18 Q4\nmore"\n')
        assert (2, 4, 11) == (error.first.line, error.first.column, error.first.length)
        error = csv_failure(HEADER + 'A1,2017/18 Q4,Council,"a\nb",c\n')
        assert (2, 1, 24) == (error.first.line, error.first.column, error.first.length)

    def test_too_many_cells(self) -> None:
        """A comma left unquoted in the text makes one cell too many."""
        error = csv_failure(HEADER + "A1,2017/18 Q4,Council,Why, and how?\n")
        assert [(2, "this row has 5 cells but the header has 4 cells")] == places(error)

    def test_every_bad_row_is_reported_in_order(self) -> None:
        """Every row with the wrong number of cells is reported, and the good rows are skipped."""
        text = HEADER + "A1,2017/18 Q4\nA2,2017/18 Q4,Council,Fine.\nA3,a,b,c,d,e\nA4\n"
        assert [
            (2, "this row has 2 cells but the header has 4 cells"),
            (4, "this row has 6 cells but the header has 4 cells"),
            (5, "this row has 1 cell but the header has 4 cells"),
        ] == places(csv_failure(text))

    def test_the_line_of_a_bad_row_after_a_multi_line_cell(self) -> None:
        """A bad row's line counts the lines of the quoted cells before it."""
        text = HEADER + 'A1,2017/18 Q4,Council,"a\n\nb"\nA2,2017/18 Q4\n'
        assert [5] == [d.line for d in csv_failure(text).diagnostics]

    def test_a_cell_over_the_csv_field_limit(self) -> None:
        """A cell longer than the csv module allows is a problem at that cell, naming the
        row's measure and period, not a crash."""
        limit = csv.field_size_limit()
        text = HEADER + f'A1,2017/18 Q4,Council,"{"x" * (limit + 1)}"\n'
        error = csv_failure(text)
        assert [
            (
                2,
                23,
                limit + 3,
                f"{A1_Q4}: the cell in column 4 (`text`) is {limit + 3:,} characters long,"
                f" more than the CSV reader allows ({limit:,})",
                TEXT_TOO_LONG,
            )
        ] == [(d.line, d.column, d.length, d.message, d.hint) for d in error.diagnostics]
        assert str(error).startswith(
            f"c.csv:2:23: error: {A1_Q4}: the cell in column 4 (`text`) is"
        )

    def test_every_problem_after_cells_too_long(self) -> None:
        """Two cells too long and a bad row after them: all three reported, each at its
        line and column, in the order of the file, and the good rows between them read."""
        long = "x" * 200_000
        text = (
            f"{HEADER}A1,2017/18 Q4,Council,{long}\nA2,2017/18 Q4,Trust,Fine.\n"
            f'A3,2017/18 Q4,Council,"{long}"\nA4,2017/18 Q4\nA5,2017/18 Q4,Trust,Good.\n'
        )
        error = csv_failure(text)
        allows = f"more than the CSV reader allows ({csv.field_size_limit():,})"
        assert [
            (
                2,
                23,
                200_000,
                f"{A1_Q4}: the cell in column 4 (`text`) is 200,000 characters long, {allows}",
            ),
            (
                4,
                23,
                200_002,
                "measure A3, period 2017/18 Q4: the cell in column 4 (`text`) is 200,002"
                f" characters long, {allows}",
            ),
            (5, 4, 10, "this row has 2 cells but the header has 4 cells"),
        ] == [(d.line, d.column, d.length, d.message) for d in error.diagnostics]

    def test_good_rows_after_a_cell_too_long_are_read(self, tmp_path: Path) -> None:
        """Past a cell too long, the rows are read and checked: an unknown measure after it
        is reported too, in the order of the file."""
        path = tmp_path / "notes.csv"
        long = "x" * 200_000
        path.write_text(
            f"{HEADER}A1,2017/18 Q4,Council,{long}\nA10,2017/18 Q4,Trust,Fine.\n",
            encoding="utf-8",
        )
        with pytest.raises(CommentaryError) as info:
            Commentary.load(path, CONTRACT)
        assert [(2, 23), (3, None)] == [(d.line, d.column) for d in info.value.diagnostics]
        assert unknown("A10") == info.value.diagnostics[1].message

    def test_a_long_quoted_cell_over_lines(self) -> None:
        """A quoted cell too long running over lines is one problem at its first line; its
        other lines are not read as rows, and reading goes on after its closing quote."""
        long = "x" * 200_000
        text = f'{HEADER}A1,2017/18 Q4,Council,"26\n{long}\nB8,zz\n"\nE1,2017/18 Q4\n'
        error = csv_failure(text)
        limit = csv.field_size_limit()
        assert [
            (
                2,
                1,
                f"{A1_Q4}: a cell here is longer than the CSV reader allows ({limit:,}"
                " characters): its quote runs on to line 5",
                'a quote left open makes the lines after it one cell: close every `"`',
            ),
            (6, 4, "this row has 2 cells but the header has 4 cells", CELLS_HINT),
        ] == [(d.line, d.column, d.message, d.hint) for d in error.diagnostics]

    def test_a_quote_open_to_the_end(self) -> None:
        """A quote never closed, the rest of the file too long for one cell: one problem,
        at its line, and nothing after it is read as rows."""
        text = f'{HEADER}A1,2017/18 Q4,Council,"{"x" * 200_000}\nA2,2017/18 Q4\n'
        error = csv_failure(text)
        assert [
            (2, 1, 'a quote left open makes the rest of the file one cell: close every `"`')
        ] == [(d.line, d.column, d.hint) for d in error.diagnostics]

    @pytest.mark.parametrize(
        ("row", "column", "hint"),
        [
            ("{long},2017/18 Q4,Council,Hi", 1, "a measure is named by its id, such as A1"),
            ("A1,{long},Council,Hi", 4, "a period is written as 2017/18 Q4 or 2024-05"),
            ("A1,2017/18 Q4,{long},Hi", 15, "an author is a name, such as Council or Trust"),
            ("A1,2017/18 Q4,Council,Hi,{long}", 26, CELLS_HINT),
        ],
    )
    def test_each_column_too_long(self, row: str, column: int, hint: str) -> None:
        """A cell too long in another column than the text: at that cell, with a hint for
        what the column holds (a cell past the header's: the hint about quoting)."""
        error = csv_failure(HEADER + row.format(long="x" * 200_000) + "\n")
        assert [(2, column, True)] == [
            (d.line, d.column, (d.hint or "").startswith(hint)) for d in error.diagnostics
        ]

    def test_a_header_too_long(self) -> None:
        """A header cell too long is a problem at that cell, and nothing more is read."""
        text = f"measure,period,{'x' * 200_000},text\nA1,2017/18 Q4\n"
        error = csv_failure(text)
        assert [
            (
                1,
                16,
                "the cell in column 3 is 200,000 characters long, more than the CSV reader"
                f" allows ({csv.field_size_limit():,})",
                COLUMNS_HINT,
            )
        ] == [(d.line, d.column, d.message, d.hint) for d in error.diagnostics]

    def test_another_csv_error_ends_the_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A row the csv module refuses for any other reason ends the file there, keeping
        the problems before it."""

        reader = csv.reader

        class Refusing:
            """csv.reader, refusing the third record as Python 3.10 refuses a NUL."""

            def __init__(self, lines: list[str], delimiter: str) -> None:
                self.rows = reader(lines, delimiter=delimiter)
                self.line_num = 0

            def __iter__(self) -> Iterator[list[str]]:
                return self

            def __next__(self) -> list[str]:
                if self.line_num == 2:
                    raise csv.Error("line contains NUL")
                row = next(self.rows)
                self.line_num = self.rows.line_num
                return row

        monkeypatch.setattr("perfcontract.commentary.csv.reader", Refusing)
        error = csv_failure(HEADER + "A1,2017/18 Q4\nA2,2017/18 Q4,Trust,Fine.\n")
        assert [
            (2, "this row has 2 cells but the header has 4 cells"),
            (3, "this row cannot be read as CSV: line contains NUL"),
        ] == places(error)
        assert CSV_HINT == error.diagnostics[1].hint


# ---------------------------------------------------------------------------
# Markdown


class TestMarkdown:
    def test_title_and_preface_are_skipped(self) -> None:
        """The level-one title and the paragraphs under it are not commentary."""
        text = (
            "# Quarter 4\n\nA preface,\nover two lines.\n\nAnd a second paragraph.\n\n"
            "## A1 2017/18 Q4\n\n**Council:** Why?\n"
        )
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", "c.md", 10, 8)] == read_md(text)

    def test_author_then_continuation_paragraph(self) -> None:
        """A paragraph without an author continues the entry before it, as a new paragraph."""
        text = (
            "## B8 2017/18 Q4\n\n**Trust:** Three complex\ncases.\n\nVolumes are\nhigh.\n\n"
            "**Council:** Noted.\n"
        )
        trust = "Three complex cases.\n\nVolumes are high."
        assert [
            Comment("B8", "2017/18 Q4", "Trust", trust, "c.md", 3, 1),
            Comment("B8", "2017/18 Q4", "Council", "Noted.", "c.md", 9, 1),
        ] == read_md(text)

    def test_colon_outside_the_bold(self) -> None:
        """`**Trust**:` names the author as well as `**Trust:**` does."""
        [comment] = read_md("## A1 2017/18 Q4\n\n**Trust**: Most come back within 60 days.\n")
        assert ("Trust", "Most come back within 60 days.") == (comment.author, comment.text)

    def test_author_with_spaces(self) -> None:
        """An author of several words is kept whole, without the spaces around it."""
        [comment] = read_md("## A1 2017/18 Q4\n\n** Director of Children's Services :** Yes.\n")
        assert "Director of Children's Services" == comment.author

    def test_text_may_start_on_the_next_paragraph(self) -> None:
        """An author paragraph with nothing after the colon takes its text from what follows."""
        [comment] = read_md("## A1 2017/18 Q4\n\n**Council:**\n\nWhy?\n")
        assert ("Council", "Why?", 3) == (comment.author, comment.text, comment.line)

    def test_an_author_on_the_next_line_starts_an_entry(self) -> None:
        """`**Trust:**` on the line after the Council's words is the Trust's entry, not theirs."""
        assert [
            Comment("A1", "2017/18 Q4", "Council", "Why?", "c.md", 3, 1),
            Comment("A1", "2017/18 Q4", "Trust", "Because. It was so.", "c.md", 4, 1),
        ] == read_md("## A1 2017/18 Q4\n\n**Council:** Why?\n**Trust:** Because.\nIt was so.\n")

    def test_an_author_after_a_continued_paragraph_starts_an_entry(self) -> None:
        """An author line straight after a paragraph without one starts an entry too."""
        text = "## A1 2017/18 Q4\n\n**Council:** Why?\n\nAnd how?\n**Trust:** Because.\n"
        assert [("Council", "Why?\n\nAnd how?"), ("Trust", "Because.")] == [
            (c.author, c.text) for c in read_md(text)
        ]

    @pytest.mark.parametrize(
        "line",
        [
            "**Trust:** x",
            "**Trust**: x",
            "**Trust** : x",
            "**Trust** :x",
            "__Trust:__ x",
            "__Trust__: x",
            "__Trust__ : x",
            "***Trust:*** x",
            "> **Trust:** x",
            ">**Trust:** x",
            "> > **Trust**: x",
            "- **Trust:** x",
            "* **Trust:** x",
            "+ __Trust:__ x",
            "1. **Trust:** x",
            "12) **Trust:** x",
            "> - **Trust:** x",
            "- > **Trust:** x",
            "  - **Trust:** x",
        ],
    )
    def test_every_form_of_an_author_line(self, line: str) -> None:
        """Bold by `**` or `__`, colon inside or after, in a quote or a list: a new entry."""
        text = f"## A8 2017/18 Q4\n**Council:** c8\n\n{line}\n"
        assert [("Council", "c8", 2), ("Trust", "x", 4)] == [
            (c.author, c.text, c.line) for c in read_md(text)
        ]

    def test_other_authors_are_never_merged(self) -> None:
        """A quoted and a listed Trust line after the Council's are two more entries."""
        text = "## A8 2017/18 Q4\n**Council:** c8\n\n> **Trust:** x\n\n- **Trust:** y\n"
        assert [("Council", "c8"), ("Trust", "x"), ("Trust", "y")] == [
            (c.author, c.text) for c in read_md(text)
        ]

    def test_a_quoted_entry_reads_on_without_its_markers(self) -> None:
        """An entry in a block quote reads on through its `>` lines; a bare `>` ends a paragraph."""
        text = (
            "## A1 2017/18 Q4\n\n> **Council:** Still outside\n> target.\n>\n> Assure us.\n\n"
            "> **Trust:** Noted.\n"
        )
        assert [("Council", "Still outside target.\n\nAssure us."), ("Trust", "Noted.")] == [
            (c.author, c.text) for c in read_md(text)
        ]

    def test_the_report_markdown_reads_back(self) -> None:
        """Commentary as the report's own Markdown writes it reads back as the same entries."""
        notes = Commentary(
            [
                Comment("A1", "2017/18 Q4", "Council", "Why?\n\nAnd how?"),
                Comment("A1", "2017/18 Q4", "Trust", "Because."),
            ]
        )
        report = pc.Report.build(
            CONTRACT, pc.Readings.from_mapping({"A1": 30}, "2017/18 Q4"), Q4, commentary=notes
        )
        quoted = [line for line in report.to_markdown().splitlines() if line.startswith(">")]
        again = read_md("## A1 2017/18 Q4\n\n" + "\n".join(quoted) + "\n")
        assert [("Council", "Why?\n\nAnd how?"), ("Trust", "Because.")] == [
            (c.author, c.text) for c in again
        ]

    def test_bold_author_inside_a_line_is_text(self) -> None:
        """`**Trust:**` in the middle of a line is text, not a new entry."""
        [comment] = read_md("## A1 2017/18 Q4\n\n**Council:** Why? **Trust:** Because.\n")
        assert "Why? **Trust:** Because." == comment.text

    def test_markup_in_the_text_is_kept(self) -> None:
        """Markdown-ish characters in the text are kept as written."""
        [comment] = read_md("## A1 2017/18 Q4\n\n**Council:** a *b* _c_ [d](e) `f` <g> | #h\n")
        assert "a *b* _c_ [d](e) `f` <g> | #h" == comment.text

    def test_several_headings(self) -> None:
        """Each level-two heading starts the entries of its measure and period."""
        text = (
            "## A1 2017/18 Q4\n\n**Council:** One.\n\n"
            "## B8 2017/18 Q3\n\n**Trust:** Two.\n\n**Council:** Three.\n"
        )
        assert [
            ("A1", "2017/18 Q4", "Council", 3),
            ("B8", "2017/18 Q3", "Trust", 7),
            ("B8", "2017/18 Q3", "Council", 9),
        ] == [(c.measure, c.period, c.author, c.line) for c in read_md(text)]

    def test_heading_with_closing_hashes(self) -> None:
        """Closing hashes and spaces after a heading are not part of the period."""
        [comment] = read_md("## A1 2017/18 Q4 ##\n\n**Council:** Why?\n")
        assert ("A1", "2017/18 Q4") == (comment.measure, comment.period)

    def test_heading_of_many_hashes(self) -> None:
        """A heading line of 100,000 ` #` is read in one pass: closing the heading, or, with a
        word after them, part of it (the heading's pattern tried the rest of the line at each
        character: minutes)."""
        [comment] = read_md("## A1 2017/18 Q4" + " #" * 100_000 + "\n\n**Council:** Why?\n")
        assert ("A1", "2017/18 Q4") == (comment.measure, comment.period)
        [comment] = read_md("## A1 2017/18" + " #" * 100_000 + " Q4\n\n**Council:** Why?\n")
        assert ("A1", "2017/18 # #", "# # Q4", 2 * 100_000 + 10) == (
            comment.measure,
            comment.period[:11],
            comment.period[-6:],
            len(comment.period),
        )

    def test_a_long_paragraph_is_read_in_one_pass(self) -> None:
        """An entry of 100,000 lines is one paragraph, its lines joined by spaces."""
        [comment] = read_md("## A1 2017/18 Q4\n**Council:** Why\n" + "so\n" * 100_000)
        assert " ".join(["Why"] + ["so"] * 100_000) == comment.text

    def test_heading_separated_by_a_tab(self) -> None:
        """A tab between a heading's measure and period separates them as a space does."""
        [comment] = read_md("## A1\t2017/18 Q4\n\n**Council:** Why?\n")
        assert ("A1", "2017/18 Q4") == (comment.measure, comment.period)

    def test_no_blank_lines_needed_after_headings(self) -> None:
        """A heading ends its line: the author paragraph may follow it at once."""
        [comment] = read_md("# T\n## A1 2017/18 Q4\n**Council:** Why?\n")
        assert ("A1", "Council", 3) == (comment.measure, comment.author, comment.line)

    def test_crlf(self) -> None:
        """CRLF line ends give the same entries and lines as LF."""
        text = "# T\n\n## A1 2017/18 Q4\n\n**Council:** a\nb\n\n**Trust:** c\n"
        assert [
            Comment("A1", "2017/18 Q4", "Council", "a b", "c.md", 5, 3),
            Comment("A1", "2017/18 Q4", "Trust", "c", "c.md", 8, 3),
        ] == read_md(text.replace("\n", "\r\n"))

    def test_bom(self) -> None:
        """A byte order mark before the title is ignored."""
        assert read_md("# T\n\n## A1 2017/18 Q4\n\n**Council:** Why?\n") == read_md(
            "\ufeff# T\n\n## A1 2017/18 Q4\n\n**Council:** Why?\n"
        )

    def test_empty_text(self) -> None:
        """An empty text, or a title alone, has no entries."""
        assert ([], []) == (read_md(""), read_md("# Commentary\n\nNothing yet.\n"))

    def test_duplicates_are_all_kept_in_order(self) -> None:
        """Two sections for the same measure and period keep every entry, in order."""
        text = "## A1 2017/18 Q4\n\n**Council:** One.\n\n## A1 2017/18 Q4\n\n**Council:** Two.\n"
        assert ["One.", "Two."] == [c.text for c in read_md(text)]

    def test_the_example_file(self) -> None:
        """The example commentary has its nine entries, A4 left out on purpose."""
        notes = Commentary.read(EXAMPLE)
        assert [
            ("A1", "Council", 10),
            ("A1", "Trust", 16),
            ("A2", "Council", 23),
            ("A2", "Trust", 26),
            ("A8", "Council", 31),
            ("A8", "Trust", 34),
            ("B8", "Council", 39),
            ("B8", "Trust", 42),
            ("E1", "Council", 48),
        ] == [(c.measure, c.author, c.line) for c in notes]
        assert {"2017/18 Q4"} == {c.period for c in notes}


class TestUnderlinedHeadings:
    """Markdown's setext headings: a line with `---` (level two) or `===` (level one) under it."""

    def test_a_line_on_its_own_underlined_with_dashes_is_a_measure_heading(self) -> None:
        """After a blank line, `A9 2017/18 Q4` over `---` is `## A9 2017/18 Q4`."""
        text = "## A1 2017/18 Q4\n\n**Council:** One.\n\nA9 2017/18 Q4\n---\n**Council:** Two.\n"
        assert [("A1", "Council", "One.", 3, 1), ("A9", "Council", "Two.", 7, 5)] == [
            (c.measure, c.author, c.text, c.line, c.heading) for c in read_md(text)
        ]

    def test_after_a_heading(self) -> None:
        """Straight after a heading, a line underlined is a heading too."""
        text = "# Notes\nA9 2017/18 Q4\n-------------   \n\n**Trust:** Two.\n"
        assert [("A9", "2017/18 Q4", 2)] == [
            (c.measure, c.period, c.heading) for c in read_md(text)
        ]

    def test_a_line_underlined_with_equals_signs_is_a_title(self) -> None:
        """`===` under a line makes the file's title, its preface skipped."""
        text = "Commentary\n==========\n\nOur preface.\n\n## A1 2017/18 Q4\n\n**Council:** One.\n"
        assert [("A1", "Council", "One.")] == [(c.measure, c.author, c.text) for c in read_md(text)]

    def test_an_underlined_heading_that_names_no_period(self) -> None:
        """An underlined heading is checked as a `##` one is."""
        error = md_failure("Notes\n---\n\n**Council:** x\n")
        assert (1, "this heading does not name a measure and a period") == places(error)[0]

    def test_a_line_underlined_after_text_is_refused(self) -> None:
        """A line underlined straight after an entry's text is refused at that line: Markdown
        would make one heading of the whole paragraph."""
        text = (
            "## A1 2017/18 Q4\n**Council:** one.\nA9 2017/18 Q4\n-------------\n**Council:** two.\n"
        )
        error = md_failure(text)
        assert (
            "c.md:3:1: error: this line is underlined with `---`, which in Markdown makes a heading"
            " of it and the lines above it\n"
            "    3 | A9 2017/18 Q4\n"
            "      | ^\n"
            "help: if it is a heading, write it as `## A9 2017/18 Q4` after a blank line; if not,"
            " delete the line under it"
        ) == str(error)

    def test_equals_signs_under_text_are_refused(self) -> None:
        """`===` straight under text is refused, with a level-one heading as the fix."""
        error = md_failure("## A1 2017/18 Q4\n\n**Council:** one.\nMore\n====\n")
        assert [
            (
                4,
                "this line is underlined with `===`, which in Markdown makes a heading of it"
                " and the lines above it",
            )
        ] == places(error)
        assert "write it as `# More` after a blank line" in error.first.hint

    @pytest.mark.parametrize("underline", ["---", "-", "- ", "===", "   ---"])
    def test_an_author_line_underlined_is_refused(self, underline: str) -> None:
        """An author's line with an underline would be a heading, its entry lost: refused."""
        error = md_failure(f"## A8 2017/18 Q4\n**Council:** c8\n{underline}\n")
        mark = "===" if "=" in underline else "---"
        assert [
            (2, f"this line is underlined with `{mark}`, which in Markdown makes a heading of it")
        ] == places(error)
        assert (
            "delete the line under it: an author's line opens a comment, never a heading"
            == error.first.hint
        )

    @pytest.mark.parametrize(
        ("lines", "text"),
        [
            ("- **Council:** one.\n---\n", "one. ---"),  # a list item: `---` is a rule
            ("> **Council:** one.\nmore\n---\n", "one. more ---"),  # a quote, read on lazily
            ("**Council:** one.\n    ---\n", "one. ---"),  # four spaces in: not an underline
            ("**Council:** one.\n- - -\n", "one.\n- - -"),  # spaced: a rule, not an underline
            ("**Council:** one.\n\n---\n", "one.\n\n---"),  # after a blank line: a rule
        ],
    )
    def test_not_an_underline(self, lines: str, text: str) -> None:
        """A `---` that Markdown does not read as an underline is read as before: text."""
        [comment] = read_md(f"## A1 2017/18 Q4\n\n{lines}")
        assert text == comment.text

    def test_many_underlined_headings(self) -> None:
        """10^4 underlined headings read as 10^4 headings, each its entries."""
        n = 10_000
        text = "".join(f"A{i} 2017/18 Q4\n---\n**Council:** x{i}\n\n" for i in range(n))
        assert [(f"A{i}", f"x{i}", 1 + 4 * i) for i in range(n)] == [
            (c.measure, c.text, c.heading) for c in read_md(text)
        ]


class TestMarkdownProblems:
    def test_empty_heading(self) -> None:
        """A measure's heading with nothing under it is a problem: its commentary is missing."""
        error = md_failure("## B8 2017/18 Q4\n\n## A1 2017/18 Q4\n\n**Council:** Why?\n")
        assert (
            "c.md:1:1: error: this heading has no commentary under it\n"
            "    1 | ## B8 2017/18 Q4\n"
            "      | ^\n"
            "help: write a paragraph under it starting with its author in bold, such as"
            " `**Council:**`, or delete the heading"
        ) == str(error)

    def test_empty_heading_at_the_end(self) -> None:
        """The last heading of a file with nothing under it is reported too."""
        error = md_failure("## A1 2017/18 Q4\n\n**Council:** Why?\n\n## B8 2017/18 Q4\n")
        assert [(5, "this heading has no commentary under it")] == places(error)

    def test_unknown_measure_reported_once_at_its_heading(self) -> None:
        """Two paragraphs under a heading with an unknown measure: one problem, at the heading."""
        text = "# T\n\n## A10 2017/18 Q4\n\n**Council:** Why?\n\n**Trust:** Because.\n"
        with pytest.raises(CommentaryError) as info:
            Commentary.from_markdown_text(text, "c.md").resolve(CONTRACT)
        assert [(3, unknown("A10"))] == places(info.value)

    def test_level_three_heading(self) -> None:
        """A level-3 heading is a problem, shown with its line and a caret."""
        error = md_failure("## A1 2017/18 Q4\n\n### Details\n\n**Council:** Why?\n")
        assert (
            "c.md:3:1: error: a level-3 heading has no place in commentary\n"
            "    3 | ### Details\n"
            "      | ^\n"
            "help: use `## A1 2017/18 Q4` for each measure and `**Author:**` for each paragraph"
        ) == str(error)

    @pytest.mark.parametrize("level", [3, 4, 5, 6])
    def test_every_deeper_heading(self, level: int) -> None:
        """Headings of level 3 to 6 are each a problem naming their level."""
        error = md_failure(f"{'#' * level} Details\n")
        assert [(1, f"a level-{level} heading has no place in commentary")] == places(error)

    def test_heading_without_a_period(self) -> None:
        """`## A1` with no period is a problem, and so is each author paragraph under it."""
        error = md_failure("## A1\n\n**Council:** Why?\n")
        assert (
            "c.md:1:1: error: this heading does not name a measure and a period\n"
            "    1 | ## A1\n"
            "      | ^\n"
            "help: write the heading as `## A1 2017/18 Q4`: the measure's id, then the period\n"
            "\n"
            f"c.md:3:1: error: {UNDER_HEADING}\n"
            "    3 | **Council:** Why?\n"
            "      | ^\n"
            "help: put a heading such as `## A1 2017/18 Q4` above it"
        ) == str(error)

    @pytest.mark.parametrize(
        ("line", "name"),
        [
            ("*Trust:* x", "Trust"),
            ("*Trust*: x", "Trust"),
            ("_Trust_ : x", "Trust"),
            ("-**Trust:** x", "Trust"),
            ("> *Director of Services:* x", "Director of Services"),
        ],
    )
    def test_a_line_like_an_author_is_a_problem(self, line: str, name: str) -> None:
        """A line that looks like an author but is not one is reported, not merged."""
        error = md_failure(f"## A8 2017/18 Q4\n**Council:** c8\n{line}\n")
        assert (
            f"c.md:3:1: error: this line looks like an author, {name}, but is not written as one\n"
            f"    3 | {line}\n"
            "      | ^\n"
            f"help: start an entry with its author in bold, `**{name}:**` (after `- ` in a list);"
            " if the line is part of the text, begin it some other way"
        ) == str(error)

    @pytest.mark.parametrize(
        "line", ["5 * 3: fine", "the *text:* fine", "_x_ fine", "**bold** text"]
    )
    def test_emphasis_in_the_text_is_text(self, line: str) -> None:
        """Emphasis that does not open a line as a name and a colon stays in the text."""
        [comment] = read_md(f"## A8 2017/18 Q4\n**Council:** c8\n{line}\n")
        assert f"c8 {line}" == comment.text

    @pytest.mark.parametrize("line", ["* not: a name", "- first", "+ x", "1. one", "1) one"])
    def test_a_list_item_keeps_its_line(self, line: str) -> None:
        """A bullet, or a number 1, starts a list item on a line of its own, as Markdown has it."""
        [comment] = read_md(f"## A8 2017/18 Q4\n**Council:** c8\n{line}\nmore\n")
        assert f"c8\n{line} more" == comment.text

    @pytest.mark.parametrize("line", ["2. two", "2018. A year", "-x", "1.one"])
    def test_a_line_that_is_not_a_list_item_is_joined(self, line: str) -> None:
        """Only a number 1 starts a numbered list inside a paragraph; a marker needs a space."""
        [comment] = read_md(f"## A8 2017/18 Q4\n**Council:** c8\n{line}\n")
        assert f"c8 {line.strip()}" == comment.text

    def test_in_a_list_any_number_is_the_next_item(self) -> None:
        """Once a list has started, each numbered line is an item, and a wrapped line joins it."""
        [comment] = read_md("## A8 2017/18 Q4\n**Council:** c8\n1. a\nwrapped\n7) b\n- c\n")
        assert "c8\n1. a wrapped\n7) b\n- c" == comment.text

    def test_a_csv_cell_keeps_its_list_items(self) -> None:
        """A CSV cell is read the same way: a list's items keep their lines."""
        [comment] = Commentary.from_csv_text(
            'measure,period,author,text\nA1,2017/18 Q4,Council,"Two:\n- one\n- two\n\nEnd."\n'
        )
        assert "Two:\n- one\n- two\n\nEnd." == comment.text

    def test_paragraph_without_an_author(self) -> None:
        """A paragraph under a heading that does not open with its author is a problem."""
        error = md_failure("## A1 2017/18 Q4\n\nWhy?\nAnd how?\n")
        assert (
            "c.md:3:1: error: this paragraph does not say who wrote it\n"
            "    3 | Why?\n"
            "      | ^\n"
            "help: start it with its author in bold, such as `**Council:**`"
        ) == str(error)

    def test_author_before_any_heading(self) -> None:
        """An author paragraph before any heading has no measure or period to belong to."""
        error = md_failure("**Council:** Why?\n\n## A1 2017/18 Q4\n")
        assert [(1, UNDER_HEADING), (3, "this heading has no commentary under it")] == places(error)
        assert "put a heading such as `## A1 2017/18 Q4` above it" == error.first.hint

    def test_text_before_any_heading_without_a_title(self) -> None:
        """Text before the first heading, with no title above it, is a problem."""
        error = md_failure("Notes for the panel.\n\n## A1 2017/18 Q4\n\n**Council:** Why?\n")
        assert (
            f"c.md:1:1: error: {UNDER_HEADING}\n"
            "    1 | Notes for the panel.\n"
            "      | ^\n"
            "help: put a heading such as `## A1 2017/18 Q4` above it, and its author in bold"
        ) == str(error)

    def test_author_under_the_title(self) -> None:
        """An author paragraph under the title, before any measure's heading, is a problem."""
        error = md_failure("# Commentary\n\nA preface.\n\n**Council:** Why?\n")
        assert [(5, UNDER_HEADING)] == places(error)

    def test_every_problem_once_per_paragraph_in_order(self) -> None:
        """Each bad paragraph is reported once, at its first line, and every one is reported."""
        text = (
            "Loose text.\nStill loose.\n\n"  # 1
            "## A1 2017/18 Q4\n\n"  # 4
            "No author.\nStill none.\n\n"  # 6
            "### Deep\n\n"  # 9
            "## B8\n\n"  # 11
            "**Council:** Orphan.\n"  # 13
        )
        assert [1, 6, 9, 11, 13] == [d.line for d in md_failure(text).diagnostics]

    def test_paragraph_under_a_later_title(self) -> None:
        """A paragraph under a level-one heading after a measure's is reported, not dropped."""
        error = md_failure(
            "# Quarter 4\n\nA preface.\n\n## A1 2017/18 Q4\n\n**Council:** Why?\n\n"
            "# Appendix\n\nA paragraph that is nobody's.\nOver two lines.\n"
        )
        assert [
            (
                11,
                UNDER_HEADING,
                "only the title, before the first measure's heading, may have a preface;"
                " put a heading such as `## A1 2017/18 Q4` above it, and its author in bold",
            )
        ] == [(d.line, d.message, d.hint) for d in error.diagnostics]

    def test_title_inside_an_entry(self) -> None:
        """A line starting `# ` straight after an entry's text is reported, not dropped as a
        title; after a blank line it is a title, as before."""
        error = md_failure(
            "## A1 2017/18 Q4\n\n**Council:** Re-referrals are high.\n"
            "# of referrals rose by 10%.\nStill the Council's.\n\n# Appendix\n"
        )
        assert [
            (
                4,
                "this line reads as a heading, which would end Council's entry and leave the"
                " line out",
                "if it is part of the text, begin it some other way (`\\#` shows a `#`);"
                " if it is a heading, put a blank line before it",
            )
        ] == [(d.line, d.message, d.hint) for d in error.diagnostics]
        escaped = "## A1 2017/18 Q4\n\n**Council:** High.\n\\# of referrals rose.\n"
        assert ["High. \\# of referrals rose."] == [c.text for c in read_md(escaped)]

    def test_indented_hash_continues_the_paragraph(self) -> None:
        """A line four spaces in (or a tab) straight after an entry's text is more of the
        paragraph, as Markdown reads it, whatever it starts with."""
        text = (
            "## A1 2017/18 Q4\n\n**Council:** Calls rose.\n    # of them, most in May.\n"
            "\t## not a heading\n"
        )
        assert ["Calls rose. # of them, most in May. ## not a heading"] == [
            c.text for c in read_md(text)
        ]

    def test_author_under_a_later_title(self) -> None:
        """An author's paragraph under a later level-one heading is reported, not dropped."""
        error = md_failure(
            "## A1 2017/18 Q4\n\n**Council:** Why?\n\n# Appendix\n\n**Trust:** No.\n"
        )
        assert [(7, UNDER_HEADING)] == [(d.line, d.message) for d in error.diagnostics]

    def test_measures_under_a_later_title_are_read(self) -> None:
        """Level-one headings may group the measures: their entries are all kept."""
        text = (
            "# Quarter 4\n\n## A1 2017/18 Q4\n\n**Council:** Why?\n\n"
            "# Quarter 3\n\n## A1 2017/18 Q3\n\n**Trust:** Because.\n"
        )
        assert [("2017/18 Q4", "Council"), ("2017/18 Q3", "Trust")] == [
            (c.period, c.author) for c in read_md(text)
        ]

    def test_two_titles_before_any_measure_are_preface(self) -> None:
        """Before the first measure's heading, all level-one headings and their text are skipped."""
        text = (
            "# Title\n\nPreface.\n\n# Subtitle\n\nMore preface.\n\n"
            "## A1 2017/18 Q4\n\n**Council:** Why?\n"
        )
        assert [("A1", "Why?")] == [(c.measure, c.text) for c in read_md(text)]

    def test_lines_count_crlf(self) -> None:
        """Problems in a CRLF file are on the same lines, shown without the CR."""
        error = md_failure("## A1 2017/18 Q4\r\n\r\nWhy?\r\n")
        assert (3, "Why?") == (error.line, error.first.source_line)


# ---------------------------------------------------------------------------
# Checking against the contract


class TestResolve:
    def test_entries_by_measure_and_period(self) -> None:
        """Resolved commentary gives each measure's entries for a period, in the order written."""
        notes = Commentary(
            [entry("A1"), entry("B8", author="Trust"), entry("A1", author="Trust", line=4)]
        ).resolve(CONTRACT)
        assert ["Council", "Trust"] == [c.author for c in notes.get("A1", Q4)]
        assert ["Trust"] == [c.author for c in notes.get("B8", Q4)]
        assert () == notes.get("A3", Q4)
        assert () == notes.get("A1", Period.parse("2017/18 Q3"))

    def test_periods_as_written_are_read(self) -> None:
        """Periods written differently but meaning the same quarter share their entries."""
        notes = Commentary(
            [entry("A1", "2017/18 q4"), entry("A1", " 2017/18\tQ4 ", author="Trust")]
        ).resolve(CONTRACT)
        assert ["Council", "Trust"] == [c.author for c in notes.get("A1", Q4)]
        assert "2017/18 q4" == notes.get("A1", Q4)[0].period

    def test_months_and_years(self) -> None:
        """An entry may be for a month or a financial year as well as a quarter."""
        notes = Commentary([entry("A1", "2018-03"), entry("A1", "2017/18")]).resolve(CONTRACT)
        assert 1 == len(notes.get("A1", Period.parse("2018-03")))
        assert 1 == len(notes.get("A1", Period.parse("2017/18")))
        assert () == notes.get("A1", Q4)

    @pytest.mark.parametrize(
        ("written", "label"),
        [("Mar-18", "2018-03"), ("March 2018", "2018-03"), ("Q4 2017/18", "2017/18 Q4")],
    )
    def test_period_as_a_spreadsheet_writes_it(self, written: str, label: str) -> None:
        """A period as a spreadsheet writes it is read, as a readings file's is."""
        notes = Commentary([entry("A1", written)]).resolve(CONTRACT)
        assert 1 == len(notes.get("A1", Period.parse(label)))

    def test_period_as_a_caption_writes_it(self) -> None:
        """A period in a caption's words is refused, naming its label."""
        with pytest.raises(CommentaryError) as caught:
            Commentary([entry("A1", "Quarter 4 2017/18")]).resolve(CONTRACT)
        assert "did you mean 2017/18 Q4?" == caught.value.first.hint.partition(" (")[0]

    def test_duplicates_are_all_kept(self) -> None:
        """Two identical entries are both kept: nothing is lost."""
        notes = Commentary([entry("A1"), entry("A1")]).resolve(CONTRACT)
        assert (entry("A1"), entry("A1")) == notes.get("A1", Q4)

    def test_volumetric_measures_have_commentary(self) -> None:
        """A volumetric measure may have commentary too."""
        notes = Commentary([entry("E1")]).resolve(CONTRACT)
        assert 1 == len(notes.get("E1", Q4))

    def test_empty_commentary(self) -> None:
        """No entries resolve to nothing, and ResolvedCommentary() holds nothing."""
        assert {} == dict(Commentary().resolve(CONTRACT).entries)
        assert () == ResolvedCommentary().get("A1", Q4)

    def test_unknown_measure_with_a_close_one(self) -> None:
        """An unknown measure is named with the contract, and the closest id suggested."""
        error = resolve_failure(Commentary([entry("A10")]))
        assert (f"c.csv:2: error: {unknown('A10')}\nhelp: did you mean A1?") == str(error)

    def test_unknown_measure_with_none_close(self) -> None:
        """An unknown measure like no measure of the contract gets a general hint."""
        error = resolve_failure(Commentary([entry("X99")]))
        assert (
            f"c.csv:2: error: {unknown('X99')}\nhelp: use the id of a measure in the contract"
        ) == str(error)

    @pytest.mark.parametrize(("written", "meant"), [("a1", "A1"), ("fo1", "FO1"), ("b8", "B8")])
    def test_unknown_measure_in_the_wrong_case(self, written: str, meant: str) -> None:
        """An id written in the wrong case suggests the measure it spells, not another."""
        error = resolve_failure(Commentary([entry(written)]))
        assert f"did you mean {meant}?" == error.first.hint

    def test_unknown_period(self) -> None:
        """An unknown period is reported with the period parser's own message and hint."""
        error = resolve_failure(Commentary([entry("A1", "2017/18 Q5")]))
        assert (
            "c.csv:2: error: measure A1: `2017/18 Q5` is not a quarter: there is no Q5\n"
            "help: quarters are Q1 to Q4"
        ) == str(error)

    @pytest.mark.parametrize("period", ["2018-13", "last quarter", "2017/19"])
    def test_unknown_period_says_what_the_parser_says(self, period: str) -> None:
        """Whatever is wrong with a period, the message and hint are the parser's."""
        with pytest.raises(PeriodError) as parsed:
            Period.parse(period, year_start=CONTRACT.year_start)
        error = resolve_failure(Commentary([entry("B8", period)]))
        assert [(2, f"measure B8: {parsed.value.first.message}")] == places(error)
        assert parsed.value.first.hint == error.first.hint

    def test_unknown_measure_and_period_together(self) -> None:
        """An entry wrong in both measure and period gets both problems, measure first."""
        error = resolve_failure(Commentary([entry("A10", "2017/18 Q5")]))
        assert [
            (2, unknown("A10", "2017/18 Q5")),
            (2, "measure A10: `2017/18 Q5` is not a quarter: there is no Q5"),
        ] == places(error)

    @pytest.mark.parametrize(
        ("field", "hint"),
        [
            ("period", "write the period: a period such as 2017/18 Q4"),
            ("author", "write the author: who wrote it, such as Council or Trust"),
            ("text", "write the text: what they said"),
        ],
    )
    def test_empty_field(self, field: str, hint: str) -> None:
        """An empty period, author or text is a problem of the entry, with an example."""
        comment = attrs.evolve(entry("A1"), **{field: ""})
        error = resolve_failure(Commentary([comment]))
        named = "measure A1" if field == "period" else "measure A1, period 2017/18 Q4"
        assert f"c.csv:2: error: {named}: this entry has no {field}\nhelp: {hint}" == str(error)

    def test_empty_measure(self) -> None:
        """An entry with no measure is `this entry`."""
        error = resolve_failure(Commentary([entry("")]))
        assert (
            "c.csv:2: error: period 2017/18 Q4: this entry has no measure\n"
            "help: write the measure: the measure's id, such as A1"
        ) == str(error)

    def test_every_empty_field_of_an_entry(self) -> None:
        """An entry with every field empty has four problems, in column order."""
        error = resolve_failure(Commentary([Comment("", "", "", "", "c.csv", 7)]))
        assert [
            (7, "this entry has no measure"),
            (7, "this entry has no period"),
            (7, "this entry has no author"),
            (7, "this entry has no text"),
        ] == places(error)

    def test_empty_fields_are_reported_at_resolve_from_a_csv(self) -> None:
        """Reading a CSV with empty cells succeeds; resolving it reports each one on its line."""
        notes = Commentary.from_csv_text(
            HEADER + "A1,2017/18 Q4,,Why?\nA2,2017/18 Q4,Trust,\n", "c.csv"
        )
        assert [
            (2, f"{A1_Q4}: this entry has no author"),
            (3, f"{A2_Q4}: this entry has no text"),
        ] == places(resolve_failure(notes))

    def test_several_problems_in_order(self) -> None:
        """Every bad entry is reported, in the order written; good entries add nothing."""
        notes = Commentary(
            [
                entry("A1", line=2),
                entry("Z1", line=3),
                entry("B8", "2017/18 Q9", line=4),
                entry("A2", line=5, author=""),
                entry("A3", line=6),
            ]
        )
        assert [
            (3, unknown("Z1")),
            (4, "measure B8: `2017/18 Q9` is not a quarter: there is no Q9"),
            (5, f"{A2_Q4}: this entry has no author"),
        ] == places(resolve_failure(notes))

    def test_names_are_quoted_as_messages_quote(self) -> None:
        """The contract's name is in backticks on one line and a control character in it or in
        the measure shows as its code point: never as Python writes a string."""
        contract = attrs.evolve(CONTRACT, name='Bob\'s "x"\x1b[2J\nnext')
        with pytest.raises(CommentaryError) as info:
            Commentary([entry("Z9\x1b[1m")]).resolve(contract)
        assert (
            "c.csv:2: error: measure Z9<U+001B>[1m, period 2017/18 Q4: the contract"
            ' `Bob\'s "x"<U+001B>[2J next` has no measure Z9<U+001B>[1m\n'
            "help: use the id of a measure in the contract"
        ) == str(info.value)

    def test_a_long_measure_is_shortened(self) -> None:
        """A measure of 10^4 characters is named by its start and end, wherever it is named."""
        error = resolve_failure(Commentary([entry("Z" * 10_000, author="")]))
        short = f"{'Z' * 40}…{'Z' * 17} (10,000 characters)"
        assert [
            (2, f"measure {short}, period 2017/18 Q4: this entry has no author"),
            (2, f"{unknown(short)}"),
        ] == places(error)

    def test_a_comment_with_no_place(self) -> None:
        """A problem in a comment made in code has its source and no line."""
        error = resolve_failure(Commentary([Comment("X99", "2017/18 Q4", "Council", "Why?")]))
        assert (
            f"<string>: error: {unknown('X99')}\nhelp: use the id of a measure in the contract"
        ) == str(error)


# ---------------------------------------------------------------------------
# Files


class TestRead:
    @pytest.mark.parametrize("name", ["notes.md", "notes.markdown", "NOTES.MD"])
    def test_markdown_by_name(self, tmp_path: Path, name: str) -> None:
        """A file named .md or .markdown (any case) is read as Markdown."""
        path = tmp_path / name
        path.write_text("## A1 2017/18 Q4\n\n**Council:** Why?\n", encoding="utf-8")
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", str(path), 3, 1)] == list(
            Commentary.read(path)
        )

    @pytest.mark.parametrize("name", ["notes.csv", "notes.txt", "notes"])
    def test_csv_otherwise(self, tmp_path: Path, name: str) -> None:
        """Any other file is read as CSV."""
        path = tmp_path / name
        path.write_text(HEADER + "A1,2017/18 Q4,Council,Why?\n", encoding="utf-8")
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", str(path), 2)] == list(
            Commentary.read(str(path))
        )

    def test_bom_and_crlf_in_a_file(self, tmp_path: Path) -> None:
        """A file with a BOM and CRLF line ends reads as the plain one does."""
        path = tmp_path / "notes.csv"
        text = HEADER + "A1,2017/18 Q4,Council,Why?\n"
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
        assert [Comment("A1", "2017/18 Q4", "Council", "Why?", str(path), 2)] == list(
            Commentary.read(path)
        )

    @pytest.mark.parametrize("separator", [";", "\t"])
    def test_semicolons_and_tabs(self, tmp_path: Path, separator: str) -> None:
        """A file separated by semicolons or tabs, as a spreadsheet saves one where the comma is
        the decimal point, reads as the comma file does (it was refused: no `measure` column,
        nor `period`, `author` or `text`, and a column `measure;period;author;text`)."""
        path = tmp_path / "notes.csv"
        rows = [
            ["measure", "period", "author", "text"],
            ["A1", "2017/18 Q4", "Council", "Why, and how; when?"],
        ]
        with open(path, "w", encoding="utf-8", newline="") as file:
            csv.writer(file, delimiter=separator).writerows(rows)
        assert [Comment("A1", "2017/18 Q4", "Council", "Why, and how; when?", str(path), 2)] == (
            list(Commentary.read(path))
        )

    @pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
    def test_excel_sep_line(self, newline: str) -> None:
        """A first line `sep=;` (which Excel reads) names the separator, and lines keep their
        numbers; it was read as the header."""
        text = newline.join(
            ["sep=;", "measure;period;author;text", "A1;2017/18 Q4;Council;Why?", ""]
        )
        assert [("A1", "Council", "Why?", 3)] == [
            (c.measure, c.author, c.text, c.line) for c in Commentary.from_csv_text(text)
        ]

    def test_excel_unicode_text(self, tmp_path: Path) -> None:
        """Excel's "Unicode text" (UTF-16 with a BOM, tabs between cells) reads as UTF-8 does;
        it was refused as not UTF-8, quoting the header's bytes."""
        path = tmp_path / "notes.txt"
        text = "measure\tperiod\tauthor\ttext\r\nA1\t2017/18 Q4\tCouncil\t£5m: why?\r\n"
        path.write_bytes(text.encode("utf-16"))
        assert [Comment("A1", "2017/18 Q4", "Council", "£5m: why?", str(path), 2)] == list(
            Commentary.read(path)
        )

    def test_broken_utf16(self, tmp_path: Path) -> None:
        """A file that starts as UTF-16 but is cut off inside a character is refused."""
        path = tmp_path / "notes.txt"
        path.write_bytes("measure\tperiod\n".encode("utf-16") + b"\x00")
        with pytest.raises(CommentaryError) as info:
            Commentary.read(path)
        assert (
            f"{path}: error: this file starts as UTF-16, but its byte 33 cannot be read\n"
            "help: save the file again as Unicode text, or as UTF-8"
        ) == str(info.value)

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 is a CommentaryError pointing at the first bad byte."""
        path = tmp_path / "notes.csv"
        path.write_bytes(HEADER.encode() + b"A1,2017/18 Q4,Council,\xa35m overspend\n")
        with pytest.raises(CommentaryError) as info:
            Commentary.read(path)
        assert (
            f"{path}:2:23: error: this file is not UTF-8: byte 0xA3 cannot be read\n"
            "    2 | A1,2017/18 Q4,Council,\ufffd5m overspend\n"
            "      |                       ^\n"
            "help: save the file as UTF-8"
        ) == str(info.value)

    def test_read_does_not_check_against_a_contract(self, tmp_path: Path) -> None:
        """read only reads: an unknown measure is kept until the commentary is resolved."""
        path = tmp_path / "notes.csv"
        path.write_text(HEADER + "X99,2017/18 Q99,Council,Why?\n", encoding="utf-8")
        assert ["X99"] == [c.measure for c in Commentary.read(path)]


class TestLoad:
    def test_the_example_loads(self) -> None:
        """The example commentary loads against the example contract."""
        notes = Commentary.load(EXAMPLE, CONTRACT)
        assert isinstance(notes, ResolvedCommentary)
        assert ["Council", "Trust"] == [c.author for c in notes.get("B8", Q4)]
        assert () == notes.get("A4", Q4)

    def test_same_as_read_then_resolve(self) -> None:
        """load gives what read then resolve gives."""
        assert Commentary.read(EXAMPLE).resolve(CONTRACT) == Commentary.load(EXAMPLE, CONTRACT)

    def test_file_and_contract_problems_together_in_line_order(self, tmp_path: Path) -> None:
        """A file's own problems and its entries' problems come in one error, in line order.

        An unknown measure or period is reported once, at the heading that names it.
        """
        path = tmp_path / "notes.md"
        path.write_text(
            "## A10 2017/18 Q4\n\n"  # 1
            "**Council:** Unknown measure.\n\n"  # 3
            "No author here.\n\n"  # 5
            "## B8 2017/18 Q5\n\n"  # 7
            "**Trust:** Unknown period.\n\n"  # 9
            "### Too deep\n",  # 11
            encoding="utf-8",
        )
        with pytest.raises(CommentaryError) as info:
            Commentary.load(path, CONTRACT)
        assert [
            (1, unknown("A10")),
            (7, "measure B8: `2017/18 Q5` is not a quarter: there is no Q5"),
            (11, "a level-3 heading has no place in commentary"),
        ] == places(info.value)

    def test_a_csv_with_bad_rows_and_bad_entries(self, tmp_path: Path) -> None:
        """Bad rows of a CSV and unknown measures in its good rows are all reported."""
        path = tmp_path / "notes.csv"
        path.write_text(
            HEADER + "A10,2017/18 Q4,Council,x\nA1,2017/18 Q4\nB8,2017/18 Q5,Trust,y\n",
            encoding="utf-8",
        )
        with pytest.raises(CommentaryError) as info:
            Commentary.load(path, CONTRACT)
        assert [
            (2, unknown("A10")),
            (3, "this row has 2 cells but the header has 4 cells"),
            (4, "measure B8: `2017/18 Q5` is not a quarter: there is no Q5"),
        ] == places(info.value)


# ---------------------------------------------------------------------------
# Golden files


def _golden_inputs() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if p.suffix in (".csv", ".md"))


def _error_of(name: str) -> CommentaryError:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        with pytest.raises(CommentaryError) as info:
            Commentary.load(f"tests/golden/commentary/{name}", CONTRACT)
    return info.value


class TestGolden:
    @pytest.mark.parametrize("name", _golden_inputs())
    def test_error_matches_golden(self, name: str) -> None:
        """Each bad commentary file gives exactly the CommentaryError its golden holds."""
        actual = str(_error_of(name)) + "\n"
        expected_path = (GOLDEN / name).with_suffix(".expected")
        if UPDATE:
            expected_path.write_text(actual, encoding="utf-8", newline="\n")
        assert expected_path.is_file(), f"no golden {expected_path.name}; run with UPDATE (see top)"
        assert expected_path.read_text(encoding="utf-8") == actual

    @pytest.mark.parametrize(
        ("name", "lines"),
        [
            ("unknown-measure.csv", [3, 4, 5]),
            ("unknown-period.csv", [2, 3, 4, 5]),
            ("markdown-unknown.md", [7, 11, 15, 15]),
        ],
    )
    def test_unknown_measures_and_periods_each_on_its_line(
        self, name: str, lines: list[int]
    ) -> None:
        """Each unknown measure or period is reported on its line (in Markdown, its heading's)."""
        assert lines == [d.line for d in _error_of(name).diagnostics]

    @pytest.mark.parametrize(
        ("name", "lines"),
        [
            ("many-problems.csv", [6, 7, 8, 9, 10, 11, 13, 14, 15, 15]),
            ("markdown-many-problems.md", [5, 11, 15, 19, 21, 23, 27, 35]),
            ("markdown-later-title.md", [18, 21]),
            ("markdown-author-lines.md", [39, 40, 43]),
        ],
    )
    def test_many_problems_all_reported_in_line_order(self, name: str, lines: list[int]) -> None:
        """The files with a mistake of every kind report every one, in line order."""
        assert lines == [d.line for d in _error_of(name).diagnostics]

    def test_every_form_of_author_line_opens_an_entry(self) -> None:
        """In markdown-author-lines.md each author line, in any form, opens its own entry."""
        problems = {d.line for d in _error_of("markdown-author-lines.md").diagnostics}
        lines = (GOLDEN / "markdown-author-lines.md").read_text(encoding="utf-8").split("\n")
        kept = "\n".join("" if n in problems else line for n, line in enumerate(lines, start=1))
        found = [(c.measure, c.author, c.line) for c in read_md(kept)]
        assert [
            ("A1", "Council", 8),
            ("A1", "Trust", 9),
            ("A1", "Panel", 11),
            ("A1", "Council", 13),
            ("A1", "Trust", 15),
            ("A1", "Panel", 17),
            ("A8", "Council", 21),
            ("A8", "Trust", 26),
            ("A8", "Council", 28),
            ("A8", "Trust", 29),
            ("A8", "Panel", 31),
            ("A8", "Council", 32),
            ("A8", "Trust", 34),
            ("B8", "Council", 38),
            ("B8", "Trust", 42),
        ] == found

    def test_many_problems_csv_drops_no_bad_row(self) -> None:
        """Every row of many-problems.csv whose text says it is bad is named in the error."""
        text = (GOLDEN / "many-problems.csv").read_text(encoding="utf-8")
        starts = {c.line: c.text for c in _rows_of(text)}
        bad = sorted(line for line, said in starts.items() if not said.startswith("Fine"))
        assert bad == sorted({d.line or 0 for d in _error_of("many-problems.csv").diagnostics})

    def test_every_input_has_its_golden(self) -> None:
        """No input without its .expected, no stale .expected, no two inputs with one golden."""
        inputs = [p.stem for p in GOLDEN.iterdir() if p.suffix in (".csv", ".md")]
        goldens = {p.stem for p in GOLDEN.iterdir() if p.suffix == ".expected"}
        assert sorted(set(inputs)) == sorted(inputs)
        assert set() == set(inputs) ^ goldens
        assert [] == sorted(
            p.name for p in GOLDEN.iterdir() if p.suffix not in (".csv", ".md", ".expected")
        )

    def test_goldens_are_not_being_regenerated(self) -> None:
        """A run that regenerates goldens fails, so that it is never mistaken for a pass."""
        assert not UPDATE, "goldens were regenerated: read `git diff tests/golden`, then rerun"


def _rows_of(text: str) -> list[Comment]:
    """The entries of a CSV whose bad rows are still rows: every row's first line and text."""
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(rows)]
    found = []
    line = rows.line_num + 1
    for cells in rows:
        start, line = line, rows.line_num + 1
        if any(cell.strip() for cell in cells):
            said = cells[header.index("text")] if len(cells) > header.index("text") else ""
            found.append(Comment("", "", "", said, "", start))
    return found


# ---------------------------------------------------------------------------
# Properties: what is written in either form reads back

MEASURES = sorted(CONTRACT.measures)
PERIODS = ["2017/18 Q4", "2017/18 Q1", "2018/19 Q2", "2017/18", "2018-03"]
AUTHORS = ["Council", "Trust", "Director of Children's Services", "Cllr O'Brien", "Panel (chair)"]
# Letters, digits and what Markdown and CSV make something of, with spaces and line breaks.
ALPHABET = "abcXYZé£’–0129*_`#[]()<>|\\!:-.,;\"'&%~+=/    \n"
# A line a Markdown reader takes for a heading: the form's own markup, not text.
HEADING_LINE = re.compile(r"#{1,6}[ \t]")
# A paragraph: its lines as a writer wrapped them, none blank (a blank line ends it).
PARAGRAPHS = (
    st.text(alphabet=ALPHABET, min_size=1, max_size=60)
    .map(lambda text: [line for line in text.split("\n") if line.strip()])
    .filter(lambda lines: bool(lines) and not any(HEADING_LINE.match(s.strip()) for s in lines))
)
ENTRIES = st.lists(
    st.tuples(
        st.sampled_from(MEASURES),
        st.sampled_from(PERIODS),
        st.sampled_from(AUTHORS),
        st.lists(PARAGRAPHS, min_size=1, max_size=3),
    ),
    max_size=6,
)
Entry = tuple[str, str, str, list[list[str]]]

# What may open an author line, or one that looks like it, in the Markdown form (see the
# module's docstring): quote and list markers, then emphasis and a colon. Broader than
# the reader: text that matches is left out of the round trips.
AUTHOR_OPENING = re.compile(r"[>*+0-9.)\s-]*[*_][^\n]*:")


# A line that starts a list item: a bullet, or a number and `.` or `)`, a space, then text.
LIST_ITEM = re.compile(r"(?:[-*+]|(?P<number>[0-9]{1,9})[.)])[ \t]+\S")


def normalised(paragraphs: list[list[str]]) -> str:
    """The text as documented to read back: paragraphs split by a blank line, runs of spaces
    as one, a paragraph's lines joined by spaces but for list items, each on a line of its
    own (a bullet or a number 1 starts a list; in a list, any number is the next item)."""
    written = []
    for lines in paragraphs:
        kept: list[str] = []
        listing = False
        for line in lines:
            words = " ".join(line.split())
            item = LIST_ITEM.match(words)
            if item and (not kept or listing or not item["number"] or int(item["number"]) == 1):
                listing = True
                kept.append(words)
            elif kept:
                kept[-1] += " " + words
            else:
                kept.append(words)
        written.append("\n".join(kept))
    return "\n\n".join(written)


def as_written(paragraphs: list[list[str]]) -> list[str]:
    """The lines of the text as written, a blank line between paragraphs."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [*paragraph, ""]
    return lines[:-1]


def opens_like_an_author(entries: list[Entry]) -> bool:
    """Whether a line after an entry's first might read as an author's, in Markdown."""
    return any(
        AUTHOR_OPENING.match(line.strip())
        for *_, paragraphs in entries
        for number, paragraph in enumerate(paragraphs)
        for line in paragraph[1 if number == 0 else 0 :]
    )


SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")


def underlines_a_heading(entries: list[Entry]) -> bool:
    """Whether a line of an entry is all `=` or all `-`, which in Markdown makes the line
    above it a heading (refused in an entry, or read as one: see commentary's docs)."""
    return any(
        SETEXT_UNDERLINE.fullmatch(line)
        for *_, paragraphs in entries
        for paragraph in paragraphs
        for line in paragraph
    )


def expected(
    entries: list[Entry], source: str, lines: list[int], headings: list[int] | None = None
) -> list[Comment]:
    """The comments ``entries`` should read back as, from ``source`` at ``lines``.

    ``headings`` are the lines of the Markdown headings naming each entry's measure and
    period (None: CSV, which has none).
    """
    return [
        Comment(m, p, a, normalised(paragraphs), source, line, heading)
        for (m, p, a, paragraphs), line, heading in zip(
            entries, lines, headings or [None] * len(lines), strict=True
        )
    ]


class TestProperties:
    @laws
    @given(ENTRIES, st.sampled_from(["\r\n", "\n"]), st.permutations(range(4)))
    def test_csv_round_trip(self, entries: list[Entry], ending: str, order: list[int]) -> None:
        """Entries written by the csv module, columns in any order, read back as written."""
        columns = ["measure", "period", "author", "text"]
        header = [columns[i] for i in order]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=ending)
        writer.writerow(header)
        lines, line = [], 2
        for m, p, a, paragraphs in entries:
            text = "\n".join(as_written(paragraphs))
            cells = {"measure": m, "period": p, "author": a, "text": text}
            writer.writerow([cells[name] for name in header])
            lines.append(line)
            line += text.count("\n") + 1
        notes = Commentary.from_csv_text(buffer.getvalue(), "p.csv")
        assert expected(entries, "p.csv", lines) == list(notes)

    @laws
    @given(ENTRIES, st.sampled_from(["\r\n", "\n"]), st.booleans())
    def test_markdown_round_trip(self, entries: list[Entry], ending: str, outside: bool) -> None:
        """Entries written in the Markdown form, a heading per measure and period, read back."""
        assume(not opens_like_an_author(entries) and not underlines_a_heading(entries))
        written = ["# Commentary", "", "A preface with *markup* | and # signs.", ""]
        lines, headings, heading, heading_line = [], [], None, 0
        for m, p, a, paragraphs in entries:
            if heading != (m, p):
                heading_line = len(written) + 1
                written += [f"## {m} {p}", ""]
                heading = (m, p)
            lines.append(len(written) + 1)
            headings.append(heading_line)
            text = as_written(paragraphs)
            lead = f"**{a}**: " if outside else f"**{a}:** "
            written += [lead + text[0], *text[1:], ""]
        notes = Commentary.from_markdown_text(ending.join(written), "p.md")
        assert expected(entries, "p.md", lines, headings) == list(notes)

    @laws
    @given(ENTRIES, st.sampled_from(["> ", ">"]))
    def test_markdown_round_trip_in_block_quotes(self, entries: list[Entry], marker: str) -> None:
        """Entries written as the report writes them, each in a block quote, read back."""
        assume(not opens_like_an_author(entries) and not underlines_a_heading(entries))
        assume(
            not any(line.strip().startswith(">") for *_, ps in entries for p in ps for line in p)
        )
        written, lines, headings = [], [], []
        for m, p, a, paragraphs in entries:
            headings.append(len(written) + 1)
            written += [f"## {m} {p}", ""]
            lines.append(len(written) + 1)
            text = as_written(paragraphs)
            quoted = [f"{marker}**{a}:** {text[0]}", *(f"{marker}{line}" for line in text[1:])]
            written += [line.rstrip() for line in quoted] + [""]
        notes = Commentary.from_markdown_text("\n".join(written), "q.md")
        assert expected(entries, "q.md", lines, headings) == list(notes)

    @settings(laws, max_examples=50)
    @given(ENTRIES)
    def test_both_forms_resolve_alike(self, entries: list[Entry]) -> None:
        """The same entries in CSV and in Markdown resolve to the same comments (bar source)."""
        assume(not opens_like_an_author(entries) and not underlines_a_heading(entries))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["measure", "period", "author", "text"])
        written = []
        for m, p, a, paragraphs in entries:
            writer.writerow([m, p, a, "\n".join(as_written(paragraphs))])
            written += [f"## {m} {p}", "", f"**{a}:** " + "\n".join(as_written(paragraphs)), ""]
        from_csv = Commentary.from_csv_text(buffer.getvalue()).resolve(CONTRACT)
        from_md = Commentary.from_markdown_text("\n".join(written)).resolve(CONTRACT)

        def texts(notes: ResolvedCommentary) -> dict[object, list[tuple[str, str]]]:
            return {k: [(c.author, c.text) for c in v] for k, v in notes.entries.items()}

        assert texts(from_csv) == texts(from_md)
