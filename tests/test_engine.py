"""Tests for perfcontract.engine: statuses, rounding, directions, ranks and quartiles."""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import contextlib
import itertools
import math
import warnings
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract import engine
from perfcontract.engine import Thresholds
from perfcontract.model import Band, Polarity
from perfcontract.status import Direction, Status

OUTSIDE, WITHIN, ON = Status.OUTSIDE_TOLERANCE, Status.WITHIN_TOLERANCE, Status.ON_TARGET
NO_TARGET, NO_DATA = Status.NO_TARGET, Status.NO_DATA
HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
IN_BAND, NO_POLARITY = Polarity.IN_BAND, Polarity.NONE
IMPROVED, DECLINED, UNCHANGED = Direction.IMPROVED, Direction.DECLINED, Direction.UNCHANGED
UP, DOWN, NONE = Direction.UP, Direction.DOWN, Direction.NONE
NAN, INF = math.nan, math.inf

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=150)
# Array properties build big arrays: no deadline, fewer examples.
array_laws = settings(
    database=None,
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def worse_than(value: float, polarity: str) -> float:
    """The next float on the worse side of ``value``: below for "low", above for "high"."""
    return math.nextafter(value, -INF if polarity == "low" else INF)


def status(reading: float, thresholds: Thresholds) -> Status:
    """The engine's status for one reading, as a Status."""
    return Status(int(engine.rate(reading, thresholds)))


def reference(
    x: float, on_low: float, on_high: float, w_low: float, w_high: float, rated: bool
) -> int:
    """SPEC §4.1 written out with if/else, one reading at a time."""
    if not rated:
        return int(NO_TARGET)
    if math.isnan(x):
        return int(NO_DATA)
    if on_low <= x <= on_high:
        return int(ON)
    if w_low <= x <= w_high:
        return int(WITHIN)
    return int(OUTSIDE)


def reference_rate(values: npt.ArrayLike, t: Thresholds) -> npt.NDArray[np.int8]:
    """:func:`reference` for every element, thresholds broadcast against the values."""
    x = np.asarray(values, dtype=np.float64)
    bounds = (t.on_low, t.on_high, t.within_low, t.within_high)
    fields = np.broadcast_arrays(
        x, *(np.asarray(f, dtype=np.float64) for f in bounds), np.asarray(t.rated, dtype=bool)
    )
    flat = [f.ravel().tolist() for f in fields]
    codes = [reference(*row) for row in zip(*flat, strict=True)]
    return np.asarray(codes, dtype=np.int8).reshape(fields[0].shape)


def decimal_round(x: float, places: int) -> float:
    """The spreadsheet's answer: the shortest decimal of ``x`` rounded half away from zero."""
    if math.isnan(x) or math.isinf(x):
        return x
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP))


@contextlib.contextmanager
def patched(module: Any, **values: Any) -> Iterator[None]:
    """``module``'s names set to ``values`` inside this block."""
    saved = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


@contextlib.contextmanager
def chunk_size(readings: int | None) -> Iterator[None]:
    """Rate in blocks of ``readings`` inside this block, however small the array (no
    broadcast pass for small arrays); None leaves the engine as it ships."""
    saved = engine.CHUNK, engine._SMALL
    if readings is not None:
        engine.CHUNK, engine._SMALL = readings, 0
    try:
        yield
    finally:
        engine.CHUNK, engine._SMALL = saved


# ---------------------------------------------------------------------------
# Strategies

FINITE = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def thresholds(draw: st.DrawFn, kind: str | None = None) -> Thresholds:
    """Thresholds of one kind (higher, lower, band, none), with or without a tolerance."""
    kind = kind or draw(st.sampled_from(["higher", "lower", "band", "none"]))
    tolerance = draw(st.booleans())
    if kind == "higher":
        target, tol = sorted(draw(st.lists(FINITE, min_size=2, max_size=2)), reverse=True)
        return Thresholds.higher_is_better(target, tol if tolerance else None)
    if kind == "lower":
        target, tol = sorted(draw(st.lists(FINITE, min_size=2, max_size=2)))
        return Thresholds.lower_is_better(target, tol if tolerance else None)
    if kind == "band":
        tol_low, low, high, tol_high = sorted(draw(st.lists(FINITE, min_size=4, max_size=4)))
        return Thresholds.band(low, high, (tol_low, tol_high) if tolerance else None)
    return Thresholds.no_target()


def edges(t: Thresholds) -> list[float]:
    """The finite thresholds of ``t`` and the floats either side of each."""
    values = [float(f) for f in (t.on_low, t.on_high, t.within_low, t.within_high)]
    finite = [v for v in values if math.isfinite(v)]
    return [e for v in finite for e in (math.nextafter(v, -INF), v, math.nextafter(v, INF))]


@st.composite
def readings_near(draw: st.DrawFn, t: Thresholds, size: int = 30) -> list[float]:
    """Readings that hit the edges of ``t`` often, with some NaN and infinities."""
    near = st.sampled_from(edges(t) or [0.0])
    anything = st.floats(allow_nan=True, allow_infinity=True)
    return draw(st.lists(st.one_of(near, near, FINITE, anything), min_size=0, max_size=size))


def random_scalar_thresholds(rng: np.random.Generator, kind: str) -> Thresholds:
    """One measure's thresholds, drawn from ``rng`` on the 0..100 scale of the readings."""
    a, b, c, d = np.sort(rng.choice(np.arange(0.0, 100.5, 0.5), size=4))
    tolerance = bool(rng.integers(2))
    if kind == "higher":
        return Thresholds.higher_is_better(c, b if tolerance else None)
    if kind == "lower":
        return Thresholds.lower_is_better(b, c if tolerance else None)
    if kind == "band":
        return Thresholds.band(b, c, (a, d) if tolerance else None)
    return Thresholds.no_target()


def random_readings(rng: np.random.Generator, shape: tuple[int, ...]) -> npt.NDArray[np.float64]:
    """Readings on a half-point grid (so that many sit exactly on a threshold), 1% NaN."""
    x = rng.integers(0, 201, size=shape) / 2.0
    x[rng.random(shape) < 0.01] = NAN
    return x


def stacked_for(ts: Sequence[Thresholds], ndim: int) -> Thresholds:
    """Per-measure thresholds (measures on axis 1) as one Thresholds for :func:`engine.rate`.

    Each measure's fields are scalars or arrays over the axes after the
    measure axis; this broadcasts them to the same shape, stacks them along a
    new first axis, and leaves room for the readings' trailing axes.
    """
    names = ("on_low", "on_high", "within_low", "within_high", "rated")
    trailing = np.broadcast_shapes(*(np.shape(getattr(t, name)) for t in ts for name in names))
    pad = (1,) * (ndim - 2 - len(trailing))

    def field(name: str, dtype: Any) -> Any:
        parts = [np.broadcast_to(np.asarray(getattr(t, name), dtype=dtype), trailing) for t in ts]
        return np.stack(parts).reshape(len(ts), *pad, *trailing)

    return Thresholds(
        field("on_low", np.float64),
        field("on_high", np.float64),
        field("within_low", np.float64),
        field("within_high", np.float64),
        field("rated", bool),
    )


# ---------------------------------------------------------------------------
# Contracts built with pc.loads

CONTRACT = """
contract "Engine tests" {
    group "Polarities" {
        measure H1 "Higher is better, with a tolerance" {
            unit percent  higher is better  target 90%  tolerance 80%
        }
        measure H2 "Higher is better, no tolerance" {
            unit percent  higher is better  target 90%
        }
        measure L1 "Lower is better, with a tolerance" {
            unit percent  lower is better  target 22%  tolerance 28%
        }
        measure L2 "Lower is better, no tolerance" {
            unit percent  lower is better  target 22%
        }
        measure B1 "Band with a band tolerance" {
            unit percent  target between 5% and 10%  tolerance between 3% and 12%
        }
        measure B2 "Band, no tolerance" {
            unit percent  target between 5% and 10%
        }
        measure N1 "No target" {
            unit percent  higher is better  no target
        }
    }
    group "Margins" {
        measure M1 "Relative margin, lower is better" {
            unit percent  lower is better  target 22%  tolerance within 5% of target
        }
        measure M2 "Points margin, higher is better" {
            unit percent  higher is better  target 90%  tolerance within 5 points of target
        }
        measure M3 "Points margin on a band" {
            unit percent  target between 5% and 10%  tolerance within 2 points of target
        }
        measure M4 "Relative margin on a negative target" {
            unit number  lower is better  target -5  tolerance within 10% of target
        }
    }
    group "Dated" {
        measure D1 "Target rises from Q3, then is withdrawn" {
            unit percent  higher is better  reporting monthly
            target 90%  tolerance 80%
            target 92% from 2018/19 Q3
            tolerance 85% from 2019-02
            no target from 2019/20
        }
        measure D2 "Target set from a year" {
            unit weeks  lower is better  reporting monthly  no target  target 12 from 2018/19
            tolerance 14 from 2018/19
        }
    }
    group "Rounding" {
        measure R0 "Rounded to whole per cent" {
            unit percent  higher is better  target 90%
            tolerance within 5 points of target  rounded to 0 dp
        }
        measure R2 "Rounded to 2 dp" {
            unit number  higher is better  target 1.01  tolerance 1  rounded to 2 dp
        }
        measure R2L "Rounded to 2 dp, lower is better, negative" {
            unit number  lower is better  target -1.01  tolerance -1  rounded to 2 dp
        }
        volumetric V1 "Context only" {
            unit count
        }
    }
}
"""


LOADED = pc.loads(CONTRACT)


@pytest.fixture
def contract() -> pc.Contract:
    """The contract above (compiled once, at import)."""
    return LOADED


Q4 = "2017/18 Q4"


# ---------------------------------------------------------------------------
# Thresholds


class TestThresholds:
    def test_higher_is_better_with_tolerance(self) -> None:
        """higher_is_better(90, 80): on at or above 90, inside at or above 80."""
        assert Thresholds(90.0, INF, 80.0, INF) == Thresholds.higher_is_better(90, 80)

    def test_higher_is_better_without_tolerance(self) -> None:
        """Without a tolerance the tolerance is the target itself."""
        assert Thresholds(90.0, INF, 90.0, INF) == Thresholds.higher_is_better(90)

    def test_lower_is_better(self) -> None:
        """lower_is_better(22, 28): on at or below 22, inside at or below 28."""
        assert Thresholds(-INF, 22.0, -INF, 28.0) == Thresholds.lower_is_better(22, 28)
        assert Thresholds(-INF, 22.0, -INF, 22.0) == Thresholds.lower_is_better(22)

    def test_band(self) -> None:
        """band(5, 10, (3, 12)): on inside 5..10, inside tolerance inside 3..12."""
        assert Thresholds(5.0, 10.0, 3.0, 12.0) == Thresholds.band(5, 10, (3, 12))
        assert Thresholds(5.0, 10.0, 5.0, 10.0) == Thresholds.band(5, 10)

    def test_no_target_is_unrated(self) -> None:
        """no_target() is unrated, with intervals that take every reading."""
        assert Thresholds(-INF, INF, -INF, INF, rated=False) == Thresholds.no_target()

    def test_fields_are_plain_floats(self) -> None:
        """Integer and Decimal arguments become floats."""
        t = Thresholds.higher_is_better(Decimal("90.5"), 80)
        assert (float, float) == (type(t.on_low), type(t.within_low))

    def test_stack_puts_items_first(self) -> None:
        """stack gives arrays with one element per item, in order."""
        t = Thresholds.stack([Thresholds.lower_is_better(22, 28), Thresholds.band(5, 10)])
        assert [-INF, 5.0] == t.on_low.tolist()
        assert [22.0, 10.0] == t.on_high.tolist()
        assert [True, True] == t.rated.tolist()


class TestForTerms:
    @pytest.mark.parametrize(
        ("polarity", "target", "tolerance", "expected"),
        [
            (HIGHER, Decimal(90), Decimal(80), Thresholds(90.0, INF, 80.0, INF)),
            (HIGHER, Decimal(90), None, Thresholds(90.0, INF, 90.0, INF)),
            (LOWER, Decimal(22), Decimal(28), Thresholds(-INF, 22.0, -INF, 28.0)),
            (LOWER, Decimal(22), None, Thresholds(-INF, 22.0, -INF, 22.0)),
            (LOWER, Decimal("23.1"), None, Thresholds(-INF, 23.1, -INF, 23.1)),
            (
                IN_BAND,
                Band(Decimal(5), Decimal(10)),
                Band(Decimal(3), Decimal(12)),
                Thresholds(5.0, 10.0, 3.0, 12.0),
            ),
            (IN_BAND, Band(Decimal(5), Decimal(10)), None, Thresholds(5.0, 10.0, 5.0, 10.0)),
        ],
    )
    def test_each_polarity(
        self,
        polarity: Polarity,
        target: Decimal | Band,
        tolerance: Decimal | Band | None,
        expected: Thresholds,
    ) -> None:
        """for_terms turns a target and tolerance in force into the polarity's intervals."""
        assert expected == Thresholds.for_terms(polarity, target, tolerance)

    def test_no_target_in_force(self) -> None:
        """A target of None gives the unrated thresholds, whatever the tolerance."""
        assert Thresholds.no_target() == Thresholds.for_terms(HIGHER, None, Decimal(80))

    def test_no_polarity(self) -> None:
        """A measure without a polarity is never rated."""
        assert Thresholds.no_target() == Thresholds.for_terms(NO_POLARITY, Decimal(5), None)


# ---------------------------------------------------------------------------
# Rating: exact boundaries

# (thresholds, [(reading, expected status), ...]) for every polarity, with and without tolerance.
BOUNDARIES = {
    "higher, tolerance": (
        Thresholds.higher_is_better(90, 80),
        [
            (INF, ON),
            (90.0, ON),
            (worse_than(90.0, "low"), WITHIN),
            (80.0, WITHIN),
            (worse_than(80.0, "low"), OUTSIDE),
            (-INF, OUTSIDE),
            (NAN, NO_DATA),
        ],
    ),
    "higher, no tolerance": (
        Thresholds.higher_is_better(90),
        [(90.0, ON), (worse_than(90.0, "low"), OUTSIDE), (NAN, NO_DATA)],
    ),
    "higher, fractional": (
        Thresholds.higher_is_better(0.3, 0.1),
        [
            (0.3, ON),
            (worse_than(0.3, "low"), WITHIN),
            (0.1, WITHIN),
            (worse_than(0.1, "low"), OUTSIDE),
        ],
    ),
    "lower, tolerance": (
        Thresholds.lower_is_better(22, 28),
        [
            (-INF, ON),
            (22.0, ON),
            (worse_than(22.0, "high"), WITHIN),
            (28.0, WITHIN),
            (worse_than(28.0, "high"), OUTSIDE),
            (INF, OUTSIDE),
            (NAN, NO_DATA),
        ],
    ),
    "lower, no tolerance": (
        Thresholds.lower_is_better(22),
        [(22.0, ON), (worse_than(22.0, "high"), OUTSIDE), (NAN, NO_DATA)],
    ),
    "lower, negative": (
        Thresholds.lower_is_better(-5, -4.5),
        [
            (-5.0, ON),
            (worse_than(-5.0, "high"), WITHIN),
            (-4.5, WITHIN),
            (worse_than(-4.5, "high"), OUTSIDE),
        ],
    ),
    "band, tolerance": (
        Thresholds.band(5, 10, (3, 12)),
        [
            (5.0, ON),
            (7.5, ON),
            (10.0, ON),
            (worse_than(5.0, "low"), WITHIN),
            (worse_than(10.0, "high"), WITHIN),
            (3.0, WITHIN),
            (12.0, WITHIN),
            (worse_than(3.0, "low"), OUTSIDE),
            (worse_than(12.0, "high"), OUTSIDE),
            (-INF, OUTSIDE),
            (INF, OUTSIDE),
            (NAN, NO_DATA),
        ],
    ),
    "band, no tolerance": (
        Thresholds.band(5, 10),
        [
            (5.0, ON),
            (10.0, ON),
            (worse_than(5.0, "low"), OUTSIDE),
            (worse_than(10.0, "high"), OUTSIDE),
            (NAN, NO_DATA),
        ],
    ),
    "band, one point": (
        Thresholds.band(7, 7, (7, 8)),
        [(7.0, ON), (worse_than(7.0, "high"), WITHIN), (worse_than(7.0, "low"), OUTSIDE)],
    ),
    "no target": (
        Thresholds.no_target(),
        [(90.0, NO_TARGET), (-INF, NO_TARGET), (INF, NO_TARGET), (NAN, NO_TARGET)],
    ),
}
BOUNDARY_CASES = [
    pytest.param(t, reading, expected, id=f"{name}: {reading!r}")
    for name, (t, cases) in BOUNDARIES.items()
    for reading, expected in cases
]


class TestRateBoundaries:
    @pytest.mark.parametrize(("t", "reading", "expected"), BOUNDARY_CASES)
    def test_scalar(self, t: Thresholds, reading: float, expected: Status) -> None:
        """On the target is on target, on the tolerance inside, a hair worse the next status."""
        assert expected == status(reading, t)

    @pytest.mark.parametrize("name", list(BOUNDARIES))
    def test_array(self, name: str) -> None:
        """The same readings as one array get the same statuses."""
        t, cases = BOUNDARIES[name]
        readings = np.array([reading for reading, _ in cases])
        assert [int(s) for _, s in cases] == engine.rate(readings, t).tolist()

    @pytest.mark.parametrize("chunk", [None, 1, 5, 1 << 16])
    def test_many_measures_in_each_layout(self, chunk: int | None) -> None:
        """Every case above, every measure at once, measures first and as rows: the same."""
        cases = [
            (t, [r for r, _ in rows], [int(s) for _, s in rows]) for t, rows in BOUNDARIES.values()
        ]
        width = max(len(readings) for _, readings, _ in cases)
        x = np.full((len(cases), width), NAN)
        expected = np.full((len(cases), width), int(NO_DATA))
        for m, (t, readings, statuses) in enumerate(cases):
            x[m, : len(readings)] = readings
            expected[m, : len(readings)] = statuses
            if not t.rated:
                expected[m] = int(NO_TARGET)
        ts = [t for t, _, _ in cases]
        with chunk_size(chunk):
            assert expected.tolist() == engine.rate_measures(x, ts, axis=0).tolist()
            assert expected.T.tolist() == engine.rate_measures(x.T.copy(), ts, axis=1).tolist()
            by_period = np.repeat(x[:, :, np.newaxis], 3, axis=2).transpose(1, 0, 2).copy()
            rated = engine.rate_measures(by_period, ts, axis=1)
            assert [expected.T.tolist()] * 3 == np.moveaxis(rated, 2, 0).tolist()

    def test_docstring_example(self) -> None:
        """The module's example: 95, 90, 85, 80, 79.9, NaN against 90/80."""
        t = Thresholds.higher_is_better(target=90, tolerance=80)
        readings = np.array([95.0, 90.0, 85.0, 80.0, 79.9, NAN])
        assert [2, 2, 1, 1, 0, 4] == engine.rate(readings, t).tolist()


class TestRateShapes:
    def test_returns_int8_shaped_like_the_readings(self) -> None:
        """rate returns int8 codes in the readings' shape."""
        result = engine.rate(np.zeros((3, 4)), Thresholds.higher_is_better(1))
        assert (np.dtype(np.int8), (3, 4)) == (result.dtype, result.shape)

    def test_scalar_reading_gives_zero_dimensional_array(self) -> None:
        """A single float gives a 0-d int8 array."""
        result = engine.rate(91.0, Thresholds.higher_is_better(90))
        assert ((), 2) == (result.shape, int(result))

    def test_empty(self) -> None:
        """No readings, no statuses."""
        assert (0, 5) == engine.rate(np.empty((0, 5)), Thresholds.higher_is_better(1)).shape

    def test_accepts_lists_and_integers(self) -> None:
        """Readings may be a list of ints."""
        assert [0, 2] == engine.rate([1, 2], Thresholds.higher_is_better(2)).tolist()

    def test_float32_readings(self) -> None:
        """float32 readings are compared as float64: 0.1f is above the float64 0.1."""
        readings = np.array([0.1, NAN], dtype=np.float32)
        assert [2, 4] == engine.rate(readings, Thresholds.higher_is_better(0.1)).tolist()

    def test_thresholds_broadcast_over_the_readings(self) -> None:
        """Per-measure thresholds broadcast along the last axis."""
        t = Thresholds.stack([Thresholds.lower_is_better(22, 28), Thresholds.band(5, 10, (3, 12))])
        readings = np.array([[22.0, 4.0], [28.0, 2.0], [28.5, NAN]])
        assert [[2, 1], [1, 0], [0, 4]] == engine.rate(readings, t).tolist()

    def test_per_reading_rated_mask(self) -> None:
        """An array ``rated`` makes only its False places NO_TARGET, NaN included."""
        t = Thresholds(90.0, INF, 80.0, INF, rated=np.array([True, False, True, False]))
        readings = np.array([95.0, 95.0, NAN, NAN])
        assert [2, 3, 4, 3] == engine.rate(readings, t).tolist()

    def test_thresholds_may_widen_the_shape(self) -> None:
        """Readings broadcast against larger threshold arrays."""
        t = Thresholds.stack([Thresholds.higher_is_better(1), Thresholds.higher_is_better(3)])
        assert [2, 0] == engine.rate(2.0, t).tolist()

    def test_thresholds_along_the_chunked_axis(self) -> None:
        """Per-reading thresholds longer than a chunk are sliced with the readings."""
        n = engine.CHUNK + 123
        targets = np.arange(n, dtype=np.float64)
        readings = targets.copy()
        readings[1::2] -= 0.5
        t = Thresholds(targets, INF, targets - 1.0, INF)
        expected = np.where(np.arange(n) % 2 == 0, 2, 1)
        assert expected.tolist() == engine.rate(readings, t).tolist()


# ---------------------------------------------------------------------------
# Rating: properties

RANK = {OUTSIDE: 0, WITHIN: 1, ON: 2}


class TestRateMonotonic:
    @laws
    @given(thresholds("higher"), FINITE, FINITE)
    def test_higher_is_better(self, t: Thresholds, a: float, b: float) -> None:
        """Higher is better: a higher reading never gets a worse status."""
        low, high = sorted([a, b])
        assert RANK[status(low, t)] <= RANK[status(high, t)]

    @laws
    @given(thresholds("higher"), st.data())
    def test_higher_is_better_at_the_edges(self, t: Thresholds, data: Any) -> None:
        """Higher is better, readings on and beside the thresholds: monotone."""
        a, b = sorted(data.draw(st.lists(st.sampled_from(edges(t)), min_size=2, max_size=2)))
        assert RANK[status(a, t)] <= RANK[status(b, t)]

    @laws
    @given(thresholds("lower"), st.data())
    def test_lower_is_better(self, t: Thresholds, data: Any) -> None:
        """Lower is better: a lower reading never gets a worse status."""
        pool = st.one_of(FINITE, st.sampled_from(edges(t)))
        a, b = sorted(data.draw(st.lists(pool, min_size=2, max_size=2)))
        assert RANK[status(b, t)] <= RANK[status(a, t)]

    @laws
    @given(thresholds("band"), st.data())
    def test_band_towards_the_band(self, t: Thresholds, data: Any) -> None:
        """Band: moving from a reading towards (or into) the band never worsens its status."""
        pool = st.one_of(FINITE, st.sampled_from(edges(t)))
        start = data.draw(pool)
        low, high = float(t.on_low), float(t.on_high)
        # A point between the start and the nearest point of the band (inclusive).
        nearest = min(max(start, low), high)
        fraction = data.draw(st.floats(0, 1))
        moved = start + fraction * (nearest - start)
        moved = min(max(moved, min(start, nearest)), max(start, nearest))
        assert RANK[status(start, t)] <= RANK[status(moved, t)]

    @laws
    @given(thresholds(), st.floats(allow_nan=True, allow_infinity=True))
    def test_matches_the_reference(self, t: Thresholds, x: float) -> None:
        """Any thresholds and any float: the status SPEC §4.1 gives, written with if/else."""
        assert reference_rate(x, t).item() == int(status(x, t))


def rated_or_refused(measure: pc.Measure, reading: float) -> int | str:
    """The status code Measure.rate gives one reading in Q4, or "refused"."""
    try:
        return int(measure.rate(reading, Q4))
    except pc.ReadingsError:
        return "refused"


class TestRateVectorised:
    @laws
    @given(st.data(), thresholds())
    def test_array_equals_scalar(self, data: Any, t: Thresholds) -> None:
        """engine.rate on an array equals engine.rate on each element."""
        readings = data.draw(readings_near(t))
        one_by_one = [int(engine.rate(x, t)) for x in readings]
        assert one_by_one == engine.rate(np.array(readings, dtype=np.float64), t).tolist()

    @array_laws
    @given(
        st.integers(0, 2**32 - 1),
        st.sampled_from([(70_000,), (300, 3, 80), (engine.CHUNK + 1, 2), (7,), (0, 3), (5, 0)]),
        st.sampled_from(["higher", "lower", "band", "none"]),
    )
    def test_large_arrays_equal_the_reference(
        self, seed: int, shape: tuple[int, ...], kind: str
    ) -> None:
        """Arrays larger than a chunk, any shape: every element as the reference rates it."""
        rng = np.random.default_rng(seed)
        t = random_scalar_thresholds(rng, kind)
        x = random_readings(rng, shape)
        assert reference_rate(x, t).tolist() == engine.rate(x, t).tolist()

    @laws
    @given(st.data(), st.sampled_from(["H1", "H2", "L1", "L2", "B1", "B2", "N1", "M1", "M4"]))
    def test_measure_array_equals_measure_scalar(self, data: Any, measure_id: str) -> None:
        """Measure.rate on an array equals Measure.rate on each element, and refuses the
        array when it refuses an element (an infinity, a percentage above 100)."""
        measure = LOADED[measure_id]
        readings = data.draw(readings_near(measure.thresholds_at(Q4), size=20))
        array = np.array(readings, dtype=np.float64)
        one_by_one = [rated_or_refused(measure, x) for x in readings]
        if "refused" in one_by_one:
            with pytest.raises(pc.ReadingsError):
                measure.rate(array, Q4)
        else:
            assert one_by_one == measure.rate(array, Q4).tolist()

    @laws
    @given(
        st.sampled_from(["R0", "R2", "R2L"]),
        st.lists(st.decimals(-200, 200, places=3, allow_nan=False), max_size=20),
    )
    def test_rounded_measure_array_equals_scalar(
        self, measure_id: str, decimals: list[Decimal]
    ) -> None:
        """A rounding measure rates an array as it rates each reading, floats and strings."""
        measure = LOADED[measure_id]
        if measure.unit.kind is pc.UnitKind.PERCENT:  # a percentage is 0 to 100
            decimals = [abs(d) for d in decimals if abs(d) <= 100]
        floats = [float(str(d)) for d in decimals]
        as_array = measure.rate(np.array(floats, dtype=np.float64), Q4).tolist()
        assert [int(measure.rate(x, Q4)) for x in floats] == as_array
        assert [int(measure.rate(str(d), Q4)) for d in decimals] == as_array


class TestRateMeasures:
    def test_docstring_example(self) -> None:
        """A1 and B8 for three authorities, one thresholds per measure."""
        readings = np.array([[26.0, 76.0], [20.0, 92.0], [NAN, 85.0]])
        per_measure = [Thresholds.lower_is_better(22, 28), Thresholds.higher_is_better(90, 80)]
        assert [[1, 0], [2, 2], [4, 1]] == engine.rate_measures(readings, per_measure).tolist()

    def test_wrong_number_of_thresholds(self) -> None:
        """One thresholds per measure along the axis, or ValueError."""
        with pytest.raises(ValueError, match="1 thresholds for 2 measures along axis 1"):
            engine.rate_measures(np.zeros((3, 2)), [Thresholds.higher_is_better(1)])

    @pytest.mark.parametrize("axis", [0, 1, 2, -1])
    def test_any_axis(self, axis: int) -> None:
        """The measure axis can be any axis; the result matches rating with moved axes."""
        rng = np.random.default_rng(axis + 10)
        x = random_readings(rng, (4, 5, 6))
        kinds = ["higher", "lower", "band", "none"]
        ts = [random_scalar_thresholds(rng, kinds[i % 4]) for i in range(x.shape[axis])]
        moved = np.moveaxis(x, axis, 1)
        expected = np.moveaxis(engine.rate(moved, stacked_for(ts, 3)), 1, axis)
        assert expected.tolist() == engine.rate_measures(x, ts, axis=axis).tolist()

    def test_one_dimensional(self) -> None:
        """One reading per measure: a 1-d array along axis 0 is rated, not left unwritten."""
        ts = [Thresholds.higher_is_better(90, 80), Thresholds.no_target()]
        assert [1, 3] == engine.rate_measures(np.array([85.0, NAN]), ts, axis=0).tolist()
        many = [Thresholds.higher_is_better(90, 80)] * 64
        assert [1] * 64 == engine.rate_measures(np.full(64, 85.0), many, axis=0).tolist()

    @array_laws
    @given(
        st.integers(0, 2**32 - 1),
        st.sampled_from([(70_000, 2), (300, 3, 80), (1, 4), (3, 5, 7), (2, 3, 40_000), (0, 2)]),
    )
    def test_equals_rate_with_stacked_thresholds(self, seed: int, shape: tuple[int, ...]) -> None:
        """rate_measures equals rate with the per-measure thresholds stacked and broadcast."""
        rng = np.random.default_rng(seed)
        kinds = rng.choice(["higher", "lower", "band", "none"], size=shape[1])
        ts = [random_scalar_thresholds(rng, str(kind)) for kind in kinds]
        x = random_readings(rng, shape)
        stacked = stacked_for(ts, x.ndim)
        result = engine.rate_measures(x, ts)
        assert engine.rate(x, stacked).tolist() == result.tolist()
        assert reference_rate(x, stacked).tolist() == result.tolist()

    @array_laws
    @given(
        st.integers(0, 2**32 - 1),
        st.sampled_from([(300, 3, 80), (30_000, 2, 3), (2, 4, 9), (1, 1, 1)]),
    )
    def test_per_period_thresholds(self, seed: int, shape: tuple[int, ...]) -> None:
        """Thresholds that change by period (dated terms) rate each period by its own."""
        rng = np.random.default_rng(seed)
        _, measures, periods = shape
        ts = []
        for _ in range(measures):
            kind = str(rng.choice(["higher", "lower", "band"]))
            per_period = [
                random_scalar_thresholds(rng, kind if rng.random() < 0.8 else "none")
                for _ in range(periods)
            ]
            ts.append(Thresholds.stack(per_period))
        x = random_readings(rng, shape)
        stacked = Thresholds.stack(ts)  # fields (measures, periods)
        result = engine.rate_measures(x, ts)
        assert engine.rate(x, stacked).tolist() == result.tolist()
        assert reference_rate(x, stacked).tolist() == result.tolist()

    def test_per_following_axis_thresholds_along_a_long_axis(self) -> None:
        """axis=0, thresholds over the following axis longer than a chunk: all rated."""
        # rate_measures promises thresholds "arrays over the axes after `axis`";
        # with axis=0 the following axis is the one it slices into chunks.
        n = engine.CHUNK + 10
        targets = np.linspace(0.0, 100.0, n)
        ts = [Thresholds(targets, INF, targets - 5.0, INF)] * 2
        x = np.stack([targets, targets - 1.0])
        expected = [[2] * n, [1] * n]
        assert expected == engine.rate_measures(x, ts, axis=0).tolist()

    def test_memory_mapped_readings(self, tmp_path: Path) -> None:
        """A read-only memory-mapped file is rated as its in-memory copy, into a memmap."""
        rng = np.random.default_rng(7)
        x = random_readings(rng, (engine.CHUNK + 5, 3))
        path = tmp_path / "readings.f8"
        x.tofile(path)
        mapped = np.memmap(path, dtype=np.float64, mode="r", shape=x.shape)
        ts = [
            Thresholds.higher_is_better(60, 40),
            Thresholds.lower_is_better(30),
            Thresholds.band(20, 80, (10, 90)),
        ]
        expected = engine.rate_measures(x, ts).tolist()
        assert expected == engine.rate_measures(mapped, ts).tolist()
        out = np.memmap(tmp_path / "statuses.i1", dtype=np.int8, mode="w+", shape=x.shape)
        engine.rate_measures(mapped, ts, out=out)
        out.flush()
        written = np.fromfile(tmp_path / "statuses.i1", dtype=np.int8).reshape(x.shape)
        assert expected == written.tolist()
        del mapped, out

    def test_float32_readings(self) -> None:
        """float32 readings are rated as float64, chunk by chunk."""
        x = np.full((engine.CHUNK + 3, 1), 0.1, dtype=np.float32)
        result = engine.rate_measures(x, [Thresholds.higher_is_better(0.1)])
        assert {2} == set(result.ravel().tolist())


# ---------------------------------------------------------------------------
# rate_measures, chunk by chunk: the coded passes against the general path

SPECIAL = [NAN, -NAN, INF, -INF, 0.0, -0.0]


@st.composite
def raw_thresholds(draw: st.DrawFn) -> Thresholds:
    """Thresholds built directly: any floats, NaN and reversed bounds included."""
    pool = st.one_of(st.sampled_from([*SPECIAL, 1.0, 2.0]), FINITE)
    on_low, on_high, within_low, within_high = draw(st.lists(pool, min_size=4, max_size=4))
    if draw(st.booleans()):  # one-sided, as the constructors make them
        if draw(st.booleans()):
            on_high = within_high = INF
        else:
            on_low = within_low = -INF
    return Thresholds(on_low, on_high, within_low, within_high, rated=draw(st.booleans()))


@st.composite
def infinite_thresholds(draw: st.DrawFn) -> Thresholds:
    """One-sided and band thresholds on and at infinity."""
    a, b = sorted(
        draw(st.lists(st.sampled_from([-INF, -1.0, 0.0, 1.0, INF]), min_size=2, max_size=2))
    )
    return draw(
        st.sampled_from(
            [
                Thresholds.higher_is_better(b, a),
                Thresholds.lower_is_better(a, b),
                Thresholds.band(a, b),
                Thresholds.band(a, b, (-INF, INF)),
            ]
        )
    )


def per_period(periods: int) -> st.SearchStrategy[Thresholds]:
    """Thresholds that change by period (arrays over the last axis), some periods unrated."""
    return st.lists(
        st.one_of(thresholds(), thresholds("none")), min_size=periods, max_size=periods
    ).map(Thresholds.stack)


def bound_values(ts: Sequence[Thresholds]) -> list[float]:
    """Every threshold value of ``ts`` and the floats either side of it."""
    values = {
        float(v)
        for t in ts
        for f in (t.on_low, t.on_high, t.within_low, t.within_high)
        for v in np.ravel(f)
    }
    return [
        e
        for v in values
        for e in (v, math.nextafter(v, -INF), math.nextafter(v, INF))
        if not math.isnan(e)
    ]


def well_formed(t: Thresholds) -> bool:
    """Whether ``t`` has no NaN bound and its target lies inside its tolerance."""
    fields = [np.asarray(f, dtype=np.float64) for f in (t.within_low, t.on_low, t.on_high)]
    fields.append(np.asarray(t.within_high, dtype=np.float64))
    ordered = (fields[0] <= fields[1]) & (fields[1] <= fields[2]) & (fields[2] <= fields[3])
    return bool(np.all(ordered))


class TestRateMeasuresCoded:
    """rate_measures codes one-sided and band measures in a few byte passes; these
    check it against ``engine.rate`` (the general path) and the if/else reference,
    on readings on and beside every threshold, NaN of either sign, infinities and
    zeros of either sign, with chunks of any size and measures on any axis."""

    @settings(database=None, max_examples=300, deadline=None)
    @given(st.data())
    def test_equals_rate_and_the_reference(self, data: Any) -> None:
        """Any thresholds, any layout, any chunk size: each measure as rate gives it."""
        authorities = data.draw(st.integers(1, 9), label="authorities")
        measures = data.draw(st.integers(1, 6), label="measures")
        periods = data.draw(st.integers(1, 7), label="periods")
        kinds = st.one_of(
            thresholds(), thresholds(), raw_thresholds(), infinite_thresholds(), per_period(periods)
        )
        ts = data.draw(st.lists(kinds, min_size=measures, max_size=measures), label="thresholds")
        pool = st.sampled_from([*SPECIAL, *bound_values(ts)]) | st.floats()
        n = authorities * measures * periods
        flat = data.draw(st.lists(pool, min_size=n, max_size=n), label="readings")
        # (authorities, measures, periods) and the same readings in other layouts
        x = np.array(flat, dtype=np.float64).reshape(authorities, measures, periods)
        axis = data.draw(st.sampled_from([0, 1, 2]), label="axis")
        laid_out = {
            0: np.ascontiguousarray(np.moveaxis(x, 1, 0)),
            1: x,
            2: np.ascontiguousarray(np.swapaxes(x, 1, 2)),
        }[axis]
        if axis == 2:  # periods along axis 1: thresholds over periods no longer apply
            ts = [t if np.ndim(t.on_low) == 0 else Thresholds.no_target() for t in ts]
        places = data.draw(
            st.lists(st.sampled_from([None, None, 0, 1]), min_size=measures, max_size=measures),
            label="rounding",
        )
        chunk = data.draw(st.none() | st.integers(1, 2 * n), label="chunk")
        by_measure = np.moveaxis(laid_out, axis, 0)
        with chunk_size(chunk):
            for _ in range(3):  # terms met first, then again (bounds moved), then kept
                result = engine.rate_measures(laid_out, ts, axis=axis, rounding=places)
                for m, t in enumerate(ts):
                    values = by_measure[m]
                    if places[m] is not None:
                        values = engine.round_half_away(values, places[m])
                    expected = engine.rate(values, t)
                    assert expected.tolist() == np.moveaxis(result, axis, 0)[m].tolist()
                    if well_formed(t):  # what a reversed or NaN bound gives is not specified
                        assert reference_rate(values, t).tolist() == expected.tolist()

    @settings(database=None, max_examples=60, deadline=None)
    @given(
        st.lists(thresholds(), min_size=1, max_size=4),
        st.integers(1, 40),
        st.sampled_from([np.float32, np.int64]),
        st.integers(0, 2**32 - 1),
    )
    def test_other_dtypes_and_rounding(
        self, ts: list[Thresholds], chunk: int, dtype: Any, seed: int
    ) -> None:
        """float32 and integer readings, and rounded measures, chunk by chunk."""
        rng = np.random.default_rng(seed)
        x = (rng.integers(-5, 205, size=(7, len(ts), 3)) / 2).astype(dtype)
        rounding = [int(d) if d >= 0 else None for d in rng.integers(-1, 2, size=len(ts))]
        with chunk_size(chunk):
            result = engine.rate_measures(x, ts, rounding=rounding)
        for m, t in enumerate(ts):
            values = x[:, m].astype(np.float64)
            if rounding[m] is not None:
                values = engine.round_half_away(values, rounding[m])
            assert engine.rate(values, t).tolist() == result[:, m].tolist()

    def test_into_a_strided_out(self) -> None:
        """``out`` may be any int8 array of the right shape, a view with gaps included."""
        rng = np.random.default_rng(3)
        x = random_readings(rng, (5, 3, 70))
        ts = [
            Thresholds.higher_is_better(60, 40),
            Thresholds.lower_is_better(30),
            Thresholds.band(20, 80),
        ]
        out = np.zeros((5, 3, 140), dtype=np.int8)[:, :, ::2]
        engine.rate_measures(x, ts, out=out)
        assert engine.rate_measures(x, ts).tolist() == out.tolist()


# ---------------------------------------------------------------------------
# rate_measures: layouts, dtypes and outputs


def measure_by_measure(
    x: npt.NDArray[Any], ts: Sequence[Thresholds], axis: int, rounding: Sequence[int | None]
) -> list[Any]:
    """Each measure's slice rated by ``engine.rate`` (rounded first if it says so)."""
    by_measure = np.moveaxis(np.asarray(x, dtype=np.float64), axis, 0)
    rated = []
    for m, t in enumerate(ts):
        values = by_measure[m]
        if rounding[m] is not None:
            values = engine.round_half_away(values, rounding[m])
        rated.append(engine.rate(values, t))
    stacked = np.stack(rated) if rated else np.empty((0, *by_measure.shape[1:]), dtype=np.int8)
    return np.moveaxis(stacked, 0, axis).tolist()  # type: ignore[no-any-return]


MIXED = [
    Thresholds.higher_is_better(60, 40),
    Thresholds.lower_is_better(30, 45),
    Thresholds.band(20, 80, (10, 90)),
    Thresholds.band(20, 80),
    Thresholds.no_target(),
]
ONE_SIDED = [
    Thresholds.higher_is_better(60, 40),
    Thresholds.lower_is_better(30),
    Thresholds.band(20, 80),
    Thresholds.no_target(),
    Thresholds.higher_is_better(-INF),
    Thresholds.lower_is_better(INF),
]


class TestRateMeasuresLayouts:
    @pytest.mark.parametrize("ts", [MIXED, ONE_SIDED], ids=["four edges", "pairs"])
    @pytest.mark.parametrize(
        "layout",
        [
            "reversed rows",
            "reversed periods",
            "reversed measures",
            "Fortran order",
            "long rows",
            "four axes",
            "four axes, Fortran order",
            "no rows",
            "no periods",
            "one column",
            "every other period",
        ],
    )
    @pytest.mark.parametrize("chunk", [None, 1, 7, 64, 1 << 15])
    def test_layouts(self, ts: list[Thresholds], layout: str, chunk: int | None) -> None:
        """Negative strides, other orders, more axes and empty axes: each measure as rate has it."""
        x = random_readings(np.random.default_rng(11), (6, len(ts), 9))
        laid_out = {
            "reversed rows": x[::-1],
            "reversed periods": x[:, :, ::-1],
            "reversed measures": x[:, ::-1],
            "Fortran order": np.asfortranarray(x),
            "long rows": np.repeat(x, 20, axis=2),
            "four axes": x.reshape(2, 3, len(ts), 9),
            "four axes, Fortran order": np.asfortranarray(x.reshape(2, 3, len(ts), 9)),
            "no rows": x[:0],
            "no periods": x[:, :, :0],
            "one column": x[:, :, :1],
            "every other period": x[:, :, ::2],
        }[layout]
        axis = 2 if layout.startswith("four axes") else 1
        measures = ts[::-1] if layout == "reversed measures" else ts
        with chunk_size(chunk):
            result = engine.rate_measures(laid_out, measures, axis=axis).tolist()
        assert measure_by_measure(laid_out, measures, axis, [None] * len(ts)) == result

    @pytest.mark.parametrize("kind", ["unaligned", "big-endian"])
    def test_readings_numpy_must_copy(self, kind: str) -> None:
        """Misaligned or byte-swapped float64 readings are rated the same way."""
        x = random_readings(np.random.default_rng(12), (7, len(MIXED), 5))
        if kind == "unaligned":
            raw = bytearray(x.nbytes + 1)
            moved = np.frombuffer(raw, dtype=np.float64, offset=1, count=x.size).reshape(x.shape)
            moved[...] = x
            assert not moved.flags.aligned
        else:
            moved = x.astype(">f8")
        assert (
            engine.rate_measures(x, MIXED).tolist() == engine.rate_measures(moved, MIXED).tolist()
        )

    def test_read_only_out(self) -> None:
        """A read-only ``out`` is refused before anything is written."""
        x = random_readings(np.random.default_rng(13), (3, len(MIXED), 4))
        out = np.zeros(x.shape, dtype=np.int8)
        out.flags.writeable = False
        with pytest.raises(ValueError, match="out is read-only"):
            engine.rate_measures(x, MIXED, out=out)
        assert {0} == set(out.ravel().tolist())

    def test_out_of_the_wrong_kind(self) -> None:
        """``out`` must be int8 and shaped like the readings."""
        x = random_readings(np.random.default_rng(13), (3, len(MIXED), 4))
        with pytest.raises(ValueError, match=r"out must be int8 shaped \(3, 5, 4\), not int16"):
            engine.rate_measures(x, MIXED, out=np.zeros(x.shape, dtype=np.int16))
        with pytest.raises(ValueError, match=r"not int8 \(3, 5\)"):
            engine.rate_measures(x, MIXED, out=np.zeros((3, 5), dtype=np.int8))

    def test_out_overlapping_the_readings(self) -> None:
        """Statuses written over the readings would change what is rated: refused."""
        x = random_readings(np.random.default_rng(14), (3, len(MIXED), 8))
        out = x.view(np.int8)[:, :, : x.shape[2]]
        with pytest.raises(ValueError, match="out overlaps the readings"):
            engine.rate_measures(x, MIXED, out=out)

    def test_bounds_that_are_not_floats(self) -> None:
        """A Decimal bound is compared exactly (by numpy), not rounded to a float first."""
        t = Thresholds(Decimal("0.3"), INF, Decimal("0.2"), INF)
        x = np.full((2, 2, 70), 0.3)
        assert {1} == set(engine.rate_measures(x, [t, t]).ravel().tolist())
        assert engine.rate(x[:, 0], t).tolist() == engine.rate_measures(x, [t, t])[:, 0].tolist()

    @pytest.mark.parametrize("axis", [3, -4])
    def test_axis_out_of_range(self, axis: int) -> None:
        """An axis the readings do not have is a ValueError, not another axis."""
        with pytest.raises(ValueError, match=f"axis {axis} is out of range for readings of 3"):
            engine.rate_measures(np.zeros((2, 3, 4)), [Thresholds.no_target()] * 4, axis=axis)

    def test_a_single_number(self) -> None:
        """A 0-d array has no measure axis: a ValueError."""
        with pytest.raises(ValueError, match="need a measure axis"):
            engine.rate_measures(np.float64(3.0), [Thresholds.no_target()], axis=0)

    def test_same_thresholds_again(self) -> None:
        """Thresholds rated before, as values, with or without rounding: each call its own."""
        x = np.array([[89.5, 84.5], [89.4, 90.0]])
        ts = [Thresholds.higher_is_better(90, 85)] * 2
        for _ in range(3):  # met first, then again (bounds moved), then kept
            assert [[1, 0], [1, 2]] == engine.rate_measures(x, ts).tolist()
            assert [[2, 0], [1, 2]] == engine.rate_measures(x, ts, rounding=[0, None]).tolist()
            assert [[2, 1], [1, 2]] == engine.rate_measures(x, ts, rounding=[0, 0]).tolist()
        fresh = [Thresholds.higher_is_better(89, 85), Thresholds.higher_is_better(90, 85)]
        assert [[2, 0], [2, 2]] == engine.rate_measures(x, fresh).tolist()

    def test_rounding_for_each_measure(self) -> None:
        """One rounding per measure, or a ValueError."""
        with pytest.raises(ValueError, match="1 roundings for 2 measures"):
            engine.rate_measures(np.zeros((1, 2)), MIXED[:2], rounding=[0])

    @pytest.mark.parametrize("chunk", [None, 1, 1 << 16])
    def test_a_band_no_rounded_reading_falls_in(self, chunk: int | None) -> None:
        """A band narrower than the rounding (40.2 to 40.4, whole numbers): nothing is on
        target, the tolerance still counts, small array or blocks alike."""
        band = Thresholds.band(40.2, 40.4, (39.0, 42.0))
        x = np.array([[40.3], [40.45], [40.5], [38.4], [42.6], [np.nan]])
        with chunk_size(chunk):
            got = engine.rate_measures(x, [band], rounding=[0]).ravel().tolist()
        assert got == [1, 1, 1, 0, 0, 4]


# ---------------------------------------------------------------------------
# Rounded measures: their rounding folded into their bounds

WRITTEN = (
    st.integers(0, 5)
    .flatmap(lambda places: st.decimals(-1000, 1000, places=places, allow_nan=False))
    .map(lambda d: float(str(d)))
)


@st.composite
def near_half_way(draw: st.DrawFn, places: int) -> float:
    """A reading on, or a few floats beside, a half-way point of ``places`` decimals."""
    steps = draw(st.integers(-20000, 20000))
    point = float(Decimal(steps).scaleb(-places) + Decimal(5).scaleb(-places - 1))
    for _ in range(draw(st.integers(0, 2))):
        point = math.nextafter(point, draw(st.sampled_from([-INF, INF])))
    return point


class TestRoundingEdges:
    """A rounded measure's readings are not rounded: its bounds are moved to the first
    (or last) float whose rounding reaches them, which compares the same."""

    @laws
    @given(st.one_of(WRITTEN, FINITE), st.integers(0, 4))
    def test_first_and_last(self, t: float, places: int) -> None:
        """The first float rounding to t or more, and the last rounding to t or less."""
        up = engine._rounding_edge(t, places, upward=True)
        down = engine._rounding_edge(t, places, upward=False)
        assert t <= engine.round_half_away([up], places)[0]
        assert t > engine.round_half_away([math.nextafter(up, -INF)], places)[0]
        assert t >= engine.round_half_away([down], places)[0]
        assert t < engine.round_half_away([math.nextafter(down, INF)], places)[0]

    @laws
    @given(st.lists(st.one_of(WRITTEN, FINITE, st.sampled_from(SPECIAL)), min_size=1), st.data())
    def test_all_at_once_as_one_by_one(self, ts: list[float], data: Any) -> None:
        """The edges of many bounds found together are each bound's own, bit for bit."""
        places = data.draw(st.integers(0, 25), label="places")
        for upward in (True, False):
            together = engine._rounding_edges(np.array(ts), places, upward)
            one_by_one = [engine._rounding_edge(t, places, upward) for t in ts]
            assert [repr(e) for e in together.tolist()] == [repr(e) for e in one_by_one]

    @laws
    @given(
        st.lists(st.one_of(WRITTEN, FINITE, st.sampled_from(SPECIAL)), min_size=4, max_size=40),
        st.lists(st.integers(0, 4), min_size=1, max_size=10),
    )
    def test_a_few_moved_one_by_one_as_many(self, values: list[float], places: list[int]) -> None:
        """Bounds moved one by one in Python (a few of them) are those numpy's search finds
        for many, bit for bit, whatever the places of each measure."""
        measures = min(len(places), len(values) // 4)
        part = np.array(values[: 4 * measures]).reshape(4, measures, 1)
        among: dict[int, list[int]] = {}
        for m, digits in enumerate(places[:measures]):
            among.setdefault(digits, []).append(m)
        groups = {d: np.array(ms, dtype=np.intp) for d, ms in among.items()}
        with patched(engine, _FEW_MOVED=10**6):
            few = engine._moved(part, groups)
        with patched(engine, _FEW_MOVED=0):
            many = engine._moved(part, groups)
        assert [repr(e) for e in few.ravel().tolist()] == [repr(e) for e in many.ravel().tolist()]

    @pytest.mark.parametrize("t", [INF, -INF, NAN])
    def test_infinite_and_missing_bounds_stay(self, t: float) -> None:
        """An infinite bound stays where it is (a reading of inf rounds to inf); NaN too."""
        edges = [engine._rounding_edge(t, 2, upward) for upward in (True, False)]
        assert [repr(t)] * 2 == [repr(e) for e in edges]

    @settings(database=None, max_examples=150, deadline=None)
    @given(st.integers(0, 3), st.data())
    def test_equals_rounding_the_readings(self, places: int, data: Any) -> None:
        """Any kinds, readings on and beside half-way points: as rounding each reading first."""
        ts = data.draw(st.lists(thresholds(), min_size=1, max_size=5), label="thresholds")
        pool = st.one_of(near_half_way(places), WRITTEN, st.sampled_from([NAN, INF, -INF]))
        rows = data.draw(st.integers(1, 30), label="rows")
        flat = data.draw(st.lists(pool, min_size=rows * len(ts), max_size=rows * len(ts)))
        x = np.array(flat).reshape(rows, len(ts))
        digits = data.draw(
            st.lists(st.sampled_from([None, places]), min_size=len(ts), max_size=len(ts))
        )
        expected = measure_by_measure(x, ts, 1, digits)
        with chunk_size(data.draw(st.sampled_from([None, 1, 3, 1 << 16]), label="chunk")):
            for _ in range(3):  # terms met first, then again (bounds moved), then kept
                assert expected == engine.rate_measures(x, ts, axis=1, rounding=digits).tolist()
                by_measure = np.ascontiguousarray(x.T)
                assert (
                    np.array(expected).T.tolist()
                    == engine.rate_measures(by_measure, ts, axis=0, rounding=digits).tolist()
                )


class TestPairCodes:
    @pytest.mark.parametrize(
        ("kind", "statuses"),
        [
            (engine._HIGHER, [OUTSIDE, WITHIN, ON, NO_DATA]),
            (engine._LOWER, [ON, WITHIN, OUTSIDE, NO_DATA]),
            (engine._BETWEEN, [OUTSIDE, ON, OUTSIDE, NO_DATA]),
            (engine._NONE, [NO_TARGET] * 4),
        ],
    )
    def test_each_pair_reads_as_its_status(self, kind: int, statuses: list[Status]) -> None:
        """(r1 + p) * (g * r2 + q) + e, modulo 256: below, between, above and NaN."""
        g, q, p, e = (int(c) for c in engine._PAIR_CODES[kind])
        pairs = [(0, 1), (1, 1), (1, 0), (0, 0)]
        assert [int(s) for s in statuses] == [((a + p) * (g * b + q) + e) % 256 for a, b in pairs]


class TestRatePeriods:
    """Readings shaped (periods, measures) with each period's set of terms, as evaluate
    gives them: every reading rated as rate rates it with its own period's terms."""

    @settings(database=None, max_examples=150, deadline=None)
    @given(st.integers(1, 6), st.integers(1, 20), st.integers(1, 3), st.data())
    def test_equals_rate(self, measures: int, periods: int, sets: int, data: Any) -> None:
        """Any sets of terms (raw ones too: NaN and reversed bounds), any periods to each
        set, consecutive or taking turns, rounded or not, met first, again and kept: as
        rate gives each reading."""
        kinds = st.one_of(thresholds(), thresholds("none"), raw_thresholds())
        terms = [[data.draw(kinds) for _ in range(measures)] for _ in range(sets)]
        which = data.draw(st.lists(st.integers(0, sets - 1), min_size=periods, max_size=periods))
        places = data.draw(
            st.lists(st.sampled_from([None, 0, 1]), min_size=measures, max_size=measures)
        )
        pool = st.sampled_from([*SPECIAL, *bound_values([t for ts in terms for t in ts])])
        flat = data.draw(
            st.lists(pool | st.floats(), min_size=measures * periods, max_size=measures * periods)
        )
        x = np.array(flat).reshape(periods, measures)
        fields = ("within_low", "on_low", "on_high", "within_high")
        table = np.array([[[float(getattr(t, f)) for t in ts] for f in fields] for ts in terms])
        rated = np.array([[bool(t.rated) for t in ts] for ts in terms])
        expected = [
            measure_by_measure(x[p : p + 1], terms[which[p]], 1, places)[0] for p in range(periods)
        ]
        with chunk_size(data.draw(st.sampled_from([None, 1, 4, 1 << 17]), label="chunk")):
            for _ in range(3):
                got = engine._rate_periods(x, table, rated, which, places)
                assert got.tolist() == expected

    @pytest.mark.parametrize("chunk", [None, 1])
    def test_the_same_rounded_terms_again(self, chunk: int | None) -> None:
        """Rounded measures' terms met first, then again, then kept: the same statuses."""
        table = np.array([[[85.0], [90.0], [INF], [INF]], [[85.0], [92.0], [INF], [INF]]])
        rated = np.ones((2, 1), bool)
        x = [[89.5], [89.4], [91.5], [84.5], [np.nan]]
        with chunk_size(chunk):
            for _ in range(3):
                got = engine._rate_periods(x, table, rated, [0, 0, 1, 1, 1], [0]).tolist()
                assert got == [[2], [1], [2], [1], [4]]

    def test_the_same_list_of_places_changed(self) -> None:
        """A list of places changed in place between two calls is read as it now is (the
        last list is kept, as a copy, to be compared with the next)."""
        table = np.array([[[85.0, 85.0], [90.0, 90.0], [INF, INF], [INF, INF]]])
        rated = np.ones((1, 2), bool)
        x = [[89.5, 89.5]]
        places: list[int | None] = [0, None]
        assert [[2, 1]] == engine._rate_periods(x, table, rated, [0], places).tolist()
        places[0], places[1] = None, 0
        assert [[1, 2]] == engine._rate_periods(x, table, rated, [0], places).tolist()
        assert [[1, 2]] == engine._rate_periods(x, table, rated, [0], [None, 0]).tolist()
        assert [[2, 2]] == engine._rate_periods(x, table, rated, [0], (0, 0)).tolist()

    def test_a_set_no_period_uses(self) -> None:
        """A set of terms that no period names is skipped; no periods, no statuses."""
        table = np.array([[[80.0], [90.0], [INF], [INF]], [[0.0], [0.0], [INF], [INF]]])
        rated = np.ones((2, 1), bool)
        assert engine._rate_periods([[85.0]], table, rated, [0], [None]).tolist() == [[1]]
        assert engine._rate_periods(np.empty((0, 1)), table, rated, [], [None]).shape == (0, 1)


# ---------------------------------------------------------------------------
# Measure.rate


class TestMeasureRate:
    @pytest.mark.parametrize(
        ("measure_id", "reading", "expected"),
        [
            ("H1", 90.0, ON),
            ("H1", worse_than(90.0, "low"), WITHIN),
            ("H1", 80.0, WITHIN),
            ("H1", worse_than(80.0, "low"), OUTSIDE),
            ("H2", 90.0, ON),
            ("H2", worse_than(90.0, "low"), OUTSIDE),
            ("L1", 22.0, ON),
            ("L1", worse_than(22.0, "high"), WITHIN),
            ("L1", 28.0, WITHIN),
            ("L1", worse_than(28.0, "high"), OUTSIDE),
            ("L2", worse_than(22.0, "high"), OUTSIDE),
            ("B1", 5.0, ON),
            ("B1", 10.0, ON),
            ("B1", worse_than(5.0, "low"), WITHIN),
            ("B1", 12.0, WITHIN),
            ("B1", worse_than(3.0, "low"), OUTSIDE),
            ("B2", worse_than(10.0, "high"), OUTSIDE),
            ("N1", 50.0, NO_TARGET),
            ("N1", NAN, NO_TARGET),
            ("N1", None, NO_TARGET),
            ("H1", NAN, NO_DATA),
        ],
    )
    def test_boundaries(
        self, contract: pc.Contract, measure_id: str, reading: float | None, expected: Status
    ) -> None:
        """Measure.rate agrees with the engine on every boundary, one reading at a time."""
        assert expected == contract[measure_id].rate(reading, period=Q4)

    @pytest.mark.parametrize(
        ("measure_id", "reading", "expected"),
        [
            ("M1", 23.1, WITHIN),  # 22% + 5% of 22 = 23.1 exactly
            ("M1", worse_than(23.1, "high"), OUTSIDE),
            ("M2", 85.0, WITHIN),
            ("M2", worse_than(85.0, "low"), OUTSIDE),
            ("M3", 3.0, WITHIN),
            ("M3", 12.0, WITHIN),
            ("M3", worse_than(12.0, "high"), OUTSIDE),
            ("M4", -4.5, WITHIN),  # 10% of |-5| widens -5 towards worse
            ("M4", worse_than(-4.5, "high"), OUTSIDE),
        ],
    )
    def test_margin_tolerances(
        self, contract: pc.Contract, measure_id: str, reading: float, expected: Status
    ) -> None:
        """Margins resolve to an exact tolerance; on it is inside, a hair worse is outside."""
        assert expected == contract[measure_id].rate(reading, period=Q4)

    @pytest.mark.parametrize(
        ("period", "reading", "expected"),
        [
            ("2018/19 Q2", 90.0, ON),  # the last quarter before the rise
            ("2018-09", 90.0, ON),
            ("2018/19 Q3", 90.0, WITHIN),  # 92% from Q3
            ("2018-10", 90.0, WITHIN),
            ("2018/19 Q3", 92.0, ON),
            ("2019-01", 84.0, WITHIN),  # tolerance still 80%
            ("2019-02", 84.0, OUTSIDE),  # tolerance 85% from February
            ("2019-02", 85.0, WITHIN),
            ("2019-03", NAN, NO_DATA),
            ("2019/20 Q1", 99.0, NO_TARGET),  # no target from 2019/20
            ("2019-04", NAN, NO_TARGET),
            ("2018/19", 91.0, ON),  # the year takes the term in force at its start
        ],
    )
    def test_dated_terms(
        self, contract: pc.Contract, period: str, reading: float, expected: Status
    ) -> None:
        """A dated term applies from its first month, on the boundary period itself."""
        assert expected == contract["D1"].rate(reading, period=period)

    def test_target_set_from_a_year(self, contract: pc.Contract) -> None:
        """`no target` then `target 12 from 2018/19`: NO_TARGET in March 2018, rated in April."""
        d2 = contract["D2"]
        assert (NO_TARGET, ON) == (d2.rate(12, "2018-03"), d2.rate(12, "2018-04"))
        assert WITHIN == d2.rate(14, "2018/19 Q1")

    @pytest.mark.parametrize(
        ("measure_id", "reading", "expected"),
        [
            ("R0", 89.5, ON),  # 90
            ("R0", 89.4, WITHIN),  # 89
            ("R0", 84.5, WITHIN),  # 85
            ("R0", 84.4, OUTSIDE),  # 84
            ("R2", 1.005, ON),  # 1.01, though the float 1.005 is below it
            ("R2", 1.004, WITHIN),  # 1.00
            ("R2", 0.995, WITHIN),  # 1.00
            ("R2", 0.994, OUTSIDE),  # 0.99
            ("R2L", -1.005, ON),  # -1.01: half away from zero
            ("R2L", -0.995, WITHIN),  # -1.00
            ("R2L", -0.994, OUTSIDE),  # -0.99
        ],
    )
    def test_rounded(
        self, contract: pc.Contract, measure_id: str, reading: float, expected: Status
    ) -> None:
        """`rounded to N dp` rounds the reading as written, half away from zero, before rating."""
        measure = contract[measure_id]
        assert expected == measure.rate(reading, Q4)
        assert expected == measure.rate(str(reading), Q4)
        assert expected == measure.rate(Decimal(str(reading)), Q4)
        assert [int(expected)] == measure.rate(np.array([reading]), Q4).tolist()

    def test_rounded_array(self, contract: pc.Contract) -> None:
        """An array of readings is rounded as a whole, NaN kept as NO_DATA."""
        readings = np.array([89.5, 89.4, 84.5, 84.4, NAN])
        assert [2, 1, 1, 0, 4] == contract["R0"].rate(readings, Q4).tolist()

    @pytest.mark.parametrize(
        ("reading", "expected"),
        [
            (90, ON),
            (80, WITHIN),
            (79, OUTSIDE),
            (89.99, WITHIN),
            (Decimal("90"), ON),
            (Decimal("79.999"), OUTSIDE),
            ("90", ON),
            (" 80.0 ", WITHIN),
            ("79.99", OUTSIDE),
            ("", NO_DATA),
            ("   ", NO_DATA),
            (None, NO_DATA),
            (NAN, NO_DATA),
            (np.float64(90.0), ON),
            (np.float64(NAN), NO_DATA),
            (np.float32(90.0), ON),
            (np.float32(80.5), WITHIN),
            (np.int64(80), WITHIN),
            (np.float32(NAN), NO_DATA),
            ("85%", WITHIN),  # as a readings file writes it
            (" 90% ", ON),
            ("x", NO_DATA),  # a missing marker
            ("..", NO_DATA),
            (100, ON),
            (0, OUTSIDE),
        ],
        ids=repr,
    )
    def test_scalar_inputs(self, contract: pc.Contract, reading: Any, expected: Status) -> None:
        """A reading may be an int, float, Decimal, string, None or numpy scalar; a string
        is read as evaluate reads one."""
        assert expected == contract["H1"].rate(reading, Q4)

    def test_decimal_nan_is_missing(self, contract: pc.Contract) -> None:
        """Decimal('NaN') is a missing reading, as a float NaN is (SPEC §4.1)."""
        assert NO_DATA == contract["H1"].rate(Decimal("NaN"), Q4)

    def test_returns_a_status(self, contract: pc.Contract) -> None:
        """A scalar reading gives a Status member, not a bare int."""
        assert Status is type(contract["H1"].rate(85, Q4))

    def test_array_inputs(self, contract: pc.Contract) -> None:
        """An array gives int8 codes; float32 and integer arrays are accepted."""
        h1 = contract["H1"]
        assert [2, 1, 0, 4] == h1.rate(np.array([90, 85, 70, NAN], dtype=np.float32), Q4).tolist()
        assert [2, 1, 0] == h1.rate(np.array([90, 85, 70]), Q4).tolist()
        assert np.dtype(np.int8) == h1.rate(np.array([90.0]), Q4).dtype

    @pytest.mark.parametrize("reading", ["abc", "12%%", "1,000", "nan", "NaN", "inf", "£85"])
    def test_non_number_string(self, contract: pc.Contract, reading: str) -> None:
        """Text that is not a number raises ReadingsError, which is a ContractError."""
        with pytest.raises(pc.ReadingsError) as info:
            contract["H1"].rate(reading, Q4)
        assert isinstance(info.value, pc.ContractError)
        assert "measure H1, period 2017/18 Q4" in info.value.first.message

    @pytest.mark.parametrize("reading", [True, {90}, object()], ids=repr)
    def test_not_a_reading(self, contract: pc.Contract, reading: object) -> None:
        """True (but for a yes/no measure), a set or any other object is not a number for a
        reading, as evaluate says of one; the hint says what rate takes."""
        with pytest.raises(pc.ReadingsError) as info:
            contract["H1"].rate(reading, Q4)
        assert "is not a number" in info.value.first.message
        assert (
            "give a number, a string or None, or an array of numbers (a numpy array, a list,"
            " a tuple, a pandas or polars Series)" == info.value.first.hint
        )

    def test_a_list_is_an_array(self, contract: pc.Contract) -> None:
        """A list is rated as an array of readings, as numpy's arrays are."""
        expected = [int(contract["H1"].rate(90, Q4)), int(pc.Status.NO_DATA)]
        assert expected == contract["H1"].rate([90, None], Q4).tolist()

    def test_volumetric_is_never_rated(self, contract: pc.Contract) -> None:
        """Rating a volumetric measure raises ValueError, scalar or array."""
        with pytest.raises(ValueError, match="V1 is volumetric"):
            contract["V1"].rate(5, Q4)
        with pytest.raises(ValueError, match="V1 is volumetric"):
            contract["V1"].rate(np.array([5.0]), Q4)

    def test_volumetric_thresholds_are_unrated(self, contract: pc.Contract) -> None:
        """A volumetric measure's thresholds are the no-target ones."""
        assert Thresholds.no_target() == contract["V1"].thresholds_at(Q4)

    def test_reference_contract(self) -> None:
        """The reference contract: A1 26% is inside tolerance, A2 89.5% is on target."""
        contract = pc.load(Path(__file__).parents[1] / "examples" / "dcst-2017-18.contract")
        assert WITHIN == contract["A1"].rate(26, period=Q4)
        assert ON == contract["A2"].rate(89.5, period=Q4)


# ---------------------------------------------------------------------------
# Rounding

DECIMAL_FLOATS = (
    st.integers(0, 6)
    .flatmap(lambda places: st.decimals(-(10**6), 10**6, places=places, allow_nan=False))
    .map(lambda d: float(str(d)))
)
ANY_FLOATS = st.floats(
    allow_nan=False, allow_infinity=False, width=64, min_value=-1e12, max_value=1e12
)


class TestRoundHalfAway:
    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            (89.5, 0, 90.0),
            (89.4, 0, 89.0),
            (-2.5, 0, -3.0),
            (0.5, 0, 1.0),
            (1.005, 2, 1.01),
            (-1.005, 2, -1.01),
            (0.125, 2, 0.13),
            (2.675, 2, 2.68),
            (1.0049999, 2, 1.0),
            (0.145, 2, 0.15),
            (1e-7, 6, 0.0),
            (5e-7, 6, 1e-6),
            (123.4565, 3, 123.457),
            (4503599627370497.0, 0, 4503599627370497.0),
        ],
    )
    def test_examples(self, value: float, places: int, expected: float) -> None:
        """Half away from zero on the decimal as written, as a spreadsheet rounds."""
        assert expected == engine.round_half_away([value], places)[0]

    def test_nan_and_infinities_stay(self) -> None:
        """NaN stays NaN; infinities stay infinite."""
        result = engine.round_half_away([NAN, INF, -INF], 2)
        assert [True, INF, -INF] == [math.isnan(result[0]), result[1], result[2]]

    def test_infinities_do_not_warn(self) -> None:
        """Rounding an infinite reading raises no RuntimeWarning (inf - inf inside)."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert [INF, -INF] == engine.round_half_away([INF, -INF], 0).tolist()

    def test_shape_and_dtype(self) -> None:
        """The result is float64, shaped like the input."""
        result = engine.round_half_away(np.ones((2, 3), dtype=np.float32) * 1.5, 0)
        assert ((2, 3), np.dtype(np.float64)) == (result.shape, result.dtype)
        assert [[2.0] * 3] * 2 == result.tolist()

    def test_zero_places_scalar(self) -> None:
        """A scalar gives a 0-d array."""
        assert 90.0 == float(engine.round_half_away(89.5, 0))

    def test_large_values_with_more_decimals_than_kept(self) -> None:
        """5e10 + 0.000015 to 5 dp is ...00002, as Decimal rounds its shortest form."""
        x = 50000000000.000015
        assert decimal_round(x, 5) == engine.round_half_away([x], 5)[0]

    @laws
    @given(st.lists(ANY_FLOATS, min_size=1, max_size=40), st.integers(0, 6))
    @example([450359962737.34375], 4)  # found by this test: 2**52 <= x * 10**4 < 2**53
    def test_any_float_equals_decimal(self, values: list[float], places: int) -> None:
        """Any float in ±1e12: as Decimal(repr(x)) quantized half up, element by element."""
        expected = [decimal_round(x, places) for x in values]
        assert expected == engine.round_half_away(np.array(values), places).tolist()

    @laws
    @given(st.lists(DECIMAL_FLOATS, min_size=1, max_size=40), st.integers(0, 6))
    def test_written_decimals_equal_decimal(self, values: list[float], places: int) -> None:
        """Decimals with few places, read as floats: rounded as the decimal as written."""
        expected = [decimal_round(x, places) for x in values]
        assert expected == engine.round_half_away(np.array(values), places).tolist()

    @laws
    @given(st.lists(st.one_of(DECIMAL_FLOATS, st.just(NAN)), max_size=20), st.integers(0, 6))
    def test_nan_stays_nan(self, values: list[float], places: int) -> None:
        """NaN stays NaN in place; the rest are rounded."""
        result = engine.round_half_away(np.array(values, dtype=np.float64), places)
        assert [math.isnan(x) for x in values] == np.isnan(result).tolist()

    @laws
    @given(DECIMAL_FLOATS, st.integers(0, 6))
    def test_idempotent(self, value: float, places: int) -> None:
        """Rounding a rounded value changes nothing."""
        once = engine.round_half_away([value], places)
        assert once.tolist() == engine.round_half_away(once, places).tolist()


# ---------------------------------------------------------------------------
# Direction of travel


class TestDirection:
    @pytest.mark.parametrize(
        ("polarity", "current", "previous", "expected"),
        [
            (HIGHER, 91.0, 90.0, IMPROVED),
            (HIGHER, 89.0, 90.0, DECLINED),
            (HIGHER, 90.0, 90.0, UNCHANGED),
            (LOWER, 26.0, 27.0, IMPROVED),
            (LOWER, 27.0, 26.0, DECLINED),
            (LOWER, 27.0, 27.0, UNCHANGED),
            (NO_POLARITY, 5.0, 4.0, UP),
            (NO_POLARITY, 4.0, 5.0, DOWN),
            (NO_POLARITY, 4.0, 4.0, UNCHANGED),
        ],
    )
    def test_each_polarity(
        self, polarity: Polarity, current: float, previous: float, expected: Direction
    ) -> None:
        """Improved, declined or unchanged with a polarity; up or down without one."""
        assert expected == engine.direction(current, previous, polarity)

    @pytest.mark.parametrize(
        ("current", "previous", "expected"),
        [
            (11.0, 12.0, IMPROVED),  # above the band, closer
            (12.0, 11.0, DECLINED),  # above the band, further
            (4.0, 3.0, IMPROVED),  # below the band, closer
            (3.0, 4.0, DECLINED),
            (6.0, 9.0, UNCHANGED),  # inside the band: distance 0 both times
            (10.0, 12.0, IMPROVED),  # into the band
            (5.0, 4.0, IMPROVED),
            (11.0, 4.0, UNCHANGED),  # 1 above, 1 below: the same distance
            (11.0, 3.0, IMPROVED),  # 2 below to 1 above
            (13.0, 4.0, DECLINED),  # 1 below to 3 above
        ],
    )
    def test_band_distances(self, current: float, previous: float, expected: Direction) -> None:
        """A band measure improves when it gets closer to the band, on either side."""
        assert expected == engine.direction(current, previous, IN_BAND, band=(5.0, 10.0))

    @pytest.mark.parametrize(
        ("current", "previous", "band", "expected"),
        [
            # 2.0000000000000002 and 2 from the band, both 2.0 once subtracted in floats
            (math.nextafter(1.0, INF), 1.0, (-3.0, -1.0), DECLINED),
            (1.0, math.nextafter(1.0, INF), (-3.0, -1.0), IMPROVED),
            (1e17, 1e17 + 16, (-3.0, -1.0), IMPROVED),
            (-(1e17 + 16), -1e17, (1.0, 3.0), DECLINED),
            # one on each side, the same distance in floats but not in fact
            (2.0 + 2**-51, -2.0, (0.0, 0.0), DECLINED),
            (3.0, -1.0, (0.0, 2.0), UNCHANGED),  # 1 above, 1 below: the same, exactly
            # 3.4e308 from the band overflows a float; inf is further still
            (1.7e308, INF, (-1.7e308, -1.7e308), IMPROVED),
            (INF, -INF, (0.0, 1.0), UNCHANGED),
        ],
    )
    def test_band_distances_exactly(
        self, current: float, previous: float, band: tuple[float, float], expected: Direction
    ) -> None:
        """Distances that floats round to the same value are compared exactly, in the
        one-measure and the many-measure forms alike."""
        assert expected == engine.direction(current, previous, IN_BAND, band=band)
        low, high = np.full(1, band[0]), np.full(1, band[1])
        assert (
            expected
            == engine._directions(np.array([current]), np.array([previous]), [IN_BAND], low, high)[
                0
            ]
        )

    @laws
    @given(st.floats(allow_nan=False), st.floats(allow_nan=False), FINITE, FINITE)
    def test_band_direction_is_the_exact_distance(
        self, current: float, previous: float, a: float, b: float
    ) -> None:
        """Closer to the band, exactly as fractions measure it, is improved; further declined."""
        low, high = min(a, b), max(a, b)

        def distance(x: float) -> Fraction | float:
            if math.isinf(x):
                return INF
            value = Fraction(x)
            return max(Fraction(low) - value, value - Fraction(high), Fraction(0))

        now, before = distance(current), distance(previous)
        expected = IMPROVED if now < before else DECLINED if now > before else UNCHANGED
        assert expected == engine.direction(current, previous, IN_BAND, band=(low, high))

    @pytest.mark.parametrize("polarity", [HIGHER, LOWER, IN_BAND, NO_POLARITY])
    def test_missing_reading(self, polarity: Polarity) -> None:
        """NaN on either side, or both, gives NONE for every polarity."""
        result = engine.direction([NAN, 5.0, NAN], [5.0, NAN, NAN], polarity, band=(1.0, 2.0))
        assert [NONE] * 3 == result.tolist()

    def test_band_needs_its_band(self) -> None:
        """A band measure's direction without the band is a ValueError."""
        with pytest.raises(ValueError, match="needs its band"):
            engine.direction(1.0, 2.0, IN_BAND)

    def test_arrays_broadcast(self) -> None:
        """Current and previous broadcast; the result is int8."""
        result = engine.direction(np.array([[1.0, 2.0], [3.0, NAN]]), 2.0, HIGHER)
        assert np.dtype(np.int8) == result.dtype
        assert [[DECLINED, UNCHANGED], [IMPROVED, NONE]] == result.tolist()

    @laws
    @given(st.floats(allow_nan=True), st.floats(allow_nan=True))
    def test_lower_mirrors_higher(self, current: float, previous: float) -> None:
        """What improves for higher-is-better declines for lower-is-better, and vice versa."""
        mirror = {IMPROVED: DECLINED, DECLINED: IMPROVED, UNCHANGED: UNCHANGED, NONE: NONE}
        higher = Direction(int(engine.direction(current, previous, HIGHER)))
        assert mirror[higher] == Direction(int(engine.direction(current, previous, LOWER)))

    @pytest.mark.parametrize(
        ("polarity", "current", "previous", "places", "expected"),
        [
            # The example's A2 (rounded to 0 dp): 89.5% then 90% both read 90%.
            (HIGHER, 90.0, 89.5, 0, UNCHANGED),
            (HIGHER, 89.5, 90.0, 0, UNCHANGED),
            (HIGHER, 90.0, 89.49999999999999, 0, IMPROVED),  # the float below 89.5 reads 89%
            (HIGHER, 89.49999999999999, 90.0, 0, DECLINED),
            (LOWER, 26.4, 25.5, 0, UNCHANGED),  # 26% both times
            (LOWER, 26.5, 26.4, 0, DECLINED),  # 27% after 26%
            (LOWER, -2.5, -3.0, 0, UNCHANGED),  # half away from zero: -3 both times
            (HIGHER, 1.01, 1.005, 2, UNCHANGED),  # 1.005 as written rounds to 1.01
            (HIGHER, 1.01, 1.0049999, 2, IMPROVED),
            (NO_POLARITY, 7.04, 7.0, 1, UNCHANGED),
            (NO_POLARITY, 7.05, 7.0, 1, UP),
            (HIGHER, NAN, 90.0, 0, NONE),
        ],
    )
    def test_rounded_readings_compared_as_shown(
        self, polarity: Polarity, current: float, previous: float, places: int, expected: Direction
    ) -> None:
        """With ``places`` the readings are compared rounded: no change in what is shown, none
        in the direction; the exact boundary is the half that rounds away from zero."""
        assert expected == engine.direction(current, previous, polarity, places=places)
        assert expected == engine._directions(
            np.array([current]), np.array([previous]), [polarity], np.full(1, NAN),
            np.full(1, NAN), places=[places],
        )[0]  # fmt: skip

    def test_rounded_band_distance(self) -> None:
        """A band measure's distance is from its rounded reading: 10.4 reads 10, inside 5-10."""
        assert UNCHANGED == engine.direction(10.4, 10.0, IN_BAND, band=(5.0, 10.0), places=0)
        assert DECLINED == engine.direction(10.4, 10.0, IN_BAND, band=(5.0, 10.0))
        assert DECLINED == engine.direction(10.5, 10.0, IN_BAND, band=(5.0, 10.0), places=0)

    def test_roundings_for_each_measure(self) -> None:
        """Each measure is rounded to its own places; a measure without any is compared as is;
        a list of roundings of the wrong length is a ValueError."""
        now, before = np.array([90.0, 90.0, 1.01]), np.array([89.5, 89.5, 1.005])
        low = high = np.full(3, NAN)
        polarities = [HIGHER, HIGHER, HIGHER]
        assert [UNCHANGED, IMPROVED, UNCHANGED] == engine._directions(
            now, before, polarities, low, high, places=[0, None, 2]
        ).tolist()
        assert [89.5, 89.5, 1.005] == before.tolist()  # the caller's readings are left alone
        with pytest.raises(ValueError, match="2 roundings for 3 measures"):
            engine._directions(now, before, polarities, low, high, places=[0, 0])

    @laws
    @given(
        st.lists(st.tuples(FINITE, FINITE, st.sampled_from([None, 0, 1, 2])), max_size=8),
        st.sampled_from([HIGHER, LOWER, NO_POLARITY]),
    )
    def test_rounded_is_direction_of_the_rounded(
        self, rows: list[tuple[float, float, int | None]], polarity: Polarity
    ) -> None:
        """For every reading and rounding, the direction is that of the rounded readings, in
        the one-measure and the many-measure forms alike."""
        for current, previous, places in rows:
            expected = engine.direction(
                *(x if places is None else engine.round_half_away(x, places)
                  for x in (current, previous)),
                polarity,
            )  # fmt: skip
            assert expected == engine.direction(current, previous, polarity, places=places)
        n = len(rows)
        now = np.array([r[0] for r in rows], dtype=float)
        before = np.array([r[1] for r in rows], dtype=float)
        many = engine._directions(
            now, before, [polarity] * n, np.full(n, NAN), np.full(n, NAN), [r[2] for r in rows]
        )
        assert [
            int(engine.direction(c, p, polarity, places=k)) for c, p, k in rows
        ] == many.tolist()


# ---------------------------------------------------------------------------
# Rank and quartile

POOL = st.lists(
    st.one_of(st.sampled_from([1.0, 2.0, 2.5, 3.0, NAN]), FINITE), min_size=0, max_size=30
)


class TestRank:
    def test_ties_share_the_best_rank(self) -> None:
        """Competition ranking: 1, 2, 2, 4."""
        assert [1.0, 2.0, 2.0, 4.0] == engine.rank([9.0, 7.0, 7.0, 5.0], HIGHER).tolist()

    def test_lower_is_better(self) -> None:
        """The docstring example: lowest is 1, a missing value has no rank."""
        ranks = engine.rank([26.0, 21.9, 21.9, NAN, 30.0], LOWER).tolist()
        assert [3.0, 1.0, 1.0, 4.0] == [ranks[0], ranks[1], ranks[2], ranks[4]]
        assert math.isnan(ranks[3])

    @pytest.mark.parametrize("polarity", [NO_POLARITY, IN_BAND])
    def test_no_rank_without_a_direction(self, polarity: Polarity) -> None:
        """No polarity (or a band): no value has a rank."""
        assert np.isnan(engine.rank([1.0, 2.0], polarity)).all()

    def test_empty_and_all_missing(self) -> None:
        """No values, or only missing ones: no ranks."""
        assert [] == engine.rank([], HIGHER).tolist()
        assert np.isnan(engine.rank([NAN, NAN], LOWER)).all()

    def test_a_value_too_large_for_a_float(self) -> None:
        """A whole number beyond any float is a ValueError saying so, not an OverflowError."""
        a1 = pc.loads(
            'contract "c" { group "g" { measure A1 "t" { unit number lower is better target 1 } } }'
        )["A1"]
        message = r"a value is too large for a float \(more than about 1\.8e308\)"
        with pytest.raises(ValueError, match=message):
            a1.rank([10**400, 1])
        with pytest.raises(ValueError, match=message):
            engine.quartile([10**400, 1, 2, 3], LOWER)

    @laws
    @given(POOL, st.sampled_from([HIGHER, LOWER]))
    def test_rank_laws(self, values: list[float], polarity: Polarity) -> None:
        """Each rank is 1 + the number of strictly better values; NaN has none; best is 1."""
        ranks = engine.rank(values, polarity).tolist()
        present = [v for v in values if not math.isnan(v)]
        sign = 1.0 if polarity is HIGHER else -1.0
        for value, r in zip(values, ranks, strict=True):
            if math.isnan(value):
                assert math.isnan(r)
                continue
            assert 1 + sum(sign * other > sign * value for other in present) == r
            assert 1 <= r <= len(present)
        if present:
            best = max(present) if polarity is HIGHER else min(present)
            assert {1.0} == {r for v, r in zip(values, ranks, strict=True) if v == best}

    @laws
    @given(POOL)
    def test_lower_reverses_higher_without_ties(self, values: list[float]) -> None:
        """With distinct values, the lower-is-better rank is n + 1 - the higher-is-better rank."""
        present = [v for v in values if not math.isnan(v)]
        if len(set(present)) != len(present):
            return
        n = len(present)
        higher = engine.rank(present, HIGHER)
        assert (n + 1 - higher).tolist() == engine.rank(present, LOWER).tolist()


class TestQuartile:
    @pytest.mark.parametrize(
        ("values", "polarity", "expected"),
        [
            # Cut points 2, 3, 4: 2 is on the first cut, so in the lowest interval.
            ([1.0, 2.0, 3.0, 4.0, 5.0], HIGHER, ["D", "D", "C", "B", "A"]),
            ([1.0, 2.0, 3.0, 4.0, 5.0], LOWER, ["A", "A", "B", "C", "D"]),
            # Cut points 1.75, 2.5, 3.25 (linear interpolation): one value each.
            ([4.0, 3.0, 2.0, 1.0], LOWER, ["D", "C", "B", "A"]),
            ([4.0, 3.0, 2.0, 1.0], HIGHER, ["A", "B", "C", "D"]),
            # Cut points 10, 20, 30 with values on each: each goes to the interval below.
            ([0.0, 10.0, 20.0, 30.0, 40.0], LOWER, ["A", "A", "B", "C", "D"]),
            ([0.0, 10.0, 20.0, 30.0, 40.0], HIGHER, ["D", "D", "C", "B", "A"]),
            # Nine values, cut points 3, 5, 7.
            ([1.0, 2, 3, 4, 5, 6, 7, 8, 9], LOWER, list("AAABBCCDD")),
            # Missing values have no band and do not move the cut points.
            ([NAN, 1.0, 2.0, 3.0, 4.0, 5.0, NAN], LOWER, ["", "A", "A", "B", "C", "D", ""]),
            # All equal: every value is on every cut point, so in the lowest interval.
            ([7.0, 7.0, 7.0], LOWER, ["A", "A", "A"]),
            ([7.0, 7.0, 7.0], HIGHER, ["D", "D", "D"]),
            # Six of eight at the best value: median and upper quartile both 100, so band C.
            ([100.0] * 6 + [95.0, 90.0], HIGHER, ["C"] * 6 + ["D", "D"]),
            ([0.0] * 6 + [5.0, 10.0], LOWER, ["A"] * 6 + ["D", "D"]),
            ([7.0], LOWER, ["A"]),
            ([NAN, NAN], HIGHER, ["", ""]),
            ([], HIGHER, []),
        ],
    )
    def test_cut_points(self, values: list[float], polarity: Polarity, expected: list[str]) -> None:
        """SPEC §4.6: closed on the right, first closed on both sides, A the best end."""
        assert expected == engine.quartile(values, polarity).tolist()

    @pytest.mark.parametrize("polarity", [NO_POLARITY, IN_BAND])
    def test_no_band_without_a_direction(self, polarity: Polarity) -> None:
        """No polarity (or a band): no value has a quartile band."""
        assert ["", "", ""] == engine.quartile([1.0, 2.0, 3.0], polarity).tolist()

    @pytest.mark.parametrize(
        ("values", "polarity", "expected"),
        [
            # Cut points 1.75, inf, inf: an infinite value sits on a cut point.
            ([1.0, 2.0, INF, INF], HIGHER, ["D", "C", "C", "C"]),
            ([-INF, 1.0, 2.0, INF], LOWER, ["A", "B", "C", "C"]),
            ([-INF, INF], LOWER, ["A", "D"]),
            ([-INF, -INF, 5.0], HIGHER, ["D", "D", "A"]),
        ],
    )
    def test_infinite_values(
        self, values: list[float], polarity: Polarity, expected: list[str]
    ) -> None:
        """Infinities cut where the interpolation tends to (numpy's gives NaN there), with no
        warning: a better value never gets a worse band."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert expected == engine.quartile(values, polarity).tolist()

    @laws
    @given(st.lists(st.floats(allow_nan=False), min_size=1, max_size=30))
    def test_better_never_banded_worse(self, values: list[float]) -> None:
        """For any values, infinities among them, the bands follow the order of the values."""
        bands = engine.quartile(values, HIGHER).tolist()
        for (x, bx), (y, by) in itertools.combinations(zip(values, bands, strict=True), 2):
            if x > y:
                assert bx <= by  # "A" is the best
            elif x == y:
                assert bx == by

    def test_one_hundred_and_fifty_two_authorities(self) -> None:
        """152 distinct values: 38 in each band."""
        values = np.arange(152, dtype=np.float64)
        bands = engine.quartile(values, LOWER).tolist()
        assert {"A": 38, "B": 38, "C": 38, "D": 38} == {b: bands.count(b) for b in "ABCD"}


class TestNextUp:
    """The float after each bound, by bit patterns, as numpy's nextafter gives it."""

    @settings(database=None, max_examples=300, deadline=None)
    @given(st.lists(st.floats(allow_nan=False) | st.sampled_from(SPECIAL[2:]), min_size=1))
    def test_equals_nextafter(self, values: list[float]) -> None:
        a = np.array([v for v in values if v != INF])
        with np.errstate(over="ignore"):  # the float after the greatest is inf
            expected = np.nextafter(a, INF)
        assert np.array_equal(engine._next_up(a), expected)
        assert np.array_equal(np.signbit(engine._next_up(a)), np.signbit(expected))

    def test_edges(self) -> None:
        a = np.array([-0.0, 0.0, -5e-324, -INF, np.finfo(float).max, -1.0])
        greatest = float(np.finfo(float).max)
        expected = [5e-324, 5e-324, -0.0, -greatest, INF, math.nextafter(-1.0, INF)]
        assert engine._next_up(a).tolist() == expected


class TestAwkwardInputs:
    """Inputs the engine accepts and once failed on: each rated as ``rate`` rates it."""

    @pytest.mark.parametrize(
        ("t", "rounding", "expected"),
        [
            (Thresholds(NAN, INF, 80.0, INF), None, [1]),  # a NaN bound: rated one by one
            (Thresholds.band(1.2, 1.4), 0, [0]),  # a band no rounded reading falls in
        ],
    )
    def test_one_dimensional_readings_rated_one_by_one(
        self, t: Thresholds, rounding: int | None, expected: list[int]
    ) -> None:
        """A measure rated the general way, in 1-D readings (axis 0), call after call."""
        for _ in range(3):
            got = engine.rate_measures(
                np.array([1.3 if rounding == 0 else 85.0]), [t], axis=0, rounding=[rounding]
            )
            assert expected == got.tolist()

    def test_decimal_bounds_and_a_missing_reading(self) -> None:
        """Decimal bounds are compared exactly, and a missing reading is No data."""
        t = Thresholds(Decimal(90), INF, Decimal(80), INF)
        assert [2, 4] == engine.rate(np.array([95.0, NAN]), t).tolist()
        assert [[2], [4]] == engine.rate_measures(np.array([[95.0], [NAN]]), [t]).tolist()

    def test_places_as_numpy_integers(self) -> None:
        """Places given as numpy integers round as Python's do, ties included, and leave
        nothing behind for a later call with Python's."""
        t = Thresholds.higher_is_better(1.01, 1.0)
        for places in (np.array([2]), [np.int64(2)], [2]):
            assert [[2]] == engine.rate_measures(np.array([[1.005]]), [t], rounding=places).tolist()
        assert [1.01] == engine.round_half_away([1.005], np.int64(2)).tolist()

    def test_no_negative_zero(self) -> None:
        """A value that rounds to nought is 0.0, never -0.0, near a tie as elsewhere."""
        rounded = engine.round_half_away([-0.4, -0.49999999999999994], 0).tolist()
        assert ["0.0", "0.0"] == [repr(v) for v in rounded]
