"""A Pygments lexer for ``.contract`` files, for highlighting them in docs, notebooks and sites.

Pygments finds it by name (``contract`` or ``perfcontract``) and by file name
(``*.contract``) through perfcontract's ``pygments.lexers`` entry point, so a
Markdown fence written as ```` ```contract ```` is highlighted wherever
Pygments is used. perfcontract does not need Pygments: nothing in the package
imports this module, and Pygments imports it only when it looks for the lexer.

>>> from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
>>> get_lexer_by_name("contract").name
'perfcontract'
>>> get_lexer_for_filename("dcst-2017-18.contract").name
'perfcontract'
>>> lexer = get_lexer_by_name("contract")
>>> for token, text in lexer.get_tokens('target 92% from 2017/18 Q4  # the new target'):
...     if not text.isspace():
...         print(token, repr(text))
Token.Keyword 'target'
Token.Literal.Number '92%'
Token.Keyword 'from'
Token.Literal.Date '2017/18 Q4'
Token.Comment.Single '# the new target'
"""

from __future__ import annotations

from typing import ClassVar

from pygments.lexer import RegexLexer, bygroups, default, words
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

__all__ = ["ContractLexer"]

# The words that open a block: a contract, a group, a measure, a risk share, a payment.
_DECLARATIONS = ("contract", "group", "measure", "volumetric", "payment")

# Every other keyword of the language (grammar/contract.lark's quoted words).
_KEYWORDS = (
    "council", "provider", "year", "starts", "reporting", "monthly", "quarterly", "annually",
    "unit", "rate", "per", "grade", "percent", "count", "number", "days", "weeks", "money",
    "hours", "minutes", "working", "tonnes", "higher", "lower", "is", "better", "target",
    "between", "and", "tolerance", "within", "points", "of", "from", "numerator",
    "denominator", "window", "to", "date", "rolling", "months", "quarters", "month", "quarter",
    "season",
    "profile", "rounded", "dp", "aggregate", "mean", "sum", "last", "min", "max", "benchmark",
    "national", "regional", "statistical", "neighbours", "for", "description", "source",
    "owner", "risk", "share", "band", "up", "above", "cap", "gain", "charge", "credit",
    "inside", "outside", "each", "point", "value", "warning", "in", "a",
)  # fmt: skip

# The yes/no values: a yes/no measure's target, and its unit.
_CONSTANTS = ("yes/no", "yes", "no")

# A word: an id, a keyword or a month, as the language reads them.
_WORD = r"[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?"
_END = r"(?![A-Za-z0-9_.%£/-])"
# A number's digits, with or without thousands commas, and its decimals.
_DIGITS = r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_DECIMALS = r"(?:\.[0-9]+)"


class ContractLexer(RegexLexer):  # type: ignore[misc]  # Pygments has no type information
    """Reads a ``.contract`` file into Pygments tokens: keywords, ids, strings, quantities,
    periods and comments.

    Percentages and money (``92%``, ``£1.2m``, ``£950k``) are ``Number``, plain numbers
    ``Number.Integer`` or ``Number.Float``, periods (``2017/18 Q4``, ``2024-05``,
    ``2024/25 H1``, and a year after ``from`` or ``for``) ``Literal.Date``, a measure's id
    where it is defined ``Name.Function`` and elsewhere ``Name``. Anything the language
    cannot hold is an ``Error`` token.

    ```pycon
    >>> lexer = ContractLexer()
    >>> [(str(token), text) for token, text in lexer.get_tokens("charge £4.2m monthly")][:3]
    [('Token.Keyword', 'charge'), ('Token.Text.Whitespace', ' '), ('Token.Literal.Number', '£4.2m')]

    ```
    """

    name = "perfcontract"
    url = "https://github.com/perfcontract/perfcontract"
    aliases: ClassVar[list[str]] = ["contract", "perfcontract"]
    filenames: ClassVar[list[str]] = ["*.contract"]
    mimetypes: ClassVar[list[str]] = ["text/x-perfcontract"]

    tokens: ClassVar[dict[str, list[object]]] = {
        "root": [
            (r"[ \t\r\n\f]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"[^"\\\r\n]*(?:\\["\\][^"\\\r\n]*)*"', String.Double),
            # A measure's id where the measure is defined, after line breaks and comments too.
            (r"(?:measure|volumetric)" + _END, Keyword.Declaration, "measure-id"),
            # A year standing for a period: `from 2018`, `for 2017`.
            (
                r"(from|for)([ \t\r\n\f]+)((?:19|20)[0-9]{2})" + _END,
                bygroups(Keyword, Whitespace, Literal.Date),
            ),
            (r"[0-9]{4}/[0-9]{2,4}(?:[ \t]*[QqHh][0-9]+)?" + _END, Literal.Date),
            (r"[0-9]{4}-[0-9]{1,2}" + _END, Literal.Date),
            (_DIGITS + _DECIMALS + r"?%" + _END, Number),
            (r"-?£" + _DIGITS[2:] + _DECIMALS + r"?(?:bn|[mk])?" + _END, Number),
            (_DIGITS + _DECIMALS + _END, Number.Float),
            (_DIGITS + _END, Number.Integer),
            (words(_CONSTANTS, suffix=_END), Keyword.Constant),
            (words(_DECLARATIONS, suffix=_END), Keyword.Declaration),
            (words(_KEYWORDS, suffix=_END), Keyword),
            (_WORD + _END, Name),
            (r"[{}:,]", Punctuation),
            # An elision in an excerpt, as the docs write `{ … }`: no file holds one.
            ("…", Comment.Special),
            (r".", Error),
        ],
        "measure-id": [
            (r"[ \t\r\n\f]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (_WORD + _END, Name.Function, "#pop"),
            default("#pop"),  # no id: what comes next is read as anywhere
        ],
    }
