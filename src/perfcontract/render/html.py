"""HTML: the whole report as one self-contained page, and tables for notebooks.

Everything the page needs is inside it: the stylesheet in a ``<style>``
element, the trend lines as inline SVG, no script at all. Every status is
written in words and marked with a sign (✕ ! ✓ – ?) as well as a colour, so
the page reads the same in black and white, and the colours are dark text on
pale grounds. Printed, it fits A4 portrait and never splits a card or a table
row across pages. Every name is escaped, and a control character in one (an
escape sequence, a bell, NUL) is written as U+FFFD (�): tab and line breaks
are the only ones a page keeps. Commentary's own Markdown (paragraphs,
lists, emphasis, code, http, https and mailto links) is shown as formatting,
and nothing else of it: no other element, no other link.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
>>> page = pc.Report.build(contract, readings, "2017/18 Q4").to_html()
>>> page.startswith("<!DOCTYPE html>"), "<script" in page, "http" in page
(True, False, False)

```
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from perfcontract._escape import Escaped
from perfcontract._markup import to_html
from perfcontract.render import (
    _benchmark_figures,
    _Figures,
    _figures_of,
    _trend_values,
    format_term,
    format_value,
)
from perfcontract.render.svg import trend_svg
from perfcontract.render.tables import (
    direction_text,
    escape,
    result_badge,
    status_badge,
    summary_table,
)
from perfcontract.report import Section

if TYPE_CHECKING:
    from perfcontract.commentary import Comment
    from perfcontract.evaluation import MeasureResult
    from perfcontract.periods import Period
    from perfcontract.report import Report, ReportEntry

__all__ = ["report_body", "report_html"]

_SECTION_CLASSES = {
    Section.CONCERN: "red",
    Section.GOOD: "green",
    Section.UNRATED: "grey",
    Section.NOT_DUE: "grey",
    Section.VOLUMETRIC: "grey",
}


_e = escape


# ---------------------------------------------------------------------------
# The report


def report_html(report: Report) -> str:
    """The whole report as an HTML document, its stylesheet inside."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(report.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{report_body(report)}\n</body>\n</html>\n"
    )


def report_body(report: Report) -> str:
    """The report's content: what goes inside the page's ``<body>``."""
    figures = {entry.id: _escaped_figures(entry.result) for entry in report.entries}
    parts = [_header(report)]
    parts.append(
        '<section id="summary"><h2>Summary</h2>'
        f"{summary_table(report.summary())}{_commentary_gaps(report)}</section>"
    )
    for section in (Section.CONCERN, Section.GOOD, Section.UNRATED):
        entries = report.section(section)
        if entries or section is not Section.UNRATED:
            parts.append(_cards(section, entries, report, figures))
    parts.append(_not_due(report))
    parts.append(_measures(report, figures))
    parts.append(_benchmarks(report, figures))
    parts.append(_volumetric(report))
    if report.contract.payment_mechanism is not None:
        from perfcontract.render.payment import payment_html

        parts.append(payment_html(report.payment, report.payment_note))
    parts.append(_other_commentary(report))
    parts.append(
        "<footer><p>Made with perfcontract from the contract and readings fingerprinted above."
        " A status is rated on the reading as written, rounded as the contract says.</p>"
        "</footer>"
    )
    # The page of a large contract is megabytes: it is joined once, its opening and closing
    # tags with its first and last parts.
    parts[0] = f'<main class="perfcontract-report">{parts[0]}'
    parts[-1] = f"{parts[-1]}</main>"
    # Every text is escaped where it is written, a control character in it as U+FFFD (a
    # trend line's title in render.svg, commentary in _markup): the page is not read again.
    return "\n".join(parts)


def _escaped_figures(result: MeasureResult) -> _Figures:
    """A result's figures, escaped once for its card, its row and its benchmarks."""
    value, target, tolerance = _figures_of(result)
    return _Figures(_e(value), _e(target), _e(tolerance))


def _header(report: Report) -> str:
    items = "".join(
        f"<div><dt>{_e(name)}</dt><dd>{_e(value)}</dd></div>" for name, value in report.facts()
    )
    return (
        f'<header><p class="kicker">Contract performance report</p>'
        f"<h1>{_e(report.contract.name)}</h1>"
        f'<p class="subtitle">{_e(report.caption)}</p><dl class="facts">{items}</dl></header>'
    )


def _commentary_gaps(report: Report) -> str:
    gaps = report.missing_commentary()
    if not gaps:
        return ""
    names = ", ".join(entry.id for entry in gaps)
    count = len(gaps)
    return (
        f'<p class="flag"><span aria-hidden="true">⚑</span> <strong>No commentary</strong>'
        f" for {count} measure{'' if count == 1 else 's'} of concern or potential concern:"
        f" {_e(names)}.</p>"
    )


def _cards(
    section: Section,
    entries: Sequence[ReportEntry],
    report: Report,
    figures: Mapping[str, _Figures],
) -> str:
    colour = _SECTION_CLASSES[section]
    if not entries:
        body = '<p class="empty">None this period.</p>'
    else:
        cards = "".join(_card(entry, colour, report, figures[entry.id]) for entry in entries)
        body = f'<div class="cards">{cards}</div>'
    count = len(entries)
    return (
        f'<section id="{section.value}" class="rag {colour}"><h2>{_e(section.heading)}'
        f' <span class="count">({count} measure{"" if count == 1 else "s"})</span></h2>'
        f"{body}</section>"
    )


def _not_due(report: Report) -> str:
    """The contractual measures not due in the period, each with why: a list, not cards."""
    entries = report.section(Section.NOT_DUE)
    if not entries:
        return ""
    items = "".join(
        f'<li><span class="id">{_e(e.id)}</span> {_e(e.result.measure.title)}:'
        f" {_e(e.result.not_due)}</li>"
        for e in entries
    )
    count = len(entries)
    return (
        f'<section id="{Section.NOT_DUE.value}" class="rag grey">'
        f"<h2>{_e(Section.NOT_DUE.heading)}"
        f' <span class="count">({count} measure{"" if count == 1 else "s"})</span></h2>'
        f'<ul class="not-due">{items}</ul></section>'
    )


def _card(entry: ReportEntry, colour: str, report: Report, figures: _Figures) -> str:
    """A measure's card; ``figures`` escaped already."""
    result = entry.result
    measure = result.measure
    facts = [
        ("Value", figures.value),
        ("Target", figures.target),
        ("Tolerance", figures.tolerance),
    ]
    if not math.isnan(result.previous_value):
        before = (result.previous_target, result.previous_tolerance)
        shown = format_value(result.previous_value, measure, rated_against=before)
        facts.append(("Before", _e(shown)))
    items = "".join(f"<div><dt>{name}</dt><dd>{value}</dd></div>" for name, value in facts)
    said = result.movement  # worked out from the statuses each time it is read
    movement = f'<p class="movement">{_e(said)}</p>' if said else ""
    measure_id = _e(measure.id)
    return (
        f'<article class="card {colour}" id="card-{measure_id}"'
        f' aria-labelledby="card-{measure_id}-title">'
        f'<h3 id="card-{measure_id}-title"><span class="id">{measure_id}</span>'
        f" {_e(measure.title)}</h3>"
        f'<p class="badges">{status_badge(result.status)} {direction_text(result.direction)}</p>'
        f'<dl class="figures">{items}</dl>{movement}{_comments(entry, report)}</article>'
    )


def _comments(entry: ReportEntry, report: Report) -> str:
    if entry.needs_commentary:
        return '<p class="flag"><span aria-hidden="true">⚑</span> No commentary for this period</p>'
    if not entry.commentary:
        return ""
    said = "".join(_comment(comment, report) for comment in entry.commentary)
    return f'<div class="commentary">{said}</div>'


def _comment(comment: Comment, report: Report) -> str:
    when = report.said_when(comment)
    author = _e(comment.author) + (f' <span class="when">({_e(when)})</span>' if when else "")
    return f'<blockquote><p class="author">{author}</p>{to_html(comment.text)}</blockquote>'


def _measures(report: Report, figures: Mapping[str, _Figures]) -> str:
    head = (
        '<thead><tr><th scope="col">Measure</th><th scope="col">Value</th>'
        '<th scope="col">Target</th><th scope="col">Tolerance</th><th scope="col">Status</th>'
        f'<th scope="col">Trend, {_e(report.trend_span)}</th></tr></thead>'
    )
    labels = _axis_labels(report)
    groups = []
    for group in report.contract.groups:
        rows = []
        for measure in group.contractual:
            entry = report[measure.id]
            result = entry.result
            shown = figures[measure.id]
            cells = (
                f"<td>{shown.value if result.due else '—'}</td>"
                f"<td>{shown.target}</td>"
                f"<td>{shown.tolerance}</td>"
                f"<td>{result_badge(result)}<br>{direction_text(result.direction)}</td>"
                f'<td class="trend">{_trend(entry, labels)}</td>'
            )
            rows.append(_row(entry, cells, 6, report))
        if rows:
            groups.append(
                f'<h3>{_e(group.name)}</h3><table class="measures fixed">'
                f"{_columns(29, 11, 10, 12, 18, 20)}{head}{''.join(rows)}</table>"
            )
    legend = (
        '<p class="legend">Trend lines: <span class="key value">solid</span> the reading,'
        ' <span class="key target">dashed</span> the target,'
        ' <span class="key tolerance">dotted</span> the tolerance, in force in each period;'
        " the hollow dot is this period. Commentary follows its measure's row.</p>"
    )
    return f'<section id="measures"><h2>Contract measures</h2>{legend}{"".join(groups)}</section>'


def _other_commentary(report: Report) -> str:
    """Commentary on periods that are not the report's, kept at the end so nothing is lost."""
    if not report.unshown:
        return ""
    items = "".join(
        f'<div class="other"><h3><span class="id">{_e(c.measure)}</span>'
        f" {_e(report.contract[c.measure].title)}</h3>{_comment(c, report)}</div>"
        for c in report.unshown
    )
    return (
        '<section id="other-commentary"><h2>Commentary on other periods</h2>'
        f'<p class="legend">Not about {_e(report.caption)}, so not shown above.</p>'
        f'<div class="commentary">{items}</div></section>'
    )


def _columns(*percentages: int) -> str:
    """Column widths, so that long words wrap inside their cells rather than widen the table."""
    return "<colgroup>" + "".join(f'<col style="width: {p}%">' for p in percentages) + "</colgroup>"


def _row(entry: ReportEntry, cells: str, width: int, report: Report) -> str:
    """A measure's rows: its figures, then its commentary (if any) across the table."""
    measure = entry.result.measure
    said = _comments(entry, report)
    below = f'<tr class="said"><td colspan="{width}">{said}</td></tr>' if said else ""
    measure_id = _e(measure.id)
    return (
        f'<tbody id="row-{measure_id}"><tr><th scope="row"><span class="id">'
        f"{measure_id}</span> {_e(measure.title)}</th>{cells}</tr>{below}</tbody>"
    )


def _axis_labels(report: Report) -> dict[Period, str]:
    """The axis label of each period of the report's trends, written once for every chart."""
    return {period: _short(period.label) for period in report.periods}


def _trend(entry: ReportEntry, labels: Mapping[Period, str]) -> str:
    measure = entry.result.measure
    points = [
        (
            labels.get(point.period) or _short(point.period.label),
            point.value,
            point.target,
            point.tolerance,
        )
        for point in entry.trend
    ]
    shown: dict[float, str] = {}  # each reading as the card shows it, rated as it is
    for point, text in zip(entry.trend, _trend_values(measure, entry.trend), strict=True):
        if len(text) > len(shown.get(point.value, "")):
            shown[point.value] = text
    return trend_svg(
        f"{measure.id} {measure.title}",
        points,
        describe=lambda value: shown.get(value) or format_value(value, measure),
        describe_term=lambda term: format_term(term, measure),
        notes=["" if point.due else "not due" for point in entry.trend],
    )


def _short(label: str) -> str:
    """``2017/18 Q4`` as ``17/18 Q4``: an axis label that fits."""
    return label[2:] if len(label) > 4 and label[:2].isdigit() and label[4:5] == "/" else label


def _benchmarks(report: Report, figures: Mapping[str, _Figures]) -> str:
    rows = []
    escaped = Escaped(escape)  # comparators, data years and verdicts: a few, written often
    for entry in report.entries:
        result = entry.result
        measure = result.measure
        if not result.benchmarks:
            continue
        # The measure and its value, written once for all its comparators' rows.
        named = (
            f'<tr><th scope="row"><span class="id">{_e(result.id)}</span>'
            f" {_e(measure.title)}</th><td>{figures[result.id].value}</td>"
        )
        for comparison in result.benchmarks:
            verdict = comparison.verdict or "—"
            benchmark, gap = _benchmark_figures(comparison.benchmark, comparison.gap, measure)
            rows.append(
                f"{named}<td>{escaped[comparison.comparator]}</td>"
                f"<td>{escaped[benchmark]}</td>"
                f"<td>{escaped[comparison.data_year or '']}</td>"
                f"<td>{escaped[gap]}</td>"
                f'<td class="verdict {escaped[comparison.verdict]}">{escaped[verdict]}</td></tr>'
            )
    if not rows:
        body = '<p class="empty">No benchmarks in force for this period.</p>'
    else:
        body = (
            '<table class="benchmarks"><thead><tr><th scope="col">Measure</th>'
            '<th scope="col">Value</th><th scope="col">Comparator</th>'
            '<th scope="col">Benchmark</th><th scope="col">Data year</th>'
            '<th scope="col">Gap</th><th scope="col">Compared</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return f'<section id="benchmarks"><h2>Benchmarks</h2>{body}</section>'


def _shown(result: MeasureResult) -> str:
    """A volumetric result's value in its unit, or why there is none this period."""
    return result.not_due or format_value(result.value, result.measure)


def _volumetric(report: Report) -> str:
    entries = report.section(Section.VOLUMETRIC)
    if not entries:
        return ""
    labels = _axis_labels(report)
    rows = [
        _row(
            e,
            f"<td>{_e(_shown(e.result))}</td>"
            f"<td>{direction_text(e.result.direction)}</td>"
            f'<td class="trend">{_trend(e, labels)}</td>',
            4,
            report,
        )
        for e in entries
    ]
    return (
        '<section id="volumetric"><h2>Volumetric measures</h2>'
        '<p class="legend">Context, not rated: the trend only.</p>'
        f'<table class="measures fixed">{_columns(40, 14, 18, 28)}'
        '<thead><tr><th scope="col">Measure</th>'
        '<th scope="col">Value</th><th scope="col">Direction</th>'
        f'<th scope="col">Trend, {_e(report.trend_span)}</th></tr></thead>{"".join(rows)}</table>'
        "</section>"
    )


STYLE = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8;
  --red: #a61b1b; --red-bg: #fdecea; --amber: #7a4500; --amber-bg: #fff3d6;
  --green: #1a6b32; --green-bg: #e6f4ea; --grey: #4a4a4a; --grey-bg: #f1f1f1; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; }
main.perfcontract-report { max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
h1, h2, h3, p, dd, th, td, blockquote { overflow-wrap: anywhere; }
h1 { font-size: 1.7rem; margin: 0.2rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; border-bottom: 2px solid var(--ink);
  padding-bottom: 0.2rem; }
h3 { font-size: 1.02rem; margin: 1.2rem 0 0.4rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem;
  color: var(--muted); margin: 0; }
.subtitle { font-size: 1.2rem; margin: 0 0 0.8rem; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
  gap: 0.3rem 1.2rem; margin: 0; }
dl.facts div, dl.figures div { min-width: 0; }
dt { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--muted); }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
table.fixed { table-layout: fixed; }
thead th, thead td { border-bottom: 2px solid var(--ink); font-size: 0.85rem;
  overflow-wrap: normal; }
table.summary td { text-align: right; }
table.summary tfoot th, table.summary tfoot td { font-weight: 700;
  border-top: 2px solid var(--ink); }
.id { font-weight: 700; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 0.25rem;
  border: 1px solid currentColor; font-weight: 600; font-size: 0.85rem; }
.status.outside { color: var(--red); background: var(--red-bg); }
.status.within { color: var(--amber); background: var(--amber-bg); }
.status.on-target { color: var(--green); background: var(--green-bg); }
.status.no-target, .status.no-data, .status.volumetric, .status.not-due { color: var(--grey);
  background: var(--grey-bg); }
.direction { font-size: 0.85rem; white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
  gap: 0.8rem; align-items: start; }
.card { border: 1px solid var(--rule); border-left-width: 0.5rem; border-radius: 0.3rem;
  padding: 0.6rem 0.8rem; break-inside: avoid; page-break-inside: avoid; min-width: 0; }
.card.red { border-left-color: var(--red); background: #fffafa; }
.card.green { border-left-color: var(--green); background: #fbfefc; }
.card.grey { border-left-color: var(--grey); background: #fcfcfc; }
.card h3 { margin: 0 0 0.4rem; font-size: 1rem; }
.badges { margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(5.5rem, 1fr));
  gap: 0.3rem 0.6rem; margin: 0; }
dl.figures dd { font-weight: 700; font-variant-numeric: tabular-nums; }
.movement { font-style: italic; margin: 0.5rem 0 0; }
.flag { color: var(--red); font-weight: 600; margin: 0.5rem 0 0; }
.commentary blockquote { margin: 0.5rem 0 0; padding: 0.3rem 0.6rem;
  border-left: 3px solid var(--rule); background: #fafafa; }
.commentary p, .commentary ul, .commentary ol { margin: 0.2rem 0; }
.commentary .author { font-weight: 700; font-size: 0.85rem; }
.empty, .legend { color: var(--muted); }
svg.trend { display: block; width: 100%; max-width: 240px; height: auto; }
svg.trend .value { fill: none; stroke: #1f3f73; stroke-width: 2; }
svg.trend .dot { fill: #1f3f73; }
svg.trend .dot.last { fill: #fff; stroke: #1f3f73; stroke-width: 2; }
svg.trend .target { fill: none; stroke: var(--green); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg.trend .tolerance { fill: none; stroke: var(--amber); stroke-width: 1.5;
  stroke-dasharray: 1.5 2.5; }
svg.trend .axis { font-size: 10px; fill: var(--muted); }
.key { padding: 0 0.2rem; border-bottom: 2px solid #1f3f73; }
.key.target { border-bottom: 2px dashed var(--green); }
.key.tolerance { border-bottom: 2px dotted var(--amber); }
table.measures tr:has(+ tr.said) > * { border-bottom: none; }
table.measures tr.said td { padding-top: 0; }
.commentary .when { font-weight: 400; color: var(--muted); }
tbody, tr { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 2rem; color: var(--muted); font-size: 0.85rem; }
@page { size: A4 portrait; margin: 14mm; }
@media print, (max-width: 800px) {
  main.perfcontract-report { padding: 0.5rem; }
  th, td { padding: 0.3rem 0.3rem; }
  .status { white-space: normal; }
}
@media print {
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main.perfcontract-report { max-width: none; padding: 0; }
  h2, h3, .legend { break-after: avoid; page-break-after: avoid; }
  p, .legend { break-inside: avoid; orphans: 3; widows: 3; }
  svg.trend .axis { font-size: 15px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
"""
