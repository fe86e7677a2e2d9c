"""How loading and formatting scale with the size of a contract.

    python benchmarks/scale.py [--sizes 100,1000,10000,100000] [--fmt-sizes 100,300,1000,3000]

Three sets of figures:

* ``perfcontract.loads`` on generated contracts of 10^2 to 10^5 measures (the
  generator of ``benchmarks/parse.py``: realistic clauses, a comment on every
  target line): seconds (best of a few runs for the small sizes, one run for
  the largest), measures per second, microseconds per measure, and the peak
  memory ``tracemalloc`` sees during one more load, per measure. LALR parsing
  is linear, so the time per measure at 10^5 over that at 10^3 should be
  about 1, and so should the memory per measure;
* ``perfcontract.formatter.format_contract`` on the same kind of contract, at
  sizes small enough to finish (``--fmt-sizes``), with the same ratio;
* 10^5-line files that are wrong in ways that could make a parser slow (deep
  nesting, a brace a line, long lines with the mistake at the very end, one
  line of a million characters): each should raise ``ContractError`` at once,
  or after one linear pass for the mistake at the end.

It prints figures only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable, Sequence

import perfcontract
from _machine import print_machine
from parse import generate, table
from perfcontract.formatter import format_contract


def _sizes(text: str) -> list[int]:
    return [int(size) for size in text.split(",") if size]


def timed(action: Callable[[], object], repeat: int) -> float:
    """Best seconds of ``repeat`` calls of ``action`` (no warm-up: the parser is built first)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(action: Callable[[], object]) -> int:
    """Peak bytes ``tracemalloc`` sees allocated during one call of ``action``."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _repeats(measures: int) -> int:
    return max(1, min(5, 10_000 // measures))


def bench_loads(sizes: Sequence[int]) -> None:
    print("perfcontract.loads: generated contracts (benchmarks/parse.py's generator)")
    print("(best of up to 5 runs; memory: tracemalloc's peak during one more load)")
    print()
    rows = []
    per_measure: dict[int, float] = {}
    memory: dict[int, float] = {}
    for measures in sizes:
        text = generate(measures)
        contract = perfcontract.loads(text)
        assert measures == len(contract.measures), "the generated contract lost measures"
        del contract
        seconds = timed(lambda text=text: perfcontract.loads(text), _repeats(measures))
        peak = peak_memory(lambda text=text: perfcontract.loads(text))
        per_measure[measures] = seconds / measures
        memory[measures] = peak / measures
        rows.append(
            [
                f"{measures:,}",
                f"{text.count(chr(10)):,}",
                f"{len(text) / 1e6:.1f}",
                f"{seconds:.3f}",
                f"{measures / seconds:,.0f}",
                f"{1e6 * seconds / measures:.0f}",
                f"{peak / 1e6:,.1f}",
                f"{peak / measures / 1e3:.1f}",
            ]
        )
        print(f"  {measures:,} measures done", flush=True)
    print()
    table(
        [
            "measures",
            "lines",
            "MB text",
            "seconds",
            "measures/s",
            "µs/measure",
            "peak MB",
            "KB/measure",
        ],
        rows,
    )
    _ratio("loads", per_measure, memory)


def bench_fmt(sizes: Sequence[int]) -> None:
    print("perfcontract.formatter.format_contract: the same generated contracts")
    print("(best of up to 5 runs; the generator puts an end-of-line comment on every target)")
    print()
    rows = []
    per_measure: dict[int, float] = {}
    for measures in sizes:
        text = generate(measures)
        load = timed(lambda text=text: perfcontract.loads(text), _repeats(measures))
        seconds = timed(lambda text=text: format_contract(text), _repeats(measures))
        per_measure[measures] = seconds / measures
        rows.append(
            [
                f"{measures:,}",
                f"{seconds:.3f}",
                f"{1e6 * seconds / measures:,.0f}",
                f"{seconds / load:.1f}x",
            ]
        )
        print(f"  {measures:,} measures done", flush=True)
    print()
    table(["measures", "seconds", "µs/measure", "vs loads"], rows)
    _ratio("format_contract", per_measure, None)


def _ratio(what: str, per_measure: dict[int, float], memory: dict[int, float] | None) -> None:
    sizes = sorted(per_measure)
    if len(sizes) < 2:
        return
    small = 1_000 if 1_000 in per_measure else sizes[0]
    large = sizes[-1]
    ratio = per_measure[large] / per_measure[small]
    growth = large / small
    print(
        f"{what}: time per measure at {large:,} measures / at {small:,} = {ratio:.2f}"
        f" (linear: about 1; quadratic: about {growth:,.0f})"
    )
    if memory is not None:
        print(
            f"{what}: memory per measure at {large:,} measures / at {small:,} ="
            f" {memory[large] / memory[small]:.2f} (bounded: about 1)"
        )
    print()


# ---------------------------------------------------------------------------
# Pathological files


LINES = 100_000


def pathological() -> dict[str, str]:
    """Files of about 10^5 lines that are wrong in ways that could make a parser slow."""
    long_line = "# " + "x" * 98 + "\n"
    return {
        "groups nested 10^5 deep": 'contract "x" {\n' + 'group "g" {\n' * LINES,
        "measures nested 10^5 deep": (
            'contract "x" {\ngroup "g" {\n' + 'measure M1 "t" {\n' * LINES
        ),
        "a brace a line, 10^5 lines": "{\n" * LINES,
        "10^5 closing braces": 'contract "x" {\n' + "}\n" * LINES,
        "10^5 lines of 100 characters, mistake on the last": (
            'contract "x" {\n' + long_line * LINES + "bad\n}\n"
        ),
        "10^5 lines of good measures, mistake on the last": (
            generate(LINES // 8).removesuffix("}\n") + "bad }\n"
        ),
        "one line of 10^6 characters, string unclosed": 'contract "' + "x" * 1_000_000,
        "one line of 10^6 characters, then a mistake": (
            'contract "x" { council "' + "x" * 1_000_000 + '" bad }'
        ),
    }


def bench_pathological() -> None:
    print("Pathological files: each should raise ContractError quickly (one linear pass at most)")
    print()
    rows = []
    for name, text in pathological().items():
        outcome = ""

        def load(text: str = text) -> None:
            nonlocal outcome
            try:
                perfcontract.loads(text)
                outcome = "loads"
            except perfcontract.ContractError as error:
                first = error.first
                outcome = f"ContractError at {first.line}:{first.column} ({len(error.diagnostics)})"

        seconds = timed(load, 1)
        peak = peak_memory(load)
        rows.append(
            [
                name,
                f"{text.count(chr(10)) + 1:,}",
                f"{len(text) / 1e6:.1f}",
                f"{seconds:.3f}",
                f"{peak / 1e6:.1f}",
                outcome,
            ]
        )
    table(["file", "lines", "MB", "seconds", "peak MB", "outcome (diagnostics)"], rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[100, 1_000, 10_000, 100_000])
    parser.add_argument(
        "--fmt-sizes",
        type=_sizes,
        default=[100, 300, 1_000, 3_000],
        help="sizes for format_contract (0 to skip)",
    )
    args = parser.parse_args(argv)

    print_machine("perfcontract: scale of loading and formatting")
    perfcontract.loads(generate(10))  # build the parser before any timing
    bench_loads(args.sizes)
    if args.fmt_sizes and args.fmt_sizes != [0]:
        bench_fmt(args.fmt_sizes)
    bench_pathological()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
