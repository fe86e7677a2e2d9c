"""Rating speed and memory, against SPEC.md section 9.

    python benchmarks/rate.py [--sizes 10000,1000000,10000000] [--repeat 9]
                              [--sample 100000] [--memmap-readings 100000000]

Rates generated readings (uniform in 0..100, 1% missing) with
``perfcontract.engine.rate_measures`` in each layout the library itself
uses, each with three mixes of 20 measures, at each size, and prints in the
same run:

* readings per second (best of several repetitions after a warm-up, taken
  in turn with the baselines so that a busy moment on a shared machine
  falls on both);
* the ratio to one numpy ``x >= t`` pass over the same array, with ``t``
  broadcast per measure and with a scalar ``t`` (SPEC: at least 50% of it
  from 10^6 readings on), for a call with thresholds rated before (the
  engine keeps the work it does on the last few sets of thresholds) and for
  a first call with new ones;
* the ratio to a plain Python loop with if/else (SPEC: at least 100 times);
* at 10^4 readings, the ratio to a straightforward broadcast ``np.select``
  over the same readings and thresholds (SPEC: no slower);
* memory: numpy's peak allocations during one rating (``tracemalloc``);
* scale: a file of 10^8 float64 readings written with ``numpy.memmap`` in a
  temporary directory (about 800 MB, deleted afterwards; skipped if the disk
  is short), rated with ``rate_measures`` into an ``int8`` ``numpy.memmap``,
  each run in a fresh process so that its peak resident set size (VmHWM)
  is its own: once in one call over the whole map, once a slab at a time.

The statuses are checked first: against ``engine.rate`` measure by measure,
and against the Python loop on its sample. It prints figures only and
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from _machine import print_machine
from parse import table
from perfcontract import engine
from perfcontract.engine import Thresholds, rate, rate_measures, round_half_away

MEASURES = 20
PERIODS = 8  # the periods axis of rows x measures x periods: two years of quarters
CONTRACT_MEASURES = 2_000  # the measures of periods x measures: report.py's contract
FLOOR_TARGET = 0.5  # at least this share of one `x >= t` pass, from 10^6 readings on
PYTHON_TARGET = 100.0  # at least this many times a plain Python loop
MISSING = 0.01  # share of readings that are NaN
SLAB_AUTHORITIES = 8  # authorities a slab when rating the memory-mapped file slab by slab
MEMMAP_AUTHORITIES = 152  # the memory-mapped file: 152 authorities x 20 measures x periods

# ---------------------------------------------------------------------------
# Measures


def one_sided(m: int) -> Thresholds:
    """Mostly one-sided, as contracts are: 8 higher, 8 lower (half of each without a
    tolerance), 2 bands without a tolerance band, 2 with no target."""
    step = m % 7
    if m < 8:
        return Thresholds.higher_is_better(70 + step, None if m % 2 else 60 + step)
    if m < 16:
        return Thresholds.lower_is_better(20 + step, None if m % 2 else 30 + step)
    if m < 18:
        return Thresholds.band(40 + step, 60 + step)
    return Thresholds.no_target()


def with_bands(m: int) -> Thresholds:
    """8 higher, 8 lower and 4 bands, two of them with a tolerance band."""
    step = m % 7
    kind = m % 5
    if kind in (0, 1):
        return Thresholds.higher_is_better(70 + step, None if m % 10 == 1 else 60 + step)
    if kind in (2, 3):
        return Thresholds.lower_is_better(20 + step, None if m % 10 == 3 else 30 + step)
    return Thresholds.band(40 + step, 60 + step, None if m % 10 == 9 else (30 + step, 70 + step))


MIXES: dict[str, Callable[[int], Thresholds]] = {"one-sided": one_sided, "bands": with_bands}
DATED = (0, 3, 8, 11, 16)  # measures of the third mix whose terms change along the periods
ROUNDED = 5  # the measure of the third mix that says `rounded to 0 dp`


class Mix:
    """One threshold a measure (per period, where terms change), and their roundings: the
    mix's 20 measures over and over for more measures."""

    def __init__(self, name: str, periods: int | None, measures: int = MEASURES) -> None:
        self.name = name
        base = "one-sided" if name == "dated, rounded" else name
        self.thresholds = [MIXES[base](m % MEASURES) for m in range(measures)]
        self.rounding: list[int | None] = [None] * measures
        if name == "dated, rounded":
            for m in range(ROUNDED, measures, MEASURES):
                self.rounding[m] = 0
            if periods:
                for m in (m for m in range(measures) if m % MEASURES in DATED):
                    t = self.thresholds[m]
                    raised = [shift(t, 2.0 if p >= periods // 2 else 0.0) for p in range(periods)]
                    self.thresholds[m] = Thresholds.stack(raised)

    def field(self, name: str) -> Any:
        """One field of every measure's thresholds, shaped (measures, periods or 1)."""
        rows = [np.atleast_1d(np.asarray(getattr(t, name), dtype=float)) for t in self.thresholds]
        width = max(len(r) for r in rows)
        return np.stack([np.broadcast_to(r, width) for r in rows])


def shift(t: Thresholds, by: float) -> Thresholds:
    """``t`` with every finite bound moved by ``by`` (a raised target, say)."""
    return Thresholds(
        *(float(getattr(t, f)) + by for f in ("on_low", "on_high", "within_low", "within_high")),
        rated=t.rated,
    )


# ---------------------------------------------------------------------------
# Layouts


class Layout:
    """Readings of ``n`` readings laid out as the library meets them, and how to rate them."""

    def __init__(self, name: str, n: int, mix_name: str) -> None:
        self.name = name
        measures = MEASURES
        if name == "measures first":
            self.shape, self.axis, periods = (MEASURES, max(1, n // MEASURES)), 0, None
        elif name == "periods x measures":
            measures = CONTRACT_MEASURES
            periods = max(1, n // measures)
            self.shape, self.axis = (periods, measures), 1
        elif name == "rows x measures":
            self.shape, self.axis, periods = (max(1, n // MEASURES), MEASURES), 1, None
        else:
            rows = max(1, n // (MEASURES * PERIODS))
            self.shape, self.axis, periods = (rows, MEASURES, PERIODS), 1, PERIODS
        self.mix = Mix(mix_name, periods, measures)
        self.measures = measures
        self.size = math.prod(self.shape)

    def broadcast(self, field: Any) -> Any:
        """A (measures, periods or 1) field shaped to broadcast against the readings."""
        if self.axis == 0:
            return field[:, :1] if field.shape[1] == 1 else field
        if self.name == "periods x measures":
            return field.T if field.shape[1] > 1 else field[:, 0].reshape(1, -1)
        if len(self.shape) == 2:
            return field[:, 0].reshape(1, MEASURES)
        return field.reshape(1, MEASURES, field.shape[1])

    def rate(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
        if self.name == "periods x measures":  # as evaluate rates: each period's set of terms
            table, rated, which = self.table
            return engine._rate_periods(x, table, rated, which, self.mix.rounding)  # type: ignore[no-any-return]
        return rate_measures(x, self.mix.thresholds, axis=self.axis, rounding=self.mix.rounding)

    @functools.cached_property
    def table(self) -> tuple[Any, Any, list[int]]:
        """The sets of terms in force, as evaluate gives them to the engine: bounds shaped
        (sets, 4, measures), whether rated (sets, measures), and each period's set."""
        names = ("within_low", "on_low", "on_high", "within_high", "rated")
        fields = np.stack([self.broadcast(self.mix.field(f)) * np.ones(self.shape) for f in names])
        x = fields[0]
        columns: dict[bytes, int] = {}
        which = [columns.setdefault(fields[:, p].tobytes(), len(columns)) for p in range(len(x))]
        firsts = [which.index(k) for k in range(len(columns))]
        table = np.ascontiguousarray(np.stack([fields[:4, p] for p in firsts]))
        return table, np.stack([fields[4, p] != 0 for p in firsts]), which


def readings(rng: np.random.Generator, shape: tuple[int, ...]) -> npt.NDArray[np.float64]:
    """Uniform readings in 0..100, with ``MISSING`` of them NaN."""
    x = rng.random(shape)
    missing = x < MISSING  # reuse the draw: NaN where it fell in the lowest 1%
    x *= 100.0
    x[missing] = np.nan
    return x


def reference(layout: Layout, x: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
    """engine.rate measure by measure, rounded first where the measure says so."""
    by_measure = np.moveaxis(x, layout.axis, 0)
    rated = []
    for t, digits in zip(layout.mix.thresholds, layout.mix.rounding, strict=True):
        values = by_measure[len(rated)]
        rated.append(rate(values if digits is None else round_half_away(values, digits), t))
    return np.moveaxis(np.stack(rated), 0, layout.axis)


def first_call(layout: Layout, x: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
    """Rate as a first call with these thresholds does: nothing kept from calls before.
    What the engine kept is put back afterwards, so that the calls timed between first
    calls are the calls after a first, as a program makes them."""
    made = getattr(engine, "_BOUNDS_MADE", None)  # (an older engine keeps nothing)
    if made is None:
        return layout.rate(x)
    kept = dict(made)
    made.clear()
    engine._first_rounding_to.cache_clear()
    places = getattr(engine, "_rounding_of", None)
    if places is not None:
        places.cache_clear()
    if hasattr(engine, "_LAST_ROUNDING"):
        engine._LAST_ROUNDING = None
    try:
        return layout.rate(x)
    finally:
        made.clear()
        made.update(kept)


def select_baseline(layout: Layout) -> Callable[[npt.NDArray[np.float64]], Any]:
    """A straightforward broadcast np.select over the readings and thresholds (no rounding)."""
    on_low, on_high = (layout.broadcast(layout.mix.field(f)) for f in ("on_low", "on_high"))
    w_low, w_high = (layout.broadcast(layout.mix.field(f)) for f in ("within_low", "within_high"))
    unrated = ~layout.broadcast(layout.mix.field("rated")).astype(bool)

    def select(x: npt.NDArray[np.float64]) -> Any:
        conditions = [
            np.broadcast_to(unrated, x.shape),
            np.isnan(x),
            (x >= on_low) & (x <= on_high),
            (x >= w_low) & (x <= w_high),
        ]
        return np.select(conditions, [3, 4, 2, 1], 0).astype(np.int8)

    return select


def python_loop(
    values: list[float], bounds: list[tuple[float, float, float, float, bool]]
) -> bytes:
    """Rate readings one at a time with if/else: the baseline a reader would write first."""
    out = bytearray(len(values))
    for i, (x, (on_low, on_high, within_low, within_high, rated)) in enumerate(
        zip(values, bounds, strict=True)
    ):
        if not rated:
            out[i] = 3
        elif x != x:  # NaN
            out[i] = 4
        elif on_low <= x <= on_high:
            out[i] = 2
        elif within_low <= x <= within_high:
            out[i] = 1
        else:
            out[i] = 0
    return bytes(out)


def loop_inputs(
    layout: Layout, x: npt.NDArray[np.float64], n: int
) -> tuple[list[float], list[tuple[float, float, float, float, bool]]]:
    """The first ``n`` readings (rounded where their measure says) and each one's bounds,
    worked out beforehand so that the loop does nothing but compare."""
    index = np.unravel_index(np.arange(min(n, x.size)), x.shape)
    measure = index[layout.axis]
    fields = [layout.mix.field(f) for f in ("on_low", "on_high", "within_low", "within_high")]
    rated = layout.mix.field("rated")
    column = index[-1]  # the period, where fields change along the periods
    values = x[index]
    for m, digits in enumerate(layout.mix.rounding):
        if digits is not None:
            values[measure == m] = round_half_away(values[measure == m], digits)
    bounds = list(
        zip(
            *(f[measure, np.minimum(column, f.shape[1] - 1)].tolist() for f in fields),
            (rated[measure, np.minimum(column, rated.shape[1] - 1)] != 0).tolist(),
            strict=True,
        )
    )
    return values.tolist(), bounds


def timed(repeat: int, actions: dict[str, Callable[[], object]]) -> dict[str, tuple[float, float]]:
    """Best and median seconds of each action, run in turn ``repeat`` times after a warm-up."""
    for action in actions.values():
        action()
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def speed(n: int, seconds: float) -> str:
    return f"{n / seconds / 1e6:,.0f}"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:,.1f} MiB"


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


# ---------------------------------------------------------------------------
# In memory

LAYOUTS = ("measures first", "periods x measures", "rows x measures", "rows x measures x periods")
MIX_NAMES = ("one-sided", "bands", "dated, rounded")


def bench_size(n: int, repeat: int, sample: int, loops: dict[str, float]) -> list[dict[str, Any]]:
    """Every layout and mix at about ``n`` readings: a table, and the figures for the verdicts."""
    rng = np.random.default_rng(n)
    rows, figures = [], []
    small = n <= 10**5
    for name in LAYOUTS:
        for mix_name in MIX_NAMES:
            layout = Layout(name, n, mix_name)
            x = readings(rng, layout.shape)
            per_measure = layout.broadcast(np.full((layout.measures, 1), 50.0))
            result = layout.rate(x)
            agrees = np.array_equal(result, reference(layout, x))
            actions: dict[str, Callable[[], object]] = {
                "engine": lambda layout=layout, x=x: layout.rate(x),
                "floor, per measure": lambda x=x, t=per_measure: x >= t,
                "floor, scalar": lambda x=x: x >= 50.0,
            }
            actions["first call"] = lambda layout=layout, x=x: first_call(layout, x)
            if small:
                select = select_baseline(layout)
                actions["np.select"] = lambda x=x, select=select: select(x)
            best = {k: v[0] for k, v in timed(repeat, actions).items()}
            engine = best["engine"]
            loop_speed = loops[mix_name]
            figure = {
                "layout": name,
                "mix": mix_name,
                "n": layout.size,
                "speed": layout.size / engine,
                "per measure": best["floor, per measure"] / engine,
                "first per measure": best["floor, per measure"] / best["first call"],
                "scalar": best["floor, scalar"] / engine,
                "loop": layout.size / engine / loop_speed,
                "select": best["np.select"] / engine if small else None,
                "select, first call": best["np.select"] / best["first call"] if small else None,
                "agrees": agrees,
            }
            figures.append(figure)
            rows.append(
                [
                    f"{name}, {mix_name}",
                    "x".join(map(str, layout.shape)),
                    f"{1e3 * engine:.3f}",
                    speed(layout.size, engine),
                    f"{figure['per measure']:.0%}",
                    f"{figure['first per measure']:.0%}",
                    f"{figure['scalar']:.0%}",
                    f"{figure['loop']:,.0f}x",
                    *(
                        [f"{figure['select']:.2f}x", f"{figure['select, first call']:.2f}x"]
                        if small
                        else []
                    ),
                    "yes" if agrees else "NO",
                ]
            )
    print(f"About {n:,} readings (best of {repeat}, each taken in turn with its baselines)")
    table(
        [
            "layout, mix",
            "shape",
            "best ms",
            "M readings/s",
            "vs x>=t per measure",
            "first call",
            "vs x>=t scalar",
            "vs Python loop",
            *(["vs np.select", "first call vs np.select"] if small else []),
            "statuses right",
        ],
        rows,
    )
    return figures


def bench_python_loop(sample: int, repeat: int) -> dict[str, float]:
    """Readings a second of the plain Python loop on each mix, and whether it agrees."""
    speeds, rows = {}, []
    rng = np.random.default_rng(1)
    for mix_name in MIX_NAMES:
        layout = Layout("rows x measures x periods", sample, mix_name)
        x = readings(rng, layout.shape)
        values, bounds = loop_inputs(layout, x, sample)
        expected = layout.rate(x).reshape(-1)[: len(values)].tobytes()
        agrees = python_loop(values, bounds) == expected
        loop = {"loop": lambda values=values, bounds=bounds: python_loop(values, bounds)}
        best, _ = timed(repeat, loop)["loop"]
        speeds[mix_name] = len(values) / best
        rows.append(
            [
                mix_name,
                f"{len(values):,}",
                f"{1e3 * best:.1f}",
                f"{len(values) / best / 1e6:.2f}",
                "yes" if agrees else "NO",
            ]
        )
    print("Baseline: a plain Python loop with if/else, each reading's bounds worked out beforehand")
    table(["mix", "readings", "best ms", "M readings/s", "agrees with the engine"], rows)
    return speeds


def bench_memory(n: int) -> list[list[str]]:
    """numpy's peak allocations during one rating of about ``n`` readings, each layout."""
    rows = []
    rng = np.random.default_rng(3)
    for name in LAYOUTS:
        layout = Layout(name, n, "dated, rounded")
        x = readings(rng, layout.shape)
        layout.rate(x)
        gc.collect()
        tracemalloc.start()
        kept = layout.rate(x)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
        size = layout.size
        rows.append(
            [
                f"{name}, dated, rounded",
                f"{size:,}",
                mib(x.nbytes),
                mib(peak),
                f"{peak / size:.3f}",
                f"{(peak - size) / size:+.2%}",
            ]
        )
    return rows


def max_rss_mib() -> float:
    """Peak resident set size of this process so far (getrusage), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


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


def peak_rss_mib() -> float:
    """Peak resident set size of this process's own memory, in MiB.

    Linux's getrusage also counts the memory of the process that forked this
    one (its pages were shared until the exec), so a fresh child reports its
    parent's peak; /proc's VmHWM is this process's alone. Elsewhere, getrusage.
    """
    status = status_kib()
    return status["VmHWM"] / 1024 if "VmHWM" in status else max_rss_mib()


def verdicts(figures: list[dict[str, Any]]) -> None:
    big = [f for f in figures if f["n"] >= 10**6]
    small = [f for f in figures if f["select"] is not None]

    def worst(items: list[dict[str, Any]], key: str) -> dict[str, Any]:
        return min(items, key=lambda f: f[key])

    lines = []
    if big:
        w = worst(big, "per measure")
        lines.append(
            [
                f"at least {FLOOR_TARGET:.0%} of one `x >= t` pass, t per measure (10^6 and more)",
                f"{w['per measure']:.0%} at worst ({w['layout']}, {w['mix']}, {w['n']:,})",
                met(w["per measure"] >= FLOOR_TARGET),
            ]
        )
        w = worst(big, "first per measure")
        lines.append(
            [
                "  the same for a first call with new thresholds",
                f"{w['first per measure']:.0%} at worst ({w['layout']}, {w['mix']}, {w['n']:,})",
                met(w["first per measure"] >= FLOOR_TARGET),
            ]
        )
        w = worst(big, "scalar")
        lines.append(
            [
                "the same against `x >= t` with a scalar t",
                f"{w['scalar']:.0%} at worst ({w['layout']}, {w['mix']}, {w['n']:,})",
                met(w["scalar"] >= FLOOR_TARGET),
            ]
        )
    if small:
        w = worst(small, "select")
        lines.append(
            [
                "at 10^4 readings no slower than a broadcast np.select",
                f"{w['select']:.2f}x its speed at worst ({w['layout']}, {w['mix']})",
                met(w["select"] >= 1.0),
            ]
        )
        w = worst(small, "select, first call")
        lines.append(
            [
                "  the same for a first call with new thresholds",
                f"{w['select, first call']:.2f}x at worst ({w['layout']}, {w['mix']})",
                met(w["select, first call"] >= 1.0),
            ]
        )
    w = worst(big or figures, "loop")
    lines.append(
        [
            f"at least {PYTHON_TARGET:.0f}x a plain Python loop (10^6 and more)",
            f"{w['loop']:,.0f}x at worst ({w['layout']}, {w['mix']}, {w['n']:,})",
            met(w["loop"] >= PYTHON_TARGET),
        ]
    )
    right = all(f["agrees"] for f in figures)
    lines.append(
        ["statuses as engine.rate gives them, every run", "yes" if right else "NO", met(right)]
    )
    print("SPEC.md section 9 targets (rating):")
    table(["target", "measured", "verdict"], lines)


# ---------------------------------------------------------------------------
# A memory-mapped file of 10^8 readings


def memmap_shape(n_readings: int) -> tuple[int, int, int]:
    per_row = MEMMAP_AUTHORITIES * MEASURES
    return (MEMMAP_AUTHORITIES, MEASURES, max(1, math.ceil(n_readings / per_row)))


def memmap_thresholds() -> list[Thresholds]:
    return [with_bands(m) for m in range(MEASURES)]


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
    straight into an int8 memmap. ``slabs``: the input and the output mapped
    a few authorities at a time, each slab rated with one ``rate_measures``
    call straight into its memmap and unmapped after.
    """
    thresholds = memmap_thresholds()
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
        rate_measures(x, thresholds, axis=1, out=out)
        out.flush()
        after = status_kib()  # while both maps are alive
        del x, out
    else:
        for first in range(0, shape[0], SLAB_AUTHORITIES):
            rows = min(SLAB_AUTHORITIES, shape[0] - first)
            x = np.memmap(
                source, np.float64, "r", offset=first * slab * 8, shape=(rows, *shape[1:])
            )
            out = np.memmap(target, np.int8, "r+", offset=first * slab, shape=(rows, *shape[1:]))
            rate_measures(x, thresholds, axis=1, out=out)
            out.flush()
            del x, out
        after = status_kib()
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
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
    thresholds = memmap_thresholds()
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
        f" memory-mapped float64 file in {directory}, the 'bands' mix"
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
        ("whole", "one call on the whole memmap, into an int8 memmap"),
        ("slabs", f"slabs of {SLAB_AUTHORITIES} authorities mapped in turn, into int8 memmaps"),
    ):
        r = results[mode]
        growth = r["max_rss_after"] - r["max_rss_before"]
        anon = (r["after"].get("RssAnon", 0) - r["before"].get("RssAnon", 0)) / 1024
        rows.append(
            [
                label,
                f"{r['seconds']:.2f}",
                f"{total / r['seconds'] / 1e6:,.0f}",
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
            " so one call over the whole map grows it by the input and output it read and"
            " wrote (page cache the system can reclaim); the anonymous part, memory the"
            " process allocated, and numpy's own peak (tracemalloc) are a few blocks of"
            " buffers. Mapping the file a slab at a time keeps even the peak RSS small.",
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
                f" ({growth / input_mib:.1%}); numpy's peak"
                f" {results['whole']['tracemalloc_peak'] / 2**20:,.1f} MiB in one call",
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
        "--sizes",
        default="10000,1000000,10000000",
        help="readings in each in-memory run, comma-separated",
    )
    parser.add_argument("--repeat", type=int, default=9, help="timed repetitions of each rating")
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
    print(
        f"{MEASURES} measures (in 'periods x measures', a contract's {CONTRACT_MEASURES:,}"
        f" measures, the 20 of a mix over and over, in N/{CONTRACT_MEASURES:,} periods, rated as"
        " evaluate and a report rate theirs: the periods with the same terms together);"
        f" readings uniform in 0..100, {MISSING:.0%} NaN."
        " Mixes: 'one-sided'"
        " (8 higher, 8 lower, half of each without a tolerance, 2 bands, 2 with no target);"
        " 'bands' (8 higher, 8 lower, 4 bands, 2 of them with a tolerance band); 'dated,"
        f" rounded' (one-sided, with {len(DATED)} measures whose terms change half way along"
        " the periods, and one rounded to 0 dp). numpy runs on one core."
    )
    print()
    loops = bench_python_loop(args.sample, args.repeat)
    figures = []
    for n in (int(size) for size in args.sizes.split(",")):
        figures.extend(bench_size(n, args.repeat, args.sample, loops))
    largest = max(int(size) for size in args.sizes.split(","))
    print(f"Memory of one rate_measures call, about {largest:,} readings (tracemalloc)")
    table(
        ["layout, mix", "readings", "input", "numpy peak", "bytes a reading", "beyond 1 byte"],
        bench_memory(largest),
    )
    print(
        f"process peak resident set so far: {max_rss_mib():,.0f} MiB (getrusage max RSS);"
        " it holds every array of this benchmark"
    )
    print()
    verdicts(figures)
    if args.memmap_readings > 0:
        bench_memmap(args.memmap_readings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
