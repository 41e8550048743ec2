"""What the editor's quick fixes do, in character offsets of the document's text (the
protocol's positions are ``doclint.server.positions``' business):

- a finding's own fix (``Finding.fix``): safe ones are the preferred action;
- "fix all safe problems": ``--fix``'s rounds (``doclint.output.fix.run.run_fixes``) over
  the editor's text, written nowhere;
- "disable DLxxx for this line": the suppression comment the CLI understands
  (``doclint.judging.suppressions``), ``# doclint: ignore[DLxxx]`` at the end of a line of
  shell or ``<!-- doclint-disable-next-line DLxxx -->`` above a line of Markdown. Each
  candidate is tried by linting the text with it, and offered only when the finding is
  then gone and nothing new appears: a comment in prose, in a heredoc or after a line
  continued with ``\\`` would otherwise look right and do nothing (or break the command).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from doclint.findings import Edit, Finding
from doclint.output.fix.apply import is_applicable
from doclint.output.fix.run import run_fixes
from doclint.running.live import Linted, Session
from doclint.source import SourceFile

_QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*")


class Action(NamedTuple):
    """One code action: a title, the edits it makes and whether it is the preferred one."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool
    finding: Finding | None
    """The finding it resolves (None for "fix all")."""


def finding_fix(finding: Finding) -> Action | None:
    """The finding's own fix, if it has one (unsafe ones are offered, never preferred)."""
    if not is_applicable(finding, unsafe=True) or finding.fix is None:
        return None
    description = finding.fix.description
    title = f"{finding.code}: {description[:1].upper()}{description[1:]}"
    if not finding.fix.safe:
        title += " (unsafe: review it)"
    return Action(title, finding.fix.edits, finding.fix.safe, finding)


def fix_all(session: Session, path: Path) -> Action | None:
    """Every safe fix of the document, in as many rounds as ``--fix`` takes, as one edit;
    None when nothing is fixable."""
    linted = session.lint(path)
    if not any(is_applicable(f, unsafe=False) for f in linted.result.findings):
        return None
    outcome = run_fixes(lambda texts: session.lint_run([path], texts), False, write=False)
    if not outcome.files:
        return None
    before, after = linted.source.text, outcome.files[0].text
    total = sum(outcome.files[0].fixed.values())
    title = f"Fix all safe doclint problems in this file ({total})"
    return Action(title, (smallest_edit(before, after),), False, None)


def disable_for_line(session: Session, linted: Linted, finding: Finding) -> Action | None:
    """The suppression comment that silences ``finding``'s rule on its line, checked by
    linting the text with it; None when no comment the CLI reads would do."""
    source = linted.source
    for edit in _suppression_candidates(source, finding):
        text = source.text[: edit.start] + edit.text + source.text[edit.end :]
        if _silences(linted, session.lint_text(source.path, text), finding):
            return Action(f"Disable {finding.code} for this line", (edit,), False, finding)
    return None


def _suppression_candidates(source: SourceFile, finding: Finding) -> list[Edit]:
    """A shell comment at the end of the finding's command (its last line, when it is
    continued over several), then, in Markdown, an HTML comment on the line above."""
    last = finding.line
    while last < source.line_count and source.line_text(last).rstrip().endswith("\\"):
        last += 1
    end = source.line_start(last) + len(source.line_text(last))
    candidates = [Edit(end, end, f"  # doclint: ignore[{finding.code}]")]
    if source.kind == "markdown":
        start = source.line_start(finding.line)
        line = source.line_text(finding.line)
        prefix = _QUOTE_PREFIX.match(line)
        indent = prefix.group() if prefix else ""
        newline = "\r\n" if source.text[start : start + len(line) + 2].endswith("\r\n") else "\n"
        comment = f"{indent}<!-- doclint-disable-next-line {finding.code} -->{newline}"
        candidates.append(Edit(start, start, comment))
    return candidates


def _silences(before: Linted, after: Linted, finding: Finding) -> bool:
    """Whether the text with a suppression has one finding of the rule fewer, the same
    others and no new problem (an unknown directive, a broken command)."""
    old = Counter(f.code for f in before.result.findings)
    new = Counter(f.code for f in after.result.findings)
    old[finding.code] -= 1
    if any(count > old[code] for code, count in new.items()):
        return False
    return len(after.result.diagnostics) <= len(before.result.diagnostics)


def smallest_edit(before: str, after: str) -> Edit:
    """One edit turning ``before`` into ``after``: the part between their common start
    and common end (a whole-document replacement would move the editor's cursor and
    folds)."""
    start = _common_prefix(before, after)
    rest = min(len(before), len(after)) - start
    end = _common_prefix(before[::-1][:rest], after[::-1][:rest])
    return Edit(start, len(before) - end, after[start : len(after) - end])


def _common_prefix(one: str, other: str) -> int:
    """The length of the start two texts share (halving: slices compare in C)."""
    low, high = 0, min(len(one), len(other))
    while low < high:
        middle = (low + high + 1) // 2
        if one[:middle] == other[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def findings_at(linted: Linted, start: int, end: int) -> list[Finding]:
    """The findings whose span meets ``[start, end]`` (a cursor touching one counts)."""
    return [f for f in linted.result.findings if f.start <= end and start <= f.end]
