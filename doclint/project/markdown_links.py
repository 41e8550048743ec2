"""Links, images and heading anchors of a Markdown document, with exact file positions.

Only markdown-it-py's *inline* parser runs, and only where there is link text: the
block structure is already known from extraction (``ExtractedDocument.code_spans``:
code blocks, code spans, HTML), so each ``](`` outside code has the paragraph around
it parsed, which settles what is a link (not ``[a](b c)``, not in a code span). A
document with no ``](`` and no ``]:`` costs one substring test. Reference definitions
(``[x]: path``) are found by line; links that use them are reported at the definition.
The destination of each link is then found in the file, so a finding points at
exactly the characters to change.

Anchors are the ids a renderer gives headings: GitHub's (lowercase, punctuation but
``-`` and ``_`` dropped, spaces to ``-``, repeats ``-1``, ``-2``) and Python-Markdown's
(MkDocs: runs of spaces and ``-`` collapsed, repeats ``_1``), plus explicit ids
(``<a name="x">``, ``id="x"``, ``{#x}`` after a heading). Headings are found by line
(ATX ``#`` and setext underlines) outside fenced blocks, both recognised loosely
(``doclint.extract.block_lines``); a heading-like line the scan takes too many only
ever adds an anchor, never hides one.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from doclint import fast_paths
from doclint.extract.block_lines import atx_heading, fence_closer, fence_opener
from doclint.extract.markdown import inline_code
from doclint.extract.markdown_parser import markdown_parser
from doclint.extract.spans import CodeSpans

if TYPE_CHECKING:
    from markdown_it.token import Token

_HTML_ID = re.compile(
    r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))""",
    re.IGNORECASE,
)
_ATTR_ID = re.compile(r"\s*\{[^{}]*#([\w:.-]+)[^{}]*\}\s*$")
_FRONT_MATTER = re.compile(
    r"(---|\+\+\+)[ \t]*\n.*?^(?:\1|\.\.\.)[ \t]*$", re.MULTILINE | re.DOTALL
)
_DEFINITION = re.compile(
    r"^[ \t]{0,3}(?:>[ \t]?)*"  # up to three spaces, in any block quote
    r"\[(?!\^)(?:[^\]\\\n]|\\.)+\]:"  # [label]: but not a footnote [^1]:
    r"[ \t]*(?:\n[ \t]*)?(?:<([^<>\n]*)>|(\S+))",  # the destination, maybe on the next line
    re.MULTILINE,
)
_SETEXT = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
_NOT_PARAGRAPH = re.compile(r"[ \t]*(?:$|[-*+>#|]|\d+[.)][ \t]|```|~~~)")
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
_FENCE_CHARS = "`~"
_SETEXT_CHARS = "=-"
"""The first character a fence line or a setext underline can have."""
_CANDIDATE = re.compile(r"\n[ \t>]*(?:```|~~~|#|(?:=+|-+)[ \t]*(?=\n|\Z))")
"""A line break before a line that may open or close a fence, be an ATX heading or
underline a setext one: the only lines whose reading can change what ``_headings``
yields (others only become the line before an underline)."""
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_RISKY = re.compile(r"[\\<&]")
"""What may change how markdown-it reads a link: escapes, autolinks, HTML, entities."""
_PLAIN_LINK = re.compile(r"(!?)\[[^\[\]]*\]\(([^\s()<>\"']*)\)")
_NOT_BRACKETS = re.compile(r"[^\[\]]+")
_MARKUP = re.compile(r"[`*_\[\]<&\\]")
"""What inline parsing would change in a heading's text."""


class Link(NamedTuple):
    target: str
    """The destination as written, backslash escapes and entities resolved."""
    start: int
    end: int
    """File span of the destination."""
    image: bool = False


_parser = functools.partial(markdown_parser, links_as_written=True)
"""The parser links and headings are read with: destinations as written."""


def _inline(text: str) -> list[Token]:
    children: list[Token] = []
    parser = _parser()
    parser.inline.parse(text, parser, {}, children)
    return children


def _body(text: str) -> str:
    """The text to scan: same length and offsets as the file, line endings made
    ``\\n`` and front matter blanked (its ``---`` would read as a heading)."""
    body = text.replace("\r\n", " \n").replace("\r", " ").replace("\0", "\ufffd")
    front = _FRONT_MATTER.match(body)
    if front:
        body = re.sub(r"[^\n]", " ", front.group()) + body[front.end() :]
    return body


def links(text: str, code: CodeSpans) -> list[Link]:
    """Every inline link, image and reference definition outside code, in file order."""
    if "](" not in text and "]:" not in text:
        return []
    body = _body(text)
    found: list[Link] = []
    parsed_until = -1
    for opener in re.finditer(r"\]\(", body):
        if opener.start() < parsed_until or code.covers(opener.start()):
            continue
        start, parsed_until = _paragraph(body, opener.start())
        found.extend(_inline_links(body, start, parsed_until))
    for match in _definitions(body):
        group = 1 if match.group(1) is not None else 2
        if not code.covers(match.start(group)):
            found.append(Link(match.group(group), match.start(group), match.end(group)))
    found = [link for link in found if not code.covers(link.start)]
    return sorted(found, key=lambda link: link.start)


def _definitions(body: str) -> Iterator[re.Match[str]]:
    """What ``_DEFINITION.finditer(body)`` finds, tried only at the start of lines
    holding ``]:``: a scan for the ``^`` of every line costs as much as the rest of
    the link check."""
    end = 0
    position = body.find("]:")
    while position != -1:
        start = body.rfind("\n", 0, position) + 1
        line_end = body.find("\n", position)
        if start >= end and (match := _DEFINITION.match(body, start)) is not None:
            yield match
            end = match.end()
        if line_end == -1:
            return
        position = body.find("]:", max(line_end, end))


def _paragraph(body: str, offset: int) -> tuple[int, int]:
    """The offsets of the blank-line-separated block around ``offset``."""
    before = body.rfind("\n\n", 0, offset)
    after = _BLANK_LINE.search(body, offset)
    return before + 1 if before >= 0 else 0, after.start() if after else len(body)


def _inline_links(body: str, start: int, end: int) -> Iterator[Link]:
    used: set[int] = set()
    chunk = body[start:end]
    plain = _plain_links(chunk) if fast_paths.enabled() else None
    for target, image in plain or _parsed_links(chunk):
        located = _locate(body, start, end, target, used)
        if located is not None:  # else a reference link: its definition is reported
            yield Link(target, located, located + len(target), image)


def _parsed_links(chunk: str) -> Iterator[tuple[str, bool]]:
    """``(destination, is an image)`` of each inline link, as markdown-it reads them."""
    for child in _flatten(_inline(chunk)):
        if child.type == "link_open":
            yield str(child.attrs.get("href", "")), False
        elif child.type == "image":
            yield str(child.attrs.get("src", "")), True


def _plain_links(chunk: str) -> list[tuple[str, bool]] | None:
    """The links of a block whose links are all plain (``[text](path)``, ``![alt](path)``:
    no brackets in the text; no space, parenthesis, quote or ``<>`` in the path; no
    escape, entity or HTML outside code spans), read without markdown-it, which costs
    more than the rest of the check; None when some ``](`` might not read that way.
    Code spans are blanked first: markdown-it skips them as a whole, whatever they hold
    (``Vec<T>`` in a code span is no HTML)."""
    masked = chunk
    if "`" in chunk:
        pieces: list[str] = []
        last = 0
        for code_start, code_end, _ in inline_code(chunk):
            pieces.extend((chunk[last:code_start], " " * (code_end - code_start)))
            last = code_end
        masked = "".join(pieces) + chunk[last:]
    if _RISKY.search(masked):
        return None
    brackets = _NOT_BRACKETS.sub("", masked)
    if brackets != "[]" * (len(brackets) // 2):
        return None  # nested or unbalanced: markdown-it decides
    found = [(m.group(2), bool(m.group(1))) for m in _PLAIN_LINK.finditer(masked)]
    return found if masked.count("](") == len(found) else None


def _flatten(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _flatten(token.children)


def _locate(body: str, start: int, end: int, target: str, used: set[int]) -> int | None:
    """Offset of ``target`` written as a link destination (``](target`` or
    ``](<target``) between ``start`` and ``end``, not already taken by an earlier link."""
    for opener in ("](", "](<"):
        needle = opener + target
        position = body.find(needle, start, end)
        while position != -1:
            offset = position + len(opener)
            if offset not in used:
                used.add(offset)
                return offset
            position = body.find(needle, position + 1, end)
    return None


# --------------------------------------------------------------------------- anchors


def anchors(text: str) -> frozenset[str]:
    """Every fragment that leads somewhere in the document, lowercased."""
    github: dict[str, int] = {}
    python_markdown: dict[str, int] = {}
    found: set[str] = set()
    for title in _headings(_body(text)):
        found.add(_unique(github, github_slug(title), "-"))  # GitHub shows a {#x} as text
        explicit = _ATTR_ID.search(title)
        if explicit:
            found.add(explicit.group(1))
            title = title[: explicit.start()]
        found.add(_unique(python_markdown, markdown_slug(title), "_"))
    for match in _HTML_ID.finditer(text):
        found.add(next(group for group in match.groups() if group is not None))
    return frozenset(anchor.lower() for anchor in found)


def _headings(body: str) -> Iterator[str]:
    """The text of each heading, in order, as a browser shows it.

    Only lines that may matter are visited (``_CANDIDATE``: fences, ATX headings, setext
    underlines), and a fenced block is crossed in one search for its closing line: in
    the Rust Book one line in twelve is visited, at less than half the cost of reading
    every line. The line before an underline is read when the underline is met."""
    text = "\n" + body  # every line, the first too, follows a "\n"
    carried, carried_end = "", -1  # what a visited line leaves as "previous", and its end
    position = 0
    while (found := _CANDIDATE.search(text, position)) is not None:
        break_before = found.start()
        start = break_before + 1
        end = text.find("\n", start)
        position = end = len(text) if end == -1 else end
        line = _unquoted(text[start:end])
        first = line.lstrip(" \t")[:1]
        opener = fence_opener(line, loose=True) if first in _FENCE_CHARS else None
        if opener:
            closer = fence_closer(opener[0], loose=True).search(text, end)
            position = text.find("\n", closer.end()) if closer else -1
            if position == -1:
                return  # the fence runs to the end of the document
            carried, carried_end = "", position
            continue
        if break_before == carried_end:
            previous = carried
        else:  # a line that is no candidate: paragraph text unless indented (code)
            previous = _unquoted(text[text.rfind("\n", 0, break_before) + 1 : break_before])
            if previous.startswith(("    ", "\t")):
                previous = ""
        carried_end = end
        atx = atx_heading(line, loose=True) if first == "#" else None
        if atx is not None:
            yield _heading_text(atx)
            line = ""
        elif (
            previous
            and first in _SETEXT_CHARS
            and _SETEXT.fullmatch(line)
            and not _NOT_PARAGRAPH.match(previous)
        ):
            yield _heading_text(previous.strip())
            line = ""
        carried = line if not line.startswith(("    ", "\t")) else ""


def _unquoted(line: str) -> str:
    """A line without its block quote markers."""
    return _QUOTE_MARKERS.sub("", line) if ">" in line else line


def _heading_text(source: str) -> str:
    """A heading as a browser shows it; markdown-it reads it only when it has markup."""
    return _plain(_inline(source)) if _MARKUP.search(source) else source.strip()


def _plain(children: list[Token]) -> str:
    """The text of a heading as a browser shows it: no markup, no image."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def github_slug(title: str) -> str:
    """GitHub's heading id (github-slugger): lowercase, keep letters, digits, marks,
    ``-``, ``_`` and spaces, then each space becomes ``-``."""
    kept = "".join(c for c in title.lower() if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


def markdown_slug(title: str) -> str:
    """Python-Markdown's ``toc`` slugify (MkDocs' default), Unicode letters kept."""
    value = re.sub(r"[^\w\s-]", "", unicodedata.normalize("NFKC", title)).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def _unique(seen: dict[str, int], slug: str, separator: str) -> str:
    """The slug, or ``slug-1``/``slug_1``… when an earlier heading took it."""
    if slug not in seen:
        seen[slug] = 0
        return slug
    while True:
        seen[slug] += 1
        candidate = f"{slug}{separator}{seen[slug]}"
        if candidate not in seen:
            seen[candidate] = 0
            return candidate


def file_anchors(path: str) -> frozenset[str] | None:
    """The anchors of a Markdown file, read once while it is unchanged; ``None`` when
    it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _file_anchors(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _file_anchors(path: str, _mtime: int, _size: int) -> frozenset[str] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return anchors(file.read())
    except OSError:
        return None
