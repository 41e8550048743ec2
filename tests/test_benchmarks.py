"""Smoke tests of benchmarks/: the corpus generator and the time limits script.

The scale figures (``benchmarks/run.py --scale``) are only comparable from run to run if
the generated corpus is the same for the same seed, and only meaningful if a fifth of it
is docker runbooks, as the generator promises. ``benchmarks/limits.py`` must keep running
on the tests' hostile input as the code it calls moves. Nothing here installs peers or
judges a time: that is the job of benchmarks/, not of the test suite.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
GENERATOR = BENCHMARKS / "generate_corpus.py"
SHELL_FENCE = re.compile(r"^```(?:bash|sh|shell|console)$", re.MULTILINE)


def generate(out: Path, seed: int, files: int = 20) -> dict[str, bytes]:
    """Run the generator as users do and return every file written, by relative path."""
    command = [sys.executable, str(GENERATOR), str(out), "--files", str(files), "--seed", str(seed)]
    subprocess.run(command, check=True, capture_output=True)
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", seed=7)
    assert first == generate(tmp_path / "b", seed=7)
    assert first != generate(tmp_path / "c", seed=8)


def test_a_fifth_of_the_documents_are_docker_runbooks_beside_a_compose_file(
    tmp_path: Path,
) -> None:
    files = generate(tmp_path, seed=3)
    documents = {path: data.decode() for path, data in files.items() if path.endswith(".md")}
    assert len(documents) == 20
    runbooks = [text for text in documents.values() if SHELL_FENCE.search(text)]
    assert len(runbooks) == 4
    assert all("docker" in text for text in runbooks)
    composes = [path for path in files if path.endswith("/compose.yaml")]
    assert len(composes) == 1
    services = yaml.safe_load(files[composes[0]])["services"]
    assert services, "the compose project defines services for the runbooks to name"
    assert all(500 <= len(data) <= 30_000 for data in documents.values())


def test_the_limits_script_runs_every_stage_case(tmp_path: Path) -> None:
    """The in-process cases, once each: what came out, not how fast (no verdict read)."""
    report = tmp_path / "limits.json"
    cases = ["compose-alias-bomb", "dotenv-open-quote", "shell-unbalanced-quotes"]
    command = [sys.executable, str(BENCHMARKS / "limits.py"), "--runs", "1", "--only", *cases]
    # check=False: the exit code is the verdict on time, which this test does not judge
    subprocess.run([*command, "--json", str(report)], capture_output=True, timeout=300, check=False)
    verdicts = json.loads(report.read_text(encoding="utf-8"))
    assert [(v["name"], v["outcome"], len(v["samples"])) for v in verdicts] == [
        ("compose-alias-bomb", "refused as an alias bomb", 1),
        ("dotenv-open-quote", "1 warning(s)", 1),
        ("shell-unbalanced-quotes", "1000 docker commands", 1),
    ]
