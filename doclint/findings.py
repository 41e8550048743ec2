"""What a rule reports, and what a run found: the vocabulary the output side reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from doclint.errors import Diagnostic
from doclint.source import SourceFile


class Edit(NamedTuple):
    """Replace the file characters ``[start, end)`` with ``text``."""

    start: int
    end: int
    text: str


class Fix(NamedTuple):
    """Edits that resolve a finding. ``safe`` fixes are applied by ``--fix``; the
    others only with ``--unsafe-fixes``."""

    edits: tuple[Edit, ...]
    safe: bool
    description: str


@dataclass(frozen=True)
class Finding:
    """One problem a rule found, at exact file offsets and their line and column."""

    code: str
    message: str
    path: str
    """Display path (relative to the working directory, ``/`` separators)."""
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str = "error"
    rule: str = ""
    """The rule's name (``unknown-container``)."""
    suggestion: str | None = None
    fix: Fix | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass
class FileResult:
    """Everything linting one document produced, in the order it was produced; what a
    worker process sends back and what the cache keeps."""

    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Structural problems, checker failures and bad suppressions, as they arose."""
    notices: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    """What was accepted and why, shown only with ``--verbose``."""


@dataclass
class RunResult:
    """What a run found, in document order: what reporters show and the exit code reads."""

    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    """Notes shown only with ``--verbose``; unlike notices, they leave "All clear"."""
    files_checked: int = 0
    sources: dict[str, SourceFile] = field(default_factory=dict)
    """The linted documents by display path (reporters show their lines)."""

    @property
    def fatal(self) -> bool:
        return any(d.fatal for d in self.diagnostics)
