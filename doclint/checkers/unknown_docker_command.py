"""DL203 unknown-docker-command: a subcommand the tool does not have (see ``_grammar``)."""

from __future__ import annotations

from collections.abc import Iterator

from doclint.checkers._grammar import command_name
from doclint.checkers._names import is_placeholder, span_in
from doclint.checkers.context import CheckContext
from doclint.docker import catalog
from doclint.docker.catalog import CommandSpec
from doclint.docker.model import Invocation, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.shell.words import Word
from doclint.suggest import closest, typo_of

KNOWN_PLUGINS = frozenset(
    {"ai", "app", "buildx", "cloud", "compose", "debug", "desktop", "dev", "extension",
     "feedback", "init", "mcp", "model", "offload", "pass", "sandbox", "sbom", "scan",
     "scout", "trust"}
)  # fmt: skip
"""Docker CLI plugins (``docker-<name>`` binaries) that the catalog does not describe.
Any other top-level word may be a plugin too, so it is only reported when it is a
near miss of a real command (``docker lgos``), never merely because it is unknown."""

HELP_COMMAND = "help"
"""cobra gives every command tree a ``help`` command (``docker help ps``); the reference
files do not list it."""


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for invocation in ctx.invocations:
        if invocation.known_command or not invocation.path_words:
            continue
        words = invocation.path_words
        if any(w.dynamic for w in words) or is_placeholder(words[-1].value):
            continue
        spelling = [w.value for w in words]
        if catalog.command(invocation.tool, spelling) is not None:
            continue  # it exists, for Compose v1 only: DL204
        parent = catalog.command(invocation.tool, spelling[:-1])
        if parent is None:
            continue
        finding = _unknown_command(ctx, rule, invocation, parent, words[-1])
        if finding is not None:
            yield finding


def _unknown_command(
    ctx: CheckContext, rule: Rule, invocation: Invocation, parent: CommandSpec, word: Word
) -> Finding | None:
    name = word.value
    commands = [c for c in parent.subcommands if _visible(invocation.tool, parent, c)]
    top_of_docker = invocation.tool is Tool.DOCKER and not parent.path
    if not parent.path and name == HELP_COMMAND:
        return None
    if top_of_docker:
        if name in KNOWN_PLUGINS:
            return None
        suggestion = typo_of(name, commands)
        if suggestion is None:
            return None  # perhaps a CLI plugin doclint does not know
    else:
        suggestion = closest(name, commands)
    owner = command_name(invocation, parent.path)
    message = f"`{owner}` has no command `{name}`, so this fails before it does anything."
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    start, end = span_in(word, name)
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)


def _visible(tool: Tool, parent: CommandSpec, name: str) -> bool:
    child = catalog.command(tool, (*parent.path, name))
    return child is not None and child.available_in(tool) and not child.hidden
