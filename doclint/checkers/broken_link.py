"""DL401 broken-link: relative links and images to files that do not exist, and
``#anchors`` to headings that do not exist.

Paths are URL-decoded (``a%20b.md``) and resolved from the document's folder. A link to
a folder is fine when the folder exists, ``page.html`` is also found as ``page.md``, and
``other/`` as ``other.md`` (sites serve ``page.md`` as ``page/``). A path that a build
makes is not missing: git ignores it, or the top Makefile names it (``rm -f docs/cli.md``).

A link from the site root (``/guide/setup/``, ``/img/flow.png``) is a URL of the docs
site the document is a page of (``doclint.project.docs_site``: MkDocs, Docusaurus,
Eleventy, Hugo, Jekyll, VitePress, mdBook, Sphinx): it is reported only when the site's
rules leave no page or file to serve it. A relative link of a site page that names no
file is read from the page's URL the same way. Where a site makes routes that are not
modelled (plugins, permalink patterns, taxonomies, blogs, an application rendering the
pages) nothing is said; in a file outside any site only a README, a file at the top of
the repository or in ``.github/`` is read on GitHub, where ``/x`` is the repository's
top. On an Eleventy site served under a path prefix, a site-root link leaves the site:
it is reported when it names one of the site's own pages.

External URLs (a scheme such as ``https:`` or ``mailto:``, or ``//host``) are never
followed, nor are links that climb out of the repository and links with template syntax
(``{{ … }}``).

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
from doclint.project.docs_site import PAGE_SUFFIXES, UNKNOWN, Served, Site
from doclint.project.makefile import find_makefile
from doclint.project.markdown_links import Link, file_anchors, links
from doclint.project.pathfacts import PathFacts, inside, suffix
from doclint.project.site_layout import SLUG_RULES
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
    if path.startswith("/"):
        return _check_site_root(ctx, rule, link, path, (written, fragment))
    facts = ctx.inventory.paths
    resolved = facts.resolve(os.path.dirname(document), path)
    if not inside(resolved, str(ctx.inventory.boundary)):
        return None
    found = _existing(facts, resolved) or _pretty_url_source(facts, document, path)
    if found is None and suffix(path) not in PAGE_SUFFIXES:
        served = _served_relative(ctx, document, path)
        if served is UNKNOWN:
            return None
        found = str(served) if served else None
    return _judged(ctx, rule, link, resolved, found, (written, fragment))


def _judged(
    ctx: CheckContext,
    rule: Rule,
    link: Link,
    resolved: str,
    found: str | None,
    written_fragment: tuple[str, str],
) -> Finding | None:
    """A link to the path ``resolved``: missing unless ``found`` (the file that serves it)
    or made by a build; when found, its anchor is checked."""
    written, fragment = written_fragment
    if found is None:
        generated = _generated(ctx, resolved)
        return None if generated else _missing(ctx, rule, link, written, resolved)
    return _check_anchor(ctx, rule, link, found, fragment, written)


def _check_site_root(
    ctx: CheckContext, rule: Rule, link: Link, path: str, written_fragment: tuple[str, str]
) -> Finding | None:
    """A link from the site root: a URL of the document's docs site, or, in a file read on
    GitHub, a path from the top of the repository. Elsewhere nothing says what serves it."""
    written, fragment = written_fragment
    site = ctx.inventory.sites.site_for(str(ctx.source.path))
    if site is None:
        if not _read_on_github(ctx, str(ctx.source.path)):
            return None
        facts = ctx.inventory.paths
        resolved = facts.resolve(str(ctx.inventory.boundary), path.lstrip("/"))
        return _judged(ctx, rule, link, resolved, _existing(facts, resolved), written_fragment)
    served = ctx.inventory.sites.serves(site, path)
    if site.prefixed:
        return _leaves_site(ctx, rule, link, written, site, served)
    if served is UNKNOWN:
        return None
    if served is None:
        return _missing_route(ctx, rule, link, written, site)
    return _check_anchor(ctx, rule, link, str(served), fragment, written)


def _served_relative(ctx: CheckContext, document: str, path: str) -> Served:
    """What a relative link that names no file leads to when its document is a site page,
    read from the page's URL (``../other/`` written in ``page.md``, served as ``page/``);
    ``None`` outside any site."""
    site = ctx.inventory.sites.site_for(document)
    if site is None:
        return None
    routes = ctx.inventory.sites.relative_routes(site, document, path)
    if routes is None:
        return UNKNOWN
    answers = [ctx.inventory.sites.serves(site, route) for route in routes]
    found = next((a for a in answers if isinstance(a, str)), None)
    return found or (UNKNOWN if UNKNOWN in answers else None)


def _read_on_github(ctx: CheckContext, document: str) -> bool:
    """Whether a document outside any docs site is read where GitHub renders it: a README,
    a file at the top of the repository or in ``.github/``. There a site-root link is a
    path from the top of the repository."""
    relative = os.path.relpath(document, ctx.inventory.boundary)
    name = os.path.basename(document)
    return (
        os.sep not in relative
        or name.upper().startswith("README")
        or relative.startswith(".github" + os.sep)
    )


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
    so their links are relative to that, one level down). A dot in the last name is no
    extension unless it is a page's (``migrate-to-9.0.0`` is ``migrate-to-9.0.0.md``)."""
    if suffix(path).lower() in MARKDOWN_SUFFIXES + _BUILT_PAGES:
        return None
    name = path.rstrip("/")
    folder = os.path.dirname(document)
    for base in (folder, os.path.splitext(document)[0]):
        source = facts.resolve(base, name) + ".md"
        if facts.is_file(source):
            return source
    return None


def _generated(ctx: CheckContext, resolved: str) -> bool:
    """Whether a missing path is made by a build, so a checkout lacks it: a page of a
    built site (``.html``), a path git ignores, or one the Makefile at the top of the
    repository names (``rm -f docs/cli.md`` in its clean recipe, a rule that writes it)."""
    if suffix(resolved) in _BUILT_PAGES or _ignored(Path(resolved)):
        return True
    top = ctx.inventory.boundary
    makefile = find_makefile(top)
    if makefile is None or not inside(resolved, str(top)):
        return False
    named = re.escape(os.path.relpath(resolved, top).replace(os.sep, "/"))
    pattern = rf"(?<![\w./-])(?:\./)?{named}(?![\w./-])"
    return re.search(pattern, _text(makefile)) is not None


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _ignored(path: Path) -> bool:
    top = git_top(path.parent if path.parent.exists() else path.parent.parent)
    return top is not None and GitIgnore(top).ignored(path, is_dir=False)


def _missing(ctx: CheckContext, rule: Rule, link: Link, written: str, resolved: str) -> Finding:
    """A link to a path of the repository that does not exist."""
    shown = relative_to_root(Path(resolved), ctx.inventory.root)
    also = f" (`{shown}`)" if shown != unquote(written).strip("./") else ""
    message = f"{_what(link)} `{written}` does not exist{also}, so the reader gets a 404."
    return _missing_file(ctx, rule, link, written, message, _nearest(written, resolved))


def _missing_route(ctx: CheckContext, rule: Rule, link: Link, written: str, site: Site) -> Finding:
    """A site-root link that no page or file of the site serves."""
    folders = ", ".join(
        f"`{relative_to_root(Path(folder), ctx.inventory.root)}/`"
        for folder in [mount.folder for mount in site.mounts] + site.statics
        if ctx.inventory.paths.is_dir(folder)
    )
    message = (
        f"{_what(link)} `{written}` is served by no page or file of the {site.generator} site"
        f" (built from {folders}), so the reader gets a 404."
    )
    return _missing_file(ctx, rule, link, written, message, None)


def _leaves_site(
    ctx: CheckContext, rule: Rule, link: Link, written: str, site: Site, served: Served
) -> Finding | None:
    """A site-root link to a page of a site served under a path prefix: the link leaves
    the site, to a URL of the host that the repository does not build. Reported only
    when it names one of the site's own pages (another path may be the host's)."""
    if not isinstance(served, str):
        return None
    source = relative_to_root(Path(served), ctx.inventory.root)
    config = relative_to_root(Path(site.config), ctx.inventory.root)
    message = (
        f"{_what(link)} `{written}` is `{source}` of the {site.generator} site, but the site is"
        f" served under a path prefix (`{config}`) that site-root links do not get, so the"
        " reader gets a 404: link it relatively."
    )
    return _missing_file(ctx, rule, link, written, message, None)


def _what(link: Link) -> str:
    return "Image" if link.image else "Link target"


def _missing_file(
    ctx: CheckContext, rule: Rule, link: Link, written: str, message: str, suggestion: str | None
) -> Finding:
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    # the path as the file spells it: escapes (`a\_b.md`) may make it longer than read
    spelled = ctx.source.text[link.start : link.end].partition("#")[0]
    end = link.start + len(spelled)
    return ctx.replacement(rule, link.start, end, message, suggestion, safe=False, replaces=written)


def _nearest(written: str, resolved: str) -> str | None:
    """The link with its last part replaced by the closest name in that folder."""
    folder, _, name = resolved.rpartition(os.sep)
    if not os.path.isdir(folder):
        return None
    best = closest(name, os.listdir(folder), cutoff=0.8)
    if best is None:
        return None
    head, slash, _ = written.rstrip("/").rpartition("/")
    return f"{head}{slash}{best}"


def _slug_rules(ctx: CheckContext, target: str) -> frozenset[str]:
    """How the target's headings get their ids as the link reaches them: under the slug
    rule of the docs site when the link and its target are pages of the same one, else
    under every rule that may render the file (GitHub shows it, or a site may)."""
    sites = ctx.inventory.sites
    site = sites.site_for(target)
    if site is not None and site.slug_rule and site is sites.site_for(str(ctx.source.path)):
        return frozenset({site.slug_rule})
    return SLUG_RULES


def _check_anchor(
    ctx: CheckContext, rule: Rule, link: Link, path: str, fragment: str, written: str
) -> Finding | None:
    if suffix(path).lower() not in MARKDOWN_SUFFIXES or not ctx.inventory.paths.is_file(path):
        return None
    wanted = unquote(fragment).lower().removeprefix(_GITHUB_PREFIX)
    if wanted in _ALWAYS_THERE or _NO_HEADING.fullmatch(fragment):
        return None
    known = file_anchors(path, _slug_rules(ctx, path))
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
