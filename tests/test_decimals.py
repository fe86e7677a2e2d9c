"""Arithmetic on readings as the decimals they are written as (perfcontract._decimals).

Every result is checked against exact fractions of the values' shortest decimals
(``repr``), rounded once to the nearest float.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import hypothesis
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcontract import _decimals

# The expected value goes on the left (STYLE.md).

FLOATS = st.floats(allow_nan=False, allow_infinity=False)
WRITTEN = st.decimals(-(10**6), 10**6, places=3).map(float)  # readings as people write them
VALUES = st.one_of(FLOATS, WRITTEN, WRITTEN, st.sampled_from([0.1, 0.2, 0.3, 1024.4, 460.98]))


def nearest(exact: Fraction) -> float:
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def decimal(value: float) -> Fraction:
    return Fraction(repr(value))


def decimal_sum(row: list[float], weights: list[int] | None = None, mean: bool = False) -> float:
    """The sum of the decimals ``repr`` writes the values as, weighted, rounded once."""
    each = weights or [1] * len(row)
    total = sum((decimal(v) * w for v, w in zip(row, each, strict=True)), Fraction(0))
    return nearest(total / sum(each) if mean else total)


ROWS = st.integers(1, 4).flatmap(
    lambda k: st.lists(st.lists(VALUES, min_size=k, max_size=k), min_size=1, max_size=20)
)


def same(expected: list[float], got: Any) -> bool:
    return [repr(x) for x in expected] == [repr(x) for x in got.tolist()]


class TestPlaces:
    def test_as_written(self) -> None:
        """The places of the shortest decimal; -1 beyond 12 places, too large, or not finite."""
        values = np.array([0.1, 45.0, 1024.4, 1.005, 1e-12, 1e-13, 2.0**60, np.inf, np.nan])
        assert [1, 0, 1, 3, 12, -1, -1, -1, -1] == _decimals.places(values).tolist()


class TestSums:
    @settings(max_examples=300, database=None)
    @given(ROWS)
    @hypothesis.example([[0.1, 0.2, 0.3]])
    @hypothesis.example([[0.1, 0.1, 0.1]])
    @hypothesis.example([[1e308, 1e308, -1e308]])
    @hypothesis.example([[1e308, 1e308]])
    @hypothesis.example([[2.0**-1074, 2.0**-1074, 1.0]])
    @hypothesis.example([[2.0**53, 1.0, 1.0]])
    @hypothesis.example([[123456.789012, 0.000001]])
    def test_sums_and_means(self, rows: list[list[float]]) -> None:
        """Each row's sum, and mean, is that of its values' decimals, rounded once."""
        values = np.array(rows)
        assert same([decimal_sum(r) for r in rows], _decimals.sums(values))
        assert same([decimal_sum(r, mean=True) for r in rows], _decimals.sums(values, mean=True))

    @settings(max_examples=200, database=None)
    @given(ROWS, st.data())
    def test_weighted_means(self, rows: list[list[float]], data: Any) -> None:
        """A mean weighted by whole numbers of periods, as the decimals give it."""
        k = len(rows[0])
        weights = [data.draw(st.lists(st.integers(1, 12), min_size=k, max_size=k)) for _ in rows]
        got = _decimals.sums(np.array(rows), np.array(weights, dtype=float), mean=True)
        assert same([decimal_sum(r, w, True) for r, w in zip(rows, weights, strict=True)], got)

    def test_pennies_add_up_to_the_penny(self) -> None:
        """Three months of £0.10 are £0.30, not the float sum 0.30000000000000004."""
        assert [0.3, 0.45] == _decimals.sums(np.array([[0.1, 0.1, 0.1], [0.1, 0.2, 0.15]])).tolist()
        assert [0.15] == _decimals.sums(np.array([[0.1, 0.2, 0.15]]), mean=True).tolist()
        assert 0.1 + 0.1 + 0.1 != 0.3  # (what adding the floats would have given)

    def test_zero_has_no_sign(self) -> None:
        """-0.0 and -0.0 add up to 0, as the decimals do."""
        assert "0.0" == repr(_decimals.sums(np.array([[-0.0, -0.0]])).tolist()[0])

    def test_infinities(self) -> None:
        """An infinity stays; opposite infinities are NaN."""
        sums = _decimals.sums(np.array([[math.inf, 1.0], [math.inf, -math.inf]])).tolist()
        assert math.inf == sums[0]
        assert math.isnan(sums[1])


class TestQuotients:
    @settings(max_examples=400, database=None)
    @given(st.lists(st.tuples(VALUES, st.sampled_from([1.0, 100.0, 1000.0, 1e5, 0.5]), VALUES)))
    @hypothesis.example([(460.98, 100.0, 1024.4), (0.07, 100.0, 1.0), (29.0, 1.0, 100.0)])
    @hypothesis.example([(1.0, 1.0, 3.0), (1e308, 100.0, 1e-300), (5.0, 1.0, 0.0)])
    def test_as_the_decimals_divide(self, parts: list[tuple[float, float, float]]) -> None:
        """top x scale / bottom of the decimals, rounded once; NaN for a bottom of 0."""
        expected = [
            math.nan if u == 0 else nearest(decimal(t) * decimal(s) / decimal(u))
            for t, s, u in parts
        ]
        top, scale, bottom = np.array(parts, dtype=float).reshape(-1, 3).T
        assert same(expected, _decimals.quotients(top, scale, bottom))

    def test_a_target_met_exactly(self) -> None:
        """460.98 tonnes of 1,024.4 is 45%, not the float quotient 44.99999999999999."""
        got = _decimals.quotients(np.array([460.98]), np.array([100.0]), np.array([1024.4]))
        assert [45.0] == got.tolist()
        assert 460.98 * 100 / 1024.4 != 45.0  # (what dividing the floats gives)

    def test_missing_and_infinite(self) -> None:
        """NaN anywhere, or a bottom of 0, is NaN; an infinity divides as floats do."""
        top = np.array([np.nan, 1.0, 1.0, np.inf, 1.0])
        bottom = np.array([1.0, np.nan, 0.0, 2.0, np.inf])
        got = _decimals.quotients(top, np.ones(5), bottom).tolist()
        assert [True, True, True, False, False] == [math.isnan(v) for v in got]
        assert [math.inf, 0.0] == got[3:]
