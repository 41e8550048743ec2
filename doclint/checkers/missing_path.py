"""DL402 missing-path: a command runs or reads a repository file that does not exist.

Only commands whose argument is certainly a file on this machine are read:
``./scripts/x.sh``, ``bash|sh|source|. FILE``, ``cat|less|more|head|tail FILE``,
``python FILE.py``, ``cp SRC... DEST`` (the sources) and ``chmod MODE FILE``. A path is
looked up from every folder the command may run in (see ``_workdir``).

Precision comes first, so a path is left alone when the reader may create it:

- it is written earlier in the same snippet: by any command other than these readers
  (``touch x``, ``mkdir -p d``, ``openssl … -out key.pem``, the ``DEST`` of ``cp``), as
  the last part of a URL (``curl -O https://…/install.sh``, ``git clone …/repo.git``) or
  as a redirection target (``> out.txt``);
- an earlier command of the snippet produces files doclint cannot list (``tar x``,
  ``unzip``, ``make``, ``git clone``, package managers and build tools): the rest of the
  snippet is not checked;
- git ignores it (``.env``, ``build/``), or a template of it sits beside it
  (``.env`` next to ``.env.example``): the reader makes it from the template;
- it is a bare file name that exists in another folder of the repository
  (``python manage.py`` with ``src/manage.py``): the prose says where to run it;
- it is not literal (``$DIR/x``, ``*.sh``, ``<file>``, ``FILE``), absolute, in the home
  folder, or under a folder that tools generate (``node_modules/``, ``.venv/``...).

Paths inside containers are never seen: they are words of the ``docker`` command
(``docker exec app cat /app/x``), not commands of their own.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from doclint.checkers._argv import split_argv
from doclint.checkers._names import is_placeholder, span_in
from doclint.checkers._workdir import SHELLS, Located, located_commands, relative_to_root
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.inputs.discovery import SKIPPED_DIRS, GitIgnore, git_top
from doclint.judging.rulebook import Rule
from doclint.shell.words import Command, Word
from doclint.suggest import closest

PAGERS = frozenset({"cat", "less", "more", "head", "tail"})
SOURCES = SHELLS | {"source", "."}
PYTHONS = frozenset({"python", "python3", "python2"})
UNKNOWN_OUTPUTS = frozenset(
    {"tar", "unzip", "gunzip", "7z", "make", "cmake", "cargo", "go", "mvn", "gradle", "npm",
     "yarn", "pnpm", "npx", "composer", "bundle", "pip", "pip3", "poetry", "uv", "git",
     "rsync", "scp", "helm", "ansible-playbook", "terraform"}
)  # fmt: skip
"""Programs that create files doclint cannot list (archives, builds, checkouts)."""
GENERATED_DIRS = frozenset(
    {"node_modules", "vendor", "target", "dist", "build", ".venv", "venv", "env",
     "__pycache__", ".git", ".tox"}
)  # fmt: skip
TEMPLATE_MARKS = re.compile(
    r"[._-](?:example|sample|template|dist|tpl|default|orig|in)(?=[._-]|$)"
    r"|^(?:example|sample|template)(?:[_-]|(?=\.))",
    re.IGNORECASE,
)
_VALUE_OPTIONS = {
    "head": frozenset({"-n", "-c", "--lines", "--bytes"}),
    "tail": frozenset({"-n", "-c", "--lines", "--bytes", "-s", "--sleep-interval", "--pid"}),
    "python": frozenset({"-W", "-X"}),
    "sh": frozenset({"-o", "-O", "--rcfile", "--init-file"}),
}
_REDIRECTION = re.compile(r"(?<![<>])(?:&|[0-9])?>>?\|?[ \t]*([^\s;&|<>()'\"]+)")
_PATH_SHAPE = re.compile(r"[\w@%+.,-]+(?:/[\w@%+.,-]*)*")


@dataclass
class _Snippet:
    """What one snippet has created so far."""

    written: set[str] = field(default_factory=set)
    stopped: bool = False


def _normal(value: str) -> str:
    return posixpath.normpath(value)


def _checkable(word: Word) -> bool:
    """A literal relative path (``scripts/x.sh``, ``.env``), not a flag, URL, glob,
    placeholder, or a bare word that may be anything."""
    value = word.value
    if word.dynamic or not _PATH_SHAPE.fullmatch(value) or is_placeholder(value):
        return False
    if value in (".", "..") or ("/" not in value and "." not in value):
        return False
    parts = [p for p in _normal(value).split("/") if p not in ("", ".", "..")]
    return bool(parts) and not any(p in GENERATED_DIRS for p in parts)


def _positionals(words: list[Word], values: frozenset[str] = frozenset()) -> list[Word]:
    return split_argv(words, values).operands


def _reads(command: Command) -> tuple[list[Word], list[Word]]:
    """``(paths the command runs or reads, paths it writes)``; both empty for a
    command that is not one of the readers."""
    program = command.words[0]
    name = program.value
    args = command.words[1:]
    if "/" in name:
        return [program], []
    if name in SOURCES:
        if any(w.value == "-c" or (w.value[:1] == "-" and "c" in w.value[1:]) for w in args):
            return [], []
        return _positionals(args, _VALUE_OPTIONS["sh"])[:1], []
    if name in PAGERS:
        return _positionals(args, _VALUE_OPTIONS.get(name, frozenset())), []
    if name in PYTHONS:
        if any(w.value in ("-m", "-c") for w in args):
            return [], []
        first = _positionals(args, _VALUE_OPTIONS["python"])[:1]
        return [w for w in first if w.value.endswith(".py")], []
    if name == "cp":
        if any(w.value.startswith(("-t", "--target-directory")) for w in args):
            return [], []
        paths = _positionals(args, frozenset({"-S", "--suffix"}))
        return paths[:-1], paths[-1:]
    if name == "chmod":
        if any(w.value.startswith("--reference") for w in args):
            return [], []
        return _positionals(args)[1:], []
    return [], []


def _mentions(command: Command) -> Iterator[str]:
    """Every path a non-reader command may create: its words, and the last segment of
    those with a ``/`` (``https://x/install.sh`` → ``install.sh``, ``repo.git`` → ``repo``)."""
    for word in command.words[1:]:
        if word.dynamic:
            continue
        value = word.value.split("?", 1)[0].rstrip("/")
        yield _normal(value) if value else value
        if "/" in value:
            last = value.rsplit("/", 1)[1]
            yield last
            yield last.removesuffix(".git")
        if "=" in value:
            yield _normal(value.partition("=")[2] or ".")


def _redirections(ctx: CheckContext, snippet_id: int) -> list[tuple[int, str]]:
    """``(file offset, target)`` of every ``> file`` in a snippet (heredoc bodies too:
    a stray ``>`` there only makes the check more careful)."""
    text = ctx.document.snippets[snippet_id].text
    return [
        (text.offsets[m.start()], _normal(m.group(1)))
        for m in _REDIRECTION.finditer(text.text)
        if not m.group(1).startswith("&")
    ]


def _created(path: str, written: set[str]) -> bool:
    return any(path == w or path.startswith(w + "/") for w in written if w not in ("", "."))


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    snippets: dict[int, _Snippet] = {}
    redirections: dict[int, list[tuple[int, str]]] = {}
    for located in located_commands(ctx):
        command = located.command
        state = snippets.setdefault(command.snippet_id, _Snippet())
        if state.stopped:
            continue
        reads, writes = _reads(command)
        if not reads and not writes:
            state.written.update(_mentions(command))
            state.stopped = command.program in UNKNOWN_OUTPUTS
            continue
        for word in reads:
            if not _checkable(word):
                continue
            path = _normal(word.value)
            if command.snippet_id not in redirections:
                redirections[command.snippet_id] = _redirections(ctx, command.snippet_id)
            earlier = {t for at, t in redirections[command.snippet_id] if at < word.start}
            if not _created(path, state.written | earlier) and _missing_everywhere(
                ctx, path, located
            ):
                yield _missing(ctx, rule, word, located)
        state.written.update(_normal(w.value) for w in writes if not w.dynamic)


def _missing_everywhere(ctx: CheckContext, path: str, located: Located) -> bool:
    """Whether the path is not there and the reader does not make it; a path the system
    will not look up (too long, NUL) is not judged."""
    try:
        return not (
            _exists(path, located)
            or _made_by_reader(path, located)
            or _elsewhere(path, ctx.inventory.boundary)
        )
    except (OSError, ValueError):
        return False


def _exists(path: str, located: Located) -> bool:
    return any((folder / path).exists() for folder in located.folders)


def _made_by_reader(path: str, located: Located) -> bool:
    """Whether git ignores the path or a template of it sits beside it: either way the
    reader creates it (``cp .env.example .env``, a build)."""
    for folder in located.folders:
        target = folder / path
        top = git_top(folder)
        ignore = GitIgnore(top) if top is not None and target.is_relative_to(top) else None
        if ignore is not None and ignore.ignored(target, is_dir=False):
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
    if "/" in path:
        return False
    for _folder, dirnames, filenames in os.walk(top):
        if path in filenames:
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
