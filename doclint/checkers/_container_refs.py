"""The container names docker commands use, read for DL101 unknown-container and DL103
service-used-as-container: ``docker logs X``, ``docker exec X``, ``docker cp X:/path .``,
``docker ps --filter name=X``, ``docker ps | grep X``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from doclint.checkers._names import is_literal, is_placeholder, span_in
from doclint.checkers.context import CheckContext
from doclint.docker.model import Invocation, Tool
from doclint.shell.words import Command, Word

LIST_COMMANDS = {("ps",), ("container", "ls")}

STATUS_WORDS = frozenset(
    {"up", "exited", "healthy", "unhealthy", "starting", "restarting", "paused", "created",
     "dead", "removing", "running", "health"}
)  # fmt: skip


class NameRef(NamedTuple):
    """A container name as a command uses it."""

    name: str
    start: int
    end: int
    how: str
    """``"exact"`` (a CONTAINER argument) or ``"pattern"`` (``--filter name=``, ``grep``):
    a pattern only needs to match part of some container's name."""
    invocation: Invocation
    ignore_case: bool = False


def container_refs(ctx: CheckContext) -> Iterator[NameRef]:
    """Every literal container name the document's docker commands use."""
    for invocation in ctx.invocations:
        if invocation.tool is not Tool.DOCKER:
            continue
        for positional in invocation.roles("CONTAINER"):
            if is_literal(positional.word, positional.name):
                yield NameRef(
                    positional.name, positional.name_start, positional.name_end, "exact", invocation
                )
        if invocation.path in LIST_COMMANDS:
            yield from _filter_refs(invocation)
            yield from _grep_refs(invocation)


def _filter_refs(invocation: Invocation) -> Iterator[NameRef]:
    for use in invocation.option_values("filter"):
        word = use.value_word or use.word
        value = use.value or ""
        if not value.startswith("name=") or word.dynamic:
            continue
        pattern = value[len("name=") :]
        if pattern and not is_placeholder(pattern):
            start, end = span_in(word, pattern)
            yield NameRef(pattern, start, end, "pattern", invocation)


def _grep_refs(invocation: Invocation) -> Iterator[NameRef]:
    """``docker ps | grep X``: the pattern grep looks for in docker's listing."""
    if not invocation.command.pipeline:
        return
    grep = invocation.command.pipeline[0]
    if grep.program not in ("grep", "egrep", "fgrep"):
        return
    parsed = _grep_pattern(grep)
    if parsed is None:
        return
    word, ignore_case = parsed
    if word.dynamic or is_placeholder(word.value) or word.value.lower() in STATUS_WORDS:
        return
    if not re.fullmatch(r"[\^/]*[A-Za-z0-9][A-Za-z0-9_.-]*\$?", word.value):
        return  # not shaped like a container name: an image tag, a port, a regex
    yield NameRef(word.value, *span_in(word, word.value), "pattern", invocation, ignore_case)


def _grep_pattern(grep: Command) -> tuple[Word, bool] | None:
    """The pattern word of a grep command and whether it ignores case; ``None`` for
    ``grep -v`` (an exclusion proves nothing) and forms we do not follow."""
    ignore_case = False
    words = grep.words[1:]
    index = 0
    while index < len(words):
        value = words[index].value
        if value in ("-e", "--regexp") and index + 1 < len(words):
            return words[index + 1], ignore_case
        if value == "--":
            index += 1
            break
        if not value.startswith("-") or value == "-":
            break
        if value.startswith("--"):
            if value in ("--invert-match", "--file") or value.startswith("--file="):
                return None
            ignore_case |= value == "--ignore-case"
        else:
            if "v" in value or "f" in value:
                return None
            ignore_case |= "i" in value
        index += 1
    if index < len(words):
        return words[index], ignore_case
    return None


def pattern_matches(ref: NameRef, names: Iterable[str]) -> bool:
    """Whether a ``--filter name=`` or ``grep`` pattern finds one of ``names``."""
    pattern = ref.name.replace("^/", "^", 1).lstrip("/")
    flags = re.IGNORECASE if ref.ignore_case else 0
    try:
        compiled = re.compile(pattern, flags)
    except re.error:
        return any(pattern in name for name in names)
    return any(compiled.search(name) for name in names)


def uses_legacy_names(ctx: CheckContext) -> bool:
    """Compose v1 and ``--compatibility`` name containers ``project_service_1``."""
    return any(
        inv.tool is Tool.COMPOSE_V1 or inv.global_values("compatibility") for inv in ctx.invocations
    )
