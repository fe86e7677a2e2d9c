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

import bisect
import collections
import json
import math
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from numbers import Integral
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfcontract import _decimals, _frames, _rated_values, engine
from perfcontract._caller import option
from perfcontract._csvtext import write_csv
from perfcontract._escape import column_width, markdown_cell, one_line
from perfcontract.errors import Diagnostic, PeriodError, ReadingsError, quoted
from perfcontract.model import (
    Aggregate,
    Band,
    Contract,
    Measure,
    Polarity,
    _periods_of,
)
from perfcontract.periods import Period, PeriodKind, PeriodLike
from perfcontract.readings import (
    Readings,
    ResolvedReadings,
    _nan_as_itself,
    _plainly,
    as_a_period,
    dated_months,
    part_of_whole,
    ratio_misfit,
    rolled_ratio_problem,
)
from perfcontract.status import Direction, Status
from perfcontract.summary import Summary, caption_for

FloatArray = npt.NDArray[np.float64]

__all__ = [
    "BenchmarkComparison",
    "Evaluation",
    "Evaluations",
    "MeasureResult",
    "evaluate",
    "evaluate_periods",
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
    gap: float = attrs.field(eq=_nan_as_itself)  # no reading: NaN, equal to another
    verdict: str

    def __str__(self) -> str:
        verdict = f" ({self.verdict})" if self.verdict else ""
        return f"{self.comparator} {self.benchmark}: gap {self.gap:+g}{verdict}"


@attrs.frozen
class MeasureResult:
    """One measure in one period: value, status, terms in force and movement.

    ``value`` is NaN when there is no reading. ``status`` is ``None`` for a
    volumetric measure (never rated). ``previous_*`` are for the period
    before, of the same length (the previous quarter for a quarter):
    its value, status, and the target and tolerance it was rated against.

    ``due`` is false in a period the measure is not due in: a month or a
    quarter of a measure reported annually, or a period wholly out of its
    season. Then it has no value and no status (``None``), is counted in no
    summary, and :attr:`not_due` says why in the words every listing shows.

    ```pycon
    >>> import attrs
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> annual = attrs.evolve(contract["A3"], reporting=pc.Reporting.ANNUALLY)
    >>> contract = attrs.evolve(contract, groups=(attrs.evolve(contract.groups[0],
    ...     measures=(contract["A1"], annual)),))
    >>> result = contract.evaluate({"A1": 26}, period="2017/18 Q4")["A3"]
    >>> result.due, result.status, result.not_due
    (False, None, 'not due (reported annually)')

    ```
    """

    measure: Measure
    period: Period
    # No reading: NaN, which equals another NaN here, so results of alike readings are equal.
    value: float = attrs.field(eq=_nan_as_itself)
    status: Status | None
    target: Decimal | Band | None
    tolerance: Decimal | Band | None
    previous_value: float = attrs.field(eq=_nan_as_itself)
    previous_status: Status | None
    direction: Direction
    benchmarks: tuple[BenchmarkComparison, ...]
    due: bool = True
    previous_target: Decimal | Band | None = None
    previous_tolerance: Decimal | Band | None = None

    def __repr__(self) -> str:
        status = (
            "not due" if not self.due else "no status" if self.status is None else self.status.label
        )
        value = "no data" if math.isnan(self.value) else f"{self.value:g}"
        return f"<MeasureResult {self.measure.id} for {self.period}: {value}, {status}>"

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import result_html

        return result_html(self)

    @property
    def id(self) -> str:
        """The measure's id."""
        return self.measure.id

    @property
    def rated_value(self) -> float:
        """The value as it was rated: rounded as the measure's ``rounded to N dp`` says
        (half away from zero, on the decimal as written), else the value itself; NaN when
        there is none.

        ``value`` keeps full precision, so with a rounding it can lie on the other side
        of the target from its status: 94.5 rounded to 0 dp is 95, on a target of 95.
        ``rated_value`` is the figure the status, the direction of travel and the
        benchmark comparisons were worked out from, the one every table shows.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> result = contract.evaluate({"A2": 89.5}, period="2017/18 Q4")["A2"]
        >>> result.value, result.rated_value, result.status.label
        (89.5, 90.0, 'On or better than target')
        >>> contract.evaluate({"A1": 26.04}, period="2017/18 Q4")["A1"].rated_value
        26.04

        ```
        """
        places = self.measure.rounding
        if places is None or math.isnan(self.value):
            return self.value
        return engine._round_one(self.value, places) + 0.0  # as round_half_away: no -0.0

    @property
    def not_due(self) -> str:
        """Why the measure is not due in the period, as listings show it: ``not due
        (reported annually)`` or ``out of season``; "" when it is due."""
        if self.due:
            return ""
        frequency = self.measure.frequency
        if self.period.span < frequency.months:
            return f"not due (reported {frequency.value})"
        return "out of season"

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
        """The result as a plain row: strings, numbers and None only.

        ``target`` and ``tolerance`` are numbers (None when there is none, or
        when the term is a band, whose bounds are ``target_low`` and
        ``target_high``, ``tolerance_low`` and ``tolerance_high``), so that a
        column of them adds up; ``period_start`` and ``period_end`` are ISO
        dates. ``value`` is at full precision and ``rated_value``
        (:attr:`rated_value`) the figure the status was given for: rounded as
        the measure's ``rounded to N dp`` says, else the value again. Every
        record has both, so that ``rated_value`` can be compared with
        ``target`` in any row.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> record = contract.evaluate({"A1": 26}, period="2017/18 Q4")["A1"].to_record()
        >>> record["target"], record["tolerance"], record["period_start"], record["unit"]
        (22.0, 28.0, '2018-01-01', 'percent')
        >>> record = contract.evaluate({"A2": 89.5}, period="2017/18 Q4")["A2"].to_record()
        >>> record["value"], record["rated_value"], record["target"], record["status"]
        (89.5, 90.0, 90.0, 'On or better than target')

        ```
        """
        target_low, target_high = _bounds(self.target)
        tolerance_low, tolerance_high = _bounds(self.tolerance)
        return {
            "measure": self.measure.id,
            "title": self.measure.title,
            "group": self.measure.group,
            "kind": self.measure.kind.value,
            "unit": str(self.measure.unit),
            "polarity": self.measure.polarity.value,
            "period": str(self.period),
            "period_start": self.period.starts_on.isoformat(),
            "period_end": self.period.ends_on.isoformat(),
            "value": None if math.isnan(self.value) else self.value,
            "rated_value": None if math.isnan(self.value) else self.rated_value,
            "status": self.not_due or ("" if self.status is None else self.status.label),
            "target": _number(self.target),
            "target_low": target_low,
            "target_high": target_high,
            "tolerance": _number(self.tolerance),
            "tolerance_low": tolerance_low,
            "tolerance_high": tolerance_high,
            "previous_value": None if math.isnan(self.previous_value) else self.previous_value,
            "previous_status": "" if self.previous_status is None else self.previous_status.label,
            "direction": self.direction.label,
            "movement": self.movement,
        }


def _rated(status: Status | None) -> Status:
    return Status.NO_DATA if status is None else status


def _number(term: Decimal | Band | None) -> float | None:
    """A single target or tolerance as a number; None for none, or for a band."""
    return float(term) if isinstance(term, Decimal) else None


def _bounds(term: Decimal | Band | None) -> tuple[float | None, float | None]:
    """A band's bounds as numbers; (None, None) for anything else."""
    return (float(term.low), float(term.high)) if isinstance(term, Band) else (None, None)


class Evaluation:
    """Every measure of a contract evaluated for one period (and one authority).

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> ev = contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4")
    >>> ev["A1"].status, ev["B8"].status, ev["A2"].status
    (<Status.WITHIN_TOLERANCE: 1>, <Status.OUTSIDE_TOLERANCE: 0>, <Status.NO_DATA: 4>)
    >>> import pickle
    >>> ev == contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4")
    True
    >>> pickle.loads(pickle.dumps(ev)) == ev
    True

    ```

    Evaluations compare by value, as their results do: two of alike readings
    are equal, and so is one sent to another process and back (a result
    with no reading, NaN, equals another with none). Like :class:`Readings`,
    an evaluation is not hashable.

    ``warnings`` holds what the readings said without a refusal (a reading
    left out because its measure was not due, a percentage that looks like a
    fraction), as :attr:`ResolvedReadings.warnings` gives them.
    """

    def __init__(
        self,
        contract: Contract,
        period: Period,
        results: Sequence[MeasureResult],
        authority: str | None = None,
        warnings: Sequence[Diagnostic] = (),
    ) -> None:
        self.contract = contract
        self.period = period
        self.authority = authority
        self.results: tuple[MeasureResult, ...] = tuple(results)
        self.warnings: tuple[Diagnostic, ...] = tuple(warnings)
        self._by_id = {r.measure.id: r for r in self.results}

    def __getitem__(self, measure_id: str) -> MeasureResult:
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise KeyError(
                f"no measure {quoted(measure_id)} in contract {quoted(self.contract.name)}"
            ) from None

    def __iter__(self) -> Iterator[MeasureResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __repr__(self) -> str:
        return f"<Evaluation of {self.contract.name!r} for {self.period}>"

    # By value, as MeasureResult and Summary compare: two evaluations of alike readings are
    # equal (a copy, or one sent to another process and back). Not hashable, as Readings.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evaluation):
            return NotImplemented
        return all(
            getattr(self, name) == getattr(other, name)
            for name in ("period", "authority", "results", "warnings", "contract")
        )

    __hash__ = None  # type: ignore[assignment]

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

        A measure not due in the period (:attr:`MeasureResult.due`) is not counted;
        :attr:`Summary.not_counted` says how many were not, and why
        (:attr:`MeasureResult.not_due`): those reported least often first,
        those out of season last. Every group with contractual measures has
        its row, counting 0 in every column when none of them is due, so the
        table has the same rows every period; a group with none (volumetric
        measures only) has nothing to count and no row.

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
            (group.name, [_rated(r.status) for m in measures if (r := self[m.id]).due])
            for group in self.contract.groups
            if (measures := group.contractual)
        ]
        # Not due for the longest reporting interval first, out of season last.
        missed = sorted(
            (r for r in self.contractual if not r.due),
            key=lambda r: (r.not_due == "out of season", -r.measure.frequency.months),
        )
        not_counted = collections.Counter(r.not_due for r in missed)
        return Summary.from_statuses(groups, caption_for(self.period), not_counted=not_counted)

    def with_status(self, *statuses: Status) -> tuple[MeasureResult, ...]:
        """Contractual results with any of these statuses, in contract order.

        A status may be given as its number, as :func:`rate_many` gives
        them; anything else is a TypeError (a status's label would otherwise
        match nothing, and say that no measure had it).

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> ev = contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4")
        >>> [r.id for r in ev.with_status(pc.Status.OUTSIDE_TOLERANCE, pc.Status.WITHIN_TOLERANCE)]
        ['A1', 'B8']
        >>> ev.with_status("No data")
        Traceback (most recent call last):
        ...
        TypeError: with_status takes statuses, not 'No data': write pc.Status.NO_DATA

        ```
        """
        for status in statuses:
            if not isinstance(status, Status) and not _status_code(status):
                named = [s for s in Status if status in (s.label, s.name, s.value)]
                hint = f": write pc.Status.{named[0].name}" if named else ""
                raise TypeError(f"with_status takes statuses, not {status!r}{hint}")
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
        """One plain row per measure, ready for a spreadsheet or ``pandas.DataFrame``.

        Each row is :meth:`MeasureResult.to_record`'s, with the ``authority``
        evaluated (None for readings without one).

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> row = contract.evaluate({"A1": 26}, period="2017/18 Q4").to_records()[0]
        >>> row["measure"], row["target"], row["period_end"], row["authority"]
        ('A1', 22.0, '2018-03-31', None)

        ```
        """
        return [{**r.to_record(), "authority": self.authority} for r in self.results]

    def to_pandas(self) -> Any:
        """The records of :meth:`to_records` as a pandas DataFrame, one row per measure.

        ``period_start`` and ``period_end`` are dates (``datetime64``), and
        missing values NaN. pandas is imported only here, and a clear
        ImportError says how to install it if it is not.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> frame = contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4").to_pandas()
        >>> frame.loc[frame.measure == "B8", ["value", "target", "status"]].to_dict("records")
        [{'value': 76.0, 'target': 90.0, 'status': 'Outside tolerance'}]
        >>> str(frame.period_start.dtype).startswith("datetime64")
        True

        ```
        """
        return _frame(self.to_records(), "Evaluation.to_pandas")

    def to_json(self) -> str:
        """The summary and every result, as JSON.

        JSON has no infinity: a value beyond any number (readings that add up to
        more than a float holds) is written as the string ``"Infinity"`` (or
        ``"-Infinity"``), which JavaScript's ``Number()`` and Python's ``float()``
        read back, never as the bare ``Infinity`` that JSON readers refuse.

        ```pycon
        >>> import json, perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> json.loads(contract.evaluate({"A1": 26}, period="2017/18 Q4").to_json())["period"]
        '2017/18 Q4'

        ```
        """
        records = [
            {key: _json_number(value) for key, value in record.items()}
            for record in self.to_records()
        ]
        return json.dumps(
            {
                "contract": self.contract.name,
                "period": str(self.period),
                "authority": self.authority,
                "summary": self.summary().to_dict(),
                "measures": records,
            },
            indent=2,
            ensure_ascii=False,
            allow_nan=False,
        )

    def to_csv(self) -> str:
        """One CSV row per measure, under a header of :meth:`to_records`' keys.

        Values, targets and tolerances are rounded as every output shows them
        (:func:`perfcontract.render.csv_value`) but written as plain numbers a
        spreadsheet can add up: no ``£``, ``%`` or thousands separators.
        :meth:`to_records` and :meth:`to_json` keep full precision. So a value
        is written as rated (a measure's ``rounded to N dp``, or the decimals
        it takes to be rated as it is), and the ``rated_value`` column, there
        for the columns to be those of :meth:`to_records`, is the same. A text cell
        that a spreadsheet would run as a formula (starting with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, and a
        NUL is written as U+FFFD.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.loads('''contract "c" { group "g" {
        ...     measure A1 "=SUM(A1:A9)" { unit money no target } } }''')
        >>> print(contract.evaluate({"A1": -4.2e6}, period="2017/18 Q4").to_csv().splitlines()[1])
        A1,'=SUM(A1:A9),g,measure,money,none,2017/18 Q4,2018-01-01,2018-03-31,-4200000.00,-4200000.00,No target specified,,,,,,,,No target specified,no comparison,,

        ```
        """  # noqa: E501 (a CSV row printed whole is wider than a line)
        return _records_csv(self._csv_records())

    def _csv_records(self) -> list[dict[str, Any]]:
        """:meth:`to_records` with the figures as every output shows them, as plain numbers."""
        from perfcontract.render import csv_term, csv_value

        records = self.to_records()
        for record, r in zip(records, self.results, strict=True):
            record["value"] = csv_value(r.value, r.measure, rated_against=(r.target, r.tolerance))
            record["rated_value"] = record["value"]  # shown as rated already (see to_csv)
            record["previous_value"] = csv_value(
                r.previous_value, r.measure, rated_against=(r.previous_target, r.previous_tolerance)
            )
            record["target"] = csv_term(r.target, r.measure)
            record["tolerance"] = csv_term(r.tolerance, r.measure)
            for key, term in (("target", r.target), ("tolerance", r.tolerance)):
                band = term if isinstance(term, Band) else None
                record[f"{key}_low"] = "" if band is None else csv_value(band.low, r.measure)
                record[f"{key}_high"] = "" if band is None else csv_value(band.high, r.measure)
        return records

    def to_text(self) -> str:
        """The summary table, then one line per measure, for a terminal.

        Names are written on one line, any control character in them as �, so
        that nothing in a contract can move the cursor or recolour a terminal.
        """
        from perfcontract.render import format_value

        lines = [self.summary().to_text(), ""]
        ids = [one_line(r.measure.id) for r in self.results]
        width = column_width(ids)
        values = [
            format_value(r.value, r.measure, rated_against=(r.target, r.tolerance)) if r.due else ""
            for r in self.results
        ]
        value_width = max(10, *map(len, values)) if values else 10  # the statuses line up
        for r, shown, value in zip(self.results, ids, values, strict=True):
            status = r.status.label if r.status is not None else "volumetric"
            if not r.due:
                status = r.not_due
            arrow = r.direction.arrow or " "
            note = f"  ({r.movement})" if r.movement else ""
            lines.append(f"{shown:<{width}}  {arrow} {value:>{value_width}}  {status}{note}")
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
        from perfcontract.render.tables import evaluation_table, summary_table

        return summary_table(self.summary()) + "\n" + evaluation_table(self)

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import styled

        return styled(self.to_html())

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
        from perfcontract.render import format_term, format_value

        rows = [
            "| Measure | Value | Target | Tolerance | Status | Direction |",
            "|---|---:|---:|---:|---|---|",
        ]
        for r in self.results:
            terms = (r.target, r.tolerance)
            value = (
                "" if math.isnan(r.value) else format_value(r.value, r.measure, rated_against=terms)
            )
            target, tolerance = (
                "" if term is None else format_term(term, r.measure)
                for term in (r.target, r.tolerance)
            )
            status = r.not_due or (r.status.label if r.status is not None else "volumetric")
            rows.append(
                f"| {markdown_cell(r.measure.id)} {markdown_cell(r.measure.title)} | {value} |"
                f" {target} | {tolerance} | {status} |"
                f" {r.direction.arrow} {r.direction.label} |"
            )
        return self.summary().to_markdown() + "\n\n" + "\n".join(rows) + "\n"


# ---------------------------------------------------------------------------
# Evaluating


def _records_csv(records: Sequence[Mapping[str, Any]]) -> str:
    header = list(records[0]) if records else ["measure"]
    return write_csv([header, *([record[key] for key in header] for record in records)])


def _frame(records: list[dict[str, Any]], what: str) -> Any:
    """``records`` as a pandas DataFrame, the period dates as dates (pandas imported here)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            f"{what} needs pandas, which is not installed: pip install pandas"
        ) from None
    frame = pd.DataFrame.from_records(records)
    for column in ("period_start", "period_end"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column])
    return frame


class Evaluations:
    """Every measure evaluated for each of several periods, rated in one call of the engine:
    what ``contract.evaluate(readings, periods=[...])`` gives.

    It is a sequence of :class:`Evaluation`, one a period in the order asked
    for, and one table of them all: :meth:`to_records`, :meth:`to_pandas`
    and :meth:`to_csv` give a row per period and measure.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
    >>> quarters = contract.evaluate(readings, periods=["2017/18 Q3", "2017/18 Q4"])
    >>> [(str(ev.period), ev["B8"].status.label) for ev in quarters]
    [('2017/18 Q3', 'Inside tolerance'), ('2017/18 Q4', 'Outside tolerance')]
    >>> len(quarters.to_records()) == 2 * len(contract.measures)
    True

    ```
    """

    def __init__(self, evaluations: Sequence[Evaluation]) -> None:
        self.evaluations: tuple[Evaluation, ...] = tuple(evaluations)
        self._by_period = {ev.period: ev for ev in self.evaluations}

    def __iter__(self) -> Iterator[Evaluation]:
        return iter(self.evaluations)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Evaluations):
            return NotImplemented
        return self.evaluations == other.evaluations

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.evaluations)

    def __getitem__(self, key: int | PeriodLike) -> Evaluation:
        """The evaluation at a position, or for a period (given as text or a Period)."""
        if isinstance(key, int):
            return self.evaluations[key]
        first = self.evaluations[0] if self.evaluations else None
        year_start = first.contract.year_start if first is not None else 4
        period = key if isinstance(key, Period) else Period.parse(key, year_start=year_start)
        try:
            return self._by_period[period]
        except KeyError:
            raise KeyError(f"no evaluation for {period}: periods {self.periods}") from None

    def __repr__(self) -> str:
        periods = self.periods
        if len(periods) > 4:
            return f"<Evaluations for {len(periods)} periods, {periods[0]} to {periods[-1]}>"
        shown = ", ".join(str(p) for p in periods)
        return f"<Evaluations for {shown}>"

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import styled
        from perfcontract.render.tables import summary_table

        return styled("".join(summary_table(ev.summary()) for ev in self.evaluations))

    @property
    def periods(self) -> tuple[Period, ...]:
        """The periods evaluated, in the order asked for."""
        return tuple(ev.period for ev in self.evaluations)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """What the readings said without a refusal, then each period's measures with no
        value for a gap in their readings, period by period (see :attr:`Evaluation.warnings`)."""
        return tuple(dict.fromkeys(w for ev in self.evaluations for w in ev.warnings))

    def to_records(self) -> list[dict[str, Any]]:
        """One plain row per period and measure: :meth:`Evaluation.to_records` of each
        period in turn."""
        return [record for ev in self.evaluations for record in ev.to_records()]

    def to_pandas(self) -> Any:
        """The records of :meth:`to_records` as one pandas DataFrame (pandas imported only
        here), the period dates as dates."""
        return _frame(self.to_records(), "Evaluations.to_pandas")

    def to_csv(self) -> str:
        """One CSV row per period and measure, figures as :meth:`Evaluation.to_csv` writes
        them."""
        return _records_csv([record for ev in self.evaluations for record in ev._csv_records()])


def evaluate(
    contract: Contract,
    readings: Readings | ResolvedReadings | Mapping[str, Any],
    period: PeriodLike,
    authority: str | None = None,
) -> Evaluation:
    """Evaluate every measure of ``contract`` for ``period`` from ``readings``.

    ``readings`` may be :class:`~perfcontract.readings.Readings` (checked
    against the contract here: every bad row is reported at once in a
    :class:`~perfcontract.errors.ReadingsError`), readings already resolved,
    or a mapping of measure id to value for ``period``. Every measure's
    value, and the one for the period before, are rated in one call of the
    engine.
    """
    at = Period.parse(period, year_start=contract.year_start)
    resolved = _resolved(readings, contract, at, authority)
    return _evaluate_with_history(contract, resolved, at, authority)[0]


def evaluate_periods(
    contract: Contract,
    readings: Readings | ResolvedReadings | Any,
    periods: Sequence[PeriodLike],
    authority: str | None = None,
) -> Evaluations:
    """Evaluate every measure for each of ``periods``, all rated in one call of the engine.

    Each period's :class:`Evaluation` is what :func:`evaluate` gives for it
    (its direction of travel against the period before, read from the same
    readings); the periods are worked out together, as one table of values
    and terms, so that many periods cost one pass, not one call each.
    ``readings`` is anything :func:`evaluate` takes but a mapping of values,
    which is for one period.

    The evaluations come in the order of ``periods``. No periods at all, or
    one period given twice (however it is written), raises ``ValueError``:
    each period is one evaluation, found by its period as well as by its place.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
    >>> year = evaluate_periods(contract, readings, [f"2017/18 Q{q}" for q in range(1, 5)])
    >>> [ev["B8"].status.label for ev in year]
    ['Inside tolerance', 'On or better than target', 'Inside tolerance', 'Outside tolerance']
    >>> try:
    ...     evaluate_periods(contract, readings, ["2017/18 Q4", "2017/18 q4"])
    ... except ValueError as error:
    ...     print(error)
    periods gives 2017/18 Q4 twice (as '2017/18 Q4' and '2017/18 q4'): give each period once

    ```
    """
    if isinstance(readings, Mapping):
        raise TypeError(
            "a mapping of values is for one period: give Readings (or a DataFrame) for many"
        )
    periods = list(periods)  # indexed to name a period given twice, as it was written
    ats = [Period.parse(p, year_start=contract.year_start) for p in periods]
    if not ats:
        raise ValueError(
            "periods is empty: give the periods to rate, periods=['2017/18 Q3', '2017/18 Q4'],"
            " say (or period='2017/18 Q4' for one)"
        )
    _each_once(periods, ats)
    resolved = _resolved(readings, contract, ats[0], authority)
    _checked_against(resolved, contract, "evaluate")
    authority = _one_authority(resolved, authority)
    befores = [_previous(at) for at in ats]
    every = list(dict.fromkeys([*ats, *(b for b in befores if b is not None)]))
    table = _Table(contract, resolved, every, authority)
    return Evaluations(
        [
            Evaluation(
                contract,
                at,
                table.results(at, before),
                authority,
                (*resolved.warnings, *table.gap_warnings(at)),
            )
            for at, before in zip(ats, befores, strict=True)
        ]
    )


def _each_once(written: Sequence[PeriodLike], periods: Sequence[Period]) -> None:
    """ValueError naming the first period given twice (as two spellings of it, if they
    differ): its rows would come twice in every table, and ``Evaluations[period]`` could
    give only one of them."""
    seen: dict[Period, int] = {}
    for i, period in enumerate(periods):
        first = seen.setdefault(period, i)
        if first == i:
            continue
        spellings = [str(written[j]).strip() for j in (first, i)]
        both = f" (as {spellings[0]!r} and {spellings[1]!r})" if len(set(spellings)) > 1 else ""
        raise ValueError(f"periods gives {period} twice{both}: give each period once")


def _resolved(
    readings: object, contract: Contract, at: Period, authority: str | None
) -> ResolvedReadings:
    """Readings in any form :func:`evaluate` takes (resolved or not, a mapping of values for
    ``at``, a DataFrame or table), checked against the contract."""
    if isinstance(readings, Mapping):
        readings = Readings.from_mapping(readings, at, authority=authority)
    elif isinstance(readings, str | os.PathLike):
        raise TypeError(
            f"readings are pc.Readings, not the name of a file: read {os.fspath(readings)!r}"
            " with pc.Readings.from_csv (or from_excel) and pass what it gives"
        )
    elif not isinstance(readings, Readings | ResolvedReadings):
        if type(readings).__module__.partition(".")[0] not in _frames.LIBRARIES:
            raise TypeError(
                "readings are pc.Readings, a mapping of measure id to value, or a pandas,"
                f" polars or pyarrow table, not {type(readings).__name__}"
            )
        readings = Readings.from_frame(readings)
    return readings if isinstance(readings, ResolvedReadings) else readings.resolve(contract)


def _evaluate_with_history(
    contract: Contract,
    resolved: ResolvedReadings,
    at: Period,
    authority: str | None,
    history: Sequence[Period] = (),
) -> tuple[Evaluation, _Table]:
    """The evaluation for ``at``, and the :class:`_Table` it was made from, which holds the
    ``history`` periods too (for a report's trends): all rated in one call."""
    _checked_against(resolved, contract, "evaluate")
    authority = _one_authority(resolved, authority)
    before = _previous(at)
    periods = list(dict.fromkeys([at, *([] if before is None else [before]), *history]))
    table = _Table(contract, resolved, periods, authority)
    results = table.results(at, before)
    warnings = (*resolved.warnings, *table.gap_warnings(at))
    return Evaluation(contract, at, results, authority, warnings), table


def _checked_against(resolved: ResolvedReadings, contract: Contract, doing: str) -> None:
    """Refuse readings resolved against another contract (or another start of year)."""
    if resolved.contract_name != contract.name or resolved.year_start != contract.year_start:
        raise ReadingsError(
            [
                Diagnostic(
                    "these readings were checked against the contract"
                    f" {quoted(resolved.contract_name)}, not {quoted(contract.name)}",
                    source="<readings>",
                    hint=f"resolve the readings against the contract you {doing}",
                )
            ]
        )


def _json_number(value: object) -> object:
    """A value as JSON can hold it: an infinite float as ``"Infinity"`` or ``"-Infinity"``."""
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def _status_code(value: object) -> bool:
    """Whether ``value`` is a status's number (an ``int`` or a numpy integer, not a bool)."""
    return (
        isinstance(value, Integral)
        and not isinstance(value, bool | np.bool_)
        and int(value) in {status.value for status in Status}
    )


def _previous(period: Period) -> Period | None:
    """The period before, of the same kind; None before the first period there can be."""
    try:
        return period.previous()
    except (ValueError, PeriodError):
        return None


def _one_authority(resolved: ResolvedReadings, authority: str | None) -> str | None:
    known = resolved.authorities
    if authority is not None:
        if authority not in known:
            named = [a for a in known if a is not None]
            raise ReadingsError(
                [
                    Diagnostic(
                        f"there are no readings for authority {quoted(authority)}",
                        source="<readings>",
                        hint=f"the readings are for {_names(known)}"
                        if named
                        else "the readings name no authority: leave out authority=",
                    )
                ]
            )
        return authority
    if len(known) <= 1:
        return next(iter(known), None)
    raise ReadingsError([_several_authorities(known)])


def _several_authorities(known: Sequence[str | None]) -> Diagnostic:
    """The problem with readings for several authorities when none is chosen; its hint says
    how to choose one as the caller does (``authority=…`` in Python, ``--authority …`` on
    the command line)."""
    return Diagnostic(
        f"the readings are for {len(known)} authorities ({_names(known)});"
        " say which one to evaluate",
        source="<readings>",
        hint=option("pass authority=…", "pass --authority …"),
    )


def _names(authorities: Sequence[str | None], shown: int = 5) -> str:
    names = ", ".join("(none)" if a is None else a for a in authorities[:shown])
    return names + (", …" if len(authorities) > shown else "")


def _comparisons(measure: Measure, period: Period, value: float) -> tuple[BenchmarkComparison, ...]:
    comparisons = []
    if measure.rounding is not None and not math.isnan(value):  # compared as it is rated
        value = float(engine.round_half_away(value, measure.rounding))
    # The gap as the decimals read: 26 - 21.9 is 4.1, not 4.100000000000001.
    exact = None if math.isnan(value) else _decimal(value)
    for benchmark in measure.benchmarks_at(period):
        gap = math.nan if exact is None else float(exact - benchmark.value)
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
    resolved: ResolvedReadings,
    measure: Measure,
    period: Period,
    authority: str | None = None,
    contract: Contract | None = None,
) -> float:
    """The measure's value for ``period``, exactly as :func:`evaluate` works it out.

    A reading for the period itself wins, a missing-value marker (``x``) too;
    an empty cell does not, as a wide file has one for every period it has a
    column for. Otherwise a year or a half year is
    built from its quarters (each from its months if need be) and a quarter
    from its months, by the measure's ``aggregate``; every part must have a
    reading, or the value is missing (NaN): a roll-up never quietly leaves a
    month out. A seasonal measure rolls up its in-season parts only. A
    measure with a ``window`` takes its value over the window's reporting
    periods; a ratio measure is its numerator's roll-up over its
    denominator's (the components are found in ``contract``, which a ratio
    measure needs). A period the measure is not due in has no value: NaN.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv").resolve(contract)
    >>> value_for(readings, contract["E1"], pc.Period.parse("2017/18"))  # mean of the quarters
    1928.5

    ```
    """
    measures = [measure]
    if measure.is_ratio:
        if contract is None:
            raise ValueError(
                f"{measure.id} is a ratio of {measure.numerator} and {measure.denominator}:"
                " pass the contract to find them"
            )
        measures = list(contract.measures.values())
        if measure.id not in contract.measures:
            measures.append(measure)
    values, _, _ = _values(resolved, measures, [period], authority)
    return float(values[[m.id for m in measures].index(measure.id), 0])


def _parts(period: Period) -> tuple[Period, ...]:
    """What a period rolls up from when it has no reading of its own: a year's and a half's
    quarters, a quarter's months; a month has none."""
    if period.kind is PeriodKind.MONTH:
        return ()
    if period.kind is PeriodKind.QUARTER:
        return period.months()
    return period.quarters()


# ---------------------------------------------------------------------------
# Every measure in many periods at once

_STATUSES = list(Status)
_DIRECTIONS = list(Direction)
_NO_DIRECTION = _DIRECTIONS.index(Direction.NONE)
_SUM = Aggregate.SUM
_BY_AGGREGATE = {how: i for i, how in enumerate(Aggregate)}


class _Table:
    """Every measure of a contract in some periods: values, terms in force and statuses.

    ``values`` is shaped (measures, periods): each measure's value in each
    period, exactly as :func:`value_for` gives it, and ``due`` whether the
    measure is due in the period at all (a month of an annual measure, or
    one out of season, is not: no value, no status). ``no_cases`` marks a
    ratio whose denominator is 0 there: it has no value (No data) for want of
    cases, not of readings. The values are rated in one call of the engine,
    each period with its own terms; ``statuses`` holds the codes (those of
    volumetric measures, and of periods a measure is not due in, mean
    nothing).
    """

    def __init__(
        self,
        contract: Contract,
        resolved: ResolvedReadings,
        periods: Sequence[Period],
        authority: str | None,
    ) -> None:
        self.measures = tuple(contract.measures.values())
        self.summed = [m for m, measure in enumerate(self.measures) if measure.aggregate is _SUM]
        self.periods = tuple(periods)
        self.column = {p: i for i, p in enumerate(self.periods)}
        self.values, self.due, self.no_cases, self.gaps, self._rollups = _checked_values(
            resolved, self.measures, self.periods, authority, check=True
        )
        self.targets, self.tolerances = _terms(self.measures, self.periods)
        self.statuses = _statuses(self.measures, self.values, self.targets, self.tolerances)

    def results(self, period: Period, before: Period | None) -> list[MeasureResult]:
        """Every measure's result for ``period``, with the period ``before`` (both columns)."""
        now = self.column[period]
        values = self.values[:, now]
        previous = self.values[:, self.column[before]] if before is not None else None
        prior = np.full(values.shape, np.nan) if previous is None else previous
        targets = [row[now] for row in self.targets]
        polarities, lows, highs = [], np.full(len(values), np.nan), np.full(len(values), np.nan)
        for m, (measure, target) in enumerate(zip(self.measures, targets, strict=True)):
            polarity = measure.polarity
            if isinstance(target, Band):
                lows[m], highs[m] = float(target.low), float(target.high)
            elif polarity is Polarity.IN_BAND:
                polarity = Polarity.NONE
            polarities.append(polarity)
        places = [m.rounding for m in self.measures]  # compared as rated and shown
        moved = engine._directions(values, prior, polarities, lows, highs, places).tolist()
        if before is not None:
            for m in self.summed:  # totals of unlike lengths are not compared
                if moved[m] != _NO_DIRECTION and len(
                    _periods_of(self.measures[m], period, window=True)
                ) != len(_periods_of(self.measures[m], before, window=True)):
                    moved[m] = _NO_DIRECTION
        codes = self.statuses[:, now].tolist()
        due = self.due[:, now].tolist()
        then = None if before is None else self.column[before]
        previous_codes = None if then is None else self.statuses[:, then].tolist()
        was_due = None if before is None else self.due[:, self.column[before]].tolist()
        results = []
        for m, (measure, value, prior_value) in enumerate(
            zip(self.measures, values.tolist(), prior.tolist(), strict=True)
        ):
            rated = measure.is_contractual and due[m]
            status = _STATUSES[codes[m]] if rated else None
            previous_status = (
                _STATUSES[previous_codes[m]]
                if measure.is_contractual and previous_codes is not None and was_due and was_due[m]
                else None
            )
            rated_then = then if previous_status is not None else None
            results.append(
                MeasureResult(
                    measure=measure,
                    period=period,
                    value=value,
                    status=status,
                    target=targets[m],
                    tolerance=self.tolerances[m][now],
                    previous_value=prior_value,
                    previous_status=previous_status,
                    direction=_DIRECTIONS[moved[m]],
                    benchmarks=_comparisons(measure, period, value) if due[m] else (),
                    due=due[m],
                    previous_target=None if rated_then is None else self.targets[m][rated_then],
                    previous_tolerance=(
                        None if rated_then is None else self.tolerances[m][rated_then]
                    ),
                )
            )
        return results

    def gap_warnings(
        self, period: Period, ids: Collection[str] | None = None
    ) -> tuple[Diagnostic, ...]:
        """A warning for each measure (of ``ids``, if given) with no value in ``period`` for
        a gap in its readings: it has readings for some of the periods its value needs, but
        not for all (see :func:`_gap_warning`). One with no reading at all says nothing."""
        c = self.column[period]
        flagged = [
            m
            for m in np.flatnonzero(self.gaps[:, c] & self.due[:, c]).tolist()
            if ids is None or self.measures[m].id in ids
        ]
        # Measures alike (see _checked_values) take their values over the same span.
        alike: dict[tuple[Any, ...], list[int]] = {}
        for m in flagged:
            alike.setdefault(_alike(self.measures[m]), []).append(m)
        said: dict[int, Diagnostic] = {}
        for members in alike.values():
            span = _span(self.measures[members[0]], period)
            rows = np.array(members, dtype=np.intp)
            for m, behind in zip(members, self._rollups.missing(rows, span), strict=True):
                said[m] = _gap_warning(self._rollups, m, period, span, behind)
        return tuple(said[m] for m in flagged)

    def statuses_in(self, columns: Sequence[int]) -> list[list[Status | None]]:
        """Each measure's :meth:`status` in each of the periods ``columns``, as rows."""
        codes = self.statuses[:, columns].tolist()
        due = self.due[:, columns].tolist()
        return [
            [_STATUSES[code] if was else None for code, was in zip(row, dues, strict=True)]
            if measure.is_contractual
            else [None] * len(columns)
            for measure, row, dues in zip(self.measures, codes, due, strict=True)
        ]

    def status(self, m: int, p: int) -> Status | None:
        """Measure ``m``'s status in period ``p`` (None for a volumetric measure, or in a
        period the measure is not due in)."""
        if not (self.measures[m].is_contractual and self.due[m, p]):
            return None
        return _STATUSES[int(self.statuses[m, p])]


def _values(
    resolved: ResolvedReadings,
    measures: Sequence[Measure],
    periods: Sequence[Period],
    authority: str | None,
) -> tuple[FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """:func:`value_for` of every measure in every period, shaped (measures, periods),
    whether each measure is due in each period, and whether it is a ratio with no cases
    there (its denominator is 0, so it has no value: see :meth:`_Rollups.over_with_cases`)."""
    values, due, no_cases, _, _ = _checked_values(resolved, measures, periods, authority)
    return values, due, no_cases


def _checked_values(
    resolved: ResolvedReadings,
    measures: Sequence[Measure],
    periods: Sequence[Period],
    authority: str | None,
    check: bool = False,
) -> tuple[
    FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_], _Rollups
]:
    """:func:`_values`; with ``check``, whether each measure has no value for a gap in its
    readings (see :meth:`_Rollups.gaps`) too; and the roll-ups they were worked out with.

    With ``check``, a ratio measure's value that no reading could be (a percentage above
    100 or below 0, a negative rate: see :func:`~perfcontract.readings.ratio_misfit`)
    raises a ReadingsError naming every one, with its components' values and readings.

    Measures that are due in the same periods and take their values over the
    same reporting periods (the same frequency, season and window) are
    worked out together, a period at a time, as arrays: the readings of a
    period are looked up once for all measures (:class:`_Rollups`).
    """
    rollups = _Rollups(resolved, measures, authority)
    problems: list[Diagnostic] = []
    values = np.full((len(measures), len(periods)), np.nan)
    due = np.zeros((len(measures), len(periods)), dtype=bool)
    no_cases = np.zeros((len(measures), len(periods)), dtype=bool)
    gaps = np.zeros((len(measures), len(periods)), dtype=bool)
    alike: dict[tuple[Any, ...], list[int]] = {}
    for m, measure in enumerate(measures):
        alike.setdefault(_alike(measure), []).append(m)
    for key, members in alike.items():
        rows = np.array(members, dtype=np.intp)
        first = measures[members[0]]
        over_parts = key[-1]
        for p, period in enumerate(periods):
            if not first.due_in(period):
                continue
            due[rows, p] = True
            span = first.window_periods(period) if over_parts else period
            values[rows, p], no_cases[rows, p] = rollups.over_with_cases(rows, span)
            if check:
                problems.extend(_out_of_range(rollups, rows, values[rows, p], period, span))
                gaps[rows, p] = rollups.gaps(rows, span, values[rows, p], no_cases[rows, p])
    if problems:
        raise ReadingsError(problems)
    return values, due, no_cases, gaps, rollups


def _gap_warning(
    rollups: _Rollups,
    m: int,
    period: Period,
    span: Period | tuple[Period, ...],
    behind: Sequence[tuple[int, Sequence[Period]]],
) -> Diagnostic:
    """The warning for measure ``m``, with no value in ``period`` (over ``span``) for a gap
    in its readings (see :meth:`_Rollups.gaps`): the periods each measure ``behind`` it has
    no reading for (see :meth:`_Rollups.missing`; the first few), and, when readings given
    as dates fall on the months of a measure reported quarterly or less often, that a date
    is read as its month and how to give the quarter.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> readings = pc.Readings.from_csv_text("measure,period,value\\nA1,2018-01,26\\n")
    >>> print(contract.evaluate(readings, period="2017/18 Q4").warnings[0].format())
    <readings>: warning: measure A1, period 2017/18 Q4: No data, as A1 has readings for part \
of 2017/18 Q4 but none for 2018-02 and 2018-03, and its value needs them all
    help: give A1's readings for 2018-02 and 2018-03, or one for 2017/18 Q4 itself

    ```
    """
    measure = rollups.measures[m]
    spans = (span,) if isinstance(span, Period) else span
    over = period.label if isinstance(span, Period) else f"{spans[0]} to {spans[-1]}"
    said, hints = [], []
    for leaf, gaps in dict(behind).items():  # a component twice (N over N) is said once
        held = rollups.measures[leaf]
        who = held.id if leaf == m else f"{held.id} (which {measure.id} is worked out from)"
        none_for = _first_few([gap.label for gap in gaps])
        said.append(f"{who} has readings for part of {over} but none for {none_for}")
        dated = _dated(rollups, held, spans)
        if dated is not None:
            hints.append(dated)
            continue
        itself = f", or one for {period} itself" if isinstance(span, Period) else ""
        hints.append(f"give {held.id}'s readings for {none_for}{itself}")
    authority = rollups.authority
    named = "" if authority is None else f"authority {quoted(authority)}, "
    return Diagnostic(
        f"{named}measure {measure.id}, period {period}: No data, as {'; '.join(said)},"
        f" and its value needs them all",
        source="<readings>",
        hint="; ".join(hints),
        severity="warning",
    )


def _dated(rollups: _Rollups, measure: Measure, spans: Sequence[Period]) -> str | None:
    """How to give a reading of ``measure``, reported quarterly or less often, whose readings
    in ``spans`` were given as dates, each read as the month it falls in; None if it is
    reported monthly, or none of them was."""
    kind = measure.frequency.period_kind
    if kind is PeriodKind.MONTH:
        return None
    if rollups.dated is None:  # a date is read as a month: without months, none was a date
        resolved = rollups.resolved
        months_read = any(p.kind is PeriodKind.MONTH for p in resolved.periods)
        rollups.dated = dated_months(resolved, rollups.authority) if months_read else {}
    held = rollups.dated.get(measure.id)
    if not held:
        return None
    found = sorted(held & {month for part in spans for month in part.months()})
    if not found:
        return None
    dates = _first_few([month.label for month in found])
    given = (
        f"its reading for {dates} was given as a date"
        if len(found) == 1
        else f"its readings for {dates} were given as dates"
    )
    return (
        f"{measure.id} is reported {measure.frequency.value}, but {given}, which is read as the"
        f" month it falls in: {as_a_period(measure, found[0])}"
    )


def _first_few(labels: Sequence[str], shown: int = 5) -> str:
    """``a``, ``a and b``, ``a, b and c``; past ``shown``, the first few ``and 7 more``."""
    if len(labels) <= shown:
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    return f"{', '.join(labels[:shown])} and {len(labels) - shown:,} more"


def _alike(measure: Measure) -> tuple[Any, ...]:
    """What measures worked out together share: the periods they are due in, and what their
    values are taken over (see :func:`_checked_values`)."""
    over_parts = _over_parts(measure)
    return (measure.frequency, measure.season, measure.window, measure.year_start, over_parts)


def _over_parts(measure: Measure) -> bool:
    """Whether the measure takes its value over its reporting periods (its window's, see
    :meth:`Measure.window_periods`), never from a longer period's own reading: one with a
    window, a ratio with a season."""
    return measure.window is not None or (measure.is_ratio and measure.season is not None)


def _span(measure: Measure, period: Period) -> Period | tuple[Period, ...]:
    """What the measure's value for ``period`` is taken over: the period, or its reporting
    periods (see :func:`_over_parts`)."""
    return measure.window_periods(period) if _over_parts(measure) else period


def _out_of_range(
    rollups: _Rollups,
    rows: npt.NDArray[np.intp],
    values: FloatArray,
    period: Period,
    span: Period | tuple[Period, ...],
) -> Iterator[Diagnostic]:
    """The ratio measures among ``rows`` whose ``values`` over ``span`` no reading could
    be: a percentage above 100 or below 0, a negative rate."""
    by_id = {m.id: m for m in rollups.measures}
    checked = np.array([part_of_whole(rollups.measures[m], by_id) for m in rows.tolist()])
    with np.errstate(invalid="ignore"):
        suspect = checked & (values > 100)
    for i in np.flatnonzero(suspect).tolist():
        m = int(rows[i])
        measure = rollups.measures[m]
        parts = []
        for components, numbers in (
            (rollups.numerator, rollups.numerator_number),
            (rollups.denominator, rollups.denominator_number),
        ):
            value = rollups._component(components[[m]], numbers[[m]], span, 0)[0]
            parts.append(_plainly(float(value[0])))
        spans = (span,) if isinstance(span, Period) else span
        over = "" if len(spans) == 1 else f", over {spans[0]} to {spans[-1]}"
        problem = ratio_misfit(measure, parts[0], parts[1], float(values[i]), over)
        if problem is not None:
            yield rolled_ratio_problem(
                rollups.resolved, measure, period, spans, rollups.authority, problem
            )


class _Rollups:
    """Measures' values rolled up over periods, as arrays over the measures.

    :meth:`column` is every measure's value for one period: its reading, or
    the roll-up of the period's parts by each measure's aggregate (a
    seasonal measure's in-season parts only). :meth:`over_with_cases` takes some
    measures over a period or over a run of reporting periods (a window),
    working out ratio measures from their components.
    """

    def __init__(
        self, resolved: ResolvedReadings, measures: Sequence[Measure], authority: str | None
    ) -> None:
        self.resolved = resolved
        self.measures = measures
        self.authority = authority
        self.ids = [m.id for m in measures]
        self.known = set(resolved.periods)
        self.aggregates = np.array([_BY_AGGREGATE[m.aggregate] for m in measures], dtype=np.int8)
        # Each period's values, and each as a total over a count, exactly: see _roll.
        self.columns: dict[Period, _Rolled] = {}
        # The same without seasons (for ratios' components), and which values each period's
        # roll-up made (those with no reading of their own for the period).
        self.unseasoned: dict[Period, _Rolled] = {}
        self.rolled: dict[Period, npt.NDArray[np.bool_]] = {}
        # Which measures have a reading (a number) for each period or for any part of it.
        self.seen: dict[Period, npt.NDArray[np.bool_]] = {}
        # Each measure's months whose reading was given as a date: found when first needed.
        self.dated: dict[str, set[Period]] | None = None
        self.parts: dict[Period, tuple[Period, ...]] = {}  # each period's, as gaps name them
        # Seasonal measures, by their schedule (frequency, season, year start).
        schedules: dict[tuple[Any, ...], int] = {}
        self.schedule = np.full(len(measures), -1, dtype=np.intp)
        self.schedules: list[Measure] = []
        for m, measure in enumerate(measures):
            if measure.season is not None:
                key = (measure.frequency, measure.season, measure.year_start)
                if key not in schedules:
                    schedules[key] = len(self.schedules)
                    self.schedules.append(measure)
                self.schedule[m] = schedules[key]
        self.seasonal = self.schedule >= 0
        self.weights: dict[tuple[int, tuple[Period, ...]], FloatArray] = {}
        # Ratio measures: each component as a measure's row (or -1) and a number.
        index = {m.id: i for i, m in enumerate(measures)}
        self.ratio = np.array([m.is_ratio for m in measures], dtype=bool)
        self.numerator = np.full(len(measures), -1, dtype=np.intp)
        self.denominator = np.full(len(measures), -1, dtype=np.intp)
        self.numerator_number = np.full(len(measures), np.nan)
        self.denominator_number = np.full(len(measures), np.nan)
        self.scale = np.ones(len(measures))
        for m, measure in enumerate(measures):
            if not measure.is_ratio:
                continue
            self.scale[m] = float(measure.scale)
            for component, rows, numbers in (
                (measure.numerator, self.numerator, self.numerator_number),
                (measure.denominator, self.denominator, self.denominator_number),
            ):
                if isinstance(component, str):
                    rows[m] = index.get(component, -1)  # an unknown one: no value
                elif component is not None:
                    numbers[m] = float(component)

    def column(self, period: Period) -> FloatArray:
        """Every measure's value for ``period``: its reading, or its parts rolled up."""
        return self._column(period)[0]

    def _column(self, period: Period) -> _Rolled:
        """:meth:`column`, with each value as a total over a count (see :func:`_roll`)."""
        found = self.columns.get(period)
        if found is not None:
            return found
        n = len(self.ids)
        value = np.full(n, np.nan)
        absent = np.ones(n, dtype=bool)
        seen = np.zeros(n, dtype=bool)
        if period in self.known:
            get, authority = self.resolved.values.get, self.authority
            own = [get((authority, i, period)) for i in self.ids]
            absent = np.array([v is None for v in own], dtype=bool)
            value = np.array([np.nan if v is None else v for v in own], dtype=np.float64)
            seen = ~np.isnan(value)
            # An empty cell says nothing, as a wide file or a pivoted frame has one for
            # every period it has a column for: it hides no parts. A marker (`x`) does.
            text = self.resolved.text
            for m in np.flatnonzero(np.isnan(value) & ~absent).tolist():
                absent[m] = not (text(self.ids[m], period, authority) or "").strip()
        total, count = value.copy(), np.ones(n)
        parts = _parts(period)
        self.rolled[period] = absent if parts else np.zeros(n, dtype=bool)
        self.seen[period] = seen
        if parts and absent.any():
            rolled = [self._column(part) for part in parts]
            below = np.logical_or.reduce([self.seen[part] for part in parts])
            self.seen[period] = seen | (absent & below)
            plain = absent & ~self.seasonal
            if plain.any():
                stacked = _stacked(rolled, plain)
                value[plain], total[plain], count[plain] = _roll(stacked, self.aggregates[plain])
            seasonal = absent & self.seasonal
            if seasonal.any():
                stacked = _stacked(rolled, seasonal)
                weights = np.stack([self._weights(int(g), parts) for g in self.schedule[seasonal]])
                value[seasonal], total[seasonal], count[seasonal] = _roll(
                    stacked, self.aggregates[seasonal], weights
                )
        found = self.columns[period] = (value, total, count)
        return found

    def _column_at(self, depth: int) -> Callable[[Period], _Rolled]:
        """:meth:`_column` for a measure's own value (depth 0), :meth:`_column_unseasoned`
        for a ratio's components (below), where any measure has a season."""
        return self._column if depth == 0 or not self.seasonal.any() else self._column_unseasoned

    def _column_unseasoned(self, period: Period) -> _Rolled:
        """:meth:`_column` with every season left out: a seasonal measure's parts rolled up
        as any other measure's, as a ratio takes its components (a part out of season has
        no reading, so the roll-up has a gap)."""
        found = self.unseasoned.get(period)
        if found is not None:
            return found
        value, total, count = (array.copy() for array in self._column(period))
        redo = self.seasonal & self.rolled[period]
        if redo.any():
            stacked = _stacked([self._column_unseasoned(part) for part in _parts(period)], redo)
            value[redo], total[redo], count[redo] = _roll(stacked, self.aggregates[redo])
        found = self.unseasoned[period] = (value, total, count)
        return found

    def _weights(self, schedule: int, parts: tuple[Period, ...]) -> FloatArray:
        """How much each part counts in a seasonal measure's roll-up: its in-season reporting
        periods (at least 1 for a part shorter than one), 0 out of season."""
        key = (schedule, parts)
        found = self.weights.get(key)
        if found is None:
            measure = self.schedules[schedule]
            season = measure.season
            assert season is not None
            found = np.array(
                [
                    max(1, len(measure.reporting_periods(part))) if season.overlaps(part) else 0
                    for part in parts
                ],
                dtype=np.float64,
            )
            self.weights[key] = found
        return found

    def over_with_cases(
        self, rows: npt.NDArray[np.intp], span: Period | tuple[Period, ...]
    ) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """The values of measures ``rows`` over a period, or over reporting periods rolled
        up by each measure's aggregate (a ratio measure's as its numerator's over its
        denominator's, times its scale: NaN where the denominator is 0 or missing), and
        which of the measures are ratios with no cases over ``span``: their numerator's
        and denominator's values there are both 0 (no potholes reported, so none
        repaired in time). Such a ratio has no value, as one with a reading missing has
        none, but no reading to come can give it one. A numerator that is missing, or
        more than 0 over a denominator of 0, is not "no cases": a reading is still to
        come or is wrong."""
        empty = np.zeros(len(rows), dtype=bool)
        return self._over(rows, span, depth=0, empty=empty)[0], empty

    def _over(
        self,
        rows: npt.NDArray[np.intp],
        span: Period | tuple[Period, ...],
        depth: int,
        empty: npt.NDArray[np.bool_] | None = None,
    ) -> _Rolled:
        """The values of :meth:`over_with_cases`, with totals and counts; below depth 0,
        for a ratio's components, without their seasons. ``empty``, if given, is set for
        each ratio with no cases (see :meth:`over_with_cases`)."""
        column = self._column_at(depth)
        result, total, count = (
            np.full(len(rows), np.nan),
            np.full(len(rows), np.nan),
            np.ones(len(rows)),
        )
        ratio = self.ratio[rows]
        plain = rows[~ratio]
        if len(plain):
            if isinstance(span, Period):
                value, whole, counted = column(span)
                result[~ratio], total[~ratio], count[~ratio] = (
                    value[plain],
                    whole[plain],
                    counted[plain],
                )
            elif span:
                stacked = _stacked([column(part) for part in span], plain)
                result[~ratio], total[~ratio], count[~ratio] = _roll(
                    stacked, self.aggregates[plain]
                )
        if ratio.any() and depth <= len(self.ids):  # deeper only round a cycle: no value
            ratios = rows[ratio]
            _, top, top_count = self._component(
                self.numerator[ratios], self.numerator_number[ratios], span, depth
            )
            _, bottom, bottom_count = self._component(
                self.denominator[ratios], self.denominator_number[ratios], span, depth
            )
            if empty is not None:  # none of none: a part of nothing, or a reading is wrong
                empty[ratio] = (bottom == 0) & (top == 0)
            # (top / top_count) x scale / (bottom / bottom_count), divided once, exactly:
            # a mean's total over its count, never the mean already rounded to a float.
            scale = self.scale[ratios] * bottom_count
            under, odd = bottom.copy(), top_count != 1
            if odd.any():
                under[odd] = _decimals.sums(bottom[odd, np.newaxis], top_count[odd, np.newaxis])
            result[ratio] = total[ratio] = _decimals.quotients(top, scale, under)
        return result, total, count

    def gaps(
        self,
        rows: npt.NDArray[np.intp],
        span: Period | tuple[Period, ...],
        values: FloatArray,
        no_cases: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.bool_]:
        """Which of measures ``rows``, whose values over ``span`` are ``values``, have no
        value for a gap: a reading for some of the periods the value needs but not for all
        (a ratio's, in a component). A measure with no reading at all there has none for want
        of readings, and a ratio with no cases for want of cases: neither is a gap."""
        found = np.isnan(values) & ~no_cases
        if found.any():
            found[found] = self._gapped(rows[found], span, 0)
        return found

    def _gapped(
        self, rows: npt.NDArray[np.intp], span: Period | tuple[Period, ...], depth: int
    ) -> npt.NDArray[np.bool_]:
        """:meth:`gaps` of measures ``rows``, each with no value over ``span`` (at ``depth``,
        as :meth:`_over` takes them): a plain measure with a reading somewhere in ``span``, a
        ratio with a component that has a gap."""
        found = np.zeros(len(rows), dtype=bool)
        ratio = self.ratio[rows]
        if not ratio.all():
            found[~ratio] = self._seen_over(rows[~ratio], span)
        if ratio.any() and depth <= len(self.ids):  # deeper only round a cycle
            ratios = rows[ratio]
            inner = np.zeros(len(ratios), dtype=bool)
            for components in (self.numerator, self.denominator):
                parts = components[ratios]
                measured = parts >= 0
                if measured.any():
                    sub = parts[measured]
                    none = self._none_over(sub, span, depth + 1)
                    hit = np.zeros(len(sub), dtype=bool)
                    if none.any():
                        hit[none] = self._gapped(sub[none], span, depth + 1)
                    inner[measured] |= hit
            found[ratio] = inner
        return found

    def _none_over(
        self, rows: npt.NDArray[np.intp], span: Period | tuple[Period, ...], depth: int
    ) -> npt.NDArray[np.bool_]:
        """Which of measures ``rows`` have no value over ``span`` (at ``depth``): a plain
        measure's read from the periods' roll-ups already made, with no roll-up made again
        (a roll-up over a window has no value where a part has none); a ratio's worked out."""
        none = np.zeros(len(rows), dtype=bool)
        ratio = self.ratio[rows]
        if ratio.any():
            none[ratio] = np.isnan(self._over(rows[ratio], span, depth)[0])
        if not ratio.all():
            plain = rows[~ratio]
            column = self._column_at(depth)
            missing = np.zeros(len(plain), dtype=bool)
            for part in (span,) if isinstance(span, Period) else span:
                missing |= np.isnan(column(part)[0][plain])
            none[~ratio] = missing
        return none

    def _seen_over(
        self, rows: npt.NDArray[np.intp], span: Period | tuple[Period, ...]
    ) -> npt.NDArray[np.bool_]:
        """Which of measures ``rows`` have a reading for some period in ``span``, or in a
        part of one."""
        seen = np.zeros(len(rows), dtype=bool)
        for part in (span,) if isinstance(span, Period) else span:
            if part not in self.seen:
                self._column(part)
            seen |= self.seen[part][rows]
        return seen

    def missing(
        self, rows: npt.NDArray[np.intp], span: Period | tuple[Period, ...]
    ) -> list[list[tuple[int, list[Period]]]]:
        """For measures ``rows``, each with no value over ``span`` for a gap (see
        :meth:`gaps`): for each, the measures whose readings have the gap (itself, or a
        ratio's components), each with the periods it has no reading for, in order: a part
        with no reading at all whole, a part with some by its own parts."""
        found: list[list[tuple[int, list[Period]]]] = [[] for _ in range(len(rows))]
        self._behind(rows, np.arange(len(rows)), span, 0, found)
        return found

    def _behind(
        self,
        rows: npt.NDArray[np.intp],
        at: npt.NDArray[np.intp],
        span: Period | tuple[Period, ...],
        depth: int,
        found: list[list[tuple[int, list[Period]]]],
    ) -> None:
        """:meth:`missing` of measures ``rows`` (at ``depth``), each added to ``found`` at
        its place in ``at``."""
        ratio = self.ratio[rows]
        if not ratio.all():
            plain = rows[~ratio]
            periods: list[list[Period]] = [[] for _ in range(len(plain))]
            everywhere = np.arange(len(plain))
            for part in (span,) if isinstance(span, Period) else span:
                self._missing_in(plain, everywhere, part, depth, periods)
            for i, m, gaps in zip(at[~ratio].tolist(), plain.tolist(), periods, strict=True):
                found[i].append((m, gaps))
        if ratio.any() and depth <= len(self.ids):  # deeper only round a cycle
            ratios, places = rows[ratio], at[ratio]
            for components in (self.numerator, self.denominator):
                parts = components[ratios]
                measured = parts >= 0
                sub, sub_at = parts[measured], places[measured]
                gap = self._none_over(sub, span, depth + 1)
                if gap.any():
                    gap[gap] = self._gapped(sub[gap], span, depth + 1)
                if gap.any():
                    self._behind(sub[gap], sub_at[gap], span, depth + 1, found)

    def _missing_in(
        self,
        rows: npt.NDArray[np.intp],
        at: npt.NDArray[np.intp],
        period: Period,
        depth: int,
        periods: list[list[Period]],
    ) -> None:
        """Add ``period`` to the periods (in ``periods``, at ``at``) of each of measures
        ``rows`` with no reading at all there, and its parts' for each with some, as
        :meth:`missing` names them (below depth 0 without seasons, as :meth:`_over`)."""
        seasons = depth == 0 or not self.seasonal.any()
        none = np.isnan((self._column if seasons else self._column_unseasoned)(period)[0][rows])
        seen = self.seen[period][rows]
        for i in at[none & ~seen].tolist():
            periods[i].append(period)
        some = none & seen
        if not some.any():
            return
        rows, at = rows[some], at[some]
        parts = self.parts.get(period)
        if parts is None:
            parts = self.parts[period] = _parts(period)
        kept = np.ones((len(rows), len(parts)), dtype=bool)
        if seasons:  # a seasonal measure's parts out of season are not wanted
            for k in np.flatnonzero(self.seasonal[rows]).tolist():
                kept[k] = self._weights(int(self.schedule[rows[k]]), parts) > 0
        for j, part in enumerate(parts):
            self._missing_in(rows[kept[:, j]], at[kept[:, j]], part, depth, periods)

    def _component(
        self,
        rows: npt.NDArray[np.intp],
        numbers: FloatArray,
        span: Period | tuple[Period, ...],
        depth: int,
    ) -> _Rolled:
        """A component of some ratio measures: a measure's value over ``span``, or a number
        (the same in every period), with its total and count (see :func:`_roll`)."""
        values, totals, counts = numbers.copy(), numbers.copy(), np.ones(len(rows))
        measured = rows >= 0
        if measured.any():
            value, total, count = self._over(rows[measured], span, depth + 1)
            values[measured], totals[measured], counts[measured] = value, total, count
        return values, totals, counts


# A roll-up's values, each as a total over a count as well: (values, totals, counts).
_Rolled = tuple[FloatArray, FloatArray, FloatArray]


def _stacked(rolled: Sequence[_Rolled], rows: npt.NDArray[Any]) -> _Rolled:
    """Some measures' rows of several periods' roll-ups, stacked: shaped (rows, periods)."""
    return (
        np.stack([part[0][rows] for part in rolled], axis=1),
        np.stack([part[1][rows] for part in rolled], axis=1),
        np.stack([part[2][rows] for part in rolled], axis=1),
    )


def _roll(parts: _Rolled, how: npt.NDArray[np.int8], weights: FloatArray | None = None) -> _Rolled:
    """Each row of ``parts`` rolled up by the aggregate coded in ``how`` (weighted, for a
    seasonal measure: see :func:`_aggregate_weighted`), as values and as totals over counts.

    A mean is kept as the total of the decimals over how many they are, as well as
    its value, so that a mean of means (a year of quarters of months) and a ratio of
    means are worked out from the decimals, divided once: a quarter's mean of 2, 2
    and 2.1 is 6.1 / 3, not the float 2.033333333333333 to be divided again. Any
    other aggregate's total is its value, over 1, and so is a mean of readings with
    more decimals than :func:`perfcontract._decimals.places` reads (a float worked out
    elsewhere), whose value is as near the exact one as its parts allow.
    """
    values, totals, counts = parts
    if weights is None:
        value = _aggregate_rows(values, how)
        weights = np.ones(values.shape)
    else:
        value = _aggregate_weighted(values, how, weights)
    total, count = value.copy(), np.ones(len(values))
    means = np.flatnonzero((how == _BY_AGGREGATE[Aggregate.MEAN]) & ~np.isnan(value))
    if len(means):
        parts_total = np.where(weights[means] > 0, totals[means], 0.0)
        means = means[(_decimals.places(parts_total) >= 0).all(axis=1)]  # decimals as written
    if len(means):
        kept = weights[means] > 0
        each = np.where(kept, counts[means], 1.0).astype(np.int64)
        common = np.lcm.reduce(each, axis=1)
        share = np.where(kept, weights[means] * (common[:, np.newaxis] // each), 0.0)
        total[means] = _decimals.sums(np.where(kept, totals[means], 0.0), share)
        count[means] = common * weights[means].sum(axis=1)
        value[means] = _decimals.quotients(total[means], np.ones(len(common)), count[means])
    return value, total, count


def _aggregate_rows(values: FloatArray, how: npt.NDArray[np.int8]) -> FloatArray:
    """:func:`_aggregate` of each row of ``values`` by the aggregate coded in ``how``: NaN
    for a row with a missing part, sums and means of the decimals as written
    (:func:`_decimal_sums`)."""
    result = np.full(len(values), np.nan)
    whole = ~np.isnan(values).any(axis=1)
    for aggregate, code in _BY_AGGREGATE.items():
        rows = whole & (how == code)
        if not rows.any():
            continue
        part = values[rows]
        if aggregate is Aggregate.SUM:
            result[rows] = _decimals.sums(part)
        elif aggregate is Aggregate.MEAN:
            result[rows] = _decimals.sums(part, mean=True)
        elif aggregate is Aggregate.LAST:
            result[rows] = part[:, -1]
        else:  # the first of the least (or greatest), as min() and max() give it
            at = part.argmin(axis=1) if aggregate is Aggregate.MIN else part.argmax(axis=1)
            result[rows] = part[np.arange(len(part)), at]
    return result


def _aggregate_weighted(
    values: FloatArray, how: npt.NDArray[np.int8], weights: FloatArray
) -> FloatArray:
    """:func:`_aggregate_rows` of the parts whose weight is not 0 (a seasonal measure's
    in-season parts), a mean weighted by each part's reporting periods: NaN for a row
    with a missing part that counts, or with none that counts."""
    counted = weights > 0
    result = np.full(len(values), np.nan)
    whole = ~(np.isnan(values) & counted).any(axis=1) & counted.any(axis=1)
    for aggregate, code in _BY_AGGREGATE.items():
        rows = whole & (how == code)
        if not rows.any():
            continue
        part, kept = values[rows], counted[rows]
        if aggregate is Aggregate.SUM:
            result[rows] = _decimals.sums(np.where(kept, part, 0.0))
        elif aggregate is Aggregate.MEAN:
            result[rows] = _decimals.sums(np.where(kept, part, 0.0), weights[rows], mean=True)
        elif aggregate is Aggregate.LAST:
            last = kept.shape[1] - 1 - kept[:, ::-1].argmax(axis=1)
            result[rows] = part[np.arange(len(part)), last]
        else:  # the first of the least (or greatest) that counts
            if aggregate is Aggregate.MIN:
                at = np.where(kept, part, np.inf).argmin(axis=1)
            else:
                at = np.where(kept, part, -np.inf).argmax(axis=1)
            result[rows] = part[np.arange(len(part)), at]
    return result


def _terms(
    measures: Sequence[Measure], periods: Sequence[Period]
) -> tuple[list[list[Decimal | Band | None]], list[list[Decimal | Band | None]]]:
    """Each measure's target and tolerance in force in each period: looked up once for each
    run of periods with the same terms, unless they add up over a period (``sum``)."""
    months = [p.first_month for p in periods]
    targets, tolerances = [], []
    for measure in measures:
        if measure.aggregate is Aggregate.SUM:  # a period's terms add up its parts'
            row = [measure._terms_at(p) for p in periods]
            targets.append([target for target, _ in row])
            tolerances.append([tolerance for _, tolerance in row])
            continue
        # The terms in force are those started by the period's first month, so they change
        # only at the months where dated ones start: periods that start after as many of
        # those months have the same terms.
        starts = sorted(
            {t.start.first_month for t in measure.targets if t.start is not None}
            | {t.start.first_month for t in measure.tolerances if t.start is not None}
        )
        if not starts:
            target, tolerance = measure._terms_at(periods[0])
            targets.append([target] * len(periods))
            tolerances.append([tolerance] * len(periods))
            continue
        found: dict[int, tuple[Decimal | Band | None, Decimal | Band | None]] = {}
        row_targets, row_tolerances = [], []
        for p, month in zip(periods, months, strict=True):
            started = bisect.bisect_right(starts, month)
            terms = found.get(started)
            if terms is None:
                terms = found[started] = measure._terms_at(p)
            row_targets.append(terms[0])
            row_tolerances.append(terms[1])
        targets.append(row_targets)
        tolerances.append(row_tolerances)
    return targets, tolerances


def _statuses(
    measures: Sequence[Measure],
    values: FloatArray,
    targets: Sequence[Sequence[Decimal | Band | None]],
    tolerances: Sequence[Sequence[Decimal | Band | None]],
) -> npt.NDArray[np.int8]:
    """Every value rated with its measure's terms in its period, shaped like ``values``
    (measures, periods): the periods in which every measure has the same terms share one
    set of bounds, and the engine rates them as rows x measures."""
    periods = values.shape[1]
    rated = [not m.is_volumetric for m in measures]
    # Only the measures whose terms change tell the periods apart.
    changing = [
        m
        for m in range(len(measures))
        if rated[m]
        and not (
            targets[m].count(targets[m][0]) == periods
            and tolerances[m].count(tolerances[m][0]) == periods
        )
    ]
    sets: dict[tuple[Any, ...], int] = {}
    which = [
        sets.setdefault(tuple((targets[m][p], tolerances[m][p]) for m in changing), len(sets))
        for p in range(periods)
    ]
    firsts = [which.index(k) for k in range(len(sets))]
    unrated = _bounds_of(engine.Thresholds.no_target())
    table = np.empty((len(sets), 5, len(measures)))
    made: dict[tuple[Polarity, Decimal | Band | None, Decimal | Band | None], Any] = {}
    for k, p in enumerate(firsts):
        column = []
        for m, measure in enumerate(measures):
            if not rated[m]:
                column.append(unrated)
                continue
            terms = (measure.polarity, targets[m][p], tolerances[m][p])
            found = made.get(terms)
            if found is None:
                found = made[terms] = _bounds_of(engine.Thresholds.for_terms(*terms))
            column.append(found)
        table[k] = np.array(column, dtype=np.float64).T
    places = [m.rounding for m in measures]
    statuses = engine._rate_periods(
        np.ascontiguousarray(values.T), table[:, :4], table[:, 4] != 0, which, places
    )
    return statuses.T


def _bounds_of(t: engine.Thresholds) -> tuple[float, float, float, float, bool]:
    return (t.within_low, t.on_low, t.on_high, t.within_high, t.rated)


def rate_many(
    contract: Contract,
    values: npt.ArrayLike,
    period: PeriodLike | Sequence[PeriodLike],
    measures: Sequence[str] | None = None,
) -> npt.NDArray[np.int8]:
    """Rate readings for many authorities at once: ``int8`` status codes.

    ``values`` is shaped (authorities, measures) for one ``period``, or
    (authorities, measures, periods) with one period per column of the last
    axis; ``measures`` names the measures along axis 1 (default: the
    contract's contractual measures in order). Each measure's rounding and
    the terms in force in each period apply. NaN (or None, or pandas'
    ``pd.NA``) is a missing value (No data); a yes/no measure's values are 1
    (yes) and 0 (no), a grade's its place among the grades, the worst 1. A
    float32 (or float16) is read as the decimal it prints as, as
    :meth:`~perfcontract.model.Measure.rate` reads one.

    A table with named columns (a pandas or polars DataFrame, a pyarrow
    Table) is rated by its columns' names, for one period: each must be the
    id of a measure of the contract, and the statuses are in the columns'
    order. With ``measures``, the columns must be those measures, and the
    statuses are in the order of ``measures``. A column that is not a
    measure, or a name given twice, raises
    :class:`~perfcontract.errors.ReadingsError`.

    The values are checked first, as :meth:`~perfcontract.model.Measure.rate`
    checks an array, by the rules ``evaluate`` reads readings by (a few numpy
    passes over the array): a value its measure's unit cannot have (a
    percentage outside 0–100, a negative or fractional count, an infinity,
    anything beyond ±10^15, money that is not whole pence, a yes/no other than
    1 or 0, a grade that is not one), and a measure in a period it is not due
    in (:meth:`~perfcontract.model.Measure.due_in`), raise one
    :class:`~perfcontract.errors.ReadingsError` naming the measure, the period
    and the position and value of each of the first few bad values, with a
    note counting the rest.

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> values = np.array([[26.0, 76.0], [20.0, 92.0], [np.nan, 85.0]])
    >>> pc.rate_many(contract, values, "2017/18 Q4", measures=["A1", "B8"]).tolist()
    [[1, 0], [2, 2], [4, 1]]
    >>> values[1, 1] = 150.0
    >>> pc.rate_many(contract, values, "2017/18 Q4", measures=["A1", "B8"])
    Traceback (most recent call last):
    ...
    perfcontract.errors.ReadingsError: values[1, 1]: error: measure B8, period 2017/18 Q4: \
`150.0` is more than 100, but B8 is a percentage
    >>> import pandas as pd
    >>> table = pd.DataFrame({"B8": [76.0, 92.0], "A1": [26.0, 20.0]})
    >>> pc.rate_many(contract, table, "2017/18 Q4").tolist()  # B8, then A1
    [[0, 1], [2, 2]]
    >>> pc.rate_many(contract, table, "2017/18 Q4", measures=["A1", "B8"]).tolist()
    [[1, 0], [2, 2]]

    ```
    """
    named = _rated_values.by_name(values, contract, measures)
    if named is not None:
        ids, x = named
    else:
        ids = list(measures) if measures is not None else [m.id for m in contract.contractual]
        x = _rated_values.as_array(values)
    chosen = [contract[i] for i in ids]
    volumetric = [m.id for m in chosen if m.is_volumetric]
    if volumetric:
        raise ValueError(f"{', '.join(volumetric)}: volumetric measures are never rated")
    if isinstance(period, str) or not isinstance(period, Iterable):  # one (a date, say)
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
    shape = "rows" if expected_ndim == 2 else "cube"
    x = _rated_values.floats(x, chosen, periods, shape)
    _rated_values.check_values(x, chosen, periods, shape)
    thresholds = []
    for m in chosen:
        per_period = [m.thresholds_at(p) for p in periods]
        thresholds.append(
            per_period[0]
            if expected_ndim == 2 or len(set(map(repr, per_period))) == 1
            else engine.Thresholds.stack(per_period)
        )
    return engine.rate_measures(x, thresholds, axis=1, rounding=[m.rounding for m in chosen])
