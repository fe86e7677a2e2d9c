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
  or after one linear pass for the mistake at the end;
* the checks that were once quadratic, at 10^4 and 10^5 (``--checks-sizes``):
  a measure with that many dated targets and tolerances (loaded, and looked up
  with ``target_at``), that many duplicate measures on one line, and that many
  problems in one file (reported in full, and with ``format(limit=20)``).
  Each gives its time per item and the bytes of its report, and the ratio of
  the time per item at the larger size to the smaller: about 1 when linear,
  about 10 when quadratic.

It prints figures only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable, Sequence

import perfcontract
from _machine import parse_every_time, print_machine
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


# ---------------------------------------------------------------------------
# Checks that were once quadratic


def _months(count: int) -> list[str]:
    """``count`` consecutive months from 1000-04, as periods a contract writes."""
    out = []
    year, month = 1000, 4
    for _ in range(count):
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def dated_terms(count: int) -> str:
    """One measure with ``count`` dated targets and as many dated tolerances (valid)."""
    lines = ["unit percent higher is better target 50% tolerance 40%"]
    for i, month in enumerate(_months(count)):
        lines.append(f"target {60 + i % 40}% from {month}")
        lines.append(f"tolerance {40 + i % 10}% from {month}")
    return 'contract "c" { group "g" { measure A1 "t" {\n' + "\n".join(lines) + "\n} } }\n"


def duplicates_on_one_line(count: int) -> str:
    """``count`` measures with the same id, all on one line: ``count`` - 1 problems."""
    line = " ".join('measure A1 "t" { unit count no target }' for _ in range(count))
    return f'contract "c" {{ group "g" {{ {line} }} }}\n'


def problems(count: int) -> str:
    """``count`` measures, each with a target above 100%: ``count`` problems."""
    lines = [
        f'    measure M{i} "t" {{ unit percent higher is better target {101 + i % 50}% }}'
        for i in range(count)
    ]
    return 'contract "c" { group "g" {\n' + "\n".join(lines) + "\n} }\n"


def _load(text: str) -> tuple[perfcontract.Contract | None, perfcontract.ContractError | None]:
    try:
        return perfcontract.loads(text), None
    except perfcontract.ContractError as error:
        return None, error


def bench_checks(sizes: Sequence[int]) -> None:
    print("Checks that were once quadratic: time per item at each size, and the report's size")
    print("(one run each; 'ratio' is the time per item at a size over that at the first size)")
    print()
    rows = []
    for name, make in (
        ("dated targets + tolerances, loads", dated_terms),
        ("duplicate measures on one line, loads", duplicates_on_one_line),
        ("problems in one file, loads", problems),
    ):
        first: float | None = None
        for count in sizes:
            text = make(count)
            gc.collect()
            start = time.perf_counter()
            contract, error = _load(text)
            seconds = time.perf_counter() - start
            full = len(error.format()) if error else 0
            bounded = len(error.format(limit=20)) if error else 0
            per_item = seconds / count
            first = first or per_item
            rows.append(
                [
                    name,
                    f"{count:,}",
                    f"{seconds:.3f}",
                    f"{1e6 * per_item:.1f}",
                    f"{per_item / first:.2f}",
                    f"{len(error.diagnostics):,}" if error else "0",
                    f"{full / 1e6:.2f}" if error else "-",
                    f"{bounded:,}" if error else "-",
                ]
            )
            if contract is not None and name.startswith("dated"):
                measure = contract["A1"]
                months = _months(count)
                asked = months[:: max(1, count // 1_000)]
                gc.collect()
                start = time.perf_counter()
                for month in asked:
                    measure.target_at(month)
                lookup = (time.perf_counter() - start) / len(asked)
                rows.append(
                    [
                        "  target_at, one look-up",
                        f"{count:,}",
                        f"{lookup:.6f}",
                        f"{1e6 * lookup:.1f}",
                        "-",
                        "-",
                        "-",
                        "-",
                    ]
                )
            del contract, error, text
    table(
        [
            "check",
            "items",
            "seconds",
            "µs/item",
            "ratio",
            "problems",
            "MB report",
            "bytes, first 20",
        ],
        rows,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=[100, 1_000, 10_000, 100_000])
    parser.add_argument(
        "--fmt-sizes",
        type=_sizes,
        default=[100, 300, 1_000, 3_000],
        help="sizes for format_contract (0 to skip)",
    )
    parser.add_argument(
        "--checks-sizes",
        type=_sizes,
        default=[10_000, 100_000],
        help="sizes for the once-quadratic checks (0 to skip)",
    )
    args = parser.parse_args(argv)

    print_machine("perfcontract: scale of loading and formatting")
    parse_every_time()
    perfcontract.loads(generate(10))  # build the parser before any timing
    bench_loads(args.sizes)
    if args.fmt_sizes and args.fmt_sizes != [0]:
        bench_fmt(args.fmt_sizes)
    bench_pathological()
    if args.checks_sizes and args.checks_sizes != [0]:
        bench_checks(args.checks_sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
