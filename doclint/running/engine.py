"""The linter core: files → projects → analyses → rules → findings.

``Linter`` ties the stages of a run together: the project resolver
(``doclint.running.projects``), the persistent cache, the inventory builder
(``doclint.running.inventories``) and the scheduler (``doclint.running.scheduling``).
It knows nothing of individual rules: each rule names a checker, and the engine runs
the checkers a project's configuration selects over each document.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.checkers import get_checker
from doclint.checkers.context import CheckContext
from doclint.errors import ConfigError, Diagnostic
from doclint.findings import FileResult, Finding, RunResult
from doclint.inputs.discovery import Walker
from doclint.project.analysis import Analysis, analyze
from doclint.running.inventories import InventoryBuilder, KeptAnalyses
from doclint.running.options import RunOptions
from doclint.running.progress import ProgressBar
from doclint.running.projects import Project, ProjectResolver, check_checkers, excluded
from doclint.running.scheduling import Scheduler
from doclint.source import SourceFile

if TYPE_CHECKING:
    from doclint.running.cache import ProjectCache

__all__ = ["Linter", "RunOptions", "runs_over"]


@dataclass
class _Target:
    """A document to lint, as the parent read it."""

    path: Path
    kind: str
    project: Project
    source: SourceFile | Diagnostic


class Linter:
    """One run over some paths.

    The parent reads every document, resolving its project; the documents the cache has
    no result for are linted once their projects' inventories are built, in worker
    processes when there are enough of them (``Scheduler``: started at the beginning
    when no cache may answer, so that they set up while the parent reads). Results are
    reported in the order of the documents, so the output does not depend on ``jobs``.
    Everything the run holds is its own: two runs in one process share nothing."""

    def __init__(self, options: RunOptions, texts: Mapping[Path, SourceFile] | None = None) -> None:
        """``texts``: documents to lint as given rather than as on disk (``--fix`` lints
        its fixed text before anything is written, and ``--diff`` never writes)."""
        self.options = options
        self._texts = dict(texts or {})
        self._walker = Walker()
        self._scheduler = Scheduler(options.jobs, preload)
        self._result = RunResult()
        self._caches: dict[Path, ProjectCache] = {}

    def run(self) -> RunResult:
        targets = list(self._walker.files(self.options.paths))
        for path in self._walker.passed_over:
            self._result.notices.append(
                f"{path.name} was not read: doclint reads Markdown (.md, .markdown, .mdx)"
                " and shell scripts (.sh, .bash, or a shell shebang)"
            )
        resolver = ProjectResolver(self.options, self._walker, targets)
        read = dict(self._texts)  # the documents as the run has them, read once
        inventories = InventoryBuilder(resolver, self._walker, self._scheduler, read)
        if self._starts_early():
            self._scheduler.start([_size(path) for path, _ in targets])
        try:
            documents = self._read(targets, resolver, read)
            self._report(documents, self._results(documents, resolver, inventories), inventories)
        except BaseException:  # Ctrl-C or an error: do not wait for the workers' chunks
            self._scheduler.close(wait=False)
            raise
        self._scheduler.close()
        self._result.findings.sort(key=lambda f: f.sort_key)
        return self._result

    def _starts_early(self) -> bool:
        """Whether workers start before the documents are read, when the run will surely
        lint enough text to need them: they then import and set up the parsers and
        checkers while this process reads, loads rules and builds inventories. Not when
        a cache may answer (a warm run would pay for workers it never uses)."""
        folder = self.options.cache_dir
        return self.options.jobs > 1 and not self._texts and not (folder and folder.exists())

    def _read(
        self,
        targets: list[tuple[Path, str]],
        resolver: ProjectResolver,
        read: dict[Path, SourceFile],
    ) -> list[_Target]:
        """The documents to lint, each read once (into ``read``) with its project."""
        documents = []
        for path, kind in targets:
            project = resolver.project_of(path)
            if not excluded(project.config, path):
                source = self._texts.get(path) or project.read(path, kind)
                documents.append(_Target(path, kind, project, source))
                if isinstance(source, SourceFile):
                    read[path] = source
        return documents

    def _results(
        self, targets: list[_Target], resolver: ProjectResolver, inventories: InventoryBuilder
    ) -> list[FileResult | None]:
        """Each readable document's result (None for the others), cached or linted now."""
        caches = self._open_caches(targets, resolver)
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
        pending = [targets[position] for position in positions]
        progress = ProgressBar(len(targets)) if self.options.progress else None
        if pending:
            projects = list({target.project.root: target.project for target in pending}.values())
            check_checkers(projects)
            kept = KeptAnalyses([target.path for target in pending])
            inventories.build(projects, caches, kept)
            documents = [
                (target.project, target.source)
                for target in pending
                if isinstance(target.source, SourceFile)  # all are: unreadable ones have no result
            ]
            sizes = [len(source.text) for _, source in documents]
            done = progress.advance if progress else lambda count: None
            linted = self._scheduler.map(partial(lint_chunk, kept), documents, sizes, done)
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

    def _report(
        self,
        targets: list[_Target],
        results: list[FileResult | None],
        inventories: InventoryBuilder,
    ) -> None:
        """Results in document order. A project's inventory diagnostics come with its
        first readable document, as when inventories were built on first use."""
        reported: set[Path] = set()
        for target, result in zip(targets, results, strict=True):
            if isinstance(target.source, Diagnostic) or result is None:
                if isinstance(target.source, Diagnostic):
                    self._result.diagnostics.append(target.source)
                continue
            self._result.files_checked += 1
            self._result.sources[target.source.display_path] = target.source
            if target.project.root not in reported:
                reported.add(target.project.root)
                for diagnostic in self._inventory_diagnostics(target.project, inventories):
                    if diagnostic not in self._result.diagnostics:
                        self._result.diagnostics.append(diagnostic)
            self._result.findings.extend(result.findings)
            self._result.diagnostics.extend(result.diagnostics)
            for notice in result.notices:
                if notice not in self._result.notices:
                    self._result.notices.append(notice)
            for detail in result.details:
                if detail not in self._result.details:
                    self._result.details.append(detail)

    def _open_caches(
        self, targets: list[_Target], resolver: ProjectResolver
    ) -> dict[Path, ProjectCache]:
        """The cache of each project being linted: none with ``--no-cache``, and none
        for text that is not on disk (``--fix`` rounds). The cache module is imported
        here, after the workers fork: they never need it."""
        from doclint.running.cache import ProjectCache

        folder = self.options.cache_dir
        if folder is not None and not self._texts:
            for target in targets:
                root = target.project.root
                if root not in self._caches:
                    self._caches[root] = ProjectCache(
                        folder, root, resolver.context(target.project)
                    )
        return self._caches

    def _inventory_diagnostics(
        self, project: Project, inventories: InventoryBuilder
    ) -> list[Diagnostic]:
        """Those of the inventory built in this run, else the cached ones (every result
        of the project came from the cache), else those of building it now."""
        cache = self._caches.get(project.root)
        cached = cache.inventory_diagnostics() if cache and project.inventory is None else None
        return inventories.inventory(project).diagnostics if cached is None else cached


def runs_over(options: RunOptions) -> Callable[[Mapping[Path, SourceFile]], RunResult]:
    """Fresh runs over ``options``, each with the given documents' text in place of what
    is on disk: what the rounds of ``--fix`` and ``--diff`` lint."""
    return lambda texts: Linter(options, texts).run()


def lint_chunk(kept: KeptAnalyses, documents: list[tuple[Project, SourceFile]]) -> list[FileResult]:
    """Lint documents the cache had no result for, with the analyses ``kept`` for them."""
    results = []
    for project, source in documents:
        analysis = kept.take(source.path)
        try:
            results.append(check_document(project, analysis or analyze(source)))
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
    result.details.extend(dict.fromkeys(context.details))
    return result


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def preload() -> None:
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
