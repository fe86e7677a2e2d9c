"""HTML for notebooks: what Jupyter shows for a contract, a measure, a result, a report, a payment.

Each is a ``<div class="perfcontract-nb">`` holding the report's stylesheet,
every rule scoped to that ``div`` so that the notebook around it keeps its
own look, and no script. Every name is escaped, and a control character in
one is written as U+FFFD (�).

```pycon
>>> import perfcontract as pc
>>> contract = pc.loads('contract "<b>Demo</b>" { group "G" { volumetric V1 "Calls" {'
...                      ' unit count } } }')
>>> html = contract._repr_html_()
>>> "&lt;b&gt;Demo&lt;/b&gt;" in html, "<b>" in html, "<script" in html
(True, False, False)

```
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from perfcontract._escape import without_controls
from perfcontract.render import format_term, format_value, term_text
from perfcontract.render.tables import escape, result_badge
from perfcontract.terms import Band

if TYPE_CHECKING:
    from perfcontract.evaluation import MeasureResult
    from perfcontract.model import Contract, Group, Measure
    from perfcontract.payment import Payment
    from perfcontract.periods import Period
    from perfcontract.report import Report

__all__ = [
    "contract_html",
    "group_html",
    "measure_html",
    "payment_html",
    "report_html",
    "result_html",
    "scoped_style",
    "styled",
]

SCOPE = ".perfcontract-nb"

_e = escape
_RULE = re.compile(r"(?:(?<=[{}])|^)(\s*)([^{}]+?)(\s*)\{")
_PAGE = re.compile(r"@page\s*\{[^}]*\}")


def scoped_style(css: str, scope: str = SCOPE) -> str:
    r"""``css`` with every selector inside ``scope``; ``:root``, ``body`` and ``*`` become it.

    A page's ``@page`` rule is dropped: a notebook is not printed page by page.

    ```pycon
    >>> print(scoped_style("body { margin: 0; }\nh1, .id { color: red; }\n@page { size: A4; }"))
    .perfcontract-nb { margin: 0; }
    .perfcontract-nb h1, .perfcontract-nb .id { color: red; }
    >>> print(scoped_style("@media print { p { margin: 0; } }"))
    @media print { .perfcontract-nb p { margin: 0; } }

    ```
    """

    def scope_rule(match: re.Match[str]) -> str:
        space, head, after = match.groups()
        if head.startswith("@"):
            return match.group(0)
        selectors = []
        for selector in (s.strip() for s in head.split(",")):
            if selector in (":root", "body"):
                selectors.append(scope)
            elif selector == "*":
                selectors.append(f"{scope}, {scope} *")
            else:
                selectors.append(f"{scope} {selector}")
        return f"{space}{', '.join(selectors)}{after}{{"

    return _RULE.sub(scope_rule, _PAGE.sub("", css))


@functools.cache
def _style() -> str:
    from perfcontract.render.html import STYLE

    return f"<style>{scoped_style(STYLE)}</style>"


def styled(body: str) -> str:
    """``body`` in a ``div`` of its own, with the report's stylesheet scoped to that ``div``.

    ```pycon
    >>> html = styled("<p>Hi</p>")
    >>> html.startswith('<div class="perfcontract-nb"><style>'), html.endswith("<p>Hi</p></div>")
    (True, True)

    ```
    """
    return without_controls(f'<div class="{SCOPE[1:]}">{_style()}{body}</div>')


def _when(start: Period | None) -> str:
    return "from the start" if start is None else f"from {start}"


def _term(value: object, measure: Measure) -> str:
    """A target or a tolerance in the measure's unit; a margin as the contract writes it."""
    if isinstance(value, (Decimal, Band)) or value is None:
        return format_term(value, measure)
    return str(value)


def _measure_rows(measure: Measure) -> str:
    contractual = measure.is_contractual
    target = _term(measure.targets[0].value, measure) if contractual and measure.targets else ""
    tolerance = ""
    if contractual and measure.tolerances:
        tolerance = _term(measure.tolerances[0].value, measure)
    later = len(measure.targets) > 1 or len(measure.tolerances) > 1
    dated = " (and dated terms)" if contractual and later else ""
    return (
        f'<tr><th scope="row" class="id">{_e(measure.id)}</th><td>{_e(measure.title)}</td>'
        f"<td>{_e(measure.unit)}</td>"
        f"<td>{_e(measure.polarity.value if contractual else 'volumetric')}</td>"
        f"<td>{_e(target)}</td><td>{_e(tolerance + dated)}</td></tr>"
    )


_MEASURE_HEAD = (
    '<thead><tr><th scope="col">Id</th><th scope="col">Measure</th><th scope="col">Unit</th>'
    '<th scope="col">Better</th><th scope="col">Target</th><th scope="col">Tolerance</th>'
    "</tr></thead>"
)


def group_html(group: Group) -> str:
    """A group's measures as a table, the group's name its caption."""
    rows = "".join(_measure_rows(m) for m in group.measures)
    return styled(
        f'<table class="measures"><caption>{_e(group.name)}</caption>'
        f"{_MEASURE_HEAD}<tbody>{rows}</tbody></table>"
    )


def contract_html(contract: Contract) -> str:
    """A contract: its name and parties, then a table of the measures of each group."""
    facts = [("Council", contract.council), ("Provider", contract.provider)]
    facts.append(("Reporting", contract.reporting.value))
    counts = f"{len(contract.contractual)} measures, {len(contract.volumetric)} volumetric"
    facts.append(("Measures", f"{counts}, in {len(contract.groups)} groups"))
    facts.append(("Risk share", "yes" if contract.risk_share is not None else "none"))
    facts.append(("Payment", "yes" if contract.payment_mechanism is not None else "none"))
    items = "".join(
        f"<div><dt>{_e(name)}</dt><dd>{_e(value)}</dd></div>"
        for name, value in facts
        if value is not None
    )
    tables = "".join(
        f'<table class="measures"><caption>{_e(group.name)}</caption>{_MEASURE_HEAD}'
        f"<tbody>{''.join(_measure_rows(m) for m in group.measures)}</tbody></table>"
        for group in contract.groups
    )
    return styled(f'<h3>{_e(contract.name)}</h3><dl class="facts">{items}</dl>{tables}')


def measure_html(measure: Measure) -> str:
    """A measure: its row as a contract shows it, and every dated target and tolerance."""
    terms: list[tuple[str, str, str]] = []
    if measure.is_contractual:
        for what, dated_terms in (("Target", measure.targets), ("Tolerance", measure.tolerances)):
            terms.extend((what, _when(t.start), _term(t.value, measure)) for t in dated_terms)
    dated = "".join(
        f"<tr><td>{_e(what)}</td><td>{_e(value)}</td><td>{_e(when)}</td></tr>"
        for what, when, value in terms
    )
    table = (
        '<table class="summary"><thead><tr><th scope="col">Term</th><th scope="col">Value</th>'
        f'<th scope="col">In force</th></tr></thead><tbody>{dated}</tbody></table>'
        if dated
        else ""
    )
    return styled(
        f'<table class="measures"><caption>{_e(measure.group)}</caption>{_MEASURE_HEAD}'
        f"<tbody>{_measure_rows(measure)}</tbody></table>{table}"
    )


def result_html(result: MeasureResult) -> str:
    """One measure's result: its value, status, target, tolerance and direction."""
    measure = result.measure
    terms = (result.target, result.tolerance)
    value = format_value(result.value, measure, rated_against=terms) if result.due else "—"
    previous = result.previous_value
    before = (result.previous_target, result.previous_tolerance)
    cells = [
        ("Period", str(result.period)),
        ("Value", value),
        ("Target", term_text(result.target, measure)),
        ("Tolerance", term_text(result.tolerance, measure)),
        (
            "Previous",
            "" if previous != previous else format_value(previous, measure, rated_against=before),
        ),
        ("Direction", result.direction.label),
    ]
    items = "".join(f"<div><dt>{_e(name)}</dt><dd>{_e(text)}</dd></div>" for name, text in cells)
    return styled(
        f'<div class="card grey"><h3><span class="id">{_e(measure.id)}</span> {_e(measure.title)}'
        f'</h3><p class="badges">{result_badge(result)}</p><dl class="figures">{items}</dl></div>'
    )


def report_html(report: Report) -> str:
    """The report's body, as the HTML page shows it, styled and without a script."""
    from perfcontract.render.html import report_body

    return styled(report_body(report))


def payment_html(pay: Payment) -> str:
    """The payment's contract, then its periods, warnings and gaps, as the report shows them."""
    from perfcontract.render.payment import payment_html as section

    return styled(f'<p class="kicker">{_e(pay.contract)}</p>{section(pay, "")}')
