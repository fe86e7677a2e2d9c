"""`Status`: every status is true, statuses are not ordered, and the codes stay numbers.

A failure's code is 0 and No data's is 4, so truth and order by code would
pass over the failures (``if result.status:``) and count No data as a pass
(``status >= Status.ON_TARGET``). Statuses are truthy and refuse ``<``,
``<=``, ``>``, ``>=``; ``meets_target``, ``meets_tolerance`` and
``is_rated`` say what was meant; the engine's ``int8`` codes and arrays of
them compare as numbers.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import perfcontract as pc
from perfcontract.status import Status

ORDERINGS = [
    (operator.lt, "<"),
    (operator.le, "<="),
    (operator.gt, ">"),
    (operator.ge, ">="),
]
ADVICE = (
    "statuses are not ordered (by their codes, No data would count as better than on"
    " target): write `status is Status.ON_TARGET`, `status.meets_target`,"
    " `status.meets_tolerance` or `status.is_rated`, or compare int(status), the engine's code"
)


class TestTruth:
    @pytest.mark.parametrize("status", list(Status))
    def test_every_status_is_true(self, status: Status) -> None:
        """Each status is true, OUTSIDE_TOLERANCE (code 0) among them."""
        assert True is bool(status)

    def test_if_status_keeps_the_failures(self) -> None:
        """`if result.status:` keeps a measure outside tolerance and drops only a
        volumetric measure (no status)."""
        contract = pc.load("examples/dcst-2017-18.contract")
        ev = contract.evaluate({"B8": 76, "E1": 1789}, period="2017/18 Q4")
        kept = [r.id for r in ev if r.status]
        assert "B8" in kept
        assert "E1" not in kept
        assert Status.OUTSIDE_TOLERANCE is ev["B8"].status

    def test_codes_are_unchanged(self) -> None:
        """The numbers are the engine's int8 codes, 0 to 4."""
        assert [0, 1, 2, 3, 4] == [int(status) for status in Status]
        assert [0, 1, 2, 3, 4] == [status.value for status in Status]


class TestNoOrder:
    @pytest.mark.parametrize(("compare", "sign"), ORDERINGS)
    def test_status_against_status(self, compare: Callable[[Any, Any], Any], sign: str) -> None:
        """Ordering two statuses is a TypeError that says what to write instead."""
        with pytest.raises(TypeError) as raised:
            compare(Status.NO_DATA, Status.ON_TARGET)
        assert f"`NO_DATA {sign} ON_TARGET`: {ADVICE}" == str(raised.value)

    @pytest.mark.parametrize(("compare", "sign"), ORDERINGS)
    @pytest.mark.parametrize("number", [2, 2.5, True])
    def test_status_against_a_number(
        self, compare: Callable[[Any, Any], Any], sign: str, number: object
    ) -> None:
        """Ordering a status against a Python number after it is a TypeError too."""
        with pytest.raises(TypeError) as raised:
            compare(Status.ON_TARGET, number)
        assert f"`ON_TARGET {sign} {number!r}`: {ADVICE}" == str(raised.value)

    @pytest.mark.parametrize(("compare", "sign"), ORDERINGS)
    def test_an_int_before_a_status(self, compare: Callable[[Any, Any], Any], sign: str) -> None:
        """An int before a status is refused too (Python asks the status, an int's subclass,
        first), the message written the status's way round."""
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[sign]
        with pytest.raises(TypeError) as raised:
            compare(4, Status.ON_TARGET)
        assert f"`ON_TARGET {flipped} 4`: {ADVICE}" == str(raised.value)

    def test_the_trap(self) -> None:
        """`status >= Status.ON_TARGET` no longer counts No data as a pass."""
        with pytest.raises(TypeError, match=r"^`NO_DATA >= ON_TARGET`: statuses are not"):
            assert Status.NO_DATA >= Status.ON_TARGET

    def test_sorting(self) -> None:
        """Sorting statuses is refused; sorting by their codes is not."""
        with pytest.raises(TypeError, match="statuses are not ordered"):
            sorted([Status.NO_DATA, Status.ON_TARGET])
        assert [Status.ON_TARGET, Status.NO_DATA] == sorted(
            [Status.NO_DATA, Status.ON_TARGET], key=int
        )

    def test_against_anything_else(self) -> None:
        """Against what is not a number, the comparison is Python's own TypeError."""
        with pytest.raises(TypeError, match="not supported between instances"):
            assert Status.ON_TARGET < "On target"  # type: ignore[operator]

    def test_equality_is_kept(self) -> None:
        """A status equals its code, and statuses hash as before (dict keys, sets)."""
        assert (True, False, True) == (
            Status.ON_TARGET == 2,
            Status.NO_DATA == Status.ON_TARGET,
            Status.NO_DATA in {4},
        )


class TestArraysOfCodes:
    CODES = np.array([0, 1, 2, 3, 4], dtype=np.int8)

    @pytest.mark.parametrize(
        ("compare", "expected"),
        [
            (operator.lt, [True, True, False, False, False]),
            (operator.le, [True, True, True, False, False]),
            (operator.gt, [False, False, False, True, True]),
            (operator.ge, [False, False, True, True, True]),
            (operator.eq, [False, False, True, False, False]),
        ],
    )
    def test_array_against_status(
        self, compare: Callable[[Any, Any], Any], expected: list[bool]
    ) -> None:
        """An array of codes compares with a status as with its code, either side."""
        assert expected == compare(self.CODES, Status.ON_TARGET).tolist()
        assert expected == compare(self.CODES, 2).tolist()
        reflected = {operator.lt: operator.gt, operator.le: operator.ge}
        reflected |= {operator.gt: operator.lt, operator.ge: operator.le}
        flipped = reflected.get(compare, compare)
        assert expected == flipped(Status.ON_TARGET, self.CODES).tolist()

    def test_numpy_scalar(self) -> None:
        """A numpy integer code compares with a status as numbers do."""
        assert (True, True, True) == (
            bool(np.int8(4) >= Status.ON_TARGET),
            bool(Status.ON_TARGET <= np.int8(4)),
            bool(np.int64(2) == Status.ON_TARGET),
        )

    def test_rate_many_codes(self) -> None:
        """Codes from the engine pick out missing readings by equality with a status."""
        contract = pc.load("examples/dcst-2017-18.contract")
        codes = contract["B8"].rate(np.array([95.0, 85.0, 75.0, np.nan]), period="2017/18 Q4")
        assert [False, False, False, True] == (codes == Status.NO_DATA).tolist()
        assert [2, 1, 0, 4] == codes.tolist()

    def test_array_of_statuses(self) -> None:
        """A list of statuses makes an integer array, which sorts by code."""
        made = np.array([Status.NO_DATA, Status.ON_TARGET, Status.OUTSIDE_TOLERANCE])
        assert ("i", [0, 2, 4]) == (made.dtype.kind, np.sort(made).tolist())


class TestQuestions:
    @pytest.mark.parametrize(
        ("status", "target", "tolerance", "rated"),
        [
            (Status.OUTSIDE_TOLERANCE, False, False, True),
            (Status.WITHIN_TOLERANCE, False, True, True),
            (Status.ON_TARGET, True, True, True),
            (Status.NO_TARGET, False, False, False),
            (Status.NO_DATA, False, False, False),
        ],
    )
    def test_each_status(self, status: Status, target: bool, tolerance: bool, rated: bool) -> None:
        """meets_target, meets_tolerance and is_rated for each status: No data and No
        target meet nothing."""
        assert (target, tolerance, rated) == (
            status.meets_target,
            status.meets_tolerance,
            status.is_rated,
        )
