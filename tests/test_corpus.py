"""Precision on real documentation: every finding on ../shared/corpus is triaged.

See tests/corpus/README.md. Skips (saying so) when the corpus is not beside the
checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent / "corpus"))

from corpus_run import CORPUS, corpus_findings

TRIAGE = Path(__file__).parent / "corpus" / "triage.yaml"
VERDICTS = ("true-positive", "false-positive")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the real-world corpus is not at {CORPUS}"
)


def load_triage() -> dict[str, dict[str, str]]:
    entries = yaml.safe_load(TRIAGE.read_text(encoding="utf-8")) or []
    triage: dict[str, dict[str, str]] = {}
    for entry in entries:
        assert entry["verdict"] in VERDICTS, entry
        assert entry.get("reason"), f"{entry['id']}: a verdict needs a reason"
        assert entry["id"] not in triage, f"{entry['id']} is listed twice"
        triage[entry["id"]] = entry
    return triage


@pytest.fixture(scope="module")
def findings() -> dict[str, str]:
    return corpus_findings()


def test_every_finding_is_triaged(findings: dict[str, str]) -> None:
    untriaged = {key: message for key, message in findings.items() if key not in load_triage()}
    assert not untriaged, "untriaged corpus findings:\n" + "\n".join(
        f"{key}: {message}" for key, message in sorted(untriaged.items())
    )


def test_true_positives_still_found(findings: dict[str, str]) -> None:
    lost = [
        key
        for key, entry in load_triage().items()
        if entry["verdict"] == "true-positive" and key not in findings
    ]
    assert not lost, f"true positives no longer reported: {lost}"


def test_triage_has_no_stale_false_positives(findings: dict[str, str]) -> None:
    """A fixed false positive leaves the triage file with its fix."""
    stale = [
        key
        for key, entry in load_triage().items()
        if entry["verdict"] == "false-positive" and key not in findings
    ]
    assert not stale, f"false positives no longer reported (remove them): {stale}"
