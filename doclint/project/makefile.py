"""The targets a Makefile defines, read statically (make is never run).

Explicit targets, pattern rules (``%.o: %.c``), ``.PHONY`` names and the targets of
``include``d makefiles count. Whatever make could compute at run time makes the set
*open*: a target spelled with a variable (``$(BIN):``), ``$(eval …)``, or an include
that cannot be read. An open set never proves a target missing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

MAKEFILE_NAMES = ("GNUmakefile", "makefile", "Makefile")
"""What GNU make looks for, in its order."""
GENERATORS = ("configure", "configure.ac", "Makefile.in", "Makefile.am", "CMakeLists.txt",
              "Makefile.PL", "GNUmakefile.in")  # fmt: skip
"""Files beside which the Makefile make reads is generated (``./configure``, cmake)."""

_ASSIGNMENT = re.compile(r"\s*(?:(?:export|override|private)\s+)*[^\s:#=]+\s*(?::{1,3}|[+?!])?=")
_RULE = re.compile(r"([^:#=\t][^:#=]*?)\s*(?:::?|&:)(?!=)")
_INCLUDE = re.compile(r"\s*(-?include|sinclude)\s+(.*)")
_DEFINE = re.compile(r"\s*(?:(?:export|override)\s+)*define\b")
_MAX_INCLUDES = 32


@dataclass
class Targets:
    """The targets a Makefile defines: names, pattern rules, and whether some are only
    known when make runs."""

    names: set[str] = field(default_factory=set)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    open: bool = False
    """Some targets are only known when make runs."""

    def defines(self, target: str) -> bool:
        return target in self.names or any(p.fullmatch(target) for p in self.patterns)


def find_makefile(folder: Path) -> Path | None:
    for name in MAKEFILE_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


class Lookup(NamedTuple):
    """The makefile make would read in a folder; ``known`` is false when that cannot be
    told (a generated Makefile)."""

    makefile: Path | None
    known: bool


def lookup_makefile(folder: Path, up_to: Path | None = None) -> Lookup:
    """The makefile of ``folder``; with ``up_to``, of the nearest folder at or above it
    (no higher than ``up_to``) that has one. A folder with a generator and no Makefile
    on the way leaves it unknown: ``./configure`` or cmake writes the one make reads."""
    folders = [folder]
    if up_to is not None and folder.is_relative_to(up_to):
        folders += [p for p in folder.parents if p.is_relative_to(up_to)]
    for candidate in folders:
        makefile = find_makefile(candidate)
        if makefile is not None:
            return Lookup(makefile, known=True)
        if any((candidate / name).exists() for name in GENERATORS):
            return Lookup(None, known=False)
    return Lookup(None, known=True)


def read_targets(makefile: Path) -> Targets:
    """The targets of ``makefile`` and of what it includes (paths relative to the
    makefile's folder, where make runs it)."""
    targets = Targets()
    _read(makefile, makefile.parent, targets, set())
    return targets


def _read(path: Path, base: Path, targets: Targets, seen: set[Path]) -> None:
    if path in seen or len(seen) >= _MAX_INCLUDES:
        return
    seen.add(path)
    text = _text(path)
    if text is None:
        targets.open = True
        return
    in_define = False
    for line in _logical_lines(text):
        if in_define:
            in_define = line.strip() != "endef"
        elif _DEFINE.match(line):
            in_define = True
        elif not line.startswith("\t"):
            _statement(line.split("#", 1)[0], base, targets, seen)


def _statement(line: str, base: Path, targets: Targets, seen: set[Path]) -> None:
    if "$(eval" in line or "${eval" in line:
        targets.open = True
        return
    include = _INCLUDE.match(line)
    if include:
        optional = include.group(1) != "include"
        for name in include.group(2).split():
            _include(name, optional, base, targets, seen)
        return
    if _ASSIGNMENT.match(line):
        return
    rule = _RULE.match(line)
    if rule:
        special = rule.group(1).strip() == ".PHONY"
        names = line[rule.end() :].split(";")[0].split() if special else rule.group(1).split()
        for name in names:
            _target(name, targets)


def _include(name: str, optional: bool, base: Path, targets: Targets, seen: set[Path]) -> None:
    if "$" in name or any(c in name for c in "*?["):
        targets.open = True
        return
    path = base / name
    if path.is_file():
        _read(path, base, targets, seen)
    elif not optional:
        targets.open = True  # make would try to build it first


def _target(name: str, targets: Targets) -> None:
    if "$" in name:
        targets.open = True
    elif "%" in name:
        prefix, _, suffix = name.partition("%")
        targets.patterns.append(re.compile(re.escape(prefix) + ".+" + re.escape(suffix)))
    elif not (name.startswith(".") and name[1:].isupper()):
        targets.names.add(name)


def _logical_lines(text: str) -> list[str]:
    """Lines with backslash continuations joined."""
    return re.sub(r"\\\r?\n[ \t]*", " ", text).splitlines()


def _text(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_text(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _cached_text(path: Path, _mtime: int, _size: int) -> str | None:
    """A makefile's text, read once while it is unchanged."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
