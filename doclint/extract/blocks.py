"""The block tokens extraction needs, mostly without markdown-it.

markdown-it-py's block parser tries up to ten rules on every line, which makes it most
of the cost of a run. Most of a document is prose, headings, fenced code, HTML lines,
simple lists and block quotes and link definitions, whose CommonMark rules are short
in those forms, so a line scanner reads them and hands markdown-it only the stretches
it does not know (blocks nested in lists or quotes, lazy continuation lines, indented
code, tabs in indentation, definitions with titles...).

**Equivalence.** The scanner yields exactly the tokens markdown-it's block parser does
for the lines it reads (the ``fence``, ``html_block`` and ``inline`` tokens extraction
uses, with the same ``map``, ``content`` and ``info``): it implements the rules below as
markdown-it does (``rules_block/fence.py``, ``heading.py``, ``lheading.py``,
``paragraph.py``, ``hr.py``, ``html_block.py``, ``blockquote.py``, ``list.py``,
``reference.py``), for the forms it accepts, and stops at anything else.
``tests/test_blocks.py`` compares the two on the fixtures, the real-world corpus, the
Rust Book and generated documents.

**Where markdown-it takes over.** The scanner only ever stops at the start of a block,
where nothing is open. markdown-it then parses the lines up to the next *cut*: a line
that starts at column 0 after a blank line and cannot continue a list or a block quote
(not a list marker, not ``>``). A blank line ends every paragraph, and a line at
column 0 after one ends every list item and block quote; what else can be open there
is a top-level fenced block or an HTML block that waits for its closing tag, and both
show as a token that reaches the end of the stretch. When one does, the rest of the
document is parsed in one piece instead, so a cut is only used where markdown-it's
state is the same as at the start of a document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Generator, Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple, Protocol

from doclint import fast_paths
from doclint.extract.block_lines import atx_heading, fence_closer, fence_opener

BlockGroup = tuple[int, Sequence["BlockToken"]]
"""Tokens whose line numbers count from the given 0-based line of the text."""

# markdown-it's mdTrim: JavaScript's String.prototype.trim set, minus U+FEFF.
_TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
_ORDERED = re.compile(r"([0-9]{1,9})[.)](?:[ \t]|$)")
_REFERENCE = re.compile(
    r"\[(?=[^\]]*[^\s\]])[^\[\]\\]{1,999}\]:[ \t]*[^\s<>()\"'\\\x00-\x1f\x7f]+[ \t]*"
)
"""A link reference definition on one line, with a plain destination and no title."""
_ITEM = re.compile(r"([-*+]|[0-9]{1,9}[.)]) (?=[^ \t])")
"""A list item at column 0 whose marker is followed by one space, then text."""
_PARAGRAPH_STOP = re.compile(r"\n(?:(?P<blank>[ \t]*(?:\n|$))| {0,3}[-`~#*_+=<>0-9])")
"""A line break before a line that may end a paragraph: a blank line (which does), or
a line whose first character may start another block (its own rule decides)."""
_CUT = re.compile(r"\n[ \t]*\n(?=[^ \t\n>*+\-0-9])")
"""A blank line followed by a line at column 0 that is no list marker or ``>``; the
match ends where the candidate cut line starts."""
_BLANK_AFTER = re.compile(r"\n[ \t]*(?:\n|$)")
"""A line break followed by a blank line (or the end of the text)."""
_MAX_FENCE_INDENT = 3
_MAX_LIST_DEPTH = 16
"""Lists nested deeper are left to markdown-it, whose nesting limit then applies."""

# HTML blocks: markdown-it's HTML_SEQUENCES (rules_block/html_block.py, with
# common/html_blocks.py and common/html_re.py), as (start, end, interrupts a
# paragraph); an end of None means "before the next blank line".
_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_ATTRIBUTE = (
    r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
_OPEN_CLOSE_TAG = rf"^(?:<[A-Za-z][A-Za-z0-9\-]*{_ATTRIBUTE}*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>)"
_HTML_BLOCKS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...] = (
    (
        re.compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.IGNORECASE),
        re.compile(r"<\/(?a:(script|pre|style|textarea))>", re.IGNORECASE),
        True,
    ),
    (re.compile(r"^<!--"), re.compile(r"-->"), True),
    (re.compile(r"^<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (
        re.compile(rf"^</?(?a:({_BLOCK_NAMES}))(?=(\s|/?>|$))", re.IGNORECASE),
        None,
        True,
    ),
    (re.compile(_OPEN_CLOSE_TAG + r"\s*$"), None, False),
)


class BlockToken(Protocol):
    """What extraction reads of a block token (markdown-it's ``Token`` has it)."""

    @property
    def type(self) -> str: ...
    @property
    def map(self) -> list[int] | None: ...
    @property
    def content(self) -> str: ...
    @property
    def info(self) -> str: ...


class Block(NamedTuple):
    """A token the scanner made, as markdown-it would have (a tuple: a document makes
    thousands, and a frozen dataclass costs three times as much to create)."""

    type: str
    map: list[int]
    content: str
    info: str = ""


class _Complex(Exception):
    """The scanner met something it does not read; markdown-it parses from ``line``."""

    def __init__(self, line: int) -> None:
        self.line = line


def block_groups(text: str, parse: Callable[[str], Sequence[BlockToken]]) -> Iterator[BlockGroup]:
    """The block tokens of normalised Markdown (``\\n`` line ends, no NUL), in order:
    the scanner's where it can read the text, ``parse`` (markdown-it) elsewhere, and
    everywhere when the fast paths are off."""
    if not fast_paths.enabled():
        yield 0, parse(text)
        return
    lines = _Lines(text)
    line = 0
    while line < lines.count:
        scanned: list[BlockToken] = []
        try:
            line = _scan(lines, line, scanned)
        except _Complex as stop:
            if scanned:
                yield 0, scanned
            line = yield from _parse_stretch(lines, stop.line, parse)
            continue
        if scanned:
            yield 0, scanned


def _parse_stretch(
    lines: _Lines, start: int, parse: Callable[[str], Sequence[BlockToken]]
) -> Generator[BlockGroup, None, int]:
    """markdown-it's tokens from ``start`` up to a cut where its blocks are closed;
    returns where they end. Each retry at least doubles the stretch, so a block that
    stays open to the end of the document costs about two parses of it."""
    cut = lines.next_cut(start)
    while cut < lines.count:
        tokens = parse(lines.text[lines.starts[start] : lines.starts[cut]])
        if _closed(tokens, cut - start):
            yield start, tokens
            return cut
        cut = lines.next_cut(max(cut, 2 * cut - start))
    yield start, parse(lines.text[lines.starts[start] :])
    return lines.count


def _closed(tokens: Sequence[BlockToken], count: int) -> bool:
    """Whether no code or HTML block runs to the end of a stretch of ``count`` lines
    (it might go on after it)."""
    return all(
        token.map is None
        or token.map[1] < count
        or token.type not in ("fence", "html_block", "code_block")
        for token in tokens
    )


class _Lines:
    """The lines as markdown-it's ``StateBlock`` sees them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0, *accumulate(len(line) + 1 for line in self.lines)]
        """Where each line starts, and one more: where the lines end."""
        if self.lines[-1].strip(" \t"):
            self.starts[-1] = len(text)
        else:  # no line after a final "\n"; a final line of blanks without one is none
            self.lines.pop()
            self.starts.pop()
        self.count = len(self.lines)

    def end(self, line: int) -> int:
        """Offset of the line break (or the end of the text) after ``line``."""
        return self.starts[line] + len(self.lines[line])

    def __getitem__(self, line: int) -> str:
        return self.lines[line]

    def line_at(self, offset: int) -> int:
        """The line holding ``offset``; ``count`` past the last line."""
        return bisect.bisect_right(self.starts, offset) - 1

    def next_cut(self, start: int) -> int:
        """The first cut after line ``start`` (``count`` when there is none)."""
        if start >= self.count:
            return self.count
        found = _CUT.search(self.text, self.starts[start])
        return self.line_at(found.end()) if found else self.count


def _indent(line: str) -> tuple[int, str]:
    """Columns of leading spaces and the rest; 4 (an indented line) when a tab is among
    them, since a tab always reaches column 4 or beyond."""
    rest = line.lstrip(" \t")
    lead = len(line) - len(rest)
    return (4 if "\t" in line[:lead] else lead), rest


def _scan(lines: _Lines, line: int, out: list[BlockToken]) -> int:
    """Read blocks from ``line`` (where no block is open) into ``out``; returns the
    line after the last; raises ``_Complex`` at a block the scanner does not read."""
    texts, count = lines.lines, lines.count
    while line < count:
        raw = texts[line]
        if not raw:  # most blank lines: between two blocks
            line += 1
            continue
        indent, rest = _indent(raw)
        if not rest:
            line += 1
            continue
        if indent > _MAX_FENCE_INDENT:
            raise _Complex(line)  # an indented code block
        first = rest[0]
        if first in "`~" and (opener := fence_opener(rest)) is not None:
            line = _fence(lines, line, indent, opener, out)
        elif first == "#" and (heading := atx_heading(rest)) is not None:
            out.append(Block("inline", [line, line + 1], heading.strip(_TRIM)))
            line += 1
        elif first in "*-_" and _is_hr(rest):
            line += 1
        elif first == "<" and (html := _html_block(rest)) is not None:
            line = _html(lines, line, rest, html[0], out)
        elif first == ">":
            line = _blockquote(lines, line, out)
        elif _may_be_list(rest):
            line = _list(lines, line, out)
        elif first == "[" and _may_be_reference(lines, line):
            line = _references(lines, line)
        else:
            line = _paragraph(lines, line, out)
    return line


def _references(lines: _Lines, start: int) -> int:
    """Lines that each define a link reference (``[label]: path``, no title), up to a
    blank line (``reference.py``): they make no token. Raises ``_Complex`` otherwise."""
    line = start
    while line < lines.count and _REFERENCE.fullmatch(lines[line]):
        line += 1
    if line == start or (line < lines.count and lines[line].strip(" \t")):
        raise _Complex(start)
    return line


def _plain_start(lines: _Lines, line: int, rest: str) -> bool:
    """Whether ``rest`` (the text of ``line`` after its container prefix and at most
    three spaces) starts a paragraph, where no block is open."""
    first = rest[0]
    return not (
        (first in "`~" and fence_opener(rest) is not None)
        or (first == "#" and atx_heading(rest) is not None)
        or (first in "*-_" and _is_hr(rest))
        or (first == "<" and _html_block(rest) is not None)
        or first == ">"
        or _may_be_list(rest)
        or (first == "[" and _may_be_reference(lines, line))
    )


def _blockquote(lines: _Lines, start: int, out: list[BlockToken]) -> int:
    """A block quote whose lines all begin with ``>`` and hold only paragraphs and ATX
    headings (``blockquote.py``, ``heading.py``); raises ``_Complex`` for anything else
    (lazy lines, other nested blocks, tabs)."""
    found: list[BlockToken] = []  # reaches ``out`` only once the whole quote was read
    paragraph = _Paragraph(lines, found)
    line = start
    while line < lines.count:
        lead, rest = _untabbed(lines, line, start)
        if not rest.startswith(">") or len(lead) > _MAX_FENCE_INDENT:
            if rest and paragraph.open:
                raise _Complex(start)  # a lazy continuation line, or a block ending it
            break  # a blank line, or a line after an empty one: the quote has ended
        inner = rest[2:] if rest.startswith("> ") else rest[1:]
        if inner.startswith("\t") or "\t" in _lead(inner)[0]:
            raise _Complex(start)
        if not paragraph.take(line, inner):
            indent, text = _indent(inner)
            heading = atx_heading(text) if indent <= _MAX_FENCE_INDENT and text[:1] == "#" else None
            if heading is None:
                raise _Complex(start)
            paragraph.close(line)  # a heading ends the paragraph before it
            found.append(Block("inline", [line, line + 1], heading.strip(_TRIM)))
        line += 1
    paragraph.close(line)
    out.extend(found)
    return line


def _list(lines: _Lines, start: int, out: list[BlockToken]) -> int:
    """A list at column 0 (``list.py``); see ``_list_at``. Returns the line after it;
    its tokens reach ``out`` only when all of it was read."""
    found: list[BlockToken] = []
    end = _list_at(lines, start, 0, found, start, 0)[0]
    out.extend(found)
    return end


def _list_at(
    lines: _Lines, start: int, base: int, out: list[BlockToken], top: int, depth: int
) -> tuple[int, bool]:
    """A list whose markers stand at column ``base`` and whose items hold paragraphs and
    lists of the same form, every line indented to its item's content; raises
    ``_Complex`` for anything else (other nested blocks, lazy lines, tabs, markers
    followed by more than one space) from ``top``, where the outermost list starts.
    Returns the line after the list, and whether a blank line came just before it."""
    paragraph = _Paragraph(lines, out)
    kind = _item(lines[start][base:])
    if kind is None or not paragraph.take(start, lines[start][base + kind[1] :]):
        raise _Complex(top)
    width = base + kind[1]
    line = start + 1
    blank = False
    while line < lines.count:
        raw = lines[line]
        lead, rest = _untabbed(lines, line, top)
        indent = len(lead)
        if not rest:
            paragraph.close(line)
            blank = True
            line += 1
            continue
        item = _item(raw[base:]) if indent == base else None
        if item is not None and item[0] == kind[0] and not _is_hr(rest):
            paragraph.close(line)
            width = base + item[1]
            if not paragraph.take(line, raw[width:]):
                raise _Complex(top)
        elif indent >= width:
            if not paragraph.take(line, raw[width:]):
                if (
                    indent > width + _MAX_FENCE_INDENT
                    or _item(rest) is None
                    or _is_hr(rest)
                    or depth >= _MAX_LIST_DEPTH
                ):
                    raise _Complex(top)  # an indented block, or one the scanner does not read
                paragraph.close(line)  # a list inside the item ends its paragraph
                line, blank = _list_at(lines, line, indent, out, top, depth + 1)
                continue
        elif indent < base and (blank or not paragraph.open or _item(rest) is not None):
            break  # an outer list's item or content: this list has ended
        elif indent == base and blank:
            break  # the list has ended; a new block starts here
        else:
            raise _Complex(top)  # a lazy line, another marker, a half-indented one
        blank = False
        line += 1
    paragraph.close(line)
    return line, blank


def _item(raw: str) -> tuple[str, int] | None:
    """``(marker kind, content column)`` of a list item line at column 0 whose marker is
    followed by one space and text: the kind is the bullet, or the ordered delimiter."""
    match = _ITEM.match(raw)
    if match is None:
        return None
    marker = match.group(1)
    return ("." if marker[-1] == "." else ")") if marker[0].isdigit() else marker, match.end()


def _lead(line: str) -> tuple[str, str]:
    rest = line.lstrip(" \t")
    return line[: len(line) - len(rest)], rest


def _untabbed(lines: _Lines, line: int, start: int) -> tuple[str, str]:
    """A container line's indentation and text; ``_Complex`` from ``start`` when a tab
    is in the indentation (markdown-it expands those in ways not done here)."""
    lead, rest = _lead(lines[line])
    if "\t" in lead:
        raise _Complex(start)
    return lead, rest


class _Paragraph:
    """The paragraphs of a container, fed one line of content at a time."""

    def __init__(self, lines: _Lines, found: list[BlockToken]) -> None:
        """``found``: where each paragraph's token goes when it closes."""
        self.lines = lines
        self.found = found
        self.start = -1
        self.content: list[str] = []

    @property
    def open(self) -> bool:
        return bool(self.content)

    def take(self, line: int, inner: str) -> bool:
        """Add a line (its container prefix removed); False when it is not paragraph text
        or a blank line."""
        indent, rest = _indent(inner)
        if not rest:
            self.close(line)
            return True
        if self.content:
            if _ends_paragraph(inner) != "no":
                return False
        elif indent > _MAX_FENCE_INDENT or not _plain_start(self.lines, line, rest):
            return False
        else:
            self.start = line
        self.content.append(inner)
        return True

    def close(self, line: int) -> None:
        if self.content:
            text = "\n".join(self.content).strip(_TRIM)
            self.found.append(Block("inline", [self.start, line], text))
            self.content = []


def _html_block(rest: str) -> tuple[re.Pattern[str] | None, bool] | None:
    """``(end, interrupts a paragraph)`` when a line (indentation removed) starts an
    HTML block; ``end`` None means it ends before the next blank line."""
    for start, end, interrupts in _HTML_BLOCKS:
        if start.search(rest):
            return end, interrupts
    return None


def _html(
    lines: _Lines, start: int, rest: str, end: re.Pattern[str] | None, out: list[BlockToken]
) -> int:
    text = lines.text
    if end is None:
        blank = _BLANK_AFTER.search(text, lines.starts[start])
        stop = lines.line_at(blank.start() + 1) if blank else lines.count
    elif end.search(rest):
        stop = start + 1
    else:
        found = end.search(text, lines.starts[start + 1]) if start + 1 < lines.count else None
        stop = lines.line_at(found.start()) + 1 if found else lines.count
    content = text[lines.starts[start] : lines.end(stop - 1) + 1]
    out.append(Block("html_block", [start, stop], content))
    return stop


def _may_be_reference(lines: _Lines, line: int) -> bool:
    """Whether a line starting with ``[`` may open a link reference definition: only if
    ``]:`` follows before the next blank line (a label may run over lines)."""
    blank = _BLANK_AFTER.search(lines.text, lines.starts[line])
    return "]:" in lines.text[lines.starts[line] : blank.start() if blank else len(lines.text)]


def _fence(
    lines: _Lines, start: int, indent: int, opener: tuple[str, str], out: list[BlockToken]
) -> int:
    run, info = opener
    closer = fence_closer(run).search(lines.text, lines.starts[start + 1])
    end = lines.line_at(closer.start()) if closer else lines.count
    first = start + 1
    if end <= first:
        content = ""
    elif indent == 0:
        content = lines.text[lines.starts[first] : lines.end(end - 1) + 1]
    else:
        parts = [_unindent(lines, number, indent) for number in range(first, end)]
        if None in parts:
            raise _Complex(start)  # markdown-it expands such tabs partly: left to it
        content = "".join(part for part in parts if part is not None)
    stop = end + 1 if closer else end
    out.append(Block("fence", [start, stop], content, info))
    return stop


def _unindent(lines: _Lines, line: int, indent: int) -> str | None:
    """A content line of a fence indented by ``indent``, with up to that many leading
    spaces removed and its line break kept (``StateBlock.getLines``); None when a tab
    comes first."""
    raw = lines.text[lines.starts[line] : lines.end(line) + 1]
    spaces = len(raw) - len(raw.lstrip(" "))
    if spaces < indent and raw[spaces : spaces + 1] == "\t":
        return None
    return raw[min(spaces, indent) :]


def _is_hr(rest: str) -> bool:
    """Three or more of one of ``*-_``, with spaces or tabs between (``hr.py``)."""
    marker = rest[0]
    return not rest.strip(marker + " \t") and rest.count(marker) >= 3


def _may_be_list(rest: str) -> bool:
    """Whether a line may start a list item: markdown-it decides the details."""
    if rest[0] in "*-+":
        return rest[1:2] in ("", " ", "\t")
    return rest[0].isdigit() and _ORDERED.match(rest) is not None


def _paragraph(lines: _Lines, start: int, out: list[BlockToken]) -> int:
    """A paragraph or setext heading (``paragraph.py``, ``lheading.py``) from ``start``."""
    text = lines.text
    position = lines.starts[start]
    while True:
        stop = _PARAGRAPH_STOP.search(text, position)
        if stop is None:
            end = lines.count
            break
        end = lines.line_at(stop.start() + 1)
        if end >= lines.count or stop.group("blank") is not None:
            break
        ending = _ends_paragraph(lines[end])
        if ending == "underline":
            out.append(Block("inline", [start, end], _paragraph_text(lines, start, end)))
            return end + 1
        if ending == "unsure":
            raise _Complex(start)
        if ending == "yes":
            break
        position = lines.starts[end]
    out.append(Block("inline", [start, end], _paragraph_text(lines, start, end)))
    return end


def _paragraph_text(lines: _Lines, start: int, end: int) -> str:
    return lines.text[lines.starts[start] : lines.end(end - 1)].strip(_TRIM)


def _ends_paragraph(line: str) -> str:
    """How a line after paragraph text counts: ``"yes"`` (blank, or a block that
    interrupts a paragraph), ``"underline"`` (setext), ``"no"`` (more of the
    paragraph) or ``"unsure"`` (a list, block quote or HTML may interrupt it)."""
    indent, rest = _indent(line)
    if not rest:
        return "yes"
    if indent > _MAX_FENCE_INDENT:
        return "no"  # a lazy continuation line
    first = rest[0]
    if first in "=-" and not rest.rstrip(" \t").strip(first):
        return "underline"
    if first in "`~":
        return "yes" if fence_opener(rest) is not None else "no"
    if first == "#":
        return "yes" if atx_heading(rest) is not None else "no"
    if first in "*-_" and _is_hr(rest):
        return "yes"
    if first == "<":
        html = _html_block(rest)
        return "yes" if html is not None and html[1] else "no"
    ordered = _ORDERED.match(rest) if first.isdigit() else None
    if ordered is not None and int(ordered.group(1)) != 1:
        return "no"  # an ordered list interrupts a paragraph only when it starts at 1
    if first == ">" or _may_be_list(rest):
        return "unsure"
    return "no"
