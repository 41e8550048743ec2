"""Character offsets ↔ LSP positions.

doclint counts in characters (Python string indices) from the start of a document's
text; LSP counts lines from 0 and, within a line, code units of the encoding the client
and server agreed on: UTF-16 unless the client offers another (an emoji is one
character, two UTF-16 units, four UTF-8 bytes). LSP ends lines at ``\\n``, ``\\r\\n``
and ``\\r``, which is what the editor shows; doclint's own line numbers (``\\n`` only)
are not used here.
"""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UNIT_BYTES = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


class LineIndex:
    """Positions in one text, for one position encoding (``utf-8``, ``utf-16`` or
    ``utf-32``, as LSP names them)."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding if encoding in _UNIT_BYTES else "utf-16"
        self._unit = _UNIT_BYTES[self.encoding]
        self._codec = "utf-16-le" if self._unit == 2 else "utf-32-le" if self._unit == 4 else ""
        self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
        self._ends = [match.start() for match in _LINE_BREAK.finditer(text)] + [len(text)]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def _units(self, piece: str) -> int:
        if piece.isascii():
            return len(piece)
        if self._unit == 1:
            return len(piece.encode("utf-8", "surrogatepass"))
        return len(piece.encode(self._codec, "surrogatepass")) // self._unit

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and code unit of a character offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        offset = min(offset, self._ends[line])  # inside a CRLF: the end of its line
        return line, self._units(self.text[start:offset])

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position; past the end of its line (or in the
        middle of a character) it stands at the end of the line (or after the character),
        past the last line at the end of the text."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._ends[line]
        piece = self.text[start:end]
        if piece.isascii():
            return start + max(0, min(character, len(piece)))
        units = 0
        for index, char in enumerate(piece):
            if units >= character:
                return start + index
            units += self._units(char)
        return end

    def line_text(self, line: int) -> str:
        """A 0-based line without its line break."""
        return self.text[self._starts[line] : self._ends[line]]

    def line_end(self, line: int) -> int:
        """Offset of the end of a 0-based line (before its line break)."""
        return self._ends[line]

    def line_start(self, line: int) -> int:
        return self._starts[line]
