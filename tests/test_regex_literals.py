"""Every match of a pattern contains one of its required literals, so skipping texts
without any never hides a finding (``doclint.judging.regex_literals``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.judging.regex_literals import required_literals

REPO = Path(__file__).resolve().parent.parent


def _builtin_patterns() -> list[re.Pattern[str]]:
    patterns = []
    for path in sorted((REPO / "rules").glob("*.yaml")):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in (rule.get("options") or {}).get("patterns", []):
            flags = re.MULTILINE | (re.IGNORECASE if entry.get("ignore_case") else 0)
            patterns.append(re.compile(entry["regex"], flags))
    return patterns


HANDMADE = [
    r"abc", r"a(b|c)d", r"(?:TODO|FIXME):", r"x{3}yz", r"[A-Z]+ HERE", r"(?i:abc)def",
    r"a*bcd", r"(?:ab|cd)+ef", r"(?:abc)?def", r"(?>abc|abd)x", r"[ab]{2}cde", r"[a-c]dd",
    r"(a)bc\1", r"(?:xyz|)abc", r"abc|abd|xyz", r"q(?=abc)r", r"(?<=abc)def", r"\bword\b",
    r"(?:ab){2,3}c", r"a.b.c", r"[^x]abc", r"[^xy]abc", r"[\dx]yz", r"[a-z]bcd",
    r"(?:[^ab]|c)de", r"(?:UPDATE|CHANGE) (?:THIS|ME)",
]  # fmt: skip
PATTERNS = [*_builtin_patterns(), *(re.compile(p) for p in HANDMADE)]
PIECES = [
    "a", "b", "c", "d", "e", "f", "x", "y", "z", "q", "r", " ", "\n", ":", "_", "____", "[",
    "]", "<", ">", "-", "!", "=", "'", "`", "/", "TODO", "TBD", "FIXME", "XXX", "CHANGE",
    "REPLACE", "UPDATE", "FILL", "INSERT", "THIS", "ME", "IN", "HERE", "ab", "abc", "word",
    "Your", "YOUR", "your", "Name", "Phone Number", "CHANGEME", "A", "Z",
]  # fmt: skip


def test_builtin_patterns_that_start_with_an_alternation_get_literals() -> None:
    by_literals = {required_literals(pattern) for pattern in _builtin_patterns()}
    assert ("FIXME", "TBD", "TODO", "XXX") in by_literals
    assert ("CHANGE", "REPLACE") in by_literals


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:TODO|FIXME):", ("FIXME:", "TODO:")),
        (r"(?:UPDATE|CHANGE) (?:THIS|ME)", ("CHANGE ", "UPDATE ")),
        (r"a*bcd", ("bcd",)),
        (r"(?:abc)?def", ("def",)),
        (r"abc", None),  # a literal prefix: re searches it as fast
        (r"a.b.c", None),  # nothing three characters long
        (r"(?i)todo", None),  # case-insensitive
        (r"abc|x", None),
    ],
)
def test_literals(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert required_literals(re.compile(pattern)) == expected


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_holds_a_literal(pattern: re.Pattern[str], data: st.DataObject) -> None:
    """Texts made of the pattern's own characters, words and literals, and common
    pieces."""
    literals = required_literals(pattern)
    if literals is None:
        return
    words = re.split(r"[\\()?:*+|\[\]{}^$.!<=>#\s]+", pattern.pattern)
    own = sorted({*pattern.pattern, *words, *literals, *(literal[:-1] for literal in literals)})
    text = data.draw(st.lists(st.sampled_from([*own, *PIECES]), max_size=16).map("".join))
    for match in pattern.finditer(text):
        assert any(literal in match.group() for literal in literals), (match, literals)
