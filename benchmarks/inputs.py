"""How reading bad readings and commentary scales: linear in the input, bounded in the output.

    python benchmarks/inputs.py [--sizes 1000,10000,100000] [--repeat 3]

For each size n, inputs that once took time (or printed text) growing
with the square of n, or failed:

* a wide readings header of n headings that are not periods;
* a wide readings row of n cells that are not numbers, under n good month
  headings (read and checked against the example contract);
* a long readings file of n rows whose period is a quarter of 5,000 digits;
* a reading of n pairs of brackets around a number (it recursed once a
  pair: a RecursionError past about 1,000);
* a Markdown commentary file of n entries, each a ``**Council:**`` line
  followed at once by a ``**Trust:**`` line;
* a Markdown commentary heading of n `` #`` before the period's quarter;
* a Markdown commentary entry of n lines, one paragraph;
* commentary shown as HTML and Markdown: a list of n items, and a word in
  emphasis n deep (``*`` n times on each side; it recursed once a level).

Each is timed (best of ``--repeat``) from the text to the ReadingsError
(or the commentary's entries, or the HTML and Markdown), its message included;
the baseline is
``csv.reader`` reading the same text in the same process, the floor any
reader has to pay (``str.splitlines`` for a text with a line over csv's
field limit). The table gives the seconds, the ratio to the baseline,
microseconds per cell, and the characters of message per problem (bounded
when no message quotes a long line). The last lines give the time per cell
at the largest size over that at the smallest: about 1 when linear, the size
ratio when quadratic.

A second table (``--names-sizes``, 1,000 and 10,000 by default) times
inputs that were once quadratic for their "did you mean" or their checks:

* readings of n unknown ids (``M17x``, each close to a measure) against a
  contract of n measures;
* a Markdown commentary file of n headings of unknown measures
  (``## Z17 2017/18 Q4``), checked against a contract of n measures;
* a contract of n ratio measures whose numerators and denominators are
  unknown (``numerator Q17``, ``denominator R17``);
* a contract of n measures and a payment block of n ``credit`` lines for
  unknown measures;
* a commentary CSV whose header has n columns besides the four;
* a contract of a chain of n ratio measures, each the numerator of the one
  before and every one's denominator the first: n cycles, the longest of n.

Each is timed from the text to its error (the contract already loaded;
every contract parsed, none read back from the cache of compiled
contracts), against a baseline in the same process: the same
input with its names right (known ids, components, credits; the chain
divided by its last ratio, which closes no loop), or ``csv.reader`` for the
CSV header. It gives the ratio, the
characters of message per problem, and the time per item at the larger size
over that at the smaller: about 1 when linear, the size ratio when quadratic.

It prints figures only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import csv
import functools
import gc
import io
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import perfcontract as pc
from _machine import parse_every_time, print_machine
from parse import table

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = pc.load(ROOT / "examples" / "dcst-2017-18.contract")


def best(action: Callable[[], object], repeat: int) -> float:
    """Best seconds of ``repeat`` calls of ``action``."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _csv_rows(text: str) -> int:
    try:
        return sum(1 for _ in csv.reader(io.StringIO(text)))
    except csv.Error:  # a line over csv's field limit: its lines, then
        return len(text.splitlines())


def wide_header(n: int) -> str:
    return "measure," + ",".join(f"{i}x" for i in range(n)) + "\n"


def wide_row(n: int) -> str:
    months = [f"{1 + i // 12:04d}-{i % 12 + 1:02d}" for i in range(n)]
    return f"measure,{','.join(months)}\nA1,{','.join(['abc'] * n)}\n"


def huge_periods(n: int) -> str:
    return "measure,period,value\n" + f"A1,2017/18 Q{'9' * 5000},26\n" * n


def commentary(n: int) -> str:
    entry = "## A1 2017/18 Q4\n\n**Council:** Why?\n**Trust:** Because.\n\n"
    return "# Notes\n\n" + entry * n


def nested_brackets(n: int) -> str:
    return "(" * n + "5" + ")" * n


def heading_hashes(n: int) -> str:
    return "## A1 2017/18" + " #" * n + " Q4\n\n**Council:** Why?\n"


def long_paragraph(n: int) -> str:
    return "## A1 2017/18 Q4\n\n**Council:** Why\n" + "so\n" * n


def long_list(n: int) -> str:
    return "\n".join(f"- item {i}" for i in range(n))


def deep_emphasis(n: int) -> str:
    return "*" * n + "x" + "*" * n


def shown(text: str) -> int:
    """Commentary text shown as HTML and as Markdown; the characters of both."""
    from perfcontract._markup import to_html, to_markdown

    return len(to_html(text)) + sum(map(len, to_markdown(text)))


def cell_error(text: str) -> int:
    """A reading of ``text`` for A1 in Quarter 4, checked; the characters of the error's
    message (as a cell it would be over csv's field limit from n = 65,536)."""
    try:
        pc.Readings.from_mapping({"A1": text}, "2017/18 Q4").resolve(CONTRACT)
    except pc.ReadingsError as error:
        return len(str(error))
    raise AssertionError("this reading was meant to be refused")


def readings_error(text: str) -> int:
    """Read and check readings; the characters of the error's message."""
    try:
        pc.Readings.from_csv_text(text, "r.csv").resolve(CONTRACT)
    except pc.ReadingsError as error:
        return len(str(error)) // len(error.diagnostics)
    raise AssertionError("these readings were meant to be refused")


def commentary_entries(text: str) -> int:
    return len(pc.Commentary.from_markdown_text(text, "c.md"))


CASES: list[tuple[str, Callable[[int], str], Callable[[str], int]]] = [
    ("wide header, bad headings", wide_header, readings_error),
    ("wide row, bad cells", wide_row, readings_error),
    ("rows with 5,000-digit quarters", huge_periods, readings_error),
    ("a reading of nested brackets", nested_brackets, cell_error),
    ("commentary entries, no blank lines", commentary, commentary_entries),
    ("commentary heading of ` #`", heading_hashes, commentary_entries),
    ("commentary paragraph of lines", long_paragraph, commentary_entries),
    ("commentary shown: a list", long_list, shown),
    ("commentary shown: nested emphasis", deep_emphasis, shown),
]


# ---------------------------------------------------------------------------
# Unknown names and ratio cycles: a check and its baseline, the same input with names right


def contract_text(n: int, measure: Callable[[int], str] = lambda i: "", extra: str = "") -> str:
    """A contract of ``n`` percentage measures, M0 to M(n-1), each with ``measure(i)`` added."""
    body = "".join(
        f'measure M{i} "T" {{\nunit percent\nlower is better\n{measure(i)}target 22%\n'
        "tolerance 28%\n}\n"
        for i in range(n)
    )
    counts = 'volumetric C "c" {\nunit count\n}\nvolumetric D "d" {\nunit count\n}\n'
    return (
        'contract "C" {\nyear starts April\nreporting quarterly\n'
        f'group "G" {{\n{body}{counts}}}\n{extra}}}\n'
    )


def refused(action: Callable[[], object]) -> int:
    """Run a check meant to fail; the characters of its message per problem."""
    try:
        action()
    except pc.ContractError as error:
        return len(str(error)) // len(error.diagnostics)
    raise AssertionError("this input was meant to be refused")


def unknown_readings(n: int) -> tuple[Callable[[], object], Callable[[], object], int]:
    contract = pc.loads(contract_text(n))
    bad = "measure,period,value\n" + "".join(f"M{i}x,2017/18 Q4,1\n" for i in range(n))
    good = bad.replace("x,", ",")
    return (
        lambda: pc.Readings.from_csv_text(bad, "r.csv").resolve(contract),
        lambda: pc.Readings.from_csv_text(good, "r.csv").resolve(contract),
        n,
    )


def unknown_headings(n: int) -> tuple[Callable[[], object], Callable[[], object], int]:
    contract = pc.loads(contract_text(n))
    bad = "".join(f"## Z{i} 2017/18 Q4\n\n**Council:** x\n\n" for i in range(n))
    good = bad.replace("## Z", "## M")
    return (
        lambda: pc.Commentary.from_markdown_text(bad, "c.md").resolve(contract),
        lambda: pc.Commentary.from_markdown_text(good, "c.md").resolve(contract),
        n,
    )


def unknown_components(n: int) -> tuple[Callable[[], object], Callable[[], object], int]:
    bad = contract_text(n, lambda i: f"numerator Q{i}\ndenominator R{i}\n")
    good = contract_text(n, lambda i: "numerator C\ndenominator D\n")
    return lambda: pc.loads(bad), lambda: pc.loads(good), n


def unknown_credits(n: int) -> tuple[Callable[[], object], Callable[[], object], int]:
    def text(name: str) -> str:
        credits = "".join(
            f"credit {name}{i} 0.5% inside tolerance, 1% outside tolerance\n" for i in range(n)
        )
        return contract_text(n, extra=f"payment {{\ncharge £420k quarterly\n{credits}}}\n")

    bad, good = text("Q"), text("M")
    return lambda: pc.loads(bad), lambda: pc.loads(good), n


def wide_commentary_header(n: int) -> tuple[Callable[[], object], Callable[[], object], int]:
    text = "measure,period,author,text," + ",".join(f"c{i}" for i in range(n)) + "\n"
    return lambda: pc.Commentary.from_csv_text(text, "c.csv"), lambda: _csv_rows(text), n


def ratio_cycles(n: int) -> tuple[Callable[[], object], Callable[[], object], int]:
    def text(last: int) -> str:
        return contract_text(
            n, lambda i: f"numerator M{i + 1}\ndenominator M{last}\n" if i + 1 < n else ""
        )

    # Closed on M0, each ratio's loop runs back through all before it; ended on M(n-1),
    # the chain has no loop (each ratio's parts still are percentages: refused, but linearly).
    bad, good = text(0), text(n - 1)
    return lambda: pc.loads(bad), lambda: refused(lambda: pc.loads(good)), n


NAMED: list[tuple[str, Callable[[int], tuple[Callable[[], object], Callable[[], object], int]]]] = [
    ("readings: unknown ids, as many measures", unknown_readings),
    ("commentary: headings of unknown measures", unknown_headings),
    ("contract: unknown numerators, denominators", unknown_components),
    ("contract: credit lines, unknown measures", unknown_credits),
    ("commentary CSV: header of extra columns", wide_commentary_header),
    ("contract: chain of ratios closed on the first", ratio_cycles),
]


def names_table(sizes: Sequence[int], repeat: int) -> None:
    parse_every_time()  # a good contract's second load would be read back compiled
    rows = []
    per_item: dict[str, list[float]] = {}
    for name, make in NAMED:
        for n in sizes:
            bad, good, items = make(n)
            said = refused(bad)
            seconds = best(functools.partial(refused, bad), repeat)
            baseline = best(good, repeat)
            per_item.setdefault(name, []).append(seconds / items)
            rows.append(
                [
                    name,
                    f"{n:,}",
                    f"{seconds:.3f}",
                    f"{baseline:.3f}",
                    f"{seconds / baseline:,.1f}",
                    f"{said:,}",
                ]
            )
    table(["input", "n", "seconds", "baseline", "x baseline", "chars per problem"], rows)
    print()
    for name, times in per_item.items():
        ratio = times[-1] / times[0]
        print(
            f"{name}: time per item at {sizes[-1]:,} / at {sizes[0]:,} = {ratio:.2f}"
            f" (1 is linear; {sizes[-1] // sizes[0]:,} is quadratic)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="sizes n, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best taken")
    parser.add_argument(
        "--names-sizes", default="1000,10000", help="sizes n of the second table, comma-separated"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    names_sizes = [int(size) for size in args.names_sizes.split(",") if size]

    print_machine("perfcontract: bad readings and commentary at scale")
    rows = []
    per_cell: dict[str, list[float]] = {}
    for name, make, read in CASES:
        for n in sizes:
            text = make(n)
            baseline = best(functools.partial(_csv_rows, text), args.repeat)
            result = read(text)
            seconds = best(functools.partial(read, text), args.repeat)
            per_cell.setdefault(name, []).append(seconds / n)
            said = f"{result:,}" if read in (readings_error, cell_error) else ""
            rows.append(
                [
                    name,
                    f"{n:,}",
                    f"{seconds:.3f}",
                    f"{seconds / baseline:,.0f}",
                    f"{1e6 * seconds / n:.1f}",
                    said,
                ]
            )
    table(["input", "n", "seconds", "x csv.reader", "us per cell", "chars per problem"], rows)
    print()
    for name, times in per_cell.items():
        ratio = times[-1] / times[0]
        print(
            f"{name}: time per cell at {sizes[-1]:,} / at {sizes[0]:,} = {ratio:.2f}"
            f" (1 is linear; {sizes[-1] // sizes[0]:,} is quadratic)"
        )
    if names_sizes:
        print()
        names_table(names_sizes, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
