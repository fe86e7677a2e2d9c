"""Readings are rated as written, or refused: binary floating point never changes an answer.

A reading whose float is not the number written (``84.49999999999999999`` is read as the
float 84.5) is refused on every path, naming the file, line, measure, period and value;
the shortest decimal of a float (``0.30000000000000004``, as pandas writes it) is kept.
A ratio measure's value that no reading could be (a percentage above 100 or below 0, a
negative rate) is refused too, naming its numerator's and denominator's values.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.cli import main
from perfcontract.readings import Readings

A2 = pc.loads(
    'contract "Exact" { group "g" { measure A2 "Timeliness" { unit percent  higher is better'
    "  target 90%  tolerance 85%  rounded to 0 dp } } }"
)
Q1 = "2024/25 Q1"
TOO_LONG = "has more digits than a reading can be rated exactly with"


def refused(readings: Readings, contract: pc.Contract = A2) -> pc.ReadingsError:
    with pytest.raises(pc.ReadingsError) as caught:
        readings.resolve(contract)
    return caught.value


def label(value: object) -> str:
    status = A2.evaluate({"A2": value}, period=Q1)["A2"].status
    assert status is not None
    return status.label


class TestTooManyDigits:
    def test_the_trial_row(self) -> None:
        """The user's row is refused at its cell, with the float it would be and a fix."""
        text = "measure,period,value\nA2,2024/25 Q1,84.49999999999999999\n"
        error = refused(Readings.from_csv_text(text, source="q1.csv"))
        first = error.first
        assert ("q1.csv", 2, 15, 20) == (first.source, first.line, first.column, first.length)
        assert (
            "measure A2, period 2024/25 Q1: `84.49999999999999999` has more digits than a"
            " reading can be rated exactly with: it would be rated as 84.5"
        ) == first.message
        assert "round it to at most 15 significant digits (84.5), as a spreadsheet shows it" == (
            first.hint
        )

    @pytest.mark.parametrize(
        "value", ["84.49999999999999999", Decimal("84.49999999999999999")], ids=["str", "decimal"]
    )
    def test_rate_refuses_it_too(self, value: object) -> None:
        """``Measure.rate`` reads one reading as evaluate does: refused alike, while 15
        digits are rated as written (84.4999999999999 rounds to 84)."""
        with pytest.raises(pc.ReadingsError, match=TOO_LONG):
            A2["A2"].rate(value, period=Q1)
        assert "Outside tolerance" == A2["A2"].rate("84.4999999999999", period=Q1).label

    @pytest.mark.parametrize(
        "value",
        [
            "84.49999999999999999",
            "89.99999999999999999",  # would be 90.0: on target, though below it
            Decimal("84.49999999999999999"),
            Decimal("89.99999999999999999"),
            "84.49999999999999999%",
            "1.0000000000000000001e1",
            " 84.49999999999999999 ",
        ],
    )
    def test_mapping_and_decimal(self, value: object) -> None:
        """Strings and Decimals given to evaluate are refused alike."""
        with pytest.raises(pc.ReadingsError, match=TOO_LONG) as caught:
            A2.evaluate({"A2": value}, period=Q1)
        assert "measure A2, period 2024/25 Q1: " in caught.value.first.message
        assert "<mapping>" == caught.value.first.source

    def test_wide_form(self) -> None:
        """A wide row's cell is refused at that cell; its other cells are kept."""
        text = "measure,2024/25 Q1,2024/25 Q2\nA2,86,89.99999999999999999\n"
        first = refused(Readings.from_csv_text(text, source="w.csv")).first
        assert (2, 7) == (first.line, first.column)
        assert first.message.startswith("measure A2, period 2024/25 Q2: `89.99999999999999999`")

    @pytest.mark.parametrize(
        ("cell", "shown"),
        [
            ("84,49999999999999999", "84.5"),
            ("84,49999999999999999 %", "84.5"),
            ("(1.234,49999999999999999)", "-1234.5"),  # not a percentage: refused first
        ],
    )
    def test_decimal_commas_and_brackets(self, cell: str, shown: str) -> None:
        """A decimal comma, a spaced % and accounting brackets are read exactly too."""
        text = f"measure;period;value\nA2;2024/25 Q1;{cell}\n"
        first = refused(Readings.from_csv_text(text, source="s.csv")).first
        assert f"it would be rated as {shown}" in first.message

    def test_records(self) -> None:
        """Records name their place."""
        records = [{"measure": "A2", "period": Q1, "value": "89.99999999999999999"}]
        first = refused(Readings.from_records(records, source="api")).first
        assert ("api", 1) == (first.source, first.line)
        assert TOO_LONG in first.message

    @pytest.mark.parametrize(
        "value", ["84.49999999999999999", Decimal("84.49999999999999999")], ids=["str", "decimal"]
    )
    def test_frame(self, value: object) -> None:
        """A DataFrame's text or Decimal cell is refused, naming its row."""
        frame = pd.DataFrame({"measure": ["A2", "A2"], "period": [Q1, "2024/25 Q2"]})
        frame["value"] = pd.Series([86.0, value], dtype=object)
        error = refused(Readings.from_frame(frame, source="df"))
        assert 1 == len(error.diagnostics)
        assert error.first.message.startswith("row 2: measure A2, period 2024/25 Q2: ")
        assert TOO_LONG in error.first.message
        with pytest.raises(pc.ReadingsError, match=TOO_LONG):
            A2.evaluate(frame, period=Q1)

    def test_excel_text_cell(self, tmp_path: Path) -> None:
        """A workbook cell holding the number as text is refused at that cell; a number
        cell is what the spreadsheet shows (15 digits), and is kept."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Q"
        for row in (["measure", "period", "value"], ["A2", Q1, 84.49999999999999]):
            sheet.append(row)
        sheet.append(["A2", "2024/25 Q2", "84.49999999999999999"])
        path = tmp_path / "r.xlsx"
        book.save(path)
        error = refused(Readings.from_excel(path))
        assert 1 == len(error.diagnostics)
        assert f"{path}:Q!C3" == error.first.source
        assert TOO_LONG in error.first.message

    def test_every_problem_at_once(self) -> None:
        """All such cells are reported together, with the other problems, in row order."""
        text = (
            "measure,period,value\n"
            "A2,2024/25 Q1,84.49999999999999999\n"
            "A2,2024/25 Q2,abc\n"
            "A2,2024/25 Q3,89.99999999999999999\n"
        )
        error = refused(Readings.from_csv_text(text, source="r.csv"))
        assert [2, 3, 4] == [d.line for d in error.diagnostics]
        assert [True, False, True] == [TOO_LONG in d.message for d in error.diagnostics]

    def test_bounded_on_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Many such cells print a bounded message, as other readings problems do."""
        (tmp_path / "a.contract").write_text(
            'contract "Exact" { reporting monthly group "g" { measure A2 "T" { unit percent'
            " higher is better target 90% } } }",
            encoding="utf-8",
        )
        rows = "".join(f"A2,2024-{m:02d},84.49999999999999999\n" for m in range(4, 13))
        (tmp_path / "r.csv").write_text("measure,period,value\n" + rows, encoding="utf-8")
        status = main(
            [
                "evaluate",
                str(tmp_path / "a.contract"),
                str(tmp_path / "r.csv"),
                "--max-errors",
                "3",
            ]
        )
        err = capsys.readouterr().err
        assert 0 != status
        assert (3, True) == (err.count(TOO_LONG), "… and 6 more problems (9 in all)" in err)

    def test_too_close_to_nought(self) -> None:
        """A number the floats cannot hold but as 0 is refused as such."""
        with pytest.raises(pc.ReadingsError, match=r"`1e-400` is too close to 0 to be rated"):
            A2.evaluate({"A2": "1e-400"}, period=Q1)

    def test_out_of_range_says_so_first(self) -> None:
        """A number beyond any reading keeps its own message."""
        with pytest.raises(pc.ReadingsError, match="is out of range"):
            A2.evaluate({"A2": "1234567890123456789"}, period=Q1)


class TestKept:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("84.4999999999999", "Outside tolerance"),  # 15 digits: exact, rounds to 84
            ("84.500000000000000000000", "Inside tolerance"),  # 84.5 with zeros: exact
            ("0.30000000000000004", "Outside tolerance"),  # a float's shortest decimal
            ("84.49999999999999", "Outside tolerance"),  # a float's 16 digits: rounds to 84
            (84.49999999999999999, "Inside tolerance"),  # a float is its own decimal: 84.5
            (Decimal("84.50"), "Inside tolerance"),
            ("5e-324", "Outside tolerance"),  # the least float, as repr writes it
        ],
    )
    def test_exact_values_are_rated(self, value: object, expected: str) -> None:
        """A value that is its float's shortest decimal is rated, as written."""
        assert expected == label(value)

    @settings(max_examples=200, deadline=None)
    @given(st.floats(min_value=-100, max_value=100, allow_nan=False))
    def test_every_float_repr_is_kept(self, value: float) -> None:
        """Every float's repr (what pandas and Python write) is read back as that float."""
        resolved = Readings.from_mapping({"A2": repr(abs(value))}, Q1).resolve(A2)
        assert abs(value) == resolved.get("A2", Q1)

    @settings(max_examples=200, deadline=None)
    @given(
        st.integers(min_value=0, max_value=10**20 - 1),
        st.integers(min_value=0, max_value=20),
    )
    def test_refused_exactly_when_the_float_differs(self, digits: int, places: int) -> None:
        """A value is kept exactly when it equals its float's shortest decimal, and then it
        is rated as ``rate`` rates the string; otherwise it is refused."""
        exact = Decimal(digits).scaleb(-places)
        if exact > 100:
            return
        text = f"{exact:f}"
        safe = Decimal(repr(float(exact))) == exact
        if safe:
            assert A2["A2"].rate(text, period=Q1).label == label(text)
        else:
            assert len(exact.as_tuple().digits) > 15
            with pytest.raises(pc.ReadingsError, match=TOO_LONG):
                label(text)


# ---------------------------------------------------------------------------
# Ratio measures

RATIOS = pc.loads(
    """contract "Ratios" {
    reporting monthly
    group "g" {
        measure W2 "Recycled" {
            unit percent  higher is better  numerator W2N  denominator W2D  target 45%
        }
        measure Y1 "Share of a year's quota" {
            unit percent  higher is better  numerator W2N  denominator 1,000
            window year to date  target 50%
        }
        measure R1 "Per 1,000" {
            unit rate per 1000  lower is better  numerator M  denominator W2D  target 5
        }
        measure P1 "Share, numbers" {
            unit percent  higher is better  numerator M  denominator W2D  target 5%
        }
        volumetric W2N "Tonnes recycled" { unit tonnes }
        volumetric W2D "Tonnes collected" { unit tonnes }
        volumetric M "Net change" { unit number }
    }
}"""
)


def csv_of(*rows: str) -> Readings:
    return Readings.from_csv_text(
        "measure,period,value\n" + "".join(r + "\n" for r in rows), "w.csv"
    )


def ratio_error(readings: Readings, period: str) -> pc.ReadingsError:
    with pytest.raises(pc.ReadingsError) as caught:
        RATIOS.evaluate(readings, period=period)
    return caught.value


class TestRatioRange:
    @pytest.mark.parametrize(
        ("top", "bottom"), [("100", "100"), ("0", "100"), ("99.9999999", "100"), ("0", "0")]
    )
    def test_up_to_100_is_rated(self, top: str, bottom: str) -> None:
        """100% exactly is a percentage; a zero denominator is No data, not an error."""
        result = RATIOS.evaluate(csv_of(f"W2N,2024-04,{top}", f"W2D,2024-04,{bottom}"), "2024-04")
        value = result["W2"].value
        expected = math.nan if bottom == "0" else float(Decimal(top))
        assert (math.isnan(expected) and math.isnan(value)) or expected == value

    def test_above_100_is_refused(self) -> None:
        """The trial's 120 tonnes recycled of 100 collected is an error at the numerator's
        cell, naming the measure, the period and both values, and the denominator's line."""
        error = ratio_error(csv_of("W2N,2024-04,120", "W2D,2024-04,100"), "2024-04")
        first = error.first
        assert ("w.csv", 2, 13) == (first.source, first.line, first.column)
        assert (
            "measure W2, period 2024-04: W2 is W2N over W2D as a percentage: 120 over 100 is"
            " 120%, more than 100, but W2 is a percentage"
        ) == first.message
        assert (
            "check the readings of W2N and W2D: a part cannot be more than its whole"
            " (the reading of W2D is on line 3)"
        ) == first.hint

    def test_a_hair_above_100_is_refused(self) -> None:
        """100.0000001% is more than 100."""
        error = ratio_error(csv_of("W2N,2024-04,100.0000001", "W2D,2024-04,100"), "2024-04")
        assert "is 100.0000001%, more than 100" in error.first.message

    def test_negative_component(self) -> None:
        """A numerator that may be negative (a number: a variance, a net change) makes a
        negative percentage or rate that is the contract's arithmetic, not a reading out of
        place: rated as it is, not refused."""
        evaluation = RATIOS.evaluate(csv_of("M,2024-04,-3", "W2D,2024-04,50"), period="2024-04")
        assert (-60.0, -6.0) == (evaluation["R1"].value, evaluation["P1"].value)

    def test_every_period_at_once(self) -> None:
        """Every such period is reported, in any period of the readings, with the
        readings' other problems."""
        readings = csv_of(
            "W2N,2024-04,120",
            "W2D,2024-04,100",
            "W2N,2024-05,abc",
            "W2N,2024-06,70",
            "W2D,2024-06,60",
        )
        error = ratio_error(readings, "2024-04")
        assert [2, 4, 5] == [d.line for d in error.diagnostics]

    def test_with_authorities(self) -> None:
        """An authority's reading is named with its authority."""
        readings = Readings.from_csv_text(
            "authority,measure,period,value\nX,W2N,2024-04,60\nX,W2D,2024-04,50\n", "a.csv"
        )
        error = ratio_error(readings, "2024-04")
        assert error.first.message.startswith("authority X, measure W2, period 2024-04: ")

    def test_year_to_date_window(self) -> None:
        """A percentage over a number is the contract's arithmetic, not a part of a whole:
        its window's value is rated as it is, above 100% or not (SPEC's "a number
        denominator is the same for every period")."""
        readings = csv_of(*(f"W2N,2024-{m:02d},300" for m in (4, 5, 6, 7)))
        assert 90.0 == RATIOS.evaluate(readings, period="2024-06")["Y1"].value
        assert 120.0 == RATIOS.evaluate(readings, period="2024-07")["Y1"].value

    def test_quarter_against_its_months(self) -> None:
        """A quarter's own numerator over the sum of the denominator's months."""
        readings = csv_of(
            "W2N,2024/25 Q1,150", *(f"W2D,2024-{m:02d},{v}" for m, v in ((4, 50), (5, 50), (6, 30)))
        )
        error = ratio_error(readings, "2024/25 Q1")
        assert (
            "measure W2, period 2024/25 Q1: W2 is W2N over W2D as a percentage: 150 over 130 is"
            " 115.38461538461539%, more than 100, but W2 is a percentage"
        ) == error.first.message
        assert error.first.hint is not None
        assert error.first.hint.endswith("(W2N on line 2; W2D on lines 3, 4 and 5)")

    @settings(max_examples=100, deadline=None)
    @given(
        st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False),  # Y1: of 1,000
        st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
    )
    def test_refused_exactly_when_the_part_is_more_than_the_whole(
        self, top: Decimal, bottom: Decimal
    ) -> None:
        """Tonnes recycled of tonnes collected are refused exactly when more were recycled
        than collected; otherwise rated as their exact quotient."""
        readings = csv_of(f"W2N,2024-04,{top}", f"W2D,2024-04,{bottom}")
        if bottom and top > bottom:
            with pytest.raises(pc.ReadingsError, match="more than 100, but W2 is a percentage"):
                RATIOS.evaluate(readings, period="2024-04")
        else:
            value = RATIOS.evaluate(readings, period="2024-04")["W2"].value
            expected = float(top * 100 / bottom) if bottom else math.nan
            assert (math.isnan(expected) and math.isnan(value)) or expected == value


@pytest.mark.parametrize(
    ("value", "read"),
    [
        (np.float32(0.1), 0.1),
        (np.float16(26.5), 26.5),
        (np.float32(1.2345678), 1.2345678),
        (np.float64(0.1), 0.1),
    ],
)
def test_a_narrow_float_reads_as_it_prints(value: object, read: float) -> None:
    """A float32 reads as the decimal it prints as, as a float64 does (np.float32(0.1) held
    0.10000000149011612 and was rated so, while its text said 0.1)."""
    contract = pc.load("examples/dcst-2017-18.contract")
    resolved = pc.Readings.from_mapping({"FO3": value}, "2017/18 Q4").resolve(contract)
    assert [read] == list(resolved.values.values())


def test_a_narrow_nan_is_missing() -> None:
    contract = pc.load("examples/dcst-2017-18.contract")
    resolved = pc.Readings.from_mapping({"FO3": np.float32("nan")}, "2017/18 Q4").resolve(contract)
    assert [True] == [math.isnan(v) for v in resolved.values.values()]
