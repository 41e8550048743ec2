"""Per-document work spread over worker processes, results in input order.

Workers are forked: they inherit the run as the parent prepared it (projects, rules,
inventories, the documents' text), so only an index goes to a worker and only a small
result comes back. Output therefore cannot depend on the number of workers: each item
is computed by the same function from the same state, and results are put back in
input order. Where ``fork`` does not exist (Windows, and macOS where it is unsafe),
and for work too small to repay starting processes, everything runs in this process.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Result = TypeVar("Result")

MIN_BYTES_PER_WORKER = 128 * 1024
"""Less text than this per worker is linted faster than a worker starts (~10 ms)."""
CHUNKS_PER_WORKER = 8
"""Work is handed out in this many pieces per worker, so that one slow piece (a long
document) does not leave the other workers idle at the end."""

_task: Callable[[int], object] | None = None
"""The function workers apply, set before they are forked."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_indexed(
    task: Callable[[int], Result],
    sizes: Sequence[int],
    jobs: int,
    done: Callable[[int], None] = lambda count: None,
    prepare: Callable[[], None] = lambda: None,
) -> list[Result]:
    """``task(i)`` for every index of ``sizes`` (the work each one is, in bytes), in
    order, on up to ``jobs`` processes; ``done(n)`` is called as ``n`` more finish.

    ``prepare`` runs once before workers are forked (not at all without workers): what
    it imports or loads, they inherit instead of each doing it again."""
    workers = min(jobs, sum(sizes) // MIN_BYTES_PER_WORKER, len(sizes))
    context = _fork_context() if workers > 1 else None
    if context is None:
        return _serial(task, range(len(sizes)), done)
    from concurrent.futures import ProcessPoolExecutor  # here: most runs stay in one process
    from concurrent.futures.process import BrokenProcessPool

    prepare()
    global _task
    _task = task
    results: list[Result] = []
    chunks = _chunks(sizes, workers * CHUNKS_PER_WORKER)
    try:
        with ProcessPoolExecutor(workers, context, initializer=_ignore_interrupts) as pool:
            for chunk in pool.map(_run_chunk, chunks):
                results.extend(chunk)  # type: ignore[arg-type]
                done(len(chunk))
    except BrokenProcessPool:  # a worker died (killed, out of memory): finish here
        results.extend(_serial(task, range(len(results), len(sizes)), done))
    finally:
        _task = None
    return results


def _serial(
    task: Callable[[int], Result], indexes: range, done: Callable[[int], None]
) -> list[Result]:
    results = []
    for index in indexes:
        results.append(task(index))
        done(1)
    return results


def _chunks(sizes: Sequence[int], count: int) -> list[range]:
    """Consecutive index ranges of about equal total size."""
    target = max(1, sum(sizes) // count)
    chunks: list[range] = []
    start = total = 0
    for index, size in enumerate(sizes):
        total += size
        if total >= target:
            chunks.append(range(start, index + 1))
            start, total = index + 1, 0
    if start < len(sizes):
        chunks.append(range(start, len(sizes)))
    return chunks


def _run_chunk(indexes: range) -> list[object]:
    assert _task is not None
    return [_task(index) for index in indexes]


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: workers stop when it shuts the pool down,
    without a traceback each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _fork_context() -> BaseContext | None:
    """Fork where it is safe: Linux (macOS aborts forked children that touch some
    system libraries, and Windows has no fork)."""
    if not sys.platform.startswith("linux"):
        return None
    import multiprocessing  # here: a run that stays in one process never needs it

    return multiprocessing.get_context("fork")
