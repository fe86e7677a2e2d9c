"""Tests for perfcontract.evaluation: evaluating a contract for a period.

Small contracts are built with ``pc.loads`` and readings with
``Readings.from_csv_text``, so each test shows all it depends on. The example
contract's Quarter 4 2017/18 renderings are pinned as golden files in
``tests/golden/evaluate/``. To rewrite them after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_evaluation.py

and read every changed file (``git diff tests/golden/evaluate``) before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import json
import math
import os
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract import engine
from perfcontract.evaluation import (
    BenchmarkComparison,
    Evaluation,
    evaluate,
    value_for,
)
from perfcontract.readings import Readings, ResolvedReadings

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "evaluate"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
EXAMPLE = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
EXAMPLE_READINGS = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
FM = pc.load(ROOT / "examples" / "fm-2024-25.contract")  # a contract with a payment block

OUT, IN, ON, NONE, NO_DATA = (
    pc.Status.OUTSIDE_TOLERANCE,
    pc.Status.WITHIN_TOLERANCE,
    pc.Status.ON_TARGET,
    pc.Status.NO_TARGET,
    pc.Status.NO_DATA,
)
D = pc.Direction

# One measure of each polarity, and one volumetric.
SMALL = pc.loads(
    """contract "Small" {
    group "Rated" {
        measure HI "Higher is better" {
            unit percent
            higher is better
            target 90%
            tolerance 80%
        }
        measure LO "Lower is better" {
            unit percent
            lower is better
            target 10%
            tolerance 20%
        }
        measure BD "In a band" {
            unit percent
            target between 5% and 10%
            tolerance between 3% and 12%
        }
        measure NT "No target" {
            unit number
            no target
        }
    }
    group "Context" {
        volumetric V "Contacts" {
            unit count
        }
    }
}
"""
)

# One measure for each way of rolling up, and the defaults by unit.
AGGREGATES = pc.loads(
    """contract "Aggregates" {
    group "Roll-ups" {
        measure MEAN "Mean" { unit number no target aggregate mean }
        measure SUM "Sum" { unit number no target aggregate sum }
        measure LAST "Last" { unit number no target aggregate last }
        measure MIN "Min" { unit number no target aggregate min }
        measure MAX "Max" { unit number no target aggregate max }
        measure PCT "Percent, mean by default" { unit percent higher is better target 90% }
        measure CNT "Count, sum by default" { unit count higher is better target 100 }
    }
}
"""
)

# Terms that change: from a year, from a month, and a target set later; reported
# monthly, so that a month is a period they are due in.
DATED = pc.loads(
    """contract "Dated" {
    reporting monthly
    group "Dated" {
        measure B8 "Target raised from 2018/19" {
            unit percent
            higher is better
            target 90%
            tolerance 80%
            target 92% from 2018/19
        }
        measure B10 "Tolerance tightened from July 2018" {
            unit percent
            lower is better
            target 10%
            tolerance 12%
            tolerance 11% from 2018-07
        }
        measure FS1 "Target set for 2018/19" {
            unit percent
            higher is better
            no target
            target 75% from 2018/19
            tolerance 70% from 2018/19
        }
    }
}
"""
)

BENCHMARKED = pc.loads(
    """contract "Benchmarked" {
    group "Benchmarked" {
        measure HB "Higher is better" {
            unit percent
            higher is better
            target 90%
            benchmark national 80%, regional 85% for 2017
            benchmark national 82% for 2018 from 2018/19
        }
        measure LB "Lower is better" {
            unit percent
            lower is better
            target 10%
            benchmark national 12%
        }
        measure BB "In a band" {
            unit percent
            target between 5% and 10%
            benchmark national 7%
        }
        volumetric VB "Children in need per 10,000" {
            unit rate per 10000
            benchmark national 330
        }
    }
}
"""
)

Q3, Q4 = pc.Period.parse("2017/18 Q3"), pc.Period.parse("2017/18 Q4")
YEAR = pc.Period.parse("2017/18")


def csv_readings(rows: str) -> Readings:
    """Long-form readings from ``measure,period,value`` lines (the header is added)."""
    return Readings.from_csv_text("measure,period,value\n" + rows, source="test.csv")


def quarters(measure: str, q3: object, q4: object) -> Readings:
    """Readings of one measure for 2017/18 Q3 and Q4 (None: no row)."""
    rows = [f"{measure},{p},{v}\n" for p, v in (("2017/18 Q3", q3), ("2017/18 Q4", q4))]
    return csv_readings(
        "".join(row for row, v in zip(rows, (q3, q4), strict=True) if v is not None)
    )


def check_golden(name: str, text: str) -> None:
    """``text`` (with a final newline added if it has none) is the golden file ``name``."""
    if not text.endswith("\n"):
        text += "\n"
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.is_file(), f"no golden {name}; run with PERFCONTRACT_UPDATE_GOLDEN=1"
    assert path.read_bytes().decode("utf-8") == text


def ids(results: tuple[pc.MeasureResult, ...]) -> list[str]:
    return [r.measure.id for r in results]


class TestEvaluateInput:
    """What evaluate accepts, and the shape of what it gives back."""

    def test_mapping(self) -> None:
        """A mapping of id to value is the readings for the period asked for."""
        ev = SMALL.evaluate({"HI": 85, "LO": 25}, period="2017/18 Q4")
        assert (85.0, IN, 25.0, OUT) == (
            ev["HI"].value,
            ev["HI"].status,
            ev["LO"].value,
            ev["LO"].status,
        )

    def test_mapping_with_period_object(self) -> None:
        """The period may be a Period as well as text."""
        assert ON == SMALL.evaluate({"HI": 95}, period=Q4)["HI"].status

    def test_mapping_strings_and_missing(self) -> None:
        """Strings are read as CSV cells are; None and markers are missing values."""
        ev = SMALL.evaluate({"HI": "85%", "LO": None, "BD": "c"}, period="2017/18 Q4")
        assert (IN, NO_DATA, NO_DATA) == (ev["HI"].status, ev["LO"].status, ev["BD"].status)

    def test_readings(self) -> None:
        """Readings are checked against the contract and used for the period asked for."""
        ev = SMALL.evaluate(csv_readings("HI,2017/18 Q3,95\nHI,2017/18 Q4,75\n"), period=Q4)
        assert (75.0, OUT, 95.0, ON) == (
            ev["HI"].value,
            ev["HI"].status,
            ev["HI"].previous_value,
            ev["HI"].previous_status,
        )

    def test_resolved_readings(self) -> None:
        """Readings already resolved against the contract are used as they are."""
        resolved = csv_readings("HI,2017/18 Q4,85\n").resolve(SMALL)
        assert isinstance(resolved, ResolvedReadings)
        assert IN == SMALL.evaluate(resolved, period="2017/18 Q4")["HI"].status

    def test_function_and_method_agree(self) -> None:
        """evaluate(contract, …) is contract.evaluate(…)."""
        readings = {"HI": 85, "LO": 5, "V": 12}
        by_function = evaluate(SMALL, readings, "2017/18 Q4").to_records()
        assert by_function == SMALL.evaluate(readings, period="2017/18 Q4").to_records()

    def test_every_measure_in_contract_order(self) -> None:
        """There is one result per measure, volumetric included, in contract order."""
        ev = SMALL.evaluate({}, period="2017/18 Q4")
        assert (["HI", "LO", "BD", "NT", "V"], 5) == ([r.id for r in ev], len(ev))

    def test_contractual_and_volumetric(self) -> None:
        """contractual and volumetric split the results by kind."""
        ev = SMALL.evaluate({}, period="2017/18 Q4")
        assert (["HI", "LO", "BD", "NT"], ["V"]) == (ids(ev.contractual), ids(ev.volumetric))

    def test_period_and_repr(self) -> None:
        """The evaluation knows its contract and period, and says so."""
        ev = SMALL.evaluate({}, period="2017/18 Q4")
        assert (Q4, "<Evaluation of 'Small' for 2017/18 Q4>") == (ev.period, repr(ev))

    def test_unknown_id_is_key_error(self) -> None:
        """Asking for a measure the contract lacks is a KeyError naming it."""
        ev = SMALL.evaluate({}, period="2017/18 Q4")
        with pytest.raises(KeyError) as info:
            ev["XX"]
        assert "no measure `XX` in contract `Small`" == info.value.args[0]

    def test_names_quoted_in_backticks_as_written(self) -> None:
        """A name holding quotes is quoted in backticks, its quotes as written, on one line."""
        name = 'O\'Brien \\"Ltd\\"   care'  # quotes, and spaces that are one space in a message
        text = f'contract "{name}" {{ group "G" {{ volumetric V "v" {{ unit count }} }} }}'
        ev = pc.loads(text).evaluate({}, period="2017/18 Q4")
        with pytest.raises(KeyError) as info:
            ev["it's"]
        assert """no measure `it's` in contract `O'Brien "Ltd" care`""" == info.value.args[0]

    def test_readings_of_another_contract(self) -> None:
        """Readings resolved against another contract are refused, both contracts named."""
        resolved = Readings.from_csv_text("measure,period,value\n").resolve(EXAMPLE)
        with pytest.raises(pc.ReadingsError) as info:
            SMALL.evaluate(resolved, period="2017/18 Q4")
        assert (
            "these readings were checked against the contract `DCST service delivery contract`,"
            " not `Small`"
        ) == info.value.first.message

    def test_missing_reading_is_no_data(self) -> None:
        """A measure with no reading is No data, never a pass."""
        result = SMALL.evaluate({}, period="2017/18 Q4")["HI"]
        assert (NO_DATA, True) == (result.status, math.isnan(result.value))

    def test_no_target_whatever_the_reading(self) -> None:
        """A measure with no target is No target specified, with a reading or without."""
        with_reading = SMALL.evaluate({"NT": 3}, period="2017/18 Q4")["NT"].status
        without = SMALL.evaluate({}, period="2017/18 Q4")["NT"].status
        assert (NONE, NONE) == (with_reading, without)

    def test_volumetric_has_no_status(self) -> None:
        """A volumetric measure has a value but no status."""
        result = SMALL.evaluate({"V": 1789}, period="2017/18 Q4")["V"]
        assert (1789.0, None, None) == (result.value, result.status, result.previous_status)

    def test_bad_mapping_value(self) -> None:
        """A value that is not a number is a ReadingsError naming the measure."""
        with pytest.raises(pc.ReadingsError, match="measure HI, period 2017/18 Q4"):
            SMALL.evaluate({"HI": "abc"}, period="2017/18 Q4")

    def test_unknown_measure_in_mapping(self) -> None:
        """An id the contract lacks is a ReadingsError, not silently dropped."""
        with pytest.raises(pc.ReadingsError, match="the contract has no measure XX"):
            SMALL.evaluate({"XX": 1}, period="2017/18 Q4")

    def test_no_period(self) -> None:
        """Without a period, the TypeError says what to give: it read as if both were given."""
        with pytest.raises(TypeError) as caught:
            SMALL.evaluate({"HI": 85})  # type: ignore[call-overload]
        assert (
            "evaluate needs the period to rate: period='2017/18 Q4', say"
            " (or periods=[...] for several)"
        ) == str(caught.value)

    @pytest.mark.parametrize("one", ["2017/18 Q4", Q4])
    def test_periods_is_a_list(self, one: str | pc.Period) -> None:
        """One period given as periods is a TypeError: a string was read letter by letter."""
        with pytest.raises(TypeError) as caught:
            SMALL.evaluate({}, periods=one)  # type: ignore[call-overload]
        assert (
            "periods is a list of periods, not one: periods=['2017/18 Q4'], or period='2017/18 Q4'"
        ) == str(caught.value)

        """A period and periods both is a TypeError."""
        with pytest.raises(TypeError) as caught:
            SMALL.evaluate({}, period=Q4, periods=[Q4])  # type: ignore[call-overload]
        assert "evaluate takes a period or periods=[...], not both" == str(caught.value)

    @pytest.mark.parametrize("name", ["q4.csv", Path("q4.csv")])
    def test_file_name_is_not_readings(self, name: str | Path) -> None:
        """A file's name is refused with how to read the file, for evaluate and payment."""
        message = (
            "readings are pc.Readings, not the name of a file: read 'q4.csv' with"
            " pc.Readings.from_csv (or from_excel) and pass what it gives"
        )
        for call in (
            lambda: SMALL.evaluate(name, period="2017/18 Q4"),
            lambda: SMALL.evaluate(name, periods=["2017/18 Q4"]),
            lambda: FM.payment(name, period="2024-05"),
        ):
            with pytest.raises(TypeError) as caught:
                call()
            assert message == str(caught.value)

    @pytest.mark.parametrize(
        ("readings", "kind"),
        [([("HI", "2017/18 Q4", 85)], "list"), (85, "int"), (None, "NoneType")],
    )
    def test_other_types_are_named(self, readings: object, kind: str) -> None:
        """Anything else is refused with what readings can be, not as a table that is not one."""
        with pytest.raises(TypeError) as caught:
            SMALL.evaluate(readings, period="2017/18 Q4")
        assert (
            "readings are pc.Readings, a mapping of measure id to value, or a pandas, polars"
            f" or pyarrow table, not {kind}"
        ) == str(caught.value)

    def test_bad_period(self) -> None:
        """A period that is not one is a PeriodError, a ContractError."""
        with pytest.raises(pc.PeriodError, match="2017/19"):
            SMALL.evaluate({}, period="2017/19")

    def test_rounding_before_rating(self) -> None:
        """A measure rounded to 0 dp rates 89.5 as 90, on target (the example's A2)."""
        assert ON == EXAMPLE.evaluate({"A2": 89.5}, period="2017/18 Q4")["A2"].status


class TestRollUp:
    """value_for and evaluate: months to quarters and quarters to years by each aggregate."""

    MONTHS = "{m},2018-01,30\n{m},2018-02,10\n{m},2018-03,20\n"

    @pytest.mark.parametrize(
        ("measure", "expected"),
        [("MEAN", 20.0), ("SUM", 60.0), ("LAST", 20.0), ("MIN", 10.0), ("MAX", 30.0)],
    )
    def test_months_to_quarter(self, measure: str, expected: float) -> None:
        """A quarter is its three months rolled up by the measure's aggregate."""
        resolved = csv_readings(self.MONTHS.format(m=measure)).resolve(AGGREGATES)
        assert expected == value_for(resolved, AGGREGATES[measure], Q4)

    @pytest.mark.parametrize(
        ("measure", "expected"),
        [("MEAN", 25.0), ("SUM", 100.0), ("LAST", 40.0), ("MIN", 10.0), ("MAX", 40.0)],
    )
    def test_quarters_to_year(self, measure: str, expected: float) -> None:
        """A year is its four quarters rolled up by the measure's aggregate."""
        rows = "".join(
            f"{measure},2017/18 Q{q},{v}\n"
            for q, v in zip((1, 2, 3, 4), (20, 30, 10, 40), strict=True)
        )
        resolved = csv_readings(rows).resolve(AGGREGATES)
        assert expected == value_for(resolved, AGGREGATES[measure], YEAR)

    @pytest.mark.parametrize(("measure", "expected"), [("SUM", 78.0), ("MEAN", 6.5)])
    def test_months_to_year(self, measure: str, expected: float) -> None:
        """A year with only monthly readings is built through its quarters."""
        rows = "".join(
            f"{measure},{(2017 if m >= 4 else 2018):04d}-{m:02d},{n}\n"
            for n, m in enumerate((4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3), start=1)
        )
        resolved = csv_readings(rows).resolve(AGGREGATES)
        assert expected == value_for(resolved, AGGREGATES[measure], YEAR)

    def test_quarters_and_months_mixed(self) -> None:
        """Quarters given as such and a quarter given by its months make one year."""
        rows = "SUM,2017/18 Q1,1\nSUM,2017/18 Q2,2\nSUM,2017/18 Q3,3\n" + self.MONTHS.format(
            m="SUM"
        )
        resolved = csv_readings(rows).resolve(AGGREGATES)
        assert 66.0 == value_for(resolved, AGGREGATES["SUM"], YEAR)

    @pytest.mark.parametrize(("measure", "expected"), [("PCT", 20.0), ("CNT", 60.0)])
    def test_default_aggregate_by_unit(self, measure: str, expected: float) -> None:
        """With no aggregate, percentages roll up by mean and counts by sum."""
        resolved = csv_readings(self.MONTHS.format(m=measure)).resolve(AGGREGATES)
        assert expected == value_for(resolved, AGGREGATES[measure], Q4)

    def test_absent_month_is_no_data(self) -> None:
        """A quarter with a month absent has no value, and its status is No data."""
        readings = csv_readings("CNT,2018-01,80\nCNT,2018-02,80\n")
        result = AGGREGATES.evaluate(readings, period=Q4)["CNT"]
        assert (True, NO_DATA) == (math.isnan(result.value), result.status)

    def test_suppressed_month_is_no_data(self) -> None:
        """A month suppressed with a marker leaves the quarter without a value."""
        readings = csv_readings("CNT,2018-01,80\nCNT,2018-02,c\nCNT,2018-03,80\n")
        assert NO_DATA == AGGREGATES.evaluate(readings, period=Q4)["CNT"].status

    def test_absent_quarter_year_is_no_data(self) -> None:
        """A year with a quarter absent has no value."""
        readings = csv_readings("PCT,2017/18 Q1,95\nPCT,2017/18 Q2,95\nPCT,2017/18 Q4,95\n")
        assert NO_DATA == AGGREGATES.evaluate(readings, period=YEAR)["PCT"].status

    def test_quarter_row_wins_over_its_months(self) -> None:
        """A row for the quarter itself is its value, whatever its months say."""
        readings = csv_readings(self.MONTHS.format(m="SUM") + "SUM,2017/18 Q4,7\n")
        assert 7.0 == AGGREGATES.evaluate(readings, period=Q4)["SUM"].value

    def test_year_row_wins_over_its_quarters(self) -> None:
        """A row for the year itself is its value, whatever its quarters say."""
        rows = "".join(f"MEAN,2017/18 Q{q},10\n" for q in (1, 2, 3, 4)) + "MEAN,2017/18,12.5\n"
        assert 12.5 == AGGREGATES.evaluate(csv_readings(rows), period=YEAR)["MEAN"].value

    def test_missing_row_for_period_wins(self) -> None:
        """A row for the quarter saying missing is No data even when its months are given."""
        readings = csv_readings(self.MONTHS.format(m="CNT") + "CNT,2017/18 Q4,x\n")
        assert NO_DATA == AGGREGATES.evaluate(readings, period=Q4)["CNT"].status

    @pytest.mark.parametrize(
        "rows",
        [
            "CNT,2017/18 Q4,\n",  # long form, an empty cell
            '"CNT",2017/18 Q4,"  "\n',  # spaces only
        ],
    )
    def test_empty_cell_hides_no_parts(self, rows: str) -> None:
        """An empty cell for the quarter says nothing: its months are rolled up."""
        readings = csv_readings(self.MONTHS.format(m="CNT") + rows)
        missing = csv_readings(self.MONTHS.format(m="CNT") + "CNT,2017/18 Q4,x\n")
        assert (
            AGGREGATES.evaluate(readings, period=Q4)["CNT"].value
            == AGGREGATES.evaluate(csv_readings(self.MONTHS.format(m="CNT")), period=Q4)[
                "CNT"
            ].value
        )
        assert NO_DATA == AGGREGATES.evaluate(missing, period=Q4)["CNT"].status

    def test_wide_and_pivoted_blanks_roll_up(self) -> None:
        """A wide file with a year column, blank for A1, gives A1's year from its quarters,
        as the long form does; so does the same table pivoted in pandas."""
        wide = pc.Readings.from_csv_text(
            "measure,2017/18 Q1,2017/18 Q2,2017/18 Q3,2017/18 Q4,2017/18\n"
            "A1,27.2,28,26.8,26,\nB8,,,,,84\n"
        )
        import pandas as pd  # the test extra's

        long = pd.DataFrame(
            {"measure": r.measure, "period": r.period, "value": r.text} for r in wide
        )
        pivoted = long[long["value"] != ""].pivot(index="measure", columns="period", values="value")
        for readings in (wide, pc.Readings.from_frame(pivoted)):
            year = EXAMPLE.evaluate(readings, period="2017/18")
            assert (27.0, IN, 84.0) == (year["A1"].value, year["A1"].status, year["B8"].value)

    def test_month_has_no_parts(self) -> None:
        """A month with no row has no value: there is nothing smaller to build it from."""
        resolved = csv_readings("SUM,2017/18 Q4,7\n").resolve(AGGREGATES)
        assert math.isnan(value_for(resolved, AGGREGATES["SUM"], pc.Period.parse("2018-01")))

    def test_rolled_up_value_is_rated(self) -> None:
        """The rolled-up value is what is rated: a mean of 85, 95 and 95 is on target."""
        readings = csv_readings("PCT,2018-01,85\nPCT,2018-02,95\nPCT,2018-03,95\n")
        result = AGGREGATES.evaluate(readings, period=Q4)["PCT"]
        assert (pytest.approx(91.6666666), ON) == (result.value, result.status)

    def test_evaluate_a_month(self) -> None:
        """A month of a monthly contract is evaluated from monthly readings, against the month
        before."""
        monthly = pc.loads(
            'contract "c" { reporting monthly group "g" {'
            ' measure PCT "p" { unit percent higher is better target 90% } } }'
        )
        readings = csv_readings("PCT,2018-02,85\nPCT,2018-03,95\n")
        result = monthly.evaluate(readings, period="2018-03")["PCT"]
        assert (95.0, 85.0, D.IMPROVED) == (result.value, result.previous_value, result.direction)

    def test_a_month_of_a_quarterly_contract_is_not_due(self) -> None:
        """A month is shorter than a quarter's report: not due, whatever its readings say."""
        readings = csv_readings("PCT,2018-02,85\nPCT,2018-03,95\n")
        result = AGGREGATES.evaluate(readings, period="2018-03")["PCT"]
        assert (False, None, "not due (reported quarterly)") == (
            result.due,
            result.status,
            result.not_due,
        )
        assert math.isnan(result.value)


class TestPreviousPeriod:
    """previous_value and previous_status are for the period before, of the same length."""

    def test_previous_quarter(self) -> None:
        """A quarter is compared with the quarter before."""
        result = SMALL.evaluate(quarters("HI", 95, 85), period=Q4)["HI"]
        assert (95.0, ON) == (result.previous_value, result.previous_status)

    def test_previous_quarter_across_years(self) -> None:
        """Q1 is compared with Q4 of the year before."""
        readings = csv_readings("HI,2017/18 Q4,75\nHI,2018/19 Q1,85\n")
        result = SMALL.evaluate(readings, period="2018/19 Q1")["HI"]
        assert (75.0, OUT) == (result.previous_value, result.previous_status)

    def test_previous_year(self) -> None:
        """A year is compared with the year before."""
        readings = csv_readings("HI,2016/17,75\nHI,2017/18,85\n")
        result = SMALL.evaluate(readings, period=YEAR)["HI"]
        assert (75.0, OUT, D.IMPROVED) == (
            result.previous_value,
            result.previous_status,
            result.direction,
        )

    def test_previous_rolled_up(self) -> None:
        """The period before is rolled up from its parts too."""
        readings = csv_readings("HI,2017-10,70\nHI,2017-11,80\nHI,2017-12,90\nHI,2017/18 Q4,85\n")
        assert 80.0 == SMALL.evaluate(readings, period=Q4)["HI"].previous_value

    def test_no_previous_reading(self) -> None:
        """With no reading before, the previous status is No data and there is no direction."""
        result = SMALL.evaluate({"HI": 85}, period=Q4)["HI"]
        assert (True, NO_DATA, D.NONE) == (
            math.isnan(result.previous_value),
            result.previous_status,
            result.direction,
        )

    def test_volumetric_has_no_previous_status(self) -> None:
        """A volumetric measure has a previous value but no previous status."""
        result = SMALL.evaluate(quarters("V", 1962, 1789), period=Q4)["V"]
        assert (1962.0, None) == (result.previous_value, result.previous_status)


class TestDirection:
    """Direction of travel against the period before, by polarity."""

    @pytest.mark.parametrize(
        ("measure", "before", "now", "expected"),
        [
            ("HI", 80, 85, D.IMPROVED),
            ("HI", 85, 80, D.DECLINED),
            ("HI", 85, 85, D.UNCHANGED),
            ("LO", 15, 12, D.IMPROVED),
            ("LO", 12, 15, D.DECLINED),
            ("LO", 12, 12, D.UNCHANGED),
            ("BD", 13, 11, D.IMPROVED),  # 3 points from the band, then 1
            ("BD", 11, 2, D.DECLINED),  # 1 point below the band's top, then 3 below its bottom
            ("BD", 6, 9, D.UNCHANGED),  # moving about inside the band
            ("BD", 4, 11, D.UNCHANGED),  # 1 point outside on either side
            ("NT", 3, 4, D.UP),
            ("NT", 4, 3, D.DOWN),
            ("NT", 3, 3, D.UNCHANGED),
            ("V", 1962, 1789, D.DOWN),
            ("V", 1789, 1962, D.UP),
        ],
    )
    def test_direction(self, measure: str, before: float, now: float, expected: D) -> None:
        """Improved or declined with a polarity (a band: by distance); up or down without."""
        assert (
            expected == SMALL.evaluate(quarters(measure, before, now), period=Q4)[measure].direction
        )

    @pytest.mark.parametrize(("before", "now"), [(85, None), (None, 85), (85, "c")])
    def test_missing_either_side(self, before: object, now: object) -> None:
        """A missing reading now or before gives no direction."""
        assert D.NONE == SMALL.evaluate(quarters("HI", before, now), period=Q4)["HI"].direction

    @pytest.mark.parametrize(
        ("before", "now", "expected"),
        [
            ("89.5", "90", D.UNCHANGED),  # 90% and 90%
            ("89.49", "90", D.IMPROVED),  # 89% then 90%
            ("90.4", "89.5", D.UNCHANGED),
            ("90.5", "90.4", D.DECLINED),  # 91% then 90%
        ],
    )
    def test_rounded_measure_compared_as_shown(self, before: str, now: str, expected: D) -> None:
        """A measure `rounded to 0 dp` moves only when what it shows moves: the example's A2."""
        assert expected == EXAMPLE.evaluate(quarters("A2", before, now), period=Q4)["A2"].direction

    def test_example_a2_unchanged(self) -> None:
        """The example's A2, 89.5% in Q3 and 90% in Q4, both shown as 90%, is unchanged."""
        result = EXAMPLE.evaluate(EXAMPLE_READINGS, period=Q4)["A2"]
        assert (89.5, 90.0, D.UNCHANGED) == (result.previous_value, result.value, result.direction)


class TestMovement:
    """The change of status in words, and the flags behind it."""

    @pytest.mark.parametrize(
        ("before", "now", "expected"),
        [
            (85, 75, "fell out of tolerance after previously performing within tolerance"),
            (95, 75, "fell out of tolerance after previously performing on target"),
            (75, 85, "came back within tolerance after previously performing outside it"),
            (75, 95, "came back within tolerance after previously performing outside it"),
            (85, 95, "reached target"),
            (95, 85, "fell short of target after previously performing on target"),
            (95, 96, ""),
            (85, 86, ""),
            (75, 70, ""),
            (None, 75, ""),
            (85, None, ""),
        ],
    )
    def test_movement(self, before: object, now: object, expected: str) -> None:
        """Each change of status is said in words; no change, or no data, says nothing."""
        assert expected == SMALL.evaluate(quarters("HI", before, now), period=Q4)["HI"].movement

    @pytest.mark.parametrize(
        ("before", "now", "expected"),
        [
            (85, 75, (True, False, False, False)),
            (95, 75, (True, False, False, True)),
            (75, 85, (False, True, False, False)),
            (75, 95, (False, True, True, False)),
            (85, 95, (False, False, True, False)),
            (95, 85, (False, False, False, True)),
            (None, 75, (False, False, False, False)),
        ],
    )
    def test_flags(self, before: object, now: object, expected: tuple[bool, ...]) -> None:
        """fell_out_of_tolerance, came_back_into_tolerance, reached_target, fell_short_of_target."""
        r = SMALL.evaluate(quarters("HI", before, now), period=Q4)["HI"]
        assert expected == (
            r.fell_out_of_tolerance,
            r.came_back_into_tolerance,
            r.reached_target,
            r.fell_short_of_target,
        )

    def test_volumetric_has_no_movement(self) -> None:
        """A volumetric measure, never rated, has no change of status."""
        assert "" == SMALL.evaluate(quarters("V", 10, 1000), period=Q4)["V"].movement

    def test_no_target_to_target(self) -> None:
        """Going from no target to a target is not a change of status to speak of."""
        readings = csv_readings("FS1,2017/18 Q4,77\nFS1,2018/19 Q1,77\n")
        result = DATED.evaluate(readings, period="2018/19 Q1")["FS1"]
        assert (NONE, ON, "") == (result.previous_status, result.status, result.movement)


class TestDatedTerms:
    """The target and tolerance in force for the period are the ones used."""

    @pytest.mark.parametrize(
        ("period", "target", "status"),
        [
            ("2017/18 Q4", Decimal("90"), ON),
            ("2018-03", Decimal("90"), ON),
            ("2018/19 Q1", Decimal("92"), IN),
            ("2018-04", Decimal("92"), IN),
            ("2018/19", Decimal("92"), IN),
        ],
    )
    def test_target_from_a_year(self, period: str, target: Decimal, status: pc.Status) -> None:
        """B8's 92% target is in force from the first period of 2018/19 on."""
        result = DATED.evaluate({"B8": 91}, period=period)["B8"]
        assert (target, Decimal("80"), status) == (result.target, result.tolerance, result.status)

    @pytest.mark.parametrize(
        ("period", "tolerance", "status"),
        [
            ("2018/19 Q1", Decimal("12"), IN),
            ("2018-06", Decimal("12"), IN),
            ("2018-07", Decimal("11"), OUT),
            ("2018/19 Q2", Decimal("11"), OUT),
        ],
    )
    def test_tolerance_from_a_month(
        self, period: str, tolerance: Decimal, status: pc.Status
    ) -> None:
        """B10's 11% tolerance is in force from July 2018, and for the quarter starting then."""
        result = DATED.evaluate({"B10": 11.5}, period=period)["B10"]
        assert (tolerance, status) == (result.tolerance, result.status)

    def test_no_target_then_target(self) -> None:
        """FS1 has no target in 2017/18 and a 75% target, 70% tolerance from 2018/19."""
        before = DATED.evaluate({"FS1": 72}, period="2017/18 Q4")["FS1"]
        after = DATED.evaluate({"FS1": 72}, period="2018/19 Q1")["FS1"]
        assert ((None, None, NONE), (Decimal("75"), Decimal("70"), IN)) == (
            (before.target, before.tolerance, before.status),
            (after.target, after.tolerance, after.status),
        )

    def test_previous_rated_by_its_own_terms(self) -> None:
        """The period before is rated with the terms in force then: 91% on target, then short."""
        readings = csv_readings("B8,2017/18 Q4,91\nB8,2018/19 Q1,91\n")
        result = DATED.evaluate(readings, period="2018/19 Q1")["B8"]
        assert (ON, IN, "fell short of target after previously performing on target") == (
            result.previous_status,
            result.status,
            result.movement,
        )

    def test_margin_follows_target(self) -> None:
        """A tolerance given as a margin is resolved against the target in force (A2: 90 - 5)."""
        assert Decimal("85") == EXAMPLE.evaluate({}, period="2017/18 Q4")["A2"].tolerance


class TestBenchmarks:
    """Each benchmark in force: the gap, and better, worse or same by polarity."""

    def comparisons(self, measure: str, value: object, period: str = "2017/18 Q4") -> list:
        result = BENCHMARKED.evaluate({measure: value}, period=period)[measure]
        return [
            (b.comparator, b.benchmark, b.data_year, b.gap, b.verdict) for b in result.benchmarks
        ]

    def test_higher_is_better(self) -> None:
        """Above a benchmark is better for higher-is-better; equal is the same."""
        assert [
            ("national", Decimal("80"), "2017", 5.0, "better"),
            ("regional", Decimal("85"), "2017", 0.0, "same"),
        ] == self.comparisons("HB", 85)

    def test_higher_is_better_below(self) -> None:
        """Below a benchmark is worse for higher-is-better, with a negative gap."""
        assert [
            ("national", Decimal("80"), "2017", -5.0, "worse"),
            ("regional", Decimal("85"), "2017", -10.0, "worse"),
        ] == self.comparisons("HB", 75)

    @pytest.mark.parametrize(
        ("value", "gap", "verdict"), [(11, -1.0, "better"), (13, 1.0, "worse"), (12, 0.0, "same")]
    )
    def test_lower_is_better(self, value: float, gap: float, verdict: str) -> None:
        """Below a benchmark is better for lower-is-better."""
        assert [("national", Decimal("12"), None, gap, verdict)] == self.comparisons("LB", value)

    @pytest.mark.parametrize(
        ("value", "gap", "verdict"),
        [(89.6, 0.0, "same"), (89.5, 0.0, "same"), (89.4, -1.0, "worse"), (90.5, 1.0, "better")],
    )
    def test_rounded_as_rated(self, value: float, gap: float, verdict: str) -> None:
        """A measure `rounded to 0 dp` is compared as it is rated and shown: 89.6 is 90%,
        the same as a 90% benchmark (a gap of 0, not worse by 0.4)."""
        contract = pc.loads(
            """contract "c" { reporting quarterly group "g" { measure A "A" { unit percent
            higher is better target 90% tolerance 85% rounded to 0 dp
            benchmark national 90% for 2023 } } }"""
        )
        [b] = contract.evaluate({"A": value}, period="2024/25 Q1")["A"].benchmarks
        assert (gap, verdict) == (b.gap, b.verdict)

    def test_band_has_no_verdict(self) -> None:
        """A band measure gets the gap but no verdict."""
        assert [("national", Decimal("7"), None, 2.0, "")] == self.comparisons("BB", 9)

    def test_volumetric_without_polarity(self) -> None:
        """A measure without polarity gets the gap but no verdict (the example's E35)."""
        assert [("national", Decimal("330"), None, 109.0, "")] == self.comparisons("VB", 439)

    def test_missing_value(self) -> None:
        """With no reading the gap is NaN and there is no verdict."""
        [(_, _, _, gap, verdict)] = self.comparisons("LB", None)
        assert (True, "") == (math.isnan(gap), verdict)

    def test_dated_benchmark_in_force(self) -> None:
        """From 2018/19 the 2018 national benchmark replaces 2017's; regional stays."""
        assert [
            ("national", Decimal("82"), "2018", 3.0, "better"),
            ("regional", Decimal("85"), "2017", 0.0, "same"),
        ] == self.comparisons("HB", 85, period="2018/19 Q1")

    def test_gap_of_decimal_benchmark(self) -> None:
        """The gap is the reading less the benchmark (A1: 26 - 21.9)."""
        result = EXAMPLE.evaluate({"A1": 26}, period="2017/18 Q4")["A1"]
        assert pytest.approx(4.1) == result.benchmarks[0].gap

    def test_str(self) -> None:
        """A comparison reads as comparator, benchmark, signed gap and verdict."""
        comparison = BenchmarkComparison("national", Decimal("80"), "2017", 5.0, "better")
        assert "national 80: gap +5 (better)" == str(comparison)

    def test_str_without_verdict(self) -> None:
        """A comparison with no verdict leaves it out."""
        comparison = BenchmarkComparison("national", Decimal("330"), None, -2.5, "")
        assert "national 330: gap -2.5" == str(comparison)


class TestExceptionLists:
    """The report's appendices: concerns, potential concerns, good and improving."""

    READINGS = csv_readings(
        "HI,2017/18 Q3,85\nHI,2017/18 Q4,75\n"  # fell out of tolerance
        "LO,2017/18 Q3,15\nLO,2017/18 Q4,12\n"  # inside tolerance, improved
        "BD,2017/18 Q3,7\nBD,2017/18 Q4,8\n"  # on target, unchanged
        "NT,2017/18 Q3,3\nNT,2017/18 Q4,4\n"  # no target, up
        "V,2017/18 Q3,10\nV,2017/18 Q4,20\n"  # volumetric
    )

    @pytest.fixture
    def ev(self) -> Evaluation:
        return SMALL.evaluate(self.READINGS, period=Q4)

    def test_concerns(self, ev: Evaluation) -> None:
        """Areas of concern are the contractual measures outside tolerance."""
        assert ["HI"] == ids(ev.concerns())

    def test_potential_concerns(self, ev: Evaluation) -> None:
        """Areas of potential concern are those inside tolerance, short of target."""
        assert ["LO"] == ids(ev.potential_concerns())

    def test_good_and_improving(self, ev: Evaluation) -> None:
        """Good and improving: on target, or improved on the period before."""
        assert ["LO", "BD"] == ids(ev.good_and_improving())

    def test_fell_out_of_tolerance(self, ev: Evaluation) -> None:
        """Those that fell out of tolerance this period after performing within it."""
        assert ["HI"] == ids(ev.fell_out_of_tolerance())

    def test_with_status(self, ev: Evaluation) -> None:
        """with_status picks contractual measures with any of the statuses, in contract order."""
        assert ["HI", "BD", "NT"] == ids(ev.with_status(NONE, OUT, ON))

    @pytest.mark.parametrize(
        ("status", "message"),
        [
            ("On or better than target", "'On or better than target': write pc.Status.ON_TARGET"),
            ("OUTSIDE_TOLERANCE", "'OUTSIDE_TOLERANCE': write pc.Status.OUTSIDE_TOLERANCE"),
            (True, "True: write pc.Status.WITHIN_TOLERANCE"),
            (9, "9"),
            ("green", "'green'"),
            (None, "None"),
        ],
    )
    def test_with_status_takes_statuses(self, ev: Evaluation, status: object, message: str) -> None:
        """Anything but a Status is a TypeError, not an empty list: a label matched nothing."""
        with pytest.raises(TypeError) as caught:
            ev.with_status(ON, status)  # type: ignore[arg-type]
        assert f"with_status takes statuses, not {message}" == str(caught.value)

    def test_with_status_takes_numbers(self, ev: Evaluation) -> None:
        """A status's number, as rate_many gives it (an int or a numpy int8), picks it too."""
        assert ["HI", "BD", "NT"] == ids(ev.with_status(3, np.int8(0), ON))

    def test_volumetric_never_listed(self) -> None:
        """A volumetric measure appears in no list, however it moved."""
        ev = SMALL.evaluate(self.READINGS, period=Q4)
        lists = (ev.concerns(), ev.potential_concerns(), ev.good_and_improving())
        assert [] == [r.id for found in lists for r in found if r.measure.is_volumetric]

    def test_no_data_not_a_concern(self) -> None:
        """A measure with no data is in none of the status lists."""
        ev = SMALL.evaluate({}, period=Q4)
        assert ([], [], [], ["HI", "LO", "BD"]) == (
            ids(ev.concerns()),
            ids(ev.potential_concerns()),
            ids(ev.good_and_improving()),
            ids(ev.with_status(NO_DATA)),
        )

    def test_summary_counts_no_data(self) -> None:
        """The summary counts a measure with no data in a No data column."""
        summary = SMALL.evaluate({"HI": 85}, period=Q4).summary()
        assert ([("Rated", (0, 1, 0, 1, 2))], "Quarter 4 2017/18") == (
            [(row.name, row.counts) for row in summary.rows],
            summary.caption,
        )


class TestAuthorities:
    """Readings for several authorities: say which one to evaluate."""

    READINGS = Readings.from_csv_text(
        "authority,measure,period,value\n"
        "Doncaster,HI,2017/18 Q4,85\n"
        "Barnsley,HI,2017/18 Q4,95\n"
        "Rotherham,HI,2017/18 Q4,70\n",
        source="authorities.csv",
    )

    def test_several_need_authority(self) -> None:
        """Without authority=, readings for several authorities are a ReadingsError."""
        with pytest.raises(pc.ReadingsError, match="3 authorities") as caught:
            SMALL.evaluate(self.READINGS, period=Q4)
        assert "pass authority=…" == caught.value.first.hint

    @pytest.mark.parametrize(
        ("authority", "status"), [("Doncaster", IN), ("Barnsley", ON), ("Rotherham", OUT)]
    )
    def test_authority_chosen(self, authority: str, status: pc.Status) -> None:
        """authority= picks one authority's readings."""
        ev = SMALL.evaluate(self.READINGS, period=Q4, authority=authority)
        assert (authority, status) == (ev.authority, ev["HI"].status)

    def test_authority_when_readings_name_none(self) -> None:
        """An authority asked of readings that name none says so: it said `the readings are
        for (none)`."""
        with pytest.raises(pc.ReadingsError) as caught:
            SMALL.evaluate(csv_readings("HI,2017/18 Q4,85\n"), period=Q4, authority="Leeds")
        assert "the readings name no authority: leave out authority=" == (caught.value.first.hint)

    def test_one_authority_is_taken(self) -> None:
        """Readings for one authority need no authority=, and the evaluation names it."""
        readings = Readings.from_csv_text(
            "authority,measure,period,value\nDoncaster,HI,2017/18 Q4,85\n"
        )
        ev = SMALL.evaluate(readings, period=Q4)
        assert ("Doncaster", IN) == (ev.authority, ev["HI"].status)

    def test_no_authority(self) -> None:
        """Readings with no authority column evaluate with authority None."""
        assert None is SMALL.evaluate({"HI": 85}, period=Q4).authority

    def test_mapping_with_authority(self) -> None:
        """A mapping is for the authority given."""
        ev = SMALL.evaluate({"HI": 85}, period=Q4, authority="Doncaster")
        assert ("Doncaster", IN) == (ev.authority, ev["HI"].status)

    def test_unknown_authority(self) -> None:
        """An authority the readings do not have is a ReadingsError, not a table of No data.

        Bug: today every measure is silently No data, and ``--fail-on outside``
        passes for a misspelt ``--authority``.
        """
        with pytest.raises(pc.ReadingsError) as caught:
            SMALL.evaluate(self.READINGS, period=Q4, authority="O'Doncastr")
        assert ("there are no readings for authority `O'Doncastr`", "<readings>") == (
            caught.value.first.message,
            caught.value.first.source,
        )


@pytest.fixture(scope="module")
def example() -> Evaluation:
    """The example contract's Quarter 4 2017/18."""
    return EXAMPLE.evaluate(EXAMPLE_READINGS, period="2017/18 Q4")


class TestRenderers:
    """to_records, to_json, to_csv, to_text and to_markdown."""

    def test_records(self, example: Evaluation) -> None:
        """One plain row per measure, strings and numbers only."""
        assert {
            "measure": "A4",
            "title": "Children seen in appropriate timescales (CIN, CPP and CIC)",
            "group": "Social Care Pathway",
            "kind": "measure",
            "unit": "percent",
            "polarity": "higher is better",
            "period": "2017/18 Q4",
            "period_start": "2018-01-01",
            "period_end": "2018-03-31",
            "value": 82.6,
            "rated_value": 82.6,
            "status": "Outside tolerance",
            "target": 90.0,
            "target_low": None,
            "target_high": None,
            "tolerance": 85.0,
            "tolerance_low": None,
            "tolerance_high": None,
            "previous_value": 87.2,
            "previous_status": "Inside tolerance",
            "direction": "declined",
            "movement": "fell out of tolerance after previously performing within tolerance",
            "authority": None,
        } == example.to_records()[3]

    @pytest.mark.parametrize(
        ("measure", "expected"),
        [
            ("V", {"kind": "volumetric", "status": "", "value": 12.0, "target": None}),
            ("HI", {"kind": "measure", "status": "No data", "value": None, "target": 90.0}),
            (
                "BD",
                {
                    "kind": "measure",
                    "status": "No data",
                    "value": None,
                    "target": None,
                    "target_low": 5.0,
                    "target_high": 10.0,
                },
            ),
        ],
    )
    def test_records_for_volumetric_and_missing(self, measure: str, expected: dict) -> None:
        """A volumetric measure has an empty status; a missing value is None; a band's bounds
        are numbers of their own."""
        records = {r["measure"]: r for r in SMALL.evaluate({"V": 12}, period=Q4).to_records()}
        assert expected == {key: records[measure][key] for key in expected}

    def test_records_one_per_measure(self, example: Evaluation) -> None:
        """There is a record for every measure, in contract order."""
        assert list(EXAMPLE.measures) == [r["measure"] for r in example.to_records()]

    def test_json(self, example: Evaluation) -> None:
        """JSON holds the contract, period, authority, summary and every record."""
        data = json.loads(example.to_json())
        assert (
            ["contract", "period", "authority", "summary", "measures"],
            "DCST service delivery contract",
            "2017/18 Q4",
            None,
            example.summary().to_dict(),
            example.to_records(),
        ) == (
            list(data),
            data["contract"],
            data["period"],
            data["authority"],
            data["summary"],
            data["measures"],
        )

    def test_json_missing_value_is_null(self) -> None:
        """A missing value is JSON null, never NaN (which is not JSON)."""
        text = SMALL.evaluate({}, period=Q4).to_json()
        assert ("NaN" not in text, None) == (True, json.loads(text)["measures"][0]["value"])

    def test_csv(self, example: Evaluation) -> None:
        """CSV has a header of the record keys and a row per measure."""
        rows = list(csv.DictReader(io.StringIO(example.to_csv())))
        assert (
            list(example.to_records()[0]),
            23,
            {"measure": "B8", "value": "76", "status": "Outside tolerance"},
        ) == (
            list(rows[0]),
            len(rows),
            {key: rows[10][key] for key in ("measure", "value", "status")},
        )

    def test_csv_quotes_commas(self, example: Evaluation) -> None:
        """A title with commas is quoted, so it stays one cell."""
        assert '"Children seen in appropriate timescales (CIN, CPP and CIC)"' in example.to_csv()

    def test_csv_lines_end_with_newline(self, example: Evaluation) -> None:
        """Every CSV line ends with a bare newline, as Summary.to_csv's do.

        Bug: Evaluation.to_csv ends lines with CRLF (csv's default), unlike
        Summary.to_csv, so ``perfcontract evaluate --format csv`` writes
        ``\\r\\r\\n`` on Windows.
        """
        text = example.to_csv()
        assert (False, True) == ("\r" in text, text.endswith("\n"))

    def test_text_golden(self, example: Evaluation) -> None:
        """The example's Quarter 4 as text is exactly its golden file."""
        check_golden("q4-2017-18.txt", example.to_text())

    def test_markdown_golden(self, example: Evaluation) -> None:
        """The example's Quarter 4 in Markdown is exactly its golden file."""
        check_golden("q4-2017-18.md", example.to_markdown())

    def test_text_starts_with_summary(self, example: Evaluation) -> None:
        """The text is the summary table, a blank line, then a line per measure."""
        lines = example.to_text().split("\n")
        table = example.summary().to_text().split("\n")
        assert (table, "", 23) == (
            lines[: len(table)],
            lines[len(table)],
            len(lines) - len(table) - 1,
        )

    def test_text_line(self) -> None:
        """A measure's line: id, arrow, value, status and any movement."""
        lines = SMALL.evaluate(quarters("HI", 85, 75), period=Q4).to_text().split("\n")
        measure_lines = lines[lines.index("") + 1 :]
        assert [
            "HI  ▼        75%  Outside tolerance"
            "  (fell out of tolerance after previously performing within tolerance)",
            "LO       no data  No data",
            "BD       no data  No data",
            "NT       no data  No target specified",
            "V        no data  volumetric",
        ] == measure_lines

    def test_markdown_row(self) -> None:
        """A measure's Markdown row: id and title, value, target, tolerance, status, direction."""
        text = SMALL.evaluate(quarters("LO", 15, 12), period=Q4).to_markdown()
        assert (
            "| LO Lower is better | 12% | 10% | 20% | Inside tolerance | ▲ improved |"
            in text.split("\n")
        )

    def test_markdown_escapes_title(self) -> None:
        """Markdown's special characters in a title are escaped, so the row keeps its cells.

        Bug: Evaluation.to_markdown writes the title as it is, so a ``|`` in
        it splits the row (Summary.to_markdown escapes group names).
        """
        contract = pc.loads(
            'contract "c" { group "G" { measure A1 "Re-referrals | all" {'
            " unit percent lower is better target 22% } } }"
        )
        text = contract.evaluate({"A1": 20}, period=Q4).to_markdown()
        row = next(line for line in text.split("\n") if line.startswith("| A1 "))
        assert "| A1 Re-referrals \\| all | 20% | 22% |  | On or better than target |" in row


class TestRateMany:
    """rate_many: statuses for many authorities at once, as int8 codes."""

    def test_two_dimensional(self) -> None:
        """(authorities, measures) for one period: A1 lower is better, B8 higher."""
        values = np.array([[26.0, 76.0], [20.0, 92.0], [np.nan, 85.0], [28.0, 80.0], [22.0, 90.0]])
        codes = pc.rate_many(EXAMPLE, values, "2017/18 Q4", measures=["A1", "B8"])
        assert ([[1, 0], [2, 2], [4, 1], [1, 1], [2, 2]], np.int8) == (codes.tolist(), codes.dtype)

    def test_default_measures_are_contractual(self) -> None:
        """Without measures=, axis 1 is the contract's contractual measures in order."""
        values = np.array([[85.0, 12.0, 11.0, 3.0], [75.0, 25.0, 2.0, 3.0]])
        assert [[1, 1, 1, 3], [0, 0, 0, 3]] == pc.rate_many(SMALL, values, Q4).tolist()

    def test_matches_measure_rate(self) -> None:
        """Every code is what Measure.rate gives for the same reading."""
        rng = np.random.default_rng(20180331)
        values = np.round(rng.uniform(0, 100, size=(50, len(EXAMPLE.contractual))), 1)
        values[::7, ::3] = np.nan
        codes = pc.rate_many(EXAMPLE, values, "2017/18 Q4")
        expected = np.stack(
            [m.rate(values[:, i], "2017/18 Q4") for i, m in enumerate(EXAMPLE.contractual)], axis=1
        )
        assert expected.tolist() == codes.tolist()

    def test_three_dimensional(self) -> None:
        """(authorities, measures, periods), one period per column of the last axis."""
        values = np.array([[[85.0, 95.0], [12.0, 25.0]], [[75.0, np.nan], [5.0, 10.0]]])
        codes = pc.rate_many(SMALL, values, ["2017/18 Q3", "2017/18 Q4"], measures=["HI", "LO"])
        assert [[[1, 2], [1, 0]], [[0, 4], [2, 2]]] == codes.tolist()

    def test_dated_terms_per_period(self) -> None:
        """Each period is rated with the terms in force in it: B8's target rises to 92%."""
        values = np.array([[[91.0, 91.0]], [[85.0, 85.0]], [[92.0, 92.0]]])
        codes = pc.rate_many(DATED, values, ["2017/18 Q4", "2018/19 Q1"], measures=["B8"])
        assert [[[2, 1]], [[1, 1]], [[2, 2]]] == codes.tolist()

    def test_target_set_later_per_period(self) -> None:
        """FS1 has no target in 2017/18 and is rated from 2018/19."""
        values = np.array([[[72.0, 72.0, 60.0]]])
        periods = ["2017/18 Q4", "2018/19 Q1", "2018/19 Q2"]
        assert [[[3, 1, 0]]] == pc.rate_many(DATED, values, periods, measures=["FS1"]).tolist()

    def test_tolerance_from_a_month_per_period(self) -> None:
        """B10's tolerance tightens from July 2018, month by month."""
        values = np.full((1, 1, 2), 11.5)
        codes = pc.rate_many(DATED, values, ["2018-06", "2018-07"], measures=["B10"])
        assert [[[1, 0]]] == codes.tolist()

    def test_rounding_two_dimensional(self) -> None:
        """A measure rounded to 0 dp rates 89.5 as 90 (on target) and 84.4 as 84 (outside)."""
        values = np.array([[89.5], [84.5], [84.4]])
        assert [[2], [1], [0]] == pc.rate_many(EXAMPLE, values, Q4, measures=["A2"]).tolist()

    def test_rounding_three_dimensional(self) -> None:
        """Rounding applies along every period, and only to the measure that rounds."""
        values = np.array([[[89.5, 84.4], [89.5, 84.4]]])
        codes = pc.rate_many(EXAMPLE, values, ["2017/18 Q3", "2017/18 Q4"], measures=["A2", "A4"])
        assert [[[2, 0], [1, 0]]] == codes.tolist()

    def test_input_not_changed(self) -> None:
        """Rounding works on a copy: the caller's array is left as it was."""
        values = np.array([[89.5]])
        pc.rate_many(EXAMPLE, values, Q4, measures=["A2"])
        assert 89.5 == values[0, 0]

    def test_lists_accepted(self) -> None:
        """Nested lists are accepted as well as arrays."""
        assert [[1, 0]] == pc.rate_many(
            EXAMPLE, [[26, 76]], "2017/18 Q4", measures=["A1", "B8"]
        ).tolist()

    @pytest.mark.parametrize(
        ("shape", "period"),
        [
            ((3,), "2017/18 Q4"),
            ((2, 3), "2017/18 Q4"),
            ((2, 2, 1), "2017/18 Q4"),
            ((2, 2), ["2017/18 Q3", "2017/18 Q4"]),
            ((2, 3, 2), ["2017/18 Q3", "2017/18 Q4"]),
            ((2, 2, 3), ["2017/18 Q3", "2017/18 Q4"]),
            ((2, 2, 2, 2), ["2017/18 Q3", "2017/18 Q4"]),
        ],
    )
    def test_bad_shape(self, shape: tuple[int, ...], period: object) -> None:
        """Values not shaped (authorities, measures[, periods]) are a ValueError."""
        with pytest.raises(ValueError, match="values"):
            pc.rate_many(EXAMPLE, np.zeros(shape), period, measures=["A1", "B8"])

    def test_volumetric_not_rated(self) -> None:
        """Rating a volumetric measure is a ValueError, as Measure.rate says.

        Bug: rate_many gives No target specified (3) for a volumetric measure
        where ``contract["E1"].rate(…)`` raises ValueError.
        """
        with pytest.raises(ValueError, match="E1"):
            pc.rate_many(EXAMPLE, np.array([[1789.0]]), Q4, measures=["E1"])


# ---------------------------------------------------------------------------
# evaluate rates whole arrays: the same results as rating one reading at a time

MIXED = pc.loads(
    """contract "Mixed" {
    reporting monthly
    group "Everything" {
        measure SUMH "Sum, higher is better" {
            unit number higher is better target 300 tolerance 250 aggregate sum
        }
        measure MEANL "Mean, lower is better, dated" {
            unit percent lower is better target 20% tolerance 25%
            target 18% from 2017/18 Q3
            tolerance within 10% of target from 2017-11
        }
        measure LASTB "Last, a band with a tolerance band" {
            unit percent target between 40% and 60% tolerance between 30% and 70%
            aggregate last
        }
        measure MINB "Min, a band" { unit number target between 40 and 60 aggregate min }
        measure MAXR "Max, rounded" {
            unit number higher is better target 50.5 tolerance 40 rounded to 0 dp
            aggregate max
        }
        measure LATE "No target, then one" {
            unit percent higher is better no target target 50% from 2017/18 Q4
        }
        measure NONE "No polarity" { unit number no target }
        volumetric VOL "Context" { unit number aggregate sum }
    }
}
"""
)
MONTHS = [
    pc.Period.parse(f"{year}-{month:02}")
    for year, month in [(2017, m) for m in range(4, 13)] + [(2018, m) for m in range(1, 7)]
]
QUARTERS = [
    pc.Period.parse(q)
    for q in ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4", "2018/19 Q1"]
]
YEARS = [pc.Period.parse("2017/18"), pc.Period.parse("2018/19")]
READING = st.one_of(
    st.none(),  # no row
    st.just(""),  # a row saying the value is missing
    st.decimals(0, 100, places=2).map(str),
    st.sampled_from(["40", "60", "49.5", "50.5", "0.1", "0.2", "0.3", "100"]),
)


def one_at_a_time(
    measure: pc.Measure, period: pc.Period, resolved: ResolvedReadings
) -> tuple[object, ...]:
    """A measure's result worked out reading by reading, as evaluate once did."""
    value = value_for(resolved, measure, period)
    try:
        before: pc.Period | None = period.previous()
    except ValueError:
        before = None
    previous = math.nan if before is None else value_for(resolved, measure, before)
    status = previous_status = None
    if measure.is_contractual:
        status = measure.rate(value, period)
        previous_status = None if before is None else measure.rate(previous, before)
    target = measure.target_at(period)
    band = (float(target.low), float(target.high)) if isinstance(target, pc.Band) else None
    polarity = measure.polarity
    if polarity is pc.Polarity.IN_BAND and band is None:
        polarity = pc.Polarity.NONE
    moved = pc.Direction(int(engine.direction(value, previous, polarity, band)))
    tolerance = measure.tolerance_at(period)
    return repr(value), status, target, tolerance, repr(previous), previous_status, moved


class TestVectorised:
    """evaluate rates every measure's value (and the previous period's) in one engine
    call, rolling up months and quarters as arrays; each result is what rating one
    reading at a time gives."""

    @settings(max_examples=80, deadline=None, database=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(list(MIXED.measures)),
                st.sampled_from(MONTHS + QUARTERS + YEARS),
                READING,
            ),
            max_size=40,
        ),
        st.lists(  # measures with a reading for every month, so that roll-ups happen
            st.tuples(
                st.sampled_from(list(MIXED.measures)),
                st.lists(READING.filter(lambda v: v is not None), min_size=15, max_size=15),
            ),
            max_size=4,
        ),
        st.sampled_from(MONTHS + QUARTERS + YEARS),
    )
    def test_equals_one_reading_at_a_time(
        self,
        rows: list[tuple[str, pc.Period, str | None]],
        monthly: list[tuple[str, list[str]]],
        period: pc.Period,
    ) -> None:
        """Any readings, any period: every field of every result as the scalar path has it."""
        dense = [
            (m, month, v) for m, values in monthly for month, v in zip(MONTHS, values, strict=True)
        ]
        kept = {(m, p): v for m, p, v in [*dense, *rows] if v is not None}
        records = [{"measure": m, "period": p, "value": v} for (m, p), v in kept.items()]
        resolved = Readings.from_records(records).resolve(MIXED)
        evaluation = evaluate(MIXED, resolved, period)
        for result in evaluation:
            expected = one_at_a_time(result.measure, period, resolved)
            got = (
                repr(result.value),
                result.status,
                result.target,
                result.tolerance,
                repr(result.previous_value),
                result.previous_status,
                result.direction,
            )
            assert expected == got, result.measure.id
            assert float is type(result.value)
            assert float is type(result.previous_value)
