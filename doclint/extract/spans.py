"""Which parts of a document are code, answered on demand.

Rules ask "is this prose or code?" only where they found something: a link, a
placeholder, a suppression comment. Code blocks, HTML blocks and front matter are known
as soon as the block structure is; the code spans inside a paragraph take a scan of its
text, which most paragraphs never need (the Rust Book: 7,605 paragraphs with a
backtick, 112 of them with a link). So a paragraph is scanned the first time a question
concerns it, and only then.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]
"""File offsets ``[start, end)``."""


def merged(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping or touching ones merged."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


@dataclass
class PendingText:
    """A paragraph or heading whose code spans are found on first need."""

    start: int
    end: int
    """The file offsets its lines cover (to the start of the line after it); every
    span it has lies within."""
    scan: Callable[[], list[Span]]
    """Its code spans and HTML comments (file offsets)."""
    _spans: list[Span] | None = field(default=None, repr=False)

    def spans(self) -> list[Span]:
        if self._spans is None:
            self._spans = merged(self.scan())
        return self._spans


class CodeSpans:
    """The file ranges of a document that are code, not prose: code blocks (fence lines
    included), code spans, HTML blocks and comments, front matter.

    ``known`` are the ranges found while extracting; ``pending`` the paragraphs not
    scanned yet, in file order. The two never overlap (a paragraph holds its own lines).
    """

    def __init__(self, known: Iterable[Span] = (), pending: Sequence[PendingText] = ()) -> None:
        self._known = merged(known)
        self._starts = [start for start, _ in self._known]
        self._pending = pending
        self._pending_starts = [text.start for text in pending]

    def __iter__(self) -> Iterator[Span]:
        """Every range, sorted and merged (scans every pending paragraph)."""
        return iter(merged([*self._known, *(s for text in self._pending for s in text.spans())]))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CodeSpans):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"CodeSpans({list(self)!r})"

    def span_at(self, offset: int) -> Span | None:
        """The range holding ``offset``, or None in prose."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._known[index][1]:
            return self._known[index]
        text = self._text_at(offset)
        if text is not None:
            for span in text.spans():
                if span[0] <= offset < span[1]:
                    return span
        return None

    def covers(self, offset: int) -> bool:
        return self.span_at(offset) is not None

    def holds(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies within one range (it is all code)."""
        span = self.span_at(start)
        return span is not None and end <= span[1]

    def touches(self, start: int, end: int) -> bool:
        """Whether any character of ``[start, end)`` is code."""
        index = bisect.bisect_right(self._starts, start) - 1
        if index >= 0 and start < self._known[index][1]:
            return True
        if index + 1 < len(self._starts) and self._starts[index + 1] < end:
            return True
        first = max(bisect.bisect_right(self._pending_starts, start) - 1, 0)
        for text in self._pending[first:]:
            if text.start >= end:
                break
            if text.end > start and any(s < end and start < e for s, e in text.spans()):
                return True
        return False

    def _text_at(self, offset: int) -> PendingText | None:
        index = bisect.bisect_right(self._pending_starts, offset) - 1
        if index >= 0 and offset < self._pending[index].end:
            return self._pending[index]
        return None
