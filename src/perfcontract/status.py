"""What a rating says: the status of a reading, and its direction of travel.

Both are small integer enums, so that whole arrays of them fit in one byte a
reading (``int8``) and compare cheaply. Among the rated statuses a larger code
is better, ``OUTSIDE_TOLERANCE`` (0) < ``WITHIN_TOLERANCE`` (1) < ``ON_TARGET``
(2), but ``NO_TARGET`` (3) and ``NO_DATA`` (4) are no better than either, so
one status is never ordered against another: ``status >= Status.ON_TARGET``
would pass a measure with no data. Ask what is meant instead
(:attr:`Status.meets_target`, :attr:`Status.meets_tolerance`,
:attr:`Status.is_rated`), or compare the codes (``int(status)``, or arrays
of them as the engine gives them), which are numbers as any other.

```pycon
>>> from perfcontract import Status
>>> Status.WITHIN_TOLERANCE.label
'Inside tolerance'
>>> Status.WITHIN_TOLERANCE.meets_tolerance, Status.NO_DATA.meets_tolerance
(True, False)
>>> int(Status.NO_DATA)
4

```
"""

from __future__ import annotations

import enum
from typing import NoReturn

__all__ = ["Direction", "Status"]


class Status(enum.IntEnum):
    """The rating of one reading against its target and tolerance.

    ``label`` is the heading the scrutiny table uses for it.

    ```pycon
    >>> for status in Status:
    ...     print(int(status), status.name, "-", status.label)
    0 OUTSIDE_TOLERANCE - Outside tolerance
    1 WITHIN_TOLERANCE - Inside tolerance
    2 ON_TARGET - On or better than target
    3 NO_TARGET - No target specified
    4 NO_DATA - No data
    >>> Status.ON_TARGET.is_rated, Status.NO_TARGET.is_rated
    (True, False)

    ```

    Every status is true, ``OUTSIDE_TOLERANCE`` (code 0) too, so that ``if
    result.status:`` means "has a status" (a volumetric measure's, or one not
    due, is ``None``) and never passes over the failures. Statuses are not
    ordered: ``<``, ``<=``, ``>`` and ``>=`` between a status and a status (or
    a number) raise a TypeError that says what to write instead, as
    ``NO_DATA >= ON_TARGET`` would pass a measure with no data. Equality with
    the codes, and numpy arrays of them, work as numbers do.

    ```pycon
    >>> bool(Status.OUTSIDE_TOLERANCE)
    True
    >>> Status.NO_DATA >= Status.ON_TARGET
    Traceback (most recent call last):
    ...
    TypeError: `NO_DATA >= ON_TARGET`: statuses are not ordered (by their codes, No data would count as better than on target): write `status is Status.ON_TARGET`, `status.meets_target`, `status.meets_tolerance` or `status.is_rated`, or compare int(status), the engine's code
    >>> Status.ON_TARGET == 2, int(Status.ON_TARGET) >= 2
    (True, True)

    ```
    """  # noqa: E501 (an error message printed whole is wider than a line)

    OUTSIDE_TOLERANCE = 0
    WITHIN_TOLERANCE = 1
    ON_TARGET = 2
    NO_TARGET = 3
    NO_DATA = 4

    @property
    def label(self) -> str:
        """The words for this status in the scrutiny table."""
        return _STATUS_LABELS[self]

    @property
    def is_rated(self) -> bool:
        """Whether the reading was judged against a target (not no-target, not no-data).

        ```pycon
        >>> [status.name for status in Status if status.is_rated]
        ['OUTSIDE_TOLERANCE', 'WITHIN_TOLERANCE', 'ON_TARGET']

        ```
        """
        return self._value_ <= 2  # OUTSIDE_TOLERANCE, WITHIN_TOLERANCE, ON_TARGET

    @property
    def meets_target(self) -> bool:
        """Whether the reading was rated on or better than its target: ``ON_TARGET`` only.

        ```pycon
        >>> [status.name for status in Status if status.meets_target]
        ['ON_TARGET']

        ```
        """
        return self is Status.ON_TARGET

    @property
    def meets_tolerance(self) -> bool:
        """Whether the reading was rated no worse than its tolerance: inside tolerance, or
        on target. No data and no target are not: they were never compared with one.

        ```pycon
        >>> [status.name for status in Status if status.meets_tolerance]
        ['WITHIN_TOLERANCE', 'ON_TARGET']

        ```
        """
        return self is Status.WITHIN_TOLERANCE or self is Status.ON_TARGET

    def __str__(self) -> str:
        return self.label

    def __bool__(self) -> bool:
        return True  # OUTSIDE_TOLERANCE, code 0, too: `if status:` means "has a status"

    # A status against a status or a Python number is refused; anything else (a numpy
    # array or scalar of codes) is left to compare itself with the code, as numbers do.
    def __lt__(self, other: object) -> bool:
        if isinstance(other, int | float):
            _unordered(self, "<", other)
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, int | float):
            _unordered(self, "<=", other)
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, int | float):
            _unordered(self, ">", other)
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, int | float):
            _unordered(self, ">=", other)
        return NotImplemented


def _unordered(status: Status, operator: str, other: float) -> NoReturn:
    """The TypeError for ordering a status, saying what to write instead."""
    shown = other.name if isinstance(other, Status) else repr(other)
    raise TypeError(
        f"`{status.name} {operator} {shown}`: statuses are not ordered (by their codes, No"
        " data would count as better than on target): write `status is Status.ON_TARGET`,"
        " `status.meets_target`, `status.meets_tolerance` or `status.is_rated`, or compare"
        " int(status), the engine's code"
    )


_STATUS_LABELS = {
    Status.OUTSIDE_TOLERANCE: "Outside tolerance",
    Status.WITHIN_TOLERANCE: "Inside tolerance",
    Status.ON_TARGET: "On or better than target",
    Status.NO_TARGET: "No target specified",
    Status.NO_DATA: "No data",
}


class Direction(enum.IntEnum):
    """Direction of travel against the previous period.

    ``IMPROVED``, ``DECLINED`` and ``UNCHANGED`` for a measure with a polarity
    (for a band: closer to or further from the band); ``UP``, ``DOWN`` and
    ``UNCHANGED`` for one without. ``NONE`` when this period's reading or the
    previous one is missing, so there is nothing to compare.

    ```pycon
    >>> Direction.IMPROVED.arrow, Direction.DOWN.arrow
    ('▲', '▼')

    ```
    """

    NONE = 0
    UNCHANGED = 1
    IMPROVED = 2
    DECLINED = 3
    UP = 4
    DOWN = 5

    @property
    def label(self) -> str:
        """The direction in words: "improved", "no comparison", …"""
        return _DIRECTION_LABELS[self]

    @property
    def arrow(self) -> str:
        """A one-character sign for tables: ▲ ▼ ► or blank."""
        return _DIRECTION_ARROWS[self]

    def __str__(self) -> str:
        return self.label


_DIRECTION_LABELS = {
    Direction.NONE: "no comparison",
    Direction.UNCHANGED: "unchanged",
    Direction.IMPROVED: "improved",
    Direction.DECLINED: "declined",
    Direction.UP: "up",
    Direction.DOWN: "down",
}
_DIRECTION_ARROWS = {
    Direction.NONE: "",
    Direction.UNCHANGED: "►",
    Direction.IMPROVED: "▲",
    Direction.DECLINED: "▼",
    Direction.UP: "▲",
    Direction.DOWN: "▼",
}
