"""Placeholders that documents put where a real value goes, hidden from the parser.

``docker exec -it <container> sh`` is not a redirection from a file called
``container``; ``{{ .Name }}`` is one value, not three words. Each placeholder is
replaced by a same-length run of a neutral character, so the parser sees one plain
word and every position stays exact; the words that cover a placeholder are then
reported with their text as written and ``dynamic=True``.

``[container]`` is left alone: ``[`` is also the test command and a glob, and as a
glob the word is already dynamic. All-caps words such as ``CONTAINER_ID`` are plain
words too.
"""

from __future__ import annotations

import bisect
import re

_PLACEHOLDER = re.compile(
    r"""(?<![<>&\d\w])<[A-Za-z][\w.-]*(?:\ [\w.-]+)*>   # <container>, <your token>
      | \{\{.*?\}\}                                    # {{VAR}}, {{ .Name }}
    """,
    re.VERBOSE,
)
_NEUTRAL = "x"
_SPACED_CONTINUATION = re.compile(r"(?<!\\)\\([ \t]+)(?=\n|$)")
"""A line-ending backslash followed by stray blanks: in a document this is a line
continuation that lost its place in a copy and paste, not an escaped space."""


class Masked:
    """A snippet text with its placeholders neutralised (and CRs turned into blanks),
    same length as the original."""

    def __init__(self, text: str) -> None:
        spans = [match.span() for match in _PLACEHOLDER.finditer(text)]
        chars = list(text.replace("\r", " "))
        for start, end in spans:
            chars[start:end] = _NEUTRAL * (end - start)
        masked = "".join(chars)
        self.text = _SPACED_CONTINUATION.sub(lambda m: m[1] + "\\", masked)
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]

    def covers_placeholder(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` overlaps a masked placeholder."""
        index = bisect.bisect_left(self._ends, start + 1)
        return index < len(self._starts) and self._starts[index] < end
