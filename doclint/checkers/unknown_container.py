"""DL101 unknown-container.

Every container a ``docker`` command names (``docker logs X``, ``docker exec X``,
``docker cp X:/path .``, ``docker ps --filter name=X``, ``docker ps | grep X``) must
exist: in a compose file of the project, created by the docs themselves with
``docker run --name``, or listed in the configuration. With inventories of hosts
(``--inventory``), a container that exists on one of them is fine too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from doclint.checkers._container_refs import (
    NameRef,
    container_refs,
    pattern_matches,
    uses_legacy_names,
)
from doclint.checkers._hosts import detail, host_names, hosts_with, running_there
from doclint.checkers._messages import quoted
from doclint.checkers.context import CheckContext
from doclint.compose.model import Service
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.inventory import ContainerRef
from doclint.suggest import closest


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    refs = list(container_refs(ctx))
    if not refs or not _can_check(ctx):
        return
    legacy = uses_legacy_names(ctx)
    known = ctx.inventory.containers(legacy)
    services = ctx.inventory.services()
    for ref in refs:
        if ref.how == "exact":
            if ref.name in known or ctx.inventory.container_matches_pattern(ref.name):
                continue
            if ref.name in services:
                continue  # DL103 explains this one
        elif pattern_matches(ref, list(known)) or _has_open_pattern(ctx):
            continue
        elif ref.invocation.command.pipeline and pattern_matches(ref, _listed(services)):
            continue  # grep reads all of `docker ps`'s columns, images included
        if _runs_on_a_host(ctx, ref):
            continue
        yield _unknown(ctx, rule, ref, known)


def _runs_on_a_host(ctx: CheckContext, ref: NameRef) -> bool:
    """Whether an inventoried host has the container (or one the pattern finds),
    though the repository does not define it: fine, said with ``--verbose``."""
    if not ctx.inventory.hosts:
        return False
    if ref.how == "exact":
        hosts = hosts_with(ctx, ref.name)
    else:
        hosts = [host for host in ctx.inventory.hosts if pattern_matches(ref, host.names())]
    if hosts:
        where = " and ".join(host.label for host in hosts)
        detail(ctx, f"`{ref.name}` is not defined in the repository but runs on {where}")
    return bool(hosts)


def _can_check(ctx: CheckContext) -> bool:
    inventory = ctx.inventory
    if inventory.has_compose or inventory.config.containers or inventory.hosts:
        return True
    ctx.notices.append(
        f"no compose file found for the project at {inventory.root}: container and service "
        "checks (DL101-DL104) were skipped; name one with --compose or `compose-files` in "
        ".doclint.yaml"
    )
    return False


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
    if ctx.inventory.hosts:
        hosts = [f"{host.label}: {running_there(host)}" for host in ctx.inventory.hosts]
        message += "; it does not run on " + "; nor on ".join(hosts)
        suggestion = closest(ref.name, [*known, *host_names(ctx)])
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
    exists = target in known or ctx.inventory.container_matches_pattern(target)
    if not exists and not ctx.inventory.on_hosts(target):
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
