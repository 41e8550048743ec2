"""A shell script is one snippet: the whole file, positions unchanged. The commands its
crontab lines schedule (in a here-document that feeds ``crontab``, say) are a second
snippet, and those lines are blanked in the first (``doclint.extract.classify``)."""

from __future__ import annotations

import re

from doclint.extract import SCHEDULED, ExtractedDocument, Snippet
from doclint.extract.classify import scheduled_lines
from doclint.extract.spans import CodeSpans
from doclint.source import MappedText, SourceFile

_SHEBANG = re.compile(r"#![ \t]*(\S+)(?:[ \t]+(\S+))?")
_MAY_SCHEDULE = re.compile(r"^[ \t]*[0-9*@]", re.MULTILINE)
"""What every crontab line starts with: a field or an ``@`` word."""


def extract_script(source: SourceFile) -> ExtractedDocument:
    """The script's snippets; all of it is code."""
    if not source.text:
        return ExtractedDocument([], CodeSpans([]))
    text = source.text
    language = _language(text)
    whole = MappedText.from_span(text, 0)
    snippets = []
    scheduled = _scheduled(text) if _MAY_SCHEDULE.search(text) else []
    if scheduled:
        blanked = list(text)
        for start, end in scheduled:
            line_start = text.rfind("\n", 0, start) + 1
            blanked[line_start:end] = " " * (end - line_start)
        whole = whole.replace_text("".join(blanked))
        pieces: list[MappedText] = []
        for start, end in scheduled:
            if pieces:
                pieces.append(MappedText("\n", (start - 1,)))
            pieces.append(MappedText.from_span(text[start:end], start))
        cron = MappedText.join(pieces)
        line = source.line_col(scheduled[0][0])[0]
        snippets.append(Snippet(cron, "script", language, line, SCHEDULED))
    snippets.insert(0, Snippet(whole, "script", language, 1))
    return ExtractedDocument(snippets, CodeSpans([(0, len(text))]))


def _scheduled(text: str) -> list[tuple[int, int]]:
    """File ranges of the commands that crontab lines schedule, each to its line end."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return [
        (starts[index] + column, starts[index] + len(lines[index].rstrip("\r")))
        for index, column in scheduled_lines(lines)
    ]


def _language(text: str) -> str:
    """The interpreter named by the shebang (``bash`` for ``#!/usr/bin/env bash``),
    ``sh`` without one."""
    match = _SHEBANG.match(text)
    if match is None:
        return "sh"
    program, argument = (name.rsplit("/", 1)[-1] if name else name for name in match.groups())
    return (argument if program == "env" and argument else program).lower()
