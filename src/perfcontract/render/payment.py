"""A payment, written out: text for a terminal, Markdown, JSON, CSV, and the report's section.

Every amount is money to the penny (``£4,175,250.00`` in text, Markdown and
HTML; ``4175250.00`` in JSON and CSV, exact decimal strings), points as
numbers (``1,070`` in text, Markdown and HTML, as counts are shown; ``1070``
in JSON and CSV). Names are escaped for their format: text on one line with
control characters shown as �, Markdown with its markup escaped, CSV cells
neutralised against spreadsheet formulas, HTML escaped.

```pycon
>>> import perfcontract as pc
>>> contract = pc.load("examples/fm-2024-25.contract")
>>> readings = pc.Readings.from_csv("examples/fm-2024-25-readings.csv")
>>> print(contract.payment(readings, period="2024-05").to_text())
Riverside Council facilities management: payment for 2024-05 (monthly)
Period        Charge  Points  Credits  Points £  Before cap  Deduction      Payment
2024-05  £420,000.00       5    £0.00   £750.00     £750.00    £750.00  £419,250.00
<BLANKLINE>

```
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from perfcontract._csvtext import write_csv
from perfcontract._escape import column_width, markdown_cell, markdown_text, one_line
from perfcontract.model import _grouped, _plain
from perfcontract.money import format_money

if TYPE_CHECKING:
    from perfcontract.payment import Payment, PaymentLine, PeriodPayment
    from perfcontract.periods import Period

__all__ = [
    "payment_csv",
    "payment_html",
    "payment_json",
    "payment_markdown",
    "payment_text",
]

_HEADINGS = (
    "Period",
    "Charge",
    "Points",
    "Credits",
    "Points £",
    "Before cap",
    "Deduction",
    "Payment",
)
_LINE_HEADINGS = ("Period", "Measure", "Line", "Status", "Reading", "Rate", "Points", "Amount")


def _money(amount: Decimal) -> str:
    return format_money(amount, full=True)


def _row(p: PeriodPayment) -> list[str]:
    return [
        str(p.period),
        _money(p.charge),
        _grouped(p.points),
        _money(p.credits),
        _money(p.points_deduction),
        _money(p.deduction_before_cap),
        _money(p.deduction) + (" (capped)" if p.capped else ""),
        _money(p.payment),
    ]


def _total_row(pay: Payment) -> list[str]:
    capped = pay.total_deduction < pay.deduction_before_cap
    return [
        "Total",
        _money(pay.total_charge),
        _grouped(pay.total_points),
        _money(pay.total_credits),
        _money(pay.total_points_deduction),
        _money(pay.deduction_before_cap),
        _money(pay.total_deduction) + (" (capped)" if capped else ""),
        _money(pay.payment),
    ]


def _rate(line: PaymentLine) -> str:
    if line.rate is None:
        return ""
    return _grouped(line.rate) + ("%" if line.kind == "credit" else "")


def _line_row(line: PaymentLine) -> list[str]:
    return [
        str(line.period),
        line.measure,
        line.kind,
        "" if line.status is None else line.status.label,
        line.shown,
        _rate(line),
        _grouped(line.points),
        _money(line.amount),
    ]


def _caption(pay: Payment, frequency: str) -> str:
    return f"payment for {pay.period.label} ({frequency})"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _frequency(pay: Payment) -> str:
    periods = pay.by_period
    months = periods[0].period.span if periods else 1
    return {1: "monthly", 3: "quarterly", 12: "annually"}.get(months, "")


def _notes(pay: Payment) -> list[str]:
    """The warnings reached, the missing readings, the ratios with no cases and the notes on
    the readings, in words."""
    notes = [f"Warning reached: {w}" for w in pay.warnings]
    if pay.provisional:
        over = _rated_over(pay)
        missing = ", ".join(_gap(m, p, over.get((p, m))) for p, m in pay.missing)
        notes.append(f"Provisional: no reading for {missing}")
    if pay.no_cases:
        over = _rated_over(pay, no_cases=True)
        named = ", ".join(_named(m, p, over.get((p, m))) for p, m in pay.no_cases)
        notes.append(f"No cases (denominator 0), so nothing deducted: {named}")
    notes += [f"Note: {note.message} ({note.hint})" for note in pay.notes]
    return notes


def _rated_over(pay: Payment, no_cases: bool = False) -> dict[tuple[Period, str], Period | None]:
    """Each missing reading's (payment period, measure), or with ``no_cases`` each ratio's
    with no cases, and the longer period the measure is rated over when it counts in that
    payment period at the end of it (else None)."""
    return {
        (x.period, x.measure): x.over for x in pay.lines if (x.no_cases if no_cases else x.no_data)
    }


def _missing_records(pay: Payment, no_cases: bool = False) -> list[dict[str, str]]:
    """The missing readings for the JSON (with ``no_cases``, the ratios with no cases): the
    payment period, the measure and, for a measure rated over a longer period that counts
    in this one, that period (``over``)."""
    over = _rated_over(pay, no_cases)
    records = []
    for paid, measure in pay.no_cases if no_cases else pay.missing:
        record = {"period": str(paid), "measure": measure}
        longer = over.get((paid, measure))
        if longer is not None:
            record["over"] = str(longer)
        records.append(record)
    return records


def _named(measure: str, paid: Period, over: Period | None) -> str:
    """A measure in payment period ``paid``, named by the period it is rated over (its own
    quarter, for a quarterly measure under a monthly charge)."""
    rated = paid if over is None else over
    return f"{measure} in {rated}" + ("" if over is None else f", counted in {paid}")


def _gap(measure: str, paid: Period, over: Period | None) -> str:
    """A measure with no reading in payment period ``paid``, named by the period it is rated
    over, and what would fill it."""
    rated = paid if over is None else over
    where = _named(measure, paid, over)
    return where + ("" if rated.span == 1 else " (its own, or one for each of its months)")


def _table(rows: Sequence[Sequence[str]], left: int) -> list[str]:
    """Rows as aligned text columns: the first ``left`` columns to the left, the rest right."""
    widths = [column_width(row[i] for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(widths[i]) if i < left else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def payment_text(pay: Payment, *, lines: bool = False) -> str:
    """A table of the payment periods (a total row when there are several), the warnings
    reached, what is missing, and with ``lines`` every line."""
    out = [f"{one_line(pay.contract)}: {_caption(pay, _frequency(pay))}"]
    rows = [list(_HEADINGS), *(_row(p) for p in pay.by_period)]
    if len(pay.by_period) > 1:
        rows.append(_total_row(pay))
    out += _table(rows, 1)
    notes = _notes(pay)
    if notes:
        out += ["", *(one_line(note) for note in notes)]
    if lines:
        line_rows = [list(_LINE_HEADINGS)]
        line_rows += [[one_line(c) for c in _line_row(x)] for x in pay.lines]
        out += ["", *_table(line_rows, 4)]
    return "\n".join(out) + "\n"


def payment_markdown(pay: Payment, *, lines: bool = False) -> str:
    """The same as :func:`payment_text`, as Markdown tables, every name escaped."""
    out = [f"**{markdown_text(pay.contract)}**: {_caption(pay, _frequency(pay))}", ""]
    out += _markdown_table(pay)
    notes = _notes(pay)
    if notes:
        out += ["", *(f"- {markdown_text(note)}" for note in notes)]
    if lines:
        out += ["", "| " + " | ".join(_LINE_HEADINGS) + " |", "|---|---|---|---|--:|--:|--:|--:|"]
        out += ["| " + " | ".join(markdown_cell(c) for c in _line_row(x)) + " |" for x in pay.lines]
    return "\n".join(out) + "\n"


def _markdown_table(pay: Payment) -> list[str]:
    out = ["| " + " | ".join(_HEADINGS) + " |", "|---|" + "--:|" * (len(_HEADINGS) - 1)]
    rows = [_row(p) for p in pay.by_period]
    if len(pay.by_period) > 1:
        rows.append([f"**{c}**" for c in _total_row(pay)])
    out += [
        "| " + " | ".join(markdown_cell(c) if "**" not in c else c for c in r) + " |" for r in rows
    ]
    return out


def _totals(pay: Payment) -> dict[str, Any]:
    return {
        "charge": str(pay.total_charge),
        "points": _plain(pay.total_points),
        "credits": str(pay.total_credits),
        "points_deduction": str(pay.total_points_deduction),
        "deduction_before_cap": str(pay.deduction_before_cap),
        "deduction": str(pay.total_deduction),
        "payment": str(pay.payment),
    }


def payment_json(pay: Payment, *, lines: bool = False) -> str:
    """The payment as a JSON object: totals, one record per period, warnings, what is
    missing, the ratios with no cases and the readings not used (every amount an exact
    decimal string); with ``lines`` every line too."""
    record: dict[str, Any] = {
        "contract": pay.contract,
        "period": str(pay.period),
        "authority": pay.authority,
        "provisional": pay.provisional,
        "total": _totals(pay),
        "periods": pay.to_records(),
        "warnings": [
            {
                "period": str(w.period),
                "threshold": _plain(w.threshold),
                "months": w.months,
                "points": _plain(w.points),
            }
            for w in pay.warnings
        ],
        "missing": _missing_records(pay),
        "no_cases": _missing_records(pay, no_cases=True),
        "notes": [
            {"severity": note.severity, "message": note.message, "hint": note.hint}
            for note in pay.notes
        ],
    }
    if lines:
        record["lines"] = [line.to_record() for line in pay.lines]
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


_CSV_HEADINGS = (
    "period",
    "charge",
    "points",
    "credits",
    "points_deduction",
    "deduction_before_cap",
    "cap",
    "deduction",
    "payment",
    "warnings",
    "provisional",
)


def payment_csv(pay: Payment, *, lines: bool = False) -> str:
    """A CSV row per payment period (with ``lines``, per line), amounts as exact decimals."""
    if lines:
        rows: list[list[object]] = [
            ["period", "measure", "kind", "status", "value", "rate", "points", "amount"]
        ]
        rows += [list(line.to_record().values()) for line in pay.lines]
        return write_csv(rows)
    rows = [list(_CSV_HEADINGS)]
    for p in pay.by_period:
        record = p.to_record()
        rows.append(
            [
                *(record[k] for k in _CSV_HEADINGS[:9]),
                "; ".join(f"{_plain(w.threshold)} in {w.window}" for w in p.warnings),
                "yes" if p.provisional else "no",
            ]
        )
    return write_csv(rows)


def payment_html(pay: Payment | None, note: str) -> str:
    """The report's payment section: the table of payment periods, warnings and gaps."""
    from perfcontract.render.tables import escape

    parts = ['<section id="payment"><h2>Payment</h2>']
    if pay is None:
        parts.append(f"<p>{escape(note)}</p></section>")
        return "".join(parts)
    parts.append(f"<p>{escape(_upper_first(_caption(pay, _frequency(pay))))}.</p>")
    head = "".join(f"<th>{escape(h)}</th>" for h in _HEADINGS)
    rows = [_row(p) for p in pay.by_period]
    if len(pay.by_period) > 1:
        rows.append(_total_row(pay))
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(c)}</td>" if i else f'<th scope="row">{escape(c)}</th>'
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    parts.append(
        f'<table class="summary payment"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
    notes = _notes(pay)
    if notes:
        parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def payment_markdown_section(pay: Payment | None, note: str) -> list[str]:
    """The report's payment section in Markdown, as lines."""
    out = ["## Payment", ""]
    if pay is None:
        return [*out, markdown_text(note), ""]
    out += [markdown_text(_upper_first(_caption(pay, _frequency(pay)))) + ".", ""]
    out += _markdown_table(pay)
    notes = _notes(pay)
    if notes:
        out += ["", *(f"- {markdown_text(n)}" for n in notes)]
    return [*out, ""]
