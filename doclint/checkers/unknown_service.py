"""DL102 unknown-service: a compose command names a service that the compose files it
uses do not define."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checkers._messages import quoted
from doclint.checkers._service_refs import owner_of_container, service_refs
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
        suggestion = closest(name, services)
        message = (
            f"No service `{name}` in {_files(ctx, ref.project)} (services: "
            f"{quoted(list(services)) or 'none'}), so `{ref.command_text}` fails with "
            f'"no such service: {name}".'
        )
        if suggestion:
            message += f" Did you mean `{suggestion}`?"
        yield ctx.replacement(rule, *ref.span, message, suggestion, safe=False, replaces=name)


def _files(ctx: CheckContext, project: ComposeProject) -> str:
    shown = [f"`{ctx.inventory._shown(path)}`" for path in project.files]
    return " + ".join(shown) or "the compose files"
