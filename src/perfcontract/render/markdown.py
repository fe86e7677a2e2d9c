"""Markdown: the report for pasting into a committee paper or a wiki.

The same content as the HTML page, in the same order: the header, the
summary table, the measures of concern and of good performance with their
commentary, every contract measure with its trend written out, benchmarks,
and the volumetric measures. Statuses are written in words; a trend is the
readings joined by arrows, oldest first.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
>>> text = pc.Report.build(contract, readings, "2017/18 Q4").to_markdown()
>>> print(text.splitlines()[0])
# DCST service delivery contract: performance report, Quarter 4 2017/18

```
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from perfcontract._escape import Escaped, markdown_cell, markdown_text
from perfcontract._markup import to_markdown
from perfcontract.render import (
    _benchmark_figures,
    _Figures,
    _figures_of,
    _trend_values,
    format_value,
)
from perfcontract.report import Section
from perfcontract.status import Direction

if TYPE_CHECKING:
    from perfcontract.commentary import Comment
    from perfcontract.evaluation import MeasureResult
    from perfcontract.report import Report, ReportEntry

__all__ = ["report_markdown"]

# A list item as _markup writes it; a paragraph's front is escaped, so never matches.
_LIST_ITEM = re.compile(r"(?:-|[0-9]{1,9}\.) ")


def report_markdown(report: Report) -> str:
    """The report as Markdown, ending with one newline."""
    figures = {entry.id: _figures_of(entry.result) for entry in report.entries}
    lines = [f"# {markdown_text(report.title)}", ""]
    lines += [f"- **{name}:** {markdown_text(value)}" for name, value in report.facts()]
    lines += ["", "## Summary", "", report.summary().to_markdown(), ""]
    gaps = report.missing_commentary()
    if gaps:
        names = ", ".join(markdown_cell(entry.id) for entry in gaps)
        lines += [f"**No commentary** for measures of concern or potential concern: {names}.", ""]
    for section in (Section.CONCERN, Section.GOOD, Section.UNRATED):
        entries = report.section(section)
        if not entries and section is Section.UNRATED:
            continue
        lines += [f"## {section.heading}", ""]
        if not entries:
            lines += ["None this period.", ""]
        for entry in entries:
            lines += _entry(entry, report, figures[entry.id])
    lines += _not_due(report)
    lines += _measures(report, figures)
    lines += _benchmarks(report, figures)
    lines += _volumetric(report)
    if report.contract.payment_mechanism is not None:
        from perfcontract.render.payment import payment_markdown_section

        lines += payment_markdown_section(report.payment, report.payment_note)
    if report.unshown:
        lines += ["## Commentary on other periods", ""]
        lines += [f"Not about {report.caption}, so not shown above.", ""]
        for comment in report.unshown:
            title = report.contract[comment.measure].title
            lines += [f"### {markdown_text(comment.measure)} {markdown_text(title)}", ""]
            lines += _comment(comment, report)
    return "\n".join(lines).rstrip("\n") + "\n"


def _status(result: MeasureResult) -> str:
    if not result.due:
        return result.not_due
    return "volumetric" if result.status is None else result.status.label


def _not_due(report: Report) -> list[str]:
    entries = report.section(Section.NOT_DUE)
    if not entries:
        return []
    lines = [f"## {Section.NOT_DUE.heading}", ""]
    for entry in entries:
        result = entry.result
        lines.append(
            f"- **{markdown_text(result.id)}** {markdown_text(result.measure.title)}:"
            f" {result.not_due}"
        )
        if entry.commentary:  # what was said is shown, due or not: under its item
            lines.append("")
            for comment in entry.commentary:
                lines += [f"  {line}" if line else "" for line in _comment(comment, report)]
    return [*lines, ""]


def _direction(result: MeasureResult) -> str:
    return _DIRECTIONS[result.direction]


def _direction_words(direction: Direction) -> str:
    return f"{direction.arrow} {direction.label}" if direction.arrow else direction.label


_DIRECTIONS = {direction: _direction_words(direction) for direction in Direction}


def _entry(entry: ReportEntry, report: Report, figures: _Figures) -> list[str]:
    result = entry.result
    measure = result.measure
    lines = [
        f"### {markdown_text(result.id)} {markdown_text(result.measure.title)}",
        "",
        f"- **Status:** {_status(result)} ({_direction(result)})",
        f"- **Value:** {figures.value}; **target** {figures.target};"
        f" **tolerance** {figures.tolerance}",
    ]
    if not math.isnan(result.previous_value):
        before = (result.previous_target, result.previous_tolerance)
        shown = format_value(result.previous_value, measure, rated_against=before)
        lines.append(f"- **Before:** {shown}")
    movement = result.movement  # worked out from the statuses each time it is read
    if movement:
        lines.append(f"- **Movement:** {movement}")
    lines.append("")
    if entry.needs_commentary:
        lines += ["**No commentary for this period.**", ""]
    for comment in entry.commentary:
        lines += _comment(comment, report)
    return lines


def _comment(comment: Comment, report: Report) -> list[str]:
    when = report.said_when(comment)
    author = markdown_text(comment.author) + (f" ({markdown_text(when)})" if when else "")
    said = to_markdown(comment.text)
    lead = f"**{author}:**"
    if said and _LIST_ITEM.match(said[0]):
        said = [lead, "", *said]  # a list: the author on a line of its own
    else:
        said[:1] = [f"{lead} {said[0]}" if said else lead]  # the author leads the paragraph
    return [*(f"> {line}" if line else ">" for line in said), ""]


def _trend(entry: ReportEntry) -> str:
    shown = _trend_values(entry.result.measure, entry.trend)
    return " → ".join(
        text if point.due else "not due" for point, text in zip(entry.trend, shown, strict=True)
    )


def _measures(report: Report, figures: Mapping[str, _Figures]) -> list[str]:
    lines = ["## Contract measures", ""]
    for group in report.contract.groups:
        if not group.contractual:
            continue
        lines += [
            f"### {markdown_text(group.name)}",
            "",
            "| Measure | Value | Target | Tolerance | Status | Direction"
            f" | Trend, {report.trend_span} | Commentary |",
            "|---|---:|---:|---:|---|---|---|---|",
        ]
        for measure in group.contractual:
            entry = report[measure.id]
            result = entry.result
            shown = figures[measure.id]
            if entry.needs_commentary:
                said = "**none**"
            else:
                said = "; ".join(markdown_cell(c.author) for c in entry.commentary) or "—"
            lines.append(
                f"| {markdown_cell(measure.id)} {markdown_cell(measure.title)}"
                f" | {shown.value if result.due else '—'}"
                f" | {shown.target} | {shown.tolerance}"
                f" | {_status(result)} | {_direction(result)}"
                f" | {_trend(entry)} | {said} |"
            )
        lines.append("")
    return lines


def _benchmarks(report: Report, figures: Mapping[str, _Figures]) -> list[str]:
    rows = []
    escaped = Escaped(markdown_cell)  # comparators: a few, written often
    for entry in report.entries:
        result = entry.result
        measure = result.measure
        if not result.benchmarks:
            continue
        # The measure and its value, written once for all its comparators' rows.
        named = (
            f"| {markdown_cell(result.id)} {markdown_cell(result.measure.title)}"
            f" | {figures[result.id].value}"
        )
        for comparison in result.benchmarks:
            benchmark, gap = _benchmark_figures(comparison.benchmark, comparison.gap, measure)
            rows.append(
                f"{named} | {escaped[comparison.comparator]}"
                f" | {benchmark} | {comparison.data_year or ''}"
                f" | {gap} | {comparison.verdict or '—'} |"
            )
    lines = ["## Benchmarks", ""]
    if not rows:
        return [*lines, "No benchmarks in force for this period.", ""]
    return [
        *lines,
        "| Measure | Value | Comparator | Benchmark | Data year | Gap | Compared |",
        "|---|---:|---|---:|---|---:|---|",
        *rows,
        "",
    ]


def _volumetric(report: Report) -> list[str]:
    entries = report.section(Section.VOLUMETRIC)
    if not entries:
        return []
    lines = [
        "## Volumetric measures",
        "",
        "Context, not rated: the trend only.",
        "",
        f"| Measure | Value | Direction | Trend, {report.trend_span} | Commentary |",
        "|---|---:|---|---|---|",
    ]
    for entry in entries:
        result = entry.result
        said = "; ".join(markdown_cell(c.author) for c in entry.commentary) or "—"
        lines.append(
            f"| {markdown_cell(result.id)} {markdown_cell(result.measure.title)}"
            f" | {result.not_due or format_value(result.value, result.measure)}"
            f" | {_direction(result)} | {_trend(entry)} | {said} |"
        )
    lines.append("")
    for entry in entries:
        if entry.commentary:
            lines += [
                f"### {markdown_text(entry.id)} {markdown_text(entry.result.measure.title)}",
                "",
            ]
            for comment in entry.commentary:
                lines += _comment(comment, report)
    return lines
