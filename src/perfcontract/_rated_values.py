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

Values come as a numpy array or anything numpy makes one of (a list, a
pandas or polars Series, a pyarrow array), turned into float64 by
:func:`as_array` and :func:`floats`: a float32 or float16 is read as the
decimal it prints as (:func:`printed`), as one such reading is, and a missing
value (None, NaN, pandas' ``pd.NA``) is NaN. A table with named columns is
read by its names (:func:`by_name`).
"""

from __future__ import annotations

import collections
import math
import numbers
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from perfcontract import _frames, engine, readings
from perfcontract._printed import printed
from perfcontract._suggest import Suggester
from perfcontract.errors import Diagnostic, ReadingsError
from perfcontract.model import Contract, Measure, UnitKind
from perfcontract.periods import Period

__all__ = [
    "RATED",
    "SHOWN",
    "as_array",
    "by_name",
    "check_values",
    "floats",
    "is_array",
    "not_due",
    "one_reading",
    "printed",
]

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
    if hint == readings._ONE_VALUE:  # an object that is neither a reading nor an array
        hint = RATED
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


#: What ``Measure.rate`` takes, as a hint says for anything else.
RATED = (
    "give a number, a string or None, or an array of numbers (a numpy array, a list, a"
    " tuple, a pandas or polars Series)"
)


def is_array(value: object) -> bool:
    """Whether ``Measure.rate`` takes ``value`` as an array: a numpy array, a list, a tuple,
    or anything else numpy makes an array of (a pandas or polars Series, a pyarrow array),
    but a numpy number, which is one reading.

    ```pycon
    >>> import numpy as np
    >>> is_array([26.0]), is_array(np.array(26.0)), is_array(np.float32(26.0)), is_array("26")
    (True, True, False, False)

    ```
    """
    if isinstance(value, (np.ndarray, list, tuple)):
        return True
    return hasattr(value, "__array__") and not isinstance(value, np.generic)


# pandas' names of single and half precision: numpy's, nullable ones', pyarrow's.
_NARROW = {
    "float32": np.float32,
    "float": np.float32,
    "float16": np.float16,
    "halffloat": np.float16,
}


def as_array(values: object) -> npt.NDArray[Any]:
    """Values as a numpy array of the dtype they come in: a list, a tuple, a pandas or
    polars Series, a pyarrow array, a numpy array (itself). A pandas Series with missing
    values of a nullable type (``Int64``, ``Float32``) has them as NaN."""
    if isinstance(values, np.ndarray):
        return values
    table: Any = values
    if type(values).__module__.partition(".")[0] == "pandas" and hasattr(table, "to_numpy"):
        kind = str(getattr(table, "dtype", "")).lower().removesuffix("[pyarrow]")
        if kind.startswith(("int", "uint", "float", "halffloat")):  # nullable: pd.NA as NaN
            narrow = _NARROW.get(kind, np.float64)
            array: npt.NDArray[Any] = table.to_numpy(dtype=narrow, na_value=np.nan)
            return array
    try:
        return np.asarray(values)
    except ValueError:  # a ragged list: each value by itself, for the shape to be refused
        return np.asarray(values, dtype=object)


def floats(
    values: npt.NDArray[Any], measures: Sequence[Measure], periods: Sequence[Period], shape: str
) -> FloatArray:
    """Values from :func:`as_array` as float64, laid out as ``shape`` says (see
    :func:`check_values`): a float32 or float16 read as it prints (:func:`printed`), a
    missing value (None, ``pd.NA``) as NaN. Raises
    :class:`~perfcontract.errors.ReadingsError` naming the first few values that are not
    numbers, by place, measure and period.

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> q4 = [pc.Period.parse("2017/18 Q4")]
    >>> floats(np.array([26.0, None, "30"], dtype=object), [contract["A1"]], q4, "one").tolist()
    [26.0, nan, 30.0]
    >>> floats(np.array([26.0, "26%"], dtype=object), [contract["A1"]], q4, "one")
    Traceback (most recent call last):
    ...
    perfcontract.errors.ReadingsError: values[1]: error: measure A1, period 2017/18 Q4: `26%` \
is not a number
    help: an array holds numbers, and NaN or None for a missing value; give a reading \
written as text to Measure.rate on its own

    ```
    """
    kind = values.dtype.kind
    if kind == "f" and values.dtype.itemsize < 8:
        return printed(values)
    if kind in "biuf":  # a float64 as it is; whole numbers, yes and no as True and False
        return engine._floats(values)
    if kind in "US":  # numbers as text, as numpy reads them
        try:
            return values.astype(np.float64)
        except (ValueError, OverflowError):
            values = values.astype(object)
    return _objects(values, measures, periods, shape)


def _objects(
    values: npt.NDArray[Any], measures: Sequence[Measure], periods: Sequence[Period], shape: str
) -> FloatArray:
    """An array of Python objects as float64, one value at a time."""
    result = np.empty(values.shape)
    flat = result.reshape(-1)
    bad: list[tuple[int, object]] = []
    for place, value in enumerate(values.reshape(-1)):
        number = _number(value)
        if number is None:
            bad.append((place, value))
            number = math.nan
        flat[place] = number
    if not bad:
        return result
    problems = []
    for place, value in bad[:SHOWN]:
        index = tuple(int(i) for i in np.unravel_index(place, values.shape))
        measure = measures[0] if shape == "one" else measures[index[1]]
        period = periods[index[2]] if shape == "cube" else periods[0]
        source = "values" if not index else f"values[{', '.join(map(str, index))}]"
        text = readings._brief(str(value))
        hint = "an array holds numbers, and NaN or None for a missing value"
        if isinstance(value, str):
            hint += "; give a reading written as text to Measure.rate on its own"
        problems.append(
            Diagnostic(
                f"measure {measure.id}, period {period}: `{text}` is not a number",
                source=source,
                hint=hint,
            )
        )
    if len(bad) > SHOWN:
        problems.append(
            Diagnostic(
                f"… and {len(bad) - SHOWN:,} more values that are not numbers"
                f" ({len(bad):,} in all)",
                source="values",
                severity="note",
            )
        )
    raise ReadingsError(problems)


def _number(value: object) -> float | None:
    """One value of an array of objects as a float (NaN when missing); None if not a
    number. A float32 reads as it prints; text as numpy reads it."""
    if _frames.is_missing(value):
        return math.nan
    try:
        if isinstance(value, numbers.Real):
            return float(str(value)) if readings._narrow_float(value) else float(value)
        if isinstance(value, (str, Decimal)):
            return float(value)
    except (ValueError, OverflowError):
        return None
    return None


def by_name(
    values: object, contract: Contract, measures: Sequence[str] | None
) -> tuple[list[str], npt.NDArray[Any]] | None:
    """The measures a table's named columns hold and its values, a column a measure in the
    order of ``measures`` (if given) or of the columns; None for what has no named columns.

    Without ``measures``, each column's name must be the id of a measure of ``contract``;
    with them, the columns must be those measures, each once. Raises
    :class:`~perfcontract.errors.ReadingsError` naming each column that is not, with a
    "did you mean" for a name close to a measure's id.

    ```pycon
    >>> import pandas as pd
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> ids, array = by_name(pd.DataFrame({"B8": [76.0], "A1": [26.0]}), contract, None)
    >>> ids, array.tolist()
    (['B8', 'A1'], [[76.0, 26.0]])
    >>> by_name(pd.DataFrame({"B8": [76.0], "A1": [26.0]}), contract, ["A1", "B8"])[0]
    ['A1', 'B8']
    >>> by_name(pd.DataFrame({"A10": [26.0]}), contract, None)
    Traceback (most recent call last):
    ...
    perfcontract.errors.ReadingsError: values: error: column A10: the contract has no \
measure A10
    help: did you mean A1?

    ```
    """
    found = _frames.named_columns(values)
    if found is None:
        return None
    names, columns = found
    problems = _column_problems(names, contract, measures)
    if problems:
        raise ReadingsError(problems)
    ids = [str(name) for name in names] if measures is None else list(measures)
    place = {name: index for index, name in enumerate(names)}
    arrays = [as_array(columns[place[i]]) for i in ids]
    arrays = [printed(a) if a.dtype.kind == "f" and a.dtype.itemsize < 8 else a for a in arrays]
    numeric = all(a.dtype.kind in "biuf" for a in arrays)
    rows = len(arrays[0]) if arrays else int(getattr(values, "shape", (0,))[0])
    table = np.empty((rows, len(ids)), dtype=np.float64 if numeric else object)
    for index, array in enumerate(arrays):
        table[:, index] = array
    return ids, table


def _column_problems(
    names: Sequence[object], contract: Contract, measures: Sequence[str] | None
) -> list[Diagnostic]:
    """What is wrong with a table's column names: a name given twice, one that is not a
    measure of ``contract``, or (with ``measures``) one not among them or one missing."""
    problems = []
    counted: Mapping[object, int] = collections.Counter(names)
    for name, count in counted.items():
        if count > 1:
            problems.append(
                Diagnostic(
                    f"column {_named(name)} appears {count} times",
                    source="values",
                    hint="give each measure's values in one column",
                )
            )
    if measures is not None:
        given, wanted = list(counted), list(dict.fromkeys(measures))
        extra = [name for name in given if name not in wanted]
        absent = [name for name in wanted if name not in counted]
        if extra or absent:
            said = []
            if absent:
                said.append(f"no column for {', '.join(_named(n) for n in absent)}")
            if extra:
                shown = ", ".join(_named(n) for n in extra)
                said.append(
                    f"column {shown} is not one of them"
                    if len(extra) == 1
                    else f"columns {shown} are not among them"
                )
            problems.append(
                Diagnostic(
                    f"the table's columns are not the measures named in `measures`:"
                    f" {'; '.join(said)}",
                    source="values",
                    hint="name each column by its measure's id, or leave out `measures` to"
                    " rate every column by its name",
                )
            )
        return problems
    suggest = Suggester(list(contract.measures))
    for name in counted:
        if isinstance(name, str) and name in contract.measures:
            continue
        if not isinstance(name, str):
            hint = (
                "name each column by its measure's id; to rate the columns in the contract's"
                " order, give the table's values as a numpy array (`.to_numpy()`)"
            )
        else:
            close = suggest.ignoring_case(name) or suggest(name)
            hint = (
                f"did you mean {close}?"
                if close is not None
                else "name each column by the id of a measure in the contract"
            )
        problems.append(
            Diagnostic(
                f"column {_named(name)}: the contract has no measure {_named(name)}",
                source="values",
                hint=hint,
            )
        )
    return problems


def _named(name: object) -> str:
    return readings._brief(name) if isinstance(name, str) else f"`{name!r}`"
