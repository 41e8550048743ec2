"""What runs on a host, read from a snapshot the Docker CLI wrote there (``--inventory``).

doclint never runs docker; the user captures what runs on a host and hands it over:

- ``docker ps --all --format json``: one JSON object per line (``Names``, ``Labels`` and
  ``Ports`` are comma-joined strings);
- ``docker compose ps --all --format json``: a JSON array (older releases) or one object
  per line (newer ones; ``jq`` prints them spread over several lines);
- ``docker inspect …``: a JSON array (``Name`` with its leading ``/``, ``Config.Labels``,
  ``NetworkSettings.Ports``, ``State.Status``);
- ``docker compose config --format json``: the resolved model (``name``, ``services``).

The format is told from the content, record by record. A snapshot is data from a real
host, so it is untrusted input: its size is bounded, a malformed or truncated record is
reported with its file and line and skipped, and nothing but validated names, states and
port numbers is kept (never ``Config.Env``, ``environment`` or other labels). What makes
a snapshot unusable (missing, unreadable, too large, not one of these formats) is a
``ConfigError``: the run exits 2.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from doclint.errors import ConfigError, Diagnostic
from doclint.inputs.config import CONTAINER_NAME

FORMATS = (
    "docker ps --all --format json",
    "docker compose ps --all --format json",
    "docker inspect",
    "docker compose config --format json",
)
STOPPED_STATES = frozenset({"created", "exited", "paused", "dead", "removing"})
"""States in which a container exists but does not run (a runbook may start it)."""
_STATES = STOPPED_STATES | {"running", "restarting"}
MAX_PROBLEMS = 20
"""Malformed records reported one by one; past that, one line says how many more."""
MAX_REPLICAS = 1000
"""``deploy.replicas`` of a resolved model is believed up to this many."""
_NAME_LENGTH = 255
_PROJECT_LABEL = "com.docker.compose.project"
_SERVICE_LABEL = "com.docker.compose.service"
_NUMBER_LABEL = "com.docker.compose.container-number"
_PORT = re.compile(
    r"(?:.*:)?(?P<first>[0-9]{1,5})(?:-(?P<last>[0-9]{1,5}))?"
    r"->(?P<target>[0-9]{1,5})(?:-[0-9]{1,5})?(?:/(?P<protocol>[a-z]+))?"
)
"""One entry of ``docker ps``'s ``Ports``: ``0.0.0.0:8080->80/tcp``, ``:::8080->80/tcp``,
``0.0.0.0:3300-3310->3300-3310/tcp`` (``80/tcp`` alone publishes nothing)."""
_SHORT_PORT = re.compile(
    r"(?:.*:)?(?P<first>[0-9]{1,5})(?:-(?P<last>[0-9]{1,5}))?"
    r":(?P<target>[0-9]{1,5})(?:-[0-9]{1,5})?(?:/(?P<protocol>[a-z]+))?"
)


class HostPort(NamedTuple):
    """Host ports ``first``…``last`` published to a container port."""

    first: int
    last: int
    container_port: int
    protocol: str = "tcp"


class HostContainer(NamedTuple):
    """One container of a snapshot: only what the checks need, every text validated."""

    name: str
    state: str = ""
    """``running``, ``exited``…; empty when the snapshot does not say (a resolved model)."""
    project: str | None = None
    service: str | None = None
    ports: tuple[HostPort, ...] = ()
    host_network: bool = False
    """On the host's network: it may listen on any host port, published or not."""
    profiles: tuple[str, ...] = ()
    """The compose profiles that start it (a resolved model's ``profiles``)."""

    @property
    def stopped(self) -> bool:
        return self.state in STOPPED_STATES


@dataclass(frozen=True)
class HostSnapshot:
    """What one snapshot says runs on one host."""

    shown: str
    """The file as messages show it."""
    name: str | None
    """The host's name (``--inventory-name production=prod-ps.json``), if given."""
    containers: tuple[HostContainer, ...] = ()
    formats: tuple[str, ...] = ()
    """The formats its records were read as (one of ``FORMATS`` each)."""
    digest: str = ""
    """SHA-256 of the file's bytes: the cache's key to its content."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Records that were malformed or truncated, and skipped."""

    @property
    def label(self) -> str:
        """How messages name the host: ``"`production` (inventory `prod-ps.json`)"``."""
        if self.name:
            return f"`{self.name}` (inventory `{self.shown}`)"
        return f"the host of inventory `{self.shown}`"

    def container(self, name: str) -> HostContainer | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, HostContainer]:
        found: dict[str, HostContainer] = {}
        for container in self.containers:
            found.setdefault(container.name, container)
        return found

    def names(self) -> list[str]:
        return list(dict.fromkeys(container.name for container in self.containers))

    @cached_property
    def services(self) -> dict[str, list[HostContainer]]:
        """The compose services that have a container here, with their containers."""
        found: dict[str, list[HostContainer]] = {}
        for container in self.containers:
            if container.service is not None:
                found.setdefault(container.service, []).append(container)
        return found

    @cached_property
    def host_network(self) -> bool:
        """Whether a container here is on the host's network (its ports are unknowable)."""
        return any(container.host_network for container in self.containers)

    @cached_property
    def published(self) -> dict[int, str]:
        """Host port → the container that publishes it: each port once, however many
        ranges cover it (a hostile snapshot of overlapping ranges costs no more)."""
        spans = sorted(
            (port.first, port.last, container.name)
            for container in self.containers
            for port in container.ports
        )
        ports: dict[int, str] = {}
        covered = 0
        for first, last, name in spans:
            for number in range(max(first, covered + 1), last + 1):
                ports[number] = name
            covered = max(covered, last)
        return ports


def read_snapshot(path: Path, shown: str, name: str | None, limit: int) -> HostSnapshot:
    """The snapshot in ``path`` (``shown`` as messages name it), at most ``limit`` bytes."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise ConfigError("inventory file not found", shown) from None
    except IsADirectoryError:
        raise ConfigError("the inventory is a folder, not a file", shown) from None
    except OSError as error:
        raise ConfigError(f"cannot read inventory: {error.strerror or error}", shown) from None
    if len(data) > limit:
        raise ConfigError(
            f"inventory larger than {limit} bytes (raise `limits: inventory-bytes`)", shown
        )
    return parse_snapshot(data, shown, name)


def parse_snapshot(data: bytes, shown: str, name: str | None = None) -> HostSnapshot:
    """A snapshot from a file's bytes. ``ConfigError`` when it is none of ``FORMATS``."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError(f"inventory is not UTF-8 text (byte {error.start})", shown) from None
    reader = _Reader(text)
    records = list(reader.records())
    problems = [Diagnostic(f"{what}; skipped", shown, line) for line, what in reader.problems]
    containers: list[HostContainer] = []
    formats: list[str] = []
    unknown: list[int] = []
    for line, record in records:
        kind = _kind(record)
        if kind is None:
            unknown.append(line)
            continue
        if kind not in formats:
            formats.append(kind)
        read = list(_READERS[kind](record))
        containers.extend(container for container in read if container is not None)
        if any(container is None for container in read):
            problems.append(Diagnostic("a name docker does not allow; skipped", shown, line))
    if not formats and (records or problems):
        shown_formats = [f"`{f}`" for f in FORMATS]
        expected = ", ".join(shown_formats[:-1]) + " or " + shown_formats[-1]
        first: int | None = unknown[0] if unknown else problems[0].line
        message = f"not a snapshot doclint can read: expected the output of {expected}"
        raise ConfigError(message, shown, first)
    for line in unknown:
        problems.append(Diagnostic("not a container of a known format; skipped", shown, line))
    problems.sort(key=lambda problem: problem.line or 0)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], Diagnostic(f"and {more} more records skipped", shown)]
    if not records and not problems:
        problems = [Diagnostic("the snapshot lists no container: nothing runs there", shown)]
    return HostSnapshot(shown, name, tuple(containers), tuple(formats), digest, tuple(problems))


class _Reader:
    """The JSON values of a text, read one after another: JSON lines, values spread over
    several lines (``jq``), and arrays, whose elements are records. A value that does not
    parse is a problem at its line; reading goes on at the next record."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[tuple[int, str]] = []
        self._starts = [match.end() for match in re.finditer("\n", text)]
        self._decoder = json.JSONDecoder()

    def line(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position) + 1

    def records(self) -> Iterator[tuple[int, Any]]:
        text, position = self.text, 0
        while True:
            position = _skip_space(text, position)
            if position >= len(text):
                return
            if text[position] == "[":
                position = yield from self._array(position)
                continue
            decoded = self._decode(position)
            if decoded is None:
                position = self._resume(position, "")
                continue
            value, end = decoded
            yield self.line(position), value
            position = end

    def _array(self, start: int) -> Generator[tuple[int, Any], None, int]:
        """The elements of the array at ``start``; returns where reading goes on."""
        text = self.text
        position = _skip_space(text, start + 1)
        indent = text[text.rfind("\n", 0, position) + 1 : position]
        indent = indent if indent.strip() == "" else ""
        while True:
            if position >= len(text):
                self.problems.append((self.line(start), "truncated: the array is not closed"))
                return position
            if text[position] == "]":
                return position + 1
            decoded = self._decode(position)
            if decoded is None:
                position = self._resume(position, indent)
                if position >= len(text):
                    return position
                continue
            value, end = decoded
            yield self.line(position), value
            position = _skip_space(text, end)
            if position < len(text) and text[position] == ",":
                position = _skip_space(text, position + 1)
            elif position < len(text) and text[position] != "]":
                self.problems.append((self.line(position), "malformed JSON between records"))
                position = self._resume(position, indent)

    def _decode(self, position: int) -> tuple[Any, int] | None:
        try:
            return self._decoder.raw_decode(self.text, position)
        except (ValueError, RecursionError):  # bad JSON, a huge number, deep nesting
            self.problems.append((self.line(position), "malformed or truncated JSON"))
            return None

    def _resume(self, position: int, indent: str) -> int:
        """The next line that starts a record as the one at ``position`` did (an object
        at the same indentation), or the end of the text."""
        found = re.compile(rf"\n{re.escape(indent)}(?=[{{\[])").search(self.text, position)
        return found.end() if found else len(self.text)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _kind(record: object) -> str | None:
    """Which command wrote a record, or ``None`` when none of them would."""
    if not isinstance(record, dict):
        return None
    if isinstance(record.get("services"), dict):
        return FORMATS[3]
    if isinstance(record.get("Config"), dict) and isinstance(record.get("State"), dict):
        return FORMATS[2]
    if isinstance(record.get("Name"), str) and "Service" in record:
        return FORMATS[1]
    if isinstance(record.get("Names"), str):
        return FORMATS[0]
    return None


def _name(value: object) -> str | None:
    """A name docker allows (what messages may print), else ``None``."""
    if isinstance(value, str) and len(value) <= _NAME_LENGTH and CONTAINER_NAME.match(value):
        return value
    return None


def _state(value: object) -> str:
    state = value.lower() if isinstance(value, str) else ""
    return state if state in _STATES else ""


def _port(value: object) -> int | None:
    """A port number from an int or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= 5:
        value = int(value)
    return value if isinstance(value, int) and 0 < value < 65536 else None


def _protocol(value: object) -> str:
    return value if isinstance(value, str) and value in ("tcp", "udp", "sctp") else "tcp"


def _span(match: re.Match[str]) -> HostPort | None:
    first, target = _port(match["first"]), _port(match["target"])
    last = _port(match["last"]) if match["last"] else first
    if first is None or target is None or last is None or last < first:
        return None
    return HostPort(first, last, target, _protocol(match["protocol"]))


def _port_string(value: object, pattern: re.Pattern[str] = _PORT) -> Iterator[HostPort]:
    """The published ports of ``docker ps``'s ``Ports`` (comma-joined)."""
    if not isinstance(value, str):
        return
    for entry in value.split(","):
        match = pattern.fullmatch(entry.strip())
        port = _span(match) if match else None
        if port is not None:
            yield port


def _labels(value: object) -> dict[str, str]:
    """The compose labels of a container (``Labels``: a mapping, or ``docker ps``'s
    comma-joined ``k=v`` string, where a value may hold commas). Only these are kept."""
    pairs: dict[str, str] = {}
    if isinstance(value, Mapping):
        pairs = {str(k): v for k, v in value.items() if isinstance(v, str)}
    elif isinstance(value, str):
        last = None
        for piece in value.split(","):
            key, equals, text = piece.partition("=")
            if equals and key.strip():
                last = key.strip()
                pairs[last] = text
            elif last is not None:
                pairs[last] += "," + piece
    wanted = (_PROJECT_LABEL, _SERVICE_LABEL, _NUMBER_LABEL)
    return {key: pairs[key] for key in wanted if key in pairs}


def _container(
    name: object,
    state: object,
    labels: Mapping[str, str],
    ports: Iterator[HostPort] | tuple[HostPort, ...],
    host_network: bool,
    project: object = None,
    service: object = None,
) -> HostContainer | None:
    valid = _name(name)
    if valid is None:
        return None
    return HostContainer(
        valid,
        _state(state),
        _name(project if project is not None else labels.get(_PROJECT_LABEL)),
        _name(service if service is not None else labels.get(_SERVICE_LABEL)),
        tuple(ports),
        host_network,
    )


def _from_docker_ps(record: dict[str, Any]) -> Iterator[HostContainer | None]:
    """``Names`` may list legacy link aliases (``redis,webapp/db``): those hold a ``/``."""
    networks = record.get("Networks")
    host = isinstance(networks, str) and "host" in networks.split(",")
    labels = _labels(record.get("Labels"))
    ports = tuple(_port_string(record.get("Ports")))
    for name in str(record["Names"]).split(","):
        if "/" not in name:
            yield _container(name.strip(), record.get("State"), labels, ports, host)


def _from_compose_ps(record: dict[str, Any]) -> Iterator[HostContainer | None]:
    publishers = record.get("Publishers")
    if isinstance(publishers, list):
        ports: tuple[HostPort, ...] = tuple(
            HostPort(published, published, target, _protocol(entry.get("Protocol")))
            for entry in publishers
            if isinstance(entry, dict)
            and (published := _port(entry.get("PublishedPort"))) is not None
            and (target := _port(entry.get("TargetPort"))) is not None
        )
    else:
        ports = tuple(_port_string(record.get("Ports")))
    labels = _labels(record.get("Labels"))
    yield _container(
        record["Name"],
        record.get("State"),
        labels,
        ports,
        False,
        record.get("Project"),
        record.get("Service"),
    )


def _from_inspect(record: dict[str, Any]) -> Iterator[HostContainer | None]:
    """Only ``Name``, the compose labels, the state and the port bindings are read:
    ``Config.Env`` and the rest never leave the parsed JSON."""
    name = record.get("Name")
    config, state = record["Config"], record["State"]
    host_config = record.get("HostConfig")
    mode = host_config.get("NetworkMode") if isinstance(host_config, dict) else None
    settings = record.get("NetworkSettings")
    bindings = settings.get("Ports") if isinstance(settings, dict) else None
    ports: list[HostPort] = []
    for key, hosts in bindings.items() if isinstance(bindings, dict) else ():
        number, _, protocol = str(key).partition("/")
        target = _port(number)
        for binding in hosts if isinstance(hosts, list) and target is not None else ():
            published = _port(binding.get("HostPort")) if isinstance(binding, dict) else None
            if published is not None and target is not None:
                ports.append(HostPort(published, published, target, _protocol(protocol)))
    yield _container(
        name[1:] if isinstance(name, str) and name.startswith("/") else name,
        state.get("Status"),
        _labels(config.get("Labels")),
        tuple(ports),
        mode == "host",
    )


def _from_compose_config(record: dict[str, Any]) -> Iterator[HostContainer | None]:
    """The resolved model: each service's container (``container_name``, else
    ``<name>-<service>-<n>`` per replica). Whether it runs is not said: state empty.
    ``environment`` is never read."""
    project = _name(record.get("name"))
    for service, spec in record["services"].items():
        if not isinstance(spec, dict) or _name(service) is None:
            yield None
            continue
        ports = tuple(_config_ports(spec.get("ports")))
        host = spec.get("network_mode") == "host"
        raw_profiles = spec.get("profiles")
        profiles = tuple(
            p for p in raw_profiles if _name(p) is not None
        ) if isinstance(raw_profiles, list) else ()  # fmt: skip
        container_name = spec.get("container_name")
        if container_name is not None:
            names: list[object] = [container_name]
        elif project is None:
            names = []  # no name to build the containers' names from
        else:
            names = [f"{project}-{service}-{n}" for n in range(1, _replicas(spec) + 1)]
        for name in names:
            container = _container(name, "", {}, ports, host, project, service)
            yield container._replace(profiles=profiles) if container else None


def _replicas(spec: Mapping[str, Any]) -> int:
    deploy = spec.get("deploy")
    count = deploy.get("replicas") if isinstance(deploy, dict) else None
    if count is None:
        count = spec.get("scale")
    if isinstance(count, bool) or not isinstance(count, int):
        return 1
    return max(1, min(count, MAX_REPLICAS))


def _config_ports(value: object) -> Iterator[HostPort]:
    """``ports`` of a resolved service: long syntax (``published`` a string, possibly a
    range), or short strings from older releases."""
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, str):
            yield from _port_string(entry, _SHORT_PORT)
        elif isinstance(entry, dict):
            target = _port(entry.get("target"))
            published = entry.get("published")
            text = str(published) if isinstance(published, int | str) else ""
            first, _, last = text.partition("-")
            low, high = _port(first), _port(last) if last else _port(first)
            if target is not None and low is not None and high is not None and low <= high:
                yield HostPort(low, high, target, _protocol(entry.get("protocol")))


_READERS = {
    FORMATS[0]: _from_docker_ps,
    FORMATS[1]: _from_compose_ps,
    FORMATS[2]: _from_inspect,
    FORMATS[3]: _from_compose_config,
}
