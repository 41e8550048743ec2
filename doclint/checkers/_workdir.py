"""Where each command of a document runs, and what the document has made by then.

A document is read as the reader follows it: every block, top to bottom (a shell
script as one block). The working directory starts as one of two candidates, the
project root or the document's own folder (the author does not say which), and
follows ``cd DIR``, ``cd ..``, ``cd -``, ``pushd``/``popd`` and subshells
(``(cd docs && make html)`` leaves the directory as it was). A ``cd`` moves every
candidate that has ``DIR`` and drops the others.

Once the directory is unknown (``cd $X``, ``cd /opt/app``, ``cd`` into a folder the
repository does not have, ``ssh host``, ``docker exec -it app bash``), the commands
that follow run somewhere doclint cannot see and are not yielded, until the document
returns to a known place (``cd -``, ``popd``, the end of a subshell). Commands that
extraction already places elsewhere (``Command.where``: the command ``ssh host '…'``
runs on the remote machine, the command of a crontab line from a home folder) are never
yielded and move nothing. A new block may be run from where the last one left off or
from the start again, so it starts with both. Checks built on this are precise, not
exhaustive.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from doclint.checkers._argv import split_argv
from doclint.checkers._made import Located, Made, mentions, normal, redirections, unlisted
from doclint.checkers.context import CheckContext
from doclint.docker.model import Invocation
from doclint.shell.prefixes import SHELLS, ssh_remote
from doclint.shell.words import Command, Word

_HOME_SWITCHES = frozenset({"-i", "-s", "--login", "--shell"})
_SESSION_COMMANDS = {("exec",), ("run",), ("attach",)}
_CD_SWITCHES = frozenset({"-L", "-P", "-e", "--"})
_PROSE_COMMAND = re.compile(r"(?<!`)`((?:cd|git[ \t]+clone)(?:[ \t]+[^`\n]*)?)`(?!`)")
_GIT_VALUE_OPTIONS = frozenset(
    {"-b", "--branch", "-o", "--origin", "-c", "--config", "--depth", "-u", "--upload-pack",
     "--reference", "--separate-git-dir", "-j", "--jobs", "--filter", "--template",
     "--shallow-since", "--shallow-exclude", "-C", "--git-dir", "--work-tree"}
)  # fmt: skip


UNSEEN_FOLDER = (
    "some commands run in a folder doclint cannot see (after `cd` outside the repository, "
    "`ssh host`, a shell in a container, a crontab line, or in another project's "
    "checkout): the files, compose files and targets they use were not checked"
)


def starting_folders(ctx: CheckContext) -> tuple[Path, ...]:
    """The project root and the document's folder, each once."""
    return tuple(dict.fromkeys((ctx.inventory.root, ctx.source.path.parent)))


def repository_path(path: str, place: Located) -> bool:
    """Whether a relative path (normalised) points into the repository as the command
    sees it: its first folder exists where the command runs (``scripts/x.sh`` with a
    ``scripts/``). ``docker-compose/clickhouse/x.yml`` in a repository without a
    ``docker-compose/`` folder is another project's path, not a missing file."""
    first = path.split("/", 1)[0] if "/" in path else ""
    return any((folder / first).is_dir() for folder in place.folders)


def relative_to_root(path: Path, root: Path) -> str:
    """A path as messages show it: relative to the project root (``.`` for the root
    itself), or absolute when it lies outside."""
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


@dataclass
class _Place:
    """The working directory as far as it is known: ``folders`` empty means unknown."""

    folders: tuple[Path, ...]
    previous: tuple[Path, ...] | None = None
    """Where ``cd -`` goes; ``None`` before any ``cd``."""
    stack: list[tuple[Path, ...]] = field(default_factory=list)
    """What ``pushd`` saved, for ``popd``."""


def located_commands(ctx: CheckContext) -> list[Located]:
    """Every command that runs on this machine in a folder doclint can tell, in
    reading order, with what the document made before it (worked out once per
    document)."""
    if ctx.walk is None:
        ctx.walk = list(_walk(ctx))
    return ctx.walk


def _walk(ctx: CheckContext) -> Iterator[Located]:
    sessions = {id(inv.command) for inv in ctx.invocations if _opens_session(inv)}
    start = starting_folders(ctx)
    boundary = ctx.inventory.boundary
    place = _Place(start)
    names: set[str] = set()
    opaque = {"document": False, "block": False}
    made = Made()
    pending = _Redirections(ctx)
    subshells: list[tuple[int, _Place]] = []  # (offset where it closes, place before it)
    clones = _Clones(boundary)
    snippet = None
    read_to = 0  # the prose before this offset has been read
    for command in ctx.commands:
        if command.snippet_id != snippet:
            snippet = command.snippet_id
            subshells.clear()
            if opaque["block"]:
                opaque["block"] = False
                made = Made(frozenset(names), opaque["document"])
            if place.folders:
                place = replace(place, folders=tuple(dict.fromkeys((*place.folders, *start))))
            for said in _prose_commands(ctx.source.text, read_to, command.start):
                clones.note(said)
                if said.program == "cd":
                    place = clones.entered(said) or _moved(place, said, boundary, start)
        read_to = max(read_to, command.end)
        if command.where:
            if UNSEEN_FOLDER not in ctx.notices:
                ctx.notices.append(UNSEEN_FOLDER)
            continue
        while subshells and subshells[-1][0] <= command.start:
            place = subshells.pop()[1]
        earlier = pending.before(command.start)
        if earlier:
            names.update(earlier)
            made = Made(frozenset(names), any(opaque.values()))
        program = command.program
        if program in ("cd", "pushd", "popd"):
            closes = _subshell_end(ctx, command)
            if closes is not None and not (subshells and subshells[-1][0] == closes):
                subshells.append((closes, replace(place, stack=list(place.stack))))
            place = clones.entered(command) or _moved(place, command, boundary, start)
            continue
        if place.folders:
            yield Located(command, place.folders, made)
        elif UNSEEN_FOLDER not in ctx.notices:
            ctx.notices.append(UNSEEN_FOLDER)
        if _leaves(command) or id(command) in sessions:
            place = _Place(())
        if clones.note(command) is False:
            opaque["document"] = True  # the page now works in another project's checkout
            made = Made(frozenset(names), True)
        more = set(mentions(command)) - names
        scope = unlisted(command)
        if more or (scope and not opaque[scope]):
            names.update(more)
            if scope:
                opaque[scope] = True
            made = Made(frozenset(names), any(opaque.values()))


def _moved(place: _Place, command: Command, boundary: Path, start: tuple[Path, ...]) -> _Place:
    """The place after a ``cd``, ``pushd`` or ``popd``. A ``cd DIR`` that no current
    folder has but a starting one does is read as the author meant it: each line run
    from the start (``cd web && pnpm lint`` on every line of a list)."""
    program = command.program
    args = [w for w in command.words[1:] if w.value not in _CD_SWITCHES]
    if program == "popd":
        if not place.stack:
            return _Place((), place.folders)
        return _Place(place.stack[-1], place.folders, place.stack[:-1])
    if len(args) == 1 and not args[0].dynamic and args[0].value == "-":
        if place.previous is None:
            return _Place((), place.folders, place.stack)
        return _Place(place.previous, place.folders, place.stack)
    folders = _changed(place.folders, args, boundary)
    if not folders and place.folders:
        folders = _changed(start, args, boundary)
    stack = [*place.stack, place.folders] if program == "pushd" else place.stack
    return _Place(folders, place.folders, stack)


def _changed(folders: tuple[Path, ...], args: list[Word], boundary: Path) -> tuple[Path, ...]:
    """The folders after ``cd ARGS``: empty when the target is not a literal relative
    folder of the repository (``cd``, ``cd ~``, ``cd $DIR``, ``cd /srv/app``, a folder
    an earlier command cloned or made)."""
    if len(args) != 1 or args[0].dynamic:
        return ()
    target = args[0].value
    if not target or target.startswith(("/", "~", "-")):
        return ()
    moved = []
    for folder in folders:
        try:
            candidate = (folder / target).resolve()
            found = candidate.is_dir() and candidate.is_relative_to(boundary)
        except (OSError, ValueError):  # too long for the system, or a NUL
            found = False
        if found:
            moved.append(candidate)
    return tuple(dict.fromkeys(moved))


def _prose_commands(text: str, start: int, end: int) -> Iterator[Command]:
    """The ``cd`` and ``git clone`` commands written as code spans in prose between
    blocks ("unpack it and `cd` into the directory", "get it with `git clone URL`"):
    they move the reader as much as those in blocks."""
    for match in _PROSE_COMMAND.finditer(text, start, end):
        words = [
            Word(value, value, 0, 0, dynamic="$" in value or "<" in value)
            for value in match.group(1).split()
        ]
        yield Command(words)


def _subshell_end(ctx: CheckContext, command: Command) -> int | None:
    """The file offset of the ``)`` that closes the subshell (``( … )`` or ``$( … )``)
    the command runs in, or ``None`` when it runs in the document's own shell."""
    text = ctx.document.snippets[command.snippet_id].text
    offsets = text.offsets
    at = bisect.bisect_left(offsets, command.start)
    depth = 0
    opened = None
    for index in range(at - 1, -1, -1):
        char = text.text[index]
        if char == "\n" and (index == 0 or text.text[index - 1] != "\\"):
            break
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                opened = index
                break
            depth -= 1
    if opened is None:
        return None
    depth = 0
    for index in range(opened, len(text.text)):
        char = text.text[index]
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return offsets[index]
    return offsets[-1] + 1  # never closed: it lasts to the end of the block


class _Clones:
    """``git clone`` of this very repository, then ``cd`` into the clone: the classic
    first steps of a README, after which the reader is at the top of a checkout like
    the one being linted, wherever they were before."""

    def __init__(self, top: Path) -> None:
        self._top = top
        self._names: frozenset[str] | None = None
        self._ours: set[str] = set()

    def note(self, command: Command) -> bool | None:
        """For a ``git clone``, whether it clones this repository (and remember the
        folder it makes); ``None`` for any other command."""
        if command.program != "git" or len(command.words) < 3:
            return None
        words = split_argv(command.words[1:], _GIT_VALUE_OPTIONS).operands
        if len(words) < 2 or words[0].value != "clone":
            return None
        if any(w.dynamic for w in words[1:3]):
            return False
        url = words[1].value.rstrip("/")
        name = url.rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        if name not in self._repository_names():
            return False
        folder = words[2].value if len(words) > 2 else name
        self._ours.add(normal(folder))
        return True

    def entered(self, command: Command) -> _Place | None:
        """The place after ``cd CLONE[/SUB]`` into a clone of this repository."""
        args = [w for w in command.words[1:] if w.value not in _CD_SWITCHES]
        if command.program != "cd" or len(args) != 1 or args[0].dynamic or not self._ours:
            return None
        target = normal(args[0].value)
        if target.startswith(("/", "~")):
            target = posixpath.basename(target)  # `mv app /var/www && cd /var/www/app`
        for clone in self._ours:
            if target == clone or target.startswith(clone + "/"):
                inside = (self._top / target[len(clone) :].lstrip("/")).resolve()
                return _Place((inside,) if inside.is_dir() else ())
        return None

    def _repository_names(self) -> frozenset[str]:
        """Names this repository goes by: its folder, and the repositories its git
        remotes point at."""
        if self._names is None:
            names = {self._top.name}
            try:
                config = (self._top / ".git" / "config").read_text(errors="replace")
            except OSError:
                config = ""
            for url in re.findall(r"^\s*url\s*=\s*(\S+)", config, re.MULTILINE):
                names.add(url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git"))
            self._names = frozenset(names)
        return self._names


class _Redirections:
    """The ``> file`` targets of a document's snippets, handed out in file order."""

    def __init__(self, ctx: CheckContext) -> None:
        self._found = sorted(
            found
            for snippet in ctx.document.snippets
            for found in redirections(snippet.text.text, list(snippet.text.offsets))
        )
        self._next = 0

    def before(self, offset: int) -> list[str]:
        """The targets written before ``offset`` and not handed out yet."""
        start = self._next
        while self._next < len(self._found) and self._found[self._next][0] < offset:
            self._next += 1
        return [target for _, target in self._found[start : self._next]]


def _leaves(command: Command) -> bool:
    """``ssh host`` (a login), ``su``, ``sudo -i``: what follows runs on another
    machine or in another user's home folder."""
    program = command.program
    args = command.words[1:]
    if program == "ssh":
        return ssh_remote([w.value for w in command.words]) is None
    if program in ("su", "vagrant", "mosh"):
        return True
    return program == "sudo" and any(w.value in _HOME_SWITCHES for w in args)


def _opens_session(invocation: Invocation) -> bool:
    """``docker exec -it app bash``, ``docker compose run web sh``, ``docker attach``:
    the reader types the next lines into the container."""
    if invocation.path not in _SESSION_COMMANDS:
        return False
    if invocation.path == ("attach",):
        return True
    payload = [w.value for w in invocation.payload]
    if not payload:
        return False
    shell = payload[0].rsplit("/", 1)[-1] in SHELLS
    return shell and "-c" not in payload[1:]
