"""What a checker sees of one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from doclint.findings import Finding, Fix

if TYPE_CHECKING:
    from doclint.docker.model import Invocation
    from doclint.extract import ExtractedDocument
    from doclint.inventory import Inventory
    from doclint.rulebook import Rule
    from doclint.shell.words import Command
    from doclint.source import SourceFile


@dataclass
class CheckContext:
    source: SourceFile
    document: ExtractedDocument
    commands: list[Command]
    invocations: list[Invocation]
    inventory: Inventory
    notices: list[str] = field(default_factory=list)

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str,
        suggestion: str | None = None,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of ``rule`` covering the file characters ``[start, end)``."""
        line, column = self.source.line_col(start)
        end_line, end_column = self.source.line_col(max(start, end - 1))
        return Finding(
            code=rule.code,
            rule=rule.name,
            severity=rule.severity,
            message=message,
            path=self.source.display_path,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column + 1,
            suggestion=suggestion,
            fix=fix,
        )
