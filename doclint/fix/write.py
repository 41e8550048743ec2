"""Writing a fixed document back without ever losing what was there.

The new bytes go to a temporary file in the same folder (same file system), are
flushed and fsynced, get the old file's mode (and owner, where the OS lets us), and
then replace the old file in one ``os.replace``: a crash leaves either the old file or
the new one, never half of each. Before that, the file must still be what doclint
read (someone may have saved it in an editor meanwhile), must lie inside the project
once symlinks are resolved, and must be writable: a read-only file is reported, not
forced.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from pathlib import Path

from doclint.source import SourceFile

BOM = "\ufeff"


def encoded(source: SourceFile, text: str) -> bytes:
    """The bytes of ``text`` as the file stores it: UTF-8, with its BOM put back."""
    return ((BOM if source.bom else "") + text).encode("utf-8")


def write_fixed(source: SourceFile, text: str, root: Path) -> str | None:
    """Replace the file of ``source`` with ``text``; the reason it was not written, or
    ``None``. ``root`` is the project the file belongs to."""
    target = source.path.resolve()
    if not target.is_relative_to(root.resolve()):
        return f"not written: it resolves to {target}, outside the project at {root}"
    try:
        status = target.stat()
        current = target.read_bytes()
    except OSError as error:
        return f"not written: cannot read it again ({error.strerror or error})"
    if hashlib.sha256(current).digest() != source.digest:
        return "not written: the file changed on disk after doclint read it; run doclint again"
    if not _writable(target, status):
        return "not written: the file is read-only"
    try:
        _replace(target, encoded(source, text), status)
    except OSError as error:
        return f"not written: {error.strerror or error}"
    return None


def _writable(path: Path, status: os.stat_result) -> bool:
    """Writable by us *and* not marked read-only: root may write anything, but a file
    someone made read-only should stay as it is."""
    has_write_bit = bool(status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return has_write_bit and os.access(path, os.W_OK)


def _replace(target: Path, data: bytes, status: os.stat_result) -> None:
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".doclint-tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_owner(temporary, status)
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _keep_owner(path: str, status: os.stat_result) -> None:
    """Give the new file the old one's owner and group when allowed (root, or a group
    we belong to); otherwise it is ours, as any editor's save would make it."""
    if not hasattr(os, "chown"):
        return
    for uid in (status.st_uid, -1):
        with contextlib.suppress(OSError):
            os.chown(path, uid, status.st_gid)
            return


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | flag)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
