"""Run doclint over the shared corpus as a user would, on a faithful copy of each tree.

One pass per repository: rebuild it as a clone, lint it whole, then apply each of its
mutations (mutations.py) one at a time and lint the document that should now fail. The
corpus is the ``corpus`` part of the shared data (tests/shared_data.py, which must be
importable: the scripts put tests/ on ``sys.path``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mutations import Mutation, MutationResult
from shared_data import locate

ROOT = Path(__file__).resolve().parents[2]
CORPUS = locate("corpus")
LINT_TIMEOUT = 300


@dataclass(frozen=True)
class CorpusFinding:
    """One finding on one corpus repository; ``id`` is what the triage file judges."""

    repository: str
    path: str
    line: int
    code: str
    message: str

    @property
    def id(self) -> str:
        return f"{self.repository}/{self.path}:{self.line}:{self.code}"


@dataclass
class CorpusRun:
    """What one run over the corpus found, and what became of each mutation."""

    repositories: list[str] = field(default_factory=list)
    findings: list[CorpusFinding] = field(default_factory=list)
    mutations: list[MutationResult] = field(default_factory=list)

    def ids(self) -> set[str]:
        return {finding.id for finding in self.findings}


def repositories() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


def rebuild(repository: Path, into: Path) -> tuple[Path, set[Path]]:
    """Copy a corpus repository as a git clone and create, empty, every other path of the
    real tree.

    Returns the copy and the stubs it created: claims about the *content* of a stub
    (an anchor inside a Markdown file the corpus did not keep) cannot be judged.
    """
    stubs: set[Path] = set()
    # the folder a `git clone` makes: its name is compose's default project name
    target = into / repository.name / repository.name.split("__", 1)[-1]
    shutil.copytree(repository, target, symlinks=True)
    for child in target.rglob("*"):
        child.chmod(child.stat().st_mode | 0o200)
    target.chmod(target.stat().st_mode | 0o200)
    # a clone: doclint finds the project root, the boundary of compose look-ups and the
    # .gitignore rules from the `.git` folder, as in a user's checkout
    subprocess.run(["git", "init", "-q", str(target)], check=True, timeout=60)
    tree = repository / ".repo-tree.txt"
    for line in tree.read_text(encoding="utf-8").splitlines() if tree.is_file() else []:
        path = target / line.strip()
        if line.strip() and not path.exists() and target in path.resolve().parents:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            stubs.add(path)
    return target, stubs


def lint(tree: Path, *paths: str) -> list[dict[str, Any]]:
    """doclint's JSON findings for ``paths`` (default: the whole tree), run from the
    tree's root."""
    done = subprocess.run(
        [sys.executable, "-m", "doclint", "--no-cache", "--format", "json", *(paths or ["."])],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=LINT_TIMEOUT,
        check=False,
    )
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise RuntimeError(f"{tree.name}: exit {done.returncode}\n{done.stderr}")
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return findings


def _into_stub(tree: Path, stubs: set[Path], finding: dict[str, Any]) -> bool:
    """Whether a DL401 finding is about an anchor inside a stub file (``stubs`` are
    resolved paths)."""
    if finding["code"] != "DL401" or finding["line"] != finding["end_line"]:
        return False
    document = tree / finding["path"]
    line = document.read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
    end = finding["end_column"] - 1
    opening = max(line.rfind("(", 0, end), line.rfind(" ", 0, finding["column"] - 1))
    target = line[opening + 1 : end].split("#", 1)[0]
    if not target:
        return False
    # a site-style link names a page without `.md`: relative to the document's folder
    # (`page`), or to the page's own URL, `doc/` (`../page/`)
    plain = (document.parent / target).resolve()
    site = str((document.with_suffix("") / target).resolve()).rstrip("/") + ".md"
    candidates = (plain, Path(str(plain).rstrip("/") + ".md"), Path(site))
    return any(candidate in stubs for candidate in candidates)


def run_repository(
    repository: Path, mutations: list[Mutation], scratch: Path
) -> tuple[list[CorpusFinding], list[MutationResult]]:
    """Lint one repository, then each of its mutations in turn on the same tree."""
    tree, created = rebuild(repository, scratch)
    stubs = {stub.resolve() for stub in created}
    findings = [
        CorpusFinding(repository.name, f["path"], f["line"], f["code"], f["message"])
        for f in lint(tree)
        if not _into_stub(tree, stubs, f)
    ]
    baseline = {finding.id for finding in findings}
    results = [mutation.run(tree, baseline, lint) for mutation in mutations]
    return findings, results


def run_corpus(
    mutations: list[Mutation], *, only: list[str] | None = None, jobs: int | None = None
) -> CorpusRun:
    """Every repository of the corpus (or those named in ``only``), several at a time
    (each lint is a subprocess), with the given mutations of each."""
    known = {repository.name for repository in repositories()}
    unknown = ({m.repository for m in mutations} | set(only or ())) - known
    if unknown:
        raise ValueError(f"not repositories of the corpus: {sorted(unknown)}")
    chosen = [r for r in repositories() if only is None or r.name in only]
    by_repository: dict[str, list[Mutation]] = {}
    for mutation in mutations:
        by_repository.setdefault(mutation.repository, []).append(mutation)
    run = CorpusRun([repository.name for repository in chosen])
    with (
        tempfile.TemporaryDirectory() as scratch,
        ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool,
    ):
        outcomes = pool.map(
            lambda repository: run_repository(
                repository, by_repository.get(repository.name, []), Path(scratch)
            ),
            chosen,
        )
        for findings, results in outcomes:
            run.findings.extend(findings)
            run.mutations.extend(results)
    return run
