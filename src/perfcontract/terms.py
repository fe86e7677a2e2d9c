"""The terms a measure is rated by that the rating engine needs: which way is better, and
a band's range.

They live below :mod:`perfcontract.model` (which gives them to users, as
``perfcontract.model.Polarity`` and ``perfcontract.model.Band``) so that
the engine can read them without knowing the contract's model.

```pycon
>>> from decimal import Decimal
>>> Polarity("higher is better"), str(Band(Decimal(85), Decimal(100)))
(<Polarity.HIGHER_IS_BETTER: 'higher is better'>, 'between 85 and 100')

```
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

__all__ = ["Band", "Polarity"]


class Polarity(enum.Enum):
    """Which way is better for a measure.

    ```pycon
    >>> Polarity("lower is better")
    <Polarity.LOWER_IS_BETTER: 'lower is better'>

    ```
    """

    HIGHER_IS_BETTER = "higher is better"
    LOWER_IS_BETTER = "lower is better"
    IN_BAND = "in band"
    NONE = "none"


@attrs.frozen
class Band:
    """A closed range ``low``..``high``: a band target, or a band tolerance.

    ```pycon
    >>> band = Band(Decimal(5), Decimal(10))
    >>> band.contains(Decimal(10)), band.contains(Decimal("10.01"))
    (True, False)

    ```
    """

    low: Decimal
    high: Decimal

    def contains(self, value: Decimal) -> bool:
        """Whether ``low <= value <= high``."""
        return self.low <= value <= self.high

    def __str__(self) -> str:
        return f"between {self.low} and {self.high}"
