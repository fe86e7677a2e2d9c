"""Single- and half-precision floats read as the decimals they print as.

numpy prints a float32 as the shortest decimal that reads back as the same
float32 (the closest such decimal to it, if there are several): ``2.675``,
though the float32 holds 2.674999952316284. A reading given as a float32 is
taken to be that decimal, as a person reading it would take it, so it is
widened to the float64 nearest to the decimal, not to the float32 itself.

Printing each value and reading it back (``a.astype(str)``) costs about two
microseconds a value. :func:`printed` finds the same decimals with numpy
passes over a block of values at a time instead:

* a float16 has 65,536 values: each one's is looked up in a table, made
  once by printing them all;
* for a float32 ``x``, the decimal with ``p`` places nearest to ``x`` is
  ``rint(x * 10**p) / 10**p``; the shortest decimal that reads back as ``x``
  is that of the fewest places that does (a decimal of fewer places that
  reads back as ``x`` lies in the interval that rounds to ``x``, so the
  nearest of more places does too). Each ``p`` from one digit before the
  first to nine digits on is tried in turn, until every value of the block
  is found: values of few digits (``26.5``, ``2.675``) take three or four
  steps.

The arithmetic is float64's, so a step is exact but where a value lies all
but on a boundary: ``x * 10**p`` within a millionth of a half (which way
``rint`` goes), or a decimal within a few float64 steps of the midpoint
between ``x`` and a neighbour (which way it reads back). Only the last two
steps decide a value, and where either is in doubt, or the value is beyond
10^±12, numpy prints it and it is read back. Whole numbers below 2**24
print as themselves and are only widened.

```pycon
>>> import numpy as np
>>> printed(np.array([2.675, 0.1, 26.0, np.nan, 3e38], dtype=np.float32)).tolist()
[2.675, 0.1, 26.0, nan, 3e+38]
>>> np.array([2.675], dtype=np.float32).astype(np.float64).tolist()  # only widened
[2.674999952316284]

```
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["printed"]

FloatArray = npt.NDArray[np.float64]
_BLOCK = 1 << 16  # values worked on at a time
_POWERS = np.array([float(10**i) for i in range(23)])  # each exact in a float64
_PLACES = 22  # decimals from 10**22 apart to 10**-22 apart: y * times / over in those places
_TIMES = np.concatenate([np.ones(_PLACES), _POWERS])
_OVER = np.concatenate([_POWERS[:0:-1], np.ones(_PLACES + 1)])
_NEAR_HALF = 1e-6  # x * 10**p this near a half: rint may go either way
_NEAR_MIDPOINT = 4.0  # float64 steps from a midpoint: the float32 it reads back as is in doubt
_LEAST, _MOST = 1e-12, 1e12  # beyond these, 10**p may not be exact: numpy prints them


def printed(values: npt.NDArray[np.floating[Any]]) -> FloatArray:
    """A float32 or float16 array as float64, each value the decimal it prints as; a float64
    array as it is (it prints as the decimal it is)."""
    if values.dtype == np.float64:
        return values  # type: ignore[return-value]
    if values.dtype not in (np.float32, np.float16):
        raise TypeError(f"printed takes float16, float32 or float64 values, not {values.dtype}")
    with np.errstate(invalid="ignore"):  # a signalling NaN stays NaN
        wide = values.astype(np.float64, order="C")  # a new array: its flat view is itself
    flat, narrow = wide.reshape(-1), np.ravel(values)
    if values.dtype == np.float16:
        np.take(_halves(), narrow.view(np.uint16), out=flat)
        return wide
    work = _Work(min(_BLOCK, flat.size))
    for start in range(0, flat.size, _BLOCK):
        _shortest(narrow[start : start + _BLOCK], flat[start : start + _BLOCK], work)
    return wide


@functools.cache
def _halves() -> FloatArray:
    """Every float16, by its bits, as the float64 of the decimal it prints as."""
    every = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    with np.errstate(invalid="ignore"):
        return every.astype(str).astype(np.float64)


class _Work:
    """Buffers for a block's steps, made once for an array."""

    def __init__(self, size: int) -> None:
        self.floats = [np.empty(size) for _ in range(8)]
        self.flags = [np.empty(size, dtype=bool) for _ in range(4)]
        self.narrow = np.empty(size, dtype=np.float32)


def _shortest(narrow: npt.NDArray[np.float32], wide: FloatArray, work: _Work) -> None:
    """Set ``wide`` (``narrow`` widened) to each value's shortest decimal, in place.

    Every value of the block is worked on at each step, those found kept as they are
    (numpy's passes over a whole block cost less than picking out the values left, and
    arithmetic less than a masked copy)."""
    n = len(wide)
    y, first, times, over, scaled, candidate, found, steps = (a[:n] for a in work.floats)
    plain, doubt, left, back = (a[:n] for a in work.flags)
    read_back = work.narrow[:n]
    with np.errstate(invalid="ignore"):
        np.abs(wide, out=y)
        np.equal(np.floor(wide, out=scaled), wide, out=plain)
        plain &= np.less(y, 2.0**24, out=back)  # prints as the whole number
        np.isfinite(wide, out=left)
        left &= np.logical_not(plain, out=back)
        np.less(y, _LEAST, out=doubt)
        doubt |= np.greater_equal(y, _MOST, out=back)
        doubt &= left  # beyond 10^±12: printed by numpy
        left &= np.logical_not(doubt, out=back)
    if left.any():
        y.fill(1.0)  # the values to find, 1 in the place of the others
        np.copyto(y, wide, where=left)
        np.floor(np.log10(np.abs(y, out=first), out=first), out=first)  # -12 to 11
        # From one digit before the first (1e-05, which the float32 9.99999974e-06 prints
        # as), one more digit at each step; a value's last step is counted in ``steps``.
        steps.fill(0.0)
        _scale(steps, first, times, over)
        found.fill(0.0)
        for _ in range(11):  # up to nine digits after the first, which always read back
            _decimal(y, times, over, scaled, candidate)
            np.copyto(read_back, candidate, casting="same_kind")
            np.logical_and(np.equal(read_back, narrow, out=back), left, out=back)
            found += candidate * back  # found once: the other steps add 0
            left &= np.logical_not(back, out=back)
            if not left.any():
                break
            steps += left
            times *= np.maximum(np.divide(10.0, over, out=scaled), 1.0, out=scaled)
            np.maximum(np.divide(over, 10.0, out=over), 1.0, out=over)  # over is 1 first
        doubt |= left  # never: nine digits always read back
        np.logical_and(np.isfinite(wide, out=back), np.logical_not(plain, out=plain), out=back)
        back &= np.logical_not(doubt, out=plain)
        np.copyto(wide, found, where=back)
        doubt |= _in_doubt(narrow, y, first, steps, back, work)
    if doubt.any():
        wide[doubt] = _numpy_printed(narrow[doubt])


def _scale(step: FloatArray, first: FloatArray, times: FloatArray, over: FloatArray) -> None:
    """``times`` and ``over`` for the decimals of a step (0: those of one digit before the
    first, whose place is ``first``; each step one digit more): y rounded to those places
    is rint(y * times / over) / times * over, one of them 1 and the other a power of ten."""
    places = np.subtract(step, first, out=times).astype(np.intp)  # digits after the point,
    places += _PLACES - 1  # and one, from -_PLACES: the decimals are 10**-places apart
    np.take(_TIMES, places, out=times)
    np.take(_OVER, places, out=over)


def _decimal(
    y: FloatArray, times: FloatArray, over: FloatArray, scaled: FloatArray, out: FloatArray
) -> None:
    """The decimal of those places nearest to ``y``, each step rounded once (one of
    ``times`` and ``over`` is 1); ``scaled`` is left holding ``y`` in those places."""
    np.divide(np.multiply(y, times, out=scaled), over, out=scaled)
    np.multiply(np.divide(np.rint(scaled, out=out), times, out=out), over, out=out)


def _in_doubt(
    narrow: npt.NDArray[np.float32],
    wide: FloatArray,
    first: FloatArray,
    steps: FloatArray,
    found: npt.NDArray[np.bool_],
    work: _Work,
) -> npt.NDArray[np.bool_]:
    """Where a value ``found`` might not have numpy's decimal.

    Fewer places never read back where more do not, so two steps decided each value:
    the decimal kept (after ``steps`` steps) and the one before it, which did not read
    back. Either is in doubt where the float64 nearest to it is all but on a midpoint
    between the value and a neighbour (it might read back either way), or where the value
    is all but halfway between two decimals of those places (``rint`` might have gone the
    other way) and the other one, about twice the value less this one, reads back (or
    might): numpy takes the nearer."""
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and infinities: never found
        original = narrow.astype(np.float64)
        low = (original + np.nextafter(narrow, np.float32(-np.inf))) / 2.0  # exact
        high = (original + np.nextafter(narrow, np.float32(np.inf))) / 2.0
    doubt = np.zeros(len(narrow), dtype=bool)
    times, over, scaled, candidate = (np.empty(len(narrow)) for _ in range(4))
    for before in (0.0, 1.0):
        _scale(steps - before, first, times, over)
        _decimal(wide, times, over, scaled, candidate)
        doubt |= found & _near(candidate, low, high)
        halfway = found & (np.abs(np.abs(scaled - np.rint(scaled)) - 0.5) < _NEAR_HALF)
        halves = np.flatnonzero(halfway)
        if halves.size:  # the other decimal, about twice the value less this one
            other = 2.0 * original[halves] - candidate[halves]
            doubt[halves] |= (other.astype(np.float32) == narrow[halves]) | _near(
                other, low[halves], high[halves]
            )
    return doubt


def _near(decimal: FloatArray, low: FloatArray, high: FloatArray) -> npt.NDArray[np.bool_]:
    """Where the float64 ``decimal`` is so near ``low`` or ``high`` (a few float64 steps)
    that the decimal it stands for might read back as the float32 either side of it."""
    steps = np.abs(decimal) * (_NEAR_MIDPOINT * 2.0**-52)
    near: npt.NDArray[np.bool_] = (np.abs(decimal - low) <= steps) | (
        np.abs(decimal - high) <= steps
    )
    return near


def _numpy_printed(values: npt.NDArray[np.float32]) -> FloatArray:
    """The values printed by numpy and read back: the slow way, for the few in doubt."""
    result: FloatArray = values.astype(str).astype(np.float64)
    return result
