"""Small builders shared by the tests (test modules import from here, never from each
other)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from click.testing import CliRunner

from doclint.cli import main
from doclint.findings import Finding, RunResult
from doclint.running.engine import Linter, RunOptions
from doclint.shell.words import Command, Word

_DYNAMIC_MARKS = ("$", "`")

COMPOSE = "services:\n  api:\n    image: example/api\n    container_name: kamiyo\n"
"""A compose file with one service, ``api``, whose container is ``kamiyo``."""


def command_from(text: str, offset: int = 0) -> Command:
    """A Command for one simple command line, as the shell extractor would give it.

    Words are split like the shell does (quotes, backslashes, ``$(...)`` and
    backticks kept inside one word) and carry their raw spelling and file span,
    ``offset`` being where ``text`` starts in the file. Values are shlex's quote
    removal, except for command substitutions, which stay as written.
    """
    words = [_word(text[start:end], offset + start, offset + end) for start, end in _spans(text)]
    return Command(words=words)


def _word(raw: str, start: int, end: int) -> Word:
    dynamic = any(mark in raw for mark in _DYNAMIC_MARKS)
    value = raw if "$(" in raw or "`" in raw else "".join(shlex.split(raw))
    return Word(value=value, raw=raw, start=start, end=end, dynamic=dynamic)


def _spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        start = index
        while index < len(text) and not text[index].isspace():
            index = _skip(text, index)
        spans.append((start, index))
    return spans


def _skip(text: str, index: int) -> int:
    """Index just past the shell token piece that starts at ``index``."""
    char = text[index]
    if char == "\\":
        return index + 2
    if char in "'\"`":
        return _closing(text, index + 1, char) + 1
    if text.startswith("$(", index):
        depth, index = 1, index + 2
        while index < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[index], 0)
            index += 1
        return index
    return index + 1


def _closing(text: str, index: int, quote: str) -> int:
    while index < len(text) and text[index] != quote:
        index += 2 if text[index] == "\\" and quote != "'" else 1
    return index


def lint_tree(root: Path, files: dict[str, str], select: str) -> list[Finding]:
    """Write ``files`` (relative path → text) into a git checkout at ``root`` and lint
    it with only the rules ``select`` names (comma-separated codes)."""
    (root / ".git").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    options = RunOptions(paths=(root,), select=tuple(select.split(",")))
    return Linter(options).run().findings


def documents(*roots: Path, suffixes: tuple[str, ...] = (".md",)) -> list[Path]:
    """The files under ``roots`` whose names end in one of ``suffixes``, in a stable order:
    the real documents the agreement tests read."""
    return sorted(
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix in suffixes and path.is_file()
    )


def make_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Invoke the CLI in-process from ``cwd``; returns exit code, stdout, stderr."""
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def lint_in(folder: Path) -> RunResult:
    """Lint ``.`` from inside ``folder``, as a user runs doclint in a checkout (paths in
    the result are relative to it)."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        return Linter(RunOptions(paths=(Path("."),))).run()
    finally:
        os.chdir(old)


def outcome(result: RunResult) -> tuple[object, ...]:
    """Everything a reporter shows, in order (finding fixes included)."""
    findings = [(f, f.fix) for f in result.findings]
    return findings, result.diagnostics, result.notices, list(result.sources), result.files_checked
