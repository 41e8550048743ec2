"""DL109 not-running-on-host: a container or service that the compose files define but
that does not run on a host the run has a snapshot of (``--inventory``).

The repository and the host disagree: production runs another compose file, another
project name, renamed containers. Containers are held against each host's container
names (a stopped container counts, with a note); services against the compose services
its containers belong to, in the project the command uses when its name is pinned.
Nothing is said without an inventory, nor about names the compose files do not define
(DL101, DL102 and DL103 speak of those).
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
from doclint.checkers._hosts import hosts_with, running_there
from doclint.checkers._messages import quoted
from doclint.checkers._service_refs import ServiceRef, service_refs
from doclint.checkers.context import CheckContext
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.inventory import compose_use
from doclint.project.snapshot import HostSnapshot
from doclint.suggest import nearest


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    if not ctx.inventory.hosts:
        return
    yield from _containers(ctx, rule)
    yield from _services(ctx, rule)


def _containers(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    inventory = ctx.inventory
    known = inventory.containers(uses_legacy_names(ctx))
    defined = {name: ref.service for name, ref in known.items() if ref.service is not None}
    for ref in container_refs(ctx):
        if ref.how == "exact":
            if ref.name not in defined and not inventory.container_matches_pattern(ref.name):
                continue  # not the compose files' container: another rule's concern
            present = hosts_with(ctx, ref.name)
            missing = [host for host in inventory.hosts if host not in present]
        elif pattern_matches(ref, defined):
            missing = [host for host in inventory.hosts if not pattern_matches(ref, host.names())]
        else:
            continue
        if missing:
            service = defined.get(ref.name)
            yield _container_missing(ctx, rule, ref, missing, service.name if service else None)


def _container_missing(
    ctx: CheckContext, rule: Rule, ref: NameRef, missing: list[HostSnapshot], service: str | None
) -> Finding:
    """``kamiyo-api`` does not run on `production` (inventory `prod-ps.json`): running
    there: `kamiyo`. The suggestion is the container of the same service there (of the
    same replica number when there are several), else the nearest name, when every
    host lacking it agrees."""
    clauses = []
    suggestions = set()
    for host in missing:
        same = [c.name for c in host.services.get(service or "", []) if ref.how == "exact"]
        if same:
            clauses.append(f"{host.label}, where service `{service}` runs as {quoted(same)}")
        else:
            clauses.append(f"{host.label}: {running_there(host)}")
        suggestions.add(_same_replica(ref.name, same) or nearest(ref.name, host.names()))
    message = f"`{ref.name}` does not run on " + "; nor on ".join(clauses)
    if ref.how == "pattern":
        message += ", so the check built on this command fails there."
    else:
        message += ', so this command fails there with "No such container".'
    suggestion = suggestions.pop() if len(suggestions) == 1 else None
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    return ctx.replacement(
        rule, ref.start, ref.end, message, suggestion, safe=False, replaces=ref.name
    )


_REPLICA = re.compile(r"[-_]([0-9]+)$")


def _same_replica(name: str, containers: list[str]) -> str | None:
    """The one container of ``containers`` that is the same replica as ``name``
    (``kamiyo-worker-2`` → ``prod-worker-2``), or the only container there is."""
    if len(containers) == 1:
        return containers[0]
    number = _REPLICA.search(name)
    if number is None:
        return None
    same = [c for c in containers if (m := _REPLICA.search(c)) and m[1] == number[1]]
    return same[0] if len(same) == 1 else None


def _services(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for ref in service_refs(ctx):
        name = ref.positional.name
        if name not in ref.project.services:
            continue  # DL102 or DL104
        pinned = _project_name(ctx, ref)
        missing = []
        for host in ctx.inventory.hosts:
            containers = host.services.get(name, [])
            if not any(pinned in (None, c.project) for c in containers):
                missing.append(host)
        if missing:
            yield _service_missing(ctx, rule, ref, missing, pinned)


def _project_name(ctx: CheckContext, ref: ServiceRef) -> str | None:
    """The compose project the command acts on: its ``-p``, else the compose files'
    name when they pin one; ``None`` when it is the checkout's folder name (unknown on
    the host)."""
    use = compose_use(ref.invocation, ctx.source.path.parent, ctx.inventory.root)
    if use is not None and use.project_name:
        return use.project_name
    return None if ref.project.name_from_folder else ref.project.name


def _service_missing(
    ctx: CheckContext, rule: Rule, ref: ServiceRef, missing: list[HostSnapshot], pinned: str | None
) -> Finding:
    """No container of the service runs there, or only in another compose project."""
    name = ref.positional.name
    clauses = []
    for host in missing:
        projects = sorted({c.project for c in host.services.get(name, []) if c.project})
        if projects:
            clauses.append(f"{host.label}, where it runs in project {quoted(projects)}")
        elif host.services:
            clauses.append(f"{host.label}: services there: {quoted(list(host.services))}")
        else:
            clauses.append(f"{host.label}: no compose service runs there")
    where = f" of project `{pinned}`" if pinned else ""
    message = (
        f"Service `{name}`{where} has no container on " + "; nor on ".join(clauses) + ", so "
        f"`{ref.command_text}` finds nothing to act on there."
    )
    elsewhere = {c.project for h in missing for c in h.services.get(name, []) if c.project}
    if len(elsewhere) == 1:
        message += f" Add `-p {elsewhere.pop()}` to name the project that runs there."
    return ctx.finding(rule, *ref.span, message)
