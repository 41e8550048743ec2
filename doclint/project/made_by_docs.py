"""File names that some document of the repository tells the reader to create.

A setup guide writes ``compose.custom.yaml`` (``cat > compose.custom.yaml <<EOF``, a
code block titled with the name, "save this as ``compose.custom.yaml``") and every
later page uses it with ``-f``. That file is not missing from the repository: the
reader made it. doclint cannot tell which page a reader followed first, so a name that
*any* document creates is never called missing, in any document.

Only file names are kept (``compose.custom.yaml``, not its folder): a wrong folder is a
question the repository cannot settle, and silence is the answer to those.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from doclint.inputs.discovery import MARKDOWN_SUFFIXES, SHELL_SUFFIXES, SKIPPED_DIRS

_NAME = r"""['"`]?([\w.@+-]*(?:/[\w.@+-]+)*[\w.@+-])['"`]?"""
_CREATIONS = re.compile(
    "|".join(
        (
            rf"(?<![<>-])>>?\|?[ \t]*{_NAME}",  # cat > f, echo x >> f
            rf"\btee(?:[ \t]+-a)?[ \t]+{_NAME}",
            rf"(?:^|[ \t])(?:-o|-O|--output|--output-document|-out|-keyout|-outfile)[ \t=]+{_NAME}",
            rf"\btouch[ \t]+{_NAME}",
            rf"\b(?:cp|mv|install|ln[ \t]+-sf?)(?:[ \t]+-\S+)*[ \t]+\S+[ \t]+{_NAME}",
            rf"\b(?:title|filename|file)=[\"']?{_NAME}",  # ```yaml title="compose.yaml"
        )
    ),
    re.MULTILINE,
)
_PROSE = re.compile(
    r"\b(?:[Cc]reate|[Ss]ave|[Ww]rite|[Nn]ame|[Cc]all|[Cc]opy|[Rr]ename|[Aa]dd)\w*\b"
    r"[^.`\n]{0,60}`{1,3}([^`\s]+\.[^`\s]+)`{1,3}"
)
"""Prose that asks for a file: "create a file named `x.yml`", "save it as `.env`"."""
_CAPTION = re.compile(
    r"(?:\A|\n[ \t]*\n)[ \t]*(?:\*\*|`)?([\w.@+/-]+\.\w+)(?:\*\*|`)?:?[ \t]*\n"
    r"(?:[ \t]*\n)*[ \t]*(?:```|~~~)[ \t]*\w"
)
"""A file name alone in a paragraph right before a code block (with a language) that
gives its content."""


_HEADER = re.compile(
    r"^[ \t]*(?:```|~~~)[^\n]*\n[ \t]*(?:#|//|--|;)[ \t]*(?:[Ff]ile(?:name)?:[ \t]*)?"
    r"([\w.@+/-]+\.\w+)[ \t]*$",
    re.MULTILINE,
)
"""A code block whose first line is a comment naming the file it is (``# whoami.yml``)."""


def names_in(text: str) -> Iterator[str]:
    """The file names a document's text tells the reader to create."""
    for pattern in (_CREATIONS, _PROSE, _CAPTION, _HEADER):
        for match in pattern.finditer(text):
            value = next((group for group in match.groups() if group), None)
            if value and not value.startswith(("$", "&", "/dev/")):
                yield posixpath.basename(value.rstrip("/"))


def documents(top: Path) -> Iterator[Path]:
    """The Markdown documents and shell scripts under ``top``."""
    suffixes = MARKDOWN_SUFFIXES + SHELL_SUFFIXES
    for folder, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        for name in filenames:
            if name.lower().endswith(suffixes):
                yield Path(folder, name)


def made_by_docs(paths: Iterable[Path]) -> frozenset[str]:
    """Every file name the given documents tell the reader to create."""
    found: set[str] = set()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found.update(names_in(text))
    return frozenset(found)
