"""Per-document work in chunks, on worker processes or in this one, results in input order.

A run hands the scheduler a function and the items it applies to, with the size of each
(the text it is about). The items are cut into chunks of about equal size; when there is
enough text to repay starting processes, the chunks go to forked workers
(``doclint.running.workers``), else they run here, through the same function. Results
come back in input order, so the output cannot depend on the number of workers.
Everything a chunk needs travels with it: the function (a module-level one, or a
``functools.partial`` of one over plain data) and its items. Workers hold nothing of the
run but what ``preload`` set up, and each run has its own, so two runs in one process
never share state.

Workers may be started before the run knows its work (``Scheduler.start``): they then
import and set up what linting needs (``preload``: parsers, their tables, every
checker) while the parent reads the documents and builds the inventories, rather than
in a second, serial start-up before the first document is linted. Where ``fork`` does
not exist (Windows, and macOS where it is unsafe), everything runs here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from doclint.running.workers import Pool

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_BYTES_PER_WORKER = 128 * 1024
"""Less text than this per worker is linted faster than a worker starts (~10 ms)."""
CHUNKS_PER_WORKER = 8
"""Work is handed out in this many pieces per worker, so that one slow piece (a long
document) does not leave the other workers idle at the end."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, sizes: Sequence[int]) -> int:
    """How many workers ``sizes`` (the work of each item, in bytes) is worth; 1: none."""
    return max(1, min(jobs, sum(sizes) // MIN_BYTES_PER_WORKER, len(sizes)))


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


class Scheduler:
    """The chunks of one run's work and the worker processes that do them; no worker
    outlives ``close``."""

    def __init__(self, jobs: int, preload: Callable[[], None]) -> None:
        """``preload``: what workers set up before their first chunk (imports, tables)."""
        self.jobs = jobs
        self._preload = preload
        self._pool: Pool | None = None

    def start(self, sizes: Sequence[int]) -> None:
        """Start the workers that work of ``sizes`` is worth, before it is handed out."""
        workers = worker_count(self.jobs, sizes)
        if workers > 1 and self._pool is None:
            from doclint.running.workers import Pool  # only a run that forks needs it

            self._pool = Pool.start(workers, self._preload)

    def map(
        self,
        function: Callable[[list[Item]], list[Result]],
        items: list[Item],
        sizes: Sequence[int],
        done: Callable[[int], None] = lambda count: None,
    ) -> list[Result]:
        """``function(chunk)`` over chunks of ``items`` (``sizes``: the text each one
        is), on the workers when there is enough to do (started now if they were not
        yet), else here; the results of all chunks concatenated in input order.
        ``done(n)`` is called as chunks of ``n`` results are done."""
        self.start(sizes)
        pool = self._pool if worker_count(self.jobs, sizes) > 1 else None
        count = CHUNKS_PER_WORKER * max(self.jobs, 1) if pool else 1
        pieces = [items[part.start : part.stop] for part in chunks(sizes, count)]
        if pool is not None:
            return pool.map(function, pieces, done)
        results: list[Result] = []
        for piece in pieces:
            found = function(piece)
            results.extend(found)
            done(len(found))
        return results

    def close(self, wait: bool = True) -> None:
        """Stop the workers. ``wait`` False (an error or Ctrl-C ends the run): chunks
        still being worked on are not waited for."""
        if self._pool is not None:
            self._pool.close(wait)
            self._pool = None
