"""Highlighting a large contract with the Pygments lexer, against loading it.

    python benchmarks/highlight.py [--measures 2000] [--repeat 7]

Builds a contract of ``--measures`` measures from the clauses of the
examples (percent and money measures with dated targets, benchmarks and
comments, a risk share and a payment block) and times, taking turns
repetition by repetition:

* ``list(ContractLexer().get_tokens(text))``: the tokens Pygments highlights
  with, the figure reported;
* the baseline: ``perfcontract.loads(text)``, reading the same text as a
  contract (parse, check, compile), and the ratio of the lexer's time to it;
* ``highlight(text, ContractLexer(), HtmlFormatter())``: lexing and writing
  HTML, as a docs site does.

Before timing it checks that the lexer finds no error token. It prints figures
only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.token import Error

import perfcontract as pc
from _machine import parse_every_time, print_machine
from perfcontract.pygments_lexer import ContractLexer


def contract_text(measures: int) -> str:
    """A contract of ``measures`` measures in groups of 20, with a risk share and payment."""
    lines = [
        "# A contract made up for timing the lexer.",
        'contract "Benchmark highlighting" {',
        '    council "Riverside Council"',
        '    provider "Civic Estates Services Ltd"',
        "    year starts April",
        "    reporting quarterly",
    ]
    for n in range(measures):
        if n % 20 == 0:
            if n:
                lines.append("    }")
            lines.append(f'    group "Group {n // 20 + 1}" {{')
        if n % 4 == 3:
            lines += [
                f'        measure M{n:05d} "Spend on repairs, {n}" {{',
                "            unit money",
                "            lower is better",
                "            target £1.2m",
                "            tolerance £1,350,000  # the budget plus 12.5%",
                "        }",
            ]
        else:
            lines += [
                f'        measure M{n:05d} "Calls answered within 30 seconds, {n}" {{',
                "            unit percent",
                "            higher is better",
                "            target 90%",
                "            target 92% from 2018/19 Q3",
                "            tolerance within 5 points of target",
                "            benchmark national 21.9%, regional 21.4% for 2017",
                '            source "Helpdesk system, monthly extract"',
                "        }",
            ]
    lines += [
        "    }",
        "    risk share {",
        "        band up to £1m: council 50%, provider 50%",
        "        band above £1m: council 25%, provider 75%",
        "        council cap £2m",
        "        gain share band from £0 to £950k: council 50%, provider 50% from 2018/19",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    print_machine("Highlighting a contract with the Pygments lexer")
    parse_every_time()
    text = contract_text(args.measures)
    lexer = ContractLexer()
    tokens = list(lexer.get_tokens(text))
    errors = [value for token, value in tokens if token in Error]
    if errors:
        raise SystemExit(f"the lexer found error tokens: {errors[:5]}")
    pc.loads(text)  # warm the parser cache, as a second run would find it

    actions = {
        "lex (Pygments tokens)": lambda: list(lexer.get_tokens(text)),
        "baseline: perfcontract.loads": lambda: pc.loads(text),
        "lex and write HTML": lambda: highlight(text, lexer, HtmlFormatter()),
    }
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(args.repeat):
        for name, action in actions.items():
            times[name].append(timed(action))

    lines = text.count("\n")
    print(f"{args.measures:,} measures, {lines:,} lines, {len(text):,} characters,")
    print(f"{len(tokens):,} tokens, none an error; best and median of {args.repeat}\n")
    print(f"{'':30} {'best':>9} {'median':>9} {'lines/s':>11}")
    for name, values in times.items():
        best = min(values)
        print(
            f"{name:30} {best * 1000:7.1f}ms {statistics.median(values) * 1000:7.1f}ms"
            f" {lines / best:11,.0f}"
        )
    ratio = min(times["lex (Pygments tokens)"]) / min(times["baseline: perfcontract.loads"])
    print(f"\nlexing takes {ratio:.2f}x the time of loading the same contract")


if __name__ == "__main__":
    main()
