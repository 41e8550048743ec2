"""Fingerprints: which finding is "the same" from one run to the next.

Line numbers are useless for that: adding a paragraph above a finding moves it without
changing it. A fingerprint hashes what the finding is about instead: the rule, the
offending text and the text of its line (whitespace runs collapsed, so re-indenting a
block keeps it). Rewording the message or moving the line keeps the fingerprint;
editing the line makes it a new finding, which is what a baseline or a code-quality
widget should then show. The baseline and the GitLab report share this definition.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from doclint.findings import Finding, RunResult
    from doclint.source import SourceFile


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def fingerprint(finding: Finding, source: SourceFile | None) -> str:
    """Rule code + offending text + the text of its lines; no path, no line number."""
    if source is None:  # every finding is on a linted document; this is only a fallback
        return _digest(finding.code, finding.message)
    lines = (source.line_text(n) for n in range(finding.line, finding.end_line + 1))
    context = " ".join(" ".join(lines).split())
    return _digest(finding.code, source.text[finding.start : finding.end], context)


def occurrence_ids(result: RunResult) -> list[str]:
    """An id per finding of ``result`` (same order), unique in the run: path, fingerprint
    and occurrence index (the second identical finding in a file gets index 1), so that
    two identical lines in one file are two issues, each stable across runs."""
    seen: Counter[tuple[str, str]] = Counter()
    ids = []
    for finding in result.findings:
        key = (finding.path, fingerprint(finding, result.sources.get(finding.path)))
        ids.append(_digest(*key, str(seen[key])))
        seen[key] += 1
    return ids
