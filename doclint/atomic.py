"""Writing a file so that no reader ever sees half of it: every file doclint writes.

The data goes to a temporary file in the same folder (same file system) and replaces
the target in one ``os.replace`` (``replace_bytes``). The callers differ only in what a
failure and a crash may cost:

- reports and baselines (``write_atomic``): CI steps pick them up (``upload-sarif``,
  GitLab's Code Quality widget, the next run's ``--baseline``), sometimes while a
  previous one still exists; they are fsynced, and a failure is an error;
- fixed documents (``doclint.output.fix.write``): fsynced too, keeping the old file's
  mode and owner;
- the cache and the compiled rules (``replace_quietly``): two runs sharing a cache
  never see half a file, but a cache that cannot be written, or is lost in a crash,
  only makes the next run slower: no fsync, no error.
"""

from __future__ import annotations

import contextlib
import os
import stat
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
    replace_bytes(path, text.encode("utf-8"), mode)


def replace_quietly(path: Path, data: bytes) -> None:
    """Replace (or create) ``path``, its folder too if need be, with ``data``, readable
    by us only; give up silently on an OS error."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_bytes(path, data, durable=False)


def replace_bytes(
    path: Path,
    data: bytes,
    mode: int | None = None,
    owner: tuple[int, int] | None = None,
    *,
    durable: bool = True,
) -> None:
    """Replace (or create) ``path`` with ``data``, with ``mode`` (else the temporary
    file's: readable by us only) and, where the OS lets us, ``owner`` (uid, gid);
    ``durable``: fsync the file and the rename. Raises ``OSError`` and then leaves no
    temporary behind."""
    import tempfile  # here: most runs write no file

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if owner is not None:
            _chown(temporary, *owner)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_folder(path.parent)


def _chown(path: str, uid: int, gid: int) -> None:
    """The owner and group when allowed (root), else only the group (one we belong
    to), else neither: the file is then ours, as any editor's save would make it."""
    if not hasattr(os, "chown"):
        return
    for user in (uid, -1):
        with contextlib.suppress(OSError):
            os.chown(path, user, gid)
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


def _umask() -> int:
    """The process umask (reading it means setting it; this is a single-threaded CLI)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
