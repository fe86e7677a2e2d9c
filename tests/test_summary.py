"""Tests for perfcontract.summary: the scrutiny table and its whole-percentage shares.

The reference is table 2.2 of the trust's Quarter 4 2017/18 performance report
to Doncaster Council.

Renderings are pinned as golden files in ``tests/golden/summary/``. To rewrite
them after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_summary.py

and read every changed file (``git diff tests/golden/summary``) before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import io
import json
import math
import os
from fractions import Fraction
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcontract.errors import PeriodError
from perfcontract.periods import Period, PeriodKind
from perfcontract.status import Status
from perfcontract.summary import Summary, SummaryRow, caption_for, largest_remainder

GOLDEN = Path(__file__).resolve().parent / "golden" / "summary"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"

# No example database: it would leave a .hypothesis directory in the working tree.
laws = settings(database=None, max_examples=200)

OUT, IN, ON, NONE, NO_DATA = (
    Status.OUTSIDE_TOLERANCE,
    Status.WITHIN_TOLERANCE,
    Status.ON_TARGET,
    Status.NO_TARGET,
    Status.NO_DATA,
)
FOUR = (OUT, IN, ON, NONE)
LABELS = [
    "Outside tolerance",
    "Inside tolerance",
    "On or better than target",
    "No target specified",
]

# Table 2.2 of the reference report, Quarter 4 2017/18.
REFERENCE_COUNTS = [
    ("Social Care Pathway", (1, 3, 3, 0)),
    ("Children in Care", (1, 3, 1, 0)),
    ("Youth Offending Services", (0, 1, 2, 0)),
    ("Family Support Services", (0, 0, 0, 2)),
    ("Workforce", (0, 0, 3, 0)),
]
# A made-up quarter where two measures have no data; a non-ASCII name, and ties
# in the remainders broken first by the larger count, then by position.
NO_DATA_COUNTS = [
    ("Social Care Pathway", (1, 2, 3, 0, 1)),
    ("Children in Care", (0, 3, 1, 0, 1)),
    ("Children’s Centres", (0, 1, 1, 0, 0)),
    ("Family Support Services", (0, 0, 0, 2, 0)),
]


def statuses_for(counts: tuple[int, ...]) -> list[Status]:
    """A list of statuses with the given count of each, in a scrambled order."""
    statuses = [Status(code) for code, n in enumerate(counts) for _ in range(n)]
    return statuses[1::2] + statuses[::2]


def reference() -> Summary:
    """The reference report's Quarter 4 2017/18 table, built from statuses."""
    groups = [(name, statuses_for(counts)) for name, counts in REFERENCE_COUNTS]
    return Summary.from_statuses(groups, caption="Quarter 4 2017/18")


def with_no_data() -> Summary:
    """A table with a No data column."""
    groups = [(name, statuses_for(counts)) for name, counts in NO_DATA_COUNTS]
    return Summary.from_statuses(groups, caption="Quarter 1 2018/19")


def empty() -> Summary:
    """A table with no groups, so no contractual measures at all."""
    return Summary.from_statuses([], caption="2017/18")


# The waste example's May 2024 as if its annual survey had a group of its own:
# a group with nothing due in the month keeps its row, all 0.
NOTHING_DUE_COUNTS = [
    ("Collections", (0, 1, 1, 0)),
    ("Residents' survey", (0, 0, 0, 0)),
    ("Compliance", (0, 0, 1, 0)),
]


def with_nothing_due() -> Summary:
    """A month's table with a group none of whose measures is due."""
    groups = [(name, statuses_for(counts)) for name, counts in NOTHING_DUE_COUNTS]
    return Summary.from_statuses(
        groups, caption="May 2024", not_counted=[("not due (reported annually)", 1)]
    )


# The waste example's July 2024: six measures due, three not (tests/test_evaluation_rules.py
# builds it from the example itself).
JULY_COUNTS = [
    ("Collections", (0, 1, 1, 0)),
    ("Street cleansing", (0, 0, 1, 0)),
    ("Recycling centres", (0, 0, 1, 0)),
    ("Customers", (0, 1, 0, 0)),
    ("Compliance", (0, 0, 1, 0)),
]
JULY_NOT_COUNTED = [
    ("not due (reported annually)", 1),
    ("not due (reported quarterly)", 1),
    ("out of season", 1),
]


def with_not_due() -> Summary:
    """A month's table with measures not due in it."""
    groups = [(name, statuses_for(counts)) for name, counts in JULY_COUNTS]
    return Summary.from_statuses(groups, caption="July 2024", not_counted=JULY_NOT_COUNTED)


def check_golden(name: str, text: str) -> None:
    """``text`` (with a final newline added if it has none) is the golden file ``name``."""
    if not text.endswith("\n"):
        text += "\n"
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text


COUNTS = st.lists(st.integers(0, 10_000), min_size=1, max_size=12)
POSITIVE_COUNTS = COUNTS.filter(lambda counts: sum(counts) > 0)
TOTALS = st.integers(0, 1_000)
NAMES = st.text(min_size=1, max_size=12)


@st.composite
def groups(draw: st.DrawFn) -> list[tuple[str, list[Status]]]:
    """Groups with distinct names, each with any statuses (some with none)."""
    names = draw(st.lists(NAMES, max_size=6, unique=True))
    return [(name, draw(st.lists(st.sampled_from(Status), max_size=25))) for name in names]


class TestLargestRemainder:
    def test_reference_shares(self) -> None:
        """The reference's 2, 7, 9 and 2 measures are 10%, 35%, 45% and 10%."""
        assert (10, 35, 45, 10) == largest_remainder([2, 7, 9, 2])

    def test_exact_quotas_are_kept(self) -> None:
        """Quotas that are whole numbers are the shares, untouched."""
        assert (25, 75) == largest_remainder([1, 3])

    def test_leftover_goes_to_largest_remainder(self) -> None:
        """1/3, 1/3, 1/3 of 100 are 33 each, and the one left over goes to the first."""
        assert (34, 33, 33) == largest_remainder([1, 1, 1])

    def test_largest_remainder_wins_over_larger_count(self) -> None:
        """A count with a larger fractional part gets the unit before a larger count."""
        # Quotas 100 * (2, 5, 2) / 9 = 22.2, 55.6, 22.2: 56 then the 2s share the rest.
        assert (22, 56, 22) == largest_remainder([2, 5, 2])

    def test_tie_in_remainder_goes_to_larger_count(self) -> None:
        """With equal fractional parts, the larger count is rounded up first."""
        # Quotas 0.5 and 1.5 of 2.
        assert (0, 2) == largest_remainder([1, 3], total=2)
        assert (2, 0) == largest_remainder([3, 1], total=2)

    def test_tie_in_remainder_and_count_goes_to_earlier(self) -> None:
        """With equal fractional parts and equal counts, the earlier position goes first."""
        assert (1, 2, 0) == largest_remainder([1, 4, 1], total=3)

    def test_both_tie_breaks_together(self) -> None:
        """Remainders tie three ways: the 6 first, then the earlier of the two 2s."""
        # Quotas 6.25, 37.5, 31.25, 12.5, 12.5.
        assert (6, 38, 31, 13, 12) == largest_remainder([1, 6, 5, 2, 2])

    def test_other_totals(self) -> None:
        """Any total can be shared out, not only 100."""
        assert (333, 667) == largest_remainder([1, 2], total=1000)

    def test_all_zero_counts_share_nothing(self) -> None:
        """All-zero counts get all-zero shares."""
        assert (0, 0, 0) == largest_remainder([0, 0, 0])

    def test_no_counts(self) -> None:
        """No counts get no shares."""
        assert () == largest_remainder([])

    def test_zero_total(self) -> None:
        """A total of 0 gives every count 0."""
        assert (0, 0) == largest_remainder([3, 4], total=0)

    def test_zero_count_gets_zero(self) -> None:
        """A count of 0 never gets a share, even when units are left over."""
        assert (0, 34, 33, 33) == largest_remainder([0, 1, 1, 1])

    def test_numpy_integers(self) -> None:
        """numpy integers count as whole numbers, and plain ints come back."""
        shares = largest_remainder(np.array([2, 7, 9, 2], dtype=np.int8))
        assert (10, 35, 45, 10) == shares
        assert [int, int, int, int] == [type(share) for share in shares]

    def test_huge_counts_are_exact(self) -> None:
        """Counts beyond a float's precision are still shared out exactly."""
        big = 10**30
        assert (50, 50) == largest_remainder([big + 1, big])
        assert (1, 0) == largest_remainder([big + 1, big], total=1)

    def test_negative_count(self) -> None:
        """A negative count raises ValueError."""
        with pytest.raises(ValueError, match="counts cannot be negative, not -1"):
            largest_remainder([3, -1])

    def test_negative_total(self) -> None:
        """A negative total raises ValueError."""
        with pytest.raises(ValueError, match="cannot be negative, not -100"):
            largest_remainder([1, 2], total=-100)

    def test_fractional_count(self) -> None:
        """A float count raises TypeError: shares are of whole counts only."""
        with pytest.raises(TypeError):
            largest_remainder([1.5, 2])  # type: ignore[list-item]

    @laws
    @given(POSITIVE_COUNTS, TOTALS)
    def test_shares_add_up_to_total(self, counts: list[int], total: int) -> None:
        """The shares always add up to exactly the total."""
        assert total == sum(largest_remainder(counts, total))

    @laws
    @given(POSITIVE_COUNTS, TOTALS)
    def test_each_share_is_its_quota_rounded(self, counts: list[int], total: int) -> None:
        """Every share is its exact quota rounded down or up."""
        shares = largest_remainder(counts, total)
        for count, share in zip(counts, shares, strict=True):
            quota = Fraction(count * total, sum(counts))
            assert share in (math.floor(quota), math.ceil(quota))

    @laws
    @given(POSITIVE_COUNTS, TOTALS)
    def test_larger_count_never_smaller_share(self, counts: list[int], total: int) -> None:
        """A larger count never gets a smaller share; equal counts differ by at most 1."""
        shares = largest_remainder(counts, total)
        for a, share_a in zip(counts, shares, strict=True):
            for b, share_b in zip(counts, shares, strict=True):
                if a > b:
                    assert share_a >= share_b
                if a == b:
                    assert abs(share_a - share_b) <= 1

    @laws
    @given(COUNTS, TOTALS)
    def test_one_share_per_count(self, counts: list[int], total: int) -> None:
        """There is one non-negative share per count, in the same order."""
        shares = largest_remainder(counts, total)
        assert len(counts) == len(shares)
        assert all(share >= 0 for share in shares)


class TestSummaryRow:
    def test_index_by_status(self) -> None:
        """A row indexed by a status gives that column's count."""
        row = SummaryRow("Children in Care", (1, 3, 1, 0))
        assert [1, 3, 1, 0] == [row[status] for status in FOUR]

    def test_missing_no_data_column_counts_zero(self) -> None:
        """A four-count row has 0 measures with no data."""
        assert 0 == SummaryRow("Workforce", (0, 0, 3, 0))[NO_DATA]

    def test_no_data_column(self) -> None:
        """A five-count row's last count is the No data column."""
        assert 4 == SummaryRow("Workforce", (0, 0, 3, 0, 4))[NO_DATA]

    def test_integer_codes_index_too(self) -> None:
        """A status's integer code indexes the same column (Status is an IntEnum)."""
        assert 3 == SummaryRow("Workforce", (0, 0, 3, 0))[2]  # type: ignore[index]

    def test_unknown_status_is_key_error(self) -> None:
        """A code that is no status raises KeyError."""
        with pytest.raises(KeyError):
            SummaryRow("Workforce", (0, 0, 3, 0))[7]  # type: ignore[index]

    def test_counts_become_a_tuple_of_ints(self) -> None:
        """Counts given as a list (or numpy integers) are kept as a tuple of ints."""
        row = SummaryRow("Workforce", np.array([0, 0, 3, 0]))
        assert (0, 0, 3, 0) == row.counts
        assert {int} == {type(count) for count in row.counts}

    @pytest.mark.parametrize("counts", [(), (1, 2, 3), (1, 2, 3, 4, 5, 6)])
    def test_four_or_five_counts(self, counts: tuple[int, ...]) -> None:
        """A row has four counts, or five with No data."""
        with pytest.raises(ValueError, match="has 4 counts, or 5 with No data"):
            SummaryRow("Workforce", counts)

    def test_negative_count(self) -> None:
        """A negative count raises ValueError."""
        with pytest.raises(ValueError, match="cannot be negative, not -1"):
            SummaryRow("Workforce", (0, -1, 3, 0))

    def test_name_is_text(self) -> None:
        """A name that is not a str raises TypeError."""
        with pytest.raises(TypeError):
            SummaryRow(3, (0, 0, 3, 0))  # type: ignore[arg-type]

    def test_frozen_and_hashable(self) -> None:
        """Rows are frozen values: equal rows hash alike and cannot be changed."""
        row = SummaryRow("Workforce", [0, 0, 3, 0])
        assert {row} == {SummaryRow("Workforce", (0, 0, 3, 0))}
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            row.name = "Staff"  # type: ignore[misc]


class TestFromStatuses:
    def test_reference_group_rows(self) -> None:
        """Every group row of the reference table, in contract order."""
        summary = reference()
        assert REFERENCE_COUNTS == [(row.name, row.counts) for row in summary.rows]

    def test_reference_total(self) -> None:
        """The reference total: 2, 7, 9 and 2 measures, 20 in all."""
        assert SummaryRow("Total", (2, 7, 9, 2)) == reference().total

    def test_reference_percentages(self) -> None:
        """The reference percentages: 10%, 35%, 45% and 10%."""
        assert (10, 35, 45, 10) == reference().percentages

    def test_reference_columns(self) -> None:
        """The reference has the four rated columns, in the report's order, and no No data."""
        summary = reference()
        assert FOUR == summary.columns
        assert LABELS == [column.label for column in summary.columns]

    def test_caption_kept(self) -> None:
        """The caption is kept as given."""
        assert "Quarter 4 2017/18" == reference().caption

    def test_no_data_column_when_a_measure_has_no_data(self) -> None:
        """One measure with no data adds the No data column, last."""
        summary = Summary.from_statuses([("Workforce", [ON, NO_DATA])], "Quarter 4 2017/18")
        assert (*FOUR, NO_DATA) == summary.columns
        assert (0, 0, 1, 0, 1) == summary.rows[0].counts
        assert (0, 0, 50, 0, 50) == summary.percentages

    def test_no_data_rows_all_have_five_counts(self) -> None:
        """With a No data column, every row has a No data count, 0 where none."""
        summary = with_no_data()
        assert [5] * 4 == [len(row.counts) for row in summary.rows]
        assert [1, 1, 0, 0] == [row[NO_DATA] for row in summary.rows]

    def test_no_data_percentages_break_ties(self) -> None:
        """The No data table's shares: the tied remainders go to 6 measures, then the first 2."""
        summary = with_no_data()
        assert (1, 6, 5, 2, 2) == summary.total.counts
        assert (6, 38, 31, 13, 12) == summary.percentages

    def test_group_with_nothing_counted_keeps_its_row(self) -> None:
        """A group with no statuses (nothing due) has its row, all 0, in its place: the
        table has the same rows every period."""
        summary = Summary.from_statuses(
            [("Early Help", []), ("Workforce", [ON]), ("Finance", [])], "2017/18"
        )
        assert [
            ("Early Help", (0, 0, 0, 0)),
            ("Workforce", (0, 0, 1, 0)),
            ("Finance", (0, 0, 0, 0)),
        ] == [(row.name, row.counts) for row in summary.rows]
        assert ((0, 0, 1, 0), (0, 0, 100, 0)) == (summary.total.counts, summary.percentages)

    def test_group_with_nothing_counted_and_no_data_column(self) -> None:
        """With a No data column, a group with nothing counted has five zeros."""
        summary = Summary.from_statuses([("Workforce", [NO_DATA]), ("Finance", [])], "2017/18")
        assert [(0, 0, 0, 0, 1), (0, 0, 0, 0, 0)] == [row.counts for row in summary.rows]

    def test_mapping_of_groups(self) -> None:
        """Groups may be a mapping from name to statuses, in its order."""
        summary = Summary.from_statuses({"Workforce": [ON], "Children in Care": [OUT]}, "2017/18")
        assert ["Workforce", "Children in Care"] == [row.name for row in summary.rows]

    def test_numpy_status_codes(self) -> None:
        """An int8 array of status codes, as the engine gives, counts like Status members."""
        codes = np.array([0, 1, 1, 2, 2, 2], dtype=np.int8)
        summary = Summary.from_statuses([("Social Care Pathway", codes)], "2017/18")
        assert (1, 2, 3, 0) == summary.total.counts

    def test_generator_of_statuses(self) -> None:
        """Statuses may come from any iterable, read once."""
        summary = Summary.from_statuses([("Workforce", (s for s in [ON, ON]))], "2017/18")
        assert (0, 0, 2, 0) == summary.total.counts

    def test_no_groups(self) -> None:
        """No groups: no rows, zero totals, zero percentages, four columns."""
        summary = Summary.from_statuses([], "2017/18")
        assert ((), (0, 0, 0, 0), (0, 0, 0, 0), FOUR) == (
            summary.rows,
            summary.total.counts,
            summary.percentages,
            summary.columns,
        )

    def test_only_groups_with_nothing_counted(self) -> None:
        """Groups with nothing counted: their rows, all 0; totals and shares 0; four columns."""
        summary = Summary.from_statuses([("Workforce", []), ("Finance", [])], "2017/18")
        assert (
            [(0, 0, 0, 0), (0, 0, 0, 0)],
            (0, 0, 0, 0),
            (0, 0, 0, 0),
            FOUR,
        ) == (
            [row.counts for row in summary.rows],
            summary.total.counts,
            summary.percentages,
            summary.columns,
        )

    def test_status_code_out_of_range(self) -> None:
        """A code that is no status raises ValueError naming it."""
        with pytest.raises(ValueError, match="7 is not a status code"):
            Summary.from_statuses([("Workforce", [7])], "2017/18")  # type: ignore[list-item]

    def test_status_given_as_text(self) -> None:
        """A status written as text raises TypeError: statuses are Status members."""
        with pytest.raises(TypeError, match="a status is a Status, not str"):
            Summary.from_statuses([("Workforce", ["ON_TARGET"])], "2017/18")  # type: ignore[list-item]

    def test_status_given_as_float(self) -> None:
        """A float code raises TypeError rather than being rounded to a status."""
        with pytest.raises(TypeError, match="a status is a Status, not float"):
            Summary.from_statuses([("Workforce", [2.0])], "2017/18")  # type: ignore[list-item]

    def test_group_name_must_be_text(self) -> None:
        """A group name that is not a str raises TypeError."""
        with pytest.raises(TypeError, match="a group's name is a str, not int"):
            Summary.from_statuses([(1, [ON])], "2017/18")  # type: ignore[list-item]

    def test_group_twice(self) -> None:
        """The same group twice raises ValueError rather than two rows or a silent merge."""
        with pytest.raises(ValueError, match="group `Workforce` appears twice"):
            Summary.from_statuses([("Workforce", [ON]), ("Workforce", [OUT])], "2017/18")

    @laws
    @given(groups())
    def test_total_is_column_sums(self, groups: list[tuple[str, list[Status]]]) -> None:
        """The total row is the sum of every column."""
        summary = Summary.from_statuses(groups, "2017/18")
        sums = tuple(
            sum(row.counts[i] for row in summary.rows) for i in range(len(summary.columns))
        )
        assert sums == summary.total.counts

    @laws
    @given(groups())
    def test_every_measure_counted_once(self, groups: list[tuple[str, list[Status]]]) -> None:
        """The total counts every status given, and each row its group's statuses."""
        summary = Summary.from_statuses(groups, "2017/18")
        assert sum(len(statuses) for _, statuses in groups) == sum(summary.total.counts)
        given_rows = [(name, len(statuses)) for name, statuses in groups]
        assert given_rows == [(row.name, sum(row.counts)) for row in summary.rows]

    @laws
    @given(groups())
    def test_percentages_add_up_to_100(self, groups: list[tuple[str, list[Status]]]) -> None:
        """With at least one measure the percentages add up to exactly 100, else all 0."""
        summary = Summary.from_statuses(groups, "2017/18")
        expected = 100 if any(statuses for _, statuses in groups) else 0
        assert expected == sum(summary.percentages)
        assert len(summary.columns) == len(summary.percentages)

    @laws
    @given(groups())
    def test_no_data_column_only_when_needed(self, groups: list[tuple[str, list[Status]]]) -> None:
        """The No data column is there exactly when some measure has no data."""
        summary = Summary.from_statuses(groups, "2017/18")
        has_no_data = any(NO_DATA in statuses for _, statuses in groups)
        assert has_no_data == (NO_DATA in summary.columns)


class TestFromCounts:
    def test_reference_from_counts(self) -> None:
        """The reference table from its printed counts equals the one from statuses."""
        assert reference() == Summary.from_counts(REFERENCE_COUNTS, "Quarter 4 2017/18")

    def test_zero_no_data_counts_drop_the_column(self) -> None:
        """Five counts whose No data counts are all 0 give four columns."""
        summary = Summary.from_counts([("Workforce", [0, 0, 3, 0, 0])], "2017/18")
        assert (FOUR, (0, 0, 3, 0)) == (summary.columns, summary.rows[0].counts)

    def test_four_and_five_counts_mixed(self) -> None:
        """Four-count groups get a 0 No data count when another group has some."""
        summary = Summary.from_counts(
            [("Workforce", [0, 0, 3, 0]), ("Finance", [0, 0, 0, 0, 1])], "2017/18"
        )
        assert [(0, 0, 3, 0, 0), (0, 0, 0, 0, 1)] == [row.counts for row in summary.rows]

    def test_all_zero_group_keeps_its_row(self) -> None:
        """A group whose counts are all 0 (nothing due) has its row, in its place."""
        summary = Summary.from_counts([("Finance", [0, 0, 0, 0]), ("Workforce", [0, 0, 3, 0])], "")
        assert ["Finance", "Workforce"] == [row.name for row in summary.rows]
        assert (0, 0, 0, 0) == summary.rows[0].counts

    def test_all_zero_group_from_counts_equals_from_statuses(self) -> None:
        """The table of a group with nothing due is the same from counts and from statuses."""
        expected = Summary.from_counts(
            NOTHING_DUE_COUNTS, "May 2024", not_counted=[("not due (reported annually)", 1)]
        )
        assert expected == with_nothing_due()

    def test_wrong_number_of_counts(self) -> None:
        """A group with three counts raises ValueError."""
        with pytest.raises(ValueError, match="has 4 counts, or 5 with No data, not 3"):
            Summary.from_counts([("Workforce", [0, 3, 0])], "2017/18")


class TestSummaryConstruction:
    def test_total_and_percentages_worked_out(self) -> None:
        """Built directly, a summary works out its total row and percentages."""
        rows = [SummaryRow(name, counts) for name, counts in REFERENCE_COUNTS]
        summary = Summary("Quarter 4 2017/18", FOUR, rows)
        assert reference() == summary

    def test_evolve_works_out_the_total_again(self) -> None:
        """attrs.evolve with other rows gives their total, not the old one."""
        summary = attrs.evolve(reference(), rows=(SummaryRow("Workforce", (0, 0, 3, 0)),))
        assert ((0, 0, 3, 0), (0, 0, 100, 0)) == (summary.total.counts, summary.percentages)

    def test_columns_in_wrong_order(self) -> None:
        """Columns other than the four statuses in order, then No data, raise ValueError."""
        with pytest.raises(ValueError, match="a summary's columns are OUTSIDE_TOLERANCE"):
            Summary("2017/18", (ON, IN, OUT, NONE), ())

    def test_columns_as_codes(self) -> None:
        """Columns given as integer codes become Status members."""
        assert FOUR == Summary("2017/18", [0, 1, 2, 3], ()).columns  # type: ignore[list-item]

    def test_row_length_must_fit_columns(self) -> None:
        """A row with five counts in a four-column table raises ValueError."""
        with pytest.raises(ValueError, match="row `Workforce` has 5 counts for 4 columns"):
            Summary("2017/18", FOUR, (SummaryRow("Workforce", (0, 0, 3, 0, 1)),))

    def test_no_data_column_needs_a_measure_without_data(self) -> None:
        """A No data column where no measure lacks data raises ValueError."""
        with pytest.raises(ValueError, match="No data column only when a measure has no data"):
            Summary("2017/18", (*FOUR, NO_DATA), (SummaryRow("Workforce", (0, 0, 3, 0, 0)),))

    def test_rows_must_be_summary_rows(self) -> None:
        """A row that is not a SummaryRow raises TypeError."""
        with pytest.raises(TypeError, match="rows are SummaryRow, not tuple"):
            Summary("2017/18", FOUR, [("Workforce", (0, 0, 3, 0))])  # type: ignore[list-item]

    def test_frozen(self) -> None:
        """A summary cannot be changed after it is made."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            reference().caption = "Quarter 3 2017/18"  # type: ignore[misc]


class TestCell:
    def test_reference_cells(self) -> None:
        """The reference's total cells read 2 (10%), 7 (35%), 9 (45%), 2 (10%)."""
        summary = reference()
        assert ["2 (10%)", "7 (35%)", "9 (45%)", "2 (10%)"] == [
            summary.cell(column) for column in summary.columns
        ]

    def test_no_data_cell(self) -> None:
        """The No data cell, when the column is there."""
        assert "2 (12%)" == with_no_data().cell(NO_DATA)

    def test_absent_no_data_cell(self) -> None:
        """Without a No data column, its cell reads 0 (0%)."""
        assert "0 (0%)" == reference().cell(NO_DATA)

    def test_empty_table_cells(self) -> None:
        """With no measures, every cell reads 0 (0%)."""
        summary = empty()
        assert ["0 (0%)"] * 4 == [summary.cell(column) for column in summary.columns]


class TestToText:
    def test_reference_golden(self) -> None:
        """The reference table as text is its golden file."""
        check_golden("q4-2017-18.txt", reference().to_text())

    def test_no_data_golden(self) -> None:
        """The No data table as text is its golden file."""
        check_golden("no-data-q1-2018-19.txt", with_no_data().to_text())

    def test_empty_golden(self) -> None:
        """The table with no measures as text is its golden file."""
        check_golden("empty-2017-18.txt", empty().to_text())

    def test_caption_first_then_headings(self) -> None:
        """The first line is the caption, the second the status labels."""
        first, second, *_ = reference().to_text().splitlines()
        assert "Quarter 4 2017/18" == first
        assert LABELS == second.strip().split("  ")

    def test_no_trailing_whitespace_or_newline(self) -> None:
        """No line ends in spaces, and the text does not end in a newline."""
        text = with_no_data().to_text()
        assert [] == [line for line in text.splitlines() if line != line.rstrip()]
        assert not text.endswith("\n")

    def test_columns_line_up(self) -> None:
        """Every line after the caption ends in the same column."""
        lines = with_no_data().to_text().splitlines()[1:]
        assert 1 == len({len(line) for line in lines})

    def test_name_on_one_line(self) -> None:
        """A line break in a group name does not break the table."""
        summary = Summary.from_counts([("Work\nforce", [0, 0, 3, 0])], "2017/18")
        assert "Work force" in summary.to_text().splitlines()[3]


class TestToMarkdown:
    def test_reference_golden(self) -> None:
        """The reference table as Markdown is its golden file."""
        check_golden("q4-2017-18.md", reference().to_markdown())

    def test_no_data_golden(self) -> None:
        """The No data table as Markdown is its golden file."""
        check_golden("no-data-q1-2018-19.md", with_no_data().to_markdown())

    def test_caption_is_the_bold_first_heading(self) -> None:
        """The header row starts with the caption in bold, as in the report."""
        header = reference().to_markdown().splitlines()[0]
        cells = [cell.strip() for cell in header.strip("|").split("|")]
        assert ["**Quarter 4 2017/18**", *LABELS] == cells

    def test_total_row_name_bold(self) -> None:
        """The last row is the Total row, its name in bold, its cells count and share."""
        last = reference().to_markdown().splitlines()[-1]
        cells = [cell.strip() for cell in last.strip("|").split("|")]
        assert ["**Total**", "2 (10%)", "7 (35%)", "9 (45%)", "2 (10%)"] == cells

    def test_every_line_is_a_table_row(self) -> None:
        """Every line is a pipe-delimited row with one cell per column plus the name."""
        lines = with_no_data().to_markdown().splitlines()
        assert 2 + 4 + 1 == len(lines)
        assert {6} == {line.count("|") - 1 for line in lines}

    def test_special_characters_escaped(self) -> None:
        """A pipe or asterisk in a name or caption is escaped, so the table holds."""
        summary = Summary.from_counts([("A|B *draft*", [0, 0, 3, 0])], "Q4 | *draft*")
        lines = summary.to_markdown().splitlines()
        assert lines[0].startswith(r"| **Q4 \| \*draft\*** |")
        assert lines[2].startswith(r"| A\|B \*draft\* ")


class TestToJson:
    def test_reference_golden(self) -> None:
        """The reference table as JSON is its golden file."""
        check_golden("q4-2017-18.json", reference().to_json())

    def test_no_data_golden(self) -> None:
        """The No data table as JSON is its golden file, non-ASCII kept as it is."""
        text = with_no_data().to_json()
        check_golden("no-data-q1-2018-19.json", text)
        assert "Children’s Centres" in text

    def test_round_trips_to_dict(self) -> None:
        """The JSON reads back as to_dict()."""
        summary = with_no_data()
        assert summary.to_dict() == json.loads(summary.to_json())


class TestToDict:
    def test_reference(self) -> None:
        """The reference table as plain data, keyed by label."""
        data = reference().to_dict()
        assert "Quarter 4 2017/18" == data["caption"]
        assert LABELS == data["columns"]
        assert {
            "counts": dict(zip(LABELS, (2, 7, 9, 2), strict=True)),
            "percentages": dict(zip(LABELS, (10, 35, 45, 10), strict=True)),
        } == data["total"]
        assert {"group": "Workforce", "counts": dict(zip(LABELS, (0, 0, 3, 0), strict=True))} == (
            data["rows"][-1]  # type: ignore[index]
        )

    def test_no_data_label(self) -> None:
        """The No data column is keyed "No data"."""
        data = with_no_data().to_dict()
        assert [*LABELS, "No data"] == data["columns"]


class TestToCsv:
    def test_reference_golden(self) -> None:
        """The reference table as CSV is its golden file."""
        check_golden("q4-2017-18.csv", reference().to_csv())

    def test_no_data_golden(self) -> None:
        """The No data table as CSV is its golden file."""
        check_golden("no-data-q1-2018-19.csv", with_no_data().to_csv())

    def test_reads_back(self) -> None:
        """A CSV reader gets the heading, every group, Total and Total %."""
        rows = list(csv.reader(io.StringIO(reference().to_csv())))
        assert ["group", *LABELS] == rows[0]
        assert [name for name, _ in REFERENCE_COUNTS] == [row[0] for row in rows[1:-2]]
        assert ["Total", "2", "7", "9", "2"] == rows[-2]
        assert ["Total %", "10", "35", "45", "10"] == rows[-1]

    def test_names_with_commas_quoted(self) -> None:
        """A group name with a comma or quote is quoted, so it stays one field."""
        summary = Summary.from_counts([('Care, "looked after"', [0, 0, 3, 0])], "2017/18")
        assert (
            'Care, "looked after"'
            == next(iter(csv.DictReader(io.StringIO(summary.to_csv()))))["group"]
        )


class TestNotCounted:
    """Measures not due in the period: left out of the table, said in a note under it."""

    def test_none_by_default(self) -> None:
        """A table whose measures are all due has nothing not counted and no note."""
        summary = reference()
        assert ((), "") == (summary.not_counted, summary.note)
        assert "Not counted" not in summary.to_text() + summary.to_markdown()
        assert "not_counted" not in summary.to_dict()
        assert "summary-note" not in summary.to_html()

    @pytest.mark.parametrize(
        ("not_counted", "note"),
        [
            ([("out of season", 1)], "Not counted: 1 measure out of season."),
            (
                [("not due (reported annually)", 2)],
                "Not counted: 2 measures not due (reported annually).",
            ),
            (
                JULY_NOT_COUNTED,
                "Not counted: 1 measure not due (reported annually),"
                " 1 not due (reported quarterly), 1 out of season.",
            ),
            (
                {"not due (reported quarterly)": 3, "out of season": 12},
                "Not counted: 3 measures not due (reported quarterly), 12 out of season.",
            ),
        ],
    )
    def test_note(self, not_counted: object, note: str) -> None:
        """The note counts the measures for each reason, in the order given, "measure" once."""
        summary = Summary.from_counts(JULY_COUNTS, "July 2024", not_counted=not_counted)  # type: ignore[arg-type]
        assert note == summary.note

    def test_counts_unchanged(self) -> None:
        """Measures not counted change no count and no share of the table."""
        summary = with_not_due()
        plain = Summary.from_counts(JULY_COUNTS, "July 2024")
        assert (plain.total, plain.percentages, plain.rows) == (
            summary.total,
            summary.percentages,
            summary.rows,
        )
        assert ((0, 2, 4, 0), (0, 33, 67, 0)) == (summary.total.counts, summary.percentages)

    def test_text_golden(self) -> None:
        """As text, the note is the last line: the golden file."""
        text = with_not_due().to_text()
        check_golden("not-due-2024-07.txt", text)
        assert with_not_due().note == text.splitlines()[-1]

    def test_markdown_golden(self) -> None:
        """As Markdown, the note is a paragraph after the table: the golden file."""
        text = with_not_due().to_markdown()
        check_golden("not-due-2024-07.md", text)
        assert ["", with_not_due().note] == text.splitlines()[-2:]

    def test_json_golden(self) -> None:
        """As JSON, ``not_counted`` maps each reason to its count: the golden file."""
        text = with_not_due().to_json()
        check_golden("not-due-2024-07.json", text)
        assert dict(JULY_NOT_COUNTED) == json.loads(text)["not_counted"]

    def test_html(self) -> None:
        """In HTML, the note is a paragraph after the table, escaped."""
        html = with_not_due().to_html()
        assert html.endswith(f'</table><p class="summary-note">{with_not_due().note}</p>')
        odd = Summary.from_counts(JULY_COUNTS, "July 2024", not_counted=[("<b>late</b>", 1)])
        assert '<p class="summary-note">Not counted: 1 measure &lt;b&gt;late&lt;/b&gt;.</p>' in (
            odd.to_html()
        )


class TestNothingDue:
    """A group none of whose measures is due in the period keeps its row, all 0, in every
    form: a panel sees the same service areas, in the same order, every period."""

    def test_row_in_its_place(self) -> None:
        """The group's row is between its neighbours, counting 0 in every column."""
        summary = with_nothing_due()
        assert [(name, counts) for name, counts in NOTHING_DUE_COUNTS] == [
            (row.name, row.counts) for row in summary.rows
        ]
        assert ((0, 1, 2, 0), (0, 33, 67, 0)) == (summary.total.counts, summary.percentages)

    def test_text_golden(self) -> None:
        """As text: the golden file, the row's counts 0, the note last."""
        text = with_nothing_due().to_text()
        check_golden("nothing-due-2024-05.txt", text)
        row = text.splitlines()[4]
        assert (True, ["0"] * 4) == (row.startswith("Residents' survey "), row.split()[-4:])

    def test_markdown_golden(self) -> None:
        """As Markdown: the golden file."""
        check_golden("nothing-due-2024-05.md", with_nothing_due().to_markdown())

    def test_csv_golden(self) -> None:
        """As CSV: the golden file, the row's counts the number 0."""
        text = with_nothing_due().to_csv()
        check_golden("nothing-due-2024-05.csv", text)
        assert ["Residents' survey", "0", "0", "0", "0"] == next(
            row for row in csv.reader(io.StringIO(text)) if row[0].startswith("Residents")
        )

    def test_json_and_records(self) -> None:
        """As JSON and records, the group is there with every count 0."""
        summary = with_nothing_due()
        data = json.loads(summary.to_json())
        assert {"group": "Residents' survey", "counts": dict.fromkeys(LABELS, 0)} == (
            data["rows"][1]
        )
        assert {"group": "Residents' survey", **dict.fromkeys(LABELS, 0)} == (
            summary.to_records()[1]
        )

    def test_html(self) -> None:
        """In HTML the group has its row of zeros."""
        html = with_nothing_due().to_html()
        assert (
            '<tr><th scope="row">Residents&#x27; survey</th>'
            "<td>0</td><td>0</td><td>0</td><td>0</td></tr>"
        ) in html

    def test_markdown_escaped(self) -> None:
        """A reason with Markdown's characters is escaped in the note."""
        odd = Summary.from_counts(JULY_COUNTS, "July 2024", not_counted=[("*late* | <b>", 1)])
        assert r"Not counted: 1 measure \*late\* \| \<b\>." == odd.to_markdown().splitlines()[-1]

    def test_csv_and_records_are_the_table(self) -> None:
        """CSV and records are the table only, as without a note (the caption is not in them)."""
        plain = Summary.from_counts(JULY_COUNTS, "July 2024")
        assert (plain.to_csv(), plain.to_records()) == (
            with_not_due().to_csv(),
            with_not_due().to_records(),
        )

    @pytest.mark.parametrize(
        ("not_counted", "error", "message"),
        [
            ([("out of season", 0)], ValueError, "`out of season`: .* is 1 or more, not 0"),
            ([("out of season", -1)], ValueError, "is 1 or more, not -1"),
            (
                [("out of season", 1), ("out of season", 2)],
                ValueError,
                "^`out of season` appears twice in the measures not counted$",
            ),
            ([(" ", 1)], ValueError, "some words, not blank"),
            ([(3, 1)], TypeError, "is a str, not int"),
            ([("out of season", 1.5)], TypeError, "cannot be interpreted as an integer"),
        ],
    )
    def test_bad_not_counted(
        self, not_counted: object, error: type[Exception], message: str
    ) -> None:
        """A count below 1, a reason twice, a blank or non-text reason, a fractional count."""
        with pytest.raises(error, match=message):
            Summary.from_counts(JULY_COUNTS, "July 2024", not_counted=not_counted)  # type: ignore[arg-type]

    def test_keyword_only(self) -> None:
        """``not_counted`` is given by name, so no call that worked before changes meaning."""
        with pytest.raises(TypeError):
            Summary.from_counts(JULY_COUNTS, "July 2024", JULY_NOT_COUNTED)  # type: ignore[misc]


class TestToRecords:
    def test_reference(self) -> None:
        """One record a group, then Total, each with the group and a count per label."""
        records = reference().to_records()
        expected = [
            {"group": name, **dict(zip(LABELS, counts, strict=True))}
            for name, counts in [*REFERENCE_COUNTS, ("Total", (2, 7, 9, 2))]
        ]
        assert expected == records

    def test_no_data(self) -> None:
        """With a No data column, each record has a "No data" count."""
        records = with_no_data().to_records()
        assert [1, 1, 0, 0, 2] == [record["No data"] for record in records]


class TestCaptionFor:
    @pytest.mark.parametrize(
        ("period", "caption"),
        [
            ("2017/18 Q4", "Quarter 4 2017/18"),
            ("2018/19 Q1", "Quarter 1 2018/19"),
            ("1999/00 Q2", "Quarter 2 1999/00"),
            ("2017/18", "2017/18"),
            ("2018-03", "March 2018"),
            ("2017-12", "December 2017"),
        ],
    )
    def test_captions(self, period: str, caption: str) -> None:
        """A quarter reads "Quarter 4 2017/18", a year "2017/18", a month "March 2018"."""
        assert caption == caption_for(period)

    def test_period_or_text(self) -> None:
        """A Period and its text give the same caption."""
        assert caption_for("2017/18 Q4") == caption_for(Period(PeriodKind.QUARTER, 2017, 4))

    def test_other_year_start(self) -> None:
        """A quarter of a year starting in January names its financial year's label."""
        assert "Quarter 1 2018/19" == caption_for(Period.parse("2018/19 Q1", year_start=1))

    def test_bad_period_text(self) -> None:
        """Text that is no period raises PeriodError."""
        with pytest.raises(PeriodError):
            caption_for("Q4")

    def test_reference_caption(self) -> None:
        """The caption for 2017/18 Q4 is the reference table's."""
        assert reference() == Summary.from_counts(REFERENCE_COUNTS, caption_for("2017/18 Q4"))


class TestLongNames:
    """A long name runs past its column instead of widening every row to it: a table of
    3,000 groups, one named with 100,000 characters, was 300 MB of spaces."""

    def table(self, form: str) -> str:
        names = ["G" * 100_000, *(f"Group {i}" for i in range(2_999))]
        summary = Summary.from_counts([(name, [1, 0, 0, 0]) for name in names], "Q4")
        return str(getattr(summary, form)())

    @pytest.mark.parametrize("form", ["to_text", "to_markdown"])
    def test_bounded(self, form: str) -> None:
        text = self.table(form)
        lines = text.splitlines()
        assert ("G" * 100_000) in text
        assert len(text) < 100_000 + 3_000 * 200  # the name once, and short rows
        assert 1 == sum(len(line) > 200 for line in lines)  # the long name's row alone

    def test_short_names_still_line_up(self) -> None:
        """Names up to 80 characters are padded as before: every row is as long."""
        names = ["a" * 80, "b"]
        text = Summary.from_counts([(n, [1, 0, 0, 0]) for n in names], "Q4").to_text()
        rows = text.splitlines()[3:5]
        assert len(rows[0]) == len(rows[1])
