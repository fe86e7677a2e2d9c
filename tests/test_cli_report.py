"""`perfcontract report`: where it writes, its two formats, commentary, and every bad input.

Every test calls ``perfcontract.cli.main([...])`` in process, from the
repository root, with ``capsys``. ``SOURCE_DATE_EPOCH`` pins the report's
time so that two runs can be compared byte for byte.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
import errno
import os
import stat
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "examples/dcst-2017-18.contract"
READINGS = "examples/dcst-2017-18-readings.csv"
COMMENTARY = "examples/dcst-2017-18-commentary.md"
REPORT = ["report", CONTRACT, READINGS, "--period", "2017/18 Q4"]
EPOCH = 1531126800  # 9 July 2018 09:00 UTC
NOTE = "note: no commentary for 9 measures of concern: A1, A4, A8, A9, B8, B10, B13, B14, FO1\n"


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, at a fixed time and terminal width."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line; return its exit status, stdout and stderr."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def reference(**options: object) -> pc.Report:
    """The report the command makes of the example, built in Python."""
    return pc.Report.build(
        pc.load(CONTRACT),
        pc.Readings.from_csv(READINGS),
        "2017/18 Q4",
        generated=datetime.datetime.fromtimestamp(EPOCH, tz=datetime.timezone.utc),
        **options,  # type: ignore[arg-type]
    )


class TestOutput:
    """What is written, and where."""

    def test_html_to_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """-o FILE: the HTML page in the file, a line saying so and the note on stderr."""
        out_file = tmp_path / "report.html"
        status, out, err = run(capsys, *REPORT, "-o", str(out_file))
        assert (0, "") == (status, out)
        assert f"{out_file}: html report for Quarter 4 2017/18\n{NOTE}" == err
        assert reference().to_html() == out_file.read_text(encoding="utf-8")

    def test_html_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without -o (or with -o -) the page goes to stdout."""
        status, out, err = run(capsys, *REPORT)
        assert (0, reference().to_html(), NOTE) == (status, out, err)
        assert (0, out, NOTE) == run(capsys, *REPORT, "-o", "-")

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format markdown: the same report in Markdown."""
        status, out, _ = run(capsys, *REPORT, "--format", "markdown")
        assert (0, reference().to_markdown()) == (status, out)

    def test_same_twice(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With SOURCE_DATE_EPOCH set, two runs write the same bytes."""
        assert run(capsys, *REPORT) == run(capsys, *REPORT)

    def test_commentary(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--commentary: the entries shown, and the note names only the measures still without."""
        status, out, err = run(capsys, *REPORT, "--commentary", COMMENTARY)
        notes = pc.Commentary.read(COMMENTARY)
        assert (0, reference(commentary=notes).to_html()) == (status, out)
        assert "note: no commentary for 6 measures of concern: A4, A9, B10, B13, B14, FO1\n" == err
        assert "Most re-referrals come back within 60 days" in out

    def test_no_note_when_every_concern_has_commentary(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """When every measure of concern has commentary, stderr is empty."""
        rows = "".join(
            f"{m},2017/18 Q4,Council,Why?\n"
            for m in ("A1", "A4", "A8", "A9", "B8", "B10", "B13", "B14", "FO1")
        )
        notes = write(tmp_path, "notes.csv", "measure,period,author,text\n" + rows)
        status, _, err = run(capsys, *REPORT, "--commentary", notes)
        assert (0, "") == (status, err)

    @pytest.mark.parametrize(
        ("count", "named", "more"),
        [(1_015, 12, ", … and 1,003 more"), (16, 12, ", … and 4 more"), (15, 15, "")],
    )
    def test_many_without_commentary(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        count: int,
        named: int,
        more: str,
    ) -> None:
        """The note names the first 12 measures without commentary and counts the rest; up
        to 15 it names them all."""
        measures = "".join(
            f'measure M{i} "M{i}" {{ unit count\n higher is better\n target 10 }}\n'
            for i in range(1, count + 1)
        )
        text = f'contract "X" {{\nreporting quarterly\ngroup "G" {{\n{measures}}}\n}}\n'
        contract = write(tmp_path, "many.contract", text)
        rows = "".join(f"M{i},2017/18 Q4,1\n" for i in range(1, count + 1))
        readings = write(tmp_path, "r.csv", "measure,period,value\n" + rows)
        status, _, err = run(capsys, "report", contract, readings, "--period", "2017/18 Q4")
        names = ", ".join(f"M{i}" for i in range(1, named + 1))
        assert (0, f"note: no commentary for {count:,} measures of concern: {names}{more}\n") == (
            status,
            err,
        )

    def test_history(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--history 2: trends of the last two quarters only."""
        status, out, _ = run(capsys, *REPORT, "--format", "markdown", "--history", "2")
        assert 0 == status
        assert "| Trend, 2017/18 Q3 to 2017/18 Q4 |" in out
        assert "26.8% → 26%" in out

    def test_authority(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--authority picks one authority's readings, and the header names it."""
        readings = write(
            tmp_path,
            "many.csv",
            "authority,measure,period,value\n"
            "Doncaster,A1,2017/18 Q4,26\nBarnsley,A1,2017/18 Q4,30\n",
        )
        args = ["report", CONTRACT, readings, "--period", "2017/18 Q4", "--format", "markdown"]
        status, out, _ = run(capsys, *args, "--authority", "Barnsley")
        assert 0 == status
        assert "- **Authority:** Barnsley" in out
        assert "| A1 Re-referrals in the last 12 months | 30% |" in out


class TestBadInput:
    """Every bad input: a message, an exit status, no traceback, nothing written."""

    def test_period_by_default(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --period, the latest period reported in the readings, as `evaluate`
        takes: the same report as for 2017/18 Q4."""
        assert run(capsys, *REPORT) == run(capsys, "report", CONTRACT, READINGS)

    def test_no_readings_no_period(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Without --period and with no readings at all: exit 1, said."""
        empty = write(tmp_path, "r.csv", "measure,period,value\n")
        status, out, err = run(capsys, "report", CONTRACT, empty)
        assert (1, "", f"{empty}: error: there are no readings to report on\n") == (
            status,
            out,
            err,
        )

    def test_bad_period(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A period that is not one: exit 2, the reason and a hint."""
        status, out, err = run(capsys, "report", CONTRACT, READINGS, "--period", "2017/18 Q5")
        assert (2, "") == (status, out)
        assert (
            "perfcontract report: error: --period: `2017/18 Q5` is not a quarter: there is no Q5"
            " (quarters are Q1 to Q4)\n" == err
        )

    @pytest.mark.parametrize("history", ["0", "-1", "two", "1.5"])
    def test_bad_history(self, capsys: pytest.CaptureFixture[str], history: str) -> None:
        """--history must be a whole number of periods, 1 or more: exit 2."""
        status, out, err = run(capsys, *REPORT, "--history", history)
        assert (2, "") == (status, out)
        assert f"argument --history: `{history}` is not a whole number of periods" in err

    def test_history_of_thousands_of_digits(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--history of more digits than int() reads goes back as far as the readings do."""
        status, out, _ = run(capsys, *REPORT, "--history", "9" * 5000, "--format", "markdown")
        assert (0, True) == (status, "Trend, 2017/18 Q1 to 2017/18 Q4" in out)

    def test_bad_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format must be html or markdown: exit 2."""
        status, out, err = run(capsys, *REPORT, "--format", "pdf")
        assert (2, "") == (status, out)
        assert "argument --format: invalid choice: 'pdf'" in err

    def test_missing_contract(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A contract file that is not there: exit 2, named."""
        missing = str(tmp_path / "nope.contract")
        status, out, err = run(capsys, "report", missing, READINGS, "--period", "2017/18 Q4")
        assert (2, "", f"{missing}: error: cannot read the file: No such file or directory\n") == (
            status,
            out,
            err,
        )

    def test_missing_readings(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A readings file that is not there: exit 2, named."""
        missing = str(tmp_path / "nope.csv")
        status, out, err = run(capsys, "report", CONTRACT, missing, "--period", "2017/18 Q4")
        assert (2, "", f"{missing}: error: cannot read the file: No such file or directory\n") == (
            status,
            out,
            err,
        )

    def test_missing_commentary(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A commentary file that is not there: exit 2, named."""
        missing = str(tmp_path / "nope.md")
        status, out, err = run(capsys, *REPORT, "--commentary", missing)
        assert (2, "", f"{missing}: error: cannot read the file: No such file or directory\n") == (
            status,
            out,
            err,
        )

    def test_bad_contract(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A contract with an error: exit 1, the diagnostic and the count."""
        bad = write(tmp_path, "bad.contract", 'contract "X" { reporting weekly }\n')
        status, out, err = run(capsys, "report", bad, READINGS, "--period", "2017/18 Q4")
        assert (1, "") == (status, out)
        assert err.startswith(f"{bad}:1:")
        assert err.endswith(f"{bad}: 1 error\n")

    def test_bad_readings(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Readings naming an unknown measure: exit 1, file and line named."""
        readings = write(tmp_path, "r.csv", "measure,period,value\nZ9,2017/18 Q4,1\n")
        status, out, err = run(capsys, "report", CONTRACT, readings, "--period", "2017/18 Q4")
        assert (1, "") == (status, out)
        assert err.startswith(f"{readings}:2:")
        assert err.endswith(f"{readings}: 1 error\n")

    def test_bad_commentary(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Commentary with an unknown measure and an unknown period: both reported, exit 1."""
        notes = write(
            tmp_path,
            "notes.csv",
            "measure,period,author,text\n"
            "A7,2017/18 Q4,Council,Why?\n"
            "A1,2017/18 Q9,Trust,Because.\n",
        )
        out_file = tmp_path / "report.html"
        status, out, err = run(capsys, *REPORT, "--commentary", notes, "-o", str(out_file))
        assert (1, "") == (status, out)
        assert (
            f"{notes}:2: error: measure A7, period 2017/18 Q4: the contract"
            " `DCST service delivery contract` has no measure A7\n"
            "help: did you mean A9?\n"
            "\n"
            f"{notes}:3: error: measure A1: `2017/18 Q9` is not a quarter: there is no Q9\n"
            "help: quarters are Q1 to Q4\n"
            f"{notes}: 2 errors\n"
        ) == err
        assert not out_file.exists()

    def test_cannot_write(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An output path that cannot be written: exit 2, named."""
        target = tmp_path / "no-such-folder" / "report.html"
        status, out, err = run(capsys, *REPORT, "-o", str(target))
        assert (2, "") == (status, out)
        assert err.startswith(
            f"{target}: error: cannot write the report: No such file or directory\n"
        )


class TestMore:
    """Commentary on other periods, long histories and several authorities."""

    def test_commentary_on_other_periods(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Entries on periods that do not overlap the report's are noted, with their lines."""
        notes = write(
            tmp_path,
            "notes.csv",
            "measure,period,author,text\n"
            "B8,2018-03,Council,March.\n"
            "A4,2017/18 Q3,Council,Third quarter.\n"
            "A4,2016/17,Trust,Last year.\n",
        )
        status, out, err = run(capsys, *REPORT, "--commentary", notes, "--format", "markdown")
        assert 0 == status
        assert (
            f"note: 2 commentary entries on other periods than 2017/18 Q4 not shown"
            f" ({notes}: line 3, line 4)\n"
        ) == err.splitlines(keepends=True)[-1]
        assert "> **Council (March 2018):** March." in out
        assert "## Commentary on other periods" in out

    def test_history_longer_than_the_calendar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--history far beyond the readings is no error: the trends start at the readings."""
        status, out, _ = run(capsys, *REPORT, "--format", "markdown", "--history", "100000")
        assert 0 == status
        assert "| Trend, 2017/18 Q1 to 2017/18 Q4 |" in out

    def test_several_authorities_without_one_chosen(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Readings for several authorities and no --authority: exit 1, naming the readings file."""
        readings = write(
            tmp_path,
            "many.csv",
            "authority,measure,period,value\n"
            "Doncaster,A1,2017/18 Q4,26\nBarnsley,A1,2017/18 Q4,30\n",
        )
        status, out, err = run(capsys, "report", CONTRACT, readings, "--period", "2017/18 Q4")
        assert (1, "") == (status, out)
        assert err.endswith(f"{readings}: 1 error\n")


class TestOutputFile:
    """-o writes the report whole or not at all, and never over an input."""

    def test_full_disk_keeps_the_previous_report(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A disk that fills up partway: exit 2, the previous report whole, no litter."""
        target = tmp_path / "report.html"
        target.write_text("the previous report", encoding="utf-8")
        real_write = os.write

        def write(descriptor: int, data: bytes) -> int:
            if len(data) > 1000:  # the report: half of it goes down, then the disk is full
                real_write(descriptor, bytes(data[: len(data) // 2]))
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(descriptor, data)

        monkeypatch.setattr(os, "write", write)
        status, out, err = run(capsys, *REPORT, "-o", str(target))
        assert (2, "", f"{target}: error: cannot write the report: No space left on device") == (
            status,
            out,
            err.splitlines()[0],
        )
        assert ("the previous report", ["report.html"]) == (
            target.read_text(encoding="utf-8"),
            [p.name for p in tmp_path.iterdir()],
        )

    def test_empty_file_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o "" is a usage error that says the name is empty, not "Is a directory"."""
        assert (
            2,
            "",
            "perfcontract report: error: -o: the file name is empty; name the file to write\n",
        ) == run(capsys, *REPORT, "-o", "")

    def test_a_device_that_is_full(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o /dev/full (a real full disk): exit 2, said plainly, the device left a device."""
        status, out, err = run(capsys, *REPORT, "-o", "/dev/full")
        assert (2, "", "/dev/full: error: cannot write the report: No space left on device") == (
            status,
            out,
            err.splitlines()[0],
        )
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)

    def test_permissions_of_the_previous_report_are_kept(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A report written over another keeps that one's permissions."""
        target = tmp_path / "report.html"
        target.write_text("old", encoding="utf-8")
        target.chmod(0o604)
        assert 0 == run(capsys, *REPORT, "-o", str(target))[0]
        assert (0o604, True) == (
            target.stat().st_mode & 0o777,
            target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"),
        )

    @pytest.mark.parametrize(
        ("what", "index"), [("contract", 1), ("readings", 2), ("commentary", -1)]
    )
    def test_an_input_is_never_overwritten(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, what: str, index: int
    ) -> None:
        """-o naming the contract, the readings or the commentary is refused before anything."""
        inputs = {}
        for name, source in (("c.contract", CONTRACT), ("r.csv", READINGS), ("n.md", COMMENTARY)):
            inputs[name] = (ROOT / source).read_text(encoding="utf-8")
            (tmp_path / name).write_text(inputs[name], encoding="utf-8")
        args = ["report", str(tmp_path / "c.contract"), str(tmp_path / "r.csv")]
        args += ["--period", "2017/18 Q4", "--commentary", str(tmp_path / "n.md")]
        given = args[index]
        status, out, err = run(capsys, *args, "-o", given)
        assert (
            2,
            "",
            f"perfcontract report: error: -o {given}: that is the {what} file ({given});"
            " write the report to another file\n",
        ) == (status, out, err)
        assert inputs == {name: (tmp_path / name).read_text(encoding="utf-8") for name in inputs}

    @pytest.mark.parametrize("kind", ["symbolic", "hard"])
    def test_an_input_under_another_name_is_never_overwritten(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
    ) -> None:
        """-o naming a link to the contract is refused too: the same file, by another name."""
        contract = tmp_path / "c.contract"
        contract.write_text((ROOT / CONTRACT).read_text(encoding="utf-8"), encoding="utf-8")
        link = tmp_path / "link.html"
        if kind == "symbolic":
            link.symlink_to(contract)
        else:
            os.link(contract, link)
        args = ["report", str(contract), READINGS, "--period", "2017/18 Q4", "-o", str(link)]
        status, out, err = run(capsys, *args)
        assert (2, "") == (status, out)
        assert f"error: -o {link}: that is the contract file ({contract})" in err
        assert (ROOT / CONTRACT).read_text(encoding="utf-8") == contract.read_text(encoding="utf-8")

    def test_period_of_thousands_of_digits(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--period with a quarter of more digits than int() reads: a usage error, short."""
        period = "2017/18 Q" + "9" * 5000
        status, out, err = run(capsys, "report", CONTRACT, READINGS, "--period", period)
        assert (
            2,
            "",
            f"perfcontract report: error: --period: `2017/18 Q{'9' * 31}…` is not a quarter:"
            f" there is no Q{'9' * 40}… (quarters are Q1 to Q4)\n",
        ) == (status, out, err)
