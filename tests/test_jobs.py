"""The output is the same, in the same order, whatever the number of worker processes."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import outcome
from shared_data import locate

from doclint.findings import FileResult
from doclint.project.analysis import Analysis
from doclint.running import engine, scheduling, workers
from doclint.running.engine import Linter, RunOptions
from doclint.running.progress import ProgressBar
from doclint.running.projects import Project
from doclint.running.scheduling import Scheduler
from doclint.source import SourceFile

REPO = Path(__file__).resolve().parent.parent
CORPUS = locate("corpus")
PARENT = os.getpid()


def lint(root: Path, jobs: int) -> tuple[object, ...]:
    return outcome(Linter(RunOptions(paths=(root,), jobs=jobs)).run())


@pytest.fixture
def always_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use workers however little there is to do, so that small trees test them."""
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)


def generated_corpus(root: Path, documents: int = 120) -> Path:
    """A repository of nested projects: compose stacks, docs that create and name
    containers (so inventories matter), broken documents (diagnostics), scripts."""
    (root / ".git").mkdir(parents=True)
    for project in range(4):
        folder = root / f"stack{project}"
        folder.mkdir()
        (folder / "docker-compose.yml").write_text(
            f"services:\n  api:\n    container_name: api{project}\n    ports: ['80{project}0:80']\n"
            "  db:\n    image: postgres\n"
        )
    (root / "stack3" / "docker-compose.yml").write_text("services: [broken\n")
    for number in range(documents):
        folder = root / f"stack{number % 4}" / "docs" / f"part{number % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        other = (number + 1) % 4
        (folder / f"doc{number}.md").write_text(
            f"# Runbook {number}\n\nSee [the next one](doc{number + 1}.md#runbook-{number + 1})"
            f" and `docker logs api{other}`.\n\n"
            "- step one\n- `docker compose ps`\n\n"
            f"```bash\ndocker run --name tool{number} alpine true\n"
            f"docker logs tool{number - 1}\ndocker exec -it api{number % 4} sh\n"
            "docker-compose up -d\ncurl http://localhost:8000/health\n```\n\n"
            f"<!-- doclint-disable-next-line DL101 -->\nRun `docker logs ghost{number}`.\n"
        )
    (root / "stack0" / "docs" / "binary.md").write_bytes(b"\x00\x01")
    (root / "stack1" / "docs" / "latin1.md").write_bytes(b"caf\xe9 `docker ps`\n")
    (root / "stack2" / "run.sh").write_text("#!/bin/sh\ndocker restart api2 db\n")
    return root


@pytest.mark.usefixtures("always_fork")
def test_fixtures_in_parallel() -> None:
    expected = lint(REPO / "fixtures", 1)
    assert lint(REPO / "fixtures", 2) == expected
    assert lint(REPO / "fixtures", 4) == expected


@pytest.mark.usefixtures("always_fork")
def test_generated_corpus_in_parallel(tmp_path: Path) -> None:
    root = generated_corpus(tmp_path / "repo")
    expected = lint(root, 1)
    assert expected[1], "the corpus should give diagnostics"
    assert lint(root, 2) == expected
    assert lint(root, 3) == expected


@pytest.mark.shared("corpus")
def test_real_corpus_from_the_command_line(tmp_path: Path) -> None:
    """Through the CLI and real worker processes, text and JSON alike."""
    tree = tmp_path / "corpus"
    shutil.copytree(CORPUS, tree)
    for output in ("text", "json"):
        runs = {
            jobs: subprocess.run(
                [sys.executable, "-m", "doclint", "--no-cache", "--format", output, "-j", jobs],
                cwd=tree,
                capture_output=True,
                text=True,
            )
            for jobs in ("1", "2", "4")
        }
        first = runs["1"]
        assert first.returncode in (0, 1), first.stderr
        for run in runs.values():
            assert (run.returncode, run.stdout, run.stderr) == (
                first.returncode,
                first.stdout,
                first.stderr,
            )


def test_small_runs_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking costs more than linting a few files (the start-up target)."""
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    result = Linter(RunOptions(paths=(REPO / "fixtures" / "kamiyo-broken",), jobs=8)).run()
    assert result.findings


def test_chunks_cover_every_index_once() -> None:
    sizes = [5, 1, 1, 50, 1, 1, 1, 30, 2]
    chunks = scheduling.chunks(sizes, 4)
    assert [index for chunk in chunks for index in chunk] == list(range(len(sizes)))


def test_workers_are_forked_before_the_documents_are_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a cache that might answer, workers set up while the parent reads."""
    root = generated_corpus(tmp_path / "repo", documents=12)
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    events: list[str] = []
    start, read = workers.Pool.start, Project.read
    monkeypatch.setattr(
        workers.Pool, "start", classmethod(lambda cls, *a: events.append("fork") or start(*a))
    )
    monkeypatch.setattr(Project, "read", lambda *a: events.append("read") or read(*a))
    Linter(RunOptions(paths=(root,), jobs=2)).run()
    assert events[0] == "fork" and events.count("fork") == 1

    events.clear()  # a cache folder that exists may answer everything: no early workers
    (tmp_path / "cache").mkdir()
    Linter(RunOptions(paths=(root,), jobs=2, cache_dir=tmp_path / "cache")).run()
    assert events[0] == "read"


def test_no_worker_outlives_the_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    Linter(RunOptions(paths=(generated_corpus(tmp_path / "repo", documents=8),), jobs=3)).run()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, exited or not


HANG_S = 8
"""How long a chunk keeps its worker busy after interrupting the run."""


def test_an_interrupted_run_does_not_wait_for_its_workers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl-C while a worker is busy with a long document: the run stops at once; the
    workers exit when their chunk is done and they find the pipes closed."""
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    root = generated_corpus(tmp_path / "repo", documents=12)
    once = tmp_path / "interrupted"
    check = engine.check_document

    def interrupt_and_hang(project: Project, analysis: Analysis) -> FileResult:
        with contextlib.suppress(FileExistsError):  # in the first worker to get here
            os.close(os.open(once, os.O_CREAT | os.O_EXCL))
            os.kill(PARENT, signal.SIGINT)
            time.sleep(HANG_S)
        return check(project, analysis)

    monkeypatch.setattr(engine, "check_document", interrupt_and_hang)
    with pytest.raises(KeyboardInterrupt):
        Linter(RunOptions(paths=(root,), jobs=2)).run()
    assert time.time() - once.stat().st_mtime < HANG_S / 2
    deadline = time.monotonic() + HANG_S + 20
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.05)
        except ChildProcessError:
            break  # every worker exited and was reaped
    else:
        pytest.fail("a worker outlived the interrupted run")


def _double_or_die(chunk: list[int]) -> list[int]:
    """A task whose worker dies on a negative number (the parent just computes it)."""
    if any(n < 0 for n in chunk) and os.getpid() != PARENT:
        os._exit(9)
    if 13 in chunk:
        raise ValueError("unlucky")
    return [n * 2 for n in chunk]


def test_a_dead_worker_leaves_its_work_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    scheduler = Scheduler(2, lambda: None)
    try:
        done: list[int] = []
        numbers = [1, 2, -3, 4, 5, 6, 7]
        found = scheduler.map(_double_or_die, numbers, [1] * len(numbers), done.append)
        assert found == [2, 4, -6, 8, 10, 12, 14]
        assert sum(done) == 7
    finally:
        scheduler.close()


def test_an_error_in_a_worker_is_raised_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    scheduler = Scheduler(2, lambda: None)
    try:
        with pytest.raises(ValueError, match="unlucky"):
            scheduler.map(_double_or_die, [1, 13, 2], [1, 1, 1])
    finally:
        scheduler.close()


def _sizes(chunk: list[str]) -> list[int]:
    return [len(text) for text in chunk] + [len(chunk[0] * 2)]


def test_messages_larger_than_a_pipe_cross_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    scheduler = Scheduler(2, lambda: None)
    try:
        big = "x" * (5 << 20)
        assert scheduler.map(_sizes, [big, "y" * 10], [len(big), 10]) == [
            5 << 20, 10 << 20, 10, 20,
        ]  # fmt: skip
        assert scheduler.map(_doubled, [big, "y"], [len(big), 1]) == [big * 2, "yy"]
    finally:
        scheduler.close()


def _doubled(chunk: list[str]) -> list[str]:
    return [text * 2 for text in chunk]


SET_UP: list[int] = []
"""The processes ``_set_up`` ran in."""


def _set_up() -> None:
    SET_UP.append(os.getpid())


def _set_up_here(chunk: list[int]) -> list[tuple[int, list[int]]]:
    """The process the chunk ran in, and those its set-up was made in."""
    return [(os.getpid(), list(SET_UP)) for _ in chunk]


def test_workers_inherit_one_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first worker sets up (imports, tables), then forks the others: one set-up,
    made outside the parent, serves every worker."""
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    monkeypatch.setattr(sys.modules[__name__], "SET_UP", [])
    scheduler = Scheduler(3, _set_up)
    try:
        found = scheduler.map(_set_up_here, list(range(24)), [1] * 24)
    finally:
        scheduler.close()
    (first,) = {tuple(set_up) for _, set_up in found}
    assert len(first) == 1 and first[0] != PARENT
    assert PARENT not in {pid for pid, _ in found}


def test_a_run_inside_another_gets_its_own_results(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two runs in one process share no state: here a run started while another is
    linting lints fixed text of a document the first one analysed (what it analysed
    for its inventory and keeps for linting must not serve the other run)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docker-compose.yml").write_text("services:\n  api:\n    container_name: api\n")
    (root / "docs").mkdir()
    (root / "docs" / "a.md").write_text("# A\n\n```bash\ndocker logs api\n```\n")
    path = root / "docs" / "p.md"
    path.write_text("# P\n\n```bash\ndocker logs ghost\n```\n")
    fixed = {path: SourceFile(path, "docs/p.md", "# P\n\nNothing to run.\n", "markdown")}

    def first() -> tuple[object, ...]:
        return outcome(Linter(RunOptions(paths=(root,))).run())

    def second() -> tuple[object, ...]:
        return outcome(Linter(RunOptions(paths=(root,)), fixed).run())

    expected = first(), second()
    assert expected[0][0] and not expected[1][0]
    inner: list[tuple[object, ...]] = []
    started = False
    check = engine.check_document

    def check_and_lint(project: Project, analysis: Analysis) -> FileResult:
        nonlocal started
        if not started:
            started = True  # before: the inner run's own documents come here too
            inner.append(second())
        return check(project, analysis)

    monkeypatch.setattr(engine, "check_document", check_and_lint)
    assert (first(), *inner) == expected


def test_runs_with_workers_interleave(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A run started from another's progress callback has workers of its own; each run
    gets its own results."""
    monkeypatch.setattr(scheduling, "MIN_BYTES_PER_WORKER", 1)
    outer_root = generated_corpus(tmp_path / "outer", documents=16)
    inner_root = generated_corpus(tmp_path / "inner", documents=9)
    expected = lint(outer_root, 2), lint(inner_root, 2)
    inner: list[tuple[object, ...]] = []
    advance = ProgressBar.advance

    def advance_and_lint(bar: ProgressBar, count: int = 1) -> None:
        if not inner:
            inner.append(lint(inner_root, 2))
        advance(bar, count)

    monkeypatch.setattr(ProgressBar, "advance", advance_and_lint)
    outer = outcome(Linter(RunOptions(paths=(outer_root,), jobs=2, progress=True)).run())
    assert (outer, *inner) == expected
