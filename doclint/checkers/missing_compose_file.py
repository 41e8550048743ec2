"""DL105 missing-compose-file: ``docker compose -f F`` where F does not exist.

``F`` is looked up from every folder the command may run in, after every ``cd`` of
the document (see ``_workdir``). It is not called missing when the repository cannot
settle the question: the folder is unknown, ``F`` is absolute or under ``~`` (a file on
the reader's server), it holds a variable, its name illustrates a layout
(``test_subdir/test_example.yml``), an earlier command or another document makes it (``_made``,
``doclint.project.made_by_docs``), git ignores it, or the command names only services
that no compose file of the repository defines (another project's stack).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path

from doclint.checkers._made import Located, ignored_by_git, normal
from doclint.checkers._names import illustrative, is_literal, span_in
from doclint.checkers._workdir import located_commands, relative_to_root, repository_path
from doclint.checkers.context import CheckContext
from doclint.docker.model import Invocation, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.shell.words import Word
from doclint.suggest import closest

COMPOSE_GLOBS = ("*compose*.yml", "*compose*.yaml")


def _existing_compose_files(folders: tuple[Path, ...]) -> list[str]:
    return sorted({p.name for folder in folders for g in COMPOSE_GLOBS for p in folder.glob(g)})


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    if not ctx.inventory.has_compose:
        return  # the pages speak of the reader's own compose files, not the repository's
    located = {id(place.command): place for place in located_commands(ctx)}
    for invocation in ctx.invocations:
        place = located.get(id(invocation.command))
        if invocation.tool is Tool.DOCKER or place is None or _another_project(ctx, invocation):
            continue
        for use in invocation.global_values("file"):
            word = use.value_word or use.word
            value = use.value
            if value is None or value == "-" or word.dynamic or value.startswith(("/", "~")):
                continue
            try:
                missing = _missing(ctx, normal(value), place)
            except (OSError, ValueError):
                continue  # a path the system will not look up (too long, NUL)
            if missing:
                yield _finding(ctx, rule, word, value, place)


def _another_project(ctx: CheckContext, invocation: Invocation) -> bool:
    """Whether the command names services and none of them is one of the repository's:
    it drives another project's stack (the one a migration guide exports from)."""
    named = [p.name for p in invocation.roles("SERVICE") if is_literal(p.word, p.name)]
    if not named:
        return False
    known = {
        service
        for project in (*ctx.inventory.projects(), *ctx.inventory.related_projects)
        for service in project.services
    }
    return not known.intersection(named)


def _missing(ctx: CheckContext, path: str, place: Located) -> bool:
    """Whether the file is not there, is not an illustration of a layout, and nothing
    the docs say makes it."""
    if place.made.covers(path) or posixpath.basename(path) in ctx.inventory.made_by_docs():
        return False
    if illustrative(path) or not repository_path(path, place):
        return False
    return not any(
        (folder / path).is_file() or ignored_by_git(folder / path) for folder in place.folders
    )


def _finding(ctx: CheckContext, rule: Rule, word: Word, value: str, place: Located) -> Finding:
    root = ctx.inventory.root
    shown = [relative_to_root(f, root) for f in place.folders]
    places = " or ".join("the project root" if s == "." else f"`{s}/`" for s in shown)
    existing = _existing_compose_files(place.folders)
    message = (
        f"Compose file `{value}` does not exist in {places}, so this command "
        f'fails with "no such file or directory".'
    )
    if existing:
        message += f" Compose files there: {', '.join(f'`{n}`' for n in existing)}."
    suggestion = closest(Path(value).name, existing)
    if suggestion is not None and "/" in value:
        suggestion = None  # the names listed are those of the folder, not of the path's
    start, end = span_in(word, value)
    return ctx.finding(rule, start, end, message, suggestion)
