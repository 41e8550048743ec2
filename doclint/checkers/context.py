"""What a checker sees of one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from doclint.findings import Edit, Finding, Fix

if TYPE_CHECKING:
    from doclint.checkers._made import Located
    from doclint.docker.model import Invocation
    from doclint.extract import ExtractedDocument
    from doclint.judging.rulebook import Rule
    from doclint.project.inventory import Inventory
    from doclint.shell.words import Command
    from doclint.source import SourceFile


def _parser_notices() -> list[str]:
    from doclint.shell.bashlex_loader import notices

    return notices()


class DocumentSnippets(NamedTuple):
    """What the compose snippets in the YAML blocks of a document, and of the documents
    it links to, define: a setup page that has the reader add a service to their
    compose file."""

    containers: frozenset[str]
    """Their ``container_name`` values."""
    services: frozenset[str]
    """Their service names (``certbot-renew:`` under ``services:``)."""


@dataclass
class CheckContext:
    """Everything a checker may read about one document, and where it reports."""

    source: SourceFile
    document: ExtractedDocument
    commands: list[Command]
    invocations: list[Invocation]
    inventory: Inventory
    notices: list[str] = field(default_factory=_parser_notices)
    """What the run should be told (once, however many documents say it): it starts
    with what the parsers have to say about this process (bashlex imported without its
    stored tables), which every document checked here carries."""
    details: list[str] = field(default_factory=list)
    """Notes on what was accepted and why, that only ``--verbose`` shows (once each)."""
    walk: list[Located] | None = field(default=None, repr=False)
    """The document's commands with where each runs (``checkers._workdir``), worked out
    once for every checker that asks."""
    snippets: DocumentSnippets | None = field(default=None, repr=False)
    """What the compose snippets of the document and its linked pages define
    (``checkers._container_doubts``), read once for every checker that asks."""

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

    def replacement(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str,
        new_text: str | None,
        *,
        safe: bool,
        replaces: str | None = None,
    ) -> Finding:
        """A finding whose suggestion is to write ``new_text`` in place of exactly its own
        characters; the fix is applied by ``--fix`` only when ``safe`` (the right name is
        certain), else only with ``--unsafe-fixes``.

        ``replaces`` is the text the checker means to replace. When the file spells it
        otherwise there (escaped, half quoted: the span is then the whole word),
        rewriting those characters could break the command, so there is no fix."""
        fix = None
        old = self.source.text[start:end]
        if new_text is not None and replaces in (None, old):
            description = f"replace `{old}` with `{new_text}`"
            fix = Fix((Edit(start, end, new_text),), safe=safe, description=description)
        return self.finding(rule, start, end, message, new_text, fix)
