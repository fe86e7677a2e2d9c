"""`perfcontract payment CONTRACT READINGS... --period P`: the payment on stdout or in a file.

Exit 0 ok, 1 a bad contract or readings (or a contract without a payment
block), 2 a usage problem (a bad period, an unreadable file, ``-o`` onto an
input). The outputs are the golden files of ``tests/test_payment.py``.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "payment"
CONTRACT = "examples/fm-2024-25.contract"
READINGS = "examples/fm-2024-25-readings.csv"
YEAR = ["payment", CONTRACT, READINGS, "--period", "2024/25"]


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a fixed terminal width for argparse."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


class TestFormats:
    @pytest.mark.parametrize(
        ("form", "name"),
        [
            ("text", "year-2024-25.txt"),
            ("markdown", "year-2024-25.md"),
            ("json", "year-2024-25.json"),
            ("csv", "year-2024-25.csv"),
        ],
    )
    def test_year(self, form: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each format of the year's payment is exactly its golden file."""
        assert (0, golden(name), "") == run(capsys, *YEAR, "--format", form)

    def test_text_is_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --format the payment is text."""
        assert (0, golden("year-2024-25.txt"), "") == run(capsys, *YEAR)

    @pytest.mark.parametrize("form", ["text", "markdown", "json", "csv"])
    def test_lines(self, form: str, capsys: pytest.CaptureFixture[str]) -> None:
        """--lines adds a row per period and measure."""
        suffix = {"text": "txt", "markdown": "md"}.get(form, form)
        argv = ["payment", CONTRACT, READINGS, "--period", "2024/25 Q3", "--lines"]
        assert (0, golden(f"q3-2024-25-lines.{suffix}"), "") == run(capsys, *argv, "--format", form)

    def test_several_readings_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Readings split over two files give the same payment as one file."""
        rows = (ROOT / READINGS).read_text(encoding="utf-8").splitlines()
        first = tmp_path / "a.csv"
        second = tmp_path / "b.csv"
        first.write_text("\n".join(rows[:30]) + "\n", encoding="utf-8")
        second.write_text("\n".join([rows[0], *rows[30:]]) + "\n", encoding="utf-8")
        argv = ["payment", CONTRACT, str(first), str(second), "--period", "2024/25"]
        assert (0, golden("year-2024-25.txt"), "") == run(capsys, *argv)


class TestOutputFile:
    def test_writes_the_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o writes the payment to the file and says so on stderr."""
        target = tmp_path / "pay.json"
        status, out, err = run(capsys, *YEAR, "--format", "json", "-o", str(target))
        assert (0, "") == (status, out)
        assert f"{target}: json payment for 2024/25\n" == err
        assert "83100.00" == json.loads(target.read_text(encoding="utf-8"))["total"]["deduction"]

    def test_dash_is_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o - writes to standard output."""
        assert (0, golden("year-2024-25.txt"), "") == run(capsys, *YEAR, "-o", "-")

    @pytest.mark.parametrize("what", ["contract", "readings"])
    def test_refuses_an_input(
        self, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o onto the contract or a readings file is refused, and the file is untouched."""
        target = CONTRACT if what == "contract" else READINGS
        before = (ROOT / target).read_bytes()
        status, out, err = run(capsys, *YEAR, "-o", target)
        assert (2, "") == (status, out)
        assert f"that is the {what} file" in err
        assert before == (ROOT / target).read_bytes()

    def test_unwritable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be written is a usage error, with no traceback."""
        status, out, err = run(capsys, *YEAR, "-o", str(tmp_path / "no" / "such" / "x.txt"))
        assert (2, "") == (status, out)
        assert "error: cannot write the payment" in err

    def test_empty_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o with an empty name is a usage error."""
        status, _, err = run(capsys, *YEAR, "-o", "")
        assert 2 == status
        assert "the file name is empty" in err


class TestProblems:
    def test_no_payment_block(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract without a payment block: exit 1, saying so."""
        argv = ["payment", "examples/dcst-2017-18.contract", "examples/dcst-2017-18-readings.csv"]
        status, out, err = run(capsys, *argv, "--period", "2017/18")
        assert (1, "") == (status, out)
        assert "examples/dcst-2017-18.contract: error: the contract has no `payment` block\n" == err

    def test_bad_period(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A period that is not one is a usage error."""
        status, out, err = run(capsys, "payment", CONTRACT, READINGS, "--period", "2024/25 Q5")
        assert (2, "") == (status, out)
        assert err.startswith("perfcontract payment: error: --period:")

    @pytest.mark.parametrize("period", ["0001-01", "1000-03", "9000-04", "9999-04"])
    def test_a_period_out_of_range(self, capsys: pytest.CaptureFixture[str], period: str) -> None:
        """A period whose warnings' months would run out of the calendar is a usage error
        (it was a traceback from working out the months before it)."""
        status, out, err = run(capsys, "payment", CONTRACT, READINGS, "--period", period)
        assert (2, "") == (status, out)
        assert (
            f"perfcontract payment: error: --period: `{period}` is out of range"
            " (years run from 1000 to 8999)\n"
        ) == err

    def test_a_month_of_a_quarterly_charge(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A month of a quarterly charge is a usage error about --period, before any
        readings are read."""
        text = (ROOT / CONTRACT).read_text(encoding="utf-8")
        quarterly = tmp_path / "quarterly.contract"
        quarterly.write_text(text.replace(" monthly", " quarterly"), encoding="utf-8")
        argv = ["payment", str(quarterly), "no-such-readings.csv", "--period", "2024-05"]
        assert (
            2,
            "",
            "perfcontract payment: error: --period: the charge is paid quarterly,"
            " so there is no payment for 2024-05 alone (ask for a quarter or longer)\n",
        ) == run(capsys, *argv)

    def test_period_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--period is required."""
        status, _, err = run(capsys, "payment", CONTRACT, READINGS)
        assert 2 == status
        assert "--period" in err

    def test_missing_readings_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A readings file that is not there: exit 2, naming it."""
        status, out, err = run(capsys, "payment", CONTRACT, "no-such.csv", "--period", "2024/25")
        assert (2, "") == (status, out)
        assert err.startswith("no-such.csv: error: cannot read the file")

    def test_bad_readings(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A reading for a measure the contract lacks: exit 1, the row named, no traceback."""
        bad = tmp_path / "bad.csv"
        bad.write_text("measure,period,value\nXX9,2024-04,3\n", encoding="utf-8")
        status, out, err = run(capsys, "payment", CONTRACT, str(bad), "--period", "2024/25")
        assert (1, "") == (status, out)
        assert "XX9" in err
        assert "Traceback" not in err

    def test_no_charge_in_force(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A period before the contract's first charge: exit 1 with the library's message."""
        terms = tmp_path / "c.contract"
        terms.write_text(
            'contract "c" { reporting monthly group "g" { volumetric SD1 "x" { unit count } }'
            " payment { charge £1k monthly from 2025/26 } }\n",
            encoding="utf-8",
        )
        readings = tmp_path / "r.csv"
        readings.write_text("measure,period,value\nSD1,2024-04,3\n", encoding="utf-8")
        status, out, err = run(capsys, "payment", str(terms), str(readings), "--period", "2024-04")
        assert (1, "") == (status, out)
        assert "error: no charge is in force in 2024-04: the first charge starts in 2025/26" in err
        assert "Traceback" not in err

    @pytest.mark.parametrize("form", ["text", "csv", "json"])
    def test_a_reading_not_used_is_a_warning(
        self, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A quarter's reading under a monthly charge: the payment is provisional, and a
        warning on standard error names the reading's file, measure and period, whatever the
        format (a CSV of the payment has no room for it)."""
        readings = tmp_path / "q.csv"
        readings.write_text("measure,period,value\nCS1,2024/25 Q1,89\n", encoding="utf-8")
        status, out, err = run(
            capsys, "payment", CONTRACT, str(readings), "--period", "2024-06", "--format", form
        )
        assert 0 == status
        assert (
            f"{readings}: warning: CS1 has a reading for 2024/25 Q1, but none for 2024-06: its"
            " line applies month by month, and a quarter's reading does not give each month's,"
            " so it is not used\nhelp: give CS1's reading for each month; the payment is"
            " provisional until then\n"
        ) == err
        assert ("yes" if form == "csv" else "rovisional") in out

    def test_several_authorities(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Readings for two authorities and no --authority: exit 1, the file named, and the
        option to choose one named as the command line spells it (not Python's
        ``authority=``)."""
        readings = tmp_path / "two.csv"
        readings.write_text(
            "authority,measure,period,value\nNorth,SD1,2024-04,1\nSouth,SD1,2024-04,2\n",
            encoding="utf-8",
        )
        status, out, err = run(capsys, "payment", CONTRACT, str(readings), "--period", "2024-04")
        assert (
            1,
            "",
            f"{readings}: error: the readings are for 2 authorities (North, South); say which"
            " one to evaluate\nhelp: pass --authority …\n"
            f"{readings}: 1 error\n",
        ) == (status, out, err)
        args = ["payment", CONTRACT, str(readings), "--period", "2024-04"]
        status, _, err = run(capsys, *args, "--authority", "South")
        assert (0, "") == (status, err)

    @pytest.mark.parametrize("form", ["text", "json"])
    def test_a_ratio_with_no_cases(
        self, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A ratio of 0 potholes made safe of 0 reported: exit 0, the payment final with
        nothing deducted for it and the reason said; the readings' warning about the 0
        still goes to standard error."""
        terms = tmp_path / "h.contract"
        terms.write_text(
            'contract "Highways" { reporting monthly group "Defects" {'
            ' measure HM1 "Cat 1 potholes made safe in 24 hours" { unit percent higher is better'
            " numerator HM1N denominator HM1D target 98% tolerance 95% }"
            ' volumetric HM1N "Made safe" { unit count }'
            ' volumetric HM1D "Reported" { unit count } }'
            " payment { charge £250k monthly credit HM1 2% outside tolerance, 1% inside tolerance"
            " points HM1 10 outside tolerance point value £100 } }\n",
            encoding="utf-8",
        )
        readings = tmp_path / "hw0.csv"
        readings.write_text("measure,period,value\nHM1N,2024-06,0\nHM1D,2024-06,0\n")
        args = ["payment", str(terms), str(readings), "--period", "2024-06", "--format", form]
        status, out, err = run(capsys, *args)
        assert (0, 1) == (status, err.count("HM1D is 0, so HM1, a ratio over it, has no value"))
        if form == "text":
            assert [
                "2024-06",
                "£250,000.00",
                "0",
                *["£0.00"] * 4,
                "£250,000.00",
            ] == out.splitlines()[2].split()
            assert [
                "",
                "No cases (denominator 0), so nothing deducted: HM1 in 2024-06",
            ] == out.splitlines()[3:]
        else:
            record = json.loads(out)
            assert (False, [], [{"period": "2024-06", "measure": "HM1"}]) == (
                record["provisional"],
                record["missing"],
                record["no_cases"],
            )

    def test_bad_contract(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract with a bad payment block: exit 1 with its diagnostics."""
        bad = tmp_path / "bad.contract"
        bad.write_text('contract "c" { payment { credit X 1% outside tolerance } }\n')
        status, out, err = run(capsys, "payment", str(bad), READINGS, "--period", "2024/25")
        assert (1, "") == (status, out)
        assert "the payment block gives no charge" in err
        assert "unknown measure X in a `credit` line" in err


class TestConsole:
    def test_ascii_console(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """On an ASCII console £ is written GBP, and the figures stay exact."""
        buffer = io.BytesIO()
        stream = io.TextIOWrapper(buffer, encoding="ascii", newline="\n")
        monkeypatch.setattr("sys.stdout", stream)
        assert 0 == main([*YEAR])
        stream.flush()
        text = buffer.getvalue().decode("ascii")
        assert golden("year-2024-25.txt").replace("£", "GBP ") == text


class TestPeriodAsSpreadsheetsWriteIt:
    """--period takes what a readings file's period cells take, with the same hints."""

    @pytest.mark.parametrize("written", ["Nov-24", "2024-11-01", "November 2024"])
    def test_a_month(self, written: str, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "payment", CONTRACT, READINGS, "--period", written)
        assert 0 == status
        assert out.startswith(
            "Riverside Council facilities management: payment for 2024-11 (monthly)\n"
        )

    def test_a_pandas_label(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`2024Q3` names no quarter on its own: the hint gives both readings of it."""
        status, out, err = run(capsys, "payment", CONTRACT, READINGS, "--period", "2024Q3")
        assert (2, "") == (status, out)
        assert "did you mean 2023/24 Q3 (pandas' Q-MAR, years ending in March)?" in err
        assert "As a calendar quarter (July to September 2024) it is 2024/25 Q2" in err
