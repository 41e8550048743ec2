"""DL401 broken-link: relative links and images to files that do not exist, and
``#anchors`` to headings that do not exist.

Paths are URL-decoded (``a%20b.md``) and resolved from the document's folder, or from
the top of the repository for ``/docs/x.md`` (as GitHub does). A link to a folder is
fine when the folder exists. ``page.html`` is also found as ``page.md`` (mdBook,
Jekyll and MkDocs build one from the other). External URLs (a scheme such as
``https:`` or ``mailto:``, or ``//host``) are never followed, nor are links that climb
out of the repository, links with template syntax (``{{ … }}``) and paths that git
ignores (a generated site).

Anchors are checked in Markdown files only, against the ids GitHub, MkDocs and
Docusaurus give headings, explicit ids and content tabs (see
``doclint.project.markdown_links``); ``#top`` always exists, and GitHub's line links
(``#L7``) and docfx's tab links (``#tab/linux``) name no heading. The suggestion is an
anchor that exists and is close to the one written (``doclint.suggest.nearest``), or none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from doclint.checkers._workdir import relative_to_root
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.inputs.discovery import MARKDOWN_SUFFIXES, GitIgnore, git_top
from doclint.judging.rulebook import Rule
from doclint.project.markdown_links import Link, file_anchors, links
from doclint.project.pathfacts import PathFacts, inside, suffix
from doclint.suggest import closest, nearest

_EXTERNAL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
_BUILT_PAGES = (".html", ".htm")
_ALWAYS_THERE = frozenset({"top", ""})
_GITHUB_PREFIX = "user-content-"
_NO_HEADING = re.compile(r"L\d+|L\d+(?:C\d+)?-L\d+(?:C\d+)?|tab/.*")
"""Fragments that name no heading: GitHub's line links (``#L7``, ``#L30-L31``,
``#L3C24-L88``: a column only in a range) and docfx's tab links (``#tab/linux``)."""


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    if ctx.source.kind != "markdown":
        return
    for link in links(ctx.source.text, ctx.document.code_spans):
        try:
            finding = _check(ctx, rule, link)
        except (OSError, ValueError):
            continue  # a path the system will not look up (too long, NUL): not judged
        if finding is not None:
            yield finding


def _check(ctx: CheckContext, rule: Rule, link: Link) -> Finding | None:
    target = link.target.strip()
    if _EXTERNAL.match(target) or "{{" in target or "{%" in target:
        return None
    written, _, fragment = target.partition("#")
    path = unquote(written.split("?", 1)[0])
    document = str(ctx.source.path)
    if not path:
        return _check_anchor(ctx, rule, link, document, fragment, written)
    boundary = str(ctx.inventory.boundary)
    base = boundary if path.startswith("/") else os.path.dirname(document)
    facts = ctx.inventory.paths
    resolved = facts.resolve(base, path.lstrip("/"))
    if not inside(resolved, boundary):
        return None
    found = _existing(facts, resolved) or _pretty_url_source(facts, document, path)
    if found is None:
        if suffix(resolved) in _BUILT_PAGES or _ignored(Path(resolved)):
            return None  # a page of the built site, laid out as its generator decides
        return _missing_file(ctx, rule, link, written, Path(resolved))
    return _check_anchor(ctx, rule, link, found, fragment, written)


def _existing(facts: PathFacts, path: str) -> str | None:
    """The file or folder a link leads to: the path, or the Markdown source of a built
    page (``ch01.html`` → ``ch01.md``)."""
    if facts.exists(path):
        return path
    built = suffix(path)
    if built in _BUILT_PAGES:
        for markdown in MARKDOWN_SUFFIXES:
            source = path[: -len(built)] + markdown
            if facts.is_file(source):
                return source
    return None


def _pretty_url_source(facts: PathFacts, document: str, path: str) -> str | None:
    """The Markdown page a site-style link means: ``other/`` or ``../other/`` written
    in ``docs/page.md`` for ``docs/other.md`` (sites serve ``page.md`` as ``page/``,
    so their links are relative to that, one level down)."""
    if path.startswith("/") or Path(path).suffix:
        return None
    name = path.rstrip("/")
    folder = os.path.dirname(document)
    for base in (folder, os.path.splitext(document)[0]):
        resolved = facts.resolve(base, name)
        source = resolved[: len(resolved) - len(suffix(resolved))] + ".md"
        if facts.is_file(source):
            return source
    return None


def _ignored(path: Path) -> bool:
    top = git_top(path.parent if path.parent.exists() else path.parent.parent)
    return top is not None and GitIgnore(top).ignored(path, is_dir=False)


def _missing_file(
    ctx: CheckContext, rule: Rule, link: Link, written: str, resolved: Path
) -> Finding:
    what = "Image" if link.image else "Link target"
    shown = relative_to_root(resolved, ctx.inventory.root)
    also = f" (`{shown}`)" if shown != unquote(written).strip("./") else ""
    message = f"{what} `{written}` does not exist{also}, so the reader gets a 404."
    suggestion = _nearest(written, resolved)
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    end = link.start + len(written)
    return ctx.replacement(rule, link.start, end, message, suggestion, safe=False)


def _nearest(written: str, resolved: Path) -> str | None:
    """The link with its last part replaced by the closest name in that folder."""
    folder = resolved.parent
    if not folder.is_dir():
        return None
    best = closest(resolved.name, [p.name for p in folder.iterdir()], cutoff=0.8)
    if best is None:
        return None
    head, slash, _ = written.rstrip("/").rpartition("/")
    return f"{head}{slash}{best}"


def _check_anchor(
    ctx: CheckContext, rule: Rule, link: Link, path: str, fragment: str, written: str
) -> Finding | None:
    if suffix(path).lower() not in MARKDOWN_SUFFIXES or not ctx.inventory.paths.is_file(path):
        return None
    wanted = unquote(fragment).lower().removeprefix(_GITHUB_PREFIX)
    if wanted in _ALWAYS_THERE or _NO_HEADING.fullmatch(fragment):
        return None
    known = file_anchors(path, str(ctx.source.path))
    if known is None or wanted in known.found:
        return None
    where = "this document" if path == str(ctx.source.path) else f"`{written}`"
    message = f"No heading or anchor `#{fragment}` in {where}, so the link opens at the top."
    suggestion = nearest(wanted, known.named)
    if suggestion:
        message += f" Did you mean `#{suggestion}`?"
    as_written = ctx.source.text[link.start : link.end].partition("#")[2]
    start = link.end - len(as_written)
    return ctx.replacement(rule, start, link.end, message, suggestion, safe=False)
