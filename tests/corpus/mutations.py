"""Recall on real documentation: one-line edits that break a command the way docs rot.

Each entry of ``mutations.yaml`` edits one line of a corpus repository (a container
renamed, a service used as a container, a ``-f`` file that is gone, ``docker-compose``,
a heading reworded...) and names the finding doclint must then make. The corpus run
applies them one at a time to a fresh tree, lints, and restores the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MUTATIONS = Path(__file__).parent / "mutations.yaml"
_FIELDS = {"repo", "path", "line", "find", "replace", "expect", "rot", "expect_at", "known_miss"}
_REQUIRED = _FIELDS - {"expect_at", "known_miss"}
_CODE = re.compile(r"DL\d{3}")

Lint = Callable[..., list[dict[str, Any]]]


@dataclass(frozen=True)
class Mutation:
    """Replace ``find`` by ``replace`` on ``path:line``; expect ``expect`` at ``at``."""

    repository: str
    path: str
    line: int
    find: str
    replace: str
    expect: str
    rot: str
    at: tuple[str, int]
    known_miss: str | None

    @property
    def name(self) -> str:
        return f"{self.repository}/{self.path}:{self.line}: {self.find!r} -> {self.replace!r}"

    @property
    def expected_id(self) -> str:
        return f"{self.repository}/{self.at[0]}:{self.at[1]}:{self.expect}"

    def run(self, tree: Path, baseline: set[str], lint: Lint) -> MutationResult:
        """Apply the edit to ``tree``, lint the document the finding belongs to, restore."""
        document = tree / self.path
        original = document.read_bytes()
        lines = original.decode("utf-8").splitlines(keepends=True)
        if not 1 <= self.line <= len(lines) or self.find not in lines[self.line - 1]:
            return MutationResult(self, "invalid", f"line {self.line} does not hold {self.find!r}")
        if self.expected_id in baseline:
            return MutationResult(self, "invalid", "already reported before the edit")
        lines[self.line - 1] = lines[self.line - 1].replace(self.find, self.replace, 1)
        try:
            document.write_text("".join(lines), encoding="utf-8")
            findings = lint(tree, self.at[0])
        finally:
            document.write_bytes(original)
        for finding in findings:
            if (finding["path"], finding["line"], finding["code"]) == (*self.at, self.expect):
                return MutationResult(self, "found", finding["message"])
        return MutationResult(self, "missed", f"no {self.expect} at {self.at[0]}:{self.at[1]}")


@dataclass(frozen=True)
class MutationResult:
    """``found``, ``missed``, or ``invalid`` (the edit does not apply, or proves nothing)."""

    mutation: Mutation
    status: str
    detail: str


def _mutation(entry: dict[str, Any], where: str) -> Mutation:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: not a mapping")
    unknown = set(entry) - _FIELDS
    missing = _REQUIRED - set(entry)
    if unknown or missing:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    if not _CODE.fullmatch(str(entry["expect"])):
        raise ValueError(f"{where}: expect must be a rule code, not {entry['expect']!r}")
    if entry["find"] == entry["replace"]:
        raise ValueError(f"{where}: find and replace are the same")
    at_path, _, at_line = str(entry.get("expect_at", "")).rpartition(":")
    return Mutation(
        repository=entry["repo"],
        path=entry["path"],
        line=int(entry["line"]),
        find=str(entry["find"]),
        replace=str(entry["replace"]),
        expect=entry["expect"],
        rot=entry["rot"],
        at=(at_path, int(at_line)) if at_path else (entry["path"], int(entry["line"])),
        known_miss=entry.get("known_miss"),
    )


def load_mutations(path: Path = MUTATIONS) -> list[Mutation]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [_mutation(entry, f"{path.name} entry {i + 1}") for i, entry in enumerate(entries)]
