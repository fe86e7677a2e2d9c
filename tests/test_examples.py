"""The second example, a waste contract for 2024/25, and the how-to that walks through it.

``examples/waste-2024-25.contract`` and its readings tell the story of SPEC 3.1
with numbers: W1's year rated sum over sum (50.38, Inside tolerance) where the
mean of its monthly rates (49.75) would be On or better than target; V1's
third quarter on target against its profiled share of the year and outside
tolerance against an equal one; measures not due in a month kept out of the
month's summary. These tests pin those figures, that the example is checked
and laid out canonically, that its reports build, and that every command and
contract excerpt in ``docs/how-to/beyond-the-reference.md`` is what perfcontract
prints and what the example says (its ``pycon`` blocks run as doctests).
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import re
import shlex
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import perfcontract as pc
from console_blocks import console_examples
from perfcontract.cli import main
from perfcontract.evaluation import Evaluation

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = "examples/waste-2024-25.contract"
READINGS = "examples/waste-2024-25-readings.csv"
HOW_TO = ROOT / "docs" / "how-to" / "beyond-the-reference.md"
EPOCH = 1743494400  # 1 April 2025 08:00 UTC
WASTE = pc.load(ROOT / CONTRACT)
WASTE_READINGS = pc.Readings.from_csv(ROOT / READINGS)
MONTHS = pc.Period.parse("2024/25").months()
NOTE = "note: no commentary for 7 measures of concern: W1, W2, WS1, V1, W-4.1, T1, H1\n"


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, at a fixed time and terminal width."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


def evaluate(period: str) -> Evaluation:
    return WASTE.evaluate(WASTE_READINGS, period=period)


@pytest.fixture(scope="module")
def year() -> Evaluation:
    return evaluate("2024/25")


# ---------------------------------------------------------------------------
# The contract and its readings


class TestContract:
    def test_check(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`perfcontract check` passes the example and counts its measures."""
        assert (
            0,
            f"{CONTRACT}: ok: 9 measures in 5 groups, 4 volumetric\n",
            "",
        ) == (main(["check", CONTRACT]), *capsys.readouterr())

    def test_fmt_clean(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example is laid out as `perfcontract fmt` writes it: `fmt --check` is silent."""
        assert (0, "", "") == (main(["fmt", "--check", CONTRACT]), *capsys.readouterr())

    def test_every_clause_of_spec_3_1(self) -> None:
        """The example uses each clause the how-to explains."""
        w1, w2, kpi7, ws1 = WASTE["W1"], WASTE["W2"], WASTE["KPI_7"], WASTE["WS1"]
        v1, survey, h1, r1, t1 = WASTE["V1"], WASTE["W-4.1"], WASTE["H1"], WASTE["R1"], WASTE["T1"]
        assert (
            ("W1N", "W1D", Decimal(100000)),
            ("W2N", "W2D", Decimal(100)),
            ("year to date", "rolling 3 months", "October to April"),
            (pc.Reporting.ANNUALLY, pc.Reporting.QUARTERLY, pc.Reporting.MONTHLY),
            ((Decimal(26), Decimal(25), Decimal(23), Decimal(26)), True),
            (pc.UnitKind.YES_NO, pc.UnitKind.GRADE, pc.UnitKind.MINUTES),
            pc.UnitKind.TONNES,
        ) == (
            (w1.numerator, w1.denominator, w1.scale),
            (w2.numerator, w2.denominator, w2.scale),
            (str(w2.window), str(kpi7.window), str(ws1.season)),
            (survey.frequency, r1.frequency, t1.frequency),
            (v1.profile, v1.targets[0].per_year),
            (h1.unit.kind, r1.unit.kind, t1.unit.kind),
            WASTE["W2N"].unit.kind,
        )


class TestReadings:
    def test_resolve(self) -> None:
        """Every row is one the contract takes."""
        assert 110 == len(WASTE_READINGS.resolve(WASTE).values)

    def test_every_measure_that_takes_readings_has_them(self) -> None:
        """Monthly measures have the twelve months; ratios none; the survey its year; the
        inspection its quarters; gritting its months in season; KPI_7 two more for its window."""
        periods: dict[str, list[str]] = {}
        for reading in WASTE_READINGS:
            periods.setdefault(reading.measure, []).append(reading.period)
        months = [str(m) for m in MONTHS]
        in_season = ["2024-04", "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
        assert {
            **dict.fromkeys(("W1N", "W1D", "W2N", "W2D", "V1", "T1", "H1"), months),
            "KPI_7": ["2024-02", "2024-03", *months],
            "WS1": in_season,
            "W-4.1": ["2024/25"],
            "R1": [f"2024/25 Q{q}" for q in range(1, 5)],
        } == periods


# ---------------------------------------------------------------------------
# The story the data tells


class TestSumOverSum:
    def test_year_of_w1(self, year: Evaluation) -> None:
        """W1's year is the year's missed bins over its collections: 50.38, Inside tolerance."""
        w1 = year["W1"]
        assert (2591.0, 5143200.0, 2591 / 5143200 * 100000, pc.Status.WITHIN_TOLERANCE) == (
            year["W1N"].value,
            year["W1D"].value,
            pytest.approx(w1.value, rel=1e-12),
            w1.status,
        )
        assert "50.38" == f"{w1.value:.2f}"

    def test_mean_of_monthly_rates_would_be_on_target(self) -> None:
        """The mean of the twelve monthly rates is 49.75, which would be On or better than
        target: the example's figures make the difference change the status."""
        monthly = [evaluate(str(m))["W1"].value for m in MONTHS]
        mean = sum(monthly) / len(monthly)
        assert ("49.75", pc.Status.ON_TARGET) == (f"{mean:.2f}", WASTE["W1"].rate(mean, "2024/25"))

    def test_quarter_is_sum_over_sum(self) -> None:
        """A quarter of W1 is its three months' counts divided, too."""
        assert pytest.approx((307 + 323 + 194) / (468200 + 471500 + 421700) * 100000) == (
            evaluate("2024/25 Q2")["W1"].value
        )

    def test_year_to_date(self, year: Evaluation) -> None:
        """W2 in July is April to July; the year is the year to date at March, 44.48%."""
        assert ("51.04", "44.48", pc.Status.WITHIN_TOLERANCE) == (
            f"{evaluate('2024-07')['W2'].value:.2f}",
            f"{year['W2'].value:.2f}",
            year["W2"].status,
        )

    def test_rolling_window(self, year: Evaluation) -> None:
        """KPI_7 in August is June to August (92.97%, inside tolerance, where August alone,
        88.4%, is outside); the year is its last three months."""
        assert (
            "92.97",
            pc.Status.WITHIN_TOLERANCE,
            pc.Status.OUTSIDE_TOLERANCE,
            pytest.approx((92.8 + 96.7 + 97.1) / 3),
        ) == (
            f"{evaluate('2024-08')['KPI_7'].value:.2f}",
            evaluate("2024-08")["KPI_7"].status,
            WASTE["KPI_7"].rate(88.4, "2024-08"),
            year["KPI_7"].value,
        )


class TestProfiledTarget:
    def test_quarter_targets(self) -> None:
        """650,000 a year split 26%, 25%, 23%, 26% by quarter."""
        v1 = WASTE["V1"]
        quarters = [f"2024/25 Q{q}" for q in range(1, 5)]
        assert [169000, 162500, 149500, 169000] == [v1.target_at(q) for q in quarters]

    def test_profile_decides_the_third_quarter(self) -> None:
        """Q3's 150,300 visits are on target against 149,500 and would be outside tolerance
        against an equal split's 162,500 (tolerance 154,375)."""
        q3 = evaluate("2024/25 Q3")["V1"]
        equal = attrs.evolve(WASTE["V1"], profile=())
        assert (
            (150300.0, Decimal(149500), Decimal(142025), pc.Status.ON_TARGET),
            (Decimal(162500), Decimal(154375), pc.Status.OUTSIDE_TOLERANCE),
        ) == (
            (q3.value, q3.target, q3.tolerance, q3.status),
            (
                equal.target_at("2024/25 Q3"),
                equal.tolerance_at("2024/25 Q3"),
                equal.rate(150300, "2024/25 Q3"),
            ),
        )

    def test_year(self, year: Evaluation) -> None:
        """The year's 646,000 visits against the year's 650,000: Inside tolerance."""
        v1 = year["V1"]
        assert (646000.0, Decimal(650000), Decimal(617500), pc.Status.WITHIN_TOLERANCE) == (
            v1.value,
            v1.target,
            v1.tolerance,
            v1.status,
        )


class TestNotDue:
    def test_a_month(self) -> None:
        """In July the survey, the inspection and gritting are not due, each said so."""
        july = evaluate("2024-07")
        assert [
            ("WS1", "out of season"),
            ("W-4.1", "not due (reported annually)"),
            ("R1", "not due (reported quarterly)"),
        ] == [(r.id, r.not_due) for r in july if not r.due]

    def test_not_counted_in_the_summary(self) -> None:
        """July's summary counts the six measures due, none of them No data."""
        summary = evaluate("2024-07").summary()
        assert ((0, 2, 4, 0), 6) == (summary.total.counts, sum(summary.total.counts))

    def test_gritting_out_of_season_quarter(self) -> None:
        """Gritting's second quarter (July to September) is out of season as a whole; its
        first is April alone."""
        assert ((False, "out of season"), 100.0) == (
            (evaluate("2024/25 Q2")["WS1"].due, evaluate("2024/25 Q2")["WS1"].not_due),
            evaluate("2024/25 Q1")["WS1"].value,
        )

    def test_due_in_the_year(self, year: Evaluation) -> None:
        """Over the year every measure is due: the survey is its one reading."""
        assert (True, 67.0, pc.Status.WITHIN_TOLERANCE) == (
            all(r.due for r in year),
            year["W-4.1"].value,
            year["W-4.1"].status,
        )


class TestYesNoAndGrades:
    def test_one_no_makes_the_quarter_and_year_no(self, year: Evaluation) -> None:
        """The licence lapsed in November: Q3 and the year are no, Outside tolerance."""
        q3 = evaluate("2024/25 Q3")["H1"]
        assert [(0.0, pc.Status.OUTSIDE_TOLERANCE)] * 2 == [
            (q3.value, q3.status),
            (year["H1"].value, year["H1"].status),
        ]

    def test_grade_is_the_latest(self, year: Evaluation) -> None:
        """R1 over the year is the fourth quarter's Good (3): On or better than target."""
        assert (3.0, pc.Status.ON_TARGET) == (year["R1"].value, year["R1"].status)


# ---------------------------------------------------------------------------
# Outputs


STATUS = re.compile(r"(Outside tolerance|Inside tolerance|On or better|volumetric|not due|out of)")


class TestOutputs:
    def test_text_lines_up(self, year: Evaluation) -> None:
        """Values wider than ten characters (`24,494.5 tonnes`) widen the value column, so
        every status starts in the same column."""
        for evaluation in (evaluate("2024-07"), year):
            lines = evaluation.to_text().split("\n\n")[1].splitlines()
            starts = {match.start() for line in lines if (match := STATUS.search(line))}
            assert (13, 1) == (len(lines), len(starts))

    def test_words_and_units(self, year: Evaluation) -> None:
        """Yes/no, grades, minutes and tonnes are shown as the contract states them."""
        text = year.to_text()
        for shown in ("  no  Outside", "Good  On or better", "2.31 minutes", "24,494.5 tonnes"):
            assert shown in text

    @pytest.mark.parametrize("form", ["html", "markdown"])
    def test_year_report(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str
    ) -> None:
        """`perfcontract report` makes the year report in HTML and Markdown."""
        out = tmp_path / f"year.{'html' if form == 'html' else 'md'}"
        status = main(["report", CONTRACT, READINGS, "--period", "2024/25", "--format", form])
        page = capsys.readouterr().out
        assert 0 == status
        assert 0 == main(
            ["report", CONTRACT, READINGS, "--period", "2024/25", "--format", form, "-o", str(out)]
        )
        assert (f"{out}: {form} report for 2024/25\n{NOTE}", page) == (
            capsys.readouterr().err,
            out.read_text(encoding="utf-8"),
        )
        if form == "html":
            assert page.startswith("<!DOCTYPE html>")
            for cell in ("<td>50.38</td>", "<td>646,000</td>", "<td>650,000</td>", "<td>no</td>"):
                assert cell in page
        else:
            assert page.startswith(
                "# Waste collection and street cleansing contract: performance report, 2024/25\n"
            )
            assert (
                "| V1 Visits to household waste recycling centres | 646,000 | 650,000 | 617,500"
                " | Inside tolerance |"
            ) in page

    def test_month_report_lists_what_is_not_due(self) -> None:
        """A month's report puts the measures not due in their own section."""
        report = pc.Report.build(WASTE, WASTE_READINGS, "2024-07")
        markdown = report.to_markdown()
        assert (["WS1", "W-4.1", "R1"], True) == (
            [entry.id for entry in report.section(pc.Section.NOT_DUE)],
            "- **R1** Depot health and safety inspection grade: not due (reported quarterly)"
            in markdown,
        )


# ---------------------------------------------------------------------------
# The how-to


HOW_TO_TEXT = HOW_TO.read_text(encoding="utf-8")
CONSOLE = console_examples(HOW_TO)


class TestHowTo:
    def test_has_console_examples(self) -> None:
        """The page shows check, fmt, evaluate and two reports."""
        assert ["check", "fmt", "evaluate", "report", "report"] == [
            shlex.split(command)[1] for command, _ in CONSOLE
        ]

    @pytest.mark.parametrize(("command", "output"), CONSOLE, ids=[c for c, _ in CONSOLE])
    def test_console_example(
        self,
        command: str,
        output: str,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Each command prints what the page shows (standard output, then standard error),
        run in a folder with the examples, so that its report lands there."""
        shutil.copytree(ROOT / "examples", tmp_path / "examples")
        monkeypatch.chdir(tmp_path)
        program, *args = shlex.split(command)
        assert "perfcontract" == program
        status = main(args)
        out, err = capsys.readouterr()
        assert (0, output) == (status, out + err)

    def test_excerpts_are_the_example(self) -> None:
        """Every excerpt of the contract on the page is in the example as shown."""
        contract = (ROOT / CONTRACT).read_text(encoding="utf-8")
        excerpts = re.findall(r"^```contract\n(.*?)^```$", HOW_TO_TEXT, re.MULTILINE | re.DOTALL)
        assert 9 == len(excerpts)
        for excerpt in excerpts:
            assert excerpt in contract

    @pytest.mark.parametrize("page", ["docs/index.md", "README.md"])
    def test_linked(self, page: str) -> None:
        """The documentation's index and the README's docs list link the page."""
        assert "how-to/beyond-the-reference.md" in (ROOT / page).read_text(encoding="utf-8")
