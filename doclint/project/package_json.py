"""What a ``package.json`` lets ``npm run`` / ``yarn`` / ``pnpm`` run: its scripts, and
(for yarn and pnpm, which also run installed binaries) its dependencies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

MAX_BYTES = 1024 * 1024


class Package(NamedTuple):
    path: Path
    scripts: frozenset[str]
    dependencies: frozenset[str]
    """Names in ``dependencies``, ``devDependencies`` and ``optionalDependencies``, with
    their scope removed as well (``@vue/cli-service`` → also ``cli-service``)."""


def read_package(folder: Path) -> Package | None:
    """The ``package.json`` of a folder; ``None`` when there is none or it is not a
    JSON object (then nothing can be said about its scripts)."""
    path = folder / "package.json"
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    scripts = data.get("scripts")
    names: set[str] = set()
    for key in ("dependencies", "devDependencies", "optionalDependencies"):
        section = data.get(key)
        if isinstance(section, dict):
            names.update(str(name) for name in section)
            names.update(str(name).rsplit("/", 1)[-1] for name in section)
    return Package(
        path=path,
        scripts=frozenset(map(str, scripts)) if isinstance(scripts, dict) else frozenset(),
        dependencies=frozenset(names),
    )
