"""The command line end to end: exit codes, formats, bad input, and the installed CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import COMPOSE, make_repo, run

BROKEN = "# Runbook\n\n```bash\ndocker logs kamiyo-api\n```\n"
CLEAN = "# Runbook\n\n```bash\ndocker logs -f kamiyo\n```\n"
V1 = "\n```bash\ndocker-compose up -d\n```\n"
"""A finding with a safe fix (DL201): something for ``--diff`` to show."""


def test_findings_exit_1_with_position_caret_and_summary(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN})
    code, out, _ = run("docs", cwd=tmp_path)
    assert code == 1
    assert "docs/run.md:4:13: DL101" in out
    assert "did you mean `kamiyo`?" in out.lower()
    assert "            ^^^^^^^^^^" in out
    assert "Found 1 problem" in out


def test_all_clear_only_when_nothing_was_skipped(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": CLEAN})
    assert "All clear" in run("docs", cwd=tmp_path)[1]
    unseen = CLEAN + "\n```bash\ncd /srv/app\n./deploy.sh\n```\n"
    make_repo(tmp_path, {"docs/run.md": unseen})
    code, out, err = run("docs", cwd=tmp_path)
    assert code == 0
    assert "All clear" not in out
    assert "not everything could be checked" in out
    assert "folder doclint cannot see" in err


def test_clean_exit_0(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": CLEAN})
    code, out, _ = run(".", cwd=tmp_path)
    assert code == 0
    assert "no problems" in out


def test_json_output_fields(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN})
    code, out, _ = run("--format", "json", cwd=tmp_path)
    assert code == 1
    (finding,) = json.loads(out)
    assert finding == {
        "path": "docs/run.md",
        "line": 4,
        "column": 13,
        "end_line": 4,
        "end_column": 23,
        "code": "DL101",
        "rule": "unknown-container",
        "severity": "error",
        "message": finding["message"],
        "suggestion": "kamiyo",
        "fixable": False,
    }


def test_select_and_ignore(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN})
    assert run("--ignore", "DL101", cwd=tmp_path)[0] == 0
    assert run("--select", "DL2", cwd=tmp_path)[0] == 0
    assert run("--select", "DL1", cwd=tmp_path)[0] == 1
    code, _, err = run("--select", "DL999", cwd=tmp_path)
    assert code == 2
    assert "unknown rule code" in err


def test_compose_option_adds_containers(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            ".git/HEAD": "ref: x\n",
            "docs/run.md": "```bash\ndocker logs other\n```\n",
            "deploy/prod.yml": "services:\n  x:\n    container_name: other\n",
        },
    )
    assert run("docs", "--compose", "deploy/prod.yml", cwd=tmp_path)[0] == 0


def test_no_compose_file_single_notice(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            ".git/HEAD": "ref: x\n",
            "a.md": BROKEN,
            "b.md": BROKEN,
        },
    )
    code, _, err = run(".", cwd=tmp_path)
    assert code == 0
    assert err.count("no compose file found") == 1


def test_bad_config_exit_2_names_file_and_line(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            ".doclint.yaml": "containers: [a]\nbogus: 1\n",
            "a.md": CLEAN,
        },
    )
    code, out, err = run(".", cwd=tmp_path)
    assert code == 2
    assert ".doclint.yaml:2" in err
    assert "Traceback" not in out + err


def test_malformed_compose_exit_2_but_other_files_linted(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  api:\n    image: [unclosed\n",
            "a.md": "```bash\ndocker-compose up -d\n```\n",
        },
    )
    code, out, err = run(".", "--format", "json", cwd=tmp_path)
    assert code == 2
    assert "docker-compose.yml:" in err
    assert [f["code"] for f in json.loads(out)] == ["DL201"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.md", "caf\xe9\n".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_documents_are_reported_and_others_linted(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, name: content, "run.md": BROKEN})
    code, out, err = run(".", cwd=tmp_path)
    assert code == 1
    assert expected in err and name in err
    assert "run.md:4:13: DL101" in out


def test_unterminated_fence_is_reported_and_linted(tmp_path: Path) -> None:
    make_repo(
        tmp_path, {"docker-compose.yml": COMPOSE, "a.md": "# x\n\n```bash\ndocker logs nope\n"}
    )
    code, out, err = run(".", cwd=tmp_path)
    assert code == 1
    assert "never closed" in err
    assert "a.md:4:13: DL101" in out


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    assert run("does-not-exist", cwd=tmp_path)[0] == 2


def test_rules_and_explain() -> None:
    code, out, _ = run("rules")
    assert code == 0
    for rule in ("DL101", "DL102", "DL103", "DL104", "DL105", "DL201", "DL301"):
        assert rule in out
    code, out, _ = run("explain", "DL101")
    assert code == 0
    assert "unknown-container" in out and "Bad:" in out and "Good:" in out
    assert run("explain", "unknown-container")[0] == 0
    code, _, err = run("explain", "DL1O1")
    assert code == 2 and "DL101" in err


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "doclint" in out


def test_installed_cli_in_subprocess(tmp_path: Path) -> None:
    """The console script installed by pip, run as a user would."""
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN})
    script = Path(sys.executable).with_name("doclint")  # the entry point beside this Python
    command = [str(script)] if script.exists() else [sys.executable, "-m", "doclint"]
    done = subprocess.run(
        [*command, "docs/run.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "docs/run.md:4:13: DL101" in done.stdout
    assert "\x1b[" not in done.stdout  # no colour in a pipe
    done = subprocess.run(
        [sys.executable, "-m", "doclint", "--format", "json", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)[0]["code"] == "DL101"


def _command(tmp_path: Path, *args: str, stdout: int | None = subprocess.PIPE) -> tuple[int, str]:
    """``python -m doclint`` (``entry``, as the console script): exit code and stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "doclint", *args],
        cwd=tmp_path,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, done.stderr


def test_entry_delivers_all_output_before_its_quick_exit(tmp_path: Path) -> None:
    """``entry`` leaves with ``os._exit``: everything written must be flushed first,
    to a file as to a pipe, and the exit code kept."""
    runbook = "# Runbook\n\n```bash\n" + "docker logs kamiyo-api\n" * 400 + "```\n"
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": runbook})
    with open(tmp_path / "report.json", "w", encoding="utf-8") as report:
        code, _ = _command(tmp_path, "--format", "json", "docs", stdout=report.fileno())
    assert code == 1
    assert len(json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))) == 400
    assert _command(tmp_path, "--version")[0] == 0
    code, err = _command(tmp_path, "--no-such-option")
    assert code == 2 and "No such option" in err


def test_entry_quiet_when_the_reader_goes_away(tmp_path: Path) -> None:
    """``doclint docs | head -1``: no traceback when stdout is closed early."""
    runbook = "# Runbook\n\n```bash\n" + "docker logs kamiyo-api\n" * 2000 + "```\n"
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": runbook})
    process = subprocess.Popen(
        [sys.executable, "-m", "doclint", "docs"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) in (1, 2)
    assert "Traceback" not in err


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (1, 1), (2, 2), ("bye", 1)])
def test_exit_codes_as_python_gives_them(
    code: object, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    from doclint.cli import _exit_code

    assert _exit_code(code) == expected
    assert capsys.readouterr().err == ("bye\n" if code == "bye" else "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("--format", "text"), ("--format", "json"), ("--diff",)])
def test_a_report_that_cannot_be_written_is_an_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A full disk must not pass for a clean run nor end in a traceback: exit 2 and
    say so (the small text report fails when flushed at exit, the JSON one and the
    diff while being written)."""
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN + V1})
    with open("/dev/full", "w", encoding="utf-8") as full:
        code, err = _command(tmp_path, *args, "docs", stdout=full.fileno())
    assert code == 2
    assert "cannot write the report to stdout: No space left on device" in err
    assert "Traceback" not in err


# --- what the options of `check` change ---------------------------------------------


def test_rule_codes_are_comma_separated_and_case_blind(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN + V1})
    code, out, _ = run("--select", " dl201, ", "--format", "json", cwd=tmp_path)
    assert code == 1
    assert [f["code"] for f in json.loads(out)] == ["DL201"]
    code, out, _ = run(
        "--select", "DL1", "--extend-select", "dl201", "--format", "json", cwd=tmp_path
    )
    assert sorted(f["code"] for f in json.loads(out)) == ["DL101", "DL201"]
    assert run("--ignore", "dl101,DL201", cwd=tmp_path)[0] == 0


def test_config_option_replaces_the_nearest_configuration(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            "docs/run.md": BROKEN,
            ".doclint.yaml": "bogus: 1\n",
            "ci/doclint.yaml": "ignore: [DL101]\n",
        },
    )
    assert run(cwd=tmp_path)[0] == 2
    assert run("--config", "ci/doclint.yaml", cwd=tmp_path)[0] == 0


def test_color_where_asked_never_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour in a pipe (CliRunner's stdout is none) unless FORCE_COLOR; NO_COLOR wins;
    ``--output-file`` is never coloured."""
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN})
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" not in run(cwd=tmp_path)[1]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[1mdocs/run.md:4:13:\x1b[0m" in run(cwd=tmp_path)[1]
    assert run("--output-file", "report.txt", cwd=tmp_path)[0] == 1
    assert "\x1b[" not in (tmp_path / "report.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(cwd=tmp_path)[1]


def test_problems_with_inputs_are_said_even_when_quiet_notes_are_not(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "ref: x\n", "a.md": "# x\n\n```bash\ndocker logs nope\n"})
    warning = "doclint: warning: a.md:3: code fence opened at line 3 is never closed\n"
    code, _, err = run(".", cwd=tmp_path)
    assert code == 0
    assert err.startswith(warning + "doclint: note: no compose file found for the project at ")
    assert err.count("\n") == 2
    assert run("-q", ".", cwd=tmp_path)[1:] == ("", warning)
