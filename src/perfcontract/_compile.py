"""From clause records to the model, checking every rule of the language.

The parser hands over the file as clause records (see ``_syntax``);
:class:`_Assembler` builds the model from them, checking every rule as it
goes and collecting *every* problem, so that a writer sees all of them in one
run rather than one per attempt.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from perfcontract._parse import source_lines
from perfcontract._suggest import Grades, Suggester
from perfcontract._syntax import Block, Clause, Dated, Quantity, Span, Word
from perfcontract.errors import (
    ContractValidationError,
    Diagnostic,
    PeriodError,
    either,
    shorten,
)
from perfcontract.model import (
    NEVER_NEGATIVE,
    WORDED,
    Aggregate,
    Band,
    Benchmark,
    Contract,
    Group,
    Margin,
    Measure,
    MeasureKind,
    Metadata,
    Polarity,
    Position,
    Reporting,
    RiskShare,
    Season,
    ShareBand,
    ShareChange,
    Term,
    Unit,
    UnitKind,
    Window,
    _plain,
    _to_15_digits,
)
from perfcontract.periods import MONTH_NAMES, Period, PeriodKind

if TYPE_CHECKING:
    from perfcontract.model import PaymentMechanism

__all__ = ["compile_contract"]

# Python's default decimal context, as it is before any program changes it.
_ARITHMETIC = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

T = TypeVar("T")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
MAX_DECIMAL_PLACES = 15
MAX_RATE_BASE = 1_000_000_000
MAX_MONEY = Decimal(10) ** 15  # £1,000,000bn: far beyond any public contract
# Any value in a contract, either side of zero: far beyond any real figure,
# and small enough that every margin worked out from values stays finite (no
# decimal.Overflow) and whole numbers stay exact as the engine's floats.
MAX_VALUE = Decimal(10) ** 15
_YEAR = re.compile(r"\d{4}")
# A control character that the grammar lets through, in a string or a comment (anywhere
# else the parser refuses it): a tab, a line break and a form feed are spacing. With them,
# the bidirectional embeddings, overrides and isolates, which reorder the text around them
# on screen, so that a title or a comment can show other than it says (the marks U+200E,
# U+200F and U+061C reorder nothing, and are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# The model's values by the words that name them. The grammar admits only
# these words, so a look-up here does what calling the enum would, for less;
# a Unit and an empty Metadata are immutable, so one of each serves every measure.
_MEASURE_KINDS = {kind.value: kind for kind in MeasureKind}
_POLARITIES = {polarity.value: polarity for polarity in Polarity}
_AGGREGATES = {aggregate.value: aggregate for aggregate in Aggregate}
_UNITS = {kind.value: Unit(kind) for kind in UnitKind}
_NO_METADATA = Metadata()

# Enum members that the checks of every value compare with, named once: on
# Python 3.11 `UnitKind.PERCENT` is found by the enum class's `__getattr__`,
# a Python call at every use.
PERCENT, MONEY, NUMBER = UnitKind.PERCENT, UnitKind.MONEY, UnitKind.NUMBER
YES_NO, GRADE = UnitKind.YES_NO, UnitKind.GRADE
RATIO_UNITS = (PERCENT, UnitKind.RATE, NUMBER)  # what a ratio can be
UNDIVIDED = (PERCENT, YES_NO, GRADE)  # what a ratio cannot be worked out from
HIGHER_IS_BETTER, LOWER_IS_BETTER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
IN_BAND = Polarity.IN_BAND
CONTRACTUAL, VOLUMETRIC = MeasureKind.CONTRACTUAL, MeasureKind.VOLUMETRIC
SUM = Aggregate.SUM
ANNUALLY, QUARTERLY = Reporting.ANNUALLY, Reporting.QUARTERLY

# A measure's clauses by kind: targets, tolerances, and those given at most once
# (the key they are counted under, and how a duplicate is named).
_TARGETS = frozenset(["target", "band target", "no target", "yes/no target", "label target"])
_TOLERANCES = frozenset(
    [
        "tolerance",
        "band tolerance",
        "points tolerance",
        "relative tolerance",
        "label tolerance",
    ]
)
_MARGINS = {"band tolerance": "band", "points tolerance": "margin", "relative tolerance": "margin"}
_ONCE = {
    "numerator": ("numerator", "`numerator`"),
    "denominator": ("denominator", "`denominator`"),
    "year to date": ("window", "`window`"),
    "rolling window": ("window", "`window`"),
    "reporting": ("reporting", "`reporting`"),
    "season": ("season", "`season`"),
    "profile": ("profile", "`profile`"),
}


def _position(span: Span) -> Position:
    return Position(span.line, span.column, span.end_line, span.end_column)


def _plural(kind: str) -> str:
    return {"target": "targets", "tolerance": "tolerances"}.get(kind, kind + "s")


class _Assembler:
    """Builds the model from clause records and collects every problem found."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.problems: list[Diagnostic] = []
        # What is probably a mistake but means something all the same (a group with no
        # measures): said by `check`, kept with the contract, never a refusal.
        self.warnings: list[Diagnostic] = []
        self.year_start = 4
        self.reporting = Reporting.QUARTERLY
        # Each ratio's measure-id components, checked once every measure is known.
        self.components: list[tuple[str, Clause]] = []
        # Grade targets and tolerances: each measure's labels looked up in a table, and
        # "did you mean" searched for the contract's first few unknown labels.
        self.grades = Grades()
        # Ratios with a year's target or tolerance (`a year`), checked with the components:
        # the ratio's id, where each `a year` is, and what year_shares checks (its profile
        # and terms, or none when the terms had problems of their own).
        self.yearly_ratios: list[
            tuple[
                str,
                list[Span],
                Clause | None,
                list[Dated[Decimal | Band | None]],
                list[Dated[Decimal | Band | Margin]],
            ]
        ] = []

    # -- reporting problems -------------------------------------------------

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, split only when there is a problem to show."""
        return source_lines(self.text)

    def refuse_controls(self) -> None:
        """A control character in a title, a label or a comment: it shows as nothing, or
        acts on the terminal a title is printed to (an escape sequence). One problem a
        line, at its first, with how many more the line holds."""
        line, line_start, seen = 1, 0, 0
        found: dict[int, list[int]] = {}  # line: [column of the first, how many]
        for match in _CONTROL.finditer(self.text):
            start = match.start()
            crossed = self.text.count("\n", seen, start)  # each stretch counted once
            if crossed:
                line += crossed
                line_start = self.text.rfind("\n", seen, start) + 1
            seen = start
            if line in found:
                found[line][1] += 1
            else:
                found[line] = [start - line_start + 1, 1]
        for line, (column, count) in found.items():
            char = self.lines[line - 1][column - 1]
            bidirectional = char >= "\u202a"
            what = "a bidirectional control" if bidirectional else "a control character"
            more = f", and {count - 1:,} more on this line" if count > 1 else ""
            self.problem(
                Span(line, column, line, column + 1),
                f"{what} (U+{ord(char):04X}) in the contract's text{more}",
                "delete it: it shows the text after it in another order than it is written"
                if bidirectional
                else "delete it: titles, labels and comments hold printable text only",
            )

    def problem(self, span: Span, message: str, hint: str | None = None) -> None:
        self.problems.append(self.diagnostic(span, message, hint))

    def warn(self, span: Span, message: str, hint: str | None = None) -> None:
        """Record a warning: something probably meant otherwise, which still compiles."""
        self.warnings.append(self.diagnostic(span, message, hint, "warning"))

    def diagnostic(
        self, span: Span, message: str, hint: str | None, severity: str = "error"
    ) -> Diagnostic:
        line_text = self.lines[span.line - 1] if 0 < span.line <= len(self.lines) else ""
        length = (
            span.end_column - span.column
            if span.end_line == span.line
            else (len(line_text) - span.column + 1)
        )
        return Diagnostic(
            message,
            source=self.source,
            line=span.line,
            column=span.column,
            length=max(1, length),
            source_line=line_text,
            hint=hint,
            severity=severity,
        )

    def once(
        self,
        seen: dict[str, Span],
        key: str,
        span: Span,
        what: str,
        hint: str | None = "give each clause once",
    ) -> bool:
        """Record a clause that may be given once; report a second one (``what``, shortened)."""
        if key in seen:
            line = seen[key].line
            self.problem(span, f"duplicate {shorten(what)}: already given on line {line}", hint)
            return False
        seen[key] = span
        return True

    def period(self, word: Word) -> Period | None:
        try:
            return Period.parse(word.text, year_start=self.year_start)
        except PeriodError as error:
            self.problem(word.span, error.first.message, error.first.hint)
            return None

    # -- the contract -------------------------------------------------------

    def named(self, word: Word, what: str) -> None:
        """Names and titles are for people: they cannot be blank."""
        if not word.text.strip():
            self.problem(
                word.span, f"the {what} cannot be empty", f"write the {what} between the quotes"
            )

    def contract(self, block: Block) -> Contract:
        self.named(block.name, "contract's name")
        seen: dict[str, Span] = {}
        header: dict[str, str] = {}
        reporting = Reporting.QUARTERLY
        metadata: list[Clause] = []
        for item in block.items:
            if not isinstance(item, Clause):
                continue
            if item.kind in ("council", "provider"):
                if self.once(seen, item.kind, item.span, f"`{item.kind}`"):
                    header[item.kind] = item.args[0].text
            elif item.kind == "year starts":
                if self.once(seen, item.kind, item.span, "`year starts`"):
                    month = self.month(item.args[0], "`year starts` takes a month such as April")
                    self.year_start = month or self.year_start
            elif item.kind == "reporting":
                if self.once(seen, item.kind, item.span, "`reporting`"):
                    reporting = self.reporting = Reporting(item.args[0].text)
            elif item.kind == "metadata":
                metadata.append(item)

        groups: list[Group] = []
        group_names: dict[str, Span] = {}
        measure_ids: dict[str, Span] = {}
        risk_share: RiskShare | None = None
        payments: list[Block] = []
        for item in block.items:
            if not isinstance(item, Block):
                continue
            if item.kind == "payment":
                payments.append(item)
            elif item.kind == "group":
                if item.name.text in group_names:
                    first = group_names[item.name.text]
                    self.problem(
                        item.name.span,
                        f'duplicate group "{shorten(item.name.text)}": already opened on line'
                        f" {first.line}",
                        "put all of a group's measures in one block",
                    )
                group_names.setdefault(item.name.text, item.name.span)
                groups.append(self.group(item, measure_ids))
            else:
                terms = self.risk_share(item)  # checked even when it is a duplicate
                if self.once(
                    seen,
                    "risk share",
                    item.span,
                    "`risk share` block",
                    "a contract has one risk share; merge the two blocks",
                ):
                    risk_share = terms

        if self.components:
            self.check_components({m.id: m for group in groups for m in group.measures})
            groups = self.summed_ratios(groups)
        payment = self.payment(payments, groups, seen)
        return Contract(
            name=block.name.text,
            council=header.get("council"),
            provider=header.get("provider"),
            year_start=self.year_start,
            reporting=reporting,
            groups=tuple(groups),
            risk_share=risk_share,
            metadata=self.metadata(metadata),
            position=_position(block.span),
            source=self.source,
            payment_mechanism=payment,
            warnings=tuple(self.warnings),
        )

    def payment(
        self, blocks: list[Block], groups: list[Group], seen: dict[str, Span]
    ) -> PaymentMechanism | None:
        """The contract's payment mechanism (see ``_compile_payment``); every block is
        checked, and a second one reported."""
        if not blocks:
            return None
        from perfcontract._compile_payment import compile_payment  # only for a payment block

        measures = {m.id: m for group in groups for m in group.measures}
        found: PaymentMechanism | None = None
        for item in blocks:
            terms = compile_payment(self, item, measures)
            if self.once(
                seen, "payment", item.span, "`payment` block", "a contract has one payment block"
            ):
                found = terms
        return found

    def month(self, word: Word, takes: str) -> int | None:
        """A month written in full or as its first three letters, any case; ``takes`` says
        what the clause takes, for the message when it is not one."""
        name = word.text
        for number, month in enumerate(MONTH_NAMES, start=1):
            if name.lower() in (month.lower(), month[:3].lower()):
                return number
        close = difflib.get_close_matches(name.capitalize(), MONTH_NAMES, n=1)
        self.problem(
            word.span,
            f"`{shorten(name)}` is not a month; {takes}",
            f"did you mean `{close[0]}`?" if close else None,
        )
        return None

    def metadata(self, clauses: Iterable[Clause]) -> Metadata:
        seen: dict[str, Span] = {}
        values: dict[str, str] = {}
        for clause in clauses:
            key = clause.args[0].text
            if self.once(seen, key, clause.span, f"`{key}`"):
                values[key] = clause.args[1].text
        return Metadata(**values) if values else _NO_METADATA

    def group(self, block: Block, measure_ids: dict[str, Span]) -> Group:
        self.named(block.name, "group's name")
        measures = []
        for item in block.items:
            if isinstance(item, Block):
                if item.name.text in measure_ids:
                    self.problem(
                        item.name.span,
                        f"duplicate measure id {shorten(item.name.text)}: already used on line"
                        f" {measure_ids[item.name.text].line}",
                        "every measure needs its own id",
                    )
                measure_ids.setdefault(item.name.text, item.name.span)
                measures.append(self.measure(item, block.name.text))
        metadata = [i for i in block.items if isinstance(i, Clause)]
        if not measures and not metadata:  # metadata says why it is empty: on purpose
            self.warn(
                block.name.span,
                f'group "{shorten(block.name.text)}" has no measures, so it has no row in the'
                " summary table",
                "add its measures or delete it; to keep it empty on purpose, give it a"
                " `description` saying why",
            )
        return Group(
            block.name.text, tuple(measures), self.metadata(metadata), _position(block.span)
        )

    # -- measures -----------------------------------------------------------

    def measure(self, block: Block, group: str) -> Measure:
        mid = shorten(block.name.text)  # the measure's id as messages quote it
        if block.title is not None:
            self.named(block.title, f"title of measure {mid}")
        kind = _MEASURE_KINDS[block.kind]
        seen: dict[str, Span] = {}
        unit: Unit | None = None
        polarity_clause: Clause | None = None
        rounding_clause: Clause | None = None
        aggregate_clause: Clause | None = None
        rounding: int | None = None
        aggregate: Aggregate | None = None
        targets: list[Clause] = []
        tolerances: list[Clause] = []
        benchmarks: list[Clause] = []
        metadata: list[Clause] = []
        once: dict[str, Clause] = {}  # the other clauses a measure gives at most once

        for clause in block.items:
            k = clause.kind
            if k in ("unit", "rate unit", "grade unit"):
                if self.once(seen, "unit", clause.span, "`unit`"):
                    unit = self.unit(clause)
            elif k in ("higher is better", "lower is better"):
                if self.once(seen, "polarity", clause.span, "polarity"):
                    polarity_clause = clause
            elif k == "rounding":
                if self.once(seen, k, clause.span, "`rounded to`"):
                    rounding_clause = clause
                    rounding = self.rounding(clause)
            elif k == "aggregate":
                if self.once(seen, k, clause.span, "`aggregate`"):
                    aggregate_clause = clause
                    aggregate = _AGGREGATES[clause.args[0].text]
            elif k in _TARGETS:
                targets.append(clause)
            elif k in _TOLERANCES:
                tolerances.append(clause)
            elif k == "benchmark":
                benchmarks.append(clause)
            elif k in _ONCE:
                key, what = _ONCE[k]
                if self.once(seen, key, clause.span, what):
                    once[key] = clause
            else:
                metadata.append(clause)

        # Values are checked against the unit only when there is one; a missing
        # unit is reported once, not again at every value.
        checked = unit
        if unit is None:
            self.problem(
                block.name.span,
                f"measure {mid} has no `unit`",
                "add one, such as `unit percent`, `unit count` or `unit rate per 10000`",
            )
            unit = _UNITS[UnitKind.NUMBER.value]
        if kind is VOLUMETRIC:
            for clause in targets + tolerances:
                if clause.kind == "no target":
                    self.problem(
                        clause.span,
                        f"volumetric measure {mid} needs no `no target`:"
                        " volumetric measures are never rated",
                        "remove this line",
                    )
                    continue
                self.problem(
                    clause.span,
                    f"volumetric measure {mid} cannot have a {clause.kind.split()[-1]}:"
                    " volumetric measures give context and are never rated",
                    f"write `measure {mid}` instead of `volumetric {mid}` if it is contractual",
                )
            targets, tolerances = [], []
        elif not targets:
            self.problem(
                block.name.span,
                f"measure {mid} has neither a target nor `no target`",
                "add `target …` with `higher is better` or `lower is better`,"
                " or `no target` if none is set yet",
            )

        numerator, denominator = self.ratio(
            block.name.text, checked, once.get("numerator"), once.get("denominator")
        )
        is_ratio = numerator is not None and denominator is not None
        self.measure_words(mid, checked, rounding_clause, aggregate_clause, is_ratio)
        if aggregate is None or is_ratio or unit.kind is YES_NO:
            aggregate = unit.default_aggregate
        reporting = Reporting(once["reporting"].args[0].text) if "reporting" in once else None
        frequency = reporting or self.reporting
        window = self.window(mid, once.get("window"), frequency)
        season = self.season(mid, once.get("season"), frequency)

        polarity = self.polarity(mid, kind, polarity_clause, targets, checked)
        # Why a target or tolerance cannot be a year's total; None if it can. Whether a
        # ratio's value adds up over periods depends on its components, so a ratio's `a
        # year` is checked once every measure is known (see summed_ratios).
        if is_ratio:
            not_summed: str | None = None
        elif aggregate is not SUM:
            not_summed = f"rolls up by `{aggregate.value}`"
        else:
            not_summed = None
        before = len(self.problems)
        target_terms = self.series("target", self.target_values(mid, targets, checked, not_summed))
        tolerance_terms = self.series(
            "tolerance", self.tolerance_values(mid, tolerances, checked, polarity, not_summed)
        )
        # Thresholds are compared only when every one of them could be read:
        # one bad value is one problem, not a cascade of comparisons with it.
        if len(self.problems) == before:
            self.check_thresholds(mid, checked, polarity, target_terms, tolerance_terms)
        profile = self.profile(mid, once.get("profile"), targets)
        checked_shares = len(self.problems) == before

        measure = Measure(
            id=block.name.text,
            title=block.title.text if block.title else block.name.text,
            kind=kind,
            group=group,
            unit=unit,
            polarity=polarity,
            targets=tuple(
                [Term(t.value, t.start, _position(t.span), t.per_year) for t in target_terms]
            ),
            tolerances=tuple(
                [Term(t.value, t.start, _position(t.span), t.per_year) for t in tolerance_terms]
            ),
            rounding=rounding,
            aggregate=aggregate,
            benchmarks=self.benchmarks(benchmarks, checked),
            metadata=self.metadata(metadata),
            position=_position(block.span),
            year_start=self.year_start,
            numerator=numerator,
            denominator=denominator,
            window=window,
            reporting=reporting,
            season=season,
            profile=profile,
            contract_reporting=self.reporting,
        )
        yearly = [c.per_year.span for c in targets + tolerances if c.per_year is not None]
        if is_ratio and yearly:
            self.yearly_ratios.append(
                (measure.id, yearly, once.get("profile"), target_terms, tolerance_terms)
                if checked_shares
                else (measure.id, yearly, None, [], [])
            )
        elif checked_shares and any(t.per_year for t in target_terms):
            self.year_shares(measure, once.get("profile"), target_terms, tolerance_terms)
        return measure

    def year_shares(
        self,
        measure: Measure,
        profile: Clause | None,
        targets: list[Dated[Decimal | Band | None]],
        tolerances: list[Dated[Decimal | Band | Margin]],
    ) -> None:
        """A year's target shared over the periods a measure is due in: a profile must give
        them some of it, and a margin must leave each period's tolerance a value the unit
        can take (the margin applies to each period's own share, not to the year's)."""
        # Any year shows the undated terms (2000/01, said without its year); each year a
        # dated term starts in shows it.
        undated = Period.parse("2000/01", year_start=self.year_start)
        starts = {t.start for t in measure.targets} | {t.start for t in measure.tolerances}
        years = sorted(
            {s.financial_year() for s in starts if s is not None} | {undated},
            key=lambda year: year.first_month,
        )

        def said(period: Period) -> str:
            if period.financial_year() != undated:
                return str(period)
            if period.kind is PeriodKind.MONTH:
                return MONTH_NAMES[period.first_month % 12]
            return str(period).split(" ", 1)[-1]  # `Q3`, `H1`

        if profile is not None and measure.profile and any(t.value for t in measure.targets):
            due = measure.reporting_periods(years[0])
            if due and not any(measure._weight(p) for p in due):
                self.problem(
                    profile.span,
                    f"the profile gives none of the year's target to the periods measure"
                    f" {measure.id} is due in ({', '.join(said(p) for p in due)})",
                    "give those periods their shares of the year, or remove the profile",
                )
                return
        in_force, target_in_force = _walker(tolerances), _walker(targets)  # in date order
        reported: set[int] = set()
        for period in (p for year in years for p in measure.reporting_periods(year)):
            term, target = in_force(period.first_month), target_in_force(period.first_month)
            if term is None or not isinstance(term.value, Margin) or id(term) in reported:
                continue
            found = measure.tolerance_at(period)
            if found is None or _in_range(found, measure.unit):
                continue
            reported.add(id(term))
            share = measure.target_at(period)
            culprit = (
                term.span if target is None or _starts(term) >= _starts(target) else target.span
            )
            self.problem(
                culprit,  # the later clause: the one that made it so
                f"`tolerance {term.value}` gives {_about(found, measure.unit)} in"
                f" {said(period)}, which is outside what {_noun(measure.unit)} can be: a margin"
                " applies to each period's share of the year's target"
                + (f" ({_about(share, measure.unit)} in {said(period)})" if share else ""),
                "use a smaller margin, a margin in per cent (`within 20% of target`), or a"
                " year's tolerance (`tolerance 30 a year`)",
            )

    def unit(self, clause: Clause) -> Unit:
        if clause.kind == "unit":
            return _UNITS[clause.args[0].text]
        if clause.kind == "grade unit":
            return self.grade(clause)
        per: Quantity = clause.args[0]
        whole = per.value == per.value.to_integral_value()
        if per.mark or not whole or not 1 <= per.value <= MAX_RATE_BASE:
            self.problem(
                per.span,
                f"`rate per {shorten(per.text)}`: the N of `rate per N` must be a whole number"
                f" from 1 to {MAX_RATE_BASE:,}",
                "for example `rate per 10000` for a rate per 10,000 children",
            )
            return Unit(UnitKind.RATE, Decimal(10000))
        return Unit(UnitKind.RATE, per.value.to_integral_value())

    def grade(self, clause: Clause) -> Unit:
        """A grade's labels: at least two, none blank, none the same as another ignoring case."""
        labels: list[str] = []
        first: dict[str, Word] = {}
        for word in clause.args:
            key = word.text.strip().casefold()
            if not key:
                self.problem(
                    word.span,
                    "a grade's label cannot be empty",
                    "write the label between the quotes, or remove it",
                )
                continue
            if key in first:
                self.problem(
                    word.span,
                    f'the grade "{shorten(word.text)}" is listed twice'
                    f' (as "{shorten(first[key].text)}" first)',
                    "list each grade once, from worst to best; grades are matched ignoring case",
                )
                continue
            first[key] = word
            labels.append(word.text)
        if len(clause.args) < 2:
            self.problem(
                clause.span,
                "a grade needs at least two labels, listed from worst to best",
                'for example `unit grade "Inadequate", "Requires improvement", "Good",'
                ' "Outstanding"`; for a measure that is met or not, use `unit yes/no`',
            )
        return Unit(UnitKind.GRADE, labels=tuple(labels))

    def measure_words(
        self,
        mid: str,
        unit: Unit | None,
        rounding: Clause | None,
        aggregate: Clause | None,
        is_ratio: bool,
    ) -> None:
        """`rounded to` and `aggregate` where the unit or a ratio leaves them no meaning."""
        kind = unit.kind if unit is not None else None
        if rounding is not None and kind in WORDED:
            self.problem(
                rounding.span,
                f"`rounded to` on {_noun(unit)} measure {mid}: its readings are"
                f" {_words_of(unit)}, which are never rounded",
                "remove this line",
            )
        if aggregate is None:
            return
        how = aggregate.args[0].text
        if is_ratio:
            self.problem(
                aggregate.span,
                f"`aggregate {how}` on ratio measure {mid}: a ratio rolls up as the sum of its"
                " numerator over the sum of its denominator",
                "remove this line; each component rolls up by its own `aggregate`",
            )
        elif kind is YES_NO:
            self.problem(
                aggregate.span,
                f"`aggregate {how}` on yes/no measure {mid}: a longer period is yes only if"
                " every reporting period is",
                "remove this line",
            )
        elif kind is PERCENT and how == "sum":
            self.problem(
                aggregate.span,
                f"`aggregate sum` on percentage measure {mid}: percentages do not add up,"
                " and a quarter of 90% months would read 270%",
                "remove this line to take the mean of the periods, or make the measure a"
                " ratio of two counts (`numerator`, `denominator`) to divide their sums",
            )
        elif kind is GRADE and how in ("mean", "sum"):
            self.problem(
                aggregate.span,
                f"`aggregate {how}` on grade measure {mid}: grades cannot be added up or averaged",
                "remove this line to keep the latest grade, or write `aggregate min` for the"
                " worst or `aggregate max` for the best",
            )

    # -- ratio measures ---------------------------------------------------------

    def ratio(
        self,
        measure_id: str,
        unit: Unit | None,
        numerator: Clause | None,
        denominator: Clause | None,
    ) -> tuple[str | Decimal | None, str | Decimal | None]:
        """The numerator and denominator of a ratio measure (None, None for any other)."""
        mid = shorten(measure_id)
        if numerator is None and denominator is None:
            return None, None
        if numerator is None or denominator is None:
            given, missing = (
                ("numerator", "denominator")
                if numerator is not None
                else ("denominator", "numerator")
            )
            present = numerator or denominator
            assert present is not None
            self.problem(
                present.span,
                f"measure {mid} has a {given} but no {missing}",
                f"add `{missing} …`: a measure id, or a number such as a population",
            )
            return None, None
        values = (
            self.component(mid, numerator, "numerator"),
            self.component(mid, denominator, "denominator"),
        )
        if unit is not None and unit.kind not in RATIO_UNITS:
            self.problem(
                numerator.span,
                f"ratio measure {mid} has `unit {unit}`, but a ratio is a percentage, a rate"
                " or a number",
                "make the unit `percent`, `rate per N` (such as `rate per 100000`) or `number`",
            )
        if all(isinstance(v, Decimal) for v in values):
            self.problem(
                denominator.span,
                f"the numerator and the denominator of measure {mid} are both numbers,"
                " so its value never changes",
                "make at least one of them a measure, such as `numerator W1N`",
            )
        if values[0] is None or values[1] is None:
            return None, None
        self.components.append((measure_id, numerator))
        self.components.append((measure_id, denominator))
        return values

    def component(self, mid: str, clause: Clause, which: str) -> str | Decimal | None:
        """A numerator or denominator: a measure id (checked once every id is known) or a
        plain number (a denominator above zero)."""
        part = clause.args[0]
        if isinstance(part, Word):
            return part.text
        q: Quantity = part
        if q.mark:
            plain = shorten(q.text.replace("£", "").rstrip("%"))
            self.problem(
                q.span,
                f"a number {which} is a plain number, not {_article(q)} `{shorten(q.text)}`",
                f"write `{which} {plain}`",
            )
            return None
        if not self.sized(q) or not self.rated_exactly(q):
            return None
        if which == "denominator" and q.value <= 0:
            self.problem(
                q.span,
                f"the denominator of measure {mid} is {shorten(q.text)}: a ratio cannot be"
                " divided by zero or a negative number",
                "give the population or total it is a share of, such as `denominator 61,200`",
            )
            return None
        return q.value

    def check_components(self, measures: dict[str, Measure]) -> None:
        """Every component a known measure that can be divided, reported at least as often,
        and no ratio worked out from itself."""
        suggest = Suggester(measures)
        for measure_id, clause in self.components:
            word = clause.args[0]
            if not isinstance(word, Word):
                continue
            which, mid = clause.kind, shorten(measure_id)
            ratio = measures.get(measure_id)
            component = measures.get(word.text)
            if component is None:
                close = suggest(word.text, besides=measure_id)
                self.problem(
                    word.span,
                    f"the {which} of measure {mid} is {shorten(word.text)}, but the contract"
                    f" has no measure {shorten(word.text)}",
                    f"did you mean {close}?"
                    if close is not None
                    else "give the id of a measure in the contract, or a number",
                )
                continue
            if word.text == measure_id:
                self.problem(
                    word.span,
                    f"measure {mid} is its own {which}",
                    "a ratio's numerator and denominator are other measures (or numbers)",
                )
                continue
            if component.unit.kind in UNDIVIDED:
                self.problem(
                    word.span,
                    f"the {which} {shorten(word.text)} is {_noun(component.unit)}, which"
                    " cannot be added up into a ratio",
                    "use the counts behind it: for a percentage, its own numerator and denominator",
                )
                continue
            if ratio is not None and component.frequency.months > ratio.frequency.months:
                self.problem(
                    word.span,
                    f"the {which} {shorten(word.text)} is reported {component.frequency.value},"
                    f" less often than measure {mid} ({ratio.frequency.value})",
                    f"report {shorten(word.text)} as often as {mid}, or give {mid}"
                    f" `reporting {component.frequency.value}`",
                )
        self.cycles(measures)

    def cycles(self, measures: dict[str, Measure]) -> None:
        """Report each ratio that is worked out, through other ratios, from itself."""
        clauses = {
            (mid, c.args[0].text): c for mid, c in self.components if isinstance(c.args[0], Word)
        }
        # One depth-first search: a measure is on the path while visiting (its place in the
        # path kept, so a loop's start is found at once), then done. A component on the path
        # closes a loop, reported once, at that component: at most one a component written.
        done: set[str] = set()
        place: dict[str, int] = {}  # the measures on the path, and where
        for start in measures:
            if start in done:
                continue
            path = [start]
            stack = [iter(dict.fromkeys(measures[start].components))]
            place[start] = 0
            while stack:
                step = next(stack[-1], None)
                if step is None:
                    left = path.pop()
                    del place[left]
                    done.add(left)
                    stack.pop()
                    continue
                here = path[-1]
                if step not in measures or step == here:
                    continue  # reported already: unknown, or its own component
                if step in place:
                    clause = clauses[(here, step)]
                    self.problem(
                        clause.args[0].span,
                        f"a cycle of ratios: {_loop(path, place[step])}"
                        " (each is worked out from the next)",
                        "a ratio's components must not depend on it, directly or through"
                        " other ratios",
                    )
                elif step not in done:
                    place[step] = len(path)
                    path.append(step)
                    stack.append(iter(dict.fromkeys(measures[step].components)))

    def summed_ratios(self, groups: list[Group]) -> list[Group]:
        """``groups``, with each ratio whose value adds up over periods rolling up by ``sum``;
        each ratio's `a year` checked.

        A ratio's value adds up over periods (a quarter's is its months' added up) when its
        numerator does and its denominator does not: a count over a number such as a
        population, or over an average. Its targets then add up as a summed measure's do.
        A ratio of two totals, or of an average over anything, has the same target in
        every period. A component that is unknown or in a cycle (reported already) leaves
        the ratio as it is.
        """
        measures = {m.id: m for group in groups for m in group.measures}
        found: dict[str, bool | None] = {}  # each ratio's answer; None: unknown, or a cycle

        def adds_up(component: str | Decimal | None) -> bool | None:
            """A component's answer, once every ratio below it has one."""
            if not isinstance(component, str):
                return False  # a number is the same in every period
            measure = measures.get(component)
            if measure is None:
                return None
            return found[component] if measure.is_ratio else measure.aggregate is SUM

        # Each ratio after the ratios it is made of, without recursion (a chain of 10^4
        # ratios is a contract like another): a ratio met again on the path is a cycle.
        for first in (mid for mid in measures if measures[mid].is_ratio):
            stack, on_path = [first], {first}
            while stack:
                mid = stack[-1]
                parts = (measures[mid].numerator, measures[mid].denominator)
                below = [
                    p
                    for p in parts
                    if isinstance(p, str)
                    and p in measures
                    and measures[p].is_ratio
                    and p not in found
                ]
                if any(p in on_path for p in below):
                    found[mid] = None
                elif below:  # one at a time: the path holds a ratio's own parts only
                    stack.append(below[0])
                    on_path.add(below[0])
                    continue
                else:
                    top, bottom = map(adds_up, parts)
                    share = measures[mid].unit.kind is PERCENT  # a share never adds up
                    found[mid] = (
                        None if top is None or bottom is None else top and not bottom and not share
                    )
                stack.pop()
                on_path.discard(mid)

        summed = {mid for mid, adds in found.items() if adds}
        if summed:
            groups = [
                attrs.evolve(
                    group,
                    measures=tuple(
                        attrs.evolve(m, aggregate=SUM) if m.id in summed else m
                        for m in group.measures
                    ),
                )
                for group in groups
            ]
            measures = {m.id: m for group in groups for m in group.measures}
        for mid, yearly, profile, targets, tolerances in self.yearly_ratios:
            ratio = measures[mid]
            if mid in summed:
                if any(t.per_year for t in targets):
                    self.year_shares(ratio, profile, targets, tolerances)
                continue
            if found.get(mid) is None:
                continue  # an unknown component, or a cycle: reported already
            why = self.not_added_up(ratio, measures)
            for span in yearly:
                self.problem(
                    span,
                    f"`a year` on measure {shorten(mid)}, a ratio whose value does not add up"
                    f" over periods ({why}), so it has no year's total",
                    "remove `a year`: the value then applies to each period, the year included",
                )
        return groups

    @staticmethod
    def not_added_up(ratio: Measure, measures: Mapping[str, Measure]) -> str:
        """Why a ratio's value does not add up over periods, for a message."""
        if ratio.unit.kind is PERCENT:
            return "it is a percentage, a share of its whole in every period"
        top, bottom = ratio.numerator, ratio.denominator
        if not isinstance(top, str):
            return "its numerator is a number"
        numerator = measures[top]
        if numerator.aggregate is not SUM:
            if numerator.is_ratio:
                return f"its numerator {shorten(top)} is a ratio whose value does not add up"
            return f"its numerator {shorten(top)} rolls up by `{numerator.aggregate.value}`"
        assert isinstance(bottom, str)
        return f"its numerator {shorten(top)} and its denominator {shorten(bottom)} both add up"

    # -- when a measure is due, and over what -------------------------------------

    def window(self, mid: str, clause: Clause | None, frequency: Reporting) -> Window | None:
        if clause is None:
            return None
        if frequency is ANNUALLY:
            self.problem(
                clause.span,
                f"a window on measure {mid}, which is reported annually: its one reading a"
                " year has no shorter periods to roll up",
                "remove the window, or report the measure monthly or quarterly",
            )
            return None
        if clause.kind == "year to date":
            return Window(None, position=_position(clause.span))
        count_word, length = clause.args
        quarters = length.text.startswith("quarter")
        most = 12 if quarters else 36
        count = int(count_word.text) if len(count_word.text) <= 3 else most + 1
        if not 1 <= count <= most:
            self.problem(
                count_word.span,
                f"`rolling {shorten(count_word.text)} {length.text}`: a rolling window is"
                f" 1 to {most} {length.text} long",
                "for a longer view, compare whole years instead"
                if count
                else "without a window, each period is rated on its own readings",
            )
            return None
        months = count * 3 if quarters else count
        if months % frequency.months:
            nearest = max(3, round(count / 3) * 3)
            self.problem(
                clause.span,
                f"`rolling {count} {length.text}` is not a whole number of quarters, and"
                f" measure {mid} is reported quarterly",
                f"use a multiple of 3 months, such as `window rolling {nearest} months`",
            )
            return None
        return Window(months, quarters, position=_position(clause.span))

    def season(self, mid: str, clause: Clause | None, frequency: Reporting) -> Season | None:
        if clause is None:
            return None
        first_word, last_word = clause.args
        first = self.month(first_word, "`season` runs from a month to a month, such as October")
        last = self.month(last_word, "`season` runs from a month to a month, such as April")
        if first is None or last is None:
            return None
        if frequency is ANNUALLY:
            self.problem(
                clause.span,
                f"a season on measure {mid}, which is reported annually: its one reading"
                " is for the whole year",
                "remove the season, or report the measure monthly or quarterly",
            )
            return None
        season = Season(first, last, position=_position(clause.span))
        if frequency is QUARTERLY and (
            (first - self.year_start) % 3 or (last - self.year_start + 1) % 3
        ):
            starts = [MONTH_NAMES[(self.year_start - 1 + 3 * i) % 12] for i in range(4)]
            ends = [MONTH_NAMES[(self.year_start + 1 + 3 * i) % 12] for i in range(4)]
            self.problem(
                clause.span,
                f"`season {season}` does not cover whole quarters, and measure {mid} is"
                " reported quarterly",
                f"start the season in {either(starts)} and end it in {either(ends)}, or give the"
                " measure `reporting monthly`",
            )
            return None
        return season

    def profile(
        self, mid: str, clause: Clause | None, written: list[Clause]
    ) -> tuple[Decimal, ...]:
        """A year's target split over its quarters or months, as percentages adding to 100."""
        if clause is None:
            return ()
        shares: list[Decimal] = []
        good = True
        for q in clause.args:
            if q.mark != "%":
                self.problem(
                    q.span,
                    f"a profile share is a percentage: write `{shorten(q.text.lstrip('£'))}%`",
                )
                good = False
            elif q.value < 0:
                self.problem(q.span, f"a profile share cannot be negative: {shorten(q.text)}")
                good = False
            elif self.sized(q):
                shares.append(q.value)
            else:
                good = False
        if len(clause.args) not in (4, 12):
            self.problem(
                clause.span,
                f"this profile gives {len(clause.args)} shares, but a profile gives the year's"
                " 4 quarters or 12 months",
                "give one percentage for each quarter (or month) of the year, in order",
            )
            good = False
        elif good and sum(shares, ZERO) != HUNDRED:
            self.problem(
                clause.span,
                f"the profile's shares add up to {_plain(sum(shares, ZERO))}%, not 100%",
                "a profile splits the whole year's target: its shares must total exactly 100%",
            )
            good = False
        if not any(t.per_year is not None for t in written):
            self.problem(
                clause.span,
                f"a profile splits a year's target, but measure {mid} has no `target … a year`",
                "write the target as the year's, as in `target 650,000 a year`, or remove"
                " the profile",
            )
            good = False
        return tuple(shares) if good else ()

    def rounding(self, clause: Clause) -> int | None:
        places: Word = clause.args[0]
        if len(places.text) > 2 or int(places.text) > MAX_DECIMAL_PLACES:
            self.problem(
                places.span,
                f"`rounded to {shorten(places.text)} dp`: at most {MAX_DECIMAL_PLACES} decimal"
                " places",
            )
            return None
        return int(places.text)

    def polarity(
        self,
        mid: str,
        kind: MeasureKind,
        clause: Clause | None,
        targets: list[Clause],
        unit: Unit | None,
    ) -> Polarity:
        if unit is not None and unit.kind in WORDED:
            return self.worded_polarity(mid, clause, targets, unit)
        bands = [t for t in targets if t.kind == "band target"]
        singles = [t for t in targets if t.kind == "target"]
        if bands and singles:
            later = max(bands[0], singles[0], key=lambda c: (c.span.line, c.span.column))
            self.problem(
                later.span,
                f"measure {mid} mixes a band target with a single-value target",
                "a measure is either `target between … and …` throughout, or a single"
                " target with `higher is better` or `lower is better` throughout",
            )
        if bands:
            if clause is not None:
                self.problem(
                    clause.span,
                    f"`{clause.kind}` conflicts with the band target of measure {mid}",
                    "a band target is its own polarity: the band is best; remove this line",
                )
            return IN_BAND
        if clause is not None:
            return _POLARITIES[clause.kind]
        if singles and kind is CONTRACTUAL:
            self.problem(
                singles[0].span,
                f"measure {mid} has a target but no polarity",
                "add `higher is better` or `lower is better`",
            )
        return Polarity.NONE

    def worded_polarity(
        self, mid: str, clause: Clause | None, targets: list[Clause], unit: Unit
    ) -> Polarity:
        """A grade is better the higher it is; a yes/no measure is as its target says."""
        grade = unit.kind is GRADE
        if clause is not None:
            self.problem(
                clause.span,
                f"`{clause.kind}` on {_noun(unit)} measure {mid}: "
                + (
                    "its grades are listed from worst to best"
                    if grade
                    else "its target, yes or no, says which is better"
                ),
                "remove this line",
            )
        if grade:
            return HIGHER_IS_BETTER
        words = [t for t in targets if t.kind == "yes/no target"]
        if not words:
            return Polarity.NONE
        changed = next((t for t in words if t.args[0].text != words[0].args[0].text), None)
        if changed is not None:
            self.problem(
                changed.span,
                f"measure {mid} has both `target yes` and `target no`",
                "a yes/no measure's target stays the same; to stop rating it from a"
                " period, write `no target from …`",
            )
        return HIGHER_IS_BETTER if words[0].args[0].text == "yes" else LOWER_IS_BETTER

    # -- quantities -----------------------------------------------------------

    def value(self, q: Quantity, unit: Unit | None, what: str) -> Decimal | None:
        """Check a target, tolerance or benchmark value against the measure's unit.

        With no unit given (already reported) the value is taken as written.
        """
        if unit is None:
            return q.value if self.sized(q) and self.compared_exactly(q, what) else None
        kind = unit.kind
        if kind in WORDED:
            self.problem(
                q.span,
                f"`{shorten(q.text)}` is a number, but this measure's unit is"
                f" {'a grade' if kind is GRADE else 'yes/no'}",
                "a grade measure's target and tolerance are grades in quotes, as in"
                ' `target "Good"`, and it has no benchmarks'
                if kind is GRADE
                else "a yes/no measure's target is `target yes` or `target no`; it has no"
                " tolerance and no benchmarks",
            )
            return None
        if q.mark == "£" and kind is not MONEY:
            self.problem(
                q.span,
                f"`{shorten(q.text)}` is money, but this measure's unit is {unit}",
                f"write the {what} as"
                f" {'a percentage' if kind is PERCENT else 'a plain number'},"
                " or make the unit `money`",
            )
            return None
        if kind is PERCENT and q.mark != "%":
            self.problem(
                q.span,
                f"missing `%`: this measure is in percent, so write `{shorten(q.text)}%`",
                "percent values are percentage points from 0% to 100%",
            )
            return None
        if kind is not PERCENT and q.mark == "%":
            hint = f"write the {what} as a plain number, or make the unit `percent`"
            if what == "tolerance":  # `tolerance 5%` on a count most often means a margin
                hint = (
                    f"for a tolerance {shorten(q.text)} short of the target, write"
                    f" `tolerance within {shorten(q.text)} of target`; else {hint}"
                )
            self.problem(
                q.span,
                f"`{shorten(q.text)}` is a percentage, but this measure's unit is {unit}",
                hint,
            )
            return None
        if kind is PERCENT and not ZERO <= q.value <= HUNDRED:
            self.problem(
                q.span,
                f"{shorten(q.text)} is out of range: percent values run from 0% to 100%",
                None
                if q.value < ZERO
                else "a percentage is a share of a whole, at most 100%; for a value that can"
                " pass 100% (spend against budget, say) make the unit `number` and write the"
                " value without `%`",
            )
            return None
        if kind in NEVER_NEGATIVE and q.value < 0:
            self.problem(q.span, f"{shorten(q.text)} is negative, but {_noun(unit)} cannot be")
            return None
        return q.value if self.sized(q) and self.compared_exactly(q, what) else None

    def compared_exactly(self, q: Quantity, what: str) -> bool:
        """:meth:`rated_exactly` for a target's or a tolerance's value; a benchmark is shown,
        never compared with a reading, and keeps every digit written."""
        return what == "benchmark" or self.rated_exactly(q)

    def rated_exactly(self, q: Quantity) -> bool:
        """Whether a value the engine compares readings with (as a float, read as its
        shortest decimal) is the value written; report it if not: `95.000000000000001%`
        would be rated as 95%, and a reading of 95 as on target."""
        value = float(q.value)
        if Decimal(repr(value)) == q.value:
            return True
        rounded = _to_15_digits(q.value).normalize()
        self.problem(
            q.span,
            f"`{shorten(q.text)}` has more digits than a value can be rated exactly with:"
            f" it would be rated as {_plain(Decimal(repr(value)))}",
            f"round it to at most 15 significant digits ({_plain(rounded)})",
        )
        return False

    def sized(self, q: Quantity) -> bool:
        """Whether a value is within :data:`MAX_VALUE` either side of zero; report it if not."""
        if q.value.copy_abs() <= MAX_VALUE:  # copy_abs is exact; abs() rounds to 28 digits
            return True
        if q.mark == "£":
            where = "amounts run from -£1,000,000bn to £1,000,000bn"
        else:
            where = "values run from -1,000,000,000,000,000 to 1,000,000,000,000,000"
        self.problem(q.span, f"{shorten(q.text)} is out of range: {where}")
        return False

    def band(self, low: Quantity, high: Quantity, unit: Unit | None, what: str) -> Band | None:
        lo, hi = self.value(low, unit, what), self.value(high, unit, what)
        if lo is None or hi is None:
            return None
        if lo > hi:
            lower, upper = shorten(low.text), shorten(high.text)
            self.problem(
                low.span,
                f"the {what} band is reversed: {lower} is above {upper}",
                f"write the lower bound first: `between {upper} and {lower}`",
            )
            return None
        return Band(lo, hi)

    # -- dated series ----------------------------------------------------------

    def dated(
        self, clause: Clause, value: T | None, not_summed: str | None = None, mid: str = ""
    ) -> Dated[T] | None:
        """The term a clause gives, or None (its problem reported). ``not_summed`` says why
        its measure has no year's total, for a value written ``a year``."""
        start = self.period(clause.since) if clause.since else None
        per_year = clause.per_year is not None
        if per_year and not_summed is not None:
            assert clause.per_year is not None
            self.problem(
                clause.per_year.span,
                f"`a year` on measure {mid}, which {not_summed}: only a measure that rolls up"
                " by `sum` has a year's total",
                "remove `a year`: the value then applies to each period, the year included",
            )
            return None
        if value is None or (clause.since is not None and start is None):
            return None
        return Dated(value, start, clause.span, per_year)

    def label(self, mid: str, word: Word, unit: Unit | None, what: str) -> Decimal | None:
        """A grade's label, as its place among the grades (the worst is 1)."""
        if unit is None:
            return None
        if unit.kind is not GRADE:
            self.problem(
                word.span,
                f"a {what} in quotes is a grade, but measure {mid} is in {unit}",
                f"write the {what} as a value, such as `{what} 90%`, or list the grades:"
                ' `unit grade "…", "…"`',
            )
            return None
        number = self.grades.number(unit.labels, word.text)
        if number is None:
            close = self.grades.closest(unit.labels, word.text)
            self.problem(
                word.span,
                f'"{shorten(word.text)}" is not one of the grades of measure {mid}',
                f'did you mean "{close}"?'
                if close is not None
                else self.grades.listing(unit.labels, _grades_are),
            )
            return None
        return Decimal(number)

    def target_values(
        self, mid: str, clauses: list[Clause], unit: Unit | None, not_summed: str | None
    ) -> list[Dated[Decimal | Band | None]]:
        terms: list[Dated[Decimal | Band | None]] = []
        for clause in clauses:
            if clause.kind == "no target":
                start = self.period(clause.since) if clause.since else None
                if clause.since is None or start is not None:
                    terms.append(Dated(None, start, clause.span))
                continue
            value: Decimal | Band | None
            if clause.kind == "band target":
                value = self.band(clause.args[0], clause.args[1], unit, "target")
            elif clause.kind == "yes/no target":
                value = self.yes_or_no(mid, clause, unit)
            elif clause.kind == "label target":
                value = self.label(mid, clause.args[0], unit, "target")
            else:
                value = self.value(clause.args[0], unit, "target")
            term = self.dated(clause, value, not_summed, mid)
            if term is not None:
                terms.append(term)  # type: ignore[arg-type]
        return terms

    def yes_or_no(self, mid: str, clause: Clause, unit: Unit | None) -> Decimal | None:
        word = clause.args[0].text
        if unit is not None and unit.kind is not YES_NO:
            self.problem(
                clause.span,
                f"`target {word}` is for a yes/no measure, but measure {mid} is in {unit}",
                "write the target as a value, such as `target 90%`, or make the unit `yes/no`",
            )
            return None
        return Decimal(1 if word == "yes" else 0)

    def tolerance_values(
        self,
        mid: str,
        clauses: list[Clause],
        unit: Unit | None,
        polarity: Polarity,
        not_summed: str | None,
    ) -> list[Dated[Decimal | Band | Margin]]:
        terms: list[Dated[Decimal | Band | Margin]] = []
        kind = unit.kind if unit is not None else None
        for clause in clauses:
            value: Decimal | Band | Margin | None
            if kind is YES_NO:
                self.problem(
                    clause.span,
                    f"yes/no measure {mid} has no tolerance: a reading other than its target"
                    " is outside tolerance",
                    "remove this line",
                )
                continue
            if kind is GRADE and clause.kind in _MARGINS:
                self.problem(
                    clause.span,
                    f"grade measure {mid} has a {_MARGINS[clause.kind]} tolerance, but a grade's"
                    " tolerance is one of its grades",
                    'name the worst grade still inside tolerance, as in `tolerance "Requires'
                    ' improvement"`',
                )
                continue
            if clause.kind == "label tolerance":
                value = self.label(mid, clause.args[0], unit, "tolerance")
            elif clause.kind == "band tolerance":
                value = self.band(clause.args[0], clause.args[1], unit, "tolerance")
                if value is not None and polarity is not IN_BAND:
                    self.problem(
                        clause.span,
                        "a band tolerance needs a band target (`target between … and …`)",
                        "for a single target, the tolerance is one value: `tolerance 28%`",
                    )
                    value = None
            elif clause.kind in ("points tolerance", "relative tolerance"):
                value = self.margin(clause, unit)
            else:
                value = self.value(clause.args[0], unit, "tolerance")
                if value is not None and polarity is IN_BAND:
                    self.problem(
                        clause.span,
                        "a band target needs a band tolerance (`tolerance between … and …`)",
                        "or give the tolerance as a margin: `tolerance within 2 points of target`",
                    )
                    value = None
            term = self.dated(clause, value, not_summed, mid)
            if term is not None:
                terms.append(term)  # type: ignore[arg-type]
        return terms

    def margin(self, clause: Clause, unit: Unit | None) -> Margin | None:
        q: Quantity = clause.args[0]
        points = clause.kind == "points tolerance"
        if q.value < 0:
            self.problem(q.span, f"a margin cannot be negative: {shorten(q.text)}")
            return None
        if points and q.mark == "%":
            self.problem(
                q.span,
                f"`within {shorten(q.text)} points` mixes the two kinds of margin",
                f"write `within {shorten(q.text[:-1])} points of target` for percentage points, or"
                f" `within {shorten(q.text)} of target` for a share of the target's value",
            )
            return None
        if not points and q.mark == "":
            self.problem(
                q.span,
                f"`within {shorten(q.text)} of target` does not say what {shorten(q.text)} is",
                f"write `within {shorten(q.text)} points of target` for an absolute margin, or"
                f" `within {shorten(q.text)}% of target` for a share of the target's value",
            )
            return None
        if q.mark == "£" and unit is not None and unit.kind is not MONEY:
            self.problem(q.span, f"`{shorten(q.text)}` is money, but this measure's unit is {unit}")
            return None
        if not self.sized(q) or not self.rated_exactly(q):
            return None
        return Margin(q.value, relative=q.mark == "%")

    def series(self, what: str, terms: list[Dated[T]], example: str = "") -> list[Dated[T]]:
        """Check a dated series: one undated term at most, then dates in order."""
        kept: list[Dated[T]] = []
        for term in terms:
            previous = kept[-1] if kept else None
            if previous is None:
                kept.append(term)
                continue
            if term.start is None:
                if previous.start is None or kept[0].start is None:
                    first = kept[0] if kept[0].start is None else previous
                    self.problem(
                        term.span,
                        f"duplicate {what}: an undated {what} is already given on line"
                        f" {first.span.line}",
                        f"date the later one, as in `{example or what} … from 2018/19`",
                    )
                else:
                    self.problem(
                        term.span,
                        f"dated {_plural(what)} out of order: the undated {what} must come before"
                        f" the one from {previous.start} on line {previous.span.line}",
                        "write the undated term first, then the dated ones in date order",
                    )
                continue
            assert term.start is not None
            if previous.start is not None and term.start.first_month == previous.start.first_month:
                self.problem(
                    term.span,
                    f"duplicate {what} from {term.start}: one is already given on line"
                    f" {previous.span.line}",
                    "keep one of them",
                )
                continue
            if previous.start is not None and term.start.first_month < previous.start.first_month:
                self.problem(
                    term.span,
                    f"dated {_plural(what)} out of order: {term.start} comes before"
                    f" {previous.start} on line {previous.span.line}",
                    "write dated terms in date order",
                )
                continue
            kept.append(term)
        return kept

    def check_thresholds(
        self,
        mid: str,
        unit: Unit | None,
        polarity: Polarity,
        targets: list[Dated[Decimal | Band | None]],
        tolerances: list[Dated[Decimal | Band | Margin]],
    ) -> None:
        """At every date where either changes, the tolerance must suit the target."""
        starts = {t.start for t in targets} | {t.start for t in tolerances}
        ordered = sorted(starts, key=lambda p: -1 if p is None else p.first_month)
        reported: set[int] = set()
        # Both series are in date order (see series), so the term in force at
        # each date is found by walking each series forward once: linear.
        in_force_target = _walker(targets)
        in_force_tolerance = _walker(tolerances)
        for start in ordered:
            month = -1 if start is None else start.first_month
            target = in_force_target(month)
            tolerance = in_force_tolerance(month)
            if tolerance is None or id(tolerance) in reported:
                continue
            if target is None or target.value is None:
                # A tolerance must start where there is a target; one carried on
                # into a period whose target is withdrawn simply rests there.
                if _starts(tolerance) != month:
                    continue
                reported.add(id(tolerance))
                self.problem(
                    tolerance.span,
                    f"tolerance without a target: measure {mid} has no target {_from(start)}",
                    "remove the tolerance, or date it to start with the target"
                    " (`tolerance … from 2018/19`)",
                )
                continue
            value = tolerance.value
            if not isinstance(value, Margin) and tolerance.per_year != target.per_year:
                reported.add(id(tolerance))
                culprit = tolerance if _starts(tolerance) >= _starts(target) else target
                yearly, other = (
                    ("target", "tolerance") if target.per_year else ("tolerance", "target")
                )
                self.problem(
                    culprit.span,
                    f"the {yearly} of measure {mid} is a year's total (`a year`) {_from(start)},"
                    f" but its {other} is for each reporting period",
                    f"write `a year` after the {other} too, or give the tolerance as a margin"
                    " (`tolerance within 5% of target`)",
                )
                continue
            resolved = value.resolve(target.value, polarity) if isinstance(value, Margin) else value
            if isinstance(value, Margin) and not _in_range(resolved, unit):
                reported.add(id(tolerance))
                later = _starts(tolerance) >= _starts(target)
                self.problem(
                    (tolerance if later else target).span,  # the clause that made it so
                    f"`tolerance {value}` gives {_show(resolved, unit)} {_from(start)},"
                    f" which is outside what {_noun(unit)} can be",
                    "use a smaller margin, or give the tolerance as a value"
                    + ("" if later else ", dated to start with this target"),
                )
                continue
            if _is_better(resolved, target.value, polarity):
                culprit = tolerance if _starts(tolerance) >= _starts(target) else target
                reported.add(id(tolerance))
                if unit is not None and unit.kind is GRADE:
                    self.problem(
                        culprit.span,
                        f"the tolerance {_show(resolved, unit)} is a better grade than the"
                        f" target {_show(target.value, unit)} {_from(start)}",
                        "the tolerance is the worst grade still inside tolerance: the target's"
                        " grade or a worse one (grades are listed from worst to best)",
                    )
                    continue
                self.problem(
                    culprit.span,
                    f"the tolerance {_show(resolved, unit)} is better than the target"
                    f" {_show(target.value, unit)} ({polarity.value}) {_from(start)}",
                    "the tolerance is the worst acceptable value: for higher is better it is"
                    " at or below the target, for lower is better at or above it, and a band"
                    " tolerance contains the target band",
                )

    # -- benchmarks -----------------------------------------------------------

    def benchmarks(self, clauses: list[Clause], unit: Unit | None) -> tuple[Benchmark, ...]:
        by_comparator: dict[str, list[Dated[Benchmark]]] = {}
        for clause in clauses:
            comparisons, data_year = clause.args
            year = data_year.text if data_year else None
            if data_year is not None and not _YEAR.fullmatch(data_year.text):
                as_period = self.period(data_year)
                year = str(as_period) if as_period is not None else year  # as a period reads
            start = self.period(clause.since) if clause.since else None
            if clause.since is not None and start is None:
                continue
            named: dict[str, Span] = {}
            for comparison in comparisons:
                name, q = comparison.args
                if not name.text.strip():
                    self.named(name, "comparator's name")
                    continue
                if not self.once(
                    named,
                    name.text,
                    name.span,
                    f"{name.text} benchmark",
                    "give each comparator once in a benchmark clause",
                ):
                    continue
                value = self.value(q, unit, "benchmark")
                if value is None:
                    continue
                benchmark = Benchmark(name.text, value, year, start, _position(comparison.span))
                by_comparator.setdefault(name.text, []).append(
                    Dated(benchmark, start, comparison.span)
                )
        kept: list[Dated[Benchmark]] = []
        for name, terms in by_comparator.items():
            if len(terms) == 1:  # a single term is a series in order: no messages to make
                kept += terms
            else:
                shown = shorten(name)
                kept += self.series(f"{shown} benchmark", terms, f"benchmark {_comparator(shown)}")
        kept.sort(key=lambda t: (t.span.line, t.span.column))
        return tuple(t.value for t in kept)

    # -- risk share -----------------------------------------------------------

    def share_percent(self, q: Quantity) -> Decimal | None:
        if q.mark != "%":
            self.problem(
                q.span,
                f"a share is a percentage: write `{shorten(q.text.lstrip('£'))}%`",
            )
            return None
        if not ZERO <= q.value <= HUNDRED:
            self.problem(q.span, f"a share must be from 0% to 100%, not {shorten(q.text)}")
            return None
        if q.value != q.value.quantize(Decimal("0.000001"), rounding="ROUND_DOWN"):
            self.problem(q.span, f"a share has at most six decimal places, not {shorten(q.text)}")
            return None
        return q.value

    def amount(
        self,
        q: Quantity,
        what: str = "an amount here",
        percent: tuple[str, str | None] | None = None,
        kind: str = "risk-share",
    ) -> Decimal | None:
        """An amount of money: in pounds, not negative, within any contract's money, whole
        pence. ``what`` names it in messages, ``percent`` says what to say (and hint) of
        a percentage, ``kind`` whose amounts they are."""
        if q.mark == "%":
            message, hint = percent or (
                f"`{shorten(q.text)}` is a percentage; an amount is money, as in `£1m`",
                None,
            )
            self.problem(q.span, message, hint)
            return None
        if q.value < 0:
            self.problem(q.span, f"{what} cannot be negative: {shorten(q.text)}")
            return None
        if q.value > MAX_MONEY:
            self.problem(
                q.span, f"{shorten(q.text)} is more than any contract's money: at most £1,000,000bn"
            )
            return None
        if q.value != q.value.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
            self.problem(
                q.span,
                f"{shorten(q.text)} is not a whole number of pence",
                f"{kind} amounts are in pounds and pence: round to the penny",
            )
            return None
        return q.value

    def shares(self, shares: Sequence[Clause], span: Span, what: str) -> tuple[Decimal, Decimal]:
        """The council's and provider's percentages from share clauses; they must total 100%."""
        seen: dict[str, Span] = {}
        values: dict[str, Decimal] = {}
        for share in shares:
            party, q = share.args
            if self.once(seen, party.text, share.span, f"{party.text} share"):
                value = self.share_percent(q)
                if value is not None:
                    values[party.text] = value
        missing = [p for p in ("council", "provider") if p not in seen]
        if missing:
            self.problem(
                span,
                f"{what} gives no {missing[0]} share",
                "give both: `council 70%` and `provider 30%`",
            )
            return ZERO, ZERO
        if len(values) == 2 and values["council"] + values["provider"] != HUNDRED:
            total = values["council"] + values["provider"]
            self.problem(
                span,
                f"{what}: the shares add up to {total}%, not 100%",
                "the council's and the provider's shares must total exactly 100%",
            )
        return values.get("council", ZERO), values.get("provider", ZERO)

    def risk_share(self, block: Block) -> RiskShare:
        items = [c for c in block.items if c.kind != "metadata"]
        metadata = [c for c in block.items if c.kind == "metadata"]
        where = block.span
        # Every share, band and gain share by the date it applies from (None: from
        # the start), keyed by the date's first month; a bad date leaves it out.
        starts: dict[int | None, Period | None] = {None: None}
        dated: dict[str, dict[int | None, list[Clause]]] = {
            kind: {} for kind in ("share", "band", "gain share", "gain band")
        }
        for clause in items:
            if clause.kind in dated:
                known, start = self.share_date(clause)
                if known:
                    key = None if start is None else start.first_month
                    starts.setdefault(key, start)
                    dated[clause.kind].setdefault(key, []).append(clause)

        over: dict[int | None, list[ShareBand]] = {}
        for key in sorted({*dated["share"], *dated["band"]}, key=_date_order):
            plain, bands = dated["share"].get(key, []), dated["band"].get(key, [])
            what = "the risk share" + _dated(starts[key])
            if plain and bands:
                self.problem(
                    bands[0].span,
                    f"{'this risk share' + _dated(starts[key])} gives both plain shares and bands",
                    "give either `council 70%` and `provider 30%`, or bands covering every amount",
                )
            elif bands:
                over[key] = self.bands(bands, where)
            else:
                council, provider = self.shares(plain, plain[0].span, what)
                over[key] = [ShareBand(ZERO, None, council, provider, _position(plain[0].span))]
        if not dated["share"] and not dated["band"]:
            self.problem(
                where,
                "the risk share gives no shares",
                "add `council 70%` and `provider 30%`, or bands",
            )
        elif None not in dated["share"] and None not in dated["band"]:
            first = min((*dated["share"], *dated["band"]), key=_date_order)
            clause = (dated["share"].get(first) or dated["band"][first])[0]
            self.problem(
                clause.span,
                f"the risk share gives shares only{_dated(starts[first])}",
                "give the shares before then too, with no date, as in `council 70%`",
            )

        seen: dict[str, Span] = {}
        gain_plain: dict[int | None, ShareBand] = {}
        for key, gains in dated["gain share"].items():
            for gain in gains:
                if self.once(seen, f"gain share{_dated(starts[key])}", gain.span, "`gain share`"):
                    council, provider = self.shares(
                        gain.args, gain.span, "the gain share" + _dated(starts[key])
                    )
                    gain_plain[key] = ShareBand(ZERO, None, council, provider, _position(gain.span))
        gain_bands = {key: self.gain_bands(cs) for key, cs in dated["gain band"].items()}

        caps: dict[str, Decimal | None] = {"provider cap": None, "council cap": None}
        for clause in items:
            if clause.kind in caps and self.once(
                seen, clause.kind, clause.span, f"`{clause.kind}`"
            ):
                caps[clause.kind] = self.amount(clause.args[0])
                other = "council cap" if clause.kind == "provider cap" else "provider cap"
                if other in seen:
                    self.problem(
                        clause.span,
                        f"this risk share already has a `{other}` on line {seen[other].line}:"
                        " a risk share caps one party",
                        "beyond both caps neither party would pay the excess: keep one cap",
                    )

        def at(key: int | None) -> tuple[tuple[ShareBand, ...], tuple[ShareBand, ...]]:
            """The whole terms in force from a date on: the latest of each kind."""
            overspend = _latest(over, key) or []
            gain = _latest(gain_plain, key)
            under = [gain] if gain is not None else overspend
            laid = _latest(gain_bands, key) or []
            if not _covering(under):  # bands with a problem, reported: nothing to lay over
                return tuple(overspend), tuple(under)
            return tuple(overspend), _overlay(laid, under)

        first_bands, first_gain = at(None)
        changes = tuple(
            ShareChange(start, *at(key))
            for key, start in sorted(starts.items(), key=lambda kv: _date_order(kv[0]))
            if start is not None
        )
        return RiskShare(
            bands=first_bands,
            gain_share=first_gain,
            provider_cap=caps["provider cap"],
            metadata=self.metadata(metadata),
            position=_position(where),
            council_cap=caps["council cap"],
            changes=changes,
        )

    def share_date(self, clause: Clause) -> tuple[bool, Period | None]:
        """The date a share, band or gain share applies from: written once, at its end.

        False when the date is bad (its problem reported)."""
        shares = [clause] if clause.kind == "share" else [a for a in clause.args if _is_share(a)]
        for share in shares[:-1]:
            if share.since is not None:
                self.problem(
                    share.since.span,
                    f"a {'band' if 'band' in clause.kind else clause.kind} is dated once,"
                    " after its last share",
                    "move `from …` to the end of the line",
                )
        # A date out of place, reported above, still dates the clause: one problem, not more.
        last = next((share.since for share in reversed(shares) if share.since), None)
        if last is None:
            return True, None
        start = self.period(last)
        return start is not None, start

    def gain_bands(self, clauses: list[Clause]) -> list[ShareBand]:
        """Gain-share bands: each a slice of an underspend, none overlapping another.

        They need not start at £0 nor cover every amount: the plain gain share
        (or the overspend's shares) covers the rest."""
        result: list[tuple[ShareBand, Clause]] = []
        for clause in clauses:
            band_range, *shares = clause.args
            council, provider = self.shares(shares, clause.span, "this gain-share band")
            amounts = [self.amount(q) for q in band_range.args]
            bounds = [a for a in amounts if a is not None]
            if len(bounds) != len(amounts):
                continue
            lower, upper = {
                "up to": (ZERO, bounds[0]),
                "from to": (bounds[0], bounds[-1]),
                "above": (bounds[0], None),
            }[band_range.kind]
            if upper is not None and upper <= lower:
                self.problem(
                    band_range.span,
                    "this gain-share band is empty or reversed:"
                    f" {_money(lower)} to {_money(upper)}",
                )
                continue
            for other, written in result:
                if (other.upper is None or lower < other.upper) and (
                    upper is None or other.lower < upper
                ):
                    self.problem(
                        band_range.span,
                        "this gain-share band overlaps the one on line"
                        f" {written.span.line} ({_range(other.lower, other.upper)})",
                        "each slice of an underspend is shared by one band: make them follow on",
                    )
                    break
            else:
                band = ShareBand(lower, upper, council, provider, _position(clause.span))
                result.append((band, clause))
        return sorted((band for band, _ in result), key=lambda b: b.lower)

    def bands(self, clauses: list[Clause], where: Span) -> list[ShareBand]:
        """Bands must run from £0 without gaps or overlaps and end open-ended."""
        result: list[ShareBand] = []
        # Where the next band must start; None once the open `above` band is seen.
        expected: Decimal | None = ZERO
        known = True  # False after a band whose amounts were themselves wrong
        for clause in clauses:
            band_range, *shares = clause.args
            council, provider = self.shares(shares, clause.span, "this band")
            amounts = [self.amount(q) for q in band_range.args]
            if expected is None:
                self.problem(
                    clause.span,
                    "no band can follow the open-ended `above` band",
                    "put the `above` band last",
                )
                continue
            if not all(a is not None for a in amounts):
                known = False
                continue
            bounds = [a for a in amounts if a is not None]
            lower, upper = {
                "up to": (ZERO, bounds[0]),
                "from to": (bounds[0], bounds[-1]),
                "above": (bounds[0], None),
            }[band_range.kind]
            if not result and known and lower != expected:
                self.problem(
                    band_range.span,
                    f"the first band starts at {_money(lower)}, but the bands must start at £0",
                    f"make it `band up to {_money(upper or lower)}: …`",
                )
            elif known and lower != expected:
                gap = lower > expected
                self.problem(
                    band_range.span,
                    f"bands {'leave a gap' if gap else 'overlap'}: this band starts at"
                    f" {_money(lower)} but the one before ends at {_money(expected)}",
                    f"start this band at {_money(expected)}",
                )
            if upper is not None and upper <= lower:
                self.problem(
                    band_range.span,
                    f"this band is empty or reversed: {_money(lower)} to {_money(upper)}",
                )
            result.append(ShareBand(lower, upper, council, provider, _position(clause.span)))
            expected, known = upper, True
        if expected is not None and result:
            self.problem(
                clauses[-1].span,
                f"the bands stop at {_money(expected)}, so a larger overspend has no share",
                f"end with an open band: `band above {_money(expected)}: council …, provider …`",
            )
        return result


def _date_order(key: int | None) -> int:
    """Undated terms first, then dated ones by their first month."""
    return -1 if key is None else key


def _dated(start: Period | None) -> str:
    return "" if start is None else f" from {start}"


def _latest(terms: Mapping[int | None, T], key: int | None) -> T | None:
    """The term in force from ``key`` on: the latest at or before it."""
    kept = [k for k in terms if _date_order(k) <= _date_order(key)]
    return terms[max(kept, key=_date_order)] if kept else None


def _is_share(arg: object) -> bool:
    return isinstance(arg, Clause) and arg.kind == "share"


def _range(lower: Decimal, upper: Decimal | None) -> str:
    return f"above {_money(lower)}" if upper is None else f"{_money(lower)} to {_money(upper)}"


def _covering(bands: Sequence[ShareBand]) -> bool:
    """Whether bands run from £0, each from where the last ends, to an open-ended last."""
    ends = [ZERO, *(b.upper for b in bands)]
    return (
        bool(bands)
        and ends[-1] is None
        and all(b.lower == end for b, end in zip(bands, ends, strict=False))
    )


def _overlay(over: Sequence[ShareBand], under: Sequence[ShareBand]) -> tuple[ShareBand, ...]:
    """Bands ``over`` laid on ``under`` (which covers every amount): whole bands again."""
    every = (*over, *under)
    edges = sorted({b.lower for b in every} | {b.upper for b in every if b.upper is not None})
    result: list[ShareBand] = []
    sources: list[ShareBand] = []
    for lower, upper in zip(edges, [*edges[1:], None], strict=True):
        source = next(
            b for b in (*over, *under) if b.lower <= lower and (b.upper is None or lower < b.upper)
        )
        if sources and sources[-1] is source:
            result[-1] = attrs.evolve(result[-1], upper=upper)
        else:
            result.append(ShareBand(lower, upper, source.council, source.provider, source.position))
            sources.append(source)
    return tuple(result)


def _noun(unit: Unit | None) -> str:
    """A value of this unit, in words: "a percentage", "a number of days"."""
    kind = unit.kind if unit is not None else UnitKind.NUMBER
    return {
        UnitKind.PERCENT: "a percentage",
        UnitKind.COUNT: "a count",
        UnitKind.RATE: "a rate",
        UnitKind.NUMBER: "a number",
        UnitKind.DAYS: "a number of days",
        UnitKind.WEEKS: "a number of weeks",
        UnitKind.MONEY: "an amount of money",
        UnitKind.HOURS: "a number of hours",
        UnitKind.MINUTES: "a number of minutes",
        UnitKind.WORKING_DAYS: "a number of working days",
        UnitKind.TONNES: "a weight in tonnes",
        UnitKind.YES_NO: "a yes/no",
        UnitKind.GRADE: "a grade",
    }[kind]


def _words_of(unit: Unit | None) -> str:
    """What a yes/no or grade measure's readings are, in words."""
    if unit is not None and unit.kind is GRADE:
        return "grades"
    return "yes or no"


def _article(q: Quantity) -> str:
    return "a percentage" if q.mark == "%" else "an amount"


def _grades_are(labels: tuple[str, ...]) -> str:
    return "the grades are " + either([f'"{shorten(label)}"' for label in labels])


def _in_range(value: Decimal | Band, unit: Unit | None) -> bool:
    """Whether a value (or both ends of a band) is one the unit can take."""
    if isinstance(value, Band):
        return _in_range(value.low, unit) and _in_range(value.high, unit)
    kind = unit.kind if unit is not None else NUMBER
    if kind is PERCENT:
        return ZERO <= value <= HUNDRED
    if kind in NEVER_NEGATIVE:
        return value >= ZERO
    return True


def _comparator(name: str) -> str:
    """A comparator as written in a benchmark clause."""
    return name if name in ("national", "regional", "statistical neighbours") else f'"{name}"'


def _from(start: Period | None) -> str:
    """When a term starts, in words."""
    return "from the beginning" if start is None else f"from {start}"


def _walker(terms: Sequence[Dated[T]]) -> Callable[[int], Dated[T] | None]:
    """The term in force at a month, for months asked in increasing order.

    ``terms`` must be in date order, as :meth:`_Assembler.series` keeps them;
    then the whole walk over any number of months visits each term once.
    """
    position = -1

    def in_force(month: int) -> Dated[T] | None:
        nonlocal position
        while position + 1 < len(terms) and _starts(terms[position + 1]) <= month:
            position += 1
        return terms[position] if position >= 0 else None

    return in_force


def _starts(term: Dated[Any]) -> int:
    return -1 if term.start is None else term.start.first_month


def _is_better(tolerance: Decimal | Band, target: Decimal | Band, polarity: Polarity) -> bool:
    if isinstance(target, Band) or isinstance(tolerance, Band):
        if not (isinstance(target, Band) and isinstance(tolerance, Band)):
            return False
        return tolerance.low > target.low or tolerance.high < target.high
    if polarity is HIGHER_IS_BETTER:
        return tolerance > target
    if polarity is LOWER_IS_BETTER:
        return tolerance < target
    return False


# A loop of more ratios than this is named by its first and last few.
LOOP_SHOWN = 6


def _loop(path: list[str], start: int) -> str:
    """The loop that ``path[start:]`` closes, back to its start: ``A → B → A``.

    A long one shows its first and last few ratios and how many there are,
    so that a message stays short however long the loop.
    """
    count = len(path) - start
    if count <= LOOP_SHOWN:
        shown = [shorten(m) for m in path[start:]]
    else:
        head = [shorten(m) for m in path[start : start + LOOP_SHOWN // 2]]
        tail = [shorten(m) for m in path[len(path) - LOOP_SHOWN // 2 + 1 :]]
        shown = [*head, "…", *tail]
    loop = " → ".join([*shown, shorten(path[start])])
    return loop if count <= LOOP_SHOWN else f"{loop}, {count:,} ratios"


def _show(value: Decimal | Band, unit: Unit | None) -> str:
    """A threshold as it would be written in the file."""
    kind = unit.kind if unit is not None else NUMBER
    if unit is not None and kind in WORDED and isinstance(value, Decimal):
        word = unit.label_of(value) or str(value)
        return f'"{shorten(word)}"' if kind is GRADE else word
    mark = "%" if kind is PERCENT else ""
    if isinstance(value, Band):
        return f"between {_show(value.low, unit)} and {_show(value.high, unit)}"
    return _money(value) if kind is MONEY else shorten(f"{value}{mark}")


def _about(value: Decimal | Band, unit: Unit | None) -> str:
    """:func:`_show` of a worked-out value, to two decimals where it has more (a year's
    40 shared over 12 months is about 3.33 a month)."""
    if isinstance(value, Decimal) and value != value.quantize(Decimal("0.01"), ROUND_HALF_UP):
        return "about " + _show(value.quantize(Decimal("0.01"), ROUND_HALF_UP), unit)
    return _show(value, unit)


def _money(value: Decimal) -> str:
    """An amount as a finance officer writes it: £1.25m, £950k, £1,234.50."""
    if value >= 1_000_000 and value % 10_000 == 0:
        return f"£{(value / 1_000_000).normalize():f}m"
    if value >= 1_000 and value % 1_000 == 0:
        return f"£{(value / 1_000).normalize():f}k"
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def compile_contract(block: Block, text: str, source: str) -> Contract:
    """Build the model from the parsed clauses, or raise every validation problem at once.

    The arithmetic is done in Python's default decimal context, whatever the caller
    has set: a contract means the same in every program (and in the cache of compiled
    contracts, which any program may read).
    """
    assembler = _Assembler(text, source)
    assembler.refuse_controls()
    with localcontext(_ARITHMETIC):
        contract = assembler.contract(block)
    if assembler.problems:
        problems = sorted(assembler.problems, key=lambda d: (d.line or 0, d.column or 0))
        raise ContractValidationError(problems) from None
    return contract
