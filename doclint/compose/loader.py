"""Builds the :class:`ComposeProject` one ``docker compose`` call would see.

The point is the container names: a runbook's ``docker logs X`` is right only if some
service ends up named ``X``. So the files are combined the way compose combines them
(compose-spec ``13-merge.md``, ``14-include.md``, ``05-services.md#extends``):

* each file is read, its documents merged, then interpolated with the project
  environment (``.env``; never ``os.environ``, so results are reproducible);
* within each file, ``extends`` is resolved (same file or ``file:``), then ``include``
  loads other files as sub-projects whose services join this one;
* the files are merged in order: mappings key by key, sequences appended, scalars
  replaced, ``!reset`` removing and ``!override`` replacing what earlier files set.

Everything that can be wrong with the input is a :class:`ComposeError` with the file
(the referring one for a broken reference) and the line; what compose would merely
warn about, or what doclint cannot know statically, becomes a diagnostic on the
project instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import reduce
from pathlib import Path
from typing import Any

from doclint.compose.dotenv import load_dotenv
from doclint.compose.errors import ComposeError
from doclint.compose.interpolate import (
    InterpolationError,
    Unresolved,
    interpolate,
    interpolate_tree,
)
from doclint.compose.model import ComposeProject, PortMapping, Service
from doclint.compose.yamlload import DEFAULT_LIMITS, Limits, Override, Reset, YamlMap, load_yaml
from doclint.errors import Diagnostic

_SERVICE_NAME = re.compile(r"[a-zA-Z0-9._-]+")
_PROJECT_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
_COUNT = re.compile(r"[0-9]{1,9}")
"""A replica count or port number as text (ASCII digits, short enough for ``int``)."""
_MAX_EXPANDED = 1024
"""Longest port range turned into one mapping per port: a file cannot make doclint build
65,536 mappings per line."""


def normalize_project_name(name: str, legacy: bool = False) -> str:
    """compose's ``NormalizeProjectName``: lowercase, keep ``[a-z0-9_-]``, trim leading
    ``_``/``-``. Compose v1 (``legacy``) did not trim."""
    kept = re.sub(r"[^a-z0-9_-]", "", name.lower())
    return kept if legacy else kept.lstrip("_-")


def is_valid_project_name(name: str) -> bool:
    """Whether compose v2 accepts ``name`` from ``-p`` or ``COMPOSE_PROJECT_NAME``."""
    return _PROJECT_NAME.fullmatch(name) is not None


def load_project(
    files: Sequence[Path],
    *,
    project_directory: Path | None = None,
    project_name: str | None = None,
    env: Mapping[str, str] | None = None,
    legacy: bool = False,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ComposeProject:
    """The project made of ``files`` (as ``docker compose -f a -f b``).

    ``project_name`` is ``-p`` and ``env`` the variables compose would see (default:
    the ``.env`` of the project directory). ``legacy`` names things as compose v1 did.
    No file outside ``root`` is read, whether named here or by ``include``/``extends``.
    """
    if not files:
        raise ComposeError(project_directory or Path("."), None, "no compose file to load")
    directory = project_directory or files[0].parent
    loading = _Loading(root.resolve() if root is not None else None, limits)
    if env is None:
        env = loading.dotenv(directory)
    name, from_folder = _project_name(loading, files, directory, project_name, env, legacy)
    env = {**env, "COMPOSE_PROJECT_NAME": name}
    try:
        model = loading.model(files, directory, env, ())
    except RecursionError:
        raise ComposeError(files[0], None, "nested too deeply to load") from None
    return ComposeProject(
        directory=directory,
        name=name,
        name_from_folder=from_folder,
        files=list(files),
        services={
            service: _service(service, data, model.origins[service], loading.diagnostics)
            for service, data in model.services.items()
        },
        active_profiles=tuple(p for p in env.get("COMPOSE_PROFILES", "").split(",") if p),
        diagnostics=loading.diagnostics,
    )


def _project_name(
    loading: _Loading,
    files: Sequence[Path],
    directory: Path,
    given: str | None,
    env: Mapping[str, str],
    legacy: bool,
) -> tuple[str, bool]:
    """NOTES fact 9: ``-p``, then ``COMPOSE_PROJECT_NAME``, then the last ``name:``,
    then the project directory's name. The flag says it is the directory's name."""
    explicit = given or env.get("COMPOSE_PROJECT_NAME")
    if explicit:
        if legacy:
            return normalize_project_name(explicit, legacy=True), False
        if not is_valid_project_name(explicit):
            loading.warn(
                f"invalid project name {explicit!r}: compose requires lowercase letters,"
                " digits, '-' and '_', starting with a letter or digit",
                files[0],
                None,
            )
        return explicit, False
    from_file = None if legacy else _name_from_files(loading, files, env)
    if from_file:
        return from_file, False
    folder = Path(os.path.abspath(directory)).name
    name = normalize_project_name(folder, legacy)
    if not name:
        raise ComposeError(
            files[0],
            None,
            f"no project name: the folder name {folder!r} has no usable"
            " character and no name: is set",
        )
    return name, True


def _name_from_files(
    loading: _Loading, files: Sequence[Path], env: Mapping[str, str]
) -> str | None:
    """The normalised top-level ``name:`` of the last file that sets one."""
    found: str | None = None
    for path in files:
        for document in loading.read(path, None):
            if isinstance(document, YamlMap) and isinstance(document.get("name"), str):
                line = document.line_of("name")
                value = _interpolate_scalar(document["name"], env, path, line)
                if isinstance(value, Unresolved):
                    loading.warn("name: uses a variable that is not set", path, line)
                    value = value.as_compose_would
                found = normalize_project_name(value) or found
    return found


def _interpolate_scalar(
    value: str, env: Mapping[str, str], path: Path, line: int
) -> str | Unresolved:
    try:
        return interpolate(value, env)
    except InterpolationError as error:
        raise ComposeError(path, line, str(error)) from None


_Reference = tuple[Path, int]
"""The file and line that name another file (an ``include`` or ``extends``)."""


class _Mark(Enum):
    ABSENT = "absent"
    REMOVED = "removed"


def _merge(base: Any, override: Any) -> Any:
    """``override`` merged into ``base`` (compose-spec ``13-merge.md``).

    Mappings merge key by key, sequences append, anything else is replaced;
    ``!reset`` removes the key and ``!override`` replaces instead of merging. Merging
    into :attr:`_Mark.ABSENT` strips those tags. The result shares no mapping with
    ``override``, so merging again never changes an earlier result. (The per-attribute
    exceptions, e.g. ``command`` replaced rather than appended or ``ports`` kept
    unique, change nothing doclint reads.)
    """
    if isinstance(override, Reset):
        return _Mark.REMOVED
    if isinstance(override, Override):
        return _merge(_Mark.ABSENT, override.value)
    if isinstance(override, YamlMap):
        result = base.clone() if isinstance(base, YamlMap) else YamlMap(override.line)
        for key, value in override.items():
            merged = _merge(result.get(key, _Mark.ABSENT), value)
            if merged is _Mark.REMOVED:
                result.discard(key)
            else:
                result.set(key, merged, override.line_of(key))
        return result
    if isinstance(override, list):
        items = [_merge(_Mark.ABSENT, item) for item in override]
        kept = [item for item in items if item is not _Mark.REMOVED]
        return (base if isinstance(base, list) else []) + kept
    return override


@dataclass
class _Model:
    """Services merged so far, and the file and line that last defined each."""

    services: YamlMap = field(default_factory=lambda: YamlMap(1))
    origins: dict[str, tuple[Path, int]] = field(default_factory=dict)

    def add(self, other: _Model) -> None:
        self.services = _merge(self.services, other.services)
        self.origins.update(other.origins)


@dataclass
class _Loading:
    """The state of one :func:`load_project` call (nothing outlives it)."""

    root: Path | None
    limits: Limits
    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: dict[Path, list[Any]] = field(default_factory=dict)

    def warn(self, message: str, path: Path, line: int | None) -> None:
        self.diagnostics.append(Diagnostic(message, str(path), line))

    def check_inside(self, path: Path, referrer: _Reference | None) -> None:
        """Refuses a file outside ``root``, links resolved first."""
        if self.root is None:
            return
        resolved = _resolved(path, referrer)
        if resolved != self.root and self.root not in resolved.parents:
            raise _error(path, referrer, f"{path} is outside the project ({self.root}); not read")

    def read(self, path: Path, referrer: _Reference | None) -> list[Any]:
        """The YAML documents of ``path``, read once per load.

        A missing file named by ``include``/``extends`` is reported at the reference.
        """
        self.check_inside(path, referrer)
        if referrer is not None and not path.exists():
            raise _error(path, referrer, f"{path} does not exist")
        key = _resolved(path, referrer)
        if key not in self.documents:
            self.documents[key] = load_yaml(path, self.limits)
        return self.documents[key]

    def dotenv(self, directory: Path) -> dict[str, str]:
        """The variables of ``directory/.env`` (none when it does not exist)."""
        path = directory / ".env"
        if not path.is_file():
            return {}
        self.check_inside(path, None)
        parsed = load_dotenv(path, max_bytes=self.limits.max_bytes)
        for line, message in parsed.warnings:
            self.warn(message, path, line)
        return parsed.values

    def model(
        self,
        files: Sequence[Path],
        directory: Path,
        env: Mapping[str, str],
        including: tuple[Path, ...],
        referrer: _Reference | None = None,
    ) -> _Model:
        """The services of ``files`` merged in order; ``including`` is the include chain."""
        model = _Model()
        for path in files:
            resolved = _resolved(path, referrer)
            if resolved in including:
                raise _error(path, referrer, f"include cycle: {path} includes itself")
            source = self.source(path, env, directory, referrer)
            source.resolve_extends(self, env)
            self.include(source, env, directory, (*including, resolved))
            model.add(source.model)
        return model

    def source(
        self, path: Path, env: Mapping[str, str], base: Path, referrer: _Reference | None
    ) -> _Source:
        """One file read, interpolated and checked, relative paths resolved from ``base``."""
        documents = [d for d in self.read(path, referrer) if d is not None]
        if not all(isinstance(document, YamlMap) for document in documents):
            raise ComposeError(path, None, "the top level must be a mapping")
        # A lone document keeps its !reset/!override tags for the merge of the files.
        top = documents[0] if len(documents) == 1 else reduce(_merge, documents, YamlMap(1))
        try:
            top = interpolate_tree(top, env)
        except InterpolationError as error:
            raise ComposeError(path, error.line, str(error)) from None
        return _Source.of(path, top, base)

    def include(
        self, source: _Source, env: Mapping[str, str], base: Path, including: tuple[Path, ...]
    ) -> None:
        """Loads what ``source`` includes; its services join ``source``'s."""
        for entry in _include_entries(source):
            paths = [_joined(base, p) for p in entry.paths]
            for path in paths:
                self.check_inside(path, (source.path, entry.line))
            directory = _joined(base, entry.directory) if entry.directory else paths[0].parent
            local_env = self.include_env(entry, base, directory, source.path)
            included = self.model(
                paths, directory, {**local_env, **env}, including, (source.path, entry.line)
            )
            source.adopt(included)

    def include_env(
        self, entry: _Include, base: Path, directory: Path, referrer: Path
    ) -> dict[str, str]:
        """The variables an included project defaults to (its own ``.env`` or ``env_file``)."""
        if not entry.env_files:
            return self.dotenv(directory)
        values: dict[str, str] = {}
        for name in entry.env_files:
            path = _joined(base, name)
            self.check_inside(path, (referrer, entry.line))
            if not path.is_file():
                raise ComposeError(referrer, entry.line, f"{path} does not exist")
            values.update(load_dotenv(path, values, self.limits.max_bytes).values)
        return values


def _resolved(path: Path, referrer: _Reference | None) -> Path:
    """``path`` absolute with links resolved, or a :class:`ComposeError` if it cannot be."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise _error(path, referrer, f"bad path {str(path)!r}: {error}") from None


def _error(path: Path, referrer: _Reference | None, message: str) -> ComposeError:
    """An error about ``path``, reported where it is referred to when it is."""
    return ComposeError(*referrer, message) if referrer else ComposeError(path, None, message)


def _joined(base: Path, relative: str) -> Path:
    """``relative`` taken from ``base`` with ``..`` collapsed (without following links)."""
    return Path(os.path.normpath(base / relative))


@dataclass
class _Source:
    """One compose file after interpolation: its services and where each one is."""

    path: Path
    top: YamlMap
    model: _Model

    @classmethod
    def of(cls, path: Path, top: YamlMap, base: Path) -> _Source:
        services = top.get("services")
        if services is None:
            services = YamlMap(top.line_of("services"))
        if not isinstance(services, YamlMap):
            raise ComposeError(path, top.line_of("services"), "services must be a mapping")
        model = _Model(YamlMap(services.line))
        for name, data in services.items():
            line = services.line_of(name)
            if not _SERVICE_NAME.fullmatch(str(name)):
                raise ComposeError(path, line, f"invalid service name {name!r}")
            model.services.set(str(name), _normalised(data, path, line, base), line)
            model.origins[str(name)] = (path, line)
        return cls(path, top, model)

    def resolve_extends(self, loading: _Loading, env: Mapping[str, str]) -> None:
        for name in list(self.model.services):
            line = self.model.services.line_of(name)
            self.model.services.set(name, self.extended(name, loading, env, ()), line)

    def extended(
        self,
        name: str,
        loading: _Loading,
        env: Mapping[str, str],
        chain: tuple[tuple[Path, str], ...],
    ) -> Any:
        """Service ``name`` with its ``extends`` chain merged in (05-services.md#extends)."""
        service = self.model.services[name]
        extends = service.get("extends") if isinstance(service, YamlMap) else None
        if extends is None:
            return service
        line = service.line_of("extends")
        here = (_resolved(self.path, None), name)
        if here in chain:
            raise ComposeError(self.path, line, f"extends cycle through service {name!r}")
        target, file = _extends_target(extends, self.path, line)
        base_source = self
        if file is not None:
            other = _joined(self.path.parent, file)
            base_source = loading.source(other, env, other.parent, (self.path, line))
        if target not in base_source.model.services:
            raise ComposeError(
                self.path, line, f"{name!r} extends {target!r}, which {base_source.path} lacks"
            )
        base = base_source.extended(target, loading, env, (*chain, here))
        local = service.clone()
        local.discard("extends")
        return _merge(_merge(_Mark.ABSENT, base), local)

    def adopt(self, included: _Model) -> None:
        """Adds included services. A service this file also defines is merged over the
        included one, so a project can adjust what it includes (as wger's does)."""
        for name, data in included.services.items():
            local = self.model.services.get(name)
            if local is None:
                self.model.services.set(name, data, included.services.line_of(name))
                self.model.origins[name] = included.origins[name]
            else:
                self.model.services[name] = _merge(data, local)


def _extends_target(extends: Any, path: Path, line: int) -> tuple[str, str | None]:
    """``(service, file or None)`` of an ``extends`` value (a name, or a mapping)."""
    if isinstance(extends, str):
        return extends, None
    if isinstance(extends, YamlMap) and isinstance(extends.get("service"), str):
        file = extends.get("file")
        if file is None or isinstance(file, str):
            return extends["service"], file
    raise ComposeError(
        path,
        line,
        "extends needs a service name, or service: and an optional file: (without unset variables)",
    )


@dataclass(frozen=True)
class _Include:
    """One entry of a compose file's ``include``, as written."""

    paths: tuple[str, ...]
    directory: str | None
    env_files: tuple[str, ...]
    line: int


def _include_entries(source: _Source) -> Iterator[_Include]:
    """The ``include`` entries: a path, or a mapping with ``path`` (one or a list),
    ``project_directory`` and ``env_file``."""
    value = source.top.get("include")
    if value is None:
        return
    line = source.top.line_of("include")
    for entry in value if isinstance(value, list) else [value]:
        if not isinstance(entry, YamlMap):
            yield _Include(_paths(entry, "include", source.path, line), None, (), line)
            continue
        entry_line = entry.line
        directory = entry.get("project_directory")
        if directory is not None and not isinstance(directory, str):
            raise ComposeError(source.path, entry_line, "project_directory must be a path")
        yield _Include(
            _paths(entry.get("path"), "include path", source.path, entry_line),
            directory,
            _paths(entry.get("env_file", []), "env_file", source.path, entry_line, True),
            entry_line,
        )


def _paths(
    value: Any, what: str, path: Path, line: int, may_be_empty: bool = False
) -> tuple[str, ...]:
    """A path or a list of paths, as ``include`` takes them."""
    items = value if isinstance(value, list) else [value]
    if not items and not may_be_empty:
        raise ComposeError(path, line, f"{what} is empty")
    if not all(isinstance(item, str) for item in items):
        raise ComposeError(
            path, line, f"{what} must be a path or a list of paths (without unset variables)"
        )
    return tuple(items)


def _normalised(data: Any, path: Path, line: int, base: Path) -> YamlMap:
    """A service in the forms merging expects (``environment`` a mapping, ``env_file``
    a list), with ``env_file`` paths resolved from ``base`` before files mix."""
    if data is None:
        return YamlMap(line)
    if not isinstance(data, YamlMap):
        raise ComposeError(path, line, "a service must be a mapping")
    service = data.clone()
    if "environment" in service:
        environment_line = data.line_of("environment")
        service["environment"] = _tagged(
            service["environment"], lambda v: _environment_map(v, environment_line)
        )
    if "env_file" in service:
        service["env_file"] = _tagged(service["env_file"], lambda v: _env_file_paths(v, base))
    return service


def _tagged(value: Any, convert: Callable[[Any], Any]) -> Any:
    """``convert(value)``, looking through a ``!reset``/``!override`` tag."""
    if isinstance(value, Reset | Override):
        return type(value)(convert(value.value), value.line)
    return convert(value)


def _environment_map(value: Any, line: int) -> Any:
    """``[A=1, B]`` as ``{A: "1", B: None}``; a mapping stays as it is."""
    if not isinstance(value, list):
        return value
    result = YamlMap(line)
    for item in value:
        name, equals, rest = _text(item).partition("=")
        result.set(name, rest if equals else None, line)
    return result


def _env_file_paths(value: Any, base: Path) -> list[str]:
    """The paths of ``env_file`` (one, a list, or long-form entries) from ``base``."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    paths = []
    for item in items:
        entry = item.get("path") if isinstance(item, YamlMap) else item
        if entry is None:
            continue
        paths.append(str(_joined(base, _text(entry))))
    return paths


def _service(
    name: str, data: Any, origin: tuple[Path, int], diagnostics: list[Diagnostic]
) -> Service:
    file, line = origin
    if not isinstance(data, YamlMap):
        data = YamlMap(line)
    ports, complete = _ports(data.get("ports"), file, data.line_of("ports"), diagnostics)
    mode = data.get("network_mode")
    service = Service(
        name=name,
        file=file,
        line=line,
        replicas=_replicas(data),
        profiles=tuple(_text(p) for p in _list(data.get("profiles"))),
        ports=ports,
        ports_complete=complete,
        network_mode=_text(mode) if isinstance(mode, str | Unresolved) else None,
        environment=tuple(str(key) for key in _mapping(data.get("environment"))),
        env_files=tuple(Path(p) for p in _list(data.get("env_file"))),
        image=_text(data["image"]) if isinstance(data.get("image"), str) else None,
        docker_socket=any(_mounts_socket(volume) for volume in _list(data.get("volumes"))),
    )
    container_name = data.get("container_name")
    if isinstance(container_name, Unresolved):
        service.container_name_pattern = container_name.pattern
    elif isinstance(container_name, str | int | float) and not isinstance(container_name, bool):
        service.container_name = str(container_name)
    elif container_name is not None:
        diagnostics.append(
            Diagnostic(
                "container_name must be a string; ignored",
                str(file),
                data.line_of("container_name"),
            )
        )
    return service


def _mounts_socket(volume: Any) -> bool:
    """Whether a ``volumes`` entry (short ``src:dst`` or long form) mounts docker.sock."""
    if isinstance(volume, YamlMap):
        return any(_mounts_socket(volume.get(key)) for key in ("source", "target"))
    if isinstance(volume, str | Unresolved):
        return "docker.sock" in _text(volume)
    return False


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: Any) -> Mapping[Any, Any]:
    return value if isinstance(value, YamlMap) else {}


def _text(value: Any) -> str:
    return value.as_compose_would if isinstance(value, Unresolved) else str(value)


def _replicas(data: YamlMap) -> int:
    """``scale``, else ``deploy.replicas``; 1 when neither is a plain count."""
    value = data.get("scale", _mapping(data.get("deploy")).get("replicas"))
    if isinstance(value, str) and _COUNT.fullmatch(value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 1


def _ports(
    value: Any, file: Path, line: int, diagnostics: list[Diagnostic]
) -> tuple[tuple[PortMapping, ...], bool]:
    """The published ports, in order, each once (merged files may repeat one), and
    whether every entry could be read."""
    mappings: dict[PortMapping, None] = {}
    complete = True
    for item in _list(value):
        try:
            for mapping in _port(item):
                mappings[mapping] = None
        except ValueError as error:
            complete = False
            message = f"port {_text(item)!r} ignored: {error}"
            diagnostics.append(Diagnostic(message, str(file), line))
    return tuple(mappings), complete


def _port(item: Any) -> list[PortMapping]:
    if isinstance(item, YamlMap):
        return _long_port(item)
    if isinstance(item, int) and not isinstance(item, bool):
        return _short_port(str(item))
    if isinstance(item, str):
        return _short_port(item)
    raise ValueError(
        "it uses a variable that is not set" if isinstance(item, Unresolved) else "not a port"
    )


def _short_port(spec: str) -> list[PortMapping]:
    """``[[IP:]HOST:]CONTAINER[/PROTOCOL]``, as docker/go-connections splits it."""
    spec, _, protocol = spec.partition("/")
    if spec.startswith("["):
        address, bracket, rest = spec[1:].partition("]:")
        if not bracket:
            raise ValueError("unclosed '[' around the host IP")
        host, _, container = rest.rpartition(":")
        host_ip: str | None = address
    else:
        parts = spec.rsplit(":", 2)
        container = parts[-1]
        host = parts[-2] if len(parts) > 1 else ""
        host_ip = parts[0] if len(parts) > 2 else None
    return _mappings(host, container, host_ip or None, protocol or "tcp")


def _long_port(item: YamlMap) -> list[PortMapping]:
    """The long syntax: ``target``, ``published`` (a port or range), ``host_ip``, ``protocol``."""
    target = item.get("target")
    published = item.get("published")
    host_ip = item.get("host_ip")
    protocol = item.get("protocol", "tcp")
    if target is None:
        raise ValueError("no target")
    fields = (target, published, host_ip, protocol)
    if any(isinstance(part, Unresolved) for part in fields):
        raise ValueError("it uses a variable that is not set")
    host = "" if published is None else str(published)
    return _mappings(host, str(target), str(host_ip) if host_ip else None, str(protocol))


def _mappings(host: str, container: str, host_ip: str | None, protocol: str) -> list[PortMapping]:
    """One mapping per container port; equal ranges pair up, a host range for a single
    container port is kept as a range."""
    first, last = _port_range(container)
    host_first: int | None = None
    if host:
        host_first, host_last = _port_range(host)
        if first == last and host_first != host_last:
            return [PortMapping(host_first, str(first), host_ip, protocol, host_last)]
        if host_last - host_first != last - first:
            raise ValueError("the host and container ranges differ in length")
    if last - first >= _MAX_EXPANDED:
        raise ValueError(f"a range of more than {_MAX_EXPANDED} ports is not expanded")
    return [
        PortMapping(
            None if host_first is None else host_first + offset, str(port), host_ip, protocol
        )
        for offset, port in enumerate(range(first, last + 1))
    ]


def _port_range(text: str) -> tuple[int, int]:
    """``"80"`` or ``"3000-3005"`` as its first and last port."""
    start, dash, end = text.strip().partition("-")
    if not _COUNT.fullmatch(start) or (dash and not _COUNT.fullmatch(end)):
        raise ValueError(f"{text!r} is not a port or a port range")
    first, last = int(start), int(end) if dash else int(start)
    if not 0 <= first <= last <= 65535:
        raise ValueError(f"{text!r} is not a valid port range")
    return first, last
