"""Baselines: ``--write-baseline`` records today's findings, ``--baseline`` reports only
new ones, by fingerprint and count rather than line number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import COMPOSE, make_repo, run

BROKEN_LINE = "docker logs kamiyo-api"
DOC = f"# Runbook\n\n```bash\n{BROKEN_LINE}\n```\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": DOC})
    code, _, err = run("--write-baseline", "baseline.json", cwd=tmp_path)
    assert code == 0
    assert "recorded 1 finding(s) in baseline.json" in err
    return tmp_path


def write_doc(repo: Path, text: str) -> None:
    (repo / "docs/run.md").write_text(text, encoding="utf-8")


def new_findings(repo: Path, baseline: str = "baseline.json", cwd: Path | None = None) -> list[str]:
    code, out, err = run("--baseline", baseline, "--format", "json", cwd=cwd or repo)
    assert code in (0, 1), err
    findings = json.loads(out)
    assert code == (1 if findings else 0)
    return [f"{f['path']}:{f['line']}:{f['code']}" for f in findings]


def test_baseline_file_format(repo: Path) -> None:
    data = json.loads((repo / "baseline.json").read_text("utf-8"))
    assert data["doclint-baseline"] == 1
    (entry,) = data["findings"]
    assert entry["path"] == "docs/run.md"
    assert entry["code"] == "DL101"
    assert entry["count"] == 1
    assert entry["text"] == "kamiyo-api"
    assert len(entry["fingerprint"]) == 32


def test_baselined_findings_are_not_reported(repo: Path) -> None:
    assert new_findings(repo) == []


def test_findings_that_moved_stay_baselined(repo: Path) -> None:
    write_doc(repo, "# Runbook\n\nA new paragraph.\n\nAnother.\n\n" + DOC.split("\n\n", 1)[1])
    assert new_findings(repo) == []


def test_reindented_line_stays_baselined(repo: Path) -> None:
    write_doc(repo, f"# Runbook\n\n- Step:\n\n  ```bash\n  {BROKEN_LINE}\n  ```\n")
    assert new_findings(repo) == []


def test_new_and_edited_findings_are_reported(repo: Path) -> None:
    write_doc(repo, DOC + "\n```bash\ndocker restart kamiyo-db\n```\n")
    assert new_findings(repo) == ["docs/run.md:8:DL101"]
    write_doc(repo, DOC.replace(BROKEN_LINE, "docker logs --tail 5 kamiyo-api"))
    assert new_findings(repo) == ["docs/run.md:4:DL101"]


def test_counts_are_a_multiset(tmp_path: Path) -> None:
    twice = f"```bash\n{BROKEN_LINE}\n{BROKEN_LINE}\n```\n"
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": twice})
    assert run("--write-baseline", "baseline.json", cwd=tmp_path)[0] == 0
    (entry,) = json.loads((tmp_path / "baseline.json").read_text("utf-8"))["findings"]
    assert entry["count"] == 2
    write_doc(tmp_path, f"```bash\n{BROKEN_LINE}\n{BROKEN_LINE}\n{BROKEN_LINE}\n```\n")
    assert new_findings(tmp_path) == ["docs/run.md:4:DL101"]


def test_same_text_in_another_file_is_new(repo: Path) -> None:
    make_repo(repo, {"docs/other.md": DOC})
    assert new_findings(repo) == ["docs/other.md:4:DL101"]


def test_paths_are_relative_to_the_baseline_file(repo: Path) -> None:
    assert new_findings(repo, "../baseline.json", cwd=repo / "docs") == []


def test_baseline_file_is_stable(repo: Path) -> None:
    first = (repo / "baseline.json").read_text("utf-8")
    assert run("--write-baseline", "baseline.json", cwd=repo)[0] == 0
    assert (repo / "baseline.json").read_text("utf-8") == first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline.json: baseline file not found"),
        ("{\n  oops\n}", "baseline.json:2: baseline is not valid JSON"),
        ("[]", "not a doclint baseline"),
        ('{"doclint-baseline": 99, "findings": []}', "baseline format 99 is not the one"),
        ('{"doclint-baseline": 1, "findings": {}}', "`findings` must be a list"),
        ('{"doclint-baseline": 1, "findings": [{"path": "a"}]}', "baseline entry 1 must have"),
        (
            '{"doclint-baseline": 1, "findings": [{"path": "a", "code": "DL101", '
            '"fingerprint": "x", "count": 0}]}',
            "baseline entry 1 must have",
        ),
    ],
)
def test_bad_baseline_is_a_clear_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": DOC})
    if content is not None:
        (tmp_path / "baseline.json").write_text(content, encoding="utf-8")
    code, out, err = run("--baseline", "baseline.json", cwd=tmp_path)
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err


def test_baseline_and_write_baseline_together_is_an_error(repo: Path) -> None:
    code, _, err = run("--baseline", "baseline.json", "--write-baseline", "b.json", cwd=repo)
    assert code == 2
    assert "either --baseline or --write-baseline" in err
