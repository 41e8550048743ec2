"""The corpus harness itself: triage verdicts, pattern reach, and mutations, on small
made-up inputs (no corpus needed)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))

from mutations import load_mutations
from triage import Triage


def _triage(tmp_path: Path, text: str) -> Triage:
    path = tmp_path / "triage.yaml"
    path.write_text(text, encoding="utf-8")
    return Triage.load(path)


PATTERN = """
- pattern: site/content/*:DL401
  verdict: false-positive
  reason: routes the generator serves
  covers: 2
- id: site/content/a.md:3:DL401
  verdict: true-positive
  reason: the page is gone
- id: site/README.md:9:DL201
  verdict: false-positive
  reason: changelog history
"""


def test_an_id_wins_over_a_pattern(tmp_path: Path) -> None:
    triage = _triage(tmp_path, PATTERN)
    assert triage.verdict("site/content/a.md:3:DL401") == "true-positive"
    assert triage.verdict("site/content/b/c.md:7:DL401") == "false-positive"
    assert triage.verdict("site/content/b/c.md:7:DL402") is None


def test_a_pattern_that_takes_in_a_new_finding_is_flagged(tmp_path: Path) -> None:
    triage = _triage(tmp_path, PATTERN)
    judged = {"site/content/a.md:3:DL401", "site/content/b.md:1:DL401", "site/content/c.md:1:DL401"}
    assert triage.coverage_changes(judged) == []
    [(entry, count)] = triage.coverage_changes(judged | {"site/content/d.md:5:DL401"})
    assert (entry.key, count) == ("site/content/*:DL401", 3)


def test_lost_and_stale_entries(tmp_path: Path) -> None:
    triage = _triage(tmp_path, PATTERN)
    assert triage.lost({"site/README.md:9:DL201"}) == ["site/content/a.md:3:DL401"]
    stale = triage.stale({"site/content/a.md:3:DL401"})
    assert [entry.key for entry in stale] == ["site/README.md:9:DL201", "site/content/*:DL401"]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("- id: a:1:DL101\n  verdict: maybe\n  reason: x\n", "verdict must be"),
        ("- id: a:1:DL101\n  verdict: true-positive\n", "needs a reason"),
        ("- pattern: a*\n  verdict: true-positive\n  reason: x\n  covers: 1\n", "one by one"),
        ("- pattern: a*\n  verdict: false-positive\n  reason: x\n", "covers"),
        ("- verdict: false-positive\n  reason: x\n", "exactly one of"),
        ("- id: a:1:DL101\n  verdict: true-positive\n  reason: x\n" * 2, "listed twice"),
    ],
)
def test_malformed_triage_is_refused(tmp_path: Path, text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        _triage(tmp_path, text)


MUTATION = """
- repo: demo
  path: docs/run.md
  line: 2
  find: docker logs api
  replace: docker logs api-old
  expect: DL101
  rot: a container renamed
"""


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "demo"
    (tree / "docs").mkdir(parents=True)
    (tree / "docs" / "run.md").write_text("```sh\ndocker logs api\n```\n", encoding="utf-8")
    return tree


def _mutation(tmp_path: Path, text: str = MUTATION) -> Any:
    path = tmp_path / "mutations.yaml"
    path.write_text(text, encoding="utf-8")
    [mutation] = load_mutations(path)
    return mutation


def test_a_mutation_is_applied_linted_and_undone(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    seen: list[str] = []

    def lint(root: Path, path: str) -> list[dict[str, Any]]:
        seen.append((root / path).read_text(encoding="utf-8"))
        return [{"path": "docs/run.md", "line": 2, "code": "DL101", "message": "no api-old"}]

    result = _mutation(tmp_path).run(tree, set(), lint)
    assert (result.status, result.detail) == ("found", "no api-old")
    assert seen == ["```sh\ndocker logs api-old\n```\n"]
    assert (tree / "docs" / "run.md").read_text(encoding="utf-8") == "```sh\ndocker logs api\n```\n"


def test_a_mutation_not_found_is_a_miss(tmp_path: Path) -> None:
    result = _mutation(tmp_path).run(_tree(tmp_path), set(), lambda root, path: [])
    assert result.status == "missed"


def test_a_mutation_that_proves_nothing_is_invalid(tmp_path: Path) -> None:
    mutation = _mutation(tmp_path)
    already = mutation.run(_tree(tmp_path), {"demo/docs/run.md:2:DL101"}, lambda r, p: [])
    assert (already.status, already.detail) == ("invalid", "already reported before the edit")
    elsewhere = _mutation(tmp_path, MUTATION.replace("line: 2", "line: 1"))
    assert elsewhere.run(_tree(tmp_path / "x"), set(), lambda r, p: []).status == "invalid"


def test_expect_at_points_elsewhere(tmp_path: Path) -> None:
    mutation = _mutation(tmp_path, MUTATION + "  expect_at: docs/other.md:7\n")
    assert mutation.expected_id == "demo/docs/other.md:7:DL101"


def test_malformed_mutation_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="rule code"):
        _mutation(tmp_path, MUTATION.replace("DL101", "unknown-container"))
    with pytest.raises(ValueError, match="unknown keys"):
        _mutation(tmp_path, MUTATION + "  expected: DL102\n")
