"""What a rating says: the status of a reading, and its direction of travel.

Both are small integer enums, so that whole arrays of them fit in one byte a
reading (``int8``) and compare cheaply. Among the rated statuses a larger code
is better: ``OUTSIDE_TOLERANCE < WITHIN_TOLERANCE < ON_TARGET``.

```pycon
>>> from perfcontract import Status
>>> Status.WITHIN_TOLERANCE.label
'Inside tolerance'
>>> Status.OUTSIDE_TOLERANCE < Status.ON_TARGET
True
>>> int(Status.NO_DATA)
4

```
"""

from __future__ import annotations

import enum

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
    """

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
        """Whether the reading was judged against a target (not no-target, not no-data)."""
        return self <= Status.ON_TARGET

    def __str__(self) -> str:
        return self.label


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
