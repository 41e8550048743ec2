"""DL102 unknown-service: a compose command names a service that the compose files it
uses do not define (nor, for a command that names no ``-f`` file, an inventoried host
runs)."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checkers._container_doubts import document_snippets, failure_discarded
from doclint.checkers._hosts import detail
from doclint.checkers._messages import quoted
from doclint.checkers._service_refs import ServiceRef, owner_of_container, service_refs
from doclint.checkers.context import CheckContext
from doclint.compose.model import ComposeProject
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.suggest import closest


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for ref in service_refs(ctx):
        name = ref.positional.name
        services = ref.project.services
        if name in services or owner_of_container(ref.project, name) is not None:
            continue
        if failure_discarded(ctx, ref.invocation.command):
            continue  # the script expects it may be gone (an old one it cleans up)
        if name in document_snippets(ctx).services:
            continue  # a snippet of the page (or of its setup page) has the reader add it
        if _runs_on_a_host(ctx, ref):
            continue
        suggestion = closest(name, services)
        message = (
            f"No service `{name}` in {_files(ctx, ref.project)} (services: "
            f"{quoted(list(services)) or 'none'}), so `{ref.command_text}` fails with "
            f'"no such service: {name}".'
        )
        if suggestion:
            message += f" Did you mean `{suggestion}`?"
        yield ctx.replacement(rule, *ref.span, message, suggestion, safe=False, replaces=name)


def _runs_on_a_host(ctx: CheckContext, ref: ServiceRef) -> bool:
    """Whether the service has a container on an inventoried host, for a command that
    names no ``-f`` file (run on that host, it uses the compose files there): fine,
    said with ``--verbose``."""
    name = ref.positional.name
    if ref.invocation.global_values("file"):
        return False
    hosts = [host for host in ctx.inventory.hosts if name in host.services]
    if hosts:
        where = " and ".join(host.label for host in hosts)
        detail(ctx, f"service `{name}` is not defined in the repository but runs on {where}")
    return bool(hosts)


def _files(ctx: CheckContext, project: ComposeProject) -> str:
    shown = [f"`{ctx.inventory._shown(path)}`" for path in project.files]
    return " + ".join(shown) or "the compose files"
