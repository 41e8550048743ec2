"""DL201 compose-v1: commands that run the legacy ``docker-compose`` binary."""

from __future__ import annotations

import re
from collections.abc import Iterator

from doclint.checkers._messages import clipped
from doclint.checkers.context import CheckContext
from doclint.docker.model import Invocation, Tool
from doclint.findings import Edit, Finding, Fix
from doclint.judging.rulebook import Rule


def _v2_form(ctx: CheckContext, invocation: Invocation) -> str:
    """The same command with ``docker compose``, on one line, for the message."""
    binary = invocation.binary[-1]
    rest = ctx.source.text[binary.end : invocation.command.end]
    return clipped("docker compose" + re.sub(r"\s*\\\r?\n\s*|\s+", " ", rest))


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for invocation in ctx.invocations:
        if invocation.tool is not Tool.COMPOSE_V1:
            continue
        binary = invocation.binary[0]
        replacement = _v2_form(ctx, invocation)
        message = (
            "`docker-compose` is Compose v1, which reached end of life in 2023 and is not "
            "installed with current Docker; the v2 plugin takes the same arguments: "
            f"`{replacement}`."
        )
        fix = None
        if binary.raw == "docker-compose":
            fix = Fix(
                (Edit(binary.start, binary.end, "docker compose"),),
                safe=True,
                description="use `docker compose` (Compose v2)",
            )
        yield ctx.finding(rule, binary.start, binary.end, message, replacement, fix)
