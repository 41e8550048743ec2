"""What the checkers of docker's command grammar share (DL202 unknown-docker-option,
DL203 unknown-docker-command, DL204 removed-in-compose-v2).

The parser already resolved every word of a docker / compose command against the
grammar catalog (``doclint/data/cli_catalog.json``, generated from the CLIs' own
reference): options it does not know are kept with ``known=False`` and an unknown
subcommand makes the invocation ``known_command=False``. These checkers only explain
what the catalog says: the option or command does not exist (with the closest one that
does), or it existed only in Compose v1 (with the form v2 takes).

Words that are not literal (``$FLAGS``, ``<command>``, ``[OPTIONS]``) are never judged.
"""

from __future__ import annotations

from doclint.docker import catalog
from doclint.docker.catalog import CommandSpec
from doclint.docker.model import Invocation, OptionUse, Tool


def program(invocation: Invocation) -> str:
    return " ".join(word.value for word in invocation.binary)


def command_name(invocation: Invocation, path: tuple[str, ...] | None = None) -> str:
    return " ".join((program(invocation), *(invocation.path if path is None else path)))


def catalog_node(invocation: Invocation, scope: str) -> CommandSpec | None:
    """The command an option was parsed against: docker's root, compose's root or the
    subcommand."""
    if scope == "docker":
        return catalog.grammar(Tool.DOCKER).root
    if scope == "compose":
        return catalog.grammar(invocation.tool).root
    return catalog.command(invocation.tool, invocation.path)


def spelled(use: OptionUse) -> str:
    """The option as written, without an attached value: ``--tails``, ``-x``."""
    text = use.word.value
    if text.startswith("--"):
        return text.partition("=")[0]
    return f"-{use.name}" if len(use.name) == 1 else text.partition("=")[0]


def cobra_error(flag: str) -> str:
    """How the CLI (cobra/pflag) refuses an option it does not know."""
    return f"unknown flag: {flag}" if flag.startswith("--") else f"unknown shorthand flag: {flag}"
