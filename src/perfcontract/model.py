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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

from perfcontract._escape import one_line
from perfcontract.errors import Diagnostic, PeriodError, ReadingsError, quoted, shorten
from perfcontract.money import EXACT_CONTEXT, to_pennies
from perfcontract.periods import MONTH_NAMES, Period, PeriodKind, PeriodLike
from perfcontract.status import Status
from perfcontract.terms import Band, Polarity

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from perfcontract.engine import Thresholds
    from perfcontract.evaluation import Evaluation, Evaluations
    from perfcontract.payment import Payment
    from perfcontract.riskshare import Split

__all__ = [
    "Aggregate",
    "Band",
    "Benchmark",
    "Contract",
    "Deduction",
    "Group",
    "Margin",
    "Measure",
    "MeasureKind",
    "Metadata",
    "PaymentMechanism",
    "Polarity",
    "Position",
    "Reporting",
    "RiskShare",
    "Season",
    "ShareBand",
    "Term",
    "Unit",
    "UnitKind",
    "WarningThreshold",
    "Window",
]

V = TypeVar("V")
ONE_HUNDRED = Decimal(100)
_ONE = Decimal(1)


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
    >>> [kind.value for kind in UnitKind]  # doctest: +NORMALIZE_WHITESPACE
    ['percent', 'count', 'rate', 'number', 'days', 'weeks', 'money', 'hours', 'minutes',
     'working days', 'tonnes', 'yes/no', 'grade']

    ```
    """

    PERCENT = "percent"
    COUNT = "count"
    RATE = "rate"
    NUMBER = "number"
    DAYS = "days"
    WEEKS = "weeks"
    MONEY = "money"
    HOURS = "hours"
    MINUTES = "minutes"
    WORKING_DAYS = "working days"
    TONNES = "tonnes"
    YES_NO = "yes/no"
    GRADE = "grade"


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

    @property
    def period_kind(self) -> PeriodKind:
        """The kind of period one report covers: a month, a quarter or a year.

        ```pycon
        >>> Reporting.QUARTERLY.period_kind
        <PeriodKind.QUARTER: 'quarter'>

        ```
        """
        return _REPORTED_PERIODS[self]

    @property
    def months(self) -> int:
        """How many months one report covers: 1, 3 or 12.

        ```pycon
        >>> [r.months for r in Reporting]
        [1, 3, 12]

        ```
        """
        return _REPORTED_PERIODS[self].span


_REPORTED_PERIODS = {
    Reporting.MONTHLY: PeriodKind.MONTH,
    Reporting.QUARTERLY: PeriodKind.QUARTER,
    Reporting.ANNUALLY: PeriodKind.YEAR,
}

# Members that properties compare with on every call, named once: on Python 3.11
# `UnitKind.COUNT` is found by the enum class's `__getattr__`, a Python call each time.
_SUMMED_UNITS = (UnitKind.COUNT, UnitKind.TONNES, UnitKind.MONEY)
# Units whose values are never below nought (a percent may be: a change in points),
# and units whose values are words (yes/no, grades): shared by the compiler's checks
# of a contract's values and the readings' checks of each reading.
NEVER_NEGATIVE = (
    UnitKind.COUNT,
    UnitKind.RATE,
    UnitKind.DAYS,
    UnitKind.WEEKS,
    UnitKind.HOURS,
    UnitKind.MINUTES,
    UnitKind.WORKING_DAYS,
    UnitKind.TONNES,
)
WORDED = (UnitKind.YES_NO, UnitKind.GRADE)
_SUM, _MEAN, _LAST, _MIN = Aggregate.SUM, Aggregate.MEAN, Aggregate.LAST, Aggregate.MIN
_YES_NO, _GRADE, _RATE, _PERCENT = UnitKind.YES_NO, UnitKind.GRADE, UnitKind.RATE, UnitKind.PERCENT
_YEAR, _MONTH = PeriodKind.YEAR, PeriodKind.MONTH
# The words a yes/no reading may be, ignoring case, and the number each stands for.
YES_NO_WORDS: Mapping[str, int] = MappingProxyType(
    {"yes": 1, "y": 1, "true": 1, "1": 1, "no": 0, "n": 0, "false": 0, "0": 0}
)
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

    ``labels`` are a grade's labels, worst first, and ``()`` for any other
    unit. Yes/no and grade values are numbers too: yes is 1 and no is 0, and
    a grade is its label's place in ``labels`` counting from 1 (the worst).

    ```pycon
    >>> str(Unit(UnitKind.RATE, per=Decimal(10000)))
    'rate per 10000'
    >>> str(Unit(UnitKind.PERCENT)), str(Unit(UnitKind.WORKING_DAYS))
    ('percent', 'working days')
    >>> print(Unit(UnitKind.GRADE, labels=("Inadequate", "Good", "Outstanding")))
    grade "Inadequate", "Good", "Outstanding"

    ```
    """

    kind: UnitKind
    per: Decimal | None = None
    labels: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind is _RATE:
            return f"rate per {self.per}"
        if self.kind is _GRADE:
            return "grade " + ", ".join(f'"{label}"' for label in self.labels)
        return str(self.kind.value)

    @property
    def default_aggregate(self) -> Aggregate:
        """How readings roll up unless the measure says: ``sum`` for counts, tonnes and money;
        ``last`` for a grade; ``min`` for yes/no (a longer period is yes only if every
        reporting period is); ``mean`` for everything else.

        ```pycon
        >>> kinds = (UnitKind.TONNES, UnitKind.GRADE, UnitKind.YES_NO, UnitKind.HOURS)
        >>> [Unit(kind).default_aggregate.value for kind in kinds]
        ['sum', 'last', 'min', 'mean']

        ```
        """
        if self.kind in _SUMMED_UNITS:
            return _SUM
        if self.kind is _GRADE:
            return _LAST
        if self.kind is _YES_NO:
            return _MIN
        return _MEAN

    @property
    def scale(self) -> Decimal:
        """What a ratio is multiplied by to be a value of this unit: 100 for percent, N for
        ``rate per N``, else 1.

        ```pycon
        >>> Unit(UnitKind.PERCENT).scale, Unit(UnitKind.RATE, Decimal(100000)).scale
        (Decimal('100'), Decimal('100000'))

        ```
        """
        if self.kind is _PERCENT:
            return ONE_HUNDRED
        if self.kind is _RATE and self.per is not None:
            return self.per
        return _ONE

    def value_of(self, text: str) -> int | None:
        """The number a yes/no word or a grade label stands for, ignoring case and
        surrounding spaces; else None.

        Yes/no: ``yes``, ``y``, ``true`` and ``1`` are 1; ``no``, ``n``,
        ``false`` and ``0`` are 0. A grade: its label's place, the worst 1.
        Any other unit has no words: always None.

        ```pycon
        >>> yes_no = Unit(UnitKind.YES_NO)
        >>> yes_no.value_of("Yes"), yes_no.value_of(" n "), yes_no.value_of("maybe")
        (1, 0, None)
        >>> grade = Unit(UnitKind.GRADE, labels=("Inadequate", "Requires improvement", "Good"))
        >>> grade.value_of("good"), grade.value_of("Inadequate"), grade.value_of("Fair")
        (3, 1, None)

        ```
        """
        word = text.strip().casefold()
        if self.kind is _YES_NO:
            return YES_NO_WORDS.get(word)
        if self.kind is _GRADE:
            for number, label in enumerate(self.labels, start=1):
                if label.strip().casefold() == word:
                    return number
        return None

    def label_of(self, value: float | Decimal) -> str | None:
        """The word for a yes/no or grade value (``yes``, ``no``, a label); None for any other.

        A value that is not one of the unit's numbers has no word.

        ```pycon
        >>> Unit(UnitKind.YES_NO).label_of(1), Unit(UnitKind.YES_NO).label_of(0.0)
        ('yes', 'no')
        >>> grade = Unit(UnitKind.GRADE, labels=("Inadequate", "Requires improvement", "Good"))
        >>> grade.label_of(2), grade.label_of(2.5), Unit(UnitKind.PERCENT).label_of(1)
        ('Requires improvement', None, None)

        ```
        """
        if self.kind is _YES_NO:
            return "yes" if value == 1 else "no" if value == 0 else None
        if self.kind is _GRADE:
            for number, label in enumerate(self.labels, start=1):
                if value == number:
                    return label
        return None


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
    undated one (if any) first, then each later start. ``per_year`` is true
    for a value written ``a year`` (``target 650,000 a year``): the whole
    year's value, not one reporting period's.

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
    per_year: bool = False


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


def _runs(
    terms: tuple[Term[V], ...], parts: tuple[Period, ...]
) -> Iterator[tuple[Term[V] | None, tuple[Period, ...]]]:
    """The reporting periods ``parts`` in runs with the same term in force, in order."""
    if len(terms) == 1 and terms[0].start is None:  # one term, in force throughout
        yield terms[0], parts
        return
    current: Term[V] | None = None
    run: list[Period] = []
    for part in parts:
        term = _in_force(terms, part)
        if run and term is not current:
            yield current, tuple(run)
            run = []
        current = term
        run.append(part)
    if run:
        yield current, tuple(run)


# The reporting periods of a schedule (frequency, season, window, year start) in a period,
# worked out once: the targets of summed measures ask for them in every period.
_PERIODS: dict[tuple[Any, ...], tuple[Period, ...]] = {}


def _periods_of(measure: Measure, period: Period, window: bool) -> tuple[Period, ...]:
    """``measure.window_periods(period)`` (or its ``reporting_periods`` without the window),
    kept for every measure of the same schedule."""
    frequency, season = measure.frequency, measure.season
    held = measure.window if window else None
    key = (frequency, season, held, measure.year_start, period)
    found = _PERIODS.get(key)
    if found is None:
        if len(_PERIODS) >= 4096:
            _PERIODS.clear()
        found = measure.window_periods(period) if window else measure.reporting_periods(period)
        _PERIODS[key] = found
    return found


def _add(a: Decimal | Band, b: Decimal | Band) -> Decimal | Band | None:
    """Two targets (or tolerances) added up: numbers, or bands end by end; None if mixed."""
    if isinstance(a, Band) and isinstance(b, Band):
        return Band(a.low + b.low, a.high + b.high)
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + b
    return None


def _times(value: Decimal | Band, n: Decimal) -> Decimal | Band:
    if isinstance(value, Band):
        return Band(value.low * n, value.high * n)
    return value * n


def _divide(value: Decimal | Band, weight: Decimal, whole: Decimal) -> Decimal | Band:
    """``value * weight / whole``, multiplied first so that exact shares stay exact, and
    written without trailing zeros (169000, not 1.69E+5 or 169000.00)."""
    if isinstance(value, Band):
        return Band(_tidy(value.low * weight / whole), _tidy(value.high * weight / whole))
    return _tidy(value * weight / whole)


def _tidy(number: Decimal) -> Decimal:
    if number == number.to_integral_value():
        return number.quantize(_ONE)
    return number.normalize()


@attrs.frozen
class Window:
    """The periods a measure's value is taken over: ``window year to date`` or
    ``window rolling N months`` (or ``quarters``), ending with the period rated.

    ``months`` is ``None`` for year to date, else the window's length in
    months; ``quarters`` only remembers that it was written in quarters
    (``rolling 4 quarters`` is 12 months), so that it is written back so.

    ```pycon
    >>> str(Window(None)), str(Window(3)), str(Window(12, quarters=True))
    ('year to date', 'rolling 3 months', 'rolling 4 quarters')
    >>> Window(None).is_year_to_date
    True

    ```
    """

    months: int | None
    quarters: bool = False
    position: Position | None = attrs.field(default=None, eq=False)  # where: not compared

    @property
    def is_year_to_date(self) -> bool:
        """Whether the window runs from the start of the financial year."""
        return self.months is None

    def first_month(self, period: Period) -> int:
        """The first month (an ordinal, as :attr:`Period.first_month`) of the window that
        ends with ``period``: the start of its financial year, or N months before its end.

        ```pycon
        >>> q3 = Period.parse("2017/18 Q3")  # October to December 2017
        >>> divmod(Window(None).first_month(q3), 12)  # (year, month - 1): April 2017
        (2017, 3)
        >>> divmod(Window(12).first_month(q3), 12)  # January 2017
        (2017, 0)

        ```
        """
        if self.months is None:
            return period.financial_year().first_month
        return period.last_month - self.months + 1

    def __str__(self) -> str:
        if self.months is None:
            return "year to date"
        if self.quarters:
            return f"rolling {_count(self.months // 3, 'quarter')}"
        return f"rolling {_count(self.months, 'month')}"


def _check_month(instance: Season, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 12:
        raise ValueError(f"a season's {attribute.name} month is from 1 to 12, not {value}")


@attrs.frozen
class Season:
    """The calendar months a measure is due in: ``season October to April``.

    ``first`` and ``last`` are months 1 to 12, both in the season; a season
    may cross the end of the calendar year (October to April is 10 to 4).
    ``month in season`` asks about a calendar month's number.

    ```pycon
    >>> winter = Season(10, 4)
    >>> str(winter), winter.months
    ('October to April', (10, 11, 12, 1, 2, 3, 4))
    >>> 1 in winter, 5 in winter
    (True, False)

    ```
    """

    first: int = attrs.field(validator=_check_month)
    last: int = attrs.field(validator=_check_month)
    position: Position | None = attrs.field(default=None, eq=False)  # where: not compared

    @property
    def months(self) -> tuple[int, ...]:
        """The season's calendar months, from the first to the last."""
        count = (self.last - self.first) % 12 + 1
        return tuple((self.first - 1 + i) % 12 + 1 for i in range(count))

    def __contains__(self, month: object) -> bool:
        if not isinstance(month, int):
            return False
        return (month - self.first) % 12 <= (self.last - self.first) % 12

    def overlaps(self, period: Period) -> bool:
        """Whether any month of ``period`` is in the season.

        ```pycon
        >>> Season(10, 4).overlaps(Period.parse("2017/18 Q1"))  # April to June
        True
        >>> Season(10, 4).overlaps(Period.parse("2017-05"))
        False

        ```
        """
        if period.span >= 12:
            return True
        first = period.first_month % 12 + 1
        return any((first - 1 + i) % 12 + 1 in self for i in range(period.span))

    def __str__(self) -> str:
        return f"{MONTH_NAMES[self.first - 1]} to {MONTH_NAMES[self.last - 1]}"


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

    Beyond the reference contract's clauses (see the language reference):

    * ``numerator`` and ``denominator``: a measure id or a number each, for a
      ratio measure (:attr:`is_ratio`), whose value over any period is the
      numerator's roll-up over the denominator's, times :attr:`scale`. A
      ratio's ``aggregate`` is ``sum`` when its value adds up over periods
      (its numerator adds up and its denominator does not: a count over a
      population), so that its targets add up as a summed measure's do;
      otherwise its unit's default;
    * ``window``: a :class:`Window`, the periods the value is taken over;
    * ``reporting``: the measure's own frequency, ``None`` for the
      contract's (``contract_reporting``; :attr:`frequency` gives the one in
      force), and ``season``, a :class:`Season`, the months it is due in
      (:meth:`due_in`, :meth:`reporting_periods`);
    * ``profile``: the year's target split into quarters or months, as
      percentages adding up to 100, for targets written ``a year``
      (:attr:`Term.per_year`); ``()`` for an equal split.
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
    numerator: str | Decimal | None = None
    denominator: str | Decimal | None = None
    window: Window | None = None
    reporting: Reporting | None = None
    season: Season | None = None
    profile: tuple[Decimal, ...] = ()
    contract_reporting: Reporting = Reporting.QUARTERLY

    def __repr__(self) -> str:
        if self.is_volumetric:
            terms = "volumetric"
        else:
            terms = f"{self.polarity.value}, target {_term_repr(self.targets)}"
        return f"<Measure {self.id} {_short(self.title)}: {self.unit}, {terms}>"

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import measure_html

        return measure_html(self)

    @property
    def is_ratio(self) -> bool:
        """Whether the measure's value is its numerator over its denominator (it takes
        no readings of its own).

        ```pycon
        >>> import attrs, perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> contract["E35"].is_ratio, contract["E34"].is_ratio  # E35 is E34 per 44,100 children
        (True, False)

        ```
        """
        return self.numerator is not None and self.denominator is not None

    @property
    def components(self) -> tuple[str, ...]:
        """The ids of the measures a ratio measure is worked out from, numerator first;
        ``()`` for any other measure (a number component is not a measure).

        ```pycon
        >>> import attrs, perfcontract as pc
        >>> e35 = pc.load("examples/dcst-2017-18.contract")["E35"]
        >>> attrs.evolve(e35, numerator="E34", denominator=Decimal(44100)).components
        ('E34',)

        ```
        """
        return tuple(c for c in (self.numerator, self.denominator) if isinstance(c, str))

    @property
    def scale(self) -> Decimal:
        """What a ratio is multiplied by: 100 for percent, N for ``rate per N``, else 1.

        A ratio measure's value over any period is the numerator's roll-up
        over the period divided by the denominator's, times this scale.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> contract["A1"].scale, contract["E35"].scale
        (Decimal('100'), Decimal('10000'))

        ```
        """
        return self.unit.scale

    @property
    def frequency(self) -> Reporting:
        """How often the measure is reported: its own ``reporting``, else the contract's.

        ```pycon
        >>> import attrs, perfcontract as pc
        >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]
        >>> a1.frequency, attrs.evolve(a1, reporting=pc.Reporting.ANNUALLY).frequency
        (<Reporting.QUARTERLY: 'quarterly'>, <Reporting.ANNUALLY: 'annually'>)

        ```
        """
        return self.reporting if self.reporting is not None else self.contract_reporting

    def due_in(self, period: PeriodLike) -> bool:
        """Whether the measure is due in ``period``: not when the period is shorter than
        one of its reporting periods (a quarter of an annual measure), nor when it
        lies wholly out of its season (May for a winter measure).

        ```pycon
        >>> import attrs, perfcontract as pc
        >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]  # reported quarterly
        >>> a1.due_in("2017/18 Q4"), a1.due_in("2017/18"), a1.due_in("2018-01")
        (True, True, False)
        >>> winter = attrs.evolve(a1, reporting=pc.Reporting.MONTHLY, season=pc.Season(10, 4))
        >>> winter.due_in("2018-04"), winter.due_in("2018-05"), winter.due_in("2017/18 Q2")
        (True, False, False)

        ```
        """
        at = self._period(period)
        if at.span < self.frequency.months:
            return False
        return self.season is None or self.season.overlaps(at)

    def reporting_periods(self, period: PeriodLike) -> tuple[Period, ...]:
        """The measure's reporting periods in ``period`` that it is due in, in order;
        ``()`` when it is not due in ``period`` at all.

        ```pycon
        >>> import attrs, perfcontract as pc
        >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]
        >>> [str(p) for p in a1.reporting_periods("2017/18 H2")]
        ['2017/18 Q3', '2017/18 Q4']
        >>> winter = attrs.evolve(a1, reporting=pc.Reporting.MONTHLY, season=pc.Season(10, 4))
        >>> [str(p) for p in winter.reporting_periods("2018/19 H1")]
        ['2018-04']
        >>> a1.reporting_periods("2018-01")
        ()

        ```
        """
        at = self._period(period)
        if not self.due_in(at):
            return ()
        parts = at.parts(self.frequency.period_kind)
        if self.season is None:
            return parts
        season = self.season
        return tuple(p for p in parts if season.overlaps(p))

    def window_periods(self, period: PeriodLike) -> tuple[Period, ...]:
        """The reporting periods whose readings make the measure's value for ``period``.

        Without a window, :meth:`reporting_periods`. With one, every due
        reporting period from the window's start (the start of the financial
        year, or N months back) to the end of ``period``. ``()`` when the
        measure is not due in ``period``.

        ```pycon
        >>> import attrs, perfcontract as pc
        >>> a1 = pc.load("examples/dcst-2017-18.contract")["A1"]
        >>> to_date = attrs.evolve(a1, window=pc.Window(None))
        >>> [str(p) for p in to_date.window_periods("2017/18 Q3")]
        ['2017/18 Q1', '2017/18 Q2', '2017/18 Q3']
        >>> rolling = attrs.evolve(a1, window=pc.Window(12, quarters=True))
        >>> [str(p) for p in rolling.window_periods("2018/19 Q1")]
        ['2017/18 Q2', '2017/18 Q3', '2017/18 Q4', '2018/19 Q1']

        ```
        """
        at = self._period(period)
        if self.window is None or not self.due_in(at):
            return self.reporting_periods(at)
        first = self.window.first_month(at)
        kind = self.frequency.period_kind
        month = Period(_MONTH, first // 12, first % 12 + 1, self.year_start)
        current = month.within(kind)
        assert current is not None  # a reporting period is never shorter than a month
        found: list[Period] = []
        season = self.season
        while current.first_month <= at.last_month:
            if season is None or season.overlaps(current):
                found.append(current)
            current = current.next()
        return tuple(found)

    @property
    def is_contractual(self) -> bool:
        """Rated against its target and counted in the scrutiny summary."""
        return self.kind is _CONTRACTUAL

    @property
    def is_volumetric(self) -> bool:
        """Context only: trended and benchmarked, never rated."""
        return self.kind is _VOLUMETRIC

    def _period(self, period: PeriodLike) -> Period:
        return Period.parse(period, year_start=self.year_start)

    def target_at(self, period: PeriodLike) -> Decimal | Band | None:
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

        For a measure that rolls up by ``sum`` (a count, tonnes, money, or a
        ratio of such a measure over a number or an average), a target is per
        reporting period: a longer period's (or a year to date's)
        target is the sum of the targets of its due reporting periods, each
        with the term in force then. A rolling window's target written plain
        is the window's own, the same in every period rated (each reporting
        period in the window its equal share of the term in force then, where
        the target changes within it). A target written ``a year`` is the whole
        year's, split over its reporting periods by :attr:`profile` (equally
        when there is none; a seasonal measure's over its in-season periods
        only). A period the measure is not due in has no target of its own:
        ``None``. Any reporting period with no target in force makes the
        whole period's ``None``.

        ```pycon
        >>> import attrs
        >>> from decimal import Decimal
        >>> c = pc.loads('''contract "c" { reporting monthly  group "g" { measure C1 "Visits" {
        ...     unit count  higher is better  target 100 } } }''')["C1"]
        >>> c.target_at("2018-01"), c.target_at("2017/18 Q4"), c.target_at("2017/18")
        (Decimal('100'), Decimal('300'), Decimal('1200'))
        >>> year = attrs.evolve(c, targets=(attrs.evolve(c.targets[0], value=Decimal(650000),
        ...     per_year=True),), profile=(Decimal(26), Decimal(25), Decimal(23), Decimal(26)))
        >>> year.target_at("2017/18 Q1"), year.target_at("2017/18 H2"), year.target_at("2017/18")
        (Decimal('169000'), Decimal('318500'), Decimal('650000'))
        >>> rolling = attrs.evolve(c, window=pc.Window(12))
        >>> rolling.target_at("2018-01"), rolling.target_at("2017/18 Q4")
        (Decimal('100'), Decimal('100'))

        ```
        """
        at = self._period(period)
        if self.aggregate is _SUM:
            return self._summed_target(at)
        term = _in_force(self.targets, at)
        return None if term is None else term.value

    def tolerance_at(self, period: PeriodLike) -> Decimal | Band | None:
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

        For a measure that rolls up by ``sum``, tolerances add up over the
        period's due reporting periods as targets do (:meth:`target_at`),
        and a margin (``within 5% of target``) applies to the period's own
        target: a quarter's tolerance is the quarter's target less 5%, not
        three months' margins added up. A reporting period without a
        tolerance counts as its target (anything worse is outside).

        ```pycon
        >>> import attrs
        >>> from decimal import Decimal
        >>> c = pc.loads('''contract "c" { reporting monthly  group "g" { measure C1 "Visits" {
        ...     unit count  higher is better  target 100  tolerance 90 } } }''')["C1"]
        >>> c.tolerance_at("2017/18 Q4")
        Decimal('270')
        >>> points = attrs.evolve(c.tolerances[0], value=pc.Margin(Decimal(5), relative=False))
        >>> attrs.evolve(c, tolerances=(points,)).tolerance_at("2017/18 Q4")
        Decimal('295')

        ```
        """
        at = self._period(period)
        if self.aggregate is _SUM:
            if not self.tolerances:
                return None
            return self._summed_tolerance(at, self._summed_target(at))
        term = _in_force(self.tolerances, at)
        if term is None:
            return None
        target = self.target_at(at)
        if target is None:  # no target in force, so no tolerance either
            return None
        if isinstance(term.value, Margin):
            return term.value.resolve(target, self.polarity)
        return term.value

    def _terms_at(self, period: Period) -> tuple[Decimal | Band | None, Decimal | Band | None]:
        """:meth:`target_at` and :meth:`tolerance_at` of a period: a measure that rolls up by
        sum works out its target once for both."""
        if self.aggregate is not _SUM:
            return self.target_at(period), self.tolerance_at(period)
        at = self._period(period)
        target = self._summed_target(at)
        return target, self._summed_tolerance(at, target)

    # -- the terms of a measure that rolls up by sum ------------------------------

    def _summed_target(self, at: Period) -> Decimal | Band | None:
        if not self.targets:
            return None
        parts = _periods_of(self, at, window=True)
        return self._summed_target_of(parts, self._window_size(parts)) if parts else None

    def _window_size(self, parts: tuple[Period, ...]) -> int | None:
        """The number of reporting periods of a rolling window ending with a period rated,
        whose terms written plain are the window's own figures; None when the terms add
        up (no window, or year to date, whose length grows through the year)."""
        if self.window is None or self.window.is_year_to_date:
            return None
        return len(parts)

    def _summed_tolerance(self, at: Period, target: Decimal | Band | None) -> Decimal | Band | None:
        """The tolerance of ``at``, whose target (:meth:`_summed_target`) is ``target``."""
        if not self.tolerances or target is None:
            return None
        parts = _periods_of(self, at, window=True)
        size = self._window_size(parts)
        runs = list(_runs(self.tolerances, parts))
        terms = [term for term, _ in runs]
        if all(term is None for term in terms):
            return None
        first = terms[0]
        margin = first.value if first is not None else None
        if isinstance(margin, Margin) and all(t is not None and t.value == margin for t in terms):
            return margin.resolve(target, self.polarity)
        total: Decimal | Band | None = None
        for term, run in runs:
            tolerance = None if term is None else term.value
            value: Decimal | Band
            if tolerance is None or isinstance(tolerance, Margin):
                own = self._summed_target_of(run, size)  # no tolerance: the target itself
                if own is None:
                    return None
                value = own if tolerance is None else tolerance.resolve(own, self.polarity)
            else:
                assert term is not None
                value = self._share(term, run, size)
            total = value if total is None else _add(total, value)
            if total is None:
                return None
        return total

    def _summed_target_of(
        self, run: tuple[Period, ...], window: int | None = None
    ) -> Decimal | Band | None:
        """The target of some reporting periods in a row, each with its own term (a term
        written plain the figure of a rolling ``window`` of that many periods)."""
        total: Decimal | Band | None = None
        for term, part in _runs(self.targets, run):
            if term is None or term.value is None:
                return None
            value = self._share(term, part, window)
            total = value if total is None else _add(total, value)
            if total is None:
                return None
        return total

    def _share(
        self, term: Term[Any], run: tuple[Period, ...], window: int | None = None
    ) -> Decimal | Band:
        """A term's value over some reporting periods it is in force in: its value for
        each of them, its year's value shared out by the profile, or, in a rolling
        ``window`` of that many reporting periods, its value (the window's) shared out
        equally over them."""
        value: Decimal | Band = term.value
        if not term.per_year:
            if window is None:
                return _times(value, Decimal(len(run)))
            if len(run) == window:
                return value
            return _divide(value, Decimal(len(run)), Decimal(window))
        total: Decimal | Band | None = None
        by_year: dict[Period, list[Period]] = {}
        for part in run:
            by_year.setdefault(part.financial_year(), []).append(part)
        for year, parts in by_year.items():
            weight = sum((self._weight(p) for p in parts), Decimal(0))
            whole = sum(
                (self._weight(p) for p in _periods_of(self, year, window=False)), Decimal(0)
            )
            share = value if whole == weight else _divide(value, weight, whole)
            total = share if total is None else _add(total, share)
        assert total is not None
        return total

    def _weight(self, period: Period) -> Decimal:
        """A period's part of its year by the profile, in shares of the year's whole: the
        sum of its months' shares, a quarter's share counting for each of its months (so a
        year of quarters counts 300); 1 a month without a profile."""
        first = period.financial_year().first_month
        months = range(period.first_month - first, period.last_month - first + 1)
        if len(self.profile) == 12:
            return sum((self.profile[i] for i in months), Decimal(0))
        if len(self.profile) == 4:
            return sum((self.profile[i // 3] for i in months), Decimal(0))
        return Decimal(len(months))

    def thresholds_at(self, period: PeriodLike) -> Thresholds:
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
        return Thresholds.for_terms(self.polarity, *self._terms_at(at))

    @overload
    def rate(self, value: float | int | Decimal | str | None, period: PeriodLike) -> Status: ...

    @overload
    def rate(
        self, value: npt.NDArray[Any] | list[Any] | tuple[Any, ...], period: PeriodLike
    ) -> npt.NDArray[np.int8]: ...

    def rate(self, value: Any, period: PeriodLike) -> Status | npt.NDArray[np.int8]:
        """Rate a reading (a :class:`Status`) or an array of them (``int8`` status codes).

        One reading is read and checked exactly as :meth:`Contract.evaluate`
        reads a value of its mapping: a number, or a string as a readings file
        writes it (``"26%"``, ``"1,789"``, a missing marker such as ``"x"``), a
        yes/no measure's ``yes``/``no`` (``y``/``n``, ``true``/``false``,
        ``1``/``0``, ``True``/``False``), a grade measure's label (in any
        case). An array (a numpy array, a list, a tuple, a pandas or polars
        Series) holds numbers: yes 1 and no 0, a grade its place among the
        grades, the worst 1; None, NaN and pandas' ``pd.NA`` are missing. A
        float32 (or float16), alone or in an array, is read as the decimal it
        prints as: ``np.float32(2.675)`` is 2.675, not the 2.67499995... it
        holds. The reading is rounded first if the measure
        says ``rounded to N dp`` (half away from zero, on the decimal as
        written). A missing reading (``None``, NaN, an empty string, a
        marker) is ``NO_DATA``; with no target in force, any reading is
        ``NO_TARGET``.

        What ``evaluate`` refuses, this refuses with the same words, raising
        :class:`~perfcontract.errors.ReadingsError` naming the measure, the
        period and the value (for an array, its first few bad positions and a
        count of the rest): a value that is not a number, or is infinite or
        beyond ±10^15; a percentage below 0 or above 100; a negative value of a
        unit that never is one (a count, a rate, a time, tonnes); a count that
        is not a whole number; money that is not whole pence; a yes/no that is
        not yes or no; a grade that is not one of the grades. So is a period
        the measure is not due in (:meth:`due_in`: a month of a measure
        reported annually or quarterly, a period out of its season), where it
        has no status. Volumetric measures are never rated: rating one raises
        ``ValueError``.

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
        >>> contract["A1"].rate([20.0, 26.0, None], period="2017/18 Q4").tolist()
        [2, 1, 4]
        >>> waste = pc.load("examples/waste-2024-25.contract")
        >>> waste["R1"].rate("good", period="2024/25 Q1"), waste["H1"].rate("y", period="2024-04")
        (<Status.ON_TARGET: 2>, <Status.ON_TARGET: 2>)
        >>> waste["KPI_7"].rate("89.5%", period="2024-04")
        <Status.OUTSIDE_TOLERANCE: 0>
        >>> waste["R1"].rate(7, period="2024/25 Q1")
        Traceback (most recent call last):
        ...
        perfcontract.errors.ReadingsError: <reading>: error: measure R1, period 2024/25 Q1: `7` \
is not one of the grades of R1
        help: the grades are Inadequate, Requires improvement, Good, Outstanding (in any case)
        >>> waste["W-4.1"].rate(70, period="2024-04")
        Traceback (most recent call last):
        ...
        perfcontract.errors.ReadingsError: <reading>: error: measure W-4.1, period 2024-04: W-4.1 \
is reported annually: it is not due in 2024-04, so it has no status there
        help: rate it for a year, such as 2024/25
        >>> waste["KPI_7"].rate(np.array([95.0, 150.0, np.nan]), period="2024-04")
        Traceback (most recent call last):
        ...
        perfcontract.errors.ReadingsError: values[1]: error: measure KPI_7, period 2024-04: \
`150.0` is more than 100, but KPI_7 is a percentage

        ```
        """
        from perfcontract import _frames, _rated_values, engine  # numpy only when rating

        if self.is_volumetric:
            raise ValueError(f"{self.id} is volumetric: volumetric measures are never rated")
        at = self._period(period)
        _frames.refuse_lazy(value)
        if _rated_values.is_array(value):
            readings = _rated_values.floats(_rated_values.as_array(value), [self], [at], "one")
            _rated_values.check_values(readings, [self], [at], "one")
            if self.rounding is not None:
                readings = engine.round_half_away(readings, self.rounding)
            return engine.rate(readings, self.thresholds_at(at))
        if not self.due_in(at):
            raise ReadingsError([_rated_values.not_due(self, at)])
        reading = _rated_values.one_reading(self, value, at)
        return Status(int(engine.rate(reading, self.thresholds_at(at))))

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

    def benchmarks_at(self, period: PeriodLike) -> tuple[Benchmark, ...]:
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

    def __repr__(self) -> str:
        return f"<Group {_short(self.name)}: {_count(len(self.measures), 'measure')}>"

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import group_html

        return group_html(self)

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
class ShareChange:
    """The shares in force from ``start`` on: a dated risk share's later terms.

    ``bands`` and ``gain_share`` are whole, as :class:`RiskShare` holds them:
    what changed from ``start`` and what carries on from before, put together.

    ```pycon
    >>> import perfcontract as pc
    >>> rs = pc.loads('''contract "c" { risk share { council 70% provider 30%
    ...     council 60% from 2018/19  provider 40% from 2018/19 } }''').risk_share
    >>> change = rs.changes[0]
    >>> str(change.start), change.bands[0].council, change.bands[0].provider
    ('2018/19', Decimal('60'), Decimal('40'))

    ```
    """

    start: Period
    bands: tuple[ShareBand, ...]
    gain_share: tuple[ShareBand, ...]

    def __repr__(self) -> str:
        first = self.bands[0]
        return (
            f"<ShareChange from {self.start}: council {_plain(first.council)}%,"
            f" provider {_plain(first.provider)}%, {_count(len(self.bands), 'band')}>"
        )


@attrs.frozen
class RiskShare:
    """How an overspend (and an underspend) is shared between council and provider.

    Plain shares are the one-band case: ``bands`` always holds at least one
    :class:`ShareBand`, the first starting at £0 and the last open-ended.
    ``gain_share`` gives the bands for an underspend or a surplus (by default
    the same; gain-share bands written in the contract are laid over the plain
    gain share, or over the overspend's bands, so ``gain_share`` too runs from
    £0 to an open-ended band). ``provider_cap`` and ``council_cap`` cap one
    party's share of an overspend (a contract gives one at most). ``changes``
    hold the shares from each date on, in date order (``bands`` and
    ``gain_share`` are those in force before the first); see :meth:`at`.

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
    council_cap: Decimal | None = None
    changes: tuple[ShareChange, ...] = ()

    def __repr__(self) -> str:
        first = self.bands[0]
        parts = [f"council {_plain(first.council)}%, provider {_plain(first.provider)}%"]
        if len(self.bands) > 1:
            parts.append(f"{len(self.bands)} bands")
        if self.provider_cap is not None:
            parts.append(f"provider cap {_plain(self.provider_cap)}")
        if self.council_cap is not None:
            parts.append(f"council cap {_plain(self.council_cap)}")
        if self.changes:
            parts.append(f"{_count(len(self.changes), 'change')}")
        return f"<RiskShare: {', '.join(parts)}>"

    @property
    def council(self) -> Decimal:
        """The council's share (per cent) of the first band of an overspend."""
        return self.bands[0].council

    @property
    def provider(self) -> Decimal:
        """The provider's share (per cent) of the first band of an overspend."""
        return self.bands[0].provider

    def at(self, period: PeriodLike | None) -> RiskShare:
        """The terms in force for ``period``, with no later changes.

        Terms without dates are the same for every period, and ``None`` will
        do for them. When the shares change from a date, the period must lie
        within one set of terms: a period before the first change, or one
        starting at or after a change and ending before the next. Anything
        else raises :class:`~perfcontract.errors.PeriodError`, saying why.

        ```pycon
        >>> import perfcontract as pc
        >>> rs = pc.loads('''contract "c" { risk share { council 70% provider 30%
        ...     council 60% from 2018/19  provider 40% from 2018/19 } }''').risk_share
        >>> rs.at("2017/18").council, rs.at("2018/19 Q3").council
        (Decimal('70'), Decimal('60'))
        >>> rs.at(None)
        Traceback (most recent call last):
        ...
        perfcontract.errors.PeriodError: <string>: error: the risk share changes from 2018/19
        help: give the period the amount is for
        >>> rs.at("2017-12").split("£1m") == rs.split("£1m", period="2017/18 Q3")
        True

        ```
        """
        if not self.changes:
            if period is not None:
                Period.parse(period)  # a period that is not one is an error all the same
            return self
        starts = ", ".join(str(change.start) for change in self.changes)
        if period is None:
            raise PeriodError(
                [
                    Diagnostic(
                        f"the risk share changes from {starts}",
                        hint="give the period the amount is for",
                    )
                ]
            )
        year_start = self.changes[0].start.year_start
        wanted = Period.parse(period, year_start=year_start)
        bands, gain = self.bands, self.gain_share
        for change in self.changes:
            if change.start.first_month <= wanted.first_month:
                bands, gain = change.bands, change.gain_share
            elif change.start.first_month <= wanted.last_month:
                raise PeriodError(
                    [
                        Diagnostic(
                            f"the risk share changes from {change.start}, during {wanted}",
                            hint="give a period within one set of shares, such as a quarter",
                        )
                    ]
                )
        return attrs.evolve(self, bands=bands, gain_share=gain, changes=())

    def split(
        self, amount: str | Decimal | int | float, *, period: PeriodLike | None = None
    ) -> Split:
        """Divide an overspend (or an underspend): see :func:`perfcontract.riskshare.split`.

        ```pycon
        >>> import perfcontract as pc
        >>> pc.load("examples/dcst-2017-18.contract").risk_share.split("1.35m")
        Split(council=Decimal('945000.00'), provider=Decimal('405000.00'))

        ```
        """
        from perfcontract.riskshare import split

        return split(self, amount, period=period)


# ---------------------------------------------------------------------------
# A payment mechanism's terms, as the contract states them (computed in
# perfcontract.payment)


@attrs.frozen
class Deduction:
    """One ``credit`` or ``points`` line of a payment block.

    ``kind`` is ``"credit"`` (a percentage of the period's charge) or
    ``"points"`` (service failure points). A line by status gives
    ``inside`` and/or ``outside`` (the rate when the measure is inside or
    outside tolerance); a line per unit gives ``each`` (the rate per unit of
    the count measure's reading) and neither of the others.

    ```pycon
    >>> import perfcontract as pc
    >>> line = Deduction("credit", "CS1", inside=Decimal("0.5"), outside=Decimal(1))
    >>> line.rate_for(pc.Status.OUTSIDE_TOLERANCE), line.rate_for(pc.Status.ON_TARGET)
    (Decimal('1'), None)

    ```
    """

    kind: str
    measure: str
    inside: Decimal | None = None
    outside: Decimal | None = None
    each: Decimal | None = None
    position: Position | None = attrs.field(default=None, eq=False)

    @property
    def per_unit(self) -> bool:
        """Whether the line is per unit of the measure's reading (``each``)."""
        return self.each is not None

    def rate_for(self, status: Status | None) -> Decimal | None:
        """The percentage or points for a measure in ``status``; None when none apply."""
        if status is Status.WITHIN_TOLERANCE:
            return self.inside
        if status is Status.OUTSIDE_TOLERANCE:
            return self.outside
        return None

    def __str__(self) -> str:
        mark = "%" if self.kind == "credit" else ""
        if self.each is not None:
            return f"{self.kind} {self.measure} {_plain(self.each)}{mark} each"
        rates = [
            f"{_plain(rate)}{mark} {words}"
            for rate, words in (
                (self.inside, "inside tolerance"),
                (self.outside, "outside tolerance"),
            )
            if rate is not None
        ]
        return f"{self.kind} {self.measure} " + ", ".join(rates)


@attrs.frozen
class WarningThreshold:
    """A ``warning``: reached when the points over ``months`` months reach ``points``.

    ``quarters`` only remembers that the window was written in quarters
    (``in 2 quarters`` is 6 months), so that it is shown as written; it is
    not compared, as ``in 2 quarters`` and ``in 6 months`` are one warning.

    ```pycon
    >>> str(WarningThreshold(Decimal(250), 3)), str(WarningThreshold(Decimal(1), 1))
    ('warning 250 points in 3 months', 'warning 1 points in 1 month')
    >>> two = WarningThreshold(Decimal(200), 6, quarters=True)
    >>> str(two), two.window, two == WarningThreshold(Decimal(200), 6)
    ('warning 200 points in 2 quarters', '2 quarters', True)

    ```
    """

    points: Decimal
    months: int
    position: Position | None = attrs.field(default=None, eq=False)
    quarters: bool = attrs.field(default=False, kw_only=True, eq=False)

    @property
    def window(self) -> str:
        """The window as written: ``3 months``, ``1 month``, ``2 quarters``."""
        return _window_words(self.months, self.quarters)

    def __str__(self) -> str:
        return f"warning {_plain(self.points)} points in {self.window}"


@attrs.frozen
class PaymentMechanism:
    """A contract's ``payment`` block: charges, deduction lines, point value, cap, warnings.

    ``frequency`` is how often the charge is paid, and so the payment period:
    a month for ``charge … monthly``. ``charges`` and ``point_values`` are
    dated terms (the undated one first); a charge written ``a year`` is a
    year's, its term's ``per_year`` true, paid in instalments (see
    :meth:`charge_at`). ``year_start`` is the contract's, for
    reading the periods they are asked for. ``cap_percent`` (of the period's
    charge) and ``cap_amount`` may both be given: the lower applies.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/fm-2024-25.contract")
    >>> terms = contract.payment_mechanism
    >>> terms.frequency, terms.charge_at("2024-05"), terms.charge_at("2025-05")
    (<Reporting.MONTHLY: 'monthly'>, Decimal('420000'), Decimal('432600'))
    >>> terms.point_value_at("2024-05"), terms.cap_for(Decimal(420000))
    (Decimal('150'), Decimal('42000.00'))

    ```
    """

    frequency: Reporting
    charges: tuple[Term[Decimal], ...]
    deductions: tuple[Deduction, ...]
    point_values: tuple[Term[Decimal], ...] = ()
    cap_percent: Decimal | None = None
    cap_amount: Decimal | None = None
    warnings: tuple[WarningThreshold, ...] = ()
    metadata: Metadata = attrs.field(factory=Metadata)
    position: Position | None = attrs.field(default=None, eq=False)
    year_start: int = 4

    def __repr__(self) -> str:
        return (
            f"<PaymentMechanism {self.frequency.value}:"
            f" {_count(len(self.deductions), 'deduction line')},"
            f" {_count(len(self.charges), 'charge')}>"
        )

    @property
    def measures(self) -> tuple[str, ...]:
        """The ids of the measures the deduction lines name, each once, in order."""
        return tuple(dict.fromkeys(d.measure for d in self.deductions))

    def charge_at(self, period: PeriodLike) -> Decimal | None:
        """The charge for one payment period starting with ``period``; None before the first.

        A charge written ``a year`` (``charge £1m a year monthly``) is paid in
        instalments that add up to the year's charge exactly: each is the
        year's charge divided by the payment periods in a year, rounded down to
        the penny, and the last of the financial year takes what is left. Each
        payment period's instalment is that of the charge in force at its start.

        ```pycon
        >>> import perfcontract as pc
        >>> yearly = pc.loads('''contract "c" { reporting monthly
        ...     group "g" { volumetric SD1 "Repairs" { unit count } }
        ...     payment { charge £1m a year monthly } }''').payment_mechanism
        >>> yearly.charge_at("2024-04"), yearly.charge_at("2025-02"), yearly.charge_at("2025-03")
        (Decimal('83333.33'), Decimal('83333.33'), Decimal('83333.37'))

        ```
        """
        paid = Period.parse(period, year_start=self.year_start)
        term = _in_force(self.charges, paid)
        if term is None or not term.per_year:
            return None if term is None else term.value
        size = self.frequency.months
        each = 12 // size  # instalments a year
        first = paid.financial_year().first_month
        pennies = int(term.value.scaleb(2))  # a charge is whole pence: checked when read
        instalment = pennies // each
        if (paid.first_month - first) // size == each - 1:  # the year's last: the rest
            instalment = pennies - instalment * (each - 1)
        return Decimal(instalment).scaleb(-2)

    def point_value_at(self, period: PeriodLike) -> Decimal | None:
        """The value of one point in ``period``; None when no point value is in force."""
        term = _in_force(self.point_values, Period.parse(period, year_start=self.year_start))
        return None if term is None else term.value

    def cap_for(self, charge: Decimal) -> Decimal | None:
        """The most a period with this charge can lose, to the penny; None for no cap."""
        caps = []
        if self.cap_percent is not None:
            with localcontext(EXACT_CONTEXT):
                caps.append(to_pennies(charge * self.cap_percent / ONE_HUNDRED))
        if self.cap_amount is not None:
            caps.append(to_pennies(self.cap_amount))
        return min(caps) if caps else None


def _plain(value: Decimal) -> str:
    """A number without trailing zeros after the point."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _to_15_digits(value: Decimal) -> Decimal:
    """``value`` rounded (half up) to 15 significant digits, which every float holds as
    written: the rounding a message asks for of a value with more.

    ```pycon
    >>> _to_15_digits(Decimal("84.49999999999999999")), _to_15_digits(Decimal("95.000000000000001"))
    (Decimal('84.5000000000000'), Decimal('95.0000000000000'))

    ```
    """
    with localcontext() as context:
        context.prec = max(28, len(value.as_tuple().digits))
        return value.quantize(Decimal(1).scaleb(value.adjusted() - 14), rounding=ROUND_HALF_UP)


def _grouped(value: Decimal) -> str:
    """A number as a table or a sentence shows it: thousands grouped, no trailing zeros.

    ```pycon
    >>> _grouped(Decimal("1070")), _grouped(Decimal("2.50")), _grouped(Decimal("12345.5"))
    ('1,070', '2.5', '12,345.5')

    ```
    """
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _short(name: str, width: int = 60) -> str:
    """A name as a ``repr`` quotes it: on one line, cut short if long."""
    return repr(shorten(one_line(name), width))


def _count(number: int, word: str) -> str:
    """``number`` and its word, singular for one: ``1 month``, ``3 months``."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _window_words(months: int, quarters: bool = False) -> str:
    """A window of ``months`` months in words, in quarters if it was written so: ``1 month``,
    ``6 months``, ``2 quarters``."""
    return _count(months // 3, "quarter") if quarters else _count(months, "month")


def _term_repr(terms: tuple[Term[Any], ...]) -> str:
    """The first of a measure's terms, as a ``repr`` shows it, and how many more are dated."""
    if not terms:
        return "none"
    value = terms[0].value
    text = "none" if value is None else _plain(value) if isinstance(value, Decimal) else str(value)
    return text + (f" (+{len(terms) - 1} dated)" if len(terms) > 1 else "")


@attrs.frozen
class Contract:
    """A whole contract: its parties, its groups of measures, its risk share and its
    payment mechanism (``payment_mechanism``, from the ``payment`` block, or None).

    ``warnings`` holds what checking the contract found that is probably a
    mistake but is not an error (a group with no measures), each a
    :class:`~perfcontract.errors.Diagnostic` with ``severity="warning"`` and
    its place in the file; ``perfcontract check`` prints them. It is empty
    for a contract without any, and takes no part in comparing contracts.

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
    >>> contract.warnings
    ()
    >>> print(pc.loads('contract "c" {\\n    group "Early Help" { }\\n}').warnings[0].format())
    <string>:2:11: warning: group "Early Help" has no measures, so it has no row in the summary table
        2 |     group "Early Help" { }
          |           ^~~~~~~~~~~~
    help: add its measures or delete it; to keep it empty on purpose, give it a `description` saying why

    ```
    """  # noqa: E501 (a diagnostic printed whole is wider than a line)

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
    payment_mechanism: PaymentMechanism | None = None
    # What checking it found that is probably a mistake but still means something: not
    # part of what it says (a warning's place changes when the file is reformatted).
    warnings: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, hash=False)
    measures: Mapping[str, Measure] = attrs.field(init=False, eq=False, hash=False, repr=False)
    # What is worked out from the contract once and kept with it (its fingerprint):
    # not part of what it says.
    _derived: dict[str, Any] = attrs.field(
        init=False, eq=False, hash=False, repr=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        by_id = {m.id: m for group in self.groups for m in group.measures}
        object.__setattr__(self, "measures", MappingProxyType(by_id))

    # A contract pickles (to another process, or to the cache of compiled contracts)
    # with what was worked out from it, without ``measures``, a read-only view that
    # pickle cannot write: it is made again from the groups.
    def __getstate__(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _PICKLED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__attrs_post_init__()

    def __getitem__(self, measure_id: str) -> Measure:
        try:
            return self.measures[measure_id]
        except KeyError:
            raise KeyError(
                f"no measure {quoted(measure_id)} in contract {quoted(self.name)}"
            ) from None

    def __contains__(self, measure_id: object) -> bool:
        return measure_id in self.measures

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures.values())

    def __len__(self) -> int:
        return len(self.measures)

    def __bool__(self) -> bool:
        return True  # a contract with no measures is still a contract

    def __repr__(self) -> str:
        return (
            f"<Contract {_short(self.name)}: {_count(len(self.measures), 'measure')}"
            f" in {_count(len(self.groups), 'group')}>"
        )

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import contract_html

        return contract_html(self)

    @property
    def contractual(self) -> tuple[Measure, ...]:
        """The contractual measures, in contract order."""
        return tuple(m for m in self.measures.values() if m.is_contractual)

    @overload
    def evaluate(
        self, readings: Any, period: PeriodLike, authority: str | None = None
    ) -> Evaluation: ...

    @overload
    def evaluate(
        self,
        readings: Any,
        period: None = None,
        authority: str | None = None,
        *,
        periods: Sequence[PeriodLike],
    ) -> Evaluations: ...

    def evaluate(
        self,
        readings: Any,
        period: PeriodLike | None = None,
        authority: str | None = None,
        *,
        periods: Sequence[PeriodLike] | None = None,
    ) -> Evaluation | Evaluations:
        """Evaluate every measure for ``period``, or for each of ``periods`` at once: see
        :mod:`perfcontract.evaluation`.

        ``readings`` is :class:`~perfcontract.readings.Readings` (or resolved
        readings, or a DataFrame), or for one period a mapping of measure id
        to value. With ``periods`` the result is an
        :class:`~perfcontract.evaluation.Evaluations`, every period rated in
        one call of the engine.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> ev = contract.evaluate({"A1": 26, "B8": 76}, period="2017/18 Q4")
        >>> ev["A1"].status.label, ev["B8"].status.label
        ('Inside tolerance', 'Outside tolerance')

        ```
        """
        from perfcontract.evaluation import evaluate, evaluate_periods  # numpy only when used

        if period is None and periods is None:
            raise TypeError(
                "evaluate needs the period to rate: period='2017/18 Q4', say"
                " (or periods=[...] for several)"
            )
        if period is not None and periods is not None:
            raise TypeError("evaluate takes a period or periods=[...], not both")
        if periods is not None and (
            isinstance(periods, str | Period) or not isinstance(periods, Iterable)
        ):
            # One period given as periods (a string would be read letter by letter).
            one = str(periods) if isinstance(periods, str | Period) else periods
            raise TypeError(
                f"periods is a list of periods, not one: periods=[{one!r}], or period={one!r}"
            )
        if periods is not None:
            return evaluate_periods(self, readings, periods, authority)
        assert period is not None
        return evaluate(self, readings, period, authority)

    @property
    def volumetric(self) -> tuple[Measure, ...]:
        """The volumetric measures, in contract order."""
        return tuple(m for m in self.measures.values() if m.is_volumetric)

    def payment(self, readings: Any, period: PeriodLike, authority: str | None = None) -> Payment:
        """The payment for ``period`` under the ``payment`` block: see :mod:`perfcontract.payment`.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/fm-2024-25.contract")
        >>> readings = pc.Readings.from_csv("examples/fm-2024-25-readings.csv")
        >>> may = contract.payment(readings, period="2024-05")
        >>> may.total_deduction, may.payment
        (Decimal('750.00'), Decimal('419250.00'))

        ```
        """
        from perfcontract.payment import payment  # numpy only when paying

        return payment(self, readings, period, authority)


_PICKLED = (*(a.name for a in attrs.fields(Contract) if a.init), "_derived")
