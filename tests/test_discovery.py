"""Which files are linted: extensions, shebangs, skipped folders, .gitignore, projects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from doclint.inputs.discovery import Walker, matches_any, project_root
from doclint.running.engine import Linter
from doclint.running.options import RunOptions


def touch(path: Path, text: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(*paths: Path, own: bool = False) -> list[str]:
    base = paths[0] if paths[0].is_dir() else paths[0].parent
    return [p.relative_to(base).as_posix() for p, _ in Walker().files(paths, own_project_only=own)]


def test_walk_picks_markdown_and_shell(tmp_path: Path) -> None:
    touch(tmp_path / "README.md")
    touch(tmp_path / "docs" / "a.markdown")
    touch(tmp_path / "scripts" / "x.sh")
    touch(tmp_path / "scripts" / "y.bash")
    touch(tmp_path / "scripts" / "noext", "#!/bin/bash\necho\n")
    touch(tmp_path / "notes.txt")
    assert found(tmp_path) == ["README.md", "docs/a.markdown", "scripts/x.sh", "scripts/y.bash"]


def test_shebang_only_when_named(tmp_path: Path) -> None:
    script = touch(tmp_path / "deploy", "#!/usr/bin/env bash\ndocker ps\n")
    other = touch(tmp_path / "run", "#!/usr/bin/env python3\n")
    kinds = list(Walker().files([script, other]))
    assert kinds == [(script, "shell")]


def test_skips_vcs_dependencies_and_virtualenvs(tmp_path: Path) -> None:
    touch(tmp_path / ".git" / "x.md")
    touch(tmp_path / "node_modules" / "pkg" / "README.md")
    touch(tmp_path / "vendor" / "go.opentelemetry.io" / "otel" / "CHANGELOG.md")
    touch(tmp_path / "env" / "pyvenv.cfg")
    touch(tmp_path / "env" / "lib" / "README.md")
    touch(tmp_path / "ok.md")
    assert found(tmp_path) == ["ok.md"]


def test_gitignore_inside_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    touch(tmp_path / ".gitignore", "build/\n*.tmp.md\n!keep.tmp.md\n")
    touch(tmp_path / "build" / "a.md")
    touch(tmp_path / "x.tmp.md")
    touch(tmp_path / "keep.tmp.md")
    touch(tmp_path / "docs" / ".gitignore", "private.md\n")
    touch(tmp_path / "docs" / "private.md")
    touch(tmp_path / "docs" / "public.md")
    assert found(tmp_path) == ["keep.tmp.md", "docs/public.md"]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "doc.md")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    assert found(tmp_path) == ["a/doc.md"]


def test_nested_projects_are_pruned_on_request(tmp_path: Path) -> None:
    touch(tmp_path / "compose.yaml", "services: {}\n")
    touch(tmp_path / "README.md")
    touch(tmp_path / "sample" / "compose.yaml", "services: {}\n")
    touch(tmp_path / "sample" / "README.md")
    assert found(tmp_path, own=True) == ["README.md"]
    assert found(tmp_path) == ["README.md", "sample/README.md"]


def test_project_root_is_nearest_marker(tmp_path: Path) -> None:
    touch(tmp_path / "docker-compose.yml", "services: {}\n")
    (tmp_path / "docs" / "runbooks").mkdir(parents=True)
    assert project_root(tmp_path / "docs" / "runbooks") == tmp_path


def test_glob_matching() -> None:
    assert matches_any("docs/archive/old.md", ("docs/archive/**",))
    assert matches_any("deep/x/CHANGELOG.md", ("CHANGELOG.md",))
    assert not matches_any("docs/a.md", ("archive/**",))
    assert not matches_any("a.md", ())


def test_a_path_climbing_out_of_a_repository_is_not_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``doclint ../elsewhere`` from inside a git checkout: the documents belong to their
    own folders, not to the checkout the path climbs out of."""
    touch(tmp_path / "repo" / ".git" / "HEAD")
    touch(tmp_path / "elsewhere" / "guide.md")
    monkeypatch.chdir(tmp_path / "repo")
    [(path, _)] = Walker().files([Path("../elsewhere")])
    assert path == tmp_path / "elsewhere" / "guide.md"
    assert project_root(path.parent) is None


def test_an_unpacked_tarball_lints_as_its_clone(tmp_path: Path) -> None:
    """Without ``.git`` the linted folder stands for the top of the checkout: a page in
    ``docs/`` is judged from the same project root as in the clone."""

    def findings(top: Path) -> list[tuple[str, int, str]]:
        touch(top / "scripts/deploy.sh", "#!/bin/sh\n")
        touch(top / "docs/run.md", "```bash\n./scripts/deploy.sh\n./scripts/deploi.sh\n```\n")
        result = Linter(RunOptions(paths=(top,), select=("DL402",))).run()
        return [(Path(f.path).name, f.line, f.code) for f in result.findings]

    clone, tarball = tmp_path / "clone", tmp_path / "tarball"
    (clone / ".git").mkdir(parents=True)
    assert findings(tarball) == findings(clone) == [("run.md", 3, "DL402")]


def test_mdx_pages_are_markdown_and_a_named_file_doclint_cannot_read_is_said(
    tmp_path: Path,
) -> None:
    """Docusaurus and Next.js sites write their pages in MDX; a file named on the command
    line that is neither Markdown nor a script is reported as not read, never as clear."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "page.mdx").write_text("Owner: [Lead Engineer Name]\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Owner: [Lead Engineer Name]\n", encoding="utf-8")
    result = Linter(RunOptions(paths=(tmp_path,), select=("DL301",))).run()
    assert [f.path.rsplit("/", 1)[-1] for f in result.findings] == ["page.mdx"]
    assert result.notices == []
    named = Linter(RunOptions(paths=(tmp_path / "notes.txt",), select=("DL301",))).run()
    assert named.findings == []
    assert any("notes.txt was not read" in notice for notice in named.notices)
