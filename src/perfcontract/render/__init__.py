"""Renderers for reports: values and terms in words, HTML, Markdown and SVG trend lines.

The numbers a report prints are written here once, in one way, so that a
card, a table row and a trend line's description always agree.

```pycon
>>> from decimal import Decimal
>>> from perfcontract.model import Band, Measure, Unit, UnitKind
>>> percent = Unit(UnitKind.PERCENT)
>>> format_value(26.0, percent), format_value(float("nan"), percent)
('26%', 'no data')
>>> format_value(1789.0, Unit(UnitKind.COUNT)), format_term(Band(Decimal(5), Decimal(9)), percent)
('1,789', '5% to 9%')

```
"""

from __future__ import annotations

import math
from decimal import Decimal

from perfcontract.model import Band, Measure, Unit, UnitKind

__all__ = ["format_gap", "format_number", "format_term", "format_value", "term_text"]


def format_number(value: float | Decimal) -> str:
    """A number as written, with thousands separated: no float noise, nothing rounded away.

    ```pycon
    >>> format_number(1937.0), format_number(0.04), format_number(Decimal("1234.50"))
    ('1,937', '0.04', '1,234.50')
    >>> format_number(-2.5e-07)
    '-0.00000025'

    ```
    """
    if isinstance(value, Decimal):
        return f"{value:,f}"
    number = Decimal(repr(value))  # the shortest decimal that reads back as this float
    if number == number.to_integral_value():
        return f"{int(number):,}"  # 26.0 is 26; 1e28 is written out in full
    return f"{number:,f}"


def _with_unit(number: str, unit: Unit) -> str:
    if unit.kind is UnitKind.PERCENT:
        return f"{number}%"
    if unit.kind is UnitKind.MONEY:
        return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
    if unit.kind in (UnitKind.DAYS, UnitKind.WEEKS):
        return f"{number} {unit.kind.value}"
    return number


def format_value(value: float, unit: Unit) -> str:
    """A reading in its unit: ``26%``, ``1,789``, ``£950,000``, ``12 days``; NaN is ``no data``.

    ```pycon
    >>> from perfcontract.model import Unit, UnitKind
    >>> format_value(950000.0, Unit(UnitKind.MONEY)), format_value(12.0, Unit(UnitKind.DAYS))
    ('£950,000', '12 days')

    ```
    """
    if math.isnan(value):
        return "no data"
    if math.isinf(value):
        return _with_unit("-∞" if value < 0 else "∞", unit)
    return _with_unit(format_number(value), unit)


def format_term(term: Decimal | Band | None, unit: Unit) -> str:
    """A target or tolerance in its unit; a band as ``low to high``; ``None`` as ``none``.

    ```pycon
    >>> from decimal import Decimal
    >>> from perfcontract.model import Unit, UnitKind
    >>> format_term(Decimal("22"), Unit(UnitKind.PERCENT)), format_term(None, Unit(UnitKind.COUNT))
    ('22%', 'none')

    ```
    """
    if term is None:
        return "none"
    if isinstance(term, Band):
        low, high = (_with_unit(format_number(end), unit) for end in (term.low, term.high))
        return f"{low} to {high}"
    return _with_unit(format_number(term), unit)


def format_gap(gap: float) -> str:
    """A gap to a benchmark with its sign: ``+4.1``, ``-0.5``, ``0``; NaN is ``no data``.

    ```pycon
    >>> format_gap(4.1), format_gap(-0.5), format_gap(0.0), format_gap(float("nan"))
    ('+4.1', '-0.5', '0', 'no data')

    ```
    """
    if math.isnan(gap):
        return "no data"
    if math.isinf(gap):
        return "+∞" if gap > 0 else "-∞"
    return ("+" if gap > 0 else "") + format_number(gap)


def term_text(term: Decimal | Band | None, measure: Measure) -> str:
    """A measure's target or tolerance for a table: in its unit; blank for a volumetric measure.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> term_text(contract["A1"].target_at("2017/18 Q4"), contract["A1"])
    '22%'
    >>> term_text(None, contract["E1"])
    ''

    ```
    """
    return "" if measure.is_volumetric else format_term(term, measure.unit)
