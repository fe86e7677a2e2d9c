"""Fuzz tests: no input makes perfcontract fail other than with a ContractError.

Whatever text or bytes a user feeds `pc.loads` or `pc.load`, the result is a
Contract or a `pc.ContractError` whose diagnostics point inside the file and
speak the language's words, never the parser's (`__ANON_0`, `RBRACE`).
Elapsed times are recorded as information only; nothing here asserts a speed.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import contextlib
import io
import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import lark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfcontract as pc
from perfcontract.cli import main

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR = (ROOT / "grammar" / "contract.lark").read_text(encoding="utf-8")
EXAMPLE = (ROOT / "examples" / "dcst-2017-18.contract").read_text(encoding="utf-8")

# The reference example of SPEC.md section 3: it must parse unchanged.
SPEC_EXAMPLE = """\
# Doncaster Children's Services Trust: service delivery contract measures.
contract "DCST service delivery contract" {
    council  "Doncaster Metropolitan Borough Council"
    provider "Doncaster Children's Services Trust"
    year starts April          # 2017/18 runs 1 April 2017 to 31 March 2018
    reporting quarterly

    group "Social Care Pathway" {
        measure A1 "Re-referrals in the last 12 months" {
            unit percent
            lower is better
            target 22%
            tolerance 28%
            benchmark national 21.9%, regional 21.4%, statistical neighbours 20.1% for 2017
        }
        measure A2 "Timeliness of single assessments" {
            unit percent
            higher is better
            target 90%
            tolerance within 5 points of target
            rounded to 0 dp
        }
    }

    group "Children in Care" {
        measure B8 "Care proceedings on track to complete within 26 weeks" {
            unit percent
            higher is better
            target 90%
            tolerance 80%
            target 92% from 2018/19
        }
    }

    group "Family Support Services" {
        measure FS1 "Families with a positive outcome on closure" {
            unit percent
            higher is better
            no target
            target 75% from 2018/19
        }
    }

    group "Demand" {
        volumetric E1 "Contacts to social care (monthly average)" {
            unit count
            aggregate mean
        }
        volumetric E35 "Children in need per 10,000 children" {
            unit rate per 10000
            benchmark national 330, regional 348, statistical neighbours 402 for 2017
        }
    }

    risk share {
        council 70%
        provider 30%
    }
}
"""
BASES = {"example": EXAMPLE, "spec": SPEC_EXAMPLE}

# The grammar's terminals, read from the grammar itself rather than from the
# parser under test: keywords (`target`), punctuation (`{`) and their lark names.
_TERMINALS = lark.Lark(GRAMMAR, parser="lalr").terminals
KEYWORDS = sorted(
    str(t.pattern.value)
    for t in _TERMINALS
    if isinstance(t.pattern, lark.lexer.PatternStr) and str(t.pattern.value).isalpha()
)
PUNCTUATION = sorted(
    str(t.pattern.value)
    for t in _TERMINALS
    if isinstance(t.pattern, lark.lexer.PatternStr) and not str(t.pattern.value).isalpha()
)
TERMINAL_NAMES = frozenset(t.name for t in _TERMINALS) | {"END"}
CAPITALS = re.compile(r"(?<![A-Za-z0-9_$])\$?[A-Z][A-Z0-9_]*(?![A-Za-z0-9_])")

# Characters that a contract gives meaning to, and the line breaks that Python's
# str.splitlines() knows of but the parser does not (it counts "\n" only).
ODD_BREAKS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
SPECIAL = [*'{}"%£#\\,:.-/ \t\n', *ODD_BREAKS, "\ufeff"]
LITERALS = [
    "A1",
    "E35",
    '"x"',
    '"a \\" b"',
    '"',
    "22%",
    "£1.2m",
    "£950k",
    "£1,230,000",
    "2017",
    "2018/19",
    "2017/18 Q4",
    "2018-03",
    "0",
    "-1",
    "1" + "0" * 400,
    "9" * 5000,
    "1e999",
    "\u0669\u0660%",
    "£\u0661k",
    "\u0662\u0660\u0661\u0668/\u0661\u0669",
    "#",
    "\n",
]

# No example database: it would leave a .hypothesis directory in the working tree.
# The deadline only catches a hang (a pathologically slow input), with room to
# spare on a busy machine; the parser is built first (warm_parser).
fuzz = settings(
    database=None,
    max_examples=200,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def warm_parser() -> None:
    """Build the parser once before any example runs, so no example pays for it."""
    pc.loads(SPEC_EXAMPLE)


# ---------------------------------------------------------------------------
# The properties every outcome must have


def as_read(text: str) -> str:
    """``text`` as the parser reads it: no byte-order mark, and in a text with no "\\n" at
    all, each "\\r" a line's end (a file saved on classic Mac OS)."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r", "\n") if "\n" not in text else text


def line_count(text: str) -> int:
    """How many lines the parser sees in ``text``: "\\n" ends a line; empty text has one."""
    lines = as_read(text).split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return max(1, len(lines))


def leaked_names(words: str, text: str) -> list[str]:
    """Parser-internal names in ``words`` that the input ``text`` did not itself contain."""
    leaks = [
        name
        for name in CAPITALS.findall(words)
        if name.lstrip("$") in TERMINAL_NAMES and not re.search(rf"{re.escape(name)}(?!\w)", text)
    ]
    if "__anon" in words.lower() and "__anon" not in text.lower():
        leaks.append("__ANON")
    return leaks


def check_error(error: pc.ContractError, text: str) -> None:
    """Every diagnostic points inside ``text`` and names no parser internal."""
    lines = line_count(text)
    assert error.diagnostics
    assert isinstance(error.format(), str)
    for d in error.diagnostics:
        assert d.line is not None, d.format()
        assert d.column is not None, d.format()
        assert 1 <= d.line <= lines, f"line {d.line} of a {lines}-line file:\n{d.format()}"
        assert 1 <= d.column, d.format()
        for words in (d.message, d.hint or ""):
            assert [] == leaked_names(words, text), d.format()


def check_quoted_lines(error: pc.ContractError, text: str) -> None:
    """Each diagnostic quotes the line it names, as the parser counts lines (by "\\n")."""
    lines = as_read(text).split("\n")
    for d in error.diagnostics:
        if d.source_line is not None and d.line is not None and d.line <= len(lines):
            assert lines[d.line - 1].removesuffix("\r") == d.source_line, d.format()


def outcome(text: str) -> pc.Contract | pc.ContractError:
    """Load ``text``: a Contract, or a sound ContractError; anything else fails the test."""
    try:
        return pc.loads(text)
    except pc.ContractError as error:
        check_error(error, text)
        return error


def outcome_of_file(path: Path, data: bytes) -> pc.Contract | pc.ContractError:
    """Write ``data`` to ``path`` and load it, as `outcome` does for text."""
    path.write_bytes(data)
    try:
        return pc.load(path)
    except pc.ContractError as error:
        result = error
    check_error(result, data.decode("utf-8", errors="replace"))
    assert str(path) == result.source
    return result


# ---------------------------------------------------------------------------
# Strategies


any_text = st.one_of(
    st.text(max_size=400),
    st.text(st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=400),
    st.text(st.sampled_from(SPECIAL + list("abcAQ0123456789")), max_size=400),
)
# Text after a good opening, so that the parser gets past its first token.
opened_text = st.text(st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=200).map(
    lambda tail: 'contract "x" {' + tail
)
token_soup = st.lists(st.sampled_from([*KEYWORDS, *PUNCTUATION, *LITERALS]), max_size=120).map(
    " ".join
)
contract_soup = st.lists(st.sampled_from([*KEYWORDS, *PUNCTUATION, *LITERALS]), max_size=120).map(
    lambda words: 'contract "x" { ' + " ".join(words)
)

TOKEN = re.compile(r'"(?:[^"\\\r\n]|\\.)*"|#[^\n]*|[{}:,]|[^\s{}:,"#]+')
NUMBER = re.compile(
    r"(?<![A-Za-z0-9/.,-])(-?)(£?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(bn|[%km]?)(?![0-9/])"
)
HUGE = [
    "1" + "0" * 400,
    "9" * 5000,
    "1e999",
    "1E+999",
    "9" * 29,
    "1" + "0" * 28,
    "0." + "0" * 400 + "1",
    "0" * 30 + "1",
    "999,999,999,999,999,999,999,999,999,999",
    "inf",
    "NaN",
    # Digits that are not ASCII: the grammar's \\d matches them.
    "\u0661",
    "\u0669\u0660.\u0665",
    "\uff12\uff10",
]
digits = st.one_of(
    st.sampled_from(HUGE),
    st.integers(-(10**40), 10**40).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)


Mutation = Callable[[st.DrawFn, str], str]


def _token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(text)] or [(0, 0)]


def delete_token(draw: st.DrawFn, text: str) -> str:
    start, end = draw(st.sampled_from(_token_spans(text)))
    return text[:start] + text[end:]


def duplicate_token(draw: st.DrawFn, text: str) -> str:
    start, end = draw(st.sampled_from(_token_spans(text)))
    return text[:end] + " " + text[start:end] + text[end:]


def swap_lines(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    j = draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def insert_keyword(draw: st.DrawFn, text: str) -> str:
    start, _ = draw(st.sampled_from(_token_spans(text)))
    word = draw(st.sampled_from(KEYWORDS + PUNCTUATION))
    return text[:start] + word + " " + text[start:]


def replace_number(draw: st.DrawFn, text: str) -> str:
    numbers = list(NUMBER.finditer(text))
    if not numbers:
        return text
    number = draw(st.sampled_from(numbers))
    sign, pound, value, suffix = number.groups()
    new = draw(st.one_of(digits, st.just("-" + value)))
    if draw(st.booleans()):
        pound = draw(st.sampled_from(["", "£"]))
        suffix = draw(st.sampled_from(["", "%", "k", "m", "bn"]))
    return text[: number.start()] + sign + pound + new + suffix + text[number.end() :]


def insert_bytes(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    junk = draw(st.binary(min_size=1, max_size=16)).decode("utf-8", errors="replace")
    return text[:at] + junk + text[at:]


def insert_line_break(draw: st.DrawFn, text: str) -> str:
    """Insert a character that str.splitlines() ends a line at but the parser does not."""
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(ODD_BREAKS)) + text[at:]


def truncate(draw: st.DrawFn, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


MUTATIONS: list[Mutation] = [
    delete_token,
    duplicate_token,
    swap_lines,
    insert_keyword,
    replace_number,
    insert_bytes,
    insert_line_break,
    truncate,
]


@st.composite
def mutated(draw: st.DrawFn, mutations: list[Mutation] = MUTATIONS) -> str:
    """A valid contract (the example file or SPEC's) after one to four mutations."""
    text = draw(st.sampled_from(sorted(BASES.values())))
    for mutate in draw(st.lists(st.sampled_from(mutations), min_size=1, max_size=4)):
        text = mutate(draw, text)
    return text


# ---------------------------------------------------------------------------
# The tests


class TestBases:
    @pytest.mark.parametrize("name", sorted(BASES))
    def test_base_contracts_load(self, name: str) -> None:
        """The texts the mutations start from are valid contracts."""
        contract = pc.loads(BASES[name])
        assert isinstance(contract, pc.Contract)

    def test_grammar_keywords_found(self) -> None:
        """The keyword list read from the grammar holds the language's words."""
        assert {"contract", "measure", "target", "tolerance", "volumetric"} <= set(KEYWORDS)
        assert {"RBRACE", "QUANTITY", "NAME"} <= TERMINAL_NAMES


class TestArbitraryText:
    @fuzz
    @given(any_text)
    def test_any_text(self, text: str) -> None:
        """Any text gives a Contract or a ContractError with sound diagnostics."""
        outcome(text)

    @fuzz
    @given(opened_text)
    def test_any_text_in_a_contract(self, text: str) -> None:
        """Any text after `contract "x" {` gives a Contract or a sound ContractError."""
        outcome(text)

    @fuzz
    @given(st.one_of(token_soup, contract_soup))
    def test_token_soup(self, text: str) -> None:
        """Any sequence of the language's own words gives a Contract or a sound ContractError."""
        outcome(text)


class TestMutatedContracts:
    @fuzz
    @given(mutated())
    def test_any_mutation(self, text: str) -> None:
        """A valid contract, mutated, gives a Contract or a sound ContractError."""
        outcome(text)

    @fuzz
    @given(mutated([replace_number]))
    def test_numbers_replaced(self, text: str) -> None:
        """Huge, tiny, negative and malformed numbers give a Contract or a sound ContractError."""
        outcome(text)

    @fuzz
    @given(mutated([delete_token, duplicate_token, insert_keyword, swap_lines]))
    def test_tokens_shuffled(self, text: str) -> None:
        """Deleted, repeated and inserted words give a Contract or a sound ContractError."""
        outcome(text)


class TestQuotedLine:
    @fuzz
    @given(st.one_of(mutated([insert_line_break, delete_token]), opened_text))
    def test_quoted_line_is_the_named_line(self, text: str) -> None:
        """A diagnostic quotes the line its number names, whatever odd line breaks the text has."""
        result = outcome(text)
        if isinstance(result, pc.ContractError):
            check_quoted_lines(result, text)


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file that each example overwrites (hypothesis reruns a test in one fixture scope)."""
    return tmp_path_factory.mktemp("fuzz") / "fuzz.contract"


class TestBytes:
    @fuzz
    @given(data=st.binary(max_size=400))
    def test_random_bytes(self, path: Path, data: bytes) -> None:
        """Any bytes in a file give a Contract or a sound ContractError."""
        outcome_of_file(path, data)

    @fuzz
    @given(
        base=st.sampled_from(sorted(BASES.values())),
        junk=st.lists(
            st.tuples(
                st.floats(0, 1),
                st.one_of(
                    st.sampled_from([b"\xa3", b"\xff\xfe", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80"]),
                    st.binary(min_size=1, max_size=8),
                ),
            ),
            min_size=1,
            max_size=3,
        ),
    )
    def test_invalid_utf8_in_a_contract(
        self, path: Path, base: str, junk: list[tuple[float, bytes]]
    ) -> None:
        """A valid contract with stray bytes gives a Contract or a sound ContractError."""
        data = base.encode("utf-8")
        for where, chunk in junk:
            at = int(where * len(data))
            data = data[:at] + chunk + data[at:]
        outcome_of_file(path, data)

    @pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-32"])
    def test_other_encodings(self, path: Path, encoding: str) -> None:
        """A contract saved in another encoding gives a ContractError that points inside it."""
        text = SPEC_EXAMPLE.replace("unit count", "unit money\n            target £1.2m", 1)
        result = outcome_of_file(path, text.encode(encoding))
        assert isinstance(result, pc.ContractError)


# Minimal inputs the fuzzers found; each must give a sound ContractError.
KNOWN = {
    "money-with-k-or-m-beyond-28-digits": (
        'contract "x" { risk share { council £10000000000000000000000m } }'
    ),
    "money-with-k-and-arabic-indic-digit": 'contract "x" { risk share { provider cap £\u0661k } }',
    "rate-per-beyond-28-digits": (
        'contract "x" { group "g" { volumetric E1 "t" { unit rate per 1' + "0" * 28 + " } } }"
    ),
    "rounded-to-beyond-4300-digits": (
        'contract "x" { group "g" { measure A1 "t" { unit count no target rounded to '
        + "9" * 4301
        + " dp } } }"
    ),
    "carriage-return-before-unclosed-brace": 'contract\r"x" {',
    "vertical-tab-in-comment-before-end": 'contract "x" { # a\x0bb\x0bc',
    "record-separator-in-comment-before-end": 'contract "x" { # a\x1eb\n',
}
# Inputs whose diagnostic quotes a different line from the one it names.
KNOWN_QUOTES = {
    "form-feed-before-newline": 'contract "x" {\x0c\n bad }',
    "line-separator-in-comment": 'contract "x" { # a\u2028b\n bad }',
    "paragraph-separator-alone": "\u2029",
}


class TestKnownInputs:
    @pytest.mark.parametrize("text", KNOWN.values(), ids=KNOWN.keys())
    def test_sound_error(self, text: str) -> None:
        """Each input the fuzzers once broke gives a ContractError that points inside the file."""
        assert isinstance(outcome(text), pc.ContractError)

    @pytest.mark.parametrize("text", KNOWN_QUOTES.values(), ids=KNOWN_QUOTES.keys())
    def test_quotes_the_named_line(self, text: str) -> None:
        """Each diagnostic quotes the line it names, though the text has odd line breaks."""
        result = outcome(text)
        assert isinstance(result, pc.ContractError)
        check_quoted_lines(result, text)


def _big_contract(measures: int) -> Iterator[str]:
    yield 'contract "Big" {'
    for first in range(0, measures, 20):
        yield f'    group "Group {first // 20}" {{'
        for i in range(first, min(measures, first + 20)):
            yield f'        measure M{i} "Measure {i}" {{ unit count no target }}'
        yield "    }"
    yield "}"


class TestNoHang:
    def test_twenty_thousand_measures(self, record_property: Callable[..., None]) -> None:
        """A 20,000-measure contract loads (the time is recorded, never asserted)."""
        text = "\n".join(_big_contract(20_000)) + "\n"
        start = time.perf_counter()
        contract = pc.loads(text)
        record_property("seconds", round(time.perf_counter() - start, 3))
        assert 20_000 == len(contract.measures)

    @pytest.mark.parametrize(
        "text",
        [
            "{" * 200,
            'contract "x" ' + "{" * 200,
            'contract "x" { group "g" ' + "{" * 200,
            'contract "x" { group "g" { measure A1 "t" ' + "{" * 200,
            "{" * 200 + "}" * 200,
            'contract "x" ' + "{" * 200 + "}" * 200,
            'contract "x" { ' + 'group "g" { ' * 200 + "}" * 200 + " }",
            'contract "x" { ' + "#" + "{" * 100_000 + "\n",
        ],
        ids=["bare", "contract", "group", "measure", "closed", "contract-closed", "groups", "big"],
    )
    def test_deep_nesting_is_an_error(
        self, text: str, record_property: Callable[..., None]
    ) -> None:
        """Braces nested 200 deep raise a sound ContractError (the time is recorded)."""
        start = time.perf_counter()
        result = outcome(text)
        record_property("seconds", round(time.perf_counter() - start, 3))
        assert isinstance(result, pc.ContractError)


# ---------------------------------------------------------------------------
# Commentary and readings: the golden inputs and the examples, mutated, read by
# the library and by the command line in process. Every input ends in a result
# or a ContractError (CommentaryError, ReadingsError, PeriodError), never another
# exception, never a traceback on stderr.

REFERENCE = pc.load(ROOT / "examples" / "dcst-2017-18.contract")
GOLDEN = ROOT / "tests" / "golden"


def _texts(paths: list[Path]) -> dict[str, str]:
    """Each file's text, bytes that are not UTF-8 replaced (one golden is not UTF-8 on purpose)."""
    return {path.name: path.read_bytes().decode("utf-8", "replace") for path in paths}


READINGS_BASES = _texts(
    [*sorted((GOLDEN / "readings").glob("*.csv")), ROOT / "examples" / "dcst-2017-18-readings.csv"]
)
MARKDOWN_BASES = _texts(
    [
        *sorted((GOLDEN / "commentary").glob("*.md")),
        ROOT / "examples" / "dcst-2017-18-commentary.md",
    ]
)
CSV_COMMENTARY_BASES = _texts(sorted((GOLDEN / "commentary").glob("*.csv")))

# Pieces that readings and commentary give meaning to, and values that have broken a
# reader before: huge periods and numbers, commas out of place, NUL, formulas, markup.
PIECES = [
    *',"\n\r#\t ',
    "\x00",
    "\ufeff",
    '""',
    "0,500",
    '"0,500"',
    '"1,789"',
    "2017/18 Q" + "9" * 5000,
    "9" * 5000,
    "2017/18 Q4",
    "2018-03",
    "1e999",
    "-0",
    "£1.2m",
    "26%",
    "c",
    "..",
    "=HYPERLINK(1)",
    "<script>",
    "**Trust:**",
    "**Council:** ",
    "## A1 2017/18 Q4",
    "## B8",
    "# Title",
    "### Sub",
    "measure",
    "period",
    "value",
    "authority",
    "author",
    "text",
    "A1",
    "B8",
    "E1",
    "\u2028",
    "\u0661",
    "(" * 2000 + "1" + ")" * 2000,
    "*" * 3000 + "x" + "*" * 3000,
    "26\u00a0%",
    "2017/18\u00a0Q4",
    "43101",
    "sep=;",
]


def insert_piece(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(PIECES)) + text[at:]


def replace_line(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = draw(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
    return "\n".join(lines)


CELL = re.compile(r"[^,\n]+")


def replace_cell(draw: st.DrawFn, text: str) -> str:
    """Replace one cell (text between commas and line breaks) with a piece: a period, a value."""
    spans = [m.span() for m in CELL.finditer(text)] or [(0, 0)]
    start, end = draw(st.sampled_from(spans))
    return text[:start] + draw(st.sampled_from(PIECES)) + text[end:]


# The pieces that have broken a reader before, to be drawn more often than the rest.
HOSTILE = ["2017/18 Q" + "9" * 5000, "9" * 5000, '"0,500"', "0,500", "\x00", "1e999", "**Trust:**"]
QUARTER = re.compile(r"(?<=Q)[0-9]+")


def replace_cell_hostile(draw: st.DrawFn, text: str) -> str:
    spans = [m.span() for m in CELL.finditer(text)] or [(0, 0)]
    start, end = draw(st.sampled_from(spans))
    return text[:start] + draw(st.sampled_from(HOSTILE)) + text[end:]


def huge_quarter(draw: st.DrawFn, text: str) -> str:
    """A quarter's number made thousands of digits long (more than int() reads)."""
    quarters = [m.span() for m in QUARTER.finditer(text)]
    if not quarters:
        return text
    start, end = draw(st.sampled_from(quarters))
    return text[:start] + draw(st.sampled_from(["9" * 5000, "0" * 5000 + "4"])) + text[end:]


TEXT_MUTATIONS: list[Mutation] = [
    replace_cell_hostile,
    huge_quarter,
    replace_cell,
    replace_cell,
    insert_piece,
    insert_piece,
    replace_line,
    delete_token,
    duplicate_token,
    swap_lines,
    replace_number,
    insert_bytes,
    insert_line_break,
    truncate,
]


@st.composite
def mutated_from(draw: st.DrawFn, bases: dict[str, str]) -> str:
    """One of ``bases`` after one to four mutations."""
    text = draw(st.sampled_from(sorted(bases.values())))
    for mutate in draw(st.lists(st.sampled_from(TEXT_MUTATIONS), min_size=1, max_size=4)):
        text = mutate(draw, text)
    return text


readings_texts = st.one_of(
    mutated_from(READINGS_BASES),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=300),
)
markdown_texts = st.one_of(
    mutated_from(MARKDOWN_BASES),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=300),
)
csv_commentary_texts = st.one_of(
    mutated_from(CSV_COMMENTARY_BASES),
    st.lists(st.sampled_from(PIECES), max_size=40).map(
        lambda p: "measure,period,author,text\n" + "".join(p)
    ),
)


def check_places(error: pc.ContractError, text: str) -> None:
    """Every diagnostic with a line points inside the text, and formats."""
    assert error.diagnostics
    assert isinstance(error.format(), str)
    lines = len(text.splitlines()) + 1
    for d in error.diagnostics:
        assert d.line is None or 1 <= d.line <= lines, d.format()
        assert d.column is None or 1 <= d.column, d.format()


def readings_outcome(text: str) -> object:
    """Read, check, evaluate and render readings: a result, or a sound ContractError."""
    try:
        resolved = pc.Readings.from_csv_text(text, "r.csv").resolve(REFERENCE)
        if not resolved.periods:
            return resolved
        authority = resolved.authorities[-1] if len(resolved.authorities) > 1 else None
        evaluation = REFERENCE.evaluate(resolved, period=resolved.periods[-1], authority=authority)
    except pc.ContractError as error:
        check_places(error, text)
        return error
    for render in (
        evaluation.to_text,
        evaluation.to_markdown,
        evaluation.to_csv,
        evaluation.to_json,
    ):
        assert isinstance(render(), str)
    return evaluation


def commentary_outcome(text: str, markdown: bool = True) -> object:
    """Read commentary and check it against the reference: a result, or a sound ContractError."""
    try:
        read = pc.Commentary.from_markdown_text if markdown else pc.Commentary.from_csv_text
        return read(text, "c.md" if markdown else "c.csv").resolve(REFERENCE)
    except pc.ContractError as error:
        check_places(error, text)
        return error


def run_cli(*args: str) -> int:
    """``perfcontract ARGS`` in process: an exit status of 0, 1 or 2, no traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    assert status in (0, 1, 2), (status, err.getvalue()[-2000:])
    assert "Traceback" not in err.getvalue()
    return status


CONTRACT_FILE = str(ROOT / "examples" / "dcst-2017-18.contract")
READINGS_FILE = str(ROOT / "examples" / "dcst-2017-18-readings.csv")


def cli_readings(folder: Path, text: str) -> int:
    """`evaluate` in every format, and `report`, on readings written to a file."""
    path = folder / "r.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
    statuses = [
        run_cli("evaluate", CONTRACT_FILE, str(path), "--format", form)
        for form in ("text", "markdown", "csv", "json")
    ]
    report = ["report", CONTRACT_FILE, str(path), "--period", "2017/18 Q4"]
    statuses.append(run_cli(*report, "--format", "markdown", "-o", str(folder / "out.md")))
    return max(statuses)


def cli_commentary(folder: Path, text: str, name: str = "c.md") -> int:
    """`report` with a commentary file, in HTML and Markdown."""
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
    report = ["report", CONTRACT_FILE, READINGS_FILE, "--period", "2017/18 Q4"]
    report += ["--commentary", str(path), "-o", str(folder / "out")]
    return max(run_cli(*report, "--format", form) for form in ("html", "markdown"))


def cli_bytes(folder: Path, data: bytes) -> int:
    """`report` with any bytes as the readings and as the commentary."""
    (folder / "r.csv").write_bytes(data)
    (folder / "c.md").write_bytes(data)
    report = ["report", CONTRACT_FILE, str(folder / "r.csv"), "--period", "2017/18 Q4"]
    return max(
        run_cli(*report, "-o", str(folder / "out")),
        run_cli(*report[:2], READINGS_FILE, *report[3:], "--commentary", str(folder / "c.md")),
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder whose files each example overwrites."""
    return tmp_path_factory.mktemp("fuzz-inputs")


class TestReadingsAndCommentaryBases:
    def test_bases_are_there(self) -> None:
        """The goldens and examples the mutations start from are found."""
        counts = (len(READINGS_BASES), len(MARKDOWN_BASES), len(CSV_COMMENTARY_BASES))
        assert (True, True, True) == (counts[0] >= 10, counts[1] >= 5, counts[2] >= 6)

    def test_the_example_readings_evaluate(self) -> None:
        """The example readings give an evaluation, so the properties reach the renderers."""
        assert isinstance(
            readings_outcome(READINGS_BASES["dcst-2017-18-readings.csv"]), pc.Evaluation
        )


class TestReadingsFuzz:
    @fuzz
    @given(readings_texts)
    def test_library(self, text: str) -> None:
        """Mutated readings read, resolve, evaluate and render, or raise a sound ContractError."""
        readings_outcome(text)

    @fuzz
    @given(readings_texts)
    def test_command_line(self, folder: Path, text: str) -> None:
        """Mutated readings given to `evaluate` and `report` end in exit 0, 1 or 2."""
        cli_readings(folder, text)


class TestCommentaryFuzz:
    @fuzz
    @given(markdown_texts)
    def test_markdown_library(self, text: str) -> None:
        """Mutated Markdown commentary reads and resolves, or raises a sound ContractError."""
        commentary_outcome(text)

    @fuzz
    @given(csv_commentary_texts)
    def test_csv_library(self, text: str) -> None:
        """Mutated CSV commentary reads and resolves, or raises a sound ContractError."""
        commentary_outcome(text, markdown=False)

    @fuzz
    @given(markdown_texts)
    def test_command_line(self, folder: Path, text: str) -> None:
        """Mutated commentary given to `report` ends in exit 0, 1 or 2."""
        cli_commentary(folder, text)

    @fuzz
    @given(st.binary(max_size=400))
    def test_any_bytes(self, folder: Path, data: bytes) -> None:
        """Any bytes as readings or commentary end in exit 0, 1 or 2."""
        cli_bytes(folder, data)
