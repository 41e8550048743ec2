"""Fence and ATX heading lines: CommonMark's reading, and the loose one of the heading
scan, which differs only where the module says."""

from __future__ import annotations

import pytest

from doclint.extract.block_lines import atx_heading, fence_closer, fence_opener


@pytest.mark.parametrize(
    ("line", "strict", "loose"),
    [
        ("```bash", ("```", "bash"), ("```", "bash")),
        ("   ~~~~ yaml title", ("~~~~", " yaml title"), ("~~~~", " yaml title")),
        ("    ```", None, None),  # indented code
        ("``", None, None),
        ("\t```", None, ("```", "")),  # a tab indents: code, or a list item's fence
        ("``` a`b", None, ("```", " a`b")),
        ("~~~ a`b", ("~~~", " a`b"), ("~~~", " a`b")),
    ],
)
def test_fence_openers(
    line: str, strict: tuple[str, str] | None, loose: tuple[str, str] | None
) -> None:
    assert fence_opener(line) == strict
    assert fence_opener(line, loose=True) == loose


@pytest.mark.parametrize(
    ("after", "strict", "loose"),
    [
        ("```\n", True, True),
        ("  ````  \n", True, True),
        ("~~~\n", False, False),
        ("``\n", False, False),
        ("```bash\n", False, True),
        ("\t```\n", False, True),
        ("> ```\n", False, True),
    ],
)
def test_fence_closers(after: str, strict: bool, loose: bool) -> None:
    text = "```\ncode\n" + after
    start = text.index("\n")  # searched from the end of the opening line
    assert bool(fence_closer("```").search(text, start)) is strict
    assert bool(fence_closer("```", loose=True).search(text, start)) is loose


@pytest.mark.parametrize(
    ("line", "strict", "loose"),
    [
        ("# Title", "Title", "Title"),
        ("###   Title  ###  ", "Title", "Title"),
        ("## Title#", "Title#", "Title#"),
        ("# #", "", ""),
        ("######", "", ""),
        ("#######", None, None),
        ("#Title", None, None),
        ("   # Title", "Title", "Title"),
        ("    # Title", None, None),
        ("\t# Title", None, "Title"),
        ("# \\#", "\\#", "\\#"),
    ],
)
def test_atx_headings(line: str, strict: str | None, loose: str | None) -> None:
    assert atx_heading(line) == strict
    assert atx_heading(line, loose=True) == loose
