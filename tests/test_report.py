"""Tests for perfcontract.report and its renderers: Report.build, Markdown, HTML and SVG trends.

The reference is the Quarter 4 2017/18 report built from the examples
(``examples/dcst-2017-18*``). Its Markdown form is pinned as a golden file in
``tests/golden/report/``. To rewrite it after a deliberate change, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_report.py

and read the changed file (``git diff tests/golden/report``) before committing.
The HTML page is checked here as text; a browser test elsewhere checks how it
looks.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.commentary import Comment, Commentary, CommentaryError
from perfcontract.formatter import format_contract
from perfcontract.model import Band, Unit, UnitKind
from perfcontract.periods import Period
from perfcontract.readings import Readings
from perfcontract.render import format_number, format_term, format_value
from perfcontract.render.html import report_body
from perfcontract.render.svg import trend_svg
from perfcontract.render.tables import evaluation_table, status_badge, summary_table
from perfcontract.report import Report, ReportEntry, Section, TrendPoint, fingerprint
from perfcontract.status import Status

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
EXAMPLES = ROOT / "examples"
CONTRACT_TEXT = (EXAMPLES / "dcst-2017-18.contract").read_text(encoding="utf-8")
READINGS_TEXT = (EXAMPLES / "dcst-2017-18-readings.csv").read_text(encoding="utf-8")
CONTRACT = pc.load(EXAMPLES / "dcst-2017-18.contract")
READINGS = Readings.from_csv(EXAMPLES / "dcst-2017-18-readings.csv")
NOTES = Commentary.read(EXAMPLES / "dcst-2017-18-commentary.md")
UTC = datetime.timezone.utc
GENERATED = datetime.datetime(2018, 7, 9, 9, 0, tzinfo=UTC)
Q1, Q2, Q3, Q4 = (Period.parse(f"2017/18 Q{q}") for q in range(1, 5))

CONCERN = ["A1", "A4", "A8", "A9", "B8", "B10", "B13", "B14", "FO1"]
GOOD = ["A2", "A3", "A6", "B9", "FO2", "FO3", "C14", "C15", "C16"]
UNRATED = ["FS1", "FS2"]
VOLUMETRIC = ["E1", "E34", "E35"]
CONTRACTUAL = [m.id for m in CONTRACT.contractual]
WITHOUT_COMMENTARY = ["A4", "A9", "B10", "B13", "B14", "FO1"]

# A status in words and its sign, as the HTML page must show both.
SIGNS = {
    Status.OUTSIDE_TOLERANCE: "✕",
    Status.WITHIN_TOLERANCE: "!",
    Status.ON_TARGET: "✓",
    Status.NO_TARGET: "–",
    Status.NO_DATA: "?",
}

# A small contract whose names are full of what Markdown and HTML make something of.
MARKUP_CONTRACT = pc.loads(
    """contract "Demo *star* | pipe" {
    council "Council <&>"
    provider "Provider_one"
    reporting quarterly
    group "G_1 | <b>" {
        measure M1 "Rate *per* [1] <b>x</b> | y_z #3 `c`" {
            unit percent
            higher is better
            target 90%
            tolerance 80%
        }
        volumetric V1 "Count | all" { unit count }
    }
}
"""
)


def reference(**options: object) -> Report:
    """The reference Quarter 4 report, generated at a fixed time."""
    options.setdefault("generated", GENERATED)
    return Report.build(CONTRACT, READINGS, "2017/18 Q4", **options)  # type: ignore[arg-type]


def readings(text: str) -> Readings:
    """Readings from long-form CSV rows, after the header."""
    return Readings.from_csv_text("measure,period,value\n" + text)


def values(entry: ReportEntry) -> list[float]:
    """The values of an entry's trend, NaN as None so that lists compare."""
    return [None if math.isnan(p.value) else p.value for p in entry.trend]  # type: ignore[misc]


def labels(report: Report) -> list[str]:
    """The labels of the periods a report's trends cover."""
    return [p.label for p in report.periods]


REPORT = reference(commentary=NOTES)
PLAIN = reference()  # no commentary at all


# ---------------------------------------------------------------------------
# Sections and entries


class TestSection:
    @pytest.mark.parametrize(
        ("status", "section"),
        [
            (Status.OUTSIDE_TOLERANCE, Section.CONCERN),
            (Status.WITHIN_TOLERANCE, Section.CONCERN),
            (Status.ON_TARGET, Section.GOOD),
            (Status.NO_TARGET, Section.UNRATED),
            (Status.NO_DATA, Section.UNRATED),
            (None, Section.VOLUMETRIC),
        ],
    )
    def test_for_status(self, status: Status | None, section: Section) -> None:
        """Each status has one section; None (a volumetric measure) has its own."""
        assert section is Section.for_status(status)

    def test_headings(self) -> None:
        """Each section has the reference report's heading."""
        assert [
            "Areas of concern and potential concern",
            "Areas of good and improving performance",
            "No target specified or no data",
            "Not due this period",
            "Volumetric measures",
        ] == [section.heading for section in Section]


class TestReportEntry:
    def test_id_and_section(self) -> None:
        """An entry's id is its measure's, and its section follows its status."""
        entry = REPORT["B8"]
        assert ("B8", Section.CONCERN) == (entry.id, entry.section)

    @pytest.mark.parametrize(
        ("measure", "needs"),
        [("A4", True), ("A1", False), ("A3", False), ("FS1", False), ("E34", False)],
    )
    def test_needs_commentary(self, measure: str, needs: bool) -> None:
        """Only a measure of concern without commentary needs it."""
        assert needs is REPORT[measure].needs_commentary

    def test_volumetric_with_commentary(self) -> None:
        """A volumetric measure with commentary never needs more."""
        assert (1, False) == (len(REPORT["E1"].commentary), REPORT["E1"].needs_commentary)


# ---------------------------------------------------------------------------
# Building a report


class TestBuild:
    def test_sections_of_the_reference_quarter(self) -> None:
        """The reference Q4 puts each measure in the section its status gives, in contract order."""
        assert CONCERN == [e.id for e in REPORT.section(Section.CONCERN)]
        assert GOOD == [e.id for e in REPORT.section(Section.GOOD)]
        assert UNRATED == [e.id for e in REPORT.section(Section.UNRATED)]
        assert VOLUMETRIC == [e.id for e in REPORT.section(Section.VOLUMETRIC)]

    def test_summary_is_the_evaluations(self) -> None:
        """The report's summary is the evaluation's, with the reference totals."""
        summary = REPORT.summary()
        assert REPORT.evaluation.summary() == summary
        assert ["2 (10%)", "7 (35%)", "9 (45%)", "2 (10%)"] == [
            summary.cell(column) for column in summary.columns
        ]

    def test_every_measure_in_contract_order(self) -> None:
        """The report has an entry for every measure, in contract order, found by id."""
        assert list(CONTRACT.measures) == [entry.id for entry in REPORT]
        assert 23 == len(REPORT)
        assert "A1" == REPORT["A1"].result.measure.id

    def test_readings_as_for_evaluate(self) -> None:
        """A DataFrame, as evaluate takes, makes the report evaluate makes from it."""
        import pandas as pd

        frame = pd.DataFrame(
            {"measure": ["A1", "B8"], "period": ["2017/18 Q4"] * 2, "value": [26, 76]}
        )
        report = pc.Report.build(CONTRACT, frame, "2017/18 Q4")
        assert CONTRACT.evaluate(frame, period="2017/18 Q4").to_records() == (
            report.evaluation.to_records()
        )

    @pytest.mark.parametrize(("history", "kind"), [("4", "str"), (2.5, "float"), (True, "bool")])
    def test_history_is_a_whole_number(self, history: object, kind: str) -> None:
        """A history that is not an int is a TypeError saying so: "4" failed comparing
        str with int."""
        with pytest.raises(TypeError) as caught:
            pc.Report.build(CONTRACT, {"A1": 26}, "2017/18 Q4", history=history)  # type: ignore[arg-type]
        assert f"history is a whole number of periods, not {kind}" == str(caught.value)

    def test_file_name_is_not_readings(self) -> None:
        """A file's name is refused with how to read the file: it was an AttributeError."""
        with pytest.raises(TypeError, match=re.escape("read 'q4.csv' with pc.Readings.from_csv")):
            pc.Report.build(CONTRACT, "q4.csv", "2017/18 Q4")

    def test_unknown_id(self) -> None:
        """Asking for a measure not in the report is a KeyError naming it."""
        with pytest.raises(KeyError, match="no measure `Z9` in the report"):
            REPORT["Z9"]

    def test_words(self) -> None:
        """Title, caption and trend span in the report's words."""
        assert (
            "DCST service delivery contract: performance report, Quarter 4 2017/18",
            "Quarter 4 2017/18",
            "2017/18 Q1 to 2017/18 Q4",
        ) == (REPORT.title, REPORT.caption, REPORT.trend_span)
        assert (CONTRACT, Q4) == (REPORT.contract, REPORT.period)

    def test_trend_of_a1(self) -> None:
        """A1's trend is its four quarters of 2017/18, with the terms then in force."""
        trend = REPORT["A1"].trend
        assert [27.2, 28.0, 26.8, 26.0] == [p.value for p in trend]
        assert [Q1, Q2, Q3, Q4] == [p.period for p in trend]
        assert {(Decimal(22), Decimal(28))} == {(p.target, p.tolerance) for p in trend}
        assert [Status.WITHIN_TOLERANCE] * 4 == [p.status for p in trend]
        assert ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4"] == labels(REPORT)

    def test_trend_of_a_volumetric_measure(self) -> None:
        """A volumetric measure's trend has values but no terms and no status."""
        contacts = [2097.0, 1866.0, 1962.0, 1789.0]
        assert [
            TrendPoint(period, value, None, None, None)
            for period, value in zip([Q1, Q2, Q3, Q4], contacts, strict=True)
        ] == list(REPORT["E1"].trend)

    def test_history_limits_the_periods(self) -> None:
        """history=2 keeps the report's period and the one before it."""
        report = reference(history=2)
        assert ["2017/18 Q3", "2017/18 Q4"] == labels(report)
        assert [26.8, 26.0] == values(report["A1"])
        assert "2017/18 Q3 to 2017/18 Q4" == report.trend_span

    def test_history_of_one(self) -> None:
        """history=1 is the report's own period alone."""
        report = reference(history=1)
        assert (["2017/18 Q4"], "2017/18 Q4") == (labels(report), report.trend_span)

    @pytest.mark.parametrize("history", [0, -1])
    def test_history_below_one(self, history: int) -> None:
        """A history of less than one period is a ValueError saying so."""
        with pytest.raises(ValueError, match=f"^history must be at least 1 period, not {history}$"):
            reference(history=history)

    def test_trends_start_at_the_first_reading(self) -> None:
        """Trends start at the first period with a reading, however long the history."""
        report = Report.build(CONTRACT, readings("A1,2017/18 Q3,26.8\nA1,2017/18 Q4,26\n"), Q4)
        assert ["2017/18 Q3", "2017/18 Q4"] == labels(report)

    def test_a_gap_is_kept(self) -> None:
        """A period with no reading between two with readings is in the trend, as NaN."""
        report = Report.build(
            CONTRACT, readings("A1,2017/18 Q1,27.2\nA1,2017/18 Q3,26.8\nA1,2017/18 Q4,26\n"), Q4
        )
        assert [27.2, None, 26.8, 26.0] == values(report["A1"])
        assert Status.NO_DATA is report["A1"].trend[1].status
        assert [None] * 4 == values(report["B8"])

    def test_trend_runs_to_a_period_without_readings(self) -> None:
        """A report for a period with no readings yet still ends its trends there."""
        report = Report.build(CONTRACT, READINGS, "2018/19 Q1")
        assert ["2017/18 Q1", "2017/18 Q2", "2017/18 Q3", "2017/18 Q4", "2018/19 Q1"] == labels(
            report
        )
        assert [27.2, 28.0, 26.8, 26.0, None] == values(report["A1"])

    def test_readings_older_than_the_history_do_not_count(self) -> None:
        """Readings before the history's first period do not stretch the trend."""
        report = Report.build(CONTRACT, READINGS, "2018/19 Q4", history=4)
        assert ["2018/19 Q4"] == labels(report)

    def test_readings_after_the_period_do_not_count(self) -> None:
        """A reading after the report's period does not start the trend."""
        report = Report.build(CONTRACT, readings("A1,2017/18 Q4,26\nA1,2018/19 Q1,25\n"), Q3)
        assert ["2017/18 Q3"] == labels(report)

    def test_a_month_counts_for_its_quarter(self) -> None:
        """A monthly reading starts a quarterly trend at the quarter holding that month."""
        report = Report.build(CONTRACT, readings("A1,2017-08,27\nA1,2018-03,26\n"), Q4)
        assert ["2017/18 Q2", "2017/18 Q3", "2017/18 Q4"] == labels(report)

    def test_a_year_report(self) -> None:
        """A report for a year has years in its trends, the quarters rolled up."""
        report = Report.build(CONTRACT, READINGS, "2017/18")
        assert (["2017/18"], [27.0]) == (labels(report), values(report["A1"]))

    def test_readings_as_a_mapping(self) -> None:
        """Readings may be a mapping of measure id to value, for the report's period alone."""
        report = Report.build(CONTRACT, {"A1": 26, "B8": "76%"}, "2017/18 Q4", generated=GENERATED)
        assert ["2017/18 Q4"] == labels(report)
        assert ([26.0], [76.0]) == (values(report["A1"]), values(report["B8"]))
        assert Status.NO_DATA is report["A3"].result.status

    def test_readings_resolved_or_not(self) -> None:
        """Readings, resolved readings and the same as a Period give the same report."""
        resolved = READINGS.resolve(CONTRACT)
        other = Report.build(CONTRACT, resolved, Q4, generated=GENERATED)
        assert [e.result.status for e in PLAIN] == [e.result.status for e in other]
        assert (PLAIN.readings_hash, PLAIN.periods) == (other.readings_hash, other.periods)

    def test_authority(self) -> None:
        """The authority is passed on to readings given as a mapping and to the evaluation."""
        report = Report.build(CONTRACT, {"A1": 26}, Q4, authority="Doncaster")
        assert "Doncaster" == report.evaluation.authority

    def test_commentary_as_commentary(self) -> None:
        """Commentary read from a file is resolved and given to each measure for the period."""
        assert ["Council", "Trust"] == [c.author for c in REPORT["A1"].commentary]
        assert () == REPORT["A4"].commentary

    def test_commentary_resolved_first(self) -> None:
        """Resolved commentary gives the same entries as unresolved."""
        report = reference(commentary=NOTES.resolve(CONTRACT))
        assert [e.commentary for e in REPORT] == [e.commentary for e in report]

    def test_commentary_for_another_period_is_not_shown(self) -> None:
        """Commentary for Q3 is not shown in a Q4 report."""
        notes = Commentary([Comment("A4", "2017/18 Q3", "Council", "Why?")])
        assert () == reference(commentary=notes)["A4"].commentary

    @pytest.mark.parametrize("written", ["Q4 2017/18", "2017/18 Q4", "2018-01 to 2018-03"])
    def test_commentary_periods_written_as_spreadsheets_write_them(self, written: str) -> None:
        """A commentary period in a form the commentary file may take (`Q4 2017/18`, as
        readings and --period read it) is the report's quarter, its entry on its card;
        one for another period is under "Commentary on other periods", captioned. Both
        rendered, where they stopped the report with a PeriodError."""
        notes = Commentary(
            [
                Comment("A4", written, "Council", "This quarter."),
                Comment("A1", "Q3 2017/18", "Trust", "Last quarter."),
            ]
        )
        report = reference(commentary=notes)
        assert ["This quarter."] == [c.text for c in report["A4"].commentary]
        html, markdown = report.to_html(), report.to_markdown()
        assert "This quarter." in html
        assert "This quarter." in markdown
        assert "**Trust (Quarter 3 2017/18):** Last quarter." in markdown
        assert "Quarter 3 2017/18" in html

    def test_bad_commentary(self) -> None:
        """Commentary with an unknown measure stops the build with a CommentaryError."""
        notes = Commentary([Comment("A10", "2017/18 Q4", "Council", "Why?", "c.csv", 2)])
        with pytest.raises(
            CommentaryError,
            match="measure A10, period 2017/18 Q4: the contract `DCST service delivery contract`"
            " has no measure A10",
        ):
            reference(commentary=notes)

    def test_missing_commentary(self) -> None:
        """Measures of concern without commentary are listed, in contract order."""
        assert WITHOUT_COMMENTARY == [e.id for e in REPORT.missing_commentary()]
        assert CONCERN == [e.id for e in PLAIN.missing_commentary()]

    def test_generated_as_given(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A time given is the report's, whatever SOURCE_DATE_EPOCH says."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
        assert GENERATED == reference().generated

    def test_generated_from_source_date_epoch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With no time given, SOURCE_DATE_EPOCH sets it, in UTC, so builds repeat exactly."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1531126800")
        report = Report.build(CONTRACT, READINGS, Q4)
        assert GENERATED == report.generated
        assert UTC == report.generated.tzinfo
        assert report.to_markdown() == Report.build(CONTRACT, READINGS, Q4).to_markdown()

    def test_generated_now(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With no time given and no SOURCE_DATE_EPOCH, it is now in UTC, to the second."""
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        before = datetime.datetime.now(UTC).replace(microsecond=0)
        generated = Report.build(CONTRACT, {"A1": 26}, Q4).generated
        after = datetime.datetime.now(UTC)
        assert before <= generated <= after
        assert (UTC, 0) == (generated.tzinfo, generated.microsecond)

    def test_fingerprints_of_what_it_was_made_from(self) -> None:
        """The report carries the fingerprints of its contract and its readings."""
        assert (fingerprint(CONTRACT), fingerprint(READINGS.resolve(CONTRACT))) == (
            REPORT.contract_hash,
            REPORT.readings_hash,
        )


# Dated terms, rounding, roll-ups by every aggregate, a band, no target: for the trends.
TRENDED = pc.loads(
    """contract "Trended" {
    group "All kinds" {
        measure H "Higher, dated, rounded" {
            unit percent higher is better target 90% tolerance 80% rounded to 0 dp
            target 92% from 2018/19 Q2
        }
        measure L "Lower, sum" { unit number lower is better target 30 tolerance 40 aggregate sum }
        measure B "Band, last" {
            unit percent target between 40% and 60% tolerance between 30% and 70% aggregate last
        }
        measure N "No target, then one" {
            unit percent higher is better no target target 50% from 2018/19 Q3
        }
        volumetric V "Context, max" { unit number aggregate max }
    }
}
"""
)
TREND_PERIODS = [f"2017-{m:02}" for m in range(4, 13)] + [f"2018-{m:02}" for m in range(1, 13)]
TREND_PERIODS += [f"{y} Q{q}" for y in ("2017/18", "2018/19") for q in range(1, 5)]


class TestTrendsAsEvaluated:
    """Report.build rates every measure in every period of the trends in one engine call;
    each trend point is what evaluating that period alone gives."""

    @settings(max_examples=40, deadline=None, database=None)
    @given(
        st.dictionaries(
            st.tuples(st.sampled_from(list(TRENDED.measures)), st.sampled_from(TREND_PERIODS)),
            st.one_of(st.just(""), st.decimals(0, 100, places=1).map(str)),
            max_size=80,
        ),
        st.sampled_from(["2018/19 Q1", "2018/19 Q3", "2018/19 Q4", "2018-12", "2018/19"]),
        st.integers(1, 9),
    )
    def test_each_point_is_its_periods_evaluation(
        self, rows: dict[tuple[str, str], str], period: str, history: int
    ) -> None:
        """Value, terms and status of each trend point as evaluate gives them for its period."""
        records = [{"measure": m, "period": p, "value": v} for (m, p), v in rows.items()]
        resolved = Readings.from_records(records).resolve(TRENDED)
        report = Report.build(TRENDED, resolved, period, history=history, generated=GENERATED)
        for when in report.periods:
            evaluation = TRENDED.evaluate(resolved, when)
            for entry in report:
                point = entry.trend[report.periods.index(when)]
                result = evaluation[entry.id]
                expected = (when, repr(result.value), result.target, result.tolerance)
                assert expected == (point.period, repr(point.value), point.target, point.tolerance)
                assert result.status is point.status
        assert all(report.evaluation[e.id] is e.result for e in report)


class TestFingerprint:
    @pytest.mark.parametrize(
        "path",
        sorted(EXAMPLES.glob("*.contract"))
        + sorted((ROOT / "tests/golden/good").glob("*.contract")),
        ids=lambda path: path.name,
    )
    def test_contract_as_attrs_sees_it(self, path: Path) -> None:
        """A contract's fingerprint hashes what attrs.asdict gives of its compared fields (a
        contract without a payment block leaves it out, keeping the fingerprint it had)."""
        contract = pc.load(path)

        def compared_field(attribute: attrs.Attribute[object], value: object) -> bool:
            absent = attribute.name == "payment_mechanism" and value is None
            return attribute.eq is not False and not absent

        compared = attrs.asdict(contract, filter=compared_field)
        data = json.dumps(compared, default=str, sort_keys=True, ensure_ascii=False)
        assert hashlib.sha256(data.encode("utf-8")).hexdigest()[:10] == fingerprint(contract)

    def test_short_hex(self) -> None:
        """A fingerprint is ten hexadecimal digits."""
        assert re.fullmatch("[0-9a-f]{10}", fingerprint(CONTRACT))

    def test_contract_reformatted(self) -> None:
        """The contract formatted, re-indented or stripped of comments keeps its fingerprint."""
        bare = "\n".join(line.split("#")[0].rstrip() for line in CONTRACT_TEXT.splitlines())
        assert fingerprint(CONTRACT) == fingerprint(pc.loads(format_contract(CONTRACT_TEXT)))
        assert fingerprint(CONTRACT) == fingerprint(pc.loads(bare.replace("    ", "\t")))

    def test_contract_changed(self) -> None:
        """A changed target changes the contract's fingerprint."""
        changed = pc.loads(CONTRACT_TEXT.replace("target 22%", "target 21%"))
        assert fingerprint(CONTRACT) != fingerprint(changed)

    def test_readings_in_another_order(self) -> None:
        """Readings' rows in another order keep their fingerprint."""
        header, *rows = READINGS_TEXT.splitlines()
        shuffled = Readings.from_csv_text("\n".join([header, *rows[::-1]]) + "\n")
        assert fingerprint(READINGS.resolve(CONTRACT)) == fingerprint(shuffled.resolve(CONTRACT))

    def test_readings_notes_do_not_count(self) -> None:
        """A note column is not part of the readings' fingerprint."""
        bare = "\n".join(line.rsplit(",", 1)[0] for line in READINGS_TEXT.splitlines()) + "\n"
        assert fingerprint(READINGS.resolve(CONTRACT)) == fingerprint(
            Readings.from_csv_text(bare).resolve(CONTRACT)
        )

    @pytest.mark.parametrize("value", ["26.5", "26.0"])
    def test_readings_value_changed(self, value: str) -> None:
        """A value changed, or written differently, changes the readings' fingerprint."""
        text = READINGS_TEXT.replace("A1,2017/18 Q4,26,", f"A1,2017/18 Q4,{value},")
        assert fingerprint(READINGS.resolve(CONTRACT)) != fingerprint(
            Readings.from_csv_text(text).resolve(CONTRACT)
        )


# ---------------------------------------------------------------------------
# Numbers in words

PERCENT = Unit(UnitKind.PERCENT)


class TestFormatNumber:
    @pytest.mark.parametrize(
        ("number", "text"),
        [
            (0.0, "0"),
            (100.0, "100"),
            (1937.0, "1,937"),
            (-1234.5, "-1,234.5"),
            (0.04, "0.04"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123456789.123, "123,456,789.123"),
            (-2.5e-07, "-0.00000025"),
            (1e-20, "0.00000000000000000001"),
            (1e20, "100,000,000,000,000,000,000"),
            (1e27, "1" + ",000" * 9),
        ],
    )
    def test_float(self, number: float, text: str) -> None:
        """A float is written as Python writes it, in full, with thousands separated."""
        assert text == format_number(number)

    @pytest.mark.parametrize(
        ("number", "text"),
        [(1e28, f"{10**28:,}"), (1e30, f"{10**30:,}"), (1.5e300, f"{15 * 10**299:,}")],
    )
    def test_huge_float(self, number: float, text: str) -> None:
        """A float of 28 digits or more is written out in full too, not an error."""
        assert text == format_number(number)

    @pytest.mark.parametrize(
        ("number", "text"),
        [
            (Decimal("1234.50"), "1,234.50"),
            (Decimal("0.000"), "0.000"),
            (Decimal("22.0"), "22.0"),
            (Decimal("-0.50"), "-0.50"),
            (Decimal("1E+3"), "1,000"),
            (Decimal("1.0E-7"), "0.00000010"),
        ],
    )
    def test_decimal_keeps_its_places(self, number: Decimal, text: str) -> None:
        """A Decimal keeps the places it was written with, trailing zeros included."""
        assert text == format_number(number)


# ---------------------------------------------------------------------------
# SVG trend lines


def chart(points: list[tuple[str, float, object, object]], **options: object) -> str:
    """A trend line for ``points``, readings described with %g."""
    options.setdefault("describe", lambda v: f"{v:g}")
    return trend_svg("X", points, **options)  # type: ignore[arg-type]


def polylines(svg: str) -> list[str]:
    """The points of each polyline of a chart."""
    return re.findall(r'<polyline class="value" points="([^"]*)"/>', svg)


def title(svg: str) -> str:
    """The text of a chart's <title>."""
    found = re.search(r"<title>(.*?)</title>", svg)
    assert found
    return found[1]


class TestTrendSvg:
    def test_shape(self) -> None:
        """A chart is one inline <svg> of the trend class, an image with a title, no script."""
        svg = chart([("Q1", 1.0, None, None), ("Q2", 2.0, None, None)])
        assert svg.startswith(
            '<svg class="trend" role="img" viewBox="0 0 240 72" width="240" height="72"><title>'
        )
        assert svg.endswith("</svg>")
        assert "<script" not in svg
        assert "href" not in svg

    def test_nan_splits_the_line(self) -> None:
        """A missing reading leaves a gap: one polyline each side of it."""
        svg = chart(
            [
                ("Q1", 1.0, None, None),
                ("Q2", 2.0, None, None),
                ("Q3", math.nan, None, None),
                ("Q4", 3.0, None, None),
                ("Q5", 4.0, None, None),
            ]
        )
        assert ["28.8,54 74.4,38.7", "165.6,23.3 211.2,8"] == polylines(svg)
        assert 4 == svg.count("<circle")

    def test_a_lone_reading_between_gaps_is_a_dot(self) -> None:
        """A reading with no neighbour is a dot and no line."""
        svg = chart(
            [("Q1", 1.0, None, None), ("Q2", math.nan, None, None), ("Q3", 3.0, None, None)]
        )
        assert ([], 2) == (polylines(svg), svg.count("<circle"))

    def test_single_point(self) -> None:
        """One reading is one hollow dot in the middle, no line, and one period label."""
        svg = chart([("Q1", 5.0, None, None)])
        assert [] == polylines(svg)
        assert ['<circle class="dot last" cx="120" cy="31" r="2.5"/>'] == re.findall(
            r"<circle[^>]*/>", svg
        )
        assert ["Q1"] == re.findall(r"<text[^>]*>(.*?)</text>", svg)

    @pytest.mark.parametrize("value", [5.0, 0.0, -3.0])
    def test_constant_values(self, value: float) -> None:
        """Equal readings (nought too) draw a level line across the middle, no division by zero."""
        svg = chart([("Q1", value, None, None), ("Q2", value, None, None)])
        assert ["63,31 177,31"] == polylines(svg)

    def test_no_readings_at_all(self) -> None:
        """A trend with no readings has its labels but no line and no dot."""
        svg = chart([("Q1", math.nan, None, None), ("Q2", math.nan, None, None)])
        assert ([], 0) == (polylines(svg), svg.count("<circle"))
        assert "X: Q1 no data, Q2 no data" == title(svg)

    def test_no_points(self) -> None:
        """An empty trend is an empty chart that says so."""
        assert "<title>X: no readings</title></svg>" in chart([])

    def test_last_dot_is_hollow(self) -> None:
        """Only this period's reading is the hollow dot; a missing one leaves none."""
        svg = chart([("Q1", 1.0, None, None), ("Q2", 2.0, None, None)])
        assert 1 == svg.count('class="dot last"')
        svg = chart([("Q1", 1.0, None, None), ("Q2", math.nan, None, None)])
        assert 0 == svg.count('class="dot last"')

    def test_single_target_and_tolerance(self) -> None:
        """A target and a tolerance are each a level line per period, stepping where they change."""
        svg = chart(
            [("Q1", 1.0, Decimal(2), Decimal(3)), ("Q2", 2.0, Decimal(2), Decimal(4))],
        )
        assert '<path class="target" d="M6 38.7H120M120 38.7H234"/>' in svg
        assert '<path class="tolerance" d="M6 23.3H120M120 8H234"/>' in svg

    def test_band_target_draws_two_lines(self) -> None:
        """A band target is two level lines in each period, its low and its high."""
        band = Band(Decimal(5), Decimal(9))
        svg = chart([("Q1", 7.0, band, None), ("Q2", 8.0, band, None)])
        assert '<path class="target" d="M6 54H120M6 8H120M120 54H234M120 8H234"/>' in svg
        assert "tolerance" not in svg

    def test_no_terms_no_level_lines(self) -> None:
        """With no target or tolerance there is no level line."""
        assert "<path" not in chart([("Q1", 1.0, None, None), ("Q2", 2.0, None, None)])

    def test_title(self) -> None:
        """The title says every reading, then the target and tolerance, in words."""
        svg = trend_svg(
            "A1 Re-referrals",
            [("Q1", 27.2, Decimal(22), Decimal(28)), ("Q2", math.nan, Decimal(22), Decimal(28))],
            describe=lambda v: format_value(v, PERCENT),
            describe_term=lambda t: format_term(t, PERCENT),  # type: ignore[arg-type]
        )
        assert "A1 Re-referrals: Q1 27.2%, Q2 no data; target 22%; tolerance 28%" == title(svg)

    def test_title_says_a_change_of_terms(self) -> None:
        """Where a target or tolerance changes along the chart (as its steps show), the title
        says each from the first period it applies to; a period with none says `none`."""
        points = [
            ("Q1", 16.8, Decimal(15), None),
            ("Q2", 16.1, Decimal(15), None),
            ("Q3", 15.4, Decimal(14), None),
            ("Q4", 14.6, Decimal(14), Decimal(16)),
        ]
        assert (
            "X: Q1 16.8, Q2 16.1, Q3 15.4, Q4 14.6; target 15 from Q1, 14 from Q3;"
            " tolerance none from Q1, 16 from Q4"
        ) == title(chart(points))

    def test_title_default_term_words(self) -> None:
        """Without describe_term, terms are written with str."""
        band = Band(Decimal(5), Decimal(9))
        assert "X: Q1 7; target between 5 and 9" == title(chart([("Q1", 7.0, band, None)]))

    def test_title_is_escaped(self) -> None:
        """The name and labels are escaped in the SVG."""
        svg = trend_svg("A <b> & c", [("<Q1>", 1.0, None, None)], describe=str)
        assert "A &lt;b&gt; &amp; c: &lt;Q1&gt; 1.0" == title(svg)
        assert "<b>" not in svg
        assert "<Q1>" not in svg


# ---------------------------------------------------------------------------
# Markdown


def unescaped(text: str, chars: str = "*_`[]<>#|") -> list[str]:
    """The characters of ``chars`` in ``text`` that no backslash escapes."""
    found, escaped = [], False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in chars:
            found.append(char)
    return found


def markup_report(text: str, author: str = "Council") -> Report:
    """A report on the markup contract, M1 of concern with one comment."""
    notes = Commentary([Comment("M1", "2017/18 Q4", author, text)])
    return Report.build(
        MARKUP_CONTRACT, {"M1": 85, "V1": 3}, Q4, commentary=notes, generated=GENERATED
    )


def table_rows(markdown: str) -> list[str]:
    """The lines of every table in a Markdown text."""
    return [line for line in markdown.splitlines() if line.startswith("|")]


class TestMarkdown:
    def test_golden(self) -> None:
        """The reference Q4 report with the example commentary is exactly its golden Markdown."""
        actual = REPORT.to_markdown()
        path = GOLDEN / "dcst-2017-18-q4.md"
        if UPDATE:
            path.write_text(actual, encoding="utf-8", newline="\n")
        assert path.is_file(), f"no golden {path.name}; run with UPDATE (see top)"
        assert path.read_text(encoding="utf-8") == actual

    def test_goldens_are_not_being_regenerated(self) -> None:
        """A run that regenerates goldens fails, so that it is never mistaken for a pass."""
        assert not UPDATE, "goldens were regenerated: read `git diff tests/golden`, then rerun"

    def test_starts_with_the_title_and_ends_with_one_newline(self) -> None:
        """The first line is the title as a level-one heading; the text ends with one newline."""
        text = PLAIN.to_markdown()
        assert f"# {PLAIN.title}" == text.splitlines()[0]
        assert text.endswith("\n")
        assert not text.endswith("\n\n")

    def test_facts(self) -> None:
        """The header lists period, council, provider, time, both fingerprints and the source."""
        lines = REPORT.to_markdown().splitlines()
        assert [
            "- **Period:** Quarter 4 2017/18 (2017/18 Q4)",
            "- **Council:** Doncaster Metropolitan Borough Council",
            "- **Provider:** Doncaster Children's Services Trust",
            "- **Generated:** 9 July 2018 09:00 UTC",
            f"- **Contract:** fingerprint {REPORT.contract_hash}",
            f"- **Readings:** fingerprint {REPORT.readings_hash}",
            "- **Source:** Performance Challenge of Doncaster Children's Services Trust:"
            " Quarter 4, 2017/18",
        ] == lines[2:9]

    def test_authority_in_the_facts(self) -> None:
        """A report for one authority says which."""
        report = Report.build(CONTRACT, {"A1": 26}, Q4, authority="Doncaster")
        assert "- **Authority:** Doncaster" in report.to_markdown().splitlines()

    def test_no_commentary_is_flagged(self) -> None:
        """Measures of concern without commentary are named at the top and on their own."""
        text = REPORT.to_markdown()
        assert (
            "**No commentary** for measures of concern or potential concern:"
            " A4, A9, B10, B13, B14, FO1."
        ) in text.splitlines()
        assert 6 == text.count("**No commentary for this period.**")

    def test_special_characters_in_titles_are_escaped(self) -> None:
        """Markdown's special characters in the contract's and a measure's title are escaped."""
        lines = markup_report("Why?").to_markdown().splitlines()
        heading = next(line for line in lines if line.startswith("### M1 "))
        assert "# Demo \\*star\\* \\| pipe: performance report, Quarter 4 2017/18" == lines[0]
        assert [] == unescaped(lines[0][2:])
        assert "### M1 Rate \\*per\\* \\[1\\] \\<b\\>x\\</b\\> \\| y\\_z \\#3 \\`c\\`" == heading
        assert [] == unescaped(heading[4:])

    def test_special_characters_in_commentary_are_escaped(self) -> None:
        """Commentary keeps its emphasis and code; every other special character is escaped.

        The author's name is escaped throughout; a link to a relative address is text.
        """
        text = markup_report("a *b* _c_ [d](e) `f` <g> | h # i \\ j", "Cllr *A*").to_markdown()
        [quote] = [line for line in text.splitlines() if line.startswith("> ")]
        assert ("> **Cllr \\*A\\*:** a *b* *c* \\[d\\](e) `f` \\<g\\> \\| h \\# i \\\\ j") == quote

    def test_commentary_paragraphs_stay_in_one_quote(self) -> None:
        """Each paragraph of a comment is a paragraph of its block quote, the author first."""
        text = markup_report("One.\n\nTwo.").to_markdown()
        assert "> **Council:** One.\n>\n> Two.\n" in text

    def test_paragraphs_are_never_list_items(self) -> None:
        """A list stays a list; a paragraph whose text starts like a list item stays a paragraph."""
        text = markup_report(
            "Actions:\n\n- review plans\n\n+ audit\n\n2018\\. A new start\n\n\\- not a list"
        ).to_markdown()
        quoted = [line[2:] for line in text.splitlines() if line.startswith("> ")]
        assert ["- review plans", "- audit"] == [
            line for line in quoted if re.match(r"([-+*]|\d{1,9}[.)])( |$)", line)
        ]
        assert ["2018\\. A new start", "\\- not a list"] == quoted[-2:]

    def test_entities_are_not_decoded(self) -> None:
        """`&amp;` in commentary is shown as written, not turned into `&`."""
        text = markup_report("AT&amp;T and &copy; stay as written").to_markdown()
        [quote] = [line for line in text.splitlines() if line.startswith("> ")]
        assert [] == re.findall(r"(?<!\\)&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", quote)

    def test_pipes_in_table_cells_are_escaped(self) -> None:
        """A pipe in a title or author never adds a column: every row has its header's cells."""
        text = markup_report("Why?", "Council | Panel").to_markdown()
        rows = table_rows(text)
        assert any("\\|" in row for row in rows)
        tables: list[list[int]] = [[]]
        for line in text.splitlines():
            if line.startswith("|"):
                tables[-1].append(len(unescaped(line, "|")))
            elif tables[-1]:
                tables.append([])
        assert all(len(set(counts)) == 1 for counts in tables if counts)

    def test_special_characters_in_table_cells_are_escaped(self) -> None:
        """A title's Markdown in a table cell is escaped as it is in a heading."""
        text = markup_report("Why?", "Cllr *A*").to_markdown()
        [row] = [row for row in table_rows(text) if row.startswith("| M1 ")]
        assert [] == unescaped(row, "*_`[]<>#")

    def test_a_huge_reading(self) -> None:
        """The largest reading readings accept, 10^15, is written out in the report."""
        report = Report.build(CONTRACT, {"E1": "1e15"}, Q4, generated=GENERATED)
        assert f"| {10**15:,} |" in report.to_markdown()

    def test_trends_in_the_table(self) -> None:
        """A measure's row shows its trend oldest first, joined by arrows, gaps as no data."""
        report = Report.build(
            CONTRACT, readings("A1,2017/18 Q1,27.2\nA1,2017/18 Q3,26.8\nA1,2017/18 Q4,26\n"), Q4
        )
        [row] = [
            row
            for row in table_rows(report.to_markdown())
            if row.startswith("| A1 ") and "→" in row
        ]
        assert "| 27.2% → no data → 26.8% → 26% |" in row


# ---------------------------------------------------------------------------
# HTML


PAGE = REPORT.to_html()


def section(page: str, name: str) -> str:
    """The HTML of the section with id ``name``."""
    found = re.search(rf'<section id="{name}"[^>]*>(.*?)</section>', page, re.S)
    assert found, f"no section {name}"
    return found[1]


def row(page: str, measure: str) -> str:
    """The HTML of a measure's rows in a table."""
    found = re.search(rf'<tbody id="row-{measure}">(.*?)</tbody>', page, re.S)
    assert found, f"no row for {measure}"
    return found[1]


def card_ids(html: str) -> list[str]:
    """The measure ids of the cards in some HTML, in order."""
    return re.findall(r'<article class="card [a-z]+" id="card-([^"]+)"', html)


class TestHtml:
    def test_a_whole_document(self) -> None:
        """The page is one HTML5 document in British English, titled as the report."""
        assert PAGE.startswith(
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">'
        )
        assert f"<title>{REPORT.title}</title>" in PAGE
        assert PAGE.endswith("</html>\n")

    def test_self_contained(self) -> None:
        """Nothing is fetched: no remote URL, script, link, import or url() anywhere."""
        assert [] == re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", PAGE, re.I)
        for forbidden in ("<script", "<link", "@import", "url(", "<iframe", "<img"):
            assert forbidden not in PAGE.lower(), forbidden

    def test_self_contained_whatever_the_input(self) -> None:
        """Script and links in names and commentary are text, not elements."""
        page = markup_report(
            '<script src="https://x.invalid/a.js"></script><link href="//x">'
        ).to_html()
        assert "<script" not in page
        assert "<link" not in page
        assert [] == re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", page, re.I)

    def test_every_status_in_words_and_sign(self) -> None:
        """Each of the five statuses is shown with its word and its sign, never colour alone."""
        without_b9 = "\n".join(
            line for line in READINGS_TEXT.splitlines() if not line.startswith("B9,2017/18 Q4")
        )
        page = Report.build(
            CONTRACT, Readings.from_csv_text(without_b9 + "\n"), Q4, generated=GENERATED
        ).to_html()
        for status, sign in SIGNS.items():
            assert f'<span aria-hidden="true">{sign}</span> {status.label}</span>' in page, status

    @pytest.mark.parametrize(
        ("status", "badge"),
        [
            (
                Status.OUTSIDE_TOLERANCE,
                '<span class="status outside"><span aria-hidden="true">✕</span>'
                " Outside tolerance</span>",
            ),
            (
                Status.WITHIN_TOLERANCE,
                '<span class="status within"><span aria-hidden="true">!</span>'
                " Inside tolerance</span>",
            ),
            (
                Status.ON_TARGET,
                '<span class="status on-target"><span aria-hidden="true">✓</span>'
                " On or better than target</span>",
            ),
            (
                Status.NO_TARGET,
                '<span class="status no-target"><span aria-hidden="true">–</span>'
                " No target specified</span>",
            ),
            (
                Status.NO_DATA,
                '<span class="status no-data"><span aria-hidden="true">?</span> No data</span>',
            ),
            (None, '<span class="status volumetric">Volumetric</span>'),
        ],
    )
    def test_status_badge(self, status: Status | None, badge: str) -> None:
        """A badge is the status's sign (hidden from screen readers) and its word."""
        assert badge == status_badge(status)

    def test_cards_by_section(self) -> None:
        """Every contractual measure has one card, in the one section its status gives."""
        concern, good, unrated = (section(PAGE, name) for name in ("concern", "good", "unrated"))
        assert (CONCERN, GOOD, UNRATED) == (card_ids(concern), card_ids(good), card_ids(unrated))
        assert sorted(CONTRACTUAL) == sorted(card_ids(concern + good + unrated))
        assert sorted(CONTRACTUAL) == sorted(card_ids(PAGE))

    def test_section_colours_and_counts(self) -> None:
        """Concern cards are red, good green, unrated grey, and each heading counts its cards."""
        assert '<section id="concern" class="rag red">' in PAGE
        assert '<section id="good" class="rag green">' in PAGE
        assert '<section id="unrated" class="rag grey">' in PAGE
        assert '<span class="count">(9 measures)</span>' in section(PAGE, "concern")
        assert '<span class="count">(2 measures)</span>' in section(PAGE, "unrated")

    def test_every_measure_has_a_row(self) -> None:
        """Every measure has exactly one table row block with id row-ID."""
        for measure in CONTRACT.measures:
            assert 1 == PAGE.count(f'<tbody id="row-{measure}">'), measure

    def test_volumetric_section_has_no_status(self) -> None:
        """Volumetric measures are context: their section shows no status badge and no card."""
        volumetric = section(PAGE, "volumetric")
        assert 'class="status' not in volumetric
        assert [] == card_ids(volumetric)
        assert [f'id="row-{m}"' for m in VOLUMETRIC] == re.findall(r'id="row-[^"]+"', volumetric)

    def test_commentary_is_escaped(self) -> None:
        """Commentary text and its author are HTML-escaped."""
        page = markup_report("Is <b>this</b> & that", "Cllr <i>").to_html()
        assert "<p>Is &lt;b&gt;this&lt;/b&gt; &amp; that</p>" in page
        assert '<p class="author">Cllr &lt;i&gt;</p>' in page
        assert "<b>this" not in page
        assert "<i>" not in page

    def test_commentary_paragraphs(self) -> None:
        """Each paragraph of a comment is its own <p>, under its author."""
        page = markup_report("One.\n\nTwo.").to_html()
        quote = '<blockquote><p class="author">Council</p><p>One.</p><p>Two.</p></blockquote>'
        assert quote in page

    def test_commentary_markdown_is_rendered(self) -> None:
        """Commentary's emphasis, code, links and lists are HTML; other links are text."""
        text = "Why *now*? See `A1` and [the plan](https://e.org/p).\n- one\n- [x](javascript:y)"
        page = markup_report(text).to_html()
        assert (
            '<blockquote><p class="author">Council</p><p>Why <em>now</em>? See <code>A1</code>'
            ' and <a href="https://e.org/p">the plan</a>.</p>'
            "<ul><li>one</li><li>[x](javascript:y)</li></ul></blockquote>"
        ) in page
        markdown = markup_report(text).to_markdown()
        assert (
            "> **Council:** Why *now*? See `A1` and [the plan](https://e.org/p).\n>\n"
            "> - one\n> - \\[x\\](javascript:y)\n"
        ) in markdown

    def test_commentary_that_starts_with_a_list(self) -> None:
        """A comment that is a list has its author on a line of its own in Markdown."""
        markdown = markup_report("1. one\n2. two").to_markdown()
        assert "> **Council:**\n>\n> 1. one\n> 2. two\n" in markdown
        page = markup_report("1. one\n2. two").to_html()
        assert '<p class="author">Council</p><ol><li>one</li><li>two</li></ol>' in page

    def test_concern_without_commentary(self) -> None:
        """A measure of concern with no commentary says so on its card; one of good does not."""
        flag = "No commentary for this period"
        a4 = section(PAGE, "concern").split('id="card-A4"')[1].split("</article>")[0]
        a3 = section(PAGE, "good").split('id="card-A3"')[1].split("</article>")[0]
        assert flag in a4
        assert flag not in a3
        assert 12 == PAGE.count(flag)  # six cards, six table rows
        assert (
            "<strong>No commentary</strong> for 6 measures of concern or potential concern:"
            " A4, A9, B10, B13, B14, FO1."
        ) in PAGE

    def test_commentary_on_its_card(self) -> None:
        """A card with commentary shows each entry's author and words."""
        a1 = section(PAGE, "concern").split('id="card-A1"')[1].split("</article>")[0]
        assert ["Council", "Trust"] == re.findall(r'<p class="author">([^<]*)</p>', a1)

    def test_header(self) -> None:
        """The header names council, provider and period, and both fingerprints."""
        header = PAGE.split("<header>")[1].split("</header>")[0]
        for fact in (
            "<dt>Period</dt><dd>Quarter 4 2017/18 (2017/18 Q4)</dd>",
            "<dt>Council</dt><dd>Doncaster Metropolitan Borough Council</dd>",
            "<dt>Provider</dt><dd>Doncaster Children&#x27;s Services Trust</dd>",
            "<dt>Generated</dt><dd>9 July 2018 09:00 UTC</dd>",
            f"<dt>Contract</dt><dd>fingerprint {REPORT.contract_hash}</dd>",
            f"<dt>Readings</dt><dd>fingerprint {REPORT.readings_hash}</dd>",
        ):
            assert fact in header
        assert "<h1>DCST service delivery contract</h1>" in header

    def test_header_is_escaped(self) -> None:
        """Names in the header are escaped."""
        header = markup_report("Why?").to_html().split("<header>")[1].split("</header>")[0]
        assert "<dd>Council &lt;&amp;&gt;</dd>" in header

    def test_one_trend_per_measure(self) -> None:
        """Every measure, contractual and volumetric, has one trend line, in its own row."""
        assert 23 == PAGE.count('<svg class="trend"')
        for measure in CONTRACT.measures:
            assert 1 == row(PAGE, measure).count('<svg class="trend"'), measure

    def test_lines_for_consecutive_readings(self) -> None:
        """Every measure of the reference, read in four quarters, has a line in its trend."""
        for measure in CONTRACT.measures:
            assert 1 == row(PAGE, measure).count("<polyline"), measure

    def test_no_line_without_two_consecutive_readings(self) -> None:
        """A line needs two readings in a row; gaps and lone readings are dots only."""
        report = Report.build(
            CONTRACT,
            readings(
                "A1,2017/18 Q1,27.2\nA1,2017/18 Q3,26.8\n"
                "B8,2017/18 Q3,82.8\nB8,2017/18 Q4,76\nE1,2017/18 Q4,1789\n"
            ),
            Q4,
            generated=GENERATED,
        )
        page = report.to_html()
        assert (0, 1, 0) == tuple(row(page, m).count("<polyline") for m in ("A1", "B8", "E1"))
        assert (2, 2, 1) == tuple(row(page, m).count("<circle") for m in ("A1", "B8", "E1"))

    def test_trend_title_uses_short_labels_and_units(self) -> None:
        """A row's chart title gives each period shortly and each reading in its unit."""
        assert (
            "<title>A1 Re-referrals in the last 12 months: 17/18 Q1 27.2%, 17/18 Q2 28%,"
            " 17/18 Q3 26.8%, 17/18 Q4 26%; target 22%; tolerance 28%</title>"
        ) in row(PAGE, "A1")

    def test_body(self) -> None:
        """The body is the page's content alone, with no document around it."""
        body = report_body(REPORT)
        assert body.startswith('<main class="perfcontract-report">')
        assert body.endswith("</main>")
        assert f"<body>\n{body}\n</body>" in PAGE


class TestHtmlTables:
    def test_summary_table(self) -> None:
        """The summary table has the scrutiny table's caption, rows and totals."""
        table = summary_table(REPORT.summary())
        assert "<caption>Quarter 4 2017/18</caption>" in table
        assert (
            '<tr><th scope="row">Social Care Pathway</th>'
            "<td>1</td><td>3</td><td>3</td><td>0</td></tr>"
        ) in table
        assert (
            '<tfoot><tr><th scope="row">Total</th>'
            "<td>2 (10%)</td><td>7 (35%)</td><td>9 (45%)</td><td>2 (10%)</td></tr></tfoot>"
        ) in table

    def test_evaluation_table(self) -> None:
        """The evaluation table has a row per measure with value, terms, status and direction."""
        table = evaluation_table(REPORT.evaluation)
        assert 24 == table.count("<tr>")
        assert (
            '<tr><th scope="row">A1 Re-referrals in the last 12 months</th>'
            "<td>26%</td><td>22%</td><td>28%</td>"
            f"<td>{status_badge(Status.WITHIN_TOLERANCE)}</td>"
        ) in table
        assert (
            '<tr><th scope="row">E1 Contacts to social care (monthly average)</th>'
            f"<td>1,789</td><td></td><td></td><td>{status_badge(None)}</td>"
        ) in table


# ---------------------------------------------------------------------------
# Commentary on other periods, and odd inputs


def _notes(rows: str) -> Commentary:
    return Commentary.from_csv_text("measure,period,author,text\n" + rows, "notes.csv")


class TestCommentaryOnOtherPeriods:
    """Commentary on a month of the quarter or on the whole year is shown; the rest is kept."""

    def test_shown_for_a_measure_not_due(self) -> None:
        """A month's report of the quarterly contract: commentary on A1 for the month, and
        on FS1 for the quarter holding it, is shown in Markdown as in HTML, under the
        measures not due, and listed nowhere else."""
        notes = _notes(
            "A1,2018-03,Council,March note on A1\nFS1,2017/18 Q4,Trust,Quarter note on FS1\n"
        )
        report = Report.build(CONTRACT, READINGS, "2018-03", commentary=notes)
        markdown, page = report.to_markdown(), report.to_html()
        assert () == report.unshown
        assert "  > **Council:** March note on A1" in markdown.splitlines()
        assert "  > **Trust (Quarter 4 2017/18):** Quarter note on FS1" in markdown.splitlines()
        assert ("March note on A1" in page, "Quarter note on FS1" in page) == (True, True)

    NOTES = _notes(
        "B8,2017/18 Q4,Council,Quarter note\n"
        "B8,2018-03,Council,March note\n"
        "B8,2017/18,Trust,Year note\n"
        "A4,2017/18 Q3,Council,Q3 note\n"
        "A4,2018/19 Q1,Trust,Next year's note\n"
    )
    REPORT = Report.build(CONTRACT, READINGS, Q4, commentary=NOTES, generated=GENERATED)

    def test_shown_with_the_quarter_first(self) -> None:
        """A measure shows the quarter's commentary, then its month's and its year's, in order."""
        assert ["Quarter note", "March note", "Year note"] == [
            c.text for c in self.REPORT["B8"].commentary
        ]

    def test_labelled_with_their_period(self) -> None:
        """Commentary on another period than the report's says which, in both forms."""
        text = self.REPORT.to_markdown()
        assert "> **Council (March 2018):** March note" in text
        assert "> **Trust (2017/18):** Year note" in text
        assert "> **Council:** Quarter note" in text
        page = self.REPORT.to_html()
        assert '<p class="author">Council <span class="when">(March 2018)</span></p>' in page

    def test_others_kept_apart_in_file_order(self) -> None:
        """Commentary on periods that do not overlap the report's is listed at the end."""
        assert [5, 6] == [c.line for c in self.REPORT.unshown]
        assert [] == list(self.REPORT["A4"].commentary)
        text = self.REPORT.to_markdown()
        tail = text[text.index("## Commentary on other periods") :]
        assert "> **Council (Quarter 3 2017/18):** Q3 note" in tail
        assert "> **Trust (Quarter 1 2018/19):** Next year's note" in tail
        page = self.REPORT.to_html()
        assert '<section id="other-commentary">' in page
        assert "Next year&#x27;s note" in page

    def test_nothing_unshown_without_a_section(self) -> None:
        """With every entry on the report's period, there is no section for other periods."""
        assert () == REPORT.unshown
        assert "Commentary on other periods" not in REPORT.to_markdown()
        assert "other-commentary" not in REPORT.to_html()

    def test_resolved_against_another_contract(self) -> None:
        """Commentary resolved against a different contract is refused, not quietly dropped."""
        other = pc.loads(
            'contract "Other" { group "G" { measure B8 "B8" { unit count\nno target } } }'
        )
        resolved = _notes("B8,2017/18 Q4,Council,Why?\n").resolve(other)
        with pytest.raises(CommentaryError) as info:
            Report.build(CONTRACT, READINGS, Q4, commentary=resolved)
        assert (
            "<commentary>: error: this commentary was checked against the contract `Other`,"
            " not `DCST service delivery contract`"
        ) == str(info.value).splitlines()[0]


class TestOddInputs:
    def test_history_beyond_the_calendar(self) -> None:
        """A history reaching back before year 1 is no limit: the trend starts at the readings."""
        report = Report.build(CONTRACT, READINGS, Q4, history=100_000)
        assert "2017/18 Q1 to 2017/18 Q4" == report.trend_span

    def test_source_date_epoch_out_of_range(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A SOURCE_DATE_EPOCH no clock can show is ignored: the report is dated now."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
        before = datetime.datetime.now(UTC).replace(microsecond=0)
        report = Report.build(CONTRACT, {"A1": 26}, Q4)
        assert before <= report.generated <= datetime.datetime.now(UTC)

    def test_time_without_a_zone(self) -> None:
        """A time with no zone is written without one, and without a trailing space."""
        report = Report.build(CONTRACT, {"A1": 26}, Q4, generated=datetime.datetime(2018, 7, 9, 9))
        assert "- **Generated:** 9 July 2018 09:00" in report.to_markdown().splitlines()

    def test_extreme_readings_draw_a_line(self) -> None:
        """Values near the largest float (a ratio over a denominator a hair above nought)
        still give finite coordinates in the trend."""
        contract = pc.loads(
            'contract "X" { group "G" {\nvolumetric N "N" { unit number }\n'
            'volumetric D "D" { unit number }\nmeasure N1 "N1" { unit number\n'
            "higher is better\ntarget 0\ntolerance -1\nnumerator N\ndenominator D } } }"
        )
        rows = "".join(
            f"N,{q},{n}\nD,{q},1e-293\n" for q, n in (("2017/18 Q3", -1e15), ("2017/18 Q4", 1e15))
        )
        readings = Readings.from_csv_text("measure,period,value\n" + rows)
        report = Report.build(contract, readings, Q4)
        page = report.to_html()
        assert "nan" not in page.lower()
        assert "inf" not in re.sub(r"information|infographic", "", page.lower())

    def test_before_only_when_there_was_a_reading(self) -> None:
        """A card shows "Before" only when the period before has a reading, as Markdown does."""
        report = Report.build(CONTRACT, {"A1": 26, "B8": 76}, Q4)
        page = report.to_html()
        card = page[
            page.index('id="card-A1"') : page.index("</article>", page.index('id="card-A1"'))
        ]
        assert "<dt>Before</dt>" not in card
        assert "**Before:**" not in report.to_markdown()


@pytest.mark.parametrize("value", [1.7e308, -1.7e308, 5e-324, 0.0])
def test_flat_extreme_trend_has_finite_coordinates(value: float) -> None:
    """A flat trend at the edge of floats, or at zero, still has finite coordinates."""
    chart = trend_svg("N1", [("Q3", value, None, None), ("Q4", value, None, None)], describe=str)
    assert "nan" not in chart
    assert "inf" not in chart


class TestNotebook:
    """In a notebook: HTML tables for Evaluation and Summary, plain rows for pandas."""

    EVALUATION = CONTRACT.evaluate(READINGS, period="2017/18 Q4")

    def test_evaluation_displays_as_two_tables(self) -> None:
        """An Evaluation shows the summary table, then a row per measure, its status in words."""
        from perfcontract.render.notebook import styled

        page = self.EVALUATION._repr_html_()
        assert page == styled(self.EVALUATION.to_html())
        assert 2 == page.count("<table")
        assert 23 == len(re.findall(r'<tr><th scope="row">[A-Z]+\d+ ', page))
        assert "Outside tolerance</span>" in page

    def test_summary_displays_as_a_table(self) -> None:
        """A Summary shows its caption, groups and total row."""
        page = self.EVALUATION.summary()._repr_html_()
        assert page.startswith('<div class="perfcontract-nb"><style>')
        assert '</style><table class="summary"><caption>Quarter 4 2017/18</caption>' in page
        assert 5 == page.count('<tr><th scope="row">') - 1  # the groups, and the total row

    def test_records_are_plain_values(self) -> None:
        """Every value of to_records() is a str, an int, a float or None: nothing to convert."""
        records = [*self.EVALUATION.to_records(), *self.EVALUATION.summary().to_records()]
        kinds = {type(value) for record in records for value in record.values()}
        assert kinds <= {str, int, float, type(None)}

    def test_records_need_no_pandas(self) -> None:
        """With pandas impossible to import, records, tables and the report are still made."""
        import subprocess
        import sys

        script = (
            "import sys; sys.modules['pandas'] = None\n"  # `import pandas` now fails
            "import perfcontract as pc\n"
            "c = pc.load('examples/dcst-2017-18.contract')\n"
            "r = pc.Readings.from_csv('examples/dcst-2017-18-readings.csv')\n"
            "e = c.evaluate(r, period='2017/18 Q4')\n"
            "e.to_records(); e.summary().to_records(); e._repr_html_()\n"
            "pc.Report.build(c, r, '2017/18 Q4').to_html()\n"
            "print('ok')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert ("ok\n", "") == (done.stdout, done.stderr)
