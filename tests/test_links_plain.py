"""Plain links and headings read without markdown-it read exactly as markdown-it reads
them (``doclint.project.markdown_links``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import documents
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shared_data import locate

from doclint.extract.block_lines import atx_heading, fence_opener
from doclint.project import markdown_links as links

REPO = Path(__file__).resolve().parent.parent


def same_links(chunk: str) -> bool:
    plain = links._plain_links(chunk)
    return plain is None or plain == list(links._parsed_links(chunk))


def same_heading(text: str) -> bool:
    return links._heading_text(text, {}) == links._plain(links._inline(text))


def same_definitions(body: str) -> bool:
    """The definitions tried at ``]:`` lines are those a scan of every line finds."""
    found = [match.span() for match in links._definitions(body)]
    return found == [match.span() for match in links._DEFINITION.finditer(body)]


def _item_bound(line: str, above: str) -> int:
    """The indentation below which a fence on ``line`` ends with its list item: the
    width of the list marker on its line, or its indentation under a list item line
    above it; 0 when it is in no list item."""
    marker = re.match(r"[ ]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+", line)
    if marker:
        return marker.end()
    indent = len(line) - len(line.lstrip(" "))
    item = re.match(r"([ ]*)(?:[-*+]|[0-9]{1,9}[.)])[ \t]", above)
    if indent == 0 or line[:indent].count("\t") or item is None or len(item.group(1)) >= indent:
        return 0
    return indent


def every_line_headings(body: str) -> Iterator[str]:
    """The reference for ``_headings``: the same reading, one line after the other."""
    fence = ""
    bound = 0  # a fence in a list item ends with the item: at a line indented less
    previous = raw_previous = ""
    for quoted in body.split("\n"):
        line = links._QUOTE_MARKERS.sub("", quoted) if ">" in quoted else quoted
        raw_before, raw_previous = raw_previous, quoted
        first = line.lstrip(" \t")[:1]
        opener = fence_opener(line, loose=True) if first in links._FENCE_CHARS and first else None
        columns = line.expandtabs(4)  # a tab indents to the next multiple of four
        if fence and bound and first and len(columns) - len(columns.lstrip(" ")) < bound:
            fence = ""
        elif fence:
            if opener and opener[0][0] == fence[0] and len(opener[0]) >= len(fence):
                fence = ""
            previous = ""
            continue
        if opener:
            fence, previous, bound = opener[0], "", _item_bound(line, raw_before)
            continue
        atx = atx_heading(line, loose=True) if first == "#" else None
        if atx is not None:
            yield atx
            line = ""
        elif (
            previous
            and first in links._SETEXT_CHARS
            and links._SETEXT.fullmatch(line)
            and not links._NOT_PARAGRAPH.match(previous)
        ):
            yield previous.strip()
            line = ""
        previous = line if not line.startswith(("    ", "\t")) else ""


def same_headings(body: str) -> bool:
    return list(links._headings(body)) == list(every_line_headings(body))


def assert_same_reading(paths: list[Path], plain_at_least: int) -> None:
    """Links, definitions and headings of real documents read the same both ways, and
    more than ``plain_at_least`` blocks take the plain path (so that it is tested)."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
    chunks, plain = [], 0
    for text in texts:
        body = links._body(text)
        for block in re.split(r"\n[ \t]*\n", body):
            if "](" in block:
                chunks.append(block)
                plain += links._plain_links(block) is not None
    assert plain > plain_at_least
    assert [text[:80] for text in texts if not same_definitions(links._body(text))] == []
    assert [text[:80] for text in texts if not same_headings(links._body(text))] == []
    assert [chunk for chunk in chunks if not same_links(chunk)] == []
    titles = [m.group(1) for t in texts for m in re.finditer(r"(?m)^#+ (.*)$", t)]
    assert [title for title in titles if not same_heading(title)] == []


def test_documents_of_the_checkout() -> None:
    assert_same_reading(documents(REPO / "fixtures"), 10)


@pytest.mark.shared("corpus", "bench/rust-book")
def test_shared_documents() -> None:
    assert_same_reading(documents(locate("corpus"), locate("bench/rust-book")), 100)


PIECE = st.sampled_from(
    [
        "[a](b.md)", "![img](x.png)", "[](e)", "[a]()", "[a](b c)", "[a](<b>)", "[a](b(c))",
        "[a [b] c](d)", "[a][b]", "[a]", "]", "[", "(", ")", "](", "`", "``", "`](x)`",
        "[`x`](y)", "[a](b`c`)", "\\[a](b)", "&amp;", "<a>", "<http://x>", "!", "!!", "*",
        "_", "**b**", "x", " ", "\n", "  \n", "#", "[a](b 'c')", "[a](b\n)", "[a\nb](c)",
        "é", "[a](b#c)", "[a](../b/c.md#d)", "[a](http://x/y?z=1)", '[a](b"c)',
        "`<b>`", "`Vec<T>`", "`&amp;`", "`\\`", "`a<`", "<`", "`>", "\\`",
    ]
)  # fmt: skip


@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECE, max_size=12).map("".join))
def test_generated_blocks(chunk: str) -> None:
    assert same_links(chunk)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECE, max_size=8).map("".join).map(lambda text: text.replace("\n", " ")))
def test_generated_headings(text: str) -> None:
    assert same_heading(text)


DEFINITION_PIECE = st.sampled_from(
    [
        "[a]: b", "[a]:", "]:", "[", "]", "\\]", "[^1]: x", "> ", ">", "   ", "    ", "\t",
        "\n", "\n\n", "<b c>", "<", ">", "x", " ", "[a]:\n  b", "[a\\]:b]: c", "[]: x",
    ]
)  # fmt: skip


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DEFINITION_PIECE, max_size=14).map("".join))
def test_generated_definitions(body: str) -> None:
    assert same_definitions(body)


HEADING_LINE = st.tuples(
    st.sampled_from(["", "", " ", "   ", "    ", "\t", "> ", ">", "> > ", "  > "]),
    st.sampled_from(
        [
            "", "x", "a b", "# h", "## h #", "#", "#x", "===", "---", "- a", "-", "```", "````",
            "``` x", "~~~", "`", "~", "=", "1. x", "h {#id}", "*a*", "| a |", "---  ",
        ]
    ),
).map("".join)  # fmt: skip


@settings(max_examples=4000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HEADING_LINE, max_size=12).map("\n".join))
@example("- a\n ```\n\t# h")  # a tab-indented line stays inside the fence
def test_generated_heading_lines(body: str) -> None:
    assert same_headings(body)
