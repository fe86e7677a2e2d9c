"""Results a performance officer would check by hand: each test states a case, and the
value, status, direction, count or report figure that the documented rules give for it,
worked out in decimals.

Each case here once came out differently from the rules; the figures are exact.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
import re

import perfcontract as pc
from perfcontract.report import Report

GENERATED = datetime.datetime(2018, 7, 9, 9, 0, tzinfo=datetime.timezone.utc)

# A measure rated on the whole percentage, with benchmarks published to one decimal.
ROUNDED = pc.loads(
    """contract "Timeliness" {
    group "Social Care Pathway" {
        measure A2 "Timeliness of single assessments" {
            unit percent
            higher is better
            target 90%
            tolerance 85%
            rounded to 0 dp
            benchmark national 89.6%, regional 90.4%, statistical neighbours 90% for 2017
        }
    }
}"""
)


def benchmark_rows(text: str) -> list[str]:
    """The rows of a Markdown report's benchmarks table."""
    section = text.split("## Benchmarks", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| A2 ")]


class TestBenchmarksOfARoundedMeasure:
    def test_markdown_shows_each_benchmark_and_gap_as_published(self) -> None:
        """89.7% rated as 90% against a national 89.6% is 0.4 better, not "90%, gap 0, better".

        The benchmark is shown to its own decimals, and the gap to as many as the value
        and the benchmark have between them, so the figures agree with the verdict.
        """
        report = Report.build(ROUNDED, {"A2": 89.7}, "2017/18 Q4", generated=GENERATED)
        named = "| A2 Timeliness of single assessments | 90%"
        assert [
            f"{named} | national | 89.6% | 2017 | +0.4 | better |",
            f"{named} | regional | 90.4% | 2017 | -0.4 | worse |",
            f"{named} | statistical neighbours | 90% | 2017 | 0 | same |",
        ] == benchmark_rows(report.to_markdown())

    def test_html_shows_each_benchmark_and_gap_as_published(self) -> None:
        """The HTML page's benchmarks table shows the same figures as the Markdown."""
        page = Report.build(ROUNDED, {"A2": 89.7}, "2017/18 Q4", generated=GENERATED).to_html()
        table = page.split('<table class="benchmarks">', 1)[1].split("</table>", 1)[0]
        cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in table.split("<tr>")[2:]]
        assert [
            ["90%", "national", "89.6%", "2017", "+0.4", "better"],
            ["90%", "regional", "90.4%", "2017", "-0.4", "worse"],
            ["90%", "statistical neighbours", "90%", "2017", "0", "same"],
        ] == cells
