"""Measure.rate and rate_many refuse what evaluate refuses, and read what it reads.

A single reading is read by the readings' own reader (labels, yes/no words,
``26%``, missing markers); an array's numbers are checked against the same
limits, vectorised; a measure in a period it is not due in is refused.

The golden ``tests/golden/rated/*.expected`` hold the errors' whole text; to
regenerate them after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_rated_values.py

and read ``git diff tests/golden`` before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import math
import os
import warnings
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract import _printed, _rated_values
from perfcontract._printed import printed
from perfcontract._rated_values import SHOWN, number_misfit

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "rated"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
WASTE = pc.load(ROOT / "examples" / "waste-2024-25.contract")
DCST = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
ON, WITHIN = pc.Status.ON_TARGET, pc.Status.WITHIN_TOLERANCE
OUTSIDE, NO_DATA = pc.Status.OUTSIDE_TOLERANCE, pc.Status.NO_DATA
NAN, INF = math.nan, math.inf
Q1, APRIL, OCTOBER = "2024/25 Q1", "2024-04", "2024-10"

# One measure of each unit, reported monthly: every kind of limit.
UNITS = pc.loads("""
contract "Units" {
    reporting monthly
    group "g" {
        measure P "Percent" { unit percent  higher is better  target 90% }
        measure C "Count" { unit count  higher is better  target 10 }
        measure R "Rate" { unit rate per 1000  lower is better  target 5 }
        measure N "Number" { unit number  lower is better  target -5 }
        measure M "Money" { unit money  lower is better  target £1m }
        measure W "Weeks" { unit weeks  lower is better  target 12 }
        measure T "Tonnes" { unit tonnes  higher is better  target 100 }
        measure Y "Yes/no" { unit yes/no  target yes }
        measure G "Grade" { unit grade "Poor", "Fair", "Good"  target "Fair" }
        measure D "Rounded" { unit percent  higher is better  target 90%  rounded to 0 dp }
    }
}
""")
KINDS = list(UNITS.measures)


def refused(call: Any) -> pc.ReadingsError:
    """The ReadingsError ``call()`` raises."""
    with pytest.raises(pc.ReadingsError) as info:
        call()
    return info.value


def compare(name: str, actual: str) -> None:
    path = GOLDEN / f"{name}.expected"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no golden {path.name}; run with UPDATE (see top)"
    assert path.read_text(encoding="utf-8") == actual


class TestOneReadingAsEvaluateReadsIt:
    @pytest.mark.parametrize(
        ("measure_id", "period", "reading", "expected"),
        [
            ("R1", Q1, "good", ON),
            ("R1", Q1, "Requires improvement", WITHIN),
            ("R1", Q1, " INADEQUATE ", OUTSIDE),
            ("R1", Q1, "Outstanding", ON),
            ("H1", APRIL, "yes", ON),
            ("H1", APRIL, "y", ON),
            ("H1", APRIL, "TRUE", ON),
            ("H1", APRIL, "1", ON),
            ("H1", APRIL, 1, ON),
            ("H1", APRIL, True, ON),
            ("H1", APRIL, "n", OUTSIDE),
            ("H1", APRIL, "false", OUTSIDE),
            ("H1", APRIL, 0, OUTSIDE),
            ("H1", APRIL, False, OUTSIDE),
            ("H1", APRIL, "", NO_DATA),
            ("WS1", OCTOBER, "100%", ON),
            ("WS1", OCTOBER, "99.5%", WITHIN),
            ("WS1", OCTOBER, " 97.9% ", OUTSIDE),
            ("WS1", OCTOBER, "x", NO_DATA),
            ("WS1", OCTOBER, "..", NO_DATA),
            ("WS1", OCTOBER, NAN, NO_DATA),
            ("WS1", OCTOBER, None, NO_DATA),
            ("WS1", OCTOBER, 100, ON),
            ("WS1", OCTOBER, 0, OUTSIDE),
            ("T1", APRIL, "2", ON),
            ("T1", APRIL, "1e0", ON),
            ("V1", Q1, "169,000", ON),  # Q1's share of 650,000 a year is 169,000
            ("V1", Q1, 0, OUTSIDE),
        ],
        ids=repr,
    )
    def test_as_evaluate_rates_it(
        self, measure_id: str, period: str, reading: Any, expected: pc.Status
    ) -> None:
        """Labels, yes/no spellings, percent signs, thousands commas and missing markers
        are read as evaluate reads them, and rated as evaluate rates them."""
        assert expected == WASTE[measure_id].rate(reading, period=period)
        if measure_id != "V1" and not (isinstance(reading, float) and math.isnan(reading)):
            evaluated = WASTE.evaluate({measure_id: reading}, period=period)[measure_id]
            assert expected == evaluated.status

    def test_rounded_as_written(self) -> None:
        """A string is rounded as written, its % too: 89.5% at 0 dp is 90, 89.4 is 89."""
        d = UNITS["D"]
        assert (ON, ON, OUTSIDE) == (
            d.rate("89.5%", APRIL),
            d.rate(89.5, APRIL),
            d.rate("89.4", APRIL),
        )


class TestOneReadingRefused:
    @pytest.mark.parametrize(
        ("measure_id", "period", "reading", "message"),
        [
            ("R1", Q1, 7, "`7` is not one of the grades of R1"),
            ("R1", Q1, 0.5, "`0.5` is not one of the grades of R1"),
            ("R1", Q1, 3.5, "`3.5` is not one of the grades of R1"),  # not a place
            ("R1", Q1, 0, "`0` is not one of the grades of R1"),
            ("R1", Q1, "Goood", "`Goood` is not one of the grades of R1"),
            ("H1", APRIL, 2, "`2` is not yes or no, but H1 is a yes/no measure"),
            ("H1", APRIL, "maybe", "`maybe` is not yes or no, but H1 is a yes/no measure"),
            ("KPI_7", APRIL, INF, "`inf` is not a number"),
            ("KPI_7", APRIL, -INF, "`-inf` is not a number"),
            ("KPI_7", APRIL, 1e300, "`1e+300` is out of range"),
            ("KPI_7", APRIL, 150, "`150` is more than 100, but KPI_7 is a percentage"),
            ("KPI_7", APRIL, 100.00000000000001, "is more than 100"),
            ("KPI_7", APRIL, -0.5, "`-0.5` is negative, but KPI_7 is a percentage"),
            ("KPI_7", APRIL, "abc", "`abc` is not a number"),
            ("KPI_7", APRIL, "£95", "`£95` is an amount of money, but KPI_7 is a percentage"),
            ("T1", APRIL, "2%", "`2%` is a percentage, but T1 is in minutes"),
            ("V1", Q1, -3, "`-3` is negative, but V1 is a count"),
            ("V1", Q1, 1.5, "`1.5` is not a whole number, but V1 is a count"),
        ],
        ids=repr,
    )
    def test_refused_as_evaluate_refuses_it(
        self, measure_id: str, period: str, reading: Any, message: str
    ) -> None:
        """What evaluate refuses, rate refuses, with the same words, naming the measure,
        the period and the value."""
        error = refused(lambda: WASTE[measure_id].rate(reading, period=period))
        assert error.first.message.startswith(f"measure {measure_id}, period {period}: ")
        assert message in error.first.message
        assert "<reading>" == error.source
        if measure_id != "V1":  # V1's count is per reporting period; evaluate reads a month
            by_evaluate = refused(lambda: WASTE.evaluate({measure_id: reading}, period=period))
            assert by_evaluate.first.message == error.first.message
            assert by_evaluate.first.hint == error.first.hint

    def test_whole_message(self) -> None:
        """The error in full: where, what, and the hint."""
        error = refused(lambda: WASTE["R1"].rate(7, period=Q1))
        assert (
            "<reading>: error: measure R1, period 2024/25 Q1: `7` is not one of the grades of R1\n"
            "help: the grades are Inadequate, Requires improvement, Good, Outstanding (in any case)"
        ) == str(error)


class TestNotDue:
    @pytest.mark.parametrize(
        ("measure_id", "period", "words"),
        [
            ("W-4.1", APRIL, "W-4.1 is reported annually: it is not due in 2024-04"),
            ("W-4.1", Q1, "W-4.1 is reported annually: it is not due in 2024/25 Q1"),
            ("R1", APRIL, "R1 is reported quarterly: it is not due in 2024-04"),
            ("WS1", "2024-06", "WS1 is out of season in 2024-06 (its season is October to April)"),
            ("WS1", "2024/25 Q2", "WS1 is out of season in 2024/25 Q2"),
        ],
    )
    def test_rate_refuses(self, measure_id: str, period: str, words: str) -> None:
        """A measure not due in the period has no status, as evaluate says: rate refuses it,
        whatever the reading, missing or not, one or an array."""
        measure = WASTE[measure_id]
        assert not WASTE.evaluate({}, period=period)[measure_id].due
        for reading in (70, None, np.array([70.0, NAN])):
            error = refused(lambda r=reading: measure.rate(r, period=period))
            assert error.first.message.startswith(f"measure {measure_id}, period {period}: ")
            assert words in error.first.message

    @pytest.mark.parametrize(
        ("measure_id", "period", "hint"),
        [
            ("W-4.1", APRIL, "rate it for a year, such as 2024/25"),
            ("R1", "2025-02", "rate it for a quarter, such as 2024/25 Q4"),
            ("WS1", "2024-06", "rate it for a period in its season"),
        ],
    )
    def test_hint(self, measure_id: str, period: str, hint: str) -> None:
        """The hint names a period the measure is due in."""
        assert hint == refused(lambda: WASTE[measure_id].rate(70, period=period)).first.hint

    @pytest.mark.parametrize(
        ("measure_id", "period"),
        [("W-4.1", "2024/25"), ("R1", Q1), ("R1", "2024/25"), ("WS1", "2024-10"), ("WS1", Q1)],
    )
    def test_due_is_rated(self, measure_id: str, period: str) -> None:
        """In a period it is due in (a year of an annual measure, a quarter touching the
        season), the measure is rated."""
        reading = "Good" if measure_id == "R1" else 99
        assert isinstance(WASTE[measure_id].rate(reading, period=period), pc.Status)

    def test_rate_many_refuses(self) -> None:
        """rate_many refuses a measure not due in one of its periods, naming each."""
        values = np.array([[70.0, 95.0]])
        error = refused(lambda: pc.rate_many(WASTE, values, APRIL, measures=["W-4.1", "KPI_7"]))
        assert 1 == len(error.diagnostics)
        assert error.first.message.startswith("measure W-4.1, period 2024-04: W-4.1 is reported")
        assert "values" == error.source
        cube = np.full((1, 1, 3), NAN)
        error = refused(
            lambda: pc.rate_many(WASTE, cube, ["2024-09", "2024-10", "2024-05"], ["WS1"])
        )
        assert ["2024-09", "2024-05"] == [d.message.split(":")[0][-7:] for d in error.diagnostics]

    def test_quarterly_contract_month(self) -> None:
        """A measure of a quarterly contract is not due in a month (evaluate says so too)."""
        error = refused(lambda: DCST["A1"].rate(26, period="2018-01"))
        assert "A1 is reported quarterly: it is not due in 2018-01" in error.first.message
        assert not DCST.evaluate({"A1": 26}, period="2017/18 Q4")["A1"].not_due

    def test_many_not_due_bounded(self) -> None:
        """Many measures and periods not due: the first few, and a note with the count."""
        months = [f"2024-{m:02}" for m in range(4, 13)]  # 9 months, annual and quarterly
        values = np.full((1, 2, len(months)), NAN)
        error = refused(lambda: pc.rate_many(WASTE, values, months, measures=["W-4.1", "R1"]))
        assert SHOWN + 1 == len(error.diagnostics)
        assert "note" == error.diagnostics[-1].severity
        assert "… and 8 more measures and periods not due (18 in all)" == (
            error.diagnostics[-1].message
        )


class TestArrays:
    def test_rate_many_defects(self) -> None:
        """Each impossible value of the trial is refused, at its position."""
        ids = ["KPI_7", "V1", "H1", "T1"]
        good = [95.0, 50_000.0, 1.0, 2.0]
        for column, bad in [(0, 150.0), (0, INF), (0, 1e300), (1, -3.0), (1, 1.5), (2, 2.0)]:
            values = np.array([good, good, good])
            values[1, column] = bad
            error = refused(lambda v=values: pc.rate_many(WASTE, v, APRIL, measures=ids))
            assert f"values[1, {column}]" == error.source
            assert error.first.message.startswith(f"measure {ids[column]}, period 2024-04: ")
        grades = np.array([[3.0], [7.0], [0.5], [0.0], [4.0], [NAN]])
        error = refused(lambda: pc.rate_many(WASTE, grades, Q1, measures=["R1"]))
        assert ["values[1, 0]", "values[2, 0]", "values[3, 0]"] == [
            d.source for d in error.diagnostics
        ]
        assert "`7.0` is not one of the grades of R1" in error.first.message
        assert (
            "an array holds a grade as its place among the grades: 1 (Inadequate) to"
            " 4 (Outstanding)" == error.first.hint
        )

    def test_valid_values_rated_as_before(self) -> None:
        """Values that fit are rated; NaN stays No data; grades by place, yes/no as 1/0."""
        values = np.array([[95.0, 1.0, 3.0], [NAN, 0.0, 2.0], [0.0, NAN, NAN]])
        statuses = pc.rate_many(WASTE, values, Q1, measures=["KPI_7", "H1", "R1"])
        assert [[2, 2, 2], [4, 0, 1], [0, 4, 4]] == statuses.tolist()

    def test_measure_rate_array(self) -> None:
        """Measure.rate on an array is checked as rate_many is, any shape."""
        kpi = WASTE["KPI_7"]
        assert [[2, 4], [0, 1]] == kpi.rate(np.array([[95.0, NAN], [0.0, 90.0]]), APRIL).tolist()
        error = refused(lambda: kpi.rate(np.array([[95.0, NAN], [101.0, -1.0]]), APRIL))
        assert ["values[1, 0]", "values[1, 1]"] == [d.source for d in error.diagnostics]
        assert "values[2]" == refused(lambda: kpi.rate(np.array([1, 2, 300]), APRIL)).source
        assert "values" == refused(lambda: kpi.rate(np.array(300.0), APRIL)).source
        assert [4] == kpi.rate(np.array([NAN]), APRIL).tolist()

    def test_bounded(self) -> None:
        """A million bad values: the first few named, a note counting the rest."""
        values = np.full((1_000_000, 1), 150.0)
        values[::2] = 50.0
        error = refused(lambda: pc.rate_many(WASTE, values, APRIL, measures=["KPI_7"]))
        assert SHOWN + 1 == len(error.diagnostics)
        assert [f"values[{2 * i + 1}, 0]" for i in range(SHOWN)] == [
            d.source for d in error.diagnostics[:SHOWN]
        ]
        assert "… and 499,990 more values that do not fit their measures (500,000 in all)" == (
            error.diagnostics[-1].message
        )

    def test_cube_positions_and_periods(self) -> None:
        """Authorities x measures x periods: the position and the period of each value."""
        months = ["2024-04", "2024-05", "2024-06"]
        values = np.full((2, 2, 3), 96.0)
        values[1, 0, 2] = -1.0
        values[0, 1, 1] = 1.25
        error = refused(lambda: pc.rate_many(WASTE, values, months, ["KPI_7", "V1"]))
        assert ["values[0, 1, 1]", "values[1, 0, 2]"] == [d.source for d in error.diagnostics]
        assert error.diagnostics[0].message.startswith("measure V1, period 2024-05: `1.25`")
        assert error.diagnostics[1].message.startswith("measure KPI_7, period 2024-06: `-1.0`")
        fitting = np.where(values == 1.25, 1.0, np.abs(values))
        statuses = pc.rate_many(WASTE, fitting, months, ["KPI_7", "V1"])
        assert [[2, 2, 2], [0, 0, 0]] == statuses[0].tolist()
        assert [[2, 2, 0], [0, 0, 0]] == statuses[1].tolist()

    def test_not_due_and_misfits_together(self) -> None:
        """Every problem at once: measures not due, then values that do not fit."""
        values = np.array([[70.0, 150.0]])
        error = refused(lambda: pc.rate_many(WASTE, values, APRIL, measures=["W-4.1", "KPI_7"]))
        assert ["values", "values[0, 1]"] == [d.source for d in error.diagnostics]

    def test_not_contiguous(self) -> None:
        """A view across another array (a column taken out of it, Fortran order) is checked."""
        base = np.full((300, 4), 50.0)
        base[123, 2] = 150.0
        view = base[:, ::2]
        assert not view.flags.c_contiguous
        error = refused(lambda: pc.rate_many(WASTE, view, APRIL, measures=["T1", "KPI_7"]))
        assert "values[123, 1]" == error.source
        assert "`150.0` is more than 100" in error.first.message
        fortran = np.asfortranarray(np.full((50, 2), 50.0))
        fortran[7, 1] = 1.5
        expected = [[0, 0]] * 50
        expected[7] = [0, 2]  # T1's 2 minutes, on target
        assert expected == pc.rate_many(WASTE, fortran.round(), APRIL, ["KPI_7", "T1"]).tolist()
        error = refused(lambda: pc.rate_many(WASTE, fortran, APRIL, measures=["KPI_7", "V1"]))
        assert "values[7, 1]" == error.source

    def test_other_dtypes(self) -> None:
        """Integers and float32 are checked as the floats they are rated as."""
        assert [[2], [0]] == pc.rate_many(WASTE, np.array([[1], [0]]), APRIL, ["H1"]).tolist()
        error = refused(lambda: pc.rate_many(WASTE, np.array([[1], [2]]), APRIL, ["H1"]))
        assert "`2.0` is not yes or no, but H1 is a yes/no measure" in error.first.message
        assert "an array holds yes as 1 and no as 0; for a missing value, NaN" == error.first.hint
        values = np.array([[150.0]], dtype=np.float32)
        assert (
            "values[0, 0]" == refused(lambda: pc.rate_many(WASTE, values, APRIL, ["KPI_7"])).source
        )

    def test_golden(self) -> None:
        """rate_many's error in full, every kind of problem, pinned down."""
        ids = ["W-4.1", "KPI_7", "V1", "H1", "R1", "T1"]
        values = np.array(
            [
                [70.0, 95.0, 50_000.0, 1.0, NAN, 2.0],
                [70.0, INF, -3.0, 2.0, NAN, 1e300],
                [70.0, 150.0, 1.5, 0.5, NAN, -2.0],
            ]
        )
        error = refused(lambda: pc.rate_many(WASTE, values, APRIL, measures=ids))
        compare("rate-many", str(error) + "\n")
        grades = np.array([[[3.0, 7.0, NAN, 0.0]]])
        quarters = [f"2024/25 Q{q}" for q in range(1, 5)]
        error = refused(lambda: pc.rate_many(WASTE, grades, quarters, measures=["R1"]))
        compare("rate-many-grades", str(error) + "\n")


# ---------------------------------------------------------------------------
# Properties: the array's checks are the readings' rules, value for value


def scalar_refuses(measure: pc.Measure, value: float) -> bool:
    """Whether a float given to evaluate for ``measure`` (through Measure.rate) is refused."""
    try:
        measure.rate(value, APRIL)
    except pc.ReadingsError:
        return True
    return False


def array_refuses(measure: pc.Measure, values: np.ndarray) -> bool:
    try:
        _rated_values.check_values(values, [measure], [pc.Period.parse(APRIL)], "one")
    except pc.ReadingsError:
        return True
    return False


SPECIAL = [
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.0, 3.0, 4.0, 99.99, 100.0, 100.00000000000001, 1e15,
    1e15 + 0.125, -1e15, 1.0000000000000002e15, 0.1, 0.29, 0.295, 0.1 + 0.2, 2.0**45 + 0.0078125,
    2.0**45 + 0.01, 2.0**46 + 0.015625, 1e14 + 0.01, NAN, INF, -INF, 5e-324,
]  # fmt: skip
floats = st.one_of(st.sampled_from(SPECIAL), st.floats(-1e16, 1e16), st.floats())


@pytest.mark.filterwarnings("error::RuntimeWarning")  # no overflow said of any float
class TestArrayChecksAreTheReadingsRules:
    @settings(database=None, max_examples=300, deadline=None)
    @given(st.sampled_from(KINDS), floats)
    def test_one_value(self, measure_id: str, value: float) -> None:
        """For any float and any unit, the array's check refuses exactly what
        number_misfit words; and, but for a grade (read by its label) and a yes/no
        (read as 1 or 0 either way), exactly what evaluate refuses."""
        measure = UNITS[measure_id]
        refused_by_array = array_refuses(measure, np.array([value]))
        assert (number_misfit(measure, value) is not None) == refused_by_array
        if measure_id != "G":
            assert scalar_refuses(measure, value) == refused_by_array

    @settings(database=None, max_examples=60, deadline=None)
    @given(
        st.lists(st.sampled_from(KINDS), min_size=1, max_size=5),
        st.integers(1, 5000),
        st.integers(1, 3),
        st.lists(st.tuples(st.integers(0, 10**9), floats), max_size=5),
        st.booleans(),
    )
    @example(["P"], 4097, 1, [(4096, 150.0)], True)  # in the last, short row
    @example(["C", "P"], 5000, 1, [(4096 * 2 - 1, 1.5)], True)  # a wide row's last value
    def test_arrays(
        self,
        ids: list[str],
        rows: int,
        periods: int,
        planted: list[tuple[int, float]],
        contiguous: bool,
    ) -> None:
        """Any mix of measures, rows and periods, bad values planted anywhere (in a wide
        row, the rows left over, a view): refused exactly when a value does not fit, the
        first few named in order, the rest counted."""
        measures = [UNITS[i] for i in ids]
        shape = (rows, len(ids), periods)
        rng = np.random.default_rng(rows)
        values = np.empty(shape)
        for m, measure in enumerate(measures):  # values that fit: whole in 0..1 for yes/no
            least, most = (
                (1.0, 3.0) if measure.id == "G" else (0.0, 1.0 if measure.id == "Y" else 90.0)
            )
            values[:, m, :] = rng.integers(int(least), int(most) + 1, size=(rows, periods))
        values[rng.random(shape) < 0.05] = NAN
        for place, value in planted:
            values.flat[place % values.size] = value
        if not contiguous:
            values = np.concatenate([values, values], axis=2)[:, :, ::2]
        bad = [
            (index, value)
            for index, value in np.ndenumerate(values)
            if number_misfit(measures[index[1]], float(value)) is not None
        ]
        month = pc.Period.parse(APRIL)
        call = lambda: _rated_values.check_values(values, measures, [month] * periods, "cube")  # noqa: E731
        if not bad:
            call()
            return
        error = refused(call)
        named = [f"values[{', '.join(map(str, i))}]" for i, _ in bad[:SHOWN]]
        assert named == [d.source for d in error.diagnostics[:SHOWN]]
        assert (len(bad) > SHOWN) == (len(error.diagnostics) == SHOWN + 1)


@pytest.mark.parametrize(
    ("place", "status"), [(1, "Outside tolerance"), (4, "On or better than target")]
)
def test_a_grade_by_its_place(place: int, status: str) -> None:
    """A number that is a grade's place (1 the worst) is read as an array holds it, as
    before: the same number is not refused alone and accepted in an array."""
    r1 = pc.load("examples/waste-2024-25.contract")["R1"]
    alone = r1.rate(place, period="2024/25 Q1")
    in_array = r1.rate(np.array([float(place)]), period="2024/25 Q1")
    assert (status, [int(alone)]) == (alone.label, in_array.tolist())


# Measures whose columns a table names: X is rounded, so where a float32 reading falls
# between two hundredths decides its status.
NAMED = pc.loads("""
contract "Named" {
    group "g" {
        measure A1 "Lower" { unit percent  lower is better  target 22%  tolerance 28% }
        measure B8 "Higher" { unit percent  higher is better  target 90%  tolerance 80% }
        measure X "Rounded" {
            unit percent  higher is better  target 2.68%  tolerance 2.5%  rounded to 2 dp
        }
        volumetric V "Volume" { unit count }
    }
}
""")
Q4 = "2017/18 Q4"


def tables(columns: dict[str, list[float]]) -> list[Any]:
    """The same columns as a pandas frame, a polars frame and a pyarrow table."""
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    return [pd.DataFrame(columns), pl.DataFrame(columns), pa.table(columns)]


class TestTablesByColumnName:
    @pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
    def test_columns_name_the_measures(self, library: str) -> None:
        """A table's columns are rated by their names, in the table's order, whatever the
        contract's order: A1 26 is Inside tolerance, not On target as X's terms make it."""
        table = next(
            t
            for t in tables({"X": [2.7, 2.675], "B8": [76.0, 95.0], "A1": [26.0, NAN]})
            if type(t).__module__.startswith(library)
        )
        assert [[2, 0, 1], [2, 2, 4]] == pc.rate_many(NAMED, table, Q4).tolist()

    def test_same_as_an_array_in_the_named_order(self) -> None:
        """With ``measures``, the statuses are in their order, each column found by name:
        as the same values given as an array in that order."""
        import pandas as pd

        frame = pd.DataFrame({"X": [2.7, 2.49], "B8": [76.0, 80.0], "A1": [26.0, 22.0]})
        ids = ["A1", "X", "B8"]
        expected = pc.rate_many(NAMED, frame[ids].to_numpy(), Q4, measures=ids).tolist()
        assert [[1, 2, 0], [2, 0, 1]] == expected
        assert expected == pc.rate_many(NAMED, frame, Q4, measures=ids).tolist()

    def test_numpy_keeps_the_order_rule(self) -> None:
        """A numpy array has no names: its columns are the contract's measures in order."""
        assert [[1, 0, 2]] == pc.rate_many(NAMED, np.array([[26.0, 76.0, 2.7]]), Q4).tolist()

    def test_nullable_columns(self) -> None:
        """pandas' nullable columns (Int64, Float64, boolean) have pd.NA as No data."""
        import pandas as pd

        frame = pd.DataFrame(
            {
                "A1": pd.array([26, None], dtype="Int64"),
                "B8": pd.array([None, 95.0], dtype="Float64"),
            }
        )
        assert [[1, 4], [4, 2]] == pc.rate_many(NAMED, frame, Q4).tolist()

    def test_unknown_column(self) -> None:
        """A column that names no measure is refused, with the closest measure's id."""
        import pandas as pd

        error = refused(lambda: pc.rate_many(NAMED, pd.DataFrame({"a1": [26.0]}), Q4))
        assert ("values", "column a1: the contract has no measure a1") == (
            error.source,
            error.first.message,
        )
        assert "did you mean A1?" == error.first.hint
        error = refused(lambda: pc.rate_many(NAMED, pd.DataFrame({"Q": [26.0]}), Q4))
        assert "name each column by the id of a measure in the contract" == error.first.hint

    def test_unnamed_columns(self) -> None:
        """A frame made from an array without names (columns 0, 1, ...) is refused, each
        column named, with how to rate the columns in order instead."""
        import pandas as pd

        error = refused(lambda: pc.rate_many(NAMED, pd.DataFrame([[26.0, 76.0]]), Q4))
        assert [
            "column `0`: the contract has no measure `0`",
            "column `1`: the contract has no measure `1`",
        ] == [d.message for d in error.diagnostics]
        assert (
            "name each column by its measure's id; to rate the columns in the contract's"
            " order, give the table's values as a numpy array (`.to_numpy()`)"
        ) == error.first.hint

    def test_a_column_twice(self) -> None:
        """Two columns of one name are refused: which is the measure's is not known."""
        import pandas as pd

        frame = pd.DataFrame([[26.0, 20.0]], columns=["A1", "A1"])
        error = refused(lambda: pc.rate_many(NAMED, frame, Q4))
        assert "column A1 appears 2 times" == error.first.message

    @pytest.mark.parametrize(
        ("ids", "said"),
        [
            (["A1", "B8"], "column X is not one of them"),
            (["A1", "B8", "X", "V"], "no column for V"),
            (["A1", "Z"], "no column for Z; columns B8, X are not among them"),
        ],
    )
    def test_measures_not_the_columns(self, ids: list[str], said: str) -> None:
        """With ``measures``, the columns must be those measures: a column left over or a
        measure without one is refused, saying which."""
        import pandas as pd

        frame = pd.DataFrame({"A1": [26.0], "B8": [76.0], "X": [2.7]})
        error = refused(lambda: pc.rate_many(NAMED, frame, Q4, measures=ids))
        assert (
            f"the table's columns are not the measures named in `measures`: {said}"
            == error.first.message
        )

    def test_volumetric_column(self) -> None:
        """A volumetric measure's column is refused as it is in ``measures``."""
        import pandas as pd

        with pytest.raises(ValueError, match="V: volumetric measures are never rated"):
            pc.rate_many(NAMED, pd.DataFrame({"A1": [26.0], "V": [3.0]}), Q4)

    def test_values_checked_at_their_place(self) -> None:
        """A bad value is named at its place in the statuses: the column the measure has
        among ``measures``."""
        import pandas as pd

        frame = pd.DataFrame({"B8": [76.0, 150.0], "A1": [26.0, 20.0]})
        error = refused(lambda: pc.rate_many(NAMED, frame, Q4, measures=["A1", "B8"]))
        assert "values[1, 1]" == error.source
        assert error.first.message.startswith("measure B8, period 2017/18 Q4: `150.0`")

    def test_golden(self) -> None:
        """The whole text of the errors for a table's columns."""
        import pandas as pd

        frame = pd.DataFrame([[26.0, 76.0, 1.0, 2.0]], columns=["A10", "B8", "B8", 3])
        text = [str(refused(lambda: pc.rate_many(NAMED, frame, Q4)))]
        frame = pd.DataFrame({"A1": [26.0], "B9": [1.0]})
        text.append(str(refused(lambda: pc.rate_many(NAMED, frame, Q4, measures=["A1", "B8"]))))
        compare("rate-many-columns", "\n\n".join(text) + "\n")


X_TERMS = [2.5, 2.68]  # X's tolerance and target, where float32 readings are decided
near_x = st.one_of(
    st.sampled_from([2.675, 2.685, 2.495, 2.505, 2.68, 2.5, 2.4999, 0.1, 1e-7, 99.995]),
    st.floats(2.4, 2.8),
    st.floats(0.0, 100.0),
)


class TestNarrowFloats:
    def test_the_trial(self) -> None:
        """A float32 2.675 rounded to 2 dp is 2.68, On target, by every entry point: read as
        it prints, as one float32 reading is, not as the 2.67499995... it holds."""
        v = np.float32(2.675)
        import pandas as pd

        assert [[2]] == pc.rate_many(NAMED, np.array([[v]]), Q4, measures=["X"]).tolist()
        assert [2] == NAMED["X"].rate(np.array([v]), Q4).tolist()
        assert ON == NAMED["X"].rate(v, Q4)
        assert ON == NAMED.evaluate({"X": v}, period=Q4)["X"].status
        frame = pd.DataFrame({"X": np.array([v], dtype=np.float32)})
        assert [[2]] == pc.rate_many(NAMED, frame, Q4).tolist()
        assert [2] == NAMED["X"].rate(frame["X"], Q4).tolist()

    @pytest.mark.parametrize(
        "make",
        [
            lambda: __import__("pandas").Series([2.675, None], dtype="Float32"),
            lambda: __import__("pandas").Series(
                [2.675, None],
                dtype=__import__("pandas").ArrowDtype(__import__("pyarrow").float32()),
            ),
            lambda: __import__("polars").Series([2.675, None], dtype=__import__("polars").Float32),
            lambda: __import__("pyarrow").array([2.675, None], __import__("pyarrow").float32()),
        ],
        ids=["Float32", "float[pyarrow]", "polars", "pyarrow"],
    )
    def test_single_precision_columns(self, make: Any) -> None:
        """A column of single precision, nullable or pyarrow's, is read as it prints too,
        by Measure.rate and, in a table, by rate_many."""
        import pandas as pd
        import polars as pl
        import pyarrow as pa

        column = make()
        assert [2, 4] == NAMED["X"].rate(column, Q4).tolist()
        if isinstance(column, pd.Series):
            table: Any = pd.DataFrame({"X": column})
        elif isinstance(column, pl.Series):
            table = pl.DataFrame({"X": column})
        else:
            table = pa.table({"X": column})
        assert [[2], [4]] == pc.rate_many(NAMED, table, Q4).tolist()

    def test_float64_is_not_printed(self) -> None:
        """A float64 array is read as it holds: its repr is the decimal it is."""
        values = np.array([2.675, 2.6749999999999994])
        assert values is printed(values)
        assert [2, 1] == NAMED["X"].rate(values, Q4).tolist()

    def test_float16(self) -> None:
        """A float16 reads as it prints too; whole numbers from 2**11 may print shorter."""
        values = np.array([2.675, 65504.0, 2047.0, 4100.0, NAN, -INF], dtype=np.float16)
        wide = printed(values).tolist()
        assert [2.676, 65500.0, 2047.0, 4100.0] == wide[:4]
        assert math.isnan(wide[4])
        assert -INF == wide[5]

    @settings(database=None, max_examples=300, deadline=None)
    @given(st.lists(near_x, max_size=20), st.sampled_from(["float32", "float16"]))
    def test_every_entry_point_agrees(self, readings: list[float], dtype: str) -> None:
        """For any float32 (or float16) array, rate_many, Measure.rate on the array and
        Measure.rate on each of its numbers give the same statuses."""
        values = np.array(readings, dtype=dtype)
        rows = pc.rate_many(NAMED, values[:, None], Q4, measures=["X"])[:, 0].tolist()
        array = NAMED["X"].rate(values, Q4).tolist()
        each = [int(NAMED["X"].rate(v, Q4)) for v in values]
        assert rows == array == each

    @settings(database=None, max_examples=400, deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.floats(width=32),
                st.floats(-3e7, 3e7, width=32),
                st.integers(0, 2**32 - 1).map(
                    lambda bits: float(np.array(bits, dtype=np.uint32).view(np.float32))
                ),
                st.tuples(st.integers(-(10**9), 10**9), st.integers(0, 12)).map(
                    lambda d: d[0] / 10 ** d[1]
                ),
            ),
            min_size=1,
            max_size=50,
        )
    )
    @example([2.675, 1e-5, 9.999999e-6, 16777217.0, 0.3, 1e12, 999999.94, 3.4028235e38])
    def test_printed_is_the_shortest_decimal(self, readings: list[float]) -> None:
        """Each float32 becomes the float64 of the decimal numpy prints it as: whole numbers,
        decimals of any number of places, every bit pattern."""
        values = np.array(readings, dtype=np.float32)
        expected = [repr(float(str(v))) for v in values]
        assert expected == [repr(p) for p in printed(values).tolist()]

    def test_printed_without_printing(self) -> None:
        """Readings of a few places are found by arithmetic, none printed by numpy; numpy
        prints only values in doubt, and those beyond 10^±12."""
        printing = []

        def spy(values: Any) -> Any:
            printing.append(values.size)
            return numpy_printed(values)

        rng = np.random.default_rng(7)
        few = (rng.integers(0, 100_000, 200_000) / 1000).astype(np.float32)
        numpy_printed = _printed._numpy_printed
        try:
            _printed._numpy_printed = spy
            assert [float(str(v)) for v in few[:1000]] == printed(few)[:1000].tolist()
            assert [] == printing
            printed(np.array([1e-13, 2.5, 1e13], dtype=np.float32))
            assert [2] == printing
        finally:
            _printed._numpy_printed = numpy_printed

    def test_not_a_float(self) -> None:
        """Only floats are printed."""
        with pytest.raises(TypeError, match="not complex128"):
            printed(np.array([1j]))

    def test_blocks(self) -> None:
        """An array longer than a block, shaped, is printed block by block, in place."""
        values = np.full((3, 70_000), 2.675, dtype=np.float32)
        values[2, -1] = 1.0
        wide = printed(values.T)  # a view in Fortran order
        assert (70_000, 3) == wide.shape
        assert {2.675, 1.0} == set(wide.ravel().tolist())
        assert 1.0 == wide[-1, 2]


class TestArrayLikes:
    @pytest.mark.parametrize(
        "make",
        [
            lambda: [26.0, None, 20],
            lambda: (26.0, NAN, 20.0),
            lambda: __import__("pandas").Series([26.0, None, 20.0]),
            lambda: __import__("pandas").Series([26, None, 20], dtype="Int64"),
            lambda: __import__("pandas").Series([26.0, None, 20.0], dtype="Float32"),
            lambda: __import__("polars").Series([26, None, 20]),
            lambda: __import__("pyarrow").array([26.0, None, 20.0]),
        ],
        ids=["list", "tuple", "Series", "Int64", "Float32", "polars", "pyarrow"],
    )
    def test_rated_as_an_array(self, make: Any) -> None:
        """Measure.rate takes a list, a tuple or a Series as an array; None and pd.NA are
        missing (No data)."""
        assert [1, 4, 2] == NAMED["A1"].rate(make(), Q4).tolist()

    def test_checked_as_an_array(self) -> None:
        """An array-like's values are checked as an array's, at their place."""
        import pandas as pd

        error = refused(lambda: NAMED["A1"].rate(pd.Series([26.0, 150.0]), Q4))
        assert "values[1]" == error.source

    def test_text_in_an_array(self) -> None:
        """A value that is not a number is refused at its place, saying what an array holds;
        a number written as text is read as numpy reads it."""
        error = refused(lambda: NAMED["A1"].rate([26.0, "26%", None], Q4))
        assert ("values[1]", "measure A1, period 2017/18 Q4: `26%` is not a number") == (
            error.source,
            error.first.message,
        )
        assert (
            "an array holds numbers, and NaN or None for a missing value; give a reading"
            " written as text to Measure.rate on its own" == error.first.hint
        )
        assert [1, 2] == NAMED["A1"].rate(["26", "20"], Q4).tolist()
        error = refused(lambda: NAMED["A1"].rate(np.array(["26", "x"]), Q4))
        assert "values[1]" == error.source
        error = refused(lambda: pc.rate_many(NAMED, [[26.0, {}]], Q4, measures=["A1", "B8"]))
        assert ("values[0, 1]", "an array holds numbers, and NaN or None for a missing value") == (
            error.source,
            error.first.hint,
        )

    def test_what_is_taken(self) -> None:
        """Anything neither a reading nor an array is refused, saying what is taken."""
        error = refused(lambda: NAMED["A1"].rate(object(), Q4))
        assert (
            "give a number, a string or None, or an array of numbers (a numpy array, a list,"
            " a tuple, a pandas or polars Series)" == error.first.hint
        )

    def test_many_not_numbers(self) -> None:
        """Past the first few values that are not numbers, a note counts the rest."""
        error = refused(lambda: NAMED["A1"].rate(["x"] * 25, Q4))
        assert SHOWN + 1 == len(error.diagnostics)
        assert (
            "… and 15 more values that are not numbers (25 in all)" == error.diagnostics[-1].message
        )


class TestLazyFrames:
    """A polars LazyFrame is a query: every entry point that takes a table says to collect
    it, with the same words, and never runs the query to find its columns."""

    WHAT = (
        "a polars LazyFrame is a query, not a table: .collect() it first and pass the DataFrame"
        " it gives"
    )
    LONG: ClassVar[dict[str, list[object]]] = {
        "measure": ["A1"],
        "period": [Q4],
        "value": [26.0],
    }

    @pytest.mark.parametrize(
        "call",
        [
            lambda lazy: pc.rate_many(NAMED, lazy, Q4),
            lambda lazy: pc.rate_many(NAMED, lazy, Q4, measures=["A1"]),
            lambda lazy: pc.rate_many(NAMED, lazy, [Q4]),
            lambda lazy: NAMED["A1"].rate(lazy, Q4),
        ],
        ids=["rate_many", "rate_many-measures", "rate_many-periods", "Measure.rate"],
    )
    def test_rating(self, call: Any) -> None:
        """rate_many and Measure.rate refuse a LazyFrame of values."""
        import polars as pl

        lazy = pl.DataFrame({"A1": [26.0]}).lazy()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # polars warns when a query is run for its columns
            with pytest.raises(TypeError) as info:
                call(lazy)
        assert self.WHAT == str(info.value)

    @pytest.mark.parametrize(
        "call",
        [
            lambda lazy: pc.Readings.from_frame(lazy),
            lambda lazy: NAMED.evaluate(lazy, Q4),
            lambda lazy: NAMED.evaluate(lazy, periods=[Q4]),
            lambda lazy: pc.Report.build(NAMED, lazy, Q4),
        ],
        ids=["from_frame", "evaluate", "evaluate-periods", "Report.build"],
    )
    def test_readings(self, call: Any) -> None:
        """Readings.from_frame, and what takes a table of readings, refuse a LazyFrame."""
        import polars as pl

        lazy = pl.DataFrame(self.LONG).lazy()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(TypeError) as info:
                call(lazy)
        assert self.WHAT == str(info.value)

    def test_payment(self) -> None:
        """Contract.payment refuses a LazyFrame of readings too."""
        import polars as pl

        contract = pc.load(ROOT / "examples" / "fm-2024-25.contract")
        lazy = pl.DataFrame({"measure": ["SD1"], "period": ["2024-04"], "value": [1]}).lazy()
        with pytest.raises(TypeError) as info:
            contract.payment(lazy, "2024-04")
        assert self.WHAT == str(info.value)

    def test_collected_is_read(self) -> None:
        """The same query, collected, is read: the refusal is for the LazyFrame alone."""
        import polars as pl

        lazy = pl.DataFrame({"A1": [26.0]}).lazy()
        assert [[1]] == pc.rate_many(NAMED, lazy.collect(), Q4).tolist()
        long = pl.DataFrame(self.LONG).lazy().collect()
        assert pc.Status.WITHIN_TOLERANCE == NAMED.evaluate(long, Q4)["A1"].status
