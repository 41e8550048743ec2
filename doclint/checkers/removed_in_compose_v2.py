"""DL204 removed-in-compose-v2: options only Compose v1 had (see ``_grammar``)."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checkers._grammar import catalog_node, cobra_error, spelled
from doclint.checkers._messages import clipped
from doclint.checkers.context import CheckContext
from doclint.docker import catalog
from doclint.docker.model import Invocation, OptionUse, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Options only Compose v1 had. (Its one v1-only command, ``help``, is cobra's
    ``help`` in v2, so no command is reported.)"""
    for invocation in ctx.invocations:
        if invocation.tool is Tool.DOCKER:
            continue
        removed = [use for use in invocation.options if _v1_only(invocation, use)]
        movable = [use for use in removed if _docker_takes(use)]
        v2 = _moved_to_docker(ctx, invocation, movable) if movable else None
        for use in removed:
            yield _removed_option(ctx, rule, invocation, use, v2 if use in movable else None)


def _v1_only(invocation: Invocation, use: OptionUse) -> bool:
    node = catalog_node(invocation, use.scope)
    spec = node.option(use.name) if node is not None else None
    return spec is not None and spec.v1_only and not use.word.dynamic


def _docker_takes(use: OptionUse) -> bool:
    """v1's connection options (``-H``, ``--context``, ``--tls*``, ``--log-level``) are
    docker's own options in v2."""
    return use.scope == "compose" and catalog.grammar(Tool.DOCKER).root.option(use.name) is not None


def _written(use: OptionUse) -> tuple[int, int]:
    """File span of an option and its separate value word."""
    return use.word.start, (use.value_word or use.word).end


def _removed_option(
    ctx: CheckContext, rule: Rule, invocation: Invocation, use: OptionUse, v2: str | None
) -> Finding:
    flag = spelled(use)
    start, end = _written(use)
    if invocation.tool is Tool.COMPOSE_V1:
        intro = f"`{flag}` works only with the legacy `docker-compose`"
    else:
        intro = f'Compose v2 has no `{flag}`: this stops with "{cobra_error(flag)}"'
    if v2 is not None:
        message = (
            f"{intro}. In v2 it is an option of `docker` itself, given before `compose`: `{v2}`."
        )
    else:
        where = " ".join(("docker compose", *invocation.path))
        message = f"{intro}. `{where}` has no equivalent: drop `{ctx.source.text[start:end]}`."
    return ctx.finding(rule, start, end, message, v2)


def _moved_to_docker(ctx: CheckContext, invocation: Invocation, uses: list[OptionUse]) -> str:
    """The command with these options given to docker before ``compose``:
    ``docker -H ssh://prod compose up -d``, on one line for the message."""
    text = ctx.source.text
    spans = [_written(use) for use in uses]
    moved = " ".join(text[start:end] for start, end in spans)
    rest, position = [], invocation.binary[-1].end
    for start, end in spans:
        rest.append(text[position:start])
        position = end
    rest.append(text[position : invocation.command.end])
    line = " ".join(f"docker {moved} compose {''.join(rest)}".split())
    return clipped(line)
