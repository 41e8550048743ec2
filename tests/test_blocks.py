"""The block scanner yields exactly markdown-it's tokens (the kinds extraction reads),
on real documents and on generated ones built to hit every rule's edges."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_data import locate
from strategies import markdown

from doclint.extract import markdown as extract
from doclint.extract.blocks import BlockToken, block_groups
from doclint.source import SourceFile

REPO = Path(__file__).resolve().parent.parent
KINDS = ("fence", "code_block", "html_block", "inline")

Flat = list[tuple[str, list[int], str, str]]


def _flat(groups: Sequence[tuple[int, Sequence[BlockToken]]]) -> Flat:
    return [
        (token.type, [first + token.map[0], first + token.map[1]], token.content, token.info)
        for first, tokens in groups
        for token in tokens
        if token.type in KINDS and token.map is not None
    ]


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", " ").replace("\0", "\ufffd")


def assert_same_tokens(text: str) -> None:
    text = _normalised(text)
    expected = _flat([(0, extract._block_tokens(text))])
    assert _flat(list(block_groups(text, extract._block_tokens))) == expected


def _shared_documents() -> list[object]:
    """One case per document of the shared corpus and book, marked with its part; a
    part that is missing is one case, its folder, which the marker skips."""
    cases: list[object] = []
    for part in ("corpus", "bench/rust-book"):
        folder = locate(part)
        found = documents(folder) if folder.is_dir() else [folder]
        cases += [pytest.param(path, marks=pytest.mark.shared(part)) for path in found]
    return cases


@pytest.mark.parametrize("path", documents(REPO / "fixtures", REPO / "tests"), ids=str)
def test_documents_of_the_checkout(path: Path) -> None:
    assert_same_tokens(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.parametrize("path", _shared_documents(), ids=str)
def test_shared_documents(path: Path) -> None:
    assert_same_tokens(path.read_text(encoding="utf-8", errors="replace"))


# Lines chosen to sit on the edges of each rule the scanner implements, and to start
# the ones it leaves to markdown-it.
LINE = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "  \t ",
        "text",
        "  indented text",
        "    four spaces",
        "\tcode",
        " \tx",
        "```",
        "```bash",
        "``` bash `x`",
        "````",
        "  ```",
        "   ~~~ sh",
        "    ```",
        "~~~",
        "~~~~~ ",
        "``",
        "```x```",
        "# h",
        "#",
        "## h ##",
        "### h #",
        "#### h \\#",
        "####### h",
        "#h",
        "   # h #  ",
        "h ###",
        "# `code` #",
        "===",
        "=",
        "  ===  ",
        "= =",
        "---",
        "-",
        "- -",
        "- - -",
        "--- x",
        "***",
        "* * *",
        "___",
        "_ _ _",
        "**bold**",
        "*",
        "* item",
        "- item",
        "+ item",
        "+1",
        "1. item",
        "1) item",
        "2. item",
        "1.",
        "123456789. x",
        "1234567890. x",
        "2024 was a year",
        "> quote",
        ">",
        "  > quote",
        "> > nested",
        ">\tx",
        ">  two spaces",
        "> - item",
        "> # h",
        "> ## h ##",
        ">    # h",
        ">     # h",
        "> #",
        "> 2. x",
        "> 1. x",
        "0. zero",
        "01. one",
        "  2. nested",
        "   - nested3",
        "    - nested4",
        "     - nested5",
        "      - deeper",
        "  * star",
        "  1. one",
        "     1. one",
        "    text4",
        "  - ",
        "> ```",
        "\t> tab",
        "- a",
        "* b",
        "+ c",
        "1. d",
        "10) e",
        "-  two spaces",
        "- ```",
        "- # h",
        "- > q",
        "- [a]: /b",
        "  continued",
        "   continued",
        "      deep",
        "  - nested",
        "  ---",
        "  ```",
        " - one space",
        "\t- tab",
        "<div>",
        "</div>",
        "<span class='x'>text</span>",
        "<span>",
        '<Listing number="1">',
        "<!-- comment -->",
        "<!--",
        "-->",
        "text -->",
        "<?php",
        "?>",
        "<!DOCTYPE html>",
        "<![CDATA[",
        "]]>",
        "<script>",
        "</script>",
        "<pre class=x>",
        "</PRE>",
        '<a href="x">',
        "<notatag",
        "< div>",
        "[ref]: https://example.com",
        "[ref]:",
        "[a]: /b",
        "[a]:/b",
        "[ ]: /b",
        "[a]: /b 'title'",
        "[a]: <b>",
        "[a]: /b(c)",
        "[a]: &amp;",
        "'title'",
        "(title)",
        "[link](x.md) text",
        "[a",
        "b]: /url",
        "`code`",
        "`` a ` b ``",
        "docker ps",
        "$ docker logs api",
        "|a|b|",
        "\u00a0nbsp",
        "\u2003em space",
        "x\u0085",
        "\x0c",
    ]
)


@st.composite
def line_soup(draw: st.DrawFn) -> str:
    lines = draw(st.lists(LINE, max_size=30))
    text = "\n".join(lines)
    ending = draw(st.sampled_from(["", "\n", "\n  ", "  "]))
    return text + ending


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line_soup())
def test_generated_line_soup(text: str) -> None:
    assert_same_tokens(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown())
def test_generated_documents(text: str) -> None:
    assert_same_tokens(text)


@pytest.mark.parametrize(
    "folder",
    [
        pytest.param(REPO / "fixtures", id="fixtures"),
        pytest.param(locate("corpus"), id="corpus", marks=pytest.mark.shared("corpus")),
    ],
)
def test_whole_extraction_is_unchanged(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Snippets, code spans and problems, through ``_walk`` and its line offsets."""
    sources = [
        SourceFile(path, str(path), path.read_text(encoding="utf-8", errors="replace"), "markdown")
        for path in documents(folder)
    ]
    scanned = [extract.extract_markdown(source) for source in sources]
    monkeypatch.setattr(extract, "block_groups", lambda text, parse: [(0, parse(text))])
    assert scanned == [extract.extract_markdown(source) for source in sources]
