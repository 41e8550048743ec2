"""doclint as a pre-commit hook.

pre-commit passes only some files; the findings for them must be those a full run
reports (what exists comes from the whole project). And the hook must work for real:
``pre-commit try-repo`` installs doclint from this repository into its own
environment (from PyPI for the dependencies, so this test needs the network, as
``pip install`` does) and runs it on a fresh git repository.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import COMPOSE, make_repo, run

ROOT = Path(__file__).resolve().parent.parent
BROKEN = "# Runbook\n\n```bash\ndocker logs kamiyo-api\n```\n"
FIXED = "# Runbook\n\n```bash\ndocker logs kamiyo\n```\n"

PROJECT = {
    "docker-compose.yml": COMPOSE,
    # creates a container the other documents use
    "docs/setup.md": "```bash\ndocker run -d --name worker example/worker\n```\n",
    "docs/ops/run.md": "```bash\ndocker logs worker\ndocker logs kamiyo-api\n```\n",
    "scripts/check.sh": "#!/bin/sh\ndocker exec worker true\ndocker restart api\n",
    "README.md": "Call [Phone Number].\n",
}


def findings(root: Path, *paths: str) -> list[str]:
    code, out, err = run("--format", "json", *paths, cwd=root)
    assert code in (0, 1), err
    return sorted(f"{f['path']}:{f['line']}:{f['code']}" for f in json.loads(out))


def test_findings_do_not_depend_on_which_files_are_passed(tmp_path: Path) -> None:
    root = make_repo(tmp_path, PROJECT)
    everything = findings(root)
    # `worker` exists (docs/setup.md creates it) whether or not setup.md is passed
    assert everything == [
        "README.md:1:DL301",
        "docs/ops/run.md:3:DL101",
        "scripts/check.sh:3:DL103",
    ]
    documents = [name for name in PROJECT if name != "docker-compose.yml"]
    for size in range(1, len(documents) + 1):
        for subset in itertools.combinations(documents, size):
            expected = [f for f in everything if f.split(":")[0] in subset]
            assert findings(root, *subset) == expected, subset


def test_hook_manifest() -> None:
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "doclint"
    assert hook["entry"] == "doclint"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "shell"]
    assert hook["pass_filenames"] is True


def _git_env(home: Path) -> dict[str, str]:
    config = home / "gitconfig"
    config.write_text("")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(config), GIT_CONFIG_NOSYSTEM="1")
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = "Test"
        env[f"GIT_{role}_EMAIL"] = "test@example.com"
    return env


def _commit_all(folder: Path, env: dict[str, str]) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "state"]):
        if args[0] == "init" and (folder / ".git").exists():
            continue
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def _hook_repository(target: Path, env: dict[str, str]) -> Path:
    """This repository as it is on disk (committed or not) in a fresh git repository:
    ``try-repo`` on the checkout itself would leave out files not yet committed."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("doclint", "rules"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, target / name)
    _commit_all(target, env)
    return target


@pytest.mark.slow
def test_real_pre_commit_try_repo(tmp_path: Path) -> None:
    env = _git_env(tmp_path)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("PRE_COMMIT", None)
    hook_repo = _hook_repository(tmp_path / "doclint-src", env)
    files = {"docker-compose.yml": COMPOSE, "docs/ops/run.md": BROKEN, "docs/setup.md": FIXED}
    project = make_repo(tmp_path / "project", files)
    _commit_all(project, env)

    def try_repo() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "doclint"]
        return subprocess.run(
            [*command, "--all-files", "--color", "never"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    failing = try_repo()
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "docs/ops/run.md:4:13: DL101" in output
    assert "Traceback" not in output

    (project / "docs/ops/run.md").write_text(FIXED, encoding="utf-8")
    _commit_all(project, env)
    passing = try_repo()
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
