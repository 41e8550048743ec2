"""The service names compose commands use, with the compose model each command uses, read
for DL102 unknown-service and DL104 container-used-as-service.

A ``docker compose`` command names services, and only those defined in the compose
files that this very command uses: the default files of the project, or exactly the
files it names with ``-f``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from doclint.checkers._names import is_literal
from doclint.checkers.context import CheckContext
from doclint.compose.files import find_default_files
from doclint.compose.model import ComposeProject
from doclint.docker.model import Invocation, Positional, Tool
from doclint.project.inventory import ComposeUse, compose_use


class ServiceRef(NamedTuple):
    """A service name a compose command uses, and the compose model of that command."""

    positional: Positional
    invocation: Invocation
    project: ComposeProject

    @property
    def span(self) -> tuple[int, int]:
        """The file span of the name."""
        return self.positional.name_start, self.positional.name_end

    @property
    def command_text(self) -> str:
        """The command as messages show it: ``docker compose logs``."""
        tool = "docker compose" if self.invocation.tool is Tool.COMPOSE else "docker-compose"
        return f"{tool} {' '.join(self.invocation.path)}"


def service_refs(ctx: CheckContext) -> Iterator[ServiceRef]:
    """Literal service names of compose commands, with the compose model each uses."""
    for invocation in ctx.invocations:
        if invocation.tool is Tool.DOCKER:
            continue
        names = [p for p in invocation.roles("SERVICE") if is_literal(p.word, p.name)]
        if not names:
            continue
        project = _project_of(ctx, invocation)
        if project is None:
            continue
        for positional in names:
            yield ServiceRef(positional, invocation, project)


def _project_of(ctx: CheckContext, invocation: Invocation) -> ComposeProject | None:
    inventory = ctx.inventory
    use = compose_use(invocation, ctx.source.path.parent, inventory.root)
    if use is None:
        return None  # a missing or dynamic -f file: DL105 or nothing to say
    if use.files:
        return inventory.project_for(use)
    directories = [u.value for u in invocation.global_values("project-directory") if u.value]
    if directories:
        folder = (inventory.root / directories[-1]).resolve()
        defaults = find_default_files(folder) if folder.is_dir() else []
        return (
            inventory.project_for(ComposeUse(tuple(defaults), use.project_name))
            if defaults
            else None
        )
    moved = _after_cd(ctx, invocation)
    if moved is not None:
        return inventory.project_for(ComposeUse(moved, use.project_name))
    return inventory.default_project


def _after_cd(ctx: CheckContext, invocation: Invocation) -> tuple[Path, ...] | None:
    """The default compose files of the folder a command runs in after a ``cd``
    (compose looks there, then in each parent), when every folder it may run in
    leads to the same files; ``None`` when the command runs where the document starts,
    or the folders disagree."""
    from doclint.checkers._workdir import located_commands, starting_folders

    start = starting_folders(ctx)
    for located in located_commands(ctx):
        if located.command is not invocation.command:
            continue
        if set(located.folders) <= set(start):
            return None
        found = {_nearest_defaults(folder, ctx.inventory.boundary) for folder in located.folders}
        if len(found) == 1:
            (files,) = found
            return files or None
        return None
    return None


def _nearest_defaults(folder: Path, boundary: Path) -> tuple[Path, ...]:
    """The default compose files compose finds from ``folder``, walking up to
    ``boundary``; empty when there are none."""
    current = folder
    while True:
        files = find_default_files(current)
        if files:
            return tuple(files)
        if current == boundary or not current.is_relative_to(boundary):
            return ()
        current = current.parent


def owner_of_container(project: ComposeProject, name: str) -> str | None:
    """The service whose container is called ``name``, if any."""
    for service in project.services.values():
        if name in project.container_names(service):
            return service.name
    return None
