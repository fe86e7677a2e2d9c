"""Tests for perfcontract.readings: loading readings, and checking them against a contract.

``tests/golden/readings/NAME.csv`` are bad readings; ``NAME.expected`` beside
each is exactly the ReadingsError that loading it (from the repository root)
and resolving it against the reference contract gives. To regenerate them
after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_readings.py

then read every changed golden before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import ast
import contextlib
import csv
import math
import os
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract._csvtext import quoted_after, scan
from perfcontract.errors import ContractError, Diagnostic, ReadingsError
from perfcontract.periods import Period
from perfcontract.readings import (
    DEFAULT_MISSING,
    Reading,
    Readings,
    ResolvedReadings,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "readings"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
CONTRACT = pc.load("examples/dcst-2017-18.contract")
Q3, Q4 = Period.parse("2017/18 Q3"), Period.parse("2017/18 Q4")
LONG = "measure,period,value\n"
NUMBER_HINT = (
    "write a number such as 26, 1,789 or 26%; for a missing value, "
    "leave the cell empty or write -, .., :, c, x or z"
)
EXPECTED = (
    "begin with a header: `measure,period,value` for long form (an `authority` column is "
    "optional), or `measure` and then one column per period, such as `2017/18 Q1`, for wide form"
)
TOO_FEW = "give every row a cell for each column; leave a cell empty for a missing value"
TOO_MANY = (
    'put a number written with thousands commas in quotes ("1,789"), '
    "or give the extra column a heading"
)
HUGE = "9" * 5000  # more digits than int() converts from text (Python's limit: 4,300)
GROUPING = "a thousands comma comes before each group of three digits (1,789)"
DUPLICATE = "keep one value for each measure and period: correct or delete one of the two"

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=200, deadline=None)


def read(text: str, source: str = "r.csv") -> Readings:
    """Readings from CSV text."""
    return Readings.from_csv_text(text, source)


def cell(text: str) -> Reading:
    """The one reading a mapping with one value gives."""
    return Readings.from_mapping({"A1": text}, "2017/18 Q4").rows[0]


def failure(readings: Readings) -> ReadingsError:
    """The ReadingsError that resolving ``readings`` against the reference contract raises."""
    with pytest.raises(ReadingsError) as info:
        readings.resolve(CONTRACT)
    return info.value


def messages(readings: Readings) -> list[str]:
    """The message of every problem resolving ``readings`` finds, in order."""
    return [d.message for d in failure(readings).diagnostics]


def header_failure(text: str) -> Diagnostic:
    """The one problem reading a CSV text with a bad header finds."""
    with pytest.raises(ReadingsError) as info:
        read(text)
    assert 1 == len(info.value.diagnostics)
    return info.value.first


def header_failures(text: str) -> list[str]:
    """The messages of every problem in a bad header."""
    with pytest.raises(ReadingsError) as info:
        read(text)
    return [d.message for d in info.value.diagnostics]


class TestDefaultMissing:
    def test_markers(self) -> None:
        """Empty, and the UK official-statistics suppression markers."""
        assert frozenset({"", "c", "x", "z", "..", ":", "-"}) == DEFAULT_MISSING


class TestReading:
    def test_defaults(self) -> None:
        """A reading needs only measure, period, text and value."""
        row = Reading("A1", "2017/18 Q4", "26", 26.0)
        assert (None, "<readings>", None, None) == (
            row.authority,
            row.source,
            row.line,
            row.problem,
        )

    def test_frozen(self) -> None:
        """A reading cannot be changed."""
        row = Reading("A1", "2017/18 Q4", "26", 26.0)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            row.value = 27.0  # type: ignore[misc]


class TestNumbers:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("26", 26.0),
            ("26.5", 26.5),
            ("-2.5", -2.5),
            ("+5", 5.0),
            ("\u22125", -5.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("007", 7.0),
            ("1,789", 1789.0),
            ("1,234,567.25", 1234567.25),
            ("999,999", 999999.0),
            ("1,000", 1000.0),
            ("0", 0.0),
            ("0.500", 0.5),
            ("0500", 500.0),
            ("26%", 26.0),
            ("21.9%", 21.9),
            ("1e5", 100000.0),
            ("1E-05", 0.00001),
            ("2.5e+3", 2500.0),
            ("£1,230,000", 1230000.0),
            ("£1.2m", 1200000.0),
            ("£1.2M", 1200000.0),
            ("£950k", 950000.0),
            ("£0.25bn", 250000000.0),
            ("£5", 5.0),
            ("-£1.5m", -1500000.0),
            ("£-1.5m", -1500000.0),
            ("  26 ", 26.0),
        ],
    )
    def test_accepted(self, text: str, value: float) -> None:
        """Plain decimals, thousands commas, %, exponents and £ amounts are numbers."""
        row = cell(text)
        assert (value, None) == (row.value, row.problem)

    @pytest.mark.parametrize(
        "text",
        [
            "abc",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "Infinity",
            "n/a",
            "26,5",
            "1,23",
            "12,3456",
            "0,500",
            "00,500",
            "0,000",
            "012,345",
            "1234,567",
            "1,000,0",
            ",500",
            "500,",
            "26 %",
            "%26",
            "1.2.3",
            "--5",
            "+-5",
            "1e",
            "e5",
            "1.2m",
            "£",
            "£1.2.3m",
            "-£-5",
            "£1.2x",
            "0x1A",
            "1_000",
            "٢٦",
            "²",
            "five",
        ],
    )
    def test_rejected(self, text: str) -> None:
        """Anything else is not a number, and says so with its text."""
        row = cell(text)
        assert math.isnan(row.value)
        assert f"`{text}` is not a number" == row.problem

    @pytest.mark.parametrize(
        ("text", "instead"),
        [
            ("0,500", "write 0.500 for a decimal, or 500 for a whole number"),
            ("00,500", "write 0.500 for a decimal, or 500 for a whole number"),
            ("26,5", "write 26.5 for a decimal, or 265 for a whole number"),
            ("-0,5%", "write -0.5% for a decimal, or -5% for a whole number"),
            ("£0,750m", "write £0.750m for a decimal, or £750m for a whole number"),
            ("1,23,456", "write 123456, without commas"),
            ("1,000,0", "write 10000, without commas"),
            ("0,500.5", "write 500.5, without commas"),
        ],
    )
    def test_commas_that_do_not_group_thousands(self, text: str, instead: str) -> None:
        """A comma out of place is no number, and the hint gives both ways to read it."""
        error = failure(Readings.from_mapping({"E1": text}, "2017/18 Q4"))
        assert (
            f"measure E1, period 2017/18 Q4: `{text}` is not a number",
            f"{instead}: {GROUPING}",
        ) == (error.first.message, error.first.hint)

    def test_a_count_of_0_comma_500_is_refused_at_its_cell(self) -> None:
        """`"0,500"` in a count is neither 500 nor 0.5 but a problem at its cell."""
        error = failure(read(LONG + 'E1,2017/18 Q4,"0,500"\n'))
        assert (
            "measure E1, period 2017/18 Q4: `0,500` is not a number",
            f"write 0.500 for a decimal, or 500 for a whole number: {GROUPING}",
            2,
            15,
            7,
        ) == (
            error.first.message,
            error.first.hint,
            error.line,
            error.column,
            error.first.length,
        )

    def test_0_comma_500_unquoted_before_a_note(self) -> None:
        """Unquoted, `0,500` fills the note's cell: a problem of the row, not a reading of 0."""
        error = failure(read("measure,period,value,note\nE1,2017/18 Q4,0,500\n"))
        assert (
            "measure E1, period 2017/18 Q4: `0,500` looks like one number split by its comma",
            f"write 0.500 for a decimal, or 500 for a whole number: {GROUPING}",
        ) == (error.first.message, error.first.hint)

    def test_0_comma_500_unquoted_as_the_last_cell(self) -> None:
        """Unquoted, `0,500` makes a cell too many, and the hint is not to quote it."""
        error = failure(read(LONG + "E1,2017/18 Q4,0,500\n"))
        assert (
            "measure E1, period 2017/18 Q4: this row has 4 cells, but the header on line 1 has 3",
            f"write 0.500 for a decimal, or 500 for a whole number: {GROUPING}",
        ) == (error.first.message, error.first.hint)

    def test_too_large(self) -> None:
        """A number too large for a float is a problem, not infinity."""
        row = cell("1e999")
        assert math.isnan(row.value)
        assert "`1e999` is too large a number" == row.problem

    def test_text_is_kept_stripped(self) -> None:
        """The reading keeps the cell's text as written, spaces around it removed."""
        assert "1,789%" == cell("  1,789% ").text

    def test_long_text_is_cut_short_in_the_problem(self) -> None:
        """A long cell is shown by its first 40 characters."""
        assert f"`{'a' * 40}…` is not a number" == cell("a" * 50).problem

    def test_multi_line_text_is_shown_by_its_first_line(self) -> None:
        """A cell with line breaks is shown by its first line."""
        assert "`ab…` is not a number" == cell("ab\ncd").problem

    @pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x0c", "\x0b", "\x1c", "\x85"])
    def test_a_character_that_is_no_line_break_in_csv_is_shown(self, odd: str) -> None:
        """A cell's U+2028, form feed or other character that Python takes for a line break,
        but CSV does not, is shown (as <U+XXXX> in a message), not taken for the cell's end:
        `2\u20286` was shown as `2…`, hiding what made it no number."""
        problem = cell(f"2{odd}6").problem
        assert f"`2{odd}6` is not a number" == problem
        error = pc.ReadingsError([Diagnostic(problem or "")])
        assert f"<string>: error: `2<U+{ord(odd):04X}>6` is not a number" == str(error)


class TestMissing:
    @pytest.mark.parametrize(
        "text", ["", "  ", "c", "C", "x", "X", "z", "Z", "..", ":", "-", " c "]
    )
    def test_default_markers(self, text: str) -> None:
        """Empty cells and suppression markers, in either case, are missing: NaN, no problem."""
        row = cell(text)
        assert math.isnan(row.value)
        assert row.problem is None

    def test_custom_markers_add_to_the_default(self) -> None:
        """With missing= given, its markers (ignoring case and spaces) join the default ones."""
        readings = Readings.from_mapping(
            {"A1": "n/a", "A2": "N/A", "A3": "c", "A4": "", "A5": "#N/A"},
            "2017/18 Q4",
            missing={" N/A ", "#n/a"},
        )
        assert [None] * 5 == [r.problem for r in readings]

    def test_custom_markers_replace_the_default_when_asked(self) -> None:
        """With default_missing=False, missing= gives the only markers."""
        readings = Readings.from_mapping(
            {"A1": "n/a", "A2": "N/A", "A3": "c"},
            "2017/18 Q4",
            missing={" N/A ", ""},
            default_missing=False,
        )
        assert [None, None, "`c` is not a number"] == [r.problem for r in readings]

    def test_empty_can_be_refused(self) -> None:
        """Without "" among the markers an empty cell is a problem, with a hint."""
        readings = Readings.from_mapping(
            {"A1": ""}, "2017/18 Q4", missing={"c"}, default_missing=False
        )
        assert ["measure A1, period 2017/18 Q4: the value is empty"] == messages(readings)
        assert "write a number: an empty cell is not taken as a missing value here" == (
            failure(readings).first.hint
        )

    def test_hint_lists_the_markers_in_use(self) -> None:
        """The not-a-number hint names the markers configured."""
        readings = Readings.from_mapping(
            {"A1": "abc"}, "2017/18 Q4", missing={"n/a"}, default_missing=False
        )
        assert "write a number such as 26, 1,789 or 26%; for a missing value, write n/a" == (
            failure(readings).first.hint
        )

    def test_hint_without_markers(self) -> None:
        """With no markers at all the hint only asks for a number."""
        readings = Readings.from_mapping(
            {"A1": "abc"}, "2017/18 Q4", missing=(), default_missing=False
        )
        assert "write a number such as 26, 1,789 or 26%" == failure(readings).first.hint

    def test_a_string_is_not_a_set_of_markers(self) -> None:
        """missing="c" would mean the single characters; it is refused."""
        with pytest.raises(TypeError, match="missing is a collection of markers"):
            Readings.from_csv_text(LONG, missing="c")


class TestFromMapping:
    def test_rows_in_mapping_order(self) -> None:
        """One row per key, in order, for the period given, from <mapping> with no line."""
        readings = Readings.from_mapping({"A1": 26, " B8 ": 76.5}, "2017/18 Q4")
        assert [
            Reading("A1", "2017/18 Q4", "26", 26.0, None, "<mapping>"),
            Reading("B8", "2017/18 Q4", "76.5", 76.5, None, "<mapping>"),
        ] == list(readings)

    def test_authority(self) -> None:
        """Every row carries the authority given."""
        readings = Readings.from_mapping({"A1": 26}, "2017/18 Q4", authority="Doncaster")
        assert ["Doncaster"] == [r.authority for r in readings]

    def test_period_object(self) -> None:
        """A Period is written by its label."""
        assert "2017/18 Q4" == Readings.from_mapping({"A1": 26}, Q4).rows[0].period

    @pytest.mark.parametrize(
        ("value", "text", "number"),
        [
            (None, "", math.nan),
            (math.nan, "", math.nan),
            (Decimal("NaN"), "", math.nan),
            (np.float64("nan"), "", math.nan),
            (26, "26", 26.0),
            (26.5, "26.5", 26.5),
            (Decimal("90.50"), "90.50", 90.5),
            (np.float64(88), "88.0", 88.0),
            (np.int64(2), "2", 2.0),
            ("  1,789 ", "1,789", 1789.0),
        ],
    )
    def test_values(self, value: object, text: str, number: float) -> None:
        """None and NaN are missing; numbers of any kind are read; strings as CSV cells."""
        row = Readings.from_mapping({"A1": value}, "2017/18 Q4").rows[0]  # type: ignore[dict-item]
        assert (text, None) == (row.text, row.problem)
        assert number == row.value or (math.isnan(number) and math.isnan(row.value))

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            (True, "`True` is not a number"),
            (math.inf, "`inf` is not a number"),
            (Decimal("-Infinity"), "`-Infinity` is not a number"),
            ([26], "`[26]` is not a number"),
        ],
    )
    def test_bad_values(self, value: object, problem: str) -> None:
        """Booleans, infinities and other objects are problems kept on the row."""
        row = Readings.from_mapping({"A1": value}, "2017/18 Q4").rows[0]  # type: ignore[dict-item]
        assert problem == row.problem
        assert math.isnan(row.value)

    def test_period_with_another_year_start_is_a_problem(self) -> None:
        """A Period whose year starts in another month than the contract's is reported."""
        readings = Readings.from_mapping({"A1": 26}, Period.parse("2017/18 Q4", year_start=1))
        assert [
            "measure A1, period 2017/18 Q4: `2017/18 Q4` has its year starting in January, "
            "not April"
        ] == messages(readings)


class TestFromRecords:
    def test_records(self) -> None:
        """Keys in any case; authority optional; line is the record's place from 1."""
        readings = Readings.from_records(
            [
                {"Measure": "A1", "PERIOD": "2017/18 Q4", "value": "26%", "note": "x"},
                {"measure": "B8", "period": Q4, "value": None, "authority": "Doncaster"},
            ],
            source="db",
        )
        assert [
            Reading("A1", "2017/18 Q4", "26%", 26.0, None, "db", 1),
            Reading("B8", "2017/18 Q4", "", math.nan, "Doncaster", "db", 2),
        ] == list(readings)

    def test_default_source(self) -> None:
        """Records come from <records> unless named."""
        readings = Readings.from_records([{"measure": "A1", "period": "2017/18", "value": 1}])
        assert "<records>" == readings.rows[0].source

    def test_missing_keys(self) -> None:
        """A record without measure, period or value is one problem, placed at the record."""
        readings = Readings.from_records(
            [{"measure": "A1", "period": "2017/18 Q4", "value": 1}, {}]
        )
        error = failure(readings)
        assert [
            "measure (blank), period (blank): this record has no `measure` or `period` or `value`"
        ] == [d.message for d in error.diagnostics]
        assert ("<records>", 2, 1) == (error.source, error.line, error.column)
        assert "give each record a measure, a period and a value (an authority is optional)" == (
            error.first.hint
        )

    def test_not_a_mapping(self) -> None:
        """A record that is not a mapping is a programming error."""
        with pytest.raises(TypeError, match="record 1 is a tuple, not a mapping"):
            Readings.from_records([("A1", "2017/18 Q4", 26)])  # type: ignore[list-item]


class TestLongForm:
    def test_rows(self) -> None:
        """Each row is one reading with its line; extra columns are left out of the values."""
        readings = read("measure,period,value,note\nA1,2017/18 Q4,26,report\nB8, 2017/18 Q4 ,c,\n")
        assert [
            Reading("A1", "2017/18 Q4", "26", 26.0, None, "r.csv", 2),
            Reading("B8", "2017/18 Q4", "c", math.nan, None, "r.csv", 3),
        ] == list(readings)

    def test_columns_in_any_order_and_case(self) -> None:
        """Headings are found by name, ignoring case and spaces."""
        readings = read(" Value ,AUTHORITY,Period,Measure\n26,Doncaster,2017/18 Q4,A1\n")
        assert [Reading("A1", "2017/18 Q4", "26", 26.0, "Doncaster", "r.csv", 2)] == list(readings)

    def test_empty_authority_is_none(self) -> None:
        """An empty authority cell means no authority."""
        assert [None] == [
            r.authority for r in read("authority,measure,period,value\n ,A1,2017/18,1\n")
        ]

    def test_quoted_cells(self) -> None:
        """Quoted cells hold commas and quotes."""
        readings = read('measure,period,value,note\nE1,2017/18 Q4,"1,789","said ""high"""\n')
        assert ("1,789", 1789.0) == (readings.rows[0].text, readings.rows[0].value)

    def test_the_example_file_reads(self) -> None:
        """The example readings give 88 rows, each with its line."""
        readings = Readings.from_csv("examples/dcst-2017-18-readings.csv")
        assert 88 == len(readings)
        assert list(range(2, 90)) == [r.line for r in readings]


class TestWideForm:
    def test_every_cell_is_a_reading(self) -> None:
        """Each cell under a period heading is a reading for that period, empty ones included."""
        readings = read("measure,2017/18 Q3,2017/18 q4\nA1,26.8,26\nB8,,c\n")
        assert [
            Reading("A1", "2017/18 Q3", "26.8", 26.8, None, "r.csv", 2),
            Reading("A1", "2017/18 q4", "26", 26.0, None, "r.csv", 2),
            Reading("B8", "2017/18 Q3", "", math.nan, None, "r.csv", 3),
            Reading("B8", "2017/18 q4", "c", math.nan, None, "r.csv", 3),
        ] == list(readings)

    def test_label_columns_are_ignored(self) -> None:
        """Headings with no digit (title, note) are labels, not periods."""
        readings = read("title,measure,2018-03,note\nRe-referrals,A1,26,fine\n")
        assert [("A1", "2018-03", "26")] == [(r.measure, r.period, r.text) for r in readings]

    def test_authority_column(self) -> None:
        """A wide file may have an authority column anywhere."""
        readings = read("measure,2017/18,authority\nA1,26,Doncaster\n")
        assert [("Doncaster", "2017/18")] == [(r.authority, r.period) for r in readings]

    def test_same_values_as_long_form(self) -> None:
        """A wide file and the long file with the same cells resolve to the same values."""
        wide = read('measure,2017/18 Q3,2017/18 Q4\nA1,26.8,26\nE1,1962,"1,789"\n')
        long = read(
            "measure,period,value\nA1,2017/18 Q3,26.8\nA1,2017/18 Q4,26\n"
            'E1,2017/18 Q3,1962\nE1,2017/18 Q4,"1,789"\n'
        )
        assert long.resolve(CONTRACT).values == wide.resolve(CONTRACT).values


class TestHeader:
    @pytest.mark.parametrize(
        ("header", "named", "column", "length"),
        [
            ("Measure ID,Period,Value", "Measure ID", 1, 10),
            ("period,Indicator,value", "Indicator", 8, 9),
            ("KPI,period,value", "KPI", 1, 3),
            ("period,value,Performance metric", "Performance metric", 14, 18),
        ],
    )
    def test_measure_column_named_otherwise(
        self, header: str, named: str, column: int, length: int
    ) -> None:
        """A heading that names the measures in other words is pointed at, with the name
        to give it."""
        problem = header_failure(f"{header}\nA1,2017/18 Q4,26\n")
        assert (f"rename the column `{named}` to `measure`", column, length) == (
            problem.hint,
            problem.column,
            problem.length,
        )

    def test_no_measure_column(self) -> None:
        """A header without `measure` is neither form, and the error says what to write."""
        problem = header_failure("id,period,value\nA1,2017/18 Q4,26\n")
        assert (
            "this header has no `measure` column, so it is neither long form nor wide form",
            EXPECTED,
            "r.csv",
            1,
            1,
            15,
        ) == (
            problem.message,
            problem.hint,
            problem.source,
            problem.line,
            problem.column,
            problem.length,
        )

    @pytest.mark.parametrize("mark", [";", "\t"])
    def test_other_separators(self, mark: str) -> None:
        """A header separated by semicolons or tabs is read so, and so are its rows."""
        readings = read(
            mark.join(["measure", "period", "value"])
            + "\n"
            + mark.join(["A1", "2017/18 Q4", "26,5"])
            + "\n"
        )
        assert [("A1", "2017/18 Q4", 26.5)] == [(r.measure, r.period, r.value) for r in readings]

    def test_a_header_with_no_measure_in_any_separator(self) -> None:
        """A semicolon header without a `measure` column is reported as any other header."""
        problem = header_failure("id;period;value\n")
        assert EXPECTED == problem.hint

    @pytest.mark.parametrize(
        ("header", "message"),
        [
            ("measure,period", "this header has a `period` column but no `value` column"),
            ("measure,value,note", "this header has a `value` column but no `period` column"),
            (
                "measure,title",
                "this header has a `measure` column but no `value` column and no period columns",
            ),
        ],
    )
    def test_half_a_form(self, header: str, message: str) -> None:
        """A header with part of the long form, or a wide form without periods, is refused."""
        problem = header_failure(header + "\n")
        assert (message, EXPECTED) == (problem.message, problem.hint)

    def test_header_line_after_comments(self) -> None:
        """The header's line counts the comment and blank lines before it."""
        assert 3 == header_failure("# readings\n\nid,when\n").line

    def test_repeated_heading(self) -> None:
        """A column name given twice is a problem at the second."""
        problem = header_failure("measure,period,value,Value\n")
        assert ("columns 3 and 4 are both headed `value`", "head each column once", 22, 5) == (
            problem.message,
            problem.hint,
            problem.column,
            problem.length,
        )

    def test_bad_period_headings_are_all_reported(self) -> None:
        """Every wide heading that is not a period is reported, each at its column."""
        with pytest.raises(ReadingsError) as info:
            read("measure,Q1 2017-18,2017/18 Q2,,2017-13, 2017/18 q2 ,note\n")
        assert [
            ("column 2: `Q1 2017-18` is not a financial year, quarter or month", 9, 10),
            ("column 4 has no heading", 31, 1),
            ("column 5: `2017-13` is not a month: there is no month 13", 32, 7),
            ("columns 3 and 6 are both for 2017/18 Q2", 41, 10),
        ] == [(d.message, d.column, d.length) for d in info.value.diagnostics]
        assert ["did you mean 2017/18 Q1?", "months are 01 to 12"] == [
            info.value.diagnostics[i].hint for i in (0, 2)
        ]

    def test_a_label_heading_with_a_digit_says_how_to_keep_it(self) -> None:
        """A heading of words and a digit (`Target 2017/18`, `Q4 RAG`), a label column in the
        writer's mind, gets a hint saying that a heading without a digit is ignored; one with
        a "did you mean", or with no word (`2017-13`), keeps its own hint alone."""
        with pytest.raises(ReadingsError) as info:
            read("measure,Target 2017/18,2017/18 Q4 RAG,2017/18 Q4,Apirl 2018,2017-13\n")
        label = (
            "a heading with a digit in it is read as a period: head a column of targets or"
            " notes without one (`target`), and it is ignored"
        )
        forms = (
            "write 2017/18 for a financial year, 2017/18 H1 for a half year, 2017/18 Q4 for a"
            " quarter or 2018-03 for a month"
        )
        assert [
            f"{forms}; {label}",
            f"{forms}; {label}",
            "did you mean April 2018 (2018-04)?",
            "months are 01 to 12",
        ] == [d.hint for d in info.value.diagnostics]

    @pytest.mark.parametrize("error", ["#REF!", "#N/A", "#value!"])
    def test_a_wide_heading_that_is_an_excel_error(self, error: str) -> None:
        """A wide heading that is one of Excel's error values (a heading's formula failed) is
        an error at its column. Bug: having no digit, it was taken for a label column, and
        the readings under it were left out without a word."""
        with pytest.raises(ReadingsError) as info:
            read(f"measure,2017/18 Q3,{error}\nA1,26,27\n")
        [problem] = info.value.diagnostics
        assert (
            f"column 3: the heading is `{error.upper()}`, Excel's error for",
            "the formula of the heading failed",
            20,
            "correct the heading's formula, or write the period its values are for",
        ) == (
            problem.message.split(" for ")[0] + " for",
            problem.message.rsplit(": ", 1)[1],
            problem.column,
            problem.hint,
        )

    def test_a_wide_heading_that_is_a_month_with_no_year(self) -> None:
        """A wide heading that names a month with no year (`Jan`, `February`, `Sept.`) is an
        error at its column. Bug: having no digit, each was taken for a label column, and its
        readings left out without a word (with a good heading beside them, or with nothing
        but `this header has ... no period columns` if there was none)."""
        with pytest.raises(ReadingsError) as info:
            read("measure,2017/18 Q3,Jan,February,Sept.,title\nE1,1,2,3,4,x\n")
        assert [
            ("column 3: `Jan` is a month with no year", 20, "2024-01 (Jan 2024)"),
            ("column 4: `February` is a month with no year", 24, "2024-02 (Feb 2024)"),
            ("column 5: `Sept.` is a month with no year", 33, "2024-09 (Sep 2024)"),
        ] == [
            (d.message, d.column, (d.hint or "").rsplit(" or ", 1)[1])
            for d in info.value.diagnostics
        ]

    def test_heading_of_thousands_of_digits(self) -> None:
        """A wide heading with a quarter of thousands of digits is a problem at its column."""
        problem = header_failure(f"measure,2017/18 Q1,2018/19 Q{HUGE}\n")
        assert (
            f"column 3: `2018/19 Q{'9' * 31}…` is not a quarter: there is no Q{'9' * 40}…",
            "quarters are Q1 to Q4",
            20,
            5009,
            f"measure,2017/18 Q1,2018/19 Q{HUGE}",
        ) == (problem.message, problem.hint, problem.column, problem.length, problem.source_line)
        shown, caret = problem.format().splitlines()[1:3]
        assert ("2018/19 Q999", True) == (shown[caret.index("^") :][:12], 170 >= len(shown))

    def test_trailing_empty_headings_are_padding(self) -> None:
        """Empty headings after the last are spreadsheet padding, not columns."""
        assert 1 == len(read("measure,2017/18,,\nA1,26,,\n"))

    @pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", ",,,\n", "\ufeff"])
    def test_no_header(self, text: str) -> None:
        """A file with no header row at all is an error naming the file."""
        problem = header_failure(text)
        assert ("there are no readings: the file has no header", "r.csv", None, EXPECTED) == (
            problem.message,
            problem.source,
            problem.line,
            problem.hint,
        )

    def test_header_only(self) -> None:
        """A header and no rows is no readings, not an error."""
        assert 0 == len(read(LONG))


class TestLines:
    def test_comments_and_blank_lines_are_skipped(self) -> None:
        """Lines starting with # (after spaces) and blank lines are skipped; lines still count."""
        text = (
            "# Q4\n\nmeasure,period,value\n  # a note\n\nA1,2017/18 Q4,26\n   \n,,\n"
            "B8,2017/18 Q4,76\n"
        )
        assert [("A1", 6), ("B8", 9)] == [(r.measure, r.line) for r in read(text)]

    def test_a_hash_inside_a_quoted_cell_is_kept(self) -> None:
        """A line inside a quoted cell is never taken for a comment."""
        text = 'measure,period,value,note\nA1,2017/18 Q4,26,"two\n# lines"\nB8,2017/18 Q4,76,\n'
        assert [("A1", 2), ("B8", 4)] == [(r.measure, r.line) for r in read(text)]

    @pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
    def test_line_ends(self, end: str) -> None:
        """LF, CRLF and CR line ends all count lines the same."""
        text = end.join(["measure,period,value", "A1,2017/18 Q4,26", "", "B8,2017/18 Q4,76", ""])
        assert [2, 4] == [r.line for r in read(text)]

    def test_nul_in_a_cell_is_kept(self) -> None:
        """A NUL in a cell is read as any other character, on every Python."""
        readings = read("measure,period,value,note\nA1,2017/18 Q4,26,a\x00b\nA2,2017/18 Q4,9\x00\n")
        assert [("26", 26.0, None), ("9\x00", None, "`9\x00` is not a number")] == [
            (r.text, None if math.isnan(r.value) else r.value, r.problem) for r in readings
        ]

    def test_nul_in_a_header(self) -> None:
        """A NUL in the header is part of a heading, not a reason to give up on the file."""
        assert ["2017/18 Q4"] == [r.period for r in read("measure,x\x00,2017/18 Q4\nA1,,26\n")]

    def test_bom(self) -> None:
        """A byte-order mark before the header is ignored."""
        assert 1 == len(read("\ufeffmeasure,period,value\nA1,2017/18 Q4,26\n"))

    def test_a_record_over_two_lines_starts_where_it_starts(self) -> None:
        """A record with a line break in a quoted cell has its first line's number."""
        text = 'measure,period,value,note\nA1,2017/18 Q4,26,"a\nb"\nB8,2017/18 Q4,76,\n'
        assert [2, 4] == [r.line for r in read(text)]


class TestCellCount:
    def test_too_many_cells(self) -> None:
        """A row with more cells than the header is a problem of the whole row."""
        readings = read("measure,period,value\nE1,2017/18 Q4,1,789\n")
        assert "this row has 4 cells, but the header on line 1 has 3" == readings.rows[0].problem
        error = failure(readings)
        assert [
            "measure E1, period 2017/18 Q4: this row has 4 cells, but the header on line 1 has 3"
        ] == [d.message for d in error.diagnostics]
        assert (1, 19, TOO_MANY) == (error.column, error.first.length, error.first.hint)

    def test_too_few_cells(self) -> None:
        """A row missing a cell that is read is a problem; the blank period is not another."""
        error = failure(read("measure,period,value\nA1\n"))
        assert [
            "measure A1, period (blank): this row has 1 cells, but the header on line 1 has 3"
        ] == [d.message for d in error.diagnostics]
        assert TOO_FEW == error.first.hint

    def test_a_note_may_be_left_out(self) -> None:
        """Cells of columns that are not read may be left off the end of a row."""
        readings = read("measure,period,value,note\nA1,2017/18 Q4,26\n")
        assert [None] == [r.problem for r in readings]

    def test_empty_padding_is_fine(self) -> None:
        """Empty cells after the last heading are padding."""
        assert [None] == [r.problem for r in read("measure,period,value\nA1,2017/18 Q4,26,, \n")]

    def test_wide_row_problem_is_reported_once(self) -> None:
        """In a wide row with a wrong cell count the problem is on the row's first reading only."""
        readings = read("measure,2017/18 Q3,2017/18 Q4\nA1,26\n")
        assert [
            "this row has 2 cells, but the header on line 1 has 3",
            None,
        ] == [r.problem for r in readings]
        assert [
            "measure A1, period 2017/18 Q3: this row has 2 cells, but the header on line 1 has 3"
        ] == messages(readings)

    def test_unclosed_quote(self) -> None:
        """A quote never closed is a problem that names the lines it swallowed."""
        readings = read('measure,period,value\nA1,2017/18 Q4,"26\nB8,2017/18 Q4,76\n')
        assert [
            "measure A1, period 2017/18 Q4: the quote opened on line 2 is never closed, "
            "so lines 2 to 3 were read as one row"
        ] == messages(readings)

    def test_unclosed_quote_on_the_last_line(self) -> None:
        """A quote left open on the last line is reported on that line."""
        error = failure(read('measure,period,value\nA1,2017/18 Q4,"26'))
        assert "measure A1, period 2017/18 Q4: the quote opened on this line is never closed" == (
            error.first.message
        )
        assert 'close the quote with a `"`' == error.first.hint

    @pytest.mark.parametrize("digits", [200_000, 2_000_000])
    def test_a_cell_too_long_for_csv(self, digits: int) -> None:
        """A cell over the csv module's limit with no quote: its row's problem, its column
        named, no quote hint."""
        problem = failure(read(LONG + "A1,2017/18 Q4,26\nA2,2017/18 Q4," + "9" * digits + "\n"))
        problem = problem.first
        limit = csv.field_size_limit()
        assert (
            f"measure A2, period 2017/18 Q4: the cell in column 3 (`value`) is {digits:,}"
            f" characters long, more than the CSV reader allows ({limit:,})",
            "a reading is a number such as 26, 1,789 or 26%: check what this cell holds",
            (3, 15, digits),
        ) == (problem.message, problem.hint, (problem.line, problem.column, problem.length))
        assert 600 > len(problem.format())

    def test_a_wide_cell_too_long_is_named_by_its_period(self) -> None:
        """In wide form the column is named by its period heading, and the row by that period."""
        error = failure(read("measure,2017/18 Q3,2017/18 Q4\nA1,1," + "9" * 200_000 + "\n"))
        assert error.first.message.startswith(
            "measure A1, period 2017/18 Q4: the cell in column 3 (`2017/18 Q4`) is 200,000"
        )
        assert 1 == len(error.diagnostics)

    def test_a_heading_too_long_for_csv(self) -> None:
        """A heading over the limit is named by its column's number, with a hint for headings."""
        with pytest.raises(ReadingsError) as info:
            read("measure,period," + "v" * 200_000 + "\n")
        problem = info.value.first
        assert (
            "the cell in column 3 is 200,000 characters long, more than the CSV reader allows"
            f" ({csv.field_size_limit():,})",
            "a heading names a column, such as value or 2017/18 Q1: check this one",
        ) == (problem.message, problem.hint)

    def test_a_quote_left_open_before_a_long_run(self) -> None:
        """A quote left open that makes the rest of the file one cell says so, at its line,
        after the problems before it; nothing after it is read (it is all that cell)."""
        text = 'measure,period,value\nA1,2017/18 Q3,abc\nA1,2017/18 Q4,"26\n'
        error = failure(read(text + "B8,2017/18 Q4,abc\n" * 10_000))
        assert [2, 3] == [d.line for d in error.diagnostics]
        problem = error.diagnostics[1]
        assert (
            "measure A1, period 2017/18 Q4: a cell here is longer than the CSV reader allows"
            f" ({csv.field_size_limit():,} characters)",
            'a quote left open makes the rest of the file one cell: close every `"`',
            (3, 1),
        ) == (problem.message, problem.hint, (problem.line, problem.column))

    def test_every_problem_after_cells_too_long(self) -> None:
        """Two cells too long and a bad cell after them: all three reported, each at its cell,
        in the order of the file, and the good rows between them read."""
        long = "9" * 200_000
        text = (
            f"{LONG}A1,2017/18 Q4,26\nA2,2017/18 Q4,{long}\nB8,2017/18 Q4,76\n"
            f'A1,2017/18 Q3,"{long}"\nE1,2017/18 Q4,abc\nA1,2017/18 Q2,5\n'
        )
        readings = read(text)
        error = failure(readings)
        allows = f"more than the CSV reader allows ({csv.field_size_limit():,})"
        assert [
            (
                3,
                15,
                200_000,
                "measure A2, period 2017/18 Q4: the cell in column 3 (`value`) is 200,000"
                f" characters long, {allows}",
            ),
            (
                5,
                15,
                200_002,
                "measure A1, period 2017/18 Q3: the cell in column 3 (`value`) is 200,002"
                f" characters long, {allows}",
            ),
            (6, 15, 3, "measure E1, period 2017/18 Q4: `abc` is not a number"),
        ] == [(d.line, d.column, d.length, d.message) for d in error.diagnostics]
        assert ["A1", "A2", "B8", "A1", "E1", "A1"] == [row.measure for row in readings]

    def test_a_long_quoted_cell_over_lines(self) -> None:
        """A quoted cell too long running over lines is one problem at its first line; its
        other lines are not read as rows, and reading goes on after its closing quote."""
        long = "x" * 200_000
        text = f'{LONG}A1,2017/18 Q4,"26\n{long}\nB8,2017/18 Q4,zz\n"\nE1,2017/18 Q4,abc\n'
        error = failure(read(text))
        assert [
            (
                2,
                "measure A1, period 2017/18 Q4: a cell here is longer than the CSV reader"
                f" allows ({csv.field_size_limit():,} characters): its quote runs on to line 5",
                'a quote left open makes the lines after it one cell: close every `"`',
            ),
            (6, "measure E1, period 2017/18 Q4: `abc` is not a number", NUMBER_HINT),
        ] == [(d.line, d.message, d.hint) for d in error.diagnostics]

    def test_a_measure_too_long(self) -> None:
        """A measure's cell too long is blank in the message, not an unknown measure."""
        error = failure(read(f"{LONG}{'A' * 200_000},2017/18 Q4,26\n"))
        assert [
            "measure (blank), period 2017/18 Q4: the cell in column 1 (`measure`) is 200,000"
            f" characters long, more than the CSV reader allows ({csv.field_size_limit():,})"
        ] == [d.message for d in error.diagnostics]

    def test_two_cells_too_long_on_one_line(self) -> None:
        """Two cells too long on one row: one problem, at the longer; the other is blank."""
        text = f"authority,{LONG}{'a' * 150_000},A1,2017/18 Q4,{'9' * 200_000}\n"
        error = failure(read(text))
        assert [(2, 150_016, "measure A1, period 2017/18 Q4: the cell in column 4")] == [
            (d.line, d.column, d.message[:51]) for d in error.diagnostics
        ]

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(st.text(alphabet='a,;" ', max_size=12), max_size=6), st.sampled_from(",;"))
    def test_quote_state_line_by_line_is_the_scanners(self, lines: list[str], sep: str) -> None:
        """Whether a quote is open after each line, carried from line to line, is what
        scanning the record's text up to it says (a record ends at a line's end outside
        quotes)."""
        quoted, record = False, ""
        for line in lines:
            quoted, record = quoted_after(line + "\n", sep, quoted), record + line + "\n"
            assert scan(record, sep)[1] == quoted
            record = record if quoted else ""


def _months(count: int) -> list[str]:
    """The first ``count`` months from April 1000, the first a period read from text may be
    (the financial year 1000/01), as wide headings."""
    return [f"{1000 + (i + 3) // 12:04d}-{(i + 3) % 12 + 1:02d}" for i in range(count)]


class TestScale:
    @pytest.mark.parametrize("columns", [10_000, 100_000])
    def test_every_bad_heading_is_reported_briefly(
        self, columns: int, record_property: Callable[..., None]
    ) -> None:
        """Thousands of bad wide headings: each at its column, quoting a bounded excerpt."""
        text = "measure," + ",".join(f"{i}x" for i in range(columns)) + "\n"
        start = time.perf_counter()
        with pytest.raises(ReadingsError) as info:
            read(text)
        record_property("seconds", round(time.perf_counter() - start, 3))
        problems = info.value.diagnostics
        assert columns == len(problems)
        assert (
            f"column {columns + 1}: `{columns - 1}x` is not a financial year, quarter or month",
            len(text) - len(f"{columns - 1}x"),
        ) == (problems[-1].message, problems[-1].column)
        assert 700 >= max(len(d.format()) for d in problems)
        shown, caret = problems[-1].format().splitlines()[1:3]
        assert (f"{columns - 1}x", "…") == (shown[caret.index("^") :], shown[8])

    def test_every_bad_cell_of_a_wide_row_is_reported_briefly(
        self, record_property: Callable[..., None]
    ) -> None:
        """A wide row of 10,000 bad cells: each at its cell, quoting a bounded excerpt."""
        columns = 10_000
        months = _months(columns)
        text = f"measure,{','.join(months)}\nA1,{','.join(['abc'] * columns)}\n"
        start = time.perf_counter()
        error = failure(read(text))
        record_property("seconds", round(time.perf_counter() - start, 3))
        assert columns == len(error.diagnostics)
        last = error.diagnostics[-1]
        assert (
            f"measure A1, period {months[-1]}: `abc` is not a number",
            4 * columns,
            3,
        ) == (
            last.message,
            last.column,
            last.length,
        )
        assert 700 >= max(len(d.format()) for d in error.diagnostics)
        shown, caret = last.format().splitlines()[1:3]
        assert "abc" == shown[caret.index("^") :][:3]

    @pytest.mark.parametrize("width", [300, 301, 1_000, 1_001, 100_000])
    def test_a_line_of_any_length_is_quoted_briefly(self, width: int) -> None:
        """A line is quoted under its problems at any length: whole up to 300, else an excerpt."""
        heading = "x" * (width - len("measure,1,"))
        with pytest.raises(ReadingsError) as info:
            read(f"measure,1,{heading}\n")
        problem = info.value.first
        shown = problem.format().splitlines()[1]
        assert (f"measure,1,{heading}", width > 300) == (problem.source_line, "…" in shown)
        assert 170 >= len(shown) or width <= 300


class TestFromCsv:
    def test_path_like(self, tmp_path: Path) -> None:
        """A path object is read, and named as given."""
        path = tmp_path / "q4.csv"
        path.write_text(LONG + "A1,2017/18 Q4,26\n", encoding="utf-8")
        assert [str(path)] == [r.source for r in Readings.from_csv(path)]

    def test_bom_and_crlf(self, tmp_path: Path) -> None:
        """A UTF-8 file with a BOM and CRLF line ends reads like any other."""
        path = tmp_path / "q4.csv"
        path.write_bytes(b"\xef\xbb\xbfmeasure,period,value\r\nA1,2017/18 Q4,\xc2\xa31m\r\n")
        assert [("£1m", 1000000.0, 2)] == [
            (r.text, r.value, r.line) for r in Readings.from_csv(path)
        ]

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file in neither encoding is an error at the first byte that Windows-1252 lacks."""
        path = tmp_path / "q4.csv"
        path.write_bytes(b"measure,period,value\nA1,2017/18 Q4,\xa390\nA1,2017/18 Q4,\x81\n")
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv(path)
        problem = info.value.first
        assert ("this file is neither UTF-8 nor Windows-1252: byte 0x81 cannot be read", 3, 15) == (
            problem.message,
            problem.line,
            problem.column,
        )

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that is not there is an OSError, as for any file."""
        with pytest.raises(FileNotFoundError):
            Readings.from_csv(tmp_path / "absent.csv")

    def test_missing_markers(self, tmp_path: Path) -> None:
        """from_csv takes the missing markers too."""
        path = tmp_path / "q4.csv"
        path.write_text(LONG + "A1,2017/18 Q4,n/a\n", encoding="utf-8")
        assert [None] == [r.problem for r in Readings.from_csv(path, missing={"n/a"})]


class TestResolve:
    def test_values(self) -> None:
        """Values by (authority, measure, Period), NaN for missing; periods sorted."""
        resolved = read(LONG + "A1,2017/18 Q4,26\nA1,2017/18 Q3,26.8\nB8,2017/18 Q4,\n").resolve(
            CONTRACT
        )
        assert [(None, "A1", Q4), (None, "A1", Q3), (None, "B8", Q4)] == list(resolved.values)
        assert (26.0, 26.8) == (
            resolved.values[(None, "A1", Q4)],
            resolved.values[(None, "A1", Q3)],
        )
        assert math.isnan(resolved.values[(None, "B8", Q4)])
        assert ("DCST service delivery contract", (None,), (Q3, Q4)) == (
            resolved.contract_name,
            resolved.authorities,
            resolved.periods,
        )

    def test_periods_use_the_contract_year_start(self) -> None:
        """Periods are read with the contract's year start."""
        contract = pc.loads(
            'contract "c" { year starts January group "g" { measure A1 "t" { unit percent '
            "higher is better target 90% } } }"
        )
        resolved = Readings.from_mapping({"A1": 95}, "2018/19 Q1").resolve(contract)
        assert (Period.parse("2018/19 Q1", year_start=1),) == resolved.periods

    def test_empty(self) -> None:
        """No readings resolve to nothing."""
        resolved = read(LONG).resolve(CONTRACT)
        assert ({}, (), ()) == (dict(resolved.values), resolved.authorities, resolved.periods)

    def test_unknown_measure(self) -> None:
        """An id not in the contract is reported at its cell, with the nearest id."""
        error = failure(read(LONG + "A10,2017/18 Q4,26\n"))
        assert (
            "measure A10, period 2017/18 Q4: the contract has no measure A10",
            "did you mean A1?",
            1,
            3,
        ) == (error.first.message, error.first.hint, error.column, error.first.length)

    def test_measure_in_the_wrong_case(self) -> None:
        """An id in the wrong case suggests the right one."""
        assert "did you mean FO3?" == failure(read(LONG + "fo3,2017/18 Q4,0.1\n")).first.hint

    def test_unknown_measure_far_from_any(self) -> None:
        """An id like no other points to the contract file."""
        error = failure(read(LONG + "XYZ,2017/18 Q4,26\n"))
        assert "use the id of a measure in examples/dcst-2017-18.contract" == error.first.hint

    def test_unknown_measure_of_a_contract_from_a_string(self) -> None:
        """For a contract with no file, the hint speaks of the contract."""
        contract = pc.loads('contract "c" { group "g" { volumetric E1 "t" { unit count } } }')
        with pytest.raises(ReadingsError) as info:
            Readings.from_mapping({"XYZ": 1}, "2017/18").resolve(contract)
        assert "use the id of a measure in the contract" == info.value.first.hint

    def test_empty_measure(self) -> None:
        """A row with no measure id is reported."""
        error = failure(read(LONG + " ,2017/18 Q4,26\n"))
        assert (
            "measure (blank), period 2017/18 Q4: the measure id is empty",
            "write the id of a measure in the contract, such as A1",
        ) == (error.first.message, error.first.hint)

    def test_bad_period(self) -> None:
        """A period that is not one is reported at its cell with the period's own hint."""
        error = failure(read(LONG + "A1,2017/19,26\n"))
        assert (
            "measure A1, period 2017/19: "
            "`2017/19` is not a financial year: 19 does not follow 2017",
            "did you mean 2017/18?",
            4,
            7,
        ) == (error.first.message, error.first.hint, error.column, error.first.length)

    def test_period_of_thousands_of_digits(self) -> None:
        """A quarter of more digits than int() reads is a problem at its cell, quoted short."""
        error = failure(read(f"{LONG}A1,2018/19 Q{HUGE},26\n"))
        assert (
            f"measure A1, period 2018/19 Q{'9' * 31}…: "
            f"`2018/19 Q{'9' * 31}…` is not a quarter: there is no Q{'9' * 40}…",
            "quarters are Q1 to Q4",
            2,
            4,
            5009,
        ) == (
            error.first.message,
            error.first.hint,
            error.line,
            error.column,
            error.first.length,
        )

    def test_not_a_number(self) -> None:
        """A value that is not a number is reported at its cell, with the hint."""
        error = failure(read(LONG + "A1,2017/18 Q4, abc \n"))
        assert (
            "measure A1, period 2017/18 Q4: `abc` is not a number",
            NUMBER_HINT,
            16,
            3,
        ) == (error.first.message, error.first.hint, error.column, error.first.length)

    def test_largest_reading(self) -> None:
        """A reading of 10^15 is read as it is; one more is out of range (above)."""
        readings = Readings.from_mapping({"E1": "1,000,000,000,000,000"}, "2017/18 Q4")
        assert 1e15 == CONTRACT.evaluate(readings, period="2017/18 Q4")["E1"].value

    @pytest.mark.parametrize(
        ("measure", "text", "message", "hint"),
        [
            ("A1", "100.01", "`100.01` is more than 100, but A1 is a percentage", None),
            ("A1", "130%", "`130%` is more than 100, but A1 is a percentage", None),
            ("A1", "-0.5", "`-0.5` is negative, but A1 is a percentage", None),
            ("E1", "-1", "`-1` is negative, but E1 is a count", None),
            (
                "E1",
                "1,789.5",
                "`1,789.5` is not a whole number, but E1 is a count",
                "a count is a whole number; for an average, give the measure `unit number`",
            ),
            ("FO3", "-4", "`-4` is negative, but FO3 is a rate per 1000", None),
            (
                "E1",
                "1000000000000001",
                "`1000000000000001` is out of range: readings, as a contract's values, run"
                " from -1,000,000,000,000,000 to 1,000,000,000,000,000",
                None,
            ),
            ("FS2", "-3", "`-3` is negative, but FS2 is in weeks", None),
            (
                "FO3",
                "0.1%",
                "`0.1%` is a percentage, but FO3 is a rate per 1000",
                "write the value without `%`",
            ),
            (
                "E1",
                "£5",
                "`£5` is an amount of money, but E1 is a count",
                "write the value without `£`",
            ),
        ],
    )
    def test_value_does_not_fit_the_measure(
        self, measure: str, text: str, message: str, hint: str | None
    ) -> None:
        """Values outside what the measure's unit allows are reported."""
        error = failure(Readings.from_mapping({measure: text}, "2017/18 Q4"))
        assert (f"measure {measure}, period 2017/18 Q4: {message}", hint) == (
            error.first.message,
            error.first.hint,
        )

    @pytest.mark.parametrize(
        ("measure", "text"),
        [
            ("A1", "0"),
            ("A1", "100"),
            ("A1", "100%"),
            ("A1", "0%"),
            ("E1", "0"),
            ("E1", "1,789"),
            ("E1", "1e3"),
            ("E1", "-0"),
            ("FO3", "0"),
            ("FO3", "0.15"),
            ("FS2", "12.5"),
        ],
    )
    def test_values_that_fit(self, measure: str, text: str) -> None:
        """Boundaries are in range: 0 and 100 for a percentage, 0 for counts and rates."""
        resolved = Readings.from_mapping({measure: text}, "2017/18 Q4").resolve(CONTRACT)
        assert 1 == len(resolved.values)

    def test_money_measure(self) -> None:
        """A money measure takes £ amounts and plain numbers, negative ones too."""
        contract = pc.loads('contract "c" { group "g" { volumetric M1 "Spend" { unit money } } }')
        readings = Readings.from_records(
            [
                {"measure": "M1", "period": "2017/18 Q1", "value": "£1.2m"},
                {"measure": "M1", "period": "2017/18 Q2", "value": "-£950k"},
                {"measure": "M1", "period": "2017/18 Q3", "value": "1,230,000"},
            ]
        )
        assert [1200000.0, -950000.0, 1230000.0] == list(readings.resolve(contract).values.values())

    def test_number_measure_may_be_negative(self) -> None:
        """A measure in plain numbers takes any value."""
        contract = pc.loads('contract "c" { group "g" { volumetric N1 "Net" { unit number } } }')
        assert [-2.5] == list(
            Readings.from_mapping({"N1": "-2.5"}, "2017/18").resolve(contract).values.values()
        )

    def test_missing_values_are_not_problems(self) -> None:
        """Missing values of every kind of measure resolve to NaN."""
        readings = Readings.from_mapping({"A1": "", "E1": "c", "FO3": "..", "FS2": None}, Q4)
        assert all(math.isnan(v) for v in readings.resolve(CONTRACT).values.values())

    def test_duplicate(self) -> None:
        """A second value for the same measure and period names the line of the first."""
        error = failure(read(LONG + "A1,2017/18 Q4,26\nB8,2017/18 Q4,76\nA1,2017/18 q4,27\n"))
        assert (
            "measure A1, period 2017/18 q4: a second value; the first is on line 2",
            DUPLICATE,
            4,
            1,
            16,
        ) == (error.first.message, error.first.hint, error.line, error.column, error.first.length)

    def test_duplicate_missing_value(self) -> None:
        """A second row is a problem even when one of them is missing."""
        assert [
            "measure A1, period 2017/18 Q4: a second value; the first is on line 2"
        ] == messages(read(LONG + "A1,2017/18 Q4,\nA1,2017/18 Q4,26\n"))

    def test_same_measure_for_other_authorities_is_no_duplicate(self) -> None:
        """The same measure and period for two authorities are two readings."""
        resolved = read(
            "authority,measure,period,value\nDoncaster,A1,2017/18 Q4,26\n"
            "Barnsley,A1,2017/18 Q4,31\nDoncaster,A1,2017/18 Q3,27\n"
        ).resolve(CONTRACT)
        assert ("Doncaster", "Barnsley") == resolved.authorities
        assert [26.0, 31.0, 27.0] == list(resolved.values.values())

    def test_duplicate_across_sources(self) -> None:
        """Readings added together name the other file of a duplicate."""
        readings = read(LONG + "A1,2017/18 Q4,26\n", "a.csv") + read(LONG + "A1,2017/18 Q4,27\n")
        assert [
            "measure A1, period 2017/18 Q4: a second value; the first is in a.csv on line 2"
        ] == messages(readings)

    def test_duplicate_of_a_mapping(self) -> None:
        """A duplicate of a row with no line names its source."""
        readings = Readings.from_mapping({"A1": 26}, Q4) + read(LONG + "A1,2017/18 Q4,27\n")
        assert [
            "measure A1, period 2017/18 Q4: a second value; the first is in <mapping>"
        ] == messages(readings)

    def test_duplicate_on_the_same_line(self) -> None:
        """Two rows of one line for the same key (only by hand) say so."""
        row = Reading("A1", "2017/18 Q4", "26", 26.0, line=2)
        assert ["measure A1, period 2017/18 Q4: a second value on the same line"] == messages(
            Readings([row, row])
        )

    def test_authority_is_named(self) -> None:
        """With an authority the message names it first."""
        readings = Readings.from_mapping({"A1": "abc"}, Q4, authority="Doncaster")
        assert [
            "authority Doncaster, measure A1, period 2017/18 Q4: `abc` is not a number"
        ] == messages(readings)

    def test_every_problem_of_a_row(self) -> None:
        """A row with a bad measure, period and value reports all three, in column order."""
        assert [
            "measure Z9, period 2017/19: the contract has no measure Z9",
            "measure Z9, period 2017/19: "
            "`2017/19` is not a financial year: 19 does not follow 2017",
            "measure Z9, period 2017/19: `abc` is not a number",
        ] == messages(read(LONG + "Z9,2017/19,abc\n"))

    def test_rows_own_problems_from_hand_made_readings(self) -> None:
        """A problem recorded on a hand-made Reading is reported, with no caret to draw."""
        row = Reading("A1", "2017/18 Q4", "?", math.nan, source="x", line=7, problem="unreadable")
        error = failure(Readings([row]))
        assert ("x:7:1: error: measure A1, period 2017/18 Q4: unreadable",) == (str(error),)

    def test_no_line_no_place(self) -> None:
        """A problem in a mapping has no line or column."""
        error = failure(Readings.from_mapping({"A1": "abc"}, Q4))
        assert ("<mapping>", None, None) == (error.source, error.line, error.column)

    def test_caret_of_a_record_over_two_lines(self) -> None:
        """A problem in a record over two lines is at its cell, on the record's first line
        (the caret underlined the whole line, though the cell's place there is known)."""
        error = failure(read('measure,period,value,note\nA1,2017/18 Q4,abc,"two\nlines"\n'))
        assert (2, 15, 3, 'A1,2017/18 Q4,abc,"two') == (
            error.line,
            error.column,
            error.first.length,
            error.first.source_line,
        )

    def test_all_problems_at_once_in_file_order(self) -> None:
        """Every bad row is reported, in the order of the file; good rows are not."""
        read_in = [m.id for m in CONTRACT.measures.values() if not m.is_ratio]
        lines = [f"{m},2017/18 Q4,{'abc' if i % 3 else '50'}" for i, m in enumerate(read_in)]
        error = failure(read(LONG + "\n".join(lines) + "\n"))
        bad = [i + 2 for i in range(len(lines)) if i % 3]
        assert bad == [d.line for d in error.diagnostics]

    def test_is_a_contract_error_raised_from_none(self) -> None:
        """ReadingsError is a ContractError, raised without a chained exception."""
        error = failure(read(LONG + "A1,2017/19,26\n"))
        assert isinstance(error, ContractError)
        assert (None, True) == (error.__cause__, error.__suppress_context__)


class TestResolvedReadings:
    @pytest.fixture
    def resolved(self) -> ResolvedReadings:
        """Two authorities' readings for Q3 and Q4, one missing."""
        return read(
            "authority,measure,period,value\nDoncaster,A1,2017/18 Q4,26%\n"
            "Doncaster,A1,2017/18 Q3,26.8\nBarnsley,A1,2017/18 Q4,x\n"
        ).resolve(CONTRACT)

    def test_get(self, resolved: ResolvedReadings) -> None:
        """get gives the value for a Period or its text."""
        assert (26.0, 26.8) == (
            resolved.get("A1", Q4, "Doncaster"),
            resolved.get("A1", "2017/18 Q3", "Doncaster"),
        )

    def test_get_missing_and_absent(self, resolved: ResolvedReadings) -> None:
        """NaN if the row said missing, None if there was no row."""
        value = resolved.get("A1", Q4, "Barnsley")
        assert value is not None
        assert math.isnan(value)
        assert (None, None) == (resolved.get("A1", Q3, "Barnsley"), resolved.get("A1", Q4))

    def test_text(self, resolved: ResolvedReadings) -> None:
        """text gives the cell as written, or None if there was no row."""
        assert ("26%", "x", None) == (
            resolved.text("A1", Q4, "Doncaster"),
            resolved.text("A1", "2017/18 Q4", "Barnsley"),
            resolved.text("B8", Q4, "Doncaster"),
        )

    def test_period_with_another_year_start(self, resolved: ResolvedReadings) -> None:
        """Asking with a period of another year start is a PeriodError, not a silent None."""
        with pytest.raises(pc.PeriodError):
            resolved.get("A1", Period.parse("2017/18 Q4", year_start=1), "Doncaster")

    def test_order(self, resolved: ResolvedReadings) -> None:
        """Authorities in the order first seen, periods sorted."""
        assert (("Doncaster", "Barnsley"), (Q3, Q4)) == (resolved.authorities, resolved.periods)

    def test_values_are_read_only(self, resolved: ResolvedReadings) -> None:
        """The values mapping cannot be changed."""
        with pytest.raises(TypeError):
            resolved.values[(None, "A1", Q4)] = 1.0  # type: ignore[index]

    def test_built_by_hand(self) -> None:
        """Others may build one from values alone; text is then unknown."""
        resolved = ResolvedReadings("c", {(None, "A1", Q4): 26.0}, (None,), (Q4,))
        assert (26.0, None) == (resolved.get("A1", Q4), resolved.text("A1", Q4))


class TestReadings:
    def test_len_iter_rows(self) -> None:
        """Readings have a length, iterate over their rows, and keep them as a tuple."""
        readings = Readings.from_mapping({"A1": 26, "B8": 76}, Q4)
        assert (2, ["A1", "B8"], tuple) == (
            len(readings),
            [r.measure for r in readings],
            type(readings.rows),
        )

    def test_add(self) -> None:
        """Adding readings keeps every row of both, in order."""
        a, b = read(LONG + "A1,2017/18 Q4,26\n"), read(LONG + "B8,2017/18 Q4,76\n")
        assert [*a.rows, *b.rows] == list((a + b).rows)

    def test_add_keeps_carets(self) -> None:
        """Added readings still point at the cell of a problem."""
        readings = read(LONG + "A1,2017/18 Q4,26\n") + read(LONG + "A2,2017/18 Q4,abc\n")
        assert 15 == failure(readings).column

    def test_add_other(self) -> None:
        """Readings add only to readings."""
        with pytest.raises(TypeError):
            _ = Readings([]) + object()

    def test_equality(self) -> None:
        """Readings are equal when their rows are."""
        assert read(LONG + "A1,2017/18 Q4,26\n") == read(LONG + "A1,2017/18 Q4,26\n")
        assert read(LONG + "A1,2017/18 Q4,26\n") != read(LONG + "A1,2017/18 Q4,27\n")

    def test_repr(self) -> None:
        """The repr counts the rows."""
        assert "<Readings: 1 rows>" == repr(read(LONG + "A1,2017/18 Q4,26\n"))

    def test_rows_must_be_readings(self) -> None:
        """Readings hold Reading rows only."""
        with pytest.raises(TypeError, match="Readings holds Reading rows, not dict"):
            Readings([{"measure": "A1"}])  # type: ignore[list-item]

    def test_readings_module_does_not_import_numpy(self) -> None:
        """The readings module imports no numpy, so `perfcontract check` never pays for it."""
        source = (ROOT / "src" / "perfcontract" / "readings.py").read_text(encoding="utf-8")
        imported: set[str] = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                imported.add((node.module or "").split(".")[0])
        assert "numpy" not in imported


# ---------------------------------------------------------------------------
# Golden files


WARNINGS = ROOT / "tests" / "golden" / "warnings"


def _names() -> list[str]:
    return sorted(path.stem for path in GOLDEN.glob("*.csv"))


# Readings goldens named waste-… are for the waste contract of SPEC 3.1 (its golden good
# file); the others for the reference contract.
WASTE = pc.load(ROOT / "tests" / "golden" / "good" / "spec-waste-example.contract")


# Those named money-… are for the money measures' golden good file.
MONEY = pc.load(ROOT / "tests" / "golden" / "good" / "money-measures.contract")


def _error_of(name: str) -> ReadingsError:
    contract = {"waste": WASTE, "money": MONEY}.get(name.split("-")[0], CONTRACT)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv(f"tests/golden/readings/{name}.csv").resolve(contract)
    return info.value


class TestGolden:
    @pytest.mark.parametrize("name", _names())
    def test_error_matches_golden(self, name: str) -> None:
        """Each bad CSV gives exactly the ReadingsError its golden holds."""
        actual = str(_error_of(name)) + "\n"
        expected_path = GOLDEN / f"{name}.expected"
        if UPDATE:
            expected_path.write_text(actual, encoding="utf-8", newline="\n")
        assert expected_path.read_text(encoding="utf-8") == actual

    @pytest.mark.parametrize("name", ["waste-not-due", "waste-out-of-season"])
    def test_not_due_rows_are_left_out_with_a_warning(self, name: str) -> None:
        """A reading for a period its measure is not due in (a month of an annual survey,
        a month out of season) is a warning, as its golden holds, and is left out."""
        source = f"tests/golden/warnings/{name}.csv"
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            readings = Readings.from_csv(source)
            resolved = readings.resolve(WASTE)
        actual = "\n".join(w.format() for w in resolved.warnings) + "\n"
        warned_lines = {w.line for w in resolved.warnings}
        expected_path = WARNINGS / f"{name}.expected"
        if UPDATE:
            expected_path.write_text(actual, encoding="utf-8", newline="\n")
        assert expected_path.read_text(encoding="utf-8") == actual
        assert {w.severity for w in resolved.warnings} == {"warning"}
        # Every row is either kept or warned of, never both.
        kept = {(measure, str(period)) for _, measure, period in resolved.values}
        warned = {(row.measure, row.period) for row in readings if row.line in warned_lines}
        assert len(kept) + len(warned) == len(readings)
        assert kept
        assert not kept & warned

    def test_a_quarter_a_window_leaves_out_is_a_warning(self) -> None:
        """A quarter's reading for a measure with a window (KPI_7, rolling 3 months), or for
        a component of a ratio with one (W2, year to date), is never used by the window,
        which rolls up months: a warning names the row and the months wanted, as its golden
        holds. An empty cell, a month, and a measure without a window are not warned of."""
        name = "waste-window-quarter"
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            resolved = Readings.from_csv(f"tests/golden/warnings/{name}.csv").resolve(WASTE)
        actual = "\n".join(w.format() for w in resolved.warnings) + "\n"
        expected_path = WARNINGS / f"{name}.expected"
        if UPDATE:
            expected_path.write_text(actual, encoding="utf-8", newline="\n")
        assert expected_path.read_text(encoding="utf-8") == actual
        assert [(2, "KPI_7"), (5, "W2N"), (6, "W2D")] == [
            (w.line, w.message.split(",")[0].split()[-1]) for w in resolved.warnings
        ]
        assert {"warning"} == {w.severity for w in resolved.warnings}
        q1 = WASTE.evaluate(resolved, period="2024/25 Q1")
        no_data = pc.Status.NO_DATA
        assert (no_data, no_data, 450.0) == (q1["KPI_7"].status, q1["W2"].status, q1["W2N"].value)
        assert resolved.warnings == q1.warnings

    @pytest.mark.parametrize(
        ("name", "count"), [("many-problems-long", 20), ("many-problems-wide", 7)]
    )
    def test_many_problems_all_reported_in_file_order(self, name: str, count: int) -> None:
        """The files with a mistake of every kind report them all, in order of line and column."""
        places = [(d.line or 0, d.column or 0) for d in _error_of(name).diagnostics]
        assert sorted(places) == places
        assert count == len(places)

    def test_many_problems_long_drops_no_bad_row(self) -> None:
        """Every data row of the long file that has a mistake is named in the error."""
        text = (GOLDEN / "many-problems-long.csv").read_text(encoding="utf-8")
        good = {"fine", "suppressed: a missing value is fine"}
        bad = [
            number
            for number, line in enumerate(text.splitlines(), start=1)
            if number > 2 and line and line.split(",")[-1] not in good
        ][:-1]  # the last line is swallowed by the open quote before it, which says so
        assert bad == sorted({d.line or 0 for d in _error_of("many-problems-long").diagnostics})

    def test_every_golden_has_its_input(self) -> None:
        """No .csv without its .expected, no stale .expected, and nothing else in the folder."""
        assert [] == sorted(
            p.name
            for p in GOLDEN.iterdir()
            if p.suffix not in (".csv", ".expected")
            or not p.with_suffix(".expected" if p.suffix == ".csv" else ".csv").is_file()
        )

    def test_goldens_are_not_being_regenerated(self) -> None:
        """A run that regenerates goldens fails, so that it is never mistaken for a pass."""
        assert not UPDATE, "goldens were regenerated: read `git diff tests/golden`, then rerun"


# ---------------------------------------------------------------------------
# Properties

CSV_PIECES = st.sampled_from(
    [
        "measure",
        "period",
        "value",
        "authority",
        "note",
        "A1",
        "E1",
        "FO3",
        "2017/18 Q4",
        "2017/18",
        "2018-03",
        "Q5",
        "26",
        "1,789",
        "26%",
        "£1.2m",
        "-3",
        "c",
        "..",
        "abc",
        "1e999",
        ",",
        ",",
        '"',
        '""',
        "\n",
        "\r\n",
        "\r",
        "#",
        " ",
        "\t",
        "\ufeff",
        "\x00",
        "é",
    ]
)
CSV_TEXT = st.one_of(
    st.text(),
    st.lists(CSV_PIECES, max_size=60).map("".join),
    st.lists(CSV_PIECES, max_size=40).map(lambda p: "measure,period,value\n" + "".join(p)),
    st.lists(CSV_PIECES, max_size=40).map(lambda p: "measure,2017/18 Q3,2017/18 Q4\n" + "".join(p)),
)
IDS = st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True)
ANY_CELL = st.text(st.characters(codec="utf-8")).map(str.strip)


def write_csv(rows: Iterable[list[str]]) -> str:
    """CSV text as a spreadsheet writes it: every cell quoted, quotes doubled, CRLF line ends.

    Written by hand: Python 3.10's csv.writer cannot write a NUL, which the
    cells drawn here may hold.
    """
    return "".join(
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n" for row in rows
    )


class TestProperties:
    @laws
    @given(CSV_TEXT)
    def test_any_text_reads_or_raises_readings_error(self, text: str) -> None:
        """Any text gives Readings or a ReadingsError, and so does resolving them."""
        outcome: ResolvedReadings | ReadingsError
        try:
            outcome = Readings.from_csv_text(text).resolve(CONTRACT)
        except ReadingsError as error:
            outcome = error
        assert isinstance(outcome, ResolvedReadings | ReadingsError)

    @laws
    @given(st.binary())
    def test_any_bytes_read_or_raise_readings_error(self, data: bytes) -> None:
        """Any file gives Readings or a ReadingsError."""
        with contextlib.suppress(ReadingsError):
            Readings.from_csv_text(data.decode("utf-8", "surrogateescape"))

    @laws
    @given(st.lists(st.tuples(IDS, ANY_CELL, ANY_CELL, ANY_CELL), max_size=30))
    def test_every_row_of_a_long_csv_is_kept(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Every row of a well-formed long CSV is a reading, its cells as written."""
        text = write_csv([["measure", "period", "value", "note"], *map(list, rows)])
        readings = Readings.from_csv_text(text)
        assert [(m, p, v) for m, p, v, _ in rows] == [
            (r.measure, r.period, r.text) for r in readings
        ]

    @laws
    @given(st.lists(st.tuples(IDS, ANY_CELL, ANY_CELL), min_size=1, max_size=10), st.integers(1, 4))
    def test_every_cell_of_a_wide_csv_is_kept(
        self, rows: list[tuple[str, str, str]], periods: int
    ) -> None:
        """A wide CSV gives one reading per row and period column."""
        headings = [f"2017/18 Q{q}" for q in range(1, periods + 1)]
        cells = [[m, *([v] * periods)] for m, _, v in rows]
        readings = Readings.from_csv_text(write_csv([["measure", *headings], *cells]))
        assert len(rows) * periods == len(readings)

    @laws
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_a_float_as_python_writes_it_reads_back(self, number: float) -> None:
        """repr of any finite float, exponents included, reads back exactly."""
        assert number == cell(repr(number)).value

    @laws
    @given(st.integers(-(10**15), 10**15))
    def test_thousands_commas(self, number: int) -> None:
        """An integer written with thousands commas reads back exactly."""
        assert number == cell(f"{number:,}").value

    @laws
    @given(
        st.lists(
            st.tuples(
                st.sampled_from([m.id for m in CONTRACT.measures.values() if not m.is_ratio]),
                st.sampled_from(["50", "abc", "-1", ""]),
            ),
            max_size=30,
        )
    )
    def test_problems_are_never_dropped(self, rows: list[tuple[str, str]]) -> None:
        """Each bad row gets its own diagnostics, in line order; good rows resolve (ratio
        measures, which take no readings, are drawn elsewhere)."""
        text = LONG + "".join(
            f"{m},{2000 + i}/{(2001 + i) % 100:02d} Q1,{v}\n" for i, (m, v) in enumerate(rows)
        )
        readings = Readings.from_csv_text(text)
        bad = [i + 2 for i, (_, v) in enumerate(rows) if v in ("abc", "-1")]
        lines: list[int | None] = []
        try:
            readings.resolve(CONTRACT)
        except ReadingsError as error:
            lines = [d.line for d in error.diagnostics]
        assert bad == lines


# ---------------------------------------------------------------------------
# Readings for measures as real contracts define them (SPEC 3.1)


def waste_problems(text: str) -> list[tuple[int | None, str]]:
    """(line, message) of each problem of readings ``text`` against the waste contract."""
    with pytest.raises(ReadingsError) as info:
        Readings.from_csv_text(LONG + text, source="r.csv").resolve(WASTE)
    return [(d.line, d.message) for d in info.value.diagnostics]


class TestYesNoReadings:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            *[("yes", 1.0), ("Yes", 1.0), ("Y", 1.0), ("TRUE", 1.0), ("1", 1.0)],
            *[("no", 0.0), ("NO", 0.0), ("n", 0.0), ("False", 0.0), ("0", 0.0)],
        ],
    )
    def test_words(self, text: str, value: float) -> None:
        """Yes/no words in any case read as 1 or 0; the text is kept as written."""
        resolved = Readings.from_csv_text(f"{LONG}H1,2024-04,{text}\n").resolve(WASTE)
        assert (value, text) == (resolved.get("H1", "2024-04"), resolved.text("H1", "2024-04"))

    @pytest.mark.parametrize(("given", "value"), [(True, 1.0), (False, 0.0), (1, 1.0), (0.0, 0.0)])
    def test_python_values(self, given: object, value: float) -> None:
        """True, False, 1 and 0 from Python read as yes and no."""
        resolved = Readings.from_mapping({"H1": given}, "2024-04").resolve(WASTE)  # type: ignore[dict-item]
        assert value == resolved.get("H1", "2024-04")

    @pytest.mark.parametrize("text", ["", "-", "c"])
    def test_missing(self, text: str) -> None:
        """An empty cell or a marker is missing, not a problem."""
        resolved = Readings.from_csv_text(f"{LONG}H1,2024-04,{text}\n").resolve(WASTE)
        assert math.isnan(resolved.get("H1", "2024-04") or 0.0)

    @pytest.mark.parametrize("text", ["maybe", "2", "0.5", "yes please", "1.5"])
    def test_anything_else(self, text: str) -> None:
        """Any other word or number is a problem at its cell."""
        assert [
            (
                2,
                f"measure H1, period 2024-04: `{text}` is not yes or no,"
                " but H1 is a yes/no measure",
            )
        ] == waste_problems(f"H1,2024-04,{text}\n")


class TestGradeReadings:
    @pytest.mark.parametrize(
        ("text", "value"),
        [("Inadequate", 1.0), ("requires improvement", 2.0), ("GOOD", 3.0), (" Outstanding ", 4.0)],
    )
    def test_labels_any_case(self, text: str, value: float) -> None:
        """A grade reads as its place, worst first, matched ignoring case and spaces."""
        resolved = Readings.from_csv_text(f'{LONG}R1,2024/25 Q1,"{text}"\n').resolve(WASTE)
        assert value == resolved.get("R1", "2024/25 Q1")

    def test_a_number_is_not_a_grade(self) -> None:
        """A grade's place written as a number is refused: readings name the grade."""
        assert [
            (2, "measure R1, period 2024/25 Q1: `3` is not one of the grades of R1")
        ] == waste_problems("R1,2024/25 Q1,3\n")

    def test_a_close_misspelling_is_suggested(self) -> None:
        """A misspelt grade gets a did-you-mean."""
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv_text(f"{LONG}R1,2024/25 Q1,Goood\n").resolve(WASTE)
        assert "did you mean Good?" == info.value.first.hint


class TestReadingsAWindowLeavesOut:
    """A reading for a period longer than a reporting period, which a measure taking its
    value over its reporting periods (a window; a ratio's window or season) never uses."""

    @staticmethod
    def warned(contract: pc.Contract, text: str) -> list[tuple[int | None, str]]:
        resolved = Readings.from_csv_text(LONG + text, source="r.csv").resolve(contract)
        return [(w.line, w.message) for w in resolved.warnings]

    @pytest.mark.parametrize(
        ("period", "months"),
        [
            ("2024/25 Q1", "2024-04 to 2024-06"),
            ("2024/25 H2", "2025-01 to 2025-03"),
            ("2024/25", "2025-01 to 2025-03"),
        ],
    )
    def test_a_rolling_window(self, period: str, months: str) -> None:
        """KPI_7's quarter, half or year is its last three months."""
        assert [
            (
                2,
                f"measure KPI_7, period {period}: KPI_7's value for {period} rolls up its months"
                f" (window rolling 3 months): {months}; the reading for {period} itself is not"
                " used",
            )
        ] == self.warned(WASTE, f"KPI_7,{period},96\n")

    @pytest.mark.parametrize("text", ["KPI_7,2024-06,96", "KPI_7,2024/25 Q1,", "T1,2024/25 Q1,2"])
    def test_no_warning(self, text: str) -> None:
        """A month is a reporting period; an empty cell says nothing; T1 has no window."""
        assert [] == self.warned(WASTE, text + "\n")

    def test_never_said_to_be_used(self) -> None:
        """A quarter that disagrees with its months is not said to be used instead of them,
        as a measure without a window's is: the window's warning alone is given."""
        text = "KPI_7,2024-04,90\nKPI_7,2024-05,90\nKPI_7,2024-06,90\nKPI_7,2024/25 Q1,96\n"
        [(line, message)] = self.warned(WASTE, text)
        assert (5, True) == (
            line,
            message.endswith("the reading for 2024/25 Q1 itself is not used"),
        )
        got = WASTE.evaluate(Readings.from_csv_text(LONG + text), period="2024/25 Q1")["KPI_7"]
        assert 90.0 == got.value

    def test_a_marker_is_not_used_either(self) -> None:
        """`x` says the quarter is missing, but the window takes the months all the same."""
        assert [2] == [line for line, _ in self.warned(WASTE, "KPI_7,2024/25 Q1,x\n")]

    def test_year_to_date_of_a_ratio(self) -> None:
        """W2's second quarter to date is April to September; W2N itself uses the row."""
        assert [
            (
                2,
                "measure W2N, period 2024/25 Q2: W2 (window year to date) takes W2N over its"
                " months: 2024-04 to 2024-09; the reading for 2024/25 Q2 is not used for W2"
                " (W2N's own value uses it)",
            )
        ] == self.warned(WASTE, "W2N,2024/25 Q2,450\n")

    def test_quarters_of_a_quarterly_window(self) -> None:
        """A quarterly measure's rolling 4 quarters use a quarter's reading, not a year's."""
        c = pc.loads(
            'contract "c" { group "g" { measure M "m" { unit percent higher is better'
            " window rolling 4 quarters target 50% } } }"
        )
        assert [] == self.warned(c, "M,2024/25 Q3,50\n")
        assert [
            (
                2,
                "measure M, period 2024/25: M's value for 2024/25 rolls up its quarters (window"
                " rolling 4 quarters): 2024/25 Q1 to 2024/25 Q4; the reading for 2024/25 itself"
                " is not used",
            )
        ] == self.warned(c, "M,2024/25,50\n")

    def test_a_seasonal_ratio_through_another_ratio(self) -> None:
        """A seasonal ratio takes its components, and theirs, over its in-season months; a
        component with a window of its own is warned of for both. Out of season (July to
        September) the ratio is not due, and takes nothing."""
        c = pc.loads(
            'contract "c" { reporting monthly group "g" {'
            ' measure S "s" { unit percent higher is better numerator Q denominator 1,000'
            "  season October to March target 5% }"
            ' volumetric Q "q" { unit rate per 1000 numerator N denominator D }'
            ' volumetric N "n" { unit count window rolling 2 months }'
            ' volumetric D "d" { unit count } } }'
        )
        warned = self.warned(c, "N,2024/25 H2,5\nD,2024/25 Q3,10\nD,2024/25 Q2,10\n")
        assert [
            (
                2,
                "measure N, period 2024/25 H2: S (season October to March) takes N over its"
                " months: 2024-10 to 2025-03 in season; the reading for 2024/25 H2 is not used"
                " for S",
            ),
            (
                2,
                "measure N, period 2024/25 H2: N's value for 2024/25 H2 rolls up its months"
                " (window rolling 2 months): 2025-02 to 2025-03; the reading for 2024/25 H2"
                " itself is not used",
            ),
            (
                3,
                "measure D, period 2024/25 Q3: S (season October to March) takes D over its"
                " months: 2024-10 to 2024-12 in season; the reading for 2024/25 Q3 is not used"
                " for S (D's own value uses it)",
            ),
        ] == warned

    @laws
    @given(
        st.lists(
            st.sampled_from(
                [f"2024-{m:02}" for m in range(4, 13)]
                + [f"2025-{m:02}" for m in range(1, 4)]
                + [f"2024/25 Q{q}" for q in range(1, 5)]
                + ["2024/25 H1", "2024/25 H2", "2024/25"]
            ),
            unique=True,
        )
    )
    def test_every_longer_row_and_no_month(self, periods: list[str]) -> None:
        """Whatever the periods of a windowed measure's rows, every row for a quarter, a
        half or a year is warned of, once, and no month's row is."""
        text = "".join(f"KPI_7,{period},95\n" for period in periods)
        warned = [line for line, _ in self.warned(WASTE, text)]
        longer = [n for n, period in enumerate(periods, start=2) if "/" in period]
        assert longer == warned

    def test_every_authority(self) -> None:
        """Each authority's row is its own reading, warned of on its own line."""
        text = "authority,measure,period,value\nA,KPI_7,2024/25 Q1,96\nB,KPI_7,2024/25 Q1,97\n"
        resolved = Readings.from_csv_text(text, source="r.csv").resolve(WASTE)
        assert [2, 3] == [w.line for w in resolved.warnings]

    def test_the_command_line_prints_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`perfcontract evaluate` prints the warning, names file and line, and goes on."""
        from perfcontract.cli import main

        contract = tmp_path / "k.contract"
        contract.write_text(
            'contract "k" { reporting monthly group "g" { measure K "k" { unit percent'
            " higher is better window rolling 3 months target 95% tolerance 90% } } }",
            encoding="utf-8",
        )
        readings = tmp_path / "k.csv"
        readings.write_text("measure,period,value\nK,2024/25 Q1,96\n", encoding="utf-8")
        assert 0 == main(["evaluate", str(contract), str(readings), "--period", "2024/25 Q1"])
        out, err = capsys.readouterr()
        assert err.startswith(
            f"{readings}:2:3: warning: measure K, period 2024/25 Q1: K's value for 2024/25 Q1"
            " rolls up its months (window rolling 3 months): 2024-04 to 2024-06; the reading"
            " for 2024/25 Q1 itself is not used"
        )
        assert "help: give K's readings for 2024-04 to 2024-06 instead, or delete this row" in err
        assert "No data" in out


class TestRatioRows:
    def test_a_row_for_a_ratio_measure(self) -> None:
        """A ratio measure takes no readings; the row's problem names its components."""
        assert [
            (
                2,
                "measure W1, period 2024-04: W1 is a ratio worked out from its numerator W1N"
                " and denominator W1D, so it takes no readings of its own",
            )
        ] == waste_problems("W1,2024-04,50\n")

    def test_a_wide_row_is_one_problem(self) -> None:
        """A wide row for a ratio measure is reported once, not once per period."""
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv_text(
                "measure,2024-04,2024-05,2024-06\nW2,40,41,42\n", source="w.csv"
            ).resolve(WASTE)
        assert [2] == [d.line for d in info.value.diagnostics]

    def test_a_number_component_is_not_named(self) -> None:
        """A ratio over a number names only its measure component."""
        contract = pc.loads(
            'contract "c" { group "g" { volumetric N "n" { unit count }'
            ' volumetric R "r" { unit rate per 1000 numerator N denominator 44,100 } } }'
        )
        with pytest.raises(ReadingsError) as info:
            Readings.from_mapping({"R": 3}, "2017/18 Q1").resolve(contract)
        assert info.value.first.message.endswith(
            "R is a ratio worked out from its numerator N, so it takes no readings of its own"
        )

    def test_components_read_as_usual(self) -> None:
        """The components' rows are readings like any other."""
        resolved = Readings.from_csv_text(f'{LONG}W1N,2024-04,31\nW1D,2024-04,"61,200"\n').resolve(
            WASTE
        )
        assert (31.0, 61200.0) == (resolved.get("W1N", "2024-04"), resolved.get("W1D", "2024-04"))


class TestSeasonsAndHalves:
    @pytest.mark.parametrize("period", ["2024-04", "2024-10", "2025-03", "2024/25 Q1", "2024/25"])
    def test_in_season(self, period: str) -> None:
        """A period with any month in season may have a reading."""
        resolved = Readings.from_mapping({"WS1": 99}, period).resolve(WASTE)
        assert 99.0 == resolved.get("WS1", period)

    @pytest.mark.parametrize("period", ["2024-05", "2024-09", "2024/25 Q2"])
    def test_out_of_season(self, period: str) -> None:
        """A reading for a period wholly out of season is left out, with a warning naming
        the season."""
        resolved = Readings.from_mapping({"WS1": 99}, period).resolve(WASTE)
        assert resolved.get("WS1", period) is None
        [warning] = resolved.warnings
        assert warning.severity == "warning"
        assert warning.message.endswith(
            f"WS1 is out of season in {period} (its season is October to April):"
            " the reading is left out"
        )

    def test_half_years(self) -> None:
        """Readings may be for half years, in long and wide form."""
        long = Readings.from_csv_text(f"{LONG}W1N,2024/25 H1,182\n").resolve(WASTE)
        wide = Readings.from_csv_text("measure,2024/25 H2\nW1N,175\n").resolve(WASTE)
        assert (182.0, 175.0) == (long.get("W1N", "2024/25 H1"), wide.get("W1N", "2024/25 H2"))


class TestNewUnitReadings:
    @pytest.mark.parametrize(("measure", "words"), [("W2N", "in tonnes"), ("T1", "in minutes")])
    def test_negative(self, measure: str, words: str) -> None:
        """A negative weight or duration is a problem naming the unit."""
        assert [
            (2, f"measure {measure}, period 2024-04: `-1` is negative, but {measure} is {words}")
        ] == waste_problems(f"{measure},2024-04,-1\n")

    def test_percent_on_tonnes(self) -> None:
        """A `%` on a weight is a problem."""
        assert [
            (2, "measure W2N, period 2024-04: `5%` is a percentage, but W2N is in tonnes")
        ] == waste_problems("W2N,2024-04,5%\n")


class TestNotDueRows:
    def test_a_month_of_an_annual_measure(self) -> None:
        """A reading for a month of a measure reported annually is left out, with a warning
        at its row."""
        resolved = Readings.from_csv_text(f"{LONG}W-4.1,2024-07,71\n").resolve(WASTE)
        assert resolved.get("W-4.1", "2024-07") is None
        assert [
            (
                2,
                "measure W-4.1, period 2024-07: W-4.1 is reported annually:"
                " a reading for 2024-07 is not due, and is left out",
            )
        ] == [(w.line, w.message) for w in resolved.warnings]

    @pytest.mark.parametrize("cell", ["", " ", "x", "c", ".."])
    def test_no_figure_says_nothing(self, cell: str) -> None:
        """An empty cell or a missing-value marker in a period its measure is not due in is
        no figure: left out, with no warning (a wide file has one under every column)."""
        resolved = Readings.from_csv_text(
            f"{LONG}W-4.1,2024-07,{cell}\nWS1,2024-07,{cell}\n"
        ).resolve(WASTE)
        assert ((), None) == (resolved.warnings, resolved.get("W-4.1", "2024-07"))
        assert set() == set(resolved.periods)

    def test_a_wide_row_of_no_figures_says_nothing(self) -> None:
        """A wide row whose only figure is for the year: its empty months say nothing,
        every run (evaluate, report and payment each resolve the readings)."""
        text = "measure,2024-04,2024-05,2024-06,2024/25\nW-4.1,,,,85\nWS1,,,,\n"
        resolved = Readings.from_csv_text(text, "w.csv").resolve(WASTE)
        assert ((), 85.0) == (resolved.warnings, resolved.get("W-4.1", "2024/25"))

    def test_a_figure_in_a_wide_row_is_named_at_its_cell(self) -> None:
        """A figure under a month of an annual measure, or out of season, is still left out
        with a warning; in a wide row the caret is at the figure's cell (its period heads
        the column), not under the whole row."""
        text = "measure,2024-04,2024-05,2024/25\nW-4.1,x,71,85\nWS1,,3,\n"
        resolved = Readings.from_csv_text(text, "w.csv").resolve(WASTE)
        assert [
            (
                2,
                9,
                2,
                "measure W-4.1, period 2024-05: W-4.1 is reported annually:"
                " a reading for 2024-05 is not due, and is left out",
            ),
            (
                3,
                6,
                1,
                "measure WS1, period 2024-05: WS1 is out of season in 2024-05 (its season is"
                " October to April): the reading is left out",
            ),
        ] == [(w.line, w.column, w.length, w.message) for w in resolved.warnings]

    def test_the_year_of_an_annual_measure_is_read(self) -> None:
        """The year's own reading is taken."""
        resolved = Readings.from_csv_text(f"{LONG}W-4.1,2024/25,72\n").resolve(WASTE)
        assert 72.0 == resolved.get("W-4.1", "2024/25")

    def test_months_of_a_measure_without_its_own_reporting(self) -> None:
        """The contract's frequency is no bar: months of a quarterly contract's measure are
        read and rolled up, as they always were."""
        contract = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
        resolved = Readings.from_csv_text(f"{LONG}A1,2018-01,20\n").resolve(contract)
        assert 20.0 == resolved.get("A1", "2018-01")


class TestZeroDenominators:
    """A reading of 0 for a ratio's denominator leaves the ratio without a value (No data,
    as SPEC says): a warning at the row says why, where the table alone did not."""

    CONTRACT = ROOT / "examples" / "waste-2024-25.contract"

    def warnings(self, rows: str) -> list[tuple[int | None, str]]:
        text = "measure,period,value\n" + rows
        resolved = pc.Readings.from_csv_text(text, "r.csv").resolve(pc.load(self.CONTRACT))
        return [(w.line, w.message) for w in resolved.warnings]

    def test_zero(self) -> None:
        assert [
            (
                3,
                "measure W1D, period 2024-04: W1D is 0, so W1, a ratio over it, has no value"
                " in this period (No data)",
            )
        ] == self.warnings("W1N,2024-04,5\nW1D,2024-04,0\n")

    @pytest.mark.parametrize("value", ["1", "12", "", "x"])
    def test_not_zero_or_missing(self, value: str) -> None:
        """Any other figure, or none (already No data, said as missing), says nothing."""
        assert [] == self.warnings(f"W1N,2024-04,5\nW1D,2024-04,{value}\n")
