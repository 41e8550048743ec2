"""The lint session behind ``doclint server``, in process: the same findings as the CLI
(suppressions, per-file ignores, baselines), inventories kept until what they read
changes, and LSP positions counted in the client's code units."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import COMPOSE, lint_in, make_repo, run

from doclint.errors import ConfigError
from doclint.output.baseline import load_baseline
from doclint.running.live import Session
from doclint.running.options import RunOptions
from doclint.server.actions import smallest_edit
from doclint.server.positions import LineIndex

ROCKET = "\U0001f680"


def session_for(root: Path, **options: object) -> Session:
    return Session(RunOptions(paths=(root,), **options))  # type: ignore[arg-type]


def codes_of(session: Session, path: Path, text: str | None = None) -> list[str]:
    session.open(path, path.read_text() if text is None else text, "markdown")
    return sorted(f.code for f in session.lint(path).result.findings)


# Positions


def test_positions_count_utf16_code_units() -> None:
    text = f"a{ROCKET}é b\r\nsecond\rthird\n"
    index = LineIndex(text)
    assert index.position(text.index("b")) == (0, 5)  # the rocket is two units
    assert index.position(text.index("second")) == (1, 0)
    assert index.position(text.index("third")) == (2, 0)  # a lone CR ends a line too
    assert index.position(text.index("\r\n") + 1) == (0, 6)  # inside CRLF: end of the line
    assert index.position(len(text)) == (3, 0)
    for offset in range(len(text)):
        if text[offset] not in "\r\n":
            assert index.offset(*index.position(offset)) == offset
    assert index.offset(0, 2) == 2  # in the middle of the rocket: after it
    assert index.offset(0, 99) == text.index("\r")  # past the end of its line
    assert index.offset(99, 0) == len(text)


def test_positions_in_other_encodings() -> None:
    text = f"{ROCKET}é x"
    assert LineIndex(text, "utf-8").position(text.index("x")) == (0, 7)
    assert LineIndex(text, "utf-32").position(text.index("x")) == (0, 3)
    assert LineIndex(text, "utf-8").offset(0, 7) == text.index("x")
    assert LineIndex(text, "something else").encoding == "utf-16"


def test_smallest_edit_rewrites_only_what_changed() -> None:
    for before, after in [("abc", "abc"), ("abc", "abxc"), ("abab", "ab"), ("", "x"), ("x", "")]:
        edit = smallest_edit(before, after)
        assert before[: edit.start] + edit.text + before[edit.end :] == after
    assert smallest_edit("docker logs api\n", "docker logs kamiyo\n")[:2] == (12, 15)


# The same findings as the CLI


def test_suppressions_per_file_ignores_and_the_baseline_as_in_the_cli(tmp_path: Path) -> None:
    make_repo(
        tmp_path,
        {
            ".git/HEAD": "",
            "docker-compose.yml": COMPOSE,
            ".doclint.yaml": 'per-file-ignores:\n  "legacy/**": [DL103]\n',
            "a.md": "```bash\ndocker logs nope  # doclint: ignore[DL101]\ndocker logs api\n```\n",
            "legacy/b.md": "```bash\ndocker logs api\ndocker logs nope\n```\n",
        },
    )
    session = session_for(tmp_path)
    cli = lint_in(tmp_path).findings
    for name in ("a.md", "legacy/b.md"):
        path = tmp_path / name
        expected = sorted(f.code for f in cli if f.path == name)
        assert codes_of(session, path) == expected
    assert codes_of(session, tmp_path / "a.md") == ["DL103"]
    assert codes_of(session, tmp_path / "legacy/b.md") == ["DL101"]

    baseline = tmp_path / "baseline.json"
    assert run("--write-baseline", str(baseline), "--no-cache", ".", cwd=tmp_path)[0] == 0
    session.baseline = load_baseline(baseline)
    assert codes_of(session, tmp_path / "a.md") == []
    text = (tmp_path / "a.md").read_text() + "\n```bash\ndocker logs api\n```\n"
    assert codes_of(session, tmp_path / "a.md", text) == ["DL103"]  # a new one


def test_unsaved_text_is_linted_and_what_it_creates_exists(tmp_path: Path) -> None:
    """A ``docker run --name`` typed in the buffer creates a container for the project's
    inventory, which is then built again; other keystrokes keep it."""
    make_repo(tmp_path, {".git/HEAD": "", "docker-compose.yml": COMPOSE})
    path = tmp_path / "a.md"
    path.write_text("```bash\ndocker logs worker\n```\n")
    session = session_for(tmp_path)
    assert codes_of(session, path) == ["DL101"]
    project = session.lint(path).project
    assert project is not None
    inventory = project.inventory
    assert codes_of(session, path, "# Logs\n\n```bash\ndocker logs worker\n```\n") == ["DL101"]
    assert project.inventory is inventory  # kept: the commands tell it nothing new
    created = "```bash\ndocker run -d --name worker example/worker\ndocker logs worker\n```\n"
    assert codes_of(session, path, created) == []
    assert project.inventory is not inventory


def test_a_changed_compose_file_is_read_again(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "", "docker-compose.yml": COMPOSE})
    path = tmp_path / "a.md"
    path.write_text("```bash\ndocker logs kamiyo-api\n```\n")
    session = session_for(tmp_path)
    assert codes_of(session, path) == ["DL101"]
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(COMPOSE.replace("kamiyo", "kamiyo-api"))
    assert codes_of(session, path) == ["DL101"]  # nobody said it changed
    session.changed([compose])
    assert codes_of(session, path) == []


def test_refresh_notices_changed_files_without_being_told(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "", "docker-compose.yml": COMPOSE})
    path = tmp_path / "a.md"
    path.write_text("```bash\ndocker logs kamiyo-api\n```\n")
    session = session_for(tmp_path)
    session.track_disk = True
    assert codes_of(session, path) == ["DL101"]
    assert not session.refresh()
    compose = tmp_path / "docker-compose.yml"
    compose.write_text(COMPOSE.replace("kamiyo", "kamiyo-api"))
    os.utime(compose, ns=(1, 1))
    assert session.refresh()
    assert codes_of(session, path) == []


def test_a_broken_configuration_raises_and_the_session_recovers(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "", ".doclint.yaml": "selcet: [DL1]\n"})
    path = tmp_path / "a.md"
    path.write_text("```bash\ndocker-compose ps\n```\n")
    session = session_for(tmp_path)
    session.open(path, path.read_text(), "markdown")
    with pytest.raises(ConfigError) as raised:
        session.lint(path)
    assert raised.value.path and raised.value.path.endswith(".doclint.yaml")
    (tmp_path / ".doclint.yaml").write_text("ignore: [DL201]\n")
    session.changed([tmp_path / ".doclint.yaml"])
    assert codes_of(session, path) == []


def test_broken_compose_files_are_named_absolutely(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "", "docker-compose.yml": "services: [\n"})
    path = tmp_path / "a.md"
    path.write_text("```bash\ndocker logs api\n```\n")
    session = session_for(tmp_path)
    session.open(path, path.read_text(), "markdown")
    problems = session.lint(path).inventory
    assert [p.path for p in problems] == [str(tmp_path / "docker-compose.yml")]


def test_what_git_keeps_inside_its_folder_changes_nothing(tmp_path: Path) -> None:
    """An editor watching the workspace reports ``.git/index`` at every commit."""
    make_repo(tmp_path, {".git/HEAD": "", "docker-compose.yml": COMPOSE})
    path = tmp_path / "a.md"
    path.write_text("```bash\ndocker logs kamiyo-api\n```\n")
    session = session_for(tmp_path)
    codes_of(session, path)
    project = session.lint(path).project
    assert project is not None and project.inventory is not None
    session.changed([tmp_path / ".git" / "index", tmp_path / ".git" / "objects" / "ab"])
    assert project.inventory is not None
    session.changed([tmp_path / "notes.txt"])
    assert project.inventory is None
