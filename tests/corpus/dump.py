"""Print the untriaged corpus findings as triage entries (verdict left to a person)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # for tests/shared_data.py

from corpus_run import run_corpus
from shared_data import require
from triage import Triage


def main() -> None:
    require("corpus")
    triage = Triage.load()
    messages = {f.id: f.message for f in run_corpus([]).findings}
    for finding_id, message in sorted(messages.items()):
        if triage.verdict(finding_id) is None:
            print(f"- id: {finding_id}\n  verdict: TODO\n  reason: ''\n  # {message[:150]}")


if __name__ == "__main__":
    main()
