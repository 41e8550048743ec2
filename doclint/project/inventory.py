"""What really exists in a project: compose services and containers, containers the
docs create themselves, and names listed in the configuration.

A project is the nearest folder above a document that holds a compose file, a
``.git`` or a doclint configuration. Everything here is derived from the whole project,
never from the subset of files being linted, so that pre-commit (which passes a few
files) and a full run report the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from doclint.compose.errors import ComposeError
from doclint.compose.files import find_default_files
from doclint.compose.model import ComposeProject, Service
from doclint.docker.model import Invocation, Tool
from doclint.errors import Diagnostic
from doclint.inputs.config import Config
from doclint.project.docs_site import DocsSites
from doclint.project.pathfacts import PathFacts

if TYPE_CHECKING:
    from doclint.compose.yamlload import Limits
    from doclint.project.snapshot import HostContainer, HostSnapshot

CREATING_COMMANDS = {("run",), ("create",), ("container", "run"), ("container", "create")}


class ComposeUse(NamedTuple):
    """One way the docs call compose: the files given with ``-f`` and the ``-p`` name."""

    files: tuple[Path, ...]
    project_name: str | None = None


class ContainerRef(NamedTuple):
    """A container that exists, and where it comes from (for messages)."""

    name: str
    service: Service | None
    origin: str
    """``docker-compose.yml``, ``docker run --name in docs/x.md``, ``configuration``."""


def resolve_compose_file(value: str, document_dir: Path, root: Path) -> Path | None:
    """The file a ``-f`` value names: relative to the project root or the document's
    folder (runbooks are written for either), or ``None`` when neither exists."""
    for base in (root, document_dir):
        candidate = (base / value).resolve() if not Path(value).is_absolute() else Path(value)
        if candidate.is_file():
            return candidate
    return None


def compose_file_options(invocation: Invocation) -> list[str]:
    """The literal ``-f`` values of a compose invocation (dynamic ones left out)."""
    return [
        use.value
        for use in invocation.global_values("file")
        if use.value is not None and not (use.value_word or use.word).dynamic and use.value != "-"
    ]


@dataclass
class Inventory:
    """The containers and services a document's commands may name."""

    root: Path
    config: Config
    boundary: Path
    """No compose file above this folder is read (the top of the git repository, or
    the linted folder outside git): ``include: ../../etc`` is reported, not followed."""
    default_project: ComposeProject | None = None
    """The compose files at the project root (what a plain ``docker compose`` uses)."""
    other_projects: list[ComposeProject] = field(default_factory=list)
    """Compose files named by ``-f`` in the docs or in the configuration."""
    related_projects: list[ComposeProject] = field(default_factory=list)
    """Compose files that are not this project's but whose containers its docs may name:
    those of enclosing projects (a ``grafana/`` stack documented beside the main one)
    and compose-shaped YAML elsewhere in the project (``manual-install/latest.yml``)."""
    nested_projects: list[ComposeProject] = field(default_factory=list)
    """The default compose files of folders below the project that are projects of
    their own (a ``devcontainer-example/`` the docs copy into place): their
    containers exist once the reader starts them, so a plain ``docker`` command may
    name them; nothing else is judged against them."""
    created: dict[str, str] = field(default_factory=dict)
    """Containers created by the docs themselves (``docker run --name``) → where."""
    hosts: tuple[HostSnapshot, ...] = ()
    """What runs on the hosts the run was given snapshots of (``--inventory``): the
    checks hold names against these as well as against the compose files."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: PathFacts = field(default_factory=PathFacts)
    """The repository's files, each looked up once in this run."""
    _sites: DocsSites | None = field(default=None, repr=False, compare=False)
    _uses: dict[ComposeUse, ComposeProject | None] = field(default_factory=dict)
    _made_by_docs: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _scripts: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def scripts_anywhere(self) -> frozenset[str]:
        """Script names any ``package.json`` of the repository defines (read on first
        need: only a check about to call a script missing asks)."""
        if self._scripts is None:
            from doclint.project.package_json import scripts_under

            self._scripts = scripts_under(self.boundary)
        return self._scripts

    def made_by_docs(self) -> frozenset[str]:
        """File names some document of the project tells the reader to create (read
        on first need: only a check about to call a file missing asks)."""
        if self._made_by_docs is None:
            from doclint.project.made_by_docs import documents, made_by_docs

            self._made_by_docs = made_by_docs(documents(self.root))
        return self._made_by_docs

    @property
    def sites(self) -> DocsSites:
        """The repository's documentation sites, each detected once in this run."""
        if self._sites is None:
            self._sites = DocsSites(self.paths, str(self.boundary))
        return self._sites

    @property
    def has_compose(self) -> bool:
        own = self.default_project is not None or bool(self.other_projects)
        return own or bool(self.related_projects)

    def on_hosts(self, name: str) -> list[tuple[HostSnapshot, HostContainer]]:
        """The hosts where a container called ``name`` exists (running or stopped)."""
        found = []
        for host in self.hosts:
            container = host.container(name)
            if container is not None:
                found.append((host, container))
        return found

    def projects(self) -> Iterator[ComposeProject]:
        """The project's own compose models: its default files, ``-f`` files and
        configured ones. Claims about services (DL103) rest on these only."""
        if self.default_project is not None:
            yield self.default_project
        yield from self.other_projects

    def project_for(self, use: ComposeUse) -> ComposeProject | None:
        """The merged model of exactly the files one ``docker compose -f …`` names."""
        if use not in self._uses:
            self._uses[use] = self._load(list(use.files), use.project_name)
        return self._uses[use]

    def containers(self, legacy: bool = False) -> dict[str, ContainerRef]:
        """Every container name that exists, by name."""
        known: dict[str, ContainerRef] = {}
        for project in self.projects():
            for service in project.services.values():
                origin = self._shown(service.file)
                names = project.container_names(service)
                if legacy and service.container_name is None:
                    names = names + project.default_container_names(service, legacy=True)
                for name in names:
                    known.setdefault(name, ContainerRef(name, service, origin))
        for project in self.related_projects:
            for service in project.services.values():
                origin = self._shown(service.file)
                for name in project.container_names(service):
                    known.setdefault(name, ContainerRef(name, service, origin))
        for project in self.nested_projects:
            for service in project.services.values():
                origin = self._shown(service.file)
                for name in project.container_names(service):
                    known.setdefault(name, ContainerRef(name, service, origin))
        for name in self.config.containers:
            known.setdefault(name, ContainerRef(name, None, "the doclint configuration"))
        for name, where in self.created.items():
            known.setdefault(name, ContainerRef(name, None, where))
        return known

    def stacks(self) -> Iterator[ComposeProject]:
        """Every compose stack the repository can run: its own projects, then the
        compose files of enclosing folders, the compose-shaped YAML elsewhere in it and
        the folders below it with compose files of their own. A plain ``docker`` command
        may name the containers of any of them, and ``curl localhost:PORT`` reach the
        ports any of them publishes."""
        yield from self.projects()
        yield from self.related_projects
        yield from self.nested_projects

    def open_services(self) -> list[tuple[ComposeProject, Service]]:
        """Services whose ``container_name`` is only a variable nobody gave: their
        container may have any name."""
        return [
            (project, service)
            for project in self.stacks()
            for service in project.services.values()
            if service.container_name_open
        ]

    def spawners(self) -> list[tuple[str, Service, str]]:
        """``(name prefix, service, its container)`` for each service that mounts the
        Docker socket and whose container's name has a prefix (``nextcloud-aio-`` of
        ``nextcloud-aio-mastercontainer``): the containers it creates at run time are
        not in any compose file, and tools name them after their own."""
        found = []
        for project in self.stacks():
            for service in project.services.values():
                if not service.docker_socket or service.container_name is None:
                    continue
                cut = max(service.container_name.rfind("-"), service.container_name.rfind("_"))
                if cut >= 3:
                    found.append(
                        (service.container_name[: cut + 1], service, service.container_name)
                    )
        return found

    def container_matches_pattern(self, name: str) -> bool:
        """Whether a name fits a ``container_name`` with an unset variable in it, or the
        default name of a replica in a project named after its folder: the folder of a
        checkout is the reader's choice (``docker-db-1`` in a clone called ``docker``)."""
        for project in (*self.projects(), *self.related_projects, *self.nested_projects):
            for service in project.services.values():
                pattern = service.container_name_pattern
                if service.container_name_open:
                    continue  # any name at all: DL101 says so in a notice
                if pattern is not None and pattern.fullmatch(name):
                    return True
                if project.name_from_folder and service.container_name is None:
                    match = _replica_name(service.name).fullmatch(name)
                    if match and 1 <= int(match.group(1)) <= max(1, service.replicas):
                        return True
        return False

    def services(self) -> dict[str, Service]:
        """The services of every stack, by name (the first stack's when several have
        one)."""
        found: dict[str, Service] = {}
        for project in self.stacks():
            for name, service in project.services.items():
                found.setdefault(name, service)
        return found

    def compose_file_names(self) -> list[str]:
        return sorted({self._shown(f) for p in self.projects() for f in p.files})

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _load(
        self, files: list[Path], project_name: str | None = None, fatal: bool = True
    ) -> ComposeProject | None:
        """Load compose files. A failure is a diagnostic (``fatal``: the run exits 2);
        files that only lend names (not ``fatal``) are loaded quietly otherwise.

        The loader (and YAML with it) is imported here: most runs load no compose file."""
        from doclint.compose.loader import load_project

        try:
            project = load_project(
                files, project_name=project_name, root=self.boundary, limits=self._limits
            )
        except ComposeError as error:
            message = error.message if fatal else f"{error.message} (its containers are not known)"
            self._note(Diagnostic(message, self._shown(error.file), error.line, fatal=fatal))
            return None
        for note in project.diagnostics if fatal else ():
            shown = self._shown(Path(note.path)) if note.path else None
            self._note(Diagnostic(note.message, shown, note.line))
        return project

    @property
    def _limits(self) -> Limits:
        from doclint.compose.yamlload import Limits

        limits = self.config.limits
        return Limits(limits.compose_bytes, limits.yaml_nodes, limits.yaml_depth)

    def _note(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)


@cache
def _replica_name(service: str) -> re.Pattern[str]:
    """``<any project>-<service>-<n>`` (or with ``_``, as compose v1 named them)."""
    return re.compile(rf"[a-z0-9][a-z0-9_-]*[-_]{re.escape(service)}[-_]([0-9]+)")


class CommandFacts(NamedTuple):
    """What one docker command tells about what exists, wherever its document lies: the
    containers it creates and the compose files it names. This is all the inventory
    reads of a document, so the cache keeps it and an unchanged document is not parsed
    again to build an inventory."""

    created: tuple[tuple[str, str], ...] = ()
    """``(container name, how)``: ``--name`` or ``docker rename``."""
    compose_files: tuple[str, ...] = ()
    """The ``-f`` values of a compose command, when there are some and all are literal."""
    project_name: str | None = None
    """Its ``-p`` name, when it has one and it is literal."""


def command_facts(invocation: Invocation) -> CommandFacts | None:
    """The facts of one command, None when it tells nothing about what exists."""
    created: list[tuple[str, str]] = []
    files: tuple[str, ...] = ()
    if invocation.tool is not Tool.DOCKER:
        files = _literal_files(invocation) or ()
        if invocation.path == ("run",):
            created = _created_names(invocation)
    elif invocation.path in CREATING_COMMANDS:
        created = _created_names(invocation)
    elif (
        invocation.path in {("rename",), ("container", "rename")}
        and len(invocation.positionals) == 2
    ):
        word = invocation.positionals[1].word
        if not word.dynamic and word.value:
            created = [(word.value, "docker rename")]
    if not created and not files:
        return None
    return CommandFacts(tuple(created), files, _project_name(invocation) if files else None)


def build_inventory(
    root: Path,
    config: Config,
    facts: Iterable[tuple[Path, CommandFacts]],
    boundary: Path | None = None,
    enclosing: Iterable[Path] = (),
    compose_like: Iterable[Path] = (),
    hosts: tuple[HostSnapshot, ...] = (),
) -> Inventory:
    """The inventory of a project, from its compose files, what every docker command in
    its docs tells (``(document path, facts)`` pairs, in document order), the folders of
    enclosing projects and compose-shaped files found elsewhere in it, and the snapshots
    of hosts (whose skipped records are its diagnostics)."""
    inventory = Inventory(root=root, config=config, boundary=boundary or root, hosts=hosts)
    for host in hosts:
        for diagnostic in host.diagnostics:
            inventory._note(diagnostic)
    defaults = find_default_files(root)
    if defaults:
        inventory.default_project = inventory._load(defaults)
    for folder in enclosing:
        files = find_default_files(folder)
        if files:
            _add_related(inventory, inventory._load(files))
    for path in compose_like:
        if path in defaults:
            continue
        loaded = inventory._load([path], fatal=False)
        if loaded is not None and _in_nested_project(path, root):
            inventory.nested_projects.append(loaded)
        else:
            _add_related(inventory, loaded)
    for value in config.compose_files:
        path = (config.directory / value).resolve()
        if not path.is_file():
            inventory.diagnostics.append(
                Diagnostic(
                    f"compose file `{value}` named in the configuration does not exist",
                    str(config.source) if config.source else None,
                    fatal=True,
                )
            )
            continue
        _add(inventory, inventory.project_for(ComposeUse((path,))))
    for document, fact in facts:
        if fact.compose_files:
            use = _resolve_use(fact.compose_files, fact.project_name, document.parent, root)
            if use is not None:
                _add(inventory, inventory.project_for(use))
        for name, how in fact.created:
            inventory.created.setdefault(name, f"{how} in {inventory._shown(document)}")
    return inventory


def _in_nested_project(path: Path, root: Path) -> bool:
    """Whether a compose file lies in a folder below ``root`` that is a project of its
    own (it holds a default compose file, a ``.git`` or a doclint configuration)."""
    from doclint.inputs.discovery import is_project_root

    folder = path.parent
    while folder != root and folder.is_relative_to(root):
        if is_project_root(folder):
            return True
        folder = folder.parent
    return False


def _add(inventory: Inventory, project: ComposeProject | None) -> None:
    if project is not None and project not in inventory.other_projects:
        inventory.other_projects.append(project)


def _add_related(inventory: Inventory, project: ComposeProject | None) -> None:
    if project is not None:
        inventory.related_projects.append(project)


def _created_names(invocation: Invocation) -> list[tuple[str, str]]:
    """The literal ``--name`` values of a command that creates a container."""
    names = []
    for use in invocation.option_values("name"):
        dynamic = use.value_word.dynamic if use.value_word else use.word.dynamic
        if use.value and not dynamic:
            names.append((use.value, "--name"))
    return names


def compose_use(invocation: Invocation, document_dir: Path, root: Path) -> ComposeUse | None:
    """The compose files a compose invocation uses when it names them with ``-f``.

    Returns ``None`` when a named file does not exist (DL105 reports that) or a
    value is dynamic; an empty ``files`` means the default files.
    """
    files = _literal_files(invocation)
    if files is None:
        return None
    return _resolve_use(files, _project_name(invocation), document_dir, root)


def _literal_files(invocation: Invocation) -> tuple[str, ...] | None:
    """The ``-f`` values, None when one of them is dynamic (or ``-``)."""
    values = compose_file_options(invocation)
    if len(values) != len(invocation.global_values("file")):
        return None
    return tuple(values)


def _project_name(invocation: Invocation) -> str | None:
    """The last ``-p`` value, None when there is none or one is dynamic."""
    uses = invocation.global_values("project-name")
    if any((u.value_word or u.word).dynamic for u in uses):
        return None
    names = [u.value for u in uses if u.value]
    return names[-1] if names else None


def _resolve_use(
    values: tuple[str, ...], project_name: str | None, document_dir: Path, root: Path
) -> ComposeUse | None:
    files = []
    for value in values:
        path = resolve_compose_file(value, document_dir, root)
        if path is None:
            return None
        files.append(path)
    return ComposeUse(tuple(files), project_name)
