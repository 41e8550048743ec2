"""DL202 unknown-docker-option: an option the command does not take (see ``_grammar``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from doclint.checkers._grammar import catalog_node, cobra_error, command_name, program, spelled
from doclint.checkers._names import span_in
from doclint.checkers.context import CheckContext
from doclint.docker import catalog
from doclint.docker.catalog import CommandSpec, OptionSpec
from doclint.docker.model import Invocation, OptionUse, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.shell.words import Word
from doclint.suggest import typo_of

_OPTION_SHAPE = re.compile(r"--?[A-Za-z0-9][\w.-]*(?:=.*)?", re.DOTALL)
"""What an option looks like; prose such as ``-f/--follow`` or ``--[no-]cache`` is not one."""


class _Misfit(NamedTuple):
    """An option use the command does not take, with what the catalog knows of it."""

    use: OptionUse
    node: CommandSpec
    spec: OptionSpec | None
    """The v1-only option it names, or ``None`` when no version had it."""


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for invocation in ctx.invocations:
        reported: set[Word] = set()
        for misfit in _misfits(invocation):
            if misfit.spec is not None or misfit.use.word in reported:
                continue
            reported.add(misfit.use.word)
            yield _unknown_option(ctx, rule, invocation, misfit)


def _unknown_option(
    ctx: CheckContext, rule: Rule, invocation: Invocation, misfit: _Misfit
) -> Finding:
    use = misfit.use
    flag = spelled(use)
    where = "docker" if use.scope == "docker" else command_name(invocation, misfit.node.path)
    error = cobra_error(flag)
    message = f'`{where}` has no option `{flag}`, so the command stops with "{error}".'
    elsewhere = _owner_elsewhere(invocation, use)
    suggestion = None
    if elsewhere:
        message += f" `{flag}` is an option of `{elsewhere}`: write it right after `{elsewhere}`."
    elif flag.startswith("--"):
        suggestion = typo_of(flag, _choices(misfit.node, invocation.tool))
        if suggestion:
            message += f" Did you mean `{suggestion}`?"
    if use.word.value.startswith("--"):
        start, end = span_in(use.word, flag)
    else:
        start, end = use.word.start, use.word.end
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)


def _owner_elsewhere(invocation: Invocation, use: OptionUse) -> str | None:
    """``docker compose`` or ``docker`` when a subcommand's unknown option is one of
    theirs, given in the wrong place (``docker compose logs -p x`` is fine, but
    ``docker ps -H x`` is not)."""
    if use.scope != "command":
        return None
    flag = spelled(use)
    roots = [(Tool.DOCKER, "docker")]
    if invocation.tool is not Tool.DOCKER:
        roots.insert(0, (invocation.tool, program(invocation)))
    for tool, name in roots:
        spec = catalog.grammar(tool).root.find(flag)
        if spec is not None and spec.available_in(tool) and not spec.hidden:
            return name
    return None


def _misfits(invocation: Invocation) -> Iterator[_Misfit]:
    if not invocation.known_command:
        return
    for use in invocation.options:
        if use.known or use.word.dynamic or not _OPTION_SHAPE.fullmatch(use.word.value):
            continue
        node = catalog_node(invocation, use.scope)
        if node is not None:
            yield _Misfit(use, node, node.option(use.name))


def _choices(node: CommandSpec, tool: Tool) -> list[str]:
    return [
        f"--{name}"
        for name, spec in node.options.items()
        if spec.available_in(tool) and not spec.hidden and len(name) > 1
    ]
