"""Evaluating a contract for a period: every measure's value, status and movement.

``contract.evaluate(readings, period=...)`` gives an :class:`Evaluation`: one
:class:`MeasureResult` per measure in contract order, the scrutiny
:meth:`~Evaluation.summary`, and the exception lists of the report's
appendices. Readings for shorter periods roll up to the period asked for by
each measure's ``aggregate`` (months to quarters, quarters to years).

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
>>> ev = contract.evaluate(readings, period="2017/18 Q4")
>>> ev["A1"].value, ev["A1"].status.label, ev["A1"].direction.label
(26.0, 'Inside tolerance', 'improved')
>>> [r.measure.id for r in ev.fell_out_of_tolerance()]
['A4', 'B8']

```
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfcontract import engine
from perfcontract._csvtext import write_csv
from perfcontract._escape import markdown_cell, one_line
from perfcontract.errors import Diagnostic, PeriodError, ReadingsError
from perfcontract.model import Aggregate, Band, Contract, Measure, Polarity
from perfcontract.periods import Period, PeriodKind
from perfcontract.readings import Readings, ResolvedReadings
from perfcontract.status import Direction, Status
from perfcontract.summary import Summary, caption_for

__all__ = [
    "BenchmarkComparison",
    "Evaluation",
    "MeasureResult",
    "evaluate",
    "rate_many",
]


@attrs.frozen
class BenchmarkComparison:
    """A reading set against one benchmark: the gap, and which side is better.

    ``verdict`` is "better", "worse" or "same" for a measure with a
    polarity, and "" for one without (or a band).
    """

    comparator: str
    benchmark: Decimal
    data_year: str | None
    gap: float
    verdict: str

    def __str__(self) -> str:
        verdict = f" ({self.verdict})" if self.verdict else ""
        return f"{self.comparator} {self.benchmark}: gap {self.gap:+g}{verdict}"


@attrs.frozen
class MeasureResult:
    """One measure in one period: value, status, terms in force and movement.

    ``value`` is NaN when there is no reading. ``status`` is ``None`` for a
    volumetric measure (never rated). ``previous_*`` are for the period
    before, of the same length (the previous quarter for a quarter).
    """

    measure: Measure
    period: Period
    value: float
    status: Status | None
    target: Decimal | Band | None
    tolerance: Decimal | Band | None
    previous_value: float
    previous_status: Status | None
    direction: Direction
    benchmarks: tuple[BenchmarkComparison, ...]

    @property
    def id(self) -> str:
        """The measure's id."""
        return self.measure.id

    @property
    def fell_out_of_tolerance(self) -> bool:
        """Outside tolerance now, after inside tolerance or on target in the period before."""
        return self.status is Status.OUTSIDE_TOLERANCE and self.previous_status in (
            Status.WITHIN_TOLERANCE,
            Status.ON_TARGET,
        )

    @property
    def came_back_into_tolerance(self) -> bool:
        """Inside tolerance or on target now, after outside tolerance the period before."""
        return self.previous_status is Status.OUTSIDE_TOLERANCE and self.status in (
            Status.WITHIN_TOLERANCE,
            Status.ON_TARGET,
        )

    @property
    def reached_target(self) -> bool:
        """On target now, after short of it the period before."""
        return self.status is Status.ON_TARGET and self.previous_status in (
            Status.WITHIN_TOLERANCE,
            Status.OUTSIDE_TOLERANCE,
        )

    @property
    def fell_short_of_target(self) -> bool:
        """Short of the target now, after on target the period before."""
        return self.previous_status is Status.ON_TARGET and self.status in (
            Status.WITHIN_TOLERANCE,
            Status.OUTSIDE_TOLERANCE,
        )

    @property
    def movement(self) -> str:
        """The change of status in words, or "" when there was none to speak of.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
        >>> contract.evaluate(readings, period="2017/18 Q4")["B8"].movement
        'fell out of tolerance after previously performing within tolerance'

        ```
        """
        if self.fell_out_of_tolerance:
            before = (
                "on target" if self.previous_status is Status.ON_TARGET else ("within tolerance")
            )
            return f"fell out of tolerance after previously performing {before}"
        if self.came_back_into_tolerance:
            return "came back within tolerance after previously performing outside it"
        if self.reached_target:
            return "reached target"
        if self.fell_short_of_target:
            return "fell short of target after previously performing on target"
        return ""

    def to_record(self) -> dict[str, Any]:
        """The result as a plain row: strings and numbers only."""
        return {
            "measure": self.measure.id,
            "title": self.measure.title,
            "group": self.measure.group,
            "kind": self.measure.kind.value,
            "period": str(self.period),
            "value": None if math.isnan(self.value) else self.value,
            "status": "" if self.status is None else self.status.label,
            "target": _show(self.target),
            "tolerance": _show(self.tolerance),
            "previous_value": None if math.isnan(self.previous_value) else self.previous_value,
            "previous_status": "" if self.previous_status is None else self.previous_status.label,
            "direction": self.direction.label,
            "movement": self.movement,
        }


def _rated(status: Status | None) -> Status:
    return Status.NO_DATA if status is None else status


def _show(value: Decimal | Band | None) -> str:
    return "" if value is None else str(value)


class Evaluation:
    """Every measure of a contract evaluated for one period (and one authority).

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> ev = contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4")
    >>> ev["A1"].status, ev["B8"].status, ev["A2"].status
    (<Status.WITHIN_TOLERANCE: 1>, <Status.OUTSIDE_TOLERANCE: 0>, <Status.NO_DATA: 4>)

    ```
    """

    def __init__(
        self,
        contract: Contract,
        period: Period,
        results: Sequence[MeasureResult],
        authority: str | None = None,
    ) -> None:
        self.contract = contract
        self.period = period
        self.authority = authority
        self.results: tuple[MeasureResult, ...] = tuple(results)
        self._by_id = {r.measure.id: r for r in self.results}

    def __getitem__(self, measure_id: str) -> MeasureResult:
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise KeyError(
                f"no measure {measure_id!r} in contract {self.contract.name!r}"
            ) from None

    def __iter__(self) -> Iterator[MeasureResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __repr__(self) -> str:
        return f"<Evaluation of {self.contract.name!r} for {self.period}>"

    @property
    def contractual(self) -> tuple[MeasureResult, ...]:
        """Results of the contractual measures, in contract order."""
        return tuple(r for r in self.results if r.measure.is_contractual)

    @property
    def volumetric(self) -> tuple[MeasureResult, ...]:
        """Results of the volumetric measures, in contract order."""
        return tuple(r for r in self.results if r.measure.is_volumetric)

    def summary(self) -> Summary:
        """The scrutiny table: contractual measures counted by status, per group.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
        >>> summary = contract.evaluate(readings, period="2017/18 Q4").summary()
        >>> summary.caption, [summary.cell(status) for status in summary.columns]
        ('Quarter 4 2017/18', ['2 (10%)', '7 (35%)', '9 (45%)', '2 (10%)'])

        ```
        """
        groups = [
            (group.name, [_rated(self[m.id].status) for m in group.contractual])
            for group in self.contract.groups
        ]
        return Summary.from_statuses(groups, caption_for(self.period))

    def with_status(self, *statuses: Status) -> tuple[MeasureResult, ...]:
        """Contractual results with any of these statuses, in contract order."""
        return tuple(r for r in self.contractual if r.status in statuses)

    def concerns(self) -> tuple[MeasureResult, ...]:
        """Areas of concern: contractual measures outside tolerance."""
        return self.with_status(Status.OUTSIDE_TOLERANCE)

    def potential_concerns(self) -> tuple[MeasureResult, ...]:
        """Areas of potential concern: contractual measures inside tolerance, short of target."""
        return self.with_status(Status.WITHIN_TOLERANCE)

    def good_and_improving(self) -> tuple[MeasureResult, ...]:
        """Areas of good and improving performance: on target, or improved on the period before."""
        return tuple(
            r
            for r in self.contractual
            if r.status is Status.ON_TARGET or r.direction is Direction.IMPROVED
        )

    def fell_out_of_tolerance(self) -> tuple[MeasureResult, ...]:
        """Measures that fell out of tolerance this period after performing within it."""
        return tuple(r for r in self.contractual if r.fell_out_of_tolerance)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per measure, ready for a spreadsheet or ``pandas.DataFrame``."""
        return [r.to_record() for r in self.results]

    def to_json(self) -> str:
        """The summary and every result, as JSON."""
        return json.dumps(
            {
                "contract": self.contract.name,
                "period": str(self.period),
                "authority": self.authority,
                "summary": self.summary().to_dict(),
                "measures": self.to_records(),
            },
            indent=2,
            ensure_ascii=False,
        )

    def to_csv(self) -> str:
        """One CSV row per measure, under a header of :meth:`to_records`' keys.

        Numbers are written as numbers. A text cell that a spreadsheet would
        run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return) gets a leading ``'``, and a NUL is written as U+FFFD.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.loads('''contract "c" { group "g" {
        ...     measure A1 "=SUM(A1:A9)" { unit number no target } } }''')
        >>> print(contract.evaluate({"A1": -2}, period="2017/18 Q4").to_csv().splitlines()[1])
        A1,'=SUM(A1:A9),g,measure,2017/18 Q4,-2.0,No target specified,,,,No target specified,no comparison,

        ```
        """  # noqa: E501 (a CSV row printed whole is wider than a line)
        records = self.to_records()
        header = list(records[0]) if records else ["measure"]
        return write_csv([header, *([record[key] for key in header] for record in records)])

    def to_text(self) -> str:
        """The summary table, then one line per measure, for a terminal.

        Names are written on one line, any control character in them as �, so
        that nothing in a contract can move the cursor or recolour a terminal.
        """
        lines = [self.summary().to_text(), ""]
        ids = [one_line(r.measure.id) for r in self.results]
        width = max(map(len, ids), default=2)
        for r, shown in zip(self.results, ids, strict=True):
            value = "no data" if math.isnan(r.value) else f"{r.value:g}"
            status = r.status.label if r.status is not None else "volumetric"
            arrow = r.direction.arrow or " "
            note = f"  ({r.movement})" if r.movement else ""
            lines.append(f"{shown:<{width}}  {arrow} {value:>10}  {status}{note}")
        return "\n".join(lines)

    def to_html(self) -> str:
        """The summary table and a table of every measure, in HTML; a notebook shows it.

        Statuses are written in words beside their signs, so the table reads
        without its colours.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> html = contract.evaluate({"A1": 26}, period="2017/18 Q4").to_html()
        >>> html.count("<table"), "Inside tolerance</span>" in html
        (2, True)

        ```
        """
        from perfcontract.render.html import evaluation_table, summary_table

        return summary_table(self.summary()) + "\n" + evaluation_table(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_markdown(self) -> str:
        """The summary table and a table of every measure, in Markdown.

        Every name is escaped, raw HTML, ``|`` and line breaks included, so it
        reads as written and never becomes markup.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.loads('''contract "c" { group "g" {
        ...     measure A1 "<script>alert(1)</script> | *" { unit number no target } } }''')
        >>> print(contract.evaluate({"A1": 2}, period="2017/18 Q4").to_markdown().splitlines()[-1])
        | A1 \\<script\\>alert(1)\\</script\\> \\| \\* | 2 |  |  | No target specified |  no comparison |

        ```
        """  # noqa: E501 (a table row printed whole is wider than a line)
        rows = [
            "| Measure | Value | Target | Tolerance | Status | Direction |",
            "|---|---:|---:|---:|---|---|",
        ]
        for r in self.results:
            value = "" if math.isnan(r.value) else f"{r.value:g}"
            status = r.status.label if r.status is not None else "volumetric"
            rows.append(
                f"| {markdown_cell(r.measure.id)} {markdown_cell(r.measure.title)} | {value} |"
                f" {_show(r.target)} | {_show(r.tolerance)} | {status} |"
                f" {r.direction.arrow} {r.direction.label} |"
            )
        return self.summary().to_markdown() + "\n\n" + "\n".join(rows) + "\n"


# ---------------------------------------------------------------------------
# Evaluating


def evaluate(
    contract: Contract,
    readings: Readings | ResolvedReadings | Mapping[str, Any],
    period: str | Period,
    authority: str | None = None,
) -> Evaluation:
    """Evaluate every measure of ``contract`` for ``period`` from ``readings``.

    ``readings`` may be :class:`~perfcontract.readings.Readings` (checked
    against the contract here: every bad row is reported at once in a
    :class:`~perfcontract.errors.ReadingsError`), readings already resolved,
    or a mapping of measure id to value for ``period``.
    """
    at = Period.parse(period, year_start=contract.year_start)
    if isinstance(readings, Mapping):
        readings = Readings.from_mapping(readings, at, authority=authority)
    resolved = readings if isinstance(readings, ResolvedReadings) else readings.resolve(contract)
    if resolved.contract_name != contract.name or resolved.year_start != contract.year_start:
        raise ReadingsError(
            [
                Diagnostic(
                    f"these readings were checked against the contract {resolved.contract_name!r},"
                    f" not {contract.name!r}",
                    source="<readings>",
                    hint="resolve the readings against the contract you evaluate",
                )
            ]
        )
    authority = _one_authority(resolved, authority)
    results = [_result(m, at, resolved, authority) for m in contract.measures.values()]
    return Evaluation(contract, at, results, authority)


def _one_authority(resolved: ResolvedReadings, authority: str | None) -> str | None:
    known = resolved.authorities
    if authority is not None:
        if authority not in known:
            raise ReadingsError(
                [
                    Diagnostic(
                        f"there are no readings for authority {authority!r}",
                        source="<readings>",
                        hint=f"the readings are for {_names(known)}",
                    )
                ]
            )
        return authority
    if len(known) <= 1:
        return next(iter(known), None)
    raise ReadingsError(
        [
            Diagnostic(
                f"the readings are for {len(known)} authorities ({_names(known)});"
                " say which one to evaluate",
                source="<readings>",
                hint="pass authority=… (or --authority on the command line)",
            )
        ]
    )


def _names(authorities: Sequence[str | None], shown: int = 5) -> str:
    names = ", ".join("(none)" if a is None else a for a in authorities[:shown])
    return names + (", …" if len(authorities) > shown else "")


def _result(
    measure: Measure, period: Period, resolved: ResolvedReadings, authority: str | None
) -> MeasureResult:
    value = value_for(resolved, measure, period, authority)
    try:
        before: Period | None = period.previous()
    except (ValueError, PeriodError):  # the first period there can be: nothing before it
        before = None
    previous = math.nan if before is None else value_for(resolved, measure, before, authority)
    status = previous_status = None
    if measure.is_contractual:
        status = measure.rate(value, period)
        previous_status = None if before is None else measure.rate(previous, before)
    target = measure.target_at(period)
    band = (float(target.low), float(target.high)) if isinstance(target, Band) else None
    polarity = measure.polarity
    if polarity is Polarity.IN_BAND and band is None:
        polarity = Polarity.NONE
    moved = Direction(int(engine.direction(value, previous, polarity, band)))
    return MeasureResult(
        measure=measure,
        period=period,
        value=value,
        status=status,
        target=target,
        tolerance=measure.tolerance_at(period),
        previous_value=previous,
        previous_status=previous_status,
        direction=moved,
        benchmarks=_comparisons(measure, period, value),
    )


def _comparisons(measure: Measure, period: Period, value: float) -> tuple[BenchmarkComparison, ...]:
    comparisons = []
    for benchmark in measure.benchmarks_at(period):
        # The gap as the decimals read: 26 - 21.9 is 4.1, not 4.100000000000001.
        gap = math.nan if math.isnan(value) else float(_decimal(value) - benchmark.value)
        if math.isnan(gap) or measure.polarity not in (
            Polarity.HIGHER_IS_BETTER,
            Polarity.LOWER_IS_BETTER,
        ):
            verdict = ""
        elif gap == 0:
            verdict = "same"
        else:
            better = gap > 0 if measure.polarity is Polarity.HIGHER_IS_BETTER else gap < 0
            verdict = "better" if better else "worse"
        comparisons.append(
            BenchmarkComparison(
                benchmark.comparator, benchmark.value, benchmark.data_year, gap, verdict
            )
        )
    return tuple(comparisons)


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def value_for(
    resolved: ResolvedReadings, measure: Measure, period: Period, authority: str | None = None
) -> float:
    """The reading for ``period``, or the roll-up of its parts by the measure's ``aggregate``.

    A reading for the period itself wins. Otherwise a year is built from its
    quarters (each from its months if need be) and a quarter from its
    months; every part must have a reading, or the value is missing (NaN):
    a roll-up never quietly leaves a month out.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv").resolve(contract)
    >>> value_for(readings, contract["E1"], pc.Period.parse("2017/18"))  # mean of the quarters
    1928.5

    ```
    """
    own = resolved.get(measure.id, period, authority)
    if own is not None:
        return own
    if period.kind is PeriodKind.MONTH:
        return math.nan
    parts = period.quarters() if period.kind is PeriodKind.YEAR else period.months()
    return _aggregate(
        [value_for(resolved, measure, p, authority) for p in parts], measure.aggregate
    )


def _aggregate(values: Sequence[float], how: Aggregate) -> float:
    if not values or any(math.isnan(v) for v in values):
        return math.nan
    if how is Aggregate.SUM:
        return math.fsum(values)
    if how is Aggregate.LAST:
        return values[-1]
    if how is Aggregate.MIN:
        return min(values)
    if how is Aggregate.MAX:
        return max(values)
    return math.fsum(values) / len(values)


def rate_many(
    contract: Contract,
    values: npt.ArrayLike,
    period: str | Period | Sequence[str | Period],
    measures: Sequence[str] | None = None,
) -> npt.NDArray[np.int8]:
    """Rate readings for many authorities at once: ``int8`` status codes.

    ``values`` is shaped (authorities, measures) for one ``period``, or
    (authorities, measures, periods) with one period per column of the last
    axis; ``measures`` names the measures along axis 1 (default: the
    contract's contractual measures in order). Each measure's rounding and
    the terms in force in each period apply.

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> values = np.array([[26.0, 76.0], [20.0, 92.0], [np.nan, 85.0]])
    >>> pc.rate_many(contract, values, "2017/18 Q4", measures=["A1", "B8"]).tolist()
    [[1, 0], [2, 2], [4, 1]]

    ```
    """
    ids = list(measures) if measures is not None else [m.id for m in contract.contractual]
    chosen = [contract[i] for i in ids]
    volumetric = [m.id for m in chosen if m.is_volumetric]
    if volumetric:
        raise ValueError(f"{', '.join(volumetric)}: volumetric measures are never rated")
    x = np.asarray(values)
    if isinstance(period, (str, Period)):
        periods = [Period.parse(period, year_start=contract.year_start)]
        expected_ndim = 2
    else:
        periods = [Period.parse(p, year_start=contract.year_start) for p in period]
        expected_ndim = 3
    if x.ndim != expected_ndim or x.shape[1] != len(chosen):
        raise ValueError(
            f"values shaped {x.shape}: expected (authorities, {len(chosen)})"
            + ("" if expected_ndim == 2 else f" x {len(periods)} periods")
        )
    if expected_ndim == 3 and x.shape[2] != len(periods):
        raise ValueError(f"values have {x.shape[2]} periods along axis 2, not {len(periods)}")
    thresholds = []
    for m in chosen:
        per_period = [m.thresholds_at(p) for p in periods]
        thresholds.append(
            per_period[0]
            if expected_ndim == 2 or len(set(map(repr, per_period))) == 1
            else engine.Thresholds.stack(per_period)
        )
    return engine.rate_measures(x, thresholds, axis=1, rounding=[m.rounding for m in chosen])
