"""Errors that end a run with exit code 2 (bad usage, bad configuration, an unreadable
compose file), and per-file problems that are reported while the other files are still
linted. Neither ever reaches the user as a traceback."""

from __future__ import annotations

from typing import NamedTuple


class DoclintError(Exception):
    """A problem with the user's input that doclint cannot work around."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ConfigError(DoclintError):
    """The configuration (file or command line) is invalid."""


class Diagnostic(NamedTuple):
    """A problem with one input that is reported beside the findings.

    ``fatal`` diagnostics (a compose file that is named but unreadable) make the run
    exit 2 once every file has been linted; the others are notices.
    """

    message: str
    path: str | None = None
    line: int | None = None
    fatal: bool = False

    def __str__(self) -> str:
        return str(DoclintError(self.message, self.path, self.line))
