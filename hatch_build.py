"""Build hook: compile the rating kernel (kernel/rating.c) into the wheel.

The kernel is a plain shared library that the engine loads with ctypes, so
it needs a C compiler (``CC``, else the one Python was built with, else
``cc``) but no Python or numpy headers, and one wheel serves every Python 3
on its platform. Without a compiler, or with ``PERFCONTRACT_KERNEL=0`` in
the environment, the wheel is pure Python and the engine rates with numpy
alone: same results, slower.

An editable install compiles the library next to the sources, in
``src/perfcontract/``, where the engine looks for it (and removes one left
there by an earlier install when it cannot compile a new one).
"""

from __future__ import annotations

import ctypes
import os
import platform
import shlex
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("kernel", "rating.c")
LIBRARY = "_rating.so"  # the name perfcontract.engine loads
VERSION = 1  # what the library's perfcontract_kernel_version() must return


class RatingKernelHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        editable = version == "editable"
        target = root / "src" / "perfcontract" / LIBRARY
        if editable:
            target.unlink(missing_ok=True)  # never leave a stale library behind
        if os.environ.get("PERFCONTRACT_KERNEL") == "0":
            return
        self.scratch = tempfile.TemporaryDirectory()
        built = self.compile(root / SOURCE, Path(self.scratch.name, LIBRARY))
        if built is None:
            return
        if editable:
            os.replace(built, target)
        else:
            build_data["force_include"][str(built)] = f"perfcontract/{LIBRARY}"
            build_data["pure_python"] = False
            build_data["tag"] = f"py3-none-{platform_tag()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "scratch", None)
        if scratch is not None:
            scratch.cleanup()

    def compile(self, source: Path, target: Path) -> Path | None:
        """Compile ``source`` into ``target`` with the first compiler that works; None if none."""
        problems = []
        for compiler in compilers():
            command = [*compiler, "-O2", "-shared", "-fPIC", "-o", str(target), str(source)]
            try:
                subprocess.run(command, check=True, capture_output=True, text=True)
            except (OSError, subprocess.CalledProcessError) as error:
                problems.append(f"{shlex.join(command)}: {getattr(error, 'stderr', '') or error}")
                continue
            if loads(target):
                return target
            problems.append(f"{shlex.join(command)}: the library does not load in this Python")
        self.app.display_warning(
            "perfcontract: rating kernel not compiled; the engine will rate with numpy alone.\n"
            + "\n".join(problems)
        )
        return None


def compilers() -> list[list[str]]:
    """The C compilers to try: ``CC`` alone when it is set, else Python's own, then ``cc``."""
    if os.environ.get("CC"):
        return [shlex.split(os.environ["CC"])]
    candidates = [shlex.split(sysconfig.get_config_var("CC") or ""), ["cc"]]
    return [c for i, c in enumerate(candidates) if c and c not in candidates[:i]]


def loads(library: Path) -> bool:
    """Whether this Python can load ``library`` and it is the kernel's version."""
    try:
        return int(ctypes.CDLL(str(library)).perfcontract_kernel_version()) == VERSION
    except (OSError, AttributeError):
        return False


def platform_tag() -> str:
    """This platform's wheel tag, such as ``linux_x86_64``, for one architecture."""
    tag = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    if tag.endswith("_universal2"):  # the compiler built for this machine's only
        tag = tag.removesuffix("universal2") + platform.machine()
    return tag
