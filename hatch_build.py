"""Build hook: compile the rating kernel (kernel/rating.c) into the wheel.

The kernel is a plain shared library that the engine loads with ctypes, so
it needs a C compiler (``CC``, else the one Python was built with, else
``cc``) but no Python or numpy headers, and one wheel serves every Python 3
on its platform. Without a compiler, or with
``PERFCONTRACT_KERNEL=0`` in the environment, the wheel is pure Python and
the engine rates with numpy alone: same results, slower.

An editable install compiles the library next to the sources, in
``src/perfcontract/``, where the engine looks for it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("kernel", "rating.c")
LIBRARY = "_rating.so"  # the name perfcontract.engine loads


class RatingKernelHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("PERFCONTRACT_KERNEL") == "0":
            return
        root = Path(self.root)
        if version == "editable":
            target = root / "src" / "perfcontract" / LIBRARY
        else:
            self.scratch = tempfile.TemporaryDirectory()
            target = Path(self.scratch.name, LIBRARY)
        if not self.compile(root / SOURCE, target):
            return
        if version != "editable":
            build_data["force_include"][str(target)] = f"perfcontract/{LIBRARY}"
            build_data["pure_python"] = False
            build_data["tag"] = f"py3-none-{platform_tag()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "scratch", None)
        if scratch is not None:
            scratch.cleanup()

    def compile(self, source: Path, target: Path) -> bool:
        """Compile ``source`` into the shared library ``target``; False (with a warning) if not."""
        compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
        command = [*compiler, "-O2", "-shared", "-fPIC", "-o", str(target), str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            self.app.display_warning(
                f"perfcontract: rating kernel not compiled ({shlex.join(command)}): {detail}"
                "\nThe engine will rate with numpy alone."
            )
            return False
        return True


def platform_tag() -> str:
    """This platform's wheel tag, such as ``linux_x86_64``."""
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")
