"""``--changed-since REF``: lint only the documents a pull request touches.

"Changed" is everything that differs from the merge base of REF and HEAD: commits on
the branch, staged and unstaged edits, and untracked files git does not ignore. That
is what a PR gate wants (what the branch adds, not what happened on the target branch
meanwhile) and what a developer wants before pushing (their uncommitted work too).

A change to what the docs are checked *against* (a compose file by name or by shape,
a ``.env``, a doclint configuration) can break any document: a renamed container
breaks every runbook that names it. Then everything under the given paths is linted.
git runs without a shell and with a timeout; its failures are ``DoclintError``s.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from doclint.compose.files import DEFAULT_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES
from doclint.errors import DoclintError
from doclint.inputs.config import CONFIG_FILE_NAMES, has_tool_table
from doclint.inputs.discovery import SKIPPED_DIRS, compose_kind, file_kind

GIT_TIMEOUT = 60
_CONTEXT_NAMES = frozenset(
    {*DEFAULT_FILE_NAMES, *DEFAULT_OVERRIDE_FILE_NAMES, *CONFIG_FILE_NAMES, ".env"}
)


def changed_documents(paths: Sequence[Path], ref: str) -> tuple[Path, ...] | None:
    """The Markdown and shell files under ``paths`` changed since ``ref`` (relative to
    the working directory), or ``None`` when a change means linting everything."""
    top = _git(["rev-parse", "--show-toplevel"], "works only inside a git repository")
    commit = f"{ref}^{{commit}}"
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", commit], f"unknown ref `{ref}`")
    base = _git(
        ["merge-base", "--end-of-options", ref, "HEAD"], f"`{ref}` and HEAD share no history"
    )
    names = _git(["diff", "--name-only", "--no-renames", "-z", base.strip().decode(), "--"])
    # untracked files of the whole repository, named from its top like git diff names
    names += _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z", ":/"])
    root = Path(os.fsdecode(top.strip())).resolve()
    changed = sorted({root / os.fsdecode(name) for name in names.split(b"\0") if name})
    if any(_is_context(path) for path in changed):
        return None
    here = Path.cwd().resolve()
    given = [path.resolve() for path in paths]
    return tuple(
        Path(os.path.relpath(path, here))
        for path in changed
        if path.is_file()
        and file_kind(path, named=False)
        and not SKIPPED_DIRS.intersection(path.parts)
        and any(path.is_relative_to(folder) for folder in given)
    )


def _is_context(path: Path) -> bool:
    """Whether a changed (or deleted) file is something documents are checked against."""
    if path.name in _CONTEXT_NAMES:
        return True
    if path.name == "pyproject.toml":
        return not path.exists() or has_tool_table(path)
    if path.suffix.lower() in (".yml", ".yaml"):
        return not path.exists() or compose_kind(path) is not None
    return False


def _git(args: list[str], failure: str = "git failed") -> bytes:
    """Run git in the working directory; ``DoclintError`` saying ``failure`` (and git's
    own last words) when it fails."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise DoclintError("--changed-since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise DoclintError(f"--changed-since: git {args[0]} took over {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        detail = f" ({said[-1].strip()})" if said else ""
        raise DoclintError(f"--changed-since: {failure}{detail}")
    return done.stdout
