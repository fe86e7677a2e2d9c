"""`perfcontract risk-share CONTRACT AMOUNT`: the split on stdout, problems on stderr, exit codes.

Exit 0 ok, 1 a bad contract (or one without a risk share), 2 a usage problem
(an amount that cannot be read, a file that cannot be read). Never a traceback.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "examples/dcst-2017-18.contract"
NAME = "DCST service delivery contract"

SPLIT_1_35M = f"""\
{NAME}: risk share
  Overspend            £1,350,000.00
  Council's share        £945,000.00
  Provider's share       £405,000.00
"""
CAN_PAY_0_07M = f"""\
{NAME}: risk share
  Overspend                         £1,350,000.00
  Council's share                     £945,000.00
  Provider's share                    £405,000.00
  Provider pays                        £70,000.00
  Shortfall, met by the council       £335,000.00
  Council in all                    £1,280,000.00
"""
UNDERSPEND_0_5M = f"""\
{NAME}: risk share
  Underspend            -£500,000.00
  Council's share       -£350,000.00
  Provider's share      -£150,000.00
"""
NOT_MONEY = (
    "perfcontract risk-share: error: `{}` is not an amount of money"
    " (write it as 1200000, £1.2m, £950k or £1,230,000)\n"
)
BANDED = """\
contract "Banded" {
    risk share {
        band up to £1m: council 50%, provider 50%
        band above £1m: council 70%, provider 30%
        provider cap £2m
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


class TestText:
    def test_split(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The reference contract splits £1.35m 70/30, each figure to the penny."""
        assert 0 == main(["risk-share", REFERENCE, "1.35m"])
        assert (SPLIT_1_35M, "") == capsys.readouterr()

    @pytest.mark.parametrize("amount", ["£1.35m", "1350000", "£1,350,000", "1.35M", "£1350k"])
    def test_any_form_of_amount(self, amount: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Every form of amount gives the same split."""
        assert 0 == main(["risk-share", REFERENCE, amount])
        assert (SPLIT_1_35M, "") == capsys.readouterr()

    def test_provider_can_pay(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--provider-can-pay adds what the provider pays, the shortfall and the council's total."""
        assert 0 == main(["risk-share", REFERENCE, "£1.35m", "--provider-can-pay", "£0.07m"])
        assert (CAN_PAY_0_07M, "") == capsys.readouterr()

    def test_provider_can_pay_all(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A provider that can pay more than its share pays its share and no more."""
        assert 0 == main(["risk-share", REFERENCE, "1.35m", "--provider-can-pay", "1m"])
        out = capsys.readouterr().out
        assert "  Provider pays                       £405,000.00\n" in out
        assert "  Shortfall, met by the council             £0.00\n" in out
        assert "  Council in all                      £945,000.00\n" in out

    @pytest.mark.parametrize(
        ("args", "what"), [(["-1.35m"], "an underspend"), (["1.35m", "--surplus"], "a surplus")]
    )
    def test_provider_can_pay_on_a_gain(
        self, capsys: pytest.CaptureFixture[str], args: list[str], what: str
    ) -> None:
        """--provider-can-pay on an underspend or a surplus: the split as without it, and a
        note that it was not used (it was ignored without a word)."""
        assert 0 == main(["risk-share", REFERENCE, *args])
        without = capsys.readouterr().out
        assert 0 == main(["risk-share", REFERENCE, *args, "--provider-can-pay", "£0.07m"])
        assert (
            without,
            "note: --provider-can-pay limits what the provider pays of an overspend; of"
            f" {what} it pays nothing: it was not used\n",
        ) == capsys.readouterr()

    def test_provider_can_pay_negative(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A negative capacity to pay is a usage error: exit 2."""
        assert 2 == main(["risk-share", REFERENCE, "1.35m", "--provider-can-pay=-1"])
        assert (
            "",
            "perfcontract risk-share: error: --provider-can-pay cannot be negative\n",
        ) == capsys.readouterr()

    def test_provider_can_pay_nothing(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A provider that can pay nothing leaves the council the whole share."""
        assert 0 == main(["risk-share", REFERENCE, "1.35m", "--provider-can-pay", "0"])
        out = capsys.readouterr().out
        assert "  Provider pays                             £0.00\n" in out
        assert "  Shortfall, met by the council       £405,000.00\n" in out
        assert "  Council in all                    £1,350,000.00\n" in out

    def test_negative_number(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A negative amount is an underspend, shared the same way."""
        assert 0 == main(["risk-share", REFERENCE, "-500000"])
        assert (UNDERSPEND_0_5M, "") == capsys.readouterr()

    def test_negative_after_double_dash(self, capsys: pytest.CaptureFixture[str]) -> None:
        """After `--` any negative amount reads as the AMOUNT."""
        assert 0 == main(["risk-share", REFERENCE, "--", "-£0.5m"])
        assert (UNDERSPEND_0_5M, "") == capsys.readouterr()

    @pytest.mark.parametrize("amount", ["-£0.5m", "-0.5m", "-£500k"])
    def test_negative_with_pound_or_scale(
        self, amount: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A negative amount written with £ or a scale is the AMOUNT, not an unknown option."""
        assert 0 == main(["risk-share", REFERENCE, amount])
        assert (UNDERSPEND_0_5M, "") == capsys.readouterr()

    def test_underspend_ignores_can_pay(self, capsys: pytest.CaptureFixture[str]) -> None:
        """For an underspend there is nothing for the provider to fund: no can-pay rows, and
        a note that the option was not used."""
        assert 0 == main(["risk-share", REFERENCE, "-500000", "--provider-can-pay", "0"])
        out, err = capsys.readouterr()
        assert (UNDERSPEND_0_5M, True) == (out, err.startswith("note: --provider-can-pay"))

    def test_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Nothing overspent: both shares are £0.00."""
        assert 0 == main(["risk-share", REFERENCE, "0"])
        assert (
            f"{NAME}: risk share\n"
            "  Overspend                    £0.00\n"
            "  Council's share              £0.00\n"
            "  Provider's share             £0.00\n",
            "",
        ) == capsys.readouterr()

    def test_odd_penny(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The odd penny goes to the council."""
        assert 0 == main(["risk-share", REFERENCE, "0.05"])
        out = capsys.readouterr().out
        assert "  Council's share              £0.04\n  Provider's share             £0.01\n" in out

    def test_bands_and_cap(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Bands and a cap: £10m costs the provider its £2m cap."""
        path = write(tmp_path, "banded.contract", BANDED)
        assert 0 == main(["risk-share", path, "£10m"])
        assert (
            "Banded: risk share\n"
            "  Overspend           £10,000,000.00\n"
            "  Council's share      £8,000,000.00\n"
            "  Provider's share     £2,000,000.00\n",
            "",
        ) == capsys.readouterr()


class TestJson:
    def test_split(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json prints one object, amounts as exact decimal strings."""
        assert 0 == main(["risk-share", REFERENCE, "1.35m", "--format", "json"])
        out, err = capsys.readouterr()
        assert "" == err
        assert (
            "{\n"
            f'  "contract": "{NAME}",\n'
            '  "kind": "overspend",\n'
            '  "amount": "1350000.00",\n'
            '  "council": "945000.00",\n'
            '  "provider": "405000.00",\n'
            '  "provider_pays": "405000.00",\n'
            '  "council_meets_shortfall": "0.00",\n'
            '  "council_total": "945000.00"\n'
            "}\n"
        ) == out

    def test_provider_can_pay(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --provider-can-pay the JSON gives what the provider pays and the shortfall."""
        assert 0 == main(
            ["risk-share", REFERENCE, "1.35m", "--provider-can-pay", "0.07m", "--format", "json"]
        )
        assert {
            "contract": NAME,
            "kind": "overspend",
            "amount": "1350000.00",
            "council": "945000.00",
            "provider": "405000.00",
            "provider_pays": "70000.00",
            "council_meets_shortfall": "335000.00",
            "council_total": "1280000.00",
        } == json.loads(capsys.readouterr().out)

    def test_underspend(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An underspend in JSON: negative shares, no shortfall."""
        assert 0 == main(
            ["risk-share", REFERENCE, "-500000", "--provider-can-pay", "0", "--format=json"]
        )
        assert {
            "contract": NAME,
            "kind": "underspend",
            "amount": "-500000.00",
            "council": "-350000.00",
            "provider": "-150000.00",
            "provider_pays": "-150000.00",
            "council_meets_shortfall": "0.00",
            "council_total": "-350000.00",
        } == json.loads(capsys.readouterr().out)

    def test_non_ascii_name(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract name is written as it is, not as \\u escapes."""
        path = write(
            tmp_path,
            "c.contract",
            'contract "Café £ Trust" { risk share { council 70% provider 30% } }',
        )
        assert 0 == main(["risk-share", path, "1", "--format", "json"])
        out = capsys.readouterr().out
        assert '"contract": "Café £ Trust"' in out


class TestProblems:
    def test_no_risk_share(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract without a risk share: exit 1, with a message naming the file."""
        path = write(tmp_path, "plain.contract", 'contract "Plain" {\n    council "A"\n}\n')
        assert 1 == main(["risk-share", path, "1m"])
        assert ("", f"{path}: error: the contract has no `risk share` block\n") == (
            capsys.readouterr()
        )

    @pytest.mark.parametrize("amount", ["abc", "1.2 million", "£", "1,23", "nan", "inf"])
    def test_bad_amount(self, amount: str, capsys: pytest.CaptureFixture[str]) -> None:
        """An AMOUNT that is not money: exit 2, one line on stderr, nothing on stdout."""
        assert 2 == main(["risk-share", REFERENCE, amount])
        assert ("", NOT_MONEY.format(amount)) == capsys.readouterr()

    @pytest.mark.parametrize(
        ("argv", "option", "amount"),
        [
            (["0.0049"], "", "0.0049"),
            (["1.245"], "", "1.245"),
            (["1m", "--provider-can-pay", "£0.005"], "--provider-can-pay: ", "£0.005"),
            (["£1.234567891m"], "", "£1.234567891m"),
        ],
    )
    def test_finer_than_a_penny(
        self, argv: list[str], option: str, amount: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An amount finer than a penny is refused, as a readings file refuses one: it was
        rounded without a word (0.0049 an overspend of £0.00)."""
        assert 2 == main(["risk-share", REFERENCE, *argv])
        assert (
            "",
            f"perfcontract risk-share: error: {option}`{amount}` is not a whole number of pence"
            " (an amount is taken as written, never rounded for you: round it to the penny)\n",
        ) == capsys.readouterr()

    def test_bad_provider_can_pay(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A --provider-can-pay that is not money: exit 2."""
        assert 2 == main(["risk-share", REFERENCE, "1m", "--provider-can-pay", "xyz"])
        assert ("", NOT_MONEY.format("xyz").replace("error: ", "error: --provider-can-pay: ")) == (
            capsys.readouterr()
        )

    def test_huge_amount(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An amount too large to handle is a usage error, not a crash."""
        assert 2 == main(["risk-share", REFERENCE, "1" + "0" * 30])
        out, err = capsys.readouterr()
        assert "" == out
        assert err.startswith("perfcontract risk-share: error: ")

    def test_missing_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract file that does not exist: exit 2."""
        assert 2 == main(["risk-share", "nope.contract", "1m"])
        assert ("", "nope.contract: error: cannot read the file: No such file or directory\n") == (
            capsys.readouterr()
        )

    def test_bad_contract(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A contract whose shares do not add up: exit 1, the diagnostic with line and caret."""
        path = write(
            tmp_path,
            "bad.contract",
            'contract "Bad" {\n    risk share {\n        council 70%\n'
            "        provider 20%\n    }\n}\n",
        )
        assert 1 == main(["risk-share", path, "1m"])
        out, err = capsys.readouterr()
        assert "" == out
        assert err.startswith(
            f"{path}:3:9: error: the risk share: the shares add up to 90%, not 100%\n"
            "    3 |         council 70%\n"
        )
        assert err.endswith(f"{path}: 1 error\n")

    def test_syntax_error(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Money the contract cannot read: exit 1 with its line."""
        path = write(
            tmp_path,
            "bad.contract",
            'contract "Bad" {\n    risk share {\n        council 70%\n        provider 30%\n'
            "        provider cap £1,23\n    }\n}\n",
        )
        assert 1 == main(["risk-share", path, "1m"])
        assert capsys.readouterr().err.startswith(f"{path}:5:")

    @pytest.mark.parametrize(
        "args",
        [
            ["risk-share"],
            ["risk-share", REFERENCE],
            ["risk-share", REFERENCE, "1m", "--format", "xml"],
            ["risk-share", REFERENCE, "1m", "extra"],
        ],
    )
    def test_usage(self, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """Missing or extra arguments, or an unknown format: exit 2 with argparse's usage."""
        assert 2 == main(args)
        out, err = capsys.readouterr()
        assert "" == out
        assert err.startswith("usage: perfcontract")

    @pytest.mark.parametrize(
        ("contract", "args"),
        [
            ('contract "x" { risk share { council 70% provider 30% } }', ["abc"]),
            ('contract "x" { risk share { council 70% provider 30% } }', ["1" + "0" * 30]),
            (
                'contract "x" { risk share { council 70% provider 30% } }',
                ["1", "--provider-can-pay", "1" + "0" * 30],
            ),
            ('contract "x" { risk share { council 70% } }', ["1m"]),
            ('contract "x" { risk share { } }', ["1m"]),
            ('contract "x" { risk share { council 70% provider 30% provider cap £1e9 } }', ["1m"]),
            ('contract "x" { }', ["1m"]),
            ("\x00", ["1m"]),
        ],
    )
    def test_never_a_traceback(
        self, tmp_path: Path, contract: str, args: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No bad input makes the command raise: it reports and exits 1 or 2."""
        path = write(tmp_path, "x.contract", contract)
        assert main(["risk-share", path, *args]) in (1, 2)
        assert "Traceback" not in capsys.readouterr().err

    def test_huge_cap(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A cap too large to reach is refused (exit 1) or never reached (exit 0); never a crash."""
        path = write(
            tmp_path,
            "x.contract",
            'contract "x" { risk share { council 70% provider 30%'
            " provider cap £1000000000000000000000000000bn } }",
        )
        assert main(["risk-share", path, "1m"]) in (0, 1)
        assert "Traceback" not in capsys.readouterr().err
