"""Which generator really builds a documentation folder, and the heading-id (slug)
rules generators use: shared by the site model and the anchor reader."""

from __future__ import annotations

import functools
import os

GITHUB = "github"
"""GitHub's slugs (github-slugger; Docusaurus uses it too) and its ids for raw HTML
headings."""
TOC = "toc"
"""Python-Markdown ``toc``'s slugs (MkDocs), with its ASCII and Unicode slugify."""
VITEPRESS = "vitepress"
"""VitePress's slugs (``@mdit-vue/shared`` slugify: a leading digit gets a ``_``), with
markdown-it-anchor's ``-1``, ``-2`` repeats."""
SLUG_RULES = frozenset({GITHUB, TOC})
"""The rules that may render a file outside a known site: GitHub shows it, or an MkDocs
site may."""

HUGO_SECTION = "_index.md"
"""Hugo's section page: no other generator gives ``_index.md`` that meaning."""


@functools.lru_cache(maxsize=64)
def holds_hugo_sections(folder: str, depth: int = 3) -> bool:
    """Whether ``folder`` (or a folder up to ``depth`` levels below) has a Hugo section
    page: its Markdown is Hugo content, whatever other generator's configuration sits
    above it (a stale ``mkdocs.yml`` beside docs published by a Hugo site elsewhere)."""
    top = os.path.abspath(folder).rstrip(os.sep)
    base = top.count(os.sep)
    for current, dirnames, filenames in os.walk(top):
        if HUGO_SECTION in filenames:
            return True
        if current.count(os.sep) - base >= depth:
            dirnames[:] = []
    return False
