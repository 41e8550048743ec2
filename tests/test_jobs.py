"""The output is the same, in the same order, whatever the number of worker processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import outcome
from shared_data import locate

from doclint.running import engine, parallel, workers
from doclint.running.engine import Linter, RunOptions
from doclint.running.projects import Project

REPO = Path(__file__).resolve().parent.parent
CORPUS = locate("corpus")


def lint(root: Path, jobs: int) -> tuple[object, ...]:
    return outcome(Linter(RunOptions(paths=(root,), jobs=jobs)).run())


@pytest.fixture
def always_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use workers however little there is to do, so that small trees test them."""
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_WORKER", 1)


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
    chunks = parallel.chunks(sizes, 4)
    assert [index for chunk in chunks for index in chunk] == list(range(len(sizes)))


def test_workers_are_forked_before_the_documents_are_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a cache that might answer, workers set up while the parent reads."""
    root = generated_corpus(tmp_path / "repo", documents=12)
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_WORKER", 1)
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
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_WORKER", 1)
    Linter(RunOptions(paths=(generated_corpus(tmp_path / "repo", documents=8),), jobs=3)).run()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, exited or not


def test_an_interrupted_run_does_not_wait_for_its_workers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parallel, "MIN_BYTES_PER_WORKER", 1)
    root = generated_corpus(tmp_path / "repo", documents=12)

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine.Linter, "_prepare_inventories", interrupt)
    with pytest.raises(KeyboardInterrupt):
        Linter(RunOptions(paths=(root,), jobs=2)).run()
    deadline = time.monotonic() + 20  # the workers find their pipes closed and exit
    while time.monotonic() < deadline:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.05)
        except ChildProcessError:
            break  # every worker exited and was reaped
    else:
        pytest.fail("a worker outlived the interrupted run")


PARENT = os.getpid()


def _double_or_die(chunk: list[int]) -> list[int]:
    """A task whose worker dies on a negative number (the parent just computes it)."""
    if any(n < 0 for n in chunk) and os.getpid() != PARENT:
        os._exit(9)
    if 13 in chunk:
        raise ValueError("unlucky")
    return [n * 2 for n in chunk]


def test_a_dead_worker_leaves_its_work_to_the_parent() -> None:
    pool = workers.Pool.start(2, lambda: None)
    assert pool is not None
    try:
        done: list[int] = []
        chunks = [[1, 2], [-3], [4], [5, 6], [7]]
        assert pool.map(_double_or_die, chunks, done.append) == [2, 4, -6, 8, 10, 12, 14]
        assert sum(done) == 7
    finally:
        pool.close()


def test_an_error_in_a_worker_is_raised_in_the_parent() -> None:
    pool = workers.Pool.start(2, lambda: None)
    assert pool is not None
    try:
        with pytest.raises(ValueError, match="unlucky"):
            pool.map(_double_or_die, [[1], [13], [2]], lambda count: None)
    finally:
        pool.close()


def _sizes(chunk: list[str]) -> list[int]:
    return [len(text) for text in chunk] + [len(chunk[0] * 2)]


def test_messages_larger_than_a_pipe_cross_whole() -> None:
    pool = workers.Pool.start(2, lambda: None)
    assert pool is not None
    try:
        big = "x" * (5 << 20)
        pool.install("big", big)
        assert pool.map(_sizes, [[big], ["y" * 10]], lambda count: None) == [
            5 << 20, 10 << 20, 10, 20,
        ]  # fmt: skip
    finally:
        pool.close()
