"""The canonical layout: `format_contract` never changes what a contract says.

Four properties, over contracts drawn by ``contract_strategies.contracts`` and
over every contract file in ``examples/`` and ``tests/golden/good/``:

* idempotence: ``format_contract(format_contract(x)) == format_contract(x)``;
* round trip: ``pc.loads(format_contract(x)) == pc.loads(x)`` (model
  equality leaves positions out);
* comments kept: every comment of ``x`` is in the output as often as in ``x``;
* the output is a valid contract.

Drawn contracts mutated as ``tests/test_fuzz.py`` mutates its bases either
keep the four properties or raise a ContractError whose lines are inside the
text, and numbers of any length keep their exact value.

Exact outputs for hand-written inputs are golden files:
``tests/golden/fmt/NAME.contract`` formats to ``NAME.expected``. To
regenerate them after a deliberate change of layout, run::

    PERFCONTRACT_UPDATE_GOLDEN=1 pytest tests/test_formatter.py

and read every changed golden before committing.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import collections
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import lark
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract._parse import parse_tree
from perfcontract._syntax import Block, Clause
from perfcontract.formatter import format_contract

sys.path.insert(0, str(Path(__file__).resolve().parent))
from contract_strategies import KEYWORDS_DRAWN, contracts, long_numbers
from test_fuzz import MUTATIONS, check_error

ROOT = Path(__file__).resolve().parents[1]
FMT = ROOT / "tests" / "golden" / "fmt"
UPDATE = os.environ.get("PERFCONTRACT_UPDATE_GOLDEN") == "1"
FILES = sorted(ROOT.glob("examples/*.contract")) + sorted(ROOT.glob("tests/golden/good/*.contract"))

# Drawn contracts are small, so a hundred of each property run in seconds;
# benchmarks/fuzz_long.py runs the same properties for minutes. No deadline: a
# slow example on a busy machine is not a failure. No database: nothing is
# written into the working tree. No shrinking: shrinking a drawn contract can
# take minutes, more than CI's budget, so a failure shows the contract as drawn
# (`python benchmarks/fuzz_long.py --shrink` shrinks one).
properties = settings(
    max_examples=100,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# A string literal or a comment: a `#` inside a string starts no comment.
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|#[^\n]*')


def comments(text: str) -> collections.Counter[str]:
    """Each comment of ``text`` and how often it occurs (trailing whitespace dropped)."""
    return collections.Counter(
        match.group().rstrip()
        for match in _STRING_OR_COMMENT.finditer(text.removeprefix("\ufeff"))
        if match.group().startswith("#")
    )


def read(path: Path) -> str:
    """A contract file's text as written: a BOM dropped, CRLF line ends kept."""
    return path.read_bytes().decode("utf-8-sig")


# ---------------------------------------------------------------------------
# The properties, as plain checks (benchmarks/fuzz_long.py runs them too)


def check_idempotent(text: str) -> None:
    """Formatting the formatted text changes nothing."""
    once = format_contract(text)
    assert once == format_contract(once)


def check_round_trip(text: str) -> None:
    """The formatted text says exactly what the original says."""
    assert pc.loads(text) == pc.loads(format_contract(text))


def check_comments_kept(text: str) -> None:
    """Every comment is in the output, as many times as in the input."""
    assert comments(text) == comments(format_contract(text))


def check_valid(text: str) -> None:
    """The formatted text is a valid contract, with LF line ends and one newline at the end."""
    formatted = format_contract(text)
    assert isinstance(pc.loads(formatted), pc.Contract)
    assert formatted.endswith("\n")
    assert not formatted.endswith("\n\n")
    assert "\r\n" not in formatted


# A number outside strings, comments, money, periods and ids: its sign, whole digits
# (commas kept) and decimals. Money (`£1,234.50`, `£1.2m`) keeps its own form.
_NUMBER = re.compile(r"(?<![\w.£/,-])(-?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)((?:\.[0-9]+)?)")


def check_thousands(text: str) -> None:
    """Every number the formatter writes has commas between groups of three when its whole
    part has five or more digits, and none otherwise; `rate per N` never has."""
    formatted = format_contract(text)
    code = _STRING_OR_COMMENT.sub(lambda m: " ", formatted)
    assert all(m[1].isdigit() for m in re.finditer(r"unit rate per (\S+)", code))
    code = re.sub(r"unit rate per [0-9]+", "unit", code)  # the unit's name: plain digits
    for match in _NUMBER.finditer(code):
        whole = match[2]
        digits = whole.replace(",", "")
        expected = f"{int(digits):,}" if len(digits) >= 5 else digits
        assert expected == whole, f"{match[0]!r} in {formatted!r}"


def check_mutated(text: str) -> None:
    """A mutated contract formats with every property above, or raises a sound ContractError."""
    try:
        format_contract(text)
    except pc.ContractError as error:
        check_error(error, text)  # every line inside the text, no parser internals named
        return
    for check in (check_idempotent, check_round_trip, check_comments_kept, check_valid):
        check(text)


@st.composite
def mutated_contracts(draw: st.DrawFn) -> str:
    """A drawn contract after one to three of tests/test_fuzz.py's mutations."""
    text = draw(contracts(max_groups=2, max_measures=3))
    for mutate in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        text = mutate(draw, text)
    return text


CHECKS = {
    "idempotent": check_idempotent,
    "round trip": check_round_trip,
    "comments kept": check_comments_kept,
    "valid": check_valid,
    "thousands": check_thousands,
}


# ---------------------------------------------------------------------------
# The drawn contracts themselves


def _items(block: Block) -> Iterator[Block | Clause]:
    yield block
    for item in block.items:
        if isinstance(item, Block):
            yield from _items(item)
        else:
            yield item


def _period_kind(text: str) -> str:
    if re.fullmatch(r"\d{4}", text):
        return "calendar year"
    if "h" in text.lower():
        return "half year"
    return "month" if "-" in text else "quarter" if "q" in text.lower() else "year"


def features(text: str) -> set[str]:
    """The constructs and layouts ``text`` uses: clause kinds, period kinds, comments, ..."""
    found = set()
    if "\r\n" in text:
        found.add("CRLF")
    if text.startswith("\ufeff"):
        found.add("BOM")
    for line in text.removeprefix("\ufeff").split("\n"):
        code = _STRING_OR_COMMENT.sub(lambda m: "" if m.group()[0] == "#" else '""', line)
        if "#" in line and comments(line):
            found.add("end-of-line comment" if code.strip() else "own-line comment")
        if "\t" in code:
            found.add("tab")
    for item in _items(parse_tree(text.removeprefix("\ufeff"))):
        found.add(item.kind)
        if isinstance(item, Block):
            continue
        if item.since is not None:
            found.add(f"from a {_period_kind(item.since.text)}")
        if item.per_year is not None:
            found.add("a year")
        if item.kind == "band":
            found.add(f"band {item.args[0].kind}")
        if item.kind in ("band", "gain share", "gain band") and item.args[-1].since is not None:
            found.add(f"dated {item.kind}")
        if item.kind == "share" and item.since is not None:
            found.add("dated share")
        if item.kind == "benchmark":
            comparisons, year = item.args
            found.update(f"comparator {c.args[0].text}" for c in comparisons)
            if year is not None:
                found.add(f"for {_period_kind(year.text)}")
    return found


EXPECTED_FEATURES = {
    "contract", "group", "measure", "volumetric", "risk share",
    "council", "provider", "year starts", "reporting", "metadata",
    "unit", "rate unit", "higher is better", "lower is better",
    "target", "band target", "no target",
    "tolerance", "band tolerance", "points tolerance", "relative tolerance",
    "rounding", "aggregate", "benchmark",
    "comparator national", "comparator regional", "comparator statistical neighbours",
    "for calendar year", "for year", "for quarter", "for month",
    "from a year", "from a quarter", "from a month",
    "share", "band", "band up to", "band from to", "band above", "provider cap", "gain share",
    "council cap", "gain band", "dated share", "dated band", "dated gain share", "dated gain band",
    "CRLF", "BOM", "tab", "own-line comment", "end-of-line comment",
    # Measures as real contracts define them
    "numerator", "denominator", "year to date", "rolling window", "season", "profile",
    "a year", "grade unit", "yes/no target", "label target", "label tolerance",
    "from a half year",
}  # fmt: skip


class TestDrawnContracts:
    @properties
    @given(contracts())
    def test_every_drawn_contract_loads(self, text: str) -> None:
        """Every contract the strategy draws is valid."""
        assert isinstance(pc.loads(text), pc.Contract)

    def test_every_construct_is_drawn(self) -> None:
        """Five hundred drawn contracts use every construct of the language and every layout."""
        seen: set[str] = set()

        @settings(properties, max_examples=500, derandomize=True)
        @given(contracts())
        def collect(text: str) -> None:
            seen.update(features(text))

        collect()
        assert set() == EXPECTED_FEATURES - seen

    def test_keywords_are_the_grammars(self) -> None:
        """The strategy writes every keyword of the grammar, and no word the grammar lacks."""
        grammar = (ROOT / "grammar" / "contract.lark").read_text(encoding="utf-8")
        terminals = lark.Lark(grammar, parser="lalr").terminals
        keywords = {
            str(t.pattern.value)
            for t in terminals
            if isinstance(t.pattern, lark.lexer.PatternStr) and str(t.pattern.value).isalpha()
        }
        assert keywords == set(KEYWORDS_DRAWN)


# ---------------------------------------------------------------------------
# The properties over drawn contracts


class TestProperties:
    @properties
    @given(contracts())
    def test_idempotent(self, text: str) -> None:
        """format_contract(format_contract(x)) == format_contract(x)."""
        check_idempotent(text)

    @properties
    @given(contracts())
    def test_round_trip(self, text: str) -> None:
        """pc.loads(format_contract(x)) == pc.loads(x)."""
        check_round_trip(text)

    @properties
    @given(contracts())
    def test_comments_kept(self, text: str) -> None:
        """Every comment of x is in the output as many times as in x."""
        check_comments_kept(text)

    @properties
    @given(contracts())
    def test_output_valid(self, text: str) -> None:
        """The output is a valid contract ending in one newline, with LF line ends."""
        check_valid(text)

    @properties
    @given(contracts())
    def test_thousands(self, text: str) -> None:
        """Numbers of five or more whole digits have commas between groups of three, others none."""
        check_thousands(text)

    @properties
    @given(long_numbers())
    def test_long_numbers_thousands(self, text: str) -> None:
        """Numbers of up to 15 whole digits are grouped in threes, whatever was written."""
        check_thousands(text)

    @properties
    @given(mutated_contracts())
    def test_mutated(self, text: str) -> None:
        """A mutated drawn contract formats with every property, or raises a sound ContractError."""
        check_mutated(text)

    @properties
    @given(long_numbers())
    def test_long_numbers_round_trip(self, text: str) -> None:
        """Numbers of any length and precision keep their exact value and stay valid."""
        check_round_trip(text)


# ---------------------------------------------------------------------------
# The properties over every contract file in the repository


class TestFiles:
    def test_there_are_files(self) -> None:
        """The examples and the good goldens are found (an empty glob would prove nothing)."""
        names = {path.parent.name for path in FILES}
        assert {"examples", "good"} == names
        assert 20 <= len(FILES)

    @pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
    @pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
    def test_file(self, path: Path, check: object) -> None:
        """Each property holds for each contract file of the repository."""
        check(read(path))  # type: ignore[operator]

    def test_example_is_canonical(self) -> None:
        """The example contract is already in the canonical layout."""
        text = read(ROOT / "examples" / "dcst-2017-18.contract")
        assert text == format_contract(text)


# ---------------------------------------------------------------------------
# Golden outputs for hand-written inputs


def _golden_names() -> list[str]:
    return sorted(path.stem for path in FMT.glob("*.contract"))


class TestGolden:
    def test_there_are_goldens(self) -> None:
        """The hand-written inputs are found."""
        assert 5 <= len(_golden_names())

    @pytest.mark.parametrize("name", _golden_names())
    def test_matches_golden(self, name: str) -> None:
        """Each hand-written input formats exactly to its golden output."""
        formatted = format_contract(read(FMT / f"{name}.contract"))
        expected = FMT / f"{name}.expected"
        if UPDATE:
            expected.write_bytes(formatted.encode("utf-8"))
        assert expected.is_file(), (
            f"no golden {expected.name}: run with PERFCONTRACT_UPDATE_GOLDEN=1"
        )
        assert expected.read_bytes().decode("utf-8") == formatted

    @pytest.mark.parametrize("name", _golden_names())
    def test_golden_is_canonical(self, name: str) -> None:
        """Each golden output formats to itself."""
        expected = read(FMT / f"{name}.expected")
        assert expected == format_contract(expected)

    @pytest.mark.parametrize("name", _golden_names())
    def test_golden_says_what_its_input_says(self, name: str) -> None:
        """Each golden output loads to the same contract as its input, with the same comments."""
        text = read(FMT / f"{name}.contract")
        expected = read(FMT / f"{name}.expected")
        assert pc.loads(text) == pc.loads(expected)
        assert comments(text) == comments(expected)


# ---------------------------------------------------------------------------
# One clause at a time


def _one_measure(unit: str, clauses: str) -> str:
    return f'contract "c" {{ group "g" {{ measure A1 "t" {{ unit {unit} {clauses} }} }} }}'


def _line(text: str, start: str) -> str:
    """The formatted line of ``text`` that starts with ``start`` (indentation dropped)."""
    lines = [line.strip() for line in format_contract(text).splitlines()]
    return next(line for line in lines if line.startswith(start))


# (unit, clauses as written, the line they give)
SPELLINGS = [
    ("percent", "target 22.0%", "target 22%"),
    ("percent", "target 022.50%", "target 22.5%"),
    ("percent", "target -0%", "target 0%"),
    ("count", "target 1,250", "target 1250"),
    ("count", "target 5 window rolling 3 month", "window rolling 3 months"),
    ("count", "target 5 window rolling 1 quarters", "window rolling 1 quarter"),
    ("count", "target 5 window rolling 2 quarter", "window rolling 2 quarters"),
    ("number", "target 0.040", "target 0.04"),
    ("money", "target £1,200,000", "target £1.2m"),
    ("money", "target £950000", "target £950k"),
    ("money", "target £1234.5", "target £1,234.50"),
    ("money", "target £0.25bn", "target £250m"),
    ("money", "target -£2,500", "target -£2.5k"),
    ("money", "target 1,230,000", "target 1,230,000"),
    ("count", "target 9999", "target 9999"),  # four whole digits: no comma
    ("count", "target 9,999.0", "target 9999"),
    ("count", "target 10000", "target 10,000"),  # five: commas
    ("count", "target 650000", "target 650,000"),
    ("count", "target 650,000", "target 650,000"),
    ("number", "target -12345.678", "target -12,345.678"),
    ("number", "target 1234567.50", "target 1,234,567.5"),
    ("number", "target 10 tolerance within 12345 points of target", "tolerance within 12,345 points of target"),  # noqa: E501
    ("rate per 10,000", "target 5", "unit rate per 10000"),  # the unit's name: never commas
    ("rate per 100000", "target 12000", "target 12,000"),
    ("percent", "target 8% target 9% from 2018/19   q1", "target 9% from 2018/19 Q1"),
    ("percent", "target 8% target 9% from 2018/19\tQ1", "target 9% from 2018/19 Q1"),
    ("percent", "target 8% target 9% from 2018-04", "target 9% from 2018-04"),
    ("percent", "target 9% tolerance within 5.0 points of target", "tolerance within 5 points of target"),  # noqa: E501
    ("percent", "target 9% tolerance within 05% of target", "tolerance within 5% of target"),
    ("percent", "no target rounded to 07 dp", "rounded to 7 dp"),
]  # fmt: skip

# (risk share as written, its lines formatted)
RISK_SHARES = [
    ("provider 30.0%  council 70.00%", ["provider 30%", "council 70%"]),
    (
        "band up to £1,000,000 : council 50% ,provider 50.0%"
        " band above 1000000:provider 30%, council 70%",
        [
            "band up to £1m: council 50%, provider 50%",
            "band above 1,000,000: provider 30%, council 70%",
        ],
    ),
    (
        "band from £0 to £1500 : council 50% ,provider 50%"
        " band above £1.5k:council 70%, provider 30%",
        [
            "band from £0 to £1.5k: council 50%, provider 50%",
            "band above £1.5k: council 70%, provider 30%",
        ],
    ),
    (
        "gain share council 50%, provider 50% provider cap £2500k council 70% provider 30%",
        [
            "council 70%",
            "provider 30%",
            "provider cap £2.5m",
            "gain share: council 50%, provider 50%",
        ],
    ),
    (
        "gain share band above £250,000: council 50%, provider 50% from 2019/20 council cap £3000k"
        " council 70% provider 30% council 60% from 2018/19 q3 provider 40.0% from 2018/19  Q3",
        [
            "council 70%",
            "provider 30%",
            "council 60% from 2018/19 Q3",
            "provider 40% from 2018/19 Q3",
            "council cap £3m",
            "gain share band above £250k: council 50%, provider 50% from 2019/20",
        ],
    ),
]


class TestSpelling:
    @pytest.mark.parametrize(("unit", "written", "expected"), SPELLINGS)
    def test_quantities_and_periods(self, unit: str, written: str, expected: str) -> None:
        """Quantities and periods are spelt one way."""
        text = _one_measure(unit, f"higher is better {written}")
        assert expected in [line.strip() for line in format_contract(text).splitlines()]

    def test_band_target_and_tolerance(self) -> None:
        """A band target and tolerance are spelt one way, target first."""
        text = _one_measure("percent", "tolerance between 1.00% and 9% target between 02% and 8.0%")
        lines = [line.strip() for line in format_contract(text).splitlines()]
        assert ["target between 2% and 8%", "tolerance between 1% and 9%"] == lines[4:6]

    @pytest.mark.parametrize(("written", "expected"), RISK_SHARES)
    def test_risk_share(self, written: str, expected: list[str]) -> None:
        """Risk-share clauses come in one order, spelt one way; shares keep the order written."""
        lines = format_contract(f'contract "c" {{ risk share {{ {written} }} }}').splitlines()
        assert ["risk share {", *expected, "}"] == [line.strip() for line in lines[1:-1]]

    def test_header_order_and_month(self) -> None:
        """Header clauses come first, in one order, before groups; a month is capitalised."""
        text = (
            'contract "c" { group "g" { } reporting monthly source "s" year starts SEP '
            'provider "p" description "d" council "c" }'
        )
        assert [
            'contract "c" {',
            '    council "c"',
            '    provider "p"',
            "    year starts Sep",
            "    reporting monthly",
            '    description "d"',
            '    source "s"',
            "",
            '    group "g" {',
            "    }",
            "}",
        ] == format_contract(text).splitlines()

    def test_escapes_kept(self) -> None:
        """Quotes and backslashes inside strings stay escaped."""
        text = r'contract "a \"b\" c\\d" { owner "\\\"" }'
        assert [r'contract "a \"b\" c\\d" {', r'    owner "\\\""', "}"] == (
            format_contract(text).splitlines()
        )


# ---------------------------------------------------------------------------
# Bad contracts


class TestBadContracts:
    @pytest.mark.parametrize(
        "text",
        [
            "",
            'contract "c" {',
            'contract "c" { council "a" council "b" }',
            'contract "c" { group "g" { measure A1 "t" { unit percent higher is better'
            " target 90% tolerance 95% } } }",
            'contract "c" { group "g" { measure A1 "t" { unit percent no target'
            " target 90% from 2019/20 target 91% from 2018/19 } } }",
            'contract "c" { risk share { council 70% provider 20% } }',
        ],
        ids=["empty", "unclosed", "duplicate", "tolerance-better", "out-of-order", "shares"],
    )
    def test_raises_contract_error(self, text: str) -> None:
        """A contract with errors raises ContractError, whose lines are inside the text."""
        with pytest.raises(pc.ContractError) as raised:
            format_contract(text, source="bad.contract")
        assert "bad.contract" == raised.value.source
        lines = max(1, text.count("\n") + 1)
        assert all(1 <= (d.line or 0) <= lines for d in raised.value.diagnostics)

    @pytest.mark.parametrize("text", ["", 'contract "c" {', 'contract "c" { target 22% }'])
    def test_syntax_errors_raise_unchecked(self, text: str) -> None:
        """`check=False` lays out only text that parses: a syntax error still raises."""
        with pytest.raises(pc.ContractSyntaxError):
            format_contract(text, check=False)

    @pytest.mark.parametrize(
        "text",
        [
            'contract "c" { council "a" council "b" }',
            'contract "c" { group "g" { measure A1 "t" { unit percent higher is better'
            " target 90% tolerance 95% } } }",
            'contract "c" { group "g" { measure A1 "t" { unit percent no target'
            " target 90% from 2019/20 target 91% from 2018/19 } } }",
            'contract "c" { risk share { council 70% provider 20% } }',
            'contract "c" { group "g" { measure A1 "t" { unit percent  higher is better'
            " target 90% from 2017/18 Q5 } } }",
        ],
        ids=["duplicate", "tolerance-better", "out-of-order", "shares", "bad-quarter"],
    )
    def test_invalid_laid_out_unchecked(self, text: str) -> None:
        """`check=False` lays out a contract that parses but is not valid, and the layout has
        the same problems, in the same words but for the lines they name."""
        with pytest.raises(pc.ContractError) as before:
            pc.loads(text)
        formatted = format_contract(text, check=False)
        assert formatted == format_contract(formatted, check=False)
        with pytest.raises(pc.ContractError) as after:
            pc.loads(formatted)

        def said(error: pc.ContractError) -> list[tuple[str, str]]:
            lines = re.compile(r"line [0-9]+")
            return sorted((lines.sub("line N", d.message), d.hint or "") for d in error.diagnostics)

        assert said(before.value) == said(after.value)
        assert len(before.value.diagnostics) >= 1

    def test_a_layout_that_changes_the_problems_raises_them(self) -> None:
        """Were a layout to hide a problem, or make one, the contract's problems are raised."""
        from perfcontract.formatter import _keeps_problems

        text = 'contract "c" { council "a" council "b" }'
        with pytest.raises(pc.ContractError) as raised:
            pc.loads(text)
        _keeps_problems(format_contract(text, check=False), "<string>", raised.value)
        for changed in ('contract "c" {\n    council "a"\n}\n', 'contract "c" { council "a"'):
            with pytest.raises(pc.ContractError) as again:
                _keeps_problems(changed, "<string>", raised.value)
            assert raised.value is again.value


# ---------------------------------------------------------------------------
# Minimal inputs the properties found, each kept as a regression test (all
# were fixed in src/perfcontract/formatter.py and _compile.py as they were found).


class TestFound:
    def test_comment_after_a_name_and_after_its_brace(self) -> None:
        """A block whose `{` stands on the next line keeps the comments of both lines."""
        text = 'contract "c" {\n    group "g"  # one\n                {  # two\n    }\n}\n'
        assert comments(text) == comments(format_contract(text))

    @pytest.mark.parametrize("year", ["2017/18  q4", "2017/18\tQ4", "2017/18 q4"])
    def test_benchmark_year_spelling(self, year: str) -> None:
        """Respelling a benchmark's `for` period as `2017/18 Q4` leaves the contract the same."""
        text = _one_measure(
            "percent", f"higher is better target 90% benchmark national 5% for {year}"
        )
        assert pc.loads(text) == pc.loads(format_contract(text))

    @pytest.mark.parametrize(
        ("unit", "value"),
        [
            ("count", "123456789012345.6789012345678901"),
            ("percent", "12.34567890123456789012345678901%"),
            ("money", "£123456789012345.6789012345678901"),
            ("number", "-999999999999999.99999999999999999"),
        ],
    )
    def test_more_than_28_digits(self, unit: str, value: str) -> None:
        """A value with more than 28 significant digits keeps its exact value."""
        text = _one_measure(unit, f"no target benchmark national {value}")
        assert pc.loads(text) == pc.loads(format_contract(text))

    def test_long_money_with_a_suffix(self) -> None:
        """A long amount written with `k` formats (no decimal.InvalidOperation)."""
        text = _one_measure(
            "money", "no target benchmark national £123456789012.3456789012345678901k"
        )
        assert pc.loads(text) == pc.loads(format_contract(text))

    def test_money_below_a_millionth(self) -> None:
        """£0.0000001 is written as a valid amount, not `£1E-7`."""
        text = _one_measure("money", "higher is better target £0.0000001")
        assert pc.loads(text) == pc.loads(format_contract(text))

    def test_largest_amount_with_pence(self) -> None:
        """The largest amount a contract may hold, in pounds and pence, formats exactly."""
        text = _one_measure("money", "no target benchmark national £999,999,999,999,999.99")
        assert "benchmark national £999,999,999,999,999.99" in format_contract(text)
        assert pc.loads(text) == pc.loads(format_contract(text))

    def test_amount_beyond_any_contract_is_refused(self) -> None:
        """An amount of 27 whole digits is refused with its place, not formatted."""
        text = _one_measure("money", "higher is better target £123456789012345678901234567.5")
        with pytest.raises(pc.ContractValidationError) as info:
            format_contract(text)
        assert "is out of range: amounts run from -£1,000,000bn to £1,000,000bn" in str(info.value)
