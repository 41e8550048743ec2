"""DL103 service-used-as-container: ``docker logs api`` where ``api`` is a service of
any compose stack of the repository (its default files, the files the docs name with
``-f``, compose-shaped YAML elsewhere) whose container has another name."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checkers._container_doubts import (
    document_snippets,
    history,
    in_template,
    spawned,
    told_to_replace,
)
from doclint.checkers._container_refs import container_refs, uses_legacy_names
from doclint.checkers._hosts import hosts_with
from doclint.checkers._messages import quoted
from doclint.checkers.context import CheckContext
from doclint.compose.model import ComposeProject, Service
from doclint.findings import Finding
from doclint.judging.rulebook import Rule


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    refs = [ref for ref in container_refs(ctx) if ref.how == "exact"]
    if not refs or not (ctx.inventory.has_compose or ctx.inventory.config.containers):
        return
    if in_template(ctx):
        return
    settled = document_snippets(ctx).containers | history(ctx)
    legacy = uses_legacy_names(ctx)
    known = ctx.inventory.containers(legacy)
    for ref in refs:
        if ref.name in known or hosts_with(ctx, ref.name):
            continue  # a host that runs a container by that name proves the command right
        if ref.name in settled or told_to_replace(ctx, ref):
            continue
        if spawned(ctx, ref.name, known) is not None:
            continue  # the socket holder creates a container by the service's name
        names = _service_containers(ctx, ref.name, legacy)
        if names is None:
            continue
        command = " ".join(ref.invocation.path) or "logs"
        message = (
            f"`{ref.name}` is a compose service, not a container name; "
            f"`docker {command}` needs a container."
        )
        suggestion = names[0] if len(names) == 1 else None
        if suggestion:
            message += (
                f" Its container is `{suggestion}`: write `{suggestion}`, "
                f"or use `docker compose {command} {ref.name}`."
            )
        elif names:
            message += f" Its containers are {quoted(names)}."
        else:
            message += f" Use `docker compose {command} {ref.name}`."
        # Certain only when the name does not hang on the compose version: a doc that
        # still runs `docker-compose` gets `proj_api_1`, which DL201's fix makes wrong.
        certain = names == _service_containers(ctx, ref.name, legacy=False)
        yield ctx.replacement(
            rule, ref.start, ref.end, message, suggestion, safe=certain, replaces=ref.name
        )


def _service_containers(ctx: CheckContext, name: str, legacy: bool) -> list[str] | None:
    """The containers of the service called ``name``, or ``None`` when there is none."""
    for project in ctx.inventory.stacks():
        service = project.services.get(name)
        if service is not None:
            return _names_of(project, service, legacy)
    return None


def _names_of(project: ComposeProject, service: Service, legacy: bool) -> list[str]:
    names = project.container_names(service)
    if legacy and service.container_name is None:
        return project.default_container_names(service, legacy=True)
    return names
