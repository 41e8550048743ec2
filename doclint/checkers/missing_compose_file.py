"""DL105 missing-compose-file: ``docker compose -f F`` where F does not exist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from doclint.checkers._names import span_in
from doclint.checkers.context import CheckContext
from doclint.docker.model import Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.inventory import resolve_compose_file
from doclint.suggest import closest

COMPOSE_GLOBS = ("*compose*.yml", "*compose*.yaml")


def _existing_compose_files(*folders: Path) -> list[str]:
    return sorted({p.name for folder in folders for g in COMPOSE_GLOBS for p in folder.glob(g)})


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    root = ctx.inventory.root
    here = ctx.source.path.parent
    for invocation in ctx.invocations:
        if invocation.tool is Tool.DOCKER:
            continue
        for use in invocation.global_values("file"):
            word = use.value_word or use.word
            value = use.value
            if value is None or value == "-" or word.dynamic:
                continue
            if resolve_compose_file(value, here, root) is not None:
                continue
            existing = _existing_compose_files(root, here)
            suggestion = closest(Path(value).name, existing)
            start, end = span_in(word, value)
            places = (
                "the project root" if here == root else "the project root or beside this document"
            )
            message = (
                f"Compose file `{value}` does not exist in {places}, so this command "
                f'fails with "no such file or directory".'
            )
            if existing:
                message += f" Compose files here: {', '.join(f'`{n}`' for n in existing)}."
            yield ctx.finding(rule, start, end, message, suggestion)
