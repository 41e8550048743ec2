"""Where a piece of text stands in its document: the structural facts a pattern rule
may name in ``skip_in`` so that the same words are a finding in one place and not in
another.

"UPDATE THIS!" in the prose of a runbook is a page nobody finished; "CHANGE ME" after
``client_id: "your-client-id"`` in an example configuration tells the reader which line
to edit. ``[Phone Number]`` in an escalation list is a blank; ``[Bitbucket]`` at the
head of a changelog entry is the area the entry is about. Telling them apart by the
words alone needs a keyword list that breaks on the next repository; telling them apart
by *where* the words are does not. Each place below is one such fact, worked out from
the document's structure (headings, list items, links, code blocks, the commands
extraction found) and the repository (which paths exist):

``template-file``
    The document is a template meant to be copied and filled in: an issue or pull
    request template, ``*.template.md``... (the rule's ``templates`` globs).
``template-section``
    The nearest heading above says the section is a template ("Message template").
``changelog``
    The document is a changelog or release notes (the rule's ``changelogs`` globs):
    the project's history, whose entries carry area tags (``- [Bitbucket] Fix the
    login``), quote the text of their time and wait for the next release's date
    (``## [v1.2.0] - TODO``).
``heading``
    The text is the whole title of a heading (``## 7. TODO`` names a to-do list).
``link-text``
    The text lies inside the text of a link: ``[[Contributions]](https://…)``.
``value-comment``
    In code, the text is in a comment that follows a value on the same line
    (``secret: "x"  # CHANGE THIS``): a note on that value for whoever edits it.
``stated-default``
    Earlier in the same sentence the text is called the default ("the default
    credential is ``admin:CHANGE_ME``"): it documents what ships.
``inline-code``
    A code span in prose that extraction did not read as a command: a value the page
    talks about, not one the reader runs.
``example-code``
    A code block that extraction did not read as commands: a configuration example or
    output, which the reader adapts rather than pastes into a shell.
``names-repository-path``
    The line names a path of this repository (``TODO: move into /pipeline``, or a
    table row about ``server/shared/**``): a note on the code, which the page
    documents, not a blank in it.
``hidden-comment``
    The text is inside an MDX comment, ``{/* … */}``, or a Hugo template comment,
    ``{{/* … */}}``, which the reader never sees (an HTML comment is code already).
``explained-in-prose``
    The slot's name appears in the page outside the code block that holds it ("send
    the request, substituting the value of ``synapse_public_baseurl``"): the page tells
    the reader what to put there. ``[DOMAIN_NAME_1]`` is explained by a mention of
    ``DOMAIN_NAME_*`` as well.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from doclint.extract.block_lines import atx_heading
from doclint.extract.spans import merged

if TYPE_CHECKING:
    from doclint.checkers.context import CheckContext

PLACES = frozenset(
    {
        "template-file",
        "template-section",
        "changelog",
        "heading",
        "link-text",
        "value-comment",
        "stated-default",
        "inline-code",
        "example-code",
        "names-repository-path",
        "explained-in-prose",
        "hidden-comment",
    }
)

_LINK_TEXT = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(")
"""A link's text (one level of brackets inside it) and the ``(`` of its target."""
_TEMPLATE_WORD = re.compile(r"\btemplates?\b", re.IGNORECASE)
_DEFAULT_WORD = re.compile(r"\bdefault(?:s|ed)?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_HEADING_NUMBER = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*\.?[ \t]+)?")
_PATH_WORD = re.compile(r"[\w.@-]*/[\w./@-]*")
_SLOT_NUMBER = re.compile(r"[0-9]+$")
"""The number of one of several slots of a kind (``DOMAIN_NAME_1``)."""
_COMMENT_OPEN = re.compile(r"\{\{?[ \t]*/\*")
_COMMENT_CLOSE = re.compile(r"\*/[ \t]*\}\}?")
"""An MDX comment ``{/* … */}`` or a Hugo template comment ``{{/* … */}}``."""
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")


class Placement:
    """The places of one document, each worked out the first time a match asks."""

    def __init__(
        self, ctx: CheckContext, templates: Iterable[str], changelogs: Iterable[str]
    ) -> None:
        self._ctx = ctx
        self._text = ctx.source.text
        self._templates = tuple(templates)
        self._changelogs = tuple(changelogs)

    def first_of(self, names: Iterable[str], start: int, end: int) -> str | None:
        """The first of ``names`` (places of :data:`PLACES`) that the text
        ``[start, end)`` is in, or None; only the places named are worked out."""
        tests: dict[str, Callable[[int, int], bool]] = {
            "template-file": lambda s, e: self._template_file,
            "template-section": self._template_section,
            "changelog": lambda s, e: self._changelog_file,
            "heading": self._whole_heading,
            "link-text": self._link_text,
            "value-comment": self._value_comment,
            "stated-default": self._stated_default,
            "inline-code": self._inline_code,
            "example-code": self._example_code,
            "names-repository-path": self._names_repository_path,
            "explained-in-prose": self._explained_in_prose,
            "hidden-comment": self._hidden_comment,
        }
        return next((name for name in names if tests[name](start, end)), None)

    # -- the document as a whole ------------------------------------------------------

    @cached_property
    def _relative(self) -> str | None:
        """The document's path from the top of the repository, ``/``-separated."""
        try:
            return self._ctx.source.path.relative_to(self._ctx.inventory.root).as_posix()
        except ValueError:
            return None

    def _matches(self, globs: tuple[str, ...]) -> bool:
        from doclint.inputs.discovery import matches_any

        return self._relative is not None and matches_any(self._relative, globs)

    @cached_property
    def _template_file(self) -> bool:
        return self._matches(self._templates)

    @cached_property
    def _changelog_file(self) -> bool:
        return self._matches(self._changelogs)

    # -- lines and headings -----------------------------------------------------------

    def _line(self, offset: int) -> tuple[int, str]:
        """The start offset and text of the line holding ``offset``."""
        line_start = self._text.rfind("\n", 0, offset) + 1
        line_end = self._text.find("\n", offset)
        return line_start, self._text[line_start : line_end if line_end >= 0 else None]

    @cached_property
    def _headings(self) -> tuple[list[int], list[str]]:
        """Start offsets and texts of the prose headings (ATX and setext), in order."""
        starts: list[int] = []
        texts: list[str] = []
        code = self._ctx.document.code_spans
        offset = 0
        previous: tuple[int, str] | None = None
        for line in self._text.split("\n"):
            if not code.covers(offset):
                title = atx_heading(line)
                if title is not None:
                    starts.append(offset)
                    texts.append(title)
                elif previous and previous[1].strip() and _SETEXT_UNDERLINE.match(line):
                    starts.append(previous[0])
                    texts.append(previous[1].strip())
            previous = (offset, line)
            offset += len(line) + 1
        return starts, texts

    def _template_section(self, start: int, end: int) -> bool:
        starts, texts = self._headings
        index = bisect.bisect_right(starts, start) - 1
        return index >= 0 and bool(_TEMPLATE_WORD.search(texts[index]))

    def _whole_heading(self, start: int, end: int) -> bool:
        title = atx_heading(self._line(start)[1])
        if title is None:
            return False
        words = _HEADING_NUMBER.sub("", title).strip(" *_:")
        return words == self._text[start:end]

    # -- where on its line ------------------------------------------------------------

    def _link_text(self, start: int, end: int) -> bool:
        line_start, line = self._line(start)
        column, stop = start - line_start, end - line_start
        return any(
            link.start(1) <= column and stop <= link.end(1) for link in _LINK_TEXT.finditer(line)
        )

    def _value_comment(self, start: int, end: int) -> bool:
        if not self._ctx.document.code_spans.covers(start):
            return False
        line_start, line = self._line(start)
        before = line[: start - line_start]
        hash_at = before.rfind("#")
        return hash_at > 0 and before[:hash_at].strip() != "" and before[hash_at - 1] in " \t"

    def _stated_default(self, start: int, end: int) -> bool:
        line_start, line = self._line(start)
        before = line[: start - line_start]
        sentence = _SENTENCE_END.split(before)[-1]
        return bool(_DEFAULT_WORD.search(sentence))

    def _names_repository_path(self, start: int, end: int) -> bool:
        _, line = self._line(start)
        root = self._ctx.inventory.root
        for word in _PATH_WORD.findall(line):
            relative = word.strip("/.")
            if relative and "://" not in word and (root / relative).exists():
                return True
        return False

    def _explained_in_prose(self, start: int, end: int) -> bool:
        name = _SLOT_NUMBER.sub("", self._text[start:end].strip("[]<>{}"))
        if len(name) < 3:
            return False
        block = self._ctx.document.code_spans.span_at(start) or (start, end)
        for mention in re.finditer(re.escape(name), self._text, re.IGNORECASE):
            if not block[0] <= mention.start() < block[1]:
                return True
        return False

    def _hidden_comment(self, start: int, end: int) -> bool:
        openers = list(_COMMENT_OPEN.finditer(self._text, max(start - 2000, 0), start))
        opened = openers[-1] if openers else None
        if opened is None or _COMMENT_CLOSE.search(self._text, opened.end(), start):
            return False
        return _COMMENT_CLOSE.search(self._text, end) is not None

    # -- code that is not a command ---------------------------------------------------

    @cached_property
    def _command_offsets(self) -> list[tuple[int, int]]:
        """File ranges of the text extraction handed to the shell parser, merged."""
        return merged(
            (min(snippet.text.offsets), max(snippet.text.offsets) + 1)
            for snippet in self._ctx.document.snippets
            if snippet.text.offsets
        )

    def _in_command(self, start: int) -> bool:
        ranges = self._command_offsets
        index = bisect.bisect_right(ranges, (start, len(self._text) + 1)) - 1
        return index >= 0 and start < ranges[index][1]

    def _code_kind(self, start: int) -> str | None:
        """``"inline"`` or ``"block"`` for code that is not a command; None otherwise."""
        span = self._ctx.document.code_spans.span_at(start)
        if span is None or self._in_command(start):
            return None
        line_start, _ = self._line(span[0])
        block = span[0] == line_start and (
            self._text.startswith(("```", "~~~"), span[0])
            or self._ctx.source.kind != "markdown"
            or "\n" in self._text[span[0] : span[1]].rstrip("\n")
        )
        return "block" if block else "inline"

    def _inline_code(self, start: int, end: int) -> bool:
        return self._code_kind(start) == "inline"

    def _example_code(self, start: int, end: int) -> bool:
        return self._code_kind(start) == "block"
