"""Applying fixes to one document's text.

A fix only replaces the characters of its edits; everything else (line endings, the
last newline or its absence, text around the finding) is copied through untouched.
Two fixes that touch the same characters cannot both be right, so the first one (in
reading order) wins and the other is left for the next round, when it is recomputed
against the new text.
"""

from __future__ import annotations

from collections.abc import Iterable

from doclint.findings import Edit, Finding


def is_applicable(finding: Finding, unsafe: bool) -> bool:
    """Whether ``--fix`` applies this finding's fix (unsafe ones only with ``--unsafe-fixes``)."""
    fix = finding.fix
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe)


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """``text`` with the fixes of ``findings`` applied, and the findings they resolved.

    Fixes are taken in reading order; one that overlaps an edit already taken (or
    reaches outside the text) is skipped. A fix identical to one already taken resolves
    its finding too: two rules may propose the same replacement.
    """
    taken: list[Edit] = []
    resolved: list[Finding] = []
    for finding in sorted(findings, key=_reading_order):
        edits = finding.fix.edits if finding.fix else ()
        if edits and all(edit in taken for edit in edits):
            resolved.append(finding)
        elif _fits(edits, taken, len(text)):
            taken.extend(edits)
            resolved.append(finding)
    return _rewrite(text, taken), resolved


def _reading_order(finding: Finding) -> tuple[int, int, str]:
    first = min(edit.start for edit in finding.fix.edits) if finding.fix else finding.start
    return first, finding.start, finding.code


def _fits(edits: tuple[Edit, ...], taken: list[Edit], length: int) -> bool:
    if not edits or any(not 0 <= e.start <= e.end <= length for e in edits):
        return False
    own = list(edits)
    return not any(_overlap(a, b) for i, a in enumerate(own) for b in [*own[i + 1 :], *taken])


def _overlap(a: Edit, b: Edit) -> bool:
    """Edits overlap when they share a character, or insert at the same place (their
    order would be a guess)."""
    if a.start < b.end and b.start < a.end:
        return True
    return a.start == b.start and (a.start == a.end or b.start == b.end)


def _rewrite(text: str, edits: list[Edit]) -> str:
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)
