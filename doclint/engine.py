"""The linter core: files → projects → analyses → rules → findings.

It knows nothing of individual rules: each rule names a checker, and the engine runs
the checkers a project's configuration selects over each document.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from doclint.analysis import Analysis, analyze, mentions_docker, read_source
from doclint.checkers import get_checker
from doclint.checkers.context import CheckContext
from doclint.checkers.pattern import merge_options
from doclint.config import Config, find_config, load_config, pattern_extensions
from doclint.discovery import Walker, git_top, matches_any, project_root
from doclint.docker.model import Invocation
from doclint.errors import ConfigError, Diagnostic
from doclint.findings import Finding
from doclint.inventory import Inventory, build_inventory
from doclint.rulebook import Rule, builtin_rules, select_rules
from doclint.source import SourceFile
from doclint.suppressions import rules_for_file, suppress


@dataclass(frozen=True)
class RunOptions:
    paths: tuple[Path, ...] = (Path("."),)
    config_file: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    compose_files: tuple[Path, ...] = ()
    """``--compose`` files, relative to the working directory."""


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files_checked: int = 0
    sources: dict[str, SourceFile] = field(default_factory=dict)
    """The linted documents by display path (reporters show their lines)."""

    @property
    def fatal(self) -> bool:
        return any(d.fatal for d in self.diagnostics)


@dataclass
class Project:
    root: Path
    config: Config
    rules: list[Rule]
    inventory: Inventory | None = None
    marked: bool = True
    """False when no folder above holds a compose file, ``.git`` or configuration: the
    documents' own folder stands in, and nothing around it is scanned."""


def display_path(path: Path) -> str:
    """Relative to the working directory, ``/``-separated (absolute when on another drive)."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:
        return path.as_posix()


class Linter:
    """One run over some paths. Analyses are shared between linting and the project
    inventories, so that no document is read twice."""

    def __init__(self, options: RunOptions, texts: Mapping[Path, SourceFile] | None = None) -> None:
        """``texts``: documents to lint as given rather than as on disk (``--fix`` lints
        its fixed text before anything is written, and ``--diff`` never writes)."""
        self.options = options
        self._texts = dict(texts or {})
        self.walker = Walker()
        self.result = RunResult()
        self._projects: dict[Path, Project] = {}
        self._configs: dict[Path | None, Config] = {}
        self._analyses: dict[Path, Analysis | Diagnostic] = {}
        self._forced_config = load_config(options.config_file) if options.config_file else None
        self._targets: list[tuple[Path, str]] = []

    def run(self) -> RunResult:
        self._targets = list(self.walker.files(self.options.paths))
        for path, kind in self._targets:
            project = self._project_of(path)
            if self._excluded(project.config, path):
                continue
            analysis = self._analysis(path, kind, project.config)
            if isinstance(analysis, Diagnostic):
                self.result.diagnostics.append(analysis)
                continue
            self.result.files_checked += 1
            self.result.sources[analysis.source.display_path] = analysis.source
            self._check(project, analysis)
        self.result.findings.sort(key=lambda f: f.sort_key)
        return self.result

    def _check(self, project: Project, analysis: Analysis) -> None:
        context = CheckContext(
            source=analysis.source,
            document=analysis.document,
            commands=analysis.commands,
            invocations=analysis.invocations,
            inventory=self._inventory(project),
        )
        for line, problem in analysis.document.problems:
            self.result.diagnostics.append(Diagnostic(problem, analysis.source.display_path, line))
        rules = rules_for_file(project.rules, project.config, analysis.source.path)
        found: list[Finding] = []
        for rule in rules:
            checker = get_checker(rule.checker)
            if checker is None:  # a meta rule (the others were validated when selected)
                continue
            try:
                found.extend(checker(context, rule))
            except Exception as error:  # a bug must not hide the other rules' findings
                self.result.diagnostics.append(
                    Diagnostic(
                        f"internal error in {rule.code} ({type(error).__name__}: {error}); "
                        "please report this with the file that triggers it",
                        analysis.source.display_path,
                        fatal=True,
                    )
                )
        kept, problems = suppress(context, rules, found)
        self.result.findings.extend(kept)
        self.result.diagnostics.extend(problems)
        for notice in context.notices:
            if notice not in self.result.notices:
                self.result.notices.append(notice)

    def _analysis(self, path: Path, kind: str, config: Config) -> Analysis | Diagnostic:
        if path not in self._analyses:
            limit = config.limits.document_bytes
            source = self._texts.get(path) or read_source(path, display_path(path), kind, limit)
            self._analyses[path] = source if isinstance(source, Diagnostic) else analyze(source)
        return self._analyses[path]

    def _project_of(self, path: Path) -> Project:
        found = project_root(path.parent)
        root = found or path.parent
        if root not in self._projects:
            config = self._config_for(root)
            rules = self._rules_for(config)
            self._projects[root] = Project(root, config, rules, marked=found is not None)
        return self._projects[root]

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
        return config

    def _rules_for(self, config: Config) -> list[Rule]:
        options = self.options
        select = options.select if options.select is not None else config.select
        rules = select_rules(
            builtin_rules(),
            select,
            options.ignore + config.ignore,
            options.extend_select + config.extend_select,
            config.severity,
        )
        for rule in rules:
            if not rule.is_meta and get_checker(rule.checker) is None:
                raise ConfigError(f"rule {rule.code} names an unknown checker `{rule.checker}`")
        return [self._with_extensions(rule, config) for rule in rules]

    @staticmethod
    def _with_extensions(rule: Rule, config: Config) -> Rule:
        """A ``pattern`` rule with the configuration's extra patterns merged in."""
        extension = pattern_extensions(config).get(rule.code)
        if extension is None or rule.checker != "pattern":
            return rule
        extra, enable = extension
        try:
            options = merge_options(rule.options, extra, enable)
        except ValueError as error:
            raise ConfigError(f"{rule.code} patterns: {error}", str(config.source)) from None
        return replace(rule, options=options)

    def _excluded(self, config: Config, path: Path) -> bool:
        try:
            relative = path.relative_to(config.directory).as_posix()
        except ValueError:
            return False
        if config.include and not matches_any(relative, config.include):
            return True
        return matches_any(relative, config.exclude)

    def _boundary(self, root: Path) -> Path:
        """The top of the project's git repository, or outside git the outermost linted
        folder holding it: compose files above it are never read."""
        top = git_top(root)
        if top is not None:
            return top
        given = [p.absolute() for p in self.options.paths if p.is_dir()]
        tops = [g for g in given if root.is_relative_to(g)]
        return min(tops, key=lambda g: len(g.parts)) if tops else root

    def _enclosing(self, root: Path) -> list[Path]:
        """Folders above a project up to its boundary: their compose stacks are often
        documented together with this one."""
        top = self._boundary(root)
        return [folder for folder in root.parents if folder.is_relative_to(top)]

    def _project_documents(self, project: Project) -> list[tuple[Path, str]]:
        """The documents of a project. Without a marker the folder is arbitrary (``/tmp``),
        so only the documents being linted there are read."""
        if project.marked:
            return list(self.walker.files([project.root], own_project_only=True))
        return [(path, kind) for path, kind in self._targets if path.parent == project.root]

    def _inventory(self, project: Project) -> Inventory:
        """Built from every document of the project, not only the ones being linted."""
        if project.inventory is None:
            pairs: list[tuple[Path, Invocation]] = []
            limit = project.config.limits.document_bytes
            for path, kind in self._project_documents(project):
                if self._excluded(project.config, path) or not mentions_docker(path, limit):
                    continue
                analysis = self._analysis(path, kind, project.config)
                if isinstance(analysis, Analysis):
                    pairs.extend((path, inv) for inv in analysis.invocations)
            marked = project.marked
            project.inventory = build_inventory(
                project.root,
                project.config,
                pairs,
                boundary=self._boundary(project.root),
                enclosing=self._enclosing(project.root) if marked else (),
                compose_like=self.walker.compose_like_files(project.root) if marked else (),
            )
            for diagnostic in project.inventory.diagnostics:
                if diagnostic not in self.result.diagnostics:
                    self.result.diagnostics.append(diagnostic)
        return project.inventory
