"""`perfcontract evaluate`: periods, formats, --fail-on, and exit codes for bad input.

Every test calls ``perfcontract.cli.main([...])`` in process, from the
repository root, with ``capsys``. The text output is pinned by the golden file
``tests/golden/evaluate/q4-2017-18.txt`` that ``tests/test_evaluation.py``
writes (``PERFCONTRACT_UPDATE_GOLDEN=1`` there rewrites it).
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "evaluate"
CONTRACT = "examples/dcst-2017-18.contract"
READINGS = "examples/dcst-2017-18-readings.csv"
EVALUATE = ["evaluate", CONTRACT, READINGS]
WASTE = "examples/waste-2024-25.contract"

Q4_TOTAL = "Total                               2 (10%)           7 (35%)                   9 (45%)              2 (10%)"  # noqa: E501 (a table row printed whole)
YEAR_TOTAL = "Total                                0 (0%)          14 (70%)                   4 (20%)              2 (10%)"  # noqa: E501 (a table row printed whole)


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a fixed terminal width for argparse."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line; return its exit status, stdout and stderr."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestPeriod:
    """Which period is evaluated."""

    def test_default_is_latest_quarter(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --period, the latest quarter in the readings is evaluated."""
        status, out, err = run(capsys, *EVALUATE)
        assert (0, "Quarter 4 2017/18", "") == (status, out.split("\n")[0], err)

    def test_default_same_as_explicit(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default prints exactly what --period "2017/18 Q4" prints."""
        default = run(capsys, *EVALUATE)
        assert default == run(capsys, *EVALUATE, "--period", "2017/18 Q4")

    def test_quarter(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--period picks an earlier quarter."""
        status, out, _ = run(capsys, *EVALUATE, "--period", "2017/18 Q3")
        assert (0, "Quarter 3 2017/18") == (status, out.split("\n")[0])

    def test_whole_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--period 2017/18 rates the whole year: none outside, 90% at or better than tolerance."""
        status, out, _ = run(capsys, *EVALUATE, "--period", "2017/18")
        lines = out.split("\n")
        assert (0, "2017/18", YEAR_TOTAL) == (status, lines[0], lines[9])

    def test_default_with_monthly_readings(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Monthly readings later than the last quarterly one make the default their quarter.

        Bug: the default is the latest *quarterly* row (here 2017/18 Q3), though
        the readings go on to March 2018; it should be Quarter 4, rolled up.
        """
        readings = write(
            tmp_path,
            "monthly.csv",
            "measure,period,value\nA1,2017/18 Q3,27\nA1,2018-01,26\nA1,2018-02,26\nA1,2018-03,26\n",
        )
        status, out, _ = run(capsys, "evaluate", CONTRACT, readings)
        assert (0, "Quarter 4 2017/18") == (status, out.split("\n")[0])

    def test_bad_period_is_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --period that is not a period is a usage error (exit 2), said without a traceback.

        Bug: it exits 1, as if the contract or readings were bad, and the
        message names the source ``<string>`` rather than --period.
        """
        status, out, err = run(capsys, *EVALUATE, "--period", "2017/19")
        assert (2, "", True, False) == (status, out, "2017/19" in err, "Traceback" in err)

    def test_calendar_year_with_a_january_start(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--period 2024 on a contract whose year starts in January says to write 2024/25."""
        contract = write(
            tmp_path,
            "calendar.contract",
            'contract "Calendar" {\n    year starts January\n    group "Service" {\n'
            '        measure S1 "Calls answered" {\n            unit percent\n'
            "            higher is better\n            target 90%\n        }\n    }\n}\n",
        )
        readings = write(tmp_path, "calendar.csv", "measure,period,value\nS1,2024-01,91\n")
        status, out, err = run(capsys, "evaluate", contract, readings, "--period", "2024")
        assert (
            2,
            "",
            "perfcontract evaluate: error: --period: `2024` is a calendar year, which with the"
            " year starting in January is written 2024/25 (write 2024/25 for January to"
            " December 2024, or 2024-01 for a month)\n",
        ) == (status, out, err)
        status, out, _ = run(capsys, "evaluate", contract, readings, "--period", "2024/25")
        assert (0, "2024/25") == (status, out.splitlines()[0])

    def test_period_of_thousands_of_digits(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --period quarter of more digits than int() reads is a usage error, quoted short."""
        status, out, err = run(capsys, *EVALUATE, "--period", "2017/18 Q" + "9" * 5000)
        assert (
            2,
            "",
            f"perfcontract evaluate: error: --period: `2017/18 Q{'9' * 31}…` is not a quarter:"
            f" there is no Q{'9' * 40}… (quarters are Q1 to Q4)\n",
        ) == (status, out, err)

    def test_readings_with_a_period_of_thousands_of_digits(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A readings row whose period has thousands of digits: exit 1, the row's place named."""
        readings = write(tmp_path, "r.csv", f"measure,period,value\nA1,2017/18 Q{'9' * 5000},26\n")
        status, out, err = run(capsys, "evaluate", CONTRACT, readings, "--period", "2017/18 Q4")
        assert (1, "") == (status, out)
        assert err.startswith(f"{readings}:2:4: error: measure A1, period 2017/18 Q{'9' * 31}…:")


DATED = """\
contract "Dated" {
    risk share {
        council 70%
        provider 30%
        council 60% from 2018/19
        provider 40% from 2018/19
    }
}
"""


class TestNothingInThePeriod:
    """A period with no reading in it says so: every measure is No data."""

    def test_evaluate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A period the readings do not reach (a mistyped year, say) gets a note on standard
        error; the table still prints, every measure No data (volumetric ones and those with
        no target as ever), and the exit status is 0."""
        status, out, err = run(capsys, *EVALUATE, "--period", "2071/72 Q4", "--format", "csv")
        statuses = {row["status"] for row in csv.DictReader(io.StringIO(out))}
        assert (0, {"No data", "No target specified", ""}) == (status, statuses)
        assert (
            "note: no reading falls in 2071/72 Q4, so every measure has no data"
            " (the readings run from 2017/18 Q1 to 2017/18 Q4)\n"
        ) == err

    def test_report(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """`report` says the same, after naming the file it wrote."""
        output = str(tmp_path / "r.md")
        status, _, err = run(
            capsys, "report", CONTRACT, READINGS, "--period", "2018/19",
            "--format", "markdown", "-o", output,
        )  # fmt: skip
        assert (0, f"{output}: markdown report for 2018/19") == (status, err.splitlines()[0])
        assert (
            "note: no reading falls in 2018/19, so every measure has no data"
            " (the readings run from 2017/18 Q1 to 2017/18 Q4)"
        ) == err.splitlines()[1]

    @pytest.mark.parametrize(
        ("readings", "period", "first", "last", "missing"),
        [
            (
                "A1,2017/18 Q1,27\nA1,2017/18 Q2,28\n",
                "2017/18",
                "2017/18 Q1",
                "2017/18 Q2",
                "2017/18 Q3 and 2017/18 Q4",
            ),
            ("A1,2017/18 Q4,26\n", "2017/18 H2", "2017/18 Q4", "2017/18 Q4", "2017/18 Q3"),
            ("A1,2018-01,26\nA1,2018-02,27\n", "2017/18 Q4", "2018-01", "2018-02", "2018-03"),
        ],
    )
    def test_readings_over_part_of_the_period(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        readings: str,
        period: str,
        first: str,
        last: str,
        missing: str,
    ) -> None:
        """A period the readings cover only part of (a year asked for mid-year, a quarter
        with two months in) says so: its roll-ups are No data, and a warning names each
        measure with some of its readings there and the periods it has none for."""
        path = tmp_path / "part.csv"
        path.write_text("measure,period,value\n" + readings, encoding="utf-8")
        status, out, err = run(capsys, "evaluate", CONTRACT, str(path), "--period", period)
        a1 = [line for line in out.splitlines() if line.startswith("A1 ")]
        assert (0, ["No data"]) == (status, [line.split("  ")[-1] for line in a1])
        assert (
            f"note: the readings run from {first} to {last}, not over the whole of {period}:"
            " a measure worked out from its months or quarters has no data for it until every"
            " one is in\n"
            f"{path}: warning: measure A1, period {period}: No data, as A1 has readings for"
            f" part of {period} but none for {missing}, and its value needs them all\n"
            f"help: give A1's readings for {missing}, or one for {period} itself\n"
        ) == err

    def test_months_named_as_months(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Monthly readings with a year's figure starting in their first month run from a
        month to a month, not from the year to a month."""
        readings = write(
            tmp_path,
            "months.csv",
            "measure,period,value\nKPI_7,2024-04,96\nW-4.1,2024/25,67\nKPI_7,2025-03,97\n",
        )
        status, _, err = run(capsys, "evaluate", WASTE, readings, "--period", "2025-06")
        assert (
            0,
            "note: no reading falls in 2025-06, so every measure has no data"
            " (the readings run from 2024-04 to 2025-03)\n",
        ) == (status, err)

    @pytest.mark.parametrize(
        ("rows", "first", "last"),
        [
            ("W-4.1,2024/25,67\n", "2024/25", "2024/25"),
            ("KPI_7,2024-06,96\nW-4.1,2024/25,67\n", "2024/25", "2024/25"),
            ("KPI_7,2024-04,96\nR1,2024/25 Q1,Good\n", "2024-04", "2024/25 Q1"),
            ("R1,2024/25 Q1,Good\nR1,2024/25 Q2,Good\n", "2024/25 Q1", "2024/25 Q2"),
        ],
    )
    def test_readings_named_as_they_are(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, rows: str, first: str, last: str
    ) -> None:
        """A year alone is named as a year, quarters as quarters; a year that starts before
        a month is the first, and one that ends after it the last."""
        readings = write(tmp_path, "some.csv", "measure,period,value\n" + rows)
        _, _, err = run(capsys, "evaluate", WASTE, readings, "--period", "2030-01")
        assert err.endswith(f"(the readings run from {first} to {last})\n")

    @pytest.mark.parametrize("period", ["2017/18", "2018-02", "2017/18 H2"])
    def test_no_note_for_a_period_with_readings(
        self, capsys: pytest.CaptureFixture[str], period: str
    ) -> None:
        """A period that holds readings, or lies within one that has them, gets no note."""
        status, _, err = run(capsys, *EVALUATE, "--period", period, "--format", "csv")
        assert (0, "") == (status, err)


class TestPeriodSpellings:
    """`--period` is read as a readings file's period cells are, in every command."""

    @pytest.mark.parametrize(
        "written", ["Q4 2017/18", "q4 2017/18", "2017/18\u00a0Q4", "2018-01 to 2018-03"]
    )
    def test_a_quarter_as_spreadsheets_write_it(
        self, capsys: pytest.CaptureFixture[str], written: str
    ) -> None:
        """Each spelling of Quarter 4 prints exactly what --period "2017/18 Q4" prints."""
        assert run(capsys, *EVALUATE, "--period", "2017/18 Q4") == run(
            capsys, *EVALUATE, "--period", written
        )

    @pytest.mark.parametrize("written", ["Jan-18", "January 2018", "2018-01-01"])
    def test_a_month_as_spreadsheets_write_it(
        self, capsys: pytest.CaptureFixture[str], written: str
    ) -> None:
        """A month written as spreadsheets write it is that month, as --period 2018-01."""
        assert run(capsys, *EVALUATE, "--period", "2018-01", "--format", "csv") == run(
            capsys, *EVALUATE, "--period", written, "--format", "csv"
        )

    def test_python_takes_only_the_four_forms(self) -> None:
        """From Python, a period is one of the four forms: the spreadsheet spelling is refused
        with the form to write (the leniency is the command line's and the readings')."""
        contract = pc.load(CONTRACT)
        with pytest.raises(pc.PeriodError) as info:
            contract.evaluate(pc.Readings.from_csv(READINGS), period="Q4 2017/18")
        assert "did you mean 2017/18 Q4?" == info.value.first.hint

    def test_report(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """`report --period "Q4 2017/18"` writes the report for Quarter 4 2017/18."""
        output = tmp_path / "q4.md"
        status, _, err = run(
            capsys, "report", CONTRACT, READINGS, "--period", "Q4 2017/18",
            "--format", "markdown", "-o", str(output),
        )  # fmt: skip
        assert (0, True) == (status, "for Quarter 4 2017/18" in err)

    def test_risk_share_and_settle(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """`risk-share` and `settle` read --period as `evaluate` does: the shares in force in
        Q2 2018/19 are 60/40, and in Apr-17 70/30."""
        contract = write(tmp_path, "dated.contract", DATED)
        assert 0 == main(["risk-share", contract, "1m", "--period", "Q2 2018/19"])
        assert "£600,000.00" in capsys.readouterr().out
        assert 0 == main(["risk-share", contract, "1m", "--period", "Apr-17"])
        assert "£700,000.00" in capsys.readouterr().out
        status = main(["settle", contract, "--outturn", "1m", "--period", "Q2 2018/19"])
        assert (0, True) == (status, "£600,000.00" in capsys.readouterr().out)

    def test_a_spelling_that_is_no_period(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --period that is no period in any spelling is a usage error with the nearest form."""
        status, out, err = run(capsys, *EVALUATE, "--period", "2018Q1")
        assert (2, "") == (status, out)
        assert err.startswith(
            "perfcontract evaluate: error: --period: `2018Q1` is a quarter as pandas labels it"
        )


class TestFormats:
    """Each --format prints the evaluation in that form on stdout."""

    def test_text_is_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default format is text: exactly the golden file."""
        status, out, err = run(capsys, *EVALUATE)
        golden = (GOLDEN / "q4-2017-18.txt").read_text(encoding="utf-8")
        assert (0, golden, "") == (status, out, err)

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format text is the same as the default."""
        golden = (GOLDEN / "q4-2017-18.txt").read_text(encoding="utf-8")
        assert (0, golden, "") == run(capsys, *EVALUATE, "--format", "text")

    def test_text_totals(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text's total row is the report's: 2 (10%), 7 (35%), 9 (45%), 2 (10%)."""
        _, out, _ = run(capsys, *EVALUATE)
        assert Q4_TOTAL == out.split("\n")[9]

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format markdown is exactly the Markdown golden file."""
        golden = (GOLDEN / "q4-2017-18.md").read_text(encoding="utf-8")
        assert (0, golden, "") == run(capsys, *EVALUATE, "--format", "markdown")

    def test_json_beyond_any_number(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A ratio beyond a float (the largest count a reading may be over a denominator
        a hair above nought): the value is the string "Infinity" in the JSON, which any
        JSON reader takes, never the bare `Infinity`."""
        contract = write(
            tmp_path,
            "c.contract",
            'contract "c" { reporting quarterly group "g" {\n'
            '  volumetric N "n" { unit number }\n  volumetric D "d" { unit number }\n'
            '  measure V1 "v" { unit number higher is better target 5\n'
            "    numerator N\n    denominator D } } }\n",
        )
        rows = "N,2024/25 Q1,1000000000000000\nD,2024/25 Q1,1e-300\n"
        readings = write(tmp_path, "r.csv", "measure,period,value\n" + rows)
        status, out, _ = run(capsys, "evaluate", contract, readings, "--format", "json")

        def refuse(constant: str) -> None:
            raise ValueError(f"not JSON: {constant}")

        data = json.loads(out, parse_constant=refuse)
        assert (0, "Infinity") == (status, data["measures"][2]["value"])

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json is the evaluation's JSON, one document."""
        status, out, _ = run(capsys, *EVALUATE, "--format", "json")
        data = json.loads(out)
        counts = data["summary"]["total"]["counts"]
        assert (0, "2017/18 Q4", 23, 2, "Outside tolerance") == (
            status,
            data["period"],
            len(data["measures"]),
            counts["Outside tolerance"],
            data["measures"][10]["status"],
        )

    def test_json_matches_library(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON is what Evaluation.to_json gives, plus a final newline."""
        contract = pc.load(CONTRACT)
        expected = contract.evaluate(pc.Readings.from_csv(READINGS), period="2017/18 Q4").to_json()
        assert (0, expected + "\n", "") == run(capsys, *EVALUATE, "--format", "json")

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format csv is a header and one row per measure."""
        status, out, _ = run(capsys, *EVALUATE, "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert (0, 23, ("A4", "Outside tolerance")) == (
            status,
            len(rows),
            (rows[3]["measure"], rows[3]["status"]),
        )

    def test_unknown_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A format it does not know is a usage error."""
        status, out, err = run(capsys, *EVALUATE, "--format", "yaml")
        assert (2, "", True) == (status, out, "invalid choice: 'yaml'" in err)


class TestFailOn:
    """--fail-on: exit 1 when a measure is outside tolerance, or short of target."""

    def test_no_fail_on(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --fail-on, measures outside tolerance still exit 0."""
        assert 0 == run(capsys, *EVALUATE)[0]

    def test_outside_in_quarter_4(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Quarter 4 has A4 and B8 outside tolerance: exit 1, with the output still printed."""
        status, out, err = run(capsys, *EVALUATE, "--fail-on", "outside")
        golden = (GOLDEN / "q4-2017-18.txt").read_text(encoding="utf-8")
        assert (1, golden, "") == (status, out, err)

    def test_outside_for_the_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The whole year 2017/18 has none outside: exit 0."""
        status, _, _ = run(capsys, *EVALUATE, "--period", "2017/18", "--fail-on", "outside")
        assert 0 == status

    def test_tolerance_in_quarter_4(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--fail-on tolerance fails on measures inside tolerance too."""
        assert 1 == run(capsys, *EVALUATE, "--fail-on", "tolerance")[0]

    def test_tolerance_for_the_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The year has measures inside tolerance, short of target: exit 1."""
        status, _, _ = run(capsys, *EVALUATE, "--period", "2017/18", "--fail-on", "tolerance")
        assert 1 == status

    def test_tolerance_only_inside(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """One measure inside tolerance and none outside: outside passes, tolerance fails."""
        readings = write(tmp_path, "inside.csv", "measure,period,value\nA1,2017/18 Q4,26\n")
        outside = run(capsys, "evaluate", CONTRACT, readings, "--fail-on", "outside")[0]
        tolerance = run(capsys, "evaluate", CONTRACT, readings, "--fail-on", "tolerance")[0]
        assert (0, 1) == (outside, tolerance)

    def test_tolerance_all_on_target(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Every reading on target: --fail-on tolerance exits 0."""
        readings = write(
            tmp_path, "on-target.csv", "measure,period,value\nA1,2017/18 Q4,20\nB8,2017/18 Q4,95\n"
        )
        assert 0 == run(capsys, "evaluate", CONTRACT, readings, "--fail-on", "tolerance")[0]

    @pytest.mark.parametrize("fail_on", ["outside", "tolerance"])
    def test_nothing_in_the_period_fails(
        self, capsys: pytest.CaptureFixture[str], fail_on: str
    ) -> None:
        """No reading in the period: --fail-on exits 1 with an error, not 0 with a note,
        since a scheduled job would otherwise pass on readings that never reached it. The
        table (every measure No data) is still printed."""
        status, out, err = run(capsys, *EVALUATE, "--period", "2018/19 Q1", "--fail-on", fail_on)
        assert (
            1,
            "Quarter 1 2018/19",
            f"{READINGS}: error: no reading falls in 2018/19 Q1, so every measure has no data"
            f" and --fail-on {fail_on} has nothing to check (the readings run from 2017/18 Q1"
            " to 2017/18 Q4)\n"
            "help: give a --period that the readings cover, or the readings for 2018/19 Q1\n",
        ) == (status, out.splitlines()[0], err)

    def test_nothing_in_the_period_without_fail_on(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --fail-on the same period is a note and exit 0: the table is the answer."""
        status, _, err = run(capsys, *EVALUATE, "--period", "2018/19 Q1")
        assert (0, True) == (status, err.startswith("note: no reading falls in 2018/19 Q1"))

    def test_part_of_the_period_passes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Readings over part of the period are rated: --fail-on judges what was rated, as
        ever, and the note says what is missing."""
        readings = write(tmp_path, "part.csv", "measure,period,value\nA1,2018-01,20\n")
        status, _, err = run(
            capsys, "evaluate", CONTRACT, readings, "--period", "2017/18 Q4", "--fail-on", "outside"
        )
        assert (0, True) == (status, err.startswith("note: the readings run from 2018-01"))

    def test_unknown_fail_on(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --fail-on it does not know is a usage error."""
        assert 2 == run(capsys, *EVALUATE, "--fail-on", "target")[0]


class TestAuthority:
    """--authority for readings that hold several authorities."""

    TEXT = "authority,measure,period,value\nDoncaster,B8,2017/18 Q4,76\nBarnsley,B8,2017/18 Q4,92\n"

    def test_several_need_authority(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Without --authority, several authorities exit 1 with a hint, nothing on stdout."""
        readings = write(tmp_path, "two.csv", self.TEXT)
        status, out, err = run(capsys, "evaluate", CONTRACT, readings)
        assert (1, "", True) == (status, out, "--authority" in err)

    @pytest.mark.parametrize("command", ["evaluate", "report"])
    def test_several_named_by_the_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
    ) -> None:
        """The message names the readings file, as its count does, not `<readings>`."""
        readings = write(tmp_path, "two.csv", self.TEXT)
        status, _, err = run(capsys, command, CONTRACT, readings, "--period", "2017/18 Q4")
        assert (
            1,
            f"{readings}: error: the readings are for 2 authorities (Doncaster, Barnsley);"
            " say which one to evaluate\n"
            "help: pass --authority …\n"
            f"{readings}: 1 error\n",
        ) == (status, err)

    @pytest.mark.parametrize(("authority", "expected"), [("Doncaster", 1), ("Barnsley", 0)])
    def test_authority_chosen(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, authority: str, expected: int
    ) -> None:
        """--authority picks one: Doncaster's B8 is outside tolerance, Barnsley's on target."""
        readings = write(tmp_path, "two.csv", self.TEXT)
        args = ["evaluate", CONTRACT, readings, "--authority", authority, "--fail-on", "outside"]
        assert expected == run(capsys, *args)[0]

    def test_unknown_authority(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A misspelt --authority exits 1 with a message, rather than passing with no data.

        Bug: it exits 0 and prints every measure as No data, so
        ``--fail-on outside`` passes.
        """
        readings = write(tmp_path, "two.csv", self.TEXT)
        args = ["evaluate", CONTRACT, readings, "--authority", "Doncastr", "--fail-on", "outside"]
        status, _, err = run(capsys, *args)
        assert (1, True) == (status, "Doncastr" in err)

    def test_no_authority_column(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--authority on readings with no authority column: the file named, the column said."""
        status, out, err = run(capsys, *EVALUATE, "--authority", "Doncaster")
        assert (
            1,
            "",
            f"{READINGS}: error: there are no readings for authority `Doncaster`: the readings"
            " have no `authority` column\n"
            "help: leave out --authority, or add an `authority` column to the readings\n",
        ) == (status, out, err)

    def test_unknown_authority_lists_the_others(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A misspelt --authority: the message names the readings file and their authorities."""
        readings = write(tmp_path, "two.csv", self.TEXT)
        assert (
            1,
            "",
            f"{readings}: error: there are no readings for authority `Doncastr`\n"
            "help: the readings are for `Doncaster`, `Barnsley`\n",
        ) == run(capsys, "evaluate", CONTRACT, readings, "--authority", "Doncastr")


class TestManyFiles:
    """Many readings files are merged in one go: each row is copied a bounded number of
    times, however many files there are (one after another, the first was copied again
    for every file: 4,000 files of 50 rows took ten times 1,000 files' time)."""

    def test_rows_copied_once(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """300 files of one row: the rows built in all are 2 per row read, not 300 x 301 / 2."""
        files = [
            write(
                tmp_path,
                f"r{i}.csv",
                f"measure,period,value,authority\nB8,2017/18 Q4,{i % 100},A{i}\n",
            )
            for i in range(300)
        ]
        built: list[int] = []
        real = pc.Readings._build.__func__  # type: ignore[attr-defined]

        def counted(cls: type[pc.Readings], rows: list[object], places: list[object]) -> object:
            built.append(len(rows))
            return real(cls, rows, places)

        monkeypatch.setattr(pc.Readings, "_build", classmethod(counted))
        status, out, _ = run(capsys, "evaluate", CONTRACT, *files, "--authority", "A7")
        assert (0, True, 600) == (status, "B8" in out, sum(built))


class TestBadInput:
    """Bad files: diagnostics on stderr, the right exit status, never a traceback."""

    def test_bad_readings(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Readings with problems exit 1, every problem on stderr, nothing on stdout."""
        readings = write(
            tmp_path,
            "bad.csv",
            "measure,period,value\nA1,2017/18 Q4,abc\nA10,2017/18 Q4,30\nA2,2017/18 Q4,130\n",
        )
        status, out, err = run(capsys, "evaluate", CONTRACT, readings)
        assert (1, "") == (status, out)
        assert [
            f"{readings}:2:15: error: measure A1, period 2017/18 Q4: `abc` is not a number",
            f"{readings}:3:1: error: measure A10, period 2017/18 Q4: the contract has no"
            " measure A10",
            f"{readings}:4:15: error: measure A2, period 2017/18 Q4: `130` is more than 100,"
            " but A2 is a percentage",
            f"{readings}: 3 errors",
        ] == [line for line in err.split("\n") if ": error: " in line or "3 errors" in line]

    def test_bad_readings_shows_the_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Each readings problem shows its line and a caret under the cell."""
        readings = write(tmp_path, "bad.csv", "measure,period,value\nA1,2017/18 Q4,abc\n")
        _, _, err = run(capsys, "evaluate", CONTRACT, readings)
        assert ["    2 | A1,2017/18 Q4,abc", "      |               ^~~"] == err.split("\n")[1:3]

    def test_bad_readings_header(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A readings file with no header either form knows exits 1."""
        readings = write(tmp_path, "bad.csv", "id,when,value\nA1,2017/18 Q4,26\n")
        status, out, err = run(capsys, "evaluate", CONTRACT, readings)
        assert (1, "", True, False) == (
            status,
            out,
            "no `measure` column" in err,
            "Traceback" in err,
        )

    def test_readings_not_utf8(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A readings file that is not UTF-8 exits 1 with a message."""
        path = tmp_path / "latin1.csv"
        path.write_bytes("measure,period,value\nA1,2017/18 Q4,£26\n".encode("latin-1"))
        status, out, err = run(capsys, "evaluate", CONTRACT, str(path))
        assert (1, "", True) == (status, out, "not UTF-8" in err)

    def test_missing_readings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A readings file that does not exist exits 2, naming it."""
        status, out, err = run(capsys, "evaluate", CONTRACT, "no-such-readings.csv")
        assert (
            2,
            "",
            "no-such-readings.csv: error: cannot read the file: No such file or directory\n",
        ) == (
            status,
            out,
            err,
        )

    def test_missing_contract(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract file that does not exist exits 2, naming it."""
        status, out, err = run(capsys, "evaluate", "no-such.contract", READINGS)
        assert (
            2,
            "",
            "no-such.contract: error: cannot read the file: No such file or directory\n",
        ) == (
            status,
            out,
            err,
        )

    def test_readings_is_a_folder(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder given as the readings exits 2."""
        status, out, err = run(capsys, "evaluate", CONTRACT, "examples")
        assert (2, "", True) == (status, out, "cannot read the file" in err)

    def test_bad_contract(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A bad contract exits 1 with its diagnostics, and the readings are not read."""
        contract = write(
            tmp_path, "bad.contract", 'contract "x" {\n  council "a"\n  council "b"\n}\n'
        )
        status, out, err = run(capsys, "evaluate", contract, READINGS)
        assert (1, "") == (status, out)
        assert [
            f"{contract}:3:3: error: duplicate `council`: already given on line 2",
            '    3 |   council "b"',
            "      |   ^~~~~~~~~~~",
            "help: give each clause once",
            f"{contract}: 1 error",
            "",
        ] == err.split("\n")

    def test_contract_syntax_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A contract that does not parse exits 1, without a traceback."""
        contract = write(tmp_path, "broken.contract", 'contract "x" {\n')
        status, out, err = run(capsys, "evaluate", contract, READINGS)
        assert (1, "", True, False) == (status, out, f"{contract}:" in err, "Traceback" in err)

    def test_readings_for_another_contract(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The example's readings against a contract without its measures: exit 1, every id."""
        contract = write(
            tmp_path,
            "one.contract",
            'contract "One" { group "G" { measure A1 "t" { unit percent lower is better'
            " target 22% } } }\n",
        )
        status, out, err = run(capsys, "evaluate", "--max-errors", "0", contract, READINGS)
        assert (1, "", True) == (status, out, "the contract has no measure C16" in err)
        assert err.endswith(f"{READINGS}: 84 errors\n")

    def test_missing_arguments(self, capsys: pytest.CaptureFixture[str]) -> None:
        """evaluate without its readings is a usage error."""
        status, out, err = run(capsys, "evaluate", CONTRACT)
        assert (2, "", True) == (status, out, "usage:" in err)

    def test_empty_readings(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A header with no rows under it: exit 1, saying there is nothing to evaluate."""
        readings = write(tmp_path, "empty.csv", "measure,period,value\n")
        status, out, err = run(capsys, "evaluate", CONTRACT, readings)
        assert (1, "", True) == (status, out, "no readings" in err)


class TestPeriodsOutOfRange:
    """Periods whose windows or financial years would run out of the calendar (years before
    1000 or after 8999) are refused where they are written: it was a traceback."""

    @pytest.mark.parametrize("period", ["0001-03", "9999-04"])
    def test_in_readings(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, period: str
    ) -> None:
        readings = tmp_path / "r.csv"
        readings.write_text(f"measure,period,value\nA1,{period},26\n", encoding="utf-8")
        status, out, err = run(capsys, "evaluate", CONTRACT, str(readings))
        assert (1, "", False) == (status, out, "Traceback" in err)
        assert f"`{period}` is out of range" in err
        assert "help: years run from 1000 to 8999" in err

    def test_a_window_at_the_first_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A window reaching back from the first month read has months to reach back to."""
        waste = ["examples/waste-2024-25.contract", "examples/waste-2024-25-readings.csv"]
        status, out, err = run(capsys, "evaluate", *waste, "--period", "1000-04")
        assert (0, "") == (status, err.split("note:")[0])
        assert "no data" in out
