"""The ``.env`` file compose reads to interpolate a project's compose files.

Its values decide container and project names (``COMPOSE_PROJECT_NAME``,
``container_name: ${APP}-db``), so it is parsed the way compose parses it
(compose-spec ``05-services.md``, "Env_file format"): ``KEY=VALUE`` and
``export KEY=VALUE``, single quotes literal, double quotes with ``\\n``-style escapes
and possibly spanning lines, ``#`` comments (inline only after a space on an
unquoted value), and ``${VAR}`` interpolation from the lines above and the given
environment. A line compose could not read is skipped with a warning rather than
failing the whole project.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from doclint.compose.interpolate import InterpolationError, Unresolved, interpolate
from doclint.compose.yamlload import DEFAULT_MAX_BYTES, read_text

_KEY = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*")
_DOUBLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
                   "\\": "\\", '"': '"', "$": "$$"}  # fmt: skip
"""``\\$`` keeps a literal ``$`` through the interpolation that follows."""


@dataclass
class Dotenv:
    """The variables of one ``.env`` file and the lines that were skipped."""

    values: dict[str, str] = field(default_factory=dict)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    """``(line, message)`` for every line that was ignored or only partly understood."""


def load_dotenv(
    path: Path, env: Mapping[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Dotenv:
    """Parses the file at ``path``; raises :class:`ComposeError` if it cannot be read."""
    return parse_dotenv(read_text(path, max_bytes), env)


def parse_dotenv(text: str, env: Mapping[str, str] | None = None) -> Dotenv:
    """Parses ``.env`` text; ``${VAR}`` looks first at the lines above, then at ``env``."""
    result = Dotenv()
    lookup = ChainMap(result.values, dict(env or {}))
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number = index + 1
        consumed = _parse_line(lines, index, result, lookup)
        if consumed == 0:
            result.warnings.append((number, "not a KEY=VALUE line; ignored"))
            consumed = 1
        index += consumed
    return result


def _parse_line(lines: list[str], index: int, result: Dotenv, lookup: Mapping[str, str]) -> int:
    """Reads the entry starting at ``lines[index]`` into ``result``.

    Returns how many lines it used, 0 when the line is not an entry at all.
    """
    line = lines[index]
    if not line.strip() or line.lstrip().startswith("#"):
        return 1
    key = _KEY.match(line)
    if key is None:
        return 0
    rest = line[key.end() :]
    if not rest.startswith(("=", ":")):  # compose reads YAML-style `KEY: value` too
        # ``KEY`` alone leaves the variable unset (compose would take it from the shell).
        return 1 if not rest or rest.startswith("#") else 0
    rest = rest[1:].lstrip(" \t")
    if rest[:1] in ("'", '"'):
        return _quoted(lines, index, key.group(1), rest, result, lookup)
    value = re.split(r"[ \t]#", rest, maxsplit=1)[0].rstrip()
    _store(result, key.group(1), value, index + 1, lookup)
    return 1


def _quoted(
    lines: list[str], index: int, key: str, rest: str, result: Dotenv, lookup: Mapping[str, str]
) -> int:
    """A quoted value, which may go on over the following lines until its quote closes.

    A quote that never closes ends the parse (compose refuses such a file); going on
    line by line would rescan the rest of the file for every such line.
    """
    quote = rest[0]
    following = (lines[number] for number in range(index + 1, len(lines)))
    pieces: list[str] = []
    for used, piece in enumerate(chain([rest[1:]], following), start=1):
        end = _closing_quote(piece, quote)
        if end == -1:
            pieces.append(piece)
            continue
        raw = "\n".join([*pieces, piece[:end]])
        if quote == "'":
            result.values[key] = raw.replace("\\'", "'")
        else:
            _store(result, key, _unescape(raw), index + 1, lookup)
        return used
    result.warnings.append(
        (index + 1, f"{key}: the {quote} quote is never closed; the rest of the file is ignored")
    )
    return len(lines) - index


def _closing_quote(body: str, quote: str) -> int:
    """Index of the first ``quote`` in ``body`` that no backslash escapes, or -1."""
    index = 0
    while index < len(body):
        if body[index] == "\\":
            index += 2
            continue
        if body[index] == quote:
            return index
        index += 1
    return -1


_ESCAPE = re.compile(r"\\(?:0([0-7]{3})|(.))", re.DOTALL)


def _unescape(raw: str) -> str:
    """Compose's escapes in a double-quoted value: ``\\n``-style ones and octal
    ``\\0NNN`` (``\\0123`` is ``S``); any other backslash stays as written."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            code = int(match.group(1), 8)
            return chr(code) if code < 256 else match.group(0)
        return _DOUBLE_ESCAPES.get(match.group(2), match.group(0))

    return _ESCAPE.sub(one, raw)


def _store(result: Dotenv, key: str, raw: str, line: int, lookup: Mapping[str, str]) -> None:
    """Interpolates ``raw`` (``lookup`` sees the values stored so far), then stores it."""
    try:
        value = interpolate(raw, lookup)
    except InterpolationError as error:
        result.warnings.append((line, f"{key}: {error}; kept as written"))
        result.values[key] = raw
        return
    if isinstance(value, Unresolved):
        result.warnings.append((line, f"{key}: refers to a variable that is not set"))
        value = value.as_compose_would
    result.values[key] = value
