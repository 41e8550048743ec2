"""DL108 unknown-env-var (off by default): a runbook looks for an environment variable
that the container is not given.

``docker compose exec api printenv DATABASE_URL`` and
``docker exec kamiyo env | grep DATABASE_URL`` check a variable inside a container. The
compose service decides what the container gets: its ``environment`` and the files of
its ``env_file``. A variable in neither (nor in the command's own ``-e``) is usually a
leftover from an older setup, and the check prints nothing.

The image can set variables too (``ENV`` in its Dockerfile), which doclint cannot see;
that is why the rule is off by default. It stays quiet when it cannot know the whole
list: an ``env_file`` that is missing or has lines it cannot read, a container that no
compose service of the project creates, and the variables every shell or image has
(``PATH``, ``HOME``, ``HOSTNAME``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from doclint.checkers._messages import quoted
from doclint.checkers._names import span_in
from doclint.checkers.context import CheckContext
from doclint.compose.errors import ComposeError
from doclint.compose.model import Service
from doclint.docker.model import Invocation, Tool
from doclint.findings import Finding
from doclint.judging.rulebook import Rule
from doclint.shell.words import Word
from doclint.suggest import closest

ALWAYS_SET = frozenset(
    {"PATH", "HOME", "HOSTNAME", "TERM", "PWD", "OLDPWD", "SHLVL", "USER", "LANG",
     "LC_ALL", "SHELL", "_"}
)  # fmt: skip
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_GREP_NAME = re.compile(r"\^?(?P<name>[A-Za-z_][A-Za-z0-9_]*)=?")


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for invocation in ctx.invocations:
        if invocation.path != ("exec",):
            continue
        wanted = list(_wanted(invocation))
        if not wanted:
            continue
        service = _service(ctx, invocation)
        known = _variables(service, invocation, ctx.inventory.root) if service else None
        if service is None or known is None:
            continue
        for word, name in wanted:
            if name not in known and name not in ALWAYS_SET:
                yield _unknown(ctx, rule, word, name, service, known)


def _wanted(invocation: Invocation) -> Iterator[tuple[Word, str]]:
    """The variables the command looks for: ``printenv A B``, or ``env | grep A``."""
    payload = invocation.payload
    if not payload or payload[0].dynamic:
        return
    program = payload[0].value
    if program == "printenv" and len(payload) > 1:
        for word in payload[1:]:
            if not word.dynamic and _NAME.fullmatch(word.value):
                yield word, word.value
    elif program in ("env", "printenv") and len(payload) == 1:
        pipeline = invocation.command.pipeline
        grep = pipeline[0] if pipeline else None
        if grep is None or grep.program != "grep" or len(grep.words) != 2:
            return  # only a plain `grep NAME`: options change what it means
        word = grep.words[1]
        match = _GREP_NAME.fullmatch(word.value)
        if match and not word.dynamic:
            yield word, match.group("name")


def _service(ctx: CheckContext, invocation: Invocation) -> Service | None:
    """The compose service the command runs in: named (``compose exec SERVICE``) or
    the one whose container it is (``docker exec CONTAINER``)."""
    target = invocation.roles("SERVICE" if invocation.tool is not Tool.DOCKER else "CONTAINER")
    if not target or target[0].word.dynamic:
        return None
    name = target[0].name
    for project in ctx.inventory.projects():
        if invocation.tool is not Tool.DOCKER:
            if name in project.services:
                return project.services[name]
            continue
        for service in project.services.values():
            if name in project.container_names(service):
                return service
    return None


def _variables(service: Service, invocation: Invocation, root: Path) -> set[str] | None:
    """Every variable the container is given, or ``None`` when that cannot be known."""
    from doclint.compose.dotenv import load_dotenv  # with YAML: most runs load no .env

    names = set(service.environment)
    for use in invocation.option_values("env"):
        names.add((use.value or "").partition("=")[0])
    given = [root / use.value for use in invocation.option_values("env-file") if use.value]
    files = [*service.env_files, *given]
    for path in files:
        try:
            loaded = load_dotenv(path)
        except ComposeError:
            return None
        if loaded.warnings:
            return None
        names.update(loaded.values)
    return names


def _unknown(
    ctx: CheckContext, rule: Rule, word: Word, name: str, service: Service, known: set[str]
) -> Finding:
    sources = "its `environment`" + (" and `env_file`" if service.env_files else "")
    message = (
        f"`{name}` is not set for the service `{service.name}`: {sources} do not define it, "
        "so this prints nothing (unless the image sets it)."
    )
    listed = sorted(known - {""})
    if listed:
        message += f" It gets {quoted(listed, limit=6)}."
    suggestion = closest(name, listed, cutoff=0.65)
    if suggestion:
        message += f" Did you mean `{suggestion}`?"
    start, end = span_in(word, name)
    return ctx.replacement(rule, start, end, message, suggestion, safe=False)
