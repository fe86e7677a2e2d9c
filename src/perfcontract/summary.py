"""The scrutiny table: how many contractual measures have each status, by group.

Every quarter the council reports how many of the provider's contractual
measures are outside tolerance, inside tolerance, on or better than target, or
have no target, group by group, with a total row giving each count and its
share of all the measures (the reference report's table 2.2).

Columns always come in the order of :class:`~perfcontract.status.Status`:
Outside tolerance, Inside tolerance, On or better than target, No target
specified, and No data only when at least one measure has no data. So a
column's position is ``int(status)``, in ``counts`` and in ``percentages``
alike. Shares are whole percentages that add up to exactly 100, found by the
largest remainder method (:func:`largest_remainder`). Contractual measures
not due in the period (reported less often, or out of season) are not
counted; :attr:`Summary.not_counted` says how many, and why, in a note
under it. Every group keeps its row all the same, counting 0 in every column
when none of its measures is due, so that a panel sees the same service
areas in the same order every period.

```pycon
>>> summary = Summary.from_counts(
...     [("Social Care Pathway", [1, 3, 3, 0]),
...      ("Children in Care", [1, 3, 1, 0]),
...      ("Youth Offending Services", [0, 1, 2, 0]),
...      ("Family Support Services", [0, 0, 0, 2]),
...      ("Workforce", [0, 0, 3, 0])],
...     caption=caption_for("2017/18 Q4"),
... )
>>> print(summary.to_text())
Quarter 4 2017/18
                          Outside tolerance  Inside tolerance  On or better than target  No target specified
------------------------  -----------------  ----------------  ------------------------  -------------------
Social Care Pathway                       1                 3                         3                    0
Children in Care                          1                 3                         1                    0
Youth Offending Services                  0                 1                         2                    0
Family Support Services                   0                 0                         0                    2
Workforce                                 0                 0                         3                    0
------------------------  -----------------  ----------------  ------------------------  -------------------
Total                               2 (10%)           7 (35%)                   9 (45%)              2 (10%)
>>> sum(summary.percentages)
100

```
"""  # noqa: E501 (a table printed whole is wider than a line)

from __future__ import annotations

import collections
import json
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import SupportsIndex, TypeVar

import attrs

from perfcontract._csvtext import write_csv
from perfcontract._escape import column_width, markdown_cell, markdown_text, one_line
from perfcontract.errors import quoted
from perfcontract.periods import MONTH_NAMES, Period, PeriodKind
from perfcontract.status import Status

__all__ = ["Summary", "SummaryRow", "caption_for", "largest_remainder"]

# The columns every table has, in order; NO_DATA is added only when a measure has it.
_RATED_COLUMNS: tuple[Status, ...] = (
    Status.OUTSIDE_TOLERANCE,
    Status.WITHIN_TOLERANCE,
    Status.ON_TARGET,
    Status.NO_TARGET,
)
_ALL_COLUMNS: tuple[Status, ...] = (*_RATED_COLUMNS, Status.NO_DATA)
_TOTAL = "Total"

_T = TypeVar("_T")


def largest_remainder(counts: Iterable[SupportsIndex], total: int = 100) -> tuple[int, ...]:
    """Whole-number shares of ``total`` in proportion to ``counts``, adding up to exactly ``total``.

    The largest remainder (Hamilton) method: each count first gets the whole
    part of its exact quota ``count * total / sum(counts)``, and the units left
    over go one each to the counts with the largest fractional parts. Where
    two fractional parts are equal, the larger count goes first, then the
    earlier position. So every share is its exact quota rounded down or up,
    and a larger count never gets a smaller share. The arithmetic is exact
    (integers only, no floats).

    Counts that are all zero, or no counts at all, get all-zero shares (there
    is nothing to share out in proportion). Counts may be any integers,
    numpy's included; one that is not a whole number (a float) raises
    ``TypeError``, and a negative count or total raises ``ValueError``.

    ```pycon
    >>> largest_remainder([2, 7, 9, 2])
    (10, 35, 45, 10)
    >>> largest_remainder([1, 1, 1])
    (34, 33, 33)
    >>> largest_remainder([1, 3], total=2)
    (0, 2)
    >>> largest_remainder([0, 0])
    (0, 0)

    ```
    """
    total = operator.index(total)
    if total < 0:
        raise ValueError(f"the total to share out cannot be negative, not {total}")
    whole = tuple(operator.index(count) for count in counts)
    for count in whole:
        if count < 0:
            raise ValueError(f"counts cannot be negative, not {count}")
    weight = sum(whole)
    if weight == 0:
        return (0,) * len(whole)
    floors_and_remainders = [divmod(count * total, weight) for count in whole]
    shares = [floor for floor, _ in floors_and_remainders]
    left_over = total - sum(shares)
    # Largest remainder first; then the larger count; then the earlier position.
    order = sorted(
        range(len(whole)),
        key=lambda i: (-floors_and_remainders[i][1], -whole[i], i),
    )
    for i in order[:left_over]:
        shares[i] += 1
    return tuple(shares)


def _to_counts(counts: Iterable[SupportsIndex]) -> tuple[int, ...]:
    return tuple(operator.index(count) for count in counts)


def _check_counts(
    instance: SummaryRow, attribute: attrs.Attribute[tuple[int, ...]], value: tuple[int, ...]
) -> None:
    if len(value) not in (len(_RATED_COLUMNS), len(_ALL_COLUMNS)):
        raise ValueError(
            f"a summary row has {len(_RATED_COLUMNS)} counts, or {len(_ALL_COLUMNS)} with "
            f"{Status.NO_DATA.label}, not {len(value)}"
        )
    for count in value:
        if count < 0:
            raise ValueError(f"a summary row's counts cannot be negative, not {count}")


@attrs.frozen
class SummaryRow:
    """One row of the scrutiny table: a group's name (or ``Total``) and its counts.

    ``counts`` has one count per column of the table, in column order: four
    counts, or five when the table has a No data column. Index a row by a
    :class:`Status` to get that column's count; a status the table has no
    column for (No data, when no measure lacks data) counts 0.

    ```pycon
    >>> row = SummaryRow("Workforce", (0, 0, 3, 0))
    >>> row[Status.ON_TARGET], row[Status.NO_DATA]
    (3, 0)
    >>> row.counts
    (0, 0, 3, 0)

    ```
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    counts: tuple[int, ...] = attrs.field(converter=_to_counts, validator=_check_counts)

    def __getitem__(self, status: Status) -> int:
        """The count in this status's column; 0 for a status the table has no column for.

        ```pycon
        >>> row = SummaryRow("Children in Care", [1, 3, 1, 0])
        >>> row[Status.OUTSIDE_TOLERANCE], row[Status.WITHIN_TOLERANCE]
        (1, 3)
        >>> row[Status.NO_DATA]
        0

        ```
        """
        index = _column_index(status)
        return self.counts[index] if index < len(self.counts) else 0


def _column_index(status: Status) -> int:
    """The column position of ``status``, which is its code; KeyError for anything else."""
    try:
        return int(Status(status))
    except ValueError:
        raise KeyError(status) from None


def _to_columns(columns: Iterable[Status]) -> tuple[Status, ...]:
    return tuple(Status(column) for column in columns)


def _to_rows(rows: Iterable[SummaryRow]) -> tuple[SummaryRow, ...]:
    return tuple(rows)


def _check_columns(
    instance: Summary, attribute: attrs.Attribute[tuple[Status, ...]], value: tuple[Status, ...]
) -> None:
    if value not in (_RATED_COLUMNS, _ALL_COLUMNS):
        names = ", ".join(status.name for status in _RATED_COLUMNS)
        raise ValueError(
            f"a summary's columns are {names}, then NO_DATA if any measure has no data"
        )


def _check_rows(
    instance: Summary,
    attribute: attrs.Attribute[tuple[SummaryRow, ...]],
    value: tuple[SummaryRow, ...],
) -> None:
    names: set[str] = set()
    for row in value:
        if not isinstance(row, SummaryRow):
            raise TypeError(f"a summary's rows are SummaryRow, not {type(row).__name__}")
        if len(row.counts) != len(instance.columns):
            raise ValueError(
                f"row {quoted(row.name)} has {len(row.counts)} counts for"
                f" {len(instance.columns)} columns"
            )
        if row.name in names:
            raise ValueError(f"group {quoted(row.name)} appears twice in the summary")
        names.add(row.name)


def _check_no_data(
    instance: Summary, attribute: attrs.Attribute[SummaryRow], value: object
) -> None:
    if len(instance.columns) == len(_ALL_COLUMNS) and instance.total[Status.NO_DATA] == 0:
        raise ValueError(
            f"a summary has a {Status.NO_DATA.label} column only when a measure has no data"
        )


def _to_not_counted(
    value: Iterable[tuple[str, SupportsIndex]] | Mapping[str, SupportsIndex],
) -> tuple[tuple[str, int], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    result = []
    for reason, count in pairs:
        if not isinstance(reason, str):
            raise TypeError(
                f"a reason for not counting measures is a str, not {type(reason).__name__}"
            )
        result.append((reason, operator.index(count)))
    return tuple(result)


def _check_not_counted(
    instance: Summary,
    attribute: attrs.Attribute[tuple[tuple[str, int], ...]],
    value: tuple[tuple[str, int], ...],
) -> None:
    reasons: set[str] = set()
    for reason, count in value:
        if not reason.strip():
            raise ValueError("a reason for not counting measures is some words, not blank")
        if count < 1:
            raise ValueError(
                f"{quoted(reason)}: a number of measures not counted is 1 or more, not {count}"
            )
        if reason in reasons:
            raise ValueError(f"{quoted(reason)} appears twice in the measures not counted")
        reasons.add(reason)


@attrs.frozen
class Summary:
    """The scrutiny table: counts of contractual measures by status, per group, with totals.

    ``caption`` names the period (``"Quarter 4 2017/18"``, see
    :func:`caption_for`). ``columns`` are the statuses counted, in order:
    Outside tolerance, Inside tolerance, On or better than target, No target
    specified, and No data only if some measure has no data. ``rows`` are the
    groups in contract order, each a :class:`SummaryRow`: every group with
    contractual measures, those with none due in the period included (all
    0). ``total`` (named ``Total``) and ``percentages`` are worked out from
    the rows: the column sums, and each as a whole percentage of all the
    measures, adding up to exactly 100 by the largest remainder method (all
    zero if there are no measures).

    ``not_counted`` gives the contractual measures left out because they are
    not due in the period, as (reason, count) pairs in the words listings use
    (``"not due (reported annually)"``, ``"out of season"``); :attr:`note`
    says it in a sentence under the table. It is empty, and there is no note,
    when every measure is due.

    Build one with :meth:`from_statuses` (or :meth:`from_counts`). Renderers
    give it as plain text, Markdown, JSON, CSV, or plain records.

    ```pycon
    >>> summary = Summary.from_counts(
    ...     [("Social Care Pathway", [1, 3, 3, 0]),
    ...      ("Children in Care", [1, 3, 1, 0]),
    ...      ("Youth Offending Services", [0, 1, 2, 0]),
    ...      ("Family Support Services", [0, 0, 0, 2]),
    ...      ("Workforce", [0, 0, 3, 0])],
    ...     caption="Quarter 4 2017/18",
    ... )
    >>> [column.label for column in summary.columns]
    ['Outside tolerance', 'Inside tolerance', 'On or better than target', 'No target specified']
    >>> summary.total.counts, summary.percentages
    ((2, 7, 9, 2), (10, 35, 45, 10))
    >>> [summary.cell(column) for column in summary.columns]
    ['2 (10%)', '7 (35%)', '9 (45%)', '2 (10%)']

    ```
    """

    caption: str = attrs.field(validator=attrs.validators.instance_of(str))
    columns: tuple[Status, ...] = attrs.field(converter=_to_columns, validator=_check_columns)
    rows: tuple[SummaryRow, ...] = attrs.field(converter=_to_rows, validator=_check_rows)
    not_counted: tuple[tuple[str, int], ...] = attrs.field(
        default=(), kw_only=True, converter=_to_not_counted, validator=_check_not_counted
    )
    total: SummaryRow = attrs.field(init=False, validator=_check_no_data)
    percentages: tuple[int, ...] = attrs.field(init=False)

    def __repr__(self) -> str:
        return f"<Summary {self.caption!r}: {len(self.rows)} rows, total {self.total.counts}>"

    @total.default
    def _column_sums(self) -> SummaryRow:
        _check_rows(self, attrs.fields(Summary).rows, self.rows)
        sums = [0] * len(self.columns)
        for row in self.rows:
            for i, count in enumerate(row.counts):
                sums[i] += count
        return SummaryRow(_TOTAL, sums)

    @percentages.default
    def _shares(self) -> tuple[int, ...]:
        return largest_remainder(self.total.counts)

    @classmethod
    def from_statuses(
        cls,
        groups: Iterable[tuple[str, Iterable[Status]]] | Mapping[str, Iterable[Status]],
        caption: str,
        *,
        not_counted: Iterable[tuple[str, SupportsIndex]] | Mapping[str, SupportsIndex] = (),
    ) -> Summary:
        """The table for each group's statuses, one status per contractual measure.

        ``groups`` gives each group's name and the statuses of its contractual
        measures, in contract order, as pairs or as a mapping. Each group has
        its row, in the order given: one with no statuses (none of its
        measures due in the period, say) counts 0 in every column. Statuses
        may be :class:`Status` members or their integer codes (as a numpy
        ``int8`` array of them holds). ``not_counted``: see
        :attr:`Summary.not_counted`.

        ```pycon
        >>> summary = Summary.from_statuses(
        ...     {"Youth Offending Services": [Status.WITHIN_TOLERANCE, Status.ON_TARGET,
        ...                                   Status.ON_TARGET],
        ...      "Early Help": [],
        ...      "Workforce": [Status.ON_TARGET, Status.NO_DATA]},
        ...     caption="Quarter 4 2017/18",
        ... )
        >>> [(row.name, row.counts) for row in summary.rows]  # doctest: +NORMALIZE_WHITESPACE
        [('Youth Offending Services', (0, 1, 2, 0, 0)), ('Early Help', (0, 0, 0, 0, 0)),
         ('Workforce', (0, 0, 1, 0, 1))]
        >>> summary.columns[-1].label
        'No data'
        >>> summary.total.counts, summary.percentages
        ((0, 1, 3, 0, 1), (0, 20, 60, 0, 20))

        ```
        """
        counted: list[tuple[str, list[int]]] = []
        for name, statuses in _pairs(groups):
            counts = [0] * len(_ALL_COLUMNS)
            for code, n in collections.Counter(statuses).items():
                counts[_status_code(code)] += n
            counted.append((name, counts))
        return cls.from_counts(counted, caption, not_counted=not_counted)

    @classmethod
    def from_counts(
        cls,
        groups: Iterable[tuple[str, Iterable[SupportsIndex]]]
        | Mapping[str, Iterable[SupportsIndex]],
        caption: str,
        *,
        not_counted: Iterable[tuple[str, SupportsIndex]] | Mapping[str, SupportsIndex] = (),
    ) -> Summary:
        """The table for each group's counts, as a report gives them.

        Each group has four counts (Outside tolerance, Inside tolerance, On or
        better than target, No target specified) or five (then No data). The
        No data column is kept only if some group has a measure with no data.
        Each group has its row, in the order given, one whose counts are all
        zero (nothing due in the period) included. ``not_counted``: see
        :attr:`Summary.not_counted`.

        ```pycon
        >>> summary = Summary.from_counts(
        ...     [("Workforce", [0, 0, 3, 0, 0]), ("Finance", [0, 0, 0, 0])],
        ...     caption="2017/18",
        ... )
        >>> len(summary.columns), [(row.name, row.counts) for row in summary.rows]
        (4, [('Workforce', (0, 0, 3, 0)), ('Finance', (0, 0, 0, 0))])

        ```
        """
        rows = [SummaryRow(name, counts) for name, counts in _pairs(groups)]
        columns = _ALL_COLUMNS if any(row[Status.NO_DATA] for row in rows) else _RATED_COLUMNS
        fitted = tuple(_fit(row, len(columns)) for row in rows)
        return cls(caption, columns, fitted, not_counted=not_counted)

    @property
    def note(self) -> str:
        """A sentence for under the table on the measures not counted; "" when there are none.

        ```pycon
        >>> summary = Summary.from_counts(
        ...     [("Collections", [0, 1, 5, 0])], "May 2024",
        ...     not_counted=[("not due (reported annually)", 2), ("out of season", 1)])
        >>> summary.note
        'Not counted: 2 measures not due (reported annually), 1 out of season.'
        >>> Summary.from_counts([("Collections", [0, 1, 5, 0])], "May 2024").note
        ''

        ```
        """
        if not self.not_counted:
            return ""
        (reason, count), *others = self.not_counted
        parts = [f"{count} measure{'' if count == 1 else 's'} {reason}"]
        parts += [f"{n} {why}" for why, n in others]
        return f"Not counted: {', '.join(parts)}."

    def cell(self, column: Status) -> str:
        """The total row's cell for ``column``: the count and its whole percentage.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [1, 0, 2, 0])], "Quarter 4 2017/18")
        >>> summary.cell(Status.ON_TARGET), summary.cell(Status.OUTSIDE_TOLERANCE)
        ('2 (67%)', '1 (33%)')

        ```
        """
        index = _column_index(column)
        share = self.percentages[index] if index < len(self.percentages) else 0
        return f"{self.total[column]} ({share}%)"

    def _labels(self) -> list[str]:
        return [column.label for column in self.columns]

    def to_text(self) -> str:
        """A plain-text table for a terminal: the caption, then aligned columns.

        Headings are the status labels; counts are right-aligned; the Total
        row's cells read ``2 (10%)``; the :attr:`note` on measures not due,
        if any, is the last line. There is no newline at the end, ready for
        ``print``.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [0, 0, 3, 0])], "Quarter 4 2017/18")
        >>> print(summary.to_text())
        Quarter 4 2017/18
                   Outside tolerance  Inside tolerance  On or better than target  No target specified
        ---------  -----------------  ----------------  ------------------------  -------------------
        Workforce                  0                 0                         3                    0
        ---------  -----------------  ----------------  ------------------------  -------------------
        Total                 0 (0%)            0 (0%)                  3 (100%)               0 (0%)

        ```
        """  # noqa: E501 (a table printed whole is wider than a line)
        heading = ["", *self._labels()]
        body = [[one_line(row.name), *map(str, row.counts)] for row in self.rows]
        total = [_TOTAL, *(self.cell(column) for column in self.columns)]
        widths = [column_width(cells) for cells in zip(heading, *body, total, strict=True)]

        def line(cells: list[str]) -> str:
            first, *rest = cells
            aligned = [first.ljust(widths[0])]
            aligned += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
            return "  ".join(aligned).rstrip()

        rule = "  ".join("-" * width for width in widths)
        lines = [one_line(self.caption), line(heading), rule]
        lines += [line(cells) for cells in body]
        lines += [rule, line(total)]
        if self.note:
            lines.append(one_line(self.note))
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table, laid out to read as plain text too.

        The first heading is the caption in bold, as in the reference report;
        the Total row's name is in bold. Markdown's special characters in the
        caption and group names are escaped (raw HTML and ``|`` included), each
        on one line. The :attr:`note` on measures not due, if any, is a
        paragraph after the table. There is no newline at the end.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [0, 0, 3, 0])], "Quarter 4 2017/18")
        >>> print(summary.to_markdown())
        | **Quarter 4 2017/18** | Outside tolerance | Inside tolerance | On or better than target | No target specified |
        | :-------------------- | ----------------: | ---------------: | -----------------------: | ------------------: |
        | Workforce             |                 0 |                0 |                        3 |                   0 |
        | **Total**             |            0 (0%) |           0 (0%) |                 3 (100%) |              0 (0%) |

        ```
        """  # noqa: E501 (a table printed whole is wider than a line)
        heading = [f"**{markdown_cell(self.caption)}**", *self._labels()]
        body = [[markdown_cell(row.name), *map(str, row.counts)] for row in self.rows]
        total = [f"**{_TOTAL}**", *(self.cell(column) for column in self.columns)]
        widths = [column_width(cells, 3) for cells in zip(heading, *body, total, strict=True)]

        def line(cells: list[str]) -> str:
            first, *rest = cells
            aligned = [first.ljust(widths[0])]
            aligned += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
            return "| " + " | ".join(aligned) + " |"

        delimiter = [":" + "-" * (widths[0] - 1)] + [
            "-" * (width - 1) + ":" for width in widths[1:]
        ]
        lines = [line(heading), "| " + " | ".join(delimiter) + " |"]
        lines += [line(cells) for cells in [*body, total]]
        if self.note:
            lines += ["", markdown_text(self.note)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """The table as plain dicts, lists, strings and ints, keyed by the status labels.

        ``not_counted`` (each reason and its count) is there only when some
        measure was not due, as the No data column is only when some measure
        has no data.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [1, 0, 3, 0])], "Quarter 4 2017/18")
        >>> data = summary.to_dict()
        >>> data["caption"], data["rows"][0]["group"]
        ('Quarter 4 2017/18', 'Workforce')
        >>> data["rows"][0]["counts"]["On or better than target"]
        3
        >>> list(data["total"]["percentages"].values())
        [25, 0, 75, 0]

        ```
        """
        labels = self._labels()
        data: dict[str, object] = {
            "caption": self.caption,
            "columns": labels,
            "rows": [
                {"group": row.name, "counts": dict(zip(labels, row.counts, strict=True))}
                for row in self.rows
            ],
            "total": {
                "counts": dict(zip(labels, self.total.counts, strict=True)),
                "percentages": dict(zip(labels, self.percentages, strict=True)),
            },
        }
        if self.not_counted:
            data["not_counted"] = dict(self.not_counted)
        return data

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON, indented by 2, non-ASCII text kept as it is.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [0, 0, 3, 0])], "Quarter 4 2017/18")
        >>> import json
        >>> json.loads(summary.to_json()) == summary.to_dict()
        True

        ```
        """
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_csv(self) -> str:
        """CSV: a ``group`` heading and the labels, the group rows, ``Total``, then ``Total %``.

        Percentages are bare whole numbers so a spreadsheet reads them as
        numbers. Every line, the last included, ends with ``\\n``; the caption
        and the :attr:`note` are not in the CSV. A group name that a spreadsheet would run as a
        formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
        return) gets a leading ``'``, and a NUL is written as U+FFFD (�).

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [1, 0, 3, 0])], "Quarter 4 2017/18")
        >>> print(summary.to_csv(), end="")
        group,Outside tolerance,Inside tolerance,On or better than target,No target specified
        Workforce,1,0,3,0
        Total,1,0,3,0
        Total %,25,0,75,0

        ```
        """
        rows: list[list[object]] = [["group", *self._labels()]]
        rows += [[row.name, *row.counts] for row in (*self.rows, self.total)]
        rows.append([f"{_TOTAL} %", *self.percentages])
        return write_csv(rows)

    def to_html(self) -> str:
        """An HTML table with the caption, the group rows and the Total row; a notebook shows it.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [0, 0, 3, 0])], "Quarter 4 2017/18")
        >>> print(summary.to_html()[:59])
        <table class="summary"><caption>Quarter 4 2017/18</caption>

        ```
        """
        from perfcontract.render.tables import summary_table

        return summary_table(self)

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import styled

        return styled(self.to_html())

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict a row, the Total row last: ready for ``pandas.DataFrame`` or a sheet.

        ```pycon
        >>> summary = Summary.from_counts([("Workforce", [1, 0, 3, 0])], "Quarter 4 2017/18")
        >>> records = summary.to_records()
        >>> [(record["group"], record["On or better than target"]) for record in records]
        [('Workforce', 3), ('Total', 3)]
        >>> list(records[0])[:3]
        ['group', 'Outside tolerance', 'Inside tolerance']

        ```
        """
        labels = self._labels()
        return [
            {"group": row.name, **dict(zip(labels, row.counts, strict=True))}
            for row in (*self.rows, self.total)
        ]


def caption_for(period: Period | str) -> str:
    """The table caption for a period, in the reference report's words.

    A quarter reads ``Quarter 4 2017/18``; a financial year reads as its label,
    ``2017/18``, as councils write it; a month reads ``March 2018``. Text is
    read with :meth:`Period.parse` (years starting in April).

    ```pycon
    >>> caption_for("2017/18 Q4")
    'Quarter 4 2017/18'
    >>> caption_for(Period.parse("2017/18")), caption_for("2018-03")
    ('2017/18', 'March 2018')

    ```
    """
    if not isinstance(period, Period):
        period = Period.parse(period)
    if period.kind is PeriodKind.QUARTER:
        return f"Quarter {period.number} {period.financial_year().label}"
    if period.kind is PeriodKind.MONTH:
        return f"{MONTH_NAMES[period.number - 1]} {period.year:04d}"
    return period.label


def _fit(row: SummaryRow, width: int) -> SummaryRow:
    """The row with ``width`` counts: a zero No data count added or dropped."""
    if len(row.counts) == width:
        return row
    return SummaryRow(row.name, (*row.counts, 0)[:width])


def _pairs(groups: Iterable[tuple[str, _T]] | Mapping[str, _T]) -> Iterator[tuple[str, _T]]:
    """The (name, value) pairs of a mapping or of an iterable of pairs, names checked."""
    pairs = groups.items() if isinstance(groups, Mapping) else groups
    for name, value in pairs:
        if not isinstance(name, str):
            raise TypeError(f"a group's name is a str, not {type(name).__name__}")
        yield name, value


def _status_code(value: object) -> int:
    """The column of one status: a Status, or an integer code of one."""
    # An int (a Status is one) is an index: the protocol's slower check is for the rest.
    if not isinstance(value, (int, SupportsIndex)):
        raise TypeError(f"a status is a Status, not {type(value).__name__}")
    try:
        return int(Status(operator.index(value)))
    except ValueError:
        raise ValueError(f"{value!r} is not a status code (0 to {len(Status) - 1})") from None
