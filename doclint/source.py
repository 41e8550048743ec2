"""Source files and text that remembers where each character came from.

Every finding doclint reports points at an exact line and column of the original
file. Code is extracted from Markdown (fences inside lists and block quotes, prompts
stripped from console transcripts, output lines dropped), so the text the shell
parser sees is not a slice of the file. ``MappedText`` carries, for every character
it holds, the offset of that character in the file; positions survive any amount of
cutting and joining.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from pathlib import Path


@dataclass
class SourceFile:
    """One file being linted: its text and a line index for offset → (line, column)."""

    path: Path
    """Absolute path on disk."""
    display_path: str
    """Path as reported: relative to the working directory, with ``/`` separators."""
    text: str
    kind: str
    """``"markdown"`` or ``"shell"``."""
    bom: bool = False
    """The file began with a UTF-8 byte order mark, which ``text`` leaves out (a fix
    writes it back)."""
    digest: bytes = b""
    """SHA-256 of the bytes as read, so that ``--fix`` can tell whether the file
    changed on disk before it writes."""
    _starts: array[int] | None = field(default=None, init=False, repr=False, compare=False)
    """Machine integers, not a list: a run with thousands of findings indexes thousands
    of documents, and a list holds an object per line."""

    def line_starts(self) -> array[int]:
        """Offsets of the line starts (the first line's is 0), indexed on first use: a
        run served from the cache reads every document but asks for the lines of the
        few with findings only."""
        if self._starts is None:
            # Each line starts one past the end of the one before: the running sum of
            # the line lengths plus their "\n", added up in C rather than in a loop.
            lengths = map(len, self.text.split("\n")[:-1])
            starts = array("q", [0])
            starts.extend(accumulate(map(add, lengths, repeat(1))))
            self._starts = starts
        return self._starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts())

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        starts = self.line_starts()
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self.line_starts()[line - 1]

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self.line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_at(self, offset: int) -> str:
        """The text of the line holding ``offset``, without its line ending: what
        ``line_text`` gives for its line, found without indexing the lines (a report
        shows one line of each of thousands of documents)."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return self.text[start : len(self.text) if end == -1 else end].rstrip("\r\n")

    def lines(self) -> list[str]:
        return [self.line_text(n) for n in range(1, self.line_count + 1)]


@dataclass(frozen=True)
class MappedText:
    """Text whose every character knows its offset in the source file.

    ``offsets[i]`` is the file offset of ``text[i]``. Characters that do not come from
    the file (a joining newline, say) carry the offset of the nearest real character.
    """

    text: str
    offsets: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.offsets):
            raise ValueError("MappedText needs one offset per character")

    @classmethod
    def from_span(cls, text: str, start: int) -> MappedText:
        """A contiguous slice of the file that begins at ``start``."""
        return cls(text, tuple(range(start, start + len(text))))

    @classmethod
    def join(cls, parts: Iterable[MappedText]) -> MappedText:
        texts: list[str] = []
        offsets: list[int] = []
        for part in parts:
            texts.append(part.text)
            offsets.extend(part.offsets)
        return cls("".join(texts), tuple(offsets))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def replace_text(self, text: str) -> MappedText:
        """Same offsets, new characters of the same length (used to mask placeholders)."""
        if len(text) != len(self.text):
            raise ValueError("a masked text must keep its length")
        return MappedText(text, self.offsets)

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets ``[begin, end)`` covering ``text[start:end]`` (``end`` exclusive)."""
        if not self.offsets:
            return 0, 0
        start = max(0, min(start, len(self.offsets) - 1))
        last = max(start, min(end, len(self.offsets)) - 1)
        return self.offsets[start], self.offsets[last] + 1
