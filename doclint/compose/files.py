"""The file names ``docker compose`` looks for, kept apart from the loader so that
finding projects and compose files does not import YAML parsing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

DEFAULT_FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
DEFAULT_OVERRIDE_FILE_NAMES = (
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
)


def find_default_files(directory: Path) -> list[Path]:
    """The files ``docker compose`` uses in ``directory`` when no ``-f`` is given.

    Like compose, a name that exists counts even if it is not a regular file; loading
    it then fails with a clear error instead of silently using another file.
    """
    main = _first_existing(directory, DEFAULT_FILE_NAMES)
    if main is None:
        return []
    override = _first_existing(directory, DEFAULT_OVERRIDE_FILE_NAMES)
    return [main] if override is None else [main, override]


def _first_existing(directory: Path, names: Sequence[str]) -> Path | None:
    return next((directory / name for name in names if (directory / name).exists()), None)
