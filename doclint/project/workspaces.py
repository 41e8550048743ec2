"""The packages of a workspace (a monorepo), as the package managers find them.

pnpm reads the ``packages`` globs of ``pnpm-workspace.yaml``; npm and yarn the
``workspaces`` field of the root ``package.json``. The root's own package is always
counted as a member: it is where a fan-out command (``pnpm -r``) or a reader who does not
say where they stand may run a script too. A workspace is *complete* only when every
glob was understood and followed and every member's ``package.json`` was read; an
incomplete one never proves a script missing from all of its packages.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path
from typing import NamedTuple

from doclint.project.package_json import Package, read_package

MAX_FOLDERS = 20_000
"""Folders looked at for members before the workspace counts as incomplete."""
_NOT_WALKED = frozenset({"node_modules"})
_SELECTOR_SYNTAX = re.compile(r"[{}\[\]^!]|\.\.\.")
"""pnpm filter selectors beyond a name or a folder (dependencies, git ranges...)."""


class Workspace(NamedTuple):
    root: Path
    members: tuple[Package, ...]
    """The readable member packages, the root's first when it has one."""
    complete: bool


def workspace_of(package: Package, top: Path, *, pnpm: bool) -> Workspace | None:
    """The workspace ``package`` belongs to: declared in its own folder or the nearest
    folder above it (up to ``top``) that declares one, whose globs take it in.
    ``pnpm`` chooses which declaration counts: ``pnpm-workspace.yaml`` or the
    ``workspaces`` field."""
    for folder in (package.folder, *package.folder.parents):
        declared, globs = _declaration(folder, pnpm)
        if declared:
            if globs is None:
                return None
            inside = folder == package.folder or _matcher(globs).member(
                package.folder.relative_to(folder).as_posix()
            )
            return _read(folder, globs) if inside else None
        if folder == top or not folder.is_relative_to(top):
            return None
    return None


def select(workspace: Workspace, selector: str, base: Path) -> list[Package] | None:
    """The members ``-w NAME`` / ``--filter NAME`` / ``yarn workspace NAME`` names: by
    package name (a ``*`` glob for pnpm's ``@scope/*``), else by folder (relative to
    ``base``, where the command runs). ``None`` when the selection cannot be told: a
    selector beyond a name or a folder, or no member found (a member that could not be
    read may be the one)."""
    if not selector or _SELECTOR_SYNTAX.search(selector):
        return None
    if "*" in selector or "?" in selector:
        chosen = [m for m in workspace.members if fnmatch.fnmatchcase(m.name or "", selector)]
        return chosen if chosen and workspace.complete else None
    chosen = [m for m in workspace.members if m.name == selector]
    if not chosen:
        try:
            folder = (base / selector).resolve()
        except (OSError, ValueError):
            return None
        chosen = [m for m in workspace.members if m.folder.resolve().is_relative_to(folder)]
        return chosen if chosen and workspace.complete else None
    return chosen


def _declaration(folder: Path, pnpm: bool) -> tuple[bool, tuple[str, ...] | None]:
    """Whether ``folder`` declares a workspace, and its globs (``None``: unreadable)."""
    if pnpm:
        path = folder / "pnpm-workspace.yaml"
        if not path.is_file():
            return False, None
        # the YAML loader is imported only by a run that meets a pnpm workspace
        from doclint.compose.errors import ComposeError
        from doclint.compose.yamlload import load_yaml

        try:
            documents = load_yaml(path)
        except ComposeError:
            return True, None
        data = documents[0] if documents else None
        globs = data.get("packages", []) if isinstance(data, dict) else []
        if isinstance(globs, list) and all(isinstance(glob, str) for glob in globs):
            return True, tuple(globs)
        return True, None
    if not (folder / "package.json").is_file():
        return False, None
    package = read_package(folder)
    if package is None:
        return True, None  # a package.json here is the root npm would use, and unread
    return package.workspaces is not None, package.workspaces


class _Matcher(NamedTuple):
    include: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    depth: int | None
    """How deep a member can lie (``None``: any depth, a ``**`` glob)."""
    understood: bool

    def member(self, relative: str) -> bool:
        if self.include is None or not self.include.fullmatch(relative):
            return False
        return self.exclude is None or not self.exclude.fullmatch(relative)


def _matcher(globs: tuple[str, ...]) -> _Matcher:
    include: list[str] = []
    exclude: list[str] = []
    depth: int | None = 0
    understood = True
    for glob in globs:
        negated = glob.startswith("!")
        body = glob.lstrip("!").strip()
        while body.startswith("./"):
            body = body[2:]
        body = body.rstrip("/") or "."
        if "{" in body or "[" in body or body.startswith(("/", "..")):
            understood = False
            continue
        (exclude if negated else include).append(_translate(body))
        if not negated and depth is not None:
            depth = None if "**" in body else max(depth, body.count("/") + 1)
    return _Matcher(_joined(include), _joined(exclude), depth, understood)


def _translate(glob: str) -> str:
    """A workspace glob as a regular expression over a folder's relative path:
    ``**`` crosses folders, ``*`` and ``?`` do not."""
    parts = re.split(r"(\*\*|\*|\?)", glob)
    wildcard = {"**": ".*", "*": "[^/]*", "?": "[^/]"}
    return "".join(wildcard.get(part, re.escape(part)) for part in parts)


def _joined(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _read(root: Path, globs: tuple[str, ...]) -> Workspace:
    matcher = _matcher(globs)
    own = read_package(root)
    members: list[Package] = [own] if own is not None else []
    complete = matcher.understood and (own is not None or not (root / "package.json").exists())
    for walked, (folder, subfolders, files) in enumerate(os.walk(root)):
        if walked >= MAX_FOLDERS:
            complete = False
            break
        relative = Path(folder).relative_to(root).as_posix()
        depth = 0 if relative == "." else relative.count("/") + 1
        subfolders[:] = sorted(
            name
            for name in subfolders
            if name not in _NOT_WALKED
            and not name.startswith(".")
            and (matcher.depth is None or depth < matcher.depth)
        )
        if relative != "." and "package.json" in files and matcher.member(relative):
            package = read_package(Path(folder))
            complete = complete and package is not None
            members += [package] if package is not None else []
    return Workspace(root, tuple(members), complete)
