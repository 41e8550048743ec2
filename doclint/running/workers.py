"""Worker processes and the pipes to them (see ``doclint.running.scheduling``).

Imported only by runs that fork: a run that stays in one process (a pre-commit hook on a
few files, a run served by the cache) never loads pickle, select or these classes.

Hand-written rather than ``concurrent.futures.ProcessPoolExecutor``, which forks every
worker from the parent so that each sets up parsers and checkers itself: here the first
worker sets up and forks the others, which inherit it. On two CPUs, with the parent
reading documents meanwhile, the executor made a cold run of the Rust Book about a
fifth slower.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_PIPE_BYTES = 1 << 20
"""Pipe buffers as large as Linux allows an unprivileged process by default."""
_BUFFER_BYTES = 1 << 16


class Connection:
    """One side of a worker's two pipes, carrying pickled messages.

    Plain pipes rather than ``multiprocessing``'s connections, whose import alone
    (sockets, selectors: 13 ms) would be on the path to the first linted document.
    Messages are pickled straight into the pipe: a chunk of documents never exists as
    one large bytes object (on 10,000 documents those left the parent 50 MB larger)."""

    def __init__(self, reading: int, writing: int) -> None:
        self._reader = os.fdopen(reading, "rb", buffering=_BUFFER_BYTES)
        self._writer = os.fdopen(writing, "wb", buffering=_BUFFER_BYTES)

    @classmethod
    def pair(cls) -> tuple[Connection, Connection]:
        """The parent's end and the worker's end of a new pair of pipes."""
        down_read, down_write = os.pipe()
        up_read, up_write = os.pipe()
        for descriptor in (down_write, up_write):
            with contextlib.suppress(OSError):  # fewer, larger writes
                fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        return cls(up_read, down_write), cls(down_read, up_write)

    @staticmethod
    def ready(connections: list[Connection]) -> list[Connection]:
        """The connections with a message (or an end of file) to read; waits for one.
        Each side sends one message and then waits for the answer, so no message is
        ever left in a reader's buffer where ``select`` cannot see it."""
        readable, _, _ = select.select(connections, [], [])
        return readable

    def fileno(self) -> int:
        return self._reader.fileno()

    def send(self, message: object) -> None:
        pickle.dump(message, self._writer, protocol=pickle.HIGHEST_PROTOCOL)
        self._writer.flush()

    def recv(self) -> Any:
        """The next message; ``EOFError`` when the other side is gone."""
        try:
            return pickle.load(self._reader)
        except pickle.UnpicklingError as error:  # cut short: the writer died mid-message
            raise EOFError(str(error)) from None

    def close(self) -> None:
        for stream in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                stream.close()


class Pool:
    """Forked workers that take chunks of work until the pool is closed."""

    def __init__(self, connections: list[Connection], pids: list[int]) -> None:
        self._connections = connections
        self._pids = pids
        self._broken = False

    @classmethod
    def start(cls, workers: int, warm: Callable[[], None]) -> Pool | None:
        """``workers`` processes set up by ``warm`` (imports, tables); None where there
        is no safe ``fork`` or fewer than two workers are asked for.

        One worker is forked and warms up; then it forks the others, which inherit what
        it set up: on two cores, the parent (reading documents meanwhile) and one
        warming worker keep both busy, where every worker warming at once would make
        three processes share them."""
        if workers < 2 or not sys.platform.startswith("linux"):
            return None  # macOS aborts forked children that touch some system libraries
        pipes = [Connection.pair() for _ in range(workers)]
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the first worker: it never returns into the caller's code
            for parent_end, _ in pipes:
                parent_end.close()
            _first_worker([child_end for _, child_end in pipes], warm)
        for _, child_end in pipes:
            child_end.close()
        return cls([parent_end for parent_end, _ in pipes], [pid])

    def map(
        self,
        function: Callable[[Item], list[Result]],
        chunks: Sequence[Item],
        done: Callable[[int], None],
    ) -> list[Result]:
        """``function(chunk)`` for every chunk, run by the workers; the results of all
        chunks concatenated in chunk order. ``done(n)`` is called as chunks of ``n``
        results come back. A worker that dies (killed, out of memory) leaves its work
        and the rest to this process."""
        results: list[list[Result] | None] = [None] * len(chunks)
        busy: dict[Connection, int] = {}
        waiting = iter(range(len(chunks)))

        def hand_out(connection: Connection) -> None:
            """Send ``connection``'s worker the next chunk, if any is left."""
            index = next(waiting, None)
            if index is not None and self._send(connection, function, chunks[index]):
                busy[connection] = index

        for connection in self._live():
            hand_out(connection)
        while busy:
            for connection in Connection.ready(list(busy)):
                index = busy.pop(connection)
                reply = self._receive(connection)
                if reply is None:
                    self._broken = True
                    continue  # its chunk is run here, below
                kind, value = reply
                if kind == "failed":
                    raise value
                results[index] = value
                done(len(value))
                hand_out(connection)
        for index, found in enumerate(results):
            if found is None:
                results[index] = function(chunks[index])
                done(len(results[index] or ()))
        return [result for found in results for result in found or ()]

    def close(self, wait: bool = True) -> None:
        """Stop the workers and wait for them: none outlives the run. ``wait`` False
        (the run was interrupted): do not wait for chunks still being worked on; the
        workers exit when they find the pipes closed."""
        for connection in self._connections:
            if wait:
                with contextlib.suppress(OSError):
                    connection.send(("stop",))
            connection.close()
        for pid in self._pids if wait else ():
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._connections = []

    def _live(self) -> list[Connection]:
        return [] if self._broken else list(self._connections)

    def _send(self, connection: Connection, function: Callable[..., object], chunk: object) -> bool:
        try:
            connection.send(("run", function, chunk))
        except OSError:
            self._broken = True
            return False
        return True

    @staticmethod
    def _receive(connection: Connection) -> tuple[str, Any] | None:
        try:
            reply: tuple[str, Any] = connection.recv()
        except (EOFError, OSError):
            return None
        return reply


def _first_worker(ends: list[Connection], warm: Callable[[], None]) -> None:
    """Warm up, fork the other workers (each keeps only its own end of the pipes), then
    serve as the first of them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    children: list[int] = []
    try:
        warm()
        for index in range(1, len(ends)):
            pid = os.fork()
            if pid == 0:
                for number, other in enumerate(ends):
                    if number != index:
                        other.close()
                _serve(ends[index], [])
            children.append(pid)
            ends[index].close()
    except BaseException:
        os._exit(1)  # the parent sees every pipe close and does the work itself
    _serve(ends[0], children)


def _serve(connection: Connection, children: list[int]) -> None:
    """A worker's life: run what the parent sends until told to stop; then wait for
    the workers it forked, so that none outlives the run."""
    code = 0
    try:
        while True:
            try:
                message = connection.recv()
            except (EOFError, OSError):
                break  # the parent is gone
            if message[0] == "stop":
                break
            _, function, chunk = message
            try:
                reply: tuple[str, object] = ("done", function(chunk))
            except Exception as error:  # the parent re-raises it
                reply = ("failed", error)
            connection.send(reply)
    except BaseException:
        code = 1
    finally:
        connection.close()
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        sys.stdout.flush()
        os._exit(code)
