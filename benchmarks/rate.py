"""Rating speed and memory, against SPEC.md section 9.

    python benchmarks/rate.py [--readings 10032000] [--repeat 15] [--sample 100000]
                              [--memmap-readings 100000000]

Rates generated readings for many authorities x measures x periods (by
default 152 x 20 x 3,300, about 10^7 readings: eight higher-is-better, eight
lower-is-better and four band measures, 1% of readings missing) and measures,
in the same run:

* ``perfcontract.engine.rate_measures`` in readings per second (best of
  several repetitions after a warm-up), against the target of 200 million/s,
  with its compiled kernel (kernel/rating.c, when the package carries it)
  and with numpy alone;
* the baselines: one numpy ``x >= t`` pass over the same array, with ``t``
  broadcast per measure and with a scalar ``t`` (target: the engine at least
  25% of their speed), and a plain Python loop rating a sample with if/else
  (target: the engine at least 100 times faster);
* memory: numpy's peak allocations during one rating (``tracemalloc``) and
  the process's peak resident set size (``resource.getrusage``);
* scale: a file of 10^8 float64 readings written with ``numpy.memmap`` in a
  temporary directory (about 800 MB, deleted afterwards; skipped if the disk
  is short), rated with ``rate_measures`` into an ``int8`` ``numpy.memmap``,
  each run in a fresh process so that its peak resident set size (VmHWM)
  is its own: once in one call over the whole map, once a slab at a time.

It prints figures only and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from _machine import print_machine
from parse import best_of, table
from perfcontract import engine
from perfcontract.engine import CHUNK, Thresholds, rate, rate_measures

AUTHORITIES = 152
MEASURES = 20
SPEED_TARGET = 200e6  # readings per second on one core, SPEC section 9
SINGLE_PASS_TARGET = 0.25  # at least this share of one `x >= t` pass
PYTHON_TARGET = 100.0  # at least this many times a plain Python loop
MISSING = 0.01  # share of readings that are NaN
SLAB_AUTHORITIES = 8  # authorities per slab when rating the memory-mapped file slab by slab


def measure_thresholds(m: int) -> Thresholds:
    """Measure ``m``'s thresholds: 8 of 20 higher, 8 lower, 4 band; some without tolerance."""
    step = m % 7
    kind = m % 5
    if kind in (0, 1):
        return Thresholds.higher_is_better(70 + step, None if m % 10 == 1 else 60 + step)
    if kind in (2, 3):
        return Thresholds.lower_is_better(20 + step, None if m % 10 == 3 else 30 + step)
    return Thresholds.band(40 + step, 60 + step, None if m % 10 == 9 else (30 + step, 70 + step))


def kind_counts(thresholds: Sequence[Thresholds]) -> str:
    """How many measures of each kind, in words."""
    higher = sum(t.on_high == math.inf for t in thresholds)
    lower = sum(t.on_low == -math.inf for t in thresholds)
    band = len(thresholds) - higher - lower
    return f"{higher} higher-is-better, {lower} lower-is-better, {band} band"


def readings(rng: np.random.Generator, shape: tuple[int, ...]) -> npt.NDArray[np.float64]:
    """Uniform readings in 0..100, with ``MISSING`` of them NaN."""
    x = rng.random(shape)
    missing = x < MISSING  # reuse the draw: NaN where it fell in the lowest 1%
    x *= 100.0
    x[missing] = np.nan
    return x


@contextlib.contextmanager
def numpy_only() -> Iterator[None]:
    """Rate with numpy alone inside this block, as a package without the kernel does."""
    saved = engine._kernel
    engine._kernel = lambda: None  # type: ignore[assignment]
    try:
        yield
    finally:
        engine._kernel = saved


def kernel_note() -> str:
    """Whether rate_measures has its compiled kernel, and which of its loops runs here."""
    kernel = engine._kernel()
    if kernel is None:
        return "not loaded (rating with numpy alone)"
    x, out = np.zeros((1, 8)), np.empty((1, 8), dtype=np.int8)
    vector = kernel(
        x.ctypes.data, 64, 8, out.ctypes.data, 8, 1, 1, 8, 0, 0.0, 0.0, math.inf, math.inf
    )
    return "compiled, " + ("AVX2 loop" if vector else "portable C loop")


def python_loop(values: list[float], bounds: list[tuple[float, float, float, float]]) -> bytes:
    """Rate readings one at a time with if/else: the baseline a reader would write first."""
    out = bytearray(len(values))
    for i, (x, (on_low, on_high, within_low, within_high)) in enumerate(
        zip(values, bounds, strict=True)
    ):
        if x != x:  # NaN
            out[i] = 4
        elif on_low <= x <= on_high:
            out[i] = 2
        elif within_low <= x <= within_high:
            out[i] = 1
        else:
            out[i] = 0
    return bytes(out)


def rate_numpy_only(x: npt.NDArray[np.float64], thresholds: Sequence[Thresholds]) -> None:
    with numpy_only():
        rate_measures(x, thresholds, axis=1)


def status_kib() -> dict[str, int]:
    """This process's resident set (now, peak, anonymous, file-backed), in KiB, from /proc."""
    figures: dict[str, int] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                    figures[key] = int(value.split()[0])
    except OSError:
        pass
    return figures


def max_rss_mib() -> float:
    """Peak resident set size of this process so far (getrusage), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def peak_rss_mib() -> float:
    """Peak resident set size of this process's own memory, in MiB.

    Linux's getrusage also counts the memory of the process that forked this
    one (its pages were shared until the exec), so a fresh child reports its
    parent's peak; /proc's VmHWM is this process's alone. Elsewhere, getrusage.
    """
    status = status_kib()
    return status["VmHWM"] / 1024 if "VmHWM" in status else max_rss_mib()


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.1f} MiB"


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


# ---------------------------------------------------------------------------
# In memory


def bench_in_memory(n_readings: int, repeat: int, sample: int) -> None:
    periods = max(1, math.ceil(n_readings / (AUTHORITIES * MEASURES)))
    shape = (AUTHORITIES, MEASURES, periods)
    total = math.prod(shape)
    thresholds = [measure_thresholds(m) for m in range(MEASURES)]
    x = readings(np.random.default_rng(2018), shape)
    x_by_measure = np.ascontiguousarray(np.moveaxis(x, 1, 0))  # (measures, authorities, periods)
    per_measure = np.array([float(t.within_low) for t in thresholds]).reshape(1, MEASURES, 1)
    stacked = Thresholds(
        *(
            np.array([float(getattr(t, f)) for t in thresholds]).reshape(1, MEASURES, 1)
            for f in ("on_low", "on_high", "within_low", "within_high")
        )
    )

    print(
        f"Rating: {AUTHORITIES} authorities x {MEASURES} measures x {periods:,} periods"
        f" = {total:,} float64 readings ({mib(x.nbytes)}), {MISSING:.0%} NaN"
    )
    print(f"({kind_counts(thresholds)}; best and median of {repeat} after one warm-up;")
    print(" numpy runs these on one core)")
    print()

    result = rate_measures(x, thresholds, axis=1)
    assert np.array_equal(result, rate(x, stacked)), "rate_measures and rate disagree"
    with numpy_only():
        assert np.array_equal(result, rate_measures(x, thresholds)), "kernel and numpy disagree"
    assert np.array_equal(
        np.moveaxis(result, 1, 0), rate_measures(x_by_measure, thresholds, axis=0)
    ), "the two layouts disagree"

    timings = {
        "engine.rate_measures, (authorities, measures, periods), axis=1": best_of(
            repeat, lambda: rate_measures(x, thresholds, axis=1)
        ),
        "engine.rate_measures, (measures, authorities, periods), axis=0": best_of(
            repeat, lambda: rate_measures(x_by_measure, thresholds, axis=0)
        ),
        "engine.rate_measures, numpy alone (no kernel), axis=1": best_of(
            repeat, lambda: rate_numpy_only(x, thresholds)
        ),
        "engine.rate, stacked thresholds broadcast (4 comparisons)": best_of(
            repeat, lambda: rate(x, stacked)
        ),
        "numpy x >= t, t broadcast per measure": best_of(repeat, lambda: x >= per_measure),
        "numpy x >= t, scalar t": best_of(repeat, lambda: x >= 50.0),
    }

    # The plain Python loop, on a sample of the same readings (a whole number of rows).
    n = min(sample, total)
    flat = x.reshape(-1)
    values = flat[:n].tolist()
    measure_of = (np.arange(n) // periods) % MEASURES
    bounds = [
        (float(t.on_low), float(t.on_high), float(t.within_low), float(t.within_high))
        for t in (thresholds[m] for m in measure_of.tolist())
    ]
    python_out = python_loop(values, bounds)
    agree = python_out == result.reshape(-1)[:n].tobytes()
    # As many repetitions as the engine gets, so that both sides have the same chance of a
    # quiet moment on a shared machine.
    python_best, python_median = best_of(repeat, lambda: python_loop(values, bounds))

    engine_best = timings["engine.rate_measures, (authorities, measures, periods), axis=1"][0]
    broadcast_best = timings["numpy x >= t, t broadcast per measure"][0]
    scalar_best = timings["numpy x >= t, scalar t"][0]
    engine_speed = total / engine_best
    rows = []
    for name, (best, median) in timings.items():
        rows.append(
            [
                name,
                f"{total:,}",
                f"{1000 * best:.1f}",
                f"{1000 * median:.1f}",
                f"{total / best / 1e6:,.0f}",
                f"{broadcast_best / best:.0%}",
                f"{scalar_best / best:.0%}",
            ]
        )
    rows.append(
        [
            "plain Python loop, if/else (sample)",
            f"{n:,}",
            f"{1000 * python_best:.1f}",
            f"{1000 * python_median:.1f}",
            f"{n / python_best / 1e6:,.2f}",
            f"{(n / python_best) / (total / broadcast_best):.2%}",
            f"{(n / python_best) / (total / scalar_best):.2%}",
        ]
    )
    table(
        [
            "method",
            "readings",
            "best ms",
            "median ms",
            "M readings/s",
            "speed vs x>=t (per measure)",
            "vs x>=t (scalar)",
        ],
        rows,
    )
    print(
        f"Python loop and engine agree on the sample: {'yes' if agree else 'NO'} ({n:,} readings)"
    )
    print()

    # Memory: numpy's allocations during one rating, and the process's peak.
    gc.collect()
    tracemalloc.start()
    kept = rate_measures(x, thresholds, axis=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    print("Memory of one engine.rate_measures call on the array above")
    table(
        ["what", "size", "bytes per reading"],
        [
            ["input readings (float64, not copied)", mib(x.nbytes), f"{x.nbytes / total:.2f}"],
            ["output statuses (int8)", mib(total), "1.00"],
            ["peak numpy allocations (tracemalloc)", mib(peak), f"{peak / total:.3f}"],
            ["  of which beyond the output", mib(peak - total), f"{(peak - total) / total:.4f}"],
        ],
    )
    print(
        f"process peak resident set so far: {max_rss_mib():,.0f} MiB (getrusage max RSS),"
        f" {peak_rss_mib():,.0f} MiB (VmHWM); it holds every array of this benchmark:"
        " the readings, a transposed copy, outputs"
    )
    print()

    python_speed = n / python_best
    print("SPEC.md section 9 targets (rating):")
    verdicts = [
        (
            f"at least {SPEED_TARGET / 1e6:.0f} million readings/s on one core",
            f"{engine_speed / 1e6:,.0f} million/s",
            engine_speed >= SPEED_TARGET,
        ),
        (
            f"at least {SINGLE_PASS_TARGET:.0%} of one `x >= t` pass (t per measure)",
            f"{broadcast_best / engine_best:.0%}",
            broadcast_best / engine_best >= SINGLE_PASS_TARGET,
        ),
        (
            f"at least {SINGLE_PASS_TARGET:.0%} of one `x >= t` pass (scalar t)",
            f"{scalar_best / engine_best:.0%}",
            scalar_best / engine_best >= SINGLE_PASS_TARGET,
        ),
        (
            f"at least {PYTHON_TARGET:.0f}x a plain Python loop",
            f"{engine_speed / python_speed:,.0f}x",
            engine_speed / python_speed >= PYTHON_TARGET,
        ),
        (
            "memory: inputs plus one byte per reading (within 5%)",
            f"{(peak - total) / total:+.2%} beyond one byte a reading",
            peak - total <= 0.05 * total,
        ),
    ]
    table(["target", "measured", "verdict"], [[t, m, met(ok)] for t, m, ok in verdicts])


# ---------------------------------------------------------------------------
# A memory-mapped file of 10^8 readings


def memmap_shape(n_readings: int) -> tuple[int, int, int]:
    return (AUTHORITIES, MEASURES, max(1, math.ceil(n_readings / (AUTHORITIES * MEASURES))))


def write_readings(path: Path, shape: tuple[int, int, int]) -> float:
    """Write the readings with numpy.memmap, one authority at a time; seconds taken."""
    start = time.perf_counter()
    rng = np.random.default_rng(2019)
    file = np.memmap(path, dtype=np.float64, mode="w+", shape=shape)
    for a in range(shape[0]):
        file[a] = readings(rng, shape[1:])
    file.flush()
    del file
    return time.perf_counter() - start


def worker(mode: str, source: str, target: str, shape: tuple[int, int, int]) -> dict[str, Any]:
    """In a fresh process: rate the file ``source`` into the int8 file ``target``.

    ``whole``: one ``rate_measures`` call on the whole memory-mapped input,
    its result copied into an int8 memmap. ``slabs``: the input and the
    output mapped a few authorities at a time, each slab rated with one
    ``rate_measures`` call straight into its memmap and unmapped after.
    """
    thresholds = [measure_thresholds(m) for m in range(shape[1])]
    rate_measures(np.zeros((1, shape[1], 1)), thresholds)  # warm up: imports, first calls
    gc.collect()
    before = status_kib()
    max_before = peak_rss_mib()
    slab = math.prod(shape[1:])
    tracemalloc.start()
    start = time.perf_counter()
    if mode == "whole":
        x = np.memmap(source, dtype=np.float64, mode="r", shape=shape)
        out = np.memmap(target, dtype=np.int8, mode="r+", shape=shape)
        result = rate_measures(x, thresholds, axis=1)
        rated = time.perf_counter() - start
        out[...] = result
        out.flush()
        after = status_kib()  # while the result and both maps are alive
        del x, out, result
    else:
        for first in range(0, shape[0], SLAB_AUTHORITIES):
            rows = min(SLAB_AUTHORITIES, shape[0] - first)
            x = np.memmap(
                source, np.float64, "r", offset=first * slab * 8, shape=(rows, *shape[1:])
            )
            out = np.memmap(target, np.int8, "r+", offset=first * slab, shape=(rows, *shape[1:]))
            out[...] = rate_measures(x, thresholds, axis=1)
            out.flush()
            del x, out
        rated = time.perf_counter() - start
        after = status_kib()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "rated": rated,
        "tracemalloc_peak": peak,
        "max_rss_before": max_before,
        "max_rss_after": peak_rss_mib(),
        "before": before,
        "after": after,
    }


def run_worker(
    mode: str, source: Path, target: Path, shape: tuple[int, int, int]
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        mode,
        str(source),
        str(target),
        *map(str, shape),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {mode} worker failed:\n{done.stdout}{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def check_output(source: Path, target: Path, shape: tuple[int, int, int]) -> bool:
    """Whether a few authorities of the output file match rating them in memory."""
    thresholds = [measure_thresholds(m) for m in range(shape[1])]
    x = np.memmap(source, dtype=np.float64, mode="r", shape=shape)
    out = np.memmap(target, dtype=np.int8, mode="r", shape=shape)
    ok = all(
        np.array_equal(out[a : a + 1], rate_measures(np.array(x[a : a + 1]), thresholds))
        for a in (0, shape[0] // 2, shape[0] - 1)
    )
    del x, out
    return ok


def bench_memmap(n_readings: int) -> None:
    shape = memmap_shape(n_readings)
    total = math.prod(shape)
    need = total * 9  # float64 input and int8 output
    directory = tempfile.gettempdir()
    free = shutil.disk_usage(directory).free
    print(
        f"Scale: {total:,} readings ({shape[0]} x {shape[1]} x {shape[2]:,}) in a"
        f" memory-mapped float64 file in {directory}"
    )
    print()
    if free < need * 1.2:
        print(
            f"skipped: {mib(free)} free in {directory}, {mib(need * 1.2)} needed"
            " (set TMPDIR to a roomier disk, or pass --memmap-readings 0 to skip quietly)"
        )
        print()
        return
    with tempfile.TemporaryDirectory(prefix="perfcontract-rate-") as tmp:
        source, target = Path(tmp) / "readings.f8", Path(tmp) / "statuses.i1"
        wrote = write_readings(source, shape)
        np.memmap(target, dtype=np.int8, mode="w+", shape=shape).flush()
        print(
            f"wrote {mib(source.stat().st_size)} with numpy.memmap in {wrote:.1f} s"
            f" ({mib(source.stat().st_size / wrote)}/s); output file {mib(total)} (int8)"
        )
        print("(each rating below runs in a fresh process; the input is in the page cache)")
        print()
        results = {mode: run_worker(mode, source, target, shape) for mode in ("whole", "slabs")}
        correct = check_output(source, target, shape)
        # (the last run, slabs, wrote the output that was checked)
    rows = []
    for mode, label in (
        ("whole", "one call on the whole memmap, result copied to an int8 memmap"),
        ("slabs", f"slabs of {SLAB_AUTHORITIES} authorities mapped in turn, into int8 memmap"),
    ):
        r = results[mode]
        growth = r["max_rss_after"] - r["max_rss_before"]
        anon = (r["after"].get("RssAnon", 0) - r["before"].get("RssAnon", 0)) / 1024
        rows.append(
            [
                label,
                f"{r['seconds']:.2f}",
                f"{total / r['rated'] / 1e6:,.0f}",
                f"{growth:,.0f}",
                f"{anon:,.0f}",
                f"{r['tracemalloc_peak'] / 2**20:,.1f}",
            ]
        )
    table(
        [
            "how",
            "seconds",
            "M readings/s",
            "peak RSS growth MiB",
            "anon RSS growth MiB",
            "numpy peak MiB",
        ],
        rows,
    )
    print(
        textwrap.fill(
            "Peak RSS (VmHWM) counts the pages of a mapped file that the process has touched,"
            " so one"
            " call over the whole map grows it by the input it read (page cache the kernel"
            " can reclaim); the anonymous part, memory the process allocated, is the"
            " one-byte-a-reading output, and numpy's own peak (tracemalloc) is that plus a"
            " few chunk buffers. Mapping the file a slab at a time keeps even the peak RSS small.",
            width=100,
        )
    )
    slabs = results["slabs"]
    growth = slabs["max_rss_after"] - slabs["max_rss_before"]
    input_mib = total * 8 / 2**20
    print()
    print("SPEC.md section 9 target (scale):")
    table(
        ["target", "measured", "verdict"],
        [
            [
                f"{total:,}-reading memory-mapped file rated in bounded memory",
                f"peak RSS growth {growth:,.0f} MiB for a {input_mib:,.0f} MiB input"
                f" ({growth / input_mib:.1%})",
                met(growth < 0.1 * input_mib),
            ],
            [
                "output matches rating in memory (3 authorities)",
                "yes" if correct else "NO",
                met(correct),
            ],
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--readings", type=int, default=AUTHORITIES * MEASURES * 3_300, help="readings to rate"
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed repetitions of each rating")
    parser.add_argument(
        "--sample", type=int, default=100_000, help="readings rated by the Python loop"
    )
    parser.add_argument(
        "--memmap-readings",
        type=int,
        default=10**8,
        help="readings in the memory-mapped file (0: skip that part)",
    )
    parser.add_argument("--worker", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        mode, source, target, *dims = args.worker
        a, m, p = map(int, dims)
        print(json.dumps(worker(mode, source, target, (a, m, p))))
        return 0

    print_machine("perfcontract: rating speed and memory (SPEC.md section 9)")
    print(f"engine chunk: {CHUNK:,} readings; rating kernel: {kernel_note()}")
    print()
    bench_in_memory(args.readings, args.repeat, args.sample)
    if args.memmap_readings > 0:
        bench_memmap(args.memmap_readings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
