"""The markdown-it parser, built once per process for each way doclint reads Markdown.

markdown-it-py is imported on first use: documents without code, links or headings
with markup never need it. Extraction runs its block parser as configured for
CommonMark; the link check runs its inline parser with destinations kept as written
(``links_as_written``): doclint resolves them itself and must find them in the file
again, where markdown-it would percent-encode them for HTML and drop those it deems
unsafe. The two stay two parsers: the same hooks decide which reference definitions
the block parser accepts.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def markdown_parser(*, links_as_written: bool = False) -> MarkdownIt:
    """The CommonMark parser; ``links_as_written``: link destinations neither
    normalised nor validated."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    if links_as_written:
        parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser
