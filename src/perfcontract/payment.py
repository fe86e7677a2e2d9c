"""The payment mechanism: a periodic charge less deductions for performance failures.

A contract's ``payment`` block (its :class:`PaymentMechanism`) says what the
provider is paid each payment period (the ``charge``), what each failure of
a measure costs (a ``credit``, a percentage of the period's charge, or
``points`` valued at the ``point value``), the ``cap`` on a period's
deduction, and the ``warning`` thresholds of points over rolling windows.
``contract.payment(readings, period=...)`` works out a :class:`Payment`:
a line per payment period and measure, each rounded to the penny half up,
and totals that add up exactly.

```pycon
>>> import perfcontract as pc
>>> contract = pc.loads('''contract "FM" { reporting monthly
...     group "Helpdesk" { measure CS1 "Calls answered in 30 seconds" {
...         unit percent  higher is better  target 95%  tolerance 90% } }
...     payment { charge £100k monthly  credit CS1 1% inside tolerance, 2.5% outside tolerance
...               cap 10% of charge } }''')
>>> pay = contract.payment({"CS1": 88}, period="2024-05")
>>> pay.total_deduction, pay.payment, pay.provisional
(Decimal('2500.00'), Decimal('97500.00'), False)

```
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any

import attrs

from perfcontract._escape import one_line
from perfcontract.errors import ContractError, Diagnostic, PeriodError, quoted, shorten
from perfcontract.model import (
    Deduction,
    PaymentMechanism,
    WarningThreshold,
    _grouped,
    _plain,
    _window_words,
)
from perfcontract.money import EXACT_CONTEXT, to_pennies
from perfcontract.periods import Period, PeriodKind, PeriodLike
from perfcontract.render import Terms, format_value
from perfcontract.status import Status

if TYPE_CHECKING:
    from perfcontract.model import Contract, Measure
    from perfcontract.readings import Readings, ResolvedReadings

__all__ = [
    "Deduction",
    "Payment",
    "PaymentLine",
    "PaymentMechanism",
    "PaymentWarning",
    "PeriodPayment",
    "WarningThreshold",
]

ZERO = Decimal(0)
NO_POUNDS = Decimal("0.00")
HUNDRED = Decimal(100)
_CREDIT, _POINTS = "credit", "points"


# ---------------------------------------------------------------------------
# The results


@attrs.frozen
class PaymentLine:
    """One deduction line applied to one measure in one payment period.

    ``status`` is the measure's status in the period its value is rated over
    (``Status.NO_DATA`` when there is no reading: then nothing is deducted
    and the payment is provisional); ``value`` its reading (``None``
    without one); ``rate`` the percentage or points that applied (``None``
    when none did); ``points`` the points it gives (0 for a credit); and
    ``amount`` what it deducts, rounded to the penny half up.

    ``no_cases`` is true for a ratio whose denominator is 0 in the period (no
    potholes reported, so none to repair in time): the ratio is No data, as
    a ratio over nothing is, but the readings are in and no failure is
    possible, so nothing is deducted and the payment is not provisional.
    """

    period: Period
    measure: str
    kind: str
    status: Status | None
    value: Decimal | None
    rate: Decimal | None
    points: Decimal
    amount: Decimal
    #: The reading as the contract states it (``96.1%``, ``Good``, ``yes``); empty without one.
    shown: str = attrs.field(default="", eq=False)
    #: The measure's own longer period its status and reading are for, when it counts in
    #: ``period`` at the end of it (a quarterly measure in a quarter's last month); else None.
    over: Period | None = attrs.field(default=None, eq=False, repr=False)
    #: Whether the measure is a ratio whose denominator is 0 in the period: its ``shown``
    #: then says ``no cases``.
    no_cases: bool = attrs.field(default=False, repr=False)

    @property
    def no_data(self) -> bool:
        """Whether the measure had no reading, so the line could not be applied (a ratio
        with no cases, :attr:`no_cases`, has its readings: it is not missing one)."""
        return self.value is None and not self.no_cases

    def to_record(self) -> dict[str, Any]:
        """The line as plain values: money and points as exact decimal strings."""
        return {
            "period": str(self.period),
            "measure": self.measure,
            "kind": self.kind,
            "status": None if self.status is None else self.status.label,
            "value": None if self.value is None else _plain(self.value),
            "rate": None if self.rate is None else _plain(self.rate),
            "points": _plain(self.points),
            "amount": str(self.amount),
        }


@attrs.frozen
class PaymentWarning:
    """A warning threshold reached: in ``period``, ``points`` over the ``months`` months
    ending with it reached ``threshold``. It unpacks as ``(period, threshold, points)``,
    the three figures a warning letter quotes; ``months`` is read by name, and
    ``window`` gives the window as the contract writes it (``quarters`` says
    it was written in quarters).

    ```pycon
    >>> import perfcontract as pc
    >>> warning = PaymentWarning(pc.Period.parse("2024-11"), Decimal(100), 3, Decimal(297))
    >>> print(warning)
    2024-11: 297 points in 3 months (warning at 100)
    >>> period, threshold, points = warning
    >>> str(period), threshold, points, warning.months
    ('2024-11', Decimal('100'), Decimal('297'), 3)
    >>> print(PaymentWarning(pc.Period.parse("2024-11"), Decimal(10), 1, Decimal(12)))
    2024-11: 12 points in 1 month (warning at 10)
    >>> print(PaymentWarning(pc.Period.parse("2024/25 Q2"), Decimal(10), 6, Decimal(12),
    ...                      quarters=True))  # `warning 10 points in 2 quarters`
    2024/25 Q2: 12 points in 2 quarters (warning at 10)

    ```
    """

    period: Period
    threshold: Decimal
    months: int
    points: Decimal
    quarters: bool = attrs.field(default=False, kw_only=True, eq=False)  # written in quarters

    def __iter__(self) -> Iterator[Period | Decimal]:
        return iter((self.period, self.threshold, self.points))

    @property
    def window(self) -> str:
        """The window as the contract writes it: ``3 months``, ``1 month``, ``2 quarters``."""
        return _window_words(self.months, self.quarters)

    def __str__(self) -> str:
        return (
            f"{self.period}: {_grouped(self.points)} points in {self.window}"
            f" (warning at {_grouped(self.threshold)})"
        )


@attrs.frozen
class PeriodPayment:
    """One payment period: its charge, its lines and what they come to.

    ``deduction_before_cap`` is the sum of the lines (``credits`` plus
    ``points_deduction``); ``deduction`` is that, capped at ``cap``;
    ``payment`` the charge less the deduction. ``missing`` names the
    measures with no reading: the period's figures are then provisional.
    ``no_cases`` names the ratio measures whose denominator was 0: they are
    No data, but no reading is missing, so they deduct nothing and leave the
    figures final.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/fm-2024-25.contract")
    >>> readings = pc.Readings.from_csv("examples/fm-2024-25-readings.csv")
    >>> november = contract.payment(readings, period="2024-11").by_period[0]
    >>> november.deduction_before_cap, november.deduction, november.capped
    (Decimal('44100.00'), Decimal('42000.00'), True)

    ```
    """

    period: Period
    charge: Decimal
    points: Decimal
    credits: Decimal
    points_deduction: Decimal
    deduction_before_cap: Decimal
    cap: Decimal | None
    deduction: Decimal
    payment: Decimal
    lines: tuple[PaymentLine, ...]
    warnings: tuple[PaymentWarning, ...]
    missing: tuple[str, ...]
    no_cases: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (
            f"<PeriodPayment {self.period}: charge {self.charge}, deduction {self.deduction},"
            f" payment {self.payment}>"
        )

    @property
    def provisional(self) -> bool:
        """Whether a measure named in a line had no reading in the period."""
        return bool(self.missing)

    @property
    def capped(self) -> bool:
        """Whether the cap cut the deduction."""
        return self.deduction < self.deduction_before_cap

    def to_record(self) -> dict[str, Any]:
        """The period as plain values: money and points as exact decimal strings."""
        return {
            "period": str(self.period),
            "charge": str(self.charge),
            "points": _plain(self.points),
            "credits": str(self.credits),
            "points_deduction": str(self.points_deduction),
            "deduction_before_cap": str(self.deduction_before_cap),
            "cap": None if self.cap is None else str(self.cap),
            "deduction": str(self.deduction),
            "payment": str(self.payment),
            "warnings": [_warning_record(w) for w in self.warnings],
            "provisional": self.provisional,
            "missing": list(self.missing),
            "no_cases": list(self.no_cases),
        }


def _warning_record(warning: PaymentWarning) -> dict[str, Any]:
    return {
        "period": str(warning.period),
        "threshold": _plain(warning.threshold),
        "months": warning.months,
        "points": _plain(warning.points),
    }


def _total(values: Sequence[Decimal]) -> Decimal:
    """Points added up, exactly."""
    with localcontext(EXACT_CONTEXT):
        return sum(values, ZERO)


def _pounds(values: Sequence[Decimal]) -> Decimal:
    """Amounts (each already whole pence) added up: exact, written to the penny."""
    return to_pennies(_total(values))


@attrs.frozen
class Payment:
    """What is paid for ``period``: one :class:`PeriodPayment` per payment period in it.

    Every total is the exact sum of its periods' figures, and each period's
    deduction the sum of its lines, capped. ``warnings`` are the thresholds
    reached in the periods asked for; ``provisional`` is true when a measure
    named in a line had no reading in some period. ``notes`` name each reading
    that is there but cannot be used (a quarter's reading of a measure whose
    line applies month by month), and each line's measure with readings for
    some of the months (or quarters) its value needs but not all, as warnings.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/fm-2024-25.contract")
    >>> readings = pc.Readings.from_csv("examples/fm-2024-25-readings.csv")
    >>> year = contract.payment(readings, period="2024/25")
    >>> len(year.by_period), year.total_charge, year.total_deduction, year.payment
    (12, Decimal('5040000.00'), Decimal('83100.00'), Decimal('4956900.00'))
    >>> year.total_deduction == sum(month.deduction for month in year.by_period)
    True

    ```
    """

    contract: str
    period: Period
    by_period: tuple[PeriodPayment, ...]
    authority: str | None = None
    #: What was said of the readings without a refusal: a reading for a longer period
    #: than a line applies over (a quarter's, under a monthly charge), which is not used;
    #: a line's measure with no value for a gap in its readings.
    notes: tuple[Diagnostic, ...] = ()

    def __repr__(self) -> str:
        name = shorten(one_line(self.contract), 60)
        return (
            f"<Payment of {name!r} for {self.period}: deduction {self.total_deduction},"
            f" payment {self.payment}>"
        )

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import payment_html

        return payment_html(self)

    @property
    def lines(self) -> tuple[PaymentLine, ...]:
        """Every line of every payment period, period by period."""
        return tuple(line for p in self.by_period for line in p.lines)

    @property
    def total_charge(self) -> Decimal:
        """The charges of the periods added up."""
        return _pounds([p.charge for p in self.by_period])

    @property
    def total_points(self) -> Decimal:
        """The service failure points of the periods added up."""
        return _total([p.points for p in self.by_period])

    @property
    def total_credits(self) -> Decimal:
        """The service credits of the periods added up (before any cap)."""
        return _pounds([p.credits for p in self.by_period])

    @property
    def total_points_deduction(self) -> Decimal:
        """The points' deductions of the periods added up (before any cap)."""
        return _pounds([p.points_deduction for p in self.by_period])

    @property
    def deduction_before_cap(self) -> Decimal:
        """The periods' deductions before their caps, added up."""
        return _pounds([p.deduction_before_cap for p in self.by_period])

    @property
    def total_deduction(self) -> Decimal:
        """The periods' deductions after their caps, added up."""
        return _pounds([p.deduction for p in self.by_period])

    @property
    def payment(self) -> Decimal:
        """The total charge less the total deduction: what the provider is paid."""
        return _pounds([p.payment for p in self.by_period])

    @property
    def warnings(self) -> tuple[PaymentWarning, ...]:
        """Every warning threshold reached in the periods asked for, in period order."""
        return tuple(w for p in self.by_period for w in p.warnings)

    @property
    def missing(self) -> tuple[tuple[Period, str], ...]:
        """(period, measure) for each measure named in a line that had no reading."""
        return tuple((p.period, m) for p in self.by_period for m in p.missing)

    @property
    def no_cases(self) -> tuple[tuple[Period, str], ...]:
        """(period, measure) for each ratio measure named in a line whose denominator was 0:
        No data for want of cases, not of readings, so nothing is deducted and the payment
        is not provisional for it.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.loads('''contract "Highways" { reporting monthly group "Defects" {
        ...     measure HM1 "Cat 1 potholes made safe in 24 hours" { unit percent
        ...         higher is better numerator HM1N denominator HM1D target 98% tolerance 95% }
        ...     volumetric HM1N "Made safe in 24 hours" { unit count }
        ...     volumetric HM1D "Reported" { unit count } }
        ...     payment { charge £250k monthly  credit HM1 2% outside tolerance } }''')
        >>> june = contract.payment({"HM1N": 0, "HM1D": 0}, period="2024-06")
        >>> [(str(period), measure) for period, measure in june.no_cases]
        [('2024-06', 'HM1')]
        >>> june.provisional, june.missing, june.total_deduction
        (False, (), Decimal('0.00'))

        ```
        """
        return tuple((p.period, m) for p in self.by_period for m in p.no_cases)

    @property
    def provisional(self) -> bool:
        """Whether any period is provisional (a measure named in a line had no reading)."""
        return any(p.provisional for p in self.by_period)

    def to_records(self) -> list[dict[str, Any]]:
        """One record per payment period, as :meth:`PeriodPayment.to_record`."""
        return [p.to_record() for p in self.by_period]

    def to_text(self, *, lines: bool = False) -> str:
        """A table of the payment periods for a terminal (and each line, with ``lines``)."""
        from perfcontract.render.payment import payment_text

        return payment_text(self, lines=lines)

    def to_markdown(self, *, lines: bool = False) -> str:
        """The same table in Markdown."""
        from perfcontract.render.payment import payment_markdown

        return payment_markdown(self, lines=lines)

    def to_json(self, *, lines: bool = False) -> str:
        """The payment as JSON: every amount an exact decimal string."""
        from perfcontract.render.payment import payment_json

        return payment_json(self, lines=lines)

    def to_csv(self, *, lines: bool = False) -> str:
        """A CSV row per payment period (or, with ``lines``, per line)."""
        from perfcontract.render.payment import payment_csv

        return payment_csv(self, lines=lines)


# ---------------------------------------------------------------------------
# Working it out


def payment(
    contract: Contract,
    readings: Readings | ResolvedReadings | Mapping[str, Any],
    period: PeriodLike,
    authority: str | None = None,
) -> Payment:
    """The payment for ``period`` under ``contract``'s ``payment`` block.

    ``period`` is one payment period or longer (a year of monthly payments
    is its twelve months). For each payment period each line applies by its
    measure's status in that period, or per unit of its reading (``each``).
    A measure reported less often than the charge is paid (a quarterly
    measure under a monthly charge) counts in the payment period that ends
    its own reporting period. Warnings count the points of the months before
    ``period`` too, as far back as the longest window, where there are
    readings for them.

    ```pycon
    >>> import perfcontract as pc
    >>> contract = pc.load("examples/fm-2024-25.contract")
    >>> payment(contract, {"CS1": 89, "SD1": 2}, "2024-12").provisional
    True

    ```
    """
    from perfcontract.evaluation import (
        _checked_against,
        _one_authority,
        _resolved,
        _Table,
    )  # numpy: only when paying

    terms = contract.payment_mechanism
    if terms is None:
        raise ContractError(  # not the readings' fault, nor a period's
            [
                Diagnostic(
                    f"the contract {quoted(contract.name)} has no `payment` block",
                    source=contract.source,
                    hint="add a `payment { … }` block with its charge and deduction lines",
                )
            ]
        )
    at = Period.parse(period, year_start=contract.year_start)
    kind = terms.frequency.period_kind
    too_short = _shorter_than_paid(at, terms)
    if too_short is not None:
        raise PeriodError([too_short])
    resolved = _resolved(readings, contract, at, authority)
    _checked_against(resolved, contract, "pay")
    authority = _one_authority(resolved, authority)

    periods = at.parts(kind)
    back = max((w.months for w in terms.warnings), default=kind.span) // kind.span - 1
    earlier = [periods[0].shift(-n) for n in range(back, 0, -1)]
    every = [*earlier, *periods]
    measures = [contract[mid] for mid in terms.measures]
    rated = (_rated_over(m, p, kind.span) for m in measures for p in every)
    wanted = list(dict.fromkeys([*every, *(q for q in rated if q is not None)]))
    table = _Table(contract, resolved, wanted, authority)
    row = {m.id: i for i, m in enumerate(table.measures)}

    def reading(measure: Measure, p: Period) -> tuple[bool, Status | None, Decimal | None, Terms]:
        """Whether the measure counts in payment period ``p``; its status and value there,
        and the target and tolerance it was rated against."""
        q = _rated_over(measure, p, kind.span)
        if q is None:
            return False, None, None, _NO_TERMS
        m, c = row[measure.id], table.column[q]
        if not table.due[m, c]:
            return False, None, None, _NO_TERMS
        value = float(table.values[m, c])
        if value != value:  # NaN: no reading, or a ratio with no cases
            return True, Status.NO_DATA, None, _NO_TERMS
        return (
            True,
            table.status(m, c),
            _exact(value),
            (table.targets[m][c], table.tolerances[m][c]),
        )

    def without_cases(measure: Measure, p: Period) -> bool:
        """Whether the measure is a ratio whose denominator is 0 where it counts in ``p``."""
        q = _rated_over(measure, p, kind.span)
        return q is not None and bool(table.no_cases[row[measure.id], table.column[q]])

    found: list[PeriodPayment] = []
    points_in: list[Decimal] = []
    gaps: dict[tuple[str, Period], Measure] = {}  # (measure, period rated over) with no reading
    unread: list[list[str]] = []  # each period's points lines with no reading
    started: int | None = None  # the first period with a reading of any line's measure
    fractions: list[Diagnostic] = []  # `each` lines whose measure's value is not whole
    for p in every:
        asked = p in periods
        charge = terms.charge_at(p) if asked else ZERO
        if charge is not None:
            charge = to_pennies(charge)
        if asked and charge is None:
            first = terms.charges[0].start
            raise PeriodError(
                [
                    Diagnostic(
                        f"no charge is in force in {p.label}: the first charge starts in {first}",
                        source=contract.source,
                        hint="ask for a period the contract's charges cover",
                    )
                ]
            )
        value_of_point = terms.point_value_at(p)
        lines: list[PaymentLine] = []
        missing: list[str] = []
        caseless: list[str] = []
        unread_here: list[str] = []
        with localcontext(EXACT_CONTEXT):
            for deduction in terms.deductions:
                measure = contract[deduction.measure]
                counts, status, value, rated_against = reading(measure, p)
                if not counts:
                    continue
                own = _rated_over(measure, p, kind.span)
                assert own is not None  # it counts in p
                longer = None if own == p else own
                if value is None:
                    # No cases (0 of 0) is No data too, but nothing can fail and nothing
                    # is to come; otherwise a reading is missing.
                    caseless_here = without_cases(measure, p)
                    if caseless_here:
                        if deduction.measure not in caseless:
                            caseless.append(deduction.measure)
                    else:
                        if deduction.measure not in missing:
                            missing.append(deduction.measure)
                        if asked:
                            gaps.setdefault((measure.id, own), measure)
                        if deduction.kind == _POINTS:
                            unread_here.append(measure.id)
                    lines.append(
                        PaymentLine(
                            p,
                            measure.id,
                            deduction.kind,
                            status,
                            None,
                            None,
                            ZERO,
                            NO_POUNDS,
                            shown=_NO_CASES if caseless_here else "",
                            over=longer,
                            no_cases=caseless_here,
                        )
                    )
                    continue
                if deduction.each is not None and value != value.to_integral_value():
                    fractions.append(_fraction_of_a_unit(measure, deduction, own, value, contract))
                    continue
                rate = deduction.each if deduction.each is not None else deduction.rate_for(status)
                units = value if deduction.each is not None else Decimal(1)
                points = ZERO
                amount = NO_POUNDS
                if rate is not None and deduction.kind == _POINTS:
                    points = rate * units
                    if value_of_point is None and asked:
                        raise PeriodError([_no_point_value(p, terms, contract.source)])
                    amount = to_pennies(points * (value_of_point or ZERO))
                elif rate is not None:
                    assert charge is not None
                    amount = to_pennies(charge * rate / HUNDRED * units)
                lines.append(
                    PaymentLine(
                        p,
                        measure.id,
                        deduction.kind,
                        status,
                        value,
                        rate,
                        points,
                        amount,
                        shown=format_value(value, measure, rated_against=rated_against),
                        over=longer,
                    )
                )
            points_in.append(_total([line.points for line in lines]))
            unread.append(unread_here)
            if started is None and any(not line.no_data for line in lines):
                started = len(points_in) - 1
            if not asked:
                continue
            assert charge is not None
            credits = _pounds([x.amount for x in lines if x.kind == _CREDIT])
            by_points = _pounds([x.amount for x in lines if x.kind == _POINTS])
            before = credits + by_points
            cap = terms.cap_for(charge)
            deduction_total = before if cap is None else min(before, cap)
            index = len(points_in) - 1
            reached = []
            for threshold in terms.warnings:
                size = threshold.months // kind.span
                over = _total(points_in[max(0, index - size + 1) : index + 1])
                if over >= threshold.points:
                    reached.append(
                        PaymentWarning(
                            p, threshold.points, threshold.months, over, quarters=threshold.quarters
                        )
                    )
            found.append(
                PeriodPayment(
                    period=p,
                    charge=charge,
                    points=points_in[-1],
                    credits=credits,
                    points_deduction=by_points,
                    deduction_before_cap=before,
                    cap=cap,
                    deduction=deduction_total,
                    payment=charge - deduction_total,
                    lines=tuple(lines),
                    warnings=tuple(reached),
                    missing=tuple(missing),
                    no_cases=tuple(caseless),
                )
            )
    if fractions:
        raise PeriodError(fractions)
    notes = _unused_readings(resolved, authority, gaps)
    notes += _windows_with_gaps(found, every, unread, started, terms, kind.span)
    # A line's measure with no value where it counts may be so for a gap in its readings.
    gapped: dict[Period, set[str]] = {}
    for measure_id, own in gaps:
        gapped.setdefault(own, set()).add(measure_id)
    notes += tuple(note for own, ids in gapped.items() for note in table.gap_warnings(own, ids))
    return Payment(contract.name, at, tuple(found), authority, notes)


_NO_TERMS: Terms = (None, None)  # a reading not rated: no terms to show it against
_NO_CASES = "no cases"  # a line's reading, for a ratio whose denominator is 0

_NOUNS = {
    PeriodKind.MONTH: "month",
    PeriodKind.QUARTER: "quarter",
    PeriodKind.HALF: "half year",
    PeriodKind.YEAR: "year",
}
_LONGER = (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)


def _unused_readings(
    resolved: ResolvedReadings,
    authority: str | None,
    gaps: Mapping[tuple[str, Period], Measure],
) -> tuple[Diagnostic, ...]:
    """A warning for each reading of a longer period than a line applies over (a quarter's,
    when the line applies month by month) that is there while the line's own periods in it
    have none: it cannot say which of them failed, so it is not used, and it is named.

    ``gaps`` are the (measure, period its line is rated over) that had no reading.
    """
    unused: dict[tuple[str, Period], tuple[Measure, list[Period]]] = {}
    for (_, rated), measure in gaps.items():
        ids = measure.components if measure.is_ratio else (measure.id,)
        for kind in _LONGER:
            longer = rated.within(kind) if kind.span > rated.span else None
            held = [
                i for i in ids if longer is not None and _finite(resolved.get(i, longer, authority))
            ]
            if longer is not None and held:
                unused.setdefault((held[0], longer), (measure, []))[1].append(rated)
                break
    notes = []
    for (held_by, longer), (measure, rated_over) in unused.items():
        one = _NOUNS[rated_over[0].kind]
        line = "its line" if held_by == measure.id else f"{measure.id}'s line"
        notes.append(
            Diagnostic(
                f"{held_by} has a reading for {longer.label}, but none for"
                f" {_listed([p.label for p in rated_over])}: {line} applies {one} by {one},"
                f" and a {_NOUNS[longer.kind]}'s reading does not give each {one}'s, so it"
                " is not used",
                source="<readings>",
                hint=f"give {held_by}'s reading for each {one}"
                + ("" if rated_over[0].span == 1 else ", or for each of its months")
                + "; the payment is provisional until then",
                severity="warning",
            )
        )
    return tuple(notes)


def _windows_with_gaps(
    found: Sequence[PeriodPayment],
    every: Sequence[Period],
    unread: Sequence[Sequence[str]],
    started: int | None,
    terms: PaymentMechanism,
    span: int,
) -> tuple[Diagnostic, ...]:
    """A warning for each points line with no reading in a period before those asked for,
    inside the window of a warning not reached: its points count as none, so the warning
    might be reached once the reading comes. (Periods in the window before the readings
    start have none to give, as the docs say, and in the periods asked for a missing
    reading makes the payment provisional already.)"""
    asked = len(every) - len(found)
    notes: dict[tuple[str, Period], Diagnostic] = {}
    if started is None:  # no line's measure has a reading at all
        return ()
    for index, paid in enumerate(found, start=asked):
        reached = {(w.threshold, w.months) for w in paid.warnings}
        for threshold in terms.warnings:
            if (threshold.points, threshold.months) in reached:
                continue
            first = max(index - threshold.months // span + 1, started)
            for before in range(first, min(index, asked)):
                for measure in unread[before]:
                    gap = every[before]
                    notes.setdefault(
                        (measure, gap),
                        Diagnostic(
                            f"{measure} has no reading for {gap.label}, in the window of the"
                            f" warning at {threshold.points:,} points in"
                            f" {threshold.window} for {paid.period.label}: its"
                            " points there count as none,"
                            " and the warning is not reached with the points there are",
                            source="<readings>",
                            hint=f"give {measure}'s reading for {gap.label}",
                            severity="warning",
                        ),
                    )
    return tuple(notes.values())


def _finite(value: float | None) -> bool:
    """Whether a reading is a number (None: no row; NaN: a row that says it is missing)."""
    return value is not None and math.isfinite(value)


def _listed(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _shorter_than_paid(at: Period, terms: PaymentMechanism) -> Diagnostic | None:
    """The problem with asking for the payment of ``at``, a period shorter than the one the
    charge is paid for (a month of a quarterly charge); None if there is none."""
    kind = terms.frequency.period_kind
    if at.span >= kind.span:
        return None
    return Diagnostic(
        f"the charge is paid {terms.frequency.value}, so there is no payment for {at.label} alone",
        hint=f"ask for a {kind.value} or longer",
    )


def _fraction_of_a_unit(
    measure: Measure, line: Deduction, own: Period, value: Decimal, contract: Contract
) -> Diagnostic:
    """The problem with an ``each`` line whose measure's value over ``own`` is not a whole
    number of units: a count rolled up by its mean (a reading of a count is always whole)."""
    where = line.position
    how = measure.aggregate.value
    why = f" (it is a mean, by {measure.id}'s `aggregate {how}`)" if how == "mean" else ""
    return Diagnostic(
        f"{measure.id}'s value for {own.label} is {float(value):g}, not a whole number of units"
        f"{why}, but `{line}` counts whole units",
        source=contract.source,
        line=None if where is None else where.line,
        column=None if where is None else where.column,
        hint=f"give {measure.id} `aggregate sum` (a count's default) to add up its months, or a"
        f" reading for {own.label} itself",
    )


def _no_point_value(p: Period, terms: PaymentMechanism, source: str) -> Diagnostic:
    first = terms.point_values[0].start
    return Diagnostic(
        f"no point value is in force in {p.label}: the first starts in {first}",
        source=source,
        hint="ask for a period the contract's point values cover",
    )


def _exact(value: float) -> Decimal:
    """A reading as the decimal it was written as: ``3`` for 3.0, ``92.5`` for 92.5."""
    exact = Decimal(repr(value))
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact


def _rated_over(measure: Measure, p: Period, months: int) -> Period | None:
    """The period whose status a measure brings to payment period ``p`` (``months`` long):
    ``p`` itself, or the measure's own longer reporting period when ``p`` ends it."""
    own = measure.frequency.months
    if own <= months:
        return p
    longer = p.within(measure.frequency.period_kind)
    if longer is None or longer.last_month != p.last_month:
        return None
    return longer
