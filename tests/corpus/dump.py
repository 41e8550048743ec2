"""Print the untriaged corpus findings as triage entries (verdict left to a person)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_run import CORPUS, run_corpus
from triage import Triage


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    triage = Triage.load()
    messages = {f.id: f.message for f in run_corpus([]).findings}
    for finding_id, message in sorted(messages.items()):
        if triage.verdict(finding_id) is None:
            print(f"- id: {finding_id}\n  verdict: TODO\n  reason: ''\n  # {message[:150]}")


if __name__ == "__main__":
    main()
