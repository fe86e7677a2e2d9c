"""A measure No data for a gap in its readings says so (SPEC 10: no row passes silently).

A measure (or a ratio's component) with readings for some of the periods a
period's value rolls up, but not for all, has no value there: ``evaluate``
(one period and many), ``Report`` and ``payment`` give a warning naming the
measure, the period and the periods missing, and the command line prints it
on standard error. A measure with no reading at all in the period is quiet.
Readings given as dates, each read as its month, of a measure reported
quarterly get a hint saying how to give the quarter. The command line's
standard error for the dated readings is pinned by the golden file
``tests/golden/evaluate/dated-readings.stderr``.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pandas as pd
import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "evaluate"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
DCST = pc.load(ROOT / "examples" / "dcst-2017-18.contract")  # reported quarterly
WASTE = pc.load(ROOT / "tests" / "golden" / "good" / "spec-waste-example.contract")  # monthly
Q4 = "2017/18 Q4"
PANDAS_Q4 = pd.PeriodIndex(["2018Q4"], freq="Q-MAR")  # 2017/18 Q4, as pandas labels it
HOW_TO_GIVE_Q4 = (
    "give the quarter as a period instead, as text (2017/18 Q4) or as a pandas Period with a"
    " quarterly frequency (pd.Period('2018Q4', freq='Q-MAR'))"
)


def readings(rows: Mapping[tuple[str, Any], object]) -> pc.Readings:
    """Readings from {(measure, period): value}."""
    return pc.Readings.from_records(
        {"measure": m, "period": p, "value": v} for (m, p), v in rows.items()
    )


def gaps(ev: pc.Evaluation | pc.Evaluations, resolved: pc.ResolvedReadings) -> list[str]:
    """The warnings beyond the readings' own, formatted."""
    return [w.format() for w in ev.warnings[len(resolved.warnings) :]]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line; return its exit status, stdout and stderr."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a fixed terminal width for argparse."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


class TestDatedReadings:
    """Quarterly readings dated with a timestamp: each is read as its month, and said."""

    def test_timestamps_of_quarters(self) -> None:
        """A quarter's Timestamp (its first day) is its first month: the quarter is No data,
        and the warning names the measure, the quarter, the months missing and how to give
        the quarter."""
        frame = pd.DataFrame(
            {"measure": ["A1"], "period": PANDAS_Q4.to_timestamp(), "value": [26.0]}
        )
        ev = DCST.evaluate(frame, period=Q4)
        assert (pc.Status.NO_DATA, 1) == (ev["A1"].status, len(ev.warnings))
        assert (
            "<readings>: warning: measure A1, period 2017/18 Q4: No data, as A1 has readings for"
            " part of 2017/18 Q4 but none for 2018-02 and 2018-03, and its value needs them all\n"
            "help: A1 is reported quarterly, but its reading for 2018-01 was given as a date,"
            f" which is read as the month it falls in: {HOW_TO_GIVE_Q4}"
        ) == ev.warnings[0].format()

    def test_timestamps_at_the_end(self) -> None:
        """``to_timestamp(how="end")`` is the quarter's last month: the first two are missing."""
        frame = pd.DataFrame(
            {"measure": ["A1"], "period": PANDAS_Q4.to_timestamp(how="end"), "value": [26.0]}
        )
        (warning,) = DCST.evaluate(frame, period=Q4).warnings
        assert "none for 2018-01 and 2018-02" in warning.message
        assert (
            "A1 is reported quarterly, but its reading for 2018-03 was given as a date, which is"
            f" read as the month it falls in: {HOW_TO_GIVE_Q4}"
        ) == warning.hint

    def test_the_pandas_period_the_hint_gives(self) -> None:
        """The quarter given as the hint says is rated, with nothing to say."""
        frame = pd.DataFrame({"measure": ["A1"], "period": PANDAS_Q4, "value": [26.0]})
        ev = DCST.evaluate(frame, period=Q4)
        assert (pc.Status.WITHIN_TOLERANCE, ()) == (ev["A1"].status, ev.warnings)

    def test_dates_of_several_months(self) -> None:
        """Dates of two months of the quarter (``datetime.date`` records) are both named."""
        rows = {("A1", datetime.date(2018, 1, 1)): 26, ("A1", datetime.date(2018, 2, 1)): 27}
        (warning,) = DCST.evaluate(readings(rows), period=Q4).warnings
        assert "none for 2018-03," in warning.message
        assert warning.hint is not None
        assert warning.hint.startswith(
            "A1 is reported quarterly, but its readings for 2018-01 and 2018-02 were given as"
            " dates, which is read as the month it falls in"
        )

    def test_a_date_written_as_text(self) -> None:
        """A CSV cell ``2018-01-01`` is a date too, read as its month."""
        text = "measure,period,value\nA1,2018-01-01,26\n"
        (warning,) = DCST.evaluate(pc.Readings.from_csv_text(text), period=Q4).warnings
        assert warning.hint is not None
        assert warning.hint.endswith(HOW_TO_GIVE_Q4)

    def test_a_month_written_as_a_month(self) -> None:
        """A month written as one (``2018-01``) was meant as a month: the hint asks for the
        months missing, or the quarter, and says nothing of dates."""
        text = "measure,period,value\nA1,2018-01,26\n"
        (warning,) = DCST.evaluate(pc.Readings.from_csv_text(text), period=Q4).warnings
        assert "give A1's readings for 2018-02 and 2018-03, or one for 2017/18 Q4 itself" == (
            warning.hint
        )

    def test_a_monthly_measure_dated(self) -> None:
        """A measure reported monthly has months: a date for one of them says nothing of
        quarters."""
        rows = {("T1", datetime.date(2024, 4, 1)): 30, ("T1", datetime.date(2024, 5, 1)): 31}
        (warning,) = WASTE.evaluate(readings(rows), period="2024/25 Q1").warnings
        assert "give T1's readings for 2024-06, or one for 2024/25 Q1 itself" == warning.hint

    def test_left_out_as_not_due(self) -> None:
        """A dated reading of a measure with its own ``reporting quarterly`` is not due, and
        left out: the readings' warning says a date is read as its month, and how to give
        the quarter; nothing more is said of the gap, as nothing of A1 is left in it."""
        a1 = attrs.evolve(DCST["A1"], reporting=pc.Reporting.QUARTERLY)
        contract = attrs.evolve(DCST, groups=(attrs.evolve(DCST.groups[0], measures=(a1,)),))
        frame = pd.DataFrame(
            {"measure": ["A1"], "period": PANDAS_Q4.to_timestamp(), "value": [26.0]}
        )
        (warning,) = contract.evaluate(frame, period=Q4).warnings
        assert (
            "<frame>: warning: row 1: measure A1, period 2018-01: A1 is reported quarterly: a"
            " reading for 2018-01 is not due, and is left out\n"
            f"help: the period is a date, read as the month it falls in: {HOW_TO_GIVE_Q4}"
        ) == warning.format()

    def test_command_line(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """On the command line the warning comes on standard error, at the readings file,
        after the note on the span of the readings; the exit status is 0."""
        path = tmp_path / "dated.csv"
        path.write_text("measure,period,value\nA1,2018-01-01,26\n", encoding="utf-8")
        status, out, err = run(
            capsys, "evaluate", "examples/dcst-2017-18.contract", str(path), "--period", Q4
        )
        a1 = [line for line in out.splitlines() if line.startswith("A1 ")]
        assert (0, ["No data"]) == (status, [line.split("  ")[-1] for line in a1])
        golden = GOLDEN / "dated-readings.stderr"
        shown = err.replace(str(path), "dated.csv")
        if UPDATE:
            golden.write_text(shown, encoding="utf-8")
        assert golden.read_text(encoding="utf-8") == shown


class TestMonthly:
    """A monthly measure rated for a quarter or a year, with some months missing."""

    def test_one_month_missing(self) -> None:
        """Two months of three: the quarter is No data, and the third month is named."""
        rows = {("T1", "2024-04"): 30, ("T1", "2024-05"): 31}
        ev = WASTE.evaluate(readings(rows), period="2024/25 Q1")
        assert pc.Status.NO_DATA == ev["T1"].status
        assert [
            "<readings>: warning: measure T1, period 2024/25 Q1: No data, as T1 has readings for"
            " part of 2024/25 Q1 but none for 2024-06, and its value needs them all\n"
            "help: give T1's readings for 2024-06, or one for 2024/25 Q1 itself"
        ] == [w.format() for w in ev.warnings]

    def test_every_month_is_quiet(self) -> None:
        """Every month there: a value, and nothing to say."""
        rows = {("T1", f"2024-{m:02}"): 30 for m in (4, 5, 6)}
        ev = WASTE.evaluate(readings(rows), period="2024/25 Q1")
        assert (30.0, ()) == (ev["T1"].value, ev.warnings)

    def test_no_reading_at_all_is_quiet(self) -> None:
        """A measure with no reading in the period is ordinary missing data: no warning,
        though another measure has readings there."""
        rows = {("H1", "2024-04"): "yes"}
        ev = WASTE.evaluate(readings(rows), period="2024-04")
        assert (pc.Status.NO_DATA, ()) == (ev["T1"].status, ev.warnings)

    def test_a_marked_month(self) -> None:
        """A month marked missing (``x``) has no reading: it is named."""
        text = "measure,period,value\nT1,2024-04,30\nT1,2024-05,x\nT1,2024-06,31\n"
        (warning,) = WASTE.evaluate(pc.Readings.from_csv_text(text), period="2024/25 Q1").warnings
        assert "but none for 2024-05," in warning.message

    def test_the_quarters_own_reading_fills_the_gap(self) -> None:
        """A quarter's own reading is its value, whatever its months: nothing to say."""
        rows = {("T1", "2024-04"): 30, ("T1", "2024/25 Q1"): 31}
        ev = WASTE.evaluate(readings(rows), period="2024/25 Q1")
        assert (31.0, ()) == (ev["T1"].value, ev.warnings)

    def test_a_year_names_whole_quarters_and_months(self) -> None:
        """A year: a quarter with no reading at all is named whole, one with some by its
        months missing; past five, the rest are counted."""
        rows = {("T1", "2024-05"): 30, ("T1", "2024/25 Q3"): 31}
        (warning,) = WASTE.evaluate(readings(rows), period="2024/25").warnings
        assert (
            "measure T1, period 2024/25: No data, as T1 has readings for part of 2024/25 but"
            " none for 2024-04, 2024-06, 2024/25 Q2 and 2024/25 Q4, and its value needs them all"
        ) == warning.message
        rows = {("T1", "2024-05"): 30, ("T1", "2024-08"): 31, ("T1", "2024-11"): 31}
        (warning,) = WASTE.evaluate(readings(rows), period="2024/25").warnings
        assert (
            "give T1's readings for 2024-04, 2024-06, 2024-07, 2024-09, 2024-10 and 2 more,"
            " or one for 2024/25 itself"
        ) == warning.hint

    def test_a_season(self) -> None:
        """A winter measure's quarter needs its months in season only: one missing is named,
        and a quarter with its one month in season there is rated, quietly."""
        rows = {("WS1", "2024-10"): 99, ("WS1", "2024-12"): 98, ("WS1", "2024-04"): 97}
        resolved = readings(rows).resolve(WASTE)
        (warning,) = gaps(WASTE.evaluate(resolved, period="2024/25 Q3"), resolved)
        assert "but none for 2024-11, and" in warning
        assert [] == gaps(WASTE.evaluate(resolved, period="2024/25 Q1"), resolved)

    def test_an_authority(self) -> None:
        """The authority evaluated is named first."""
        rows = [{"authority": "Leeds", "measure": "T1", "period": "2024-04", "value": 3}]
        (warning,) = WASTE.evaluate(pc.Readings.from_records(rows), period="2024/25 Q1").warnings
        assert warning.message.startswith("authority `Leeds`, measure T1, period 2024/25 Q1:")


class TestRatio:
    """A ratio whose component has a gap says which component, and what it lacks."""

    def test_a_numerator_with_a_gap(self) -> None:
        """W1's numerator lacks a month of the quarter: W1 names it, and so does W1N's own
        warning (a measure too, No data there)."""
        rows = {
            ("W1N", "2024-04"): 3,
            ("W1N", "2024-05"): 4,
            **{("W1D", f"2024-{m:02}"): 100000 for m in (4, 5, 6)},
        }
        ev = WASTE.evaluate(readings(rows), period="2024/25 Q1")
        assert [
            "<readings>: warning: measure W1, period 2024/25 Q1: No data, as W1N (which W1 is"
            " worked out from) has readings for part of 2024/25 Q1 but none for 2024-06, and its"
            " value needs them all\n"
            "help: give W1N's readings for 2024-06, or one for 2024/25 Q1 itself",
            "<readings>: warning: measure W1N, period 2024/25 Q1: No data, as W1N has readings"
            " for part of 2024/25 Q1 but none for 2024-06, and its value needs them all\n"
            "help: give W1N's readings for 2024-06, or one for 2024/25 Q1 itself",
        ] == [w.format() for w in ev.warnings]

    def test_a_ratio_of_a_ratio(self) -> None:
        """R is S over D, and S is N over a number: R names N, the measure with the gap."""
        contract = pc.loads(
            'contract "c" { reporting monthly group "g" {\n'
            '    measure R "r" { unit percent higher is better numerator S denominator D'
            " target 50% tolerance 40% }\n"
            '    measure S "s" { unit rate per 1 higher is better numerator N denominator 2'
            " target 1 tolerance 1 }\n"
            '    volumetric N "n" { unit count }  volumetric D "d" { unit count } } }'
        )
        rows = {
            ("N", "2024-04"): 3,
            ("N", "2024-05"): 3,
            **{("D", f"2024-{m:02}"): 10 for m in (4, 5, 6)},
        }
        ev = contract.evaluate(readings(rows), period="2024/25 Q1")
        tail = " has readings for part of 2024/25 Q1 but none for 2024-06, and its value needs"
        assert [
            f"measure R, period 2024/25 Q1: No data, as N (which R is worked out from){tail}",
            f"measure S, period 2024/25 Q1: No data, as N (which S is worked out from){tail}",
            f"measure N, period 2024/25 Q1: No data, as N{tail}",
        ] == [w.message.removesuffix(" them all") for w in ev.warnings]

    def test_a_component_with_no_reading(self) -> None:
        """A denominator with no reading at all in the period is missing data, not a gap."""
        rows = {("W1N", f"2024-{m:02}"): 3 for m in (4, 5, 6)}
        ev = WASTE.evaluate(readings(rows), period="2024/25 Q1")
        assert (pc.Status.NO_DATA, ()) == (ev["W1"].status, ev.warnings)

    def test_no_cases(self) -> None:
        """0 of 0 is No data for want of cases, as the readings say: nothing more to say."""
        rows = {("W1N", "2024-04"): 0, ("W1D", "2024-04"): 0}
        resolved = readings(rows).resolve(WASTE)
        ev = WASTE.evaluate(resolved, period="2024-04")
        assert (pc.Status.NO_DATA, []) == (ev["W1"].status, gaps(ev, resolved))

    def test_a_ratio_with_a_window(self) -> None:
        """W2 (year to date) takes its components over the months so far: the one missing
        is named, over the window's months."""
        rows = {
            ("W2N", "2024-04"): 30,
            ("W2N", "2024-06"): 30,
            **{("W2D", f"2024-{m:02}"): 60 for m in (4, 5, 6)},
        }
        (warning,) = WASTE.evaluate(readings(rows), period="2024-06").warnings
        assert (
            "measure W2, period 2024-06: No data, as W2N (which W2 is worked out from) has"
            " readings for part of 2024-04 to 2024-06 but none for 2024-05, and its value needs"
            " them all",
            "give W2N's readings for 2024-05",
        ) == (warning.message, warning.hint)


class TestWindow:
    """A measure with a window needs every reporting period in it."""

    def test_a_rolling_window_with_a_gap(self) -> None:
        """KPI_7 (rolling 3 months) lacks the middle month: named, and only the months are
        asked for (the period's own reading is never used)."""
        rows = {("KPI_7", "2024-04"): 95, ("KPI_7", "2024-06"): 96}
        (warning,) = WASTE.evaluate(readings(rows), period="2024-06").warnings
        assert (
            "measure KPI_7, period 2024-06: No data, as KPI_7 has readings for part of 2024-04 to"
            " 2024-06 but none for 2024-05, and its value needs them all",
            "give KPI_7's readings for 2024-05",
        ) == (warning.message, warning.hint)

    def test_a_quarters_reading_under_a_window(self) -> None:
        """A quarter's reading under a window is not used, as the readings already warn: that
        is the one warning, with nothing about a gap."""
        rows = {("KPI_7", "2024/25 Q1"): 95}
        ev = WASTE.evaluate(readings(rows), period="2024/25 Q1")
        assert 1 == len(ev.warnings)
        assert "the reading for 2024/25 Q1 itself is not used" in ev.warnings[0].message


class TestManyPeriods:
    """Each period's evaluation has its own gaps; the whole has them all, once each."""

    def test_periods_each_with_their_own(self) -> None:
        """Q2 and Q4 have gaps, Q1 is whole and Q3 has nothing: each says its own, and
        ``warnings`` of them all says both, in period order."""
        months = (4, 5, 6, 7, 1)
        rows = {("T1", f"{2025 if m < 4 else 2024}-{m:02}"): 3 for m in months}
        resolved = readings(rows).resolve(WASTE)
        quarters = [f"2024/25 Q{q}" for q in (1, 2, 3, 4)]
        evs = WASTE.evaluate(resolved, periods=quarters)
        assert [0, 1, 0, 1] == [len(gaps(ev, resolved)) for ev in evs]
        assert [
            "measure T1, period 2024/25 Q2",
            "measure T1, period 2024/25 Q4",
        ] == [w.message.split(":")[0] for w in evs.warnings]
        assert [evs[1].warnings[0], evs[3].warnings[0]] == list(evs.warnings)

    def test_the_one_period_and_many_agree(self) -> None:
        """A period's warnings are the same evaluated alone or among others."""
        rows = {("T1", "2024-07"): 3, ("KPI_7", "2024-08"): 90, ("KPI_7", "2024-06"): 90}
        resolved = readings(rows).resolve(WASTE)
        quarters = ["2024/25 Q1", "2024/25 Q2"]
        evs = WASTE.evaluate(resolved, periods=quarters)
        alone = [WASTE.evaluate(resolved, period=q).warnings for q in quarters]
        assert alone == [ev.warnings for ev in evs]
        assert 2 == len(alone[1])


class TestReportAndPayment:
    """A report and a payment say the same of the period they are for."""

    SOURCE = (
        'contract "Highways" { reporting monthly group "Defects" {\n'
        '    measure HM2 "Repaired on time" { unit percent higher is better target 98%'
        " tolerance 95% }\n"
        '    measure HM3 "Made safe" { unit percent higher is better target 98%'
        " tolerance 95% } }\n"
        "    payment { charge £750k quarterly  credit HM2 2% outside tolerance } }\n"
    )
    HIGHWAYS = pc.loads(SOURCE)
    TEXT = "measure,period,value\nHM2,2024-04,97\nHM2,2024-05,99\nHM3,2024-04,97\n"
    SAID = (
        "measure HM2, period 2024/25 Q1: No data, as HM2 has readings for part of 2024/25 Q1"
        " but none for 2024-06, and its value needs them all"
    )

    def test_report(self) -> None:
        """The report's evaluation has the warning of its period, and not of its trend's."""
        rows = {("T1", "2024-04"): 30, ("T1", "2024-07"): 31, ("T1", "2024-08"): 31}
        report = pc.Report.build(WASTE, readings(rows), "2024/25 Q1", history=4)
        assert ["measure T1, period 2024/25 Q1"] == [
            w.message.split(":")[0] for w in report.evaluation.warnings
        ]

    def test_payment_notes(self) -> None:
        """The payment's notes name the line's measure with a gap where it counts; a measure
        in no line is not named."""
        paid = self.HIGHWAYS.payment(pc.Readings.from_csv_text(self.TEXT), period="2024/25 Q1")
        assert (True, [self.SAID]) == (paid.provisional, [n.message for n in paid.notes])
        assert ("warning", "give HM2's readings for 2024-06, or one for 2024/25 Q1 itself") == (
            paid.notes[0].severity,
            paid.notes[0].hint,
        )

    def test_payment_command_line(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """`perfcontract payment` prints the warning on standard error, at the readings."""
        contract = tmp_path / "highways.contract"
        contract.write_text(self.SOURCE, encoding="utf-8")
        path = tmp_path / "hm.csv"
        path.write_text(self.TEXT, encoding="utf-8")
        status, _, err = run(capsys, "payment", str(contract), str(path), "--period", "2024/25 Q1")
        assert (0, f"{path}: warning: {self.SAID}") == (status, err.splitlines()[0])

    def test_report_command_line(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """`perfcontract report` prints it too, after the note on the readings' span."""
        path = tmp_path / "part.csv"
        path.write_text("measure,period,value\nA1,2018-01,26\nA1,2018-02,27\n", encoding="utf-8")
        status, _, err = run(
            capsys, "report", "examples/dcst-2017-18.contract", str(path), "--period", Q4
        )
        lines = err.splitlines()
        warning = (
            f"{path}: warning: measure A1, period 2017/18 Q4: No data, as A1 has readings for"
            " part of 2017/18 Q4 but none for 2018-03, and its value needs them all"
        )
        note = next(i for i, line in enumerate(lines) if line.startswith("note: the readings"))
        assert (0, note + 1) == (status, lines.index(warning))
