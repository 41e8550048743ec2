"""``--changed-since REF``: what a pull request changed since its merge base with REF
(commits, staged, unstaged and untracked files), or everything when the compose files,
``.env`` or the configuration changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import COMPOSE, make_repo, run

BROKEN = "```bash\ndocker logs kamiyo-api\n```\n"
CLEAN = "```bash\ndocker logs kamiyo\n```\n"


@pytest.fixture(autouse=True)
def quiet_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git as a fresh machine has it: no user configuration, a fixed identity."""
    empty = tmp_path.parent / f"{tmp_path.name}-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.com")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main`` with a clean and an already broken doc; we are on branch ``feature``."""
    make_repo(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            "docs/old.md": BROKEN,
            "docs/clean.md": CLEAN,
            "scripts/deploy.sh": "docker restart kamiyo\n",
            ".github/workflows/ci.yml": "on: push\n",
        },
    )
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "base")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    return tmp_path


def linted(root: Path, *args: str, ref: str = "main") -> tuple[int, list[str], str]:
    """Exit code, the files with findings, stderr."""
    code, out, err = run(
        "--changed-since", ref, "--quiet", "--format", "json-lines", *args, cwd=root
    )
    assert "Traceback" not in out + err
    return (
        code,
        sorted({line.split('"path": "')[1].split('"')[0] for line in out.splitlines()}),
        err,
    )


def test_only_changed_documents_are_linted(repo: Path) -> None:
    (repo / "docs/clean.md").write_text(BROKEN)  # unstaged
    code, files, _ = linted(repo)
    assert (code, files) == (1, ["docs/clean.md"])  # docs/old.md is broken too, but untouched


@pytest.mark.parametrize("how", ["committed", "staged", "unstaged", "untracked"])
def test_every_kind_of_change_counts(repo: Path, how: str) -> None:
    target = repo / ("docs/new.md" if how == "untracked" else "docs/clean.md")
    target.write_text(BROKEN)
    if how in ("committed", "staged"):
        git(repo, "add", "-A")
    if how == "committed":
        git(repo, "commit", "-q", "-m", "break it")
    assert linted(repo)[1] == [target.relative_to(repo).as_posix()]


def test_changes_on_the_target_branch_are_not_the_branchs(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "docs/main-only.md").write_text(BROKEN)
    commit(repo, "someone else's change on main")
    git(repo, "checkout", "-q", "feature")
    (repo / "docs/mine.md").write_text(BROKEN)
    commit(repo)
    assert linted(repo)[1] == ["docs/mine.md"]


def test_nothing_changed(repo: Path) -> None:
    code, out, err = run("--changed-since", "main", cwd=repo)
    assert code == 0
    assert "no Markdown or shell file changed since main" in err
    assert "0 file(s) checked" in out


def test_other_files_do_not_count(repo: Path) -> None:
    (repo / ".github/workflows/ci.yml").write_text("on: pull_request\n")
    (repo / "notes.txt").write_text("x\n")
    assert linted(repo) == (0, [], "")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("docker-compose.yml", COMPOSE.replace("kamiyo", "kamiyo-app")),
        ("deploy/stack.yaml", "services:\n  x:\n    image: y\n"),
        (".doclint.yaml", "ignore: [DL201]\n"),
        (".env", "TAG=1\n"),
        ("pyproject.toml", "[tool.doclint]\nignore = ['DL201']\n"),
    ],
)
def test_context_changes_lint_everything(repo: Path, name: str, content: str) -> None:
    make_repo(repo, {name: content})
    code, out, err = run("--changed-since", "main", cwd=repo)
    assert "changed since main: linting everything" in err
    assert "docs/old.md" in out
    assert code == 1


def test_deleted_compose_file_lints_everything(repo: Path) -> None:
    make_repo(repo, {"deploy/stack.yaml": "services:\n  x:\n    image: y\n"})
    git(repo, "checkout", "-q", "main")
    commit(repo)
    git(repo, "checkout", "-q", "feature")
    git(repo, "merge", "-q", "main")
    (repo / "deploy/stack.yaml").unlink()
    assert "docs/old.md" in linted(repo)[1]


def test_pyproject_without_doclint_table_is_no_context(repo: Path) -> None:
    make_repo(repo, {"pyproject.toml": "[project]\nname = 'x'\n"})
    assert linted(repo)[1] == []


def test_only_under_the_given_paths(repo: Path) -> None:
    (repo / "docs/clean.md").write_text(BROKEN)
    (repo / "scripts/deploy.sh").write_text("docker restart kamiyo-api\n")
    assert linted(repo, "scripts")[1] == ["scripts/deploy.sh"]
    assert linted(repo, "docs", "scripts")[1] == ["docs/clean.md", "scripts/deploy.sh"]


def test_from_a_subfolder(repo: Path) -> None:
    (repo / "scripts/deploy.sh").write_text("docker restart kamiyo-api\n")
    (repo / "docs/new.md").write_text(BROKEN)  # untracked, outside the working folder
    code, out, _ = run(
        "--changed-since", "main", "--format", "json", ".", "../scripts", cwd=repo / "docs"
    )
    assert code == 1
    assert '"path": "new.md"' in out
    assert '"path": "../scripts/deploy.sh"' in out


def test_outside_a_repository(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docker-compose.yml": COMPOSE, "a.md": BROKEN})
    code, _, err = run("--changed-since", "main", cwd=tmp_path)
    assert code == 2
    assert "--changed-since: works only inside a git repository" in err


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=/tmp/x", "main..HEAD"])
def test_unknown_ref(repo: Path, ref: str) -> None:
    code, _, err = run(f"--changed-since={ref}", cwd=repo)
    assert code == 2
    assert f"--changed-since: unknown ref `{ref}`" in err


def test_unrelated_history(repo: Path) -> None:
    git(repo, "checkout", "-q", "--orphan", "other")
    commit(repo, "unrelated")
    code, _, err = run("--changed-since", "main", cwd=repo)
    assert code == 2
    assert "share no history" in err


def test_write_baseline_needs_every_finding(repo: Path) -> None:
    code, _, err = run("--changed-since", "main", "--write-baseline", "b.json", cwd=repo)
    assert code == 2
    assert "drop --changed-since" in err
