"""Writing a report or a baseline so that no reader ever sees half of it.

CI steps pick these files up (``upload-sarif``, GitLab's Code Quality widget, the
next run's ``--baseline``), sometimes while a previous one still exists: the text goes
to a temporary file in the same folder, is fsynced, and replaces the target in one
``os.replace``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from doclint.errors import DoclintError


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) ``path`` with ``text`` in UTF-8; ``DoclintError`` on failure."""
    try:
        _replace(path, text)
    except OSError as error:
        raise DoclintError(f"cannot write: {error.strerror or error}", str(path)) from None


def _replace(path: Path, text: str) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    """The process umask (reading it means setting it; this is a single-threaded CLI)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
