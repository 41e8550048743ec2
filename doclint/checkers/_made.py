"""Files and folders a document's commands create, as far as the words say.

A check that asks "does this file exist?" must first ask "did the reader just make
it?": ``openssl req … -out cert.pem`` then ``cat cert.pem``, ``git clone …/app.git``
then ``cd app``, ``cat > .env <<EOF``. What a command makes is read from its words
without running it, and generously: any path-shaped word of an earlier command
counts as possibly made (``touch x``, the ``DEST`` of ``cp``, the last part of a URL
that ``curl -O`` saves). Where a command makes files whose names the words do not give
(``tar -x``, ``unzip``, ``git checkout``), the document is *opaque* from there on:
nothing it names afterwards is called missing; after a build (``make``, ``npm run``)
the rest of its block is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from doclint.inputs.discovery import GitIgnore, git_top
from doclint.shell.words import Command

TREE_MAKERS = frozenset(
    {"tar", "unzip", "gunzip", "7z", "rsync", "scp", "svn", "django-admin", "rails",
     "cookiecutter", "yo", "degit", "copier"}
)  # fmt: skip
"""Programs that lay down trees of files doclint cannot list (archives, copies, project
scaffolds)."""
BUILDERS = frozenset(
    {"make", "gmake", "cmake", "cargo", "go", "mvn", "gradle", "composer", "bundle",
     "helm", "ansible-playbook", "terraform", "npx", "bunx"}
)  # fmt: skip
"""Programs that build or generate files; their outputs mostly land in build folders
and git-ignored paths, so they hide only what the rest of their own block uses."""
_PACKAGE_MANAGERS = frozenset({"npm", "yarn", "pnpm", "bun", "poetry", "uv", "pipenv"})
_INSTALLS = frozenset({"install", "i", "ci", "add", "sync", "lock", "remove", "uninstall"})
_SCAFFOLDS = frozenset({"init", "create", "new"})
"""Package-manager commands that only fill the package folders and the lock file."""
_GIT_QUIET = frozenset(
    {"clone", "config", "add", "commit", "status", "log", "diff", "remote", "init",
     "fetch", "push", "show", "tag", "branch", "rev-parse", "describe", "blame", "grep"}
)  # fmt: skip
"""git commands that leave the working tree as it was (``clone`` names what it makes)."""
_REDIRECTION = re.compile(r"(?<![<>])(?:&|[0-9])?>>?\|?[ \t]*([^\s;&|<>()'\"]+)")


def ignored_by_git(path: Path) -> bool:
    """Whether the repository holding ``path`` ignores it: a file the reader or a
    tool makes (``.env``, ``build/``), never one the repository provides."""
    top = git_top(path.parent if path.parent.exists() else path.parent.parent)
    return (
        top is not None and path.is_relative_to(top) and GitIgnore(top).ignored(path, is_dir=False)
    )


def normal(value: str) -> str:
    """A path as written, normalised (``./a/../b`` → ``b``)."""
    return posixpath.normpath(value)


def unlisted(command: Command) -> str | None:
    """Whether the command makes files its words do not name: ``"document"`` when they
    may be anywhere from then on (an archive unpacked, a checkout switched), ``"block"``
    when only the rest of its block may use them (a build), else ``None``."""
    program = command.program.rsplit("/", 1)[-1]
    words = [w.value for w in command.words[1:] if not w.value.startswith("-")]
    first = words[0] if words else ""
    if program in TREE_MAKERS or (program == "git" and first not in _GIT_QUIET):
        return "document"
    if program in _PACKAGE_MANAGERS and first in _SCAFFOLDS:
        return "document"
    if program in BUILDERS or (program in _PACKAGE_MANAGERS and first not in _INSTALLS):
        return "block"
    return None


def mentions(command: Command) -> Iterator[str]:
    """Every path a command may create: its literal words, normalised, and the last
    segment of those with a ``/`` (``https://x/install.sh`` → ``install.sh``,
    ``…/repo.git`` → ``repo``); the value of ``KEY=VALUE`` words."""
    for word in command.words[1:]:
        if word.dynamic:
            continue
        value = word.value.split("?", 1)[0].rstrip("/")
        yield normal(value) if value else value
        if "/" in value:
            last = value.rsplit("/", 1)[1]
            yield last
            yield last.removesuffix(".git")
        if "=" in value:
            yield normal(value.partition("=")[2] or ".")


def redirections(text: str, offsets: list[int]) -> Iterator[tuple[int, str]]:
    """``(file offset, target)`` of every ``> file`` in a snippet's text (heredoc
    bodies too: a stray ``>`` there only makes the checks more careful)."""
    for match in _REDIRECTION.finditer(text):
        if not match.group(1).startswith("&"):
            yield offsets[match.start()], normal(match.group(1))


@dataclass(frozen=True)
class Made:
    """What a document has made before the command being looked at."""

    names: frozenset[str] = frozenset()
    """Paths as written (relative to wherever the command ran), normalised."""
    opaque: bool = False
    """An earlier command made files doclint cannot list."""

    def covers(self, path: str) -> bool:
        """Whether ``path`` (as written, normalised) may be one of them, or lie in one."""
        if self.opaque:
            return True
        names = self.names
        if path in names or posixpath.basename(path) in names:
            return True
        return any(path.startswith(made + "/") for made in names if made not in ("", "."))


class Located(NamedTuple):
    """A command, the folders it may run in (absolute, existing, never empty), and
    what the document made before it."""

    command: Command
    folders: tuple[Path, ...]
    made: Made
