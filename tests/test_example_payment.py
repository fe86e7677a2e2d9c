"""The facilities example, a year of monthly readings, and the how-to that walks through it.

``examples/fm-2024-25.contract`` and its readings tell the story of SPEC 6.1
with numbers: a quiet May (£750 of points), a poor October (credits and
points, £14,850), November capped at 10% of the charge (£44,100 of lines,
£42,000 deducted), the warnings that November's storm reaches, and the
year's £83,100. These tests pin those figures, that the example is checked,
laid out canonically and complete, that the report of a quarter shows its
payment, and that the how-to's contract excerpt is the example's.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "examples/fm-2024-25.contract"
READINGS = "examples/fm-2024-25-readings.csv"
HOW_TO = ROOT / "docs" / "how-to" / "payment-mechanism.md"
GOLDEN = ROOT / "tests" / "golden" / "payment"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
FM = pc.load(ROOT / CONTRACT)
FM_READINGS = pc.Readings.from_csv(ROOT / READINGS)
GENERATED = datetime.datetime(2025, 1, 15, 9, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root."""
    monkeypatch.chdir(ROOT)


class TestExample:
    def test_check(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`perfcontract check` accepts the example."""
        assert 0 == main(["check", CONTRACT])
        assert f"{CONTRACT}: ok: 5 measures in 3 groups, 1 volumetric\n" == capsys.readouterr().out

    def test_fmt_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example is laid out as `perfcontract fmt` lays it out."""
        assert 0 == main(["fmt", "--check", CONTRACT])

    def test_check_leaves_numpy_alone(self) -> None:
        """Loading a contract with a payment block does not import numpy (`check` stays fast)."""
        code = "import sys, perfcontract as pc; pc.load(sys.argv[1]); print('numpy' in sys.modules)"
        done = subprocess.run(
            [sys.executable, "-c", code, CONTRACT], capture_output=True, text=True, check=True
        )
        assert "False\n" == done.stdout

    def test_a_year_of_monthly_readings(self) -> None:
        """Every measure has a reading for each of the twelve months of 2024/25."""
        resolved = FM_READINGS.resolve(FM)
        for measure in FM.measures:
            for month in pc.Period.parse("2024/25").months():
                assert resolved.get(measure, month) is not None, (measure, month)

    def test_not_provisional(self) -> None:
        """With a complete year, no month is provisional."""
        assert not FM.payment(FM_READINGS, period="2024/25").provisional

    @pytest.mark.parametrize(
        ("month", "deduction", "payment"),
        [
            ("2024-05", "750.00", "419250.00"),
            ("2024-10", "14850.00", "405150.00"),
            ("2024-11", "42000.00", "378000.00"),
            ("2025-03", "0.00", "420000.00"),
        ],
    )
    def test_months(self, month: str, deduction: str, payment: str) -> None:
        """The months the how-to tells of: quiet, poor, capped and clean."""
        pay = FM.payment(FM_READINGS, period=month)
        assert (Decimal(deduction), Decimal(payment)) == (pay.total_deduction, pay.payment)

    def test_quarters_add_up_to_the_year(self) -> None:
        """The four quarters' deductions add up to the year's."""
        year = FM.payment(FM_READINGS, period="2024/25")
        quarters = [FM.payment(FM_READINGS, period=str(q)) for q in year.period.quarters()]
        assert year.total_deduction == sum(q.total_deduction for q in quarters)
        assert Decimal("83100.00") == year.total_deduction


class TestReport:
    def report(self) -> pc.Report:
        return pc.Report.build(FM, FM_READINGS, "2024/25 Q3", generated=GENERATED)

    def test_markdown_golden(self) -> None:
        """The quarter's Markdown report, its payment section included, is its golden file."""
        actual = self.report().to_markdown()
        path = GOLDEN / "report-2024-25-q3.md"
        if UPDATE:
            path.write_text(actual, encoding="utf-8", newline="\n")
        assert path.read_text(encoding="utf-8") == actual
        assert "## Payment" in actual

    def test_html_section(self) -> None:
        """The HTML report has a payment section with the quarter's table and warnings."""
        page = self.report().to_html()
        section = page[page.index('<section id="payment">') :]
        section = section[: section.index("</section>")]
        assert "£42,000.00 (capped)" in section
        assert "<li>Warning reached: 2024-11: 297 points in 3 months (warning at 100)</li>" in (
            section
        )

    def test_no_section_without_a_payment_block(self) -> None:
        """A contract without a payment block has no payment section."""
        contract = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
        readings = pc.Readings.from_csv(ROOT / "examples" / "dcst-2017-18-readings.csv")
        report = pc.Report.build(contract, readings, "2017/18 Q4", generated=GENERATED)
        assert (None, "") == (report.payment, report.payment_note)
        assert "Payment" not in report.to_markdown().split("\n## ")[-1][:20]
        assert 'id="payment"' not in report.to_html()

    def test_note_when_no_payment_can_be_worked_out(self) -> None:
        """A report of a period shorter than the payment period says why there is no payment."""
        contract = pc.loads(
            'contract "c" { group "g" { measure A "t" { unit percent no target } }'
            " payment { charge £1 annually } }"
        )
        report = pc.Report.build(contract, {"A": 1}, "2024/25 Q1", generated=GENERATED)
        assert report.payment is None
        assert report.payment_note.startswith("No payment for 2024/25 Q1: the charge is paid")
        assert report.payment_note in report.to_markdown()


class TestHowTo:
    TEXT = HOW_TO.read_text(encoding="utf-8")

    def test_excerpt_is_the_example(self) -> None:
        """The payment block shown on the page is the example's, word for word."""
        contract = (ROOT / CONTRACT).read_text(encoding="utf-8")
        (excerpt,) = re.findall(
            r"^```contract\n(payment \{.*?)^```$", self.TEXT, re.MULTILINE | re.DOTALL
        )
        assert "\n".join(f"    {line}" for line in excerpt.splitlines()) in contract

    def test_says_what_it_chose(self) -> None:
        """The page says what perfcontract does where the issue is silent."""
        for words in (
            "A cap in pounds and as a percentage both",
            "on a volumetric measure is an error",
            "A warning window longer than the data",
        ):
            assert words in self.TEXT

    @pytest.mark.parametrize("page", ["docs/index.md", "README.md"])
    def test_linked(self, page: str) -> None:
        """The documentation's index and the README link the page."""
        assert "how-to/payment-mechanism.md" in (ROOT / page).read_text(encoding="utf-8")
