"""Record everything doclint reports on the fixtures, the real-world corpus and the Rust
Book, as one JSON file, so that a refactoring can prove its output unchanged:

    python tools/output_snapshot.py /tmp/before.json      # on the old commit
    python tools/output_snapshot.py /tmp/after.json       # on the new one
    diff /tmp/before.json /tmp/after.json                 # nothing, or what changed

Each target is linted from its own root with ``--no-cache --format json``; the snapshot
keeps the exit code, every finding and stderr (with temporary folders written as
``<tmp>``). The corpus repositories are rebuilt as the corpus test rebuilds them; the
corpus and the book are found as the tests find them (tests/shared_data.py:
``$DOCLINT_SHARED`` or ``../shared`` beside the checkout), and a part that is missing is
left out (and named on stderr).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
sys.path.insert(1, str(ROOT / "tests"))

from corpus_run import rebuild  # noqa: E402
from shared_data import locate, missing  # noqa: E402


def lint(root: Path, scratch: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "doclint", "--no-cache", "--format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        findings = json.loads(done.stdout)
    except json.JSONDecodeError:
        findings = done.stdout
    return {
        "exit": done.returncode,
        "findings": findings,
        "stderr": done.stderr.replace(scratch, "<tmp>").replace(str(ROOT), "<checkout>"),
    }


def targets(scratch: Path) -> dict[str, Path]:
    """Name → folder to lint from."""
    fixtures = ROOT / "fixtures"
    found = {f"fixtures/{p.name}": p for p in sorted(fixtures.glob("kamiyo-*"))}
    found.update({f"fixtures/rules/{p.name}": p for p in sorted((fixtures / "rules").iterdir())})
    corpus, book = locate("corpus"), locate("bench/rust-book")
    if corpus.is_dir():
        for repository in sorted(p for p in corpus.iterdir() if p.is_dir()):
            found[f"corpus/{repository.name}"], _ = rebuild(repository, scratch)
    if book.is_dir():
        found["bench/rust-book"] = book
    absent = missing("corpus", "bench/rust-book")
    if absent:
        print(f"left out: {absent}", file=sys.stderr)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="where to write the snapshot (JSON)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        snapshot = {name: lint(root, scratch) for name, root in targets(Path(scratch)).items()}
    options.output.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n")
    print(f"{len(snapshot)} targets -> {options.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
