"""`-o FILE` and `--format`: the format a file's extension names, and the two disagreeing.

Every command with both options is run in process with ``capsys``, from the
repository root: without ``--format`` the extension of ``-o`` chooses the
format (the same file ``--format`` writes), an extension of no format keeps
the default, and ``--format`` with a file named for another format, or a
file named for a format the command does not write, is a usage error (exit
2) that writes nothing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "examples/dcst-2017-18.contract"
READINGS = "examples/dcst-2017-18-readings.csv"
COMMANDS = {
    "evaluate": ["evaluate", CONTRACT, READINGS, "--period", "2017/18 Q4"],
    "risk-share": ["risk-share", CONTRACT, "1.35m"],
    "settle": ["settle", CONTRACT, "--outturn", "1.35m"],
    "payment": [
        "payment",
        "examples/fm-2024-25.contract",
        "examples/fm-2024-25-readings.csv",
        "--period",
        "2024/25",
    ],
}
WHAT = {
    "evaluate": "evaluation for 2017/18 Q4",
    "risk-share": "split",
    "settle": "settlement",
    "payment": "payment for 2024/25",
}
REPORT = ["report", CONTRACT, READINGS, "--period", "2017/18 Q4"]


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a fixed terminal width for argparse."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line; return its exit status, stdout and stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What the command writes to standard output, which must succeed."""
    status, out, _ = run(capsys, *argv)
    assert 0 == status
    return out


class TestFormatFromTheExtension:
    """Without --format, -o's extension chooses the format."""

    @pytest.mark.parametrize("command", list(COMMANDS))
    @pytest.mark.parametrize(
        ("name", "form"),
        [
            ("out.csv", "csv"),
            ("out.json", "json"),
            ("out.md", "markdown"),
            ("out.markdown", "markdown"),
            ("out.txt", "text"),
            ("out.text", "text"),
            ("OUT.CSV", "csv"),
            ("Out.Json", "json"),
        ],
    )
    def test_extension_chooses(
        self,
        command: str,
        name: str,
        form: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The file holds what --format of the extension's format prints, and stderr says
        which format was written; CSV starts with a byte-order mark."""
        expected = printed(capsys, *COMMANDS[command], "--format", form)
        target = tmp_path / name
        status, out, err = run(capsys, *COMMANDS[command], "-o", str(target))
        mark = "\ufeff" if form == "csv" else ""
        assert (0, "", f"{target}: {form} {WHAT[command]}\n") == (status, out, err)
        assert mark + expected == target.read_text(encoding="utf-8")

    def test_csv_name(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`evaluate c.contract r.csv -o results.csv` writes CSV, not the text table."""
        target = tmp_path / "results.csv"
        assert 0 == main(["evaluate", CONTRACT, READINGS, "-o", str(target)])
        capsys.readouterr()
        header = target.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.startswith("measure,title,group,kind,unit,polarity,period,")

    def test_json_name(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`evaluate c.contract r.csv -o e.json` writes JSON that reads back."""
        target = tmp_path / "e.json"
        assert 0 == main(["evaluate", CONTRACT, READINGS, "-o", str(target)])
        capsys.readouterr()
        assert "2017/18 Q4" == json.loads(target.read_text(encoding="utf-8"))["period"]

    @pytest.mark.parametrize("command", list(COMMANDS))
    @pytest.mark.parametrize("name", ["out", "out.out", "out.tsv", "out.csv.bak", ".csv"])
    def test_no_format_named_keeps_text(
        self, command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A name whose extension is no format's (or that has none) gets the default, text."""
        expected = printed(capsys, *COMMANDS[command])
        target = tmp_path / name
        status, out, err = run(capsys, *COMMANDS[command], "-o", str(target))
        assert (0, "", f"{target}: text {WHAT[command]}\n") == (status, out, err)
        assert expected == target.read_text(encoding="utf-8")

    @pytest.mark.parametrize("command", list(COMMANDS))
    def test_dash_is_text_on_stdout(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """-o - is standard output, in the default format."""
        assert printed(capsys, *COMMANDS[command]) == printed(capsys, *COMMANDS[command], "-o", "-")

    @pytest.mark.parametrize(("name", "form"), [("r.md", "markdown"), ("r.txt", "markdown")])
    def test_report_markdown(
        self, name: str, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report -o report.md` writes Markdown, and so does a .txt file (the report has no
        text format: its Markdown is the plain text one)."""
        expected = printed(capsys, *REPORT, "--format", "markdown")
        target = tmp_path / name
        status, out, err = run(capsys, *REPORT, "-o", str(target))
        assert (0, "") == (status, out)
        assert err.startswith(f"{target}: markdown report for Quarter 4 2017/18\n")
        assert expected == target.read_text(encoding="utf-8")

    @pytest.mark.parametrize("name", ["r.html", "r.HTM", "r", "r.pdf"])
    def test_report_html(
        self, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """.html and .htm are HTML, as is a name of no format (the default)."""
        target = tmp_path / name
        status, _, err = run(capsys, *REPORT, "-o", str(target))
        assert 0 == status
        assert err.startswith(f"{target}: html report for Quarter 4 2017/18\n")
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


class TestFormatAndExtensionAgree:
    """--format and an extension of the same format, or of none, are taken as given."""

    @pytest.mark.parametrize(
        ("form", "name"),
        [("csv", "x.csv"), ("json", "x.JSON"), ("markdown", "x.md"), ("text", "x.txt")],
    )
    def test_same_format(
        self, form: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The format asked for, named by the extension too, is written."""
        target = tmp_path / name
        status, _, err = run(capsys, *COMMANDS["evaluate"], "--format", form, "-o", str(target))
        assert (0, f"{target}: {form} evaluation for 2017/18 Q4\n") == (status, err)

    @pytest.mark.parametrize("form", ["text", "markdown", "json", "csv"])
    def test_no_format_named(
        self, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format with a file of an extension no format has: the format asked for."""
        target = tmp_path / "results.out"
        status, _, err = run(capsys, *COMMANDS["evaluate"], "--format", form, "-o", str(target))
        assert (0, f"{target}: {form} evaluation for 2017/18 Q4\n") == (status, err)

    @pytest.mark.parametrize("command", ["evaluate", "report"])
    def test_markdown_into_txt(
        self, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Markdown asked for is written to a .txt file: it is plain text too."""
        argv = COMMANDS["evaluate"] if command == "evaluate" else REPORT
        expected = printed(capsys, *argv, "--format", "markdown")
        target = tmp_path / "notes.txt"
        assert 0 == main([*argv, "--format", "markdown", "-o", str(target)])
        capsys.readouterr()
        assert expected == target.read_text(encoding="utf-8")


class TestDisagreementIsRefused:
    """A format and a file named for another, or for a format the command does not write,
    is a usage error that writes nothing."""

    @pytest.mark.parametrize(
        ("command", "form", "name", "fix"),
        [
            ("evaluate", "json", "results.csv", ".json, or leave out --format to write CSV"),
            ("evaluate", "csv", "e.json", ".csv, or leave out --format to write JSON"),
            ("evaluate", "text", "e.md", ".txt, or leave out --format to write Markdown"),
            ("evaluate", "csv", "e.txt", ".csv, or leave out --format to write text"),
            ("evaluate", "text", "e.html", ".txt"),
            ("risk-share", "csv", "split.MD", ".csv, or leave out --format to write Markdown"),
            ("settle", "markdown", "s.json", ".md, or leave out --format to write JSON"),
            ("payment", "json", "p.CSV", ".json, or leave out --format to write CSV"),
        ],
    )
    def test_format_and_extension(
        self,
        command: str,
        form: str,
        name: str,
        fix: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The message names both and says what to do; the file is not written."""
        target = tmp_path / name
        status, out, err = run(capsys, *COMMANDS[command], "--format", form, "-o", str(target))
        kind = {
            ".csv": "a CSV",
            ".json": "a JSON",
            ".md": "a Markdown",
            ".markdown": "a Markdown",
            ".txt": "a text",
            ".html": "an HTML",
        }[target.suffix.lower()]
        message = f"--format {form}, but -o {target} names {kind} file; name the file {fix}"
        assert (2, "", f"perfcontract {command}: error: {message}\n") == (status, out, err)
        assert not target.exists()

    def test_old_file_kept(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file already there is left as it was."""
        target = tmp_path / "results.csv"
        target.write_text("kept\n", encoding="utf-8")
        assert 2 == main([*COMMANDS["evaluate"], "--format", "text", "-o", str(target)])
        capsys.readouterr()
        assert "kept\n" == target.read_text(encoding="utf-8")

    @pytest.mark.parametrize("command", ["evaluate", "risk-share", "settle", "payment"])
    @pytest.mark.parametrize("name", ["out.html", "out.htm"])
    def test_html_from_a_table_command(
        self, command: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A table command named an HTML file says what it writes, and where HTML is had."""
        target = tmp_path / name
        status, out, err = run(capsys, *COMMANDS[command], "-o", str(target))
        message = (
            f"-o {target} names an HTML file, but {command} writes text, Markdown, JSON or CSV:"
            " name the file .txt, .md, .json or .csv (`perfcontract report` writes an HTML page)"
        )
        assert (2, "", f"perfcontract {command}: error: {message}\n") == (status, out, err)
        assert not target.exists()

    @pytest.mark.parametrize(("name", "form"), [("r.csv", "CSV"), ("r.json", "JSON")])
    def test_report_as_a_table(
        self, name: str, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report -o r.csv` says the report is HTML or Markdown, and what writes CSV."""
        target = tmp_path / name
        status, out, err = run(capsys, *REPORT, "-o", str(target))
        message = (
            f"-o {target} names a {form} file, but report writes HTML or Markdown: name the file"
            f" .html or .md (`perfcontract evaluate` writes the results as {form})"
        )
        assert (2, "", f"perfcontract report: error: {message}\n") == (status, out, err)
        assert not target.exists()

    @pytest.mark.parametrize(
        ("form", "name", "fix"),
        [
            ("markdown", "r.html", ".md, or leave out --format to write HTML"),
            ("html", "r.md", ".html, or leave out --format to write Markdown"),
            ("html", "r.txt", ".html"),
            ("html", "r.csv", ".html"),
        ],
    )
    def test_report_format_and_extension(
        self, form: str, name: str, fix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report's --format and a file named for another format are refused."""
        target = tmp_path / name
        status, out, err = run(capsys, *REPORT, "--format", form, "-o", str(target))
        kind = {".html": "an HTML", ".md": "a Markdown", ".txt": "a text", ".csv": "a CSV"}
        message = (
            f"--format {form}, but -o {target} names {kind[target.suffix]} file;"
            f" name the file {fix}"
        )
        assert (2, "", f"perfcontract report: error: {message}\n") == (status, out, err)
        assert not target.exists()

    def test_an_input_is_said_first(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o naming an input is refused as that, whatever its extension says."""
        status, _, err = run(capsys, *COMMANDS["evaluate"], "--format", "json", "-o", READINGS)
        assert 2 == status
        assert f"-o {READINGS}: that is the readings file" in err


class TestWorkbooksAreRefused:
    """A file named as a spreadsheet's workbook is refused: perfcontract writes CSV, which
    Excel opens, and a text table in a file named .xlsx is one Excel cannot open."""

    WORKBOOKS = ("results.xlsx", "results.XLSX", "r.xlsm", "r.xlsb", "r.xls", "r.ods")

    @pytest.mark.parametrize("command", list(COMMANDS))
    @pytest.mark.parametrize("name", WORKBOOKS)
    @pytest.mark.parametrize("form", [None, "csv"])
    def test_table_commands(
        self,
        command: str,
        name: str,
        form: str | None,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Without --format, or with --format csv, the message says to name the file .csv;
        nothing is written."""
        target = tmp_path / name
        asked = [] if form is None else ["--format", form]
        status, out, err = run(capsys, *COMMANDS[command], *asked, "-o", str(target))
        message = (
            f"-o {target} names a spreadsheet workbook, but perfcontract writes CSV, which"
            " Excel opens: name the file .csv"
        )
        assert (2, "", f"perfcontract {command}: error: {message}\n") == (status, out, err)
        assert [] == list(tmp_path.iterdir())

    @pytest.mark.parametrize(
        ("command", "form", "ending"),
        [
            ("evaluate", "json", ".json"),
            ("evaluate", "text", ".txt"),
            ("risk-share", "markdown", ".md"),
            ("settle", "json", ".json"),
            ("payment", "text", ".txt"),
        ],
    )
    def test_with_another_format(
        self,
        command: str,
        form: str,
        ending: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """--format of another format than CSV: the file is to be named for that format."""
        target = tmp_path / "out.xlsx"
        status, out, err = run(capsys, *COMMANDS[command], "--format", form, "-o", str(target))
        message = (
            f"--format {form}, but -o {target} names a spreadsheet workbook; name the file {ending}"
        )
        assert (2, "", f"perfcontract {command}: error: {message}\n") == (status, out, err)
        assert not target.exists()

    @pytest.mark.parametrize("name", ["report.xlsx", "report.ods"])
    def test_report(self, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """report, which writes HTML or Markdown, says so, and what writes CSV."""
        target = tmp_path / name
        status, out, err = run(capsys, *REPORT, "-o", str(target))
        message = (
            f"-o {target} names a spreadsheet workbook, but report writes HTML or Markdown:"
            " name the file .html or .md (`perfcontract evaluate` writes the results as CSV,"
            " which Excel opens)"
        )
        assert (2, "", f"perfcontract report: error: {message}\n") == (status, out, err)
        assert not target.exists()

    @pytest.mark.parametrize(("form", "ending"), [("html", ".html"), ("markdown", ".md")])
    def test_report_with_a_format(
        self, form: str, ending: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """report's --format and a workbook's name: the file is to be named for the format."""
        target = tmp_path / "report.xls"
        status, out, err = run(capsys, *REPORT, "--format", form, "-o", str(target))
        message = (
            f"--format {form}, but -o {target} names a spreadsheet workbook; name the file {ending}"
        )
        assert (2, "", f"perfcontract report: error: {message}\n") == (status, out, err)
        assert not target.exists()

    def test_old_workbook_kept(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A workbook already there is left as it was."""
        target = tmp_path / "results.xlsx"
        target.write_bytes(b"PK\x03\x04 kept")
        assert 2 == main([*COMMANDS["evaluate"], "-o", str(target)])
        capsys.readouterr()
        assert b"PK\x03\x04 kept" == target.read_bytes()

    @pytest.mark.parametrize("name", ["results.xlsx.csv", "xlsx", "results.xlsx.txt"])
    def test_only_the_extension(
        self, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Only the name's last extension counts: `results.xlsx.csv` is CSV."""
        target = tmp_path / name
        assert 0 == main([*COMMANDS["evaluate"], "-o", str(target)])
        capsys.readouterr()
        assert target.exists()


class TestHelp:
    """--help says how the format is chosen."""

    @pytest.mark.parametrize("command", [*COMMANDS, "report"])
    def test_help(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each command's --format help names the default from -o's extension."""
        status, out, _ = run(capsys, command, "--help")
        text = " ".join(out.split())
        assert 0 == status
        assert "(default: the one -o's extension names," in text
        assert "an -o file named for another format is refused" in text
        assert "in the format its name ends in:" in text
        assert "never a workbook: .xlsx is refused" in text
