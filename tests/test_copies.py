"""Every public object pickles and copies (to another process, with multiprocessing or joblib,
and back), and results compare by value.

A sample of every public class is found in the results of the examples; each
comes back from pickle, ``copy.copy`` and ``copy.deepcopy`` equal to itself
(or, for the two with no equality, showing and rendering the same).
"""

from __future__ import annotations

import copy
import enum
import inspect
import math
import pickle
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

import perfcontract as pc
from perfcontract.commentary import ResolvedCommentary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
Q4 = "2017/18 Q4"
DCST_TEXT = (EXAMPLES / "dcst-2017-18.contract").read_text(encoding="utf-8")
DCST = pc.loads(DCST_TEXT, "dcst.contract")


def _public_classes() -> dict[str, type]:
    found = {}
    for name in pc.__all__:
        value = getattr(pc, name)
        if inspect.isclass(value) and not issubclass(value, (enum.Enum, BaseException)):
            found[name] = value
    # Public though not exported by name: what Commentary.resolve gives.
    found["ResolvedCommentary"] = ResolvedCommentary
    return found


PUBLIC = _public_classes()


def _roots() -> list[object]:
    """The results of the examples, from which a sample of every public class is taken."""
    dcst = DCST
    readings = pc.Readings.from_csv(EXAMPLES / "dcst-2017-18-readings.csv")
    resolved = readings.resolve(dcst)
    commentary = pc.Commentary.read(EXAMPLES / "dcst-2017-18-commentary.md")
    evaluation = dcst.evaluate(resolved, period=Q4)
    fm = pc.load(EXAMPLES / "fm-2024-25.contract")
    fm_readings = pc.Readings.from_csv(EXAMPLES / "fm-2024-25-readings.csv")
    waste = pc.load(EXAMPLES / "waste-2024-25.contract")
    leisure = pc.load(EXAMPLES / "leisure-trust.contract")
    terms = dcst.risk_share
    assert terms is not None
    # A band target, terms changing from a year, and a warning (a group with no measures).
    small = pc.loads(
        """
        contract "Small" {
            risk share {
                council 70% provider 30%
                council 60% from 2018/19 provider 40% from 2018/19
            }
            group "Early Help" { }
            group "Health" {
                measure C1 "Time in care" {
                    unit days
                    target between 15 and 20
                }
            }
        }""",
        "small.contract",
    )
    return [
        dcst,
        readings,
        resolved,
        commentary,
        commentary.resolve(dcst),
        evaluation,
        evaluation.summary(),
        dcst.evaluate(resolved, periods=["2017/18 Q3", Q4]),
        pc.Report.build(dcst, resolved, Q4, commentary=commentary),
        fm,
        fm.payment(fm_readings, period="2024/25"),
        waste,
        leisure,
        small,
        small.evaluate({"C1": 17}, period=Q4),
        pc.settle(terms, outturn="£4.15m", projection="£2.99m", provider_can_pay="£0.07m"),
        pc.exposure(terms, np.array([1.0e6, 2.0e6, -3.0e5])),
        terms.split("£1m"),
        dcst["A1"].thresholds_at(Q4),
    ]


def _inside(value: object) -> Iterator[object]:
    """What ``value`` holds: its fields, items, rows and results."""
    if isinstance(value, (str, bytes, int, float, enum.Enum, np.ndarray)):
        return
    if isinstance(value, Mapping):
        yield from value.keys()
        yield from value.values()
    elif isinstance(value, (tuple, list)):
        yield from value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield getattr(value, field.name)
    elif isinstance(value, (pc.Evaluation, pc.Evaluations, pc.Readings, pc.Commentary)):
        yield from value
        if isinstance(value, pc.Evaluation):
            yield value.contract


def _samples() -> dict[str, object]:
    """The first object of each public class found in the examples' results."""
    found: dict[str, object] = {}
    seen: set[int] = set()
    todo = _roots()
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        name = type(value).__name__
        if PUBLIC.get(name) is type(value):
            found.setdefault(name, value)
        todo.extend(_inside(value))
    return found


SAMPLES = _samples()


# Equal, NaN and all: a float field is NaN where there is no reading.
def _same_values(one: Mapping[Any, float], other: Mapping[Any, float]) -> bool:
    return one.keys() == other.keys() and all(
        one[key] == other[key] or (math.isnan(one[key]) and math.isnan(other[key])) for key in one
    )


def _resolved_alike(one: pc.ResolvedReadings, other: pc.ResolvedReadings) -> bool:
    """Readings checked against a contract have no equality: the same values, texts, authorities,
    periods and warnings, and an evaluation of them equal."""
    contract = DCST
    return (
        _same_values(one.values, other.values)
        and (one.authorities, one.periods, one.warnings)
        == (other.authorities, other.periods, other.warnings)
        and [one.text(m.id, Q4) for m in contract] == [other.text(m.id, Q4) for m in contract]
        and contract.evaluate(one, period=Q4) == contract.evaluate(other, period=Q4)
    )


def _reports_alike(one: pc.Report, other: pc.Report) -> bool:
    """A report has no equality: it renders the same, and holds an equal evaluation."""
    return (one.to_markdown(), one.to_html(), one.evaluation, one.entries) == (
        other.to_markdown(),
        other.to_html(),
        other.evaluation,
        other.entries,
    )


ALIKE: dict[str, Callable[[Any, Any], bool]] = {
    "ResolvedReadings": _resolved_alike,
    "Report": _reports_alike,
}
COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda value: pickle.loads(pickle.dumps(value)),
    "pickle, highest protocol": lambda value: pickle.loads(
        pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    ),
    "deepcopy": copy.deepcopy,
    "copy": copy.copy,
}


class TestEveryPublicObject:
    def test_a_sample_of_every_public_class(self) -> None:
        """Every public class (not an enum or an error) has a sample here, so none is missed."""
        assert sorted(PUBLIC) == sorted(SAMPLES)

    @pytest.mark.parametrize("how", list(COPIES))
    @pytest.mark.parametrize("name", sorted(PUBLIC))
    def test_comes_back_equal(self, name: str, how: str) -> None:
        """Pickled, copied or deep-copied, it is equal to itself and shows the same."""
        value = SAMPLES[name]
        again = COPIES[how](value)
        alike = ALIKE.get(name, lambda one, other: bool(one == other))
        assert (type(value), repr(value), True) == (type(again), repr(again), alike(value, again))


class TestReadOnlyViews:
    def test_a_view_is_read_only_again(self) -> None:
        """What is read-only when made is read-only when read back, and the same."""
        resolved = SAMPLES["ResolvedReadings"]
        assert isinstance(resolved, pc.ResolvedReadings)
        again = pickle.loads(pickle.dumps(resolved))
        with pytest.raises(TypeError):
            again.values[None, "A1", pc.Period.parse(Q4)] = 1.0
        assert (resolved.get("A1", Q4), resolved.text("B8", Q4)) == (
            again.get("A1", Q4),
            again.text("B8", Q4),
        )

    def test_a_report_finds_its_entries(self) -> None:
        """A report read back finds an entry by id, and its sections, as it did."""
        report = SAMPLES["Report"]
        assert isinstance(report, pc.Report)
        again = copy.deepcopy(report)
        sections = list(pc.Section)
        assert (report["B8"], [report.section(s) for s in sections]) == (
            again["B8"],
            [again.section(s) for s in sections],
        )


class TestEvaluationEquality:
    def test_alike_readings_give_equal_evaluations(self) -> None:
        """Evaluations compare by value, as their results do: not the same object, equal."""
        one = DCST.evaluate({"A1": 26}, period=Q4)
        assert (one, one) == (
            DCST.evaluate({"A1": 26}, period=Q4),
            DCST.evaluate(pc.Readings.from_mapping({"A1": "26"}, Q4), period=Q4),
        )

    @pytest.mark.parametrize(
        ("readings", "period", "authority"),
        [
            pytest.param({"A1": 27}, Q4, None, id="another value"),
            pytest.param({"A1": 26}, "2017/18 Q3", None, id="another period"),
            pytest.param({"A1": 26}, Q4, "Doncaster", id="another authority"),
        ],
    )
    def test_any_difference_is_unequal(
        self, readings: dict[str, float], period: str, authority: str | None
    ) -> None:
        """A value, the period or the authority differing: unequal."""
        one = DCST.evaluate({"A1": 26}, period=Q4)
        rows = pc.Readings.from_mapping(readings, period, authority=authority)
        assert one != DCST.evaluate(rows, period=period, authority=authority)

    def test_another_contract_is_unequal(self) -> None:
        """The same readings under a contract saying something else: unequal."""
        other = pc.loads(DCST_TEXT.replace("Performance", "Performances", 1), "dcst.contract")
        assert DCST.evaluate({"A1": 26}, period=Q4) != other.evaluate({"A1": 26}, period=Q4)

    def test_not_hashable(self) -> None:
        """Equal by value and holding lists' worth of results, as Readings: not hashable."""
        with pytest.raises(TypeError, match="unhashable"):
            hash(DCST.evaluate({"A1": 26}, period=Q4))

    def test_evaluations_compare_by_value(self) -> None:
        """Several periods evaluated alike are equal; another set of periods is not."""
        quarters = ["2017/18 Q3", Q4]
        readings = pc.Readings.from_mapping({"A1": 26}, Q4)
        one = DCST.evaluate(readings, periods=quarters)
        assert (True, False) == (
            one == DCST.evaluate(readings + pc.Readings(()), periods=quarters),
            one == DCST.evaluate(readings, periods=[Q4]),
        )

    def test_not_equal_to_other_things(self) -> None:
        """An evaluation is not equal to its results, nor to anything else."""
        one = DCST.evaluate({"A1": 26}, period=Q4)
        assert (False, False) == (
            one == one.results,
            one == DCST.evaluate(pc.Readings(()), periods=[Q4]),
        )


class TestMissingValuesCompareEqual:
    def test_results_of_alike_readings_are_equal(self) -> None:
        """A measure with no reading (NaN) gives equal results from alike readings."""
        one = DCST.evaluate({"A1": 26}, period=Q4)
        other = DCST.evaluate({"A1": 26}, period=Q4)
        assert (True, True, True) == (
            math.isnan(one["A2"].value),
            one["A2"] == other["A2"],
            hash(one["A2"]) == hash(other["A2"]),
        )

    def test_a_trend_without_readings_comes_back_equal(self) -> None:
        """A trend's periods without a reading (NaN) are equal when copied."""
        report = pc.Report.build(DCST, {"A1": 26}, Q4)
        again = pickle.loads(pickle.dumps(report))
        assert (True, report.entries) == (math.isnan(report["A2"].trend[0].value), again.entries)
