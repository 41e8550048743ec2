"""Per-document work spread over worker processes, results in input order.

Workers are forked, and may be forked *before* the run knows its work: while the
parent reads the documents, loads the rules and builds the inventories, they import
and set up what linting needs (parsers, their tables, every checker), which would
otherwise be a second, serial start-up before any document is linted. What a worker
needs of the run is sent to it then: shared state once (``workers.Pool.install``), and the
documents with each chunk of work. Only module-level functions and plain data cross
the pipe; results come back in input order, so the output cannot depend on the
number of workers. Where ``fork`` does not exist (Windows, and macOS where it is
unsafe), and for work too small to repay starting processes, everything runs in this
process, through the same functions. The processes and their pipes are in
``doclint.running.workers``, imported only by a run that forks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_BYTES_PER_WORKER = 128 * 1024
"""Less text than this per worker is linted faster than a worker starts (~10 ms)."""
CHUNKS_PER_WORKER = 8
"""Work is handed out in this many pieces per worker, so that one slow piece (a long
document) does not leave the other workers idle at the end."""

_installed: dict[str, Any] = {}
"""State shared with the workers (``workers.Pool.install``), read with ``installed``."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, sizes: Sequence[int]) -> int:
    """How many workers ``sizes`` (the work of each item, in bytes) is worth; 1: none."""
    return max(1, min(jobs, sum(sizes) // MIN_BYTES_PER_WORKER, len(sizes)))


def share(key: str, value: object) -> None:
    """Install ``value`` for this process (the workers' copy is sent by ``Pool.install``)."""
    _installed[key] = value


def installed(key: str) -> Any:
    """State the parent installed for the workers (and for itself, when it works alone)."""
    return _installed[key]


def forget() -> None:
    """Drop what was installed: the run is over."""
    _installed.clear()


def run_serially(
    function: Callable[[Item], list[Result]], chunks: Sequence[Item], done: Callable[[int], None]
) -> list[Result]:
    """What ``Pool.map`` does, in this process."""
    results: list[Result] = []
    for chunk in chunks:
        found = function(chunk)
        results.extend(found)
        done(len(found))
    return results


def chunks(sizes: Sequence[int], count: int) -> list[range]:
    """Consecutive index ranges of about equal total size."""
    target = max(1, sum(sizes) // count)
    found: list[range] = []
    start = total = 0
    for index, size in enumerate(sizes):
        total += size
        if total >= target:
            found.append(range(start, index + 1))
            start, total = index + 1, 0
    if start < len(sizes):
        found.append(range(start, len(sizes)))
    return found
