"""The payment mechanism: its terms, the payment worked out from readings, and its outputs.

The facilities example (``examples/fm-2024-25.*``) pins whole figures; small
contracts written here pin each rule at its boundary; hypothesis shows the
rules that hold for every contract and readings: a period's lines add up to
its deduction, the deduction never exceeds the cap, a year is the sum of its
months. The outputs are golden files under ``tests/golden/payment/``
(``PERFCONTRACT_UPDATE_GOLDEN=1`` rewrites them; read the diff before
committing).
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.formatter import format_contract
from perfcontract.payment import Deduction, PaymentMechanism, WarningThreshold
from perfcontract.periods import MONTH_NAMES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "payment"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
FM = pc.load(ROOT / "examples" / "fm-2024-25.contract")
FM_READINGS = pc.Readings.from_csv(ROOT / "examples" / "fm-2024-25-readings.csv")
D = Decimal

MEASURES = """
    group "g" {
        measure CS1 "Calls answered" { unit percent higher is better target 95% tolerance 90% }
        measure Q1 "Audit" { unit percent higher is better reporting quarterly
                             target 90% tolerance 80% }
        volumetric SD1 "Repairs not rectified" { unit count }
    }
"""


def contract(payment: str, header: str = "reporting monthly") -> pc.Contract:
    return pc.loads(f'contract "c" {{ {header} {MEASURES} payment {{ {payment} }} }}')


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.read_text(encoding="utf-8") == actual


# ---------------------------------------------------------------------------
# The terms


class TestTerms:
    def test_example_terms(self) -> None:
        """The example's block compiles to its charges, lines, point value, cap and warnings."""
        terms = FM.payment_mechanism
        assert terms is not None
        assert pc.Reporting.MONTHLY is terms.frequency
        assert [D(420000), D(432600)] == [t.value for t in terms.charges]
        assert ("CS1", "SL1", "SL2", "CL1", "SD1") == terms.measures
        assert Deduction("points", "SD1", each=D(5)) == terms.deductions[-1]
        assert (D(10), None) == (terms.cap_percent, terms.cap_amount)
        assert (WarningThreshold(D(100), 3), WarningThreshold(D(300), 12)) == terms.warnings

    def test_dated_charge_in_force_from_its_start(self) -> None:
        """The indexed charge applies from the first month of 2025/26, not a month before."""
        terms = FM.payment_mechanism
        assert terms is not None
        assert (D(420000), D(432600)) == (terms.charge_at("2025-03"), terms.charge_at("2025-04"))

    def test_no_charge_before_the_first(self) -> None:
        """Before a dated first charge there is no charge in force."""
        terms = contract("charge £1k monthly from 2024/25").payment_mechanism
        assert terms is not None
        assert (None, D(1000)) == (terms.charge_at("2024-03"), terms.charge_at("2024-04"))

    @pytest.mark.parametrize(
        ("terms", "what", "start", "within", "after"),
        [
            (
                "quarterly charge £330k quarterly from 2024-11",
                "charge",
                "2024-11",
                "2024/25 Q3",
                "2024/25 Q4",
            ),
            (
                "quarterly charge £330k quarterly from 2024-12",
                "charge",
                "2024-12",
                "2024/25 Q3",
                "2024/25 Q4",
            ),
            (
                "annually charge £1.3m annually from 2024/25 Q3",
                "charge",
                "2024/25 Q3",
                "2024/25",
                "2025/26",
            ),
            (
                "annually charge £1.3m annually from 2025-01",
                "charge",
                "2025-01",
                "2024/25",
                "2025/26",
            ),
            (
                "quarterly points SD1 5 each point value £150 point value £160 from 2025-02",
                "point value",
                "2025-02",
                "2024/25 Q4",
                "2025/26 Q1",
            ),
        ],
    )
    def test_dated_term_within_a_payment_period_is_refused(
        self, terms: str, what: str, start: str, within: str, after: str
    ) -> None:
        """A charge or point value changing part way through a payment period would be
        silently left out of that period (a period's terms are those in force at its start):
        it is an error at the clause, with the periods it could start from."""
        frequency = terms.split()[0]
        with pytest.raises(pc.ContractError) as raised:
            contract(f"charge £300k {terms}")
        (problem,) = raised.value.diagnostics
        assert (
            f"the charge is paid {frequency}, so a dated {what} starts with a payment period,"
            f" but {start} is part way through the payment period {within}"
        ) == problem.message
        assert (
            f"start it from {within} or from {after}: each payment period has one {what},"
            " the one in force at its start"
        ) == problem.hint

    @pytest.mark.parametrize(
        "terms",
        [
            "charge £300k quarterly charge £330k quarterly from 2024-10",
            "charge £300k quarterly charge £330k quarterly from 2024/25 H2",
            "charge £300k quarterly charge £330k quarterly from 2025/26",
            "charge £1.2m annually charge £1.3m annually from 2025/26",
            "charge £1k monthly charge £1.1k monthly from 2024-11",
            "charge £1k quarterly points SD1 5 each point value £1 point value £2 from 2025/26 Q2",
        ],
    )
    def test_dated_term_at_the_start_of_a_payment_period(self, terms: str) -> None:
        """A change at the start of a payment period is what dated terms are for."""
        assert contract(terms).payment_mechanism is not None

    def test_quarterly_charge_change_applies_from_its_quarter(self) -> None:
        """£300k a quarter to Q2, £330k from Q3: the year's charge is £1,260,000.00."""
        c = contract("charge £300k quarterly charge £330k quarterly from 2024/25 Q3")
        pay = c.payment({}, period="2024/25")
        assert [D(300000), D(300000), D(330000), D(330000)] == [p.charge for p in pay.by_period]
        assert D("1260000.00") == pay.total_charge

    @pytest.mark.parametrize(
        ("caps", "expected"),
        [
            ("", None),
            ("cap 10% of charge", D("100.01")),
            ("cap £100", D("100.00")),
            ("cap 10% of charge cap £100", D("100.00")),
            ("cap 10% of charge cap £150", D("100.01")),
        ],
    )
    def test_cap_is_the_lower_of_the_two(self, caps: str, expected: Decimal | None) -> None:
        """A cap in pounds and as a percentage both: the lower applies, to the penny half up."""
        terms = contract(f"charge £1,000.05 monthly {caps}").payment_mechanism
        assert terms is not None
        assert expected == terms.cap_for(D("1000.05"))

    def test_rate_for_each_status(self) -> None:
        """A line by status gives its rate inside or outside tolerance, none otherwise."""
        line = Deduction("credit", "CS1", inside=D("0.5"), outside=D(1))
        assert [D(1), D("0.5"), None, None, None] == [line.rate_for(s) for s in pc.Status]

    def test_a_contract_without_payment(self) -> None:
        """The reference contract has no payment block."""
        assert None is pc.load(ROOT / "examples" / "dcst-2017-18.contract").payment_mechanism

    def test_terms_are_frozen(self) -> None:
        """The terms cannot be changed after compiling."""
        terms = FM.payment_mechanism
        assert isinstance(terms, PaymentMechanism)
        with pytest.raises(AttributeError):
            terms.cap_percent = D(20)  # type: ignore[misc]


# ---------------------------------------------------------------------------
# Working it out


class TestMonth:
    def test_example_may(self) -> None:
        """May 2024: every measure on target, one repair not rectified: 5 points, £750."""
        may = FM.payment(FM_READINGS, period="2024-05")
        (month,) = may.by_period
        assert (D("420000.00"), D(5), D("0.00"), D("750.00")) == (
            month.charge,
            month.points,
            month.credits,
            month.points_deduction,
        )
        assert (D("750.00"), D("419250.00"), False) == (may.total_deduction, may.payment, False)
        assert [("SD1", D("750.00"))] == [(x.measure, x.amount) for x in may.lines if x.amount]

    def test_example_november_is_capped(self) -> None:
        """November's £44,100 of deductions is capped at 10% of the charge, £42,000."""
        (month,) = FM.payment(FM_READINGS, period="2024-11").by_period
        assert (D("44100.00"), D("42000.00"), D("42000.00"), True) == (
            month.deduction_before_cap,
            month.cap,
            month.deduction,
            month.capped,
        )
        assert D("378000.00") == month.payment

    def test_credit_by_status(self) -> None:
        """Inside tolerance takes the inside rate, outside the outside rate, on target none."""
        terms = "charge £420k monthly credit CS1 0.5% inside tolerance, 1% outside tolerance"
        c = contract(terms)
        amounts = [
            c.payment({"CS1": value}, period="2024-05").total_deduction
            for value in (95, 94.9, 90, 89.9)
        ]
        assert [D("0.00"), D("2100.00"), D("2100.00"), D("4200.00")] == amounts

    def test_deductions_beyond_the_charge_without_a_cap(self) -> None:
        """Nothing holds a payment at nought but a cap: 60% of a £1,000 charge for each of
        two lines is £1,200, a payment of -£200 (what the provider owes back); with
        `cap 100% of charge` the deduction stops at £1,000 and the payment at nought."""
        terms = "charge £1,000 monthly credit CS1 60% outside tolerance credit SD1 60% each"
        pay = contract(terms).payment({"CS1": 50, "SD1": 1}, period="2024-05")
        assert (D("1200.00"), D("-200.00")) == (pay.total_deduction, pay.payment)
        capped = contract(terms + " cap 100% of charge").payment(
            {"CS1": 50, "SD1": 1}, period="2024-05"
        )
        assert (D("1000.00"), D("0.00")) == (capped.total_deduction, capped.payment)

    def test_each_line_rounds_half_up(self) -> None:
        """0.5% of £101 is £0.505: the line is £0.51 (half up), never £0.50."""
        c = contract("charge £101 monthly credit CS1 0.5% outside tolerance")
        assert D("0.51") == c.payment({"CS1": 50}, period="2024-05").total_deduction

    def test_points_per_unit(self) -> None:
        """`points SD1 5 each` with 7 repairs not rectified: 35 points at £150, £5,250."""
        c = contract("charge £420k monthly points SD1 5 each point value £150")
        pay = c.payment({"SD1": 7}, period="2024-05")
        assert (D(35), D("5250.00")) == (pay.total_points, pay.total_deduction)

    def test_credit_per_unit(self) -> None:
        """`credit SD1 0.1% each`: 0.1% of the charge for each unit of the count."""
        c = contract("charge £420k monthly credit SD1 0.1% each")
        assert D("1260.00") == c.payment({"SD1": 3}, period="2024-05").total_deduction

    def test_lines_add_up_before_the_cap(self) -> None:
        """The deduction before the cap is the sum of the lines, each already in pence."""
        (month,) = FM.payment(FM_READINGS, period="2024-10").by_period
        assert sum(x.amount for x in month.lines) == month.deduction_before_cap
        assert month.credits + month.points_deduction == month.deduction_before_cap

    def test_no_data_is_provisional(self) -> None:
        """A measure without a reading: its line is not applied, and the payment is provisional."""
        c = contract(
            "charge £420k monthly credit CS1 1% outside tolerance points SD1 5 each"
            " point value £150"
        )
        pay = c.payment({"SD1": 2}, period="2024-05")
        line = pay.lines[0]
        assert (pc.Status.NO_DATA, None, D("0.00"), True) == (
            line.status,
            line.value,
            line.amount,
            line.no_data,
        )
        assert (True, ((pc.Period.parse("2024-05"), "CS1"),)) == (pay.provisional, pay.missing)
        assert D("1500.00") == pay.total_deduction

    def test_a_missing_quarterly_reading_is_named_by_its_quarter(self) -> None:
        """A quarterly measure under a monthly charge with no reading: the note asks for its
        quarter's reading, not June's (it said "no reading for Q1 in 2024-06")."""
        c = contract("charge £100k monthly credit Q1 2% outside tolerance")
        pay = c.payment({}, period="2024/25 Q1")
        assert ((pc.Period.parse("2024-06"), "Q1"),) == pay.missing
        assert pc.Period.parse("2024/25 Q1") == pay.lines[0].over
        assert (
            "Provisional: no reading for Q1 in 2024/25 Q1, counted in 2024-06 (its own, or one"
            " for each of its months)"
        ) in pay.to_text()
        missing = [{"period": "2024-06", "measure": "Q1", "over": "2024/25 Q1"}]
        assert missing == json.loads(pay.to_json())["missing"]

    def test_quarterly_measure_counts_in_the_quarters_last_month(self) -> None:
        """A quarterly measure under a monthly charge deducts in the month that ends its quarter."""
        c = contract("charge £100k monthly credit Q1 2% outside tolerance")
        readings = pc.Readings.from_mapping({"Q1": 70}, pc.Period.parse("2024/25 Q1"))
        pay = c.payment(readings, period="2024/25 Q1")
        assert [D("0.00"), D("0.00"), D("2000.00")] == [p.deduction for p in pay.by_period]
        assert [0, 0, 1] == [len(p.lines) for p in pay.by_period]

    def test_a_quarters_reading_under_a_monthly_charge_is_named(self) -> None:
        """A monthly measure's reading for a quarter cannot say which months failed, so under a
        monthly charge its months stay No data and the payment provisional, and a note names
        the measure, the reading's period and the months that need their own."""
        c = contract("charge £100k monthly credit CS1 2% outside tolerance")
        readings = pc.Readings.from_records(
            [{"measure": "CS1", "period": "2024/25 Q1", "value": 70}]
        )
        pay = c.payment(readings, period="2024/25 Q1")
        assert (D("0.00"), True) == (pay.total_deduction, pay.provisional)
        assert [pc.Status.NO_DATA] * 3 == [line.status for line in pay.lines]
        (note,) = pay.notes
        assert (
            "warning",
            "CS1 has a reading for 2024/25 Q1, but none for 2024-04, 2024-05 and 2024-06: its"
            " line applies month by month, and a quarter's reading does not give each month's,"
            " so it is not used",
            "give CS1's reading for each month; the payment is provisional until then",
        ) == (note.severity, note.message, note.hint)
        assert f"Note: {note.message} ({note.hint})" in pay.to_text()
        assert [{"severity": "warning", "message": note.message, "hint": note.hint}] == (
            json.loads(pay.to_json())["notes"]
        )

    def test_a_mapping_for_a_quarter_under_a_monthly_charge_is_named(self) -> None:
        """Values given for a quarter (a mapping is for the period asked) are named the same
        way; the month that has a reading of its own is paid on it."""
        c = contract("charge £100k monthly credit CS1 2% outside tolerance")
        pay = c.payment({"CS1": 70}, period="2024/25 Q1")
        (note,) = pay.notes
        assert note.message.startswith("CS1 has a reading for 2024/25 Q1, but none for 2024-04,")
        readings = pc.Readings.from_records(
            [
                {"measure": "CS1", "period": "2024/25 Q1", "value": 70},
                {"measure": "CS1", "period": "2024-05", "value": 80},
            ]
        )
        pay = c.payment(readings, period="2024/25 Q1")
        assert D("2000.00") == pay.total_deduction
        (note,) = pay.notes
        assert note.message.startswith("CS1 has a reading for 2024/25 Q1, but none for 2024-04 and")

    def test_a_years_reading_of_a_quarterly_measure_is_named(self) -> None:
        """A quarterly measure under a monthly charge is rated over its quarters: a reading for
        the year alone is named for each quarter that has none."""
        c = contract("charge £100k monthly credit Q1 2% outside tolerance")
        readings = pc.Readings.from_records([{"measure": "Q1", "period": "2024/25", "value": 50}])
        pay = c.payment(readings, period="2024/25")
        (note,) = pay.notes
        assert (
            "Q1 has a reading for 2024/25, but none for 2024/25 Q1, 2024/25 Q2, 2024/25 Q3 and"
            " 2024/25 Q4: its line applies quarter by quarter, and a year's reading does not give"
            " each quarter's, so it is not used"
        ) == note.message
        assert (
            "give Q1's reading for each quarter, or for each of its months; the payment is"
            " provisional until then"
        ) == note.hint

    def test_a_ratios_component_read_for_a_quarter_is_named(self) -> None:
        """A ratio measure takes no readings of its own: a component's quarter is named."""
        c = pc.loads(
            'contract "c" { reporting monthly group "g" {'
            ' measure W1 "Missed bins" { unit rate per 100000 lower is better numerator W1N'
            " denominator W1D target 50 tolerance 80 }"
            ' volumetric W1N "Missed" { unit count } volumetric W1D "Scheduled" { unit count } }'
            " payment { charge £1k monthly credit W1 10% outside tolerance } }"
        )
        rows = [{"measure": "W1N", "period": "2024/25 Q1", "value": 300}]
        rows += [{"measure": "W1D", "period": f"2024-0{m}", "value": 100_000} for m in (4, 5, 6)]
        (note,) = c.payment(pc.Readings.from_records(rows), period="2024/25 Q1").notes
        assert note.message.startswith(
            "W1N has a reading for 2024/25 Q1, but none for 2024-04, 2024-05 and 2024-06: W1's"
            " line applies month by month,"
        )

    def test_no_note_when_every_month_has_its_reading(self) -> None:
        """A quarter's figure beside its months' (a quarterly total in the same file) is not
        needed, so nothing is said; nor is a reading that says it is missing."""
        c = contract("charge £100k monthly credit CS1 2% outside tolerance")
        rows = [{"measure": "CS1", "period": "2024/25 Q1", "value": 70}]
        rows += [{"measure": "CS1", "period": f"2024-0{m}", "value": 96} for m in (4, 5, 6)]
        assert () == c.payment(pc.Readings.from_records(rows), period="2024/25 Q1").notes
        gap = [{"measure": "CS1", "period": "2024/25 Q1", "value": "x"}]
        assert () == c.payment(pc.Readings.from_records(gap), period="2024/25 Q1").notes

    @staticmethod
    def mean_count(aggregate: str) -> pc.Contract:
        """A count rolled up by ``aggregate``, charged per unit under a quarterly charge."""
        return pc.loads(
            'contract "c" { reporting monthly group "g" {\n'
            f' volumetric SD1 "Open defects" {{ unit count aggregate {aggregate} }} }}\n'
            " payment { charge £300k quarterly\n"
            "  points SD1 3 each\n"
            "  point value £150 warning 4 points in 3 months } }",
            source="fm.contract",
        )

    @staticmethod
    def months(*values: int, first: int = 4) -> pc.Readings:
        return pc.Readings.from_records(
            [
                {"measure": "SD1", "period": f"2024-{first + i:02}", "value": v}
                for i, v in enumerate(values)
            ]
        )

    def test_each_on_a_fraction_of_a_unit_is_refused(self) -> None:
        """`each` counts whole units. A count rolled up by its mean (1, 1 and 2 defects: 4/3 a
        month) gave 3 x 1.3333333333333333 = 3.9999999999999999 points, under the 4 points
        that reach the warning, so no warning; it is refused, naming the line, the measure,
        the period and why, every such period at once."""
        with pytest.raises(pc.PeriodError) as raised:
            self.mean_count("mean").payment(self.months(1, 1, 2, 0, 0, 2), period="2024/25 H1")
        first, second = raised.value.diagnostics
        assert (
            "fm.contract",
            4,
            "SD1's value for 2024/25 Q1 is 1.33333, not a whole number of units (it is a mean,"
            " by SD1's `aggregate mean`), but `points SD1 3 each` counts whole units",
            "give SD1 `aggregate sum` (a count's default) to add up its months, or a reading"
            " for 2024/25 Q1 itself",
        ) == (first.source, first.line, first.message, first.hint)
        assert second.message.startswith("SD1's value for 2024/25 Q2 is 0.666667, not a whole")

    def test_a_report_says_why_there_is_no_payment(self) -> None:
        """The report of such a contract is made, its payment section saying why it has none."""
        c = self.mean_count("mean")
        report = pc.Report.build(c, self.months(1, 1, 2), period="2024/25 Q1")
        assert None is report.payment
        assert report.payment_note.startswith(
            "No payment for 2024/25 Q1: SD1's value for 2024/25 Q1 is 1.33333, not a whole number"
        )

    def test_each_on_a_whole_mean_or_a_sum(self) -> None:
        """A mean that is a whole number of units is counted; a sum always is."""
        assert (D(6), D("900.00")) == (lambda p: (p.total_points, p.total_deduction))(
            self.mean_count("mean").payment(self.months(2, 1, 3), period="2024/25 Q1")
        )
        total = self.mean_count("sum").payment(self.months(1, 1, 2), period="2024/25 Q1")
        assert (D(12), D("1800.00"), 1) == (
            total.total_points,
            total.total_deduction,
            len(total.warnings),
        )

    def test_a_quarter_short_of_a_month(self) -> None:
        """Under a quarterly charge, a quarter with a month missing is provisional, and the
        note says that the quarter's own reading, or every month's, is what it needs."""
        c = contract("charge £300k quarterly credit CS1 1% outside tolerance")
        months = {"2024-04": 80, "2024-05": 92}
        readings = pc.Readings.from_records(
            [{"measure": "CS1", "period": p, "value": v} for p, v in months.items()]
        )
        pay = c.payment(readings, period="2024/25 Q1")
        assert pay.provisional
        assert (
            "Provisional: no reading for CS1 in 2024/25 Q1 (its own, or one for each of its months)"
        ) in pay.to_text()

    def test_quarterly_charge_rates_the_quarter(self) -> None:
        """A quarterly charge rates a monthly measure over the quarter (its mean here)."""
        c = contract("charge £300k quarterly credit CS1 1% outside tolerance")
        months = {"2024-04": 80, "2024-05": 92, "2024-06": 95}  # mean 89: outside
        readings = pc.Readings.from_records(
            [{"measure": "CS1", "period": p, "value": v} for p, v in months.items()]
        )
        (quarter,) = c.payment(readings, period="2024/25 Q1").by_period
        assert (pc.Status.OUTSIDE_TOLERANCE, D("3000.00")) == (
            quarter.lines[0].status,
            quarter.deduction,
        )

    def test_out_of_season_has_no_line(self) -> None:
        """A measure out of season has no line that month, and leaves the payment final."""
        c = pc.loads(
            'contract "c" { reporting monthly group "g" { measure W "Gritting" {'
            " unit percent higher is better season October to March target 95% tolerance 90% } }"
            " payment { charge £1k monthly credit W 10% outside tolerance } }"
        )
        may = c.payment({}, period="2024-05")
        november = c.payment({"W": 50}, period="2024-11")
        assert ((), False) == (may.lines, may.provisional)
        assert D("100.00") == november.total_deduction

    def test_authority(self) -> None:
        """Readings for several authorities: the one asked for is paid."""
        c = contract("charge £1k monthly credit CS1 10% outside tolerance")
        readings = pc.Readings.from_records(
            [
                {"authority": "North", "measure": "CS1", "period": "2024-05", "value": 50},
                {"authority": "South", "measure": "CS1", "period": "2024-05", "value": 99},
            ]
        )
        north = c.payment(readings, period="2024-05", authority="North")
        south = c.payment(readings, period="2024-05", authority="South")
        assert (D("100.00"), D("0.00")) == (north.total_deduction, south.total_deduction)
        assert "North" == north.authority
        with pytest.raises(pc.ReadingsError, match="say which one") as caught:
            c.payment(readings, period="2024-05")
        assert "pass authority=…" == caught.value.first.hint  # Python's words only

    def test_dated_charge_applies(self) -> None:
        """A month of 2025/26 is charged at the indexed £432,600."""
        c = contract("charge £420k monthly charge £432.6k monthly from 2025/26")
        assert D("432600.00") == c.payment({}, period="2025-04").total_charge


class TestNoCases:
    """A ratio whose denominator is 0 (no potholes reported, so none to repair in time) is
    No data, as a ratio over nothing is; but its readings are in, and no failure is
    possible, so its line deducts nothing and the payment is final, saying why."""

    RATIOS = """
        group "g" {
            measure HM1 "Cat 1 potholes made safe in 24 hours" { unit percent higher is better
                numerator HM1N denominator HM1D target 98% tolerance 95% }
            volumetric HM1N "Made safe in 24 hours" { unit count }
            volumetric HM1D "Reported" { unit count }
            measure YTD "Year to date" { unit percent higher is better
                numerator HM1N denominator HM1D window year to date target 98% tolerance 95% }
            measure QR "Quarterly" { unit percent higher is better reporting quarterly
                numerator HM1N denominator HM1D target 98% tolerance 95% }
        }
    """

    def contract(self, payment: str, header: str = "reporting monthly") -> pc.Contract:
        return pc.loads(f'contract "c" {{ {header} {self.RATIOS} payment {{ {payment} }} }}')

    def readings(self, rows: str) -> pc.Readings:
        return pc.Readings.from_csv_text("measure,period,value\n" + rows, "r.csv")

    CREDIT = "charge £250k monthly credit HM1 1% inside tolerance, 2% outside tolerance"
    POINTS = "charge £250k monthly points HM1 10 outside tolerance point value £100"

    @pytest.mark.parametrize("terms", [CREDIT, POINTS])
    def test_zero_over_zero_is_final(self, terms: str) -> None:
        """0 of 0: the line is No data with no cases, deducts nothing, and the payment is
        not provisional (it was, with "no reading for HM1", for good)."""
        pay = self.contract(terms).payment(
            self.readings("HM1N,2024-06,0\nHM1D,2024-06,0\n"), "2024-06"
        )
        (line,) = pay.lines
        assert (pc.Status.NO_DATA, None, None, D(0), D("0.00")) == (
            line.status,
            line.value,
            line.rate,
            line.points,
            line.amount,
        )
        assert (True, False, "no cases") == (line.no_cases, line.no_data, line.shown)
        june = pc.Period.parse("2024-06")
        assert (False, (), ((june, "HM1"),)) == (pay.provisional, pay.missing, pay.no_cases)
        assert (("HM1",), ()) == (pay.by_period[0].no_cases, pay.by_period[0].missing)
        assert (D("0.00"), D("250000.00")) == (pay.total_deduction, pay.payment)

    @pytest.mark.parametrize(
        ("numerator", "final"),
        [("HM1N,2024-06,0\n", True), ("HM1N,2024-06,3\n", False), ("", False)],
    )
    def test_no_cases_is_none_of_none(self, numerator: str, final: bool) -> None:
        """0 of 0 is no cases, final. A numerator above 0 over a denominator of 0 (3 made
        safe of none reported) is a reading that is wrong, and a numerator with no reading
        is still to come: the payment stays provisional for either."""
        pay = self.contract(self.CREDIT).payment(
            self.readings(numerator + "HM1D,2024-06,0\n"), "2024-06"
        )
        june = pc.Period.parse("2024-06")
        assert (not final, ((june, "HM1"),) if final else ()) == (
            pay.provisional,
            pay.no_cases,
        )
        assert (() if final else ((june, "HM1"),)) == pay.missing

    @pytest.mark.parametrize("denominator", ["", "HM1D,2024-06,\n", "HM1D,2024-06,x\n"])
    def test_a_missing_denominator_is_still_missing(self, denominator: str) -> None:
        """No row, an empty cell or a marker for the denominator is a reading missing: the
        payment is provisional until it comes, as before."""
        pay = self.contract(self.CREDIT).payment(
            self.readings("HM1N,2024-06,0\n" + denominator), "2024-06"
        )
        june = pc.Period.parse("2024-06")
        assert (True, ((june, "HM1"),), ()) == (pay.provisional, pay.missing, pay.no_cases)
        (line,) = pay.lines
        assert (True, False, "") == (line.no_data, line.no_cases, line.shown)

    def test_a_denominator_above_zero_is_rated(self) -> None:
        """1 of 1 is a value like any other: on target, nothing deducted, no note."""
        pay = self.contract(self.CREDIT).payment(
            self.readings("HM1N,2024-06,0\nHM1D,2024-06,1\n"), "2024-06"
        )
        (line,) = pay.lines
        assert (pc.Status.OUTSIDE_TOLERANCE, D(0), D("5000.00")) == (
            line.status,
            line.value,
            line.amount,
        )
        assert ((), ()) == (pay.missing, pay.no_cases)

    def test_over_the_periods_its_value_is_rated_over(self) -> None:
        """A ratio over a window (year to date) has no cases only when its denominators add
        up to 0 over the whole window; a quarterly charge rates a monthly ratio over the
        quarter, so one month's 0 among others is no gap."""
        rows = "HM1N,2024-04,0\nHM1D,2024-04,0\nHM1N,2024-05,0\nHM1D,2024-05,0\n"
        ytd = self.contract("charge £1k monthly credit YTD 2% outside tolerance")
        may = ytd.payment(self.readings(rows), "2024-05")
        assert ((pc.Period.parse("2024-05"), "YTD"),) == may.no_cases
        june = ytd.payment(self.readings(rows + "HM1N,2024-06,1\nHM1D,2024-06,2\n"), "2024-06")
        assert ((), D("20.00")) == (june.no_cases, june.total_deduction)
        quarterly = self.contract("charge £3k quarterly credit HM1 2% outside tolerance")
        q1 = quarterly.payment(
            self.readings(rows + "HM1N,2024-06,1\nHM1D,2024-06,2\n"), "2024/25 Q1"
        )
        assert ((), (), D("60.00")) == (q1.no_cases, q1.missing, q1.total_deduction)
        none = quarterly.payment(
            self.readings(rows + "HM1N,2024-06,0\nHM1D,2024-06,0\n"), "2024/25 Q1"
        )
        assert (False, ((pc.Period.parse("2024/25 Q1"), "HM1"),)) == (
            none.provisional,
            none.no_cases,
        )

    def test_said_in_every_format(self) -> None:
        """Text, Markdown and the report's section say why nothing is deducted, naming the
        period a quarterly measure is rated over; JSON lists it beside `missing`; the CSV
        says the payment is not provisional."""
        c = self.contract("charge £1k monthly credit QR 2% outside tolerance")
        rows = "".join(f"HM1N,2024-0{m},0\nHM1D,2024-0{m},0\n" for m in (4, 5, 6))
        pay = c.payment(self.readings(rows), "2024/25 Q1")
        said = "No cases (denominator 0), so nothing deducted: QR in 2024/25 Q1, counted in 2024-06"
        assert said in pay.to_text().splitlines()
        assert f"- {said}" in pay.to_markdown().splitlines()
        assert f"<li>{said}</li>" in pay._repr_html_()
        assert "Provisional" not in pay.to_text()
        record = json.loads(pay.to_json(lines=True))
        assert (False, [], [{"period": "2024-06", "measure": "QR", "over": "2024/25 Q1"}]) == (
            record["provisional"],
            record["missing"],
            record["no_cases"],
        )
        assert (["QR"], "No data") == (
            record["periods"][2]["no_cases"],
            record["lines"][0]["status"],
        )
        assert all(row.endswith(",no") for row in pay.to_csv().splitlines()[1:])

    def test_no_cases_is_no_gap_in_a_warnings_window(self) -> None:
        """A points line's month with no cases is no gap in a warning's window: its points
        are none for certain, so no note asks for its reading, as one does for a month
        with no reading."""
        c = self.contract(self.POINTS + " warning 20 points in 3 months")
        april, june = "HM1N,2024-04,9\nHM1D,2024-04,10\n", "HM1N,2024-06,10\nHM1D,2024-06,10\n"
        pay = c.payment(self.readings(april + "HM1N,2024-05,0\nHM1D,2024-05,0\n" + june), "2024-06")
        assert ((), (), D(0)) == (pay.notes, pay.warnings, pay.total_points)
        gap = c.payment(self.readings(april + "HM1N,2024-05,0\n" + june), "2024-06")
        assert ["HM1 has no reading for 2024-05"] == [n.message[:30] for n in gap.notes]


class TestWarnings:
    TERMS = "charge £10k monthly points SD1 1 each point value £1 warning 10 points in 3 months"
    QUARTERLY = "charge £30k quarterly points SD1 1 each point value £1 warning"

    def readings(self, counts: dict[str, int]) -> pc.Readings:
        return pc.Readings.from_records(
            [{"measure": "SD1", "period": p, "value": v} for p, v in counts.items()]
        )

    def test_reached_at_the_threshold(self) -> None:
        """Points over the window equal to the threshold reach it; one fewer does not."""
        c = contract(self.TERMS)
        reached = c.payment(self.readings({"2024-04": 4, "2024-05": 6}), "2024-05").warnings
        short = c.payment(self.readings({"2024-04": 4, "2024-05": 5}), "2024-05").warnings
        assert (1, 0) == (len(reached), len(short))
        assert "2024-05: 10 points in 3 months (warning at 10)" == str(reached[0])
        period, threshold, points = reached[0]  # as a warning letter quotes it
        assert ("2024-05", D(10), D(10)) == (str(period), threshold, points)

    def test_one_month_window(self) -> None:
        """A window of one month is read as written, singular, and shown so."""
        c = contract(self.TERMS.replace("in 3 months", "in 1 month"))
        (threshold,) = c.payment_mechanism.warnings
        assert (1, "warning 10 points in 1 month") == (threshold.months, str(threshold))
        (reached,) = c.payment(self.readings({"2024-05": 10}), "2024-05").warnings
        assert "2024-05: 10 points in 1 month (warning at 10)" == str(reached)

    def test_window_in_quarters_shown_as_written(self) -> None:
        """A window written `in 2 quarters` is 6 months, and every output says 2 quarters."""
        terms = (
            "charge £30k quarterly points SD1 1 each point value £1 warning 12 points in 2 quarters"
        )
        c = contract(terms, "reporting quarterly")
        (threshold,) = c.payment_mechanism.warnings
        assert (6, True, "warning 12 points in 2 quarters") == (
            threshold.months,
            threshold.quarters,
            str(threshold),
        )
        counts = {"2024/25 Q1": 5, "2024/25 Q2": 7}
        pay = c.payment(self.readings(counts), "2024/25 Q2")
        (reached,) = pay.warnings
        assert ("2 quarters", 6) == (reached.window, reached.months)
        assert "2024/25 Q2: 12 points in 2 quarters (warning at 12)" == str(reached)
        assert f"Warning reached: {reached}" in pay.to_text()
        assert f"Warning reached: {reached}" in pay.to_markdown()
        assert "12 in 2 quarters" in pay.to_csv()
        assert "months" not in pay.to_text() + pay.to_markdown() + pay.to_csv()

    def test_window_in_quarters_named_in_a_gap_note(self) -> None:
        """A note on a gap in a window written in quarters names it in quarters."""
        terms = (
            "charge £30k quarterly points SD1 1 each point value £1 warning 10 points in 3 quarters"
        )
        c = contract(terms, "reporting quarterly")
        counts = {"2024/25 Q1": 5, "2024/25 Q3": 4}
        pay = c.payment(self.readings(counts), "2024/25 Q3")
        (note,) = pay.notes
        assert "in the window of the warning at 10 points in 3 quarters for 2024/25 Q3" in (
            note.message
        )

    def test_one_quarter_and_three_months_are_one_warning(self) -> None:
        """`in 1 quarter` equals `in 3 months`: written differently, compared as one."""
        quarter = contract(self.TERMS.replace("in 3 months", "in 1 quarter"))
        months = contract(self.TERMS)
        assert quarter.payment_mechanism.warnings == months.payment_mechanism.warnings
        assert ["warning 10 points in 1 quarter", "warning 10 points in 3 months"] == [
            str(c.payment_mechanism.warnings[0]) for c in (quarter, months)
        ]

    @pytest.mark.parametrize(
        ("window", "said"),
        [("1 month", "1 month"), ("1 months", "1 month"), ("2 months", "2 months")],
    )
    def test_window_not_whole_payment_periods(self, window: str, said: str) -> None:
        """A window that is no whole number of payment periods is named in agreeing number."""
        text = (
            f"charge £30k quarterly points SD1 1 each point value £1 warning 10 points in {window}"
        )
        with pytest.raises(pc.ContractValidationError) as info:
            contract(text, "reporting quarterly")
        assert (
            f"the charge is paid quarterly, so a window of {said} does not cover whole"
            " payment periods"
        ) == info.value.first.message

    def test_window_of_one_quarter_paid_annually(self) -> None:
        """A window in quarters that does not cover a year's payment is named in quarters."""
        text = "charge £1m annually points SD1 1 each point value £1 warning 10 points in 1 quarter"
        with pytest.raises(pc.ContractValidationError) as info:
            contract(text, "reporting quarterly")
        assert (
            "the charge is paid annually, so a window of 1 quarter does not cover whole"
            " payment periods",
            "make the window a multiple of 12 months",
        ) == (info.value.first.message, info.value.first.hint)

    def test_duplicate_one_month_window(self) -> None:
        """A warning of one month given twice is named in the singular."""
        text = self.TERMS.replace("in 3 months", "in 1 month") + " warning 10 points in 1 month"
        with pytest.raises(pc.ContractValidationError) as info:
            contract(text)
        assert info.value.first.message.startswith("duplicate warning (10 points in 1 month):")

    def test_window_reaches_back_before_the_period(self) -> None:
        """Warnings count the months before the period asked for, when they have readings."""
        c = contract(self.TERMS)
        counts = {"2024-02": 5, "2024-03": 4, "2024-04": 1}
        (warning,) = c.payment(self.readings(counts), "2024-04").warnings
        assert D(10) == warning.points

    def test_window_longer_than_the_data(self) -> None:
        """Before the first reading there are no points: a window sums what there is."""
        c = contract(self.TERMS)
        (warning,) = c.payment(self.readings({"2024-04": 12}), "2024-04").warnings
        assert (D(12), 3) == (warning.points, warning.months)

    def test_a_gap_in_the_window_is_named(self) -> None:
        """A month in the window, after the readings start, with no reading of a points line:
        its points count as none, the warning is not reached, and a note names the reading
        that would settle it; before the readings start, nothing is said."""
        c = contract(self.TERMS)
        pay = c.payment(self.readings({"2024-02": 5, "2024-04": 4}), "2024-04")
        (note,) = pay.notes
        assert ((), "warning", False) == (pay.warnings, note.severity, pay.provisional)
        assert note.message == (
            "SD1 has no reading for 2024-03, in the window of the warning at 10 points in 3"
            " months for 2024-04: its points there count as none, and the warning is not"
            " reached with the points there are"
        )
        assert "give SD1's reading for 2024-03" == note.hint
        assert f"Note: {note.message} ({note.hint})" in pay.to_text()
        assert () == c.payment(self.readings({"2024-03": 5, "2024-04": 4}), "2024-04").notes

    def test_a_gap_in_a_window_reached_anyway(self) -> None:
        """A warning reached without the missing month needs no note."""
        c = contract(self.TERMS)
        assert () == c.payment(self.readings({"2024-02": 5, "2024-04": 6}), "2024-04").notes

    def test_window_moves_on(self) -> None:
        """A month drops out of the window three months later."""
        c = contract(self.TERMS)
        counts = {"2024-04": 10, "2024-05": 0, "2024-06": 0, "2024-07": 0}
        pay = c.payment(self.readings(counts), "2024/25 Q1")
        assert ["2024-04", "2024-05", "2024-06"] == [str(w.period) for w in pay.warnings]
        assert () == c.payment(self.readings(counts), "2024-07").warnings

    def test_example_year(self) -> None:
        """The example reaches its first warning in November and its final one too."""
        year = FM.payment(FM_READINGS, period="2024/25")
        first = [(str(w.period), w.threshold) for w in year.warnings][:2]
        assert [("2024-11", D(100)), ("2024-11", D(300))] == first


class TestYear:
    def test_example_year(self) -> None:
        """The example's year: twelve months, £5.04m charged, £83,100 deducted."""
        year = FM.payment(FM_READINGS, period="2024/25")
        assert (12, D("5040000.00"), D("85200.00"), D("83100.00"), D("4956900.00")) == (
            len(year.by_period),
            year.total_charge,
            year.deduction_before_cap,
            year.total_deduction,
            year.payment,
        )

    def test_year_is_the_sum_of_its_months(self) -> None:
        """Each figure of the year is the sum of the same figure of each month."""
        year = FM.payment(FM_READINGS, period="2024/25")
        months = [
            FM.payment(FM_READINGS, period=str(m)) for m in pc.Period.parse("2024/25").months()
        ]
        assert sum(m.total_deduction for m in months) == year.total_deduction
        assert sum(m.payment for m in months) == year.payment
        assert sum(m.total_points for m in months) == year.total_points
        assert [w for m in months for w in m.warnings] == list(year.warnings)


class TestErrors:
    def test_no_payment_block(self) -> None:
        """Paying under a contract without a payment block is the library's own error."""
        reference = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
        with pytest.raises(pc.ContractError) as info:
            reference.payment({}, period="2017/18 Q4")
        assert type(info.value) is pc.ContractError  # neither the readings nor the period
        assert "the contract `DCST service delivery contract` has no `payment` block" == (
            info.value.first.message
        )

    def test_period_shorter_than_a_payment_period(self) -> None:
        """A month of a quarterly charge is refused, saying what to ask for."""
        c = contract("charge £300k quarterly")
        with pytest.raises(pc.PeriodError) as info:
            c.payment({}, period="2024-05")
        assert "the charge is paid quarterly, so there is no payment for" in str(info.value)

    def test_no_charge_in_force(self) -> None:
        """A period before the first charge is an error naming when the charges start."""
        c = contract("charge £1k monthly from 2025/26")
        with pytest.raises(pc.PeriodError, match="no charge is in force in 2024-05"):
            c.payment({}, period="2024-05")

    def test_no_point_value_in_force(self) -> None:
        """Points in a period before the first point value: an error, not £0."""
        c = contract("charge £1k monthly points SD1 1 each point value £5 from 2025/26")
        with pytest.raises(pc.PeriodError, match="no point value is in force in 2024-05"):
            c.payment({"SD1": 1}, period="2024-05")

    def test_readings_of_another_contract(self) -> None:
        """Readings resolved against another contract are refused."""
        resolved = FM_READINGS.resolve(FM)
        with pytest.raises(pc.ReadingsError, match="checked against the contract"):
            contract("charge £1k monthly").payment(resolved, period="2024-05")

    def test_bad_period(self) -> None:
        """A period that is not one is the library's own error."""
        with pytest.raises(pc.PeriodError):
            FM.payment(FM_READINGS, period="2024/25 Q5")


class TestChargeAYear:
    """`charge £1m a year monthly`: a year's charge paid in instalments that add up to it."""

    def test_a_million_a_year_monthly(self) -> None:
        """Eleven months of £83,333.33 and a last of £83,333.37: £1m, not £999,999.96."""
        c = contract("charge £1m a year monthly")
        year = c.payment({}, period="2024/25")
        assert [D("83333.33")] * 11 + [D("83333.37")] == [p.charge for p in year.by_period]
        assert (D("1000000.00"), D("1000000.00")) == (year.total_charge, year.payment)
        assert "2025-03" == str(year.by_period[-1].period)

    def test_the_last_instalment_follows_the_year_start(self) -> None:
        """With a year starting in January, December takes what is left."""
        c = contract("charge £1m a year monthly", "reporting monthly year starts January")
        assert (D("83333.33"), D("83333.37")) == (
            c.payment_mechanism.charge_at("2024-03"),
            c.payment_mechanism.charge_at("2024-12"),
        )

    def test_quarterly_and_annually(self) -> None:
        """Four quarters add up to the year; paid annually, one instalment is the year."""
        quarterly = contract("charge £1,000,000.03 a year quarterly", "reporting quarterly")
        year = quarterly.payment({}, period="2024/25")
        assert [D("250000.00")] * 3 + [D("250000.03")] == [p.charge for p in year.by_period]
        annual = contract("charge £1,000,000.03 a year annually", "reporting annually")
        assert D("1000000.03") == annual.payment({}, period="2024/25").total_charge

    def test_cap_is_of_the_instalment(self) -> None:
        """`cap 10% of charge` is of each period's instalment, as of any period's charge."""
        c = contract("charge £1m a year monthly cap 10% of charge")
        terms = c.payment_mechanism
        assert D("8333.33") == terms.cap_for(terms.charge_at("2024-04"))

    def test_dated_yearly_charge(self) -> None:
        """Each instalment is of the yearly charge in force at its start; months still work."""
        c = contract("charge £90k monthly charge £1.2m a year monthly from 2025/26")
        terms = c.payment_mechanism
        assert [False, True] == [t.per_year for t in terms.charges]
        assert (D("90000"), D("100000.00")) == (
            terms.charge_at("2025-03"),
            terms.charge_at("2025-04"),
        )
        assert D("1200000.00") == c.payment({}, period="2025/26").total_charge

    def test_written_back_as_written(self) -> None:
        """fmt writes `a year` back before the frequency, and the text reads the same again."""
        text = (
            'contract "c" { reporting monthly group "g" { volumetric SD1 "x" { unit count } }\n'
            "payment { charge   £1m  a  year   monthly\n"
            "charge £1.2m a year monthly from 2025/26 } }\n"
        )
        formatted = format_contract(text)
        assert "        charge £1m a year monthly\n" in formatted
        assert "        charge £1.2m a year monthly from 2025/26\n" in formatted
        assert pc.loads(text).payment_mechanism == pc.loads(formatted).payment_mechanism
        assert formatted == format_contract(formatted)

    @settings(max_examples=300, deadline=None, database=None)
    @given(
        st.integers(0, 10**12),
        st.sampled_from(["monthly", "quarterly", "annually"]),
        st.integers(1, 12),
    )
    def test_instalments_add_up_to_the_year(self, pennies: int, paid: str, start: int) -> None:
        """For every charge, frequency and year start, a year's instalments add up to the
        charge exactly; each but the last is the charge shared equally, rounded down to the
        penny, and the last is at most a penny a period more."""
        header = f"reporting {paid} year starts {MONTH_NAMES[start - 1]}"
        amount = D(pennies).scaleb(-2)
        c = contract(f"charge £{amount:f} a year {paid}", header)
        year = c.payment({}, period="2024/25")
        charges = [p.charge for p in year.by_period]
        each = len(charges)
        share = D(pennies // each).scaleb(-2)
        assert amount == sum(charges) == year.total_charge
        assert [share] * (each - 1) == charges[:-1]
        assert 0 <= charges[-1] - share < D(each).scaleb(-2)


# ---------------------------------------------------------------------------
# Rules that hold for every contract and readings

PENNIES = st.integers(0, 10**9)
PERCENT = st.integers(0, 10_000).map(lambda n: D(n).scaleb(-2))
POINTS = st.integers(0, 1_000).map(lambda n: D(n).scaleb(-1))
READING = st.one_of(st.none(), st.integers(0, 100))


@st.composite
def payments(draw: st.DrawFn) -> tuple[pc.Contract, pc.Readings]:
    charge = D(draw(PENNIES)).scaleb(-2)
    lines = [f"charge £{charge} monthly"]
    lines.append(
        f"credit CS1 {draw(PERCENT)}% inside tolerance, {draw(PERCENT)}% outside tolerance"
    )
    lines.append(f"points CS1 {draw(POINTS)} outside tolerance")
    lines.append(f"points SD1 {draw(POINTS)} each")
    if draw(st.booleans()):
        lines.append(f"credit SD1 {draw(PERCENT) / 10}% each")
    lines.append(f"point value £{D(draw(st.integers(0, 10**6))).scaleb(-2)}")
    if draw(st.booleans()):
        lines.append(f"cap {draw(PERCENT)}% of charge")
    if draw(st.booleans()):
        lines.append(f"cap £{D(draw(PENNIES)).scaleb(-2)}")
    lines.append(f"warning {draw(st.integers(1, 500))} points in {draw(st.integers(1, 12))} months")
    records = []
    for month in pc.Period.parse("2024/25").months():
        for measure in ("CS1", "SD1"):
            value = draw(READING)
            if value is not None:
                records.append({"measure": measure, "period": str(month), "value": value})
    return contract(" ".join(lines)), pc.Readings.from_records(records)


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(payments())
    def test_lines_add_up_and_the_cap_holds(self, drawn: tuple[pc.Contract, pc.Readings]) -> None:
        """Each month: its lines add up to its deduction before the cap, the deduction is that
        capped and never above the cap, and the payment is the charge less the deduction."""
        c, readings = drawn
        for month in c.payment(readings, period="2024/25").by_period:
            assert sum((x.amount for x in month.lines), D(0)) == month.deduction_before_cap
            for line in month.lines:
                assert line.amount == line.amount.quantize(D("0.01"))
            if month.cap is not None:
                assert month.deduction <= month.cap
                assert min(month.cap, month.deduction_before_cap) == month.deduction
            else:
                assert month.deduction_before_cap == month.deduction
            assert month.charge == month.payment + month.deduction

    @settings(max_examples=30, deadline=None)
    @given(payments())
    def test_a_year_is_the_sum_of_its_months(self, drawn: tuple[pc.Contract, pc.Readings]) -> None:
        """The year's figures, warnings and gaps are its months', added up exactly."""
        c, readings = drawn
        year = c.payment(readings, period="2024/25")
        months = [c.payment(readings, period=str(m)) for m in pc.Period.parse("2024/25").months()]
        assert [m.by_period[0] for m in months] == list(year.by_period)
        assert sum(m.total_deduction for m in months) == year.total_deduction
        assert sum(m.payment for m in months) == year.payment
        assert year.total_charge == year.payment + year.total_deduction

    @settings(max_examples=60, deadline=None)
    @given(payments(), st.data())
    def test_a_longer_reading_is_named_exactly_where_its_months_have_none(
        self, drawn: tuple[pc.Contract, pc.Readings], data: st.DataObject
    ) -> None:
        """With quarters' readings among the months', a note names each measure and quarter
        that has a reading of its own while some of its months have none, and those months
        exactly; a quarter's reading whose months all have theirs is named by none."""
        c, readings = drawn
        quarters = {
            (measure, str(q)): data.draw(st.integers(0, 100))
            for q in pc.Period.parse("2024/25").quarters()
            for measure in ("CS1", "SD1")
            if data.draw(st.booleans())
        }
        rows = [{"measure": r.measure, "period": r.period, "value": r.value} for r in readings]
        rows += [{"measure": m, "period": q, "value": v} for (m, q), v in quarters.items()]
        pay = c.payment(pc.Readings.from_records(rows), period="2024/25")
        held = {(r["measure"], r["period"]) for r in rows}
        expected = set()
        for measure, quarter in quarters:
            months = pc.Period.parse(quarter).months()
            gaps = [str(m) for m in months if (measure, str(m)) not in held]
            if gaps:
                expected.add((measure, quarter, tuple(gaps)))
        named = set()
        for note in pay.notes:
            head, _, tail = note.message.partition(", but none for ")
            measure, _, quarter = head.partition(" has a reading for ")
            gaps = tuple(tail.partition(":")[0].replace(" and ", ", ").split(", "))
            named.add((measure, quarter, gaps))
            assert "warning" == note.severity
        assert expected == named
        assert all(
            (p, m) in set(pay.missing) for m, _, gaps in named for p in map(pc.Period.parse, gaps)
        )


# ---------------------------------------------------------------------------
# Outputs


class TestOutputs:
    @pytest.mark.parametrize(
        ("name", "period", "form", "lines"),
        [
            ("year-2024-25.txt", "2024/25", "text", False),
            ("year-2024-25.md", "2024/25", "markdown", False),
            ("year-2024-25.json", "2024/25", "json", False),
            ("year-2024-25.csv", "2024/25", "csv", False),
            ("q3-2024-25-lines.txt", "2024/25 Q3", "text", True),
            ("q3-2024-25-lines.md", "2024/25 Q3", "markdown", True),
            ("q3-2024-25-lines.json", "2024/25 Q3", "json", True),
            ("q3-2024-25-lines.csv", "2024/25 Q3", "csv", True),
        ],
    )
    def test_golden(self, name: str, period: str, form: str, lines: bool) -> None:
        """Each output of the example's payment is exactly its golden file."""
        pay = FM.payment(FM_READINGS, period=period)
        render = {"text": pay.to_text, "markdown": pay.to_markdown, "json": pay.to_json}
        render["csv"] = pay.to_csv
        golden(name, render[form](lines=lines))

    def test_json_amounts_are_exact_strings(self) -> None:
        """JSON carries every amount as a decimal string that reads back exactly."""
        record = json.loads(FM.payment(FM_READINGS, period="2024/25").to_json())
        assert "83100.00" == record["total"]["deduction"]
        assert D(record["total"]["payment"]) + D(record["total"]["deduction"]) == D(
            record["total"]["charge"]
        )

    def test_provisional_is_said(self) -> None:
        """A payment with missing data says which measure and month in every format."""
        pay = contract("charge £1k monthly credit CS1 1% outside tolerance").payment(
            {}, period="2024-05"
        )
        assert "Provisional: no reading for CS1 in 2024-05" in pay.to_text()
        assert "Provisional: no reading for CS1 in 2024-05" in pay.to_markdown()
        assert [{"period": "2024-05", "measure": "CS1"}] == json.loads(pay.to_json())["missing"]
        assert pay.to_csv().splitlines()[1].endswith(",yes")

    def test_thousands_of_points(self) -> None:
        """Points of a thousand and more are grouped where read (text, Markdown, the
        warnings), as the readings beside them are, and plain in JSON and CSV."""
        pay = contract(
            "charge £250k monthly points SD1 1 each point value £1 warning 1000 points in 3 months"
        ).payment({"SD1": 1070}, period="2024-05")
        text, markdown = pay.to_text(lines=True), pay.to_markdown(lines=True)
        assert (
            "2024-05  £250,000.00   1,070    £0.00  £1,070.00   £1,070.00  £1,070.00  £248,930.00",
            "Warning reached: 2024-05: 1,070 points in 3 months (warning at 1,000)",
            "2024-05  SD1      points            1,070     1   1,070  £1,070.00",
        ) == tuple(text.splitlines()[i] for i in (2, 4, 7))
        assert "| 2024-05 | £250,000.00 | 1,070 | £0.00 |" in markdown
        assert ("1070", "1070") == (
            json.loads(pay.to_json())["total"]["points"],
            pay.to_csv().splitlines()[1].split(",")[2],
        )

    def test_names_are_escaped(self) -> None:
        """A contract's name is escaped for Markdown and shown on one line in text."""
        written = pc.loads('contract "<b>x</b> | *y*" { payment { charge £1 monthly } }')
        # a control character, which the language refuses, as a model changed in Python holds it
        c = attrs.evolve(written, name=written.name + "\x07")
        pay = c.payment({}, period="2024-05")
        assert pay.to_markdown().startswith("**\\<b\\>x\\</b\\> \\| \\*y\\*")
        assert pay.to_text().startswith("<b>x</b> | *y*\ufffd: payment")


class TestShownAsStated:
    """A line's reading is shown as the contract states it: a grade by its label, a yes/no
    as yes or no, a percentage with its sign, rounded as its measure says."""

    CONTRACT = """contract "Shown" {
    reporting monthly
    group "Depot" {
        measure H1 "Operator licence held" {
            unit yes/no
            target yes
        }
        measure R1 "Inspection grade" {
            unit grade "Inadequate", "Requires improvement", "Good", "Outstanding"
            target "Good"
        }
        measure P1 "Bins collected on time" {
            unit percent
            higher is better
            target 95%
            tolerance 90%
            rounded to 1 dp
        }
    }
    payment {
        charge £1000 monthly
        points H1 10 outside tolerance
        points R1 5 inside tolerance, 10 outside tolerance
        credit P1 1% inside tolerance, 2% outside tolerance
        point value £10
    }
}
"""

    def test_lines(self) -> None:
        contract = pc.loads(self.CONTRACT)
        readings = {"H1": "no", "R1": "Requires improvement", "P1": 92.349}
        resolved = pc.Readings.from_mapping(readings, "2024-05").resolve(contract)
        paid = contract.payment(resolved, period="2024-05")
        shown = {line.measure: line.shown for line in paid.lines}
        assert shown == {"H1": "no", "R1": "Requires improvement", "P1": "92.3%"}
        text = paid.to_text(lines=True)
        assert "Requires improvement" in text
        assert "92.3%" in text
        assert "92.349" not in text
        # R1 has no tolerance: anything short of Good is outside it.
        assert [str(line.amount) for line in paid.lines] == ["100.00", "100.00", "10.00"]
