"""Which project each document belongs to, and what a project is: its root, its
configuration and the rules it runs.

A project is the nearest folder above a document that holds a compose file, ``.git`` or
doclint configuration (``doclint.inputs.discovery``); its documents share a
configuration, rules and an inventory. The resolver answers once per folder, and also
knows what every result of a project depends on besides each document's own text (its
``context``, the key of its cache): that is the project's rules, configuration and files.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.checkers import configured, is_checker
from doclint.errors import ConfigError, Diagnostic
from doclint.inputs.config import Config, find_config, load_config, setting
from doclint.inputs.discovery import Walker, git_top, matches_any, project_root
from doclint.judging.rulebook import Rule, builtin_rules, select_rules
from doclint.project.analysis import read_source
from doclint.running.options import RunOptions
from doclint.source import SourceFile

if TYPE_CHECKING:
    from doclint.project.inventory import Inventory
    from doclint.project.snapshot import HostSnapshot


@dataclass
class Project:
    """A folder whose documents share a configuration, rules and an inventory."""

    root: Path
    config: Config
    rules: list[Rule]
    inventory: Inventory | None = None
    """Built once per run, from every document of the project (``InventoryBuilder``)."""
    marked: bool = True
    """False when no folder above holds a compose file, ``.git`` or configuration: the
    documents' own folder stands in, and nothing around it is scanned."""
    hosts: tuple[HostSnapshot, ...] = ()
    """What runs on the hosts its inventories describe (``inventory:``, ``--inventory``)."""

    def read(self, path: Path, kind: str) -> SourceFile | Diagnostic:
        """One of the project's documents, as read within its configured size limit."""
        return read_source(path, display_path(path), kind, self.config.limits.document_bytes)


class ProjectResolver:
    """The projects of one run's documents, each resolved once."""

    def __init__(
        self, options: RunOptions, walker: Walker, targets: list[tuple[Path, str]]
    ) -> None:
        """``targets``: the run's documents, ``(path, kind)`` as the walker found them."""
        self.options = options
        self.walker = walker
        self._targets = targets
        self._projects: dict[Path, Project] = {}
        self._folder_projects: dict[Path, Project] = {}
        self._configs: dict[Path | None, Config] = {}
        self._forced_config = load_config(options.config_file) if options.config_file else None
        self._boundaries: dict[Path, Path] = {}
        self._by_folder: dict[Path, list[tuple[Path, str]]] | None = None
        self._trees: dict[Path, str] = {}
        self._rule_prints: dict[tuple[int, ...], str] = {}
        self._snapshots: dict[tuple[str, str | None, int], HostSnapshot] = {}

    def project_of(self, path: Path) -> Project:
        folder = path.parent
        if folder in self._folder_projects:
            return self._folder_projects[folder]
        found = project_root(folder)
        if found is None:
            # An unpacked tarball: the linted folder stands for the checkout's top, so
            # that every document gets the project root it would get in the clone.
            found = self._given_top(folder)
        root = found or folder
        if root not in self._projects:
            config = self._config_for(root)
            rules = self._rules_for(config)
            hosts = self._hosts_for(config)
            marked = found is not None
            self._projects[root] = Project(root, config, rules, marked=marked, hosts=hosts)
        self._folder_projects[folder] = self._projects[root]
        return self._projects[root]

    def documents(self, project: Project) -> list[tuple[Path, str]]:
        """The documents of a project. Without a marker the folder is arbitrary (``/tmp``),
        so only the documents being linted there are read."""
        if project.marked:
            return list(self.walker.files([project.root], own_project_only=True))
        if self._by_folder is None:
            self._by_folder = {}
            for path, kind in self._targets:
                self._by_folder.setdefault(path.parent, []).append((path, kind))
        return self._by_folder.get(project.root, [])

    def boundary(self, root: Path) -> Path:
        """The top of the project's git repository, or outside git the outermost linted
        folder holding it: compose files above it are never read."""
        if root not in self._boundaries:
            self._boundaries[root] = git_top(root) or self._given_top(root) or root
        return self._boundaries[root]

    def _given_top(self, folder: Path) -> Path | None:
        """The outermost folder given on the command line that holds ``folder``."""
        given = [Path(os.path.abspath(p)) for p in self.options.paths if p.is_dir()]
        tops = [g for g in given if folder.is_relative_to(g)]
        return min(tops, key=lambda g: len(g.parts)) if tops else None

    def enclosing(self, root: Path) -> list[Path]:
        """Folders above a project up to its boundary: their compose stacks are often
        documented together with this one."""
        top = self.boundary(root)
        return [folder for folder in root.parents if folder.is_relative_to(top)]

    def context(self, project: Project) -> str:
        """What every result of a project depends on besides the document's own text
        (see ``doclint.running.cache``)."""
        from doclint.running.cache import code_fingerprint, fingerprint, stat_state

        boundary = self.boundary(project.root)
        if boundary not in self._trees:
            written = [*self.options.written, self.options.cache_dir]  # the cache itself too
            leave_out = {os.path.abspath(path) for path in written if path is not None}
            self._trees[boundary] = fingerprint(*self.walker.tree_state(boundary, leave_out))
        named = [project.config.directory / value for value in project.config.compose_files]
        linted = [] if project.marked else [str(p) for p, _ in self.documents(project)]
        hosts = [(host.shown, host.name, host.digest) for host in project.hosts]  # by content
        rules = tuple(map(id, project.rules))  # projects share their Rule objects
        if rules not in self._rule_prints:
            self._rule_prints[rules] = fingerprint(project.rules)
        return fingerprint(
            code_fingerprint(),
            os.getcwd(),
            str(project.root),
            str(boundary),
            project.marked,
            self._rule_prints[rules],
            project.config,
            self._trees[boundary],
            [(str(path), stat_state(path)) for path in named],  # may lie outside the boundary
            linted,
            hosts,
        )

    def _config_for(self, root: Path) -> Config:
        if self._forced_config is not None:
            config = self._forced_config
        else:
            source = find_config(root)
            if source not in self._configs:
                self._configs[source] = load_config(source) if source else Config(directory=root)
            config = self._configs[source]
        if self.options.compose_files:
            extra = tuple(str(p.absolute()) for p in self.options.compose_files)
            config = replace(config, compose_files=config.compose_files + extra)
        if self.options.inventories:
            given = tuple((name, str(path.absolute())) for name, path in self.options.inventories)
            config = replace(config, inventories=config.inventories + given)
        return config

    def _hosts_for(self, config: Config) -> tuple[HostSnapshot, ...]:
        """The snapshots a configuration names, each file read once per run; one named
        twice (in the configuration and on the command line) counts once, by the name
        given to it. ``ConfigError`` for one that cannot be read."""
        if not config.inventories:
            return ()
        from doclint.project.snapshot import read_snapshot

        limit = config.limits.inventory_bytes
        chosen: dict[str, str | None] = {}
        for name, value in config.inventories:
            path = os.path.normpath(config.directory / value)
            chosen[path] = name or chosen.get(path)
        hosts = []
        for path, name in chosen.items():
            key = (path, name, limit)
            if key not in self._snapshots:
                shown = display_path(Path(path))
                self._snapshots[key] = read_snapshot(Path(path), shown, name, limit)
            hosts.append(self._snapshots[key])
        return tuple(hosts)

    def _rules_for(self, config: Config) -> list[Rule]:
        options = self.options
        select = options.select if options.select is not None else config.select
        rules = select_rules(
            builtin_rules(options.cache_dir),
            select,
            options.ignore + config.ignore,
            options.extend_select + config.extend_select,
            config.severity,
        )
        return [with_extensions(rule, config) for rule in rules]


def with_extensions(rule: Rule, config: Config) -> Rule:
    """``rule`` with the settings of the configuration that extend it (the keys its
    ``configuration:`` names) merged in by its checker; unchanged when none is set, and
    then its checker is not even imported."""
    given = {key: value for key in rule.configuration if (value := setting(config, key))}
    if not given or rule.is_meta:
        return rule
    settings = {rule.configuration[key]: value for key, value in given.items()}
    try:
        options = configured(rule, settings)
    except ValueError as error:
        raise ConfigError(f"{rule.code} {', '.join(given)}: {error}", str(config.source)) from None
    return replace(rule, options=options)


def check_checkers(projects: Iterable[Project]) -> None:
    """Every rule to run names a checker (known without importing it: a run whose
    results all come from the cache imports none)."""
    for project in projects:
        for rule in project.rules:
            if not rule.is_meta and not is_checker(rule.checker):
                raise ConfigError(f"rule {rule.code} names an unknown checker `{rule.checker}`")


def excluded(config: Config, path: Path) -> bool:
    """Whether the configuration's ``include`` / ``exclude`` leave ``path`` out."""
    if not (config.include or config.exclude):
        return False
    try:
        relative = path.relative_to(config.directory).as_posix()
    except ValueError:
        return False
    if config.include and not matches_any(relative, config.include):
        return True
    return matches_any(relative, config.exclude)


def display_path(path: Path) -> str:
    """Relative to the working directory, ``/``-separated (absolute when on another drive)."""
    return _display_folder(os.getcwd(), str(path.parent)) + path.name


@lru_cache(maxsize=1024)
def _display_folder(cwd: str, folder: str) -> str:
    """``display_path`` of a folder, with a trailing ``/`` (empty for ``cwd`` itself):
    computed once per folder, not once per document."""
    try:
        relative = Path(os.path.relpath(folder, cwd)).as_posix()
    except ValueError:
        relative = Path(folder).as_posix()
    return "" if relative == "." else relative.rstrip("/") + "/"
