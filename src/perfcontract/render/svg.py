"""Small inline-SVG trend lines: a measure's readings over periods, with target and tolerance.

A chart is a few hundred bytes of SVG with no script, font or stylesheet of
its own, so it prints and embeds anywhere. The line joins the readings (a
gap where one is missing), a dot marks each, and the target and tolerance in
force in each period are drawn as level lines (dashed and dotted) that step
where a dated change starts. ``role="img"`` and a ``<title>`` say the same
in words for a screen reader.

```pycon
>>> from decimal import Decimal
>>> chart = trend_svg(
...     "A1 Re-referrals",
...     [("2017/18 Q3", 26.8, Decimal(22), Decimal(28)),
...      ("2017/18 Q4", 26.0, Decimal(22), Decimal(28))],
...     describe=str,
... )
>>> chart.startswith('<svg class="trend" role="img"'), "<polyline" in chart
(True, True)
>>> print(chart.split("<title>")[1].split("</title>")[0])
A1 Re-referrals: 2017/18 Q3 26.8, 2017/18 Q4 26.0; target 22; tolerance 28

```
"""

from __future__ import annotations

import functools
import html
import itertools
import math
import operator
import sys
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from perfcontract._escape import without_controls
from perfcontract.model import Band

__all__ = ["trend_svg"]

WIDTH, HEIGHT = 240, 72
_LEFT, _RIGHT, _TOP, _BOTTOM = 6, 6, 8, 18  # room for the dots and the period labels

Term = Decimal | Band | None
Point = tuple[str, float, Term, Term]  # (period label, reading, target, tolerance)
_second = operator.itemgetter(1)


@functools.lru_cache(maxsize=4096)  # a report's terms are few, drawn in every chart
def _levels(term: Term) -> tuple[float, ...]:
    if term is None:
        return ()
    if isinstance(term, Band):
        return (float(term.low), float(term.high))
    return (float(term),)


def _fmt(number: float) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text  # 12.0 as 12


def _steps(
    slots: Sequence[tuple[str, str]], terms: Sequence[Term], heights: Mapping[Term, list[str]]
) -> str:
    """Path data for level lines: each period's term drawn across its slot of the chart
    (``slots``: each slot's left and right edges, written; ``heights``: each term's levels,
    written)."""
    return "".join(
        [
            f"M{left} {height}H{right}"
            for (left, right), term in zip(slots, terms, strict=True)
            for height in heights[term]
        ]
    )


@functools.lru_cache(maxsize=64)
def _slots(count: int) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """For a chart of ``count`` periods: each period's x and its slot's edges, written (the
    same for every chart of that many periods, so worked out once)."""
    plot_width = WIDTH - _LEFT - _RIGHT
    step = plot_width / count if count else plot_width
    xs = tuple(_LEFT + step * (i + 0.5) for i in range(count))
    edges = tuple(
        (_fmt(max(x - step / 2, _LEFT)), _fmt(min(x + step / 2, WIDTH - _RIGHT))) for x in xs
    )
    return tuple(_fmt(x) for x in xs), edges


def trend_svg(
    name: str,
    points: Sequence[Point],
    *,
    describe: Callable[[float], str],
    describe_term: Callable[[Term], str] | None = None,
    notes: Sequence[str] = (),
) -> str:
    """An inline SVG trend line for ``points`` (period label, reading, target, tolerance).

    ``describe`` writes a reading in words for the chart's title (say, with
    its unit); ``describe_term`` a target or tolerance (by default ``str``).
    A missing reading (NaN) leaves a gap in the line. ``notes``, one per
    point where given, says in the title why a point has no reading (``not
    due``) instead of ``no data``. The title and the labels are escaped, a
    control character in them written as U+FFFD (�).

    ```pycon
    >>> chart = trend_svg("E1 Contacts", [("Q1", 1800.0, None, None), ("Q2", math.nan, None, None)],
    ...                   describe=lambda v: f"{v:g}")
    >>> "Q2 no data" in chart, chart.count("<circle")
    (True, 1)

    ```
    """
    term_words = describe_term or str
    count = len(points)
    xs_text, slots = _slots(count)
    labels, values, targets, tolerances = _columns(points)
    levels = {term: _levels(term) for term in {*targets, *tolerances}}  # each term, once
    seen = [v for v in values if math.isfinite(v)]
    for term_levels in levels.values():
        seen += term_levels
    low, high = (min(seen), max(seen)) if seen else (0.0, 1.0)
    if high == low:
        pad = abs(high) / 16 or 1.0  # a flat line, drawn across the middle
        low, high = max(low - pad, -sys.float_info.max), min(high + pad, sys.float_info.max)
    plot_height = HEIGHT - _TOP - _BOTTOM
    # Halved first, so that readings near the largest float cannot overflow the span.
    top, span = high / 2, high / 2 - low / 2

    def y(value: float) -> str:  # as _fmt writes it, without a call more for every point
        text = f"{_TOP + (top - value / 2) / span * plot_height:.1f}"
        return text[:-2] if text[-2:] == ".0" else text

    title = _title(name, labels, values, targets, tolerances, describe, term_words, notes)
    parts = [
        f'<svg class="trend" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}"'
        f' height="{HEIGHT}">',
        f"<title>{_escape(title)}</title>",
    ]
    # A term is usually in force for many periods: its levels' heights are written once.
    heights = {term: [y(level) for level in term_levels] for term, term_levels in levels.items()}
    tolerance_steps = _steps(slots, tolerances, heights)
    if tolerance_steps:
        parts.append(f'<path class="tolerance" d="{tolerance_steps}"/>')
    target_steps = _steps(slots, targets, heights)
    if target_steps:
        parts.append(f'<path class="target" d="{target_steps}"/>')
    ys = [y(value) if math.isfinite(value) else "" for value in values]  # each written once
    run: list[str] = []
    for x, value_y in zip(xs_text, ys, strict=True):
        if value_y:
            run.append(f"{x},{value_y}")
            continue
        if len(run) > 1:
            parts.append(f'<polyline class="value" points="{" ".join(run)}"/>')
        run = []
    if len(run) > 1:
        parts.append(f'<polyline class="value" points="{" ".join(run)}"/>')
    parts += [
        f'<circle class="dot" cx="{x}" cy="{value_y}" r="2.5"/>'
        for x, value_y in zip(xs_text[:-1], ys[:-1], strict=True)
        if value_y
    ]
    if count:
        if ys[-1]:
            parts.append(f'<circle class="dot last" cx="{xs_text[-1]}" cy="{ys[-1]}" r="2.5"/>')
        baseline = HEIGHT - 5
        first_label = _axis_label(labels[0])
        parts.append(f'<text class="axis" x="{_LEFT}" y="{baseline}">{first_label}</text>')
        if count > 1:
            last_label = _axis_label(labels[-1])
            parts.append(
                f'<text class="axis" x="{WIDTH - _RIGHT}" y="{baseline}"'
                f' text-anchor="end">{last_label}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _columns(
    points: Sequence[Point],
) -> tuple[Sequence[str], Sequence[float], Sequence[Term], Sequence[Term]]:
    """The points' labels, readings, targets and tolerances, each in a sequence of its own."""
    if not points:
        return (), (), (), ()
    labels, values, targets, tolerances = zip(*points, strict=True)
    return labels, values, targets, tolerances


@functools.lru_cache(maxsize=256)  # a report's few periods, labelled in every chart
def _axis_label(label: str) -> str:
    return _escape(label)


def _escape(text: str) -> str:
    """Text in the SVG: escaped, and every control character but tab and line breaks as U+FFFD."""
    return html.escape(without_controls(text))


def _title(
    name: str,
    labels: Sequence[str],
    values: Sequence[float],
    targets: Sequence[Term],
    tolerances: Sequence[Term],
    describe: Callable[[float], str],
    term_words: Callable[[Term], str],
    notes: Sequence[str] = (),
) -> str:
    said = [*notes, *[""] * (len(values) - len(notes))]
    readings = ", ".join(
        [
            f"{label} {note or (describe(value) if math.isfinite(value) else 'no data')}"
            for label, value, note in zip(labels, values, said, strict=False)
        ]
    )
    title = f"{name}: {readings}" if readings else f"{name}: no readings"
    title += _terms_said("target", labels, targets, term_words)
    return title + _terms_said("tolerance", labels, tolerances, term_words)


def _terms_said(
    word: str, labels: Sequence[str], terms: Sequence[Term], term_words: Callable[[Term], str]
) -> str:
    """``; target 90%``, or where the term changes along the chart, each from its first
    period: ``; target 15% from 2017/18 Q1, 14% from 2017/18 Q3`` (``none`` where there
    is none); nothing when there is never one."""
    if not terms:
        return ""
    if terms.count(terms[0]) == len(terms):  # one term throughout, most often
        return "" if terms[0] is None else f"; {word} {term_words(terms[0])}"
    # Each run of periods with equal terms (most often the same object), from its first.
    pairs = zip(labels, terms, strict=True)
    runs = [(next(run)[0], term) for term, run in itertools.groupby(pairs, _second)]
    said = ", ".join(
        f"{'none' if term is None else term_words(term)} from {label}" for label, term in runs
    )
    return f"; {word} {said}"
