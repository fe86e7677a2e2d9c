"""The fuzz and formatter properties, run for minutes instead of CI's seconds.

    python benchmarks/fuzz_long.py [--minutes 2] [--chunk 50] [--shrink] [--only readings,inputs]

Runs, round-robin until the time is up, every property of
``tests/test_fuzz.py`` (any text, tokens, mutated contracts, bytes: a
Contract or a ContractError whose lines are inside the file; mutated
readings and commentary, from the goldens and the examples, through the
library and through ``perfcontract evaluate`` and ``report`` in process: a
result or a ContractError, an exit status of 0, 1 or 2) and of
``tests/test_formatter.py`` (over drawn contracts: idempotence, round trip,
comments kept, valid output; mutated drawn contracts; numbers of any
length), with the strategies those files declare. Each round is one
hypothesis run of ``--chunk`` examples with a fresh random seed, no
shrinking, no deadline and no example database.

A failing example does not stop the run: it is counted, and the smallest one
of each kind is printed at the end. ``--shrink`` then asks hypothesis for a
minimal example of the first failure of each property (which can take
minutes). The table gives, per property, how many inputs were tried, how
many failed, and the slowest single input, so that a hang or a pathological
slowdown shows; then the failures (escapes) counted by kind, and the
process's peak resident memory.

Exit status: 0 if no input failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from _machine import print_machine
from parse import table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_formatter as fmt_tests  # noqa: E402  (the tests folder is not a package)
import test_fuzz as fuzz_tests  # noqa: E402


@dataclass
class Property:
    """A property: a strategy, and a check that raises on a failing input."""

    name: str
    strategy: st.SearchStrategy[object]
    check: Callable[[object], object]
    tried: int = 0
    slowest: float = 0.0
    failures: dict[str, object] = field(default_factory=dict)  # kind -> smallest input
    counts: dict[str, int] = field(default_factory=dict)  # kind -> inputs that failed so
    failed: int = 0


def _file_check(path: Path) -> Callable[[object], object]:
    def check(data: object) -> object:
        assert isinstance(data, bytes)
        return fuzz_tests.outcome_of_file(path, data)

    return check


def _quoted(text: object) -> None:
    assert isinstance(text, str)
    result = fuzz_tests.outcome(text)
    if isinstance(result, Exception):
        fuzz_tests.check_quoted_lines(result, text)


def properties(folder: Path) -> list[Property]:
    """Every property of tests/test_fuzz.py and tests/test_formatter.py, with its strategy."""
    f = fuzz_tests
    contracts = fmt_tests.contracts()
    return [
        Property("fuzz: any text", f.any_text, f.outcome),
        Property("fuzz: any text in a contract", f.opened_text, f.outcome),
        Property("fuzz: token soup", st.one_of(f.token_soup, f.contract_soup), f.outcome),
        Property("fuzz: mutated contract", f.mutated(), f.outcome),
        Property("fuzz: numbers replaced", f.mutated([f.replace_number]), f.outcome),
        Property(
            "fuzz: tokens shuffled",
            f.mutated([f.delete_token, f.duplicate_token, f.insert_keyword, f.swap_lines]),
            f.outcome,
        ),
        Property(
            "fuzz: quoted line is the named line",
            st.one_of(f.mutated([f.insert_line_break, f.delete_token]), f.opened_text),
            _quoted,
        ),
        Property("fuzz: random bytes in a file", st.binary(max_size=400), _file_check(folder)),
        Property("fmt: drawn contract loads", contracts, fmt_tests.pc.loads),
        *(Property(f"fmt: {name}", contracts, check) for name, check in fmt_tests.CHECKS.items()),
        Property(
            "fmt: mutated drawn contract", fmt_tests.mutated_contracts(), fmt_tests.check_mutated
        ),
        Property(
            "fmt: numbers of any length", fmt_tests.long_numbers(), fmt_tests.check_round_trip
        ),
        *input_properties(folder.parent),
    ]


def input_properties(folder: Path) -> list[Property]:
    """The readings and commentary properties of tests/test_fuzz.py, with their strategies."""
    f = fuzz_tests

    def text_check(run: Callable[[Path, str], object]) -> Callable[[object], object]:
        def check(text: object) -> object:
            assert isinstance(text, str)
            return run(folder, text)

        return check

    def bytes_check(data: object) -> object:
        assert isinstance(data, bytes)
        return f.cli_bytes(folder, data)

    def csv_commentary(text: object) -> object:
        assert isinstance(text, str)
        return f.commentary_outcome(text, markdown=False)

    return [
        Property("readings: library", f.readings_texts, f.readings_outcome),  # type: ignore[arg-type]
        Property("readings: command line", f.readings_texts, text_check(f.cli_readings)),
        Property("commentary md: library", f.markdown_texts, f.commentary_outcome),  # type: ignore[arg-type]
        Property("commentary csv: library", f.csv_commentary_texts, csv_commentary),
        Property("commentary: command line", f.markdown_texts, text_check(f.cli_commentary)),
        Property("inputs as any bytes: command line", st.binary(max_size=400), bytes_check),
    ]


def _kind(error: BaseException) -> str:
    """What went wrong, in one line: the exception and where it was raised."""
    frames = traceback.extract_tb(error.__traceback__)
    where = next(
        (f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames) if "src" in f.filename),
        f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?",
    )
    first = (str(error).strip().splitlines() or [""])[0][:80]
    return f"{type(error).__name__} at {where}: {first}"


def run_round(prop: Property, chunk: int) -> None:
    """One hypothesis run of ``chunk`` examples of ``prop``, failures recorded, not raised."""

    @settings(
        max_examples=chunk,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(prop.strategy)
    def one(value: object) -> None:
        prop.tried += 1
        start = time.perf_counter()
        try:
            prop.check(value)
        except Exception as error:  # every failure is recorded, and the run goes on
            prop.failed += 1
            kind = _kind(error)
            prop.counts[kind] = prop.counts.get(kind, 0) + 1
            known = prop.failures.get(kind)
            if known is None or len(repr(value)) < len(repr(known)):
                prop.failures[kind] = value
        prop.slowest = max(prop.slowest, time.perf_counter() - start)

    one()


def shrink(prop: Property) -> object | None:
    """Hypothesis's minimal failing example of ``prop``, or None if it finds none."""

    def fails(value: object) -> bool:
        try:
            prop.check(value)
        except Exception:
            return True
        return False

    try:
        return find(
            prop.strategy,
            fails,
            settings=settings(
                max_examples=2_000,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except Exception:  # hypothesis.errors.NoSuchExample
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=2.0, help="time budget (default 2)")
    parser.add_argument("--chunk", type=int, default=50, help="examples per hypothesis run")
    parser.add_argument("--shrink", action="store_true", help="shrink one failure a property")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated starts of property names to run, such as readings,commentary",
    )
    args = parser.parse_args(argv)

    print_machine("perfcontract: long fuzz run (tests/test_fuzz.py, tests/test_formatter.py)")
    fuzz_tests.pc.loads(fuzz_tests.SPEC_EXAMPLE)  # build the parser before the clock starts
    with tempfile.TemporaryDirectory() as folder:
        props = properties(Path(folder) / "fuzz.contract")
        wanted = [start for start in args.only.split(",") if start]
        if wanted:
            props = [p for p in props if p.name.startswith(tuple(wanted))]
        start = time.perf_counter()
        deadline = start + 60 * args.minutes
        rounds = 0
        while time.perf_counter() < deadline:
            for prop in props:
                if time.perf_counter() >= deadline:
                    break
                run_round(prop, args.chunk)
            rounds += 1
            done = sum(p.tried for p in props)
            elapsed = time.perf_counter() - start
            print(f"  round {rounds}: {done:,} inputs in {elapsed:.0f} s", flush=True)
        elapsed = time.perf_counter() - start

        print()
        table(
            ["property", "inputs", "failed", "kinds", "slowest ms"],
            [
                [
                    p.name,
                    f"{p.tried:,}",
                    f"{p.failed:,}",
                    str(len(p.failures)),
                    f"{1000 * p.slowest:.0f}",
                ]
                for p in props
            ],
        )
        total = sum(p.tried for p in props)
        failed = sum(p.failed for p in props)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
        print(
            f"{total:,} inputs in {elapsed / 60:.1f} minutes ({total / elapsed:,.0f}/s),"
            f" {failed:,} failed; peak resident memory {peak:,.0f} MB"
        )
        kinds: dict[str, int] = {}
        for prop in props:
            for kind, count in prop.counts.items():
                kinds[kind] = kinds.get(kind, 0) + count
        if kinds:
            print()
            table(["escapes by kind", "inputs"], [[k, f"{n:,}"] for k, n in sorted(kinds.items())])
        for prop in props:
            for kind, value in prop.failures.items():
                print()
                print(f"FAILED {prop.name}: {kind} ({prop.counts[kind]:,} inputs)")
                print(f"  smallest input: {value!r}"[:2000])
            if prop.failures and args.shrink:
                print(f"  shrunk: {shrink(prop)!r}"[:2000])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
