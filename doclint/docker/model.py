"""What a docker command line means, as the rules need it.

``docker exec -it -u www-data app-php-1 php artisan`` becomes an ``Invocation`` with
tool ``docker``, command ``("exec",)``, options ``-i -t -u=www-data`` and the
positional ``app-php-1`` in the role ``CONTAINER``; ``php artisan`` is the payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from doclint.shell.words import Command, Word


class Tool(str, Enum):
    DOCKER = "docker"
    """``docker <command>``"""
    COMPOSE = "compose"
    """``docker compose <command>`` (Compose v2, a docker CLI plugin)"""
    COMPOSE_V1 = "compose-v1"
    """the legacy ``docker-compose <command>`` binary"""


class OptionUse(NamedTuple):
    """One option as written: ``-u www-data``, ``--tail=50`` or ``-it`` (one per letter)."""

    name: str
    """Canonical long name without dashes (``user``); the spelling for unknown ones."""
    word: Word
    """The word that holds the option (``-itu`` for the ``u`` of ``-itu root``)."""
    value: str | None = None
    value_word: Word | None = None
    """The word holding the value when it is a separate word (``-u root``)."""
    known: bool = True
    """False when the grammar does not know this option for this command."""
    scope: str = "command"
    """``"docker"`` (root flags such as ``-H``), ``"compose"`` (``-f``, ``-p``...) or
    ``"command"`` (the subcommand's own options)."""


class Positional(NamedTuple):
    word: Word
    role: str
    """Role from the command's usage line: ``CONTAINER``, ``SERVICE``, ``IMAGE``,
    ``NETWORK``, ``VOLUME``, ``PATH``, ``COMMAND`` (the payload run inside), ``ARG``..."""
    name: str
    """The name the role refers to: ``kamiyo`` for ``kamiyo:/app/db`` in ``docker cp``
    or for ``web=3`` in ``docker compose scale``; otherwise the word's value."""
    name_start: int
    name_end: int
    """File span of ``name`` inside the word (for precise carets and fixes)."""


@dataclass
class Invocation:
    """A docker or docker compose command understood against the CLI grammar."""

    command: Command
    tool: Tool
    binary: list[Word]
    """The words naming the program: ``[docker]``, ``[docker, compose]`` or ``[docker-compose]``."""
    path: tuple[str, ...]
    """Canonical command path after the binary: ``("container", "logs")`` is reported
    as ``("logs",)``'s alias target; ``()`` when no subcommand was given."""
    path_words: list[Word]
    """The words that spelled the subcommand path as written."""
    known_command: bool
    """False when the subcommand is not in the grammar catalog."""
    options: list[OptionUse] = field(default_factory=list)
    positionals: list[Positional] = field(default_factory=list)
    payload: list[Word] = field(default_factory=list)
    """Words run inside a container (``exec``/``run`` COMMAND [ARG...])."""

    def global_values(self, name: str) -> list[OptionUse]:
        """Uses of a docker/compose global option (``file``, ``project-name``, ``host``)."""
        return [o for o in self.options if o.name == name and o.scope != "command"]

    def option_values(self, name: str) -> list[OptionUse]:
        """Uses of one of the subcommand's own options (``filter``, ``name``...)."""
        return [o for o in self.options if o.name == name and o.scope == "command"]

    def roles(self, *roles: str) -> list[Positional]:
        return [p for p in self.positionals if p.role in roles]
