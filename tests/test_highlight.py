"""The Pygments lexer for ``.contract`` files, found through perfcontract's entry point.

Pygments finds the lexer by name and by file name once perfcontract is installed
(an editable install included); it reads every good golden contract and every
example without an error token, knows every keyword of the grammar, and the
docs fence their contracts as ```` ```contract ```` so that they are highlighted.
Pygments stays out of perfcontract's own imports.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import (
    find_lexer_class_by_name,
    find_lexer_class_for_filename,
    get_lexer_by_name,
    get_lexer_for_filename,
)
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Literal,
    Name,
    Number,
    Punctuation,
    String,
    Whitespace,
)

from perfcontract import pygments_lexer
from perfcontract.pygments_lexer import ContractLexer

ROOT = Path(__file__).resolve().parents[1]
GOOD = sorted((ROOT / "tests" / "golden" / "good").glob("*.contract"))
EXAMPLES = sorted((ROOT / "examples").glob("*.contract"))
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def grammar_keywords() -> set[str]:
    """Every keyword of the language: the quoted words of grammar/contract.lark."""
    text = (ROOT / "grammar" / "contract.lark").read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in text.splitlines())
    return set(re.findall(r'"([a-z/]+)"', code))


def tokens(text: str) -> list[tuple[object, str]]:
    """The tokens of ``text`` other than white space."""
    return [(token, value) for token, value in ContractLexer().get_tokens(text) if value.strip()]


def errors(text: str) -> list[str]:
    return [value for token, value in ContractLexer().get_tokens(text) if token in Error]


class TestFound:
    @pytest.mark.parametrize("name", ["contract", "perfcontract", "CONTRACT"])
    def test_by_name(self, name: str) -> None:
        assert ContractLexer is type(get_lexer_by_name(name))
        assert ContractLexer is find_lexer_class_by_name(name)

    @pytest.mark.parametrize("filename", ["x.contract", "examples/dcst-2017-18.contract"])
    def test_by_file_name(self, filename: str) -> None:
        assert ContractLexer is type(get_lexer_for_filename(filename))
        assert ContractLexer is find_lexer_class_for_filename(filename)

    def test_through_the_entry_point(self) -> None:
        """Pygments finds it through the installed package's entry point, nothing else."""
        (entry,) = [
            entry
            for entry in importlib.metadata.entry_points(group="pygments.lexers")
            if entry.dist is not None and "perfcontract" == entry.dist.name
        ]
        assert ("contract", "perfcontract.pygments_lexer:ContractLexer") == (
            entry.name,
            entry.value,
        )
        assert ContractLexer is entry.load()

    def test_not_a_dependency(self) -> None:
        """perfcontract requires only attrs, lark and numpy; pygments is for the tests."""
        requires = importlib.metadata.requires("perfcontract") or []
        runtime = [r for r in requires if "extra ==" not in r]
        assert not [r for r in runtime if r.lower().startswith("pygments")]
        assert [r for r in requires if r.lower().startswith("pygments") and "extra == 'test'" in r]

    def test_the_package_never_imports_pygments(self) -> None:
        """Loading, checking, evaluating and reporting leave Pygments unimported."""
        code = (
            "import sys, runpy, pkgutil, importlib, perfcontract as pc\n"
            "for m in pkgutil.walk_packages(pc.__path__, 'perfcontract.'):\n"
            "    if m.name not in ('perfcontract.pygments_lexer', 'perfcontract.__main__'):\n"
            "        importlib.import_module(m.name)\n"
            "from perfcontract.cli import main\n"
            f"main(['check', {str(ROOT / 'examples' / 'dcst-2017-18.contract')!r}])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pygments'))\n"
        )
        shown = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert "[]" == shown.splitlines()[-1]


class TestTokens:
    def test_a_clause(self) -> None:
        text = "target 92% from 2017/18 Q4  # the new target"
        assert [
            (Keyword, "target"),
            (Number, "92%"),
            (Keyword, "from"),
            (Literal.Date, "2017/18 Q4"),
            (Comment.Single, "# the new target"),
        ] == tokens(text)

    def test_a_measure(self) -> None:
        text = 'measure PI-07 "Bins \\"missed\\"" {\n    unit yes/no\n    target yes\n}\n'
        assert [
            (Keyword.Declaration, "measure"),
            (Name.Function, "PI-07"),
            (String.Double, '"Bins \\"missed\\""'),
            (Punctuation, "{"),
            (Keyword, "unit"),
            (Keyword.Constant, "yes/no"),
            (Keyword, "target"),
            (Keyword.Constant, "yes"),
            (Punctuation, "}"),
        ] == tokens(text)

    @pytest.mark.parametrize(
        "between", ["\n    ", "\r\n\t", "  # the next line\n    ", "\n# a comment\n\n  # another\n"]
    )
    def test_a_measure_id_on_a_line_of_its_own(self, between: str) -> None:
        """A measure's id after line breaks or comments is still the measure's id."""
        text = f'volumetric{between}E1 "Contacts" {{ unit count }}\n'
        kinds = [(token, value) for token, value in tokens(text) if token is not Comment.Single]
        assert [(Keyword.Declaration, "volumetric"), (Name.Function, "E1")] == kinds[:2]

    def test_a_measure_with_no_id(self) -> None:
        """`measure` with no id before its title leaves the title a string."""
        assert [(Keyword.Declaration, "measure"), (String.Double, '"x"'), (Punctuation, "{")] == (
            tokens('measure\n"x" {')
        )

    def test_money_and_numbers(self) -> None:
        text = "£1.2m £950k £1bn -£2,500 £150 650,000 1.5 12 -3 0.5% 1,250%"
        assert [
            Number,
            Number,
            Number,
            Number,
            Number,
            Number.Integer,
            Number.Float,
            Number.Integer,
            Number.Integer,
            Number,
            Number,
        ] == [token for token, _ in tokens(text)]
        assert text.split() == [value for _, value in tokens(text)]

    @pytest.mark.parametrize(
        "period", ["2017/18", "2017/18 Q4", "2024/25 H1", "2024/25h2", "2024-05", "2017/2018"]
    )
    def test_periods(self, period: str) -> None:
        assert [(Literal.Date, period)] == tokens(period)

    @pytest.mark.parametrize(("before", "year"), [("from", "2018"), ("for", "2017")])
    def test_a_year_after_from_or_for_is_a_period(self, before: str, year: str) -> None:
        assert [(Keyword, before), (Literal.Date, year)] == tokens(f"{before} {year}")

    def test_a_band_from_an_amount_is_a_number(self) -> None:
        assert [(Keyword, "from"), (Number.Integer, "5000")] == tokens("from 5000")

    def test_risk_share_terms(self) -> None:
        text = (
            "risk share {\n  council cap £2m\n"
            "  gain share band from £0 to £1m: council 50%, provider 50% from 2019/20\n}"
        )
        kinds = {value: token for token, value in tokens(text)}
        assert Keyword == kinds["cap"] == kinds["gain"] == kinds["band"] == kinds["council"]
        assert Literal.Date == kinds["2019/20"]
        assert Number == kinds["£0"] == kinds["£1m"] == kinds["50%"]

    def test_a_keyword_inside_an_id_is_the_id(self) -> None:
        """A keyword is a whole word: `target-2` and `KPI.cap` are ids."""
        assert [(Name, "target-2"), (Name, "KPI.cap"), (Name, "percentage")] == tokens(
            "target-2 KPI.cap percentage"
        )

    def test_an_elision_in_an_excerpt(self) -> None:
        assert (Comment.Special, "…") == tokens('measure A1 "x" { … }')[4]

    @pytest.mark.parametrize(
        ("text", "wrong"),
        [
            ('"not closed', ['"']),
            ("92 %", ["%"]),
            ("target = 5;", ["=", ";"]),
            ("W1 / W2", ["/"]),
        ],
    )
    def test_what_the_language_cannot_hold_is_an_error(self, text: str, wrong: list[str]) -> None:
        assert wrong == errors(text)

    def test_every_keyword_of_the_grammar(self) -> None:
        """The lexer's keywords are exactly the grammar's: none missing, none extra."""
        keywords = grammar_keywords()
        assert {"contract", "council", "cap", "gain", "payment", "warning", "yes/no"} <= keywords
        assert keywords == {
            *pygments_lexer._DECLARATIONS,
            *pygments_lexer._KEYWORDS,
            *pygments_lexer._CONSTANTS,
        }
        for word in keywords:
            ((token, value),) = tokens(word)
            assert (True, word) == (token in Keyword, value)

    @given(st.text(alphabet=st.sampled_from(list('ab1 2%£.,/-{}:"#\\\nQH…=mk')), max_size=60))
    def test_the_tokens_cover_the_text_exactly(self, text: str) -> None:
        """Whatever the text, the lexer never fails, and its tokens are the text, in order."""
        assert text == "".join(
            value for _, _, value in ContractLexer().get_tokens_unprocessed(text)
        )


class TestFiles:
    @pytest.mark.parametrize("path", GOOD + EXAMPLES, ids=lambda p: p.name)
    def test_a_good_contract_has_no_error_token(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8-sig")
        lexed = ContractLexer().get_tokens(text)
        assert [] == [(str(token), value) for token, value in lexed if token in Error]
        assert not [v for t, v in ContractLexer().get_tokens(text) if v.strip() and t in Whitespace]

    def test_html(self) -> None:
        """Highlighted as HTML, a contract's words carry Pygments' classes."""
        html = highlight("target 92% # x\n", ContractLexer(), HtmlFormatter(nowrap=True))
        assert (
            '<span class="k">target</span><span class="w"> </span><span class="m">92%</span>'
            '<span class="w"> </span><span class="c1"># x</span>\n'
        ) == html


def blocks(page: Path) -> list[tuple[str, str]]:
    return FENCE.findall(page.read_text(encoding="utf-8"))


class TestDocs:
    # The generated page of errors shows contracts with something wrong: checked below.
    @pytest.mark.parametrize(
        "page", [p for p in PAGES if "errors.md" != p.name], ids=lambda p: str(p.relative_to(ROOT))
    )
    def test_contracts_are_fenced_as_contract(self, page: Path) -> None:
        """Every block that reads as a contract is fenced ```contract, and no other is."""
        for language, body in blocks(page):
            first = tokens(body)[0][0] if tokens(body) else None
            reads_as_contract = not errors(body) and first in Keyword
            assert (language == "contract") == reads_as_contract, (language, body)

    def test_the_error_page_fences_each_bad_contract(self) -> None:
        """docs/reference/errors.md shows each bad golden contract in a ```contract block."""
        page = ROOT / "docs" / "reference" / "errors.md"
        bad = [
            p for p in (ROOT / "tests" / "golden" / "bad").glob("*.contract") if p.stat().st_size
        ]
        shown = [body for language, body in blocks(page) if "contract" == language]
        assert len(bad) == len(shown)

    def test_the_docs_fence_contracts(self) -> None:
        counted = sum(language == "contract" for page in PAGES for language, _ in blocks(page))
        assert counted > 200

    def test_no_doctest_in_a_contract_block(self) -> None:
        """pytest runs every `>>>` of a page, in whatever block; no contract holds one."""
        for page in PAGES:
            for language, body in blocks(page):
                assert language != "contract" or ">>>" not in body, page
