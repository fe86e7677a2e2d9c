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
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from perfcontract._parse import source_lines
from perfcontract._syntax import Block, Clause, Quantity, Span, Word
from perfcontract.errors import ContractValidationError, Diagnostic, PeriodError, shorten
from perfcontract.model import (
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
    ShareBand,
    Term,
    Unit,
    UnitKind,
)
from perfcontract.periods import MONTH_NAMES, Period

__all__ = ["compile_contract"]

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
NON_NEGATIVE = (UnitKind.COUNT, UnitKind.RATE, UnitKind.DAYS, UnitKind.WEEKS)
HIGHER_IS_BETTER, LOWER_IS_BETTER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
IN_BAND = Polarity.IN_BAND
CONTRACTUAL, VOLUMETRIC = MeasureKind.CONTRACTUAL, MeasureKind.VOLUMETRIC


class _Dated(Generic[T]):
    """A term on its way to the model: value, start, and where its clause is."""

    __slots__ = ("span", "start", "value")

    def __init__(self, value: T, start: Period | None, span: Span) -> None:
        self.value = value
        self.start = start
        self.span = span


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
        self.year_start = 4
        self.reporting = Reporting.QUARTERLY

    # -- reporting problems -------------------------------------------------

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, split only when there is a problem to show."""
        return source_lines(self.text)

    def problem(self, span: Span, message: str, hint: str | None = None) -> None:
        line_text = self.lines[span.line - 1] if 0 < span.line <= len(self.lines) else ""
        length = (
            span.end_column - span.column
            if span.end_line == span.line
            else (len(line_text) - span.column + 1)
        )
        self.problems.append(
            Diagnostic(
                message,
                source=self.source,
                line=span.line,
                column=span.column,
                length=max(1, length),
                source_line=line_text,
                hint=hint,
            )
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
                    self.year_start = self.month(item.args[0])
            elif item.kind == "reporting":
                if self.once(seen, item.kind, item.span, "`reporting`"):
                    reporting = self.reporting = Reporting(item.args[0].text)
            elif item.kind == "metadata":
                metadata.append(item)

        groups: list[Group] = []
        group_names: dict[str, Span] = {}
        measure_ids: dict[str, Span] = {}
        risk_share: RiskShare | None = None
        for item in block.items:
            if not isinstance(item, Block):
                continue
            if item.kind == "group":
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
        )

    def month(self, word: Word) -> int:
        name = word.text
        for number, month in enumerate(MONTH_NAMES, start=1):
            if name.lower() in (month.lower(), month[:3].lower()):
                return number
        close = difflib.get_close_matches(name.capitalize(), MONTH_NAMES, n=1)
        self.problem(
            word.span,
            f"`{shorten(name)}` is not a month; `year starts` takes a month such as April",
            f"did you mean `{close[0]}`?" if close else None,
        )
        return self.year_start

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
        rounding: int | None = None
        aggregate: Aggregate | None = None
        targets: list[Clause] = []
        tolerances: list[Clause] = []
        benchmarks: list[Clause] = []
        metadata: list[Clause] = []

        for clause in block.items:
            k = clause.kind
            if k in ("unit", "rate unit"):
                if self.once(seen, "unit", clause.span, "`unit`"):
                    unit = self.unit(clause)
            elif k in ("higher is better", "lower is better"):
                if self.once(seen, "polarity", clause.span, "polarity"):
                    polarity_clause = clause
            elif k == "rounding":
                if self.once(seen, k, clause.span, "`rounded to`"):
                    rounding = self.rounding(clause)
            elif k == "aggregate":
                if self.once(seen, k, clause.span, "`aggregate`"):
                    aggregate = _AGGREGATES[clause.args[0].text]
            elif k in ("target", "band target", "no target"):
                targets.append(clause)
            elif k.endswith("tolerance"):
                tolerances.append(clause)
            elif k == "benchmark":
                benchmarks.append(clause)
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

        polarity = self.polarity(mid, kind, polarity_clause, targets)
        before = len(self.problems)
        target_terms = self.series("target", self.target_values(targets, checked, polarity))
        tolerance_terms = self.series(
            "tolerance", self.tolerance_values(tolerances, checked, polarity)
        )
        # Thresholds are compared only when every one of them could be read:
        # one bad value is one problem, not a cascade of comparisons with it.
        if len(self.problems) == before:
            self.check_thresholds(mid, checked, polarity, target_terms, tolerance_terms)

        return Measure(
            id=block.name.text,
            title=block.title.text if block.title else block.name.text,
            kind=kind,
            group=group,
            unit=unit,
            polarity=polarity,
            targets=tuple([Term(t.value, t.start, _position(t.span)) for t in target_terms]),
            tolerances=tuple([Term(t.value, t.start, _position(t.span)) for t in tolerance_terms]),
            rounding=rounding,
            aggregate=aggregate or unit.default_aggregate,
            benchmarks=self.benchmarks(benchmarks, checked),
            metadata=self.metadata(metadata),
            position=_position(block.span),
            year_start=self.year_start,
            contract_reporting=self.reporting,
        )

    def unit(self, clause: Clause) -> Unit:
        if clause.kind == "unit":
            return _UNITS[clause.args[0].text]
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
    ) -> Polarity:
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

    # -- quantities -----------------------------------------------------------

    def value(self, q: Quantity, unit: Unit | None, what: str) -> Decimal | None:
        """Check a target, tolerance or benchmark value against the measure's unit.

        With no unit given (already reported) the value is taken as written.
        """
        if unit is None:
            return q.value if self.sized(q) else None
        kind = unit.kind
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
            self.problem(
                q.span,
                f"`{shorten(q.text)}` is a percentage, but this measure's unit is {unit}",
                f"write the {what} as a plain number, or make the unit `percent`",
            )
            return None
        if kind is PERCENT and not ZERO <= q.value <= HUNDRED:
            self.problem(
                q.span, f"{shorten(q.text)} is out of range: percent values run from 0% to 100%"
            )
            return None
        if kind in NON_NEGATIVE and q.value < 0:
            self.problem(q.span, f"{shorten(q.text)} is negative, but {_noun(unit)} cannot be")
            return None
        return q.value if self.sized(q) else None

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

    def dated(self, clause: Clause, value: T | None) -> _Dated[T] | None:
        start = self.period(clause.since) if clause.since else None
        if value is None or (clause.since is not None and start is None):
            return None
        return _Dated(value, start, clause.span)

    def target_values(
        self, clauses: list[Clause], unit: Unit | None, polarity: Polarity
    ) -> list[_Dated[Decimal | Band | None]]:
        terms: list[_Dated[Decimal | Band | None]] = []
        for clause in clauses:
            if clause.kind == "no target":
                start = self.period(clause.since) if clause.since else None
                if clause.since is None or start is not None:
                    terms.append(_Dated(None, start, clause.span))
                continue
            value: Decimal | Band | None
            if clause.kind == "band target":
                value = self.band(clause.args[0], clause.args[1], unit, "target")
            else:
                value = self.value(clause.args[0], unit, "target")
            term = self.dated(clause, value)
            if term is not None:
                terms.append(term)  # type: ignore[arg-type]
        return terms

    def tolerance_values(
        self, clauses: list[Clause], unit: Unit | None, polarity: Polarity
    ) -> list[_Dated[Decimal | Band | Margin]]:
        terms: list[_Dated[Decimal | Band | Margin]] = []
        for clause in clauses:
            value: Decimal | Band | Margin | None
            if clause.kind == "band tolerance":
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
            term = self.dated(clause, value)
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
        if not self.sized(q):
            return None
        return Margin(q.value, relative=q.mark == "%")

    def series(self, what: str, terms: list[_Dated[T]], example: str = "") -> list[_Dated[T]]:
        """Check a dated series: one undated term at most, then dates in order."""
        kept: list[_Dated[T]] = []
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
        targets: list[_Dated[Decimal | Band | None]],
        tolerances: list[_Dated[Decimal | Band | Margin]],
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
            resolved = value.resolve(target.value, polarity) if isinstance(value, Margin) else value
            if isinstance(value, Margin) and not _in_range(resolved, unit):
                reported.add(id(tolerance))
                self.problem(
                    tolerance.span,
                    f"`tolerance {value}` gives {_show(resolved, unit)} {_from(start)},"
                    f" which is outside what {_noun(unit)} can be",
                    "use a smaller margin, or give the tolerance as a value",
                )
                continue
            if _is_better(resolved, target.value, polarity):
                culprit = tolerance if _starts(tolerance) >= _starts(target) else target
                reported.add(id(tolerance))
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
        by_comparator: dict[str, list[_Dated[Benchmark]]] = {}
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
                    _Dated(benchmark, start, comparison.span)
                )
        kept: list[_Dated[Benchmark]] = []
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

    def amount(self, q: Quantity) -> Decimal | None:
        if q.mark == "%":
            self.problem(
                q.span, f"`{shorten(q.text)}` is a percentage; an amount is money, as in `£1m`"
            )
            return None
        if q.value < 0:
            self.problem(q.span, f"an amount here cannot be negative: {shorten(q.text)}")
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
                "risk-share amounts are in pounds and pence: round to the penny",
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
        plain = [c for c in block.items if c.kind == "share"]
        bands = [c for c in block.items if c.kind == "band"]
        gains = [c for c in block.items if c.kind == "gain share"]
        caps = [c for c in block.items if c.kind == "provider cap"]
        metadata = [c for c in block.items if c.kind == "metadata"]
        where = block.span

        share_bands: list[ShareBand] = []
        if plain and bands:
            self.problem(
                bands[0].span,
                "this risk share gives both plain shares and bands",
                "give either `council 70%` and `provider 30%`, or bands covering every amount",
            )
        elif bands:
            share_bands = self.bands(bands, where)
        elif plain:
            council, provider = self.shares(plain, plain[0].span, "the risk share")
            share_bands = [ShareBand(ZERO, None, council, provider, _position(plain[0].span))]
        else:
            self.problem(
                where,
                "the risk share gives no shares",
                "add `council 70%` and `provider 30%`, or bands",
            )

        seen: dict[str, Span] = {}
        gain_bands = share_bands
        for gain in gains:
            if self.once(seen, "gain share", gain.span, "`gain share`"):
                council, provider = self.shares(gain.args, gain.span, "the gain share")
                gain_bands = [ShareBand(ZERO, None, council, provider, _position(gain.span))]
        cap: Decimal | None = None
        for clause in caps:
            if self.once(seen, "provider cap", clause.span, "`provider cap`"):
                cap = self.amount(clause.args[0])
        return RiskShare(
            bands=tuple(share_bands),
            gain_share=tuple(gain_bands),
            provider_cap=cap,
            metadata=self.metadata(metadata),
            position=_position(where),
        )

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
    }[kind]


def _in_range(value: Decimal | Band, unit: Unit | None) -> bool:
    """Whether a value (or both ends of a band) is one the unit can take."""
    if isinstance(value, Band):
        return _in_range(value.low, unit) and _in_range(value.high, unit)
    kind = unit.kind if unit is not None else NUMBER
    if kind is PERCENT:
        return ZERO <= value <= HUNDRED
    if kind in NON_NEGATIVE:
        return value >= ZERO
    return True


def _comparator(name: str) -> str:
    """A comparator as written in a benchmark clause."""
    return name if name in ("national", "regional", "statistical neighbours") else f'"{name}"'


def _from(start: Period | None) -> str:
    """When a term starts, in words."""
    return "from the beginning" if start is None else f"from {start}"


def _walker(terms: Sequence[_Dated[T]]) -> Callable[[int], _Dated[T] | None]:
    """The term in force at a month, for months asked in increasing order.

    ``terms`` must be in date order, as :meth:`_Assembler.series` keeps them;
    then the whole walk over any number of months visits each term once.
    """
    position = -1

    def in_force(month: int) -> _Dated[T] | None:
        nonlocal position
        while position + 1 < len(terms) and _starts(terms[position + 1]) <= month:
            position += 1
        return terms[position] if position >= 0 else None

    return in_force


def _starts(term: _Dated[Any]) -> int:
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


def _show(value: Decimal | Band, unit: Unit | None) -> str:
    """A threshold as it would be written in the file."""
    kind = unit.kind if unit is not None else NUMBER
    mark = "%" if kind is PERCENT else ""
    if isinstance(value, Band):
        return f"between {_show(value.low, unit)} and {_show(value.high, unit)}"
    return _money(value) if kind is MONEY else shorten(f"{value}{mark}")


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
    """Build the model from the parsed clauses, or raise every validation problem at once."""
    assembler = _Assembler(text, source)
    contract = assembler.contract(block)
    if assembler.problems:
        problems = sorted(assembler.problems, key=lambda d: (d.line or 0, d.column or 0))
        raise ContractValidationError(problems) from None
    return contract
