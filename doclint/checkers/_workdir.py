"""Where each command of a snippet runs, following ``cd``.

A runbook's block is written to be run from the project root or from the document's
own folder, and the author does not say which; both are kept as candidates. ``cd DIR``
moves every candidate that has ``DIR`` and drops the others. When no candidate is left,
or a command leaves the machine (``ssh host``, ``docker exec -it app bash``,
``sudo -i``), the rest of the snippet runs somewhere doclint cannot see, and its
commands are not yielded: checks built on this are precise, not exhaustive.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from doclint.checkers.context import CheckContext
from doclint.docker.model import Invocation
from doclint.shell.words import Command, Word

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "fish"})
_SSH_VALUE_OPTIONS = frozenset("BbcDEeFIiJLlmOoPpQRSWw")
_HOME_SWITCHES = frozenset({"-i", "-s", "--login", "--shell"})
_SESSION_COMMANDS = {("exec",), ("run",), ("attach",)}


class Located(NamedTuple):
    """A command and the folders it may run in (absolute, existing, never empty)."""

    command: Command
    folders: tuple[Path, ...]


def starting_folders(ctx: CheckContext) -> tuple[Path, ...]:
    """The project root and the document's folder, each once."""
    return tuple(dict.fromkeys((ctx.inventory.root, ctx.source.path.parent)))


def relative_to_root(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the project root (``.`` for the root
    itself), or absolute when it lies outside."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


def located_commands(ctx: CheckContext) -> Iterator[Located]:
    """Every command that runs on this machine in a folder doclint can tell, in
    reading order, snippet by snippet."""
    sessions = {id(inv.command) for inv in ctx.invocations if _opens_session(inv)}
    boundary = ctx.inventory.boundary
    for _, commands in groupby(ctx.commands, key=lambda c: c.snippet_id):
        folders = starting_folders(ctx)
        for command in commands:
            if command.program in ("cd", "pushd"):
                folders = _changed(folders, command.words[1:], boundary)
            elif command.program == "popd" or _leaves(command) or id(command) in sessions:
                folders = ()
            else:
                yield Located(command, folders)
            if not folders:
                break


def _changed(folders: tuple[Path, ...], args: list[Word], boundary: Path) -> tuple[Path, ...]:
    """The folders after ``cd ARGS``: empty when the target is not a literal relative
    folder that exists (``cd``, ``cd -``, ``cd ~``, ``cd $DIR``, ``cd /srv/app``)."""
    words = [w for w in args if w.value not in ("-L", "-P", "-e", "--")]
    if len(words) != 1 or words[0].dynamic:
        return ()
    target = words[0].value
    if not target or target.startswith(("/", "~", "-")):
        return ()
    moved = []
    for folder in folders:
        try:
            candidate = (folder / target).resolve()
            found = candidate.is_dir() and candidate.is_relative_to(boundary)
        except (OSError, ValueError):  # too long for the system, or a NUL
            found = False
        if found:
            moved.append(candidate)
    return tuple(dict.fromkeys(moved))


def _leaves(command: Command) -> bool:
    """``ssh host`` (a login), ``su``, ``sudo -i``: what follows runs on another
    machine or in another user's home folder."""
    program = command.program
    args = command.words[1:]
    if program == "ssh":
        return _ssh_is_login(args)
    if program in ("su", "vagrant", "mosh"):
        return True
    return program == "sudo" and any(w.value in _HOME_SWITCHES for w in args)


def _ssh_is_login(args: list[Word]) -> bool:
    """Whether ``ssh`` is given only a destination (no remote command)."""
    positionals = 0
    skip = False
    for word in args:
        value = word.value
        if skip:
            skip = False
        elif value.startswith("-") and len(value) > 1:
            skip = value[-1] in _SSH_VALUE_OPTIONS and len(value) == 2
        else:
            positionals += 1
    return positionals <= 1


def _opens_session(invocation: Invocation) -> bool:
    """``docker exec -it app bash``, ``docker compose run web sh``, ``docker attach``:
    the reader types the next lines into the container."""
    if invocation.path not in _SESSION_COMMANDS:
        return False
    if invocation.path == ("attach",):
        return True
    payload = [w.value for w in invocation.payload]
    if not payload:
        return False
    shell = payload[0].rsplit("/", 1)[-1] in SHELLS
    return shell and "-c" not in payload[1:]
