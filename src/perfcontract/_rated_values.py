"""The values given to ``Measure.rate`` and ``rate_many``, checked as readings are.

``evaluate`` reads its readings through :meth:`~perfcontract.readings.Readings.resolve`,
which refuses what no reading of a measure can be (a percentage of 150, a
negative or fractional count, a word that is not one of a grade's) and leaves
out a measure in a period it is not due in. ``Measure.rate`` and ``rate_many``
take the same rules from there rather than keep their own:

* one reading (:func:`one_reading`) is read and checked exactly as a value of
  the mapping given to ``evaluate`` is, by the same functions;
* an array (:func:`check_values`) holds numbers: each must lie within its
  measure's :func:`~perfcontract.readings._limits` and the range of any
  reading, be a whole number where the unit says so (a count; yes/no as 1 or
  0; a grade as its place, the worst 1), and money whole pence. An array
  that passes costs a few numpy passes (each measure's least and greatest
  value, and a pass for each measure of whole numbers or money); one that
  does not is refused naming its first few bad positions, with words from
  :func:`~perfcontract.readings._misfit` (the rule ``resolve`` words its
  own with) and a count of the rest. NaN is a missing value, never a problem;
* a measure in a period it is not due in (:func:`not_due`) has no status,
  so it is refused, as :meth:`~perfcontract.model.Measure.due_in` says.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from perfcontract import readings
from perfcontract.errors import Diagnostic, ReadingsError
from perfcontract.model import Measure, UnitKind
from perfcontract.periods import Period

__all__ = ["SHOWN", "check_values", "not_due", "one_reading"]

FloatArray = npt.NDArray[np.float64]
_T = TypeVar("_T", bound=np.generic)
SHOWN = 10  # problems listed one by one; a note counts the rest
_WIDE = 4096  # values in a row as an array is reduced, for each measure's least and greatest
_BLOCK = 1 << 16  # values checked at a time: 512 KiB, in a core's cache
# Above 2**46 every float is the nearest to some whole number of pence (floats there are
# farther apart than a penny); from 2**45 the quick test for pence may miss by a penny.
_PENCE_EXACT = 2.0**45
_ALL_PENCE = 2.0**46


def one_reading(measure: Measure, value: object, period: Period) -> float:
    """One reading for ``measure`` in ``period`` as ``evaluate`` reads a value of a mapping,
    rounded as the measure says (exactly as written, half away from zero); NaN when missing.

    Read by the readings' own rules: a number, a string as a readings file
    writes it (``26%``, ``1,789``, ``£1.2m``, a missing marker such as ``x``),
    a yes/no word or a grade's label (or its place, 1 the worst, as an array
    of readings holds it: ``3`` of three grades is the best). Raises
    :class:`~perfcontract.errors.ReadingsError` naming the measure, the period
    and the value for anything ``evaluate`` refuses.

    ```pycon
    >>> import perfcontract as pc
    >>> waste = pc.load("examples/waste-2024-25.contract")
    >>> april = pc.Period.parse("2024-04")
    >>> one_reading(waste["H1"], "y", april), one_reading(waste["KPI_7"], "93.5%", april)
    (1.0, 93.5)
    >>> one_reading(waste["KPI_7"], 150, april)
    Traceback (most recent call last):
    ...
    perfcontract.errors.ReadingsError: <reading>: error: measure KPI_7, period 2024-04: `150` \
is more than 100, but KPI_7 is a percentage

    ```
    """
    if (
        measure.unit.kind is UnitKind.GRADE
        and isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and value in range(1, len(measure.unit.labels) + 1)
    ):  # a grade by its place, the worst 1, as an array of readings holds it
        return float(value)
    text, number, problem, hint = readings._convert(value, readings.DEFAULT_MISSING)
    row = readings.Reading(measure.id, period.label, text, number, None, "<reading>", None, problem)
    where = readings._Where(hint=hint, period_given=period)
    reading, diagnostic = readings._value_of(row, where, measure)
    if diagnostic is not None:
        raise ReadingsError([diagnostic])
    if measure.rounding is None or not math.isfinite(reading):
        return reading
    exact = _exact(value, text, reading)
    with localcontext() as context:  # enough digits for any float's decimal form
        context.prec = 400
        exact = exact.quantize(Decimal(1).scaleb(-measure.rounding), rounding=ROUND_HALF_UP)
    return float(exact)


def _exact(value: object, text: str, reading: float) -> Decimal:
    """A reading's decimal as given: a string's as written, a float's shortest decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, str):
        exact = readings._as_read(text, reading)
        if exact is not None:
            return exact
    return Decimal(repr(reading))


def not_due(measure: Measure, period: Period, source: str = "<reading>") -> Diagnostic:
    """Why ``measure`` has no status in ``period``, where it is not due; for ``rate_many``
    (``source="values"``) the hint says to leave the measure out as well.

    ```pycon
    >>> import perfcontract as pc
    >>> waste = pc.load("examples/waste-2024-25.contract")
    >>> print(not_due(waste["W-4.1"], pc.Period.parse("2024-04")).format())
    <reading>: error: measure W-4.1, period 2024-04: W-4.1 is reported annually: it is not \
due in 2024-04, so it has no status there
    help: rate it for a year, such as 2024/25

    ```
    """
    prefix = f"measure {measure.id}, period {period}: "
    among = ", or leave it out of `measures`" if source == "values" else ""
    frequency = measure.frequency
    if period.span < frequency.months:
        each = frequency.period_kind.value
        example = _example(period, frequency.months)
        return Diagnostic(
            f"{prefix}{measure.id} is reported {frequency.value}: it is not due in {period},"
            " so it has no status there",
            source=source,
            hint=f"rate it for a {each}, such as {example}{among}",
        )
    return Diagnostic(
        f"{prefix}{measure.id} is out of season in {period} (its season is {measure.season}):"
        " it is not due, so it has no status there",
        source=source,
        hint=f"rate it for a period in its season{among}",
    )


def _example(period: Period, months: int) -> Period:
    """The period of ``months`` months that holds ``period``: its year or its quarter."""
    if months >= 12:
        return period.financial_year()
    return next(q for q in period.financial_year().quarters() if period in q.months())


def check_values(
    values: FloatArray,
    measures: Sequence[Measure],
    periods: Sequence[Period],
    shape: str,
) -> None:
    """Refuse values that no reading of their measure could be, and measures not due.

    ``shape`` says how ``values`` lies: ``"one"`` (any shape, all of
    ``measures[0]`` in ``periods[0]``, as ``Measure.rate`` takes an array),
    ``"rows"`` (authorities x measures, one period) or ``"cube"``
    (authorities x measures x periods), as ``rate_many`` takes them. Raises
    :class:`~perfcontract.errors.ReadingsError` listing each measure not due
    in a period and each value that does not fit, the first :data:`SHOWN`
    of each, with a note counting the rest.

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> waste = pc.load("examples/waste-2024-25.contract")
    >>> measures, april = [waste["KPI_7"], waste["V1"]], [pc.Period.parse("2024-04")]
    >>> check_values(np.array([[93.5, 51000.0], [np.nan, 49000.0]]), measures, april, "rows")
    >>> try:
    ...     check_values(np.array([[150.0, 51000.0], [93.5, -3.0]]), measures, april, "rows")
    ... except pc.ReadingsError as error:
    ...     print(error)
    values[0, 0]: error: measure KPI_7, period 2024-04: `150.0` is more than 100, but KPI_7 \
is a percentage
    <BLANKLINE>
    values[1, 1]: error: measure V1, period 2024-04: `-3.0` is negative, but V1 is a count

    ```
    """
    problems = _not_due(measures, periods)
    one_number = values.ndim == 0
    if one_number:  # an array of no axes: one number
        values = values.reshape(1)
    if values.size and _any_misfit(values, measures, shape):
        found = _misfits(values, measures, periods, shape)
        problems += [attrs.evolve(d, source="values") for d in found] if one_number else found
    if problems:
        raise ReadingsError(problems)


def _not_due(measures: Sequence[Measure], periods: Sequence[Period]) -> list[Diagnostic]:
    found = [
        (measure, period)
        for measure in dict.fromkeys(measures)
        for period in periods
        if not measure.due_in(period)
    ]
    problems = [not_due(m, p, source="values") for m, p in found[:SHOWN]]
    if len(found) > SHOWN:
        problems.append(
            Diagnostic(
                f"… and {len(found) - SHOWN:,} more measures and periods not due"
                f" ({len(found):,} in all)",
                source="values",
                severity="note",
            )
        )
    return problems


def _bounds(measures: Sequence[Measure]) -> tuple[FloatArray, FloatArray]:
    """Each measure's least and most value: its limits within the range of any reading."""
    lows, highs = [], []
    for measure in measures:
        least, most, _ = readings._limits(measure)
        money = measure.unit.kind is UnitKind.MONEY
        bound = float(readings._MOST_MONEY) if money else readings._MOST_VALUE
        lows.append(max(least, -bound))
        highs.append(min(most, bound))
    return np.array(lows), np.array(highs)


def _by_measure(values: npt.NDArray[_T], shape: str) -> list[npt.NDArray[_T]]:
    """Each measure's values: a view of the array's column (all of it for ``"one"``)."""
    if shape == "one":
        return [values]
    return [values[:, m] for m in range(values.shape[1])]


def _any_misfit(values: FloatArray, measures: Sequence[Measure], shape: str) -> bool:
    """Whether any value does not fit its measure, found without an array the size of
    ``values``: each measure's least and greatest value (NaN left out) against its bounds,
    and whether each value of a measure of whole numbers is one, a block of the array at a
    time (:func:`_in_blocks`); money's pence, a pass over each money measure's values."""
    low, high = _bounds(measures)
    whole = np.array([readings._limits(m)[2] for m in measures])
    if values.flags.c_contiguous:
        if shape == "one":  # one measure: the values in any order
            table, which = values.reshape(-1, 1), np.zeros(1, dtype=np.intp)
        else:  # a row's values, by measure and then by period
            table = values.reshape(values.shape[0], -1)
            which = np.repeat(np.arange(len(measures)), table.shape[1] // len(measures))
        if _in_blocks(table, low[which], high[which], whole[which]):
            return True
    else:  # a view across another array: each measure's values in turn
        for m, column in enumerate(_by_measure(values, shape)):
            least, most = np.fmin.reduce(column, axis=None), np.fmax.reduce(column, axis=None)
            if least < low[m] or most > high[m] or (whole[m] and np.any(_fraction(column))):
                return True
    columns = _by_measure(values, shape)
    return any(
        measure.unit.kind is UnitKind.MONEY and bool(np.any(_not_pence(columns[m])))
        for m, measure in enumerate(measures)
    )


def _in_blocks(
    table: FloatArray, low: FloatArray, high: FloatArray, whole: npt.NDArray[np.bool_]
) -> bool:
    """Whether a value of ``table`` (rows of values, each column with its own ``low`` and
    ``high``, and ``whole`` if it holds whole numbers) is out of bounds or a fraction.

    The rows are laid end to end as wide rows of about :data:`_WIDE` values, which
    numpy reduces quickly, and taken :data:`_BLOCK` values at a time: each block is read
    from memory once, and its least and greatest values, and its fractions, worked out
    while it is in the core's cache.
    """
    rows, width = table.shape
    k = max(1, _WIDE // width)
    wide_rows = rows // k
    wide = table[: wide_rows * k].reshape(wide_rows, k * width)
    low_k, high_k, whole_k = np.tile(low, k), np.tile(high, k), np.tile(whole, k)
    fractions = bool(whole.any())
    least, most = np.full(k * width, np.nan), np.full(k * width, np.nan)
    step = max(1, _BLOCK // (k * width))
    floors = np.empty((min(step, wide_rows), k * width))
    marks = np.empty(floors.shape, dtype=bool)
    for start in range(0, wide_rows, step):
        block = wide[start : start + step]
        np.fmin(least, np.fmin.reduce(block, axis=0), out=least)
        np.fmax(most, np.fmax.reduce(block, axis=0), out=most)
        if fractions:
            n = len(block)
            np.floor(block, out=floors[:n])
            np.less(floors[:n], block, out=marks[:n])
            np.logical_and(marks[:n], whole_k, out=marks[:n])
            if marks[:n].any():
                return True
    if np.any(least < low_k) or np.any(most > high_k):
        return True
    rest = table[wide_rows * k :]  # fewer than k rows
    if not rest.size:
        return False
    return bool(np.any(rest < low) or np.any(rest > high) or np.any(_fraction(rest) & whole))


def _fraction(column: FloatArray) -> npt.NDArray[np.bool_]:
    """Where a value is not a whole number (NaN and infinities are not: see the bounds)."""
    return np.less(np.floor(column), column)


def _not_pence(column: FloatArray) -> npt.NDArray[np.bool_]:
    """Where a value is not the float nearest to a whole number of pence, which is where
    its shortest decimal (``repr``) has more than two places, as ``resolve`` reads it."""
    with np.errstate(over="ignore"):  # beyond 1.8e306 (out of range anyway): infinite pence
        pounds = np.rint(column * 100.0) / 100.0
    off = np.less(pounds, column) | np.greater(pounds, column)  # NaN is never off
    near = np.flatnonzero(off & (np.abs(column) >= _PENCE_EXACT))
    if near.size:  # the penny the quick test took may be one out: try its neighbours
        value = column.flat[near]
        with np.errstate(over="ignore", invalid="ignore"):
            pence = np.rint(value * 100.0)
        fits = (
            ((pence - 1.0) / 100.0 == value)
            | ((pence + 1.0) / 100.0 == value)
            | (np.abs(value) >= _ALL_PENCE)
        )
        off.reshape(-1)[near[fits]] = False  # off is a new array: its flat view is itself
    return off


def _misfits(
    values: FloatArray, measures: Sequence[Measure], periods: Sequence[Period], shape: str
) -> list[Diagnostic]:
    """The first :data:`SHOWN` values that do not fit, in the array's order, worded as
    ``resolve`` words them, and a note counting the rest."""
    low, high = _bounds(measures)
    if shape == "one":
        bad = np.less(values, low[0]) | np.greater(values, high[0])
    else:
        across = (slice(None),) + (None,) * (values.ndim - 2)
        bad = np.less(values, low[across]) | np.greater(values, high[across])
    columns = _by_measure(values, shape)
    marks = _by_measure(bad, shape)
    for m, measure in enumerate(measures):
        if readings._limits(measure)[2]:
            marks[m] |= _fraction(columns[m])
        if measure.unit.kind is UnitKind.MONEY:
            marks[m] |= _not_pence(columns[m])
    found = np.flatnonzero(bad)
    problems = []
    for flat in found[:SHOWN].tolist():
        place = np.unravel_index(flat, values.shape)
        index = tuple(int(i) for i in place)
        measure = measures[0] if shape == "one" else measures[index[1]]
        period = periods[index[2]] if shape == "cube" else periods[0]
        value = float(values[index])
        message, hint = number_misfit(measure, value) or ("does not fit", None)
        source = "values" if not index else f"values[{', '.join(map(str, index))}]"
        problems.append(
            Diagnostic(
                f"measure {measure.id}, period {period}: {message}", source=source, hint=hint
            )
        )
    if found.size > SHOWN:
        problems.append(
            Diagnostic(
                f"… and {found.size - SHOWN:,} more values that do not fit their measures"
                f" ({found.size:,} in all)",
                source="values",
                severity="note",
            )
        )
    return problems


def number_misfit(measure: Measure, value: float) -> tuple[str, str | None] | None:
    """What is wrong with a number an array holds for ``measure``, and a hint; None if
    nothing (NaN, a missing value, included).

    A number is judged as a reading is (:func:`~perfcontract.readings._misfit`),
    but for the units that read words: an array holds yes as 1 and no as 0,
    and a grade as its place among the grades, the worst 1.

    ```pycon
    >>> import perfcontract as pc
    >>> waste = pc.load("examples/waste-2024-25.contract")
    >>> number_misfit(waste["R1"], 3.0) is None, number_misfit(waste["R1"], 7.0)[0]
    (True, '`7.0` is not one of the grades of R1')
    >>> number_misfit(waste["V1"], 1.5)[0]
    '`1.5` is not a whole number, but V1 is a count'

    ```
    """
    if math.isnan(value):
        return None
    text = repr(value)
    if math.isinf(value):
        return f"`{text}` is not a number", None
    unit = measure.unit
    if unit.kind in (UnitKind.YES_NO, UnitKind.GRADE):
        least, most, _ = readings._limits(measure)
        if least <= value <= most and value.is_integer():
            return None
        if unit.kind is UnitKind.YES_NO:
            return (
                f"`{text}` is not yes or no, but {measure.id} is a yes/no measure",
                "an array holds yes as 1 and no as 0; for a missing value, NaN",
            )
        return (
            f"`{text}` is not one of the grades of {measure.id}",
            f"an array holds a grade as its place among the grades: 1 ({unit.labels[0]})"
            f" to {len(unit.labels)} ({unit.labels[-1]})",
        )
    return readings._misfit(readings.Reading(measure.id, "", text, value), measure)
