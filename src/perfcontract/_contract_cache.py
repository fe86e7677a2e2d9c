"""Compiled contracts kept between runs, so that a contract is parsed once.

Parsing and checking a contract of 2,000 measures takes about a third of a
second, most of it in the parser; reading the compiled contract back takes
about a tenth of that, and a small contract read back never imports the
parser (lark), which costs a command more than parsing it. So
:func:`perfcontract.load` and every command keep each contract read from a
file, and :func:`perfcontract.loads` each string of :data:`SMALLEST`
characters or more, once compiled, in the user's cache directory, under a
name made from a hash of its text, the name it was read under (which its
messages quote), and this installation of perfcontract as it was imported
(the contents of its files, and of those that start lark, attrs and numpy,
and Python's version): a file that changes by one character, or a
perfcontract that changes by one line, is parsed again. Only contracts
without problems are kept; a contract with a problem is parsed each time,
so that its messages are always new.

The file is a pickle: kept and read as :mod:`perfcontract._cachefile` keeps
and reads the parser, and :data:`KEPT` at most (and :data:`BUDGET` bytes), the
least recently used removed. docs/reference/cache.md says all this for users.

```pycon
>>> cache_file('contract "Small" { }', "small.contract") is None  # a string: parsed
True
>>> kept_at = cache_file('contract "Small" { }', "small.contract", smallest=0)  # a file's
>>> kept_at is None or os.path.basename(os.path.dirname(kept_at))
'contracts'

```
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import re
import sys
import time

from perfcontract._cachefile import (
    StrPath,
    cache_wanted,
    read_kept,
    remove_own,
    user_cache_home,
    write_kept,
)
from perfcontract._collector import paused
from perfcontract._fingerprint import contract_fingerprint
from perfcontract.model import Contract

__all__ = ["KEPT", "SMALLEST", "cache_file", "keep", "kept"]

SMALLEST = 64 * 1024  # characters (about 200 measures) of a string kept by loads
KEPT = 64  # compiled contracts kept; the least recently used beyond them are removed
BUDGET = 256 * 1024 * 1024  # bytes they may take together, likewise
MAX_BYTES = 128 * 1024 * 1024  # a kept contract is about 1.5 bytes a character of its text
FORMAT = 1  # bump when what is kept, or how, changes
FOLDER = "contracts"
_MAGIC = b"perfcontract compiled contract\n"
_FILE = re.compile(r"contract-[0-9a-f]{32}\.pickle")
_TEMPORARY = ".contract-"  # how a file being written starts; it ends .tmp


def _installation() -> bytes | None:
    """A hash of what this installation of perfcontract is: where it is, the contents of
    every file of the package and of the grammar, those of the files that start and name
    lark, attrs and numpy, and Python's version; None when a file cannot be read (then
    nothing is kept). Worked out without importing lark, which a contract read back
    compiled never needs."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    try:
        here = os.path.dirname(os.path.realpath(__file__))
        grammar = os.path.join(os.path.dirname(os.path.dirname(here)), "grammar")  # editable
        files: list[tuple[str, str]] = []
        for top in (here, grammar) if os.path.isdir(grammar) else (here,):
            for folder, folders, names in os.walk(top, onerror=_raise):
                folders[:] = sorted(f for f in folders if f != "__pycache__")
                files += [
                    (top, os.path.join(folder, n)) for n in sorted(names) if n.endswith(_OURS)
                ]
        for name in ("lark", "attr", "numpy"):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None:
                folder = os.path.dirname(spec.origin)
                named = [os.path.join(folder, n) for n in ("version.py", "_version.py")]
                top = os.path.dirname(folder)
                files += [(top, f) for f in [spec.origin, *named] if os.path.isfile(f)]
        for top, path in files:
            with open(path, "rb") as file:
                data = file.read()
            label = f"{os.path.relpath(path, top)} {len(data)}\n"
            digest.update(label.encode("utf-8", "surrogatepass"))
            digest.update(data)
    except (OSError, ValueError):  # a file gone while read, a broken installation
        return None
    digest.update(here.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _raise(error: OSError) -> None:
    raise error


_OURS = (".py", ".lark")
# This process's perfcontract as it was imported; a contract compiled by it is kept only
# while the files still say the same (an upgrade under a running process is not).
_IMPORTED = _installation() if cache_wanted() else None


def cache_file(text: str, source: str, smallest: int | None = None) -> str | None:
    """Where the compiled contract of ``text`` read as ``source`` is kept, or None when it
    is not to be kept: shorter than ``smallest`` characters (:data:`SMALLEST` unless
    given), ``PERFCONTRACT_CACHE=0``, no cache directory, or an installation whose files
    cannot be looked at."""
    shortest = SMALLEST if smallest is None else smallest
    if len(text) < shortest or not isinstance(source, str) or not cache_wanted():
        return None
    home = user_cache_home()
    if home is None or _IMPORTED is None:
        return None
    key = hashlib.sha256(_IMPORTED)
    for part in (source, text):
        data = part.encode("utf-8", "surrogatepass")
        key.update(b"%d\n" % len(data))  # so that no two (source, text) pairs run together
        key.update(data)
    name = f"contract-{key.hexdigest()[:32]}.pickle"
    return os.path.join(home, "perfcontract", FOLDER, name)


def kept(path: StrPath, source: str) -> Contract | None:
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
    if key != _name(path) or type(contract) is not Contract or contract.source != source:
        return None  # a file renamed or copied into another's place
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: removed after the others
    return contract


def keep(path: StrPath, contract: Contract) -> None:
    """Keep ``contract`` at ``path`` for the next run, then remove the least recently used
    beyond :data:`KEPT` (or :data:`BUDGET`). A contract that cannot be kept only costs
    time next run."""
    try:
        contract_fingerprint(contract)  # kept with it: a report on it needs it at once
        # Kept with its file's name, which holds the hash of its text: a file copied or
        # renamed into another's place is known.
        with paused():
            payload = pickle.dumps((_name(path), contract), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # what no test has met: the contract is used, not kept
        return
    if len(payload) > MAX_BYTES or _installation() != _IMPORTED:
        return  # too large, or compiled by a perfcontract since replaced on disk
    if write_kept(path, _MAGIC, payload, prefix=_TEMPORARY):
        _remove_least_used(os.path.dirname(os.fspath(path)))


def _name(path: StrPath) -> str:
    return os.path.basename(os.fspath(path))


def _remove_least_used(folder: str) -> None:
    """Remove the user's kept contracts in ``folder`` beyond the :data:`KEPT` most recently
    used, or beyond :data:`BUDGET` bytes together, and temporary files an interrupted
    write left an hour ago or more; nothing but the user's own files, named as
    perfcontract names them, is touched."""
    found = []
    abandoned = time.time_ns() - 3600 * 10**9
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):
                    continue
                info = entry.stat(follow_symlinks=False)
                if hasattr(os, "getuid") and info.st_uid != os.getuid():
                    continue  # another user's, in a shared folder: not counted, not touched
                if _FILE.fullmatch(entry.name):
                    found.append((info.st_mtime_ns, info.st_size, entry.name))
                elif entry.name.startswith(_TEMPORARY) and info.st_mtime_ns < abandoned:
                    remove_own(entry.path)
    except OSError:
        return
    total = 0
    for count, (_, size, name) in enumerate(sorted(found, reverse=True), start=1):
        total += size
        if count > KEPT or total > BUDGET:
            remove_own(os.path.join(folder, name))
