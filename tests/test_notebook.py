"""In a notebook: a short repr for every public class, styled HTML that escapes every name."""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import enum
import html.parser
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import perfcontract as pc
from perfcontract.render.notebook import scoped_style

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

HOSTILE = '<script>alert("x")</script> & <b onmouseover="y">'
LONG = "A very long title " * 40

DCST = pc.load(EXAMPLES / "dcst-2017-18.contract")
DCST_READINGS = pc.Readings.from_csv(EXAMPLES / "dcst-2017-18-readings.csv")
FM = pc.load(EXAMPLES / "fm-2024-25.contract")
FM_READINGS = pc.Readings.from_csv(EXAMPLES / "fm-2024-25-readings.csv")
COMMENTARY = pc.Commentary.read(EXAMPLES / "dcst-2017-18-commentary.md")


def hostile_contract(name: str) -> pc.Contract:
    """The payment example with ``name`` for the contract, a group and a measure's title."""
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    text = (EXAMPLES / "fm-2024-25.contract").read_text(encoding="utf-8")
    first_title = text.index('"', text.index("measure ")) + 1
    text = text[:first_title] + quoted + text[text.index('"', first_title) :]
    head = text.index('"') + 1
    return pc.loads(text[:head] + quoted + text[text.index('"', head) :])


def instances() -> dict[str, Any]:
    """One instance of every public class, the largest the examples give."""
    evaluation = DCST.evaluate(DCST_READINGS, period="2017/18 Q4")
    months = [f"2024-{m:02}" for m in range(4, 13)] + [f"2025-{m:02}" for m in range(1, 4)]
    report = pc.Report.build(DCST, DCST_READINGS, "2017/18 Q4", commentary=COMMENTARY)
    payment = FM.payment(FM_READINGS, period="2024/25")
    terms = DCST.risk_share
    assert terms is not None
    mechanism = FM.payment_mechanism
    assert mechanism is not None
    settlement = pc.settle(terms, outturn="£4.15m", projection="£2.99m")
    long_text = pc.Comment("A1", "2017/18 Q4", LONG, LONG)
    entry = next(e for e in report.entries if e.commentary)
    waste = pc.load(EXAMPLES / "waste-2024-25.contract")
    changing = pc.loads(
        'contract "c" { risk share { council 70% provider 30%'
        "  council 60% from 2018/19  provider 40% from 2018/19 } }"
    ).risk_share
    assert changing is not None
    objects: dict[str, Any] = {
        "Band": pc.Band(Decimal(2), Decimal(5)),
        "Benchmark": DCST["A1"].benchmarks[0],
        "BenchmarkComparison": next(r.benchmarks[0] for r in evaluation if r.benchmarks),
        "Comment": long_text,
        "Commentary": COMMENTARY,
        "Contract": DCST,
        "Deduction": mechanism.deductions[0],
        "Diagnostic": pc.Diagnostic("x" * 20, source="a.contract", line=1, column=1),
        "Evaluation": evaluation,
        "Evaluations": FM.evaluate(FM_READINGS, periods=months),
        "Exposure": pc.exposure(terms, np.linspace(-1e6, 5e6, 1000)),
        "Funding": settlement.lines[0],
        "Group": DCST.groups[0],
        "Margin": next(
            t.value for m in DCST for t in m.tolerances if isinstance(t.value, pc.Margin)
        ),
        "Measure": max(DCST, key=lambda m: len(m.title)),
        "MeasureResult": evaluation["A1"],
        "Metadata": DCST.metadata,
        "Payment": payment,
        "PaymentLine": payment.lines[0],
        "PaymentMechanism": mechanism,
        "PaymentWarning": FM.payment(FM_READINGS, period="2024/25").warnings[0],
        "Period": pc.Period.parse("2017/18 Q4"),
        "PeriodPayment": payment.by_period[0],
        "Position": DCST.position,
        "Reading": next(iter(DCST_READINGS)),
        "Readings": DCST_READINGS,
        "Report": report,
        "ReportEntry": entry,
        "ResolvedReadings": DCST_READINGS.resolve(DCST),
        "RiskShare": terms,
        "Season": waste["WS1"].season,
        "Settlement": settlement,
        "ShareChange": changing.changes[0],
        "ShareBand": terms.bands[0],
        "Split": terms.split("£1.35m"),
        "Summary": evaluation.summary(),
        "SummaryRow": evaluation.summary().rows[0],
        "Term": DCST["A1"].targets[0],
        "Thresholds": pc.Thresholds(*(np.arange(1000.0),) * 4),
        "TrendPoint": entry.trend[0],
        "Unit": DCST["A1"].unit,
        "WarningThreshold": mechanism.warnings[0],
        "Window": waste["W2"].window,
    }
    return objects


INSTANCES = instances()
CLASSES = sorted(
    name
    for name in pc.__all__
    if isinstance(getattr(pc, name), type) and not issubclass(getattr(pc, name), BaseException)
)


class TestRepr:
    """A repr says what the object is in a line, whatever its size."""

    def test_every_public_class_has_an_instance_here(self) -> None:
        """Each class, enums apart, is tried below: a new public class must be added."""
        enums = {name for name in CLASSES if issubclass(getattr(pc, name), enum.Enum)}
        assert set(CLASSES) - enums == set(INSTANCES)

    @pytest.mark.parametrize("name", sorted(INSTANCES))
    def test_repr_is_short(self, name: str) -> None:
        """Every public class's repr is one line of at most 200 characters."""
        shown = repr(INSTANCES[name])
        assert isinstance(INSTANCES[name], getattr(pc, name))
        assert 1 <= len(shown) <= 200, shown
        assert "\n" not in shown

    def test_contract(self) -> None:
        """A contract: its name, how many measures and groups."""
        assert "<Contract 'DCST service delivery contract': 23 measures in 5 groups>" == repr(DCST)

    def test_measure(self) -> None:
        """A measure: id, title, unit, which way is better, target."""
        assert (
            "<Measure A1 'Re-referrals in the last 12 months': percent, lower is better, target 22>"
        ) == repr(DCST["A1"])
        assert "<Measure E34 'Number of children in need': count, volumetric>" == repr(DCST["E34"])

    def test_dated_target_counted(self) -> None:
        """A measure's later targets are counted, not listed."""
        contract = pc.loads(
            'contract "c" { group "g" { measure B8 "t" { unit percent  higher is better'
            "  target 90%  target 92% from 2018/19  target 94% from 2019/20 } } }"
        )
        assert "<Measure B8 't': percent, higher is better, target 90 (+2 dated)>" == repr(
            contract["B8"]
        )

    def test_report_and_result(self) -> None:
        """A report: its contract and period; a result: measure, period, value and status."""
        assert "<Report of 'DCST service delivery contract' for 2017/18 Q4: 23 measures>" == repr(
            INSTANCES["Report"]
        )
        assert "<MeasureResult A1 for 2017/18 Q4: 26, Inside tolerance>" == repr(
            INSTANCES["MeasureResult"]
        )

    def test_payment(self) -> None:
        """A payment: contract, period, deduction and payment."""
        may = FM.payment(FM_READINGS, period="2024-05")
        assert (
            "<Payment of 'Riverside Council facilities management' for 2024-05:"
            " deduction 750.00, payment 419250.00>"
        ) == repr(may)

    def test_long_and_hostile_names_stay_short_and_on_one_line(self) -> None:
        """A name of any length gives a short one-line repr."""
        name = (LONG + HOSTILE) * 3
        contract = hostile_contract(name)
        for shown in (repr(contract), repr(contract.groups[0]), repr(next(iter(contract)))):
            assert len(shown) <= 200
            assert "\n" not in shown
            assert "\x1b" not in shown

    def test_equality_is_unchanged(self) -> None:
        """A custom repr leaves equality and hashing as they were."""
        again = pc.load(EXAMPLES / "dcst-2017-18.contract")
        assert DCST == again
        assert DCST["A1"] == again["A1"]
        assert hash(DCST["A1"].targets[0]) == hash(again["A1"].targets[0])

    def test_resolved_commentary(self) -> None:
        """Commentary checked against a contract: the contract and how many entries."""
        resolved = pc.Commentary.load(EXAMPLES / "dcst-2017-18-commentary.md", DCST)
        entries = sum(len(c) for c in resolved.entries.values())
        assert f"<ResolvedCommentary for 'DCST service delivery contract': {entries} entries>" == (
            repr(resolved)
        )

    def test_small_thresholds_show_their_values(self) -> None:
        """One measure's thresholds show as the values they hold."""
        assert (
            "Thresholds(on_low=90.0, on_high=inf, within_low=80.0, within_high=inf, rated=True)"
        ) == repr(pc.Thresholds.higher_is_better(90.0, 80.0))


class _Checker(html.parser.HTMLParser):
    """Well-formed enough: every element but the void ones is closed, in order."""

    VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "path", "circle"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()


def parsed(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert [] == checker.errors
    assert [] == checker.open
    return checker


def hostile_objects() -> dict[str, Any]:
    """What a notebook shows, each with the hostile name somewhere in it."""
    contract = hostile_contract(HOSTILE)
    measure = next(iter(contract))
    readings = pc.Readings.from_csv(EXAMPLES / "fm-2024-25-readings.csv")
    evaluation = contract.evaluate(readings, period="2024-05")
    return {
        "Contract": contract,
        "Group": contract.groups[0],
        "Measure": measure,
        "MeasureResult": evaluation[measure.id],
        "Evaluation": evaluation,
        "Evaluations": contract.evaluate(readings, periods=["2024-05", "2024-06"]),
        "Summary": evaluation.summary(),
        "Report": pc.Report.build(contract, readings, "2024-05"),
        "Payment": contract.payment(readings, period="2024-05"),
    }


HOSTILE_OBJECTS = hostile_objects()


class TestReprHtml:
    """Each _repr_html_ is well formed, styled inside its own div, escaped, without a script."""

    @pytest.mark.parametrize("name", sorted(HOSTILE_OBJECTS))
    def test_well_formed_escaped_and_without_script(self, name: str) -> None:
        """The hostile name reads as text: no element, attribute or escape of its own."""
        page = HOSTILE_OBJECTS[name]._repr_html_()
        checker = parsed(page)
        assert "script" not in checker.tags
        assert "b" not in checker.tags
        assert "onmouseover" not in checker.attributes
        assert "<script" not in page.lower()
        assert "\x1b" not in page
        assert page.startswith('<div class="perfcontract-nb"><style>')

    @pytest.mark.parametrize("name", ["Contract", "Measure", "Group", "Report", "Payment"])
    def test_the_name_is_shown_escaped(self, name: str) -> None:
        """The name is there, escaped, where it names the thing."""
        page = HOSTILE_OBJECTS[name]._repr_html_()
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b" in page

    def test_contract_lists_every_measure(self) -> None:
        """A contract shows each group as a table with a row per measure."""
        page = DCST._repr_html_()
        assert 5 == page.count("<caption>")
        assert 23 == page.count('<th scope="row" class="id">')
        assert "<td>22%</td><td>28%</td>" in page

    def test_measure_lists_dated_terms(self) -> None:
        """A measure shows every target and tolerance with when it comes into force."""
        contract = pc.loads(
            'contract "c" { group "g" { measure B8 "t" { unit percent  higher is better'
            "  target 90%  tolerance 80%  target 92% from 2018/19 } } }"
        )
        page = contract["B8"]._repr_html_()
        assert "<td>90%</td><td>80% (and dated terms)</td>" in page
        assert "<tr><td>Target</td><td>90%</td><td>from the start</td></tr>" in page
        assert "<tr><td>Target</td><td>92%</td><td>from 2018/19</td></tr>" in page
        assert "<tr><td>Tolerance</td><td>80%</td><td>from the start</td></tr>" in page

    def test_result_shows_value_status_and_terms(self) -> None:
        """A result shows its value, status badge, target, tolerance and direction."""
        page = INSTANCES["MeasureResult"]._repr_html_()
        assert "<dt>Value</dt><dd>26%</dd>" in page
        assert "Inside tolerance</span>" in page
        assert "<dt>Target</dt><dd>22%</dd>" in page
        assert "<dt>Direction</dt><dd>improved</dd>" in page

    def test_report_is_the_page_body(self) -> None:
        """A report shows the page's body, not a whole document."""
        page = INSTANCES["Report"]._repr_html_()
        assert '<main class="perfcontract-report">' in page
        assert "<html" not in page
        assert "<body" not in page

    def test_style_is_scoped(self) -> None:
        """Every rule of the notebook's stylesheet applies inside its div only."""
        page = DCST._repr_html_()
        css = page[page.index("<style>") + 7 : page.index("</style>")]
        heads = [
            head.strip()
            for head in (part.rsplit("}", 1)[-1] for part in css.split("{")[:-1])
            if head.strip() and not head.strip().startswith("@")
        ]
        assert heads
        for head in heads:
            for selector in head.split(","):
                assert selector.strip().startswith(".perfcontract-nb"), selector
        assert "@page" not in css

    def test_scoped_style_keeps_declarations(self) -> None:
        """Scoping changes selectors only."""
        assert ".perfcontract-nb, .perfcontract-nb * { box-sizing: border-box; }" == scoped_style(
            "* { box-sizing: border-box; }"
        )

    def test_payment_amounts_are_exact(self) -> None:
        """The payment's table shows the deduction to the penny."""
        page = FM.payment(FM_READINGS, period="2024-05")._repr_html_()
        assert "750.00" in page
        assert Decimal("750.00") == FM.payment(FM_READINGS, period="2024-05").total_deduction


class TestPackageNamespace:
    """The package's namespace holds the public names and nothing it imports for itself."""

    def test_no_helpers_in_the_namespace(self) -> None:
        """Neither dir() nor the module's dict shows typing or importlib helpers."""
        for helper in ("Any", "TYPE_CHECKING", "importlib", "annotations"):
            assert helper not in dir(pc)
            assert helper not in vars(pc)

    def test_check_does_not_import_numpy(self) -> None:
        """Loading and checking a contract, reprs included, leaves numpy unimported."""
        script = (
            "import sys, perfcontract as pc\n"
            "c = pc.load('examples/dcst-2017-18.contract')\n"
            "repr(c); repr(c['A1']); repr(c.groups[0]); dir(pc)\n"
            "print('numpy' in sys.modules)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert ("False\n", "") == (done.stdout, done.stderr)
