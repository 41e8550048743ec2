"""DL104 container-used-as-service: a compose command names a service by its container's
name."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checkers._service_refs import owner_of_container, service_refs
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.judging.rulebook import Rule


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for ref in service_refs(ctx):
        name = ref.positional.name
        if name in ref.project.services:
            continue
        owner = owner_of_container(ref.project, name)
        if owner is None:
            continue
        message = (
            f"`{name}` is the container name of service `{owner}`; `{ref.command_text}` takes "
            f"service names, not container names. Write `{ref.command_text} {owner}`."
        )
        yield ctx.replacement(rule, *ref.span, message, owner, safe=True, replaces=name)
