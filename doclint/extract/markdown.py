"""Shell snippets and code spans from a Markdown document.

Only the block structure is parsed (``doclint.extract.blocks``: a line scanner for
top-level prose, headings and fences, markdown-it-py's block parser for the rest): it
settles what is a fenced block, an indented block, HTML or a paragraph, inside any
nesting of lists and block quotes. Inline parsing (emphasis, links...) would cost as
much again and doclint needs none of it: code spans and HTML comments are found here
by scanning paragraph and heading text, which is all the inline grammar they depend
on.

Positions: markdown-it reports each block's lines and its content with container
prefixes (``> ``, list indentation) removed. A content line is then found in its raw
file line (normally as a suffix of it), which gives every character its exact file
offset whatever the nesting, tabs and CRLF line endings.

Documents with no backtick, no ``~~~``, no ``<`` and no line indented by a tab or four
spaces (after any ``>``/list markers) cannot hold a code block, a code span or HTML:
they are not parsed at all.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property, partial
from typing import TYPE_CHECKING

from doclint.extract import SCHEDULED, ExtractedDocument, Snippet
from doclint.extract.block_lines import fence_opener
from doclint.extract.blocks import BlockToken, block_groups
from doclint.extract.classify import command_lines, inline_command, may_hold_shell
from doclint.extract.markdown_parser import markdown_parser
from doclint.extract.spans import CodeSpans, PendingText
from doclint.source import MappedText, SourceFile

if TYPE_CHECKING:
    from markdown_it.token import Token

_MAY_HOLD_CODE = re.compile(r"`|~~~|<|^[ \t\r>*+\-\d.)]*?(?: {4}|\t|\r)", re.MULTILINE)
"""Anything that could start a code block, a code span or HTML. A lone CR counts as a
blank (markdown-it is given one in its place), so it may make a line indented."""
_LANGUAGE = re.compile(r"[{.\s]*([\w+#-]+)")
_MKDOCS_CONTAINER = re.compile(r"[ \t]*(?:!!!|\?\?\?\+?|===)[ \t]*\S")
"""A MkDocs admonition (``!!! note``), collapsible block (``??? tip``) or content tab
(``=== "Linux"``): the indented text under it is Markdown, not code."""
_CONTAINER_MARKS = ("!!!", "???", "===")
"""How the text of a paragraph that is a container's title starts (markdown-it strips
the indentation ``_MKDOCS_CONTAINER`` allows)."""
_INLINE_MARK = re.compile(r"\\|`+|<")
_BACKTICKS = re.compile(r"`+")
_FRONT_MATTER_CLOSERS = {"---": ("---", "..."), "+++": ("+++",)}
_MAX_NESTING = 4
"""Indented blocks holding fences (MkDocs tabs and admonitions) parsed one inside the
other, at most."""

_Piece = tuple[int, int, int]
"""``(content line index, start column, end column)``: part of one content line."""


def extract_markdown(source: SourceFile) -> ExtractedDocument:
    """Shell snippets (fenced, indented, inline), code spans and problems of a document."""
    return _Extractor(source).run()


_parser = markdown_parser
"""The parser extraction uses (``markdown_parser``'s CommonMark)."""


def _block_tokens(text: str) -> list[Token]:
    """Block tokens of already normalised text (``\\n`` line ends, no NUL)."""
    tokens: list[Token] = []
    parser = _parser()
    parser.block.parse(text, parser, {}, tokens)
    return tokens


def _language(info: str) -> str:
    """First word of an info string: ``bash`` for ``bash title="x"``, ``{.bash}``,
    ``bash{1,3}`` or ``bash,ignore``."""
    match = _LANGUAGE.match(info)
    return match.group(1).lower() if match else ""


def _front_matter_lines(text: str) -> int:
    """Number of lines of YAML (``---``) or TOML (``+++``) front matter, 0 if none."""
    if not text.startswith(("---", "+++")):
        return 0
    lines = text.split("\n")
    closers = _FRONT_MATTER_CLOSERS.get(lines[0].rstrip())
    if closers is None:
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            return index + 1
    return 0


class _ContentMap:
    """The content lines of one block token and where each sits in the file.

    Lines are located on first use: a long paragraph with one code span costs one.
    """

    def __init__(self, source: SourceFile, lines: Sequence[str], first_line: int) -> None:
        """``first_line``: 0-based file line of ``lines[0]``."""
        self.source = source
        self.lines = lines
        self.first_line = first_line
        self.starts: list[int] = []
        position = 0
        for line in lines:
            self.starts.append(position)
            position += len(line) + 1
        self._located: dict[int, tuple[int, int, int]] = {}
        self.direct = -1
        """File offset of the content when it stands in the file exactly as it is (a
        top-level paragraph or fence in an LF file): offsets are then a sum."""
        if first_line < source.line_count:
            base = source.line_start(first_line + 1)
            if source.text.startswith("\n".join(lines), base):
                self.direct = base

    def _locate(self, index: int) -> tuple[int, int, int]:
        """``(file offset of the raw line, column of the content in it, raw width)``."""
        if self.direct >= 0:
            return self.direct + self.starts[index], 0, len(self.lines[index])
        if index not in self._located:
            base, raw = _raw_line(self.source, self.first_line + index + 1)
            self._located[index] = (base, _column(self.lines[index], raw), len(raw))
        return self._located[index]

    def offsets(self, index: int, start: int, stop: int) -> Iterable[int]:
        """File offsets of ``lines[index][start:stop]``."""
        base, column, width = self._locate(index)
        if column + start >= 0 and column + stop <= width:
            return range(base + column + start, base + column + stop)
        # Tabs expanded to spaces, or characters markdown-it replaced: clamp to the line.
        last = max(width - 1, 0)
        return [base + min(max(column + k, 0), last) for k in range(start, stop)]

    def line_break(self, index: int) -> int:
        """File offset of the line break that ends content line ``index``."""
        base, _, width = self._locate(index)
        return base + width

    def mapped(self, pieces: Iterable[_Piece]) -> MappedText:
        """The pieces joined by newlines, each newline mapped to its line's end."""
        texts: list[str] = []
        offsets: list[int] = []
        previous = -1
        for index, start, stop in pieces:
            if previous >= 0:
                texts.append("\n")
                offsets.append(self.line_break(previous))
            texts.append(self.lines[index][start:stop])
            offsets.extend(self.offsets(index, start, stop))
            previous = index
        return MappedText("".join(texts), tuple(offsets))

    def pieces(self, start: int, stop: int) -> Iterator[_Piece]:
        """The pieces of the content range ``[start, stop)`` (``\\n``-joined lines)."""
        index = bisect.bisect_right(self.starts, start) - 1
        while index < len(self.lines) and self.starts[index] < stop:
            first = max(start - self.starts[index], 0)
            yield index, first, min(stop - self.starts[index], len(self.lines[index]))
            index += 1

    def offset(self, position: int) -> int:
        """File offset of the content character at ``position``."""
        if self.direct >= 0:
            return self.direct + position
        index = bisect.bisect_right(self.starts, position) - 1
        base, column, width = self._locate(index)
        return base + min(max(column + position - self.starts[index], 0), max(width - 1, 0))


def _line_offset(source: SourceFile, line: int) -> int:
    """Offset where 0-based ``line`` starts; the end of the text past the last line."""
    starts = source.line_starts()
    return starts[line] if line < len(starts) else len(source.text)


def _raw_line(source: SourceFile, number: int) -> tuple[int, str]:
    """Offset and text of 1-based line ``number`` without its line break (``\\n`` or
    ``\\r\\n``); a CR that ends no line is kept, as markdown-it is given a blank for it."""
    start, end = _raw_line_span(source, number)
    return start, source.text[start:end]


def _raw_line_span(source: SourceFile, number: int) -> tuple[int, int]:
    """Where ``_raw_line`` starts and ends."""
    if number > source.line_count:
        return len(source.text), len(source.text)
    start = source.line_start(number)
    if number == source.line_count:
        return start, len(source.text)
    end = source.line_start(number + 1) - 1
    if end > start and source.text[end - 1] == "\r":
        end -= 1
    return start, end


def _column(line: str, raw: str) -> int:
    """Column of ``raw`` where content ``line`` starts; negative when tabs in the raw
    line were expanded into more spaces than they take."""
    if raw.endswith(line):
        return len(raw) - len(line)
    core = line.strip()
    found = raw.rfind(core) if core else -1
    if found == -1:
        return len(raw) - len(line)
    return found - (len(line) - len(line.lstrip()))


class _InlineText:
    """The text of a paragraph or heading (``content``, from 0-based file line
    ``first``) and its code spans and HTML comments."""

    def __init__(self, source: SourceFile, content: str, first: int) -> None:
        self.source = source
        self.content = content
        self.first = first
        self.start = _line_offset(source, first)
        self._map: _ContentMap | None = None

    @cached_property
    def direct(self) -> bool:
        """Whether the content stands in the file as it is: offsets are then a sum."""
        return self.source.text.startswith(self.content, self.start)

    @cached_property
    def found(self) -> list[tuple[int, int, int]]:
        """``(start, end, backtick run)`` in the content, as ``inline_code`` gives them."""
        return list(inline_code(self.content))

    def content_map(self) -> _ContentMap:
        if self._map is None:
            self._map = _ContentMap(self.source, self.content.split("\n"), self.first)
        return self._map

    def spans(self) -> list[tuple[int, int]]:
        """File offsets of the code spans and comments."""
        if self.direct:
            return [(self.start + start, self.start + end) for start, end, _ in self.found]
        content = self.content_map()
        found = self.found
        return [(content.offset(start), content.offset(end - 1) + 1) for start, end, _ in found]


def _spans(source: SourceFile, content: str, first: int) -> list[tuple[int, int]]:
    """The code spans and comments of a paragraph or heading, when first asked for."""
    return _InlineText(source, content, first).spans()


class _Extractor:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.snippets: list[Snippet] = []
        self.spans: list[tuple[int, int]] = []
        self.pending: list[PendingText] = []
        self.problems: list[tuple[int, str]] = []
        self.read_up_to = 0
        """0-based file line above which every block lies in an admonition body already
        read (the body may span several groups of block tokens)."""

    def run(self) -> ExtractedDocument:
        text = self.source.text
        skipped = _front_matter_lines(text)
        if skipped:
            self.spans.append((0, self._line_end(skipped - 1)))
        if _MAY_HOLD_CODE.search(text):
            for first_line, tokens in block_groups(self._markdown_body(skipped), _block_tokens):
                self._walk(tokens, first_line, 0)
        return ExtractedDocument(self.snippets, CodeSpans(self.spans, self.pending), self.problems)

    def _markdown_body(self, skipped: int) -> str:
        """The text markdown-it parses, with the same lines as the file.

        Front matter lines are blanked, not cut; a lone CR is no line break for
        ``SourceFile``, so it must not become one for markdown-it either.
        """
        text = self.source.text
        if skipped:
            rest = skipped < self.source.line_count
            text = "\n" * skipped + (text[self.source.line_start(skipped + 1) :] if rest else "")
        return text.replace("\r\n", "\n").replace("\r", " ").replace("\0", "\ufffd")

    def _walk(self, tokens: Sequence[BlockToken], first_line: int, depth: int) -> None:
        """Visit block tokens whose line numbers count from file line ``first_line``."""
        for token in tokens:
            if token.map is None or first_line + token.map[0] < self.read_up_to:
                continue
            body = self._admonition_body(token, first_line) if depth < _MAX_NESTING else None
            if body is not None:
                start, stop, text = body
                self._walk(_block_tokens(text), start, depth + 1)
                self.read_up_to = max(self.read_up_to, stop)
            elif token.type == "fence":
                self._fence(token, first_line)
            elif token.type == "code_block":
                self._indented(token, first_line, depth)
            elif token.type == "html_block":
                self._block_span(token, first_line)
            elif token.type == "inline":
                self._inline(token, first_line)

    def _line_end(self, line: int) -> int:
        """Offset just past the text of 0-based file line ``line``."""
        return _raw_line_span(self.source, min(line + 1, self.source.line_count))[1]

    def _block_span(self, token: BlockToken, first_line: int) -> None:
        assert token.map is not None
        start, end = token.map
        self.spans.append(
            (self.source.line_start(first_line + start + 1), self._line_end(first_line + end - 1))
        )

    def _fence(self, token: BlockToken, first_line: int) -> None:
        assert token.map is not None
        self._block_span(token, first_line)
        content = token.content
        lines = content.count("\n") + (0 if content == "" or content.endswith("\n") else 1)
        opened = first_line + token.map[0]
        if token.map[1] - token.map[0] < lines + 2:
            message = f"code fence opened at line {opened + 1} is never closed"
            self.problems.append((opened + 1, message))
        language = _language(token.info)
        if may_hold_shell(language):  # a block of Rust or YAML is not even split in lines
            self._snippet(_content_lines(content), opened + 1, "fence", language)

    def _indented(self, token: BlockToken, first_line: int, depth: int) -> None:
        assert token.map is not None
        lines = _content_lines(token.content)
        start = first_line + token.map[0]
        if depth < _MAX_NESTING and self._is_mkdocs_content(lines, start):
            self._walk(_block_tokens(token.content), start, depth + 1)
            return
        self._block_span(token, first_line)
        self._snippet(lines, start, "indented", "")

    def _admonition_body(self, token: BlockToken, first_line: int) -> tuple[int, int, str] | None:
        """``(first line, end line, dedented text)`` (0-based file lines) of the body of
        a MkDocs admonition or tab whose body follows its title line directly.

        CommonMark reads ``??? info "Title"`` followed at once by indented lines as one
        paragraph (the indented lines continue it lazily), and the indented block after
        a blank line as code; MkDocs reads all of them as the Markdown body of the
        admonition. A body after a blank line is found by ``_is_mkdocs_content``."""
        if token.type != "inline" or token.map is None or token.map[1] - token.map[0] < 2:
            return None
        if not token.content.startswith(_CONTAINER_MARKS):
            return None  # most paragraphs: no need to fetch and match their first line
        title_line = first_line + token.map[0]
        title = self.source.line_text(title_line + 1)
        if not _MKDOCS_CONTAINER.match(title):
            return None
        indent = len(title) - len(title.lstrip(" ")) + 4
        lines: list[str] = []
        line = title_line + 1
        while line < self.source.line_count:
            text = self.source.line_text(line + 1)
            if text.strip() and (len(text) - len(text.lstrip(" ")) < indent):
                break
            lines.append(text[indent:])
            line += 1
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines or not lines[0].strip():
            return None
        return title_line + 1, title_line + 1 + len(lines), "\n".join(lines) + "\n"

    def _is_mkdocs_content(self, lines: list[str], start: int) -> bool:
        """Whether an indented block is the Markdown body of a MkDocs admonition or tab:
        it opens with a fence, or the nearest non-blank line above it opens the container.
        """
        first = next((line for line in lines if line.strip()), "")
        if fence_opener(first) is not None:
            return True
        above = start
        while above > 0 and not self.source.line_text(above).strip():
            above -= 1
        return above > 0 and bool(_MKDOCS_CONTAINER.match(self.source.line_text(above)))

    def _snippet(self, lines: list[str], first_line: int, kind: str, language: str) -> None:
        selected = command_lines(lines, language)
        content = _ContentMap(self.source, lines, first_line)
        for chosen, where in ((selected.commands, ""), (selected.scheduled, SCHEDULED)):
            if not chosen:
                continue
            text = content.mapped((index, column, len(lines[index])) for index, column in chosen)
            if text.text.strip():
                line = self.source.line_col(text.offsets[0])[0]
                self.snippets.append(Snippet(text, kind, language, line, where))

    def _inline(self, token: BlockToken, first_line: int) -> None:
        assert token.map is not None
        content = token.content
        if "`" not in content and "<" not in content:
            return
        first = first_line + token.map[0]
        if "docker" not in content:  # nothing to extract: its code spans wait for a question
            start = _line_offset(self.source, first)
            end = _line_offset(self.source, first_line + token.map[1])  # the line after it
            scan = partial(_spans, self.source, content, first)
            self.pending.append(PendingText(start, end, scan))
            return
        text = _InlineText(self.source, content, first)
        self.spans.extend(text.spans())
        for start, end, run in text.found:
            inner = content[start + run : end - run]
            if run and "docker" in inner:
                self._inline_snippet(text.content_map(), inner, start + run)

    def _inline_snippet(self, content: _ContentMap, inner: str, start: int) -> None:
        """A snippet for a code span whose text ``inner`` (at ``start``) runs docker."""
        found = inline_command(inner)
        if found is None:
            return
        text = MappedText.join(
            content.mapped(content.pieces(start + first, start + last))
            for first, last in found.pieces
            if last > first
        )
        text = text.replace_text(text.text.replace("\n", " "))
        line = self.source.line_col(text.offsets[0])[0]
        self.snippets.append(Snippet(text, "inline", "", line, found.where))


def _content_lines(content: str) -> list[str]:
    """Lines of a code token's content: markdown-it ends each with ``\\n``, except the
    last line of a document that ends inside an unclosed fence."""
    lines = content.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def inline_code(content: str) -> Iterator[tuple[int, int, int]]:
    """``(start, end, backtick run)`` of the code spans and HTML comments (run 0) of a
    paragraph's or heading's text, per the CommonMark rules for both."""
    unmatched: dict[int, int] = {}
    unclosed_comment = len(content)
    position = 0
    while (mark := _INLINE_MARK.search(content, position)) is not None:
        start = mark.start()
        char = content[start]
        if char == "\\":
            position = start + 2
        elif char == "<":
            end = 0
            if start < unclosed_comment and content.startswith("<!--", start):
                end = _comment_end(content, start)
                # No ``-->`` after this one means none after any later ``<!--`` either.
                unclosed_comment = unclosed_comment if end else start
            if end:
                yield start, end, 0
            position = end or start + 1
        else:
            run = mark.end() - start
            end = _closing_run(content, start + run, run, unmatched)
            if end:
                yield start, end, run
            position = end or start + run


def _comment_end(content: str, start: int) -> int:
    """End of the HTML comment opening (``<!--``) at ``start``, 0 if it never closes."""
    for short in ("<!-->", "<!--->"):
        if content.startswith(short, start):
            return start + len(short)
    close = content.find("-->", start + 4)
    return 0 if close == -1 else close + 3


def _closing_run(content: str, position: int, run: int, unmatched: dict[int, int]) -> int:
    """End of the next backtick run of exactly ``run`` characters, 0 if none.

    ``unmatched`` remembers from where a run length is known not to close, which keeps
    a paragraph full of stray backticks linear.
    """
    if position >= unmatched.get(run, len(content) + 1):
        return 0
    scan = position
    while (found := _BACKTICKS.search(content, scan)) is not None:
        if found.end() - found.start() == run:
            return found.end()
        scan = found.end()
    unmatched[run] = position
    return 0
