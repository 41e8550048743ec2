"""Facts about a documentation folder's layout that decide which generator really
builds it, shared by the route and the anchor checks."""

from __future__ import annotations

import functools
import os

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
