"""Write docs/reference/errors.md, the page of every error message, from the golden files.

Each example on the page is a golden file of the test suite: a contract in
``tests/golden/bad/`` or a readings file in ``tests/golden/readings/``, shown
with its ``.expected`` message verbatim. The titles and the "How to fix it"
advice are kept here, in :data:`FIXES`, one entry per golden; a golden without
an entry, or an entry without a golden, stops the generator, so a new
diagnostic cannot be left off the page. Run from anywhere::

    python tests/golden/errors_doc.py          # write docs/reference/errors.md
    python tests/golden/errors_doc.py --check  # exit 1 if the page is out of date

``tests/test_errors_doc.py`` fails when the page is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
PAGE = ROOT / "docs" / "reference" / "errors.md"
REFERENCE_CONTRACT = "examples/dcst-2017-18.contract"
WASTE_CONTRACT = "tests/golden/good/spec-waste-example.contract"
MONEY_CONTRACT = "tests/golden/good/money-measures.contract"

# An input longer than this is cut down to the lines its messages point at.
MAX_LINES = 40
CONTEXT = 2  # lines kept either side of each line a message points at
WIDTH = 79  # prose is wrapped to this width, as on the hand-written pages

# What a wrapped line must not start with: Markdown would read it as a new block.
BLOCK_START = re.compile(r"^\s*([-*+>#]|\d+[.)])(\s|$)")
# The first line of each problem: `SOURCE:LINE:COL: error: ` or `SOURCE: error: `.
HEAD = re.compile(r"^(?!help:)\S+?(?::(?P<line>\d+):\d+)?: error: ", re.MULTILINE)


class GoldenDocError(Exception):
    """The goldens and the advice kept for them do not match."""


class Section(NamedTuple):
    key: str
    heading: str
    intro: str


class Fix(NamedTuple):
    """What the page says about one golden.

    ``fix`` is one piece of advice for the whole golden, or a tuple with one
    piece for each problem in it, in the order they are reported.
    """

    section: str
    title: str
    fix: str | tuple[str, ...]


class Golden(NamedTuple):
    key: str  # "bad/NAME" or "readings/NAME"
    input: Path
    expected: Path
    shown: str  # the input's path as the messages give it: tests/golden/bad/NAME.contract


# ---------------------------------------------------------------------------
# The sections of the page, in order

SECTIONS = (
    Section(
        "syntax",
        "Syntax errors",
        "The parser reads the file against the grammar of the language: keywords,"
        " punctuation, strings, numbers and periods. It stops at the first problem,"
        " so once you have fixed one, run `perfcontract check` again: there may be"
        " another further down. See [Syntax](language.md#syntax).",
    ),
    Section(
        "header",
        "The contract header",
        "The clauses that describe the contract as a whole. See"
        " [The contract header](language.md#the-contract-header).",
    ),
    Section(
        "groups",
        "Groups and measures",
        "See [Groups](language.md#groups) and [Measures](language.md#measures).",
    ),
    Section(
        "values",
        "Units and values",
        "A measure's unit decides how its values are written and which values it"
        " can take. See [Units](language.md#units) and"
        " [Quantities](language.md#quantities).",
    ),
    Section(
        "targets",
        "Polarity and targets",
        "See [Polarity](language.md#polarity) and [Targets](language.md#targets).",
    ),
    Section(
        "tolerances",
        "Tolerances",
        "A tolerance is the worst value that still counts as *Inside tolerance*."
        " See [Tolerances](language.md#tolerances).",
    ),
    Section(
        "dated",
        "Dated terms and periods",
        "Targets, tolerances and benchmarks can change during a contract, each"
        " change written with `from PERIOD`. See [Dated terms](language.md#dated-terms)"
        " and [Periods](periods.md). A period that is not written in one of the three"
        " forms at all (`2017/18`, `2017/18 Q4`, `2018-03`) is a syntax error: see"
        " [Syntax errors](#syntax-errors).",
    ),
    Section(
        "benchmarks",
        "Benchmarks",
        "See [Benchmarks](language.md#benchmarks).",
    ),
    Section(
        "ratios",
        "Ratio measures",
        "A ratio measure's value is its numerator over its denominator, each a"
        " measure or a number. See [Ratio measures](language.md#ratio-measures).",
    ),
    Section(
        "due",
        "Windows, reporting and seasons",
        "What a measure's value is taken over, and when it is due. See"
        " [Windows](language.md#windows) and"
        " [When a measure is due](language.md#when-a-measure-is-due).",
    ),
    Section(
        "year",
        "A year's target and its profile",
        "A summed measure's target may be the whole year's, split over its quarters"
        " or months by a profile. See [A year's target](language.md#a-years-target).",
    ),
    Section(
        "worded",
        "Yes/no and grade measures",
        "Measures whose readings are words: yes or no, or grades from worst to best."
        " See [Yes/no and grade measures](language.md#yesno-and-grade-measures).",
    ),
    Section(
        "risk-share",
        "Risk share",
        "How an overspend, and an underspend, is shared between council and"
        " provider. See [Risk share](language.md#risk-share).",
    ),
    Section(
        "payment",
        "Payment mechanism",
        "The `payment` block: the charge, the service credits and service failure"
        " points that are deducted from it, the cap and the warnings. See"
        " [Payment](language.md#payment) and the how-to [From a payment schedule to"
        " an invoice](../how-to/payment-mechanism.md).",
    ),
    Section(
        "many",
        "Many problems at once",
        "Once a file can be read, perfcontract checks what it says and reports every"
        " problem it finds in one run, in file order, and then counts them.",
    ),
    Section(
        "encoding",
        "File encoding, line ends and tabs",
        "perfcontract reads files as UTF-8. It accepts Windows line ends (CRLF) and"
        " the byte order mark that some Windows editors put at the start of a file,"
        " and neither changes the line and column numbers in a message. Tabs are"
        " fine too.",
    ),
    Section(
        "readings",
        "Readings files",
        "A readings file gives the values a measure took, as CSV. It is checked in"
        " two steps: when it is read (its encoding, its header and the shape of each"
        " row; no contract is needed), and when its readings are matched to a"
        f" contract's measures. These examples are matched to `{REFERENCE_CONTRACT}`,"
        " and those named `waste-…` to the waste contract of [Measures as real"
        " contracts define them](language.md#measures-as-real-contracts-define-them),"
        f" `{WASTE_CONTRACT}`, and those named `money-…` to `{MONEY_CONTRACT}`."
        " The message is the text of the `pc.ReadingsError`; `perfcontract evaluate`"
        " prints the same, followed by a line counting the errors. See"
        " [Give perfcontract your readings](../how-to/readings-csv.md).",
    ),
)

# ---------------------------------------------------------------------------
# Titles and advice, one entry per golden. Within a section, entries appear in
# the order they are written here.

_ONCE = "Keep the line with the right value and delete the other."

FIXES: dict[str, Fix] = {
    # Syntax errors: the file as a whole
    "bad/syntax-empty-file": Fix(
        "syntax",
        "An empty file",
        "The file has nothing in it: often a file saved before anything was typed, or"
        " the wrong file named on the command line. Check the file name; a contract"
        ' starts with `contract "name" {` and ends with `}`.',
    ),
    "bad/syntax-readings-file": Fix(
        "syntax",
        "A readings file where the contract goes",
        "The file starts with a readings file's header (`measure,period,value`, or a"
        " spreadsheet's `sep=` line), so it is the readings, not the contract: most often"
        " the two files were named the wrong way round. Every command takes the contract"
        " first: `perfcontract evaluate my.contract readings.csv`.",
    ),
    "bad/syntax-workbook": Fix(
        "encoding",
        "A workbook where the contract goes",
        "The file is a zip archive or an old Office file (an Excel `.xlsx` or `.xls`, a"
        " Word document), not text. A contract is a text file, and every command takes it"
        " first, then the readings (which may be a workbook):"
        " `perfcontract evaluate my.contract readings.xlsx`.",
    ),
    "bad/syntax-word-before-keyword": Fix(
        "syntax",
        "A word before a clause's keyword",
        "A schedule's wording (`service credit`) has a word the language leaves"
        " out: each clause starts with its keyword. Write"
        " `credit F2 1% inside tolerance, 2% outside tolerance`.",
    ),
    "bad/syntax-annual-target": Fix(
        "syntax",
        "`annual target`",
        "A year's target is written with `a year` after its value, so that the"
        " measure can be rated month by month and quarter by quarter against its"
        " share: `target 1,200,000 a year`.",
    ),
    "bad/syntax-unquoted-name": Fix(
        "syntax",
        "A name without its quotes",
        "The contract's name, a group's name and a measure's title are text, written"
        ' in double quotes: `group "Participation" {`.',
    ),
    "bad/syntax-single-quotes": Fix(
        "syntax",
        "Single or curly quotes",
        'Text is written in plain double quotes, `"…"`. Single quotes and the curly'
        " quotes a word processor puts in are not quotes to perfcontract: retype them"
        ' as `"` in a plain text editor.',
    ),
    "bad/syntax-semicolon": Fix(
        "syntax",
        "A `;` after a clause",
        "Clauses end at the end of their words: nothing goes between them but a space"
        " or a new line. Delete the `;`.",
    ),
    "bad/syntax-only-comments": Fix(
        "syntax",
        "A file with only comments",
        "Lines starting with `#` are comments and are skipped, so this file holds no"
        ' contract. Add the contract itself: `contract "name" {`, its clauses, and a'
        " closing `}`.",
    ),
    "bad/syntax-early-end-of-file": Fix(
        "syntax",
        "The file ends after the contract's name",
        "The file stops before the contract's clauses begin. Add `{` after the name,"
        " then the clauses, then a closing `}`. If the file was cut short (a copy and"
        " paste that stopped early, say), restore the rest from the original.",
    ),
    "bad/syntax-early-end-in-clause": Fix(
        "syntax",
        "The file ends in the middle of a clause",
        "The file stops part-way through a clause: here `target` has no value after"
        " it. Finish the clause (`target 22%`) and close every block that is still"
        " open with its `}`. If the file was cut short, restore the rest from the"
        " original.",
    ),
    "bad/syntax-unclosed-block": Fix(
        "syntax",
        "A block that is never closed",
        "Every `{` needs a matching `}`. The message names the block still open at the"
        " end of the file, but the missing `}` is often further in: here the measure"
        " opened on line 4 is never closed, so the group's `}` closes the measure, the"
        " contract's `}` closes the group, and the contract is left open. Indent each"
        " block one step further than the block around it, and the place where a `}`"
        " is missing shows.",
    ),
    "bad/syntax-text-after-contract": Fix(
        "syntax",
        "Text after the contract's closing brace",
        "A file holds one contract, which ends at its closing `}`. Here there is one"
        " `}` too many: delete it, or, if a block higher up is closed too early, move it"
        " there. Another contract goes in a file of its own.",
    ),
    # Syntax errors: keywords and blocks
    "bad/syntax-misspelt-keyword": Fix(
        "syntax",
        "A misspelt keyword",
        "Correct the spelling: the `help:` line suggests the closest keyword, and the"
        " list after `expected` gives every keyword that can go at this place.",
    ),
    "bad/syntax-misspelt-keyword-contract": Fix(
        "syntax",
        "A misspelt keyword in the contract header",
        "Correct the spelling to the keyword suggested by the `help:` line.",
    ),
    "bad/syntax-unknown-word": Fix(
        "syntax",
        "A word that is not a keyword",
        "A contract is made of the keywords listed after `expected`; a word"
        " perfcontract does not know is never skipped. If the line is a note to"
        " yourself, make it a comment by starting it with `#`. If it is information"
        " about the measure, `description`, `source` and `owner` take any text in"
        " quotes.",
    ),
    "bad/syntax-unknown-word-after-brace": Fix(
        "syntax",
        "An unknown word at the start of a block",
        "Either the word is a misspelt keyword (the list after `expected` says which"
        " keywords can go here), or a `}` is missing further up, so that the line is"
        " read as part of a block you meant to have closed. Check the spelling, then"
        " check that every block above is closed.",
    ),
    "bad/syntax-keyword-out-of-place": Fix(
        "syntax",
        "A measure's clause outside any measure",
        "`unit`, `target`, `tolerance` and the like describe one measure, so they go"
        ' inside its block: `measure A1 "Title" { unit percent … }`. Check whether the'
        " measure's opening line is missing, or a `}` above closes its block too early.",
    ),
    "bad/syntax-measure-outside-group": Fix(
        "syntax",
        "A measure outside any group",
        "Every measure belongs to a group, a service area, and the summary table has"
        ' one row per group. Put the measure inside a `group "name" { … }` block. If'
        " the contract has no natural groups, one group holding every measure is fine.",
    ),
    "bad/syntax-measure-not-closed": Fix(
        "syntax",
        "A measure left open before the next measure",
        "The `help:` line names the measure still open and the line its `}` belongs"
        " before. Add the `}` there; the next measure then opens in the group, where it"
        " belongs.",
    ),
    "bad/syntax-group-not-closed": Fix(
        "syntax",
        "A group left open before the next group",
        "Groups do not nest: each group is closed before the next one opens. Add the `}`"
        " that closes the group named by the `help:` line before the next `group`.",
    ),
    "bad/syntax-group-closed-early": Fix(
        "syntax",
        "A `}` too many closes a group early",
        "A stray `}` after a measure closes its group, so the next measure stands"
        " directly in the contract. Delete the `}` on the line the `help:` line names.",
    ),
    "bad/syntax-bare-measure": Fix(
        "syntax",
        "A measure with no contract around it",
        "A file holds one contract, and measures go in its groups. Wrap the measure:"
        ' `contract "Name" { group "Name" { measure … } }`.',
    ),
    "bad/syntax-bare-group": Fix(
        "syntax",
        "A group with no contract around it",
        'A file holds one contract, and groups go inside it: `contract "Name" { group … }`.',
    ),
    "bad/syntax-band-outside-risk-share": Fix(
        "syntax",
        "A band outside the risk share",
        "Bands say how an overspend is shared, so they go inside the contract's"
        " `risk share { … }` block, with any `provider cap` and `gain share`.",
    ),
    "bad/syntax-band-missing-colon": Fix(
        "syntax",
        "A band without its colon",
        "A band is its range, a colon, then the shares:"
        " `band up to £1m: council 50%, provider 50%`. Add the `:` after the amount.",
    ),
    "bad/syntax-higher-without-is": Fix(
        "syntax",
        "`higher better` without `is`",
        "Write the polarity in full: `higher is better`.",
    ),
    "bad/syntax-lower-without-is": Fix(
        "syntax",
        "`lower better` without `is`",
        "Write the polarity in full: `lower is better`.",
    ),
    "bad/syntax-reporting-weekly": Fix(
        "syntax",
        "A reporting frequency that does not exist",
        "`reporting` takes `monthly`, `quarterly` or `annually`. perfcontract rates"
        " months, quarters and years, so a provider that reports weekly is"
        " `reporting monthly`, with its figures given per month.",
    ),
    "bad/syntax-unknown-unit": Fix(
        "syntax",
        "A unit that does not exist, close to one that does",
        "Use one of the units in the message; the `help:` line suggests the closest."
        " Percentages are `unit percent`.",
    ),
    "bad/syntax-unknown-unit-no-hint": Fix(
        "syntax",
        "A unit that does not exist",
        "perfcontract knows only the units listed in the message. For a quantity that"
        " is none of them (litres, miles, visits per household), use `unit number`, and"
        " say what the number is in the measure's title or its `description`.",
    ),
    # Syntax errors: values and punctuation
    "bad/syntax-unexpected-quantity": Fix(
        "syntax",
        "A value without its keyword",
        "A value on its own does not say what it is. Start the line with the keyword"
        " it belongs to, such as `target 22%` or `tolerance 28%`.",
    ),
    "bad/syntax-unexpected-string": Fix(
        "syntax",
        "A measure id in quotes",
        'Write the id without quotes: `measure A1 "Re-referrals" {`. The title, after'
        " the id, is the part in quotes. An id is letters and digits, starting with a"
        " letter.",
    ),
    "bad/syntax-unterminated-string": Fix(
        "syntax",
        "A string that is not closed",
        'Add the closing `"` at the end of the text, on the same line: a string cannot'
        ' run over two lines. To put a double quote inside a string, write `\\"`.',
    ),
    "bad/syntax-trailing-comma": Fix(
        "syntax",
        "A comma after the last benchmark",
        "In a benchmark clause, a comma says another comparator follows. Delete the"
        " comma after the last one.",
    ),
    "bad/syntax-stray-character": Fix(
        "syntax",
        "A character the language does not use",
        "`$` has no meaning in a contract. Money is in pounds: write `£950`, or just"
        " `950` on a `unit money` measure.",
    ),
    "bad/syntax-character-after-value": Fix(
        "syntax",
        "A character that cannot follow a value",
        "The value itself was read, but the character after it starts nothing the"
        " clause can take next; the message lists what can. Here a period was typed"
        " where the margin's number goes: write `tolerance within 5 points of target`,"
        " and date the tolerance with `from 2018/19` at the end of the line.",
    ),
    "bad/syntax-stray-percent": Fix(
        "syntax",
        "A space before `%`",
        "Write the `%` straight after its number, with no space: `22%`.",
    ),
    "bad/syntax-unit-percent-sign": Fix(
        "syntax",
        "`%` written as a unit",
        "A percentage measure's unit is the word `percent`: write `unit percent`, and"
        " its values as `22%`.",
    ),
    "bad/syntax-colon-after-keyword": Fix(
        "syntax",
        "A colon after a keyword",
        "A clause is its keyword and its value with a space between: `target 22%`."
        " Only a risk-share band (`band up to £100k: …`) and `gain share:` take a colon.",
    ),
    "bad/syntax-polarity-hyphenated": Fix(
        "syntax",
        "A polarity written with hyphens",
        "The polarity is three words with spaces between: `lower is better` or `higher is better`.",
    ),
    "bad/syntax-benchmark-missing-comma": Fix(
        "syntax",
        "Benchmark comparators without a comma",
        "One `benchmark` clause lists its comparators with `,` between them:"
        " `benchmark national 21.9%, regional 21.4%`.",
    ),
    "bad/syntax-period-quarter-first": Fix(
        "syntax",
        "A quarter written before its year",
        "In a contract a period is its financial year, then the quarter or half:"
        " `2024/25 Q1`, `2024/25 H2`.",
    ),
    "bad/syntax-dollar-money": Fix(
        "syntax",
        "Money written with `$`",
        "Money is in pounds, written with `£` straight before the amount: `£1,300,000` or `£1.3m`.",
    ),
    "bad/syntax-stray-pound": Fix(
        "syntax",
        "A space after `£`",
        "Write the amount straight after the `£`, with no space: `£950k`.",
    ),
    "bad/syntax-money-without-pound": Fix(
        "syntax",
        "An amount in thousands or millions without `£`",
        "Only money is written with `k`, `m` or `bn`, and always after a pound sign:"
        " `£2.5m`. A plain number is written in full: `2,500,000`.",
    ),
    "bad/syntax-non-printable-character": Fix(
        "syntax",
        "An invisible character",
        "The line holds a character that looks like a space but is not one: here a"
        " no-break space (U+00A0), which word processors, emails and web pages often"
        " put in text copied from them. Delete the gap between the two words and type"
        " an ordinary space. If many lines are affected, paste the text into a"
        " plain-text editor first.",
    ),
    # Syntax errors: periods
    "bad/syntax-bad-quarter": Fix(
        "syntax",
        "A quarter that does not exist",
        "Quarters are Q1 to Q4 of a financial year; for a year starting in April, Q1 is"
        " April to June and Q4 is January to March. The quarter after `2017/18 Q4` is"
        " `2018/19 Q1`.",
    ),
    "bad/syntax-period-four-digit-end": Fix(
        "syntax",
        "A financial year with four digits after the slash",
        "Write a financial year as its first year in full, a slash, and the last two"
        " digits of the next year: `2017/18`.",
    ),
    "bad/syntax-period-five-digit-year": Fix(
        "syntax",
        "A year with five digits",
        "A year has four digits. Here a digit too many was typed: write `2018-04` for April 2018.",
    ),
    "bad/syntax-period-no-space": Fix(
        "syntax",
        "A quarter without a space",
        "Put a space between the year and the quarter: `2017/18 Q4`.",
    ),
    "bad/syntax-period-one-digit-month": Fix(
        "syntax",
        "A month written with one digit",
        "Write a month as the year, a hyphen, and the month in two digits: `2018-07`"
        " for July 2018.",
    ),
    # The contract header
    "bad/duplicate-council": Fix(
        "header",
        "Two councils",
        "A contract names one commissioning council. " + _ONCE,
    ),
    "bad/duplicate-provider": Fix(
        "header",
        "Two providers",
        "A contract names one provider. " + _ONCE,
    ),
    "bad/duplicate-year-starts": Fix(
        "header",
        "Two year starts",
        "The financial year starts in one month, and that month applies to every"
        " period in the file. " + _ONCE + " Without a `year starts` line the year"
        " starts in April.",
    ),
    "bad/duplicate-reporting": Fix(
        "header",
        "Two reporting frequencies",
        "Keep the one frequency the provider reports at, and delete the other line.",
    ),
    "bad/duplicate-contract-metadata": Fix(
        "header",
        "Two descriptions of the contract",
        "`description`, `source` and `owner` are each given once. Merge the two texts"
        " into one, or delete one. For longer notes, use comments: lines starting with"
        " `#` can say anything, as often as you like.",
    ),
    "bad/year-starts-misspelt": Fix(
        "header",
        "A misspelt month in `year starts`",
        "Correct the month to the one suggested. A month is written in full or as its"
        " three-letter abbreviation, in any case: `April`, `Apr`, `april`.",
    ),
    "bad/year-starts-not-a-month": Fix(
        "header",
        "`year starts` without a month",
        "`year starts` takes the month the financial year begins in: `April` for most"
        " councils, or another month such as `January`. Not a day or a date.",
    ),
    # Groups and measures
    "bad/duplicate-group": Fix(
        "groups",
        "Two groups with the same name",
        "Each group is one row of the summary table, so a name is used once. Move the"
        " measures of the second block into the first, and delete the second `group`"
        " line and its `}`. If the two are different service areas, give them"
        " different names.",
    ),
    "bad/duplicate-group-metadata": Fix(
        "groups",
        "Two owners of one group",
        "A group has one `description`, one `source` and one `owner`. Keep one; if two"
        ' people share the job, name both in one text: `owner "Head of service and'
        ' deputy"`.',
    ),
    "bad/duplicate-measure-id": Fix(
        "groups",
        "Two measures with the same id",
        "Readings name a measure by its id, so an id is used once in the whole"
        " contract, whatever the group. Give one of the two measures a new id, or, if"
        " they are the same measure, delete one.",
    ),
    "bad/duplicate-measure-metadata": Fix(
        "groups",
        "Two sources for one measure",
        "A measure has one `description`, one `source` and one `owner`. Keep one; if"
        ' the figures come from two places, name both in one text: `source "Report A'
        ' and Report B"`.',
    ),
    "bad/missing-unit": Fix(
        "groups",
        "A measure without a unit",
        "Add a `unit` line to the measure: `unit percent`, `unit count`,"
        " `unit rate per 10000`, `unit number`, `unit days`, `unit weeks` or"
        " `unit money`. perfcontract never guesses a unit, because the unit decides"
        " how the measure's values are written and checked.",
    ),
    "bad/duplicate-unit": Fix(
        "groups",
        "Two units",
        "A measure has one unit. " + _ONCE,
    ),
    "bad/duplicate-rounding": Fix(
        "groups",
        "Two roundings",
        "A measure is rounded one way. Keep the number of decimal places the"
        " contract's published figures use, and delete the other line.",
    ),
    "bad/rounding-too-many-places": Fix(
        "groups",
        "Rounding to too many decimal places",
        "`rounded to N dp` takes 0 to 15 decimal places; published figures usually"
        " have 0 or 1. To rate readings exactly as they are given, leave the line out.",
    ),
    "bad/duplicate-aggregate": Fix(
        "groups",
        "Two aggregates",
        "A measure rolls up from months to quarters and years one way. Keep one of"
        " `aggregate mean`, `sum`, `last`, `min` or `max`, and delete the other line.",
    ),
    "bad/volumetric-with-target": Fix(
        "groups",
        "A target on a volumetric measure",
        "A `volumetric` measure gives context and is never rated, so it has no target."
        " If the provider is held to this figure, make the measure contractual: write"
        " `measure E1` instead of `volumetric E1`, and give it a polarity. Otherwise,"
        " delete the target.",
    ),
    "bad/volumetric-with-no-target": Fix(
        "groups",
        "`no target` on a volumetric measure",
        "A `volumetric` measure is never rated, so it needs no `no target` (that is for a"
        " contractual measure that is not yet rated). Delete the line.",
    ),
    "bad/empty-names": Fix(
        "groups",
        "A blank name or title",
        "The contract, each group and each measure have a name people read in every"
        " report. Write it between the quotes.",
    ),
    "bad/volumetric-with-tolerance": Fix(
        "groups",
        "A tolerance on a volumetric measure",
        "A `volumetric` measure is never rated, so it has no tolerance. Delete the"
        " tolerance, or, if the measure is rated, write `measure E1` instead of"
        " `volumetric E1` and give it a target.",
    ),
    # Units and values
    "bad/percent-missing-mark": Fix(
        "values",
        "A percentage without `%`",
        "On a `unit percent` measure every value carries its `%`, so that `22` is"
        " never mistaken for 0.22 or for 22 of something else. Write `22%`.",
    ),
    "bad/percent-above-100": Fix(
        "values",
        "A percentage above 100%",
        "Percent values are percentage points from 0% to 100%. Check the figure for a"
        " typing mistake. If the measure really can go above 100, such as one count"
        " divided by another, give it `unit number` and write its values without `%`,"
        " as the `help:` line says.",
    ),
    "bad/percent-negative": Fix(
        "values",
        "A negative percentage",
        "Percent values run from 0% to 100%. Remove the minus sign if it is a slip."
        " For a change or a difference that can be negative, use `unit number`.",
    ),
    "bad/percent-on-count": Fix(
        "values",
        "A `%` on a count",
        "A `unit count` measure's values are plain numbers: write `target 22`. If the"
        " measure is a percentage, make its unit `unit percent`.",
    ),
    "bad/percent-tolerance-on-count": Fix(
        "values",
        "A `%` tolerance on a count",
        "`tolerance 5%` on a count is most often meant as a margin: the worst"
        " acceptable value 5% short of the target. Write it `tolerance within 5% of"
        " target`, which also follows a target given `a year`. If the tolerance is a"
        " number of visits, write the number, with `a year` after it where the target"
        " has one: `tolerance 1,140,000 a year`.",
    ),
    "bad/percent-money-mark": Fix(
        "values",
        "A `£` on a percentage",
        "Write a `unit percent` measure's values as percentages: `target 22%`. If the"
        " measure is an amount of money, make its unit `unit money`.",
    ),
    "bad/money-on-days": Fix(
        "values",
        "A `£` on a number of days",
        "`£` belongs to money only. Write the number of days on its own: `target 20`."
        " If the measure is really an amount of money, make its unit `unit money`.",
    ),
    "bad/negative-count": Fix(
        "values",
        "A negative count",
        "A count is how many of something, so it cannot be below zero. Check for a"
        " stray minus sign. For a figure that can go below zero, such as a change"
        " since last year, use `unit number`.",
    ),
    "bad/negative-rate": Fix(
        "values",
        "A negative rate",
        "A rate per N of a population cannot be below zero. Check for a stray minus"
        " sign. For a figure that can go below zero, use `unit number`.",
    ),
    "bad/value-out-of-range": Fix(
        "values",
        "A value beyond any real figure",
        "No value in a contract may be more than 10^15 either side of zero: for money,"
        " £1,000,000bn. A figure that large is a slip, such as digits typed twice or"
        " an amount written in pence with `£`; check it against the source. Within"
        " that range a value may have as many decimal places as the source gives.",
    ),
    "bad/rate-per-zero": Fix(
        "values",
        "`rate per 0`",
        "N is the size of the population the rate is given per: `rate per 10000` for a"
        " rate per 10,000 children, `rate per 1000` for one per 1,000 young people. It"
        " is a whole number from 1 to 1,000,000,000.",
    ),
    "bad/rate-per-fraction": Fix(
        "values",
        "`rate per` a fraction",
        "Write the whole number the published rate is given per, such as"
        " `rate per 10000`. If the figure is not a rate per a population, use"
        " `unit number`.",
    ),
    "bad/rate-per-percent": Fix(
        "values",
        "`rate per` a percentage",
        "The N of `rate per N` is a plain whole number, without `%`: `rate per 100` for"
        " a rate per hundred. For a percentage, use `unit percent` instead.",
    ),
    # Polarity and targets
    "bad/missing-target": Fix(
        "targets",
        "A measure with neither a target nor `no target`",
        "A contractual measure is rated against its target every period, so it must"
        " say what the target is: add `target 22%`, with `higher is better` or"
        " `lower is better`. If no target has been agreed yet, write `no target`: the"
        " measure is then rated *No target specified*. If the measure only gives"
        " context and is never rated, write `volumetric` instead of `measure`.",
    ),
    "bad/target-without-polarity": Fix(
        "targets",
        "A target without a polarity",
        "To rate a reading against a target, perfcontract must know which way is"
        " better. Add `higher is better` (as for the timeliness of assessments) or"
        " `lower is better` (as for re-referrals). For a range to stay within, write"
        " `target between 5% and 10%` instead, which needs no polarity.",
    ),
    "bad/duplicate-polarity": Fix(
        "targets",
        "Two polarities",
        "A measure has one polarity. Keep `higher is better` or `lower is better`,"
        " whichever the contract means, and delete the other line.",
    ),
    "bad/duplicate-target": Fix(
        "targets",
        "Two undated targets",
        "Only one target applies from the beginning. If the target changed during the"
        " contract, keep the first one as it is and say when the new one starts:"
        " `target 92% from 2018/19`. Otherwise delete the wrong one.",
    ),
    "bad/duplicate-no-target": Fix(
        "targets",
        "`no target` and a target together",
        "`no target` and `target 90%` both say what the target is from the"
        " beginning, and they disagree. If the target was set later, date it:"
        " `target 90% from 2018/19`. If it applies from the start, delete `no target`.",
    ),
    "bad/band-with-polarity": Fix(
        "targets",
        "A polarity on a band target",
        "A band target (`target between 5% and 10%`) already says which way is"
        " better: inside the band is best, and either side is worse. Delete the"
        " `higher is better` or `lower is better` line. If only one side is worse, use"
        " a single target with a polarity instead.",
    ),
    "bad/band-mixed-with-single": Fix(
        "targets",
        "A band target mixed with a single target",
        "Write all of a measure's targets the same way: all as bands"
        " (`target between 7% and 9% from 2018/19`), or all as single values with"
        " `higher is better` or `lower is better`.",
    ),
    "bad/band-target-reversed": Fix(
        "targets",
        "A target band written high to low",
        "Write the lower figure first: `target between 5% and 10%`.",
    ),
    # Tolerances
    "bad/tolerance-without-target": Fix(
        "tolerances",
        "A tolerance with `no target`",
        "A tolerance says how far a reading may fall short of its target, so it needs"
        " a target. Delete the tolerance, or, if a target starts later, date the"
        " tolerance to start with it: `tolerance 70% from 2018/19`.",
    ),
    "bad/tolerance-without-target-dated": Fix(
        "tolerances",
        "A tolerance that starts before its target",
        "The tolerance starts in 2017/18 Q3, but the first target only starts in"
        " 2018/19. Date the tolerance to start with the target"
        " (`tolerance 70% from 2018/19`), or add the target that applied before.",
    ),
    "bad/duplicate-tolerance": Fix(
        "tolerances",
        "Two undated tolerances",
        "Only one tolerance applies from the beginning. Keep the right one, or say when"
        " the second one starts: `tolerance within 5 points of target from 2018/19`.",
    ),
    "bad/tolerance-better-higher": Fix(
        "tolerances",
        "A tolerance above the target when higher is better",
        "The tolerance is the worst value that still counts as *Inside tolerance*, so"
        " when higher is better it is at or below the target. Usually the two figures"
        " are swapped, or the polarity is wrong. Check them against the contract.",
    ),
    "bad/tolerance-better-lower": Fix(
        "tolerances",
        "A tolerance below the target when lower is better",
        "The tolerance is the worst value that still counts as *Inside tolerance*, so"
        " when lower is better it is at or above the target: for a target of 22%,"
        " `tolerance 28%` accepts readings up to 28%. Usually the two figures are"
        " swapped, or the polarity is wrong. Check them against the contract.",
    ),
    "bad/tolerance-better-money": Fix(
        "tolerances",
        "A money tolerance below the target when lower is better",
        "For spending, where lower is better, the tolerance is the most that is still"
        " acceptable, so it is at or above the target: `target £950k` with"
        " `tolerance £1.2m`. Here the two amounts look swapped.",
    ),
    "bad/tolerance-better-band": Fix(
        "tolerances",
        "A tolerance band that does not contain the target band",
        "A band tolerance is the acceptable range around the target band, so it"
        " contains it: its low end at or below the target's low end, its high end at"
        " or above the target's high end. Here 6% is above the target's 5%. Write, say,"
        " `tolerance between 3% and 12%`, or widen the target band by a margin:"
        " `tolerance within 2 points of target`.",
    ),
    "bad/tolerance-better-after-target-change": Fix(
        "tolerances",
        "A target change that passes the tolerance",
        "From 2018/19 the target is 84%, but the tolerance is still 85%, better than"
        " the target. When a target changes, check that the tolerance still fits: add"
        " a tolerance that starts at the same time (`tolerance 80% from 2018/19`), or"
        " write the tolerance as a margin (`tolerance within 5 points of target`),"
        " which moves with the target.",
    ),
    "bad/tolerance-better-after-tolerance-change": Fix(
        "tolerances",
        "A tolerance change that passes the target",
        "From 2018/19 Q3 the tolerance is 9 days, better than the target of 10 days"
        " when lower is better. Check the new tolerance against the contract: it should"
        " be 10 days or more.",
    ),
    "bad/band-tolerance-with-single-target": Fix(
        "tolerances",
        "A band tolerance for a single target",
        "With a single target and a polarity only one side is worse, so the tolerance"
        " is one value, the worst acceptable reading: `tolerance 80%`. If readings are"
        " judged against a range, make the target a band too"
        " (`target between 85% and 95%`) and delete the polarity.",
    ),
    "bad/single-tolerance-with-band-target": Fix(
        "tolerances",
        "A single tolerance for a band target",
        "A band target can be missed on either side, so its tolerance is a band around"
        " it (`tolerance between 3% and 12%`), or a margin that widens it on both sides"
        " (`tolerance within 2 points of target`).",
    ),
    "bad/band-tolerance-reversed": Fix(
        "tolerances",
        "A tolerance band written high to low",
        "Write the lower figure first: `tolerance between 3% and 12%`.",
    ),
    "bad/margin-without-kind": Fix(
        "tolerances",
        "A margin that says neither points nor per cent",
        "`within 5 of target` could mean 5 percentage points or 5% of the target: for"
        " a target of 80%, higher is better, the tolerance would be 75% or 76%. Say"
        " which: `within 5 points of target`, or `within 5% of target`.",
    ),
    "bad/margin-points-with-percent": Fix(
        "tolerances",
        "A margin in both points and per cent",
        "Choose one: `within 5 points of target` for percentage points, or"
        " `within 5% of target` for 5% of the target's value.",
    ),
    "bad/margin-negative": Fix(
        "tolerances",
        "A negative margin",
        "A margin is a distance from the target, and always counts in the worse"
        " direction, so it has no minus sign: `within 5 points of target`.",
    ),
    "bad/margin-below-what-the-unit-can-be": Fix(
        "tolerances",
        "A margin that goes below what the unit can be",
        "A margin is taken from the target in the worse direction: 5 points below a"
        " target of 2 minutes is -3 minutes, which no time can be. Use a smaller"
        " margin, or give the tolerance as a value (`tolerance 1`).",
    ),
    "bad/margin-money-on-percent": Fix(
        "tolerances",
        "A money margin on a percentage",
        "A margin in pounds is for `unit money` measures only. On a percent measure,"
        " give the margin in points (`within 5 points of target`) or as a share of the"
        " target (`within 5% of target`).",
    ),
    # Dated terms and periods
    "bad/dated-undated-after-dated": Fix(
        "dated",
        "The undated target after a dated one",
        "Write the undated target, the one in force from the beginning, first, then"
        " the dated ones in date order: move `target 90%` above"
        " `target 92% from 2018/19`.",
    ),
    "bad/dated-targets-out-of-order": Fix(
        "dated",
        "Dated targets out of order",
        "perfcontract does not sort dated terms, because terms out of order are"
        " usually a typing mistake, such as `2018/19` for `2019/20`. Check both dates"
        " against the contract, then put the lines in date order.",
    ),
    "bad/dated-tolerances-out-of-order": Fix(
        "dated",
        "Dated tolerances out of order",
        "`from 2018/19` starts at the beginning of that financial year, April 2018,"
        " which is before `2018-07`, July 2018. Check the dates against the contract"
        " and put the tolerances in date order.",
    ),
    "bad/dated-targets-duplicated": Fix(
        "dated",
        "Two targets from the same date",
        "`from 2018/19` and `from 2018/19 Q1` both start in April 2018, so the two"
        " targets start on the same day. Keep one. If the second change came later,"
        " correct its date, as in `from 2018/19 Q2`.",
    ),
    "bad/dated-tolerances-duplicated": Fix(
        "dated",
        "Two tolerances from the same date",
        "`from 2018-07` and `from 2018/19 Q2` both start on 1 July 2018, so the two"
        " tolerances start on the same day. Keep one, or correct the other's date.",
    ),
    "bad/period-bare-year": Fix(
        "dated",
        "A bare year in `from`",
        "`2018` could be the calendar year or the financial year. Write"
        " `from 2018/19` for the financial year, `from 2018/19 Q3` for a quarter, or"
        " `from 2018-04` for a month.",
    ),
    "bad/period-not-consecutive": Fix(
        "dated",
        "A financial year whose two years do not follow",
        "A financial year runs across two years that follow each other: `2017/18`,"
        " `2018/19`. Correct whichever part is mistyped.",
    ),
    "bad/period-bad-month": Fix(
        "dated",
        "A month that does not exist",
        "Months are the calendar months 01 (January) to 12 (December), whatever month"
        " the financial year starts in: `2018-12` is December 2018, `2019-01` is"
        " January 2019.",
    ),
    # Benchmarks
    "bad/duplicate-benchmark": Fix(
        "benchmarks",
        "Two undated benchmarks for one comparator",
        "Each comparator has one benchmark from the beginning. When newer figures are"
        " published, keep the old line and say when the new figures apply from:"
        " `benchmark national 22.4% for 2018 from 2018/19`. `for 2018` only labels the"
        " year the figures are for; `from 2018/19` says when they come into force.",
    ),
    "bad/benchmark-unnamed": Fix(
        "benchmarks",
        "A benchmark with no comparator's name",
        "Each benchmark says whose figure it is, so that a report can say the"
        " measure is better or worse than *someone*: write the comparator between"
        ' the quotes (`"statistical neighbours" 20.1%`), or leave the figure out.',
    ),
    "bad/duplicate-benchmark-comparator": Fix(
        "benchmarks",
        "One comparator twice in a benchmark clause",
        "Within one clause each comparator appears once. Delete the repeat, or, if you"
        " meant another comparator, correct its name, such as"
        " `statistical neighbours`.",
    ),
    "bad/dated-benchmarks-duplicated": Fix(
        "benchmarks",
        "Two benchmarks for one comparator from the same date",
        "Two national benchmarks start in 2018/19. Keep the right figure and delete the"
        " other; here, delete `national 21.4%` or take the national figure out of the"
        " line before.",
    ),
    "bad/dated-benchmarks-out-of-order": Fix(
        "benchmarks",
        "Dated benchmarks out of order",
        "Write a comparator's dated benchmarks in the order of their `from` dates:"
        " move the line `from 2018/19` above the line `from 2019/20`.",
    ),
    "bad/period-bad-benchmark-year": Fix(
        "benchmarks",
        "A benchmark year that is not a year",
        "`for` labels the year the figures are for. Write it as published: a calendar"
        " year (`2017`), a financial year (`2017/18`) or a month (`2018-03`).",
    ),
    # Risk share
    "bad/duplicate-risk-share": Fix(
        "risk-share",
        "Two risk share blocks",
        "A contract has one risk share. Put all its terms (the shares or the bands,"
        " and any `provider cap` and `gain share`) in one `risk share { … }` block, and"
        " delete the other.",
    ),
    "bad/duplicate-risk-share-metadata": Fix(
        "risk-share",
        "Two descriptions of the risk share",
        "The risk share has one `description`, one `source` and one `owner`. Merge the"
        " two texts into one, or delete one.",
    ),
    "bad/risk-share-no-shares": Fix(
        "risk-share",
        "A risk share without shares",
        "A risk share says who pays which share of an overspend. Add both shares, as in"
        " `council 70%` and `provider 30%`, or bands that give the shares for each"
        " slice of an overspend.",
    ),
    "bad/risk-share-missing-party": Fix(
        "risk-share",
        "A risk share with only one party's share",
        "Give both shares, even when one is 0%: `council 70%` and `provider 30%`. They"
        " add up to 100%.",
    ),
    "bad/risk-share-duplicate-party": Fix(
        "risk-share",
        "Two council shares",
        "Give the council's share once and the provider's share once. If the shares"
        " depend on the size of the overspend, use bands instead.",
    ),
    "bad/risk-share-not-100": Fix(
        "risk-share",
        "Shares that do not add up to 100%",
        "The whole overspend is shared between council and provider, so the two shares"
        " add up to exactly 100%. Here 70% and 20% leave 10% that nobody pays: check"
        " the figures against the contract.",
    ),
    "bad/risk-share-above-100": Fix(
        "risk-share",
        "Shares below 0% or above 100%",
        "A share is a part of the overspend, from 0% (pays none of it) to 100% (pays"
        " all of it), and the two shares add up to 100%. If the council pays all of"
        " it, write `council 100%` and `provider 0%`.",
    ),
    "bad/risk-share-without-percent": Fix(
        "risk-share",
        "A share without `%`",
        "Write a share as a percentage: `council 70%`.",
    ),
    "bad/risk-share-money-share": Fix(
        "risk-share",
        "A share written as money",
        "A share is a percentage of the overspend, not an amount: `council 70%`. To"
        " limit what the provider pays in pounds, add a cap: `provider cap £2m`.",
    ),
    "bad/risk-share-plain-and-bands": Fix(
        "risk-share",
        "Plain shares and bands together",
        "Use one or the other. If the split is the same whatever the size of the"
        " overspend, keep `council 70%` and `provider 30%` and delete the bands. If it"
        " changes with the size of the overspend, keep the bands and delete the plain"
        " shares.",
    ),
    "bad/risk-share-first-band-not-at-zero": Fix(
        "risk-share",
        "Bands that do not start at £0",
        "The bands cover an overspend from its first pound, so the first band starts"
        " at £0: write it `band up to £2m: …`. If the contract shares the first £1m in"
        " some other way, add a band `band up to £1m: …` before this one.",
    ),
    "bad/risk-share-band-gap": Fix(
        "risk-share",
        "A gap between two bands",
        "Each band starts where the one before ends, so that every amount falls in"
        " exactly one band. Start this band at £1m (`band from £1m to £2m: …`), or end"
        " the band before at £1.5m.",
    ),
    "bad/risk-share-band-overlap": Fix(
        "risk-share",
        "Overlapping bands",
        "Each band starts where the one before ends. Start this band at £1m"
        " (`band from £1m to £2m: …`), or, if £950k is right, end the band before"
        " there: `band up to £950k: …`.",
    ),
    "bad/risk-share-band-empty": Fix(
        "risk-share",
        "An empty band",
        "`band up to £0` covers nothing. Give the amount at which the contract's first"
        " band ends, such as `band up to £1m: …`, and start the next band there:"
        " `band above £1m: …`.",
    ),
    "bad/risk-share-band-reversed": Fix(
        "risk-share",
        "A band whose end is below its start",
        "A band runs from a lower amount to a higher one, and bands go up in order."
        " Check the amounts against the contract: this band starts at £1m, so it must"
        " end above £1m, and the next band starts where it ends.",
    ),
    "bad/risk-share-band-after-above": Fix(
        "risk-share",
        "A band after the open-ended band",
        "`band above …` covers every amount above where it starts, so it is the last"
        " band. Here `above £1m` already covers £2m and more: make it"
        " `band from £1m to £2m: council 70%, provider 30%`, and keep"
        " `band above £2m` last.",
    ),
    "bad/risk-share-bands-not-open": Fix(
        "risk-share",
        "Bands that stop at an amount",
        "An overspend can be of any size, so the last band is open-ended. Add"
        " `band above £2m: council …, provider …` with the shares the contract gives"
        " above £2m. To limit what the provider pays, add a `provider cap` as well.",
    ),
    "bad/risk-share-band-shares": Fix(
        "risk-share",
        "Bands with wrong or missing shares",
        (
            "This band's shares add up to 90%. Correct them so that they add up to"
            " exactly 100%, as the contract says.",
            "Give both shares in every band, even when one is 0%:"
            " `band above £1m: council 70%, provider 30%`.",
        ),
    ),
    "bad/risk-share-percent-as-amount": Fix(
        "risk-share",
        "A percentage where an amount belongs",
        "Where bands start and end, and the provider cap, are amounts of money:"
        " `band up to £1m: …`, `provider cap £2m`. If the contract gives them as a"
        " percentage of the contract's value, work out the amounts in pounds and write"
        " those.",
    ),
    "bad/risk-share-duplicate-cap": Fix(
        "risk-share",
        "Two provider caps",
        "The `provider cap` is the most the provider pays of any overspend, and is"
        " given once. Keep the right amount and delete the other line.",
    ),
    "bad/risk-share-negative-cap": Fix(
        "risk-share",
        "A negative provider cap",
        "The cap is the most the provider pays, an amount of £0 or more: `provider cap £2m`.",
    ),
    "bad/risk-share-duplicate-gain-share": Fix(
        "risk-share",
        "Two gain shares",
        "The `gain share` says how an underspend is shared, and is given once. " + _ONCE,
    ),
    "bad/risk-share-gain-share-not-100": Fix(
        "risk-share",
        "A gain share that does not add up to 100%",
        "The whole underspend is shared between council and provider, so the two"
        " shares add up to exactly 100%: check the figures against the contract.",
    ),
    "bad/risk-share-duplicate-council-cap": Fix(
        "risk-share",
        "Two council caps",
        "The `council cap` is the most the council pays of any overspend, and is given"
        " once. " + _ONCE,
    ),
    "bad/risk-share-council-cap-percent": Fix(
        "risk-share",
        "A council cap written as a percentage",
        "A cap is an amount of money: `council cap £3m`. A share of the overspend is"
        " written as the council's share, `council 70%`.",
    ),
    "bad/risk-share-both-caps": Fix(
        "risk-share",
        "A provider cap and a council cap",
        "A risk share caps one party: beyond both caps nobody would pay the rest of an"
        " overspend. Keep the cap the contract gives; if it really gives both, settle"
        " the amount beyond them by hand.",
    ),
    "bad/risk-share-gain-band-overlap": Fix(
        "risk-share",
        "Gain-share bands that overlap",
        "Each slice of an underspend or a surplus is shared by one gain-share band. Make"
        " each band start where the one before ends; gain-share bands need not start at"
        " £0 or cover every amount.",
    ),
    "bad/risk-share-gain-band-reversed": Fix(
        "risk-share",
        "An empty or reversed gain-share band",
        "Write the smaller amount first: `gain share band from £250k to £500k: …`.",
    ),
    "bad/risk-share-gain-band-not-100": Fix(
        "risk-share",
        "A gain-share band that does not add up to 100%",
        "Each slice of the gain is shared between council and provider, so the band's"
        " two shares add up to exactly 100%.",
    ),
    "bad/risk-share-dated-only": Fix(
        "risk-share",
        "Shares only from a date",
        "Dated shares change the shares from a date on, so there must be shares before"
        " it: give them with no date, then the changes with `from`.",
    ),
    "bad/risk-share-dated-not-100": Fix(
        "risk-share",
        "Dated shares that do not add up to 100%",
        "The shares from each date are checked as a set: the council's and the"
        " provider's from the same date add up to exactly 100%.",
    ),
    "bad/risk-share-dated-missing-party": Fix(
        "risk-share",
        "A dated share for one party only",
        "From a date both shares change together: give `council … from 2018/19` and"
        " `provider … from 2018/19`.",
    ),
    "bad/risk-share-band-date-not-at-end": Fix(
        "risk-share",
        "A band dated in the middle",
        "A band, a gain share or a gain-share band applies as a whole from its date,"
        " written once after its last share: `band up to £1m: council 50%, provider 50%"
        " from 2019/20`.",
    ),
    "bad/risk-share-dated-plain-and-bands": Fix(
        "risk-share",
        "Plain shares and bands from the same date",
        "From each date, give either plain shares or bands covering every amount, not both.",
    ),
    "bad/risk-share-dated-bad-period": Fix(
        "risk-share",
        "A share dated with a period that does not exist",
        "Write the date as any dated term's: a financial year, a quarter, a half or a"
        " month, such as `from 2018/19` or `from 2018/19 Q3`.",
    ),
    "bad/risk-share-dated-duplicate-gain-share": Fix(
        "risk-share",
        "Two gain shares from the same date",
        "A gain share is given once for each date. " + _ONCE,
    ),
    # Many problems at once
    "bad/many-errors": Fix(
        "many",
        "Many problems in one file",
        (
            "Delete one of the two `council` lines.",
            "Correct the month to `April`.",
            "When lower is better, the tolerance is at or above the target: check both"
            " figures against the contract.",
            "Add `higher is better` or `lower is better` to A2.",
            "Correct A2's target to a percentage from 0% to 100%.",
            "Add a unit to A3, such as `unit percent`.",
            "Delete E1's target, or make E1 a contractual `measure`.",
            'Move these measures into the first `group "Pathway"` block, or give this'
            " group another name.",
            "Give the second A1 an id of its own.",
            "A count cannot be negative: correct the benchmark.",
            "Make the two shares add up to 100%.",
        ),
    ),
    # File encoding, line ends and tabs
    "bad/syntax-not-utf8": Fix(
        "encoding",
        "A file that is not UTF-8",
        "perfcontract reads files as UTF-8, the encoding almost every editor uses"
        " today. A `£` typed in an older Windows program is often saved as the single"
        " byte 0xA3, which is not UTF-8; the message shows it as `�`. In your editor,"
        " choose *Save as* and the encoding *UTF-8*, then check that every `£` still"
        " shows as `£`, and retype any that does not.",
    ),
    "bad/syntax-bom-first-line": Fix(
        "encoding",
        "A syntax error in a file that starts with a byte order mark",
        "The byte order mark is fine: perfcontract skips it, and the columns do not"
        " count it. The mistake is the misspelt `counsil`: correct it to `council`.",
    ),
    "bad/syntax-crlf": Fix(
        "encoding",
        "A syntax error in a file with Windows line ends",
        "Windows line ends are fine: lines are numbered as in any other file."
        " The mistake is the misspelt `counsil`: correct it to `council`.",
    ),
    "bad/validation-bom-first-line": Fix(
        "encoding",
        "A checking error in a file with a byte order mark and Windows line ends",
        "The byte order mark and the line ends are fine. The mistake is the second"
        " `council`: a contract names one council, so delete one of the two.",
    ),
    "bad/validation-crlf": Fix(
        "encoding",
        "A checking error in a file with Windows line ends",
        "The line ends are fine. The mistake is the tolerance: when lower is better it"
        " is at or above the target, here 22%. Check both figures against the"
        " contract.",
    ),
    "bad/syntax-tab-indented": Fix(
        "encoding",
        "A syntax error in a file indented with tabs",
        "Tabs are fine. The mistake is the misspelt `tolerence`: correct it to"
        " `tolerance`. The column counts a tab as one character, so column 4 of line 8"
        " is the first letter after three tabs; the line under the message keeps the"
        " tabs, so the caret sits under the word.",
    ),
    # Readings files: reading the file
    "readings/empty": Fix(
        "readings",
        "A readings file with no header",
        "The file holds nothing but comments and blank lines. Check that the right"
        " file is named, and that it was saved after the readings were put in. A"
        " readings file starts with its header line, such as `measure,period,value`.",
    ),
    "readings/no-measure-column": Fix(
        "readings",
        "A header without a `measure` column",
        "perfcontract finds the columns by their headings, which are exactly"
        " `measure`, `period` and `value`, in any order and any case; `Measure ID` is"
        " not one of them. Change the header to `measure,period,value`.",
    ),
    "readings/semicolons": Fix(
        "readings",
        "Cells separated by semicolons, with decimal commas",
        (
            "A file whose cells are separated by semicolons (or tabs) is read with"
            " decimal commas, as the spreadsheets that write it mean: `26,5` is 26.5. In"
            " such a file a point with three digits after it could be a decimal point or"
            " a thousands point: write `1,789` for the decimal, or `1789` for the whole"
            " number.",
            "Write a number, or a marker of a missing value, such as an empty cell.",
        ),
    ),
    "readings/tab-decimal-points": Fix(
        "readings",
        "Cells separated by tabs, with decimal points and a comma",
        "A spreadsheet in the UK saved as *Unicode text* separates cells by tabs and"
        " writes numbers as they are shown: decimal points (`21.5`) and, where the"
        " cells show them, thousands commas (`1,789`). A tab file is read with decimal"
        " commas, but this one writes decimal points, so a comma with three digits"
        " after it could be either: write `1789` for the whole number (or `1.789` for"
        " the decimal). A comma that cannot group thousands (`89,5`) is still a decimal"
        " comma.",
    ),
    "readings/no-value-column": Fix(
        "readings",
        "A `period` column without a `value` column",
        "A long-form file has a `measure`, a `period` and a `value` column, one"
        " reading to a row. Add the `value` column, with each reading in it. (If the"
        " periods are meant to be the headings of columns of values, that is wide"
        " form: `measure,2017/18 Q1,2017/18 Q2,…`.)",
    ),
    "readings/not-utf8": Fix(
        "readings",
        "A readings file in neither UTF-8 nor Windows-1252",
        "A file that is not UTF-8 is read as Windows-1252, what Excel in the UK"
        " writes as *CSV (Comma delimited)*, with a note saying so; a byte that"
        " Windows-1252 has no character for, such as 0x81, means it is in neither. In"
        " Excel, choose *Save as* and the file type *CSV UTF-8 (Comma delimited)*;"
        " other programs offer a choice of encoding when saving.",
    ),
    "readings/spreadsheet-periods": Fix(
        "readings",
        "Wide form: period headings as pandas or a spreadsheet wrote them",
        (
            "pandas labels a quarter by the year its financial year ends in, so `2018Q1`"
            " means a different quarter under each frequency: write the period as"
            " perfcontract does, `2017/18 Q1` (or `Q1 2017/18`), or give the readings"
            " to `Readings.from_frame`, which reads a pandas `Period` by its dates.",
            "Correct the month's name: `April 2018`, `Apr 2018` and `Apr-18` are all"
            " read as `2018-04`.",
            "A date with slashes could be day first or month first: write the month,"
            " such as `2018-04`, or an ISO date, `2018-04-01`.",
        ),
    ),
    "readings/bad-period-headings": Fix(
        "readings",
        "Wide form: period headings that are wrong",
        (
            "Write the financial year with a slash: `Q1 2017/18` or `2017/18 Q1`.",
            "Head the column with the period its values are for, or delete the column.",
            "Months are 01 to 12: correct the heading, such as `2018-01` for January 2018.",
            "`2017/18 q2` is the same period as `2017/18 Q2` in column 3. Correct the"
            " heading of the column that is for another period, or delete the repeat.",
        ),
    ),
    # Readings files: matching the readings to the contract
    "readings/excel-errors": Fix(
        "readings",
        "Excel's error values, and a negative in brackets",
        (
            "`#N/A` is what Excel shows when a formula (a lookup, say) found no value."
            " Correct the formula and save the file again; if the value is really"
            " missing, leave the cell empty, or add `#N/A` to the missing markers"
            " (`--missing '#N/A'`).",
            "`#DIV/0!` is a formula dividing by zero, often a rate with no cases:"
            " correct it, or leave the cell empty for a missing value.",
            "`#VALUE!` is a formula given text where it needed a number: correct it.",
            "A number in brackets is negative, as accounts write it, and a percentage"
            " is never negative: correct the value.",
        ),
    ),
    "readings/authorities": Fix(
        "readings",
        "Readings for several authorities",
        (
            "Doncaster has two values for A1 in 2017/18 Q4, on lines 2 and 5. Keep the"
            " right one and delete the other.",
            "Write the reading as a number, or leave the cell empty if it is missing.",
            "B8 is a percentage, from 0 to 100: correct the value. (A `-` on its own"
            " marks a missing value; `-5` is a number.)",
        ),
    ),
    "readings/quoted-line-breaks": Fix(
        "readings",
        "Long form: cells that run over several lines",
        (
            "A quoted cell may hold line breaks, as a spreadsheet writes a note typed"
            " over several lines; the row is reported at the line it starts on, with the"
            " caret under its cell. Write the reading as a number.",
            "Quarters are Q1 to Q4: correct the period. A period wrapped over two lines"
            " in its cell is read as if on one.",
            "A line break inside a number splits it: delete the line break, `95`.",
        ),
    ),
    "readings/many-problems-long": Fix(
        "readings",
        "Long form: a mistake of every kind",
        (
            "Write the reading as a number, or leave the cell empty if it is missing.",
            "Quarters are Q1 to Q4: correct the period.",
            "Ids are written as in the contract, capitals included: `A4`.",
            "The contract has no A7: correct the id, or delete the row.",
            "A6 is a percentage, from 0 to 100: correct the value.",
            "A8 is a percentage, so it cannot be negative: correct the value.",
            "A count cannot be negative: correct the value.",
            "A count is a whole number: correct the value, or, if the measure is an"
            " average, give it `unit number` in the contract.",
            "A rate cannot be negative: correct the value.",
            "FO3 is a rate, not a percentage: write `0.1`.",
            "A number of weeks cannot be negative: correct the value.",
            "C14 is a percentage: write the value without `£`.",
            "`2017/18 q4` is the same period as `2017/18 Q4` on line 3. Keep one of the"
            " two A1 readings, or, if this one is for another quarter, correct its"
            " period.",
            "The comma in `1,789` split it into two cells. Put a number with thousands"
            ' commas in quotes, `"1,789"`, or write it without commas: `1789`.',
            "Fill in the measure id, or delete the row.",
            "Fill in the period, such as `2017/18 Q4`.",
            "Correct the value: it is far larger than any reading.",
            "Leave the cell empty for a missing value, or write one of the markers the"
            " `help:` line lists. `N/A` means missing only if the program that loads"
            " the file is told so.",
            "The row has only a measure id: add its period and value, or delete the row.",
            'Close the quote after `88` (`"88"`), or remove it. Until it is closed, the'
            " next line is read as part of this row, and its reading is lost.",
        ),
    ),
    "readings/many-problems-wide": Fix(
        "readings",
        "Wide form: a mistake of every kind",
        (
            "Write the reading in figures: `90`.",
            "The row has one value fewer than there are periods. Add the missing"
            " value; if there is none, leave the cell empty by adding a comma at the"
            " end of the row.",
            "The contract has no Z9: correct the id, or delete the row.",
            "A count cannot be negative: correct the value.",
            "B8 is a percentage, from 0 to 100: correct the value.",
            "A1 already has a row, line 2. Keep one row for each measure: correct or"
            " delete the other.",
            "The row has one value more than there are periods. Delete the extra value,"
            " or add a column heading for the period it is for.",
        ),
    ),
    # Ids and half years
    "bad/syntax-id-starts-with-digit": Fix(
        "syntax",
        "A measure id that starts with a digit",
        "Contracts often number their indicators (2.1, 4.3), but an id must start"
        " with a letter, so that it can never be read as a number. Put a letter or"
        " two before the number, as the help suggests: `KPI2.1`, or the letter of"
        " the contract's schedule, `W2.1`. Readings name the measure by the same id.",
    ),
    "bad/syntax-id-ends-with-dot": Fix(
        "syntax",
        "A measure id that ends with a full stop",
        "An id may hold `_`, `-` and `.` between its letters and digits, but not at"
        " its end, where a `.` is too easily a full stop. Delete the last character,"
        " or finish the id with what it was meant to be: `W-4.1`.",
    ),
    "bad/dated-half-year-h3": Fix(
        "dated",
        "A half year that does not exist",
        "A financial year has two halves, `H1` (its first six months) and `H2`."
        " Write `2025/26 H1` or `2025/26 H2`, or `2025/26 Q3` for a quarter.",
    ),
    "bad/duplicate-measure-clauses": Fix(
        "due",
        "Clauses given twice in a measure",
        (
            "A ratio has one numerator: keep the right one and delete the other.",
            "A ratio has one denominator: keep the right one and delete the other.",
            "A measure is reported at one frequency: keep the one the contract's schedule gives.",
            "A measure has one window: keep the one the contract's schedule gives.",
            "A measure has one season: keep the months it is really due in.",
            "A year's target is split one way: keep the profile the contract gives.",
        ),
    ),
    # Ratio measures
    "bad/ratio-numerator-without-denominator": Fix(
        "ratios",
        "A numerator without a denominator",
        (
            "A ratio measure's value is its numerator divided by its denominator, so"
            " it needs both. Add `denominator` with the measure it is divided by"
            " (here `W1D`), or a number such as a population; or delete the"
            " numerator if the measure takes readings of its own.",
            "The same the other way round: add the `numerator`, or delete the denominator.",
        ),
    ),
    "bad/ratio-unit-count": Fix(
        "ratios",
        "A ratio that is a count",
        "A ratio of two counts is a share or a rate, not a count: missed bins per"
        " 100,000 collections is `unit rate per 100000`, a share of tonnes recycled"
        " is `unit percent` (the ratio times 100), and anything else `unit number`."
        " Give the ratio one of those units; its numerator and denominator keep"
        " their own.",
    ),
    "bad/ratio-both-numbers": Fix(
        "ratios",
        "A ratio of two numbers",
        "With numbers on both sides the ratio is the same in every period, so it"
        " tells nothing. At least one side is a measure: here the numerator is the"
        " number of children in need, a volumetric measure with readings of its own"
        " (`numerator E34`), over the child population (`denominator 44,100`).",
    ),
    "bad/ratio-number-with-a-mark": Fix(
        "ratios",
        "A number component with `%`, and a denominator of zero",
        (
            "A number in a ratio is a plain number, such as a population:"
            " `denominator 44100`. A percentage belongs to the ratio's unit, not to"
            " its parts.",
            "A ratio cannot be divided by zero or by a negative number. Give the"
            " population or total it is a share of; if it is not known yet, leave"
            " the measure out until it is.",
        ),
    ),
    "bad/ratio-unknown-component": Fix(
        "ratios",
        "A numerator that is not a measure",
        "A numerator or denominator written as a word is a measure id, and the"
        " contract has no measure with this one: usually a typing slip (here `W1M`"
        " for `W1N`). Correct the id, or add the measure it names, with its own"
        " unit and readings.",
    ),
    "bad/ratio-own-component": Fix(
        "ratios",
        "A ratio that is its own denominator",
        "A ratio is worked out from other measures, never from itself. Name the"
        " measure it is divided by, here the number of scheduled collections.",
    ),
    "bad/ratio-cycle": Fix(
        "ratios",
        "Ratios worked out from each other",
        "`A` is divided by `B`, and `B` is worked out from `A`, so neither can be"
        " worked out first. Work each ratio out from measures that have readings"
        " (counts, tonnes, money) or from numbers, not from each other.",
    ),
    "bad/ratio-component-percent": Fix(
        "ratios",
        "A ratio worked out from a percentage",
        "A ratio adds up its numerator and its denominator over each period, and"
        " percentages, yes/no answers and grades cannot be added up. Use the"
        " counts or tonnes the percentage is worked out from: if `W2` is itself"
        " `W2N` over `W2D`, divide `W2N` instead.",
    ),
    "bad/ratio-component-less-often": Fix(
        "ratios",
        "A monthly ratio of a yearly figure",
        "`W1` is worked out every month, but its denominator has one reading a"
        " year, so no month would have a denominator. Report the denominator as"
        " often as the ratio (give `W1D` monthly readings), report the ratio"
        " annually too, or use a number if the denominator is a fixed figure.",
    ),
    "bad/percent-summed": Fix(
        "values",
        "A percentage told to add up",
        "Percentages do not add up over periods: three months of 90% are not a"
        " quarter of 270%. Delete the line, and a quarter is the mean of its months;"
        " if the percentage is worked out from counts (calls answered of calls"
        " made), make it a ratio measure of those counts, which divides their sums.",
    ),
    "bad/aggregate-on-ratio": Fix(
        "ratios",
        "An aggregate on a ratio measure",
        "A ratio over a quarter or a year is always the sum of its numerator over"
        " the sum of its denominator, never the mean of the monthly ratios, so it"
        " takes no `aggregate`. Delete the line; to change how a component rolls"
        " up, give `aggregate` to that component.",
    ),
    # Windows, reporting and seasons
    "bad/window-on-annual-measure": Fix(
        "due",
        "A window on an annual measure",
        "A measure reported once a year has one reading for the whole year, so"
        " there is nothing shorter to roll up: year to date is the year. Delete"
        " the window, or, if the measure is really reported monthly or quarterly,"
        " say so with `reporting monthly`.",
    ),
    "bad/window-too-long": Fix(
        "due",
        "A rolling window of no months, or of five years",
        (
            "A rolling window covers at least one month. Without a window each"
            " period is rated on its own readings, which is what `rolling 0 months`"
            " seems to mean: delete the line.",
            "A rolling window is at most three years: 36 months or 12 quarters."
            " For a longer view, compare the years themselves.",
        ),
    ),
    "bad/window-not-whole-quarters": Fix(
        "due",
        "A rolling window that splits a quarter",
        "A quarterly measure has one reading a quarter, so a window of two months"
        " would need part of one. Make the window a whole number of quarters:"
        " `rolling 3 months`, `rolling 6 months` or `rolling 2 quarters`, or report"
        " the measure monthly.",
    ),
    "bad/season-unknown-month": Fix(
        "due",
        "A season with a misspelt month",
        "A season runs from a month to a month, each written in full or as its"
        " first three letters, in any case: `season October to April` or `season"
        " Oct to Apr`. Correct the spelling.",
    ),
    "bad/season-on-annual-measure": Fix(
        "due",
        "A season on an annual measure",
        "A measure reported once a year has one reading for the whole year, so a"
        " season cannot leave any of it out. Delete the season, or report the"
        " measure monthly (`reporting monthly`) so that it is due only in its"
        " months.",
    ),
    "bad/season-not-whole-quarters": Fix(
        "due",
        "A season that splits a quarter",
        "A quarterly measure has one reading a quarter, and a season ending in"
        " April would cover one month of the first quarter. Start and end the"
        " season with whole quarters (`October to March`), or give the measure"
        " `reporting monthly` if it really is reported month by month.",
    ),
    # A year's target
    "bad/profile-out-of-season": Fix(
        "year",
        "A profile that gives the year's target to periods out of season",
        "The measure is rated only in its season, October to March, but its profile"
        " puts all of the year's target on April to September, so its quarters would"
        " have nothing to be rated against. Give the in-season quarters (or months)"
        " their shares: `profile 0%, 0%, 50%, 50%` here.",
    ),
    "bad/year-margin-below-zero": Fix(
        "year",
        "A margin that takes a period's tolerance below nought",
        "A margin applies to each period's own target, here a quarter's share of the"
        " year's 40 (10), not to the year's total: 12 points below 10 is -2 visits,"
        " which no count can be. Use a margin in per cent (`within 30% of target`),"
        " which scales with each share, or a year's tolerance (`tolerance 28 a"
        " year`), shared out as the target is.",
    ),
    "bad/profile-not-percentages": Fix(
        "year",
        "Profile shares that are not percentages",
        (
            "Each share of a profile is the percentage of the year's target that"
            " falls in its quarter or month: write `26%`.",
            "A share cannot be negative; a quarter or month in which nothing is expected has `0%`.",
        ),
    ),
    "bad/profile-wrong-count": Fix(
        "year",
        "A profile of three shares",
        "A profile gives one share for each quarter of the year (four) or each"
        " month (twelve), in the order of the financial year. Give four shares, or"
        " twelve.",
    ),
    "bad/profile-not-100": Fix(
        "year",
        "A profile that does not add up to 100%",
        "The shares split the whole year's target, so they add up to exactly 100%."
        " Check each against the contract's schedule: here one quarter is 22%"
        " where 23% was meant.",
    ),
    "bad/profile-without-a-year": Fix(
        "year",
        "A profile without a year's target",
        "A profile splits the year's target over its quarters or months, but this"
        " measure's target is each period's. Write the target as the year's"
        " (`target 650,000 a year`), or delete the profile.",
    ),
    "bad/a-year-on-averaged-measure": Fix(
        "year",
        "A year's target on a measure that is averaged",
        (
            "Only a measure whose readings add up over the year (a count, tonnes,"
            " money, or a measure with `aggregate sum`) has a year's total. An"
            " average time's target is the same for every period and for the"
            " year: delete `a year`.",
            "W1 is missed bins over scheduled collections, two counts that both add"
            " up: a quarter's rate is the quarter's bins over the quarter's"
            " collections, not three months' rates added up, so its target is the"
            " rate for every period, the year included. Delete `a year`. (A ratio"
            " of a count over a number, such as discharges per 100,000 population,"
            " does add up over periods, and may have a year's target.)",
        ),
    ),
    "bad/a-year-target-with-period-tolerance": Fix(
        "year",
        "A year's target with a tolerance for each period",
        "The target is the year's total, but the tolerance is read as each"
        " reporting period's, so the two cannot be compared. Write the tolerance"
        " as the year's too (`tolerance 600,000 a year`), or as a margin of the"
        " target (`tolerance within 5% of target`), which applies to each period's"
        " share of the year.",
    ),
    # Yes/no and grades
    "bad/yes-no-with-polarity": Fix(
        "worded",
        "A polarity on a yes/no or grade measure",
        (
            "A yes/no measure's target says which answer is better: `target yes`"
            " for a licence held, `target no` for something that should not happen."
            " Delete the polarity.",
            "A grade's labels are listed from worst to best, so a better grade is"
            " always higher. Delete the polarity.",
        ),
    ),
    "bad/yes-no-target-a-number": Fix(
        "worded",
        "A yes/no measure with a number for its target, and a tolerance",
        (
            "Write the target as the answer wanted: `target yes` or `target no`.",
            "A yes/no measure is met or not: the answer wanted is on target, the"
            " other outside tolerance, so there is no tolerance to give. Delete the"
            " line.",
        ),
    ),
    "bad/yes-no-target-changes": Fix(
        "worded",
        "A yes/no target that turns from yes to no",
        "A yes/no measure's target says which answer is better, and that does not"
        " change. If the measure stops being rated from 2025/26, write `no target"
        " from 2025/26`; if the question itself changes, make it a new measure.",
    ),
    "bad/yes-no-rounded-and-aggregated": Fix(
        "worded",
        "Rounding and aggregates on yes/no and grade measures",
        (
            "Yes and no are never rounded: delete the line.",
            "A yes/no measure is yes over a quarter or a year only if it is yes in"
            " every reporting period, always: delete the line.",
            "Grades cannot be added up or averaged. Delete the line to keep the"
            " latest grade of the period, or write `aggregate min` for the worst"
            " grade in it or `aggregate max` for the best.",
        ),
    ),
    "bad/yes-no-target-on-percent": Fix(
        "worded",
        "A yes/no or grade target on a percent measure",
        (
            "`target yes` is for a measure that is met or not (`unit yes/no`). For"
            " a percentage, give the value wanted, such as `target 100%`.",
            "A target in quotes is a grade, for a measure whose unit lists its"
            " grades. Give this measure a percentage target, or make its unit"
            ' `grade "Inadequate", "Requires improvement", "Good", "Outstanding"`.',
        ),
    ),
    "bad/grade-labels": Fix(
        "worded",
        "Grades that are empty, repeated, or too few",
        (
            "Each grade has a label: write it between the quotes, or delete the empty one.",
            "Readings name grades ignoring case, so `Good` and `good` are the same"
            " grade: list each once, from worst to best.",
            "A grade needs at least two labels to be better or worse. For a measure"
            " that is met or not, use `unit yes/no` and `target yes`.",
        ),
    ),
    "bad/grade-target-not-a-grade": Fix(
        "worded",
        "A grade target that is not one of the grades",
        (
            "The target is one of the measure's grades, matched ignoring case:"
            ' here `"Good"` was meant.',
            "A grade's target is its label in quotes, not its place in the list:"
            ' write `target "Pass"`.',
        ),
    ),
    "bad/grade-margin-tolerance": Fix(
        "worded",
        "A grade's tolerance as a margin or a band",
        (
            "Grades are labels, not numbers, so there is no margin of them. Name"
            " the worst grade still inside tolerance:"
            ' `tolerance "Requires improvement"`.',
            "The same for a band: name the worst grade still inside tolerance.",
        ),
    ),
    "bad/grade-tolerance-better-than-target": Fix(
        "worded",
        "A grade tolerance better than the target",
        "The tolerance is the worst grade that still counts as inside tolerance, so"
        " it is the target's grade or a worse one. Here the target is Good, so the"
        ' tolerance is probably `"Requires improvement"`.',
    ),
    # Readings for the waste contract
    "readings/money-sub-penny": Fix(
        "readings",
        "A money reading finer than a penny",
        "A money measure's readings are pounds and pence, and perfcontract keeps"
        " each exactly as written: it never rounds money for you, so an amount"
        " such as £262,500.005 is refused rather than made £262,500.01 without a"
        " word. Round it to the penny in the file, as the accounts have it.",
    ),
    "readings/money-too-much": Fix(
        "readings",
        "A money reading beyond any contract",
        "Amounts of money go up to £1,000,000bn, as everywhere in perfcontract."
        " A larger figure is a slip: a wrong column, or pennies given as pounds."
        " Above about £70 trillion a reading is kept to the pound, not the penny,"
        " as ratings read it: one with pence there is refused rather than rated"
        " a penny out.",
    ),
    "readings/waste-ratio-row": Fix(
        "readings",
        "A reading for a ratio measure",
        "A ratio measure is worked out from its numerator and denominator over each"
        " period, so it takes no readings of its own: a rate typed in would be"
        " ignored or, worse, disagree with its parts. Delete the row; the readings"
        " of `W1N` and `W1D` above give `W1`.",
    ),
    "readings/waste-ratio-over-100": Fix(
        "readings",
        "A ratio measure above 100%, or below 0",
        "A percentage worked out from a numerator and a denominator is a part of a"
        " whole: tonnes recycled above tonnes collected is a mistake in the readings,"
        " as a reading of 130% is, and is refused rather than rated 120%, on target."
        " 100% exactly is fine. A negative ratio (a negative numerator of unit"
        " `number`) is refused too, and so is a negative rate. Correct the numerator's"
        " or the denominator's reading: the message gives both values and the"
        " denominator's line. A value rolled up over several periods (a quarter of"
        " months, a year-to-date window) is checked when it is evaluated, and the"
        " message lists the lines of the readings summed.",
    ),
    "readings/too-many-digits": Fix(
        "readings",
        "A reading with more digits than can be rated exactly",
        "Readings are rated as the decimals they are written as, but held as binary"
        " floating-point numbers, which keep about 16 significant digits:"
        " 84.49999999999999999 would be held as 84.5, rounded to 85 and rated inside"
        " a tolerance of 85% that the reading, rounded to 84, is outside. Such a"
        " reading is refused rather than rated as another number. Round it to 15"
        " significant digits, as a spreadsheet shows it. Any number of at most 15"
        " significant digits is kept, and so is the shortest form of a float that"
        " Python and pandas write (0.30000000000000004).",
    ),
    "readings/waste-yes-no-and-grades": Fix(
        "readings",
        "Yes/no and grade readings that are neither",
        (
            "A yes/no reading is yes or no (or y, n, true, false, 1, 0, in any"
            " case). Write `yes` if the licence was held, or leave the cell empty if"
            " it is not known.",
            "A grade reading is one of the measure's grades, in any case: here `Outstanding`.",
            "A grade reading is its label, not its place in the list: write `Good`.",
        ),
    ),
    "readings/waste-half-year-headings": Fix(
        "readings",
        "A half year that does not exist, in a heading",
        "A financial year has two halves, `H1` and `H2`. Correct the heading: `2024/25 H2`.",
    ),
    # Payment mechanism
    "bad/duplicate-payment": Fix(
        "payment",
        "Two payment blocks",
        "A contract has one payment mechanism. Put every charge, line, cap and warning"
        " in one `payment { … }` block, and delete the other.",
    ),
    "bad/payment-no-charge": Fix(
        "payment",
        "A payment block without a charge",
        "Deductions are taken from the charge, so the block needs one: the amount paid"
        " each payment period and how often, as in `charge £420k monthly`.",
    ),
    "bad/payment-charge-not-money": Fix(
        "payment",
        "A charge that is not an amount of money",
        "Write the charge in pounds (`charge £420k monthly`). A charge is never"
        " negative: a reduction is a deduction, written as a `credit` or `points` line.",
    ),
    "bad/payment-charge-sub-penny": Fix(
        "payment",
        "A charge with a fraction of a penny",
        "Every amount in a payment block is in pounds and whole pence. Round the charge"
        " to the penny as the contract's schedule does.",
    ),
    "bad/payment-charge-frequencies-differ": Fix(
        "payment",
        "Charges paid at different intervals",
        "The charge sets the payment period (a month for `monthly`), and every line,"
        " cap and warning is worked out per payment period, so every charge has the"
        " same one. Convert the later charge: £1.3m a quarter is about £433,333.33 a"
        " month.",
    ),
    "bad/payment-charges-duplicated": Fix(
        "payment",
        "Two undated charges",
        "A new charge (after indexation, say) starts from a date: write"
        " `charge £432.6k monthly from 2025/26`.",
    ),
    "bad/payment-dated-within-a-period": Fix(
        "payment",
        "A charge or point value that changes part way through a payment period",
        "Each payment period is worked out with the charge and the point value in force at"
        " its start, so a change in the middle of one would not count until the next. Date"
        " the change from the first month of a payment period (`from 2024/25 Q3` for a"
        " quarterly charge), or, if the contract prorates it, write the prorated amount as"
        " the charge of that period and the new one from the next.",
    ),
    "bad/payment-unknown-measure": Fix(
        "payment",
        "A line naming an unknown measure",
        "A `credit` or `points` line names a measure of this contract by its id. Check"
        " the spelling, or add the measure to a group.",
    ),
    "bad/payment-each-on-percent": Fix(
        "payment",
        "`each` on a measure that is not a count",
        "`each` multiplies the rate by the measure's reading, which only makes sense for"
        " a count (failures, defects not rectified). For a percentage, apply the line by"
        " status: `credit CS1 1% outside tolerance`.",
    ),
    "bad/payment-status-on-volumetric": Fix(
        "payment",
        "A line by status on a volumetric measure",
        "A volumetric measure has no target, so it is never inside or outside"
        " tolerance. Count its units with `each` (`points SD1 5 each`), or make it a"
        " contractual `measure` with a target and tolerance.",
    ),
    "bad/payment-each-and-status": Fix(
        "payment",
        "A line both per unit and by status",
        "A line either applies by the measure's status or counts each unit of its"
        " reading. Keep one; if the contract really does both, the measure needs a"
        " status of its own: make a separate contractual measure.",
    ),
    "bad/payment-duplicate-status": Fix(
        "payment",
        "A status given twice in a line",
        "Give each status once with its rate: `credit CS1 0.5% inside tolerance,"
        " 1% outside tolerance`.",
    ),
    "bad/payment-duplicate-line": Fix(
        "payment",
        "Two lines of one kind for one measure",
        "Put every rate for the measure in one line:"
        " `credit CS1 0.5% inside tolerance, 1% outside tolerance`.",
    ),
    "bad/payment-credit-not-percent": Fix(
        "payment",
        "A credit that is not a percentage from 0% to 100%",
        "A service credit is a percentage of the payment period's charge. A fixed sum"
        " per failure is written as points at a `point value`.",
    ),
    "bad/payment-points-not-number": Fix(
        "payment",
        "Points that are not a number",
        "Write the number of service failure points (`points SL2 10 outside tolerance`);"
        " what a point is worth is the `point value`.",
    ),
    "bad/payment-no-point-value": Fix(
        "payment",
        "Points without a point value",
        "Points are turned into money at the `point value`: add one, as in `point value £150`.",
    ),
    "bad/payment-point-value-not-money": Fix(
        "payment",
        "A point value that is not money",
        "Write what one point deducts, in pounds: `point value £150`.",
    ),
    "bad/payment-cap-forms": Fix(
        "payment",
        "A cap that is neither a percentage of the charge nor an amount",
        "Write a cap as a percentage of the charge (`cap 10% of charge`) or as an"
        " amount (`cap £40k`). A plain number could be either, so it is refused. You"
        " may give both; the lower one applies.",
    ),
    "bad/payment-cap-over-100": Fix(
        "payment",
        "A cap above 100% of the charge",
        "A deduction can never be more than the charge: a cap is from 0% to 100% of it.",
    ),
    "bad/payment-duplicate-cap": Fix(
        "payment",
        "Two percentage caps",
        "Give at most one `cap … of charge` and one `cap £…`. " + _ONCE,
    ),
    "bad/payment-warning-threshold": Fix(
        "payment",
        "A warning threshold that is not a number of points",
        "A warning is reached when the points over its window reach a number of points:"
        " `warning 250 points in 3 months`.",
    ),
    "bad/payment-warning-window": Fix(
        "payment",
        "A warning window that does not fit the payment periods",
        "A window counts whole payment periods: with a quarterly charge, write 3, 6, 9"
        " or 12 months (or 1 to 4 quarters).",
    ),
    "bad/payment-warning-without-points": Fix(
        "payment",
        "A warning with no points to count",
        "Warnings count service failure points, and no line gives any. Add the"
        " `points` lines the contract sets out, or remove the warning.",
    ),
    "bad/payment-duplicate-warning": Fix(
        "payment",
        "The same warning twice",
        "One quarter is three months, so these are one warning. " + _ONCE,
    ),
    "bad/syntax-payment-status-misspelt": Fix(
        "syntax",
        "A misspelt status in a payment line",
        "A line applies `inside tolerance` or `outside tolerance`, spelt as the"
        " language spells them.",
    ),
    "bad/syntax-payment-rate-without-status": Fix(
        "syntax",
        "A rate without its status",
        "Each rate in a `credit` or `points` line says when it applies: `inside"
        " tolerance`, `outside tolerance`, or `each` for a rate per unit of a count:"
        " `credit CS1 1% outside tolerance`.",
    ),
    "bad/syntax-payment-clause-outside-block": Fix(
        "syntax",
        "A payment clause outside the payment block",
        "`charge`, `credit`, `point value` and `warning` go inside `payment { … }`.",
    ),
}

# ---------------------------------------------------------------------------
# Reading the goldens


def goldens(golden: Path = GOLDEN) -> list[Golden]:
    """Every bad contract and every bad readings file, with its ``.expected``."""
    found = [
        Golden(
            f"{folder}/{path.stem}",
            path,
            path.with_suffix(".expected"),
            f"tests/golden/{folder}/{path.name}",
        )
        for folder, suffix in (("bad", ".contract"), ("readings", ".csv"))
        for path in sorted((golden / folder).glob(f"*{suffix}"))
    ]
    missing = [g.expected.name for g in found if not g.expected.is_file()]
    if missing:
        raise GoldenDocError(f"goldens without their .expected: {', '.join(missing)}")
    return found


def problems(expected: str) -> list[int | None]:
    """The line each problem in a golden points at (None for a problem with no line)."""
    return [int(m["line"]) if m["line"] else None for m in HEAD.finditer(expected)]


def excerpt(
    lines: Sequence[str], points: set[int], limit: int = MAX_LINES, context: int = CONTEXT
) -> tuple[list[str], str]:
    """The lines of an input to show, and a note saying which ones they are.

    An input of at most ``limit`` lines is shown whole, with no note. A longer
    one is cut down to its first line (which in a golden says what the file is
    for) and the lines its messages point at, with ``context`` lines either
    side; a line "…" marks each gap.
    """
    if len(lines) <= limit:
        return list(lines), ""
    keep = {1} | {n + d for n in points for d in range(-context, context + 1)}
    shown: list[str] = []
    ranges: list[list[int]] = []
    for number in sorted(n for n in keep if 1 <= n <= len(lines)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            if ranges:
                shown.append("…")
            ranges.append([number, number])
        shown.append(lines[number - 1])
    if ranges[-1][1] < len(lines):
        shown.append("…")
    spans = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)
    return shown, f"lines {spans} of {len(lines)}; the others are left out"


def _input_block(golden: Golden, points: set[int]) -> str:
    """The golden's input as a reader should see it, with a note on anything unseen."""
    data = golden.input.read_bytes()
    if not data:
        return _wrap(f"`{golden.shown}` is empty: it holds not a single byte.")
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        notes.append("it starts with a byte order mark, which is not shown")
    if b"\r\n" in data:
        data = data.replace(b"\r\n", b"\n")
        notes.append("its lines end in CRLF, as on Windows")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        notes.append("`�` stands for a byte that is not UTF-8")
    lines, note = excerpt(text.splitlines(), points)
    if note:
        notes.insert(0, note)
    said = f"`{golden.shown}` ({'; '.join(notes)}):" if notes else f"`{golden.shown}`:"
    language = "contract" if golden.input.suffix == ".contract" else "text"
    return f"{_wrap(said)}\n{_fence(lines, language)}"


def _fence(lines: Sequence[str], language: str = "text") -> str:
    """A code block holding ``lines`` verbatim, fenced as ``language`` (```contract for a
    contract, highlighted as one; ```text for a message or a readings file)."""
    body = "\n".join(lines)
    if "```" in body:
        raise GoldenDocError(f"a golden holds a code fence, which would break the page:\n{body}")
    return f"```{language}\n{body}\n```\n"


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    """A paragraph of prose, wrapped as the hand-written pages are.

    A line never breaks inside a `code span`, and never starts with something
    Markdown would take for a list item, a heading or a quotation.
    """
    glued = re.sub(r"`[^`]*`", lambda m: m[0].replace(" ", "\0"), text)
    lines = textwrap.wrap(
        glued,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    for line in lines[1:]:
        if BLOCK_START.match(line):
            raise GoldenDocError(f"reword this, or a line of it starts a Markdown block: {text}")
    return "\n".join(lines).replace("\0", " ") + "\n"


# ---------------------------------------------------------------------------
# The page

INTRO = """\
<!-- Generated by tests/golden/errors_doc.py from the golden files; do not edit. -->

# Error messages

This page lists the error messages perfcontract gives for a `.contract` file
or a readings file: for each, an example that causes it, the message exactly as
perfcontract prints it, and how to fix it.

The page is generated from the golden files of perfcontract's test suite. Each
example is a file in `tests/golden/bad/` or `tests/golden/readings/`, and each
message is the one the tests check, character for character, that perfcontract
gives for it, run from the root of the repository (as in
`perfcontract check tests/golden/bad/NAME.contract`). A test fails if this page
falls behind the goldens, so the messages here are the ones you will see, and a
new golden cannot be left off: the page is not made until its advice is written.

## How an error looks

`perfcontract check FILE` checks a contract. If it finds problems, it prints
them and exits with status 1. For example:

{example}
* The first line of each problem is `FILE:LINE:COL: error: message`: the file,
  the line number, the column (counting characters from 1, a tab as one), and
  what is wrong.
* Next come the line itself, after its number, and a caret `^~~~` under the
  part that is wrong. A line longer than 300 characters is cut to the part
  around the caret, `…` marking each cut.
* A control character (an escape sequence, a bell, a carriage return, NUL)
  in the file or the message is shown as its code point, such as `<U+001B>`,
  never sent to the terminal as it is; the caret still lines up.
* Where perfcontract can tell how to fix it, a `help:` line says so. For an
  unknown measure id it suggests the closest id ("did you mean A1?") for the
  first 50 different unknown ids in a file, as many problems as a command
  shows; past them it says where to find the ids, so that a file of
  thousands of wrong ids is checked as quickly as one of right ones.
* Problems are separated by a blank line, and a last line counts them.

There are two kinds of error. A **syntax error** means the file cannot be read
as the language: a misspelt keyword, a missing `}`, a period written wrongly.
perfcontract stops at the first one. Once the file can be read, perfcontract
**checks** what it says, and reports every problem it finds at once.

From Python, `pc.load` and `pc.loads` raise `pc.ContractSyntaxError` or
`pc.ContractValidationError`, both kinds of `pc.ContractError`. `str(error)` is
the text above without its last line, and `error.diagnostics` holds each
problem, with its `.line`, `.column`, `.message` and `.hint`.

Where an example has several problems, "How to fix it" takes them one by one,
in the order they are reported.
"""

# The golden shown in the introduction.
INTRO_EXAMPLE = "bad/tolerance-better-lower"


def _slug(heading: str) -> str:
    """The anchor that Markdown renderers give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _validate(fixes: Mapping[str, Fix], found: Mapping[str, Golden]) -> None:
    """Fail loudly unless every golden has exactly one entry in ``fixes``, and each is sound."""
    missing = sorted(found.keys() - fixes.keys())
    if missing:
        raise GoldenDocError(
            "no title and advice in FIXES (tests/golden/errors_doc.py) for: " + ", ".join(missing)
        )
    stale = sorted(fixes.keys() - found.keys())
    if stale:
        raise GoldenDocError("FIXES has advice for goldens that do not exist: " + ", ".join(stale))
    known = {s.key for s in SECTIONS}
    unknown = sorted(f"{k} ({f.section})" for k, f in fixes.items() if f.section not in known)
    if unknown:
        raise GoldenDocError("FIXES names sections that do not exist: " + ", ".join(unknown))
    titles = [f.title for f in fixes.values()]
    repeated = sorted({t for t in titles if titles.count(t) > 1})
    if repeated:
        raise GoldenDocError("titles used twice in FIXES: " + ", ".join(repeated))


def render(fixes: Mapping[str, Fix] = FIXES, golden: Path = GOLDEN) -> str:
    """The text of the page, from the goldens under ``golden`` and the advice in ``fixes``."""
    found = {g.key: g for g in goldens(golden)}
    _validate(fixes, found)
    example = found[INTRO_EXAMPLE].expected.read_text(encoding="utf-8").splitlines()
    parts = [INTRO.replace("{example}", _fence(example)), "\n## Contents\n\n"]
    for section in SECTIONS:
        count = sum(f.section == section.key for f in fixes.values())
        parts.append(f"* [{section.heading}](#{_slug(section.heading)}): {count}\n")
    for section in SECTIONS:
        parts.append(f"\n## {section.heading}\n\n{_wrap(section.intro)}")
        for key, fix in fixes.items():
            if fix.section == section.key:
                parts.append("\n" + _entry(found[key], fix))
    page = "".join(parts)
    if ">>>" in page:
        raise GoldenDocError("the page would hold a doctest prompt (>>>), which pytest would run")
    return page


def _entry(golden: Golden, fix: Fix) -> str:
    """One golden's section: title, input, message and advice."""
    expected = golden.expected.read_text(encoding="utf-8")
    lines = problems(expected)
    if not lines:
        raise GoldenDocError(f"{golden.shown}: its .expected holds no `error:` line")
    if golden.key.startswith("bad/"):
        said = "`perfcontract check` prints:"
    else:
        said = "perfcontract reports:"
    text = [
        f"### {fix.title}\n\n",
        _input_block(golden, {n for n in lines if n is not None}),
        f"\n{said}\n\n",
        _fence(expected.splitlines()),
        "\n",
    ]
    if isinstance(fix.fix, str):
        text.append(_wrap(f"**How to fix it:** {fix.fix}"))
        return "".join(text)
    if len(fix.fix) != len(lines):
        raise GoldenDocError(
            f"{golden.key}: FIXES gives {len(fix.fix)} pieces of advice,"
            f" but its golden reports {len(lines)} problems"
        )
    text.append("**How to fix it:**\n\n")
    for number, (line, advice) in enumerate(zip(lines, fix.fix, strict=True), start=1):
        where = "The file" if line is None else f"Line {line}"
        lead = f"{number}. "
        text.append(_wrap(f"{where}: {advice}", lead, " " * len(lead)))
    return "".join(text)


def main(argv: Sequence[str] | None = None, page: Path = PAGE) -> int:
    """Write the page; with ``--check``, exit 1 if it is out of date. Exit 2 on a bad FIXES."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the page is out of date; write nothing"
    )
    args = parser.parse_args(argv)
    try:
        text = render()
    except GoldenDocError as error:
        print(f"errors_doc.py: error: {error}", file=sys.stderr)
        return 2
    where = page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else str(page)
    if args.check:
        if page.is_file() and page.read_text(encoding="utf-8") == text:
            return 0
        print(f"{where} is out of date: run `python tests/golden/errors_doc.py`", file=sys.stderr)
        return 1
    page.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
