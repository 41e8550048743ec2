"""Links, images and heading anchors of a Markdown document, with exact file positions.

Only markdown-it-py's *inline* parser runs, and only where there is link text: the
block structure is already known from extraction (``ExtractedDocument.code_spans``:
code blocks, code spans, HTML), so each ``](`` outside code has the paragraph around
it parsed, which settles what is a link (not ``[a](b c)``, not in a code span). A
document with no ``](`` and no ``]:`` costs one substring test. Reference definitions
(``[x]: path``) are found by line; links that use them are reported at the definition.
The destination of each link is then found in the file, so a finding points at
exactly the characters to change.

Anchors are the ids a renderer gives headings (see ``anchors``): GitHub's (github-slugger:
lowercase, Unicode punctuation but connectors and ``-`` dropped, spaces to ``-``, repeats
``-1``, ``-2``; Docusaurus uses it too) and Python-Markdown's (MkDocs: runs of spaces and
``-`` collapsed, repeats ``_1``), plus explicit ids (``{#x}`` after a heading, HTML ``id``
and ``<a name>``, MyST ``(x)=``) and content tabs. Headings are found by line (ATX ``#``
and setext underlines) outside fenced blocks, both recognised loosely
(``doclint.extract.block_lines``); a heading-like line the scan takes too many only
ever adds an anchor, never hides one.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from html import unescape
from typing import TYPE_CHECKING, NamedTuple

from doclint import fast_paths
from doclint.extract.block_lines import atx_heading, fence_closer, fence_opener
from doclint.extract.markdown import inline_code
from doclint.extract.markdown_parser import markdown_parser
from doclint.extract.spans import CodeSpans
from doclint.project.site_layout import GITHUB, SLUG_RULES, TOC, VITEPRESS

if TYPE_CHECKING:
    from markdown_it.token import Token

_HTML_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)>")
_HTML_ATTRIBUTE = re.compile(
    r"""(?<![^\s"'])(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""", re.IGNORECASE
)
_HTML_HEADING = re.compile(r"<(h[1-6])(?:\s[^<>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_MYST_TARGET = re.compile(r"^[ \t]{0,3}\(([^()\s]+)\)=[ \t]*$", re.MULTILINE)
"""A MyST target, ``(label)=`` on its own line before what it names."""
_TAB = re.compile(r'===([+!]*)[ \t]+"(.*?)"')
"""A content tab of pymdownx.tabbed: ``=== "Title"``, ``===+`` (selected), ``===!``
(starts a new set)."""
_FRONT_MATTER_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
_ATTR_ID = re.compile(r"\s*\{[^{}]*#([\w:.-]+)[^{}]*\}\s*$")
_FRONT_MATTER = re.compile(
    r"(---|\+\+\+)[ \t]*\n.*?^(?:\1|\.\.\.)[ \t]*$", re.MULTILINE | re.DOTALL
)
_DEFINITION = re.compile(
    r"^[ \t]{0,3}(?:>[ \t]?)*"  # up to three spaces, in any block quote
    r"\[(?!\^)(?P<label>(?:[^\]\\\n]|\\.)+)\]:"  # [label]: but not a footnote [^1]:
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
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
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
        group = 2 if match.group(2) is not None else 3
        if not code.covers(match.start(group)):
            destination = _unescaped(match.group(group))
            found.append(Link(destination, match.start(group), match.end(group)))
    found = [link for link in found if not code.covers(link.start)]
    return sorted(found, key=lambda link: link.start)


def _unescaped(destination: str) -> str:
    """A definition's destination as markdown-it reads it: backslash escapes and entities
    resolved (``foo\\_bar.md`` is ``foo_bar.md``)."""
    if "\\" not in destination and "&" not in destination:
        return destination
    from markdown_it.common.utils import unescapeAll

    return unescapeAll(destination)


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
    """The offsets of the blank-line-separated block around ``offset`` (a blank line may
    hold spaces, or the ``\r`` of a CRLF file)."""
    end = body.rfind("\n", 0, offset)
    start = 0
    while end > 0:
        previous = body.rfind("\n", 0, end)
        if not body[previous + 1 : end].strip():
            start = end
            break
        end = previous
    after = _BLANK_LINE.search(body, offset)
    return start, after.start() if after else len(body)


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


class Anchors(NamedTuple):
    """What a ``#fragment`` into a document may name."""

    found: frozenset[str]
    """Every fragment that leads somewhere, or may (see ``anchors``), lowercased."""
    named: frozenset[str]
    """The anchors the document certainly has, as a link must write them: the names a
    suggestion may offer (HTML ids keep their case)."""


def anchors(text: str, rules: frozenset[str] = SLUG_RULES) -> Anchors:
    """The anchors of a document rendered under the slug ``rules``."""
    return _slugged(text).under(rules)


class _Slugged(NamedTuple):
    """A document's anchors: the explicit ones, the slugs under each rule, the maybes.
    Each maps a lowercased anchor to its spelling."""

    explicit: dict[str, str]
    by_rule: dict[str, dict[str, str]]
    maybe: frozenset[str]

    def under(self, rules: frozenset[str]) -> Anchors:
        named = dict(self.explicit)
        for rule in sorted(rules):
            for anchor in self.by_rule[rule].values():
                _name(named, anchor)
        return Anchors(frozenset(named) | self.maybe, frozenset(named.values()))


def _slugged(text: str) -> _Slugged:
    """The anchors of a document under every slug rule that may render it: GitHub's,
    Python-Markdown's ``toc`` (MkDocs); explicit ids (``{#id}``, which every generator
    but GitHub uses instead of a slug; HTML ``id``/``name``; MyST ``(label)=``); content
    tabs. The keys of the front matter may also name a section: a site layout may render
    one for a key (``further_reading:`` → ``#further-reading``), which the repository
    cannot show."""
    body = _body(text)
    references = _references(body)
    titles = list(_headings(body))
    attributes = [_ATTR_ID.search(title) for title in titles]
    ids = {match.group(1) for match in attributes if match}
    github = _GitHubSlugs()
    vitepress = _GitHubSlugs()
    toc = ((markdown_slug, _TocSlugs(ids)), (_markdown_slug_unicode, _TocSlugs(ids)))
    explicit: dict[str, str] = {}
    by_rule: dict[str, dict[str, str]] = {GITHUB: {}, TOC: {}, VITEPRESS: {}}
    for title, attribute in zip(titles, attributes, strict=True):
        shown = _heading_text(title, references)
        _name(by_rule[GITHUB], github.unique(github_slug(shown)))  # GitHub shows {#id}
        if attribute:  # the generators that read it use it instead of a slug
            _name(explicit, attribute.group(1))
            continue
        for slug, slugs in toc:
            _name(by_rule[TOC], slugs.unique(slug(shown)))
        _name(by_rule[VITEPRESS], vitepress.unique(vitepress_slug(shown)))
    for heading in _HTML_HEADING.finditer(text):  # GitHub gives raw HTML headings ids too
        _name(by_rule[GITHUB], github.unique(github_slug(_html_text(heading.group(2)))))
    for anchor in (*_html_ids(text), *_MYST_TARGET.findall(body), *_tab_ids(body)):
        _name(explicit, anchor)
    maybe = {key.lower() for key in _front_matter_keys(text)}
    return _Slugged(explicit, by_rule, frozenset(maybe | {k.replace("_", "-") for k in maybe}))


def _name(named: dict[str, str], anchor: str) -> None:
    """Record ``anchor``; the first spelling of a name is the one suggested."""
    named.setdefault(anchor.lower(), anchor)


def _headings(body: str) -> Iterator[str]:
    """The source text of each heading, in order.

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
            outdent = _container_end(text, line, start, end)
            if outdent is not None and (position == -1 or outdent < position):
                position = outdent  # the list item holding the fence ended first
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
            yield atx
            line = ""
        elif (
            previous
            and first in _SETEXT_CHARS
            and _SETEXT.fullmatch(line)
            and not _NOT_PARAGRAPH.match(previous)
        ):
            yield previous.strip()
            line = ""
        carried = line if not line.startswith(("    ", "\t")) else ""


_LIST_LEAD = re.compile(r"[ \t]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)?")
_LIST_ITEM = re.compile(r"(?P<lead>[ ]*)(?:[-*+]|[0-9]{1,9}[.)])[ \t]")


def _container_end(text: str, line: str, start: int, end: int) -> int | None:
    """Where the list item holding a fence ends (the ``\n`` before the first later line
    indented less than the fence, which closes the fence with the item), or None for a
    fence in no list item. The fence is in one when its own line opens an item
    (``- ```sh``) or when it is indented under the line above it that does."""
    lead = _LIST_LEAD.match(line)
    indent = lead.end() if lead else 0
    if indent == len(line) - len(line.lstrip(" \t")):  # no list marker on the fence's line
        above = text.rfind("\n", 0, start - 1)
        item = _LIST_ITEM.match(text, above + 1, start - 1)
        if indent == 0 or "\t" in line[:indent] or item is None:
            return None
        if len(item.group("lead")) >= indent:
            return None
    outdented = re.compile(rf"\n[ ]{{0,{indent - 1}}}(?=[^ \t\n])").search(text, end)
    return outdented.start() if outdented else None


def _unquoted(line: str) -> str:
    """A line without its block quote markers."""
    return _QUOTE_MARKERS.sub("", line) if ">" in line else line


def _references(body: str) -> dict[str, dict[str, str]]:
    """The document's reference definitions as markdown-it's inline parser looks them up,
    so that ``[text][label]`` in a heading reads as its text."""
    if "]:" not in body:
        return {}
    from markdown_it.common.utils import normalizeReference

    return {
        normalizeReference(match.group("label")): {"href": "", "title": ""}
        for match in _definitions(body)
    }


def _heading_text(source: str, references: dict[str, dict[str, str]]) -> str:
    """A heading's text as a browser shows it: markup, images and HTML gone, escapes and
    entities resolved; markdown-it reads it only when it has markup. Not stripped: an
    image or comment after the last word leaves its space (GitHub: ``title-``)."""
    if not _MARKUP.search(source):
        return source
    children: list[Token] = []
    parser = _parser()
    parser.inline.parse(source, parser, {"references": references}, children)
    return _plain(children)


def _plain(children: list[Token]) -> str:
    """The text of inline tokens: text, escaped characters and entities (markdown-it's
    ``text_special``), code; a line break reads as a space."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _html_text(html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities resolved."""
    return unescape(_TAG.sub("", html))


def _html_ids(text: str) -> Iterator[str]:
    """Every ``id`` of every HTML tag, and the ``name`` of every ``<a>``."""
    for tag in _HTML_TAG.finditer(text):
        anchor_tag = tag.group(1).lower() == "a"
        for attribute in _HTML_ATTRIBUTE.finditer(tag.group(2)):
            if attribute.group(1).lower() == "id" or anchor_tag:
                yield unescape(next(value for value in attribute.groups()[1:] if value is not None))


def _tab_ids(body: str) -> Iterator[str]:
    """The ids content tabs (``=== "Title"``, pymdownx.tabbed) give their tabs: the
    title's slug when the site configures one, else ``__tabbed_<set>_<tab>``. A tab
    starts a new set unless it follows a tab of the same indent with only indented
    content between them (or ``===!`` says so)."""
    if "===" not in body:
        return
    tab_set, tab, indent = 0, 0, -1
    for line in body.splitlines():
        stripped = line.lstrip(" ")
        depth = len(line) - len(stripped)
        tab_line = _TAB.match(stripped)
        if tab_line:
            if depth != indent or tab == 0 or "!" in tab_line.group(1):
                tab_set, tab = tab_set + 1, 0
            tab, indent = tab + 1, depth
            yield f"__tabbed_{tab_set}_{tab}"
            yield markdown_slug(tab_line.group(2))
            yield github_slug(tab_line.group(2))
        elif stripped and depth <= indent:
            tab, indent = 0, -1


def _front_matter_keys(text: str) -> list[str]:
    front = _FRONT_MATTER.match(text)
    return _FRONT_MATTER_KEY.findall(front.group()) if front else []


_GITHUB_DROPPED = frozenset(
    {"No", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Sc", "Sk", "Sm", "So"}
    | {"Cc", "Cf", "Cn", "Co", "Zl", "Zp", "Zs"}
)
"""The Unicode categories github-slugger drops: numbers but digits and letter numbers,
punctuation but connectors (``_``, ``‿``), symbols, controls, formats, separators."""
_ALPHABETIC_SYMBOLS = re.compile(
    "[\u24b6-\u24e9\U0001f130-\U0001f149\U0001f150-\U0001f169\U0001f170-\U0001f189]"
)
"""Symbols that are also Alphabetic (circled and squared letters): github-slugger keeps
them."""
_ASCII_DROPPED = re.compile(r"[^a-z0-9 _-]")


def github_slug(title: str) -> str:
    """GitHub's heading id (github-slugger): lowercase, drop the Unicode categories of
    ``_GITHUB_DROPPED`` but `` `` and ``-``, then each space becomes ``-``."""
    lowered = title.lower()
    if lowered.isascii():
        kept = _ASCII_DROPPED.sub("", lowered)
    else:
        kept = "".join(
            c
            for c in lowered
            if c in " -"
            or unicodedata.category(c) not in _GITHUB_DROPPED
            or _ALPHABETIC_SYMBOLS.match(c)
        )
    return kept.replace(" ", "-")


_VITEPRESS_SPECIAL = re.compile(
    r"""[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:"'<>,.?/\u201c\u201d\u2018\u2019]+"""
)  # the curly quotes too


def vitepress_slug(title: str) -> str:
    """VitePress's heading id (``@mdit-vue/shared`` slugify): accents and control
    characters dropped, each run of punctuation and spaces one ``-``, none at the ends,
    ``_`` before a leading digit, lowercase."""
    value = "".join(
        c
        for c in unicodedata.normalize("NFKD", title)
        if not ("\u0300" <= c <= "\u036f" or c < "\x20")
    )
    value = _VITEPRESS_SPECIAL.sub("-", value).strip("-")
    return re.sub(r"^(\d)", r"_\1", value).lower()


def markdown_slug(title: str) -> str:
    """Python-Markdown's ``toc`` slugify (MkDocs' default): accents dropped, then
    anything but word characters, spaces and ``-`` removed, runs of spaces and ``-``
    made one ``-``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _markdown_slug_unicode(ascii_title)


def _markdown_slug_unicode(title: str) -> str:
    """The same with Unicode letters kept (``slugify_unicode``, pymdownx.slugs)."""
    value = re.sub(r"[^\w\s-]", "", unicodedata.normalize("NFKC", title)).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


class _GitHubSlugs:
    """github-slugger's repeats: ``slug``, ``slug-1``, ``slug-2``…, skipping any taken."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def unique(self, slug: str) -> str:
        candidate = slug
        while candidate in self.seen:
            self.seen[slug] += 1
            candidate = f"{slug}-{self.seen[slug]}"
        self.seen[candidate] = 0
        return candidate


class _TocSlugs:
    """Python-Markdown ``toc``'s repeats: ``slug``, ``slug_1``, ``slug_2``… (a slug that
    ends in ``_<n>`` counts on from ``n``), unique also against the explicit ids."""

    _COUNTED = re.compile(r"^(.*)_([0-9]+)$")

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def unique(self, slug: str) -> str:
        while slug in self.taken or not slug:
            counted = self._COUNTED.match(slug)
            slug = f"{counted.group(1)}_{int(counted.group(2)) + 1}" if counted else f"{slug}_1"
        self.taken.add(slug)
        return slug


def file_anchors(path: str, rules: frozenset[str] = SLUG_RULES) -> Anchors | None:
    """The anchors of a Markdown file under the slug ``rules`` that may render it (the
    one of the docs site a link and its target share, else every rule); ``None`` when
    the file cannot be read. The file is read once while it is unchanged."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    slugged = _file_anchors(path, stat.st_mtime_ns, stat.st_size)
    return None if slugged is None else slugged.under(rules)


@functools.lru_cache(maxsize=512)
def _file_anchors(path: str, _mtime: int, _size: int) -> _Slugged | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return _slugged(file.read())
    except OSError:
        return None


