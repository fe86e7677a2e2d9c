"""`perfcontract settle` and the new `risk-share` options: output, files, problems, exit codes.

The reference settlement (the report's paragraph 26) is pinned down in every
format by the golden files in ``tests/golden/settle/``. To regenerate them
after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_cli_settle.py

and read ``git diff tests/golden/settle`` before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import json
import os
import shlex
from decimal import Decimal
from pathlib import Path

import pytest

from console_blocks import console_examples
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "settle"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
REFERENCE = "examples/dcst-2017-18.contract"
D = Decimal

# The report's paragraph 26, as options.
REFERENCE_ARGS = [
    "settle",
    REFERENCE,
    "--outturn",
    "£4.15m",
    "--projection",
    "£2.99m",
    "--before",
    "£1.23m",
    "general fund",
    "business cases agreed following Q2",
    "--before",
    "£0.41m",
    "DSG",
    "business case agreed following Q2",
    "--provider-can-pay",
    "£0.07m",
    "--provider-source",
    "DCST reserves",
    "--movement",
    "£0.24m",
    "DSG",
    "additional DSG claimed at year end",
]
LEISURE = """\
contract "Leisure trust" {
    risk share {
        council 100%
        provider 0%
        gain share: council 0%, provider 100%
        gain share band above £250k: council 50%, provider 50%
    }
}
"""
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


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, with a fixed terminal width for argparse."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.read_text(encoding="utf-8") == actual


class TestReference:
    @pytest.mark.parametrize(
        ("form", "golden"),
        [
            ("text", "reference.txt"),
            ("markdown", "reference.md"),
            ("json", "reference.json"),
            ("csv", "reference.csv"),
        ],
    )
    def test_golden(self, form: str, golden: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The reference settlement in each format matches its golden file."""
        assert 0 == main([*REFERENCE_ARGS, "--format", form])
        out, err = capsys.readouterr()
        assert "" == err
        compare(golden, out)

    def test_text_in_millions_adds_up(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The £m lines are the report's (£3.1m, £0.65m, £0.07m, £0.33m) and add up to £4.15m."""
        main(REFERENCE_ARGS)
        tail = capsys.readouterr().out.splitlines()[-5:]
        assert ["£3.1m", "£0.65m", "£0.07m", "£0.33m", "£4.15m"] == [ln.split()[-1] for ln in tail]

    def test_json_adds_up(self, capsys: pytest.CaptureFixture[str]) -> None:
        """In JSON the lines and the sources add up to the outturn, to the penny and in £m."""
        main([*REFERENCE_ARGS, "--format", "json"])
        record = json.loads(capsys.readouterr().out)
        assert D("4150000.00") == sum(D(line["amount"]) for line in record["lines"])
        assert D("4150000.00") == sum(D(s["amount"]) for s in record["by_source"])
        assert D("4.15") == sum(D(s["in_millions"]) for s in record["by_source"])

    def test_csv_every_amount_to_the_penny(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV amounts are plain decimals with two places, never in exponent form."""
        main([*REFERENCE_ARGS, "--format", "csv"])
        rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert all(row[3].count(".") == 1 and len(row[3].split(".")[1]) == 2 for row in rows[1:])
        assert "4150000.00" == rows[-1][3]


class TestOutputFile:
    def test_written_atomically(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o writes the file (nothing on stdout) and says so on stderr."""
        out = tmp_path / "settlement.md"
        assert 0 == main([*REFERENCE_ARGS, "--format", "markdown", "-o", str(out)])
        captured = capsys.readouterr()
        assert "" == captured.out
        assert f"{out}: markdown settlement\n" == captured.err
        assert (GOLDEN / "reference.md").read_text(encoding="utf-8") == out.read_text("utf-8")

    def test_onto_the_contract_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming the contract is refused, and the contract is left as it was."""
        contract = write(tmp_path, "c.contract", DATED)
        assert 2 == main(
            ["settle", contract, "--outturn", "1m", "--period", "2018/19", "-o", contract]
        )
        assert "that is the contract file" in capsys.readouterr().err
        assert DATED == Path(contract).read_text(encoding="utf-8")

    def test_cannot_write(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder that is not there: exit 2 and a message, no traceback."""
        target = str(tmp_path / "missing" / "out.txt")
        assert 2 == main(["settle", REFERENCE, "--outturn", "1m", "-o", target])
        assert "cannot write the settlement" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("option", "args"),
        [
            ("--council-source", ["--council-source", "\udcffreserve"]),
            ("--before", ["--before", "1k", "\udcffreserve", "an item"]),
            ("--movement", ["--movement", "1k", "fund", "an \udcffitem"]),
        ],
    )
    @pytest.mark.parametrize("output", ["file", "-"])
    def test_argument_not_utf8(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        option: str,
        args: list[str],
        output: str,
    ) -> None:
        """A source or item of bytes that are not UTF-8 (kept by Python as a lone surrogate)
        is a usage error naming its option, not a traceback where the file is written."""
        out = tmp_path / "out.csv" if output == "file" else Path("-")
        status = main(["settle", REFERENCE, "--outturn", "1m", *args, "-o", str(out)])
        captured = capsys.readouterr()
        assert (2, "", False) == (status, captured.out, out.exists() and output == "file")
        assert captured.err.startswith(f"perfcontract settle: error: {option}: `")
        assert captured.err.endswith("` is not text: its bytes are not UTF-8\n")

    def test_dash_is_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o - writes to standard output."""
        assert 0 == main(["settle", REFERENCE, "--outturn", "1m", "-o", "-", "--format", "csv"])
        assert capsys.readouterr().out.startswith("what,party,source,amount\n")


class TestForms:
    def test_projection_defaults_to_the_outturn(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --projection the whole outturn is shared: no movement line."""
        assert 0 == main(["settle", REFERENCE, "--outturn", "1m", "--format", "csv"])
        assert [
            ["what", "party", "source", "amount"],
            [
                "council's 70% share of the projected overspend",
                "council",
                "general fund",
                "700000.00",
            ],
            ["provider's share, from its reserves", "provider", "provider reserves", "300000.00"],
            ["total", "", "", "1000000.00"],
        ] == list(csv.reader(io.StringIO(capsys.readouterr().out)))

    def test_underspend(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A negative outturn is an underspend, written with a plain minus."""
        assert 0 == main(["settle", REFERENCE, "--outturn", "-0.5m", "--format", "csv"])
        out = capsys.readouterr().out
        assert "projected underspend" in out
        assert "Overspend" not in out
        assert out.endswith("total,,,-500000.00\n")

    @pytest.mark.parametrize("form", ["text", "markdown", "json", "csv"])
    def test_ability_to_pay_on_an_underspend_noted(
        self, form: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--provider-can-pay on an underspend: noted as risk-share notes it, and in the output."""
        argv = ["settle", REFERENCE, "--outturn", "-0.5m", "--provider-can-pay", "10k"]
        assert 0 == main([*argv, "--format", form])
        out, err = capsys.readouterr()
        assert (
            "note: --provider-can-pay limits what the provider pays of an overspend; of an"
            " underspend it pays nothing: it was not used\n"
        ) == err
        main(["risk-share", REFERENCE, "-0.5m", "--provider-can-pay", "10k"])
        assert err == capsys.readouterr().err
        said = "what the provider can pay was not used"
        assert (form != "csv") == (said in out)

    def test_dated_needs_a_period(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Dated shares without --period: exit 2, naming the dates."""
        contract = write(tmp_path, "c.contract", DATED)
        assert 2 == main(["settle", contract, "--outturn", "1m"])
        assert (
            "perfcontract settle: error: the risk share changes from 2018/19:"
            " give --period, such as --period 2018/19\n"
        ) == capsys.readouterr().err
        assert 0 == main(["settle", contract, "--outturn", "1m", "--period", "2018/19"])
        assert "council's 60% share of the projected overspend" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--outturn", "1x"], "--outturn: `1x` is not an amount of money"),
            (["--outturn", "1m", "--projection", "abc"], "--projection: `abc` is not"),
            (["--outturn", "1m", "--before", "lots", "DSG", "x"], "--before: `lots` is not"),
            (["--outturn", "1m", "--movement", "?", "DSG", "x"], "--movement: `?` is not"),
            (["--outturn", "1m", "--provider-can-pay", "-1"], "--provider-can-pay cannot be neg"),
            (["--outturn", "1m", "--period", "2018/19 Q5"], "--period: `2018/19 Q5`"),
        ],
    )
    def test_usage(self, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each bad option: exit 2, the option named, no traceback."""
        assert 2 == main(["settle", REFERENCE, *args])
        err = capsys.readouterr().err
        assert message in err
        assert "Traceback" not in err

    def test_no_risk_share(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract without a risk share: exit 1."""
        contract = write(tmp_path, "c.contract", 'contract "c" { }')
        assert 1 == main(["settle", contract, "--outturn", "1m"])
        assert "has no `risk share` block" in capsys.readouterr().err


class TestRiskShareOptions:
    def test_surplus(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--surplus: the profit share as it reads, never called an overspend."""
        contract = write(tmp_path, "leisure.contract", LEISURE)
        assert 0 == main(["risk-share", contract, "£262,500", "--surplus"])
        out = capsys.readouterr().out
        compare("surplus.txt", out)
        assert "Overspend" not in out

    def test_surplus_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """In JSON a surplus says so, with the shares of it."""
        contract = write(tmp_path, "leisure.contract", LEISURE)
        assert 0 == main(["risk-share", contract, "262500", "--surplus", "--format", "json"])
        record = json.loads(capsys.readouterr().out)
        assert ("surplus", "262500.00", "6250.00", "256250.00") == (
            record["kind"],
            record["amount"],
            record["council"],
            record["provider"],
        )

    def test_negative_surplus_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A surplus is written positive."""
        contract = write(tmp_path, "leisure.contract", LEISURE)
        assert 2 == main(["risk-share", contract, "-5", "--surplus"])
        assert "--surplus: give the surplus as a positive amount" in capsys.readouterr().err

    def test_period(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--period picks the shares in force; without it dated shares are refused."""
        contract = write(tmp_path, "dated.contract", DATED)
        assert 0 == main(["risk-share", contract, "1m", "--period", "2018/19 Q2"])
        assert "£600,000.00" in capsys.readouterr().out
        assert 2 == main(["risk-share", contract, "1m"])
        assert "give --period" in capsys.readouterr().err
        assert 0 == main(["risk-share", contract, "1m", "--period", "2017/18"])
        assert "£700,000.00" in capsys.readouterr().out

    def test_period_across_a_change(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A period spanning a change is a usage error, saying why."""
        contract = write(
            tmp_path,
            "c.contract",
            DATED.replace("2018/19", "2018/19 Q3"),
        )
        assert 2 == main(["risk-share", contract, "1m", "--period", "2018/19"])
        assert "changes from 2018/19 Q3, during 2018/19" in capsys.readouterr().err


# -- the how-to's console examples ------------------------------------------------------


HOW_TO = console_examples(ROOT / "docs" / "how-to" / "risk-share.md")


class TestHowTo:
    def test_has_console_examples(self) -> None:
        """The how-to shows risk-share four times and settle once."""
        assert ["risk-share"] * 4 + ["settle"] == [shlex.split(c)[1] for c, _ in HOW_TO]

    @pytest.mark.parametrize(("command", "output"), HOW_TO, ids=[c[:60] for c, _ in HOW_TO])
    def test_console_example(
        self, command: str, output: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each command prints exactly what the page shows."""
        program, *args = shlex.split(command)
        assert "perfcontract" == program
        status = main(args)
        out, err = capsys.readouterr()
        assert (0, output) == (status, out + err)


class TestRiskShareFormats:
    @pytest.mark.parametrize(
        ("form", "golden"), [("markdown", "risk-share.md"), ("csv", "risk-share.csv")]
    )
    def test_golden(self, form: str, golden: str, capsys: pytest.CaptureFixture[str]) -> None:
        """risk-share as Markdown and CSV, with what the provider can pay, matches its golden."""
        args = ["risk-share", REFERENCE, "1.35m", "--provider-can-pay", "0.07m", "--format", form]
        assert 0 == main(args)
        out, err = capsys.readouterr()
        assert "" == err
        compare(golden, out)

    def test_output_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o writes the split to a file, whole, and says so."""
        out = tmp_path / "split.csv"
        assert 0 == main(["risk-share", REFERENCE, "1.35m", "--format", "csv", "-o", str(out)])
        assert ("", f"{out}: csv split\n") == capsys.readouterr()
        # CSV written to a file starts with a byte-order mark, so that Excel reads £ right.
        assert "\ufeffwhat,amount\nOverspend,1350000.00\n" == out.read_text("utf-8")[:34]

    def test_onto_the_contract_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming the contract is refused before anything is read or written."""
        contract = write(tmp_path, "c.contract", DATED)
        assert 2 == main(["risk-share", contract, "1m", "-o", contract])
        assert "that is the contract file" in capsys.readouterr().err
        assert DATED == Path(contract).read_text(encoding="utf-8")

    def test_empty_output_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o with an empty name is a usage error."""
        assert 2 == main(["risk-share", REFERENCE, "1m", "-o", ""])
        assert "the file name is empty" in capsys.readouterr().err

    def test_cannot_write(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder that is not there: exit 2, naming the command's output."""
        target = str(tmp_path / "missing" / "out.txt")
        assert 2 == main(["risk-share", REFERENCE, "1m", "-o", target])
        assert "cannot write the split" in capsys.readouterr().err


@pytest.mark.parametrize(
    "option", ["--outturn", "--projection", "--provider-can-pay", "--before", "--movement"]
)
def test_an_amount_finer_than_a_penny(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every amount of settle is taken as written: one finer than a penny is refused."""
    argv = ["settle", "examples/dcst-2017-18.contract", "--outturn", "£4.15m"]
    extra = {"--before": ["1.005", "general fund", "x"], "--movement": ["1.005", "DSG", "x"]}
    argv += [option, *extra.get(option, ["1.005"])]
    assert 2 == main(argv)
    out, err = capsys.readouterr()
    assert ("", True) == (out, err.startswith(f"perfcontract settle: error: {option}: `1.005`"))
