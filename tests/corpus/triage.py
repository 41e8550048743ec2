"""The verdicts of ``triage.yaml``: which corpus findings are true, which are false alarms.

An entry judges one finding id (``repo/path:line:CODE``) or, for false positives that
share one cause, every id a glob matches (``pattern:``, fnmatch, ``*`` crosses ``/``).
An ``id:`` entry wins over a pattern that also matches it, so a true positive inside a
pattern's scope is simply listed by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml

TRIAGE = Path(__file__).parent / "triage.yaml"
TRUE_POSITIVE = "true-positive"
FALSE_POSITIVE = "false-positive"


@dataclass(frozen=True)
class Entry:
    """One verdict: on ``key`` when ``is_pattern`` is false, else on every id it matches."""

    key: str
    is_pattern: bool
    verdict: str
    reason: str
    covers: int | None = None

    def matches(self, finding_id: str) -> bool:
        return fnmatchcase(finding_id, self.key) if self.is_pattern else finding_id == self.key


class Triage:
    """The triage file, checked for shape as it is read."""

    def __init__(self, entries: list[Entry]) -> None:
        self.by_id = {entry.key: entry for entry in entries if not entry.is_pattern}
        self.patterns = [entry for entry in entries if entry.is_pattern]

    @classmethod
    def load(cls, path: Path = TRIAGE) -> Triage:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        entries = [_entry(item, index) for index, item in enumerate(raw)]
        seen: set[str] = set()
        for entry in entries:
            if entry.key in seen:
                raise ValueError(f"{path.name}: {entry.key} is listed twice")
            seen.add(entry.key)
        return cls(entries)

    def entry_for(self, finding_id: str) -> Entry | None:
        if finding_id in self.by_id:
            return self.by_id[finding_id]
        return next((entry for entry in self.patterns if entry.matches(finding_id)), None)

    def verdict(self, finding_id: str) -> str | None:
        entry = self.entry_for(finding_id)
        return entry.verdict if entry else None

    def coverage_changes(self, found: set[str]) -> list[tuple[Entry, int]]:
        """Patterns that match another number of ids than the ``covers:`` they were
        judged with: a finding a pattern took in silently is a claim nobody judged."""
        changes = []
        for entry in self.patterns:
            count = sum(1 for i in found if self.entry_for(i) is entry)
            if count != entry.covers:
                changes.append((entry, count))
        return changes

    def lost(self, found: set[str]) -> list[str]:
        """True positives doclint no longer reports: recall lost."""
        return sorted(
            key for key, e in self.by_id.items() if e.verdict == TRUE_POSITIVE and key not in found
        )

    def stale(self, found: set[str]) -> list[Entry]:
        """False-positive entries that judge nothing doclint still reports (fixed)."""
        judging = {self.entry_for(finding_id) for finding_id in found}
        return [
            entry
            for entry in [*self.by_id.values(), *self.patterns]
            if entry.verdict == FALSE_POSITIVE and entry not in judging
        ]


def _entry(item: Any, index: int) -> Entry:
    where = f"{TRIAGE.name} entry {index + 1}"
    if not isinstance(item, dict) or ("id" in item) == ("pattern" in item):
        raise ValueError(f"{where}: needs exactly one of `id:` and `pattern:`")
    verdict = item.get("verdict")
    if verdict not in (TRUE_POSITIVE, FALSE_POSITIVE):
        raise ValueError(f"{where}: verdict must be {TRUE_POSITIVE} or {FALSE_POSITIVE}")
    if not str(item.get("reason") or "").strip():
        raise ValueError(f"{where}: a verdict needs a reason")
    is_pattern = "pattern" in item
    if is_pattern and verdict != FALSE_POSITIVE:
        raise ValueError(f"{where}: true positives are listed one by one, by `id:`")
    if is_pattern and not isinstance(item.get("covers"), int):
        raise ValueError(f"{where}: a pattern says how many ids it covers (`covers:`)")
    unknown = set(item) - {"id", "pattern", "verdict", "reason", "covers"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    key = str(item["pattern" if is_pattern else "id"])
    return Entry(key, is_pattern, verdict, item["reason"], item.get("covers"))
