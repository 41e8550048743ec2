"""Precision and recall on real documentation (the shared corpus, tests/shared_data.py).

See tests/corpus/README.md. Three outcomes are told apart: a finding nobody has judged
fails (a new claim), a true positive that is no longer found fails (lost recall), and a
false positive that is still reported passes: it is counted in the precision table
(``python tests/corpus/precision.py``), not hidden. Mutations (one-line edits that rot a
real command) must each be found. Skips, saying so, when the corpus is not there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))

from corpus_run import CorpusRun, run_corpus
from mutations import load_mutations
from triage import Triage

pytestmark = pytest.mark.shared("corpus")


@pytest.fixture(scope="module")
def run() -> CorpusRun:
    return run_corpus(load_mutations())


@pytest.fixture(scope="module")
def triage() -> Triage:
    return Triage.load()


def _listing(items: list[str]) -> str:
    return "\n".join(f"  {item}" for item in sorted(items))


def test_every_finding_is_triaged(run: CorpusRun, triage: Triage) -> None:
    untriaged = {f"{f.id}: {f.message}" for f in run.findings if triage.verdict(f.id) is None}
    assert not untriaged, (
        f"{len(untriaged)} corpus findings nobody has judged (new claims about real docs); "
        "judge each in tests/corpus/triage.yaml (`python tests/corpus/dump.py` prints them "
        "as entries):\n" + _listing(list(untriaged))
    )


def test_true_positives_are_still_found(run: CorpusRun, triage: Triage) -> None:
    lost = triage.lost(run.ids())
    assert not lost, (
        f"lost recall: {len(lost)} findings judged true are no longer reported:\n" + _listing(lost)
    )


def test_patterns_cover_what_they_were_judged_on(run: CorpusRun, triage: Triage) -> None:
    changes = triage.coverage_changes(run.ids())
    assert not changes, (
        "false-positive patterns whose reach changed; a finding a pattern takes in is a "
        "claim nobody judged, so judge the new ones and update `covers:`:\n"
        + _listing([f"{e.key}: covers {e.covers}, now matches {n}" for e, n in changes])
    )


def test_fixed_false_positives_leave_the_triage(run: CorpusRun, triage: Triage) -> None:
    """A fixed false positive leaves the triage file with its fix, so that the table
    counts only what doclint still says."""
    stale = [entry.key for entry in triage.stale(run.ids())]
    assert not stale, (
        "false positives no longer reported (fixed: remove their entries):\n" + _listing(stale)
    )


def test_mutations_apply_and_prove_something(run: CorpusRun) -> None:
    invalid = [f"{r.mutation.name}: {r.detail}" for r in run.mutations if r.status == "invalid"]
    assert not invalid, "mutations that do not apply or prove nothing:\n" + _listing(invalid)


def test_mutations_are_found(run: CorpusRun) -> None:
    missed = [
        f"{r.mutation.name} ({r.mutation.rot}): {r.detail}"
        for r in run.mutations
        if r.status == "missed" and not r.mutation.known_miss
    ]
    assert not missed, f"lost recall: {len(missed)} rotted commands not found:\n" + _listing(missed)


def test_known_misses_are_still_missed(run: CorpusRun) -> None:
    now_found = [
        r.mutation.name for r in run.mutations if r.status == "found" and r.mutation.known_miss
    ]
    assert not now_found, (
        "mutations marked known_miss are found now: drop their known_miss:\n" + _listing(now_found)
    )


def test_enough_mutations_over_enough_repositories(run: CorpusRun) -> None:
    assert len(run.mutations) >= 60
    assert len({r.mutation.repository for r in run.mutations}) >= 20
