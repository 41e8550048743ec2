"""The exit-code and summary flags of a CI gate: ``--statistics``, ``--exit-zero``,
``--fail-on`` and ``--report-unused-suppressions``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import COMPOSE, make_repo, run

WARNINGS_ONLY = "Call [Phone Number].\n\n```bash\ndocker-compose ps\n```\n"  # DL301, DL201
WITH_ERRORS = WARNINGS_ONLY + "\n```bash\ndocker logs kamiyo-api\ndocker logs kamiyo-db\n```\n"


def repo(root: Path, doc: str, config: str | None = None) -> Path:
    files = {"docker-compose.yml": COMPOSE, "docs/run.md": doc}
    if config is not None:
        files[".doclint.yaml"] = config
    return make_repo(root, files)


def test_statistics_counts_per_rule_most_first(tmp_path: Path) -> None:
    code, out, _ = run("--statistics", cwd=repo(tmp_path, WITH_ERRORS))
    assert code == 1
    assert out.splitlines() == [
        "2\tDL101\t[ ] unknown-container",
        "1\tDL201\t[*] compose-v1",
        "1\tDL301\t[ ] placeholder",
    ]


def test_statistics_as_json(tmp_path: Path) -> None:
    code, out, _ = run("--statistics", "--format", "json", cwd=repo(tmp_path, WITH_ERRORS))
    assert code == 1
    assert json.loads(out)[0] == {
        "code": "DL101",
        "name": "unknown-container",
        "count": 2,
        "fixable": False,
    }


def test_statistics_with_another_format_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("--statistics", "--format", "sarif", cwd=repo(tmp_path, WITH_ERRORS))
    assert code == 2
    assert "--statistics prints text or json" in err


def test_exit_zero(tmp_path: Path) -> None:
    root = repo(tmp_path, WITH_ERRORS)
    code, out, _ = run("--exit-zero", cwd=root)
    assert code == 0
    assert "DL101" in out
    (root / ".doclint.yaml").write_text("bogus: 1\n")
    assert run("--exit-zero", cwd=root)[0] == 2  # errors still fail


@pytest.mark.parametrize(
    ("doc", "config", "fail_on", "expected"),
    [
        (WARNINGS_ONLY, None, None, 1),  # default: any finding fails
        (WARNINGS_ONLY, None, "error", 0),
        (WITH_ERRORS, None, "error", 1),
        (WARNINGS_ONLY, None, "warning", 1),
        (WARNINGS_ONLY, "severity: {DL301: info, DL201: info}\n", "warning", 0),
        (WARNINGS_ONLY, "severity: {DL301: info, DL201: info}\n", None, 1),
    ],
)
def test_fail_on(
    tmp_path: Path, doc: str, config: str | None, fail_on: str | None, expected: int
) -> None:
    args = ("--fail-on", fail_on) if fail_on else ()
    code, out, _ = run(*args, cwd=repo(tmp_path, doc, config))
    assert code == expected
    assert "Found" in out  # the findings are still reported


def test_report_unused_suppressions(tmp_path: Path) -> None:
    root = repo(tmp_path, "<!-- doclint-disable-next-line DL301 -->\nAll filled in.\n")
    assert run(cwd=root)[0] == 0
    code, out, _ = run("--report-unused-suppressions", cwd=root)
    assert code == 1
    assert "docs/run.md:1:1: DL001 Unused suppression" in out
    assert run("--report-unused-suppressions", "--ignore", "DL001", cwd=root)[0] == 0


def test_unused_suppression_fix(tmp_path: Path) -> None:
    root = repo(tmp_path, "# Title\n<!-- doclint-disable-next-line DL301 -->\nAll filled in.\n")
    code, _, _ = run("--report-unused-suppressions", "--fix", cwd=root)
    assert code == 0
    assert (root / "docs/run.md").read_text() == "# Title\nAll filled in.\n"


def test_help_lists_the_formats_and_flags() -> None:
    code, out, _ = run("check", "--help")
    assert code == 0
    for word in ("sarif", "github", "gitlab", "junit", "json-lines", "--changed-since"):
        assert word in out
