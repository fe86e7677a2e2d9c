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
from _machine import print_machine
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="sizes n, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best taken")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]

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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
