"""HTML pieces that every HTML output shares: status badges, directions, and tables.

The summary table and the table of measures that a notebook shows for a
:class:`~perfcontract.summary.Summary` or an
:class:`~perfcontract.evaluation.Evaluation`, and the badges the report's
page uses too. Every status is written in words and marked with a sign
(✕ ! ✓ – ?) as well as a colour, so a table reads the same in black and
white. Every text is escaped. Nothing here knows of the report.

```pycon
>>> from perfcontract.status import Status
>>> status_badge(Status.ON_TARGET)
'<span class="status on-target"><span aria-hidden="true">✓</span> On or better than target</span>'

```
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from perfcontract._escape import without_controls
from perfcontract.render import format_value, term_text
from perfcontract.status import Direction, Status

if TYPE_CHECKING:
    from perfcontract.evaluation import Evaluation, MeasureResult
    from perfcontract.summary import Summary

__all__ = [
    "direction_text",
    "escape",
    "evaluation_table",
    "result_badge",
    "status_badge",
    "summary_table",
]

_SIGNS = {
    Status.OUTSIDE_TOLERANCE: "✕",
    Status.WITHIN_TOLERANCE: "!",
    Status.ON_TARGET: "✓",
    Status.NO_TARGET: "–",
    Status.NO_DATA: "?",
}
_STATUS_CLASSES = {
    Status.OUTSIDE_TOLERANCE: "outside",
    Status.WITHIN_TOLERANCE: "within",
    Status.ON_TARGET: "on-target",
    Status.NO_TARGET: "no-target",
    Status.NO_DATA: "no-data",
}


def escape(text: object) -> str:
    """Text as HTML: ``&``, ``<``, ``>`` and both quotes escaped, control characters as U+FFFD.

    ```pycon
    >>> escape('<b title="x">A & B</b>\x1b[31m')
    '&lt;b title=&quot;x&quot;&gt;A &amp; B&lt;/b&gt;�[31m'

    ```
    """
    text = str(text)
    if _SPECIAL.search(text) is None:
        return text  # most names and figures: nothing to change
    return html.escape(without_controls(text), quote=True)


# What escape changes: the characters HTML gives a meaning, and every control character
# but tab and the line breaks, and those that reorder a line (those without_controls
# writes as U+FFFD).
_SPECIAL = re.compile(r"[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_e = escape


def status_badge(status: Status | None) -> str:
    """A status as a badge: its sign and its label, never its colour alone.

    ```pycon
    >>> status_badge(Status.OUTSIDE_TOLERANCE)
    '<span class="status outside"><span aria-hidden="true">✕</span> Outside tolerance</span>'

    ```
    """
    return _BADGES[status]


def _badge(status: Status | None) -> str:
    if status is None:
        return '<span class="status volumetric">Volumetric</span>'
    sign = _SIGNS[status]
    return (
        f'<span class="status {_STATUS_CLASSES[status]}">'
        f'<span aria-hidden="true">{sign}</span> {_e(status.label)}</span>'
    )


# Each status's badge and each direction's words, written once: a report shows thousands.
_BADGES = {status: _badge(status) for status in [*Status, None]}


def result_badge(result: MeasureResult) -> str:
    """A result's status as a badge, or, in a period it is not due in, why it is not.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")  # reported quarterly
    >>> result_badge(contract.evaluate({}, period="2018-01")["A1"])
    '<span class="status not-due">not due (reported quarterly)</span>'

    ```
    """
    if not result.due:
        return f'<span class="status not-due">{_e(result.not_due)}</span>'
    return status_badge(result.status)


def direction_text(direction: Direction) -> str:
    """The direction of travel as an arrow and its word; the arrow is not read aloud.

    ```pycon
    >>> direction_text(Direction.IMPROVED)
    '<span class="direction improved"><span aria-hidden="true">▲</span> improved</span>'

    ```
    """
    return _DIRECTIONS[direction]


def _direction(direction: Direction) -> str:
    if direction is Direction.NONE:
        return '<span class="direction none">no comparison</span>'
    return (
        f'<span class="direction {direction.name.lower()}">'
        f'<span aria-hidden="true">{direction.arrow}</span> {_e(direction.label)}</span>'
    )


_DIRECTIONS = {direction: _direction(direction) for direction in Direction}


# ---------------------------------------------------------------------------
# Tables for notebooks and the report


def summary_table(summary: Summary) -> str:
    """The scrutiny summary as an HTML table: the same cells as its text and Markdown forms,
    and its note on measures not due, if any, in a paragraph after it.

    ```pycon
    >>> from perfcontract.summary import Summary
    >>> summary = Summary.from_counts([("Workforce", [0, 0, 3, 0])], "Quarter 4 2017/18")
    >>> table = summary_table(summary)
    >>> "<caption>Quarter 4 2017/18</caption>" in table, "<td>3 (100%)</td>" in table
    (True, True)

    ```
    """
    head = "".join(f'<th scope="col">{_e(column.label)}</th>' for column in summary.columns)
    rows = [
        f'<tr><th scope="row">{_e(row.name)}</th>'
        + "".join(f"<td>{count}</td>" for count in row.counts)
        + "</tr>"
        for row in summary.rows
    ]
    total = "".join(f"<td>{_e(summary.cell(column))}</td>" for column in summary.columns)
    note = f'<p class="summary-note">{_e(summary.note)}</p>' if summary.note else ""
    return (
        f'<table class="summary"><caption>{_e(summary.caption)}</caption>'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">Total</th>{total}</tr></tfoot></table>{note}'
    )


def evaluation_table(evaluation: Evaluation) -> str:
    """Every measure of an evaluation as an HTML table row: value, terms, status, direction.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> table = evaluation_table(contract.evaluate({"A1": 26}, period="2017/18 Q4"))
    >>> "<td>26%</td>" in table, table.count("<tr>")
    (True, 24)

    ```
    """
    head = "".join(
        f'<th scope="col">{name}</th>'
        for name in ("Measure", "Value", "Target", "Tolerance", "Status", "Direction")
    )
    rows = []
    for result in evaluation:
        rows.append(
            f'<tr><th scope="row">{_e(result.id)} {_e(result.measure.title)}</th>'
            f"<td>{_e(_value_of(result) if result.due else '—')}</td>"
            f"<td>{_e(term_text(result.target, result.measure))}</td>"
            f"<td>{_e(term_text(result.tolerance, result.measure))}</td>"
            f"<td>{result_badge(result)}</td>"
            f"<td>{direction_text(result.direction)}</td></tr>"
        )
    return (
        f'<table class="measures"><caption>{_e(evaluation.period.label)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _value_of(result: MeasureResult) -> str:
    """A result's value as shown beside its status (see :func:`format_value`)."""
    return format_value(
        result.value, result.measure, rated_against=(result.target, result.tolerance)
    )
