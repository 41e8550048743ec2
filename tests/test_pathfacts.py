"""``PathFacts`` and its path helpers answer as ``pathlib`` does, symbolic links and
``..`` included, and each answer is looked up once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from doclint.project.pathfacts import PathFacts, inside, suffix

RELATIVE = [
    "page.md", "docs/guide.md", "docs/../page.md", "docs/", "docs", "./page.md", "",
    "missing.md", "missing/deeper.md", "docs/missing.md", "link.md", "linked/guide.md",
    "linked/../page.md", "dangling.md", "loop.md", "page.md/inside", "docs/./guide.md",
    "../outside.md", "docs/..", "a//b.md", "linked", "linked/",
]  # fmt: skip


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "page.md").write_text("p")
    (tmp_path / "docs" / "guide.md").write_text("g")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "guide.md").write_text("e")
    os.symlink(tmp_path / "page.md", tmp_path / "link.md")
    os.symlink(tmp_path / "elsewhere", tmp_path / "linked")
    os.symlink(tmp_path / "nowhere.md", tmp_path / "dangling.md")
    os.symlink(tmp_path / "loop.md", tmp_path / "loop.md")
    return tmp_path


@pytest.mark.parametrize("relative", RELATIVE)
def test_answers_as_pathlib_does(tree: Path, relative: str) -> None:
    facts = PathFacts()
    for base in (tree, tree / "docs", tree / "linked"):
        try:
            expected = (base / relative).resolve()
        except RuntimeError:  # a symbolic link loop
            with pytest.raises(OSError):
                facts.resolve(str(base), relative)
            continue
        assert facts.resolve(str(base), relative) == str(expected)
        assert facts.resolve(str(base), relative) == str(expected)  # and again, from memory
        assert facts.exists(str(expected)) == expected.exists()
        assert facts.is_file(str(expected)) == expected.is_file()
        assert facts.is_dir(str(expected)) == expected.is_dir()


NAMES = [
    "a.md", "a", ".md", "a.", "a.tar.gz", "..", ".", "a..md", "docs/a.html", "x/.hidden",
    "/", "", "a/b.c/d", "é.md",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_suffix_and_inside_as_pathlib(name: str) -> None:
    path = os.path.normpath(os.path.join("/top", name))
    assert suffix(path) == Path(path).suffix
    for folder in ("/", "/top", "/to", "/top/docs", path):
        assert inside(path, folder) == Path(path).is_relative_to(folder)


def test_each_answer_is_looked_up_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = PathFacts()
    first = facts.resolve(str(tree / "docs"), "guide.md")
    assert facts.is_file(first)
    monkeypatch.setattr(os, "lstat", _fail)
    monkeypatch.setattr(os, "stat", _fail)
    assert facts.resolve(str(tree / "docs"), "guide.md") == first
    assert facts.is_file(first)


def test_a_name_the_system_refuses_raises_as_pathlib_does(tree: Path) -> None:
    with pytest.raises(ValueError):
        PathFacts().resolve(str(tree), "bad\0name.md")
    assert not PathFacts().exists(str(tree / "bad\0name.md"))


def _fail(*args: object, **kwargs: object) -> None:
    raise AssertionError("looked up twice")


def test_a_link_into_a_symlink_loop_is_not_judged(tree: Path) -> None:
    from doclint.running.engine import Linter, RunOptions

    (tree / ".git").mkdir()
    (tree / "index.md").write_text("[loop](loop.md) and [gone](gone.md)\n")
    result = Linter(RunOptions(paths=(tree / "index.md",))).run()
    assert [(f.code, f.line) for f in result.findings] == [("DL401", 1)]
    assert "gone.md" in result.findings[0].message
    assert result.diagnostics == []
