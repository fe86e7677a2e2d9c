"""Tests for perfcontract.periods: financial years, quarters and months."""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.errors import ContractError, ContractValidationError, Diagnostic, PeriodError
from perfcontract.periods import MONTH_NAMES, Period, PeriodKind, parse_period

YEAR, HALF, QUARTER, MONTH = PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH
FORMS = (
    "write 2017/18 for a financial year, 2017/18 H1 for a half year, 2017/18 Q4 for a quarter"
    " or 2018-03 for a month"
)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DCST = pc.load(EXAMPLES / "dcst-2017-18.contract")
SAME_START = "use one year start (the contract's `year starts`) for every period"
HUGE = "9" * 5000  # more digits than int() converts from text (Python's limit: 4,300)

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=200)


ANY_KIND = st.sampled_from(PeriodKind)
MODERN_YEARS = st.integers(1900, 2200)
ANY_YEAR_START = st.integers(1, 12)


@st.composite
def periods(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[PeriodKind] = ANY_KIND,
    years: st.SearchStrategy[int] = MODERN_YEARS,
    year_starts: st.SearchStrategy[int] = ANY_YEAR_START,
) -> Period:
    """Any period of the given kinds, years and year starts."""
    kind = draw(kinds)
    number = {
        YEAR: 0,
        HALF: draw(st.integers(1, 2)),
        QUARTER: draw(st.integers(1, 4)),
        MONTH: draw(st.integers(1, 12)),
    }[kind]
    return Period(kind, draw(years), number, draw(year_starts))


def failure(text: str, year_start: int = 4) -> tuple[str, str | None]:
    """The message and hint of the PeriodError that parsing ``text`` raises."""
    with pytest.raises(PeriodError) as info:
        Period.parse(text, year_start)
    diagnostic: Diagnostic = info.value.first
    return diagnostic.message, diagnostic.hint


class TestMonthNames:
    def test_twelve_english_names_from_january(self) -> None:
        """MONTH_NAMES lists the twelve months in calendar order."""
        assert 12 == len(MONTH_NAMES)
        assert ("January", "April", "December") == (MONTH_NAMES[0], MONTH_NAMES[3], MONTH_NAMES[11])


class TestConstruction:
    def test_defaults_to_april(self) -> None:
        """A period's year starts in April unless told otherwise."""
        assert 4 == Period(YEAR, 2017, 0).year_start

    def test_hashable_and_equal_by_fields(self) -> None:
        """Equal periods hash alike, so they work as dict keys."""
        assert {Period(QUARTER, 2017, 4): "q4"} == {Period.parse("2017/18 Q4"): "q4"}

    def test_different_year_start_is_unequal(self) -> None:
        """The same label with another year start is a different period, not an error."""
        assert Period(YEAR, 2017, 0) != Period(YEAR, 2017, 0, year_start=1)

    @pytest.mark.parametrize(
        ("kind", "number", "message"),
        [
            (YEAR, 1, "a year has number 0, not 1"),
            (QUARTER, 0, "a quarter has number 1 to 4, not 0"),
            (QUARTER, 5, "a quarter has number 1 to 4, not 5"),
            (MONTH, 13, "a month has number 1 to 12, not 13"),
        ],
    )
    def test_number_out_of_range(self, kind: PeriodKind, number: int, message: str) -> None:
        """The number must fit the kind: 0 for a year, 1-4 for a quarter, 1-12 for a month."""
        with pytest.raises(ValueError, match=message):
            Period(kind, 2017, number)

    @pytest.mark.parametrize("year_start", [0, 13])
    def test_year_start_out_of_range(self, year_start: int) -> None:
        """year_start is a calendar month."""
        with pytest.raises(ValueError, match="year_start is a month from 1 to 12"):
            Period(YEAR, 2017, 0, year_start)

    @pytest.mark.parametrize(
        ("kind", "year", "number"),
        [(YEAR, 0, 0), (YEAR, 9999, 0), (MONTH, 0, 1), (MONTH, 10000, 1)],
    )
    def test_year_out_of_range(self, kind: PeriodKind, year: int, number: int) -> None:
        """Every day of a period must be a datetime.date."""
        with pytest.raises(ValueError, match="must start in year 1 to"):
            Period(kind, year, number)

    def test_kind_must_be_a_period_kind(self) -> None:
        """A kind given as a string is refused."""
        with pytest.raises(TypeError):
            Period("year", 2017, 0)  # type: ignore[arg-type]


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2017/18", Period(YEAR, 2017, 0)),
            ("1999/00", Period(YEAR, 1999, 0)),
            ("2017/18 Q4", Period(QUARTER, 2017, 4)),
            ("2017/18 Q1", Period(QUARTER, 2017, 1)),
            ("2017/18   Q2", Period(QUARTER, 2017, 2)),
            ("2017/18\tQ3", Period(QUARTER, 2017, 3)),
            ("2017/18 \t Q3", Period(QUARTER, 2017, 3)),
            ("2017/18 q4", Period(QUARTER, 2017, 4)),
            ("2018-03", Period(MONTH, 2018, 3)),
            ("2018-12", Period(MONTH, 2018, 12)),
            ("2011-12", Period(MONTH, 2011, 12)),
            ("  2017/18 Q4\n", Period(QUARTER, 2017, 4)),
            ("\t2018-03 ", Period(MONTH, 2018, 3)),
            ("1000-04", Period(MONTH, 1000, 4)),
            ("9000-03", Period(MONTH, 9000, 3)),
            ("1000/01", Period(YEAR, 1000, 0)),
            ("8999/00", Period(YEAR, 8999, 0)),
            ("8999-12", Period(MONTH, 8999, 12)),
        ],
    )
    def test_forms(self, text: str, expected: Period) -> None:
        """Years, quarters (Q or q after spaces or tabs) and months parse, whitespace aside."""
        assert expected == Period.parse(text)

    @pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u3000", " \u00a0\t"])
    def test_any_space_before_the_part(self, space: str) -> None:
        """A no-break space (or any other of Unicode's spaces) before the Q or H is a space.

        Bug: `2017/18\u00a0Q4` (as a spreadsheet or a web page writes it) was
        refused with "did you mean 2017/18 Q4?", the same text to the eye.
        """
        assert Period(QUARTER, 2017, 4) == Period.parse(f"2017/18{space}Q4")

    @pytest.mark.parametrize("line_break", ["\n", "\r\n", "\u2028", "\x0c"])
    def test_no_line_break_before_the_part(self, line_break: str) -> None:
        """A line break is not a space within a period."""
        with pytest.raises(PeriodError):
            Period.parse(f"2017/18{line_break}Q4")

    def test_year_start_is_carried(self) -> None:
        """The year start given to parse becomes the period's."""
        assert Period(QUARTER, 2018, 1, year_start=1) == Period.parse("2018/19 Q1", year_start=1)

    def test_period_passes_through(self) -> None:
        """A Period with the same year start comes back as it is."""
        period = Period(MONTH, 2018, 3)
        assert period is Period.parse(period)

    def test_period_with_other_year_start_is_refused(self) -> None:
        """A Period with another year start raises PeriodError rather than being reinterpreted."""
        with pytest.raises(PeriodError) as info:
            Period.parse(Period(YEAR, 2017, 0), year_start=1)
        expected = ("`2017/18` has its year starting in April, not January", SAME_START)
        assert expected == (info.value.first.message, info.value.first.hint)

    @pytest.mark.parametrize(
        ("given", "name"),
        [(2017, "int"), (2017.0, "float"), (None, "NoneType"), (["2017/18"], "list")],
    )
    def test_not_text(self, given: object, name: str) -> None:
        """Anything but text, a Period or a date is a programming error, a TypeError."""
        expected = f"a period is written as text (or given as a Period or a date), not {name}"
        with pytest.raises(TypeError) as info:
            Period.parse(given)  # type: ignore[arg-type]
        assert expected == str(info.value)

    @pytest.mark.parametrize("text", ["2017/18", Period(YEAR, 2017, 0)])
    def test_bad_year_start(self, text: str | Period) -> None:
        """year_start outside 1-12 is a programming error, a ValueError."""
        with pytest.raises(ValueError, match="year_start is a month from 1 to 12, not 13"):
            Period.parse(text, year_start=13)

    def test_parse_period_is_the_same(self) -> None:
        """parse_period is Period.parse as a function."""
        assert Period.parse("2017/18 Q4", 10) == parse_period("2017/18 Q4", year_start=10)


class TestGivenFromPython:
    """A date or a pandas Period is read as a readings file reads it (SPEC: one reader)."""

    @pytest.mark.parametrize(
        ("given", "year_start", "expected"),
        [
            (datetime.date(2018, 3, 1), 4, Period(MONTH, 2018, 3)),
            (datetime.date(2018, 3, 31), 4, Period(MONTH, 2018, 3)),
            (datetime.datetime(2018, 3, 31, 23, 59), 4, Period(MONTH, 2018, 3)),
            (datetime.date(2018, 1, 15), 1, Period(MONTH, 2018, 1, year_start=1)),
            (datetime.date(1000, 4, 1), 4, Period(MONTH, 1000, 4)),
            (datetime.date(9000, 3, 31), 4, Period(MONTH, 9000, 3)),
        ],
    )
    def test_a_date_is_its_month(
        self, given: datetime.date, year_start: int, expected: Period
    ) -> None:
        """A date (or a datetime) is the month it is in, with the year start given."""
        assert expected == Period.parse(given, year_start)

    @pytest.mark.parametrize(
        ("given", "year_start", "expected"),
        [
            (("2018Q1", "Q-MAR"), 4, Period(QUARTER, 2017, 1)),
            (("2018Q1", "Q-DEC"), 4, Period(QUARTER, 2017, 4)),
            (("2018Q1", "Q-DEC"), 1, Period(QUARTER, 2018, 1, year_start=1)),
            (("2018-03", "M"), 4, Period(MONTH, 2018, 3)),
            (("2018", "Y-MAR"), 4, Period(YEAR, 2017, 0)),
            (("2018", "Y-DEC"), 1, Period(YEAR, 2018, 0, year_start=1)),
            (("2018-03-05", "D"), 4, Period(MONTH, 2018, 3)),
            (("2018-03-05", "W"), 4, Period(MONTH, 2018, 3)),
        ],
    )
    def test_a_pandas_period_runs_over_its_dates(
        self, given: tuple[str, str], year_start: int, expected: Period
    ) -> None:
        """A pandas Period (and Timestamp) is read by its first and last days, not its label."""
        import pandas as pd  # the test extra's

        value, freq = given
        assert expected == Period.parse(pd.Period(value, freq), year_start)
        assert Period(MONTH, 2018, 3) == Period.parse(pd.Timestamp("2018-03-31 17:45"))

    @pytest.mark.parametrize(
        ("given", "message"),
        [
            (("2018", "Y-DEC"), "`2018-01 to 2018-12` is not a financial year, quarter or month"),
            (("2018-01-29", "W"), "`2018-01 to 2018-02` is not a financial year, quarter or month"),
            (("0999-06", "M"), "`0999-06` is out of range"),
        ],
    )
    def test_a_pandas_period_that_is_none_of_ours(
        self, given: tuple[str, str], message: str
    ) -> None:
        """A span that is no year, half, quarter or month with the year start is refused."""
        import pandas as pd  # the test extra's

        with pytest.raises(PeriodError) as info:
            Period.parse(pd.Period(*given))
        assert message == info.value.first.message

    def test_a_date_out_of_range(self) -> None:
        """A date outside the years periods are read in is refused as its month's text is."""
        with pytest.raises(PeriodError) as info:
            Period.parse(datetime.date(1, 1, 1))
        assert ("`0001-01` is out of range", "years run from 1000 to 8999") == (
            info.value.first.message,
            info.value.first.hint,
        )

    def test_bad_year_start(self) -> None:
        """year_start outside 1-12 is a ValueError with a date too."""
        with pytest.raises(ValueError, match="year_start is a month from 1 to 12, not 13"):
            Period.parse(datetime.date(2018, 3, 1), year_start=13)


class TestPeriodArguments:
    """Every period= of the API reads a Period, a date or a pandas Period alike."""

    @pytest.mark.parametrize("how", ["label", "Period", "pandas Period"])
    def test_evaluate_and_report(self, how: str) -> None:
        """evaluate, Report.build, readings' get and rate_many: the quarter, however given."""
        import numpy as np
        import pandas as pd  # the test extra's

        given = {
            "label": "2017/18 Q4",
            "Period": Period(QUARTER, 2017, 4),
            "pandas Period": pd.Period("2018Q4", "Q-MAR"),
        }[how]
        readings = pc.Readings.from_csv(EXAMPLES / "dcst-2017-18-readings.csv").resolve(DCST)
        expected = DCST.evaluate(readings, period="2017/18 Q4")
        report = pc.Report.build(DCST, readings, given)
        rated = pc.rate_many(DCST, np.array([[26.0]]), given, measures=["A1"])
        assert (expected, expected, 26.0, [[1]]) == (
            DCST.evaluate(readings, period=given),
            report.evaluation,
            readings.get("A1", given),
            rated.tolist(),
        )

    @pytest.mark.parametrize("how", ["label", "Period", "date", "Timestamp"])
    def test_measures_and_terms(self, how: str) -> None:
        """A measure's terms and rating, and risk-share splits: a month, however given."""
        import pandas as pd  # the test extra's

        given = {
            "label": "2018-03",
            "Period": Period(MONTH, 2018, 3),
            "date": datetime.date(2018, 3, 15),
            "Timestamp": pd.Timestamp("2018-03-15"),
        }[how]
        measure, terms = DCST["A1"], DCST.risk_share
        assert terms is not None
        expected = (Decimal(22), Decimal(28), pc.Status.WITHIN_TOLERANCE, False, terms.split(100))
        assert expected == (
            measure.target_at(given),
            measure.tolerance_at(given),
            measure.rate(26, period=pc.Period.parse("2017/18 Q4")),
            measure.due_in(given),
            terms.split(100, period=given),
        )

    def test_several_periods(self) -> None:
        """periods=[...] takes them too, and the evaluations are found by any of them."""
        import pandas as pd  # the test extra's

        readings = pc.Readings.from_csv(EXAMPLES / "dcst-2017-18-readings.csv")
        given = [pd.Period("2018Q3", "Q-MAR"), Period(QUARTER, 2017, 4)]
        quarters = DCST.evaluate(readings, periods=given)
        expected = DCST.evaluate(readings, periods=["2017/18 Q3", "2017/18 Q4"])
        assert (expected, expected[1]) == (quarters, quarters[pd.Period("2018Q4", "Q-MAR")])

    def test_one_date_as_periods(self) -> None:
        """One date given as periods is a TypeError saying how to give it, as for a label."""
        march = datetime.date(2018, 3, 1)
        with pytest.raises(TypeError) as caught:
            DCST.evaluate({}, periods=march)  # type: ignore[call-overload]
        assert (
            "periods is a list of periods, not one: periods=[datetime.date(2018, 3, 1)],"
            " or period=datetime.date(2018, 3, 1)"
        ) == str(caught.value)

    def test_payment(self) -> None:
        """A payment for a month given as a pandas Period is the month's."""
        import pandas as pd  # the test extra's

        fm = pc.load(EXAMPLES / "fm-2024-25.contract")
        readings = pc.Readings.from_csv(EXAMPLES / "fm-2024-25-readings.csv")
        may = fm.payment(readings, period="2024-05")
        given = (pd.Period("2024-05", "M"), datetime.date(2024, 5, 31), Period(MONTH, 2024, 5))
        assert [may] * 3 == [fm.payment(readings, period=p) for p in given]

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            ("Q4 2017/18", "did you mean 2017/18 Q4?"),
            (
                "Nov-17",
                "did you mean 2017-11? (`Nov-17` is read only in readings files and --period)",
            ),
        ],
    )
    def test_text_keeps_the_four_forms(self, text: str, hint: str) -> None:
        """Text from Python is one of the four forms; another spelling names the label."""
        with pytest.raises(PeriodError) as info:
            DCST.evaluate({"A1": 26}, period=text)
        assert hint == info.value.first.hint

    def test_a_period_with_another_year_start(self) -> None:
        """A Period made with another year start is refused, as ever; a date never is."""
        with pytest.raises(PeriodError) as info:
            DCST.evaluate({"A1": 26}, period=Period(QUARTER, 2017, 4, year_start=1))
        assert SAME_START == info.value.first.hint
        january = datetime.date(2018, 1, 1)
        assert Period(MONTH, 2018, 1) == DCST.evaluate({"A1": 26}, period=january).period


class TestParseErrors:
    @pytest.mark.parametrize(
        ("text", "message", "hint"),
        [
            (
                "2017/19",
                "`2017/19` is not a financial year: 19 does not follow 2017",
                "did you mean 2017/18?",
            ),
            (
                "1999/01",
                "`1999/01` is not a financial year: 01 does not follow 1999",
                "did you mean 1999/00?",
            ),
            (
                "2017/19 Q4",
                "`2017/19 Q4` is not a financial year: 19 does not follow 2017",
                "did you mean 2017/18 Q4?",
            ),
            (
                " 2017/18 Q5",
                "`2017/18 Q5` is not a quarter: there is no Q5",
                "quarters are Q1 to Q4",
            ),
            (
                "2017/18 Q0",
                "`2017/18 Q0` is not a quarter: there is no Q0",
                "quarters are Q1 to Q4",
            ),
            (
                "2017/18 q12",
                "`2017/18 q12` is not a quarter: there is no Q12",
                "quarters are Q1 to Q4",
            ),
            ("2018-13", "`2018-13` is not a month: there is no month 13", "months are 01 to 12"),
            ("2018-00", "`2018-00` is not a month: there is no month 00", "months are 01 to 12"),
            ("2017-18", "`2017-18` is not a month: there is no month 18", "did you mean 2017/18?"),
            ("0000-01", "`0000-01` is out of range", "years run from 1000 to 8999"),
            ("0001-03", "`0001-03` is out of range", "years run from 1000 to 8999"),
            ("0999-12", "`0999-12` is out of range", "years run from 1000 to 8999"),
            ("1000-03", "`1000-03` is out of range", "years run from 1000 to 8999"),
            ("0999/00", "`0999/00` is out of range", "years run from 1000 to 8999"),
            ("9000-04", "`9000-04` is out of range", "years run from 1000 to 8999"),
            ("9000/01 Q1", "`9000/01 Q1` is out of range", "years run from 1000 to 8999"),
            ("9999-04", "`9999-04` is out of range", "years run from 1000 to 8999"),
        ],
    )
    def test_shaped_like_a_period(self, text: str, message: str, hint: str) -> None:
        """Text in a period's shape with an impossible part says which part, and the fix."""
        assert (message, hint) == failure(text)

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            ("Quarter 4 2017/18", "did you mean 2017/18 Q4?"),  # as the summary's caption reads
            ("qtr 1 2025/26", "did you mean 2025/26 Q1?"),
            ("2017/18 QUARTER 4", "did you mean 2017/18 Q4?"),
            ("Half 2 2017/18", "did you mean 2017/18 H2?"),
            ("Quarter 4 2017/19", "did you mean 2017/18 Q4?"),
        ],
    )
    def test_part_in_words(self, text: str, hint: str) -> None:
        """A quarter or half in words, as captions write it, is refused with its label."""
        assert (f"`{text}` is not a financial year, quarter or month", hint) == failure(text)

    @pytest.mark.parametrize(
        ("text", "message", "hint"),
        [
            (
                "Quarter 5 2017/18",
                "`Quarter 5 2017/18` is not a quarter: there is no Q5",
                "quarters are Q1 to Q4",
            ),
            (
                "Half 3 2017/18",
                "`Half 3 2017/18` is not a half year: there is no H3",
                "half years are H1 and H2",
            ),
        ],
    )
    def test_part_in_words_that_is_none(self, text: str, message: str, hint: str) -> None:
        """A quarter or half in words that does not exist says so, as its label would."""
        assert (message, hint) == failure(text)

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("Aug 2025", "2025-08"),
            ("April  2025", "2025-04"),
            ("2025-04-01", "2025-04"),
            ("Apr-25", "2025-04"),
            ("2017-04 to 2017-06", "2017/18 Q1"),
        ],
    )
    def test_spreadsheet_form_in_code(self, text: str, label: str) -> None:
        """A period as a readings file may write it is refused in code, naming its label."""
        shown = text.strip()
        assert (
            f"`{shown}` is not a financial year, quarter or month",
            f"did you mean {label}? (`{shown}` is read only in readings files and --period)",
        ) == failure(text)

    def test_bare_year_is_a_calendar_year(self) -> None:
        """A bare year could be a financial year or a month, so both are suggested."""
        expected = (
            "`2017` is a calendar year, not a financial year, quarter or month",
            "write 2017/18 for the financial year, or 2017-04 for a month",
        )
        assert expected == failure("2017")

    def test_bare_year_hint_follows_year_start(self) -> None:
        """The suggested month is the first month of the financial year."""
        expected = "write 2017/18 for the financial year, or 2017-10 for a month"
        assert expected == failure("2017", year_start=10)[1]

    def test_bare_year_with_a_january_start(self) -> None:
        """With years starting in January the calendar year is the year: the message says
        how it is written, and the hint the months it runs over."""
        expected = (
            "`2024` is a calendar year, which with the year starting in January is written 2024/25",
            "write 2024/25 for January to December 2024, or 2024-01 for a month",
        )
        assert expected == failure("2024", year_start=1)

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            ("2017/2018", "did you mean 2017/18?"),
            ("2017/2018 Q4", "did you mean 2017/18 Q4?"),
            ("2017-18 Q4", "did you mean 2017/18 Q4?"),
            ("2017/18Q4", "did you mean 2017/18 Q4?"),
            ("Q4 2017/18", "did you mean 2017/18 Q4?"),
            ("2017 Q4", "did you mean 2017/18 Q4?"),
            ("2018-3", "did you mean 2018-03?"),
        ],
    )
    def test_near_misses_suggest_the_form(self, text: str, hint: str) -> None:
        """Common slips are refused with the period they probably meant."""
        message = f"`{text}` is not a financial year, quarter or month"
        assert (message, hint) == failure(text)

    def test_near_miss_with_impossible_quarter(self) -> None:
        """A slip with a quarter beyond Q4 is told the quarters, not offered a bad period."""
        expected = ("`2017/18Q7` is not a quarter: there is no Q7", "quarters are Q1 to Q4")
        assert expected == failure("2017/18Q7")

    @pytest.mark.parametrize(
        "text", ["abc", "2017/18 Q", "2017/18 Quarters", "2017/1", "2017/18 Q4 x", "١٢٣٤/٣٥"]
    )
    def test_anything_else(self, text: str) -> None:
        """Other text is refused with the three forms as the hint."""
        assert (f"`{text}` is not a financial year, quarter or month", FORMS) == failure(text)

    @pytest.mark.parametrize("text", ["", "  \t "])
    def test_empty(self, text: str) -> None:
        """Empty or blank text is refused with the three forms as the hint."""
        assert ("a period cannot be empty", FORMS) == failure(text)

    @pytest.mark.parametrize(
        "text",
        [f"2018/19 Q{HUGE}", f"2018/19Q{HUGE}", f"Q{HUGE} 2018/19", f"2018 Q{HUGE}"],
        ids=["quarter", "no-space", "quarter-first", "calendar-year"],
    )
    def test_quarter_of_thousands_of_digits(self, text: str) -> None:
        """A quarter number longer than int() reads is no quarter, and the message stays short."""
        message, hint = failure(text)
        assert f"`{text[:40]}…` is not a quarter: there is no Q{'9' * 40}…" == message
        assert "quarters are Q1 to Q4" == hint

    def test_quarter_of_thousands_of_zeros(self) -> None:
        """Leading zeros in a quarter's number are ignored, however many there are."""
        assert Period.parse("2018/19 Q4") == Period.parse("2018/19 Q" + "0" * 5000 + "4")

    def test_wrong_year_with_a_long_quarter(self) -> None:
        """The suggestion for a wrong second year keeps the quarter short too."""
        assert ("did you mean 2018/19 Q" + "9" * 40 + "…?") == failure(f"2018/20 Q{HUGE}")[1]

    @pytest.mark.parametrize("text", [HUGE, f"2017/{HUGE}", f"2017-{HUGE}", "x" * 5000])
    def test_long_text_is_cut_short(self, text: str) -> None:
        """Text of thousands of characters is quoted by its first 40 in the message."""
        message, hint = failure(text)
        assert f"`{text[:40]}…` is not a financial year, quarter or month" == message
        assert FORMS == hint

    def test_only_the_first_line_is_quoted(self) -> None:
        """Text over several lines is quoted by its first line, marked as cut."""
        assert (
            "`2017/18 Q5…` is not a financial year, quarter or month"
            == failure("2017/18 Q5\nmore")[0]
        )

    def test_quarter_of_thousands_of_digits_in_a_contract(self) -> None:
        """A contract dating a target from such a quarter is refused at its line."""
        text = (
            'contract "x" {\n  group "g" {\n    measure A1 "t" {\n      unit percent\n'
            f"      higher is better\n      target 80%\n      target 90% from 2018/19 Q{HUGE}\n"
            "    }\n  }\n}\n"
        )
        with pytest.raises(ContractValidationError) as info:
            pc.loads(text)
        assert 7 == info.value.line
        assert f"`2018/19 Q{'9' * 31}…` is not a quarter" in info.value.first.message

    def test_is_a_contract_error_with_no_place(self) -> None:
        """A period error is a ContractError and shows as one line plus its hint."""
        with pytest.raises(ContractError) as info:
            Period.parse("2018-13")
        expected = "<string>: error: `2018-13` is not a month: there is no month 13\n"
        assert expected + "help: months are 01 to 12" == str(info.value)


class TestLabel:
    @pytest.mark.parametrize(
        ("period", "label"),
        [
            (Period(YEAR, 2017, 0), "2017/18"),
            (Period(YEAR, 1999, 0), "1999/00"),
            (Period(YEAR, 5, 0), "0005/06"),
            (Period(QUARTER, 2017, 4), "2017/18 Q4"),
            (Period(MONTH, 2018, 3), "2018-03"),
            (Period(MONTH, 2018, 3, year_start=1), "2018-03"),
        ],
    )
    def test_label_and_str(self, period: Period, label: str) -> None:
        """The label is the canonical written form, and str() gives it."""
        assert (label, label) == (period.label, str(period))

    def test_lowercase_q_is_written_upper(self) -> None:
        """A quarter read with a lowercase q is labelled with Q."""
        assert "2017/18 Q4" == Period.parse("2017/18\tq4").label

    def test_repr_with_default_year_start(self) -> None:
        """repr reads like a call to parse."""
        assert "Period('2017/18 Q4')" == repr(Period(QUARTER, 2017, 4))

    def test_repr_with_other_year_start(self) -> None:
        """repr names the year start only when it is not April."""
        assert "Period('2017/18', year_start=1)" == repr(Period(YEAR, 2017, 0, year_start=1))


class TestMonthOrdinals:
    @pytest.mark.parametrize(
        ("text", "year_start", "first", "last", "span"),
        [
            ("2017/18", 4, (2017, 4), (2018, 3), 12),
            ("2017/18", 1, (2017, 1), (2017, 12), 12),
            ("2017/18", 10, (2017, 10), (2018, 9), 12),
            ("2017/18 Q4", 4, (2018, 1), (2018, 3), 3),
            ("2017/18 Q2", 10, (2018, 1), (2018, 3), 3),
            ("2018-03", 4, (2018, 3), (2018, 3), 1),
        ],
    )
    def test_first_last_and_span(
        self,
        text: str,
        year_start: int,
        first: tuple[int, int],
        last: tuple[int, int],
        span: int,
    ) -> None:
        """first_month and last_month are year*12 + month-1; span counts the months."""
        period = Period.parse(text, year_start)
        expected = (first[0] * 12 + first[1] - 1, last[0] * 12 + last[1] - 1, span)
        assert expected == (period.first_month, period.last_month, period.span)


class TestDates:
    @pytest.mark.parametrize(
        ("text", "year_start", "starts", "ends"),
        [
            ("2017/18", 4, (2017, 4, 1), (2018, 3, 31)),
            ("2017/18 Q1", 4, (2017, 4, 1), (2017, 6, 30)),
            ("2017/18 Q4", 4, (2018, 1, 1), (2018, 3, 31)),
            ("2018/19", 1, (2018, 1, 1), (2018, 12, 31)),
            ("2018/19 Q4", 1, (2018, 10, 1), (2018, 12, 31)),
            ("2017/18", 10, (2017, 10, 1), (2018, 9, 30)),
            ("2017/18 Q4", 10, (2018, 7, 1), (2018, 9, 30)),
            ("2018-03", 4, (2018, 3, 1), (2018, 3, 31)),
            ("2018-04", 4, (2018, 4, 1), (2018, 4, 30)),
        ],
    )
    def test_first_and_last_day(
        self,
        text: str,
        year_start: int,
        starts: tuple[int, int, int],
        ends: tuple[int, int, int],
    ) -> None:
        """starts_on and ends_on are the first and last days of the period."""
        period = Period.parse(text, year_start)
        assert (datetime.date(*starts), datetime.date(*ends)) == (period.starts_on, period.ends_on)

    @pytest.mark.parametrize(
        ("text", "year_start", "ends"),
        [
            ("2020-02", 4, (2020, 2, 29)),
            ("2019-02", 4, (2019, 2, 28)),
            ("2000-02", 4, (2000, 2, 29)),
            ("2100-02", 4, (2100, 2, 28)),
            ("2019/20 Q4", 1, (2019, 12, 31)),
            ("2019/20", 3, (2020, 2, 29)),
            ("2019/20 Q4", 3, (2020, 2, 29)),
        ],
    )
    def test_leap_years(self, text: str, year_start: int, ends: tuple[int, int, int]) -> None:
        """A period ending in February ends on the 29th in leap years only."""
        assert datetime.date(*ends) == Period.parse(text, year_start).ends_on

    def test_extreme_years(self) -> None:
        """The first and last representable periods have dates."""
        assert (datetime.date(1, 4, 1), datetime.date(9999, 11, 30)) == (
            Period(YEAR, 1, 0).starts_on,
            Period(YEAR, 9998, 0, year_start=12).ends_on,
        )

    def test_what_is_worked_out_from_a_period_read(self) -> None:
        """From the first and last periods read from text, a hundred years of months either
        way (longer than any window or payment warning) and their financial years exist."""
        first, last = Period.parse("1000-04"), Period.parse("8999/00", year_start=12)
        assert (Period(MONTH, 900, 4), Period(YEAR, 999, 0)) == (
            first.shift(-1200),
            first.financial_year().previous(),
        )
        assert Period(YEAR, 9099, 0, year_start=12) == last.shift(100)


class TestOrdering:
    def test_year_then_quarter_then_month(self) -> None:
        """Periods starting together sort longest first."""
        texts = ["2017-04", "2017/18 Q1", "2017/18"]
        expected = ["2017/18", "2017/18 Q1", "2017-04"]
        assert expected == [str(p) for p in sorted(Period.parse(t) for t in texts)]

    def test_by_first_month(self) -> None:
        """Otherwise periods sort by their first month."""
        texts = ["2018-04", "2018-03", "2017/18 Q4", "2016/17", "2017/18 Q2", "2018/19"]
        expected = ["2016/17", "2017/18 Q2", "2017/18 Q4", "2018-03", "2018/19", "2018-04"]
        assert expected == [str(p) for p in sorted(Period.parse(t) for t in texts)]

    def test_year_end_with_january_start(self) -> None:
        """With January starts, December is in the year before the next year's Q1."""
        months = Period.parse("2018-12", 1), Period.parse("2019/20 Q1", 1)
        assert (True, False) == (months[0] < months[1], months[0] > months[1])

    def test_all_four_operators(self) -> None:
        """<, <=, > and >= agree with one another, and a period is <= and >= itself."""
        a, b = Period.parse("2017/18"), Period.parse("2017/18 Q1")
        assert (True, True, False, False) == (a < b, a <= b, a > b, a >= b)
        assert (False, True, False, True) == (a < a, a <= a, a > a, a >= a)

    def test_different_year_starts_refuse(self) -> None:
        """Ordering periods with different year starts raises PeriodError."""
        a, b = Period.parse("2017/18"), Period.parse("2017/18", year_start=1)
        message = (
            "cannot order Period('2017/18') and Period('2017/18', year_start=1): "
            "their years start in different months"
        )
        for compare in (a.__lt__, a.__le__, a.__gt__, a.__ge__):
            with pytest.raises(PeriodError) as info:
                compare(b)
            assert (message, SAME_START) == (info.value.first.message, info.value.first.hint)

    def test_non_periods_are_not_ordered(self) -> None:
        """Comparing with anything else returns NotImplemented, so < raises TypeError."""
        period = Period.parse("2017/18")
        for compare in (period.__lt__, period.__le__, period.__gt__, period.__ge__):
            assert NotImplemented is compare("2017/18")
        with pytest.raises(TypeError):
            _ = period < "2017/18"


class TestContains:
    @pytest.mark.parametrize(
        ("outer", "inner", "year_start", "expected"),
        [
            ("2017/18", "2017-04", 4, True),
            ("2017/18", "2018-03", 4, True),
            ("2017/18", "2017-03", 4, False),
            ("2017/18", "2018-04", 4, False),
            ("2017/18", "2017/18 Q4", 4, True),
            ("2017/18", "2018/19 Q1", 4, False),
            ("2017/18 Q4", "2018-01", 4, True),
            ("2017/18 Q4", "2018-04", 4, False),
            ("2017/18 Q4", "2017/18", 4, False),
            ("2018-03", "2017/18", 4, False),
            ("2018/19", "2018-12", 1, True),
            ("2018/19", "2019-01", 1, False),
            ("2017/18", "2018-09", 10, True),
            ("2017/18", "2017-09", 10, False),
        ],
    )
    def test_contains(self, outer: str, inner: str, year_start: int, expected: bool) -> None:
        """A period contains another when every month of the other is in it."""
        assert expected == Period.parse(outer, year_start).contains(Period.parse(inner, year_start))

    @pytest.mark.parametrize("text", ["2017/18", "2017/18 Q2", "2018-03"])
    def test_contains_itself(self, text: str) -> None:
        """Every period contains itself."""
        period = Period.parse(text)
        assert period.contains(period)

    def test_different_year_starts_refuse(self) -> None:
        """contains with different year starts raises PeriodError."""
        with pytest.raises(PeriodError, match="cannot compare"):
            Period.parse("2017/18").contains(Period.parse("2017-05", year_start=1))


class TestShift:
    @pytest.mark.parametrize(
        ("text", "n", "expected"),
        [
            ("2017/18", 1, "2018/19"),
            ("2017/18", -18, "1999/00"),
            ("1999/00", 1, "2000/01"),
            ("2017/18 Q4", 1, "2018/19 Q1"),
            ("2017/18 Q1", -1, "2016/17 Q4"),
            ("2017/18 Q2", 7, "2019/20 Q1"),
            ("2017/18 Q2", 0, "2017/18 Q2"),
            ("2017-12", 1, "2018-01"),
            ("2018-01", -1, "2017-12"),
            ("2018-03", 25, "2020-04"),
            ("2018-03", -27, "2015-12"),
        ],
    )
    def test_shift(self, text: str, n: int, expected: str) -> None:
        """shift moves n periods of the same kind, across year ends both ways."""
        assert Period.parse(expected) == Period.parse(text).shift(n)

    def test_previous_and_next_cross_year_ends(self) -> None:
        """previous and next step over financial and calendar year ends."""
        assert (Period.parse("2016/17 Q4"), Period.parse("2017/18 Q2")) == (
            Period.parse("2017/18 Q1").previous(),
            Period.parse("2017/18 Q1").next(),
        )
        assert (Period.parse("2017-12"), Period.parse("2018-01")) == (
            Period.parse("2018-01").previous(),
            Period.parse("2017-12").next(),
        )

    def test_keeps_year_start(self) -> None:
        """The shifted period has the same year start."""
        assert Period(QUARTER, 2019, 1, year_start=10) == Period.parse("2018/19 Q4", 10).next()

    def test_out_of_range(self) -> None:
        """Shifting past the representable years raises ValueError."""
        with pytest.raises(ValueError, match="must start in year 1 to 9998"):
            Period(YEAR, 9998, 0).next()


class TestFinancialYear:
    @pytest.mark.parametrize(
        ("text", "year_start", "expected"),
        [
            ("2018-03", 4, "2017/18"),
            ("2018-04", 4, "2018/19"),
            ("2018-01", 1, "2018/19"),
            ("2018-12", 1, "2018/19"),
            ("2017-09", 10, "2016/17"),
            ("2017-10", 10, "2017/18"),
            ("2017/18 Q4", 4, "2017/18"),
            ("2017/18", 4, "2017/18"),
        ],
    )
    def test_financial_year(self, text: str, year_start: int, expected: str) -> None:
        """A month's financial year depends on the year start; a quarter's is in its label."""
        assert Period.parse(expected, year_start) == Period.parse(text, year_start).financial_year()


class TestQuarter:
    @pytest.mark.parametrize(
        ("text", "year_start", "expected"),
        [
            ("2018-03", 4, "2017/18 Q4"),
            ("2018-04", 4, "2018/19 Q1"),
            ("2017-12", 4, "2017/18 Q3"),
            ("2018-01", 1, "2018/19 Q1"),
            ("2018-12", 1, "2018/19 Q4"),
            ("2017-10", 10, "2017/18 Q1"),
            ("2017-09", 10, "2016/17 Q4"),
            ("2017/18 Q2", 4, "2017/18 Q2"),
        ],
    )
    def test_quarter(self, text: str, year_start: int, expected: str) -> None:
        """A month is in the quarter of its financial year that covers it; a quarter is its own."""
        assert Period.parse(expected, year_start) == Period.parse(text, year_start).quarter()

    def test_year_has_no_quarter(self) -> None:
        """A whole year is not inside any one quarter."""
        with pytest.raises(PeriodError) as info:
            Period.parse("2017/18").quarter()
        expected = (
            "2017/18 is a whole financial year, so no one quarter contains it",
            "use quarters() for its four quarters",
        )
        assert expected == (info.value.first.message, info.value.first.hint)


class TestMonths:
    def test_year(self) -> None:
        """A year's months run from its start month for twelve months."""
        months = Period.parse("2017/18").months()
        assert ["2017-04", "2018-03", 12] == [str(months[0]), str(months[-1]), len(months)]

    def test_quarter_with_october_start(self) -> None:
        """Q2 of an October year is January to March."""
        expected = ("2018-01", "2018-02", "2018-03")
        assert expected == tuple(str(m) for m in Period.parse("2017/18 Q2", 10).months())

    def test_month(self) -> None:
        """A month's months are itself."""
        month = Period.parse("2018-03")
        assert (month,) == month.months()

    def test_keeps_year_start(self) -> None:
        """The months carry the period's year start."""
        assert {1} == {m.year_start for m in Period.parse("2018/19", 1).months()}


class TestQuarters:
    def test_year(self) -> None:
        """A year has four quarters, Q1 to Q4."""
        expected = tuple(Period(QUARTER, 2017, q, year_start=10) for q in (1, 2, 3, 4))
        assert expected == Period.parse("2017/18", 10).quarters()

    def test_quarter(self) -> None:
        """A quarter's quarters are itself."""
        quarter = Period.parse("2017/18 Q3")
        assert (quarter,) == quarter.quarters()

    def test_month_has_no_quarters(self) -> None:
        """A month contains no whole quarter."""
        with pytest.raises(PeriodError) as info:
            Period.parse("2018-03").quarters()
        expected = (
            "2018-03 is a month, so it contains no whole quarter",
            "use quarter() for the quarter it is in",
        )
        assert expected == (info.value.first.message, info.value.first.hint)


class TestLaws:
    @laws
    @given(periods(years=st.integers(1001, 8999)))
    def test_label_round_trips(self, period: Period) -> None:
        """Parsing a period's label with its year start gives the period back (the years
        read from text: financial years 1000/01 to 8999/00, whatever the year start)."""
        assert period == Period.parse(str(period), period.year_start)

    @laws
    @given(periods(), st.integers(-500, 500))
    def test_shift_undoes(self, period: Period, n: int) -> None:
        """Shifting n and back -n returns to the same period."""
        assert period == period.shift(n).shift(-n)

    @laws
    @given(periods(), st.integers(-500, 500))
    def test_shift_moves_by_span(self, period: Period, n: int) -> None:
        """Shifting n periods moves the first month by n spans."""
        assert period.first_month + n * period.span == period.shift(n).first_month

    @laws
    @given(periods(year_starts=st.just(4)), periods(year_starts=st.just(4)))
    def test_order_follows_first_month(self, a: Period, b: Period) -> None:
        """Periods order by first month, then longest first, and equal ones compare equal."""
        key_a, key_b = (a.first_month, -a.span), (b.first_month, -b.span)
        assert (key_a < key_b, key_a <= key_b, key_a == key_b) == (a < b, a <= b, a == b)
        assert (a > b, a >= b) == (b < a, b <= a)

    @laws
    @given(periods(kinds=st.just(YEAR)))
    def test_year_contains_its_months(self, year: Period) -> None:
        """Every month of a year is in it and says it is, and they run on without gaps."""
        months = year.months()
        assert 12 == len(months)
        for month in months:
            assert year.contains(month)
            assert year == month.financial_year()
        assert list(months) == [months[0].shift(i) for i in range(12)]

    @laws
    @given(periods(kinds=st.just(MONTH)))
    def test_month_is_in_its_quarter_and_year(self, month: Period) -> None:
        """A month is in its quarter, which is in its financial year."""
        quarter = month.quarter()
        assert quarter.contains(month)
        assert month.financial_year() == quarter.financial_year()
        assert quarter in month.financial_year().quarters()

    @laws
    @given(periods())
    def test_dates_match_months(self, period: Period) -> None:
        """The first and last days lie in the first and last months; the next starts after."""
        first, last = period.months()[0], period.months()[-1]
        expected = (first.year, first.number, last.year, last.number)
        assert expected == (
            period.starts_on.year,
            period.starts_on.month,
            period.ends_on.year,
            period.ends_on.month,
        )
        assert period.next().starts_on == period.ends_on + datetime.timedelta(days=1)


class TestHalves:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2024/25 H1", Period(HALF, 2024, 1)),
            ("2024/25 H2", Period(HALF, 2024, 2)),
            ("2024/25\th1", Period(HALF, 2024, 1)),
            ("  2024/25   H2 ", Period(HALF, 2024, 2)),
        ],
    )
    def test_parse(self, text: str, expected: Period) -> None:
        """A half year is a financial year, spaces, and H1 or H2 (h accepted)."""
        assert expected == Period.parse(text)

    def test_label(self) -> None:
        """A half is written with a capital H after one space."""
        assert "2024/25 H1" == Period.parse("2024/25 h1").label

    @pytest.mark.parametrize(
        ("text", "year_start", "first", "last"),
        [
            ("2024/25 H1", 4, "2024-04", "2024-09"),
            ("2024/25 H2", 4, "2024-10", "2025-03"),
            ("2024/25 H2", 1, "2024-07", "2024-12"),
            ("2024/25 H1", 10, "2024-10", "2025-03"),
        ],
    )
    def test_six_months_from_the_year_start(
        self, text: str, year_start: int, first: str, last: str
    ) -> None:
        """H1 is the first six months of the financial year, H2 the last six."""
        months = Period.parse(text, year_start).months()
        assert (6, first, last) == (len(months), str(months[0]), str(months[-1]))

    def test_span(self) -> None:
        """A half spans six months, and its kind says so."""
        assert (6, 6) == (Period.parse("2024/25 H1").span, HALF.span)

    def test_number_out_of_range(self) -> None:
        """A half has number 1 or 2."""
        with pytest.raises(ValueError, match="a half has number 1 to 2, not 3"):
            Period(HALF, 2024, 3)

    @pytest.mark.parametrize(
        ("text", "message", "hint"),
        [
            (
                "2024/25 H3",
                "`2024/25 H3` is not a half year: there is no H3",
                "half years are H1 and H2",
            ),
            (
                "2024/25 H0",
                "`2024/25 H0` is not a half year: there is no H0",
                "half years are H1 and H2",
            ),
            (
                "2024/25H3",
                "`2024/25H3` is not a half year: there is no H3",
                "half years are H1 and H2",
            ),
            (
                "2024/26 H1",
                "`2024/26 H1` is not a financial year: 26 does not follow 2024",
                "did you mean 2024/25 H1?",
            ),
        ],
    )
    def test_impossible_halves(self, text: str, message: str, hint: str) -> None:
        """A half beyond H2, or of a year that is not one, says which part is wrong."""
        assert (message, hint) == failure(text)

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            ("2024/25H1", "did you mean 2024/25 H1?"),
            ("H2 2024/25", "did you mean 2024/25 H2?"),
            ("2024/2025 H1", "did you mean 2024/25 H1?"),
            ("2024 H2", "did you mean 2024/25 H2?"),
        ],
    )
    def test_near_misses(self, text: str, hint: str) -> None:
        """Slips in writing a half get the half they probably meant."""
        assert (f"`{text}` is not a financial year, quarter or month", hint) == failure(text)

    def test_order(self) -> None:
        """A year sorts before its H1, H1 before Q1, and Q2 before H2."""
        texts = ["2024/25 H2", "2024/25 Q1", "2024/25 Q3", "2024/25 H1", "2024/25", "2024/25 Q2"]
        ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
        assert [
            "2024/25",
            "2024/25 H1",
            "2024/25 Q1",
            "2024/25 Q2",
            "2024/25 H2",
            "2024/25 Q3",
        ] == (ordered)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("2018-03", "2017/18 H2"), ("2017-09", "2017/18 H1"), ("2017/18 Q3", "2017/18 H2")],
    )
    def test_half_of_a_month_or_quarter(self, text: str, expected: str) -> None:
        """A month or quarter is in the half of its financial year that covers it."""
        assert Period.parse(expected) == Period.parse(text).half()

    def test_year_is_in_no_half(self) -> None:
        """A whole year is not inside either half."""
        with pytest.raises(PeriodError) as info:
            Period.parse("2017/18").half()
        expected = (
            "2017/18 is a whole financial year, so no one half contains it",
            "use halves() for its two halves",
        )
        assert expected == (info.value.first.message, info.value.first.hint)

    def test_half_is_in_no_quarter(self) -> None:
        """A half is not inside any one quarter."""
        with pytest.raises(PeriodError) as info:
            Period.parse("2017/18 H1").quarter()
        expected = (
            "2017/18 H1 is a half year, so no one quarter contains it",
            "use quarters() for its two quarters",
        )
        assert expected == (info.value.first.message, info.value.first.hint)

    def test_halves_of_a_year(self) -> None:
        """A year has two halves; a half's halves are itself."""
        year = Period.parse("2017/18", 1)
        assert (Period(HALF, 2017, 1, 1), Period(HALF, 2017, 2, 1)) == year.halves()
        assert (year.halves()[1],) == year.halves()[1].halves()

    @pytest.mark.parametrize("text", ["2017/18 Q1", "2017-04"])
    def test_shorter_periods_have_no_halves(self, text: str) -> None:
        """A quarter or a month contains no whole half."""
        with pytest.raises(PeriodError, match="contains no whole half year"):
            Period.parse(text).halves()

    def test_quarters_of_a_half(self) -> None:
        """H2 holds Q3 and Q4."""
        assert ("2017/18 Q3", "2017/18 Q4") == tuple(
            str(q) for q in Period.parse("2017/18 H2").quarters()
        )

    def test_within(self) -> None:
        """A month is within its half; a half within its year but no quarter."""
        half = Period.parse("2017/18 H2")
        assert half == Period.parse("2018-01").within(HALF)
        assert Period.parse("2017/18") == half.within(YEAR)
        assert None is half.within(QUARTER)

    def test_shift_crosses_the_year(self) -> None:
        """The half after H2 is the next year's H1."""
        assert Period.parse("2018/19 H1") == Period.parse("2017/18 H2").next()

    def test_in_a_contract(self) -> None:
        """A dated term may start at a half year."""
        m = pc.loads(
            'contract "c" { group "g" { measure A1 "t" { unit percent higher is better'
            " target 90% target 92% from 2018/19 H2 } } }"
        )["A1"]
        assert (Decimal("90"), Decimal("92")) == (
            m.target_at("2018/19 Q2"),
            m.target_at("2018/19 Q3"),
        )


class TestParts:
    @pytest.mark.parametrize(
        ("text", "kind", "expected"),
        [
            ("2017/18", HALF, ["2017/18 H1", "2017/18 H2"]),
            ("2017/18", QUARTER, ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4"]),
            ("2017/18 H2", QUARTER, ["2017/18 Q3", "2017/18 Q4"]),
            ("2017/18 Q2", MONTH, ["2017-07", "2017-08", "2017-09"]),
            ("2017/18 Q2", QUARTER, ["2017/18 Q2"]),
            ("2017/18 Q2", HALF, []),
            ("2017-07", YEAR, []),
        ],
    )
    def test_parts(self, text: str, kind: PeriodKind, expected: list[str]) -> None:
        """A period's parts of a kind are the periods of that kind in it, none if longer."""
        assert expected == [str(p) for p in Period.parse(text).parts(kind)]

    @laws
    @given(periods(), st.sampled_from(PeriodKind))
    def test_parts_cover_the_period(self, period: Period, kind: PeriodKind) -> None:
        """Parts no longer than the period cover its months exactly, in order, without gaps."""
        parts = period.parts(kind)
        if kind.span > period.span:
            assert () == parts
            return
        months = [m for part in parts for m in part.months()]
        assert list(period.months()) == months
        assert all(period == part.within(period.kind) for part in parts)
