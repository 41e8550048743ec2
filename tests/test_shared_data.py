"""The data beside the checkout is found in one place, and a test that needs it is skipped
with the reason when it is missing, or fails when a run requires it (``.ci/run``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import shared_data

REPO = Path(__file__).resolve().parent.parent
# A test marked @pytest.mark.shared("corpus", "bench/rust-book")
MARKED = "tests/test_links_plain.py::test_shared_documents"


def test_the_default_is_beside_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(shared_data.VARIABLE, raising=False)
    assert shared_data.locate("bench/rust-book") == REPO.parent / "shared" / "bench" / "rust-book"


def test_the_variable_moves_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(shared_data.VARIABLE, str(tmp_path))
    assert shared_data.locate("corpus") == tmp_path / "corpus"
    assert shared_data.missing("corpus", "reference") == (
        f"shared data not found: {tmp_path / 'corpus'}, {tmp_path / 'reference'} (looked in "
        "$DOCLINT_SHARED; set DOCLINT_SHARED to the folder holding corpus/, reference/ and "
        "bench/)"
    )
    (tmp_path / "corpus").mkdir()
    assert shared_data.missing("corpus") is None
    assert shared_data.require("corpus") == tmp_path / "corpus"
    with pytest.raises(SystemExit, match=r"shared data not found: .*reference"):
        shared_data.require("reference")


def test_a_part_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(ValueError, match="'books' is not a part of the shared data"):
        shared_data.locate("books")


def run_marked_test(shared: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != shared_data.REQUIRE_VARIABLE}
    env |= {shared_data.VARIABLE: str(shared), **environment}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", MARKED],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_data_skips_saying_what_and_where(tmp_path: Path) -> None:
    done = run_marked_test(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert "SKIPPED [1] tests/test_links_plain.py" in done.stdout
    assert f"shared data not found: {tmp_path / 'corpus'}, {tmp_path / 'bench'}" in done.stdout


def test_missing_data_fails_when_required(tmp_path: Path) -> None:
    done = run_marked_test(tmp_path, **{shared_data.REQUIRE_VARIABLE: "1"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 error" in done.stdout and "skipped" not in done.stdout
    assert f"shared data not found: {tmp_path / 'corpus'}" in done.stdout
    assert f"{shared_data.REQUIRE_VARIABLE} is set" in done.stdout
