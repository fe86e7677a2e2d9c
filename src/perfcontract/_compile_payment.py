"""From a ``payment`` block's clause records to a :class:`~perfcontract.payment.PaymentMechanism`.

The checks of the payment block, each problem reported at its clause through
the compiler's :class:`~perfcontract._compile._Assembler`, all of them in one
run with the rest of the contract's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from perfcontract._suggest import Suggester
from perfcontract._syntax import Block, Clause, Dated, Quantity, Span
from perfcontract.errors import shorten
from perfcontract.model import (
    Deduction,
    Measure,
    PaymentMechanism,
    Position,
    Reporting,
    Term,
    UnitKind,
    WarningThreshold,
    _plain,
    _window_words,
)
from perfcontract.periods import Period

if TYPE_CHECKING:
    from perfcontract._compile import _Assembler

__all__ = ["compile_payment"]

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAX_MONEY = Decimal(10) ** 15
MAX_POINTS = Decimal(10) ** 12
MAX_WINDOW_MONTHS = 1200  # a hundred years: longer than any contract
_STATUS_WORDS = ("inside tolerance", "outside tolerance")


def _position(span: Span) -> Position:
    return Position(span.line, span.column, span.end_line, span.end_column)


def compile_payment(
    assembler: _Assembler, block: Block, measures: Mapping[str, Measure]
) -> PaymentMechanism | None:
    """The payment mechanism a ``payment`` block states, or None when it has problems
    (each reported at its clause)."""
    before = len(assembler.problems)
    clauses = [c for c in block.items if isinstance(c, Clause)]
    by_kind: dict[str, list[Clause]] = {}
    for clause in clauses:
        by_kind.setdefault(clause.kind, []).append(clause)

    frequency, charges = _charges(assembler, by_kind.get("charge", []), block.span)
    deductions = _deductions(
        assembler, [c for c in clauses if c.kind in ("credit", "points")], measures
    )
    point_values = _point_values(assembler, by_kind.get("point value", []), frequency)
    points_lines = [c for c in clauses if c.kind == "points"]
    if points_lines and not by_kind.get("point value"):
        assembler.problem(
            points_lines[0].span,
            "this payment block gives points but no `point value`",
            "add the value of a point, as in `point value £150`",
        )
    cap_percent, cap_amount = _caps(assembler, by_kind.get("cap", []))
    warnings = _warnings(assembler, by_kind.get("warning", []), frequency, bool(points_lines))
    metadata = assembler.metadata(by_kind.get("metadata", []))
    if len(assembler.problems) > before or frequency is None:
        return None
    return PaymentMechanism(
        frequency=frequency,
        charges=charges,
        deductions=deductions,
        point_values=point_values,
        cap_percent=cap_percent,
        cap_amount=cap_amount,
        warnings=warnings,
        metadata=metadata,
        position=_position(block.span),
        year_start=assembler.year_start,
    )


def _money(assembler: _Assembler, q: Quantity, what: str, example: str) -> Decimal | None:
    """An amount of money in a payment clause: in pounds (``£`` may be left out, as in a
    risk share), not negative, whole pence."""
    percent = (f"{what} is an amount of money, not `{shorten(q.text)}`", f"write {example}")
    return assembler.amount(q, what, percent, kind="payment")


def _terms(kept: list[Dated[Decimal]]) -> tuple[Term[Decimal], ...]:
    return tuple(Term(t.value, t.start, _position(t.span), t.per_year) for t in kept)


def _charges(
    assembler: _Assembler, clauses: list[Clause], where: Span
) -> tuple[Reporting | None, tuple[Term[Decimal], ...]]:
    """The charges, dated, and how often they are paid (one frequency for all of them)."""
    if not clauses:
        assembler.problem(
            where,
            "the payment block gives no charge",
            "add the charge for each payment period, as in `charge £4.2m monthly`",
        )
        return None, ()
    frequency: Reporting | None = None
    first: Clause | None = None
    dated: list[Dated[Decimal]] = []
    for clause in clauses:
        q, paid = clause.args
        how = Reporting(paid.text)
        if first is None:
            frequency, first = how, clause
        elif how is not frequency:
            assert frequency is not None
            assembler.problem(
                paid.span,
                f"this charge is paid {how.value}, but the charge on line {first.span.line} is"
                f" paid {frequency.value}",
                f"every charge is for the same payment period: write each one `{frequency.value}`",
            )
            continue
        amount = _money(assembler, q, "a charge", "the charge in pounds, as in `charge £4.2m`")
        start = _start(assembler, clause, frequency, "charge")
        if amount is None or (clause.since is not None and start is None):
            continue
        dated.append(Dated(amount, start, clause.span, clause.per_year is not None))
    kept = assembler.series("charge", dated, "charge £… monthly")
    return frequency, _terms(kept)


def _start(
    assembler: _Assembler, clause: Clause, frequency: Reporting | None, what: str
) -> Period | None:
    """When a dated charge or point value starts (None if undated, or when it is wrong).

    A payment period's terms are those in force at its start, so a change part
    way through one would be silently left out of it: the start must be the
    first month of a payment period.
    """
    if clause.since is None:
        return None
    start = assembler.period(clause.since)
    if start is None or frequency is None:
        return start
    kind = frequency.period_kind
    paid = start.months()[0].within(kind)
    assert paid is not None  # a month is within a period of any kind
    if paid.first_month == start.first_month:
        return start
    assembler.problem(
        clause.since.span,
        f"the charge is paid {frequency.value}, so a dated {what} starts with a payment period,"
        f" but {start.label} is part way through the payment period {paid.label}",
        f"start it from {paid.label} or from {paid.next().label}: each payment period has one"
        f" {what}, the one in force at its start",
    )
    return None


def _point_values(
    assembler: _Assembler, clauses: list[Clause], frequency: Reporting | None
) -> tuple[Term[Decimal], ...]:
    dated: list[Dated[Decimal]] = []
    for clause in clauses:
        amount = _money(
            assembler, clause.args[0], "a point's value", "it in pounds, as in `point value £150`"
        )
        start = _start(assembler, clause, frequency, "point value")
        if amount is None or (clause.since is not None and start is None):
            continue
        dated.append(Dated(amount, start, clause.span))
    return _terms(assembler.series("point value", dated, "point value £…"))


def _deductions(
    assembler: _Assembler, clauses: list[Clause], measures: Mapping[str, Measure]
) -> tuple[Deduction, ...]:
    seen: dict[str, Span] = {}
    found: list[Deduction] = []
    suggest = Suggester(measures)
    for clause in clauses:
        word, *rates = clause.args
        mid = shorten(word.text)
        if not assembler.once(
            seen,
            f"{clause.kind} {word.text}",
            clause.span,
            f"`{clause.kind}` line for {mid}",
            f"give every rate for {mid} in one line, as in"
            f" `{clause.kind} {mid} {_example(clause.kind)}`",
        ):
            continue
        measure = measures.get(word.text)
        if measure is None:
            close = suggest(word.text)
            assembler.problem(
                word.span,
                f"unknown measure {mid} in a `{clause.kind}` line",
                f"did you mean {close}?" if close else "name a measure of this contract",
            )
        deduction = _rates(assembler, clause, rates, measure)
        if deduction is not None and measure is not None:
            found.append(deduction)
    return tuple(found)


def _example(kind: str) -> str:
    return (
        "0.5% inside tolerance, 1% outside tolerance" if kind == "credit" else "5 outside tolerance"
    )


def _rates(
    assembler: _Assembler, clause: Clause, rates: list[Clause], measure: Measure | None
) -> Deduction | None:
    kind = clause.kind
    mid = shorten(clause.args[0].text)
    by_status: dict[str, Decimal] = {}
    each: Decimal | None = None
    seen: dict[str, Span] = {}
    good = True
    for rate in rates:
        q: Quantity = rate.args[0]
        key = rate.args[1].text if rate.kind == "by status" else "each"
        mixed = "each" in seen if key != "each" else any(k != "each" for k in seen)
        if mixed:
            assembler.problem(
                rate.span,
                f"this `{kind}` line is both by status and per unit (`each`)",
                f"a line either applies by the measure's status or counts each unit of it:"
                f" give {mid} one or the other",
            )
            good = False
            continue
        if key in seen:
            assembler.problem(
                rate.span,
                f"`{key}` is given twice in this `{kind}` line",
                "give each status once, with its rate",
            )
            good = False
            continue
        seen[key] = rate.span
        value = _rate(assembler, kind, q)
        if value is None:
            good = False
            continue
        if key == "each":
            each = value
        else:
            by_status[key] = value
    if measure is None:
        return None
    if each is not None and measure.unit.kind is not UnitKind.COUNT:
        assembler.problem(
            clause.span,
            f"`each` counts the units of a count measure, but {mid} is {_unit_words(measure)}",
            f"give {mid} by status (`… outside tolerance`), or name a measure with `unit count`",
        )
        good = False
    if by_status and measure.is_volumetric:
        assembler.problem(
            clause.span,
            f"{mid} is volumetric, so it has no status for this `{kind}` line to apply by",
            "a volumetric measure is never rated: use `each` on a count, or make it a `measure`",
        )
        good = False
    if not good:
        return None
    return Deduction(
        kind,
        measure.id,
        inside=by_status.get("inside tolerance"),
        outside=by_status.get("outside tolerance"),
        each=each,
        position=_position(clause.span),
    )


def _rate(assembler: _Assembler, kind: str, q: Quantity) -> Decimal | None:
    if kind == "credit":
        if q.mark != "%":
            assembler.problem(
                q.span,
                f"a credit is a percentage of the period's charge, not `{shorten(q.text)}`",
                "write it with `%`, as in `credit CS1 1% outside tolerance`; a fixed sum per"
                " failure is written as points at a `point value`",
            )
            return None
        if not ZERO <= q.value <= HUNDRED:
            assembler.problem(q.span, f"a credit must be from 0% to 100%, not {shorten(q.text)}")
            return None
        return q.value
    if q.mark:
        assembler.problem(
            q.span,
            f"points are a number, not {'a percentage' if q.mark == '%' else 'an amount'}:"
            f" `{shorten(q.text)}`",
            "write the number of points, as in `points SL2 10 outside tolerance`; the value of a"
            " point is the `point value`",
        )
        return None
    if not ZERO <= q.value <= MAX_POINTS:
        assembler.problem(q.span, f"points must be from 0 to 10^12, not {shorten(q.text)}")
        return None
    return q.value


def _unit_words(measure: Measure) -> str:
    kind = measure.unit.kind
    return {
        UnitKind.PERCENT: "a percentage",
        UnitKind.MONEY: "an amount of money",
        UnitKind.YES_NO: "a yes/no",
        UnitKind.GRADE: "a grade",
        UnitKind.RATE: "a rate",
    }.get(kind, f"measured in {kind.value}")


def _caps(assembler: _Assembler, clauses: list[Clause]) -> tuple[Decimal | None, Decimal | None]:
    """The cap as a percentage of the charge, and as an amount: either, both or neither."""
    seen: dict[str, Span] = {}
    percent: Decimal | None = None
    amount: Decimal | None = None
    for clause in clauses:
        q: Quantity = clause.args[0]
        of_charge = len(clause.args) > 1
        if q.mark == "%" and not of_charge:
            assembler.problem(
                clause.span,
                "a cap as a percentage is a percentage of the charge",
                f"write `cap {shorten(q.text)} of charge`",
            )
        elif q.mark == "£" and of_charge:
            assembler.problem(
                clause.span,
                "a cap `of charge` is a percentage of the charge, not an amount",
                f"write `cap {shorten(q.text)}` for an amount, or `cap 10% of charge`",
            )
        elif not q.mark:
            assembler.problem(
                q.span,
                f"a cap is a percentage of the charge or an amount, not `{shorten(q.text)}`",
                "write `cap 10% of charge` or `cap £50k`",
            )
        elif q.mark == "%":
            if assembler.once(
                seen, "%", clause.span, "percentage cap", "give one `cap … of charge`"
            ):
                if ZERO <= q.value <= HUNDRED:
                    percent = q.value
                else:
                    assembler.problem(
                        q.span, f"a cap must be from 0% to 100% of the charge, not {q.text}"
                    )
        elif assembler.once(seen, "£", clause.span, "cap in pounds", "give one `cap £…`"):
            amount = _money(assembler, q, "a cap", "it in pounds, as in `cap £50k`")
    return percent, amount


def _warnings(
    assembler: _Assembler, clauses: list[Clause], frequency: Reporting | None, points: bool
) -> tuple[WarningThreshold, ...]:
    seen: dict[str, Span] = {}
    found: list[WarningThreshold] = []
    for clause in clauses:
        q, length, unit = clause.args
        if not points:
            assembler.problem(
                clause.span,
                "this warning counts points, but no `points` line gives any",
                "add a `points` line, or remove the warning",
            )
            continue
        if q.mark or q.value <= 0 or q.value > MAX_POINTS:
            assembler.problem(
                q.span,
                f"a warning's threshold is a number of points above 0, not `{shorten(q.text)}`",
                "write it as in `warning 250 points in 3 months`",
            )
            continue
        count = int(length.text) if len(length.text) <= 6 else MAX_WINDOW_MONTHS + 1
        quarters = unit.text.startswith("quarter")
        months = count * (3 if quarters else 1)
        if not 1 <= months <= MAX_WINDOW_MONTHS:
            assembler.problem(
                length.span,
                f"a warning's window is from 1 to {MAX_WINDOW_MONTHS} months, not"
                f" {shorten(length.text)} {unit.text}",
            )
            continue
        if frequency is not None and months % frequency.months:
            assembler.problem(
                length.span,
                f"the charge is paid {frequency.value}, so a window of"
                f" {_window_words(months, quarters)} does not cover whole payment periods",
                f"make the window a multiple of {frequency.months} months",
            )
            continue
        key = f"{q.value} {months}"
        what = f"warning ({_plain(q.value)} points in {_window_words(months)})"
        if assembler.once(seen, key, clause.span, what, "keep one of them"):
            where = _position(clause.span)
            found.append(WarningThreshold(q.value, months, where, quarters=quarters))
    return tuple(found)
