"""Tests for the model's units, windows, seasons and when a measure is due (pure period logic)."""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.model import YES_NO_WORDS
from perfcontract.periods import Period, PeriodKind

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=200)

GRADES = ("Inadequate", "Requires improvement", "Good", "Outstanding")
A1 = pc.loads(
    'contract "c" { group "g" { measure A1 "t" { unit percent higher is better target 90% } } }'
)["A1"]


def measure(**changes: object) -> pc.Measure:
    """A1 (quarterly, percent) with some fields changed."""
    return attrs.evolve(A1, **changes)  # type: ignore[misc]


class TestUnitKind:
    def test_new_kinds(self) -> None:
        """The units of real contracts beyond the reference one are kinds of unit."""
        assert ["hours", "minutes", "working days", "tonnes", "yes/no", "grade"] == [
            kind.value for kind in list(pc.UnitKind)[7:]
        ]


class TestUnit:
    @pytest.mark.parametrize(
        ("kind", "expected"),
        [
            (pc.UnitKind.PERCENT, pc.Aggregate.MEAN),
            (pc.UnitKind.COUNT, pc.Aggregate.SUM),
            (pc.UnitKind.RATE, pc.Aggregate.MEAN),
            (pc.UnitKind.NUMBER, pc.Aggregate.MEAN),
            (pc.UnitKind.DAYS, pc.Aggregate.MEAN),
            (pc.UnitKind.WEEKS, pc.Aggregate.MEAN),
            (pc.UnitKind.MONEY, pc.Aggregate.SUM),
            (pc.UnitKind.HOURS, pc.Aggregate.MEAN),
            (pc.UnitKind.MINUTES, pc.Aggregate.MEAN),
            (pc.UnitKind.WORKING_DAYS, pc.Aggregate.MEAN),
            (pc.UnitKind.TONNES, pc.Aggregate.SUM),
            (pc.UnitKind.YES_NO, pc.Aggregate.MIN),
            (pc.UnitKind.GRADE, pc.Aggregate.LAST),
        ],
    )
    def test_default_aggregate(self, kind: pc.UnitKind, expected: pc.Aggregate) -> None:
        """Counts, tonnes and money sum; a grade keeps the last; yes/no the least; others mean."""
        assert expected == pc.Unit(kind).default_aggregate

    @pytest.mark.parametrize(
        ("unit", "text"),
        [
            (pc.Unit(pc.UnitKind.WORKING_DAYS), "working days"),
            (pc.Unit(pc.UnitKind.YES_NO), "yes/no"),
            (pc.Unit(pc.UnitKind.TONNES), "tonnes"),
            (pc.Unit(pc.UnitKind.GRADE, labels=("Poor", "Good")), 'grade "Poor", "Good"'),
            (pc.Unit(pc.UnitKind.RATE, Decimal(100000)), "rate per 100000"),
        ],
    )
    def test_str_is_the_clause(self, unit: pc.Unit, text: str) -> None:
        """A unit prints as the words after `unit`."""
        assert text == str(unit)

    def test_labels_default_to_none(self) -> None:
        """Only a grade has labels; an old constructor call still works."""
        assert () == pc.Unit(pc.UnitKind.PERCENT).labels

    @pytest.mark.parametrize(
        ("unit", "scale"),
        [
            (pc.Unit(pc.UnitKind.PERCENT), Decimal(100)),
            (pc.Unit(pc.UnitKind.RATE, Decimal(1000)), Decimal(1000)),
            (pc.Unit(pc.UnitKind.NUMBER), Decimal(1)),
        ],
    )
    def test_scale(self, unit: pc.Unit, scale: Decimal) -> None:
        """A ratio is scaled by 100 for percent, N for a rate per N, 1 otherwise."""
        assert scale == unit.scale

    @pytest.mark.parametrize("word", sorted(YES_NO_WORDS))
    def test_yes_no_words_any_case(self, word: str) -> None:
        """Yes/no words read as 1 or 0 in any case, surrounding spaces ignored."""
        unit = pc.Unit(pc.UnitKind.YES_NO)
        expected = 1 if word in ("yes", "y", "true", "1") else 0
        assert (expected, expected) == (
            unit.value_of(word.upper()),
            unit.value_of(f" {word.title()} "),
        )

    @pytest.mark.parametrize("word", ["maybe", "", "2", "yes please", "ja"])
    def test_other_words_are_not_yes_or_no(self, word: str) -> None:
        """Anything else is neither."""
        assert None is pc.Unit(pc.UnitKind.YES_NO).value_of(word)

    def test_grade_labels_are_their_places(self) -> None:
        """A grade label's value is its place, worst first, matched ignoring case."""
        unit = pc.Unit(pc.UnitKind.GRADE, labels=GRADES)
        assert [1, 2, 3, 4, None] == [
            unit.value_of(t)
            for t in ("INADEQUATE", "requires improvement", "Good", " outstanding ", "Fair")
        ]

    def test_other_units_have_no_words(self) -> None:
        """A percent measure reads no words."""
        assert None is pc.Unit(pc.UnitKind.PERCENT).value_of("yes")

    def test_label_of(self) -> None:
        """Values turn back into words; values that are none of the unit's have none."""
        grade = pc.Unit(pc.UnitKind.GRADE, labels=GRADES)
        yes_no = pc.Unit(pc.UnitKind.YES_NO)
        assert ["yes", "no", None] == [yes_no.label_of(v) for v in (1.0, 0, 0.5)]
        assert ["Inadequate", "Outstanding", None, None, None] == [
            grade.label_of(v) for v in (1, 4.0, 0, 5, float("nan"))
        ]
        assert None is pc.Unit(pc.UnitKind.COUNT).label_of(1)


class TestWindow:
    @pytest.mark.parametrize(
        ("window", "text"),
        [
            (pc.Window(None), "year to date"),
            (pc.Window(3), "rolling 3 months"),
            (pc.Window(12, quarters=True), "rolling 4 quarters"),
            (pc.Window(1), "rolling 1 month"),
        ],
    )
    def test_str_is_the_clause(self, window: pc.Window, text: str) -> None:
        """A window prints as the words after `window`."""
        assert text == str(window)

    def test_quarters_are_months(self) -> None:
        """Rolling 4 quarters is 12 months; how it was written is not compared."""
        assert pc.Window(12, quarters=True).months == pc.Window(12).months
        assert pc.Window(3, position=pc.Position(1, 1, 1, 2)) == pc.Window(3)

    @pytest.mark.parametrize(
        ("window", "period", "first"),
        [
            (pc.Window(None), "2017/18 Q3", "2017-04"),
            (pc.Window(None), "2018-03", "2017-04"),
            (pc.Window(None), "2018-04", "2018-04"),
            (pc.Window(3), "2018-05", "2018-03"),
            (pc.Window(12), "2017/18 Q4", "2017-04"),
            (pc.Window(12), "2018/19 Q1", "2017-07"),
        ],
    )
    def test_first_month(self, window: pc.Window, period: str, first: str) -> None:
        """Year to date starts with the financial year; rolling N months N months back."""
        assert Period.parse(first).first_month == window.first_month(Period.parse(period))


class TestSeason:
    @pytest.mark.parametrize(
        ("first", "last", "months"),
        [
            (10, 4, (10, 11, 12, 1, 2, 3, 4)),
            (4, 9, (4, 5, 6, 7, 8, 9)),
            (12, 12, (12,)),
            (1, 12, tuple(range(1, 13))),
            (4, 3, (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)),
        ],
    )
    def test_months(self, first: int, last: int, months: tuple[int, ...]) -> None:
        """A season runs from its first month to its last, across the year end if need be."""
        season = pc.Season(first, last)
        assert months == season.months
        assert [m in months for m in range(1, 13)] == [m in season for m in range(1, 13)]

    def test_str(self) -> None:
        """A season prints as the words after `season`."""
        assert "October to April" == str(pc.Season(10, 4))

    @pytest.mark.parametrize("month", [0, 13])
    def test_months_are_calendar_months(self, month: int) -> None:
        """A season's months are 1 to 12."""
        with pytest.raises(ValueError, match="from 1 to 12"):
            pc.Season(month, 4)

    def test_only_month_numbers_are_in_it(self) -> None:
        """`in` asks about a month's number; anything else is not in a season."""
        assert "October" not in pc.Season(10, 4)

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            ("2017/18 Q1", True),  # April is in
            ("2017/18 Q2", False),  # July to September
            ("2017-09", False),
            ("2017-10", True),
            ("2017/18 H1", True),
            ("2017/18", True),
        ],
    )
    def test_overlaps(self, period: str, expected: bool) -> None:
        """A period overlaps a season if any of its months is in it."""
        assert expected == pc.Season(10, 4).overlaps(Period.parse(period))


class TestReporting:
    def test_period_kinds(self) -> None:
        """Each frequency reports on months, quarters or years."""
        assert [
            (PeriodKind.MONTH, 1),
            (PeriodKind.QUARTER, 3),
            (PeriodKind.YEAR, 12),
        ] == [(r.period_kind, r.months) for r in pc.Reporting]


class TestMeasureDefaults:
    def test_old_measures_are_unchanged(self) -> None:
        """A measure without the new clauses: no ratio, window, season or profile; reported
        as the contract is."""
        assert (None, None, None, None, None, (), pc.Reporting.QUARTERLY, False, ()) == (
            A1.numerator,
            A1.denominator,
            A1.window,
            A1.reporting,
            A1.season,
            A1.profile,
            A1.frequency,
            A1.is_ratio,
            A1.components,
        )

    def test_terms_are_per_period_by_default(self) -> None:
        """A target written without `a year` is per reporting period."""
        assert [False] == [t.per_year for t in A1.targets]

    def test_contract_reporting_is_stored(self) -> None:
        """Each measure knows the contract's frequency, so it knows when it is due."""
        contract = pc.loads(
            'contract "c" { reporting monthly group "g" { volumetric V "t" { unit count } } }'
        )
        assert pc.Reporting.MONTHLY == contract["V"].frequency


class TestRatio:
    def test_is_ratio_needs_both(self) -> None:
        """A ratio has a numerator and a denominator."""
        assert (True, False) == (
            measure(numerator="N", denominator=Decimal(100)).is_ratio,
            measure(numerator="N").is_ratio,
        )

    def test_components_are_measure_ids(self) -> None:
        """Components are the ids among numerator and denominator, numerator first."""
        assert ("N", "D") == measure(numerator="N", denominator="D").components
        assert ("D",) == measure(numerator=Decimal(1), denominator="D").components


class TestDue:
    @pytest.mark.parametrize(
        ("reporting", "period", "expected"),
        [
            (pc.Reporting.ANNUALLY, "2017/18", True),
            (pc.Reporting.ANNUALLY, "2017/18 H1", False),
            (pc.Reporting.ANNUALLY, "2017/18 Q4", False),
            (pc.Reporting.ANNUALLY, "2018-03", False),
            (pc.Reporting.QUARTERLY, "2017/18 Q4", True),
            (pc.Reporting.QUARTERLY, "2017/18 H2", True),
            (pc.Reporting.QUARTERLY, "2018-03", False),
            (pc.Reporting.MONTHLY, "2018-03", True),
        ],
    )
    def test_not_due_in_a_period_shorter_than_a_report(
        self, reporting: pc.Reporting, period: str, expected: bool
    ) -> None:
        """A measure is due in a period at least as long as one of its reporting periods."""
        assert expected == measure(reporting=reporting).due_in(period)

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            ("2017-09", False),
            ("2017-10", True),
            ("2018-04", True),
            ("2018-05", False),
            ("2018/19 Q2", False),
            ("2018/19 Q1", True),
            ("2018/19", True),
        ],
    )
    def test_not_due_out_of_season(self, period: str, expected: bool) -> None:
        """A monthly winter measure is not due in a period wholly outside October to April."""
        winter = measure(reporting=pc.Reporting.MONTHLY, season=pc.Season(10, 4))
        assert expected == winter.due_in(period)

    def test_periods_are_read_with_the_year_start(self) -> None:
        """A period given as text is read with the measure's year start."""
        january = measure(year_start=1, reporting=pc.Reporting.ANNUALLY)
        assert (True, False) == (january.due_in("2018/19"), january.due_in("2018-01"))


class TestReportingPeriods:
    @pytest.mark.parametrize(
        ("reporting", "period", "expected"),
        [
            (
                pc.Reporting.QUARTERLY,
                "2017/18",
                ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4"],
            ),
            (pc.Reporting.QUARTERLY, "2017/18 H1", ["2017/18 Q1", "2017/18 Q2"]),
            (pc.Reporting.QUARTERLY, "2017/18 Q3", ["2017/18 Q3"]),
            (pc.Reporting.QUARTERLY, "2017-10", []),
            (pc.Reporting.MONTHLY, "2017/18 Q3", ["2017-10", "2017-11", "2017-12"]),
            (pc.Reporting.ANNUALLY, "2017/18", ["2017/18"]),
            (pc.Reporting.ANNUALLY, "2017/18 H2", []),
        ],
    )
    def test_parts_of_the_frequency(
        self, reporting: pc.Reporting, period: str, expected: list[str]
    ) -> None:
        """The reporting periods in a period are its parts of the measure's frequency."""
        assert expected == [str(p) for p in measure(reporting=reporting).reporting_periods(period)]

    def test_in_season_only(self) -> None:
        """A seasonal measure's reporting periods are the ones in season."""
        winter = measure(reporting=pc.Reporting.MONTHLY, season=pc.Season(10, 4))
        assert ["2017-04", "2017-10", "2017-11", "2017-12", "2018-01", "2018-02", "2018-03"] == [
            str(p) for p in winter.reporting_periods("2017/18")
        ]
        assert ["2018-04"] == [str(p) for p in winter.reporting_periods("2018/19 Q1")]

    @laws
    @given(
        st.sampled_from(pc.Reporting),
        st.sampled_from(PeriodKind),
        st.integers(2000, 2030),
        st.integers(1, 12),
        st.integers(1, 12),
        st.integers(1, 12),
        st.booleans(),
    )
    def test_due_exactly_when_there_are_reporting_periods(
        self,
        reporting: pc.Reporting,
        kind: PeriodKind,
        year: int,
        number: int,
        first: int,
        last: int,
        seasonal: bool,
    ) -> None:
        """A measure is due in a period exactly when it has reporting periods there, each
        inside the period, of the measure's frequency, in order, and in season."""
        number = min(number, {"year": 0, "half": 2, "quarter": 4, "month": 12}[kind.value])
        period = Period(kind, year, max(number, 0 if kind is PeriodKind.YEAR else 1))
        season = pc.Season(first, last) if seasonal else None
        m = measure(reporting=reporting, season=season)
        parts = m.reporting_periods(period)
        assert m.due_in(period) == bool(parts)
        assert all(period.contains(p) and p.kind is reporting.period_kind for p in parts)
        assert list(parts) == sorted(parts)
        assert all(season is None or season.overlaps(p) for p in parts)


class TestWindowPeriods:
    def test_no_window_is_the_period(self) -> None:
        """Without a window, a period's value comes from its own reporting periods."""
        assert ["2017/18 Q3"] == [str(p) for p in A1.window_periods("2017/18 Q3")]

    @pytest.mark.parametrize(
        ("reporting", "window", "period", "expected"),
        [
            (pc.Reporting.MONTHLY, pc.Window(None), "2017-06", ["2017-04", "2017-05", "2017-06"]),
            (pc.Reporting.MONTHLY, pc.Window(None), "2018-04", ["2018-04"]),
            (pc.Reporting.MONTHLY, pc.Window(3), "2018-05", ["2018-03", "2018-04", "2018-05"]),
            (pc.Reporting.MONTHLY, pc.Window(3), "2017/18", ["2018-01", "2018-02", "2018-03"]),
            (pc.Reporting.QUARTERLY, pc.Window(3), "2017/18 Q2", ["2017/18 Q2"]),
            (pc.Reporting.QUARTERLY, pc.Window(6), "2018/19 Q1", ["2017/18 Q4", "2018/19 Q1"]),
            (
                pc.Reporting.QUARTERLY,
                pc.Window(None),
                "2017/18 H2",
                ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4"],
            ),
            (pc.Reporting.QUARTERLY, pc.Window(None), "2017-12", []),
        ],
    )
    def test_window_ends_with_the_period(
        self, reporting: pc.Reporting, window: pc.Window, period: str, expected: list[str]
    ) -> None:
        """A window's reporting periods run from its start to the end of the period rated."""
        m = measure(reporting=reporting, window=window)
        assert expected == [str(p) for p in m.window_periods(period)]

    def test_seasonal_window_skips_out_of_season(self) -> None:
        """Year to date of a winter measure holds its in-season months only."""
        m = measure(reporting=pc.Reporting.MONTHLY, season=pc.Season(10, 4), window=pc.Window(None))
        assert ["2017-04", "2017-10", "2017-11"] == [str(p) for p in m.window_periods("2017-11")]
        assert () == m.window_periods("2017-06")

    @laws
    @given(st.integers(2000, 2030), st.integers(1, 12))
    def test_year_to_date_at_the_year_end_is_the_year(self, year: int, year_start: int) -> None:
        """Year to date at the last month of a year covers the same months as the year."""
        m = measure(reporting=pc.Reporting.MONTHLY, window=pc.Window(None), year_start=year_start)
        fy = Period(PeriodKind.YEAR, year, 0, year_start)
        assert m.reporting_periods(fy) == m.window_periods(fy.months()[-1])
