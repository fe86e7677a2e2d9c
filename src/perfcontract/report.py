"""The quarterly scrutiny report: summary table, RAG cards, trends, benchmarks and commentary.

:meth:`Report.build` evaluates a contract for a period, looks back over the
periods before it for each measure's trend, and pairs each measure with its
commentary. The report renders as one self-contained HTML file
(:meth:`Report.to_html`: no script, font, stylesheet or image fetched from
anywhere) or as Markdown (:meth:`Report.to_markdown`).

```pycon
>>> import datetime
>>> import perfcontract as pc
>>> contract = pc.load("examples/dcst-2017-18.contract")
>>> readings = pc.Readings.from_csv("examples/dcst-2017-18-readings.csv")
>>> report = pc.Report.build(contract, readings, "2017/18 Q4",
...     generated=datetime.datetime(2018, 7, 9, 10, 0, tzinfo=datetime.timezone.utc))
>>> report.title
'DCST service delivery contract: performance report, Quarter 4 2017/18'
>>> [entry.id for entry in report.section(pc.Section.CONCERN)]
['A1', 'A4', 'A8', 'A9', 'B8', 'B10', 'B13', 'B14', 'FO1']
>>> [point.value for point in report["A1"].trend]
[27.2, 28.0, 26.8, 26.0]
>>> [entry.id for entry in report.missing_commentary()][:3]
['A1', 'A4', 'A8']

```

Which card a measure gets follows its status alone, so anyone can predict
it: outside tolerance and inside tolerance are areas of *concern* and of
*potential concern* (red); on or better than target is *good* (green); no
target and no data are shown apart (grey). A measure that improved but is
still short of its target stays a potential concern, with its arrow showing
the improvement. A contractual measure not due in the period (reported
annually, or out of season) has a section of its own, and is counted
nowhere.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from perfcontract import _frozen
from perfcontract._collector import paused
from perfcontract._escape import one_line
from perfcontract._fingerprint import contract_fingerprint
from perfcontract._periodtext import read_period
from perfcontract.commentary import Comment, Commentary, CommentaryError, ResolvedCommentary
from perfcontract.errors import Diagnostic, PeriodError, quoted, shorten
from perfcontract.evaluation import (
    Evaluation,
    MeasureResult,
    _evaluate_with_history,
    _resolved,
    _Table,
)
from perfcontract.model import Band, Contract
from perfcontract.periods import Period, PeriodLike
from perfcontract.readings import ResolvedReadings, _nan_as_itself
from perfcontract.status import Status
from perfcontract.summary import Summary, caption_for

if TYPE_CHECKING:
    from perfcontract.payment import Payment  # imported to pay, when a contract has a block

__all__ = ["Report", "ReportEntry", "Section", "TrendPoint"]

HISTORY = 8  # periods in a trend line, the report's own included: two years of quarters


class Section(enum.Enum):
    """Where a measure stands in the report, with the heading of its section.

    ```pycon
    >>> Section.for_status(Status.WITHIN_TOLERANCE), Section.GOOD.heading
    (<Section.CONCERN: 'concern'>, 'Areas of good and improving performance')

    ```
    """

    CONCERN = "concern"
    GOOD = "good"
    UNRATED = "unrated"
    NOT_DUE = "not-due"
    VOLUMETRIC = "volumetric"

    @property
    def heading(self) -> str:
        """The section's heading, in the reference report's words where it has them."""
        return _HEADINGS[self]

    @classmethod
    def for_status(cls, status: Status | None) -> Section:
        """The section of a measure with ``status`` (``None``: a volumetric measure)."""
        if status is None:
            return cls.VOLUMETRIC
        if status in (Status.OUTSIDE_TOLERANCE, Status.WITHIN_TOLERANCE):
            return cls.CONCERN
        if status is Status.ON_TARGET:
            return cls.GOOD
        return cls.UNRATED


_HEADINGS = {
    Section.CONCERN: "Areas of concern and potential concern",
    Section.GOOD: "Areas of good and improving performance",
    Section.UNRATED: "No target specified or no data",
    Section.NOT_DUE: "Not due this period",
    Section.VOLUMETRIC: "Volumetric measures",
}


@attrs.frozen
class TrendPoint:
    """One period of a measure's trend: the reading and the terms then in force.

    ``value`` is NaN for a period without a reading; ``status`` is ``None``
    for a volumetric measure, and in a period the measure is not due in
    (``due`` false: no value either).
    """

    period: Period
    value: float = attrs.field(eq=_nan_as_itself)  # no reading: NaN, equal to another
    target: Decimal | Band | None
    tolerance: Decimal | Band | None
    status: Status | None
    due: bool = True


@attrs.frozen
class ReportEntry:
    """One measure in the report: its result, its trend and its commentary for the period."""

    result: MeasureResult
    trend: tuple[TrendPoint, ...]
    commentary: tuple[Comment, ...]

    def __repr__(self) -> str:
        return (
            f"<ReportEntry {self.result.measure.id} for {self.result.period}:"
            f" {len(self.trend)} trend points, {len(self.commentary)} comments>"
        )

    @property
    def id(self) -> str:
        """The measure's id."""
        return self.result.measure.id

    @property
    def section(self) -> Section:
        """Where the measure stands: see :class:`Section`; a contractual measure not due in
        the period is :attr:`Section.NOT_DUE`."""
        if not self.result.due and self.result.measure.is_contractual:
            return Section.NOT_DUE
        return Section.for_status(self.result.status)

    @property
    def needs_commentary(self) -> bool:
        """A measure of concern or potential concern with no commentary for the period."""
        return self.section is Section.CONCERN and not self.commentary


@attrs.frozen(eq=False)
class Report:
    """A contract's performance for one period, ready to render as HTML or Markdown.

    Build one with :meth:`build`. ``periods`` are those of every trend,
    oldest first, the report's own last. ``unshown`` is the commentary on
    periods that neither are, contain nor fall within the report's period:
    accepted, and not shown. ``contract_hash`` and ``readings_hash`` are
    short fingerprints of what the report was made from (see
    :func:`fingerprint`), so that two copies of a report can be told apart.
    ``payment`` is the payment for the report's period when the contract has
    a ``payment`` block (``payment_note`` says why there is none when it has
    one but no payment can be worked out for the period).
    """

    evaluation: Evaluation
    entries: tuple[ReportEntry, ...]
    periods: tuple[Period, ...]
    generated: datetime.datetime
    contract_hash: str
    readings_hash: str
    unshown: tuple[Comment, ...] = ()
    payment: Payment | None = None
    payment_note: str = ""
    _by_id: Mapping[str, ReportEntry] = attrs.field(init=False, repr=False)
    _by_section: Mapping[Section, tuple[ReportEntry, ...]] = attrs.field(init=False, repr=False)

    # Pickles (to another process) and copies, its read-only views written as dicts.
    __getstate__ = _frozen.state
    __setstate__ = _frozen.restore

    def __repr__(self) -> str:
        name = shorten(one_line(self.contract.name), 60)
        return f"<Report of {name!r} for {self.evaluation.period}: {len(self.entries)} measures>"

    def _repr_html_(self) -> str:
        from perfcontract.render.notebook import report_html

        return report_html(self)

    @_by_id.default
    def _index(self) -> Mapping[str, ReportEntry]:
        return MappingProxyType({entry.id: entry for entry in self.entries})

    @_by_section.default
    def _sections(self) -> Mapping[Section, tuple[ReportEntry, ...]]:
        """The entries of each section, in contract order: sorted once, shown many times."""
        found: dict[Section, list[ReportEntry]] = {section: [] for section in Section}
        for entry in self.entries:
            found[entry.section].append(entry)
        return MappingProxyType({section: tuple(entries) for section, entries in found.items()})

    @classmethod
    def build(
        cls,
        contract: Contract,
        readings: Any,
        period: PeriodLike,
        *,
        commentary: Commentary | ResolvedCommentary | None = None,
        authority: str | None = None,
        generated: datetime.datetime | None = None,
        history: int = HISTORY,
    ) -> Report:
        """Evaluate ``contract`` for ``period`` and gather each measure's trend and commentary.

        ``readings`` are as for :meth:`Contract.evaluate`; ``commentary`` is
        checked against the contract (a :class:`~perfcontract.commentary.CommentaryError`
        lists every entry whose measure or period is unknown). A measure
        shows the commentary on the report's period, then on periods within
        it or containing it (a month of the quarter, the whole year), each
        labelled with its period. A trend covers
        up to ``history`` periods of the report's kind (quarters for a
        quarter), ending with the report's, from the first period that has a
        reading. ``generated`` defaults to now, or to the time in the
        ``SOURCE_DATE_EPOCH`` environment variable when it is set, so that a
        build can make the same report twice.

        ```pycon
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> report = pc.Report.build(contract, {"A1": 26, "B8": 76}, "2017/18 Q4", history=4)
        >>> report["B8"].section, [p.period.label for p in report["B8"].trend]
        (<Section.CONCERN: 'concern'>, ['2017/18 Q4'])

        ```
        """
        if isinstance(history, bool) or not isinstance(history, int):
            raise TypeError(f"history is a whole number of periods, not {type(history).__name__}")
        if history < 1:
            raise ValueError(f"history must be at least 1 period, not {history}")
        with paused():  # tens of thousands of small acyclic records: see _collector
            at = Period.parse(period, year_start=contract.year_start)
            resolved = _resolved(readings, contract, at, authority)
            notes = (
                commentary.resolve(contract) if isinstance(commentary, Commentary) else commentary
            )
            notes = notes or ResolvedCommentary()
            if notes.contract_name not in (None, contract.name):
                raise CommentaryError(
                    [
                        Diagnostic(
                            f"this commentary was checked against the contract"
                            f" {quoted(notes.contract_name or '')}, not {quoted(contract.name)}",
                            source="<commentary>",
                            hint="resolve the commentary against the contract you report on",
                        )
                    ]
                )
            shown, unshown = _sort_commentary(notes, at)
            periods = _history(resolved, at, history)
            # One table holds every measure's values, terms and statuses in every period
            # of the trends (and the one before the report's): rated in one call.
            now, table = _evaluate_with_history(contract, resolved, at, authority, periods)
            trends = _trends(table, periods)
            payment, payment_note = _payment(contract, resolved, at, now.authority)
            entries = tuple(
                ReportEntry(result, trend, tuple(shown.get(result.id, ())))
                for result, trend in zip(now, trends, strict=True)
            )
            return cls(
                now,
                entries,
                tuple(periods),
                generated or _now(),
                fingerprint(contract),
                fingerprint(resolved),
                tuple(unshown),
                payment=payment,
                payment_note=payment_note,
            )

    def __getitem__(self, measure_id: str) -> ReportEntry:
        try:
            return self._by_id[measure_id]
        except KeyError:
            raise KeyError(f"no measure {quoted(measure_id)} in the report") from None

    def __iter__(self) -> Iterator[ReportEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def contract(self) -> Contract:
        """The contract reported on."""
        return self.evaluation.contract

    @property
    def period(self) -> Period:
        """The period reported on."""
        return self.evaluation.period

    @property
    def caption(self) -> str:
        """The period in the report's words: ``Quarter 4 2017/18``."""
        return caption_for(self.period)

    @property
    def trend_span(self) -> str:
        """The periods the trends cover, in words: ``2017/18 Q1 to 2017/18 Q4``."""
        first, last = self.periods[0].label, self.periods[-1].label
        return first if first == last else f"{first} to {last}"

    @property
    def generated_text(self) -> str:
        """When the report was made, in words: ``9 July 2018 09:00 UTC``."""
        text = f"{self.generated.day} {self.generated:%B %Y %H:%M}"
        zone = self.generated.tzname()
        return f"{text} {zone}" if zone else text

    def facts(self) -> list[tuple[str, str]]:
        """The header's facts, as (name, value): period, parties, time, fingerprints, source.

        ```pycon
        >>> import datetime
        >>> import perfcontract as pc
        >>> contract = pc.load("examples/dcst-2017-18.contract")
        >>> report = pc.Report.build(contract, {"A1": 26}, "2017/18 Q4",
        ...     generated=datetime.datetime(2018, 7, 9, 9, 0))
        >>> [name for name, _ in report.facts()]
        ['Period', 'Council', 'Provider', 'Generated', 'Contract', 'Readings', 'Source']
        >>> dict(report.facts())["Generated"]
        '9 July 2018 09:00'

        ```
        """
        contract = self.contract
        label = self.period.label
        facts = [("Period", self.caption if self.caption == label else f"{self.caption} ({label})")]
        if contract.council:
            facts.append(("Council", contract.council))
        if contract.provider:
            facts.append(("Provider", contract.provider))
        if self.evaluation.authority:
            facts.append(("Authority", self.evaluation.authority))
        facts.append(("Generated", self.generated_text))
        facts.append(("Contract", f"fingerprint {self.contract_hash}"))
        facts.append(("Readings", f"fingerprint {self.readings_hash}"))
        if contract.metadata.source:
            facts.append(("Source", contract.metadata.source))
        return facts

    def said_when(self, comment: Comment) -> str:
        """The period of a comment in words when it is not the report's own; else "".

        The period is read as the commentary's own check read it, in any form a
        commentary file may write it (``Q4 2017/18`` as well as ``2017/18 Q4``).
        """
        when = read_period(comment.period, year_start=self.contract.year_start)
        return "" if when == self.period else caption_for(when)

    @property
    def title(self) -> str:
        """The report's title: the contract and the period."""
        return f"{self.contract.name}: performance report, {self.caption}"

    def summary(self) -> Summary:
        """The scrutiny table, exactly as :meth:`Evaluation.summary` gives it."""
        return self.evaluation.summary()

    def section(self, section: Section) -> tuple[ReportEntry, ...]:
        """The entries in ``section``, in contract order."""
        return self._by_section.get(section, ())

    def missing_commentary(self) -> tuple[ReportEntry, ...]:
        """Measures of concern or potential concern with no commentary for the period."""
        return tuple(entry for entry in self.section(Section.CONCERN) if entry.needs_commentary)

    def to_html(self) -> str:
        """The report as one self-contained HTML page, ready to print or attach."""
        from perfcontract.render.html import report_html

        return report_html(self)

    def to_markdown(self) -> str:
        """The report in Markdown, for pasting into a document."""
        from perfcontract.render.markdown import report_markdown

        return report_markdown(self)


def _payment(
    contract: Contract, resolved: ResolvedReadings, at: Period, authority: str | None
) -> tuple[Payment | None, str]:
    """The payment for the report's period, or why there is none (the contract's payment
    block, if any, is paid for longer periods than the report's, or not yet in force)."""
    if contract.payment_mechanism is None:
        return None, ""
    try:
        return contract.payment(resolved, at, authority), ""
    except PeriodError as error:
        return None, f"No payment for {at.label}: {error.first.message}."


def _trends(table: _Table, periods: list[Period]) -> list[tuple[TrendPoint, ...]]:
    """Each measure's trend over ``periods``, from the table they were rated in."""
    columns = [table.column[p] for p in periods]
    values = table.values[:, columns].tolist()
    due = table.due[:, columns].tolist()
    statuses = table.statuses_in(columns)
    trends = []
    for m in range(len(table.measures)):
        targets, tolerances = table.targets[m], table.tolerances[m]
        trends.append(
            tuple(
                TrendPoint(period, value, targets[p], tolerances[p], status, was)
                for period, p, value, status, was in zip(
                    periods, columns, values[m], statuses[m], due[m], strict=True
                )
            )
        )
    return trends


def _history(resolved: ResolvedReadings, period: Period, history: int) -> list[Period]:
    """The periods of ``period``'s kind for a trend, oldest first, ``period`` last.

    They start at the first period with a reading (a month counting for its
    quarter and year, a quarter for its year), but no more than ``history``
    periods back; a period between with no reading is kept, as a gap.
    """
    try:
        first: Period | None = period.shift(-(history - 1))
    except ValueError:  # further back than the calendar goes: no limit
        first = None
    starts = [p.within(period.kind) for p in resolved.periods]
    known = [p for p in starts if p is not None and (first is None or first <= p) and p <= period]
    start = min(known, default=period)
    periods = [start]
    while periods[-1] < period:
        periods.append(periods[-1].next())
    return periods


def _sort_commentary(
    notes: ResolvedCommentary, period: Period
) -> tuple[dict[str, list[Comment]], list[Comment]]:
    """Commentary to show, by measure (the period's own first), and the rest, in file order."""
    shown: dict[str, list[tuple[bool, Comment]]] = {}
    unshown: list[Comment] = []
    for (measure, when), comments in notes.entries.items():
        if when == period or when.contains(period) or period.contains(when):
            shown.setdefault(measure, []).extend((when != period, c) for c in comments)
        else:
            unshown.extend(comments)

    def order(comment: Comment) -> tuple[str, int]:
        return comment.source, comment.line or 0

    by_measure = {
        measure: [c for _, c in sorted(found, key=lambda pair: (pair[0], order(pair[1])))]
        for measure, found in shown.items()
    }
    return by_measure, sorted(unshown, key=order)


def _now() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            pass  # not a time this machine can show: use now
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def fingerprint(subject: Contract | ResolvedReadings) -> str:
    """A short hash of what a contract says, or of readings' values as written.

    The contract's fingerprint covers every name, term and measure but not
    where in its file each was written, so reformatting the file
    (``perfcontract fmt``) keeps it; the readings' covers every value, its
    measure, period and authority, whatever the order of the rows.

    ```pycon
    >>> import perfcontract as pc
    >>> a = pc.loads('contract "Demo" { reporting quarterly }')
    >>> b = pc.loads('contract "Demo" {\\n    reporting quarterly\\n}\\n')
    >>> c = pc.loads('contract "Demo" { reporting monthly }')
    >>> fingerprint(a) == fingerprint(b), fingerprint(a) == fingerprint(c)
    (True, False)
    >>> len(fingerprint(a))
    10

    ```
    """
    if isinstance(subject, ResolvedReadings):
        entries = list(subject.entries())
        # Periods are few: their order and their names are worked out once each.
        periods = {p: (p.starts_on, -p.span, str(p)) for p in {key[2] for key, _, _ in entries}}
        entries.sort(key=lambda e: (e[0][0] or "", e[0][1], periods[e[0][2]][:2]))
        canonical = [
            [key[0], key[1], periods[key[2]][2], repr(value), text] for key, value, text in entries
        ]
        # A list just made, so JSON need not look for cycles in it.
        data = json.dumps(
            canonical, default=str, sort_keys=True, ensure_ascii=False, check_circular=False
        )
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]
    return contract_fingerprint(subject)
