"""The tests' own helper modules (``console_blocks``, ``contract_strategies``) are
imported by name: pytest imports the test modules by path (``--import-mode=importlib``),
so this folder is put on the module search path for them. The session's caches are kept
in a folder of its own."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(autouse=True, scope="session")
def own_cache_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The session's caches (the parser, compiled contracts) in a folder of its own, never
    the user's: the cache directory's variables, read at each use, point there (on macOS,
    whose cache directory no variable names, the user's is used)."""
    folder = str(tmp_path_factory.mktemp("cache"))
    names = ("XDG_CACHE_HOME", "LOCALAPPDATA")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, folder))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
