"""``DOCLINT_FAST_PATHS=0`` really turns each fast path off (tests/test_fixtures.py
checks that the output does not change)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from doclint import fast_paths
from doclint.checkers.pattern import Pattern
from doclint.extract import blocks
from doclint.extract.markdown import extract_markdown
from doclint.project import markdown_links
from doclint.shell import parse
from doclint.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = "# Title\n\nSee [the guide](guide.md).\n\n```sh\ndocker logs api\n```\n"


@pytest.fixture
def off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fast_paths.VARIABLE, "0")


def _never(*args: Any) -> Any:
    raise AssertionError("a fast path ran with the fast paths off")


def test_on_unless_set_to_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fast_paths.VARIABLE, raising=False)
    assert fast_paths.enabled()
    monkeypatch.setenv(fast_paths.VARIABLE, "0")
    assert not fast_paths.enabled()


@pytest.mark.usefixtures("off")
def test_markdown_it_reads_every_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "_scan", _never)
    groups = list(blocks.block_groups(DOCUMENT, lambda text: [blocks.BlockToken]))  # type: ignore[list-item]
    assert len(groups) == 1


@pytest.mark.usefixtures("off")
def test_bashlex_reads_every_command_and_markdown_it_every_link(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parse, "simple_commands", _never)
    monkeypatch.setattr(markdown_links, "_plain_links", _never)
    document = extract_markdown(SourceFile(Path("a.md"), "a.md", DOCUMENT, "markdown"))
    [snippet] = document.snippets
    assert [[w.value for w in c.words] for c in parse.parse_snippet(snippet)] == [
        ["docker", "logs", "api"]
    ]
    assert [link.target for link in markdown_links.links(DOCUMENT, document.code_spans)] == [
        "guide.md"
    ]


@pytest.mark.usefixtures("off")
def test_every_pattern_is_tried() -> None:
    pattern = Pattern.from_mapping({"id": "x", "regex": "x?TODO", "scope": "any", "message": "m"})
    assert pattern.literals == ("TODO",)
    assert pattern.may_match("no candidate here")


def test_the_command_exits_normally(tmp_path: Path) -> None:
    """With the fast paths off the process is not tuned either: it exits through the
    interpreter's teardown, so an ``atexit`` handler runs."""
    probe = (
        "import atexit, sys; atexit.register(lambda: print('torn down', file=sys.stderr)); "
        "sys.argv = ['doclint', '--version']; from doclint.cli import entry; entry()"
    )
    runs = {
        value: subprocess.run(
            [sys.executable, "-c", probe],
            env={"PATH": "", fast_paths.VARIABLE: value},
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
            check=False,
        )
        for value in ("0", "1")
    }
    assert "torn down" in runs["0"].stderr
    assert "torn down" not in runs["1"].stderr
    assert runs["0"].stdout == runs["1"].stdout != ""
