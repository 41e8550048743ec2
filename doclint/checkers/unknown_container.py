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

from doclint.checkers._container_doubts import (
    document_snippets,
    elsewhere,
    failure_discarded,
    history,
    in_template,
    spawned,
    starts_unseen_stack,
    told_to_replace,
)
from doclint.checkers._container_refs import (
    NameRef,
    container_refs,
    pattern_matches,
    uses_legacy_names,
)
from doclint.checkers._hosts import detail, host_names, hosts_with, running_there
from doclint.checkers.context import CheckContext
from doclint.compose.model import Service
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.project.inventory import ContainerRef
from doclint.suggest import nearest


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    refs = list(container_refs(ctx))
    if not refs or not _can_check(ctx) or in_template(ctx):
        return
    if starts_unseen_stack(ctx):
        return  # the notice about folders doclint cannot see says it
    if elsewhere(ctx):
        _notice(
            ctx,
            f"{ctx.source.display_path} works on a deployment whose compose file is at a "
            "path the reader gives: its container names were not checked (DL101)",
        )
        return
    legacy = uses_legacy_names(ctx)
    known = ctx.inventory.containers(legacy)
    services = ctx.inventory.services()
    settled = document_snippets(ctx).containers | history(ctx)
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
        if failure_discarded(ctx, ref.invocation.command):
            continue
        if _bare(ref) in settled or told_to_replace(ctx, ref):
            continue
        if _spawned(ctx, ref, known) or _runs_on_a_host(ctx, ref):
            continue
        if _open(ctx, ref, known):
            continue
        yield _unknown(ctx, rule, ref, known, legacy)


def _bare(ref: NameRef) -> str:
    """The name without the anchors a pattern may carry."""
    parts = _ANCHORS.fullmatch(ref.name) if ref.how == "pattern" else None
    return parts["name"] if parts else ref.name


def _spawned(ctx: CheckContext, ref: NameRef, known: dict[str, ContainerRef]) -> bool:
    """Whether a service that holds the Docker socket may have created the container
    (a notice names it)."""
    return spawned(ctx, _bare(ref), known) is not None


def _open(ctx: CheckContext, ref: NameRef, known: dict[str, ContainerRef]) -> bool:
    """Whether a stack has a container whose name is only an unset variable, so the
    name may be that one: silent unless it is a near miss of a container another stack
    names (then it is that one, mistyped). A notice says what was not checked."""
    open_services = ctx.inventory.open_services()
    if not open_services or nearest(ref.name, _listed_names(ctx, ref, known)) is not None:
        return False
    for project, service in open_services:
        _notice(
            ctx,
            f"container names were not checked against service `{service.name}` of "
            f"{' + '.join(f'`{ctx.inventory._shown(f)}`' for f in project.files)} (DL101): "
            "its container_name is a variable with no value, so its container may have any "
            "name",
        )
    return True


def _notice(ctx: CheckContext, text: str) -> None:
    if text not in ctx.notices:
        ctx.notices.append(text)


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


SHOWN = 5
"""How many container names a message lists at most."""

_LEGACY_NAME = re.compile(r".+_[0-9]+")


def _listed_names(
    ctx: CheckContext, ref: NameRef, known: dict[str, ContainerRef], legacy: bool = False
) -> list[str]:
    """The container names a message about ``ref`` lists: those of compose stacks and
    the docs (no compose v1 ``project_service_1`` names unless the document runs v1).
    Names close to the written one come first, then those of the stack the document
    belongs to (its folder lies in the stack's), then the rest, most alike first."""
    names = [
        name
        for name, where in known.items()
        if legacy
        or not _LEGACY_NAME.fullmatch(name)
        or where.service is None
        or where.service.container_name == name
    ]
    written = _bare(ref).lower()
    document = ctx.source.path.parent
    root = ctx.inventory.root

    def own_stack(name: str) -> bool:
        service = known[name].service
        if service is None:
            return False
        folder = service.file.parent
        return folder != root and document.is_relative_to(folder)

    def rank(name: str) -> tuple[bool, bool, float, str]:
        likeness = _likeness(written, name.lower())
        return (likeness < CLOSE, not own_stack(name), -likeness, name)

    return sorted(names, key=rank)


CLOSE = 0.75
"""How alike two names must be for the written one to read as a slip of the other (as
:func:`doclint.suggest.nearest` judges)."""


def _likeness(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio()


def _unknown(
    ctx: CheckContext,
    rule: Rule,
    ref: NameRef,
    known: dict[str, ContainerRef],
    legacy: bool,
) -> Finding:
    listed = _listed_names(ctx, ref, known, legacy)
    shown = listed[:SHOWN]
    suggestion = _suggestion(ref.name, shown) if ref.how == "exact" else None
    origins = sorted({known[name].origin for name in shown if known[name].service is not None})
    what = "matches" if ref.how == "pattern" else "is named"
    message = f"No container {what} `{ref.name}`"
    if shown:
        sources = [f"`{o}`" for o in origins[:3]]
        if len(sources) < len(origins) or any(known[n].service is None for n in shown):
            sources.append("the docs" if not sources else "others")
        files = " and ".join(sources)
        verb = "defines" if len(sources) == 1 else "define"
        names = ", ".join(f"`{name}`" for name in shown)
        more = len(listed) - len(shown)
        message += f": {files} {verb} the containers {names}"
        message += f" and {more} more" if more > 0 else ""
    if ctx.inventory.hosts:
        hosts = [f"{host.label}: {running_there(host)}" for host in ctx.inventory.hosts]
        message += "; it does not run on " + "; nor on ".join(hosts)
        if suggestion is None and ref.how == "exact":
            suggestion = nearest(ref.name, host_names(ctx))
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
    if suggestion is None or not _same_service(ref.name, suggestion, known):
        return ctx.finding(rule, ref.start, ref.end, message)
    message += f" Did you mean `{suggestion}`?"
    return ctx.replacement(
        rule, ref.start, ref.end, message, suggestion, safe=False, replaces=ref.name
    )


def _suggestion(written: str, shown: list[str]) -> str | None:
    """A listed name close to the written one: nearly the same spelling, or the written
    name with words added to it (``kamiyo-apii`` for ``kamiyo``)."""
    found = nearest(written, shown)
    if found is not None:
        return found
    parts = [name for name in shown if re.match(rf"{re.escape(name)}[-_.]", written)]
    return max(parts, key=len) if parts else None


def _same_service(written: str, suggestion: str, known: dict[str, ContainerRef]) -> bool:
    """Whether rewriting ``written`` to ``suggestion`` keeps to the service the name
    speaks of: not when the written name spells out another service of the stacks
    (``shop-db`` → ``shop-web``)."""
    target = known.get(suggestion)
    if target is None or target.service is None:
        return True
    words = set(re.split(r"[-_.]", written.lower()))
    others = {
        k.service.name.lower()
        for k in known.values()
        if k.service is not None and k.service.name != target.service.name
    }
    return not (words & others) or target.service.name.lower() in words


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
