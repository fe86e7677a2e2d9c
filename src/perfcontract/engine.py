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

import functools
import math
import operator
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal, localcontext
from fractions import Fraction
from itertools import chain, groupby, pairwise
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import as_strided

from perfcontract.status import Direction, Status
from perfcontract.terms import Band, Polarity

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
# Rated in blocks of at most this many readings (a sixth of it when the
# block's bounds are laid beside it), so that a block's readings, bounds and
# statuses stay in a core's cache and memory stays bounded.
CHUNK = 1 << 17


def _floats(value: Any) -> FloatArray:
    try:
        return np.asarray(value, dtype=np.float64)
    except OverflowError:  # a whole number beyond 1.8e308: Python's own error says less
        raise ValueError("a value is too large for a float (more than about 1.8e308)") from None


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

    def __repr__(self) -> str:
        if all(np.ndim(value) == 0 for value in attrs.astuple(self, recurse=False)):
            shown = ", ".join(
                f"{f.name}={getattr(self, f.name)!r}" for f in attrs.fields(Thresholds)
            )
            return f"Thresholds({shown})"
        return f"<Thresholds for {np.size(self.on_low):,} measures and periods>"

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
    periods), ``axis=1``; for readings shaped (measures, ...), ``axis=0``.
    Each measure is rated with its own thresholds: scalars, or arrays over
    the axes after ``axis`` (one per period, say, for dated terms).
    ``rounding`` gives each measure's decimal places (or None), applied to
    the readings as they are rated. The statuses are those :func:`rate`
    gives. Readings of another dtype (float32, integers) are widened to
    float64 exactly, so a float32 1.005 is compared and rounded as the
    1.00499999523... it holds: give float64 where a decimal matters.

    The readings are rated a cache-sized block at a time with numpy, every
    pass over a block one contiguous call whatever the mix of measures in
    it: two comparisons a reading (four in a block that holds a band with a
    tolerance band) and a few passes over bytes. A rounded measure's bounds
    are moved to the first reading that rounds onto them, so its readings
    are not rounded one by one. What it works out from a set of thresholds
    is kept, by their values, for the next few calls. It works in bounded
    memory on a memory-mapped array: the output is one byte a reading
    (``out``, which may itself be a memory-mapped ``int8`` array), the rest
    a few blocks' worth of buffers.

    ```pycon
    >>> import numpy as np
    >>> readings = np.array([[26.0, 76.0], [20.0, 92.0], [np.nan, 85.0]])  # A1 and B8
    >>> per_measure = [Thresholds.lower_is_better(22, 28), Thresholds.higher_is_better(90, 80)]
    >>> rate_measures(readings, per_measure).tolist()
    [[1, 0], [2, 2], [4, 1]]

    ```
    """
    x = np.asarray(values)
    if x.ndim == 0:
        raise ValueError("readings for many measures need a measure axis, not a single number")
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of range for readings of {x.ndim} axes")
    axis %= x.ndim
    if x.shape[axis] != len(thresholds):
        raise ValueError(
            f"{len(thresholds)} thresholds for {x.shape[axis]} measures along axis {axis}"
        )
    places = _places(rounding) if rounding is not None else [None] * len(thresholds)
    if len(places) != len(thresholds):
        raise ValueError(f"{len(places)} roundings for {len(thresholds)} measures")
    out = _checked_out(x, out)
    if x.size == 0:
        return out
    rows = [(t.within_low, t.on_low, t.on_high, t.within_high, t.rated) for t in thresholds]
    if x.size <= _SMALL and set(map(type, chain.from_iterable(rows))) <= _PLAIN:
        fields = np.array(rows, dtype=np.float64)
        table, rated = np.ascontiguousarray(fields[:, :4].T), fields[:, 4] != 0
        edges, unrounded = _small_edges(table, places)
        _rate_small(x, axis, out, edges, rated, unrounded)
        general = rated & ~_ordered(table, edges)
    else:
        inner = x.shape[axis + 1 :]
        laid = None
        if x.size <= _SMALL:  # thresholds per period, say: one broadcast pass still
            given = _Bounds.cached(rows, inner, [None] * len(places))
            laid = _laid_over(given, inner)
        if laid is not None:  # the bounds as given, the rounded ones moved as above
            edges, rated, general, unrounded = given.small(laid, places)
            _rate_small(x, axis, out, edges, rated, unrounded)
        else:
            bounds = _Bounds.cached(rows, inner, places)
            rated_all = _rate_bounds(x, axis, out, bounds)
            general = bounds.general if rated_all else np.ones(len(places), bool)
    if general.any():
        by_measure, out_by_measure = np.moveaxis(x, axis, 0), np.moveaxis(out, axis, 0)  # views
        for m in np.flatnonzero(general).tolist():  # [m, ...]: a view, even of 1-D readings
            _rate_general(by_measure[m, ...], out_by_measure[m, ...], thresholds[m], places[m])
    return out


def _places(rounding: Sequence[Any]) -> list[int | None]:
    """Each measure's decimal places as a Python int (numpy's integers too), or None."""
    if set(map(type, rounding)) <= _PLACES:  # as the model gives them: no work a measure
        return list(rounding)
    return [None if digits is None else operator.index(digits) for digits in rounding]


def _rate_periods(
    values: npt.ArrayLike,
    table: FloatArray,
    rated: npt.NDArray[np.bool_],
    terms: Sequence[int],
    rounding: Sequence[int | None],
) -> npt.NDArray[np.int8]:
    """Rate readings shaped (periods, measures), as :func:`evaluate` and a report have them:
    rows x measures, the periods with the same terms rated together.

    ``table`` holds each set of terms in force as bounds shaped (sets, 4,
    measures): within_low, on_low, on_high and within_high, with ``rated``
    (sets, measures); ``terms`` names the set of each period. Most contracts
    have one set for a whole year, a dated target making a second: one pass
    of :func:`rate_measures`' blocks a set, the bounds laid out once a
    stretch of measures and used for every period of the set.

    ```pycon
    >>> import numpy as np
    >>> inf = np.inf
    >>> table = np.array([[[80.0], [90.0], [inf], [inf]], [[80.0], [92.0], [inf], [inf]]])
    >>> rated = np.ones((2, 1), bool)  # two sets of terms: a target raised from 90 to 92
    >>> _rate_periods([[91.0], [91.0], [92.0]], table, rated, [0, 1, 1], [None]).tolist()
    [[2], [1], [2]]

    ```
    """
    x = np.asarray(values)
    out = np.empty(x.shape, dtype=np.int8)
    if x.size == 0:
        return out
    places = list(rounding)  # as the model gives them: Python ints or None
    given = np.ascontiguousarray(table, dtype=np.float64)
    rated = np.ascontiguousarray(rated, dtype=bool)
    if x.size <= _SMALL:
        _rate_periods_small(x, out, given, rated, terms, places)
        return out
    which = np.asarray(terms, dtype=np.intp)
    sets = _TermSets.kept(given, rated, places)
    for k in range(len(given)):
        rows = np.flatnonzero(which == k)
        if rows.size == 0:
            continue
        bounds = sets.bounds(k)
        first, last = int(rows[0]), int(rows[-1]) + 1
        if last - first == rows.size:  # consecutive periods: views, rated where they lie
            _rate_rows(x[first:last], out[first:last], bounds, given[k], rated[k], places)
        else:
            part = np.empty((rows.size, x.shape[1]), dtype=np.int8)
            _rate_rows(x[rows], part, bounds, given[k], rated[k], places)
            out[rows] = part
    return out


def _rate_periods_small(
    x: npt.NDArray[Any],
    out: npt.NDArray[np.int8],
    given: FloatArray,
    rated: npt.NDArray[np.bool_],
    terms: Sequence[int],
    places: Sequence[int | None],
) -> None:
    """:func:`_rate_periods` for a small array: each run of periods with the same set of
    terms in one broadcast pass against its set's bounds as they lie, as
    :func:`rate_measures` rates a small array; the rounded measures' bounds moved for
    their rounding (at once when they are few, else once they come again)."""
    rounded = _rounding(places)
    moved = None
    if rounded is not None:  # only the rounded measures' bounds are moved
        own_given = given[:, :, rounded.measures]  # (sets, 4, rounded)
        moved = _moved_kept(own_given.transpose(1, 2, 0), rounded, once_seen=True)
    edges = given
    if rounded is not None and moved is not None:
        edges = given.copy()
        edges[:, :, rounded.measures] = moved.transpose(2, 0, 1)
    unrounded = rounded if moved is None else None  # readings to round as they are rated
    runs: list[tuple[int, slice]] = []
    start = 0
    for k, run in groupby(terms):
        stop = start + len(list(run))
        runs.append((int(k), slice(start, stop)))
        start = stop
        if len(runs) > _SMALL_RUNS:  # sets taking turns: every period's bounds laid out
            which = np.asarray(terms, dtype=np.intp)
            laid = edges.transpose(1, 0, 2)[:, which]  # (4, periods, measures)
            _rate_small(x, 1, out, laid, rated[which], unrounded)
            break
    else:
        for k, part in runs:
            _rate_small(x[part], 1, out[part], edges[k], rated[k], unrounded)
    # A NaN bound, a reversed band, a band no rounding reaches: rated one by one.
    ordered = np.all(edges[:, :-1] <= edges[:, 1:], axis=1)  # (sets, measures)
    if rounded is not None and edges is not given:  # the rounded ones, as given too
        ordered[:, rounded.measures] &= np.all(own_given[:, :-1] <= own_given[:, 1:], axis=1)
    unordered = rated > ordered
    if not unordered.any():
        return
    which = np.asarray(terms)
    for k, m in zip(*np.nonzero(unordered), strict=True):
        rows = np.flatnonzero(which == k)
        if rows.size:
            low, on_low, on_high, high = given[k, :, m].tolist()
            statuses = np.empty(rows.size, dtype=np.int8)
            t = Thresholds(on_low, on_high, low, high)
            _rate_general(x[rows, m], statuses, t, places[m])
            out[rows, m] = statuses


class _TermSets:
    """The sets of terms in force that :func:`_rate_periods` is given, worked out once for
    each set of values: the bounds moved for rounding, and each set's bounds for the
    blocks, made when first needed."""

    def __init__(
        self, given: FloatArray, rated: npt.NDArray[np.bool_], places: Sequence[int | None]
    ) -> None:
        moved = _rounded_table(given.transpose(1, 2, 0), places)  # (4, measures, sets)
        self._moved = np.ascontiguousarray(moved.transpose(2, 0, 1))
        self._rated = rated
        self._bounds: dict[int, _Bounds] = {}

    @classmethod
    def kept(
        cls, given: FloatArray, rated: npt.NDArray[np.bool_], places: Sequence[int | None]
    ) -> _TermSets:
        """The sets of ``given``, kept by their values for the next few calls."""
        if given.size > _KEPT_TERMS:
            return cls(given, rated, places)
        return _kept(_TermsKey(given, rated, places), lambda: cls(given, rated, places))

    def bounds(self, k: int) -> _Bounds:
        """Set ``k``'s bounds, for rating its periods block by block."""
        found = self._bounds.get(k)
        if found is None:
            found = self._bounds[k] = _Bounds(
                self._moved[k].reshape(4, -1, 1),
                self._rated[k].reshape(-1, 1),
                np.zeros(self._rated.shape[1], bool),
            )
        return found


class _TermsKey:
    """The sets of terms of a :func:`_rate_periods` call as a key to keep their work by:
    equal to another only when every value is the same, bit for bit, and hashed by a few
    of them (hashing all the bounds of a 2,000-measure contract, 64 KB, took longer than
    comparing them, a few microseconds)."""

    def __init__(
        self, given: FloatArray, rated: npt.NDArray[np.bool_], places: Sequence[int | None]
    ) -> None:
        self._given = given.copy()  # the caller's arrays may change after the call
        self._rated = rated.copy()
        self._places = list(places)
        sample = given.reshape(-1)[:: max(1, given.size // 64)]
        self._hash = hash((given.shape, sample.tobytes()))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _TermsKey)
            and self._hash == other._hash
            and self._given.shape == other._given.shape
            and self._places == other._places
            and bool((self._given.view(np.int64) == other._given.view(np.int64)).all())
            and bool((self._rated == other._rated).all())
        )


def _laid_over(bounds: _Bounds, inner: tuple[int, ...]) -> FloatArray | None:
    """Bounds (moved for rounding) shaped (4, measures, ...) to broadcast over readings
    whose axes after the measure axis are ``inner``; None if their pattern is not the
    product of trailing axes of ``inner``."""
    pattern, size, k = bounds.pattern, 1, len(inner)
    while size < pattern and k > 0:
        k -= 1
        size *= inner[k]
    if size != pattern:
        return None
    shape = (4, bounds.table.shape[1], *(1,) * k, *inner[k:])
    return bounds.table.reshape(shape)


def _rate_small(
    x: npt.NDArray[Any],
    axis: int,
    out: npt.NDArray[np.int8],
    edges: FloatArray,
    rated: npt.NDArray[np.bool_],
    unrounded: _Rounding | None,
) -> None:
    """Rate a small array in one broadcast pass of four comparisons and a few byte passes:
    for a few thousand readings, working out blocks and tiles would cost more than it
    saves, and each numpy call counts.

    ``edges`` holds the bounds (within_low, on_low, on_high, within_high): shaped (4,
    measures), broadcast along ``axis``; (4, measures, ...) with as many axes as ``x``
    has from ``axis`` on, to broadcast as they are (one set a period, say); or (4,
    *x.shape), one set a reading; ``rated`` is shaped likewise without the 4. The
    bounds are compared as they are: moved for each measure's rounding already
    (:func:`_rounded_table`), or as given for the measures of ``unrounded``, whose
    readings are rounded first. Measures whose bounds are out of order are left for the caller
    to rate one by one (:func:`_ordered`).
    """
    values = _floats(x)
    if unrounded is not None:
        values = values.copy()
        by_measure = np.moveaxis(values, axis, 0)
        for digits, measures in unrounded.by_places.items():  # these places' at once
            by_measure[measures] = round_half_away(by_measure[measures], digits)
    along = (-1,) + (1,) * (x.ndim - axis - 1)
    laid = edges.shape[1:] == x.shape or edges.ndim - 1 == x.ndim - axis  # broadcast as is
    fields = edges if laid else edges.reshape(4, *along)
    flags = rated if laid else rated.reshape(along)
    low, on_low, on_high, high = fields
    scratch = np.empty(x.shape, dtype=np.uint8)
    codes, first, flag = out.view(np.uint8), out.view(np.bool_), scratch.view(np.bool_)
    _rate_edges(scratch, flag, low, high, on_low, on_high, _RATED_OFFSET, 4, values, codes, first)
    if not flags.all():
        np.copyto(out, _NO_TARGET, where=np.logical_not(flags))


def _small_edges(
    table: FloatArray, places: Sequence[int | None]
) -> tuple[FloatArray, _Rounding | None]:
    """Bounds (4, measures, ...) for a small array, and the rounding its readings still
    need: the bounds are moved for each measure's rounding once the same rounded bounds
    come again (see :func:`_moved_kept`), else as given, with the readings to round."""
    rounding = _rounding(places)
    if rounding is None:
        return table, None
    moved = _moved_kept(table[:, rounding.measures], rounding, once_seen=True)
    if moved is None:
        return table, rounding
    return _with_moved(table, rounding, moved), None


def _ordered(table: FloatArray, edges: FloatArray | None) -> npt.NDArray[np.bool_]:
    """Which bounds (4, ...) are in order, as given and once moved for rounding: a band
    that no rounded reading can fall in, or a NaN bound, is rated one by one."""
    ordered = (table[:-1] <= table[1:]).all(axis=0)
    if edges is not None and edges is not table:
        ordered = ordered & (edges[:-1] <= edges[1:]).all(axis=0)
    return np.asarray(ordered)


def _rate_rows(
    x: npt.NDArray[Any],
    out: npt.NDArray[np.int8],
    bounds: _Bounds,
    table: FloatArray,
    rated: npt.NDArray[np.bool_],
    places: Sequence[int | None],
) -> None:
    """Rate (rows, measures) readings whose bounds are one value a measure: ``bounds``
    made from ``table`` and ``rated`` as given, the general measures from those."""
    general = bounds.general if _rate_bounds(x, 1, out, bounds) else np.ones(len(places), bool)
    for m in np.flatnonzero(general).tolist():
        low, on_low, on_high, high = table[:, m].tolist()
        t = Thresholds(on_low, on_high, low, high, rated=bool(rated[m]))
        _rate_general(x[:, m], out[:, m], t, places[m])


def _checked_out(x: npt.NDArray[Any], out: npt.NDArray[np.int8] | None) -> npt.NDArray[np.int8]:
    """``out``, checked to take the statuses of ``x``; a new array when it is None."""
    if out is None:
        return np.empty(x.shape, dtype=np.int8)
    if out.shape != x.shape or out.dtype != np.int8:
        raise ValueError(f"out must be int8 shaped {x.shape}, not {out.dtype} {out.shape}")
    if not out.flags.writeable:
        raise ValueError("out is read-only")
    if np.may_share_memory(x, out):
        raise ValueError("out overlaps the readings: give an array of its own")
    return out


# ---------------------------------------------------------------------------
# How a block of readings is rated
#
# Each reading is compared with the bounds of its own measure (and period),
# laid out beside the readings as "tiles": arrays shaped like the block,
# built once a call (or once for a stretch of measures), so that each pass
# over a block is one contiguous numpy call, whatever the mix of measures.
#
# With two bounds t1 and t2, the pair r1 = [x >= t1], r2 = [x <= t2] is
# (0, 1) below t1, (1, 1) between, (1, 0) above t2, and (0, 0) only for NaN,
# which compares False with everything (t1 is never above the float after
# t2). What the pair means depends on the kind of measure:
#
#   higher is better    t1 = tolerance, t2 = the float before the target
#                       (x <= it is x < target): outside, within, on target
#   lower is better     t1 = the float after the target, t2 = tolerance:
#                       on target, within, outside
#   band, no tolerance  t1 = low, t2 = high: outside, on target, outside
#
# One formula turns the pair into the status for every kind, with four bytes
# a kind (_PAIR_CODES): status = (r1 + p) * (g * r2 + q) + e, modulo 256. It
# is linear in r1, r2 and r1 * r2, so each kind's four statuses (NaN's NO_DATA
# among them) fix its p, g, q and e. A bound that cannot exist (x > +inf,
# x < -inf) is NaN: never true. A measure with no target in force has NaN
# bounds, so its pair is always (0, 0), which e = 3 makes NO_TARGET.
#
# A band with a tolerance band has four edges. A block that holds one is
# rated by counting the edges a reading is inside of, for every measure in
# it: [x >= tol_low] + [x <= tol_high] + [x >= low] + [x <= high] - 2 is the
# status of any reading of nested intervals (a one-sided measure has infinite
# edges on its other side), and NaN's 0 - 2, as an unsigned byte 254, becomes
# NO_DATA in the minimum with 4.
#
# A long run of one measure with scalar bounds needs no tiles: it is rated
# with its own kind's comparisons against scalars (see _rate_run).

_HIGHER, _LOWER, _BETWEEN, _BAND, _NONE = range(5)
_PAIR_CODES = np.array(
    [  # g, q, p, e for each kind, in the order of the names above
        [3, 254, 84, 172],
        [3, 252, 170, 172],
        [6, 252, 42, 172],
        [0, 0, 0, 3],  # a band with a tolerance band: never rated by a pair
        [0, 0, 0, 3],
    ],
    dtype=np.uint8,
)
_UNRATED_OFFSET, _RATED_OFFSET = 256 - 3, 2  # 0 - (256 - 3) is NO_TARGET in the count

_Scalar = tuple[int, float, float, float, float]  # kind, within_low, on_low, on_high, within_high
# Rates a block: readings, statuses as bytes, the same as booleans (see _Work.rater)
_Rater = Callable[["FloatArray", "npt.NDArray[np.uint8]", "npt.NDArray[np.bool_]"], None]
# A small array's bounds (moved for rounding), which are rated, which measures are general
_Small = tuple["FloatArray", "npt.NDArray[np.bool_]", "npt.NDArray[np.bool_]"]
_SmallRated = tuple[
    "FloatArray", "npt.NDArray[np.bool_]", "npt.NDArray[np.bool_]", "_Rounding | None"
]


def _next_up(a: FloatArray) -> FloatArray:
    """``np.nextafter(a, inf)`` for the numbers of ``a`` but inf, by their bit patterns:
    several times faster than numpy's (which goes a float at a time)."""
    with np.errstate(invalid="ignore"):  # a signalling NaN (the bits after inf) warns
        zeroed = a + 0.0  # -0.0 becomes 0.0, whose next float up is the least above zero
    bits = zeroed.view(np.int64)
    return np.where(zeroed >= 0.0, bits + 1, bits - 1).view(np.float64)


@functools.lru_cache(maxsize=16)
def _constant(value: int, size: int) -> npt.NDArray[np.uint8]:
    """A read-only array of ``size`` bytes, each ``value``: numpy's byte passes run as fast
    against an array as against a scalar, and its unsigned minimum several times faster."""
    array = np.full(size, value, dtype=np.uint8)
    array.flags.writeable = False
    return array


class _Bounds:
    """Every measure's bounds as arrays shaped (measures, pattern), with its kind.

    The pattern is what a measure's thresholds are along the readings' axes
    after the measure axis, flattened: one value for scalar thresholds, one a
    period for thresholds given per period. Value ``i`` of a pattern of
    length ``R`` applies to the readings at flat positions ``i, i + R, ...``
    of those axes. ``table`` holds within_low, on_low, on_high and
    within_high, in that order. A measure whose thresholds are not plain
    numbers in order (a Decimal, a NaN bound, a reversed band) is
    ``general``: :func:`rate` rates it, and the blocks rate it as having no
    target, a placeholder.
    """

    def __init__(
        self, table: FloatArray, rated: npt.NDArray[np.bool_], general: npt.NDArray[np.bool_]
    ) -> None:
        ordered = (table[:-1] <= table[1:]).all(axis=0)
        self.general: npt.NDArray[np.bool_] = general | (rated > ordered).any(axis=1)
        higher = (table[2:] == _INF).all(axis=0)  # no upper edges
        lower = (table[:2] == -_INF).all(axis=0)  # no lower edges
        between = (table[0::2] == table[1::2]).all(axis=0)  # tolerance band = target band
        kind = np.where(higher, _HIGHER, np.where(lower, _LOWER, _BAND - between)).astype(np.int8)
        self.none = ~rated
        self.none |= self.general[:, np.newaxis]
        kind[self.none] = _NONE
        self.kind = kind
        self.table = table
        self.pattern = int(kind.shape[-1])
        self._tiles: dict[tuple[int, ...], _Tiles] = {}
        self._plans: dict[tuple[int, ...], list[_Plan]] = {}
        self._small: dict[tuple[int | None, ...], _Small] = {}
        self._kept = 0  # readings of the tiles kept

    @classmethod
    def cached(
        cls, rows: Sequence[tuple[Any, ...]], inner: tuple[int, ...], places: Sequence[int | None]
    ) -> _Bounds:
        """The bounds of each measure's (within_low, on_low, on_high, within_high, rated),
        rounding folded in, made once for each set of values.

        Working out each measure's kind and bounds is a few dozen numpy calls on
        small arrays, which a call on 10^4 readings would spend most of its time
        in; a call with the same thresholds (and roundings, and axes) again, as
        its values, takes them from the last few made. Thresholds with a field
        that is not a plain number or a small numeric array are not kept.
        """
        plain = set(map(type, chain.from_iterable(rows))) <= {float, bool}
        key = (tuple(rows), inner, tuple(places)) if plain else _values_key(rows, inner, places)
        if key is None:
            return cls._made(rows, inner, plain, places)
        return _kept(key, lambda: cls._made(rows, inner, plain, places))

    @classmethod
    def _made(
        cls,
        rows: Sequence[tuple[Any, ...]],
        inner: tuple[int, ...],
        plain: bool,
        places: Sequence[int | None],
    ) -> _Bounds:
        bounds = cls.from_rows(rows, inner, plain)
        bounds.round_edges(places)
        return bounds

    @classmethod
    def from_rows(
        cls, rows: Sequence[tuple[Any, ...]], inner: tuple[int, ...], plain: bool
    ) -> _Bounds:
        """The bounds of each measure's (within_low, on_low, on_high, within_high, rated),
        for readings whose axes after the measure axis are ``inner``; ``plain`` when every
        field is a float (or a bool)."""
        if plain:  # the common case, in one go
            fields = np.array(rows, dtype=np.float64)
            table = np.ascontiguousarray(fields[:, :4].T).reshape(4, -1, 1)
            rated = fields[:, 4:] != 0
            return cls(table, rated, np.zeros(len(rows), dtype=bool))
        simple = (float, bool)
        arrays = [
            list(row) if all(type(f) in simple for f in row) else [_plain(f) for f in row]
            for row in rows
        ]
        shapes = [
            () if all(type(f) in simple for f in fields) else _shape_over(fields, inner)
            for fields in arrays
        ]
        # One pattern for all measures: the trailing axes of ``inner`` from the first
        # along which any measure's thresholds change.
        common = np.broadcast_shapes(*{s for s in shapes if s})
        first = next((i for i, n in enumerate(common) if n != 1), len(common))
        pattern = inner[len(inner) - len(common) + first :]
        table = np.full((4, len(rows), math.prod(pattern)), np.nan)
        rated = np.zeros(table.shape[1:], dtype=bool)
        general = np.array([s is None for s in shapes], dtype=bool)
        scalars = [m for m, s in enumerate(shapes) if s == ()]
        if scalars:  # measures with one value a field, in one go
            values = np.array([[float(f) for f in arrays[m]] for m in scalars])  # type: ignore[arg-type]
            table[:, scalars] = values.T[:4, :, np.newaxis]
            rated[scalars] = values[:, 4:] != 0
        for m, given in enumerate(arrays):
            if shapes[m]:
                for i in range(4):
                    table[i, m] = _spread(given[i], pattern)
                rated[m] = _spread(given[4], pattern)
        return cls(table, rated, general)

    def small(self, laid: FloatArray, places: Sequence[int | None]) -> _SmallRated:
        """For a small array, these bounds laid out to broadcast (``laid``, from
        :func:`_laid_over`) with the rounded measures' moved (:func:`_small_edges`), which
        are rated, which measures are general, and the rounding the readings still need;
        kept for the next call with the same places once nothing is left to round."""
        key = tuple(places)
        found = self._small.get(key)
        if found is not None:
            return (*found, None)
        rated = ~self.none.reshape(laid.shape[1:])
        edges, unrounded = _small_edges(laid, places)
        unordered = rated & ~_ordered(laid, edges)
        general = self.general | unordered.reshape(len(places), -1).any(axis=1)
        if unrounded is None and len(self._small) < 8:
            self._small[key] = (edges, rated, general)
        return edges, rated, general, unrounded

    def round_edges(self, places: Sequence[int | None]) -> None:
        """Fold each measure's rounding into its bounds, so that its readings are compared
        as they are: see :func:`_rounding_edge`."""
        self.table = _rounded_table(self.table, places)

    def scalar(self, m: int) -> _Scalar:
        """Measure ``m``'s kind and bounds, for a measure with one value a bound."""
        return self._scalars[m]

    @functools.cached_property
    def _scalars(self) -> list[_Scalar]:
        kinds = self.kind[:, 0].tolist()
        low, on_low, on_high, high = self.table[:, :, 0].tolist()
        return list(zip(kinds, low, on_low, on_high, high, strict=True))

    @functools.cached_property
    def pairs(self) -> tuple[FloatArray, npt.NDArray[np.uint8]]:
        """Two edges and four byte codes a bound, for rating by pairs: arrays shaped
        (2, measures, pattern) and (4, measures, pattern)."""
        low, on_low, on_high, high = self.table
        kind = self.kind
        edges = np.empty((2, *low.shape))
        # t1: the tolerance, or the band's low (the same as its tolerance's), or for lower
        # is better the float after the target (none after inf: never).
        lower = kind == _LOWER
        after = _next_up(on_high)
        after[on_high == _INF] = np.nan
        np.copyto(edges[0], np.where(lower, after, low))
        # t2: the float before the target for higher is better (none before -inf),
        # else the tolerance's high, or the band's high (the same).
        before = -_next_up(-on_low)
        before[on_low == -_INF] = np.nan
        np.copyto(edges[1], np.where(kind == _HIGHER, before, high))
        edges[:, self.none] = np.nan
        codes = np.take(_PAIR_CODES.T, kind, axis=1)  # (4, measures, pattern)
        return edges, codes

    @functools.cached_property
    def edges(self) -> tuple[FloatArray, npt.NDArray[np.uint8]]:
        """Four edges and one byte offset a bound, for rating by counting edges: arrays
        shaped (4, measures, pattern) and (1, measures, pattern)."""
        edges = np.where(self.none, np.nan, self.table[[0, 3, 1, 2]])
        offset = np.where(self.none, np.uint8(_UNRATED_OFFSET), np.uint8(_RATED_OFFSET))
        return edges, offset[np.newaxis]

    def plans(self, rows: int, measures: int, inner: int) -> list[_Plan]:
        """:func:`_plans` for readings seen as (rows, measures, inner), kept for the next
        call with the same shape (a call at 10^6 readings is a few dozen blocks, and
        working out their stretches again is a few per cent of it)."""
        key = (rows, measures, inner, CHUNK)
        found = self._plans.get(key)
        if found is None:
            found = list(_plans(self, rows, measures, inner))
            kept = {id(tiles) for tiles in self._tiles.values()}  # tiles too large are not
            if len(self._plans) < 8 and all(
                isinstance(how, tuple) or id(how) in kept for how, *_ in found
            ):
                self._plans[key] = found
        return found

    def tiles(self, measures: slice, first: int, last: int, rows: int) -> _Tiles:
        """The tiles of readings ``first:last`` along the inner axes of ``measures``, laid
        out for ``rows`` whole rows when there are more than one (small ones kept)."""
        key = (measures.start, measures.stop, first, last, rows)
        found = self._tiles.get(key)
        if found is None:
            found = self._lay_tiles(measures, first, last, rows)
            size = (measures.stop - measures.start) * (last - first) * rows
            if self._kept + size <= _KEPT_TILES:  # small enough to stay in a core's cache
                self._tiles[key] = found
                self._kept += size
        return found

    def _lay_tiles(self, measures: slice, first: int, last: int, rows: int) -> _Tiles:
        kind = self.kind[measures]
        if self.none[measures].all():
            return _Tiles(None, None)
        edges, codes = self.edges if (kind == _BAND).any() else self.pairs
        if self.pattern == 1:
            each = last - first
            laid = [
                a[:, measures, 0] if each == 1 else np.repeat(a[:, measures, 0], each, axis=1)
                for a in (edges, codes)
            ]
        elif first % self.pattern + last - first <= self.pattern:  # within one pattern
            start = first % self.pattern
            part = slice(start, start + last - first)
            laid = [a[:, measures, part].reshape(len(a), -1) for a in (edges, codes)]
        else:
            picked = np.arange(first, last) % self.pattern
            laid = [a[:, measures][:, :, picked].reshape(len(a), -1) for a in (edges, codes)]
        if rows > 1:
            laid = [np.broadcast_to(a[:, np.newaxis], (len(a), rows, a.shape[1])) for a in laid]
            laid = [a.reshape(a.shape[0], -1) for a in laid]
        else:
            laid = [np.ascontiguousarray(a) for a in laid]
        return _Tiles(laid[0], laid[1])


_EXACT = Context(prec=400)  # enough digits for any float's decimal form, and more


def _round_one(x: float, places: int) -> float:
    """:func:`round_half_away` of one float."""
    if not math.isfinite(x) or abs(x) >= 2.0**53:
        return x
    quantum = _quantum(places)
    return float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP, context=_EXACT))


@functools.lru_cache(maxsize=64)
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _rounding_edge(t: float, places: int, upward: bool) -> float:
    """The bound that compares a reading as its rounding compares with ``t``.

    Rounding half away from zero on the decimal as written never puts a
    greater reading below a smaller one, so the readings whose rounding is
    at least ``t`` are those at or above one float, the first of them
    (``upward``), and the readings whose rounding is at most ``t`` are
    those at or below another, the last of them. Comparing readings with
    that float is comparing their roundings with ``t``, exactly, with no
    reading rounded.

    ```pycon
    >>> _rounding_edge(90.0, 0, upward=True), _rounding_edge(1.01, 2, upward=True)
    (89.5, 1.005)
    >>> _rounding_edge(-1.0, 2, upward=False)  # -0.995 rounds to -1.00; anything above, not
    -0.995

    ```
    """
    if upward:
        return _first_rounding_to(t, places)
    if math.isnan(t) or math.isinf(t):
        return t
    # The last reading rounding to t or less is the one before the first rounding above t.
    return math.nextafter(_first_rounding_to(math.nextafter(t, math.inf), places), -math.inf)


def _rounding_edges(values: FloatArray, places: int, upward: bool) -> FloatArray:
    """:func:`_rounding_edge` of each of ``values``, the usual answers found and checked
    for all of them at once, the rest one by one.

    ```pycon
    >>> _rounding_edges(np.array([90.0, 1.01, np.inf]), 2, upward=True).tolist()
    [89.995, 1.005, inf]

    ```
    """
    if not upward:  # the float before the first rounding above each value
        firsts = _rounding_edges(_next_up(values), places, upward=True)
        edges = -_next_up(-firsts)
        plain = ~np.isfinite(values)
        edges[plain] = values[plain]
        return edges
    edges = values.copy()
    finite = np.isfinite(values)
    if not finite.any():
        return edges
    t = values[finite]
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = t * 10.0**places
        whole = np.rint(scaled)
        steps = np.where(
            np.abs(scaled - whole) <= 1e-9 * np.maximum(1.0, whole), whole, np.ceil(scaled)
        )
        # The half-way point below the step, as the float nearest that decimal (exact
        # operands: a whole number below 2**53 over a power of ten that a float holds).
        guess = (2.0 * steps - 1.0) / (2.0 * 10.0**places)
        before, after = -_next_up(-guess), _next_up(guess)
        reach = round_half_away(np.concatenate([before, guess, after]), places) >= np.tile(t, 3)
    reach_before, reach_guess, reach_after = reach.reshape(3, -1)
    found = np.where(
        reach_guess & ~reach_before, guess, np.where(reach_after & ~reach_guess, after, np.nan)
    )
    usable = (np.abs(scaled) < 2.0**52) & (places <= 22)
    found[~usable] = np.nan
    for i in np.flatnonzero(np.isnan(found)).tolist():  # the rest, searched one by one
        found[i] = _first_rounding_to(float(t[i]), places)
    edges[finite] = found
    return edges


@functools.lru_cache(maxsize=4096)
def _first_rounding_to(t: float, places: int) -> float:
    """The least float whose rounding to ``places`` is ``t`` or more (inf if none)."""
    if math.isnan(t) or math.isinf(t):
        return t

    def reaches(x: float) -> bool:
        return _round_one(x, places) >= t

    # The usual answer: the half-way point below the first multiple of the quantum at or
    # above t (written as a short decimal, it reads back as itself), or the float after it.
    quantum = _quantum(places)
    steps = _EXACT.divide(Decimal(t), quantum).to_integral_value(ROUND_CEILING, _EXACT)
    grid = _EXACT.multiply(steps, quantum)
    guess = float(_EXACT.subtract(grid, _EXACT.divide(quantum, 2)))
    for x in (guess, math.nextafter(guess, math.inf)):
        if reaches(x) and not reaches(math.nextafter(x, -math.inf)):
            return x
    # Otherwise search the floats in order, by their bit patterns.
    low, high = _ordinal(guess), _ordinal(guess)
    step = 1
    while reaches(_from_ordinal(low)):
        low = max(low - step, _ordinal(-math.inf))
        step *= 2
    step = 1
    while not reaches(_from_ordinal(high)):
        high = min(high + step, _ordinal(math.inf))
        step *= 2
    while high - low > 1:
        middle = (low + high) // 2
        if reaches(_from_ordinal(middle)):
            high = middle
        else:
            low = middle
    return _from_ordinal(high)


def _ordinal(x: float) -> int:
    """A float's place among all floats in order (-0.0 and 0.0 share 0)."""
    bits = int(np.float64(x).view(np.int64))
    return bits if bits >= 0 else -(bits & 0x7FFF_FFFF_FFFF_FFFF)


def _from_ordinal(ordinal: int) -> float:
    bits = ordinal if ordinal >= 0 else (-ordinal) | (1 << 63)
    return float(np.uint64(bits).view(np.float64))


_BOUNDS_MADE: dict[Hashable, Any] = {}
_K = TypeVar("_K")
_T = TypeVar("_T", bound=np.generic)
_BOUNDS_KEPT = 16
_BOUNDS_LOCK = threading.Lock()


class _Rounding:
    """The measures of a call that say ``rounded to N dp``: which (``measures``, in order),
    those rounded to each number of places (``by_places``), and the same as positions
    among the rounded measures (``among``)."""

    def __init__(self, places: tuple[int | None, ...]) -> None:
        rounded = [(m, digits) for m, digits in enumerate(places) if digits is not None]
        groups: dict[int, list[int]] = {}
        for i, (_, digits) in enumerate(rounded):
            groups.setdefault(digits, []).append(i)
        self.measures = _read_only(np.array([m for m, _ in rounded], dtype=np.intp))
        self.places = tuple(digits for _, digits in rounded)
        self.among = {d: _read_only(np.array(i, dtype=np.intp)) for d, i in groups.items()}
        self.by_places = {d: _read_only(self.measures[i]) for d, i in self.among.items()}


def _read_only(array: npt.NDArray[_T]) -> npt.NDArray[_T]:
    array.flags.writeable = False  # shared by every call that rounds the same measures
    return array


def _rounding(places: Sequence[int | None]) -> _Rounding | None:
    """The rounded measures of ``places`` (None when none is), kept for the last few.

    The last list asked about is kept as well and compared first: a list of
    thousands of places equals the last one item by item (by identity, for
    Python's small ints and None) faster than a tuple of it is hashed.
    """
    global _LAST_ROUNDING  # one assignment of a tuple below: safe in threads
    if places.count(None) == len(places):
        return None
    last = _LAST_ROUNDING
    if last is not None and last[0] == places:
        return last[1]
    found = _rounding_of(tuple(places))
    _LAST_ROUNDING = (list(places), found)
    return found


_LAST_ROUNDING: tuple[list[int | None], _Rounding] | None = None


@functools.lru_cache(maxsize=_BOUNDS_KEPT)
def _rounding_of(places: tuple[int | None, ...]) -> _Rounding:
    return _Rounding(places)


def _moved(part: FloatArray, among: dict[int, npt.NDArray[np.intp]]) -> FloatArray:
    """Bounds shaped (4, measures, ...), every measure rounded (to the places ``among``
    gives it), moved to their rounding edges (:func:`_rounding_edge`)."""
    part = part.copy()
    for digits, measures in among.items():
        if 4 * len(measures) * math.prod(part.shape[2:]) <= _FEW_MOVED:  # one by one
            part[:2, measures] = _each_edge(part[:2, measures], digits, upward=True)
            part[2:, measures] = _each_edge(part[2:, measures], digits, upward=False)
            continue
        # Each distinct bound once, for all the measures rounding to these places: the
        # lower bounds (where a rounding at least reaches them) and the upper ones (the
        # float before the first rounding above them) in one search.
        lows, at_low = np.unique(part[:2, measures], return_inverse=True)
        highs, at_high = np.unique(part[2:, measures], return_inverse=True)
        found = _rounding_edges(np.concatenate([lows, _next_up(highs)]), digits, True)
        high_edges = -_next_up(-found[len(lows) :])
        plain = ~np.isfinite(highs)
        high_edges[plain] = highs[plain]
        shape = (2, len(measures), *part.shape[2:])
        part[:2, measures] = found[: len(lows)][at_low].reshape(shape)
        part[2:, measures] = high_edges[at_high].reshape(shape)
    return part


def _each_edge(bounds: FloatArray, places: int, upward: bool) -> FloatArray:
    """:func:`_rounding_edge` of each of a few ``bounds``, one by one in Python (a few
    microseconds a distinct bound, where numpy's search for many costs a hundred)."""
    found: dict[float, float] = {}
    edges = [
        found[t] if t in found else found.setdefault(t, _rounding_edge(t, places, upward))
        for t in bounds.ravel().tolist()
    ]
    return np.array(edges, dtype=np.float64).reshape(bounds.shape)


def _rounded_table(table: FloatArray, places: Sequence[int | None]) -> FloatArray:
    """Bounds shaped (4, measures, ...) with each rounded measure's moved to its rounding
    edges (:func:`_moved_kept`); ``table`` itself when no measure is rounded."""
    rounding = _rounding(places)
    if rounding is None:
        return table
    moved = _moved_kept(table[:, rounding.measures], rounding)
    assert moved is not None
    return _with_moved(table, rounding, moved)


def _with_moved(table: FloatArray, rounding: _Rounding, moved: FloatArray) -> FloatArray:
    """A copy of ``table`` with ``rounding``'s measures' bounds as ``moved`` gives them."""
    edges = table.copy()
    edges[:, rounding.measures] = moved
    return edges


def _moved_kept(
    part: FloatArray, rounding: _Rounding, *, once_seen: bool = False
) -> FloatArray | None:
    """The bounds (4, rounded measures, ...) of ``rounding``'s measures moved to their
    rounding edges (:func:`_moved`), kept by their values for the next few calls when
    they are few (as they are: a contract rounds a handful of measures).

    With ``once_seen``, many bounds not met before give None (round the readings
    instead): finding their edges costs a few dozen numpy calls, more than rounding the
    readings of a small array, and is worth it only for bounds that come again, call
    after call. A few are moved at once, one by one (:func:`_each_edge`).
    """
    once_seen = once_seen and part.size > _FEW_MOVED
    if part.size > _KEPT_ARRAY:
        return None if once_seen else _moved(part, rounding.among)
    key = ("rounded", part.shape, part.tobytes(), rounding.places)
    with _BOUNDS_LOCK:
        moved = _BOUNDS_MADE.get(key)
    if moved is None and once_seen:  # a first sight: only remembered
        _keep(key, _SEEN)
        return None
    if moved is None or moved is _SEEN:
        moved = _moved(part, rounding.among)
        _keep(key, moved)
    return moved


def _kept(key: Hashable, make: Callable[[], _K]) -> _K:
    """What is kept under ``key`` (bounds, or bounds moved for rounding), or ``make()``'s,
    kept with the last few made."""
    with _BOUNDS_LOCK:
        found = _BOUNDS_MADE.pop(key, None)
        if found is not None and found is not _SEEN:
            _BOUNDS_MADE[key] = found  # the most recently used goes last
            return found  # type: ignore[no-any-return]
    bounds = make()
    _keep(key, bounds)
    return bounds


def _keep(key: Hashable, value: object) -> None:
    """Keep ``value`` under ``key`` as the most recently used, with the last few."""
    with _BOUNDS_LOCK:
        _BOUNDS_MADE.pop(key, None)
        _BOUNDS_MADE[key] = value
        while len(_BOUNDS_MADE) > _BOUNDS_KEPT:
            del _BOUNDS_MADE[next(iter(_BOUNDS_MADE))]


_SEEN = object()  # kept under a key met once, for work done only when it comes again


_SMALL = 1 << 14  # readings few enough to rate in one broadcast pass (_rate_small)
_SMALL_RUNS = 8  # runs of periods with the same terms that a small array rates one by one
_FEW_MOVED = 32  # bounds few enough to move for rounding one by one, in Python
_PLACES = {int, type(None)}  # types of decimal places taken as they are
_PLAIN = {float, bool, np.float64}  # types of threshold fields that are plain numbers
_KEPT_ARRAY = 1 << 14  # elements of threshold arrays few enough to keep the bounds by value
_KEPT_TERMS = 1 << 17  # bounds of _rate_periods' sets few enough to keep by value
_KEPT_TILES = 1 << 15  # readings of tiles kept with a set of bounds: one tiled block's


def _values_key(
    rows: Sequence[tuple[Any, ...]], inner: tuple[int, ...], places: Sequence[int | None]
) -> Hashable | None:
    """What bounds with array fields depend on, as values; None if that is not cheap."""
    fields: list[Hashable] = []
    elements = 0
    for value in chain.from_iterable(rows):
        kind = type(value)
        if kind is float or kind is bool:
            fields.append(value)
        elif kind is np.ndarray and value.dtype.kind in "fbiu":
            elements += value.size
            if elements > _KEPT_ARRAY:
                return None
            fields.append((value.dtype.str, value.shape, value.tobytes()))
        else:
            return None
    return (tuple(fields), inner, tuple(places))


def _plain(field: Any) -> npt.NDArray[Any] | None:
    """``field`` as an array of numbers numpy compares with floats exactly as floats; else
    None (a Decimal, say, which :func:`rate` compares exactly)."""
    array = field if type(field) is np.ndarray else np.asarray(field)
    if array.dtype.kind in "fb":
        return array
    if array.dtype.kind in "iu" and (array.size == 0 or int(np.abs(array).max()) <= 2**53):
        return array
    return None


def _shape_over(
    arrays: Sequence[npt.NDArray[Any] | None], inner: tuple[int, ...]
) -> tuple[int, ...] | None:
    """The shape the fields broadcast to, if they are arrays that broadcast over ``inner``."""
    shapes = set()
    for array in arrays:
        if array is None:
            return None
        shapes.add(array.shape)
    if len(shapes) == 1:
        (shape,) = shapes
        if shape == inner[len(inner) - len(shape) :] or shape == ():
            return shape
    try:
        shape = np.broadcast_shapes(*shapes)
        fits = len(shape) <= len(inner) and np.broadcast_shapes(shape, inner) == inner
    except ValueError:
        return None
    return shape if fits else None


def _spread(array: Any, pattern: tuple[int, ...]) -> Any:
    """``array`` (which changes only along the trailing axes ``pattern``) flattened over them."""
    if type(array) is not np.ndarray or (array.shape == pattern and len(pattern) <= 1):
        return array  # a number, or already laid out: an assignment broadcasts it
    extra = array.ndim - len(pattern)
    if extra > 0:  # leading axes of length one
        array = array.reshape(array.shape[extra:])
    return np.broadcast_to(array, pattern).reshape(-1)


class _Tiles:
    """A stretch's bounds laid out reading by reading: two edges and four byte codes a
    reading, or four edges and one byte offset (see the notes above :data:`_PAIR_CODES`);
    none at all when no measure of the stretch has a target."""

    def __init__(self, edges: npt.NDArray[Any] | None, codes: npt.NDArray[Any] | None) -> None:
        self.edges = edges
        self.codes = codes
        self._cut: dict[int, tuple[npt.NDArray[Any], ...]] = {}

    def cut(self, n: int) -> tuple[npt.NDArray[Any], ...]:
        """The edges and codes of the first ``n`` readings."""
        found = self._cut.get(n)
        if found is None:
            assert self.edges is not None
            assert self.codes is not None
            found = (*self.edges[:, :n], *self.codes[:, :n])
            self._cut[n] = found
        return found


class _Work:
    """Scratch space for one call: bytes for each block's second comparison, constant
    bytes, and floats and statuses for the blocks that must be copied, made when first
    needed and cut to each length of block once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._arrays: dict[str, npt.NDArray[Any]] = {}
        self._operands: dict[int, tuple[npt.NDArray[Any], ...]] = {}

    def buffer(self, name: str, dtype: type[Any], n: int) -> Any:
        """The first ``n`` elements of the buffer ``name``."""
        array = self._arrays.get(name)
        if array is None:
            array = self._arrays[name] = np.empty(self.size, dtype=dtype)
        return array[:n]

    def operands(self, n: int) -> tuple[npt.NDArray[Any], ...]:
        """For a block of ``n`` readings: the scratch bytes (and as booleans), and bytes of
        1, 2, 3 and 4."""
        found = self._operands.get(n)
        if found is None:
            scratch = self.buffer("scratch", np.uint8, n)
            constants = [_constant(c, self.size)[:n] for c in (1, 2, 3, 4)]
            found = (scratch, scratch.view(np.bool_), *constants)
            self._operands[n] = found
        return found

    def rate(
        self,
        how: _Tiles | _Scalar,
        x: FloatArray,
        codes: npt.NDArray[np.uint8],
        first: npt.NDArray[np.bool_],
    ) -> None:
        """Rate the contiguous float64 readings ``x`` into the statuses ``codes`` (as bytes,
        and as booleans for the first comparison)."""
        self.rater(how, x.size)(x, codes, first)

    def rater(self, how: _Tiles | _Scalar, n: int) -> _Rater:
        """What :meth:`rate` does to a block of ``n`` readings, as a function of the block
        alone: scratch space and tiles are looked up once for the dozens of blocks of a
        call, not once a block."""
        scratch, flag, one, two, three, four = self.operands(n)
        if isinstance(how, tuple):
            return functools.partial(_rate_run, how, scratch, flag, one, two, three, four)
        if how.edges is None:
            return _rate_none
        if len(how.edges) == 2:
            t1, t2, g, q, p, e = how.cut(n)
            return functools.partial(_rate_pairs, scratch, flag, t1, t2, g, q, p, e)
        low, high, on_low, on_high, offset = how.cut(n)
        return functools.partial(
            _rate_edges, scratch, flag, low, high, on_low, on_high, offset, four
        )

    def rate_copied(
        self, how: _Tiles | _Scalar, x: npt.NDArray[Any], out: npt.NDArray[np.int8]
    ) -> None:
        """Rate a block (rows, measures, inner) of any readings into the same block of
        ``out``: the readings copied as float64 when they are not contiguous float64,
        and the statuses copied out when that block of ``out`` is not contiguous."""
        n = x.size
        if x.dtype == np.float64 and x.flags.c_contiguous and x.flags.aligned:
            values: FloatArray = x.reshape(-1)
        else:
            values = self.buffer("floats", np.float64, n)
            np.copyto(values.reshape(x.shape), x, casting="unsafe")
        direct = out.flags.c_contiguous
        statuses = out.reshape(-1) if direct else self.buffer("statuses", np.int8, n)
        self.rate(how, values, statuses.view(np.uint8), statuses.view(np.bool_))
        if not direct:
            np.copyto(out, statuses.reshape(out.shape))


def _rate_bounds(
    x: npt.NDArray[Any], axis: int, out: npt.NDArray[np.int8], bounds: _Bounds
) -> bool:
    """Rate ``x`` into ``out`` block by block, every measure but the general ones; False
    when its axes cannot be seen so (then every measure is to be rated the general way).

    The readings are seen as (rows, measures, inner): the axes before the
    measure axis merged into rows, those after it into one inner axis. A
    block is a few whole rows when a row is short, else a stretch of a row:
    some measures' whole runs of readings, or part of one measure's run; a
    stretch's tiles are made once, for every row. Readings that are float64
    and contiguous are rated where they lie (and so are statuses); others
    are copied a block at a time.
    """
    x3, out3 = _three_axes(x, axis), _three_axes(out, axis)
    if x3 is None or out3 is None:  # axes that no view can merge: measure by measure
        return False
    rows, measures, inner = x3.shape
    row = measures * inner
    work = _Work(min(max(1, CHUNK), x.size))
    in_place = (
        x3.dtype == np.float64
        and x3.flags.c_contiguous
        and x3.flags.aligned
        and out3.flags.c_contiguous
    )
    if in_place:
        x_flat, out_flat = x3.reshape(-1), out3.reshape(-1)
        codes, first = out_flat.view(np.uint8), out_flat.view(np.bool_)
    with np.errstate(invalid="ignore", over="ignore"):
        for how, m, i, step in bounds.plans(rows, measures, inner):
            if in_place:
                length = (m.stop - m.start) * (i.stop - i.start)  # readings a row
                offset = m.start * inner + i.start
                size = min(step, rows) * length
                rate_block = work.rater(how, size)
                for r in range(0, rows, step):
                    start = r * row + offset
                    stop = start + min(step, rows - r) * length
                    if stop - start != size:  # the last block, shorter
                        rate_block, size = work.rater(how, stop - start), stop - start
                    rate_block(x_flat[start:stop], codes[start:stop], first[start:stop])
            else:
                for r in range(0, rows, step):
                    part = (slice(r, r + step), m, i)
                    work.rate_copied(how, x3[part], out3[part])
    return True


_Plan = tuple["_Tiles | _Scalar", slice, slice, int]  # how, measures, inner range, rows a block


def _plans(bounds: _Bounds, rows: int, measures: int, inner: int) -> Iterator[_Plan]:
    """How to rate each stretch of a row: (how, measures, inner range, rows a block).

    A block is at most :data:`CHUNK` readings of one measure with scalar
    bounds, or a sixth of that for blocks with tiles, which take cache space
    too (and are cheaper to lay out the smaller they are), so that a block
    with its tiles and statuses takes 650 to 950 KB (two edges a reading, or
    four where a band has a tolerance band) and stays in a core's
    second-level cache beside what else runs there. A measure's run of
    readings longer than a tiled block is rated on its own, without tiles.
    """
    runs, tiled = max(1, CHUNK), max(1, CHUNK // 6)
    row = measures * inner
    single = bounds.pattern == 1
    limit = runs if single and measures == 1 else tiled
    if row <= limit:
        step = max(1, min(rows, limit // row))
        every, whole = slice(0, measures), slice(0, inner)
        how = bounds.scalar(0) if limit == runs else bounds.tiles(every, 0, inner, step)
        yield how, every, whole, step
        return
    if inner <= tiled:
        each = tiled // inner
        for start in range(0, measures, each):
            part = slice(start, min(measures, start + each))
            yield _how(bounds, part, 0, inner), part, slice(0, inner), 1
        return
    size = runs if single else tiled
    parts = -(-inner // size)
    length = -(-inner // parts)
    for m in range(measures):
        for start in range(0, inner, length):
            part, stop = slice(m, m + 1), min(inner, start + length)
            yield _how(bounds, part, start, stop), part, slice(start, stop), 1


def _how(bounds: _Bounds, measures: slice, first: int, last: int) -> _Tiles | _Scalar:
    """A stretch's scalar bounds (one measure, one bound a field) or its tiles."""
    if measures.stop - measures.start == 1 and bounds.pattern == 1:
        return bounds.scalar(measures.start)
    return bounds.tiles(measures, first, last, 1)


def _three_axes(a: npt.NDArray[Any], axis: int) -> npt.NDArray[Any] | None:
    """``a`` as a view shaped (rows, measures, inner), or None when its strides do not
    allow one (a transposed array of four axes, say)."""
    shape = (math.prod(a.shape[:axis]), a.shape[axis], math.prod(a.shape[axis + 1 :]))
    if a.flags.c_contiguous:
        return a.reshape(shape)
    strides = []
    for axes in (range(axis), range(axis, axis + 1), range(axis + 1, a.ndim)):
        kept = [(a.shape[i], a.strides[i]) for i in axes if a.shape[i] != 1]
        if any(step != n * inner_step for (_, step), (n, inner_step) in pairwise(kept)):
            return None
        strides.append(kept[-1][1] if kept else a.itemsize)
    return as_strided(a, shape, strides)


def _rate_pairs(
    scratch: npt.NDArray[np.uint8],
    flag: npt.NDArray[np.bool_],
    t1: FloatArray,
    t2: FloatArray,
    g: npt.NDArray[np.uint8],
    q: npt.NDArray[np.uint8],
    p: npt.NDArray[np.uint8],
    e: npt.NDArray[np.uint8],
    x: FloatArray,
    codes: npt.NDArray[np.uint8],
    first: npt.NDArray[np.bool_],
) -> None:
    """Two comparisons a reading and five byte passes: (r1 + p) * (g * r2 + q) + e.

    Here and in :func:`_rate_edges` and :func:`_rate_run` the block's readings and
    statuses come last, after what every block of a stretch shares (see
    :meth:`_Work.rater`)."""
    np.greater_equal(x, t1, first)
    np.less_equal(x, t2, flag)
    np.multiply(scratch, g, scratch)
    np.add(scratch, q, scratch)
    np.add(codes, p, codes)
    np.multiply(codes, scratch, codes)
    np.add(codes, e, codes)


def _rate_edges(
    scratch: npt.NDArray[np.uint8],
    flag: npt.NDArray[np.bool_],
    low: FloatArray | float,
    high: FloatArray | float,
    on_low: FloatArray | float,
    on_high: FloatArray | float,
    offset: npt.NDArray[np.uint8] | int,
    four: npt.NDArray[np.uint8] | int,
    x: FloatArray,
    codes: npt.NDArray[np.uint8],
    first: npt.NDArray[np.bool_],
) -> None:
    """Four comparisons a reading: the count of edges it is inside of, less two (``offset``,
    or 253 for a measure with no target, whose NaN edges count none): NaN's 0 - 2 is 254
    as a byte, which the minimum with ``four`` makes NO_DATA. The bounds are arrays laid
    beside the readings, or scalars; ``offset`` and ``four`` bytes, or numbers."""
    np.greater_equal(x, low, first)
    np.less_equal(x, high, flag)
    np.add(codes, scratch, codes)
    np.greater_equal(x, on_low, flag)
    np.add(codes, scratch, codes)
    np.less_equal(x, on_high, flag)
    np.add(codes, scratch, codes)
    np.subtract(codes, offset, codes)
    np.minimum(codes, four, out=codes)


def _rate_run(
    how: _Scalar,
    scratch: npt.NDArray[np.uint8],
    flag: npt.NDArray[np.bool_],
    one: npt.NDArray[np.uint8],
    two: npt.NDArray[np.uint8],
    three: npt.NDArray[np.uint8],
    four: npt.NDArray[np.uint8],
    x: FloatArray,
    codes: npt.NDArray[np.uint8],
    first: npt.NDArray[np.bool_],
) -> None:
    """One measure's readings with scalar bounds: its kind's own comparisons, then byte
    passes that code the status plus one (0 for NaN) and decode it."""
    kind, within_low, on_low, on_high, within_high = how
    if kind in (_HIGHER, _LOWER):
        # a = inside tolerance, b = short of the target: 3a ^ b is 1 outside, 2
        # inside tolerance, 3 on target, 0 for NaN.
        if kind == _HIGHER:
            np.greater_equal(x, within_low, first)
            np.less(x, on_low, flag)
        else:
            np.less_equal(x, within_high, first)
            np.greater(x, on_high, flag)
        np.multiply(codes, three, codes)
        np.bitwise_xor(codes, scratch, codes)
    elif kind == _BETWEEN:
        # a = x >= low, b = x <= high: (a + b) | b is 1 outside, 3 inside, 0 for NaN.
        np.greater_equal(x, on_low, first)
        np.less_equal(x, on_high, flag)
        np.add(codes, scratch, codes)
        np.bitwise_or(codes, scratch, codes)
    elif kind == _BAND:  # the edges it is inside of, less two
        _rate_edges(
            scratch, flag, within_low, within_high, on_low, on_high, two, four, x, codes, first
        )
        return
    else:
        codes.fill(_NO_TARGET)
        return
    np.subtract(codes, one, codes)  # NaN: 0 - 1, which is 255 as a byte,
    np.minimum(codes, four, out=codes)  # and the minimum makes it 4


def _rate_none(x: FloatArray, codes: npt.NDArray[np.uint8], first: npt.NDArray[np.bool_]) -> None:
    """A block of measures none of which has a target in force."""
    codes.fill(_NO_TARGET)


def _rate_general(
    x: npt.NDArray[Any], out: npt.NDArray[np.int8], t: Thresholds, digits: int | None
) -> None:
    """One measure's readings, any thresholds, as :func:`rate` rates them, in slices."""
    if x.ndim == 0:
        value = _floats(x) if digits is None else round_half_away(x, digits)
        _rate_into(out, value, t, np.empty((), dtype=bool))
        return
    rows = max(1, CHUNK // max(1, math.prod(x.shape[1:])))
    for start in range(0, x.shape[0], rows):
        part = slice(start, start + rows)
        value = _floats(x[part]) if digits is None else round_half_away(x[part], digits)
        flag = np.empty(value.shape, dtype=bool)
        _rate_into(out[part], value, _slice(t, part, value.ndim), flag)


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
    fields = (t.on_low, t.on_high, t.within_low, t.within_high)
    scalar = all(np.ndim(f) == 0 for f in fields)
    if scalar and np.ndim(t.rated) == 0 and not t.rated:
        out.fill(_NO_TARGET)
        return
    readings = x
    if any(isinstance(f, Decimal) or np.asarray(f).dtype.kind == "O" for f in fields):
        # A Decimal cannot be ordered against NaN: compare 0 there; NaN is marked below.
        x = np.where(np.isnan(readings), 0.0, readings)
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
    if np.isnan(readings, out=flag).any():
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
    given = _floats(values)
    x = given.reshape(-1)  # a 0-d array too
    places = operator.index(places)  # numpy's integers too
    scale = 10.0**places
    with np.errstate(invalid="ignore", over="ignore"):  # inf and NaN pass through
        y = np.abs(x)
        y *= scale
        rounded = y + 0.5
        np.floor(rounded, out=rounded)
        # |y - rounded| is the distance to the nearest whole number, at most a half.
        # Within a hair of a half (1e-9 of the value, and a little more) a value may
        # sit on a decimal tie that binary arithmetic has nudged, and from 2**52 on
        # the scaled value cannot hold a half at all: those are settled exactly.
        slack = y - rounded
        np.abs(slack, out=slack)
        slack += y * 1e-9
        near = slack >= 0.5 - 1e-9
        near |= y >= 2.0**52  # infinities among them
        rounded /= scale
        result = np.copysign(rounded, x, out=rounded)
        result += 0.0  # -0.0 becomes 0.0
    if near.any():
        exact = np.flatnonzero(near)
        source = x[exact]
        # Beyond 2**53 a float is a whole number already; infinities stay as they are.
        kept = ~np.isfinite(source) | (np.abs(source) >= 2.0**53)
        result[exact[kept]] = source[kept]
        quantum = Decimal(1).scaleb(-places)
        with localcontext() as context:  # enough digits for any float's decimal form
            context.prec = 400
            for i, value in zip(exact[~kept].tolist(), source[~kept].tolist(), strict=True):
                decimal = Decimal(repr(value))
                result[i] = float(decimal.quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0
    return result.reshape(given.shape)


def direction(
    current: npt.ArrayLike,
    previous: npt.ArrayLike,
    polarity: Polarity,
    band: tuple[float, float] | None = None,
    places: int | None = None,
) -> npt.NDArray[np.int8]:
    """Direction of travel from ``previous`` to ``current``: :class:`Direction` codes.

    With a polarity, a change is ``IMPROVED`` or ``DECLINED``; for a band, by
    the distance from the band (inside it counts as distance 0, so moving
    about inside the band is ``UNCHANGED``). Without one, ``UP`` or ``DOWN``.
    A missing reading on either side gives ``NONE``. With ``places`` (a
    measure's ``rounded to N dp``) both readings are compared as they are
    rated and shown, rounded by :func:`round_half_away`: 89.5% then 90% is
    ``UNCHANGED`` at 0 dp, as both read 90%.

    ```pycon
    >>> import numpy as np
    >>> from perfcontract.model import Polarity
    >>> direction([26.0, 27.0, 27.0], [27.0, 26.0, 27.0], Polarity.LOWER_IS_BETTER).tolist()
    [2, 3, 1]
    >>> direction([11.0, 6.0], [12.0, 9.0], Polarity.IN_BAND, band=(5.0, 10.0)).tolist()
    [2, 1]
    >>> direction([90.0, 90.0], [89.5, 89.4], Polarity.HIGHER_IS_BETTER, places=0).tolist()
    [1, 2]

    ```
    """
    now, before = _floats(current), _floats(previous)
    if places is not None:
        now, before = round_half_away(now, places), round_half_away(before, places)
    if polarity is Polarity.IN_BAND:
        if band is None:
            raise ValueError("a band measure's direction needs its band")
        better, worse = _band_distances(now, before, *band)
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


def _directions(
    current: FloatArray,
    previous: FloatArray,
    polarities: Sequence[Polarity],
    band_low: FloatArray,
    band_high: FloatArray,
    places: Sequence[int | None] | None = None,
) -> npt.NDArray[np.int8]:
    """:func:`direction` for many measures of different polarities at once, one reading
    each side a measure (``band_low``, ``band_high``: each band measure's band;
    ``places``: each measure's ``rounded to N dp`` or None, its readings compared
    rounded).

    ```pycon
    >>> import numpy as np
    >>> polarities = [Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.IN_BAND,
    ...               Polarity.NONE]
    >>> low, high = np.full(4, np.nan), np.full(4, np.nan)
    >>> low[2], high[2] = 5.0, 10.0
    >>> _directions(np.array([2.0, 2.0, 11.0, 2.0]), np.array([1.0, 1.0, 12.0, np.nan]),
    ...             polarities, low, high).tolist()
    [2, 3, 2, 0]
    >>> _directions(np.array([90.0, 90.0]), np.array([89.5, 89.5]), polarities[:2],
    ...             low[:2], high[:2], places=[0, None]).tolist()
    [1, 3]

    ```
    """
    now, before = _floats(current), _floats(previous)
    if places is not None:
        now, before = _rounded_each(now, places), _rounded_each(before, places)
    higher = np.array([p is Polarity.HIGHER_IS_BETTER for p in polarities], dtype=bool)
    band = np.array([p is Polarity.IN_BAND for p in polarities], dtype=bool)
    plain = np.array([p is Polarity.NONE for p in polarities], dtype=bool)
    with np.errstate(invalid="ignore"):
        # Less is better unless higher is better (or there is no polarity): turned round, the
        # better reading is the greater, exactly, as negating a float is exact.
        sign = np.where(higher | plain, 1.0, -1.0)
        up, down = sign * now > sign * before, sign * now < sign * before
        if band.any():  # by the distance from the band
            closer, further = _band_distances(now, before, band_low, band_high)
            up, down = np.where(band, closer, up), np.where(band, further, down)
    codes = np.where(
        up,
        np.where(plain, Direction.UP, Direction.IMPROVED),
        np.where(down, np.where(plain, Direction.DOWN, Direction.DECLINED), Direction.UNCHANGED),
    )
    return _missing_to_none(codes, now, before)


def _band_distances(
    now: FloatArray, before: FloatArray, low: Any, high: Any
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Where ``now`` is closer to the band ``low``..``high`` than ``before``, and where it is
    further, exactly: inside the band is distance 0.

    The distances are worked out in floats, which round them; rounding never turns
    a shorter distance into a longer one, but may make two distances equal (1e17
    and the float after it, from a band at -1): those are settled with the exact
    differences of the floats, as fractions.
    """
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf; beyond the floats
        d_now = np.maximum(np.maximum(low - now, now - high), 0.0)
        d_before = np.maximum(np.maximum(low - before, before - high), 0.0)
    closer, further = np.array(d_now < d_before), np.array(d_now > d_before)
    tied = (d_now == d_before) & (d_now > 0.0) & (now != before)
    if tied.any():
        shape = closer.shape
        lows, highs = (np.broadcast_to(b, shape)[tied].tolist() for b in (low, high))
        nows, befores = (np.broadcast_to(r, shape)[tied].tolist() for r in (now, before))
        exact = [
            (_exact_distance(a, lo, hi), _exact_distance(b, lo, hi))
            for a, b, lo, hi in zip(nows, befores, lows, highs, strict=True)
        ]
        closer[tied] = [d_a < d_b for d_a, d_b in exact]
        further[tied] = [d_a > d_b for d_a, d_b in exact]
    return closer, further


def _exact_distance(x: float, low: float, high: float) -> Fraction | float:
    """The distance of ``x`` from the band ``low``..``high`` (0 inside it), exactly (an
    infinite one as inf)."""
    if math.isinf(x):
        return _INF  # the tie is between two finite bounds' distances, both infinite
    value = Fraction(x)
    return max(Fraction(low) - value, value - Fraction(high), Fraction(0))


def _rounded_each(values: FloatArray, places: Sequence[int | None]) -> FloatArray:
    """Each measure's reading rounded to its own places (None: as it is), by
    :func:`round_half_away`, one pass for each number of places."""
    if len(places) != len(values):
        raise ValueError(f"{len(places)} roundings for {len(values)} measures")
    if all(p is None for p in places):
        return values
    rounded = np.array(values, dtype=np.float64)
    wanted = np.array([-1 if p is None else p for p in places])
    for p in {p for p in places if p is not None}:
        rows = wanted == p
        rounded[rows] = round_half_away(rounded[rows], p)
    return rounded


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


def _cuts_among_infinities(ordered: FloatArray, shares: Sequence[float]) -> FloatArray:
    """The cut points of numpy's linear interpolation where it gives NaN, between an
    infinity and another value: the limit of the interpolation (an infinity where one
    side is infinite, and the lower side between -inf and inf)."""
    last = len(ordered) - 1
    cuts = []
    for share in shares:
        position = last * share
        below = int(position)
        a, b = float(ordered[below]), float(ordered[min(below + 1, last)])
        part = position - below
        if part == 0.0 or a == b or a == -_INF:
            cuts.append(a)
        elif b == _INF:
            cuts.append(b)
        else:
            cuts.append(a + (b - a) * part)
    return np.array(cuts)


def quartile(values: npt.ArrayLike, polarity: Polarity) -> npt.NDArray[np.str_]:
    """Quartile bands "A" (best) to "D" across authorities; "" where there is none.

    As in the DfE's Local Authority Interactive Tool: the cut points are the
    0, 25, 50, 75 and 100% quantiles of the values present (linear
    interpolation, numpy's default); each interval is closed on the right and
    the first on both sides, so a value on a cut point falls in the lower
    interval. For lower is better the lowest interval is A; for higher is
    better the highest. A missing value, or a measure without a polarity,
    has no band. Ties are no exception: values all equal are all on every
    cut point, so all in the lowest interval (band D when higher is better);
    :func:`rank`, in which tied values share the best rank, shows the tie.

    ```pycon
    >>> from perfcontract.model import Polarity
    >>> quartile([1.0, 2.0, 3.0, 4.0, 5.0], Polarity.HIGHER_IS_BETTER).tolist()
    ['D', 'D', 'C', 'B', 'A']
    >>> quartile([1.0, 2.0, 3.0, 4.0, 5.0], Polarity.LOWER_IS_BETTER).tolist()
    ['A', 'A', 'B', 'C', 'D']
    >>> quartile([7.0, 7.0, 7.0], Polarity.HIGHER_IS_BETTER).tolist()
    ['D', 'D', 'D']

    ```
    """
    x = _floats(values)
    bands = np.full(x.shape, "", dtype="<U1")
    present = ~np.isnan(x)
    if polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER) or not present.any():
        return bands
    with np.errstate(invalid="ignore"):  # inf - inf, in numpy's interpolation
        cuts = np.quantile(x[present], [0.25, 0.5, 0.75])
    if np.isnan(cuts).any():  # infinities among the values: numpy interpolates to NaN
        cuts = _cuts_among_infinities(np.sort(x[present]), (0.25, 0.5, 0.75))
    # side="left": a value equal to a cut point belongs to the interval below it.
    interval = np.searchsorted(cuts, x[present], side="left")
    letters = np.array(["A", "B", "C", "D"])
    order = interval if polarity is Polarity.LOWER_IS_BETTER else 3 - interval
    bands[present] = letters[order]
    return bands
