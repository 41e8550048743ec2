"""DL102 unknown-service and DL104 container-used-as-service.

A ``docker compose`` command names services, and only those defined in the compose
files that this very command uses: the default files of the project, or exactly the
files it names with ``-f``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from doclint.checkers import register
from doclint.checkers.context import CheckContext
from doclint.checkers.names import is_literal, quoted
from doclint.compose.files import find_default_files
from doclint.compose.model import ComposeProject
from doclint.docker.model import Invocation, Positional, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.inventory import ComposeUse, compose_use
from doclint.suggest import closest


class ServiceRef(NamedTuple):
    positional: Positional
    invocation: Invocation
    project: ComposeProject


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
    return inventory.default_project


def _span(ref: ServiceRef) -> tuple[int, int]:
    return ref.positional.name_start, ref.positional.name_end


def _command_text(ref: ServiceRef) -> str:
    binary = "docker compose" if ref.invocation.tool is Tool.COMPOSE else "docker-compose"
    return f"{binary} {' '.join(ref.invocation.path)}"


def _files(ctx: CheckContext, project: ComposeProject) -> str:
    shown = [f"`{ctx.inventory._shown(path)}`" for path in project.files]
    return " + ".join(shown) or "the compose files"


def _owner_of_container(project: ComposeProject, name: str) -> str | None:
    for service in project.services.values():
        if name in project.container_names(service):
            return service.name
    return None


@register("unknown-service")
def check_unknown_service(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for ref in service_refs(ctx):
        name = ref.positional.name
        services = ref.project.services
        if name in services or _owner_of_container(ref.project, name) is not None:
            continue
        suggestion = closest(name, services)
        message = (
            f"No service `{name}` in {_files(ctx, ref.project)} (services: "
            f"{quoted(list(services)) or 'none'}), so `{_command_text(ref)}` fails with "
            f'"no such service: {name}".'
        )
        if suggestion:
            message += f" Did you mean `{suggestion}`?"
        yield ctx.replacement(rule, *_span(ref), message, suggestion, safe=False, replaces=name)


@register("container-used-as-service")
def check_container_as_service(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for ref in service_refs(ctx):
        name = ref.positional.name
        if name in ref.project.services:
            continue
        owner = _owner_of_container(ref.project, name)
        if owner is None:
            continue
        message = (
            f"`{name}` is the container name of service `{owner}`; `{_command_text(ref)}` takes "
            f"service names, not container names. Write `{_command_text(ref)} {owner}`."
        )
        yield ctx.replacement(rule, *_span(ref), message, owner, safe=True, replaces=name)
