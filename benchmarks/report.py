"""Report speed and growth, against SPEC.md section 9.

    python benchmarks/report.py [--measures 2000] [--small 200] [--repeat 5] [--runs 7]

Generates a contract of 2,000 measures (``parse.py``'s generator: a unit, a
polarity, a target, a tolerance, a dated target and a benchmark line each)
and 8 quarters of readings for it (2017/18 Q1 to 2018/19 Q4, 2% missing),
then measures, in the same run:

* the report for 2018/19 Q4 with its 8-quarter trends, built from the
  readings (``Report.build``, which checks them against the contract) and
  rendered as HTML and as Markdown, in this process: best and median of
  several repetitions after a warm-up, split into build, HTML and Markdown;
* ``python -c "import numpy"`` as a fresh process, the baseline (SPEC: the
  report at most 8 times its time), median of several runs;
* the whole ``perfcontract report`` command for the same files, as a fresh
  process (start-up and reading the CSV included), with Python's bytecode
  cache on, as an installed package runs: as every run after a contract's
  first, which reads the compiled contract from perfcontract's cache, and as
  a contract's first run (the kept contract removed before each run: the
  contract parsed, checked and kept);
* the same report for a 200-measure contract, and the ratio of the two
  (SPEC: linear growth, so about 10).

It prints figures only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

import perfcontract as pc
from _machine import forget_compiled, installed_environment, print_machine
from parse import best_of, generate, table

PERIOD = "2018/19 Q4"
QUARTERS = [f"{year} Q{q}" for year in ("2017/18", "2018/19") for q in range(1, 5)]
REPORT_TARGET = 8.0  # at most this many times `python -c "import numpy"`
MISSING = 0.02


def write_readings(contract: pc.Contract, path: Path) -> int:
    """Eight quarters of readings for every measure, in long form; the rows written."""
    rng = np.random.default_rng(2018)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["measure", "period", "value"])
        for measure in contract.measures.values():
            kind = measure.unit.kind.value
            for quarter in QUARTERS:
                if rng.random() < MISSING:
                    value = ""
                elif kind == "percent":
                    value = f"{rng.uniform(60, 100):.1f}"
                elif kind == "count":
                    value = str(int(rng.integers(800, 1300)))
                elif kind == "days":
                    value = f"{rng.uniform(15, 30):.1f}"
                else:
                    value = f"{rng.uniform(250, 450):.1f}"
                writer.writerow([measure.id, quarter, value])
                rows += 1
    return rows


def make(measures: int, directory: Path) -> tuple[Path, Path, int]:
    """A contract of ``measures`` measures and its readings, written to ``directory``."""
    contract_path = directory / f"contract-{measures}.contract"
    contract_path.write_text(generate(measures), encoding="utf-8")
    readings_path = directory / f"readings-{measures}.csv"
    rows = write_readings(pc.load(contract_path), readings_path)
    return contract_path, readings_path, rows


def in_process(contract_path: Path, readings_path: Path, repeat: int) -> dict[str, float]:
    """Best and median seconds to build the report and render it, and each part alone."""
    contract = pc.load(contract_path)
    readings = pc.Readings.from_csv(readings_path)
    report = pc.Report.build(contract, readings, PERIOD)
    figures = {}
    parts = {
        "build (checks the readings)": lambda: pc.Report.build(contract, readings, PERIOD),
        "to_html": report.to_html,
        "to_markdown": report.to_markdown,
    }
    for name, action in parts.items():
        figures[name], figures[name + ", median"] = best_of(repeat, action)

    def whole() -> None:
        built = pc.Report.build(contract, readings, PERIOD)
        built.to_html()
        built.to_markdown()

    figures["build + HTML + Markdown"], figures["whole, median"] = best_of(repeat, whole)
    return figures


# The command run as on a contract's first run: its compiled contract not yet kept.
FIRST = ", a contract's first run"


def run(command: Sequence[str], before: Callable[[], object] | None = None) -> float:
    """Seconds of ``command`` as a fresh process, ``before`` called first."""
    if before is not None:
        before()
    environment = installed_environment()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def processes(
    commands: dict[str, list[str]],
    runs: int,
    befores: Mapping[str, Callable[[], object]] | None = None,
) -> dict[str, list[float]]:
    """Seconds of each command as a fresh process, run in turn ``runs`` times after a warm-up;
    ``befores`` names what to do before some of them each time."""
    befores = befores or {}
    for name, command in commands.items():
        run(command, befores.get(name))
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run(command, befores.get(name)))
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=2_000, help="measures in the contract")
    parser.add_argument("--small", type=int, default=200, help="measures in the smaller one")
    parser.add_argument("--repeat", type=int, default=5, help="in-process repetitions")
    parser.add_argument("--runs", type=int, default=7, help="runs of each fresh process")
    args = parser.parse_args(argv)

    print_machine("perfcontract: report speed and growth (SPEC.md section 9)")
    with tempfile.TemporaryDirectory(prefix="perfcontract-report-") as tmp:
        directory = Path(tmp)
        big_contract, big_readings, big_rows = make(args.measures, directory)
        small_contract, small_readings, small_rows = make(args.small, directory)
        print(
            f"Contracts of {args.measures:,} and {args.small:,} measures (benchmarks/parse.py's"
            f" generator), {len(QUARTERS)} quarters of readings each ({big_rows:,} and"
            f" {small_rows:,} rows, {MISSING:.0%} missing); the report for {PERIOD} with"
            f" {len(QUARTERS)}-quarter trends"
        )
        print()
        big = in_process(big_contract, big_readings, args.repeat)
        small = in_process(small_contract, small_readings, args.repeat)
        output = directory / "report.html"
        command = [sys.executable, "-m", "perfcontract", "report"]
        command += [str(big_contract), str(big_readings), "--period", PERIOD, "-o", str(output)]
        commands = {
            'python -c "import numpy"': [sys.executable, "-c", "import numpy"],
            f"perfcontract report, {args.measures:,} measures": command,
            f"perfcontract report, {args.measures:,} measures{FIRST}": command,
        }
        first = forget_compiled(big_contract, str(big_contract))
        befores = {f"perfcontract report, {args.measures:,} measures{FIRST}": first}
        times = processes(commands, args.runs, befores)
    baseline = statistics.median(times['python -c "import numpy"'])

    print(f"In this process: best and median of {args.repeat} after a warm-up")
    rows = []
    for name in (
        "build (checks the readings)",
        "to_html",
        "to_markdown",
        "build + HTML + Markdown",
    ):
        median = (
            big[name + ", median"] if name != "build + HTML + Markdown" else big["whole, median"]
        )
        rows.append(
            [
                name,
                f"{1000 * big[name]:,.1f}",
                f"{1000 * median:,.1f}",
                f"{1000 * small[name]:,.1f}",
                f"{big[name] / small[name]:.1f}",
                f"{big[name] / baseline:.2f}x",
            ]
        )
    table(
        [
            "step",
            f"{args.measures:,} best ms",
            "median ms",
            f"{args.small:,} best ms",
            "ratio",
            'vs "import numpy"',
        ],
        rows,
    )
    print(f"Fresh processes: median of {args.runs} runs each, run in turn after a warm-up")
    table(
        ["command", "median ms", "min ms", "max ms", 'vs "import numpy"'],
        [
            [
                name,
                f"{1000 * statistics.median(t):,.1f}",
                f"{1000 * min(t):,.1f}",
                f"{1000 * max(t):,.1f}",
                f"{statistics.median(t) / baseline:.2f}x",
            ]
            for name, t in times.items()
        ],
    )
    whole = big["build + HTML + Markdown"]
    growth = whole / small["build + HTML + Markdown"]
    size = args.measures / args.small
    command_name = f"perfcontract report, {args.measures:,} measures"
    command_ratio = statistics.median(times[command_name]) / baseline
    first_ratio = statistics.median(times[command_name + FIRST]) / baseline
    print("SPEC.md section 9 targets (report):")
    table(
        ["target", "measured", "verdict"],
        [
            [
                f"{args.measures:,} measures x {len(QUARTERS)} quarters: at most"
                f' {REPORT_TARGET:g}x `python -c "import numpy"`',
                f"{whole / baseline:.2f}x (build + HTML + Markdown, {1000 * whole:,.0f} ms)",
                "met" if whole / baseline <= REPORT_TARGET else "MISSED",
            ],
            [
                "  the same, the whole command as a fresh process",
                f"{command_ratio:.2f}x (start-up, the compiled contract read from the cache,"
                " the CSV read)",
                "met" if command_ratio <= REPORT_TARGET else "MISSED",
            ],
            [
                "  the same, a contract's first run",
                f"{first_ratio:.2f}x (the contract parsed, checked and kept as well)",
                "met" if first_ratio <= REPORT_TARGET else "MISSED",
            ],
            [
                f"grows linearly: {args.measures:,} against {args.small:,} measures",
                f"{growth:.1f}x the time for {size:g}x the measures",
                "met" if growth <= 1.5 * size else "MISSED",
            ],
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
