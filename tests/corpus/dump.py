"""Print the current corpus findings as triage entries (verdict left to a person)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_run import CORPUS, corpus_findings


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    for finding_id, message in sorted(corpus_findings().items()):
        print(f"- id: {finding_id}\n  verdict: TODO\n  reason: ''\n  # {message[:150]}")


if __name__ == "__main__":
    main()
