"""The contract as data: frozen, typed objects compiled from a ``.contract`` file.

Nothing here knows about the parser. Every object that came from the file
keeps its :class:`Position`, so that later checks (and people) can point at
the clause that said it.

```pycon
>>> import perfcontract as pc
>>> contract = pc.loads('''
... contract "Demo" {
...     group "Pathway" {
...         measure A1 "Re-referrals" {
...             unit percent
...             lower is better
...             target 22%
...             tolerance 28%
...         }
...     }
... }''')
>>> a1 = contract["A1"]
>>> a1.polarity, a1.target_at("2017/18 Q4"), a1.tolerance_at("2017/18 Q4")
(<Polarity.LOWER_IS_BETTER: 'lower is better'>, Decimal('22'), Decimal('28'))
>>> a1.position
Position(line=4, column=9, end_line=9, end_column=10)

```
"""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

from perfcontract.errors import Diagnostic, ReadingsError
from perfcontract.periods import Period
from perfcontract.status import Status

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from perfcontract.engine import Thresholds
    from perfcontract.evaluation import Evaluation
    from perfcontract.riskshare import Split

__all__ = [
    "Aggregate",
    "Band",
    "Benchmark",
    "Contract",
    "Group",
    "Margin",
    "Measure",
    "MeasureKind",
    "Metadata",
    "Polarity",
    "Position",
    "Reporting",
    "RiskShare",
    "ShareBand",
    "Term",
    "Unit",
    "UnitKind",
]

V = TypeVar("V")
ONE_HUNDRED = Decimal(100)


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


class MeasureKind(enum.Enum):
    """A contractual ``measure`` is rated and counted; a ``volumetric`` one gives context.

    ```pycon
    >>> MeasureKind("volumetric")
    <MeasureKind.VOLUMETRIC: 'volumetric'>

    ```
    """

    CONTRACTUAL = "measure"
    VOLUMETRIC = "volumetric"


class Aggregate(enum.Enum):
    """How a measure's readings roll up from months to quarters and quarters to years.

    ```pycon
    >>> Aggregate("mean").value
    'mean'

    ```
    """

    MEAN = "mean"
    SUM = "sum"
    LAST = "last"
    MIN = "min"
    MAX = "max"


class UnitKind(enum.Enum):
    """The kinds of unit a measure can be in.

    ```pycon
    >>> [kind.value for kind in UnitKind]
    ['percent', 'count', 'rate', 'number', 'days', 'weeks', 'money']

    ```
    """

    PERCENT = "percent"
    COUNT = "count"
    RATE = "rate"
    NUMBER = "number"
    DAYS = "days"
    WEEKS = "weeks"
    MONEY = "money"


class Reporting(enum.Enum):
    """How often the provider reports.

    ```pycon
    >>> Reporting("quarterly")
    <Reporting.QUARTERLY: 'quarterly'>

    ```
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUALLY = "annually"


# Members that properties compare with on every call, named once: on Python 3.11
# `UnitKind.COUNT` is found by the enum class's `__getattr__`, a Python call each time.
_SUMMED_UNITS = (UnitKind.COUNT, UnitKind.MONEY)
_SUM, _MEAN = Aggregate.SUM, Aggregate.MEAN
_HIGHER_IS_BETTER = Polarity.HIGHER_IS_BETTER
_CONTRACTUAL, _VOLUMETRIC = MeasureKind.CONTRACTUAL, MeasureKind.VOLUMETRIC


@attrs.frozen
class Position:
    """Where something was written: 1-based line and column of its first and last character.

    ``end_column`` is one past the last character, as in lark and most editors.

    ```pycon
    >>> Position(3, 5, 3, 18).line
    3

    ```
    """

    line: int
    column: int
    end_line: int
    end_column: int


@attrs.frozen
class Unit:
    """A measure's unit; ``per`` is the N of ``rate per N`` and ``None`` otherwise.

    ```pycon
    >>> str(Unit(UnitKind.RATE, per=Decimal(10000)))
    'rate per 10000'
    >>> str(Unit(UnitKind.PERCENT))
    'percent'

    ```
    """

    kind: UnitKind
    per: Decimal | None = None

    def __str__(self) -> str:
        if self.kind is UnitKind.RATE:
            return f"rate per {self.per}"
        return str(self.kind.value)

    @property
    def default_aggregate(self) -> Aggregate:
        """``sum`` for counts and money, ``mean`` for everything else."""
        if self.kind in _SUMMED_UNITS:
            return _SUM
        return _MEAN


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


@attrs.frozen
class Margin:
    """A tolerance written as a margin from the target.

    ``within 5 points of target`` is ``Margin(Decimal(5), relative=False)``;
    ``within 5% of target`` is ``Margin(Decimal(5), relative=True)``, five per
    cent *of the target's size* (its absolute value, so a margin always widens
    towards worse, even for a negative target). :meth:`resolve` turns it into the worst
    acceptable value for a target and polarity.

    ```pycon
    >>> Margin(Decimal(5), relative=False).resolve(Decimal(90), Polarity.HIGHER_IS_BETTER)
    Decimal('85')
    >>> Margin(Decimal(5), relative=True).resolve(Decimal(22), Polarity.LOWER_IS_BETTER)
    Decimal('23.1')
    >>> Margin(Decimal(1), relative=False).resolve(Band(Decimal(5), Decimal(10)), Polarity.IN_BAND)
    Band(low=Decimal('4'), high=Decimal('11'))

    ```
    """

    amount: Decimal
    relative: bool

    def _widen(self, value: Decimal, outward: int) -> Decimal:
        step = abs(value) * self.amount / ONE_HUNDRED if self.relative else self.amount
        return value + outward * step

    def resolve(self, target: Decimal | Band, polarity: Polarity) -> Decimal | Band:
        """The tolerance this margin gives around ``target`` for ``polarity``."""
        if isinstance(target, Band):
            return Band(self._widen(target.low, -1), self._widen(target.high, +1))
        outward = -1 if polarity is _HIGHER_IS_BETTER else +1
        return self._widen(target, outward)

    def __str__(self) -> str:
        return (
            f"within {self.amount}% of target"
            if self.relative
            else (f"within {self.amount} points of target")
        )


@attrs.frozen
class Term(Generic[V]):
    """A value in force from ``start`` (``None``: from the beginning) until the next term.

    For targets ``value`` is a ``Decimal``, a :class:`Band`, or ``None`` for
    ``no target``; for tolerances it is a ``Decimal``, a :class:`Band` or a
    :class:`Margin`. A measure's terms are in the order they start: the
    undated one (if any) first, then each later start.

    ```pycon
    >>> import perfcontract as pc
    >>> m = pc.loads('''contract "c" { group "g" { measure B8 "t" {
    ...     unit percent  higher is better  target 90%  target 92% from 2018/19 } } }''')["B8"]
    >>> [(str(t.value), None if t.start is None else str(t.start)) for t in m.targets]
    [('90', None), ('92', '2018/19')]

    ```
    """

    value: V
    start: Period | None
    position: Position = attrs.field(eq=False)  # where, not what: not compared


def _scalar_reading(value: Any, places: int | None, where: str) -> float:
    """One reading as a float, rounded exactly as written when the measure rounds."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal, str)):
        raise TypeError(f"a reading must be a number, not {type(value).__name__}")
    if isinstance(value, Decimal) and value.is_nan():
        return math.nan
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        as_float = float(value)
        if not math.isfinite(as_float):  # NaN is missing; an infinity rates as it is
            return as_float
    try:
        if isinstance(value, str):
            exact = Decimal(value.strip())
        elif isinstance(value, Decimal):
            exact = value
        elif isinstance(value, numbers.Integral):
            exact = Decimal(int(value))
        else:  # the shortest decimal that reads back as the same float
            exact = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError):
        raise ReadingsError([Diagnostic(f"{where}: `{value}` is not a number")]) from None
    if not exact.is_finite():
        raise ReadingsError([Diagnostic(f"{where}: `{value}` is not a number")]) from None
    if places is not None:
        with localcontext() as context:  # enough digits for any float's decimal form
            context.prec = 400
            exact = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return float(exact)


def _in_force(terms: tuple[Term[V], ...], period: Period) -> Term[V] | None:
    """The latest term that starts on or before the start of ``period``.

    The terms are in the order they start (see :class:`Term`), so the one in
    force is found by bisection: a measure with thousands of dated terms is
    looked up as quickly as one with two.
    """
    month = period.first_month
    low, high = 0, len(terms)
    while low < high:  # the first term that starts after `month`
        middle = (low + high) // 2
        start = terms[middle].start
        if start is None or start.first_month <= month:
            low = middle + 1
        else:
            high = middle
    return terms[low - 1] if low else None


@attrs.frozen
class Benchmark:
    """A comparator's value (national, regional, statistical neighbours, …).

    ``data_year`` is the year the figure is for, as written after ``for``
    (``"2017"``); ``start`` is when it comes into force (``from``), or ``None``.
    """

    comparator: str
    value: Decimal
    data_year: str | None
    start: Period | None
    position: Position = attrs.field(eq=False)  # where, not what: not compared


@attrs.frozen
class Metadata:
    """Optional words about a contract, group or measure."""

    description: str | None = None
    source: str | None = None
    owner: str | None = None


@attrs.frozen
class Measure:
    """One measure of the contract: contractual (rated) or volumetric (context).

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.loads('''contract "Demo" { group "Children in Care" {
    ...     measure B8 "Care proceedings on track" {
    ...         unit percent
    ...         higher is better
    ...         target 90%
    ...         tolerance 80%
    ...         target 92% from 2018/19
    ...     } } }''')
    >>> b8 = contract["B8"]
    >>> b8.group, b8.unit.kind, b8.is_contractual
    ('Children in Care', <UnitKind.PERCENT: 'percent'>, True)
    >>> b8.target_at("2017/18 Q4"), b8.target_at("2018/19 Q1")
    (Decimal('90'), Decimal('92'))

    ```
    """

    id: str
    title: str
    kind: MeasureKind
    group: str
    unit: Unit
    polarity: Polarity
    targets: tuple[Term[Decimal | Band | None], ...]
    tolerances: tuple[Term[Decimal | Band | Margin], ...]
    rounding: int | None
    aggregate: Aggregate
    benchmarks: tuple[Benchmark, ...]
    metadata: Metadata
    position: Position = attrs.field(eq=False)  # where, not what: not compared
    year_start: int = 4

    @property
    def is_contractual(self) -> bool:
        """Rated against its target and counted in the scrutiny summary."""
        return self.kind is _CONTRACTUAL

    @property
    def is_volumetric(self) -> bool:
        """Context only: trended and benchmarked, never rated."""
        return self.kind is _VOLUMETRIC

    def _period(self, period: str | Period) -> Period:
        return Period.parse(period, year_start=self.year_start)

    def target_at(self, period: str | Period) -> Decimal | Band | None:
        """The target in force for ``period``; ``None`` when there is no target.

        ```pycon
        >>> import perfcontract as pc
        >>> m = pc.loads('''contract "c" { group "g" { measure FS1 "Positive outcomes" {
        ...     unit percent  higher is better  no target  target 75% from 2018/19 } } }''')["FS1"]
        >>> print(m.target_at("2017/18 Q4"))
        None
        >>> m.target_at("2018-04")
        Decimal('75')

        ```
        """
        term = _in_force(self.targets, self._period(period))
        return None if term is None else term.value

    def tolerance_at(self, period: str | Period) -> Decimal | Band | None:
        """The worst acceptable value in force for ``period``, margins resolved.

        ``None`` when no tolerance is in force: then anything worse than the
        target is outside tolerance.

        ```pycon
        >>> import perfcontract as pc
        >>> m = pc.loads('''contract "c" { group "g" { measure A2 "Timeliness" {
        ...     unit percent  higher is better  target 90%
        ...     tolerance within 5 points of target } } }''')["A2"]
        >>> m.tolerance_at("2017/18 Q4")
        Decimal('85')

        ```
        """
        at = self._period(period)
        term = _in_force(self.tolerances, at)
        if term is None:
            return None
        target = self.target_at(at)
        if target is None:  # no target in force, so no tolerance either
            return None
        if isinstance(term.value, Margin):
            return term.value.resolve(target, self.polarity)
        return term.value

    def thresholds_at(self, period: str | Period) -> Thresholds:
        """The rating thresholds in force for ``period``, as plain floats for the engine.

        ```pycon
        >>> import perfcontract as pc
        >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]
        >>> a1.thresholds_at("2017/18 Q4")
        Thresholds(on_low=-inf, on_high=22.0, within_low=-inf, within_high=28.0, rated=True)

        ```
        """
        from perfcontract.engine import Thresholds  # numpy only when rating

        if self.is_volumetric:
            return Thresholds.no_target()
        at = self._period(period)
        return Thresholds.for_terms(self.polarity, self.target_at(at), self.tolerance_at(at))

    @overload
    def rate(self, value: float | int | Decimal | str | None, period: str | Period) -> Status: ...

    @overload
    def rate(self, value: npt.NDArray[Any], period: str | Period) -> npt.NDArray[np.int8]: ...

    def rate(self, value: Any, period: str | Period) -> Status | npt.NDArray[np.int8]:
        """Rate a reading (a :class:`Status`) or an array of them (``int8`` status codes).

        The reading is rounded first if the measure says ``rounded to N dp``
        (half away from zero, on the decimal as written). A missing reading
        (``None``, NaN, an empty string) is ``NO_DATA``; with no target in
        force, any reading is ``NO_TARGET``. Volumetric measures are never
        rated: rating one raises ``ValueError``.

        ```pycon
        >>> import numpy as np
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> contract["A1"].rate(26, period="2017/18 Q4")
        <Status.WITHIN_TOLERANCE: 1>
        >>> contract["A2"].rate(89.5, period="2017/18 Q4")  # rounded to 0 dp: 90
        <Status.ON_TARGET: 2>
        >>> contract["A1"].rate(np.array([20.0, 26.0, 30.0, np.nan]), period="2017/18 Q4").tolist()
        [2, 1, 0, 4]

        ```
        """
        import numpy as np  # only when rating

        from perfcontract import engine

        if self.is_volumetric:
            raise ValueError(f"{self.id} is volumetric: volumetric measures are never rated")
        at = self._period(period)
        thresholds = self.thresholds_at(at)
        if isinstance(value, np.ndarray):
            readings = value.astype(np.float64, copy=False)
            if self.rounding is not None:
                readings = engine.round_half_away(readings, self.rounding)
            return engine.rate(readings, thresholds)
        reading = _scalar_reading(value, self.rounding, f"measure {self.id}, period {at}")
        return Status(int(engine.rate(reading, thresholds)))

    def rank(self, values: Any) -> npt.NDArray[np.float64]:
        """Rank one value per authority, 1 the best for this measure's polarity.

        Ties share the best rank (1, 2, 2, 4); a missing value, or a measure
        without a polarity, has no rank (NaN). See :func:`perfcontract.engine.rank`.

        ```pycon
        >>> import perfcontract as pc
        >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]  # lower is better
        >>> a1.rank([26.0, 21.9, 20.1, 21.9, float("nan")]).tolist()
        [4.0, 2.0, 1.0, 2.0, nan]

        ```
        """
        from perfcontract.engine import rank  # numpy only when ranking

        return rank(values, self.polarity)

    def quartile(self, values: Any) -> npt.NDArray[np.str_]:
        """Quartile band "A" (best) to "D" of one value per authority; "" for none.

        See :func:`perfcontract.engine.quartile` for the cut points.

        ```pycon
        >>> import perfcontract as pc
        >>> b8 = pc.load("examples/dcst-2017-18.contract")["B8"]  # higher is better
        >>> b8.quartile([60.0, 70.0, 80.0, 90.0, 100.0]).tolist()
        ['D', 'D', 'C', 'B', 'A']

        ```
        """
        from perfcontract.engine import quartile  # numpy only when banding

        return quartile(values, self.polarity)

    def benchmarks_at(self, period: str | Period) -> tuple[Benchmark, ...]:
        """Each comparator's benchmark in force for ``period``, in the order first written.

        ```pycon
        >>> import perfcontract as pc
        >>> m = pc.loads('''contract "c" { group "g" { volumetric E35 "CIN rate" {
        ...     unit rate per 10000
        ...     benchmark national 330, regional 348 for 2017 } } }''')["E35"]
        >>> [(b.comparator, b.value) for b in m.benchmarks_at("2017/18 Q4")]
        [('national', Decimal('330')), ('regional', Decimal('348'))]

        ```
        """
        at = self._period(period)
        current: dict[str, Benchmark] = {}
        for benchmark in self.benchmarks:
            if benchmark.start is None or benchmark.start.first_month <= at.first_month:
                current[benchmark.comparator] = benchmark
        return tuple(current.values())


@attrs.frozen
class Group:
    """A service area: a named group of measures, in contract order."""

    name: str
    measures: tuple[Measure, ...]
    metadata: Metadata
    position: Position = attrs.field(eq=False)  # where, not what: not compared

    @property
    def contractual(self) -> tuple[Measure, ...]:
        """The group's contractual measures only."""
        return tuple(m for m in self.measures if m.is_contractual)


@attrs.frozen
class ShareBand:
    """The council's and provider's shares of the slice of an amount in ``lower``..``upper``.

    ``upper`` is ``None`` for the last, open-ended band. Shares are
    percentages (``Decimal('70')`` for 70%).
    """

    lower: Decimal
    upper: Decimal | None
    council: Decimal
    provider: Decimal
    position: Position = attrs.field(eq=False)  # where, not what: not compared


@attrs.frozen
class RiskShare:
    """How an overspend (and an underspend) is shared between council and provider.

    Plain shares are the one-band case: ``bands`` always holds at least one
    :class:`ShareBand`, the first starting at £0 and the last open-ended.
    ``gain_share`` gives the bands for an underspend (by default the same).

    ```pycon
    >>> import perfcontract as pc
    >>> rs = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
    >>> rs.council, rs.provider, rs.provider_cap
    (Decimal('70'), Decimal('30'), None)

    ```
    """

    bands: tuple[ShareBand, ...]
    gain_share: tuple[ShareBand, ...]
    provider_cap: Decimal | None
    metadata: Metadata
    position: Position = attrs.field(eq=False)  # where, not what: not compared

    @property
    def council(self) -> Decimal:
        """The council's share (per cent) of the first band of an overspend."""
        return self.bands[0].council

    @property
    def provider(self) -> Decimal:
        """The provider's share (per cent) of the first band of an overspend."""
        return self.bands[0].provider

    def split(self, amount: str | Decimal | int | float) -> Split:
        """Divide an overspend (or an underspend): see :func:`perfcontract.riskshare.split`.

        ```pycon
        >>> import perfcontract as pc
        >>> pc.load("examples/dcst-2017-18.contract").risk_share.split("1.35m")
        Split(council=Decimal('945000.00'), provider=Decimal('405000.00'))

        ```
        """
        from perfcontract.riskshare import split

        return split(self, amount)


@attrs.frozen
class Contract:
    """A whole contract: its parties, its groups of measures and its risk share.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/dcst-2017-18.contract")
    >>> contract.name
    'DCST service delivery contract'
    >>> len(contract.groups), len(contract.measures)
    (5, 23)
    >>> list(contract.measures)[:3]
    ['A1', 'A2', 'A3']
    >>> "B8" in contract, contract["B8"].title
    (True, 'Care proceedings on track to be completed within 26 weeks')

    ```
    """

    name: str
    council: str | None
    provider: str | None
    year_start: int
    reporting: Reporting
    groups: tuple[Group, ...]
    risk_share: RiskShare | None
    metadata: Metadata
    position: Position = attrs.field(eq=False)  # where, not what: not compared
    source: str = attrs.field(default="<string>", eq=False)
    measures: Mapping[str, Measure] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_id = {m.id: m for group in self.groups for m in group.measures}
        object.__setattr__(self, "measures", MappingProxyType(by_id))

    def __getitem__(self, measure_id: str) -> Measure:
        try:
            return self.measures[measure_id]
        except KeyError:
            raise KeyError(f"no measure {measure_id!r} in contract {self.name!r}") from None

    def __contains__(self, measure_id: object) -> bool:
        return measure_id in self.measures

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures.values())

    def __len__(self) -> int:
        return len(self.measures)

    def __bool__(self) -> bool:
        return True  # a contract with no measures is still a contract

    @property
    def contractual(self) -> tuple[Measure, ...]:
        """The contractual measures, in contract order."""
        return tuple(m for m in self.measures.values() if m.is_contractual)

    def evaluate(
        self, readings: Any, period: str | Period, authority: str | None = None
    ) -> Evaluation:
        """Evaluate every measure for ``period``: see :mod:`perfcontract.evaluation`.

        ``readings`` is :class:`~perfcontract.readings.Readings`, or a mapping
        of measure id to value for ``period``.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> ev = contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4")
        >>> ev["A1"].status.label, ev["B8"].status.label
        ('Inside tolerance', 'Outside tolerance')

        ```
        """
        from perfcontract.evaluation import evaluate  # numpy only when evaluating

        return evaluate(self, readings, period, authority)

    @property
    def volumetric(self) -> tuple[Measure, ...]:
        """The volumetric measures, in contract order."""
        return tuple(m for m in self.measures.values() if m.is_volumetric)
