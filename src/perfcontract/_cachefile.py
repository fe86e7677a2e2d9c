"""Files kept between runs in the user's own cache directory, read back only when trusted.

Two things are kept: the built parser (``_parse``) and compiled contracts
(``_contract_cache``). Both are pickles, and reading a pickle someone else
wrote could run their code, so a kept file lives only in the user's cache
directory, is written whole or not at all, and is read only when it is a
regular file of a bounded size that the user owns and nobody else can write,
whose header holds the digest of the rest. docs/reference/cache.md says all
this for users.

Paths are strings (or path objects), so that reading a cache never imports
:mod:`pathlib`, which costs a command a few milliseconds.

```pycon
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "x.pickle")
>>> write_kept(path, b"demo\\n", b"payload", prefix=".x-")
True
>>> read_kept(path, b"demo\\n", limit=1024)
b'payload'
>>> read_kept(path, b"other\\n", limit=1024) is None
True

```
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys

StrPath = str | os.PathLike[str]

__all__ = ["cache_wanted", "read_kept", "remove_own", "user_cache_home", "write_kept"]

_DIGEST = hashlib.sha256


def cache_wanted() -> bool:
    """False when ``PERFCONTRACT_CACHE=0`` turns every cache off."""
    return os.environ.get("PERFCONTRACT_CACHE", "1") != "0"


def user_cache_home() -> str | None:
    """The user's cache directory as the platform names it, or None where there is none.

    Linux and the BSDs: ``$XDG_CACHE_HOME``, else ``~/.cache``; macOS:
    ``~/Library/Caches``; Windows: ``%LOCALAPPDATA%``. A relative path (an
    unset home, a relative ``$XDG_CACHE_HOME``, which the XDG specification
    says to ignore) is never used: it would put the cache wherever the command
    happens to run.
    """
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(home, "Library", "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.join(home, ".cache")
    return base if os.path.isabs(base) else None


def _mine(info: os.stat_result) -> bool:
    """Whether a file is the user's own (always, where files have no owners)."""
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def _trusted(info: os.stat_result, limit: int) -> bool:
    """Whether a file is one a cache may read: a regular file of at most ``limit`` bytes
    and, on POSIX, the user's own, which nobody else can write."""
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        return False
    if hasattr(os, "getuid"):
        return _mine(info) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


def _folders(path: StrPath) -> list[str]:
    """The folders a cache file at ``path`` lies in that perfcontract made: from its own
    folder in the user's cache directory down to the file's (the cache directory itself,
    which a user may have made a link to another disk, is the user's business); for a
    file elsewhere, its folder alone."""
    folder = os.path.dirname(os.path.abspath(path))
    home = user_cache_home()
    root = os.path.join(home, "perfcontract") if home is not None else None
    if root is None or (folder != root and not folder.startswith(root + os.sep)):
        return [folder]
    chain = [root]
    for part in os.path.relpath(folder, root).split(os.sep):
        if part != os.curdir:
            chain.append(os.path.join(chain[-1], part))
    return chain


def _sound_folder(folder: str, make: bool) -> bool:
    """Whether a cache may use ``folder``: a real folder, never a link (a link to
    ``/etc`` would have the cache written there). With ``make``, one that is missing is
    made, and one of the user's own that others may read or write is made theirs alone
    (mode 0700), as the docs say. (A folder shared with another user may be used: every
    file in it is still read only when it is the user's own.)"""
    try:
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            if not make:
                return False
            os.mkdir(folder, 0o700)
            info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):  # a link, even to a folder, is never followed
            return False
        if make and info.st_mode & 0o077 and _mine(info):
            os.chmod(folder, 0o700)
    except OSError:
        return False
    return True


def sound_folders(path: StrPath, make: bool = False) -> bool:
    """Whether every folder perfcontract made on the way to ``path`` may be used (see
    :func:`_sound_folder`), made where missing with ``make``."""
    folders = _folders(path)
    if make and not os.path.isdir(os.path.dirname(folders[0])):
        try:  # a new account's cache directory (the XDG specification says 0700)
            os.makedirs(os.path.dirname(folders[0]), mode=0o700, exist_ok=True)
        except OSError:
            return False
    return all(_sound_folder(folder, make) for folder in folders)


def read_kept(path: StrPath, magic: bytes, limit: int) -> bytes | None:
    """The payload kept at ``path`` under the header ``magic``, or None when the file is
    missing or not to be trusted.

    The file is looked at before it is opened (a symbolic link, a FIFO, a
    device or a directory is never opened), opened without following links
    and without blocking, and looked at again through the open file, which
    must be the one looked at first. Its header must be ``magic`` and the
    digest of the rest, so a truncated or edited file is caught.
    """
    try:
        first = os.lstat(path)
        if not _trusted(first, limit) or not sound_folders(path):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
        try:
            opened = os.fstat(descriptor)
            if not _trusted(opened, limit) or (opened.st_dev, opened.st_ino) != (
                first.st_dev,
                first.st_ino,
            ):
                return None
            chunks = []
            size = 0
            while size <= limit:
                chunk = os.read(descriptor, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(descriptor)
    except OSError:
        return None
    data = b"".join(chunks)
    if size > limit or not data.startswith(magic):
        return None
    digest, newline, payload = data[len(magic) :].partition(b"\n")
    if not newline or digest != _DIGEST(payload).hexdigest().encode():
        return None
    return payload


def write_kept(path: StrPath, magic: bytes, payload: bytes, prefix: str) -> bool:
    """Keep ``payload`` at ``path`` under the header ``magic``, whole or not at all; False
    when it could not be written (a failure only costs time).

    The file is written under a temporary name starting ``prefix`` in the same
    directory (created by :func:`tempfile.mkstemp`, so only the user can read
    or write it), then renamed over ``path``: a reader sees the old file or
    the new one, never part of one, even with two runs at once.
    """
    import tempfile  # only when a cache is written

    data = magic + _DIGEST(payload).hexdigest().encode() + b"\n" + payload
    try:
        folder = os.path.dirname(os.fspath(path))
        if not sound_folders(path, make=True):
            return False
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def remove_own(path: StrPath) -> bool:
    """Remove the file at ``path`` if it is a regular file of the user's own; never follows
    nor removes a link. False when it was not removed."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and _mine(info):
            os.unlink(path)  # never follows a link, even one put there since
            return True
    except OSError:
        pass
    return False
