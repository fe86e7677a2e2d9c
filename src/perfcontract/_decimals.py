"""Arithmetic on readings as the decimals they are written as, rounded once.

A reading of 0.1 is one tenth, as written, but the float that holds it is
not: three months of £0.10 added as floats make 0.30000000000000004, which
rates a quarter that meets a £0.30 target to the penny as short of it, and
460.98 tonnes of 1,024.4 as a percentage comes out 44.99999999999999, short
of a 45% target it meets. Here each value is read as its shortest decimal,
the one ``repr`` writes (as :func:`~perfcontract.engine.round_half_away`
reads it), the arithmetic is exact, and the result is the float nearest the
exact answer. Values of at most 12 decimal places are worked as 64-bit
integers with one division at the end, all at once; the rest as fractions,
one by one.

```pycon
>>> import numpy as np
>>> sums(np.array([[0.1, 0.1, 0.1]])).tolist(), float(0.1 + 0.1 + 0.1)
([0.3], 0.30000000000000004)
>>> quotients(np.array([460.98]), np.array([100.0]), np.array([1024.4])).tolist()
[45.0]

```
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

_PLACES = 12  # decimal places of a value worked as an integer; more take fractions
_WHOLE = 2.0**51  # a value times a power of ten below this rounds to the decimal's integer
_EXACT = 2.0**53  # integers up to this are floats exactly


def places(values: FloatArray) -> npt.NDArray[np.int64]:
    """Each value's decimal places as its shortest decimal writes them: -1 for one with
    more than 12, or too large to work as an integer, or not finite.

    ```pycon
    >>> places(np.array([0.1, 45.0, 1024.4, 0.30000000000000004, np.nan])).tolist()
    [1, 0, 1, -1, -1]

    ```
    """
    found = np.full(values.shape, -1, dtype=np.int64)
    with np.errstate(invalid="ignore", over="ignore"):
        for d in range(_PLACES + 1):  # the fewest places that read back as the value
            scale = 10.0**d
            whole = np.rint(values * scale)
            hit = (found < 0) & (np.abs(whole) < _WHOLE) & (whole / scale == values)
            found[hit] = d
            if (found >= 0).all():
                break
    return found


def sums(
    values: FloatArray, weights: FloatArray | None = None, *, mean: bool = False
) -> FloatArray:
    """Each row's sum of its values' decimals (each times its weight; over the weights'
    sum for a ``mean``), rounded once. An infinity stays; opposite infinities give NaN.

    ```pycon
    >>> sums(np.array([[0.1, 0.2, 0.15]]), mean=True).tolist()
    [0.15]
    >>> sums(np.array([[16.8, 16.1, 15.4, 14.6]]), mean=True).tolist()  # not 15.725000000000001
    [15.725]

    ```
    """
    each = np.ones(values.shape) if weights is None else weights
    result = np.full(len(values), np.nan)
    written = places(values)
    shift = written.max(axis=1, initial=0)
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.rint(values * 10.0 ** shift[:, np.newaxis])
        fast = (
            (written >= 0).all(axis=1)
            & (np.abs(scaled) < _WHOLE).all(axis=1)
            & (each == np.rint(each)).all(axis=1)
            & (np.abs(each).sum(axis=1) < 2**11)  # 2**51 x 2**11: no 64-bit overflow
        )
    total = (scaled[fast].astype(np.int64) * each[fast].astype(np.int64)).sum(axis=1)
    divisor = 10 ** shift[fast] * (each[fast].sum(axis=1).astype(np.int64) if mean else 1)
    exact = np.asarray((np.abs(total) <= _EXACT) & (divisor <= _EXACT))
    rows = np.flatnonzero(fast)[exact]
    result[rows] = total[exact] / divisor[exact]  # one division, rounded once
    done = np.zeros(len(values), dtype=bool)
    done[rows] = True
    for i in np.flatnonzero(~done).tolist():
        row, weight = values[i].tolist(), each[i].tolist()
        if all(math.isfinite(v) for v in row):
            total_fraction = sum(
                (_fraction(v) * Fraction(w) for v, w in zip(row, weight, strict=True)),
                Fraction(0),
            )
            result[i] = _nearest(total_fraction / Fraction(sum(weight)) if mean else total_fraction)
        else:  # an infinity, as floats add it (opposite ones give NaN)
            with np.errstate(invalid="ignore"):
                total_float = float(np.sum(values[i] * each[i]))
            result[i] = total_float / sum(weight) if mean else total_float
    return result


def quotients(top: FloatArray, scale: FloatArray, bottom: FloatArray) -> FloatArray:
    """``top * scale / bottom`` of the decimals, rounded once: NaN where ``bottom`` is 0,
    or any of the three is NaN; as floats divide where one is infinite.

    ```pycon
    >>> quotients(np.array([0.07, 29.0, 1.0]), np.array([100.0, 1.0, 1.0]),
    ...           np.array([1.0, 100.0, 0.0])).tolist()
    [7.0, 0.29, nan]

    ```
    """
    parts = np.stack([top, scale, bottom], axis=1)
    written = places(parts)
    result = np.full(len(top), np.nan)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        whole = np.rint(parts * 10.0**written)  # each part's own integer
        # top x scale / bottom = (t 10^-a)(s 10^-b) / (u 10^-c) = t s 10^c / (u 10^(a+b))
        numerator = whole[:, 0] * whole[:, 1] * 10.0 ** written[:, 2]
        denominator = whole[:, 2] * 10.0 ** (written[:, 0] + written[:, 1])
        bound = np.abs(whole[:, 0]) * np.abs(whole[:, 1]) * 10.0 ** written[:, 2]
        fast = (
            (written >= 0).all(axis=1)
            & (bound < _EXACT / 2)  # the products are exact, with room to spare
            & (np.abs(denominator) < _EXACT / 2)
            & (denominator != 0)
        )
        # One division, rounded once; + 0.0 makes -0.0 nought, as the decimals have it.
        result[fast] = numerator[fast] / denominator[fast] + 0.0
        floats = ~fast & ~np.isfinite(parts).all(axis=1)  # an infinity or NaN, as floats
        result[floats] = top[floats] * scale[floats] / bottom[floats]
    for i in np.flatnonzero(~fast & ~floats).tolist():
        t, s, u = (float(v) for v in parts[i])
        result[i] = math.nan if u == 0 else _nearest(_fraction(t) * _fraction(s) / _fraction(u))
    result[bottom == 0] = np.nan
    return result


def _fraction(value: float) -> Fraction:
    """The shortest decimal that reads back as ``value``, exactly."""
    return Fraction(repr(value))


def _nearest(exact: Fraction) -> float:
    """The float nearest ``exact``; an infinity of its sign beyond the floats."""
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf
