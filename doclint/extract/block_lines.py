"""The Markdown blocks one line opens, closes or is: fenced code and ATX headings.

Two readers recognise them. The block scanner (``doclint.extract.blocks``) must read a
line exactly as markdown-it does (CommonMark; markdown-it's ``rules_block/fence.py``
and ``heading.py``). The heading scan of link targets (``doclint.project.
markdown_links``) reads the raw lines of a whole file, inside any list or block quote,
only to tell headings from fenced code, and reads them *loosely*:

- tabs indent like spaces, so that a fence in a tab-indented list item is one;
- a backtick fence's info string may hold backticks;
- a fence is closed by any line that starts with a long enough run of its marker, in
  any block quote, whatever follows the run. This may end a fence sooner than
  CommonMark does, never later: the lines after it are read for headings, which adds
  an anchor at worst, and never hides a heading's.
"""

from __future__ import annotations

import re
from functools import cache

_MAX_INDENT = 3
_OPENER = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_LOOSE_OPENER = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})(.*)")


def fence_opener(line: str, *, loose: bool = False) -> tuple[str, str] | None:
    """``(marker run, info string)`` when ``line`` opens a fenced code block: at most
    three spaces, then three or more backticks or tildes; a backtick fence's info string
    holds no backtick."""
    match = (_LOOSE_OPENER if loose else _OPENER).match(line)
    if match is None:
        return None
    run, info = match.groups()
    if run[0] == "`" and "`" in info and not loose:
        return None
    return run, info


@cache
def fence_closer(run: str, *, loose: bool = False) -> re.Pattern[str]:
    """What finds the line that closes a fence opened with ``run``, searched from the
    end of the opening line: at most three spaces, at least as many of the same marker,
    then nothing but spaces and tabs."""
    marker = f"{re.escape(run[0])}{{{len(run)},}}"
    if loose:
        return re.compile(rf"^(?:[ \t]{{0,3}}>[ \t]?)*[ \t]{{0,3}}{marker}", re.MULTILINE)
    return re.compile(rf"^ {{0,3}}{marker}[ \t]*$", re.MULTILINE)


def atx_heading(line: str, *, loose: bool = False) -> str | None:
    """The text of an ATX heading line, without its closing ``#`` run and the spaces and
    tabs around it; None when ``line`` is no heading: at most three spaces, one to six
    ``#``, then a space, a tab or the end of the line."""
    rest = line.lstrip(" \t" if loose else " ")
    level = len(rest) - len(rest.lstrip("#"))
    if len(line) - len(rest) > _MAX_INDENT or not 0 < level <= 6:
        return None
    if level < len(rest) and rest[level] not in " \t":
        return None
    end = len(rest)
    while end > level and rest[end - 1] in " \t":
        end -= 1
    hashes = end
    while hashes > level and rest[hashes - 1] == "#":
        hashes -= 1
    if hashes > level and rest[hashes - 1] in " \t":
        end = hashes
    return rest[level:end].strip(" \t")
