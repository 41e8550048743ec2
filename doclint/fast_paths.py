"""One switch for every fast path doclint takes instead of a standard part.

Where measurement showed it pays, doclint reads the common case with code of its own
and leaves the rest to the standard part: the block scanner before markdown-it
(``extract/blocks.py``), plain shell commands before bashlex (``shell/simple.py``), plain
links before markdown-it (``project/markdown_links.py``), the literals every match of a
pattern rule needs before its regex (``checkers/pattern.py``), rules compiled into the
cache before their YAML (``judging/rulebook.py``), and a process tuned for one short run
(fewer cycle collections, a quick exit: ``cli.entry``). Each is tested to decide exactly
as the part it stands in for. ``DOCLINT_FAST_PATHS=0`` turns them all off, so that a
surprising result can be bisected to "a fast path or not" in one run.
"""

from __future__ import annotations

import os

VARIABLE = "DOCLINT_FAST_PATHS"


def enabled() -> bool:
    """Whether the fast paths are on (read each time: tests switch them per run)."""
    return os.environ.get(VARIABLE, "1") != "0"
