"""Values shown as the contract states them, in every text, Markdown, HTML and CSV output.

The rule: a value is rounded half away from zero on its decimal value, to the
measure's ``rounded to N dp`` (exactly N decimals), else to no more decimals
than it needs (at most 2; whole numbers for counts), money always in pounds
and pence; JSON and Python keep full precision. The example's year 2017/18 is
where float noise showed (C15 staff turnover, ``15.725000000000001%``).

The year's outputs are pinned as golden files in ``tests/golden/evaluate/``.
To rewrite them after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_display.py

and read the changed files (``git diff tests/golden``) before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract import engine
from perfcontract.cli import main
from perfcontract.evaluation import Evaluation
from perfcontract.model import Band, Measure, Unit, UnitKind
from perfcontract.render import (
    csv_term,
    csv_value,
    format_gap,
    format_term,
    format_value,
    shown_decimal,
    shown_places,
    term_text,
)
from perfcontract.status import Status

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "evaluate"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
CONTRACT_PATH = ROOT / "examples" / "dcst-2017-18.contract"
READINGS_PATH = ROOT / "examples" / "dcst-2017-18-readings.csv"
EXAMPLE = pc.load(CONTRACT_PATH)
READINGS = pc.Readings.from_csv(READINGS_PATH)
YEAR = "2017/18"

PERCENT, COUNT, MONEY = Unit(UnitKind.PERCENT), Unit(UnitKind.COUNT), Unit(UnitKind.MONEY)
DAYS, WEEKS, NUMBER = Unit(UnitKind.DAYS), Unit(UnitKind.WEEKS), Unit(UnitKind.NUMBER)
RATE = Unit(UnitKind.RATE, per=Decimal(1000))
UNITS = [PERCENT, COUNT, MONEY, DAYS, WEEKS, NUMBER, RATE]

# The noise the example's year showed: C15's four quarters, 16.8, 16.1, 15.4 and 14.6,
# have the mean 15.725, which a float sum made 15.725000000000001 (roll-ups now add the
# decimals); any computed value may carry such noise, and what is shown never does.
NOISY = 15.725000000000001

MONEY_CONTRACT = """contract "Costs" {
    group "Budget" {
        measure M1 "Spend on agency staff" {
            unit money
            lower is better
            target £4.5m
            tolerance £5m
        }
        volumetric M2 "Grant received" { unit money }
    }
}
"""


def measure(unit: Unit, rounding: int | None = None) -> Measure:
    """The example's A1 in another unit, rounded to ``rounding`` dp (or not)."""
    return attrs.evolve(EXAMPLE["A1"], unit=unit, rounding=rounding)


def check_golden(name: str, text: str) -> None:
    """``text`` is exactly the golden file ``name`` (regenerated when UPDATE)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.is_file(), f"no golden {name}; run with PERFCONTRACT_UPDATE_GOLDEN=1"
    assert path.read_bytes().decode("utf-8") == text


@pytest.fixture(scope="module")
def year() -> Evaluation:
    """The example contract's whole year 2017/18: where the float noise was found."""
    return EXAMPLE.evaluate(READINGS, period=YEAR)


@pytest.fixture(scope="module")
def money() -> Evaluation:
    """A money measure of £4.2m and a volumetric one of £1,234.5, for 2017/18 Q4."""
    contract = pc.loads(MONEY_CONTRACT)
    return contract.evaluate({"M1": 4.2e6, "M2": 1234.5}, period="2017/18 Q4")


# ---------------------------------------------------------------------------
# The rule


class TestShownPlaces:
    @pytest.mark.parametrize(
        ("unit", "places"),
        [
            (PERCENT, (2, False)),
            (RATE, (2, False)),
            (NUMBER, (2, False)),
            (DAYS, (2, False)),
            (WEEKS, (2, False)),
            (COUNT, (0, False)),
            (MONEY, (2, True)),
        ],
    )
    def test_by_unit(self, unit: Unit, places: tuple[int, bool]) -> None:
        """At most 2 decimals, whole numbers for counts, exactly 2 (pence) for money."""
        assert places == shown_places(unit) == shown_places(measure(unit))

    @pytest.mark.parametrize("unit", UNITS)
    @pytest.mark.parametrize("rounding", [0, 1, 3, 15])
    def test_rounded_to_n_dp_wins(self, unit: Unit, rounding: int) -> None:
        """A measure's `rounded to N dp` shows exactly N decimals, whatever its unit."""
        assert (rounding, True) == shown_places(measure(unit, rounding))


class TestShownDecimal:
    @pytest.mark.parametrize(
        ("value", "unit", "shown"),
        [
            (NOISY, PERCENT, "15.73"),
            (2.675, PERCENT, "2.68"),  # stored just below 2.675: rounded as the decimal reads
            (1.005, PERCENT, "1.01"),
            (-1.005, PERCENT, "-1.01"),  # half away from zero, not half up
            (0.045, RATE, "0.05"),
            (0.1 + 0.2, NUMBER, "0.3"),
            (86.825, PERCENT, "86.83"),
            (26.0, PERCENT, "26"),
            (26.10, PERCENT, "26.1"),  # trailing zeros dropped
            (1789.5, COUNT, "1790"),
            (-2.5, COUNT, "-3"),
            (4.2e6, MONEY, "4200000.00"),
            (0.005, MONEY, "0.01"),
            (-0.004, PERCENT, "0"),  # nought has no sign
            (-0.004, MONEY, "0.00"),
            (1e20, COUNT, "100000000000000000000"),
        ],
    )
    def test_rounding(self, value: float, unit: Unit, shown: str) -> None:
        """Half away from zero on the decimal value, never on the binary float."""
        assert shown == f"{shown_decimal(value, unit):f}"

    @pytest.mark.parametrize(
        ("value", "rounding", "shown"), [(90.0, 0, "90"), (89.5, 0, "90"), (15.7, 2, "15.70")]
    )
    def test_rounded_to_n_dp_keeps_trailing_zeros(
        self, value: float, rounding: int, shown: str
    ) -> None:
        """With `rounded to N dp` a value shows exactly N decimals, trailing zeros kept."""
        assert shown == f"{shown_decimal(value, measure(PERCENT, rounding)):f}"

    def test_decimal_is_rounded_as_a_float(self) -> None:
        """A Decimal (a target, a benchmark) is rounded by the same rule."""
        assert Decimal("9.13") == shown_decimal(Decimal("9.125"), PERCENT)

    def test_not_finite_passes_through(self) -> None:
        """NaN and infinities come back as Decimal NaN and infinities."""
        shown = [shown_decimal(x, PERCENT) for x in (math.nan, math.inf, -math.inf)]
        assert ["NaN", "Infinity", "-Infinity"] == [str(d) for d in shown]

    def test_largest_float(self) -> None:
        """The largest float is rounded exactly, at every number of places."""
        largest = 1.7976931348623157e308
        for places in (0, 15):
            shown = shown_decimal(largest, measure(PERCENT, places))
            assert Decimal(repr(largest)) == shown


def rounded(value: float | Decimal, places: int) -> Fraction:
    """``value``'s decimal (a float's shortest) rounded half away from zero, in exact fractions."""
    decimal = value if isinstance(value, Decimal) else Decimal(repr(value))
    exact = Fraction(decimal) * 10**places
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return Fraction(whole if exact >= 0 else -whole, 10**places)


def parse_back(text: str) -> Fraction:
    """A shown value as a number again: its unit and thousands separators taken away."""
    number = re.sub(r"[£,%]| (?:days?|weeks?)$", "", text)
    return Fraction(Decimal(number))


class TestProperty:
    @settings(max_examples=400, deadline=None)
    @given(
        value=st.floats(allow_nan=False, allow_infinity=False),
        unit=st.sampled_from(UNITS),
        rounding=st.none() | st.integers(0, 15),
    )
    @example(value=NOISY, unit=PERCENT, rounding=None)
    @example(value=4.2e6, unit=MONEY, rounding=None)
    @example(value=-0.005, unit=MONEY, rounding=None)
    def test_shown_value_reads_back_as_rounded(
        self, value: float, unit: Unit, rounding: int | None
    ) -> None:
        """What every output shows reads back as the value rounded half away at its places."""
        shown_as = measure(unit, rounding)
        places, fixed = shown_places(shown_as)
        text, cell = format_value(value, shown_as), csv_value(value, shown_as)
        decimals = len(cell.partition(".")[2])
        assert (rounded(value, places), rounded(value, places)) == (
            parse_back(text),
            Fraction(Decimal(cell)),
        )
        assert decimals == places if fixed else decimals <= places
        assert not re.search(r"\d[eE]", text + cell), "never in exponent form"

    @settings(max_examples=200, deadline=None)
    @given(
        value=st.decimals(min_value=-(10**20), max_value=10**20, allow_nan=False),
        unit=st.sampled_from(UNITS),
        rounding=st.none() | st.integers(0, 15),
    )
    def test_decimal_reads_back_as_rounded(
        self, value: Decimal, unit: Unit, rounding: int | None
    ) -> None:
        """A Decimal (a target, a tolerance, a benchmark) is rounded by the same rule."""
        shown_as = measure(unit, rounding)
        places = shown_places(shown_as)[0]
        assert (rounded(value, places), rounded(value, places)) == (
            parse_back(format_value(value, shown_as)),
            Fraction(Decimal(csv_value(value, shown_as))),
        )

    @settings(max_examples=200, deadline=None)
    @given(value=st.floats(allow_nan=False, allow_infinity=False), unit=st.sampled_from(UNITS))
    def test_trailing_zeros_only_when_fixed(self, value: float, unit: Unit) -> None:
        """Without fixed places a shown value never ends in a nought after its point."""
        cell = csv_value(value, unit)
        fixed = shown_places(unit)[1]
        assert fixed or "." not in cell or not cell.endswith("0")

    @settings(max_examples=200, deadline=None)
    @given(value=st.floats(allow_nan=False, allow_infinity=False))
    def test_gap_reads_back_as_rounded(self, value: float) -> None:
        """A gap is rounded as the measure's values, with + before a positive one."""
        text = format_gap(value, PERCENT)
        expected = rounded(value, 2)
        sign = "+" if expected > 0 else ""
        assert (sign, expected) == (text[: len(sign)], parse_back(text.lstrip("+")))


# ---------------------------------------------------------------------------
# The functions


class TestFormatValue:
    @pytest.mark.parametrize(
        ("value", "unit", "text"),
        [
            (26.0, PERCENT, "26%"),
            (19.25, PERCENT, "19.25%"),
            (NOISY, PERCENT, "15.73%"),
            (1789.0, COUNT, "1,789"),
            (1234567.5, COUNT, "1,234,568"),
            (0.04, RATE, "0.04"),
            (0.045, RATE, "0.05"),
            (2.5, NUMBER, "2.5"),
            (1 / 3, NUMBER, "0.33"),
            (12.0, DAYS, "12 days"),
            (1.0, DAYS, "1 day"),
            (25.8, WEEKS, "25.8 weeks"),
            (1.0, WEEKS, "1 week"),
            (950000.0, MONEY, "£950,000.00"),
            (4.2e6, MONEY, "£4,200,000.00"),
            (1234.56, MONEY, "£1,234.56"),
            (-1234.56, MONEY, "-£1,234.56"),
            (-0.5, MONEY, "-£0.50"),
            (-3.0, PERCENT, "-3%"),
            (-0.001, PERCENT, "0%"),
        ],
    )
    def test_in_its_unit(self, value: float, unit: Unit, text: str) -> None:
        """A value rounded as stated, in its unit; negative money puts the sign before the £."""
        assert text == format_value(value, unit)

    @pytest.mark.parametrize(
        ("value", "unit", "rounding", "text"),
        [
            (89.5, PERCENT, 0, "90%"),
            (90.0, PERCENT, 1, "90.0%"),
            (15.7, PERCENT, 2, "15.70%"),
            (4.2e6, MONEY, 0, "£4,200,000"),
            (1789.25, COUNT, 1, "1,789.3"),
            (0.0449, RATE, 3, "0.045"),
        ],
    )
    def test_rounded_to_n_dp(self, value: float, unit: Unit, rounding: int, text: str) -> None:
        """A measure's `rounded to N dp` is followed exactly, in every unit."""
        assert text == format_value(value, measure(unit, rounding))

    def test_decimal(self) -> None:
        """A Decimal is shown by the same rule as a float."""
        assert "£1,500,000.00" == format_value(Decimal("1500000"), MONEY)

    def test_decimal_of_any_length(self) -> None:
        """A Decimal longer than Python turns into an int (4,300 digits) is grouped all the same."""
        text = format_value(Decimal("9" * 5000), COUNT)
        assert ("99,999,", ",999", 5000 + 1666) == (text[:7], text[-4:], len(text))

    @pytest.mark.parametrize("unit", UNITS)
    def test_nan_is_no_data(self, unit: Unit) -> None:
        """NaN is `no data`, whatever the unit."""
        assert "no data" == format_value(math.nan, unit)

    @pytest.mark.parametrize(
        ("value", "unit", "text"),
        [
            (math.inf, PERCENT, "∞%"),
            (-math.inf, PERCENT, "-∞%"),
            (math.inf, MONEY, "£∞"),
            (-math.inf, MONEY, "-£∞"),
            (math.inf, DAYS, "∞ days"),
        ],
    )
    def test_infinity(self, value: float, unit: Unit, text: str) -> None:
        """Infinity is ∞ in its unit, with its sign."""
        assert text == format_value(value, unit)


class TestRatedAgainst:
    """A value shown beside its status is never rated otherwise as shown: it takes as many
    more decimals as that needs (44.996% short of a 45% target is not `45%`)."""

    A1 = EXAMPLE["A1"]  # lower is better, percent, at most 2 decimals
    A4 = EXAMPLE["A4"]  # higher is better

    @pytest.mark.parametrize(
        ("value", "terms", "text"),
        [
            (44.996, (Decimal(45), Decimal(40)), "44.996%"),  # inside, not on target
            (44.995, (Decimal(45), Decimal(40)), "44.995%"),  # rounds onto the target too
            (44.994, (Decimal(45), Decimal(40)), "44.99%"),  # rounds away from it: as it was
            (45.004, (Decimal(45), Decimal(40)), "45%"),  # on target either way
            (45.0, (Decimal(45), Decimal(40)), "45%"),
            (39.9951, (Decimal(45), Decimal(40)), "39.995%"),  # outside, not inside
            (44.9999999999, (Decimal(45), None), "44.9999999999%"),  # no tolerance: outside
            (44.996, (None, None), "45%"),  # no target: nothing to contradict
            (-1e-20, (Decimal(0), None), "-0.00000000000000000001%"),  # no exponent
        ],
    )
    def test_higher_is_better(
        self, value: float, terms: tuple[Decimal | None, Decimal | None], text: str
    ) -> None:
        """A4 is higher-is-better: a value short of a bound shows the digits that say so."""
        assert text == format_value(value, self.A4, rated_against=terms)

    @pytest.mark.parametrize(
        ("value", "text"),
        [(22.004, "22.004%"), (21.996, "22%"), (27.999, "28%"), (28.001, "28.001%")],
    )
    def test_lower_is_better(self, value: float, text: str) -> None:
        """A1 is lower-is-better (22%, tolerance 28%): 22.004% is inside tolerance, so not
        `22%`; 27.999% is inside, and `28%` is inside too."""
        assert text == format_value(value, self.A1, rated_against=(Decimal(22), Decimal(28)))

    def test_band(self) -> None:
        """A band with a tolerance band: each of its four edges."""
        band, tolerance = Band(Decimal(40), Decimal(60)), Band(Decimal(30), Decimal(70))
        shown = [
            format_value(v, self.A4, rated_against=(band, tolerance))
            for v in (39.999, 60.001, 29.996, 70.004, 50.0)
        ]
        assert ["39.999%", "60.001%", "29.996%", "70.004%", "50%"] == shown

    def test_csv(self) -> None:
        """A CSV cell follows the same rule, as a plain number."""
        assert ("44.996", "44.99") == (
            csv_value(44.996, self.A4, rated_against=(Decimal(45), Decimal(40))),
            csv_value(44.994, self.A4, rated_against=(Decimal(45), Decimal(40))),
        )

    def test_rounded_measure_is_rated_as_shown(self) -> None:
        """A measure `rounded to N dp` is rated on the value rounded as shown: no more
        decimals (A2 is rounded to 0 dp: 89.5 is 90, on a 90% target)."""
        assert "90%" == format_value(89.5, EXAMPLE["A2"], rated_against=(Decimal(90), Decimal(85)))

    def test_words_and_missing_values(self) -> None:
        """Units shown in words, NaN and infinities are shown as they are."""
        yes_no = attrs.evolve(self.A4, unit=Unit(UnitKind.YES_NO))
        terms = (Decimal(45), Decimal(40))
        assert ("no data", "∞%", "yes") == (
            format_value(math.nan, self.A4, rated_against=terms),
            format_value(math.inf, self.A4, rated_against=terms),
            format_value(1.0, yes_no, rated_against=(Decimal(1), None)),
        )

    CONTRACT = """
contract "C" {
    reporting quarterly
    group "G" {
        measure P1 "Visits on time" {
            unit percent
            higher is better
            target 45%
            tolerance 40%
        }
    }
}
"""

    def q4(self, q3: float, q4: float) -> tuple[Evaluation, pc.Report]:
        """P1's evaluation and report for 2017/18 Q4, with these readings for Q3 and Q4."""
        contract = pc.loads(self.CONTRACT)
        readings = pc.Readings.from_records(
            {"measure": "P1", "period": period, "value": value}
            for period, value in (("2017/18 Q3", q3), ("2017/18 Q4", q4))
        )
        evaluation = contract.evaluate(readings, period="2017/18 Q4")
        return evaluation, pc.Report.build(contract, readings, "2017/18 Q4")

    def test_every_output(self) -> None:
        """Every output that shows the value beside its status or target: the evaluation's
        text, Markdown, HTML, CSV and notebook card, and the report's HTML (card, table,
        trend title) and Markdown (row, trend)."""
        evaluation, report = self.q4(q3=45.0, q4=44.996)
        outputs = {
            "text": evaluation.to_text(),
            "markdown": evaluation.to_markdown(),
            "html": evaluation.to_html(),
            "notebook": evaluation["P1"]._repr_html_(),
            "report html": report.to_html(),
            "report markdown": report.to_markdown(),
        }
        rows = list(csv.DictReader(io.StringIO(evaluation.to_csv())))
        assert ("44.996", dict.fromkeys(outputs, True)) == (
            rows[0]["value"],
            {name: "44.996%" in text for name, text in outputs.items()},
        )
        assert "Q4 44.996%" in report.to_html()  # the trend's title, as the card

    def test_large_values(self) -> None:
        """Half a penny short of a target of £100,000,000.01 is not shown on it: the distance
        to an edge is taken with its float error (it was -0.0050000101, within half a
        penny as computed)."""
        money = attrs.evolve(self.A4, unit=Unit(UnitKind.MONEY))
        terms = (Decimal("100000000.01"), Decimal(90_000_000))
        shown = format_value(100_000_000.005, money, rated_against=terms)
        bounds = engine.Thresholds.for_terms(money.polarity, *terms)
        assert ("£100,000,000.005", 1) == (shown, int(engine.rate(100_000_000.005, bounds)))

    def test_a_value_beside_a_term_of_many_decimals(self) -> None:
        """A value given more decimals never shows the same figure as a term it is not on:
        a written term shows as many as six decimals in full."""
        terms = (Decimal("10.12345"), Decimal(12))
        assert ("10.1235%", "10.12345%") == (
            format_value(10.12347, self.A1, rated_against=terms),
            format_term(terms[0], self.A1),
        )

    def test_before_and_payment_lines(self, tmp_path: Path) -> None:
        """The value before (a card's Before, a notebook's Previous, the CSV's
        previous_value) is shown against its own period's terms, and a payment line's
        reading against the terms it was rated by."""
        evaluation, report = self.q4(q3=44.996, q4=47.0)
        row = next(csv.DictReader(io.StringIO(evaluation.to_csv())))
        assert (
            "44.996",
            "Inside tolerance",
            True,
            True,
            True,
        ) == (
            row["previous_value"],
            row["previous_status"],
            "- **Before:** 44.996%" in report.to_markdown(),
            "<dt>Before</dt><dd>44.996%</dd>" in report.to_html(),
            "44.996%" in evaluation["P1"]._repr_html_(),
        )
        fm = pc.load(ROOT / "examples" / "fm-2024-25.contract")
        month = pc.Readings.from_records([{"measure": "CS1", "period": "2024-04", "value": 94.996}])
        line = next(x for x in fm.payment(month, period="2024-04").lines if x.measure == "CS1")
        assert ("94.996%", Status.WITHIN_TOLERANCE) == (line.shown, line.status)

    def test_benchmark_gap(self) -> None:
        """A gap to a benchmark that is there is never shown as 0 beside better or worse:
        A1 at 21.896% against a national 21.9% is 0.004 better."""
        result = EXAMPLE.evaluate({"A1": 21.896}, period="2017/18 Q4")["A1"]
        national = result.benchmarks[0]
        report = pc.Report.build(
            EXAMPLE,
            pc.Readings.from_records([{"measure": "A1", "period": "2017/18 Q4", "value": 21.896}]),
            "2017/18 Q4",
        )
        assert ("better", True) == (national.verdict, "-0.004" in report.to_html())

    @settings(max_examples=400, deadline=None)
    @given(
        value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
        target=st.decimals(min_value=-1000, max_value=1000, places=3),
        gap=st.decimals(min_value=0, max_value=50, places=2),
        higher=st.booleans(),
    )
    def test_shown_is_rated_as_the_value(
        self, value: float, target: Decimal, gap: Decimal, higher: bool
    ) -> None:
        """For any value and terms, the figure shown, read back, is rated as the value is."""
        measure = self.A4 if higher else self.A1
        tolerance = target - gap if higher else target + gap
        terms = (target, tolerance)
        shown = csv_value(value, measure, rated_against=terms)
        bounds = engine.Thresholds.for_terms(measure.polarity, target, tolerance)
        assert engine.rate(value, bounds) == engine.rate(float(shown), bounds), shown


class TestUnitsBeyondTheReference:
    """Units of SPEC 3.1: times and tonnes by name, yes/no and grades as their words."""

    YES_NO = Unit(UnitKind.YES_NO)
    GRADE = Unit(UnitKind.GRADE, labels=("Inadequate", "Requires improvement", "Good"))

    @pytest.mark.parametrize(
        ("value", "kind", "text"),
        [
            (1.0, UnitKind.HOURS, "1 hour"),
            (2.5, UnitKind.HOURS, "2.5 hours"),
            (1.0, UnitKind.MINUTES, "1 minute"),
            (2.308333, UnitKind.MINUTES, "2.31 minutes"),
            (1.0, UnitKind.WORKING_DAYS, "1 working day"),
            (3.0, UnitKind.WORKING_DAYS, "3 working days"),
            (1.0, UnitKind.TONNES, "1 tonne"),
            (24494.55, UnitKind.TONNES, "24,494.55 tonnes"),
            (0.125, UnitKind.TONNES, "0.13 tonnes"),
        ],
    )
    def test_named(self, value: float, kind: UnitKind, text: str) -> None:
        """Hours, minutes, working days and tonnes: at most two decimals, then the unit's name."""
        assert text == format_value(value, Unit(kind))

    @pytest.mark.parametrize(
        ("value", "text"), [(1.0, "yes"), (0.0, "no"), (Decimal(1), "yes"), (0.5, "0.5")]
    )
    def test_yes_no(self, value: float | Decimal, text: str) -> None:
        """1 is yes and 0 is no; a value that is neither (only Python can make one) a number."""
        assert (text, text) == (format_value(value, self.YES_NO), csv_value(value, self.YES_NO))

    @pytest.mark.parametrize(
        ("value", "text"),
        [(1.0, "Inadequate"), (2.0, "Requires improvement"), (3, "Good"), (2.5, "2.5")],
    )
    def test_grade(self, value: float, text: str) -> None:
        """A grade's value is its place in the labels, the worst 1: shown as the label."""
        assert (text, text) == (format_value(value, self.GRADE), csv_value(value, self.GRADE))

    def test_terms_and_no_data(self) -> None:
        """Targets and tolerances are words too; NaN is `no data` and an empty CSV cell."""
        assert ("yes", "Good", "no data", "") == (
            format_term(Decimal(1), self.YES_NO),
            format_term(Decimal(3), self.GRADE),
            format_value(math.nan, self.GRADE),
            csv_value(math.nan, self.YES_NO),
        )


class TestFormatTerm:
    @pytest.mark.parametrize(
        ("term", "unit", "text"),
        [
            (None, PERCENT, "none"),
            (Decimal("22"), PERCENT, "22%"),
            (Decimal("22.50"), PERCENT, "22.5%"),
            (Decimal("21.375"), PERCENT, "21.375%"),  # a term's own decimals
            (Decimal("21.37512"), PERCENT, "21.37512%"),  # as many as six
            (Decimal("21.3751234"), PERCENT, "21.3751%"),  # more: two beyond the unit's
            (Band(Decimal("5.5"), Decimal("9.125")), COUNT, "5.5 to 9.125"),
            (Band(Decimal(169000) / 3, Decimal(169000)), COUNT, "56,333.33 to 169,000"),
            (Decimal("0.1"), RATE, "0.1"),
            (Band(Decimal(5), Decimal(9)), PERCENT, "5% to 9%"),
            (Band(Decimal("-5"), Decimal("1000000")), MONEY, "-£5.00 to £1,000,000.00"),
            (Decimal("1500000"), MONEY, "£1,500,000.00"),
            (Decimal("26"), WEEKS, "26 weeks"),
            (Decimal("1E+3"), COUNT, "1,000"),
        ],
    )
    def test_in_its_unit(self, term: Decimal | Band | None, unit: Unit, text: str) -> None:
        """A target or tolerance as a value is shown; a band as `low to high`; None as `none`."""
        assert text == format_term(term, unit)

    def test_rounded_to_n_dp(self) -> None:
        """A term follows the measure's `rounded to N dp` too, with the decimals it has
        beyond them: a reading rounded to 92% never reads as meeting a target of 92.4%."""
        assert ("90%", "92.4%", "92.45%") == (
            format_term(Decimal("90"), EXAMPLE["A2"]),
            format_term(Decimal("92.4"), EXAMPLE["A2"]),
            format_term(Decimal("92.45000"), EXAMPLE["A2"]),
        )

    def test_term_text_volumetric_is_blank(self) -> None:
        """A volumetric measure's target cell is blank; a contractual one's is in its unit."""
        assert ("", "22%") == (
            term_text(None, EXAMPLE["E1"]),
            term_text(Decimal(22), EXAMPLE["A1"]),
        )


class TestFormatGap:
    @pytest.mark.parametrize(
        ("gap", "unit", "text"),
        [
            (4.1, PERCENT, "+4.1"),
            (4.100000000000001, PERCENT, "+4.1"),
            (-0.5, PERCENT, "-0.5"),
            (0.0, PERCENT, "0"),
            (0.004, PERCENT, "0"),  # rounds to nought: no sign
            (-0.004, PERCENT, "0"),
            (1234.5, COUNT, "+1,235"),
            (-1234.5, NUMBER, "-1,234.5"),
            (1e-07, NUMBER, "0"),
            (5.0, MONEY, "+£5.00"),
            (-1234.5, MONEY, "-£1,234.50"),
            (math.nan, PERCENT, "no data"),
            (math.inf, PERCENT, "+∞"),
            (-math.inf, PERCENT, "-∞"),
        ],
    )
    def test_with_its_sign(self, gap: float, unit: Unit, text: str) -> None:
        """A gap is rounded as the measure's values, with its sign; money keeps its £."""
        assert text == format_gap(gap, unit)

    def test_rounded_to_n_dp(self) -> None:
        """A gap follows the measure's `rounded to N dp`."""
        assert "+4.10" == format_gap(4.1, measure(PERCENT, 2))


class TestCsv:
    @pytest.mark.parametrize(
        ("value", "unit", "cell"),
        [
            (NOISY, PERCENT, "15.73"),
            (1789.0, COUNT, "1789"),
            (1234567.0, COUNT, "1234567"),
            (4.2e6, MONEY, "4200000.00"),
            (-1234.5, MONEY, "-1234.50"),
            (25.8, WEEKS, "25.8"),
            (math.nan, PERCENT, ""),
            (math.inf, PERCENT, "inf"),
            (-math.inf, MONEY, "-inf"),
        ],
    )
    def test_plain_number(self, value: float, unit: Unit, cell: str) -> None:
        """A CSV cell is rounded as shown but plain: no £, %, thousands separator or unit name."""
        assert cell == csv_value(value, unit)

    @pytest.mark.parametrize(
        ("term", "cell"),
        [
            (None, ""),
            (Decimal("22.50"), "22.5"),
            (Decimal("21.375"), "21.375"),
            (Decimal("21.37512"), "21.37512"),
            (Decimal("21.3751234"), "21.3751"),
            (Band(Decimal(5), Decimal("9.125")), "between 5 and 9.125"),
        ],
    )
    def test_term(self, term: Decimal | Band | None, cell: str) -> None:
        """A target or tolerance cell is shown as format_term shows it (its own decimals, as
        many as six; more, two beyond the unit's); a band in words; none is empty."""
        assert cell == csv_term(term, PERCENT)


# ---------------------------------------------------------------------------
# Every output


NOISE = re.compile(r"15\.725|\d\.\d{3,}|\de[+-]\d", re.IGNORECASE)


def noise(text: str) -> list[str]:
    """Numbers with more than two decimals, or in exponent form (`4.2e+06`), in ``text``."""
    return NOISE.findall(text)


class TestYearOfTheExample:
    """The bundled example's year 2017/18, where `15.725000000000001%` was found."""

    def test_value_keeps_full_precision(self, year: Evaluation) -> None:
        """Python and JSON keep the value as computed, the mean of the quarters' decimals
        (15.725, no longer the float sum's 15.725000000000001); only what is shown is
        rounded."""
        record = json.loads(year.to_json())["measures"][list(EXAMPLE.measures).index("C15")]
        assert (15.725, 15.725, 15.725) == (
            year["C15"].value,
            year.to_records()[list(EXAMPLE.measures).index("C15")]["value"],
            record["value"],
        )

    def test_text(self, year: Evaluation) -> None:
        """The text line shows C15 at two decimals with its unit, and no noise anywhere."""
        line = next(x for x in year.to_text().split("\n") if x.startswith("C15 "))
        assert ("C15        15.73%  Inside tolerance", []) == (line, noise(year.to_text()))

    def test_markdown(self, year: Evaluation) -> None:
        """The Markdown row shows C15 at two decimals, its target and tolerance in its unit."""
        text = year.to_markdown()
        assert (
            "| C15 Staff turnover | 15.73% | 15% | 18% | Inside tolerance |  no comparison |",
            [],
        ) == (next(x for x in text.split("\n") if x.startswith("| C15 ")), noise(text))

    def test_html(self, year: Evaluation) -> None:
        """The HTML table shows C15 at two decimals."""
        html = year.to_html()
        assert ("<td>15.73%</td>" in html, []) == (True, noise(html))

    def test_csv(self, year: Evaluation) -> None:
        """The CSV cell is the shown value as a plain number."""
        rows = {row["measure"]: row for row in csv.DictReader(io.StringIO(year.to_csv()))}
        assert ("15.73", "15", "18", "0.05", "1929") == (
            rows["C15"]["value"],
            rows["C15"]["target"],
            rows["C15"]["tolerance"],
            rows["FO3"]["value"],
            rows["E1"]["value"],
        )

    @pytest.mark.parametrize("form", ["markdown", "html"])
    def test_report(self, form: str) -> None:
        """The year's report, cards, tables and trend titles, shows C15 as 15.73%, no noise."""
        report = pc.Report.build(EXAMPLE, READINGS, YEAR)
        text = report.to_markdown() if form == "markdown" else report.to_html()
        assert (True, []) == ("15.73%" in text, noise(text))

    @pytest.mark.parametrize("form", ["text", "markdown", "csv"])
    def test_golden(self, year: Evaluation, form: str) -> None:
        """The year's evaluation in each format is exactly its golden file."""
        text = {"text": year.to_text() + "\n", "markdown": year.to_markdown(), "csv": year.to_csv()}
        suffix = {"text": "txt", "markdown": "md", "csv": "csv"}[form]
        check_golden(f"year-2017-18.{suffix}", text[form])

    def test_cli(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`perfcontract evaluate --period 2017/18` prints the same text."""
        status = main(["evaluate", str(CONTRACT_PATH), str(READINGS_PATH), "--period", YEAR])
        out = capsys.readouterr().out
        assert (0, True, []) == (status, "15.73%" in out, noise(out))


class TestMoney:
    """Money readings print in pounds and pence, never `4.2e+06`."""

    def test_text(self, money: Evaluation) -> None:
        """Text shows £4,200,000.00 and £1,234.50, their statuses lined up."""
        lines = money.to_text().split("\n")[-2:]
        assert [
            "M1    £4,200,000.00  On or better than target",
            "M2        £1,234.50  volumetric",
        ] == lines

    def test_markdown(self, money: Evaluation) -> None:
        """Markdown shows the value, target and tolerance in pounds and pence."""
        row = next(x for x in money.to_markdown().split("\n") if x.startswith("| M1 "))
        assert row.startswith(
            "| M1 Spend on agency staff | £4,200,000.00 | £4,500,000.00 | £5,000,000.00 |"
        )

    def test_html(self, money: Evaluation) -> None:
        """The HTML table shows pounds and pence."""
        html = money.to_html()
        assert ("<td>£4,200,000.00</td>" in html, noise(html)) == (True, [])

    def test_csv(self, money: Evaluation) -> None:
        """CSV cells are plain numbers to the penny, ready to add up."""
        rows = list(csv.DictReader(io.StringIO(money.to_csv())))
        assert [("4200000.00", "4500000.00"), ("1234.50", "")] == [
            (row["value"], row["target"]) for row in rows
        ]

    def test_json(self, money: Evaluation) -> None:
        """JSON keeps the number as computed."""
        assert 4.2e6 == json.loads(money.to_json())["measures"][0]["value"]

    @pytest.mark.parametrize("form", ["markdown", "html"])
    def test_report(self, form: str) -> None:
        """A report shows money in pounds and pence, and never in exponent form."""
        contract = pc.loads(MONEY_CONTRACT)
        readings = pc.Readings.from_mapping({"M1": 4.2e6, "M2": 1234.5}, "2017/18 Q4")
        report = pc.Report.build(contract, readings, "2017/18 Q4")
        text = report.to_markdown() if form == "markdown" else report.to_html()
        assert (True, []) == ("£4,200,000.00" in text, noise(text))

    @pytest.mark.parametrize("form", ["text", "markdown"])
    def test_cli(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str) -> None:
        """`perfcontract evaluate` shows money in pounds and pence in text and Markdown."""
        contract, readings = tmp_path / "costs.contract", tmp_path / "costs.csv"
        contract.write_text(MONEY_CONTRACT, encoding="utf-8")
        readings.write_text("measure,period,value\nM1,2017/18 Q4,4200000\n", encoding="utf-8")
        status = main(["evaluate", str(contract), str(readings), "--format", form])
        out = capsys.readouterr().out
        assert (0, True, False) == (status, "£4,200,000.00" in out, "e+06" in out)
