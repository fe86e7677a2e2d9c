"""Money as :class:`decimal.Decimal`: reading "£1.2m", writing "£4.15m", rounding to the penny.

A float never takes part in money arithmetic. A float given as an amount is
read through its shortest decimal form (``repr``), so ``0.1`` is £0.10, not
£0.1000000000000000055511151231257827.

The one rounding rule: an amount is rounded to the whole penny half away from
zero (:data:`ROUNDING`, ``ROUND_HALF_UP`` in :mod:`decimal`), as a finance
system does. Shares are worked out exactly and only then rounded; see
:mod:`perfcontract.riskshare` for who takes an odd penny.

```pycon
>>> parse_money("£1.2m"), parse_money("£950k"), parse_money("£1,230,000"), parse_money("1.35m")
(Decimal('1200000.00'), Decimal('950000.00'), Decimal('1230000.00'), Decimal('1350000.00'))
>>> format_money(Decimal("4150000")), format_money(Decimal("4150000"), full=True)
('£4.15m', '£4,150,000.00')

```
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from typing import TYPE_CHECKING, NoReturn

from perfcontract.errors import ContractError, Diagnostic, shorten

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "MAX_MONEY",
    "PENNY",
    "ROUNDING",
    "MoneyError",
    "format_money",
    "parse_money",
    "pennies_many",
    "to_pennies",
]

PENNY = Decimal("0.01")
MAX_MONEY = Decimal(10) ** 15  # £1,000,000bn, far beyond any public contract
MAX_PENNIES = int(MAX_MONEY) * 100  # the same in pennies: 10**17, well inside int64
# Money arithmetic (adding, multiplying, rounding to the penny) in a context
# wide enough never to round, whatever context the caller has set: the default
# keeps 28 digits and rounds the rest away silently.
EXACT_CONTEXT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation])
# Below 2**43 pounds neighbouring floats are less than a tenth of a penny
# apart: see _float_pennies.
_FLOAT_EXACT_BELOW = 2.0**43
ROUNDING = ROUND_HALF_UP  # half away from zero, on the decimal value

_SCALES = {"": 0, "k": 3, "m": 6, "bn": 9}
_MONEY = re.compile(
    r"""\s*(?P<sign>[-−]?)\s*£?\s*
        (?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
        \s*(?P<scale>bn|[km]|)\s*""",
    re.VERBOSE | re.IGNORECASE,
)


class MoneyError(ContractError, ValueError):
    """An amount of money that cannot be read, or is beyond any contract's money.

    It is a :class:`~perfcontract.errors.ContractError`, as every error from
    bad input is, and a :class:`ValueError`, so code that caught the
    ``ValueError`` an unreadable amount once raised still catches it. The
    amount is quoted short, however long it is.

    ```pycon
    >>> try:
    ...     parse_money(10**5000)
    ... except ValueError as error:
    ...     print(error.first.message)
    `1000000000000000000000000000000000000000…00000000000000000 (5,001 characters)` is more \
than any contract's money: at most £1,000,000bn

    ```
    """


def to_pennies(amount: Decimal) -> Decimal:
    """Round to the whole penny, half away from zero. Nothing is ever minus nothing: an
    amount that rounds to zero is ``0.00``, whatever its sign (no ``-0.00`` on an invoice).

    ```pycon
    >>> to_pennies(Decimal("0.005")), to_pennies(Decimal("-0.005")), to_pennies(Decimal("1.004"))
    (Decimal('0.01'), Decimal('-0.01'), Decimal('1.00'))
    >>> to_pennies(Decimal("-0.004")), to_pennies(Decimal("-0"))
    (Decimal('0.00'), Decimal('0.00'))

    ```
    """
    with localcontext(EXACT_CONTEXT):
        pennies = amount.quantize(PENNY, rounding=ROUNDING)
    return pennies if pennies else pennies.copy_abs()


def parse_money(value: str | Decimal | int | float, *, exact: bool = False) -> Decimal:
    """An amount in pounds, exact to the penny.

    Text may carry a £ sign, thousands commas and a scale (``k``, ``m``,
    ``bn``): ``£1.2m``, ``£950k``, ``£1,230,000``, ``1.35m``, ``-£0.5m``, and a
    negative may be written in brackets, as accounts write one: ``(£12,500)``.
    Decimals and whole numbers are taken as they are; a float through its
    shortest decimal form. Amounts finer than a penny are rounded to it by
    the one rounding rule, or with ``exact=True`` refused, as the command
    line, a readings file, :func:`~perfcontract.riskshare.split` and
    :func:`~perfcontract.riskshare.settle` refuse them. Anything else raises
    :class:`MoneyError`.

    ```pycon
    >>> parse_money("-£0.5m"), parse_money(Decimal("2.999")), parse_money(0.1)
    (Decimal('-500000.00'), Decimal('3.00'), Decimal('0.10'))
    >>> parse_money("(£12,500)")
    Decimal('-12500.00')
    >>> parse_money("1.245"), parse_money("£1.20m", exact=True)
    (Decimal('1.25'), Decimal('1200000.00'))
    >>> parse_money("1.245", exact=True)
    Traceback (most recent call last):
    ...
    perfcontract.money.MoneyError: <string>: error: `1.245` is not a whole number of pence
    help: an amount is taken as written, never rounded for you: round it to the penny
    >>> parse_money("1.2 million")
    Traceback (most recent call last):
    ...
    perfcontract.money.MoneyError: <string>: error: `1.2 million` is not an amount of money
    help: write it as 1200000, £1.2m, £950k or £1,230,000

    ```
    """
    if isinstance(value, bool):
        raise TypeError("an amount of money cannot be True or False")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, numbers.Integral):
        amount = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        amount = Decimal(repr(float(value)))
    elif isinstance(value, str):
        amount = _parse_text(value)
    else:
        raise TypeError(f"an amount of money must be text or a number, not {type(value).__name__}")
    if not amount.is_finite():
        raise MoneyError([Diagnostic(f"`{_quoted(value, amount)}` is not an amount of money")])
    if amount.copy_abs() > MAX_MONEY:
        raise MoneyError([Diagnostic(f"`{_quoted(value, amount)}` is {_TOO_MUCH}")])
    pennies = to_pennies(amount)
    if exact and pennies != amount:
        raise MoneyError(
            [
                Diagnostic(
                    f"`{_quoted(value, amount)}` is not a whole number of pence",
                    hint="an amount is taken as written, never rounded for you: round it to"
                    " the penny",
                )
            ]
        )
    return pennies


_TOO_MUCH = "more than any contract's money: at most £1,000,000bn"


def _quoted(value: object, exact: Decimal) -> str:
    """An amount as a message quotes it: as written, its start and end only if long.

    A whole number is quoted through its Decimal, as Python refuses ``str()``
    of one with more than 4,300 digits.
    """
    text = value.strip() if isinstance(value, str) else str(exact)
    if isinstance(value, float):
        text = repr(value)
    return shorten(text)


def pennies_many(amounts: npt.ArrayLike, *, in_pennies: bool = False) -> npt.NDArray[np.int64]:
    """Many amounts at once as whole pennies (``int64``), each rounded as :func:`parse_money` does.

    Floats are pounds, rounded to the penny half away from zero on the
    decimal each float reads as (its ``repr``), so ``1.005`` is 101 pennies,
    as it is £1.01 to :func:`parse_money`, although the float is a hair below
    1.005. Whole numbers are pounds too; text and Decimals (an array of
    objects) are read one by one by :func:`parse_money`. With
    ``in_pennies=True`` the amounts are whole pennies already (integers) and
    are only checked. The shape is kept. Floats and whole numbers take a few
    nanoseconds each; floats of £2**43 (about £8.8 trillion) or more, which
    cannot hold every penny, and text and Decimals are read one by one, a few
    microseconds each.

    Every amount must be finite and at most £10^15 either side of zero
    (:data:`MAX_MONEY`, as for :func:`parse_money`). A bad amount (NaN,
    infinity, too large, text that is not money, lists of different lengths)
    raises :class:`MoneyError`, a ``ValueError`` too, naming the first bad
    amount and its place; a wrong kind of amount (True or False, a date,
    floats or text given as pennies) raises ``TypeError``.

    ```pycon
    >>> pennies_many([1.005, -1.005, 2.675, 0.125, 0.1, 1_350_000.0]).tolist()
    [101, -101, 268, 13, 10, 135000000]
    >>> pennies_many([3, -2]).tolist(), pennies_many(["£1.2m", "0.005"]).tolist()
    ([300, -200], [120000000, 1])
    >>> pennies_many([135000000, 1], in_pennies=True).tolist()
    [135000000, 1]
    >>> pennies_many([[1.0, 2.0], [3.0, float("nan")]])
    Traceback (most recent call last):
    ...
    perfcontract.money.MoneyError: <string>: error: amount [1, 1]: `nan` is not an amount of money

    ```
    """
    array = _array(amounts)
    return _pennies(array.reshape(-1), in_pennies, 0, array.shape).reshape(array.shape)


def _array(amounts: npt.ArrayLike) -> npt.NDArray[np.generic]:
    """The amounts as an array of a kind money can be read from; MoneyError or TypeError if not."""
    import numpy as np

    try:
        array = np.asarray(amounts)
    except ValueError:  # lists of different lengths, which numpy will not make one array of
        raise MoneyError(
            [
                Diagnostic(
                    "the amounts are not one array: the lists in them are of different lengths",
                    hint="give a flat list of amounts, or lists of one length each",
                )
            ]
        ) from None
    if array.dtype.kind == "b":
        raise TypeError("an amount of money cannot be True or False")
    if array.dtype.kind not in "iufOUS":
        raise TypeError(f"amounts of money must be numbers or text, not {array.dtype}")
    return array


def _pennies(
    flat: npt.NDArray[np.generic], in_pennies: bool, first: int, shape: tuple[int, ...]
) -> npt.NDArray[np.int64]:
    """Amounts (1-d, from ``_array``) as whole pennies; ``flat[0]`` is element ``first`` of
    an array of ``shape``, which a bad amount's place is given in."""
    import numpy as np

    kind = flat.dtype.kind
    where = _Place(first, shape)
    if in_pennies:
        if kind not in "iuO":
            raise TypeError(f"amounts in pennies must be whole numbers, not {flat.dtype}")
        return _whole_numbers(flat, MAX_PENNIES, "pennies", where)
    if kind in "iu":
        return _whole_numbers(flat, int(MAX_MONEY), "pounds", where) * 100
    if kind == "f":
        return _float_pennies(flat.astype(np.float64, copy=False), where)
    pennies = np.empty(flat.shape, dtype=np.int64)
    for i, value in enumerate(flat.tolist()):
        try:
            pennies[i] = int(parse_money(value) * 100)
        except MoneyError as error:
            raise MoneyError([where.problem(i, error.first.message, error.first.hint)]) from None
    return pennies


class _Place:
    """Where an amount is in the array the caller gave, for a message."""

    def __init__(self, first: int, shape: tuple[int, ...]) -> None:
        self.first, self.shape = first, shape

    def problem(self, index: int, message: str, hint: str | None = None) -> Diagnostic:
        """A diagnostic for the amount at ``index`` of the slice in hand."""
        import numpy as np

        if not self.shape:  # one amount, not in an array
            return Diagnostic(message, hint=hint)
        place = np.unravel_index(self.first + index, self.shape)
        return Diagnostic(f"amount [{', '.join(str(int(i)) for i in place)}]: {message}", hint=hint)


def _whole_numbers(
    values: npt.NDArray[np.generic], limit: int, unit: str, where: _Place
) -> npt.NDArray[np.int64]:
    """Integers (an integer or object array) checked to be within ±limit, as int64."""
    import numpy as np

    if values.dtype.kind == "O":
        if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values):
            raise TypeError(f"amounts in whole {unit} must be integers")
        for i, v in enumerate(values):
            if abs(int(v)) > limit:
                raise _too_large(where, i, str(Decimal(int(v))), unit)
        return np.array([int(v) for v in values], dtype=np.int64)
    if values.size and (values.min() < -limit or values.max() > limit):
        outside = np.logical_or(np.less(values, -limit), np.greater(values, limit))
        i = int(np.flatnonzero(outside)[0])
        raise _too_large(where, i, str(int(values[i])), unit)
    return values.astype(np.int64)


def _too_large(where: _Place, index: int, amount: str, unit: str) -> MoneyError:
    """The error for an amount beyond any contract's money, as written (``amount``)."""
    if unit == "pennies":
        most = f"{MAX_PENNIES:,} pennies (£1,000,000bn)"
        message = f"`{shorten(amount)}` pennies is more than any contract's money: at most {most}"
    else:
        message = f"`{shorten(amount)}` is {_TOO_MUCH}"
    return MoneyError([where.problem(index, message)])


def _float_pennies(pounds: npt.NDArray[np.float64], where: _Place) -> npt.NDArray[np.int64]:
    """Floats in pounds to whole pennies, half away from zero on each float's decimal form.

    Take an amount ``a`` (its size) and ``w``, the float ``a * 100`` rounded
    down: the whole pennies below ``a``, give or take one. The half penny
    above them is ``(w + 0.5) / 100``, and the float nearest it is what numpy
    computes (``w + 0.5`` is exact, and one division is correctly rounded).
    If that float is at most ``a``, the decimal that ``a`` reads as is at or
    above the half penny. Either it *is* the half penny, whose nearest float
    is ``a`` itself (below 2**43 pounds floats are less than a tenth of a
    penny apart, so no other decimal of three places or fewer has ``a`` as
    its nearest float, and ``repr`` gives the shortest that has); or the half
    penny's nearest float is below ``a``, so every decimal whose nearest
    float is ``a`` lies above the half penny. Otherwise the decimal is below
    the half penny. So ``a`` rounds up exactly when that float is at most
    ``a``: no Decimal is needed. From 2**43 pounds (about £8.8 trillion) on,
    amounts are read one by one by :func:`parse_money`.
    """
    import numpy as np

    size = np.abs(pounds)
    largest = size.max(initial=0.0)
    if not largest <= float(MAX_MONEY):  # NaN fails this too
        bad = int(np.flatnonzero(~(size <= float(MAX_MONEY)))[0])
        shown = repr(float(pounds[bad]))
        if not math.isfinite(pounds[bad]):
            raise MoneyError([where.problem(bad, f"`{shown}` is not an amount of money")])
        raise _too_large(where, bad, shown, "pounds")
    half = np.multiply(size, 100.0)
    np.floor(half, out=half)
    pennies = half.astype(np.int64)
    half += 0.5
    half /= 100.0
    pennies += np.less_equal(half, size)
    np.negative(pennies, out=pennies, where=pounds < 0)
    if largest >= _FLOAT_EXACT_BELOW:
        for i in np.flatnonzero(size >= _FLOAT_EXACT_BELOW):
            pennies[i] = int(parse_money(float(pounds[i])) * 100)
    return pennies


def _parse_text(text: str) -> Decimal:
    inner = text.strip()
    if len(inner) > 2 and inner[0] == "(" and inner[-1] == ")" and inner[1] not in "-+":
        # An accounting negative, as spreadsheets write one: (£12,500) is -£12,500.
        return _parse_text("-" + inner[1:-1]) if _MONEY.fullmatch(inner[1:-1]) else _refused(text)
    match = _MONEY.fullmatch(text)
    if match is None:
        return _refused(text)
    digits = match["digits"].replace(",", "")
    try:
        with localcontext(EXACT_CONTEXT):
            amount = Decimal(digits).scaleb(_SCALES[match["scale"].lower()])
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise MoneyError(
            [Diagnostic(f"`{shorten(text.strip())}` is not an amount of money")]
        ) from None
    return amount.copy_negate() if match["sign"] else amount


def _refused(text: str) -> NoReturn:
    raise MoneyError(
        [
            Diagnostic(
                f"`{shorten(text.strip())}` is not an amount of money",
                hint="write it as 1200000, £1.2m, £950k or £1,230,000",
            )
        ]
    )


def format_money(amount: Decimal | int, *, full: bool = False, millions: bool = False) -> str:
    """Write an amount as a report does: ``£4.15m`` (short) or ``£4,150,000.00`` (full).

    The short form uses millions from £1m (to the nearest £10k, as the
    reference report writes them), thousands from £1k, and pounds and pence
    below that; ``millions=True`` writes every amount in millions, as a
    finance table in £m does.

    ```pycon
    >>> [format_money(Decimal(x)) for x in ("4150000", "335000", "945000.50", "-70000", "12.5")]
    ['£4.15m', '£335k', '£945k', '-£70k', '£12.50']
    >>> format_money(Decimal("-335000"), full=True), format_money(Decimal("650000"), millions=True)
    ('-£335,000.00', '£0.65m')
    >>> format_money(1234.5)
    Traceback (most recent call last):
    ...
    TypeError: format_money takes a Decimal, not float: parse_money(1234.5) gives one

    ```

    An amount is a :class:`~decimal.Decimal`; a whole number (``int``) is
    taken as pounds. Anything else is a TypeError that says how to make one.
    """
    if isinstance(amount, int) and not isinstance(amount, bool):
        amount = Decimal(amount)
    if not isinstance(amount, Decimal):
        raise TypeError(
            f"format_money takes a Decimal, not {type(amount).__name__}:"
            f" parse_money({shorten(repr(amount))}) gives one"
        )
    size = to_pennies(abs(amount))
    sign = "-" if amount < 0 and size else ""  # no minus on a rounded-away nothing
    if full:
        return f"{sign}£{size:,.2f}"
    # The scale is chosen on the rounded figure, so £999,999.99 reads £1m, not £1000k.
    in_millions = (size / 1_000_000).quantize(PENNY, rounding=ROUNDING)
    if in_millions >= 1 or millions:
        if not in_millions:
            sign = ""
        return f"{sign}£{in_millions.normalize():f}m"
    in_thousands = (size / 1_000).quantize(Decimal(1), rounding=ROUNDING)
    if size >= 1_000:
        return f"{sign}£{in_thousands:f}k"
    return f"{sign}£{size:.2f}"
