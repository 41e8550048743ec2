"""Pull the shell text out of documents: fenced and indented code blocks, console
transcripts, inline code spans and whole shell scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from doclint.extract.spans import CodeSpans
from doclint.source import MappedText

SCHEDULED = "scheduled"
"""Where a command runs that a crontab line schedules: on this machine, from the home
folder of the user cron runs it as, not from the folder the document is read in."""
REMOTE = "remote"
"""Where the command ``ssh host 'docker ps'`` hands to another machine runs: that
machine's files, compose projects and ports are not this repository's."""


class Snippet(NamedTuple):
    """A piece of shell text found in a document, ready for the shell parser.

    In console transcripts only the prompt lines (prompt removed) and their
    continuations are kept; output lines are left out entirely.
    """

    text: MappedText
    kind: str
    """``"fence"``, ``"indented"``, ``"inline"`` (a code span in prose) or ``"script"``."""
    language: str
    """First word of the fence's info string, lower-cased (``""`` when unlabelled)."""
    line: int
    """1-based line of the first character of the snippet's content."""
    where: str = ""
    """Where its commands run when the document does not decide it: ``""`` (where the
    reader is), or ``SCHEDULED`` for the commands of crontab lines."""


@dataclass(frozen=True)
class ExtractedDocument:
    """Everything extraction learns about one document."""

    snippets: list[Snippet]
    code_spans: CodeSpans
    """File offset ranges ``[start, end)`` that are code, not prose: fenced and indented
    blocks (fence lines included), inline code spans, HTML comments and front matter.
    For a shell script, the whole file."""
    problems: list[tuple[int, str]] = field(default_factory=list)
    """Structural problems found while extracting, as ``(1-based line, message)``: a
    code fence that is never closed swallows the rest of the document."""
