"""The acceptance test: the example contract reproduces the reference report.

The reference is the council's Quarter 4 2017/18 performance challenge report
on Doncaster Children's Services Trust, to the Children and Young People's
Overview and Scrutiny Panel (24 July 2018): paragraph 21's table, the Trust's
table 2.2, its paragraphs 2.3 and 2.4 (the whole-year view) and its lists 2.5
to 2.8 of measures by status. The contract is ``examples/dcst-2017-18.contract``
and the readings ``examples/dcst-2017-18-readings.csv``, both as shipped.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.evaluation import Evaluation, value_for

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
READINGS = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
RESOLVED = READINGS.resolve(CONTRACT)

OUT, IN, ON, NONE = (
    pc.Status.OUTSIDE_TOLERANCE,
    pc.Status.WITHIN_TOLERANCE,
    pc.Status.ON_TARGET,
    pc.Status.NO_TARGET,
)

# Paragraph 21 of the report, and the Trust's table 2.2: Quarter 4 2017/18.
GROUP_ROWS = [
    ("Social Care Pathway", (1, 3, 3, 0)),
    ("Children in Care", (1, 3, 1, 0)),
    ("Youth Offending Services", (0, 1, 2, 0)),
    ("Family Support Services", (0, 0, 0, 2)),
    ("Workforce", (0, 0, 3, 0)),
]
TOTAL_CELLS = ["2 (10%)", "7 (35%)", "9 (45%)", "2 (10%)"]

# The Trust's lists 2.5 to 2.8 (headed "Quarter 2" in the report, but the
# lists of Quarter 4: they add up to table 2.2).
AT_OR_BETTER_THAN_TARGET = ["A2", "A3", "A6", "B9", "FO2", "FO3", "C14", "C15", "C16"]
WITHIN_TOLERANCE = ["A1", "A8", "A9", "B10", "B13", "B14", "FO1"]
OUTSIDE_TOLERANCE = ["A4", "B8"]
NO_TARGET_SET = ["FS1", "FS2"]


@pytest.fixture(scope="module")
def quarter4() -> Evaluation:
    return CONTRACT.evaluate(READINGS, period="2017/18 Q4")


@pytest.fixture(scope="module")
def whole_year() -> Evaluation:
    return CONTRACT.evaluate(READINGS, period="2017/18")


def ids(results: tuple[pc.MeasureResult, ...]) -> list[str]:
    return [r.measure.id for r in results]


class TestQuarter4Table:
    """Paragraph 21 and table 2.2: the count of measures by status, per service area."""

    def test_caption(self, quarter4: Evaluation) -> None:
        """The table is captioned with the quarter, as the report heads it."""
        assert "Quarter 4 2017/18" == quarter4.summary().caption

    def test_columns(self, quarter4: Evaluation) -> None:
        """The columns are the report's four, in its order, with no No data column."""
        assert [
            "Outside tolerance",
            "Inside tolerance",
            "On or better than target",
            "No target specified",
        ] == [column.label for column in quarter4.summary().columns]

    def test_groups_in_report_order(self, quarter4: Evaluation) -> None:
        """The rows are the report's five service areas, in its order."""
        assert [name for name, _ in GROUP_ROWS] == [row.name for row in quarter4.summary().rows]

    @pytest.mark.parametrize(("group", "counts"), GROUP_ROWS)
    def test_group_row(self, quarter4: Evaluation, group: str, counts: tuple[int, ...]) -> None:
        """Each service area's row holds exactly the report's counts."""
        rows = {row.name: row.counts for row in quarter4.summary().rows}
        assert counts == rows[group]

    def test_total_cells(self, quarter4: Evaluation) -> None:
        """The total row reads 2 (10%), 7 (35%), 9 (45%), 2 (10%)."""
        summary = quarter4.summary()
        assert TOTAL_CELLS == [summary.cell(column) for column in summary.columns]

    def test_total_counts_and_shares(self, quarter4: Evaluation) -> None:
        """Twenty contractual measures, and shares that add up to exactly 100."""
        summary = quarter4.summary()
        assert ((2, 7, 9, 2), (10, 35, 45, 10)) == (summary.total.counts, summary.percentages)

    def test_eighty_percent_within_or_better(self, quarter4: Evaluation) -> None:
        """2.3: eighty percent lie within tolerance or better, 45% at or above target."""
        shares = dict(zip(quarter4.summary().columns, quarter4.summary().percentages, strict=True))
        assert (80, 45) == (shares[IN] + shares[ON], shares[ON])


class TestQuarter4Measures:
    """The measures the report gives figures for."""

    def test_a1_inside_tolerance(self, quarter4: Evaluation) -> None:
        """A1 re-referrals at 26% is inside tolerance: target 22%, tolerance 28%, lower better."""
        a1 = quarter4["A1"]
        assert (26.0, IN, Decimal("22"), Decimal("28")) == (
            a1.value,
            a1.status,
            a1.target,
            a1.tolerance,
        )

    def test_a1_slightly_better(self, quarter4: Evaluation) -> None:
        """A1 is "slightly better in Q4" than Q3."""
        assert pc.Direction.IMPROVED == quarter4["A1"].direction

    def test_a1_worse_than_every_benchmark(self, quarter4: Evaluation) -> None:
        """A1 is worse than the national, regional and statistical neighbours' averages."""
        assert [
            ("national", Decimal("21.9"), "worse"),
            ("regional", Decimal("21.4"), "worse"),
            ("statistical neighbours", Decimal("20.1"), "worse"),
        ] == [(b.comparator, b.benchmark, b.verdict) for b in quarter4["A1"].benchmarks]

    def test_b8_outside_tolerance(self, quarter4: Evaluation) -> None:
        """B8 care proceedings at 76% is outside tolerance: target 90%, tolerance 80%."""
        b8 = quarter4["B8"]
        assert (76.0, OUT, Decimal("90"), Decimal("80")) == (
            b8.value,
            b8.status,
            b8.target,
            b8.tolerance,
        )

    def test_b8_declined(self, quarter4: Evaluation) -> None:
        """B8 shows "a decline in Q4"."""
        assert pc.Direction.DECLINED == quarter4["B8"].direction

    def test_a2_on_target_at_ninety(self, quarter4: Evaluation) -> None:
        """A2 timeliness of single assessments at 90% is on target (25.1)."""
        assert (90.0, ON) == (quarter4["A2"].value, quarter4["A2"].status)

    def test_a8_almost_at_target(self, quarter4: Evaluation) -> None:
        """A8 at 94% is "almost at target and is within tolerance" (25.1)."""
        assert (94.0, IN) == (quarter4["A8"].value, quarter4["A8"].status)


class TestTrustLists:
    """The Trust's 2.3 and its lists 2.5 to 2.8 of measures by status."""

    def test_at_or_better_than_target(self, quarter4: Evaluation) -> None:
        """2.5: nine measures at or better than target."""
        assert AT_OR_BETTER_THAN_TARGET == ids(quarter4.with_status(ON))

    def test_within_tolerance(self, quarter4: Evaluation) -> None:
        """2.6: seven measures within contract tolerance, the areas of potential concern."""
        assert WITHIN_TOLERANCE == ids(quarter4.potential_concerns())

    def test_outside_tolerance(self, quarter4: Evaluation) -> None:
        """2.7: two measures outside contract tolerance, the areas of concern."""
        assert OUTSIDE_TOLERANCE == ids(quarter4.concerns())

    def test_no_target(self, quarter4: Evaluation) -> None:
        """2.8: two measures with no target currently set."""
        assert NO_TARGET_SET == ids(quarter4.with_status(NONE))

    def test_lists_cover_every_contractual_measure(self, quarter4: Evaluation) -> None:
        """The four lists between them hold each contractual measure exactly once."""
        listed = AT_OR_BETTER_THAN_TARGET + WITHIN_TOLERANCE + OUTSIDE_TOLERANCE + NO_TARGET_SET
        assert sorted(ids(quarter4.contractual)) == sorted(listed)

    def test_two_fell_out_of_tolerance(self, quarter4: Evaluation) -> None:
        """2.3: exactly A4 and B8 fell out of tolerance after previously performing within it."""
        assert OUTSIDE_TOLERANCE == ids(quarter4.fell_out_of_tolerance())

    @pytest.mark.parametrize("measure", OUTSIDE_TOLERANCE)
    def test_fell_out_in_the_reports_words(self, quarter4: Evaluation, measure: str) -> None:
        """Each says it fell out of tolerance after previously performing within tolerance."""
        assert (
            "fell out of tolerance after previously performing within tolerance"
            == quarter4[measure].movement
        )

    def test_no_target_measures_improved_or_sustained(self, quarter4: Evaluation) -> None:
        """2.9: positive outcomes on closure (FS1) keep an improving trend."""
        assert pc.Direction.IMPROVED == quarter4["FS1"].direction


class TestWholeYear:
    """2.4: "if calculated for the whole year, 90% … at or better than tolerance"."""

    def test_caption(self, whole_year: Evaluation) -> None:
        """The whole-year table is captioned with the financial year."""
        assert "2017/18" == whole_year.summary().caption

    def test_none_outside(self, whole_year: Evaluation) -> None:
        """None of the measures is outside tolerance over the whole year."""
        assert [] == ids(whole_year.concerns())

    def test_eighteen_at_or_better_than_tolerance(self, whole_year: Evaluation) -> None:
        """18 of the 20 measures are at or better than tolerance over the whole year."""
        assert (18, 20) == (len(whole_year.with_status(IN, ON)), len(whole_year.contractual))

    def test_ninety_percent(self, whole_year: Evaluation) -> None:
        """That is 90% of the measures."""
        summary = whole_year.summary()
        shares = dict(zip(summary.columns, summary.percentages, strict=True))
        assert 90 == shares[IN] + shares[ON]

    def test_two_with_no_target(self, whole_year: Evaluation) -> None:
        """The two Family Support Services measures had no target set."""
        assert NO_TARGET_SET == ids(whole_year.with_status(NONE))

    def test_every_measure_rated(self, whole_year: Evaluation) -> None:
        """Every contractual measure has a year's value rolled up from its four quarters."""
        assert [] == [r.measure.id for r in whole_year.contractual if r.value != r.value]


class TestVolumetric:
    """E1, contacts to social care: context, never rated."""

    @pytest.mark.parametrize(
        ("quarter", "contacts"),
        [("2017/18 Q1", 2097), ("2017/18 Q2", 1866), ("2017/18 Q3", 1962), ("2017/18 Q4", 1789)],
    )
    def test_e1_quarters(self, quarter: str, contacts: int) -> None:
        """E1's quarterly values are the report's 2097, 1866, 1962 and 1789."""
        result = CONTRACT.evaluate(READINGS, period=quarter)["E1"]
        assert (float(contacts), None) == (result.value, result.status)

    def test_e1_year_is_monthly_average(self) -> None:
        """E1 aggregates by mean, so the year is the average of its quarters."""
        year = pc.Period.parse("2017/18")
        assert (2097 + 1866 + 1962 + 1789) / 4 == value_for(RESOLVED, CONTRACT["E1"], year)

    def test_e34_e35_quarter4(self, quarter4: Evaluation) -> None:
        """E34 and E35 are the report's "Q4 average = 1937 / 439", the rate shown as 439."""
        from perfcontract.render import format_value

        e34, e35 = quarter4["E34"], quarter4["E35"]
        assert ("1,937", "439") == (
            format_value(e34.value, e34.measure),
            format_value(e35.value, e35.measure),
        )

    def test_e35_is_e34_over_the_population_the_report_implies(self) -> None:
        """E35 is worked out as E34 per 44,100 children: the population the report's own
        pair "Q4 average = 1937 / 439" implies (1937 / 439 x 10,000, 44,073 to 44,173 for
        a rate that rounds to 439). Each quarter's rate is E34's over it; the year's is the
        year's E34 (a mean) over it, never a mean of the quarters' rates."""
        e35 = CONTRACT["E35"]
        assert (True, "E34", Decimal(44100), 0) == (
            e35.is_ratio,
            e35.numerator,
            e35.denominator,
            e35.rounding,
        )
        # 44,100 lies inside what a Q4 rate rounding to 439 allows.
        assert [44073, 44173] == [round(1937 / rate * 10000) for rate in (439.5, 438.5)]
        quarters = {"2017/18 Q1": 1862, "2017/18 Q2": 1905, "2017/18 Q3": 1968, "2017/18 Q4": 1937}
        for period, e34 in quarters.items():
            at = pc.Period.parse(period)
            assert e34 * 10000 / 44100 == value_for(RESOLVED, e35, at, None, CONTRACT)
        year = pc.Period.parse("2017/18")
        assert sum(quarters.values()) / 4 * 10000 / 44100 == value_for(
            RESOLVED, e35, year, None, CONTRACT
        )

    def test_volumetric_not_counted(self, quarter4: Evaluation) -> None:
        """The three volumetric measures are not in the contractual summary."""
        assert (["E1", "E34", "E35"], 20) == (
            ids(quarter4.volumetric),
            sum(quarter4.summary().total.counts),
        )
