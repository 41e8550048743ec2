"""The common output of both shell parsers (bashlex and the tolerant fallback).

A ``RawCommand`` holds only the spans of its words in the (masked) snippet text;
values, file offsets and prefix stripping come later, in one place, whichever parser
found the command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(eq=False)
class RawCommand:
    """A simple command as word spans of the snippet text, before words get values."""

    words: list[tuple[int, int]]
    """``[start, end)`` of each word in the snippet text, leading assignments included,
    redirections left out."""
    pipeline: list[RawCommand] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.words[0][0] if self.words else -1


Stage = tuple[RawCommand | None, list[RawCommand]]
"""One stage of a pipeline: its simple command (None for a compound command such as
``while ...; done``) and every command found inside it."""


def link_pipeline(stages: Sequence[Stage]) -> None:
    """Give each simple command of a pipeline the commands of the stages after it.

    A later simple stage contributes itself; a later compound stage contributes all the
    commands inside it. Commands inside a compound stage get no pipeline of their own.
    """
    for index, (head, _) in enumerate(stages):
        if head is None:
            continue
        head.pipeline = [
            command
            for later_head, inside in stages[index + 1 :]
            for command in ([later_head] if later_head is not None else inside)
        ]
