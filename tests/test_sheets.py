"""Readings as spreadsheets, pandas, polars and pyarrow write them (SPEC 5.1).

Every fixture is written by the program (or the module) that users' files
come from: the csv module in each dialect and encoding, openpyxl for
workbooks, pandas, polars and pyarrow for tables. Each test asserts the values
read, not only that the file loads.

``tests/golden/sheets/NAME.expected`` holds exactly what a message or warning
says (read from a file named as the test names it, in the current folder).
To regenerate them after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_sheets.py

then read every changed golden before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import datetime
import io
import math
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import openpyxl
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.cli import main
from perfcontract.errors import ReadingsError
from perfcontract.periods import Period
from perfcontract.readings import Readings

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "sheets"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
CONTRACT = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
CONTRACT_PATH = str(ROOT / "examples" / "dcst-2017-18.contract")
Q4 = Period.parse("2017/18 Q4")
MONTHLY = pc.loads(
    """contract "Spreadsheet checks" {
    reporting monthly
    group "Service" {
        measure P1 "Calls answered in time" {
            unit percent  higher is better  target 90%  tolerance 85%
        }
        measure C1 "Visits" { unit count  higher is better  target 100  tolerance 90 }
        measure L1 "Lowest daily cover" {
            unit count  higher is better  aggregate min  target 10  tolerance 8
        }
        measure R1 "Response time" {
            unit days  lower is better  target 5  tolerance 7
        }
        volumetric M1 "Spend" { unit money }
        measure Y1 "Licence held" { unit yes/no  target yes }
    }
}""",
    source="monthly.contract",
)


def golden(name: str, text: str) -> None:
    """``text`` is exactly the golden ``name`` (regenerated when UPDATE)."""
    path = GOLDEN / f"{name}.expected"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no golden {name}; run with PERFCONTRACT_UPDATE_GOLDEN=1"
    assert path.read_text(encoding="utf-8") == text


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    dialect: str = "excel",
) -> Path:
    """Rows written by the csv module, as a spreadsheet program's export writes them."""
    with open(path, "w", encoding=encoding, newline="") as file:
        csv.writer(file, dialect=dialect, delimiter=delimiter).writerows(rows)
    return path


def values(readings: Readings) -> list[tuple[str, str, float]]:
    return [(r.measure, r.period, r.value) for r in readings]


def failure(readings: Readings, contract: pc.Contract = CONTRACT) -> ReadingsError:
    with pytest.raises(ReadingsError) as info:
        readings.resolve(contract)
    return info.value


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh current folder, so that messages name files as `q4.csv`."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# ---------------------------------------------------------------------------
# 2. Encodings and separators


class TestSeverity:
    def test_only_three_severities(self) -> None:
        """A diagnostic is an error, a warning or a note."""
        with pytest.raises(ValueError, match="severity"):
            pc.Diagnostic("x", severity="fatal")
        assert "s: warning: x" == pc.Diagnostic("x", "s", severity="warning").format()


class TestEncodings:
    ROWS = (("measure", "period", "value"), ("C1", "2024-04", "26"), ("M1", "2024-04", "£1"))

    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    def test_each_encoding_reads_the_same_values(self, here: Path, encoding: str) -> None:
        """UTF-8 with and without BOM, UTF-16 with BOM and Windows-1252 read alike."""
        path = write_csv(here / "q4.csv", self.ROWS, encoding=encoding)
        readings = Readings.from_csv(path)
        assert [("C1", "2024-04", 26.0), ("M1", "2024-04", 1.0)] == values(readings)
        assert ["26", "£1"] == [r.text for r in readings]

    def test_excel_unicode_text(self, here: Path) -> None:
        """Excel's "Unicode text": UTF-16 with a BOM, cells separated by tabs."""
        path = write_csv(here / "q4.txt", self.ROWS, encoding="utf-16", dialect="excel-tab")
        assert [26.0, 1.0] == [r.value for r in Readings.from_csv(path)]

    def test_windows_1252_is_read_with_a_note(self, here: Path) -> None:
        """A file that is not UTF-8 is read as Windows-1252, and a note says so at the byte."""
        write_csv(here / "q4.csv", self.ROWS, encoding="cp1252")
        readings = Readings.from_csv("q4.csv")
        assert ["note"] == [w.severity for w in readings.warnings]
        golden("windows-1252", "\n".join(w.format() for w in readings.warnings) + "\n")
        assert readings.warnings == readings.resolve(MONTHLY).warnings

    def test_mixed_encodings_line_by_line(self, here: Path) -> None:
        """A file of UTF-8 lines and Windows-1252 lines (two exports pasted together) reads
        each line in its own encoding, with a note at the first line that is not UTF-8.

        Bug: the whole file was read as Windows-1252, so the UTF-8 lines' `Ynys Môn`
        became a second authority, `Ynys MÃ´n`, and their `£12` and `−5` (`Â£12`,
        `âˆ’5`) were not numbers.
        """
        (here / "mixed.csv").write_bytes(
            "authority,measure,period,value\nYnys Môn,M1,2024-04,£12\n".encode()
            + "Ynys Môn,M1,2024-05,£13\r\n".encode("cp1252")
            + "Ynys Môn,M1,2024-06,−5\n".encode()
        )
        readings = Readings.from_csv("mixed.csv")
        assert [("Ynys Môn", "£12"), ("Ynys Môn", "£13"), ("Ynys Môn", "−5")] == [
            (r.authority, r.text) for r in readings
        ]
        resolved = readings.resolve(MONTHLY)
        assert ("Ynys Môn",) == resolved.authorities
        assert [12.0, 13.0, -5.0] == [
            resolved.get("M1", m, "Ynys Môn") for m in ("2024-04", "2024-05", "2024-06")
        ]
        golden("mixed-encodings", "\n".join(w.format() for w in readings.warnings) + "\n")

    def test_windows_1252_with_utf8_lookalikes_stays_windows_1252(self, here: Path) -> None:
        """A Windows-1252 file none of whose lines is UTF-8 beyond ASCII is read as
        Windows-1252 throughout, as before."""
        (here / "q4.csv").write_bytes(
            "measure,period,value,note\nM1,2024-04,£1,Zoë\nC1,2024-04,2,café\n".encode("cp1252")
        )
        readings = Readings.from_csv("q4.csv")
        assert ["£1", "2"] == [r.text for r in readings]
        assert "it is read as Windows-1252" in readings.warnings[0].message

    def test_utf8_has_no_note(self, here: Path) -> None:
        """A UTF-8 file is read without a word."""
        write_csv(here / "q4.csv", self.ROWS)
        assert () == Readings.from_csv("q4.csv").warnings

    def test_neither_encoding(self, here: Path) -> None:
        """A byte Windows-1252 has no character for is an error at that byte."""
        (here / "q4.csv").write_bytes(b"measure,period,value\nA1,2017/18 Q4,\x8126\n")
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv("q4.csv")
        golden("neither-encoding", str(info.value) + "\n")

    def test_broken_utf16(self, here: Path) -> None:
        """A file that starts as UTF-16 but is cut off in a character is refused."""
        (here / "q4.csv").write_bytes("measure\tperiod\n".encode("utf-16") + b"\x00")
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv("q4.csv")
        golden("broken-utf16", str(info.value) + "\n")

    def test_old_excel_workbook(self, here: Path) -> None:
        """An Excel 97-2003 .xls is refused with what to do."""
        (here / "q4.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv("q4.xls")
        golden("old-excel", str(info.value) + "\n")


class TestSeparators:
    @pytest.mark.parametrize("delimiter", [";", "\t"])
    def test_decimal_commas(self, here: Path, delimiter: str) -> None:
        """In a semicolon or tab file a comma is the decimal point, as those locales write it."""
        rows = [
            ("measure", "period", "value"),
            ("A1", "2017/18 Q4", "26,5"),
            ("A2", "2017/18 Q4", "89,5%"),
            ("E1", "2017/18 Q4", "1.789"),
            ("E34", "2017/18 Q4", "1.234.567"),
            ("E35", "2017/18 Q4", "1.234,5"),
            ("B8", "2017/18 Q4", ",5"),
            ("B9", "2017/18 Q4", "70"),
        ]
        readings = Readings.from_csv(write_csv(here / "q4.csv", rows, delimiter=delimiter))
        assert [26.5, 89.5, math.nan, 1234567.0, 1234.5, 0.5, 70.0] == pytest.approx(
            [r.value for r in readings], nan_ok=True
        )
        assert "could be a decimal or a whole number" in (readings.rows[2].problem or "")

    @pytest.mark.parametrize("delimiter", [";", "\t"])
    def test_commas_beside_decimal_points(self, here: Path, delimiter: str) -> None:
        """A file that writes decimal points (21.5, as a UK sheet saved as "Unicode text"
        does) refuses `1,789`: a thousands comma, or a decimal comma? Commas that cannot
        group thousands stay decimal commas."""
        rows = [
            ("measure", "period", "value"),
            ("A1", "2017/18 Q4", "21.5"),
            ("E1", "2017/18 Q4", "1,789"),
            ("E34", "2017/18 Q4", "£12,500"),
            ("E35", "2017/18 Q4", "12,5"),
        ]
        readings = Readings.from_csv(write_csv(here / "q4.csv", rows, delimiter=delimiter))
        assert [21.5, math.nan, math.nan, 12.5] == pytest.approx(
            [r.value for r in readings], nan_ok=True
        )
        with pytest.raises(ReadingsError) as info:
            readings.resolve(CONTRACT)
        text = str(info.value)
        assert (
            "`1,789` could be a decimal or a whole number: this file writes decimal points,"
            " where a comma groups thousands" in text
        )
        assert "help: write 1.789 for a decimal, or 1789 for a whole number" in text
        assert "help: write £12.500 for a decimal, or £12500 for a whole number" in text

    @pytest.mark.parametrize("delimiter", [";", "\t"])
    def test_accounting_negatives_are_as_ambiguous(self, delimiter: str) -> None:
        """Brackets do not make an ambiguous mark plain: beside decimal commas `(1.789)` and
        `(£1.789)` are refused as `1.789` is, and a bracketed decimal point `(21.50)` makes
        `1,789` refused as `21.5` does (each was read as 1.789, without a word)."""
        commas = f"measure{delimiter}period{delimiter}value\n" + "".join(
            f"M1{delimiter}{month}{delimiter}{cell}\n"
            for month, cell in [
                ("2024-04", "12,5"),
                ("2024-05", "(1.789)"),
                ("2024-06", "(£1.789)"),
            ]
        )
        error = failure(Readings.from_csv_text(commas, source="commas.csv"), MONTHLY)
        assert [3, 4] == [d.line for d in error.diagnostics]
        assert "help: write (1,789) for a decimal, or (1789) for a whole number" in str(error)
        points = f"measure{delimiter}period{delimiter}value\n" + "".join(
            f"M1{delimiter}{month}{delimiter}{cell}\n"
            for month, cell in [
                ("2024-04", "(21.50)"),
                ("2024-05", "1,789"),
                ("2024-06", "(1,789)"),
            ]
        )
        error = failure(Readings.from_csv_text(points, source="points.csv"), MONTHLY)
        assert [3, 4] == [d.line for d in error.diagnostics]
        assert [True, True] == [
            "could be a decimal or a whole number" in d.message for d in error.diagnostics
        ]

    def test_a_decimal_comma_keeps_its_pennies(self) -> None:
        """Money with a decimal comma is the amount it was read as: `12,500` in a semicolon
        file is £12.50 (not £12,500), and `1,789` is refused for its part of a penny."""
        contract = pc.loads(
            """contract "c" { reporting monthly group "g" { measure M "Spend" {
            unit money lower is better target £20 } } }"""
        )
        text = "measure;period;value\nM;2024-04;12,500\nM;2024-05;£1.234,56\n"
        resolved = Readings.from_bytes(text.encode()).resolve(contract)
        assert [Decimal("12.500"), Decimal("1234.56")] == [
            resolved.amount("M", month) for month in ("2024-04", "2024-05")
        ]
        with pytest.raises(ReadingsError, match="`1,789` is not a whole number of pence"):
            Readings.from_bytes(b"measure;period;value\nM;2024-04;1,789\n").resolve(contract)

    def test_points_are_decimal_points_when_no_cell_writes_a_comma(self, here: Path) -> None:
        """A semicolon file with decimal points only reads them as points: 26.5, 1.789."""
        rows = [
            ("measure", "period", "value"),
            ("A1", "2017/18 Q4", "26.5"),
            ("E1", "Q4 2017/18", "1.789"),
        ]
        readings = Readings.from_csv(write_csv(here / "q4.csv", rows, delimiter=";"))
        assert [26.5, 1.789] == [r.value for r in readings]

    def test_spaces_group_thousands(self) -> None:
        """`1 234,5` and `1\u00a0234` (a no-break space, as French locales write) are numbers."""
        text = "measure;period;value\nE1;2017/18 Q4;1 234,5\nE34;2017/18 Q4;1\u00a0234\n"
        assert [1234.5, 1234.0] == [r.value for r in Readings.from_csv_text(text)]

    def test_comma_file_refuses_a_decimal_comma(self, here: Path) -> None:
        """In a comma file `0,500` is neither a thousands comma nor allowed as a decimal point."""
        rows = [("measure", "period", "value"), ("A1", "2017/18 Q4", "0,500")]
        readings = Readings.from_csv(write_csv(here / "q4.csv", rows))
        assert (math.isnan(readings.rows[0].value), "`0,500` is not a number") == (
            True,
            readings.rows[0].problem,
        )

    def test_semicolon_golden(self, here: Path) -> None:
        """A semicolon file's problems point at the right cells."""
        rows = [
            ("measure", "period", "value"),
            ("A1", "2017/18 Q4", "26,5"),
            ("E1", "2017/18 Q4", "1.789"),
            ("A2", "2017/18 Q4", "n/a"),
        ]
        write_csv(here / "q4.csv", rows, delimiter=";")
        golden("semicolon-problems", str(failure(Readings.from_csv("q4.csv"))) + "\n")

    def test_excel_sep_line(self) -> None:
        """A first line `sep=;` names the separator, and lines keep their numbers."""
        readings = Readings.from_csv_text("sep=;\nmeasure;period;value\nA1;2017/18 Q4;26,5\n")
        assert [(26.5, 3)] == [(r.value, r.line) for r in readings]

    def test_excel_sep_line_with_carriage_returns(self) -> None:
        """A `sep=;` line ended by a lone carriage return (an old Mac's line end) names the
        separator too (it was read as the header, refused)."""
        readings = Readings.from_csv_text("sep=;\rmeasure;period;value\rA1;2017/18 Q4;26,5\r")
        assert [(26.5, 3)] == [(r.value, r.line) for r in readings]

    def test_separator_can_be_given(self) -> None:
        """from_csv_text(separator=...) overrides what the header says; others are refused."""
        text = "measure;period;value\nA1;2017/18 Q4;26\n"
        with pytest.raises(ReadingsError):
            Readings.from_csv_text(text, separator=",")
        with pytest.raises(ValueError, match="separator is"):
            Readings.from_csv_text(text, separator="|")


# ---------------------------------------------------------------------------
# 3. Headings and period cells


class TestPeriods:
    @pytest.mark.parametrize(
        ("written", "label"),
        [
            ("Apr-24", "2024-04"),
            ("Apr 2024", "2024-04"),
            ("April 2024", "2024-04"),
            ("april-2024", "2024-04"),
            ("Sept 2024", "2024-09"),
            ("Sep-24", "2024-09"),
            ("2024-04-01", "2024-04"),
            ("2024-04-30 00:00:00", "2024-04"),
            ("Q1 2024/25", "2024/25 Q1"),
            ("q4 2017/18", "2017/18 Q4"),
            ("H1 2024/25", "2024/25 H1"),
            ("2024/25 H1", "2024/25 H1"),
            ("2017-04 to 2017-06", "2017/18 Q1"),
            ("2017-04 to 2018-03", "2017/18"),
            ("2017-10 to 2018-03", "2017/18 H2"),
            ("Apr\u00a02024", "2024-04"),
            ("Q1\u00a02024/25", "2024/25 Q1"),
            ("2017-04\u00a0to\u00a02017-06", "2017/18 Q1"),
            ('"Q1\n2024/25"', "2024/25 Q1"),
            ('"2017/18\r\nQ4"', "2017/18 Q4"),
            ("2024-04-30 17:45:00", "2024-04"),
            ("2024-04-30T17:45:59.5", "2024-04"),
        ],
    )
    def test_spreadsheet_headings(self, written: str, label: str) -> None:
        """A wide heading as a spreadsheet writes it is the period it means: with a no-break
        space, wrapped over two lines in its cell, or a date with a time of day."""
        monthly = label[4] == "-"
        readings = Readings.from_csv_text(f"measure,{written}\n{'C1' if monthly else 'A1'},26\n")
        resolved = readings.resolve(MONTHLY if monthly else CONTRACT)
        assert (Period.parse(label),) == resolved.periods

    def test_long_form_period_cells(self, here: Path) -> None:
        """Period cells may be written the same ways as headings."""
        rows = [("measure", "period", "value"), ("C1", "Apr-24", 1), ("C1", "May 2024", 2)]
        resolved = Readings.from_csv(write_csv(here / "m.csv", rows)).resolve(MONTHLY)
        assert [1.0, 2.0] == [resolved.get("C1", "2024-04"), resolved.get("C1", "2024-05")]

    @pytest.mark.parametrize(
        ("written", "hint"),
        [
            (
                "2018Q1",
                "did you mean 2017/18 Q1 (pandas' Q-MAR, years ending in March)? As a calendar"
                " quarter (January to March 2018) it is 2017/18 Q4",
            ),
            ("Apirl 2024", "did you mean April 2024 (2024-04)?"),
            ("13/04/2024", "did you mean 2024-04 (April 2024)?"),
            (
                "01/04/2024",
                "write the month as 2024-04 if the day comes first (April 2024), or 2024-01 if"
                " the month comes first (January 2024)",
            ),
            ("Q5 2017/18", "quarters are Q1 to Q4"),
            ("2017-05 to 2017-07", None),
            (
                "43101",
                "did you mean 2018-01? `43101` is how a spreadsheet holds the date 1 January 2018"
                " in a cell not formatted as a date: format the cell as a date, or write the month",
            ),
            (
                "45383.0",
                "did you mean 2024-04? `45383.0` is how a spreadsheet holds the date 1 April 2024"
                " in a cell not formatted as a date: format the cell as a date, or write the month",
            ),
        ],
    )
    def test_did_you_mean(self, written: str, hint: str | None) -> None:
        """A heading near a spreadsheet's form gets the right "did you mean"."""
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv_text(f"measure,{written}\nA1,26\n")
        if hint is not None:
            assert hint == info.value.first.hint
        else:
            assert "is not a financial year, quarter or month" in info.value.first.message

    def test_pandas_quarter_label_with_a_january_year(self) -> None:
        """With a contract year starting in January, pandas' calendar quarter is one reading."""
        from perfcontract._periodtext import read_period

        with pytest.raises(pc.PeriodError) as info:
            read_period("2018Q1", 1)
        assert "did you mean 2018/19 Q1 (pandas' Q-DEC, years ending in December)?" == (
            info.value.first.hint
        )

    def test_did_you_mean_golden(self, here: Path) -> None:
        """Every refused heading is reported, each with its hint."""
        write_csv(
            here / "wide.csv", [("measure", "2018Q1", "Apirl 2024", "01/04/2024"), ("A1", 1, 2, 3)]
        )
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv("wide.csv")
        golden("period-headings", str(info.value) + "\n")

    def test_pandas_period_is_read_by_its_dates(self) -> None:
        """Period('2018Q1', 'Q-MAR') runs April to June 2017: our 2017/18 Q1."""
        readings = Readings.from_records(
            [{"measure": "A1", "period": pd.Period("2018Q1", freq="Q-MAR"), "value": 26}]
        )
        assert (Period.parse("2017/18 Q1"),) == readings.resolve(CONTRACT).periods

    def test_dates_and_timestamps_are_months(self) -> None:
        """A datetime.date or a pandas Timestamp in a period is its month."""
        readings = Readings.from_records(
            [
                {"measure": "C1", "period": datetime.date(2024, 4, 1), "value": 1},
                {"measure": "C1", "period": pd.Timestamp("2024-05-01"), "value": 2},
            ]
        )
        resolved = readings.resolve(MONTHLY)
        assert (Period.parse("2024-04"), Period.parse("2024-05")) == resolved.periods

    def test_pandas_csv_with_timestamps(self, here: Path) -> None:
        """A CSV written by pandas with Timestamp periods reads them as months."""
        frame = pd.DataFrame(
            {
                "measure": ["C1", "C1"],
                "period": pd.to_datetime(["2024-04-01", "2024-05-01"]),
                "value": [1, 2],
            }
        )
        frame.to_csv(here / "p.csv", index=False)
        resolved = Readings.from_csv("p.csv").resolve(MONTHLY)
        assert [1.0, 2.0] == [resolved.get("C1", "2024-04"), resolved.get("C1", "2024-05")]


# ---------------------------------------------------------------------------
# 4. Cells


class TestCells:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("(12,500)", -12500.0),
            ("(£12,500)", -12500.0),
            ("(£1.2m)", -1200000.0),
            ("( 12.5 )", -12.5),
            ("-£12,500", -12500.0),
        ],
    )
    def test_accounting_negatives(self, text: str, value: float) -> None:
        """An amount in brackets is negative, as accountants' spreadsheets show it."""
        readings = Readings.from_csv_text(f'measure,period,value\nM1,2024-04,"{text}"\n')
        assert value == readings.resolve(MONTHLY).get("M1", "2024-04")

    @pytest.mark.parametrize(
        ("separator", "text", "value"),
        [
            (";", "26 %", 26.0),
            (";", "26,5\u00a0%", 26.5),
            (";", "26,5\u202f%", 26.5),
            (";", "(26\u202f%)", -26.0),
            ("\t", "1 026,5 %", 1026.5),
            ("\t", "26.5 %", 26.5),
        ],
    )
    def test_a_space_before_the_percent_sign(self, separator: str, text: str, value: float) -> None:
        """In a semicolon or tab file, a percentage with a space before its `%` (`26,5 %`, as
        French and German spreadsheets write it, with a no-break space) is the percentage, as
        `26,5%` is. (A comma file, of the locales that write `26%`, refuses `26 %`.)"""
        readings = Readings.from_csv_text(
            f"measure{separator}period{separator}value\nP1{separator}2024-04{separator}{text}\n"
        )
        assert [(value, None)] == [(r.value, r.problem) for r in readings]

    @pytest.mark.parametrize("text", ["26  %", "26%%", "26 %%", "% 26", "26 \t%"])
    def test_not_a_percent_sign(self, text: str) -> None:
        """More than one space before the `%`, or anything but a number before it, is not a
        percentage."""
        readings = Readings.from_mapping({"P1": text}, "2024-04")
        assert f"`{text.strip()}` is not a number" == readings.rows[0].problem

    @pytest.mark.parametrize("text", ["(-12)", "()", "(£-5)", "(12", "((12))", "(£(12))"])
    def test_not_accounting_negatives(self, text: str) -> None:
        """A bracket around a signed number, around nothing, or left open is not a number;
        nor are brackets in brackets."""
        readings = Readings.from_mapping({"M1": text}, "2024-04")
        assert f"`{text}` is not a number" == readings.rows[0].problem

    @pytest.mark.parametrize("separator", [",", ";"])
    def test_brackets_nested_deep_are_not_a_number(self, separator: str) -> None:
        """A cell of 50,000 brackets around a number is not a number, said at its cell.

        Bug: each pair was taken off by a call of its own, and the reader
        failed with a RecursionError (a traceback) past about 1,000 pairs.
        """
        cell = "(" * 50_000 + "5" + ")" * 50_000
        text = f"measure{separator}period{separator}value\nM1{separator}2024-04{separator}{cell}\n"
        readings = Readings.from_csv_text(text, source="deep.csv")
        expected = [(True, f"`{'(' * 40}…` is not a number")]
        assert expected == [(math.isnan(r.value), r.problem) for r in readings]

    @pytest.mark.parametrize(
        "error", ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]
    )
    def test_excel_error_values_are_named(self, error: str) -> None:
        """Each of Excel's error values says the spreadsheet's formula failed."""
        row = Readings.from_mapping({"C1": error}, "2024-04").rows[0]
        assert (
            True,
            f"`{error}` is Excel's error for ",
            True,
        ) == (
            math.isnan(row.value),
            (row.problem or "")[: len(error) + 24],
            (row.problem or "").endswith(": the spreadsheet's formula failed"),
        )

    def test_excel_errors_golden(self, here: Path) -> None:
        """The messages for Excel's error values, with their hint."""
        rows = [
            ("measure", "period", "value"),
            ("C1", "2024-04", "#N/A"),
            ("C1", "2024-05", "#DIV/0!"),
        ]
        write_csv(here / "errors.csv", rows)
        golden("excel-errors", str(failure(Readings.from_csv("errors.csv"), MONTHLY)) + "\n")

    def test_excel_error_hint_in_the_callers_words(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The hint names the missing marker as the caller gives it: missing= in Python,
        --missing on the command line, never both."""
        write_csv(
            here / "q4.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", "#DIV/0!")]
        )
        said = (
            "correct the formula in the spreadsheet, or leave the cell empty for a missing value;"
            " to read `#DIV/0!` as missing, add it to the missing markers"
        )
        error = failure(Readings.from_csv("q4.csv"), CONTRACT)
        assert f"{said} (missing={{'#DIV/0!'}})" == error.first.hint
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "q4.csv")
        assert (1, "", True) == (status, out, f"help: {said} (--missing '#DIV/0!')\n" in err)
        assert "missing={" not in err
        status, _, _ = run(capsys, "evaluate", CONTRACT_PATH, "q4.csv", "--missing", "#DIV/0!")
        assert 0 == status  # the option as the hint spells it does what it says
        assert (
            f"{said} (missing={{'#DIV/0!'}})"
            == failure(Readings.from_csv("q4.csv"), CONTRACT).first.hint
        )  # and Python's words again after the command

    def test_an_excel_error_listed_as_missing(self) -> None:
        """An error value given as a missing marker is a missing value."""
        readings = Readings.from_mapping({"C1": "#n/a", "P1": ""}, "2024-04", missing={"#N/A"})
        resolved = readings.resolve(MONTHLY)
        assert [True, True] == [math.isnan(resolved.get(m, "2024-04") or 0) for m in ("C1", "P1")]

    def test_cli_missing_adds_to_the_defaults(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--missing adds a marker; empty cells stay missing; --no-default-missing replaces."""
        rows = [
            ("measure", "period", "value"),
            ("A1", "2017/18 Q4", "n/a"),
            ("A2", "2017/18 Q4", ""),
        ]
        write_csv(here / "q4.csv", rows)
        status, out, _ = run(capsys, "evaluate", CONTRACT_PATH, "q4.csv", "--missing", "N/A")
        assert (0, True) == (status, "No data" in out)
        status, _, err = run(
            capsys, "evaluate", CONTRACT_PATH, "q4.csv", "--missing", "n/a", "--no-default-missing"
        )
        assert (1, True) == (status, "the value is empty" in err)


# ---------------------------------------------------------------------------
# 5. Warnings


class TestWarnings:
    def test_rows_with_no_authority_among_named_ones(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file whose authority column is empty on some rows and not on others (a merged
        cell, exported) says so at the first empty one: those rows are no authority's, and
        evaluating Doncaster leaves them out. It did so without a word: B8 read No data."""
        rows = [
            ("authority", "measure", "period", "value"),
            ("Doncaster", "A1", "2017/18 Q4", "26"),
            ("", "B8", "2017/18 Q4", "76"),
            ("", "A2", "2017/18 Q4", "90"),
            ("Barnsley", "A1", "2017/18 Q4", "21.5"),
        ]
        write_csv(here / "merged.csv", rows)
        readings = Readings.from_csv("merged.csv")
        assert [("warning", 3)] == [(w.severity, w.line) for w in readings.warnings]
        golden("unnamed-authority", "\n".join(w.format() for w in readings.warnings) + "\n")
        assert readings.warnings[0] in readings.resolve(CONTRACT).warnings
        status, _, err = run(
            capsys, "evaluate", CONTRACT_PATH, "merged.csv", "--authority", "Doncaster"
        )
        assert (0, 1) == (status, err.count("merged.csv:3:1: warning: measure B8"))

    def test_rows_with_no_authority_in_a_sheet_and_a_frame(self, here: Path) -> None:
        """A sheet and a DataFrame say the same, naming the row."""
        rows = [
            ("authority", "measure", "2017/18 Q4"),
            ("Doncaster", "A1", 26),
            (None, "B8", 76),
        ]
        workbook(here / "merged.xlsx", rows)
        [warning] = Readings.from_excel("merged.xlsx").warnings
        assert warning.format().startswith(
            "merged.xlsx:Readings!A3: warning: measure B8, period 2017/18 Q4: this row has no"
            " authority, though others name one (Doncaster, in row 2)"
        )
        frame = pd.DataFrame(rows[1:], columns=rows[0])
        [warning] = Readings.from_frame(frame).warnings
        assert warning.format().startswith("<frame>: warning: row 2: measure B8")

    @pytest.mark.parametrize(
        "authorities", [["", ""], ["Doncaster", "Barnsley"], None], ids=["none", "all", "no column"]
    )
    def test_no_warning_when_every_row_is_alike(self, authorities: list[str] | None) -> None:
        """No authority on any row, or one on every row, or no column: nothing to say."""
        if authorities is None:
            text = "measure,period,value\nA1,2017/18 Q4,26\n"
        else:
            text = "authority,measure,period,value\n" + "".join(
                f"{a},A1,2017/18 Q{q},26\n" for q, a in enumerate(authorities, start=3)
            )
        assert () == Readings.from_csv_text(text).warnings

    def test_fraction_looking_percentages(self, here: Path) -> None:
        """A percent measure read as 0.895 while its target is 90% is a warning, not an error."""
        rows = [
            ("measure", "period", "value"),
            ("B8", "2017/18 Q3", "0.895"),
            ("B8", "2017/18 Q4", "0.9"),
        ]
        write_csv(here / "q4.csv", rows)
        resolved = Readings.from_csv("q4.csv").resolve(CONTRACT)
        assert (0.895, ["warning"]) == (
            resolved.get("B8", "2017/18 Q3"),
            [w.severity for w in resolved.warnings],
        )
        golden("fraction", "\n".join(w.format() for w in resolved.warnings) + "\n")

    @pytest.mark.parametrize("values", [["0.895", "90"], ["0", "0"], ["1.5"]])
    def test_no_fraction_warning(self, values: list[str]) -> None:
        """No warning when a reading is above 1, or every reading is 0."""
        rows = "".join(f"B8,2017/18 Q{n + 1},{v}\n" for n, v in enumerate(values))
        resolved = Readings.from_csv_text("measure,period,value\n" + rows).resolve(CONTRACT)
        assert () == resolved.warnings

    def test_no_fraction_warning_for_a_low_target(self) -> None:
        """A percent measure whose target is at most 1% may well read 0.5."""
        contract = pc.loads(
            'contract "c" { group "g" { measure A1 "t" { unit percent lower is better'
            " target 1% } } }"
        )
        resolved = Readings.from_mapping({"A1": 0.5}, "2017/18 Q4").resolve(contract)
        assert () == resolved.warnings

    def test_quarter_disagreeing_with_its_months(self, here: Path) -> None:
        """A summed quarter that is not its months' sum is a warning; the quarter's is used."""
        rows = [
            ("measure", "period", "value"),
            ("C1", "2024-04", 10),
            ("C1", "2024-05", 20),
            ("C1", "2024-06", 30),
            ("C1", "2024/25 Q1", 61),
            ("L1", "2024-04", 9),
            ("L1", "2024-05", 8),
            ("L1", "2024-06", 12),
            ("L1", "2024/25 Q1", 8),
            ("R1", "2024-04", 4),
            ("R1", "2024-05", 6),
            ("R1", "2024-06", 5),
            ("R1", "2024/25 Q1", 6.5),
        ]
        write_csv(here / "q1.csv", rows)
        resolved = Readings.from_csv("q1.csv").resolve(MONTHLY)
        assert (61.0, [5, 13]) == (
            resolved.get("C1", "2024/25 Q1"),
            [w.line for w in resolved.warnings],
        )
        golden("quarter-disagrees", "\n".join(w.format() for w in resolved.warnings) + "\n")
        ev = MONTHLY.evaluate(resolved, period="2024/25 Q1")
        assert 61.0 == ev["C1"].value

    def test_quarter_agreeing_with_its_months(self) -> None:
        """No warning when a quarter is its months' roll-up, or a mean within their range."""
        rows = "C1,2024-04,1\nC1,2024-05,2\nC1,2024-06,3\nC1,2024/25 Q1,6\n"
        rows += "R1,2024-04,4\nR1,2024-05,6\nR1,2024-06,5\nR1,2024/25 Q1,5.5\n"
        readings = Readings.from_csv_text("measure,period,value\n" + rows)
        assert () == readings.resolve(MONTHLY).warnings

    def test_seasonal_quarter_against_its_months_in_season(self) -> None:
        """A seasonal measure's quarter is compared with its months in season only: WS1
        (October to April) in 2024/25 Q1 has April alone."""
        waste = pc.load(ROOT / "examples" / "waste-2024-25.contract")
        rows = "WS1,2024-04,100\nWS1,2024/25 Q1,50\n"
        resolved = Readings.from_csv_text("measure,period,value\n" + rows, "q1.csv").resolve(waste)
        [warning] = resolved.warnings
        assert (3, "warning") == (warning.line, warning.severity)
        assert (
            "the quarter's reading, 50, disagrees with its months (2024-04 in season):"
            " its month's figure is 100; the quarter's is used"
        ) in warning.message
        agreeing = "WS1,2024-04,100\nWS1,2024/25 Q1,100\n"
        assert (
            ()
            == Readings.from_csv_text("measure,period,value\n" + agreeing).resolve(waste).warnings
        )

    def test_cli_prints_warnings(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """evaluate prints each warning as `file:line:col: warning: …` and still rates."""
        write_csv(here / "q4.csv", [("measure", "period", "value"), ("B8", "2017/18 Q4", "0.895")])
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "q4.csv")
        first = "q4.csv:2:15: warning: measure B8, period 2017/18 Q4: `0.895` looks like a fraction"
        assert (0, True, first) == (status, "B8" in out, err.splitlines()[0][: len(first)])


# ---------------------------------------------------------------------------
# 6. Several files


class TestSeveralFiles:
    def test_files_are_merged(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """evaluate takes several readings files, in any dialect, and rates them together."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        write_csv(
            here / "b.csv",
            [("measure", "period", "value"), ("B8", "2017/18 Q4", "76,0")],
            delimiter=";",
        )
        status, out, _ = run(capsys, "evaluate", CONTRACT_PATH, "a.csv", "b.csv", "--format", "csv")
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (0, "26", "76") == (status, rows["A1"]["value"], rows["B8"]["value"])

    @pytest.mark.parametrize(
        ("command", "contract", "period"),
        [
            ("evaluate", CONTRACT_PATH, "2017/18 Q4"),
            ("report", CONTRACT_PATH, "2017/18 Q4"),
            ("payment", str(ROOT / "examples" / "fm-2024-25.contract"), "2024-05"),
        ],
    )
    def test_the_same_file_named_twice(
        self,
        here: Path,
        capsys: pytest.CaptureFixture[str],
        command: str,
        contract: str,
        period: str,
    ) -> None:
        """A readings file named twice, under one name or two, is a usage error saying so.
        Bug: each of its readings was reported as "a second value on the same line"."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", period, 26)])
        more = ["--period", period]
        for names, said in [
            (["a.csv", "a.csv"], "a.csv"),
            (["a.csv", f".{os.sep}a.csv"], f"a.csv and .{os.sep}a.csv"),
        ]:
            status, out, err = run(capsys, command, contract, *names, *more)
            assert (2, "") == (status, out)
            assert (
                f"perfcontract {command}: error: the readings name {said}, the same file, twice:"
                " name each file once (each reading in it would be a second value of itself)\n"
            ) == err

    @pytest.mark.parametrize("order", [["a.csv", "-"], ["-", "b.csv"]])
    def test_the_same_file_through_standard_input(
        self,
        here: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        order: list[str],
    ) -> None:
        """`evaluate c.contract a.csv - < a.csv` (or a hard link to it) is the same file named
        twice too. Bug: each of its readings was reported as a second value of itself."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        os.link(here / "a.csv", here / "b.csv")
        said = " and ".join("standard input (`-`)" if n == "-" else n for n in order)
        with (here / "a.csv").open("rb") as redirected:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(redirected))
            status, out, err = run(capsys, "evaluate", CONTRACT_PATH, *order)
        assert (2, "") == (status, out)
        assert (
            f"perfcontract evaluate: error: the readings name {said}, the same file, twice:"
            " name each file once (each reading in it would be a second value of itself)\n"
        ) == err

    def test_duplicates_across_files_name_both(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same measure and period in two files is an error naming both places."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        write_csv(
            here / "b.csv",
            [("measure", "period", "value"), ("A2", "Q4 2017/18", 1), ("A1", "2017/18 Q4", 27)],
        )
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "a.csv", "b.csv")
        assert (1, "") == (status, out)
        golden("duplicate-across-files", err)

    def test_problems_of_every_file_at_once(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad header in one file and a bad value in another are reported together."""
        write_csv(here / "a.csv", [("id", "period", "value"), ("A1", "2017/18 Q4", 26)])
        write_csv(here / "b.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", "abc")])
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "a.csv", "b.csv")
        assert (1, True, True, "2 readings files: 1 error") == (
            status,
            "a.csv:1:1: error" in err,
            "b.csv" not in err,  # a file with an unreadable header stops the rows' checks
            err.splitlines()[-1],
        )

    def test_standard_input(
        self, here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`-` reads readings from standard input, in any encoding, beside named files."""
        data = "measure;period;value\nB8;2017/18 Q4;76,0\n".encode("utf-16")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        status, out, _ = run(capsys, "evaluate", CONTRACT_PATH, "a.csv", "-", "--format", "csv")
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (0, "26", "76") == (status, rows["A1"]["value"], rows["B8"]["value"])

    def test_standard_input_in_messages(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Problems in standard input name it `<stdin>`; naming `-` twice is refused."""
        data = b"measure,period,value\nA1,2017/18 Q4,abc\n"
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "-")
        assert (1, "<stdin>:2:15: error: measure A1") == (status, err[:31])
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "-", "-")
        assert (2, "perfcontract evaluate: error: standard input (`-`) can be read once") == (
            status,
            err.splitlines()[0][:67],
        )

    def test_report_takes_several_files(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report takes several readings files too."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        write_csv(here / "b.csv", [("measure", "period", "value"), ("B8", "2017/18 Q4", 76)])
        status, _, err = run(
            capsys,
            "report",
            CONTRACT_PATH,
            "a.csv",
            "b.csv",
            "--period",
            "2017/18 Q4",
            "--format",
            "markdown",
            "-o",
            "r.md",
        )
        text = (here / "r.md").read_text(encoding="utf-8")
        assert (0, True, True) == (status, "76%" in text, "r.md: markdown report" in err)


# ---------------------------------------------------------------------------
# 8. Writing


class TestOutput:
    def test_evaluate_csv_to_a_file_has_a_bom(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """evaluate -o x.csv writes UTF-8 with a BOM, so Excel shows £ right."""
        write_csv(here / "q4.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        status, out, err = run(
            capsys, "evaluate", CONTRACT_PATH, "q4.csv", "--format", "csv", "-o", "out.csv"
        )
        data = (here / "out.csv").read_bytes()
        assert (0, "", "out.csv: csv evaluation for 2017/18 Q4\n", b"\xef\xbb\xbfmeasure,") == (
            status,
            out,
            err,
            data[:11],
        )
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert ("A1", "26", "22") == (rows[0]["measure"], rows[0]["value"], rows[0]["target"])

    def test_evaluate_text_to_a_file_keeps_its_arrows(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Text written to a file is UTF-8 without a BOM, every character kept."""
        readings = str(ROOT / "examples" / "dcst-2017-18-readings.csv")
        status, _, _ = run(capsys, "evaluate", CONTRACT_PATH, readings, "-o", "out.txt")
        text = (here / "out.txt").read_text(encoding="utf-8")
        assert (0, False, True) == (status, text.startswith("\ufeff"), "▲" in text or "▼" in text)

    def test_output_naming_an_input_is_refused(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming one of the readings files is refused, the file untouched."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        before = (here / "a.csv").read_bytes()
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "a.csv", "-o", "a.csv")
        assert (2, before) == (status, (here / "a.csv").read_bytes())
        golden("output-is-input", err)

    def test_risk_share_to_a_file(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """risk-share -o writes the split to the file, text or JSON."""
        status, out, _ = run(capsys, "risk-share", CONTRACT_PATH, "1.35m", "-o", "split.txt")
        text = (here / "split.txt").read_text(encoding="utf-8")
        assert (0, "", True) == (status, out, "£945,000.00" in text)
        status, _, _ = run(
            capsys, "risk-share", CONTRACT_PATH, "1.35m", "--format", "json", "-o", "split.json"
        )
        assert '"council": "945000.00"' in (here / "split.json").read_text(encoding="utf-8")

    def test_risk_share_refuses_to_write_over_the_contract(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """risk-share -o CONTRACT is refused."""
        status, _, err = run(capsys, "risk-share", CONTRACT_PATH, "1m", "-o", CONTRACT_PATH)
        assert (2, True) == (status, "that is the contract file" in err)

    def test_unwritable_output(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be written exits 2, saying why."""
        status, _, err = run(capsys, "risk-share", CONTRACT_PATH, "1m", "-o", "no/such/dir/x.txt")
        assert (2, True) == (status, "error: cannot write the split" in err)

    def test_legacy_console(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On a cp1252 console evaluate shows arrows as ASCII rather than failing."""
        console = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", errors="strict")
        monkeypatch.setattr(sys, "stdout", console)
        readings = str(ROOT / "examples" / "dcst-2017-18-readings.csv")
        assert 0 == main(["evaluate", CONTRACT_PATH, readings])
        console.flush()
        text = console.buffer.getvalue().decode("cp1252")  # type: ignore[attr-defined]
        assert (False, True) == ("▲" in text, " ^ " in text or " v " in text)

    def test_many_problems_are_bounded(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """10^5 bad rows print the first 50 problems and a count of the rest."""
        rows = [("authority", "measure", "period", "value")]
        rows += [(f"LA{n}", "A1", "2017/18 Q4", "bad") for n in range(100_000)]
        write_csv(here / "bad.csv", rows)
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "bad.csv")
        assert (1, 50, True, "bad.csv: 100,000 errors") == (
            status,
            err.count(": error: "),
            "… and 99,950 more problems (100,000 in all)" in err,
            err.splitlines()[-1],
        )
        assert 30_000 > len(err)

    def test_max_errors_option(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--max-errors 3 shows three problems."""
        rows = [("measure", "period", "value")] + [
            ("A1", f"2017/18 Q{n}", "bad") for n in (1, 2, 3)
        ]
        rows += [("A2", f"2017/18 Q{n}", "bad") for n in (1, 2, 3, 4)] + [("A3", "2017/18", "-")]
        rows += [("A3", f"2017/18 Q{n}", "bad") for n in (1, 2, 3)]
        write_csv(here / "bad.csv", rows)
        _, _, err = run(capsys, "evaluate", CONTRACT_PATH, "bad.csv", "--max-errors", "3")
        assert (3, True) == (err.count(": error: "), "… and 7 more problems (10 in all)" in err)


# ---------------------------------------------------------------------------
# 1. Excel workbooks


def workbook(path: Path, rows: Sequence[Sequence[object]], title: str = "Readings") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def saved_by_a_spreadsheet(
    written: Path,
    saved: Path,
    stored: dict[str, tuple[bytes, bytes]],
    worked_out_again: bool = False,
) -> None:
    """``written`` (by openpyxl, which stores no formula's value) as a spreadsheet program
    saves it: each formula cell of ``stored`` with its type attribute and stored value, and
    the workbook's request to be worked out again when opened (openpyxl's, and XlsxWriter's)
    dropped unless ``worked_out_again``."""
    import re
    import zipfile

    with zipfile.ZipFile(written) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for cell, (kind, value) in stored.items():
                    name = b'<c r="' + cell.encode() + b'"'
                    pattern = re.compile(re.escape(name) + rb"[^>]*>(<f>.*?</f>)<v\s*/>")
                    stored_cell = name + kind + rb">\1<v>" + value + b"</v>"
                    data, count = pattern.subn(stored_cell, data)
                    assert 1 == count
            if item.filename == "xl/workbook.xml" and not worked_out_again:
                data, count = re.subn(rb' fullCalcOnLoad="1"', b"", data)
                assert 1 == count
            target.writestr(item, data)


class TestExcel:
    def test_numbers_as_excel_shows_them(self, here: Path) -> None:
        """A cell holding a float's leftover digits is read as Excel shows it, to 15
        significant digits: =95%-5% holds 0.8999999999999999 and is 90%, on a 90% target."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["B8", "2017/18 Q4", 0.95 - 0.05])
        sheet["C2"].number_format = "0.0%"
        sheet.append(["E1", "2017/18 Q4", 1789.0000000000002])
        sheet.append(["A1", "2017/18 Q4", 0.1 + 0.2])
        sheet.append(["C15", "2017/18 Q4", 1 / 3])
        book.save(here / "q4.xlsx")
        readings = Readings.from_excel(here / "q4.xlsx")
        assert ["90%", "1789", "0.3", "0.333333333333333"] == [r.text for r in readings]
        result = CONTRACT.evaluate(readings, period="2017/18 Q4")["B8"]
        assert (90.0, pc.Status.ON_TARGET) == (result.value, result.status)

    def test_long_form(self, here: Path) -> None:
        """A long-form sheet reads its numbers, words and percentage cells as shown."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["P1", "Apr-24", 0.895])
        sheet["C2"].number_format = "0.0%"
        sheet.append(["C1", datetime.datetime(2024, 4, 1), 12])
        sheet.append(["Y1", "2024-04", True])
        sheet.append(["M1", "2024-04", -1250.5])
        book.save(here / "q1.xlsx")
        readings = Readings.from_excel("q1.xlsx")
        assert ["89.5%", "12", "TRUE", "-1250.5"] == [r.text for r in readings]
        resolved = readings.resolve(MONTHLY)
        assert [89.5, 12.0, 1.0, -1250.5] == [
            resolved.get(m, "2024-04") for m in ("P1", "C1", "Y1", "M1")
        ]

    def test_wide_form_with_date_headings(self, here: Path) -> None:
        """Date cells in headings are months."""
        rows = [
            (
                "measure",
                "title",
                datetime.datetime(2024, 4, 1),
                datetime.date(2024, 5, 1),
                "Jun-24",
            ),
            ("C1", "Visits", 1, 2, 3),
        ]
        workbook(here / "wide.xlsx", rows)
        resolved = Readings.from_excel("wide.xlsx").resolve(MONTHLY)
        assert [1.0, 2.0, 3.0] == [resolved.get("C1", f"2024-0{m}") for m in (4, 5, 6)]

    QUARTERLY = pc.loads(
        """contract "Audits" { reporting monthly group "g" {
        measure C1 "Visits" { unit count  higher is better  target 100  tolerance 90 }
        measure AUD "Audit score" {
            unit percent  higher is better  reporting quarterly  target 90%  tolerance 80%
        } } }""",
        source="audits.contract",
    )

    def test_empty_cells_of_a_measure_not_due_say_nothing(self, here: Path) -> None:
        """A quarterly measure's empty cells under month headings are no figures: no
        warning; its quarter's figure is read."""
        months = [datetime.datetime(2024, m, 1) for m in (4, 5, 6)]
        rows = [
            ("measure", *months, "2024/25 Q1"),
            ("C1", 1, 2, 3, None),
            ("AUD", None, None, None, 85),
        ]
        workbook(here / "wide.xlsx", rows, title="KPIs")
        resolved = Readings.from_excel("wide.xlsx").resolve(self.QUARTERLY)
        assert ((), 85.0) == (resolved.warnings, resolved.get("AUD", "2024/25 Q1"))

    def test_a_figure_not_due_is_named_by_its_month(self, here: Path) -> None:
        """A figure under a date heading for a month its measure is not due in is named at
        its cell, its period the month the heading means (2024-05), not the date the cell
        holds (2024-05-01); so too in a period column of date cells."""
        months = [datetime.datetime(2024, m, 1) for m in (4, 5, 6)]
        workbook(here / "wide.xlsx", [("measure", *months), ("AUD", None, 85, "x")], title="KPIs")
        workbook(
            here / "long.xlsx",
            [("measure", "period", "value"), ("AUD", datetime.datetime(2024, 6, 1), 85)],
            title="KPIs",
        )
        said = [
            (w.source, w.message)
            for name in ("wide.xlsx", "long.xlsx")
            for w in Readings.from_excel(name).resolve(self.QUARTERLY).warnings
        ]
        assert [
            (
                "wide.xlsx:KPIs!C2",
                "measure AUD, period 2024-05: AUD is reported quarterly: a reading for 2024-05"
                " is not due, and is left out",
            ),
            (
                "long.xlsx:KPIs!B2",
                "measure AUD, period 2024-06: AUD is reported quarterly: a reading for 2024-06"
                " is not due, and is left out",
            ),
        ] == said

    def test_told_by_content(self, here: Path) -> None:
        """A workbook given to from_csv (whatever its name) is read as a workbook."""
        workbook(here / "readings.csv", [("measure", "period", "value"), ("C1", "2024-04", 5)])
        assert [5.0] == [r.value for r in Readings.from_csv("readings.csv")]

    def test_cells_named_in_messages(self, here: Path) -> None:
        """Problems name cells as Excel does, Sheet!B7; errors and formulas are said plainly."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Q1 figures"
        sheet.append(["measure", "period", "value"])
        sheet.append(["C1", "2024-04", "abc"])
        sheet.append(["C9", "2024-04", 1])
        sheet.append(["C1", "2024-05", "#DIV/0!"])
        sheet.append(["C1", "2024-06", "=1+1"])
        sheet.append(["C1", "2024-04", 2])
        book.save(here / "q1.xlsx")
        golden("workbook-problems", str(failure(Readings.from_excel("q1.xlsx"), MONTHLY)) + "\n")

    def test_sheet_by_name(self, here: Path) -> None:
        """sheet= picks a sheet; a sheet that is not there gets a "did you mean"."""
        book = openpyxl.Workbook()
        book.active.title = "Notes"
        data = book.create_sheet("Data")
        data.append(["measure", "period", "value"])
        data.append(["C1", "2024-04", 7])
        book.save(here / "b.xlsx")
        assert [7.0] == [r.value for r in Readings.from_excel("b.xlsx", sheet="Data")]
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("b.xlsx", sheet="data")
        golden("no-such-sheet", str(info.value) + "\n")

    def test_an_empty_first_sheet_names_the_others(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With no sheet named, an empty first sheet (a cover sheet left blank) says which
        other sheets there are and how to name one; it gave the header's advice."""
        book = openpyxl.Workbook()
        book.active.title = "Cover"
        data = book.create_sheet("Q4 data")
        data.append(["measure", "period", "value"])
        data.append(["A1", "2017/18 Q4", 26])
        book.create_sheet("Notes")
        book.save(here / "b.xlsx")
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("b.xlsx")
        assert (
            "b.xlsx:Cover!1:1: error: there are no readings: the sheet Cover is empty\n"
            "help: name the sheet the readings are on (sheet=...): the workbook's other sheets"
            " are Q4 data, Notes"
        ) == str(info.value)
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "b.xlsx")
        assert (1, True) == (
            status,
            "help: name the sheet the readings are on (--sheet NAME): the workbook's other"
            " sheets are Q4 data, Notes\n" in err,
        )
        status, _, _ = run(capsys, "evaluate", CONTRACT_PATH, "b.xlsx", "--sheet", "Q4 data")
        assert 0 == status

    def test_a_cover_sheet_first_names_the_others(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With no sheet named, a first sheet with no `measure` heading (a cover sheet with a
        title) adds the other sheets and how to name one to the header's advice."""
        book = openpyxl.Workbook()
        book.active.title = "Cover"
        book.active.append(["Performance report, Quarter 4 2017/18"])
        data = book.create_sheet("Q4")
        data.append(["measure", "period", "value"])
        data.append(["A1", "2017/18 Q4", 26])
        book.save(here / "b.xlsx")
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("b.xlsx")
        assert (info.value.first.hint or "").endswith(
            "; or, if the readings are on another sheet, name the sheet the readings are on"
            " (sheet=...): the workbook's other sheets are Q4"
        )
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "b.xlsx")
        assert (1, True, False) == (
            status,
            "name the sheet the readings are on (--sheet NAME): the workbook's other sheets are"
            " Q4\n" in err,
            "sheet=" in err,
        )
        assert [26.0] == [r.value for r in Readings.from_excel("b.xlsx", sheet="Q4")]

    def test_cli_reads_a_workbook(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """evaluate takes a workbook, and --sheet names its sheet."""
        book = openpyxl.Workbook()
        book.active.title = "Cover"
        data = book.create_sheet("Q4")
        data.append(["measure", "period", "value"])
        data.append(["B8", "2017/18 Q4", 76])
        book.save(here / "q4.xlsx")
        status, out, _ = run(
            capsys, "evaluate", CONTRACT_PATH, "q4.xlsx", "--sheet", "Q4", "--format", "csv"
        )
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (0, "76") == (status, rows["B8"]["value"])

    def test_sheet_applies_to_workbooks_only(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--sheet names the sheet of each workbook; a CSV file beside them is read as CSV."""
        book = openpyxl.Workbook()
        book.active.title = "Q4"
        book.active.append(["measure", "period", "value"])
        book.active.append(["B8", "2017/18 Q4", 76])
        book.save(here / "q4.xlsx")
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        status, out, _ = run(
            capsys,
            "evaluate",
            CONTRACT_PATH,
            "q4.xlsx",
            "a.csv",
            "--sheet",
            "Q4",
            "--format",
            "csv",
        )
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (0, "76", "26") == (status, rows["B8"]["value"], rows["A1"]["value"])

    def test_sheet_with_no_workbook(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--sheet when no readings file is a workbook: the readings are read, and a note
        says the option was not used (it was ignored without a word)."""
        write_csv(here / "a.csv", [("measure", "period", "value"), ("A1", "2017/18 Q4", 26)])
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "a.csv", "--sheet", "Q4")
        assert (
            0,
            "note: --sheet names a sheet of an Excel workbook, and no readings file is one:"
            " `Q4` was not used\n",
        ) == (status, err)

    def test_cli_missing_sheet(self, here: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A --sheet the workbook lacks exits 1, naming the sheets it has."""
        workbook(here / "q4.xlsx", [("measure", "period", "value")], title="Data")
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "q4.xlsx", "--sheet", "Q9")
        assert (1, "q4.xlsx: error: the workbook has no sheet `Q9`\nhelp: its sheets are Data") == (
            status,
            "\n".join(err.splitlines()[:2]),
        )

    def test_empty_sheet(self, here: Path) -> None:
        """A sheet with nothing on it says so."""
        workbook(here / "empty.xlsx", [])
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("empty.xlsx")
        golden("empty-sheet", str(info.value) + "\n")

    def test_not_a_workbook(self, here: Path) -> None:
        """A zip that is not a workbook is refused, not a traceback."""
        import zipfile

        with zipfile.ZipFile(here / "x.xlsx", "w") as archive:
            archive.writestr("hello.txt", "hi")
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv("x.xlsx")
        golden("not-a-workbook", str(info.value) + "\n")

    def test_damaged_sheet(self, here: Path) -> None:
        """A workbook whose sheet is damaged is a ReadingsError, never a traceback."""
        import zipfile

        workbook(here / "good.xlsx", [("measure", "period", "value"), ("C1", "2024-04", 1)])
        with (
            zipfile.ZipFile(here / "good.xlsx") as good,
            zipfile.ZipFile(here / "bad.xlsx", "w") as bad,
        ):
            for item in good.infolist():
                data = good.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data[: len(data) // 2]
                bad.writestr(item, data)
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("bad.xlsx")
        assert "cannot be read" in info.value.first.message

    @pytest.mark.parametrize(
        ("number_format", "stored", "shown"),
        [
            ("0.0%", 0.265, "26.5%"),
            ('0.0"%"', 26.5, "26.5%"),
            ("0.0\\%", 26.5, "26.5%"),
            ('[Blue]0.0"%";[Red]-0.0"%"', 26.5, "26.5%"),
            ('0%;[Red]"("0%")"', 0.265, "26.5%"),
            ('0.0;-0.0;0"%"', 26.5, "26.5"),
            ("0.0_%", 26.5, "26.5"),
            ('"Rate: "0.0', 26.5, "26.5"),
        ],
    )
    def test_a_percent_sign_as_the_format_shows_it(
        self, here: Path, number_format: str, stored: float, shown: str
    ) -> None:
        """A `%` the format writes as it is (in quotes, after a backslash) shows the number
        as stored, 26.5 as 26.5%: only a `%` outside them shows 0.265 as 26.5%."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["A1", "2017/18 Q4", stored])
        sheet["C2"].number_format = number_format
        book.save(here / "q4.xlsx")
        readings = Readings.from_excel(here / "q4.xlsx")
        assert [shown] == [r.text for r in readings]
        assert 26.5 == readings.resolve(CONTRACT).get("A1", Q4)

    def test_a_formula_worked_out_to_empty_text_is_missing(self, here: Path) -> None:
        """A formula whose stored value is empty text (=IFERROR(x/y, ""), as Excel and
        LibreOffice save it) is a missing value, rated No data; one with no stored value at
        all (never opened in a spreadsheet program) is still an error."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["A1", "2017/18 Q4", '=IFERROR(1/0,"")'])
        sheet.append(["B8", "2017/18 Q4", "=1+1"])
        book.save(here / "written.xlsx")
        # As Excel saves a formula whose value is empty text.
        stored = {"C2": (rb' t="str"', b"")}
        saved_by_a_spreadsheet(here / "written.xlsx", here / "saved.xlsx", stored)
        readings = Readings.from_excel("saved.xlsx")
        assert ["", "=1+1"] == [r.text for r in readings]
        error = failure(readings)
        assert 1 == len(error.diagnostics)
        assert str(error).startswith("saved.xlsx:Sheet!C3: error: measure B8, period 2017/18 Q4:")
        assert "never worked out" in error.first.message
        only_a1 = Readings([r for r in readings if r.measure == "A1"])
        result = CONTRACT.evaluate(only_a1, period="2017/18 Q4")["A1"]
        assert pc.Status.NO_DATA == result.status

    def test_formulas_stored_by_a_program_that_works_none_out(self, here: Path) -> None:
        """A workbook that asks to be worked out again when opened (as XlsxWriter writes one,
        storing 0 as every formula's value) has its formulas reported as never worked out;
        the same values saved by a spreadsheet program are read. Bug: each was read as 0."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["A1", "2017/18 Q4", "=26"])
        sheet.append(["B8", "2017/18 Q4", 76])
        book.save(here / "written.xlsx")
        stored = {"C2": (b"", b"0")}  # XlsxWriter's stored value for any formula
        saved_by_a_spreadsheet(here / "written.xlsx", here / "xlsxwriter.xlsx", stored, True)
        error = failure(Readings.from_excel("xlsxwriter.xlsx"))
        assert [
            ("xlsxwriter.xlsx:Sheet!C2", "`=26` is a formula whose value was never worked out")
        ] == [(d.source, d.message.split(": ", 1)[1]) for d in error.diagnostics]
        stored = {"C2": (b"", b"26")}
        saved_by_a_spreadsheet(here / "written.xlsx", here / "excel.xlsx", stored)
        assert [26.0, 76.0] == [r.value for r in Readings.from_excel("excel.xlsx")]

    def test_formulas_never_worked_out_beyond_the_values(self, here: Path) -> None:
        """A heading, measure, authority or period cell whose formula was never worked out is
        said to be one, at its cell, once for its row. Bug: the reader's own marker for such a
        cell was shown (`<U+0000>formula:="2017/18 Q"&4`), as a period or a measure that is
        not one, with advice on how to write a period."""
        book = openpyxl.Workbook()
        book.active.append(["measure", '="2017/18 Q"&4', "title", "=1+1"])
        book.active.append(["A1", 26, "x", 1])
        book.save(here / "headings.xlsx")
        with pytest.raises(ReadingsError) as headings:
            Readings.from_excel("headings.xlsx")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["authority", "measure", "period", "value"])
        sheet.append(["Doncaster", '="A"&1', "2017/18 Q4", 26])
        sheet.append(['="Don"&"caster"', "B8", '="2017/18 Q"&4', "=70+6"])
        sheet.append(["Doncaster", "A2", '="2017/18 Q"&4', 90])
        book.save(here / "names.xlsx")
        names = failure(Readings.from_excel("names.xlsx"))
        assert [1, 1, 1] == [str(names).count(f"!{cell}: error") for cell in ("B2", "A3", "C4")]
        golden("formula-cells", f"{headings.value}\n\n{names}\n")
        assert "\x00" not in str(headings.value) + str(names)

    def test_a_date_and_time_cell_is_its_month(self, here: Path) -> None:
        """A date cell with a time of day, in a period column or a heading, is the month the
        date is in, as one without."""
        rows = [
            ("measure", "period", "value"),
            ("C1", datetime.datetime(2024, 4, 30, 17, 45), 5),
        ]
        workbook(here / "long.xlsx", rows)
        assert 5.0 == Readings.from_excel("long.xlsx").resolve(MONTHLY).get("C1", "2024-04")
        rows = [("measure", datetime.datetime(2024, 5, 1, 9, 30, 15)), ("C1", 6)]
        workbook(here / "wide.xlsx", rows)
        assert 6.0 == Readings.from_excel("wide.xlsx").resolve(MONTHLY).get("C1", "2024-05")

    def test_without_openpyxl(self, here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the extra installed, a clear error names it."""
        workbook(here / "q.xlsx", [("measure", "period", "value")])
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(ReadingsError) as info:
            Readings.from_csv("q.xlsx")
        golden("no-openpyxl", str(info.value) + "\n")


def chart_sheet(book: openpyxl.Workbook, title: str, index: int | None = None) -> None:
    """A chart sheet holding a bar chart (of the first worksheet's cells, if it has one), as
    Excel makes one with Move Chart > New sheet; index 0 puts it first."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    if book.worksheets:
        chart.add_data(Reference(book.worksheets[0], min_col=3, min_row=1, max_row=2))
    book.create_chartsheet(title, index).add_chart(chart)


def two_sheets(path: Path, state: str = "hidden", chart_first: bool = False) -> Path:
    """A workbook whose first worksheet (A1 is 26) has ``state``, and whose second, Q4, is
    visible (A1 is 99); with ``chart_first``, a chart sheet before both."""
    book = openpyxl.Workbook()
    old = book.active
    old.title = "Old"
    old.append(["measure", "period", "value"])
    old.append(["A1", "2017/18 Q4", 26])
    new = book.create_sheet("Q4")
    new.append(["measure", "period", "value"])
    new.append(["A1", "2017/18 Q4", 99])
    book.active = new
    old.sheet_state = state
    if chart_first:
        chart_sheet(book, "Chart", 0)
    book.save(path)
    return path


class TestWhichSheet:
    """With no sheet named, the first visible worksheet is read, and a note says which when
    chart sheets or hidden sheets before it were passed over (SPEC 10: never a traceback,
    never silent). Bugs: a chart sheet first ended in AttributeError; a hidden first sheet
    was rated without a word."""

    NOTE = "help: to read another sheet, name it (sheet=...)"
    OPTION = "help: to read another sheet, name it (--sheet NAME)"  # on the command line

    def test_a_chart_sheet_first_is_passed_over(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        book = openpyxl.Workbook()
        book.active.title = "Data"
        book.active.append(["measure", "period", "value"])
        book.active.append(["A1", "2017/18 Q4", 26])
        chart_sheet(book, "Chart", 0)
        book.save(here / "chart.xlsx")
        assert ["Chart", "Data"] == openpyxl.load_workbook("chart.xlsx").sheetnames
        readings = Readings.from_excel("chart.xlsx")
        assert [26.0] == [r.value for r in readings]
        said = (
            "chart.xlsx: note: the readings are read from the sheet Data, the first visible"
            f" worksheet; Chart is a chart sheet\n{self.NOTE}"
        )
        assert [said] == [note.format() for note in readings.warnings]
        assert [said] == [w.format() for w in readings.resolve(CONTRACT).warnings]
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "chart.xlsx", "--format", "csv")
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        command_line = said.replace(self.NOTE, self.OPTION)
        assert (0, "26", command_line + "\n") == (status, rows["A1"]["value"], err)

    @pytest.mark.parametrize("state", ["hidden", "veryHidden"])
    def test_a_hidden_first_sheet_is_passed_over(
        self, here: Path, capsys: pytest.CaptureFixture[str], state: str
    ) -> None:
        two_sheets(here / "hidden.xlsx", state)
        readings = Readings.from_excel("hidden.xlsx")
        assert [99.0] == [r.value for r in readings]
        said = (
            "hidden.xlsx: note: the readings are read from the sheet Q4, the first visible"
            f" worksheet; Old is hidden\n{self.NOTE}"
        )
        assert [said] == [note.format() for note in readings.warnings]
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "hidden.xlsx", "--format", "csv")
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        command_line = said.replace(self.NOTE, self.OPTION)
        assert (0, "99", command_line + "\n") == (status, rows["A1"]["value"], err)

    def test_every_sheet_passed_over_is_named(self, here: Path) -> None:
        """A chart sheet and a hidden sheet before the one read: both named, in order."""
        two_sheets(here / "both.xlsx", chart_first=True)
        readings = Readings.from_csv("both.xlsx")  # told by content, read the same
        assert [99.0] == [r.value for r in readings]
        assert [
            "both.xlsx: note: the readings are read from the sheet Q4, the first visible"
            f" worksheet; Chart is a chart sheet and Old is hidden\n{self.NOTE}"
        ] == [note.format() for note in readings.warnings]

    def test_no_note_when_the_first_sheet_is_read(self, here: Path) -> None:
        """A hidden or chart sheet after the one read says nothing: nothing was passed over."""
        book = openpyxl.Workbook()
        book.active.append(["measure", "period", "value"])
        book.active.append(["A1", "2017/18 Q4", 26])
        book.create_sheet("Lookup").sheet_state = "hidden"
        chart_sheet(book, "Chart")
        book.save(here / "first.xlsx")
        readings = Readings.from_excel("first.xlsx")
        assert ([26.0], ()) == ([r.value for r in readings], readings.warnings)

    def test_a_hidden_sheet_named_is_read(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A hidden sheet named explicitly is read, with no note: it was asked for."""
        two_sheets(here / "hidden.xlsx")
        readings = Readings.from_excel("hidden.xlsx", sheet="Old")
        assert ([26.0], ()) == ([r.value for r in readings], readings.warnings)
        status, out, err = run(
            capsys, "evaluate", CONTRACT_PATH, "hidden.xlsx", "--sheet", "Old", "--format", "csv"
        )
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(out))}
        assert (0, "26", "") == (status, rows["A1"]["value"], err)

    def test_a_chart_sheet_named_is_an_error(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        two_sheets(here / "chart.xlsx", chart_first=True)
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("chart.xlsx", sheet="Chart")
        said = (
            "chart.xlsx: error: the sheet `Chart` is a chart sheet: it has no cells to read\n"
            "help: name a worksheet: its worksheets are Old, Q4"
        )
        assert said == str(info.value)
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "chart.xlsx", "--sheet", "Chart")
        assert (1, "", True) == (status, out, err.startswith(said + "\n"))
        assert "Traceback" not in err

    def test_every_worksheet_hidden_is_an_error(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Only a chart sheet visible: no worksheet is read unless named; named, it is."""
        book = openpyxl.Workbook()
        book.active.title = "Data"
        book.active.append(["measure", "period", "value"])
        book.active.append(["A1", "2017/18 Q4", 26])
        chart_sheet(book, "Chart")
        book.active.sheet_state = "hidden"
        book.active = 1
        book.save(here / "hidden.xlsx")
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("hidden.xlsx")
        assert (
            "hidden.xlsx: error: every worksheet of the workbook is hidden (Data), so none is"
            " read unless named\n"
            "help: name the sheet the readings are on (sheet=...), or unhide it in Excel"
        ) == str(info.value)
        status, _, err = run(capsys, "evaluate", CONTRACT_PATH, "hidden.xlsx")
        assert (1, True) == (
            status,
            "help: name the sheet the readings are on (--sheet NAME), or unhide it in Excel\n"
            in err,
        )
        assert [26.0] == [r.value for r in Readings.from_excel("hidden.xlsx", sheet="Data")]

    def test_no_worksheet_at_all_is_an_error(
        self, here: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        book = openpyxl.Workbook()
        book.remove(book.active)
        chart_sheet(book, "Only")
        book.save(here / "charts.xlsx")
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("charts.xlsx")
        golden("no-worksheet", str(info.value) + "\n")
        with pytest.raises(ReadingsError) as named:
            Readings.from_excel("charts.xlsx", sheet="Only")
        assert (
            "charts.xlsx: error: the sheet `Only` is a chart sheet: it has no cells to read\n"
            "help: the workbook has no worksheet: put the readings on one"
        ) == str(named.value)
        status, out, err = run(capsys, "evaluate", CONTRACT_PATH, "charts.xlsx")
        assert (1, "", True) == (status, out, err.startswith(str(info.value) + "\n"))

    def test_a_cover_sheet_after_a_hidden_one(self, here: Path) -> None:
        """The first visible sheet a cover sheet, the readings on a hidden one before it: the
        error names the cover sheet, the note says the hidden one was passed over, and the
        advice names it."""
        book = openpyxl.Workbook()
        book.active.title = "Data"
        book.active.append(["measure", "period", "value"])
        book.active.sheet_state = "hidden"
        book.create_sheet("Cover").append(["Performance report"])
        book.active = 1
        book.save(here / "cover.xlsx")
        with pytest.raises(ReadingsError) as info:
            Readings.from_excel("cover.xlsx")
        assert str(info.value).startswith("cover.xlsx:Cover!1:1: error:")
        assert (info.value.first.hint or "").endswith("the workbook's other sheets are Data")


class TestSheetScale:
    """A sheet costs what its cells that hold something cost, not the size it declares
    (SPEC 10: never hangs). Bug: a 4.9 KB workbook with a cell at XFD3 and one at A10000
    took 24 s (every empty cell of 10,000 x 16,384 was read), and at A1048576 over 300 s."""

    def far_cells(self, path: Path, far: object, last_row: int) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["A1", "2017/18 Q4", 26])
        sheet.append(["B8", "2017/18 Q4", 76])
        sheet.cell(row=3, column=16384).value = far
        sheet.cell(row=last_row, column=1).value = " "
        book.save(path)
        return path

    def counted(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        """How many cells are read as text, counted as they are."""
        from perfcontract import _excel

        seen = [0]
        text = _excel._text

        def counting(cell: object) -> str:
            seen[0] += 1
            return text(cell)

        monkeypatch.setattr(_excel, "_text", counting)
        return seen

    def test_empty_cells_and_rows_are_not_visited(
        self, here: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Of a sheet declared A1:XFD200000, only the 10 cells that hold a value are read."""
        self.far_cells(here / "far.xlsx", "", 200_000)
        assert (
            "A1:XFD200000"
            == openpyxl.load_workbook("far.xlsx", read_only=True).active.calculate_dimension()
        )
        seen = self.counted(monkeypatch)
        readings = Readings.from_excel("far.xlsx")
        assert [("A1", 26.0, 2), ("B8", 76.0, 3)] == [
            (r.measure, r.value, r.line) for r in readings
        ]
        assert 3 + 3 + 3 + 1 == seen[0]  # XFD3 holds empty text: no value, not read
        assert () == readings.warnings

    @pytest.mark.parametrize("far", [" ", "\u00a0", "x", 0, "=1+1"])
    def test_a_far_cell_that_holds_something_is_an_error(self, here: Path, far: object) -> None:
        """A cell beyond the headings with text is an error at that cell, as a CSV row with too
        many cells is; one of spaces is not (an empty cell). Never dropped silently."""
        self.far_cells(here / "far.xlsx", far, 10)
        readings = Readings.from_excel("far.xlsx")
        if str(far).strip() == "":
            resolved = readings.resolve(CONTRACT)
            assert (26.0, 76.0) == (resolved.get("A1", Q4), resolved.get("B8", Q4))
            return
        error = failure(readings)
        shown = {"x": "`x`", 0: "`0`", "=1+1": "`=1+1`"}[far]
        assert (
            "far.xlsx:Sheet!XFD3: error: measure B8, period 2017/18 Q4: cell XFD3 holds"
            f" {shown}, beyond the headings (row 1's end at column C)\n"
            "help: give its column a heading, or clear the cell"
        ) == str(error)

    def test_a_row_shorter_than_the_headings(self, here: Path) -> None:
        """A row with no cell under its last headings (an empty value, a note not written)
        reads them as empty cells: a missing value, not a row with too few cells."""
        rows = [
            ("measure", "period", "value", "note"),
            ("A1", "2017/18 Q4", 26),
            ("B8", "2017/18 Q4"),
        ]
        workbook(here / "short.xlsx", rows)
        readings = Readings.from_excel("short.xlsx")
        assert [("A1", "26", None), ("B8", "", None)] == [
            (r.measure, r.text, r.problem) for r in readings
        ]

    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        column=st.integers(min_value=4, max_value=16384),
        row=st.integers(min_value=2, max_value=3),
        text=st.sampled_from(["", " ", "x", "27"]),
    )
    def test_any_far_cell_is_read_or_named(
        self, here: Path, column: int, row: int, text: str
    ) -> None:
        """For any cell beyond the headings: blank, the readings are those without it; with
        text, the error names that cell and no other."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["measure", "period", "value"])
        sheet.append(["A1", "2017/18 Q4", 26])
        sheet.append(["B8", "2017/18 Q4", 76])
        sheet.cell(row=row, column=column).value = text
        book.save(here / "any.xlsx")
        readings = Readings.from_excel("any.xlsx")
        if not text.strip():
            assert [26.0, 76.0] == [r.value for r in readings]
            return
        cell = f"{openpyxl.utils.get_column_letter(column)}{row}"
        error = failure(readings)
        assert [f"any.xlsx:Sheet!{cell}"] == [d.source for d in error.diagnostics]


# ---------------------------------------------------------------------------
# 7. DataFrames in, results out


class TestFrames:
    LONG: ClassVar[dict[str, list[object]]] = {
        "measure": ["A1", "B8", "A2"],
        "period": ["2017/18 Q4"] * 3,
        "value": [26.0, None, 87.5],
    }

    @pytest.mark.parametrize(
        "make",
        [pd.DataFrame, pl.DataFrame, pa.table],
        ids=["pandas", "polars", "pyarrow"],
    )
    def test_long_form(self, make: type) -> None:
        """pandas, polars and pyarrow tables read alike; None is missing."""
        readings = Readings.from_frame(make(self.LONG))
        resolved = readings.resolve(CONTRACT)
        assert [26.0, True, 87.5] == [
            resolved.get("A1", Q4),
            math.isnan(resolved.get("B8", Q4) or 0),
            resolved.get("A2", Q4),
        ]

    @pytest.mark.parametrize(
        "make",
        [pd.DataFrame, pl.DataFrame, pa.table],
        ids=["pandas", "polars", "pyarrow"],
    )
    def test_wide_form(self, make: type) -> None:
        """A wide table reads one reading per period column."""
        table = make({"measure": ["A1"], "2017/18 Q3": [26.8], "2017/18 Q4": [26.0]})
        resolved = Readings.from_frame(table).resolve(CONTRACT)
        assert [26.8, 26.0] == [resolved.get("A1", "2017/18 Q3"), resolved.get("A1", Q4)]

    def test_pandas_missing_values(self) -> None:
        """NaN, pd.NA and None are missing; NaT in a period column is a blank period."""
        frame = pd.DataFrame(
            {
                "measure": ["A1", "A2", "B8"],
                "period": ["2017/18 Q4"] * 3,
                "value": [math.nan, pd.NA, None],
            }
        )
        resolved = Readings.from_frame(frame).resolve(CONTRACT)
        assert [True] * 3 == [math.isnan(resolved.get(m, Q4) or 0) for m in ("A1", "A2", "B8")]

    def test_pandas_periods_and_timestamps(self) -> None:
        """Period columns and Timestamp headings are read by their dates."""
        frame = pd.DataFrame({"measure": ["C1"], pd.Timestamp("2024-04-01"): [3], "2024-05": [4]})
        resolved = Readings.from_frame(frame).resolve(MONTHLY)
        assert [3.0, 4.0] == [resolved.get("C1", "2024-04"), resolved.get("C1", "2024-05")]
        periods = pd.period_range("2017-04", periods=2, freq="Q-MAR")
        frame = pd.DataFrame({"measure": ["A1", "A1"], "period": periods, "value": [27.2, 28]})
        resolved = Readings.from_frame(frame).resolve(CONTRACT)
        assert (Period.parse("2017/18 Q1"), Period.parse("2017/18 Q2")) == resolved.periods

    def test_a_pivot(self) -> None:
        """A pivot (measure as its index, a pandas Period per column) reads as wide form."""
        long = pd.DataFrame(
            {
                "measure": ["A1", "A1", "B8"],
                "period": pd.PeriodIndex(["2018Q3", "2018Q4", "2018Q4"], freq="Q-MAR"),
                "value": [26.8, 26.0, 76.0],
            }
        )
        wide = long.pivot(index="measure", columns="period", values="value")
        resolved = Readings.from_frame(wide).resolve(CONTRACT)
        assert [26.8, 26.0, 76.0, True] == [
            resolved.get("A1", "2017/18 Q3"),
            resolved.get("A1", Q4),
            resolved.get("B8", Q4),
            math.isnan(resolved.get("B8", "2017/18 Q3") or 0),
        ]

    def test_polars_dates(self) -> None:
        """A polars date column is months."""
        frame = pl.DataFrame(
            {"measure": ["C1"], "period": [datetime.date(2024, 4, 1)], "value": [5]}
        )
        assert [5.0] == [Readings.from_frame(frame).resolve(MONTHLY).get("C1", "2024-04")]

    def test_problems_name_rows(self) -> None:
        """A bad value in a frame names its row, counting from 1."""
        frame = pd.DataFrame(
            {"measure": ["A1", "A1"], "period": [Q4.label] * 2, "value": ["abc", 1]}
        )
        golden("frame-problems", str(failure(Readings.from_frame(frame, source="df"))) + "\n")

    def test_bad_header(self) -> None:
        """A table with no measure column is refused at once."""
        with pytest.raises(ReadingsError) as info:
            Readings.from_frame(pd.DataFrame({"id": ["A1"], "value": [1]}))
        assert (None, "<frame>") == (info.value.first.line, info.value.first.source)

    def test_odd_period_cells(self) -> None:
        """A number or a list in a period column is a problem of its row, never a traceback."""
        frame = pd.DataFrame(
            {"measure": ["A1", "A2", "A3"], "period": [2017, ["x"], Q4.label], "value": [1, 2, 3]}
        )
        error = failure(Readings.from_frame(frame))
        assert ["row 1: measure A1, period 2017: `2017` is a calendar year", "row 2"] == [
            d.message[: len("row 1: measure A1, period 2017: `2017` is a calendar year")]
            if n == 0
            else d.message[:5]
            for n, d in enumerate(error.diagnostics)
        ]

    def test_not_a_table(self) -> None:
        """Anything else is a TypeError naming it."""
        with pytest.raises(TypeError, match="not list"):
            Readings.from_frame([{"measure": "A1"}])

    def test_evaluate_takes_a_frame(self) -> None:
        """contract.evaluate takes a DataFrame as it takes Readings."""
        ev = CONTRACT.evaluate(pd.DataFrame(self.LONG), period=Q4)
        assert (26.0, "Inside tolerance") == (ev["A1"].value, ev["A1"].status.label)

    def test_records_are_plain_numbers(self) -> None:
        """to_records: numeric targets, a band's bounds, period dates; astype(float) works."""
        ev = CONTRACT.evaluate(pd.DataFrame(self.LONG), period=Q4)
        frame = pd.DataFrame(ev.to_records())
        assert [22.0, 28.0] == frame.loc[0, ["target", "tolerance"]].astype(float).tolist()
        assert ("2018-01-01", "2018-03-31") == (frame.period_start[0], frame.period_end[0])

    def test_to_pandas(self) -> None:
        """to_pandas gives one row per measure, with dates as dates."""
        frame = CONTRACT.evaluate(pd.DataFrame(self.LONG), period=Q4).to_pandas()
        assert (len(CONTRACT.measures), pd.Timestamp("2018-01-01"), 26.0) == (
            len(frame),
            frame.period_start[0],
            frame.value[0],
        )


# ---------------------------------------------------------------------------
# Round trips: readings written in any supported dialect read back the same


DIALECTS = [
    (",", "utf-8"),
    (",", "utf-8-sig"),
    (",", "cp1252"),
    (";", "utf-8"),
    (";", "cp1252"),
    ("\t", "utf-16"),
]


def _cell(value: float | None, delimiter: str, money: bool) -> str:
    if value is None:
        return ""
    text = f"{abs(value):,.2f}" if money else f"{abs(value):.1f}"
    if delimiter != ",":
        text = text.replace(",", " ").replace(".", ",")
    text = ("£" if money else "") + text
    if value < 0:
        text = f"({text})"
    return text


readings_strategy = st.lists(
    st.tuples(
        st.sampled_from(["P1", "C1", "M1"]),
        st.integers(1, 12),
        st.one_of(st.none(), st.integers(-(10**8), 10**8)),
    ),
    max_size=12,
    unique_by=lambda t: (t[0], t[1]),
)


class TestRoundTrips:
    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        rows=readings_strategy,
        dialect=st.sampled_from(DIALECTS),
        heading=st.sampled_from(["iso", "Apr-24", "April 2024"]),
    )
    def test_long_form(
        self,
        tmp_path: Path,
        rows: list[tuple[str, int, int | None]],
        dialect: tuple[str, str],
        heading: str,
    ) -> None:
        """Long-form readings written in any dialect and encoding read back the same values."""
        delimiter, encoding = dialect
        expected: dict[tuple[str, Period], float] = {}
        lines: list[list[str]] = [["measure", "period", "value"]]
        for measure, month, amount in rows:
            period = Period.parse(f"2024-{month:02d}")
            written = period.starts_on.strftime("%b-%y" if heading == "Apr-24" else "%B %Y")
            value: float | None = None
            if amount is not None:
                value = amount / 100 if measure == "M1" else abs(amount) % 1001 / 10
                if measure == "C1":
                    value = float(abs(amount))
            lines.append(
                [
                    measure,
                    period.label if heading == "iso" else written,
                    _cell(value, delimiter, measure == "M1"),
                ]
            )
            expected[(measure, period)] = math.nan if value is None else value
        path = write_csv(tmp_path / "r.csv", lines, delimiter=delimiter, encoding=encoding)
        resolved = Readings.from_csv(path).resolve(MONTHLY)
        got = {(m, p): v for (_, m, p), v in resolved.values.items()}
        assert expected.keys() == got.keys()
        for key, value in expected.items():
            assert value == pytest.approx(got[key], nan_ok=True)

    @settings(max_examples=30, deadline=None)
    @given(
        numbers=st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=1, max_size=6),
        library=st.sampled_from(["pandas", "polars", "pyarrow", "xlsx"]),
    )
    def test_tables(self, numbers: list[int | None], library: str) -> None:
        """Wide readings from any table library (or a workbook) read back the same values."""
        headings = [f"2024-{n + 1:02d}" for n in range(len(numbers))]
        data: dict[str, list[object]] = {"measure": ["C1"]}
        data |= {
            h: [None if n is None else float(n)] for h, n in zip(headings, numbers, strict=True)
        }
        if library == "xlsx":
            path = Path(os.environ.get("TMPDIR", "/tmp")) / f"round-trip-{os.getpid()}.xlsx"
            workbook(path, [list(data), [row[0] for row in data.values()]])
            readings = Readings.from_excel(path)
            path.unlink()
        else:
            make = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table}[library]
            readings = Readings.from_frame(make(data))
        resolved = readings.resolve(MONTHLY)
        got = [resolved.get("C1", h) for h in headings]
        assert [math.nan if n is None else float(n) for n in numbers] == pytest.approx(
            got, nan_ok=True
        )


class TestOneLineEach:
    """Files with a record to a line are read by a quicker path that must agree with the other."""

    CELLS = st.sampled_from(
        ["26", "1,789", "0,500", "abc", "", "c", "(12)", "#N/A", "26%", "£1m", ' "x" ', "1e-05"]
    )

    @settings(max_examples=80, deadline=None)
    @given(
        rows=st.lists(
            st.tuples(
                st.sampled_from(["A1", "B8", "A10", ""]),
                st.sampled_from(["2017/18 Q4", "Q3 2017/18", "2017/18 Q9", ""]),
                CELLS,
                st.sampled_from(["", "a note", "789"]),
                st.integers(0, 2),
            ),
            max_size=8,
        ),
        delimiter=st.sampled_from([",", ";"]),
    )
    def test_quick_path_agrees(
        self, rows: list[tuple[str, str, str, str, int]], delimiter: str
    ) -> None:
        """The same rows and the same messages, read either way."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(["measure", "period", "value", "note"])
        for measure, period, value, note, shape in rows:
            cells = [measure, period, value, note][: 4 - shape]  # some rows leave cells out
            out.write("# a comment\n" if shape == 2 else "")
            writer.writerow(cells)
        text = out.getvalue()

        def read(quick: bool) -> tuple[tuple[pc.Reading, ...], str]:
            with pytest.MonkeyPatch.context() as patch:
                if not quick:
                    from perfcontract import readings as module

                    def refuse(*args: object) -> None:
                        raise module._NotOneLineEachError

                    patch.setattr(module, "_read_lines", refuse)
                readings = Readings.from_csv_text(text, source="r.csv")
            try:
                readings.resolve(CONTRACT)
                said = ""
            except ReadingsError as error:
                said = str(error)
            return readings.rows, said

        assert read(quick=False) == read(quick=True)

    def test_a_quoted_line_break_reads_line_by_line(self) -> None:
        """A record over two lines keeps the line numbers of the rows after it."""
        text = 'measure,period,value,note\nA1,2017/18 Q4,26,"two\nlines"\nB8,2017/18 Q4,abc,\n'
        readings = Readings.from_csv_text(text)
        assert [2, 4] == [r.line for r in readings]

    def test_rows_with_their_cells_take_the_quick_path(self) -> None:
        """Rows with the header's cells are read without the row-by-row reader."""
        from perfcontract import readings as module

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(module, "_row", None)  # would fail if called
            readings = Readings.from_csv_text(LONG_TEXT)
        assert [26.0, 1789.0] == [r.value for r in readings]


LONG_TEXT = 'measure,period,value\n# comment\nA1,2017/18 Q4,26\n\nE1,2017/18 Q4,"1,789"\n'


class TestNarrowFloats:
    """Single-precision columns are read as the decimals they show, not their binary
    expansion: a float32 95.1 is 95.1, so a target of 95.1% is met."""

    @staticmethod
    def frames(values: list[float]) -> dict[str, object]:
        import numpy as np

        common = {"measure": ["B8"] * len(values), "period": ["2017/18 Q4"] * len(values)}
        return {
            "pandas": pd.DataFrame({**common, "value": np.array(values, dtype="float32")}),
            "pandas Float32": pd.DataFrame({**common, "value": pd.array(values, dtype="Float32")}),
            "polars": pl.DataFrame({**common, "value": pl.Series(values, dtype=pl.Float32)}),
            "pyarrow": pa.table({**common, "value": pa.array(values, type=pa.float32())}),
            "pyarrow half": pa.table({**common, "value": pa.array(np.array(values, "float16"))}),
        }

    @pytest.mark.parametrize("library", ["pandas", "pandas Float32", "polars", "pyarrow"])
    def test_shortest_decimal(self, library: str) -> None:
        frame = self.frames([95.1, 89.3, 0.1])[library]
        assert [95.1, 89.3, 0.1] == [row.value for row in pc.Readings.from_frame(frame)]

    def test_half_precision(self) -> None:
        frame = self.frames([95.1])["pyarrow half"]
        assert [95.1] == [row.value for row in pc.Readings.from_frame(frame)]

    def test_double_precision_as_it_is(self) -> None:
        frame = pd.DataFrame({"measure": ["B8"], "period": ["2017/18 Q4"], "value": [95.1]})
        assert [95.1] == [row.value for row in pc.Readings.from_frame(frame)]
