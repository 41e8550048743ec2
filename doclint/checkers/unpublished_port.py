"""DL106 unpublished-port: ``curl http://localhost:8000`` where nothing publishes 8000.

A runbook that checks a service from the host (``curl``, ``wget``, HTTPie's ``http``)
reaches it only through a port that a compose service publishes (``ports:``, short or
long syntax, ranges; ``expose:`` publishes nothing) or that the same document opens
(``docker run -p``, ``kubectl port-forward``, ``ssh -L``). Only URLs on this machine
with an explicit port are checked: ``localhost``, ``127.0.0.1``, ``0.0.0.0``,
``[::1]``, and HTTPie's ``:8000`` shorthand.

With inventories of hosts (``--inventory``), the ports their containers publish count
too. Nothing is reported when the project has neither a compose file nor an inventory,
or when some service's ports cannot be known: ``network_mode: host`` (the service
listens on the host directly), a ``ports`` entry with an unset variable, ``docker run
--network host`` in the document, or an inventoried container on the host's network.
URLs inside containers are words of ``docker exec``, never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from doclint.checkers._messages import quoted
from doclint.checkers._names import span_in
from doclint.checkers._workdir import relative_to_root
from doclint.checkers.context import CheckContext
from doclint.docker.model import Tool
from doclint.extract import REMOTE
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.shell.words import Command, Word

HTTP_CLIENTS = frozenset({"curl", "wget", "http", "https", "xh", "xhs", "curlie"})
_LOCAL_URL = re.compile(
    r"(?:--url=)?(?:[a-z]+://)?(?P<host>localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1?\])"
    r":(?P<port>[0-9]{1,5})(?=[/?#]|$)",
    re.IGNORECASE,
)
_HTTPIE_LOCAL = re.compile(r":(?P<port>[0-9]{1,5})(?=[/?#]|$)")
"""``http :8000/health`` is HTTPie's shorthand for localhost."""
_FOREIGN_URL_OPTIONS = frozenset(
    {"-x", "--proxy", "--preproxy", "-e", "--referer", "--resolve", "--connect-to", "-H",
     "--header", "--proxy-user"}
)  # fmt: skip
"""Options whose value is a URL or address that is not the one requested."""
_PORT_SPEC = re.compile(r"(?:.*:)?(?P<first>[0-9]+)(?:-(?P<last>[0-9]+))?:[0-9-]+(?:/\w+)?")
_FORWARD = re.compile(r"(?:[^:]+:)?(?P<port>[0-9]+):.+")


class _Published(NamedTuple):
    """Host ports something publishes, and where each compose one leads."""

    ports: dict[int, str]
    """Host port → what publishes it (``web`` in ``docker-compose.yml``)."""
    targets: dict[str, list[int]]
    """Container port → the host ports it is published on."""


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    urls = [(c, w, m) for c in ctx.commands for w, m in _local_urls(c)]
    if not urls or not (ctx.inventory.has_compose or ctx.inventory.hosts):
        return
    published = _published(ctx)
    if published is None:
        return
    for _, word, match in urls:
        port = int(match.group("port"))
        if port not in published.ports:
            yield _unpublished(ctx, rule, word, match, published)


def _local_urls(command: Command) -> Iterator[tuple[Word, re.Match[str]]]:
    if command.program not in HTTP_CLIENTS or command.where == REMOTE:
        return  # `ssh host 'curl localhost:80'` calls the remote machine's port
    shorthand = command.program in ("http", "https", "xh", "xhs")
    previous = ""
    for word in command.words[1:]:
        if not word.dynamic and previous not in _FOREIGN_URL_OPTIONS:
            match = _LOCAL_URL.fullmatch(_up_to_path(word.value))
            if match is None and shorthand:
                match = _HTTPIE_LOCAL.fullmatch(_up_to_path(word.value))
            if match is not None:
                yield word, match
        previous = word.value


def _up_to_path(value: str) -> str:
    """The URL up to its path: ``http://localhost:8000/health?x`` → ``…:8000``."""
    scheme, sep, rest = value.partition("://")
    if not sep:
        scheme, rest = "", value
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    return scheme + sep + rest[:cut]


def _published(ctx: CheckContext) -> _Published | None:
    """What is published on the host, or ``None`` when that cannot be known."""
    ports: dict[int, str] = {}
    targets: dict[str, list[int]] = {}
    inventory = ctx.inventory
    for project in inventory.stacks():
        for service in project.services.values():
            if service.network_mode == "host" or not service.ports_complete:
                return None
            where = f"`{service.name}` in `{relative_to_root(service.file, inventory.root)}`"
            for mapping in service.ports:
                if mapping.host_port is None:
                    continue
                last = mapping.host_port_end or mapping.host_port
                for port in range(mapping.host_port, last + 1):
                    ports.setdefault(port, where)
                targets.setdefault(mapping.container_port, []).append(mapping.host_port)
    for host in inventory.hosts:
        if host.host_network:
            return None
        for port, name in host.published.items():
            ports.setdefault(port, f"`{name}` on {host.label}")
        for container in host.containers:
            for published in container.ports:
                targets.setdefault(str(published.container_port), []).append(published.first)
    opened = _opened_by_document(ctx)
    if opened is None:
        return None
    for port in opened:
        ports.setdefault(port, "this document")
    return _Published(ports, targets)


def _opened_by_document(ctx: CheckContext) -> list[int] | None:
    """Host ports the document's own commands open: ``docker run -p``,
    ``kubectl port-forward``, ``ssh -L``; ``None`` after ``docker run --network host``."""
    opened: list[int] = []
    for invocation in ctx.invocations:
        if invocation.tool is not Tool.DOCKER or invocation.path not in {("run",), ("create",)}:
            continue
        for use in invocation.option_values("network"):
            if use.value == "host":
                return None
        for use in invocation.option_values("publish"):
            match = _PORT_SPEC.fullmatch(use.value or "")
            if match:
                first = int(match.group("first"))
                opened.extend(range(first, int(match.group("last") or first) + 1))
    for command in ctx.commands:
        forwarded = command.program == "kubectl" and "port-forward" in _values(command)
        tunnels = command.program == "ssh"
        for index, word in enumerate(command.words[1:], start=1):
            before = command.words[index - 1].value
            if forwarded or (tunnels and before == "-L"):
                match = _FORWARD.fullmatch(word.value)
                if match:
                    opened.append(int(match.group("port")))
    return opened


def _values(command: Command) -> list[str]:
    return [word.value for word in command.words]


def _unpublished(
    ctx: CheckContext, rule: Rule, word: Word, match: re.Match[str], published: _Published
) -> Finding:
    port = match.group("port")
    message = f'Nothing publishes port {port} on the host, so this fails with "Connection refused".'
    moved = sorted(set(published.targets.get(port, [])))
    suggestion = str(moved[0]) if len(moved) == 1 else None
    if moved:
        message += (
            f" A service listens on {port} inside its container and is published as "
            f"{quoted([str(p) for p in moved])}."
        )
    elif published.ports:
        message += f" Published: {_listing(published.ports)}."
    elif ctx.inventory.hosts:
        message += " No compose service nor inventoried container publishes any port."
    else:
        message += " No compose service publishes any port (`expose:` does not publish)."
    if suggestion:
        message += f" Did you mean port {suggestion}?"
    start, _ = span_in(word, match.group(0))
    offset = match.start("port")
    return ctx.replacement(
        rule, start + offset, start + offset + len(port), message, suggestion, safe=False
    )


def _listing(ports: dict[int, str]) -> str:
    """``8080, 9100-9102 by `web` in `compose.yaml`; 7000 by this document``."""
    by_origin: dict[str, list[int]] = {}
    for port, origin in sorted(ports.items()):
        by_origin.setdefault(origin, []).append(port)
    return "; ".join(f"{_ranges(found)} by {origin}" for origin, found in by_origin.items())


def _ranges(ports: list[int]) -> str:
    runs: list[list[int]] = []
    for port in ports:
        if runs and port == runs[-1][-1] + 1:
            runs[-1].append(port)
        else:
            runs.append([port])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
