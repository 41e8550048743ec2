"""What a run is asked to do: the paths, the configuration and rule choices of the
command line, and how to run (workers, cache, progress)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class RunOptions(NamedTuple):
    paths: tuple[Path, ...] = (Path("."),)
    config_file: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    compose_files: tuple[Path, ...] = ()
    """``--compose`` files, relative to the working directory."""
    inventories: tuple[tuple[str | None, Path], ...] = ()
    """``--inventory FILE`` and ``--inventory-name NAME=FILE``: snapshots of what runs on
    a host, ``(host name or None, file)``, files relative to the working directory."""
    jobs: int = 1
    """Worker processes (``--jobs``); the output is the same whatever the number."""
    cache_dir: Path | None = None
    """Where results are kept between runs (``doclint.running.cache``); None: no cache."""
    progress: bool = False
    """Show a progress bar on stderr if the run takes long (the caller has checked that
    stderr is a terminal someone watches)."""
    written: tuple[Path, ...] = ()
    """Files the run writes besides documents (``--output-file``, ``--write-baseline``):
    rewritten on every run, they must not count as a change to the repository."""
