"""Hostile input (issue 7): each gets a clear message naming the file, bounded time and
memory, no traceback, and the exit code of the core issue (2 for a compose file or
configuration that cannot be used; other files are still linted)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

COMPOSE = "services:\n  api:\n    image: x\n    container_name: kamiyo\n"
DOC = "```bash\ndocker logs kamiyo-api\n```\n"

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
services:
  api:
    image: x
    labels: *i
"""


def doclint(cwd: Path, *args: str, timeout: float = 60) -> tuple[int, str, str, float]:
    """Run the CLI in a child process (so memory and time are its own)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "doclint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr, elapsed


def repo(tmp_path: Path, **files: str | bytes) -> Path:
    (tmp_path / ".git").mkdir()
    for name, content in files.items():
        path = tmp_path / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": BILLION_LAUGHS, "a.md": DOC})
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    code, _, err, elapsed = doclint(root, ".")
    assert code == 2
    assert "compose.yaml" in err
    assert elapsed < 20
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak_kb, before) < 400 * 1024


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system ['touch pwned']", "!custom value", "!!python/name:os.system"],
)
def test_yaml_tags_are_refused_and_never_executed(tmp_path: Path, tag: str) -> None:
    compose = f"services:\n  api:\n    image: {tag}\n"
    root = repo(tmp_path, **{"compose.yaml": compose, "a.md": DOC})
    code, _, err, _ = doclint(root, ".")
    assert code == 2
    assert "compose.yaml:3" in err
    assert not (root / "pwned").exists()


def test_compose_own_tags_are_accepted(tmp_path: Path) -> None:
    compose = COMPOSE + "    ports: !reset []\n"
    root = repo(tmp_path, **{"compose.yaml": compose, "a.md": "```bash\ndocker logs kamiyo\n```\n"})
    assert doclint(root, ".")[0] == 0


def test_deep_nesting_in_compose(tmp_path: Path) -> None:
    deep = "services:\n  api:\n    image: x\n    labels: " + "[" * 10_000 + "]" * 10_000 + "\n"
    root = repo(tmp_path, **{"compose.yaml": deep, "a.md": DOC})
    code, _, err, elapsed = doclint(root, ".")
    assert code == 2 and "compose.yaml" in err
    assert elapsed < 30


def test_deep_nesting_in_markdown(tmp_path: Path) -> None:
    quotes = "> " * 10_000 + "`docker logs kamiyo-api`\n"
    lists = "".join("  " * i + "- x\n" for i in range(2_000))
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "q.md": quotes, "l.md": lists})
    code, _, _, elapsed = doclint(root, ".", timeout=120)
    assert code in (0, 1)
    assert elapsed < 60


def test_fifty_megabyte_document_is_skipped_with_a_message(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "a.md": DOC})
    (root / "huge.md").write_bytes(b"x" * (50 * 1024 * 1024))
    code, out, err, elapsed = doclint(root, ".")
    assert code == 1
    assert "huge.md" in err and "document-bytes" in err
    assert "a.md:2:13: DL101" in out
    assert elapsed < 30


def test_document_limit_is_configurable(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        **{
            "compose.yaml": COMPOSE,
            "a.md": DOC,
            ".doclint.yaml": "limits: {document-bytes: 10}\n",
        },
    )
    code, _, err, _ = doclint(root, ".")
    assert code == 0
    assert "a.md" in err and "more than the limit of 10" in err


def test_bad_limits_are_a_config_error(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"a.md": DOC, ".doclint.yaml": "limits: {document-bytes: -1}\n"})
    code, _, err, _ = doclint(root, ".")
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
    code, _, err, _ = doclint(root, ".")
    assert code == 2 and "compose.yaml" in err


def test_symlink_loop_and_dangling_links(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "docs__a.md": DOC})
    os.symlink(root / "docs", root / "docs" / "loop")
    os.symlink(root / "missing.md", root / "docs" / "dangling.md")
    code, out, _, elapsed = doclint(root, ".")
    assert code == 1 and out.count("DL101") == 1
    assert elapsed < 30


def test_fifo_named_markdown_does_not_block(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "a.md": DOC})
    os.mkfifo(root / "pipe.md")
    code, out, err, _ = doclint(root, ".", timeout=30)
    assert code == 1 and "DL101" in out
    assert "pipe.md" in err and "not a regular file" in err


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    root = repo(tmp_path, **{"compose.yaml": COMPOSE, "a.md": DOC})
    directory_named_md = root / "folder.md"
    directory_named_md.mkdir()  # walked as a folder, never opened as a file
    secret = root / "secret.md"
    secret.write_text(DOC, encoding="utf-8")
    secret.chmod(0)
    code, out, err, _ = doclint(root, ".")
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
    code, out, err, _ = doclint(root, ".")
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
    code, _, err, _ = doclint(root, ".")
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
    code, out, err, _ = doclint(root, ".")
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
