"""Nothing injected: names from a contract or commentary never become markup, formulas or escapes.

Every Markdown writer (an evaluation, a summary, a report, a settlement)
escapes raw HTML and Markdown in every cell and paragraph, and keeps each
name on one line so that a ``|`` or a line break cannot split a table row.
Every CSV writer (an evaluation, a summary) puts a ``'`` before a text cell
that a spreadsheet would run as a formula, as the OWASP guidance on CSV
injection says, and leaves numbers as numbers. Text for a terminal shows a
control character as U+FFFD, so that a name cannot move the cursor or
recolour the screen; HTML and CSV write one as U+FFFD too. A diagnostic
shows a control character from the input as its code point (``<U+001B>``),
its caret still under the character it points at.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract import _compile
from perfcontract._csvtext import csv_cell, nul_stand_in, write_csv
from perfcontract._escape import (
    markdown_cell,
    markdown_inline,
    markdown_text,
    one_line,
    visible,
    visible_width,
    without_controls,
)
from perfcontract.cli import main
from perfcontract.commentary import Comment, Commentary
from perfcontract.render.tables import escape
from perfcontract.riskshare import settle

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "<script>alert(1)</script>"
# A contract whose every name is hostile; the language's strings hold any character but a
# line break, a quote or a backslash (those two are written \" and \\).
HOSTILE = f"""contract "{SCRIPT} | contract" {{
    council "=cmd|' /C calc'!A0"
    provider "<img src=x onerror=alert(2)>"
    group "{SCRIPT} | group" {{
        measure A1 "{SCRIPT} | \\"title\\" **bold** [x](javascript:alert(3)) &amp;" {{
            unit number
            no target
        }}
        measure A2 "=HYPERLINK(1)" {{ unit number no target }}
        measure A3 "+1+2" {{ unit number no target }}
        measure A4 "-2+3" {{ unit number no target }}
        measure A5 "@SUM(A1)" {{ unit number no target }}
        measure A6 "\tx\x00y\x1b[31mz" {{ unit number no target }}
    }}
}}
"""
# Markup characters that must never appear in Markdown output without a backslash before them.
MARKUP = re.compile(r"(?<!\\)(?:\\\\)*[<>&|`*_\[\]#~]")
# Characters a terminal, a page or a spreadsheet may obey: C0, DEL and C1.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

laws = settings(database=None, max_examples=300, deadline=None)


# The language refuses a control character in a name (tests/test_parser.py); the file the
# commands read holds the rest of the hostile names.
HOSTILE_FILE = HOSTILE.replace("\x00", "").replace("\x1b", "")


def loads_unchecked(text: str, source: str = "<string>") -> pc.Contract:
    """A contract whose names hold control characters, which the language refuses: a model
    built or changed in Python may hold them all the same, and every output stays safe."""
    with mock.patch.object(_compile, "_CONTROL", re.compile(r"(?!)")):
        return pc.loads(text, source=source)


def contract() -> pc.Contract:
    """The hostile contract."""
    return loads_unchecked(HOSTILE, source="hostile.contract")


def evaluation() -> pc.Evaluation:
    """The hostile contract evaluated, A4 with a negative value."""
    values = {"A1": 1, "A2": 2, "A3": 3, "A4": -2.5, "A5": 5, "A6": 6}
    return contract().evaluate(values, period="2017/18 Q4")


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row, split at the pipes no backslash escapes."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def unescaped(text: str) -> list[str]:
    """Markup characters in ``text`` that no backslash escapes."""
    return [match[0][-1] for match in MARKUP.finditer(text)]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


class TestEscapeHelpers:
    def test_markdown_cell(self) -> None:
        """Raw HTML, entities, pipes and emphasis are escaped; the text is on one line."""
        assert r"\<b\>x\</b\> \| \&amp; \*y\* a b" == markdown_cell("<b>x</b> | &amp; *y*\na\r\nb")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("- x", r"\- x"),
            ("+ x", r"\+ x"),
            ("= x", r"\= x"),
            ("12. x", r"12\. x"),
            ("1) x", r"1\) x"),
        ],
    )
    def test_markdown_text_starts_no_block(self, text: str, expected: str) -> None:
        """Running text that would open a list or underline a heading is escaped at its start."""
        assert expected == markdown_text(text)

    def test_one_line_replaces_controls(self) -> None:
        """Control characters other than whitespace become U+FFFD; whitespace runs one space."""
        assert "a\ufffd[31m b \ufffd c\ufffd" == one_line("a\x1b[31m\tb\n\x00 c\x9b")

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("=1+1", "'=1+1"),
            ("+1+1", "'+1+1"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("-1e-05", "-1e-05"),
            ("2E+3", "2E+3"),
            (-12.5, -12.5),
            (Decimal("-3.10"), Decimal("-3.10")),
            (None, None),
            ("a\x00b", "a\ufffdb"),
            ("Re-referrals", "Re-referrals"),
        ],
    )
    def test_csv_cell(self, value: object, expected: object) -> None:
        """Formula-like text gets a `'`; numbers, written or as text, stay numbers; NUL is �."""
        assert expected == csv_cell(value)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("\x1b[31mred", "<U+001B>[31mred"),
            ("a\x07b\x00c", "a<U+0007>b<U+0000>c"),
            ("over\rwrite", "over<U+000D>write"),
            ("\x7f\x9b\x85", "<U+007F><U+009B><U+0085>"),
            ("tab\tand\nline", "tab\tand\nline"),
            ("£1.2m…", "£1.2m…"),
        ],
    )
    def test_visible(self, text: str, expected: str) -> None:
        """A control character but tab and line feed is shown as its code point."""
        assert (expected, len(expected)) == (visible(text), visible_width(text))

    def test_without_controls(self) -> None:
        """HTML and CSV keep tab and line breaks, and write every other control as U+FFFD."""
        assert "a\ufffd[31m\tb\r\nc\ufffd\ufffd\ufffd" == without_controls(
            "a\x1b[31m\tb\r\nc\x00\x7f\x9b"
        )

    @laws
    @given(st.text())
    def test_nothing_visible_is_obeyed(self, text: str) -> None:
        """Whatever the text, what visible() gives holds no control but tab and line feed."""
        assert set(CONTROL.findall(visible(text))) <= {"\t", "\n"}
        assert set(CONTROL.findall(without_controls(text))) <= {"\t", "\n", "\r"}

    def test_nul_stand_in_is_not_in_the_text(self) -> None:
        """The stand-in for NUL is the first private-use character the text does not hold."""
        assert "\ue002" == nul_stand_in("\x00\ue000\ue001")

    @laws
    @given(st.text())
    def test_any_markdown_cell_is_one_escaped_line(self, text: str) -> None:
        """Any text in a Markdown cell is one line with every markup character escaped."""
        escaped = markdown_cell(text)
        assert ([], 1) == (unescaped(escaped), len(escaped.splitlines() or [""]))
        assert 3 == len([*cells(f"| {escaped} | {escaped} |"), ""])

    @pytest.mark.parametrize(
        "text",
        ["Re-referrals", "a  b", " a", "a ", "a\u00a0b", "a\u2028b", "a\x1cb", "a\tb", "", "é ü"],
    )
    def test_markdown_cell_changes_only_what_it_must(self, text: str) -> None:
        """A cell's text is kept as it is only when one line, escaped, would change nothing."""
        assert markdown_inline(one_line(text)) == markdown_cell(text)

    @laws
    @given(st.text())
    def test_any_markdown_cell_is_its_line_escaped(self, text: str) -> None:
        """Any text in a Markdown cell is exactly its one line with its markup escaped."""
        assert markdown_inline(one_line(text)) == markdown_cell(text)

    @laws
    @given(st.text())
    def test_any_html_text_is_escaped(self, text: str) -> None:
        """Any text in HTML has `&`, `<`, `>` and both quotes escaped, and every control
        character but tab and the line breaks written as U+FFFD."""
        assert html.escape(without_controls(text), quote=True) == escape(text)

    @laws
    @given(st.text())
    def test_any_csv_cell_reads_back_safe(self, text: str) -> None:
        """Any text as a CSV cell reads back without its controls, and with `'` if formula-like."""
        [[back]] = csv_rows(write_csv([[text]])) or [[""]]
        expected = without_controls(text)
        if expected[:1] in ("=", "+", "-", "@", "\t", "\r") and back != expected:
            expected = "'" + expected
        assert expected == back
        assert not back.startswith(("=", "+", "-", "@", "\t", "\r")) or re.fullmatch(
            r"[+-][0-9.eE+-]+", back
        )


class TestMarkdown:
    def test_evaluation(self) -> None:
        """`evaluate --format markdown`'s tables keep their columns, every name escaped."""
        text = evaluation().to_markdown()
        assert SCRIPT not in text
        rows = [line for line in text.splitlines() if line.startswith("|")]
        assert {6} == {len(cells(row)) for row in rows[-8:]}
        assert {5} == {len(cells(row)) for row in rows[:4]}
        title = cells(rows[-6])[0]
        assert [] == unescaped(title.removeprefix("A1 "))
        assert title.startswith(r"A1 \<script\>alert(1)\</script\> \| ")

    def test_summary(self) -> None:
        """A group's name is escaped in the summary's Markdown table, and on one line."""
        summary = pc.Summary.from_counts([(f"{SCRIPT}\n| x", [1, 0, 0, 0])], f"{SCRIPT} caption")
        rows = summary.to_markdown().splitlines()
        assert r"**\<script\>alert(1)\</script\> caption**" == cells(rows[0])[0]
        assert r"\<script\>alert(1)\</script\> \| x" == cells(rows[2])[0]
        assert {5} == {len(cells(row)) for row in rows}

    def test_report(self) -> None:
        """The report's Markdown escapes names, titles, authors and commentary, everywhere."""
        notes = Commentary(
            [
                Comment("A1", "2017/18 Q4", f"{SCRIPT} Council", f"{SCRIPT}\n- a list?\n\nA | B"),
                Comment("A2", "2017/18 Q3", "<i>Trust</i>", "<b>other period</b>"),
            ]
        )
        report = pc.Report.build(
            contract(),
            pc.Readings.from_mapping({"A1": 1, "A2": 2}, "2017/18 Q4"),
            "2017/18 Q4",
            commentary=notes,
        )
        text = report.to_markdown()
        assert [] == re.findall(r"(?<!\\)[<&]", text)
        assert (
            r"> **\<script\>alert(1)\</script\> Council:** \<script\>alert(1)\</script\>"
            "\n>\n> - a list?\n>\n> A \\| B\n"
        ) in text
        assert r"- **Provider:** \<img src=x onerror=alert(2)\>" in text
        assert r"- **Council:** \=cmd\|' /C calc'!A0" in text
        measures = [line for line in text.splitlines() if line.startswith("| A")]
        assert (6, {8}) == (len(measures), {len(cells(row)) for row in measures})

    def test_settlement(self) -> None:
        """A settlement's lines, sources and parties are escaped in its Markdown tables."""
        terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
        assert terms is not None
        worked = settle(
            terms,
            outturn="£1m",
            projection="£1m",
            funded_before_sharing=[(f"{SCRIPT} | case", "£100k", "<b>reserve</b>")],
            council_source="general | fund",
        )
        text = worked.to_markdown()
        assert SCRIPT not in text
        assert "<b>" not in text
        assert (
            r"| \<script\>alert(1)\</script\> \| case | council"
            r" | \<b\>reserve\</b\> | £100,000.00 |" in text
        )
        assert {4} == {len(cells(row)) for row in text.splitlines()[:6] if row.startswith("|")}
        assert r"| general \| fund | £630,000.00 |" in text


class TestCsv:
    def test_evaluation(self) -> None:
        """`evaluate --format csv`: formula-like titles get a `'`; numbers stay numbers."""
        rows = csv_rows(evaluation().to_csv())
        header, body = rows[0], rows[1:]
        by_id = {row[0]: dict(zip(header, row, strict=True)) for row in body}
        assert [
            "'=HYPERLINK(1)",
            "'+1+2",
            "'-2+3",
            "'@SUM(A1)",
            "'\tx\ufffdy\ufffd[31mz",
        ] == [by_id[m]["title"] for m in ("A2", "A3", "A4", "A5", "A6")]
        assert ("-2.5", f"{SCRIPT} | group") == (by_id["A4"]["value"], by_id["A4"]["group"])

    def test_summary(self) -> None:
        """The summary's CSV neutralises a formula-like group name and keeps the counts."""
        summary = pc.Summary.from_counts([("=1+1", [1, 0, 2, 0]), ("-x", [0, 0, 1, 0])], "Q4")
        assert [
            [
                "group",
                "Outside tolerance",
                "Inside tolerance",
                "On or better than target",
                "No target specified",
            ],
            ["'=1+1", "1", "0", "2", "0"],
            ["'-x", "0", "0", "1", "0"],
            ["Total", "1", "0", "3", "0"],
            ["Total %", "25", "0", "75", "0"],
        ] == csv_rows(summary.to_csv())

    def test_nul_is_written_on_every_python(self) -> None:
        """A NUL in a name is written as U+FFFD, where Python 3.10's csv module would fail."""
        summary = pc.Summary.from_counts([("a\x00b", [1, 0, 0, 0])], "Q4")
        assert "a\ufffdb,1,0,0,0" == summary.to_csv().splitlines()[1]


class TestHtml:
    def test_report(self) -> None:
        """The HTML report writes a control character in any name as U+FFFD, title and h1 too."""
        hostile = loads_unchecked(
            'contract "DCST\x1b[31mX\x07\x00\x9b" { group "g\x1b]0;T\x07" {'
            ' measure A1 "t\x1b[2J" { unit number no target } } }'
        )
        page = pc.Report.build(
            hostile, pc.Readings.from_mapping({"A1": 1}, "2017/18 Q4"), "2017/18 Q4"
        ).to_html()
        assert [] == CONTROL.findall(page.replace("\n", ""))
        assert "<title>DCST\ufffd[31mX\ufffd\ufffd\ufffd: performance report" in page
        assert "<h1>DCST\ufffd[31mX\ufffd\ufffd\ufffd</h1>" in page

    def test_report_every_text(self) -> None:
        """Every text a report writes, from the contract, the readings and the commentary, has
        its control characters written as U+FFFD: the page holds none but line feeds."""
        bad = "\x1b[31m\x07\x00\x9b\u202e"
        hostile = loads_unchecked(
            f'contract "c{bad}" {{ council "co{bad}" provider "p{bad}" source "s{bad}"'
            f' group "g{bad}" {{'
            f' measure A1 "t{bad}" {{ unit grade "bad{bad}", "good{bad}" target "good{bad}" }}'
            f' measure A2 "u{bad}" {{ unit percent higher is better target 50%'
            f' benchmark "n{bad}" 40% for 2017 }}'
            f' volumetric V1 "v{bad}" {{ unit count }} }} }}'
        )
        readings = pc.Readings.from_csv_text(
            "authority,measure,period,value\n"
            f"a{bad},A1,2017/18 Q3,bad{bad}\na{bad},A1,2017/18 Q4,good{bad}\n"
            f"a{bad},A2,2017/18 Q3,60\na{bad},A2,2017/18 Q4,40\na{bad},V1,2017/18 Q4,3\n"
        )
        said = [
            Comment("A2", "2017/18 Q4", f"author{bad}", f"said{bad} *so*{bad} [x{bad}](http://e)"),
            Comment("A2", "2017/18 Q1", f"earlier{bad}", f"before{bad}"),
        ]
        page = pc.Report.build(
            hostile, readings, "2017/18 Q4", commentary=Commentary(said)
        ).to_html()
        assert [] == CONTROL.findall(page.replace("\n", ""))
        assert [] == re.findall("[\u202a-\u202e\u2066-\u2069]", page)
        for text in ("co", "p", "s", "g", "t", "good", "u", "n", "v", "a", "author", "earlier"):
            assert f"{text}\ufffd[31m\ufffd\ufffd\ufffd\ufffd" in page

    def test_tables(self) -> None:
        """The HTML tables for a notebook write a control character in a name as U+FFFD."""
        summary = pc.Summary.from_counts([("red\x1b[31m\x07", [1, 0, 0, 0])], "Q4\x00")
        table = summary.to_html()
        assert ([], True) == (
            CONTROL.findall(table.replace("\n", "")),
            "red\ufffd[31m\ufffd" in table,
        )


class TestDiagnostics:
    def test_contract_line_and_caret(self) -> None:
        """A syntax error quotes the line with each control shown, the caret still under it."""
        with pytest.raises(pc.ContractSyntaxError) as caught:
            pc.loads('contract "c" {\n  council "x" \x1b[31mRED\x1b]0;TITLE\x07\n}\n', "e.contract")
        assert [
            "e.contract:2:15: error: unexpected character `U+001B`; expected `council`,"
            " `description`, `group`, `owner`, `payment`, `provider`, `reporting`, `risk share`,"
            " `source`, `year starts` or `}`",
            '    2 |   council "x" <U+001B>[31mRED<U+001B>]0;TITLE<U+0007>',
            "      |               ^~~~~~~~",
            "help: the character here is a control character (U+001B), never part of a"
            " contract: delete it",
        ] == str(caught.value).splitlines()

    def test_readings_message_and_line(self) -> None:
        """A readings error shows the controls in a cell and a measure id, message and line."""
        contract = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
        text = "measure,period,value\nA1,2017/18 Q4,\x1b[31mred\n\x1b]0;T\x07,2017/18 Q4,5\n"
        with pytest.raises(pc.ReadingsError) as caught:
            pc.Readings.from_csv_text(text, "e.csv").resolve(contract)
        first, second = (d.format().splitlines() for d in caught.value.diagnostics)
        assert [
            "e.csv:2:15: error: measure A1, period 2017/18 Q4: `<U+001B>[31mred` is not a number",
            "    2 | A1,2017/18 Q4,<U+001B>[31mred",
            "      |               ^~~~~~~~~~~~~~~",
        ] == first[:3]
        assert [
            "e.csv:3:1: error: measure <U+001B>]0;T<U+0007>, period 2017/18 Q4:"
            " the contract has no measure <U+001B>]0;T<U+0007>",
            "    3 | <U+001B>]0;T<U+0007>,2017/18 Q4,5",
            "      | ^~~~~~~~~~~~~~~~~~~~",
        ] == second[:3]

    def test_nul_in_a_period(self) -> None:
        """A NUL in a period is shown as <U+0000>, not printed as it is."""
        with pytest.raises(pc.PeriodError) as caught:
            pc.Period.parse("2017/18\x00Q1")
        assert str(caught.value).startswith(
            "<string>: error: `2017/18<U+0000>Q1` is not a financial year, quarter or month"
        )

    def test_source_name_and_hint(self) -> None:
        """The file's name and the hint show their controls too."""
        problem = pc.Diagnostic("m", source="a\x1b.csv", hint="write \x07")
        assert "a<U+001B>.csv: error: m\nhelp: write <U+0007>" == problem.format()

    @laws
    @given(
        st.text(st.sampled_from("ab\t\x1b\x07\x00\r\x9b"), max_size=400),
        st.integers(1, 401),
        st.integers(1, 50),
    )
    def test_caret_under_its_character(self, line: str, column: int, length: int) -> None:
        """Whatever controls the line holds, the caret is under the character it points at."""
        column = min(column, len(line) + 1)
        text = pc.Diagnostic("m", line=1, column=column, length=length, source_line=line).format()
        shown, caret = (part.split(" | ", 1)[1] for part in text.splitlines()[1:3])
        assert set(CONTROL.findall(shown)) <= {"\t"}
        at = caret.index("^")
        assert set(caret[:at]) <= {" ", "\t"}
        if column <= len(line):
            assert visible(line[column - 1]) == shown[at : at + visible_width(line[column - 1])]

    def test_check_command(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`perfcontract check` sends no escape, bell or NUL from the file to the terminal."""
        path = tmp_path / "e.contract"
        path.write_text('contract "c" {\n  council "x" \x1b[31mRED\x00\x07\n}\n', encoding="utf-8")
        assert 1 == main(["check", str(path)])
        assert [] == CONTROL.findall(capsys.readouterr().err.replace("\n", ""))


class TestText:
    def test_evaluation(self) -> None:
        """The terminal table shows a control character in a group's name as U+FFFD."""
        summary = pc.Summary.from_counts([("red\x1b[31m\x07", [1, 0, 0, 0])], "Q4")
        assert "red\ufffd[31m\ufffd" == summary.to_text().splitlines()[3].split("  ")[0]

    def test_settlement(self) -> None:
        """A settlement's text shows control characters in its lines as U+FFFD."""
        terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
        assert terms is not None
        text = settle(terms, outturn="£1m", projection="£1m", council_source="x\x1b[2J").to_text()
        assert "\x1b" not in text
        assert "x\ufffd[2J" in text


# The controls that reorder the rest of their line: embeddings, overrides and isolates.
REORDER = re.compile("[\u202a-\u202e\u2066-\u2069]")
# A payment contract whose every name ends in a right-to-left override or isolate.
BIDI = """contract "Riverside\u202e" {
    council "Council\u2067"
    provider "Provider\u202b"
    reporting monthly
    group "Helpdesk\u202e" {
        measure CS1 "Calls answered\u202e" { unit percent higher is better target 95% }
    }
    payment {
        charge £1k monthly
        credit CS1 1% inside tolerance, 2% outside tolerance
    }
}
"""


class TestReorderingControls:
    """A name with a right-to-left override shows the rest of its line reversed on a
    terminal or a page (`Helpdesk\u202e 0 2` reads `2 0`): text and Markdown show U+FFFD."""

    @pytest.mark.parametrize("form", ["to_text", "to_markdown"])
    def test_evaluation_and_summary(self, form: str) -> None:
        """An evaluation's and its summary's text and Markdown."""
        evaluated = loads_unchecked(BIDI).evaluate({"CS1": 90}, period="2024-05")
        for text in (getattr(evaluated, form)(), getattr(evaluated.summary(), form)()):
            assert ([], True) == (REORDER.findall(text), "Helpdesk\ufffd" in text)

    @pytest.mark.parametrize("form", ["to_text", "to_markdown"])
    def test_payment(self, form: str) -> None:
        """A payment's text and Markdown, its contract named in its first line."""
        readings = pc.Readings.from_mapping({"CS1": 90}, "2024-05")
        text = getattr(loads_unchecked(BIDI).payment(readings, period="2024-05"), form)(lines=True)
        assert ([], True) == (REORDER.findall(text), "Riverside\ufffd" in text)

    def test_report(self) -> None:
        """The report's Markdown: contract, council, provider, group and title."""
        readings = pc.Readings.from_mapping({"CS1": 90}, "2024-05")
        text = pc.Report.build(loads_unchecked(BIDI), readings, "2024-05").to_markdown()
        assert [] == REORDER.findall(text)
        assert ["CS1 Calls answered", "Council", "Helpdesk", "Provider", "Riverside"] == sorted(
            set(re.findall(r"(\w[\w ]*\w)\ufffd", text))
        )

    def test_settlement(self) -> None:
        """A settlement's text and Markdown."""
        terms = pc.loads('contract "c" { risk share { council 70% provider 30% } }').risk_share
        assert terms is not None
        worked = settle(terms, outturn="£1m", projection="£1m", council_source="fund\u2066")
        for text in (worked.to_text(), worked.to_markdown()):
            assert ([], True) == (REORDER.findall(text), "fund\ufffd" in text)

    def test_html_report(self) -> None:
        """The HTML report: a trend's tooltip, a card's title, the page's title."""
        readings = pc.Readings.from_mapping({"CS1": 90}, "2024-05")
        page = pc.Report.build(loads_unchecked(BIDI), readings, "2024-05").to_html()
        assert ([], True) == (REORDER.findall(page), "Calls answered\ufffd: 2024-05 90%;" in page)

    def test_csv(self) -> None:
        """An evaluation's CSV."""
        text = loads_unchecked(BIDI).evaluate({"CS1": 90}, period="2024-05").to_csv()
        assert ([], "Calls answered\ufffd") == (REORDER.findall(text), csv_rows(text)[1][1])

    def test_the_marks_stay(self) -> None:
        """The marks U+200E, U+200F and U+061C, which reorder nothing, are kept."""
        assert "a\u200eb\u200fc\u061cd" == one_line("a\u200eb\u200fc\u061cd")


class TestCommandLine:
    @pytest.fixture
    def hostile(self, tmp_path: Path) -> str:
        path = tmp_path / "hostile.contract"
        path.write_text(HOSTILE_FILE, encoding="utf-8")
        return str(path)

    def test_evaluate_markdown(
        self, capsys: pytest.CaptureFixture[str], hostile: str, tmp_path: Path
    ) -> None:
        """`evaluate --format markdown` writes no raw HTML from a title."""
        readings = tmp_path / "r.csv"
        readings.write_text("measure,period,value\nA1,2017/18 Q4,1\n", encoding="utf-8")
        status = main(["evaluate", hostile, str(readings), "--format", "markdown"])
        out = capsys.readouterr().out
        assert (0, False, True) == (status, SCRIPT in out, r"\<script\>alert(1)\</script\>" in out)

    def test_evaluate_csv(
        self, capsys: pytest.CaptureFixture[str], hostile: str, tmp_path: Path
    ) -> None:
        """`evaluate --format csv` writes no formula from a title."""
        readings = tmp_path / "r.csv"
        readings.write_text("measure,period,value\nA2,2017/18 Q4,-1\n", encoding="utf-8")
        status = main(["evaluate", hostile, str(readings), "--format", "csv"])
        rows = csv_rows(capsys.readouterr().out)
        value = rows[0].index("value")
        assert (0, "'=HYPERLINK(1)", "-1") == (status, rows[2][1], rows[2][value])

    @staticmethod
    def escaping_name(folder: Path) -> str:
        """A contract whose name sets a terminal's title (an escape sequence)."""
        path = folder / "c.contract"
        path.write_text(
            'contract "x\x1b]0;owned\x07" { risk share { council 70% provider 30% } }\n',
            encoding="utf-8",
        )
        return str(path)

    def test_risk_share_text(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`risk-share` shows a control character in the contract's name as U+FFFD (a
        contract the language refuses, read here as a model built in Python may hold it)."""
        monkeypatch.setenv("PERFCONTRACT_CACHE", "0")  # nothing kept from the lenient read
        monkeypatch.setattr(_compile, "_CONTROL", re.compile(r"(?!)"))
        status = main(["risk-share", self.escaping_name(tmp_path), "1m"])
        out = capsys.readouterr().out
        assert (0, "x\ufffd]0;owned\ufffd: risk share") == (status, out.splitlines()[0])

    def test_a_control_in_a_name_is_refused(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A control character in a contract's name is an error at its place, shown as its
        code point: the terminal is never sent the escape."""
        path = self.escaping_name(tmp_path)
        status = main(["risk-share", path, "1m"])
        err = capsys.readouterr().err
        assert (1, []) == (status, CONTROL.findall(err.replace("\n", "")))
        assert f"{path}:1:12: error: a control character (U+001B)" in err
        assert "<U+001B>]0;owned<U+0007>" in err
