"""A YAML loader for compose files that untrusted repositories cannot abuse.

doclint reads compose files from whatever repository it is pointed at, so the loader
must never run code (only ``SafeConstructor`` builds values), must stay fast and small
on hostile input (an alias "billion laughs" bomb, megabytes of nesting, a huge file)
and must turn every failure into a :class:`ComposeError` naming the file and line.

It also reads YAML the way compose (Go, ``yaml.v3``) does rather than the way PyYAML
does by default: YAML 1.2 scalars (``22:22`` is a string, not the base-60 integer
1342, and ``yes``/``on`` stay strings), compose's own ``!reset`` and ``!override``
tags kept as :class:`Reset` / :class:`Override` wrappers for the merge step, and every
mapping a :class:`YamlMap` that remembers the line of each key so later errors (and
:attr:`Service.line`) can point into the file.

The document tree is composed here from the parser's event stream, iteratively, so
that the nesting depth and the number of nodes *after alias expansion* are counted
before anything can be expanded or recursed into.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml
from yaml import events as ev
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from doclint.compose.errors import ComposeError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_NODES = 100_000
DEFAULT_MAX_DEPTH = 200
"""Real compose files nest fewer than 15 levels. The loader's later walks (interpolation,
merging) recurse, and 200 levels keep them far from Python's recursion limit."""

_YAML = "tag:yaml.org,2002:"
RESET_TAG = "!reset"
OVERRIDE_TAG = "!override"

# The tags a value may carry explicitly. Anything else (``!!python/object``, ``!Ref``,
# ``!!timestamp``) is refused before construction, so no constructor ever sees it.
_STANDARD_TAGS = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)

# YAML 1.2 core schema, as compose's yaml.v3 resolves plain scalars.
# (tag, pattern, the characters a matching scalar can start with; "" for the empty one)
_IMPLICIT: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", tuple("tTfF")),
    ("int", r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$", tuple("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        tuple("-+.0123456789"),
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ("~", "n", "N", "")),
    ("merge", r"^(?:<<)$", ("<",)),
)


class YamlMap(dict[Any, Any]):
    """A mapping that knows the 1-based line where it starts and where each key is."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """The line of ``key`` (the mapping's own line for a key added after loading)."""
        return self.key_lines.get(key, self.line)

    def set(self, key: Any, value: Any, line: int) -> None:
        """Stores ``value`` under ``key``, written at ``line``."""
        self[key] = value
        self.key_lines[key] = line

    def discard(self, key: Any) -> None:
        self.pop(key, None)
        self.key_lines.pop(key, None)

    def clone(self) -> YamlMap:
        """A shallow copy that keeps the lines."""
        copy = YamlMap(self.line)
        copy.update(self)
        copy.key_lines.update(self.key_lines)
        return copy


@dataclass
class MergeTag:
    """A value tagged by compose for the merge of several files (``!reset``/``!override``).

    The tagged value is kept so that a lone file still has it; what the tag changes is
    how a later file combines with an earlier one.
    """

    value: Any
    line: int


@dataclass
class Reset(MergeTag):
    """``!reset``: remove the attribute that earlier files set."""


@dataclass
class Override(MergeTag):
    """``!override``: replace the earlier value instead of merging into it."""


_MERGE_TAGS: dict[str, type[MergeTag]] = {RESET_TAG: Reset, OVERRIDE_TAG: Override}
_N = TypeVar("_N", bound=Node)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from costing more than a normal one."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_nodes: int = DEFAULT_MAX_NODES
    """Nodes after alias expansion: what a full walk of the data would visit."""
    max_depth: int = DEFAULT_MAX_DEPTH


DEFAULT_LIMITS = Limits()


class _Resolver(BaseResolver):
    """Resolves plain scalars with the YAML 1.2 core schema (see :data:`_IMPLICIT`)."""


for _name, _regexp, _first in _IMPLICIT:
    _Resolver.add_implicit_resolver(_YAML + _name, re.compile(_regexp), list(_first))


class _Constructor(SafeConstructor, _Resolver):
    """Builds Python values from composed nodes; mappings become :class:`YamlMap`."""

    def __init__(self, tagged: dict[Node, type[MergeTag]]) -> None:
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.tagged = tagged

    def resolve_tag(self, kind: type[Node], value: str | None, implicit: Any) -> str:
        """The tag YAML 1.2 gives an untagged node (typed wrapper of ``resolve``)."""
        return str(self.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        value = super().construct_object(node, deep)
        wrapper = self.tagged.get(node)
        return value if wrapper is None else wrapper(value, node.start_mark.line + 1)

    def construct_yaml_map(self, node: Node) -> Iterator[YamlMap]:  # type: ignore[override]
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        data = YamlMap(node.start_mark.line + 1)
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None, None, "a mapping key must be a scalar", key_node.start_mark
                ) from None
            data.set(key, self.construct_object(value_node), key_node.start_mark.line + 1)


# (The stubs bound add_constructor to PyYAML's own loader classes.)
_Constructor.add_constructor(
    _YAML + "map",
    _Constructor.construct_yaml_map,  # type: ignore[type-var]
)


@dataclass
class _Open:
    """A collection being composed, with the expanded size of what it holds so far."""

    node: CollectionNode
    anchor: str | None
    size: int = 1
    key: Node | None = None


@dataclass
class _Composer:
    """Turns parser events into nodes without recursion, enforcing :class:`Limits`.

    Every node counts once where it is written and an alias counts the full size of
    what it refers to, so ``total`` is what a complete walk of the data would visit;
    a bomb is stopped as soon as that exceeds ``max_nodes``, although the nodes
    themselves are shared and cheap.
    """

    path: Path
    events: Iterator[ev.Event]
    limits: Limits
    resolver: _Constructor
    tagged: dict[Node, type[MergeTag]]
    total: int = 0
    anchors: dict[str, tuple[Node, int]] = field(default_factory=dict)

    def documents(self) -> Iterator[Node]:
        for event in self.events:
            if isinstance(event, ev.DocumentStartEvent):
                self.anchors = {}
                yield self._document()

    def _document(self) -> Node:
        stack: list[_Open] = []
        for event in self.events:
            done = self._event(event, stack)
            if done is None:
                continue
            if not stack:
                return done[0]
            _attach(stack[-1], *done)
        raise ComposeError(self.path, None, "invalid YAML: the stream ends inside a document")

    def _event(self, event: ev.Event, stack: list[_Open]) -> tuple[Node, int] | None:
        """Handles one event; returns a finished node and its expanded size."""
        if isinstance(event, ev.AliasEvent):
            return self._alias(event, stack)
        if isinstance(event, ev.ScalarEvent):
            self._count(1, event)
            return self._finish(self._scalar(event), event.anchor, 1)
        if isinstance(event, ev.CollectionStartEvent):
            self._open(event, stack)
            return None
        if isinstance(event, ev.CollectionEndEvent):
            frame = stack.pop()
            frame.node.end_mark = event.end_mark
            if isinstance(frame.node, MappingNode):
                self._check_duplicate_keys(frame.node)
            return self._finish(frame.node, frame.anchor, frame.size)
        return None

    def _scalar(self, event: ev.ScalarEvent) -> ScalarNode:
        tag = self._explicit_tag(event, event.tag, ScalarNode, event.value)
        if tag is None:
            tag = self.resolver.resolve_tag(ScalarNode, event.value, event.implicit)
        elif tag != _YAML + "str" and tag != self.resolver.resolve_tag(
            ScalarNode, event.value, (True, False)
        ):
            self._refuse(event, f"{event.value!r} is not a valid {_short(tag)}")
        start: Any = event.start_mark
        end: Any = event.end_mark
        return self._remember_merge_tag(
            event.tag, ScalarNode(tag, event.value, start, end, event.style)
        )

    def _open(self, event: ev.CollectionStartEvent, stack: list[_Open]) -> None:
        if len(stack) >= self.limits.max_depth:
            self._refuse(event, f"nested deeper than {self.limits.max_depth} levels")
        self._count(1, event)
        kind: type[CollectionNode] = (
            MappingNode if isinstance(event, ev.MappingStartEvent) else SequenceNode
        )
        tag = self._explicit_tag(event, event.tag, kind, None)
        if tag is None:
            tag = self.resolver.resolve_tag(kind, None, event.implicit)
        start: Any = event.start_mark
        node = kind(tag, [], start, None, event.flow_style)
        stack.append(_Open(self._remember_merge_tag(event.tag, node), event.anchor))

    def _remember_merge_tag(self, tag: str | None, node: _N) -> _N:
        """Notes a ``!reset``/``!override`` node so the constructor wraps its value."""
        wrapper = _MERGE_TAGS.get(tag or "")
        if wrapper is not None:
            self.tagged[node] = wrapper
        return node

    def _explicit_tag(
        self, event: ev.NodeEvent, tag: str | None, kind: type[Node], value: str | None
    ) -> str | None:
        """The node's tag when the event gives one; ``None`` when it is to be resolved.

        A compose tag is remembered for the constructor and the value beneath it is
        then read as if untagged; any tag compose does not know is refused here.
        """
        if tag is None or tag == "!":
            return None
        if tag in _MERGE_TAGS:
            # Plain style is None from PyYAML's parser and "" from libyaml's.
            quoted = isinstance(event, ev.ScalarEvent) and bool(event.style)
            return self.resolver.resolve_tag(kind, value, (not quoted, quoted))
        if tag not in _STANDARD_TAGS:
            self._refuse(
                event,
                f"unsupported YAML tag {_short(tag)} (compose accepts only !reset and !override)",
            )
        return tag

    def _alias(self, event: ev.AliasEvent, stack: list[_Open]) -> tuple[Node, int]:
        anchor = event.anchor or ""
        if anchor not in self.anchors:
            if any(frame.anchor == anchor for frame in stack):
                self._refuse(event, f"the alias *{anchor} is inside the node it refers to")
            self._refuse(event, f"found undefined alias *{anchor}")
        node, size = self.anchors[anchor]
        self._count(size, event)
        return node, size

    def _finish(self, node: Node, anchor: str | None, size: int) -> tuple[Node, int]:
        if anchor is not None:
            self.anchors[anchor] = (node, size)
        return node, size

    def _count(self, size: int, event: ev.Event) -> None:
        self.total += size
        if self.total > self.limits.max_nodes:
            self._refuse(
                event,
                f"more than {self.limits.max_nodes:,} YAML nodes once aliases are expanded"
                " (an alias bomb?)",
            )

    def _check_duplicate_keys(self, node: MappingNode) -> None:
        """Refuses a key written twice in one mapping, as compose does.

        Runs before any ``<<`` merge is flattened into the mapping: a merged key may be
        repeated, the mapping's own value then wins.
        """
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _YAML + "merge":
                continue
            first = seen.setdefault(key_node.value, key_node.start_mark.line + 1)
            if first != key_node.start_mark.line + 1:
                raise ComposeError(
                    self.path,
                    key_node.start_mark.line + 1,
                    f"invalid YAML: mapping key {key_node.value!r} already defined at line {first}",
                )

    def _refuse(self, event: ev.Event, problem: str) -> NoReturn:
        mark = event.start_mark
        if mark is None:
            raise ComposeError(self.path, None, f"invalid YAML: {problem}")
        raise ComposeError(
            self.path,
            mark.line + 1,
            f"invalid YAML: {problem} (line {mark.line + 1}, column {mark.column + 1})",
        )


def _attach(parent: _Open, node: Node, size: int) -> None:
    parent.size += size
    if isinstance(parent.node, SequenceNode):
        parent.node.value.append(node)
    elif parent.key is None:
        parent.key = node
    else:
        parent.node.value.append((parent.key, node))
        parent.key = None


def _short(tag: str) -> str:
    return tag.replace(_YAML, "!!")


def load_yaml(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Any]:
    """Every document of the YAML file at ``path`` (``[]`` for an empty file)."""
    return parse_yaml(read_text(path, limits.max_bytes), path, limits)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The UTF-8 text of a regular file no larger than ``max_bytes``."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ComposeError(path, None, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ComposeError(path, None, "is not a regular file")
        if info.st_size > max_bytes:
            raise ComposeError(path, None, _too_large(max_bytes))
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else None
        raise ComposeError(path, None, f"cannot read: {reason or error}") from None
    if len(data) > max_bytes:
        raise ComposeError(path, None, _too_large(max_bytes))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ComposeError(
            path, line, f"not UTF-8 text (byte 0x{data[error.start]:02x} at line {line})"
        ) from None


def _too_large(max_bytes: int) -> str:
    return f"larger than {max_bytes:,} bytes; not read"


def parse_yaml(text: str, path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Any]:
    """Every document of ``text``; ``path`` only names the file in errors."""
    tagged: dict[Node, type[MergeTag]] = {}
    constructor = _Constructor(tagged)
    composer = _Composer(path, yaml.parse(text, Loader=_EVENT_LOADER), limits, constructor, tagged)
    try:
        return [constructor.construct_document(node) for node in composer.documents()]
    except yaml.MarkedYAMLError as error:
        raise _marked_error(path, error) from None
    except yaml.YAMLError as error:
        raise ComposeError(path, None, f"invalid YAML: {error}") from None
    except RecursionError:
        raise ComposeError(path, None, "YAML nested too deeply to read") from None
    except ValueError as error:  # an integer longer than Python converts
        raise ComposeError(path, None, f"invalid YAML: {error}") from None


def _marked_error(path: Path, error: yaml.MarkedYAMLError) -> ComposeError:
    """Keeps PyYAML's own words for the problem and adds where it is."""
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    if mark is None:
        return ComposeError(path, None, f"invalid YAML: {problem}")
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    context = ""
    if error.context and error.context_mark and error.problem:
        context = f"; {error.context} at line {error.context_mark.line + 1}"
    return ComposeError(path, mark.line + 1, f"invalid YAML: {problem} ({where}){context}")


_EVENT_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""Only its parser is used (libyaml's when present, for speed): composing and
constructing are done here."""
