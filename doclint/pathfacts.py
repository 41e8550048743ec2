"""The repository's files as one run sees them: each lookup made once.

A book links the same few pages hundreds of times (the Rust Book: 1,357 relative links
to 400 files) and a runbook names the same scripts again and again; resolving a path
walks every folder of it with ``lstat``. A run never changes the files it reads, so
the answers are kept for the run (an ``Inventory`` holds one ``PathFacts``) and never
beyond it: the next run looks again.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
"""Errors that mean "nothing there", as ``Path.exists`` reads them; others are raised."""


class PathFacts:
    """Memoised ``resolve``, ``exists``, ``is_file`` and ``is_dir``."""

    def __init__(self) -> None:
        # Keyed by strings: a Path hashes its parts again on every lookup.
        self._resolved: dict[tuple[str, str], Path] = {}
        self._modes: dict[str, int] = {}

    def resolve(self, base: Path, relative: str) -> Path:
        """``(base / relative).resolve()``: symbolic links followed, ``..`` removed;
        ``OSError`` for a symbolic link loop.

        The folder part is resolved once for all the names in it; the name itself
        costs one ``lstat``, which also tells whether anything is there."""
        key = (str(base), relative)
        found = self._resolved.get(key)
        if found is None:
            folder, _, name = relative.rpartition("/")
            if name in ("", ".", ".."):
                found = _resolved(base / relative)
            else:
                found = self._named(self.resolve(base, folder), name)
            self._resolved[key] = found
        return found

    def _named(self, folder: Path, name: str) -> Path:
        """``(folder / name).resolve()`` for a resolved ``folder`` and a plain name."""
        path = folder / name
        try:
            mode = os.lstat(path).st_mode
        except OSError as error:
            if error.errno not in _MISSING:
                raise
            return path  # nothing there: resolving stops at the folder, as ``resolve`` does
        if stat.S_ISLNK(mode):
            return _resolved(path)
        self._modes[str(path)] = mode
        return path

    def exists(self, path: Path) -> bool:
        return self._mode(path) != 0

    def is_file(self, path: Path) -> bool:
        return stat.S_ISREG(self._mode(path))

    def is_dir(self, path: Path) -> bool:
        return stat.S_ISDIR(self._mode(path))

    def _mode(self, path: Path) -> int:
        """The file type bits of ``path`` (links followed), 0 when nothing is there."""
        key = str(path)
        mode = self._modes.get(key)
        if mode is None:
            try:
                mode = os.stat(key).st_mode
            except OSError as error:
                if error.errno not in _MISSING:
                    raise
                mode = 0
            except ValueError:  # a NUL in the name
                mode = 0
            self._modes[key] = mode
        return mode


def _resolved(path: Path) -> Path:
    """``path.resolve()``, with a symbolic link loop raised as the ``OSError`` it is
    (``pathlib`` raises ``RuntimeError``, which callers would not expect)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, "symbolic link loop", str(path)) from None
