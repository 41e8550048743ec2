"""The shell vocabulary the rest of doclint works with: words and commands.

A ``Word`` is one shell word after quote removal, with the file span of its raw
spelling, so that a rule can both reason about the value (``kamiyo``) and point at
(or rewrite) the exact characters in the document (``"kamiyo"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Word(NamedTuple):
    value: str
    """The word after quote removal; placeholders are reported as they were written."""
    raw: str
    """The word exactly as spelled in the file (quotes included)."""
    start: int
    """File offset of the first character of the raw word."""
    end: int
    """File offset just past the last character of the raw word."""
    dynamic: bool = False
    """True when the value is not knowable statically: it holds ``$VAR``, ``${..}``,
    ``$(..)``, backticks, globs or a masked placeholder such as ``<container>``."""


@dataclass
class Command:
    """One simple command: ``docker logs -f kamiyo`` with prefixes already removed.

    ``words[0]`` is the program. Prefix commands (``sudo``, ``time``, ``env K=V``,
    ``xargs``, ``watch``...) and leading assignments are stripped and recorded in
    ``prefixes`` so rules can still see them.
    """

    words: list[Word]
    prefixes: list[Word] = field(default_factory=list)
    pipeline: list[Command] = field(default_factory=list)
    """The commands that follow this one in the same pipeline (``docker ps | grep x``
    gives the ``docker ps`` command a pipeline of ``[grep x]``)."""
    snippet_id: int = 0
    """Index of the code snippet (block, script or inline span) it was found in."""
    order: int = 0
    """Position of the command in its document, in reading order."""
    where: str = ""
    """``""`` when it runs where the reader is; ``SCHEDULED`` (a crontab line's) or
    ``REMOTE`` (the command ``ssh host`` runs) when it runs in a folder or on a machine
    doclint cannot see (the names are ``doclint.extract``'s)."""

    @property
    def program(self) -> str:
        return self.words[0].value if self.words else ""

    @property
    def start(self) -> int:
        first = self.prefixes[0] if self.prefixes else self.words[0]
        return first.start

    @property
    def end(self) -> int:
        return self.words[-1].end
