"""Each project's inventory, built once per run from every document of the project.

An inventory (``doclint.project.inventory``) is what exists in a project: compose
models, the containers its documents create, configured names. From the documents it
needs only what their docker commands tell (``CommandFacts``), and only from the ones
that mention docker; those facts depend on a document's text alone, so the cache keeps
them by content. The ones the cache does not have are found in parallel.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from doclint.inputs.discovery import Walker
from doclint.project.analysis import Analysis, analyze, mentions_docker
from doclint.running.projects import Project, ProjectResolver, excluded
from doclint.running.scheduling import Scheduler
from doclint.source import SourceFile

if TYPE_CHECKING:
    from doclint.project.inventory import CommandFacts, Inventory

KEPT_ANALYSES_BYTES = 2 * 1024 * 1024
"""At most this much text has its inventory analysis kept for its own linting: beyond
that, analysing a runbook twice costs less than holding every analysis in memory."""


class FactsStore(Protocol):
    """Where the facts of documents are kept by content, so that an inventory built
    again does not analyse them again: the cache between runs (``ProjectCache``), or
    memory in a long-lived session."""

    def facts(self, digest: bytes) -> list[CommandFacts] | None: ...

    def store_facts(self, digest: bytes, facts: list[CommandFacts]) -> None: ...


class KeptAnalyses:
    """Analyses made for an inventory, kept until their document is linted: at most
    ``KEPT_ANALYSES_BYTES`` of text, since an analysis takes ~50x its text in memory.

    They stay in the process that made them: a copy sent to a worker keeps nothing, since
    a document's linting may go to any worker and an analysis kept there would seldom be
    used (about one in ten on the corpus) while it held memory."""

    def __init__(self, wanted: Collection[Path] = ()) -> None:
        """``wanted``: the documents to be linted after the inventories are built."""
        self._wanted = frozenset(wanted)
        self._analyses: dict[Path, Analysis] = {}
        self._bytes = 0

    def __reduce__(self) -> tuple[type[KeptAnalyses], tuple[()]]:
        return KeptAnalyses, ()

    def keep(self, path: Path, analysis: Analysis) -> None:
        size = len(analysis.source.text)
        if path in self._wanted and self._bytes + size <= KEPT_ANALYSES_BYTES:
            self._bytes += size
            self._analyses[path] = analysis

    def take(self, path: Path) -> Analysis | None:
        analysis = self._analyses.pop(path, None)
        if analysis is not None:
            self._bytes -= len(analysis.source.text)
        return analysis


class InventoryBuilder:
    """Builds the inventories of one run's projects, reading what the run has not read."""

    def __init__(
        self,
        resolver: ProjectResolver,
        walker: Walker,
        scheduler: Scheduler,
        read: Mapping[Path, SourceFile],
    ) -> None:
        """``read``: documents as the run has them already (read, or given as text)."""
        self._resolver = resolver
        self._walker = walker
        self._scheduler = scheduler
        self._read = read

    def inventory(self, project: Project) -> Inventory:
        """The project's inventory, built now if it was not yet."""
        if project.inventory is None:
            self.build([project], {}, KeptAnalyses())
        assert project.inventory is not None
        return project.inventory

    def build(
        self,
        projects: Sequence[Project],
        caches: Mapping[Path, FactsStore],
        kept: KeptAnalyses,
    ) -> None:
        """Build the inventories of ``projects`` (those not built yet) from the facts of
        each of their documents that mentions docker: cached by content, or found now
        (in parallel). The analyses of documents to be linted go to ``kept``. The
        inventory module is imported here: a run served by the cache needs none."""
        from doclint.project.inventory import build_inventory

        building = [project for project in projects if project.inventory is None]
        documents = [
            (project, path, source)
            for project in building
            for path, source in self._docker_documents(project)
        ]
        facts: list[list[CommandFacts] | None] = []
        for project, _, source in documents:
            cache = caches.get(project.root)
            facts.append(cache.facts(source.digest) if cache else None)
        missing = [index for index, found in enumerate(facts) if found is None]
        found_facts = self._scheduler.map(
            partial(facts_chunk, kept),
            [documents[index][1:] for index in missing],
            [len(documents[index][2].text) for index in missing],
        )
        for index, found in zip(missing, found_facts, strict=True):
            facts[index] = found
            project, _, source = documents[index]
            cache = caches.get(project.root)
            if cache:
                cache.store_facts(source.digest, found)
        for project in building:
            pairs = [
                (path, fact)
                for (owner, path, _), found in zip(documents, facts, strict=True)
                if owner is project
                for fact in found or ()
            ]
            marked = project.marked
            project.inventory = build_inventory(
                project.root,
                project.config,
                pairs,
                boundary=self._resolver.boundary(project.root),
                enclosing=self._resolver.enclosing(project.root) if marked else (),
                compose_like=self._walker.compose_like_files(project.root) if marked else (),
                hosts=project.hosts,
            )

    def _docker_documents(self, project: Project) -> Iterator[tuple[Path, SourceFile]]:
        """The project's documents that mention docker, read."""
        limit = project.config.limits.document_bytes
        for path, kind in self._resolver.documents(project):
            if excluded(project.config, path):
                continue
            source = self._read.get(path)
            if source is None and mentions_docker(path, limit):
                read = project.read(path, kind)
                source = read if isinstance(read, SourceFile) else None
            if source is not None and "docker" in source.text:
                yield path, source


def facts_chunk(
    kept: KeptAnalyses, documents: list[tuple[Path, SourceFile]]
) -> list[list[CommandFacts]]:
    """What the docker commands of each document tell the inventory; the analyses of
    documents to be linted go to ``kept``."""
    from doclint.project.inventory import command_facts

    found: list[list[CommandFacts]] = []
    for path, source in documents:
        try:
            analysis = analyze(source)
        except Exception:  # reported when the document is linted
            found.append([])
            continue
        kept.keep(path, analysis)
        found.append([fact for fact in map(command_facts, analysis.invocations) if fact])
    return found
