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

import numbers
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from perfcontract.errors import ContractError, Diagnostic

__all__ = ["PENNY", "ROUNDING", "MoneyError", "format_money", "parse_money", "to_pennies"]

PENNY = Decimal("0.01")
MAX_MONEY = Decimal(10) ** 15  # £1,000,000bn, far beyond any public contract
ROUNDING = ROUND_HALF_UP  # half away from zero, on the decimal value

_SCALES = {"": 0, "k": 3, "m": 6, "bn": 9}
_MONEY = re.compile(
    r"""\s*(?P<sign>[-−]?)\s*£?\s*
        (?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)
        \s*(?P<scale>bn|[km]|)\s*""",
    re.VERBOSE | re.IGNORECASE,
)


class MoneyError(ContractError):
    """An amount of money that cannot be read."""


def to_pennies(amount: Decimal) -> Decimal:
    """Round to the whole penny, half away from zero.

    ```pycon
    >>> to_pennies(Decimal("0.005")), to_pennies(Decimal("-0.005")), to_pennies(Decimal("1.004"))
    (Decimal('0.01'), Decimal('-0.01'), Decimal('1.00'))

    ```
    """
    return amount.quantize(PENNY, rounding=ROUNDING)


def parse_money(value: str | Decimal | int | float) -> Decimal:
    """An amount in pounds, exact to the penny.

    Text may carry a £ sign, thousands commas and a scale (``k``, ``m``,
    ``bn``): ``£1.2m``, ``£950k``, ``£1,230,000``, ``1.35m``, ``-£0.5m``.
    Decimals and whole numbers are taken as they are; a float through its
    shortest decimal form. Amounts finer than a penny are rounded to it by
    the one rounding rule. Anything else raises :class:`MoneyError`.

    ```pycon
    >>> parse_money("-£0.5m"), parse_money(Decimal("2.999")), parse_money(0.1)
    (Decimal('-500000.00'), Decimal('3.00'), Decimal('0.10'))
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
        exact = value
    elif isinstance(value, numbers.Integral):
        exact = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        exact = Decimal(repr(float(value)))
    elif isinstance(value, str):
        exact = _parse_text(value)
    else:
        raise TypeError(f"an amount of money must be text or a number, not {type(value).__name__}")
    if not exact.is_finite():
        raise MoneyError([Diagnostic(f"`{value}` is not an amount of money")])
    if abs(exact) > MAX_MONEY:
        raise MoneyError(
            [Diagnostic(f"`{value}` is more than any contract's money: at most £1,000,000bn")]
        )
    return to_pennies(exact)


def _parse_text(text: str) -> Decimal:
    match = _MONEY.fullmatch(text)
    if match is None:
        raise MoneyError(
            [
                Diagnostic(
                    f"`{text.strip()}` is not an amount of money",
                    hint="write it as 1200000, £1.2m, £950k or £1,230,000",
                )
            ]
        )
    digits = match["digits"].replace(",", "")
    try:
        amount = Decimal(digits).scaleb(_SCALES[match["scale"].lower()])
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise MoneyError([Diagnostic(f"`{text.strip()}` is not an amount of money")]) from None
    return -amount if match["sign"] else amount


def format_money(amount: Decimal, *, full: bool = False, millions: bool = False) -> str:
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

    ```
    """
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
