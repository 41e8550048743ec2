"""The one exception the compose loader raises for bad input.

Every problem with a compose file, an ``.env`` file or an ``include``/``extends``
reference (unreadable, not UTF-8, too large, malformed YAML, an unknown tag, a
structure compose would reject) surfaces as a :class:`ComposeError` naming the file
and, where known, the line, so the CLI can print it like any other user error and
never shows a traceback.
"""

from __future__ import annotations

from pathlib import Path

from doclint.errors import DoclintError


class ComposeError(DoclintError):
    """A compose file (or a file it refers to) that cannot be used as compose would."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(message, str(path), line)
        self.file = path
        """The file the problem is in (the referring file when a reference is broken)."""
