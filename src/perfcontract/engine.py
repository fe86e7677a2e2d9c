"""The numpy rating engine: statuses, rounding, directions, ranks and quartiles.

Everything here works on whole arrays at once: one authority or all 152,
one measure or all of them, one period or many. Nothing here knows about the
``.contract`` text; a :class:`Thresholds` holds what a measure's terms say for
the periods being rated, as plain floats.

How a reading is rated (SPEC §4.1), with the bounds that :class:`Thresholds`
holds for each kind of measure:

==================  ======================  ==========================
polarity            on or better than target  inside tolerance
==================  ======================  ==========================
higher is better    ``target <= x``            ``tolerance <= x``
lower is better     ``x <= target``            ``x <= tolerance``
band                ``low <= x <= high``       ``tol_low <= x <= tol_high``
==================  ======================  ==========================

Without a tolerance, the tolerance is the target itself: anything worse than
the target is outside. Because a tolerance is never better than its target,
the target's interval lies inside the tolerance's, and the status is just the
number of the two intervals a reading falls in: 0 outside, 1 inside
tolerance, 2 on target. A missing reading (NaN) is ``NO_DATA``; a measure
with no target in force is ``NO_TARGET`` whatever the reading.

```pycon
>>> import numpy as np
>>> t = Thresholds.higher_is_better(target=90, tolerance=80)
>>> rate(np.array([95.0, 90.0, 85.0, 80.0, 79.9, np.nan]), t).tolist()
[2, 2, 1, 1, 0, 4]

```
"""

from __future__ import annotations

import ctypes
import functools
import math
import os
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfcontract.model import Band, Polarity
from perfcontract.status import Direction, Status

__all__ = [
    "Thresholds",
    "direction",
    "quartile",
    "rank",
    "rate",
    "rate_measures",
    "round_half_away",
]

FloatArray = npt.NDArray[np.float64]
_INF = math.inf
_NO_DATA = np.int8(Status.NO_DATA)
_NO_TARGET = np.int8(Status.NO_TARGET)
# Rated in slices of this many readings, so that the temporary arrays of one
# slice stay in the processor's cache and memory stays bounded.
CHUNK = 1 << 16


def _floats(value: Any) -> FloatArray:
    return np.asarray(value, dtype=np.float64)


@attrs.frozen
class Thresholds:
    """The intervals a reading must fall in to be on target and inside tolerance.

    Each field is a float or an array that broadcasts against the readings
    (one value per measure, say, or per measure and period). ``rated`` is
    False where no target is in force.

    ```pycon
    >>> Thresholds.lower_is_better(target=22, tolerance=28)
    Thresholds(on_low=-inf, on_high=22.0, within_low=-inf, within_high=28.0, rated=True)

    ```
    """

    on_low: Any
    on_high: Any
    within_low: Any
    within_high: Any
    rated: Any = True

    @classmethod
    def higher_is_better(cls, target: float, tolerance: float | None = None) -> Thresholds:
        """On target at or above ``target``; inside tolerance at or above ``tolerance``."""
        worst = target if tolerance is None else tolerance
        return cls._checked(float(target), _INF, float(worst), _INF)

    @classmethod
    def lower_is_better(cls, target: float, tolerance: float | None = None) -> Thresholds:
        """On target at or below ``target``; inside tolerance at or below ``tolerance``."""
        worst = target if tolerance is None else tolerance
        return cls._checked(-_INF, float(target), -_INF, float(worst))

    @classmethod
    def band(
        cls, low: float, high: float, tolerance: tuple[float, float] | None = None
    ) -> Thresholds:
        """On target inside ``low``..``high``; inside tolerance inside the tolerance band."""
        tol_low, tol_high = (low, high) if tolerance is None else tolerance
        return cls._checked(float(low), float(high), float(tol_low), float(tol_high))

    @classmethod
    def _checked(
        cls, on_low: float, on_high: float, within_low: float, within_high: float
    ) -> Thresholds:
        """The rating counts on the target's interval lying inside the tolerance's."""
        if not within_low <= on_low <= on_high <= within_high:
            raise ValueError(
                "a tolerance cannot be better than its target, nor a band reversed:"
                f" target {on_low}..{on_high}, tolerance {within_low}..{within_high}"
            )
        return cls(on_low, on_high, within_low, within_high)

    @classmethod
    def no_target(cls) -> Thresholds:
        """No target in force: every reading is ``NO_TARGET``."""
        return cls(-_INF, _INF, -_INF, _INF, rated=False)

    @classmethod
    def for_terms(
        cls,
        polarity: Polarity,
        target: Decimal | Band | None,
        tolerance: Decimal | Band | None,
    ) -> Thresholds:
        """The thresholds for a target and tolerance in force (as a measure gives them).

        ```pycon
        >>> from decimal import Decimal
        >>> from perfcontract.model import Polarity
        >>> Thresholds.for_terms(Polarity.HIGHER_IS_BETTER, Decimal(90), None).within_low
        90.0

        ```
        """
        if target is None or polarity is Polarity.NONE:
            return cls.no_target()
        if isinstance(target, Band):
            band = tolerance if isinstance(tolerance, Band) else None
            return cls.band(
                float(target.low),
                float(target.high),
                None if band is None else (float(band.low), float(band.high)),
            )
        worst = None if tolerance is None or isinstance(tolerance, Band) else float(tolerance)
        if polarity is Polarity.HIGHER_IS_BETTER:
            return cls.higher_is_better(float(target), worst)
        return cls.lower_is_better(float(target), worst)

    @classmethod
    def stack(cls, thresholds: Sequence[Thresholds]) -> Thresholds:
        """One Thresholds whose fields are arrays, one element per item (say, per measure).

        ```pycon
        >>> both = Thresholds.stack([Thresholds.higher_is_better(90, 80), Thresholds.no_target()])
        >>> both.on_low.tolist(), both.rated.tolist()
        ([90.0, -inf], [True, False])

        ```
        """
        return cls(
            _floats([t.on_low for t in thresholds]),
            _floats([t.on_high for t in thresholds]),
            _floats([t.within_low for t in thresholds]),
            _floats([t.within_high for t in thresholds]),
            np.asarray([t.rated for t in thresholds], dtype=bool),
        )


def rate(values: npt.ArrayLike, thresholds: Thresholds) -> npt.NDArray[np.int8]:
    """Rate readings: an ``int8`` array of :class:`Status` codes, shaped like ``values``.

    ``thresholds`` broadcasts against ``values``: scalars for one measure, or
    arrays shaped like the trailing axes of ``values`` (for readings shaped
    (authorities, measures) give one threshold per measure). Readings are
    compared as given; round them first (:func:`round_half_away`) if the
    measure says so. For many measures at once, :func:`rate_measures` is
    faster.

    ```pycon
    >>> import numpy as np
    >>> t = Thresholds.stack([Thresholds.lower_is_better(22, 28), Thresholds.band(5, 10, (3, 12))])
    >>> rate(np.array([[22.0, 4.0], [28.0, 2.0], [28.5, np.nan]]), t).tolist()
    [[2, 1], [1, 0], [0, 4]]

    ```
    """
    x = _floats(values)
    fields = (thresholds.on_low, thresholds.on_high, thresholds.within_low, thresholds.within_high)
    shape = np.broadcast_shapes(x.shape, *(np.shape(f) for f in fields), np.shape(thresholds.rated))
    if shape != x.shape:
        x = np.broadcast_to(x, shape)
    out = np.empty(shape, dtype=np.int8)
    if x.ndim == 0:
        _rate_into(out, x, thresholds, np.empty((), dtype=bool))
        return out
    # Slice along the first axis; thresholds that run along it are sliced too.
    rows = max(1, CHUNK // max(1, math.prod(shape[1:])))
    flag = np.empty((min(rows, shape[0]), *shape[1:]), dtype=bool)
    for start in range(0, shape[0], rows):
        part = slice(start, start + rows)
        chunk = x[part]
        _rate_into(out[part], chunk, _slice(thresholds, part, x.ndim), flag[: len(chunk)])
    return out


def rate_measures(
    values: npt.ArrayLike,
    thresholds: Sequence[Thresholds],
    axis: int = 1,
    out: npt.NDArray[np.int8] | None = None,
    rounding: Sequence[int | None] | None = None,
) -> npt.NDArray[np.int8]:
    """Rate readings for many measures: one :class:`Thresholds` per measure along ``axis``.

    For readings shaped (authorities, measures) or (authorities, measures,
    periods), ``axis=1``. Each measure is rated on its own slice with its own
    thresholds (scalars, or arrays over the axes after ``axis``, such as one
    per period for dated terms), so a one-sided measure costs two comparisons
    a reading rather than four. Scalar thresholds are the fastest: float64
    readings of such a measure are rated by the package's compiled kernel in
    one pass (read each reading once, write each status once), or, in a
    package built without a C compiler or with ``PERFCONTRACT_KERNEL=0`` in
    the environment, by numpy in a few passes over cache-sized chunks; both
    give the same statuses. Works in bounded memory on a memory-mapped
    array: the output is one byte a reading (``out``, which may itself be a
    memory-mapped ``int8`` array), the rest is a few cache-sized buffers.
    ``rounding`` gives each measure's decimal places (or None), applied
    chunk by chunk as the readings are rated (by numpy).

    ```pycon
    >>> import numpy as np
    >>> readings = np.array([[26.0, 76.0], [20.0, 92.0], [np.nan, 85.0]])  # A1 and B8
    >>> per_measure = [Thresholds.lower_is_better(22, 28), Thresholds.higher_is_better(90, 80)]
    >>> rate_measures(readings, per_measure).tolist()
    [[1, 0], [2, 2], [4, 1]]

    ```
    """
    x = np.asarray(values)
    axis = axis % x.ndim
    if x.shape[axis] != len(thresholds):
        raise ValueError(
            f"{len(thresholds)} thresholds for {x.shape[axis]} measures along axis {axis}"
        )
    if out is None:
        out = np.empty(x.shape, dtype=np.int8)
    elif out.shape != x.shape or out.dtype != np.int8:
        raise ValueError(f"out must be int8 shaped {x.shape}, not {out.dtype} {out.shape}")
    elif not out.flags.writeable:
        raise ValueError("out is read-only")
    elif np.may_share_memory(x, out):
        raise ValueError("out overlaps the readings: give an array of its own")
    by_measure, out_by_measure = np.moveaxis(x, axis, 0), np.moveaxis(out, axis, 0)  # views
    places = list(rounding) if rounding is not None else [None] * len(thresholds)
    if x.ndim == 1:  # one reading per measure
        for m, t in enumerate(thresholds):
            xm, om, digits = by_measure[m, ...], out_by_measure[m, ...], places[m]
            value = _floats(xm) if digits is None else round_half_away(xm, digits)
            _rate_into(om, value, t, np.empty((), dtype=bool))
        return out
    plans = [_plan(t) for t in thresholds]
    kernel = _kernel() if x.dtype == np.float64 and x.flags.aligned else None
    compiled = (
        []
        if kernel is None
        else _rate_compiled(kernel, by_measure, out_by_measure, thresholds, plans, places)
    )
    rest = sorted(set(range(len(thresholds))).difference(compiled))
    if rest:
        _rate_slabs(by_measure, out_by_measure, thresholds, plans, places, rest)
    return out


# The compiled rating loop (kernel/rating.c), loaded with ctypes when the wheel
# carries it: one pass over each measure's readings, no temporary arrays. Its
# kind codes; the other kinds ("general", "none") are rated with numpy.
_KERNEL_KINDS = {"higher": 0, "lower": 1, "between": 2, "band": 2}
_KERNEL_VERSION = 1  # what perfcontract_kernel_version() returns for these arguments
# The kernel reads a measure row by row. Rows shorter than this share cache
# lines with other measures' rows, which it would read from memory once per
# measure; numpy's slab-by-slab passes rate those layouts.
_KERNEL_MIN_ROW = 64


@functools.cache
def _kernel() -> Callable[..., int] | None:
    """The compiled rating loop, or None: not built, or turned off (``PERFCONTRACT_KERNEL=0``)."""
    if os.environ.get("PERFCONTRACT_KERNEL") == "0":
        return None
    return _load_kernel(Path(__file__).with_name("_rating.so"))


def _load_kernel(path: Path) -> Callable[..., int] | None:
    """The function ``perfcontract_rate`` of the library at ``path``, or None.

    None when there is no such file, when it does not load (built for
    another platform, say) or when it was built from another version of
    kernel/rating.c: numpy gives the same results.
    """
    if not path.is_file():
        return None
    try:
        library = ctypes.CDLL(str(path))
        version = library.perfcontract_kernel_version
        function: Callable[..., int] = library.perfcontract_rate
    except (OSError, AttributeError):
        return None
    version.restype = ctypes.c_int
    if version() != _KERNEL_VERSION:
        return None
    size, double = ctypes.c_ssize_t, ctypes.c_double
    function.argtypes = [  # type: ignore[attr-defined]
        ctypes.c_void_p, size, size, ctypes.c_void_p, size, size, size, size,
        ctypes.c_int, double, double, double, double,
    ]  # fmt: skip
    function.restype = ctypes.c_int  # type: ignore[attr-defined]
    return function


def _rate_compiled(
    kernel: Callable[..., int],
    by_measure: npt.NDArray[np.float64],
    out_by_measure: npt.NDArray[np.int8],
    thresholds: Sequence[Thresholds],
    plans: Sequence[tuple[str, tuple[Any, ...]]],
    places: Sequence[int | None],
) -> list[int]:
    """Rate with the compiled loop every measure it can take, in one call each; those measures.

    It takes a measure whose bounds are scalar, ordered (what :func:`_plan`
    codes) and exactly floats, whose readings need no rounding, and whose
    readings and statuses are rows of contiguous values (see :func:`_rows`).
    """
    done = []
    for m, ((kind, _), t) in enumerate(zip(plans, thresholds, strict=True)):
        code = _KERNEL_KINDS.get(kind)
        if code is None or places[m] is not None:
            continue
        bounds = (t.within_low, t.on_low, t.on_high, t.within_high)
        as_floats = tuple(float(b) for b in bounds)
        if as_floats != bounds:  # a Decimal bound, say: numpy compares it exactly
            continue
        rows = _rows(by_measure[m], out_by_measure[m])
        if rows is None:
            continue
        if rows:
            kernel(*rows, code, *as_floats)
        done.append(m)
    return done


def _rows(x: npt.NDArray[Any], out: npt.NDArray[Any]) -> tuple[int, ...] | None:
    """The kernel's view of ``x`` and ``out``: rows of contiguous readings and statuses.

    Axes of length one are dropped and an axis is merged into the one before
    it where both arrays allow, so that any layout that is rows of at least
    ``_KERNEL_MIN_ROW`` contiguous values (or one run of them) is one call:
    (address, row step, step, out address, out row step, out step, rows,
    columns). Empty when there is nothing to rate; None for other layouts.
    """
    if x.size == 0:
        return ()
    axes: list[list[int]] = []  # [length, stride in x, stride in out], outer first
    for length, step, out_step in zip(x.shape, x.strides, out.strides, strict=True):
        if length == 1:
            continue
        if axes and axes[-1][1] == step * length and axes[-1][2] == out_step * length:
            axes[-1] = [axes[-1][0] * length, step, out_step]
        else:
            axes.append([length, step, out_step])
    if not axes:
        axes = [[1, x.itemsize, out.itemsize]]
    if len(axes) == 1:
        axes.insert(0, [1, 0, 0])
    (rows, row_step, out_row_step), (columns, step, out_step) = axes[-2:]
    if len(axes) > 2 or step != x.itemsize or out_step != out.itemsize:
        return None
    if rows > 1 and columns < _KERNEL_MIN_ROW:
        return None
    address, out_address = x.__array_interface__["data"][0], out.__array_interface__["data"][0]
    return (address, row_step, step, out_address, out_row_step, out_step, rows, columns)


# How rate_measures codes a measure's statuses before its last two passes: the
# status plus one for a reading rated 0..2, 0 for a missing one, 4 for no
# target. Subtracting one and taking the unsigned minimum with 4 decodes it
# (0 - 1 wraps to 255, which the minimum turns into NO_DATA), so a missing
# reading needs no pass of its own: NaN compares False everywhere, and every
# other reading makes at least one of a pair of complementary-but-overlapping
# comparisons true.
_CODED_NO_TARGET = np.int8(Status.NO_TARGET + 1)
_ONE, _THREE = np.int8(1), np.int8(3)


def _plan(t: Thresholds) -> tuple[str, tuple[Any, ...]]:
    """How rate_measures rates a measure: its kind and the bounds it compares with.

    The coded kinds need scalar bounds, none NaN, in order; anything else
    (arrays of thresholds, a ``rated`` mask) is rated the general way.
    """
    fields = (t.on_low, t.on_high, t.within_low, t.within_high)
    if any(np.ndim(f) != 0 for f in fields) or np.ndim(t.rated) != 0:
        return "general", ()
    if not t.rated:
        return "none", ()
    on_low, on_high, within_low, within_high = fields
    if any(f != f for f in fields) or not within_low <= on_low <= on_high <= within_high:
        return "general", ()
    if on_high == _INF and within_high == _INF:
        return "higher", (within_low, on_low)
    if on_low == -_INF and within_low == -_INF:
        return "lower", (within_high, on_high)
    if within_low == on_low and within_high == on_high:  # a band without tolerance
        return "between", (on_low, on_high)
    return "band", (within_low, within_high, on_low, on_high)


def _rate_slabs(
    by_measure: npt.NDArray[Any],
    out_by_measure: npt.NDArray[np.int8],
    thresholds: Sequence[Thresholds],
    plans: Sequence[tuple[str, tuple[Any, ...]]],
    places: Sequence[int | None],
    measures: Sequence[int],
) -> None:
    """rate_measures with numpy for ``measures``, readings of two or more axes, measures first.

    The readings are taken a slab of rows (the axis after the measures) at a
    time, every measure of the slab in turn, so the buffers are a few chunks
    and each measure's slice is read from memory once. A one-sided measure,
    or a band without tolerance, costs two comparisons and two byte passes,
    a band four comparisons and three; then two byte passes over the slab
    decode every measure at once.
    """
    n_rows, inner = by_measure.shape[1], by_measure.shape[2:]
    size = math.prod(inner)
    rows = max(1, CHUNK // max(1, size))
    shape = (min(rows, n_rows), *inner)
    # numpy runs a ufunc over a strided chunk (one measure's rows, when the
    # measures are not the first axis) and a contiguous buffer more slowly
    # than over operands strided alike, so then the buffers' rows are padded.
    pad = 64 if size > 1 and not by_measure[0].flags.c_contiguous else 0
    flag = np.zeros((shape[0], size + pad), dtype=bool)[:, :size].reshape(shape)
    # The unsigned minimum is fast against an array, slow against a scalar.
    fours = np.full((shape[0], size + pad), 4, dtype=np.uint8)[:, :size].reshape(shape)
    count = flag.view(np.int8)
    general = [m for m in measures if plans[m][0] == "general"]
    coded = [m for m in measures if plans[m][0] != "general"]
    fast = [
        (
            *plans[m],
            by_measure[m],
            out_by_measure[m],
            out_by_measure[m].view(np.bool_),
            places[m],
        )
        for m in coded
    ]
    # Decode the whole slab in one go when every measure is rated here (those
    # rated the general way are written after the decode).
    whole = len(measures) == len(thresholds)
    convert = by_measure.dtype != np.float64
    for start in range(0, n_rows, rows):
        part = slice(start, start + rows)
        k = min(rows, n_rows - start)
        if k != shape[0]:
            flag, count, fours = flag[:k], count[:k], fours[:k]
        for kind, bounds, xm, om, bm, digits in fast:
            o = om[part]
            if kind == "none":
                o.fill(_CODED_NO_TARGET)
                continue
            x = xm[part]
            if convert:
                x = _floats(x)
            if digits is not None:
                x = round_half_away(x, digits)
            if kind == "higher":
                # a = x >= tolerance, b = x < target: (a, b) is (0, 1) below
                # tolerance, (1, 1) inside it, (1, 0) on target and (0, 0) for
                # NaN, and 3a ^ b codes them 1, 2, 3 and 0.
                np.greater_equal(x, bounds[0], out=bm[part])
                np.less(x, bounds[1], out=flag)
            elif kind == "lower":  # a = x <= tolerance, b = x > target
                np.less_equal(x, bounds[0], out=bm[part])
                np.greater(x, bounds[1], out=flag)
            elif kind == "between":
                # a = x >= low, b = x <= high: (a + b) | b codes below and
                # above 1, inside 3 and NaN 0.
                np.greater_equal(x, bounds[0], out=bm[part])
                np.less_equal(x, bounds[1], out=flag)
                np.add(o, count, out=o)
                np.bitwise_or(o, count, out=o)
                continue
            else:
                # [x >= tol_low] + [x <= tol_high] + [x >= low] - [x > high]:
                # the status plus one, and 0 for NaN.
                np.greater_equal(x, bounds[0], out=bm[part])
                np.less_equal(x, bounds[1], out=flag)
                np.add(o, count, out=o)
                np.greater_equal(x, bounds[2], out=flag)
                np.add(o, count, out=o)
                np.greater(x, bounds[3], out=flag)
                np.subtract(o, count, out=o)
                continue
            np.multiply(o, _THREE, out=o)
            np.bitwise_xor(o, count, out=o)
        for slab in (
            [out_by_measure[:, part]] if whole else [out_by_measure[m, part] for m in coded]
        ):
            np.subtract(slab, _ONE, out=slab)
            unsigned = slab.view(np.uint8)
            np.minimum(unsigned, fours, out=unsigned)
        for m in general:
            digits = places[m]
            x = by_measure[m, part]
            x = _floats(x) if digits is None else round_half_away(x, digits)
            _rate_into(out_by_measure[m, part], x, _slice(thresholds[m], part, x.ndim), flag)


def _slice(t: Thresholds, rows: slice, ndim: int) -> Thresholds:
    def part(field: Any) -> Any:
        if np.ndim(field) == ndim and np.shape(field)[0] != 1:
            return np.asarray(field)[rows]
        return field

    return Thresholds(
        part(t.on_low), part(t.on_high), part(t.within_low), part(t.within_high), part(t.rated)
    )


def _rate_into(
    out: npt.NDArray[np.int8], x: FloatArray, t: Thresholds, flag: npt.NDArray[np.bool_]
) -> None:
    """Write the statuses of ``x`` into ``out``, using ``flag`` (same shape) as scratch."""
    scalar = all(np.ndim(f) == 0 for f in (t.on_low, t.on_high, t.within_low, t.within_high))
    if scalar and np.ndim(t.rated) == 0 and not t.rated:
        out.fill(_NO_TARGET)
        return
    # Comparisons write booleans straight into int8 storage (a bool view), and
    # the second is added as int8: no casting loops on the way.
    as_bool, count = out.view(np.bool_), flag.view(np.int8)
    if scalar and t.on_high == _INF and t.within_high == _INF:  # higher is better
        np.greater_equal(x, t.within_low, out=as_bool)
        np.add(out, np.greater_equal(x, t.on_low, out=flag).view(np.int8), out=out)
    elif scalar and t.on_low == -_INF and t.within_low == -_INF:  # lower is better
        np.less_equal(x, t.within_high, out=as_bool)
        np.add(out, np.less_equal(x, t.on_high, out=flag).view(np.int8), out=out)
    else:
        # Four comparisons count the interval edges a reading is inside of:
        # with within_low <= on_low <= on_high <= within_high, that count is
        # the status (0 outside, 1 inside tolerance, 2 on target).
        np.greater_equal(x, t.within_low, out=as_bool)
        np.greater_equal(x, t.on_low, out=flag)
        np.add(out, count, out=out)
        np.greater(x, t.on_high, out=flag)
        np.subtract(out, count, out=out)
        np.greater(x, t.within_high, out=flag)
        np.subtract(out, count, out=out)
    # NaN compares False everywhere, so it has counted 0: mark it missing.
    if np.isnan(x, out=flag).any():
        np.copyto(out, _NO_DATA, where=flag)
    if not (np.ndim(t.rated) == 0 and t.rated):
        np.copyto(out, _NO_TARGET, where=np.logical_not(t.rated))


def round_half_away(values: npt.ArrayLike, places: int) -> FloatArray:
    """Round to ``places`` decimal places, half away from zero, on the decimal as written.

    A spreadsheet rounds 1.005 to 1.01 because it rounds the number as
    written; binary floating point holds 1.005 as 1.00499999999999989…, and
    would round it down. Here every value is rounded as its shortest decimal
    form (``repr``) reads: a fast vectorised pass, with the few values within a
    hair of a tie settled exactly by :class:`decimal.Decimal`. NaN stays NaN.

    ```pycon
    >>> round_half_away([89.5, 1.005, -2.5, 0.125, 2.675], 0).tolist()
    [90.0, 1.0, -3.0, 0.0, 3.0]
    >>> round_half_away([1.005, 0.125, 2.675, -1.005], 2).tolist()
    [1.01, 0.13, 2.68, -1.01]

    ```
    """
    x = _floats(values)
    scale = 10.0**places
    with np.errstate(invalid="ignore", over="ignore"):  # inf and NaN pass through
        y = np.abs(x) * scale
        fraction = y - np.floor(y)
        rounded = np.floor(y + 0.5)
        # Values whose scaled fraction is within a hair of one half may sit on a
        # decimal tie that binary arithmetic has nudged, and from 2**52 on the
        # scaled value cannot hold a half at all: settle all those exactly.
        near = (np.abs(fraction - 0.5) <= 1e-9 * np.maximum(1.0, y)) | (y >= 2.0**52)
        near &= np.isfinite(x) & (np.abs(x) < 2.0**53)
    result = np.copysign(rounded / scale, x) + 0.0  # + 0.0 turns -0.0 into 0.0
    if np.any(near):
        exact = np.flatnonzero(near.ravel())
        flat = result.reshape(-1) if result.flags.c_contiguous else result.ravel()
        source = x.ravel()
        quantum = Decimal(1).scaleb(-places)
        with localcontext() as context:  # enough digits for any float's decimal form
            context.prec = 400
            for i in exact:
                decimal = Decimal(repr(float(source[i])))
                flat[i] = float(decimal.quantize(quantum, rounding=ROUND_HALF_UP))
        result = flat.reshape(x.shape)
    # Beyond 2**53 a float is a whole number already; inf and NaN stay as they are.
    kept = ~np.isfinite(x) | (np.abs(x) >= 2.0**53)
    if np.any(kept):
        result = np.where(kept, x, result)
    return result


def direction(
    current: npt.ArrayLike,
    previous: npt.ArrayLike,
    polarity: Polarity,
    band: tuple[float, float] | None = None,
) -> npt.NDArray[np.int8]:
    """Direction of travel from ``previous`` to ``current``: :class:`Direction` codes.

    With a polarity, a change is ``IMPROVED`` or ``DECLINED``; for a band, by
    the distance from the band (inside it counts as distance 0, so moving
    about inside the band is ``UNCHANGED``). Without one, ``UP`` or ``DOWN``.
    A missing reading on either side gives ``NONE``.

    ```pycon
    >>> import numpy as np
    >>> from perfcontract.model import Polarity
    >>> direction([26.0, 27.0, 27.0], [27.0, 26.0, 27.0], Polarity.LOWER_IS_BETTER).tolist()
    [2, 3, 1]
    >>> direction([11.0, 6.0], [12.0, 9.0], Polarity.IN_BAND, band=(5.0, 10.0)).tolist()
    [2, 1]

    ```
    """
    now, before = _floats(current), _floats(previous)
    if polarity is Polarity.IN_BAND:
        if band is None:
            raise ValueError("a band measure's direction needs its band")
        low, high = band
        now = np.maximum(np.maximum(low - now, now - high), 0.0)
        before = np.maximum(np.maximum(low - before, before - high), 0.0)
        better, worse = now < before, now > before
    elif polarity is Polarity.HIGHER_IS_BETTER:
        better, worse = now > before, now < before
    elif polarity is Polarity.LOWER_IS_BETTER:
        better, worse = now < before, now > before
    else:
        up, down = now > before, now < before
        codes = np.where(up, Direction.UP, np.where(down, Direction.DOWN, Direction.UNCHANGED))
        return _missing_to_none(codes, now, before)
    codes = np.where(
        better, Direction.IMPROVED, np.where(worse, Direction.DECLINED, Direction.UNCHANGED)
    )
    return _missing_to_none(codes, now, before)


def _missing_to_none(codes: Any, now: FloatArray, before: FloatArray) -> npt.NDArray[np.int8]:
    result = np.asarray(codes, dtype=np.int8)
    missing = np.isnan(now) | np.isnan(before)
    return np.where(missing, np.int8(Direction.NONE), result).astype(np.int8)


def rank(values: npt.ArrayLike, polarity: Polarity) -> npt.NDArray[np.float64]:
    """Rank authorities, 1 the best for the polarity; ties share the best rank.

    As in the DfE's Local Authority Interactive Tool: 1, 2, 2, 4. A missing
    value has no rank (NaN), and neither does any value of a measure with no
    polarity (or a band). Ranks come back as floats so that NaN can stand for
    "no rank".

    ```pycon
    >>> from perfcontract.model import Polarity
    >>> rank([26.0, 21.9, 21.9, float("nan"), 30.0], Polarity.LOWER_IS_BETTER).tolist()
    [3.0, 1.0, 1.0, nan, 4.0]

    ```
    """
    x = _floats(values)
    result = np.full(x.shape, np.nan)
    if polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
        return result
    present = ~np.isnan(x)
    key = x[present] if polarity is Polarity.LOWER_IS_BETTER else -x[present]
    ordered = np.sort(key)
    # The rank of a value is one more than the number of values strictly better.
    result[present] = np.searchsorted(ordered, key, side="left") + 1.0
    return result


def quartile(values: npt.ArrayLike, polarity: Polarity) -> npt.NDArray[np.str_]:
    """Quartile bands "A" (best) to "D" across authorities; "" where there is none.

    As in the DfE's Local Authority Interactive Tool: the cut points are the
    0, 25, 50, 75 and 100% quantiles of the values present (linear
    interpolation, numpy's default); each interval is closed on the right and
    the first on both sides, so a value on a cut point falls in the lower
    interval. For lower is better the lowest interval is A; for higher is
    better the highest. A missing value, or a measure without a polarity,
    has no band.

    ```pycon
    >>> from perfcontract.model import Polarity
    >>> quartile([1.0, 2.0, 3.0, 4.0, 5.0], Polarity.HIGHER_IS_BETTER).tolist()
    ['D', 'D', 'C', 'B', 'A']
    >>> quartile([1.0, 2.0, 3.0, 4.0, 5.0], Polarity.LOWER_IS_BETTER).tolist()
    ['A', 'A', 'B', 'C', 'D']

    ```
    """
    x = _floats(values)
    bands = np.full(x.shape, "", dtype="<U1")
    present = ~np.isnan(x)
    if polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER) or not present.any():
        return bands
    cuts = np.quantile(x[present], [0.25, 0.5, 0.75])
    # side="left": a value equal to a cut point belongs to the interval below it.
    interval = np.searchsorted(cuts, x[present], side="left")
    letters = np.array(["A", "B", "C", "D"])
    order = interval if polarity is Polarity.LOWER_IS_BETTER else 3 - interval
    bands[present] = letters[order]
    return bands
