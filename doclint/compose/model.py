"""Services, container names and project names read from compose files.

The names are exactly what ``docker compose`` would create, so that a runbook's
``docker logs X`` can be checked against them: ``container_name`` when set (after
``${VAR:-default}`` interpolation), else ``<project>-<service>-<n>`` (``_`` instead
of ``-`` for the legacy v1 binary).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from doclint.errors import Diagnostic


class PortMapping(NamedTuple):
    host_port: int | None
    container_port: str
    host_ip: str | None = None
    protocol: str = "tcp"
    host_port_end: int | None = None
    """Set when the published side is a range for one container port
    (``"8000-8010:80"``): the engine picks a free host port from ``host_port`` to this."""


@dataclass
class Service:
    """One service of a compose project, after merging, interpolation and ``extends``."""

    name: str
    file: Path
    """The compose file that defines it (the last one when several merge into it)."""
    line: int
    """1-based line of the service's key in that file."""
    container_name: str | None = None
    """After interpolation. ``None`` when the service has none."""
    container_name_pattern: re.Pattern[str] | None = None
    """Set instead of ``container_name`` when it holds a variable with no value and no
    default: the variable part then matches any text."""
    replicas: int = 1
    profiles: tuple[str, ...] = ()
    ports: tuple[PortMapping, ...] = ()
    ports_complete: bool = True
    """False when some ``ports`` entry could not be read (a variable with no value): the
    service may publish ports that ``ports`` does not list."""
    network_mode: str | None = None
    """``host`` puts the service on the host's network: every port it listens on is a
    host port, published or not."""
    environment: tuple[str, ...] = ()
    """Names of the variables set by ``environment``."""
    env_files: tuple[Path, ...] = ()
    image: str | None = None
    """The ``image:`` reference (``docker ps`` lists it, so ``docker ps | grep`` may look
    for it)."""
    docker_socket: bool = False
    """Whether a volume mounts the Docker socket: the service can create containers of
    its own (named as it likes, at run time), which no compose file lists."""

    @property
    def container_name_open(self) -> bool:
        """Whether ``container_name`` is nothing but a variable nobody gave: the
        container may be called anything."""
        pattern = self.container_name_pattern
        return pattern is not None and pattern.pattern == r"\A.*\Z"

    def enabled_by(self, active_profiles: Collection[str]) -> bool:
        """Whether ``docker compose`` starts this service with those profiles active
        (a service with no ``profiles`` always; ``*`` enables every profile)."""
        return (
            not self.profiles
            or "*" in active_profiles
            or any(profile in active_profiles for profile in self.profiles)
        )


@dataclass
class ComposeProject:
    """The merged model of the compose files that one ``docker compose`` call would use."""

    directory: Path
    """The project directory (the folder of the first file, or ``--project-directory``)."""
    name: str
    """Project name after compose's normalisation."""
    files: list[Path]
    name_from_folder: bool = False
    """True when nothing pins the name (no ``-p``, ``COMPOSE_PROJECT_NAME`` or ``name:``):
    it is the checkout's folder name, which differs from one clone to the next."""
    services: dict[str, Service] = field(default_factory=dict)
    active_profiles: tuple[str, ...] = ()
    """From ``COMPOSE_PROFILES`` in the environment the project was loaded with."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """What was skipped or guessed while loading (an unparsable port, a ``.env`` line
    compose would ignore, a name that depends on an unset variable)."""

    def default_container_names(self, service: Service, legacy: bool = False) -> list[str]:
        """Names compose gives the replicas of a service without ``container_name``."""
        sep = "_" if legacy else "-"
        count = max(1, service.replicas)
        return [f"{self.name}{sep}{service.name}{sep}{n}" for n in range(1, count + 1)]

    def container_names(self, service: Service, legacy: bool = False) -> list[str]:
        if service.container_name is not None:
            return [service.container_name]
        if service.container_name_pattern is not None:
            return []
        return self.default_container_names(service, legacy)
