"""The tests' own helper modules (``console_blocks``, ``contract_strategies``) are
imported by name: pytest imports the test modules by path (``--import-mode=importlib``),
so this folder is put on the module search path for them."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
