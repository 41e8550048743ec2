"""The linter core: files → projects → analyses → rules → findings.

It knows nothing of individual rules: each rule names a checker, and the engine runs
the checkers a project's configuration selects over each document.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.checkers import get_checker
from doclint.checkers.context import CheckContext
from doclint.errors import ConfigError, Diagnostic
from doclint.findings import FileResult, Finding, RunResult
from doclint.inputs.discovery import Walker
from doclint.project.analysis import Analysis, analyze, mentions_docker
from doclint.running import parallel
from doclint.running.options import RunOptions
from doclint.running.parallel import Item, Result, installed, run_serially, worker_count
from doclint.running.progress import ProgressBar
from doclint.running.projects import Project, ProjectResolver, check_checkers, excluded
from doclint.source import SourceFile

if TYPE_CHECKING:
    from doclint.project.inventory import CommandFacts, Inventory
    from doclint.running.cache import ProjectCache
    from doclint.running.workers import Pool

__all__ = ["Linter", "RunOptions", "RunResult"]

KEPT_ANALYSES_BYTES = 2 * 1024 * 1024
"""At most this much text has its inventory analysis kept for its own linting: beyond
that, analysing a runbook twice costs less than holding every analysis in memory."""


@dataclass
class _Target:
    """A document to lint, as the parent read it."""

    path: Path
    kind: str
    project: Project
    source: SourceFile | Diagnostic


class Linter:
    """One run over some paths.

    The parent reads every document and builds each project's inventory; then the
    documents the cache has no result for are linted, in worker processes when there
    are enough of them (``doclint.running.parallel``: forked at the start when no cache may
    answer, so that they set up while the parent reads). Worker-side work is done by
    module-level functions (``_facts_chunk``, ``_lint_chunk``) over the documents
    they are sent and the projects installed in them. Results are reported in the
    order of the documents, so the output does not depend on ``jobs``."""

    def __init__(self, options: RunOptions, texts: Mapping[Path, SourceFile] | None = None) -> None:
        """``texts``: documents to lint as given rather than as on disk (``--fix`` lints
        its fixed text before anything is written, and ``--diff`` never writes)."""
        self.options = options
        self._texts = dict(texts or {})
        self.walker = Walker()
        self.result = RunResult()
        self._targets: list[tuple[Path, str]] = []
        self._resolver = ProjectResolver(options, self.walker, self._targets)
        self._pending: list[_Target] = []
        """The documents to lint in this run: the ones the cache has no result for."""
        self._read: dict[Path, SourceFile] = {}
        """The documents being linted, as read (an inventory reads them again otherwise)."""
        self._caches: dict[Path, ProjectCache] = {}
        self._pool: Pool | None = None

    def run(self) -> RunResult:
        self._targets.extend(self.walker.files(self.options.paths))
        self._pool = self._early_pool()
        try:
            result = self._run()
        except BaseException:  # Ctrl-C or an error: do not wait for the workers' chunks
            if self._pool is not None:
                self._pool.close(wait=False)
            raise
        finally:
            parallel.forget()
            _kept.clear()  # of documents this run did not lint after all (an error)
        if self._pool is not None:
            self._pool.close()
        return result

    def _run(self) -> RunResult:
        targets = []
        for path, kind in self._targets:
            project = self._resolver.project_of(path)
            if not excluded(project.config, path):
                source = self._texts.get(path) or project.read(path, kind)
                targets.append(_Target(path, kind, project, source))
                if isinstance(source, SourceFile):
                    self._read[path] = source
        self._report(targets, self._results(targets))
        self.result.findings.sort(key=lambda f: f.sort_key)
        return self.result

    def _results(self, targets: list[_Target]) -> list[FileResult | None]:
        """Each readable document's result (None for the others), cached or linted now."""
        caches = self._open_caches(targets)
        results: list[FileResult | None] = [None] * len(targets)
        positions = []
        for position, target in enumerate(targets):
            if isinstance(target.source, SourceFile):
                cache = caches.get(target.project.root)
                results[position] = (
                    cache.result(target.path, target.source.digest) if cache else None
                )
                if results[position] is None:
                    positions.append(position)
        self._pending = [targets[position] for position in positions]
        progress = ProgressBar(len(targets)) if self.options.progress else None
        if self._pending:
            projects = {target.project.root: target.project for target in self._pending}
            check_checkers(projects.values())
            self._prepare_inventories(list(projects.values()), caches)
            done = progress.advance if progress else _ignore
            documents = [
                (target.project.root, target.source)
                for target in self._pending
                if isinstance(target.source, SourceFile)  # all are: unreadable ones have no result
            ]
            sizes = [len(source.text) for _, source in documents]
            linted = self._map(_lint_chunk, documents, sizes, done, projects=projects)
            for position, result in zip(positions, linted, strict=True):
                results[position] = result
                target = targets[position]
                cache = caches.get(target.project.root)
                if cache and isinstance(target.source, SourceFile):
                    cache.store_result(target.path, target.source.digest, result)
        if progress:
            progress.close()
        by_root = {target.project.root: target.project for target in targets}
        for root, cache in caches.items():
            inventory = by_root[root].inventory
            if inventory is not None:
                cache.store_inventory_diagnostics(inventory.diagnostics)
            cache.save()
        return results

    def _report(self, targets: list[_Target], results: list[FileResult | None]) -> None:
        """Results in document order. A project's inventory diagnostics come with its
        first readable document, as when inventories were built on first use."""
        reported: set[Path] = set()
        for target, result in zip(targets, results, strict=True):
            if isinstance(target.source, Diagnostic) or result is None:
                if isinstance(target.source, Diagnostic):
                    self.result.diagnostics.append(target.source)
                continue
            self.result.files_checked += 1
            self.result.sources[target.source.display_path] = target.source
            if target.project.root not in reported:
                reported.add(target.project.root)
                for diagnostic in self._inventory_diagnostics(target.project):
                    if diagnostic not in self.result.diagnostics:
                        self.result.diagnostics.append(diagnostic)
            self.result.findings.extend(result.findings)
            self.result.diagnostics.extend(result.diagnostics)
            for notice in result.notices:
                if notice not in self.result.notices:
                    self.result.notices.append(notice)

    def _early_pool(self) -> Pool | None:
        """Workers forked now, before the documents are read, when the run will surely
        lint enough text to need them: they then import and set up the parsers and
        checkers while this process reads, loads rules and builds inventories. Not when
        a cache may answer (a warm run would pay for workers it never uses)."""
        folder = self.options.cache_dir
        if self.options.jobs < 2 or self._texts or (folder is not None and folder.exists()):
            return None
        sizes = [_size(path) for path, _ in self._targets]
        return _start_pool(worker_count(self.options.jobs, sizes))

    def _map(
        self,
        function: Callable[[list[Item]], list[Result]],
        items: list[Item],
        sizes: list[int],
        done: Callable[[int], None],
        **shared: object,
    ) -> list[Result]:
        """``function`` over ``items`` (``sizes``: the text each one is), in chunks, on
        the workers when there is enough to do (they are forked now if they were not
        at the start), else here; ``shared`` is installed for it first."""
        workers = worker_count(self.options.jobs, sizes)
        if self._pool is None and workers > 1:
            self._pool = _start_pool(workers)
        pool = self._pool if workers > 1 else None
        count = parallel.CHUNKS_PER_WORKER * max(self.options.jobs, 1) if pool else 1
        chunks = [items[part.start : part.stop] for part in parallel.chunks(sizes, count)]
        for key, value in shared.items():
            if pool is not None:
                pool.install(key, value)
            else:
                parallel.share(key, value)
        if pool is None:
            return run_serially(function, chunks, done)
        return pool.map(function, chunks, done)

    def _open_caches(self, targets: list[_Target]) -> dict[Path, ProjectCache]:
        """The cache of each project being linted: none with ``--no-cache``, and none
        for text that is not on disk (``--fix`` rounds). The cache module is imported
        here, after the workers fork: they never need it."""
        from doclint.running.cache import ProjectCache

        folder = self.options.cache_dir
        if folder is not None and not self._texts:
            for target in targets:
                root = target.project.root
                if root not in self._caches:
                    context = self._resolver.context(target.project)
                    self._caches[root] = ProjectCache(folder, root, context)
        return self._caches

    def _inventory_diagnostics(self, project: Project) -> list[Diagnostic]:
        """Those of the inventory built in this run, else the cached ones (every result
        of the project came from the cache), else those of building it now."""
        cache = self._caches.get(project.root)
        cached = cache.inventory_diagnostics() if cache and project.inventory is None else None
        return self._inventory(project).diagnostics if cached is None else cached

    def _inventory(self, project: Project) -> Inventory:
        """Built from every document of the project, not only the ones being linted."""
        if project.inventory is None:
            self._prepare_inventories([project], {})
        assert project.inventory is not None
        return project.inventory

    def _prepare_inventories(
        self, projects: list[Project], caches: Mapping[Path, ProjectCache]
    ) -> None:
        """Build the inventories of ``projects`` from the facts of each of their
        documents that mentions docker: cached by content, or found now (in parallel).
        The process that analyses a document to be linted keeps the analysis for it.
        The inventory module is imported here: a run served by the cache needs none."""
        from doclint.project.inventory import build_inventory

        documents: list[tuple[Project, Path, SourceFile]] = []
        for project in projects:
            if project.inventory is None:
                documents.extend(
                    (project, path, source) for path, source in self._docker_documents(project)
                )
        facts: list[list[CommandFacts] | None] = []
        for project, _, source in documents:
            cache = caches.get(project.root)
            facts.append(cache.facts(source.digest) if cache else None)
        missing = [index for index, found in enumerate(facts) if found is None]
        found_facts = self._map(
            _facts_chunk,
            [(path, source) for index in missing for _, path, source in [documents[index]]],
            [len(documents[index][2].text) for index in missing],
            _ignore,
            pending={target.path for target in self._pending},
        )
        for index, found in zip(missing, found_facts, strict=True):
            facts[index] = found
            project, _, source = documents[index]
            cache = caches.get(project.root)
            if cache:
                cache.store_facts(source.digest, found)
        for project in projects:
            if project.inventory is None:
                pairs = [
                    (path, fact)
                    for (owner, path, _), found in zip(documents, facts, strict=True)
                    if owner is project
                    for fact in found or ()
                ]
                project.inventory = build_inventory(
                    project.root,
                    project.config,
                    pairs,
                    boundary=self._resolver.boundary(project.root),
                    enclosing=self._resolver.enclosing(project.root) if project.marked else (),
                    compose_like=(
                        self.walker.compose_like_files(project.root) if project.marked else ()
                    ),
                )

    def _docker_documents(self, project: Project) -> Iterator[tuple[Path, SourceFile]]:
        """The project's documents that mention docker, read."""
        limit = project.config.limits.document_bytes
        for path, kind in self._resolver.documents(project):
            if excluded(project.config, path):
                continue
            source = self._texts.get(path) or self._read.get(path)
            if source is None and mentions_docker(path, limit):
                read = project.read(path, kind)
                source = read if isinstance(read, SourceFile) else None
            if source is not None and "docker" in source.text:
                yield path, source


class _KeptAnalyses:
    """Analyses made for an inventory in this process (a worker, or the parent working
    alone), kept until their document is linted here: at most ``KEPT_ANALYSES_BYTES``
    of text, since an analysis takes ~50x its text in memory."""

    def __init__(self) -> None:
        self._analyses: dict[Path, Analysis] = {}
        self._bytes = 0

    def keep(self, path: Path, analysis: Analysis) -> None:
        size = len(analysis.source.text)
        if self._bytes + size <= KEPT_ANALYSES_BYTES:
            self._bytes += size
            self._analyses[path] = analysis

    def take(self, path: Path) -> Analysis | None:
        analysis = self._analyses.pop(path, None)
        if analysis is not None:
            self._bytes -= len(analysis.source.text)
        return analysis

    def clear(self) -> None:
        self._analyses.clear()
        self._bytes = 0


_kept = _KeptAnalyses()


def _facts_chunk(documents: list[tuple[Path, SourceFile]]) -> list[list[CommandFacts]]:
    """What the docker commands of each document tell the inventory. An analysis of a
    document that is to be linted is kept for it (``_KeptAnalyses``)."""
    from doclint.project.inventory import command_facts

    pending: set[Path] = installed("pending")
    found: list[list[CommandFacts]] = []
    for path, source in documents:
        try:
            analysis = analyze(source)
        except Exception:  # reported when the document is linted (``_lint_chunk``)
            found.append([])
            continue
        if path in pending:
            _kept.keep(path, analysis)
        found.append([fact for fact in map(command_facts, analysis.invocations) if fact])
    return found


def _lint_chunk(targets: list[tuple[Path, SourceFile]]) -> list[FileResult]:
    """Lint documents the cache had no result for: ``(project root, source)`` pairs."""
    projects: dict[Path, Project] = installed("projects")
    results = []
    for root, source in targets:
        analysis = _kept.take(source.path)
        try:
            results.append(check_document(projects[root], analysis or analyze(source)))
        except ConfigError:
            raise  # the configuration's fault, not the document's: exit 2
        except Exception as error:  # a bug must not stop the other documents' linting
            message = (
                f"internal error while reading this document ({type(error).__name__}: "
                f"{error}); please report this with the file that triggers it"
            )
            problem = Diagnostic(message, source.display_path, fatal=True)
            results.append(FileResult(diagnostics=[problem]))
    return results


def check_document(project: Project, analysis: Analysis) -> FileResult:
    """Run a project's rules over one analysed document, then the suppression stage."""
    from doclint.judging.suppressions import rules_for_file, suppress

    assert project.inventory is not None, "inventories are built before any document is linted"
    context = CheckContext(
        source=analysis.source,
        document=analysis.document,
        commands=analysis.commands,
        invocations=analysis.invocations,
        inventory=project.inventory,
    )
    result = FileResult()
    for line, problem in analysis.document.problems:
        result.diagnostics.append(Diagnostic(problem, analysis.source.display_path, line))
    rules = rules_for_file(project.rules, project.config, analysis.source.path)
    found: list[Finding] = []
    for rule in rules:
        checker = get_checker(rule.checker)
        if checker is None:  # a meta rule (the others were validated when selected)
            continue
        try:
            found.extend(checker(context, rule))
        except Exception as error:  # a bug must not hide the other rules' findings
            result.diagnostics.append(
                Diagnostic(
                    f"internal error in {rule.code} ({type(error).__name__}: {error}); "
                    "please report this with the file that triggers it",
                    analysis.source.display_path,
                    fatal=True,
                )
            )
    kept, problems = suppress(context, rules, found)
    result.findings.extend(kept)
    result.diagnostics.extend(problems)
    for notice in context.notices:
        if notice not in result.notices:
            result.notices.append(notice)
    return result


def _start_pool(workers: int) -> Pool | None:
    """Workers set up by ``_preload``; none for fewer than two, or without ``fork``."""
    if workers < 2:
        return None
    from doclint.running.workers import Pool  # here: a run that stays in one process never needs it

    return Pool.start(workers, _preload)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _preload() -> None:
    """Import and set up what linting uses (parsers, their tables, every checker): what
    the first worker does before it forks the others, so that each inherits it."""
    from doclint.checkers import checker_names
    from doclint.extract import markdown
    from doclint.project.markdown_links import _parser as link_parser
    from doclint.shell import parse  # noqa: F401
    from doclint.shell.bashlex_loader import bashlex

    for name in checker_names():
        get_checker(name)
    markdown._parser()
    link_parser()
    bashlex()


def _ignore(count: int) -> None:
    """Progress nobody watches."""
