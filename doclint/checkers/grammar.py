"""DL202 unknown-docker-option, DL203 unknown-docker-command, DL204 removed-in-compose-v2.

The parser already resolved every word of a docker / compose command against the
grammar catalog (``doclint/data/cli_catalog.json``, generated from the CLIs' own
reference): options it does not know are kept with ``known=False`` and an unknown
subcommand makes the invocation ``known_command=False``. These checkers only explain
what the catalog says: the option or command does not exist (with the closest one that
does), or it existed only in Compose v1 (with the form v2 takes).

Words that are not literal (``$FLAGS``, ``<command>``, ``[OPTIONS]``) are never judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from doclint.checkers import register
from doclint.checkers.compose_v1 import MESSAGE_WIDTH
from doclint.checkers.context import CheckContext
from doclint.checkers.names import is_placeholder, span_in
from doclint.docker import catalog
from doclint.docker.catalog import CommandSpec, OptionSpec
from doclint.docker.model import Invocation, OptionUse, Tool
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

_OPTION_SHAPE = re.compile(r"--?[A-Za-z0-9][\w.-]*(?:=.*)?", re.DOTALL)
"""What an option looks like; prose such as ``-f/--follow`` or ``--[no-]cache`` is not one."""


def _binary(invocation: Invocation) -> str:
    return " ".join(word.value for word in invocation.binary)


def _command_name(invocation: Invocation, path: tuple[str, ...] | None = None) -> str:
    return " ".join((_binary(invocation), *(invocation.path if path is None else path)))


def _node(invocation: Invocation, scope: str) -> CommandSpec | None:
    """The command an option was parsed against: docker's root, compose's root or the
    subcommand."""
    if scope == "docker":
        return catalog.grammar(Tool.DOCKER).root
    if scope == "compose":
        return catalog.grammar(invocation.tool).root
    return catalog.command(invocation.tool, invocation.path)


class _Misfit(NamedTuple):
    """An option use the command does not take, with what the catalog knows of it."""

    use: OptionUse
    node: CommandSpec
    spec: OptionSpec | None
    """The v1-only option it names, or ``None`` when no version had it."""


def _misfits(invocation: Invocation) -> Iterator[_Misfit]:
    if not invocation.known_command:
        return
    for use in invocation.options:
        if use.known or use.word.dynamic or not _OPTION_SHAPE.fullmatch(use.word.value):
            continue
        node = _node(invocation, use.scope)
        if node is not None:
            yield _Misfit(use, node, node.option(use.name))


def _spelled(use: OptionUse) -> str:
    """The option as written, without an attached value: ``--tails``, ``-x``."""
    text = use.word.value
    if text.startswith("--"):
        return text.partition("=")[0]
    return f"-{use.name}" if len(use.name) == 1 else text.partition("=")[0]


def _cobra_error(flag: str) -> str:
    """How the CLI (cobra/pflag) refuses an option it does not know."""
    return f"unknown flag: {flag}" if flag.startswith("--") else f"unknown shorthand flag: {flag}"


def _choices(node: CommandSpec, tool: Tool) -> list[str]:
    return [
        f"--{name}"
        for name, spec in node.options.items()
        if spec.available_in(tool) and not spec.hidden and len(name) > 1
    ]


# --------------------------------------------------------------------------- DL202


@register("unknown-docker-option")
def check_unknown_option(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
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
    flag = _spelled(use)
    where = "docker" if use.scope == "docker" else _command_name(invocation, misfit.node.path)
    error = _cobra_error(flag)
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
    flag = _spelled(use)
    roots = [(Tool.DOCKER, "docker")]
    if invocation.tool is not Tool.DOCKER:
        roots.insert(0, (invocation.tool, _binary(invocation)))
    for tool, name in roots:
        spec = catalog.grammar(tool).root.find(flag)
        if spec is not None and spec.available_in(tool) and not spec.hidden:
            return name
    return None


# --------------------------------------------------------------------------- DL203


@register("unknown-docker-command")
def check_unknown_command(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
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
    owner = _command_name(invocation, parent.path)
    message = f"`{owner}` has no command `{name}`, so this fails before it does anything."
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    start, end = span_in(word, name)
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)


def _visible(tool: Tool, parent: CommandSpec, name: str) -> bool:
    child = catalog.command(tool, (*parent.path, name))
    return child is not None and child.available_in(tool) and not child.hidden


# --------------------------------------------------------------------------- DL204


@register("removed-in-compose-v2")
def check_removed_in_v2(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
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
    node = _node(invocation, use.scope)
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
    flag = _spelled(use)
    start, end = _written(use)
    if invocation.tool is Tool.COMPOSE_V1:
        intro = f"`{flag}` works only with the legacy `docker-compose`"
    else:
        intro = f'Compose v2 has no `{flag}`: this stops with "{_cobra_error(flag)}"'
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
    return line if len(line) <= MESSAGE_WIDTH else line[: MESSAGE_WIDTH - 1] + "…"
