"""``SourceFile`` answers about lines agree with one another."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from doclint.source import SourceFile

TEXT = st.lists(st.sampled_from(["a", "b c", "\n", "\r\n", "\r", "é", "\t", "\n\n"])).map("".join)


@given(TEXT)
def test_line_at_is_the_line_of_the_offset(text: str) -> None:
    """``line_at`` (no line index) gives what ``line_text`` gives for the line that
    ``line_col`` puts the offset on, end of the text included."""
    source = SourceFile(Path("/x.md"), "x.md", text, "markdown")
    for offset in range(len(text) + 1):
        assert source.line_at(offset) == source.line_text(source.line_col(offset)[0])
