"""Compose's ``${VAR}`` interpolation, evaluated statically.

The variables come only from the mapping the caller gives (the project's ``.env``),
never from ``os.environ``: doclint's verdicts must not depend on the shell it runs in.
A variable that has no value there and no default is not guessed at: the result is
then an :class:`Unresolved` whose :attr:`~Unresolved.pattern` lets that part match
any text, so ``container_name: ${STACK}-db`` still tells a checker that a container
named ``prod-db`` may exist while ``prod-web`` is not this service.

Syntax (compose-spec ``12-interpolation.md``, compose-go ``template``): ``$VAR``,
``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?error}``,
``${VAR?error}``, ``${VAR:+alternative}``, ``${VAR+alternative}``, nesting inside the
default (``${A:-${B:-x}}``) and ``$$`` for a literal ``$``. A ``$`` that starts none
of these stays as it is; a ``${`` that is not closed or holds no valid name is an
error, as in compose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from doclint.compose.yamlload import MergeTag, YamlMap

_NAME = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_BRACE_TOKENS = re.compile(r"\$\{|\}")
_BRACED = re.compile(r"([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-?+])(.*))?", re.DOTALL)

_Parts = list[str | None]
"""Pieces of a value: text, or ``None`` for the value of a variable nobody gave."""


class InterpolationError(ValueError):
    """A ``${...}`` that compose itself would refuse to interpolate."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        """The line of the value in its YAML file, when known."""


@dataclass(frozen=True)
class Unresolved:
    """A value that holds variables with no value and no default."""

    parts: tuple[str | None, ...]
    """The known text, with ``None`` where an unknown variable's value goes."""

    @property
    def pattern(self) -> re.Pattern[str]:
        """Matches every value the text could take (anchored at both ends)."""
        body = "".join(".*" if part is None else re.escape(part) for part in self.parts)
        return re.compile(rf"\A{body}\Z", re.DOTALL)

    @property
    def as_compose_would(self) -> str:
        """What compose produces when the variables are unset: each one becomes ``""``."""
        return "".join(part or "" for part in self.parts)


def interpolate(text: str, env: Mapping[str, str]) -> str | Unresolved:
    """``text`` with its variables replaced from ``env``."""
    try:
        parts = _evaluate(text, env)
    except RecursionError:
        raise InterpolationError("defaults nested too deeply to interpolate") from None
    if None in parts:
        return Unresolved(_joined(parts))
    return "".join(part or "" for part in parts)


def interpolate_tree(value: Any, env: Mapping[str, str], line: int | None = None) -> Any:
    """A copy of a loaded YAML value with every string (not key) interpolated.

    Raises :class:`InterpolationError` whose second argument is the nearest known line.
    """
    if isinstance(value, str):
        if "$" not in value:
            return value
        try:
            return interpolate(value, env)
        except InterpolationError as error:
            raise InterpolationError(str(error), line) from None
    if isinstance(value, YamlMap):
        result = YamlMap(value.line)
        result.key_lines.update(value.key_lines)
        for key, item in value.items():
            result[key] = interpolate_tree(item, env, value.key_lines.get(key, line))
        return result
    if isinstance(value, list):
        return [interpolate_tree(item, env, line) for item in value]
    if isinstance(value, MergeTag):
        return type(value)(interpolate_tree(value.value, env, value.line), value.line)
    return value


def _evaluate(text: str, env: Mapping[str, str]) -> _Parts:
    parts: _Parts = []
    start = 0
    while (dollar := text.find("$", start)) != -1:
        parts.append(text[start:dollar])
        following = text[dollar + 1 : dollar + 2]
        if following == "$":
            parts.append("$")
            start = dollar + 2
        elif following == "{":
            close = _closing_brace(text, dollar)
            parts.extend(_braced(text[dollar + 2 : close], env))
            start = close + 1
        elif name := _NAME.match(text, dollar + 1):
            parts.append(env.get(name.group()))
            start = name.end()
        else:
            parts.append("$")
            start = dollar + 1
    parts.append(text[start:])
    return parts


def _closing_brace(text: str, dollar: int) -> int:
    """Index of the ``}`` that closes the ``${`` at ``dollar``; nested ``${`` count."""
    depth = 0
    for token in _BRACE_TOKENS.finditer(text, dollar):
        depth += 1 if token.group() == "${" else -1
        if depth == 0:
            return token.start()
    raise InterpolationError(f"invalid interpolation format in {text!r}: no closing '}}'")


def _braced(body: str, env: Mapping[str, str]) -> _Parts:
    """The value of ``${body}``."""
    match = _BRACED.fullmatch(body)
    if match is None:
        raise InterpolationError(
            f"invalid interpolation format for '${{{body}}}': compose accepts only"
            " ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err},"
            " ${VAR:+alt} and ${VAR+alt}"
        )
    name, operator, argument = match.groups()
    value = env.get(name)
    if operator is None:
        return [value]
    has_value = value is not None and (value != "" or not operator.startswith(":"))
    if operator.endswith("?"):
        # A required variable with no value makes compose stop; statically its value
        # is simply unknown.
        return [value if has_value else None]
    if operator.endswith("-"):
        return [value] if has_value else _evaluate(argument, env)
    return _evaluate(argument, env) if has_value else [""]


def _joined(parts: _Parts) -> tuple[str | None, ...]:
    """Adjacent text merged and adjacent unknowns collapsed; empty text dropped."""
    result: list[str | None] = []
    for part in parts:
        if part == "":
            continue
        if result and part is not None and result[-1] is not None:
            result[-1] = f"{result[-1]}{part}"
        elif not (result and part is None and result[-1] is None):
            result.append(part)
    return tuple(result)
