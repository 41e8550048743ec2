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


def test_diff_exits_1_with_a_patch_whatever_exit_zero_and_fail_on_say(tmp_path: Path) -> None:
    root = repo(tmp_path, WARNINGS_ONLY)
    for args in (("--exit-zero",), ("--fail-on", "error")):
        code, out, _ = run("--diff", *args, cwd=root)
        assert code == 1
        assert "+docker compose ps\n" in out


@pytest.mark.parametrize("args", [(), ("--exit-zero",), ("--fail-on", "error"), ("--diff",)])
def test_an_unreadable_compose_file_exits_2_whatever_the_flags(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    root = make_repo(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  api:\n    image: [unclosed\n",
            "run.md": WARNINGS_ONLY,
        },
    )
    code, _, err = run(*args, cwd=root)
    assert code == 2
    assert "doclint: error: docker-compose.yml:4: invalid YAML: " in err


def test_statistics_after_a_fix_end_with_its_summary(tmp_path: Path) -> None:
    code, out, _ = run("--statistics", "--fix", cwd=repo(tmp_path, WARNINGS_ONLY))
    assert code == 1
    assert (
        out == "1\tDL301\t[ ] placeholder\nFixed 1 problem in 1 file (DL201 \u00d71); 1 remains.\n"
    )


def test_which_of_two_usage_errors_is_said(tmp_path: Path) -> None:
    """Options that cannot go together are refused first, then the inputs are read
    (``--baseline``, ``--changed-since``), then ``--unsafe-fixes`` without ``--fix``
    or ``--diff`` is refused."""
    root = repo(tmp_path, WARNINGS_ONLY)
    code, _, err = run(
        "--unsafe-fixes", "--baseline", "b.json", "--write-baseline", "c.json", cwd=root
    )
    assert (code, err) == (2, "doclint: error: use either --baseline or --write-baseline\n")
    code, _, err = run("--unsafe-fixes", "--baseline", "missing.json", cwd=root)
    assert (code, err) == (
        2,
        "doclint: error: missing.json: baseline file not found (write one with --write-baseline)\n",
    )
    code, _, err = run("--unsafe-fixes", cwd=root)
    assert (code, err) == (2, "doclint: error: --unsafe-fixes applies only with --fix or --diff\n")
