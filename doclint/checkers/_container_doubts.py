"""When a container name a command uses is not the repository's to settle, for DL101
unknown-container and DL103 service-used-as-container.

A finding claims the repository proves the line wrong. It cannot when the name is the
reader's (an issue template asks about the reporter's deployment; the sentence says to
replace it), when the document itself defines the container (a compose snippet to add),
or when the document is about the containers of a deployment it removes or renames.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Collection, Iterator
from functools import cache
from typing import TYPE_CHECKING

from doclint.checkers._container_refs import NameRef
from doclint.checkers.context import CheckContext, DocumentSnippets
from doclint.docker.model import Tool
from doclint.shell.words import Command
from doclint.suggest import typo_of

if TYPE_CHECKING:
    from doclint.compose.model import Service

_TEMPLATE_PARTS = re.compile(r"(?i)^(?:issue_template|pull_request_template)(?:\.\w+)?$")

_TOLD_TO_REPLACE = re.compile(
    r"""(?ix)\b(?:replac|adjust|substitut|chang|swap)\w*
        \s+(?:the\s+|your\s+)?(?:[`'"](?P<quoted>[^`'"\n]{1,80})[`'"]|(?P<bare>[\w.-]{3,}))"""
)

_OR_YOURS = re.compile(r"(?i)[`'\"]?[ \t]*\((?:or|e\.g\.)\s+(?:your|whatever|the name)\b[^)\n]*\)")
"""``docker logs openai-edge-tts` (or your container name)``: the reader's own name."""

_FENCED_YAML = re.compile(
    r"(?ms)^[ \t]*(?P<fence>```|~~~)[ \t]*(?:ya?ml|compose|docker-compose)\b[^\n]*\n"
    r"(?P<body>.*?)^[ \t]*(?P=fence)"
)
_CONTAINER_NAME_LINE = re.compile(r"(?m)^[ \t]*container_name:[ \t]*[\"']?(?P<name>[\w.-]+)")

_REMOVING = {("rm",), ("container", "rm")}
_RENAMING = {("rename",), ("container", "rename")}


_DISCARDED = re.compile(r"(?:[^\n;|&]|&(?!&)|>&)*\|\|[ \t]*(?:true|:)(?![\w-])")


def failure_discarded(ctx: CheckContext, command: Command) -> bool:
    """Whether the script discards the command's failure (``docker compose rm -f
    old-init >/dev/null 2>&1 || true``): it expects the name may be gone, so a name
    that is gone proves nothing wrong."""
    return _DISCARDED.match(ctx.source.text, command.end) is not None


def in_template(ctx: CheckContext) -> bool:
    """Whether the document is an issue or pull-request template: its commands run
    on the reporter's deployment, not on this repository's stacks."""
    return any(_TEMPLATE_PARTS.match(part) for part in ctx.source.path.parts)


def told_to_replace(ctx: CheckContext, ref: NameRef) -> bool:
    """Whether the paragraph around the name tells the reader to replace it, or a part
    of it (``docker rm nextcloud-aio-container1`` ... (adjust `container1` accordingly)):
    a name shown only to be substituted is a placeholder."""
    text = ctx.source.text
    start = text.rfind("\n\n", 0, ref.start)
    end = text.find("\n\n", ref.end)
    paragraph = text[start + 1 if start >= 0 else 0 : end if end >= 0 else len(text)]
    if _OR_YOURS.match(text, ref.end, min(len(text), ref.end + 80)):
        return True
    for match in _TOLD_TO_REPLACE.finditer(paragraph):
        token = (match["quoted"] or match["bare"] or "").strip()
        if token and (token == ref.name or (len(token) >= 3 and token in ref.name)):
            return True
    return False


_LOCAL_LINK = re.compile(r"\]\((?P<target>[^)\s#:]+\.md)(?:#[^)\s]*)?\)")


def document_snippets(ctx: CheckContext) -> DocumentSnippets:
    """The snippets of the document and its linked pages, read once per document for
    every rule that asks (DL101, DL102, DL103)."""
    if ctx.snippets is None:
        texts = [ctx.source.text, *_linked_texts(ctx)]
        ctx.snippets = DocumentSnippets(
            frozenset().union(*map(_snippet_names, texts)),
            frozenset().union(*map(_snippet_services, texts)),
        )
    return ctx.snippets


def _linked_texts(ctx: CheckContext) -> Iterator[str]:
    """The text of each file of the repository the document links to."""
    folder = ctx.source.path.parent
    boundary = ctx.inventory.boundary
    for target in dict.fromkeys(m["target"] for m in _LOCAL_LINK.finditer(ctx.source.text)):
        path = (folder / target).resolve()
        if path.is_relative_to(boundary) and path.is_file():
            try:
                yield path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue


@cache
def _snippet_names(text: str) -> frozenset[str]:
    names: set[str] = set()
    for block in _FENCED_YAML.finditer(text):
        body = block["body"]
        if re.search(r"(?m)^[ \t]*services:", body) or "image:" in body:
            names.update(m["name"] for m in _CONTAINER_NAME_LINE.finditer(body))
    return frozenset(names)


@cache
def _snippet_services(text: str) -> frozenset[str]:
    import yaml  # here: only a document about to be told a service is missing reads it

    names: set[str] = set()
    for block in _FENCED_YAML.finditer(text):
        body = textwrap.dedent(block["body"])
        if not re.search(r"(?m)^services:", body):
            continue
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError:
            continue
        services = data.get("services") if isinstance(data, dict) else None
        if isinstance(services, dict):
            names.update(str(name) for name in services)
    return frozenset(names)


_COMPOSE_FILE_AT_A_VARIABLE = re.compile(
    r"\$\{?[A-Za-z_]\w*\}?\"?/(?:[\w.-]+/)*(?:docker-)?compose[\w.-]*\.ya?ml"
)


def elsewhere(ctx: CheckContext) -> bool:
    """Whether the document works on a deployment at a path the reader gives: it reads
    or edits ``"$PATH_TO_APP"/docker-compose.yml``, so the containers it names are
    that deployment's (an older one, often), not the repository's stacks'."""
    return _COMPOSE_FILE_AT_A_VARIABLE.search(ctx.source.text) is not None


_STARTING = {("up",), ("run",), ("create",), ("start",)}


def starts_unseen_stack(ctx: CheckContext) -> bool:
    """Whether the document clones another project and starts a compose stack in a
    folder doclint cannot see (that clone): the containers it names may be that
    stack's, which no file here lists."""
    from doclint.checkers._workdir import located_commands

    if not any(
        command.program == "git" and any(word.value == "clone" for word in command.words[1:2])
        for command in ctx.commands
    ):
        return False  # a folder it fills itself (its own compose snippet), not a clone
    seen = {id(located.command) for located in located_commands(ctx)}
    return any(
        invocation.tool is not Tool.DOCKER
        and invocation.path in _STARTING
        and id(invocation.command) not in seen
        for invocation in ctx.invocations
    )


def history(ctx: CheckContext) -> frozenset[str]:
    """Names of containers the document itself retires: renamed away
    (``docker rename old new``) or removed (``docker rm old``, ``docker stop old &&
    docker rm old``). Such a document is about an older deployment, whose names no
    compose file holds."""
    retired: set[str] = set()
    for invocation in ctx.invocations:
        if invocation.tool is not Tool.DOCKER:
            continue
        names = [p.name for p in invocation.roles("CONTAINER") if not p.word.dynamic]
        if invocation.path in _RENAMING:
            retired.update(names[:1])
        elif invocation.path in _REMOVING:
            retired.update(names)
    return frozenset(retired)


def spawned(
    ctx: CheckContext, name: str, known: Collection[str]
) -> tuple[str, Service, str] | None:
    """The service holding the Docker socket that may have created a container called
    ``name`` at run time (``(prefix, service, its container)``): tools name the
    containers they create after their own (``nextcloud-aio-mastercontainer`` makes
    ``nextcloud-aio-caddy``), and no compose file lists them. A notice says what was
    not checked. Not a name that is a known container cut short or mistyped
    (``nextcloud-aio-master``): that one is a mistake, not a new container."""
    if any(other.startswith(name) and other != name for other in known):
        return None
    if typo_of(name, known) is not None:
        return None
    for prefix, service, container in ctx.inventory.spawners():
        if name.startswith(prefix) and name != container:
            notice = (
                f"containers named `{prefix}*` were not checked (DL101, DL103): service "
                f"`{service.name}` (container `{container}`) mounts the Docker socket and "
                "creates containers at run time that no compose file lists"
            )
            if notice not in ctx.notices:
                ctx.notices.append(notice)
            return prefix, service, container
    return None
