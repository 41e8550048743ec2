"""Prefix commands: ``sudo -u app env X=1 timeout 30 docker compose ps``.

The program a rule cares about is ``docker``; the words before it only change how it
runs. They are split off (repeatedly, in any order) and kept as the command's
prefixes. Each prefix program is described by the options that take a value, so that
``sudo -u deploy docker ps`` does not mistake ``deploy`` for the program.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from doclint.shellsyntax.tokenize import is_assignment


class Lexeme(NamedTuple):
    """A word at ``[start, end)`` of the snippet text, with its value after quote
    removal: what prefix stripping reads before words get file offsets."""

    start: int
    end: int
    raw: str
    value: str
    dynamic: bool


class _Spec(NamedTuple):
    short_values: str = ""
    """Short options that take a value (``u`` for ``sudo -u user``)."""
    long_values: frozenset[str] = frozenset()
    """Long options that take a value when it is not attached with ``=``."""
    operands: int = 0
    """Operands that belong to the prefix itself (the duration of ``timeout``)."""
    assignments: bool = False
    """Whether ``NAME=value`` words after the options belong to the prefix."""


PREFIXES: dict[str, _Spec] = {
    "sudo": _Spec(
        "CDgpRrtTUu",
        frozenset(
            {
                "close-from",
                "chdir",
                "group",
                "host",
                "prompt",
                "chroot",
                "role",
                "type",
                "command-timeout",
                "other-user",
                "user",
            }
        ),
        assignments=True,
    ),
    "doas": _Spec("uC"),
    "time": _Spec("fo", frozenset({"format", "output"})),
    "nohup": _Spec(),
    "exec": _Spec("a"),
    "command": _Spec(),
    "builtin": _Spec(),
    "env": _Spec("uCS", frozenset({"unset", "chdir", "split-string"}), assignments=True),
    "xargs": _Spec(
        "IaEdLnPs",
        frozenset(
            {
                "arg-file",
                "delimiter",
                "eof",
                "max-args",
                "max-procs",
                "max-chars",
                "process-slot-var",
            }
        ),
    ),
    "watch": _Spec("nq", frozenset({"interval", "equexit"})),
    "timeout": _Spec("sk", frozenset({"signal", "kill-after"}), operands=1),
    "nice": _Spec("n", frozenset({"adjustment"})),
    "stdbuf": _Spec("ioe", frozenset({"input", "output", "error"})),
}
_QUERIES = {"command": frozenset({"-v", "-V"})}
"""Options that turn a prefix into a query about the program rather than a run of it
(``command -v docker`` prints a path)."""


def split_prefixes(words: Sequence[Lexeme]) -> tuple[list[Lexeme], list[Lexeme], str]:
    """``(prefixes, command words, last prefix program)`` of one simple command.

    A prefix with nothing after it is the program itself (``sudo -i``, ``env``).
    """
    index = _skip_assignments(words, 0)
    last = ""
    while index < len(words):
        name = program_name(words[index])
        spec = PREFIXES.get(name)
        if spec is None or _is_query(name, words[index + 1 : index + 2]):
            break
        after = _skip_options(words, index + 1, spec) + spec.operands
        if spec.assignments:
            after = _skip_assignments(words, after)
        if after >= len(words):
            break
        index, last = after, name
    return list(words[:index]), list(words[index:]), last


def _skip_assignments(words: Sequence[Lexeme], index: int) -> int:
    while index < len(words) and is_assignment(words[index].raw):
        index += 1
    return index


def program_name(word: Lexeme) -> str:
    """The program a word runs as a prefix: ``/usr/bin/env`` runs ``env``; a dynamic
    word names no known program."""
    return "" if word.dynamic else word.value.rsplit("/", 1)[-1]


def _is_query(name: str, following: Sequence[Lexeme]) -> bool:
    return bool(following) and following[0].value in _QUERIES.get(name, frozenset())


def _skip_options(words: Sequence[Lexeme], index: int, spec: _Spec) -> int:
    """Index of the first word after the options that start at ``index``."""
    while index < len(words):
        value = words[index].value
        if value == "--":
            return index + 1
        if not value.startswith("-") or value == "-":
            return index
        index += 1
        if value.startswith("--"):
            name, equals, _ = value[2:].partition("=")
            index += 1 if not equals and name in spec.long_values else 0
            continue
        for position, letter in enumerate(value[1:], start=2):
            if letter in spec.short_values:
                # The value is the rest of this word, or the next word.
                index += 1 if position == len(value) else 0
                break
    return index


SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "fish"})
_SHELL_VALUE_OPTIONS = frozenset("oO")
_SHELL_LONG_VALUES = frozenset({"--rcfile", "--init-file"})
_SSH_VALUE_OPTIONS = frozenset("BbcDEeFIiJLlmOoPpQRSWw")
"""Letters of the ssh options that take a value (``-p 2222``, ``-i key``, ``-L spec``)."""


def shell_script(words: Sequence[str]) -> int | None:
    """Index of the command string of ``sh -c 'STRING'`` (``bash -ec``, ``bash -o
    pipefail -c``) among the words (values) of a shell command; None without ``-c``."""
    given = False
    index = 1
    while index < len(words):
        value = words[index]
        if value in _SHELL_LONG_VALUES:
            index += 2
            continue
        if value.startswith("--") or value in ("-", "+"):
            index += 1
            continue
        if value[:1] not in ("-", "+"):
            return index if given else None
        given = given or (value[0] == "-" and "c" in value[1:])
        index += 2 if value[-1] in _SHELL_VALUE_OPTIONS else 1
    return None


def ssh_remote(words: Sequence[str]) -> int | None:
    """Index of the first word of the command ``ssh [OPTIONS] DESTINATION COMMAND...``
    runs on the remote machine, among the words (values) of an ``ssh`` command; None for
    a login (no command)."""
    index = 1
    while index < len(words):
        value = words[index]
        if value == "--":
            index += 1
            break
        if not value.startswith("-") or value == "-":
            break
        # ``-p 2222``: the value is the next word when the option's letter ends the word.
        letters = value[1:]
        valued = [at for at, letter in enumerate(letters) if letter in _SSH_VALUE_OPTIONS]
        index += 2 if valued and valued[0] == len(letters) - 1 else 1
    remote = index + 1  # after the destination
    return remote if remote < len(words) else None
