"""The one-line summary of a ``--fix`` or ``--diff`` run."""

from __future__ import annotations

from collections import Counter

from doclint.output.fix.apply import is_applicable
from doclint.output.fix.run import FixOutcome

TIMES = "\u00d7"


def fix_summary(outcome: FixOutcome, dry_run: bool) -> str:
    """What was fixed, by rule (most first), and what remains, pointing at the fixes
    ``--unsafe-fixes`` would add, so the next step is obvious."""
    fixed: Counter[str] = Counter()
    for change in outcome.applied:
        fixed.update(change.fixed)
    total = sum(fixed.values())
    if total:
        files = len(outcome.applied)
        by_rule = sorted(fixed.items(), key=lambda item: (-item[1], item[0]))
        codes = ", ".join(f"{code} {TIMES}{count}" for code, count in by_rule)
        verb = "Would fix" if dry_run else "Fixed"
        head = f"{verb} {_count(total, 'problem')} in {_count(files, 'file')} ({codes})"
    else:
        head = "Nothing to fix"
    remaining = outcome.result.findings
    tail = f"{len(remaining)} remain" if len(remaining) != 1 else "1 remains"
    if not remaining:
        tail = "none remain" if total else "no problems found"
    unsafe = sum(is_applicable(f, True) and not is_applicable(f, outcome.unsafe) for f in remaining)
    if unsafe:
        tail += f" ({unsafe} fixable with --unsafe-fixes)"
    return f"{head}; {tail}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
