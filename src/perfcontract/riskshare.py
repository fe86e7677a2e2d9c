"""Who pays an overspend: exact risk-share splits and worked settlements.

A contract's ``risk share`` block gives the council's and the provider's
percentages, as one band or as NEC-style bands (each slice of the overspend
shared at its own band's rates), an optional cap on what the provider pays,
and a gain share for an underspend (by default the same shares).

The odd penny. Each party's share is worked out exactly, then the
provider's share is rounded *towards zero* to the whole penny and the
council's share is the rest, so the parts always add up to the amount. The
council takes any odd penny: the provider never pays (nor receives) more than
its contractual percentage, and the council, which holds the budget and signs
off the accounts, absorbs the rounding.

```pycon
>>> import perfcontract as pc
>>> terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
>>> terms.split("1.35m")
Split(council=Decimal('945000.00'), provider=Decimal('405000.00'))
>>> terms.split("0.01")
Split(council=Decimal('0.01'), provider=Decimal('0.00'))

```

An amount is taken as written, to the penny: one finer than a penny (such
as ``"0.005"``, or the float ``1.005``) is refused, never rounded for you,
as the command line refuses it. :func:`split_many`, for simulated amounts,
rounds each to the penny first instead (see there).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, Inexact, localcontext
from typing import TYPE_CHECKING, Any

import attrs

from perfcontract._escape import column_width, markdown_cell, markdown_text, one_line
from perfcontract.errors import Diagnostic
from perfcontract.money import (
    EXACT_CONTEXT,
    MAX_PENNIES,
    PENNY,
    MoneyError,
    _array,
    _pennies,
    format_money,
    parse_money,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from perfcontract.model import RiskShare, ShareBand
    from perfcontract.periods import PeriodLike

__all__ = [
    "Exposure",
    "Funding",
    "Settlement",
    "Split",
    "exposure",
    "settle",
    "split",
    "split_many",
]

# Adding and multiplying amounts and shares: never rounded, and an error if it were.
_EXACT = EXACT_CONTEXT.copy()
_EXACT.traps[Inexact] = True
Amount = str | Decimal | int | float


@attrs.frozen
class Split:
    """An amount divided between council and provider, exact to the penny.

    ```pycon
    >>> s = Split(council=Decimal("945000.00"), provider=Decimal("405000.00"))
    >>> s.amount
    Decimal('1350000.00')

    ```
    """

    council: Decimal
    provider: Decimal

    @property
    def amount(self) -> Decimal:
        """The whole amount: council plus provider."""
        return self.council + self.provider


def _bands(terms: RiskShare, amount: Decimal) -> Sequence[ShareBand]:
    return terms.bands if amount >= 0 else terms.gain_share


def _provider_exact(bands: Sequence[ShareBand], size: Decimal) -> Decimal:
    """The provider's exact share of ``size`` (>= 0), slice by slice."""
    share = Decimal(0)
    with localcontext(_EXACT):  # products and sums of any size, never rounded: or an error
        for band in bands:
            if size <= band.lower:
                break
            top = size if band.upper is None else min(size, band.upper)
            share += ((top - band.lower) * band.provider).scaleb(-2)  # per cent
    return share


def split(terms: RiskShare, amount: Amount, *, period: PeriodLike | None = None) -> Split:
    """Divide an overspend (positive) or an underspend (negative) by the contract's terms.

    Each slice of the amount is shared at its band's rates; the provider's
    share is capped at ``provider cap`` (the excess falls to the council),
    or the council's at ``council cap`` (the excess falls to the provider);
    an underspend or a surplus is shared by the gain share and its bands.
    The provider's share is rounded towards zero to the penny and the
    council takes the rest (see the module's note on the odd penny); under a
    council cap the council's share is the smaller of that and the cap.
    Terms that change from a date need the ``period`` the amount is for
    (see :meth:`~perfcontract.model.RiskShare.at`).

    The amount is text (``"£1.5m"``), a :class:`~decimal.Decimal`, a whole
    number of pounds or a float (read as the decimal it prints as). It must
    be a whole number of pence: an amount finer than a penny raises
    :class:`~perfcontract.money.MoneyError` (a ``ValueError`` too), as
    ``perfcontract risk-share`` refuses it, since the parts would add up to
    a rounded figure, not to the amount given.

    ```pycon
    >>> import perfcontract as pc
    >>> terms = pc.loads('''contract "c" { risk share {
    ...     band up to £1m: council 50%, provider 50%
    ...     band above £1m: council 70%, provider 30%
    ...     provider cap £2m
    ... } }''').risk_share
    >>> terms.split("£1.5m")  # £500k + £150k from the provider
    Split(council=Decimal('850000.00'), provider=Decimal('650000.00'))
    >>> terms.split("£10m").provider  # capped
    Decimal('2000000.00')
    >>> terms.split("-£100k")  # an underspend: the gain is shared too
    Split(council=Decimal('-50000.00'), provider=Decimal('-50000.00'))

    A council cap, and a leisure trust's profit share written as it reads
    (the trust keeps a surplus up to £250k, and half of the rest):

    ```pycon
    >>> capped = pc.loads('''contract "c" { risk share {
    ...     council 70% provider 30%  council cap £3m } }''').risk_share
    >>> capped.split("£5m")
    Split(council=Decimal('3000000.00'), provider=Decimal('2000000.00'))
    >>> leisure = pc.loads('''contract "c" { risk share {
    ...     council 100% provider 0%
    ...     gain share: council 0%, provider 100%
    ...     gain share band above £250k: council 50%, provider 50% } }''').risk_share
    >>> leisure.split("-£262,500")  # a surplus of £262,500: the council's share is £6,250
    Split(council=Decimal('-6250.00'), provider=Decimal('-256250.00'))

    ```

    Less than a penny is refused, never rounded:

    ```pycon
    >>> terms.split("1.005")
    Traceback (most recent call last):
    ...
    perfcontract.money.MoneyError: <string>: error: `1.005` is not a whole number of pence
    help: an amount is taken as written, never rounded for you: round it to the penny

    ```
    """
    total = _exact(amount)
    terms = _in_force(terms, period)
    with localcontext(EXACT_CONTEXT):  # whatever context the caller has set
        exact = _provider_exact(_bands(terms, total), abs(total))
        provider = exact.quantize(PENNY, rounding=ROUND_DOWN)
        if terms.provider_cap is not None and total >= 0:
            provider = min(provider, terms.provider_cap.quantize(PENNY, rounding=ROUND_DOWN))
        if terms.council_cap is not None and total >= 0:
            provider = max(provider, total - terms.council_cap.quantize(PENNY, rounding=ROUND_DOWN))
        provider = provider if total >= 0 else -provider
        return Split(council=total - provider, provider=provider)


def _exact(amount: Amount, what: str = "") -> Decimal:
    """An amount as given, which must be a whole number of pence: MoneyError if not.

    ``what`` names the argument in the message (``outturn: `1.005` is not ...``).
    """
    try:
        return parse_money(amount, exact=True)
    except MoneyError as error:
        if not what:
            raise
        first = error.first
        raise MoneyError([attrs.evolve(first, message=f"{what}: {first.message}")]) from None


def _in_force(terms: RiskShare, period: PeriodLike | None) -> RiskShare:
    """The terms for the period, checked: one cap at most (as the language has it)."""
    if terms.provider_cap is not None and terms.council_cap is not None:
        raise ValueError("a risk share caps one party: a provider cap or a council cap, not both")
    return terms.at(period)


def split_many(
    terms: RiskShare,
    amounts: npt.ArrayLike,
    *,
    in_pennies: bool = False,
    period: PeriodLike | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Split many amounts at once, in whole pennies: (council, provider) int64 arrays.

    ``amounts`` are in pounds: each is first rounded to the penny as
    :func:`~perfcontract.money.parse_money` rounds one amount (a float half
    away from zero on the decimal it reads as, so 1.005 is £1.01), then split
    by the same rules as :func:`split`, in exact integer arithmetic, so every
    element is what :func:`split` gives for its amount rounded to the penny,
    and the two parts add up to that. Unlike :func:`split`, which refuses an
    amount finer than a penny, this rounds one: its amounts are simulated
    ones, and a simulated outturn (a normal draw, say) is almost never a
    whole number of pence. Amounts from a ledger can be checked first with
    ``parse_money(x, exact=True)``. With ``in_pennies=True`` the amounts are whole pennies
    already (integers). The shape of ``amounts`` is kept. 10^6 amounts take a
    few hundredths of a second, however many bands the terms have (but see
    :func:`~perfcontract.money.pennies_many` on floats beyond £8.8 trillion).
    A council cap, gain-share bands and dated terms (one ``period`` for all
    the amounts) are split as :func:`split` splits them.

    Amounts must be finite and at most £10^15 either side of zero, as for
    :func:`split`. Every bad amount (NaN, infinity, too large, text that is
    not money, lists of different lengths) raises
    :class:`~perfcontract.money.MoneyError`, naming the first bad amount and
    its place; it is a ``ValueError`` as well, so code that caught
    ``ValueError`` still does. A wrong kind of amount (True or False, floats
    or text given as pennies) raises ``TypeError``, as for :func:`split`.

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
    >>> council, provider = split_many(terms, np.array([1_350_000.0, 0.01, -100.0]))
    >>> council.tolist(), provider.tolist()
    ([94500000, 1, -7000], [40500000, 0, -3000])
    >>> council, provider = split_many(terms, [135_000_000, 1, -10_000], in_pennies=True)
    >>> council.tolist(), provider.tolist()
    ([94500000, 1, -7000], [40500000, 0, -3000])
    >>> split_many(terms, [1.0, float("nan")])
    Traceback (most recent call last):
    ...
    perfcontract.money.MoneyError: <string>: error: amount [1]: `nan` is not an amount of money

    ```
    """
    import numpy as np  # only for many scenarios

    values = _array(amounts)
    splitter = _Splitter.of(_in_force(terms, period))
    flat = values.reshape(-1)
    council = np.empty(flat.shape, dtype=np.int64)
    provider = np.empty(flat.shape, dtype=np.int64)
    # In slices small enough for the processor's cache: about half the time.
    for start in range(0, flat.size, _CHUNK):
        pennies = _pennies(flat[start : start + _CHUNK], in_pennies, start, values.shape)
        share = splitter.provider(pennies)
        provider[start : start + _CHUNK] = share
        np.subtract(pennies, share, out=council[start : start + _CHUNK])
    return council.reshape(values.shape), provider.reshape(values.shape)


# -- many amounts, in integer pennies ---------------------------------------------
#
# Within one band the provider's exact share of an amount of s pennies is
# s * rate + offset, the offset carrying the bands below; with a cap, the
# share from the first amount that reaches the cap on is the cap itself: one
# more row, of rate 0. So each amount needs one row, however many bands there
# are; an underspend's rows (the gain share's) sit below zero, mirrored. Over
# one common denominator E (the least that makes every rate and offset whole),
# rate = R / E and offset = K / E, and the share rounded down is
# (s * R + K) // E, worked out in one of three ways:
#
# * in int64 as it stands, when s * R + K cannot pass 2**63 - 1 for the
#   largest amount in hand (with amounts up to £10^8 and shares to six
#   decimal places, so E <= 10**8, it cannot);
# * else, in int64 split in two: with K = W * E + r (0 <= r < E) and
#   s = u * E + v (0 <= v < E), it is u * R + W + (v * R + r) // E. Here
#   u * R <= s * rate <= s <= 10**17 (MAX_PENNIES, the largest amount taken),
#   |W| <= 10**17 (an offset lies between minus its band's lower edge and the
#   share of everything below it, or is the cap, and rows start at or below
#   MAX_PENNIES), and v * R + r <= (E - 1) * E + E - 1 = E * E - 1, which fits
#   exactly when E <= isqrt(2**63) = 3,037,000,499. So no amount the library
#   takes and no number of bands can overflow it: only the denominator can.
#   The language allows shares to six decimal places on whole-penny edges, so
#   E divides 10**8;
# * else (terms built by hand with shares to eight or more decimal places, or
#   band edges finer than a penny), in Python integers: exact at any size,
#   about fifteen times slower.

_LARGEST_INT64_DENOMINATOR = math.isqrt(2**63)  # (E - 1) * E + E - 1 < 2**63
_INT64_MAX = 2**63 - 1
_LOWEST = -(2**63)  # a start below every amount
_CHUNK = 2**15  # amounts split at a time: a few arrays of them fit in a processor's cache


@attrs.frozen
class _Row:
    """The provider's exact share of a size ``s`` from ``start`` on: ``(s * rate + offset) / D``.

    ``D`` is the table's common denominator.
    """

    start: int  # pennies: the first size (whole pennies) the row applies to
    rate: int
    offset: int


@attrs.frozen
class _Table:
    """Risk-share terms as integer rows over one denominator, for :func:`split_many`.

    Row ``j`` applies to amounts (signed pennies) from ``starts[j]`` up to the
    next start; the provider's share of an amount of size ``s`` there is, rounded
    down, ``(s * rates[j] + offsets[j]) // denominator``.
    """

    starts: tuple[int, ...]
    rates: tuple[int, ...]
    offsets: tuple[int, ...]
    denominator: int

    @classmethod
    def of(cls, terms: RiskShare) -> _Table:
        """The table of the terms: underspend rows mirrored below zero, then the overspend rows."""
        bands = (*terms.bands, *terms.gain_share)
        edges = [b.lower for b in bands] + [b.upper for b in bands if b.upper is not None]
        if not all(d.is_finite() for d in (*edges, *(b.provider for b in bands))):
            raise ValueError("risk-share terms must be finite amounts and percentages")
        # Whole numbers throughout: edges in pennies times `edge_scale`, shares in
        # per cent times `rate_scale`, each share of a penny over `denominator`.
        edge_scale = _scale(edges, places=2)
        rate_scale = _scale(b.provider for b in bands)
        denominator = edge_scale * 100 * rate_scale
        scales = (edge_scale, rate_scale)
        over = _rows(terms.bands, "bands", *scales)
        if terms.provider_cap is not None:
            over = _capped(over, _penny_cap(terms.provider_cap), denominator)
        if terms.council_cap is not None:
            over = _council_capped(over, _penny_cap(terms.council_cap), denominator)
        gain = _rows(terms.gain_share, "gain share", *scales)
        # An underspend of a size in [start_k, start_k+1) is an amount in
        # (-start_k+1, -start_k]: in increasing order, from the last row down.
        below = [_LOWEST, *(1 - row.start for row in reversed(gain[1:]))]
        rows = [*reversed(gain), *over]
        common = math.gcd(denominator, *(n for row in rows for n in (row.rate, row.offset)))
        return cls(
            starts=(*below, *(row.start for row in over)),
            rates=tuple(row.rate // common for row in rows),
            offsets=tuple(row.offset // common for row in rows),
            denominator=denominator // common,
        )


@attrs.define
class _Splitter:
    """A table made ready for numpy: how to find each amount's row, its columns as arrays."""

    table: _Table
    rows: _Rows | None  # None when every row is the same: no search
    columns: dict[str, list[Any]] = attrs.field(factory=dict)  # by way of working, when needed

    @classmethod
    def of(cls, terms: RiskShare) -> _Splitter:
        """The splitter for the terms."""
        table = _Table.of(terms)
        uniform = len(set(zip(table.rates, table.offsets, strict=True))) == 1
        return cls(table, None if uniform else _Rows.of(table.starts))

    def provider(self, pennies: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The provider's share of each amount (pennies, 1-d), rounded towards zero."""
        import numpy as np

        table = self.table
        size = np.abs(pennies)
        largest = int(size.max(initial=0))
        if (
            largest * max(table.rates) + max([0, *table.offsets]) <= _INT64_MAX
            and min(table.offsets) >= _LOWEST
        ):
            way = "direct"  # the numerator itself fits, as it does for any contract's money
        elif table.denominator <= _LARGEST_INT64_DENOMINATOR:
            way = "split"
        else:
            way = "exact"
        columns = self._columns(way)
        if self.rows is None:
            values = [c[0] for c in columns]
        else:
            row = self.rows.find(pennies)
            values = [c.take(row) for c in columns]
        result: npt.NDArray[np.int64] = _SHARES[way](size, table.denominator, *values)
        np.negative(result, out=result, where=pennies < 0)
        return result

    def _columns(self, way: str) -> list[Any]:
        """The table's columns as the given way of working takes them, as arrays."""
        import numpy as np

        if way not in self.columns:
            table = self.table
            if way == "split":
                wholes, parts = zip(
                    *(divmod(k, table.denominator) for k in table.offsets), strict=True
                )
                columns: list[Sequence[int]] = [table.rates, wholes, parts]
            else:
                columns = [table.rates, table.offsets]
            kind = object if way == "exact" else np.int64
            self.columns[way] = [np.array(c, dtype=kind) for c in columns]
        return self.columns[way]


@attrs.frozen
class _Rows:
    """Which row each amount falls in: the last whose start is at or below it."""

    edges: Any  # the starts, and an end above every amount
    # Many rows: equal cells from the second start to the last (the first is
    # _LOWEST), the row at each cell's lower end, and the most starts in a cell.
    low: int = 0
    width: int = 0
    first: Any = None
    most: int = -1  # -1: a few rows, compared one by one; > 3: a binary search

    @classmethod
    def of(cls, starts: tuple[int, ...]) -> _Rows:
        """Ready to find rows among these starts."""
        import numpy as np

        edges = np.array([*starts, _INT64_MAX], dtype=np.int64)
        if len(starts) <= 8:  # a few passes beat a branchy binary search
            return cls(edges)
        low, high = starts[1], starts[-1]
        width = -(-(high - low + 1) // (4 * len(starts)))
        cells = -(-(high - low + 1) // width)
        lower_ends = low + width * np.arange(-1, cells + 1, dtype=np.int64)
        first = np.searchsorted(edges, lower_ends, side="right") - 1
        first[0] = 0  # below the second start
        return cls(edges, low, width, first, int(np.diff(first).max()))

    def find(self, pennies: Any) -> Any:
        """The row of each amount."""
        import numpy as np

        if self.most < 0:
            row = np.zeros(pennies.shape, dtype=np.intp)
            for start in self.edges[1:-1].tolist():
                row += pennies >= start
            return row
        if self.most > 3:  # starts too uneven for cells: a binary search per amount
            row = np.searchsorted(self.edges, pennies, side="right")
            row -= 1
            return row
        # The row at the lower end of the amount's cell, then on over the few
        # starts inside the cell.
        cell = pennies - self.low
        cell //= self.width
        np.clip(cell, -1, self.first.size - 2, out=cell)
        cell += 1
        row = self.first.take(cell)
        for _ in range(self.most):
            row += self.edges.take(row + 1) <= pennies
        return row


def _share_direct(size: Any, denominator: int, rate: Any, offset: Any) -> Any:
    """``(size * rate + offset) // denominator``, when the numerator fits in int64."""
    share = size * rate
    share += offset
    share //= denominator
    return share


def _share_split(size: Any, denominator: int, rate: Any, whole: Any, part: Any) -> Any:
    """The same with the offset as ``whole * denominator + part``: never above 3 * 10**17."""
    import numpy as np

    u = size // denominator  # by one constant: fast in numpy, unlike divmod
    v = u * denominator
    np.subtract(size, v, out=v)
    u *= rate
    u += whole
    v *= rate
    v += part
    v //= denominator
    u += v
    return u


def _share_exact(size: Any, denominator: int, rate: Any, offset: Any) -> Any:
    """The same in Python integers: exact for any denominator."""
    import numpy as np

    return np.asarray((size.astype(object) * rate + offset) // denominator, dtype=np.int64)


_SHARES: dict[str, Callable[..., Any]] = {
    "direct": _share_direct,
    "split": _share_split,
    "exact": _share_exact,
}


def _scale(values: Iterable[Decimal], places: int = 0) -> int:
    """The least power of ten that makes every value, times ``10**places``, whole."""
    places = max([0, *(-int(v.as_tuple().exponent) - places for v in values)])
    return int(10**places)


def _whole(value: Decimal, scale: int) -> int:
    """``value * scale``, exactly, for a ``scale`` that makes it whole."""
    numerator, denominator = value.as_integer_ratio()
    return numerator * scale // denominator


def _rows(bands: Sequence[ShareBand], what: str, edge_scale: int, rate_scale: int) -> list[_Row]:
    """The rows of one set of bands, for sizes up to MAX_PENNIES; checked as the language checks."""
    if not bands or bands[0].lower != 0 or bands[-1].upper is not None:
        raise ValueError(f"the {what} must run from £0 to an open-ended last band")
    rows = []
    paid = 0  # the provider's exact share of every band below, over the denominator
    for band, after in zip(bands, [*bands[1:], None], strict=True):
        if not 0 <= band.provider <= 100:
            raise ValueError(f"a provider's share must be from 0% to 100%, not {band.provider}%")
        upper = band.upper
        if after is not None and (upper is None or not band.lower < upper == after.lower):
            raise ValueError(f"the {what} must follow on from each other, each above the last")
        lower = _whole(band.lower, 100 * edge_scale)  # pennies times edge_scale
        if lower > MAX_PENNIES * edge_scale:
            break  # no amount reaches it
        rate = _whole(band.provider, rate_scale)
        start = -(-lower // edge_scale)  # the first whole penny in the band
        rows.append(_Row(start, rate * edge_scale, paid - lower * rate))
        if upper is not None:
            paid += (_whole(upper, 100 * edge_scale) - lower) * rate
    return rows


def _penny_cap(cap: Decimal) -> int:
    """The cap in whole pennies, as :func:`split` rounds it (down)."""
    if not (cap.is_finite() and cap >= 0):
        raise ValueError(f"the provider cap must be an amount of £0 or more, not {cap}")
    numerator, denominator = cap.as_integer_ratio()
    return numerator * 100 // denominator


def _capped(rows: list[_Row], cap: int, denominator: int) -> list[_Row]:
    """The rows with the cap as one more row: the share from the first size that reaches it."""
    target = cap * denominator
    for i, row in enumerate(rows):
        end = rows[i + 1].start if i + 1 < len(rows) else None
        # The share rounded down reaches the (whole) cap when the exact share does.
        if row.rate:
            reach: int | None = max(row.start, -((row.offset - target) // row.rate))
        else:
            reach = row.start if row.offset >= target else None
        if reach is not None and (end is None or reach < end):
            kept = rows[:i] + ([row] if reach > row.start else [])
            if reach <= MAX_PENNIES:
                kept.append(_Row(reach, 0, target))
            return kept
    return rows


def _council_capped(rows: list[_Row], cap: int, denominator: int) -> list[_Row]:
    """The rows with a council cap: from the first size ``s`` whose council share
    reaches ``cap`` on, the provider's share is ``s - cap``, as one more row.

    The provider's share rounded down rises by at most a penny a penny (no
    share is above 100%), and ``s - cap`` by exactly one, so once the cap is
    reached it stays reached.
    """
    for i, row in enumerate(rows):
        end = rows[i + 1].start if i + 1 < len(rows) else None
        # The least s >= row.start with (s * rate + offset) // D <= s - cap, that
        # is s * (D - rate) > offset + (cap - 1) * D.
        slope = denominator - row.rate
        above = row.offset + (cap - 1) * denominator
        if slope > 0:
            reach: int | None = max(row.start, above // slope + 1)
        else:
            reach = row.start if above < 0 else None
        if reach is not None and (end is None or reach < end):
            kept = rows[:i] + ([row] if reach > row.start else [])
            if reach <= MAX_PENNIES:
                kept.append(_Row(reach, denominator, -cap * denominator))
            return kept
    return rows


@attrs.frozen
class Exposure:
    """What each party stands to pay across many simulated outturns, at given percentiles.

    ``council`` and ``provider`` map a percentile (50, 90, …) to an amount in
    pounds, exact to the penny.
    """

    scenarios: int
    council: dict[float, Decimal]
    provider: dict[float, Decimal]

    def __repr__(self) -> str:
        shown = ", ".join(f"{p:g}" for p in self.council)
        return f"<Exposure over {self.scenarios:,} scenarios: percentiles {shown}>"

    def to_text(self) -> str:
        """A small table: one row per percentile."""
        rows = [f"{'percentile':>10}  {'council':>16}  {'provider':>16}"]
        for p in self.council:
            rows.append(
                f"{p:>10g}  {format_money(self.council[p], full=True):>16}"
                f"  {format_money(self.provider[p], full=True):>16}"
            )
        return "\n".join(rows)


def exposure(
    terms: RiskShare,
    amounts: npt.ArrayLike,
    percentiles: Sequence[float] = (50, 75, 90, 95, 99),
    *,
    in_pennies: bool = False,
    period: PeriodLike | None = None,
) -> Exposure:
    """Each party's share at the given percentiles of many simulated outturns.

    The amounts are split by :func:`split_many` (in pounds, or whole pennies
    with ``in_pennies=True``). The percentiles are of each party's share
    (numpy's ``inverted_cdf`` method, so each figure is one of the simulated
    shares, exact to the penny).

    ```pycon
    >>> import numpy as np
    >>> import perfcontract as pc
    >>> terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
    >>> outturns = np.random.default_rng(2018).normal(3_000_000, 1_000_000, 1_000_000)
    >>> risk = exposure(terms, outturns, percentiles=(50, 95))
    >>> risk.scenarios, risk.council[50] > risk.provider[50], risk.council[95] > risk.council[50]
    (1000000, True, True)

    ```
    """
    import numpy as np  # only for many scenarios

    council, provider = split_many(terms, amounts, in_pennies=in_pennies, period=period)
    if council.size == 0:
        raise ValueError("there are no scenarios to take percentiles of")

    def at(pennies: Any) -> dict[float, Decimal]:
        # inverted_cdf picks elements, so the int64 pennies come back as they are.
        values = np.percentile(pennies, list(percentiles), method="inverted_cdf")
        return {
            float(p): Decimal(int(v)).scaleb(-2) for p, v in zip(percentiles, values, strict=True)
        }

    return Exposure(int(council.size), at(council), at(provider))


@attrs.frozen
class Funding:
    """One line of a settlement: what was paid, how much, by which party, from which source."""

    what: str
    amount: Decimal
    party: str
    source: str


@attrs.frozen
class Settlement:
    """A worked funding of an overspend, line by line, with totals by party and by source.

    Build one with :func:`settle`.
    """

    outturn: Decimal
    lines: tuple[Funding, ...]
    notes: tuple[Diagnostic, ...] = ()  # said of the inputs: a figure given and not used

    def __repr__(self) -> str:
        return f"<Settlement of an outturn of {self.outturn}: {len(self.lines)} funding lines>"

    @property
    def total(self) -> Decimal:
        """The sum of every line; equal to the outturn overspend."""
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def by_party(self) -> dict[str, Decimal]:
        """Totals by party, council first."""
        return _totals(self.lines, "party")

    @property
    def by_source(self) -> dict[str, Decimal]:
        """Totals by funding source, in the order the sources first appear."""
        return _totals(self.lines, "source")

    def to_markdown(self) -> str:
        """The working as Markdown tables: every line, then totals by source and by party.

        What each line pays for, its party and its source are escaped (raw
        HTML and ``|`` included) and put on one line, so they read as written.
        """
        rows = ["| What | Party | Source | Amount |", "|---|---|---|---:|"]
        for line in self.lines:
            amount = format_money(line.amount, full=True)
            what, party, source = map(markdown_cell, (line.what, line.party, line.source))
            rows.append(f"| {what} | {party} | {source} | {amount} |")
        rows.append(f"| **Total** | | | **{format_money(self.total, full=True)}** |")
        rows += ["", "| Source | Amount |", "|---|---:|"]
        rows += [
            f"| {markdown_cell(s)} | {format_money(a, full=True)} |"
            for s, a in self.by_source.items()
        ]
        rows += ["", "| Party | Amount |", "|---|---:|"]
        rows += [
            f"| {markdown_cell(p)} | {format_money(a, full=True)} |"
            for p, a in self.by_party.items()
        ]
        if self.notes:
            rows += ["", *(f"- {markdown_text(_noted(note))}" for note in self.notes)]
        return "\n".join(rows)

    @property
    def by_source_in_millions(self) -> dict[str, Decimal]:
        """Totals by source in £m to two places, adding up exactly to the outturn in £m.

        Each total rounded on its own can miss: the reference settlement's
        £3.095m and £0.335m are both halfway, and rounded half up they make
        £4.16m of a £4.15m outturn. So the figures are rounded by the largest
        remainder: every total is first cut down to the £0.01m below it, and
        the hundredths still needed to reach the outturn rounded to £0.01m
        (half away from zero) go one each to the totals that lost the most,
        the larger total first where two lost the same, then the one listed
        first. A report's £m table then adds up, as a finance officer's must.

        ```pycon
        >>> import perfcontract as pc
        >>> terms = pc.load("examples/dcst-2017-18.contract").risk_share
        >>> settlement = pc.settle(terms, outturn="£4.15m", projection="£2.99m",
        ...     funded_before_sharing=[("business cases", "£1.23m", "general fund"),
        ...                            ("business case", "£0.41m", "DSG")],
        ...     provider_can_pay="£0.07m",
        ...     movement_funding=[("additional DSG", "£0.24m", "DSG")])
        >>> settlement.by_source_in_millions
        {'general fund': Decimal('3.10'), 'DSG': Decimal('0.65'), \
'provider reserves': Decimal('0.07'), 'council reserves': Decimal('0.33')}
        >>> sum(settlement.by_source_in_millions.values())
        Decimal('4.15')

        ```
        """
        totals = self.by_source
        return dict(zip(totals, _largest_remainder(list(totals.values())), strict=True))

    def to_json(self) -> str:
        """The working as JSON: every amount an exact decimal string, to the penny.

        ```pycon
        >>> import json
        >>> from decimal import Decimal
        >>> line = Funding("share", Decimal("100.00"), "council", "fund")
        >>> s = Settlement(Decimal("100.00"), (line,))
        >>> json.loads(s.to_json())["by_source"]
        [{'source': 'fund', 'amount': '100.00', 'in_millions': '0.00'}]

        ```
        """
        import json

        millions = self.by_source_in_millions
        record = {
            "outturn": f"{self.outturn:.2f}",
            "lines": [
                {
                    "what": line.what,
                    "party": line.party,
                    "source": line.source,
                    "amount": f"{line.amount:.2f}",
                }
                for line in self.lines
            ],
            "total": f"{self.total:.2f}",
            "by_source": [
                {"source": s, "amount": f"{a:.2f}", "in_millions": f"{millions[s]:.2f}"}
                for s, a in self.by_source.items()
            ],
            "by_party": [{"party": p, "amount": f"{a:.2f}"} for p, a in self.by_party.items()],
            "notes": [
                {"severity": note.severity, "message": note.message, "hint": note.hint}
                for note in self.notes
            ],
        }
        return json.dumps(record, indent=2, ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """The lines as CSV, one a row, amounts as exact decimals, then a total row.

        Text cells are made safe to open in a spreadsheet.

        ```pycon
        >>> from decimal import Decimal
        >>> line = Funding("=share", Decimal("100.00"), "council", "fund")
        >>> s = Settlement(Decimal("100.00"), (line,))
        >>> print(s.to_csv(), end="")
        what,party,source,amount
        '=share,council,fund,100.00
        total,,,100.00

        ```
        """
        from perfcontract._csvtext import write_csv

        rows: list[list[object]] = [["what", "party", "source", "amount"]]
        rows += [[ln.what, ln.party, ln.source, f"{ln.amount:.2f}"] for ln in self.lines]
        rows.append(["total", "", "", f"{self.total:.2f}"])
        return write_csv(rows)

    def to_text(self) -> str:
        """The working as plain text for a terminal or an email (names on one line, no controls).

        The totals by source follow in £m, rounded so that they add up to the
        outturn (see :attr:`by_source_in_millions`); for an outturn under £1m,
        which £m to two places would show as a few hundredths or none, in pounds
        and pence.

        ```pycon
        >>> import perfcontract as pc
        >>> terms = pc.load("examples/dcst-2017-18.contract").risk_share
        >>> text = pc.settle(terms, outturn="£100", projection="£100").to_text()
        >>> for line in text.splitlines()[-3:]:
        ...     print(line)
        general fund                                       £70.00
        provider reserves                                  £30.00
        Total                                             £100.00

        ```
        """
        shown = [
            (one_line(line.what), one_line(line.party), one_line(line.source))
            for line in self.lines
        ]
        width = column_width([what for what, _, _ in shown], 5)
        source_width = column_width([source for _, _, source in shown], 6)
        lines = [
            f"{what:<{width}}  {party:<8}  {source:<{source_width}}"
            f"  {format_money(line.amount, full=True):>16}"
            for (what, party, source), line in zip(shown, self.lines, strict=True)
        ]
        rule = "-" * (width + source_width + 30)
        lines += [
            rule,
            f"{'Total':<{width + source_width + 14}}{format_money(self.total, full=True):>16}",
            "",
        ]
        if abs(self.total) >= _A_MILLION:
            millions = self.by_source_in_millions
            shown_totals = {s: _in_millions(a) for s, a in millions.items()}
            total = _in_millions(sum(millions.values(), Decimal(0)))
        else:
            shown_totals = {s: format_money(a, full=True) for s, a in self.by_source.items()}
            total = format_money(self.total, full=True)
        column = max(8, len(total), *map(len, shown_totals.values()))
        lines += [
            f"{one_line(source):<{width}}  {amount:>{column}}"
            for source, amount in shown_totals.items()
        ]
        lines.append(f"{'Total':<{width}}  {total:>{column}}")
        if self.notes:
            lines += ["", *(one_line(_noted(note)) for note in self.notes)]
        return "\n".join(lines)


_A_MILLION = Decimal(1_000_000)


def _noted(note: Diagnostic) -> str:
    """A note as a settlement's text and Markdown end with it."""
    return f"Note: {note.message}" + (f" ({note.hint})" if note.hint else "")


def _in_millions(amount: Decimal) -> str:
    """An amount already in £m to two places, as ``£0.33m``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount).normalize():f}m"


def _largest_remainder(
    amounts: Sequence[Decimal], unit: Decimal = Decimal(10_000)
) -> list[Decimal]:
    """Amounts in whole ``unit``s (as £m to two places), adding up to their total rounded.

    See :attr:`Settlement.by_source_in_millions` for the rule.
    """
    with localcontext(_EXACT):
        units = [a / unit for a in amounts]
        floors = [u.to_integral_value(rounding=ROUND_FLOOR) for u in units]
        target = sum(units, Decimal(0)).to_integral_value(rounding=ROUND_HALF_UP)
        extra = int(target - sum(floors, Decimal(0)))
        order = sorted(
            range(len(units)), key=lambda i: (-(units[i] - floors[i]), -abs(units[i]), i)
        )
        for i in order[:extra]:
            floors[i] += 1
        scale = unit / 1_000_000
        return [(f * scale).quantize(PENNY) for f in floors]


def _totals(lines: Sequence[Funding], field: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for line in lines:
        key = getattr(line, field)
        totals[key] = totals.get(key, Decimal(0)) + line.amount
    return totals


def settle(
    terms: RiskShare,
    *,
    outturn: Amount,
    projection: Amount | None = None,
    funded_before_sharing: Sequence[tuple[str, Amount, str]] = (),
    provider_can_pay: Amount | None = None,
    provider_source: str = "provider reserves",
    shortfall_source: str = "council reserves",
    council_source: str = "general fund",
    movement_funding: Sequence[tuple[str, Amount, str]] = (),
    movement_source: str = "general fund",
    period: PeriodLike | None = None,
) -> Settlement:
    """Fund an outturn overspend the way a council records it, line by line.

    1. Items funded before sharing (business cases, say), each from its own
       source, come off the projection.
    2. The rest of the projection, on which the share was agreed, is split
       by the contract's terms: the council's share from ``council_source``;
       the provider's share from ``provider_source`` as far as
       ``provider_can_pay`` goes, its shortfall from ``shortfall_source``.
    3. The movement from the projection to the outturn is met by any extra
       funding claimed for it (``movement_funding``), and the rest by the
       council from ``movement_source``.

    The ``projection`` is the outturn unless given, as ``perfcontract
    settle`` takes it. The lines always add up to the outturn exactly, as
    given: every amount must be a whole number of pence, and one finer than a
    penny raises :class:`~perfcontract.money.MoneyError` naming it (as the
    command line does), never rounded for you. ``provider_can_pay`` limits
    what the provider pays of an overspend; of an underspend it pays
    nothing, so there it is not used, and the settlement's ``notes`` say so.
    Terms that change from a date need the ``period`` settled (the
    financial year, say). See the finance how-to for the reference report's
    £4.15m worked through.

    ```pycon
    >>> import perfcontract as pc
    >>> terms = pc.load("examples/dcst-2017-18.contract").risk_share
    >>> for line in pc.settle(terms, outturn="£100k").lines:
    ...     print(line.what, line.amount)
    council's 70% share of the projected overspend 70000.00
    provider's share, from its reserves 30000.00
    >>> under = pc.settle(terms, outturn="-£100k", provider_can_pay="£10k")
    >>> print(under.notes[0].message)
    what the provider can pay was not used: it limits what the provider pays of an overspend, \
and of an underspend the provider pays nothing
    >>> pc.settle(terms, outturn="4150000.005")
    Traceback (most recent call last):
    ...
    perfcontract.money.MoneyError: <string>: error: outturn: `4150000.005` is not a whole \
number of pence
    help: an amount is taken as written, never rounded for you: round it to the penny

    ```
    """
    total = _exact(outturn, "outturn")
    projected = total if projection is None else _exact(projection, "projection")
    can_pay = None if provider_can_pay is None else _exact(provider_can_pay, "provider_can_pay")
    lines: list[Funding] = []
    before = Decimal(0)
    for i, (what, amount, source) in enumerate(funded_before_sharing):
        value = _exact(amount, f"funded_before_sharing[{i}]")
        before += value
        lines.append(Funding(what, value, "council", source))
    shared = projected - before
    terms = _in_force(terms, period)
    parts = split(terms, shared)
    bands = _bands(terms, shared)
    what = "overspend" if shared >= 0 else "underspend"
    share = f"{bands[0].council:f}% " if len(bands) == 1 else ""
    capped = ""
    if terms.council_cap is not None and shared >= 0 and parts.council == terms.council_cap:
        share, capped = "", ", at its cap"
    lines.append(
        Funding(
            f"council's {share}share of the projected {what}{capped}",
            parts.council,
            "council",
            council_source,
        )
    )
    if can_pay is not None and can_pay < 0:
        raise MoneyError([Diagnostic("what the provider can pay cannot be negative")])
    notes = []
    if can_pay is not None and shared < 0:
        notes.append(
            Diagnostic(
                "what the provider can pay was not used: it limits what the provider pays"
                " of an overspend, and of an underspend the provider pays nothing",
                severity="note",
            )
        )
    if parts.provider < 0:  # the provider's share of an underspend is its own
        lines.append(
            Funding(
                "provider's share of the projected underspend",
                parts.provider,
                "provider",
                provider_source,
            )
        )
        paid = parts.provider
    else:
        paid = parts.provider if can_pay is None else min(parts.provider, can_pay)
        if paid:
            lines.append(
                Funding("provider's share, from its reserves", paid, "provider", provider_source)
            )
    if parts.provider - paid:
        lines.append(
            Funding(
                "provider's share it cannot fund",
                parts.provider - paid,
                "council",
                shortfall_source,
            )
        )
    movement = total - projected
    claimed = Decimal(0)
    for i, (what, amount, source) in enumerate(movement_funding):
        value = _exact(amount, f"movement_funding[{i}]")
        claimed += value
        lines.append(Funding(what, value, "council", source))
    if movement - claimed:
        lines.append(
            Funding(
                "rest of the movement after the share was agreed",
                movement - claimed,
                "council",
                movement_source,
            )
        )
    return Settlement(total, tuple(lines), tuple(notes))
