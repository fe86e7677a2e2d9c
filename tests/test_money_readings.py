"""Money readings stay exact: read as written, whole pennies only, shown as money everywhere.

A money measure's reading is kept as the decimal written (``ResolvedReadings.amount``),
a sub-penny amount or one beyond £1,000,000bn is refused naming the file, line,
measure and period, and every output shows money as money: ``£4,200,000.00`` in
text, Markdown and HTML, ``4200000.00`` in CSV, and never an exponent anywhere.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main
from perfcontract.readings import Readings

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_PATH = ROOT / "tests" / "golden" / "good" / "money-measures.contract"
CONTRACT = pc.load(CONTRACT_PATH)
D = Decimal
EXPONENT = re.compile(r"[0-9]e[+-]?[0-9]", re.IGNORECASE)


def resolved(value: object, measure: str = "M1", period: str = "2024-05") -> pc.ResolvedReadings:
    return Readings.from_mapping({measure: value}, period).resolve(CONTRACT)


class TestExact:
    @pytest.mark.parametrize(
        ("written", "exact"),
        [
            ("£4,200,000.10", "4200000.10"),
            ("4200000.1", "4200000.1"),
            ("£1.2m", "1.2E+6"),
            ("£950k", "9.50E+5"),
            ("−£0.01", "-0.01"),
            ("£0.25bn", "2.5E+8"),
            (D("262500.00"), "262500.00"),
            (0.1, "0.1"),
            (4_200_000, "4200000"),
        ],
    )
    def test_amount_as_written(self, written: object, exact: str) -> None:
        """amount() is the Decimal written, equal to what was written, never through a float."""
        assert D(exact) == resolved(written).amount("M1", "2024-05")

    def test_missing_and_absent(self) -> None:
        """A missing value and no row are both None."""
        readings = resolved("")
        assert readings.amount("M1", "2024-05") is None
        assert readings.amount("M2", "2024-05") is None

    def test_sum_of_amounts_is_exact(self) -> None:
        """Amounts add up exactly where floats would not (0.1 + 0.2)."""
        readings = Readings.from_csv_text(
            "measure,period,value\nM2,2024-04,0.10\nM2,2024-05,0.20\n"
        ).resolve(CONTRACT)
        total = readings.amount("M2", "2024-04") + readings.amount("M2", "2024-05")  # type: ignore[operator]
        assert D("0.30") == total


class TestRefused:
    @pytest.mark.parametrize(
        "written", ["£262,500.005", "262500.125", "0.001", D("0.005"), 0.30000000000000004, "1e-5"]
    )
    def test_sub_penny(self, written: object) -> None:
        """Finer than a penny is an error naming the measure and period, never rounded."""
        with pytest.raises(pc.ReadingsError) as caught:
            resolved(written, "M2")
        first = caught.value.first
        assert first.message.startswith("measure M2, period 2024-05: ")
        assert first.message.endswith(
            "is not a whole number of pence, but M2 is an amount of money"
        )

    @pytest.mark.parametrize("written", ["£1,000,000bn", "-1e15", "£0.01", "1e-2", "£0.10"])
    def test_boundaries_taken(self, written: str) -> None:
        """A penny and £1,000,000bn are taken, either side of zero."""
        assert resolved(written).amount("M1", "2024-05") is not None

    @pytest.mark.parametrize("written", ["1000000000000000.01", "-£1,000,000.000001bn", "1e16"])
    def test_too_much(self, written: str) -> None:
        """Beyond £1,000,000bn is an error."""
        with pytest.raises(pc.ReadingsError, match="is more than any contract's money"):
            resolved(written)

    @pytest.mark.parametrize(
        ("written", "taken"),
        [
            ("£70,368,744,177,663.99", True),  # below 2**46 pennies' worth: every penny kept
            ("£70,368,744,177,664.01", False),
            ("£99,999,999,999,999.99", False),
            ("£999,999,999,999,999", True),  # whole pounds are kept up to £1,000,000bn
        ],
    )
    def test_kept_to_the_penny_or_refused(self, written: str, taken: bool) -> None:
        """A reading whose float would not show its pennies is refused, never shown a penny out."""
        if taken:
            value = resolved(written).get("M1", "2024-05")
            assert value is not None
            assert D(written.replace("£", "").replace(",", "")) == D(repr(value)).quantize(
                D("0.01"), rounding="ROUND_HALF_UP"
            )
        else:
            with pytest.raises(pc.ReadingsError, match="is too large to rate to the penny"):
                resolved(written)

    def test_file_line_measure_period(self, tmp_path: Path) -> None:
        """From a file the error names the file, the line and the cell."""
        path = tmp_path / "r.csv"
        path.write_text('measure,period,value\nM2,2024-05,"£262,500.005"\n', encoding="utf-8")
        with pytest.raises(pc.ReadingsError) as caught:
            Readings.from_csv(path).resolve(CONTRACT)
        first = caught.value.first
        assert (str(path), 2, 12) == (first.source, first.line, first.column)
        assert "measure M2, period 2024-05" in first.message

    def test_other_units_untouched(self) -> None:
        """Sub-penny rules are for money: a number measure takes any decimal."""
        contract = pc.loads(
            'contract "c" { group "g" { measure N1 "n" {'
            " unit number higher is better no target } } }"
        )
        readings = Readings.from_mapping({"N1": "0.005"}, "2024-05").resolve(contract)
        assert 0.005 == readings.get("N1", "2024-05")


READINGS = """\
measure,period,value
M1,2024-04,"£4,200,000"
M1,2024-05,"£1,000,000bn"
M2,2024-04,"£262,500.00"
M2,2024-05,0.10
"""


class TestOutputs:
    @pytest.fixture
    def readings(self, tmp_path: Path) -> str:
        path = tmp_path / "money.csv"
        path.write_text(READINGS, encoding="utf-8")
        return str(path)

    @pytest.mark.parametrize("form", ["text", "markdown", "json", "csv"])
    def test_evaluate_never_an_exponent(
        self, form: str, readings: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No money figure in any evaluate format is written with an exponent."""
        main(["evaluate", str(CONTRACT_PATH), readings, "--period", "2024-05", "--format", form])
        out = capsys.readouterr().out
        assert not EXPONENT.search(out), out

    @pytest.mark.parametrize("form", ["text", "markdown"])
    def test_evaluate_as_money(
        self, form: str, readings: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Text and Markdown write money to the penny with the pound sign."""
        main(["evaluate", str(CONTRACT_PATH), readings, "--period", "2024-05", "--format", form])
        out = capsys.readouterr().out
        assert "£1,000,000,000,000,000.00" in out
        assert "£0.10" in out

    def test_evaluate_csv(self, readings: str, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV writes money as plain decimals to the penny."""
        main(["evaluate", str(CONTRACT_PATH), readings, "--period", "2024-05", "--format", "csv"])
        out = capsys.readouterr().out
        assert ",1000000000000000.00," in out
        assert ",4200000.00," in out

    @pytest.mark.parametrize("form", ["html", "markdown"])
    def test_report(self, form: str, readings: str, tmp_path: Path) -> None:
        """The report writes money as money, in HTML and Markdown alike."""
        out = tmp_path / f"report.{form}"
        args = ["report", str(CONTRACT_PATH), readings, "--period", "2024-05"]
        assert 0 == main([*args, "--format", form, "-o", str(out)])
        text = out.read_text(encoding="utf-8")
        assert "£4,200,000.00" in text
        assert "£1,000,000,000,000,000.00" in text
        assert not EXPONENT.search(re.sub(r"<svg.*?</svg>", "", text, flags=re.DOTALL))
