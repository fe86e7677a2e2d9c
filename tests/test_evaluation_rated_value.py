"""The value as rated: `MeasureResult.rated_value`, and `rated_value` in records, JSON and CSV.

A measure ``rounded to N dp`` is rated on its value rounded, while ``value``
keeps full precision: 94.5 rounded to 0 dp is 95, on a target of 95. Every
record has ``rated_value`` beside ``value`` (the value itself where there is
no rounding), so that a reader of the JSON or the CSV compares the figure that
was rated, and the text and Markdown tables show that figure.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
Q4 = "2017/18 Q4"
ROUNDED_TEXT = """contract "Rounded" {
    group "G" {
        measure A1 "Timeliness" {
            unit percent
            higher is better
            target 95%
            tolerance 90%
            rounded to 0 dp
        }
        measure A2 "Timeliness, not rounded" {
            unit percent
            higher is better
            target 95%
            tolerance 90%
        }
        measure N1 "Balance" {
            unit number
            higher is better
            target 0
            tolerance -5
            rounded to 2 dp
        }
        volumetric V1 "Referrals per 10,000" {
            unit rate per 10000
            rounded to 0 dp
        }
    }
}"""
ROUNDED = pc.loads(ROUNDED_TEXT)
EXAMPLE = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
READINGS = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")


def rated(measure: str, value: float) -> pc.MeasureResult:
    return ROUNDED.evaluate({measure: value}, period=Q4)[measure]


class TestRatedValue:
    @pytest.mark.parametrize(
        ("value", "expected", "status"),
        [
            (94.5, 95.0, pc.Status.ON_TARGET),  # a half rounds up
            (94.49, 94.0, pc.Status.WITHIN_TOLERANCE),
            (89.5, 90.0, pc.Status.WITHIN_TOLERANCE),
            (89.49999, 89.0, pc.Status.OUTSIDE_TOLERANCE),
            (100.0, 100.0, pc.Status.ON_TARGET),
        ],
    )
    def test_rounded_to_0_dp(self, value: float, expected: float, status: pc.Status) -> None:
        """rated_value is the value rounded as the contract says, and the status is its."""
        result = rated("A1", value)
        assert (value, expected, status) == (result.value, result.rated_value, result.status)

    @pytest.mark.parametrize(
        ("value", "expected"), [(1.005, 1.01), (-1.005, -1.01), (-2.675, -2.68), (-0.004, 0.0)]
    )
    def test_half_away_from_zero_on_the_decimal(self, value: float, expected: float) -> None:
        """Rounded on the decimal as written, half away from zero, as a spreadsheet does
        (1.005 is held as 1.00499…, and would round down in binary); no negative nought."""
        result = rated("N1", value)
        assert str(expected) == str(result.rated_value)  # -0.0 would be written so

    @pytest.mark.parametrize("value", [94.5, 94.49999, 0.1 + 0.2])
    def test_no_rounding_is_the_value(self, value: float) -> None:
        """Without `rounded to N dp` the rated value is the value itself, to the last bit."""
        result = rated("A2", value)
        assert value == result.rated_value

    def test_no_data(self) -> None:
        """No reading: NaN, as the value is."""
        assert math.isnan(ROUNDED.evaluate({}, period=Q4)["A1"].rated_value)

    def test_volumetric(self) -> None:
        """A volumetric measure's rounding gives its rated value too (its benchmarks and
        direction are compared as rounded)."""
        result = rated("V1", 438.5)
        assert (None, 439.0) == (result.status, result.rated_value)

    def test_not_due(self) -> None:
        """A measure not due in the period has no value, rated or not."""
        year = EXAMPLE.evaluate(READINGS, periods=["2017/18 Q4"])[0]
        for result in year:
            assert math.isnan(result.value) == math.isnan(result.rated_value)

    def test_status_is_the_rated_values(self) -> None:
        """Rated again, the rated value gets the status it was given, in every quarter and
        the year of the example."""
        periods = ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4", "2017/18"]
        checked = 0
        for ev in EXAMPLE.evaluate(READINGS, periods=periods):
            for r in ev.contractual:
                if r.due and not math.isnan(r.value):
                    assert r.status is r.measure.rate(r.rated_value, period=ev.period)
                    checked += 1
        assert 80 < checked

    def test_example_a2(self) -> None:
        """The example's A2, rounded to 0 dp: 89.5 in Q3 is rated as 90, on target."""
        result = EXAMPLE.evaluate(READINGS, period="2017/18 Q3")["A2"]
        assert (89.5, 90.0, pc.Status.ON_TARGET) == (
            result.value,
            result.rated_value,
            result.status,
        )


class TestRecords:
    def test_beside_value(self) -> None:
        """Every record has rated_value, just after value."""
        records = ROUNDED.evaluate({"A1": 94.5, "A2": 94.5}, period=Q4).to_records()
        keys = list(records[0])
        assert "rated_value" == keys[keys.index("value") + 1]
        assert [(94.5, 95.0, 95.0), (94.5, 94.5, 95.0)] == [
            (r["value"], r["rated_value"], r["target"]) for r in records[:2]
        ]

    def test_missing_is_none(self) -> None:
        """No data: both None."""
        record = ROUNDED.evaluate({}, period=Q4).to_records()[0]
        assert (None, None) == (record["value"], record["rated_value"])

    def test_many_periods(self) -> None:
        """Evaluations' records carry it too, period by period."""
        quarters = EXAMPLE.evaluate(READINGS, periods=["2017/18 Q3", "2017/18 Q4"])
        a2 = [r for r in quarters.to_records() if r["measure"] == "A2"]
        assert [(89.5, 90.0), (90.0, 90.0)] == [(r["value"], r["rated_value"]) for r in a2]


class TestJson:
    def test_a_half_rated_up_shows_both_values(self) -> None:
        """JSON gives the value at full precision and the value rated, beside the status."""
        data = json.loads(ROUNDED.evaluate({"A1": 94.5}, period=Q4).to_json())
        a1 = data["measures"][0]
        assert (94.5, 95.0, "On or better than target", 95.0) == (
            a1["value"],
            a1["rated_value"],
            a1["status"],
            a1["target"],
        )

    def test_no_data_is_null(self) -> None:
        """A missing value's rated value is null."""
        text = ROUNDED.evaluate({}, period=Q4).to_json()
        assert '"value": null,\n      "rated_value": null,' in text

    def test_command_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`evaluate --format json` writes it."""
        contract = tmp_path / "c.contract"
        contract.write_text(ROUNDED_TEXT, encoding="utf-8")
        readings = tmp_path / "r.csv"
        readings.write_text("measure,period,value\nA1,2017/18 Q4,94.5\n", encoding="utf-8")
        assert 0 == main(["evaluate", str(contract), str(readings), "--format", "json"])
        a1 = json.loads(capsys.readouterr().out)["measures"][0]
        assert (94.5, 95.0) == (a1["value"], a1["rated_value"])


class TestTables:
    def rows(self, text: str) -> dict[str, dict[str, str]]:
        return {row["measure"]: row for row in csv.DictReader(io.StringIO(text))}

    def test_csv(self) -> None:
        """CSV shows a value as rated already; rated_value, after it, is the same figure."""
        ev = ROUNDED.evaluate({"A1": 94.5, "A2": 94.5, "N1": 1.005}, period=Q4)
        rows = self.rows(ev.to_csv())
        assert [("95", "95"), ("94.5", "94.5"), ("1.01", "1.01"), ("", "")] == [
            (rows[m]["value"], rows[m]["rated_value"]) for m in ("A1", "A2", "N1", "V1")
        ]
        header = ev.to_csv().splitlines()[0].split(",")
        assert "rated_value" == header[header.index("value") + 1]

    def test_csv_of_the_example_year(self) -> None:
        """In every row of the example's year the two columns agree."""
        rows = self.rows(EXAMPLE.evaluate(READINGS, period="2017/18").to_csv())
        assert all(row["value"] == row["rated_value"] for row in rows.values())

    def test_text_and_markdown_show_the_rated_figure(self) -> None:
        """The text and Markdown tables show 95%, the figure rated on target, not 94.5%."""
        ev = ROUNDED.evaluate({"A1": 94.5, "A2": 94.5}, period=Q4)
        text = {line.split()[0]: line for line in ev.to_text().splitlines()[-4:]}
        markdown = [line for line in ev.to_markdown().splitlines() if line.startswith("| A")]
        assert "95%  On or better than target" in text["A1"]
        assert "94.5%  Inside tolerance" in text["A2"]
        assert "| A1 Timeliness | 95% | 95% | 90% | On or better than target |" in markdown[0]
