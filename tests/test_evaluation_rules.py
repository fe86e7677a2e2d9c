"""Tests for how measures of SPEC 3.1 are evaluated: ratios, windows, when a measure is due,
the targets of summed measures, and yes/no and grade measures.

The waste contract of SPEC 3.1 (``tests/golden/good/spec-waste-example.contract``)
is the main example: monthly, with a ratio (W1), a ratio with a year-to-date
window (W2), a rolling window (KPI_7), an annual measure (W-4.1), a winter
measure (WS1), a year's target with a profile (V1), yes/no (H1) and a grade
(R1). Smaller contracts are written inline, so each test shows what it
depends on.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import collections
import json
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.evaluation import _values, evaluate, value_for
from perfcontract.periods import Period, PeriodKind

ROOT = Path(__file__).resolve().parents[1]
WASTE = pc.load(ROOT / "tests" / "golden" / "good" / "spec-waste-example.contract")
EXAMPLE_WASTE = pc.load(ROOT / "examples" / "waste-2024-25.contract")
EXAMPLE_WASTE_READINGS = pc.Readings.from_csv(ROOT / "examples" / "waste-2024-25-readings.csv")

OUT, IN, ON, NONE, NO_DATA = (
    pc.Status.OUTSIDE_TOLERANCE,
    pc.Status.WITHIN_TOLERANCE,
    pc.Status.ON_TARGET,
    pc.Status.NO_TARGET,
    pc.Status.NO_DATA,
)
laws = settings(database=None, max_examples=60, deadline=None)

# The months of 2024/25, April first, and of the year before.
MONTHS = [Period.parse(f"2024-{m:02}") for m in range(4, 13)] + [
    Period.parse(f"2025-{m:02}") for m in range(1, 4)
]
EARLIER = [Period.parse(f"2023-{m:02}") for m in range(4, 13)] + [
    Period.parse(f"2024-{m:02}") for m in range(1, 4)
]
YEAR = Period.parse("2024/25")


def readings(rows: Mapping[tuple[str, Any], object]) -> pc.Readings:
    """Readings from {(measure, period): value}."""
    return pc.Readings.from_records(
        {"measure": m, "period": str(p), "value": v} for (m, p), v in rows.items()
    )


def monthly(
    measure: str, values: Sequence[object], months: Sequence[Period] = MONTHS
) -> dict[tuple[str, Any], object]:
    """{(measure, month): value} for consecutive months."""
    return {(measure, month): value for month, value in zip(months, values, strict=False)}


def contract(body: str, header: str = "reporting monthly") -> pc.Contract:
    """A contract with ``header`` and one group holding ``body``."""
    return pc.loads(f'contract "c" {{ {header} group "g" {{ {body} }} }}')


# ---------------------------------------------------------------------------
# Ratio measures


class TestRatio:
    """A ratio's value over any period is the numerator's roll-up over the denominator's."""

    def test_month(self) -> None:
        """W1 in a month: the month's missed bins per 100,000 scheduled collections."""
        got = WASTE.evaluate(
            readings({("W1N", "2024-04"): 46, ("W1D", "2024-04"): 92000}), period="2024-04"
        )["W1"]
        assert (50.0, ON) == (got.value, got.status)

    def test_a_target_met_to_the_decimal(self) -> None:
        """460.98 tonnes recycled of 1,024.4 collected is 45%, on W2's 45% target: the
        decimals divided, not their floats (44.99999999999999, inside tolerance); the
        year so far, a sum over a sum, the same."""
        rows = readings({("W2N", "2024-04"): "460.98", ("W2D", "2024-04"): "1024.4"})
        got = WASTE.evaluate(rows, period="2024-04")["W2"]
        assert (45.0, ON) == (got.value, got.status)
        paid = pc.loads(
            """contract "c" { reporting monthly group "g" {
                measure R "Rate" { unit percent higher is better numerator N denominator D
                    target 45% tolerance 40% }
                volumetric N "Recycled" { unit tonnes }
                volumetric D "Collected" { unit tonnes } }
                payment { charge £420k monthly credit R 1% inside tolerance } }"""
        ).payment({"N": 460.98, "D": 1024.4}, period="2024-04")
        assert (Decimal("0.00"), Decimal("420000.00")) == (paid.total_deduction, paid.payment)

    def test_sum_over_sum_not_mean_of_ratios(self) -> None:
        """A quarter is the quarter's missed bins over its collections: 50.38 here, inside
        tolerance, not the 48.6 that the mean of the monthly rates gives, on target."""
        rows = {
            **monthly("W1N", [30, 60, 111]),
            **monthly("W1D", [100000, 100000, 199000]),
        }
        got = WASTE.evaluate(readings(rows), period="2024/25 Q1")["W1"]
        mean_of_ratios = (30 + 60 + 111 / 1.99) / 3
        assert 201 * 100000 / 399000 == got.value
        assert (50.38, 48.6) == (round(got.value, 2), round(mean_of_ratios, 1))
        assert IN == got.status  # the mean of ratios would read on target

    def test_year_from_months(self) -> None:
        """A year of a monthly ratio: twelve months of each component summed, then divided."""
        rows = {**monthly("W1N", range(40, 52)), **monthly("W1D", range(90000, 102000, 1000))}
        got = WASTE.evaluate(readings(rows), period=YEAR)["W1"]
        assert math.fsum(range(40, 52)) * 100000 / math.fsum(range(90000, 102000, 1000)) == (
            got.value
        )

    def test_component_row_for_the_period_wins(self) -> None:
        """A component's own row for the quarter is its roll-up, as for any measure."""
        rows = {
            **monthly("W1N", [1, 1, 1]),
            ("W1N", "2024/25 Q1"): 150,
            ("W1D", "2024/25 Q1"): 300000,
        }
        assert 50.0 == WASTE.evaluate(readings(rows), period="2024/25 Q1")["W1"].value

    def test_number_denominator_is_the_same_every_period(self) -> None:
        """Children in need per 10,000 of a population of 44,100: the quarter's mean count
        over the population, the same in a quarter and a year."""
        c = contract(
            """volumetric E34 "Children in need" { unit count aggregate mean }
            volumetric E35 "Per 10,000" { unit rate per 10000 numerator E34 denominator 44,100 }""",
            header="reporting quarterly",
        )
        rows = {
            ("E34", f"2017/18 Q{q}"): v
            for q, v in zip(range(1, 5), [1800, 1900, 2000, 1937], strict=True)
        }
        ev = c.evaluate(readings(rows), period="2017/18 Q4")
        year = c.evaluate(readings(rows), period="2017/18")
        assert 1937 * 10000 / 44100 == ev["E35"].value
        assert 7637 / 4 * 10000 / 44100 == year["E35"].value
        assert 439 == round(ev["E35"].value)  # the reference report's Q4 rate

    def test_number_numerator(self) -> None:
        """A number may be the numerator: staff per 1,000 residents, say."""
        c = contract(
            """volumetric P "Residents" { unit count }
            volumetric R "Staff per 1,000 residents" { unit rate per 1000 numerator 250
                denominator P }"""
        )
        assert 2.5 == c.evaluate({"P": 100000}, period="2024-04")["R"].value

    @pytest.mark.parametrize(
        ("denominator", "numerator"),
        [(0, 5), ("", 5), (None, 5), (1000, ""), (1000, None)],
    )
    def test_zero_or_missing_is_no_data(self, denominator: object, numerator: object) -> None:
        """A zero or missing denominator, or a missing numerator, is No data for the period."""
        rows = {("W1N", "2024-04"): numerator, ("W1D", "2024-04"): denominator}
        rows = {k: v for k, v in rows.items() if v is not None}
        got = WASTE.evaluate(readings(rows), period="2024-04")["W1"]
        assert (NO_DATA, True) == (got.status, math.isnan(got.value))

    def test_a_missing_month_leaves_the_quarter_without_a_value(self) -> None:
        """The quarter's sum needs every month of each component."""
        rows = {**monthly("W1N", [30, 60, 111]), **monthly("W1D", [100000, 100000])}
        assert NO_DATA == WASTE.evaluate(readings(rows), period="2024/25 Q1")["W1"].status

    def test_zero_numerator_is_a_value(self) -> None:
        """No missed bins at all is a rate of 0, on target."""
        rows = {("W1N", "2024-04"): 0, ("W1D", "2024-04"): 90000}
        got = WASTE.evaluate(readings(rows), period="2024-04")["W1"]
        assert (0.0, ON) == (got.value, got.status)

    def test_percent_scale(self) -> None:
        """A percent ratio is times 100, worked out so that 45 of 100 is exactly 45."""
        c = contract(
            """volumetric N "n" { unit count } volumetric D "d" { unit count }
            measure P "p" { unit percent higher is better numerator N denominator D target 45% }"""
        )
        assert 45.0 == c.evaluate({"N": 45, "D": 100}, period="2024-04")["P"].value

    def test_ratio_of_a_ratio(self) -> None:
        """A component that is a ratio itself is its own sum over sum over the period."""
        c = contract(
            """volumetric N "n" { unit count } volumetric D "d" { unit count }
            volumetric E "e" { unit count }
            volumetric X "n per d" { unit number numerator N denominator D }
            volumetric Y "x per e" { unit number numerator X denominator E }"""
        )
        rows = {**monthly("N", [1, 2, 3]), **monthly("D", [4, 4, 4]), **monthly("E", [2, 2, 2])}
        got = c.evaluate(readings(rows), period="2024/25 Q1")
        assert (6 / 12, 6 / 12 / 6) == (got["X"].value, got["Y"].value)

    def test_unknown_component_has_no_value(self) -> None:
        """A ratio built in code with a component the contract lacks has no value, not an
        error (the checker refuses one written in a contract)."""
        import attrs

        odd = attrs.evolve(WASTE["W1"], numerator="NOPE")
        groups = (attrs.evolve(WASTE.groups[0], measures=(odd, WASTE["W1D"])),)
        c = attrs.evolve(WASTE, groups=groups)
        assert math.isnan(c.evaluate({"W1D": 5}, period="2024-04")["W1"].value)

    def test_value_for_needs_the_contract(self) -> None:
        """value_for works a ratio out from the contract's components; without it, says so."""
        resolved = readings({("W1N", "2024-04"): 46, ("W1D", "2024-04"): 92000}).resolve(WASTE)
        april = Period.parse("2024-04")
        assert 50.0 == value_for(resolved, WASTE["W1"], april, contract=WASTE)
        with pytest.raises(ValueError, match="W1 is a ratio of W1N and W1D: pass the contract"):
            value_for(resolved, WASTE["W1"], april)

    @laws
    @given(
        st.lists(st.integers(0, 10**6), min_size=12, max_size=12),
        st.lists(st.integers(0, 10**7), min_size=12, max_size=12),
        st.sampled_from(
            [*MONTHS, *YEAR.quarters(), *YEAR.halves(), YEAR],
        ),
    )
    def test_equals_sum_over_sum(
        self, numerators: list[int], denominators: list[int], period: Period
    ) -> None:
        """Any readings, any period: the ratio is the sum of the numerators over the sum of
        the denominators of the period's months, times the scale; No data when that sum is
        0."""
        rows = {**monthly("W1N", numerators), **monthly("W1D", denominators)}
        got = WASTE.evaluate(readings(rows), period=period)["W1"].value
        chosen = [i for i, m in enumerate(MONTHS) if period.contains(m)]
        top = math.fsum(numerators[i] for i in chosen)
        bottom = math.fsum(denominators[i] for i in chosen)
        if bottom == 0:
            assert math.isnan(got)
        else:
            assert top * 100000 / bottom == got


# ---------------------------------------------------------------------------
# Windows


class TestWindow:
    """`window year to date` and `window rolling N months`, ending with the period rated."""

    def test_year_to_date_of_a_ratio(self) -> None:
        """W2 in June: April to June's tonnes recycled over April to June's collected."""
        rows = {**monthly("W2N", [400, 500, 450]), **monthly("W2D", [1000, 1000, 1000])}
        got = WASTE.evaluate(readings(rows), period="2024-06")["W2"]
        assert (45.0, ON) == (got.value, got.status)

    def test_year_to_date_restarts_with_the_year(self) -> None:
        """April's year to date is April alone."""
        rows = {**monthly("W2N", [400] * 12, EARLIER), **monthly("W2D", [800] * 12, EARLIER)}
        rows |= {("W2N", "2024-04"): 300, ("W2D", "2024-04"): 1000}
        got = WASTE.evaluate(readings(rows), period="2024-04")["W2"]
        assert (30.0, 50.0) == (got.value, got.previous_value)

    def test_rolling_months_cross_the_year_end(self) -> None:
        """KPI_7 in April 2024: February to April, across the financial year's end."""
        rows = {("KPI_7", "2024-02"): 90, ("KPI_7", "2024-03"): 93, ("KPI_7", "2024-04"): 96}
        got = WASTE.evaluate(readings(rows), period="2024-04")["KPI_7"]
        assert (93.0, IN) == (got.value, got.status)

    def test_a_gap_in_the_window_is_no_data(self) -> None:
        """A window with a missing reporting period is No data, as any roll-up with a gap."""
        rows = {("KPI_7", "2024-02"): 90, ("KPI_7", "2024-04"): 96}
        assert NO_DATA == WASTE.evaluate(readings(rows), period="2024-04")["KPI_7"].status

    def test_longer_period_takes_the_window_at_its_end(self) -> None:
        """A quarter or a year of a rolling 3 months measure is its last three months; year to
        date at a quarter is the year so far."""
        rows = monthly("KPI_7", range(80, 92))
        got = WASTE.evaluate(readings(rows), period=YEAR)["KPI_7"]
        assert (89 + 90 + 91) / 3 == got.value
        w2 = {**monthly("W2N", range(1, 13)), **monthly("W2D", [20] * 12)}
        q2 = WASTE.evaluate(readings(w2), period="2024/25 Q2")["W2"]
        assert math.fsum(range(1, 7)) * 100 / 120 == q2.value

    def test_direction_compares_the_window_before(self) -> None:
        """The direction of travel compares this period's window with the one before."""
        rows = monthly("KPI_7", [90, 96, 93, 99])
        got = WASTE.evaluate(readings(rows), period="2024-07")["KPI_7"]
        assert (96.0, 93.0, pc.Direction.IMPROVED) == (
            got.value,
            got.previous_value,
            got.direction,
        )

    def test_plain_summed_window(self) -> None:
        """A count with a year-to-date window sums the year so far, against the targets of
        the months so far."""
        c = contract(
            """measure C "c" { unit count higher is better target 100 tolerance 90
                window year to date }"""
        )
        got = c.evaluate(readings(monthly("C", [100, 100, 85])), period="2024-06")["C"]
        assert (285.0, Decimal("300"), Decimal("270"), IN) == (
            got.value,
            got.target,
            got.tolerance,
            got.status,
        )

    def test_trend_points_are_window_values(self) -> None:
        """A report's trend shows each month's window, not its reading."""
        rows = monthly("KPI_7", [90, 93, 96, 99, 90, 90])
        report = pc.Report.build(WASTE, readings(rows), "2024-09", history=4)
        assert [93.0, 96.0, 95.0, 93.0] == [p.value for p in report["KPI_7"].trend]

    @laws
    @given(
        st.lists(st.integers(0, 1000), min_size=12, max_size=12),
        st.integers(1, 12),
        st.sampled_from(["sum", "mean", "min", "max", "last"]),
    )
    def test_year_to_date_at_the_year_end_is_the_year(
        self, values: list[int], upto: int, aggregate: str
    ) -> None:
        """Year to date at the last month of the year is the year without a window; at any
        month it is the months so far rolled up directly."""
        c = contract(
            f"""volumetric P "plain" {{ unit number aggregate {aggregate} }}
            volumetric Y "to date" {{ unit number aggregate {aggregate}
                window year to date }}"""
        )
        rows = readings({**monthly("P", values), **monthly("Y", values)})
        assert c.evaluate(rows, period=YEAR)["P"].value == pytest.approx(
            c.evaluate(rows, period=MONTHS[-1])["Y"].value, rel=1e-12
        )
        assert (
            c.evaluate(rows, period=YEAR)["Y"].value
            == c.evaluate(rows, period=MONTHS[-1])["Y"].value
        )
        so_far = values[:upto]
        direct = {
            "sum": math.fsum(so_far),
            "mean": math.fsum(so_far) / upto,
            "min": min(so_far),
            "max": max(so_far),
            "last": so_far[-1],
        }[aggregate]
        assert direct == c.evaluate(rows, period=MONTHS[upto - 1])["Y"].value

    @laws
    @given(
        st.lists(st.one_of(st.none(), st.integers(0, 1000)), min_size=24, max_size=24),
        st.integers(1, 12),
        st.integers(0, 23),
    )
    def test_rolling_window_equals_a_direct_computation(
        self, values: list[int | None], length: int, at: int
    ) -> None:
        """Rolling N months at a month is the mean of that month and the N - 1 before it,
        or No data when any of them is missing."""
        c = contract(f"""volumetric R "rolling" {{ unit number window rolling {length} months }}""")
        months = EARLIER + MONTHS
        rows = {("R", m): v for m, v in zip(months, values, strict=True) if v is not None}
        got = c.evaluate(readings(rows), period=months[at])["R"].value
        window = values[max(0, at - length + 1) : at + 1]
        if at - length + 1 < 0 or any(v is None for v in window):
            assert math.isnan(got)
        else:
            assert math.fsum(v for v in window if v is not None) / length == got


# ---------------------------------------------------------------------------
# When a measure is due


SURVEY_ROWS = {("W-4.1", "2024/25"): 71, ("W-4.1", "2023/24"): 66}


class TestDue:
    """A measure not due in a period has no value and no status, and is counted nowhere."""

    @pytest.mark.parametrize("period", ["2024-05", "2024/25 Q1", "2024/25 H1"])
    def test_annual_measure_in_a_shorter_period(self, period: str) -> None:
        """The annual survey is not due in a month, a quarter or a half year."""
        got = WASTE.evaluate(readings(SURVEY_ROWS), period=period)["W-4.1"]
        assert (False, None, None, "not due (reported annually)") == (
            got.due,
            got.status,
            got.previous_status,
            got.not_due,
        )
        assert math.isnan(got.value)
        assert pc.Direction.NONE == got.direction
        assert () == got.benchmarks

    def test_annual_measure_in_its_year(self) -> None:
        """The annual survey is rated in its year, against the year before."""
        got = WASTE.evaluate(readings(SURVEY_ROWS), period=YEAR)["W-4.1"]
        assert (True, "", 71.0, ON, 66.0, IN) == (
            got.due,
            got.not_due,
            got.value,
            got.status,
            got.previous_value,
            got.previous_status,
        )

    @pytest.mark.parametrize("period", ["2024-05", "2024-09", "2024/25 Q2"])
    def test_out_of_season(self, period: str) -> None:
        """The winter gritting measure is out of season from May to September."""
        got = WASTE.evaluate(readings({("WS1", "2024-04"): 100}), period=period)["WS1"]
        assert (False, None, "out of season") == (got.due, got.status, got.not_due)

    def test_first_month_of_season_has_no_previous(self) -> None:
        """October's gritting is not compared with September's, which was out of season."""
        rows = {("WS1", "2024-10"): 97}
        got = WASTE.evaluate(readings(rows), period="2024-10")["WS1"]
        assert (OUT, None, pc.Direction.NONE) == (
            got.status,
            got.previous_status,
            got.direction,
        )

    def test_quarter_of_a_seasonal_measure_rolls_up_in_season_months(self) -> None:
        """Quarter 1 of a winter measure is April alone; the year is the mean of its seven
        winter months, not of its quarters' means."""
        winter = [99.0, None, None, None, None, None, 97.0, 98.0, 100.0, 100.0, 96.0, 99.0]
        rows = {k: v for k, v in monthly("WS1", winter).items() if v is not None}
        q1 = WASTE.evaluate(readings(rows), period="2024/25 Q1")["WS1"]
        year = WASTE.evaluate(readings(rows), period=YEAR)["WS1"]
        assert (99.0, IN) == (q1.value, q1.status)
        assert pytest.approx((99 + 97 + 98 + 100 + 100 + 96 + 99) / 7, rel=1e-15) == year.value
        quarter_means = (99 + (97 + 98 + 100) / 3 + (100 + 96 + 99) / 3) / 3
        assert round(quarter_means, 6) != round(year.value, 6)

    def test_seasonal_periods_together(self) -> None:
        """A year, its halves and its quarters of a seasonal measure worked out in one table
        are each what they are alone."""
        winter = [99, None, None, None, None, None, 97, 98, 100, 100, 96, 99]
        rows = {k: v for k, v in monthly("WS1", winter).items() if v is not None}
        resolved = readings(rows).resolve(WASTE)
        periods = [YEAR, *YEAR.halves(), *YEAR.quarters()]
        together, due, _ = _values(resolved, [WASTE["WS1"]], periods, None)
        alone = [value_for(resolved, WASTE["WS1"], p) for p in periods]
        assert [repr(v) for v in alone] == [repr(v) for v in together[0].tolist()]
        assert [True, True, True, True, False, True, True] == due[0].tolist()

    def test_seasonal_summed_measure(self) -> None:
        """A winter count sums its in-season months, against their targets only."""
        c = contract(
            """measure G "Gritting runs" { unit count higher is better target 10
                season October to April }"""
        )
        rows = monthly("G", [10, None, None, None, None, None, 10, 10, 10, 10, 10, 10])
        got = c.evaluate(readings({k: v for k, v in rows.items() if v is not None}), period=YEAR)
        assert (70.0, Decimal("70"), ON) == (got["G"].value, got["G"].target, got["G"].status)

    def test_half_year(self) -> None:
        """A half year is a period: H1 of a monthly measure rolls up its six months, against
        the H2 before."""
        rows = monthly("T1", [1, 2, 3, 4, 5, 6, 2, 2, 2, 2, 2, 2], EARLIER) | monthly(
            "T1", [1, 1, 1, 1, 1, 7]
        )
        got = WASTE.evaluate(readings(rows), period="2024/25 H1")["T1"]
        assert (2.0, 2.0, Period.parse("2024/25 H1")) == (
            got.value,
            got.previous_value,
            got.period,
        )
        assert "2024/25 H1" == WASTE.evaluate(readings(rows), period="2024/25 H1").summary().caption

    def test_half_year_of_a_quarterly_contract(self) -> None:
        """H2 of a quarterly measure is the mean of Q3 and Q4."""
        reference = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
        resolved = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        got = reference.evaluate(resolved, period="2017/18 H2")["A1"]
        assert (26.4, 27.6) == (got.value, got.previous_value)

    def test_a_not_due_measure_is_not_counted(self) -> None:
        """In May, the survey and the gritting measure are in no column of the summary."""
        summary = WASTE.evaluate(readings(SURVEY_ROWS), period="2024-05").summary()
        assert len(WASTE.contractual) - 2 == sum(summary.total.counts)
        assert 7 == summary.total[NO_DATA]

    NOTHING_DUE = """contract "c" { reporting monthly
        group "Annual" { measure A "a" { unit percent higher is better target 90%
            reporting annually } }
        group "Monthly" { measure M "m" { unit percent higher is better target 90% } }
        group "Context" { volumetric V "v" { unit count } } }"""

    def test_a_group_with_nothing_due_keeps_its_row(self) -> None:
        """A group whose measures are all not due keeps its row, all 0, in contract order;
        its measure is in the note; a group of volumetric measures only has no row."""
        c = pc.loads(self.NOTHING_DUE)
        summary = c.evaluate({"M": 95, "V": 3}, period="2024-05").summary()
        assert [("Annual", (0, 0, 0, 0)), ("Monthly", (0, 0, 1, 0))] == [
            (row.name, row.counts) for row in summary.rows
        ]
        assert ((0, 0, 1, 0), (0, 0, 100, 0)) == (summary.total.counts, summary.percentages)
        assert "Not counted: 1 measure not due (reported annually)." == summary.note

    def test_the_same_rows_every_period(self) -> None:
        """Month, quarter and year: the table has the same rows, whatever is due."""
        c = pc.loads(self.NOTHING_DUE)
        readings = pc.Readings.from_mapping({"M": 95, "A": 80}, "2024/25")
        rows = {
            period: [row.name for row in c.evaluate(readings, period=period).summary().rows]
            for period in ("2024-05", "2024/25 Q1", "2024/25")
        }
        assert {period: ["Annual", "Monthly"] for period in rows} == rows

    def test_nothing_due_at_all(self) -> None:
        """A period in which no measure is due: every group's row all 0, totals 0 (0%)."""
        c = pc.loads(
            """contract "c" { reporting monthly
            group "Gritting" { measure A "a" { unit percent higher is better target 90%
                season October to April } } }"""
        )
        summary = c.evaluate({}, period="2024-07").summary()
        assert ([("Gritting", (0, 0, 0, 0))], ["0 (0%)"] * 4) == (
            [(row.name, row.counts) for row in summary.rows],
            [summary.cell(column) for column in summary.columns],
        )

    def test_listings_say_not_due_never_no_data(self) -> None:
        """Text, Markdown, HTML, CSV and JSON say why the survey is not due, in May."""
        ev = WASTE.evaluate(readings(SURVEY_ROWS), period="2024-05")
        survey = "not due (reported annually)"
        line = next(line for line in ev.to_text().splitlines() if line.startswith("W-4.1"))
        assert line.endswith(survey)
        assert "no data" not in line
        md = next(line for line in ev.to_markdown().splitlines() if "W-4.1" in line)
        assert f"| {survey} |" in md
        assert "No data" not in md
        assert f'<span class="status not-due">{survey}</span>' in ev.to_html()
        record = next(r for r in json.loads(ev.to_json())["measures"] if r["measure"] == "W-4.1")
        assert (survey, None) == (record["status"], record["value"])
        assert f"{survey}," in next(row for row in ev.to_csv().splitlines() if "W-4.1" in row)
        gritting = next(r for r in ev.to_records() if r["measure"] == "WS1")
        assert "out of season" == gritting["status"]

    def test_report_lists_not_due_measures_apart(self) -> None:
        """The report gives not-due measures their own section, and no card or count."""
        rows = SURVEY_ROWS | monthly("T1", [3, 3])
        report = pc.Report.build(WASTE, readings(rows), "2024-05", history=2)
        assert ["W-4.1", "WS1"] == [e.id for e in report.section(pc.Section.NOT_DUE)]
        markdown = report.to_markdown()
        assert "## Not due this period" in markdown
        assert "- **W-4.1** Annual residents' satisfaction survey: not due (reported annually)" in (
            markdown
        )
        assert "not due → not due" in markdown
        html = report.to_html()
        assert '<section id="not-due" class="rag grey">' in html
        assert "2024-04 not due, 2024-05 not due" in html  # the trend line's title

    def test_report_summary_says_what_it_left_out(self) -> None:
        """The report's summary, in Markdown and HTML, has the note under its table."""
        rows = SURVEY_ROWS | monthly("T1", [3, 3])
        report = pc.Report.build(WASTE, readings(rows), "2024-05", history=2)
        note = "Not counted: 1 measure not due (reported annually), 1 out of season."
        markdown = report.to_markdown()
        assert "| **Total** " in markdown
        summary_part = markdown.split("## Summary", 1)[1]
        assert f"\n\n{note}\n" in summary_part.split("\n## ", 1)[0]
        assert f'</table><p class="summary-note">{note}</p>' in report.to_html()

    def test_volumetric_measure_not_due(self) -> None:
        """A volumetric annual measure shows why it has no value, in the report's table."""
        c = contract(
            """measure M "m" { unit percent higher is better target 90% }
            volumetric V "v" { unit count reporting annually }"""
        )
        report = pc.Report.build(c, {"M": 95}, "2024-05", history=1)
        assert pc.Section.VOLUMETRIC == report["V"].section
        assert "| V v | not due (reported annually) |" in report.to_markdown()

    @laws
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(list(pc.Reporting)),
                st.one_of(st.none(), st.tuples(st.integers(1, 12), st.integers(1, 12))),
            ),
            min_size=1,
            max_size=6,
        ),
        st.sampled_from([*MONTHS[:4], *YEAR.quarters()[:2], YEAR.halves()[0], YEAR]),
    )
    def test_not_due_is_never_counted(
        self, schedules: list[tuple[pc.Reporting, tuple[int, int] | None]], period: Period
    ) -> None:
        """Whatever the measures' frequencies and seasons, the summary counts exactly the
        contractual measures due in the period, each with a status, the rest with none."""
        import attrs

        base = WASTE["T1"]
        measures = tuple(
            attrs.evolve(
                base,
                id=f"M{i}",
                reporting=reporting,
                season=None
                if season is None or reporting is pc.Reporting.ANNUALLY
                else pc.Season(*season),
            )
            for i, (reporting, season) in enumerate(schedules)
        )
        c = attrs.evolve(WASTE, groups=(attrs.evolve(WASTE.groups[0], measures=measures),))
        ev = c.evaluate({m.id: 3 for m in measures if m.due_in(period)}, period=period)
        due = [r for r in ev if r.due]
        assert [m.due_in(period) for m in measures] == [r.due for r in ev]
        assert len(due) == sum(ev.summary().total.counts)
        assert all(r.status is not None for r in due)
        assert all(r.status is None and r.not_due for r in ev if not r.due)
        # ... and its note counts the rest, each under its reason.
        not_counted = dict(ev.summary().not_counted)
        assert len(measures) - len(due) == sum(not_counted.values())
        assert collections.Counter(r.not_due for r in ev if not r.due) == not_counted

    def test_summary_says_what_it_left_out(self) -> None:
        """In May the summary's note says the survey (annual) and gritting (out of season)
        are not counted; in March, gritting is in season again."""
        may = WASTE.evaluate(readings(SURVEY_ROWS), period="2024-05").summary()
        assert (
            (("not due (reported annually)", 1), ("out of season", 1)),
            "Not counted: 1 measure not due (reported annually), 1 out of season.",
        ) == (may.not_counted, may.note)
        assert may.note == may.to_text().splitlines()[-1]
        march = WASTE.evaluate(readings(SURVEY_ROWS), period="2025-03").summary()
        assert (("not due (reported annually)", 1),) == march.not_counted

    @pytest.mark.parametrize("period", [*MONTHS, *YEAR.quarters(), *YEAR.halves(), YEAR])
    def test_every_period_of_the_example_adds_up(self, period: Period) -> None:
        """In every month, quarter, half and the year of the waste example, the summary's
        counts and the measures it says it did not count make up every contractual measure;
        a period with every measure due has no note."""
        ev = EXAMPLE_WASTE.evaluate(EXAMPLE_WASTE_READINGS, period=period)
        summary = ev.summary()
        left_out = sum(n for _, n in summary.not_counted)
        assert len(EXAMPLE_WASTE.contractual) == sum(summary.total.counts) + left_out
        assert (left_out == 0) == (summary.note == "")
        assert left_out == sum(not r.due for r in ev.contractual)


# ---------------------------------------------------------------------------
# Targets of summed measures


class TestSummedTargets:
    """A summed measure's target is per reporting period and adds up over longer ones."""

    COUNT = contract(
        """measure C "Visits" { unit count higher is better target 100 tolerance 90
            target 110 from 2024-10 tolerance 95 from 2024-10 }"""
    )

    @pytest.mark.parametrize(
        ("period", "target", "tolerance"),
        [
            ("2024-04", "100", "90"),
            ("2024/25 Q1", "300", "270"),
            ("2024/25 H2", "660", "570"),
            ("2024/25", "1260", "1110"),
        ],
    )
    def test_sum_over_reporting_periods(self, period: str, target: str, tolerance: str) -> None:
        """Three months' targets in a quarter; dated terms month by month in a year."""
        m = self.COUNT["C"]
        assert (Decimal(target), Decimal(tolerance)) == (
            m.target_at(period),
            m.tolerance_at(period),
        )

    def test_pennies_meet_the_summed_target_to_the_penny(self) -> None:
        """Three months of £0.10 spend are £0.30, on a quarter's target of £0.30: the
        decimals as written add up, not their floats (0.30000000000000004, over target).
        A mean of 0.1%, 0.2% and 0.15% is 0.15%, on a target of at most 0.15%."""
        c = contract(
            """measure M "Spend" { unit money lower is better target £0.10 tolerance £0.20 }
            measure P "Share" { unit percent lower is better target 0.15% tolerance 0.5% }"""
        )
        rows = {**monthly("M", ["£0.10"] * 3), **monthly("P", ["0.1%", "0.2%", "0.15%"])}
        got = c.evaluate(readings(rows), period="2024/25 Q1")
        assert (0.3, Decimal("0.30"), ON) == (got["M"].value, got["M"].target, got["M"].status)
        assert (0.15, ON) == (got["P"].value, got["P"].status)
        year = c.evaluate(readings(monthly("M", ["£0.10"] * 12)), period=YEAR)["M"]
        assert (1.2, ON) == (year.value, year.status)

    def test_rated_against_the_summed_target(self) -> None:
        """A quarter's 285 visits is inside the quarter's tolerance of 270, not far above a
        month's target of 100."""
        got = self.COUNT.evaluate(readings(monthly("C", [100, 100, 85])), period="2024/25 Q1")
        assert (285.0, Decimal("300"), Decimal("270"), IN) == (
            got["C"].value,
            got["C"].target,
            got["C"].tolerance,
            got["C"].status,
        )

    def test_no_target_in_part_of_the_period(self) -> None:
        """A year with months of no target has no target: its sum would be the wrong size."""
        c = contract(
            """measure C "c" { unit count higher is better no target
                target 100 from 2024-10 }"""
        )
        assert (None, Decimal("600")) == (c["C"].target_at(YEAR), c["C"].target_at("2024/25 H2"))
        got = c.evaluate(readings(monthly("C", [1] * 12)), period=YEAR)["C"]
        assert NONE == got.status

    @pytest.mark.parametrize(
        ("period", "target", "tolerance"),
        [
            ("2024/25 Q1", "169000", "160550"),
            ("2024/25 Q3", "149500", "142025"),
            ("2024/25 H2", "318500", "302575"),
            ("2024/25", "650000", "617500"),
            ("2024-04", "56333.33333333333333333333333", "53516.66666666666666666666666"),
        ],
    )
    def test_a_year_by_profile(self, period: str, target: str, tolerance: str) -> None:
        """V1's 650,000 a year, 26/25/23/26% by quarter, a third of a quarter each month;
        its margin of 5% applies to each period's own target."""
        v1 = WASTE["V1"]
        assert (Decimal(target), Decimal(tolerance)) == (
            v1.target_at(period),
            v1.tolerance_at(period),
        )

    def test_a_year_the_issue_describes(self) -> None:
        """The year's 646,000 visits is rated against 650,000, not a quarter's 169,000."""
        rows = monthly("V1", [53833] * 11 + [53837])
        got = WASTE.evaluate(readings(rows), period=YEAR)["V1"]
        assert (Decimal("650000"), IN) == (got.target, got.status)

    def test_a_year_split_equally(self) -> None:
        """Without a profile the year's target is split equally, month by month."""
        c = contract("""measure C "c" { unit count higher is better target 1,200 a year
            tolerance 1,080 a year }""")
        m = c["C"]
        assert (Decimal("100"), Decimal("300"), Decimal("1200"), Decimal("270")) == (
            m.target_at("2024-05"),
            m.target_at("2024/25 Q2"),
            m.target_at(YEAR),
            m.tolerance_at("2024/25 Q2"),
        )

    def test_a_year_by_months(self) -> None:
        """Twelve shares split the year month by month, and add up three by three."""
        shares = "5%, 5%, 5%, 10%, 10%, 10%, 5%, 5%, 10%, 15%, 10%, 10%"
        c = contract(f"""measure C "c" {{ unit count higher is better target 2,000 a year
            profile {shares} tolerance within 10% of target }}""")
        m = c["C"]
        assert [Decimal(v) for v in ("100", "300", "600", "400", "700")] == [
            m.target_at(p)
            for p in ("2024-04", "2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4")
        ]

    def test_a_year_of_a_seasonal_measure(self) -> None:
        """A winter measure's year is split over its seven winter months."""
        c = contract("""measure G "g" { unit count higher is better target 700 a year
            season October to April }""")
        m = c["G"]
        assert (Decimal("100"), None, Decimal("300"), Decimal("700")) == (
            m.target_at("2024-04"),
            m.target_at("2024-05"),
            m.target_at("2024/25 Q3"),
            m.target_at(YEAR),
        )

    def test_quarterly_measure_in_a_year(self) -> None:
        """A quarterly count's year target is four quarters' targets."""
        c = contract(
            """measure C "c" { unit count higher is better target 250 }""",
            header="reporting quarterly",
        )
        assert (Decimal("250"), Decimal("1000"), None) == (
            c["C"].target_at("2024/25 Q1"),
            c["C"].target_at(YEAR),
            c["C"].target_at("2024-04"),
        )

    def test_points_margin_applies_once(self) -> None:
        """`within 10 points of target` is the period's target less 10, not 10 a month."""
        c = contract("""measure C "c" { unit count higher is better target 100
            tolerance within 10 points of target }""")
        assert Decimal("290") == c["C"].tolerance_at("2024/25 Q1")

    def test_no_tolerance_in_part_of_the_period(self) -> None:
        """A month without a tolerance counts as its target."""
        c = contract("""measure C "c" { unit count higher is better target 100
            tolerance 90 from 2024-06 }""")
        assert Decimal("290") == c["C"].tolerance_at("2024/25 Q1")

    def test_band_targets_add_up(self) -> None:
        """A summed measure's band adds up end by end."""
        c = contract("""measure C "c" { unit count target between 10 and 20
            tolerance between 5 and 25 }""")
        assert (pc.Band(Decimal(30), Decimal(60)), pc.Band(Decimal(15), Decimal(75))) == (
            c["C"].target_at("2024/25 Q1"),
            c["C"].tolerance_at("2024/25 Q1"),
        )

    def test_averaged_measure_keeps_its_target(self) -> None:
        """A measure that rolls up by mean has the same target in every period."""
        assert (Decimal("2"), Decimal("2")) == (
            WASTE["T1"].target_at("2024-04"),
            WASTE["T1"].target_at(YEAR),
        )

    @laws
    @given(
        st.integers(1, 10**12),
        st.one_of(
            st.lists(st.integers(0, 10000), min_size=4, max_size=4),
            st.lists(st.integers(0, 10000), min_size=12, max_size=12),
        ).filter(lambda shares: sum(shares) > 0),
        st.sampled_from([pc.Reporting.MONTHLY, pc.Reporting.QUARTERLY]),
    )
    def test_quarters_of_a_profile_add_up_to_the_year(
        self, year: int, weights: list[int], reporting: pc.Reporting
    ) -> None:
        """Whatever the profile (shares with two decimals, adding up to 100%) and the
        frequency, the quarters' targets add up to the year's exactly, and so do the
        halves', and the months' when monthly."""
        import attrs

        total = sum(weights)
        shares = [Decimal(w * 10000 // total) / 100 for w in weights]
        shares[-1] += 100 - sum(shares)
        v1 = attrs.evolve(WASTE["V1"], profile=tuple(shares), reporting=reporting)
        v1 = attrs.evolve(v1, targets=(attrs.evolve(v1.targets[0], value=Decimal(year)),))
        assert Decimal(year) == v1.target_at(YEAR)
        assert Decimal(year) == sum(v1.target_at(q) for q in YEAR.quarters())  # type: ignore[misc]
        assert Decimal(year) == sum(v1.target_at(h) for h in YEAR.halves())  # type: ignore[misc]
        if reporting is pc.Reporting.MONTHLY and len(shares) == 12:
            assert Decimal(year) == sum(v1.target_at(m) for m in MONTHS)  # type: ignore[misc]


class TestRollingWindowTargets:
    """A rolling window's target, written plain, is the window's own figure."""

    VISITS = contract(
        """measure LV1 "Visits, rolling 12 months" { unit count higher is better
            window rolling 12 months target 1,200,000 tolerance within 5% of target }"""
    )

    @pytest.mark.parametrize("period", ["2025-03", "2024/25 Q4", "2024/25 H2", "2024/25"])
    def test_the_same_in_every_period_rated(self, period: str) -> None:
        """A month, a quarter, a half year and a year of a rolling 12 months all end with
        a window of twelve months, so all have its target."""
        m = self.VISITS["LV1"]
        assert (Decimal(1_200_000), Decimal(1_140_000)) == (
            m.target_at(period),
            m.tolerance_at(period),
        )

    @pytest.mark.parametrize(("month", "status"), [(100_000, ON), (95_000, IN), (94_999, OUT)])
    def test_rated_against_the_window(self, month: int, status: pc.Status) -> None:
        """Twelve months of 100,000 visits are exactly on the 1.2 million target (they
        were outside a target of 14.4 million); 1,140,000 is the edge of tolerance."""
        values = [100_000] * 11 + [month * 12 - 100_000 * 11]
        got = self.VISITS.evaluate(readings(monthly("LV1", values)), period="2025-03")["LV1"]
        assert (float(month * 12), Decimal(1_200_000), status) == (
            got.value,
            got.target,
            got.status,
        )

    def test_a_quarterly_measure(self) -> None:
        """A rolling 4 quarters count's target is the four quarters' figure."""
        c = contract(
            """measure Q "q" { unit count lower is better reporting quarterly
                window rolling 4 quarters target 40 tolerance 48 }"""
        )
        quarters = [Period.parse(f"2024/25 Q{q}") for q in range(1, 5)]
        got = c.evaluate(readings(monthly("Q", [10, 10, 10, 15], quarters)), period=YEAR)["Q"]
        assert (45.0, Decimal(40), Decimal(48), IN) == (
            got.value,
            got.target,
            got.tolerance,
            got.status,
        )

    def test_a_target_changed_within_the_window(self) -> None:
        """Each month of the window counts its twelfth of the target in force then: three
        months after 1,200 became 1,320, the window's target is 900 + 330."""
        c = contract(
            """measure C "c" { unit count higher is better window rolling 12 months
                target 1,200 tolerance 1,100
                target 1,320 from 2025/26 tolerance 1,210 from 2025/26 }"""
        )
        m = c["C"]
        assert (Decimal(1200), Decimal(1230), Decimal(1320)) == (
            m.target_at("2025-03"),
            m.target_at("2025-06"),
            m.target_at("2026-03"),
        )
        assert (Decimal(1100), Decimal("1127.5"), Decimal(1210)) == (
            m.tolerance_at("2025-03"),
            m.tolerance_at("2025-06"),
            m.tolerance_at("2026-03"),
        )

    def test_a_year_on_a_rolling_window(self) -> None:
        """`a year` on a rolling window is shared out by the profile: a rolling 3 months
        of an equal split is a quarter of the year's target; a rolling 12 months, all."""
        three = contract(
            """measure C "c" { unit count higher is better window rolling 3 months
                target 1,200 a year }"""
        )
        twelve = contract(
            """measure C "c" { unit count higher is better window rolling 12 months
                target 1,200 a year }"""
        )
        assert (Decimal(300), Decimal(1200)) == (
            three["C"].target_at("2024-06"),
            twelve["C"].target_at("2024-06"),
        )

    def test_year_to_date_still_adds_up(self) -> None:
        """A year to date grows through the year: its plain target is per month."""
        c = contract(
            """measure C "c" { unit count higher is better window year to date target 100 }"""
        )
        assert (Decimal(100), Decimal(300), Decimal(1200)) == (
            c["C"].target_at("2024-04"),
            c["C"].target_at("2024-06"),
            c["C"].target_at("2025-03"),
        )

    def test_a_seasonal_measure(self) -> None:
        """Out of season months are not in the window: its target is still the figure as
        written, and a period out of season has none."""
        c = contract(
            """measure W "Winter callouts" { unit count lower is better season October to March
                window rolling 12 months target 600 }"""
        )
        assert (Decimal(600), None) == (c["W"].target_at("2025-01"), c["W"].target_at("2024-06"))

    @laws
    @given(st.integers(1, 36), st.integers(0, 10**9), st.sampled_from(MONTHS))
    def test_window_target_is_as_written(self, length: int, target: int, month: Period) -> None:
        """For any window length and target, every month's target is the figure written."""
        c = contract(
            f"""measure C "c" {{ unit count higher is better window rolling {length} months
                target {target} }}"""
        )
        assert Decimal(target) == c["C"].target_at(month)


class TestRatioTargetsAddUp:
    """A ratio whose numerator adds up and whose denominator does not (a number such as a
    population, or an average) adds up over periods, and so does its target."""

    NHS = contract(
        """measure N1 "Delayed discharges per 100,000 population" { unit rate per 100000
            lower is better numerator N1N denominator 200,000 target 10 tolerance 12 }
        volumetric N1N "Delayed discharges" { unit count }"""
    )

    @pytest.mark.parametrize(
        ("period", "target", "tolerance"),
        [
            ("2024-04", "10", "12"),
            ("2024/25 Q1", "30", "36"),
            ("2024/25 H2", "60", "72"),
            ("2024/25", "120", "144"),
        ],
    )
    def test_terms_add_up_over_reporting_periods(
        self, period: str, target: str, tolerance: str
    ) -> None:
        """A quarter of N1 has three months' targets and tolerances, a year twelve."""
        n1 = self.NHS["N1"]
        assert pc.Aggregate.SUM == n1.aggregate
        assert (Decimal(target), Decimal(tolerance)) == (
            n1.target_at(period),
            n1.tolerance_at(period),
        )

    def test_the_trial_quarter(self) -> None:
        """16 discharges a month in 200,000 people is 8 a month, on target; the quarter's 48
        is 24, on its target of 30, not outside a month's tolerance of 12."""
        rows = monthly("N1N", [16, 16, 16])
        months = self.NHS.evaluate(readings(rows), periods=MONTHS[:3])
        assert [(8.0, ON)] * 3 == [(e["N1"].value, e["N1"].status) for e in months]
        got = self.NHS.evaluate(readings(rows), period="2024/25 Q1")["N1"]
        assert (24.0, Decimal("30"), Decimal("36"), ON) == (
            got.value,
            got.target,
            got.tolerance,
            got.status,
        )

    @pytest.mark.parametrize(
        ("discharges", "value", "status"),
        [(60, 30.0, ON), (61, 30.5, IN), (72, 36.0, IN), (73, 36.5, OUT)],
    )
    def test_quarter_boundaries(self, discharges: int, value: float, status: pc.Status) -> None:
        """On the quarter's target of 30 is on target, on its tolerance of 36 inside, above
        it outside (lower is better)."""
        rows = monthly("N1N", [20, 20, discharges - 40])
        got = self.NHS.evaluate(readings(rows), period="2024/25 Q1")["N1"]
        assert (value, status) == (got.value, got.status)

    def test_a_quarterly_contract_year(self) -> None:
        """The trial's leisure contract: visits per 1,000 of 61,200 people, 250 a quarter.
        The year's 59,675 visits are 975.08 per 1,000, inside the year's tolerance of 960
        and short of its target of 1,000 (not far above one quarter's 250)."""
        c = contract(
            """measure L1 "Visits per 1,000 population" { unit rate per 1000 higher is better
                numerator L1N denominator 61,200 target 250 tolerance 240 }
            volumetric L1N "Visits" { unit count }""",
            header="reporting quarterly",
        )
        visits = [15300, 14688, 14687, 15000]
        rows = {("L1N", q): v for q, v in zip(YEAR.quarters(), visits, strict=True)}
        got = c.evaluate(readings(rows), period=YEAR)["L1"]
        assert (Decimal("1000"), Decimal("960"), IN) == (got.target, got.tolerance, got.status)
        assert 975.08 == round(got.value, 2)
        q1 = c.evaluate(readings(rows), period="2024/25 Q1")["L1"]
        assert (250.0, Decimal("250"), ON) == (q1.value, q1.target, q1.status)

    def test_over_an_average_denominator(self) -> None:
        """Visits per member of staff in post (an average) add up over periods."""
        c = contract(
            """measure V "Visits per member of staff" { unit number higher is better
                numerator VN denominator S target 50 tolerance 45 }
            volumetric VN "Visits" { unit count }
            volumetric S "Staff in post" { unit number }"""
        )
        assert (pc.Aggregate.SUM, Decimal("150"), Decimal("135")) == (
            c["V"].aggregate,
            c["V"].target_at("2024/25 Q1"),
            c["V"].tolerance_at("2024/25 Q1"),
        )
        rows = {**monthly("VN", [500, 500, 500]), **monthly("S", [10, 10, 10])}
        got = c.evaluate(readings(rows), period="2024/25 Q1")["V"]
        assert (150.0, ON) == (got.value, got.status)

    @pytest.mark.parametrize(
        "body",
        [
            # two totals: the quarter's rate is of the quarter's collections
            """measure R "r" { unit rate per 1000 lower is better numerator N denominator D
                target 5 } volumetric N "n" { unit count } volumetric D "d" { unit count }""",
            # an average over a number (E35 of the reference contract)
            """measure R "r" { unit rate per 1000 lower is better numerator N denominator 100
                target 5 } volumetric N "n" { unit number }""",
            # a number over a total: per 1,000 visits, a smaller rate of a longer period
            """measure R "r" { unit rate per 1000 lower is better numerator 40 denominator D
                target 5 } volumetric D "d" { unit count }""",
            # an average over an average
            """measure R "r" { unit number lower is better numerator N denominator D
                target 5 } volumetric N "n" { unit number } volumetric D "d" { unit number }""",
        ],
    )
    def test_other_ratios_keep_their_target(self, body: str) -> None:
        """A ratio whose value does not add up has the same target in every period."""
        r = contract(body)["R"]
        assert r.aggregate is not pc.Aggregate.SUM
        assert [Decimal(5)] * 3 == [r.target_at(p) for p in ("2024-04", "2024/25 Q1", YEAR)]

    def test_ratio_of_ratios(self) -> None:
        """A ratio of an adding-up ratio over a number adds up; over a total it does not."""
        c = contract(
            """measure P "per 1,000" { unit rate per 1000 lower is better numerator N
                denominator 61,200 target 10 }
            measure PP "per 100" { unit rate per 100 lower is better numerator P
                denominator 1,000 target 1 }
            measure PD "per D" { unit number lower is better numerator P denominator D
                target 1 }
            volumetric N "n" { unit count }
            volumetric D "d" { unit count }"""
        )
        assert [Decimal(3), Decimal(1)] == [c[m].target_at("2024/25 Q1") for m in ("PP", "PD")]

    def test_a_year_with_a_profile(self) -> None:
        """`a year` on such a ratio is the year's target, shared out by the profile."""
        c = contract(
            """measure N1 "per 100,000" { unit rate per 100000 lower is better numerator N1N
                denominator 200,000 target 120 a year profile 30%, 20%, 20%, 30%
                tolerance within 10% of target }
            volumetric N1N "n" { unit count }"""
        )
        n1 = c["N1"]
        quarters = [n1.target_at(q) for q in YEAR.quarters()]
        assert [Decimal(36), Decimal(24), Decimal(24), Decimal(36)] == quarters
        assert (Decimal(120), Decimal(12), Decimal("39.6")) == (
            n1.target_at(YEAR),
            n1.target_at("2024-04"),
            n1.tolerance_at("2024/25 Q1"),
        )

    def test_dated_targets_count_month_by_month(self) -> None:
        """A target that changes in October gives a year of six months of each."""
        c = contract(
            """measure N1 "per 100,000" { unit rate per 100000 lower is better numerator N1N
                denominator 200,000 target 10 target 20 from 2024-10 }
            volumetric N1N "n" { unit count }"""
        )
        assert Decimal(180) == c["N1"].target_at(YEAR)

    def test_year_to_date_window(self) -> None:
        """Year to date, the window's value adds up and so does its target: June's is three
        months'. May's is not compared with April's, a shorter total."""
        c = contract(
            """measure N1 "per 100,000" { unit rate per 100000 lower is better numerator N1N
                denominator 200,000 window year to date target 10 tolerance 12 }
            volumetric N1N "n" { unit count }"""
        )
        rows = monthly("N1N", [20, 20, 20])
        june = c.evaluate(readings(rows), period="2024-06")["N1"]
        assert (30.0, Decimal(30), Decimal(36), ON) == (
            june.value,
            june.target,
            june.tolerance,
            june.status,
        )
        assert pc.Direction.NONE == june.direction
        assert (Decimal(30), Decimal(120)) == (
            c["N1"].target_at("2024/25 Q1"),
            c["N1"].target_at(YEAR),
        )

    def test_rolling_window(self) -> None:
        """A rolling 3 months rate's target, written plain, is the three months' figure in
        every month and quarter: 66 over 200,000 is 33 per 100,000, over 30, inside 36."""
        c = contract(
            """measure N1 "per 100,000" { unit rate per 100000 lower is better numerator N1N
                denominator 200,000 window rolling 3 months target 30 tolerance 36 }
            volumetric N1N "n" { unit count }"""
        )
        rows = monthly("N1N", [20, 20, 20, 26])
        july = c.evaluate(readings(rows), period="2024-07")["N1"]
        assert (33.0, Decimal(30), Decimal(36), IN) == (
            july.value,
            july.target,
            july.tolerance,
            july.status,
        )
        assert Decimal(30) == c["N1"].target_at("2024/25 Q3")

    def test_a_rolling_12_months_rate_per_population(self) -> None:
        """Falls per 100,000 over a rolling 12 months, target 120, tolerance 130: 25 falls
        a month over 200,000 people is 150, outside tolerance (it read On target against
        twelve times the target, 1,440)."""
        c = contract(
            """volumetric N "Falls" { unit count }
            measure R "Falls per 100,000, rolling 12 months" { unit rate per 100000
                lower is better numerator N denominator 200,000 window rolling 12 months
                target 120 tolerance 130 }"""
        )
        got = c.evaluate(readings(monthly("N", [25] * 12)), period="2025-03")["R"]
        assert (150.0, Decimal(120), Decimal(130), OUT) == (
            got.value,
            got.target,
            got.tolerance,
            got.status,
        )

    @laws
    @given(st.lists(st.integers(0, 10**6), min_size=12, max_size=12), st.integers(1, 10**7))
    def test_a_year_is_its_months_added_up(self, counts: list[int], population: int) -> None:
        """For any monthly counts and population, a year's value is the sum of its months'
        values and its target the sum of their targets, so the year is rated as the months
        would be added up."""
        c = contract(
            f"""measure R "r" {{ unit rate per 1000 lower is better numerator N
                denominator {population} target 7 tolerance 9 }}
            volumetric N "n" {{ unit count }}"""
        )
        got = list(c.evaluate(readings(monthly("N", counts)), periods=[*MONTHS, YEAR]))
        months, year = got[:12], got[12]["R"]
        assert math.isclose(math.fsum(e["R"].value for e in months), year.value, rel_tol=1e-12)
        assert sum(e["R"].target for e in months) == year.target == Decimal(84)  # type: ignore[misc]
        assert sum(e["R"].tolerance for e in months) == year.tolerance  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Yes/no and grades


class TestYesNoAndGrade:
    """Yes/no and grades are rated as numbers: yes 1, no 0; a grade its place, worst 1."""

    def test_yes_no_readings(self) -> None:
        """`target yes`: yes is on target, no is outside tolerance."""
        rows = readings({("H1", "2024-04"): "yes", ("H1", "2024-05"): "N"})
        assert (ON, OUT) == (
            WASTE.evaluate(rows, period="2024-04")["H1"].status,
            WASTE.evaluate(rows, period="2024-05")["H1"].status,
        )

    def test_target_no(self) -> None:
        """`target no`: no is on target, yes is outside tolerance."""
        c = contract("""measure X "Serious incident" { unit yes/no target no }""")
        assert (ON, OUT) == (
            c.evaluate({"X": "no"}, period="2024-04")["X"].status,
            c.evaluate({"X": "yes"}, period="2024-04")["X"].status,
        )

    @pytest.mark.parametrize(
        ("months", "value", "status"),
        [(["y", "y", "y"], 1.0, ON), (["y", "n", "y"], 0.0, OUT), (["y", "y"], math.nan, NO_DATA)],
    )
    def test_yes_no_quarter(self, months: list[str], value: float, status: pc.Status) -> None:
        """A quarter is yes only if every month is; a missing month is No data."""
        got = WASTE.evaluate(readings(monthly("H1", months)), period="2024/25 Q1")["H1"]
        assert (repr(value), status) == (repr(got.value), got.status)

    @pytest.mark.parametrize(
        ("grade", "status"),
        [("Outstanding", ON), ("good", ON), ("Requires improvement", IN), ("INADEQUATE", OUT)],
    )
    def test_grade_ratings(self, grade: str, status: pc.Status) -> None:
        """Better than or equal to the target is on target; down to the tolerance, inside."""
        assert status == WASTE.evaluate({"R1": grade}, period="2024-04")["R1"].status

    def test_grade_quarter_is_the_latest(self) -> None:
        """A quarter of a monthly grade is its last month's grade."""
        rows = monthly("R1", ["Outstanding", "Good", "Inadequate"])
        got = WASTE.evaluate(readings(rows), period="2024/25 Q1")["R1"]
        assert (1.0, OUT) == (got.value, got.status)

    @pytest.mark.parametrize(
        ("unit", "values", "expected"),
        [
            ("hours", [1, 2, 6], 3.0),
            ("minutes", [1, 2, 6], 3.0),
            ("working days", [1, 2, 6], 3.0),
            ("tonnes", [1.5, 2, 6], 9.5),
        ],
    )
    def test_new_units_roll_up(self, unit: str, values: list[float], expected: float) -> None:
        """Time units roll up by mean, tonnes by sum."""
        c = contract(f"""volumetric U "u" {{ unit {unit} }}""")
        assert (
            expected == c.evaluate(readings(monthly("U", values)), period="2024/25 Q1")["U"].value
        )


def test_a_year_of_the_waste_contract() -> None:
    """A whole year of the waste contract: every measure is due and rated."""
    rows = {
        **monthly("W1N", range(40, 52)),
        **monthly("W1D", range(90000, 102000, 1000)),
        **monthly("W2N", range(400, 412)),
        **monthly("W2D", [1000] * 12),
        **monthly("KPI_7", [95] * 12),
        **{k: v for k, v in monthly("WS1", [99] * 12).items() if k[1].number not in range(5, 10)},
        **monthly("V1", [54000] * 12),
        **monthly("H1", ["yes"] * 12),
        **monthly("R1", ["Good"] * 12),
        **monthly("T1", [3] * 12),
        ("W-4.1", "2024/25"): 72,
    }
    ev = evaluate(WASTE, readings(rows).resolve(WASTE), YEAR)
    assert all(r.due for r in ev)
    assert [ON, OUT, ON, ON, IN, IN, ON, ON, IN] == [r.status for r in ev.contractual]
    assert 546 * 100000 / 1146000 == ev["W1"].value
    assert PeriodKind.YEAR is ev.period.kind


def test_command_line_half_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`perfcontract evaluate --period "2024/25 H1"` rates the half year, the annual survey
    listed as not due, and the report for it says so too."""
    from perfcontract.cli import main

    rows = "\n".join(f"T1,{m},3" for m in MONTHS[:6]) + "\nW-4.1,2024/25,71\n"
    readings_path = tmp_path / "readings.csv"
    readings_path.write_text("measure,period,value\n" + rows, encoding="utf-8")
    contract_path = str(ROOT / "tests" / "golden" / "good" / "spec-waste-example.contract")
    status = main(["evaluate", contract_path, str(readings_path), "--period", "2024/25 H1"])
    out = capsys.readouterr().out
    assert (0, "2024/25 H1") == (status, out.splitlines()[0])
    assert "not due (reported annually)" in next(
        line for line in out.splitlines() if line.startswith("W-4.1")
    )
    status = main(
        [
            "report",
            contract_path,
            str(readings_path),
            "--period",
            "2024/25 H1",
            "--format",
            "markdown",
            "-o",
            str(tmp_path / "report.md"),
        ]
    )
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert 0 == status
    assert "- **W-4.1** Annual residents' satisfaction survey: not due (reported annually)" in (
        report
    )


class TestWarningsKept:
    def test_evaluate_keeps_the_readings_warnings(self) -> None:
        """A reading left out because its measure is not due is not lost on the way through
        contract.evaluate: the evaluation holds the warning."""
        waste = pc.load(ROOT / "examples" / "waste-2024-25.contract")
        readings = pc.Readings.from_csv_text("measure,period,value\nWS1,2024-07,100\n", "july.csv")
        ev = waste.evaluate(readings, period="2024-07")
        [warning] = ev.warnings
        assert warning.severity == "warning"
        assert warning.format().startswith("july.csv:2:5: warning: measure WS1, period 2024-07:")
        assert waste.evaluate({}, period="2024-07").warnings == ()


class TestManyPeriods:
    """contract.evaluate(readings, periods=[...]): every period as evaluate gives it alone,
    all of them rated in one call of the engine."""

    REFERENCE = ROOT / "examples" / "dcst-2017-18.contract"
    WASTE = ROOT / "examples" / "waste-2024-25.contract"

    @pytest.mark.parametrize(
        ("contract_path", "readings_path", "periods"),
        [
            (REFERENCE, "dcst-2017-18-readings.csv", ["2017/18 Q4", "2017/18 Q1", "2017/18"]),
            (WASTE, "waste-2024-25-readings.csv", ["2024-07", "2024/25 Q2", "2024/25", "2025-03"]),
        ],
    )
    def test_each_as_alone(
        self, contract_path: Path, readings_path: str, periods: list[str]
    ) -> None:
        contract = pc.load(contract_path)
        readings = pc.Readings.from_csv(ROOT / "examples" / readings_path).resolve(contract)
        many = contract.evaluate(readings, periods=periods)
        assert [str(p) for p in many.periods] == [str(pc.Period.parse(p)) for p in periods]
        for period, ev in zip(periods, many, strict=True):
            alone = contract.evaluate(readings, period=period)
            assert alone.to_records() == ev.to_records()
            assert alone.summary() == ev.summary()
        assert many.to_records() == [r for ev in many for r in ev.to_records()]
        assert many[periods[1]] is many[1]
        assert many[pc.Period.parse(periods[0])] is many[0]

    def test_one_call_of_the_engine(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from perfcontract import evaluation

        calls = []
        rate = evaluation._statuses
        monkeypatch.setattr(evaluation, "_statuses", lambda *a: calls.append(1) or rate(*a))
        contract = pc.load(self.WASTE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "waste-2024-25-readings.csv")
        months = [f"2024-{m:02d}" for m in range(4, 13)]
        assert len(contract.evaluate(readings, periods=months)) == 9
        assert calls == [1]

    def test_outputs_one_table(self) -> None:
        contract = pc.load(self.REFERENCE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        many = contract.evaluate(readings, periods=["2017/18 Q3", "2017/18 Q4"])
        csv_lines = many.to_csv().splitlines()
        single = contract.evaluate(readings, period="2017/18 Q3").to_csv().splitlines()
        assert csv_lines[0] == single[0]  # one header
        assert len(csv_lines) == 1 + 2 * len(contract.measures)
        frame = many.to_pandas()
        assert frame.shape[0] == 2 * len(contract.measures)
        assert sorted(set(frame.period)) == ["2017/18 Q3", "2017/18 Q4"]
        assert repr(many) == "<Evaluations for 2017/18 Q3, 2017/18 Q4>"

    def test_problems(self) -> None:
        contract = pc.load(self.REFERENCE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        with pytest.raises(TypeError, match="needs the period to rate"):
            contract.evaluate(readings)
        with pytest.raises(TypeError, match="not both"):
            contract.evaluate(readings, period="2017/18 Q4", periods=["2017/18 Q3"])
        with pytest.raises(TypeError, match="a mapping of values is for one period"):
            contract.evaluate({"A1": 26}, periods=["2017/18 Q4"])
        many = contract.evaluate(readings, periods=["2017/18 Q4"])
        with pytest.raises(KeyError, match="no evaluation for 2017/18 Q3"):
            many["2017/18 Q3"]
        with pytest.raises(pc.PeriodError):
            contract.evaluate(readings, periods=["2017/18 Q5"])

    def test_no_periods(self) -> None:
        """An empty list of periods is a ValueError saying what to pass, not an empty result."""
        contract = pc.load(self.REFERENCE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        with pytest.raises(ValueError, match="periods is empty") as caught:
            contract.evaluate(readings, periods=[])
        assert (
            "periods is empty: give the periods to rate, periods=['2017/18 Q3', '2017/18 Q4'],"
            " say (or period='2017/18 Q4' for one)"
        ) == str(caught.value)
        with pytest.raises(ValueError, match="periods is empty"):
            contract.evaluate(readings, periods=())

    @pytest.mark.parametrize(
        ("periods", "message"),
        [
            (["2017/18 Q4", "2017/18 Q4"], "periods gives 2017/18 Q4 twice: give each period once"),
            (
                ["2017/18 Q3", "2017/18 Q4", " 2017/18 q4"],
                "periods gives 2017/18 Q4 twice (as '2017/18 Q4' and '2017/18 q4'):"
                " give each period once",
            ),
            (
                [pc.Period.parse("2017/18"), "2017/18 Q1", "2017/18"],
                "periods gives 2017/18 twice: give each period once",
            ),
        ],
    )
    def test_period_twice(self, periods: list[str | pc.Period], message: str) -> None:
        """A period given twice, however written, is a ValueError naming it, not its rows twice."""
        contract = pc.load(self.REFERENCE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        with pytest.raises(ValueError, match="periods gives") as caught:
            contract.evaluate(readings, periods=periods)
        assert message == str(caught.value)

    def test_period_twice_from_a_generator(self) -> None:
        """Periods from a generator (read once) are checked alike."""
        contract = pc.load(self.REFERENCE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        twice = (p for p in ["2017/18 Q3", "2017/18 Q3"])
        with pytest.raises(ValueError, match="periods gives 2017/18 Q3 twice"):
            contract.evaluate(readings, periods=twice)  # type: ignore[call-overload]

    def test_a_quarter_and_its_month_are_two_periods(self) -> None:
        """A quarter and its first month are different periods: both are rated, in order."""
        contract = pc.load(self.REFERENCE)
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        many = contract.evaluate(readings, periods=["2018-01", "2017/18 Q4"])
        assert ["2018-01", "2017/18 Q4"] == [str(p) for p in many.periods]
