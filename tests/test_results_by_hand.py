"""Results a performance officer would check by hand: each test states a case, and the
value, status, direction, count or report figure that the documented rules give for it,
worked out in decimals.

Each case here once came out differently from the rules; the figures are exact.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
import re
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.report import Report

GENERATED = datetime.datetime(2018, 7, 9, 9, 0, tzinfo=datetime.timezone.utc)

# A measure rated on the whole percentage, with benchmarks published to one decimal.
ROUNDED = pc.loads(
    """contract "Timeliness" {
    group "Social Care Pathway" {
        measure A2 "Timeliness of single assessments" {
            unit percent
            higher is better
            target 90%
            tolerance 85%
            rounded to 0 dp
            benchmark national 89.6%, regional 90.4%, statistical neighbours 90% for 2017
        }
    }
}"""
)


def benchmark_rows(text: str) -> list[str]:
    """The rows of a Markdown report's benchmarks table."""
    section = text.split("## Benchmarks", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| A2 ")]


class TestBenchmarksOfARoundedMeasure:
    def test_markdown_shows_each_benchmark_and_gap_as_published(self) -> None:
        """89.7% rated as 90% against a national 89.6% is 0.4 better, not "90%, gap 0, better".

        The benchmark is shown to its own decimals, and the gap to as many as the value
        and the benchmark have between them, so the figures agree with the verdict.
        """
        report = Report.build(ROUNDED, {"A2": 89.7}, "2017/18 Q4", generated=GENERATED)
        named = "| A2 Timeliness of single assessments | 90%"
        assert [
            f"{named} | national | 89.6% | 2017 | +0.4 | better |",
            f"{named} | regional | 90.4% | 2017 | -0.4 | worse |",
            f"{named} | statistical neighbours | 90% | 2017 | 0 | same |",
        ] == benchmark_rows(report.to_markdown())

    def test_html_shows_each_benchmark_and_gap_as_published(self) -> None:
        """The HTML page's benchmarks table shows the same figures as the Markdown."""
        page = Report.build(ROUNDED, {"A2": 89.7}, "2017/18 Q4", generated=GENERATED).to_html()
        table = page.split('<table class="benchmarks">', 1)[1].split("</table>", 1)[0]
        cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in table.split("<tr>")[2:]]
        assert [
            ["90%", "national", "89.6%", "2017", "+0.4", "better"],
            ["90%", "regional", "90.4%", "2017", "-0.4", "worse"],
            ["90%", "statistical neighbours", "90%", "2017", "0", "same"],
        ] == cells


def monthly(rows: dict[str, list[object]], first: str = "2024-04") -> pc.Readings:
    """Readings of consecutive months from ``first``, a list of values for each measure
    (None: no row for that month)."""
    year, month = map(int, first.split("-"))
    records = []
    for measure, values in rows.items():
        for i, value in enumerate(values):
            if value is None:  # no row for that month
                continue
            y, m = divmod(month - 1 + i, 12)
            records.append({"measure": measure, "period": f"{year + y}-{m + 1:02}", "value": value})
    return pc.Readings.from_records(records)


# Caseload per social worker: the quarter's mean open cases over its mean staff in post.
CASELOAD = pc.loads(
    """contract "Workforce" {
    reporting monthly
    group "Workforce" {
        measure CL "Average caseload per social worker" {
            unit number
            lower is better
            numerator CASES
            denominator FTE
            target 15
            tolerance 18
        }
        volumetric CASES "Open cases at the month end" { unit number aggregate mean }
        volumetric FTE "Social workers in post (FTE)" { unit number aggregate mean }
        measure T2 "Assessments completed in time" {
            unit percent
            higher is better
            target 38.33%
            tolerance 35%
            rounded to 2 dp
        }
    }
}"""
)


class TestRollUpsAreExact:
    def test_ratio_of_two_means_on_its_target(self) -> None:
        """Cases 30, 30, 31.5 over staff 2, 2, 2.1 is 30.5 / (6.1 / 3) = 15 exactly: on target.

        Each mean was rounded to a float before the division (2.033333333333333), which
        made the caseload 15.000000000000002 and rated it inside tolerance.
        """
        readings = monthly({"CASES": [30, 30, 31.5], "FTE": [2, 2, 2.1]})
        result = CASELOAD.evaluate(readings, period="2024/25 Q1")["CL"]
        assert (15.0, pc.Status.ON_TARGET) == (result.value, result.status)

    def test_year_of_monthly_means_rounds_as_its_decimal(self) -> None:
        """Twelve months adding up to 459.9 have a mean of exactly 38.325, 38.33% at 2 dp.

        The year was the mean of the four quarters' means, each already rounded to a
        float, which came to 38.324999999999996: shown and rated as 38.32%.
        """
        months = [90.2, 94.4, 28.5, 51.7, 24.1, 3.6, 31.7, 0.7, 7.8, 11.0, 61.4, 54.8]
        year = CASELOAD.evaluate(monthly({"T2": months}), period="2024/25")
        result = year["T2"]
        assert (38.325, pc.Status.ON_TARGET) == (result.value, result.status)
        assert "| T2 Assessments completed in time | 38.33% |" in year.to_markdown()

    def test_half_year_of_a_ratio_of_means(self) -> None:
        """Over a half year the means are of six months: 183 / (12.2 / 6 x ...) worked exactly.

        Cases 30, 30, 31.5, 30, 30, 31.5 (mean 30.5) over staff 2, 2, 2.1, 2, 2, 2.1
        (mean 2.0333...) is 15 exactly, on target, as the quarter is.
        """
        readings = monthly({"CASES": [30, 30, 31.5] * 2, "FTE": [2, 2, 2.1] * 2})
        result = CASELOAD.evaluate(readings, period="2024/25 H1")["CL"]
        assert (15.0, pc.Status.ON_TARGET) == (result.value, result.status)

    @settings(database=None, max_examples=60, deadline=None)
    @given(
        st.lists(st.integers(0, 10_000), min_size=12, max_size=12),
        st.lists(st.integers(1, 10_000), min_size=12, max_size=12),
    )
    def test_means_are_the_nearest_float_to_the_decimals(
        self, cases: list[int], staff: list[int]
    ) -> None:
        """A year's mean, and a ratio of means over any quarter, half or year, is the float
        nearest the exact answer worked out from the readings as written (two decimals)."""
        written = {"CASES": [c / 100 for c in cases], "FTE": [f / 100 for f in staff]}
        readings = monthly({"T2": written["CASES"], **written})
        exact = {key: [Fraction(repr(v)) for v in values] for key, values in written.items()}
        for period, months in (
            ("2024/25 Q2", slice(3, 6)),
            ("2024/25 H2", slice(6, 12)),
            ("2024/25", slice(0, 12)),
        ):
            result = CASELOAD.evaluate(readings, period=period)
            top, bottom = exact["CASES"][months], exact["FTE"][months]
            assert float(sum(top) / len(top)) == result["T2"].value
            assert float(sum(top) / sum(bottom)) == result["CL"].value


class TestNotDueIsNeverNoData:
    def test_a_result_in_a_notebook(self) -> None:
        """A notebook's card for a measure not due says why, and shows no value as "no data"."""
        contract = pc.load("examples/dcst-2017-18.contract")  # reported quarterly
        page = contract.evaluate({}, period="2018-01")["A1"]._repr_html_()
        assert "not due (reported quarterly)" in page
        assert "no data" not in page.lower()
        assert "<dt>Value</dt><dd>—</dd>" in page


# Gritting: routes treated on time over routes treated, where only the numerator says
# it is a winter measure.
GRITTING = pc.loads(
    """contract "Highways" {
    reporting monthly
    group "Winter service" {
        measure G1 "Gritting routes treated on time" {
            unit percent
            higher is better
            numerator ONTIME
            denominator ROUTES
            target 95%
        }
        volumetric ONTIME "Routes treated on time" { unit count season October to April }
        volumetric ROUTES "Routes treated" { unit count }
    }
}"""
)


class TestRatioOfASeasonalComponent:
    READINGS = monthly({"ONTIME": [10, None, None], "ROUTES": [100, 100, 100]})

    def test_the_component_season_does_not_apply_to_the_ratio(self) -> None:
        """April to June is 10 on time (April; May and June out of the numerator's season)
        over 300 treated: the numerator has no readings for two of the ratio's months, so
        the quarter is No data, as any ratio with a gap, never 10 / 300 = 3.33%."""
        result = GRITTING.evaluate(self.READINGS, period="2024/25 Q1")["G1"]
        assert result.status is pc.Status.NO_DATA

    def test_a_month_in_season_is_rated(self) -> None:
        """April alone is 10 of 100: 10%."""
        result = GRITTING.evaluate(self.READINGS, period="2024-04")["G1"]
        assert (10.0, pc.Status.OUTSIDE_TOLERANCE) == (result.value, result.status)

    def test_the_component_keeps_its_own_season(self) -> None:
        """The numerator itself, a winter measure, rolls up its in-season month: 10."""
        assert 10.0 == GRITTING.evaluate(self.READINGS, period="2024/25 Q1")["ONTIME"].value


class TestAShareOfAYearsTargetIsShownAsItIs:
    WASTE = pc.load("examples/waste-2024-25.contract")  # V1: 650,000 visits a year, profiled

    def test_a_month_short_of_its_share_does_not_read_as_met(self) -> None:
        """January's share of V1 is 650,000 x 26% / 3 = 56,333.33 visits (tolerance 5% less:
        53,516.67): 56,333 visits is short of it, inside tolerance, and the target is shown
        as 56,333.33, not as the 56,333 that reads as met."""
        evaluation = self.WASTE.evaluate({"V1": 56333}, period="2025-01")
        assert pc.Status.WITHIN_TOLERANCE is evaluation["V1"].status
        row = next(line for line in evaluation.to_markdown().splitlines() if "| V1 " in line)
        assert "| 56,333 | 56,333.33 | 53,516.67 | Inside tolerance |" in row
        record = next(r for r in evaluation._csv_records() if r["measure"] == "V1")
        assert ("56333", "56333.33", "53516.67") == (
            record["value"],
            record["target"],
            record["tolerance"],
        )

    def test_a_whole_target_stays_whole(self) -> None:
        """A quarter's share, 169,000, is shown as 169,000."""
        evaluation = self.WASTE.evaluate({"V1": 170000}, period="2024/25 Q1")
        row = next(line for line in evaluation.to_markdown().splitlines() if "| V1 " in line)
        assert "| 170,000 | 169,000 | 160,550 | On or better than target |" in row


# Counts whose totals are only like for like when they cover as many months.
GRITTED = pc.loads(
    """contract "Highways" {
    reporting monthly
    group "Winter service" {
        measure WG "Gritting runs completed" {
            unit count
            higher is better
            season October to April
            target 10
        }
        measure YV "Visits, year to date" {
            unit count
            higher is better
            window year to date
            target 100
        }
        measure RV "Visits, rolling 3 months" {
            unit count
            higher is better
            window rolling 3 months
            target 100
        }
    }
}"""
)


class TestDirectionOfSummedMeasures:
    READINGS = monthly(
        {"WG": [10] * 7, "YV": [100] * 12, "RV": [100] * 12},  # October 2023 on
        first="2023-10",
    )

    def test_a_quarter_with_fewer_months_in_season_is_not_compared(self) -> None:
        """April to June (April alone in season: 10 runs) against January to March (30 runs)
        is not like for like: no comparison, not "declined"."""
        result = GRITTED.evaluate(self.READINGS, period="2024/25 Q1")["WG"]
        assert (10.0, 30.0, pc.Direction.NONE) == (
            result.value,
            result.previous_value,
            result.direction,
        )
        assert pc.Status.ON_TARGET is result.status  # April's one month's target: 10

    def test_quarters_of_as_many_months_are_compared(self) -> None:
        """January to March (30) against October to December (30): unchanged."""
        result = GRITTED.evaluate(self.READINGS, period="2023/24 Q4")["WG"]
        assert (30.0, 30.0, pc.Direction.UNCHANGED) == (
            result.value,
            result.previous_value,
            result.direction,
        )

    def test_a_year_to_date_total_is_not_compared_with_a_shorter_one(self) -> None:
        """Visits to date at May (200) against to date at April (100) is a longer total, not
        better performance: no comparison, not "improved"."""
        result = GRITTED.evaluate(self.READINGS, period="2024-05")["YV"]
        assert (200.0, 100.0, pc.Direction.NONE) == (
            result.value,
            result.previous_value,
            result.direction,
        )

    def test_a_rolling_total_is_compared(self) -> None:
        """A rolling 3 months' total covers as many months each time: 300 against 300."""
        result = GRITTED.evaluate(self.READINGS, period="2024-05")["RV"]
        assert (300.0, 300.0, pc.Direction.UNCHANGED) == (
            result.value,
            result.previous_value,
            result.direction,
        )
