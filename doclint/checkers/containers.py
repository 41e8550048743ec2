"""DL101 unknown-container and DL103 service-used-as-container.

Every container a ``docker`` command names (``docker logs X``, ``docker exec X``,
``docker cp X:/path .``, ``docker ps --filter name=X``, ``docker ps | grep X``) must
exist: in a compose file of the project, created by the docs themselves with
``docker run --name``, or listed in the configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from doclint.checkers import register
from doclint.checkers.context import CheckContext
from doclint.checkers.names import is_literal, is_placeholder, quoted, span_in
from doclint.compose.model import ComposeProject, Service
from doclint.docker.model import Invocation, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.inventory import ContainerRef
from doclint.shell.words import Command, Word
from doclint.suggest import closest

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


def _pattern_matches(ref: NameRef, names: list[str]) -> bool:
    pattern = ref.name.replace("^/", "^", 1).lstrip("/")
    flags = re.IGNORECASE if ref.ignore_case else 0
    try:
        compiled = re.compile(pattern, flags)
    except re.error:
        return any(pattern in name for name in names)
    return any(compiled.search(name) for name in names)


def _uses_legacy_names(ctx: CheckContext) -> bool:
    """Compose v1 and ``--compatibility`` name containers ``project_service_1``."""
    return any(
        inv.tool is Tool.COMPOSE_V1 or inv.global_values("compatibility") for inv in ctx.invocations
    )


def _can_check(ctx: CheckContext) -> bool:
    inventory = ctx.inventory
    if inventory.has_compose or inventory.config.containers:
        return True
    ctx.notices.append(
        f"no compose file found for the project at {inventory.root}: container and service "
        "checks (DL101-DL104) were skipped; name one with --compose or `compose-files` in "
        ".doclint.yaml"
    )
    return False


def _service_containers(ctx: CheckContext, name: str, legacy: bool) -> list[str] | None:
    """The containers of the service called ``name``, or ``None`` when there is none."""
    for project in ctx.inventory.projects():
        service = project.services.get(name)
        if service is not None:
            return _names_of(project, service, legacy)
    return None


def _names_of(project: ComposeProject, service: Service, legacy: bool) -> list[str]:
    names = project.container_names(service)
    if legacy and service.container_name is None:
        return project.default_container_names(service, legacy=True)
    return names


@register("unknown-container")
def check_unknown_container(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    refs = list(container_refs(ctx))
    if not refs or not _can_check(ctx):
        return
    legacy = _uses_legacy_names(ctx)
    known = ctx.inventory.containers(legacy)
    services = ctx.inventory.services()
    for ref in refs:
        if ref.how == "exact":
            if ref.name in known or ctx.inventory.container_matches_pattern(ref.name):
                continue
            if ref.name in services:
                continue  # DL103 explains this one
        elif _pattern_matches(ref, list(known)) or _has_open_pattern(ctx):
            continue
        elif ref.invocation.command.pipeline and _pattern_matches(ref, _listed(services)):
            continue  # grep reads all of `docker ps`'s columns, images included
        yield _unknown(ctx, rule, ref, known)


def _listed(services: dict[str, Service]) -> list[str]:
    """What ``docker ps`` shows of a service besides its container's name."""
    return [*services, *(s.image for s in services.values() if s.image)]


def _has_open_pattern(ctx: CheckContext) -> bool:
    return any(
        s.container_name_pattern is not None
        for p in ctx.inventory.projects()
        for s in p.services.values()
    )


def _unknown(
    ctx: CheckContext, rule: Rule, ref: NameRef, known: dict[str, ContainerRef]
) -> Finding:
    suggestion = closest(ref.name, known)
    from_compose = {name: k for name, k in known.items() if k.service is not None}
    origins = sorted({k.origin for k in from_compose.values()})
    what = "matches" if ref.how == "pattern" else "is named"
    message = f"No container {what} `{ref.name}`"
    if origins:
        files = " and ".join(f"`{o}`" for o in origins[:3])
        verb = "defines" if len(origins) == 1 else "define"
        message += f": {files} {verb} the containers {quoted(list(from_compose))}"
    if ref.how == "pattern":
        message += ", so this command finds nothing and the check built on it reports a failure."
    else:
        message += ', so this command fails with "No such container".'
    renamed = _renamed(ctx, ref, known)
    if renamed is not None:
        target, spelled = renamed
        message += f" It was renamed to `{target}` per `{_config_name(ctx)}`."
        return ctx.replacement(
            rule, ref.start, ref.end, message, spelled, safe=True, replaces=ref.name
        )
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    return ctx.replacement(
        rule, ref.start, ref.end, message, suggestion, safe=False, replaces=ref.name
    )


_ANCHORS = re.compile(r"(?P<head>[\^/]*)(?P<name>.*?)(?P<tail>\$?)")
"""``^/kamiyo-api$``: the anchors a ``grep`` or ``--filter name=`` pattern may carry."""


def _renamed(
    ctx: CheckContext, ref: NameRef, known: dict[str, ContainerRef]
) -> tuple[str, str] | None:
    """The configured rename of the name (``renames:``): the new name, and how the
    finding's characters spell it (a pattern keeps its anchors). ``None`` when there is
    none, or when its target does not exist either (fixing to it would only move the
    finding; a notice says so)."""
    parts = _ANCHORS.fullmatch(ref.name) if ref.how == "pattern" else None
    name = parts["name"] if parts else ref.name
    target = ctx.inventory.config.renames.get(name)
    if target is None:
        return None
    if target not in known and not ctx.inventory.container_matches_pattern(target):
        notice = (
            f"`renames` in {_config_name(ctx)} maps `{name}` to `{target}`, but no container "
            f"`{target}` exists either; that rename is not applied"
        )
        if notice not in ctx.notices:
            ctx.notices.append(notice)
        return None
    return target, (parts["head"] + target + parts["tail"] if parts else target)


def _config_name(ctx: CheckContext) -> str:
    source = ctx.inventory.config.source
    return source.name if source is not None else "the configuration"


@register("service-used-as-container")
def check_service_as_container(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    refs = [ref for ref in container_refs(ctx) if ref.how == "exact"]
    if not refs or not (ctx.inventory.has_compose or ctx.inventory.config.containers):
        return
    legacy = _uses_legacy_names(ctx)
    known = ctx.inventory.containers(legacy)
    for ref in refs:
        if ref.name in known:
            continue
        names = _service_containers(ctx, ref.name, legacy)
        if names is None:
            continue
        command = " ".join(ref.invocation.path) or "logs"
        message = (
            f"`{ref.name}` is a compose service, not a container name; "
            f"`docker {command}` needs a container."
        )
        suggestion = names[0] if len(names) == 1 else None
        if suggestion:
            message += (
                f" Its container is `{suggestion}`: write `{suggestion}`, "
                f"or use `docker compose {command} {ref.name}`."
            )
        elif names:
            message += f" Its containers are {quoted(names)}."
        else:
            message += f" Use `docker compose {command} {ref.name}`."
        # Certain only when the name does not hang on the compose version: a doc that
        # still runs `docker-compose` gets `proj_api_1`, which DL201's fix makes wrong.
        certain = names == _service_containers(ctx, ref.name, legacy=False)
        yield ctx.replacement(
            rule, ref.start, ref.end, message, suggestion, safe=certain, replaces=ref.name
        )
