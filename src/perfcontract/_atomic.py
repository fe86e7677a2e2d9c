"""Writing a file so that it is either wholly the new text or still wholly the old.

Every file perfcontract writes (``fmt`` rewriting a contract, ``report -o``)
goes through :func:`write_text_atomic`: the text is written to a temporary
file in the same directory, flushed and synced to the disk, given the old
file's permissions and, where the process may set them, its owner and group,
and only then renamed over the old file (``os.replace``, one step on every
platform). If anything fails on the way (a full disk, a read-only
directory), the temporary file is removed and the old file is as it was; the
error is the ``OSError`` that caused it.

The owner and group are kept when the process may set them: root running
``fmt`` on a user's contract leaves it the user's, not root's. A process that
may not (an ordinary user writing a file of another's group, say) leaves the
new file its own, as any editor that saves through a temporary file does.

A file that is not writable (no write permission bit set at all, or one the
user may not write) is refused as ``open()`` would refuse it, although
renaming over it would succeed: its owner has said it is not to change. A
symbolic link is followed, so the file it points to gets the new text and
the link stays a link. A file with more than one hard link is not written
through its links: the name given is renamed to a new file, and the file's
other names keep the old text. Something that is not a regular file (a
named pipe, a terminal) is written to directly, as nothing can be renamed
over it; so is a file named through a process's open descriptor
(``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``), and after what it
holds, so that ``-o /dev/stdout >> log`` adds to the log. A name that ends
in a slash names a folder, never a file, and is refused as ``open()``
refuses it.

```pycon
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text_atomic(folder / "report.md", "# Quarter 4\\n")
>>> (folder / "report.md").read_text(), [p.name for p in folder.iterdir()]
('# Quarter 4\\n', ['report.md'])

```
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from typing import NoReturn

__all__ = ["write_text_atomic"]


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8, line ends as given), all or nothing.

    ```pycon
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.contract"
    >>> _ = path.write_text("old"); path.chmod(0o640)
    >>> write_text_atomic(path, "new")
    >>> path.read_text(), oct(path.stat().st_mode & 0o777)
    ('new', '0o640')

    ```
    """
    data = text.encode("utf-8")
    name = os.fspath(path)
    if name.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        _refuse_a_folder(name)
    if _through_a_descriptor(name):
        with open(name, "ab") as file:  # what is there already stays, as `>>` keeps it
            file.write(data)
        return
    target = os.path.realpath(path)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(target, "wb") as file:  # a device or a pipe: nothing to rename over
            file.write(data)
        return
    if old is not None and (not old.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
    # The new file gets the old one's permissions; a file made new gets the umask's.
    mode = 0o666 if old is None else stat.S_IMODE(old.st_mode)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows
    descriptor = os.open(temporary, flags, mode)
    try:
        try:
            rest = memoryview(data)
            while rest:
                rest = rest[os.write(descriptor, rest) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if old is not None:
            _same_owner(temporary, old)  # before chmod: a change of owner may clear set-id bits
            os.chmod(temporary, stat.S_IMODE(old.st_mode))  # exactly, whatever the umask
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _refuse_a_folder(name: str) -> NoReturn:
    """Raise what ``open(name, "w")`` raises for a name that ends in a slash."""
    if os.path.isdir(name) or not os.path.lexists(name.rstrip("/" + os.sep)):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), name)


# The folders whose entries are a process's open descriptors, as the system names them.
_DESCRIPTORS = re.compile(r"/proc/[^/]+/fd|/dev/fd")


def _through_a_descriptor(name: str) -> bool:
    """Whether ``name`` or a link on the way from it is an entry of ``/proc/PID/fd`` or
    ``/dev/fd``: the file open on a descriptor, which may be a pipe, or a file being
    appended to, and which no renamed file can stand for."""
    hop = os.path.abspath(name)
    for _ in range(40):  # as many links as the system follows
        folder = os.path.realpath(os.path.dirname(hop))
        if _DESCRIPTORS.fullmatch(folder.replace(os.sep, "/")):
            return True
        try:
            link = os.readlink(hop)
        except OSError:  # not a link (or not there): the name stands for itself
            return False
        hop = os.path.join(folder, link)
    return False


def _same_owner(path: str, old: os.stat_result) -> None:
    """Give ``path`` the owner and group of the file it replaces, where the process may."""
    new = os.stat(path)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid) or not hasattr(os, "chown"):
        return
    try:
        os.chown(path, old.st_uid, old.st_gid)
    except OSError:  # not root: the group alone, if the writer is in it
        if new.st_gid != old.st_gid:
            with contextlib.suppress(OSError):  # nor in the group: the writer's it stays
                os.chown(path, -1, old.st_gid)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable, where the platform can sync a directory."""
    try:
        descriptor = os.open(folder or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems, and Windows, cannot sync a directory: the rename stands
    finally:
        os.close(descriptor)
