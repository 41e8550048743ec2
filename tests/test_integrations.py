"""The README's copy-paste blocks and the GitHub Action (``action.yml``).

The blocks must parse and name what exists (the hook id, the action's inputs, the report
file GitLab collects). The action's steps are run for real, in order, the way the
Actions runner runs a composite action: each ``run`` script in ``bash -eo pipefail``
with its ``env``, ``GITHUB_PATH`` and ``GITHUB_OUTPUT`` files honoured.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import COMPOSE, make_repo

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))
BROKEN = "# Runbook\n\n```bash\ndocker logs kamiyo-api\n```\n"


def readme_yaml_blocks() -> list[Any]:
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)]


def test_readme_keeps_its_first_two_commands_at_the_top() -> None:
    first = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert first[0].endswith(".venv/bin/doclint fixtures/kamiyo-broken")
    assert first[1].endswith(".venv/bin/python -m pytest")


def test_readme_pre_commit_block_names_the_hook() -> None:
    config = next(b for b in readme_yaml_blocks() if isinstance(b, dict) and "repos" in b)
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert config["repos"][0]["hooks"][0]["id"] in {hook["id"] for hook in hooks}


def test_readme_workflow_uses_the_actions_inputs_and_uploads_its_sarif() -> None:
    workflow = next(b for b in readme_yaml_blocks() if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["doclint"]["steps"]
    ours = next(step for step in steps if "doclint@" in step.get("uses", ""))
    assert set(ours["with"]) <= set(ACTION["inputs"])
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == ours["with"]["sarif-file"]
    assert workflow["permissions"]["security-events"] == "write"


def test_readme_gitlab_job_collects_the_report_it_writes() -> None:
    job = next(b for b in readme_yaml_blocks() if isinstance(b, dict) and "doclint" in b)
    report = job["doclint"]["artifacts"]["reports"]["codequality"]
    script = " ".join(job["doclint"]["script"])
    assert f"--format gitlab --output-file {report}" in script


def _expand(text: str, context: dict[str, str]) -> str:
    """``${{ a.b }}`` expressions of the simple kind action.yml uses."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: context[m[1]], text)


def _wanted(step: dict[str, Any], inputs: dict[str, str]) -> bool:
    condition = step.get("if")
    if condition is None:
        return True
    match = re.fullmatch(r"inputs\.([\w-]+) != ''", condition)
    assert match, f"the test does not understand `if: {condition}`"
    return inputs[match[1]] != ""


def run_action(workspace: Path, temp: Path, inputs: dict[str, str]) -> list[tuple[str, int, str]]:
    """Run the composite action's steps; ``(step name, exit code, stdout)`` for each run.
    Stops at the first failing step, as the runner does."""
    context = {"github.action_path": str(ROOT), "runner.temp": str(temp)}
    context.update({f"inputs.{name}": value for name, value in inputs.items()})
    github_path, github_output = temp / "path", temp / "output"
    github_path.write_text("")
    env = dict(os.environ, GITHUB_PATH=str(github_path), GITHUB_OUTPUT=str(github_output))
    outcomes = []
    for step in ACTION["runs"]["steps"]:
        if not _wanted(step, inputs):
            continue
        step_env = {key: _expand(str(value), context) for key, value in step["env"].items()}
        extra = [line for line in github_path.read_text().splitlines() if line]
        path = os.pathsep.join([*reversed(extra), env["PATH"]])
        done = subprocess.run(
            [
                "bash",
                "--noprofile",
                "--norc",
                "-eo",
                "pipefail",
                "-c",
                _expand(step["run"], context),
            ],
            cwd=workspace,
            env={**env, **step_env, "PATH": path},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        outcomes.append((step["name"], done.returncode, done.stdout + done.stderr))
        if done.returncode != 0:
            break
    return outcomes


@pytest.mark.slow
def test_the_action_installs_doclint_annotates_and_writes_sarif(tmp_path: Path) -> None:
    workspace = make_repo(
        tmp_path / "repo", {"docker-compose.yml": COMPOSE, "docs/run.md": BROKEN, "x.md": BROKEN}
    )
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    inputs = {"paths": "docs", "args": "--fail-on warning", "sarif-file": "doclint.sarif"}
    outcomes = run_action(workspace, temp, inputs)
    assert [(name, code) for name, code, _ in outcomes] == [
        ("Install doclint", 0),
        ("SARIF report", 0),
        ("doclint", 1),
    ], outcomes
    gate = outcomes[-1][2]
    assert gate.startswith("::error file=docs/run.md,line=4,col=13,endColumn=23,title=DL101 ")
    assert "x.md" not in gate  # only the given paths
    assert (temp / "doclint-venv" / "bin" / "doclint").exists()
    log = json.loads((workspace / "doclint.sarif").read_text("utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["DL101"]
    assert (temp / "output").read_text() == "file=doclint.sarif\n"

    (workspace / "docs/run.md").write_text(BROKEN.replace("kamiyo-api", "kamiyo"))
    clean = run_action(workspace, temp, {**inputs, "sarif-file": ""})
    assert [(name, code) for name, code, _ in clean] == [("Install doclint", 0), ("doclint", 0)]


def test_action_inputs_reach_doclint_as_words() -> None:
    """``paths`` and ``args`` are split on spaces (they are lists), after ``--`` for
    paths so that a folder named like an option is still a path."""
    gate = ACTION["runs"]["steps"][-1]["run"]
    command = next(line for line in gate.splitlines() if line.startswith("doclint "))
    assert shlex.split(command)[-3:] == ["$DOCLINT_ARGS", "--", "$DOCLINT_PATHS"]
