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

import hashlib
import os
import stat
from pathlib import Path

from doclint.atomic import replace_bytes
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
    owner = (status.st_uid, status.st_gid)
    try:
        replace_bytes(target, encoded(source, text), stat.S_IMODE(status.st_mode), owner)
    except OSError as error:
        return f"not written: {error.strerror or error}"
    return None


def _writable(path: Path, status: os.stat_result) -> bool:
    """Writable by us *and* not marked read-only: root may write anything, but a file
    someone made read-only should stay as it is."""
    has_write_bit = bool(status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return has_write_bit and os.access(path, os.W_OK)
