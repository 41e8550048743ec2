"""A shell script is one snippet: the whole file, positions unchanged."""

from __future__ import annotations

import re

from doclint.extract import ExtractedDocument, Snippet
from doclint.extract.spans import CodeSpans
from doclint.source import MappedText, SourceFile

_SHEBANG = re.compile(r"#![ \t]*(\S+)(?:[ \t]+(\S+))?")


def extract_script(source: SourceFile) -> ExtractedDocument:
    """One ``script`` snippet covering the file; all of it is code."""
    text = MappedText.from_span(source.text, 0)
    snippets = [Snippet(text, "script", _language(source.text), 1)] if source.text else []
    spans = CodeSpans([(0, len(source.text))] if source.text else [])
    return ExtractedDocument(snippets, spans)


def _language(text: str) -> str:
    """The interpreter named by the shebang (``bash`` for ``#!/usr/bin/env bash``),
    ``sh`` without one."""
    match = _SHEBANG.match(text)
    if match is None:
        return "sh"
    program, argument = (name.rsplit("/", 1)[-1] if name else name for name in match.groups())
    return (argument if program == "env" and argument else program).lower()
