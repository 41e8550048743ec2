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

_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
"""Errors that mean "nothing there", as ``Path.exists`` reads them; others are raised."""


class PathFacts:
    """Memoised ``resolve``, ``exists``, ``is_file`` and ``is_dir``, on path strings
    (a link check makes several of these per link: ``pathlib`` objects would cost more
    than the lookups they make)."""

    def __init__(self) -> None:
        self._resolved: dict[tuple[str, str], str] = {}
        self._modes: dict[str, int] = {}

    def resolve(self, base: str, relative: str) -> str:
        """``Path(base, relative).resolve()`` as a string: symbolic links followed,
        ``..`` removed; ``OSError`` for a symbolic link loop.

        The folder part is resolved once for all the names in it; the name itself
        costs one ``lstat``, which also tells whether anything is there."""
        key = (base, relative)
        found = self._resolved.get(key)
        if found is None:
            folder, _, name = relative.rpartition("/")
            if name in ("", ".", ".."):
                found = _resolved(os.path.join(base, relative))
            else:
                found = self._named(self.resolve(base, folder), name)
            self._resolved[key] = found
        return found

    def _named(self, folder: str, name: str) -> str:
        """``Path(folder, name).resolve()`` for a resolved ``folder`` and a plain name."""
        path = os.path.join(folder, name)
        try:
            mode = os.lstat(path).st_mode
        except OSError as error:
            if error.errno not in _MISSING:
                raise
            return path  # nothing there: resolving stops at the folder, as ``resolve`` does
        if stat.S_ISLNK(mode):
            return _resolved(path)
        self._modes[path] = mode
        return path

    def exists(self, path: str) -> bool:
        return self._mode(path) != 0

    def is_file(self, path: str) -> bool:
        return stat.S_ISREG(self._mode(path))

    def is_dir(self, path: str) -> bool:
        return stat.S_ISDIR(self._mode(path))

    def _mode(self, path: str) -> int:
        """The file type bits of ``path`` (links followed), 0 when nothing is there."""
        mode = self._modes.get(path)
        if mode is None:
            try:
                mode = os.stat(path).st_mode
            except OSError as error:
                if error.errno not in _MISSING:
                    raise
                mode = 0
            except ValueError:  # a NUL in the name
                mode = 0
            self._modes[path] = mode
        return mode


def _resolved(path: str) -> str:
    """``Path(path).resolve()`` as a string, with a symbolic link loop raised as the
    ``OSError`` it is (``pathlib`` raises ``RuntimeError``)."""
    resolved = os.path.realpath(path)
    try:
        os.stat(resolved)
    except OSError as error:  # non-strict realpath leaves a loop in place: stat finds it
        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "symbolic link loop", path) from None
    return resolved


def suffix(path: str) -> str:
    """``PurePath(path).suffix`` of a normalised path (no trailing separator)."""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def inside(path: str, folder: str) -> bool:
    """``PurePath(path).is_relative_to(folder)`` for normalised paths."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
