"""The VS Code extension in editors/vscode/: its TextMate grammar, as VS Code tokenizes with it.

``editors/vscode/test/tokenize.mjs`` tokenizes files with the grammar through
the ``vscode-textmate`` and ``vscode-oniguruma`` packages, the libraries VS Code
itself uses, and prints every token's scopes as JSON. These tests run it on
every good golden contract and every example: keywords, numbers, periods,
strings and comments are scoped, no token is left with only the file's base
scope, none is invalid, and each word is what the Pygments lexer says it is.

They need Node.js and the two packages (``npm ci`` in ``editors/vscode/test/``).
On a machine without them they are skipped, with the reason; ``.ci/run``
installs them and sets ``PERFCONTRACT_REQUIRE_NODE=1``, under which their
absence fails the tests instead.
"""

# The expected value goes on the left (STYLE.md), which ruff's SIM300 calls a Yoda condition.

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Punctuation, String

from perfcontract.pygments_lexer import ContractLexer

ROOT = Path(__file__).resolve().parents[1]
VSCODE = ROOT / "editors" / "vscode"
HARNESS = VSCODE / "test"
GRAMMAR = VSCODE / "syntaxes" / "contract.tmLanguage.json"
GOOD = sorted((ROOT / "tests" / "golden" / "good").glob("*.contract"))
EXAMPLES = sorted((ROOT / "examples").glob("*.contract"))
BASE = "source.contract"


def _missing() -> str | None:
    """What is missing to tokenize with the grammar, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    for package in ("vscode-textmate", "vscode-oniguruma"):
        if not (HARNESS / "node_modules" / package / "package.json").is_file():
            return f"the npm package {package} is not installed (`npm ci` in editors/vscode/test/)"
    return None


needs_node = pytest.mark.skipif(
    os.environ.get("PERFCONTRACT_REQUIRE_NODE") != "1" and _missing() is not None,
    reason=f"{_missing()}; CI installs it and runs these tests",
)

Token = tuple[str, tuple[str, ...]]


@cache
def _tokenized(paths: tuple[Path, ...]) -> dict[Path, list[list[Token]]]:
    missing = _missing()
    assert missing is None, missing
    result = subprocess.run(
        ["node", str(HARNESS / "tokenize.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    shown = json.loads(result.stdout)
    return {
        Path(name): [[(t["text"], tuple(t["scopes"])) for t in line] for line in lines]
        for name, lines in shown.items()
    }


def tokenize(*paths: Path) -> dict[Path, list[list[Token]]]:
    """Each file's lines, each a list of (text, scopes) as VS Code tokenizes them."""
    return _tokenized(tuple(paths))


def tokenize_text(text: str, tmp_path: Path) -> list[list[Token]]:
    path = tmp_path / "x.contract"
    path.write_text(text, encoding="utf-8")
    return tokenize(path)[path]


def scoped(lines: Sequence[Sequence[Token]]) -> list[tuple[str, str]]:
    """Every token other than white space, with its innermost scope."""
    return [(text, scopes[-1]) for line in lines for text, scopes in line if text.strip()]


def kind(scopes: Sequence[str]) -> str | None:
    """What a token is, from its scopes, in the terms both highlighters share."""
    joined = " ".join(scopes)
    for prefix, name in (
        ("invalid", "error"),
        ("comment", "comment"),
        ("string", "string"),
        ("constant.other.date", "period"),
        ("constant.numeric", "number"),
        ("entity.name.function", "measure id"),
        ("variable.other.id", "id"),
        ("storage.type", "keyword"),
        ("keyword", "keyword"),
        ("constant.language", "keyword"),
        ("punctuation", "punctuation"),
    ):
        if re.search(rf"(^| ){re.escape(prefix)}\b", joined):
            return name
    return None


def pygments_kind(token: object) -> str:
    for parent, name in (
        (Error, "error"),
        (Comment, "comment"),
        (String, "string"),
        (Literal.Date, "period"),
        (Number, "number"),
        (Name.Function, "measure id"),
        (Name, "id"),
        (Keyword, "keyword"),
        (Punctuation, "punctuation"),
    ):
        if token in parent:
            return name
    raise AssertionError(token)


def characters(text: str) -> list[tuple[str, str]]:
    """Each character other than white space and the Pygments lexer's kind for it."""
    return [
        (char, pygments_kind(token))
        for _, token, value in ContractLexer().get_tokens_unprocessed(text)
        for char in value
        if not char.isspace()
    ]


@needs_node
class TestGoldenFiles:
    FILES = GOOD + EXAMPLES

    @pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
    def test_every_token_is_scoped(self, path: Path) -> None:
        """No token but white space has only the base scope, and none is invalid."""
        lines = tokenize(*self.FILES)[path]
        unscoped = [
            (number, text)
            for number, line in enumerate(lines, 1)
            for text, scopes in line
            if text.strip() and (BASE,) == scopes
        ]
        invalid = [
            (number, text)
            for number, line in enumerate(lines, 1)
            for text, scopes in line
            if any(s.startswith("invalid") for s in scopes)
        ]
        assert ([], []) == (unscoped, invalid)
        assert all(BASE == scopes[0] for line in lines for _, scopes in line)

    @pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
    def test_the_same_as_pygments(self, path: Path) -> None:
        """Character by character, VS Code and Pygments see the same keywords, ids,
        numbers, periods, strings, comments and punctuation."""
        lines = tokenize(*self.FILES)[path]
        vscode = [
            (char, kind(scopes))
            for line in lines
            for text, scopes in line
            for char in text
            if not char.isspace()
        ]
        assert characters(path.read_text(encoding="utf-8-sig")) == vscode

    def test_everything_is_there(self) -> None:
        """Across the files, each kind of token is met, so the comparison tests them all."""
        found = {
            kind(scopes)
            for lines in tokenize(*self.FILES).values()
            for line in lines
            for _, scopes in line
        }
        assert {
            None,  # white space
            "comment",
            "string",
            "period",
            "number",
            "measure id",
            "id",
            "keyword",
            "punctuation",
        } == found


@needs_node
class TestScopes:
    def test_a_clause(self, tmp_path: Path) -> None:
        text = "target 92% from 2017/18 Q4  # the new target\n"
        assert [
            ("target", "keyword.other.contract"),
            ("92%", "constant.numeric.percentage.contract"),
            ("from", "keyword.other.contract"),
            ("2017/18 Q4", "constant.other.date.period.contract"),
            ("#", "punctuation.definition.comment.contract"),
            (" the new target", "comment.line.number-sign.contract"),
        ] == scoped(tokenize_text(text, tmp_path))

    def test_a_measure(self, tmp_path: Path) -> None:
        text = 'measure PI-07 "Bins \\"missed\\"" {\n    unit yes/no\n    target yes\n}\n'
        assert [
            ("measure", "storage.type.measure.contract"),
            ("PI-07", "entity.name.function.measure.contract"),
            ('"', "punctuation.definition.string.begin.contract"),
            ("Bins ", "string.quoted.double.contract"),
            ('\\"', "constant.character.escape.contract"),
            ("missed", "string.quoted.double.contract"),
            ('\\"', "constant.character.escape.contract"),
            ('"', "punctuation.definition.string.end.contract"),
            ("{", "punctuation.section.block.begin.contract"),
            ("unit", "keyword.other.contract"),
            ("yes/no", "constant.language.yes-no.contract"),
            ("target", "keyword.other.contract"),
            ("yes", "constant.language.yes-no.contract"),
            ("}", "punctuation.section.block.end.contract"),
        ] == scoped(tokenize_text(text, tmp_path))

    @pytest.mark.parametrize(
        "between", ["\n    ", "\t\n\n\t", "  # the next line\n    ", "\n# a comment\n\n  # more\n"]
    )
    def test_a_measure_id_on_a_line_of_its_own(self, tmp_path: Path, between: str) -> None:
        """A measure's id after line breaks or comments is the measure's id, as on the
        keyword's line (it was scoped as any other id)."""
        text = f'measure{between}A1 "Re-referrals" {{\n    unit percent\n}}\n'
        kinds = [(t, s) for t, s in scoped(tokenize_text(text, tmp_path)) if "comment" not in s]
        assert [
            ("measure", "storage.type.measure.contract"),
            ("A1", "entity.name.function.measure.contract"),
            ('"', "punctuation.definition.string.begin.contract"),
        ] == kinds[:3]
        assert characters(text) == [
            (char, kind(scopes))
            for line in tokenize_text(text, tmp_path)
            for chunk, scopes in line
            for char in chunk
            if not char.isspace()
        ]

    @pytest.mark.parametrize(
        ("text", "after"),
        [
            ('measure\n"x" {\n', ('"', "punctuation.definition.string.begin.contract")),
            ("volumetric\n{\n", ("{", "punctuation.section.block.begin.contract")),
            ("measure\n12 {\n", ("12", "constant.numeric.contract")),
        ],
    )
    def test_a_measure_with_no_id(self, tmp_path: Path, text: str, after: tuple[str, str]) -> None:
        """With no id after `measure`, what comes next is scoped as it is anywhere."""
        assert after == scoped(tokenize_text(text, tmp_path))[1]

    def test_risk_share_and_payment(self, tmp_path: Path) -> None:
        text = (
            "risk share {\n"
            "    council cap £2m\n"
            "    gain share band from £0 to £950k: council 50%, provider 50% from 2024-05\n"
            "}\n"
            "payment { charge £1.2m monthly from 2024/25 H1 }\n"
        )
        kinds = dict(scoped(tokenize_text(text, tmp_path)))
        assert {
            "risk": "keyword.other.contract",
            "cap": "keyword.other.contract",
            "gain": "keyword.other.contract",
            "band": "keyword.other.contract",
            "£2m": "constant.numeric.money.contract",
            "£950k": "constant.numeric.money.contract",
            "£1.2m": "constant.numeric.money.contract",
            ":": "punctuation.separator.colon.contract",
            ",": "punctuation.separator.comma.contract",
            "2024-05": "constant.other.date.period.contract",
            "2024/25 H1": "constant.other.date.period.contract",
            "payment": "storage.type.contract",
        } == {word: kinds[word] for word in (
            "risk", "cap", "gain", "band", "£2m", "£950k", "£1.2m", ":", ",", "2024-05",
            "2024/25 H1", "payment",
        )}  # fmt: skip

    def test_a_keyword_inside_an_id_is_the_id(self, tmp_path: Path) -> None:
        assert [
            ("target-2", "variable.other.id.contract"),
            ("KPI.cap", "variable.other.id.contract"),
            ("percentage", "variable.other.id.contract"),
        ] == scoped(tokenize_text("target-2 KPI.cap percentage\n", tmp_path))

    @pytest.mark.parametrize(
        ("text", "wrong"),
        [
            ('title "not closed\n', "not closed"),
            ("92 %\n", "%"),
            ("target = 5;\n", "="),
        ],
    )
    def test_what_the_language_cannot_hold_is_invalid(
        self, text: str, wrong: str, tmp_path: Path
    ) -> None:
        (scopes,) = [s for t, s in scoped(tokenize_text(text, tmp_path)) if t == wrong]
        assert scopes.startswith("invalid.illegal.")

    def test_an_unclosed_string_ends_with_its_line(self, tmp_path: Path) -> None:
        lines = tokenize_text('owner "not closed\ntarget 5%\n', tmp_path)
        assert [
            ("target", "keyword.other.contract"),
            ("5%", "constant.numeric.percentage.contract"),
        ] == [(text, scopes[-1]) for text, scopes in lines[1] if text.strip()]


class TestExtension:
    """The folder is an extension VS Code can install: its manifest, grammar and settings."""

    MANIFEST = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    CONFIGURATION = json.loads((VSCODE / "language-configuration.json").read_text(encoding="utf-8"))

    def test_manifest(self) -> None:
        contributes = self.MANIFEST["contributes"]
        ((language,), (grammar,)) = (contributes["languages"], contributes["grammars"])
        assert ("contract", [".contract"]) == (language["id"], language["extensions"])
        assert (VSCODE / language["configuration"]).resolve() == (
            VSCODE / "language-configuration.json"
        )
        assert ("contract", BASE) == (grammar["language"], grammar["scopeName"])
        assert GRAMMAR == (VSCODE / grammar["path"]).resolve()
        assert BASE == json.loads(GRAMMAR.read_text(encoding="utf-8"))["scopeName"]
        for field in ("name", "version", "publisher", "engines"):
            assert self.MANIFEST[field]

    def test_the_test_harness_is_not_packaged(self) -> None:
        assert "test/" in (VSCODE / ".vscodeignore").read_text(encoding="utf-8").split()

    def test_comments_and_brackets(self) -> None:
        assert {"lineComment": "#"} == self.CONFIGURATION["comments"]
        assert [["{", "}"], ["(", ")"]] == self.CONFIGURATION["brackets"]
        closing = {(p["open"], p["close"]) for p in self.CONFIGURATION["autoClosingPairs"]}
        assert {("{", "}"), ("(", ")"), ('"', '"')} == closing

    @pytest.mark.parametrize(
        ("line", "starts", "ends"),
        [
            ('group "Social Care Pathway" {', True, False),
            ("    risk share {  # shares", True, False),
            ("    }", False, True),
            ("}", False, True),
            ('    measure A1 "x" { unit percent }', False, False),
            ("    target 22%", False, False),
        ],
    )
    def test_folding_by_braces(self, line: str, starts: bool, ends: bool) -> None:
        markers = self.CONFIGURATION["folding"]["markers"]
        assert (starts, ends) == (
            re.search(markers["start"], line) is not None,
            re.search(markers["end"], line) is not None,
        )

    def test_the_grammar_knows_every_keyword(self) -> None:
        """Every quoted word of grammar/contract.lark is in the grammar's keyword patterns."""
        text = (ROOT / "grammar" / "contract.lark").read_text(encoding="utf-8")
        code = "\n".join(line.split("//")[0] for line in text.splitlines())
        keywords = set(re.findall(r'"([a-z/]+)"', code))
        repository = json.loads(GRAMMAR.read_text(encoding="utf-8"))["repository"]
        patterns = " ".join(p["match"] for p in repository["keyword"]["patterns"])
        listed = set(re.findall(r"[a-z/]+", re.sub(r"\(\?<?[!=][^)]*\)", " ", patterns)))
        assert keywords == listed
