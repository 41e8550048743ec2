"""Hostile input: each gets a clear message naming the file, bounded memory, no
traceback, and the exit code of the core issue (2 for a compose file or configuration that
cannot be used; other files are still linted). How long each takes is measured, against
its limit, by benchmarks/limits.py on the same input (hostile_inputs.py)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_inputs import (
    COMPOSE,
    DOC,
    alias_bomb_repo,
    deep_compose_repo,
    deep_markdown_repo,
    huge_document_repo,
    repo,
    symlink_loop_repo,
)


def doclint(cwd: Path, *args: str, timeout: float = 60) -> tuple[int, str, str]:
    """Run the CLI in a child process (so memory is its own)."""
    done = subprocess.run(
        [sys.executable, "-m", "doclint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def test_yaml_alias_bomb_is_refused_in_little_memory(tmp_path: Path) -> None:
    root = alias_bomb_repo(tmp_path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    code, _, err = doclint(root, ".")
    assert code == 2
    assert "compose.yaml" in err
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak_kb, before) < 400 * 1024


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system ['touch pwned']", "!custom value", "!!python/name:os.system"],
)
def test_yaml_tags_are_refused_and_never_executed(tmp_path: Path, tag: str) -> None:
    compose = f"services:\n  api:\n    image: {tag}\n"
    root = repo(tmp_path, **{"compose.yaml": compose, "a.md": DOC})
    code, _, err = doclint(root, ".")
    assert code == 2
    assert "compose.yaml:3" in err
    assert not (root / "pwned").exists()


def test_compose_own_tags_are_accepted(tmp_path: Path) -> None:
    compose = COMPOSE + "    ports: !reset []\n"
    root = repo(tmp_path, **{"compose.yaml": compose, "a.md": "```bash\ndocker logs kamiyo\n```\n"})
    assert doclint(root, ".")[0] == 0


def test_deep_nesting_in_compose(tmp_path: Path) -> None:
    code, _, err = doclint(deep_compose_repo(tmp_path), ".")
    assert code == 2 and "compose.yaml" in err


def test_deep_nesting_in_markdown(tmp_path: Path) -> None:
    code, _, _ = doclint(deep_markdown_repo(tmp_path), ".", timeout=120)
    assert code in (0, 1)


def test_fifty_megabyte_document_is_skipped_with_a_message(tmp_path: Path) -> None:
    code, out, err = doclint(huge_document_repo(tmp_path), ".")
    assert code == 1
    assert "huge.md" in err and "document-bytes" in err
    assert "a.md:2:13: DL101" in out


def test_document_limit_is_configurable(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        **{
            "compose.yaml": COMPOSE,
            "a.md": DOC,
            ".doclint.yaml": "limits: {document-bytes: 10}\n",
        },
    )
    code, _, err = doclint(root, ".")
    assert code == 0
    assert "a.md" in err and "more than the limit of 10" in err


def test_bad_limits_are_a_config_error(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"a.md": DOC, ".doclint.yaml": "limits: {document-bytes: -1}\n"})
    code, _, err = doclint(root, ".")
    assert code == 2 and ".doclint.yaml:1" in err


def test_oversized_compose_file(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        **{
            "compose.yaml": COMPOSE + "# " + "x" * 2000 + "\n",
            "a.md": DOC,
            ".doclint.yaml": "limits: {compose-bytes: 1000}\n",
        },
    )
    code, _, err = doclint(root, ".")
    assert code == 2 and "compose.yaml" in err


def test_symlink_loop_and_dangling_links(tmp_path: Path) -> None:
    code, out, _ = doclint(symlink_loop_repo(tmp_path), ".")
    assert code == 1 and out.count("DL101") == 1


def test_fifo_named_markdown_does_not_block(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "a.md": DOC})
    os.mkfifo(root / "pipe.md")
    code, out, err = doclint(root, ".", timeout=30)
    assert code == 1 and "DL101" in out
    assert "pipe.md" in err and "not a regular file" in err


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "a.md": DOC})
    directory_named_md = root / "folder.md"
    directory_named_md.mkdir()  # walked as a folder, never opened as a file
    secret = root / "secret.md"
    secret.write_text(DOC, encoding="utf-8")
    secret.chmod(0)
    code, out, err = doclint(root, ".")
    if os.geteuid() != 0:  # root reads it anyway
        assert "secret.md" in err and "cannot read" in err
    assert code == 1 and "a.md:2:13: DL101" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.md", "caf\xe9 `docker logs x`\n".encode("latin-1"), "not valid UTF-8"),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00IHDR", "binary file"),
        ("utf16.md", "# hi\n".encode("utf-16"), "binary file"),
    ],
)
def test_undecodable_documents(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "a.md": DOC, name: content})
    code, out, err = doclint(root, ".")
    assert code == 1 and "DL101" in out
    assert name in err and message in err


def test_include_outside_the_repository_is_reported_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("services:\n  leak:\n    container_name: leaked\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    repo(
        root,
        **{
            "compose.yaml": COMPOSE + "include:\n  - ../outside.yaml\n",
            "a.md": "```bash\ndocker logs leaked\n```\n",
        },
    )
    code, _, err = doclint(root, ".")
    assert code == 2
    assert "outside" in err


def test_env_file_outside_is_not_read(tmp_path: Path) -> None:
    """Loading a project records ``env_file`` paths but never opens them; the
    env-var rule (DL108) that reads them refuses files outside the project."""
    (tmp_path / "secret.env").write_text("PASSWORD=x\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    repo(
        root,
        **{
            "compose.yaml": COMPOSE + "    env_file: ../secret.env\n",
            "a.md": "```bash\ndocker logs kamiyo\n```\n",
        },
    )
    code, out, err = doclint(root, ".")
    assert code == 0, out + err
    assert "PASSWORD" not in out + err


def test_a_bug_reading_one_document_spares_the_others(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An exception while analysing a document becomes a fatal diagnostic naming it;
    the other documents are still linted."""
    from doclint.running import engine
    from doclint.running.engine import Linter, RunOptions

    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.md").write_text("# Bad\n")
    (tmp_path / "good.md").write_text("Run `docker-compose up`.\n")
    analyze = engine.analyze

    def fragile(source: engine.SourceFile) -> engine.Analysis:
        if source.path.name == "bad.md":
            raise RecursionError("maximum recursion depth exceeded")
        return analyze(source)

    monkeypatch.setattr(engine, "analyze", fragile)
    result = Linter(RunOptions(paths=(tmp_path,))).run()
    assert result.findings and all(f.path.endswith("good.md") for f in result.findings)
    (problem,) = result.diagnostics
    assert problem.fatal and problem.path and problem.path.endswith("bad.md")
    assert "internal error while reading this document (RecursionError" in problem.message
