"""DL402 missing-path: a command runs or reads a repository file that does not exist.

Only commands whose argument is certainly a file on this machine are read:
``./scripts/x.sh``, ``bash|sh|source|. FILE``, ``cat|less|more|head|tail FILE``,
``python FILE.py``, ``cp SRC... DEST`` (the sources) and ``chmod MODE FILE``. A path is
looked up from every folder the command may run in, after every ``cd`` of the
document (see ``_workdir``); once that folder is unknown, nothing is judged.

The claim is that the repository was meant to provide the file and does not, so a
path is left alone when that is not clear:

- an earlier command of the document may make it (see ``_made``: ``touch x``,
  ``curl -O …/install.sh``, ``git clone``, ``> out.txt``, the ``DEST`` of ``cp``), or
  made files doclint cannot list (``tar x``, ``make``, a build);
- another document of the repository makes a file of that name (a setup guide that
  writes ``compose.custom.yaml``; see ``doclint.project.made_by_docs``);
- git ignores it (``.env``, ``build/``), or a template of it sits beside it
  (``.env`` next to ``.env.example``): the reader makes it from the template;
- its folder is not in the repository (``config/`` that a setup script creates), or it
  is a bare file name that exists in another folder (``python manage.py`` with
  ``src/manage.py``): the prose says where to run it;
- it is data the reader brings (``backup.sql``, ``dump.tar.gz``, ``app.log``, keys and
  certificates), or it is not literal (``$DIR/x``, ``*.sh``, ``<file>``), absolute, in
  the home folder, or under a folder that tools generate (``node_modules/``...).

Paths inside containers are never seen: they are words of the ``docker`` command
(``docker exec app cat /app/x``), not commands of their own.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from doclint.checkers._argv import split_argv
from doclint.checkers._made import Located, ignored_by_git, normal
from doclint.checkers._names import illustrative, is_placeholder, span_in
from doclint.checkers._workdir import (
    located_commands,
    relative_to_root,
    repository_path,
)
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.inputs.discovery import SKIPPED_DIRS
from doclint.judging.rulebook import Rule
from doclint.shell.prefixes import SHELLS
from doclint.shell.words import Command, Word
from doclint.suggest import closest

PAGERS = frozenset({"cat", "less", "more", "head", "tail"})
SOURCES = SHELLS | {"source", "."}
PYTHONS = frozenset({"python", "python3", "python2"})
GENERATED_DIRS = frozenset(
    {"node_modules", "vendor", "target", "dist", "build", ".venv", "venv", "env",
     "__pycache__", ".git", ".tox"}
)  # fmt: skip
TEMPLATE_MARKS = re.compile(
    r"[._-](?:example|sample|template|dist|tpl|default|orig|in)(?=[._-]|$)"
    r"|^(?:example|sample|template)(?:[_-]|(?=\.))",
    re.IGNORECASE,
)
READER_DATA = frozenset(
    {".sql", ".dump", ".bak", ".backup", ".log", ".csv", ".tar", ".tgz", ".zip", ".gz",
     ".bz2", ".xz", ".7z", ".pem", ".key", ".crt", ".cert", ".p12", ".pfx", ".jks"}
)  # fmt: skip
"""Suffixes of files the reader brings or makes on their own host: backups, dumps,
logs, archives, keys and certificates."""
READER_SECRETS = re.compile(r"^\.env(?:\.|$)|passw|secret|token|credential|\.pw$", re.IGNORECASE)
"""Settings and secrets each reader writes for their own deployment."""
_VALUE_OPTIONS = {
    "head": frozenset({"-n", "-c", "--lines", "--bytes"}),
    "tail": frozenset({"-n", "-c", "--lines", "--bytes", "-s", "--sleep-interval", "--pid"}),
    "python": frozenset({"-W", "-X"}),
    "sh": frozenset({"-o", "-O", "--rcfile", "--init-file"}),
}
_PATH_SHAPE = re.compile(r"[\w@%+.,-]+(?:/[\w@%+.,-]*)*")


def _checkable(word: Word) -> bool:
    """A literal relative path (``scripts/x.sh``, ``.env``), not a flag, URL, glob,
    placeholder, or a bare word that may be anything."""
    value = word.value
    if word.dynamic or not _PATH_SHAPE.fullmatch(value) or is_placeholder(value):
        return False
    if value in (".", "..") or ("/" not in value and "." not in value):
        return False
    parts = [p for p in normal(value).split("/") if p not in ("", ".", "..")]
    return bool(parts) and not any(p in GENERATED_DIRS for p in parts)


def _positionals(words: list[Word], values: frozenset[str] = frozenset()) -> list[Word]:
    return split_argv(words, values).operands


def _reads(command: Command) -> list[Word]:
    """The paths a command runs or reads (none for a command that is not a reader)."""
    program = command.words[0]
    name = program.value
    args = command.words[1:]
    if "/" in name:
        return [] if name.endswith("/") else [program]  # `app/` is a folder drawn in a tree
    if name in SOURCES:
        if any(
            w.value[:1] == "-" and w.value[1:2] != "-" and set("cs") & set(w.value[1:])
            for w in args
        ):
            return []  # `sh -c 'text'`, `bash -s ARG` (the script comes on stdin)
        return _positionals(args, _VALUE_OPTIONS["sh"])[:1]
    if name in PAGERS:
        return _positionals(args, _VALUE_OPTIONS.get(name, frozenset()))
    if name in PYTHONS:
        if any(w.value in ("-m", "-c") for w in args):
            return []
        first = _positionals(args, _VALUE_OPTIONS["python"])[:1]
        return [w for w in first if w.value.endswith(".py")]
    if name == "cp":
        if any(w.value.startswith(("-t", "--target-directory")) for w in args):
            return []
        return _positionals(args, frozenset({"-S", "--suffix"}))[:-1]
    if name == "chmod":
        if any(w.value.startswith("--reference") for w in args):
            return []
        return _positionals(args)[1:]
    return []


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for located in located_commands(ctx):
        for word in _reads(located.command):
            if not _checkable(word) or located.made.covers(normal(word.value)):
                continue
            if _missing_everywhere(ctx, normal(word.value), located):
                yield _missing(ctx, rule, word, located)


def _missing_everywhere(ctx: CheckContext, path: str, located: Located) -> bool:
    """Whether the path is not there and the reader does not make it; a path the system
    will not look up (too long, NUL) is not judged."""
    try:
        return (
            _in_known_folder(path, located)
            and not _exists(path, located)
            and not _made_by_reader(path, located)
            and not _elsewhere(path, ctx.inventory.boundary)
            and posixpath.basename(path) not in ctx.inventory.made_by_docs()
        )
    except (OSError, ValueError):
        return False


def _in_known_folder(path: str, located: Located) -> bool:
    """Whether the repository is what should provide the path (see ``repository_path``),
    and it is not data the reader brings (a dump, a log, a key, a password file)."""
    if posixpath.splitext(path.removesuffix(".gz"))[1].lower() in READER_DATA:
        return False
    name = posixpath.basename(path)
    secret = READER_SECRETS.search(name) and _untemplated(name) == name  # not `.env.example`
    return not secret and not illustrative(path) and repository_path(path, located)


def _exists(path: str, located: Located) -> bool:
    return any((folder / path).exists() for folder in located.folders)


def _made_by_reader(path: str, located: Located) -> bool:
    """Whether git ignores the path or a template of it sits beside it: either way the
    reader creates it (``cp .env.example .env``, a build)."""
    for folder in located.folders:
        target = folder / path
        if ignored_by_git(target):
            return True
        if target.parent.is_dir() and any(
            _untemplated(sibling.name) == target.name for sibling in target.parent.iterdir()
        ):
            return True
    return False


def _elsewhere(path: str, top: Path) -> bool:
    """Whether a bare file name (``manage.py``, ``./test.sh``) exists in some folder of
    the repository: the prose around the block then says where to run it ("go to
    ``src/``"), which doclint cannot read."""
    name = path.removeprefix("./")
    if "/" in name:
        return False
    for _folder, dirnames, filenames in os.walk(top):
        if name in filenames:
            return True
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS and d not in GENERATED_DIRS]
    return False


def _untemplated(name: str) -> str:
    """``.env.example`` → ``.env``, ``config.sample.yml`` → ``config.yml``."""
    return TEMPLATE_MARKS.sub("", name, count=1)


def _missing(ctx: CheckContext, rule: Rule, word: Word, located: Located) -> Finding:
    value = word.value
    root = ctx.inventory.root
    places = " and ".join(_shown(f, root) for f in located.folders)
    message = (
        f"`{value}` does not exist (looked in {places}), so this command fails with "
        '"No such file or directory".'
    )
    suggestion = _nearest(value, located.folders)
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    start, end = span_in(word, value)
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)


def _shown(folder: Path, root: Path) -> str:
    relative = relative_to_root(folder, root)
    return "the project root" if relative == "." else f"`{relative}/`"


def _nearest(value: str, folders: tuple[Path, ...]) -> str | None:
    """The closest existing name in the folder the path points into."""
    parent, _, name = value.rpartition("/")
    for folder in folders:
        where = folder / parent if parent else folder
        if where.is_dir():
            best = closest(name, [p.name for p in where.iterdir()])
            if best is not None:
                return f"{parent}/{best}" if parent else best
    return None
