"""The persistent cache: what linting each document found, kept between runs.

A document's findings depend on its own text and on its project: the rules and their
options, the configuration, the compose files and whatever else in the repository its
commands and links name (scripts, Makefiles, other documents and their headings, the
containers other documents create). Rather than record what each rule looked at, the
project's *context* is fingerprinted as a whole (``ProjectResolver.context``): doclint's version
and code, the rules, the configuration, and the size and modification time of every
file below the project's boundary (the top of its git repository) outside ignored
folders. A cached result is used only under the same context and for the same text
(SHA-256 of the bytes): a run where nothing changed re-lints nothing, and after any
change in the repository its documents are linted again, in parallel.

What the inventory needs from a document (``CommandFacts``: the containers its commands
create, the compose files they name) depends on the document's text alone, so it is
kept by content hash across contexts: after an edit, only the documents being linted
are parsed, not every document of the project that mentions docker.

One JSON file per project and doclint installation, named by a hash of both, in the
cache folder: ``--cache-dir``, else ``$DOCLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/doclint``
or ``~/.cache/doclint``. It is outside the linted tree, so it never shows in ``git status``
and works for read-only checkouts. The parsed rules are kept there too (``rulebook``).
A file that cannot be read or parsed, or that another format or doclint version wrote,
is ignored and replaced. A new file is written to a temporary file that replaces the
old one in one ``os.replace``: two runs sharing a cache never see half a file, and the
last one to finish keeps its results.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from doclint import __version__
from doclint.errors import Diagnostic
from doclint.findings import Edit, FileResult, Finding, Fix

if TYPE_CHECKING:
    from doclint.project.inventory import CommandFacts

FORMAT = 2
CACHE_DIR_VARIABLE = "DOCLINT_CACHE_DIR"
_LIBRARIES = ("bashlex", "markdown_it", "yaml", "pathspec", "click")
"""Parsers whose behaviour is part of the findings: an upgrade must not reuse results."""


def default_cache_dir() -> Path:
    """``$DOCLINT_CACHE_DIR``, else the user's cache folder (XDG)."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "doclint"


def fingerprint(*parts: object) -> str:
    """A digest of the ``repr`` of ``parts`` (dataclasses, tuples, strings, numbers)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


@cache
def code_fingerprint() -> str:
    """doclint's version and the state of its own files and of the parsers it uses, so
    that an upgrade, or an edit of a development checkout, never reuses old results."""
    package = Path(__file__).resolve().parents[1]
    from doclint.judging.rulebook import builtin_rules_dir

    state: list[object] = [FORMAT, __version__]
    for folder in (package, builtin_rules_dir()):
        state.extend(_files_state(folder))
    import importlib.util

    for library in _LIBRARIES:
        spec = importlib.util.find_spec(library)
        origin = spec.origin if spec else None
        state.append((library, origin, stat_state(Path(origin)) if origin else None))
    return fingerprint(*state)


def _files_state(folder: Path) -> Iterable[tuple[str, int, int]]:
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".yaml")):
                info = os.stat(os.path.join(directory, name))
                yield os.path.join(directory, name), info.st_size, info.st_mtime_ns


def stat_state(path: Path) -> tuple[int, int] | None:
    """Size and modification time, None when the file cannot be read."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class ProjectCache:
    """The cached results and facts of one project, loaded at the start of a run and
    saved at its end."""

    def __init__(self, folder: Path, root: Path, context: str) -> None:
        # Named by the project and by this installation of doclint: two doclints sharing
        # a cache folder (pre-commit's and another) keep one file each, not one between them.
        name = fingerprint(str(root), str(Path(__file__).resolve().parents[1]))[:32]
        self.path = folder / f"{name}.json"
        self.root = str(root)
        self.context = context
        data = self._read()
        same = data.get("context") == context
        self._facts: dict[str, Any] = dict(data.get("facts", {}))
        self._results: dict[str, Any] = dict(data.get("results", {})) if same else {}
        self._inventory: list[Any] | None = data.get("inventory") if same else None
        self._used_facts: set[str] = set()
        self._built = False
        """The inventory was built in this run: the facts it did not use are stale."""
        self._changed = not same

    def _read(self) -> dict[str, Any]:
        """The file's content when it is a cache of this format, version and project."""
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        header = (FORMAT, __version__, code_fingerprint(), self.root)
        if not isinstance(data, dict) or tuple(data.get("header") or ()) != header:
            return {}
        if not all(isinstance(data.get(key, {}), dict) for key in ("facts", "results")):
            return {}
        return data

    def result(self, path: Path, digest: bytes) -> FileResult | None:
        """What linting ``path`` found when it had this content, in this context."""
        entry = self._results.get(str(path))
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != digest.hex():
            return None
        try:
            return _result_from(entry[1])
        except (TypeError, ValueError, IndexError, KeyError):
            return None

    def store_result(self, path: Path, digest: bytes, result: FileResult) -> None:
        self._results[str(path)] = [digest.hex(), _result_data(result)]
        self._changed = True

    def facts(self, digest: bytes) -> list[CommandFacts] | None:
        """The inventory facts of a document with this content."""
        from doclint.project.inventory import CommandFacts

        key = digest.hex()
        entry = self._facts.get(key)
        if not isinstance(entry, list):
            return None
        try:
            facts = [CommandFacts(tuple(map(tuple, c)), tuple(f), p) for c, f, p in entry]
        except (TypeError, ValueError):
            return None
        self._used_facts.add(key)
        return facts

    def store_facts(self, digest: bytes, facts: list[CommandFacts]) -> None:
        key = digest.hex()
        self._facts[key] = [
            [list(map(list, f.created)), list(f.compose_files), f.project_name] for f in facts
        ]
        self._used_facts.add(key)
        self._changed = True

    def inventory_diagnostics(self) -> list[Diagnostic] | None:
        """The diagnostics of building the project's inventory in this context."""
        if not isinstance(self._inventory, list):
            return None
        try:
            return [_diagnostic_from(item) for item in self._inventory]
        except (TypeError, ValueError):
            return None

    def store_inventory_diagnostics(self, diagnostics: list[Diagnostic]) -> None:
        self._inventory = [_diagnostic_data(d) for d in diagnostics]
        self._built = self._changed = True

    def save(self) -> None:
        """Write the cache when it changed; a cache that cannot be written is skipped
        (it only makes the next run slower)."""
        if not self._changed:
            return
        facts = self._facts
        if self._built:  # facts of documents that no longer exist (or changed) go
            facts = {key: value for key, value in facts.items() if key in self._used_facts}
        data = {
            "header": [FORMAT, __version__, code_fingerprint(), self.root],
            "context": self.context,
            "inventory": self._inventory,
            "facts": facts,
            "results": self._results,
        }
        from doclint.atomic import replace_quietly  # here: most runs change nothing

        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)

        replace_quietly(self.path, text.encode("utf-8", "surrogatepass"))


def _result_data(result: FileResult) -> list[Any]:
    return [
        [_finding_data(f) for f in result.findings],
        [_diagnostic_data(d) for d in result.diagnostics],
        list(result.notices),
        list(result.details),
    ]


def _result_from(data: list[Any]) -> FileResult:
    findings, diagnostics, notices, details = data
    return FileResult(
        [_finding_from(f) for f in findings],
        [_diagnostic_from(d) for d in diagnostics],
        [str(n) for n in notices],
        [str(d) for d in details],
    )


def _finding_data(finding: Finding) -> list[Any]:
    fix = finding.fix
    return [
        finding.code,
        finding.message,
        finding.path,
        finding.start,
        finding.end,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.severity,
        finding.rule,
        finding.suggestion,
        None if fix is None else [fix.safe, fix.description, [list(_edit(e)) for e in fix.edits]],
    ]


def _edit(edit: Edit) -> tuple[int, int, str]:
    return edit.start, edit.end, edit.text


def _finding_from(data: list[Any]) -> Finding:
    *fields, fix = data
    if fix is not None:
        safe, description, edits = fix
        fix = Fix(
            tuple(Edit(int(s), int(e), str(t)) for s, e, t in edits), bool(safe), str(description)
        )
    code, message, path, start, end, line, column, end_line, end_column, severity, rule, hint = (
        fields
    )
    return Finding(
        code=str(code),
        message=str(message),
        path=str(path),
        start=int(start),
        end=int(end),
        line=int(line),
        column=int(column),
        end_line=int(end_line),
        end_column=int(end_column),
        severity=str(severity),
        rule=str(rule),
        suggestion=None if hint is None else str(hint),
        fix=fix,
    )


def _diagnostic_data(diagnostic: Diagnostic) -> list[Any]:
    return [diagnostic.message, diagnostic.path, diagnostic.line, diagnostic.fatal]


def _diagnostic_from(data: list[Any]) -> Diagnostic:
    message, path, line, fatal = data
    return Diagnostic(
        str(message),
        None if path is None else str(path),
        None if line is None else int(line),
        bool(fatal),
    )
