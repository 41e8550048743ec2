"""What the inventoried hosts (``--inventory``) say about a name, for the container,
service and port checks: where a container exists, the note a stopped one earns, and
how messages describe a host."""

from __future__ import annotations

from doclint.checkers._messages import quoted
from doclint.checkers.context import CheckContext
from doclint.project.snapshot import HostSnapshot


def hosts_with(ctx: CheckContext, name: str) -> list[HostSnapshot]:
    """The hosts where a container called ``name`` exists. A stopped one counts (a
    runbook may start it), with a note; so does one that only a profile starts."""
    found = []
    for host, container in ctx.inventory.on_hosts(name):
        if container.stopped:
            note(
                ctx,
                f"`{name}` exists on {host.label} but is {container.state}: commands that "
                "need it running work there only once it is started",
            )
        if container.profiles:
            note(
                ctx,
                f"`{name}` on {host.label} belongs to profile {quoted(list(container.profiles))}: "
                "it runs there only when that profile is enabled",
            )
        found.append(host)
    return found


def host_names(ctx: CheckContext) -> list[str]:
    """Every container name of every inventoried host."""
    return list(dict.fromkeys(name for host in ctx.inventory.hosts for name in host.names()))


def running_there(host: HostSnapshot) -> str:
    """``running there: `a`, `b``` (what a message shows of a host)."""
    names = host.names()
    return f"running there: {quoted(names)}" if names else "nothing runs there"


def note(ctx: CheckContext, text: str) -> None:
    """A notice, said once."""
    if text not in ctx.notices:
        ctx.notices.append(text)


def detail(ctx: CheckContext, text: str) -> None:
    """A note only ``--verbose`` shows, said once."""
    if text not in ctx.details:
        ctx.details.append(text)
