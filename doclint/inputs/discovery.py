"""Which files to lint, and which project each belongs to.

Folders are walked without following symlinks (so a symlink loop cannot trap the
walk), skipping version-control and dependency folders, virtualenvs and whatever the
repository's ``.gitignore`` files ignore. A file named on the command line is linted
when it is Markdown, a shell script by extension, or has a ``sh``/``bash`` shebang.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from doclint.compose.files import DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES
from doclint.inputs.config import CONFIG_FILE_NAMES, has_tool_table

if TYPE_CHECKING:
    import pathspec

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
SHELL_SUFFIXES = (".sh", ".bash")
SKIPPED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".doclint_cache", ".venv", "venv",
        "vendor", "testdata",
    }
)  # fmt: skip
"""Never walked: version control, dependencies (``node_modules/``, Go's and Composer's
``vendor/``: other projects' docs), virtual environments and tool caches."""
SHEBANG_SHELLS = ("sh", "bash", "dash", "ksh", "zsh")


def file_kind(path: Path, named: bool) -> str | None:
    """``"markdown"``, ``"shell"`` or ``None`` (not linted).

    Extensionless scripts are recognised by their shebang only when named explicitly:
    opening every file of a tree to look for one would be slow and surprising.
    """
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in SHELL_SUFFIXES:
        return "shell"
    if named and has_shell_shebang(path):
        return "shell"
    return None


def has_shell_shebang(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return is_shell_shebang(first)


def is_shell_shebang(first: bytes) -> bool:
    """Whether a script's first line names a shell (``#!/bin/sh``, ``#!/usr/bin/env bash``)."""
    if not first.startswith(b"#!"):
        return False
    words = first[2:].decode("latin-1").split()
    if not words:
        return False
    program = words[1] if words[0].endswith("/env") and len(words) > 1 else words[0]
    return program.rsplit("/", 1)[-1] in SHEBANG_SHELLS


_MARKERS = (*DEFAULT_FILE_NAMES, *DEFAULT_OVERRIDE_FILE_NAMES, ".git", *CONFIG_FILE_NAMES)


def is_project_root(folder: Path) -> bool:
    """A folder holding a compose file, a ``.git`` or a doclint configuration."""
    base = str(folder)  # os.path, not pathlib: this runs for every folder up to the root
    if any(os.path.exists(os.path.join(base, name)) for name in _MARKERS):
        return True
    pyproject = folder / "pyproject.toml"
    return pyproject.is_file() and has_tool_table(pyproject)


@cache
def project_root(folder: Path) -> Path | None:
    """The nearest ancestor of ``folder`` (itself included) that is a project root.

    Asks its parent's answer, cached too: the folders of a tree share their ancestors,
    which are then looked at once."""
    if is_project_root(folder):
        return folder
    parent = folder.parent
    return None if parent == folder else project_root(parent)


@cache
def git_top(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


@dataclass
class GitIgnore:
    """The ``.gitignore`` rules of one repository, read lazily folder by folder."""

    top: Path
    _specs: dict[Path, pathspec.GitIgnoreSpec | None] = field(default_factory=dict)

    def _spec(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._specs:
            lines: list[str] = []
            sources = [folder / ".gitignore"]
            if folder == self.top:
                sources.append(folder / ".git" / "info" / "exclude")
            for source in sources:
                try:
                    lines.extend(source.read_text(encoding="utf-8", errors="replace").splitlines())
                except OSError:
                    continue
            self._specs[folder] = _gitignore_spec(tuple(lines)) if lines else None
        return self._specs[folder]

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """Whether git would ignore ``path``: the deepest ``.gitignore`` with an opinion wins."""
        verdict = False
        relative = path.relative_to(self.top)
        folder = self.top
        for depth in range(len(relative.parts)):
            spec = self._spec(folder)
            if spec is not None:
                rest = Path(*relative.parts[depth:]).as_posix() + ("/" if is_dir else "")
                result = spec.check_file(rest)
                if result.include is not None:
                    verdict = bool(result.include)
            folder = folder / relative.parts[depth]
        return verdict


@dataclass
class Walker:
    """Finds the files to lint below the given paths."""

    _ignores: dict[Path, GitIgnore] = field(default_factory=dict)
    passed_over: list[Path] = field(default_factory=list)
    """Files named on the command line that are neither Markdown nor a shell script:
    the run says it did not read them rather than calling them clear."""

    def files(
        self, paths: Iterable[Path], own_project_only: bool = False
    ) -> Iterator[tuple[Path, str]]:
        """``(absolute path, kind)`` of every file to lint, each once, in a stable order.

        With ``own_project_only``, folders that are project roots of their own are not
        entered: they hold another project's documents.
        """
        seen: set[Path] = set()
        for given in paths:
            path = Path(os.path.abspath(given))  # `..` resolved, symlinks kept
            if path.is_dir():
                found = self._walk(path, own_project_only, lambda p: file_kind(p, named=False))
            else:
                kind = file_kind(path, named=True)
                if kind is None and path.is_file():
                    self.passed_over.append(path)
                found = iter([(path, kind)] if kind else [])
            for file, kind in found:
                if file not in seen:
                    seen.add(file)
                    yield file, kind

    def _ignore_for(self, folder: Path) -> GitIgnore | None:
        top = git_top(folder)
        if top is None:
            return None
        if top not in self._ignores:
            self._ignores[top] = GitIgnore(top)
        return self._ignores[top]

    def compose_like_files(self, root: Path) -> list[Path]:
        """YAML files of the repository below the project that are compose files by
        their shape (a top-level ``services:``) whatever their name, such as a
        ``manual-install/latest.yml`` that the docs tell readers to copy, or the
        compose file of a folder the docs copy into place (``cp -R
        devcontainer-example .devcontainer``). Folders that hold a compose file are
        read too (each is a stack a plain ``docker`` command may address); separate
        checkouts (a ``.git`` of their own) are not."""
        return [path for path, _ in self._walk(root, False, compose_kind, stop_at=".git")]

    def tree_state(
        self, root: Path, leave_out: Collection[str] = ()
    ) -> Iterator[tuple[str, int, int]]:
        """``(relative path, size, modification time)`` of every file below ``root``,
        and ``(folder path + "/", -1, 0)`` of every folder, outside the folders a walk
        skips and the absolute paths in ``leave_out``: what the cache fingerprints as
        the state of a repository."""
        ignore = self._ignore_for(root)
        prefix = len(os.path.join(root, ""))
        folders = [root]
        while folders:
            folder = folders.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.path in leave_out:
                    continue
                relative = entry.path[prefix:]
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if not self._skip_dir(Path(entry.path), entry.name, ignore):
                            folders.append(Path(entry.path))
                            yield relative + "/", -1, 0
                        continue
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                yield relative, info.st_size, info.st_mtime_ns

    def _walk(
        self,
        root: Path,
        own_project_only: bool,
        kind_of: Callable[[Path], str | None],
        stop_at: str | None = None,
    ) -> Iterator[tuple[Path, str]]:
        ignore = self._ignore_for(root)
        for folder, dirnames, filenames in os.walk(root):
            here = Path(folder)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if not self._skip_dir(here / d, d, ignore)
                and not (own_project_only and is_project_root(here / d))
                and not (stop_at and os.path.exists(os.path.join(here, d, stop_at)))
            )
            for name in sorted(filenames):
                path = here / name
                kind = kind_of(path)
                if kind and not (ignore and ignore.ignored(path, is_dir=False)):
                    yield path, kind

    @staticmethod
    def _skip_dir(path: Path, name: str, ignore: GitIgnore | None) -> bool:
        if name in SKIPPED_DIRS or (path / "pyvenv.cfg").exists():
            return True
        return bool(ignore and ignore.ignored(path, is_dir=True))


_COMPOSE_LIKE_NAME = re.compile(r"\.ya?ml(?:\.(?:example|sample|dist|template|tmpl))?$")
_SERVICES_KEY = re.compile(rb"^services:[ \t]*(?:#.*)?\r?$", re.MULTILINE)
COMPOSE_LIKE_MAX_BYTES = 1024 * 1024


def compose_kind(path: Path) -> str | None:
    """``"compose"`` for a YAML file with a top-level ``services:`` (whatever its name),
    or an example of one that the docs copy into place (``compose.override.yaml.example``)."""
    if not _COMPOSE_LIKE_NAME.search(path.name.lower()):
        return None
    try:
        if path.stat().st_size > COMPOSE_LIKE_MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return "compose" if _SERVICES_KEY.search(data) else None


def _gitignore_spec(lines: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    """pathspec is imported on first use: it costs as much as the rest of a one-file
    run, and a folder without ``.gitignore`` and a configuration without globs need
    none of it."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


@cache
def _glob_spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return _gitignore_spec(patterns)


def matches_any(relative: str, patterns: tuple[str, ...]) -> bool:
    """Whether a ``/``-separated relative path matches any glob, with ``.gitignore``
    semantics: ``**`` spans folders, a pattern without ``/`` matches at any depth."""
    return bool(patterns) and _glob_spec(patterns).match_file(relative)
