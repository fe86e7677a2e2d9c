"""Compiled contracts kept between runs, so that a large contract is parsed once.

Parsing and checking a contract of 2,000 measures takes about a third of a
second, most of it in the parser; reading the compiled contract back takes
about a tenth of that. So :func:`perfcontract.loads` keeps each contract of
:data:`SMALLEST` characters or more, once compiled, in the user's cache
directory, under a name made from a hash of its text, the name it was read
under (which its messages quote), and this installation of perfcontract (its
files, their sizes and times, and those of lark, attrs, numpy and Python): a
file that changes by one character, or a perfcontract that changes by one
line, is parsed again. Only contracts without problems are kept; a contract with a
problem is parsed each time, so that its messages are always new.

The file is a pickle: kept and read as :mod:`perfcontract._cachefile` keeps
and reads the parser, and :data:`KEPT` at most (and :data:`BUDGET` bytes), the
least recently used removed. docs/reference/cache.md says all this for users.

```pycon
>>> cache_file('contract "Small" { }', "small.contract") is None  # parsed in no time
True

```
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import pickle
import re
import sys
from pathlib import Path

from perfcontract._cachefile import (
    cache_wanted,
    read_kept,
    remove_own,
    user_cache_home,
    write_kept,
)
from perfcontract._collector import paused
from perfcontract.model import Contract

__all__ = ["KEPT", "SMALLEST", "cache_file", "keep", "kept"]

SMALLEST = 64 * 1024  # characters; about 200 measures, which parse in a few tens of ms
KEPT = 16  # compiled contracts kept; the least recently used beyond them are removed
BUDGET = 256 * 1024 * 1024  # bytes they may take together, likewise
MAX_BYTES = 128 * 1024 * 1024  # a kept contract is about 1.5 bytes a character of its text
FORMAT = 1  # bump when what is kept, or how, changes
FOLDER = "contracts"
_MAGIC = b"perfcontract compiled contract\n"
_FILE = re.compile(r"contract-[0-9a-f]{32}\.pickle")


@functools.cache
def _installation() -> bytes | None:
    """What identifies this installation of perfcontract: every file of the package and
    the grammar (the name, size and time of change of each), the files that start lark,
    attrs and numpy (an upgrade rewrites them), and Python's version; None when the
    files cannot be looked at (then nothing is kept). Worked out without importing
    lark, which a contract read back compiled never needs."""
    package = Path(__file__).parent
    facts = [f"{FORMAT} {sys.version}"]
    try:
        checkout = package.resolve().parent.parent / "grammar"  # an editable install's
        for top in (package, checkout):
            for folder, folders, files in os.walk(top):
                folders[:] = sorted(f for f in folders if f != "__pycache__")
                facts += [_file(top, Path(folder, n)) for n in sorted(files) if n.endswith(_OURS)]
        for name in ("lark", "attr", "numpy"):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None:
                facts.append(_file(Path(spec.origin).parent.parent, Path(spec.origin)))
    except (OSError, ValueError):  # a file gone while looked at, a broken installation
        return None
    return "\n".join(facts).encode("utf-8", "surrogatepass")


_OURS = (".py", ".lark")


def _file(top: Path, path: Path) -> str:
    """A file as :func:`_installation` names it: its path under ``top``, size and time."""
    info = os.stat(path)
    return f"{path.relative_to(top)} {info.st_size} {info.st_mtime_ns}"


def cache_file(text: str, source: str) -> Path | None:
    """Where the compiled contract of ``text`` read as ``source`` is kept, or None when it
    is not to be kept: shorter than :data:`SMALLEST`, ``PERFCONTRACT_CACHE=0``, no cache
    directory, or an installation whose files cannot be looked at."""
    if len(text) < SMALLEST or not cache_wanted():
        return None
    home, installation = user_cache_home(), _installation()
    if home is None or installation is None:
        return None
    key = hashlib.sha256(installation)
    for part in (source, text):
        data = part.encode("utf-8", "surrogatepass")
        key.update(b"%d\n" % len(data))  # so that no two (source, text) pairs run together
        key.update(data)
    return home / "perfcontract" / FOLDER / f"contract-{key.hexdigest()[:32]}.pickle"


def kept(path: Path, source: str) -> Contract | None:
    """The contract kept at ``path``, or None when there is none to trust (then the text
    is parsed as if there were no cache)."""
    payload = read_kept(path, _MAGIC, MAX_BYTES)
    if payload is None:
        return None
    try:
        with paused():  # tens of thousands of small acyclic records, as when compiled
            key, contract = pickle.loads(payload)
    except Exception:  # written by another perfcontract: parsed again, and kept anew
        return None
    if key != path.name or type(contract) is not Contract or contract.source != source:
        return None  # a file renamed or copied into another's place
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: removed after the others
    return contract


def keep(path: Path, contract: Contract) -> None:
    """Keep ``contract`` at ``path`` for the next run, then remove the least recently used
    beyond :data:`KEPT` (or :data:`BUDGET`). A contract that cannot be kept only costs
    time next run."""
    try:
        # Kept with its file's name, which holds the hash of its text: a file copied or
        # renamed into another's place is known.
        with paused():
            payload = pickle.dumps((path.name, contract), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # what no test has met: the contract is used, not kept
        return
    if len(payload) <= MAX_BYTES and write_kept(path, _MAGIC, payload, prefix=".contract-"):
        _remove_least_used(path.parent)


def _remove_least_used(folder: Path) -> None:
    """Remove the kept contracts in ``folder`` beyond the :data:`KEPT` most recently used,
    or beyond :data:`BUDGET` bytes together; nothing but perfcontract's own files, named as
    it names them, is touched."""
    try:
        found = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if _FILE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found.append((info.st_mtime_ns, info.st_size, entry.name))
    except OSError:
        return
    total = 0
    for count, (_, size, name) in enumerate(sorted(found, reverse=True), start=1):
        total += size
        if count > KEPT or total > BUDGET:
            remove_own(folder / name)
