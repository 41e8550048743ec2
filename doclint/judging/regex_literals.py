"""Strings that every match of a regex contains: a cheap test before the search.

Python's ``re`` finds a pattern that begins with a literal quickly, but one that
begins with an alternation or a character class (``(?:UPDATE|CHANGE|...) THIS``,
``(?:TODO|FIXME|XXX)``) is tried at every position that could start it: in English
text, at every capital letter. Most documents hold none of the words such a pattern
needs, and ``str.__contains__`` rules a word out at memory speed. So each pattern's
parse tree is read once for a set of strings at least one of which lies inside any
match; a document that contains none of them is not searched at all.

The reading is conservative: anything it does not know (classes of more than a few
characters, repeats that may match nothing, back-references, flags set inside the
pattern) only shortens or drops the set, never makes it wrong, and a pattern it cannot
read (a parser from another Python version) gets no set and is always searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

try:  # the parser ``re.compile`` uses; private, hence the fallback below
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse as _sre_parse

MIN_LENGTH = 3
"""Shorter strings are in most documents: testing for them would save nothing."""
_MAX_STRINGS = 16
"""Bigger sets cost more to test than the search they would avoid."""
_MAX_CLASS = 4
"""A class of up to this many characters is read as that many literal alternatives."""

_Strings = frozenset[str]


class _Info:
    """What a piece of a pattern is known to match.

    ``exact``: every string it can match, when that is a small set; ``required``: a set
    one of whose members lies inside any match, or None."""

    __slots__ = ("exact", "required")

    def __init__(self, exact: _Strings | None, required: _Strings | None = None) -> None:
        self.exact = exact
        self.required = exact if required is None else required


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}))


def required_literals(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which is in any match of ``regex``, sorted; None when no set
    worth testing is known (then the regex must always be searched)."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        parsed = list(_sre_parse.parse(regex.pattern, regex.flags))
        found = _sequence(parsed)
    except Exception:  # an unknown parser shape: no prefilter, and no error either
        return None
    leading = next((i for i, (op, _) in enumerate(parsed) if str(op) != "LITERAL"), len(parsed))
    if leading >= MIN_LENGTH:
        return None  # ``re`` looks for a literal prefix at least as fast
    return _worth_testing(found.required)


def _worth_testing(strings: _Strings | None) -> tuple[str, ...] | None:
    if not strings or len(strings) > _MAX_STRINGS or min(map(len, strings)) < MIN_LENGTH:
        return None
    return tuple(_shared_prefixes(sorted(strings)))


def _shared_prefixes(strings: list[str]) -> list[str]:
    """Sorted strings with neighbours that share a prefix of ``MIN_LENGTH`` or more
    replaced by it (``UPDATE ME``, ``UPDATE THIS`` → ``UPDATE ``): a string that holds
    a match's required string holds its prefix too, and each string costs a scan."""
    merged: list[str] = []
    for text in strings:
        if merged:
            pairs = enumerate(zip(merged[-1], text, strict=False))
            shared = next((i for i, (a, b) in pairs if a != b), min(len(merged[-1]), len(text)))
            if shared >= MIN_LENGTH:
                merged[-1] = text[:shared]
                continue
        merged.append(text)
    return merged


def _sequence(items: Iterable[tuple[Any, Any]]) -> _Info:
    """A concatenation: exact strings are joined while every piece is exact; the best
    set met along the way is what the whole requires."""
    current: _Strings | None = frozenset({""})
    candidates: list[_Strings] = []
    broken = False
    for op, argument in items:
        info = _item(str(op), argument)
        if current is not None and info.exact is not None:
            joined = frozenset(a + b for a in current for b in info.exact)
            if len(joined) <= _MAX_STRINGS:
                current = joined
                continue
        broken = True
        if current is not None:
            candidates.append(current)
        if info.required is not None:
            candidates.append(info.required)
        current = info.exact
    if current is not None:
        candidates.append(current)
    required = max(candidates, key=_strength, default=None)
    return _Info(None if broken else current, required)


def _strength(strings: _Strings) -> tuple[int, int]:
    """Longer shortest member first, then fewer members."""
    return (min(map(len, strings)) if strings else 0, -len(strings))


def _item(op: str, argument: Any) -> _Info:
    if op == "LITERAL":
        return _Info(frozenset({chr(argument)}))
    if op == "IN":
        return _class(argument)
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return _EMPTY  # zero width: nothing is added to the match
    if op == "SUBPATTERN":
        _, add_flags, del_flags, pattern = argument
        if (add_flags | del_flags) & re.IGNORECASE:
            return _UNKNOWN
        return _sequence(pattern)
    if op == "ATOMIC_GROUP":
        return _sequence(argument)
    if op == "BRANCH":
        return _branch(argument[1])
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _repeat(*argument)
    return _UNKNOWN  # any character, categories, back-references...


def _class(items: list[tuple[Any, Any]]) -> _Info:
    """``[abc]`` as the alternatives ``a``, ``b``, ``c`` when it is that small."""
    characters: set[str] = set()
    for op, argument in items:
        if str(op) == "LITERAL":
            characters.add(chr(argument))
        elif str(op) == "RANGE" and argument[1] - argument[0] < _MAX_CLASS:
            characters.update(map(chr, range(argument[0], argument[1] + 1)))
        else:
            return _UNKNOWN  # negated, a category, a wide range
    return _Info(frozenset(characters)) if len(characters) <= _MAX_CLASS else _UNKNOWN


def _branch(alternatives: list[Any]) -> _Info:
    """Either of several patterns: the union of what each is known to require."""
    infos = [_sequence(alternative) for alternative in alternatives]
    exact: _Strings | None = frozenset()
    required: _Strings | None = frozenset()
    for info in infos:
        exact = None if exact is None or info.exact is None else exact | info.exact
        required = None if required is None or info.required is None else required | info.required
    if exact is not None and len(exact) > _MAX_STRINGS:
        exact = None
    return _Info(exact, required)


def _repeat(low: int, high: int, pattern: Any) -> _Info:
    """A repeat requires what its pattern does when it must match at least once."""
    inner = _sequence(pattern)
    if low == high == 1:
        return inner
    if low == high and inner.exact is not None and len(inner.exact) == 1:
        (text,) = inner.exact
        return _Info(frozenset({text * low}))
    return _Info(None, inner.required if low >= 1 else None)
