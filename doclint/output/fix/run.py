"""``--fix`` and ``--diff``: lint, apply fixes, lint the fixed text again, until nothing
more is fixable.

One fix can make another possible (or change what it should be), and overlapping fixes
wait for the next round, so fixing repeats on the fixed text, in memory, with a fresh
run each round: the inventory is rebuilt from the fixed documents too (a
``docker run --name`` in a doc creates a container). Only when the rounds are done is
each changed file written, once, and only if it is still what was read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from doclint.errors import Diagnostic
from doclint.findings import Finding, RunResult
from doclint.inputs.discovery import project_root
from doclint.output.fix.apply import apply_fixes, is_applicable
from doclint.output.fix.write import write_fixed
from doclint.source import SourceFile

Lint = Callable[[Mapping[Path, SourceFile]], RunResult]
"""A fresh run over the same paths and options, with the given documents' text in place
of what is on disk (none given: everything as on disk). The command line provides it:
fixing drives runs but does not build them."""

MAX_ROUNDS = 10
"""Fixes settle in two or three rounds; more means two fixes undo each other."""


@dataclass
class FileFix:
    """One document's fixes: the file as read, and its text after every round."""

    original: SourceFile
    text: str
    fixed: Counter[str] = field(default_factory=Counter)
    """How many findings of each rule the new text resolves."""
    problem: str | None = None
    """Why the file was not written (``--fix`` only); its fixes then do not count."""


@dataclass
class FixOutcome:
    """The files ``--fix`` or ``--diff`` changed (or would change) and what remains."""

    result: RunResult
    """What remains: the findings of the fixed text (as written, for ``--fix``)."""
    files: list[FileFix]
    unsafe: bool

    @property
    def applied(self) -> list[FileFix]:
        return [f for f in self.files if f.problem is None]


def run_fixes(lint: Lint, unsafe: bool, write: bool) -> FixOutcome:
    """Fix what ``lint`` finds; write the files only when ``write``."""
    changes: dict[Path, FileFix] = {}
    result = lint({})
    rounds = 0
    while not result.fatal and rounds < MAX_ROUNDS and _fix_round(result, changes, unsafe):
        rounds += 1
        texts = {path: replace(c.original, text=c.text) for path, c in changes.items()}
        result = lint(texts)
    if result.fatal and changes:
        # A rule failed on the fixed text: better to write nothing than to guess.
        result = lint({})
        result.notices.append("no fixes were written: linting the fixed text failed")
        return FixOutcome(result, [], unsafe)
    if rounds == MAX_ROUNDS and any(is_applicable(f, unsafe) for f in result.findings):
        result.notices.append(
            f"fixing stopped after {MAX_ROUNDS} rounds with fixes left (two fixes may undo "
            "each other); run doclint --fix again, or fix the rest by hand"
        )
    changed = [c for c in changes.values() if c.text != c.original.text]  # not undone
    outcome = FixOutcome(result, changed, unsafe)
    if write:
        _write(outcome, lint)
    return outcome


def _fix_round(result: RunResult, changes: dict[Path, FileFix], unsafe: bool) -> bool:
    """Apply the applicable fixes of one lint result; whether any text changed."""
    changed = False
    for display, findings in _by_file(result.findings, unsafe).items():
        source = result.sources.get(display)
        if source is None:
            continue
        text, resolved = apply_fixes(source.text, findings)
        if text == source.text:
            continue
        change = changes.setdefault(source.path, FileFix(source, source.text))
        change.text = text
        change.fixed.update(finding.code for finding in resolved)
        changed = True
    return changed


def _by_file(findings: Iterable[Finding], unsafe: bool) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        if is_applicable(finding, unsafe):
            grouped.setdefault(finding.path, []).append(finding)
    return grouped


def _write(outcome: FixOutcome, lint: Lint) -> None:
    """Write every changed file; when one is refused, what remains is linted from disk.

    A document linted twice (a symlink beside its target) is written once: its second
    copy then counts as written when it holds the same text."""
    written: dict[Path, str] = {}
    for change in outcome.files:
        path = change.original.path
        target = path.resolve()
        if written.get(target) == change.text:
            continue
        change.problem = write_fixed(
            change.original, change.text, project_root(path.parent) or path.parent
        )
        if change.problem is None:
            written[target] = change.text
    refused = [c for c in outcome.files if c.problem is not None]
    if not refused:
        return
    outcome.result = lint({})
    for change in refused:
        outcome.result.diagnostics.append(
            Diagnostic(change.problem or "", change.original.display_path)
        )
