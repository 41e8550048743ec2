"""A long-lived session over the documents an editor has open (``doclint server``).

Each document is linted as the editor has it, unsaved changes included, by the engine's
own per-document step (``lint_chunk``: the project's rules, then suppressions and
per-file ignores), then held against the baseline as ``doclint check --baseline`` does.
What the project defines is read from disk and kept between lints:

- the resolver (each folder's project, configuration and rules) and each project's
  inventory live until ``changed`` is told that a file changed, or ``refresh`` finds
  the project's files changed on disk (for editors that do not report changes);
- an inventory is built again only when a file it read changes, or when an open
  document's docker commands tell it something new (``docker run --name`` typed in the
  buffer): its facts are compared with those the inventory was built from;
- the facts of every document are kept by content (``_Facts``), so that building an
  inventory again analyses only the documents that changed.

A configuration that cannot be read raises ``ConfigError`` from ``lint``, as it ends a
``doclint check``; the session stays usable and reads it again on the next lint.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.compose.files import DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES
from doclint.errors import Diagnostic
from doclint.findings import FileResult, RunResult
from doclint.inputs.config import CONFIG_FILE_NAMES
from doclint.inputs.discovery import Walker, git_top, project_root
from doclint.project.analysis import Analysis, analyze
from doclint.running.engine import lint_chunk
from doclint.running.inventories import InventoryBuilder, KeptAnalyses
from doclint.running.options import RunOptions
from doclint.running.projects import (
    Project,
    ProjectResolver,
    check_checkers,
    display_path,
    excluded,
)
from doclint.running.scheduling import Scheduler
from doclint.source import SourceFile

if TYPE_CHECKING:
    from doclint.output.baseline import Baseline
    from doclint.project.inventory import CommandFacts

_MARKERS = frozenset(
    {
        *CONFIG_FILE_NAMES,
        "pyproject.toml",
        *DEFAULT_FILE_NAMES,
        *DEFAULT_OVERRIDE_FILE_NAMES,
        ".git",
        ".gitignore",
        "exclude",
    }
)
"""Files whose change may change a project's configuration, rules, root or the files it
holds (``.gitignore``, ``.git/info/exclude``)."""


@dataclass
class Linted:
    """One document linted in the session."""

    source: SourceFile
    """The text that was linted."""
    result: FileResult
    """Findings (after suppressions and the baseline), problems with the document."""
    project: Project | None = None
    """None when the configuration's ``include`` / ``exclude`` leave the document out."""
    inventory: list[Diagnostic] = field(default_factory=list)
    """Problems with what the project's inventory read (compose files, the compose files
    the configuration names), their paths absolute."""


class _Facts:
    """The facts of documents by content (a ``FactsStore`` in memory)."""

    def __init__(self) -> None:
        self._by_digest: dict[bytes, list[CommandFacts]] = {}

    def facts(self, digest: bytes) -> list[CommandFacts] | None:
        return self._by_digest.get(digest)

    def store_facts(self, digest: bytes, facts: list[CommandFacts]) -> None:
        self._by_digest[digest] = facts


@dataclass
class _State:
    """What the session read from disk: dropped whole when a configuration changes."""

    walker: Walker
    resolver: ProjectResolver
    projects: dict[Path, Project] = field(default_factory=dict)
    """The projects of the documents linted so far, by root."""
    built_from: dict[Path, dict[Path, list[CommandFacts]]] = field(default_factory=dict)
    """For each project root, the facts of open documents its inventory was built with."""
    tree: dict[Path, int] = field(default_factory=dict)
    """For each project root, the state of its files when its inventory was built."""


class Session:
    """The open documents of an editor, linted on demand; see the module's doc."""

    def __init__(self, options: RunOptions, baseline: Baseline | None = None) -> None:
        """``options``: as a ``doclint check`` over the workspace (its folder in
        ``paths``) would get them; ``jobs`` and ``cache_dir`` are not used."""
        self.options = options._replace(jobs=1, cache_dir=None, progress=False)
        self.baseline = baseline
        self._buffers: dict[Path, SourceFile] = {}
        self._state: _State | None = None
        self._facts = _Facts()
        self._scheduler = Scheduler(1, lambda: None)
        self.track_disk = False
        """Whether ``refresh`` is used (the editor does not report changed files): each
        inventory then notes the state of the project's files when it is built."""

    # The documents the editor has open

    def open(self, path: Path, text: str, kind: str) -> SourceFile:
        """Open or update a document with the editor's text; ``kind``: ``markdown`` or
        ``shell``."""
        source = buffer_source(path, text, kind)
        if path not in self._buffers and self._state is not None:
            self._forget_unmarked(path)
        self._buffers[path] = source
        return source

    def close(self, path: Path) -> None:
        if self._buffers.pop(path, None) is not None and self._state is not None:
            self._forget_unmarked(path)

    def source(self, path: Path) -> SourceFile | None:
        return self._buffers.get(path)

    @property
    def paths(self) -> list[Path]:
        return list(self._buffers)

    def _forget_unmarked(self, path: Path) -> None:
        """A project without a marker is made of the open documents of its folder: when
        they change, what the resolver knows of it is out of date."""
        if project_root(path.parent) is None:
            self._state = None

    # Linting

    def lint(self, path: Path) -> Linted:
        """Lint an open document as the editor has it."""
        return self.lint_text(path, self._buffers[path].text)

    def lint_text(self, path: Path, text: str) -> Linted:
        """Lint ``text`` as the document at ``path`` (open), without keeping it: what
        the fixes and the suppressions a quick fix offers are tried on."""
        opened = self._buffers[path]
        source = opened if text == opened.text else replace_text(opened, text)
        state = self._ready()
        project = state.resolver.project_of(path)
        state.projects.setdefault(project.root, project)
        if excluded(project.config, path):
            return Linted(source, FileResult())
        check_checkers([project])
        kept = KeptAnalyses([path])
        analysis = _analysis(source)
        if analysis is not None:
            kept.keep(path, analysis)
        self._inventory_for(state, project, {**self._buffers, path: source}, analysis)
        result = lint_chunk(kept, [(project, source)])[0]
        result.findings.sort(key=lambda finding: finding.sort_key)  # as a run reports them
        if self.baseline is not None:
            from doclint.output.baseline import apply_baseline

            whole = RunResult(findings=result.findings, sources={source.display_path: source})
            result.findings = apply_baseline(self.baseline, whole)
        assert project.inventory is not None
        problems = [_absolute(project.root, d) for d in project.inventory.diagnostics]
        return Linted(source, result, project, problems)

    def lint_run(self, paths: Iterable[Path], texts: Mapping[Path, SourceFile]) -> RunResult:
        """A run over open documents, with ``texts`` in place of the editor's text of
        those it names: what ``run_fixes`` drives (``doclint.output.fix.run.Lint``)."""
        result = RunResult()
        for path in paths:
            given = texts.get(path)
            linted = self.lint_text(path, given.text if given else self._buffers[path].text)
            result.files_checked += 1
            result.sources[linted.source.display_path] = linted.source
            result.findings.extend(linted.result.findings)
            result.diagnostics.extend(linted.result.diagnostics)
        return result

    def _ready(self) -> _State:
        if self._state is None:
            walker = Walker()
            targets = [(path, source.kind) for path, source in self._buffers.items()]
            self._state = _State(walker, ProjectResolver(self.options, walker, targets))
        return self._state

    def _inventory_for(
        self,
        state: _State,
        project: Project,
        texts: Mapping[Path, SourceFile],
        analysis: Analysis | None,
    ) -> None:
        """Build the project's inventory unless the one it has was built from the same
        files and the same facts of the open documents."""
        built = state.built_from.get(project.root)
        if project.inventory is not None and built is not None and analysis is not None:
            path = analysis.source.path
            if built.get(path, []) != facts_of(analysis):
                project.inventory = None
        if project.inventory is not None:
            return
        builder = InventoryBuilder(state.resolver, state.walker, self._scheduler, texts)
        builder.build([project], {project.root: self._facts}, KeptAnalyses())
        state.built_from[project.root] = {
            path: self._facts.facts(source.digest) or []
            for path, source in texts.items()
            if "docker" in source.text
        }
        if self.track_disk:
            state.tree[project.root] = self._tree(state, project)

    # What changed on disk

    def changed(self, paths: Iterable[Path]) -> None:
        """Files changed, were created or deleted: what was read from them is read again
        on the next lint. A configuration or a project marker (a compose file, ``.git``)
        drops everything; any other file the inventories of the projects holding it."""
        paths = [path for path in paths if _read_by_doclint(path)]
        if not paths:
            return
        project_root.cache_clear()
        git_top.cache_clear()
        if self._state is None:
            return
        if any(path.name in _MARKERS for path in paths):
            self._state = None  # configuration, rules or project roots may have changed
            return
        state = self._state
        for project in state.projects.values():
            boundary = state.resolver.boundary(project.root)
            if any(_within(path, boundary) or _within(path, project.root) for path in paths):
                project.inventory = None

    def refresh(self) -> bool:
        """For editors that do not report changed files: whether the files of any project
        linted so far changed on disk since its inventory was built (a walk that only
        looks at sizes and times); those projects' inventories are then built again."""
        if self._state is None:
            return False
        state = self._state
        stale = False
        for root, project in state.projects.items():
            if project.inventory is not None and state.tree.get(root) != self._tree(state, project):
                project.inventory = None
                stale = True
        if stale:
            project_root.cache_clear()
            git_top.cache_clear()
        return stale

    @staticmethod
    def _tree(state: _State, project: Project) -> int:
        boundary = state.resolver.boundary(project.root)
        named = [project.config.directory / value for value in project.config.compose_files]
        stats = [(str(path), _stat(path)) for path in named]
        return hash((tuple(state.walker.tree_state(boundary)), tuple(stats)))


def buffer_source(path: Path, text: str, kind: str) -> SourceFile:
    """An editor's text as a document: a byte order mark is left out as when a file is
    read (``SourceFile.bom`` says it was there)."""
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return SourceFile(path, display_path(path), body, kind, bom=bom, digest=digest)


def replace_text(source: SourceFile, text: str) -> SourceFile:
    """``source`` with other text (without BOM), and the digest of that text."""
    prefix = "\ufeff" if source.bom else ""
    digest = hashlib.sha256((prefix + text).encode("utf-8", "surrogatepass")).digest()
    return replace(source, text=text, digest=digest)


def facts_of(analysis: Analysis) -> list[CommandFacts]:
    """What a document's docker commands tell its project's inventory."""
    from doclint.project.inventory import command_facts

    return [fact for fact in map(command_facts, analysis.invocations) if fact]


def _analysis(source: SourceFile) -> Analysis | None:
    """The document analysed, or None when that fails (``lint_chunk`` then reports it)."""
    try:
        return analyze(source)
    except Exception:
        return None


def _absolute(root: Path, diagnostic: Diagnostic) -> Diagnostic:
    """Inventory diagnostics name files relative to the project root, or absolutely."""
    if diagnostic.path is None:
        return diagnostic
    return diagnostic._replace(path=os.path.normpath(root / diagnostic.path))


def _read_by_doclint(path: Path) -> bool:
    """Whether a changed file may matter: not what git keeps inside ``.git`` (its index
    changes at every commit), except ``.git/info/exclude``; ``.git`` itself does."""
    if ".git" not in path.parts[:-1]:
        return True
    return path.parts[-3:] == (".git", "info", "exclude")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _stat(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return -1, 0
    return info.st_size, info.st_mtime_ns
