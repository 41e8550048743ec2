"""Run doclint over ../shared/corpus as a user would, on a faithful copy of each tree."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def rebuild(repository: Path, into: Path) -> tuple[Path, set[Path]]:
    """Copy a corpus repository and create, empty, every other path of the real tree.

    Returns the copy and the stubs it created: claims about the *content* of a stub
    (an anchor inside a Markdown file the corpus did not keep) cannot be judged.
    """
    stubs: set[Path] = set()
    target = into / repository.name
    shutil.copytree(repository, target, symlinks=True)
    for child in target.rglob("*"):
        child.chmod(child.stat().st_mode | 0o200)
    target.chmod(target.stat().st_mode | 0o200)
    tree = repository / ".repo-tree.txt"
    for line in tree.read_text(encoding="utf-8").splitlines() if tree.is_file() else []:
        path = target / line.strip()
        if line.strip() and not path.exists() and target in path.resolve().parents:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            stubs.add(path)
    return target, stubs


def _into_stub(tree: Path, stubs: set[Path], finding: dict[str, Any]) -> bool:
    """Whether a DL401 finding is about an anchor inside a stub file."""
    if finding["code"] != "DL401" or finding["line"] != finding["end_line"]:
        return False
    document = tree / finding["path"]
    line = document.read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
    end = finding["end_column"] - 1
    opening = max(line.rfind("(", 0, end), line.rfind(" ", 0, finding["column"] - 1))
    target = line[opening + 1 : end].split("#", 1)[0]
    if not target:
        return False
    resolved = {s.resolve() for s in stubs}
    # a site-style link (`../page/`) is relative to the page's own URL, `doc/`, and is
    # served from `page.md`
    site = str((document.with_suffix("") / target).resolve()).rstrip("/") + ".md"
    candidates = ((document.parent / target).resolve(), Path(site))
    return any(candidate in resolved for candidate in candidates)


def corpus_findings() -> dict[str, str]:
    """``repo/path:line:CODE`` → message for every finding on every corpus repository."""
    found: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for repository in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            tree, stubs = rebuild(repository, Path(scratch))
            done = subprocess.run(
                [sys.executable, "-m", "doclint", "--no-cache", "--format", "json", "."]
                if _has_no_cache()
                else [sys.executable, "-m", "doclint", "--format", "json", "."],
                cwd=tree,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if done.returncode not in (0, 1) or "Traceback" in done.stderr:
                raise RuntimeError(f"{repository.name}: exit {done.returncode}\n{done.stderr}")
            for finding in json.loads(done.stdout):
                if _into_stub(tree, stubs, finding):
                    continue
                key = f"{repository.name}/{finding['path']}:{finding['line']}:{finding['code']}"
                found[key] = finding["message"]
    return found


def _has_no_cache() -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "doclint", "check", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return "--no-cache" in done.stdout
