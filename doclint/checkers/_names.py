"""Shared judgement about names written in commands: which ones are meant literally.

A runbook that writes ``docker logs <container>``, ``docker logs $NAME`` or
``docker logs CONTAINER_ID`` is telling the reader to substitute; only literal names
can be checked against what exists.
"""

from __future__ import annotations

import re

from doclint.shell.words import Word

_PLACEHOLDER_SHAPES = re.compile(
    r"""^(?:
        <[^<>]*>            # <container>, <your-container-name>
      | \{\{.*\}\}          # {{ .Name }}, {{VAR}}
      | \[[^\[\]]*\]        # [container]
      | [A-Z][A-Z0-9_]*(?:/[A-Z][A-Z0-9_]*)*  # CONTAINER_ID, NAME, CONTAINER_NAME/ID
      | \.\.\.|…            # ...
    )$""",
    re.VERBOSE,
)
_HEX_ID = re.compile(r"^(?=.*\d)[0-9a-f]{6,64}$")
_GENERIC_WORDS = frozenset(
    {"my", "your", "the", "some", "container", "containers", "name", "id", "cid", "service",
     "example", "foo", "bar", "xxx"}
)  # fmt: skip

_ADDRESSED = re.compile(r"^(?:\w*of)?your(?!ls$)\w+$")
"""A name built around "your" (``yourapp``, ``nameofyournginxproxycontainer``): the
reader's own, to fill in (YOURLS, a real application, aside)."""


_SLOT_WORDS = re.compile(r"(?:^|[-_.])(?:container|service)[-_.]?(?:name|id)$")
"""A name that ends by saying what it stands for (``dms-container-name``,
``app_service_id``): the reader puts their own there."""


def is_placeholder(name: str) -> bool:
    """A name that stands for one the reader must fill in, or a container ID."""
    if not name or _PLACEHOLDER_SHAPES.match(name) or _HEX_ID.match(name):
        return True
    parts = [part for part in re.split(r"[-_.]", name.lower()) if part]
    if parts[:1] == ["your"] or _SLOT_WORDS.search(name.lower()):
        return True  # your-openwebui-container, dms-container-name
    if any(_ADDRESSED.match(part) for part in parts):
        return True
    return bool(parts) and all(part in _GENERIC_WORDS for part in parts)


def is_literal(word: Word, name: str) -> bool:
    """Whether ``name`` (taken from ``word``) is a real name worth checking."""
    return not word.dynamic and not is_placeholder(name)


def span_in(word: Word, text: str) -> tuple[int, int]:
    """File span of ``text`` inside a word's raw spelling (``name=kamiyo`` → ``kamiyo``),
    or the whole word when the raw spelling does not contain it verbatim."""
    found = word.raw.rfind(text)
    if found < 0:
        return word.start, word.end
    return word.start + found, word.start + found + len(text)


_ILLUSTRATIVE = re.compile(
    r"(?:^|[/_-])(?:example|sample|subdir|foo|bar|my|your|path/to|file)(?=[/_.-]|$)",
    re.IGNORECASE,
)


def illustrative(path: str) -> bool:
    """Whether a path shows a layout rather than names a file (``path/to/file.json``,
    ``test/test_subdir/test_example.yml``): nothing the repository must have."""
    return _ILLUSTRATIVE.search(path) is not None
