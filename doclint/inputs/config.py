"""Configuration: ``.doclint.yaml`` or ``[tool.doclint]`` in ``pyproject.toml``.

The nearest configuration at or above a project wins (searching up to the top of the
git repository), as with Ruff; ``--config FILE`` overrides the search. Paths in a
configuration are relative to the folder that holds it. Unknown keys and values of the
wrong type are errors that name the file and line, so that a typo never silently turns
a check off.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

from doclint.errors import ConfigError
from doclint.suggest import closest

CONFIG_FILE_NAMES = (".doclint.yaml", ".doclint.yml")
CODE_PATTERN = re.compile(r"^[A-Z]+[0-9]*$")


class Limits(NamedTuple):
    """Bounds that keep a hostile or accidental input (a 50 MB log saved as ``.md``, a
    YAML alias bomb) from costing more than a normal repository. Set with ``limits:``."""

    document_bytes: int = 10 * 1024 * 1024
    """Larger documents are reported and skipped."""
    compose_bytes: int = 5 * 1024 * 1024
    """Larger compose (and ``.env``) files are an error."""
    yaml_nodes: int = 100_000
    """YAML nodes after alias expansion (a billion-laughs file stops here)."""
    yaml_depth: int = 200
    """YAML nesting depth."""
    inventory_bytes: int = 16 * 1024 * 1024
    """Larger host snapshots (``inventory:``, ``--inventory``) are an error."""


_LIMIT_KEYS = {
    "document-bytes": "document_bytes",
    "compose-bytes": "compose_bytes",
    "yaml-nodes": "yaml_nodes",
    "yaml-depth": "yaml_depth",
    "inventory-bytes": "inventory_bytes",
}


@dataclass(frozen=True)
class Config:
    """Settings for one project. Defaults describe a project with no configuration."""

    directory: Path
    """Folder that relative paths in the configuration are resolved against."""
    source: Path | None = None
    """The file it was read from, or ``None`` for the defaults."""
    include: tuple[str, ...] = ()
    """Globs of files to lint; empty means every Markdown file and shell script."""
    exclude: tuple[str, ...] = ()
    compose_files: tuple[str, ...] = ()
    """Extra compose files whose services and containers exist (``deploy/prod.yml``)."""
    containers: tuple[str, ...] = ()
    """Container names that exist without a compose file (created by other tooling)."""
    inventories: tuple[tuple[str | None, str], ...] = ()
    """Snapshots of what runs on a host (``docker ps --all --format json`` and the like):
    ``(host name or None, path)``, the path relative to ``directory``."""
    renames: Mapping[str, str] = field(default_factory=dict)
    """Old container name → the container that replaced it: ``{kamiyo-api: kamiyo}``. A
    DL101 finding on an old name gets a safe fix to the new one."""
    placeholder_patterns: tuple[Mapping[str, Any], ...] = ()
    """Extra placeholder patterns, in the schema of the placeholder rule's ``patterns``
    option (which rule they extend is the rule's ``configuration:``, not this file's)."""
    enable_placeholders: tuple[str, ...] = ()
    """Ids of opt-in placeholder patterns to turn on (``angle-placeholder``)."""
    placeholder_templates: tuple[str, ...] = ()
    """Globs of the documents that are templates to fill in; replace the rule's own."""
    placeholder_changelogs: tuple[str, ...] = ()
    """Globs of the changelogs and release notes; replace the rule's own."""
    select: tuple[str, ...] | None = None
    """Rule codes or prefixes to run; ``None`` means the rules enabled by default."""
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    """Severity overrides by rule code: ``{DL301: error}``."""
    limits: Limits = field(default_factory=Limits)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Rule codes (or prefixes) switched off for the files a glob matches, globs
    relative to ``directory``: ``{"docs/legacy/**": ("DL101",)}``."""


def _string_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _code_list(value: Any) -> tuple[str, ...] | None:
    codes = _string_list(value)
    if codes is None or not all(CODE_PATTERN.match(c) for c in codes):
        return None
    return codes


def _mapping_list(value: Any) -> tuple[Mapping[str, Any], ...] | None:
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return tuple(value)
    return None


CONTAINER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
"""What docker accepts as a container name; a rename target is written into the docs."""


def _rename_map(value: Any) -> Mapping[str, str] | None:
    if not isinstance(value, dict):
        return None
    names = [name for pair in value.items() for name in pair]
    if not all(isinstance(n, str) and CONTAINER_NAME.match(n) for n in names):
        return None
    if any(old == new for old, new in value.items()):
        return None
    return {str(old): str(new) for old, new in value.items()}


def _inventories(value: Any) -> tuple[tuple[str | None, str], ...] | None:
    """``inventory: prod-ps.json``, a list of files, or a mapping of host name to file
    (``{production: prod-ps.json}``: messages name the host)."""
    if isinstance(value, dict):
        pairs = list(value.items())
        if all(isinstance(n, str) and CONTAINER_NAME.match(n) for n, _ in pairs) and all(
            isinstance(f, str) and f for _, f in pairs
        ):
            return tuple((str(name), str(path)) for name, path in pairs)
        return None
    paths = _string_list(value)
    if paths is None or not all(paths):
        return None
    return tuple((None, path) for path in paths)


def _severity_map(value: Any) -> Mapping[str, str] | None:
    if not isinstance(value, dict):
        return None
    if all(
        CODE_PATTERN.match(str(k)) and v in ("error", "warning", "info") for k, v in value.items()
    ):
        return {str(k): str(v) for k, v in value.items()}
    return None


def _per_file_ignores(value: Any) -> Mapping[str, tuple[str, ...]] | None:
    if not isinstance(value, dict):
        return None
    result: dict[str, tuple[str, ...]] = {}
    for glob, codes in value.items():
        checked = _code_list(codes)
        if not isinstance(glob, str) or checked is None:
            return None
        result[glob] = checked
    return result


def _limits(value: Any) -> Limits | None:
    if not isinstance(value, dict) or not set(value) <= set(_LIMIT_KEYS):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value.values()):
        return None
    return Limits(**{_LIMIT_KEYS[key]: number for key, number in value.items()})


# key in the file → (field name, converter returning None for invalid values, what it expects)
_KEYS: dict[str, tuple[str, Callable[[Any], Any], str]] = {
    "include": ("include", _string_list, "a list of glob patterns"),
    "exclude": ("exclude", _string_list, "a list of glob patterns"),
    "compose-files": ("compose_files", _string_list, "a list of compose file paths"),
    "containers": ("containers", _string_list, "a list of container names"),
    "inventory": (
        "inventories",
        _inventories,
        "a snapshot file (`docker ps --all --format json > prod-ps.json`), a list of them, "
        "or a mapping of host name to snapshot file",
    ),
    "renames": (
        "renames",
        _rename_map,
        "a mapping of old container name to new container name (`kamiyo-api: kamiyo`)",
    ),
    "placeholder-patterns": (
        "placeholder_patterns",
        _mapping_list,
        "a list of patterns ({id, regex, scope, message})",
    ),
    "enable-placeholders": ("enable_placeholders", _string_list, "a list of pattern ids"),
    "placeholder-templates": ("placeholder_templates", _string_list, "a list of glob patterns"),
    "placeholder-changelogs": ("placeholder_changelogs", _string_list, "a list of glob patterns"),
    "select": ("select", _code_list, "a list of rule codes such as DL101 or prefixes such as DL1"),
    "extend-select": ("extend_select", _code_list, "a list of rule codes"),
    "ignore": ("ignore", _code_list, "a list of rule codes"),
    "severity": ("severity", _severity_map, "a mapping of rule code to error, warning or info"),
    "limits": (
        "limits",
        _limits,
        "a mapping of positive integers with keys " + ", ".join(_LIMIT_KEYS),
    ),
    "per-file-ignores": (
        "per_file_ignores",
        _per_file_ignores,
        "a mapping of glob pattern to a list of rule codes",
    ),
}
assert {name for name, _, _ in _KEYS.values()} <= {f.name for f in fields(Config)}


def setting(config: Config, key: str) -> Any:
    """The value of a configuration-file key (``placeholder-patterns``); ``KeyError``
    for a key the file format does not have."""
    return getattr(config, _KEYS[key][0])


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``, not above the git top."""
    for folder in (start, *start.parents):
        base = str(folder)  # os.path, not pathlib: this runs for every folder up to the root
        for name in CONFIG_FILE_NAMES:
            if os.path.isfile(os.path.join(base, name)):
                return folder / name
        if os.path.isfile(os.path.join(base, "pyproject.toml")):
            pyproject = folder / "pyproject.toml"
            if has_tool_table(pyproject):
                return pyproject
        if os.path.exists(os.path.join(base, ".git")):
            return None
    return None


_TOOL_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*doclint\b", re.MULTILINE)


def has_tool_table(pyproject: Path) -> bool:
    """Whether a ``pyproject.toml`` configures doclint (even with a TOML error in it,
    which loading then reports)."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return _TOOL_TABLE.search(text) is not None


def load_config(path: Path) -> Config:
    """Read and validate a configuration file. Raises ``ConfigError`` naming file and line.

    The path is made absolute first: globs and compose files in it are relative to its
    folder, whatever the working directory (``--config ../doclint.yaml``).
    """
    shown = str(path)
    path = path.absolute()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("configuration file not found", shown) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read configuration: {error}", shown) from None
    if path.name == "pyproject.toml":
        data, lines = _read_pyproject(text, shown)
    else:
        data, lines = _read_yaml(text, shown)
    return _build(data, lines, path)


def _read_yaml(text: str, shown: str) -> tuple[dict[str, Any], dict[str, int]]:
    import yaml  # here: a run without a configuration file never needs it

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"invalid YAML: {problem}", shown, line) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ConfigError("the configuration must be a mapping of settings", shown, 1)
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return data, lines


def _read_pyproject(text: str, shown: str) -> tuple[dict[str, Any], dict[str, int]]:
    # Imported here: most runs read no pyproject.toml.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise ConfigError(f"invalid TOML: {error}", shown, line) from None
    table = document.get("tool", {}).get("doclint", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.doclint] must be a table", shown)
    lines: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.doclint")
        elif in_table and "=" in stripped:
            lines.setdefault(stripped.split("=", 1)[0].strip().strip('"'), number)
    return table, lines


def _build(data: Mapping[str, Any], lines: Mapping[str, int], path: Path) -> Config:
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = lines.get(str(key))
        if key not in _KEYS:
            hint = closest(str(key), list(_KEYS))
            more = f"; did you mean `{hint}`?" if hint else ""
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"unknown setting `{key}`{more} (known: {known})", str(path), line)
        name, convert, expected = _KEYS[key]
        converted = convert(value)
        if converted is None:
            raise ConfigError(f"`{key}` must be {expected}", str(path), line)
        values[name] = converted
    return Config(directory=path.parent, source=path, **values)
