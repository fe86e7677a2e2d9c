"""What the benchmarks ran on: printed above every set of figures (SPEC.md section 9)."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable
from importlib import metadata


def _cpu_model() -> str:
    """The processor's name, where the system says it; else what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _usable_cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> list[tuple[str, str]]:
    """The machine and software, as (label, value) pairs."""
    return [
        ("platform", platform.platform()),
        ("cpu", _cpu_model()),
        ("cpus", f"{os.cpu_count()} (usable by this process: {_usable_cpus()})"),
        ("python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("executable", sys.executable),
        (
            "packages",
            ", ".join(
                f"{name} {_version(name)}" for name in ("perfcontract", "lark", "numpy", "attrs")
            ),
        ),
    ]


def print_machine(title: str) -> None:
    """Print a heading and the machine the figures below were measured on."""
    print(title)
    print("=" * len(title))
    for label, value in describe():
        print(f"{label:>10}: {value}")
    print()


def installed_environment() -> dict[str, str]:
    """This process's environment for the fresh processes a benchmark times, as an installed
    package runs: Python's bytecode cache on (pip writes it when it installs the wheel; the
    warm-up run writes it here), whatever ``PYTHONDONTWRITEBYTECODE`` says outside."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def parse_every_time() -> None:
    """Time the parser: from now on in this process every contract is parsed, none read back
    from perfcontract's cache of compiled contracts, which would otherwise serve every
    repetition after the first of a large contract (the built parser is still cached)."""
    from perfcontract import _contract_cache

    _contract_cache.SMALLEST = sys.maxsize


def forget_compiled(path: str | os.PathLike[str], source: str) -> Callable[[], None]:
    """What removes the compiled contract kept for the file ``path`` read under the name
    ``source`` (as a command gives it), so that the next run parses it, as a contract's
    first run does (the parser is still read from its cache)."""
    from perfcontract import _contract_cache
    from perfcontract.loader import contract_text

    with open(path, encoding="utf-8") as file:
        kept = _contract_cache.cache_file(contract_text(file.read()), source, 0)

    def remove() -> None:
        if kept is not None and os.path.exists(kept):
            os.remove(kept)

    return remove
